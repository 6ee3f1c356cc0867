/* Prediction state and features: only what is known at `now`. */
#include "predict_internal.h"

#include <parcelcast/error.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    F_ONE,
    F_HANDED,      /* handed to the carrier */
    F_SINCE_HAND,  /* log1p(hours since handoff) */
    F_SINCE_HAND2, /* its square: transit is not log-linear in elapsed time */
    F_IN_STATUS,   /* log1p(hours in the current status) */
    F_SINCE_SCAN,  /* log1p(hours since the newest event) */
    F_SCANS,       /* log1p(events so far) */
    F_S_PRE,       /* status dummies; in_transit is the baseline */
    F_S_OFD,
    F_S_FA,
    F_S_AP,
    F_S_EX,
    F_HAS_PROMISE,
    F_TO_PROMISE, /* log1p(hours to the promise) when ahead */
    F_TO_PROMISE2,
    F_PROMISE_PASSED,
    F_ORDER_TO_HAND, /* log1p(hours from order to handoff): the merchant's processing time */
    F_ORDER_AGE,     /* log1p(hours since the order) */
    F_HOUR_SIN,
    F_HOUR_COS,
    F_WD0, /* Tuesday .. Sunday dummies (Monday is the baseline) */
    F_WD_LAST = F_WD0 + 5,
    F_WEEKEND_AHEAD,    /* weekend days within the next three local days */
    F_LATE_DAY,         /* local hour >= 17: today's vans have left */
    F_AT_COUNTRY,       /* the newest scan is in the destination country */
    F_AT_REGION,        /* ... region (state, province) */
    F_AT_CITY,          /* ... city or postal code */
    F_ORDER_TO_PROMISE, /* log1p(hours from order to promise): the merchant's promised lead time */
    F_LANE,             /* the lane's deviation from the mean, log-hours (shrunken) */
    F_EXCEPTIONS,       /* log1p(exception events so far): delays the carrier has shown */
    F_FAILED,           /* log1p(failed delivery attempts so far) */
    F_HAS_EDD,          /* the carrier gives an estimate */
    F_TO_EDD,           /* log1p(hours to it) when ahead */
    F_EDD_PASSED,       /* it has passed */
    F_EDD_VS_PROMISE,   /* signed log1p(|estimate - promise| hours): the carrier expects late */
    F__COUNT
};
_Static_assert(F__COUNT == PC__NF, "PC__NF must match the feature list");

static double hours_between(int64_t a, int64_t b)
{
    return (double)(b - a) / 3600.0;
}

static bool same(const char *a, const char *b)
{
    return a && b && *a && strcasecmp(a, b) == 0;
}

static double log1p_pos(double h)
{
    return h > 0 ? log1p(h) : 0.0;
}

void pc__local_wd_hour(int64_t t, int offset_min, int *ret_wd, int *ret_hour)
{
    int64_t local = t + (int64_t)offset_min * 60;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t sec = local - day * 86400;
    /* 1970-01-01 was a Thursday (3 with Monday = 0) */
    int64_t wd = (day + 3) % 7;
    if (wd < 0)
        wd += 7;
    *ret_wd = (int)wd;
    *ret_hour = (int)(sec / 3600);
}

int64_t pc__delivery_time(const pc_shipment *s)
{
    int64_t d = PC_TIME_NONE;
    if (s->status != PC_STATUS_DELIVERED)
        return d;
    for (size_t i = 0; i < s->n_events; i++)
        if (s->events[i].status == PC_STATUS_DELIVERED &&
            (d == PC_TIME_NONE || s->events[i].time > d))
            d = s->events[i].time;
    return d;
}

