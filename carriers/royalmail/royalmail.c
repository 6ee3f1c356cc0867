/*
 * Royal Mail Tracking API v2 adapter (JSON).
 *
 * Bodies understood:
 * - events:  {"mailPieces": {mailPieceId, summary, signature, estimatedDelivery, events[]}}
 * - summary: {"mailPieces": [{mailPieceId, summary, error?}, ...]} (no events: the summary's
 *   last event becomes the only event)
 * - errors:  {httpCode, httpMessage, moreInformation?, errors[{errorCode, errorDescription...}]}
 * Event times carry an offset ("2016-10-20T10:04:00+01:00"). Countries are ISO alpha-3 ("GBR").
 * The tracking number is summary.oneDBarcode (the number printed on the label) when present,
 * else mailPieceId. Polling uses the events resource, one number per request; errors in its body
 * do not repeat the number, so they are reported with tracking_number NULL (= the requested one).
 */
#include "royalmail_codes.h"

#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RM_NAME         "royalmail"
#define RM_DEFAULT_ZONE "Europe/London"
#define RM_BASE_URL     "https://api.royalmail.net"

typedef struct rm_ctx {
    const pc_parse_limits *lim;
    pc_parse_result *out;
    pc_diag *diag;
} rm_ctx;

/*
 * String member key of obj as trimmed text into *ret (pc_json_get_text). Royal Mail sends every
 * field as a string, so a number is refused here rather than read as text.
 */
static int get_str(rm_ctx *cx, const json_t *obj, const char *path, const char *key, char **ret)
{
    *ret = NULL;
    if (json_is_integer(json_object_get(obj, key)))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.%s: expected a string",
                           path, key);
    return pc_json_get_text(obj, key, path, cx->lim, cx->diag, ret);
}

/* Object member key: NULL when absent or null, PC_EMALFORMED for another type. */
static int get_obj(rm_ctx *cx, const json_t *obj, const char *path, const char *key, json_t **ret)
{
    json_t *v = json_object_get(obj, key);
    *ret = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.%s: expected an object",
                           path, key);
    *ret = v;
    return 0;
}

/* httpCode is a string ("400") in Royal Mail's bodies; accept a number too. 0 = absent. */
static int http_code(const json_t *root)
{
    json_t *v = json_object_get(root, "httpCode");
    if (json_is_integer(v))
        return (int)json_integer_value(v);
    const char *s = json_string_value(v);
    int c = 0;
    for (; s && *s >= '0' && *s <= '9' && c < 1000; s++)
        c = c * 10 + (*s - '0');
    return c;
}

static pc_track_error_kind error_kind(const char *code, int http)
{
    for (size_t i = 0; code && i < pc__royalmail_errors_len; i++)
        if (strcmp(code, pc__royalmail_errors[i].code) == 0)
            return pc__royalmail_errors[i].kind;
    if (http == 401 || http == 403)
        return PC_TE_AUTH;
    if (http == 429)
        return PC_TE_RATE_LIMITED;
    if (http == 404)
        return PC_TE_NOT_FOUND;
    return PC_TE_CARRIER_ERROR;
}

/* One {errorCode, errorDescription, errorCause} object. */
static int add_error(rm_ctx *cx, const json_t *e, const char *path, const char *number, int http)
{
    char *code = NULL, *desc = NULL, *cause = NULL;
    int rc;
    if (!json_is_object(e))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object",
                           path);
    if ((rc = get_str(cx, e, path, "errorCode", &code)) < 0 ||
        (rc = get_str(cx, e, path, "errorDescription", &desc)) < 0 ||
        (rc = get_str(cx, e, path, "errorCause", &cause)) < 0)
        goto out;
    rc = pc_parse_result_add_error(cx->out, number, error_kind(code, http), code,
                                   desc ? desc : cause, 0);
out:
    free(code);
    free(desc);
    free(cause);
    return rc;
}

