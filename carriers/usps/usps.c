/*
 * USPS adapter: Tracking API v3 (JSON, the live API: requests are built for it) and Web Tools
 * TrackV2 (XML, shut down 2026-01-25; still parsed for imports and archived feeds). Parsing is
 * dispatched on the sniffed format; this file holds the adapter struct, build_request, detect
 * and the helpers both parsers share (dates, locations, time zones, status mapping).
 *
 * Times without a clock time. TrackV2 sends <EventTime/> empty on some scans (typically
 * "Pre-Shipment Info Sent", MA) and gives a date only. Such an event is placed at 12:00 local
 * on its date: midnight would claim a precision the carrier did not give and, west of UTC,
 * lands hours before most same-day scans; noon is the middle of the only thing we know. Noon
 * must not reorder the carrier's own sequence, though (USPS lists events newest first and that
 * order is authoritative within a day), so pc__usps_order_date_only() moves a date-only event
 * just before the nearest newer timed event of the same day and just after the nearest older
 * one. The same rule applies to any v3 eventTimestamp that is a date only.
 */
#include "usps_codes.h"
#include "usps_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* -------------------------------------------------------------------------------------------- */
/* Small text helpers                                                                           */

void pc__usps_fields_done(pc__usps_field *f, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(f[k].owned);
        f[k].owned = NULL;
        f[k].val = NULL;
    }
}

