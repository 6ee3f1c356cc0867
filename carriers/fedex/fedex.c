/*
 * FedEx Track API v1 (JSON).
 *
 * Request: POST {base}/track/v1/trackingnumbers with up to 30 numbers and an OAuth2 bearer token
 * (client credentials, obtained by the core). Response quirks handled here (FORMATS.md):
 *   - one number can come back with several trackResults (number reuse, redirects): we keep the
 *     one whose newest scan is latest (see pick_result);
 *   - scanEvents[].date is ISO 8601 with an offset, except some events that have none (a PU at
 *     "2024-08-15T00:00:00") and a documented spelling with a blank ("... -0500");
 *   - date-only values (ETAs, transit windows) are sent as a fake "T00:00:00-06:00";
 *   - a number FedEx does not know is an error object inside an HTTP 200 trackResult;
 *     whole-request failures (auth, bad request) are a top-level errors[] array;
 *   - output.alerts is a string in the published example and an array elsewhere; it is
 *     informational and ignored.
 */
#include "fedex_codes.h"

#include <jansson.h>
#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FEDEX_BASE_URL  "https://apis.fedex.com"
#define FEDEX_MAX_BATCH 30u
/* Zone of last resort for a local time with no offset and no known place: FedEx's Memphis hub. */
#define FEDEX_HOME_ZONE "America/Chicago"

typedef struct fx_ctx {
    const pc_parse_limits *lim;
    pc_diag *diag;
    const char *number; /* tracking number being parsed (diagnostics only), may be NULL */
    int http_status;    /* from the parse input, 0 when unknown */
    int retry_after;    /* Retry-After header seconds, 0 when absent */
} fx_ctx;

static const char *ctx_number(const fx_ctx *c)
{
    return c->number ? c->number : "response";
}

static int oom(fx_ctx *c)
{
    return pc_diag_set(c->diag, PC_ENOMEM, (size_t)-1, 0, 0, "out of memory");
}

static int malformed(fx_ctx *c, const char *where, const char *what)
{
    return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: %s: %s", ctx_number(c), where,
                       what);
}

/*
 * obj[key] as trimmed text into *ret (pc_json_get_text: integers print, blank is absent). FedEx
 * puts objects and arrays where its examples have text (alerts, serviceDetail), so any other type
 * reads as absent here rather than failing the body. The limit message names the number.
 */
static int get_text(fx_ctx *c, const json_t *obj, const char *key, const char *where, char **ret)
{
    pc_diag d;
    int rc = pc_json_get_text(obj, key, where, c->lim, &d, ret);
    if (rc == PC_EMALFORMED)
        return 0;
    if (rc == PC_ELIMIT)
        return pc_diag_set(c->diag, rc, (size_t)-1, 0, 0, "%s: %s", ctx_number(c), d.message);
    return rc < 0 ? oom(c) : 0;
}

/* A time value. FedEx's are short: a text of 64 bytes or more is not one. */
static int parse_time_text(const char *t, pc_civil *lt, int *off)
{
    if (!t || strlen(t) >= 64)
        return PC_EMALFORMED;
    return pc_time_parse_iso(t, lt, off);
}

static int text_is(const char *t, const char *s)
{
    return t && strcmp(t, s) == 0;
}

/* Copy obj[key] into *dst unless *dst is already set (so callers can chain fallbacks). */
static int set_text(fx_ctx *c, const json_t *obj, const char *key, const char *where, char **dst,
                    int clean)
{
    char *t;
    int rc = get_text(c, obj, key, where, &t);
    if (rc < 0 || !t || *dst) {
        free(t);
        return rc;
    }
    if (!clean) {
        *dst = t;
        return 0;
    }
    rc = pc_set_clean(dst, t, (size_t)-1);
    free(t);
    return rc < 0 ? oom(c) : 0;
}

/* An address object {city, stateOrProvinceCode, postalCode, countryCode, countryName}. */
static int read_address(fx_ctx *c, const json_t *addr, const char *where, pc_location *loc)
{
    char *code = NULL, *name = NULL;
    int rc;
    if (!json_is_object(addr))
        return 0;
    if ((rc = set_text(c, addr, "city", where, &loc->city, 1)) < 0 ||
        (rc = set_text(c, addr, "stateOrProvinceCode", where, &loc->region, 0)) < 0 ||
        (rc = set_text(c, addr, "postalCode", where, &loc->postal_code, 0)) < 0 ||
        (rc = get_text(c, addr, "countryCode", where, &code)) < 0)
        goto out;
    const char *iso = code ? pc_country_iso2(code, (size_t)-1) : NULL;
    if (!iso) {
        if ((rc = get_text(c, addr, "countryName", where, &name)) < 0)
            goto out;
        iso = name ? pc_country_iso2(name, (size_t)-1) : NULL;
    }
    if (iso)
        rc = pc_set_str(&loc->country, iso, (size_t)-1);
    else if (code && strlen(code) == 2) /* an unknown two-letter code is kept verbatim */
        rc = pc_set_str(&loc->country, code, 2);
    rc = rc < 0 ? oom(c) : 0;
out:
    free(code);
    free(name);
    return rc;
}

/* First non-empty address among several candidates. */
static int read_first_address(fx_ctx *c, const json_t *const *cands, size_t n, pc_location *loc)
{
    for (size_t i = 0; i < n; i++) {
        int rc = read_address(c, cands[i], "address", loc);
        if (rc < 0)
            return rc;
        if (!pc_location_empty(loc))
            return 0;
    }
    return 0;
}

/* o.a.b, or o.a when b is NULL; NULL when any step is missing. */
static const json_t *path2(const json_t *o, const char *a, const char *b)
{
    const json_t *v = json_object_get(o, a);
    return b ? json_object_get(v, b) : v;
}

/*
 * Resolve a scan's local time. A time without an offset is placed in the scan's own location; a
 * scan with no location borrows the origin for pre-pickup stages (label created, picked up) and
 * the destination otherwise, then the other one, then FedEx's home zone.
 */
