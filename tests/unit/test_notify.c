/* Notices: detection, signatures, subscriptions, the outbox, webhook delivery with retries and
 * dead letters against a local receiver, at-least-once after a stopped notifier, e-mail through
 * a local SMTP sink. Every server is started here on 127.0.0.1 port 0. */
#include "testsupport.h"

#include <parcelcast/config.h>
#include <parcelcast/error.h>
#include <parcelcast/notify.h>
#include <parcelcast/store.h>

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define T0 1763900000 /* 2025-11-23T12:13:20Z */
#define H  3600

/* ---- fixtures ------------------------------------------------------------------------------ */

static pc_store *open_store(const char *dir)
{
    pc_store *st = NULL;
    char err[512] = "";
    pc_store_opts o = {.path = dir};
    if (pc_store_open(&o, &st, err, sizeof(err)) != 0)
        fail_msg("open %s: %s", dir, err);
    return st;
}

static void add_ev(pc_shipment *s, int64_t t, pc_status st, const char *desc)
{
    pc_event *ev;
    assert_int_equal(pc_shipment_add_event(s, 0, &ev), 0);
    ev->time = t;
    ev->status = st;
    assert_int_equal(pc_set_str(&ev->description, desc, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&ev->code, pc_status_name(st), (size_t)-1), 0);
}

/* A shipment whose events have the given statuses, one hour apart. */
static void make_ship(pc_shipment *s, const pc_status *sts, size_t n)
{
    pc_shipment_init(s);
    assert_int_equal(pc_set_str(&s->carrier, "ups", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->tracking_number, "1Z999AA10123456784", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->order_id, "A-17", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->customer.name, "Ada Lovelace", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->customer.email, "ada@example.test", (size_t)-1), 0);
    s->tenant_id = 1;
    for (size_t i = 0; i < n; i++)
        add_ev(s, T0 + (int64_t)i * H, sts[i],
               sts[i] == PC_STATUS_FAILED_ATTEMPT ? "Receiver not available" : "scan");
    pc_shipment_normalize(s);
}

static pc_eta make_eta(int64_t start, int64_t end, double p_late, bool at_risk)
{
    pc_eta e;
    memset(&e, 0, sizeof(e));
    e.made_at = T0;
    e.time = start + (end - start) / 2;
    e.w80_start = start;
    e.w80_end = end;
    e.w95_start = start - H;
    e.w95_end = end + H;
    e.p_late = p_late;
    e.at_risk = at_risk;
    e.risk = at_risk ? PC_RISK_LATE : 0;
    if (at_risk) {
        e.n_reasons = 1;
        snprintf(e.reasons[0], sizeof(e.reasons[0]), "held at the hub for 30 hours");
    }
    return e;
}

static size_t detect(const pc_shipment *b, const pc_shipment *a, const pc_eta *eb, const pc_eta *ea,
                     pc_notice_kind *out)
{
    return pc_notice_detect(b, a, eb, ea, out, 8);
}

static bool has_kind(const pc_notice_kind *k, size_t n, pc_notice_kind want)
{
    for (size_t i = 0; i < n; i++)
        if (k[i] == want)
            return true;
    return false;
}

/* ---- detection ----------------------------------------------------------------------------- */

static void test_detect_statuses(void **state)
{
    (void)state;
    static const pc_status seq[] = {PC_STATUS_INFO_RECEIVED,    PC_STATUS_IN_TRANSIT,
                                    PC_STATUS_OUT_FOR_DELIVERY, PC_STATUS_FAILED_ATTEMPT,
                                    PC_STATUS_OUT_FOR_DELIVERY, PC_STATUS_EXCEPTION,
                                    PC_STATUS_DELIVERED};
    static const struct {
        size_t before, after; /* events of seq before / after the change */
        pc_notice_kind want[3];
        size_t n_want;
    } cases[] = {
        {0, 1, {PC_NOTICE_INFO_RECEIVED}, 1},
        {1, 2, {PC_NOTICE_SHIPPED}, 1},
        {0, 2, {PC_NOTICE_SHIPPED}, 1}, /* first news already past info_received */
        {2, 3, {PC_NOTICE_OUT_FOR_DELIVERY}, 1},
        {3, 4, {PC_NOTICE_FAILED_ATTEMPT}, 1},
        {4, 5, {PC_NOTICE_OUT_FOR_DELIVERY}, 1}, /* the second attempt is a second notice */
        {5, 6, {PC_NOTICE_EXCEPTION}, 1},
        {6, 7, {PC_NOTICE_DELIVERED}, 1},
        {2, 2, {0}, 0}, /* nothing new */
        {7, 7, {0}, 0},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        pc_shipment b, a;
        make_ship(&b, seq, cases[c].before);
        make_ship(&a, seq, cases[c].after);
        pc_notice_kind out[8];
        size_t n = detect(cases[c].before ? &b : NULL, &a, NULL, NULL, out);
        if (n != cases[c].n_want)
            fail_msg("case %zu: %zu notices, want %zu", c, n, cases[c].n_want);
        for (size_t i = 0; i < n; i++)
            if (out[i] != cases[c].want[i])
                fail_msg("case %zu: notice %zu is %s, want %s", c, i, pc_notice_kind_name(out[i]),
                         pc_notice_kind_name(cases[c].want[i]));
        pc_shipment_done(&b);
        pc_shipment_done(&a);
    }
    /* the max bound is respected */
    pc_shipment a;
    make_ship(&a, seq, 7);
    pc_notice_kind one[1];
    assert_int_equal(pc_notice_detect(NULL, &a, NULL, NULL, one, 1), 1);
    assert_int_equal(one[0], PC_NOTICE_SHIPPED);
    pc_shipment_done(&a);
}

