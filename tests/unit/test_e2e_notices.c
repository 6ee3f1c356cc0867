/*
 * e2e_notices: the processes a user runs, and a webhook receiver run by the test.
 * `parcelcast sandbox` (frozen after every simulated shipment ended) and `parcelcast serve` with
 * its poller and notifier. A tenant subscribes a webhook and registers 500 shipments over the
 * API. The receiver is down (503) at first; serve is killed with -9 once while notices wait in
 * the outbox and started again; then the receiver comes up. Every delivered shipment's
 * `delivered` notice arrives (at least once), every delivery carries a valid signature, retried
 * deliveries keep their id, and SIGTERM drains serve with exit 0.
 */
#include "testsupport.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <parcelcast/notify.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SHIPMENTS 500

static const char *const carriers[][2] = {
    {"usps", ""},       {"ups", ""},           {"fedex", ""},   {"dhl", ""},
    {"canadapost", ""}, {"royalmail", ""},     {"laposte", ""}, {"gls", "/track-and-trace-v1"},
    {"dpd", ""},        {"australiapost", ""},
};

/* ---- the receiver ------------------------------------------------------------------------ */

typedef struct got {
    char number[64];
    char kind[32];
    char delivery[48];
} got;

typedef struct receiver {
    struct MHD_Daemon *mhd;
    int port;
    atomic_int up; /* 0: answer 503 */
    char secret[PC_WEBHOOK_SECRET_SIZE];
    pthread_mutex_t mu;
    got *items;
    size_t n, cap;
    char (*refused_ids)[48]; /* delivery ids answered 503 */
    size_t n_refused_ids;
    size_t bad_signatures, refused;
} receiver;

typedef struct body {
    char *p;
    size_t len;
} body;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *data_size, void **con_cls)
{
    (void)url;
    (void)method;
    (void)version;
    receiver *r = cls;
    body *b = *con_cls;
    if (!b) {
        *con_cls = calloc(1, sizeof(body));
        return *con_cls ? MHD_YES : MHD_NO;
    }
    if (*data_size) {
        char *p = realloc(b->p, b->len + *data_size + 1);
        if (!p)
            return MHD_NO;
        memcpy(p + b->len, data, *data_size);
        b->p = p;
        b->len += *data_size;
        b->p[b->len] = '\0';
        *data_size = 0;
        return MHD_YES;
    }
    unsigned status = MHD_HTTP_OK;
    pthread_mutex_lock(&r->mu);
    if (!atomic_load(&r->up)) {
        status = MHD_HTTP_SERVICE_UNAVAILABLE;
        r->refused++;
        const char *id = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Parcelcast-Delivery");
        if (id && r->n_refused_ids < r->cap)
            snprintf(r->refused_ids[r->n_refused_ids++], 48, "%s", id);
    } else {
        const char *sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Parcelcast-Signature");
        const char *id = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Parcelcast-Delivery");
        json_t *j = b->p ? json_loadb(b->p, b->len, 0, NULL) : NULL;
        if (!sig || !id || !j || pc_webhook_verify(r->secret, sig, b->p, b->len, 0, 0) != 0) {
            r->bad_signatures++;
            status = MHD_HTTP_UNAUTHORIZED;
        } else if (r->n < r->cap) {
            got *g = &r->items[r->n++];
            snprintf(g->number, sizeof(g->number), "%s",
                     json_string_value(
                         json_object_get(json_object_get(j, "shipment"), "tracking_number")));
            snprintf(g->kind, sizeof(g->kind), "%s", json_string_value(json_object_get(j, "kind")));
            snprintf(g->delivery, sizeof(g->delivery), "%s", id);
        }
        json_decref(j);
    }
    pthread_mutex_unlock(&r->mu);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    body *b = *con_cls;
    if (b) {
        free(b->p);
        free(b);
        *con_cls = NULL;
    }
}

static void receiver_start(receiver *r)
{
    memset(r, 0, sizeof(*r));
    pthread_mutex_init(&r->mu, NULL);
    r->cap = 100000;
    r->items = calloc(r->cap, sizeof(got));
    r->refused_ids = calloc(r->cap, 48);
    assert_non_null(r->items);
    assert_non_null(r->refused_ids);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    r->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                              NULL, NULL, on_request, r, MHD_OPTION_SOCK_ADDR, &sa,
                              MHD_OPTION_NOTIFY_COMPLETED, on_done, r, MHD_OPTION_END);
    assert_non_null(r->mhd);
    r->port = MHD_get_daemon_info(r->mhd, MHD_DAEMON_INFO_BIND_PORT)->port;
}

