/*
 * The poller against a fake FedEx (the real adapter: OAuth, batches of 30, render/parse_request)
 * served by libmicrohttpd on 127.0.0.1 port 0, with scripted answers. The poller runs on a
 * simulated clock: its sleeps advance the clock, and the server stamps each request with it.
 */
#include "testsupport.h"

#include <parcelcast/config.h>
#include <parcelcast/error.h>
#include <parcelcast/plugins.h>
#include <parcelcast/poller.h>
#include <parcelcast/store.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define T0       1700000000
#define MAX_REQS 512

/* ---- simulated clock ------------------------------------------------------------------------ */

static _Atomic int64_t sim_now = T0;

static int64_t sim_clock(void *ctx)
{
    (void)ctx;
    return atomic_load(&sim_now);
}

static void sim_sleep(void *ctx, int64_t secs)
{
    (void)ctx;
    atomic_fetch_add(&sim_now, secs);
}

/* ---- the fake carrier ----------------------------------------------------------------------- */

typedef struct scripted {
    int status;
    int retry_after;
    const char *body; /* NULL: "{}" */
    int hang_ms;      /* answer this late (the poller's timeout is shorter) */
} scripted;

typedef struct fake {
    struct MHD_Daemon *d;
    int port;
    const pc_adapter *a;
    pthread_mutex_t mu;
    /* the world: numbers the carrier knows, with their histories */
    pc_shipment *ships;
    size_t n_ships;
    /* answers forced on the next tracking requests, in order */
    scripted script[16];
    size_t n_script, at_script;
    /* OAuth */
    int token_seq;
    int token_requests;
    int expires_in;
    char token[32];
    int unauthorized; /* tracking requests refused with 401 */
    /* observations */
    size_t n_reqs;
    int64_t req_time[MAX_REQS];
    size_t req_batch[MAX_REQS];
    int in_flight, max_in_flight;
    int delay_ms;
    bool real_time; /* stamp requests with time(NULL) (the crash test's child polls) */
} fake;

typedef struct conn {
    char *body;
    size_t len;
} conn;

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn *k = *con_cls;
    if (k) {
        free(k->body);
        free(k);
    }
    *con_cls = NULL;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *body,
                             size_t len, int retry_after)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    if (retry_after > 0) {
        char ra[16];
        snprintf(ra, sizeof(ra), "%d", retry_after);
        MHD_add_response_header(r, "Retry-After", ra);
    }
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result track_answer(fake *f, struct MHD_Connection *c, const char *url,
                                    const char *method, conn *k)
{
    pthread_mutex_lock(&f->mu);
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    char want[64];
    snprintf(want, sizeof(want), "Bearer %s", f->token);
    if (!auth || strcmp(auth, want) != 0 || !f->token[0]) {
        f->unauthorized++;
        pthread_mutex_unlock(&f->mu);
        static const char body[] =
            "{\"errors\":[{\"code\":\"NOT.AUTHORIZED.ERROR\",\"message\":\"bad token\"}]}";
        return reply(c, 401, body, sizeof(body) - 1, 0);
    }
    int64_t stamp = f->real_time ? (int64_t)time(NULL) : atomic_load(&sim_now);
    char **nums = NULL;
    size_t n = 0;
    int rc = f->a->parse_request(method, url, k->body, k->len, &nums, &n);
    if (f->n_reqs < MAX_REQS) {
        f->req_time[f->n_reqs] = stamp;
        f->req_batch[f->n_reqs] = rc == 0 ? n : 0;
    }
    f->n_reqs++;
    scripted s = {0, 0, NULL, 0};
    if (f->at_script < f->n_script)
        s = f->script[f->at_script++];
    f->in_flight++;
    if (f->in_flight > f->max_in_flight)
        f->max_in_flight = f->in_flight;
    int delay = f->delay_ms;
    pthread_mutex_unlock(&f->mu);
    if (delay)
        usleep((useconds_t)delay * 1000);
    if (s.hang_ms) {
        usleep((useconds_t)s.hang_ms * 1000);
        s.status = 0; /* the client has gone; answer normally */
    }

    enum MHD_Result ret;
    if (s.status) {
        const char *b = s.body ? s.body : "{}";
        ret = reply(c, (unsigned)s.status, b, strlen(b), s.retry_after);
    } else if (rc < 0) {
        ret = reply(c, 400, "{}", 2, 0);
    } else {
        pc_shipment *found = calloc(n + 1, sizeof(*found));
        pc_track_error *errs = calloc(n + 1, sizeof(*errs));
        size_t nf = 0, ne = 0;
        pthread_mutex_lock(&f->mu);
        for (size_t i = 0; i < n; i++) {
            size_t j = 0;
            while (j < f->n_ships && strcmp(f->ships[j].tracking_number, nums[i]) != 0)
                j++;
            if (j < f->n_ships) {
                found[nf++] = f->ships[j]; /* shallow: render only reads */
            } else {
                errs[ne].tracking_number = nums[i];
                errs[ne].kind = PC_TE_NOT_FOUND;
                errs[ne].message = (char *)(uintptr_t) "Tracking number cannot be found.";
                ne++;
            }
        }
        pthread_mutex_unlock(&f->mu);
        char *body = NULL;
        size_t len = 0;
        int http = 0;
        rc = f->a->render(found, nf, errs, ne, PC_FORMAT_AUTO, &body, &len, &http);
        ret = rc == 0 ? reply(c, (unsigned)http, body, len, 0) : reply(c, 500, "{}", 2, 0);
        free(body);
        free(found);
        free(errs);
    }
    for (size_t i = 0; i < n; i++)
        free(nums[i]);
    free(nums);
    pthread_mutex_lock(&f->mu);
    f->in_flight--;
    pthread_mutex_unlock(&f->mu);
    return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_size, void **con_cls)
{
    (void)version;
    fake *f = cls;
    conn *k = *con_cls;
    if (!k) {
        k = calloc(1, sizeof(*k));
        *con_cls = k;
        return k ? MHD_YES : MHD_NO;
    }
    if (*upload_size) {
        char *b = realloc(k->body, k->len + *upload_size + 1);
        if (!b)
            return MHD_NO;
        memcpy(b + k->len, upload_data, *upload_size);
        k->body = b;
        k->len += *upload_size;
        b[k->len] = '\0';
        *upload_size = 0;
        return MHD_YES;
    }
    if (strcmp(url, "/oauth/token") == 0) {
        char body[256];
        pthread_mutex_lock(&f->mu);
        f->token_requests++;
        snprintf(f->token, sizeof(f->token), "tok%d", ++f->token_seq);
        int n = snprintf(body, sizeof(body),
                         "{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":%d}",
                         f->token, f->expires_in);
        pthread_mutex_unlock(&f->mu);
        return reply(c, 200, body, (size_t)n, 0);
    }
    return track_answer(f, c, url, method, k);
}

