/**
 * @file report.h
 * Carrier-performance reports over the store's delivered history (docs/reports.md).
 *
 * A report streams the `history` index for [day_from, day_to] (delivery day, UTC), loads each
 * shipment with its events, and accumulates per group: volume, on-time rates against the
 * merchant's promise and against the carrier's EDD, transit percentiles (hours and business
 * days), first-attempt delivery, exception and return rates by kind, facility dwell and, when a
 * model is stored, parcelcast's own ETA accuracy. Only numbers are kept per group (counters and
 * arrays of floats for percentiles), never the shipments.
 */
#ifndef PARCELCAST_REPORT_H
#define PARCELCAST_REPORT_H

#include <jansson.h>
#include <parcelcast/store.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum pc_report_by {
    PC_REPORT_BY_CARRIER = 0,
    PC_REPORT_BY_SERVICE, /**< carrier/service */
    PC_REPORT_BY_LANE,    /**< carrier/lane ("ORIGIN>DEST") */
    PC_REPORT_BY_WEEK,    /**< week of delivery (its Monday, UTC) */
    PC_REPORT_BY_COUNTRY, /**< destination country */
    PC_REPORT_BY_META,    /**< a metadata key's value (e.g. SCMS "vendor") */
} pc_report_by;

/**
 * Parse a --by value: carrier, service, lane, week, country or meta:KEY.
 * @param ret_meta_key receives a pointer into `s` (after "meta:") for PC_REPORT_BY_META.
 * @return 0, PC_EINVAL.
 */
int pc_report_by_parse(const char *s, pc_report_by *ret, const char **ret_meta_key);

/** Name of a grouping ("carrier", ...; "meta" for PC_REPORT_BY_META). Static. */
const char *pc_report_by_name(pc_report_by by);

/**
 * Parse a date "YYYY-MM-DD" into days since the epoch.
 * @return 0, PC_EINVAL.
 */
int pc_report_parse_day(const char *s, int32_t *ret_day);

typedef struct pc_report_opts {
    int32_t day_from, day_to; /**< delivery days, inclusive; INT32_MIN / INT32_MAX for all */
    pc_report_by by;
    const char *meta_key; /**< for PC_REPORT_BY_META (borrowed) */
    const char *carrier;  /**< only this carrier, or NULL */
    uint32_t tenant;      /**< only this tenant's shipments; 0 = every record */
    unsigned small_n;     /**< groups with fewer shipments are flagged "small"; 0 = 30 */
    bool no_eta;          /**< skip parcelcast's ETA accuracy even when a model is stored */
    /** Replay the ETA on a deterministic sample of about this many of the period's shipments
     *  (by a hash of the id); 0 = 20,000, SIZE_MAX = every one. */
    size_t eta_sample;
} pc_report_opts;

typedef struct pc_report pc_report;

/**
 * Build a report in the read transaction tx (one consistent snapshot).
 * @param err receives a message on failure (may be NULL).
 * @return 0 and *ret (free with pc_report_free), PC_EINVAL, PC_ENOMEM, PC_ESTORE...
 */
int pc_report_build(pc_txn *tx, const pc_report_opts *opts, pc_report **ret, char *err,
                    size_t errlen);

/** Free a report. Accepts NULL. */
void pc_report_free(pc_report *r);

/** Number of shipments the report counted: delivered or returned in the period. */
size_t pc_report_count(const pc_report *r);

/** Of them, returned to the sender. */
size_t pc_report_returned(const pc_report *r);

/** A problem the report worked around (a stored model it could not read), or NULL. */
const char *pc_report_warning(const pc_report *r);

/** The report as a JSON object (new reference; NULL on ENOMEM). */
json_t *pc_report_to_json(const pc_report *r);

/**
 * Write the groups as CSV (a header, then one row per group).
 * @return 0, PC_EIO.
 */
int pc_report_write_csv(const pc_report *r, FILE *f);

/**
 * Write one self-contained HTML page (inline CSS and SVG charts with ids chart-transit,
 * chart-ontime-week, chart-calibration, chart-dwell; tables with n beside every rate).
 * @return 0, PC_EIO.
 */
int pc_report_write_html(const pc_report *r, FILE *f);

#endif