static void test_detect_eta_no_spam(void **state)
{
    (void)state;
    static const pc_status seq[] = {PC_STATUS_INFO_RECEIVED, PC_STATUS_IN_TRANSIT};
    pc_shipment s;
    make_ship(&s, seq, 2);
    pc_notice_kind out[8];
    int64_t day = T0 + 48 * H;
    pc_eta base = make_eta(day, day + 8 * H, 0.1, false);
    /* small moves: 1 h, and 2 h exactly (the tolerance is max(2 h, 25% of 8 h) = 2 h) */
    pc_eta small = make_eta(day + H, day + 9 * H, 0.2, false);
    assert_int_equal(detect(&s, &s, &base, &small, out), 0);
    pc_eta edge = make_eta(day + 2 * H, day + 10 * H, 0.2, false);
    assert_int_equal(detect(&s, &s, &base, &edge, out), 0);
    /* a material move: the end by 5 h */
    pc_eta moved = make_eta(day, day + 13 * H, 0.2, false);
    assert_int_equal(detect(&s, &s, &base, &moved, out), 1);
    assert_int_equal(out[0], PC_NOTICE_ETA_CHANGED);
    /* the same window again: no second notice */
    assert_int_equal(detect(&s, &s, &moved, &moved, out), 0);
    /* a wide window tolerates 25% of its width: 40 h wide, 9 h move is under 10 h */
    pc_eta wide = make_eta(day, day + 40 * H, 0.1, false);
    pc_eta wide2 = make_eta(day + 9 * H, day + 49 * H, 0.1, false);
    assert_false(pc_notice_window_moved(&wide, &wide2));
    pc_eta wide3 = make_eta(day + 11 * H, day + 51 * H, 0.1, false);
    assert_true(pc_notice_window_moved(&wide, &wide3));
    /* no earlier prediction: a window appearing is not a change */
    assert_int_equal(detect(&s, &s, NULL, &base, out), 0);
    pc_shipment_done(&s);
}

static void test_detect_delayed_once(void **state)
{
    (void)state;
    static const pc_status seq[] = {PC_STATUS_INFO_RECEIVED, PC_STATUS_IN_TRANSIT};
    pc_shipment s;
    make_ship(&s, seq, 2);
    pc_notice_kind out[8];
    int64_t day = T0 + 48 * H;
    pc_eta fine = make_eta(day, day + 8 * H, 0.2, false);
    pc_eta late = make_eta(day + 20 * H, day + 30 * H, 0.7, true);
    /* becomes at risk: delayed (and not also eta_changed, delayed carries the window) */
    size_t n = detect(&s, &s, &fine, &late, out);
    assert_int_equal(n, 1);
    assert_int_equal(out[0], PC_NOTICE_DELAYED);
    /* still at risk, even with a moved window: the same episode, no second delayed */
    pc_eta later = make_eta(day + 40 * H, day + 50 * H, 0.9, true);
    n = detect(&s, &s, &late, &later, out);
    assert_false(has_kind(out, n, PC_NOTICE_DELAYED));
    assert_true(has_kind(out, n, PC_NOTICE_ETA_CHANGED));
    /* p_late crossing 0.5 upward without the flag is delayed too */
    pc_eta crossing = make_eta(day, day + 8 * H, 0.55, false);
    n = detect(&s, &s, &fine, &crossing, out);
    assert_int_equal(n, 1);
    assert_int_equal(out[0], PC_NOTICE_DELAYED);
    /* out of risk, then back in: a new episode */
    n = detect(&s, &s, &late, &fine, out);
    assert_false(has_kind(out, n, PC_NOTICE_DELAYED));
    assert_int_equal(detect(&s, &s, &fine, &late, out), 1);
    /* a delivered shipment is never delayed */
    static const pc_status done[] = {PC_STATUS_IN_TRANSIT, PC_STATUS_DELIVERED};
    pc_shipment d;
    make_ship(&d, done, 2);
    n = detect(&s, &d, &fine, &late, out);
    assert_int_equal(n, 1);
    assert_int_equal(out[0], PC_NOTICE_DELIVERED);
    pc_shipment_done(&d);
    pc_shipment_done(&s);
}

/* ---- signatures ---------------------------------------------------------------------------- */

static void test_sign_verify(void **state)
{
    (void)state;
    const char *body = "{\"id\":\"x\"}";
    char sig[PC_WEBHOOK_SIG_SIZE];
    assert_int_equal(pc_webhook_sign("s3cret", 1700000000, body, strlen(body), sig), 0);
    assert_int_equal(strncmp(sig, "t=1700000000,v1=", 16), 0);
    assert_int_equal(strlen(sig), 16 + 64);
    /* known answer: printf '1700000000.{"id":"x"}' | openssl dgst -sha256 -hmac s3cret */
    assert_string_equal(sig + 16,
                        "2382c1d0968a5e57238c68de957f44d87e83d3049a5588ec251442ca372b8aec");
    assert_int_equal(pc_webhook_verify("s3cret", sig, body, strlen(body), 1700000010, 300), 0);
    assert_int_equal(pc_webhook_verify("wrong", sig, body, strlen(body), 1700000010, 300),
                     PC_EAUTH);
    assert_int_equal(pc_webhook_verify("s3cret", sig, "{\"id\":\"y\"}", 10, 1700000010, 300),
                     PC_EAUTH);
    assert_int_equal(pc_webhook_verify("s3cret", sig, body, strlen(body), 1700009999, 300),
                     PC_EAUTH);
    assert_int_equal(pc_webhook_verify("s3cret", "v1=abc", body, strlen(body), 0, 0),
                     PC_EMALFORMED);
    assert_int_equal(pc_webhook_verify("s3cret", "t=1,v1=abc", body, strlen(body), 0, 0),
                     PC_EMALFORMED);
    assert_int_equal(pc_webhook_sign("", 1, body, 1, sig), PC_EINVAL);
}

/* ---- subscriptions and the outbox ------------------------------------------------------------ */

