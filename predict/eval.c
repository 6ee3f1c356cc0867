/* parcelcast eval: a time split over the store's delivered history, predictions at fixed
 * points, metrics beside baselines (the promise, the global median, the lane median). */
#include "model_internal.h"

#include <parcelcast/error.h>
#include <parcelcast/eval.h>
#include <parcelcast/timeutil.h>

#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 64
#define N_THRESH   12 /* p_late thresholds, finer where late shipments are rare */
static const double thresholds[N_THRESH] = {0.05, 0.1, 0.15, 0.2, 0.25, 0.3,
                                            0.4,  0.5, 0.6,  0.7, 0.8,  0.9};
#define N_HORIZON 5

static const char *horizon_names[N_HORIZON] = {"0-6 h", "6-24 h", "24-72 h", "72-168 h",
                                               "over 168 h"};

typedef struct dvec {
    double *v;
    size_t n, cap;
} dvec;

static int dvec_push(dvec *d, double x)
{
    void *grown = pc__grow(d->v, &d->cap, d->n, sizeof(*d->v), 64);
    if (!grown)
        return PC_ENOMEM;
    d->v = grown;
    d->v[d->n++] = x;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void dvec_sort(dvec *d)
{
    if (d->n > 1) /* qsort wants a valid pointer even for no elements */
        qsort(d->v, d->n, sizeof(double), cmp_double);
}

/* Quantile of a sorted vector (linear interpolation). */
static double quantile(const dvec *d, double p)
{
    if (d->n == 0)
        return NAN;
    double pos = p * (double)(d->n - 1);
    size_t i = (size_t)pos;
    if (i + 1 >= d->n)
        return d->v[d->n - 1];
    return d->v[i] + (pos - (double)i) * (d->v[i + 1] - d->v[i]);
}

/* ---- lane table (remaining hours of training points by lane) ---------------------------- */

typedef struct lane_ent {
    char *lane;
    dvec rem;
} lane_ent;

typedef struct lane_map {
    lane_ent *e;
    size_t cap, n;
} lane_map;

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

static lane_ent *lane_get(lane_map *m, const char *lane, bool create)
{
    if (m->cap == 0) {
        if (!create)
            return NULL;
        if (!(m->e = calloc(1024, sizeof(*m->e))))
            return NULL;
        m->cap = 1024;
    }
    if (create && 2 * (m->n + 1) > m->cap) {
        lane_map g = {calloc(m->cap * 2, sizeof(*m->e)), m->cap * 2, 0};
        if (!g.e)
            return NULL;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->e[i].lane)
                continue;
            size_t k = fnv(m->e[i].lane) & (g.cap - 1);
            while (g.e[k].lane)
                k = (k + 1) & (g.cap - 1);
            g.e[k] = m->e[i];
            g.n++;
        }
        free(m->e);
        *m = g;
    }
    size_t k = fnv(lane) & (m->cap - 1);
    while (m->e[k].lane) {
        if (strcmp(m->e[k].lane, lane) == 0)
            return &m->e[k];
        k = (k + 1) & (m->cap - 1);
    }
    if (!create || !(m->e[k].lane = strdup(lane)))
        return NULL;
    m->n++;
    return &m->e[k];
}

static void lane_map_done(lane_map *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->e[i].lane);
        free(m->e[i].rem.v);
    }
    free(m->e);
}

/* ---- prediction points -------------------------------------------------------------------- */

/* The points of a delivered shipment for a mode; returns how many (0: none). *ret_start is the
 * first point (the handoff), used for the split. */
