/*
 * UPS Track API v1 rendering (the sandbox's and the simulator's UPS) and the inverse of
 * build_request. The body is what pc__ups_parse_json reads: trackResponse.shipment[].package[]
 * with activities newest first, local date "YYYYMMDD" / time "HHMMSS" plus gmtDate, gmtTime
 * ("HH:MM:SS", as real responses spell it) and gmtOffset, the estimate as deliveryDate SDD with
 * a commit time, not found as HTTP 200 with a TW0001 warning, and request-wide errors as
 * {"response":{"errors":[...]}} with UPS's HTTP status.
 *
 * Codes. The simulator's carrier-agnostic codes become a representative UPS (type, scan code,
 * status code) triple. Any other code is taken to be UPS's own and is written as it is; the
 * type and three-digit status code around it are chosen by asking pc__ups_map_status which
 * candidate maps back to the event's status and substatus, so the two stay in step with the
 * code tables instead of repeating them here.
 */
#include "ups_codes.h"
#include "ups_internal.h"

#include <ctype.h>
#include <jansson.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/timeutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct agnostic_code {
    const char *sim;         /**< the simulator's code */
    const char *type;        /**< UPS activity type */
    const char *code;        /**< two-letter scan code, may be NULL */
    const char *status_code; /**< three-digit status code */
} agnostic_code;

static const agnostic_code agnostic_codes[] = {
    {"IR", "M", "MP", "003"},         /* Shipment Ready for UPS */
    {"PU", "P", "PU", "038"},         /* Picked Up by UPS */
    {"AR", "I", "AR", "005"},         /* Arrived at Facility */
    {"DP", "I", "DP", "005"},         /* Departed from Facility */
    {"CC", "I", NULL, "012"},         /* Clearance in Progress */
    {"CR", "I", NULL, "014"},         /* Clearance Completed */
    {"EX-WEATHER", "X", NULL, "052"}, /* Delay: Severe Weather */
    {"EX-SORT", "X", NULL, "046"},    /* Delay */
    {"EX-CUSTOMS", "X", NULL, "058"}, /* Clearance Information Required */
    {"EX-ADDRESS", "X", NULL, "050"}, /* Address Information Required */
    {"OFD", "I", "OT", "021"},        /* Out for Delivery */
    {"FA", "X", "48", "022"},         /* First Attempt Made: the receiver was not available */
    {"AP", "X", NULL, "144"},         /* Delivered to Post Office for Pickup */
    {"DL", "D", "FS", "011"},         /* Delivered */
    {"RT", "D", NULL, "034"},         /* Returned to Sender */
};

static const agnostic_code *find_agnostic(const char *code)
{
    for (size_t i = 0; code && i < sizeof(agnostic_codes) / sizeof(agnostic_codes[0]); i++) {
        if (strcmp(agnostic_codes[i].sim, code) == 0)
            return &agnostic_codes[i];
    }
    return NULL;
}

