/*
 * DPD render and parse_request: parse(render(x)) gives x back for simulated histories (at
 * several moments of their lives) and for every fixture the adapter parses; each error kind
 * renders to a SOAP body that parses to the kind DPD can say, with its HTTP status;
 * parse_request inverts build_request (the SOAP envelope) and refuses what build_request never
 * makes.
 */
#include "testsupport.h"

#include <stdio.h>
#include <string.h>

#define CARRIER "dpd"

/* DPD statuses carry no reason: the simulator's exceptions come back as a warehouse hold or a
 * plain exception, a customs release as a move between depots, a post-office hold as a Pickup
 * parcelshop, a missed delivery with no reason, a collection as a plain delivery. */
static const char *const unrepresentable[] = {"exception.weather",
                                              "exception.delayed",
                                              "exception.customs",
                                              "exception.address",
                                              "in_transit.customs_cleared",
                                              "failed_attempt.no_one_home",
                                              "available_for_pickup.post_office",
                                              "delivered.picked_up",
                                              NULL};

/* DPD has no status for a return to the sender: it reads as a move between depots. */
static pc_status expected_status(const pc_event *ev, int newest)
{
    (void)newest;
    return ev->status == PC_STATUS_RETURNED ? PC_STATUS_IN_TRANSIT : ev->status;
}

static const pc_test_render_spec spec = {
    .adapter = CARRIER,
    .seed = 20250224u,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_SUBSTATUS | PC_TF_DESCRIPTION | PC_TF_CITY | PC_TF_COUNTRY | PC_TF_SERVICE,
    .fixture_fields = PC_TF_WHOLE,
    .requested = true,
    .full_history = true,
    .lossy_substatus = unrepresentable,
    .expected_status = expected_status,
    .min_fixtures_with_shipments = 5,
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
    /* not found is an empty trackingresult: the number comes from the request; the rest are
     * SOAP Faults, which name no number, and DPD has no invalid-number or rate-limit answer */
    static const pc_test_error_case cases[] = {
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, true, 200, NULL},
        {PC_TE_INVALID_NUMBER, PC_TE_CARRIER_ERROR, true, false, 500, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 500, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_CARRIER_ERROR, false, false, 500, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, "Internal error"},
    };
    pc_test_render_errors(a, "05102034567812", true, cases, sizeof(cases) / sizeof(cases[0]));
    static const pc_test_error_case unnamed[] = {
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, false, 200, NULL},
    };
    pc_test_render_errors(a, "05102034567812", false, unnamed, 1);

    char *body = NULL;
    size_t len = 0;
    int http = 0;
    assert_int_equal(a->render(NULL, 0, NULL, 0, PC_FORMAT_JSON, &body, &len, &http),
                     PC_EUNSUPPORTED);
    assert_null(body);
}

static void number(size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "051020345678%02zu", i);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    pc_adapter_config cfg = {.account = "delis01", .access_token = "tok<&>"};
    pc_adapter_config sandbox = {.account = "d", .base_url = "http://127.0.0.1:8080/dpd/"};
    assert_int_equal(a->max_batch, 1);
    pc_test_request_round_trips(a, &cfg, number, "05 10<2>&'\"/?%]]>");
    pc_test_request_round_trips(a, &sandbox, number, "0510203456781");

#define ENV_OPEN                                                                                   \
    "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"               \
    "<soapenv:Body>"
#define ENV_CLOSE "</soapenv:Body></soapenv:Envelope>"
#define PATH      "/soap/services/ParcelLifeCycleService/V2_0"
    static const pc_test_bad_request bad[] = {
        {"GET", PATH, NULL, PC_ENOTFOUND},
        {"POST", "/soap/services/LoginService/V2_0",
         ENV_OPEN "<getAuth><delisId>x</delisId></getAuth>" ENV_CLOSE, PC_ENOTFOUND},
        {"POST", "/", NULL, PC_ENOTFOUND},
        {"POST", "", NULL, PC_ENOTFOUND},
        {"POST", "/x?y=" PATH, NULL, PC_ENOTFOUND},
        {NULL, PATH, NULL, PC_ENOTFOUND},
        {"POST", NULL, NULL, PC_ENOTFOUND},
        {"POST", PATH, NULL, PC_EMALFORMED},
        {"POST", PATH, "", PC_EMALFORMED},
        {"POST", PATH, "not xml", PC_EMALFORMED},
        {"POST", PATH, "<a><b></a>", PC_EMALFORMED},
        {"POST", PATH, ENV_OPEN ENV_CLOSE, PC_EMALFORMED},
        {"POST", PATH, ENV_OPEN "<getTrackingData/>" ENV_CLOSE, PC_EMALFORMED},
        {"POST", PATH,
         ENV_OPEN
         "<getTrackingData><parcelLabelNumber> </parcelLabelNumber></getTrackingData>" ENV_CLOSE,
         PC_EMALFORMED},
        {"POST", PATH,
         ENV_OPEN "<getTrackingData><parcelLabelNumber>1</parcelLabelNumber>"
                  "<parcelLabelNumber>2</parcelLabelNumber></getTrackingData>" ENV_CLOSE,
         PC_EMALFORMED},
        {"POST", PATH,
         "<getTrackingData><parcelLabelNumber>1</parcelLabelNumber></getTrackingData>",
         PC_EMALFORMED},
        {"POST", PATH,
         "<!DOCTYPE e [<!ENTITY x \"1\">]>" ENV_OPEN
         "<getTrackingData><parcelLabelNumber>&x;</parcelLabelNumber></getTrackingData>" ENV_CLOSE,
         PC_EMALFORMED},
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
