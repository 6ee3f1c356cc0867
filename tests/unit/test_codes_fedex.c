/*
 * FedEx: the status tables cover the published code list group by group
 * (tests/carriers/fedex/codes.list), spot-checked mappings (collisions included), the request
 * builder, limits and hostile bodies.
 */
#include "testsupport.h"

#include "../../carriers/fedex/fedex_codes.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct group {
    const char *name;
    const pc_code_map *table;
} group;

static const group groups[] = {
    {"movement", pc__fedex_movement_codes},
    {"regulatory", pc__fedex_regulatory_codes},
    {"possession", pc__fedex_possession_codes},
};

static size_t group_len(size_t i)
{
    return i == 0   ? pc__fedex_movement_codes_len
           : i == 1 ? pc__fedex_regulatory_codes_len
                    : pc__fedex_possession_codes_len;
}

static const pc_code_map *find(const pc_code_map *t, size_t n, const char *code)
{
    return pc_code_map_find(t, n, code, strlen(code));
}

static void test_list_covered(void **state)
{
    (void)state;
    char path[1024];
    size_t len, n = 0, missing = 0;
    int g = -1;
    snprintf(path, sizeof(path), "%s/carriers/fedex/codes.list", PC_TEST_SOURCE_DIR);
    char *buf = pc_test_read_file(path, &len);
    char *p = buf;
    while (*p) {
        size_t l = strcspn(p, "\r\n");
        if (l > 7 && strncmp(p, "#group ", 7) == 0) {
            g = -1;
            for (size_t i = 0; i < 3; i++)
                if (strlen(groups[i].name) == l - 7 && strncmp(p + 7, groups[i].name, l - 7) == 0)
                    g = (int)i;
            if (g < 0)
                fail_msg("codes.list: unknown group %.*s", (int)l, p);
        } else if (l && p[0] != '#') {
            if (g < 0)
                fail_msg("codes.list: code %.*s before any #group line", (int)l, p);
            n++;
            if (!pc_code_map_find(groups[g].table, group_len((size_t)g), p, l)) {
                print_error("%s code %.*s of codes.list has no row\n", groups[g].name, (int)l, p);
                missing++;
            }
        }
        p += l;
        p += strspn(p, "\r\n");
    }
    free(buf);
    assert_true(n >= 63);
    assert_int_equal(missing, 0);
}

static void test_tables_consistent(void **state)
{
    (void)state;
    pc_test_codes_valid(pc__fedex_movement_codes, pc__fedex_movement_codes_len);
    pc_test_codes_valid(pc__fedex_regulatory_codes, pc__fedex_regulatory_codes_len);
    pc_test_codes_valid(pc__fedex_possession_codes, pc__fedex_possession_codes_len);
    pc_test_codes_valid(pc__fedex_derived_codes, pc__fedex_derived_codes_len);
    pc_test_codes_valid(pc__fedex_exception_codes, pc__fedex_exception_codes_len);
    for (size_t i = 0; i < pc__fedex_exception_codes_len; i++)
        assert_int_equal(pc__fedex_exception_codes[i].status, PC_STATUS_FAILED_ATTEMPT);
}

