/*
 * USPS render and parse_request: parse(render(x)) gives x back for simulated histories (at
 * several moments of their lives) and for every fixture the adapter parses, in the Tracking API
 * v3 JSON and in the Web Tools TrackV2 XML; each error kind renders to a body that parses to the
 * same kind with USPS's HTTP status; parse_request inverts build_request (v3) and reads TrackV2
 * request URLs, and refuses what neither API sends.
 */
#include "testsupport.h"

#include <parcelcast/carrier_util.h>
#include <parcelcast/sim.h>

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARRIER "usps"
#define SEED    20240902u

/* Simulator substatuses no USPS event code carries: pickup reads as an acceptance (03), customs
 * scans as facility processing, weather and customs holds as a rescheduled delivery (71), a
 * failed attempt as a notice left (02), a post-office hold as plainly available for pickup. */
static const char *const unrepresentable[] = {"in_transit.picked_up",
                                              "in_transit.customs",
                                              "in_transit.customs_cleared",
                                              "exception.weather",
                                              "exception.customs",
                                              "failed_attempt.no_one_home",
                                              "available_for_pickup.post_office",
                                              NULL};

static const pc_test_render_spec spec = {
    .adapter = CARRIER,
    .seed = SEED,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_SUBSTATUS | PC_TF_DESCRIPTION | PC_TF_CITY | PC_TF_REGION |
                  PC_TF_POSTAL_CODE | PC_TF_COUNTRY | PC_TF_CARRIER_ETA | PC_TF_SERVICE |
                  PC_TF_ENDPOINTS,
    .fixture_fields = PC_TF_WHOLE,
    .requested = true,
    .full_history = true,
    .lossy_substatus = unrepresentable,
    .min_fixtures = 20,
    .min_fixtures_with_shipments = 12,
};

static void test_sim_roundtrip(void **state)
{
    (void)state;
    pc_test_render_sim(&spec);
}

static void test_fixture_roundtrip(void **state)
{
    (void)state;
    pc_test_render_fixtures(&spec);
}

/* Render in one format and parse back (the format sniffed as the core does). */
static void render_parse_as(const pc_adapter *a, pc_format format, const pc_shipment *s, size_t n,
                            const pc_track_error *e, size_t n_e, int *ret_http,
                            pc_parse_result *out)
{
    char *body = NULL;
    size_t len = 0;
    pc_diag diag = {0};
    assert_int_equal(a->render(s, n, e, n_e, format, &body, &len, ret_http), 0);
    assert_non_null(body);
    assert_int_equal(len, strlen(body));
    assert_int_equal(body[0] == '<', format == PC_FORMAT_XML);
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO};
    memset(out, 0, sizeof(*out));
    int rc = pc_adapter_parse(a, &in, 0, out, &diag);
    if (rc != 0)
        print_error("parse(render): %s\n%s\n", diag.message, body);
    assert_int_equal(rc, 0);
    free(body);
}

/*
 * Simulated histories through the TrackV2 XML: a batch of nine shipments and an unknown number
 * (the Web Tools limit is ten), local times with no zone resolved back to the same instants and
 * offsets. One body per batch: AUTO chooses TrackV2 for several numbers.
 */
static void test_sim_trackv2(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    pc_sim_config cfg;
    pc_sim *sim = NULL;
    char err[256] = "";
    size_t batches = 0, events = 0;

    gsl_set_error_handler_off();
    pc_sim_config_default(&cfg);
    assert_int_equal(pc_sim_new(&cfg, &sim, err, sizeof(err)), 0);
    for (uint64_t i = 0; batches < 12 && i < 100000;) {
        pc_shipment ships[9];
        size_t n = 0;
        for (; n < 9 && i < 100000; i++) {
            pc_sim_truth t;
            assert_int_equal(pc_sim_shipment(sim, SEED + 7, i, &t, &ships[n]), 0);
            if (strcmp(t.carrier, CARRIER) == 0)
                n++;
            else
                pc_shipment_done(&ships[n]);
        }
        assert_int_equal(n, 9);
        pc_track_error e = {.tracking_number = "9400100000000000000000", .kind = PC_TE_NOT_FOUND};
        pc_parse_result r;
        int http = 0;
        pc_test_render_parse(a, ships, n, &e, 1, NULL, 0, &http, &r);
        assert_int_equal(http, 200);
        assert_int_equal(r.n_shipments, n);
        assert_int_equal(r.n_errors, 1);
        assert_int_equal(r.errors[0].kind, PC_TE_NOT_FOUND);
        assert_string_equal(r.errors[0].tracking_number, e.tracking_number);
        for (size_t k = 0; k < n; k++) {
            const pc_shipment *x = &ships[k], *y = &r.shipments[k];
            assert_string_equal(y->tracking_number, x->tracking_number);
            assert_int_equal(y->n_events, x->n_events);
            assert_int_equal(y->status, x->status);
            assert_int_equal(y->carrier_eta, x->carrier_eta);
            pc_test_str_eq("service", y->service, x->service);
            for (size_t j = 0; j < x->n_events; j++) {
                assert_int_equal(y->events[j].time, x->events[j].time);
                assert_int_equal(y->events[j].utc_offset, x->events[j].utc_offset);
                assert_int_equal(y->events[j].status, x->events[j].status);
                pc_test_str_eq("description", y->events[j].description, x->events[j].description);
                pc_test_str_eq("city", y->events[j].location.city, x->events[j].location.city);
                pc_test_str_eq("country", y->events[j].location.country,
                               x->events[j].location.country);
            }
            events += x->n_events;
            pc_shipment_done(&ships[k]);
        }
        pc_parse_result_done(&r);
        batches++;
    }
    pc_sim_free(sim);
    assert_int_equal(batches, 12);
    print_message("%zu TrackV2 batches, %zu events\n", batches, events);
}

