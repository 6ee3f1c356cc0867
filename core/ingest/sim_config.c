/* Simulator parameters: one settings table that parses, validates, writes and documents them,
 * and the built-in defaults (the values data/sim.conf documents; a test keeps them equal). */
#include "sim_internal.h"

#include <parcelcast/error.h>
#include <parcelcast/timeutil.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE  4096
#define MAX_VALUE 1024

typedef enum stype {
    T_INT,
    T_NUM,      /* decimal number in [min, max] */
    T_DATE,     /* YYYY-MM-DD -> UTC midnight */
    T_TIME,     /* HH:MM -> minute of the day */
    T_TIME_OPT, /* HH:MM or "none" (-1) */
    T_TIMES,    /* HH:MM,HH:MM,... (may be empty with min 0) */
    T_PROFILE,  /* 24 non-negative numbers */
    T_BOOL,
    T_SERVICES, /* ground,express,economy or none -> bit mask */
} stype;

typedef struct setting {
    const char *key; /* "sim.days"; for per-carrier settings the name after "<carrier>." */
    stype type;
    bool per_carrier;
    size_t offset;       /* into pc_sim_config, or into pc_sim_carrier_cfg */
    size_t count_offset; /* T_TIMES: the size_t count */
    double min, max;
    const char *help;
} setting;

#define G(f)  offsetof(pc_sim_config, f)
#define CF(f) offsetof(pc_sim_carrier_cfg, f)

