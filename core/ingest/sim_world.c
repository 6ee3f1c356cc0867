/* The simulated world: places (hubs and towns), countries with their public holidays, carriers
 * with their products, lanes and tracking-number formats; per-zone UTC offset tables; the seed
 * mixing function; building and freeing the model. */
#include "sim_internal.h"

#include <parcelcast/error.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
 * Static data
 */

typedef struct place_row {
    const char *city, *region, *postal, *country;
    double lat, lon;
    bool hub;
} place_row;

/* Hubs are sort centres at real metro logistics sites; towns are where merchants ship from and
 * customers live. Each town is served by the nearest hub of its country. */
/* clang-format off */
static const place_row place_rows[] = {
    /* United States: hubs */
    {"Louisville", "KY", "40209", "US", 38.17, -85.74, true},
    {"Memphis", "TN", "38118", "US", 35.04, -89.98, true},
    {"Hebron", "KY", "41048", "US", 39.05, -84.67, true},
    {"Chicago", "IL", "60638", "US", 41.79, -87.75, true},
    {"Secaucus", "NJ", "07094", "US", 40.79, -74.06, true},
    {"Atlanta", "GA", "30354", "US", 33.66, -84.40, true},
    {"Dallas", "TX", "75261", "US", 32.90, -97.04, true},
    {"Houston", "TX", "77032", "US", 29.95, -95.33, true},
    {"Los Angeles", "CA", "90045", "US", 33.94, -118.40, true},
    {"Oakland", "CA", "94621", "US", 37.74, -122.20, true},
    {"Seattle", "WA", "98108", "US", 47.54, -122.30, true},
    {"Denver", "CO", "80239", "US", 39.79, -104.83, true},
    {"Phoenix", "AZ", "85043", "US", 33.43, -112.18, true},
    {"Miami", "FL", "33166", "US", 25.82, -80.30, true},
    {"Indianapolis", "IN", "46241", "US", 39.72, -86.29, true},
    {"Kansas City", "MO", "64153", "US", 39.28, -94.69, true},
    {"Salt Lake City", "UT", "84116", "US", 40.78, -111.96, true},
    {"Philadelphia", "PA", "19153", "US", 39.88, -75.24, true},
    {"Minneapolis", "MN", "55111", "US", 44.88, -93.21, true},
    {"Charlotte", "NC", "28208", "US", 35.22, -80.94, true},
    {"Columbus", "OH", "43217", "US", 39.81, -82.93, true},
    {"Romulus", "MI", "48174", "US", 42.22, -83.35, true},
    {"Orlando", "FL", "32824", "US", 28.43, -81.31, true},
    {"Hazelwood", "MO", "63042", "US", 38.78, -90.37, true},
    {"Albuquerque", "NM", "87106", "US", 35.05, -106.62, true},
    {"Shrewsbury", "MA", "01545", "US", 42.29, -71.71, true},
    /* United States: towns */
    {"Brooklyn", "NY", "11201", "US", 40.69, -73.99, false},
    {"Stamford", "CT", "06901", "US", 41.05, -73.54, false},
    {"Boston", "MA", "02118", "US", 42.34, -71.07, false},
    {"Evanston", "IL", "60201", "US", 42.05, -87.69, false},
    {"Milwaukee", "WI", "53202", "US", 43.04, -87.91, false},
    {"Decatur", "GA", "30030", "US", 33.77, -84.30, false},
    {"Nashville", "TN", "37203", "US", 36.15, -86.79, false},
    {"Plano", "TX", "75024", "US", 33.08, -96.80, false},
    {"Austin", "TX", "78701", "US", 30.27, -97.74, false},
    {"Pasadena", "CA", "91101", "US", 34.15, -118.14, false},
    {"San Diego", "CA", "92101", "US", 32.72, -117.16, false},
    {"San Jose", "CA", "95112", "US", 37.35, -121.89, false},
    {"Portland", "OR", "97205", "US", 45.52, -122.68, false},
    {"Boulder", "CO", "80302", "US", 40.02, -105.27, false},
    {"El Paso", "TX", "79901", "US", 31.76, -106.49, false},
    {"Tucson", "AZ", "85701", "US", 32.22, -110.97, false},
    {"Orlando", "FL", "32801", "US", 28.54, -81.38, false},
    {"Tampa", "FL", "33602", "US", 27.95, -82.46, false},
    {"Fort Wayne", "IN", "46802", "US", 41.08, -85.14, false},
    {"St. Louis", "MO", "63101", "US", 38.63, -90.19, false},
    {"Boise", "ID", "83702", "US", 43.61, -116.20, false},
    {"Pittsburgh", "PA", "15222", "US", 40.44, -79.99, false},
    {"Baltimore", "MD", "21201", "US", 39.29, -76.62, false},
    {"Saint Paul", "MN", "55102", "US", 44.94, -93.10, false},
    {"Raleigh", "NC", "27601", "US", 35.78, -78.64, false},
    {"Cincinnati", "OH", "45202", "US", 39.10, -84.51, false},
    {"Lexington", "KY", "40507", "US", 38.05, -84.50, false},
    {"New Orleans", "LA", "70112", "US", 29.95, -90.08, false},
    {"Las Vegas", "NV", "89101", "US", 36.17, -115.14, false},
    {"Albuquerque", "NM", "87102", "US", 35.08, -106.65, false},
    {"Detroit", "MI", "48226", "US", 42.33, -83.05, false},
    {"Columbus", "OH", "43215", "US", 39.96, -83.00, false},
    {"Omaha", "NE", "68102", "US", 41.26, -95.94, false},
    {"Sacramento", "CA", "95814", "US", 38.58, -121.49, false},
    {"Tacoma", "WA", "98402", "US", 47.25, -122.44, false},
    {"Fort Worth", "TX", "76102", "US", 32.75, -97.33, false},
    {"Savannah", "GA", "31401", "US", 32.08, -81.09, false},
    {"Jersey City", "NJ", "07302", "US", 40.72, -74.05, false},
    /* Canada */
    {"Mississauga", "ON", "L5T 1B1", "CA", 43.66, -79.65, true},
    {"Saint-Laurent", "QC", "H4S 1A1", "CA", 45.49, -73.72, true},
    {"Richmond", "BC", "V6X 2W8", "CA", 49.18, -123.13, true},
    {"Calgary", "AB", "T2E 8K3", "CA", 51.08, -114.02, true},
    {"Winnipeg", "MB", "R3H 0W4", "CA", 49.91, -97.23, true},
    {"Enfield", "NS", "B2T 1K3", "CA", 44.93, -63.54, true},
    {"Saskatoon", "SK", "S7L 6M6", "CA", 52.16, -106.72, true},
    {"Toronto", "ON", "M5V 2T6", "CA", 43.64, -79.39, false},
    {"Ottawa", "ON", "K1P 1J1", "CA", 45.42, -75.70, false},
    {"Montreal", "QC", "H2Y 1C6", "CA", 45.50, -73.56, false},
    {"Quebec", "QC", "G1R 4P5", "CA", 46.81, -71.21, false},
    {"Vancouver", "BC", "V6B 1A1", "CA", 49.28, -123.12, false},
    {"Victoria", "BC", "V8W 1P6", "CA", 48.43, -123.37, false},
    {"Edmonton", "AB", "T5J 0N3", "CA", 53.54, -113.49, false},
    {"Halifax", "NS", "B3J 1S9", "CA", 44.65, -63.57, false},
    {"Saskatoon", "SK", "S7K 0J5", "CA", 52.13, -106.67, false},
    {"Winnipeg", "MB", "R3C 0V8", "CA", 49.90, -97.14, false},
    {"Hamilton", "ON", "L8P 4R5", "CA", 43.26, -79.87, false},
    /* Germany */
    {"Leipzig", "SN", "04435", "DE", 51.42, 12.24, true},
    {"Frankfurt am Main", "HE", "60549", "DE", 50.05, 8.57, true},
    {"K\xc3\xb6ln", "NW", "51147", "DE", 50.87, 7.14, true},
    {"Hamburg", "HH", "22113", "DE", 53.52, 10.10, true},
    {"Freising", "BY", "85356", "DE", 48.35, 11.78, true},
    {"Berlin", "BE", "10115", "DE", 52.53, 13.38, false},
    {"M\xc3\xbcnchen", "BY", "80331", "DE", 48.14, 11.58, false},
    {"Stuttgart", "BW", "70173", "DE", 48.78, 9.18, false},
    {"D\xc3\xbcsseldorf", "NW", "40213", "DE", 51.22, 6.77, false},
    {"Dresden", "SN", "01067", "DE", 51.05, 13.74, false},
    {"Bremen", "HB", "28195", "DE", 53.08, 8.80, false},
    {"N\xc3\xbcrnberg", "BY", "90402", "DE", 49.45, 11.08, false},
    {"Hannover", "NI", "30159", "DE", 52.37, 9.74, false},
    /* France */
    {"Roissy-en-France", "IDF", "95700", "FR", 49.00, 2.52, true},
    {"Colombier-Saugnieu", "ARA", "69125", "FR", 45.72, 5.08, true},
    {"M\xc3\xa9rignac", "NAQ", "33700", "FR", 44.83, -0.70, true},
    {"Paris", "IDF", "75001", "FR", 48.86, 2.34, false},
    {"Lyon", "ARA", "69002", "FR", 45.76, 4.83, false},
    {"Marseille", "PAC", "13001", "FR", 43.30, 5.37, false},
    {"Lille", "HDF", "59000", "FR", 50.63, 3.06, false},
    {"Bordeaux", "NAQ", "33000", "FR", 44.84, -0.58, false},
    {"Toulouse", "OCC", "31000", "FR", 43.60, 1.44, false},
    /* United Kingdom */
    {"Castle Donington", "ENG", "DE74 2SA", "GB", 52.83, -1.33, true},
    {"Hayes", "ENG", "UB3 5AN", "GB", 51.49, -0.44, true},
    {"London", "ENG", "EC1A 1BB", "GB", 51.52, -0.10, false},
    {"Manchester", "ENG", "M1 1AE", "GB", 53.48, -2.24, false},
    {"Birmingham", "ENG", "B1 1AA", "GB", 52.48, -1.90, false},
    {"Glasgow", "SCT", "G1 1XQ", "GB", 55.86, -4.25, false},
    {"Leeds", "ENG", "LS1 1UR", "GB", 53.80, -1.55, false},
    {"Bristol", "ENG", "BS1 4DJ", "GB", 51.45, -2.59, false},
    /* Australia */
    {"Mascot", "NSW", "2020", "AU", -33.93, 151.18, true},
    {"Tullamarine", "VIC", "3045", "AU", -37.67, 144.84, true},
    {"Brisbane Airport", "QLD", "4008", "AU", -27.39, 153.12, true},
    {"Perth Airport", "WA", "6105", "AU", -31.94, 115.97, true},
    {"Adelaide Airport", "SA", "5950", "AU", -34.95, 138.53, true},
    {"Cambridge", "TAS", "7170", "AU", -42.84, 147.50, true},
    {"Sydney", "NSW", "2000", "AU", -33.87, 151.21, false},
    {"Newcastle", "NSW", "2300", "AU", -32.93, 151.78, false},
    {"Melbourne", "VIC", "3000", "AU", -37.81, 144.96, false},
    {"Geelong", "VIC", "3220", "AU", -38.15, 144.36, false},
    {"Brisbane", "QLD", "4000", "AU", -27.47, 153.03, false},
    {"Gold Coast", "QLD", "4217", "AU", -28.00, 153.43, false},
    {"Perth", "WA", "6000", "AU", -31.95, 115.86, false},
    {"Adelaide", "SA", "5000", "AU", -34.93, 138.60, false},
    {"Hobart", "TAS", "7000", "AU", -42.88, 147.33, false},
    {"Canberra", "ACT", "2601", "AU", -35.28, 149.13, false},
};
/* clang-format on */

