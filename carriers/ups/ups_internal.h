/**
 * @file ups_internal.h
 * Shared between the UPS adapter's files: ups.c (adapter, status mapping, times, errors),
 * ups_json.c (Track API v1) and ups_xml.c (legacy Tracking XML). Both parsers reduce a carrier
 * record to the plain strings below and let ups.c build the normalized event from them, so
 * the two formats follow one set of rules.
 */
#ifndef PC_CARRIER_UPS_INTERNAL_H
#define PC_CARRIER_UPS_INTERNAL_H

#include <parcelcast/adapter.h>
#include <parcelcast/model.h>
#include <parcelcast/normalize.h>

/** The adapter's home zone, used only when neither the event nor the shipment tells. */
#define PC__UPS_DEFAULT_ZONE "America/New_York"

/**
 * One activity (scan) as the carrier gave it. Every pointer may be NULL (absent) and points
 * into the parsed document, valid while the parser runs; nothing here is owned.
 */
typedef struct pc__ups_activity {
    const char *date;        /**< "YYYYMMDD", local */
    const char *time;        /**< "HHMMSS" (Mail Innovations: "HHMM"), local */
    const char *gmt_date;    /**< "YYYYMMDD" (JSON only) */
    const char *gmt_time;    /**< "HH:MM:SS" or "HHMMSS" (JSON only) */
    const char *gmt_offset;  /**< "+08:00" (JSON only) */
    const char *type;        /**< activity type: I, D, X, P, M, MV, U, DO, DD, W, NA */
    const char *code;        /**< two-letter scan / exception / delivery code ("AR", "KB") */
    const char *status_code; /**< three-digit status code ("005"; JSON only) */
    const char *description;
    const char *city;
    const char *region;
    const char *postal;
    const char *country;
    const char *spot_code; /**< delivered-to spot (XML ActivityLocation/Code: "MQ" = porch) */
    const char *signed_by; /**< XML ActivityLocation/SignedForByName */
} pc__ups_activity;

/** Per-package context for pc__ups_add_activity. */
typedef struct pc__ups_package {
    pc_shipment *shipment;   /**< origin/destination already set */
    int mail_innovations;    /**< a Mail Innovations parcel: its own code list comes first */
    const char *received_by; /**< JSON deliveryInformation.receivedBy (signature name) */
} pc__ups_package;

/**
 * Check a carrier string against limits->max_string.
 * @param what the field's path for the diagnostic ("trackResponse.shipment[0]...city").
 * @return 0, PC_ELIMIT with diag set.
 */
int pc__ups_check_len(const char *s, const pc_parse_limits *lim, const char *what, pc_diag *diag);

/**
 * Set a location from carrier strings: trimmed, country turned into ISO alpha-2 (NULL when
 * unknown), runs of blanks in the postal code collapsed and US ZIP+4 written "12345-6789".
 * @return 0, PC_ENOMEM.
 */
int pc__ups_set_location(pc_location *loc, const char *city, const char *region, const char *postal,
                         const char *country);

/**
 * Append the normalized event for one activity to pkg->shipment: status from the code tables,
 * time in UTC from the gmt fields or the local time resolved by location, description cleaned.
 * Sets the shipment's signed_by from a delivered activity that carries one.
 * @param path the activity's path for diagnostics ("...activity[3]").
 * @return 0, PC_EMALFORMED (date/time missing or invalid, or no zone to resolve it),
 *         PC_ELIMIT, PC_ENOMEM; diag set.
 */
int pc__ups_add_activity(const pc__ups_package *pkg, const pc__ups_activity *a,
                         const pc_parse_limits *lim, const char *path, pc_diag *diag);

/**
 * Set s->carrier_eta from a local delivery date ("YYYYMMDD") and an optional time ("HHMMSS" or
 * "HHMM"; absent = end of day 23:59), resolved in the destination's zone; without a destination
 * (archived XML has no ShipTo) in the zone of the newest scan; UPS's home zone for a US or
 * unknown place. Call after the events are added. An estimate that cannot be read or placed is
 * dropped, not an error: it is the carrier's guess, not part of the record.
 */
void pc__ups_set_eta(pc_shipment *s, const char *date, const char *time);

/**
 * Record a carrier error. The kind comes from the code (TW0001 / 151044 / 155002 not found,
 * TV1002 / 150022 invalid number, 250002-250005 / 10401 auth, 10429 rate limited, others
 * carrier_error).
 * @param number NULL for errors about the whole request.
 * @return 0, PC_ENOMEM.
 */
int pc__ups_add_error(pc_parse_result *out, const char *number, const char *code,
                      const char *message);

/** Map (type, code, statusCode) to a status; see ups.c for the rules. */
void pc__ups_map_status(const char *type, const char *code, const char *status_code,
                        const char *description, int mail_innovations, pc_status *ret_status,
                        const char **ret_substatus);

/** The two body parsers; same contract as pc_adapter.parse. */
int pc__ups_parse_json(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag);
int pc__ups_parse_xml(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag);

/**
 * pc_adapter.render for the Track API v1 (JSON; PC_FORMAT_XML is PC_EUNSUPPORTED). Not found
 * is HTTP 200 with a TW0001 warning; invalid number 400, auth 401, rate limit 429 and other
 * request-wide errors 500, each alone as response.errors.
 */
int pc__ups_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                   size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                   int *ret_http_status);

/**
 * pc_adapter.parse_push: a UPS Track Alert webhook message (ups_push.c), one JSON object per
 * event, or an array of them. Wrongly typed fields are PC_EMALFORMED naming the field.
 */
int pc__ups_parse_push(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag);

/** pc_adapter.parse_request: the number in GET .../api/track/v1/details/{number}. */
int pc__ups_parse_request(const char *method, const char *path_and_query, const char *body,
                          size_t body_len, char ***ret_numbers, size_t *ret_n);

#endif
