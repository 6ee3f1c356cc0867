/*
 * e2e_live: the processes a user runs, on accelerated simulated time, and a webhook receiver run
 * by the test. `parcelcast sandbox` starts before the first label of its 500 shipments and runs
 * at SPEED simulated seconds per real second; `parcelcast serve --sim-clock <sandbox>` polls it
 * on the sandbox's clock. A tenant subscribes a webhook and registers the 500 shipments over the
 * API before they move, and the test watches them go from their labels to their ends (about 12
 * simulated days, about 90 real seconds). Meanwhile the receiver is down (503) for a simulated
 * day, serve is killed with -9 once while notices wait in the outbox and started again.
 *
 * Afterwards every expected notice has arrived at least once with a valid signature, none is
 * unexplained, every delivery refused while the receiver was down came back under the same
 * delivery id, the outbox is empty with no dead letters, and SIGTERM drains serve with exit 0.
 *
 * The expected notices follow docs/webhooks.md from the events serve stored (which must be the
 * sandbox's whole scripted history, as many as its ground truth counts), per shipment:
 * `shipped` and, when it ended delivered, `delivered` always; `info_received`,
 * `out_for_delivery`, `failed_attempt` and `exception` once for every event of that status whose
 * time as the newest event overlapped the time serve was polling by at least the margin (poll.
 * max_interval caps the wait between two polls at an hour; the margin is 3 simulated hours or,
 * when the machine is slower than that, one and a half times the longest lag serve showed from
 * an event to its notice), since a state that long is always seen; a shorter one may
 * legitimately be missed, then it is not required but still allowed. Never more notices of a
 * kind than the history has events of it. `delayed` and
 * `eta_changed` come from the predictor: counted, not required. Timeouts only bound hangs.
 */
#include "testsupport.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <parcelcast/notify.h>
#include <parcelcast/timeutil.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SHIPMENTS    500
#define SEED         "12"                   /* labels 2025-06-01 21:47Z .. ends 2025-06-13 */
#define SIM_START    "2025-06-01T06:00:00Z" /* before the first label */
#define SPEED        12000                  /* simulated seconds per real second */
#define MAX_INTERVAL 3600                   /* poll.max_interval, simulated seconds */
#define MARGIN       (3 * 3600)             /* least margin (see obs.margin) */
#define DAY          86400
#define HANG_BOUND   600 /* real seconds any wait may take before the test gives up */

static const char *const carriers[][2] = {
    {"usps", ""},       {"ups", ""},           {"fedex", ""},   {"dhl", ""},
    {"canadapost", ""}, {"royalmail", ""},     {"laposte", ""}, {"gls", "/track-and-trace-v1"},
    {"dpd", ""},        {"australiapost", ""},
};

enum { K_IR, K_SHIPPED, K_DELAYED, K_ETA, K_OFD, K_DL, K_FA, K_EX, K__N };
static const char *const kind_names[K__N] = {"info_received",  "shipped",          "delayed",
                                             "eta_changed",    "out_for_delivery", "delivered",
                                             "failed_attempt", "exception"};

static int kind_index(const char *name)
{
    for (int k = 0; k < K__N; k++)
        if (name && strcmp(name, kind_names[k]) == 0)
            return k;
    return -1;
}

/* ---- the receiver ------------------------------------------------------------------------ */

typedef struct got {
    char number[64];
    char delivery[48];
    char status[32];
    int kind;
    int64_t created_at, last_event;
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
    size_t bad_signatures, bad_bodies, refused;
} receiver;

typedef struct body {
    char *p;
    size_t len;
} body;