#define N_PLACE_ROWS (sizeof(place_rows) / sizeof(place_rows[0]))

const pc__country pc__countries[C__COUNT] = {
    [C_US] = {"US", "41048", false},    [C_CA] = {"CA", "L5T 1B1", false},
    [C_DE] = {"DE", "04435", true},     [C_FR] = {"FR", "95700", true},
    [C_GB] = {"GB", "DE74 2SA", false}, [C_AU] = {"AU", "2020", false},
};

/* clang-format off */
const pc__carrier_def pc__carriers[PC_SIM_CARRIERS] = {
    {"usps", C_US,
     {"USPS Ground Advantage", "Priority Mail Express", "Parcel Select Ground"},
     {"Priority Mail International", "Priority Mail Express International",
      "First-Class Package International Service"},
     {NF_USPS_IMPB, NF_USPS_IMPB, NF_USPS_IMPB}, {"9400", "9470", "9407"},
     {NF_S10, NF_S10, NF_S10}, {"CP", "EA", "LZ"},
     "38118", {{C_US, C_CA}}, 1},
    {"ups", C_US,
     {"UPS Ground", "UPS Next Day Air", "UPS SurePost"},
     {"UPS Standard", "UPS Worldwide Express", "UPS Worldwide Economy"},
     {NF_UPS_1Z, NF_UPS_1Z, NF_UPS_1Z}, {"03", "01", "93"},
     {NF_UPS_1Z, NF_UPS_1Z, NF_UPS_1Z}, {"11", "66", "65"},
     "40209", {{C_US, C_CA}, {C_US, C_DE}, {C_US, C_GB}}, 3},
    {"fedex", C_US,
     {"FedEx Ground", "FedEx Priority Overnight", "FedEx Ground Economy"},
     {"FedEx International Ground", "FedEx International Priority",
      "FedEx International Economy"},
     {NF_FEDEX_15, NF_FEDEX_12, NF_FEDEX_15}, {NULL, NULL, NULL},
     {NF_FEDEX_15, NF_FEDEX_12, NF_FEDEX_12}, {NULL, NULL, NULL},
     "38118", {{C_US, C_CA}, {C_US, C_GB}}, 2},
    {"dhl", C_DE,
     {"DHL Paket", "DHL Express Domestic", "DHL Warenpost"},
     {"DHL Paket International", "DHL Express Worldwide", "DHL Packet Plus International"},
     {NF_DHL_PAKET, NF_DHL_EXPRESS, NF_DHL_PAKET}, {NULL, NULL, NULL},
     {NF_S10, NF_DHL_EXPRESS, NF_S10}, {"CX", NULL, "LX"},
     "04435", {{C_DE, C_US}, {C_DE, C_GB}, {C_DE, C_FR}, {C_US, C_DE}, {C_GB, C_DE},
               {C_DE, C_AU}, {C_DE, C_CA}, {C_US, C_GB}}, 8},
    {"canadapost", C_CA,
     {"Expedited Parcel", "Priority", "Regular Parcel"},
     {"Tracked Packet - USA", "Priority Worldwide", "Small Packet USA Air"},
     {NF_CANADAPOST_PIN, NF_CANADAPOST_PIN, NF_CANADAPOST_PIN}, {NULL, NULL, NULL},
     {NF_CANADAPOST_PIN, NF_S10, NF_S10}, {NULL, "EE", "LM"},
     "L5T 1B1", {{C_CA, C_US}}, 1},
    {"royalmail", C_GB,
     {"Royal Mail Tracked 24", "Special Delivery Guaranteed by 1pm", "Royal Mail Tracked 48"},
     {"International Tracked", "International Tracked & Signed", "International Economy"},
     {NF_S10, NF_S10, NF_S10}, {"TT", "ZW", "TU"},
     {NF_S10, NF_S10, NF_S10}, {"LY", "RR", "UV"},
     "DE74 2SA", {{C_GB, C_DE}, {C_GB, C_FR}}, 2},
    {"laposte", C_FR,
     {"Colissimo Domicile", "Colissimo Expert", "Lettre suivie"},
     {"Colissimo International", "Colissimo Expert International", "Lettre internationale suivie"},
     {NF_COLISSIMO, NF_COLISSIMO, NF_S10}, {"6A", "8R", "LL"},
     {NF_S10, NF_S10, NF_S10}, {"CA", "CB", "LL"},
     "95700", {{C_FR, C_DE}, {C_FR, C_GB}}, 2},
    {"gls", C_DE,
     {"GLS BusinessParcel", "GLS ExpressParcel", "GLS ShopDeliveryService"},
     {"GLS EuroBusinessParcel", "GLS EuroExpressParcel", "GLS EuroBusinessSmallParcel"},
     {NF_GLS_12, NF_GLS_12, NF_GLS_12}, {NULL, NULL, NULL},
     {NF_GLS_12, NF_GLS_12, NF_GLS_12}, {NULL, NULL, NULL},
     NULL, {{C_DE, C_FR}, {C_FR, C_DE}}, 2},
    {"dpd", C_DE,
     {"DPD Classic", "DPD Express 12", "DPD Home"},
     {"DPD Classic International", "DPD Express International", "DPD Home International"},
     {NF_DPD_14, NF_DPD_14, NF_DPD_14}, {NULL, NULL, NULL},
     {NF_DPD_14, NF_DPD_14, NF_DPD_14}, {NULL, NULL, NULL},
     NULL, {{C_DE, C_GB}, {C_DE, C_FR}}, 2},
    {"australiapost", C_AU,
     {"Parcel Post", "Express Post", "eParcel Economy"},
     {"International Standard", "International Express", "International Economy"},
     {NF_AUSPOST, NF_AUSPOST, NF_AUSPOST}, {NULL, NULL, NULL},
     {NF_AUSPOST, NF_AUSPOST, NF_AUSPOST}, {NULL, NULL, NULL},
     "2020", {{0, 0}}, 0},
};
/* clang-format on */