static int set_scan_time(fx_ctx *c, pc_event *ev, const char *date, const pc_shipment *s,
                         const char *where)
{
    pc_civil lt;
    int off;
    if (!date)
        return malformed(c, where, "date is missing");
    if (parse_time_text(date, &lt, &off) < 0)
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: %s.date: not an ISO 8601 time: \"%.40s\"", ctx_number(c), where,
                           date);
    int early = ev->status == PC_STATUS_INFO_RECEIVED || ev->status == PC_STATUS_PENDING ||
                (ev->substatus && strcmp(ev->substatus, "in_transit.picked_up") == 0);
    const pc_location *first = early ? &s->origin : &s->destination;
    const pc_location *second = early ? &s->destination : &s->origin;
    int rc = pc_event_set_local_time(ev, &lt, off, first, NULL);
    if (rc == PC_ENOTFOUND)
        rc = pc_event_set_local_time(ev, &lt, off, second, FEDEX_HOME_ZONE);
    if (rc < 0)
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: %s.date: cannot resolve local time \"%.40s\"", ctx_number(c), where,
                           date);
    return 0;
}

/*
 * Status of a scan: eventType by group (movement, then regulatory for the customs-only codes),
 * else derivedStatusCode, else exception when the scan carries an exception code, in_transit
 * otherwise. Delivery exceptions are refined by exceptionCode, delays by delayDetail.type.
 */
static int classify_scan(fx_ctx *c, const json_t *je, const char *where, pc_event *ev,
                         const char *type, const char *exc)
{
    char *derived = NULL, *delay = NULL;
    int rc;
    if ((rc = get_text(c, je, "derivedStatusCode", where, &derived)) < 0 ||
        (rc = get_text(c, json_object_get(je, "delayDetail"), "type", where, &delay)) < 0)
        goto out;
    const pc_code_map *m = NULL;
    if (type) {
        m = pc_code_map_find(pc__fedex_movement_codes, pc__fedex_movement_codes_len, type,
                             (size_t)-1);
        if (!m)
            m = pc_code_map_find(pc__fedex_regulatory_codes, pc__fedex_regulatory_codes_len, type,
                                 (size_t)-1);
    }
    if (!m && derived)
        m = pc_code_map_find(pc__fedex_derived_codes, pc__fedex_derived_codes_len, derived,
                             (size_t)-1);
    const char *sub = NULL;
    if (m) {
        ev->status = m->status;
        sub = m->substatus;
    } else {
        ev->status = exc ? PC_STATUS_EXCEPTION : PC_STATUS_IN_TRANSIT;
    }
    if (ev->status == PC_STATUS_FAILED_ATTEMPT && exc) {
        const pc_code_map *x = pc_code_map_find(pc__fedex_exception_codes,
                                                pc__fedex_exception_codes_len, exc, (size_t)-1);
        if (x)
            sub = x->substatus;
    }
    if (ev->status == PC_STATUS_EXCEPTION && text_is(delay, "WEATHER"))
        sub = "exception.weather";
    if (sub && pc_set_str(&ev->substatus, sub, (size_t)-1) < 0)
        rc = oom(c);
out:
    free(derived);
    free(delay);
    return rc;
}

/* "Delivery exception" + "Customer not available or business closed" -> one description. */
static int set_scan_description(fx_ctx *c, pc_event *ev, const char *desc, const char *xdesc)
{
    int rc = 0;
    if (!xdesc || (desc && strcmp(desc, xdesc) == 0)) {
        if (desc)
            rc = pc_set_clean(&ev->description, desc, (size_t)-1);
    } else if (!desc) {
        rc = pc_set_clean(&ev->description, xdesc, (size_t)-1);
    } else {
        pc_buf both = {0};
        rc = pc_buf_addf(&both, "%s: %s", desc, xdesc);
        if (rc == 0)
            rc = pc_set_clean(&ev->description, both.p, both.len);
        pc_buf_done(&both);
    }
    return rc < 0 ? oom(c) : 0;
}

static int parse_scan(fx_ctx *c, const json_t *je, size_t idx, pc_shipment *s)
{
    char where[48];
    char *type = NULL, *exc = NULL, *desc = NULL, *xdesc = NULL, *date = NULL;
    pc_event *ev;
    int rc;

    snprintf(where, sizeof(where), "scanEvents[%zu]", idx);
    if (!json_is_object(je))
        return malformed(c, where, "not an object");
    rc = pc_shipment_add_event(s, c->lim->max_events, &ev);
    if (rc == PC_ELIMIT)
        return pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, 0, 0, "%s: more than %zu scan events",
                           ctx_number(c), c->lim->max_events);
    if (rc < 0)
        return oom(c);
    if ((rc = get_text(c, je, "eventType", where, &type)) < 0 ||
        (rc = get_text(c, je, "exceptionCode", where, &exc)) < 0 ||
        (rc = get_text(c, je, "eventDescription", where, &desc)) < 0 ||
        (rc = get_text(c, je, "exceptionDescription", where, &xdesc)) < 0 ||
        (rc = get_text(c, je, "date", where, &date)) < 0)
        goto out;
    if (type && pc_set_str(&ev->code, type, (size_t)-1) < 0) {
        rc = oom(c);
        goto out;
    }
    if ((rc = classify_scan(c, je, where, ev, type, exc)) < 0 ||
        (rc = set_scan_description(c, ev, desc, xdesc)) < 0 ||
        (rc = read_address(c, json_object_get(je, "scanLocation"), where, &ev->location)) < 0)
        goto out;
    rc = set_scan_time(c, ev, date, s, where);
out:
    free(type);
    free(exc);
    free(desc);
    free(xdesc);
    free(date);
    return rc;
}

/*
 * A carrier date used as an estimate. FedEx sends date-only estimates as midnight with a fake
 * offset ("2024-08-21T00:00:00-06:00"): read a midnight as "by the end of that day" in the
 * destination's zone. Unparseable estimates are ignored (an ETA is optional; the scans are not).
 */
