/*
 * USPS Tracking API v3 JSON (GET /tracking/v3/tracking/{tn}?expand=DETAIL): one object per
 * number, trackingEvents[] newest first. Each event has eventTimestamp (local, no offset),
 * GMTTimestamp (UTC, with real seconds) and GMTOffset ("-05:00", or "-7:00" without the leading
 * zero). Error bodies: {"apiVersion", "error": {"code", "message", "errors": [{"status", "code",
 * "title", "detail", "source"}]}}, and the OAuth endpoint's RFC 6749 {"error": "invalid_client"}.
 */
#include "usps_codes.h"
#include "usps_internal.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A text member as the parser sees it. */
typedef struct v3_text {
    const char *s; /* NULL when absent or null */
    size_t len;
    char num[32]; /* backing store when the carrier sent a number */
} v3_text;

/*
 * Read obj[key] as text: a string, or an integer (ZIP codes sometimes come as numbers); absent
 * and null are "no value". Any other type is PC_EMALFORMED naming prefix+key.
 */
static int get_text(pc__usps_ctx *cx, const json_t *obj, const char *prefix, const char *key,
                    v3_text *ret)
{
    char field[PC__USPS_PATH_MAX + 48];
    const json_t *v = json_object_get(obj, key);
    ret->s = NULL;
    ret->len = 0;
    snprintf(field, sizeof(field), "%.100s%.60s", prefix, key);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        ret->s = json_string_value(v);
        ret->len = json_string_length(v);
        return pc__usps_check_len(cx, ret->len, field, 0);
    }
    if (json_is_integer(v)) {
        int n =
            snprintf(ret->num, sizeof(ret->num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        ret->s = ret->num;
        ret->len = n > 0 ? (size_t)n : 0;
        return 0;
    }
    return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                       "%s: expected a string, got a JSON %s", field,
                       json_is_object(v)    ? "object"
                       : json_is_array(v)   ? "array"
                       : json_is_real(v)    ? "number"
                       : json_is_boolean(v) ? "boolean"
                                            : "value");
}

/* NUL-terminated copy of a text for the time parsers (which take C strings). */
static bool text_cstr(const v3_text *t, char *buf, size_t size)
{
    if (!t->s || t->len >= size || memchr(t->s, '\0', t->len))
        return false;
    memcpy(buf, t->s, t->len);
    buf[t->len] = '\0';
    return true;
}

/* An ISO timestamp that is a date only, or exactly midnight without an offset, says a day. */
static bool iso_is_date_only(const char *s, const pc_civil *c, int off)
{
    return strlen(s) <= 10 ||
           (off == PC_OFFSET_NONE && c->hour == 0 && c->minute == 0 && c->second == 0);
}

/* ETA: predictedDeliveryDate (+ window end), else the predicted, expected or guaranteed
 * timestamps, else the summary form's expectedDeliveryDate. */
static int set_eta(pc__usps_ctx *cx, pc_shipment *s, const json_t *root)
{
    static const char *const stamps[] = {"predictedDeliveryTimeStamp", "expectedDeliveryTimeStamp",
                                         "guaranteedDeliveryTimeStamp", "expectedDeliveryDate"};
    v3_text d, t;
    char buf[64];
    pc_civil c = {0, 0, 0, 0, 0, 0};
    int rc, off;

    if ((rc = get_text(cx, root, "", "predictedDeliveryDate", &d)) < 0 ||
        (rc = get_text(cx, root, "", "predictedDeliveryWindowEndTime", &t)) < 0)
        return rc;
    if (d.s && pc__usps_parse_date(d.s, d.len, &c) == 0) {
        bool has_time = t.s && pc__usps_parse_clock(t.s, t.len, &c) == 0;
        pc__usps_set_eta(s, &c, has_time, PC_OFFSET_NONE);
        if (s->carrier_eta != PC_TIME_NONE)
            return 0;
    }
    for (size_t i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
        if ((rc = get_text(cx, root, "", stamps[i], &d)) < 0)
            return rc;
        if (!text_cstr(&d, buf, sizeof(buf)))
            continue;
        if (pc_time_parse_iso(buf, &c, &off) == 0) {
            pc__usps_set_eta(s, &c, !iso_is_date_only(buf, &c, off), off);
        } else if (pc__usps_parse_date(d.s, d.len, &c) == 0) {
            pc__usps_set_eta(s, &c, false, PC_OFFSET_NONE);
        }
        if (s->carrier_eta != PC_TIME_NONE)
            return 0;
    }
    return 0;
}