typedef struct sub_ctx {
    uint32_t tenant;
    const char *url;
    pc_notice_kind kinds[4];
    size_t n_kinds;
    uint32_t id;
    char secret[PC_WEBHOOK_SECRET_SIZE];
    char err[200];
} sub_ctx;

static int sub_write(pc_txn *tx, void *ctx)
{
    sub_ctx *c = ctx;
    return pc_webhook_add(tx, c->tenant, c->url, c->kinds, c->n_kinds, T0, &c->id, c->secret,
                          c->err, sizeof(c->err));
}

static uint32_t subscribe(pc_store *st, uint32_t tenant, const char *url, char *secret,
                          const pc_notice_kind *kinds, size_t n_kinds)
{
    sub_ctx c = {.tenant = tenant, .url = url, .n_kinds = n_kinds};
    if (n_kinds)
        memcpy(c.kinds, kinds, n_kinds * sizeof(*kinds));
    int rc = pc_store_write(st, sub_write, &c);
    if (rc != 0)
        fail_msg("subscribe %s: %s (%s)", url, pc_err_name(rc), c.err);
    if (secret)
        memcpy(secret, c.secret, PC_WEBHOOK_SECRET_SIZE);
    return c.id;
}

static int tenants_write(pc_txn *tx, void *ctx)
{
    uint32_t *ids = ctx;
    int rc = pc_store_add_tenant(tx, "acme", &ids[0]);
    return rc < 0 ? rc : pc_store_add_tenant(tx, "globex", &ids[1]);
}

typedef struct enq_ctx {
    uint32_t tenant;
    pc_notice_kind kind;
    const pc_shipment *s;
    const pc_eta *eta;
    int64_t now;
    int fail; /* return this after enqueueing (abort) */
    int written;
} enq_ctx;

static int enq_write(pc_txn *tx, void *ctx)
{
    enq_ctx *c = ctx;
    int rc = pc_notice_enqueue(tx, c->tenant, c->kind, c->s, c->eta, c->now);
    if (rc < 0)
        return rc;
    c->written = rc;
    return c->fail ? c->fail : 0;
}

static size_t depth(pc_store *st)
{
    size_t n = 0;
    assert_int_equal(pc_notify_outbox_depth(st, &n), 0);
    return n;
}

static int email_write(pc_txn *tx, void *ctx)
{
    return pc_notify_set_email(tx, *(uint32_t *)ctx, true);
}

static int delete_write(pc_txn *tx, void *ctx)
{
    uint32_t *a = ctx;
    return pc_webhook_delete(tx, a[0], a[1]);
}

