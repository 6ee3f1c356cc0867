/*
 * GLS tracking adapter: GLS Group "Track And Trace V1" REST API (JSON).
 *
 * Request: GET {base}/tracking/simple/trackids/{n1,n2,...} with an OAuth2 bearer token (GLS
 * Authentication API v2, client credentials), at most 10 parcel numbers per call.
 *
 * Body: {"parcels":[{requested, unitno, status, statusDateTime, events[]{code, city, postalCode,
 * country, description, eventDateTime}}]}, events newest first. Quirks handled here:
 * - offsets come without a colon ("2024-10-07T10:46:14+0200"); a time without offset is resolved
 *   from the event country, then the default zone (Europe/Berlin);
 * - event codes are "FAMILY.DETAIL" and misspelled by GLS ("INTIAL.NORMAL"); they are kept
 *   verbatim. Unknown codes fall back on their family, and the newest event of a parcel on the
 *   parcel status when even the family is unknown;
 * - empty strings ("city": "") mean absent;
 * - one reference (a notification card id) may return several parcels: each becomes its own
 *   shipment, keyed by unitno;
 * - per-parcel errors come inside HTTP 200: {"requested", "errorCode":"E_404_01", ...};
 * - whole-request errors are either problem+json {title, status, detail} or the API gateway's
 *   {"fault":{"faultstring", "detail":{"errorcode":"steps.jwt.TokenExpired"}}};
 * - with showEvents=false a parcel has no events: its status becomes one event at
 *   statusDateTime so the shipment still carries it.
 */
#include "gls_codes.h"

#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GLS_NAME         "gls"
#define GLS_BASE_URL     "https://api.gls-group.net/track-and-trace-v1"
#define GLS_DEFAULT_ZONE "Europe/Berlin"
#define GLS_MAX_BATCH    10

typedef struct gls_ctx {
    const pc_parse_limits *lim;
    pc_parse_result *out;
    pc_diag *diag;
} gls_ctx;

/* ---- small helpers ------------------------------------------------------------------------ */

static int malformed(gls_ctx *cx, const char *path, const char *what)
{
    return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: %s", path, what);
}

/* Exact code, else its family (text before the first dot). *ret_known = 0 when neither. */
static const pc_code_map *classify_event(const char *code, int *ret_known)
{
    static const pc_code_map fallback = {NULL, PC_STATUS_IN_TRANSIT, NULL};
    const pc_code_map *m = NULL;
    *ret_known = 1;
    if (code) {
        m = pc_code_map_find(pc__gls_event_codes, pc__gls_event_codes_len, code, strlen(code));
        if (!m) {
            const char *dot = strchr(code, '.');
            size_t fl = dot ? (size_t)(dot - code) : strlen(code);
            m = pc_code_map_find(pc__gls_event_families, pc__gls_event_families_len, code, fl);
        }
    }
    if (m)
        return m;
    *ret_known = 0;
    return &fallback;
}

static const pc_code_map *find_status(const char *status)
{
    if (!status)
        return NULL;
    return pc_code_map_find(pc__gls_status_codes, pc__gls_status_codes_len, status, strlen(status));
}

static pc_track_error_kind parcel_error_kind(const char *code)
{
    for (size_t i = 0; i < pc__gls_errors_len; i++)
        if (strcmp(pc__gls_errors[i].code, code) == 0)
            return pc__gls_errors[i].kind;
    return strncmp(code, "E_404", 5) == 0 ? PC_TE_NOT_FOUND : PC_TE_CARRIER_ERROR;
}

static int set_status(pc_event *ev, const pc_code_map *m)
{
    ev->status = m->status;
    return pc_set_str(&ev->substatus, m->substatus, (size_t)-1);
}

/* ISO time (offset optional, "+0200" included) into ev->time; needs ev->location filled. */
static int set_time(gls_ctx *cx, pc_event *ev, const char *s, const char *path, const char *key)
{
    pc_civil c;
    int off;
    if (!s)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.%s: missing", path, key);
    if (pc_time_parse_iso(s, &c, &off) < 0)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s.%s: not an ISO 8601 time: \"%.40s\"", path, key, s);
    int rc = pc_event_set_local_time(ev, &c, off, NULL, GLS_DEFAULT_ZONE);
    if (rc == PC_ENOTFOUND || rc == PC_EINVAL)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s.%s: cannot resolve \"%.40s\" to UTC", path, key, s);
    return rc;
}

