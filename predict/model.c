/* Training: prediction points from delivered histories, ridge fits per level (carrier and
 * service, carrier, shared) with GSL, split-conformal residual quantiles per level and horizon,
 * delivery hour/weekday profiles and status-dwell quantiles. Serialization. */
#include "predict_internal.h"
#include "model_internal.h"

#include <parcelcast/error.h>

#include "internal.h"
#include "store/codec.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CAL_MAX       600000      /* held-out points kept for calibration (about 100 MB) */
#define MODEL_MAGIC   0x50434d31u /* "PCM1" */
#define WIN_MAX       1500u       /* held-out points per cell for the window-level calibration */
#define MODEL_VERSION 3u          /* 3: window masses (pw) per calibration cell */

/* ---- levels ---------------------------------------------------------------------------- */

typedef struct fvec {
    float *v;
    size_t n, cap;
} fvec;

static int fvec_push(fvec *f, float x)
{
    void *grown = pc__grow(f->v, &f->cap, f->n, sizeof(*f->v), 256);
    if (!grown)
        return PC_ENOMEM;
    f->v = grown;
    f->v[f->n++] = x;
    return 0;
}

/* A level being trained: normal equations of its fit set, its calibration residuals, delivery
 * profile counts and status-dwell histograms. */
typedef struct acc {
    char *name;
    size_t n;
    size_t ns[PC__NS];
    double xtx[PC__NS][PC__NF * PC__NF];
    double xty[PC__NS][PC__NF];
    double sumx[PC__NS][PC__NF];
    double hours[7][24];
    double dwell[PC_STATUS__COUNT][PC__NDWELL];
    fvec res[PC__NB + 1];
    uint32_t w_n[PC__NB];           /* held-out points by the cell of their point ETA */
    uint32_t w_in[PC__NB][PC__NPW]; /* of them inside the window of each mass tried */
} acc;

/* A held-out prediction point. */
typedef struct cex {
    float x[PC__NF];
    float y;
    int32_t lv[3]; /* level indexes, most specific first; -1 none */
    int32_t off;   /* local offset (minutes) of the prediction point */
    int64_t now;   /* when the prediction is made */
} cex;

struct pc_trainer {
    pc_train_opts o;
    acc *lv;
    size_t n_lv, cap_lv;
    cex *cal;
    size_t n_cal, cap_cal;
    uint64_t cal_seen; /* held-out points offered to the reservoir */
    size_t shipments, skipped, examples;
    pc__lanes lanes;
    bool lanes_final;
};

static double dwell_bin_hours(int b)
{
    /* bin b covers [0.05 * 1.15^b, 0.05 * 1.15^(b+1)) hours: 3 min .. ~420 days */
    return 0.05 * pow(1.15, b + 1);
}

static int dwell_bin(double hours)
{
    if (hours <= 0.05)
        return 0;
    int b = (int)floor(log(hours / 0.05) / log(1.15));
    return b < 0 ? 0 : b >= PC__NDWELL ? PC__NDWELL - 1 : b;
}

int pc_trainer_new(const pc_train_opts *opts, pc_trainer **ret_trainer)
{
    pc_trainer *tr = calloc(1, sizeof(*tr));
    if (!tr)
        return PC_ENOMEM;
    if (opts)
        tr->o = *opts;
    if (tr->o.ridge <= 0)
        tr->o.ridge = 1e-3;
    if (tr->o.calib_share <= 0 || tr->o.calib_share >= 1)
        tr->o.calib_share = 0.25;
    if (tr->o.min_carrier == 0)
        tr->o.min_carrier = 300;
    if (tr->o.max_scans == 0)
        tr->o.max_scans = 4;
    if (tr->o.late_threshold <= 0 || tr->o.late_threshold >= 1)
        tr->o.late_threshold = 0.5;
    *ret_trainer = tr;
    return 0;
}

void pc_trainer_free(pc_trainer *tr)
{
    if (!tr)
        return;
    for (size_t i = 0; i < tr->n_lv; i++) {
        free(tr->lv[i].name);
        for (int b = 0; b <= PC__NB; b++)
            free(tr->lv[i].res[b].v);
    }
    free(tr->lv);
    free(tr->cal);
    pc__lanes_done(&tr->lanes);
    free(tr);
}

static int level_index(pc_trainer *tr, const char *name)
{
    for (size_t i = 0; i < tr->n_lv; i++)
        if (strcmp(tr->lv[i].name, name) == 0)
            return (int)i;
    void *grown = pc__grow(tr->lv, &tr->cap_lv, tr->n_lv, sizeof(*tr->lv), 16);
    if (!grown)
        return PC_ENOMEM;
    tr->lv = grown;
    acc *a = &tr->lv[tr->n_lv];
    memset(a, 0, sizeof(*a));
    if (!(a->name = strdup(name)))
        return PC_ENOMEM;
    return (int)tr->n_lv++;
}