static void receiver_stop(receiver *r)
{
    MHD_stop_daemon(r->mhd);
    free(r->items);
    free(r->refused_ids);
    pthread_mutex_destroy(&r->mu);
}

/* ---- helpers ------------------------------------------------------------------------------ */

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int port_of(const pc_test_proc *p, const char *label)
{
    const char *pp = strstr(p->log, label);
    assert_non_null(pp);
    return (int)strtol(pp + strlen(label), NULL, 10);
}

static void spawn_serve(const char *cfg, pc_test_proc *p)
{
    const char *argv[] = {"pc", "serve", "--config", cfg, "--port", "0", NULL};
    pc_test_spawn(argv, p);
    assert_int_equal(pc_test_wait_log(p, "notifier started", 120000), 0);
}

static long api(int port, const char *method, const char *path, const char *key,
                const char *body_text, json_t **ret)
{
    char url[256], auth[160];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
    const char *hdr[] = {auth, "Content-Type: application/json", NULL};
    char *text = NULL;
    long st = pc_test_http(method, url, body_text, body_text ? strlen(body_text) : 0, hdr, &text);
    if (ret)
        *ret = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return st;
}

static size_t outbox_depth(int port)
{
    char url[128], *text = NULL;
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/metrics", port);
    if (pc_test_http("GET", url, NULL, 0, NULL, &text) != 200 || !text)
        return (size_t)-1;
    const char *p = strstr(text, "\nparcelcast_outbox_depth ");
    size_t n = p ? (size_t)strtoull(p + 25, NULL, 10) : (size_t)-1;
    free(text);
    return n;
}

