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

/* The root object's place in diagnostics ("$.mailClass: expected a string"). */
#define ROOT "$"

/*
 * Read every f[k].name of obj with pc_json_get_text(): strings, or integers (ZIP codes sometimes
 * come as numbers); absent and null are "no value"; other types are PC_EMALFORMED naming
 * path.name. The caller frees the texts (pc__usps_fields_done), also after an error.
 */
static int get_fields(pc__usps_ctx *cx, const json_t *obj, const char *path, pc__usps_field *f,
                      size_t n)
{
    int rc;
    for (size_t k = 0; k < n; k++) {
        rc = pc_json_get_text(obj, f[k].name, path, cx->lim, cx->diag, &f[k].owned);
        f[k].val = f[k].owned;
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* An ISO timestamp that is a date only, or exactly midnight without an offset, says a day. */
static bool iso_is_date_only(const char *s, const pc_civil *c, int off)
{
    return strlen(s) <= 10 ||
           (off == PC_OFFSET_NONE && c->hour == 0 && c->minute == 0 && c->second == 0);
}

/* ETA: predictedDeliveryDate (+ window end), else the predicted, expected or guaranteed
 * timestamps, else the summary form's expectedDeliveryDate. Each is read only when the ones
 * before it gave no ETA. */
static int set_eta(pc__usps_ctx *cx, pc_shipment *s, const json_t *root)
{
    static const char *const stamps[] = {"predictedDeliveryTimeStamp", "expectedDeliveryTimeStamp",
                                         "guaranteedDeliveryTimeStamp", "expectedDeliveryDate"};
    char *d = NULL, *t = NULL;
    pc_civil c = {0, 0, 0, 0, 0, 0};
    int rc, off;

    if ((rc = pc_json_get_text(root, "predictedDeliveryDate", ROOT, cx->lim, cx->diag, &d)) < 0 ||
        (rc = pc_json_get_text(root, "predictedDeliveryWindowEndTime", ROOT, cx->lim, cx->diag,
                               &t)) < 0)
        goto out;
    if (d && pc__usps_parse_date(d, &c) == 0) {
        bool has_time = t && pc__usps_parse_clock(t, &c) == 0;
        pc__usps_set_eta(s, &c, has_time, PC_OFFSET_NONE);
    }
    for (size_t i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
        if (s->carrier_eta != PC_TIME_NONE)
            break;
        free(d);
        if ((rc = pc_json_get_text(root, stamps[i], ROOT, cx->lim, cx->diag, &d)) < 0)
            goto out;
        if (!d)
            continue;
        if (pc_time_parse_iso(d, &c, &off) == 0)
            pc__usps_set_eta(s, &c, !iso_is_date_only(d, &c, off), off);
        else if (pc__usps_parse_date(d, &c) == 0)
            pc__usps_set_eta(s, &c, false, PC_OFFSET_NONE);
    }
out:
    free(d);
    free(t);
    return rc;
}

/* Per-event times as read, before resolution. */
typedef struct v3_time {
    bool resolved; /* from GMTTimestamp */
    int offset;    /* given offset or PC_OFFSET_NONE, for local resolution */
} v3_time;

static int parse_event(pc__usps_ctx *cx, pc_shipment *s, const json_t *jev, size_t i,
                       const char *category, pc__usps_when *when, v3_time *vt)
{
    enum { TYPE, CITY, STATE, ZIP, COUNTRY, NAME, CODE, LOCAL, GMT, OFFSET, COUNT };
    pc__usps_field f[COUNT] = {
        [TYPE] = {"eventType", NULL, NULL},       [CITY] = {"eventCity", NULL, NULL},
        [STATE] = {"eventState", NULL, NULL},     [ZIP] = {"eventZIP", NULL, NULL},
        [COUNTRY] = {"eventCountry", NULL, NULL}, [NAME] = {"name", NULL, NULL},
        [CODE] = {"eventCode", NULL, NULL},       [LOCAL] = {"eventTimestamp", NULL, NULL},
        [GMT] = {"GMTTimestamp", NULL, NULL},     [OFFSET] = {"GMTOffset", NULL, NULL},
    };
    char path[48];
    char *signer = NULL;
    pc_event *ev;
    int rc, off_given = PC_OFFSET_NONE, off_local = PC_OFFSET_NONE;
    int64_t utc = 0;
    bool gmt_ok = false, local_ok = false;

    snprintf(path, sizeof(path), "trackingEvents[%zu]", i);
    if (!json_is_object(jev))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object",
                           path);
    if ((rc = get_fields(cx, jev, path, f, COUNT)) < 0)
        goto out;
    if ((rc = pc_shipment_add_event(s, cx->lim->max_events, &ev)) < 0) {
        if (rc == PC_ELIMIT)
            rc = pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0, "%s: more than %zu events",
                             s->tracking_number, cx->lim->max_events);
        goto out;
    }
    if ((rc = pc_set_clean(&ev->description, f[TYPE].val, (size_t)-1)) < 0 ||
        (rc = pc_set_clean(&signer, f[NAME].val, (size_t)-1)) < 0 ||
        (rc = pc__usps_set_location(&ev->location, f[CITY].val, f[STATE].val, f[ZIP].val,
                                    f[COUNTRY].val)) < 0 ||
        (rc = pc__usps_set_event_status(ev, f[CODE].val, category, signer)) < 0)
        goto out;
    if (signer && !s->signed_by) {
        s->signed_by = signer;
        signer = NULL;
    }

    if (f[OFFSET].val && pc_offset_parse(f[OFFSET].val, (size_t)-1, &off_given) < 0)
        off_given = PC_OFFSET_NONE; /* unreadable offset: resolve from the place instead */
    memset(when, 0, sizeof(*when));
    if (f[LOCAL].val && pc_time_parse_iso(f[LOCAL].val, &when->local, &off_local) == 0) {
        local_ok = true;
        when->has_time = strlen(f[LOCAL].val) > 10;
    }
    if (f[GMT].val && pc_time_parse_utc(f[GMT].val, &utc) == 0)
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
                         "%s.eventTimestamp: %s and no usable GMTTimestamp", path,
                         f[LOCAL].val ? "not an ISO 8601 time" : "missing");
        goto out;
    }
    rc = 0;