/* "carrier\tservice", "carrier", "" (shared). */
void pc__level_names(const char *carrier, const char *service, char *spec, size_t spec_size)
{
    snprintf(spec, spec_size, "%s\t%s", carrier ? carrier : "", service ? service : "");
}

static int levels_of(pc_trainer *tr, const pc_shipment *s, int32_t lv[3])
{
    char name[256];
    int rc;
    lv[0] = lv[1] = -1;
    if (s->service && *s->service) {
        pc__level_names(s->carrier, s->service, name, sizeof(name));
        if ((rc = level_index(tr, name)) < 0)
            return rc;
        lv[0] = rc;
    }
    if ((rc = level_index(tr, s->carrier ? s->carrier : "")) < 0)
        return rc;
    lv[1] = rc;
    if ((rc = level_index(tr, "")) < 0)
        return rc;
    lv[2] = rc;
    if (lv[0] < 0) {
        lv[0] = lv[1];
        lv[1] = lv[2];
        lv[2] = -1;
    }
    return 0;
}

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t hash_str(const char *s, uint64_t h)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

static int add_point(pc_trainer *tr, const pc_shipment *s, int32_t lv[3], bool calib, int64_t t,
                     int64_t delivered, double lane_dev, const pc_edd *edd, size_t n_edd)
{
    pc__pstate ps;
    pc__pstate_build(s, t, &ps);
    ps.lane_dev = lane_dev;
    ps.edd = pc__edd_at(edd, n_edd, t);
    if (ps.n_scans == 0 || ps.delivered_at != PC_TIME_NONE)
        return 0;
    double x[PC__NF];
    pc__features(&ps, x);
    double rem = (double)(delivered - t) / 3600.0;
    double y = log(rem < 0.25 ? 0.25 : rem);
    if (calib) {
        /* a uniform sample (reservoir) of at most CAL_MAX held-out points bounds the memory */
        cex *c;
        uint64_t seen = tr->cal_seen++;
        if (tr->n_cal < CAL_MAX) {
            void *grown = pc__grow(tr->cal, &tr->cap_cal, tr->n_cal, sizeof(*tr->cal), 1024);
            if (!grown)
                return PC_ENOMEM;
            tr->cal = grown;
            c = &tr->cal[tr->n_cal++];
        } else {
            uint64_t j = mix64(seen + 0x9e3779b97f4a7c15ull) % (seen + 1);
            if (j >= CAL_MAX)
                return 0;
            c = &tr->cal[j];
        }
        for (int j = 0; j < PC__NF; j++)
            c->x[j] = (float)x[j];
        c->y = (float)y;
        memcpy(c->lv, lv, sizeof(c->lv));
        c->off = ps.offset_min;
        c->now = t;
        return 0;
    }
    tr->examples++;
    int stages[2] = {pc__stage(x), PC__NS - 1};
    for (int l = 0; l < 3; l++) {
        if (lv[l] < 0)
            continue;
        acc *a = &tr->lv[lv[l]];
        a->n++;
        for (int k = 0; k < 2; k++) {
            int st = stages[k];
            a->ns[st]++;
            for (int i = 0; i < PC__NF; i++) {
                if (x[i] == 0)
                    continue;
                a->xty[st][i] += x[i] * y;
                a->sumx[st][i] += x[i];
                double *row = &a->xtx[st][i * PC__NF];
                for (int j = i; j < PC__NF; j++)
                    row[j] += x[i] * x[j];
            }
        }
    }
    return 0;
}

int pc_trainer_note_lane(pc_trainer *tr, const char *lane, int64_t first_event, int64_t delivered)
{
    if (tr->lanes_final || !lane || !*lane || first_event == PC_TIME_NONE ||
        delivered == PC_TIME_NONE || delivered <= first_event)
        return 0;
    double h = (double)(delivered - first_event) / 3600.0;
    return pc__lanes_add(&tr->lanes, lane, log(h < 0.25 ? 0.25 : h), 1.0);
}

int pc_trainer_note(pc_trainer *tr, const pc_shipment *s, int64_t cutoff)
{
    int64_t first = PC_TIME_NONE, delivered = pc__delivery_time(s);
    if (delivered == PC_TIME_NONE)
        return 0;
    for (size_t i = 0; i < s->n_events; i++)
        if (first == PC_TIME_NONE || s->events[i].time < first)
            first = s->events[i].time;
    if (cutoff != PC_TIME_NONE && delivered >= cutoff)
        return 0;
    char lane[160];
    pc_store_lane(s, lane, sizeof(lane));
    return pc_trainer_note_lane(tr, lane, first, delivered);
}

int pc_trainer_add(pc_trainer *tr, const pc_shipment *s, int64_t cutoff)
{
    return pc_trainer_add_edd(tr, s, NULL, 0, cutoff);
}