static int64_t eta_from_text(const char *t, const pc_shipment *s)
{
    pc_civil lt;
    int off, zoff;
    int64_t utc;
    if (parse_time_text(t, &lt, &off) < 0 || !pc_civil_valid(&lt))
        return PC_TIME_NONE;
    const char *zone = pc_tz_for_location(s->destination.country, s->destination.region,
                                          s->destination.postal_code);
    if (lt.hour == 0 && lt.minute == 0 && lt.second == 0) {
        lt.hour = 23;
        lt.minute = 59;
        if (zone && pc_tz_local_to_utc(zone, &lt, &utc, &zoff) == 0)
            return utc;
    }
    if (off != PC_OFFSET_NONE)
        return pc_civil_to_unix(&lt) - (int64_t)off * 60;
    if (!zone)
        zone = FEDEX_HOME_ZONE;
    if (pc_tz_local_to_utc(zone, &lt, &utc, &zoff) == 0)
        return utc;
    return PC_TIME_NONE;
}

/* s->carrier_eta from obj[key]: PC_TIME_NONE when absent or not a usable date. */
static int read_eta_text(fx_ctx *c, const json_t *obj, const char *key, const char *where,
                         pc_shipment *s)
{
    char *t;
    int rc = get_text(c, obj, key, where, &t);
    if (rc == 0)
        s->carrier_eta = eta_from_text(t, s);
    free(t);
    return rc;
}

/* dateAndTimes[ESTIMATED_DELIVERY], else the estimated window's end, else the standard transit
 * window's end (FedEx's own commitment for the service). */
static int read_eta(fx_ctx *c, const json_t *tr, pc_shipment *s)
{
    int rc;
    const json_t *dts = json_object_get(tr, "dateAndTimes");
    for (size_t i = 0; json_is_array(dts) && i < json_array_size(dts); i++) {
        const json_t *d = json_array_get(dts, i);
        char *type;
        if ((rc = get_text(c, d, "type", "dateAndTimes[]", &type)) < 0)
            return rc;
        int estimate = text_is(type, "ESTIMATED_DELIVERY");
        free(type);
        if (!estimate)
            continue;
        if ((rc = read_eta_text(c, d, "dateTime", "dateAndTimes[]", s)) < 0)
            return rc;
        if (s->carrier_eta != PC_TIME_NONE)
            return 0;
    }
    static const char *const windows[] = {"estimatedDeliveryTimeWindow",
                                          "standardTransitTimeWindow"};
    for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
        if ((rc = read_eta_text(c, path2(tr, windows[i], "window"), "ends", windows[i], s)) < 0)
            return rc;
        if (s->carrier_eta != PC_TIME_NONE)
            return 0;
    }
    return 0;
}

/*
 * Proof of delivery. A signature name only counts once the package is delivered (the published
 * example carries a signedByName on a shipment that is only picked up). receivedByName is what
 * fedex.com shows as "Signed for by" when signedByName is absent.
 */
static int read_delivery(fx_ctx *c, const json_t *tr, pc_shipment *s)
{
    const json_t *dd = json_object_get(tr, "deliveryDetails");
    pc_event *dl = NULL;
    char *ltype = NULL, *ldesc = NULL;
    int rc;
    for (size_t i = 0; i < s->n_events; i++) {
        pc_event *ev = &s->events[i];
        if (ev->status == PC_STATUS_DELIVERED && (!dl || ev->time > dl->time))
            dl = ev;
    }
    if (!dl || !json_is_object(dd))
        return 0;
    if ((rc = set_text(c, dd, "signedByName", "deliveryDetails", &s->signed_by, 1)) < 0 ||
        (rc = set_text(c, dd, "receivedByName", "deliveryDetails", &s->signed_by, 1)) < 0 ||
        (rc = get_text(c, dd, "locationType", "deliveryDetails", &ltype)) < 0 ||
        (rc = get_text(c, dd, "locationDescription", "deliveryDetails", &ldesc)) < 0 ||
        dl->substatus)
        goto out;
    const char *sub = NULL;
    if (pc_contains_ci(ltype, "locker") || pc_contains_ci(ldesc, "locker"))
        sub = "delivered.parcel_locker";
    else if (s->signed_by)
        sub = "delivered.signed";
    if (sub && pc_set_str(&dl->substatus, sub, (size_t)-1) < 0)
        rc = oom(c);
out:
    free(ltype);
    free(ldesc);
    return rc;
}

/* One trackResults[] entry with data into s (initialized by the caller). */
static int parse_track_result(fx_ctx *c, const json_t *tr, pc_shipment *s)
{
    int rc;
    if ((rc = set_text(c, json_object_get(tr, "serviceDetail"), "description", "serviceDetail",
                       &s->service, 1)) < 0 ||
        (rc = set_text(c, json_object_get(tr, "serviceDetail"), "type", "serviceDetail",
                       &s->service, 1)) < 0)
        return rc;

    const json_t *orig[] = {
        path2(json_object_get(tr, "originLocation"), "locationContactAndAddress", "address"),
        path2(tr, "shipperInformation", "address"),
    };
    /* lastUpdatedDestinationAddress follows redirects, so it comes first. */
    const json_t *dest[] = {
        json_object_get(tr, "lastUpdatedDestinationAddress"),
        path2(json_object_get(tr, "destinationLocation"), "locationContactAndAddress", "address"),
        path2(tr, "recipientInformation", "address"),
        path2(tr, "deliveryDetails", "actualDeliveryAddress"),
    };
    if ((rc = read_first_address(c, orig, sizeof(orig) / sizeof(orig[0]), &s->origin)) < 0 ||
        (rc = read_first_address(c, dest, sizeof(dest) / sizeof(dest[0]), &s->destination)) < 0)
        return rc;

    const json_t *scans = json_object_get(tr, "scanEvents");
    if (scans && !json_is_array(scans) && !json_is_null(scans))
        return malformed(c, "scanEvents", "not an array");
    for (size_t i = 0; i < json_array_size(scans); i++)
        if ((rc = parse_scan(c, json_array_get(scans, i), i, s)) < 0)
            return rc;
    if ((rc = read_eta(c, tr, s)) < 0 || (rc = read_delivery(c, tr, s)) < 0)
        return rc;
    return 0;
}

static int64_t newest_scan(const pc_shipment *s)
{
    int64_t t = PC_TIME_NONE;
    for (size_t i = 0; i < s->n_events; i++)
        if (s->events[i].time > t)
            t = s->events[i].time;
    return t;
}