/* Per-event times as read, before resolution. */
typedef struct v3_time {
    bool resolved; /* from GMTTimestamp */
    int offset;    /* given offset or PC_OFFSET_NONE, for local resolution */
} v3_time;

static int parse_event(pc__usps_ctx *cx, pc_shipment *s, const json_t *jev, size_t i,
                       const char *category, pc__usps_when *when, v3_time *vt)
{
    char prefix[48], buf[64];
    v3_text type, city, state, zip, country, name, code, local, gmt, goff;
    char *signer = NULL;
    pc_event *ev;
    int rc, off_given = PC_OFFSET_NONE, off_local = PC_OFFSET_NONE;
    int64_t utc = 0;
    bool gmt_ok = false, local_ok = false;

    snprintf(prefix, sizeof(prefix), "trackingEvents[%zu].", i);
    if (!json_is_object(jev))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "trackingEvents[%zu]: expected an object", i);
    if ((rc = get_text(cx, jev, prefix, "eventType", &type)) < 0 ||
        (rc = get_text(cx, jev, prefix, "eventCity", &city)) < 0 ||
        (rc = get_text(cx, jev, prefix, "eventState", &state)) < 0 ||
        (rc = get_text(cx, jev, prefix, "eventZIP", &zip)) < 0 ||
        (rc = get_text(cx, jev, prefix, "eventCountry", &country)) < 0 ||
        (rc = get_text(cx, jev, prefix, "name", &name)) < 0 ||
        (rc = get_text(cx, jev, prefix, "eventCode", &code)) < 0 ||
        (rc = get_text(cx, jev, prefix, "eventTimestamp", &local)) < 0 ||
        (rc = get_text(cx, jev, prefix, "GMTTimestamp", &gmt)) < 0 ||
        (rc = get_text(cx, jev, prefix, "GMTOffset", &goff)) < 0)
        return rc;
    if ((rc = pc_shipment_add_event(s, cx->lim->max_events, &ev)) < 0) {
        if (rc == PC_ELIMIT)
            rc = pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0, "%s: more than %zu events",
                             s->tracking_number, cx->lim->max_events);
        return rc;
    }
    if ((rc = pc_set_clean(&ev->description, type.s, type.len)) < 0 ||
        (rc = pc_set_clean(&signer, name.s, name.len)) < 0)
        goto out;
    prefix[strlen(prefix) - 1] = '\0'; /* "trackingEvents[3]" for location field names */
    if ((rc = pc__usps_set_location(cx, &ev->location, prefix, 0, city.s, city.len, state.s,
                                    state.len, zip.s, zip.len, country.s, country.len)) < 0)
        goto out;
    if ((rc = pc__usps_set_event_status(ev, code.s, code.len, category, signer)) < 0)
        goto out;
    if (signer && !s->signed_by) {
        s->signed_by = signer;
        signer = NULL;
    }

    if (goff.s && pc_offset_parse(goff.s, goff.len, &off_given) < 0)
        off_given = PC_OFFSET_NONE; /* unreadable offset: resolve from the place instead */
    memset(when, 0, sizeof(*when));
    if (text_cstr(&local, buf, sizeof(buf)) &&
        pc_time_parse_iso(buf, &when->local, &off_local) == 0) {
        local_ok = true;
        when->has_time = strlen(buf) > 10;
    }
    if (text_cstr(&gmt, buf, sizeof(buf)) && pc_time_parse_utc(buf, &utc) == 0)
        gmt_ok = true;
    if (off_given == PC_OFFSET_NONE)
        off_given = off_local;

    vt->offset = off_given;
    vt->resolved = gmt_ok;
    if (gmt_ok) {
        /* GMTTimestamp is the exact instant (it carries the real seconds). */
        ev->time = utc;
        if (off_given == PC_OFFSET_NONE && local_ok && when->has_time) {
            /* The offset the carrier implies: local minus UTC, to the quarter hour. */
            int64_t diff = pc_civil_to_unix(&when->local) - utc;
            int64_t q = diff >= 0 ? (diff + 450) / 900 : -((-diff + 450) / 900);
            if (q >= -14 * 4 && q <= 14 * 4)
                off_given = (int)q * 15;
        }
        ev->utc_offset = off_given == PC_OFFSET_NONE ? PC_OFFSET_NONE : (int16_t)off_given;
        if (!local_ok) {
            /* a neighbour for date-only ordering: the local time as far as we know it */
            pc_unix_to_civil(utc + (off_given == PC_OFFSET_NONE ? 0 : off_given * 60),
                             &when->local);
            when->has_time = true;
        }
    } else if (!local_ok) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "%seventTimestamp: %s and no usable GMTTimestamp", prefix,
                         local.s ? "not an ISO 8601 time" : "missing");
        goto out;
    }
    rc = 0;
