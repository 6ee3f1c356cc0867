/*
 * Australia Post tracking adapter: Shipping and Tracking API, GET /shipping/v1/track (JSON).
 *
 * Request: GET {base}/shipping/v1/track?tracking_ids=a,b,... (at most 10 ids), HTTP Basic auth
 * with the API key (cfg->api_key) and password (cfg->client_secret), header Account-Number
 * (cfg->account).
 *
 * Body: {"tracking_results":[{tracking_id, status, trackable_items[] | errors[]}]}. Quirks
 * handled here:
 * - a trackable item is either an article {article_id, product_type, events[], status} or a
 *   consignment {consignment_id, number_of_items, items[] of articles}. One shipment per
 *   tracking_id; a consignment's events are those of all its items;
 * - events (newest first) have no code: the status comes from the description through the
 *   keyword table in australiapost_codes.c; the newest event falls back on the item status when
 *   no keyword matches ("Unknown" is no help and is ignored);
 * - dates carry an offset ("2021-01-21T11:04:27+11:00"); one without is resolved from the
 *   location's state, then Australia/Melbourne;
 * - location is free text: "KEW VIC" (suburb + state), "KEW VIC 3101", "CHICAGO (US)",
 *   "US-60199, UNITED STATES", "NZ", and the placeholder "Transit Scan" (no place);
 * - per-id errors inside HTTP 200: {"tracking_id", "errors":[{"code":"ESB-10001", "name"}]};
 *   whole-request errors {"errors":[{code, name, message}]} (51101...) or from the gateway
 *   {"errors":[{error_code:"API_002", error_name, message}]}.
 */
#include "australiapost_codes.h"

#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define AP_NAME         "australiapost"
#define AP_BASE_URL     "https://digitalapi.auspost.com.au"
#define AP_DEFAULT_ZONE "Australia/Melbourne"
#define AP_MAX_BATCH    10

typedef struct ap_ctx {
    const pc_parse_limits *lim;
    pc_parse_result *out;
    pc_diag *diag;
} ap_ctx;

/* ---- small helpers ------------------------------------------------------------------------ */

static int malformed(ap_ctx *cx, const char *path, const char *what)
{
    return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: %s", path, what);
}

/* obj[key] as an array (NULL when absent or null); another type is PC_EMALFORMED. */
static int get_array(ap_ctx *cx, const json_t *obj, const char *key, const char *path,
                     const json_t **ret)
{
    const json_t *v = json_object_get(obj, key);
    *ret = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v))
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.%s: not an array", path,
                           key);
    *ret = v;
    return 0;
}

/* A status worth falling back on: known and not the "Unknown" placeholder. */
static const pc_code_map *useful_status(const char *status)
{
    const pc_code_map *m = pc__australiapost_find_status(status);
    return m && strcmp(m->code, "Unknown") != 0 ? m : NULL;
}

/* ---- locations ---------------------------------------------------------------------------- */