static int has_scans(const json_t *tr)
{
    const json_t *scans = json_object_get(tr, "scanEvents");
    return json_is_array(scans) && json_array_size(scans) > 0;
}

static int ends_with(const char *t, const char *suffix)
{
    size_t n = strlen(suffix), len = t ? strlen(t) : 0;
    return t && len >= n && strcmp(t + len - n, suffix) == 0;
}

/* FedEx error code -> kind. The rate-limit spelling is not verified (no 429 body published). */
static pc_track_error_kind error_kind(const char *code)
{
    if (!code)
        return PC_TE_CARRIER_ERROR;
    if (ends_with(code, ".NOTFOUND"))
        return PC_TE_NOT_FOUND;
    if (ends_with(code, ".INVALID") || ends_with(code, ".EMPTY"))
        return PC_TE_INVALID_NUMBER;
    if (text_is(code, "NOT.AUTHORIZED.ERROR") || text_is(code, "FORBIDDEN.ERROR") ||
        pc_contains_ci(code, "UNAUTHORIZED") || pc_contains_ci(code, "TOKEN"))
        return PC_TE_AUTH;
    if (pc_contains_ci(code, "RATE.LIMIT") || pc_contains_ci(code, "TOO.MANY") ||
        pc_contains_ci(code, "QUOTA"))
        return PC_TE_RATE_LIMITED;
    return PC_TE_CARRIER_ERROR;
}

static int add_error(fx_ctx *c, pc_parse_result *out, const char *number, const json_t *err,
                     const char *where)
{
    char *code = NULL, *msg = NULL;
    int rc;
    if ((rc = get_text(c, err, "code", where, &code)) < 0 ||
        (rc = get_text(c, err, "message", where, &msg)) < 0)
        goto out;
    /* The HTTP status settles what an unfamiliar code means (no 429 body is published). */
    pc_track_error_kind kind = error_kind(code);
    if (kind == PC_TE_CARRIER_ERROR && c->http_status == 429)
        kind = PC_TE_RATE_LIMITED;
    else if (kind == PC_TE_CARRIER_ERROR && (c->http_status == 401 || c->http_status == 403))
        kind = PC_TE_AUTH;
    rc = pc_parse_result_add_error(out, number, kind, code, msg,
                                   kind == PC_TE_RATE_LIMITED ? c->retry_after : 0);
    if (rc < 0)
        rc = oom(c);
out:
    free(code);
    free(msg);
    return rc;
}

/*
 * One completeTrackResults[] entry. When FedEx returns several trackResults for one number
 * (the number was reused, or a redirect created a second record), the one whose newest scan is
 * latest describes the parcel in flight now: keep it and drop the others rather than merge two
 * parcels' histories into one timeline (karrio does the same). Ties keep the first. Results that
 * are only an error count when no result has data.
 */
static int pick_result(fx_ctx *c, const json_t *cr, size_t idx, pc_parse_result *out)
{
    char where[64];
    pc_shipment best;
    int64_t best_t = PC_TIME_NONE;
    int have_best = 0, rc = 0;
    const json_t *err_result = NULL;
    char *number = NULL;

    pc_shipment_init(&best);
    snprintf(where, sizeof(where), "completeTrackResults[%zu]", idx);
    if (!json_is_object(cr))
        return malformed(c, where, "not an object");
    const json_t *trs = json_object_get(cr, "trackResults");
    if (!json_is_array(trs))
        return malformed(c, where, "trackResults is not an array");
    if ((rc = get_text(c, cr, "trackingNumber", where, &number)) < 0)
        return rc;
    for (size_t i = 0; !number && i < json_array_size(trs); i++)
        if ((rc = get_text(c, path2(json_array_get(trs, i), "trackingNumberInfo", NULL),
                           "trackingNumber", where, &number)) < 0)
            return rc;
    c->number = number;

    for (size_t i = 0; i < json_array_size(trs); i++) {
        const json_t *tr = json_array_get(trs, i);
        if (!json_is_object(tr)) {
            rc = malformed(c, where, "trackResults[] entry is not an object");
            goto out;
        }
        if (json_is_object(json_object_get(tr, "error")) && !has_scans(tr)) {
            if (!err_result)
                err_result = tr;
            continue;
        }
        pc_shipment tmp;
        pc_shipment_init(&tmp);
        if ((rc = parse_track_result(c, tr, &tmp)) < 0) {
            pc_shipment_done(&tmp);
            goto out;
        }
        int64_t t = newest_scan(&tmp);
        if (!have_best || t > best_t) {
            pc_shipment_done(&best);
            best = tmp;
            best_t = t;
            have_best = 1;
        } else {
            pc_shipment_done(&tmp);
        }
    }

    if (have_best) {
        pc_shipment *dst;
        if (!number) {
            rc = malformed(c, where, "no tracking number");
            goto out;
        }
        if (pc_set_str(&best.tracking_number, number, (size_t)-1) < 0) {
            rc = oom(c);
            goto out;
        }
        rc = pc_parse_result_add_shipment(out, c->lim, "fedex", &dst);
        if (rc == PC_ELIMIT) {
            rc = pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, 0, 0, "more than %zu shipments",
                             c->lim->max_shipments);
            goto out;
        }
        if (rc < 0) {
            rc = oom(c);
            goto out;
        }
        char *carrier = dst->carrier;
        dst->carrier = NULL;
        pc_shipment_done(dst);
        *dst = best;
        dst->carrier = carrier;
        pc_shipment_init(&best);
    } else if (err_result) {
        rc = add_error(c, out, number, json_object_get(err_result, "error"), where);
    } else {
        /* No data and no error for a number we asked about: FedEx knows nothing of it. */
        rc = pc_parse_result_add_error(out, number, PC_TE_NOT_FOUND, NULL, NULL, 0);
        if (rc < 0)
            rc = oom(c);
    }
out:
    pc_shipment_done(&best);
    c->number = NULL;
    free(number);
    return rc;
}

