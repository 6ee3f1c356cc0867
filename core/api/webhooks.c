/* Webhook subscriptions and the e-mail channel of the merchant API (tenant-scoped; the library
 * is core/notify, include/parcelcast/notify.h):
 *   POST   /v1/webhooks                                     {url, kinds?[]} -> 201 + secret
 *   GET    /v1/webhooks
 *   GET    /v1/webhooks/{id}
 *   DELETE /v1/webhooks/{id}
 *   GET    /v1/webhooks/{id}/failures                       dead letters (id 0: e-mails)
 *   POST   /v1/webhooks/{id}/failures/{delivery_id}/replay  back in the outbox, due now
 *   PUT    /v1/email                                        {enabled: bool}
 */
#include "api.h"

#include <parcelcast/error.h>
#include <parcelcast/notify.h>
#include <parcelcast/predictor.h>

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t api_now(const pc_server_opts *o)
{
    return o->predictor ? pc_predictor_now(o->predictor) : (int64_t)time(NULL);
}

static void store_error(pc__api_reply *out, int rc)
{
    pc__api_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "store_unavailable",
                  "the store refused the request (%s); nothing was changed", pc_strerror(rc));
}

/* "/v1/webhooks/{id}[/rest]": the id (1..), and what follows it ("" when nothing). */
static int parse_id(const char *path, uint32_t *ret_id, const char **ret_rest)
{
    const char *p = path + strlen("/v1/webhooks/");
    char *end;
    unsigned long v = strtoul(p, &end, 10);
    if (end == p || v > UINT32_MAX || (*end && *end != '/'))
        return PC_EINVAL;
    *ret_id = (uint32_t)v;
    *ret_rest = end;
    return 0;
}

struct add_ctx {
    uint32_t tenant;
    const char *url;
    pc_notice_kind kinds[16];
    size_t n_kinds;
    int64_t now;
    uint32_t id;
    char secret[PC_WEBHOOK_SECRET_SIZE];
    char err[256];
    pc_webhook hook;
};

static int add_fn(pc_txn *tx, void *arg)
{
    struct add_ctx *a = arg;
    int rc = pc_webhook_add(tx, a->tenant, a->url, a->kinds, a->n_kinds, a->now, &a->id, a->secret,
                            a->err, sizeof(a->err));
    if (rc == 0)
        rc = pc_webhook_get(tx, a->tenant, a->id, &a->hook);
    return rc;
}

static void create(pc_server *srv, const pc__api_request *req, pc__api_reply *out)
{
    const pc_server_opts *o = pc__api_opts(srv);
    json_t *j;
    pc__api_err e = {0};
    if (pc__api_parse_json(req->body, req->len, &j, &e) < 0) {
        pc__api_error(out, e.status, e.code, "%s", e.message);
        return;
    }
    struct add_ctx a = {.tenant = req->tenant, .now = api_now(o)};
    const json_t *url = json_object_get(j, "url"), *kinds = json_object_get(j, "kinds");
    if (!json_is_string(url)) {
        pc__api_error(out, 422, "invalid_field", "url: %s",
                      url ? "must be a string" : "missing (the https:// address to POST to)");
        goto out;
    }
    a.url = json_string_value(url);
    if (kinds && !json_is_array(kinds)) {
        pc__api_error(out, 422, "invalid_field", "kinds: must be an array of notice kinds");
        goto out;
    }
    size_t i;
    const json_t *k;
    json_array_foreach(kinds, i, k)
    {
        if (a.n_kinds == sizeof(a.kinds) / sizeof(a.kinds[0]) || !json_is_string(k) ||
            pc_notice_kind_parse(json_string_value(k), &a.kinds[a.n_kinds]) < 0) {
            pc__api_error(out, 422, "invalid_field",
                          "kinds[%zu]: not a notice kind (info_received, shipped, delayed, "
                          "eta_changed, out_for_delivery, delivered, failed_attempt, exception)",
                          i);
            goto out;
        }
        a.n_kinds++;
    }
    int rc = pc_store_write(o->store, add_fn, &a);
    if (rc == PC_EINVAL)
        pc__api_error(out, 422, "invalid_field", "url: %s", a.err[0] ? a.err : "not accepted");
    else if (rc == PC_ELIMIT)
        pc__api_error(out, 422, "too_many_webhooks", "a tenant may have at most %d subscriptions",
                      PC_WEBHOOK_MAX);
    else if (rc < 0)
        store_error(out, rc);
    else {
        json_t *h = pc_webhook_to_json(&a.hook);
        out->status = MHD_HTTP_CREATED;
        out->json = h ? json_pack("{s:o, s:s, s:s}", "webhook", h, "secret", a.secret, "note",
                                  "the secret signs every delivery; it is shown only now")
                      : NULL;
    }
out:
    json_decref(j);
}

