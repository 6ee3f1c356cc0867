/*
 * La Poste Suivi v2 adapter (JSON): GET /suivi/v2/idships/{id[,id...]} (up to 10 numbers).
 *
 * The body is an array with one entry per number: {returnCode, shipment{idShip, product,
 * isFinal, deliveryDate, estimDate, contextData{originCountry, arrivalCountry}, event[]{code,
 * label, date}, timeline[]}}, or {returnCode: 404, returnMessage, idShip} for a number in
 * error. A request-level failure comes back as a bare object: {returnCode: 400, returnMessage,
 * idShip} or the gateway's {code: "TOO_MANY_REQUESTS", message}. Labels are French (lang=fr_FR);
 * events are newest first, with an offset, and without a location.
 */
#include "laposte_codes.h"

#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LP_NAME         "laposte"
#define LP_DEFAULT_ZONE "Europe/Paris"
#define LP_BASE_URL     "https://api.laposte.fr"
#define LP_MAX_BATCH    10

typedef struct lp_ctx {
    const pc_parse_limits *lim;
    pc_parse_result *out;
    pc_diag *diag;
} lp_ctx;

/*
 * String member key of obj as trimmed text into *ret (pc_json_get_text). La Poste sends text as
 * strings: a number is refused here rather than read as text ({"code": 429} is not an error code).
 */
static int get_str(lp_ctx *cx, const json_t *obj, const char *path, const char *key, char **ret)
{
    *ret = NULL;
    if (json_is_integer(json_object_get(obj, key)))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.%s: expected a string",
                           path, key);
    return pc_json_get_text(obj, key, path, cx->lim, cx->diag, ret);
}

/* returnCode is a number in La Poste's bodies; accept a numeric string. 0 = absent. */
static int get_return_code(lp_ctx *cx, const json_t *obj, const char *path, int *ret)
{
    json_t *v = json_object_get(obj, "returnCode");
    *ret = 0;
    if (!v || json_is_null(v))
        return 0;
    if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) < 1000) {
        *ret = (int)json_integer_value(v);
        return 0;
    }
    const char *s = json_string_value(v);
    if (s && strlen(s) == 3 && strspn(s, "0123456789") == 3) {
        *ret = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
        return 0;
    }
    return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                       "%s.returnCode: expected a 3-digit HTTP status", path);
}

/*
 * Parse `when` into ev->time / ev->utc_offset. With end_of_day, a time of exactly local
 * midnight is read as a bare date and moved to 23:59 that day (estimDate "2024-09-09T00:00:00
 * +02:00" promises the 9th, not its first minute), like the date-only ETAs of other carriers.
 */
static int set_time(lp_ctx *cx, const char *path, const char *when, const pc_location *fallback,
                    int end_of_day, pc_event *ev)
{
    pc_civil local;
    int offset;
    if (pc_time_parse_iso(when, &local, &offset) < 0)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: '%.40s' is not an ISO 8601 time", path, when);
    if (end_of_day && local.hour == 0 && local.minute == 0 && local.second == 0) {
        local.hour = 23;
        local.minute = 59;
    }
    int rc = pc_event_set_local_time(ev, &local, offset, fallback, LP_DEFAULT_ZONE);
    if (rc == PC_ENOMEM)
        return rc;
    if (rc < 0)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: cannot resolve the time '%.40s'", path, when);
    return 0;
}

static int set_country(pc_location *loc, const char *s)
{
    const char *iso = s ? pc_country_iso2(s, (size_t)-1) : NULL;
    return iso ? pc_set_str(&loc->country, iso, (size_t)-1) : 0;
}

/* One event[] entry {code, label, date}. */
static int parse_event(lp_ctx *cx, pc_shipment *s, const json_t *e, const char *shipment_path,
                       size_t i)
{
    char *code = NULL, *label = NULL, *date = NULL;
    pc_event *ev;
    char p[128];
    int rc;
    snprintf(p, sizeof(p), "%s.event[%zu]", shipment_path, i);
    if (!json_is_object(e))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object", p);
    if ((rc = get_str(cx, e, p, "code", &code)) < 0 ||
        (rc = get_str(cx, e, p, "label", &label)) < 0 ||
        (rc = get_str(cx, e, p, "date", &date)) < 0)
        goto out;
    rc = pc_shipment_add_event(s, cx->lim->max_events, &ev);
    if (rc == PC_ELIMIT)
        rc = pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0, "%s: more than %zu events",
                         s->tracking_number, cx->lim->max_events);
    if (rc < 0)
        goto out;
    if (!date) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.date is missing", p);
        goto out;
    }
    if ((rc = pc_set_str(&ev->code, code, (size_t)-1)) < 0 ||
        (label && (rc = pc_set_clean(&ev->description, label, (size_t)-1)) < 0))
        goto out;
    const pc_code_map *m =
        code ? pc_code_map_find(pc__laposte_codes, pc__laposte_codes_len, code, strlen(code))
             : NULL;
    ev->status = m ? m->status : pc__laposte_family_status(code);
    if (m && m->substatus && (rc = pc_set_str(&ev->substatus, m->substatus, (size_t)-1)) < 0)
        goto out;
    snprintf(p, sizeof(p), "%s.event[%zu].date", shipment_path, i);
    rc = set_time(cx, p, date, &s->destination, 0, ev);
