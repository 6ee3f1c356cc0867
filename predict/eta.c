/* Prediction: the level's regression gives the median of log-remaining-hours, its calibrated
 * residual quantiles the distribution around it; the mass of each local day is spread over
 * the day's hours with the carrier's delivery-hour profile (days the carrier does not deliver
 * pass their mass to the next one), and windows are the shortest runs of hours holding 80% /
 * 95% of it. */
#include "model_internal.h"

#include <parcelcast/error.h>
#include <parcelcast/timeutil.h>

#include <gsl/gsl_cdf.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SLOTS   (24 * 240) /* ten months of hours; beyond that the rest is one slot */
#define COLD_WIDEN  1.3        /* unseen carrier: residuals scaled about their median */
#define PRIOR_SIGMA 1.0        /* no model at all: lognormal around the status's prior */

typedef struct slot {
    int64_t start, end;
    double mass;
} slot;

typedef pc__dist dist;

static const pc__level *find_level(const pc_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_lv; i++)
        if (strcmp(m->lv[i].name, name) == 0)
            return &m->lv[i];
    return NULL;
}

/* P(remaining <= h hours). */
static double cdf(const dist *d, double h)
{
    if (h <= 0)
        return 0;
    double r = log(h) - d->mu;
    const double *q = d->q;
    if (r <= q[0])
        return 0;
    if (r >= q[PC__NQ - 1])
        return 1;
    int lo = 0, hi = PC__NQ - 1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (q[mid] <= r)
            lo = mid;
        else
            hi = mid;
    }
    double p0 = pc__q_prob(lo), p1 = pc__q_prob(hi);
    double span = (double)q[hi] - (double)q[lo];
    double p = span > 0 ? p0 + (p1 - p0) * (r - q[lo]) / span : p1;
    /* the stored quantiles span 0.001 .. 0.999: rescale so the distribution sums to one */
    return (p - 0.001) / 0.998;
}

static int64_t local_midnight_after(int64_t t, int off_min)
{
    int64_t local = t + (int64_t)off_min * 60;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    return (day + 1) * 86400 - (int64_t)off_min * 60;
}

/* Slots the distribution may need: its horizon, plus days for mass waiting out days without
 * deliveries. */
static size_t slots_needed(const dist *d)
{
    double end_h = exp(d->mu + d->q[PC__NQ - 1]) + 1;
    size_t need = end_h >= MAX_SLOTS ? MAX_SLOTS : ((size_t)(end_h / 24) + 10) * 24;
    return need < MAX_SLOTS ? need : MAX_SLOTS;
}

