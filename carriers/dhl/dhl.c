/*
 * DHL: Shipment Tracking - Unified (JSON) and the legacy Express XML-PI (XML, dhl_express.c).
 *
 * Request (Unified): GET {base}/track/shipments?trackingNumber=..&language=en with the
 * DHL-API-Key header; one number per request. Unified quirks handled here (FORMATS.md):
 *   - shipments[].id is a string in real data and a number in DHL's own example;
 *   - statusCode is only a family (pre-transit|transit|delivered|failure|unknown): the free
 *     text (German for parcel-de) refines it through pc__dhl_text_rules;
 *   - timestamps carry an offset or not ("2023-03-13T09:50:00"); location is often missing and
 *     addressLocality is free text ("Henderson, NV, US", "Deutschland", "Oderweg 2, AMSTERDAM");
 *   - errors are problem+json ({"title","detail","status":404,"instance"}).
 */
#include "dhl_codes.h"
#include "dhl_internal.h"

#include <jansson.h>
#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DHL_BASE_URL "https://api-eu.dhl.com"

typedef struct dh_ctx {
    const pc_parse_limits *lim;
    pc_diag *diag;
    const char *number;       /* tracking number being parsed (diagnostics only), may be NULL */
    const pc_parse_input *in; /* requested numbers, HTTP status, Retry-After */
} dh_ctx;

/* ---- text helpers shared with dhl_express.c ---------------------------------------------- */

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_blank(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_blank((*s)[*len - 1]))
        (*len)--;
}

/* Last occurrence of ch in s[0..len), or NULL (memrchr is a GNU extension). */
static const char *last_char(const char *s, size_t len, char ch)
{
    while (len-- > 0)
        if (s[len] == ch)
            return s + len;
    return NULL;
}

/* Set a place field unless already set; text without a letter or digit ("-") is no place. */
static int set_if_null(char **field, const char *s, size_t len)
{
    int useful = 0;
    for (size_t i = 0; i < len && !useful; i++) {
        unsigned char ch = (unsigned char)s[i];
        useful = ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= 'a' && ch <= 'z');
    }
    if (*field || !useful)
        return 0;
    return pc_set_clean(field, s, len);
}

/* A state / province code: 2-3 ASCII letters or digits. */
static int looks_like_region(const char *s, size_t len)
{
    if (len < 2 || len > 3)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
            return 0;
    }
    return 1;
}

int pc__dhl_locality(const char *s, size_t len, const char *known_country, pc_location *loc)
{
    enum { MAX_PARTS = 8 };
    const char *part[MAX_PARTS];
    size_t plen[MAX_PARTS];
    size_t k = 0, start = 0;
    int rc;

    /* Split on commas; keep the last MAX_PARTS non-empty parts (the specific end). */
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != ',')
            continue;
        const char *t = s + start;
        size_t tl = i - start;
        start = i + 1;
        trim(&t, &tl);
        if (tl == 0)
            continue;
        if (k == MAX_PARTS) {
            memmove(part, part + 1, sizeof(part[0]) * (MAX_PARTS - 1));
            memmove(plen, plen + 1, sizeof(plen[0]) * (MAX_PARTS - 1));
            k--;
        }
        part[k] = t;
        plen[k] = tl;
        k++;
    }
    if (k == 0)
        return 0;
    /* Trailing country: a name ("Deutschland") anywhere; a 2-3 letter code only when it is
     * clearly a country (three parts, or it agrees with countryCode): "Indianapolis, IN" is
     * Indiana, not India. A country that contradicts countryCode is not the country. */
    const char *iso = pc_country_iso2(part[k - 1], plen[k - 1]);
    if (iso && (!known_country || strcmp(iso, known_country) == 0) &&
        (plen[k - 1] > 3 || k >= 3 || known_country)) {
        if (!loc->country && (rc = pc_set_str(&loc->country, iso, (size_t)-1)) < 0)
            return rc;
        k--;
    }
    if (k >= 2 && looks_like_region(part[k - 1], plen[k - 1])) {
        if ((rc = set_if_null(&loc->region, part[k - 1], plen[k - 1])) < 0)
            return rc;
        k--;
    }
    /* Whatever precedes the city is a street ("Oderweg 2, AMSTERDAM"): drop it. Express
     * shipments use the service-area spelling here too ("LEIPZIG - GERMANY"). */
    if (k >= 1 && memchr(part[k - 1], '-', plen[k - 1]))
        return pc__dhl_service_area(part[k - 1], plen[k - 1], loc);
    if (k >= 1 && (rc = set_if_null(&loc->city, part[k - 1], plen[k - 1])) < 0)
        return rc;
    return 0;
}