static size_t points_of(const pc_shipment *s, pc_eval_at at, int64_t delivered, int64_t *pts,
                        int64_t *ret_start)
{
    pc__pstate fin;
    pc__pstate_build(s, delivered - 1, &fin);
    if (fin.n_scans == 0)
        return 0;
    int64_t start = fin.handoff != PC_TIME_NONE ? fin.handoff : fin.ordered;
    *ret_start = start;
    size_t n = 0;
    if (at == PC_EVAL_HANDOFF) {
        pts[n++] = start;
    } else if (at == PC_EVAL_SCAN) {
        for (size_t i = 0; i < s->n_events && n < MAX_POINTS; i++) {
            int64_t t = s->events[i].time;
            if (t >= start && t < delivered) {
                bool dup = false;
                for (size_t k = 0; k < n && !dup; k++)
                    dup = pts[k] == t;
                if (!dup)
                    pts[n++] = t;
            }
        }
    } else {
        int wd, hour;
        pc__local_wd_hour(delivered, fin.offset_min, &wd, &hour);
        int64_t day0 =
            delivered - (int64_t)hour * 3600 - (delivered + (int64_t)fin.offset_min * 60) % 3600;
        int64_t first = PC_TIME_NONE;
        for (size_t i = 0; i < s->n_events; i++) {
            int64_t t = s->events[i].time;
            if (t >= day0 && t < delivered && t >= start && (first == PC_TIME_NONE || t < first))
                first = t;
        }
        int64_t morning = day0 + 7 * 3600;
        if (first == PC_TIME_NONE && morning < delivered && morning >= start)
            first = morning;
        if (first != PC_TIME_NONE)
            pts[n++] = first;
    }
    return n;
}

/* ---- metrics ----------------------------------------------------------------------------- */

typedef struct metrics {
    dvec ae;
    size_t n_win, in80, in95;
    double w80, w95, is80;
} metrics;

static int metrics_add(metrics *m, int64_t point, int64_t actual, bool win, int64_t lo80,
                       int64_t hi80, int64_t lo95, int64_t hi95)
{
    if (dvec_push(&m->ae, fabs((double)(point - actual)) / 3600.0) < 0)
        return PC_ENOMEM;
    if (!win)
        return 0;
    m->n_win++;
    m->in80 += actual >= lo80 && actual <= hi80;
    m->in95 += actual >= lo95 && actual <= hi95;
    double w = (double)(hi80 - lo80) / 3600.0;
    m->w80 += w;
    m->w95 += (double)(hi95 - lo95) / 3600.0;
    double miss = actual < lo80   ? (double)(lo80 - actual)
                  : actual > hi80 ? (double)(actual - hi80)
                                  : 0;
    m->is80 += w + 2.0 / 0.2 * miss / 3600.0;
    return 0;
}

static json_t *metrics_json(const char *name, metrics *m)
{
    dvec_sort(&m->ae);
    double sum = 0;
    for (size_t i = 0; i < m->ae.n; i++)
        sum += m->ae.v[i];
    json_t *j = json_pack("{s:s, s:I}", "name", name, "n", (json_int_t)m->ae.n);
    if (!j)
        return NULL;
    if (m->ae.n) {
        json_object_set_new(j, "mae_h", json_real(sum / (double)m->ae.n));
        json_object_set_new(j, "median_ae_h", json_real(quantile(&m->ae, 0.5)));
    }
    if (m->n_win) {
        double n = (double)m->n_win;
        json_object_set_new(j, "cov80", json_real((double)m->in80 / n));
        json_object_set_new(j, "width80_h", json_real(m->w80 / n));
        json_object_set_new(j, "cov95", json_real((double)m->in95 / n));
        json_object_set_new(j, "width95_h", json_real(m->w95 / n));
        json_object_set_new(j, "interval_score80_h", json_real(m->is80 / n));
    }
    return j;
}

typedef struct detect {
    size_t tp, fp, fn, tn;
    dvec lead;
} detect;

/* One shipment's outcome for a rule that first flagged it at `flag_at` (NONE: never). */
static int detect_add(detect *d, bool late, int64_t flag_at, int64_t promise)
{
    bool flagged = flag_at != PC_TIME_NONE;
    if (flagged && late) {
        d->tp++;
        return dvec_push(&d->lead, (double)(promise - flag_at) / 3600.0);
    }
    d->fp += flagged && !late;
    d->fn += !flagged && late;
    d->tn += !flagged && !late;
    return 0;
}

static json_t *detect_json(const char *rule, detect *d)
{
    dvec_sort(&d->lead);
    size_t flagged = d->tp + d->fp, late = d->tp + d->fn;
    json_t *j = json_pack("{s:s, s:I, s:I}", "rule", rule, "flagged", (json_int_t)flagged,
                          "true_positives", (json_int_t)d->tp);
    if (!j)
        return NULL;
    json_object_set_new(j, "precision",
                        flagged ? json_real((double)d->tp / (double)flagged) : json_null());
    json_object_set_new(j, "recall", late ? json_real((double)d->tp / (double)late) : json_null());
    json_object_set_new(j, "median_lead_h",
                        d->lead.n ? json_real(quantile(&d->lead, 0.5)) : json_null());
    return j;
}