out:
    free(signer);
    return rc;
}

static int parse_tracking(pc__usps_ctx *cx, const json_t *root)
{
    v3_text tn, mail, ocity, ostate, ozip, ocountry, dcity, dstate, dzip, dcountry, cat;
    pc__usps_when *when = NULL;
    v3_time *vt = NULL;
    pc_shipment *s;
    int rc;

    if ((rc = get_text(cx, root, "", "trackingNumber", &tn)) < 0)
        return rc;
    if (!tn.s || !tn.len)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "trackingNumber: missing (and no error object)");
    if ((rc = get_text(cx, root, "", "mailClass", &mail)) < 0 ||
        (rc = get_text(cx, root, "", "originCity", &ocity)) < 0 ||
        (rc = get_text(cx, root, "", "originState", &ostate)) < 0 ||
        (rc = get_text(cx, root, "", "originZIP", &ozip)) < 0 ||
        (rc = get_text(cx, root, "", "originCountry", &ocountry)) < 0 ||
        (rc = get_text(cx, root, "", "destinationCity", &dcity)) < 0 ||
        (rc = get_text(cx, root, "", "destinationState", &dstate)) < 0 ||
        (rc = get_text(cx, root, "", "destinationZIP", &dzip)) < 0 ||
        (rc = get_text(cx, root, "", "destinationCountryCode", &dcountry)) < 0 ||
        (rc = get_text(cx, root, "", "statusCategory", &cat)) < 0)
        return rc;
    const json_t *events = json_object_get(root, "trackingEvents");
    if (events && !json_is_null(events) && !json_is_array(events))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "trackingEvents: expected an array");
    if ((rc = pc_parse_result_add_shipment(cx->out, cx->lim, PC__USPS_NAME, &s)) < 0)
        return rc == PC_ELIMIT ? pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0,
                                             "more than %zu shipments", cx->lim->max_shipments)
                               : rc;
    if ((rc = pc_set_str(&s->tracking_number, tn.s, tn.len)) < 0 ||
        (rc = pc_set_clean(&s->service, mail.s, mail.len)) < 0 ||
        (rc = pc__usps_set_location(cx, &s->origin, "origin", 0, ocity.s, ocity.len, ostate.s,
                                    ostate.len, ozip.s, ozip.len, ocountry.s, ocountry.len)) < 0 ||
        (rc = pc__usps_set_location(cx, &s->destination, "destination", 0, dcity.s, dcity.len,
                                    dstate.s, dstate.len, dzip.s, dzip.len, dcountry.s,
                                    dcountry.len)) < 0 ||
        (rc = set_eta(cx, s, root)) < 0)
        return rc;
    size_t n = json_is_array(events) ? json_array_size(events) : 0;
    if (!n)
        return 0; /* no scans yet (or a summary-only response): pending */

    /* The category is a v3 copy of the newest event's and NUL-terminated by jansson, unless it
     * came as a number, which is no category at all. */
    const char *category = cat.s == cat.num ? NULL : cat.s;
    rc = PC_ENOMEM;
    when = calloc(n, sizeof(*when));
    vt = calloc(n, sizeof(*vt));
    if (!when || !vt)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if ((rc = parse_event(cx, s, json_array_get(events, i), i, i == 0 ? category : NULL,
                              &when[i], &vt[i])) < 0)
            goto out;
    }
    pc__usps_order_date_only(when, n);
    for (size_t i = 0; i < n; i++) {
        char field[64];
        if (vt[i].resolved)
            continue;
        snprintf(field, sizeof(field), "trackingEvents[%zu].eventTimestamp", i);
        if ((rc = pc__usps_set_local_time(cx, s, &s->events[i], &when[i], vt[i].offset, field, 0)) <
            0)
            goto out;
    }
    rc = 0;