/* Spread the distribution over hour slots from now (at most cap of them). */
static size_t build_slots(const dist *d, const pc__level *prof, int64_t now, int off, slot *sl,
                          size_t cap)
{
    double end_h = exp(d->mu + d->q[PC__NQ - 1]) + 1;
    if (end_h > MAX_SLOTS - 48)
        end_h = MAX_SLOTS - 48;
    int64_t end = now + (int64_t)(end_h * 3600);
    double wmax = 0;
    for (int i = 0; i < 7; i++)
        wmax = prof && prof->wd_w[i] > wmax ? prof->wd_w[i] : wmax;
    size_t n = 0;
    double carry = 0, gap[14], prev_w[24], prev_open = 0;
    int n_gap = 0;
    size_t prev_first = 0, prev_n = 0;
    int64_t ds = now;
    for (int guard = 0; n + 24 < cap && guard < 400; guard++) {
        int64_t de = local_midnight_after(ds, off);
        double m = cdf(d, (double)(de - now) / 3600.0) - cdf(d, (double)(ds - now) / 3600.0);
        int wd, hour;
        pc__local_wd_hour(ds, off, &wd, &hour);
        double pending = carry;
        for (int g = 0; g < n_gap; g++)
            pending += gap[g];
        if (ds >= end && pending <= 0)
            break;
        if (prof && wmax > 0 && prof->wd_w[wd] < 0.02 * wmax) {
            /* no deliveries on this weekday: the mass goes to the delivery days either side */
            if (n_gap < 14)
                gap[n_gap++] = m;
            else
                carry += m;
            ds = de;
            continue;
        }
        if (n_gap) {
            /* The smooth distribution's mass on a run of days without deliveries stands for
             * deliveries on the delivery days either side of it: the first half of the run goes
             * back to the previous delivery day (as much of it as that day still has ahead of
             * now, by its hour profile), the rest on to this one. All of it going on made long
             * windows start a delivery day late (issue 5). */
            double back = 0;
            for (int g = 0; g < n_gap; g++) {
                double f = prev_n ? prev_open * fmax(0, fmin(1, 0.5 * n_gap - g)) : 0;
                back += f * gap[g];
                carry += (1 - f) * gap[g];
            }
            for (size_t i = 0; i < prev_n; i++)
                sl[prev_first + i].mass += back * prev_w[i];
            n_gap = 0;
        }
        m += carry;
        carry = 0;
        double w[24], W = 0, Wday = 0;
        for (int h = 0; h < 24; h++) {
            w[h] = prof && prof->n_delivered > 0 ? prof->hour_w[h] : (h >= 8 && h < 20);
            Wday += w[h];
            if (h < hour)
                continue;
            if (h == hour) /* the hour already under way counts for what is left of it */
                w[h] *= 1.0 - (double)((ds + (int64_t)off * 60) % 3600) / 3600.0;
            W += w[h];
        }
        int64_t t = ds;
        prev_first = n;
        prev_n = (size_t)(24 - hour);
        prev_open = Wday > 0 ? W / Wday : 0;
        for (int h = hour; h < 24; h++) {
            int64_t hend = de - (int64_t)(23 - h) * 3600;
            sl[n].start = t;
            sl[n].end = hend;
            sl[n].mass = W > 0 ? m * w[h] / W : m / (24 - hour);
            prev_w[h - hour] = W > 0 ? w[h] / W : 1.0 / (24 - hour);
            t = hend;
            n++;
        }
        ds = de;
    }
    return n;
}

const pc__level *pc__profile(const pc__level *svc, const pc__level *car, const pc__level *glob)
{
    return svc && svc->n_delivered >= 50   ? svc
           : car && car->n_delivered >= 50 ? car
           : glob && glob->n_delivered > 0 ? glob
                                           : NULL;
}

/* Shortest run of slots holding p of the mass. */
static void window(const slot *sl, size_t n, double total, double p, int64_t *ret_start,
                   int64_t *ret_end)
{
    double need = p * total - 1e-12, sum = 0;
    size_t i = 0, bi = 0, bj = 0;
    double bsum = 0;
    int64_t best = INT64_MAX;
    *ret_start = sl[0].start;
    *ret_end = sl[n - 1].end;
    for (size_t j = 0; j < n; j++) {
        sum += sl[j].mass;
        while (i < j && sum - sl[i].mass >= need) {
            sum -= sl[i].mass;
            i++;
        }
        if (sum >= need && sl[j].end - sl[i].start < best) {
            best = sl[j].end - sl[i].start;
            bi = i;
            bj = j;
            bsum = sum;
        }
    }
    if (best == INT64_MAX)
        return;
    /* the run holds more than p: give the excess back at its thinner end, pro rata of time */
    double excess = bsum - need;
    int64_t s0 = sl[bi].start, e0 = sl[bj].end;
    double di = sl[bi].mass / (double)(sl[bi].end - sl[bi].start);
    double dj = sl[bj].mass / (double)(sl[bj].end - sl[bj].start);
    if (bi != bj && excess > 0) {
        if (di <= dj && sl[bi].mass > 0) {
            double f = excess >= sl[bi].mass ? 1 : excess / sl[bi].mass;
            s0 += (int64_t)(f * (double)(sl[bi].end - sl[bi].start));
        } else if (sl[bj].mass > 0) {
            double f = excess >= sl[bj].mass ? 1 : excess / sl[bj].mass;
            e0 -= (int64_t)(f * (double)(sl[bj].end - sl[bj].start));
        }
    }
    *ret_start = s0;
    *ret_end = e0 > s0 ? e0 : s0 + 60;
}

double pc__pw_grid(int i)
{
    return i < 50 ? 0.50 + 0.01 * i : i == 50 ? 0.995 : 0.999;
}