static const setting settings[] = {
    {"sim.start", T_DATE, false, G(start), 0, 0, 0, "First label day (UTC date)."},
    {"sim.days", T_INT, false, G(days), 0, 1, 3660, "Labels are spread over this many days."},
    {"sim.handoff_median_h", T_NUM, false, G(handoff_median_h), 0, 0, 240,
     "Median hours from label to handover (lognormal)."},
    {"sim.handoff_sigma", T_NUM, false, G(handoff_sigma), 0, 0, 3, "Lognormal sigma of it."},
    {"sim.dropoff_open", T_TIME, false, G(dropoff_open), 0, 0, 0,
     "Merchants hand parcels over from this local time..."},
    {"sim.dropoff_close", T_TIME, false, G(dropoff_close), 0, 0, 0, "...until this one."},
    {"sim.local_kmh", T_NUM, false, G(local_kmh), 0, 5, 200, "Town <-> hub driving speed."},
    {"sim.road_factor", T_NUM, false, G(road_factor), 0, 1, 3, "Road km per great-circle km."},
    {"sim.air_kmh", T_NUM, false, G(air_kmh), 0, 100, 1200, "Flight speed."},
    {"sim.air_overhead_h", T_NUM, false, G(air_overhead_h), 0, 0, 24,
     "Hours of loading, taxi and unloading per flight."},
    {"sim.travel_sigma", T_NUM, false, G(travel_sigma), 0, 0, 2,
     "Lognormal sigma of every leg's travel time."},
    {"sim.hub_sigma", T_NUM, false, G(hub_sigma), 0, 0, 3,
     "Lognormal sigma of hub processing times."},
    {"sim.express_hub_factor", T_NUM, false, G(express_hub_factor), 0, 0.01, 10,
     "Hub processing multiplier for express."},
    {"sim.economy_hub_factor", T_NUM, false, G(economy_hub_factor), 0, 0.01, 20,
     "Hub processing multiplier for economy."},
    {"sim.relay_km", T_NUM, false, G(relay_km), 0, 100, 100000,
     "Ground lanes longer than this pass a relay hub."},
    {"sim.express_air_km", T_NUM, false, G(express_air_km), 0, 0, 100000,
     "Express lanes longer than this fly (when the carrier has air departures)."},
    {"sim.customs_median_h", T_NUM, false, G(customs_median_h), 0, 0, 240,
     "Median customs clearance hours (lognormal)."},
    {"sim.customs_sigma", T_NUM, false, G(customs_sigma), 0, 0, 3, "Lognormal sigma of it."},
    {"sim.pickup_wait_mean_h", T_NUM, false, G(pickup_wait_mean_h), 0, 1, 720,
     "Mean hours before a customer collects a held parcel (gamma, shape 2)."},
    {"promise.ground", T_INT, false, G(promise_days[PC_SIM_GROUND]), 0, 0, 60,
     "Merchant promise, business days after the label day, ground."},
    {"promise.express", T_INT, false, G(promise_days[PC_SIM_EXPRESS]), 0, 0, 60,
     "Same for express."},
    {"promise.economy", T_INT, false, G(promise_days[PC_SIM_ECONOMY]), 0, 0, 60,
     "Same for economy."},
    {"promise.km_per_day", T_NUM, false, G(promise_km_per_day), 0, 50, 100000,
     "One more promised day per this many km (not for express)."},
    {"promise.international", T_INT, false, G(promise_intl_days), 0, 0, 60,
     "Extra promised days on international lanes."},
    {"disrupt.weather", T_NUM, false, G(p_weather), 0, 0, 0.5,
     "Probability that a hub's day is a weather day (no departures, no deliveries)."},
    {"disrupt.missed_sort", T_NUM, false, G(p_missed_sort), 0, 0, 1,
     "Probability per hub departure that the parcel misses its sort."},
    {"disrupt.missed_sort_visible", T_NUM, false, G(p_missed_sort_visible), 0, 0, 1,
     "Probability that the carrier shows a missed sort as an exception scan."},
    {"disrupt.failed_attempt", T_NUM, false, G(p_failed_attempt), 0, 0, 1,
     "Probability per delivery attempt that nobody is home."},
    {"disrupt.failed_pickup", T_NUM, false, G(p_failed_pickup), 0, 0, 1,
     "After a failed first attempt: held for pickup instead of redelivered."},
    {"disrupt.customs_hold", T_NUM, false, G(p_customs_hold), 0, 0, 1,
     "Probability that customs holds an international parcel."},
    {"disrupt.customs_hold_median_h", T_NUM, false, G(customs_hold_median_h), 0, 1, 2000,
     "Median extra hours of a customs hold (lognormal, sigma 0.6)."},
    {"disrupt.lost", T_NUM, false, G(p_lost), 0, 0, 1, "Probability that a parcel is lost."},
    {"disrupt.return", T_NUM, false, G(p_return), 0, 0, 1,
     "Probability that a parcel is returned to sender (address problem)."},
    {"disrupt.edd_optimistic", T_NUM, false, G(p_edd_optimistic), 0, 0, 1,
     "Probability that the carrier's first estimate is one delivery day early."},

    {"share", T_NUM, true, CF(share), 0, 0, 1e6, "Relative volume of the carrier."},
    {"express", T_NUM, true, CF(express_share), 0, 0, 1, "Share of express parcels."},
    {"economy", T_NUM, true, CF(economy_share), 0, 0, 1, "Share of economy parcels."},
    {"international", T_NUM, true, CF(intl_share), 0, 0, 1,
     "Share of parcels on the carrier's international lanes."},
    {"hours", T_PROFILE, true, CF(hours), 0, 0, 0,
     "Delivery-hour profile: 24 weights for local hours 0-23 (ground, economy)."},
    {"hours_express", T_PROFILE, true, CF(hours_express), 0, 0, 0,
     "Delivery-hour profile for express."},
    {"commit_express", T_TIME_OPT, true, CF(commit_express), 0, 0, 0,
     "Express delivered before this local time, or none."},
    {"loadout", T_TIME, true, CF(loadout), 0, 0, 0,
     "Local time vans leave (out for delivery); deliveries start 30 minutes later."},
    {"eta_time", T_TIME, true, CF(eta_time), 0, 0, 0,
     "Local time the carrier's estimated delivery date refers to (express: the commit)."},
    {"sort", T_TIMES, true, CF(sort), CF(n_sort), 1, PC_SIM_MAX_SLOTS,
     "Hub truck departures, local times."},
    {"air", T_TIMES, true, CF(air), CF(n_air), 0, PC_SIM_MAX_SLOTS,
     "Air departures from hubs and gateways, local times; empty: express goes by truck."},
    {"air_hub", T_TIMES, true, CF(air_hub), CF(n_air_hub), 0, PC_SIM_MAX_SLOTS,
     "Departures from the carrier's air hub after its overnight sort (default: air)."},
    {"pickup_cutoff", T_TIME, true, CF(pickup_cutoff), 0, 0, 0,
     "The collection leaves the merchant's town at this local time."},
    {"pickup_saturday", T_BOOL, true, CF(pickup_saturday), 0, 0, 0, "Collects on Saturdays."},
    {"saturday", T_SERVICES, true, CF(saturday), 0, 0, 0,
     "Services delivered on Saturdays (ground, express, economy or none)."},
    {"hub_hours", T_NUM, true, CF(hub_hours), 0, 0.1, 100, "Median hub processing hours."},
    {"truck_kmh", T_NUM, true, CF(truck_kmh), 0, 10, 200, "Effective linehaul speed over road km."},
    {NULL, T_INT, false, 0, 0, 0, 0, NULL},
};