/* Status for a code missing from the table: the summary's category, for its last event only. */
static pc_status fallback_status(const char *code, const char *last_code, const char *category)
{
    if (!code || !last_code || !category || strcmp(code, last_code) != 0)
        return PC_STATUS_IN_TRANSIT;
    if (pc_contains_ci(category, "DELIVERED"))
        return PC_STATUS_DELIVERED;
    if (pc_contains_ci(category, "RETURN"))
        return PC_STATUS_RETURNED;
    if (pc_contains_ci(category, "EXCEPTION") || pc_contains_ci(category, "HELD") ||
        pc_contains_ci(category, "UNDELIVERABLE"))
        return PC_STATUS_EXCEPTION;
    return PC_STATUS_IN_TRANSIT;
}

static int add_event(rm_ctx *cx, pc_shipment *s, const char *path, const char *code,
                     const char *name, const char *when, const char *where, const char *last_code,
                     const char *category)
{
    pc_event *ev;
    pc_civil local;
    int offset, rc = pc_shipment_add_event(s, cx->lim->max_events, &ev);
    if (rc == PC_ELIMIT)
        return pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0, "%s: more than %zu events",
                           s->tracking_number, cx->lim->max_events);
    if (rc < 0)
        return rc;
    if (!when)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: event time is missing",
                           path);
    if (pc_time_parse_iso(when, &local, &offset) < 0)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: '%.40s' is not an ISO 8601 time", path, when);
    if ((rc = pc_set_str(&ev->code, code, (size_t)-1)) < 0 ||
        (name && (rc = pc_set_clean(&ev->description, name, (size_t)-1)) < 0) ||
        (where && (rc = pc_set_clean(&ev->location.city, where, (size_t)-1)) < 0))
        return rc;
    const pc_code_map *m = ev->code ? pc_code_map_find(pc__royalmail_codes, pc__royalmail_codes_len,
                                                       ev->code, strlen(ev->code))
                                    : NULL;
    ev->status = m ? m->status : fallback_status(ev->code, last_code, category);
    if (m && m->substatus && (rc = pc_set_str(&ev->substatus, m->substatus, (size_t)-1)) < 0)
        return rc;
    rc = pc_event_set_local_time(ev, &local, offset, &s->destination, RM_DEFAULT_ZONE);
    if (rc == PC_ENOMEM)
        return rc;
    if (rc < 0)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: cannot resolve the time '%.40s'", path, when);
    return 0;
}

static int set_country(pc_location *loc, const char *code, const char *name)
{
    const char *iso = code ? pc_country_iso2(code, (size_t)-1) : NULL;
    if (!iso && name)
        iso = pc_country_iso2(name, (size_t)-1);
    return iso ? pc_set_str(&loc->country, iso, (size_t)-1) : 0;
}

/* estimatedDelivery {date "YYYY-MM-DD", endOfEstimatedWindow "11:00:00+01:00"}. */
static int parse_eta(rm_ctx *cx, const json_t *mp, pc_shipment *s)
{
    json_t *ed;
    char *date = NULL, *end = NULL;
    char buf[64];
    pc_civil local;
    int offset, rc;
    if ((rc = get_obj(cx, mp, "mailPieces", "estimatedDelivery", &ed)) < 0 || !ed)
        return rc;
    if ((rc = get_str(cx, ed, "estimatedDelivery", "date", &date)) < 0 ||
        (rc = get_str(cx, ed, "estimatedDelivery", "endOfEstimatedWindow", &end)) < 0 || !date)
        goto out;
    /* a window end gives the time; a bare date means "by the end of that day" */
    snprintf(buf, sizeof(buf), "%.10sT%.20s", date, end ? end : "23:59:00");
    if (strlen(date) < 10 || pc_time_parse_iso(buf, &local, &offset) < 0) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "estimatedDelivery: '%.20s' '%.20s' is not a date and time", date,
                         end ? end : "");
        goto out;
    }
    pc_event tmp;
    memset(&tmp, 0, sizeof(tmp));
    rc = pc_event_set_local_time(&tmp, &local, offset, &s->destination, RM_DEFAULT_ZONE);
    if (rc == 0)
        s->carrier_eta = tmp.time;
    else if (rc != PC_ENOMEM)
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "estimatedDelivery: cannot resolve '%.40s'", buf);
out:
    free(date);
    free(end);
    return rc;
}