static int64_t time_of(const json_t *j)
{
    int64_t t = PC_TIME_NONE;
    if (!json_is_string(j) || pc_time_parse_utc(json_string_value(j), &t) < 0)
        return PC_TIME_NONE;
    return t;
}

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
    const char *id = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Parcelcast-Delivery");
    pthread_mutex_lock(&r->mu);
    if (!atomic_load(&r->up)) {
        status = MHD_HTTP_SERVICE_UNAVAILABLE;
        r->refused++;
        if (id && r->n_refused_ids < r->cap)
            snprintf(r->refused_ids[r->n_refused_ids++], 48, "%s", id);
    } else {
        const char *sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Parcelcast-Signature");
        json_t *j = b->p ? json_loadb(b->p, b->len, 0, NULL) : NULL;
        const json_t *s = json_object_get(j, "shipment");
        const char *kind = json_string_value(json_object_get(j, "kind"));
        const char *num = json_string_value(json_object_get(s, "tracking_number"));
        if (!sig || !id || !j || pc_webhook_verify(r->secret, sig, b->p, b->len, 0, 0) != 0) {
            r->bad_signatures++;
            status = MHD_HTTP_UNAUTHORIZED;
        } else if (kind_index(kind) < 0 || !num ||
                   strcmp(json_string_value(json_object_get(j, "id")), id) != 0) {
            r->bad_bodies++; /* answered 200: a retry would not fix it */
        } else if (r->n < r->cap) {
            got *g = &r->items[r->n++];
            snprintf(g->number, sizeof(g->number), "%s", num);
            snprintf(g->delivery, sizeof(g->delivery), "%s", id);
            const char *st = json_string_value(json_object_get(s, "status"));
            snprintf(g->status, sizeof(g->status), "%s", st ? st : "");
            g->kind = kind_index(kind);
            g->created_at = time_of(json_object_get(j, "created_at"));
            g->last_event = time_of(json_object_get(json_object_get(s, "last_event"), "time"));
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
    r->cap = 200000;
    r->items = calloc(r->cap, sizeof(got));
    r->refused_ids = calloc(r->cap, 48);
    assert_non_null(r->items);
    assert_non_null(r->refused_ids);
    atomic_store(&r->up, 1);
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

static size_t receiver_refused(receiver *r)
{
    pthread_mutex_lock(&r->mu);
    size_t n = r->refused;
    pthread_mutex_unlock(&r->mu);
    return n;
}

/* ---- processes and HTTP ------------------------------------------------------------------- */

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double real_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int port_of(const pc_test_proc *p, const char *label)
{
    const char *pp = strstr(p->log, label);
    assert_non_null(pp);
    return (int)strtol(pp + strlen(label), NULL, 10);
}

/* Read what a process logged so far, so a full pipe never blocks it. */
static void drain(pc_test_proc *p)
{
    pc_test_wait_log(p, "\x01never\x01", 1);
}

static void spawn_serve(const char *cfg, const char *sb_url, pc_test_proc *p)
{
    const char *argv[] = {"pc", "serve",       "--config", cfg, "--port",
                          "0",  "--sim-clock", sb_url,     NULL};
    pc_test_spawn(argv, p);
    assert_int_equal(pc_test_wait_log(p, "notifier started", HANG_BOUND * 1000), 0);
    assert_non_null(strstr(p->log, "msg=\"on the simulated clock\""));
}

static long api(int port, const char *method, const char *path, const char *key,
                const char *body_text, json_t **ret)
{
    char url[512], auth[160];
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

static json_t *get_json(const char *url)
{
    char *text = NULL;
    long st = pc_test_http("GET", url, NULL, 0, NULL, &text);
    json_t *j = st == 200 && text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return j;
}

/* The sandbox's simulated time. */
static int64_t sim_now(int sb_port)
{
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/_sandbox/clock", sb_port);
    json_t *j = get_json(url);
    assert_non_null(j);
    int64_t t = (int64_t)json_integer_value(json_object_get(j, "unix"));
    json_decref(j);
    assert_true(t > 0);
    return t;
}

static size_t outbox_depth(int port)
{
    char url[128], *text = NULL;
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/metrics", port);
    if (pc_test_http("GET", url, NULL, 0, NULL, &text) != 200 || !text) {
        free(text);
        return (size_t)-1;
    }
    const char *p = strstr(text, "\nparcelcast_outbox_depth ");
    size_t n = p ? (size_t)strtoull(p + 25, NULL, 10) : (size_t)-1;
    free(text);
    return n;
}

/* ---- what must have arrived --------------------------------------------------------------- */

typedef struct ship {
    char carrier[32], number[64];
    int64_t end_at;
    size_t truth_events;
    const char *final_status; /* borrowed from the truth */
    json_t *truth, *events;
    size_t required[K__N], allowed[K__N], got[K__N];
} ship;

typedef struct observed {
    int64_t from, kill, restart; /* serve polled in [from, kill) and [restart, ...) */
    int64_t margin;              /* a state this long in one of them was surely seen */
} observed;

static int64_t overlap(int64_t a0, int64_t a1, int64_t b0, int64_t b1)
{
    int64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? hi - lo : 0;
}

/* The state an event started lasted [t0, t1): was serve polling long enough to surely see it? */
static bool seen_window(const observed *o, int64_t t0, int64_t t1)
{
    return overlap(t0, t1, o->from, o->kill) >= o->margin ||
           overlap(t0, t1, o->restart, INT64_MAX) >= o->margin;
}

/* From the events serve stored: the notices required and the most allowed per kind. */
static void expectations(ship *sh, const json_t *events, const observed *o)
{
    size_t n = json_array_size(events);
    bool moved = false;
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(events, i);
        const char *st = json_string_value(json_object_get(e, "status"));
        int64_t t0 = time_of(json_object_get(e, "time"));
        int64_t t1 =
            i + 1 < n ? time_of(json_object_get(json_array_get(events, i + 1), "time")) : INT64_MAX;
        assert_non_null(st);
        assert_true(t0 != PC_TIME_NONE && t1 != PC_TIME_NONE && t1 > t0);
        int k = strcmp(st, "info_received") == 0      ? K_IR
                : strcmp(st, "out_for_delivery") == 0 ? K_OFD
                : strcmp(st, "failed_attempt") == 0   ? K_FA
                : strcmp(st, "exception") == 0        ? K_EX
                                                      : -1;
        if (strcmp(st, "pending") != 0 && strcmp(st, "info_received") != 0)
            moved = true;
        if (k < 0)
            continue;
        sh->allowed[k]++;
        sh->required[k] += seen_window(o, t0, t1);
    }
    if (sh->allowed[K_IR] > 1) /* "the status became info_received": once */
        sh->allowed[K_IR] = 1;
    if (sh->required[K_IR] > 1)
        sh->required[K_IR] = 1;
    sh->allowed[K_SHIPPED] = sh->required[K_SHIPPED] = moved;
    bool delivered = strcmp(sh->final_status, "delivered") == 0;
    sh->allowed[K_DL] = sh->required[K_DL] = delivered;
    sh->allowed[K_DELAYED] = sh->allowed[K_ETA] = (size_t)-1; /* the predictor's: any number */
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The children, so that a failed assertion does not leave them running (teardown). */
static pc_test_proc sb = {.err_fd = -1}, srv = {.err_fd = -1};

static int stop_children(void **state)
{
    (void)state;
    if (srv.err_fd >= 0)
        pc_test_stop(&srv, SIGKILL);
    if (sb.err_fd >= 0)
        pc_test_stop(&sb, SIGKILL);
    return 0;
}

/* Why a required notice is missing: the shipment's history and what arrived for it. */
static void explain(const ship *sh, const json_t *events, const observed *o, const receiver *r)
{
    print_message("e2e_live: %s %s (polled %lld..%lld and from %lld):\n", sh->carrier, sh->number,
                  (long long)o->from, (long long)o->kill, (long long)o->restart);
    size_t i;
    const json_t *e;
    json_array_foreach(events, i, e)
    {
        print_message("e2e_live:   event %s %s\n", json_string_value(json_object_get(e, "time")),
                      json_string_value(json_object_get(e, "status")));
    }
    for (size_t g = 0; g < r->n; g++)
        if (strcmp(r->items[g].number, sh->number) == 0)
            print_message("e2e_live:   notice %s created %lld (last event %lld) %s\n",
                          kind_names[r->items[g].kind], (long long)r->items[g].created_at,
                          (long long)r->items[g].last_event, r->items[g].delivery);
}

static void test_live_notices(void **state)
{
    (void)state;
    double t_start = real_now();
    char *dir = pc_test_tmpdir("e2e-live");
    receiver rc;
    receiver_start(&rc);

    const char *sb_argv[] = {
        "pc",      "sandbox",    "--port",      "0",       "--seed",  SEED,
        "--speed", "12000",      "--time",      SIM_START, "--param", "sim.start=2025-06-02",
        "--param", "sim.days=1", "--shipments", "500",     NULL};
    pc_test_spawn(sb_argv, &sb);
    assert_int_equal(pc_test_wait_log(&sb, "msg=listening", HANG_BOUND * 1000), 0);
    int sb_port = port_of(&sb, " port=");
    char sb_url[64];
    snprintf(sb_url, sizeof(sb_url), "http://127.0.0.1:%d", sb_port);

    char cfg[2200], store[2200];
    snprintf(cfg, sizeof(cfg), "%s/parcelcast.conf", dir);
    snprintf(store, sizeof(store), "%s/store", dir);
    FILE *f = fopen(cfg, "w");
    assert_non_null(f);
    fprintf(f,
            "[store]\npath = %s\n"
            "[poll]\nenabled = 1\nrate = 0\ninterval = 60\nconcurrency = 8\nmax_interval = %d\n"
            "[predict]\ntick = 3600\n"
            "[notify]\nenabled = 1\nretry_base = 1\n",
            store, MAX_INTERVAL);
    for (size_t i = 0; i < sizeof(carriers) / sizeof(carriers[0]); i++)
        fprintf(f,
                "[carrier.%s]\nbase_url = http://127.0.0.1:%d%s\nclient_id = e2e\n"
                "client_secret = e2e\napi_key = e2e\naccount = e2e\n",
                carriers[i][0], sb_port, carriers[i][1]);
    fclose(f);

    char *out = NULL, *err = NULL;
    const char *add[] = {"pc", "tenant", "add", "acme", "--config", cfg, NULL};
    assert_int_equal(pc_test_run(add, NULL, &out, &err), 0);
    char key[128];
    assert_int_equal(sscanf(out, "%127s", key), 1);
    free(out);
    free(err);

    spawn_serve(cfg, sb_url, &srv);
    int port = port_of(&srv, " port=");

    /* subscribe, then register every sandbox shipment in one batch */
    char sub[256];
    snprintf(sub, sizeof(sub), "{\"url\":\"http://127.0.0.1:%d/hook\"}", rc.port);
    json_t *j = NULL;
    assert_int_equal(api(port, "POST", "/v1/webhooks", key, sub, &j), 201);
    snprintf(rc.secret, sizeof(rc.secret), "%s", json_string_value(json_object_get(j, "secret")));
    int hook_id = (int)json_integer_value(json_object_get(json_object_get(j, "webhook"), "id"));
    assert_true(hook_id > 0);
    json_decref(j);

    char url[512];
    snprintf(url, sizeof(url), "%s/_sandbox/shipments?format=json", sb_url);
    json_t *list = get_json(url);
    assert_non_null(list);
    assert_int_equal(json_array_size(list), SHIPMENTS);
    json_t *batch = json_array();
    size_t k;
    json_t *s;
    json_array_foreach(list, k, s)
    {
        json_array_append_new(batch,
                              json_pack("{s:O, s:O}", "carrier", json_object_get(s, "carrier"),
                                        "tracking_number", json_object_get(s, "tracking_number")));
    }
    json_t *req = json_pack("{s:o}", "shipments", batch);
    char *text = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    assert_int_equal(api(port, "POST", "/v1/shipments/batch", key, text, &j), 200);
    free(text);
    assert_int_equal(json_integer_value(json_object_get(j, "created")), SHIPMENTS);
    json_decref(j);
    observed obs = {.from = sim_now(sb_port)};

    /* the ground truth: labels, ends, final statuses, event counts */
    ship *ships = calloc(SHIPMENTS, sizeof(ship));
    assert_non_null(ships);
    int64_t first_label = INT64_MAX, last_end = 0;
    json_array_foreach(list, k, s)
    {
        ship *sh = &ships[k];
        snprintf(sh->carrier, sizeof(sh->carrier), "%s",
                 json_string_value(json_object_get(s, "carrier")));
        snprintf(sh->number, sizeof(sh->number), "%s",
                 json_string_value(json_object_get(s, "tracking_number")));
        snprintf(url, sizeof(url), "%s/_sandbox/truth/%s/%s", sb_url, sh->carrier, sh->number);
        sh->truth = get_json(url);
        assert_non_null(sh->truth);
        int64_t label = time_of(json_object_get(sh->truth, "label_at"));
        sh->end_at = time_of(json_object_get(sh->truth, "end_at"));
        sh->truth_events = (size_t)json_integer_value(json_object_get(sh->truth, "events"));
        sh->final_status = json_string_value(json_object_get(sh->truth, "final_status"));
        assert_true(label != PC_TIME_NONE && sh->end_at != PC_TIME_NONE && sh->final_status);
        first_label = label < first_label ? label : first_label;
        last_end = sh->end_at > last_end ? sh->end_at : last_end;
    }
    json_decref(list);
    if (obs.from > first_label)
        print_message("e2e_live: registered at %lld, after the first label (%lld): the early "
                      "info_received notices are not required\n",
                      (long long)obs.from, (long long)first_label);

    /* the receiver goes down two simulated days after the first label, for a day; half a day
     * into it, once notices wait in the outbox, serve is killed -9 and started again */
    int64_t down_at = first_label + 2 * DAY, kill_at = down_at + DAY / 2, up_at = down_at + DAY;
    int64_t done_at = last_end + 6 * 3600;
    bool killed = false;
    double bound = real_now() + HANG_BOUND;
    size_t depth_at_kill = 0;
    for (;;) {
        assert_true(real_now() < bound);
        drain(&srv);
        drain(&sb);
        int64_t now = sim_now(sb_port);
        if (now >= down_at && now < up_at && atomic_load(&rc.up)) {
            atomic_store(&rc.up, 0);
            print_message("e2e_live: receiver down at %lld\n", (long long)now);
        }
        if (!killed && now >= kill_at && receiver_refused(&rc) >= 20) {
            size_t depth = outbox_depth(port);
            if (depth != (size_t)-1 && depth > 0) {
                depth_at_kill = depth;
                obs.kill = sim_now(sb_port);
                assert_int_equal(pc_test_stop(&srv, SIGKILL), 128 + SIGKILL);
                free(srv.log);
                spawn_serve(cfg, sb_url, &srv);
                port = port_of(&srv, " port=");
                obs.restart = sim_now(sb_port);
                killed = true;
                print_message("e2e_live: serve killed -9 at %lld with %zu notices in the outbox, "
                              "polling again at %lld\n",
                              (long long)obs.kill, depth, (long long)obs.restart);
            }
        }
        if (now >= up_at && killed && !atomic_load(&rc.up)) {
            atomic_store(&rc.up, 1);
            print_message("e2e_live: receiver up at %lld\n", (long long)now);
        }
        if (now >= done_at && killed && atomic_load(&rc.up))
            break;
        sleep_ms(100);
    }
    double t_sim_done = real_now();

    /* wait (bounded) until serve stored every event of the sandbox's histories and delivered
     * every notice it queued: the commit that stores an answer queues its notices */
    size_t depth = 1, behind = 1;
    char first_behind[200] = "";
    for (bound = real_now() + 120; (behind || depth) && real_now() < bound;) {
        drain(&srv);
        behind = 0;
        for (size_t i = 0; i < SHIPMENTS; i++) {
            ship *sh = &ships[i];
            char path[256];
            snprintf(path, sizeof(path), "/v1/shipments/%s/%s", sh->carrier, sh->number);
            json_t *g = NULL;
            assert_int_equal(api(port, "GET", path, key, NULL, &g), 200);
            json_t *events = json_object_get(json_object_get(g, "shipment"), "events");
            json_decref(sh->events);
            sh->events = json_incref(events);
            json_decref(g);
            if (json_array_size(events) != sh->truth_events && !behind++)
                snprintf(first_behind, sizeof(first_behind),
                         "%s %s: serve stored %zu events, the sandbox's history has %zu",
                         sh->carrier, sh->number, json_array_size(events), sh->truth_events);
        }
        depth = outbox_depth(port);
        if (behind || depth)
            sleep_ms(500);
    }
    if (behind)
        fail_msg("%zu shipments lack events, e.g. %s", behind, first_behind);
    assert_int_equal(depth, 0);
    double t_all = real_now();
    pthread_mutex_lock(&rc.mu); /* the rest reads what arrived; late repeats wait */

    /* How long serve took to see a new state: the largest lag (simulated seconds from the
     * newest event to the notice it caused) within one polling stretch. A state that lasted
     * half as long again while serve was polling was surely seen. */
    int64_t max_lag = 0;
    for (size_t g = 0; g < rc.n; g++) {
        const got *it = &rc.items[g];
        bool same_stretch = it->created_at < obs.kill || it->last_event >= obs.restart;
        bool poll_made = it->kind != K_DELAYED && it->kind != K_ETA; /* not the predictor's */
        poll_made &= it->created_at >= it->last_event;
        if (poll_made && it->last_event != PC_TIME_NONE && same_stretch &&
            it->created_at - it->last_event > max_lag)
            max_lag = it->created_at - it->last_event;
    }
    obs.margin = max_lag + max_lag / 2 > MARGIN ? max_lag + max_lag / 2 : MARGIN;

    /* from the stored histories: what must have arrived */
    size_t req_total[K__N] = {0}, allowed_total[K__N] = {0}, skipped[K__N] = {0};
    for (size_t i = 0; i < SHIPMENTS; i++) {
        ship *sh = &ships[i];
        expectations(sh, sh->events, &obs);
        for (int kk = 0; kk < K__N; kk++) {
            req_total[kk] += sh->required[kk];
            if (sh->allowed[kk] != (size_t)-1) {
                allowed_total[kk] += sh->allowed[kk];
                skipped[kk] += sh->allowed[kk] - sh->required[kk];
            }
        }
    }
    /* distinct delivery ids per shipment and kind (repeats of an id are at-least-once) */
    const char **ids = malloc(rc.n * sizeof(char *) + 1);
    assert_non_null(ids);
    for (size_t g = 0; g < rc.n; g++)
        ids[g] = rc.items[g].delivery;
    qsort(ids, rc.n, sizeof(char *), cmp_str);
    for (size_t g = 0; g < rc.n; g++) {
        const char *id = rc.items[g].delivery;
        const char **first = bsearch(&id, ids, rc.n, sizeof(char *), cmp_str);
        while (first > ids && strcmp(first[-1], id) == 0)
            first--;
        if (*first != id)
            continue; /* a repeat: count the first arrival only */
        for (size_t i = 0; i < SHIPMENTS; i++)
            if (strcmp(ships[i].number, rc.items[g].number) == 0) {
                ships[i].got[rc.items[g].kind]++;
                break;
            }
    }
    size_t missing = 0, shown = 0;
    for (size_t i = 0; i < SHIPMENTS; i++)
        for (int kk = 0; kk < K__N; kk++)
            if (ships[i].got[kk] < ships[i].required[kk]) {
                missing += ships[i].required[kk] - ships[i].got[kk];
                if (shown++ < 5) {
                    print_message("e2e_live: missing %s (%zu of %zu)\n", kind_names[kk],
                                  ships[i].got[kk], ships[i].required[kk]);
                    explain(&ships[i], ships[i].events, &obs, &rc);
                }
            }
    if (missing)
        fail_msg("%zu required notices never arrived (margin %lld s)", missing,
                 (long long)obs.margin);

    /* nothing unexplained: no kind more often than the history allows */
    size_t got_total[K__N] = {0};
    for (size_t i = 0; i < SHIPMENTS; i++)
        for (int kk = 0; kk < K__N; kk++) {
            got_total[kk] += ships[i].got[kk];
            if (ships[i].allowed[kk] != (size_t)-1 && ships[i].got[kk] > ships[i].allowed[kk])
                fail_msg("%s %s: %zu distinct %s notices, its history allows %zu", ships[i].carrier,
                         ships[i].number, ships[i].got[kk], kind_names[kk], ships[i].allowed[kk]);
        }
    /* every notice is on the simulated clock and consistent with the shipment it carries */
    int64_t sim_end = sim_now(sb_port), kind_lag[K__N] = {0}, sim_begin = 0;
    size_t stamped_early = 0;
    assert_int_equal(pc_time_parse_utc(SIM_START, &sim_begin), 0);
    static const char *const kind_status[K__N] = {
        "info_received",  NULL,       NULL, NULL, "out_for_delivery", "delivered",
        "failed_attempt", "exception"};
    for (size_t g = 0; g < rc.n; g++) {
        const got *it = &rc.items[g];
        if (it->created_at < sim_begin || it->created_at > sim_end)
            fail_msg("notice %s (%s): created_at %lld is not simulated time (%lld .. %lld)",
                     it->delivery, kind_names[it->kind], (long long)it->created_at,
                     (long long)sim_begin, (long long)sim_end);
        if (kind_status[it->kind] && strcmp(it->status, kind_status[it->kind]) != 0)
            fail_msg("notice %s: kind %s for a shipment in status %s", it->delivery,
                     kind_names[it->kind], it->status);
        /* a notice is stamped with the poll run's start, and the answer may carry an event
         * the carrier scanned while the run went on: counted, not a fault */
        if (it->last_event != PC_TIME_NONE && it->created_at < it->last_event)
            stamped_early++;
        else if (it->last_event != PC_TIME_NONE && kind_status[it->kind] &&
                 it->created_at - it->last_event > kind_lag[it->kind])
            kind_lag[it->kind] = it->created_at - it->last_event;
    }
    assert_int_equal(rc.bad_signatures, 0);
    assert_int_equal(rc.bad_bodies, 0);

    /* refused deliveries came back under the same delivery id; repeats counted */
    size_t refused_later = 0, unique = 0;
    for (size_t g = 0; g < rc.n; g++)
        unique += g == 0 || strcmp(ids[g], ids[g - 1]) != 0;
    for (size_t r = 0; r < rc.n_refused_ids; r++) {
        const char *key_id = rc.refused_ids[r];
        if (bsearch(&key_id, ids, rc.n, sizeof(char *), cmp_str))
            refused_later++;
        else
            fail_msg("delivery %s was refused while the receiver was down and never came back",
                     rc.refused_ids[r]);
    }
    assert_true(rc.n_refused_ids >= 20);
    size_t received = rc.n, n_refused = rc.n_refused_ids;
    pthread_mutex_unlock(&rc.mu);

    /* no dead letters */
    char fpath[64];
    snprintf(fpath, sizeof(fpath), "/v1/webhooks/%d/failures", hook_id);
    assert_int_equal(api(port, "GET", fpath, key, NULL, &j), 200);
    json_t *fl = json_is_array(j) ? j : json_object_get(j, "failures");
    assert_true(json_is_array(fl));
    assert_int_equal(json_array_size(fl), 0);
    json_decref(j);

    print_message("e2e_live: %zu shipments, simulated %lld .. %lld (speed %d), serve killed -9 "
                  "with %zu notices in the outbox; %zu deliveries received (%zu distinct, %zu "
                  "repeats), %zu refused while the receiver was down, all received later under "
                  "the same id\n",
                  (size_t)SHIPMENTS, (long long)sim_begin, (long long)sim_end, SPEED, depth_at_kill,
                  received, unique, received - unique, n_refused);
    (void)refused_later;
    for (int kk = 0; kk < K__N; kk++) {
        if (allowed_total[kk])
            print_message("e2e_live:   %-16s received %5zu  required %5zu  history allows %5zu  "
                          "(not required: %zu too short while polling)  max lag %lld s\n",
                          kind_names[kk], got_total[kk], req_total[kk], allowed_total[kk],
                          skipped[kk], kk == K_SHIPPED ? -1LL : (long long)kind_lag[kk]);
        else
            print_message("e2e_live:   %-16s received %5zu  (predictor's, not required)\n",
                          kind_names[kk], got_total[kk]);
    }
    print_message("e2e_live: %zu notices stamped (poll run start) before their newest event\n",
                  stamped_early);
    print_message("e2e_live: margin %lld simulated s (longest lag %lld s); real time %.1f s: "
                  "shipments ended after %.1f s, every notice in after %.1f s\n",
                  (long long)obs.margin, (long long)max_lag, t_all - t_start, t_sim_done - t_start,
                  t_all - t_start);

    assert_int_equal(pc_test_stop(&srv, SIGTERM), 0);
    assert_int_equal(pc_test_stop(&sb, SIGTERM), 0);
    free(srv.log);
    free(sb.log);
    free(ids);
    for (size_t i = 0; i < SHIPMENTS; i++) {
        json_decref(ships[i].truth);
        json_decref(ships[i].events);
    }
    free(ships);
    receiver_stop(&rc);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_live_notices, stop_children),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
