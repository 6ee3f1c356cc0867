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

/* String member: NULL when absent or null; PC_EMALFORMED for another type; PC_ELIMIT if long. */
static int get_str(lp_ctx *cx, const json_t *obj, const char *path, const char *key,
                   const char **ret)
{
    *ret = NULL;
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.%s: expected a string",
                           path, key);
    size_t len = json_string_length(v);
    if (cx->lim->max_string && len > cx->lim->max_string)
        return pc_diag_set(cx->diag, PC_ELIMIT, (size_t)-1, 0, 0,
                           "%s.%s: text of %zu bytes exceeds the limit of %zu bytes", path, key,
                           len, cx->lim->max_string);
    *ret = json_string_value(v);
    return 0;
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

static int parse_shipment(lp_ctx *cx, const json_t *sh, const char *path)
{
    const char *id, *product, *estim, *origin = NULL, *arrival = NULL;
    pc_shipment *s;
    char p[128];
    int rc;
    if (!json_is_object(sh))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object",
                           path);
    if ((rc = get_str(cx, sh, path, "idShip", &id)) < 0 ||
        (rc = get_str(cx, sh, path, "product", &product)) < 0 ||
        (rc = get_str(cx, sh, path, "estimDate", &estim)) < 0)
        return rc;
    if (!id)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.idShip is missing", path);
    json_t *ctxd = json_object_get(sh, "contextData");
    if (json_is_object(ctxd)) {
        snprintf(p, sizeof(p), "%s.contextData", path);
        if ((rc = get_str(cx, ctxd, p, "originCountry", &origin)) < 0 ||
            (rc = get_str(cx, ctxd, p, "arrivalCountry", &arrival)) < 0)
            return rc;
    } else if (ctxd && !json_is_null(ctxd)) {
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s.contextData: expected an object", path);
    }
    json_t *events = json_object_get(sh, "event");
    if (events && !json_is_null(events) && !json_is_array(events))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.event: expected an array",
                           path);

    rc = pc_parse_result_add_shipment(cx->out, cx->lim, LP_NAME, &s);
    if (rc == PC_ELIMIT)
        return pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0, "more than %zu shipments in one body",
                           cx->lim->max_shipments);
    if (rc < 0 || (rc = pc_set_str(&s->tracking_number, id, (size_t)-1)) < 0 ||
        (product && (rc = pc_set_clean(&s->service, product, (size_t)-1)) < 0) ||
        (rc = set_country(&s->origin, origin)) < 0 ||
        (rc = set_country(&s->destination, arrival)) < 0)
        return rc;
    if (estim) {
        pc_event tmp;
        memset(&tmp, 0, sizeof(tmp));
        snprintf(p, sizeof(p), "%s.estimDate", path);
        if ((rc = set_time(cx, p, estim, &s->destination, 1, &tmp)) < 0)
            return rc;
        s->carrier_eta = tmp.time;
    }

    size_t i;
    json_t *e;
    json_array_foreach(events, i, e)
    {
        const char *code, *label, *date;
        pc_event *ev;
        snprintf(p, sizeof(p), "%s.event[%zu]", path, i);
        if (!json_is_object(e))
            return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: expected an object",
                               p);
        if ((rc = get_str(cx, e, p, "code", &code)) < 0 ||
            (rc = get_str(cx, e, p, "label", &label)) < 0 ||
            (rc = get_str(cx, e, p, "date", &date)) < 0)
            return rc;
        rc = pc_shipment_add_event(s, cx->lim->max_events, &ev);
        if (rc == PC_ELIMIT)
            return pc_diag_set(cx->diag, rc, (size_t)-1, 0, 0, "%s: more than %zu events", id,
                               cx->lim->max_events);
        if (rc < 0)
            return rc;
        if (!date)
            return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.date is missing", p);
        if ((rc = pc_set_str(&ev->code, code, (size_t)-1)) < 0 ||
            (label && (rc = pc_set_clean(&ev->description, label, (size_t)-1)) < 0))
            return rc;
        const pc_code_map *m =
            code ? pc_code_map_find(pc__laposte_codes, pc__laposte_codes_len, code, strlen(code))
                 : NULL;
        ev->status = m ? m->status : pc__laposte_family_status(code);
        if (m && m->substatus && (rc = pc_set_str(&ev->substatus, m->substatus, (size_t)-1)) < 0)
            return rc;
        snprintf(p, sizeof(p), "%s.event[%zu].date", path, i);
        if ((rc = set_time(cx, p, date, &s->destination, 0, ev)) < 0)
            return rc;
    }
    return 0;
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
    const char *gw_code, *gw_msg, *ret_msg, *id;
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
        return rc;
    json_t *sh = json_object_get(ent, "shipment");
    if (sh && !json_is_null(sh) && (code == 0 || (code >= 200 && code < 300)) && !gw_code) {
        snprintf(p, sizeof(p), "%s.shipment", path);
        return parse_shipment(cx, sh, p);
    }
    if (!gw_code && (code == 0 || (code >= 200 && code < 300)))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: neither a shipment nor an error (returnCode %d)", path, code);
    pc_track_error_kind kind = error_kind(code, gw_code);
    char num[8];
    snprintf(num, sizeof(num), "%d", code);
    /* auth and rate limits concern the whole request, not the number echoed back */
    const char *number = kind == PC_TE_AUTH || kind == PC_TE_RATE_LIMITED ? NULL : id;
    return pc_parse_result_add_error(cx->out, number, kind, gw_code ? gw_code : num,
                                     ret_msg ? ret_msg : gw_msg, 0);
}