int pc_trainer_add_edd(pc_trainer *tr, const pc_shipment *s, const pc_edd *edd, size_t n_edd,
                       int64_t cutoff)
{
    int64_t delivered = pc__delivery_time(s);
    if (!s->carrier || delivered == PC_TIME_NONE ||
        (cutoff != PC_TIME_NONE && delivered >= cutoff)) {
        tr->skipped++;
        return 0;
    }
    /* prediction points: every event before the delivery, thinned to the first (pre-handoff),
     * the handoff and max_scans of the rest, plus 07:00 local on the delivery day */
    int64_t pts[64];
    size_t n_pts = 0, n_before = 0;
    for (size_t i = 0; i < s->n_events; i++)
        n_before += s->events[i].time < delivered;
    if (n_before == 0) {
        tr->skipped++;
        return 0;
    }
    uint64_t h = mix64(hash_str(s->tracking_number, hash_str(s->carrier, 1469598103934665603ull)));
    bool calib = tr->o.calib_after ? delivered >= tr->o.calib_after
                                   : (double)(h % 10000) < tr->o.calib_share * 10000.0;
    pc__pstate fin;
    pc__pstate_build(s, delivered - 1, &fin);
    size_t step = n_before > tr->o.max_scans + 2 ? n_before / (tr->o.max_scans + 2) : 1;
    size_t k = 0;
    for (size_t i = 0; i < s->n_events && n_pts < 60; i++) {
        const pc_event *e = &s->events[i];
        if (e->time >= delivered)
            continue;
        bool keep = e->time == fin.ordered || e->time == fin.handoff || (k++ % step) == 0;
        if (keep)
            pts[n_pts++] = e->time;
    }
    int off = fin.offset_min, wd, hour;
    pc__local_wd_hour(delivered, off, &wd, &hour);
    int64_t local = delivered + (int64_t)off * 60;
    int64_t morning = delivered - (local % 86400 + 86400) % 86400 + 7 * 3600;
    if (hour >= 7 && morning > fin.last_event)
        pts[n_pts++] = morning;

    int32_t lv[3];
    int rc = levels_of(tr, s, lv);
    if (rc < 0)
        return rc;
    if (!tr->lanes_final) {
        pc__lanes_finish(&tr->lanes);
        tr->lanes_final = true;
    }
    double lane_dev = pc__lane_dev(&tr->lanes, s);
    for (size_t i = 0; i < n_pts; i++)
        if ((rc = add_point(tr, s, lv, calib, pts[i], delivered, lane_dev, edd, n_edd)) < 0)
            return rc;
    tr->shipments++;
    /* delivery profile and status dwell (a run of one status, from its first event to the
     * next event of another status), for every level */
    size_t ord[64], n_ord = 0;
    for (size_t i = 0; i < s->n_events && n_ord < 64; i++) {
        if (s->events[i].time > delivered)
            continue;
        size_t at = n_ord++;
        while (at > 0 && s->events[ord[at - 1]].time > s->events[i].time) {
            ord[at] = ord[at - 1];
            at--;
        }
        ord[at] = i;
    }
    int dwell_st[64], dwell_b[64], n_dwell = 0;
    for (size_t i = 0; i < n_ord;) {
        const pc_event *e = &s->events[ord[i]];
        size_t j = i + 1;
        while (j < n_ord && s->events[ord[j]].status == e->status)
            j++;
        if (j < n_ord && e->status < PC_STATUS__COUNT && e->status != PC_STATUS_DELIVERED) {
            dwell_st[n_dwell] = (int)e->status;
            dwell_b[n_dwell++] = dwell_bin((double)(s->events[ord[j]].time - e->time) / 3600.0);
        }
        i = j;
    }
    for (int l = 0; l < 3; l++) {
        if (lv[l] < 0)
            continue;
        acc *a = &tr->lv[lv[l]];
        a->hours[wd][hour] += 1;
        for (int g = 0; g < n_dwell; g++)
            a->dwell[dwell_st[g]][dwell_b[g]] += 1;
    }
    return 0;
}

/* ---- fit ------------------------------------------------------------------------------- */

