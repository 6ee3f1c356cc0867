/*
 * render_australiapost: the Australia Post adapter's render and parse_request callbacks are the
 * inverses of parse and build_request. Round trips on simulated histories, on the adapter's own
 * fixtures, on every error kind, and on requests of 1 and max_batch numbers; garbage requests are
 * refused.
 */
#include "testsupport.h"

#include <stdio.h>
#include <string.h>

#define ADAPTER "australiapost"

/* Every simulator code has an Australia Post text that classifies to its status. */
static pc_status expected_status(const pc_event *ev, int newest)
{
    (void)newest;
    return ev->status;
}

static const pc_test_render_spec spec = {
    .adapter = ADAPTER,
    .seed = 20241007u,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_CITY | PC_TF_REGION | PC_TF_POSTAL_CODE | PC_TF_COUNTRY | PC_TF_SERVICE,
    .fixture_fields = PC_TF_SUBSTATUS | PC_TF_CODE | PC_TF_DESCRIPTION | PC_TF_CITY | PC_TF_REGION |
                      PC_TF_POSTAL_CODE | PC_TF_COUNTRY | PC_TF_SERVICE,
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

/* Australia Post answers an unknown and a malformed id alike (ESB-10001 "Invalid tracking
 * ID"), so invalid_number reads back as not_found. */
static void test_errors(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(ADAPTER);
    static const pc_test_error_case cases[] = {
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, true, 200, NULL},
        {PC_TE_INVALID_NUMBER, PC_TE_NOT_FOUND, true, true, 200, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, true, true, 200, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 401, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_RATE_LIMITED, false, false, 429, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, NULL},
    };
    pc_test_render_errors(a, "7XX9900", false, cases, sizeof(cases) / sizeof(cases[0]));
    /* several numbers: an array, 207 Multi-Status, each error naming its number */
    char n1[] = "7XX9900", n2[] = "33LPX0000001";
    pc_track_error two[] = {{.tracking_number = n1, .kind = PC_TE_NOT_FOUND},
                            {.tracking_number = n2, .kind = PC_TE_CARRIER_ERROR}};
    pc_test_render_error_list(a, two, 2, 200);
    char *body;
    size_t len;
    int http;
    assert_int_equal(a->render(NULL, 0, NULL, 0, PC_FORMAT_XML, &body, &len, &http),
                     PC_EUNSUPPORTED);
}

/* The i-th number of a request. */
static void number(size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "7XY%012zu", (size_t)300111222330u + i * 7);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(ADAPTER);
    pc_test_request_round_trips(a, NULL, number, "AB 12/3,4%");

    static const pc_test_bad_request bad[] = {
        {"POST", "/shipping/v1/track?tracking_ids=7XX9900", NULL, PC_ENOTFOUND},
        {"GET", "/", NULL, PC_ENOTFOUND},
        {"GET", "/shipping/v1/track", NULL, PC_ENOTFOUND},
        {"GET", "/shipping/v1/address?tracking_ids=1", NULL, PC_ENOTFOUND},
        {"GET", "", NULL, PC_ENOTFOUND},
        {NULL, NULL, NULL, PC_ENOTFOUND},
        {"GET", "/shipping/v1/track?", NULL, PC_EMALFORMED},
        {"GET", "/shipping/v1/track?x=1", NULL, PC_EMALFORMED},
        {"GET", "/shipping/v1/track?tracking_ids=", NULL, PC_EMALFORMED},
        {"GET", "/shipping/v1/track?tracking_ids=1,,2", NULL, PC_EMALFORMED},
        {"GET", "/shipping/v1/track?tracking_ids=1,", NULL, PC_EMALFORMED},
        {"GET", "/shipping/v1/track?tracking_ids=%zz", NULL, PC_EMALFORMED},
        {"GET", "/shipping/v1/track?tracking_ids=%4&x=1", NULL, PC_EMALFORMED},
        {"GET", "/shipping/v1/track?tracking_ids=%00", NULL, PC_EMALFORMED},
        {"GET", "/shipping/v1/track?tracking_ids=1,2,3,4,5,6,7,8,9,10,11", NULL, PC_EMALFORMED},
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