/* ---- the run ------------------------------------------------------------------------------ */

typedef struct ev {
    const pc_eval_opts *o;
    pc_model **models;
    size_t n_models;
    /* baselines from the training side */
    dvec rem_all;
    lane_map lanes;
    double g_q[5]; /* global remaining quantiles .025 .1 .5 .9 .975 */
    /* results */
    metrics m_model, m_promise, m_global, m_lane;
    metrics by_h[N_HORIZON];
    detect d_thresh[N_THRESH], d_risk, d_naive;
    size_t test_shipments, late, with_promise, cold;
    pc_txn *tx; /* the read snapshot of the scans */
} ev;

static int collect_cb(const pc_shipment *s, uint64_t id, void *ctx)
{
    (void)id;
    ev *e = ctx;
    int64_t delivered = pc__delivery_time(s);
    if (delivered == PC_TIME_NONE || delivered >= e->o->split)
        return 0;
    int64_t pts[MAX_POINTS], start;
    size_t n = points_of(s, e->o->at, delivered, pts, &start);
    char lane[256];
    pc_store_lane(s, lane, sizeof(lane));
    lane_ent *le = lane_get(&e->lanes, lane, true);
    if (!le)
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        double h = (double)(delivered - pts[i]) / 3600.0;
        if (dvec_push(&e->rem_all, h) < 0 || dvec_push(&le->rem, h) < 0)
            return PC_ENOMEM;
    }
    return 0;
}

static const pc_model *model_at(const ev *e, int64_t t)
{
    if (e->o->walk_days <= 0 || t < e->o->split)
        return e->models[0];
    size_t k = (size_t)((t - e->o->split) / ((int64_t)e->o->walk_days * 86400));
    return e->models[k < e->n_models ? k : e->n_models - 1];
}

static int64_t at_h(int64_t t, double h)
{
    return t + (int64_t)llround(h * 3600.0);
}

