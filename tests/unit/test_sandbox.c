/* The carrier sandbox: every rendering adapter fetched over loopback with its own request and
 * parsed with its own parser gives back the simulator's snapshot; OAuth, 429, 5xx, malformed
 * requests, admin endpoints, the accelerated clock (injected: no sleeps) and the CLI command. */
#include "testsupport.h"

#include <parcelcast/error.h>
#include <parcelcast/plugins.h>
#include <parcelcast/sandbox.h>
#include <parcelcast/sim.h>

#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- injected real-time clock --------------------------------------------------------------- */

static pthread_mutex_t clock_lock = PTHREAD_MUTEX_INITIALIZER;
static double fake_now = 1000.0;

static double fake_clock(void *ctx)
{
    (void)ctx;
    pthread_mutex_lock(&clock_lock);
    double t = fake_now;
    pthread_mutex_unlock(&clock_lock);
    return t;
}

static void advance(double seconds)
{
    pthread_mutex_lock(&clock_lock);
    fake_now += seconds;
    pthread_mutex_unlock(&clock_lock);
}

/* ---- fixture -------------------------------------------------------------------------------- */

typedef struct fixture {
    pc_registry *reg;
    pc_sandbox *sb;
    char origin[64]; /* http://127.0.0.1:PORT */
} fixture;

static void fixture_start(fixture *f, const pc_sandbox_opts *extra)
{
    char err[256] = "";
    memset(f, 0, sizeof(*f));
    assert_int_equal(pc_registry_new(&f->reg), 0);
    for (size_t i = 0; pc_test_adapters[i]; i++)
        assert_int_equal(pc_registry_add(f->reg, pc_test_adapters[i], "static", err, sizeof(err)),
                         0);
    pc_sandbox_opts o = extra ? *extra : (pc_sandbox_opts){0};
    o.address = "127.0.0.1";
    o.port = 0;
    o.threads = 2;
    o.registry = f->reg;
    o.seed = 7;
    if (!o.shipments)
        o.shipments = 400;
    if (!o.speed)
        o.speed = 3600;
    if (!o.start)
        o.start = PC_TIME_NONE;
    o.clock = fake_clock;
    int rc = pc_sandbox_start(&o, &f->sb, err, sizeof(err));
    if (rc != 0)
        fail_msg("pc_sandbox_start: %s (%s)", pc_strerror(rc), err);
    snprintf(f->origin, sizeof(f->origin), "http://127.0.0.1:%d", pc_sandbox_port(f->sb));
}

static void fixture_stop(fixture *f)
{
    pc_sandbox_stop(f->sb);
    pc_registry_free(f->reg);
}

/* cfg for adapter a against the sandbox: its production base URL's path on the sandbox. */
static void sandbox_cfg(const fixture *f, const pc_adapter *a, char *url, size_t size,
                        pc_adapter_config *cfg)
{
    const char *p = strstr(a->base_url, "://");
    assert_non_null(p);
    p += 3;
    snprintf(url, size, "%s%s", f->origin, p + strcspn(p, "/"));
    *cfg = (pc_adapter_config){.base_url = url,
                               .api_key = "key",
                               .client_id = "sandbox-id",
                               .client_secret = "sandbox-secret",
                               .account = "12345"};
}

typedef struct fetched {
    long status;
    char *body;
    size_t len;
    int retry_after;
} fetched;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    fetched *f = ud;
    char *b = realloc(f->body, f->len + sz * n + 1);
    if (!b)
        return 0;
    memcpy(b + f->len, p, sz * n);
    f->len += sz * n;
    b[f->len] = '\0';
    f->body = b;
    return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    fetched *f = ud;
    if (sz * n > 12 && strncasecmp(p, "Retry-After:", 12) == 0)
        f->retry_after = (int)strtol(p + 12, NULL, 10);
    return sz * n;
}

