/*
 * Merchant API: shipments of the authenticated tenant.
 *   POST   /v1/shipments                      register one (201 new, 200 already registered)
 *   POST   /v1/shipments/batch                up to PC__API_MAX_BATCH, one durable transaction
 *   GET    /v1/shipments/{carrier}/{number}   the normalized shipment
 *   GET    /v1/shipments?status=&at_risk=&carrier=&updated_since=&cursor=&limit=
 *   DELETE /v1/shipments/{carrier}/{number}
 * Every shipment is the tenant's own record in the store (pc_store_*_t): another tenant's
 * shipment of the same parcel answers exactly like one that does not exist (404). Every
 * request is one store transaction, so an error leaves nothing half-stored.
 */
#include "api.h"
#include "view_cache.h"

#include <parcelcast/detect.h>
#include <parcelcast/error.h>
#include <parcelcast/json.h>
#include <parcelcast/plugins.h>
#include <parcelcast/predictor.h>
#include <parcelcast/store.h>
#include <parcelcast/timeutil.h>

#include <inttypes.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_BATCH      1000
#define MAX_NUMBER     64
#define MAX_CARRIER    32
#define MAX_ORDER_ID   200
#define MAX_NAME       200
#define MAX_EMAIL      254
#define MAX_METADATA   4096
#define LIST_DEFAULT   50
#define LIST_MAX       500
#define MAX_CANDIDATES 16

static void err_set(pc__api_err *e, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void err_set(pc__api_err *e, unsigned status, const char *code, const char *fmt, ...)
{
    va_list ap;
    e->status = status;
    e->code = code;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof(e->message), fmt, ap);
    va_end(ap);
}

static void err_done(pc__api_err *e)
{
    json_decref(e->candidates);
    e->candidates = NULL;
}

/* {"code","message"[,"candidates"]}: a new reference; takes the candidates. */
static json_t *err_json(pc__api_err *e)
{
    json_t *j =
        json_pack("{s:s, s:s}", "code", e->code ? e->code : "internal", "message", e->message);
    if (j && e->candidates) {
        json_object_set_new(j, "candidates", e->candidates);
        e->candidates = NULL;
    }
    return j;
}

static void reply_err(pc__api_reply *out, pc__api_err *e)
{
    json_t *inner = err_json(e);
    out->status = e->status;
    out->json = inner ? json_pack("{s:o}", "error", inner) : NULL;
    err_done(e);
}

/* ---- request bodies (pure) -------------------------------------------------------------- */

int pc__api_parse_json(const char *body, size_t len, json_t **ret, pc__api_err *err)
{
    json_error_t je;
    *ret = NULL;
    if (!body || len == 0) {
        err_set(err, MHD_HTTP_BAD_REQUEST, "invalid_json",
                "the request has no body: send a JSON object");
        return PC_EMALFORMED;
    }
    json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        err_set(err, MHD_HTTP_BAD_REQUEST, "invalid_json", "invalid JSON at line %d, column %d: %s",
                je.line, je.column, je.text);
        return PC_EMALFORMED;
    }
    *ret = j;
    return 0;
}

int pc__api_number_normalize(const char *in, char *buf, size_t size)
{
    size_t n = 0;
    if (!in || size == 0)
        return PC_EINVAL;
    for (const char *p = in; *p; p++) {
        char ch = *p;
        if (ch == ' ' || ch == '-' || ch == '\t')
            continue;
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            return PC_EINVAL;
        if (n == MAX_NUMBER || n + 1 >= size)
            return PC_EINVAL;
        buf[n++] = ch;
    }
    buf[n] = '\0';
    return n ? 0 : PC_EINVAL;
}

/* An optional string member: NULL when absent or null. */
static int opt_string(const json_t *obj, const char *key, const char *where, size_t max,
                      const char **ret, pc__api_err *err)
{
    const json_t *v = json_object_get(obj, key);
    *ret = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        err_set(err, 422, "invalid_field", "%s%s: expected a string", where, key);
        return PC_EMALFORMED;
    }
    size_t len = json_string_length(v);
    if (len > max) {
        err_set(err, 422, "invalid_field", "%s%s: longer than %zu characters", where, key, max);
        return PC_EMALFORMED;
    }
    if (strlen(json_string_value(v)) != len) {
        err_set(err, 422, "invalid_field", "%s%s: contains a NUL character", where, key);
        return PC_EMALFORMED;
    }
    *ret = json_string_value(v);
    return 0;
}

