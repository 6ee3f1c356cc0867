/* Simulator internals shared by sim_config.c, sim_world.c and sim_shipment.c. */
#ifndef PC_SIM_INTERNAL_H
#define PC_SIM_INTERNAL_H

#include <parcelcast/sim.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

#define SECS_PER_DAY 86400

/* Countries of the model. Order is the index into pc__countries[]. */
enum { C_US, C_CA, C_DE, C_FR, C_GB, C_AU, C__COUNT };

typedef struct pc__country {
    const char *iso;
    const char *gateway_postal; /* the international gateway hub */
    bool eu;                    /* no customs between EU members */
} pc__country;

extern const pc__country pc__countries[C__COUNT];

/* Tracking-number formats (sim_world.c, pc__sim_number). */
typedef enum pc__number_fmt {
    NF_UPS_1Z,
    NF_FEDEX_12,
    NF_FEDEX_15,
    NF_USPS_IMPB,
    NF_DHL_EXPRESS,
    NF_DHL_PAKET,
    NF_S10,
    NF_CANADAPOST_PIN,
    NF_COLISSIMO,
    NF_GLS_12,
    NF_DPD_14,
    NF_AUSPOST,
} pc__number_fmt;

typedef struct pc__lane {
    int from, to; /* C_* */
} pc__lane;

#define PC__MAX_LANES 8

typedef struct pc__carrier_def {
    const char *name;
    int home;                                         /* C_* */
    const char *services[PC_SIM_SERVICE__COUNT];      /* domestic product names */
    const char *intl_services[PC_SIM_SERVICE__COUNT]; /* international product names */
    pc__number_fmt fmt[PC_SIM_SERVICE__COUNT];        /* domestic tracking-number format */
    const char *param[PC_SIM_SERVICE__COUNT];         /* its service code / prefix, or NULL */
    pc__number_fmt intl_fmt[PC_SIM_SERVICE__COUNT];   /* international */
    const char *intl_param[PC_SIM_SERVICE__COUNT];
    const char *air_hub_postal;    /* domestic express air hub, or NULL */
    pc__lane lanes[PC__MAX_LANES]; /* international lanes */
    size_t n_lanes;
} pc__carrier_def;

extern const pc__carrier_def pc__carriers[PC_SIM_CARRIERS];

/* UTC offsets of one zone: off[i] applies from at[i-1] (inclusive) to at[i]; off[0] before. */
#define PC__ZONE_MAX_T 32
typedef struct pc__zone {
    const char *name;
    int64_t lo, hi; /* table valid for UTC instants in [lo, hi) */
    size_t n;
    int64_t at[PC__ZONE_MAX_T];
    int32_t off[PC__ZONE_MAX_T + 1]; /* seconds east of UTC */
} pc__zone;

#define PC__MAX_PLACES 160
#define PC__MAX_ZONES  48

struct pc_sim {
    pc_sim_config cfg;
    size_t n_places;
    pc_sim_place places[PC__MAX_PLACES];
    int country[PC__MAX_PLACES];   /* C_* of each place */
    int hub_of[PC__MAX_PLACES];    /* serving hub of each place (a hub serves itself) */
    int zone_of[PC__MAX_PLACES];   /* index into zones */
    int shift_min[PC__MAX_PLACES]; /* deliveries start later by this drive from the hub */
    size_t n_zones;
    pc__zone zones[PC__MAX_ZONES];
    int gateway[C__COUNT];               /* hub index */
    int air_hub[PC_SIM_CARRIERS];        /* hub index or -1 */
    int towns[C__COUNT][PC__MAX_PLACES]; /* towns (origins and destinations) per country */
    size_t n_towns[C__COUNT];
    int hubs[C__COUNT][PC__MAX_PLACES];
    size_t n_hubs[C__COUNT];
    gsl_ran_discrete_t *pick_carrier;
    gsl_ran_discrete_t *pick_hour[PC_SIM_CARRIERS][2]; /* [0] ground/economy, [1] express */
    gsl_ran_discrete_t *pick_label_hour;
};

/* sim_world.c */
int32_t pc__sim_offset(const pc_sim *sim, int place, int64_t utc);
int64_t pc__sim_local_day(const pc_sim *sim, int place, int64_t utc);
int64_t pc__sim_at(const pc_sim *sim, int place, int64_t day, int minute);
int pc__sim_minute_of_day(const pc_sim *sim, int place, int64_t utc);
int pc__sim_weekday(int64_t day); /* 0 = Sunday */
bool pc__sim_holiday(int country, int64_t day);
double pc__sim_km(const pc_sim *sim, int a, int b);
bool pc__sim_weather(const pc_sim *sim, gsl_rng *scratch, uint64_t seed, int hub, int64_t day);
unsigned long pc__sim_stream_seed(uint64_t seed, uint64_t index);
int pc__sim_number(pc__number_fmt fmt, const char *param, const char *country, uint64_t seed,
                   uint64_t index, char *buf, size_t size);

/* sim_config.c */
int pc__sim_parse_decimal(const char *s, double *ret);
bool pc__sim_hour_usable(const pc_sim_carrier_cfg *cc, bool express, int h);

#endif