/* Merchants create labels mostly in office hours (local hour weights). */
static const double label_hours[24] = {0,  0,  0, 0, 0, 0, 1, 2, 4, 7, 9, 10,
                                       10, 10, 9, 9, 8, 7, 6, 5, 3, 2, 1, 0};

const char *pc_sim_service_name(pc_sim_service s)
{
    static const char *const names[] = {"ground", "express", "economy"};
    return (unsigned)s < PC_SIM_SERVICE__COUNT ? names[s] : "unknown";
}

const char *pc_sim_disruption_name(pc_sim_disruption_kind k)
{
    static const char *const names[] = {
#define PC__SIM_D_NAME(e, s) s,
        PC_SIM_DISRUPTION_MAP(PC__SIM_D_NAME)
#undef PC__SIM_D_NAME
    };
    return (unsigned)k < PC_SIM_D__COUNT ? names[k] : "unknown";
}

const char *pc_sim_outcome_name(pc_sim_outcome o)
{
    switch (o) {
    case PC_SIM_DELIVERED:
        return "delivered";
    case PC_SIM_LOST:
        return "lost";
    case PC_SIM_RETURNED:
        return "returned";
    }
    return "unknown";
}

/* ---------------------------------------------------------------------------------------------
 * Calendar
 */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int pc__sim_weekday(int64_t day)
{
    int64_t w = (day + 4) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

/* A public holiday: a fixed date (mday > 0), or the nth weekday (0 = Sunday) of a month (nth -1:
 * the last). Observed-on-Monday rules and movable feasts (Easter) are left out. */
typedef struct holiday {
    int country, month, mday, weekday, nth;
} holiday;

/* clang-format off */
static const holiday holidays[] = {
    /* US: New Year, Memorial Day (last Monday of May), Independence Day, Labor Day (first Monday
     * of September), Thanksgiving (fourth Thursday of November), Christmas */
    {C_US, 1, 1, 0, 0}, {C_US, 5, 0, 1, -1}, {C_US, 7, 4, 0, 0}, {C_US, 9, 0, 1, 1},
    {C_US, 11, 0, 4, 4}, {C_US, 12, 25, 0, 0},
    /* CA: New Year, Canada Day, Labour Day, Thanksgiving (second Monday of October),
     * Remembrance Day, Christmas, Boxing Day */
    {C_CA, 1, 1, 0, 0}, {C_CA, 7, 1, 0, 0}, {C_CA, 9, 0, 1, 1}, {C_CA, 10, 0, 1, 2},
    {C_CA, 11, 11, 0, 0}, {C_CA, 12, 25, 0, 0}, {C_CA, 12, 26, 0, 0},
    /* DE: Neujahr, Tag der Arbeit, Tag der Deutschen Einheit, Weihnachten (two days) */
    {C_DE, 1, 1, 0, 0}, {C_DE, 5, 1, 0, 0}, {C_DE, 10, 3, 0, 0}, {C_DE, 12, 25, 0, 0},
    {C_DE, 12, 26, 0, 0},
    /* FR: Jour de l'an, fete du Travail, Victoire 1945, fete nationale, Assomption, Toussaint,
     * Armistice, Noel */
    {C_FR, 1, 1, 0, 0}, {C_FR, 5, 1, 0, 0}, {C_FR, 5, 8, 0, 0}, {C_FR, 7, 14, 0, 0},
    {C_FR, 8, 15, 0, 0}, {C_FR, 11, 1, 0, 0}, {C_FR, 11, 11, 0, 0}, {C_FR, 12, 25, 0, 0},
    /* GB: New Year, early May, spring and summer bank holidays, Christmas, Boxing Day */
    {C_GB, 1, 1, 0, 0}, {C_GB, 5, 0, 1, 1}, {C_GB, 5, 0, 1, -1}, {C_GB, 8, 0, 1, -1},
    {C_GB, 12, 25, 0, 0}, {C_GB, 12, 26, 0, 0},
    /* AU: New Year, Australia Day, Anzac Day, King's Birthday (second Monday of June),
     * Christmas, Boxing Day */
    {C_AU, 1, 1, 0, 0}, {C_AU, 1, 26, 0, 0}, {C_AU, 4, 25, 0, 0}, {C_AU, 6, 0, 1, 2},
    {C_AU, 12, 25, 0, 0}, {C_AU, 12, 26, 0, 0},
};
/* clang-format on */

bool pc__sim_holiday(int country, int64_t day)
{
    pc_civil c;
    pc_unix_to_civil(day * SECS_PER_DAY, &c);
    int wd = pc__sim_weekday(day);
    for (size_t i = 0; i < sizeof(holidays) / sizeof(holidays[0]); i++) {
        const holiday *h = &holidays[i];
        if (h->country != country || h->month != c.month)
            continue;
        if (h->mday > 0) {
            if (h->mday == c.day)
                return true;
            continue;
        }
        if (h->weekday != wd)
            continue;
        if (h->nth > 0 && (c.day - 1) / 7 + 1 == h->nth)
            return true;
        if (h->nth < 0 && c.day + 7 > days_in_month(c.year, c.month))
            return true;
    }
    return false;
}

bool pc_sim_holiday(const char *country, int64_t day)
{
    for (int c = 0; c < C__COUNT && country; c++)
        if (strcmp(pc__countries[c].iso, country) == 0)
            return pc__sim_holiday(c, day);
    return false;
}

/* ---------------------------------------------------------------------------------------------
 * Zones: the offsets over the simulated period are read once from the tz database (through
 * pc_tz_offset_at, so they agree with everything else in parcelcast), then looked up here.
 */

#define ZONE_STEP (7 * SECS_PER_DAY) /* transitions in the model's zones are months apart */

static int zone_build(pc__zone *z, const char *name, int64_t lo, int64_t hi)
{
    int off0, off1, mid_off;
    int rc;
    memset(z, 0, sizeof(*z));
    z->name = name;
    z->lo = lo;
    z->hi = hi;
    if ((rc = pc_tz_offset_at(name, lo, &off0)) < 0)
        return rc;
    z->off[0] = off0 * 60;
    for (int64_t t = lo; t < hi; t += ZONE_STEP) {
        int64_t t1 = t + ZONE_STEP < hi ? t + ZONE_STEP : hi;
        if ((rc = pc_tz_offset_at(name, t1, &off1)) < 0)
            return rc;
        if (off1 == off0)
            continue;
        /* first second of the new offset, in (t, t1] */
        int64_t a = t, b = t1;
        while (b - a > 1) {
            int64_t m = a + (b - a) / 2;
            if ((rc = pc_tz_offset_at(name, m, &mid_off)) < 0)
                return rc;
            if (mid_off == off0)
                a = m;
            else
                b = m;
        }
        if (z->n == PC__ZONE_MAX_T)
            return PC_EINTERNAL;
        z->at[z->n] = b;
        z->off[z->n + 1] = off1 * 60;
        z->n++;
        off0 = off1;
    }
    return 0;
}

static int32_t zone_offset(const pc__zone *z, int64_t utc)
{
    if (utc < z->lo || utc >= z->hi) {
        int off;
        return pc_tz_offset_at(z->name, utc, &off) == 0 ? off * 60 : 0;
    }
    size_t i = 0;
    while (i < z->n && utc >= z->at[i])
        i++;
    return z->off[i];
}

int32_t pc__sim_offset(const pc_sim *sim, int place, int64_t utc)
{
    return zone_offset(&sim->zones[sim->zone_of[place]], utc);
}

int64_t pc__sim_local_day(const pc_sim *sim, int place, int64_t utc)
{
    return floor_div(utc + pc__sim_offset(sim, place, utc), SECS_PER_DAY);
}

int pc__sim_minute_of_day(const pc_sim *sim, int place, int64_t utc)
{
    int64_t local = utc + pc__sim_offset(sim, place, utc);
    return (int)((local - floor_div(local, SECS_PER_DAY) * SECS_PER_DAY) / 60);
}

/* UTC instant of local wall time (day, minute) at place. In the skipped hour of a DST change the
 * result is an instant near it; every event's offset is taken at its UTC instant anyway. */
int64_t pc__sim_at(const pc_sim *sim, int place, int64_t day, int minute)
{
    int64_t wall = day * SECS_PER_DAY + (int64_t)minute * 60;
    int32_t guess = pc__sim_offset(sim, place, wall);
    int32_t off = pc__sim_offset(sim, place, wall - guess);
    return wall - off;
}

/* ---------------------------------------------------------------------------------------------
 * Seeds
 */

static uint64_t mix64(uint64_t x)
{
    /* the splitmix64 finaliser */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static uint32_t fmix32(uint32_t h)
{
    /* MurmurHash3's finaliser: a bijection on 32-bit values */
    h ^= h >> 16;
    h *= 0x85ebca6bU;
    h ^= h >> 13;
    h *= 0xc2b2ae35U;
    h ^= h >> 16;
    return h;
}

/* GSL generators take 32-bit seeds. For one seed the map index -> stream seed is a bijection on
 * the low 32 bits of the index, so shipments 0 .. 2^32-1 of a run get distinct streams. */
unsigned long pc__sim_stream_seed(uint64_t seed, uint64_t index)
{
    uint32_t key = (uint32_t)mix64(seed ^ mix64((index >> 32) + 0x9e3779b97f4a7c15ULL));
    uint32_t s = fmix32((uint32_t)index ^ key);
    return s ? s : 0x9e3779b9UL; /* taus2 reads 0 as its default seed */
}

bool pc__sim_weather(const pc_sim *sim, gsl_rng *scratch, uint64_t seed, int hub, int64_t day)
{
    if (!(sim->cfg.p_weather > 0) || !sim->places[hub].hub)
        return false;
    uint64_t k = mix64(seed ^ 0x5745415448455200ULL) ^ mix64((uint64_t)hub * 0x100000001b3ULL) ^
                 mix64((uint64_t)day + 0x2545f4914f6cdd1dULL);
    unsigned long s = (unsigned long)(mix64(k) & 0xffffffffUL);
    gsl_rng_set(scratch, s ? s : 1);
    return gsl_rng_uniform(scratch) < sim->cfg.p_weather;
}

bool pc_sim_weather_day(const pc_sim *sim, uint64_t seed, const pc_sim_place *hub, int64_t day)
{
    if (!sim || !hub || hub->index < 0 || (size_t)hub->index >= sim->n_places)
        return false;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r)
        return false;
    bool w = pc__sim_weather(sim, r, seed, hub->index, day);
    gsl_rng_free(r);
    return w;
}

/* ---------------------------------------------------------------------------------------------
 * Tracking numbers (formats and check digits as in data/detect.rules)
 */

/* value written as exactly `width` decimal digits */
static void put_digits(char *dst, uint64_t value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        dst[i] = (char)('0' + value % 10);
        value /= 10;
    }
}