static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@'))
        return false;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return false;
    return true;
}

int pc__api_shipment_from_json(const json_t *j, const char *where, pc_shipment *ret,
                               pc__api_err *err)
{
    const char *v;
    char num[MAX_NUMBER + 8];
    pc_shipment_init(ret);
    if (!json_is_object(j)) {
        if (*where)
            err_set(err, 422, "invalid_field", "%.*s: expected a JSON object",
                    (int)(strlen(where) - 1), where);
        else
            err_set(err, 422, "invalid_field", "body: expected a JSON object");
        return PC_EMALFORMED;
    }
    const json_t *tn = json_object_get(j, "tracking_number");
    if (!tn || json_is_null(tn)) {
        err_set(err, 422, "invalid_field", "%stracking_number: required", where);
        goto fail;
    }
    if (opt_string(j, "tracking_number", where, 256, &v, err) < 0)
        goto fail;
    if (pc__api_number_normalize(v, num, sizeof(num)) < 0) {
        err_set(err, 422, "invalid_field",
                "%stracking_number: '%.80s' is not a tracking number (1 to %d letters and "
                "digits; blanks and dashes are ignored)",
                where, v, MAX_NUMBER);
        goto fail;
    }
    if (pc_set_str(&ret->tracking_number, num, (size_t)-1) < 0)
        goto nomem;
    if (opt_string(j, "carrier", where, MAX_CARRIER, &v, err) < 0)
        goto fail;
    if (v) {
        if (!*v) {
            err_set(err, 422, "invalid_field", "%scarrier: empty (leave it out to detect it)",
                    where);
            goto fail;
        }
        if (pc_set_str(&ret->carrier, v, (size_t)-1) < 0)
            goto nomem;
        for (char *p = ret->carrier; p && *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    }
    if (opt_string(j, "promised_by", where, 64, &v, err) < 0)
        goto fail;
    if (v && pc_time_parse_utc(v, &ret->promised_by) < 0) {
        err_set(err, 422, "invalid_field",
                "%spromised_by: '%.64s' is not an RFC 3339 time with an offset (e.g. "
                "2024-03-07T17:00:00Z)",
                where, v);
        goto fail;
    }
    if (opt_string(j, "order_id", where, MAX_ORDER_ID, &v, err) < 0)
        goto fail;
    if (v && pc_set_str(&ret->order_id, v, (size_t)-1) < 0)
        goto nomem;
    const json_t *cust = json_object_get(j, "customer");
    if (cust && !json_is_null(cust)) {
        char sub[96];
        if (!json_is_object(cust)) {
            err_set(err, 422, "invalid_field", "%scustomer: expected an object {name, email}",
                    where);
            goto fail;
        }
        snprintf(sub, sizeof(sub), "%scustomer.", where);
        if (opt_string(cust, "name", sub, MAX_NAME, &v, err) < 0)
            goto fail;
        if (v && pc_set_str(&ret->customer.name, v, (size_t)-1) < 0)
            goto nomem;
        if (opt_string(cust, "email", sub, MAX_EMAIL, &v, err) < 0)
            goto fail;
        if (v && !email_ok(v)) {
            err_set(err, 422, "invalid_field", "%semail: '%.80s' is not an e-mail address", sub, v);
            goto fail;
        }
        if (v && pc_set_str(&ret->customer.email, v, (size_t)-1) < 0)
            goto nomem;
    }
    const json_t *meta = json_object_get(j, "metadata");
    if (meta && !json_is_null(meta)) {
        if (!json_is_object(meta)) {
            err_set(err, 422, "invalid_field", "%smetadata: expected an object", where);
            goto fail;
        }
        char *text = json_dumps(meta, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!text)
            goto nomem;
        if (strlen(text) > MAX_METADATA) {
            free(text);
            err_set(err, 422, "invalid_field", "%smetadata: larger than %d bytes as JSON", where,
                    MAX_METADATA);
            goto fail;
        }
        ret->metadata_json = text;
    }
    return 0;
nomem:
    err_set(err, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
fail:
    pc_shipment_done(ret);
    pc_shipment_init(ret);
    return PC_EMALFORMED;
}

/* ---- carrier ---------------------------------------------------------------------------- */

/* Set s->carrier: check the one given, or detect it among the loaded adapters. A candidate
 * whose check digit failed is not one; verified candidates win over unchecked formats. */
static int resolve_carrier(const pc_server_opts *o, pc_shipment *s, const char *where,
                           pc__api_err *err)
{
    if (s->carrier) {
        if (o->registry && pc_registry_find(o->registry, s->carrier))
            return 0;
        err_set(err, 422, "unknown_carrier",
                "%scarrier: '%s' is not a loaded carrier (GET /v1/carriers lists them)", where,
                s->carrier);
        return PC_EINVAL;
    }
    pc_detect_match m[MAX_CANDIDATES], keep[MAX_CANDIDATES];
    int n = pc__api_candidates(o, s->tracking_number, m, MAX_CANDIDATES);
    if (n < 0) {
        err_set(err, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "carrier detection failed: %s",
                pc_strerror(n));
        return n;
    }
    size_t k = 0;
    bool verified = false;
    for (int i = 0; i < n; i++)
        if (m[i].has_check && m[i].check_ok)
            verified = true;
    for (int i = 0; i < n; i++) {
        if (!m[i].check_ok || (verified && !m[i].has_check))
            continue;
        bool dup = false;
        for (size_t q = 0; q < k; q++)
            dup = dup || strcmp(keep[q].carrier, m[i].carrier) == 0;
        if (!dup)
            keep[k++] = m[i];
    }
    if (k == 1)
        return pc_set_str(&s->carrier, keep[0].carrier, (size_t)-1) < 0 ? PC_ENOMEM : 0;
    if (k == 0) {
        err_set(err, 422, "unknown_carrier",
                "%stracking_number: no loaded carrier recognizes '%s'; give \"carrier\"", where,
                s->tracking_number);
        return PC_EINVAL;
    }
    char list[256] = "";
    size_t used = 0;
    for (size_t q = 0; q < k && used < sizeof(list); q++)
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", q ? ", " : "",
                                 keep[q].carrier);
    err_set(err, 422, "ambiguous_carrier",
            "%stracking_number: '%s' may belong to %s; give \"carrier\"", where, s->tracking_number,
            list);
    err->candidates = pc__api_candidates_json(o, keep, k);
    return PC_EINVAL;
}

/* ---- replies ---------------------------------------------------------------------------- */

/* Now, for ETAs and writes: the predictor's clock (simulated in the demo), else the wall. */
static int64_t api_now(const pc_server_opts *o)
{
    return o->predictor ? pc_predictor_now(o->predictor) : (int64_t)time(NULL);
}

/* A shipment as the API shows it: the normalized JSON with the merchant fields, plus "eta"
 * ({time, window_80:{start,end}, window_95:{start,end}, p_late, at_risk, risk[], reasons[]},
 * computed now with the live predictor's model; null without a predictor). */
static json_t *shipment_view(const pc_server_opts *o, const pc_shipment *s, int64_t now)
{
    json_t *j = pc_shipment_to_json(s, PC_JSON_MERCHANT);
    if (!j)
        return NULL;
    pc_eta e;
    json_t *eta = NULL;
    if (o->predictor && pc_predictor_eta(o->predictor, s, now, &e) == 0)
        eta = pc_eta_to_json(&e);
    json_object_set_new(j, "eta", eta ? eta : json_null());
    return j;
}

/* Is the shipment at risk? The delay detector's record (predictor.h), refreshed every
 * predict.tick seconds and after new events; never flagged without a predictor. */
static bool shipment_at_risk(const pc_server_opts *o, pc_txn *tx, uint64_t id)
{
    json_t *r;
    if (!o->predictor || pc_predictor_risk_get(tx, id, &r) < 0)
        return false;
    bool at = json_is_true(json_object_get(r, "at_risk"));
    json_decref(r);
    return at;
}

static void reply_store_error(pc__api_reply *out, int rc)
{
    pc__api_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "store_unavailable",
                  "the store refused the request (%s); nothing was stored", pc_strerror(rc));
}