static int is_status_code(const char *s)
{
    return s && strlen(s) == 3 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
           isdigit((unsigned char)s[2]);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static const char *type_for(pc_status st)
{
    switch (st) {
    case PC_STATUS_INFO_RECEIVED:
        return "M";
    case PC_STATUS_DELIVERED:
    case PC_STATUS_RETURNED:
        return "D";
    case PC_STATUS_FAILED_ATTEMPT:
    case PC_STATUS_AVAILABLE_FOR_PICKUP:
    case PC_STATUS_EXCEPTION:
        return "X";
    default:
        return "I";
    }
}

/* Type and status code around a UPS code so that parsing gives back (status, substatus): no
 * status code when the code alone says it, else the status code that says exactly that, else
 * the plain one for the status. */
static void choose_codes(const pc_event *ev, const char *code, const char *status_code, int mi,
                         const char **ret_type, const char **ret_status_code)
{
    const char *cand[3];
    size_t n = 0, pick = 0;
    int found = 0;

    *ret_type = type_for(ev->status);
    if (status_code) {
        *ret_status_code = status_code;
        return;
    }
    cand[n++] = NULL;
    for (size_t i = 0; i < pc__ups_status_codes_len; i++) {
        const pc_code_map *m = &pc__ups_status_codes[i];
        if (m->status == ev->status && same_str(m->substatus, ev->substatus)) {
            cand[n++] = m->code;
            break;
        }
    }
    for (size_t i = 0; i < pc__ups_status_codes_len; i++) {
        const pc_code_map *m = &pc__ups_status_codes[i];
        if (m->status == ev->status && !m->substatus) {
            cand[n++] = m->code;
            break;
        }
    }
    pick = n - 1;
    for (size_t i = 0; i < n; i++) {
        pc_status st;
        const char *sub;
        pc__ups_map_status(*ret_type, code, cand[i], ev->description, mi, &st, &sub);
        if (st != ev->status)
            continue;
        if (same_str(sub, ev->substatus)) {
            pick = i;
            break;
        }
        if (!found) {
            pick = i;
            found = 1;
        }
    }
    *ret_status_code = cand[pick];
}

/* obj[key] = s when s is set; invalid UTF-8 is an error (jansson refuses it). */
static int put_str(json_t *obj, const char *key, const char *s)
{
    if (!s)
        return 0;
    return json_object_set_new(obj, key, json_string(s)) == 0 ? 0 : PC_ENOMEM;
}

static int put_new(json_t *obj, const char *key, json_t *v)
{
    return json_object_set_new(obj, key, v) == 0 ? 0 : PC_ENOMEM;
}

static json_t *address_json(const pc_location *loc)
{
    json_t *a = json_object();
    if (!a)
        return NULL;
    if (put_str(a, "city", loc->city) < 0 || put_str(a, "stateProvince", loc->region) < 0 ||
        put_str(a, "postalCode", loc->postal_code) < 0 ||
        put_str(a, "countryCode", loc->country) < 0 || put_str(a, "country", loc->country) < 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}

static void fmt_date(const pc_civil *c, char out[16])
{
    snprintf(out, 16, "%04d%02d%02d", c->year, c->month, c->day);
}

static json_t *activity_json(const pc_event *ev, int mi)
{
    const agnostic_code *ag = find_agnostic(ev->code);
    const char *type, *code = NULL, *status_code = NULL;
    char date[16], tm[16], gdate[16], gtime[16], off[16];
    pc_civil local, gmt;
    int offset = ev->utc_offset == PC_OFFSET_NONE ? 0 : ev->utc_offset;
    json_t *a = json_object(), *status = json_object(), *loc = json_object(),
           *addr = address_json(&ev->location);
    int rc = 0;

    if (ag) {
        type = ag->type;
        code = ag->code;
        status_code = ag->status_code;
    } else {
        if (is_status_code(ev->code))
            status_code = ev->code;
        else
            code = ev->code;
        choose_codes(ev, code, status_code, mi, &type, &status_code);
    }
    pc_unix_to_civil(ev->time + (int64_t)offset * 60, &local);
    pc_unix_to_civil(ev->time, &gmt);
    fmt_date(&local, date);
    snprintf(tm, sizeof(tm), "%02d%02d%02d", local.hour, local.minute, local.second);
    fmt_date(&gmt, gdate);
    snprintf(gtime, sizeof(gtime), "%02d:%02d:%02d", gmt.hour, gmt.minute, gmt.second);
    pc_offset_format(offset, off, sizeof(off));

    if (!a || !status || !loc || !addr) {
        rc = PC_ENOMEM;
        goto out;
    }
    rc = put_new(loc, "address", addr); /* steals addr, also on failure */
    addr = NULL;
    if (rc < 0)
        goto out;
    if ((rc = put_str(status, "type", type)) < 0 || (rc = put_str(status, "code", code)) < 0 ||
        (rc = put_str(status, "statusCode", status_code)) < 0 ||
        (rc = put_str(status, "description", ev->description)) < 0)
        goto out;
    rc = put_new(a, "location", loc);
    loc = NULL;
    if (rc < 0)
        goto out;
    rc = put_new(a, "status", status);
    status = NULL;
    if (rc < 0)
        goto out;
    if ((rc = put_str(a, "date", date)) < 0 || (rc = put_str(a, "time", tm)) < 0 ||
        (rc = put_str(a, "gmtDate", gdate)) < 0 || (rc = put_str(a, "gmtTime", gtime)) < 0 ||
        (rc = put_str(a, "gmtOffset", off)) < 0)
        goto out;
out:
    json_decref(addr);
    json_decref(loc);
    json_decref(status);
    if (rc < 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* The estimate as UPS's scheduled delivery date and commit time, local to the place
 * pc__ups_set_eta will resolve it in. */
static int estimate_json(const pc_shipment *s, json_t *pkg)
{
    const pc_location *d = &s->destination;
    const char *zone;
    char date[16], tm[16];
    pc_civil c;
    int off;

    if (s->carrier_eta == PC_TIME_NONE)
        return 0;
    if (pc_location_empty(d)) {
        const pc_event *newest = NULL;
        for (size_t i = 0; i < s->n_events; i++) {
            if (!newest || s->events[i].time > newest->time)
                newest = &s->events[i];
        }
        if (newest)
            d = &newest->location;
    }
    zone = pc_tz_for_location(d->country, d->region, d->postal_code);
    if (!zone && (!d->country || strcmp(d->country, "US") == 0))
        zone = PC__UPS_DEFAULT_ZONE;
    if (!zone || pc_tz_offset_at(zone, s->carrier_eta, &off) < 0)
        return 0; /* the parser could not place it either */
    pc_unix_to_civil(s->carrier_eta + (int64_t)off * 60, &c);
    fmt_date(&c, date);
    snprintf(tm, sizeof(tm), "%02d%02d%02d", c.hour, c.minute, c.second);
    json_t *dates = json_pack("[{s:s, s:s}]", "type", "SDD", "date", date);
    json_t *dtime = json_pack("{s:s, s:s}", "type", "CMT", "endTime", tm);
    if (!dates || !dtime) {
        json_decref(dates);
        json_decref(dtime);
        return PC_ENOMEM;
    }
    if (put_new(pkg, "deliveryDate", dates) < 0) {
        json_decref(dtime);
        return PC_ENOMEM;
    }
    return put_new(pkg, "deliveryTime", dtime);
}

static int place_json(json_t *list, const char *type, const pc_location *loc)
{
    json_t *addr, *pa;
    if (pc_location_empty(loc))
        return 0;
    addr = address_json(loc);
    pa = addr ? json_pack("{s:s, s:o}", "type", type, "address", addr) : NULL;
    if (!pa)
        return PC_ENOMEM;
    return json_array_append_new(list, pa) == 0 ? 0 : PC_ENOMEM;
}

static json_t *shipment_json(const pc_shipment *s)
{
    json_t *ship = json_object(), *pkgs = json_array(), *pkg = json_object();
    json_t *acts = json_array(), *addrs = json_array();
    int mi = s->service && strstr(s->service, "Mail Innovations") != NULL;
    int rc = PC_ENOMEM;

    if (!ship || !pkgs || !pkg || !acts || !addrs)
        goto out;
    if ((rc = put_str(ship, "inquiryNumber", s->tracking_number)) < 0 ||
        (rc = put_str(pkg, "trackingNumber", s->tracking_number)) < 0)
        goto out;
    if (s->service &&
        (rc = put_new(pkg, "service", json_pack("{s:s}", "description", s->service))) < 0)
        goto out;
    if ((rc = place_json(addrs, "ORIGIN", &s->origin)) < 0 ||
        (rc = place_json(addrs, "DESTINATION", &s->destination)) < 0)
        goto out;
    if ((rc = estimate_json(s, pkg)) < 0)
        goto out;
    if (s->signed_by && (rc = put_new(pkg, "deliveryInformation",
                                      json_pack("{s:s}", "receivedBy", s->signed_by))) < 0)
        goto out;
    for (size_t i = s->n_events; i-- > 0;) { /* newest first, as UPS sends them */
        json_t *a = activity_json(&s->events[i], mi);
        if (!a || json_array_append_new(acts, a) < 0) {
            rc = PC_ENOMEM;
            goto out;
        }
    }
    rc = put_new(pkg, "packageAddress", addrs);
    addrs = NULL;
    if (rc < 0)
        goto out;
    rc = put_new(pkg, "activity", acts);
    acts = NULL;
    if (rc < 0)
        goto out;
    rc = json_array_append_new(pkgs, pkg) == 0 ? 0 : PC_ENOMEM;
    pkg = NULL;
    if (rc < 0)
        goto out;
    rc = put_new(ship, "package", pkgs);
    pkgs = NULL;
out:
    json_decref(addrs);
    json_decref(acts);
    json_decref(pkg);
    json_decref(pkgs);
    if (rc < 0) {
        json_decref(ship);
        return NULL;
    }
    return ship;
}

/* The kind UPS's parser gives a code, by asking it. */
static pc_track_error_kind kind_of(const char *code)
{
    pc_parse_result r = {0};
    pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
    if (pc__ups_add_error(&r, "x", code, NULL) == 0 && r.n_errors == 1)
        kind = r.errors[0].kind;
    pc_parse_result_done(&r);
    return kind;
}

typedef struct error_style {
    const char *code, *message;
    int http_status;
} error_style;

static error_style style_for(const pc_track_error *e)
{
    static const error_style styles[PC_TE__COUNT] = {
        [PC_TE_NOT_FOUND] = {"TW0001", "Tracking Information Not Found", 200},
        [PC_TE_INVALID_NUMBER] = {"TV1002", "Invalid inquiry number", 400},
        [PC_TE_AUTH] = {"250003", "Invalid Access License number", 401},
        [PC_TE_RATE_LIMITED] = {"10429", "Too Many Requests", 429},
        /* not a published code: any code outside the known list reads as carrier_error */
        [PC_TE_CARRIER_ERROR] = {"9999", "Internal Server Error", 500},
    };
    error_style st = styles[(unsigned)e->kind < PC_TE__COUNT ? e->kind : PC_TE_CARRIER_ERROR];
    if (e->carrier_code && kind_of(e->carrier_code) == e->kind)
        st.code = e->carrier_code;
    if (e->message)
        st.message = e->message;
    return st;
}

/* Errors the Track API answers for the whole request, without trackResponse. */
static int request_wide(const pc_track_error *e)
{
    return !e->tracking_number || e->kind == PC_TE_AUTH || e->kind == PC_TE_RATE_LIMITED ||
           e->kind == PC_TE_INVALID_NUMBER;
}

int pc__ups_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                   size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                   int *ret_http_status)
{
    json_t *root = NULL, *ships = NULL;
    int rc = PC_ENOMEM, http = 200;
    char *text;

    if (!ret_body || !ret_len || !ret_http_status || (n_shipments && !shipments) ||
        (n_errors && !errors))
        return PC_EINVAL;
    *ret_body = NULL;
    *ret_len = 0;
    if (format != PC_FORMAT_AUTO && format != PC_FORMAT_JSON)
        return PC_EUNSUPPORTED; /* the legacy XML is parsed for archives, never served */

    for (size_t i = 0; i < n_errors; i++) {
        if (!request_wide(&errors[i]))
            continue;
        error_style st = style_for(&errors[i]);
        http = errors[i].kind == PC_TE_NOT_FOUND ? 404 : st.http_status;
        root = json_pack("{s:{s:[{s:s, s:s}]}}", "response", "errors", "code", st.code, "message",
                         st.message);
        if (!root)
            goto out;
        goto dump;
    }

    root = json_object();
    ships = json_array();
    if (!root || !ships)
        goto out;
    for (size_t i = 0; i < n_shipments; i++) {
        json_t *s = shipment_json(&shipments[i]);
        if (!s || json_array_append_new(ships, s) < 0)
            goto out;
    }
    for (size_t i = 0; i < n_errors; i++) {
        error_style st = style_for(&errors[i]);
        json_t *s = json_pack("{s:s, s:[{s:s, s:s}]}", "inquiryNumber", errors[i].tracking_number,
                              "warnings", "code", st.code, "message", st.message);
        if (!s || json_array_append_new(ships, s) < 0)
            goto out;
    }
    rc = json_object_set_new(root, "trackResponse", json_pack("{s:o}", "shipment", ships));
    ships = NULL;
    if (rc < 0) {
        rc = PC_ENOMEM;
        goto out;
    }
dump:
    text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text) {
        rc = PC_ENOMEM;
        goto out;
    }
    *ret_body = text;
    *ret_len = strlen(text);
    *ret_http_status = http;
    rc = 0;
out:
    json_decref(ships);
    json_decref(root);
    return rc;
}

int pc__ups_parse_request(const char *method, const char *path_and_query, const char *body,
                          size_t body_len, char ***ret_numbers, size_t *ret_n)
{
    static const char prefix[] = "/api/track/v1/details/";
    const char *p, *end;

    (void)body;
    (void)body_len;
    if (!ret_numbers || !ret_n)
        return PC_EINVAL;
    *ret_numbers = NULL;
    *ret_n = 0;
    if (!method || !path_and_query || strcmp(method, "GET") != 0)
        return PC_ENOTFOUND;
    end = path_and_query + strcspn(path_and_query, "?#");
    p = strstr(path_and_query, prefix);
    if (!p || p >= end)
        return PC_ENOTFOUND;
    p += sizeof(prefix) - 1;
    /* One path segment: a '/' inside the number is a second item, which max 1 refuses. */
    return pc_url_decode_list(p, (size_t)(end - p), '/', 1, ret_numbers, ret_n);
}