static void test_subscriptions(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("notify-sub");
    pc_store *st = open_store(dir);
    uint32_t t[2];
    assert_int_equal(pc_store_write(st, tenants_write, t), 0);
    char secret[PC_WEBHOOK_SECRET_SIZE], secret2[PC_WEBHOOK_SECRET_SIZE];
    pc_notice_kind k[] = {PC_NOTICE_DELIVERED, PC_NOTICE_DELAYED};
    uint32_t a = subscribe(st, t[0], "http://127.0.0.1:1/a", secret, k, 2);
    uint32_t b = subscribe(st, t[0], "https://example.test/b", secret2, NULL, 0);
    assert_int_equal(strlen(secret), 64);
    assert_string_not_equal(secret, secret2);
    assert_int_not_equal(a, b);

    /* bad input is refused naming the field */
    sub_ctx bad = {.tenant = t[0], .url = "ftp://x/"};
    assert_int_equal(pc_store_write(st, sub_write, &bad), PC_EINVAL);
    assert_non_null(strstr(bad.err, "url"));
    bad.url = "http://x/a b";
    assert_int_equal(pc_store_write(st, sub_write, &bad), PC_EINVAL);
    assert_non_null(strstr(bad.err, "white space"));
    bad.url = "http://x/";
    bad.kinds[0] = (pc_notice_kind)99;
    bad.n_kinds = 1;
    assert_int_equal(pc_store_write(st, sub_write, &bad), PC_EINVAL);
    assert_non_null(strstr(bad.err, "kinds[0]"));

    pc_txn *tx;
    pc_webhook *hooks = NULL;
    size_t n = 0;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_webhook_list(tx, t[0], &hooks, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(hooks[0].url, "http://127.0.0.1:1/a");
    assert_int_equal(hooks[0].kinds, (1u << PC_NOTICE_DELIVERED) | (1u << PC_NOTICE_DELAYED));
    json_t *j = pc_webhook_to_json(&hooks[0]);
    char *text = json_dumps(j, JSON_COMPACT);
    assert_non_null(strstr(text, "\"kinds\":[\"delayed\",\"delivered\"]"));
    assert_null(strstr(text, secret)); /* the secret is never read back */
    free(text);
    json_decref(j);
    free(hooks);
    /* tenant isolation: the other tenant sees nothing and cannot reach them */
    assert_int_equal(pc_webhook_list(tx, t[1], &hooks, &n), 0);
    assert_int_equal(n, 0);
    pc_webhook h;
    assert_int_equal(pc_webhook_get(tx, t[1], a, &h), PC_ENOTFOUND);
    assert_int_equal(pc_webhook_get(tx, t[0], a, &h), 0);
    json_t *f = NULL;
    assert_int_equal(pc_webhook_failures(tx, t[1], a, &f), PC_ENOTFOUND);
    pc_store_read_end(tx);
    uint32_t del_other[2] = {t[1], a}, del_own[2] = {t[0], b};
    assert_int_equal(pc_store_write(st, delete_write, del_other), PC_ENOTFOUND);
    assert_int_equal(pc_store_write(st, delete_write, del_own), 0);
    assert_int_equal(pc_store_write(st, delete_write, del_own), PC_ENOTFOUND);

    /* the outbox: one record per matching subscription plus the e-mail */
    static const pc_status seq[] = {PC_STATUS_IN_TRANSIT, PC_STATUS_DELIVERED};
    pc_shipment s;
    make_ship(&s, seq, 2);
    enq_ctx e = {.tenant = t[0], .kind = PC_NOTICE_SHIPPED, .s = &s, .now = T0};
    assert_int_equal(pc_store_write(st, enq_write, &e), 0);
    assert_int_equal(e.written, 0); /* hook a does not take `shipped`, b is gone */
    e.kind = PC_NOTICE_DELIVERED;
    assert_int_equal(pc_store_write(st, enq_write, &e), 0);
    assert_int_equal(e.written, 1);
    assert_int_equal(pc_store_write(st, email_write, &t[0]), 0);
    assert_int_equal(pc_store_write(st, enq_write, &e), 0);
    assert_int_equal(e.written, 2);
    assert_int_equal(depth(st), 3);
    /* aborted with the change that caused it: nothing stays */
    e.fail = -100;
    assert_int_equal(pc_store_write(st, enq_write, &e), -100);
    assert_int_equal(e.written, 2);
    assert_int_equal(depth(st), 3);
    /* another tenant's notices never reach these subscriptions */
    enq_ctx other = {.tenant = t[1], .kind = PC_NOTICE_DELIVERED, .s = &s, .now = T0};
    assert_int_equal(pc_store_write(st, enq_write, &other), 0);
    assert_int_equal(other.written, 0);
    pc_shipment_done(&s);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

/* ---- a local webhook receiver ------------------------------------------------------------------
 */

#define MAX_GOT 64

typedef struct receiver {
    struct MHD_Daemon *d;
    unsigned port;
    pthread_mutex_t mu;
    const char *secret; /* verifies with this */
    int fail_first;     /* answer 500 to this many requests */
    int fail_all;
    atomic_int hold;    /* 1: the next request blocks until hold is 0 */
    atomic_int holding; /* a request is blocked */
    int requests;
    int bad_signatures;
    char ids[MAX_GOT][33];
    char kinds[MAX_GOT][24];
    int n_ids;
    char last_body[8192];
    char last_sig[128];
} receiver;

typedef struct rconn {
    char *body;
    size_t len;
} rconn;

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result rhandler(void *cls, struct MHD_Connection *c, const char *url,
                                const char *method, const char *version, const char *upload,
                                size_t *upload_size, void **con_cls)
{
    (void)url;
    (void)version;
    receiver *rv = cls;
    rconn *k = *con_cls;
    if (!k) {
        k = calloc(1, sizeof(*k));
        *con_cls = k;
        return k ? MHD_YES : MHD_NO;
    }
    if (*upload_size) {
        char *b = realloc(k->body, k->len + *upload_size + 1);
        if (!b)
            return MHD_NO;
        memcpy(b + k->len, upload, *upload_size);
        k->body = b;
        k->len += *upload_size;
        b[k->len] = '\0';
        *upload_size = 0;
        return MHD_YES;
    }
    if (strcmp(method, "POST") != 0)
        return reply(c, 405);
    const char *sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Parcelcast-Signature");
    const char *id = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Parcelcast-Delivery");
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    const char *body = k->body ? k->body : "";
    bool ok = sig && id && ct && strcmp(ct, "application/json") == 0 &&
              pc_webhook_verify(rv->secret, sig, body, k->len, 0, 0) == 0;
    json_t *j = json_loads(body, 0, NULL);
    const char *body_id = json_string_value(json_object_get(j, "id"));
    ok = ok && body_id && strcmp(body_id, id) == 0;
    pthread_mutex_lock(&rv->mu);
    rv->requests++;
    if (!ok)
        rv->bad_signatures++;
    if (id && rv->n_ids < MAX_GOT) {
        snprintf(rv->ids[rv->n_ids], sizeof(rv->ids[0]), "%s", id);
        snprintf(rv->kinds[rv->n_ids], sizeof(rv->kinds[0]), "%s",
                 json_string_value(json_object_get(j, "kind"))
                     ? json_string_value(json_object_get(j, "kind"))
                     : "");
        rv->n_ids++;
    }
    snprintf(rv->last_body, sizeof(rv->last_body), "%s", body);
    snprintf(rv->last_sig, sizeof(rv->last_sig), "%s", sig ? sig : "");
    bool fail = rv->fail_all || rv->fail_first > 0;
    if (rv->fail_first > 0)
        rv->fail_first--;
    pthread_mutex_unlock(&rv->mu);
    json_decref(j);
    if (atomic_exchange(&rv->hold, 0)) {
        atomic_store(&rv->holding, 1);
        /* blocked until the test releases it (bounded: only guards a hang) */
        for (int i = 0; i < 1000 && atomic_load(&rv->holding); i++)
            usleep(10000);
    }
    return reply(c, fail ? 500 : (ok ? 204 : 401));
}

static void rcompleted(void *cls, struct MHD_Connection *c, void **con_cls,
                       enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    rconn *k = *con_cls;
    if (k) {
        free(k->body);
        free(k);
    }
    *con_cls = NULL;
}

static void receiver_start(receiver *rv, const char *secret)
{
    memset(rv, 0, sizeof(*rv));
    pthread_mutex_init(&rv->mu, NULL);
    rv->secret = secret;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    rv->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                             NULL, NULL, rhandler, rv, MHD_OPTION_SOCK_ADDR, &sa,
                             MHD_OPTION_NOTIFY_COMPLETED, rcompleted, rv, MHD_OPTION_END);
    assert_non_null(rv->d);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(rv->d, MHD_DAEMON_INFO_BIND_PORT);
    assert_non_null(info);
    rv->port = info->port;
}

static void receiver_stop(receiver *rv)
{
    atomic_store(&rv->holding, 0);
    MHD_stop_daemon(rv->d);
    pthread_mutex_destroy(&rv->mu);
}

static int count_id(receiver *rv, const char *id)
{
    int n = 0;
    pthread_mutex_lock(&rv->mu);
    for (int i = 0; i < rv->n_ids; i++)
        n += strcmp(rv->ids[i], id) == 0;
    pthread_mutex_unlock(&rv->mu);
    return n;
}

typedef struct fixture {
    char *dir;
    pc_store *st;
    uint32_t tenant;
    receiver rv;
    char secret[PC_WEBHOOK_SECRET_SIZE];
    uint32_t hook;
    pc_shipment s;
} fixture;

static void fixture_start(fixture *fx, const char *tag)
{
    uint32_t t[2];
    char url[128];
    fx->dir = pc_test_tmpdir(tag);
    fx->st = open_store(fx->dir);
    assert_int_equal(pc_store_write(fx->st, tenants_write, t), 0);
    fx->tenant = t[0];
    receiver_start(&fx->rv, fx->secret);
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/hooks/parcels", fx->rv.port);
    fx->hook = subscribe(fx->st, fx->tenant, url, fx->secret, NULL, 0);
    static const pc_status seq[] = {PC_STATUS_INFO_RECEIVED, PC_STATUS_IN_TRANSIT,
                                    PC_STATUS_OUT_FOR_DELIVERY};
    make_ship(&fx->s, seq, 3);
}

static void fixture_stop(fixture *fx)
{
    receiver_stop(&fx->rv);
    pc_shipment_done(&fx->s);
    pc_store_close(fx->st);
    pc_test_rmdir(fx->dir);
    free(fx->dir);
}

static void enqueue(fixture *fx, pc_notice_kind kind, const pc_eta *eta, int64_t now)
{
    enq_ctx e = {.tenant = fx->tenant, .kind = kind, .s = &fx->s, .eta = eta, .now = now};
    assert_int_equal(pc_store_write(fx->st, enq_write, &e), 0);
    assert_int_equal(e.written, 1);
}

static pc_notifier *notifier(fixture *fx, int64_t max_age)
{
    pc_notifier *n = NULL;
    char err[200] = "";
    pc_notifier_opts o = {.store = fx->st,
                          .concurrency = 3,
                          .timeout = 30,
                          .backoff_base = 30,
                          .backoff_max = 3600,
                          .max_age = max_age,
                          .seed = 7};
    if (pc_notifier_new(&o, &n, err, sizeof(err)) != 0)
        fail_msg("notifier: %s", err);
    return n;
}

/* the outbox record's due time of the one record left */
static int first_due_cb(int64_t due, uint64_t id, const void *b, size_t l, void *ctx)
{
    (void)id;
    (void)b;
    (void)l;
    *(int64_t *)ctx = due;
    return 1;
}

static int64_t next_due(pc_store *st)
{
    pc_txn *tx;
    int64_t due = PC_TIME_NONE;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_outbox_scan(tx, INT64_MAX, first_due_cb, &due), 0);
    pc_store_read_end(tx);
    return due;
}

