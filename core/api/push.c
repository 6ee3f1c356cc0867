/*
 * Carrier push intake: POST /v1/carrier-hooks/{carrier}.
 *
 * Order of checks, each answered with a JSON error and nothing stored: the carrier exists and
 * has parse_push (404), carrier.<name>.push_secret is configured (403: hooks disabled), the
 * request carries it (401), the payload parses completely (400 naming offset or field, 413 for
 * a parse limit), the store commits (503). Only after pc_store_write() returned, i.e. after the
 * durable commit, is 200 sent with the counts. Storing is pc_store_put_shipment's idempotent
 * merge, so a carrier retrying a push it thinks was lost changes nothing, and events arriving
 * out of order end in the same history.
 *
 * The secret is compared in constant time over SHA-256 digests of both sides, so neither its
 * content nor its length leaks through timing.
 */
#include "push.h"

#include <parcelcast/adapter.h>
#include <parcelcast/error.h>
#include <parcelcast/predict.h>
#include <parcelcast/log.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PUSH_STATUS_OK           200u
#define PUSH_STATUS_BAD_REQUEST  400u
#define PUSH_STATUS_UNAUTHORIZED 401u
#define PUSH_STATUS_FORBIDDEN    403u
#define PUSH_STATUS_NOT_FOUND    404u
#define PUSH_STATUS_TOO_LARGE    413u
#define PUSH_STATUS_UNAVAILABLE  503u

/* Carriers that send the shared secret in a header of their own. */
static const struct {
    const char *carrier;
    const char *header;
} secret_headers[] = {
    {"ups", "credential"}, /* Track Alert: the subscription's destination.credential */
};

const char *pc__push_secret_header(const char *carrier)
{
    for (size_t i = 0; carrier && i < sizeof(secret_headers) / sizeof(secret_headers[0]); i++) {
        if (strcmp(secret_headers[i].carrier, carrier) == 0)
            return secret_headers[i].header;
    }
    return NULL;
}

static json_t *error_json(const char *code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static json_t *error_json(const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);
}

static int secret_matches(const char *expected, const char *given)
{
    unsigned char a[SHA256_DIGEST_LENGTH], b[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)expected, strlen(expected), a);
    SHA256((const unsigned char *)given, strlen(given), b);
    return CRYPTO_memcmp(a, b, sizeof(a)) == 0;
}

typedef struct commit_ctx {
    const pc_parse_result *r;
    int64_t now;
    size_t created, updated, unchanged, events_added;
} commit_ctx;

static int64_t newest_event(const pc_shipment *s)
{
    int64_t t = PC_TIME_NONE;
    for (size_t i = 0; i < s->n_events; i++) {
        if (s->events[i].time != PC_TIME_NONE && (t == PC_TIME_NONE || s->events[i].time > t))
            t = s->events[i].time;
    }
    return t;
}

/*
 * Carriers do not promise to deliver pushes in order, and each push carries the estimate of its
 * own moment. A push older than the newest stored event must not overwrite the newer estimate
 * (or service, signature): it only fills what the store lacks. *view is a shallow copy of s
 * with those fields dropped; it owns nothing and is never freed.
 */
