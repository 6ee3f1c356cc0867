/*
 * UPS adapter: Track API v1 (JSON; the live API, requests are built for it) and the legacy
 * Tracking XML (TrackResponse; still parsed for imports and archived feeds). parse() dispatches
 * on the sniffed format; this file holds the adapter struct, build_request, detect and what both
 * parsers share: status mapping, times, locations, estimates and carrier errors.
 *
 * Status. An activity carries up to three codes: its type (I, D, X, P, M, MV, U, freight DO /
 * DD / W), a two-letter code from one of several families (movement scans, exceptions, DIALS
 * delivery codes, manifest, updates, freight, Mail Innovations) and, in JSON, a three-digit
 * status code. The two-letter codes collide across families ("DP" is a departure scan, a
 * manifest, an exception and a Mail Innovations code), so the type picks the families and their
 * order. The three-digit code, when UPS sends it, is UPS's own customer-facing status and wins;
 * the two-letter code then only refines the substatus. Unknown codes fall back on the type.
 *
 * Times. date "YYYYMMDD" + time "HHMMSS" are local (Mail Innovations sends "HHMM"). JSON may add
 * gmtDate / gmtTime / gmtOffset, which give UTC directly. Otherwise the zone comes from the
 * activity's location, then from the shipment's destination (origin first for label / manifest
 * events), a fallback only used when it is in the same country as the activity, then from
 * UPS's home zone for US or location-less activities. Anything else is a malformed body.
 *
 * Estimates. JSON deliveryDate[] types SDD (scheduled) and RDD (rescheduled) are estimates;
 * DEL is the actual delivery date and never an estimate (karrio reads DEL as the estimate).
 */
#include "ups_codes.h"
#include "ups_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BASE_URL "https://onlinetools.ups.com"
#define TRANSACTION_SRC  "parcelcast"

/* -------------------------------------------------------------------------------------------- */
/* Text helpers                                                                                 */

static int contains_ci(const char *hay, const char *needle)
{
    if (!hay || !needle)
        return 0;
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] &&
               tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/* Trimmed view of s: *ret_len bytes from the returned pointer. */
static const char *trimmed(const char *s, size_t *ret_len)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[0])) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    *ret_len = n;
    return s;
}

static int equals_trimmed(const char *s, const char *word)
{
    size_t n;
    if (!s)
        return 0;
    s = trimmed(s, &n);
    return n == strlen(word) && memcmp(s, word, n) == 0;
}

int pc__ups_check_len(const char *s, const pc_parse_limits *lim, const char *what, pc_diag *diag)
{
    size_t n;
    if (!s || !lim || !lim->max_string)
        return 0;
    n = strlen(s);
    if (n > lim->max_string)
        return pc_diag_set(diag, PC_ELIMIT, (size_t)-1, 0, 0,
                           "%s: %zu bytes exceed the max_string limit of %zu", what, n,
                           lim->max_string);
    return 0;
}

/* -------------------------------------------------------------------------------------------- */
/* Status mapping                                                                               */

static const pc_code_map *find(const pc_code_map *table, size_t n, const char *code)
{
    size_t len;
    if (!code)
        return NULL;
    code = trimmed(code, &len);
    return len ? pc_code_map_find(table, n, code, len) : NULL;
}

/* "5", "05", "005" -> "005"; @return 0, or -1 when s is not 1-3 digits. */
static int status_code_key(const char *s, char key[4])
{
    size_t n;
    s = trimmed(s, &n);
    if (n == 0 || n > 3)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
    }
    memset(key, '0', 3 - n);
    memcpy(key + 3 - n, s, n);
    key[3] = '\0';
    return 0;
}

typedef struct code_family {
    const pc_code_map *table;
    const size_t *len;
} code_family;

#define FAMILY(t)                                                                                  \
    {                                                                                              \
        t, &t##_len                                                                                \
    }