static void test_webhook_delivery_retries(void **state)
{
    (void)state;
    fixture fx;
    fixture_start(&fx, "notify-wh");
    pc_eta eta = make_eta(T0 + 10 * H, T0 + 14 * H, 0.1, false);
    for (int i = 0; i < 5; i++)
        enqueue(&fx, (pc_notice_kind)(PC_NOTICE_SHIPPED + i), &eta, T0);
    fx.rv.fail_first = 3; /* the receiver is down for the first three requests */
    pc_notifier *n = notifier(&fx, 0);
    pc_notifier_stats run;
    assert_int_equal(pc_notifier_run_once(n, T0, &run), 0);
    assert_int_equal(run.delivered, 2);
    assert_int_equal(run.retried, 3);
    assert_int_equal(run.max_in_flight, 3); /* the cap, reached: 5 due, 3 at once */
    assert_int_equal(depth(fx.st), 3);
    /* backoff: the first retry comes 15..30 s later (base 30 s, equal jitter) */
    int64_t due = next_due(fx.st);
    assert_true(due >= T0 + 15 && due <= T0 + 30);
    /* nothing is due before that */
    assert_int_equal(pc_notifier_run_once(n, T0 + 10, &run), 0);
    assert_int_equal(run.delivered + run.retried, 0);
    assert_int_equal(pc_notifier_run_once(n, T0 + 30, &run), 0);
    assert_int_equal(run.delivered, 3);
    assert_int_equal(depth(fx.st), 0);
    /* every notice arrived, retried ones with the same delivery id, all signatures valid */
    assert_int_equal(fx.rv.requests, 8);
    assert_int_equal(fx.rv.bad_signatures, 0);
    int distinct = 0, twice = 0;
    for (int i = 0; i < fx.rv.n_ids; i++) {
        int c = count_id(&fx.rv, fx.rv.ids[i]);
        assert_true(c == 1 || c == 2);
        bool first = true;
        for (int k = 0; k < i; k++)
            first = first && strcmp(fx.rv.ids[k], fx.rv.ids[i]) != 0;
        distinct += first;
        twice += first && c == 2;
        assert_int_equal(strlen(fx.rv.ids[i]), 32);
    }
    assert_int_equal(distinct, 5);
    assert_int_equal(twice, 3);
    /* the body is the notice: kind, shipment and eta */
    json_t *j = json_loads(fx.rv.last_body, 0, NULL);
    assert_non_null(j);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(j, "shipment"), "tracking_number")),
        "1Z999AA10123456784");
    assert_non_null(json_object_get(json_object_get(j, "eta"), "window_80"));
    assert_non_null(json_object_get(j, "created_at"));
    /* negative: the same signed body does not verify with another secret */
    assert_int_equal(pc_webhook_verify("not-the-secret", fx.rv.last_sig, fx.rv.last_body,
                                       strlen(fx.rv.last_body), 0, 0),
                     PC_EAUTH);
    assert_int_equal(pc_webhook_verify(fx.secret, fx.rv.last_sig, fx.rv.last_body,
                                       strlen(fx.rv.last_body), 0, 0),
                     0);
    json_decref(j);
    pc_notifier_stats total;
    pc_notifier_stats_get(n, &total);
    assert_int_equal(total.delivered, 5);
    assert_int_equal(total.retried, 3);
    pc_notifier_free(n);
    fixture_stop(&fx);
}

