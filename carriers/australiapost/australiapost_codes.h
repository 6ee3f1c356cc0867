/*
 * Australia Post status tables, shared with tests/unit/test_codes_australiapost.c.
 *
 * Australia Post events carry no code, only a free-text description, so an event's status comes
 * from an ordered keyword table (first match wins) over the description. The item/consignment
 * `status` field is a published enumeration ("Delivered", "Awaiting collection"...,
 * tests/carriers/australiapost/codes.list) with its own table; it is the fallback for the newest
 * event when no keyword matches.
 */
#ifndef PC_CARRIER_AUSTRALIAPOST_CODES_H
#define PC_CARRIER_AUSTRALIAPOST_CODES_H

#include <parcelcast/adapter.h>
#include <parcelcast/normalize.h>

#include <stddef.h>

/** Item / consignment `status` values, sorted by code (as Australia Post spells them). */
extern const pc_code_map pc__australiapost_statuses[];
extern const size_t pc__australiapost_statuses_len;

/**
 * Description keywords, lower case, in priority order: the first keyword found anywhere in the
 * description (ASCII case-insensitive) decides. Not sorted.
 */
extern const pc_code_map pc__australiapost_keywords[];
extern const size_t pc__australiapost_keywords_len;

/** The keyword row for a description (static storage), or NULL when no keyword matches. */
const pc_code_map *pc__australiapost_classify(const char *description);

/** The row (static storage) for a `status` value, exact then ASCII case-insensitive, or NULL. */
const pc_code_map *pc__australiapost_find_status(const char *status);

/** Error codes (per tracking id and whole request). */
typedef struct pc__australiapost_error {
    const char *code;
    pc_track_error_kind kind;
} pc__australiapost_error;

extern const pc__australiapost_error pc__australiapost_errors[];
extern const size_t pc__australiapost_errors_len;

#endif
