/*
 * DHL: the status tables cover the listed vocabularies (tests/carriers/dhl/codes.list), the text
 * rules are consistent, spot-checked mappings, place-text splitting (addressLocality and Express
 * service areas), the request builder, limits and hostile JSON and XML bodies.
 */
#include "testsupport.h"

#include "../../carriers/dhl/dhl_codes.h"
#include "../../carriers/dhl/dhl_internal.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    const pc_code_map *table;
} groups[] = {
    {"unified", pc__dhl_unified_codes},
    {"express", pc__dhl_express_codes},
    {"parcel_de", pc__dhl_parcel_de_codes},
};

static size_t group_len(size_t i)
{
    return i == 0   ? pc__dhl_unified_codes_len
           : i == 1 ? pc__dhl_express_codes_len
                    : pc__dhl_parcel_de_codes_len;
}

static void test_list_covered(void **state)
{
    (void)state;
    char path[1024];
    size_t len, n = 0, missing = 0;
    int g = -1;
    snprintf(path, sizeof(path), "%s/carriers/dhl/codes.list", PC_TEST_SOURCE_DIR);
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
    assert_true(n >= 35);
    assert_int_equal(missing, 0);
}

static void test_tables_consistent(void **state)
{
    (void)state;
    for (size_t g = 0; g < 3; g++)
        pc_test_codes_valid(groups[g].table, group_len(g));
    for (size_t i = 0; i < pc__dhl_text_rules_len; i++) {
        const pc__dhl_text_rule *r = &pc__dhl_text_rules[i];
        assert_true(r->status < PC_STATUS_EXPIRED);
        if (r->substatus) {
            const char *name = pc_status_name(r->status);
            size_t nl = strlen(name);
            if (strncmp(r->substatus, name, nl) != 0 || r->substatus[nl] != '.')
                fail_msg("rule %s: substatus %s does not refine %s", r->needle, r->substatus, name);
        }
        assert_true(r->families != 0);
        for (const char *c = r->needle; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                fail_msg("rule needle %s is not lower case", r->needle);
    }
    assert_int_equal(pc__dhl_family_bit("transit", 7), PC__DHL_F_TRANSIT);
    assert_int_equal(pc__dhl_family_bit("pre-transit", 11), PC__DHL_F_PRE);
    assert_int_equal(pc__dhl_family_bit("Transit", 7), 0);
}

static void test_spot_checks(void **state)
{
    (void)state;
    static const pc_test_code_case unified[] = {
        {"pre-transit", PC_STATUS_INFO_RECEIVED, NULL},
        {"delivered", PC_STATUS_DELIVERED, NULL},
        {"failure", PC_STATUS_EXCEPTION, NULL},
        {"unknown", PC_STATUS_IN_TRANSIT, NULL},
    };
    static const pc_test_code_case express[] = {
        {"OK", PC_STATUS_DELIVERED, NULL},
        {"WC", PC_STATUS_OUT_FOR_DELIVERY, NULL},
        {"CC", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
        {"NH", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"},
        {"BA", PC_STATUS_EXCEPTION, "exception.address"},
        {"CD", PC_STATUS_EXCEPTION, "exception.customs"},
        {"RD", PC_STATUS_RETURNED, "returned.refused"},
        {"RT", PC_STATUS_RETURNED, NULL},
        {"PU", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
    };
    static const pc_test_code_case parcel_de[] = {
        {"ZU", PC_STATUS_DELIVERED, NULL},
        {"PO", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    };
    pc_test_codes_check(pc__dhl_unified_codes, pc__dhl_unified_codes_len, unified,
                        sizeof(unified) / sizeof(unified[0]));
    pc_test_codes_check(pc__dhl_express_codes, pc__dhl_express_codes_len, express,
                        sizeof(express) / sizeof(express[0]));
    pc_test_codes_check(pc__dhl_parcel_de_codes, pc__dhl_parcel_de_codes_len, parcel_de,
                        sizeof(parcel_de) / sizeof(parcel_de[0]));
}

static void expect_loc(const pc_location *l, const char *city, const char *region,
                       const char *country)
{
    if (city)
        assert_string_equal(l->city, city);
    else
        assert_null(l->city);
    if (region)
        assert_string_equal(l->region, region);
    else
        assert_null(l->region);
    if (country)
        assert_string_equal(l->country, country);
    else
        assert_null(l->country);
}

static void test_place_text(void **state)
{
    (void)state;
    static const struct {
        const char *text, *known, *city, *region, *country;
    } loc[] = {
        {"Henderson, NV, US", "US", "Henderson", "NV", "US"},
        {"Hebron, KY, US", NULL, "Hebron", "KY", "US"},
        {"Indianapolis, IN", NULL, "Indianapolis", "IN", NULL}, /* Indiana, not India */
        {"Indianapolis, IN", "US", "Indianapolis", "IN", "US"},
        {"Georgia", "US", "Georgia", NULL, "US"},
        {"Deutschland", NULL, NULL, NULL, "DE"},
        {"Oderweg 2, AMSTERDAM", "NL", "AMSTERDAM", NULL, "NL"},
        {"LEIPZIG - GERMANY", NULL, "LEIPZIG", NULL, "DE"},
        {"Winston-Salem, NC, US", NULL, "Winston-Salem", "NC", "US"},
        {" , ,, ", NULL, NULL, NULL, NULL},
        {"a,b,c,d,e,f,g,h,i,j,k,Paris, France", NULL, "Paris", NULL, "FR"},
    };
    for (size_t i = 0; i < sizeof(loc) / sizeof(loc[0]); i++) {
        pc_location l = {0};
        if (loc[i].known)
            assert_int_equal(pc_set_str(&l.country, loc[i].known, (size_t)-1), 0);
        assert_int_equal(pc__dhl_locality(loc[i].text, strlen(loc[i].text), l.country, &l), 0);
        expect_loc(&l, loc[i].city, loc[i].region, loc[i].country);
        pc_location_done(&l);
    }
    static const struct {
        const char *text, *city, *region, *country;
    } area[] = {
        {"Barcelona - Spain ", "Barcelona", NULL, "ES"},
        {"KINGSTON-JAM", "KINGSTON", NULL, "JM"},
        {"SPRINGFIELD GARDENS,NY-USA", "SPRINGFIELD GARDENS", "NY", "US"},
        {"Hong Kong - Hong Kong ", "Hong Kong", NULL, "HK"},
        {"WINSTON-SALEM,NC-USA", "WINSTON-SALEM", "NC", "US"},
        {"EAST MIDLANDS-UK", "EAST MIDLANDS", NULL, "GB"},
        {"Atlantis", "Atlantis", NULL, NULL},
        {"-", NULL, NULL, NULL},
        {"", NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof(area) / sizeof(area[0]); i++) {
        pc_location l = {0};
        assert_int_equal(pc__dhl_service_area(area[i].text, strlen(area[i].text), &l), 0);
        expect_loc(&l, area[i].city, area[i].region, area[i].country);
        pc_location_done(&l);
    }
}

static void test_build_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("dhl");
    assert_non_null(a);
    assert_int_equal(a->max_batch, 1);
    assert_false(a->caps & PC_CAP_BATCH);
    assert_true(a->caps & PC_CAP_XML);
    pc_http_request req;
    const char *nums[] = {"00340434299876543210"};
    pc_adapter_config cfg = {.api_key = "k3y"};
    assert_int_equal(a->build_request(&cfg, nums, 1, &req), 0);
    assert_string_equal(req.method, "GET");
    assert_string_equal(req.url, "https://api-eu.dhl.com/track/shipments?trackingNumber="
                                 "00340434299876543210&language=en");
    int key = 0;
    for (size_t i = 0; i < req.n_headers; i++)
        key += strcmp(req.headers[i], "DHL-API-Key: k3y") == 0;
    assert_int_equal(key, 1);
    assert_null(req.body);
    pc_http_request_done(&req);

    const char *odd[] = {"JJD 00/39+\xc3\xa4&x=1"};
    pc_adapter_config sandbox = {.base_url = "http://127.0.0.1:8080/", .api_key = "k"};
    assert_int_equal(a->build_request(&sandbox, odd, 1, &req), 0);
    assert_string_equal(req.url, "http://127.0.0.1:8080/track/shipments?trackingNumber="
                                 "JJD%2000%2F39%2B%C3%A4%26x%3D1&language=en");
    pc_http_request_done(&req);

    const char *two[] = {"1", "2"};
    assert_int_equal(a->build_request(&cfg, two, 2, &req), PC_EINVAL);
    const char *empty[] = {""};
    assert_int_equal(a->build_request(&cfg, empty, 1, &req), PC_EINVAL);
    pc_adapter_config inject = {.api_key = "k\nX-Evil: 1"};
    assert_int_equal(a->build_request(&inject, nums, 1, &req), PC_EINVAL);
}

static int parse_text(const char *body, size_t len, const pc_parse_limits *lim, pc_diag *diag)
{
    const pc_adapter *a = pc_test_adapter("dhl");
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO, .limits = lim};
    pc_parse_result r;
    int rc = pc_adapter_parse(a, &in, 0, &r, diag);
    pc_parse_result_done(&r);
    return rc;
}

#define UEV(ts) "{\"timestamp\":\"" ts "\",\"statusCode\":\"transit\",\"status\":\"x\"}"
#define UBODY(evs)                                                                                 \
    "{\"shipments\":[{\"id\":\"1\",\"destination\":{\"address\":{\"countryCode\":\"DE\"}},"        \
    "\"events\":[" evs "]}]}"
#define XEV(date, time)                                                                            \
    "<ShipmentEvent><Date>" date "</Date><Time>" time "</Time><ServiceEvent><EventCode>AF"         \
    "</EventCode></ServiceEvent><ServiceArea><Description>Leipzig - Germany</Description>"         \
    "</ServiceArea></ShipmentEvent>"
#define XBODY(inner)                                                                               \
    "<res:TrackingResponse xmlns:res=\"http://www.dhl.com\"><AWBInfo><AWBNumber>1</AWBNumber>"     \
    "<Status><ActionStatus>success</ActionStatus></Status><ShipmentInfo>" inner                    \
    "</ShipmentInfo></AWBInfo></res:TrackingResponse>"

static void test_limits(void **state)
{
    (void)state;
    pc_diag d;
    pc_parse_limits small = {1u << 20, 2, 4096, 10};
    const char *u3 = UBODY(
        UEV("2024-01-01T10:00:00") "," UEV("2024-01-02T10:00:00") "," UEV("2024-01-03T10:00:00"));
    assert_int_equal(parse_text(u3, strlen(u3), NULL, &d), 0);
    assert_int_equal(parse_text(u3, strlen(u3), &small, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "events"));
    const char *x3 = XBODY(XEV("2024-01-01", "10:00:00") XEV("2024-01-02", "10:00:00")
                               XEV("2024-01-03", "10:00:00"));
    assert_int_equal(parse_text(x3, strlen(x3), NULL, &d), 0);
    assert_int_equal(parse_text(x3, strlen(x3), &small, &d), PC_ELIMIT);

    /* 5000-byte texts are refused (max_string 4096), naming the field */
    size_t big = 5000;
    const char *upre = "{\"shipments\":[{\"id\":\"1\",\"events\":[{\"timestamp\":"
                       "\"2024-01-01T10:00:00Z\",\"description\":\"";
    const char *upost = "\"}]}]}";
    size_t pl = strlen(upre), ql = strlen(upost);
    char *body = malloc(pl + big + ql + 1);
    assert_non_null(body);
    memcpy(body, upre, pl);
    memset(body + pl, 'x', big);
    memcpy(body + pl + big, upost, ql + 1);
    assert_int_equal(parse_text(body, strlen(body), NULL, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "description"));
    free(body);

    const char *xpre = "<res:TrackingResponse xmlns:res=\"http://www.dhl.com\"><AWBInfo>"
                       "<AWBNumber>1</AWBNumber><Status><ActionStatus>success</ActionStatus>"
                       "</Status><ShipmentInfo><ShipmentEvent><Date>2024-01-01</Date><ServiceEvent>"
                       "<Description>";
    const char *xpost = "</Description></ServiceEvent></ShipmentEvent></ShipmentInfo></AWBInfo>"
                        "</res:TrackingResponse>";
    pl = strlen(xpre);
    ql = strlen(xpost);
    body = malloc(pl + big + ql + 1);
    assert_non_null(body);
    memcpy(body, xpre, pl);
    memset(body + pl, 'x', big);
    memcpy(body + pl + big, xpost, ql + 1);
    assert_int_equal(parse_text(body, strlen(body), NULL, &d), PC_ELIMIT);
    assert_non_null(strstr(d.message, "Description"));
    free(body);
}

static void test_hostile(void **state)
{
    (void)state;
    pc_diag d;
    /* deep nesting: jansson's and libxml2's own depth limits */
    size_t depth = 100000;
    char *body = malloc(depth * 7 + 1);
    assert_non_null(body);
    memset(body, '[', depth);
    memset(body + depth, ']', depth);
    assert_int_equal(parse_text(body, depth * 2, NULL, &d), PC_EMALFORMED);
    for (size_t i = 0; i < depth; i++)
        memcpy(body + i * 3, "<a>", 3);
    for (size_t i = 0; i < depth; i++)
        memcpy(body + depth * 3 + i * 4, "</a>", 4);
    assert_int_equal(parse_text(body, depth * 7, NULL, &d), PC_EMALFORMED);
    free(body);

    static const char *const bad[] = {
        "{",
        "[]",
        "{}",
        "{\"shipments\":\"x\"}",
        "{\"shipments\":[1]}",
        "{\"shipments\":[{}]}",
        "{\"shipments\":[{\"id\":1.5}]}",
        "{\"shipments\":[{\"id\":\"1\",\"events\":{}}]}",
        "{\"shipments\":[{\"id\":\"1\",\"events\":[7]}]}",
        UBODY("{\"statusCode\":\"transit\"}"),
        UBODY("{\"timestamp\":12}"),
        UBODY("{\"timestamp\":\"13.03.2023 09:50\"}"),
        /* no offset and no place at all: an error, not a guess */
        "{\"shipments\":[{\"id\":\"1\",\"events\":[{\"timestamp\":\"2024-01-01T10:00:00\"}]}]}",
        "<",
        "<a/>",
        "<?xml version=\"1.0\"?>",
        "<res:TrackingResponse xmlns:res=\"http://www.dhl.com\"><AWBInfo><Status><ActionStatus>"
        "success</ActionStatus></Status><ShipmentInfo/></AWBInfo></res:TrackingResponse>",
        XBODY("<ShipmentEvent><Time>10:00:00</Time></ShipmentEvent>"),
        XBODY(XEV("2024-13-01", "10:00:00")),
        XBODY(XEV("2024-01-01", "10:00:00+02:00")),
        XBODY("<ShipmentEvent><Date>2024-01-01</Date><ServiceArea><Description>Atlantis"
              "</Description></ServiceArea></ShipmentEvent>"),
        "<req:ShipmentTrackingErrorResponse xmlns:req=\"http://www.dhl.com\"><Response><Status>"
        "<ActionStatus>Failure</ActionStatus></Status></Response>"
        "</req:ShipmentTrackingErrorResponse>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><res:TrackingResponse "
        "xmlns:res=\"http://www.dhl.com\"><AWBInfo><AWBNumber>&e;</AWBNumber></AWBInfo>"
        "</res:TrackingResponse>",
        "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><res:TrackingResponse "
        "xmlns:res=\"http://www.dhl.com\"><AWBInfo><AWBNumber>&c;</AWBNumber></AWBInfo>"
        "</res:TrackingResponse>",
        "<data name=\"piece-shipment-list\" code=\"0\"><data name=\"piece-shipment\"/></data>",
        "<data name=\"piece-shipment-list\" code=\"0\"><data name=\"piece-shipment\" "
        "piece-code=\"1\"><data name=\"piece-event-list\"><data name=\"piece-event\" "
        "event-timestamp=\"31.02.2024 10:00\" event-country=\"Germany\"/></data></data></data>",
        "<data name=\"something-else\"/>",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = parse_text(bad[i], strlen(bad[i]), NULL, &d);
        if (rc != PC_EMALFORMED)
            fail_msg("hostile body %zu: %s (%s)", i, pc_err_name(rc), d.message);
        assert_true(strlen(d.message) > 5);
    }

    /* tolerated: wrong types where text or objects are expected read as absent */
    static const char *const odd[] = {
        "{\"shipments\":[]}",
        "{\"shipments\":[{\"id\":7777777770,\"origin\":\"x\",\"destination\":[],\"details\":1,"
        "\"status\":\"x\",\"events\":[]}]}",
        UBODY("{\"timestamp\":\"2024-01-01T10:00:00\",\"statusCode\":5,\"status\":[],"
              "\"location\":{\"address\":{\"addressLocality\":7,\"countryCode\":{}}}}"),
        "{\"shipments\":[{\"id\":\"1\",\"status\":{\"timestamp\":\"2024-01-01T10:00:00Z\","
        "\"statusCode\":\"delivered\"},\"details\":{\"proofOfDelivery\":{\"signed\":{"
        "\"name\":\"Doe\"}}},\"estimatedTimeOfDelivery\":\"soon\"}]}",
        "{\"status\":\"404\",\"title\":\"No result found\",\"instance\":\"/x/%00\"}",
        "{\"title\":\"Teapot\"}",
        XBODY(""),
        "<res:TrackingResponse xmlns:res=\"http://www.dhl.com\"/>",
        XBODY("<ShipmentEvent><Date>2024-01-01</Date><Time/><ServiceEvent><EventCode><x>OK</x>"
              "</EventCode></ServiceEvent><ServiceArea><Description>Leipzig - Germany"
              "</Description></ServiceArea></ShipmentEvent>"),
        "<data name=\"piece-shipment-list\" code=\"100\"/>",
    };
    for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
        int rc = parse_text(odd[i], strlen(odd[i]), NULL, &d);
        if (rc != 0)
            fail_msg("odd body %zu: %s (%s)", i, pc_err_name(rc), d.message);
    }
}

/* Request context: errors that do not name the number concern the only one asked for; the HTTP
 * status and Retry-After stand in for what a problem body leaves out. */
static void test_request_context(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_adapter("dhl");
    const char *one[] = {"JJD0099"};
    static const struct {
        const char *body;
        int http_status, retry_after;
        pc_track_error_kind kind;
        const char *number, *code;
        int retry;
    } cases[] = {
        {"{\"title\":\"No result found\"}", 404, 0, PC_TE_NOT_FOUND, "JJD0099", "404", 0},
        {"{\"status\":404,\"title\":\"x\",\"instance\":\"/shipment/ABC123\"}", 0, 0,
         PC_TE_NOT_FOUND, "ABC123", "404", 0},
        {"{\"status\":429,\"title\":\"Too Many Requests\"}", 0, 12, PC_TE_RATE_LIMITED, NULL, "429",
         12},
        {"{\"title\":\"Unauthorized\"}", 401, 0, PC_TE_AUTH, NULL, "401", 0},
        {"<res:TrackingResponse xmlns:res=\"http://www.dhl.com\"><AWBInfo><AWBNumber/><Status>"
         "<ActionStatus>No Shipments Found</ActionStatus><Condition><ConditionCode>103"
         "</ConditionCode><ConditionData>No Shipments Found</ConditionData></Condition></Status>"
         "</AWBInfo></res:TrackingResponse>",
         200, 0, PC_TE_NOT_FOUND, "JJD0099", "103", 0},
        {"<data name=\"piece-shipment-list\" code=\"100\" error=\"No data found\"/>", 200, 0,
         PC_TE_NOT_FOUND, "JJD0099", "100", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pc_parse_input in = {.data = cases[i].body,
                             .len = strlen(cases[i].body),
                             .format = PC_FORMAT_AUTO,
                             .requested = one,
                             .n_requested = 1,
                             .http_status = cases[i].http_status,
                             .retry_after = cases[i].retry_after};
        pc_parse_result r;
        pc_diag d;
        if (pc_adapter_parse(a, &in, 0, &r, &d) != 0)
            fail_msg("case %zu: %s", i, d.message);
        assert_int_equal(r.n_errors, 1);
        assert_int_equal(r.errors[0].kind, cases[i].kind);
        if (cases[i].number)
            assert_string_equal(r.errors[0].tracking_number, cases[i].number);
        else
            assert_null(r.errors[0].tracking_number);
        assert_string_equal(r.errors[0].carrier_code, cases[i].code);
        assert_int_equal(r.errors[0].retry_after, cases[i].retry);
        pc_parse_result_done(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_covered),  cmocka_unit_test(test_tables_consistent),
        cmocka_unit_test(test_spot_checks),   cmocka_unit_test(test_place_text),
        cmocka_unit_test(test_build_request), cmocka_unit_test(test_limits),
        cmocka_unit_test(test_hostile),       cmocka_unit_test(test_request_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