out:
    free(code);
    free(label);
    free(date);
    return rc;
}

static int parse_shipment(lp_ctx *cx, const json_t *sh, const char *path)
{
    char *id = NULL, *product = NULL, *estim = NULL, *origin = NULL, *arrival = NULL;
    pc_shipment *s;
    char p[128];
    int rc;
    if (!json_is_object(sh))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object",
                           path);
    if ((rc = get_str(cx, sh, path, "idShip", &id)) < 0 ||
        (rc = get_str(cx, sh, path, "product", &product)) < 0 ||
        (rc = get_str(cx, sh, path, "estimDate", &estim)) < 0)
        goto out;
    if (!id) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.idShip is missing", path);
        goto out;
    }
    json_t *ctxd = json_object_get(sh, "contextData");
    if (json_is_object(ctxd)) {
        snprintf(p, sizeof(p), "%s.contextData", path);
        if ((rc = get_str(cx, ctxd, p, "originCountry", &origin)) < 0 ||
            (rc = get_str(cx, ctxd, p, "arrivalCountry", &arrival)) < 0)
            goto out;
    } else if (ctxd && !json_is_null(ctxd)) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "%s.contextData: expected an object", path);
        goto out;
    }
    json_t *events = json_object_get(sh, "event");
    if (events && !json_is_null(events) && !json_is_array(events)) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.event: expected an array",
                         path);
        goto out;
    }

    rc = pc_parse_result_add_shipment(cx->out, cx->lim, LP_NAME, &s);
    if (rc == PC_ELIMIT)
        rc = pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0, "more than %zu shipments in one body",
                         cx->lim->max_shipments);
    if (rc < 0 || (rc = pc_set_str(&s->tracking_number, id, (size_t)-1)) < 0 ||
        (product && (rc = pc_set_clean(&s->service, product, (size_t)-1)) < 0) ||
        (rc = set_country(&s->origin, origin)) < 0 ||
        (rc = set_country(&s->destination, arrival)) < 0)
        goto out;
    if (estim) {
        pc_event tmp;
        memset(&tmp, 0, sizeof(tmp));
        snprintf(p, sizeof(p), "%s.estimDate", path);
        if ((rc = set_time(cx, p, estim, &s->destination, 1, &tmp)) < 0)
            goto out;
        s->carrier_eta = tmp.time;
    }

    size_t i;
    json_t *e;
    json_array_foreach(events, i, e)
    {
        if ((rc = parse_event(cx, s, e, path, i)) < 0)
            goto out;
    }
out:
    free(id);
    free(product);
    free(estim);
    free(origin);
    free(arrival);
    return rc;
}

static pc_track_error_kind error_kind(int return_code, const char *gateway_code)
{
    if (gateway_code) {
        if (strcasecmp(gateway_code, "TOO_MANY_REQUESTS") == 0)
            return PC_TE_RATE_LIMITED;
        if (strcasecmp(gateway_code, "UNAUTHORIZED") == 0 ||
            strcasecmp(gateway_code, "FORBIDDEN") == 0 ||
            strcasecmp(gateway_code, "INVALID_API_KEY") == 0)
            return PC_TE_AUTH;
    }
    switch (return_code) {
    case 400:
        return PC_TE_INVALID_NUMBER;
    case 401:
    case 403:
        return PC_TE_AUTH;
    case 404:
        return PC_TE_NOT_FOUND;
    case 429:
        return PC_TE_RATE_LIMITED;
    default:
        return PC_TE_CARRIER_ERROR;
    }
}