/* The two-letter code families to try, in order, for an activity type. */
static size_t families_for(const char *type, int mail_innovations, code_family ret[6])
{
    static const code_family movement = FAMILY(pc__ups_movement_codes);
    static const code_family exception = FAMILY(pc__ups_exception_codes);
    static const code_family delivery = FAMILY(pc__ups_delivery_codes);
    static const code_family manifest = FAMILY(pc__ups_manifest_codes);
    static const code_family updates = FAMILY(pc__ups_update_codes);
    static const code_family freight_act = FAMILY(pc__ups_freight_activity_codes);
    static const code_family freight_exc = FAMILY(pc__ups_freight_exception_codes);
    static const code_family mi = FAMILY(pc__ups_mi_codes);
    size_t n = 0;

    if (mail_innovations)
        ret[n++] = mi;
    if (equals_trimmed(type, "D")) {
        ret[n++] = delivery;
        ret[n++] = exception;
        ret[n++] = movement;
    } else if (equals_trimmed(type, "X")) {
        ret[n++] = exception;
        ret[n++] = delivery;
        ret[n++] = movement;
    } else if (equals_trimmed(type, "M") || equals_trimmed(type, "MV")) {
        ret[n++] = manifest;
        ret[n++] = movement;
    } else if (equals_trimmed(type, "U")) {
        ret[n++] = updates;
        ret[n++] = exception;
    } else if (equals_trimmed(type, "DO") || equals_trimmed(type, "DD") ||
               equals_trimmed(type, "W")) {
        ret[n++] = freight_act;
        ret[n++] = freight_exc;
    } else { /* I, P, NA, unknown or absent */
        ret[n++] = movement;
        ret[n++] = exception;
        ret[n++] = delivery;
    }
    return n;
}

/* A code match that contradicts a delivered or manifest type is a collision, not a refinement:
 * type D with "DP" is not "commodity cannot be shipped internationally". */
static int fits_type(const char *type, pc_status st)
{
    if (equals_trimmed(type, "D"))
        return st == PC_STATUS_DELIVERED || st == PC_STATUS_AVAILABLE_FOR_PICKUP ||
               st == PC_STATUS_RETURNED;
    if (equals_trimmed(type, "M") || equals_trimmed(type, "MV"))
        return st == PC_STATUS_INFO_RECEIVED || st == PC_STATUS_EXCEPTION;
    return 1;
}

static const pc_code_map *find_code(const char *type, const char *code, int mail_innovations)
{
    code_family fam[6];
    size_t n = families_for(type, mail_innovations, fam);
    for (size_t i = 0; i < n; i++) {
        const pc_code_map *m = find(fam[i].table, *fam[i].len, code);
        if (m)
            return fits_type(type, m->status) ? m : NULL;
    }
    return NULL;
}

void pc__ups_map_status(const char *type, const char *code, const char *status_code,
                        const char *description, int mail_innovations, pc_status *ret_status,
                        const char **ret_substatus)
{
    const pc_code_map *by_status = NULL, *by_code, *by_type;
    char key[4];

    if (status_code && status_code_key(status_code, key) == 0)
        by_status = find(pc__ups_status_codes, pc__ups_status_codes_len, key);
    by_code = find_code(type, code, mail_innovations);
    by_type = find(pc__ups_types, pc__ups_types_len, type);

    if (by_status) {
        *ret_status = by_status->status;
        *ret_substatus = by_status->substatus;
        if (!*ret_substatus && by_code && by_code->status == by_status->status)
            *ret_substatus = by_code->substatus;
        return;
    }
    if (by_code) {
        *ret_status = by_code->status;
        *ret_substatus = by_code->substatus;
    } else if (by_type) {
        *ret_status = by_type->status;
        *ret_substatus = by_type->substatus;
    } else {
        /* no usable code at all: an exception only when the carrier says so */
        *ret_status = PC_STATUS_IN_TRANSIT;
        *ret_substatus = NULL;
    }
    /* Legacy XML labels the on-vehicle scan "OUT FOR DELIVERY" under type I with the
     * destination-scan code DS; the text is the only thing that tells the two apart. */
    if (*ret_status == PC_STATUS_IN_TRANSIT && equals_trimmed(type, "I") &&
        contains_ci(description, "out for delivery")) {
        *ret_status = PC_STATUS_OUT_FOR_DELIVERY;
        *ret_substatus = NULL;
    }
}

