/*
 * UPS code tables (every code of every published list maps, spot checks, how the families are
 * combined), plus the parts of the adapter the fixture walker cannot reach: build_request,
 * detect, error kinds and hostile bodies.
 */
#include "testsupport.h"

#include "../../carriers/ups/ups_codes.h"
#include "../../carriers/ups/ups_internal.h"

#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const pc_adapter pc_adapter_ups;

#define MAX_CODES 800

/* Codes from tests/carriers/ups/<name>, one per line; returns the count, fills codes. */
static size_t read_list(const char *name, char codes[][8], size_t max)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/carriers/ups/%s", PC_TEST_SOURCE_DIR, name);
    char *text = pc_test_read_file(path, NULL);
    size_t n = 0;
    for (char *p = text; *p;) {
        char *e = p + strcspn(p, "\r\n");
        size_t len = (size_t)(e - p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len) {
            assert_true(len < 8);
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

typedef struct family {
    const char *list;
    const pc_code_map *table;
    const size_t *len;
    int pad3; /* the list prints three-digit codes without leading zeros */
    size_t min_codes;
} family;

static const family families[] = {
    {"types.list", pc__ups_types, &pc__ups_types_len, 0, 10},
    {"status.list", pc__ups_status_codes, &pc__ups_status_codes_len, 1, 160},
    {"exceptions.list", pc__ups_exception_codes, &pc__ups_exception_codes_len, 0, 687},
    {"delivery.list", pc__ups_delivery_codes, &pc__ups_delivery_codes_len, 0, 151},
    {"movement.list", pc__ups_movement_codes, &pc__ups_movement_codes_len, 0, 38},
    {"manifest.list", pc__ups_manifest_codes, &pc__ups_manifest_codes_len, 0, 4},
    {"updates.list", pc__ups_update_codes, &pc__ups_update_codes_len, 0, 3},
    {"freight_activity.list", pc__ups_freight_activity_codes, &pc__ups_freight_activity_codes_len,
     0, 66},
    {"freight_exceptions.list", pc__ups_freight_exception_codes,
     &pc__ups_freight_exception_codes_len, 0, 207},
    {"mail_innovations.list", pc__ups_mi_codes, &pc__ups_mi_codes_len, 0, 213},
};

static void test_every_published_code_maps(void **state)
{
    (void)state;
    static char codes[MAX_CODES][8];
    for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
        const family *fam = &families[f];
        size_t n = read_list(fam->list, codes, MAX_CODES);
        if (n < fam->min_codes)
            fail_msg("%s: %zu codes, expected at least %zu", fam->list, n, fam->min_codes);
        for (size_t i = 0; i < n; i++) {
            char key[8];
            if (fam->pad3)
                snprintf(key, sizeof(key), "%03ld", strtol(codes[i], NULL, 10));
            else
                snprintf(key, sizeof(key), "%s", codes[i]);
            size_t hits = 0;
            for (size_t k = 0; k < *fam->len; k++)
                hits += strcmp(fam->table[k].code, key) == 0;
            if (hits != 1)
                fail_msg("%s: code \"%s\" has %zu rows (want 1)", fam->list, key, hits);
            const pc_code_map *m = pc_code_map_find(fam->table, *fam->len, key, strlen(key));
            assert_non_null(m);
            assert_true(m->status < PC_STATUS__COUNT && m->status != PC_STATUS_EXPIRED);
            if (m->substatus) {
                const char *st = pc_status_name(m->status);
                if (strncmp(m->substatus, st, strlen(st)) != 0 || m->substatus[strlen(st)] != '.')
                    fail_msg("%s: %s substatus %s does not refine %s", fam->list, key, m->substatus,
                             st);
            }
        }
        /* sorted by strcmp, and no row outside the list (the types table adds "P") */
        for (size_t k = 0; k < *fam->len; k++) {
            if (k && strcmp(fam->table[k - 1].code, fam->table[k].code) >= 0)
                fail_msg("%s: table not sorted at \"%s\"", fam->list, fam->table[k].code);
            int listed = 0;
            for (size_t i = 0; i < n && !listed; i++) {
                char key[8];
                if (fam->pad3)
                    snprintf(key, sizeof(key), "%03ld", strtol(codes[i], NULL, 10));
                else
                    snprintf(key, sizeof(key), "%s", codes[i]);
                listed = strcmp(fam->table[k].code, key) == 0;
            }
            if (!listed && !(fam->table == pc__ups_types && strcmp(fam->table[k].code, "P") == 0))
                fail_msg("%s: table row \"%s\" is not in the list", fam->list, fam->table[k].code);
        }
    }
}

static void expect(const pc_code_map *t, size_t n, const char *code, pc_status st, const char *sub)
{
    const pc_code_map *m = pc_code_map_find(t, n, code, strlen(code));
    if (!m)
        fail_msg("code %s missing", code);
    if (m->status != st)
        fail_msg("code %s: status %s, want %s", code, pc_status_name(m->status),
                 pc_status_name(st));
    if ((sub == NULL) != (m->substatus == NULL) || (sub && strcmp(sub, m->substatus) != 0))
        fail_msg("code %s: substatus %s, want %s", code, m->substatus ? m->substatus : "(null)",
                 sub ? sub : "(null)");
}

#define EXPECT(t, code, st, sub) expect(t, t##_len, code, PC_STATUS_##st, sub)

static void test_spot_checks(void **state)
{
    (void)state;
    EXPECT(pc__ups_status_codes, "003", INFO_RECEIVED, NULL);
    EXPECT(pc__ups_status_codes, "011", DELIVERED, NULL);
    EXPECT(pc__ups_status_codes, "012", IN_TRANSIT, "in_transit.customs");
    EXPECT(pc__ups_status_codes, "058", EXCEPTION, "exception.customs");
    EXPECT(pc__ups_status_codes, "064", RETURNED, "returned.refused");
    EXPECT(pc__ups_status_codes, "161", AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point");
    EXPECT(pc__ups_exception_codes, "F4", DELIVERED, NULL);
    EXPECT(pc__ups_exception_codes, "48", FAILED_ATTEMPT, "failed_attempt.no_one_home");
    EXPECT(pc__ups_exception_codes, "DJ", EXCEPTION, "exception.weather");
    EXPECT(pc__ups_exception_codes, "AE", EXCEPTION, "exception.address");
    EXPECT(pc__ups_exception_codes, "BB", EXCEPTION, "exception.customs");
    EXPECT(pc__ups_exception_codes, "RZ", IN_TRANSIT, "in_transit.customs");
    EXPECT(pc__ups_exception_codes, "KT", RETURNED, "returned.refused");
    EXPECT(pc__ups_exception_codes, "45", EXCEPTION, "exception.damaged");
    EXPECT(pc__ups_exception_codes, "UO", EXCEPTION, "exception.lost");
    EXPECT(pc__ups_exception_codes, "ZP", AVAILABLE_FOR_PICKUP,
           "available_for_pickup.access_point");
    EXPECT(pc__ups_delivery_codes, "MQ", DELIVERED, "delivered.safe_place");
    EXPECT(pc__ups_delivery_codes, "P5", DELIVERED, "delivered.parcel_locker");
    EXPECT(pc__ups_delivery_codes, "3H", DELIVERED, "delivered.neighbor");
    EXPECT(pc__ups_movement_codes, "AR", IN_TRANSIT, NULL);
    EXPECT(pc__ups_movement_codes, "OR", IN_TRANSIT, "in_transit.picked_up");
    EXPECT(pc__ups_movement_codes, "OF", OUT_FOR_DELIVERY, NULL);
    EXPECT(pc__ups_manifest_codes, "MP", INFO_RECEIVED, NULL);
    EXPECT(pc__ups_manifest_codes, "VP", EXCEPTION, "exception.cancelled");
    EXPECT(pc__ups_mi_codes, "1A", OUT_FOR_DELIVERY, NULL);
    EXPECT(pc__ups_mi_codes, "DO", FAILED_ATTEMPT, "failed_attempt.no_access");
    EXPECT(pc__ups_mi_codes, "SQ", RETURNED, NULL);
    EXPECT(pc__ups_freight_activity_codes, "012", DELIVERED, NULL);
    EXPECT(pc__ups_freight_exception_codes, "LC", EXCEPTION, "exception.lost");
    EXPECT(pc__ups_types, "X", EXCEPTION, NULL);
    EXPECT(pc__ups_types, "D", DELIVERED, NULL);
    /* leading zeros matter */
    assert_null(pc_code_map_find(pc__ups_status_codes, pc__ups_status_codes_len, "11", 2));
    assert_null(pc_code_map_find(pc__ups_freight_activity_codes, pc__ups_freight_activity_codes_len,
                                 "12", 2));
}

static void map(const char *type, const char *code, const char *sc, const char *desc, int mi,
                pc_status want, const char *want_sub)
{
    pc_status st;
    const char *sub;
    pc__ups_map_status(type, code, sc, desc, mi, &st, &sub);
    if (st != want || (sub == NULL) != (want_sub == NULL) || (sub && strcmp(sub, want_sub)))
        fail_msg("type %s code %s statusCode %s: got %s/%s, want %s/%s", type ? type : "-",
                 code ? code : "-", sc ? sc : "-", pc_status_name(st), sub ? sub : "-",
                 pc_status_name(want), want_sub ? want_sub : "-");
}

static void test_family_selection(void **state)
{
    (void)state;
    /* the type picks the family: DP is a departure scan, a manifest and an exception */
    map("I", "DP", NULL, NULL, 0, PC_STATUS_IN_TRANSIT, NULL);
    map("M", "DP", NULL, NULL, 0, PC_STATUS_INFO_RECEIVED, NULL);
    map("X", "DP", NULL, NULL, 0, PC_STATUS_EXCEPTION, "exception.prohibited");
    /* MP: manifest for M, "garage" for a delivery */
    map("M", "MP", NULL, NULL, 0, PC_STATUS_INFO_RECEIVED, NULL);
    map("D", "MP", NULL, NULL, 0, PC_STATUS_DELIVERED, "delivered.safe_place");
    /* a code that contradicts a delivered type is ignored, the type wins */
    map("D", "DS", NULL, NULL, 0, PC_STATUS_DELIVERED, NULL);
    map("D", "KB", NULL, NULL, 0, PC_STATUS_DELIVERED, NULL); /* not in any list */
    /* the three-digit code wins; the two-letter code refines when it agrees */
    map("X", "BB", "014", NULL, 0, PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared");
    map("X", "BB", "058", NULL, 0, PC_STATUS_EXCEPTION, "exception.customs");
    map("X", "48", "022", NULL, 0, PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home");
    map("I", "OR", "5", NULL, 0, PC_STATUS_IN_TRANSIT, "in_transit.picked_up");
    /* Mail Innovations codes first for MI parcels */
    map("I", "1A", NULL, NULL, 1, PC_STATUS_OUT_FOR_DELIVERY, NULL);
    map("I", "1A", NULL, NULL, 0, PC_STATUS_EXCEPTION, NULL);
    /* unknown codes fall back on the type; no type at all is in transit */
    map("X", "Q#", NULL, NULL, 0, PC_STATUS_EXCEPTION, NULL);
    map("I", "Q#", NULL, NULL, 0, PC_STATUS_IN_TRANSIT, NULL);
    map(NULL, NULL, NULL, NULL, 0, PC_STATUS_IN_TRANSIT, NULL);
    map("ZZ", "Q#", "999", NULL, 0, PC_STATUS_IN_TRANSIT, NULL);
    /* legacy XML: type I, code DS, text OUT FOR DELIVERY */
    map("I", "DS", NULL, "OUT FOR DELIVERY", 0, PC_STATUS_OUT_FOR_DELIVERY, NULL);
    map("I", "DS", NULL, "DESTINATION SCAN", 0, PC_STATUS_IN_TRANSIT, NULL);
}

static void test_error_kinds(void **state)
{
    (void)state;
    pc_parse_result r;
    memset(&r, 0, sizeof(r));
    assert_int_equal(pc__ups_add_error(&r, "1Z1", "TW0001", "Tracking Information Not Found"), 0);
    assert_int_equal(pc__ups_add_error(&r, "1Z1", " TV1002 ", "Invalid inquiry number"), 0);
    assert_int_equal(pc__ups_add_error(&r, "1Z1", "250003", "Invalid Access License number"), 0);
    assert_int_equal(pc__ups_add_error(&r, NULL, "10429", "Too Many Requests"), 0);
    assert_int_equal(pc__ups_add_error(&r, NULL, "150022", "Invalid tracking number"), 0);
    assert_int_equal(pc__ups_add_error(&r, NULL, "155002", "MI not found"), 0);
    assert_int_equal(pc__ups_add_error(&r, NULL, "9999", "Something else"), 0);
    assert_int_equal(r.n_errors, 7);
    assert_int_equal(r.errors[0].kind, PC_TE_NOT_FOUND);
    assert_string_equal(r.errors[0].tracking_number, "1Z1");
    assert_int_equal(r.errors[1].kind, PC_TE_INVALID_NUMBER);
    assert_string_equal(r.errors[1].carrier_code, "TV1002");
    assert_int_equal(r.errors[2].kind, PC_TE_AUTH);
    assert_null(r.errors[2].tracking_number); /* auth concerns the whole request */
    assert_int_equal(r.errors[3].kind, PC_TE_RATE_LIMITED);
    assert_int_equal(r.errors[4].kind, PC_TE_INVALID_NUMBER);
    assert_int_equal(r.errors[5].kind, PC_TE_NOT_FOUND);
    assert_int_equal(r.errors[6].kind, PC_TE_CARRIER_ERROR);
    pc_parse_result_done(&r);
}

static void test_build_request(void **state)
{
    (void)state;
    const pc_adapter *a = &pc_adapter_ups;
    pc_adapter_config cfg = {.access_token = "tok123"};
    const char *one[] = {"1Z999AA10123456784"};
    pc_http_request req;

    assert_int_equal(a->build_request(&cfg, one, 1, &req), 0);
    assert_string_equal(req.method, "GET");
    assert_string_equal(req.url, "https://onlinetools.ups.com/api/track/v1/details/"
                                 "1Z999AA10123456784?locale=en_US&returnSignature=false");
    assert_null(req.body);
    int auth = 0, tid = 0, src = 0;
    for (size_t i = 0; i < req.n_headers; i++) {
        auth |= strcmp(req.headers[i], "Authorization: Bearer tok123") == 0;
        tid |= strncmp(req.headers[i], "transId: ", 9) == 0 && strlen(req.headers[i]) <= 9 + 32;
        src |= strcmp(req.headers[i], "transactionSrc: parcelcast") == 0;
    }
    assert_true(auth && tid && src);
    pc_http_request_done(&req);

    /* sandbox base URL (trailing slash), escaped number */
    cfg.base_url = "http://127.0.0.1:8080/ups/";
    const char *odd[] = {"1Z 12/3?&"};
    assert_int_equal(a->build_request(&cfg, odd, 1, &req), 0);
    assert_string_equal(req.url, "http://127.0.0.1:8080/ups/api/track/v1/details/"
                                 "1Z%2012%2F3%3F%26?locale=en_US&returnSignature=false");
    pc_http_request_done(&req);

    /* one number per request; a token is required and must not inject headers */
    const char *two[] = {"1Z999AA10123456784", "1Z999AA10123456784"};
    assert_int_equal(a->build_request(&cfg, two, 2, &req), PC_EINVAL);
    assert_int_equal(a->build_request(&cfg, one, 0, &req), PC_EINVAL);
    cfg.access_token = NULL;
    assert_int_equal(a->build_request(&cfg, one, 1, &req), PC_EINVAL);
    cfg.access_token = "tok\r\nX-Evil: 1";
    assert_int_equal(a->build_request(&cfg, one, 1, &req), PC_EINVAL);
    assert_int_equal(a->build_request(NULL, one, 1, &req), PC_EINVAL);
    assert_true(a->max_batch == 1 && (a->caps & PC_CAP_OAUTH) && (a->caps & PC_CAP_XML) &&
                (a->caps & PC_CAP_JSON) && !(a->caps & PC_CAP_BATCH));
}

static void test_detect(void **state)
{
    (void)state;
    int ok = -1;
    assert_int_equal(pc_adapter_ups.detect("1Z999AA10123456784", &ok), 95);
    assert_int_equal(ok, 1);
    assert_int_equal(pc_adapter_ups.detect("1z1202r66698804005", &ok), 95); /* any case */
    assert_int_equal(ok, 1);
    assert_int_equal(pc_adapter_ups.detect("1Z999AA10123456785", &ok), 40); /* bad check */
    assert_int_equal(ok, 0);
    assert_int_equal(pc_adapter_ups.detect("9400111899223197428490", &ok), 0);
    assert_int_equal(pc_adapter_ups.detect("1Z999AA1012345678", &ok), 0);
    assert_int_equal(pc_adapter_ups.detect("", &ok), 0);
    assert_int_equal(pc_adapter_ups.detect(NULL, &ok), 0);
}

/* Parse a body with the core's guarantees; returns rc, result emptied by the caller. */
static int run(const char *body, size_t len, const pc_parse_limits *lim, pc_parse_result *r)
{
    pc_diag diag;
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO, .limits = lim};
    int rc = pc_adapter_parse(&pc_adapter_ups, &in, 0, r, &diag);
    if (rc < 0)
        assert_true(strlen(diag.message) > 5);
    return rc;
}

#define RUN(s) run(s, strlen(s), NULL, &r)

static void test_hostile_bodies(void **state)
{
    (void)state;
    pc_parse_result r;

    assert_int_equal(run("", 0, NULL, &r), PC_EMALFORMED);
    assert_int_equal(RUN("   "), PC_EMALFORMED);
    assert_int_equal(RUN("[]"), PC_EMALFORMED);
    assert_int_equal(RUN("{}"), PC_EMALFORMED);
    assert_int_equal(RUN("{\"trackResponse\":\"x\"}"), PC_EMALFORMED);
    assert_int_equal(RUN("{\"trackResponse\":{\"shipment\":[]}}"), PC_EMALFORMED);
    assert_int_equal(RUN("{\"trackResponse\":{\"shipment\":[42]}}"), PC_EMALFORMED);
    assert_int_equal(RUN("{\"response\":{\"errors\":[{}]}}"), PC_EMALFORMED);
    assert_int_equal(RUN("{\"response\":{\"errors\":\"boom\"}}"), PC_EMALFORMED);
    /* a string where the package list belongs: no package, reported as not found */
    assert_int_equal(RUN("{\"trackResponse\":{\"shipment\":[{\"inquiryNumber\":\"1Z1\","
                         "\"package\":\"x\"}]}}"),
                     0);
    assert_int_equal(r.n_shipments, 0);
    assert_int_equal(r.n_errors, 1);
    assert_int_equal(r.errors[0].kind, PC_TE_NOT_FOUND);
    pc_parse_result_done(&r);
    /* numbers where strings belong: the date is then missing */
    assert_int_equal(RUN("{\"trackResponse\":{\"shipment\":[{\"package\":[{\"trackingNumber\":"
                         "\"1Z1\",\"activity\":[{\"date\":20240101,\"time\":101010,\"status\":"
                         "{\"type\":7}}]}]}]}}"),
                     PC_EMALFORMED);
    /* a package with no number at all */
    assert_int_equal(RUN("{\"trackResponse\":{\"shipment\":[{\"package\":[{\"activity\":[]}]}]}}"),
                     PC_EMALFORMED);
    /* an activity that is a string, and an impossible date */
    assert_int_equal(RUN("{\"trackResponse\":{\"shipment\":[{\"package\":[{\"trackingNumber\":"
                         "\"1Z1\",\"activity\":[\"x\"]}]}]}}"),
                     PC_EMALFORMED);
    assert_int_equal(
        RUN("{\"trackResponse\":{\"shipment\":[{\"package\":[{\"trackingNumber\":"
            "\"1Z1\",\"activity\":[{\"date\":\"20230229\",\"time\":\"101010\"}]}]}]}}"),
        PC_EMALFORMED);
    /* an object where the activity array belongs is read as one activity */
    assert_int_equal(RUN("{\"trackResponse\":{\"shipment\":{\"package\":{\"trackingNumber\":"
                         "\"1Z1\",\"activity\":{\"date\":\"20240102\",\"time\":\"101010\","
                         "\"location\":{\"address\":{\"city\":\"Paris\",\"countryCode\":\"FR\"}},"
                         "\"status\":{\"type\":\"I\",\"code\":\"AR\"}}}}}}"),
                     0);
    assert_int_equal(r.n_shipments, 1);
    assert_int_equal(r.shipments[0].n_events, 1);
    assert_int_equal(r.shipments[0].events[0].utc_offset, 60);
    pc_parse_result_done(&r);

    /* deeply nested JSON */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 1);
    assert_non_null(deep);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    assert_int_equal(run(deep, 2 * depth, NULL, &r), PC_EMALFORMED);
    free(deep);

    /* a huge string is PC_ELIMIT, not truncated */
    pc_parse_limits lim = PC_PARSE_LIMITS_DEFAULT;
    lim.max_string = 64;
    const char *pre = "{\"trackResponse\":{\"shipment\":[{\"package\":[{\"trackingNumber\":"
                      "\"1Z1\",\"activity\":[{\"date\":\"20240102\",\"time\":\"101010\","
                      "\"status\":{\"description\":\"";
    const char *post = "\"}}]}]}]}}";
    size_t big = 1000;
    char *body = malloc(strlen(pre) + big + strlen(post) + 1);
    assert_non_null(body);
    memcpy(body, pre, strlen(pre));
    memset(body + strlen(pre), 'A', big);
    memcpy(body + strlen(pre) + big, post, strlen(post) + 1);
    assert_int_equal(run(body, strlen(body), &lim, &r), PC_ELIMIT);
    free(body);

    /* event and shipment limits */
    lim = (pc_parse_limits)PC_PARSE_LIMITS_DEFAULT;
    lim.max_events = 1;
    const char *two = "{\"trackResponse\":{\"shipment\":[{\"package\":[{\"trackingNumber\":"
                      "\"1Z1\",\"activity\":[{\"date\":\"20240102\",\"time\":\"101010\"},"
                      "{\"date\":\"20240102\",\"time\":\"111010\"}]}]}]}}";
    assert_int_equal(run(two, strlen(two), &lim, &r), PC_ELIMIT);
    lim = (pc_parse_limits)PC_PARSE_LIMITS_DEFAULT;
    lim.max_shipments = 1;
    const char *pk = "{\"trackResponse\":{\"shipment\":[{\"package\":[{\"trackingNumber\":"
                     "\"1Z1\"},{\"trackingNumber\":\"1Z2\"}]}]}}";
    assert_int_equal(run(pk, strlen(pk), &lim, &r), PC_ELIMIT);

    /* XML: wrong root, no shipment, failure without error, external entity not expanded */
    assert_int_equal(RUN("<Foo/>"), PC_EMALFORMED);
    assert_int_equal(RUN("<TrackResponse><Response><ResponseStatusCode>1</ResponseStatusCode>"
                         "</Response></TrackResponse>"),
                     PC_EMALFORMED);
    assert_int_equal(RUN("<TrackResponse><Response><ResponseStatusCode>0</ResponseStatusCode>"
                         "</Response></TrackResponse>"),
                     PC_EMALFORMED);
    const char *xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<TrackResponse><Shipment><Package><TrackingNumber>1Z1&x;</TrackingNumber>"
        "<Activity><Status><StatusType><Code>I</Code><Description>A&x;B</Description>"
        "</StatusType></Status><ActivityLocation><Address><City>Lyon</City><CountryCode>FR"
        "</CountryCode></Address></ActivityLocation><Date>20240102</Date><Time>101010</Time>"
        "</Activity></Package></Shipment></TrackResponse>";
    assert_int_equal(RUN(xxe), 0);
    assert_int_equal(r.n_shipments, 1);
    assert_string_equal(r.shipments[0].tracking_number, "1Z1");
    assert_string_equal(r.shipments[0].events[0].description, "AB");
    pc_parse_result_done(&r);
    /* billion laughs: must end quickly, either rejected or with unexpanded text */
    const char *lol =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
        "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e "
        "\"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
        "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g "
        "\"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
        "]><TrackResponse><Shipment><Package><TrackingNumber>1Z1</TrackingNumber><Activity>"
        "<Status><StatusType><Code>I</Code><Description>&g;</Description></StatusType></Status>"
        "<Date>20240102</Date><Time>101010</Time></Activity></Package></Shipment>"
        "</TrackResponse>";
    int rc = RUN(lol);
    if (rc == 0) {
        assert_true(r.shipments[0].events[0].description == NULL ||
                    strlen(r.shipments[0].events[0].description) < 1000);
        pc_parse_result_done(&r);
    }
    /* deeply nested XML */
    size_t xdepth = 20000;
    char *xdeep = malloc(xdepth * 7 + 64);
    assert_non_null(xdeep);
    size_t o = 0;
    for (size_t i = 0; i < xdepth; i++) {
        memcpy(xdeep + o, "<a>", 3);
        o += 3;
    }
    for (size_t i = 0; i < xdepth; i++) {
        memcpy(xdeep + o, "</a>", 4);
        o += 4;
    }
    assert_int_equal(run(xdeep, o, NULL, &r), PC_EMALFORMED);
    free(xdeep);
}

/* deliveryDate type DEL is the delivery itself, never the estimate (karrio's mistake) */
static void test_del_is_not_an_estimate(void **state)
{
    (void)state;
    pc_parse_result r;
    const char *del = "{\"trackResponse\":{\"shipment\":[{\"package\":[{\"trackingNumber\":"
                      "\"1Z1\",\"deliveryDate\":[{\"type\":\"DEL\",\"date\":\"20220126\"}],"
                      "\"deliveryTime\":{\"type\":\"DEL\",\"endTime\":\"163000\"},"
                      "\"activity\":[{\"date\":\"20220126\",\"time\":\"163000\",\"location\":"
                      "{\"address\":{\"city\":\"PARAMUS\",\"stateProvince\":\"NJ\","
                      "\"countryCode\":\"US\"}},\"status\":{\"type\":\"D\",\"code\":\"F4\","
                      "\"statusCode\":\"011\"}}]}]}]}}";
    assert_int_equal(run(del, strlen(del), NULL, &r), 0);
    assert_int_equal(r.n_shipments, 1);
    assert_true(r.shipments[0].carrier_eta == PC_TIME_NONE);
    assert_int_equal(r.shipments[0].status, PC_STATUS_DELIVERED);
    pc_parse_result_done(&r);
    /* with a scheduled date next to it, the scheduled date is the estimate (end of day) */
    const char *sdd = "{\"trackResponse\":{\"shipment\":[{\"package\":[{\"trackingNumber\":"
                      "\"1Z1\",\"deliveryDate\":[{\"type\":\"DEL\",\"date\":\"20220126\"},"
                      "{\"type\":\"SDD\",\"date\":\"20220127\"}],\"packageAddress\":[{\"type\":"
                      "\"DESTINATION\",\"address\":{\"city\":\"PARAMUS\",\"stateProvince\":\"NJ\","
                      "\"countryCode\":\"US\"}}]}]}]}}";
    assert_int_equal(run(sdd, strlen(sdd), NULL, &r), 0);
    char buf[32];
    assert_string_equal(pc_time_format(r.shipments[0].carrier_eta, buf, sizeof(buf)),
                        "2022-01-28T04:59:00Z");
    pc_parse_result_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_published_code_maps),
        cmocka_unit_test(test_spot_checks),
        cmocka_unit_test(test_family_selection),
        cmocka_unit_test(test_error_kinds),
        cmocka_unit_test(test_build_request),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_hostile_bodies),
        cmocka_unit_test(test_del_is_not_an_estimate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