static int test_cb(const pc_shipment *s, uint64_t id, void *ctx)
{
    ev *e = ctx;
    int64_t delivered = pc__delivery_time(s);
    if (delivered == PC_TIME_NONE)
        return 0;
    int64_t pts[MAX_POINTS], start = PC_TIME_NONE;
    size_t n = points_of(s, e->o->at, delivered, pts, &start);
    if (n == 0 || start < e->o->split)
        return 0;
    e->test_shipments++;
    pc_edd edd[PC_EDD_MAX];
    size_t n_edd;
    int rc = pc_edd_load(e->tx, id, edd, PC_EDD_MAX, &n_edd);
    if (rc < 0)
        return rc;
    char lane[256];
    pc_store_lane(s, lane, sizeof(lane));
    const lane_ent *le = lane_get(&e->lanes, lane, false);
    double l_q[5];
    const double probs[5] = {0.025, 0.1, 0.5, 0.9, 0.975};
    for (int k = 0; k < 5; k++)
        l_q[k] = le && le->rem.n >= 30 ? quantile(&le->rem, probs[k]) : e->g_q[k];
    int64_t promise = s->promised_by;
    bool late = promise != PC_TIME_NONE && delivered > promise;
    int64_t flag[N_THRESH], flag_risk = PC_TIME_NONE, flag_naive = PC_TIME_NONE;
    for (int k = 0; k < N_THRESH; k++)
        flag[k] = PC_TIME_NONE;
    for (size_t i = 0; i < n; i++) {
        int64_t t = pts[i];
        pc_eta eta;
        if ((rc = pc_model_predict_replay(model_at(e, t), s, edd, n_edd, t, &eta)) < 0)
            return rc;
        e->cold += eta.cold;
        if ((rc = metrics_add(&e->m_model, eta.time, delivered, true, eta.w80_start, eta.w80_end,
                              eta.w95_start, eta.w95_end)) < 0)
            return rc;
        double rem = (double)(eta.time - t) / 3600.0; /* the horizon as predicted */
        int hb = rem < 6 ? 0 : rem < 24 ? 1 : rem < 72 ? 2 : rem < 168 ? 3 : 4;
        if ((rc = metrics_add(&e->by_h[hb], eta.time, delivered, true, eta.w80_start, eta.w80_end,
                              eta.w95_start, eta.w95_end)) < 0)
            return rc;
        int64_t ref = promise != PC_TIME_NONE ? promise : pc__edd_at(edd, n_edd, t);
        if (ref != PC_TIME_NONE &&
            (rc = metrics_add(&e->m_promise, ref, delivered, false, 0, 0, 0, 0)) < 0)
            return rc;
        if ((rc = metrics_add(&e->m_global, at_h(t, e->g_q[2]), delivered, true, at_h(t, e->g_q[1]),
                              at_h(t, e->g_q[3]), at_h(t, e->g_q[0]), at_h(t, e->g_q[4]))) < 0 ||
            (rc = metrics_add(&e->m_lane, at_h(t, l_q[2]), delivered, true, at_h(t, l_q[1]),
                              at_h(t, l_q[3]), at_h(t, l_q[0]), at_h(t, l_q[4]))) < 0)
            return rc;
        if (promise == PC_TIME_NONE || t >= promise)
            continue; /* a warning counts only before the promise */
        for (int k = 0; k < N_THRESH; k++)
            if (eta.p_late >= thresholds[k] && flag[k] == PC_TIME_NONE)
                flag[k] = t;
        if (eta.at_risk && flag_risk == PC_TIME_NONE)
            flag_risk = t;
        if (at_h(t, e->g_q[2]) > promise && flag_naive == PC_TIME_NONE)
            flag_naive = t;
    }
    if (promise == PC_TIME_NONE)
        return 0;
    e->with_promise++;
    e->late += late;
    for (int k = 0; k < N_THRESH; k++)
        if ((rc = detect_add(&e->d_thresh[k], late, flag[k], promise)) < 0)
            return rc;
    if ((rc = detect_add(&e->d_risk, late, flag_risk, promise)) < 0 ||
        (rc = detect_add(&e->d_naive, late, flag_naive, promise)) < 0)
        return rc;
    return 0;
}

static void ev_done(ev *e)
{
    for (size_t i = 0; i < e->n_models; i++)
        pc_model_free(e->models[i]);
    free(e->models);
    free(e->rem_all.v);
    lane_map_done(&e->lanes);
    metrics *ms[4] = {&e->m_model, &e->m_promise, &e->m_global, &e->m_lane};
    for (int i = 0; i < 4; i++)
        free(ms[i]->ae.v);
    for (int i = 0; i < N_HORIZON; i++)
        free(e->by_h[i].ae.v);
    for (int k = 0; k < N_THRESH; k++)
        free(e->d_thresh[k].lead.v);
    free(e->d_risk.lead.v);
    free(e->d_naive.lead.v);
}

int pc_eval_at_parse(const char *s, pc_eval_at *ret)
{
    if (strcmp(s, "handoff") == 0)
        *ret = PC_EVAL_HANDOFF;
    else if (strcmp(s, "scan") == 0)
        *ret = PC_EVAL_SCAN;
    else if (strcmp(s, "delivery-day") == 0)
        *ret = PC_EVAL_DELIVERY_DAY;
    else
        return PC_EINVAL;
    return 0;
}

const char *pc_eval_at_name(pc_eval_at at)
{
    return at == PC_EVAL_HANDOFF ? "handoff" : at == PC_EVAL_SCAN ? "scan" : "delivery-day";
}

struct latest {
    int64_t t;
};

static int latest_cb(const pc_history_row *row, void *ctx)
{
    struct latest *l = ctx;
    if (row->delivered_at > l->t)
        l->t = row->delivered_at;
    return 0;
}