out:
    free(signer);
    pc__usps_fields_done(f, COUNT);
    return rc;
}

static int parse_tracking(pc__usps_ctx *cx, const json_t *root)
{
    enum { MAIL, OCITY, OSTATE, OZIP, OCOUNTRY, DCITY, DSTATE, DZIP, DCOUNTRY, CATEGORY, COUNT };
    pc__usps_field f[COUNT] = {
        [MAIL] = {"mailClass", NULL, NULL},
        [OCITY] = {"originCity", NULL, NULL},
        [OSTATE] = {"originState", NULL, NULL},
        [OZIP] = {"originZIP", NULL, NULL},
        [OCOUNTRY] = {"originCountry", NULL, NULL},
        [DCITY] = {"destinationCity", NULL, NULL},
        [DSTATE] = {"destinationState", NULL, NULL},
        [DZIP] = {"destinationZIP", NULL, NULL},
        [DCOUNTRY] = {"destinationCountryCode", NULL, NULL},
        [CATEGORY] = {"statusCategory", NULL, NULL},
    };
    char *number = NULL;
    pc__usps_when *when = NULL;
    v3_time *vt = NULL;
    pc_shipment *s;
    int rc;

    if ((rc = pc_json_get_text(root, "trackingNumber", ROOT, cx->lim, cx->diag, &number)) < 0)
        goto out;
    if (!number) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "trackingNumber: missing (and no error object)");
        goto out;
    }
    if ((rc = get_fields(cx, root, ROOT, f, COUNT)) < 0)
        goto out;
    const json_t *events = json_object_get(root, "trackingEvents");
    if (events && !json_is_null(events) && !json_is_array(events)) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "trackingEvents: expected an array");
        goto out;
    }
    if ((rc = pc_parse_result_add_shipment(cx->out, cx->lim, PC__USPS_NAME, &s)) < 0) {
        if (rc == PC_ELIMIT)
            rc = pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0, "more than %zu shipments",
                             cx->lim->max_shipments);
        goto out;
    }
    s->tracking_number = number;
    number = NULL;
    if ((rc = pc_set_clean(&s->service, f[MAIL].val, (size_t)-1)) < 0 ||
        (rc = pc__usps_set_location(&s->origin, f[OCITY].val, f[OSTATE].val, f[OZIP].val,
                                    f[OCOUNTRY].val)) < 0 ||
        (rc = pc__usps_set_location(&s->destination, f[DCITY].val, f[DSTATE].val, f[DZIP].val,
                                    f[DCOUNTRY].val)) < 0 ||
        (rc = set_eta(cx, s, root)) < 0)
        goto out;
    size_t n = json_is_array(events) ? json_array_size(events) : 0;
    if (!n)
        goto out; /* no scans yet (or a summary-only response): pending */

    /* The category is a v3 copy of the newest event's (a number, never "Alert", is none). */
    rc = PC_ENOMEM;
    when = calloc(n, sizeof(*when));
    vt = calloc(n, sizeof(*vt));
    if (!when || !vt)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if ((rc = parse_event(cx, s, json_array_get(events, i), i, i == 0 ? f[CATEGORY].val : NULL,
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
    free(number);
    free(when);
    free(vt);
    pc__usps_fields_done(f, COUNT);
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

/* An error for the requested number: v3 error bodies never name it, and with one number per
 * request the caller knows it. */
static int add_error(pc__usps_ctx *cx, pc_track_error_kind kind, const char *code, const char *msg)
{
    char *m = NULL;
    int rc;
    if (msg) {
        size_t ml = strlen(msg);
        strip_inventory_decoration(&msg, &ml);
        if ((rc = pc_set_str(&m, msg, ml)) < 0)
            return rc;
    }
    rc = pc_parse_result_add_error(cx->out, NULL, kind, code, m, 0);
    free(m);
    return rc;
}

static pc_track_error_kind http_kind(const char *status)
{
    if (!status)
        return PC_TE_CARRIER_ERROR;
    if (strcmp(status, "401") == 0 || strcmp(status, "403") == 0)
        return PC_TE_AUTH;
    if (strcmp(status, "429") == 0)
        return PC_TE_RATE_LIMITED;
    if (strcmp(status, "404") == 0)
        return PC_TE_NOT_FOUND;
    return PC_TE_CARRIER_ERROR;
}

/* {"error": {...}} from the tracking API. */
static int parse_error_object(pc__usps_ctx *cx, const json_t *err)
{
    enum { CODE, MESSAGE };
    enum { I_CODE, I_STATUS, I_TITLE, I_DETAIL, I_COUNT };
    pc__usps_field e[] = {[CODE] = {"code", NULL, NULL}, [MESSAGE] = {"message", NULL, NULL}};
    pc__usps_field it[I_COUNT] = {[I_CODE] = {"code", NULL, NULL},
                                  [I_STATUS] = {"status", NULL, NULL},
                                  [I_TITLE] = {"title", NULL, NULL},
                                  [I_DETAIL] = {"detail", NULL, NULL}};
    int rc = get_fields(cx, err, "error", e, sizeof(e) / sizeof(e[0]));
    if (rc < 0)
        goto out;
    const json_t *items = json_object_get(err, "errors");
    if (items && !json_is_null(items) && !json_is_array(items)) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "error.errors: expected an array");
        goto out;
    }
    size_t n = json_is_array(items) ? json_array_size(items) : 0;
    if (!n)
        rc = add_error(cx, http_kind(e[CODE].val), e[CODE].val, e[MESSAGE].val);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const json_t *item = json_array_get(items, i);
        char path[48];
        snprintf(path, sizeof(path), "error.errors[%zu]", i);
        if (!json_is_object(item)) {
            rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object",
                             path);
            break;
        }
        pc__usps_fields_done(it, I_COUNT);
        if ((rc = get_fields(cx, item, path, it, I_COUNT)) < 0)
            break;
        const pc__usps_error_map *m =
            it[I_CODE].val ? pc__usps_error_find(pc__usps_v3_error_codes,
                                                 pc__usps_v3_error_codes_len, it[I_CODE].val)
                           : NULL;
        pc_track_error_kind kind =
            m ? m->kind : http_kind(it[I_STATUS].val ? it[I_STATUS].val : e[CODE].val);
        const char *msg = it[I_DETAIL].val  ? it[I_DETAIL].val
                          : it[I_TITLE].val ? it[I_TITLE].val
                                            : e[MESSAGE].val;
        rc = add_error(cx, kind, it[I_CODE].val ? it[I_CODE].val : e[CODE].val, msg);
    }
