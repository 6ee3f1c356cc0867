/**
 * @file eval.h
 * Evaluation of arrival predictions on delivered history in the store: a time split (train
 * on shipments delivered before the split, test on delivered shipments handed over from the
 * split on), predictions made at fixed points, side by side with baselines. docs/model.md.
 */
#ifndef PARCELCAST_EVAL_H
#define PARCELCAST_EVAL_H

#include <jansson.h>
#include <parcelcast/predict.h>
#include <parcelcast/store.h>
#include <stdio.h>

typedef enum pc_eval_at {
    PC_EVAL_HANDOFF,      /**< at the first carrier event (or the first event if none) */
    PC_EVAL_SCAN,         /**< at every event from the handoff until the delivery */
    PC_EVAL_DELIVERY_DAY, /**< on the delivery day: at its first event (usually out for
                               delivery), else 07:00 local */
} pc_eval_at;

typedef struct pc_eval_opts {
    int64_t split; /**< UTC seconds */
    pc_eval_at at;
    int walk_days; /**< 0: one model trained at the split; N: retrain every N days on
                        everything delivered before (walk-forward) */
    pc_train_opts train;
} pc_eval_opts;

/** Parse "handoff" | "scan" | "delivery-day". @return 0 or PC_EINVAL. */
int pc_eval_at_parse(const char *s, pc_eval_at *ret);
const char *pc_eval_at_name(pc_eval_at at);

/**
 * Run an evaluation.
 * @param ret_json the results (methods with their metrics, the delay table, coverage by
 *        horizon), a new reference the caller owns.
 * @return 0, PC_EINVAL (nothing to train on or no test shipment: message in err), PC_ESTORE,
 *         PC_ENOMEM, PC_EMATH.
 */
int pc_eval_run(pc_store *st, const pc_eval_opts *opts, json_t **ret_json, char *err,
                size_t errlen);

/** Print results as tables for people. */
void pc_eval_print(FILE *f, const json_t *results);

#endif