static void fake_start(fake *f)
{
    memset(f, 0, sizeof(*f));
    pthread_mutex_init(&f->mu, NULL);
    f->a = pc_test_adapter("fedex");
    assert_non_null(f->a);
    assert_non_null(f->a->render);
    assert_non_null(f->a->parse_request);
    f->expires_in = 3600;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    f->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                            NULL, NULL, handler, f, MHD_OPTION_SOCK_ADDR, &sa,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, f, MHD_OPTION_END);
    assert_non_null(f->d);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(f->d, MHD_DAEMON_INFO_BIND_PORT);
    assert_non_null(info);
    f->port = info->port;
    assert_true(f->port > 0);
}

static void fake_stop(fake *f)
{
    MHD_stop_daemon(f->d);
    for (size_t i = 0; i < f->n_ships; i++)
        pc_shipment_done(&f->ships[i]);
    free(f->ships);
    pthread_mutex_destroy(&f->mu);
}

static void number_of(size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "79%010zu", i);
}

/* The carrier knows number i with `n_events` events, hours apart, ending `end` (the last one
 * delivered when `delivered`). */
static void fake_know(fake *f, size_t i, size_t n_events, int64_t end, bool delivered)
{
    static const char *const codes[] = {"OC", "PU", "AR", "IT", "OD"};
    static const pc_status sts[] = {PC_STATUS_INFO_RECEIVED, PC_STATUS_IN_TRANSIT,
                                    PC_STATUS_IN_TRANSIT, PC_STATUS_IN_TRANSIT,
                                    PC_STATUS_OUT_FOR_DELIVERY};
    f->ships = realloc(f->ships, (f->n_ships + 1) * sizeof(*f->ships));
    assert_non_null(f->ships);
    pc_shipment *s = &f->ships[f->n_ships++];
    pc_shipment_init(s);
    char num[32];
    number_of(i, num, sizeof(num));
    assert_int_equal(pc_set_str(&s->carrier, "fedex", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->tracking_number, num, (size_t)-1), 0);
    for (size_t k = 0; k < n_events; k++) {
        pc_event *ev;
        assert_int_equal(pc_shipment_add_event(s, 0, &ev), 0);
        ev->time = end - (int64_t)(n_events - 1 - k) * 3600;
        ev->utc_offset = 0;
        bool last = k + 1 == n_events;
        const char *code = last && delivered ? "DL" : codes[k % 5];
        ev->status = last && delivered ? PC_STATUS_DELIVERED : sts[k % 5];
        assert_int_equal(pc_set_str(&ev->code, code, (size_t)-1), 0);
        assert_int_equal(pc_set_str(&ev->description, "Scan", (size_t)-1), 0);
        assert_int_equal(pc_set_str(&ev->location.city, "MEMPHIS", (size_t)-1), 0);
        assert_int_equal(pc_set_str(&ev->location.country, "US", (size_t)-1), 0);
    }
    pc_shipment_normalize(s);
}

/* ---- fixture -------------------------------------------------------------------------------- */

typedef struct env {
    fake f;
    char *dir;
    pc_store *st;
    pc_registry *reg;
    pc_config cfg;
    pc_poller *p;
} env;

static void env_set(env *e, const char *key, const char *value)
{
    char err[256];
    if (pc_config_set(&e->cfg, key, value, err, sizeof(err)) != 0)
        fail_msg("%s", err);
}

static void env_open(env *e, const char *const *settings)
{
    memset(e, 0, sizeof(*e));
    atomic_store(&sim_now, T0);
    fake_start(&e->f);
    e->dir = pc_test_tmpdir("poller");
    char err[512];
    pc_store_opts so = {.path = e->dir};
    assert_int_equal(pc_store_open(&so, &e->st, err, sizeof(err)), 0);
    assert_int_equal(pc_registry_new(&e->reg), 0);
    assert_int_equal(pc_registry_add(e->reg, e->f.a, "static", err, sizeof(err)), 0);
    assert_int_equal(pc_config_init(&e->cfg, NULL), 0);
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", e->f.port);
    env_set(e, "carrier.fedex.base_url", url);
    env_set(e, "carrier.fedex.client_id", "id");
    env_set(e, "carrier.fedex.client_secret", "secret");
    env_set(e, "poll.rate", "0");
    env_set(e, "poll.timeout", "20");
    for (size_t i = 0; settings && settings[i]; i += 2)
        env_set(e, settings[i], settings[i + 1]);
}

