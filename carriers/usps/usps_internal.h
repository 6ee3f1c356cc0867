/*
 * Internals shared by the USPS adapter's sources (usps.c, usps_trackv2.c, usps_v3.c).
 * Not part of any ABI; everything here is pure and thread-safe.
 */
#ifndef PC_CARRIERS_USPS_INTERNAL_H
#define PC_CARRIERS_USPS_INTERNAL_H

#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/model.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>
#include <stdbool.h>
#include <stddef.h>

#define PC__USPS_NAME "usps"
/* USPS headquarters' zone: only used when neither the event nor the shipment tells a zone. */
#define PC__USPS_DEFAULT_ZONE "America/New_York"

/* Where a local time came from, for diagnostics ("TrackInfo[..]/TrackDetail[2]/EventDate"). */
#define PC__USPS_PATH_MAX 256

/** State of one parse call. */
typedef struct pc__usps_ctx {
    const pc_parse_limits *lim;
    pc_parse_result *out;
    pc_diag *diag;
} pc__usps_ctx;

/** A local time as read from the body, before it is resolved to UTC. */
typedef struct pc__usps_when {
    pc_civil local;
    bool has_time; /**< false: the carrier gave a date only */
} pc__usps_when;

/** A member or child element to read by name, and its trimmed text (NULL: absent or blank). */
typedef struct pc__usps_field {
    const char *name;
    const char *val; /**< the text: owned, or borrowed from the parsed tree (XML) */
    char *owned;     /**< malloc'd copy when there is one (val points to it) */
} pc__usps_field;

/** Free the texts of f[0..n) (NULL each val and owned). */
void pc__usps_fields_done(pc__usps_field *f, size_t n);

/** Parse Web Tools TrackV2 / v3 bodies (usps_trackv2.c, usps_v3.c). Same contract as parse. */
int pc__usps_parse_trackv2(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag);
int pc__usps_parse_v3(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag);

/**
 * "April 28, 2015" (full or 3-letter month, any case; "2015-04-28" also accepted) into the
 * date fields of *ret (time fields untouched). @return 0, PC_EMALFORMED.
 */
int pc__usps_parse_date(const char *s, pc_civil *ret);

/**
 * A clock time: "9:01 am", "9:01am", "12:15 PM", "9 pm", "21:00", "21:00:00", "8:00 a.m.".
 * Sets hour/minute/second of *ret. @return 0, PC_EMALFORMED.
 */
int pc__usps_parse_clock(const char *s, pc_civil *ret);

/**
 * Fill a location from carrier text (each may be NULL; already bounded by max_string when read).
 * country_raw is a country name or code ("UNITED KINGDOM", "GB"); when it is empty and any other
 * field is present the place is domestic and the country is "US" (USPS leaves the country empty
 * for domestic scans).
 * @return 0, PC_ENOMEM.
 */
int pc__usps_set_location(pc_location *loc, const char *city, const char *region,
                          const char *postal, const char *country_raw);

/**
 * Set ev->time/utc_offset from a local wall time (date-only times must have been placed by
 * pc__usps_order_date_only() first). The zone comes from the event's location, else a state in a
 * facility name ("QUEENS NY DISTRIBUTION CENTER"), else the shipment destination, else its
 * origin, else PC__USPS_DEFAULT_ZONE; offset_min (PC_OFFSET_NONE when not given) wins.
 * @return 0, PC_EMALFORMED (diag names field).
 */
int pc__usps_set_local_time(pc__usps_ctx *cx, const pc_shipment *s, pc_event *ev,
                            const pc__usps_when *when, int offset_min, const char *field, int line);

/**
 * Place date-only events: when[0..n) is newest first (as USPS sends it); every entry without a
 * time gets 12:00 local, then is moved just before the nearest newer timed event and just after
 * the nearest older timed event of the same day, so the noon default never reorders the
 * carrier's own sequence (see usps.c).
 */
void pc__usps_order_date_only(pc__usps_when *when, size_t n);

/**
 * Status, substatus and code of an event from its USPS event code.
 * @param category the summary's StatusCategory for the newest event (unknown codes become
 *        exception for "Alert", in_transit otherwise), NULL for older events.
 * @param signer the name who signed, NULL if none (delivered -> delivered.signed).
 * Call after ev->description is set (it refines delivered substatuses).
 * @return 0, PC_ENOMEM.
 */
int pc__usps_set_event_status(pc_event *ev, const char *code, const char *category,
                              const char *signer);

/**
 * carrier_eta from a date and an optional clock time, local to the destination (else origin,
 * else the default zone). A date alone means "by the end of that day": 23:59 local.
 * @param offset_min an explicit offset, PC_OFFSET_NONE when not given.
 */
void pc__usps_set_eta(pc_shipment *s, const pc_civil *local, bool has_time, int offset_min);

/** The adapter's render and parse_request (usps_render.c); contracts in adapter.h. */
int pc__usps_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                    size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                    int *ret_http_status);
int pc__usps_parse_request(const char *method, const char *path_and_query, const char *body,
                           size_t body_len, char ***ret_numbers, size_t *ret_n);

#endif