/* -------------------------------------------------------------------------------------------- */
/* Dates, times, zones                                                                          */

/* Exactly n digits at s; @return the value or -1. */
static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "YYYYMMDD" into c's date; @return 0 or -1. */
static int parse_date(const char *s, pc_civil *c)
{
    size_t n;
    if (!s)
        return -1;
    s = trimmed(s, &n);
    if (n != 8 || digits(s, 8) < 0)
        return -1;
    c->year = digits(s, 4);
    c->month = digits(s + 4, 2);
    c->day = digits(s + 6, 2);
    return 0;
}

/* "HHMMSS", "HH:MM:SS", "HHMM" (Mail Innovations), and the spec's "74700" (leading zero
 * dropped) into c's clock; @return 0 or -1. */
static int parse_clock(const char *s, pc_civil *c)
{
    char d[8];
    size_t n, k = 0;
    if (!s)
        return -1;
    s = trimmed(s, &n);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ':')
            continue;
        if (!isdigit((unsigned char)s[i]) || k == 6)
            return -1;
        d[k++] = s[i];
    }
    if (k == 3 || k == 5) { /* H MM [SS] */
        memmove(d + 1, d, k);
        d[0] = '0';
        k++;
    }
    if (k != 4 && k != 6)
        return -1;
    c->hour = digits(d, 2);
    c->minute = digits(d + 2, 2);
    c->second = k == 6 ? digits(d + 4, 2) : 0;
    return 0;
}

static int same_country(const char *event_country, const char *other)
{
    return !event_country || (other && strcmp(event_country, other) == 0);
}

/* Local wall time without an offset: zone from the event, then a same-country fallback, then
 * UPS's home zone for US / unplaced events. @return 0, PC_ENOTFOUND, PC_EINVAL. */
static int resolve_local(pc_event *ev, const pc_civil *local, const pc_shipment *s,
                         int origin_first)
{
    const pc_location *fb[2];
    const pc_location *loc = &ev->location;

    if (pc_tz_for_location(loc->country, loc->region, loc->postal_code))
        return pc_event_set_local_time(ev, local, PC_OFFSET_NONE, NULL, NULL);
    fb[0] = origin_first ? &s->origin : &s->destination;
    fb[1] = origin_first ? &s->destination : &s->origin;
    for (size_t i = 0; i < 2; i++) {
        if (same_country(loc->country, fb[i]->country) &&
            pc_tz_for_location(fb[i]->country, fb[i]->region, fb[i]->postal_code))
            return pc_event_set_local_time(ev, local, PC_OFFSET_NONE, fb[i], NULL);
    }
    if (!loc->country || strcmp(loc->country, "US") == 0)
        return pc_event_set_local_time(ev, local, PC_OFFSET_NONE, NULL, PC__UPS_DEFAULT_ZONE);
    return PC_ENOTFOUND;
}

static int parse_offset(const char *s, int *ret_min)
{
    size_t n;
    if (!s)
        return -1;
    s = trimmed(s, &n);
    if (n == 0 || pc_offset_parse(s, n, ret_min) < 0)
        return -1;
    return *ret_min >= -18 * 60 && *ret_min <= 18 * 60 ? 0 : -1;
}

/* gmtDate + gmtTime (+ gmtOffset): @return 1 when they set the event's time, 0 when absent or
 * unusable (the local time is resolved instead). */