static int lp_parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    lp_ctx cx = {.lim = in->limits, .out = out, .diag = diag};
    json_error_t jerr;
    json_t *root = json_loadb(in->data, in->len, 0, &jerr);
    int rc = 0;
    if (!root)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)jerr.position, jerr.line, jerr.column,
                           "malformed JSON: %s", jerr.text);
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

static char *url_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *o = malloc(strlen(s) * 3 + 1), *w = o;
    if (!o)
        return NULL;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            *w++ = (char)c;
        } else {
            *w++ = '%';
            *w++ = hex[c >> 4];
            *w++ = hex[c & 15];
        }
    }
    *w = '\0';
    return o;
}

static int lp_build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                            pc_http_request *ret_req)
{
    char *ids = NULL;
    size_t cap = 0, len = 0;
    int rc = PC_ENOMEM;
    memset(ret_req, 0, sizeof(*ret_req));
    if (n == 0 || n > LP_MAX_BATCH || !numbers)
        return PC_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!numbers[i] || !numbers[i][0])
            return PC_EINVAL;
    /* ids joined with a literal comma (the API's separator), each one escaped */
    for (size_t i = 0; i < n; i++) {
        char *e = url_escape(numbers[i]);
        if (!e)
            goto out;
        size_t el = strlen(e);
        if (len + el + 2 > cap) {
            size_t ncap = (len + el + 2) * 2;
            char *t = realloc(ids, ncap);
            if (!t) {
                free(e);
                goto out;
            }
            ids = t;
            cap = ncap;
        }
        if (i)
            ids[len++] = ',';
        memcpy(ids + len, e, el + 1);
        len += el;
        free(e);
    }
    const char *base = cfg && cfg->base_url ? cfg->base_url : LP_BASE_URL;
    int blen = (int)strnlen(base, 4096);
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    int ulen = snprintf(NULL, 0, "%.*s/suivi/v2/idships/%s?lang=fr_FR", blen, base, ids);
    if (ulen < 0 || !(ret_req->url = malloc((size_t)ulen + 1)))
        goto out;
    snprintf(ret_req->url, (size_t)ulen + 1, "%.*s/suivi/v2/idships/%s?lang=fr_FR", blen, base,
             ids);
    if (!(ret_req->method = strdup("GET")) ||
        pc_http_request_add_header(ret_req, "Accept: application/json") < 0 ||
        (cfg && cfg->api_key &&
         pc_http_request_add_header(ret_req, "X-Okapi-Key: %s", cfg->api_key) < 0))
        goto out;
    rc = 0;
out:
    if (rc < 0)
        pc_http_request_done(ret_req);
    free(ids);
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

const pc_adapter pc_adapter_laposte = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = LP_NAME,
    .display_name = "La Poste",
    .caps = PC_CAP_JSON | PC_CAP_PULL | PC_CAP_BATCH,
    .max_batch = LP_MAX_BATCH,
    .default_zone = LP_DEFAULT_ZONE,
    .detect = lp_detect,
    .build_request = lp_build_request,
    .parse = lp_parse,
};

PC_ADAPTER_EXPORT(pc_adapter_laposte);
