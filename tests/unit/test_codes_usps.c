/*
 * USPS code tables (every published event code maps, spot checks, error kinds), plus the parts
 * of the adapter the fixture walker cannot reach: build_request, detect, and hostile bodies.
 */
#include "testsupport.h"

#include "../../carriers/usps/usps_codes.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Codes from tests/carriers/usps/<name>, one per line; returns the count, fills codes. */
static size_t read_list(const char *name, char codes[][16], size_t max)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/carriers/usps/%s", PC_TEST_SOURCE_DIR, name);
    char *text = pc_test_read_file(path, NULL);
    size_t n = 0;
    for (char *p = text; *p;) {
        char *e = p + strcspn(p, "\r\n");
        size_t len = (size_t)(e - p);
        if (len) {
            assert_true(len < 16);
            assert_true(n < max);
            memcpy(codes[n], p, len);
            codes[n][len] = '\0';
            n++;
        }
        p = *e ? e + 1 : e;
    }
    free(text);
    return n;
}

static void test_every_event_code_maps(void **state)
{
    (void)state;
    pc_test_codes_cover("usps/codes.list", pc__usps_event_codes, pc__usps_event_codes_len, 50);
    pc_test_codes_valid(pc__usps_event_codes, pc__usps_event_codes_len);
    /* no pending rows, no stray rows outside the published list */
    char codes[128][16];
    size_t n = read_list("codes.list", codes, 128);
    for (size_t k = 0; k < pc__usps_event_codes_len; k++) {
        int listed = 0;
        for (size_t i = 0; i < n; i++)
            listed |= strcmp(pc__usps_event_codes[k].code, codes[i]) == 0;
        if (!listed)
            fail_msg("table row \"%s\" is not in codes.list", pc__usps_event_codes[k].code);
        if (pc__usps_event_codes[k].status == PC_STATUS_PENDING)
            fail_msg("table row \"%s\" maps to pending", pc__usps_event_codes[k].code);
    }
}

static void expect_status(const char *code, pc_status st)
{
    const pc_code_map *m =
        pc_code_map_find(pc__usps_event_codes, pc__usps_event_codes_len, code, strlen(code));
    if (!m)
        fail_msg("code %s missing", code);
    assert_string_equal(pc_status_name(m->status), pc_status_name(st));
}