static int solve_ridge(const acc *a, int st, double ridge, double beta[PC__NF])
{
    gsl_matrix *m = gsl_matrix_alloc(PC__NF, PC__NF);
    gsl_vector *b = gsl_vector_alloc(PC__NF), *x = gsl_vector_alloc(PC__NF);
    int rc = PC_ENOMEM;
    if (!m || !b || !x)
        goto out;
    for (int tries = 0; tries < 6; tries++, ridge *= 10) {
        for (int i = 0; i < PC__NF; i++) {
            for (int j = i; j < PC__NF; j++) {
                double v = a->xtx[st][i * PC__NF + j];
                gsl_matrix_set(m, (size_t)i, (size_t)j, v);
                gsl_matrix_set(m, (size_t)j, (size_t)i, v);
            }
            double d = a->xtx[st][i * PC__NF + i];
            /* relative ridge on every coefficient but the intercept, and a floor so a feature
             * that never fired gets 0 instead of a singular system */
            if (i > 0)
                gsl_matrix_set(m, (size_t)i, (size_t)i, d * (1 + ridge) + 1e-6 * (double)a->ns[st]);
            gsl_vector_set(b, (size_t)i, a->xty[st][i]);
        }
        if (gsl_linalg_cholesky_decomp1(m) != GSL_SUCCESS)
            continue;
        if (gsl_linalg_cholesky_solve(m, b, x) != GSL_SUCCESS)
            continue;
        bool finite = true;
        for (int i = 0; i < PC__NF; i++) {
            beta[i] = gsl_vector_get(x, (size_t)i);
            finite = finite && isfinite(beta[i]);
        }
        if (finite) {
            rc = 0;
            goto out;
        }
    }
    rc = PC_EMATH;
out:
    gsl_matrix_free(m);
    gsl_vector_free(b);
    gsl_vector_free(x);
    return rc;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Residual quantiles at PC__NQ probabilities from 0.001 to 0.999, with the split-conformal
 * finite-sample step (rank ceil((n + 1) p)). */
static void quantiles(fvec *r, double q[PC__NQ])
{
    qsort(r->v, r->n, sizeof(float), cmp_float);
    for (int i = 0; i < PC__NQ; i++) {
        double p = pc__q_prob(i);
        double rank = ceil((double)(r->n + 1) * p) - 1;
        if (p < 0.5)
            rank = floor((double)(r->n + 1) * p) - 1;
        size_t k = rank < 0 ? 0 : rank >= (double)r->n ? r->n - 1 : (size_t)rank;
        q[i] = r->v[k];
    }
}

double pc__q_prob(int i)
{
    if (i == 0)
        return 0.001;
    if (i == PC__NQ - 1)
        return 0.999;
    return (double)i / (PC__NQ - 1);
}

static double dot(const double *b, const double *x)
{
    double s = 0;
    for (int j = 0; j < PC__NF; j++)
        s += b[j] * x[j];
    return s;
}

static void finish_profile(const acc *a, pc__level *L)
{
    double total = 0, by_hour[24] = {0}, by_wd[7] = {0};
    for (int d = 0; d < 7; d++)
        for (int h = 0; h < 24; h++) {
            by_hour[h] += a->hours[d][h];
            by_wd[d] += a->hours[d][h];
            total += a->hours[d][h];
        }
    L->n_delivered = (uint32_t)total;
    for (int h = 0; h < 24; h++) /* a floor keeps any hour possible, never likely */
        L->hour_w[h] = total > 0 ? (by_hour[h] + 0.002 * total / 24) / (total * 1.002) : 0;
    for (int d = 0; d < 7; d++)
        L->wd_w[d] = total > 0 ? by_wd[d] / total : 0;
    for (int s = 0; s < PC_STATUS__COUNT; s++) {
        double n = 0, c = 0;
        for (int b = 0; b < PC__NDWELL; b++)
            n += a->dwell[s][b];
        L->dwell_n[s] = (uint32_t)n;
        L->dwell_p95[s] = 0;
        for (int b = 0; b < PC__NDWELL && n >= 20; b++) {
            c += a->dwell[s][b];
            if (c >= 0.95 * n) {
                L->dwell_p95[s] = dwell_bin_hours(b);
                break;
            }
        }
    }
}

/* The least mass of the grid whose windows held at least ceil((n + 1) p) of the cell's n
 * held-out deliveries (the split-conformal finite-sample rank); the widest when none did. */
static double window_mass(const acc *a, int b, double p)
{
    double need = ceil((double)(a->w_n[b] + 1) * p);
    for (int i = 0; i < PC__NPW; i++)
        if ((double)a->w_in[b][i] >= need)
            return pc__pw_grid(i);
    return pc__pw_grid(PC__NPW - 1);
}

/* Window-level calibration at 96 h and beyond. The residual quantiles calibrate the smooth
 * distribution of log-hours; a window is a contiguous run of hours after that distribution is
 * spread over delivery days and hours. Four days and more out, the windows span days without
 * deliveries and the lumps of separate delivery days, so 80% of the smooth mass no longer
 * means 80% of deliveries. There every held-out point is predicted exactly as pc_model_predict
 * predicts it, for each window mass of a grid; grouped by the cell of its point ETA's horizon
 * (the horizon users see and eval groups by), a cell's masses are the least ones whose windows
 * held 80% and 95% of its deliveries, with the split-conformal finite-sample rank. A cell needs
 * 100 points; shorter cells and thin ones keep 0.8 and 0.95 (docs/model.md, issue 5). */
static int calibrate_windows(pc_trainer *tr, pc_model *m)
{
    int rc;
    for (size_t i = 0; i < m->n_lv; i++)
        for (int b = 0; b <= PC__NB; b++) {
            m->lv[i].pw[b][0] = 0.80;
            m->lv[i].pw[b][1] = 0.95;
        }
    /* the held-out points in a scrambled order (a prime stride), so the first WIN_MAX of a cell
     * are a sample of it: that bounds the work */
    for (size_t k = 0; k < tr->n_cal; k++) {
        const cex *c = &tr->cal[(size_t)(((uint64_t)k * 1000003u) % tr->n_cal)];
        double x[PC__NF];
        for (int j = 0; j < PC__NF; j++)
            x[j] = c->x[j];
        int st = pc__stage(x);
        /* the chain is {service, carrier, shared} or {carrier, shared, none} */
        const pc__level *prof =
            c->lv[2] >= 0 ? pc__profile(&m->lv[c->lv[0]], &m->lv[c->lv[1]], &m->lv[c->lv[2]])
                          : pc__profile(NULL, &m->lv[c->lv[0]], &m->lv[c->lv[1]]);
        for (int l = 0; l < 3; l++) {
            int row;
            const pc__level *L = c->lv[l] >= 0 ? &m->lv[c->lv[l]] : NULL;
            if (!L || !L->q_ok[PC__NB] || (row = pc__coef_row(L, st)) < 0)
                continue;
            pc__dist d;
            d.mu = dot(L->beta[row], x);
            if (!isfinite(d.mu) || d.mu > 12 || d.mu < -6)
                continue;
            int b = pc__cell(x, exp(d.mu));
            memcpy(d.q, L->q[L->q_ok[b] ? b : PC__NB], sizeof(d.q));
            if (exp(d.mu + d.q[PC__NQ - 1]) < 72)
                continue; /* its point ETA cannot reach 96 h: skip the work */
            bool cover[PC__NPW];
            int e;
            acc *a = &tr->lv[c->lv[l]];
            if ((rc = pc__window_cover(&d, prof, x, c->now, c->off, exp((double)c->y), a->w_n,
                                       WIN_MAX, cover, &e)) < 0)
                return rc;
            if (e < 0)
                continue;
            a->w_n[e]++;
            for (int g = 0; g < PC__NPW; g++)
                a->w_in[e][g] += cover[g];
        }
    }
    for (size_t i = 0; i < m->n_lv; i++)
        for (int b = 0; b < PC__NB; b++) {
            if (tr->lv[i].w_n[b] < 100)
                continue;
            m->lv[i].pw[b][0] = window_mass(&tr->lv[i], b, 0.80);
            m->lv[i].pw[b][1] = fmax(m->lv[i].pw[b][0], window_mass(&tr->lv[i], b, 0.95));
        }
    return 0;
}

int pc_trainer_fit(pc_trainer *tr, pc_model **ret_model, pc_train_stats *ret_stats, char *err,
                   size_t errlen)
{
    clock_t c0 = clock();
    gsl_set_error_handler_off();
    pc_model *m = NULL;
    int rc;
    int gi = -1;
    for (size_t i = 0; i < tr->n_lv; i++)
        if (tr->lv[i].name[0] == '\0')
            gi = (int)i;
    if (gi < 0 || tr->lv[gi].n < 2 * PC__NF) {
        pc__errbuf_set(err, errlen,
                       "nothing to train on: %zu delivered shipments gave %zu prediction points "
                       "(at least %d are needed; %zu shipments were not delivered or had no "
                       "event before the delivery)",
                       tr->shipments, tr->examples, 2 * PC__NF, tr->skipped);
        return PC_EINVAL;
    }
    if (!(m = calloc(1, sizeof(*m))) || !(m->lv = calloc(tr->n_lv, sizeof(*m->lv)))) {
        rc = PC_ENOMEM;
        goto out;
    }
    m->n_lv = tr->n_lv;
    if (!tr->lanes_final)
        pc__lanes_finish(&tr->lanes);
    m->lanes = tr->lanes;
    memset(&tr->lanes, 0, sizeof(tr->lanes));
    tr->lanes_final = true;
    m->trained_at = (int64_t)time(NULL);
    m->late_threshold = tr->o.late_threshold;
    m->examples = tr->examples;
    for (size_t i = 0; i < tr->n_lv; i++) {
        acc *a = &tr->lv[i];
        pc__level *L = &m->lv[i];
        if (!(L->name = strdup(a->name))) {
            rc = PC_ENOMEM;
            goto out;
        }
        L->n = a->n;
        finish_profile(a, L);
        size_t min = (int)i == gi ? (size_t)2 * PC__NF : tr->o.min_carrier;
        bool any = false;
        for (int st = 0; st < PC__NS; st++) {
            if (a->ns[st] < min || solve_ridge(a, st, tr->o.ridge, L->beta[st]) < 0)
                continue; /* the stage uses the pooled fit, or the level its parent */
            for (int j = 0; j < PC__NF; j++)
                L->xbar[st][j] = a->sumx[st][j] / (double)a->ns[st];
            L->fitted[st] = any = true;
        }
        m->carriers += any && strchr(a->name, '\t') == NULL && a->name[0] != '\0';
    }
    if (!m->lv[gi].fitted[PC__NS - 1]) {
        pc__errbuf_set(err, errlen, "the shared model could not be fitted (singular system)");
        rc = PC_EMATH;
        goto out;
    }
    /* calibration: residuals of every level on the held-out points, each with the coefficients
     * that level would use for the point */
    double ae = 0, in80 = 0, in95 = 0;
    for (size_t k = 0; k < tr->n_cal; k++) {
        const cex *c = &tr->cal[k];
        double x[PC__NF];
        for (int j = 0; j < PC__NF; j++)
            x[j] = c->x[j];
        int st = pc__stage(x);
        for (int l = 0; l < 3; l++) {
            int row;
            if (c->lv[l] < 0 || (row = pc__coef_row(&m->lv[c->lv[l]], st)) < 0)
                continue;
            double mu = dot(m->lv[c->lv[l]].beta[row], x);
            float r = (float)((double)c->y - mu);
            acc *a = &tr->lv[c->lv[l]];
            if ((rc = fvec_push(&a->res[pc__cell(x, exp(mu))], r)) < 0 ||
                (rc = fvec_push(&a->res[PC__NB], r)) < 0)
                goto out;
        }
    }
    for (size_t i = 0; i < tr->n_lv; i++) {
        pc__level *L = &m->lv[i];
        for (int b = 0; b <= PC__NB; b++) {
            fvec *r = &tr->lv[i].res[b];
            if (r->n < (b == PC__NB ? 30u : 100u))
                continue;
            quantiles(r, L->q[b]);
            L->q_ok[b] = true;
        }
    }
    if (!m->lv[gi].q_ok[PC__NB]) {
        pc__errbuf_set(err, errlen,
                       "too few held-out prediction points to calibrate the windows (%zu; at "
                       "least 30 are needed)",
                       tr->n_cal);
        rc = PC_EINVAL;
        goto out;
    }
    if ((rc = calibrate_windows(tr, m)) < 0)
        goto out;
    /* held-out figures on the continuous distribution (the hour-level ones are eval's job) */
    for (size_t k = 0; k < tr->n_cal; k++) {
        const cex *c = &tr->cal[k];
        double x[PC__NF];
        for (int j = 0; j < PC__NF; j++)
            x[j] = c->x[j];
        const pc__level *chain[3];
        for (int l = 0; l < 3; l++)
            chain[l] = c->lv[l] >= 0 ? &m->lv[c->lv[l]] : NULL;
        int row;
        const pc__level *L = pc__pick(chain, pc__stage(x), &row);
        double mu = dot(L->beta[row], x);
        int cell = pc__cell(x, exp(mu));
        const double *q = L->q[L->q_ok[cell] ? cell : PC__NB];
        double y = (double)c->y, act = exp(y), eta = exp(mu + q[50]);
        ae += fabs(act - eta);
        in80 += y >= mu + q[10] && y <= mu + q[90];
        in95 += y >= mu + q[2] + 0.5 * (q[3] - q[2]) && y <= mu + q[97] + 0.5 * (q[98] - q[97]);
    }
    m->examples = tr->examples;
    if (ret_stats) {
        memset(ret_stats, 0, sizeof(*ret_stats));
        ret_stats->shipments = tr->shipments;
        ret_stats->skipped = tr->skipped;
        ret_stats->examples = tr->examples;
        ret_stats->calib_examples = tr->n_cal;
        ret_stats->carriers = m->carriers;
        ret_stats->seconds = (double)(clock() - c0) / CLOCKS_PER_SEC;
        if (tr->n_cal) {
            ret_stats->mae_hours = ae / (double)tr->n_cal;
            ret_stats->cov80 = in80 / (double)tr->n_cal;
            ret_stats->cov95 = in95 / (double)tr->n_cal;
        }
    }
    *ret_model = m;
    return 0;
out:
    pc_model_free(m);
    return rc;
}

const pc__level *pc__pick(const pc__level *const chain[3], int s, int *ret_row)
{
    for (int pass = 0; pass < 2; pass++)
        for (int l = 0; l < 3; l++) {
            const pc__level *L = chain[l];
            int row = L ? (pass == 0 ? (L->fitted[s] ? s : -1) : pc__coef_row(L, s)) : -1;
            if (row >= 0 && L->q_ok[PC__NB]) {
                *ret_row = row;
                return L;
            }
        }
    return NULL;
}

void pc_model_free(pc_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_lv; i++)
        free(m->lv[i].name);
    free(m->lv);
    pc__lanes_done(&m->lanes);
    free(m);
}

