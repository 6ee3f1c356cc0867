/* One simulated shipment: draw it, walk it through the network (once as the carrier plans it, once
 * as it happens), and turn the walk into the normalized history and the ground truth. */
#include "sim_internal.h"

#include <parcelcast/error.h>
#include <parcelcast/timeutil.h>

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EV    48
#define MAX_ROUTE 8
#define HOUR      3600
#define MINUTE    60

/* Carrier-agnostic scan codes. */
typedef enum ev_code {
    E_IR,
    E_PU,
    E_AR,
    E_DP,
    E_EX_WEATHER,
    E_EX_SORT,
    E_CC,
    E_EX_CUSTOMS,
    E_CR,
    E_OFD,
    E_FA,
    E_AP,
    E_DL,
    E_DL_PICKUP,
    E_EX_ADDRESS,
    E_RT,
} ev_code;

static const struct {
    const char *code;
    pc_status status;
    const char *substatus;
    const char *description;
} codes[] = {
    [E_IR] = {"IR", PC_STATUS_INFO_RECEIVED, NULL, "Shipping label created, awaiting item"},
    [E_PU] = {"PU", PC_STATUS_IN_TRANSIT, "in_transit.picked_up", "Picked up"},
    [E_AR] = {"AR", PC_STATUS_IN_TRANSIT, NULL, "Arrived at facility"},
    [E_DP] = {"DP", PC_STATUS_IN_TRANSIT, NULL, "Departed facility"},
    [E_EX_WEATHER] = {"EX-WEATHER", PC_STATUS_EXCEPTION, "exception.weather",
                      "Severe weather conditions have delayed the shipment"},
    [E_EX_SORT] = {"EX-SORT", PC_STATUS_EXCEPTION, "exception.delayed",
                   "Missed the scheduled departure; it will leave on the next trip"},
    [E_CC] = {"CC", PC_STATUS_IN_TRANSIT, "in_transit.customs", "Customs clearance in progress"},
    [E_EX_CUSTOMS] = {"EX-CUSTOMS", PC_STATUS_EXCEPTION, "exception.customs", "Held by customs"},
    [E_CR] = {"CR", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared", "Released by customs"},
    [E_OFD] = {"OFD", PC_STATUS_OUT_FOR_DELIVERY, NULL, "Out for delivery"},
    [E_FA] = {"FA", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home",
              "Delivery attempted - no one available"},
    [E_AP] = {"AP", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.post_office",
              "Available for pickup at the local post office"},
    [E_DL] = {"DL", PC_STATUS_DELIVERED, NULL, "Delivered"},
    [E_DL_PICKUP] = {"DL", PC_STATUS_DELIVERED, "delivered.picked_up",
                     "Delivered - collected by the recipient"},
    [E_EX_ADDRESS] = {"EX-ADDRESS", PC_STATUS_EXCEPTION, "exception.address",
                      "Address information incomplete - unable to deliver"},
    [E_RT] = {"RT", PC_STATUS_RETURNED, NULL, "Returned to sender"},
};

enum { LEG_TRUCK, LEG_AIR };

typedef struct sim_ev {
    int64_t t;
    ev_code code;
    int place;
} sim_ev;

typedef struct walk {
    const pc_sim *sim;
    const pc_sim_config *cfg;
    const pc_sim_carrier_cfg *cc;
    size_t carrier;
    pc_sim_service service;
    gsl_rng *r; /* NULL: the carrier's plan (medians, no disruptions, no events) */
    gsl_rng *scratch;
    uint64_t seed;
    int origin, dest;
    int route[MAX_ROUTE];
    int leg[MAX_ROUTE];      /* mode of the leg arriving at route[i] */
    bool customs[MAX_ROUTE]; /* customs on arrival at route[i] */
    size_t n_route;
    int lost_leg; /* -1, or the leg after which scans stop (n_route - 1: at the last hub) */
    bool returning;
    bool stopped;
    /* results */
    pc_sim_truth *truth;
    sim_ev ev[MAX_EV];
    size_t n_ev;
    int fa_disruption; /* index into truth->disruptions, -1 */
    int64_t plan_day;  /* nominal: the planned delivery day */
    int rc;
} walk;

/* ---------------------------------------------------------------------------------------------
 * Draws: in plan mode each returns its median (or the middle) and consumes nothing.
 */

static int64_t ceil_minute(int64_t t)
{
    int64_t r = t % MINUTE;
    if (r < 0)
        r += MINUTE;
    return r ? t + (MINUTE - r) : t;
}

/* The carrier plans with the 75th percentile (z = 0.674) of dwell and travel times. */
static double lognormal(const walk *w, double median, double sigma)
{
    if (sigma <= 0 || median <= 0)
        return median;
    if (!w->r)
        return median * exp(0.674 * sigma);
    return gsl_ran_lognormal(w->r, log(median), sigma);
}

static bool bernoulli(const walk *w, double p)
{
    if (!w->r || p <= 0)
        return false;
    return gsl_ran_bernoulli(w->r, p) == 1;
}

/* uniform integer in [0, n) */
static unsigned long uniform_int(const walk *w, unsigned long n)
{
    if (n <= 1)
        return 0;
    if (!w->r)
        return n / 2;
    return gsl_rng_uniform_int(w->r, n);
}

static int64_t hours(double h)
{
    return (int64_t)llround(h * HOUR);
}

/* ---------------------------------------------------------------------------------------------
 * Recording
 */

static int64_t emit(walk *w, ev_code code, int64_t t, int place)
{
    t = ceil_minute(t);
    if (!w->r || w->stopped)
        return t;
    if (w->n_ev > 0 && t <= w->ev[w->n_ev - 1].t)
        t = w->ev[w->n_ev - 1].t + MINUTE;
    if (w->n_ev == MAX_EV) {
        w->rc = PC_EINTERNAL;
        return t;
    }
    w->ev[w->n_ev].t = t;
    w->ev[w->n_ev].code = code;
    w->ev[w->n_ev].place = place;
    w->n_ev++;
    return t;
}

static int disrupt(walk *w, pc_sim_disruption_kind kind, int64_t at, int64_t delay, int place,
                   bool visible)
{
    pc_sim_truth *tr = w->truth;
    if (!w->r || tr->n_disruptions == PC_SIM_MAX_DISRUPTIONS)
        return -1;
    pc_sim_disruption *d = &tr->disruptions[tr->n_disruptions];
    d->kind = kind;
    d->at = at;
    d->delay = delay > 0 ? delay : 0;
    d->place = &w->sim->places[place];
    d->visible = visible;
    return (int)tr->n_disruptions++;
}

static int eta_minute(const walk *w)
{
    if (w->service == PC_SIM_EXPRESS && w->cc->commit_express >= 0)
        return w->cc->commit_express;
    return w->cc->eta_time;
}

static void eta_set(walk *w, int64_t known_at, int64_t eta)
{
    pc_sim_truth *tr = w->truth;
    if (!w->r || w->stopped || tr->n_eta == PC_SIM_MAX_ETA)
        return;
    if (tr->n_eta > 0 && tr->eta[tr->n_eta - 1].eta == eta)
        return;
    tr->eta[tr->n_eta].known_at = known_at;
    tr->eta[tr->n_eta].eta = eta;
    tr->n_eta++;
}

/* ---------------------------------------------------------------------------------------------
 * Calendars
 */

static bool delivery_day(const walk *w, int place, int64_t day)
{
    int wd = pc__sim_weekday(day);
    if (wd == 0)
        return false;
    if (wd == 6 && !(w->cc->saturday & (1u << w->service)))
        return false;
    return !pc__sim_holiday(w->sim->country[place], day);
}

static bool pickup_day(const walk *w, int place, int64_t day)
{
    int wd = pc__sim_weekday(day);
    if (wd == 0 || (wd == 6 && !w->cc->pickup_saturday))
        return false;
    return !pc__sim_holiday(w->sim->country[place], day);
}

static bool counter_day(const walk *w, int place, int64_t day)
{
    return pc__sim_weekday(day) != 0 && !pc__sim_holiday(w->sim->country[place], day);
}

/* The carrier re-plans: the current estimate moved by `delay`, rounded up to whole days, onto a
 * delivery day. Only what the carrier sees (visible disruptions) moves its estimate. */
static void eta_shift(walk *w, int64_t known_at, int64_t delay)
{
    pc_sim_truth *tr = w->truth;
    if (!w->r || tr->n_eta == 0 || delay <= 0)
        return;
    int64_t cur = tr->eta[tr->n_eta - 1].eta;
    int64_t day =
        pc__sim_local_day(w->sim, w->dest, cur) + (delay + SECS_PER_DAY - 1) / SECS_PER_DAY;
    for (int guard = 0; guard < 30 && !delivery_day(w, w->dest, day); guard++)
        day++;
    eta_set(w, known_at, pc__sim_at(w->sim, w->dest, day, eta_minute(w)));
}

/* ---------------------------------------------------------------------------------------------
 * The walk
 */

static void route_add(walk *w, int place, int leg, bool customs)
{
    if (w->n_route == MAX_ROUTE) {
        w->rc = PC_EINTERNAL;
        return;
    }
    w->route[w->n_route] = place;
    w->leg[w->n_route] = w->cc->n_air ? leg : LEG_TRUCK;
    w->customs[w->n_route] = customs;
    w->n_route++;
}

/* The hub with the smallest detour between a and b in country c (-1 when none). */
static int relay_hub(const walk *w, int c, int a, int b)
{
    const pc_sim *sim = w->sim;
    double best = 1e18;
    int pick = -1;
    for (size_t k = 0; k < sim->n_hubs[c]; k++) {
        int h = sim->hubs[c][k];
        if (h == a || h == b)
            continue;
        double d = pc__sim_km(sim, a, h) + pc__sim_km(sim, h, b);
        if (d < best) {
            best = d;
            pick = h;
        }
    }
    return pick;
}

static void build_route(walk *w)
{
    const pc_sim *sim = w->sim;
    int ho = sim->hub_of[w->origin], hd = sim->hub_of[w->dest];
    int co = sim->country[w->origin], cd = sim->country[w->dest];
    bool express = w->service == PC_SIM_EXPRESS;

    w->n_route = 0;
    route_add(w, ho, LEG_TRUCK, false);
    if (co == cd) {
        if (ho == hd)
            return;
        double km = pc__sim_km(sim, ho, hd);
        if (express && w->cc->n_air && km > w->cfg->express_air_km) {
            int a = sim->air_hub[w->carrier];
            if (a >= 0 && sim->country[a] == co && a != ho && a != hd)
                route_add(w, a, LEG_AIR, false);
            route_add(w, hd, LEG_AIR, false);
        } else if (km > w->cfg->relay_km) {
            int r = relay_hub(w, co, ho, hd);
            if (r >= 0)
                route_add(w, r, LEG_TRUCK, false);
            route_add(w, hd, LEG_TRUCK, false);
        } else {
            route_add(w, hd, LEG_TRUCK, false);
        }
        return;
    }
    int go = sim->gateway[co], gd = sim->gateway[cd];
    bool customs = !(pc__countries[co].eu && pc__countries[cd].eu);
    if (go != ho)
        route_add(w, go, LEG_TRUCK, false);
    /* neighbours are reached by truck except express; farther lanes fly */
    int main_leg = express || pc__sim_km(sim, go, gd) > 1500 ? LEG_AIR : LEG_TRUCK;
    route_add(w, gd, main_leg, customs);
    if (hd != gd) {
        bool fly = express && pc__sim_km(sim, gd, hd) > w->cfg->express_air_km;
        route_add(w, hd, fly ? LEG_AIR : LEG_TRUCK, false);
    }
}

static double hub_factor(const walk *w)
{
    if (w->service == PC_SIM_EXPRESS)
        return w->cfg->express_hub_factor;
    if (w->service == PC_SIM_ECONOMY)
        return w->cfg->economy_hub_factor;
    return 1.0;
}

/* Express is handled in controlled flows: half the spread of other parcels. */
static int64_t dwell(const walk *w)
{
    double sigma = w->cfg->hub_sigma * (w->service == PC_SIM_EXPRESS ? 0.5 : 1.0);
    return hours(lognormal(w, w->cc->hub_hours * hub_factor(w), sigma));
}

static int64_t leg_time(const walk *w, int from, int to, int mode)
{
    double km = pc__sim_km(w->sim, from, to), h;
    if (mode == LEG_AIR)
        h = w->cfg->air_overhead_h + km / w->cfg->air_kmh;
    else
        h = km * w->cfg->road_factor / w->cc->truck_kmh + 0.5;
    return hours(h * lognormal(w, 1.0, w->cfg->travel_sigma));
}

/* Town <-> hub: local roads for the first 80 km, then the carrier's linehaul speed, plus a
 * quarter hour of loading. */
static int64_t local_drive(const walk *w, int from, int to)
{
    double km = pc__sim_km(w->sim, from, to) * w->cfg->road_factor;
    double near = km < 80 ? km : 80;
    double h = near / w->cfg->local_kmh + (km - near) / w->cc->truck_kmh + 0.25;
    return hours(h * lognormal(w, 1.0, w->cfg->travel_sigma));
}

/* Leave hub h at the first departure at or after `ready` (no departures on the country's
 * holidays), unless the day is a weather day at h or the parcel misses its sort. */
static int64_t depart(walk *w, int h, int64_t ready, int mode)
{
    const pc_sim *sim = w->sim;
    const int *slots = w->cc->sort;
    size_t n = w->cc->n_sort;
    if (mode == LEG_AIR && h == sim->air_hub[w->carrier] && w->cc->n_air_hub) {
        slots = w->cc->air_hub;
        n = w->cc->n_air_hub;
    } else if (mode == LEG_AIR) {
        slots = w->cc->air;
        n = w->cc->n_air;
    }
    int64_t day = pc__sim_local_day(sim, h, ready);
    int64_t planned = PC_TIME_NONE, weather_at = PC_TIME_NONE, missed_at = PC_TIME_NONE;
    int64_t found = PC_TIME_NONE;
    bool miss = bernoulli(w, w->cfg->p_missed_sort);
    int weather_days = 0;

    for (int guard = 0; guard < 400 && found == PC_TIME_NONE; guard++, day++) {
        if (pc__sim_holiday(sim->country[h], day))
            continue;
        bool wx = w->r && weather_days < 14 && pc__sim_weather(sim, w->scratch, w->seed, h, day);
        for (size_t i = 0; i < n; i++) {
            int64_t ts = pc__sim_at(sim, h, day, slots[i]);
            if (ts < ready)
                continue;
            if (planned == PC_TIME_NONE)
                planned = ts;
            if (wx) {
                if (weather_at == PC_TIME_NONE)
                    weather_at = ts;
                weather_days++;
                break; /* the day's remaining departures are cancelled */
            }
            if (miss) {
                miss = false;
                missed_at = ts;
                continue;
            }
            found = ts;
            break;
        }
    }
    if (found == PC_TIME_NONE) {
        w->rc = PC_EINTERNAL;
        return ready;
    }
    /* exception scans in time order, then the departure */
    int64_t sort_scan = PC_TIME_NONE;
    if (missed_at != PC_TIME_NONE) {
        bool visible = bernoulli(w, w->cfg->p_missed_sort_visible);
        int64_t next = found;
        disrupt(w, PC_SIM_D_MISSED_SORT, missed_at, next - missed_at, h, visible);
        if (visible)
            sort_scan = missed_at + 5 * MINUTE;
    }
    if (weather_at != PC_TIME_NONE) {
        disrupt(w, PC_SIM_D_WEATHER, weather_at, found - planned, h, true);
    }
    if (weather_at != PC_TIME_NONE && (sort_scan == PC_TIME_NONE || weather_at < sort_scan)) {
        int64_t t = emit(w, E_EX_WEATHER, weather_at, h);
        eta_shift(w, t, found - planned);
        weather_at = PC_TIME_NONE;
    }
    if (sort_scan != PC_TIME_NONE) {
        int64_t t = emit(w, E_EX_SORT, sort_scan, h);
        eta_shift(w, t, found - missed_at);
    }
    if (weather_at != PC_TIME_NONE) {
        int64_t t = emit(w, E_EX_WEATHER, weather_at, h);
        eta_shift(w, t, found - planned);
    }
    return emit(w, E_DP, found, h);
}

static int64_t clear_customs(walk *w, int g, int64_t t)
{
    t = emit(w, E_CC, t + (int64_t)(20 + uniform_int(w, 40)) * MINUTE, g);
    int64_t dur = hours(lognormal(w, w->cfg->customs_median_h, w->cfg->customs_sigma));
    if (bernoulli(w, w->cfg->p_customs_hold)) {
        int64_t at = emit(w, E_EX_CUSTOMS, t + (int64_t)(60 + uniform_int(w, 120)) * MINUTE, g);
        int64_t extra = hours(lognormal(w, w->cfg->customs_hold_median_h, 0.6));
        disrupt(w, PC_SIM_D_CUSTOMS_HOLD, at, extra, g, true);
        eta_shift(w, at, extra);
        dur += extra;
        if (t + dur < at + HOUR)
            dur = at + HOUR - t;
    }
    return emit(w, E_CR, t + dur, g);
}

/* First delivery day whose van loadout (at the destination's hub, in the destination's local time)
 * is at or after `ready`; weather days at the destination hub cancel the day's deliveries. */
static int64_t next_delivery(walk *w, int64_t ready, int64_t *ret_day)
{
    const pc_sim *sim = w->sim;
    int d = w->dest, hub = sim->hub_of[d];
    int64_t day = pc__sim_local_day(sim, d, ready);
    int64_t weather_at = PC_TIME_NONE;
    int weather_days = 0;
    for (int guard = 0; guard < 400; guard++, day++) {
        if (!delivery_day(w, d, day))
            continue;
        int64_t load = pc__sim_at(sim, d, day, w->cc->loadout);
        if (load < ready)
            continue;
        if (w->r && weather_days < 14 && pc__sim_weather(sim, w->scratch, w->seed, hub, day)) {
            if (weather_at == PC_TIME_NONE)
                weather_at = load;
            weather_days++;
            continue;
        }
        if (weather_at != PC_TIME_NONE) {
            int64_t t = emit(w, E_EX_WEATHER, weather_at, hub);
            disrupt(w, PC_SIM_D_WEATHER, weather_at, load - weather_at, hub, true);
            eta_shift(w, t, load - weather_at);
        }
        *ret_day = day;
        return load;
    }
    w->rc = PC_EINTERNAL;
    *ret_day = day;
    return ready;
}

/* Time of a delivery on `day`: an hour from the carrier's profile, a minute after the vans left
 * (and before the express commit), later by the town's drive from the hub. */
static int64_t delivery_time(walk *w, int64_t day)
{
    const pc_sim_carrier_cfg *cc = w->cc;
    bool express = w->service == PC_SIM_EXPRESS;
    int h = (int)gsl_ran_discrete(w->r, w->sim->pick_hour[w->carrier][express]);
    int lo = cc->loadout + 30 - h * 60, hi = 60;
    if (lo < 0)
        lo = 0;
    if (express && cc->commit_express >= 0 && cc->commit_express - h * 60 < 60)
        hi = cc->commit_express - h * 60;
    if (hi <= lo)
        hi = lo + 1;
    int m = lo + (int)uniform_int(w, (unsigned long)(hi - lo));
    return pc__sim_at(w->sim, w->dest, day, h * 60 + m + w->sim->shift_min[w->dest]);
}

/* Next opening of the destination's post office counter (09:00-18:00, Monday to Saturday). */
static int64_t counter_open(walk *w, int64_t t)
{
    int d = w->dest;
    int64_t day = pc__sim_local_day(w->sim, d, t);
    int minute = pc__sim_minute_of_day(w->sim, d, t);
    if (counter_day(w, d, day) && minute >= 9 * 60 && minute < 18 * 60)
        return t;
    if (minute >= 9 * 60)
        day++;
    for (int guard = 0; guard < 30 && !counter_day(w, d, day); guard++)
        day++;
    return pc__sim_at(w->sim, d, day, 9 * 60 + (int)uniform_int(w, 180));
}

static void deliver(walk *w, int64_t ready)
{
    pc_sim_truth *tr = w->truth;
    int d = w->dest;
    int64_t day;
    int64_t load = next_delivery(w, ready, &day);
    if (!w->r) {
        w->plan_day = day;
        return;
    }
    for (int attempt = 0;; attempt++) {
        int64_t ofd = emit(w, E_OFD, load + (int64_t)uniform_int(w, 20) * MINUTE, d);
        eta_set(w, ofd, pc__sim_at(w->sim, d, day, eta_minute(w)));
        int64_t t = delivery_time(w, day);
        tr->attempts++;
        if (attempt == 0 && w->returning) {
            t = emit(w, E_EX_ADDRESS, t, d);
            tr->first_attempt_at = t;
            disrupt(w, PC_SIM_D_RETURN, t, 0, d, true);
            int64_t rday = pc__sim_local_day(w->sim, d, t) + 1;
            for (int guard = 0; guard < 30 && !delivery_day(w, d, rday); guard++)
                rday++;
            emit(w, E_RT, pc__sim_at(w->sim, d, rday, 10 * 60 + (int)uniform_int(w, 240)), d);
            tr->outcome = PC_SIM_RETURNED;
            return;
        }
        if (attempt == 0)
            tr->first_attempt_at = t;
        if (!bernoulli(w, w->cfg->p_failed_attempt)) {
            tr->delivered_at = emit(w, E_DL, t, d);
            break;
        }
        t = emit(w, E_FA, t, d);
        if (w->fa_disruption < 0)
            w->fa_disruption = disrupt(w, PC_SIM_D_FAILED_ATTEMPT, t, 0, d, true);
        if (attempt == 0 && !bernoulli(w, w->cfg->p_failed_pickup)) {
            /* redelivery on the next delivery day */
            int64_t next = pc__sim_at(w->sim, d, pc__sim_local_day(w->sim, d, t) + 1, 0);
            load = next_delivery(w, next, &day);
            eta_set(w, t, pc__sim_at(w->sim, d, day, eta_minute(w)));
            continue;
        }
        /* held at the post office until the recipient collects it */
        int64_t ap =
            counter_open(w, pc__sim_at(w->sim, d, pc__sim_local_day(w->sim, d, t) + 1, 9 * 60));
        ap = emit(w, E_AP, ap + (int64_t)uniform_int(w, 60) * MINUTE, d);
        double wait_h = gsl_ran_gamma(w->r, 2.0, w->cfg->pickup_wait_mean_h / 2.0);
        int64_t pick = counter_open(w, ap + hours(wait_h));
        tr->delivered_at = emit(w, E_DL_PICKUP, pick, d);
        break;
    }
    tr->outcome = PC_SIM_DELIVERED;
    if (w->fa_disruption >= 0) {
        pc_sim_disruption *fa = &tr->disruptions[w->fa_disruption];
        fa->delay = tr->delivered_at - fa->at;
    }
}

/* Handover time moved into the merchant's drop-off hours on a collection day. */
static int64_t handover(walk *w, int64_t t)
{
    int o = w->origin;
    int64_t day = pc__sim_local_day(w->sim, o, t);
    int minute = pc__sim_minute_of_day(w->sim, o, t);
    if (pickup_day(w, o, day) && minute >= w->cfg->dropoff_open && minute < w->cfg->dropoff_close)
        return t;
    if (minute >= w->cfg->dropoff_open)
        day++;
    for (int guard = 0; guard < 30 && !pickup_day(w, o, day); guard++)
        day++;
    int span = w->cfg->dropoff_close - w->cfg->dropoff_open;
    int add = (int)uniform_int(w, (unsigned long)(span < 120 ? span : 120));
    return pc__sim_at(w->sim, o, day, w->cfg->dropoff_open + add);
}

/* The collection leaves the merchant's town at the pick-up cut-off of a collection day. */
static int64_t collection(walk *w, int64_t handed)
{
    int o = w->origin;
    int64_t day = pc__sim_local_day(w->sim, o, handed);
    for (int guard = 0; guard < 60; guard++, day++) {
        if (!pickup_day(w, o, day))
            continue;
        int64_t t = pc__sim_at(w->sim, o, day, w->cc->pickup_cutoff);
        if (t >= handed)
            return t;
    }
    w->rc = PC_EINTERNAL;
    return handed;
}

/* From the handover to the end: arrival at the first hub, hub to hub, delivery. */
static void walk_run(walk *w, int64_t handed)
{
    int64_t t = collection(w, handed);
    t = emit(w, E_AR, t + local_drive(w, w->origin, w->route[0]), w->route[0]);
    for (size_t i = 0; i + 1 < w->n_route && w->rc == 0; i++) {
        int h = w->route[i];
        t = depart(w, h, t + dwell(w), w->leg[i + 1]);
        if (w->r && w->lost_leg == (int)i) {
            disrupt(w, PC_SIM_D_LOST, t, 0, h, false);
            w->stopped = true;
            return;
        }
        t = emit(w, E_AR, t + leg_time(w, h, w->route[i + 1], w->leg[i + 1]), w->route[i + 1]);
        if (w->customs[i + 1])
            t = clear_customs(w, w->route[i + 1], t);
    }
    if (w->rc < 0)
        return;
    int last = w->route[w->n_route - 1];
    if (w->r && w->lost_leg == (int)w->n_route - 1) {
        disrupt(w, PC_SIM_D_LOST, t, 0, last, false);
        w->stopped = true;
        return;
    }
    deliver(w, t + dwell(w));
}

/* ---------------------------------------------------------------------------------------------
 * Shipment
 */

static int set_location(pc_location *loc, const pc_sim_place *p)
{
    if (pc_set_str(&loc->city, p->city, (size_t)-1) < 0 ||
        pc_set_str(&loc->region, p->region, (size_t)-1) < 0 ||
        pc_set_str(&loc->postal_code, p->postal_code, (size_t)-1) < 0 ||
        pc_set_str(&loc->country, p->country, (size_t)-1) < 0)
        return PC_ENOMEM;
    return 0;
}

static int materialize(const walk *w, const pc_sim_truth *tr, pc_shipment *s)
{
    const pc_sim *sim = w->sim;
    int rc;
    if ((rc = pc_set_str(&s->carrier, tr->carrier, (size_t)-1)) < 0 ||
        (rc = pc_set_str(&s->tracking_number, tr->tracking_number, (size_t)-1)) < 0 ||
        (rc = pc_set_str(&s->service, tr->service_name, (size_t)-1)) < 0 ||
        (rc = set_location(&s->origin, tr->origin)) < 0 ||
        (rc = set_location(&s->destination, tr->destination)) < 0)
        return rc;
    s->carrier_eta = tr->n_eta ? tr->eta[tr->n_eta - 1].eta : PC_TIME_NONE;
    for (size_t i = 0; i < w->n_ev; i++) {
        const sim_ev *e = &w->ev[i];
        pc_event *ev;
        if ((rc = pc_shipment_add_event(s, 0, &ev)) < 0)
            return rc;
        ev->time = e->t;
        ev->utc_offset = (int16_t)(pc__sim_offset(sim, e->place, e->t) / 60);
        ev->status = codes[e->code].status;
        if ((rc = pc_set_str(&ev->code, codes[e->code].code, (size_t)-1)) < 0 ||
            (rc = pc_set_str(&ev->description, codes[e->code].description, (size_t)-1)) < 0 ||
            (codes[e->code].substatus &&
             (rc = pc_set_str(&ev->substatus, codes[e->code].substatus, (size_t)-1)) < 0) ||
            (rc = set_location(&ev->location, &sim->places[e->place])) < 0)
            return rc;
    }
    pc_shipment_normalize(s);
    return 0;
}

/* Business days (Monday to Friday; merchants do not count holidays) after a day. */
static int64_t add_weekdays(int64_t day, int n)
{
    while (n > 0) {
        day++;
        int wd = pc__sim_weekday(day);
        if (wd >= 1 && wd <= 5)
            n--;
    }
    return day;
}

int pc_sim_shipment(const pc_sim *sim, uint64_t seed, uint64_t index, pc_sim_truth *ret_truth,
                    pc_shipment *ret_full)
{
    gsl_rng *r = NULL, *scratch = NULL;
    walk w;
    int rc = 0;

    if (ret_full)
        pc_shipment_init(ret_full);
    if (!sim || !ret_truth)
        return PC_EINVAL;
    memset(ret_truth, 0, sizeof(*ret_truth));
    memset(&w, 0, sizeof(w));
    r = gsl_rng_alloc(gsl_rng_taus2);
    scratch = gsl_rng_alloc(gsl_rng_taus2);
    if (!r || !scratch) {
        rc = PC_ENOMEM;
        goto out;
    }
    gsl_rng_set(r, pc__sim_stream_seed(seed, index));

    const pc_sim_config *cfg = &sim->cfg;
    pc_sim_truth *tr = ret_truth;
    tr->seed = seed;
    tr->index = index;
    tr->delivered_at = PC_TIME_NONE;
    tr->first_attempt_at = PC_TIME_NONE;
    tr->outcome = PC_SIM_LOST;

    /* carrier, lane, service */
    size_t c = gsl_ran_discrete(r, sim->pick_carrier);
    const pc__carrier_def *def = &pc__carriers[c];
    const pc_sim_carrier_cfg *cc = &cfg->carrier[c];
    w.sim = sim;
    w.cfg = cfg;
    w.cc = cc;
    w.carrier = c;
    w.r = r;
    w.scratch = scratch;
    w.seed = seed;
    w.truth = tr;
    w.fa_disruption = -1;
    w.lost_leg = -1;
    bool intl = def->n_lanes > 0 && bernoulli(&w, cc->intl_share);
    double u = gsl_rng_uniform(r);
    w.service = u < cc->express_share                       ? PC_SIM_EXPRESS
                : u < cc->express_share + cc->economy_share ? PC_SIM_ECONOMY
                                                            : PC_SIM_GROUND;
    int co = def->home, cd = def->home;
    if (intl) {
        const pc__lane *lane = &def->lanes[uniform_int(&w, def->n_lanes)];
        co = lane->from;
        cd = lane->to;
    }
    if (sim->n_towns[co] < 2 || sim->n_towns[cd] < 2) {
        rc = PC_EINTERNAL;
        goto out;
    }
    size_t oi = uniform_int(&w, sim->n_towns[co]), di = uniform_int(&w, sim->n_towns[cd]);
    if (co == cd && di == oi)
        di = (oi + 1 + uniform_int(&w, sim->n_towns[cd] - 1)) % sim->n_towns[cd];
    w.origin = sim->towns[co][oi];
    w.dest = sim->towns[cd][di];

    tr->carrier_index = c;
    tr->carrier = def->name;
    tr->service = w.service;
    tr->international = intl;
    tr->service_name = intl ? def->intl_services[w.service] : def->services[w.service];
    tr->origin = &sim->places[w.origin];
    tr->destination = &sim->places[w.dest];
    tr->distance_km = pc__sim_km(sim, w.origin, w.dest);
    rc = pc__sim_number(intl ? def->intl_fmt[w.service] : def->fmt[w.service],
                        intl ? def->intl_param[w.service] : def->param[w.service],
                        pc__countries[def->home].iso, seed, index, tr->tracking_number,
                        sizeof(tr->tracking_number));
    if (rc < 0)
        goto out;

    /* label, handover, the merchant's promise */
    int64_t label_day =
        cfg->start / SECS_PER_DAY + (int64_t)uniform_int(&w, (unsigned long)cfg->days);
    int label_minute =
        (int)gsl_ran_discrete(r, sim->pick_label_hour) * 60 + (int)uniform_int(&w, 60);
    tr->label_at = emit(&w, E_IR, pc__sim_at(sim, w.origin, label_day, label_minute), w.origin);
    int64_t handed = tr->label_at + hours(lognormal(&w, cfg->handoff_median_h, cfg->handoff_sigma));
    handed = handover(&w, handed);
    tr->shipped_at = emit(&w, E_PU, handed, w.origin);
    int pdays = cfg->promise_days[w.service] + (intl ? cfg->promise_intl_days : 0);
    if (w.service != PC_SIM_EXPRESS)
        pdays += (int)(tr->distance_km / cfg->promise_km_per_day);
    int64_t pday = add_weekdays(pc__sim_local_day(sim, w.origin, tr->label_at), pdays);
    tr->promised_by = pc__sim_at(sim, w.dest, pday, 23 * 60 + 59);

    build_route(&w);
    if (bernoulli(&w, cfg->p_lost))
        w.lost_leg = (int)uniform_int(&w, w.n_route);
    w.returning = bernoulli(&w, cfg->p_return);
    bool optimistic = bernoulli(&w, cfg->p_edd_optimistic);

    /* the carrier's plan at handover: its first estimate */
    w.r = NULL;
    walk_run(&w, tr->shipped_at);
    w.r = r;
    if (w.rc < 0) {
        rc = w.rc;
        goto out;
    }
    int64_t eday = w.plan_day;
    if (optimistic) {
        int64_t first = pc__sim_local_day(sim, w.dest, tr->shipped_at) + 1, d = eday - 1;
        while (d >= first && !delivery_day(&w, w.dest, d))
            d--;
        if (d >= first)
            eday = d;
    }
    tr->carrier_eta = pc__sim_at(sim, w.dest, eday, eta_minute(&w));
    eta_set(&w, tr->shipped_at, tr->carrier_eta);

    /* what happens */
    walk_run(&w, tr->shipped_at);
    if (w.rc < 0) {
        rc = w.rc;
        goto out;
    }
    tr->n_events = w.n_ev;
    tr->end_at = w.ev[w.n_ev - 1].t;
    tr->final_status = codes[w.ev[w.n_ev - 1].code].status;
    tr->late = tr->outcome != PC_SIM_DELIVERED || tr->delivered_at > tr->promised_by;
    if (ret_full)
        rc = materialize(&w, tr, ret_full);
out:
    gsl_rng_free(r);
    gsl_rng_free(scratch);
    return rc;
}

int pc_sim_snapshot(const pc_sim_truth *truth, const pc_shipment *full, int64_t t, pc_shipment *ret)
{
    int rc;
    if (ret)
        pc_shipment_init(ret);
    if (!truth || !full || !ret)
        return PC_EINVAL;
    if ((rc = pc_set_str(&ret->carrier, full->carrier, (size_t)-1)) < 0 ||
        (rc = pc_set_str(&ret->tracking_number, full->tracking_number, (size_t)-1)) < 0)
        return rc;
    size_t n = 0;
    while (n < full->n_events && full->events[n].time <= t)
        n++;
    if (n == 0)
        return PC_ENOTFOUND;
    if ((rc = pc_set_str(&ret->service, full->service, (size_t)-1)) < 0 ||
        (rc = pc_location_copy(&ret->origin, &full->origin)) < 0 ||
        (rc = pc_location_copy(&ret->destination, &full->destination)) < 0 ||
        (rc = pc_set_str(&ret->signed_by, full->signed_by, (size_t)-1)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        pc_event *ev;
        if ((rc = pc_shipment_add_event(ret, 0, &ev)) < 0)
            return rc;
        if ((rc = pc_event_copy(ev, &full->events[i])) < 0)
            return rc;
    }
    ret->carrier_eta = PC_TIME_NONE;
    for (size_t i = 0; i < truth->n_eta; i++)
        if (truth->eta[i].known_at <= t)
            ret->carrier_eta = truth->eta[i].eta;
    pc_shipment_normalize(ret);
    return 0;
}

int64_t pc_sim_moment(const pc_sim_truth *truth, unsigned k, unsigned n)
{
    if (n <= 1 || k + 1 >= n)
        return truth->end_at;
    int64_t span = truth->end_at - truth->label_at;
    return truth->label_at + span * (int64_t)(k + 1) / (int64_t)n;
}

/* ---------------------------------------------------------------------------------------------
 * Truth as NDJSON (hand-written: fixed key order, no locale, no allocation)
 */

typedef struct jbuf {
    char *p;
    size_t size, len;
    bool over;
} jbuf;

static void put(jbuf *o, const char *s, size_t n)
{
    if (o->over || o->len + n + 1 > o->size) {
        o->over = true;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void puts_(jbuf *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_str(jbuf *o, const char *s)
{
    if (!s) {
        puts_(o, "null");
        return;
    }
    put(o, "\"", 1);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            char e[2] = {'\\', (char)ch};
            put(o, e, 2);
        } else if (ch < 0x20) {
            char e[8];
            int k = snprintf(e, sizeof(e), "\\u%04x", ch);
            put(o, e, (size_t)k);
        } else {
            put(o, s, 1);
        }
    }
    put(o, "\"", 1);
}

static void put_u64(jbuf *o, uint64_t v)
{
    char b[24];
    int k = snprintf(b, sizeof(b), "%llu", (unsigned long long)v);
    put(o, b, (size_t)k);
}

/* one decimal, without the locale */
static void put_dec1(jbuf *o, double v)
{
    char b[40];
    long long t = llround(v * 10);
    int k = snprintf(b, sizeof(b), "%s%lld.%lld", t < 0 ? "-" : "", (t < 0 ? -t : t) / 10,
                     (t < 0 ? -t : t) % 10);
    put(o, b, (size_t)k);
}

static void put_time(jbuf *o, int64_t t)
{
    char b[32];
    if (t == PC_TIME_NONE) {
        puts_(o, "null");
        return;
    }
    put(o, "\"", 1);
    puts_(o, pc_time_format(t, b, sizeof(b)));
    put(o, "\"", 1);
}

static void put_place(jbuf *o, const pc_sim_place *p)
{
    puts_(o, "{\"city\":");
    put_str(o, p->city);
    puts_(o, ",\"region\":");
    put_str(o, p->region);
    puts_(o, ",\"postal_code\":");
    put_str(o, p->postal_code);
    puts_(o, ",\"country\":");
    put_str(o, p->country);
    puts_(o, "}");
}

int pc_sim_truth_format(const pc_sim_truth *tr, char *buf, size_t size, size_t *ret_len)
{
    jbuf o = {buf, size, 0, false};
    if (!tr || !buf || size == 0)
        return PC_EINVAL;
    buf[0] = '\0';
    puts_(&o, "{\"seed\":");
    put_u64(&o, tr->seed);
    puts_(&o, ",\"index\":");
    put_u64(&o, tr->index);
    puts_(&o, ",\"carrier\":");
    put_str(&o, tr->carrier);
    puts_(&o, ",\"tracking_number\":");
    put_str(&o, tr->tracking_number);
    puts_(&o, ",\"service\":");
    put_str(&o, pc_sim_service_name(tr->service));
    puts_(&o, ",\"service_name\":");
    put_str(&o, tr->service_name);
    puts_(&o, tr->international ? ",\"international\":true" : ",\"international\":false");
    puts_(&o, ",\"origin\":");
    put_place(&o, tr->origin);
    puts_(&o, ",\"destination\":");
    put_place(&o, tr->destination);
    puts_(&o, ",\"distance_km\":");
    put_dec1(&o, tr->distance_km);
    puts_(&o, ",\"label_at\":");
    put_time(&o, tr->label_at);
    puts_(&o, ",\"shipped_at\":");
    put_time(&o, tr->shipped_at);
    puts_(&o, ",\"promised_by\":");
    put_time(&o, tr->promised_by);
    puts_(&o, ",\"carrier_eta\":");
    put_time(&o, tr->carrier_eta);
    puts_(&o, ",\"first_attempt_at\":");
    put_time(&o, tr->first_attempt_at);
    puts_(&o, ",\"delivered_at\":");
    put_time(&o, tr->delivered_at);
    puts_(&o, ",\"end_at\":");
    put_time(&o, tr->end_at);
    puts_(&o, ",\"outcome\":");
    put_str(&o, pc_sim_outcome_name(tr->outcome));
    puts_(&o, ",\"final_status\":");
    put_str(&o, pc_status_name(tr->final_status));
    puts_(&o, tr->late ? ",\"late\":true" : ",\"late\":false");
    puts_(&o, ",\"attempts\":");
    put_u64(&o, (uint64_t)tr->attempts);
    puts_(&o, ",\"events\":");
    put_u64(&o, tr->n_events);
    puts_(&o, ",\"eta\":[");
    for (size_t i = 0; i < tr->n_eta; i++) {
        puts_(&o, i ? ",{\"known_at\":" : "{\"known_at\":");
        put_time(&o, tr->eta[i].known_at);
        puts_(&o, ",\"eta\":");
        put_time(&o, tr->eta[i].eta);
        puts_(&o, "}");
    }
    puts_(&o, "],\"disruptions\":[");
    for (size_t i = 0; i < tr->n_disruptions; i++) {
        const pc_sim_disruption *d = &tr->disruptions[i];
        puts_(&o, i ? ",{\"kind\":" : "{\"kind\":");
        put_str(&o, pc_sim_disruption_name(d->kind));
        puts_(&o, ",\"at\":");
        put_time(&o, d->at);
        puts_(&o, ",\"place\":");
        put_place(&o, d->place);
        puts_(&o, ",\"delay_h\":");
        put_dec1(&o, (double)d->delay / HOUR);
        puts_(&o, d->visible ? ",\"visible\":true}" : ",\"visible\":false}");
    }
    puts_(&o, "]}\n");
    if (o.over)
        return PC_ELIMIT;
    if (ret_len)
        *ret_len = o.len;
    return 0;
}

void pc_sim_stats_add(pc_sim_stats *st, const pc_sim_truth *tr)
{
    st->shipments++;
    if (tr->carrier_index < PC_SIM_CARRIERS)
        st->per_carrier[tr->carrier_index]++;
    if ((unsigned)tr->service < PC_SIM_SERVICE__COUNT)
        st->per_service[tr->service]++;
    st->international += tr->international;
    switch (tr->outcome) {
    case PC_SIM_DELIVERED:
        st->delivered++;
        st->late += tr->delivered_at > tr->promised_by;
        break;
    case PC_SIM_LOST:
        st->lost++;
        break;
    case PC_SIM_RETURNED:
        st->returned++;
        break;
    }
    bool failed = false;
    for (size_t i = 0; i < tr->n_disruptions; i++) {
        if ((unsigned)tr->disruptions[i].kind < PC_SIM_D__COUNT)
            st->disruptions[tr->disruptions[i].kind]++;
        failed |= tr->disruptions[i].kind == PC_SIM_D_FAILED_ATTEMPT;
    }
    st->first_attempt_ok += tr->outcome == PC_SIM_DELIVERED && !failed;
    st->events += tr->n_events;
}