/* Built-in defaults, in the order and spelling of data/sim.conf. */
static const char *const defaults_global[] = {
    "sim.start = 2024-09-02",
    "sim.days = 90",
    "sim.handoff_median_h = 14",
    "sim.handoff_sigma = 0.8",
    "sim.dropoff_open = 08:00",
    "sim.dropoff_close = 20:00",
    "sim.local_kmh = 50",
    "sim.road_factor = 1.25",
    "sim.air_kmh = 750",
    "sim.air_overhead_h = 1",
    "sim.travel_sigma = 0.15",
    "sim.hub_sigma = 0.5",
    "sim.express_hub_factor = 0.25",
    "sim.economy_hub_factor = 2.5",
    "sim.relay_km = 1100",
    "sim.express_air_km = 500",
    "sim.customs_median_h = 6",
    "sim.customs_sigma = 0.6",
    "sim.pickup_wait_mean_h = 30",
    "promise.ground = 4",
    "promise.express = 3",
    "promise.economy = 5",
    "promise.km_per_day = 1400",
    "promise.international = 2",
    "disrupt.weather = 0.01",
    "disrupt.missed_sort = 0.04",
    "disrupt.missed_sort_visible = 0.5",
    "disrupt.failed_attempt = 0.05",
    "disrupt.failed_pickup = 0.3",
    "disrupt.customs_hold = 0.15",
    "disrupt.customs_hold_median_h = 40",
    "disrupt.lost = 0.003",
    "disrupt.return = 0.005",
    "disrupt.edd_optimistic = 0.08",
    NULL,
};

typedef struct carrier_defaults {
    const char *name;
    const char *lines[24];
} carrier_defaults;