static void env_poller(env *e, int backoff_base)
{
    char err[512];
    pc_poller_opts po = {.store = e->st,
                         .registry = e->reg,
                         .config = &e->cfg,
                         .clock = sim_clock,
                         .sleep = sim_sleep,
                         .backoff_base = backoff_base,
                         .seed = 42};
    assert_int_equal(pc_poller_new(&po, &e->p, err, sizeof(err)), 0);
}

static void env_close(env *e)
{
    pc_poller_free(e->p);
    pc_store_close(e->st);
    pc_registry_free(e->reg);
    pc_config_done(&e->cfg);
    fake_stop(&e->f);
    pc_test_rmdir(e->dir);
    free(e->dir);
}

typedef struct track_ctx {
    size_t from, n;
    int64_t now;
} track_ctx;

static int track_write(pc_txn *tx, void *ctx)
{
    track_ctx *t = ctx;
    for (size_t i = t->from; i < t->from + t->n; i++) {
        pc_shipment s;
        pc_shipment_init(&s);
        char num[32];
        number_of(i, num, sizeof(num));
        s.carrier = (char *)(uintptr_t) "fedex";
        s.tracking_number = num;
        pc_put_result pr;
        int rc = pc_store_put_shipment(tx, &s, t->now, &pr);
        if (rc < 0)
            return rc;
        if (!pr.created && (rc = pc_store_set_next_poll(tx, pr.id, t->now)) < 0)
            return rc;
    }
    return 0;
}

/* Numbers from..from+n stored as pending shipments due now (what `parcelcast track` does). */
static void track(env *e, size_t from, size_t n)
{
    track_ctx t = {from, n, atomic_load(&sim_now)};
    assert_true(pc_store_write(e->st, track_write, &t) >= 0);
}

static int count_cb(uint64_t id, int64_t due, void *ctx)
{
    (void)id;
    (void)due;
    (*(size_t *)ctx)++;
    return 0;
}

static size_t due_at(env *e, int64_t t)
{
    pc_txn *tx;
    size_t n = 0;
    assert_int_equal(pc_store_read_begin(e->st, &tx), 0);
    assert_int_equal(pc_store_scan_due(tx, t, count_cb, &n), 0);
    pc_store_read_end(tx);
    return n;
}

static void stored(env *e, size_t i, pc_shipment *ret)
{
    pc_txn *tx;
    char num[32];
    number_of(i, num, sizeof(num));
    assert_int_equal(pc_store_read_begin(e->st, &tx), 0);
    assert_int_equal(pc_store_get_shipment(tx, "fedex", num, ret, NULL), 0);
    pc_store_read_end(tx);
}