/* A v3 fixture through the XML (explicitly) and a TrackV2 fixture through v3 keep statuses,
 * times (to the minute: TrackV2 has no seconds), signer and estimate. */
static void test_formats_cross(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    static const char *const fixtures[] = {"v3_delivered.json", "trackv2_delivered.xml",
                                           "trackv2_international.xml", "v3_failed_attempt.json"};
    for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
        char path[1024];
        size_t len;
        snprintf(path, sizeof(path), "%s/carriers/usps/%s", PC_TEST_SOURCE_DIR, fixtures[f]);
        char *body = pc_test_read_file(path, &len);
        pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO};
        pc_parse_result first = {0};
        pc_diag diag = {0};
        assert_int_equal(pc_adapter_parse(a, &in, 0, &first, &diag), 0);
        assert_int_equal(first.n_shipments, 1);
        print_message("%s\n", fixtures[f]);
        for (int xml = 0; xml < 2; xml++) {
            pc_parse_result second;
            int http = 0;
            render_parse_as(a, xml ? PC_FORMAT_XML : PC_FORMAT_JSON, first.shipments, 1, NULL, 0,
                            &http, &second);
            assert_int_equal(http, 200);
            assert_int_equal(second.n_shipments, 1);
            const pc_shipment *x = &first.shipments[0], *y = &second.shipments[0];
            assert_int_equal(y->n_events, x->n_events);
            assert_int_equal(y->status, x->status);
            pc_test_str_eq("substatus", y->substatus, x->substatus);
            pc_test_str_eq("signed by", y->signed_by, x->signed_by);
            pc_test_str_eq("service", y->service, x->service);
            assert_int_equal(y->carrier_eta / 60, x->carrier_eta / 60);
            /* TrackV2 has no zone: a v3 scan without a place (TL, "In Transit to Next Facility")
             * is read in the destination's zone, so v3 times are only compared through v3. */
            int times = !xml || strstr(fixtures[f], ".xml") != NULL;
            for (size_t j = 0; j < x->n_events; j++) {
                if (times) {
                    assert_int_equal(y->events[j].time / 60, x->events[j].time / 60);
                    assert_int_equal(y->events[j].utc_offset, x->events[j].utc_offset);
                }
                assert_int_equal(y->events[j].status, x->events[j].status);
                pc_test_str_eq("event substatus", y->events[j].substatus, x->events[j].substatus);
                pc_test_str_eq("code", y->events[j].code, x->events[j].code);
                pc_test_str_eq("country", y->events[j].location.country,
                               x->events[j].location.country);
            }
            pc_parse_result_done(&second);
        }
        pc_parse_result_done(&first);
        free(body);
    }
}