/* ---- parcels ------------------------------------------------------------------------------ */

static int parse_event(gls_ctx *cx, pc_shipment *s, const json_t *e, const char *ppath, size_t i)
{
    char path[96];
    char *code = NULL, *city = NULL, *postal = NULL, *country = NULL, *desc = NULL, *when = NULL;
    pc_event *ev;
    int rc, known;

    snprintf(path, sizeof(path), "%s.events[%zu]", ppath, i);
    if (!json_is_object(e))
        return malformed(cx, path, "not an object");
    if ((rc = pc_json_get_text(e, "code", path, cx->lim, cx->diag, &code)) < 0 ||
        (rc = pc_json_get_text(e, "city", path, cx->lim, cx->diag, &city)) < 0 ||
        (rc = pc_json_get_text(e, "postalCode", path, cx->lim, cx->diag, &postal)) < 0 ||
        (rc = pc_json_get_text(e, "country", path, cx->lim, cx->diag, &country)) < 0 ||
        (rc = pc_json_get_text(e, "description", path, cx->lim, cx->diag, &desc)) < 0 ||
        (rc = pc_json_get_text(e, "eventDateTime", path, cx->lim, cx->diag, &when)) < 0)
        goto out;
    rc = pc_shipment_add_event(s, cx->lim->max_events, &ev);
    if (rc == PC_ELIMIT) {
        rc = pc_diag_set(cx->diag, PC_ELIMIT, (size_t)-1, 0, 0, "%s: more than %zu events", ppath,
                         cx->lim->max_events);
        goto out;
    }
    if (rc < 0)
        goto out;
    ev->code = code;
    code = NULL;
    ev->location.city = city;
    city = NULL;
    ev->location.postal_code = postal;
    postal = NULL;
    if (country) {
        const char *iso = pc_country_iso2(country, (size_t)-1);
        if (iso && (rc = pc_set_str(&ev->location.country, iso, (size_t)-1)) < 0)
            goto out;
    }
    if (desc && (rc = pc_set_clean(&ev->description, desc, (size_t)-1)) < 0)
        goto out;
    if ((rc = set_status(ev, classify_event(ev->code, &known))) < 0)
        goto out;
    rc = set_time(cx, ev, when, path, "eventDateTime");
out:
    free(code);
    free(city);
    free(postal);
    free(country);
    free(desc);
    free(when);
    return rc;
}

/*
 * The parcel status is GLS's own summary. It stands in for the newest event when that event's
 * code (and family) is unknown, and becomes the only event when the body has none.
 */
static int apply_parcel_status(gls_ctx *cx, pc_shipment *s, const char *status, const char *when,
                               const char *path)
{
    const pc_code_map *m = find_status(status);
    int rc, known;

    if (s->n_events == 0) {
        if (!status || !when)
            return 0;
        pc_event *ev;
        if ((rc = pc_shipment_add_event(s, cx->lim->max_events, &ev)) < 0)
            return rc;
        if ((rc = pc_set_str(&ev->code, status, (size_t)-1)) < 0)
            return rc;
        if (m && (rc = set_status(ev, m)) < 0)
            return rc;
        if (!m)
            ev->status = PC_STATUS_IN_TRANSIT;
        return set_time(cx, ev, when, path, "statusDateTime");
    }
    if (!m)
        return 0;
    int64_t newest = s->events[0].time;
    for (size_t i = 1; i < s->n_events; i++)
        if (s->events[i].time > newest)
            newest = s->events[i].time;
    for (size_t i = 0; i < s->n_events; i++) {
        pc_event *ev = &s->events[i];
        if (ev->time != newest)
            continue;
        classify_event(ev->code, &known);
        if (!known && (rc = set_status(ev, m)) < 0)
            return rc;
    }
    return 0;
}