static const char *au_state(const char *s, size_t n)
{
    static const char *const states[] = {"ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA"};
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        if (strlen(states[i]) == n && strncasecmp(s, states[i], n) == 0)
            return states[i];
    return NULL;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

static int set_country(pc_location *loc, const char *iso)
{
    return iso ? pc_set_str(&loc->country, iso, (size_t)-1) : 0;
}

/* Free-text location into city / region / postal code / country (see the file comment). */
static int parse_location(const char *raw, pc_location *loc)
{
    int rc;
    size_t n = raw ? strlen(raw) : 0;
    if (n == 0 || strcasecmp(raw, "Transit Scan") == 0)
        return 0;

    /* "CHICAGO (US)", "JOHN F. KENNEDY APT/NEW YORK (US)" */
    const char *open = strrchr(raw, '(');
    if (raw[n - 1] == ')' && open) {
        const char *iso = pc_country_iso2(open + 1, (size_t)(raw + n - 1 - (open + 1)));
        if (iso) {
            if ((rc = set_country(loc, iso)) < 0)
                return rc;
            return pc_set_str(&loc->city, raw, (size_t)(open - raw));
        }
    }

    /* "US-60199, UNITED STATES": [CC-]postal or city, then a country name */
    const char *comma = strrchr(raw, ',');
    if (comma) {
        const char *name = comma + 1;
        while (*name == ' ')
            name++;
        const char *iso = pc_country_iso2(name, (size_t)(raw + n - name));
        if (iso) {
            size_t fl = (size_t)(comma - raw);
            if ((rc = set_country(loc, iso)) < 0)
                return rc;
            if (fl > 3 && raw[2] == '-' && pc_country_iso2(raw, 2))
                return pc_set_str(&loc->postal_code, raw + 3, fl - 3);
            return pc_set_str(&loc->city, raw, fl);
        }
    }

    /* "KEW VIC", "KEW VIC 3101", "VIC" */
    const char *end = raw + n;
    const char *last = end;
    while (last > raw && last[-1] != ' ')
        last--;
    const char *postal = NULL;
    size_t postal_len = 0;
    if (last > raw && all_digits(last, (size_t)(end - last)) && end - last == 4) {
        postal = last;
        postal_len = 4;
        end = last;
        while (end > raw && end[-1] == ' ')
            end--;
        last = end;
        while (last > raw && last[-1] != ' ')
            last--;
    }
    const char *state = au_state(last, (size_t)(end - last));
    if (state) {
        if ((rc = pc_set_str(&loc->region, state, (size_t)-1)) < 0 ||
            (rc = set_country(loc, "AU")) < 0 ||
            (rc = pc_set_str(&loc->postal_code, postal, postal_len)) < 0)
            return rc;
        return pc_set_str(&loc->city, raw, (size_t)(last - raw));
    }

    /* "NZ", "NEW ZEALAND", else a place name ("SYDNEY"). Three letters are a facility code
     * ("MEL", "PER" is Perth, not Peru), never an alpha-3 country. */
    const char *iso = n == 3 ? NULL : pc_country_iso2(raw, n);
    if (iso)
        return set_country(loc, iso);
    return pc_set_str(&loc->city, raw, n);
}

/* ---- tracking results --------------------------------------------------------------------- */

static int set_time(ap_ctx *cx, pc_event *ev, const char *s, const char *path)
{
    pc_civil c;
    int off;
    if (!s)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.date: missing", path);
    if (pc_time_parse_iso(s, &c, &off) < 0)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s.date: not an ISO 8601 time: \"%.40s\"", path, s);
    int rc = pc_event_set_local_time(ev, &c, off, NULL, AP_DEFAULT_ZONE);
    if (rc == PC_ENOTFOUND || rc == PC_EINVAL)
        return pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s.date: cannot resolve \"%.40s\" to UTC", path, s);
    return rc;
}

static int parse_event(ap_ctx *cx, pc_shipment *s, const json_t *e, const char *ipath, size_t i)
{
    char path[128];
    char *desc = NULL, *date = NULL, *place = NULL;
    pc_event *ev;
    int rc;

    snprintf(path, sizeof(path), "%s.events[%zu]", ipath, i);
    if (!json_is_object(e))
        return malformed(cx, path, "not an object");
    if ((rc = pc_json_get_text(e, "description", path, cx->lim, cx->diag, &desc)) < 0 ||
        (rc = pc_json_get_text(e, "date", path, cx->lim, cx->diag, &date)) < 0 ||
        (rc = pc_json_get_text(e, "location", path, cx->lim, cx->diag, &place)) < 0)
        goto out;
    rc = pc_shipment_add_event(s, cx->lim->max_events, &ev);
    if (rc == PC_ELIMIT) {
        rc = pc_diag_set(cx->diag, PC_ELIMIT, (size_t)-1, 0, 0, "%s: more than %zu events", ipath,
                         cx->lim->max_events);
        goto out;
    }
    if (rc < 0)
        goto out;
    if (desc && (rc = pc_set_clean(&ev->description, desc, (size_t)-1)) < 0)
        goto out;
    const pc_code_map *m = pc__australiapost_classify(ev->description);
    ev->status = m ? m->status : PC_STATUS_IN_TRANSIT;
    if (m && (rc = pc_set_str(&ev->substatus, m->substatus, (size_t)-1)) < 0)
        goto out;
    if ((rc = parse_location(place, &ev->location)) < 0)
        goto out;
    rc = set_time(cx, ev, date, path);
out:
    free(desc);
    free(date);
    free(place);
    return rc;
}