double pc_model_late_threshold(const pc_model *m)
{
    return m->late_threshold;
}

void pc_model_get_info(const pc_model *m, pc_model_info *ret)
{
    ret->trained_at = m->trained_at;
    ret->examples = m->examples;
    ret->carriers = m->carriers;
    ret->features = PC__NF;
}

int pc_model_prior(pc_model **ret_model)
{
    pc_model *m = calloc(1, sizeof(*m));
    if (!m)
        return PC_ENOMEM;
    m->late_threshold = 0.5;
    *ret_model = m;
    return 0;
}

/* ---- serialization ---------------------------------------------------------------------- */

static void put_double(pc__wbuf *b, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof(u));
    pc__put_u64(b, u);
}

static double get_double(pc__rbuf *b)
{
    uint64_t u = pc__get_u64(b);
    double v;
    memcpy(&v, &u, sizeof(v));
    if (!isfinite(v))
        b->failed = 1;
    return v;
}

int pc_model_save(const pc_model *m, void **ret_blob, size_t *ret_len)
{
    pc__wbuf b = {0};
    pc__put_u32(&b, MODEL_MAGIC);
    pc__put_u32(&b, MODEL_VERSION);
    pc__put_u32(&b, PC__NF);
    pc__put_u32(&b, PC__NB);
    pc__put_u32(&b, PC__NS);
    pc__put_u32(&b, PC__NQ);
    pc__put_time(&b, m->trained_at);
    put_double(&b, m->late_threshold);
    pc__put_u64(&b, m->examples);
    pc__put_u32(&b, (uint32_t)m->carriers);
    pc__put_u32(&b, (uint32_t)m->n_lv);
    for (size_t i = 0; i < m->n_lv; i++) {
        const pc__level *L = &m->lv[i];
        pc__put_str(&b, L->name);
        pc__put_u64(&b, L->n);
        for (int st = 0; st < PC__NS; st++) {
            pc__put_u8(&b, L->fitted[st]);
            for (int j = 0; j < PC__NF; j++) {
                put_double(&b, L->beta[st][j]);
                put_double(&b, L->xbar[st][j]);
            }
        }
        for (int k = 0; k <= PC__NB; k++) {
            pc__put_u8(&b, L->q_ok[k]);
            for (int j = 0; j < PC__NQ; j++)
                put_double(&b, L->q[k][j]);
            put_double(&b, L->pw[k][0]);
            put_double(&b, L->pw[k][1]);
        }
        pc__put_u32(&b, L->n_delivered);
        for (int h = 0; h < 24; h++)
            put_double(&b, L->hour_w[h]);
        for (int d = 0; d < 7; d++)
            put_double(&b, L->wd_w[d]);
        for (int s = 0; s < PC_STATUS__COUNT; s++) {
            pc__put_u32(&b, L->dwell_n[s]);
            put_double(&b, L->dwell_p95[s]);
        }
    }
    pc__put_u32(&b, (uint32_t)m->lanes.count);
    for (size_t i = 0; i < m->lanes.cap; i++) {
        if (!m->lanes.key[i])
            continue;
        pc__put_str(&b, m->lanes.key[i]);
        put_double(&b, m->lanes.sum[i]);
    }
    if (b.failed) {
        pc__wbuf_done(&b);
        return PC_ENOMEM;
    }
    *ret_blob = b.p;
    *ret_len = b.len;
    return 0;
}