static void test_spot_checks(void **state)
{
    (void)state;
    static const pc_test_code_case movement[] = {
        {"DL", PC_STATUS_DELIVERED, NULL},
        {"OD", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"DE", PC_STATUS_FAILED_ATTEMPT, NULL},
        {"HP", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
        {"RS", PC_STATUS_RETURNED, NULL},
        {"OC", PC_STATUS_INFO_RECEIVED, NULL},
        {"PU", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
        {"DY", PC_STATUS_EXCEPTION, "exception.delayed"},
        {"Ow", PC_STATUS_IN_TRANSIT, NULL},
        {"AE", PC_STATUS_IN_TRANSIT, NULL},
        /* collisions with the other groups: same code, meaning by group */
        {"CA", PC_STATUS_EXCEPTION, "exception.cancelled"},
        {"RC", PC_STATUS_IN_TRANSIT, NULL},
        {"EA", PC_STATUS_IN_TRANSIT, NULL},
    };
    static const pc_test_code_case possession[] = {
        {"CA", PC_STATUS_IN_TRANSIT, NULL},
        {"RC", PC_STATUS_DELIVERED, NULL},
    };
    static const pc_test_code_case regulatory[] = {
        {"EA", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"},
        {"CD", PC_STATUS_EXCEPTION, "exception.customs"},
    };
    static const pc_test_code_case derived[] = {
        {"IN", PC_STATUS_INFO_RECEIVED, NULL},
        {"RL", PC_STATUS_EXCEPTION, "exception.delayed"},
    };
    pc_test_codes_check(pc__fedex_movement_codes, pc__fedex_movement_codes_len, movement,
                        sizeof(movement) / sizeof(movement[0]));
    pc_test_codes_check(pc__fedex_possession_codes, pc__fedex_possession_codes_len, possession,
                        sizeof(possession) / sizeof(possession[0]));
    pc_test_codes_check(pc__fedex_regulatory_codes, pc__fedex_regulatory_codes_len, regulatory,
                        sizeof(regulatory) / sizeof(regulatory[0]));
    pc_test_codes_check(pc__fedex_derived_codes, pc__fedex_derived_codes_len, derived,
                        sizeof(derived) / sizeof(derived[0]));
    /* regulatory-only codes are not movement codes; codes are matched verbatim */
    assert_null(find(pc__fedex_movement_codes, pc__fedex_movement_codes_len, "CC"));
    assert_null(find(pc__fedex_movement_codes, pc__fedex_movement_codes_len, "dl"));
    assert_null(find(pc__fedex_movement_codes, pc__fedex_movement_codes_len, "D"));
}

static int has_header(const pc_http_request *req, const char *h)
{
    for (size_t i = 0; i < req->n_headers; i++)
        if (strcmp(req->headers[i], h) == 0)
            return 1;
    return 0;
}

static void test_build_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("fedex");
    assert_non_null(a);
    assert_true(a->caps & PC_CAP_BATCH);
    assert_true(a->caps & PC_CAP_OAUTH);
    assert_int_equal(a->max_batch, 30);
    pc_http_request req;
    const char *nums[] = {"781234560012", "77\"0\\1"};
    pc_adapter_config cfg = {.access_token = "tok-123"};
    assert_int_equal(a->build_request(&cfg, nums, 2, &req), 0);
    assert_string_equal(req.method, "POST");
    assert_string_equal(req.url, "https://apis.fedex.com/track/v1/trackingnumbers");
    assert_true(has_header(&req, "Authorization: Bearer tok-123"));
    assert_true(has_header(&req, "Content-Type: application/json"));
    assert_string_equal(req.body, "{\"trackingInfo\":[{\"trackingNumberInfo\":{\"trackingNumber\":"
                                  "\"781234560012\"}},{\"trackingNumberInfo\":{\"trackingNumber\":"
                                  "\"77\\\"0\\\\1\"}}],\"includeDetailedScans\":true}");
    assert_int_equal(req.body_len, strlen(req.body));
    pc_http_request_done(&req);

    pc_adapter_config sandbox = {.base_url = "http://127.0.0.1:8080//"};
    assert_int_equal(a->build_request(&sandbox, nums, 1, &req), 0);
    assert_string_equal(req.url, "http://127.0.0.1:8080/track/v1/trackingnumbers");
    for (size_t i = 0; i < req.n_headers; i++)
        assert_null(strstr(req.headers[i], "Authorization"));
    pc_http_request_done(&req);

    const char *many[31];
    for (size_t i = 0; i < 31; i++)
        many[i] = "781234560012";
    assert_int_equal(a->build_request(&cfg, many, 30, &req), 0);
    pc_http_request_done(&req);
    assert_int_equal(a->build_request(&cfg, many, 31, &req), PC_EINVAL);
    assert_int_equal(a->build_request(&cfg, many, 0, &req), PC_EINVAL);
    const char *empty[] = {""};
    assert_int_equal(a->build_request(&cfg, empty, 1, &req), PC_EINVAL);
    const char *bad_utf8[] = {"78\xff"};
    assert_int_equal(a->build_request(&cfg, bad_utf8, 1, &req), PC_EINVAL);
    pc_adapter_config inject = {.access_token = "tok\r\nX-Evil: 1"};
    assert_int_equal(a->build_request(&inject, nums, 1, &req), PC_EINVAL);
}

static int parse_text(const char *body, size_t len, const pc_parse_limits *lim, pc_diag *diag)
{
    const pc_adapter *a = pc_test_adapter("fedex");
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO, .limits = lim};
    pc_parse_result r;
    int rc = pc_adapter_parse(a, &in, 0, &r, diag);
    pc_parse_result_done(&r);
    return rc;
}

#define SCAN(date, type)                                                                           \
    "{\"date\":\"" date "\",\"eventType\":\"" type "\",\"scanLocation\":{\"city\":\"MEMPHIS\","    \
    "\"stateOrProvinceCode\":\"TN\",\"countryCode\":\"US\"}}"
#define BODY(scans)                                                                                \
    "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":\"1\",\"trackResults\":[{"         \
    "\"scanEvents\":[" scans "]}]}]}}"

static void test_limits_and_hostile(void **state)
{
    (void)state;
    pc_diag d;
    pc_parse_limits small = {1u << 20, 2, 4096, 10};
    const char *three = BODY(SCAN("2024-01-01T10:00:00", "AR") "," SCAN(
        "2024-01-02T10:00:00", "DP") "," SCAN("2024-01-03T10:00:00", "DL"));
    assert_int_equal(parse_text(three, strlen(three), NULL, &d), 0);
    assert_int_equal(parse_text(three, strlen(three), &small, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "events"));

    /* a 5000-byte description is refused (max_string 4096), naming the field */
    const char *pre = "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":\"1\","
                      "\"trackResults\":[{\"scanEvents\":[{\"date\":\"2024-01-01T10:00:00-06:00\","
                      "\"eventDescription\":\"";
    const char *post = "\"}]}]}]}}";
    size_t pl = strlen(pre), ql = strlen(post), big = 5000;
    char *body = malloc(pl + big + ql + 1);
    assert_non_null(body);
    memcpy(body, pre, pl);
    memset(body + pl, 'x', big);
    memcpy(body + pl + big, post, ql + 1);
    assert_int_equal(parse_text(body, strlen(body), NULL, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "eventDescription"));
    free(body);

    /* deep nesting: jansson's own depth limit */
    size_t depth = 100000;
    body = malloc(depth * 2 + 1);
    assert_non_null(body);
    memset(body, '[', depth);
    memset(body + depth, ']', depth);
    body[depth * 2] = '\0';
    assert_int_equal(parse_text(body, depth * 2, NULL, &d), PC_EMALFORMED);
    free(body);

    static const char *const bad[] = {
        "   ",
        "{",
        "[]",
        "{}",
        "\"x\"",
        "{\"output\":\"x\"}",
        "{\"output\":{}}",
        "{\"output\":{\"completeTrackResults\":\"x\"}}",
        "{\"output\":{\"completeTrackResults\":[1]}}",
        "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":\"1\",\"trackResults\":7}]}}",
        "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":\"1\",\"trackResults\":[[]]}]}"
        "}",
        BODY("1"),
        BODY("{}"),
        BODY("{\"date\":5}"),
        BODY("{\"date\":\"yesterday\"}"),
        BODY("{\"date\":\"2024-02-30T10:00:00-05:00\"}"),
        "{\"output\":{\"completeTrackResults\":[{\"trackResults\":[{\"scanEvents\":[" SCAN(
            "2024-01-01T10:00:00-06:00", "AR") "]}]}]}}",
        "{\"errors\":\"x\"}",
        "{\"errors\":[1]}",
        "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":\"1\",\"trackResults\":[{"
        "\"scanEvents\":\"x\"}]}]}}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = parse_text(bad[i], strlen(bad[i]), NULL, &d);
        if (rc != PC_EMALFORMED)
            fail_msg("hostile body %zu: %s (%s)", i, pc_err_name(rc), d.message);
        assert_true(strlen(d.message) > 5);
    }

    /* tolerated: wrong types where text is expected read as absent, numbers as text */
    static const char *const odd[] = {
        BODY("{\"date\":\"2024-01-01T10:00:00-06:00\",\"eventType\":12,\"eventDescription\":[],"
             "\"scanLocation\":\"MEMPHIS\",\"exceptionCode\":{}}"),
        "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":781234560012,\"trackResults\":"
        "[{\"scanEvents\":[],\"serviceDetail\":\"x\",\"deliveryDetails\":[],\"dateAndTimes\":{},"
        "\"standardTransitTimeWindow\":{\"window\":{\"ends\":\"soon\"}}}]}]}}",
        "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":\"1\",\"trackResults\":[]}],"
        "\"alerts\":{\"x\":1}}}",
        "{\"output\":{\"completeTrackResults\":[]},\"errors\":null}",
        BODY("{\"date\":\"2024-01-01T10:00:00\",\"scanLocation\":{\"countryCode\":\"ZZ\"}}"),
        "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":\"1\",\"trackResults\":[{"
        "\"error\":[]}]}]}}",
    };
    for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
        int rc = parse_text(odd[i], strlen(odd[i]), NULL, &d);
        if (rc != 0)
            fail_msg("odd body %zu: %s (%s)", i, pc_err_name(rc), d.message);
    }

    /* an unknown eventType falls back to derivedStatusCode, then to exception/in_transit */
    const pc_adapter *a = pc_test_adapter("fedex");
    const char *fb = BODY("{\"date\":\"2024-01-01T10:00:00-06:00\",\"eventType\":\"QQ\","
                          "\"derivedStatusCode\":\"DL\"},"
                          "{\"date\":\"2024-01-02T10:00:00-06:00\",\"eventType\":\"QQ\","
                          "\"exceptionCode\":\"X1\"},"
                          "{\"date\":\"2024-01-03T10:00:00\",\"eventType\":\"QQ\"}");
    pc_parse_input in = {.data = fb, .len = strlen(fb), .format = PC_FORMAT_AUTO, .limits = NULL};
    pc_parse_result r;
    assert_int_equal(pc_adapter_parse(a, &in, 0, &r, &d), 0);
    assert_int_equal(r.n_shipments, 1);
    assert_int_equal(r.shipments[0].n_events, 3);
    assert_int_equal(r.shipments[0].events[0].status, PC_STATUS_DELIVERED);
    assert_int_equal(r.shipments[0].events[1].status, PC_STATUS_EXCEPTION);
    assert_int_equal(r.shipments[0].events[2].status, PC_STATUS_IN_TRANSIT);
    /* no place and no offset: FedEx's home zone (Central) */
    assert_int_equal(r.shipments[0].events[2].utc_offset, -360);
    pc_parse_result_done(&r);
}