int pc__dhl_service_area(const char *s, size_t len, pc_location *loc)
{
    const char *iso = NULL;
    size_t city_len = len;
    int rc;

    trim(&s, &len);
    city_len = len;
    /* The country follows the last dash that leaves a known country on its right
     * ("Winston-Salem,NC-USA" splits at the second dash). */
    for (size_t i = len; i-- > 0 && !iso;) {
        if (s[i] != '-')
            continue;
        const char *c = s + i + 1;
        size_t cl = len - i - 1;
        trim(&c, &cl);
        if (cl > 0 && (iso = pc_country_iso2(c, cl)) != NULL)
            city_len = i;
    }
    if (!iso && (iso = pc_country_iso2(s, len)) != NULL)
        city_len = 0; /* the whole text is a country */
    if (iso && !loc->country && (rc = pc_set_str(&loc->country, iso, (size_t)-1)) < 0)
        return rc;
    const char *city = s;
    trim(&city, &city_len);
    /* "SPRINGFIELD GARDENS,NY": region after the last comma. */
    const char *comma = last_char(city, city_len, ',');
    if (comma) {
        const char *r = comma + 1;
        size_t rl = city_len - (size_t)(r - city);
        trim(&r, &rl);
        if (looks_like_region(r, rl)) {
            if ((rc = set_if_null(&loc->region, r, rl)) < 0)
                return rc;
            city_len = (size_t)(comma - city);
            trim(&city, &city_len);
        }
    }
    return set_if_null(&loc->city, city, city_len);
}

int pc__dhl_set_time(pc_event *ev, const pc_civil *local, int offset_min, const pc_shipment *s)
{
    int early = ev->status == PC_STATUS_INFO_RECEIVED || ev->status == PC_STATUS_PENDING ||
                (ev->substatus && strcmp(ev->substatus, "in_transit.picked_up") == 0);
    const pc_location *first = early ? &s->origin : &s->destination;
    const pc_location *second = early ? &s->destination : &s->origin;
    int rc = pc_event_set_local_time(ev, local, offset_min, first, NULL);
    if (rc == PC_ENOTFOUND)
        rc = pc_event_set_local_time(ev, local, offset_min, second, NULL);
    return rc;
}

/* ---- Unified JSON -------------------------------------------------------------------------- */

static const char *ctx_number(const dh_ctx *c)
{
    return c->number ? c->number : "response";
}

static int oom(dh_ctx *c)
{
    return pc_diag_set(c->diag, PC_ENOMEM, (size_t)-1, 0, 0, "out of memory");
}

static int malformed(dh_ctx *c, const char *where, const char *what)
{
    return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: %s: %s", ctx_number(c), where,
                       what);
}

/*
 * obj[key] as trimmed text (pc_json_get_text, the diagnostic naming the number, where and key):
 * strings, and integers formatted (DHL's example has a numeric id). DHL's own examples put
 * objects and arrays where text belongs, so any other type reads as absent here.
 */
static int get_text(dh_ctx *c, const json_t *obj, const char *key, const char *where, char **ret)
{
    const json_t *v = json_object_get(obj, key);
    char path[160] = "";
    *ret = NULL;
    if (!json_is_string(v) && !json_is_integer(v))
        return 0;
    /* Over the length limit is the only error left: format the path for it alone (this runs
     * for every field of every event). */
    if (json_is_string(v) && c->lim->max_string && json_string_length(v) > c->lim->max_string)
        snprintf(path, sizeof(path), "%.60s: %.90s", ctx_number(c), where);
    return pc_json_get_text(obj, key, path, c->lim, c->diag, ret);
}

static const json_t *path2(const json_t *o, const char *a, const char *b)
{
    const json_t *v = json_object_get(o, a);
    return b ? json_object_get(v, b) : v;
}