/* One article: events into s, service and fallback status remembered. */
static int parse_article(ap_ctx *cx, pc_shipment *s, const json_t *a, const char *path,
                         const pc_code_map **fallback)
{
    char *product = NULL, *status = NULL;
    const json_t *events;
    int rc;

    if (!json_is_object(a))
        return malformed(cx, path, "not an object");
    if ((rc = pc_json_get_text(a, "product_type", path, cx->lim, cx->diag, &product)) < 0 ||
        (rc = pc_json_get_text(a, "status", path, cx->lim, cx->diag, &status)) < 0 ||
        (rc = get_array(cx, a, "events", path, &events)) < 0)
        goto out;
    if (product && !s->service && (rc = pc_set_clean(&s->service, product, (size_t)-1)) < 0)
        goto out;
    if (!*fallback)
        *fallback = useful_status(status);
    size_t i;
    const json_t *e;
    json_array_foreach(events, i, e)
    {
        if ((rc = parse_event(cx, s, e, path, i)) < 0)
            goto out;
    }
out:
    free(product);
    free(status);
    return rc;
}

/* The newest events whose description matched no keyword take the item status instead. */
static int apply_fallback(pc_shipment *s, const pc_code_map *m)
{
    if (!m || s->n_events == 0)
        return 0;
    int64_t newest = s->events[0].time;
    for (size_t i = 1; i < s->n_events; i++)
        if (s->events[i].time > newest)
            newest = s->events[i].time;
    for (size_t i = 0; i < s->n_events; i++) {
        pc_event *ev = &s->events[i];
        if (ev->time != newest || pc__australiapost_classify(ev->description))
            continue;
        ev->status = m->status;
        int rc = pc_set_str(&ev->substatus, m->substatus, (size_t)-1);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static pc_track_error_kind error_kind(const char *code, const char *name, const char *msg)
{
    for (size_t i = 0; code && i < pc__australiapost_errors_len; i++)
        if (strcmp(code, pc__australiapost_errors[i].code) == 0)
            return pc__australiapost_errors[i].kind;
    const char *const texts[] = {name, msg};
    for (size_t i = 0; i < 2; i++) {
        if (pc_contains_ci(texts[i], "unauthori") || pc_contains_ci(texts[i], "forbidden") ||
            pc_contains_ci(texts[i], "api key"))
            return PC_TE_AUTH;
        if (pc_contains_ci(texts[i], "too many requests"))
            return PC_TE_RATE_LIMITED;
    }
    return PC_TE_CARRIER_ERROR;
}

/* errors[]: {code, name, message} or the gateway's {error_code, error_name, message}. */
static int parse_errors(ap_ctx *cx, const json_t *errors, const char *number, const char *path)
{
    size_t i;
    const json_t *e;
    int rc = 0;
    json_array_foreach(errors, i, e)
    {
        char epath[128];
        char *code = NULL, *name = NULL, *msg = NULL;
        snprintf(epath, sizeof(epath), "%s.errors[%zu]", path, i);
        if (!json_is_object(e))
            return malformed(cx, epath, "not an object");
        if ((rc = pc_json_get_text(e, "code", epath, cx->lim, cx->diag, &code)) < 0 ||
            (!code &&
             (rc = pc_json_get_text(e, "error_code", epath, cx->lim, cx->diag, &code)) < 0) ||
            (rc = pc_json_get_text(e, "name", epath, cx->lim, cx->diag, &name)) < 0 ||
            (!name &&
             (rc = pc_json_get_text(e, "error_name", epath, cx->lim, cx->diag, &name)) < 0) ||
            (rc = pc_json_get_text(e, "message", epath, cx->lim, cx->diag, &msg)) < 0) {
            free(code);
            free(name);
            return rc;
        }
        rc = pc_parse_result_add_error(cx->out, number, error_kind(code, name, msg), code,
                                       msg ? msg : name, 0);
        free(code);
        free(name);
        free(msg);
        if (rc < 0)
            return rc;
    }
    return rc;
}

static int parse_result(ap_ctx *cx, const json_t *r, size_t idx)
{
    char path[48];
    char *id = NULL, *status = NULL;
    const json_t *items, *errors;
    const pc_code_map *fallback = NULL;
    pc_shipment *s;
    int rc;

    snprintf(path, sizeof(path), "tracking_results[%zu]", idx);
    if (!json_is_object(r))
        return malformed(cx, path, "not an object");
    if ((rc = pc_json_get_text(r, "tracking_id", path, cx->lim, cx->diag, &id)) < 0 ||
        (rc = pc_json_get_text(r, "status", path, cx->lim, cx->diag, &status)) < 0 ||
        (rc = get_array(cx, r, "trackable_items", path, &items)) < 0 ||
        (rc = get_array(cx, r, "errors", path, &errors)) < 0)
        goto out;
    if (errors && json_array_size(errors) > 0 && !items) {
        rc = parse_errors(cx, errors, id, path);
        goto out;
    }
    if (!items) {
        rc = malformed(cx, path, "neither trackable_items nor errors");
        goto out;
    }
    if (!id) {
        rc = malformed(cx, path, "no tracking_id");
        goto out;
    }
    rc = pc_parse_result_add_shipment(cx->out, cx->lim, AP_NAME, &s);
    if (rc == PC_ELIMIT) {
        rc = pc_diag_set(cx->diag, PC_ELIMIT, (size_t)-1, 0, 0, "more than %zu tracking results",
                         cx->lim->max_shipments);
        goto out;
    }
    if (rc < 0)
        goto out;
    s->tracking_number = id;
    id = NULL;
    fallback = useful_status(status);

    size_t i;
    const json_t *item;
    json_array_foreach(items, i, item)
    {
        char ipath[96];
        const json_t *articles;
        snprintf(ipath, sizeof(ipath), "%s.trackable_items[%zu]", path, i);
        if (!json_is_object(item)) {
            rc = malformed(cx, ipath, "not an object");
            goto out;
        }
        if ((rc = get_array(cx, item, "items", ipath, &articles)) < 0)
            goto out;
        if (!articles) {
            if ((rc = parse_article(cx, s, item, ipath, &fallback)) < 0)
                goto out;
            continue;
        }
        /* consignment: its own status first, then its articles */
        char *cstatus = NULL;
        if ((rc = pc_json_get_text(item, "status", ipath, cx->lim, cx->diag, &cstatus)) < 0)
            goto out;
        if (!fallback)
            fallback = useful_status(cstatus);
        free(cstatus);
        size_t k;
        const json_t *a;
        json_array_foreach(articles, k, a)
        {
            char apath[128];
            snprintf(apath, sizeof(apath), "%s.items[%zu]", ipath, k);
            if ((rc = parse_article(cx, s, a, apath, &fallback)) < 0)
                goto out;
        }
    }
    rc = apply_fallback(s, fallback);
out:
    free(id);
    free(status);
    return rc;
}

static int ap_parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    ap_ctx cx = {.lim = in->limits, .out = out, .diag = diag};
    const json_t *results, *errors;
    json_t *root;
    int rc = pc_json_load_body(in, &root, diag);

    if (rc < 0)
        return rc;
    if (!json_is_object(root)) {
        rc = malformed(&cx, "$", "not an object");
        goto out;
    }
    if ((rc = get_array(&cx, root, "tracking_results", "$", &results)) < 0 ||
        (rc = get_array(&cx, root, "errors", "$", &errors)) < 0)
        goto out;
    if (!results && !errors) {
        rc = malformed(&cx, "$", "neither \"tracking_results\" nor \"errors\"");
        goto out;
    }
    if (errors && (rc = parse_errors(&cx, errors, NULL, "$")) < 0)
        goto out;
    size_t i;
    const json_t *r;
    json_array_foreach(results, i, r)
    {
        if ((rc = parse_result(&cx, r, i)) < 0)
            goto out;
    }
out:
    json_decref(root);
    return rc;
}

/* ---- request ------------------------------------------------------------------------------ */

/* RFC 4648 base64 of n bytes (HTTP Basic credentials). */
static void buf_add_base64(pc_buf *b, const char *in, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)(unsigned char)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)(unsigned char)in[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)in[i + 2];
        char q[4] = {tab[(v >> 18) & 63], tab[(v >> 12) & 63], i + 1 < n ? tab[(v >> 6) & 63] : '=',
                     i + 2 < n ? tab[v & 63] : '='};
        pc_buf_add(b, q, 4);
    }
}

