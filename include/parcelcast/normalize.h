/**
 * @file normalize.h
 * Helpers every carrier adapter uses to turn carrier text into the normalized model:
 * time-zone resolution from a location, description clean-up, country codes, status-code tables.
 * All functions are pure (no I/O besides reading the system tz database, cached) and thread-safe.
 */
#ifndef PARCELCAST_NORMALIZE_H
#define PARCELCAST_NORMALIZE_H

#include <parcelcast/model.h>
#include <parcelcast/timeutil.h>

/**
 * IANA zone for a location: country (ISO alpha-2, or a name pc_country_iso2() understands),
 * region (US state, Canadian province, Australian state, ... code or name) and postal code
 * where the region alone is not enough. NULL fields are allowed.
 * @return a static zone name such as "America/Chicago", or NULL when it cannot be told.
 */
const char *pc_tz_for_location(const char *country, const char *region, const char *postal);

/**
 * Set ev->time and ev->utc_offset from a local wall time.
 * - offset_min != PC_OFFSET_NONE: the carrier gave the offset; it is used as is.
 * - otherwise the zone comes from ev->location, else from fallback (e.g. the shipment's
 *   destination), else from default_zone (the carrier's home zone, may be NULL).
 * Call after filling ev->location.
 * @return 0, PC_ENOTFOUND when no zone could be found (ev->time is then left unchanged),
 *         PC_EINVAL for an invalid civil time.
 */
int pc_event_set_local_time(pc_event *ev, const pc_civil *local, int offset_min,
                            const pc_location *fallback, const char *default_zone);

/**
 * Set ev->time and ev->utc_offset from a local wall time in IANA zone `zone` (for callers that
 * have already resolved the zone). @return 0, PC_EINVAL for an invalid civil time,
 * PC_ENOTFOUND for a zone the tz database does not have (ev is then left unchanged).
 */
int pc_event_set_zone_time(pc_event *ev, const pc_civil *local, const char *zone);

/**
 * Clean a carrier description: decode HTML entities (named and numeric, repeatedly for
 * double-escaped text), strip tags, turn newlines/tabs into spaces, collapse runs of blanks,
 * trim. The result is valid UTF-8 (invalid bytes are dropped).
 * @param len bytes of s ((size_t)-1 = up to NUL).
 * @return a malloc'd string owned by the caller, NULL when the result is empty or on ENOMEM.
 */
char *pc_text_clean(const char *s, size_t len);

/** pc_text_clean() into *field (freeing the old value). @return 0, PC_ENOMEM. */
int pc_set_clean(char **field, const char *s, size_t len);

/**
 * ISO 3166-1 alpha-2 code for an alpha-2 code (any case), alpha-3 code ("GBR"), or an English,
 * French or German country name in any case ("UNITED STATES", "Deutschland", "Spain").
 * @return a static upper-case code, or NULL when unknown.
 */
const char *pc_country_iso2(const char *s, size_t len);

/** One row of a carrier status-code table. */
typedef struct pc_code_map {
    const char *code; /**< carrier code, compared exactly (case-sensitive) */
    pc_status status;
    const char *substatus; /**< may be NULL */
} pc_code_map;

/**
 * Find code in a table by bisection. The table MUST be sorted by code in strcmp order, without
 * duplicates (tests/support's pc_test_codes_valid checks a table).
 * @return the row, or NULL when absent.
 */
const pc_code_map *pc_code_map_find(const pc_code_map *table, size_t n, const char *code,
                                    size_t code_len);

#endif