static int replay_write(pc_txn *tx, void *ctx)
{
    void **a = ctx;
    return pc_webhook_replay(tx, *(uint32_t *)a[0], a[1], *(int64_t *)a[2]);
}

static void test_dead_letters_and_replay(void **state)
{
    (void)state;
    fixture fx;
    fixture_start(&fx, "notify-dl");
    enqueue(&fx, PC_NOTICE_DELIVERED, NULL, T0);
    fx.rv.fail_all = 1;
    /* the budget shortened to 10 minutes (72 h in production) */
    pc_notifier *n = notifier(&fx, 600);
    pc_notifier_stats run;
    int64_t now = T0, prev_gap = 0;
    int attempts = 0;
    for (; attempts < 50 && depth(fx.st) > 0; attempts++) {
        assert_int_equal(pc_notifier_run_once(n, now, &run), 0);
        assert_int_equal(run.delivered, 0);
        if (depth(fx.st) == 0)
            break;
        int64_t due = next_due(fx.st);
        assert_true(due > now);
        assert_true(due <= T0 + 600); /* never beyond the budget */
        if (due < T0 + 600)
            assert_true(due - now >= prev_gap / 2); /* grows (modulo jitter) */
        prev_gap = due - now;
        now = due;
    }
    assert_int_equal(run.dead, 1);
    assert_true(attempts >= 4 && attempts < 20);
    assert_int_equal(now, T0 + 600); /* the last try came at the end of the budget */
    assert_int_equal(fx.rv.requests, attempts + 1);
    for (int i = 1; i < fx.rv.n_ids; i++)
        assert_string_equal(fx.rv.ids[i], fx.rv.ids[0]);

    /* the dead letter: listed for its subscription only, for its tenant only */
    pc_txn *tx;
    json_t *f = NULL;
    assert_int_equal(pc_store_read_begin(fx.st, &tx), 0);
    assert_int_equal(pc_webhook_failures(tx, fx.tenant, fx.hook, &f), 0);
    pc_store_read_end(tx);
    assert_int_equal(json_array_size(f), 1);
    json_t *dl = json_array_get(f, 0);
    assert_string_equal(json_string_value(json_object_get(dl, "delivery_id")), fx.rv.ids[0]);
    assert_string_equal(json_string_value(json_object_get(dl, "kind")), "delivered");
    assert_string_equal(json_string_value(json_object_get(dl, "last_error")), "HTTP 500");
    assert_int_equal(json_integer_value(json_object_get(dl, "attempts")), attempts + 1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(dl, "body"), "id")),
                        fx.rv.ids[0]);
    json_decref(f);

    /* replay: not for another tenant, then back in the outbox due now, delivered once up */
    uint32_t other = fx.tenant + 1;
    int64_t later = now + 5000;
    char id[33];
    snprintf(id, sizeof(id), "%s", fx.rv.ids[0]);
    void *bad[] = {&other, id, &later};
    assert_int_equal(pc_store_write(fx.st, replay_write, bad), PC_ENOTFOUND);
    void *args[] = {&fx.tenant, id, &later};
    assert_int_equal(pc_store_write(fx.st, replay_write, args), 0);
    assert_int_equal(pc_store_write(fx.st, replay_write, args), PC_ENOTFOUND);
    assert_int_equal(depth(fx.st), 1);
    assert_int_equal(next_due(fx.st), later);
    pthread_mutex_lock(&fx.rv.mu);
    fx.rv.fail_all = 0;
    pthread_mutex_unlock(&fx.rv.mu);
    assert_int_equal(pc_notifier_run_once(n, later, &run), 0);
    assert_int_equal(run.delivered, 1);
    assert_int_equal(depth(fx.st), 0);
    assert_int_equal(count_id(&fx.rv, id), attempts + 2);
    assert_int_equal(pc_store_read_begin(fx.st, &tx), 0);
    assert_int_equal(pc_webhook_failures(tx, fx.tenant, fx.hook, &f), 0);
    pc_store_read_end(tx);
    assert_int_equal(json_array_size(f), 0);
    json_decref(f);
    pc_notifier_free(n);
    fixture_stop(&fx);
}

static void test_deleted_subscription_dropped(void **state)
{
    (void)state;
    fixture fx;
    fixture_start(&fx, "notify-drop");
    enqueue(&fx, PC_NOTICE_DELIVERED, NULL, T0);
    uint32_t del[2] = {fx.tenant, fx.hook};
    assert_int_equal(pc_store_write(fx.st, delete_write, del), 0);
    pc_notifier *n = notifier(&fx, 0);
    pc_notifier_stats run;
    assert_int_equal(pc_notifier_run_once(n, T0, &run), 0);
    assert_int_equal(run.dropped, 1);
    assert_int_equal(fx.rv.requests, 0);
    assert_int_equal(depth(fx.st), 0);
    pc_notifier_free(n);
    fixture_stop(&fx);
}

/* ---- at least once: a notifier stopped between the POST and the commit --------------------- */

static int64_t fixed_clock(void *ctx)
{
    return *(int64_t *)ctx;
}

static void short_sleep(void *ctx, int64_t s)
{
    (void)ctx;
    (void)s;
    usleep(20000);
}

