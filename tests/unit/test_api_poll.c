/*
 * Merchant API + poller: two tenants register the sandbox's shipments over HTTP (A all of them,
 * B every other one, so half the parcels are tracked by both), the poller tracks them to the
 * end in simulated time against the sandbox, and each tenant's GET shows the simulator's final
 * status and delivery time. Tracking the same parcel twice makes two shipments, never a third
 * tenant-less one.
 */
#include "testsupport.h"

#include "api/api.h"

#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <parcelcast/config.h>
#include <parcelcast/detect.h>
#include <parcelcast/error.h>
#include <parcelcast/plugins.h>
#include <parcelcast/poller.h>
#include <parcelcast/sandbox.h>
#include <parcelcast/server.h>
#include <parcelcast/sim.h>
#include <parcelcast/store.h>
#include <parcelcast/timeutil.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_SHIPMENTS 40

struct keys {
    unsigned char ha[32], hb[32];
};

static int add_tenants(pc_txn *tx, void *arg)
{
    struct keys *k = arg;
    uint32_t a, b;
    int rc;
    if ((rc = pc_store_add_tenant(tx, "a", &a)) < 0 ||
        (rc = pc_store_add_api_key(tx, a, k->ha)) < 0 ||
        (rc = pc_store_add_tenant(tx, "b", &b)) < 0 ||
        (rc = pc_store_add_api_key(tx, b, k->hb)) < 0)
        return rc;
    return 0;
}

static long call(const char *base, const char *method, const char *path, const char *key,
                 const char *body, json_t **ret)
{
    char url[512], auth[128];
    snprintf(url, sizeof(url), "%s%s", base, path);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
    const char *headers[] = {auth, NULL};
    char *text = NULL;
    long st = pc_test_http(method, url, body, body ? strlen(body) : 0, headers, &text);
    if (ret)
        *ret = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return st;
}

/* {"shipments":[...]} of truths i with i % step == 0. */
static char *batch(const pc_sim_truth *truths, size_t n, size_t step)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i += step)
        json_array_append_new(arr,
                              json_pack("{s:s, s:s}", "tracking_number", truths[i].tracking_number,
                                        "carrier", truths[i].carrier));
    json_t *j = json_pack("{s:o}", "shipments", arr);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return text;
}

static void check_tenant(const char *base, const char *key, const pc_sim_truth *truths, size_t n,
                         size_t step, size_t *ret_delivered)
{
    for (size_t i = 0; i < n; i += step) {
        const pc_sim_truth *tr = &truths[i];
        char path[256];
        json_t *j;
        snprintf(path, sizeof(path), "/v1/shipments/%s/%s", tr->carrier, tr->tracking_number);
        assert_int_equal(call(base, "GET", path, key, NULL, &j), 200);
        json_t *s = json_object_get(j, "shipment");
        const char *status = json_string_value(json_object_get(s, "status"));
        if (!status || strcmp(status, pc_status_name(tr->final_status)) != 0)
            fail_msg("%s: status %s, truth %s", path, status ? status : "(none)",
                     pc_status_name(tr->final_status));
        if (tr->delivered_at != PC_TIME_NONE) {
            char want[32];
            pc_time_format(tr->delivered_at, want, sizeof(want));
            json_t *evs = json_object_get(s, "events");
            int found = 0;
            for (size_t k = 0; k < json_array_size(evs); k++) {
                json_t *ev = json_array_get(evs, k);
                const char *st = json_string_value(json_object_get(ev, "status"));
                const char *t = json_string_value(json_object_get(ev, "time"));
                found |= st && t && strcmp(st, "delivered") == 0 && strcmp(t, want) == 0;
            }
            if (!found)
                fail_msg("%s: no delivery at %s", path, want);
            (*ret_delivered)++;
        }
        json_decref(j);
    }
}