static void trim(const char **s, size_t *len)
{
    while (*len && isspace((unsigned char)(*s)[0])) {
        (*s)++;
        (*len)--;
    }
    while (*len && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* Read 1..max decimal digits at s[*i]; @return the value or -1. */
static int read_digits(const char *s, size_t len, size_t *i, int max)
{
    int v = 0, n = 0;
    while (*i < len && n < max && isdigit((unsigned char)s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    return n ? v : -1;
}

static void skip_blanks(const char *s, size_t len, size_t *i)
{
    while (*i < len && isspace((unsigned char)s[*i]))
        (*i)++;
}

/* -------------------------------------------------------------------------------------------- */
/* Dates and clock times                                                                        */

static const char *const month_names[12] = {"january",   "february", "march",    "april",
                                            "may",       "june",     "july",     "august",
                                            "september", "october",  "november", "december"};

int pc__usps_parse_date(const char *s, pc_civil *ret)
{
    size_t len = strlen(s), i = 0, w;
    int month = 0;
    trim(&s, &len);
    if (len && isdigit((unsigned char)s[0])) {
        /* ISO date, as some v3 fields (predictedDeliveryDate) use. */
        char buf[32];
        pc_civil c;
        int off;
        if (len >= sizeof(buf))
            return PC_EMALFORMED;
        memcpy(buf, s, len);
        buf[len] = '\0';
        if (pc_time_parse_iso(buf, &c, &off) < 0)
            return PC_EMALFORMED;
        ret->year = c.year;
        ret->month = c.month;
        ret->day = c.day;
        return 0;
    }
    while (i < len && isalpha((unsigned char)s[i]))
        i++;
    w = i;
    if (w < 3)
        return PC_EMALFORMED;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(month_names[m]);
        if (w > full)
            continue;
        /* full name, or an abbreviation of at least three letters ("Sep", "Sept") */
        if (strncasecmp(s, month_names[m], w) == 0 && (w == full || w >= 3)) {
            month = m + 1;
            break;
        }
    }
    if (!month)
        return PC_EMALFORMED;
    if (i < len && s[i] == '.')
        i++;
    skip_blanks(s, len, &i);
    int day = read_digits(s, len, &i, 2);
    if (day < 0)
        return PC_EMALFORMED;
    if (i < len && s[i] == ',')
        i++;
    skip_blanks(s, len, &i);
    size_t y0 = i;
    int year = read_digits(s, len, &i, 4);
    if (year < 0 || i - y0 != 4 || i != len)
        return PC_EMALFORMED;
    pc_civil c = {.year = year, .month = month, .day = day, .hour = 0, .minute = 0, .second = 0};
    if (!pc_civil_valid(&c))
        return PC_EMALFORMED;
    ret->year = year;
    ret->month = month;
    ret->day = day;
    return 0;
}

int pc__usps_parse_clock(const char *s, pc_civil *ret)
{
    size_t len = strlen(s), i = 0;
    int h, m = 0, sec = 0;
    trim(&s, &len);
    h = read_digits(s, len, &i, 2);
    if (h < 0)
        return PC_EMALFORMED;
    if (i < len && s[i] == ':') {
        size_t m0 = ++i;
        m = read_digits(s, len, &i, 2);
        if (m < 0 || i - m0 != 2)
            return PC_EMALFORMED;
        if (i < len && s[i] == ':') {
            size_t s0 = ++i;
            sec = read_digits(s, len, &i, 2);
            if (sec < 0 || i - s0 != 2)
                return PC_EMALFORMED;
            /* fractional seconds ("14:03:12.041") are dropped */
            if (i < len && s[i] == '.') {
                i++;
                while (i < len && isdigit((unsigned char)s[i]))
                    i++;
            }
        }
    }
    skip_blanks(s, len, &i);
    if (i < len) {
        /* am / pm / a.m. / p.m. in any case, nothing after it */
        char ap = (char)tolower((unsigned char)s[i++]);
        if (ap != 'a' && ap != 'p')
            return PC_EMALFORMED;
        if (i < len && s[i] == '.')
            i++;
        if (i >= len || tolower((unsigned char)s[i]) != 'm')
            return PC_EMALFORMED;
        i++;
        if (i < len && s[i] == '.')
            i++;
        if (i != len || h < 1 || h > 12)
            return PC_EMALFORMED;
        h = (ap == 'a') ? (h == 12 ? 0 : h) : (h == 12 ? 12 : h + 12);
    }
    if (h > 23 || m > 59 || sec > 59)
        return PC_EMALFORMED;
    ret->hour = h;
    ret->minute = m;
    ret->second = sec;
    return 0;
}

/* -------------------------------------------------------------------------------------------- */
/* Locations and time zones                                                                     */

int pc__usps_set_location(pc_location *loc, const char *city, const char *region,
                          const char *postal, const char *country_raw)
{
    int rc;
    if ((city && (rc = pc_set_clean(&loc->city, city, (size_t)-1)) < 0) ||
        (region && (rc = pc_set_clean(&loc->region, region, (size_t)-1)) < 0) ||
        (postal && (rc = pc_set_clean(&loc->postal_code, postal, (size_t)-1)) < 0))
        return rc;
    if (country_raw && *country_raw) {
        /* An unknown country name stays NULL rather than a non-ISO value. */
        const char *iso = pc_country_iso2(country_raw, strlen(country_raw));
        return pc_set_str(&loc->country, iso, (size_t)-1);
    }
    if (loc->city || loc->region || loc->postal_code)
        return pc_set_str(&loc->country, "US", 2);
    return 0;
}

static const char *const us_states[] = {
    "AK", "AL", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU", "HI",
    "IA", "ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP",
    "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA",
    "PR", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
};

static const char *const facility_words[] = {
    "DISTRIBUTION", "NETWORK", "PROCESSING", "REGIONAL", "INTERNATIONAL", "SORTING",
    "FACILITY",     "HUB",     "CENTER",     "ANNEX",    "P&DC",          "P&DF",
    "NDC",          "ISC",     "LOGISTICS",  "MAIL",     "SURFACE",       "AIRPORT",
};

static bool word_in(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(list[i]) == n && strncasecmp(w, list[i], n) == 0)
            return true;
    }
    return false;
}

/* v3 (and some TrackV2) facility scans put "QUEENS NY DISTRIBUTION CENTER" or "ISC NEW YORK
 * NY(USPS)" in the city with no state: a state code (not the first word) followed by a facility
 * word, or glued to "(...)", gives the zone. Copies it into state[3]. */
static bool facility_state(const char *city, char state[3])
{
    const char *p = city;
    const char *prev = NULL;
    size_t prev_len = 0;
    if (!city)
        return false;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t n = (size_t)(p - w);
        if (!n)
            break;
        /* "ISC NEW YORK NY(USPS)": the state glued to a parenthesised facility tag */
        if (w != city && n > 3 && w[2] == '(') {
            char up[3] = {(char)toupper((unsigned char)w[0]), (char)toupper((unsigned char)w[1]),
                          '\0'};
            if (word_in(up, 2, us_states, sizeof(us_states) / sizeof(us_states[0]))) {
                memcpy(state, up, 3);
                return true;
            }
        }
        if (prev && prev != city && prev_len == 2 &&
            word_in(w, n, facility_words, sizeof(facility_words) / sizeof(facility_words[0]))) {
            char up[3] = {(char)toupper((unsigned char)prev[0]),
                          (char)toupper((unsigned char)prev[1]), '\0'};
            if (word_in(up, 2, us_states, sizeof(us_states) / sizeof(us_states[0]))) {
                memcpy(state, up, 3);
                return true;
            }
        }
        prev = w;
        prev_len = n;
    }
    return false;
}