int pc_model_load(const void *blob, size_t len, pc_model **ret_model)
{
    pc__rbuf b = {.p = blob, .len = len};
    pc_model *m = calloc(1, sizeof(*m));
    if (!m)
        return PC_ENOMEM;
    int rc = PC_EMALFORMED;
    if (pc__get_u32(&b) != MODEL_MAGIC || pc__get_u32(&b) != MODEL_VERSION ||
        pc__get_u32(&b) != PC__NF || pc__get_u32(&b) != PC__NB || pc__get_u32(&b) != PC__NS ||
        pc__get_u32(&b) != PC__NQ)
        goto out;
    m->trained_at = pc__get_time(&b);
    m->late_threshold = get_double(&b);
    m->examples = (size_t)pc__get_u64(&b);
    m->carriers = pc__get_u32(&b);
    uint32_t n = pc__get_u32(&b);
    if (b.failed || n > 100000 || (size_t)n * 64 > len)
        goto out;
    if (n && !(m->lv = calloc(n, sizeof(*m->lv)))) {
        rc = PC_ENOMEM;
        goto out;
    }
    m->n_lv = n;
    for (size_t i = 0; i < n && !b.failed; i++) {
        pc__level *L = &m->lv[i];
        L->name = pc__get_str(&b);
        L->n = (size_t)pc__get_u64(&b);
        for (int st = 0; st < PC__NS; st++) {
            L->fitted[st] = pc__get_u8(&b) != 0;
            for (int j = 0; j < PC__NF; j++) {
                L->beta[st][j] = get_double(&b);
                L->xbar[st][j] = get_double(&b);
            }
        }
        for (int k = 0; k <= PC__NB; k++) {
            L->q_ok[k] = pc__get_u8(&b) != 0;
            for (int j = 0; j < PC__NQ; j++)
                L->q[k][j] = get_double(&b);
            L->pw[k][0] = get_double(&b);
            L->pw[k][1] = get_double(&b);
            if (!(L->pw[k][0] >= 0.5 && L->pw[k][0] <= L->pw[k][1] && L->pw[k][1] < 1))
                b.failed = 1; /* a window mass outside 0.5 .. 0.999 */
        }
        L->n_delivered = pc__get_u32(&b);
        for (int h = 0; h < 24; h++)
            L->hour_w[h] = get_double(&b);
        for (int d = 0; d < 7; d++)
            L->wd_w[d] = get_double(&b);
        for (int s = 0; s < PC_STATUS__COUNT; s++) {
            L->dwell_n[s] = pc__get_u32(&b);
            L->dwell_p95[s] = get_double(&b);
        }
        if (!L->name)
            b.failed = 1;
    }
    uint32_t n_lanes = b.failed ? 0 : pc__get_u32(&b);
    if (n_lanes > len / 8)
        b.failed = 1;
    for (uint32_t i = 0; i < n_lanes && !b.failed; i++) {
        char *lane = pc__get_str(&b);
        double v = get_double(&b);
        if (!lane || b.failed || pc__lanes_add(&m->lanes, lane, v, 1.0) < 0)
            b.failed = 1;
        free(lane);
    }
    if (b.failed || b.off != b.len)
        goto out;
    *ret_model = m;
    return 0;
out:
    pc_model_free(m);
    return rc;
}

