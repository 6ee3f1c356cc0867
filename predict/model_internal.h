/* The trained model's layout, shared by model.c (training, serialization), eta.c
 * (prediction) and eval.c. */
#ifndef PC_PREDICT_MODEL_INTERNAL_H
#define PC_PREDICT_MODEL_INTERNAL_H

#include "predict_internal.h"

/* One level: "carrier\tservice", "carrier" or "" (shared by all). */
typedef struct pc__level {
    char *name;
    size_t n;            /* fit-set prediction points */
    bool fitted[PC__NS]; /* coefficients per stage, and pooled over stages (PC__NS - 1) */
    double beta[PC__NS][PC__NF];
    double xbar[PC__NS][PC__NF]; /* mean feature vector: reasons are contributions against it */
    bool q_ok[PC__NB + 1];
    double q[PC__NB + 1][PC__NQ]; /* residual quantiles of log-hours, per horizon and all */
    /* the mass the 80% / 95% hour-level windows hold, by the cell of the point ETA's horizon:
     * {0.8, 0.95}, or the window-level calibration's masses at 96 h and beyond (model.c) */
    double pw[PC__NB + 1][2];
    uint32_t n_delivered;
    double hour_w[24]; /* share of deliveries by local hour */
    double wd_w[7];    /* share of deliveries by local weekday (0 = Monday) */
    uint32_t dwell_n[PC_STATUS__COUNT];
    double dwell_p95[PC_STATUS__COUNT]; /* hours in a status, 95th percentile; 0 = unknown */
} pc__level;

/* Lanes: while counting, sum/n of log-hours; once finished, sum holds the lane's shrunken
 * deviation from the mean (lanes.c). */
#define PC__LANE_PRIOR 30.0
typedef struct pc__lanes {
    char **key;
    double *sum, *n;
    size_t cap, count;
} pc__lanes;
int pc__lanes_add(pc__lanes *t, const char *lane, double value, double weight);
double pc__lanes_value(const pc__lanes *t, const char *lane);
void pc__lanes_finish(pc__lanes *t);
void pc__lanes_done(pc__lanes *t);
/* The lane deviation of a shipment (0 when the lane is unknown or unseen). */
double pc__lane_dev(const pc__lanes *t, const pc_shipment *s);

struct pc_model {
    pc__lanes lanes;
    int64_t trained_at;
    double late_threshold;
    size_t examples;
    size_t carriers;
    size_t n_lv;
    pc__level *lv;
};

/* The coefficients (and mean features) a level uses for a point of stage s: its own for the
 * stage, else its pooled fit, else NULL. */
static inline int pc__coef_row(const pc__level *L, int s)
{
    return L->fitted[s] ? s : L->fitted[PC__NS - 1] ? PC__NS - 1 : -1;
}

/* The first level of a chain (most specific first; NULL entries skipped) with coefficients for
 * stage s and calibration of its own; *ret_row gets the coefficient row. NULL if none. */
const pc__level *pc__pick(const pc__level *const chain[3], int s, int *ret_row);

/* The estimate in force at t (PC_TIME_NONE: none yet). */
int64_t pc__edd_at(const pc_edd *e, size_t n, int64_t t);

/* Remaining-time distribution: log-hours = mu + residual, residual quantiles q[] at
 * pc__q_prob. */
typedef struct pc__dist {
    double mu;
    double q[PC__NQ];
} pc__dist;

/* The level whose delivery hour/weekday profile spreads a prediction over hours: the service's
 * or the carrier's once they have seen 50 deliveries, else the shared one (any may be NULL). */
const pc__level *pc__profile(const pc__level *svc, const pc__level *car, const pc__level *glob);

/* Window masses tried by the window-level calibration: 0.50, 0.51, ..., 0.99, 0.995, 0.999. */
#define PC__NPW 52
double pc__pw_grid(int i);

/* For a point x predicted at `now` and delivered `actual_h` hours later: *ret_cell gets the
 * cell of its point ETA's horizon and, when that cell gets the window-level calibration and
 * has fewer than max_n of n_cell[] points yet, cover[i] whether the window holding each mass
 * of the grid, built as pc_model_predict builds it, holds the delivery (else *ret_cell = -1).
 * @return 0, PC_ENOMEM. */
int pc__window_cover(const pc__dist *d, const pc__level *prof, const double x[PC__NF], int64_t now,
                     int offset_min, double actual_h, const uint32_t n_cell[PC__NB], uint32_t max_n,
                     bool cover[PC__NPW], int *ret_cell);

/* Cells (by the point ETA's horizon) whose windows get the window-level calibration: 96 h and
 * beyond, the last two horizons of each stage (see pc__cell). */
#define PC__CELL_WINDOW_STEP(b) ((b) < PC__NB && (b) % 6 >= 4)

/* Probability of stored quantile i. */
double pc__q_prob(int i);

/* Fill spec with "carrier\tservice". */
void pc__level_names(const char *carrier, const char *service, char *spec, size_t spec_size);

#endif