static void test_errors(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    /* Tracking API v3: errors never name the number (one number per request), 1500xx codes
     * with HTTP 400. */
    static const pc_test_error_case v3[] = {
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, false, 400, NULL},
        {PC_TE_INVALID_NUMBER, PC_TE_INVALID_NUMBER, true, false, 400, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 401, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_RATE_LIMITED, false, false, 429, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, true, false, 400, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, "Internal Server Error"},
    };
    const char *number = "9400111899223100000000";
    pc_test_render_errors(a, number, true, v3, sizeof(v3) / sizeof(v3[0]));
    pc_test_render_errors(a, number, false, v3, sizeof(v3) / sizeof(v3[0]));

    /* Web Tools TrackV2: per-number errors in HTTP 200, named by TrackInfo/@ID. */
    pc_track_error list[] = {
        {.tracking_number = "9400111899223100000001", .kind = PC_TE_NOT_FOUND},
        {.tracking_number = "9400111899223100000002", .kind = PC_TE_CARRIER_ERROR},
        {.tracking_number = "94001118992231<&>\"'", .kind = PC_TE_NOT_FOUND},
    };
    pc_test_render_error_list(a, list, sizeof(list) / sizeof(list[0]), 200);

    /* Carrier codes survive where the parser reads them back to the same kind. */
    static const struct {
        pc_track_error e;
        int http;
        const char *code;
    } kept[] = {
        {{.kind = PC_TE_AUTH, .carrier_code = "80040B1A", .message = "API Authorization failure."},
         200,
         "80040B1A"},
        {{.kind = PC_TE_AUTH, .carrier_code = "invalid_client", .message = "Bad client"},
         401,
         "invalid_client"},
        {{.kind = PC_TE_RATE_LIMITED, .carrier_code = "429", .message = "Slow down"}, 429, "429"},
        {{.kind = PC_TE_RATE_LIMITED, .carrier_code = "policies.ratelimit.QuotaViolation"},
         429,
         "policies.ratelimit.QuotaViolation"},
        {{.tracking_number = "94001", .kind = PC_TE_NOT_FOUND, .carrier_code = "150001"},
         400,
         "150001"},
        {{.tracking_number = "94001", .kind = PC_TE_NOT_FOUND, .carrier_code = "-2147219301"},
         200,
         "-2147219301"},
        /* a code that means another kind is replaced by the kind's default */
        {{.tracking_number = "94001",
          .kind = PC_TE_NOT_FOUND,
          .carrier_code = "150010",
          .message = "Not here"},
         400,
         "150002"},
    };
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        pc_parse_result r;
        int http = 0;
        pc_test_render_parse(a, NULL, 0, &kept[i].e, 1, NULL, 0, &http, &r);
        assert_int_equal(http, kept[i].http);
        assert_int_equal(r.n_errors, 1);
        assert_int_equal(r.errors[0].kind, kept[i].e.kind);
        pc_test_str_eq("carrier code", r.errors[0].carrier_code, kept[i].code);
        pc_test_str_eq("message", r.errors[0].message, kept[i].e.message);
        pc_parse_result_done(&r);
    }

    /* What one format cannot say. */
    pc_track_error invalid = {.tracking_number = "94001", .kind = PC_TE_INVALID_NUMBER};
    pc_track_error rate = {.kind = PC_TE_RATE_LIMITED};
    pc_track_error two[] = {{.tracking_number = "1", .kind = PC_TE_NOT_FOUND},
                            {.tracking_number = "2", .kind = PC_TE_NOT_FOUND}};
    char *body = NULL;
    size_t len = 0;
    int http = 0;
    assert_int_equal(a->render(NULL, 0, &invalid, 1, PC_FORMAT_XML, &body, &len, &http),
                     PC_EUNSUPPORTED);
    assert_int_equal(a->render(NULL, 0, &rate, 1, PC_FORMAT_XML, &body, &len, &http),
                     PC_EUNSUPPORTED);
    assert_int_equal(a->render(NULL, 0, two, 2, PC_FORMAT_JSON, &body, &len, &http),
                     PC_EUNSUPPORTED);
    assert_null(body);
}

static void number(size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "94001118992231%08zu", i * 7919);
}

