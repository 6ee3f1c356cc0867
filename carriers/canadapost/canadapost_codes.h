/**
 * @file canadapost_codes.h
 * Canada Post event-identifier table (internal; exposed for tests/unit/test_codes_canadapost.c).
 */
#ifndef PC_CARRIER_CANADAPOST_CODES_H
#define PC_CARRIER_CANADAPOST_CODES_H

#include <parcelcast/normalize.h>
#include <stddef.h>

/**
 * Canada Post event-identifier -> status, sorted by strcmp() order of the code (so either a
 * linear or a binary pc_code_map_find() works). Codes are kept in Canada Post's four-digit form
 * with leading zeros ("0174"); "20" is a genuine two-digit code.
 */
extern const pc_code_map pc__canadapost_codes[];
extern const size_t pc__canadapost_codes_len;

/** A Canada Post time-zone abbreviation (English or French) and its offset. */
typedef struct pc__canadapost_tz {
    const char *abbr;
    int offset_min; /**< minutes east of UTC */
} pc__canadapost_tz;

/** The 24 Canadian zone abbreviations Canada Post uses (EST/HNE, EDT/HAE, ..., NST/HNT). */
extern const pc__canadapost_tz pc__canadapost_zones[];
extern const size_t pc__canadapost_zones_len;

#endif