/* The point ETA: the median of the slots, as hours after now. */
static double median_h(const slot *sl, size_t n, double total, int64_t now)
{
    double cum = 0, half = 0.5 * total;
    for (size_t i = 0; i < n; i++) {
        if (cum + sl[i].mass >= half && sl[i].mass > 0) {
            double f = (half - cum) / sl[i].mass;
            return (double)(sl[i].start - now) / 3600.0 +
                   f * (double)(sl[i].end - sl[i].start) / 3600.0;
        }
        cum += sl[i].mass;
    }
    return n ? (double)(sl[n - 1].end - now) / 3600.0 : 0;
}

int pc__window_cover(const pc__dist *d, const pc__level *prof, const double x[PC__NF], int64_t now,
                     int offset_min, double actual_h, const uint32_t n_cell[PC__NB], uint32_t max_n,
                     bool cover[PC__NPW], int *ret_cell)
{
    slot stack_sl[24 * 40];
    size_t cap = slots_needed(d);
    slot *sl = cap <= sizeof(stack_sl) / sizeof(stack_sl[0]) ? stack_sl : malloc(sizeof(*sl) * cap);
    if (!sl)
        return PC_ENOMEM;
    size_t n = build_slots(d, prof, now, offset_min, sl, cap);
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += sl[i].mass;
    int64_t t = now + (int64_t)llround(actual_h * 3600.0), a, b;
    *ret_cell = -1;
    int e = n > 0 && total > 0 ? pc__cell(x, median_h(sl, n, total, now)) : -1;
    if (e >= 0 && PC__CELL_WINDOW_STEP(e) && n_cell[e] < max_n) {
        *ret_cell = e;
        /* shortest windows need not nest as the mass grows: every mass is tried */
        for (int i = 0; i < PC__NPW; i++) {
            window(sl, n, total, pc__pw_grid(i), &a, &b);
            cover[i] = t >= a && t <= b;
        }
    }
    if (sl != stack_sl)
        free(sl);
    return 0;
}

static void fmt_local(int64_t t, int off, char *buf, size_t size)
{
    static const char *wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    pc_civil c;
    pc_unix_to_civil(t + (int64_t)off * 60, &c);
    int w, h;
    pc__local_wd_hour(t, off, &w, &h);
    snprintf(buf, size, "%s %d %s %02d:%02d", wd[w], c.day, mon[(c.month + 11) % 12], c.hour,
             c.minute);
}

static void add_reason(pc_eta *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_reason(pc_eta *e, const char *fmt, ...)
{
    if (e->n_reasons >= PC_ETA_REASONS)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->reasons[e->n_reasons++], sizeof(e->reasons[0]), fmt, ap);
    va_end(ap);
}

static const char *status_words(pc_status st)
{
    switch (st) {
    case PC_STATUS_PENDING:
    case PC_STATUS_INFO_RECEIVED:
        return "label created";
    case PC_STATUS_OUT_FOR_DELIVERY:
        return "out for delivery";
    case PC_STATUS_FAILED_ATTEMPT:
        return "failed attempt";
    case PC_STATUS_AVAILABLE_FOR_PICKUP:
        return "waiting for pickup";
    case PC_STATUS_EXCEPTION:
        return "exception";
    default:
        return "in transit";
    }
}

/* Feature groups for reasons: first and last feature index (inclusive), and one more index
 * (-1: none) -- the merchant's promised lead time counts with the promise. */
static const struct group {
    int first, last, extra;
} groups[] = {{1, 3, 34},   {4, 11, 33},  {12, 15, 31}, {16, 17, -1},
              {18, 27, -1}, {28, 30, 32}, {35, 38, -1}};
#define N_GROUPS 7