static void test_at_least_once(void **state)
{
    (void)state;
    fixture fx;
    fixture_start(&fx, "notify-alo");
    enqueue(&fx, PC_NOTICE_OUT_FOR_DELIVERY, NULL, T0);
    atomic_store(&fx.rv.hold, 1);
    int64_t clock = T0;
    pc_notifier *n = NULL;
    char err[200];
    pc_notifier_opts o = {.store = fx.st,
                          .clock = fixed_clock,
                          .sleep = short_sleep,
                          .clock_ctx = &clock,
                          .timeout = 60};
    assert_int_equal(pc_notifier_new(&o, &n, err, sizeof(err)), 0);
    assert_int_equal(pc_notifier_start(n, 5), 0);
    assert_int_equal(pc_notifier_run_once(n, T0, NULL), PC_EBUSY);
    /* wait (bounded) until the receiver holds the POST, then "kill" the notifier */
    for (int i = 0; i < 1000 && !atomic_load(&fx.rv.holding); i++)
        usleep(10000);
    assert_true(atomic_load(&fx.rv.holding));
    pc_notifier_stop(n);
    pc_notifier_free(n);
    atomic_store(&fx.rv.holding, 0);
    assert_int_equal(fx.rv.n_ids, 1);
    /* not acknowledged: still in the outbox; a fresh notifier sends it again, same id */
    assert_int_equal(depth(fx.st), 1);
    n = notifier(&fx, 0);
    pc_notifier_stats run;
    assert_int_equal(pc_notifier_run_once(n, T0 + 1, &run), 0);
    assert_int_equal(run.delivered, 1);
    assert_int_equal(depth(fx.st), 0);
    assert_int_equal(fx.rv.n_ids, 2);
    assert_string_equal(fx.rv.ids[0], fx.rv.ids[1]);
    assert_int_equal(fx.rv.bad_signatures, 0);
    pc_notifier_free(n);
    fixture_stop(&fx);
}

/* ---- e-mail -------------------------------------------------------------------------------- */

typedef struct smtp_sink {
    int fd;
    unsigned port;
    pthread_t th;
    char mail_from[256], rcpt[256];
    char data[16384];
    int messages;
} smtp_sink;

static void say(int fd, const char *s)
{
    size_t n = strlen(s), off = 0;
    while (off < n) {
        ssize_t w = write(fd, s + off, n - off);
        if (w <= 0)
            return;
        off += (size_t)w;
    }
}

/* One line (CRLF stripped) from fd with a small buffer carried across calls. */
static int read_line(int fd, char *buf, size_t *blen, char *line, size_t size)
{
    for (;;) {
        char *nl = memchr(buf, '\n', *blen);
        if (nl) {
            size_t n = (size_t)(nl - buf);
            size_t k = n && buf[n - 1] == '\r' ? n - 1 : n;
            snprintf(line, size, "%.*s", (int)k, buf);
            memmove(buf, nl + 1, *blen - n - 1);
            *blen -= n + 1;
            return 0;
        }
        if (*blen >= 4096)
            return -1;
        ssize_t r = read(fd, buf + *blen, 4096 - *blen);
        if (r <= 0)
            return -1;
        *blen += (size_t)r;
    }
}

static void *smtp_main(void *arg)
{
    smtp_sink *k = arg;
    int c = accept(k->fd, NULL, NULL);
    if (c < 0)
        return NULL;
    char buf[4096], line[2048];
    size_t blen = 0;
    bool in_data = false;
    say(c, "220 sink ESMTP\r\n");
    while (read_line(c, buf, &blen, line, sizeof(line)) == 0) {
        if (in_data) {
            if (strcmp(line, ".") == 0) {
                in_data = false;
                k->messages++;
                say(c, "250 queued\r\n");
            } else {
                size_t used = strlen(k->data);
                snprintf(k->data + used, sizeof(k->data) - used, "%s\n", line);
            }
        } else if (strncmp(line, "EHLO", 4) == 0 || strncmp(line, "HELO", 4) == 0) {
            say(c, "250 sink\r\n");
        } else if (strncmp(line, "MAIL FROM:", 10) == 0) {
            snprintf(k->mail_from, sizeof(k->mail_from), "%.200s", line + 10);
            say(c, "250 ok\r\n");
        } else if (strncmp(line, "RCPT TO:", 8) == 0) {
            snprintf(k->rcpt, sizeof(k->rcpt), "%.200s", line + 8);
            say(c, "250 ok\r\n");
        } else if (strcmp(line, "DATA") == 0) {
            in_data = true;
            say(c, "354 go ahead\r\n");
        } else if (strcmp(line, "QUIT") == 0) {
            say(c, "221 bye\r\n");
            break;
        } else {
            say(c, "502 not implemented\r\n");
        }
    }
    close(c);
    return NULL;
}