static int parse_parcel(gls_ctx *cx, const json_t *p, size_t idx)
{
    char path[48];
    char *requested = NULL, *unitno = NULL, *ecode = NULL, *emsg = NULL, *status = NULL,
         *when = NULL;
    pc_shipment *s;
    int rc;

    snprintf(path, sizeof(path), "parcels[%zu]", idx);
    if (!json_is_object(p))
        return malformed(cx, path, "not an object");
    if ((rc = pc_json_get_text(p, "requested", path, cx->lim, cx->diag, &requested)) < 0 ||
        (rc = pc_json_get_text(p, "unitno", path, cx->lim, cx->diag, &unitno)) < 0 ||
        (rc = pc_json_get_text(p, "errorCode", path, cx->lim, cx->diag, &ecode)) < 0 ||
        (rc = pc_json_get_text(p, "errorMessage", path, cx->lim, cx->diag, &emsg)) < 0 ||
        (rc = pc_json_get_text(p, "status", path, cx->lim, cx->diag, &status)) < 0 ||
        (rc = pc_json_get_text(p, "statusDateTime", path, cx->lim, cx->diag, &when)) < 0)
        goto out;
    if (ecode) {
        rc = pc_parse_result_add_error(cx->out, requested ? requested : unitno,
                                       parcel_error_kind(ecode), ecode, emsg, 0);
        goto out;
    }
    if (!unitno && !requested) {
        rc = malformed(cx, path, "neither unitno nor requested");
        goto out;
    }
    rc = pc_parse_result_add_shipment(cx->out, cx->lim, GLS_NAME, &s);
    if (rc == PC_ELIMIT) {
        rc = pc_diag_set(cx->diag, PC_ELIMIT, (size_t)-1, 0, 0, "more than %zu parcels",
                         cx->lim->max_shipments);
        goto out;
    }
    if (rc < 0 ||
        (rc = pc_set_str(&s->tracking_number, unitno ? unitno : requested, (size_t)-1)) < 0)
        goto out;

    const json_t *events = json_object_get(p, "events");
    if (events && !json_is_null(events)) {
        if (!json_is_array(events)) {
            rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.events: not an array",
                             path);
            goto out;
        }
        size_t i;
        const json_t *e;
        json_array_foreach(events, i, e)
        {
            if ((rc = parse_event(cx, s, e, path, i)) < 0)
                goto out;
        }
    }
    rc = apply_parcel_status(cx, s, status, when, path);
out:
    free(requested);
    free(unitno);
    free(ecode);
    free(emsg);
    free(status);
    free(when);
    return rc;
}

/* ---- whole-request errors ----------------------------------------------------------------- */

/* API gateway body: {"fault":{"faultstring":..., "detail":{"errorcode":"steps.jwt..."}}}. */
static int parse_fault(gls_ctx *cx, const json_t *fault)
{
    char *msg = NULL, *code = NULL;
    int rc;
    if (!json_is_object(fault))
        return malformed(cx, "fault", "not an object");
    const json_t *detail = json_object_get(fault, "detail");
    if ((rc = pc_json_get_text(fault, "faultstring", "fault", cx->lim, cx->diag, &msg)) < 0 ||
        (rc = pc_json_get_text(detail, "errorcode", "fault.detail", cx->lim, cx->diag, &code)) < 0)
        goto out;
    pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
    const char *probe = code ? code : msg;
    if (pc_contains_ci(probe, "ratelimit") || pc_contains_ci(probe, "quota") ||
        pc_contains_ci(probe, "spikearrest"))
        kind = PC_TE_RATE_LIMITED;
    else if (pc_contains_ci(probe, "jwt") || pc_contains_ci(probe, "oauth") ||
             pc_contains_ci(probe, "token") || pc_contains_ci(probe, "apikey") ||
             pc_contains_ci(probe, "unauthori"))
        kind = PC_TE_AUTH;
    rc = pc_parse_result_add_error(cx->out, NULL, kind, code, msg, 0);
out:
    free(msg);
    free(code);
    return rc;
}