int pc_model_store_put(pc_txn *tx, const pc_model *m)
{
    void *blob;
    size_t len;
    int rc = pc_model_save(m, &blob, &len);
    if (rc < 0)
        return rc;
    rc = pc_store_put_blob(tx, PC_MODEL_BLOB, blob, len);
    free(blob);
    return rc;
}

int pc_model_store_get(pc_txn *tx, pc_model **ret_model)
{
    void *blob;
    size_t len;
    int rc = pc_store_get_blob(tx, PC_MODEL_BLOB, &blob, &len);
    if (rc < 0)
        return rc;
    rc = pc_model_load(blob, len, ret_model);
    free(blob);
    return rc;
}

struct train_scan {
    pc_trainer *tr;
    int64_t cutoff;
    pc_txn *tx;
};

static int train_cb(const pc_shipment *s, uint64_t id, void *ctx)
{
    struct train_scan *t = ctx;
    pc_edd edd[PC_EDD_MAX];
    size_t n = 0;
    int rc = s->status == PC_STATUS_DELIVERED ? pc_edd_load(t->tx, id, edd, PC_EDD_MAX, &n) : 0;
    if (rc < 0)
        return rc;
    return pc_trainer_add_edd(t->tr, s, edd, n, t->cutoff);
}

struct recent {
    pc_trainer *tr;
    int64_t cutoff;
    int64_t *t;
    size_t n, cap;
};