out:
    free(when);
    free(vt);
    return rc;
}

/* "7: The tracking number may be incorrect ... - " -> the sentence itself. */
static void strip_inventory_decoration(const char **s, size_t *len)
{
    size_t i = 0;
    while (i < *len && isdigit((unsigned char)(*s)[i]))
        i++;
    if (i > 0 && i + 1 < *len && (*s)[i] == ':' && (*s)[i + 1] == ' ') {
        *s += i + 2;
        *len -= i + 2;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '-'))
        (*len)--;
}

static int add_error(pc__usps_ctx *cx, pc_track_error_kind kind, const v3_text *code,
                     const v3_text *msg)
{
    char *c = NULL, *m = NULL;
    int rc;
    const char *ms = msg ? msg->s : NULL;
    size_t ml = msg ? msg->len : 0;
    if (ms)
        strip_inventory_decoration(&ms, &ml);
    if ((rc = pc_set_str(&c, code ? code->s : NULL, code ? code->len : 0)) < 0 ||
        (rc = pc_set_str(&m, ms, ml)) < 0)
        goto out;
    /* v3 error bodies never name the number; with one number per request the caller knows it. */
    rc = pc_parse_result_add_error(cx->out, NULL, kind, c, m, 0);
out:
    free(c);
    free(m);
    return rc;
}

static pc_track_error_kind http_kind(const v3_text *status)
{
    if (!status || !status->s)
        return PC_TE_CARRIER_ERROR;
    if (status->len == 3 && (memcmp(status->s, "401", 3) == 0 || memcmp(status->s, "403", 3) == 0))
        return PC_TE_AUTH;
    if (status->len == 3 && memcmp(status->s, "429", 3) == 0)
        return PC_TE_RATE_LIMITED;
    if (status->len == 3 && memcmp(status->s, "404", 3) == 0)
        return PC_TE_NOT_FOUND;
    return PC_TE_CARRIER_ERROR;
}

/* {"error": {...}} from the tracking API. */
static int parse_error_object(pc__usps_ctx *cx, const json_t *err)
{
    v3_text code, message;
    int rc;
    if ((rc = get_text(cx, err, "error.", "code", &code)) < 0 ||
        (rc = get_text(cx, err, "error.", "message", &message)) < 0)
        return rc;
    const json_t *items = json_object_get(err, "errors");
    if (items && !json_is_null(items) && !json_is_array(items))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "error.errors: expected an array");
    size_t n = json_is_array(items) ? json_array_size(items) : 0;
    if (!n)
        return add_error(cx, http_kind(&code), &code, &message);
    for (size_t i = 0; i < n; i++) {
        const json_t *it = json_array_get(items, i);
        char prefix[48];
        v3_text icode, status, title, detail;
        snprintf(prefix, sizeof(prefix), "error.errors[%zu].", i);
        if (!json_is_object(it))
            return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                               "error.errors[%zu]: expected an object", i);
        if ((rc = get_text(cx, it, prefix, "code", &icode)) < 0 ||
            (rc = get_text(cx, it, prefix, "status", &status)) < 0 ||
            (rc = get_text(cx, it, prefix, "title", &title)) < 0 ||
            (rc = get_text(cx, it, prefix, "detail", &detail)) < 0)
            return rc;
        char buf[32];
        const pc__usps_error_map *m =
            text_cstr(&icode, buf, sizeof(buf))
                ? pc__usps_error_find(pc__usps_v3_error_codes, pc__usps_v3_error_codes_len, buf)
                : NULL;
        pc_track_error_kind kind = m ? m->kind : http_kind(status.s ? &status : &code);
        const v3_text *msg = detail.s ? &detail : title.s ? &title : &message;
        if ((rc = add_error(cx, kind, icode.s ? &icode : &code, msg)) < 0)
            return rc;
    }
    return 0;
}