/* problem+json: {"type","title","status":401,"detail","instance"}. */
static int parse_problem(gls_ctx *cx, const json_t *root)
{
    char *title = NULL, *detail = NULL, *status = NULL;
    int rc;
    if ((rc = pc_json_get_text(root, "title", "$", cx->lim, cx->diag, &title)) < 0 ||
        (rc = pc_json_get_text(root, "detail", "$", cx->lim, cx->diag, &detail)) < 0 ||
        (rc = pc_json_get_text(root, "status", "$", cx->lim, cx->diag, &status)) < 0)
        goto out;
    pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
    if (status && (strcmp(status, "401") == 0 || strcmp(status, "403") == 0))
        kind = PC_TE_AUTH;
    else if (status && strcmp(status, "429") == 0)
        kind = PC_TE_RATE_LIMITED;
    rc = pc_parse_result_add_error(cx->out, NULL, kind, status, detail ? detail : title, 0);
out:
    free(title);
    free(detail);
    free(status);
    return rc;
}

static int gls_parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    gls_ctx cx = {.lim = in->limits, .out = out, .diag = diag};
    json_t *root;
    int rc = pc_json_load_body(in, &root, diag);

    if (rc < 0)
        return rc;
    if (!json_is_object(root)) {
        rc = malformed(&cx, "$", "not an object");
        goto out;
    }
    const json_t *parcels = json_object_get(root, "parcels");
    const json_t *fault = json_object_get(root, "fault");
    if (parcels) {
        if (!json_is_array(parcels)) {
            rc = malformed(&cx, "parcels", "not an array");
            goto out;
        }
        size_t i;
        const json_t *p;
        json_array_foreach(parcels, i, p)
        {
            if ((rc = parse_parcel(&cx, p, i)) < 0)
                goto out;
        }
    } else if (fault) {
        rc = parse_fault(&cx, fault);
    } else if (json_object_get(root, "status") || json_object_get(root, "title")) {
        rc = parse_problem(&cx, root);
    } else {
        rc = malformed(&cx, "$", "neither \"parcels\" nor an error body");
    }
out:
    json_decref(root);
    return rc;
}

/* ---- request ------------------------------------------------------------------------------ */

static int gls_build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                             pc_http_request *ret_req)
{
    pc_buf url = {0};
    int rc = PC_ENOMEM;

    memset(ret_req, 0, sizeof(*ret_req));
    if (!numbers || n == 0 || n > GLS_MAX_BATCH)
        return PC_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!numbers[i] || !numbers[i][0])
            return PC_EINVAL;
    if (cfg && (!pc_header_value_ok(cfg->access_token) || !pc_header_value_ok(cfg->base_url)))
        return PC_EINVAL;
    const char *base = cfg && cfg->base_url && cfg->base_url[0] ? cfg->base_url : GLS_BASE_URL;
    int blen = (int)strlen(base);
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    /* pc_buf errors are sticky: pc_buf_take() reports any of them */
    pc_buf_addf(&url, "%.*s/tracking/simple/trackids/", blen, base);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            pc_buf_add(&url, ",", 1);
        pc_buf_add_urlenc(&url, numbers[i]);
    }
    if (!(ret_req->url = pc_buf_take(&url, NULL)) || !(ret_req->method = strdup("GET")) ||
        (rc = pc_http_request_add_header(ret_req, "Accept: application/json")) < 0 ||
        (rc = pc_http_request_add_header(ret_req, "Accept-Language: EN")) < 0)
        goto out;
    rc = 0;
    if (cfg && cfg->access_token && cfg->access_token[0])
        rc = pc_http_request_add_header(ret_req, "Authorization: Bearer %s", cfg->access_token);
out:
    if (rc < 0)
        pc_http_request_done(ret_req);
    return rc;
}

/* ---- render (sandbox, simulator) ---------------------------------------------------------- */

/* Simulator codes (docs/simulator.md) to GLS event codes that parse maps back to the same
 * status. GLS has no published event code for a failed attempt, an exception or a return:
 * NOTDEL.NOTATHOME is the code GLS sends for a missed delivery (unknown to the table, so parse
 * takes the parcel status when it is the newest event); other codes are written as they are. */
