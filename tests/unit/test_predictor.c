/* The live predictor of `serve`: trains when the store has no model, recomputes active
 * shipments on a tick, keeps at-risk records (raised when, why; cleared on delivery), runs in
 * its own thread and reacts to a nudge. Simulated shipments, a test clock. */
#include "testsupport.h"

#include <parcelcast/error.h>
#include <parcelcast/predictor.h>
#include <parcelcast/server.h>
#include <parcelcast/sim.h>

#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define N_DONE 3000       /* delivered history */
#define N_LIVE 400        /* shipments cut at the test clock */
#define NOW    1731024000 /* 2024-11-08: inside the simulated season */

static size_t raises; /* on_raise calls */

static int count_raise(void *ctx, pc_txn *tx, const pc_shipment *s, const pc_eta *eta, int64_t now)
{
    (void)ctx;
    (void)tx;
    assert_true(eta->at_risk);
    assert_true(eta->n_reasons >= 1);
    assert_non_null(s->tracking_number);
    assert_true(now > 0);
    raises++;
    return 0;
}

static int64_t test_clock(void *ctx)
{
    return *(int64_t *)ctx;
}

struct fill {
    const pc_sim *sim;
    uint64_t first, n;
    int64_t cut; /* PC_TIME_NONE: whole histories */
    size_t stored;
};

static int fill_cb(pc_txn *tx, void *ctx)
{
    struct fill *f = ctx;
    f->stored = 0;
    for (uint64_t i = 0; i < f->n; i++) {
        pc_sim_truth tr;
        pc_shipment full, snap;
        int rc = pc_sim_shipment(f->sim, 5, f->first + i, &tr, &full);
        if (rc < 0) {
            pc_shipment_done(&full);
            return rc;
        }
        const pc_shipment *put = &full;
        bool have_snap = false;
        if (f->cut != PC_TIME_NONE) {
            if (tr.label_at >= f->cut || tr.end_at <= f->cut) {
                pc_shipment_done(&full);
                continue; /* not in flight at the cut */
            }
            assert_int_equal(pc_sim_snapshot(&tr, &full, f->cut, &snap), 0);
            have_snap = true;
            put = &snap;
        }
        pc_shipment *w = (pc_shipment *)put;
        w->promised_by = tr.promised_by;
        w->tenant_id = 1;
        rc = pc_store_put_shipment(tx, w, f->cut != PC_TIME_NONE ? f->cut : tr.end_at, NULL);
        if (have_snap)
            pc_shipment_done(&snap);
        pc_shipment_done(&full);
        if (rc < 0)
            return rc;
        f->stored++;
    }
    return 0;
}

static int add_tenant(pc_txn *tx, void *ctx)
{
    (void)ctx;
    uint32_t t;
    unsigned char h[32];
    int rc = pc_store_add_tenant(tx, "acme", &t);
    if (rc == 0)
        rc = pc__api_key_hash("k-test", 6, h);
    return rc < 0 ? rc : pc_store_add_api_key(tx, t, h);
}

/* The API shows the live predictor's ETA on every shipment and lists exactly the flagged ones
 * for ?at_risk=true. */
static void check_api(pc_store *st, pc_predictor *p, size_t flagged)
{
    pc_server_opts so = {.address = "127.0.0.1",
                         .threads = 2,
                         .max_body = 1 << 20,
                         .timeout = 10,
                         .store = st,
                         .predictor = p};
    pc_server *srv;
    char err[256], url[256];
    assert_int_equal(pc_server_start(&so, &srv, err, sizeof(err)), 0);
    const char *hdr[] = {"Authorization: Bearer k-test", NULL};
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/v1/shipments?at_risk=true&limit=500",
             pc_server_port(srv));
    char *body = NULL;
    assert_int_equal(pc_test_http("GET", url, NULL, 0, hdr, &body), 200);
    json_error_t je;
    json_t *r = json_loads(body, 0, &je);
    assert_non_null(r);
    const json_t *list = json_object_get(r, "shipments");
    assert_int_equal(json_array_size(list), flagged < 500 ? flagged : 500);
    size_t i;
    const json_t *s;
    json_array_foreach(list, i, s)
    {
        const json_t *eta = json_object_get(s, "eta");
        assert_true(json_is_object(eta));
        assert_non_null(
            json_string_value(json_object_get(json_object_get(eta, "window_80"), "start")));
        assert_true(json_array_size(json_object_get(eta, "reasons")) >= 1);
    }
    json_decref(r);
    free(body);
    /* /metrics (no key): the request above, the store, the predictor */
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/metrics", pc_server_port(srv));
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    assert_non_null(strstr(body, "parcelcast_http_requests_total{method=\"GET\",route=\"/v1/"
                                 "shipments\",code=\"2xx\"} 1\n"));
    assert_non_null(strstr(body, "parcelcast_http_request_duration_seconds_count{method=\"GET\","
                                 "route=\"/v1/shipments\"} 1\n"));
    assert_non_null(strstr(body, "parcelcast_outbox_depth 0\n"));
    char line[64];
    snprintf(line, sizeof(line), "parcelcast_predictor_at_risk %zu\n", flagged);
    assert_non_null(strstr(body, line));
    assert_non_null(strstr(body, "parcelcast_model_age_seconds "));
    assert_null(strstr(body, "parcelcast_model_age_seconds -1"));
    free(body);
    pc_server_stop(srv);
}

