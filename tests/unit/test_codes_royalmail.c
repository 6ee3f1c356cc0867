/*
 * Royal Mail: the eventCode table covers tests/carriers/royalmail/codes.list, spot-checked
 * mappings, error codes, the request builder, limits and hostile bodies.
 */
#include "testsupport.h"

#include "../../carriers/royalmail/royalmail_codes.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_table(void **state)
{
    (void)state;
    pc_test_codes_cover("royalmail/codes.list", pc__royalmail_codes, pc__royalmail_codes_len, 20);
    pc_test_codes_valid(pc__royalmail_codes, pc__royalmail_codes_len);
}

static void test_spot_checks(void **state)
{
    (void)state;
    static const pc_test_code_case cases[] = {
        {"EVKSP", PC_STATUS_DELIVERED, "delivered.signed"},
        {"EVKSF", PC_STATUS_DELIVERED, "delivered.safe_place"},
        {"EVKOP", PC_STATUS_DELIVERED, NULL},
        {"EVGPD", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"EVKNA", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_answer"},
        {"EVKNR", PC_STATUS_FAILED_ATTEMPT, NULL},
        {"EVNDA", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
        {"EVNMI", PC_STATUS_IN_TRANSIT, "in_transit.missort"},
        {"EVNRT", PC_STATUS_EXCEPTION, "exception.held"},
        {"EVAIP", PC_STATUS_INFO_RECEIVED, NULL},
        {"EVPPA", PC_STATUS_IN_TRANSIT, "in_transit.accepted"},
    };
    pc_test_codes_check(pc__royalmail_codes, pc__royalmail_codes_len, cases,
                        sizeof(cases) / sizeof(cases[0]));
    assert_null(pc_code_map_find(pc__royalmail_codes, pc__royalmail_codes_len, "evksp", 5));
}

static void test_errors(void **state)
{
    (void)state;
    int e1142 = 0, e0010 = 0;
    for (size_t i = 0; i < pc__royalmail_errors_len; i++) {
        if (strcmp(pc__royalmail_errors[i].code, "E1142") == 0)
            e1142 = pc__royalmail_errors[i].kind == PC_TE_NOT_FOUND;
        if (strcmp(pc__royalmail_errors[i].code, "E0010") == 0)
            e0010 = pc__royalmail_errors[i].kind == PC_TE_RATE_LIMITED;
    }
    assert_true(e1142);
    assert_true(e0010);
}

static void test_build_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("royalmail");
    assert_non_null(a);
    pc_http_request req;
    const char *nums[] = {"FQ087430672GB"};
    pc_adapter_config cfg = {.client_id = "cid", .client_secret = "secret"};
    assert_int_equal(a->build_request(&cfg, nums, 1, &req), 0);
    assert_string_equal(req.method, "GET");
    assert_string_equal(req.url, "https://api.royalmail.net/mailpieces/v2/FQ087430672GB/events");
    int seen = 0;
    for (size_t i = 0; i < req.n_headers; i++)
        seen += strcmp(req.headers[i], "X-IBM-Client-Id: cid") == 0 ||
                strcmp(req.headers[i], "X-IBM-Client-Secret: secret") == 0 ||
                strcmp(req.headers[i], "X-Accept-RMG-Terms: yes") == 0;
    assert_int_equal(seen, 3);
    pc_http_request_done(&req);

    const char *odd[] = {"AB 12/3?"};
    pc_adapter_config sandbox = {.base_url = "http://localhost:9000//"};
    assert_int_equal(a->build_request(&sandbox, odd, 1, &req), 0);
    assert_string_equal(req.url, "http://localhost:9000/mailpieces/v2/AB%2012%2F3%3F/events");
    pc_http_request_done(&req);
    assert_int_equal(a->build_request(&cfg, nums, 0, &req), PC_EINVAL);

    int ok;
    assert_int_equal(a->detect("FQ087430672GB", &ok), 95);
    assert_true(ok);
    assert_int_equal(a->detect("FQ087430671GB", &ok), 20);
    assert_false(ok);
}

static int parse_text(const char *body, const pc_parse_limits *lim, pc_diag *diag)
{
    const pc_adapter *a = pc_test_adapter("royalmail");
    pc_parse_input in = {
        .data = body, .len = strlen(body), .format = PC_FORMAT_AUTO, .limits = lim};
    pc_parse_result r;
    int rc = pc_adapter_parse(a, &in, 0, &r, diag);
    pc_parse_result_done(&r);
    return rc;
}

static void test_limits_and_hostile(void **state)
{
    (void)state;
    pc_diag d;
    static const char *const bad[] = {
        "{}",
        "[]",
        "\"mailPieces\"",
        "{\"mailPieces\": \"x\"}",
        "{\"mailPieces\": 42}",
        "{\"mailPieces\": [1, 2]}",
        "{\"mailPieces\": {\"summary\": \"x\"}}",
        "{\"mailPieces\": {\"mailPieceId\": 12}}",
        "{\"mailPieces\": {\"mailPieceId\": \"A\", \"events\": {}}}",
        "{\"mailPieces\": {\"mailPieceId\": \"A\", \"events\": [\"x\"]}}",
        "{\"mailPieces\": {\"mailPieceId\": \"A\", \"events\": [{\"eventCode\": 5}]}}",
        "{\"mailPieces\": {\"mailPieceId\": \"A\", \"events\": [{\"eventCode\": \"EVKSP\"}]}}",
        ("{\"mailPieces\": {\"mailPieceId\": \"A\", \"events\": [{\"eventDateTime\": "
         "\"yesterday\"}]}}"),
        "{\"mailPieces\": {\"mailPieceId\": \"A\", \"estimatedDelivery\": {\"date\": \"x\"}}}",
        "{\"errors\": \"E1142\"}",
        "{\"errors\": [\"E1142\"]}",
        "{\"httpCode\": {}}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = parse_text(bad[i], NULL, &d);
        if (rc != PC_EMALFORMED)
            fail_msg("hostile body %zu: %s (%s)", i, pc_err_name(rc), d.message);
    }

    /* deep nesting: jansson's depth limit */
    size_t depth = 100000;
    char *body = malloc(depth * 2 + 1);
    assert_non_null(body);
    memset(body, '[', depth);
    memset(body + depth, ']', depth);
    body[depth * 2] = '\0';
    assert_int_equal(parse_text(body, NULL, &d), PC_EMALFORMED);
    free(body);

    /* a huge eventName is PC_ELIMIT naming the field */
    const char *head = "{\"mailPieces\": {\"mailPieceId\": \"A\", \"events\": [{\"eventName\": \"";
    const char *tail = "\", \"eventDateTime\": \"2024-01-01T10:00:00Z\"}]}}";
    size_t hl = strlen(head), tl = strlen(tail), big = 10000;
    body = malloc(hl + big + tl + 1);
    assert_non_null(body);
    memcpy(body, head, hl);
    memset(body + hl, 'y', big);
    memcpy(body + hl + big, tail, tl + 1);
    assert_int_equal(parse_text(body, NULL, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "eventName"));
    free(body);

    pc_parse_limits one = {1u << 20, 1, 4096, 10};
    const char *two = "{\"mailPieces\": {\"mailPieceId\": \"A\", \"events\": ["
                      "{\"eventCode\": \"EVDAC\", \"eventDateTime\": \"2024-01-01T10:00:00Z\"},"
                      "{\"eventCode\": \"EVDAC\", \"eventDateTime\": \"2024-01-02T10:00:00Z\"}]}}";
    assert_int_equal(parse_text(two, &one, &d), PC_ELIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_spot_checks),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_build_request),
        cmocka_unit_test(test_limits_and_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