static uint64_t pow10u(int n)
{
    uint64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

/* A field of `width` digits unique per index (for index < 10^width) and shifted by the seed. */
static uint64_t serial(uint64_t seed, uint64_t index, int width)
{
    uint64_t m = pow10u(width);
    return (index % m + mix64(seed ^ 0x53455249414cULL) % m) % m;
}

static int dval(char c)
{
    return c - '0';
}

/* weights applied from the character next to the check digit (from the right) */
static int check_weighted_right(const char *payload, size_t n, const int *w, size_t nw, int mod,
                                int add)
{
    long sum = add;
    for (size_t i = 0; i < n; i++)
        sum += dval(payload[n - 1 - i]) * w[i % nw];
    int v = mod - (int)(sum % mod);
    return v == mod ? 0 : v;
}

static char gs1_check(const char *payload, size_t n)
{
    static const int w[] = {3, 1};
    return (char)('0' + check_weighted_right(payload, n, w, 2, 10, 0));
}

static char ups_check(const char *payload, size_t n)
{
    long sum = 0;
    for (size_t i = 0; i < n; i++) {
        char c = payload[i];
        int v = c >= 'A' && c <= 'Z' ? (c - 63) % 10 : c - '0';
        sum += v * (i % 2 ? 2 : 1);
    }
    int r = 10 - (int)(sum % 10);
    return (char)('0' + (r == 10 ? 0 : r));
}

static char fedex12_check(const char *payload, size_t n)
{
    static const int w[] = {1, 3, 7};
    long sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += dval(payload[n - 1 - i]) * w[i % 3];
    int r = (int)(sum % 11);
    return (char)('0' + (r == 10 ? 0 : r));
}

static char s10_check(const char *serial8)
{
    static const int w[] = {8, 6, 4, 2, 3, 5, 9, 7};
    long sum = 0;
    for (int i = 0; i < 8; i++)
        sum += dval(serial8[i]) * w[i];
    int v = 11 - (int)(sum % 11);
    if (v == 10)
        v = 0;
    else if (v == 11)
        v = 5;
    return (char)('0' + v);
}

static char mod37_36_check(const char *payload, size_t n)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    int p = 36;
    for (size_t i = 0; i < n; i++) {
        char c = payload[i];
        int v = c >= 'A' && c <= 'Z' ? c - 'A' + 10 : c - '0';
        int s = (p + v) % 36;
        if (s == 0)
            s = 36;
        p = (2 * s) % 37;
    }
    return alphabet[(37 - p) % 36];
}