static int carrier_fields_view(pc_txn *tx, const pc_shipment *s, pc_shipment *view)
{
    pc_shipment old;
    *view = *s;
    int rc = pc_store_get_shipment(tx, s->carrier, s->tracking_number, &old, NULL);
    if (rc == PC_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    int64_t mine = newest_event(s), theirs = newest_event(&old);
    if (theirs != PC_TIME_NONE && (mine == PC_TIME_NONE || mine < theirs)) {
        if (old.carrier_eta != PC_TIME_NONE)
            view->carrier_eta = PC_TIME_NONE;
        if (old.service)
            view->service = NULL;
        if (old.signed_by)
            view->signed_by = NULL;
    }
    pc_shipment_done(&old);
    return 0;
}

/* May run more than once (map growth): counts start over each time. */
static int commit_fn(pc_txn *tx, void *arg)
{
    commit_ctx *c = arg;
    c->created = c->updated = c->unchanged = c->events_added = 0;
    for (size_t i = 0; i < c->r->n_shipments; i++) {
        pc_put_result pr;
        pc_shipment view;
        int rc = carrier_fields_view(tx, &c->r->shipments[i], &view);
        if (rc < 0)
            return rc;
        rc = pc_store_put_shipment(tx, &view, c->now, &pr);
        /* the carrier's estimate as known now, for replaying history (predict.h) */
        if (rc == 0)
            rc = pc_edd_note(tx, pr.id, c->now, view.carrier_eta);
        if (rc < 0)
            return rc;
        c->events_added += pr.events_added;
        if (pr.created)
            c->created++;
        else if (pr.events_added || pr.old_status != pr.new_status)
            c->updated++;
        else
            c->unchanged++;
    }
    return 0;
}

/* The parse diagnostic as an error body: message plus offset / line / column when known. */
static json_t *parse_error_json(const char *carrier, int rc, const pc_diag *d)
{
    json_t *j = error_json(rc == PC_ELIMIT ? "payload_too_large" : "bad_payload",
                           "%s push refused: %s", carrier, d->message);
    json_t *e = json_object_get(j, "error");
    if (!e)
        return j;
    json_object_set_new(e, "carrier", json_string(carrier));
    if (d->offset != (size_t)-1)
        json_object_set_new(e, "offset", json_integer((json_int_t)d->offset));
    if (d->line > 0)
        json_object_set_new(e, "line", json_integer(d->line));
    if (d->column > 0)
        json_object_set_new(e, "column", json_integer(d->column));
    return j;
}

/* One structured line per push, so an operator sees why a carrier's pushes fail. */
static void log_outcome(const char *carrier, unsigned status, json_t *j)
{
    char st[8], n[24], name[65];
    snprintf(st, sizeof(st), "%u", status);
    snprintf(name, sizeof(name), "%s", carrier); /* from the URL: bounded */
    carrier = name;
    if (status == PUSH_STATUS_OK) {
        snprintf(n, sizeof(n), "%lld",
                 (long long)json_integer_value(json_object_get(j, "events_added")));
        pc_log(PC_LOG_INFO, "push", "stored", "carrier", carrier, "status", st, "events_added", n,
               NULL);
        return;
    }
    json_t *e = json_object_get(j, "error");
    const char *code = json_string_value(json_object_get(e, "code"));
    const char *msg = json_string_value(json_object_get(e, "message"));
    pc_log(PC_LOG_WARN, "push", "refused", "carrier", carrier, "status", st, "code",
           code ? code : "", "detail", msg ? msg : "", NULL);
}

int pc__push_handle(const pc__push_request *req, unsigned *ret_status, json_t **ret_json)
{
    const pc_adapter *a = NULL;
    const char *name = req->carrier ? req->carrier : "";
    const char *expected = NULL;
    pc_parse_limits lim = PC_PARSE_LIMITS_DEFAULT;
    pc_parse_input in;
    commit_ctx c;
    pc_parse_result r;
    pc_diag diag;
    int rc;

    memset(&r, 0, sizeof(r));
    *ret_json = NULL;
    if (name[0] && !strchr(name, '/') && req->registry)
        a = pc_registry_find(req->registry, name);
    if (!a) {
        *ret_status = PUSH_STATUS_NOT_FOUND;
        *ret_json =
            error_json("unknown_carrier", "no carrier adapter named '%.64s' is loaded", name);
        goto out;
    }
    if (!a->parse_push || !(a->caps & PC_CAP_PUSH)) {
        *ret_status = PUSH_STATUS_NOT_FOUND;
        *ret_json =
            error_json("push_unsupported", "carrier %s does not accept push payloads", a->name);
        goto out;
    }
    if (req->config)
        expected = pc_config_carrier(req->config, a->name, "push_secret");
    if (!expected || !expected[0]) {
        *ret_status = PUSH_STATUS_FORBIDDEN;
        *ret_json = error_json("push_disabled",
                               "push for carrier %s is disabled: set carrier.%s.push_secret",
                               a->name, a->name);
        goto out;
    }
    if (!req->secret || !secret_matches(expected, req->secret)) {
        const char *own = pc__push_secret_header(a->name);
        *ret_status = PUSH_STATUS_UNAUTHORIZED;
        *ret_json = error_json("unauthorized", "%s push secret %s; send it in the %s%s%s header",
                               a->name, req->secret ? "does not match" : "is missing",
                               own ? own : "", own ? " or the " : "", PC__PUSH_SECRET_HEADER);
        goto out;
    }

    if (req->config) {
        lim.max_body = req->config->parse_max_body;
        lim.max_events = req->config->parse_max_events;
        lim.max_string = req->config->parse_max_string;
    }
    memset(&in, 0, sizeof(in));
    in.data = req->body ? req->body : "";
    in.len = req->len;
    in.format = PC_FORMAT_AUTO;
    in.limits = &lim;
    rc = pc_adapter_parse(a, &in, 1, &r, &diag);
    if (rc == PC_ENOMEM)
        goto out_rc;
    if (rc < 0) {
        *ret_status = rc == PC_ELIMIT ? PUSH_STATUS_TOO_LARGE : PUSH_STATUS_BAD_REQUEST;
        *ret_json = parse_error_json(a->name, rc, &diag);
        goto out;
    }
    if (r.n_shipments == 0) {
        *ret_status = PUSH_STATUS_BAD_REQUEST;
        *ret_json =
            error_json("bad_payload", "%s push refused: the payload holds no shipment", a->name);
        goto out;
    }

    memset(&c, 0, sizeof(c));
    c.r = &r;
    c.now = req->now;
    rc = pc_store_write(req->store, commit_fn, &c);
    if (rc == PC_ENOMEM)
        goto out_rc;
    if (rc == PC_ELIMIT || rc == PC_EINVAL) { /* a key the store cannot hold: the payload's */
        *ret_status = PUSH_STATUS_BAD_REQUEST;
        *ret_json = error_json("bad_payload",
                               "%s push refused: the store cannot hold it (tracking number too "
                               "long for a key, or too many shipments): %s",
                               a->name, pc_strerror(rc));
        goto out;
    }
    if (rc < 0) {
        *ret_status = PUSH_STATUS_UNAVAILABLE;
        *ret_json = error_json("store_unavailable", "%s push not stored: %s (%s)", a->name,
                               pc_strerror(rc), pc_err_name(rc));
        goto out;
    }
    *ret_status = PUSH_STATUS_OK;
    *ret_json = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "carrier", a->name, "shipments",
                          (json_int_t)r.n_shipments, "created", (json_int_t)c.created, "updated",
                          (json_int_t)c.updated, "unchanged", (json_int_t)c.unchanged,
                          "events_added", (json_int_t)c.events_added);
out:
    rc = *ret_json ? 0 : PC_ENOMEM;
    log_outcome(name, *ret_status, *ret_json);
out_rc:
    pc_parse_result_done(&r);
    return rc;
}