/* clang-format off */
static const carrier_defaults defaults_carrier[PC_SIM_CARRIERS] = {
    {"usps", {
        "share = 30", "express = 0.1", "economy = 0.3", "international = 0.02",
        "hours = 0,0,0,0,0,0,0,0,0,2,5,9,12,14,14,12,9,6,3,1,0,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,0,0,6,10,14,16,16,14,12,8,4,0,0,0,0,0,0",
        "commit_express = 18:00", "loadout = 08:00", "eta_time = 21:00", "sort = 03:00,21:00",
        "air = 20:00,23:00", "air_hub = 03:00", "pickup_cutoff = 17:00", "pickup_saturday = yes",
        "saturday = ground,express,economy", "hub_hours = 4", "truck_kmh = 60", NULL}},
    {"ups", {
        "share = 25", "express = 0.2", "economy = 0.1", "international = 0.03",
        "hours = 0,0,0,0,0,0,0,0,0,2,4,6,7,8,9,11,13,13,11,8,4,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,0,0,55,45,0,0,0,0,0,0,0,0,0,0,0,0,0",
        "commit_express = 10:30", "loadout = 08:30", "eta_time = 20:00",
        "sort = 02:00,10:00,18:00,23:00", "air = 20:00,23:30", "air_hub = 04:30",
        "pickup_cutoff = 18:00", "pickup_saturday = no", "saturday = express", "hub_hours = 3",
        "truck_kmh = 65", NULL}},
    {"fedex", {
        "share = 20", "express = 0.25", "economy = 0.08", "international = 0.03",
        "hours = 0,0,0,0,0,0,0,0,0,2,4,7,9,11,12,12,11,9,8,5,3,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,0,0,60,40,0,0,0,0,0,0,0,0,0,0,0,0,0",
        "commit_express = 10:30", "loadout = 08:30", "eta_time = 20:00",
        "sort = 01:00,09:00,17:00,22:00", "air = 20:00,23:00", "air_hub = 03:00",
        "pickup_cutoff = 18:00", "pickup_saturday = no", "saturday = ground", "hub_hours = 3",
        "truck_kmh = 65", NULL}},
    {"dhl", {
        "share = 8", "express = 0.35", "economy = 0.2", "international = 0.5",
        "hours = 0,0,0,0,0,0,0,0,4,8,11,12,12,11,10,9,8,7,5,3,0,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,0,0,10,14,14,12,11,10,9,8,7,5,0,0,0,0,0",
        "commit_express = none", "loadout = 07:30", "eta_time = 18:00", "sort = 04:00,20:00",
        "air = 21:00,23:00", "air_hub = 03:00", "pickup_cutoff = 17:00", "pickup_saturday = no",
        "saturday = ground,economy", "hub_hours = 3.5", "truck_kmh = 70", NULL}},
    {"canadapost", {
        "share = 6", "express = 0.15", "economy = 0.3", "international = 0.03",
        "hours = 0,0,0,0,0,0,0,0,0,3,6,8,10,12,13,13,11,8,5,0,0,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,0,0,8,12,14,14,12,11,10,8,6,0,0,0,0,0,0",
        "commit_express = none", "loadout = 08:00", "eta_time = 21:00", "sort = 03:00,20:00",
        "air = 21:00,23:00", "air_hub = 03:00", "pickup_cutoff = 16:00", "pickup_saturday = no",
        "saturday = none", "hub_hours = 5", "truck_kmh = 60", NULL}},
    {"royalmail", {
        "share = 3", "express = 0.15", "economy = 0.4", "international = 0.05",
        "hours = 0,0,0,0,0,0,0,3,9,13,15,14,12,10,8,6,4,0,0,0,0,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,5,20,30,25,15,5,0,0,0,0,0,0,0,0,0,0,0",
        "commit_express = 13:00", "loadout = 06:30", "eta_time = 21:00", "sort = 05:00,21:00",
        "air = 21:00,23:00", "air_hub = 03:00", "pickup_cutoff = 17:30", "pickup_saturday = yes",
        "saturday = ground,express,economy", "hub_hours = 4", "truck_kmh = 60", NULL}},
    {"laposte", {
        "share = 2", "express = 0.15", "economy = 0.2", "international = 0.05",
        "hours = 0,0,0,0,0,0,0,0,0,8,12,14,14,11,10,9,7,5,0,0,0,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,0,0,12,16,16,13,10,9,8,6,4,0,0,0,0,0,0",
        "commit_express = none", "loadout = 08:00", "eta_time = 20:00", "sort = 04:00,21:00",
        "air = 21:00,23:00", "air_hub = 03:00", "pickup_cutoff = 17:00", "pickup_saturday = yes",
        "saturday = ground,economy", "hub_hours = 4.5", "truck_kmh = 65", NULL}},
    {"gls", {
        "share = 2", "express = 0.1", "economy = 0.15", "international = 0.2",
        "hours = 0,0,0,0,0,0,0,0,6,11,14,14,12,10,9,8,6,4,0,0,0,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,0,30,40,30,20,0,0,0,0,0,0,0,0,0,0,0,0",
        "commit_express = 12:00", "loadout = 07:00", "eta_time = 18:00", "sort = 20:00", "air =",
        "air_hub =", "pickup_cutoff = 16:00", "pickup_saturday = no", "saturday = none",
        "hub_hours = 2.5", "truck_kmh = 70", NULL}},
    {"dpd", {
        "share = 2", "express = 0.1", "economy = 0.1", "international = 0.15",
        "hours = 0,0,0,0,0,0,0,0,5,10,13,13,12,11,9,8,7,5,3,0,0,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,0,30,40,30,20,0,0,0,0,0,0,0,0,0,0,0,0",
        "commit_express = 12:00", "loadout = 07:00", "eta_time = 18:00", "sort = 19:00,23:00",
        "air =", "air_hub =", "pickup_cutoff = 17:00", "pickup_saturday = no", "saturday = none",
        "hub_hours = 2.5", "truck_kmh = 70", NULL}},
    {"australiapost", {
        "share = 2", "express = 0.25", "economy = 0.2", "international = 0",
        "hours = 0,0,0,0,0,0,0,0,0,6,10,13,14,13,11,9,7,5,0,0,0,0,0,0",
        "hours_express = 0,0,0,0,0,0,0,0,0,10,14,15,14,12,10,8,6,0,0,0,0,0,0,0",
        "commit_express = none", "loadout = 07:30", "eta_time = 21:00", "sort = 04:00,20:00",
        "air = 20:00,22:30", "air_hub = 02:30", "pickup_cutoff = 17:00", "pickup_saturday = no",
        "saturday = none", "hub_hours = 5", "truck_kmh = 70", NULL}},
};
/* clang-format on */

size_t pc_sim_carrier_count(void)
{
    return PC_SIM_CARRIERS;
}

const char *pc_sim_carrier_name(size_t i)
{
    return i < PC_SIM_CARRIERS ? pc__carriers[i].name : NULL;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return PC_ECONFIG;
}

/* ---------------------------------------------------------------------------------------------
 * Value parsers (locale independent)
 */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "[+-]digits[.digits]" or "[+-].digits", up to 18 significant digits, no exponent. The value is
 * mantissa / 10^k with both exact, so the quotient is correctly rounded like strtod's. */
int pc__sim_parse_decimal(const char *s, double *ret)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                                   1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    uint64_t mant = 0;
    int sig = 0, frac = 0;
    bool neg = false, dot = false, any = false;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    for (; *s; s++) {
        if (*s == '.') {
            if (dot)
                return PC_EINVAL;
            dot = true;
            continue;
        }
        if (!is_digit(*s))
            return PC_EINVAL;
        any = true;
        if (sig == 0 && *s == '0') {
            frac += dot;
            continue;
        }
        if (sig == 18)
            return PC_EINVAL;
        mant = mant * 10 + (uint64_t)(*s - '0');
        sig++;
        frac += dot;
    }
    if (!any || frac > 18)
        return PC_EINVAL;
    double v = (double)mant / pow10[frac];
    *ret = neg ? -v : v;
    return 0;
}

