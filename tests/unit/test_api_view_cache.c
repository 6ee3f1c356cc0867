/*
 * The shipment view cache (core/api/view_cache.c) and GET /v1/shipments/{carrier}/{number}
 * through it: every body, built or taken from the cache, is byte for byte the compact dump of
 * {"shipment": pc_shipment_to_json(s, PC_JSON_MERCHANT) + "eta"} (what the route answered
 * before the cache); a change to any shown field is answered at once; a cache too small to hold
 * a text keeps nothing and still answers right; over HTTP, a shipment updated in the store
 * between two GETs comes back updated, and another tenant still gets 404.
 */
#include "testsupport.h"

#include "api/api.h"
#include "api/view_cache.h"

#include <jansson.h>
#include <parcelcast/error.h>
#include <parcelcast/json.h>
#include <parcelcast/predict.h>
#include <parcelcast/server.h>
#include <parcelcast/store.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The body as the route built it before the cache (json tree, json_dumps). */
static char *reference(const pc_shipment *s, const json_t *eta)
{
    json_t *view = pc_shipment_to_json(s, PC_JSON_MERCHANT);
    assert_non_null(view);
    json_object_set_new(view, "eta", eta ? json_deep_copy(eta) : json_null());
    json_t *j = json_pack("{s:o}", "shipment", view);
    assert_non_null(j);
    char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    assert_non_null(text);
    return text;
}

static void add_event(pc_shipment *s, int64_t t, pc_status st, const char *code, const char *desc,
                      const char *city)
{
    pc_event *ev;
    assert_int_equal(pc_shipment_add_event(s, 0, &ev), 0);
    ev->time = t;
    ev->utc_offset = -300;
    ev->status = st;
    assert_int_equal(pc_set_str(&ev->code, code, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&ev->description, desc, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&ev->location.city, city, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&ev->location.country, "US", (size_t)-1), 0);
    s->status = st;
}

static void make_shipment(pc_shipment *s, uint32_t tenant, const char *number)
{
    pc_shipment_init(s);
    s->tenant_id = tenant;
    assert_int_equal(pc_set_str(&s->carrier, "ups", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->tracking_number, number, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->service, "UPS Ground", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->origin.city, "Boston", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->origin.country, "US", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->order_id, "order \"7\" \\ \xc3\xa9", (size_t)-1), 0);
    s->promised_by = 1725000000;
    s->created_at = 1724000000;
    s->updated_at = 1724100000;
    add_event(s, 1724000000, PC_STATUS_INFO_RECEIVED, "IR", "Label created", "Boston");
    add_event(s, 1724050000, PC_STATUS_IN_TRANSIT, "PU", "Picked up", "Boston");
}

static json_t *make_eta(void)
{
    pc_eta e;
    memset(&e, 0, sizeof(e));
    e.made_at = 1724100000;
    e.time = 1724300000;
    e.w80_start = 1724290000;
    e.w80_end = 1724310000;
    e.w95_start = 1724280000;
    e.w95_end = 1724320000;
    e.p_late = 0.25;
    e.at_risk = true;
    e.risk = 1;
    e.n_reasons = 1;
    snprintf(e.reasons[0], sizeof(e.reasons[0]), "the lane runs late");
    json_t *j = pc_eta_to_json(&e);
    assert_non_null(j);
    return j;
}

/* body(vc, s, eta) equals the reference; returns nothing, frees everything. */
static void expect_body(pc__view_cache *vc, const pc_shipment *s, const json_t *eta)
{
    size_t len = 0;
    char *got = pc__view_cache_body(vc, s, eta, &len);
    char *want = reference(s, eta);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
    free(want);
}

static void test_same_bytes_hit_and_miss(void **state)
{
    (void)state;
    pc__view_cache *vc;
    pc__view_cache_stats st;
    pc_shipment s;
    json_t *eta = make_eta();
    assert_int_equal(pc__view_cache_new(1 << 20, &vc), 0);
    assert_non_null(vc);
    make_shipment(&s, 3, "1Z999AA10123456784");

    expect_body(NULL, &s, eta); /* no cache */
    expect_body(NULL, &s, NULL);
    expect_body(vc, &s, eta);  /* miss, kept */
    expect_body(vc, &s, eta);  /* hit */
    expect_body(vc, &s, NULL); /* hit, eta null */
    pc__view_cache_stats_get(vc, &st);
    assert_int_equal(st.misses, 1);
    assert_int_equal(st.hits, 2);
    assert_int_equal(st.entries, 1);
    assert_true(st.bytes > 100);

    pc_shipment_done(&s);
    json_decref(eta);
    pc__view_cache_free(vc);
}