static int ap_build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                            pc_http_request *ret_req)
{
    pc_buf url = {0}, cred = {0}, auth = {0};
    int rc = PC_ENOMEM;

    memset(ret_req, 0, sizeof(*ret_req));
    if (!numbers || n == 0 || n > AP_MAX_BATCH)
        return PC_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!numbers[i] || !numbers[i][0])
            return PC_EINVAL;
    if (cfg && (!pc_header_value_ok(cfg->account) || !pc_header_value_ok(cfg->base_url)))
        return PC_EINVAL;
    const char *base = cfg && cfg->base_url && cfg->base_url[0] ? cfg->base_url : AP_BASE_URL;
    int blen = (int)strlen(base);
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    /* pc_buf errors are sticky: pc_buf_take() reports any of them */
    pc_buf_addf(&url, "%.*s/shipping/v1/track?tracking_ids=", blen, base);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            pc_buf_add(&url, ",", 1);
        pc_buf_add_urlenc(&url, numbers[i]);
    }
    if (!(ret_req->url = pc_buf_take(&url, NULL)) || !(ret_req->method = strdup("GET")) ||
        (rc = pc_http_request_add_header(ret_req, "Accept: application/json")) < 0)
        goto out;
    if (cfg && cfg->account && cfg->account[0] &&
        (rc = pc_http_request_add_header(ret_req, "Account-Number: %s", cfg->account)) < 0)
        goto out;
    if (cfg && cfg->api_key && cfg->api_key[0]) {
        pc_buf_addf(&cred, "%s:%s", cfg->api_key, cfg->client_secret ? cfg->client_secret : "");
        buf_add_base64(&auth, cred.p, cred.len);
        if (cred.failed || auth.failed) {
            rc = PC_ENOMEM;
            goto out;
        }
        if ((rc = pc_http_request_add_header(ret_req, "Authorization: Basic %s", auth.p)) < 0)
            goto out;
    }
    rc = 0;
