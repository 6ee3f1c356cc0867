/*
 * GLS status tables, shared with tests/unit/test_codes_gls.c.
 *
 * Two code families:
 * - parcel status (ParcelDTO.status of the track-and-trace-v1 OpenAPI spec): PLANNEDPICKUP ...
 *   FINAL, the full published enum (tests/carriers/gls/codes.list);
 * - event codes "FAMILY.DETAIL" ("INTIAL.NORMAL", sic). GLS serves the list only through the
 *   authenticated /tracking/events/codes endpoint, so the table holds the codes seen in the spec
 *   and in public integrations (tests/carriers/gls/event_codes.list); any other code falls back
 *   on its family (the part before the dot), then on the parcel status.
 */
#ifndef PC_CARRIER_GLS_CODES_H
#define PC_CARRIER_GLS_CODES_H

#include <parcelcast/adapter.h>
#include <parcelcast/normalize.h>

#include <stddef.h>

/** Parcel status values, sorted by code. */
extern const pc_code_map pc__gls_status_codes[];
extern const size_t pc__gls_status_codes_len;

/** Event codes, sorted by code. */
extern const pc_code_map pc__gls_event_codes[];
extern const size_t pc__gls_event_codes_len;

/** Event code families (the part before the dot), sorted; fallback for unknown event codes. */
extern const pc_code_map pc__gls_event_families[];
extern const size_t pc__gls_event_families_len;

/** Per-parcel errorCode values. */
typedef struct pc__gls_error {
    const char *code;
    pc_track_error_kind kind;
} pc__gls_error;

extern const pc__gls_error pc__gls_errors[];
extern const size_t pc__gls_errors_len;

#endif