/* One events[] entry {eventCode, eventName, eventDateTime, locationName}. */
static int parse_event(rm_ctx *cx, pc_shipment *s, const json_t *e, const char *path,
                       const char *last_code, const char *category)
{
    char *code = NULL, *name = NULL, *when = NULL, *where = NULL;
    int rc;
    if (!json_is_object(e))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object",
                           path);
    if ((rc = get_str(cx, e, path, "eventCode", &code)) < 0 ||
        (rc = get_str(cx, e, path, "eventName", &name)) < 0 ||
        (rc = get_str(cx, e, path, "eventDateTime", &when)) < 0 ||
        (rc = get_str(cx, e, path, "locationName", &where)) < 0)
        goto out;
    rc = add_event(cx, s, path, code, name, when, where, last_code, category);
out:
    free(code);
    free(name);
    free(when);
    free(where);
    return rc;
}

/* The summary resource has no events: its last event is all there is. */
static int parse_last_event(rm_ctx *cx, pc_shipment *s, const json_t *summary,
                            const char *last_code, const char *category)
{
    char *name = NULL, *when = NULL, *where = NULL;
    int rc;
    if ((rc = get_str(cx, summary, "summary", "lastEventName", &name)) < 0 ||
        (rc = get_str(cx, summary, "summary", "lastEventDateTime", &when)) < 0 ||
        (rc = get_str(cx, summary, "summary", "lastEventLocationName", &where)) < 0)
        goto out;
    if (when)
        rc = add_event(cx, s, "summary.lastEventDateTime", last_code, name, when, where, last_code,
                       category);
out:
    free(name);
    free(when);
    free(where);
    return rc;
}

static int parse_mailpiece(rm_ctx *cx, const json_t *mp, const char *path)
{
    json_t *summary, *sig, *err, *events;
    char *id = NULL, *barcode = NULL, *unique = NULL, *product = NULL, *category = NULL,
         *last_code = NULL, *o_code = NULL, *o_name = NULL, *d_code = NULL, *d_name = NULL,
         *signer = NULL;
    pc_shipment *s;
    int rc;
    char p[96];

    if (!json_is_object(mp))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object",
                           path);
    if ((rc = get_str(cx, mp, path, "mailPieceId", &id)) < 0 ||
        (rc = get_obj(cx, mp, path, "summary", &summary)) < 0 ||
        (rc = get_obj(cx, mp, path, "signature", &sig)) < 0 ||
        (rc = get_obj(cx, mp, path, "error", &err)) < 0)
        goto out;
    if (summary && ((rc = get_str(cx, summary, "summary", "oneDBarcode", &barcode)) < 0 ||
                    (rc = get_str(cx, summary, "summary", "uniqueItemId", &unique)) < 0 ||
                    (rc = get_str(cx, summary, "summary", "productName", &product)) < 0 ||
                    (rc = get_str(cx, summary, "summary", "statusCategory", &category)) < 0 ||
                    (rc = get_str(cx, summary, "summary", "lastEventCode", &last_code)) < 0 ||
                    (rc = get_str(cx, summary, "summary", "originCountryCode", &o_code)) < 0 ||
                    (rc = get_str(cx, summary, "summary", "originCountryName", &o_name)) < 0 ||
                    (rc = get_str(cx, summary, "summary", "destinationCountryCode", &d_code)) < 0 ||
                    (rc = get_str(cx, summary, "summary", "destinationCountryName", &d_name)) < 0))
        goto out;
    const char *number = barcode ? barcode : id ? id : unique;
    if (err) {
        snprintf(p, sizeof(p), "%s.error", path);
        if ((rc = add_error(cx, err, p, number, 0)) < 0)
            goto out;
    }
    events = json_object_get(mp, "events");
    if (events && !json_is_null(events) && !json_is_array(events)) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.events: expected an array",
                         path);
        goto out;
    }
    if (err && !summary && !json_array_size(events))
        goto out; /* an error entry only */
    if (!number) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "%s: no mailPieceId or summary.oneDBarcode", path);
        goto out;
    }

    rc = pc_parse_result_add_shipment(cx->out, cx->lim, RM_NAME, &s);
    if (rc == PC_ELIMIT)
        rc = pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0, "more than %zu shipments in one body",
                         cx->lim->max_shipments);
    if (rc < 0 || (rc = pc_set_str(&s->tracking_number, number, (size_t)-1)) < 0 ||
        (product && (rc = pc_set_clean(&s->service, product, (size_t)-1)) < 0) ||
        (rc = set_country(&s->origin, o_code, o_name)) < 0 ||
        (rc = set_country(&s->destination, d_code, d_name)) < 0)
        goto out;
    if (sig && ((rc = get_str(cx, sig, "signature", "recipientName", &signer)) < 0 ||
                (signer && (rc = pc_set_clean(&s->signed_by, signer, (size_t)-1)) < 0)))
        goto out;
    if ((rc = parse_eta(cx, mp, s)) < 0)
        goto out;

    if (events && !json_is_null(events)) {
        size_t i;
        json_t *e;
        json_array_foreach(events, i, e)
        {
            snprintf(p, sizeof(p), "%s.events[%zu]", path, i);
            if ((rc = parse_event(cx, s, e, p, last_code, category)) < 0)
                goto out;
        }
    } else if (summary) {
        rc = parse_last_event(cx, s, summary, last_code, category);
    }