static void fetch(const pc_http_request *req, fetched *f)
{
    CURL *c = curl_easy_init();
    struct curl_slist *hl = NULL;
    memset(f, 0, sizeof(*f));
    assert_non_null(c);
    for (size_t i = 0; i < req->n_headers; i++)
        hl = curl_slist_append(hl, req->headers[i]);
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    if (req->body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    }
    CURLcode cc = curl_easy_perform(c);
    if (cc != CURLE_OK)
        fail_msg("%s %s: %s", req->method, req->url, curl_easy_strerror(cc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    if (!f->body)
        f->body = calloc(1, 1);
}

/* A token from the sandbox's token endpoint for a (OAuth adapters); NULL otherwise. */
static char *get_token(const pc_adapter *a, const pc_adapter_config *cfg)
{
    if (!a->oauth_token_path)
        return NULL;
    pc_http_request req;
    fetched f;
    char *tok = NULL;
    int64_t exp = 0;
    pc_diag diag = {0};
    assert_int_equal(pc_oauth_build_request(a, cfg, &req), 0);
    fetch(&req, &f);
    int rc = pc_oauth_parse_token(f.body, f.len, (int)f.status, &tok, &exp, &diag);
    if (rc != 0)
        fail_msg("%s token: HTTP %ld %s (%s)", a->name, f.status, f.body, diag.message);
    assert_true(exp > 0);
    pc_http_request_done(&req);
    free(f.body);
    return tok;
}

/* build_request for numbers, fetch, parse with the status, numbers and Retry-After. */
static void track(const pc_adapter *a, const pc_adapter_config *cfg, const char *const *numbers,
                  size_t n, fetched *f, pc_parse_result *out)
{
    pc_http_request req;
    pc_diag diag = {0};
    static const pc_parse_limits lim = PC_PARSE_LIMITS_DEFAULT;
    int rc = a->build_request(cfg, numbers, n, &req);
    if (rc != 0)
        fail_msg("%s build_request: %s", a->name, pc_strerror(rc));
    fetch(&req, f);
    pc_http_request_done(&req);
    pc_parse_input in = {.data = f->body,
                         .len = f->len,
                         .format = PC_FORMAT_AUTO,
                         .limits = &lim,
                         .requested = numbers,
                         .n_requested = n,
                         .http_status = (int)f->status,
                         .retry_after = f->retry_after};
    memset(out, 0, sizeof(*out));
    rc = pc_adapter_parse(a, &in, 0, out, &diag);
    if (rc != 0)
        fail_msg("%s parse of HTTP %ld body: %s: %s\n%.400s", a->name, f->status, pc_strerror(rc),
                 diag.message, f->body);
}

/* Up to max shipments of carrier `name` in the sandbox (indexes). */
static size_t shipments_of(const fixture *f, const char *name, size_t *idx, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < pc_sandbox_count(f->sb) && k < max; i++) {
        pc_sim_truth t;
        assert_int_equal(pc_sandbox_truth(f->sb, i, &t), 0);
        if (strcmp(t.carrier, name) == 0)
            idx[k++] = i;
    }
    return k;
}

static void expect_error(const char *what, const pc_adapter *a, const pc_parse_result *r,
                         pc_track_error_kind kind)
{
    if (r->n_shipments != 0 || r->n_errors != 1 || r->errors[0].kind != kind)
        fail_msg("%s %s: expected one %s error, got %zu shipments and %zu errors (first %s)",
                 a->name, what, pc_track_error_name(kind), r->n_shipments, r->n_errors,
                 r->n_errors ? pc_track_error_name(r->errors[0].kind) : "-");
}

/* ---- tests ---------------------------------------------------------------------------------- */

/* Per adapter: three shipments at mid-life through the sandbox equal the local round trip of
 * their snapshot, and carry the snapshot's events (count and times); before the label and an
 * unknown number are not_found. */
static void test_every_adapter_round_trip(void **state)
{
    (void)state;
    fixture f;
    fixture_start(&f, NULL);
    size_t checked = 0;
    for (size_t ai = 0; pc_test_adapters[ai]; ai++) {
        const pc_adapter *a = pc_test_adapters[ai];
        if (!(a->caps & PC_CAP_RENDER))
            continue;
        char url[256];
        pc_adapter_config cfg;
        sandbox_cfg(&f, a, url, sizeof(url), &cfg);
        char *tok = get_token(a, &cfg);
        cfg.access_token = tok;
        size_t idx[3];
        size_t n = shipments_of(&f, a->name, idx, 3);
        if (n == 0)
            fail_msg("%s: no shipment of this carrier among %zu", a->name, pc_sandbox_count(f.sb));
        for (size_t k = 0; k < n; k++) {
            pc_sim_truth truth;
            pc_shipment full, snap;
            assert_int_equal(pc_sim_shipment(pc_sandbox_sim(f.sb), 7, idx[k], &truth, &full), 0);
            int64_t t = pc_sim_moment(&truth, (unsigned)k + 1, 4);
            assert_int_equal(pc_sim_snapshot(&truth, &full, t, &snap), 0);
            pc_sandbox_set_time(f.sb, t);
            assert_true(pc_sandbox_time(f.sb) == t);

            const char *num[1] = {truth.tracking_number};
            fetched fr;
            pc_parse_result got, want;
            int http = 0;
            track(a, &cfg, num, 1, &fr, &got);
            pc_test_render_parse(a, &snap, 1, NULL, 0, num, 1, &http, &want);
            assert_int_equal(fr.status, http);
            if (got.n_shipments != 1)
                fail_msg("%s %s: %zu shipments, %zu errors (HTTP %ld)\n%.300s", a->name, num[0],
                         got.n_shipments, got.n_errors, fr.status, fr.body);
            const pc_shipment *g = &got.shipments[0], *w = &want.shipments[0];
            pc_test_str_eq("tracking_number", g->tracking_number, w->tracking_number);
            assert_int_equal(g->status, w->status);
            assert_int_equal(g->n_events, w->n_events);
            assert_int_equal(g->n_events, snap.n_events);
            for (size_t e = 0; e < g->n_events; e++) {
                assert_true(g->events[e].time == snap.events[e].time);
                assert_int_equal(g->events[e].status, w->events[e].status);
                assert_int_equal(g->events[e].utc_offset, w->events[e].utc_offset);
                pc_test_str_eq("code", g->events[e].code, w->events[e].code);
                pc_test_str_eq("description", g->events[e].description, w->events[e].description);
                pc_test_str_eq("city", g->events[e].location.city, w->events[e].location.city);
            }
            pc_parse_result_done(&got);
            pc_parse_result_done(&want);
            free(fr.body);

            /* before the label: the carrier does not know the number yet */
            pc_sandbox_set_time(f.sb, truth.label_at - 3600);
            track(a, &cfg, num, 1, &fr, &got);
            expect_error("before label", a, &got, PC_TE_NOT_FOUND);
            pc_parse_result_done(&got);
            free(fr.body);
            pc_shipment_done(&snap);
            pc_shipment_done(&full);
            checked++;
        }
        /* a number the sandbox does not hold (another carrier's number is unknown here) */
        size_t other[1];
        const char *foreign = strcmp(a->name, "ups") == 0 ? "fedex" : "ups";
        if (shipments_of(&f, foreign, other, 1) == 1) {
            pc_sim_truth t;
            assert_int_equal(pc_sandbox_truth(f.sb, other[0], &t), 0);
            const char *num[1] = {t.tracking_number};
            fetched fr;
            pc_parse_result got;
            track(a, &cfg, num, 1, &fr, &got);
            expect_error("unknown number", a, &got, PC_TE_NOT_FOUND);
            pc_parse_result_done(&got);
            free(fr.body);
        }
        free(tok);
    }
    assert_true(checked >= 20);
    pc_sandbox_stats st;
    pc_sandbox_get_stats(f.sb, &st);
    assert_true(st.requests >= checked * 2);
    assert_true(st.not_found >= checked);
    assert_true(st.tokens_issued >= 3);
    fixture_stop(&f);
}

/* A batch request of two known numbers and one unknown: two shipments, one not_found. */
static void test_batch(void **state)
{
    (void)state;
    fixture f;
    fixture_start(&f, NULL);
    size_t batch_adapters = 0;
    for (size_t ai = 0; pc_test_adapters[ai]; ai++) {
        const pc_adapter *a = pc_test_adapters[ai];
        if (!(a->caps & PC_CAP_RENDER) || a->max_batch < 3)
            continue;
        char url[256];
        pc_adapter_config cfg;
        sandbox_cfg(&f, a, url, sizeof(url), &cfg);
        char *tok = get_token(a, &cfg);
        cfg.access_token = tok;
        size_t idx[2], other[1];
        assert_int_equal(shipments_of(&f, a->name, idx, 2), 2);
        assert_int_equal(shipments_of(&f, strcmp(a->name, "ups") ? "ups" : "usps", other, 1), 1);
        pc_sim_truth t0, t1, t2;
        assert_int_equal(pc_sandbox_truth(f.sb, idx[0], &t0), 0);
        assert_int_equal(pc_sandbox_truth(f.sb, idx[1], &t1), 0);
        assert_int_equal(pc_sandbox_truth(f.sb, other[0], &t2), 0);
        pc_sandbox_set_time(f.sb, t0.end_at > t1.end_at ? t0.end_at : t1.end_at);
        const char *num[3] = {t0.tracking_number, t2.tracking_number, t1.tracking_number};
        fetched fr;
        pc_parse_result got;
        track(a, &cfg, num, 3, &fr, &got);
        if (got.n_shipments != 2 || got.n_errors != 1 || got.errors[0].kind != PC_TE_NOT_FOUND)
            fail_msg("%s batch: %zu shipments %zu errors\n%.400s", a->name, got.n_shipments,
                     got.n_errors, fr.body);
        for (size_t s = 0; s < 2; s++) {
            const char *tn = got.shipments[s].tracking_number;
            assert_true(strcmp(tn, num[0]) == 0 || strcmp(tn, num[2]) == 0);
            assert_true(got.shipments[s].n_events > 0);
        }
        pc_parse_result_done(&got);
        free(fr.body);
        free(tok);
        batch_adapters++;
    }
    assert_true(batch_adapters >= 3);
    fixture_stop(&f);
}

/* OAuth adapters: no token, an unknown token and an expired one get the auth error; bad client
 * credentials are refused at the token endpoint. */
static void test_oauth(void **state)
{
    (void)state;
    fixture f;
    pc_sandbox_opts o = {.token_lifetime = 100, .client_id = "sandbox-id"};
    fixture_start(&f, &o);
    size_t oauth = 0;
    for (size_t ai = 0; pc_test_adapters[ai]; ai++) {
        const pc_adapter *a = pc_test_adapters[ai];
        if (!(a->caps & PC_CAP_RENDER) || !a->oauth_token_path)
            continue;
        char url[256];
        pc_adapter_config cfg;
        sandbox_cfg(&f, a, url, sizeof(url), &cfg);
        size_t idx[1];
        assert_int_equal(shipments_of(&f, a->name, idx, 1), 1);
        pc_sim_truth t;
        assert_int_equal(pc_sandbox_truth(f.sb, idx[0], &t), 0);
        const char *num[1] = {t.tracking_number};
        fetched fr;
        pc_parse_result got;

        cfg.access_token = "not-a-sandbox-token";
        pc_sandbox_set_time(f.sb, t.end_at);
        track(a, &cfg, num, 1, &fr, &got);
        expect_error("unknown token", a, &got, PC_TE_AUTH);
        assert_true(fr.status == 401 || fr.status == 403);
        pc_parse_result_done(&got);
        free(fr.body);

        char *tok = get_token(a, &cfg);
        cfg.access_token = tok;
        track(a, &cfg, num, 1, &fr, &got);
        assert_int_equal(got.n_shipments, 1);
        pc_parse_result_done(&got);
        free(fr.body);

        advance(101); /* real seconds: the token's lifetime has passed */
        pc_sandbox_set_time(f.sb, t.end_at);
        track(a, &cfg, num, 1, &fr, &got);
        expect_error("expired token", a, &got, PC_TE_AUTH);
        pc_parse_result_done(&got);
        free(fr.body);
        free(tok);

        /* a live token of another carrier is not valid here */
        const pc_adapter *other = pc_test_adapter(strcmp(a->name, "ups") == 0 ? "fedex" : "ups");
        char other_url[256];
        pc_adapter_config ocfg;
        assert_non_null(other);
        sandbox_cfg(&f, other, other_url, sizeof(other_url), &ocfg);
        char *otok = get_token(other, &ocfg);
        cfg.access_token = otok;
        track(a, &cfg, num, 1, &fr, &got);
        expect_error("another carrier's token", a, &got, PC_TE_AUTH);
        pc_parse_result_done(&got);
        free(fr.body);
        free(otok);

        /* wrong client id at the token endpoint */
        pc_adapter_config bad = cfg;
        bad.client_id = "intruder";
        pc_http_request req;
        assert_int_equal(pc_oauth_build_request(a, &bad, &req), 0);
        fetch(&req, &fr);
        char *none = NULL;
        int64_t exp = 0;
        pc_diag diag = {0};
        assert_int_equal(pc_oauth_parse_token(fr.body, fr.len, (int)fr.status, &none, &exp, &diag),
                         PC_EAUTH);
        assert_int_equal(fr.status, 401);
        pc_http_request_done(&req);
        free(fr.body);
        oauth++;
    }
    assert_true(oauth >= 3);
    pc_sandbox_stats st;
    pc_sandbox_get_stats(f.sb, &st);
    assert_true(st.auth_errors >= oauth * 4);
    fixture_stop(&f);
}

/* 1 request per second with a bucket of 2: the third request at the same instant is the
 * carrier's rate-limit answer with Retry-After, parsed as rate_limited; a second later the
 * carrier answers again. */
static void test_rate_limit(void **state)
{
    (void)state;
    fixture f;
    pc_sandbox_opts o = {.rate_limit = 1, .rate_burst = 2};
    fixture_start(&f, &o);
    size_t limited = 0;
    for (size_t ai = 0; pc_test_adapters[ai]; ai++) {
        const pc_adapter *a = pc_test_adapters[ai];
        if (!(a->caps & PC_CAP_RENDER))
            continue;
        char url[256];
        pc_adapter_config cfg;
        sandbox_cfg(&f, a, url, sizeof(url), &cfg);
        char *tok = get_token(a, &cfg);
        cfg.access_token = tok;
        size_t idx[1];
        assert_int_equal(shipments_of(&f, a->name, idx, 1), 1);
        pc_sim_truth t;
        assert_int_equal(pc_sandbox_truth(f.sb, idx[0], &t), 0);
        pc_sandbox_set_time(f.sb, t.end_at);
        const char *num[1] = {t.tracking_number};
        fetched fr;
        pc_parse_result got;
        for (int i = 0; i < 2; i++) {
            track(a, &cfg, num, 1, &fr, &got);
            assert_int_equal(got.n_shipments, 1);
            pc_parse_result_done(&got);
            free(fr.body);
        }
        track(a, &cfg, num, 1, &fr, &got);
        /* The status is the carrier's own (429; Canada Post's 503 "Rejected by SLM Monitor";
         * DPD's SOAP fault 500); the sandbox adds Retry-After either way. */
        pc_track_error rl = {.kind = PC_TE_RATE_LIMITED, .retry_after = 1};
        char *rb = NULL;
        size_t rl_len = 0;
        int rl_http = 0;
        assert_int_equal(a->render(NULL, 0, &rl, 1, PC_FORMAT_AUTO, &rb, &rl_len, &rl_http), 0);
        if (fr.status != rl_http || rl_http < 400 || fr.retry_after != 1)
            fail_msg("%s: third request HTTP %ld Retry-After %d\n%.300s", a->name, fr.status,
                     fr.retry_after, fr.body);
        /* DPD's SOAP fault carries no rate-limit kind: it parses as carrier_error (as in
         * test_render_dpd); every other carrier's as rate_limited. */
        int dpd = strcmp(a->name, "dpd") == 0;
        expect_error("rate limit", a, &got, dpd ? PC_TE_CARRIER_ERROR : PC_TE_RATE_LIMITED);
        /* retry_after as the adapter's parser reads it from the same body and header locally
         * (some parsers ignore in->retry_after: listed in the test output). */
        static const pc_parse_limits lim = PC_PARSE_LIMITS_DEFAULT;
        pc_parse_input in = {.data = rb,
                             .len = rl_len,
                             .limits = &lim,
                             .requested = num,
                             .n_requested = 1,
                             .http_status = rl_http,
                             .retry_after = 1};
        pc_parse_result local = {0};
        pc_diag diag = {0};
        assert_int_equal(pc_adapter_parse(a, &in, 0, &local, &diag), 0);
        assert_int_equal(local.n_errors, 1);
        assert_int_equal(got.errors[0].retry_after, local.errors[0].retry_after);
        if (!dpd && got.errors[0].retry_after < 1)
            print_message("note: %s's parser ignores the Retry-After header\n", a->name);
        pc_parse_result_done(&local);
        free(rb);
        pc_parse_result_done(&got);
        free(fr.body);
        advance(1.0);
        track(a, &cfg, num, 1, &fr, &got);
        assert_int_equal(got.n_shipments, 1);
        pc_parse_result_done(&got);
        free(fr.body);
        free(tok);
        limited++;
    }
    pc_sandbox_stats st;
    pc_sandbox_get_stats(f.sb, &st);
    assert_int_equal(st.rate_limited, limited);
    assert_true(limited >= 10);
    fixture_stop(&f);
}

/* Error rate 1.0: every tracking request is a 5xx; token endpoints still answer. */
static void test_server_errors(void **state)
{
    (void)state;
    fixture f;
    pc_sandbox_opts o = {.error_rate = 1.0};
    fixture_start(&f, &o);
    size_t n = 0;
    for (size_t ai = 0; pc_test_adapters[ai]; ai++) {
        const pc_adapter *a = pc_test_adapters[ai];
        if (!(a->caps & PC_CAP_RENDER))
            continue;
        char url[256];
        pc_adapter_config cfg;
        sandbox_cfg(&f, a, url, sizeof(url), &cfg);
        char *tok = get_token(a, &cfg);
        cfg.access_token = tok;
        size_t idx[1];
        assert_int_equal(shipments_of(&f, a->name, idx, 1), 1);
        pc_sim_truth t;
        assert_int_equal(pc_sandbox_truth(f.sb, idx[0], &t), 0);
        const char *num[1] = {t.tracking_number};
        pc_http_request req;
        fetched fr;
        assert_int_equal(a->build_request(&cfg, num, 1, &req), 0);
        fetch(&req, &fr);
        if (fr.status < 500 || fr.status > 599)
            fail_msg("%s: HTTP %ld with error rate 1", a->name, fr.status);
        pc_http_request_done(&req);
        free(fr.body);
        free(tok);
        n++;
    }
    pc_sandbox_stats st;
    pc_sandbox_get_stats(f.sb, &st);
    assert_int_equal(st.server_errors, n);
    fixture_stop(&f);
}

/* Requests an adapter recognizes but cannot read are 4xx; paths nobody serves are 404. */
static void test_malformed(void **state)
{
    (void)state;
    fixture f;
    fixture_start(&f, NULL);
    char url[256], *body = NULL;
    static const struct {
        const char *method, *path, *body;
    } bad[] = {
        {"GET", "/ShippingAPI.dll?API=TrackV2", NULL},                   /* usps: no XML */
        {"GET", "/ShippingAPI.dll?API=TrackV2&XML=%3CNope%2F%3E", NULL}, /* usps: wrong root */
        {"GET", "/track/shipments", NULL},                               /* dhl: no query */
        {"POST", "/track/v1/trackingnumbers", "{}"},                     /* fedex: no numbers */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(url, sizeof(url), "%s%s", f.origin, bad[i].path);
        const char *h[] = {"Content-Type: application/json", NULL};
        long st = pc_test_http(bad[i].method, url, bad[i].body,
                               bad[i].body ? strlen(bad[i].body) : 0, h, &body);
        if (st < 400 || st > 499)
            fail_msg("%s %s: HTTP %ld, expected 4xx: %s", bad[i].method, bad[i].path, st, body);
        assert_non_null(body);
        assert_true(strlen(body) > 0);
        free(body);
    }
    snprintf(url, sizeof(url), "%s/no/such/api", f.origin);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 404);
    assert_non_null(strstr(body, "no simulated carrier endpoint"));
    free(body);
    pc_sandbox_stats st;
    pc_sandbox_get_stats(f.sb, &st);
    assert_int_equal(st.bad_requests, sizeof(bad) / sizeof(bad[0]));
    fixture_stop(&f);
}