/* One array entry, or the bare top-level object. */
static int parse_entry(lp_ctx *cx, const json_t *ent, const char *path)
{
    char *gw_code = NULL, *gw_msg = NULL, *ret_msg = NULL, *id = NULL;
    int code, rc;
    char p[64];
    if (!json_is_object(ent))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object",
                           path);
    if ((rc = get_return_code(cx, ent, path, &code)) < 0 ||
        (rc = get_str(cx, ent, path, "code", &gw_code)) < 0 ||
        (rc = get_str(cx, ent, path, "message", &gw_msg)) < 0 ||
        (rc = get_str(cx, ent, path, "returnMessage", &ret_msg)) < 0 ||
        (rc = get_str(cx, ent, path, "idShip", &id)) < 0)
        goto out;
    /* a gateway body is one with a "code" string, even a blank one */
    int gateway = json_is_string(json_object_get(ent, "code"));
    json_t *sh = json_object_get(ent, "shipment");
    if (sh && !json_is_null(sh) && (code == 0 || (code >= 200 && code < 300)) && !gateway) {
        snprintf(p, sizeof(p), "%s.shipment", path);
        rc = parse_shipment(cx, sh, p);
        goto out;
    }
    if (!gateway && (code == 0 || (code >= 200 && code < 300))) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "%s: neither a shipment nor an error (returnCode %d)", path, code);
        goto out;
    }
    pc_track_error_kind kind = error_kind(code, gw_code);
    char num[8];
    snprintf(num, sizeof(num), "%d", code);
    /* auth and rate limits concern the whole request, not the number echoed back */
    const char *number = kind == PC_TE_AUTH || kind == PC_TE_RATE_LIMITED ? NULL : id;
    rc = pc_parse_result_add_error(cx->out, number, kind, gateway ? gw_code : num,
                                   ret_msg ? ret_msg : gw_msg, 0);
out:
    free(gw_code);
    free(gw_msg);
    free(ret_msg);
    free(id);
    return rc;
}

static int lp_parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    lp_ctx cx = {.lim = in->limits, .out = out, .diag = diag};
    json_t *root;
    int rc = pc_json_load_body(in, &root, diag);
    if (rc < 0)
        return rc;
    if (json_is_array(root)) {
        size_t i;
        json_t *ent;
        char p[32];
        if (json_array_size(root) == 0)
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0, "empty array: no entries");
        json_array_foreach(root, i, ent)
        {
            snprintf(p, sizeof(p), "[%zu]", i);
            if ((rc = parse_entry(&cx, ent, p)) < 0)
                break;
        }
    } else if (json_is_object(root)) {
        rc = parse_entry(&cx, root, "body");
    } else {
        rc = pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "expected a JSON array or object");
    }
    json_decref(root);
    return rc;
}

static int lp_build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                            pc_http_request *ret_req)
{
    pc_buf url = {0};
    int rc = PC_ENOMEM;
    memset(ret_req, 0, sizeof(*ret_req));
    if (n == 0 || n > LP_MAX_BATCH || !numbers)
        return PC_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!numbers[i] || !numbers[i][0])
            return PC_EINVAL;
    const char *base = cfg && cfg->base_url ? cfg->base_url : LP_BASE_URL;
    int blen = (int)strnlen(base, 4096);
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    /* pc_buf errors are sticky: pc_buf_take() reports any of them */
    pc_buf_addf(&url, "%.*s/suivi/v2/idships/", blen, base);
    /* ids joined with a literal comma (the API's separator), each one escaped */
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            pc_buf_add(&url, ",", 1);
        pc_buf_add_urlenc(&url, numbers[i]);
    }
    pc_buf_add(&url, "?lang=fr_FR", (size_t)-1);
    if (!(ret_req->url = pc_buf_take(&url, NULL)) || !(ret_req->method = strdup("GET")) ||
        pc_http_request_add_header(ret_req, "Accept: application/json") < 0 ||
        (cfg && cfg->api_key &&
         pc_http_request_add_header(ret_req, "X-Okapi-Key: %s", cfg->api_key) < 0))
        goto out;
    rc = 0;
out:
    if (rc < 0)
        pc_http_request_done(ret_req);
    return rc;
}

static int lp_detect(const char *number, int *ret_check_ok)
{
    static const int w[8] = {8, 6, 4, 2, 3, 5, 9, 7};
    size_t n = strlen(number);
    *ret_check_ok = 0;
    /* UPU S10 ending in FR: AA123456785FR */
    if (n == 13 && strspn(number + 2, "0123456789") == 9 && strcasecmp(number + 11, "FR") == 0) {
        int sum = 0;
        for (int i = 0; i < 8; i++)
            sum += (number[2 + i] - '0') * w[i];
        int c = 11 - sum % 11;
        c = c == 10 ? 0 : c == 11 ? 5 : c;
        *ret_check_ok = c == number[10] - '0';
        return *ret_check_ok ? 95 : 20;
    }
    /* Colissimo / Lettre suivie: digit, letter, 11 digits (6A12345678901) */
    if (n == 13 && number[0] >= '0' && number[0] <= '9' &&
        ((number[1] >= 'A' && number[1] <= 'Z') || (number[1] >= 'a' && number[1] <= 'z')) &&
        strspn(number + 2, "0123456789") == 11)
        return 60;
    return 0;
}

