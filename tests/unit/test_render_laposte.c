/*
 * render_laposte: the La Poste adapter's render and parse_request callbacks are the inverses of
 * parse and build_request. Round trips on simulated histories, on the adapter's own fixtures, on
 * every error kind, and on requests of 1 and max_batch numbers; garbage requests are refused.
 */
#include "testsupport.h"

#include <stdio.h>
#include <string.h>

#define ADAPTER "laposte"

/*
 * Suivi v2 has no code for "out for delivery" nor for a failed attempt (MD2 and EP1 stand in for
 * them): both come back in_transit.
 */
static pc_status expected_status(const pc_event *ev, int newest)
{
    (void)newest;
    if (ev->code && (strcmp(ev->code, "OFD") == 0 || strcmp(ev->code, "FA") == 0))
        return PC_STATUS_IN_TRANSIT;
    return ev->status;
}

static const pc_test_render_spec spec = {
    .adapter = ADAPTER,
    .seed = 20241007u,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_DESCRIPTION | PC_TF_NO_LOCATION | PC_TF_CARRIER_ETA | PC_TF_SERVICE,
    .fixture_fields = PC_TF_SUBSTATUS | PC_TF_CODE | PC_TF_DESCRIPTION | PC_TF_CARRIER_ETA |
                      PC_TF_SERVICE | PC_TF_ENDPOINTS,
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
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, true, 404, NULL},
        {PC_TE_INVALID_NUMBER, PC_TE_INVALID_NUMBER, true, true, 400, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, true, true, 500, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 401, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_RATE_LIMITED, false, false, 429, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, NULL},
    };
    pc_test_render_errors(a, "6A99999999999", false, cases, sizeof(cases) / sizeof(cases[0]));
    /* several numbers: an array, 207 Multi-Status, each error naming its number */
    char n1[] = "6A30011122240", n2[] = "XK3TZ0OPQ91";
    pc_track_error two[] = {{.tracking_number = n1, .kind = PC_TE_NOT_FOUND},
                            {.tracking_number = n2, .kind = PC_TE_INVALID_NUMBER}};
    pc_test_render_error_list(a, two, 2, 207);
    char *body;
    size_t len;
    int http;
    assert_int_equal(a->render(NULL, 0, NULL, 0, PC_FORMAT_XML, &body, &len, &http),
                     PC_EUNSUPPORTED);
}

/* The i-th number of a request. */
static void number(size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "6A%011zu", (size_t)30011122233u + i * 7);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(ADAPTER);
    pc_test_request_round_trips(a, NULL, number, "AB 12/3,4%");

    static const pc_test_bad_request bad[] = {
        {"POST", "/suivi/v2/idships/6A30011122233", NULL, PC_ENOTFOUND},
        {"GET", "/", NULL, PC_ENOTFOUND},
        {"GET", "/suivi/v1/6A30011122233", NULL, PC_ENOTFOUND},
        {"GET", "", NULL, PC_ENOTFOUND},
        {NULL, NULL, NULL, PC_ENOTFOUND},
        {"GET", "/suivi/v2/idships/", NULL, PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/?lang=fr_FR", NULL, PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/1,,2", NULL, PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/1,", NULL, PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/a/b", NULL, PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/%zz", NULL, PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/%4?lang=fr_FR", NULL, PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/%00", NULL, PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/1,2,3,4,5,6,7,8,9,10,11", NULL, PC_EMALFORMED},
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
