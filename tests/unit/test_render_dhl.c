/*
 * DHL render and parse_request: parse(render(x)) gives x back for simulated histories (at
 * several moments of their lives) and for every fixture the adapter parses, in the Unified JSON
 * (the current API) and, for batches and on request, in the Express XML-PI; each error kind
 * renders to a body that parses to the same kind and number with DHL's HTTP status;
 * parse_request inverts build_request and refuses what build_request never makes.
 */
#include "testsupport.h"

#include <parcelcast/normalize.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARRIER "dhl"

/* Unified statusCode is a family refined by text; no text rule names these simulator
 * substatuses (pickup, customs steps, a missed sort, a post-office hold and collection). */
static const char *const unrepresentable[] = {"in_transit.picked_up",
                                              "in_transit.customs",
                                              "in_transit.customs_cleared",
                                              "exception.delayed",
                                              "available_for_pickup.post_office",
                                              "delivered.picked_up",
                                              NULL};

/* Substatuses the Unified JSON carries: those of the text rules, and delivered.signed through
 * the proof of delivery. */
static int unified_substatus(const char *sub)
{
    static const char *const kept[] = {
        "returned.refused",           "delivered.parcel_locker", "delivered.neighbour",
        "failed_attempt.no_one_home", "exception.damaged",       "exception.weather",
        "exception.customs",          "exception.address",       "delivered.signed",
    };
    for (size_t i = 0; sub && i < sizeof(kept) / sizeof(kept[0]); i++)
        if (strcmp(sub, kept[i]) == 0)
            return 1;
    return 0;
}

/* An Express or Parcel DE fixture goes through the Unified JSON (but a batch with a not-found
 * AWB stays Express XML): the substatuses Unified cannot say are dropped on both sides. */
static void drop_express_substatus(const char *fixture, pc_shipment *s)
{
    if (strncmp(fixture, "xml_", 4) != 0 || strcmp(fixture, "xml_multiple_awb.xml") == 0)
        return;
    for (size_t i = 0; i < s->n_events; i++)
        if (s->events[i].substatus && !unified_substatus(s->events[i].substatus))
            assert_int_equal(pc_set_str(&s->events[i].substatus, NULL, 0), 0);
    pc_shipment_normalize(s);
}

static const pc_test_render_spec spec = {
    .adapter = CARRIER,
    .seed = 20241028u,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_SUBSTATUS | PC_TF_DESCRIPTION | PC_TF_CITY | PC_TF_REGION |
                  PC_TF_POSTAL_CODE | PC_TF_COUNTRY | PC_TF_CARRIER_ETA | PC_TF_SERVICE |
                  PC_TF_ENDPOINTS,
    .fixture_fields = PC_TF_SUBSTATUS | PC_TF_DESCRIPTION | PC_TF_CITY | PC_TF_REGION |
                      PC_TF_POSTAL_CODE | PC_TF_COUNTRY | PC_TF_CARRIER_ETA | PC_TF_SERVICE |
                      PC_TF_ENDPOINTS,
    .requested = true,
    .full_history = true,
    .lossy_substatus = unrepresentable,
    .fixture_fixup = drop_express_substatus,
    .min_fixtures = 14,
    .min_fixtures_with_shipments = 7,
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

static void test_errors(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    static const pc_test_error_case cases[] = {
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, true, 404, NULL},
        {PC_TE_INVALID_NUMBER, PC_TE_INVALID_NUMBER, true, true, 400, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 401, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_RATE_LIMITED, false, false, 429, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, "Internal Server Error"},
    };
    /* the instance names the number; a number it cannot name comes from the request */
    pc_test_render_errors(a, "JJD000390007725893", false, cases, 2);
    pc_test_render_errors(a, "JJD 0003/9?&%", true, cases, sizeof(cases) / sizeof(cases[0]));

    /* several per-number errors are an Express batch: 103 not found, failed AWBs */
    static const pc_track_error batch[] = {
        {.tracking_number = "5738421096", .kind = PC_TE_NOT_FOUND},
        {.tracking_number = "8877665544", .kind = PC_TE_CARRIER_ERROR},
        {.tracking_number = "6677889900", .kind = PC_TE_NOT_FOUND},
    };
    pc_test_render_error_list(a, batch, sizeof(batch) / sizeof(batch[0]), 200);

    char *body = NULL;
    size_t len = 0;
    int http = 0;
    assert_int_equal(a->render(NULL, 0, NULL, 0, (pc_format)7, &body, &len, &http),
                     PC_EUNSUPPORTED);
    assert_null(body);
}