static const pc_poller_carrier_stats *fedex_stats(const pc_poller_stats *s)
{
    for (size_t i = 0; i < s->n_carriers; i++)
        if (strcmp(s->carriers[i].carrier, "fedex") == 0)
            return &s->carriers[i];
    static const pc_poller_carrier_stats none;
    fail_msg("no fedex stats");
    return &none;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static pc_shipment mk(pc_status st, size_t n_events, int64_t last, int64_t eta)
{
    pc_shipment s;
    pc_shipment_init(&s);
    s.status = st;
    s.carrier_eta = eta;
    s.created_at = T0 - 10 * 86400;
    for (size_t k = 0; k < n_events; k++) {
        pc_event *ev;
        assert_int_equal(pc_shipment_add_event(&s, 0, &ev), 0);
        ev->time = last - (int64_t)(n_events - 1 - k) * 3600;
        ev->status = st;
    }
    return s;
}

static void test_schedule_table(void **state)
{
    (void)state;
    const int64_t now = T0, H = 3600, N = PC_TIME_NONE;
    struct {
        pc_status st;
        size_t events;
        int64_t last, eta;
        bool gained;
        int64_t want; /* interval, or -1 for never */
    } rows[] = {
        {PC_STATUS_PENDING, 0, N, N, false, 2 * H},
        {PC_STATUS_INFO_RECEIVED, 1, now - H, N, false, 6 * H},
        {PC_STATUS_IN_TRANSIT, 2, now - H, now + 12 * H, false, H},
        {PC_STATUS_IN_TRANSIT, 2, now - H, now - H, false, 2 * H},
        {PC_STATUS_IN_TRANSIT, 2, now - H, now + 5 * 24 * H, false, 12 * H},
        {PC_STATUS_IN_TRANSIT, 2, now - H, now + 2 * 24 * H, false, 4 * H},
        {PC_STATUS_IN_TRANSIT, 2, now - H, N, false, 4 * H},
        {PC_STATUS_IN_TRANSIT, 2, now - 4 * 24 * H, N, false, 12 * H},
        {PC_STATUS_IN_TRANSIT, 2, now - H, N, true, 2 * H},
        {PC_STATUS_OUT_FOR_DELIVERY, 3, now - H, N, false, H / 2},
        {PC_STATUS_OUT_FOR_DELIVERY, 3, now - H, N, true, H / 4},
        {PC_STATUS_FAILED_ATTEMPT, 3, now - H, N, false, 2 * H},
        {PC_STATUS_EXCEPTION, 3, now - H, N, false, 2 * H},
        {PC_STATUS_AVAILABLE_FOR_PICKUP, 3, now - H, N, false, 6 * H},
        {PC_STATUS_DELIVERED, 3, now - H, N, true, -1},
        {PC_STATUS_RETURNED, 3, now - H, N, false, -1},
        {PC_STATUS_EXPIRED, 3, now - H, N, false, -1},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        pc_shipment s = mk(rows[i].st, rows[i].events, rows[i].last, rows[i].eta);
        int64_t got = pc_poll_next_time(&s, now, rows[i].gained);
        int64_t want = rows[i].want < 0 ? PC_TIME_NONE : now + rows[i].want;
        if (got != want)
            fail_msg("row %zu (%s): next poll %lld, want %lld", i, pc_status_name(rows[i].st),
                     (long long)got, (long long)want);
        pc_shipment_done(&s);
    }
}

static void test_expiry_rule(void **state)
{
    (void)state;
    const int64_t D = 86400;
    pc_shipment s = mk(PC_STATUS_PENDING, 0, 0, PC_TIME_NONE);
    s.created_at = T0 - 6 * D;
    assert_false(pc_poll_is_expired(&s, T0, 30 * D, 7 * D));
    s.created_at = T0 - 7 * D;
    assert_true(pc_poll_is_expired(&s, T0, 30 * D, 7 * D));
    assert_false(pc_poll_is_expired(&s, T0, 30 * D, 0)); /* rule disabled */
    pc_shipment_done(&s);
    s = mk(PC_STATUS_IN_TRANSIT, 2, T0 - 29 * D, PC_TIME_NONE);
    s.created_at = T0 - 40 * D;
    assert_false(pc_poll_is_expired(&s, T0, 30 * D, 7 * D));
    assert_true(pc_poll_is_expired(&s, T0 + D, 30 * D, 7 * D));
    s.created_at = T0 - D; /* tracked recently: news counts from then */
    assert_false(pc_poll_is_expired(&s, T0 + D, 30 * D, 7 * D));
    pc_shipment_done(&s);
    s = mk(PC_STATUS_DELIVERED, 2, T0 - 90 * D, PC_TIME_NONE);
    assert_false(pc_poll_is_expired(&s, T0, 30 * D, 7 * D));
    pc_shipment_done(&s);
}

/* Known numbers are stored with their events, unknown ones stay pending; the second identical
 * feed changes nothing; the schedule follows the status; counters add up. */
static void test_success_idempotent(void **state)
{
    (void)state;
    env e;
    env_open(&e, NULL);
    e.f.expires_in = 86400;
    fake_know(&e.f, 0, 3, T0 - 3600, false);
    fake_know(&e.f, 1, 4, T0 - 7200, true);
    fake_know(&e.f, 2, 1, T0 - 600, false);
    track(&e, 0, 5);
    env_poller(&e, 2);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    const pc_poller_carrier_stats *c = fedex_stats(&run);
    assert_int_equal(e.f.n_reqs, 1);
    assert_int_equal(e.f.req_batch[0], 5);
    assert_int_equal(e.f.token_requests, 1);
    assert_int_equal(c->requests, 1);
    assert_int_equal(c->token_requests, 1);
    assert_int_equal(c->numbers_polled, 5);
    assert_int_equal(c->events_gained, 8);
    assert_int_equal(c->errors[PC_PE_NOT_FOUND], 2);
    assert_int_equal(c->delivered, 1);
    assert_int_equal(c->polls_of_delivered, 1);
    assert_int_equal(c->expired, 0);

    pc_shipment s;
    stored(&e, 0, &s);
    assert_int_equal(s.n_events, 3);
    assert_int_equal(s.status, PC_STATUS_IN_TRANSIT);
    pc_shipment_done(&s);
    stored(&e, 1, &s);
    assert_int_equal(s.status, PC_STATUS_DELIVERED);
    pc_shipment_done(&s);
    stored(&e, 3, &s);
    assert_int_equal(s.status, PC_STATUS_PENDING);
    assert_int_equal(s.n_events, 0);
    pc_shipment_done(&s);

    /* Nothing due right after; delivered never again; the rest within the table's bounds:
     * gained events halve 4 h (in transit) and 6 h (info received), pending stays 2 h. */
    assert_int_equal(due_at(&e, T0), 0);
    assert_int_equal(due_at(&e, T0 + 2 * 3600 - 1), 0);
    assert_int_equal(due_at(&e, T0 + 2 * 3600), 3); /* 0 (in transit, gained) and 3, 4 */
    assert_int_equal(due_at(&e, T0 + 3 * 3600), 4); /* 2 (info received, gained) */
    assert_int_equal(due_at(&e, T0 + 365 * 86400), 4);

    /* Same feed again: no event added, nothing changes. */
    atomic_store(&sim_now, T0 + 3 * 3600);
    assert_int_equal(pc_poller_run_once(e.p, T0 + 3 * 3600, &run), 0);
    c = fedex_stats(&run);
    assert_int_equal(c->numbers_polled, 4);
    assert_int_equal(c->events_gained, 0);
    assert_int_equal(c->token_requests, 0); /* the token is reused */
    assert_int_equal(e.f.token_requests, 1);
    stored(&e, 0, &s);
    assert_int_equal(s.n_events, 3);
    pc_shipment_done(&s);

    pc_poller_stats total;
    pc_poller_stats_get(e.p, &total);
    assert_int_equal(total.runs, 2);
    assert_int_equal(fedex_stats(&total)->requests, 2);
    assert_int_equal(fedex_stats(&total)->numbers_polled, 9);
    assert_int_equal(fedex_stats(&total)->events_gained, 8);
    env_close(&e);
}

/* 65 due numbers go out as max_batch (30) + 30 + 5. */
static void test_batches(void **state)
{
    (void)state;
    env e;
    env_open(&e, NULL);
    track(&e, 0, 65);
    env_poller(&e, 2);
    assert_int_equal(pc_poller_run_once(e.p, T0, NULL), 0);
    assert_int_equal(e.f.n_reqs, 3);
    size_t sum = 0, full = 0;
    for (size_t i = 0; i < 3; i++) {
        assert_true(e.f.req_batch[i] <= e.f.a->max_batch);
        sum += e.f.req_batch[i];
        full += e.f.req_batch[i] == e.f.a->max_batch;
    }
    assert_int_equal(sum, 65);
    assert_int_equal(full, 2);
    assert_int_equal(due_at(&e, T0), 0);
    env_close(&e);
}

/* 429 with Retry-After: 7, then success: the retry comes no earlier than 7 s later. */
static void test_retry_after(void **state)
{
    (void)state;
    env e;
    env_open(&e, NULL);
    fake_know(&e.f, 0, 2, T0 - 3600, false);
    e.f.script[0] = (scripted){429, 7, "{}", 0};
    e.f.n_script = 1;
    track(&e, 0, 1);
    env_poller(&e, 2);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    assert_int_equal(e.f.n_reqs, 2);
    assert_true(e.f.req_time[1] >= e.f.req_time[0] + 7);
    const pc_poller_carrier_stats *c = fedex_stats(&run);
    assert_int_equal(c->errors[PC_PE_RATE_LIMITED], 1);
    assert_int_equal(c->retries, 1);
    assert_int_equal(c->events_gained, 2);
    env_close(&e);
}

/* 500 twice then success: exponential backoff with jitter (base 4: [2,4] then [4,8]). */
static void test_backoff_5xx(void **state)
{
    (void)state;
    env e;
    env_open(&e, NULL);
    fake_know(&e.f, 0, 2, T0 - 3600, false);
    e.f.script[0] = (scripted){500, 0, "oops", 0};
    e.f.script[1] = (scripted){503, 0, "oops", 0};
    e.f.n_script = 2;
    track(&e, 0, 1);
    env_poller(&e, 4);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    assert_int_equal(e.f.n_reqs, 3);
    int64_t g1 = e.f.req_time[1] - e.f.req_time[0], g2 = e.f.req_time[2] - e.f.req_time[1];
    if (g1 < 2 || g1 > 4 || g2 < 4 || g2 > 8)
        fail_msg("backoff gaps %lld and %lld", (long long)g1, (long long)g2);
    const pc_poller_carrier_stats *c = fedex_stats(&run);
    assert_int_equal(c->errors[PC_PE_HTTP_5XX], 2);
    assert_int_equal(c->retries, 2);
    assert_int_equal(c->events_gained, 2);
    env_close(&e);
}

/* After poll.max_retries failures the batch is rescheduled (not lost, not hot-looped). */
static void test_give_up(void **state)
{
    (void)state;
    const char *const set[] = {"poll.max_retries", "2", NULL};
    env e;
    env_open(&e, set);
    for (int i = 0; i < 3; i++)
        e.f.script[i] = (scripted){500, 0, "oops", 0};
    e.f.n_script = 3;
    track(&e, 0, 2);
    env_poller(&e, 1);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    assert_int_equal(e.f.n_reqs, 3);
    const pc_poller_carrier_stats *c = fedex_stats(&run);
    assert_int_equal(c->gave_up, 1);
    assert_int_equal(c->numbers_polled, 0);
    int64_t t = atomic_load(&sim_now);
    assert_int_equal(due_at(&e, t), 0);
    assert_int_equal(due_at(&e, t + 1800), 2);
    env_close(&e);
}

/* A carrier slower than poll.timeout: the request is abandoned, counted, and retried. */
static void test_timeout(void **state)
{
    (void)state;
    const char *const set[] = {"poll.timeout", "1", NULL};
    env e;
    env_open(&e, set);
    fake_know(&e.f, 0, 2, T0 - 3600, false);
    e.f.script[0] = (scripted){200, 0, NULL, 3000};
    e.f.n_script = 1;
    track(&e, 0, 1);
    env_poller(&e, 2);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    const pc_poller_carrier_stats *c = fedex_stats(&run);
    assert_int_equal(c->errors[PC_PE_TIMEOUT], 1);
    assert_int_equal(c->retries, 1);
    assert_int_equal(c->requests, 2);
    assert_int_equal(c->events_gained, 2);
    env_close(&e);
}

/* Retry-After longer than the backoff ceiling: rescheduled in the store, not waited for. */
static void test_long_retry_after(void **state)
{
    (void)state;
    env e;
    env_open(&e, NULL);
    e.f.script[0] = (scripted){429, 3600, "{}", 0};
    e.f.n_script = 1;
    track(&e, 0, 1);
    env_poller(&e, 2);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    assert_int_equal(e.f.n_reqs, 1);
    assert_int_equal(atomic_load(&sim_now), T0);
    assert_int_equal(fedex_stats(&run)->gave_up, 1);
    assert_int_equal(due_at(&e, T0 + 3599), 0);
    assert_int_equal(due_at(&e, T0 + 3600), 1);
    env_close(&e);
}

/* A malformed 200 body is counted, logged with the adapter's diagnostic, and retried. */
static void test_malformed(void **state)
{
    (void)state;
    env e;
    env_open(&e, NULL);
    fake_know(&e.f, 0, 2, T0 - 3600, false);
    e.f.script[0] = (scripted){200, 0, "{\"output\": [1, 2", 0};
    e.f.n_script = 1;
    track(&e, 0, 1);
    env_poller(&e, 2);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    const pc_poller_carrier_stats *c = fedex_stats(&run);
    assert_int_equal(c->errors[PC_PE_MALFORMED], 1);
    assert_int_equal(c->requests, 2);
    assert_int_equal(c->events_gained, 2);
    env_close(&e);
}

/* OAuth: one token for many requests, refreshed before it expires, refetched once after 401. */
static void test_oauth(void **state)
{
    (void)state;
    const char *const set[] = {"poll.concurrency", "1", NULL};
    env e;
    env_open(&e, set);
    e.f.expires_in = 100;
    fake_know(&e.f, 0, 2, T0 - 3600, false);
    track(&e, 0, 70); /* 3 requests */
    env_poller(&e, 2);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    assert_int_equal(e.f.n_reqs, 3);
    assert_int_equal(e.f.token_requests, 1);
    assert_int_equal(e.f.unauthorized, 0);

    /* 80 s later the token (100 s) is within its refresh margin: a new one first. */
    atomic_store(&sim_now, T0 + 80);
    track(&e, 0, 1);
    assert_int_equal(pc_poller_run_once(e.p, T0 + 80, &run), 0);
    assert_int_equal(e.f.token_requests, 2);
    assert_int_equal(e.f.unauthorized, 0);
    assert_int_equal(fedex_stats(&run)->token_requests, 1);

    /* The carrier revokes the token: the 401 makes the poller fetch a new one, once. */
    pthread_mutex_lock(&e.f.mu);
    snprintf(e.f.token, sizeof(e.f.token), "revoked");
    pthread_mutex_unlock(&e.f.mu);
    track(&e, 0, 1);
    assert_int_equal(pc_poller_run_once(e.p, T0 + 80, &run), 0);
    assert_int_equal(e.f.unauthorized, 1);
    assert_int_equal(e.f.token_requests, 3);
    assert_int_equal(fedex_stats(&run)->errors[PC_PE_AUTH], 1);
    assert_int_equal(fedex_stats(&run)->numbers_polled, 1);
    env_close(&e);
}

/* Never more than carrier.<name>.concurrency requests in flight at the carrier. */
static void test_concurrency_cap(void **state)
{
    (void)state;
    const char *const set[] = {"poll.concurrency", "8", "carrier.fedex.concurrency", "3", NULL};
    env e;
    env_open(&e, set);
    e.f.delay_ms = 40;
    track(&e, 0, 300); /* 10 requests */
    env_poller(&e, 2);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    assert_int_equal(e.f.n_reqs, 10);
    assert_true(e.f.max_in_flight >= 1);
    assert_true(e.f.max_in_flight <= 3);
    assert_true(fedex_stats(&run)->max_in_flight <= 3);
    assert_int_equal(fedex_stats(&run)->numbers_polled, 300);
    env_close(&e);
}

/* The token bucket: at most carrier.<name>.rate requests per (simulated) second. */
static void test_rate_limit(void **state)
{
    (void)state;
    const char *const set[] = {"poll.concurrency", "16", "carrier.fedex.rate", "2", NULL};
    env e;
    env_open(&e, set);
    track(&e, 0, 300); /* 10 requests */
    env_poller(&e, 2);
    assert_int_equal(pc_poller_run_once(e.p, T0, NULL), 0);
    assert_int_equal(e.f.n_reqs, 10);
    for (size_t i = 0; i < e.f.n_reqs; i++) {
        size_t same = 0;
        for (size_t k = 0; k < e.f.n_reqs; k++)
            same += e.f.req_time[k] == e.f.req_time[i];
        if (same > 2)
            fail_msg("%zu requests in second %lld", same, (long long)e.f.req_time[i]);
    }
    assert_true(e.f.req_time[9] - e.f.req_time[0] >= 4);
    env_close(&e);
}

/* A number never known expires after poll.not_found_expire_after; one with old news after
 * poll.expire_after; neither is polled again. */
static void test_expired(void **state)
{
    (void)state;
    const char *const set[] = {"poll.expire_after", "864000", "poll.not_found_expire_after",
                               "172800", NULL};
    env e;
    env_open(&e, set);
    fake_know(&e.f, 0, 2, T0 - 20 * 86400, false);
    track(&e, 0, 2); /* 0: news 20 days old, 1: unknown */
    env_poller(&e, 2);
    pc_poller_stats run;
    assert_int_equal(pc_poller_run_once(e.p, T0, &run), 0);
    /* 0's news counts from when it was tracked (now): not expired yet. */
    assert_int_equal(fedex_stats(&run)->expired, 0);
    int64_t later = T0 + 11 * 86400;
    atomic_store(&sim_now, later);
    assert_int_equal(pc_poller_run_once(e.p, later, &run), 0);
    assert_int_equal(fedex_stats(&run)->expired, 2);
    pc_shipment s;
    stored(&e, 0, &s);
    assert_int_equal(s.status, PC_STATUS_EXPIRED);
    assert_int_equal(s.n_events, 3); /* the two carrier events are kept */
    pc_shipment_done(&s);
    stored(&e, 1, &s);
    assert_int_equal(s.status, PC_STATUS_EXPIRED);
    pc_shipment_done(&s);
    assert_int_equal(due_at(&e, later + 365 * 86400), 0);
    env_close(&e);
}

/* The background thread polls what becomes due and stops cleanly. */
static void test_thread(void **state)
{
    (void)state;
    const char *const set[] = {"poll.expire_after", "0", NULL};
    env e;
    env_open(&e, set);
    fake_know(&e.f, 0, 2, T0 - 3600, false);
    track(&e, 0, 1);
    char err[256];
    pc_poller_opts po = {.store = e.st, .registry = e.reg, .config = &e.cfg, .seed = 1};
    assert_int_equal(pc_poller_new(&po, &e.p, err, sizeof(err)), 0);
    /* real clock: the shipment was tracked at T0, long due */
    assert_int_equal(pc_poller_start(e.p, 1), 0);
    assert_int_equal(pc_poller_start(e.p, 1), PC_EBUSY);
    pc_poller_stats total;
    for (int i = 0; i < 600; i++) {
        pc_poller_stats_get(e.p, &total);
        if (total.n_carriers && fedex_stats(&total)->numbers_polled == 1)
            break;
        usleep(50 * 1000);
    }
    pc_poller_stop(e.p);
    pc_poller_stats_get(e.p, &total);
    assert_int_equal(fedex_stats(&total)->events_gained, 2);
    env_close(&e);
}

/* ---- crash test: kill -9 the CLI mid-run, restart, nothing lost or doubled ------------------ */

static size_t check_acked(const char *path, const fake *f, bool *acked)
{
    pc_store *st;
    char err[512];
    pc_store_opts so = {.path = path, .read_only = true};
    assert_int_equal(pc_store_open(&so, &st, err, sizeof(err)), 0);
    pc_txn *tx;
    size_t have = 0;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    for (size_t i = 0; i < f->n_ships; i++) {
        pc_shipment s;
        assert_int_equal(pc_store_get_shipment(tx, "fedex", f->ships[i].tracking_number, &s, NULL),
                         0);
        if (s.n_events != 0 && s.n_events != f->ships[i].n_events)
            fail_msg("%s: %zu events after a kill, carrier has %zu", s.tracking_number, s.n_events,
                     f->ships[i].n_events);
        if (acked[i] && s.n_events == 0)
            fail_msg("%s: acknowledged events lost", s.tracking_number);
        acked[i] = s.n_events > 0;
        have += acked[i];
        pc_shipment_done(&s);
    }
    pc_store_read_end(tx);
    pc_store_close(st);
    return have;
}

static void test_crash_restart(void **state)
{
    (void)state;
    fake f;
    fake_start(&f);
    f.real_time = true;
    f.delay_ms = 80;
    const size_t N = 240;
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < N; i++)
        fake_know(&f, i, 1 + i % 5, now - 3600 - (int64_t)i, i % 3 == 0);
    char *dir = pc_test_tmpdir("pollcrash");
    char store[4200], list[4200], url[64], base[128];
    snprintf(store, sizeof(store), "%s/store", dir);
    snprintf(list, sizeof(list), "%s/numbers.txt", dir);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", f.port);
    snprintf(base, sizeof(base), "carrier.fedex.base_url=%s", url);
    FILE *fp = fopen(list, "w");
    assert_non_null(fp);
    fputs("# carrier number\n", fp);
    for (size_t i = 0; i < N; i++) {
        char num[32];
        number_of(i, num, sizeof(num));
        fprintf(fp, "fedex %s\n", num);
    }
    fclose(fp);
    const char *track_argv[] = {"parcelcast",       "track",  "--store", store, "--plugins",
                                PC_TEST_PLUGIN_DIR, "--file", list,      NULL};
    char *out = NULL, *errs = NULL;
    int rc = pc_test_run(track_argv, NULL, &out, &errs);
    if (rc != 0)
        fail_msg("track exited %d: %s", rc, errs ? errs : "");
    assert_non_null(strstr(out, "tracking 240 numbers (240 new)"));
    free(out);
    free(errs);
    const char *poll_argv[] = {"parcelcast",
                               "poll",
                               "--until-idle",
                               "--store",
                               store,
                               "--plugins",
                               PC_TEST_PLUGIN_DIR,
                               "--set",
                               base,
                               "--set",
                               "carrier.fedex.client_id=id",
                               "--set",
                               "carrier.fedex.client_secret=secret",
                               "--set",
                               "poll.concurrency=2",
                               "--set",
                               "poll.rate=0",
                               "--set",
                               "poll.expire_after=0",
                               "--set",
                               "poll.not_found_expire_after=0",
                               NULL};
    unsigned seed = 12345;
    bool *acked = calloc(N, sizeof(*acked));
    assert_non_null(acked);
    size_t partial_rounds = 0;
    for (int round = 0; round < 6; round++) {
        pc_test_proc p;
        pc_test_spawn(poll_argv, &p);
        seed = seed * 1103515245u + 12345u;
        usleep((useconds_t)(50 + (seed >> 8) % 400) * 1000);
        pc_test_stop(&p, SIGKILL);
        free(p.log);
        /* Each answer commits atomically: a shipment has none or all of the carrier's events,
         * and what was there after an earlier kill is still there. */
        size_t have = check_acked(store, &f, acked);
        partial_rounds += have > 0 && have < N;
    }
    free(acked);
    print_message("crash test: %zu of 6 kills left a partially polled store\n", partial_rounds);
    rc = pc_test_run(poll_argv, NULL, &out, &errs);
    if (rc != 0)
        fail_msg("poll exited %d: %s", rc, errs ? errs : "");
    /* The summary: per-carrier counters, or nothing left when the killed runs finished it. */
    assert_true(strstr(out, "fedex: requests=") || strstr(out, "nothing was due"));
    free(out);
    free(errs);

    pc_store *st;
    char err[512];
    pc_store_opts so = {.path = store, .read_only = true};
    assert_int_equal(pc_store_open(&so, &st, err, sizeof(err)), 0);
    pc_txn *tx;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    for (size_t i = 0; i < N; i++) {
        pc_shipment s;
        assert_int_equal(pc_store_get_shipment(tx, "fedex", f.ships[i].tracking_number, &s, NULL),
                         0);
        if (s.n_events != f.ships[i].n_events || s.status != f.ships[i].status)
            fail_msg("%s: %zu events (%s), carrier has %zu (%s)", s.tracking_number, s.n_events,
                     pc_status_name(s.status), f.ships[i].n_events,
                     pc_status_name(f.ships[i].status));
        for (size_t k = 0; k < s.n_events; k++)
            assert_true(pc_event_same(&s.events[k], &f.ships[i].events[k]));
        pc_shipment_done(&s);
    }
    size_t due = 0;
    assert_int_equal(pc_store_scan_due(tx, (int64_t)time(NULL), count_cb, &due), 0);
    assert_int_equal(due, 0);
    pc_store_read_end(tx);
    pc_store_close(st);
    fake_stop(&f);
    pc_test_rmdir(dir);
    free(dir);
}