static int parse_root(fx_ctx *c, const json_t *root, pc_parse_result *out)
{
    int rc;
    if (!json_is_object(root))
        return malformed(c, "body", "not a JSON object");
    const json_t *errors = json_object_get(root, "errors");
    const json_t *output = json_object_get(root, "output");
    if (json_is_object(errors)) {
        if ((rc = add_error(c, out, NULL, errors, "errors")) < 0)
            return rc;
    } else if (json_is_array(errors)) {
        for (size_t i = 0; i < json_array_size(errors); i++) {
            const json_t *e = json_array_get(errors, i);
            if (!json_is_object(e))
                return malformed(c, "errors", "entry is not an object");
            if ((rc = add_error(c, out, NULL, e, "errors[]")) < 0)
                return rc;
        }
    } else if (errors && !json_is_null(errors)) {
        return malformed(c, "errors", "not an array");
    }
    if (!output || json_is_null(output)) {
        if (!json_is_array(errors) && !json_is_object(errors))
            return malformed(c, "body", "neither output nor errors");
        return 0;
    }
    const json_t *ctrs = json_object_get(output, "completeTrackResults");
    if (!json_is_array(ctrs))
        return malformed(c, "output.completeTrackResults", "missing or not an array");
    for (size_t i = 0; i < json_array_size(ctrs); i++)
        if ((rc = pick_result(c, json_array_get(ctrs, i), i, out)) < 0)
            return rc;
    return 0;
}

static int fedex_parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    static const pc_parse_limits defaults = PC_PARSE_LIMITS_DEFAULT;
    fx_ctx c = {.lim = in->limits ? in->limits : &defaults,
                .diag = diag,
                .number = NULL,
                .http_status = in->http_status,
                .retry_after = in->retry_after};
    json_t *root;

    if (in->format == PC_FORMAT_XML)
        return pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "FedEx Track API bodies are JSON");
    int rc = pc_json_load_body(in, &root, diag);
    if (rc < 0)
        return rc;
    rc = parse_root(&c, root, out);
    json_decref(root);
    return rc;
}

static int fedex_build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                               pc_http_request *ret_req)
{
    int rc = PC_EINVAL;
    json_t *body = NULL, *info = NULL;
    const char *base = cfg && cfg->base_url && cfg->base_url[0] ? cfg->base_url : FEDEX_BASE_URL;
    const char *token = cfg ? cfg->access_token : NULL;
    size_t blen = strlen(base);

    memset(ret_req, 0, sizeof(*ret_req));
    if (!numbers || n == 0 || n > FEDEX_MAX_BATCH || !pc_header_value_ok(token))
        return PC_EINVAL;
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    body = json_object();
    info = json_array();
    if (!body || !info) {
        rc = PC_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (!numbers[i] || !numbers[i][0]) {
            rc = PC_EINVAL;
            goto out;
        }
        /* json_pack refuses invalid UTF-8. */
        json_t *item = json_pack("{s:{s:s}}", "trackingNumberInfo", "trackingNumber", numbers[i]);
        if (!item || json_array_append_new(info, item) < 0) {
            rc = PC_EINVAL;
            goto out;
        }
    }
    if (json_object_set_new(body, "trackingInfo", info) < 0) {
        info = NULL;
        rc = PC_ENOMEM;
        goto out;
    }
    info = NULL;
    if (json_object_set_new(body, "includeDetailedScans", json_true()) < 0) {
        rc = PC_ENOMEM;
        goto out;
    }
    size_t ulen = blen + sizeof("/track/v1/trackingnumbers");
    ret_req->method = strdup("POST");
    ret_req->url = malloc(ulen);
    ret_req->body = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!ret_req->method || !ret_req->url || !ret_req->body) {
        rc = PC_ENOMEM;
        goto out;
    }
    snprintf(ret_req->url, ulen, "%.*s/track/v1/trackingnumbers", (int)blen, base);
    ret_req->body_len = strlen(ret_req->body);
    if ((rc = pc_http_request_add_header(ret_req, "Content-Type: application/json")) < 0 ||
        (rc = pc_http_request_add_header(ret_req, "Accept: application/json")) < 0 ||
        (rc = pc_http_request_add_header(ret_req, "X-locale: en_US")) < 0)
        goto out;
    if (token && token[0] &&
        (rc = pc_http_request_add_header(ret_req, "Authorization: Bearer %s", token)) < 0)
        goto out;
    rc = 0;
out:
    json_decref(info);
    json_decref(body);
    if (rc < 0)
        pc_http_request_done(ret_req);
    return rc;
}

/* -------------------------------------------------------------------------------------------- */
/* Rendering (sandbox, simulator, round-trip tests) and the inverse of build_request.           */
/*
 * The body is what fedex_parse reads, in FedEx's shapes: completeTrackResults[] with one
 * trackResults[] each, scanEvents newest first with local ISO times and their offset, the
 * estimate as dateAndTimes ESTIMATED_DELIVERY, a number FedEx does not know (or rejects) as an
 * error object inside an HTTP 200 result, and whole-request failures as a top-level errors[]
 * with the HTTP status FedEx answers. The simulator's carrier-agnostic codes become FedEx
 * eventTypes; any other code is taken to be FedEx's own and written as it is, with the
 * derivedStatusCode (and exceptionCode / delayDetail) that classify_scan maps back to the
 * event's status, found by asking classify_scan itself.
 */

typedef struct fx_sim_code {
    const char *sim, *event_type, *derived, *exception, *delay;
} fx_sim_code;

static const fx_sim_code fx_sim_codes[] = {
    {"IR", "OC", "IN", NULL, NULL},               /* Shipment information sent to FedEx */
    {"PU", "PU", "PU", NULL, NULL},               /* Picked up */
    {"AR", "AR", "IT", NULL, NULL},               /* Arrived at FedEx location */
    {"DP", "DP", "IT", NULL, NULL},               /* Departed FedEx location */
    {"CC", "CP", "IT", NULL, NULL},               /* Clearance in progress */
    {"CR", "CC", "IT", NULL, NULL},               /* International shipment release */
    {"EX-WEATHER", "DY", "DY", NULL, "WEATHER"},  /* Delay, local weather */
    {"EX-SORT", "DY", "DY", NULL, "OPERATIONAL"}, /* Delay */
    {"EX-CUSTOMS", "CD", "DY", NULL, NULL},       /* Clearance delay */
    {"EX-ADDRESS", "SE", "SE", "03", NULL},       /* Shipment exception: incorrect address */
    {"OFD", "OD", "IT", NULL, NULL},              /* On FedEx vehicle for delivery */
    {"FA", "DE", "DE", "08", NULL},               /* Delivery exception: customer not available */
    {"AP", "HP", "HP", NULL, NULL},               /* Ready for recipient pickup */
    {"DL", "DL", "DL", NULL, NULL},               /* Delivered */
    {"RT", "RS", "RS", NULL, NULL},               /* Return to shipper */
};