static void sink_start(smtp_sink *k)
{
    memset(k, 0, sizeof(*k));
    k->fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(k->fd >= 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(k->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(listen(k->fd, 4), 0);
    socklen_t len = sizeof(sa);
    assert_int_equal(getsockname(k->fd, (struct sockaddr *)&sa, &len), 0);
    k->port = ntohs(sa.sin_port);
    assert_int_equal(pthread_create(&k->th, NULL, smtp_main, k), 0);
}

static void sink_stop(smtp_sink *k)
{
    shutdown(k->fd, SHUT_RDWR);
    pthread_join(k->th, NULL);
    close(k->fd);
}

static void test_email(void **state)
{
    (void)state;
    fixture fx;
    fixture_start(&fx, "notify-mail");
    uint32_t del[2] = {fx.tenant, fx.hook};
    assert_int_equal(pc_store_write(fx.st, delete_write, del), 0);
    assert_int_equal(pc_store_write(fx.st, email_write, &fx.tenant), 0);
    /* an editable template for out_for_delivery, the built-in one for the rest */
    char *tdir = pc_test_tmpdir("notify-tpl");
    char path[512];
    snprintf(path, sizeof(path), "%s/out_for_delivery.txt", tdir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("Subject: {{customer_name}}, order {{order_id}} comes today\n\n"
          "{{carrier}} {{tracking_number}} is {{status}}; window {{eta_window}}; {{unknown}}\n",
          f);
    fclose(f);
    pc_eta eta = make_eta(T0 + 2 * H, T0 + 6 * H, 0.1, false);
    enqueue(&fx, PC_NOTICE_OUT_FOR_DELIVERY, &eta, T0);

    smtp_sink k;
    sink_start(&k);
    char url[64];
    snprintf(url, sizeof(url), "smtp://127.0.0.1:%u", k.port);
    pc_notifier *n = NULL;
    char err[200];
    pc_notifier_opts o = {.store = fx.st,
                          .timeout = 30,
                          .smtp_url = url,
                          .smtp_from = "notices@shop.test",
                          .templates_dir = tdir};
    assert_int_equal(pc_notifier_new(&o, &n, err, sizeof(err)), 0);
    pc_notifier_stats run;
    assert_int_equal(pc_notifier_run_once(n, T0, &run), 0);
    pc_notifier_free(n); /* closes the SMTP connection (QUIT) */
    sink_stop(&k);
    assert_int_equal(run.delivered, 1);
    assert_int_equal(k.messages, 1);
    assert_int_equal(depth(fx.st), 0);
    assert_non_null(strstr(k.mail_from, "<notices@shop.test>"));
    assert_non_null(strstr(k.rcpt, "<ada@example.test>"));
    if (!strstr(k.data, "Subject: Ada Lovelace, order A-17 comes today\n"))
        fail_msg("subject not rendered:\n%s", k.data);
    if (!strstr(k.data, "ups 1Z999AA10123456784 is out for delivery; window 2025-11-23 14:13 to "
                        "2025-11-23 18:13 UTC; {{unknown}}\n"))
        fail_msg("text not rendered:\n%s", k.data);
    assert_non_null(strstr(k.data, "To: ada@example.test\n"));
    assert_non_null(strstr(k.data, "X-Parcelcast-Delivery: "));

    /* the built-in template of another kind, rendered directly; values cannot inject headers */
    json_t *body = pc_notice_body("0123", PC_NOTICE_DELIVERED, &fx.s, NULL, T0);
    json_object_set_new(json_object_get(json_object_get(body, "shipment"), "customer"), "name",
                        json_string("Eve\r\nBcc: x@evil.test"));
    char *text = json_dumps(body, 0), *subject = NULL, *mail = NULL;
    assert_int_equal(pc_notice_render_email(NULL, text, &subject, &mail, err, sizeof(err)), 0);
    assert_string_equal(subject, "Order A-17 was delivered");
    assert_non_null(strstr(mail, "Hello Eve  Bcc: x@evil.test,"));
    assert_non_null(strstr(mail, "ups has delivered your parcel 1Z999AA10123456784."));
    free(subject);
    free(mail);
    /* a broken template is an error naming the file */
    snprintf(path, sizeof(path), "%s/delivered.txt", tdir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("no subject line\n", f);
    fclose(f);
    assert_int_equal(pc_notice_render_email(tdir, text, &subject, &mail, err, sizeof(err)),
                     PC_EMALFORMED);
    assert_non_null(strstr(err, "delivered.txt: line 1"));
    assert_int_equal(pc_notice_render_email(tdir, "{\"kind\":\"../../etc/passwd\"}", &subject,
                                            &mail, err, sizeof(err)),
                     PC_EMALFORMED);
    free(text);
    json_decref(body);
    pc_test_rmdir(tdir);
    free(tdir);
    fixture_stop(&fx);
}

/* Settings come from the configuration; e-mails without an SMTP server become dead letters of
 * webhook id 0 after the budget, with the reason. */
static void test_email_unconfigured(void **state)
{
    (void)state;
    fixture fx;
    fixture_start(&fx, "notify-nosmtp");
    uint32_t del[2] = {fx.tenant, fx.hook};
    assert_int_equal(pc_store_write(fx.st, delete_write, del), 0);
    assert_int_equal(pc_store_write(fx.st, email_write, &fx.tenant), 0);
    enqueue(&fx, PC_NOTICE_DELIVERED, NULL, T0);
    pc_config cfg;
    char err[200];
    assert_int_equal(pc_config_init(&cfg, NULL), 0);
    assert_int_equal(pc_config_set(&cfg, "notify.concurrency", "2", err, sizeof(err)), 0);
    assert_int_equal(pc_config_set(&cfg, "smtp.from", "notices@shop.test", err, sizeof(err)), 0);
    pc_notifier *n = NULL;
    pc_notifier_opts o = {.store = fx.st, .config = &cfg, .max_age = 60};
    assert_int_equal(pc_notifier_new(&o, &n, err, sizeof(err)), 0);
    pc_notifier_stats run;
    assert_int_equal(pc_notifier_run_once(n, T0, &run), 0);
    assert_int_equal(run.retried, 1);
    assert_int_equal(pc_notifier_run_once(n, T0 + 60, &run), 0);
    assert_int_equal(run.dead, 1);
    pc_txn *tx;
    json_t *f = NULL;
    assert_int_equal(pc_store_read_begin(fx.st, &tx), 0);
    assert_int_equal(pc_webhook_failures(tx, fx.tenant, 0, &f), 0);
    pc_store_read_end(tx);
    assert_int_equal(json_array_size(f), 1);
    json_t *dl = json_array_get(f, 0);
    assert_string_equal(json_string_value(json_object_get(dl, "to")), "ada@example.test");
    assert_non_null(strstr(json_string_value(json_object_get(dl, "last_error")), "smtp.url"));
    json_decref(f);
    pc_notifier_free(n);
    pc_config_done(&cfg);
    fixture_stop(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_statuses),
        cmocka_unit_test(test_detect_eta_no_spam),
        cmocka_unit_test(test_detect_delayed_once),
        cmocka_unit_test(test_sign_verify),
        cmocka_unit_test(test_subscriptions),
        cmocka_unit_test(test_webhook_delivery_retries),
        cmocka_unit_test(test_dead_letters_and_replay),
        cmocka_unit_test(test_deleted_subscription_dropped),
        cmocka_unit_test(test_at_least_once),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_email_unconfigured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
