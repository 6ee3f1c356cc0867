/* Internals shared by the predict/ modules (names pc__*). */
#ifndef PC_PREDICT_INTERNAL_H
#define PC_PREDICT_INTERNAL_H

#include <parcelcast/predict.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PC__NF     39 /* features */
#define PC__NS     4  /* coefficient sets: three stages and pooled */
#define PC__NB     18 /* calibration cells: stage (3) x predicted horizon (6); index PC__NB = all */
#define PC__NQ     101 /* stored residual quantiles */
#define PC__NDWELL 64  /* log-spaced bins of the status-dwell histograms */

/* What is known of a shipment at `now`. */
typedef struct pc__pstate {
    int64_t now;
    int64_t ordered;      /* first event (info received), PC_TIME_NONE when none */
    int64_t handoff;      /* first carrier event (status past info_received), or NONE */
    int64_t last_event;   /* newest event at or before now, or NONE */
    int64_t status_since; /* when the current status began */
    int64_t promise;      /* promised_by, or NONE */
    int64_t edd;          /* the carrier's estimate in force at now (set by the caller), or NONE */
    int64_t delivered_at; /* NONE unless delivered at or before now */
    pc_status status;     /* of the newest event (PC_STATUS_PENDING when none) */
    int n_scans;          /* events at or before now */
    int n_exceptions;     /* of them exceptions */
    int n_failed;         /* of them failed delivery attempts */
    int offset_min;       /* local offset used for hours and days (newest known, else 0) */
    const pc_event *last; /* the newest event, or NULL */
    const pc_location *dest; /* the shipment's destination */
    double lane_dev;         /* the lane's shrunken deviation in log-hours (set by the caller) */
} pc__pstate;

/* Make room for one more element in a growable array (v holding n of *cap, each elem bytes),
 * doubling from `first`. @return the array (maybe moved), or NULL on ENOMEM (v unchanged). */
void *pc__grow(void *v, size_t *cap, size_t n, size_t elem, size_t first);

/* When a delivered shipment was delivered (its newest delivered event); PC_TIME_NONE when its
 * status is not delivered or no event says so. */
int64_t pc__delivery_time(const pc_shipment *s);

/* Build the state from the events at or before now (events need not be sorted). */
void pc__pstate_build(const pc_shipment *s, int64_t now, pc__pstate *ret);

/* Feature vector of a state. */
void pc__features(const pc__pstate *ps, double x[PC__NF]);

/* Calibration cell of a prediction point: its stage (at handoff or before; in transit; final
 * mile: out for delivery, failed attempt, waiting for pickup) and its predicted horizon. */
int pc__cell(const double x[PC__NF], double hours);

/* Stage of a prediction point: 0 at handoff or before, 1 in transit, 2 final mile. */
int pc__stage(const double x[PC__NF]);

/* Median remaining hours when nothing is known (prior), by status. */
double pc__prior_hours(pc_status st);

/* Local weekday (0 = Monday) and hour of a UTC time at an offset in minutes. */
void pc__local_wd_hour(int64_t t, int offset_min, int *ret_wd, int *ret_hour);

#endif