static void list(pc_server *srv, const pc__api_request *req, pc__api_reply *out)
{
    const pc_server_opts *o = pc__api_opts(srv);
    pc_txn *tx;
    pc_webhook *hooks = NULL;
    size_t n = 0;
    int rc = pc_store_read_begin(o->store, &tx);
    if (rc == 0) {
        rc = pc_webhook_list(tx, req->tenant, &hooks, &n);
        pc_store_read_end(tx);
    }
    if (rc < 0) {
        store_error(out, rc);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        json_array_append_new(arr, pc_webhook_to_json(&hooks[i]));
    free(hooks);
    out->status = MHD_HTTP_OK;
    out->json = arr ? json_pack("{s:o}", "webhooks", arr) : NULL;
}

void pc__api_webhooks_create(pc_server *srv, struct MHD_Connection *c, const char *path,
                             const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    (void)path;
    create(srv, req, out);
}

void pc__api_webhooks_list(pc_server *srv, struct MHD_Connection *c, const char *path,
                           const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    (void)path;
    list(srv, req, out);
}

static void not_found(pc__api_reply *out, const char *path)
{
    pc__api_error(out, MHD_HTTP_NOT_FOUND, "not_found", "no webhook at %.200s", path);
}

/* GET /v1/webhooks/{id} and GET /v1/webhooks/{id}/failures */
void pc__api_webhook_get(pc_server *srv, struct MHD_Connection *c, const char *path,
                         const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    const pc_server_opts *o = pc__api_opts(srv);
    uint32_t id;
    const char *rest;
    if (parse_id(path, &id, &rest) < 0 || (*rest && strcmp(rest, "/failures") != 0)) {
        not_found(out, path);
        return;
    }
    pc_txn *tx;
    int rc = pc_store_read_begin(o->store, &tx);
    if (rc < 0) {
        store_error(out, rc);
        return;
    }
    if (*rest) {
        json_t *arr = NULL;
        rc = pc_webhook_failures(tx, req->tenant, id, &arr);
        if (rc == 0) {
            out->status = MHD_HTTP_OK;
            out->json = json_pack("{s:o}", "failures", arr);
        }
    } else {
        pc_webhook h;
        if ((rc = id ? pc_webhook_get(tx, req->tenant, id, &h) : PC_ENOTFOUND) == 0) {
            json_t *j = pc_webhook_to_json(&h);
            out->status = MHD_HTTP_OK;
            out->json = j ? json_pack("{s:o}", "webhook", j) : NULL;
        }
    }
    pc_store_read_end(tx);
    if (rc == PC_ENOTFOUND)
        not_found(out, path);
    else if (rc < 0)
        store_error(out, rc);
}

struct del_ctx {
    uint32_t tenant, id;
};

static int del_fn(pc_txn *tx, void *arg)
{
    struct del_ctx *d = arg;
    return pc_webhook_delete(tx, d->tenant, d->id);
}

void pc__api_webhook_delete(pc_server *srv, struct MHD_Connection *c, const char *path,
                            const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    const pc_server_opts *o = pc__api_opts(srv);
    struct del_ctx d = {req->tenant, 0};
    const char *rest;
    if (parse_id(path, &d.id, &rest) < 0 || *rest || d.id == 0) {
        not_found(out, path);
        return;
    }
    int rc = pc_store_write(o->store, del_fn, &d);
    if (rc == PC_ENOTFOUND)
        not_found(out, path);
    else if (rc < 0)
        store_error(out, rc);
    else {
        out->status = MHD_HTTP_OK;
        out->json = json_pack("{s:b, s:I}", "deleted", 1, "id", (json_int_t)d.id);
    }
}

struct replay_ctx {
    uint32_t tenant;
    char delivery[80];
    int64_t now;
};

static int replay_fn(pc_txn *tx, void *arg)
{
    struct replay_ctx *r = arg;
    return pc_webhook_replay(tx, r->tenant, r->delivery, r->now);
}

/* POST /v1/webhooks/{id}/failures/{delivery_id}/replay */
void pc__api_webhook_replay(pc_server *srv, struct MHD_Connection *c, const char *path,
                            const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    const pc_server_opts *o = pc__api_opts(srv);
    uint32_t id;
    const char *rest;
    struct replay_ctx r = {.tenant = req->tenant, .now = api_now(o)};
    size_t n;
    if (parse_id(path, &id, &rest) < 0 || strncmp(rest, "/failures/", 10) != 0 ||
        (n = strcspn(rest + 10, "/")) == 0 || n >= sizeof(r.delivery) ||
        strcmp(rest + 10 + n, "/replay") != 0) {
        not_found(out, path);
        return;
    }
    memcpy(r.delivery, rest + 10, n);
    r.delivery[n] = '\0';
    int rc = pc_store_write(o->store, replay_fn, &r);
    if (rc == PC_ENOTFOUND)
        pc__api_error(out, MHD_HTTP_NOT_FOUND, "not_found", "no dead letter %s of webhook %u",
                      r.delivery, id);
    else if (rc < 0)
        store_error(out, rc);
    else {
        out->status = MHD_HTTP_OK;
        out->json = json_pack("{s:b, s:s}", "replayed", 1, "delivery_id", r.delivery);
    }
}

struct email_ctx {
    uint32_t tenant;
    bool on;
};

static int email_fn(pc_txn *tx, void *arg)
{
    struct email_ctx *e = arg;
    return pc_notify_set_email(tx, e->tenant, e->on);
}

/* PUT /v1/email {"enabled": true|false}: the tenant's e-mail channel to customers. */
void pc__api_email(pc_server *srv, struct MHD_Connection *c, const char *path,
                   const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    (void)path;
    const pc_server_opts *o = pc__api_opts(srv);
    json_t *j;
    pc__api_err e = {0};
    if (pc__api_parse_json(req->body, req->len, &j, &e) < 0) {
        pc__api_error(out, e.status, e.code, "%s", e.message);
        return;
    }
    const json_t *en = json_object_get(j, "enabled");
    if (!json_is_boolean(en)) {
        pc__api_error(out, 422, "invalid_field", "enabled: %s",
                      en ? "must be true or false" : "missing");
        json_decref(j);
        return;
    }
    struct email_ctx ec = {req->tenant, json_is_true(en)};
    json_decref(j);
    int rc = pc_store_write(o->store, email_fn, &ec);
    if (rc < 0) {
        store_error(out, rc);
        return;
    }
    out->status = MHD_HTTP_OK;
    out->json = json_pack("{s:b}", "enabled", ec.on);
}