out:
    free(id);
    free(barcode);
    free(unique);
    free(product);
    free(category);
    free(last_code);
    free(o_code);
    free(o_name);
    free(d_code);
    free(d_name);
    free(signer);
    return rc;
}

static int rm_parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    rm_ctx cx = {.lim = in->limits, .out = out, .diag = diag};
    char *more = NULL, *msg = NULL;
    json_t *root;
    int rc = pc_json_load_body(in, &root, diag);
    if (rc < 0)
        return rc;
    if (!json_is_object(root)) {
        rc = pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "expected a JSON object at the top");
        goto out;
    }
    json_t *mp = json_object_get(root, "mailPieces");
    json_t *errs = json_object_get(root, "errors");
    int http = http_code(root);
    if (json_is_object(mp)) {
        rc = parse_mailpiece(&cx, mp, "mailPieces");
    } else if (json_is_array(mp)) {
        size_t i;
        json_t *m;
        char p[48];
        json_array_foreach(mp, i, m)
        {
            snprintf(p, sizeof(p), "mailPieces[%zu]", i);
            if ((rc = parse_mailpiece(&cx, m, p)) < 0)
                break;
        }
    } else if (mp && !json_is_null(mp)) {
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "mailPieces: expected an object or an array");
    }
    if (rc < 0)
        goto out;

    if (errs && !json_is_null(errs)) {
        size_t i;
        json_t *e;
        char p[48];
        if (!json_is_array(errs)) {
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0, "errors: expected an array");
            goto out;
        }
        json_array_foreach(errs, i, e)
        {
            snprintf(p, sizeof(p), "errors[%zu]", i);
            if ((rc = add_error(&cx, e, p, NULL, http)) < 0)
                goto out;
        }
    }
    if (!mp && !json_array_size(errs)) {
        /* gateway replies without errors[]: {"httpCode":"401","moreInformation":"..."} */
        if ((rc = get_str(&cx, root, "body", "moreInformation", &more)) < 0 ||
            (rc = get_str(&cx, root, "body", "httpMessage", &msg)) < 0)
            goto out;
        if (!http) {
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                             "neither mailPieces nor errors nor httpCode in the body");
            goto out;
        }
        char code[16];
        snprintf(code, sizeof(code), "%d", http);
        rc = pc_parse_result_add_error(out, NULL, error_kind(NULL, http), code, more ? more : msg,
                                       0);
    }