static const struct {
    const char *sim, *gls;
} gls_render_codes[] = {
    {"AP", "DELIVD.PARCELSHOP"}, {"AR", "INBOUD.NORMAL"},       {"CC", "INBOUD.NORMAL"},
    {"CR", "OUTBOD.NORMAL"},     {"DL", "DELIVD.DEL_BY_PSAPP"}, {"DP", "OUTBOD.NORMAL"},
    {"FA", "NOTDEL.NOTATHOME"},  {"IR", "INTIAL.PREADVICE"},    {"OFD", "OUTDEL.NORMAL"},
    {"PU", "INTIAL.NORMAL"},
};

static const char *render_code(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof(gls_render_codes) / sizeof(gls_render_codes[0]); i++)
        if (strcmp(gls_render_codes[i].sim, code) == 0)
            return gls_render_codes[i].gls;
    return code;
}

/* The parcel status for a normalized status: the row with the same substatus, else the first
 * row with the status; NULL when GLS has none (returned, pending, expired). */
static const char *render_parcel_status(pc_status st, const char *sub)
{
    const char *first = NULL;
    for (size_t i = 0; i < pc__gls_status_codes_len; i++) {
        const pc_code_map *m = &pc__gls_status_codes[i];
        if (m->status != st)
            continue;
        const char *ms = m->substatus;
        if ((!ms && !sub) || (ms && sub && strcmp(ms, sub) == 0))
            return m->code;
        if (!first)
            first = m->code;
    }
    return first;
}

/* Local time with GLS's colon-less offset: "2024-10-07T10:46:14+0200". */
static int render_time(json_t *obj, const char *key, int64_t t, int off)
{
    pc_civil c;
    char buf[40];
    if (off == PC_OFFSET_NONE)
        off = 0;
    pc_unix_to_civil(t + (int64_t)off * 60, &c);
    int a = off < 0 ? -off : off;
    snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d%02d", c.year, c.month, c.day,
             c.hour, c.minute, c.second, off < 0 ? '-' : '+', a / 60, a % 60);
    return json_object_set_new(obj, key, json_string(buf)) == 0 ? 0 : PC_ENOMEM;
}

static int set_text(json_t *obj, const char *key, const char *v)
{
    return json_object_set_new(obj, key, json_string(v ? v : "")) == 0 ? 0 : PC_ENOMEM;
}

static int render_parcel(json_t *parcels, const pc_shipment *s)
{
    json_t *p = json_object(), *events = json_array();
    int rc = PC_ENOMEM;
    size_t newest = 0;

    if (!p || !events || json_array_append(parcels, p) < 0)
        goto out;
    if ((rc = set_text(p, "requested", s->tracking_number)) < 0 ||
        (rc = set_text(p, "unitno", s->tracking_number)) < 0)
        goto out;
    for (size_t i = 1; i < s->n_events; i++)
        if (s->events[i].time >= s->events[newest].time)
            newest = i;
    if (s->n_events > 0) {
        const char *st = render_parcel_status(s->status, s->substatus);
        if (st && ((rc = set_text(p, "status", st)) < 0 ||
                   (rc = render_time(p, "statusDateTime", s->events[newest].time,
                                     s->events[newest].utc_offset)) < 0))
            goto out;
    }
    /* GLS lists events newest first */
    for (size_t k = s->n_events; k-- > 0;) {
        const pc_event *ev = &s->events[k];
        json_t *e = json_object();
        rc = PC_ENOMEM;
        if (!e || json_array_append_new(events, e) < 0)
            goto out;
        if ((rc = set_text(e, "code", render_code(ev->code))) < 0 ||
            (rc = set_text(e, "city", ev->location.city)) < 0 ||
            (rc = set_text(e, "postalCode", ev->location.postal_code)) < 0 ||
            (rc = set_text(e, "country", ev->location.country)) < 0 ||
            (rc = set_text(e, "description", ev->description)) < 0 ||
            (rc = render_time(e, "eventDateTime", ev->time, ev->utc_offset)) < 0)
            goto out;
    }
    rc = json_object_set(p, "events", events) == 0 ? 0 : PC_ENOMEM;
out:
    json_decref(p);
    json_decref(events);
    return rc;
}