static int recent_cb(const pc_history_row *row, void *ctx)
{
    struct recent *r = ctx;
    if (row->delivered_at == PC_TIME_NONE ||
        (r->cutoff != PC_TIME_NONE && row->delivered_at >= r->cutoff))
        return 0;
    void *grown = pc__grow(r->t, &r->cap, r->n, sizeof(*r->t), 4096);
    if (!grown)
        return PC_ENOMEM;
    r->t = grown;
    r->t[r->n++] = row->delivered_at;
    return pc_trainer_note_lane(r->tr, row->lane, row->first_event, row->delivered_at);
}

static int cmp_time(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int pc_model_train_store(pc_store *st, const pc_train_opts *opts, int64_t cutoff,
                         pc_model **ret_model, pc_train_stats *ret_stats, char *err, size_t errlen)
{
    pc_trainer *tr;
    int rc = pc_trainer_new(opts, &tr);
    if (rc < 0)
        return rc;
    pc_txn *tx;
    clock_t c0 = clock();
    if ((rc = pc_store_read_begin(st, &tx)) == 0) {
        /* hold out the newest deliveries: windows calibrated on the most recent behaviour */
        struct recent r = {tr, cutoff, NULL, 0, 0};
        rc = pc_store_scan_history(tx, NULL, INT32_MIN, INT32_MAX, recent_cb, &r);
        if (rc >= 0 && r.n >= 100 && !(opts && opts->calib_after)) {
            qsort(r.t, r.n, sizeof(int64_t), cmp_time);
            tr->o.calib_after = r.t[(size_t)((double)r.n * (1 - tr->o.calib_share))];
        }
        free(r.t);
        struct train_scan t = {tr, cutoff, tx};
        if (rc >= 0)
            rc = pc_store_scan_shipments(tx, train_cb, &t);
        pc_store_read_end(tx);
    }
    if (rc >= 0)
        rc = pc_trainer_fit(tr, ret_model, ret_stats, err, errlen);
    else
        pc__errbuf_set(err, errlen, "reading the store: %s", pc_strerror(rc));
    if (rc >= 0 && ret_stats)
        ret_stats->seconds = (double)(clock() - c0) / CLOCKS_PER_SEC;
    pc_trainer_free(tr);
    return rc;
}