static int parse_number(const char *s, double *ret)
{
    return pc__sim_parse_decimal(s, ret);
}

static int parse_int(const char *s, long min, long max, int *ret)
{
    long v = 0;
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (!*s)
        return PC_EINVAL;
    for (; *s; s++) {
        if (!is_digit(*s) || v > 100000000L)
            return PC_EINVAL;
        v = v * 10 + (*s - '0');
    }
    if (neg)
        v = -v;
    if (v < min || v > max)
        return PC_EINVAL;
    *ret = (int)v;
    return 0;
}

/* "HH:MM" -> minute of the day. */
static int parse_time(const char *s, int *ret)
{
    size_t n = strlen(s);
    if (n != 5 || !is_digit(s[0]) || !is_digit(s[1]) || s[2] != ':' || !is_digit(s[3]) ||
        !is_digit(s[4]))
        return PC_EINVAL;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59)
        return PC_EINVAL;
    *ret = h * 60 + m;
    return 0;
}

/* Split s at commas and blanks into at most max items (copied into out, each < size). */
static int split_list(const char *s, char out[][32], size_t max, size_t *ret_n)
{
    size_t n = 0;
    while (*s) {
        while (*s == ',' || is_space(*s))
            s++;
        if (!*s)
            break;
        size_t len = 0;
        while (s[len] && s[len] != ',' && !is_space(s[len]))
            len++;
        if (n == max || len >= 32)
            return PC_EINVAL;
        memcpy(out[n], s, len);
        out[n][len] = '\0';
        n++;
        s += len;
    }
    *ret_n = n;
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static const char *type_text(const setting *st)
{
    switch (st->type) {
    case T_INT:
        return "an integer";
    case T_NUM:
        return "a number";
    case T_DATE:
        return "a date YYYY-MM-DD";
    case T_TIME:
        return "a local time HH:MM";
    case T_TIME_OPT:
        return "a local time HH:MM or none";
    case T_TIMES:
        return "a list of local times HH:MM,HH:MM";
    case T_PROFILE:
        return "24 non-negative numbers";
    case T_BOOL:
        return "yes or no";
    case T_SERVICES:
        return "a list of ground, express, economy, or none";
    }
    return "?";
}

/* Parse value for st into base (the config or the carrier's block). */
static int apply(const setting *st, char *base, const char *value, const char *key, char *err,
                 size_t errlen)
{
    void *field = base + st->offset;
    char items[25][32];
    size_t n = 0;
    switch (st->type) {
    case T_INT: {
        int v;
        if (parse_int(value, (long)st->min, (long)st->max, &v) < 0)
            goto bad_range;
        memcpy(field, &v, sizeof(v));
        return 0;
    }
    case T_NUM: {
        double v;
        if (parse_number(value, &v) < 0 || v < st->min || v > st->max)
            goto bad_range;
        memcpy(field, &v, sizeof(v));
        return 0;
    }
    case T_DATE: {
        pc_civil c = {0, 0, 0, 0, 0, 0};
        size_t len = strlen(value);
        if (len != 10 || value[4] != '-' || value[7] != '-')
            goto bad;
        for (size_t i = 0; i < len; i++)
            if (i != 4 && i != 7 && !is_digit(value[i]))
                goto bad;
        c.year = (value[0] - '0') * 1000 + (value[1] - '0') * 100 + (value[2] - '0') * 10 +
                 (value[3] - '0');
        c.month = (value[5] - '0') * 10 + (value[6] - '0');
        c.day = (value[8] - '0') * 10 + (value[9] - '0');
        if (!pc_civil_valid(&c) || c.year < 1971 || c.year > 2200)
            goto bad;
        int64_t t = pc_civil_to_unix(&c);
        memcpy(field, &t, sizeof(t));
        return 0;
    }
    case T_TIME:
    case T_TIME_OPT: {
        int m;
        if (st->type == T_TIME_OPT && strcmp(value, "none") == 0)
            m = -1;
        else if (parse_time(value, &m) < 0)
            goto bad;
        memcpy(field, &m, sizeof(m));
        return 0;
    }
    case T_TIMES: {
        int v[PC_SIM_MAX_SLOTS];
        if (split_list(value, items, PC_SIM_MAX_SLOTS, &n) < 0)
            return set_err(err, errlen, "%s: at most %d times", key, PC_SIM_MAX_SLOTS);
        if (n < (size_t)st->min)
            return set_err(err, errlen, "%s: at least %d time(s) needed", key, (int)st->min);
        for (size_t i = 0; i < n; i++)
            if (parse_time(items[i], &v[i]) < 0)
                goto bad;
        qsort(v, n, sizeof(v[0]), cmp_int);
        for (size_t i = 1; i < n; i++)
            if (v[i] == v[i - 1])
                return set_err(err, errlen, "%s: time listed twice", key);
        int *dst = field;
        memset(dst, 0, PC_SIM_MAX_SLOTS * sizeof(int));
        memcpy(dst, v, n * sizeof(int));
        memcpy(base + st->count_offset, &n, sizeof(n));
        return 0;
    }
    case T_PROFILE: {
        double v[24], sum = 0;
        if (split_list(value, items, 25, &n) < 0 || n != 24)
            return set_err(err, errlen, "%s: expected 24 numbers (hours 0-23), got %s", key,
                           n > 24 ? "more" : "fewer");
        for (size_t i = 0; i < 24; i++) {
            if (parse_number(items[i], &v[i]) < 0 || v[i] < 0 || v[i] > 1e9)
                goto bad;
            sum += v[i];
        }
        if (!(sum > 0))
            return set_err(err, errlen, "%s: the weights sum to 0", key);
        memcpy(field, v, sizeof(v));
        return 0;
    }
    case T_BOOL: {
        bool b;
        if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 || strcmp(value, "1") == 0)
            b = true;
        else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 || strcmp(value, "0") == 0)
            b = false;
        else
            goto bad;
        memcpy(field, &b, sizeof(b));
        return 0;
    }
    case T_SERVICES: {
        unsigned mask = 0;
        if (split_list(value, items, 4, &n) < 0)
            goto bad;
        for (size_t i = 0; i < n; i++) {
            int k;
            if (strcmp(items[i], "none") == 0 && n == 1)
                continue;
            for (k = 0; k < PC_SIM_SERVICE__COUNT; k++)
                if (strcmp(items[i], pc_sim_service_name((pc_sim_service)k)) == 0)
                    break;
            if (k == PC_SIM_SERVICE__COUNT)
                goto bad;
            mask |= 1u << k;
        }
        if (n == 0)
            goto bad;
        memcpy(field, &mask, sizeof(mask));
        return 0;
    }
    }
    return PC_EINTERNAL;