out:
    free(more);
    free(msg);
    json_decref(root);
    return rc;
}

static int rm_build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                            pc_http_request *ret_req)
{
    pc_buf url = {0};
    int rc = PC_ENOMEM;
    memset(ret_req, 0, sizeof(*ret_req));
    if (n != 1 || !numbers || !numbers[0] || !numbers[0][0])
        return PC_EINVAL;
    const char *base = cfg && cfg->base_url ? cfg->base_url : RM_BASE_URL;
    int blen = (int)strnlen(base, 4096);
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    /* pc_buf errors are sticky: pc_buf_take() reports any of them */
    pc_buf_addf(&url, "%.*s/mailpieces/v2/", blen, base);
    pc_buf_add_urlenc(&url, numbers[0]);
    pc_buf_add(&url, "/events", (size_t)-1);
    const char *client_id = cfg ? (cfg->client_id ? cfg->client_id : cfg->api_key) : NULL;
    if (!(ret_req->url = pc_buf_take(&url, NULL)) || !(ret_req->method = strdup("GET")) ||
        pc_http_request_add_header(ret_req, "Accept: application/json") < 0 ||
        pc_http_request_add_header(ret_req, "X-Accept-RMG-Terms: yes") < 0 ||
        (client_id && pc_http_request_add_header(ret_req, "X-IBM-Client-Id: %s", client_id) < 0) ||
        (cfg && cfg->client_secret &&
         pc_http_request_add_header(ret_req, "X-IBM-Client-Secret: %s", cfg->client_secret) < 0))
        goto out;
    rc = 0;
out:
    if (rc < 0)
        pc_http_request_done(ret_req);
    return rc;
}

/* UPU S10: AA + 8-digit serial + check digit + GB. */
static int rm_detect(const char *number, int *ret_check_ok)
{
    static const int w[8] = {8, 6, 4, 2, 3, 5, 9, 7};
    size_t n = strlen(number);
    *ret_check_ok = 0;
    if (n != 13 || strspn(number + 2, "0123456789") != 9 || strcasecmp(number + 11, "GB") != 0)
        return 0;
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (number[2 + i] - '0') * w[i];
    int c = 11 - sum % 11;
    c = c == 10 ? 0 : c == 11 ? 5 : c;
    *ret_check_ok = c == number[10] - '0';
    return *ret_check_ok ? 95 : 20;
}

/* ---- render (sandbox, simulator) ---------------------------------------------------------- */

/* Simulator codes (docs/simulator.md) to Royal Mail event codes of the table that parse maps back
 * to the same status. Royal Mail publishes no return-to-sender code: RT is written as it is, and
 * parse takes summary.statusCategory ("RETURNED") for it as the newest event. */
static const struct {
    const char *sim, *rm;
} rm_render_codes[] = {
    {"AP", "EVNDA"},      {"AR", "EVORI"},         {"CC", "EVIMC"},         {"CR", "EVGMI"},
    {"DL", "EVKOP"},      {"DP", "EVODO"},         {"EX-ADDRESS", "EVNRT"}, {"EX-CUSTOMS", "EVNRT"},
    {"EX-SORT", "EVNRT"}, {"EX-WEATHER", "EVNRT"}, {"FA", "EVKNA"},         {"IR", "EVAIE"},
    {"OFD", "EVGPD"},     {"PU", "EVPPA"},
};

/* ISO alpha-3 for the alpha-2 codes of Royal Mail's lanes; NULL for others (then omitted). */
static const char *alpha3(const char *iso2)
{
    static const char *const t[][2] = {
        {"AT", "AUT"}, {"AU", "AUS"}, {"BE", "BEL"}, {"CA", "CAN"}, {"CH", "CHE"}, {"DE", "DEU"},
        {"DK", "DNK"}, {"ES", "ESP"}, {"FR", "FRA"}, {"GB", "GBR"}, {"IE", "IRL"}, {"IT", "ITA"},
        {"NL", "NLD"}, {"NZ", "NZL"}, {"PL", "POL"}, {"SE", "SWE"}, {"US", "USA"},
    };
    for (size_t i = 0; iso2 && i < sizeof(t) / sizeof(t[0]); i++)
        if (strcmp(t[i][0], iso2) == 0)
            return t[i][1];
    return NULL;
}

