/**
 * @file timeutil.h
 * Civil time, RFC 3339, UTC offsets in all the spellings carriers use, and local wall time
 * resolved with the system IANA tz database. Locale independent.
 */
#ifndef PARCELCAST_TIMEUTIL_H
#define PARCELCAST_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

typedef struct pc_civil {
    int year, month, day; /**< month 1-12, day 1-31 */
    int hour, minute, second;
} pc_civil;

/** Seconds since the epoch of a civil time read as UTC (proleptic Gregorian, any year). */
int64_t pc_civil_to_unix(const pc_civil *c);

/** Civil UTC time of a Unix time. */
void pc_unix_to_civil(int64_t t, pc_civil *ret_civil);

/** True when the fields form a real date and time (leap years, 0-23h, 0-59m, 0-60s). */
int pc_civil_valid(const pc_civil *c);

/**
 * Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 32 bytes).
 * @return buf.
 */
char *pc_time_format(int64_t t, char *buf, size_t size);

/** Format an offset in minutes as "+HH:MM" / "-HH:MM" into buf (at least 8 bytes). @return buf. */
char *pc_offset_format(int offset_min, char *buf, size_t size);

/**
 * Parse a UTC offset in any spelling seen from carriers: "Z", "UTC", "GMT", "+02:00", "-7:00",
 * "+0200", " -0500", "GMT-04:00", "UTC+1", and North-American / European abbreviations
 * ("EST", "EDT", "CST", "PDT", "NST", "CET", "CEST", "BST", "AEST"...). Leading/trailing blanks
 * are ignored.
 * @param len bytes of s to read ((size_t)-1 = up to NUL).
 * @return 0 and *ret_minutes (east of UTC), PC_EMALFORMED.
 */
int pc_offset_parse(const char *s, size_t len, int *ret_minutes);

/**
 * Parse an ISO 8601 / RFC 3339 timestamp: "YYYY-MM-DD[T ]HH:MM[:SS[.fff]]" followed by an
 * optional offset (any spelling pc_offset_parse() accepts, with or without a blank before it).
 * A date alone ("YYYY-MM-DD") is midnight.
 * @param ret_offset_min set to the offset in minutes, or PC_OFFSET_NONE (model.h) if absent.
 * @return 0, PC_EMALFORMED.
 */
int pc_time_parse_iso(const char *s, pc_civil *ret_local, int *ret_offset_min);

/**
 * Parse an RFC 3339 time that must carry an offset and return UTC seconds.
 * @return 0, PC_EMALFORMED.
 */
int pc_time_parse_utc(const char *s, int64_t *ret_utc);

/**
 * Convert a local wall time in an IANA zone ("America/Chicago") to UTC, with the zone's rules
 * for that instant (DST included). Ambiguous times (the repeated hour) take the earlier
 * instant; non-existent times (the skipped hour) are moved forward by the gap.
 * Thread-safe; zone rules are cached.
 * @return 0 with *ret_utc and *ret_offset_min, PC_ENOTFOUND for an unknown zone, PC_EINVAL.
 */
int pc_tz_local_to_utc(const char *zone, const pc_civil *local, int64_t *ret_utc,
                       int *ret_offset_min);

/**
 * Offset of an IANA zone at a UTC instant.
 * @return 0 with *ret_offset_min, PC_ENOTFOUND for an unknown zone.
 */
int pc_tz_offset_at(const char *zone, int64_t utc, int *ret_offset_min);

#endif