/* ---- render (sandbox, simulator) ---------------------------------------------------------- */

/* Simulator codes (docs/simulator.md) to La Poste's published codes. Suivi v2 has no code for
 * "out for delivery" nor for a failed attempt: OFD becomes MD2 (at the delivery site) and FA
 * EP1 (awaiting presentation), both in_transit once parsed. */
static const struct {
    const char *sim, *lp;
} lp_render_codes[] = {
    {"AP", "AG1"},      {"AR", "ET1"},         {"CC", "DO1"},         {"CR", "DO2"},
    {"DL", "DI1"},      {"DP", "ET1"},         {"EX-ADDRESS", "ND1"}, {"EX-CUSTOMS", "DO3"},
    {"EX-SORT", "PB1"}, {"EX-WEATHER", "PB1"}, {"FA", "EP1"},         {"IR", "DR1"},
    {"OFD", "MD2"},     {"PU", "PC1"},         {"RT", "RE1"},
};

static const char *render_code(const char *code)
{
    for (size_t i = 0; code && i < sizeof(lp_render_codes) / sizeof(lp_render_codes[0]); i++)
        if (strcmp(lp_render_codes[i].sim, code) == 0)
            return lp_render_codes[i].lp;
    return code;
}

static int set_opt(json_t *obj, const char *key, const char *v)
{
    if (!v)
        return 0;
    return json_object_set_new(obj, key, json_string(v)) == 0 ? 0 : PC_ENOMEM;
}

/* "2024-06-10T03:20:00+02:00"; off PC_OFFSET_NONE: French time at t. */
static int render_time(json_t *obj, const char *key, int64_t t, int off)
{
    pc_civil c;
    char buf[48], ofs[16];
    if (off == PC_OFFSET_NONE && pc_tz_offset_at(LP_DEFAULT_ZONE, t, &off) < 0)
        off = 0;
    pc_unix_to_civil(t + (int64_t)off * 60, &c);
    pc_offset_format(off, ofs, sizeof(ofs));
    snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%s", c.year, c.month, c.day, c.hour,
             c.minute, c.second, ofs);
    return json_object_set_new(obj, key, json_string(buf)) == 0 ? 0 : PC_ENOMEM;
}

/* {lang, scope, returnCode: 200, shipment{...}} with events newest first. */
static json_t *render_entry(const pc_shipment *s)
{
    json_t *ent = json_pack("{s:s, s:s, s:i}", "lang", "fr_FR", "scope", "open", "returnCode", 200);
    json_t *sh = json_object(), *ev_arr = json_array(), *ctxd = json_object();
    int rc = PC_ENOMEM;
    if (!ent || !sh || !ev_arr || !ctxd || json_object_set(ent, "shipment", sh) < 0)
        goto out;
    if ((rc = set_opt(sh, "idShip", s->tracking_number)) < 0 ||
        (rc = set_opt(sh, "product", s->service)) < 0)
        goto out;
    rc = PC_ENOMEM;
    if (json_object_set_new(sh, "isFinal", json_boolean(pc_status_is_final(s->status))) < 0)
        goto out;
    if (s->carrier_eta != PC_TIME_NONE &&
        (rc = render_time(sh, "estimDate", s->carrier_eta, PC_OFFSET_NONE)) < 0)
        goto out;
    rc = PC_ENOMEM;
    if (json_object_set(sh, "event", ev_arr) < 0)
        goto out;
    for (size_t k = s->n_events; k-- > 0;) {
        const pc_event *ev = &s->events[k];
        json_t *e = json_object();
        rc = PC_ENOMEM;
        if (!e || json_array_append_new(ev_arr, e) < 0)
            goto out;
        if ((rc = set_opt(e, "code", render_code(ev->code))) < 0 ||
            (rc = set_opt(e, "label", ev->description)) < 0 ||
            (rc = render_time(e, "date", ev->time, ev->utc_offset)) < 0)
            goto out;
    }
    if ((rc = set_opt(ctxd, "originCountry", s->origin.country)) < 0 ||
        (rc = set_opt(ctxd, "arrivalCountry", s->destination.country)) < 0)
        goto out;
    rc = json_object_set(sh, "contextData", ctxd) == 0 ? 0 : PC_ENOMEM;
out:
    json_decref(sh);
    json_decref(ev_arr);
    json_decref(ctxd);
    if (rc < 0) {
        json_decref(ent);
        return NULL;
    }
    return ent;
}

