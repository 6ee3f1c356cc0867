/*
 * La Poste: the event-code table covers tests/carriers/laposte/codes.list, spot-checked mappings
 * (MD2 is not out_for_delivery), the family fallback, the batch request builder, limits and
 * hostile bodies.
 */
#include "testsupport.h"

#include "../../carriers/laposte/laposte_codes.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_table(void **state)
{
    (void)state;
    pc_test_codes_cover("laposte/codes.list", pc__laposte_codes, pc__laposte_codes_len, 19);
    assert_int_equal(pc__laposte_codes_len, 19);
    pc_test_codes_valid(pc__laposte_codes, pc__laposte_codes_len);
}

static void test_spot_checks(void **state)
{
    (void)state;
    static const pc_test_code_case cases[] = {
        {"DI1", PC_STATUS_DELIVERED, NULL},
        {"DI2", PC_STATUS_RETURNED, "returned.delivered_to_sender"},
        {"MD2", PC_STATUS_IN_TRANSIT, "in_transit.at_delivery_site"},
        {"ET1", PC_STATUS_IN_TRANSIT, NULL},
        {"ET3", PC_STATUS_IN_TRANSIT, NULL},
        {"DR1", PC_STATUS_INFO_RECEIVED, NULL},
        {"DO3", PC_STATUS_EXCEPTION, "exception.customs"},
        {"PB1", PC_STATUS_EXCEPTION, NULL},
        {"AG1", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
        {"RE1", PC_STATUS_RETURNED, NULL},
        {"ND1", PC_STATUS_EXCEPTION, "exception.undeliverable"},
    };
    pc_test_codes_check(pc__laposte_codes, pc__laposte_codes_len, cases,
                        sizeof(cases) / sizeof(cases[0]));
    assert_int_equal(pc__laposte_family_status("PB7"), PC_STATUS_EXCEPTION);
    assert_int_equal(pc__laposte_family_status("ND3"), PC_STATUS_EXCEPTION);
    assert_int_equal(pc__laposte_family_status("ZZ1"), PC_STATUS_IN_TRANSIT);
    assert_int_equal(pc__laposte_family_status(NULL), PC_STATUS_IN_TRANSIT);
}

static void test_build_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("laposte");
    assert_non_null(a);
    assert_true(a->caps & PC_CAP_BATCH);
    assert_int_equal(a->max_batch, 10);
    pc_http_request req;
    const char *nums[] = {"6A24815033987", "CB402117759FR", "a b"};
    pc_adapter_config cfg = {.api_key = "okapi"};
    assert_int_equal(a->build_request(&cfg, nums, 3, &req), 0);
    assert_string_equal(req.method, "GET");
    assert_string_equal(req.url, "https://api.laposte.fr/suivi/v2/idships/"
                                 "6A24815033987,CB402117759FR,a%20b?lang=fr_FR");
    int key = 0;
    for (size_t i = 0; i < req.n_headers; i++)
        key += strcmp(req.headers[i], "X-Okapi-Key: okapi") == 0;
    assert_int_equal(key, 1);
    pc_http_request_done(&req);

    const char *eleven[11];
    for (size_t i = 0; i < 11; i++)
        eleven[i] = "6A24815033987";
    assert_int_equal(a->build_request(&cfg, eleven, 11, &req), PC_EINVAL);
    assert_int_equal(a->build_request(&cfg, eleven, 10, &req), 0);
    pc_http_request_done(&req);

    int ok;
    assert_int_equal(a->detect("CB402117759FR", &ok), 95);
    assert_true(ok);
    assert_int_equal(a->detect("6A24815033987", &ok), 60);
}

static int parse_text(const char *body, const pc_parse_limits *lim, pc_diag *diag)
{
    const pc_adapter *a = pc_test_adapter("laposte");
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
        "[]",
        "{}",
        "[1]",
        "[\"x\"]",
        "[{\"returnCode\": 200}]",
        "[{\"returnCode\": \"abc\"}]",
        "[{\"returnCode\": 200, \"shipment\": []}]",
        "[{\"returnCode\": 200, \"shipment\": {}}]",
        "[{\"returnCode\": 200, \"shipment\": {\"idShip\": 5}}]",
        "[{\"returnCode\": 200, \"shipment\": {\"idShip\": \"A\", \"event\": {}}}]",
        "[{\"returnCode\": 200, \"shipment\": {\"idShip\": \"A\", \"event\": [7]}}]",
        ("[{\"returnCode\": 200, \"shipment\": {\"idShip\": \"A\", \"event\": [{\"code\": "
         "\"DI1\"}]}}]"),
        "[{\"returnCode\": 200, \"shipment\": {\"idShip\": \"A\", \"event\": [{\"date\": []}]}}]",
        "[{\"returnCode\": 200, \"shipment\": {\"idShip\": \"A\", \"contextData\": 3}}]",
        "[{\"returnCode\": 200, \"shipment\": {\"idShip\": \"A\", \"estimDate\": \"demain\"}}]",
        "{\"code\": 429}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = parse_text(bad[i], NULL, &d);
        if (rc != PC_EMALFORMED)
            fail_msg("hostile body %zu: %s (%s)", i, pc_err_name(rc), d.message);
    }

    size_t depth = 100000;
    char *body = malloc(depth * 2 + 1);
    assert_non_null(body);
    memset(body, '[', depth);
    memset(body + depth, ']', depth);
    body[depth * 2] = '\0';
    assert_int_equal(parse_text(body, NULL, &d), PC_EMALFORMED);
    free(body);

    const char *head = "[{\"returnCode\": 200, \"shipment\": {\"idShip\": \"A\", \"product\": \"";
    const char *tail = "\"}}]";
    size_t hl = strlen(head), tl = strlen(tail), big = 8192;
    body = malloc(hl + big + tl + 1);
    assert_non_null(body);
    memcpy(body, head, hl);
    memset(body + hl, 'z', big);
    memcpy(body + hl + big, tail, tl + 1);
    assert_int_equal(parse_text(body, NULL, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "product"));
    free(body);

    pc_parse_limits one = {1u << 20, 10, 4096, 1};
    const char *two = "[{\"returnCode\": 200, \"shipment\": {\"idShip\": \"A\"}},"
                      " {\"returnCode\": 200, \"shipment\": {\"idShip\": \"B\"}}]";
    assert_int_equal(parse_text(two, &one, &d), PC_ELIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_spot_checks),
        cmocka_unit_test(test_build_request),
        cmocka_unit_test(test_limits_and_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