static void model_reasons(pc_eta *e, const double *beta, const double *xbar, const double x[PC__NF],
                          const pc__pstate *ps, double median_h, const pc_shipment *s)
{
    double c[N_GROUPS];
    int order[N_GROUPS];
    for (int g = 0; g < N_GROUPS; g++) {
        c[g] = 0;
        for (int j = groups[g].first; j <= groups[g].last; j++)
            c[g] += beta[j] * (x[j] - xbar[j]);
        if (groups[g].extra >= 0)
            c[g] += beta[groups[g].extra] * (x[groups[g].extra] - xbar[groups[g].extra]);
        order[g] = g;
    }
    for (int a = 0; a < N_GROUPS; a++)
        for (int b = a + 1; b < N_GROUPS; b++)
            if (fabs(c[order[b]]) > fabs(c[order[a]])) {
                int t = order[a];
                order[a] = order[b];
                order[b] = t;
            }
    char when[48];
    for (int k = 0; k < N_GROUPS && e->n_reasons < PC_ETA_REASONS; k++) {
        int g = order[k];
        double eff = median_h * (1 - exp(-c[g]));
        if (fabs(eff) < 0.5)
            break;
        const char *dir = eff > 0 ? "later" : "earlier";
        double h = fabs(eff);
        switch (g) {
        case 0:
            if (ps->handoff == PC_TIME_NONE)
                add_reason(e, "not handed to %s yet (ETA %.0f h %s)", s->carrier, h, dir);
            else
                add_reason(e, "with %s for %.0f h since handoff (ETA %.0f h %s)", s->carrier,
                           (double)(ps->now - ps->handoff) / 3600.0, h, dir);
            break;
        case 1:
            if (ps->last_event == PC_TIME_NONE)
                add_reason(e, "no scan yet (ETA %.0f h %s)", h, dir);
            else
                add_reason(e, "%s, last scan %.0f h ago (ETA %.0f h %s)", status_words(ps->status),
                           (double)(ps->now - ps->last_event) / 3600.0, h, dir);
            break;
        case 2:
            if (ps->promise == PC_TIME_NONE) {
                add_reason(e, "no promised date (ETA %.0f h %s)", h, dir);
            } else {
                fmt_local(ps->promise, ps->offset_min, when, sizeof(when));
                add_reason(e, "promised by %s (ETA %.0f h %s)", when, h, dir);
            }
            break;
        case 3:
            add_reason(e, "order to handoff took %.0f h (ETA %.0f h %s)",
                       ps->handoff != PC_TIME_NONE && ps->ordered != PC_TIME_NONE
                           ? (double)(ps->handoff - ps->ordered) / 3600.0
                           : 0.0,
                       h, dir);
            break;
        case 5:
            add_reason(e, "the route, last scan %s the destination %s (ETA %.0f h %s)",
                       x[28] > 0 ? "in" : "outside",
                       x[30] > 0   ? "town"
                       : x[29] > 0 ? "region"
                                   : "country",
                       h, dir);
            break;
        case 6:
            if (ps->edd == PC_TIME_NONE) {
                add_reason(e, "no carrier estimate (ETA %.0f h %s)", h, dir);
            } else {
                fmt_local(ps->edd, ps->offset_min, when, sizeof(when));
                add_reason(e, "carrier estimates %s (ETA %.0f h %s)", when, h, dir);
            }
            break;
        default:
            fmt_local(ps->now, ps->offset_min, when, sizeof(when));
            add_reason(e, "now is %s local%s (ETA %.0f h %s)", when,
                       x[26] > 0 ? ", weekend ahead" : "", h, dir);
            break;
        }
    }
}

static int predict(const pc_model *m, const pc_shipment *s, int64_t now, int64_t edd, pc_eta *ret);

int pc_model_predict(const pc_model *m, const pc_shipment *s, int64_t now, pc_eta *ret)
{
    return predict(m, s, now, s->carrier_eta, ret);
}

int pc_model_predict_replay(const pc_model *m, const pc_shipment *s, const pc_edd *edd,
                            size_t n_edd, int64_t now, pc_eta *ret)
{
    return predict(m, s, now, pc__edd_at(edd, n_edd, now), ret);
}