out:
    pc__usps_fields_done(e, sizeof(e) / sizeof(e[0]));
    pc__usps_fields_done(it, I_COUNT);
    return rc;
}

/* {"error": "invalid_client", "error_description": ...} from the OAuth token endpoint. */
static int parse_oauth_error(pc__usps_ctx *cx, const json_t *root)
{
    static const char *const auth_codes[] = {"invalid_client",      "invalid_grant",
                                             "unauthorized_client", "invalid_token",
                                             "access_denied",       "invalid_scope"};
    pc__usps_field f[] = {{"error", NULL, NULL}, {"error_description", NULL, NULL}};
    int rc = get_fields(cx, root, ROOT, f, 2);
    if (rc == 0) {
        pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
        for (size_t i = 0; f[0].val && i < sizeof(auth_codes) / sizeof(auth_codes[0]); i++) {
            if (strcmp(f[0].val, auth_codes[i]) == 0)
                kind = PC_TE_AUTH;
        }
        rc = add_error(cx, kind, f[0].val, f[1].val);
    }
    pc__usps_fields_done(f, 2);
    return rc;
}

/* Apigee gateway faults in front of apis.usps.com: {"fault": {"faultstring", "detail":
 * {"errorcode": "policies.ratelimit.QuotaViolation"}}}. */