/* {countryCode, postalCode, addressLocality} */
static int read_address(dh_ctx *c, const json_t *addr, const char *where, pc_location *loc)
{
    char *cc = NULL, *postal = NULL, *place = NULL;
    int rc;
    if (!json_is_object(addr))
        return 0;
    if ((rc = get_text(c, addr, "countryCode", where, &cc)) < 0 ||
        (rc = get_text(c, addr, "postalCode", where, &postal)) < 0 ||
        (rc = get_text(c, addr, "addressLocality", where, &place)) < 0)
        goto out;
    const char *iso = cc ? pc_country_iso2(cc, strlen(cc)) : NULL;
    if (iso)
        rc = pc_set_str(&loc->country, iso, (size_t)-1);
    else if (cc && strlen(cc) == 2)
        rc = pc_set_str(&loc->country, cc, 2);
    if (rc < 0 || (postal && pc_set_str(&loc->postal_code, postal, (size_t)-1) < 0) ||
        (place && pc__dhl_locality(place, strlen(place), loc->country, loc) < 0))
        rc = oom(c);
out:
    free(cc);
    free(postal);
    free(place);
    return rc;
}

/* Origin/destination often lack the region ("HEBRON", 41048) that their zone needs, while the
 * scans at the same place carry it ("Hebron, KY, US", 41048): borrow it. */
static void borrow_region(pc_location *dst, const pc_location *from)
{
    if (dst->region || !from->region || !dst->country || !from->country ||
        strcmp(dst->country, from->country) != 0)
        return;
    int same =
        (dst->postal_code && from->postal_code &&
         strcmp(dst->postal_code, from->postal_code) == 0) ||
        (!dst->postal_code && dst->city && from->city && strcasecmp(dst->city, from->city) == 0);
    if (same)
        pc_set_str(&dst->region, from->region, (size_t)-1); /* ENOMEM: stays without region */
}

/* Reads every event's address once into locs[0..n] (the last: the status), borrowing regions
 * for origin and destination on the way; parse_event takes each location from there. */
static int enrich_regions(dh_ctx *c, const char *where, const json_t *events, const json_t *status,
                          pc_shipment *s, pc_location *locs)
{
    size_t n = json_array_size(events);
    for (size_t i = 0; i <= n; i++) {
        const json_t *je = i < n ? json_array_get(events, i) : status;
        char ew[96];
        snprintf(ew, sizeof(ew), i < n ? "%s.events[%zu]" : "%s.status", where, i);
        int rc = read_address(c, path2(je, "location", "address"), ew, &locs[i]);
        if (rc < 0)
            return rc;
        borrow_region(&s->origin, &locs[i]);
        borrow_region(&s->destination, &locs[i]);
    }
    return 0;
}

static const pc__dhl_text_rule *match_rule(unsigned family, char *const *texts, size_t n)
{
    pc_ci_text low[3];
    const pc__dhl_text_rule *found = NULL;
    if (family == 0)
        family = PC__DHL_F_UNKNOWN;
    if (n > sizeof(low) / sizeof(low[0]))
        n = sizeof(low) / sizeof(low[0]);
    for (size_t i = 0; i < n; i++)
        pc_ci_text_init(&low[i], texts[i]);
    for (size_t r = 0; !found && r < pc__dhl_text_rules_len; r++) {
        const pc__dhl_text_rule *rule = &pc__dhl_text_rules[r];
        if (!(rule->families & family))
            continue;
        for (size_t i = 0; !found && i < n; i++)
            if (pc_ci_text_has(&low[i], rule->needle))
                found = rule;
    }
    for (size_t i = 0; i < n; i++)
        pc_ci_text_done(&low[i]);
    return found;
}

/* Cleaned status, description and remark: [0], [1], [2] (each may be NULL). */
static int clean_texts(dh_ctx *c, char *const *in, char **out)
{
    for (size_t i = 0; i < 3; i++)
        if (in[i] && pc_set_clean(&out[i], in[i], (size_t)-1) < 0)
            return oom(c);
    return 0;
}

