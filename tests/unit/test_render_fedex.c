/*
 * FedEx render and parse_request: parse(render(x)) gives x back for simulated histories (at
 * several moments of their lives) and for every fixture the adapter parses; each error kind
 * renders to a body that parses to the same kind and number with FedEx's HTTP status;
 * parse_request inverts build_request and refuses what build_request never makes.
 */
#include "testsupport.h"

#include <parcelcast/sim.h>

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARRIER "fedex"
#define SEED    20240902u

/* Simulator substatuses no FedEx code carries: a parcel collected after a post-office hold is
 * plainly delivered, a post-office hold reads as FedEx's own hold (HP), and an address exception
 * as a plain shipment exception (SE). */
static const char *const unrepresentable[] = {
    "delivered.picked_up", "available_for_pickup.post_office", "exception.address", NULL};

static const pc_test_render_spec spec = {
    .adapter = CARRIER,
    .seed = SEED,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_SUBSTATUS | PC_TF_DESCRIPTION | PC_TF_CITY | PC_TF_REGION |
                  PC_TF_POSTAL_CODE | PC_TF_COUNTRY | PC_TF_CARRIER_ETA | PC_TF_SERVICE,
    .fixture_fields = PC_TF_WHOLE,
    .requested = true,
    .full_history = true,
    .lossy_substatus = unrepresentable,
    .min_fixtures_with_shipments = 5,
};

static void test_sim_roundtrip(void **state)
{
    (void)state;
    pc_test_render_sim(&spec);
}

/* One body for a full batch: max_batch - 1 shipments and an unknown number, in order. */
static void test_sim_batch(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    pc_sim_config cfg;
    pc_sim *sim = NULL;
    char err[256] = "";
    pc_shipment ships[64];
    size_t n = 0;

    gsl_set_error_handler_off();
    pc_sim_config_default(&cfg);
    assert_int_equal(pc_sim_new(&cfg, &sim, err, sizeof(err)), 0);
    for (uint64_t i = 0; n + 1 < a->max_batch && i < 100000; i++) {
        pc_sim_truth t;
        assert_int_equal(pc_sim_shipment(sim, SEED + 1, i, &t, &ships[n]), 0);
        if (strcmp(t.carrier, CARRIER) == 0)
            n++;
        else
            pc_shipment_done(&ships[n]);
    }
    assert_int_equal(n + 1, a->max_batch);
    pc_track_error e = {.tracking_number = "794600000123", .kind = PC_TE_NOT_FOUND};
    pc_parse_result r;
    int http = 0;
    pc_test_render_parse(a, ships, n, &e, 1, NULL, 0, &http, &r);
    assert_int_equal(http, 200);
    assert_int_equal(r.n_shipments, n);
    assert_int_equal(r.n_errors, 1);
    assert_int_equal(r.errors[0].kind, PC_TE_NOT_FOUND);
    assert_string_equal(r.errors[0].tracking_number, e.tracking_number);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(r.shipments[i].tracking_number, ships[i].tracking_number);
        assert_int_equal(r.shipments[i].n_events, ships[i].n_events);
        assert_int_equal(r.shipments[i].status, ships[i].status);
        pc_shipment_done(&ships[i]);
    }
    pc_parse_result_done(&r);
    pc_sim_free(sim);
}

static void test_fixture_roundtrip(void **state)
{
    (void)state;
    pc_test_render_fixtures(&spec);
}