void pc__pstate_build(const pc_shipment *s, int64_t now, pc__pstate *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->now = now;
    ret->ordered = ret->handoff = ret->last_event = ret->status_since = PC_TIME_NONE;
    ret->edd = PC_TIME_NONE;
    ret->delivered_at = PC_TIME_NONE;
    ret->status = PC_STATUS_PENDING;
    ret->promise = s->promised_by;
    ret->dest = &s->destination;
    const pc_event *last = NULL;
    for (size_t i = 0; i < s->n_events; i++) {
        const pc_event *e = &s->events[i];
        if (e->time == PC_TIME_NONE || e->time > now)
            continue;
        ret->n_scans++;
        ret->n_exceptions += e->status == PC_STATUS_EXCEPTION;
        ret->n_failed += e->status == PC_STATUS_FAILED_ATTEMPT;
        if (ret->ordered == PC_TIME_NONE || e->time < ret->ordered)
            ret->ordered = e->time;
        if (e->status != PC_STATUS_PENDING && e->status != PC_STATUS_INFO_RECEIVED &&
            (ret->handoff == PC_TIME_NONE || e->time < ret->handoff))
            ret->handoff = e->time;
        if (!last || e->time >= last->time)
            last = e;
    }
    ret->last = last;
    if (!last)
        return;
    ret->last_event = last->time;
    ret->status = last->status;
    ret->offset_min = last->utc_offset == PC_OFFSET_NONE ? 0 : last->utc_offset;
    /* The current status began at the oldest event of the newest unbroken run of it. */
    ret->status_since = last->time;
    int64_t other = PC_TIME_NONE; /* newest event of another status */
    for (size_t i = 0; i < s->n_events; i++) {
        const pc_event *e = &s->events[i];
        if (e->time != PC_TIME_NONE && e->time <= now && e->status != last->status &&
            (other == PC_TIME_NONE || e->time > other))
            other = e->time;
    }
    for (size_t i = 0; i < s->n_events; i++) {
        const pc_event *e = &s->events[i];
        if (e->time != PC_TIME_NONE && e->time <= now && e->status == last->status &&
            (other == PC_TIME_NONE || e->time > other) && e->time < ret->status_since)
            ret->status_since = e->time;
    }
    if (last->status == PC_STATUS_DELIVERED)
        ret->delivered_at = last->time;
}