static void test_registered_over_api_polled_to_the_end(void **state)
{
    (void)state;
    char err[512];
    gsl_set_error_handler_off();

    /* Labels from today on (the API registers shipments due at the wall-clock now). */
    char today[16];
    pc_civil now_civil;
    pc_unix_to_civil((int64_t)time(NULL), &now_civil);
    snprintf(today, sizeof(today), "%04d-%02d-%02d", now_civil.year, now_civil.month,
             now_civil.day);
    pc_sim_config scfg;
    pc_sim_config_default(&scfg);
    assert_int_equal(pc_sim_config_set(&scfg, "sim.start", today, err, sizeof(err)), 0);
    assert_int_equal(pc_sim_config_set(&scfg, "sim.days", "1", err, sizeof(err)), 0);

    pc_registry *reg;
    assert_int_equal(pc_registry_new(&reg), 0);
    for (size_t i = 0; pc_test_adapters[i]; i++)
        assert_int_equal(pc_registry_add(reg, pc_test_adapters[i], "static", err, sizeof(err)), 0);
    atomic_store(&pc_test_sim_now, (int64_t)time(NULL));
    pc_sandbox_opts so = {.registry = reg,
                          .sim_config = &scfg,
                          .seed = 11,
                          .shipments = N_SHIPMENTS,
                          .speed = 0,
                          .start = atomic_load(&pc_test_sim_now),
                          .threads = 2};
    if (pc_sandbox_start(&so, &pc_test_sim_sandbox, err, sizeof(err)) != 0)
        fail_msg("sandbox: %s", err);
    pc_sim_truth truths[N_SHIPMENTS];
    int64_t last_end = atomic_load(&pc_test_sim_now);
    for (size_t i = 0; i < N_SHIPMENTS; i++) {
        assert_int_equal(pc_sandbox_truth(pc_test_sim_sandbox, i, &truths[i]), 0);
        char norm[80];
        assert_int_equal(pc__api_number_normalize(truths[i].tracking_number, norm, sizeof(norm)),
                         0);
        assert_string_equal(norm, truths[i].tracking_number);
        if (truths[i].end_at > last_end)
            last_end = truths[i].end_at;
    }

    char *dir = pc_test_tmpdir("api-poll");
    pc_store *st;
    pc_store_opts sto = {.path = dir};
    assert_int_equal(pc_store_open(&sto, &st, err, sizeof(err)), 0);
    char key_a[PC__API_KEY_LEN + 1], key_b[PC__API_KEY_LEN + 1];
    struct keys k;
    assert_int_equal(pc__api_key_new(key_a, k.ha), 0);
    assert_int_equal(pc__api_key_new(key_b, k.hb), 0);
    assert_int_equal(pc_store_write(st, add_tenants, &k), 0);

    pc_server *srv;
    pc_server_opts o = {.address = "127.0.0.1",
                        .port = 0,
                        .threads = 2,
                        .max_body = 1u << 20,
                        .timeout = 30,
                        .store = st,
                        .registry = reg};
    assert_int_equal(pc_server_start(&o, &srv, err, sizeof(err)), 0);
    char base[64];
    snprintf(base, sizeof(base), "http://127.0.0.1:%d", pc_server_port(srv));
    char *ba = batch(truths, N_SHIPMENTS, 1), *bb = batch(truths, N_SHIPMENTS, 2);
    json_t *j;
    assert_int_equal(call(base, "POST", "/v1/shipments/batch", key_a, ba, &j), 200);
    assert_int_equal(json_integer_value(json_object_get(j, "created")), N_SHIPMENTS);
    json_decref(j);
    assert_int_equal(call(base, "POST", "/v1/shipments/batch", key_b, bb, &j), 200);
    assert_int_equal(json_integer_value(json_object_get(j, "created")), N_SHIPMENTS / 2);
    json_decref(j);
    free(ba);
    free(bb);

    pc_config cfg;
    assert_int_equal(pc_config_init(&cfg, NULL), 0);
    if (pc_sandbox_configure(pc_test_sim_sandbox, reg, "apipoll", &cfg, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    pc_test_config_set(&cfg, "poll.rate", "0");
    pc_test_config_set(&cfg, "poll.not_found_expire_after", "2592000");
    pc_poller *p;
    pc_poller_opts po = {.store = st,
                         .registry = reg,
                         .config = &cfg,
                         .clock = pc_test_sim_clock,
                         .sleep = pc_test_sim_sleep,
                         .seed = 11};
    if (pc_poller_new(&po, &p, err, sizeof(err)) != 0)
        fail_msg("poller: %s", err);
    for (int64_t t = atomic_load(&pc_test_sim_now); t <= last_end + 86400; t += 900) {
        if (atomic_load(&pc_test_sim_now) < t)
            atomic_store(&pc_test_sim_now, t);
        pc_sandbox_set_time(pc_test_sim_sandbox, atomic_load(&pc_test_sim_now));
        assert_int_equal(pc_poller_run_once(p, atomic_load(&pc_test_sim_now), NULL), 0);
    }

    size_t delivered_a = 0, delivered_b = 0;
    check_tenant(base, key_a, truths, N_SHIPMENTS, 1, &delivered_a);
    check_tenant(base, key_b, truths, N_SHIPMENTS, 2, &delivered_b);
    assert_true(delivered_a > N_SHIPMENTS / 2);
    assert_true(delivered_b > 0);
    pc_txn *tx;
    pc_store_stats stats;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_stats_get(tx, &stats), 0);
    pc_store_read_end(tx);
    assert_int_equal(stats.shipments, N_SHIPMENTS + N_SHIPMENTS / 2);

    pc_poller_free(p);
    pc_server_stop(srv);
    pc_sandbox_stop(pc_test_sim_sandbox);
    pc_store_close(st);
    pc_config_done(&cfg);
    pc_registry_free(reg);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registered_over_api_polled_to_the_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