static void test_errors(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    static const pc_test_error_case cases[] = {
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, true, 200, NULL},
        {PC_TE_INVALID_NUMBER, PC_TE_INVALID_NUMBER, true, true, 200, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 401, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_RATE_LIMITED, false, false, 429, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, true, true, 200, NULL},
    };
    /* a whole-request carrier error */
    static const pc_test_error_case whole = {
        PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, "Internal Server Error"};
    const char *number = "794600000123";
    pc_test_render_errors(a, number, true, cases, sizeof(cases) / sizeof(cases[0]));
    pc_test_render_errors(a, number, false, &whole, 1);

    /* the legacy XML is never served */
    pc_track_error e = {.kind = PC_TE_CARRIER_ERROR, .message = "Internal Server Error"};
    char *body = NULL;
    size_t len = 0;
    int http = 0;
    assert_int_equal(a->render(NULL, 0, &e, 1, PC_FORMAT_XML, &body, &len, &http), PC_EUNSUPPORTED);
    assert_null(body);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    pc_adapter_config cfg = {.access_token = "tok"};
    pc_adapter_config sandbox = {.access_token = "tok", .base_url = "http://127.0.0.1:8080/fedex/"};
    const char *numbers[64];
    char store[64][24];
    assert_int_equal(a->max_batch, 30);
    for (size_t i = 0; i < a->max_batch; i++) {
        snprintf(store[i], sizeof(store[i]), "7946%08zu", i * 7919);
        numbers[i] = store[i];
    }
    const char *odd[] = {"79 46/\\\"x\u00e9"};
    pc_test_request_round_trip(a, &cfg, numbers, 1);
    pc_test_request_round_trip(a, &cfg, numbers, a->max_batch);
    pc_test_request_round_trip(a, &sandbox, numbers, a->max_batch);
    pc_test_request_round_trip(a, &cfg, odd, 1);

    static const char ok[] =
        "{\"trackingInfo\":[{\"trackingNumberInfo\":{\"trackingNumber\":\"1\"}}]}";
    static const pc_test_bad_request bad[] = {
        {"GET", "/track/v1/trackingnumbers", ok, PC_ENOTFOUND},
        {"POST", "/api/track/v1/details/794600000123", ok, PC_ENOTFOUND},
        {"POST", "/track/v1/trackingnumbers/x", ok, PC_ENOTFOUND},
        {"POST", "", ok, PC_ENOTFOUND},
        {NULL, "/track/v1/trackingnumbers", ok, PC_ENOTFOUND},
        {"POST", NULL, ok, PC_ENOTFOUND},
        {"POST", "/track/v1/trackingnumbers", NULL, PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "{", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "[]", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "{\"trackingInfo\":[]}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "{\"trackingInfo\":{}}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "{\"trackingInfo\":[1]}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers",
         "{\"trackingInfo\":[{\"trackingNumberInfo\":{\"trackingNumber\":7}}]}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers",
         "{\"trackingInfo\":[{\"trackingNumberInfo\":{\"trackingNumber\":\"\"}}]}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers",
         "{\"trackingInfo\":[{\"trackingNumberInfo\":{\"trackingNumber\":\"a\\u0000b\"}}]}",
         PC_EMALFORMED},
    };
    pc_test_requests_refused(a, bad, sizeof(bad) / sizeof(bad[0]));
    /* more numbers than one request carries */
    pc_http_request req = {0};
    char **got = NULL;
    size_t n = 0;
    assert_int_equal(a->build_request(&cfg, numbers, a->max_batch, &req), 0);
    char *big = malloc(req.body_len * 2 + 8);
    assert_non_null(big);
    size_t off = 0;
    const char *items = strchr(req.body, '[') + 1, *end = strchr(req.body, ']');
    memcpy(big, req.body, (size_t)(end - req.body));
    off = (size_t)(end - req.body);
    big[off++] = ',';
    memcpy(big + off, items, (size_t)(end - items));
    off += (size_t)(end - items);
    memcpy(big + off, end, strlen(end) + 1);
    assert_int_equal(
        a->parse_request("POST", "/track/v1/trackingnumbers", big, strlen(big), &got, &n),
        PC_EMALFORMED);
    free(big);
    pc_http_request_done(&req);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_roundtrip),     cmocka_unit_test(test_sim_batch),
        cmocka_unit_test(test_fixture_roundtrip), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_parse_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