/* `serve` with poll.enabled runs the poller beside the API and stops it on SIGTERM. */
static void test_serve_polls(void **state)
{
    (void)state;
    fake f;
    fake_start(&f);
    f.real_time = true;
    fake_know(&f, 0, 3, (int64_t)time(NULL) - 600, false);
    char *dir = pc_test_tmpdir("pollserve");
    char store[4200], base[128];
    snprintf(store, sizeof(store), "%s/store", dir);
    snprintf(base, sizeof(base), "carrier.fedex.base_url=http://127.0.0.1:%d", f.port);
    char num[32];
    number_of(0, num, sizeof(num));
    const char *track_argv[] = {"parcelcast",       "track",     "--store", store, "--plugins",
                                PC_TEST_PLUGIN_DIR, "--carrier", "fedex",   num,   NULL};
    assert_int_equal(pc_test_run(track_argv, NULL, NULL, NULL), 0);
    const char *serve_argv[] = {"parcelcast", "serve",
                                "--port",     "0",
                                "--store",    store,
                                "--plugins",  PC_TEST_PLUGIN_DIR,
                                "--set",      base,
                                "--set",      "carrier.fedex.client_id=id",
                                "--set",      "carrier.fedex.client_secret=secret",
                                "--set",      "poll.enabled=1",
                                "--set",      "poll.interval=1",
                                NULL};
    pc_test_proc p;
    pc_test_spawn(serve_argv, &p);
    assert_int_equal(pc_test_wait_log(&p, "poller started", 60000), 0);
    size_t n_events = 0;
    for (int i = 0; i < 1200 && n_events == 0; i++) {
        pc_store *st;
        char err[512];
        pc_store_opts so = {.path = store, .read_only = true};
        pc_txn *tx;
        pc_shipment s;
        if (pc_store_open(&so, &st, err, sizeof(err)) == 0) {
            if (pc_store_read_begin(st, &tx) == 0) {
                if (pc_store_get_shipment(tx, "fedex", num, &s, NULL) == 0) {
                    n_events = s.n_events;
                    pc_shipment_done(&s);
                }
                pc_store_read_end(tx);
            }
            pc_store_close(st);
        }
        if (n_events == 0)
            usleep(50 * 1000);
    }
    assert_int_equal(n_events, 3);
    assert_int_equal(pc_test_stop(&p, SIGTERM), 0);
    free(p.log);
    fake_stop(&f);
    pc_test_rmdir(dir);
    free(dir);
}