out:
    pc_buf_done(&cred);
    pc_buf_done(&auth);
    if (rc < 0)
        pc_http_request_done(ret_req);
    return rc;
}

/* ---- render (sandbox, simulator) ---------------------------------------------------------- */

/* Simulator codes (docs/simulator.md) to the descriptions Australia Post writes, each one
 * classified back to the code's status by the keyword table. */
static const struct {
    const char *sim, *text;
} ap_render_texts[] = {
    {"AP", "Awaiting collection at Post Office"},
    {"AR", "Arrived at facility"},
    {"CC", "Awaiting clearance"},
    {"CR", "Cleared by customs"},
    {"DL", "Delivered"},
    {"DP", "Departed facility"},
    {"EX-ADDRESS", "Cannot be delivered as addressed"},
    {"EX-CUSTOMS", "Held by customs"},
    {"EX-SORT", "Possible delay"},
    {"EX-WEATHER", "Delay due to severe weather"},
    {"FA", "Attempted delivery - card left"},
    {"IR", "Shipping information received by Australia Post"},
    {"OFD", "Onboard for delivery"},
    {"PU", "Received by Australia Post"},
    {"RT", "Returned to sender"},
};

/* Events carry no code: a simulator code becomes Australia Post's text, anything else keeps its
 * own description. */
static const char *render_text(const pc_event *ev)
{
    for (size_t i = 0; ev->code && i < sizeof(ap_render_texts) / sizeof(ap_render_texts[0]); i++)
        if (strcmp(ap_render_texts[i].sim, ev->code) == 0)
            return ap_render_texts[i].text;
    return ev->description;
}