bad_range:
    if (st->type == T_INT || st->type == T_NUM)
        return set_err(err, errlen, "%s: '%s' is not %s between %g and %g", key, value,
                       type_text(st), st->min, st->max);
bad:
    return set_err(err, errlen, "%s: '%s' is not %s", key, value, type_text(st));
}

int pc_sim_config_set(pc_sim_config *cfg, const char *key, const char *value, char *err,
                      size_t errlen)
{
    char v[MAX_VALUE];
    if (!cfg || !key || !value)
        return PC_EINVAL;
    /* trim the value */
    while (is_space(*value))
        value++;
    size_t len = strlen(value);
    while (len && is_space(value[len - 1]))
        len--;
    if (len >= sizeof(v))
        return set_err(err, errlen, "%s: value longer than %d bytes", key, MAX_VALUE - 1);
    memcpy(v, value, len);
    v[len] = '\0';

    const char *dot = strchr(key, '.');
    if (dot) {
        for (size_t c = 0; c < PC_SIM_CARRIERS; c++) {
            const char *name = pc__carriers[c].name;
            size_t nl = strlen(name);
            if ((size_t)(dot - key) != nl || strncmp(key, name, nl) != 0)
                continue;
            for (const setting *st = settings; st->key; st++) {
                if (st->per_carrier && strcmp(st->key, dot + 1) == 0)
                    return apply(st, (char *)&cfg->carrier[c], v, key, err, errlen);
            }
            return set_err(err, errlen, "unknown setting '%s'", key);
        }
    }
    for (const setting *st = settings; st->key; st++) {
        if (!st->per_carrier && strcmp(st->key, key) == 0)
            return apply(st, (char *)cfg, v, key, err, errlen);
    }
    return set_err(err, errlen, "unknown setting '%s'", key);
}

/* Apply one "key = value" line (prefix: the section, "" for none). */
static int apply_line(pc_sim_config *cfg, const char *prefix, char *line, char *err, size_t errlen)
{
    char key[256];
    char *eq = strchr(line, '=');
    if (!eq)
        return set_err(err, errlen, "expected 'key = value', got '%.60s'", line);
    *eq = '\0';
    char *k = line, *value = eq + 1;
    size_t kl = strlen(k);
    while (kl && is_space(k[kl - 1]))
        k[--kl] = '\0';
    if (kl == 0)
        return set_err(err, errlen, "missing key before '='");
    int w = snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "", k);
    if (w < 0 || (size_t)w >= sizeof(key))
        return set_err(err, errlen, "key too long");
    return pc_sim_config_set(cfg, key, value, err, errlen);
}