void pc__features(const pc__pstate *ps, double x[PC__NF])
{
    memset(x, 0, sizeof(double) * PC__NF);
    x[F_ONE] = 1.0;
    if (ps->handoff != PC_TIME_NONE) {
        x[F_HANDED] = 1.0;
        x[F_SINCE_HAND] = log1p_pos(hours_between(ps->handoff, ps->now));
        x[F_SINCE_HAND2] = x[F_SINCE_HAND] * x[F_SINCE_HAND];
        if (ps->ordered != PC_TIME_NONE)
            x[F_ORDER_TO_HAND] = log1p_pos(hours_between(ps->ordered, ps->handoff));
    }
    if (ps->status_since != PC_TIME_NONE)
        x[F_IN_STATUS] = log1p_pos(hours_between(ps->status_since, ps->now));
    if (ps->last_event != PC_TIME_NONE)
        x[F_SINCE_SCAN] = log1p_pos(hours_between(ps->last_event, ps->now));
    x[F_SCANS] = log1p((double)ps->n_scans);
    switch (ps->status) {
    case PC_STATUS_PENDING:
    case PC_STATUS_INFO_RECEIVED:
        x[F_S_PRE] = 1.0;
        break;
    case PC_STATUS_OUT_FOR_DELIVERY:
        x[F_S_OFD] = 1.0;
        break;
    case PC_STATUS_FAILED_ATTEMPT:
        x[F_S_FA] = 1.0;
        break;
    case PC_STATUS_AVAILABLE_FOR_PICKUP:
        x[F_S_AP] = 1.0;
        break;
    case PC_STATUS_EXCEPTION:
    case PC_STATUS_RETURNED:
    case PC_STATUS_EXPIRED:
        x[F_S_EX] = 1.0;
        break;
    default:
        break;
    }
    if (ps->promise != PC_TIME_NONE) {
        x[F_HAS_PROMISE] = 1.0;
        double h = hours_between(ps->now, ps->promise);
        if (h > 0) {
            x[F_TO_PROMISE] = log1p(h);
            x[F_TO_PROMISE2] = x[F_TO_PROMISE] * x[F_TO_PROMISE];
        } else {
            x[F_PROMISE_PASSED] = 1.0;
        }
    }
    if (ps->ordered != PC_TIME_NONE) {
        x[F_ORDER_AGE] = log1p_pos(hours_between(ps->ordered, ps->now));
        if (ps->promise != PC_TIME_NONE)
            x[F_ORDER_TO_PROMISE] = log1p_pos(hours_between(ps->ordered, ps->promise));
    }
    int wd, hour;
    pc__local_wd_hour(ps->now, ps->offset_min, &wd, &hour);
    double frac = ((double)hour + 0.5) / 24.0;
    x[F_HOUR_SIN] = sin(2 * M_PI * frac);
    x[F_HOUR_COS] = cos(2 * M_PI * frac);
    if (wd > 0)
        x[F_WD0 + wd - 1] = 1.0;
    int weekend = 0;
    for (int d = 1; d <= 3; d++)
        weekend += (wd + d) % 7 >= 5;
    x[F_WEEKEND_AHEAD] = (double)weekend;
    x[F_LATE_DAY] = hour >= 17;
    x[F_LANE] = ps->lane_dev;
    if (ps->edd != PC_TIME_NONE) {
        x[F_HAS_EDD] = 1.0;
        double h = hours_between(ps->now, ps->edd);
        if (h > 0)
            x[F_TO_EDD] = log1p(h);
        else
            x[F_EDD_PASSED] = 1.0;
        if (ps->promise != PC_TIME_NONE) {
            double d = hours_between(ps->promise, ps->edd);
            x[F_EDD_VS_PROMISE] = d >= 0 ? log1p(d) : -log1p(-d);
        }
    }
    x[F_EXCEPTIONS] = log1p((double)ps->n_exceptions);
    x[F_FAILED] = log1p((double)ps->n_failed);
    const pc_location *at = ps->last ? &ps->last->location : NULL, *to = ps->dest;
    if (at && to) {
        x[F_AT_COUNTRY] = same(at->country, to->country);
        x[F_AT_REGION] = x[F_AT_COUNTRY] > 0 && same(at->region, to->region);
        x[F_AT_CITY] = x[F_AT_COUNTRY] > 0 &&
                       (same(at->city, to->city) || same(at->postal_code, to->postal_code));
    }
}

void *pc__grow(void *v, size_t *cap, size_t n, size_t elem, size_t first)
{
    if (n < *cap)
        return v;
    size_t c = *cap ? *cap * 2 : first;
    void *p = realloc(v, c * elem);
    if (p)
        *cap = c;
    return p;
}

int pc__cell(const double x[PC__NF], double hours)
{
    static const double edges[5] = {4, 12, 36, 96, 168};
    int h = 0;
    while (h < 5 && hours >= edges[h])
        h++;
    return pc__stage(x) * 6 + h;
}

int pc__stage(const double x[PC__NF])
{
    if (x[F_S_OFD] > 0 || x[F_S_FA] > 0 || x[F_S_AP] > 0)
        return 2;
    if (x[F_S_PRE] > 0 || (x[F_HANDED] > 0 && x[F_SINCE_HAND] < 0.01))
        return 0;
    return 1;
}

double pc__prior_hours(pc_status st)
{
    switch (st) {
    case PC_STATUS_PENDING:
    case PC_STATUS_INFO_RECEIVED:
        return 120;
    case PC_STATUS_OUT_FOR_DELIVERY:
        return 5;
    case PC_STATUS_FAILED_ATTEMPT:
        return 26;
    case PC_STATUS_AVAILABLE_FOR_PICKUP:
        return 48;
    case PC_STATUS_EXCEPTION:
    case PC_STATUS_RETURNED:
    case PC_STATUS_EXPIRED:
        return 96;
    default:
        return 60;
    }
}