static const fx_sim_code *fx_find_sim_code(const char *code)
{
    for (size_t i = 0; code && i < sizeof(fx_sim_codes) / sizeof(fx_sim_codes[0]); i++)
        if (strcmp(fx_sim_codes[i].sim, code) == 0)
            return &fx_sim_codes[i];
    return NULL;
}

static int fx_same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* obj[key] = text (absent when NULL). @return 0, PC_ENOMEM (also for invalid UTF-8). */
static int fx_put(json_t *obj, const char *key, const char *text)
{
    if (!text)
        return 0;
    return json_object_set_new(obj, key, json_string(text)) == 0 ? 0 : PC_ENOMEM;
}

/* "2024-10-09T14:05:12-06:00": the local time at offset (minutes). */
static void fx_format_local(int64_t t, int offset, char out[40])
{
    pc_civil c;
    char off[16];
    pc_unix_to_civil(t + (int64_t)offset * 60, &c);
    pc_offset_format(offset, off, sizeof(off));
    snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d%s", c.year, c.month, c.day, c.hour, c.minute,
             c.second, off);
}

static json_t *fx_address(const pc_location *loc)
{
    json_t *a = json_object();
    if (!a)
        return NULL;
    if (fx_put(a, "city", loc->city) < 0 || fx_put(a, "stateOrProvinceCode", loc->region) < 0 ||
        fx_put(a, "postalCode", loc->postal_code) < 0 ||
        fx_put(a, "countryCode", loc->country) < 0 ||
        json_object_set_new(a, "residential", json_false()) < 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* Status classify_scan gives a rendered scan. */
static int fx_classify(const json_t *scan, const char *type, const char *exc, pc_status *ret,
                       char **ret_sub)
{
    static const pc_parse_limits lim = PC_PARSE_LIMITS_DEFAULT;
    pc_diag d;
    fx_ctx c = {.lim = &lim, .diag = &d};
    pc_event ev = {0};
    int rc = classify_scan(&c, scan, "scan", &ev, type, exc);
    *ret = ev.status;
    *ret_sub = ev.substatus;
    return rc;
}

/* derivedStatusCode, exceptionCode and delayDetail for a FedEx eventType (or none) so that the
 * scan classifies as the event did: the first candidate that gives status and substatus,
 * else the first that gives the status. */
static int fx_fill_own_code(json_t *scan, const pc_event *ev)
{
    const char *derived[3] = {NULL, NULL, NULL};
    const char *exc[2] = {NULL, NULL};
    size_t nd = 1, ne = 1;
    int have = 0, rc;

    for (size_t i = 0; i < pc__fedex_derived_codes_len; i++) {
        const pc_code_map *m = &pc__fedex_derived_codes[i];
        if (m->status == ev->status && fx_same(m->substatus, ev->substatus)) {
            derived[nd++] = m->code;
            break;
        }
    }
    for (size_t i = 0; i < pc__fedex_derived_codes_len; i++) {
        const pc_code_map *m = &pc__fedex_derived_codes[i];
        if (m->status == ev->status && !m->substatus) {
            derived[nd++] = m->code;
            break;
        }
    }
    for (size_t i = 0; ev->substatus && i < pc__fedex_exception_codes_len; i++)
        if (fx_same(pc__fedex_exception_codes[i].substatus, ev->substatus)) {
            exc[ne++] = pc__fedex_exception_codes[i].code;
            break;
        }
    const char *weather = fx_same(ev->substatus, "exception.weather") ? "WEATHER" : NULL;
    size_t best_d = 0, best_e = 0;
    for (size_t e = 0; e < ne; e++)
        for (size_t i = 0; i < nd; i++) {
            json_t *t = json_deep_copy(scan);
            pc_status st;
            char *sub = NULL;
            if (!t || fx_put(t, "derivedStatusCode", derived[i]) < 0 ||
                (weather &&
                 json_object_set_new(t, "delayDetail", json_pack("{s:s}", "type", weather)) < 0)) {
                json_decref(t);
                return PC_ENOMEM;
            }
            rc = fx_classify(t, ev->code, exc[e], &st, &sub);
            json_decref(t);
            int match = rc == 0 && st == ev->status, exact = match && fx_same(sub, ev->substatus);
            free(sub);
            if (rc < 0)
                return rc;
            if (match && (exact || !have)) {
                best_d = i;
                best_e = e;
                have = 1;
                if (exact)
                    goto done;
            }
        }
done:
    if (fx_put(scan, "derivedStatusCode", derived[best_d] ? derived[best_d] : "") < 0 ||
        fx_put(scan, "exceptionCode", exc[best_e] ? exc[best_e] : "") < 0)
        return PC_ENOMEM;
    if (weather &&
        json_object_set_new(scan, "delayDetail", json_pack("{s:s}", "type", weather)) < 0)
        return PC_ENOMEM;
    return 0;
}

/* True when code, read as FedEx's own eventType, classifies as the event: the simulator's codes
 * and FedEx's overlap (AR, DP, PU, DL mean the same; CC and AP do not). */
static int fx_own_code_fits(const pc_event *ev)
{
    json_t *scan = json_object();
    pc_status st;
    char *sub = NULL;
    int fits = scan && fx_classify(scan, ev->code, NULL, &st, &sub) == 0 && st == ev->status &&
               fx_same(sub, ev->substatus);
    free(sub);
    json_decref(scan);
    return fits;
}

static json_t *fx_scan(const pc_event *ev)
{
    const fx_sim_code *sc = fx_own_code_fits(ev) ? NULL : fx_find_sim_code(ev->code);
    int offset = ev->utc_offset == PC_OFFSET_NONE ? 0 : ev->utc_offset;
    char date[40];
    json_t *scan = json_object(), *loc = fx_address(&ev->location);
    int rc = PC_ENOMEM;

    fx_format_local(ev->time, offset, date);
    if (!scan || !loc)
        goto out;
    if (fx_put(scan, "date", date) < 0 ||
        fx_put(scan, "eventType", sc ? sc->event_type : ev->code) < 0 ||
        fx_put(scan, "eventDescription", ev->description) < 0 ||
        fx_put(scan, "exceptionDescription", "") < 0)
        goto out;
    rc = json_object_set_new(scan, "scanLocation", loc) == 0 ? 0 : PC_ENOMEM;
    loc = NULL;
    if (rc < 0)
        goto out;
    if (sc) {
        if (fx_put(scan, "exceptionCode", sc->exception ? sc->exception : "") < 0 ||
            fx_put(scan, "derivedStatusCode", sc->derived) < 0 ||
            (sc->delay &&
             json_object_set_new(scan, "delayDetail", json_pack("{s:s}", "type", sc->delay)) < 0))
            rc = PC_ENOMEM;
    } else {
        rc = fx_fill_own_code(scan, ev);
    }
out:
    json_decref(loc);
    if (rc < 0) {
        json_decref(scan);
        return NULL;
    }
    return scan;
}

static int fx_put_address(json_t *tr, const char *key, const pc_location *loc)
{
    json_t *a;
    if (pc_location_empty(loc))
        return 0;
    a = fx_address(loc);
    if (!a)
        return PC_ENOMEM;
    return json_object_set_new(tr, key, json_pack("{s:{}, s:o}", "contact", "address", a)) == 0
               ? 0
               : PC_ENOMEM;
}

/* The estimate as FedEx's ESTIMATED_DELIVERY, local to the destination. A local midnight would
 * read as "by the end of that day" (FedEx's date-only spelling), so such an instant is written
 * in UTC instead. */
static int fx_put_eta(json_t *tr, const pc_shipment *s)
{
    const char *zone = pc_tz_for_location(s->destination.country, s->destination.region,
                                          s->destination.postal_code);
    char text[40];
    int off = 0;
    if (s->carrier_eta == PC_TIME_NONE)
        return 0;
    if (!zone || pc_tz_offset_at(zone, s->carrier_eta, &off) < 0)
        off = 0;
    fx_format_local(s->carrier_eta, off, text);
    if (strstr(text, "T00:00:00"))
        fx_format_local(s->carrier_eta, 0, text);
    json_t *d = json_pack("[{s:s, s:s}]", "type", "ESTIMATED_DELIVERY", "dateTime", text);
    return d && json_object_set_new(tr, "dateAndTimes", d) == 0 ? 0 : PC_ENOMEM;
}

static json_t *fx_track_result(const pc_shipment *s)
{
    json_t *tr = json_pack("{s:{s:s, s:s, s:s}}", "trackingNumberInfo", "trackingNumber",
                           s->tracking_number, "trackingNumberUniqueId", "", "carrierCode", "");
    json_t *scans = json_array();
    const pc_event *last_dl = NULL;
    int rc = PC_ENOMEM;

    if (!tr || !scans)
        goto out;
    if (s->service &&
        json_object_set_new(tr, "serviceDetail", json_pack("{s:s}", "description", s->service)) < 0)
        goto out;
    if (fx_put_address(tr, "shipperInformation", &s->origin) < 0 ||
        fx_put_address(tr, "recipientInformation", &s->destination) < 0 || fx_put_eta(tr, s) < 0)
        goto out;
    for (size_t i = s->n_events; i-- > 0;) { /* newest first, as FedEx sends them */
        json_t *scan = fx_scan(&s->events[i]);
        if (!scan || json_array_append_new(scans, scan) < 0)
            goto out;
        if (s->events[i].status == PC_STATUS_DELIVERED && !last_dl)
            last_dl = &s->events[i];
    }
    rc = json_object_set_new(tr, "scanEvents", scans) == 0 ? 0 : PC_ENOMEM;
    scans = NULL;
    if (rc < 0 || !last_dl)
        goto out;
    /* proof of delivery: the name, or a locker, is what gives the delivered substatus */
    json_t *dd = json_object();
    rc = PC_ENOMEM;
    if (!dd || json_object_set_new(tr, "deliveryDetails", dd) < 0)
        goto out;
    if (fx_put(dd, "locationType",
               fx_same(last_dl->substatus, "delivered.parcel_locker") ? "PARCEL_LOCKER"
                                                                      : "RESIDENCE") < 0 ||
        fx_put(dd, "signedByName", s->signed_by) < 0)
        goto out;
    rc = 0;
out:
    json_decref(scans);
    if (rc < 0) {
        json_decref(tr);
        return NULL;
    }
    return tr;
}

typedef struct fx_error_style {
    const char *code, *message;
    int http_status; /* when it is the whole request's answer */
} fx_error_style;

static fx_error_style fx_style(const pc_track_error *e)
{
    static const fx_error_style styles[PC_TE__COUNT] = {
        [PC_TE_NOT_FOUND] = {"TRACKING.TRACKINGNUMBER.NOTFOUND",
                             "Tracking number cannot be found. Please correct the tracking number "
                             "and try again.",
                             404},
        [PC_TE_INVALID_NUMBER] = {"TRACKING.TRACKINGNUMBER.INVALID", "Invalid tracking number.",
                                  400},
        [PC_TE_AUTH] = {"NOT.AUTHORIZED.ERROR",
                        "Access token expired. Please modify your request and try again.", 401},
        /* no FedEx 429 body is published; the parser also reads the HTTP status */
        [PC_TE_RATE_LIMITED] = {"TOO.MANY.REQUESTS.ERROR",
                                "We have received too many requests in a short duration. Please "
                                "wait a while to try again.",
                                429},
        [PC_TE_CARRIER_ERROR] = {"SYSTEM.UNEXPECTED.ERROR",
                                 "The system has experienced an unexpected problem and is unable "
                                 "to complete your request. Please try again later.",
                                 500},
    };
    fx_error_style st = styles[(unsigned)e->kind < PC_TE__COUNT ? e->kind : PC_TE_CARRIER_ERROR];
    if (e->carrier_code && error_kind(e->carrier_code) == e->kind)
        st.code = e->carrier_code;
    if (e->message)
        st.message = e->message;
    return st;
}

/* A stable transactionId: FedEx echoes one per request; rendering stays pure. */
static void fx_transaction_id(const pc_shipment *s, size_t n, const pc_track_error *e, size_t ne,
                              char out[40])
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n + ne; i++) {
        const char *num = i < n ? s[i].tracking_number : e[i - n].tracking_number;
        for (const unsigned char *p = (const unsigned char *)(num ? num : ""); *p; p++) {
            h ^= *p;
            h *= 1099511628211u;
        }
    }
    snprintf(out, 40, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)(h >> 32),
             (unsigned)(h >> 16) & 0xffffu, (unsigned)h & 0xfffu, (unsigned)(h >> 20) & 0xfffu,
             (unsigned long long)(h & 0xffffffffffffull));
}

