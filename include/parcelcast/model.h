/**
 * @file model.h
 * The normalized model: shipments, events, locations and the status taxonomy (DESIGN.md).
 *
 * Ownership: every char* inside these structs is owned by the struct that holds it (malloc'd,
 * NUL-terminated) and freed by pc_shipment_done()/pc_shipment_free(). NULL means "absent" and is
 * serialized as JSON null; empty strings are never stored (setters turn "" into NULL).
 *
 * Times are int64 seconds since the Unix epoch, UTC. PC_TIME_NONE marks an absent time. The
 * local offset the carrier gave (or that was resolved from the location) is kept in minutes east
 * of UTC; PC_OFFSET_NONE marks "unknown".
 */
#ifndef PARCELCAST_MODEL_H
#define PARCELCAST_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PC_TIME_NONE   INT64_MIN
#define PC_OFFSET_NONE INT16_MIN

/* X(enum suffix, JSON name). Order is stable: it is stored on disk. */
#define PC_STATUS_MAP(X)                                                                           \
    X(PENDING, "pending")                                                                          \
    X(INFO_RECEIVED, "info_received")                                                              \
    X(IN_TRANSIT, "in_transit")                                                                    \
    X(OUT_FOR_DELIVERY, "out_for_delivery")                                                        \
    X(FAILED_ATTEMPT, "failed_attempt")                                                            \
    X(AVAILABLE_FOR_PICKUP, "available_for_pickup")                                                \
    X(DELIVERED, "delivered")                                                                      \
    X(EXCEPTION, "exception")                                                                      \
    X(RETURNED, "returned")                                                                        \
    X(EXPIRED, "expired")

typedef enum pc_status {
#define PC__STATUS_ENUM(e, s) PC_STATUS_##e,
    PC_STATUS_MAP(PC__STATUS_ENUM)
#undef PC__STATUS_ENUM
        PC_STATUS__COUNT
} pc_status;

/** Lower-case name of a status ("in_transit"); "unknown" for values out of range. Static. */
const char *pc_status_name(pc_status st);

/**
 * Parse a status name.
 * @return 0 and *ret_status, or PC_EINVAL for an unknown name.
 */
int pc_status_parse(const char *name, pc_status *ret_status);

/** True for statuses after which a shipment is no longer polled (delivered, returned, expired). */
bool pc_status_is_final(pc_status st);

typedef struct pc_location {
    char *city;
    char *region; /**< state / province / region code or name */
    char *postal_code;
    char *country; /**< ISO 3166-1 alpha-2, upper case */
} pc_location;

typedef struct pc_event {
    int64_t time;       /**< UTC seconds; never PC_TIME_NONE in a normalized shipment */
    int16_t utc_offset; /**< minutes east of UTC, or PC_OFFSET_NONE */
    pc_status status;
    char *substatus; /**< e.g. "delivered.signed", may be NULL */
    char *code;      /**< the carrier's own code, verbatim (leading zeros kept) */
    char *description;
    pc_location location;
} pc_event;

typedef struct pc_customer {
    char *name;
    char *email;
} pc_customer;

typedef struct pc_shipment {
    /* carrier data */
    char *carrier;
    char *tracking_number;
    pc_status status;
    char *substatus;
    char *service;
    int64_t carrier_eta;
    char *signed_by;
    pc_location origin;
    pc_location destination;
    pc_event *events;
    size_t n_events;
    size_t cap_events;
    /* merchant data (set through the API, never by adapters) */
    uint32_t tenant_id; /**< 0 = none */
    int64_t promised_by;
    char *order_id;
    pc_customer customer;
    char *metadata_json; /**< a JSON object as text, or NULL */
    int64_t created_at;
    int64_t updated_at;
} pc_shipment;

/** Initialize an empty shipment (all times PC_TIME_NONE, status pending). Never fails. */
void pc_shipment_init(pc_shipment *s);

/** Free the contents of a shipment (not the struct itself). Accepts NULL and half-built ones. */
void pc_shipment_done(pc_shipment *s);

/** pc_shipment_done() then free(s). Accepts NULL. */
void pc_shipment_free(pc_shipment *s);

/** Free the contents of a location / event. Accept NULL. */
void pc_location_done(pc_location *loc);
void pc_event_done(pc_event *ev);

/**
 * Append a zeroed event (time PC_TIME_NONE, offset PC_OFFSET_NONE, status in_transit).
 * @param max_events limit on the number of events; 0 means no limit.
 * @return 0 and *ret_event (valid until the next append), PC_ELIMIT, PC_ENOMEM.
 */
int pc_shipment_add_event(pc_shipment *s, size_t max_events, pc_event **ret_event);

/**
 * Replace *field with a copy of the first len bytes of value (len = (size_t)-1: up to NUL).
 * Leading/trailing white space is trimmed; an empty result stores NULL.
 * @return 0, PC_ENOMEM.
 */
int pc_set_str(char **field, const char *value, size_t len);

/** Deep copies. @return 0, PC_ENOMEM (dst is then empty but valid). */
int pc_location_copy(pc_location *dst, const pc_location *src);
int pc_event_copy(pc_event *dst, const pc_event *src);
int pc_shipment_copy(pc_shipment *dst, const pc_shipment *src);

/** Three-way comparison of events: time, then status, code, location, description. */
int pc_event_cmp(const pc_event *a, const pc_event *b);

/** True when two events are the same occurrence (same time, code and location). */
bool pc_event_same(const pc_event *a, const pc_event *b);

/**
 * Bring a shipment into normal form: events sorted oldest first and de-duplicated (same time,
 * code and location), countries upper-cased, the shipment's status/substatus taken from the
 * newest event (pending when there is none). Idempotent; the result does not depend on the order
 * in which events were added.
 */
void pc_shipment_normalize(pc_shipment *s);

/** True when every location field is NULL. */
bool pc_location_empty(const pc_location *loc);

#endif