static const char *render_code(const char *code)
{
    for (size_t i = 0; code && i < sizeof(rm_render_codes) / sizeof(rm_render_codes[0]); i++)
        if (strcmp(rm_render_codes[i].sim, code) == 0)
            return rm_render_codes[i].rm;
    return code;
}

/* statusCategory: what fallback_status() reads for a newest event with an unknown code. */
static const char *render_category(pc_status st)
{
    switch (st) {
    case PC_STATUS_DELIVERED:
        return "DELIVERED";
    case PC_STATUS_RETURNED:
        return "RETURNED";
    case PC_STATUS_EXCEPTION:
        return "EXCEPTION";
    default:
        return "IN TRANSIT";
    }
}

static int set_opt(json_t *obj, const char *key, const char *v)
{
    if (!v)
        return 0;
    return json_object_set_new(obj, key, json_string(v)) == 0 ? 0 : PC_ENOMEM;
}

/* "2016-10-20T10:04:00+01:00": local time with its offset. */
static int set_time(json_t *obj, const char *key, int64_t t, int off)
{
    pc_civil c;
    char buf[48], ofs[16];
    if (off == PC_OFFSET_NONE)
        off = 0;
    pc_unix_to_civil(t + (int64_t)off * 60, &c);
    pc_offset_format(off, ofs, sizeof(ofs));
    snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%s", c.year, c.month, c.day, c.hour,
             c.minute, c.second, ofs);
    return json_object_set_new(obj, key, json_string(buf)) == 0 ? 0 : PC_ENOMEM;
}

/* estimatedDelivery {date, endOfEstimatedWindow} in UK time. */
static int render_eta(json_t *mp, int64_t eta)
{
    pc_civil c;
    char date[16], end[32], ofs[16];
    int off = 0;
    if (pc_tz_offset_at(RM_DEFAULT_ZONE, eta, &off) < 0)
        off = 0;
    pc_unix_to_civil(eta + (int64_t)off * 60, &c);
    pc_offset_format(off, ofs, sizeof(ofs));
    snprintf(date, sizeof(date), "%04d-%02d-%02d", c.year, c.month, c.day);
    snprintf(end, sizeof(end), "%02d:%02d:%02d%s", c.hour, c.minute, c.second, ofs);
    json_t *ed = json_pack("{s:s, s:s}", "date", date, "endOfEstimatedWindow", end);
    return ed && json_object_set_new(mp, "estimatedDelivery", ed) == 0 ? 0 : PC_ENOMEM;
}

/* One mailPieces entry; with_events: the events resource (all events, newest first), else the
 * summary resource (the newest event only, in the summary). */