/* Every kind of change to a shown field is a miss that answers the new shipment. */
static void test_changes_answered_at_once(void **state)
{
    (void)state;
    pc__view_cache *vc;
    pc__view_cache_stats st;
    pc_shipment s;
    json_t *eta = make_eta();
    assert_int_equal(pc__view_cache_new(1 << 20, &vc), 0);
    make_shipment(&s, 3, "1Z999AA10123456784");
    expect_body(vc, &s, eta);

    add_event(&s, 1724090000, PC_STATUS_OUT_FOR_DELIVERY, "OFD", "Out for delivery", "Quincy");
    expect_body(vc, &s, eta);
    assert_int_equal(pc_set_str(&s.events[0].description, "Label created.", (size_t)-1), 0);
    expect_body(vc, &s, eta);
    s.events[1].utc_offset = -240;
    expect_body(vc, &s, eta);
    assert_int_equal(pc_set_str(&s.customer.email, "a@example.com", (size_t)-1), 0);
    expect_body(vc, &s, eta);
    assert_int_equal(pc_set_str(&s.metadata_json, "{\"b\":1,\"a\":[true,null]}", (size_t)-1), 0);
    expect_body(vc, &s, eta);
    /* "ab"+"c" and "a"+"bc" across two fields must not look the same */
    assert_int_equal(pc_set_str(&s.destination.city, "ab", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s.destination.region, "c", (size_t)-1), 0);
    expect_body(vc, &s, eta);
    assert_int_equal(pc_set_str(&s.destination.city, "a", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s.destination.region, "bc", (size_t)-1), 0);
    expect_body(vc, &s, eta);
    s.updated_at++;
    expect_body(vc, &s, eta);
    pc__view_cache_stats_get(vc, &st);
    assert_int_equal(st.hits, 0);
    assert_int_equal(st.misses, 9);
    assert_int_equal(st.entries, 1); /* each version replaced the last in its slot */
    expect_body(vc, &s, eta);
    pc__view_cache_stats_get(vc, &st);
    assert_int_equal(st.hits, 1);

    pc_shipment_done(&s);
    json_decref(eta);
    pc__view_cache_free(vc);
}

/* Many shipments in a 16-slot cache share slots: each still gets its own body; a budget
 * smaller than one text keeps nothing; budget 0 is no cache. */
static void test_small_caches(void **state)
{
    (void)state;
    pc__view_cache *vc, *tiny, *none;
    pc__view_cache_stats st;
    json_t *eta = make_eta();
    assert_int_equal(pc__view_cache_new(16 * 2048, &vc), 0);
    assert_int_equal(pc__view_cache_new(64, &tiny), 0);
    assert_int_equal(pc__view_cache_new(0, &none), 0);
    assert_null(none);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 100; i++) {
            char number[32];
            pc_shipment s;
            snprintf(number, sizeof(number), "1Z%016d", i);
            make_shipment(&s, (uint32_t)(1 + i % 3), number);
            expect_body(vc, &s, eta);
            expect_body(tiny, &s, i % 2 ? eta : NULL);
            pc_shipment_done(&s);
        }
    }
    pc__view_cache_stats_get(vc, &st);
    assert_true(st.entries <= 16);
    assert_true(st.bytes <= 16 * 2048);
    assert_int_equal(st.hits + st.misses, 300);
    pc__view_cache_stats_get(tiny, &st);
    assert_int_equal(st.entries, 0);
    assert_int_equal(st.hits, 0);
    assert_int_equal(st.bytes, 0);
    pc__view_cache_stats_get(none, &st);
    assert_int_equal(st.hits + st.misses + st.entries + st.bytes, 0);
    json_decref(eta);
    pc__view_cache_free(vc);
    pc__view_cache_free(tiny);
}

/* ---- over HTTP ---------------------------------------------------------------------------- */

typedef struct fill {
    pc_shipment *s;
    uint32_t tenant_a, tenant_b;
    unsigned char ha[32], hb[32];
} fill;