/* Request context: the HTTP status decides an unfamiliar error code, Retry-After is passed on. */
static void test_request_context(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("fedex");
    const char *body = "{\"errors\":[{\"code\":\"SOME.NEW.CODE\",\"message\":\"Slow down\"}]}";
    pc_parse_input in = {.data = body, .len = strlen(body), .format = PC_FORMAT_AUTO};
    pc_parse_result r;
    pc_diag d;
    assert_int_equal(pc_adapter_parse(a, &in, 0, &r, &d), 0);
    assert_int_equal(r.n_errors, 1);
    assert_int_equal(r.errors[0].kind, PC_TE_CARRIER_ERROR);
    assert_int_equal(r.errors[0].retry_after, 0);
    pc_parse_result_done(&r);

    in.http_status = 429;
    in.retry_after = 30;
    assert_int_equal(pc_adapter_parse(a, &in, 0, &r, &d), 0);
    assert_int_equal(r.errors[0].kind, PC_TE_RATE_LIMITED);
    assert_int_equal(r.errors[0].retry_after, 30);
    assert_null(r.errors[0].tracking_number);
    pc_parse_result_done(&r);

    in.http_status = 401;
    assert_int_equal(pc_adapter_parse(a, &in, 0, &r, &d), 0);
    assert_int_equal(r.errors[0].kind, PC_TE_AUTH);
    assert_int_equal(r.errors[0].retry_after, 0);
    pc_parse_result_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_covered),       cmocka_unit_test(test_tables_consistent),
        cmocka_unit_test(test_spot_checks),        cmocka_unit_test(test_build_request),
        cmocka_unit_test(test_limits_and_hostile), cmocka_unit_test(test_request_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
