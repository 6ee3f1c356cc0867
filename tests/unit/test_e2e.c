/*
 * e2e: the sandbox (every carrier of the simulator, real endpoints, OAuth, loopback HTTP) and
 * the poller (libcurl, the adapters, the LMDB store) track PC_E2E_SHIPMENTS (default 1,000)
 * simulated shipments to the end. Simulated time is stepped by the test: both the sandbox and
 * the poller read the same clock, so the run takes no wall-clock time of its own. At the end the
 * stored status of every shipment is the simulator's final status and every delivery time is
 * the true one, to the second.
 */
#include "testsupport.h"

#include <parcelcast/adapter.h>
#include <parcelcast/config.h>
#include <parcelcast/poller.h>
#include <parcelcast/sandbox.h>
#include <parcelcast/sim.h>
#include <parcelcast/store.h>

#include <gsl/gsl_errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reg_ctx {
    const pc_sim_truth *truths;
    size_t n;
    int64_t now;
} reg_ctx;

/* Register every number as `parcelcast track` does: pending, due now. */
static int register_all(pc_txn *tx, void *ctx)
{
    reg_ctx *r = ctx;
    for (size_t i = 0; i < r->n; i++) {
        pc_shipment s;
        pc_shipment_init(&s);
        s.carrier = (char *)r->truths[i].carrier;
        s.tracking_number = (char *)r->truths[i].tracking_number;
        pc_put_result pr;
        int rc = pc_store_put_shipment(tx, &s, r->now, &pr);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void test_track_to_the_end(void **state)
{
    (void)state;
    const char *env_n = getenv("PC_E2E_SHIPMENTS");
    size_t n = env_n && *env_n ? (size_t)strtoul(env_n, NULL, 10) : 1000;
    char err[512];
    gsl_set_error_handler_off();

    /* The model: labels over two days so the run stays short; everything else default. */
    pc_sim_config scfg;
    pc_sim_config_default(&scfg);
    assert_int_equal(pc_sim_config_set(&scfg, "sim.days", "2", err, sizeof(err)), 0);

    pc_registry *reg;
    assert_int_equal(pc_registry_new(&reg), 0);
    for (size_t i = 0; pc_test_adapters[i]; i++)
        assert_int_equal(pc_registry_add(reg, pc_test_adapters[i], "static", err, sizeof(err)), 0);

    atomic_store(&pc_test_sim_now, scfg.start);
    pc_sandbox_opts so = {.registry = reg,
                          .sim_config = &scfg,
                          .seed = 7,
                          .shipments = n,
                          .speed = 0,
                          .start = scfg.start,
                          .threads = 2};
    if (pc_sandbox_start(&so, &pc_test_sim_sandbox, err, sizeof(err)) != 0)
        fail_msg("sandbox: %s", err);

    pc_sim_truth *truths = calloc(n, sizeof(*truths));
    assert_non_null(truths);
    int64_t last_end = scfg.start;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(pc_sandbox_truth(pc_test_sim_sandbox, i, &truths[i]), 0);
        if (truths[i].end_at > last_end)
            last_end = truths[i].end_at;
    }

    char *dir = pc_test_tmpdir("e2e");
    pc_store *st;
    pc_store_opts sto = {.path = dir};
    assert_int_equal(pc_store_open(&sto, &st, err, sizeof(err)), 0);
    reg_ctx rc = {truths, n, scfg.start};
    assert_int_equal(pc_store_write(st, register_all, &rc), 0);

    /* parcelcast's configuration: only base URLs and credentials point it at the sandbox. */
    pc_config cfg;
    assert_int_equal(pc_config_init(&cfg, NULL), 0);
    if (pc_sandbox_configure(pc_test_sim_sandbox, reg, "e2e", &cfg, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    pc_test_config_set(&cfg, "poll.rate", "0");
    pc_test_config_set(&cfg, "poll.not_found_expire_after",
                       "2592000"); /* labels come up to 2 days late */

    pc_poller *p;
    pc_poller_opts po = {.store = st,
                         .registry = reg,
                         .config = &cfg,
                         .clock = pc_test_sim_clock,
                         .sleep = pc_test_sim_sleep,
                         .seed = 7};
    if (pc_poller_new(&po, &p, err, sizeof(err)) != 0)
        fail_msg("poller: %s", err);

    /* Step simulated time by 15 minutes until a day after the last shipment's last event. */
    size_t runs = 0;
    for (int64_t t = scfg.start; t <= last_end + 86400; t += 900) {
        if (atomic_load(&pc_test_sim_now) < t)
            atomic_store(&pc_test_sim_now, t);
        pc_sandbox_set_time(pc_test_sim_sandbox, atomic_load(&pc_test_sim_now));
        assert_int_equal(pc_poller_run_once(p, atomic_load(&pc_test_sim_now), NULL), 0);
        runs++;
    }

    /* Every shipment: the simulator's final status, and the true delivery time. */
    pc_txn *tx;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    size_t delivered = 0, wrong = 0;
    for (size_t i = 0; i < n; i++) {
        const pc_sim_truth *tr = &truths[i];
        pc_shipment s;
        int r = pc_store_get_shipment(tx, tr->carrier, tr->tracking_number, &s, NULL);
        if (r != 0) {
            fail_msg("%s %s not in the store (%s)", tr->carrier, tr->tracking_number,
                     pc_strerror(r));
        }
        int64_t got_delivered = PC_TIME_NONE;
        for (size_t k = 0; k < s.n_events; k++)
            if (s.events[k].status == PC_STATUS_DELIVERED)
                got_delivered = s.events[k].time;
        if (s.status != tr->final_status || got_delivered != tr->delivered_at) {
            if (wrong++ < 10)
                print_message("%s %s: status %s (truth %s), delivered %lld (truth %lld)\n",
                              tr->carrier, tr->tracking_number, pc_status_name(s.status),
                              pc_status_name(tr->final_status), (long long)got_delivered,
                              (long long)tr->delivered_at);
        }
        delivered += tr->delivered_at != PC_TIME_NONE;
        pc_shipment_done(&s);
    }
    pc_store_read_end(tx);

    pc_poller_stats ps;
    pc_poller_stats_get(p, &ps);
    uint64_t requests = 0, gained = 0;
    for (size_t c = 0; c < ps.n_carriers; c++) {
        requests += ps.carriers[c].requests;
        gained += ps.carriers[c].events_gained;
    }
    print_message("e2e: %zu shipments (%zu delivered) over %zu poller runs: %llu requests, "
                  "%llu events stored, %zu wrong\n",
                  n, delivered, runs, (unsigned long long)requests, (unsigned long long)gained,
                  wrong);
    assert_int_equal(wrong, 0);
    assert_true(delivered > n / 2);

    pc_poller_free(p);
    pc_sandbox_stop(pc_test_sim_sandbox);
    pc_store_close(st);
    pc_config_done(&cfg);
    pc_registry_free(reg);
    pc_test_rmdir(dir);
    free(dir);
    free(truths);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_track_to_the_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
