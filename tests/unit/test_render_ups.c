/*
 * UPS render and parse_request: parse(render(x)) gives x back for simulated histories (at
 * several moments of their lives) and for every fixture the adapter parses; each error kind
 * renders to a body that parses to the same kind and number with UPS's HTTP status;
 * parse_request inverts build_request and refuses what build_request never makes.
 */
#include "testsupport.h"

#include <string.h>

#define CARRIER "ups"

/* Simulator substatuses no UPS code carries: a parcel collected after a post-office hold is
 * plainly delivered to UPS. */
static const char *const unrepresentable[] = {"delivered.picked_up", NULL};

/* The legacy XML tells where a parcel was left (ActivityLocation/Code: porch, front desk) and
 * the parser makes it the delivered substatus; the Track API JSON has no such field, so an XML
 * fixture's delivered substatus cannot survive a JSON rendering. */
static void drop_spot_substatus(const char *fixture, pc_shipment *s)
{
    if (!strstr(fixture, ".xml"))
        return;
    for (size_t i = 0; i < s->n_events; i++) {
        if (s->events[i].status == PC_STATUS_DELIVERED && s->events[i].substatus &&
            strcmp(s->events[i].substatus, "delivered.signed") != 0)
            assert_int_equal(pc_set_str(&s->events[i].substatus, NULL, 0), 0);
    }
    pc_shipment_normalize(s);
}

static const pc_test_render_spec spec = {
    .adapter = CARRIER,
    .seed = 20240902u,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_SUBSTATUS | PC_TF_DESCRIPTION | PC_TF_CITY | PC_TF_REGION |
                  PC_TF_POSTAL_CODE | PC_TF_COUNTRY | PC_TF_CARRIER_ETA | PC_TF_SERVICE,
    .fixture_fields = PC_TF_WHOLE,
    .requested = true,
    .full_history = true,
    .lossy_substatus = unrepresentable,
    .fixture_fixup = drop_spot_substatus,
    .min_fixtures_with_shipments = 10,
};

static void test_sim_roundtrip(void **state)
{
    (void)state;
    pc_test_render_sim(&spec);
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
        {PC_TE_INVALID_NUMBER, PC_TE_INVALID_NUMBER, true, true, 400, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 401, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_RATE_LIMITED, false, false, 429, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, true, true, 200, NULL},
    };
    /* a whole-request carrier error */
    static const pc_test_error_case whole = {
        PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, "Internal Server Error"};
    const char *number = "1Z999AA10123456784";
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
    pc_adapter_config sandbox = {.access_token = "tok", .base_url = "http://127.0.0.1:8080/ups/"};
    const char *one[] = {"1Z999AA10123456784"};
    const char *odd[] = {"1Z 999/AA?1&%"};
    assert_int_equal(a->max_batch, 1);
    pc_test_request_round_trip(a, &cfg, one, 1);
    pc_test_request_round_trip(a, &sandbox, one, 1);
    pc_test_request_round_trip(a, &cfg, odd, 1);

    static const pc_test_bad_request bad[] = {
        {"POST", "/api/track/v1/details/1Z999AA10123456784", NULL, PC_ENOTFOUND},
        {"GET", "/track/v1/trackingnumbers", NULL, PC_ENOTFOUND},
        {"GET", "/", NULL, PC_ENOTFOUND},
        {"GET", "", NULL, PC_ENOTFOUND},
        {"GET", "/x?y=/api/track/v1/details/1Z", NULL, PC_ENOTFOUND},
        {"GET", "/api/track/v1/details/", NULL, PC_EMALFORMED},
        {"GET", "/api/track/v1/details/?locale=en_US", NULL, PC_EMALFORMED},
        {"GET", "/api/track/v1/details/1Z/extra", NULL, PC_EMALFORMED},
        {"GET", "/api/track/v1/details/1Z%4", NULL, PC_EMALFORMED},
        {"GET", "/api/track/v1/details/1Z%zz", NULL, PC_EMALFORMED},
        {"GET", "/api/track/v1/details/1Z%00", NULL, PC_EMALFORMED},
        {NULL, "/api/track/v1/details/1Z", NULL, PC_ENOTFOUND},
        {"GET", NULL, NULL, PC_ENOTFOUND},
    };
    pc_test_requests_refused(a, bad, sizeof(bad) / sizeof(bad[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_roundtrip),
        cmocka_unit_test(test_fixture_roundtrip),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_parse_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