static int setup_fn(pc_txn *tx, void *arg)
{
    fill *f = arg;
    int rc;
    if ((rc = pc_store_add_tenant(tx, "acme", &f->tenant_a)) < 0 ||
        (rc = pc_store_add_api_key(tx, f->tenant_a, f->ha)) < 0 ||
        (rc = pc_store_add_tenant(tx, "globex", &f->tenant_b)) < 0 ||
        (rc = pc_store_add_api_key(tx, f->tenant_b, f->hb)) < 0)
        return rc;
    f->s->tenant_id = f->tenant_a;
    return pc_store_put_shipment(tx, f->s, 1724100000, NULL);
}

static int put_fn(pc_txn *tx, void *arg)
{
    return pc_store_put_shipment(tx, arg, 1724200000, NULL);
}

static char *get(const char *base, const char *key, long want_status)
{
    char url[256], auth[128];
    snprintf(url, sizeof(url), "%s/v1/shipments/UPS/1z999aa1-0123456784", base);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
    const char *headers[] = {auth, NULL};
    char *body = NULL;
    assert_int_equal(pc_test_http("GET", url, NULL, 0, headers, &body), want_status);
    assert_non_null(body);
    return body;
}

/* The store's record of the shipment, as the route would show it (eta null: no predictor). */
static char *stored_reference(pc_store *st, uint32_t tenant)
{
    pc_txn *tx;
    pc_shipment s;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_get_shipment_t(tx, tenant, "ups", "1Z999AA10123456784", &s, NULL), 0);
    pc_store_read_end(tx);
    char *ref = reference(&s, NULL);
    pc_shipment_done(&s);
    return ref;
}

static void test_http_updated_shipment(void **state)
{
    (void)state;
    char err[512], ka[PC__API_KEY_LEN + 1], kb[PC__API_KEY_LEN + 1], base[64];
    char *dir = pc_test_tmpdir("viewcache");
    pc_store *st;
    pc_server *srv;
    pc_store_opts so = {.path = dir};
    assert_int_equal(pc_store_open(&so, &st, err, sizeof(err)), 0);
    pc_shipment s;
    make_shipment(&s, 0, "1Z999AA10123456784");
    fill f = {.s = &s};
    assert_int_equal(pc__api_key_new(ka, f.ha), 0);
    assert_int_equal(pc__api_key_new(kb, f.hb), 0);
    assert_int_equal(pc_store_write(st, setup_fn, &f), 0);
    pc_server_opts o = {.address = "127.0.0.1",
                        .threads = 2,
                        .max_body = 1u << 20,
                        .timeout = 30,
                        .store = st,
                        .view_cache = 1u << 20};
    assert_int_equal(pc_server_start(&o, &srv, err, sizeof(err)), 0);
    snprintf(base, sizeof(base), "http://127.0.0.1:%d", pc_server_port(srv));

    char *ref = stored_reference(st, f.tenant_a);
    for (int i = 0; i < 3; i++) { /* a miss, then hits */
        char *body = get(base, ka, 200);
        assert_string_equal(body, ref);
        free(body);
    }
    free(ref);
    char *body = get(base, kb, 404); /* another tenant: as if it did not exist */
    assert_non_null(strstr(body, "\"not_found\""));
    free(body);
    body = get(base, "pc_not-a-real-key", 401);
    assert_non_null(strstr(body, "\"unauthorized\""));
    free(body);

    /* the carrier reports delivery: the next GET shows it */
    add_event(&s, 1724150000, PC_STATUS_DELIVERED, "DL", "Delivered", "Quincy");
    s.tenant_id = f.tenant_a;
    assert_int_equal(pc_store_write(st, put_fn, &s), 0);
    ref = stored_reference(st, f.tenant_a);
    assert_non_null(strstr(ref, "\"Delivered\""));
    body = get(base, ka, 200);
    assert_string_equal(body, ref);
    free(body);
    free(ref);

    pc__view_cache_stats vs;
    pc__view_cache_stats_get(pc__api_view_cache(srv), &vs);
    assert_int_equal(vs.misses, 2);
    assert_int_equal(vs.hits, 2);
    char url[128], *metrics = NULL;
    snprintf(url, sizeof(url), "%s/metrics", base);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &metrics), 200);
    assert_non_null(strstr(metrics, "\nparcelcast_view_cache_hits_total 2\n"));
    assert_non_null(strstr(metrics, "\nparcelcast_view_cache_misses_total 2\n"));
    free(metrics);

    pc_server_stop(srv);
    pc_shipment_done(&s);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_bytes_hit_and_miss),
        cmocka_unit_test(test_changes_answered_at_once),
        cmocka_unit_test(test_small_caches),
        cmocka_unit_test(test_http_updated_shipment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