/* track: bad input gets a clear error naming what and where. */
static void test_track_errors(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("polltrack");
    char store[4200], list[4200];
    snprintf(store, sizeof(store), "%s/store", dir);
    snprintf(list, sizeof(list), "%s/numbers.txt", dir);
    FILE *fp = fopen(list, "w");
    assert_non_null(fp);
    fputs("fedex 790000000001\n\n# comment\nfedex\n", fp);
    fclose(fp);
    char *err = NULL;
    const char *bad_file[] = {"parcelcast",       "track",  "--store", store, "--plugins",
                              PC_TEST_PLUGIN_DIR, "--file", list,      NULL};
    assert_int_equal(pc_test_run(bad_file, NULL, NULL, &err), 65);
    assert_non_null(strstr(err, "numbers.txt:4: expected \"carrier number\""));
    free(err);
    const char *bad_carrier[] = {"parcelcast",       "track",     "--store", store, "--plugins",
                                 PC_TEST_PLUGIN_DIR, "--carrier", "nosuch",  "1Z",  NULL};
    assert_int_equal(pc_test_run(bad_carrier, NULL, NULL, &err), 2);
    assert_non_null(strstr(err, "unknown carrier 'nosuch'"));
    free(err);
    const char *no_numbers[] = {"parcelcast", "track", "--carrier", "fedex", NULL};
    assert_int_equal(pc_test_run(no_numbers, NULL, NULL, &err), 2);
    free(err);
    const char *both[] = {"parcelcast", "poll", "--once", "--until-idle", NULL};
    assert_int_equal(pc_test_run(both, NULL, NULL, &err), 2);
    free(err);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule_table),
        cmocka_unit_test(test_expiry_rule),
        cmocka_unit_test(test_success_idempotent),
        cmocka_unit_test(test_batches),
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_backoff_5xx),
        cmocka_unit_test(test_give_up),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_oauth),
        cmocka_unit_test(test_concurrency_cap),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_thread),
        cmocka_unit_test(test_crash_restart),
        cmocka_unit_test(test_serve_polls),
        cmocka_unit_test(test_track_errors),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_long_retry_after),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