/* USPS Web Tools TrackV2 (XML in the query) is answered in TrackV2 XML without a token. */
static void test_usps_trackv2(void **state)
{
    (void)state;
    fixture f;
    fixture_start(&f, NULL);
    const pc_adapter *a = pc_test_adapter("usps");
    assert_non_null(a);
    size_t idx[1];
    assert_int_equal(shipments_of(&f, "usps", idx, 1), 1);
    pc_sim_truth t;
    pc_shipment full, snap;
    assert_int_equal(pc_sim_shipment(pc_sandbox_sim(f.sb), 7, idx[0], &t, &full), 0);
    assert_int_equal(pc_sim_snapshot(&t, &full, t.end_at, &snap), 0);
    pc_sandbox_set_time(f.sb, t.end_at);
    char xml[256], url[512], *body = NULL;
    snprintf(xml, sizeof(xml),
             "<TrackFieldRequest USERID=\"X\"><TrackID ID=\"%s\"/></TrackFieldRequest>",
             t.tracking_number);
    char *enc = curl_easy_escape(NULL, xml, 0);
    snprintf(url, sizeof(url), "%s/ShippingAPI.dll?API=TrackV2&XML=%s", f.origin, enc);
    curl_free(enc);
    long st = pc_test_http("GET", url, NULL, 0, NULL, &body);
    assert_int_equal(st, 200);
    assert_non_null(strstr(body, "<TrackResponse"));
    static const pc_parse_limits lim = PC_PARSE_LIMITS_DEFAULT;
    pc_parse_input in = {.data = body, .len = strlen(body), .limits = &lim, .http_status = 200};
    pc_parse_result r = {0};
    pc_diag diag = {0};
    assert_int_equal(pc_adapter_parse(a, &in, 0, &r, &diag), 0);
    assert_int_equal(r.n_shipments, 1);
    assert_int_equal(r.shipments[0].n_events, snap.n_events);
    assert_int_equal(r.shipments[0].status, snap.status);
    pc_parse_result_done(&r);
    pc_shipment_done(&snap);
    pc_shipment_done(&full);
    free(body);
    fixture_stop(&f);
}