/* A number in error: {returnCode, returnMessage, lang, scope, idShip}. */
static json_t *render_error_entry(const pc_track_error *e, int *ret_http)
{
    switch (e->kind) {
    case PC_TE_AUTH:
        *ret_http = 401;
        return json_pack("{s:s, s:s}", "code", "UNAUTHORIZED", "message",
                         "The request requires user authentication");
    case PC_TE_RATE_LIMITED:
        *ret_http = 429;
        return json_pack("{s:s, s:s}", "code", "TOO_MANY_REQUESTS", "message",
                         "max quota reached (100 calls per 1s)");
    case PC_TE_NOT_FOUND:
        *ret_http = 404;
        break;
    case PC_TE_INVALID_NUMBER:
        *ret_http = 400;
        break;
    default:
        *ret_http = 500;
        break;
    }
    const char *msg = *ret_http == 404   ? "Numéro de suivi introuvable"
                      : *ret_http == 400 ? "Le numéro que vous avez saisi n’est pas valide."
                                         : "Erreur technique";
    json_t *ent = json_pack("{s:i, s:s, s:s, s:s}", "returnCode", *ret_http, "returnMessage", msg,
                            "lang", "fr_FR", "scope", "open");
    if (ent && e->tracking_number && set_opt(ent, "idShip", e->tracking_number) < 0) {
        json_decref(ent);
        return NULL;
    }
    return ent;
}

/*
 * One number: a bare object with the HTTP status of its returnCode. Several: an array, HTTP 207
 * (Multi-Status). Auth and rate limits are the gateway's bare {code, message}.
 */
static int lp_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                     size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                     int *ret_http_status)
{
    json_t *root = NULL;
    int rc = PC_ENOMEM, http = 200;

    *ret_body = NULL;
    *ret_len = 0;
    *ret_http_status = 200;
    if (format != PC_FORMAT_AUTO && format != PC_FORMAT_JSON)
        return PC_EUNSUPPORTED;
    for (size_t i = 0; i < n_errors; i++)
        if (!errors[i].tracking_number || errors[i].kind == PC_TE_AUTH ||
            errors[i].kind == PC_TE_RATE_LIMITED) {
            root = render_error_entry(&errors[i], &http);
            goto dump;
        }
    if (n_shipments + n_errors == 1) {
        root = n_shipments ? render_entry(&shipments[0]) : render_error_entry(&errors[0], &http);
        goto dump;
    }
    if (!(root = json_array()))
        goto out;
    http = n_shipments + n_errors > 1 ? 207 : 200;
    for (size_t i = 0; i < n_shipments; i++) {
        json_t *ent = render_entry(&shipments[i]);
        if (!ent || json_array_append_new(root, ent) < 0)
            goto out;
    }
    for (size_t i = 0; i < n_errors; i++) {
        int ignored;
        json_t *ent = render_error_entry(&errors[i], &ignored);
        if (!ent || json_array_append_new(root, ent) < 0)
            goto out;
    }
dump:
    if (!root || !(*ret_body = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)))
        goto out;
    *ret_len = strlen(*ret_body);
    *ret_http_status = http;
    rc = 0;
out:
    json_decref(root);
    return rc;
}

/* The inverse of lp_build_request: GET <base path>/suivi/v2/idships/{id[,id...]}?lang=fr_FR. */
static int lp_parse_request(const char *method, const char *path_and_query, const char *body,
                            size_t body_len, char ***ret_numbers, size_t *ret_n)
{
    static const char marker[] = "/suivi/v2/idships/";

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
    if (memchr(p, '/', end)) /* the numbers are one path segment */
        return PC_EMALFORMED;
    return pc_url_decode_list(p, end, ',', LP_MAX_BATCH, ret_numbers, ret_n);
}

const pc_adapter pc_adapter_laposte = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = LP_NAME,
    .display_name = "La Poste",
    .caps = PC_CAP_JSON | PC_CAP_PULL | PC_CAP_BATCH | PC_CAP_RENDER,
    .max_batch = LP_MAX_BATCH,
    .default_zone = LP_DEFAULT_ZONE,
    .detect = lp_detect,
    .build_request = lp_build_request,
    .parse = lp_parse,
    .render = lp_render,
    .parse_request = lp_parse_request,
    .base_url = LP_BASE_URL,
};

PC_ADAPTER_EXPORT(pc_adapter_laposte);
