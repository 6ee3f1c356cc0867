/**
 * @file usps_codes.h
 * USPS code tables, shared by the adapter and tests/unit/test_codes_usps.c.
 *
 * TrackV2 <EventCode> and v3 trackingEvents[].eventCode share one code set (Pub 199 App. G-4).
 * Codes are strings compared exactly: "01" (delivered) is not "1".
 */
#ifndef PC_CARRIERS_USPS_CODES_H
#define PC_CARRIERS_USPS_CODES_H

#include <parcelcast/adapter.h>
#include <parcelcast/normalize.h>
#include <stddef.h>

/** Event code -> normalized status and substatus. Static storage. */
extern const pc_code_map pc__usps_event_codes[];
extern const size_t pc__usps_event_codes_len;

/** One row of an error-code table: the carrier's error code and the typed error it becomes. */
typedef struct pc__usps_error_map {
    const char *code;
    pc_track_error_kind kind;
} pc__usps_error_map;

/** Tracking API v3 error.errors[].code ("150002") -> error kind. */
extern const pc__usps_error_map pc__usps_v3_error_codes[];
extern const size_t pc__usps_v3_error_codes_len;

/** Web Tools TrackV2 <Error><Number> ("-2147219302", "80040B1A") -> error kind. */
extern const pc__usps_error_map pc__usps_trackv2_error_codes[];
extern const size_t pc__usps_trackv2_error_codes_len;

/**
 * Find code (exact, case-sensitive) in an error table.
 * @return the row, or NULL when absent (the caller picks a fallback kind).
 */
const pc__usps_error_map *pc__usps_error_find(const pc__usps_error_map *table, size_t n,
                                              const char *code);

#endif