/* ---- registration ----------------------------------------------------------------------- */

typedef struct reg_item {
    pc_shipment s; /* parsed; carrier resolved */
    bool ok;
    pc__api_err err;
    unsigned status; /* 201 created, 200 already registered */
    json_t *view;
} reg_item;

typedef struct reg_ctx {
    reg_item *items;
    size_t n;
    uint32_t tenant;
    int64_t now;
    const pc_server_opts *o;
} reg_ctx;

/* One transaction for every valid item. May run again from scratch (map growth). */
static int register_fn(pc_txn *tx, void *arg)
{
    reg_ctx *c = arg;
    for (size_t i = 0; i < c->n; i++) {
        reg_item *it = &c->items[i];
        if (!it->ok)
            continue;
        json_decref(it->view);
        it->view = NULL;
        pc_shipment got;
        uint64_t id = 0;
        int rc =
            pc_store_get_shipment_t(tx, c->tenant, it->s.carrier, it->s.tracking_number, &got, &id);
        if (rc == 0) {
            it->status = MHD_HTTP_OK;
        } else if (rc == PC_ENOTFOUND) {
            pc_shipment_done(&got);
            pc_put_result pr;
            it->s.tenant_id = c->tenant;
            if ((rc = pc_store_put_shipment(tx, &it->s, c->now, &pr)) < 0)
                return rc;
            /* A running poller picks it up on its next pass. */
            if ((rc = pc_store_set_next_poll(tx, pr.id, c->now)) < 0)
                return rc;
            if ((rc = pc_store_get_shipment_by_id(tx, pr.id, &got)) < 0) {
                pc_shipment_done(&got);
                return rc;
            }
            it->status = MHD_HTTP_CREATED;
        } else {
            pc_shipment_done(&got);
            return rc;
        }
        it->view = shipment_view(c->o, &got, c->now);
        pc_shipment_done(&got);
        if (!it->view)
            return PC_ENOMEM;
    }
    return 0;
}