/* "description (remark)"; the status text stands in for a missing description (ecommerce). */
static int set_description(dh_ctx *c, pc_event *ev, char *const *t)
{
    const char *main = t[1] ? t[1] : t[0] ? t[0] : t[2];
    const char *remark = t[2];
    pc_buf b = {0};
    if (!main)
        return 0;
    if (!remark || main == remark || strcmp(main, remark) == 0)
        pc_buf_add(&b, main, (size_t)-1);
    else
        pc_buf_addf(&b, "%s (%s)", main, remark);
    char *text = pc_buf_take(&b, NULL);
    int rc = text ? pc_set_str(&ev->description, text, (size_t)-1) : PC_ENOMEM;
    free(text);
    return rc < 0 ? oom(c) : 0;
}

/* Status and description of one event; the texts are matched after clean-up (entities). */
static int classify_event(dh_ctx *c, pc_event *ev, const char *code, char *const *texts)
{
    char *clean[3] = {NULL, NULL, NULL};
    int rc;
    /* Family first (an unknown family reads as in_transit), then the text refines it. */
    const pc_code_map *m = code ? pc_code_map_find(pc__dhl_unified_codes, pc__dhl_unified_codes_len,
                                                   code, strlen(code))
                                : NULL;
    ev->status = m ? m->status : PC_STATUS_IN_TRANSIT;
    const char *sub = m ? m->substatus : NULL;
    if ((rc = clean_texts(c, texts, clean)) < 0)
        goto out;
    const pc__dhl_text_rule *rule =
        match_rule(code ? pc__dhl_family_bit(code, strlen(code)) : 0, clean, 3);
    if (rule) {
        ev->status = rule->status;
        sub = rule->substatus;
    }
    if (sub && pc_set_str(&ev->substatus, sub, (size_t)-1) < 0) {
        rc = oom(c);
        goto out;
    }
    rc = set_description(c, ev, clean);
out:
    for (size_t i = 0; i < 3; i++)
        free(clean[i]);
    return rc;
}

/* loc: the event's address, read by enrich_regions; moved into the event. */
static int parse_event(dh_ctx *c, const json_t *je, const char *where, pc_shipment *s,
                       pc_location *loc)
{
    char *ts = NULL, *code = NULL;
    char *texts[3] = {NULL, NULL, NULL}; /* status, description, remark */
    pc_event *ev;
    pc_civil lt;
    int off, rc;

    if (!json_is_object(je))
        return malformed(c, where, "not an object");
    rc = pc_shipment_add_event(s, c->lim->max_events, &ev);
    if (rc == PC_ELIMIT)
        return pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, 0, 0, "%s: more than %zu events",
                           ctx_number(c), c->lim->max_events);
    if (rc < 0)
        return oom(c);
    if ((rc = get_text(c, je, "timestamp", where, &ts)) < 0 ||
        (rc = get_text(c, je, "statusCode", where, &code)) < 0 ||
        (rc = get_text(c, je, "status", where, &texts[0])) < 0 ||
        (rc = get_text(c, je, "description", where, &texts[1])) < 0 ||
        (rc = get_text(c, je, "remark", where, &texts[2])) < 0)
        goto out;
    if (code && pc_set_str(&ev->code, code, (size_t)-1) < 0) {
        rc = oom(c);
        goto out;
    }
    if ((rc = classify_event(c, ev, code, texts)) < 0)
        goto out;
    ev->location = *loc; /* moved */
    memset(loc, 0, sizeof(*loc));

    if (!ts)
        rc = malformed(c, where, "timestamp is missing");
    else if (pc_time_parse_iso(ts, &lt, &off) < 0)
        rc = pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "%s: %s.timestamp: not an ISO 8601 time: \"%.40s\"", ctx_number(c), where,
                         ts);
    else if (pc__dhl_set_time(ev, &lt, off, s) < 0)
        rc = pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "%s: %s.timestamp: cannot resolve local time \"%.40s\" (no place)",
                         ctx_number(c), where, ts);
out:
    free(ts);
    free(code);
    for (size_t i = 0; i < 3; i++)
        free(texts[i]);
    return rc;
}