static int predict(const pc_model *m, const pc_shipment *s, int64_t now, int64_t edd, pc_eta *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->made_at = now;
    ret->p_late = -1;
    if (!s->carrier)
        return PC_EINVAL;
    pc__pstate ps;
    pc__pstate_build(s, now, &ps);
    ps.lane_dev = pc__lane_dev(&m->lanes, s);
    ps.edd = edd;
    if (ps.delivered_at != PC_TIME_NONE) {
        ret->time = ret->w80_start = ret->w80_end = ret->w95_start = ret->w95_end = ps.delivered_at;
        if (ps.promise != PC_TIME_NONE)
            ret->p_late = ps.delivered_at > ps.promise ? 1.0 : 0.0;
        add_reason(ret, "delivered");
        return 0;
    }
    double x[PC__NF];
    pc__features(&ps, x);

    char name[256];
    const pc__level *svc = NULL, *car = NULL, *glob = NULL;
    if (s->service && *s->service) {
        pc__level_names(s->carrier, s->service, name, sizeof(name));
        svc = find_level(m, name);
    }
    car = find_level(m, s->carrier);
    glob = find_level(m, "");
    int stage = pc__stage(x), row = -1;
    const pc__level *own[3] = {svc, car, NULL}, *shared[3] = {glob, NULL, NULL};
    const pc__level *L = pc__pick(own, stage, &row);
    if (!L) {
        ret->cold = true;
        L = pc__pick(shared, stage, &row);
    }
    /* the delivery profile: the most specific level that has seen enough deliveries */
    const pc__level *prof = pc__profile(svc, car, glob);
    dist d;
    double p80 = 0.80, p95 = 0.95; /* the mass the windows hold (below) */
    if (L) {
        d.mu = 0;
        for (int j = 0; j < PC__NF; j++)
            d.mu += L->beta[row][j] * x[j];
        int b = pc__cell(x, exp(d.mu));
        const double *q = L->q[L->q_ok[b] ? b : PC__NB];
        double widen = ret->cold ? COLD_WIDEN : 1.0;
        for (int i = 0; i < PC__NQ; i++)
            d.q[i] = (q[50] + widen * (q[i] - q[50]));
    } else {
        d.mu = log(pc__prior_hours(ps.status));
        for (int i = 0; i < PC__NQ; i++)
            d.q[i] = (PRIOR_SIGMA * gsl_cdf_ugaussian_Pinv(pc__q_prob(i)));
    }
    if (!isfinite(d.mu) || d.mu > 12 || d.mu < -6) /* beyond ~18 years or a minute: clamp */
        d.mu = d.mu > 12 ? 12 : d.mu < -6 ? -6 : log(pc__prior_hours(ps.status));

    /* most horizons are days: their slots fit on the stack (no allocation per prediction) */
    slot stack_sl[24 * 40];
    size_t cap = slots_needed(&d);
    slot *sl = cap <= sizeof(stack_sl) / sizeof(stack_sl[0]) ? stack_sl : malloc(sizeof(*sl) * cap);
    if (!sl)
        return PC_ENOMEM;
    size_t n = build_slots(&d, prof, now, ps.offset_min, sl, cap);
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += sl[i].mass;
    if (n == 0 || !(total > 0)) { /* degenerate: a one-hour window at the median */
        int64_t t = now + (int64_t)(exp(d.mu) * 3600);
        ret->time = t;
        ret->w80_start = ret->w95_start = t - 1800 > now ? t - 1800 : now;
        ret->w80_end = ret->w95_end = t + 1800;
    } else {
        double cum = 0, half = 0.5 * total;
        ret->time = sl[n - 1].end;
        for (size_t i = 0; i < n; i++) {
            if (cum + sl[i].mass >= half && sl[i].mass > 0) {
                double f = (half - cum) / sl[i].mass;
                ret->time = sl[i].start + (int64_t)(f * (double)(sl[i].end - sl[i].start));
                break;
            }
            cum += sl[i].mass;
        }
        if (L) { /* the window masses of the point ETA's horizon */
            int e = pc__cell(x, (double)(ret->time - now) / 3600.0);
            p80 = L->pw[e][0];
            p95 = L->pw[e][1];
        }
        window(sl, n, total, p80, &ret->w80_start, &ret->w80_end);
        window(sl, n, total, p95, &ret->w95_start, &ret->w95_end);
        /* the 95% window holds the 80% one (two shortest runs need not nest) */
        if (ret->w80_start < ret->w95_start)
            ret->w95_start = ret->w80_start;
        if (ret->w80_end > ret->w95_end)
            ret->w95_end = ret->w80_end;
        if (ps.promise != PC_TIME_NONE) {
            double after = 0;
            for (size_t i = 0; i < n; i++) {
                if (sl[i].start >= ps.promise)
                    after += sl[i].mass;
                else if (sl[i].end > ps.promise)
                    after += sl[i].mass * (double)(sl[i].end - ps.promise) /
                             (double)(sl[i].end - sl[i].start);
            }
            ret->p_late = after / total;
            if (ret->p_late > 1)
                ret->p_late = 1;
        }
    }
    if (sl != stack_sl)
        free(sl);
    if (ps.promise != PC_TIME_NONE && now > ps.promise)
        ret->p_late = 1.0;

    /* risk flags first, then what moved the estimate */
    char when[48];
    if (ret->p_late >= m->late_threshold) {
        ret->risk |= PC_RISK_LATE;
        fmt_local(ps.promise, ps.offset_min, when, sizeof(when));
        add_reason(ret, "%.0f%% likely to arrive after the promise (%s)", 100 * ret->p_late, when);
    }
    const pc__level *gl = svc && svc->dwell_n[ps.status] >= 20   ? svc
                          : car && car->dwell_n[ps.status] >= 20 ? car
                                                                 : NULL;
    if (gl && gl->dwell_p95[ps.status] > 0 && ps.status_since != PC_TIME_NONE) {
        double since = (double)(now - ps.status_since) / 3600.0;
        if (since > gl->dwell_p95[ps.status]) {
            const char *city = ps.last && ps.last->location.city ? ps.last->location.city : NULL;
            ret->risk |= PC_RISK_STALL;
            add_reason(ret, "%s for %.0f h%s%s; 95%% of %s parcels move on within %.0f h",
                       status_words(ps.status), since, city ? ", last seen in " : "",
                       city ? city : "", s->carrier, (double)gl->dwell_p95[ps.status]);
        }
    }
    if (ps.status == PC_STATUS_EXCEPTION || ps.status == PC_STATUS_FAILED_ATTEMPT) {
        ret->risk |= PC_RISK_EXCEPTION;
        add_reason(ret, "carrier reported %s%s%s", status_words(ps.status),
                   ps.last && ps.last->description ? ": " : "",
                   ps.last && ps.last->description ? ps.last->description : "");
    }
    ret->at_risk = ret->risk != 0;
    if (ret->cold)
        add_reason(ret, "no model for %s yet: wider windows from %s", s->carrier,
                   L ? "all carriers" : "priors");
    if (L)
        model_reasons(ret, L->beta[row], L->xbar[row], x, &ps, exp(d.mu + d.q[50]), s);
    return 0;
}