static int set_gmt_time(pc_event *ev, const pc__ups_activity *a, const pc_civil *local,
                        int local_ok)
{
    pc_civil g = {0};
    int off;
    if (parse_date(a->gmt_date, &g) < 0 || parse_clock(a->gmt_time, &g) < 0 || !pc_civil_valid(&g))
        return 0;
    ev->time = pc_civil_to_unix(&g);
    if (parse_offset(a->gmt_offset, &off) == 0) {
        ev->utc_offset = (int16_t)off;
    } else if (local_ok) {
        int64_t diff = pc_civil_to_unix(local) - ev->time;
        if (diff % 60 == 0 && diff >= -18 * 3600 && diff <= 18 * 3600)
            ev->utc_offset = (int16_t)(diff / 60);
    }
    return 1;
}

static int set_event_time(pc_event *ev, const pc__ups_package *pkg, const pc__ups_activity *a,
                          const char *path, pc_diag *diag)
{
    pc_civil local = {0};
    int off, rc;
    int date_ok = parse_date(a->date, &local) == 0;
    int time_ok = parse_clock(a->time, &local) == 0;
    int local_ok = date_ok && time_ok && pc_civil_valid(&local);

    if (set_gmt_time(ev, a, &local, local_ok))
        return 0;
    if (!date_ok)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: date \"%s\" is missing or not YYYYMMDD", path,
                           a->date ? a->date : "");
    if (!time_ok)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: time \"%s\" is missing or not HHMMSS / HHMM", path,
                           a->time ? a->time : "");
    if (!local_ok)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: %s %s is not a real date and time", path, a->date, a->time);
    if (parse_offset(a->gmt_offset, &off) == 0)
        rc = pc_event_set_local_time(ev, &local, off, NULL, NULL);
    else
        rc = resolve_local(ev, &local, pkg->shipment,
                           equals_trimmed(a->type, "M") || equals_trimmed(a->type, "MV"));
    if (rc == PC_ENOTFOUND)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: local time %s %s has no offset and its location gives no time "
                           "zone",
                           path, a->date, a->time);
    if (rc < 0)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: cannot place local time %s %s", path, a->date, a->time);
    return 0;
}

void pc__ups_set_eta(pc_shipment *s, const char *date, const char *time)
{
    pc_civil c = {0};
    const char *zone;
    const pc_location *d = &s->destination;
    int64_t t;
    int off;

    if (parse_date(date, &c) < 0)
        return;
    if (parse_clock(time, &c) < 0) {
        c.hour = 23; /* a date alone means "by end of day" */
        c.minute = 59;
        c.second = 0;
    }
    if (!pc_civil_valid(&c))
        return;
    if (pc_location_empty(d)) {
        /* no ShipTo (archived XML): the newest scan is the best guess of where it ends */
        const pc_event *newest = NULL;
        for (size_t i = 0; i < s->n_events; i++) {
            if (s->events[i].time != PC_TIME_NONE && (!newest || s->events[i].time > newest->time))
                newest = &s->events[i];
        }
        if (newest)
            d = &newest->location;
    }
    zone = pc_tz_for_location(d->country, d->region, d->postal_code);
    if (!zone && (!d->country || strcmp(d->country, "US") == 0))
        zone = PC__UPS_DEFAULT_ZONE;
    if (zone && pc_tz_local_to_utc(zone, &c, &t, &off) == 0)
        s->carrier_eta = t;
}

/* -------------------------------------------------------------------------------------------- */
/* Locations and activities                                                                     */

/* Postal code: blank runs collapsed to one space; US "53204  1876" / "532041876" ->
 * "53204-1876". */