/* The item status for a normalized status: same substatus first, never "Unknown". */
static const char *render_status(pc_status st, const char *sub)
{
    const char *first = NULL;
    for (size_t i = 0; i < pc__australiapost_statuses_len; i++) {
        const pc_code_map *m = &pc__australiapost_statuses[i];
        if (m->status != st || strcmp(m->code, "Unknown") == 0)
            continue;
        if ((!m->substatus && !sub) || (m->substatus && sub && strcmp(m->substatus, sub) == 0))
            return m->code;
        if (!first)
            first = m->code;
    }
    return first;
}

/* The free-text location parse_location() reads back: "KEW VIC 3101", "CHICAGO (US)",
 * "US-60199, US", "NZ". Empty when nothing is known. */
static void render_location(pc_buf *b, const pc_location *l)
{
    if (l->region && (!l->country || strcmp(l->country, "AU") == 0) &&
        au_state(l->region, strlen(l->region))) {
        pc_buf_addf(b, "%s%s%s%s%s", l->city ? l->city : "", l->city ? " " : "", l->region,
                    l->postal_code ? " " : "", l->postal_code ? l->postal_code : "");
    } else if (l->city && l->country) {
        pc_buf_addf(b, "%s (%s)", l->city, l->country);
    } else if (l->postal_code && l->country) {
        pc_buf_addf(b, "%s-%s, %s", l->country, l->postal_code, l->country);
    } else if (l->city) {
        pc_buf_add(b, l->city, (size_t)-1);
    } else if (l->country) {
        pc_buf_add(b, l->country, (size_t)-1);
    }
}

static int set_opt(json_t *obj, const char *key, const char *v)
{
    if (!v)
        return 0;
    return json_object_set_new(obj, key, json_string(v)) == 0 ? 0 : PC_ENOMEM;
}

/* "2021-01-21T11:04:27+11:00" */
static int render_time(json_t *obj, const char *key, int64_t t, int off)
{
    pc_civil c;
    char buf[48], ofs[16];
    if (off == PC_OFFSET_NONE && pc_tz_offset_at(AP_DEFAULT_ZONE, t, &off) < 0)
        off = 0;
    pc_unix_to_civil(t + (int64_t)off * 60, &c);
    pc_offset_format(off, ofs, sizeof(ofs));
    snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%s", c.year, c.month, c.day, c.hour,
             c.minute, c.second, ofs);
    return json_object_set_new(obj, key, json_string(buf)) == 0 ? 0 : PC_ENOMEM;
}

/* {tracking_id, status, trackable_items:[one article with every event, newest first]}. */
static json_t *render_result(const pc_shipment *s)
{
    const char *st = s->n_events ? render_status(s->status, s->substatus) : "Unknown";
    json_t *r = json_object(), *items = json_array(), *art = json_object(), *evs = json_array();
    int rc = PC_ENOMEM;
    if (!r || !items || !art || !evs || json_array_append(items, art) < 0 ||
        json_object_set(art, "events", evs) < 0)
        goto out;
    if ((rc = set_opt(r, "tracking_id", s->tracking_number)) < 0 ||
        (rc = set_opt(r, "status", st)) < 0 ||
        (rc = set_opt(art, "article_id", s->tracking_number)) < 0 ||
        (rc = set_opt(art, "product_type", s->service)) < 0)
        goto out;
    for (size_t k = s->n_events; k-- > 0;) {
        const pc_event *ev = &s->events[k];
        json_t *e = json_object();
        pc_buf loc = {0};
        rc = PC_ENOMEM;
        if (!e || json_array_append_new(evs, e) < 0)
            goto out;
        render_location(&loc, &ev->location);
        if (loc.failed) {
            pc_buf_done(&loc);
            goto out;
        }
        rc = set_opt(e, "location", loc.len ? loc.p : NULL);
        pc_buf_done(&loc);
        if (rc < 0 || (rc = set_opt(e, "description", render_text(ev))) < 0 ||
            (rc = render_time(e, "date", ev->time, ev->utc_offset)) < 0)
            goto out;
    }
    if ((rc = set_opt(art, "status", st)) < 0)
        goto out;
    rc = json_object_set(r, "trackable_items", items) == 0 ? 0 : PC_ENOMEM;
out:
    json_decref(items);
    json_decref(art);
    json_decref(evs);
    if (rc < 0) {
        json_decref(r);
        return NULL;
    }
    return r;
}