/* An estimate: with its offset, else in the destination's zone; ignored when unreadable. */
static int64_t eta_from_text(const char *t, const pc_shipment *s)
{
    pc_civil lt;
    int off;
    pc_event probe;
    if (!t || pc_time_parse_iso(t, &lt, &off) < 0)
        return PC_TIME_NONE;
    memset(&probe, 0, sizeof(probe));
    probe.time = PC_TIME_NONE;
    probe.status = PC_STATUS_DELIVERED;
    if (pc__dhl_set_time(&probe, &lt, off, s) < 0)
        return PC_TIME_NONE;
    return probe.time;
}

static int read_eta(dh_ctx *c, const json_t *js, pc_shipment *s)
{
    char *t = NULL;
    int rc = get_text(c, js, "estimatedTimeOfDelivery", "shipment", &t);
    if (rc == 0)
        s->carrier_eta = eta_from_text(t, s);
    if (rc == 0 && s->carrier_eta == PC_TIME_NONE) {
        free(t);
        rc = get_text(c, json_object_get(js, "estimatedDeliveryTimeFrame"), "estimatedThrough",
                      "estimatedDeliveryTimeFrame", &t);
        if (rc == 0)
            s->carrier_eta = eta_from_text(t, s);
    }
    free(t);
    return rc;
}

/* details.proofOfDelivery.signed: "givenName familyName", else name. Only for a delivered
 * shipment (DHL's own example has a signature on a pre-transit shipment). */
static int read_pod(dh_ctx *c, const json_t *js, pc_shipment *s)
{
    const json_t *signer = path2(path2(js, "details", "proofOfDelivery"), "signed", NULL);
    char *given = NULL, *family = NULL, *name = NULL;
    pc_event *dl = NULL;
    int rc;
    for (size_t i = 0; i < s->n_events; i++)
        if (s->events[i].status == PC_STATUS_DELIVERED && (!dl || s->events[i].time > dl->time))
            dl = &s->events[i];
    if (!dl || !json_is_object(signer))
        return 0;
    if ((rc = get_text(c, signer, "givenName", "proofOfDelivery.signed", &given)) < 0 ||
        (rc = get_text(c, signer, "familyName", "proofOfDelivery.signed", &family)) < 0 ||
        (rc = get_text(c, signer, "name", "proofOfDelivery.signed", &name)) < 0)
        goto out;
    if (given && family) {
        pc_buf b = {0};
        pc_buf_addf(&b, "%s %s", given, family);
        char *full = pc_buf_take(&b, NULL);
        rc = full ? pc_set_clean(&s->signed_by, full, (size_t)-1) : PC_ENOMEM;
        free(full);
    } else if (name || given || family) {
        rc = pc_set_clean(&s->signed_by, name ? name : given ? given : family, (size_t)-1);
    }
    if (rc < 0 || (s->signed_by && !dl->substatus &&
                   pc_set_str(&dl->substatus, "delivered.signed", (size_t)-1) < 0))
        rc = oom(c);
out:
    free(given);
    free(family);
    free(name);
    return rc;
}