/* {"error": "invalid_client", "error_description": ...} from the OAuth token endpoint. */
static int parse_oauth_error(pc__usps_ctx *cx, const json_t *root)
{
    static const char *const auth_codes[] = {"invalid_client",      "invalid_grant",
                                             "unauthorized_client", "invalid_token",
                                             "access_denied",       "invalid_scope"};
    v3_text code, desc;
    int rc;
    if ((rc = get_text(cx, root, "", "error", &code)) < 0 ||
        (rc = get_text(cx, root, "", "error_description", &desc)) < 0)
        return rc;
    pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
    for (size_t i = 0; i < sizeof(auth_codes) / sizeof(auth_codes[0]); i++) {
        if (code.len == strlen(auth_codes[i]) && memcmp(code.s, auth_codes[i], code.len) == 0)
            kind = PC_TE_AUTH;
    }
    return add_error(cx, kind, &code, &desc);
}

/* Apigee gateway faults in front of apis.usps.com: {"fault": {"faultstring", "detail":
 * {"errorcode": "policies.ratelimit.QuotaViolation"}}}. */
static int parse_fault(pc__usps_ctx *cx, const json_t *fault)
{
    v3_text msg, code = {NULL, 0, {0}};
    int rc;
    if ((rc = get_text(cx, fault, "fault.", "faultstring", &msg)) < 0)
        return rc;
    const json_t *detail = json_object_get(fault, "detail");
    if (json_is_object(detail) &&
        (rc = get_text(cx, detail, "fault.detail.", "errorcode", &code)) < 0)
        return rc;
    char buf[128] = "";
    pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
    if (text_cstr(&code, buf, sizeof(buf))) {
        if (pc__usps_contains(buf, "ratelimit") || pc__usps_contains(buf, "spikearrest") ||
            pc__usps_contains(buf, "quota"))
            kind = PC_TE_RATE_LIMITED;
        else if (pc__usps_contains(buf, "oauth") || pc__usps_contains(buf, "accesstoken") ||
                 pc__usps_contains(buf, "apikey"))
            kind = PC_TE_AUTH;
    }
    return add_error(cx, kind, &code, &msg);
}

int pc__usps_parse_v3(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    static const pc_parse_limits defaults = PC_PARSE_LIMITS_DEFAULT;
    pc__usps_ctx cx = {.lim = in->limits ? in->limits : &defaults, .out = out, .diag = diag};
    json_error_t jerr;
    int rc;

    json_t *root = json_loadb(in->data, in->len, 0, &jerr);
    if (!root)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)jerr.position, jerr.line, jerr.column,
                           "malformed JSON: %s", jerr.text);
    if (!json_is_object(root)) {
        rc = pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "expected a USPS tracking JSON object");
        goto out;
    }
    const json_t *err = json_object_get(root, "error");
    const json_t *fault = json_object_get(root, "fault");
    if (err && !json_is_null(err)) {
        if (json_is_object(err))
            rc = parse_error_object(&cx, err);
        else if (json_is_string(err))
            rc = parse_oauth_error(&cx, root);
        else
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                             "error: expected an object or a string");
    } else if (json_is_object(fault)) {
        rc = parse_fault(&cx, fault);
    } else {
        rc = parse_tracking(&cx, root);
    }
out:
    json_decref(root);
    return rc;
}