int pc__sim_number(pc__number_fmt fmt, const char *param, const char *country, uint64_t seed,
                   uint64_t index, char *buf, size_t size)
{
    static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    char b[PC_SIM_NUMBER_MAX];
    size_t n = 0;
    uint64_t tag = mix64(seed ^ 0x544147ULL);

    switch (fmt) {
    case NF_UPS_1Z: {
        /* 1Z + shipper (6) + service (2) + reference (7) + check */
        memcpy(b, "1Z", 2);
        uint64_t hi = index / 10000000ULL; /* index beyond 10^7: into the shipper */
        for (int i = 0; i < 3; i++) {
            b[2 + i] = alnum[(tag >> (i * 6)) % 36];
            b[5 + i] = alnum[hi % 36];
            hi /= 36;
        }
        memcpy(b + 8, param && strlen(param) == 2 ? param : "03", 2);
        put_digits(b + 10, serial(seed, index, 7), 7);
        b[17] = ups_check(b + 2, 15);
        n = 18;
        break;
    }
    case NF_FEDEX_12:
        b[0] = '7';
        b[1] = (char)('0' + tag % 10);
        put_digits(b + 2, serial(seed, index, 9), 9);
        b[11] = fedex12_check(b, 11);
        n = 12;
        break;
    case NF_FEDEX_15:
        b[0] = '6';
        put_digits(b + 1, tag % 1000, 3);
        put_digits(b + 4, serial(seed, index, 10), 10);
        b[14] = gs1_check(b, 14);
        n = 15;
        break;
    case NF_USPS_IMPB:
        /* 94 + service (2) + 1 + mailer tag (4) + serial (12) + check = 22 */
        memcpy(b, param && strlen(param) == 4 ? param : "9400", 4);
        b[4] = '1';
        put_digits(b + 5, tag % 10000, 4);
        put_digits(b + 9, serial(seed, index, 12), 12);
        b[21] = gs1_check(b, 21);
        n = 22;
        break;
    case NF_DHL_EXPRESS: {
        /* 9 digits + (the 9 digits modulo 7) */
        b[0] = (char)('1' + tag % 9);
        put_digits(b + 1, serial(seed, index, 8), 8);
        int m = 0;
        for (int i = 0; i < 9; i++)
            m = (m * 10 + dval(b[i])) % 7;
        b[9] = (char)('0' + m);
        n = 10;
        break;
    }
    case NF_DHL_PAKET: {
        static const int w[] = {4, 9};
        long sum = 0;
        b[0] = '3';
        put_digits(b + 1, tag % 100, 2);
        put_digits(b + 3, serial(seed, index, 8), 8);
        for (int i = 0; i < 11; i++)
            sum += dval(b[i]) * w[i % 2];
        int v = 10 - (int)(sum % 10);
        b[11] = (char)('0' + (v == 10 ? 0 : v));
        n = 12;
        break;
    }
    case NF_S10:
        /* service indicator (2 letters) + serial (8) + check + the issuing post's country */
        if (!param || strlen(param) != 2 || !country || strlen(country) != 2)
            return PC_EINVAL;
        memcpy(b, param, 2);
        put_digits(b + 2, serial(seed, index, 8), 8);
        b[10] = s10_check(b + 2);
        memcpy(b + 11, country, 2);
        n = 13;
        break;
    case NF_CANADAPOST_PIN:
        b[0] = '7';
        b[1] = '0';
        put_digits(b + 2, serial(seed, index, 13), 13);
        b[15] = gs1_check(b, 15);
        n = 16;
        break;
    case NF_COLISSIMO:
        memcpy(b, param && strlen(param) == 2 ? param : "6A", 2);
        put_digits(b + 2, serial(seed, index, 11), 11);
        n = 13;
        break;
    case NF_GLS_12: {
        static const int w[] = {3, 1};
        b[0] = '6';
        put_digits(b + 1, serial(seed, index, 10), 10);
        b[11] = (char)('0' + check_weighted_right(b, 11, w, 2, 10, 1));
        n = 12;
        break;
    }
    case NF_DPD_14:
        memcpy(b, "0150", 4);
        put_digits(b + 4, serial(seed, index, 10), 10);
        b[14] = mod37_36_check(b, 14);
        n = 15;
        break;
    case NF_AUSPOST:
        memcpy(b, "7XZ", 3);
        b[2] = alnum[10 + tag % 26];
        put_digits(b + 3, serial(seed, index, 12), 12);
        n = 15;
        break;
    }
    if (n == 0 || n + 1 > size)
        return PC_EINVAL;
    memcpy(buf, b, n);
    buf[n] = '\0';
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * The model
 */

double pc__sim_km(const pc_sim *sim, int a, int b)
{
    const double R = 6371.0, rad = M_PI / 180.0;
    const pc_sim_place *p = &sim->places[a], *q = &sim->places[b];
    double dlat = (q->lat - p->lat) * rad, dlon = (q->lon - p->lon) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(p->lat * rad) * cos(q->lat * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * R * asin(sqrt(h < 1 ? h : 1));
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int
fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

static int find_postal(const pc_sim *sim, const char *postal)
{
    for (size_t i = 0; i < sim->n_places; i++)
        if (strcmp(sim->places[i].postal_code, postal) == 0)
            return (int)i;
    return -1;
}

void pc_sim_free(pc_sim *sim)
{
    if (!sim)
        return;
    if (sim->pick_carrier)
        gsl_ran_discrete_free(sim->pick_carrier);
    if (sim->pick_label_hour)
        gsl_ran_discrete_free(sim->pick_label_hour);
    for (size_t c = 0; c < PC_SIM_CARRIERS; c++)
        for (int x = 0; x < 2; x++)
            if (sim->pick_hour[c][x])
                gsl_ran_discrete_free(sim->pick_hour[c][x]);
    free(sim);
}

int pc_sim_new(const pc_sim_config *cfg, pc_sim **ret_sim, char *err, size_t errlen)
{
    pc_sim *sim = NULL;
    int rc;

    if (!cfg || !ret_sim)
        return PC_EINVAL;
    *ret_sim = NULL;
    if ((rc = pc_sim_config_check(cfg, err, errlen)) < 0)
        return rc;
    if (N_PLACE_ROWS > PC__MAX_PLACES)
        return fail(err, errlen, PC_EINTERNAL, "too many places");
    sim = calloc(1, sizeof(*sim));
    if (!sim)
        return PC_ENOMEM;
    sim->cfg = *cfg;

    /* places, their countries and zones */
    int64_t lo = cfg->start - 14 * SECS_PER_DAY;
    int64_t hi = cfg->start + ((int64_t)cfg->days + 200) * SECS_PER_DAY;
    for (size_t i = 0; i < N_PLACE_ROWS; i++) {
        const place_row *row = &place_rows[i];
        pc_sim_place *p = &sim->places[i];
        p->city = row->city;
        p->region = row->region;
        p->postal_code = row->postal;
        p->country = row->country;
        p->lat = row->lat;
        p->lon = row->lon;
        p->hub = row->hub;
        p->index = (int)i;
        p->zone = pc_tz_for_location(row->country, row->region, row->postal);
        if (!p->zone) {
            rc = fail(err, errlen, PC_ENOTFOUND, "no time zone for %s %s", row->city, row->postal);
            goto out;
        }
        int c;
        for (c = 0; c < C__COUNT; c++)
            if (strcmp(pc__countries[c].iso, row->country) == 0)
                break;
        if (c == C__COUNT) {
            rc = fail(err, errlen, PC_EINTERNAL, "place %s: unknown country", row->city);
            goto out;
        }
        sim->country[i] = c;
        size_t z;
        for (z = 0; z < sim->n_zones; z++)
            if (strcmp(sim->zones[z].name, p->zone) == 0)
                break;
        if (z == sim->n_zones) {
            if (z == PC__MAX_ZONES) {
                rc = fail(err, errlen, PC_EINTERNAL, "too many zones");
                goto out;
            }
            if ((rc = zone_build(&sim->zones[z], p->zone, lo, hi)) < 0) {
                fail(err, errlen, rc, "time zone %s: %s", p->zone, pc_strerror(rc));
                goto out;
            }
            sim->n_zones++;
        }
        sim->zone_of[i] = (int)z;
        sim->n_places++;
        if (p->hub)
            sim->hubs[c][sim->n_hubs[c]++] = (int)i;
        else
            sim->towns[c][sim->n_towns[c]++] = (int)i;
    }
    for (size_t i = 0; i < sim->n_places; i++) {
        int c = sim->country[i];
        if (sim->places[i].hub) {
            sim->hub_of[i] = (int)i;
            continue;
        }
        double best = 1e18;
        for (size_t k = 0; k < sim->n_hubs[c]; k++) {
            double d = pc__sim_km(sim, (int)i, sim->hubs[c][k]);
            if (d < best) {
                best = d;
                sim->hub_of[i] = sim->hubs[c][k];
            }
        }
    }
    /* Vans load at the hub; a town more than an hour's drive away gets its deliveries later by
     * the extra drive, at most two hours (linehaul speed beyond the first 80 km). */
    for (size_t i = 0; i < sim->n_places; i++) {
        double km = pc__sim_km(sim, (int)i, sim->hub_of[i]) * cfg->road_factor;
        double near = km < 80 ? km : 80;
        double h = near / cfg->local_kmh + (km - near) / 70.0 - 1.0;
        sim->shift_min[i] = h <= 0 ? 0 : h >= 2 ? 120 : (int)lround(h * 60);
        sim->places[i].delivery_shift = sim->shift_min[i];
    }
    for (int c = 0; c < C__COUNT; c++) {
        if ((sim->gateway[c] = find_postal(sim, pc__countries[c].gateway_postal)) < 0) {
            rc = fail(err, errlen, PC_EINTERNAL, "no gateway hub for %s", pc__countries[c].iso);
            goto out;
        }
    }
    for (size_t c = 0; c < PC_SIM_CARRIERS; c++) {
        const char *air = pc__carriers[c].air_hub_postal;
        sim->air_hub[c] = air ? find_postal(sim, air) : -1;
    }

    /* sampling tables */
    double shares[PC_SIM_CARRIERS], w[24];
    for (size_t c = 0; c < PC_SIM_CARRIERS; c++)
        shares[c] = cfg->carrier[c].share;
    sim->pick_carrier = gsl_ran_discrete_preproc(PC_SIM_CARRIERS, shares);
    sim->pick_label_hour = gsl_ran_discrete_preproc(24, label_hours);
    if (!sim->pick_carrier || !sim->pick_label_hour) {
        rc = fail(err, errlen, PC_EMATH, "cannot build the carrier and label-hour tables");
        goto out;
    }
    for (size_t c = 0; c < PC_SIM_CARRIERS; c++) {
        const pc_sim_carrier_cfg *cc = &cfg->carrier[c];
        for (int x = 0; x < 2; x++) {
            const double *src = x ? cc->hours_express : cc->hours;
            for (int h = 0; h < 24; h++)
                w[h] = pc__sim_hour_usable(cc, x == 1, h) ? src[h] : 0.0;
            sim->pick_hour[c][x] = gsl_ran_discrete_preproc(24, w);
            if (!sim->pick_hour[c][x]) {
                rc = fail(err, errlen, PC_EMATH, "%s: cannot build the delivery-hour table",
                          pc__carriers[c].name);
                goto out;
            }
        }
    }
    *ret_sim = sim;
    sim = NULL;
    rc = 0;
out:
    pc_sim_free(sim);
    return rc;
}

const pc_sim_config *pc_sim_get_config(const pc_sim *sim)
{
    return &sim->cfg;
}

size_t pc_sim_place_count(const pc_sim *sim)
{
    return sim->n_places;
}

const pc_sim_place *pc_sim_place_at(const pc_sim *sim, size_t i)
{
    return i < sim->n_places ? &sim->places[i] : NULL;
}