static json_t *render_mailpiece(const pc_shipment *s, int with_events)
{
    json_t *mp = json_object(), *sum = json_object(), *events = NULL;
    const pc_event *last = NULL;
    int rc = PC_ENOMEM;

    if (!mp || !sum || json_object_set(mp, "summary", sum) < 0)
        goto out;
    for (size_t i = 0; i < s->n_events; i++)
        if (!last || s->events[i].time >= last->time)
            last = &s->events[i];
    if ((rc = set_opt(mp, "mailPieceId", s->tracking_number)) < 0 ||
        (rc = set_opt(mp, "carrierShortName", "RM")) < 0 ||
        (rc = set_opt(mp, "carrierFullName", "Royal Mail Group Ltd")) < 0 ||
        (rc = set_opt(sum, "uniqueItemId", s->tracking_number)) < 0 ||
        (rc = set_opt(sum, "oneDBarcode", s->tracking_number)) < 0 ||
        (rc = set_opt(sum, "productName", s->service)) < 0 ||
        (rc = set_opt(sum, "destinationCountryCode", alpha3(s->destination.country))) < 0 ||
        (rc = set_opt(sum, "originCountryCode", alpha3(s->origin.country))) < 0)
        goto out;
    if (last && ((rc = set_opt(sum, "lastEventCode", render_code(last->code))) < 0 ||
                 (rc = set_opt(sum, "lastEventName", last->description)) < 0 ||
                 (rc = set_time(sum, "lastEventDateTime", last->time, last->utc_offset)) < 0 ||
                 (rc = set_opt(sum, "lastEventLocationName", last->location.city)) < 0 ||
                 (rc = set_opt(sum, "statusCategory", render_category(s->status))) < 0))
        goto out;
    if (s->signed_by) {
        json_t *sig = json_pack("{s:s}", "recipientName", s->signed_by);
        rc = PC_ENOMEM;
        if (!sig || json_object_set_new(mp, "signature", sig) < 0)
            goto out;
    }
    if (s->carrier_eta != PC_TIME_NONE && (rc = render_eta(mp, s->carrier_eta)) < 0)
        goto out;
    if (with_events) {
        rc = PC_ENOMEM;
        if (!(events = json_array()) || json_object_set(mp, "events", events) < 0)
            goto out;
        /* Royal Mail lists events newest first */
        for (size_t k = s->n_events; k-- > 0;) {
            const pc_event *ev = &s->events[k];
            json_t *e = json_object();
            rc = PC_ENOMEM;
            if (!e || json_array_append_new(events, e) < 0)
                goto out;
            if ((rc = set_opt(e, "eventCode", render_code(ev->code))) < 0 ||
                (rc = set_opt(e, "eventName", ev->description)) < 0 ||
                (rc = set_time(e, "eventDateTime", ev->time, ev->utc_offset)) < 0 ||
                (rc = set_opt(e, "locationName", ev->location.city)) < 0)
                goto out;
        }
    }
    rc = 0;
out:
    json_decref(sum);
    json_decref(events);
    if (rc < 0) {
        json_decref(mp);
        return NULL;
    }
    return mp;
}

/* The error object Royal Mail sends for a kind (errorCode from the error table). */
static json_t *render_error_obj(const pc_track_error *e, int *ret_http)
{
    const char *code = "E0009", *desc = "Internal Server Error";
    char buf[160];
    *ret_http = 500;
    switch (e->kind) {
    case PC_TE_NOT_FOUND:
    case PC_TE_INVALID_NUMBER: /* Royal Mail answers both with E1142 */
        snprintf(buf, sizeof(buf), "Barcode reference %.64s isn't recognised",
                 e->tracking_number ? e->tracking_number : "");
        code = "E1142";
        desc = buf;
        *ret_http = 404;
        break;
    case PC_TE_RATE_LIMITED:
        code = "E0010";
        desc = "Rate limit exceeded";
        *ret_http = 429;
        break;
    default:
        break;
    }
    return json_pack("{s:s, s:s}", "errorCode", code, "errorDescription", desc);
}

static const char *http_message(int http)
{
    return http == 401   ? "Unauthorized"
           : http == 404 ? "Not Found"
           : http == 429 ? "Too Many Requests"
                         : "Internal Server Error";
}

/* An error body of the events resource: {httpCode, httpMessage, errors[]}, or the gateway's
 * {httpCode:"401", httpMessage, moreInformation} for auth. */
static json_t *render_error_body(const pc_track_error *e, int *ret_http)
{
    char code[8];
    if (e->kind == PC_TE_AUTH) {
        *ret_http = 401;
        return json_pack("{s:s, s:s, s:s}", "httpCode", "401", "httpMessage", "Unauthorized",
                         "moreInformation", "Client id not registered.");
    }
    json_t *obj = render_error_obj(e, ret_http);
    snprintf(code, sizeof(code), "%d", *ret_http);
    return obj ? json_pack("{s:s, s:s, s:[o]}", "httpCode", code, "httpMessage",
                           http_message(*ret_http), "errors", obj)
               : NULL;
}