static int set_postal(char **field, const char *postal, const char *iso2)
{
    char buf[64];
    size_t n, k = 0;
    int blank = 0;
    if (!postal)
        return pc_set_str(field, NULL, 0);
    postal = trimmed(postal, &n);
    if (n >= sizeof(buf))
        return pc_set_str(field, postal, n);
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)postal[i])) {
            blank = 1;
            continue;
        }
        if (blank && k)
            buf[k++] = ' ';
        blank = 0;
        buf[k++] = postal[i];
    }
    buf[k] = '\0';
    if (iso2 && strcmp(iso2, "US") == 0) {
        if (k == 10 && buf[5] == ' ' && digits(buf, 5) >= 0 && digits(buf + 6, 4) >= 0)
            buf[5] = '-';
        else if (k == 9 && digits(buf, 9) >= 0) {
            memmove(buf + 6, buf + 5, 5); /* 4 digits and the NUL */
            buf[5] = '-';
            k = 10;
        }
    }
    return pc_set_str(field, buf, (size_t)-1);
}

int pc__ups_set_location(pc_location *loc, const char *city, const char *region, const char *postal,
                         const char *country)
{
    const char *iso2 = NULL;
    if (country) {
        size_t n;
        const char *c = trimmed(country, &n);
        if (n)
            iso2 = pc_country_iso2(c, n);
    }
    if (pc_set_clean(&loc->city, city, (size_t)-1) < 0 ||
        pc_set_str(&loc->region, region, (size_t)-1) < 0 ||
        set_postal(&loc->postal_code, postal, iso2) < 0 ||
        pc_set_str(&loc->country, iso2, (size_t)-1) < 0)
        return PC_ENOMEM;
    return 0;
}

static const char *first_nonblank(const char *a, const char *b, const char *c)
{
    size_t n;
    if (a && (trimmed(a, &n), n))
        return a;
    if (b && (trimmed(b, &n), n))
        return b;
    return c;
}

int pc__ups_add_activity(const pc__ups_package *pkg, const pc__ups_activity *a,
                         const pc_parse_limits *lim, const char *path, pc_diag *diag)
{
    pc_shipment *s = pkg->shipment;
    pc_event *ev;
    pc_status st;
    const char *sub;
    int rc;

    rc = pc_shipment_add_event(s, lim ? lim->max_events : 0, &ev);
    if (rc == PC_ELIMIT)
        return pc_diag_set(diag, rc, (size_t)-1, 0, 0, "%s: more than %zu events", path,
                           lim->max_events);
    if (rc < 0)
        return rc;
    if (pc__ups_set_location(&ev->location, a->city, a->region, a->postal, a->country) < 0)
        return PC_ENOMEM;

    pc__ups_map_status(a->type, a->code, a->status_code, a->description, pkg->mail_innovations, &st,
                       &sub);
    if (st == PC_STATUS_DELIVERED && !sub) {
        if (first_nonblank(a->signed_by, pkg->received_by, NULL)) {
            sub = "delivered.signed";
        } else {
            const pc_code_map *spot =
                find(pc__ups_delivery_codes, pc__ups_delivery_codes_len, a->spot_code);
            if (spot && spot->status == PC_STATUS_DELIVERED)
                sub = spot->substatus;
        }
    }
    ev->status = st;
    if (pc_set_str(&ev->substatus, sub, (size_t)-1) < 0 ||
        pc_set_str(&ev->code, first_nonblank(a->code, a->status_code, a->type), (size_t)-1) < 0 ||
        pc_set_clean(&ev->description, a->description, (size_t)-1) < 0)
        return PC_ENOMEM;
    if (st == PC_STATUS_DELIVERED && !s->signed_by &&
        pc_set_str(&s->signed_by, a->signed_by, (size_t)-1) < 0)
        return PC_ENOMEM;
    return set_event_time(ev, pkg, a, path, diag);
}

/* -------------------------------------------------------------------------------------------- */
/* Carrier errors                                                                               */

typedef struct error_kind {
    const char *code;
    pc_track_error_kind kind;
} error_kind;