void pc_sim_config_default(pc_sim_config *cfg)
{
    char line[MAX_LINE];
    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; defaults_global[i]; i++) {
        snprintf(line, sizeof(line), "%s", defaults_global[i]);
        (void)apply_line(cfg, "", line, NULL, 0); /* built-in text: checked by the tests */
    }
    for (size_t c = 0; c < PC_SIM_CARRIERS; c++) {
        for (size_t i = 0; defaults_carrier[c].lines[i]; i++) {
            snprintf(line, sizeof(line), "%s", defaults_carrier[c].lines[i]);
            (void)apply_line(cfg, defaults_carrier[c].name, line, NULL, 0);
        }
    }
}

int pc_sim_config_load(pc_sim_config *cfg, const char *path, char *err, size_t errlen)
{
    char msg[512];
    char prefix[64] = "";
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int rc = 0;

    if (!cfg || !path)
        return PC_EINVAL;
    FILE *f = fopen(path, "r");
    if (!f) {
        set_err(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return PC_EIO;
    }
    for (;;) {
        ssize_t n = getline(&line, &cap, f);
        if (n < 0)
            break;
        lineno++;
        if (n > MAX_LINE) {
            rc = set_err(msg, sizeof(msg), "line longer than %d bytes", MAX_LINE);
            goto fail;
        }
        if (memchr(line, '\0', (size_t)n)) {
            rc = set_err(msg, sizeof(msg), "NUL byte in line");
            goto fail;
        }
        while (n > 0 && is_space(line[n - 1]))
            line[--n] = '\0';
        char *p = line;
        while (is_space(*p))
            p++;
        if (*p == '\0' || *p == '#' || *p == ';')
            continue;
        if (*p == '[') {
            char *end = strchr(p, ']');
            if (!end || end[1] != '\0' || end == p + 1 || (size_t)(end - p) >= sizeof(prefix)) {
                rc = set_err(msg, sizeof(msg), "bad section header '%.60s'", p);
                goto fail;
            }
            *end = '\0';
            snprintf(prefix, sizeof(prefix), "%s", p + 1);
            bool known = strcmp(prefix, "sim") == 0 || strcmp(prefix, "promise") == 0 ||
                         strcmp(prefix, "disrupt") == 0;
            for (size_t c = 0; c < PC_SIM_CARRIERS && !known; c++)
                known = strcmp(prefix, pc__carriers[c].name) == 0;
            if (!known) {
                rc = set_err(msg, sizeof(msg), "unknown section [%s]", prefix);
                goto fail;
            }
            continue;
        }
        if ((rc = apply_line(cfg, prefix, p, msg, sizeof(msg))) < 0)
            goto fail;
    }
    if (ferror(f)) {
        set_err(err, errlen, "%s: read error", path);
        rc = PC_EIO;
        goto out;
    }
    if ((rc = pc_sim_config_check(cfg, msg, sizeof(msg))) < 0) {
        set_err(err, errlen, "%s: %s", path, msg);
        goto out;
    }
    goto out;
fail:
    set_err(err, errlen, "%s:%u: %s", path, lineno, msg);
out:
    free(line);
    fclose(f);
    return rc;
}

/* Whether local hour h of a profile can hold a delivery: vans leave at loadout, the first
 * delivery is 30 minutes later, and express must arrive before the commit. */
static bool hour_usable(const pc_sim_carrier_cfg *cc, bool express, int h)
{
    if (h * 60 + 59 <= cc->loadout + 30)
        return false;
    if (express && cc->commit_express >= 0 && h * 60 >= cc->commit_express)
        return false;
    return true;
}

int pc_sim_config_check(const pc_sim_config *cfg, char *err, size_t errlen)
{
    double total = 0;
    if (cfg->dropoff_open >= cfg->dropoff_close)
        return set_err(err, errlen, "sim.dropoff_open must be before sim.dropoff_close");
    for (size_t c = 0; c < PC_SIM_CARRIERS; c++) {
        const pc_sim_carrier_cfg *cc = &cfg->carrier[c];
        const char *name = pc__carriers[c].name;
        total += cc->share;
        if (cc->express_share + cc->economy_share > 1.0)
            return set_err(err, errlen, "%s.express + %s.economy exceed 1", name, name);
        if (cc->intl_share > 0 && pc__carriers[c].n_lanes == 0)
            return set_err(err, errlen, "%s.international: %s has no international lanes", name,
                           name);
        for (int x = 0; x < 2; x++) {
            const double *w = x ? cc->hours_express : cc->hours;
            double sum = 0;
            for (int h = 0; h < 24; h++)
                if (hour_usable(cc, x == 1, h))
                    sum += w[h];
            if (!(sum > 0))
                return set_err(err, errlen,
                               "%s.%s: no weight on an hour after %s.loadout + 30 minutes%s", name,
                               x ? "hours_express" : "hours", name,
                               x ? " and before commit_express" : "");
        }
        if (cc->n_sort == 0)
            return set_err(err, errlen, "%s.sort: at least one departure needed", name);
    }
    if (!(total > 0))
        return set_err(err, errlen, "every <carrier>.share is 0");
    return 0;
}

bool pc__sim_hour_usable(const pc_sim_carrier_cfg *cc, bool express, int h)
{
    return hour_usable(cc, express, h);
}

/* ---------------------------------------------------------------------------------------------
 * Writer
 */

static void write_num(FILE *f, double v)
{
    /* shortest text that reads back to the same double: integers plainly, else %.17g trimmed */
    char buf[64];
    if (v == (double)(long long)v && v > -1e15 && v < 1e15) {
        fprintf(f, "%lld", (long long)v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        double back;
        snprintf(buf, sizeof(buf), "%.*f", prec, v);
        if (pc__sim_parse_decimal(buf, &back) == 0 && back == v)
            break;
    }
    fputs(buf, f);
}

static void write_time(FILE *f, int m)
{
    fprintf(f, "%02d:%02d", m / 60, m % 60);
}

static void write_value(FILE *f, const setting *st, const char *base)
{
    const void *field = base + st->offset;
    switch (st->type) {
    case T_INT: {
        int v;
        memcpy(&v, field, sizeof(v));
        fprintf(f, "%d", v);
        break;
    }
    case T_NUM: {
        double v;
        memcpy(&v, field, sizeof(v));
        write_num(f, v);
        break;
    }
    case T_DATE: {
        int64_t t;
        pc_civil c;
        memcpy(&t, field, sizeof(t));
        pc_unix_to_civil(t, &c);
        fprintf(f, "%04d-%02d-%02d", c.year, c.month, c.day);
        break;
    }
    case T_TIME:
    case T_TIME_OPT: {
        int m;
        memcpy(&m, field, sizeof(m));
        if (m < 0)
            fputs("none", f);
        else
            write_time(f, m);
        break;
    }
    case T_TIMES: {
        size_t n;
        const int *v = field;
        memcpy(&n, base + st->count_offset, sizeof(n));
        for (size_t i = 0; i < n; i++) {
            if (i)
                fputc(',', f);
            write_time(f, v[i]);
        }
        break;
    }
    case T_PROFILE: {
        const double *v = field;
        for (int i = 0; i < 24; i++) {
            if (i)
                fputc(',', f);
            write_num(f, v[i]);
        }
        break;
    }
    case T_BOOL: {
        bool b;
        memcpy(&b, field, sizeof(b));
        fputs(b ? "yes" : "no", f);
        break;
    }
    case T_SERVICES: {
        unsigned mask;
        memcpy(&mask, field, sizeof(mask));
        if (!mask)
            fputs("none", f);
        for (int k = 0, first = 1; k < PC_SIM_SERVICE__COUNT; k++) {
            if (!(mask & (1u << k)))
                continue;
            fprintf(f, "%s%s", first ? "" : ",", pc_sim_service_name((pc_sim_service)k));
            first = 0;
        }
        break;
    }
    }
}

static void write_setting(FILE *f, const char *name, const setting *st, const char *base, bool help)
{
    size_t count = 1;
    if (help)
        fprintf(f, "# %s\n", st->help);
    if (st->type == T_TIMES)
        memcpy(&count, base + st->count_offset, sizeof(count));
    fprintf(f, "%s =%s", name, count ? " " : "");
    if (count)
        write_value(f, st, base);
    fputc('\n', f);
}

int pc_sim_config_write(const pc_sim_config *cfg, FILE *f)
{
    char section[32] = "";
    fputs("# parcelcast simulator parameters (docs/simulator.md)\n", f);
    for (const setting *st = settings; st->key; st++) {
        if (st->per_carrier)
            continue;
        const char *dot = strchr(st->key, '.');
        int sl = (int)(dot - st->key);
        if ((int)strlen(section) != sl || strncmp(section, st->key, (size_t)sl) != 0) {
            fprintf(f, "%s[%.*s]\n", *section ? "\n" : "", sl, st->key);
            snprintf(section, sizeof(section), "%.*s", sl, st->key);
        }
        write_setting(f, dot + 1, st, (const char *)cfg, true);
    }
    for (size_t c = 0; c < PC_SIM_CARRIERS; c++) {
        fprintf(f, "\n[%s]\n", pc__carriers[c].name);
        for (const setting *st = settings; st->key; st++) {
            if (!st->per_carrier)
                continue;
            write_setting(f, st->key, st, (const char *)&cfg->carrier[c], c == 0);
        }
    }
    return ferror(f) ? PC_EIO : 0;
}