static const char *zone_of(const pc_location *loc)
{
    if (!loc || pc_location_empty(loc))
        return NULL;
    return pc_tz_for_location(loc->country, loc->region, loc->postal_code);
}

static int bad_time(pc__usps_ctx *cx, const pc__usps_when *when, const char *field, int line)
{
    return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, line, 0,
                       "%s: %04d-%02d-%02d %02d:%02d is not a valid time", field, when->local.year,
                       when->local.month, when->local.day, when->local.hour, when->local.minute);
}

int pc__usps_set_local_time(pc__usps_ctx *cx, const pc_shipment *s, pc_event *ev,
                            const pc__usps_when *when, int offset_min, const char *field, int line)
{
    char us[3] = "US", state[3];
    pc_location hint = {.city = NULL, .region = NULL, .postal_code = NULL, .country = NULL};

    if (offset_min != PC_OFFSET_NONE)
        return pc_event_set_local_time(ev, &when->local, offset_min, NULL, NULL) < 0
                   ? bad_time(cx, when, field, line)
                   : 0;
    /* The event's place, else a facility name's state, the destination, the origin, else the
     * home zone; each zone is looked up once. */
    const char *zone = zone_of(&ev->location);
    if (!zone && !ev->location.region &&
        (!ev->location.country || strcmp(ev->location.country, "US") == 0) &&
        facility_state(ev->location.city, state)) {
        hint.country = us;
        hint.region = state;
        zone = zone_of(&hint);
    }
    if (!zone)
        zone = zone_of(&s->destination);
    if (!zone)
        zone = zone_of(&s->origin);
    if (!zone)
        zone = PC__USPS_DEFAULT_ZONE;
    return pc_event_set_zone_time(ev, &when->local, zone) < 0 ? bad_time(cx, when, field, line) : 0;
}

static int same_date(const pc_civil *a, const pc_civil *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day;
}

void pc__usps_order_date_only(pc__usps_when *when, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (when[i].has_time)
            continue;
        int tod = 12 * 60; /* minutes after local midnight */
        /* nearest newer timed event (lower index) on the same day: stay before it */
        for (size_t j = i; j-- > 0;) {
            if (!when[j].has_time)
                continue;
            int t = when[j].local.hour * 60 + when[j].local.minute;
            if (same_date(&when[j].local, &when[i].local) && t <= tod)
                tod = t > 0 ? t - 1 : 0;
            break;
        }
        /* nearest older timed event (higher index) on the same day: stay after it */
        for (size_t j = i + 1; j < n; j++) {
            if (!when[j].has_time)
                continue;
            int t = when[j].local.hour * 60 + when[j].local.minute;
            if (same_date(&when[j].local, &when[i].local) && t >= tod)
                tod = t < 23 * 60 + 59 ? t + 1 : t;
            break;
        }
        when[i].local.hour = tod / 60;
        when[i].local.minute = tod % 60;
        when[i].local.second = 0;
    }
}