/* Admin endpoints and the accelerated clock (an injected real clock, speed 3600). */
static void test_admin_and_clock(void **state)
{
    (void)state;
    fixture f;
    pc_sandbox_opts o = {.shipments = 120, .speed = 3600};
    fixture_start(&f, &o);
    char url[512], *body = NULL;
    json_error_t je;

    int64_t t0 = pc_sandbox_time(f.sb);
    pc_sim_config def;
    pc_sim_config_default(&def);
    assert_true(t0 == def.start); /* default: the model's start */
    advance(10.0);
    assert_true(pc_sandbox_time(f.sb) == t0 + 36000);
    snprintf(url, sizeof(url), "%s/_sandbox/clock", f.origin);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    json_t *j = json_loads(body, 0, &je);
    assert_non_null(j);
    assert_true(json_integer_value(json_object_get(j, "unix")) == t0 + 36000);
    assert_true(json_real_value(json_object_get(j, "speed")) == 3600.0);
    json_decref(j);
    free(body);
    pc_sandbox_set_time(f.sb, t0 + 7);
    advance(0.5);
    assert_true(pc_sandbox_time(f.sb) == t0 + 7 + 1800);

    /* shipments: NDJSON of all, JSON per carrier */
    snprintf(url, sizeof(url), "%s/_sandbox/shipments", f.origin);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    size_t lines = 0;
    for (const char *p = body; (p = strchr(p, '\n')); p++)
        lines++;
    assert_int_equal(lines, 120);
    free(body);
    size_t ups = 0;
    pc_sim_truth first = {0};
    for (size_t i = 0; i < 120; i++) {
        pc_sim_truth t;
        assert_int_equal(pc_sandbox_truth(f.sb, i, &t), 0);
        if (strcmp(t.carrier, "ups") == 0 && ups++ == 0)
            first = t;
    }
    assert_true(ups > 0);
    snprintf(url, sizeof(url), "%s/_sandbox/shipments?carrier=ups&format=json", f.origin);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    j = json_loads(body, 0, &je);
    assert_non_null(j);
    assert_int_equal(json_array_size(j), ups);
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "tracking_number")),
                        first.tracking_number);
    json_decref(j);
    free(body);
    snprintf(url, sizeof(url), "%s/_sandbox/shipments?format=xml", f.origin);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 400);
    free(body);

    /* truth: the simulator's own line */
    char line[PC_SIM_TRUTH_MAX];
    size_t len = 0;
    assert_int_equal(pc_sim_truth_format(&first, line, sizeof(line), &len), 0);
    snprintf(url, sizeof(url), "%s/_sandbox/truth/ups/%s", f.origin, first.tracking_number);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    assert_string_equal(body, line);
    free(body);
    snprintf(url, sizeof(url), "%s/_sandbox/truth/fedex/%s", f.origin, first.tracking_number);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 404);
    free(body);

    /* stats */
    snprintf(url, sizeof(url), "%s/_sandbox/stats", f.origin);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    j = json_loads(body, 0, &je);
    assert_non_null(j);
    assert_true(json_is_integer(json_object_get(j, "requests")));
    assert_true(json_is_integer(json_object_get(j, "tokens_issued")));
    assert_true(json_is_object(json_object_get(json_object_get(j, "carriers"), "ups")));
    json_decref(j);
    free(body);
    snprintf(url, sizeof(url), "%s/_sandbox/nope", f.origin);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 404);
    free(body);
    fixture_stop(&f);
}