/* Per id inside HTTP 200. Australia Post answers an unknown and a malformed id alike
 * (ESB-10001 "Invalid tracking ID"), so invalid_number reads back as not_found. */
static json_t *render_result_error(const pc_track_error *e)
{
    int sys = e->kind != PC_TE_NOT_FOUND && e->kind != PC_TE_INVALID_NUMBER;
    return json_pack("{s:s, s:[{s:s, s:s}]}", "tracking_id", e->tracking_number, "errors", "code",
                     sys ? "ESB-20010" : "ESB-10001", "name",
                     sys ? "System Error" : "Invalid tracking ID");
}

/* Whole request: the gateway's API_001 (401) / API_002 (429), else a system error (500). */
static json_t *render_request_error(const pc_track_error *e, int *ret_http)
{
    if (e->kind == PC_TE_AUTH) {
        *ret_http = 401;
        return json_pack("{s:[{s:s, s:s, s:s}]}", "errors", "message",
                         "The API key or password you provided is invalid.", "error_code",
                         "API_001", "error_name", "Unauthorized");
    }
    if (e->kind == PC_TE_RATE_LIMITED) {
        *ret_http = 429;
        return json_pack("{s:[{s:s, s:s, s:s}]}", "errors", "message", "Too many requests",
                         "error_code", "API_002", "error_name", "Too many requests");
    }
    *ret_http = 500;
    return json_pack("{s:[{s:s, s:s, s:s}]}", "errors", "code", "ESB-20010", "name", "System Error",
                     "message", e->message ? e->message : "System Error");
}

static int ap_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
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
            root = render_request_error(&errors[i], &http);
            goto dump;
        }
    if (!(arr = json_array()) || !(root = json_pack("{s:O}", "tracking_results", arr)))
        goto out;
    for (size_t i = 0; i < n_shipments; i++) {
        json_t *r = render_result(&shipments[i]);
        if (!r || json_array_append_new(arr, r) < 0)
            goto out;
    }
    for (size_t i = 0; i < n_errors; i++) {
        json_t *r = render_result_error(&errors[i]);
        if (!r || json_array_append_new(arr, r) < 0)
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

/* The inverse of ap_build_request: GET <base path>/shipping/v1/track?tracking_ids=a,b,... */
static int ap_parse_request(const char *method, const char *path_and_query, const char *body,
                            size_t body_len, char ***ret_numbers, size_t *ret_n)
{
    static const char marker[] = "/shipping/v1/track?";
    size_t len;

    (void)body;
    (void)body_len;
    *ret_numbers = NULL;
    *ret_n = 0;
    if (!method || !path_and_query || strcmp(method, "GET") != 0)
        return PC_ENOTFOUND;
    const char *q = strstr(path_and_query, marker);
    if (!q)
        return PC_ENOTFOUND;
    /* the tracking_ids parameter, wherever it sits in the query */
    const char *p = pc_query_param(q + sizeof(marker) - 1, "tracking_ids", &len);
    if (!p)
        return PC_EMALFORMED;
    return pc_url_decode_list(p, len, ',', AP_MAX_BATCH, ret_numbers, ret_n);
}

const pc_adapter pc_adapter_australiapost = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = AP_NAME,
    .display_name = "Australia Post",
    .caps = PC_CAP_JSON | PC_CAP_PULL | PC_CAP_BATCH | PC_CAP_RENDER,
    .max_batch = AP_MAX_BATCH,
    .default_zone = AP_DEFAULT_ZONE,
    .build_request = ap_build_request,
    .parse = ap_parse,
    .render = ap_render,
    .parse_request = ap_parse_request,
    .base_url = AP_BASE_URL,
};

PC_ADAPTER_EXPORT(pc_adapter_australiapost);
