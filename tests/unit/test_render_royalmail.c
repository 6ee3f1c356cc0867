/*
 * render_royalmail: the Royal Mail adapter's render and parse_request callbacks are the inverses of
 * parse and build_request. Round trips on simulated histories, on the adapter's own fixtures, on
 * every error kind, and on requests of 1 and max_batch numbers; garbage requests are refused.
 */
#include "testsupport.h"

#include <stdio.h>
#include <string.h>

#define ADAPTER "royalmail"

/*
 * Royal Mail has no published return-to-sender code: parse takes summary.statusCategory for it
 * when it is the newest event (always so in a simulated history) and in_transit otherwise.
 */
static pc_status expected_status(const pc_event *ev, int newest)
{
    if (ev->code && strcmp(ev->code, "RT") == 0 && !newest)
        return PC_STATUS_IN_TRANSIT;
    return ev->status;
}

static const pc_test_render_spec spec = {
    .adapter = ADAPTER,
    .seed = 20241007u,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_CITY | PC_TF_DESCRIPTION | PC_TF_CARRIER_ETA | PC_TF_SERVICE,
    .fixture_fields = PC_TF_SUBSTATUS | PC_TF_CODE | PC_TF_DESCRIPTION | PC_TF_CITY |
                      PC_TF_CARRIER_ETA | PC_TF_SERVICE | PC_TF_SIGNED_BY | PC_TF_ENDPOINTS,
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

/*
 * The events resource answers one number, and its error bodies do not repeat it: the poller
 * knows which number it asked for. Per-number errors beside other pieces go in the summary
 * resource, which names each number. Royal Mail answers an unknown and a malformed barcode
 * alike (E1142, 404), so invalid_number comes back as not_found.
 */
static void test_errors(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(ADAPTER);
    static const pc_test_error_case cases[] = {
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, false, 404, NULL},
        {PC_TE_INVALID_NUMBER, PC_TE_NOT_FOUND, true, false, 404, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, true, false, 500, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 401, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_RATE_LIMITED, false, false, 429, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, NULL},
    };
    pc_test_render_errors(a, "QQ123456785GB", false, cases, sizeof(cases) / sizeof(cases[0]));
    /* the summary resource keeps each number */
    char n1[] = "QQ123456785GB", n2[] = "AB000000000GB";
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
    snprintf(buf, size, "QQ%09zuGB", (size_t)123456785u + i * 7);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(ADAPTER);
    pc_test_request_round_trips(a, NULL, number, "AB 12,3%4?");

    static const pc_test_bad_request bad[] = {
        {"POST", "/mailpieces/v2/QQ123456785GB/events", NULL, PC_ENOTFOUND},
        {"GET", "/", NULL, PC_ENOTFOUND},
        {"GET", "/mailpieces/v2/QQ123456785GB", NULL, PC_ENOTFOUND},
        {"GET", "/mailpieces/v2/QQ123456785GB/signature", NULL, PC_ENOTFOUND},
        {"GET", "/mailpieces/v2/summary?mailPieceId=QQ123456785GB", NULL, PC_ENOTFOUND},
        {"GET", "", NULL, PC_ENOTFOUND},
        {NULL, NULL, NULL, PC_ENOTFOUND},
        {"GET", "/mailpieces/v2//events", NULL, PC_EMALFORMED},
        {"GET", "/mailpieces/v2/a/b/events", NULL, PC_EMALFORMED},
        {"GET", "/mailpieces/v2/%zz/events", NULL, PC_EMALFORMED},
        {"GET", "/mailpieces/v2/%4/events", NULL, PC_EMALFORMED},
        {"GET", "/mailpieces/v2/%00/events", NULL, PC_EMALFORMED},
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
