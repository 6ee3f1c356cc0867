/**
 * @file predict.h
 * Arrival-time prediction: features known at prediction time, GSL ridge regression on
 * log-remaining-hours per carrier (with a shared fallback), conformal residual quantiles per
 * carrier and horizon, the carrier's hour-of-day and weekday delivery profile, and from these
 * hour-level windows (the shortest run of hours holding 80% / 95%), a point ETA, p_late
 * against the promise, at-risk flags and reasons in words. docs/model.md is the model card.
 *
 * A model is a plain value once trained: pc_model_predict() reads it only, so any number of
 * threads may predict with one model at once.
 */
#ifndef PARCELCAST_PREDICT_H
#define PARCELCAST_PREDICT_H

#include <jansson.h>
#include <parcelcast/model.h>
#include <parcelcast/store.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pc_model pc_model;

/** The carrier's estimated delivery time `eta`, as known from `known_at` on. */
typedef struct pc_edd {
    int64_t known_at;
    int64_t eta;
} pc_edd;

/**
 * Note the carrier's estimate of a shipment (by store id) as known at `known_at`; nothing is
 * written when it equals the estimate already in force then. The poller, the importer and
 * `simulate --into-store` call it, so history can be replayed with the estimate of the moment.
 * @return 0, PC_ESTORE, PC_EMAPFULL.
 */
int pc_edd_note(pc_txn *tx, uint64_t id, int64_t known_at, int64_t eta);

/** Load a shipment's estimates, oldest first (at most max, the newest). No history: *ret_n 0.
 * @return 0, PC_ESTORE, PC_EMALFORMED. */
int pc_edd_load(pc_txn *tx, uint64_t id, pc_edd *ret, size_t max, size_t *ret_n);
#define PC_EDD_MAX 64
typedef struct pc_trainer pc_trainer;

#define PC_MODEL_BLOB  "eta.model" /**< name of the trained model in the store's models db */
#define PC_ETA_REASONS 3

/** Why a shipment is at risk (bit set in pc_eta.risk). */
enum {
    PC_RISK_LATE = 1u << 0,      /**< p_late at or above the threshold */
    PC_RISK_STALL = 1u << 1,     /**< in its status longer than the carrier's 95th percentile */
    PC_RISK_EXCEPTION = 1u << 2, /**< exception or failed attempt */
};

/** A prediction. Times are UTC seconds. */
typedef struct pc_eta {
    int64_t made_at;                   /**< the `now` it was made for */
    int64_t time;                      /**< point ETA: the median of the predictive distribution */
    int64_t w80_start, w80_end;        /**< shortest run of whole hours holding >= 80% */
    int64_t w95_start, w95_end;        /**< same for 95% */
    double p_late;                     /**< P(delivered after the promise); < 0 when no promise */
    bool at_risk;                      /**< any risk bit set */
    unsigned risk;                     /**< PC_RISK_* bits */
    bool cold;                         /**< prior or shared fallback: no model for this carrier */
    int n_reasons;                     /**< entries used in reasons[] */
    char reasons[PC_ETA_REASONS][200]; /**< the top reasons, in words */
} pc_eta;

/** Training options. Zero-initialized means the defaults noted. */
typedef struct pc_train_opts {
    double ridge;          /**< ridge strength relative to each feature's scale; 0 = 1e-3 */
    double calib_share;    /**< share of shipments held out for calibration; 0 = 0.25 */
    int64_t calib_after;   /**< 0: the held-out share is drawn at random (by number); else
                                shipments delivered from this time on are held out, so the
                                windows are calibrated on the newest data (train_store sets
                                it to the newest calib_share of deliveries) */
    size_t min_carrier;    /**< fewer training examples: the carrier uses the shared model;
                                0 = 300 */
    unsigned max_scans;    /**< prediction points per shipment beyond handoff; 0 = 4 */
    double late_threshold; /**< p_late flagging a shipment at risk; 0 = 0.5 */
} pc_train_opts;

/** What a fit did. */
typedef struct pc_train_stats {
    size_t shipments;      /**< delivered shipments used */
    size_t skipped;        /**< not delivered, or no event before delivery */
    size_t examples;       /**< prediction points in the fit set */
    size_t calib_examples; /**< prediction points in the calibration set */
    size_t carriers;       /**< carriers with a model of their own */
    double seconds;        /**< CPU seconds of the fit */
    double mae_hours;      /**< calibration set: mean absolute error of the point ETA */
    double cov80, cov95;   /**< calibration set: share of deliveries inside the windows */
} pc_train_stats;