static void item_done(reg_item *it)
{
    pc_shipment_done(&it->s);
    err_done(&it->err);
    json_decref(it->view);
}

static int parse_item(const pc_server_opts *o, const json_t *j, const char *where, reg_item *it)
{
    if (pc__api_shipment_from_json(j, where, &it->s, &it->err) < 0)
        return -1;
    if (resolve_carrier(o, &it->s, where, &it->err) < 0)
        return -1;
    it->ok = true;
    return 0;
}

void pc__api_shipments_create(pc_server *srv, struct MHD_Connection *c, const char *path,
                              const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    (void)path;
    const pc_server_opts *o = pc__api_opts(srv);
    reg_item it;
    memset(&it, 0, sizeof(it));
    pc_shipment_init(&it.s);
    json_t *j = NULL;
    if (pc__api_parse_json(req->body, req->len, &j, &it.err) < 0 || parse_item(o, j, "", &it) < 0) {
        reply_err(out, &it.err);
        goto out;
    }
    reg_ctx ctx = {&it, 1, req->tenant, api_now(o), o};
    int rc = pc_store_write(o->store, register_fn, &ctx);
    if (rc < 0) {
        reply_store_error(out, rc);
        goto out;
    }
    out->status = it.status;
    out->json = json_pack("{s:O}", "shipment", it.view);
out:
    json_decref(j);
    item_done(&it);
}