static json_t *time_json(int64_t t)
{
    char buf[40];
    return json_string(pc_time_format(t, buf, sizeof(buf)));
}

json_t *pc_eta_to_json(const pc_eta *e)
{
    json_t *reasons = json_array(), *risk = json_array();
    if (!reasons || !risk)
        goto fail;
    for (int i = 0; i < e->n_reasons; i++)
        json_array_append_new(reasons, json_string(e->reasons[i]));
    static const char *names[] = {"late", "stall", "exception"};
    for (int i = 0; i < 3; i++)
        if (e->risk & (1u << i))
            json_array_append_new(risk, json_string(names[i]));
    json_t *j = json_pack("{s:o, s:{s:o, s:o}, s:{s:o, s:o}, s:o, s:b, s:o, s:b, s:o}", "time",
                          time_json(e->time), "window_80", "start", time_json(e->w80_start), "end",
                          time_json(e->w80_end), "window_95", "start", time_json(e->w95_start),
                          "end", time_json(e->w95_end), "p_late",
                          e->p_late < 0 ? json_null() : json_real(round(e->p_late * 1000) / 1000),
                          "at_risk", e->at_risk, "risk", risk, "cold", e->cold, "reasons", reasons);
    return j;
fail:
    json_decref(reasons);
    json_decref(risk);
    return NULL;
}