static int parse_shipment(dh_ctx *c, const json_t *js, size_t idx, pc_parse_result *out)
{
    char where[48];
    char *id = NULL, *product = NULL;
    pc_shipment *s;
    int rc;

    snprintf(where, sizeof(where), "shipments[%zu]", idx);
    if (!json_is_object(js))
        return malformed(c, where, "not an object");
    if ((rc = get_text(c, js, "id", where, &id)) < 0)
        return rc;
    if (!id)
        return malformed(c, where, "id is missing or not a string or integer");
    rc = pc_parse_result_add_shipment(out, c->lim, "dhl", &s);
    if (rc < 0) {
        free(id);
        return rc == PC_ELIMIT ? pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, 0, 0,
                                             "more than %zu shipments", c->lim->max_shipments)
                               : oom(c);
    }
    s->tracking_number = id;
    c->number = s->tracking_number;

    if ((rc = get_text(c, path2(js, "details", "product"), "productName", "details.product",
                       &product)) < 0)
        return rc;
    rc = product ? pc_set_clean(&s->service, product, (size_t)-1) : 0;
    free(product);
    if (rc < 0)
        return oom(c);
    if ((rc = read_address(c, path2(js, "origin", "address"), "origin", &s->origin)) < 0 ||
        (rc = read_address(c, path2(js, "destination", "address"), "destination",
                           &s->destination)) < 0)
        return rc;

    const json_t *events = json_object_get(js, "events");
    const json_t *status = json_object_get(js, "status");
    if (events && !json_is_array(events) && !json_is_null(events))
        return malformed(c, where, "events is not an array");
    size_t n = json_array_size(events);
    pc_location *locs = calloc(n + 1, sizeof(*locs));
    if (!locs)
        return oom(c);
    rc = enrich_regions(c, where, events, status, s, locs);
    for (size_t i = 0; rc >= 0 && i < n; i++) {
        char ew[96];
        snprintf(ew, sizeof(ew), "%s.events[%zu]", where, i);
        rc = parse_event(c, json_array_get(events, i), ew, s, &locs[i]);
    }
    /* The current state repeats the newest event; it is used only when there are no events. */
    if (rc >= 0 && n == 0 && json_is_object(status))
        rc = parse_event(c, status, "status", s, &locs[n]);
    for (size_t i = 0; i <= n; i++)
        pc_location_done(&locs[i]);
    free(locs);
    if (rc < 0)
        return rc;
    if ((rc = read_eta(c, js, s)) < 0 || (rc = read_pod(c, js, s)) < 0)
        return rc;
    c->number = NULL;
    return 0;
}

/* The number a problem's instance names, "...trackingNumber=X&..." or "/shipment/X", into
 * number[size] when it is letters and digits only (else number is left as it is). */
static void problem_number(const char *instance, char *number, size_t size)
{
    size_t len = strlen(instance);
    const char *v = NULL;
    size_t vl = 0;
    for (size_t i = 0; i + 15 <= len; i++)
        if (memcmp(instance + i, "trackingNumber=", 15) == 0) {
            v = instance + i + 15;
            while (i + 15 + vl < len && !strchr("&?#", v[vl]))
                vl++;
            break;
        }
    if (!v) {
        const char *slash = last_char(instance, len, '/');
        if (slash) {
            v = slash + 1;
            vl = len - (size_t)(v - instance);
        }
    }
    int ok = v && vl > 0 && vl < size;
    for (size_t i = 0; ok && i < vl; i++) {
        char ch = v[i];
        ok = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    }
    if (ok) {
        memcpy(number, v, vl);
        number[vl] = '\0';
    }
}

/* problem+json: {"title","detail","status":404,"instance":"/shipment/123"} */
static int parse_problem(dh_ctx *c, const json_t *root, pc_parse_result *out)
{
    char *status = NULL, *title = NULL, *detail = NULL, *instance = NULL;
    char number[64] = "";
    int rc;
    if ((rc = get_text(c, root, "status", "problem", &status)) < 0 ||
        (rc = get_text(c, root, "title", "problem", &title)) < 0 ||
        (rc = get_text(c, root, "detail", "problem", &detail)) < 0 ||
        (rc = get_text(c, root, "instance", "problem", &instance)) < 0)
        goto out;
    long code = 0;
    for (size_t i = 0; status && status[i] && i < 4; i++) {
        if (status[i] < '0' || status[i] > '9') {
            code = 0;
            break;
        }
        code = code * 10 + (status[i] - '0');
    }
    if (code == 0)
        code = c->in->http_status;
    pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
    if (code == 404)
        kind = PC_TE_NOT_FOUND;
    else if (code == 400)
        kind = PC_TE_INVALID_NUMBER;
    else if (code == 401 || code == 403)
        kind = PC_TE_AUTH;
    else if (code == 429)
        kind = PC_TE_RATE_LIMITED;

    /* The number concerned, for per-number errors. */
    if ((kind == PC_TE_NOT_FOUND || kind == PC_TE_INVALID_NUMBER) && instance)
        problem_number(instance, number, sizeof(number));
    /* A one-number request whose error does not name it concerns that number. */
    if (!number[0] && (kind == PC_TE_NOT_FOUND || kind == PC_TE_INVALID_NUMBER) &&
        c->in->n_requested == 1 && c->in->requested && c->in->requested[0] &&
        strlen(c->in->requested[0]) < sizeof(number))
        memcpy(number, c->in->requested[0], strlen(c->in->requested[0]) + 1);
    int retry = 0;
    const json_t *ra = json_object_get(root, "retryAfter");
    if (json_is_integer(ra) && json_integer_value(ra) > 0 && json_integer_value(ra) < 86400)
        retry = (int)json_integer_value(ra);
    else if (kind == PC_TE_RATE_LIMITED)
        retry = c->in->retry_after;
    char code_text[24];
    snprintf(code_text, sizeof(code_text), "%ld", code);
    if (pc_parse_result_add_error(out, number[0] ? number : NULL, kind, code ? code_text : NULL,
                                  detail ? detail : title, retry) < 0)
        rc = oom(c);
out:
    free(status);
    free(title);
    free(detail);
    free(instance);
    return rc;
}

