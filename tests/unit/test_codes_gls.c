/*
 * GLS: the status and event-code tables cover tests/carriers/gls/{codes,event_codes}.list,
 * spot-checked mappings, the request builder, limits and hostile bodies.
 */
#include "testsupport.h"

#include "../../carriers/gls/gls_codes.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_lists_covered(void **state)
{
    (void)state;
    pc_test_codes_cover("gls/codes.list", pc__gls_status_codes, pc__gls_status_codes_len, 12);
    pc_test_codes_cover("gls/event_codes.list", pc__gls_event_codes, pc__gls_event_codes_len, 8);
    pc_test_codes_valid(pc__gls_status_codes, pc__gls_status_codes_len);
    pc_test_codes_valid(pc__gls_event_codes, pc__gls_event_codes_len);
    pc_test_codes_valid(pc__gls_event_families, pc__gls_event_families_len);
}

static void test_spot_checks(void **state)
{
    (void)state;
    static const pc_test_code_case statuses[] = {
        {"PREADVICE", PC_STATUS_INFO_RECEIVED, NULL},
        {"INDELIVERY", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"DELIVEREDPS", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.parcel_shop"},
        {"DELIVERED", PC_STATUS_DELIVERED, NULL},
        {"NOTDELIVERED", PC_STATUS_FAILED_ATTEMPT, NULL},
        {"NOTPICKEDUP", PC_STATUS_EXCEPTION, "exception.pickup_failed"},
        {"CANCELED", PC_STATUS_EXCEPTION, "exception.cancelled"},
    };
    static const pc_test_code_case events[] = {
        {"INTIAL.PREADVICE", PC_STATUS_INFO_RECEIVED, NULL},
        {"INTIAL.NORMAL", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
        {"OUTDEL.NORMAL", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"DELIVD.PARCELSHOP", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.parcel_shop"},
        {"DELIVD.DEL_BY_PSAPP", PC_STATUS_DELIVERED, "delivered.parcel_shop"},
    };
    static const pc_test_code_case families[] = {{"DELIVD", PC_STATUS_DELIVERED, NULL}};
    pc_test_codes_check(pc__gls_status_codes, pc__gls_status_codes_len, statuses,
                        sizeof(statuses) / sizeof(statuses[0]));
    pc_test_codes_check(pc__gls_event_codes, pc__gls_event_codes_len, events,
                        sizeof(events) / sizeof(events[0]));
    pc_test_codes_check(pc__gls_event_families, pc__gls_event_families_len, families, 1);
    /* GLS's spelling is kept: the corrected one is not a code */
    assert_null(pc_code_map_find(pc__gls_event_codes, pc__gls_event_codes_len, "INITIAL.NORMAL",
                                 (size_t)-1));
    int e404 = 0;
    for (size_t i = 0; i < pc__gls_errors_len; i++)
        if (strcmp(pc__gls_errors[i].code, "E_404_01") == 0)
            e404 = pc__gls_errors[i].kind == PC_TE_NOT_FOUND;
    assert_true(e404);
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
    const pc_adapter *a = pc_test_adapter("gls");
    assert_non_null(a);
    assert_int_equal(a->max_batch, 10);
    assert_true(a->caps & PC_CAP_BATCH);
    pc_http_request req;
    const char *nums[] = {"50318872301", "ZX 7/K2", "91204587731"};
    pc_adapter_config cfg = {.access_token = "tok123"};
    assert_int_equal(a->build_request(&cfg, nums, 3, &req), 0);
    assert_string_equal(req.method, "GET");
    assert_string_equal(req.url, "https://api.gls-group.net/track-and-trace-v1/tracking/simple/"
                                 "trackids/50318872301,ZX%207%2FK2,91204587731");
    assert_string_equal(header(&req, "Authorization:"), "Authorization: Bearer tok123");
    assert_non_null(header(&req, "Accept: application/json"));
    assert_null(req.body);
    pc_http_request_done(&req);

    pc_adapter_config sandbox = {.base_url = "http://127.0.0.1:8089/gls/"};
    assert_int_equal(a->build_request(&sandbox, nums, 1, &req), 0);
    assert_string_equal(req.url, "http://127.0.0.1:8089/gls/tracking/simple/trackids/50318872301");
    assert_null(header(&req, "Authorization:"));
    pc_http_request_done(&req);

    const char *eleven[11];
    for (size_t i = 0; i < 11; i++)
        eleven[i] = "50318872301";
    assert_int_equal(a->build_request(&cfg, eleven, 11, &req), PC_EINVAL);
    assert_int_equal(a->build_request(&cfg, nums, 0, &req), PC_EINVAL);
    const char *empty[] = {""};
    assert_int_equal(a->build_request(&cfg, empty, 1, &req), PC_EINVAL);
    pc_adapter_config evil = {.access_token = "x\r\nX-Injected: 1"};
    assert_int_equal(a->build_request(&evil, nums, 1, &req), PC_EINVAL);
}

static int parse_with(const char *body, const pc_parse_limits *lim, pc_parse_result *r,
                      pc_diag *diag)
{
    pc_parse_input in = {
        .data = body, .len = strlen(body), .format = PC_FORMAT_AUTO, .limits = lim};
    return pc_adapter_parse(pc_test_adapter("gls"), &in, 0, r, diag);
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

static void test_hostile(void **state)
{
    (void)state;
    assert_int_equal(parse_rc(""), PC_EMALFORMED);
    assert_int_equal(parse_rc("   "), PC_EMALFORMED);
    assert_int_equal(parse_rc("[]"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"parcels\":{}}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"parcels\":[\"x\"]}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"parcels\":[{\"unitno\":[1]}]}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"parcels\":[{\"unitno\":\"1\",\"events\":[7]}]}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"parcels\":[{\"unitno\":\"1\",\"events\":[{\"code\":{}}]}]}"),
                     PC_EMALFORMED);
    /* no time at all, and a time that is not one */
    assert_int_equal(parse_rc("{\"parcels\":[{\"unitno\":\"1\",\"events\":[{\"code\":\"X\"}]}]}"),
                     PC_EMALFORMED);
    assert_int_equal(
        parse_rc("{\"parcels\":[{\"unitno\":\"1\",\"events\":[{\"eventDateTime\":\"soon\"}]}]}"),
        PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"parcels\":[{\"status\":\"INTRANSIT\"}]}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"fault\":\"x\"}"), PC_EMALFORMED);
    /* an integer number is accepted where a string is expected, a real is not */
    assert_int_equal(parse_rc("{\"parcels\":[{\"unitno\":50318872301}]}"), 0);
    assert_int_equal(parse_rc("{\"parcels\":[{\"unitno\":5.5}]}"), PC_EMALFORMED);
    assert_int_equal(parse_rc("{\"parcels\":[]}"), 0);

    /* deep nesting: jansson's depth limit, no crash */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 32);
    assert_non_null(deep);
    size_t k = (size_t)snprintf(deep, 32, "{\"parcels\":");
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
    /* a huge description is PC_ELIMIT naming the field, not truncated */
    size_t big = 10000;
    char *body = malloc(big + 256);
    assert_non_null(body);
    int n = snprintf(body, 256, "{\"parcels\":[{\"unitno\":\"1\",\"events\":[{\"description\":\"");
    memset(body + n, 'a', big);
    snprintf(body + n + big, 256, "\",\"eventDateTime\":\"2024-10-07T10:46:14+0200\"}]}]}");
    assert_int_equal(parse_with(body, NULL, &r, &diag), PC_ELIMIT);
    assert_non_null(strstr(diag.message, "events[0].description"));
    pc_parse_limits roomy = {1u << 20, 10, 20000, 10};
    assert_int_equal(parse_with(body, &roomy, &r, &diag), 0);
    assert_int_equal(r.n_shipments, 1);
    assert_int_equal(strlen(r.shipments[0].events[0].description), big);
    pc_parse_result_done(&r);
    free(body);

    const char *three = "{\"parcels\":[{\"unitno\":\"1\",\"events\":["
                        "{\"eventDateTime\":\"2024-10-07T10:46:14+0200\"},"
                        "{\"eventDateTime\":\"2024-10-07T10:47:14+0200\"},"
                        "{\"eventDateTime\":\"2024-10-07T10:48:14+0200\"}]},"
                        "{\"unitno\":\"2\"}]}";
    pc_parse_limits two_events = {1u << 20, 2, 4096, 10};
    assert_int_equal(parse_with(three, &two_events, &r, &diag), PC_ELIMIT);
    pc_parse_limits one_parcel = {1u << 20, 10, 4096, 1};
    assert_int_equal(parse_with(three, &one_parcel, &r, &diag), PC_ELIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists_covered), cmocka_unit_test(test_spot_checks),
        cmocka_unit_test(test_build_request), cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
