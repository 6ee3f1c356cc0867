/*
 * DPD: the status table covers tests/carriers/dpd/codes.list, spot-checked mappings, the SOAP
 * request builder, the date forms, limits and hostile bodies.
 */
#include "testsupport.h"

#include "../../carriers/dpd/dpd_codes.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_list_covered(void **state)
{
    (void)state;
    pc_test_codes_cover("dpd/codes.list", pc__dpd_codes, pc__dpd_codes_len, 12);
    pc_test_codes_valid(pc__dpd_codes, pc__dpd_codes_len);
}

static void test_spot_checks(void **state)
{
    (void)state;
    static const pc_test_code_case cases[] = {
        {"SHIPMENT", PC_STATUS_INFO_RECEIVED, NULL},
        {"PickedUp", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
        {"BetweenDepots", PC_STATUS_IN_TRANSIT, NULL},
        {"Depot", PC_STATUS_IN_TRANSIT, "in_transit.at_delivery_depot"},
        {"Courier", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"DeliveryFailure", PC_STATUS_FAILED_ATTEMPT, NULL},
        {"ReturningFromDelivery", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.back_at_depot"},
        {"ParcelShop", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.parcel_shop"},
        {"Delivered", PC_STATUS_DELIVERED, NULL},
        {"Customs", PC_STATUS_IN_TRANSIT, "in_transit.customs"},
        {"Warehouse", PC_STATUS_EXCEPTION, "exception.held"},
    };
    pc_test_codes_check(pc__dpd_codes, pc__dpd_codes_len, cases, sizeof(cases) / sizeof(cases[0]));
    assert_null(pc_code_map_find(pc__dpd_codes, pc__dpd_codes_len, "delivered", 9));
    assert_int_equal(pc__dpd_errors[0].kind, PC_TE_AUTH);
}

static const char *header(const pc_http_request *req, const char *prefix)
{
    for (size_t i = 0; i < req->n_headers; i++)
        if (strncmp(req->headers[i], prefix, strlen(prefix)) == 0)
            return req->headers[i];
    return NULL;
}

static void test_build_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("dpd");
    assert_non_null(a);
    assert_int_equal(a->max_batch, 1);
    assert_false(a->caps & PC_CAP_BATCH);
    pc_http_request req;
    const char *nums[] = {"05308801410058"};
    pc_adapter_config cfg = {.account = "KD<4711>", .access_token = "t&k"};
    assert_int_equal(a->build_request(&cfg, nums, 1, &req), 0);
    assert_string_equal(req.method, "POST");
    assert_string_equal(req.url,
                        "https://wsshipper.dpd.be/soap/services/ParcelLifeCycleService/V2_0");
    assert_non_null(header(&req, "Content-Type: text/xml"));
    assert_string_equal(header(&req, "SOAPAction:"),
                        "SOAPAction: \"http://dpd.com/common/service/ParcelLifeCycleService/2.0/"
                        "getTrackingData\"");
    assert_non_null(req.body);
    assert_int_equal(strlen(req.body), req.body_len);
    assert_non_null(strstr(req.body, "<delisId>KD&lt;4711&gt;</delisId>"));
    assert_non_null(strstr(req.body, "<authToken>t&amp;k</authToken>"));
    assert_non_null(strstr(req.body, "<messageLanguage>en_EN</messageLanguage>"));
    assert_non_null(strstr(req.body, "<parcelLabelNumber>05308801410058</parcelLabelNumber>"));
    assert_non_null(strstr(req.body, "<ns1:getTrackingData>"));
    pc_http_request_done(&req);

    /* api_key stands in for the token; sandbox base URL */
    pc_adapter_config sb = {.base_url = "http://127.0.0.1:9/dpd/", .account = "X", .api_key = "k"};
    assert_int_equal(a->build_request(&sb, nums, 1, &req), 0);
    assert_string_equal(req.url,
                        "http://127.0.0.1:9/dpd/soap/services/ParcelLifeCycleService/V2_0");
    assert_non_null(strstr(req.body, "<authToken>k</authToken>"));
    pc_http_request_done(&req);

    const char *two[] = {"05308801410058", "05308801410059"};
    assert_int_equal(a->build_request(&cfg, two, 2, &req), PC_EINVAL);
    const char *ctrl[] = {"0530\x01"};
    assert_int_equal(a->build_request(&cfg, ctrl, 1, &req), PC_EINVAL);
}

static int parse_with(const char *body, const pc_parse_limits *lim, pc_parse_result *r,
                      pc_diag *diag)
{
    pc_parse_input in = {
        .data = body, .len = strlen(body), .format = PC_FORMAT_AUTO, .limits = lim};
    return pc_adapter_parse(pc_test_adapter("dpd"), &in, 0, r, diag);
}

static int parse_rc(const char *body)
{
    pc_parse_result r;
    pc_diag diag;
    int rc = parse_with(body, NULL, &r, &diag);
    if (rc == 0)
        pc_parse_result_done(&r);
    else
        assert_true(strlen(diag.message) > 5);
    return rc;
}

#define ENV_HEAD                                                                                   \
    "<Envelope><Body><getTrackingDataResponse><trackingresult><shipmentInfo>"                      \
    "<parcelLabelNumber>05300000000001</parcelLabelNumber></shipmentInfo>"
#define ENV_TAIL "</trackingresult></getTrackingDataResponse></Body></Envelope>"
#define STATUS(code, date)                                                                         \
    "<statusInfo><status>" code "</status><statusHasBeenReached>true</statusHasBeenReached>"       \
    "<location><content>Puurs (BE)</content></location><date><content>" date                       \
    "</content></date></statusInfo>"

/* UTC time of the only event of a one-status body. */
static int64_t one_event_time(const char *date_status)
{
    pc_parse_result r;
    pc_diag diag;
    char body[1024];
    snprintf(body, sizeof(body), "%s%s%s", ENV_HEAD, date_status, ENV_TAIL);
    int rc = parse_with(body, NULL, &r, &diag);
    if (rc < 0)
        fail_msg("%s: %s", date_status, diag.message);
    assert_int_equal(r.n_shipments, 1);
    assert_int_equal(r.shipments[0].n_events, 1);
    int64_t t = r.shipments[0].events[0].time;
    pc_parse_result_done(&r);
    return t;
}

static void test_dates(void **state)
{
    (void)state;
    /* 2021-08-17 19:11:26 CEST = 17:11:26Z */
    int64_t want = 1629220286;
    assert_int_equal(one_event_time(STATUS("Depot", "8/17/2021 7:11:26 PM")), want);
    assert_int_equal(one_event_time(STATUS("Depot", "08/17/2021 07:11:26 pm")), want);
    assert_int_equal(one_event_time(STATUS("Depot", "8/17/2021 19:11:26")), want);
    assert_int_equal(one_event_time(STATUS("Depot", "17.08.2021 19:11:26")), want);
    assert_int_equal(one_event_time(STATUS("Depot", "17-08-2021 19:11:26")), want);
    assert_int_equal(one_event_time(STATUS("Depot", "8/17/2021 7:11 PM")), want - 26);
    /* 12 AM is midnight, 12 PM noon */
    assert_int_equal(one_event_time(STATUS("Depot", "8/17/2021 12:00:00 AM")), 1629151200);
    assert_int_equal(one_event_time(STATUS("Depot", "8/17/2021 12:00:00 PM")), 1629194400);

    static const char *const bad[] = {"8/17/21 7:11:26 PM",
                                      "13/17/2021 7:11:26 PM",
                                      "8/17/2021 13:11:26 PM",
                                      "8/17/2021 0:11:26 AM",
                                      "8/17/2021 7:11:26 XM",
                                      "8/17/2021",
                                      "yesterday",
                                      "2/30/2021 7:11:26 PM"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char body[1024];
        snprintf(body, sizeof(body),
                 ENV_HEAD "<statusInfo><status>Depot</status>"
                          "<statusHasBeenReached>true</statusHasBeenReached>"
                          "<date><content>%s</content></date></statusInfo>" ENV_TAIL,
                 bad[i]);
        if (parse_rc(body) != PC_EMALFORMED)
            fail_msg("date \"%s\" accepted", bad[i]);
    }
}

static void test_hostile(void **state)
{
    (void)state;
    assert_int_equal(parse_rc("<"), PC_EMALFORMED);
    assert_int_equal(parse_rc("<a></b>"), PC_EMALFORMED);
    assert_int_equal(parse_rc("<Envelope><Body/></Envelope>"), PC_EMALFORMED);
    assert_int_equal(parse_rc("<Envelope/>"), PC_EMALFORMED);
    /* reached status without a date; future status without one is fine */
    assert_int_equal(parse_rc(ENV_HEAD "<statusInfo><status>Depot</status><statusHasBeenReached>"
                                       "true</statusHasBeenReached></statusInfo>" ENV_TAIL),
                     PC_EMALFORMED);
    assert_int_equal(parse_rc(ENV_HEAD "<statusInfo><status>Depot</status><statusHasBeenReached>"
                                       "false</statusHasBeenReached></statusInfo>" ENV_TAIL),
                     0);
    /* elements where text is expected, text where elements are expected: ignored, no crash */
    assert_int_equal(parse_rc(ENV_HEAD "<statusInfo>text<status><x/></status>"
                                       "<statusHasBeenReached>true</statusHasBeenReached>"
                                       "<date><content>8/17/2021 7:11:26 PM</content></date>"
                                       "</statusInfo>" ENV_TAIL),
                     0);
    assert_int_equal(parse_rc(ENV_HEAD "<statusInfo>just text</statusInfo>" ENV_TAIL), 0);
    /* a wrapped, prefixed envelope; a bare response without envelope */
    assert_int_equal(parse_rc("<s:Envelope xmlns:s=\"urn:x\"><s:Body><p:getTrackingDataResponse "
                              "xmlns:p=\"urn:y\"><p:trackingresult/></p:getTrackingDataResponse>"
                              "</s:Body></s:Envelope>"),
                     0);
    assert_int_equal(
        parse_rc("<getTrackingDataResponse><trackingresult/></getTrackingDataResponse>"), 0);

    /* deep nesting: libxml2's depth limit, no crash */
    size_t depth = 20000;
    char *deep = malloc(depth * 7 + 64);
    assert_non_null(deep);
    size_t k = 0;
    for (size_t i = 0; i < depth; i++) {
        memcpy(deep + k, "<a>", 3);
        k += 3;
    }
    for (size_t i = 0; i < depth; i++) {
        memcpy(deep + k, "</a>", 4);
        k += 4;
    }
    deep[k] = '\0';
    int rc = parse_rc(deep);
    assert_true(rc == PC_EMALFORMED);
    free(deep);
}

static void test_limits(void **state)
{
    (void)state;
    pc_parse_result r;
    pc_diag diag;
    size_t big = 9000;
    size_t cap = big + 1024;
    char *body = malloc(cap);
    assert_non_null(body);
    int n = snprintf(body, cap,
                     ENV_HEAD "<statusInfo><status>Depot</status>"
                              "<statusHasBeenReached>true</statusHasBeenReached>"
                              "<description><content><content>");
    memset(body + n, 'b', big);
    snprintf(body + n + big, cap - (size_t)n - big,
             "</content></content></description><date><content>8/17/2021 7:11:26 PM</content>"
             "</date></statusInfo>" ENV_TAIL);
    assert_int_equal(parse_with(body, NULL, &r, &diag), PC_ELIMIT);
    assert_non_null(strstr(diag.message, "statusInfo[0]"));
    pc_parse_limits roomy = {1u << 20, 10, 10000, 10};
    assert_int_equal(parse_with(body, &roomy, &r, &diag), 0);
    assert_int_equal(strlen(r.shipments[0].events[0].description), big);
    pc_parse_result_done(&r);
    free(body);

    pc_parse_limits one_event = {1u << 20, 1, 4096, 10};
    assert_int_equal(parse_with(ENV_HEAD STATUS("Depot", "8/17/2021 7:11:26 PM")
                                    STATUS("Courier", "8/18/2021 7:11:26 AM") ENV_TAIL,
                                &one_event, &r, &diag),
                     PC_ELIMIT);
}

/* The real response shape never repeats the parcel number: it is keyed by the number the
 * request asked for, and rejected when that is not known. */
static void test_requested_number(void **state)
{
    (void)state;
    size_t len;
    char *body = pc_test_read_file(PC_TEST_SOURCE_DIR "/carriers/dpd/xml_no_number.xml", &len);
    const char *asked[] = {"05162400123456"};
    pc_parse_result r;
    pc_diag diag;
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_XML, .limits = NULL};
    assert_int_equal(pc_adapter_parse(pc_test_adapter("dpd"), &in, 0, &r, &diag), PC_EMALFORMED);
    assert_non_null(strstr(diag.message, "cannot be keyed"));
    in.requested = asked;
    in.n_requested = 1;
    assert_int_equal(pc_adapter_parse(pc_test_adapter("dpd"), &in, 0, &r, &diag), 0);
    assert_int_equal(r.n_shipments, 1);
    assert_string_equal(r.shipments[0].tracking_number, "05162400123456");
    assert_true(r.shipments[0].n_events > 0);
    pc_parse_result_done(&r);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_covered),     cmocka_unit_test(test_spot_checks),
        cmocka_unit_test(test_build_request),    cmocka_unit_test(test_dates),
        cmocka_unit_test(test_hostile),          cmocka_unit_test(test_limits),
        cmocka_unit_test(test_requested_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