static const error_kind error_kinds[] = {
    {"TW0001", PC_TE_NOT_FOUND},      /* Track API: Tracking Information Not Found (HTTP 200) */
    {"151044", PC_TE_NOT_FOUND},      /* XML: No tracking information available */
    {"155002", PC_TE_NOT_FOUND},      /* XML: Mail Innovations Tracking Information not found */
    {"TV1002", PC_TE_INVALID_NUMBER}, /* Track API: Invalid inquiry number */
    {"150022", PC_TE_INVALID_NUMBER}, /* XML: Invalid tracking number */
    {"151018", PC_TE_INVALID_NUMBER}, /* XML: Invalid tracking number */
    {"10401", PC_TE_AUTH},            /* OAuth gateway: invalid / expired token */
    {"250001", PC_TE_AUTH},           /* Invalid Access License for the tool */
    {"250002", PC_TE_AUTH},           /* Invalid Authentication Information */
    {"250003", PC_TE_AUTH},           /* Invalid Access License number */
    {"250004", PC_TE_AUTH},           /* Incorrect UserId or Password */
    {"250005", PC_TE_AUTH},           /* No Access and Authentication Credentials provided */
    {"250007", PC_TE_AUTH},           /* The UserId is currently locked out */
    {"10429", PC_TE_RATE_LIMITED},    /* Too Many Requests (no Retry-After is sent) */
};

int pc__ups_add_error(pc_parse_result *out, const char *number, const char *code,
                      const char *message)
{
    pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
    size_t n = 0;
    if (code)
        code = trimmed(code, &n);
    for (size_t i = 0; n && i < sizeof(error_kinds) / sizeof(error_kinds[0]); i++) {
        if (strlen(error_kinds[i].code) == n && memcmp(error_kinds[i].code, code, n) == 0) {
            kind = error_kinds[i].kind;
            break;
        }
    }
    /* a request-wide failure has no number even when the body echoes one */
    if (kind == PC_TE_AUTH || kind == PC_TE_RATE_LIMITED)
        number = NULL;
    char codebuf[64];
    if (code && n < sizeof(codebuf)) {
        memcpy(codebuf, code, n);
        codebuf[n] = '\0';
        code = codebuf;
    }
    return pc_parse_result_add_error(out, number, kind, code, message, 0);
}

/* -------------------------------------------------------------------------------------------- */
/* Adapter callbacks                                                                            */

static int parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    static const pc_parse_limits defaults = PC_PARSE_LIMITS_DEFAULT;
    pc_parse_input local = *in;
    if (!local.limits)
        local.limits = &defaults;
    if (local.format == PC_FORMAT_AUTO) {
        size_t i = 0;
        while (i < local.len && isspace((unsigned char)local.data[i]))
            i++;
        if (i < local.len && local.data[i] == '<')
            local.format = PC_FORMAT_XML;
        else if (i < local.len && (local.data[i] == '{' || local.data[i] == '['))
            local.format = PC_FORMAT_JSON;
    }
    if (local.format == PC_FORMAT_XML)
        return pc__ups_parse_xml(&local, out, diag);
    if (local.format == PC_FORMAT_JSON)
        return pc__ups_parse_json(&local, out, diag);
    return pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "UPS body is neither JSON nor XML");
}

/* Percent-encode everything but RFC 3986 unreserved characters; malloc'd or NULL. */
static char *url_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s), k = 0;
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out[k++] = (char)c;
        } else {
            out[k++] = '%';
            out[k++] = hex[c >> 4];
            out[k++] = hex[c & 15];
        }
    }
    out[k] = '\0';
    return out;
}

static int header_safe(const char *s)
{
    for (; *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    }
    return 1;
}

/* transId must identify the request (at most 32 characters). Parsing and building stay pure,
 * so it is derived from the number (FNV-1a) rather than drawn at random. */
static void trans_id(const char *number, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)number; *p; p++) {
        h ^= *p;
        h *= 1099511628211u;
    }
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[h & 15];
        h >>= 4;
    }
    out[16] = '\0';
}

