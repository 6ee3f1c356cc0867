/**
 * @file predictor.h
 * The live predictor `serve` runs: it holds the current model (loaded from the store,
 * retrained from the store's delivered history on a schedule), answers ETA questions from any
 * thread, and on every tick (and soon after a nudge: new events) recomputes the prediction of
 * every active shipment, keeping an at-risk record per shipment that says when the flag was
 * raised and why. The records are what `GET /v1/shipments?at_risk=` and delay notices read.
 */
#ifndef PARCELCAST_PREDICTOR_H
#define PARCELCAST_PREDICTOR_H

#include <parcelcast/predict.h>
#include <parcelcast/store.h>

typedef struct pc_predictor pc_predictor;

typedef struct pc_predictor_opts {
    pc_store *store;     /**< borrowed; must outlive the predictor */
    int tick;            /**< seconds between recomputations (predict.tick) */
    int retrain_hours;   /**< retrain from the store this often; 0 = never (predict.retrain) */
    pc_train_opts train; /**< options of the retraining */
    /** The clock (UTC seconds); NULL = time(). Lets tests and the simulator drive time. */
    int64_t (*clock)(void *ctx);
    void *clock_ctx;
    /** Called inside the transaction that records a newly raised at-risk flag, with the
     * shipment and the prediction that raised it (serve queues a `delayed` notice with it).
     * May run again if the transaction is retried: touch the store only through tx. < 0 aborts
     * (the flag is raised again on the next pass). NULL: nothing. */
    int (*on_raise)(void *ctx, pc_txn *tx, const pc_shipment *s, const pc_eta *eta, int64_t now);
    void *raise_ctx;
} pc_predictor_opts;

/** What one recomputation did. */
typedef struct pc_predictor_stats {
    int64_t last_tick;      /**< clock time of the last pass, PC_TIME_NONE before the first */
    int64_t model_trained;  /**< trained_at of the model in use, PC_TIME_NONE: priors */
    size_t active;          /**< shipments predicted in the last pass */
    size_t at_risk;         /**< of them flagged */
    size_t raised, cleared; /**< flags raised / cleared in the last pass */
    size_t passes;
} pc_predictor_stats;

/**
 * Create (loading the stored model, or training one when none is stored and there is
 * delivered history; priors otherwise). Does not start a thread.
 * @return 0, PC_ENOMEM, PC_ESTORE.
 */
int pc_predictor_new(const pc_predictor_opts *opts, pc_predictor **ret, char *err, size_t errlen);

/** Start / stop the background thread (ticks; a nudge shortens the wait to a second). */
int pc_predictor_start(pc_predictor *p);
void pc_predictor_free(pc_predictor *p); /**< stops the thread; accepts NULL */

/** New events were stored: recompute soon. Any thread. */
void pc_predictor_nudge(pc_predictor *p);

/** One pass now, in the caller's thread: retrain if due, predict every active shipment,
 * write changed at-risk records. @return 0 or a PC_E* code. */
int pc_predictor_tick(pc_predictor *p);

/** ETA of a shipment with the current model. Any thread. @return as pc_model_predict. */
int pc_predictor_eta(pc_predictor *p, const pc_shipment *s, int64_t now, pc_eta *ret);

void pc_predictor_get_stats(pc_predictor *p, pc_predictor_stats *ret);

/** The predictor's clock (opts.clock, else time()): the API's "now" for ETAs. */
int64_t pc_predictor_now(const pc_predictor *p);

/**
 * The at-risk record of a shipment (by store id) as JSON: {"at_risk":true,"since":"...",
 * "risk":["late",...],"reasons":[...],"p_late":0.8}, or PC_ENOTFOUND when never flagged.
 * *ret is a new reference.
 */
int pc_predictor_risk_get(pc_txn *tx, uint64_t id, json_t **ret);

#endif