/*
 * The events resource answers one number: one shipment with all its events, or one error body
 * (which does not repeat the number). Several shipments, or shipments with per-number errors,
 * are written as the summary resource (newest event only; errors per mail piece).
 */
static int rm_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                     size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                     int *ret_http_status)
{
    json_t *root = NULL, *arr = NULL;
    int rc = PC_ENOMEM, http = 200;

    *ret_body = NULL;
    *ret_len = 0;
    *ret_http_status = 200;
    if (format != PC_FORMAT_AUTO && format != PC_FORMAT_JSON)
        return PC_EUNSUPPORTED;
    for (size_t i = 0; i < n_errors; i++)
        if (!errors[i].tracking_number || errors[i].kind == PC_TE_AUTH ||
            errors[i].kind == PC_TE_RATE_LIMITED) {
            root = render_error_body(&errors[i], &http);
            goto dump;
        }
    if (n_shipments == 1 && n_errors == 0) {
        json_t *mp = render_mailpiece(&shipments[0], 1);
        root = mp ? json_pack("{s:o}", "mailPieces", mp) : NULL;
        goto dump;
    }
    if (n_shipments == 0 && n_errors == 1) {
        root = render_error_body(&errors[0], &http);
        goto dump;
    }
    if (!(arr = json_array()) || !(root = json_pack("{s:O}", "mailPieces", arr)))
        goto out;
    for (size_t i = 0; i < n_shipments; i++) {
        json_t *mp = render_mailpiece(&shipments[i], 0);
        if (!mp || json_array_append_new(arr, mp) < 0)
            goto out;
    }
    for (size_t i = 0; i < n_errors; i++) {
        int ignored;
        json_t *obj = render_error_obj(&errors[i], &ignored);
        json_t *mp = obj ? json_pack("{s:s, s:s, s:o}", "mailPieceId", errors[i].tracking_number,
                                     "carrierShortName", "RM", "error", obj)
                         : NULL;
        if (!mp || json_array_append_new(arr, mp) < 0)
            goto out;
    }
dump:
    if (!root || !(*ret_body = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)))
        goto out;
    *ret_len = strlen(*ret_body);
    *ret_http_status = http;
    rc = 0;
out:
    json_decref(arr);
    json_decref(root);
    return rc;
}

/* The inverse of rm_build_request: GET <base path>/mailpieces/v2/{number}/events. */
static int rm_parse_request(const char *method, const char *path_and_query, const char *body,
                            size_t body_len, char ***ret_numbers, size_t *ret_n)
{
    static const char marker[] = "/mailpieces/v2/", tail[] = "/events";

    (void)body;
    (void)body_len;
    *ret_numbers = NULL;
    *ret_n = 0;
    if (!method || !path_and_query || strcmp(method, "GET") != 0)
        return PC_ENOTFOUND;
    const char *p = strstr(path_and_query, marker);
    if (!p)
        return PC_ENOTFOUND;
    p += sizeof(marker) - 1;
    size_t end = strcspn(p, "?#");
    if (end < sizeof(tail) - 1 || memcmp(p + end - (sizeof(tail) - 1), tail, sizeof(tail) - 1) != 0)
        return PC_ENOTFOUND; /* another resource (summary, signature) */
    /* One path segment: a '/' inside the number is a second item, which max 1 refuses. */
    return pc_url_decode_list(p, end - (sizeof(tail) - 1), '/', 1, ret_numbers, ret_n);
}

const pc_adapter pc_adapter_royalmail = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = RM_NAME,
    .display_name = "Royal Mail",
    .caps = PC_CAP_JSON | PC_CAP_PULL | PC_CAP_RENDER,
    .max_batch = 1,
    .default_zone = RM_DEFAULT_ZONE,
    .detect = rm_detect,
    .build_request = rm_build_request,
    .parse = rm_parse,
    .render = rm_render,
    .parse_request = rm_parse_request,
    .base_url = RM_BASE_URL,
};

PC_ADAPTER_EXPORT(pc_adapter_royalmail);