static int parse_fault(pc__usps_ctx *cx, const json_t *fault)
{
    char *msg = NULL, *code = NULL;
    int rc;
    if ((rc = pc_json_get_text(fault, "faultstring", "fault", cx->lim, cx->diag, &msg)) < 0 ||
        (rc = pc_json_get_text(json_object_get(fault, "detail"), "errorcode", "fault.detail",
                               cx->lim, cx->diag, &code)) < 0)
        goto out;
    pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
    if (pc_contains_ci(code, "ratelimit") || pc_contains_ci(code, "spikearrest") ||
        pc_contains_ci(code, "quota"))
        kind = PC_TE_RATE_LIMITED;
    else if (pc_contains_ci(code, "oauth") || pc_contains_ci(code, "accesstoken") ||
             pc_contains_ci(code, "apikey"))
        kind = PC_TE_AUTH;
    rc = add_error(cx, kind, code, msg);
out:
    free(msg);
    free(code);
    return rc;
}

int pc__usps_parse_v3(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    static const pc_parse_limits defaults = PC_PARSE_LIMITS_DEFAULT;
    pc__usps_ctx cx = {.lim = in->limits ? in->limits : &defaults, .out = out, .diag = diag};
    json_t *root;
    int rc = pc_json_load_body(in, &root, diag);
    if (rc < 0)
        return rc;
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
