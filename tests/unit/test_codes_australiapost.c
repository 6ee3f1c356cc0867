/*
 * Australia Post: the status table covers tests/carriers/australiapost/codes.list, the
 * description keyword table is spot-checked on real event texts (and on its ordering traps),
 * the request builder, location parsing, limits and hostile bodies.
 */
#include "testsupport.h"

#include "../../carriers/australiapost/australiapost_codes.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_list_covered(void **state)
{
    (void)state;
    pc_test_codes_cover("australiapost/codes.list", pc__australiapost_statuses,
                        pc__australiapost_statuses_len, 20);
    pc_test_codes_valid(pc__australiapost_statuses, pc__australiapost_statuses_len);
    /* keywords are in match order, not sorted: statuses and substatuses only; they are lower case
     * (matching is case-insensitive, the table is the reference) */
    for (size_t i = 0; i < pc__australiapost_keywords_len; i++) {
        const pc_code_map *m = &pc__australiapost_keywords[i];
        assert_true(m->status < PC_STATUS_EXPIRED);
        if (m->substatus) {
            const char *st = pc_status_name(m->status);
            size_t sl = strlen(st);
            if (strncmp(m->substatus, st, sl) != 0 || m->substatus[sl] != '.')
                fail_msg("%s: substatus %s does not refine %s", m->code, m->substatus, st);
        }
        for (const char *c = m->code; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                fail_msg("keyword %s not lower case", m->code);
    }
}

static void test_statuses(void **state)
{
    (void)state;
    static const pc_test_code_case cases[] = {
        {"Delivered", PC_STATUS_DELIVERED, NULL},
        {"Awaiting collection", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
        {"Possible delay", PC_STATUS_EXCEPTION, "exception.delayed"},
        {"Article damaged", PC_STATUS_EXCEPTION, "exception.damaged"},
        {"Cannot be delivered", PC_STATUS_EXCEPTION, "exception.address"},
        {"Unsuccessful Delivery", PC_STATUS_FAILED_ATTEMPT, NULL},
        {"On Board for Delivery", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"Initiated", PC_STATUS_INFO_RECEIVED, NULL},
        {"Ready for Pickup", PC_STATUS_INFO_RECEIVED, "info_received.pickup_scheduled"},
    };
    pc_test_codes_check(pc__australiapost_statuses, pc__australiapost_statuses_len, cases,
                        sizeof(cases) / sizeof(cases[0]));
    /* the adapter's lookup: exact first, then a case-insensitive second pass */
    assert_ptr_equal(pc__australiapost_find_status("Delivered"),
                     pc_code_map_find(pc__australiapost_statuses, pc__australiapost_statuses_len,
                                      "Delivered", (size_t)-1));
    assert_ptr_equal(pc__australiapost_find_status("delivered"),
                     pc__australiapost_find_status("Delivered"));
    assert_null(pc__australiapost_find_status("Teleported"));
}

static void test_keywords(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        pc_status status; /* PC_STATUS__COUNT = no keyword matches */
        const char *substatus;
    } cases[] = {
        {"Shipping information received by Australia Post", PC_STATUS_INFO_RECEIVED, NULL},
        {"Shipping information approved by Australia Post", PC_STATUS_INFO_RECEIVED, NULL},
        {"Received by Australia Post", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
        {"Received item from Sender (Outbound)", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
        {"Item processed at facility", PC_STATUS_IN_TRANSIT, NULL},
        {"In transit to next facility in OAKLEIGH SOUTH VIC", PC_STATUS_IN_TRANSIT, NULL},
        {"Processed by air carrier", PC_STATUS_IN_TRANSIT, NULL},
        {"Cleared and awaiting international departure", PC_STATUS_IN_TRANSIT, NULL},
        {"Item cleared by Customs", PC_STATUS_IN_TRANSIT, NULL},
        {"Item is in Customs", PC_STATUS_IN_TRANSIT, "in_transit.customs"},
        {"Arrived awaiting clearance (Inbound)", PC_STATUS_IN_TRANSIT, "in_transit.customs"},
        {"Item held by Customs", PC_STATUS_EXCEPTION, "exception.customs"},
        {"Onboard for delivery", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"With Australia Post for delivery today", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"Delivered", PC_STATUS_DELIVERED, NULL},
        {"Delivered - Left in a safe place", PC_STATUS_DELIVERED, "delivered.safe_place"},
        {"Delivered - Signature obtained", PC_STATUS_DELIVERED, "delivered.signed"},
        {"Delivered to parcel locker", PC_STATUS_DELIVERED, "delivered.parcel_locker"},
        {"Item collected from Post Office", PC_STATUS_DELIVERED, "delivered.collected"},
        {"Awaiting collection at Post Office", PC_STATUS_AVAILABLE_FOR_PICKUP,
         "available_for_pickup.post_office"},
        {"Awaiting collection at Parcel Locker", PC_STATUS_AVAILABLE_FOR_PICKUP,
         "available_for_pickup.parcel_locker"},
        {"Delivered to Post Office for collection", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
        {"Attempted delivery - Item carded", PC_STATUS_FAILED_ATTEMPT, NULL},
        {"Attempted delivery - Unable to access delivery address", PC_STATUS_FAILED_ATTEMPT,
         "failed_attempt.no_access"},
        {"Unable to leave in safe place - Item carded", PC_STATUS_FAILED_ATTEMPT, NULL},
        {"Item returned to sender", PC_STATUS_RETURNED, NULL},
        {"Item refused by addressee - returning to sender", PC_STATUS_RETURNED, "returned.refused"},
        {"Cannot be delivered - insufficient address", PC_STATUS_EXCEPTION, "exception.address"},
        {"Item damaged", PC_STATUS_EXCEPTION, "exception.damaged"},
        {"Possible delay", PC_STATUS_EXCEPTION, "exception.delayed"},
        {"Delayed due to severe weather conditions", PC_STATUS_EXCEPTION, "exception.weather"},
        {"Held by courier", PC_STATUS_EXCEPTION, "exception.held"},
        {"Unsuccessful pickup from sender", PC_STATUS_EXCEPTION, "exception.pickup_failed"},
        {"Item in transit to Parcel Locker", PC_STATUS_IN_TRANSIT, NULL},
        {"ONBOARD FOR DELIVERY", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"Please contact StarTrack on 13 23 45", PC_STATUS__COUNT, NULL},
        {"", PC_STATUS__COUNT, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const pc_code_map *m = pc__australiapost_classify(cases[i].text);
        if (cases[i].status == PC_STATUS__COUNT) {
            if (m)
                fail_msg("\"%s\" matched keyword \"%s\"", cases[i].text, m->code);
            continue;
        }
        if (!m)
            fail_msg("\"%s\" matched no keyword", cases[i].text);
        if (m->status != cases[i].status)
            fail_msg("\"%s\": keyword \"%s\" gives %s, want %s", cases[i].text, m->code,
                     pc_status_name(m->status), pc_status_name(cases[i].status));
        if (cases[i].substatus)
            assert_string_equal(m->substatus, cases[i].substatus);
        else
            assert_null(m->substatus);
    }
    assert_null(pc__australiapost_classify(NULL));
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
    const pc_adapter *a = pc_test_adapter("australiapost");
    assert_non_null(a);
    assert_int_equal(a->max_batch, 10);
    assert_true(a->caps & PC_CAP_BATCH);
    pc_http_request req;
    const char *nums[] = {"33LPM5018720", "LX123456789US", "a b&c"};
    pc_adapter_config cfg = {
        .api_key = "Aladdin", .client_secret = "open sesame", .account = "0001234567"};
    assert_int_equal(a->build_request(&cfg, nums, 3, &req), 0);
    assert_string_equal(req.method, "GET");
    assert_string_equal(req.url, "https://digitalapi.auspost.com.au/shipping/v1/track?"
                                 "tracking_ids=33LPM5018720,LX123456789US,a%20b%26c");
    /* RFC 7617's example credentials */
    assert_string_equal(header(&req, "Authorization:"),
                        "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert_string_equal(header(&req, "Account-Number:"), "Account-Number: 0001234567");
    assert_null(req.body);
    pc_http_request_done(&req);

    pc_adapter_config two = {.api_key = "ab", .client_secret = "c"};
    assert_int_equal(a->build_request(&two, nums, 1, &req), 0);
    assert_string_equal(header(&req, "Authorization:"), "Authorization: Basic YWI6Yw==");
    pc_http_request_done(&req);

    pc_adapter_config sb = {.base_url = "http://127.0.0.1:9"};
    assert_int_equal(a->build_request(&sb, nums, 1, &req), 0);
    assert_string_equal(req.url, "http://127.0.0.1:9/shipping/v1/track?tracking_ids=33LPM5018720");
    assert_null(header(&req, "Authorization:"));
    pc_http_request_done(&req);

    const char *eleven[11];
    for (size_t i = 0; i < 11; i++)
        eleven[i] = "33LPM5018720";
    assert_int_equal(a->build_request(&cfg, eleven, 11, &req), PC_EINVAL);
    pc_adapter_config evil = {.account = "1\r\nX-Evil: 1"};
    assert_int_equal(a->build_request(&evil, nums, 1, &req), PC_EINVAL);
}

static int parse_with(const char *body, const pc_parse_limits *lim, pc_parse_result *r,
                      pc_diag *diag)
{
    pc_parse_input in = {
        .data = body, .len = strlen(body), .format = PC_FORMAT_AUTO, .limits = lim};
    return pc_adapter_parse(pc_test_adapter("australiapost"), &in, 0, r, diag);
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

/* Location of the only event of a body with one event at `place`. */
static void check_place(const char *place, const char *city, const char *region, const char *postal,
                        const char *country)
{
    char body[512];
    pc_parse_result r;
    pc_diag diag;
    snprintf(body, sizeof(body),
             "{\"tracking_results\":[{\"tracking_id\":\"X1\",\"trackable_items\":[{\"events\":"
             "[{\"location\":\"%s\",\"description\":\"Arrived\","
             "\"date\":\"2024-01-02T03:04:05+11:00\"}]}]}]}",
             place);
    assert_int_equal(parse_with(body, NULL, &r, &diag), 0);
    const pc_location *l = &r.shipments[0].events[0].location;
    const char *got[] = {l->city, l->region, l->postal_code, l->country};
    const char *want[] = {city, region, postal, country};
    for (size_t i = 0; i < 4; i++) {
        if ((got[i] == NULL) != (want[i] == NULL) || (got[i] && strcmp(got[i], want[i]) != 0))
            fail_msg("\"%s\": field %zu is \"%s\", want \"%s\"", place, i,
                     got[i] ? got[i] : "(null)", want[i] ? want[i] : "(null)");
    }
    pc_parse_result_done(&r);
}

static void test_locations(void **state)
{
    (void)state;
    check_place("KEW VIC", "KEW", "VIC", NULL, "AU");
    check_place("OAKLEIGH SOUTH VIC", "OAKLEIGH SOUTH", "VIC", NULL, "AU");
    check_place("DARWIN NT 0800", "DARWIN", "NT", "0800", "AU");
    check_place("SA", NULL, "SA", NULL, "AU");
    check_place("CHICAGO (US)", "CHICAGO", NULL, NULL, "US");
    check_place("JOHN F. KENNEDY APT/NEW YORK (US)", "JOHN F. KENNEDY APT/NEW YORK", NULL, NULL,
                "US");
    check_place("US-60199, UNITED STATES", NULL, NULL, "60199", "US");
    check_place("AUCKLAND, NEW ZEALAND", "AUCKLAND", NULL, NULL, "NZ");
    check_place("NZ", NULL, NULL, NULL, "NZ");
    check_place("Transit Scan", NULL, NULL, NULL, NULL);
    check_place("PER", "PER", NULL, NULL, NULL);
    check_place("SYDNEY", "SYDNEY", NULL, NULL, NULL);
    check_place("Hub (Depot 4)", "Hub (Depot 4)", NULL, NULL, NULL);
}

static void test_hostile(void **state)
{
    (void)state;
    assert_int_equal(parse_rc("{"), PC_EMALFORMED);
    assert_int_equal(parse_rc("[1]"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":\"none\"}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"errors\":{}}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"errors\":[1]}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":[1]}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":[{\"tracking_id\":\"A\"}]}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":[{\"trackable_items\":[]}]}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":[{\"tracking_id\":\"A\","
                              "\"trackable_items\":\"invalid\"}]}"),
                     PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":[{\"tracking_id\":\"A\","
                              "\"trackable_items\":[{\"events\":\"invalid\"}]}]}"),
                     PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":[{\"tracking_id\":\"A\","
                              "\"trackable_items\":[{\"events\":[{\"description\":true}]}]}]}"),
                     PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":[{\"tracking_id\":\"A\","
                              "\"trackable_items\":[{\"events\":[{\"description\":\"x\"}]}]}]}"),
                     PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":[{\"tracking_id\":\"A\",\"trackable_items\":"
                              "[{\"events\":[{\"date\":\"2024-13-40T00:00:00+10:00\"}]}]}]}"),
                     PC_EMALFORMED);
    /* numbers where strings are expected: integers print, reals are refused */
    assert_int_equal(parse_rc("{\"tracking_results\":[{\"tracking_id\":12345,"
                              "\"trackable_items\":[]}]}"),
                     0);
    assert_int_equal(parse_rc("{\"tracking_results\":[{\"tracking_id\":1.5,"
                              "\"trackable_items\":[]}]}"),
                     PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"tracking_results\":[]}"), 0);

    size_t depth = 50000;
    char *deep = malloc(2 * depth + 32);
    assert_non_null(deep);
    size_t k = (size_t)snprintf(deep, 32, "{\"tracking_results\":");
    for (size_t i = 0; i < depth; i++)
        deep[k++] = '[';
    for (size_t i = 0; i < depth; i++)
        deep[k++] = ']';
    deep[k++] = '}';
    deep[k] = '\0';
    assert_int_equal(parse_rc(deep), PC_EMALFORMED);
    free(deep);
}

static void test_limits(void **state)
{
    (void)state;
    pc_parse_result r;
    pc_diag diag;
    size_t big = 5000;
    char *body = malloc(big + 256);
    assert_non_null(body);
    int n = snprintf(body, 256,
                     "{\"tracking_results\":[{\"tracking_id\":\"A\","
                     "\"trackable_items\":[{\"product_type\":\"");
    memset(body + n, 'p', big);
    snprintf(body + n + big, 256, "\",\"events\":[]}]}]}");
    assert_int_equal(parse_with(body, NULL, &r, &diag), PC_ELIMIT);
    assert_non_null(strstr(diag.message, "product_type"));
    free(body);

    const char *two = "{\"tracking_results\":[{\"tracking_id\":\"A\",\"trackable_items\":[]},"
                      "{\"tracking_id\":\"B\",\"trackable_items\":[]}]}";
    pc_parse_limits one = {1u << 20, 10, 4096, 1};
    assert_int_equal(parse_with(two, &one, &r, &diag), PC_ELIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_covered), cmocka_unit_test(test_statuses),
        cmocka_unit_test(test_keywords),     cmocka_unit_test(test_build_request),
        cmocka_unit_test(test_locations),    cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