/* GET /ShippingAPI.dll?API=TrackV2&XML=... with the XML percent-encoded. */
static void trackv2_request(const char *xml, char *buf, size_t size)
{
    char *enc = pc_url_escape(xml);
    assert_non_null(enc);
    snprintf(buf, size, "/ShippingAPI.dll?API=TrackV2&XML=%s", enc);
    free(enc);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    pc_adapter_config cfg = {.access_token = "tok"};
    pc_adapter_config sandbox = {.access_token = "tok", .base_url = "http://127.0.0.1:8080/usps/"};
    const char *one[] = {"9400111899223100000000"};
    assert_int_equal(a->max_batch, 1);
    pc_test_request_round_trips(a, &cfg, number, "94 00/1?x&y=%z#\"\xc3\xa9");
    pc_test_request_round_trip(a, &sandbox, one, 1);

    /* Web Tools TrackV2 requests: up to ten TrackID, entities in the IDs decoded. */
    char url[4096], xml[2048];
    size_t off = 0;
    off += (size_t)snprintf(xml + off, sizeof(xml) - off,
                            "<TrackFieldRequest USERID=\"U&amp;1\"><Revision>1</Revision>"
                            "<ClientIp>127.0.0.1</ClientIp><SourceId>x</SourceId>");
    for (size_t i = 0; i < 10; i++)
        off += (size_t)snprintf(xml + off, sizeof(xml) - off, "<TrackID ID=\"EA%09zuUS\"/>", i);
    off += (size_t)snprintf(xml + off, sizeof(xml) - off,
                            "<TrackID ID=\"a&amp;b &lt;c&gt;\"/></TrackFieldRequest>");
    trackv2_request(xml, url, sizeof(url));
    char **got = NULL;
    size_t n = 0;
    assert_int_equal(a->parse_request("GET", url, NULL, 0, &got, &n), PC_EMALFORMED); /* 11 */
    char *last = strstr(xml, "<TrackID ID=\"EA000000009US\"/>");
    assert_non_null(last);
    memmove(last, last + 29, strlen(last + 29) + 1);
    trackv2_request(xml, url, sizeof(url));
    assert_int_equal(a->parse_request("GET", url, NULL, 0, &got, &n), 0);
    assert_int_equal(n, 10);
    assert_string_equal(got[0], "EA000000000US");
    assert_string_equal(got[9], "a&b <c>");
    pc_strv_free(got, n);

    char notdll[512], bomb[512], noid[512], wrongroot[512], empty[512];
    trackv2_request("<TrackFieldRequest USERID=\"x\"><TrackID ID=\"1\"/></TrackFieldRequest>", url,
                    sizeof(url));
    snprintf(notdll, sizeof(notdll), "/ShippingAPI.dll?API=Verify&%s", strstr(url, "XML="));
    trackv2_request("<!DOCTYPE r [<!ENTITY e \"x\">]><TrackFieldRequest><TrackID ID=\"&e;\"/>"
                    "</TrackFieldRequest>",
                    bomb, sizeof(bomb));
    trackv2_request("<TrackFieldRequest><TrackID/></TrackFieldRequest>", noid, sizeof(noid));
    trackv2_request("<AddressValidateRequest><TrackID ID=\"1\"/></AddressValidateRequest>",
                    wrongroot, sizeof(wrongroot));
    trackv2_request("<TrackFieldRequest USERID=\"x\"></TrackFieldRequest>", empty, sizeof(empty));
    const pc_test_bad_request bad[] = {
        {"POST", "/tracking/v3/tracking/9400111899223100000000", NULL, PC_ENOTFOUND},
        {"GET", "/tracking/v3r2/tracking", NULL, PC_ENOTFOUND},
        {"GET", "/", NULL, PC_ENOTFOUND},
        {"GET", "", NULL, PC_ENOTFOUND},
        {"GET", "/x?y=/tracking/v3/tracking/94", NULL, PC_ENOTFOUND},
        {"GET", "/tracking/v3/tracking/", NULL, PC_EMALFORMED},
        {"GET", "/tracking/v3/tracking/?expand=DETAIL", NULL, PC_EMALFORMED},
        {"GET", "/tracking/v3/tracking/94/extra", NULL, PC_EMALFORMED},
        {"GET", "/tracking/v3/tracking/94%4", NULL, PC_EMALFORMED},
        {"GET", "/tracking/v3/tracking/94%zz", NULL, PC_EMALFORMED},
        {"GET", "/tracking/v3/tracking/94%00", NULL, PC_EMALFORMED},
        {NULL, "/tracking/v3/tracking/94", NULL, PC_ENOTFOUND},
        {"GET", NULL, NULL, PC_ENOTFOUND},
        {"GET", "/ShippingAPI.dll", NULL, PC_ENOTFOUND},
        {"GET", notdll, NULL, PC_ENOTFOUND},
        {"GET", "/ShippingAPI.dll?API=TrackV2", NULL, PC_EMALFORMED},
        {"GET", "/ShippingAPI.dll?API=TrackV2&XML=", NULL, PC_EMALFORMED},
        {"GET", "/ShippingAPI.dll?API=TrackV2&XML=%3CTrack", NULL, PC_EMALFORMED},
        {"GET", "/ShippingAPI.dll?API=TrackV2&XML=%3Ca%00%3E", NULL, PC_EMALFORMED},
        {"GET", bomb, NULL, PC_EMALFORMED},
        {"GET", noid, NULL, PC_EMALFORMED},
        {"GET", wrongroot, NULL, PC_EMALFORMED},
        {"GET", empty, NULL, PC_EMALFORMED},
    };
    pc_test_requests_refused(a, bad, sizeof(bad) / sizeof(bad[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_roundtrip),
        cmocka_unit_test(test_sim_trackv2),
        cmocka_unit_test(test_fixture_roundtrip),
        cmocka_unit_test(test_formats_cross),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_parse_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
