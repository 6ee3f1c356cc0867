/*
 * Canada Post: the event-identifier table covers the published code list
 * (tests/carriers/canadapost/codes.list), spot-checked mappings, the zone abbreviations, the
 * request builder, limits and hostile bodies.
 */
#include "testsupport.h"

#include "../../carriers/canadapost/canadapost_codes.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_list_covered(void **state)
{
    (void)state;
    pc_test_codes_cover("canadapost/codes.list", pc__canadapost_codes, pc__canadapost_codes_len,
                        40);
}

static void test_table_sorted(void **state)
{
    (void)state;
    pc_test_codes_valid(pc__canadapost_codes, pc__canadapost_codes_len);
}

static void test_spot_checks(void **state)
{
    (void)state;
    static const pc_test_code_case cases[] = {
        {"0174", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"0500", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"1408", PC_STATUS_DELIVERED, NULL},
        {"1438", PC_STATUS_DELIVERED, NULL},
        {"1496", PC_STATUS_DELIVERED, NULL},
        {"5300", PC_STATUS_DELIVERED, NULL},
        {"20", PC_STATUS_DELIVERED, "delivered.signed"},
        {"1479", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"},
        {"1701", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
        {"0156", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.final_notice"},
        {"0173", PC_STATUS_EXCEPTION, "exception.address"},
        {"3000", PC_STATUS_INFO_RECEIVED, NULL},
        {"2300", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
    };
    pc_test_codes_check(pc__canadapost_codes, pc__canadapost_codes_len, cases,
                        sizeof(cases) / sizeof(cases[0]));
    /* codes are matched verbatim: no "174", no "1439"/"1440" */
    static const char *const absent[] = {"174", "1439", "1440"};
    for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
        assert_null(pc_code_map_find(pc__canadapost_codes, pc__canadapost_codes_len, absent[i],
                                     strlen(absent[i])));
}

static void test_zones(void **state)
{
    (void)state;
    static const struct {
        const char *abbr;
        int offset;
    } cases[] = {{"EST", -300}, {"HNE", -300}, {"HAE", -240}, {"HAC", -300}, {"HNR", -420},
                 {"HAP", -420}, {"HAA", -180}, {"HNT", -210}, {"HAT", -150}, {"NDT", -150}};
    assert_int_equal(pc__canadapost_zones_len, 24);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int found = 0;
        for (size_t k = 0; k < pc__canadapost_zones_len; k++) {
            if (strcmp(pc__canadapost_zones[k].abbr, cases[i].abbr) == 0) {
                assert_int_equal(pc__canadapost_zones[k].offset_min, cases[i].offset);
                found++;
            }
        }
        assert_int_equal(found, 1);
    }
}

static void test_build_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("canadapost");
    assert_non_null(a);
    pc_http_request req;
    const char *nums[] = {"1371134583769923"};
    pc_adapter_config cfg = {.client_id = "user", .client_secret = "pass"};
    assert_int_equal(a->build_request(&cfg, nums, 1, &req), 0);
    assert_string_equal(req.method, "GET");
    assert_string_equal(req.url,
                        "https://soa-gw.canadapost.ca/vis/track/pin/1371134583769923/detail");
    int auth = 0;
    for (size_t i = 0; i < req.n_headers; i++)
        auth += strcmp(req.headers[i], "Authorization: Basic dXNlcjpwYXNz") == 0;
    assert_int_equal(auth, 1);
    pc_http_request_done(&req);

    const char *odd[] = {"12 34/56"};
    pc_adapter_config sandbox = {.base_url = "http://127.0.0.1:8080/"};
    assert_int_equal(a->build_request(&sandbox, odd, 1, &req), 0);
    assert_string_equal(req.url, "http://127.0.0.1:8080/vis/track/pin/12%2034%2F56/detail");
    pc_http_request_done(&req);

    const char *two[] = {"1", "2"};
    assert_int_equal(a->build_request(&cfg, two, 2, &req), PC_EINVAL);
}

static int parse_text(const char *body, size_t len, const pc_parse_limits *lim, pc_diag *diag)
{
    const pc_adapter *a = pc_test_adapter("canadapost");
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO, .limits = lim};
    pc_parse_result r;
    int rc = pc_adapter_parse(a, &in, 0, &r, diag);
    pc_parse_result_done(&r);
    return rc;
}

static void test_limits_and_hostile(void **state)
{
    (void)state;
    pc_diag d;
    pc_parse_limits small = {1u << 20, 2, 4096, 10};
    const char *three =
        "<tracking-detail><pin>1</pin><significant-events>"
        "<occurrence><event-date>2024-01-01</event-date><event-time>10:00:00</event-time>"
        "<event-time-zone>EST</event-time-zone></occurrence>"
        "<occurrence><event-date>2024-01-02</event-date><event-time>10:00:00</event-time>"
        "<event-time-zone>EST</event-time-zone></occurrence>"
        "<occurrence><event-date>2024-01-03</event-date><event-time>10:00:00</event-time>"
        "<event-time-zone>EST</event-time-zone></occurrence>"
        "</significant-events></tracking-detail>";
    assert_int_equal(parse_text(three, strlen(three), &small, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "events"));

    /* a 5000-byte description is refused (max_string 4096), naming the field */
    size_t big = 5000;
    const char *head = "<tracking-detail><pin>1</pin><significant-events><occurrence>"
                       "<event-description>";
    const char *tail = "</event-description></occurrence></significant-events></tracking-detail>";
    size_t hl = strlen(head), tl = strlen(tail);
    char *body = malloc(hl + big + tl + 1);
    assert_non_null(body);
    memcpy(body, head, hl);
    memset(body + hl, 'x', big);
    memcpy(body + hl + big, tail, tl + 1);
    assert_int_equal(parse_text(body, strlen(body), NULL, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "event-description"));
    free(body);

    /* deep nesting: libxml2's own depth limit, or no tracking-detail found */
    size_t depth = 100000;
    body = malloc(depth * 7 + 1);
    assert_non_null(body);
    for (size_t i = 0; i < depth; i++)
        memcpy(body + i * 3, "<a>", 3);
    for (size_t i = 0; i < depth; i++)
        memcpy(body + depth * 3 + i * 4, "</a>", 4);
    body[depth * 7] = '\0';
    assert_int_equal(parse_text(body, depth * 7, NULL, &d), PC_EMALFORMED);
    free(body);

    static const char *const bad[] = {
        "   ",
        "<",
        "<?xml version=\"1.0\"?>",
        "<messages/>",
        "<tracking-detail/>",
        "<tracking-detail><pin>1</pin><significant-events><occurrence>"
        "<event-date>2024-02-30</event-date><event-time>10:00:00</event-time>"
        "</occurrence></significant-events></tracking-detail>",
        "<tracking-detail><pin>1</pin><significant-events><occurrence>"
        "<event-date>2024-01-01</event-date><event-time>25:00</event-time>"
        "</occurrence></significant-events></tracking-detail>",
        "<tracking-detail><pin>1</pin><expected-delivery-date>soon</expected-delivery-date>"
        "</tracking-detail>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><tracking-detail><pin>&e;</pin>"
        "</tracking-detail>",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = parse_text(bad[i], strlen(bad[i]), NULL, &d);
        if (rc != PC_EMALFORMED)
            fail_msg("hostile body %zu: %s (%s)", i, pc_err_name(rc), d.message);
    }
    /* wrong nesting where text is expected is tolerated: the element's text is used */
    const char *nested = "<tracking-detail><pin><x>42</x></pin></tracking-detail>";
    assert_int_equal(parse_text(nested, strlen(nested), NULL, &d), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_covered),  cmocka_unit_test(test_table_sorted),
        cmocka_unit_test(test_spot_checks),   cmocka_unit_test(test_zones),
        cmocka_unit_test(test_build_request), cmocka_unit_test(test_limits_and_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