static int fedex_render(const pc_shipment *shipments, size_t n_shipments,
                        const pc_track_error *errors, size_t n_errors, pc_format format,
                        char **ret_body, size_t *ret_len, int *ret_http_status)
{
    json_t *root = NULL, *ctrs = NULL;
    char tid[40];
    int rc = PC_ENOMEM, http = 200;

    if (!ret_body || !ret_len || !ret_http_status || (n_shipments && !shipments) ||
        (n_errors && !errors))
        return PC_EINVAL;
    *ret_body = NULL;
    *ret_len = 0;
    if (format == PC_FORMAT_XML)
        return PC_EUNSUPPORTED;
    fx_transaction_id(shipments, n_shipments, errors, n_errors, tid);

    for (size_t i = 0; i < n_errors; i++) {
        const pc_track_error *e = &errors[i];
        if (e->tracking_number && e->kind != PC_TE_AUTH && e->kind != PC_TE_RATE_LIMITED)
            continue;
        fx_error_style st = fx_style(e);
        http = st.http_status;
        root = json_pack("{s:s, s:[{s:s, s:s}]}", "transactionId", tid, "errors", "code", st.code,
                         "message", st.message);
        if (!root)
            goto out;
        goto dump;
    }
    ctrs = json_array();
    if (!ctrs)
        goto out;
    for (size_t i = 0; i < n_shipments + n_errors; i++) {
        const char *num;
        json_t *tr;
        if (i < n_shipments) {
            num = shipments[i].tracking_number;
            tr = fx_track_result(&shipments[i]);
        } else {
            fx_error_style st = fx_style(&errors[i - n_shipments]);
            num = errors[i - n_shipments].tracking_number;
            tr = json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s}}", "trackingNumberInfo",
                           "trackingNumber", num, "trackingNumberUniqueId", "", "carrierCode", "",
                           "error", "code", st.code, "message", st.message);
        }
        json_t *cr =
            tr ? json_pack("{s:s, s:[o]}", "trackingNumber", num ? num : "", "trackResults", tr)
               : NULL;
        if (!cr || json_array_append_new(ctrs, cr) < 0)
            goto out;
    }
    root =
        json_pack("{s:s, s:{s:o}}", "transactionId", tid, "output", "completeTrackResults", ctrs);
    ctrs = NULL;
    if (!root)
        goto out;