void pc__usps_set_eta(pc_shipment *s, const pc_civil *local, bool has_time, int offset_min)
{
    pc_civil c = *local;
    int64_t utc;
    int off;
    if (!has_time) {
        c.hour = 23;
        c.minute = 59;
        c.second = 0;
    }
    if (!pc_civil_valid(&c))
        return;
    if (offset_min != PC_OFFSET_NONE) {
        s->carrier_eta = pc_civil_to_unix(&c) - (int64_t)offset_min * 60;
        return;
    }
    const char *zone = zone_of(&s->destination);
    if (!zone)
        zone = zone_of(&s->origin);
    if (!zone)
        zone = PC__USPS_DEFAULT_ZONE;
    if (pc_tz_local_to_utc(zone, &c, &utc, &off) == 0)
        s->carrier_eta = utc;
}

/* -------------------------------------------------------------------------------------------- */
/* Status mapping                                                                               */

/* How a delivered scan's text refines "delivered" (checked in order, case-insensitive). */
static const struct {
    const char *text;
    const char *substatus;
} delivered_kinds[] = {
    {"parcel locker", "delivered.parcel_locker"},
    {"po box", "delivered.po_box"},
    {"picked up at post office", "delivered.picked_up"},
    {"picked up at postal facility", "delivered.picked_up"},
    {"to agent", "delivered.agent"},
    {"neighbor", "delivered.neighbor"},
    {"front door", "delivered.front_door"},
    {"front desk", "delivered.reception"},
    {"mail room", "delivered.reception"},
    {"mailbox", "delivered.mailbox"},
    {"left with individual", "delivered.in_person"},
};

int pc__usps_set_event_status(pc_event *ev, const char *code, const char *category,
                              const char *signer)
{
    const pc_code_map *m = NULL;
    const char *sub = NULL;
    int rc;

    if (code && *code) {
        if ((rc = pc_set_str(&ev->code, code, (size_t)-1)) < 0)
            return rc;
    }
    if (ev->code)
        m = pc_code_map_find(pc__usps_event_codes, pc__usps_event_codes_len, ev->code,
                             strlen(ev->code));
    if (m) {
        ev->status = m->status;
        sub = m->substatus;
    } else {
        /* Unknown or missing code: USPS's own category ("Alert") is the only type it gives. */
        ev->status = pc_contains_ci(category, "alert") ? PC_STATUS_EXCEPTION : PC_STATUS_IN_TRANSIT;
    }
    if (ev->status == PC_STATUS_DELIVERED && !sub) {
        if (signer && *signer) {
            sub = "delivered.signed";
        } else {
            for (size_t i = 0; i < sizeof(delivered_kinds) / sizeof(delivered_kinds[0]); i++) {
                if (pc_contains_ci(ev->description, delivered_kinds[i].text)) {
                    sub = delivered_kinds[i].substatus;
                    break;
                }
            }
        }
    }
    return pc_set_str(&ev->substatus, sub, (size_t)-1);
}

/* -------------------------------------------------------------------------------------------- */
/* Adapter callbacks                                                                            */

/* IMpb mod-10 check digit over all digits of s[0..n). */
static bool mod10_ok(const char *s, size_t n)
{
    int sum = 0;
    if (n < 2)
        return false;
    for (size_t k = 0; k + 1 < n; k++) {
        int d = s[n - 2 - k] - '0';
        sum += (k % 2 == 0) ? 3 * d : d;
    }
    return (10 - sum % 10) % 10 == s[n - 1] - '0';
}

/* UPU S10 check digit ("EA123456785US"). */
static bool s10_ok(const char *s)
{
    static const int w[8] = {8, 6, 4, 2, 3, 5, 9, 7};
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (s[2 + i] - '0') * w[i];
    int c = 11 - sum % 11;
    c = c == 11 ? 5 : c == 10 ? 0 : c;
    return c == s[10] - '0';
}