/** A trainer collects delivered shipments (streaming: memory grows with the calibration set
 * only) and fits a model. */
int pc_trainer_new(const pc_train_opts *opts, pc_trainer **ret_trainer);
void pc_trainer_free(pc_trainer *tr);

/**
 * Lane statistics come first: note every training shipment (or, from the store's history
 * index, every lane/first-event/delivery triple) before the first pc_trainer_add(); later notes
 * are ignored. A shipment delivered at or after `cutoff` is not noted.
 * @return 0, PC_ENOMEM.
 */
int pc_trainer_note(pc_trainer *tr, const pc_shipment *s, int64_t cutoff);
int pc_trainer_note_lane(pc_trainer *tr, const char *lane, int64_t first_event, int64_t delivered);

/**
 * Add one shipment. Shipments that are not delivered are counted as skipped. Events after
 * `cutoff` are ignored (and a shipment delivered after it is skipped); PC_TIME_NONE: no cutoff.
 * @return 0, PC_ENOMEM.
 */
int pc_trainer_add(pc_trainer *tr, const pc_shipment *s, int64_t cutoff);

/** Same, with the carrier's estimates as they were known (each prediction point sees the one
 * in force then); pc_trainer_add() is this with none. */
int pc_trainer_add_edd(pc_trainer *tr, const pc_shipment *s, const pc_edd *edd, size_t n_edd,
                       int64_t cutoff);

/**
 * Fit. The trainer may be freed afterwards.
 * @param ret_model caller frees with pc_model_free().
 * @param ret_stats may be NULL.
 * @return 0, PC_EINVAL (nothing to train on: message in err), PC_EMATH (GSL failure), PC_ENOMEM.
 */
int pc_trainer_fit(pc_trainer *tr, pc_model **ret_model, pc_train_stats *ret_stats, char *err,
                   size_t errlen);

/** A model with no training: priors only (wide, honest windows). Never fails but on memory. */
int pc_model_prior(pc_model **ret_model);
void pc_model_free(pc_model *m);

/**
 * Predict the delivery of `s` as known at `now` (events after `now` are ignored).
 * Never NaN: an unseen carrier gets the shared model or the prior with wider windows
 * (ret->cold). A delivered shipment gets its delivery time with zero-width windows.
 * @return 0, PC_EINVAL (no carrier).
 */
int pc_model_predict(const pc_model *m, const pc_shipment *s, int64_t now, pc_eta *ret);

/**
 * Replay: predict as of `now` with the carrier's estimate in force then (from `edd`), not the
 * shipment's current carrier_eta. pc_model_predict() trusts s->carrier_eta as known now.
 */
int pc_model_predict_replay(const pc_model *m, const pc_shipment *s, const pc_edd *edd,
                            size_t n_edd, int64_t now, pc_eta *ret);

/** The p_late threshold the model flags at (from training options). */
double pc_model_late_threshold(const pc_model *m);

/** Summary of a model for people: carriers, examples, when trained. */
typedef struct pc_model_info {
    int64_t trained_at;
    size_t examples;
    size_t carriers;
    size_t features;
} pc_model_info;
void pc_model_get_info(const pc_model *m, pc_model_info *ret);

/**
 * Serialize / load (versioned little-endian blob, checked on load).
 * save: *ret_blob malloc'd, caller frees.
 * @return 0, PC_ENOMEM; load: PC_EMALFORMED naming nothing (the blob is ours or corrupt).
 */
int pc_model_save(const pc_model *m, void **ret_blob, size_t *ret_len);
int pc_model_load(const void *blob, size_t len, pc_model **ret_model);

/** Store round trip under PC_MODEL_BLOB. get: PC_ENOTFOUND when never trained. */
int pc_model_store_put(pc_txn *tx, const pc_model *m);
int pc_model_store_get(pc_txn *tx, pc_model **ret_model);

/**
 * Train from every delivered shipment in the store with its delivery before `cutoff`
 * (PC_TIME_NONE: all), in one read snapshot, streaming.
 */
int pc_model_train_store(pc_store *st, const pc_train_opts *opts, int64_t cutoff,
                         pc_model **ret_model, pc_train_stats *ret_stats, char *err, size_t errlen);

/** The ETA object of the API and `predict --json`: {time, window_80:{start,end}, window_95,
 * p_late (null without promise), at_risk, reasons[]}. New reference; NULL on ENOMEM. */
json_t *pc_eta_to_json(const pc_eta *e);

#endif