static void test_bad_options(void **state)
{
    (void)state;
    pc_registry *reg;
    pc_sandbox *sb = NULL;
    char err[256];
    assert_int_equal(pc_registry_new(&reg), 0);
    pc_sandbox_opts o = {.registry = reg, .speed = -1, .start = PC_TIME_NONE};
    assert_int_equal(pc_sandbox_start(&o, &sb, err, sizeof(err)), PC_EINVAL);
    assert_non_null(strstr(err, "speed"));
    o.speed = 1;
    o.error_rate = 2;
    assert_int_equal(pc_sandbox_start(&o, &sb, err, sizeof(err)), PC_EINVAL);
    assert_non_null(strstr(err, "error rate"));
    o.error_rate = 0;
    o.address = "not-an-address";
    assert_int_equal(pc_sandbox_start(&o, &sb, err, sizeof(err)), PC_EINVAL);
    assert_non_null(strstr(err, "not-an-address"));
    assert_null(sb);
    pc_registry_free(reg);
}

/* parcelcast sandbox --port 0: prints its URL on stdout, serves, stops on SIGTERM with 0. */
static void test_cli(void **state)
{
    (void)state;
    int out[2];
    assert_int_equal(pipe(out), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl(PC_TEST_BINARY, "parcelcast", "sandbox", "--port", "0", "--plugins",
              PC_TEST_PLUGIN_DIR, "-n", "50", "--seed", "3", "--speed", "0", "--time", "2030-01-01",
              NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[256] = "";
    assert_non_null(fgets(line, sizeof(line), f));
    line[strcspn(line, "\n")] = '\0';
    assert_true(strncmp(line, "http://127.0.0.1:", 17) == 0);
    char url[512], *body = NULL;
    snprintf(url, sizeof(url), "%s/_sandbox/clock", line);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    assert_non_null(strstr(body, "\"time\":\"2030-01-01T00:00:00Z\""));
    free(body);
    snprintf(url, sizeof(url), "%s/_sandbox/shipments", line);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    assert_non_null(strstr(body, "\"tracking_number\""));
    free(body);
    kill(pid, SIGTERM);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    fclose(f);

    const char *bad[] = {"pc", "sandbox", "--error-rate", "1.5", NULL};
    char *o = NULL, *e = NULL;
    assert_int_equal(pc_test_run(bad, NULL, &o, &e), 2);
    assert_non_null(strstr(e, "--error-rate"));
    free(o);
    free(e);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_adapter_round_trip),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_oauth),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_server_errors),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_usps_trackv2),
        cmocka_unit_test(test_admin_and_clock),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_cli),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