dump:
    *ret_body = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!*ret_body)
        goto out;
    *ret_len = strlen(*ret_body);
    *ret_http_status = http;
    rc = 0;
out:
    json_decref(ctrs);
    json_decref(root);
    return rc;
}

static int fedex_parse_request(const char *method, const char *path_and_query, const char *body,
                               size_t body_len, char ***ret_numbers, size_t *ret_n)
{
    static const char path[] = "/track/v1/trackingnumbers";
    size_t plen, n;
    json_t *root = NULL;
    char **list = NULL;
    int rc = PC_EMALFORMED;

    if (!ret_numbers || !ret_n)
        return PC_EINVAL;
    *ret_numbers = NULL;
    *ret_n = 0;
    if (!method || !path_and_query || strcmp(method, "POST") != 0)
        return PC_ENOTFOUND;
    plen = strcspn(path_and_query, "?#");
    if (plen < sizeof(path) - 1 ||
        memcmp(path_and_query + plen - (sizeof(path) - 1), path, sizeof(path) - 1) != 0)
        return PC_ENOTFOUND;
    if (!body || body_len == 0 || body_len > (1u << 20))
        return PC_EMALFORMED;
    root = json_loadb(body, body_len, 0, NULL);
    const json_t *info = json_object_get(root, "trackingInfo");
    n = json_array_size(info);
    if (n == 0 || n > FEDEX_MAX_BATCH)
        goto out;
    list = calloc(n, sizeof(*list));
    if (!list) {
        rc = PC_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *num = path2(json_array_get(info, i), "trackingNumberInfo", "trackingNumber");
        if (!json_is_string(num) || json_string_length(num) == 0 ||
            strlen(json_string_value(num)) != json_string_length(num))
            goto out;
        list[i] = strdup(json_string_value(num));
        if (!list[i]) {
            rc = PC_ENOMEM;
            goto out;
        }
    }
    *ret_numbers = list;
    *ret_n = n;
    list = NULL;
    rc = 0;
out:
    pc_strv_free(list, n);
    json_decref(root);
    return rc;
}

const pc_adapter pc_adapter_fedex = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = "fedex",
    .display_name = "FedEx",
    .caps = PC_CAP_JSON | PC_CAP_PULL | PC_CAP_BATCH | PC_CAP_OAUTH | PC_CAP_RENDER,
    .max_batch = FEDEX_MAX_BATCH,
    .default_zone = FEDEX_HOME_ZONE,
    .build_request = fedex_build_request,
    .parse = fedex_parse,
    .render = fedex_render,
    .parse_request = fedex_parse_request,
    .base_url = FEDEX_BASE_URL,
    .oauth_token_path = "/oauth/token",
    .oauth_flags = PC_OAUTH_SECRET_IN_BODY,
};

PC_ADAPTER_EXPORT(pc_adapter_fedex);