static void test_event_code_spot_checks(void **state)
{
    (void)state;
    static const pc_test_code_case cases[] = {
        {"01", PC_STATUS_DELIVERED, NULL},
        {"02", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"},
        {"30", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"},
        {"53", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"},
        {"56", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_recipient"},
        {"04", PC_STATUS_RETURNED, "returned.refused"},
        {"09", PC_STATUS_RETURNED, NULL},
        {"23", PC_STATUS_RETURNED, "returned.moved"},
        {"31", PC_STATUS_RETURNED, "returned.unclaimed"},
        {"05", PC_STATUS_EXCEPTION, "exception.address"},
        {"16", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
        {"OF", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"MA", PC_STATUS_INFO_RECEIVED, NULL},
        {"GX", PC_STATUS_INFO_RECEIVED, NULL},
        {"TL", PC_STATUS_IN_TRANSIT, NULL},
    };
    pc_test_codes_check(pc__usps_event_codes, pc__usps_event_codes_len, cases,
                        sizeof(cases) / sizeof(cases[0]));
    /* leading zeros matter: "1" and "2" are not USPS codes */
    assert_null(pc_code_map_find(pc__usps_event_codes, pc__usps_event_codes_len, "1", 1));
    assert_null(pc_code_map_find(pc__usps_event_codes, pc__usps_event_codes_len, "2", 1));
    /* the whole attempted group and the whole RTS group */
    static const char *const attempted[] = {"02", "52", "53", "54", "55", "56"};
    for (size_t i = 0; i < sizeof(attempted) / sizeof(attempted[0]); i++)
        expect_status(attempted[i], PC_STATUS_FAILED_ATTEMPT);
    static const char *const rts[] = {"09", "21", "22", "23", "24", "25",
                                      "26", "27", "28", "29", "31"};
    for (size_t i = 0; i < sizeof(rts) / sizeof(rts[0]); i++)
        expect_status(rts[i], PC_STATUS_RETURNED);
}

static void test_error_codes(void **state)
{
    (void)state;
    char codes[32][16];
    size_t n = read_list("v3_error_codes.list", codes, 32);
    assert_int_equal(n, 13);
    for (size_t i = 0; i < n; i++) {
        if (!pc__usps_error_find(pc__usps_v3_error_codes, pc__usps_v3_error_codes_len, codes[i]))
            fail_msg("v3 error code %s has no kind", codes[i]);
    }
    assert_int_equal(
        pc__usps_error_find(pc__usps_v3_error_codes, pc__usps_v3_error_codes_len, "150002")->kind,
        PC_TE_NOT_FOUND);
    assert_int_equal(
        pc__usps_error_find(pc__usps_v3_error_codes, pc__usps_v3_error_codes_len, "150010")->kind,
        PC_TE_INVALID_NUMBER);
    assert_int_equal(pc__usps_error_find(pc__usps_trackv2_error_codes,
                                         pc__usps_trackv2_error_codes_len, "80040B1A")
                         ->kind,
                     PC_TE_AUTH);
    assert_int_equal(pc__usps_error_find(pc__usps_trackv2_error_codes,
                                         pc__usps_trackv2_error_codes_len, "-2147219302")
                         ->kind,
                     PC_TE_NOT_FOUND);
    assert_null(pc__usps_error_find(pc__usps_trackv2_error_codes, pc__usps_trackv2_error_codes_len,
                                    "80040b1a"));
}

static void test_build_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("usps");
    assert_non_null(a);
    assert_int_equal(a->max_batch, 1);
    assert_true(a->caps & PC_CAP_OAUTH);
    assert_false(a->caps & PC_CAP_BATCH);
    pc_http_request req;
    pc_adapter_config cfg = {.access_token = "tok123"};
    const char *one[] = {"9400 1000/0000?x"};
    assert_int_equal(a->build_request(&cfg, one, 1, &req), 0);
    assert_string_equal(req.method, "GET");
    assert_string_equal(req.url, "https://apis.usps.com/tracking/v3/tracking/9400%201000%2F0000%3Fx"
                                 "?expand=DETAIL");
    assert_int_equal(req.n_headers, 2);
    assert_string_equal(req.headers[0], "Authorization: Bearer tok123");
    assert_string_equal(req.headers[1], "Accept: application/json");
    assert_null(req.body);
    pc_http_request_done(&req);

    cfg.base_url = "http://127.0.0.1:8080/";
    const char *num[] = {"9405511899223197428490"};
    assert_int_equal(a->build_request(&cfg, num, 1, &req), 0);
    assert_string_equal(req.url, "http://127.0.0.1:8080/tracking/v3/tracking/"
                                 "9405511899223197428490?expand=DETAIL");
    pc_http_request_done(&req);

    const char *two[] = {"9405511899223197428490", "9205501234567890123453"};
    assert_int_equal(a->build_request(&cfg, two, 2, &req), PC_EINVAL);
    cfg.access_token = NULL;
    assert_int_equal(a->build_request(&cfg, num, 1, &req), PC_EINVAL);
    cfg.access_token = "evil\r\nX-Injected: 1";
    assert_int_equal(a->build_request(&cfg, num, 1, &req), PC_EINVAL);
}

static void test_detect(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("usps");
    int ok = 0;
    assert_int_equal(a->detect("9400109104250532908587", &ok), 90);
    assert_int_equal(ok, 1);
    assert_int_equal(a->detect("9400109104250532908588", &ok), 0); /* bad check digit */
    assert_int_equal(ok, 0);
    assert_int_equal(a->detect("EA123456785US", &ok), 90);
    assert_int_equal(ok, 1);
    assert_int_equal(a->detect("EA123456784US", &ok), 0);
    assert_true(a->detect("RB123456785GB", &ok) > 0 && a->detect("RB123456785GB", &ok) < 90);
    assert_int_equal(a->detect("42094110"
                               "9400109104250532908587",
                               &ok),
                     90);
    assert_int_equal(a->detect("1Z999AA10123456784", &ok), 0);
    assert_int_equal(a->detect("", &ok), 0);
}

/* Parse body with the adapter; returns the rc, fills r (caller frees). */
static int parse_body(const char *body, size_t len, const pc_parse_limits *lim, pc_parse_result *r,
                      pc_diag *d)
{
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO, .limits = lim};
    return pc_adapter_parse(pc_test_adapter("usps"), &in, 0, r, d);
}

static int parse_str(const char *body, pc_parse_result *r, pc_diag *d)
{
    return parse_body(body, strlen(body), NULL, r, d);
}

static void test_hostile_json(void **state)
{
    (void)state;
    pc_parse_result r;
    pc_diag d;
    static const char *const bad[] = {
        "",
        "   ",
        "[]",
        "\"just a string\"",
        "{}",
        "{\"trackingNumber\": 9405}", /* a number is accepted as text but then no events: ok */
        "{\"trackingNumber\": \"X\", \"trackingEvents\": \"not an array\"}",
        "{\"trackingNumber\": \"X\", \"trackingEvents\": [\"not an object\"]}",
        "{\"trackingNumber\": \"X\", \"trackingEvents\": [{\"eventCode\": \"01\"}]}",
        "{\"trackingNumber\": \"X\", \"trackingEvents\": [{\"eventTimestamp\": 12}]}",
        "{\"trackingNumber\": \"X\", \"trackingEvents\": [{\"eventTimestamp\": \"yesterday\"}]}",
        "{\"trackingNumber\": {\"a\": 1}}",
        "{\"trackingNumber\": [\"X\"]}",
        "{\"trackingNumber\": \"X\", \"mailClass\": true}",
        "{\"trackingNumber\": \"X\", \"originCity\": 1.5}",
        "{\"error\": 42}",
        "{\"error\": {\"code\": \"400\", \"errors\": \"x\"}}",
        "{\"error\": {\"code\": \"400\", \"errors\": [7]}}",
        "{\"error\": {\"code\": {\"deep\": 1}}}",
        ("{\"trackingNumber\": \"X\", \"trackingEvents\": [{\"eventTimestamp\": "
         "\"2024-02-30T10:00:00\", \"eventCity\": \"A\", \"eventState\": \"NY\"}]}"),
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = parse_str(bad[i], &r, &d);
        if (i == 5) {
            assert_int_equal(rc, 0); /* {"trackingNumber": 9405}: a pending shipment "9405" */
            assert_int_equal(r.n_shipments, 1);
            assert_string_equal(r.shipments[0].tracking_number, "9405");
            pc_parse_result_done(&r);
            continue;
        }
        if (rc != PC_EMALFORMED)
            fail_msg("body %zu (%s): rc %d, want PC_EMALFORMED", i, bad[i], rc);
        assert_true(strlen(d.message) > 5);
        assert_int_equal(r.n_shipments + r.n_errors, 0);
    }

    /* deeply nested arrays: rejected by jansson's depth limit, no stack overflow */
    size_t depth = 200000;
    char *deep = malloc(depth * 2 + 1);
    assert_non_null(deep);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[depth * 2] = '\0';
    assert_int_equal(parse_body(deep, depth * 2, NULL, &r, &d), PC_EMALFORMED);
    memcpy(deep, "{\"a\":", 5);
    assert_int_equal(parse_body(deep, depth * 2, NULL, &r, &d), PC_EMALFORMED);
    free(deep);
}

static void test_limits(void **state)
{
    (void)state;
    pc_parse_result r;
    pc_diag d;
    pc_parse_limits lim = PC_PARSE_LIMITS_DEFAULT;

    /* a 10 kB eventType is PC_ELIMIT naming the field, not truncated */
    size_t big = 10000;
    char *body = malloc(big + 512);
    assert_non_null(body);
    int n = snprintf(body, 512,
                     "{\"trackingNumber\":\"X\",\"trackingEvents\":[{\"eventTimestamp\":"
                     "\"2024-01-02T10:00:00\",\"eventState\":\"NY\",\"eventType\":\"");
    memset(body + n, 'A', big);
    memcpy(body + n + big, "\"}]}", 5);
    assert_int_equal(parse_body(body, strlen(body), &lim, &r, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "trackingEvents[0].eventType"));

    /* the same in XML */
    n = snprintf(body, 512,
                 "<TrackResponse><TrackInfo ID=\"X\"><TrackSummary><EventDate>May 1, "
                 "2024</EventDate><EventState>NY</EventState><Event>");
    memset(body + n, 'B', big);
    memcpy(body + n + big, "</Event></TrackSummary></TrackInfo></TrackResponse>", 52);
    assert_int_equal(parse_body(body, strlen(body), &lim, &r, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "/Event"));
    free(body);

    /* max_events */
    lim.max_events = 2;
    const char *three = "<TrackResponse><TrackInfo ID=\"X\">"
                        "<TrackSummary><EventDate>May 3, 2024</EventDate></TrackSummary>"
                        "<TrackDetail><EventDate>May 2, 2024</EventDate></TrackDetail>"
                        "<TrackDetail><EventDate>May 1, 2024</EventDate></TrackDetail>"
                        "</TrackInfo></TrackResponse>";
    assert_int_equal(parse_body(three, strlen(three), &lim, &r, &d), PC_ELIMIT);
    lim.max_events = 3;
    assert_int_equal(parse_body(three, strlen(three), &lim, &r, &d), 0);
    assert_int_equal(r.shipments[0].n_events, 3);
    pc_parse_result_done(&r);

    /* max_shipments */
    lim.max_shipments = 1;
    const char *two = "<TrackResponse><TrackInfo ID=\"A\"/><TrackInfo ID=\"B\"/></TrackResponse>";
    assert_int_equal(parse_body(two, strlen(two), &lim, &r, &d), PC_ELIMIT);
}

static void test_hostile_xml(void **state)
{
    (void)state;
    pc_parse_result r;
    pc_diag d;
    static const char *const bad[] = {
        "<",
        "<TrackResponse>",
        "<Foo/>",
        /* XXE: external entity must never be read (and any DOCTYPE is refused) */
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<TrackResponse><TrackInfo ID=\"&x;\"/></TrackResponse>",
        /* billion laughs */
        "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
        "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
        "<TrackResponse><TrackInfo ID=\"X\"><Class>&c;</Class></TrackInfo></TrackResponse>",
        "<TrackResponse><TrackInfo><TrackSummary/></TrackInfo></TrackResponse>",
        "<TrackResponse><TrackInfo ID=\"X\"><TrackSummary><EventDate>Smarch 3, "
        "2024</EventDate></TrackSummary></TrackInfo></TrackResponse>",
        "<TrackResponse><TrackInfo ID=\"X\"><TrackSummary><EventDate>May 3, 2024</EventDate>"
        "<EventTime>25:00 pm</EventTime></TrackSummary></TrackInfo></TrackResponse>",
        "<TrackResponse><TrackInfo ID=\"X\"><TrackSummary><EventDate>February 30, "
        "2024</EventDate></TrackSummary></TrackInfo></TrackResponse>",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = parse_str(bad[i], &r, &d);
        if (rc != PC_EMALFORMED)
            fail_msg("XML body %zu: rc %d, want PC_EMALFORMED", i, rc);
        assert_true(strlen(d.message) > 5);
    }
    /* elements nested where text is expected: ignored, not a crash */
    const char *odd = "<TrackResponse><TrackInfo ID=\"X\"><Class><b>x</b>Priority</Class>"
                      "<TrackSummary><EventDate>May 3, 2024</EventDate><EventCode><i/>01"
                      "</EventCode></TrackSummary></TrackInfo></TrackResponse>";
    assert_int_equal(parse_str(odd, &r, &d), 0);
    assert_string_equal(r.shipments[0].service, "Priority");
    assert_string_equal(r.shipments[0].events[0].code, "01");
    pc_parse_result_done(&r);

    /* Latin-1 declared: decoded to UTF-8; other declared encodings are read as UTF-8 */
    const char *latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><TrackResponse>"
                         "<TrackInfo ID=\"X\"><DestinationCity>SAN JOS\xc9</DestinationCity>"
                         "</TrackInfo></TrackResponse>";
    assert_int_equal(parse_str(latin1, &r, &d), 0);
    assert_string_equal(r.shipments[0].destination.city, "SAN JOS\xc3\x89");
    pc_parse_result_done(&r);
    const char *ebcdic = "<?xml version=\"1.0\" encoding=\"EBCDIC-US\"?><TrackResponse>"
                         "<TrackInfo ID=\"X\"/></TrackResponse>";
    assert_int_equal(parse_str(ebcdic, &r, &d), 0);
    assert_string_equal(r.shipments[0].tracking_number, "X");
    pc_parse_result_done(&r);

    /* deep element nesting */
    size_t depth = 100000;
    char *deep = malloc(depth * 3 + 1);
    assert_non_null(deep);
    for (size_t i = 0; i < depth; i++)
        memcpy(deep + i * 3, "<a>", 3);
    deep[depth * 3] = '\0';
    assert_int_equal(parse_body(deep, depth * 3, NULL, &r, &d), PC_EMALFORMED);
    free(deep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_event_code_maps),
        cmocka_unit_test(test_event_code_spot_checks),
        cmocka_unit_test(test_error_codes),
        cmocka_unit_test(test_build_request),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_hostile_json),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_hostile_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