void pc__api_shipments_batch(pc_server *srv, struct MHD_Connection *c, const char *path,
                             const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    (void)path;
    const pc_server_opts *o = pc__api_opts(srv);
    pc__api_err err;
    memset(&err, 0, sizeof(err));
    reg_item *items = NULL;
    size_t n = 0;
    json_t *j = NULL;
    if (pc__api_parse_json(req->body, req->len, &j, &err) < 0) {
        reply_err(out, &err);
        goto out;
    }
    const json_t *arr = json_is_object(j) ? json_object_get(j, "shipments") : NULL;
    if (!json_is_array(arr)) {
        err_set(&err, 422, "invalid_field",
                "shipments: required, an array of registrations {\"shipments\":[...]}");
        reply_err(out, &err);
        goto out;
    }
    n = json_array_size(arr);
    if (n > MAX_BATCH) {
        /* The request as a whole is too large to take, whatever its items say. */
        err_set(&err, MHD_HTTP_CONTENT_TOO_LARGE, "batch_too_large",
                "shipments: %zu items; a batch holds at most %d: split it", n, MAX_BATCH);
        reply_err(out, &err);
        n = 0;
        goto out;
    }
    items = calloc(n ? n : 1, sizeof(*items));
    if (!items) {
        n = 0;
        pc__api_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
        goto out;
    }
    size_t n_ok = 0;
    for (size_t i = 0; i < n; i++) {
        char where[48];
        pc_shipment_init(&items[i].s);
        snprintf(where, sizeof(where), "shipments[%zu].", i);
        if (parse_item(o, json_array_get(arr, i), where, &items[i]) == 0)
            n_ok++;
    }
    if (n_ok) {
        reg_ctx ctx = {items, n, req->tenant, api_now(o), o};
        int rc = pc_store_write(o->store, register_fn, &ctx);
        if (rc < 0) {
            reply_store_error(out, rc);
            goto out;
        }
    }
    json_t *results = json_array();
    size_t created = 0, existing = 0, failed = 0;
    for (size_t i = 0; results && i < n; i++) {
        reg_item *it = &items[i];
        json_t *r;
        if (it->ok) {
            r = json_pack("{s:I, s:i, s:O}", "index", (json_int_t)i, "status", (int)it->status,
                          "shipment", it->view);
            if (it->status == MHD_HTTP_CREATED)
                created++;
            else
                existing++;
        } else {
            r = json_pack("{s:I, s:i, s:o}", "index", (json_int_t)i, "status", (int)it->err.status,
                          "error", err_json(&it->err));
            failed++;
        }
        if (!r || json_array_append_new(results, r) < 0) {
            json_decref(results);
            results = NULL;
        }
    }
    out->status = MHD_HTTP_OK;
    out->json = results ? json_pack("{s:o, s:I, s:I, s:I}", "results", results, "created",
                                    (json_int_t)created, "existing", (json_int_t)existing, "failed",
                                    (json_int_t)failed)
                        : NULL;
out:
    for (size_t i = 0; i < n; i++)
        item_done(&items[i]);
    free(items);
    json_decref(j);
    err_done(&err);
}

/* ---- one shipment ----------------------------------------------------------------------- */