/* Render with format, parse as format, and compare the parts both formats share. */
static void format_round_trip(const pc_adapter *a, pc_format format, const char *fixture,
                              const char *expect_root)
{
    char path[1024];
    size_t len;
    snprintf(path, sizeof(path), "%s/carriers/dhl/%s", PC_TEST_SOURCE_DIR, fixture);
    char *src = pc_test_read_file(path, &len);
    pc_parse_input in = {.data = src, .len = len, .format = PC_FORMAT_AUTO};
    pc_parse_result first = {0}, second = {0};
    pc_diag diag = {0};
    assert_int_equal(pc_adapter_parse(a, &in, 0, &first, &diag), 0);

    char *body = NULL;
    int http = 0;
    assert_int_equal(a->render(first.shipments, first.n_shipments, first.errors, first.n_errors,
                               format, &body, &len, &http),
                     0);
    assert_int_equal(http, 200);
    assert_non_null(strstr(body, expect_root));
    pc_parse_input back = {.data = body, .len = len, .format = format};
    if (pc_adapter_parse(a, &back, 0, &second, &diag) != 0)
        fail_msg("%s: %s\n%s", fixture, diag.message, body);
    assert_int_equal(second.n_shipments, first.n_shipments);
    assert_int_equal(second.n_errors, first.n_errors);
    for (size_t i = 0; i < first.n_shipments; i++) {
        const pc_shipment *x = &first.shipments[i], *y = &second.shipments[i];
        pc_test_str_eq("number", y->tracking_number, x->tracking_number);
        pc_test_str_eq("signed by", y->signed_by, x->signed_by);
        pc_test_str_eq("service", y->service, x->service);
        assert_int_equal(y->status, x->status);
        assert_int_equal(y->n_events, x->n_events);
        for (size_t j = 0; j < x->n_events; j++) {
            assert_int_equal(y->events[j].time, x->events[j].time);
            /* XML-PI times are local to the service area, whatever offset the source had */
            if (format == PC_FORMAT_JSON)
                assert_int_equal(y->events[j].utc_offset, x->events[j].utc_offset);
            /* Express has no label-created checkpoint: info received reads as in transit */
            pc_status want = x->events[j].status;
            if (format == PC_FORMAT_XML && want == PC_STATUS_INFO_RECEIVED)
                want = PC_STATUS_IN_TRANSIT;
            assert_int_equal(y->events[j].status, want);
            pc_test_str_eq("description", y->events[j].description, x->events[j].description);
            pc_test_str_eq("city", y->events[j].location.city, x->events[j].location.city);
            pc_test_str_eq("country", y->events[j].location.country, x->events[j].location.country);
        }
    }
    for (size_t i = 0; i < first.n_errors; i++) {
        assert_int_equal(second.errors[i].kind, first.errors[i].kind);
        pc_test_str_eq("error number", second.errors[i].tracking_number,
                       first.errors[i].tracking_number);
    }
    pc_parse_result_done(&first);
    pc_parse_result_done(&second);
    free(body);
    free(src);
}

/* The Express XML on request: Express fixtures keep their checkpoint codes and signatures, and
 * Unified fixtures come through with their statuses; JSON on request for a batch. */
static void test_express_xml(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    static const char *const fixtures[] = {
        "xml_delivered.xml",    "xml_exception.xml",    "xml_in_transit.xml",
        "xml_multiple_awb.xml", "json_in_transit.json", "json_failure.json",
    };
    for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
        format_round_trip(a, PC_FORMAT_XML, fixtures[i], "<res:TrackingResponse");
    format_round_trip(a, PC_FORMAT_JSON, "xml_delivered.xml", "\"shipments\"");

    /* request errors: HTTP 200 with a ShipmentTrackingErrorResponse */
    pc_track_error auth = {.kind = PC_TE_AUTH};
    char *body = NULL;
    size_t len = 0;
    int http = 0;
    pc_parse_result r = {0};
    pc_diag diag = {0};
    assert_int_equal(a->render(NULL, 0, &auth, 1, PC_FORMAT_XML, &body, &len, &http), 0);
    assert_int_equal(http, 200);
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_XML};
    assert_int_equal(pc_adapter_parse(a, &in, 0, &r, &diag), 0);
    assert_int_equal(r.n_errors, 1);
    assert_int_equal(r.errors[0].kind, PC_TE_AUTH);
    assert_null(r.errors[0].tracking_number);
    pc_parse_result_done(&r);
    free(body);
}

static void number(size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "JJD00039000772%04zu", i);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    pc_adapter_config cfg = {.api_key = "key"};
    pc_adapter_config sandbox = {.api_key = "key", .base_url = "http://127.0.0.1:8080/dhl/"};
    assert_int_equal(a->max_batch, 1);
    pc_test_request_round_trips(a, &cfg, number, "JJD 0003/9?&=,#%+");
    pc_test_request_round_trips(a, &sandbox, number, "1234567890");

    static const pc_test_bad_request bad[] = {
        {"POST", "/track/shipments?trackingNumber=1", NULL, PC_ENOTFOUND},
        {"GET", "/", NULL, PC_ENOTFOUND},
        {"GET", "", NULL, PC_ENOTFOUND},
        {"GET", "/XMLShippingServlet", NULL, PC_ENOTFOUND},
        {"GET", "/track/shipments/extra?trackingNumber=1", NULL, PC_ENOTFOUND},
        {"GET", "/x?y=/track/shipments&trackingNumber=1", NULL, PC_ENOTFOUND},
        {NULL, "/track/shipments?trackingNumber=1", NULL, PC_ENOTFOUND},
        {"GET", NULL, NULL, PC_ENOTFOUND},
        {"GET", "/track/shipments", NULL, PC_EMALFORMED},
        {"GET", "/track/shipments?language=en", NULL, PC_EMALFORMED},
        {"GET", "/track/shipments?trackingNumber=&language=en", NULL, PC_EMALFORMED},
        {"GET", "/track/shipments?trackingNumber=1,2", NULL, PC_EMALFORMED},
        {"GET", "/track/shipments?trackingNumber=1%4", NULL, PC_EMALFORMED},
        {"GET", "/track/shipments?trackingNumber=1%zz", NULL, PC_EMALFORMED},
        {"GET", "/track/shipments?trackingNumber=1%00", NULL, PC_EMALFORMED},
    };
    pc_test_requests_refused(a, bad, sizeof(bad) / sizeof(bad[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_roundtrip), cmocka_unit_test(test_fixture_roundtrip),
        cmocka_unit_test(test_errors),        cmocka_unit_test(test_express_xml),
        cmocka_unit_test(test_parse_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