int pc_eval_run(pc_store *st, const pc_eval_opts *o, json_t **ret_json, char *err, size_t errlen)
{
    ev e;
    memset(&e, 0, sizeof(e));
    e.o = o;
    int rc;
    pc_train_stats ts;
    memset(&ts, 0, sizeof(ts));
    /* models: one at the split, and for walk-forward one per step until the last delivery */
    size_t n_models = 1;
    if (o->walk_days > 0) {
        struct latest l = {o->split};
        pc_txn *tx;
        if ((rc = pc_store_read_begin(st, &tx)) < 0)
            goto out;
        rc = pc_store_scan_history(tx, NULL, INT32_MIN, INT32_MAX, latest_cb, &l);
        pc_store_read_end(tx);
        if (rc < 0)
            goto out;
        n_models = (size_t)((l.t - o->split) / ((int64_t)o->walk_days * 86400)) + 1;
    }
    if (!(e.models = calloc(n_models, sizeof(*e.models)))) {
        rc = PC_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < n_models; k++) {
        pc_train_stats s;
        int64_t cut = o->split + (int64_t)k * o->walk_days * 86400;
        if ((rc = pc_model_train_store(st, &o->train, cut, &e.models[k], &s, err, errlen)) < 0)
            goto out;
        e.n_models++;
        if (k == 0)
            ts = s;
    }
    pc_txn *tx;
    if ((rc = pc_store_read_begin(st, &tx)) < 0)
        goto out;
    e.tx = tx;
    rc = pc_store_scan_shipments(tx, collect_cb, &e);
    if (rc >= 0) {
        dvec_sort(&e.rem_all);
        for (size_t i = 0; i < e.lanes.cap; i++)
            if (e.lanes.e[i].lane)
                dvec_sort(&e.lanes.e[i].rem);
        const double probs[5] = {0.025, 0.1, 0.5, 0.9, 0.975};
        for (int k = 0; k < 5; k++)
            e.g_q[k] = quantile(&e.rem_all, probs[k]);
        rc = pc_store_scan_shipments(tx, test_cb, &e);
    }
    pc_store_read_end(tx);
    if (rc < 0)
        goto out;
    if (e.test_shipments == 0) {
        pc__errbuf_set(err, errlen,
                       "no delivered shipment was handed over on or after the split date");
        rc = PC_EINVAL;
        goto out;
    }
    char split[40];
    json_t *methods = json_array(), *horizon = json_array(), *rows = json_array();
    json_t *j = json_pack(
        "{s:s, s:s, s:i, s:{s:I, s:I, s:I, s:f}, s:{s:I, s:I, s:I}}", "split",
        pc_time_format(o->split, split, sizeof(split)), "at", pc_eval_at_name(o->at),
        "walk_forward_days", o->walk_days, "train", "shipments", (json_int_t)ts.shipments,
        "examples", (json_int_t)ts.examples, "calibration_examples", (json_int_t)ts.calib_examples,
        "seconds", ts.seconds, "test", "shipments", (json_int_t)e.test_shipments, "predictions",
        (json_int_t)e.m_model.ae.n, "cold_predictions", (json_int_t)e.cold);
    if (!j || !methods || !horizon || !rows) {
        json_decref(j);
        json_decref(methods);
        json_decref(horizon);
        json_decref(rows);
        rc = PC_ENOMEM;
        goto out;
    }
    json_array_append_new(methods, metrics_json("parcelcast", &e.m_model));
    json_array_append_new(methods, metrics_json("promise (or carrier EDD)", &e.m_promise));
    json_array_append_new(methods, metrics_json("global median", &e.m_global));
    json_array_append_new(methods, metrics_json("lane median", &e.m_lane));
    for (int h = 0; h < N_HORIZON; h++)
        json_array_append_new(horizon, metrics_json(horizon_names[h], &e.by_h[h]));
    char rule[64];
    for (int k = 0; k < N_THRESH; k++) {
        snprintf(rule, sizeof(rule), "p_late >= %.2f", thresholds[k]);
        json_array_append_new(rows, detect_json(rule, &e.d_thresh[k]));
    }
    snprintf(rule, sizeof(rule), "at_risk (p_late >= %.2f, stall, exception)",
             e.models[0]->late_threshold);
    json_array_append_new(rows, detect_json(rule, &e.d_risk));
    json_array_append_new(rows, detect_json("naive: point + global median > promise", &e.d_naive));
    json_object_set_new(j, "methods", methods);
    json_object_set_new(j, "coverage_by_horizon", horizon);
    json_object_set_new(j, "delay",
                        json_pack("{s:I, s:I, s:o}", "with_promise", (json_int_t)e.with_promise,
                                  "late", (json_int_t)e.late, "rules", rows));
    *ret_json = j;
    rc = 0;
out:
    ev_done(&e);
    return rc;
}