static int detect(const char *number, int *ret_check_ok)
{
    size_t n = number ? strlen(number) : 0, digits = 0;
    if (ret_check_ok)
        *ret_check_ok = 0;
    for (size_t i = 0; i < n; i++)
        digits += isdigit((unsigned char)number[i]) != 0;
    if (n == 13 && isupper((unsigned char)number[0]) && isupper((unsigned char)number[1]) &&
        isupper((unsigned char)number[11]) && isupper((unsigned char)number[12]) && digits == 9) {
        if (!s10_ok(number))
            return 0;
        if (ret_check_ok)
            *ret_check_ok = 1;
        /* USPS-issued international items end in US; others may be delivered by USPS inbound. */
        return strcmp(number + 11, "US") == 0 ? 90 : 30;
    }
    if (digits != n)
        return 0;
    const char *body = number;
    /* "420" + ZIP (5 or 9 digits) routing prefix in front of a 22-digit IMpb */
    if ((n == 30 || n == 34) && strncmp(number, "420", 3) == 0) {
        body = number + n - 22;
        n = 22;
    }
    if (n != 20 && n != 22 && n != 26)
        return 0;
    if (!mod10_ok(body, n))
        return 0;
    if (ret_check_ok)
        *ret_check_ok = 1;
    /* 22-digit IMpb with a USPS channel prefix 91..95 */
    if (n == 22 && body[0] == '9' && body[1] >= '1' && body[1] <= '5')
        return 90;
    return 60;
}

/* Tracking API v3: GET {base}/tracking/v3/tracking/{tn}?expand=DETAIL, one number per request,
 * bearer token from the core's OAuth client-credentials flow (scope "tracking"). */
static int build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                         pc_http_request *ret_req)
{
    pc_buf url = {0};
    int rc = PC_EINVAL;
    memset(ret_req, 0, sizeof(*ret_req));
    if (!cfg || !numbers || n != 1 || !numbers[0] || !numbers[0][0] || !cfg->access_token ||
        !cfg->access_token[0] || !pc_header_value_ok(cfg->access_token))
        goto out;
    const char *base = cfg->base_url && cfg->base_url[0] ? cfg->base_url : "https://apis.usps.com";
    size_t blen = strlen(base);
    while (blen && base[blen - 1] == '/')
        blen--;
    rc = PC_ENOMEM;
    pc_buf_add(&url, base, blen);
    pc_buf_add(&url, "/tracking/v3/tracking/", (size_t)-1);
    pc_buf_add_urlenc(&url, numbers[0]);
    pc_buf_add(&url, "?expand=DETAIL", (size_t)-1);
    if (!(ret_req->url = pc_buf_take(&url, NULL)) || !(ret_req->method = strdup("GET")))
        goto out;
    if ((rc = pc_http_request_add_header(ret_req, "Authorization: Bearer %s", cfg->access_token)) <
            0 ||
        (rc = pc_http_request_add_header(ret_req, "Accept: application/json")) < 0)
        goto out;
    rc = 0;
out:
    if (rc < 0)
        pc_http_request_done(ret_req);
    return rc;
}

static int parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    if (in->format == PC_FORMAT_XML)
        return pc__usps_parse_trackv2(in, out, diag);
    if (in->format == PC_FORMAT_JSON)
        return pc__usps_parse_v3(in, out, diag);
    return pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "body is neither USPS XML nor JSON");
}

const pc_adapter pc_adapter_usps = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = PC__USPS_NAME,
    .display_name = "USPS",
    .caps = PC_CAP_JSON | PC_CAP_XML | PC_CAP_PULL | PC_CAP_OAUTH | PC_CAP_RENDER,
    .max_batch = 1,
    .default_zone = PC__USPS_DEFAULT_ZONE,
    .detect = detect,
    .build_request = build_request,
    .parse = parse,
    .render = pc__usps_render,
    .parse_request = pc__usps_parse_request,
    .base_url = "https://apis.usps.com",
    .oauth_token_path = "/oauth2/v3/token",
    .oauth_flags = PC_OAUTH_SECRET_IN_BODY,
};

PC_ADAPTER_EXPORT(pc_adapter_usps);