/* "/v1/shipments/{carrier}/{number}" -> carrier and normalized number. */
static int split_path(const char *path, char *carrier, size_t csize, char *number, size_t nsize)
{
    const char *p = path + strlen("/v1/shipments/");
    const char *slash = strchr(p, '/');
    if (!slash || slash == p || (size_t)(slash - p) >= csize || strchr(slash + 1, '/'))
        return PC_EINVAL;
    memcpy(carrier, p, (size_t)(slash - p));
    carrier[slash - p] = '\0';
    for (char *q = carrier; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
    return pc__api_number_normalize(slash + 1, number, nsize);
}

static void reply_no_shipment(pc__api_reply *out, const char *path)
{
    pc__api_error(out, MHD_HTTP_NOT_FOUND, "not_found",
                  "no shipment at %.200s for this API key (GET /v1/shipments/{carrier}/{number})",
                  path);
}

void pc__api_shipment_get(pc_server *srv, struct MHD_Connection *c, const char *path,
                          const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    const pc_server_opts *o = pc__api_opts(srv);
    char carrier[MAX_CARRIER + 1], number[MAX_NUMBER + 8];
    if (split_path(path, carrier, sizeof(carrier), number, sizeof(number)) < 0) {
        reply_no_shipment(out, path);
        return;
    }
    pc_txn *tx = req->tx; /* the key check's (server.c ends it), else our own */
    pc_shipment s;
    int rc = tx ? 0 : pc_store_read_begin(o->store, &tx);
    if (rc < 0) {
        reply_store_error(out, rc);
        return;
    }
    rc = pc_store_get_shipment_t(tx, req->tenant, carrier, number, &s, NULL);
    if (tx != req->tx)
        pc_store_read_end(tx);
    if (rc == PC_ENOTFOUND)
        reply_no_shipment(out, path);
    else if (rc < 0)
        reply_store_error(out, rc);
    else {
        /* {"shipment": shipment_view()} as text, the view's part from the cache (view_cache.h) */
        pc_eta e;
        json_t *eta = NULL;
        if (o->predictor && pc_predictor_eta(o->predictor, &s, api_now(o), &e) == 0)
            eta = pc_eta_to_json(&e);
        size_t len;
        out->status = MHD_HTTP_OK;
        out->text = pc__view_cache_body(pc__api_view_cache(srv), &s, eta, &len);
        out->content_type = "application/json";
        json_decref(eta);
    }
    pc_shipment_done(&s);
}

typedef struct del_ctx {
    uint32_t tenant;
    const char *carrier, *number;
} del_ctx;

static int delete_fn(pc_txn *tx, void *arg)
{
    del_ctx *d = arg;
    return pc_store_delete_shipment_t(tx, d->tenant, d->carrier, d->number);
}

void pc__api_shipment_delete(pc_server *srv, struct MHD_Connection *c, const char *path,
                             const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    const pc_server_opts *o = pc__api_opts(srv);
    char carrier[MAX_CARRIER + 1], number[MAX_NUMBER + 8];
    if (split_path(path, carrier, sizeof(carrier), number, sizeof(number)) < 0) {
        reply_no_shipment(out, path);
        return;
    }
    del_ctx d = {req->tenant, carrier, number};
    int rc = pc_store_write(o->store, delete_fn, &d);
    if (rc == PC_ENOTFOUND)
        reply_no_shipment(out, path);
    else if (rc < 0)
        reply_store_error(out, rc);
    else {
        out->status = MHD_HTTP_OK;
        out->json = json_pack("{s:b, s:s, s:s}", "deleted", 1, "carrier", carrier,
                              "tracking_number", number);
    }
}

/* ---- listing ---------------------------------------------------------------------------- */

typedef struct list_ctx {
    pc_txn *tx;
    const pc_server_opts *o;
    int64_t now;
    /* filters */
    const char *carrier;
    int64_t updated_since; /* PC_TIME_NONE: any */
    int at_risk;           /* -1 any, 0 not at risk, 1 at risk */
    uint64_t after;
    size_t limit;
    /* output */
    json_t *arr;
    size_t n;
    uint64_t last_id;
    bool more;
} list_ctx;

static int list_cb(uint64_t id, void *arg)
{
    list_ctx *l = arg;
    if (id <= l->after)
        return 0;
    pc_shipment s;
    int rc = pc_store_get_shipment_by_id(l->tx, id, &s);
    if (rc == PC_ENOTFOUND) {
        pc_shipment_done(&s);
        return 0;
    }
    if (rc < 0) {
        pc_shipment_done(&s);
        return rc;
    }
    bool match = (!l->carrier || strcmp(s.carrier, l->carrier) == 0) &&
                 (l->updated_since == PC_TIME_NONE ||
                  (s.updated_at != PC_TIME_NONE && s.updated_at >= l->updated_since)) &&
                 (l->at_risk < 0 || (int)shipment_at_risk(l->o, l->tx, id) == l->at_risk);
    if (!match) {
        pc_shipment_done(&s);
        return 0;
    }
    if (l->n == l->limit) {
        l->more = true;
        pc_shipment_done(&s);
        return 1;
    }
    json_t *v = shipment_view(l->o, &s, l->now);
    pc_shipment_done(&s);
    if (!v || json_array_append_new(l->arr, v) < 0)
        return PC_ENOMEM;
    l->n++;
    l->last_id = id;
    return 0;
}

void pc__api_shipments_list(pc_server *srv, struct MHD_Connection *c, const char *path,
                            const pc__api_request *req, pc__api_reply *out)
{
    (void)path;
    const pc_server_opts *o = pc__api_opts(srv);
    list_ctx l;
    memset(&l, 0, sizeof(l));
    l.o = o;
    l.now = api_now(o);
    l.updated_since = PC_TIME_NONE;
    l.at_risk = -1;
    l.limit = LIST_DEFAULT;
    pc_status status = PC_STATUS_PENDING;
    const char *v;
    bool by_status = false;

    if ((v = pc__api_arg(c, "status"))) {
        if (pc_status_parse(v, &status) < 0) {
            pc__api_error(out, 422, "invalid_parameter",
                          "status: '%.40s' is not a status (pending, info_received, in_transit, "
                          "out_for_delivery, failed_attempt, available_for_pickup, delivered, "
                          "exception, returned, expired)",
                          v);
            return;
        }
        by_status = true;
    }
    if ((v = pc__api_arg(c, "at_risk"))) {
        if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
            l.at_risk = 1;
        else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
            l.at_risk = 0;
        else {
            pc__api_error(out, 422, "invalid_parameter", "at_risk: '%.40s' is not true or false",
                          v);
            return;
        }
    }
    if ((v = pc__api_arg(c, "carrier"))) {
        if (!o->registry || !pc_registry_find(o->registry, v)) {
            pc__api_error(out, 422, "invalid_parameter",
                          "carrier: '%.40s' is not a loaded carrier (GET /v1/carriers)", v);
            return;
        }
        l.carrier = v;
    }
    if ((v = pc__api_arg(c, "updated_since")) && pc_time_parse_utc(v, &l.updated_since) < 0) {
        pc__api_error(out, 422, "invalid_parameter",
                      "updated_since: '%.64s' is not an RFC 3339 time with an offset", v);
        return;
    }
    if ((v = pc__api_arg(c, "cursor"))) {
        char *end;
        bool hex = strlen(v) == 16 && strspn(v, "0123456789abcdef") == 16;
        unsigned long long id = hex ? strtoull(v, &end, 16) : 0;
        if (!hex || *end != '\0') {
            pc__api_error(out, 422, "invalid_parameter",
                          "cursor: '%.40s' is not a cursor (pass next_cursor from the previous "
                          "page)",
                          v);
            return;
        }
        l.after = (uint64_t)id;
    }
    if ((v = pc__api_arg(c, "limit"))) {
        char *end;
        unsigned long long n =
            strspn(v, "0123456789") == strlen(v) && strlen(v) <= 4 ? strtoull(v, &end, 10) : 0;
        if (n < 1 || n > LIST_MAX) {
            pc__api_error(out, 422, "invalid_parameter",
                          "limit: '%.40s' is not a whole number from 1 to %d", v, LIST_MAX);
            return;
        }
        l.limit = (size_t)n;
    }
    int rc = pc_store_read_begin(o->store, &l.tx);
    if (rc < 0) {
        reply_store_error(out, rc);
        return;
    }
    l.arr = json_array();
    if (!l.arr)
        rc = PC_ENOMEM;
    else if (by_status)
        rc = pc_store_scan_status(l.tx, status, req->tenant, list_cb, &l);
    else
        rc = pc_store_scan_tenant(l.tx, req->tenant, l.after, list_cb, &l);
    pc_store_read_end(l.tx);
    if (rc < 0) {
        json_decref(l.arr);
        reply_store_error(out, rc);
        return;
    }
    char cursor[17];
    snprintf(cursor, sizeof(cursor), "%016" PRIx64, l.last_id);
    out->status = MHD_HTTP_OK;
    out->json = json_pack("{s:o, s:o}", "shipments", l.arr, "next_cursor",
                          l.more ? json_string(cursor) : json_null());
}