static void test_notices_survive_receiver_down_and_kill(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("e2e-notices");
    receiver rc;
    receiver_start(&rc);

    pc_test_proc sb, srv;
    const char *sb_argv[] = {"pc", "sandbox", "--port", "0",      "--shipments", "500", "--seed",
                             "5",  "--speed", "0",      "--time", "2025-06-01",  NULL};
    pc_test_spawn(sb_argv, &sb);
    assert_int_equal(pc_test_wait_log(&sb, "msg=listening", 60000), 0);
    int sb_port = port_of(&sb, " port=");

    char cfg[2200], store[2200];
    snprintf(cfg, sizeof(cfg), "%s/parcelcast.conf", dir);
    snprintf(store, sizeof(store), "%s/store", dir);
    FILE *f = fopen(cfg, "w");
    assert_non_null(f);
    fprintf(f,
            "[store]\npath = %s\n[poll]\nenabled = 1\nrate = 0\ninterval = 1\n"
            "[notify]\nenabled = 1\nretry_base = 1\n",
            store);
    for (size_t i = 0; i < sizeof(carriers) / sizeof(carriers[0]); i++)
        fprintf(f,
                "[carrier.%s]\nbase_url = http://127.0.0.1:%d%s\nclient_id = e2e\n"
                "client_secret = e2e\napi_key = e2e\naccount = e2e\n",
                carriers[i][0], sb_port, carriers[i][1]);
    fclose(f);

    /* the tenant and its key */
    char *out = NULL, *err = NULL;
    const char *add[] = {"pc", "tenant", "add", "acme", "--config", cfg, NULL};
    assert_int_equal(pc_test_run(add, NULL, &out, &err), 0);
    char key[128];
    assert_int_equal(sscanf(out, "%127s", key), 1);
    free(out);
    free(err);

    spawn_serve(cfg, &srv);
    int port = port_of(&srv, " port=");

    /* subscribe, then register every sandbox shipment in two batches */
    char sub[256];
    snprintf(sub, sizeof(sub), "{\"url\":\"http://127.0.0.1:%d/hook\"}", rc.port);
    json_t *j = NULL;
    assert_int_equal(api(port, "POST", "/v1/webhooks", key, sub, &j), 201);
    snprintf(rc.secret, sizeof(rc.secret), "%s", json_string_value(json_object_get(j, "secret")));
    json_decref(j);

    char url[160], *list = NULL;
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/_sandbox/shipments", sb_port);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &list), 200);
    json_t *batch = json_array(), *numbers = json_array();
    for (char *line = list, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        json_t *s = json_loads(line, 0, NULL);
        assert_non_null(s);
        json_array_append_new(batch,
                              json_pack("{s:O, s:O}", "carrier", json_object_get(s, "carrier"),
                                        "tracking_number", json_object_get(s, "tracking_number")));
        /* the simulator's truth: did it end delivered? */
        char turl[200], *tb = NULL;
        snprintf(turl, sizeof(turl), "http://127.0.0.1:%d/_sandbox/truth/%s/%s", sb_port,
                 json_string_value(json_object_get(s, "carrier")),
                 json_string_value(json_object_get(s, "tracking_number")));
        assert_int_equal(pc_test_http("GET", turl, NULL, 0, NULL, &tb), 200);
        json_t *truth = json_loads(tb, 0, NULL);
        free(tb);
        assert_non_null(truth);
        json_object_set(s, "final_status", json_object_get(truth, "final_status"));
        json_decref(truth);
        json_array_append(numbers, s);
        json_decref(s);
    }
    free(list);
    assert_int_equal(json_array_size(batch), SHIPMENTS);
    json_t *req = json_pack("{s:o}", "shipments", batch);
    char *text = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    assert_int_equal(api(port, "POST", "/v1/shipments/batch", key, text, &j), 200);
    free(text);
    assert_int_equal(json_integer_value(json_object_get(j, "created")), SHIPMENTS);
    json_decref(j);

    /* receiver down: notices pile up in the outbox (and are retried); then kill -9 */
    size_t depth = 0;
    for (int i = 0; i < 1200 && (depth == (size_t)-1 || depth < SHIPMENTS); i++) {
        sleep_ms(100);
        depth = outbox_depth(port);
    }
    assert_true(depth != (size_t)-1 && depth >= SHIPMENTS);
    for (int i = 0; i < 1200; i++) { /* the notifier has met the closed door */
        pthread_mutex_lock(&rc.mu);
        size_t refused = rc.refused;
        pthread_mutex_unlock(&rc.mu);
        if (refused >= 20)
            break;
        sleep_ms(100);
    }
    assert_true(rc.refused >= 20);
    assert_int_equal(pc_test_stop(&srv, SIGKILL), 128 + SIGKILL);
    free(srv.log);
    spawn_serve(cfg, &srv);
    port = port_of(&srv, " port=");
    atomic_store(&rc.up, 1);

    /* every delivered shipment's `delivered` notice arrives (a bound against hangs) */
    size_t want = 0, missing = SHIPMENTS;
    for (int tries = 0; tries < 1200 && missing; tries++) {
        sleep_ms(250);
        missing = 0;
        want = 0;
        size_t k;
        json_t *s;
        pthread_mutex_lock(&rc.mu);
        json_array_foreach(numbers, k, s)
        {
            const char *num = json_string_value(json_object_get(s, "tracking_number"));
            const json_t *fs = json_object_get(s, "final_status");
            if (!json_is_string(fs) || strcmp(json_string_value(fs), "delivered") != 0)
                continue;
            want++;
            bool seen = false;
            for (size_t g = 0; g < rc.n && !seen; g++)
                seen = strcmp(rc.items[g].number, num) == 0 &&
                       strcmp(rc.items[g].kind, "delivered") == 0;
            missing += !seen;
        }
        pthread_mutex_unlock(&rc.mu);
    }
    assert_true(want > SHIPMENTS / 2);
    if (missing)
        fail_msg("%zu of %zu delivered notices never arrived", missing, want);
    assert_int_equal(rc.bad_signatures, 0);
    /* a notice refused while the receiver was down came back with the same delivery id */
    size_t same_id = 0;
    for (size_t g = 0; g < rc.n; g++)
        for (size_t k = 0; k < rc.n_refused_ids; k++)
            if (strcmp(rc.items[g].delivery, rc.refused_ids[k]) == 0) {
                same_id++;
                break;
            }
    assert_true(same_id >= 20);
    print_message("e2e_notices: %zu notices received (%zu refused while down, %zu of them "
                  "received later under the same delivery id), %zu delivered shipments all "
                  "notified\n",
                  rc.n, rc.refused, same_id, want);

    assert_int_equal(pc_test_stop(&srv, SIGTERM), 0);
    pc_test_stop(&sb, SIGTERM);
    free(srv.log);
    free(sb.log);
    json_decref(numbers);
    receiver_stop(&rc);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notices_survive_receiver_down_and_kill),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
