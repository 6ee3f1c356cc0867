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