static int parse_unified(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    dh_ctx c = {.lim = in->limits, .diag = diag, .number = NULL, .in = in};
    json_t *root;
    int rc = pc_json_load_body(in, &root, diag);
    if (rc < 0)
        return rc;
    const json_t *ships = json_object_get(root, "shipments");
    if (!json_is_object(root)) {
        rc = malformed(&c, "body", "not a JSON object");
    } else if (json_is_array(ships)) {
        for (size_t i = 0; i < json_array_size(ships) && rc == 0; i++)
            rc = parse_shipment(&c, json_array_get(ships, i), i, out);
    } else if (ships && !json_is_null(ships)) {
        rc = malformed(&c, "shipments", "not an array");
    } else if (json_object_get(root, "status") || json_object_get(root, "title")) {
        rc = parse_problem(&c, root, out);
    } else {
        rc = malformed(&c, "body", "neither shipments nor a problem report");
    }
    json_decref(root);
    return rc;
}

static int dhl_parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    static const pc_parse_limits defaults = PC_PARSE_LIMITS_DEFAULT;
    pc_parse_input local = *in;
    if (!local.limits)
        local.limits = &defaults;
    if (local.format == PC_FORMAT_XML)
        return pc__dhl_parse_xml(&local, out, diag);
    return parse_unified(&local, out, diag);
}

/* ---- request ------------------------------------------------------------------------------- */

static int dhl_build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                             pc_http_request *ret_req)
{
    const char *base = cfg && cfg->base_url && cfg->base_url[0] ? cfg->base_url : DHL_BASE_URL;
    const char *key = cfg ? cfg->api_key : NULL;
    size_t blen = strlen(base);
    pc_buf url = {0};
    int rc = PC_ENOMEM;

    memset(ret_req, 0, sizeof(*ret_req));
    if (!numbers || n != 1 || !numbers[0] || !numbers[0][0] || strlen(numbers[0]) > 256 ||
        (key && !pc_header_value_ok(key)))
        return PC_EINVAL;
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    pc_buf_add(&url, base, blen);
    pc_buf_add(&url, "/track/shipments?trackingNumber=", (size_t)-1);
    pc_buf_add_urlenc(&url, numbers[0]);
    pc_buf_add(&url, "&language=en", (size_t)-1);
    if (!(ret_req->url = pc_buf_take(&url, NULL)) || !(ret_req->method = strdup("GET")))
        goto out;
    if ((rc = pc_http_request_add_header(ret_req, "Accept: application/json")) < 0)
        goto out;
    if (key && key[0] && (rc = pc_http_request_add_header(ret_req, "DHL-API-Key: %s", key)) < 0)
        goto out;
    rc = 0;
out:
    if (rc < 0)
        pc_http_request_done(ret_req);
    return rc;
}

const pc_adapter pc_adapter_dhl = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = "dhl",
    .display_name = "DHL",
    .caps = PC_CAP_JSON | PC_CAP_XML | PC_CAP_PULL | PC_CAP_RENDER,
    .max_batch = 1,
    .default_zone = NULL, /* DHL is everywhere: a time with no place is an error, not a guess */
    .build_request = dhl_build_request,
    .parse = dhl_parse,
    .render = pc__dhl_render,
    .parse_request = pc__dhl_parse_request,
    .base_url = DHL_BASE_URL,
};

PC_ADAPTER_EXPORT(pc_adapter_dhl);