static int render_parcel_error(json_t *parcels, const pc_track_error *e)
{
    const char *code = "E_500_01", *msg = "Internal Server Error";
    if (e->kind == PC_TE_NOT_FOUND) {
        code = "E_404_01";
        msg = "Resource Not Found";
    } else if (e->kind == PC_TE_INVALID_NUMBER) {
        code = "E_400_01";
        msg = "Bad Request";
    }
    json_t *p = json_pack("{s:s, s:s, s:s}", "requested", e->tracking_number, "errorCode", code,
                          "errorMessage", e->message ? e->message : msg);
    return p && json_array_append_new(parcels, p) == 0 ? 0 : PC_ENOMEM;
}

/* Whole-request errors: the API gateway's fault body (auth 401, rate limit 429), problem+json
 * for anything else (500). */
static json_t *render_request_error(const pc_track_error *e, int *ret_status)
{
    if (e->kind == PC_TE_AUTH) {
        *ret_status = 401;
        return json_pack("{s:{s:s, s:{s:s}}}", "fault", "faultstring", "Invalid access token",
                         "detail", "errorcode", "steps.jwt.TokenExpired");
    }
    if (e->kind == PC_TE_RATE_LIMITED) {
        *ret_status = 429;
        return json_pack("{s:{s:s, s:{s:s}}}", "fault", "faultstring", "Rate limit quota violation",
                         "detail", "errorcode", "policies.ratelimit.QuotaViolation");
    }
    *ret_status = 500;
    return json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title",
                     "Internal Server Error", "status", 500, "detail",
                     e->message ? e->message : "Internal Server Error");
}

static int gls_render(const pc_shipment *shipments, size_t n_shipments,
                      const pc_track_error *errors, size_t n_errors, pc_format format,
                      char **ret_body, size_t *ret_len, int *ret_http_status)
{
    json_t *root = NULL, *parcels = NULL;
    int rc = PC_ENOMEM;

    *ret_body = NULL;
    *ret_len = 0;
    *ret_http_status = 200;
    if (format != PC_FORMAT_AUTO && format != PC_FORMAT_JSON)
        return PC_EUNSUPPORTED;
    for (size_t i = 0; i < n_errors; i++) {
        const pc_track_error *e = &errors[i];
        if (!e->tracking_number || e->kind == PC_TE_AUTH || e->kind == PC_TE_RATE_LIMITED) {
            root = render_request_error(e, ret_http_status);
            goto dump;
        }
    }
    if (!(root = json_object()) || !(parcels = json_array()) ||
        json_object_set(root, "parcels", parcels) < 0)
        goto out;
    for (size_t i = 0; i < n_shipments; i++)
        if ((rc = render_parcel(parcels, &shipments[i])) < 0)
            goto out;
    for (size_t i = 0; i < n_errors; i++)
        if ((rc = render_parcel_error(parcels, &errors[i])) < 0)
            goto out;
dump:
    rc = PC_ENOMEM;
    if (!root || !(*ret_body = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)))
        goto out;
    *ret_len = strlen(*ret_body);
    rc = 0;
out:
    json_decref(parcels);
    json_decref(root);
    return rc;
}

/* The inverse of gls_build_request: GET <base path>/tracking/simple/trackids/n1,n2,... */
static int gls_parse_request(const char *method, const char *path_and_query, const char *body,
                             size_t body_len, char ***ret_numbers, size_t *ret_n)
{
    static const char marker[] = "/tracking/simple/trackids/";

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
    return pc_url_decode_list(p, strcspn(p, "?#"), ',', GLS_MAX_BATCH, ret_numbers, ret_n);
}

const pc_adapter pc_adapter_gls = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = GLS_NAME,
    .display_name = "GLS",
    .caps = PC_CAP_JSON | PC_CAP_PULL | PC_CAP_BATCH | PC_CAP_OAUTH | PC_CAP_RENDER,
    .max_batch = GLS_MAX_BATCH,
    .default_zone = GLS_DEFAULT_ZONE,
    .build_request = gls_build_request,
    .parse = gls_parse,
    .render = gls_render,
    .parse_request = gls_parse_request,
    .base_url = GLS_BASE_URL,
    .oauth_token_path = "/oauth2/v2/token",
    .oauth_flags = 0,
};

PC_ADAPTER_EXPORT(pc_adapter_gls);