/* ---- tables ---------------------------------------------------------------------------- */

/* One number right-aligned in `width` columns with `prec` decimals, times scale, then `unit`
 * ("%" or ""); "-" when absent. */
static void cell(FILE *f, const json_t *o, const char *key, int width, int prec, double scale,
                 const char *unit)
{
    const json_t *v = json_object_get(o, key);
    int w = width - (int)strlen(unit);
    if (json_is_number(v))
        fprintf(f, " %*.*f%s", w, prec, json_number_value(v) * scale, unit);
    else
        fprintf(f, " %*s", width, "-");
}

void pc_eval_print(FILE *f, const json_t *r)
{
    const json_t *tr = json_object_get(r, "train"), *te = json_object_get(r, "test");
    fprintf(f, "split %s, predictions at %s%s\n", json_string_value(json_object_get(r, "split")),
            json_string_value(json_object_get(r, "at")),
            json_integer_value(json_object_get(r, "walk_forward_days")) ? ", walk-forward" : "");
    fprintf(f, "train: %lld shipments, %lld prediction points (+%lld held out), %.1f s\n",
            (long long)json_integer_value(json_object_get(tr, "shipments")),
            (long long)json_integer_value(json_object_get(tr, "examples")),
            (long long)json_integer_value(json_object_get(tr, "calibration_examples")),
            json_real_value(json_object_get(tr, "seconds")));
    fprintf(f, "test:  %lld shipments, %lld predictions (%lld cold)\n\n",
            (long long)json_integer_value(json_object_get(te, "shipments")),
            (long long)json_integer_value(json_object_get(te, "predictions")),
            (long long)json_integer_value(json_object_get(te, "cold_predictions")));
    fprintf(f, "%-26s %8s %10s %10s %10s %10s %10s %10s %10s\n", "method", "n", "MAE h", "medAE h",
            "cov80", "width80 h", "cov95", "width95 h", "IS80 h");
    const char *keys[] = {"methods", "coverage_by_horizon"};
    for (int t = 0; t < 2; t++) {
        if (t == 1)
            fprintf(f, "\nparcelcast by predicted horizon (ETA - now):\n");
        size_t i;
        const json_t *m;
        json_array_foreach(json_object_get(r, keys[t]), i, m)
        {
            fprintf(f, "%-26s %8lld", json_string_value(json_object_get(m, "name")),
                    (long long)json_integer_value(json_object_get(m, "n")));
            cell(f, m, "mae_h", 10, 1, 1, "");
            cell(f, m, "median_ae_h", 10, 1, 1, "");
            cell(f, m, "cov80", 10, 1, 100, "%");
            cell(f, m, "width80_h", 10, 1, 1, "");
            cell(f, m, "cov95", 10, 1, 100, "%");
            cell(f, m, "width95_h", 10, 1, 1, "");
            cell(f, m, "interval_score80_h", 10, 1, 1, "");
            fputc('\n', f);
        }
    }
    const json_t *d = json_object_get(r, "delay");
    fprintf(f, "\ndelay detection: %lld of %lld shipments with a promise were late\n",
            (long long)json_integer_value(json_object_get(d, "late")),
            (long long)json_integer_value(json_object_get(d, "with_promise")));
    fprintf(f, "%-44s %8s %10s %10s %14s\n", "rule (warning before the promise)", "flagged",
            "precision", "recall", "median lead h");
    size_t i;
    const json_t *row;
    json_array_foreach(json_object_get(d, "rules"), i, row)
    {
        fprintf(f, "%-44s %8lld", json_string_value(json_object_get(row, "rule")),
                (long long)json_integer_value(json_object_get(row, "flagged")));
        cell(f, row, "precision", 10, 3, 1, "");
        cell(f, row, "recall", 10, 3, 1, "");
        cell(f, row, "median_lead_h", 14, 1, 1, "");
        fputc('\n', f);
    }
}
