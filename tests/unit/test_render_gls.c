/*
 * render_gls: the GLS adapter's render and parse_request callbacks are the inverses of parse and
 * build_request. Round trips on simulated histories, on the adapter's own fixtures, on every
 * error kind, and on requests of 1 and max_batch numbers; garbage requests are refused.
 */
#include "testsupport.h"

#include <stdio.h>
#include <string.h>

#define ADAPTER "gls"

/*
 * GLS publishes event codes only for the steps of a normal delivery. A failed attempt, an
 * exception or a return has no event code the adapter knows: parse reads such an event as
 * in_transit unless it is the newest, which takes the parcel status (GLS has none for returned).
 */
static pc_status expected_status(const pc_event *ev, int newest)
{
    static const char *const mapped[] = {"IR", "PU", "AR", "DP", "CC", "CR", "OFD", "AP", "DL"};
    for (size_t i = 0; i < sizeof(mapped) / sizeof(mapped[0]); i++)
        if (ev->code && strcmp(ev->code, mapped[i]) == 0)
            return ev->status;
    if (newest && ev->status != PC_STATUS_RETURNED)
        return ev->status;
    return PC_STATUS_IN_TRANSIT;
}

static const pc_test_render_spec spec = {
    .adapter = ADAPTER,
    .seed = 20241007u,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_DESCRIPTION | PC_TF_CITY | PC_TF_POSTAL_CODE | PC_TF_COUNTRY,
    .fixture_fields = PC_TF_SUBSTATUS | PC_TF_CODE | PC_TF_DESCRIPTION | PC_TF_CITY |
                      PC_TF_POSTAL_CODE | PC_TF_COUNTRY,
    .expected_status = expected_status,
    .min_fixtures = 5,
};

static void test_sim_round_trip(void **state)
{
    (void)state;
    pc_test_render_sim(&spec);
}

static void test_fixture_round_trip(void **state)
{
    (void)state;
    pc_test_render_fixtures(&spec);
}

static void test_errors(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(ADAPTER);
    static const pc_test_error_case cases[] = {
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, true, 200, NULL},
        {PC_TE_INVALID_NUMBER, PC_TE_INVALID_NUMBER, true, true, 200, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, true, true, 200, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 401, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_RATE_LIMITED, false, false, 429, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, NULL},
    };
    pc_test_render_errors(a, "52200819437", false, cases, sizeof(cases) / sizeof(cases[0]));
    char *body;
    size_t len;
    int http;
    assert_int_equal(a->render(NULL, 0, NULL, 0, PC_FORMAT_XML, &body, &len, &http),
                     PC_EUNSUPPORTED);
}

/* The i-th number of a request. */
static void number(size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "%011zu", 52200819437u + i * 7);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(ADAPTER);
    pc_test_request_round_trips(a, NULL, number, "AB 12/3,4%");

    static const pc_test_bad_request bad[] = {
        {"POST", "/track-and-trace-v1/tracking/simple/trackids/1", NULL, PC_ENOTFOUND},
        {"GET", "/", NULL, PC_ENOTFOUND},
        {"GET", "/track-and-trace-v1/oauth2/token", NULL, PC_ENOTFOUND},
        {"GET", "", NULL, PC_ENOTFOUND},
        {NULL, NULL, NULL, PC_ENOTFOUND},
        {"GET", "/tracking/simple/trackids/", NULL, PC_EMALFORMED},
        {"GET", "/tracking/simple/trackids/?x=1", NULL, PC_EMALFORMED},
        {"GET", "/tracking/simple/trackids/1,,2", NULL, PC_EMALFORMED},
        {"GET", "/tracking/simple/trackids/1,", NULL, PC_EMALFORMED},
        {"GET", "/tracking/simple/trackids/%zz", NULL, PC_EMALFORMED},
        {"GET", "/tracking/simple/trackids/%4", NULL, PC_EMALFORMED},
        {"GET", "/tracking/simple/trackids/%00", NULL, PC_EMALFORMED},
        {"GET", "/tracking/simple/trackids/1,2,3,4,5,6,7,8,9,10,11", NULL, PC_EMALFORMED},
    };
    pc_test_requests_refused(a, bad, sizeof(bad) / sizeof(bad[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_round_trip),
        cmocka_unit_test(test_fixture_round_trip),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_parse_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