static size_t count_risk(pc_store *st, bool *any_cleared)
{
    pc_txn *tx;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    size_t n = 0;
    for (uint64_t id = 1; id < 20000; id++) {
        json_t *r;
        if (pc_predictor_risk_get(tx, id, &r) < 0)
            continue;
        if (json_is_true(json_object_get(r, "at_risk"))) {
            n++;
            assert_non_null(json_string_value(json_object_get(r, "since")));
            assert_true(json_array_size(json_object_get(r, "reasons")) >= 1);
            assert_true(json_array_size(json_object_get(r, "risk")) >= 1);
        } else if (any_cleared) {
            *any_cleared |= json_string_value(json_object_get(r, "cleared")) != NULL;
        }
        json_decref(r);
    }
    pc_store_read_end(tx);
    return n;
}

static void test_live_predictor(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("predictor");
    pc_store_opts so = {.path = dir};
    pc_store *st;
    char err[512];
    assert_int_equal(pc_store_open(&so, &st, err, sizeof(err)), 0);
    pc_sim_config cfg;
    pc_sim_config_default(&cfg);
    pc_sim *sim;
    assert_int_equal(pc_sim_new(&cfg, &sim, err, sizeof(err)), 0);

    assert_int_equal(pc_store_write(st, add_tenant, NULL), 0);
    /* a store with history but no model: the predictor trains one and saves it */
    struct fill done = {sim, 0, N_DONE, PC_TIME_NONE, 0};
    assert_int_equal(pc_store_write(st, fill_cb, &done), 0);
    struct fill live = {sim, N_DONE, 20 * N_LIVE, NOW, 0};
    assert_int_equal(pc_store_write(st, fill_cb, &live), 0);
    assert_true(live.stored > 100);

    int64_t now = NOW;
    pc_predictor_opts po = {.store = st,
                            .tick = 3600,
                            .retrain_hours = 24,
                            .clock = test_clock,
                            .clock_ctx = &now,
                            .on_raise = count_raise};
    pc_predictor *p;
    assert_int_equal(pc_predictor_new(&po, &p, err, sizeof(err)), 0);
    pc_predictor_stats ps;
    pc_predictor_get_stats(p, &ps);
    assert_true(ps.model_trained != PC_TIME_NONE);
    pc_txn *tx;
    pc_model *stored = NULL;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_model_store_get(tx, &stored), 0);
    pc_store_read_end(tx);
    pc_model_free(stored);

    /* one pass: every shipment in flight predicted, some flagged, each flag with its reasons */
    assert_int_equal(pc_predictor_tick(p), 0);
    pc_predictor_get_stats(p, &ps);
    /* the cut shipments, and the few of the history that never ended (lost in the network) */
    assert_true(ps.active >= live.stored && ps.active < live.stored + N_DONE / 20);
    assert_int_equal(ps.last_tick, NOW);
    assert_int_equal(ps.raised, ps.at_risk);
    size_t flagged = count_risk(st, NULL);
    assert_int_equal(flagged, ps.at_risk);
    assert_int_equal(raises, ps.raised); /* each new flag was handed to on_raise, once */
    check_api(st, p, flagged);

    /* five days on, nothing new scanned: more are stalled or late; a flag keeps its `since` */
    now = NOW + 5 * 86400;
    assert_int_equal(pc_predictor_tick(p), 0);
    pc_predictor_get_stats(p, &ps);
    assert_true(ps.at_risk > flagged);
    assert_int_equal(count_risk(st, NULL), ps.at_risk);

    /* the whole histories arrive: the cut shipments end and their flags are cleared */
    size_t flagged_late = ps.at_risk;
    struct fill rest = {sim, N_DONE, 20 * N_LIVE, PC_TIME_NONE, 0};
    assert_int_equal(pc_store_write(st, fill_cb, &rest), 0);
    now = NOW + 60 * 86400;
    assert_int_equal(pc_predictor_tick(p), 0);
    pc_predictor_get_stats(p, &ps);
    assert_true(ps.active < N_DONE / 20);
    assert_true(ps.cleared > 0 && ps.at_risk < flagged_late);
    bool cleared = false;
    assert_int_equal(count_risk(st, &cleared), ps.at_risk);
    assert_true(cleared);

    /* the thread: a pass at start, another after a nudge */
    assert_int_equal(pc_predictor_start(p), 0);
    size_t before = 0;
    for (int i = 0; i < 12000 && before < 4; i++) {
        pc_predictor_get_stats(p, &ps);
        before = ps.passes;
        usleep(10000);
    }
    assert_int_equal(before, 4);
    pc_predictor_nudge(p);
    for (int i = 0; i < 12000 && ps.passes == before; i++) {
        usleep(10000);
        pc_predictor_get_stats(p, &ps);
    }
    assert_int_equal(ps.passes, before + 1);
    pc_predictor_free(p);
    pc_sim_free(sim);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_predictor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