static int build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                         pc_http_request *ret_req)
{
    const char *base = DEFAULT_BASE_URL;
    const char *token = cfg ? cfg->access_token : NULL;
    char *escaped = NULL, tid[17];
    size_t base_len, url_len;
    int rc = PC_EINVAL;

    if (!ret_req)
        return PC_EINVAL;
    memset(ret_req, 0, sizeof(*ret_req));
    if (!numbers || n != 1 || !numbers[0] || !numbers[0][0] || !token || !token[0] ||
        !header_safe(token))
        return PC_EINVAL;
    if (cfg->base_url && cfg->base_url[0])
        base = cfg->base_url;
    base_len = strlen(base);
    while (base_len && base[base_len - 1] == '/')
        base_len--;

    escaped = url_escape(numbers[0]);
    if (!escaped) {
        rc = PC_ENOMEM;
        goto out;
    }
    url_len = base_len + strlen(escaped) + 80;
    ret_req->url = malloc(url_len);
    ret_req->method = malloc(4);
    if (!ret_req->url || !ret_req->method) {
        rc = PC_ENOMEM;
        goto out;
    }
    memcpy(ret_req->method, "GET", 4);
    snprintf(ret_req->url, url_len,
             "%.*s/api/track/v1/details/%s?locale=en_US&returnSignature=false", (int)base_len, base,
             escaped);
    trans_id(numbers[0], tid);
    if ((rc = pc_http_request_add_header(ret_req, "Authorization: Bearer %s", token)) < 0 ||
        (rc = pc_http_request_add_header(ret_req, "transId: %s", tid)) < 0 ||
        (rc = pc_http_request_add_header(ret_req, "transactionSrc: %s", TRANSACTION_SRC)) < 0 ||
        (rc = pc_http_request_add_header(ret_req, "Accept: application/json")) < 0)
        goto out;
    rc = 0;
out:
    free(escaped);
    if (rc < 0)
        pc_http_request_done(ret_req);
    return rc;
}

/* 1Z numbers: "1Z" + 15 characters + a mod-10 check digit over those 15, letters counted as
 * (ASCII - 3) % 10 (A = 2 ... I = 0), odd positions doubled. */
static int detect(const char *number, int *ret_check_ok)
{
    char s[19];
    size_t n = 0;
    int sum = 0;

    if (ret_check_ok)
        *ret_check_ok = 0;
    if (!number)
        return 0;
    for (const char *p = number; *p; p++) {
        if (*p == ' ')
            continue;
        if (n == sizeof(s) - 1 || !isalnum((unsigned char)*p))
            return 0;
        s[n++] = (char)toupper((unsigned char)*p);
    }
    s[n] = '\0';
    if (n != 18 || s[0] != '1' || s[1] != 'Z' || !isdigit((unsigned char)s[17]))
        return 0;
    for (size_t i = 2; i < 17; i++) {
        int v = isdigit((unsigned char)s[i]) ? s[i] - '0' : (s[i] - 3) % 10;
        sum += (i - 2) % 2 ? 2 * v : v;
    }
    if ((10 - sum % 10) % 10 != s[17] - '0')
        return 40;
    if (ret_check_ok)
        *ret_check_ok = 1;
    return 95;
}

const pc_adapter pc_adapter_ups = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = "ups",
    .display_name = "UPS",
    .caps = PC_CAP_JSON | PC_CAP_XML | PC_CAP_PULL | PC_CAP_PUSH | PC_CAP_OAUTH | PC_CAP_RENDER,
    .max_batch = 1,
    .default_zone = PC__UPS_DEFAULT_ZONE,
    .detect = detect,
    .build_request = build_request,
    .parse = parse,
    .parse_push = pc__ups_parse_push,
    .render = pc__ups_render,
    .parse_request = pc__ups_parse_request,
    .base_url = DEFAULT_BASE_URL,
    .oauth_token_path = "/security/v1/oauth/token",
    .oauth_flags = 0,
};

PC_ADAPTER_EXPORT(pc_adapter_ups);
