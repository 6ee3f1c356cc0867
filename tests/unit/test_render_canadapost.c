/*
 * Canada Post render and parse_request: parse(render(x)) gives x back for simulated histories
 * (at several moments of their lives) and for every fixture the adapter parses, in English and
 * in French; each error kind renders to a <messages> body that parses to the same kind with
 * Canada Post's HTTP status; parse_request inverts build_request and refuses what build_request
 * never makes.
 */
#include "testsupport.h"
#include "../../carriers/canadapost/canadapost_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARRIER "canadapost"

/* Simulator substatuses no identifier of the adapter's table carries: customs scans read as
 * facility processing (0100), a missed sort as a weather delay (0159), a post-office hold as
 * plainly available for pickup (1701), the collection after it as plainly delivered (1496). */
static const char *const unrepresentable[] = {
    "in_transit.customs",  "in_transit.customs_cleared",
    "exception.delayed",   "available_for_pickup.post_office",
    "delivered.picked_up", NULL};

/* The table has no return-to-sender identifier: RT is written as a processing scan and reads
 * back in transit. */
static pc_status expected_status(const pc_event *ev, int newest)
{
    (void)newest;
    if (ev->code && strcmp(ev->code, "RT") == 0)
        return PC_STATUS_IN_TRANSIT;
    return ev->status;
}

/* The format has no country, postal code or origin (events abroad come back without a
 * country), and the estimate is a date only (read back as 23:59 at the destination). */
static const pc_test_render_spec spec = {
    .adapter = CARRIER,
    .seed = 20240902u,
    .n_shipments = 300,
    .n_moments = 4,
    .sim_fields = PC_TF_SUBSTATUS | PC_TF_DESCRIPTION | PC_TF_CITY | PC_TF_REGION | PC_TF_SERVICE,
    .fixture_fields = PC_TF_WHOLE,
    .requested = true,
    .full_history = true,
    .lossy_substatus = unrepresentable,
    .expected_status = expected_status,
    .min_fixtures = 10,
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

/* A fixture's shipment rendered in English and in French: the zone abbreviations differ, the
 * instants and offsets do not; render() picks the language of the descriptions. */
static void test_languages(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    static const struct {
        const char *fixture, *en, *fr;
        int french;
    } cases[] = {
        {"xml_fr_leading_space.xml", "<event-time-zone>EDT<", "<event-time-zone>HAE<", 1},
        {"xml_delivered.xml", "<event-time-zone>MST<", "<event-time-zone>HNR<", 0},
    };
    for (size_t f = 0; f < sizeof(cases) / sizeof(cases[0]); f++) {
        char path[1024];
        size_t len;
        snprintf(path, sizeof(path), "%s/carriers/%s/%s", PC_TEST_SOURCE_DIR, CARRIER,
                 cases[f].fixture);
        char *body = pc_test_read_file(path, &len);
        pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO};
        pc_parse_result first = {0};
        pc_diag diag = {0};
        assert_int_equal(pc_adapter_parse(a, &in, 0, &first, &diag), 0);
        assert_int_equal(first.n_shipments, 1);
        const pc_shipment *x = &first.shipments[0];
        char *bodies[3] = {NULL, NULL, NULL};
        size_t lens[3];
        int http;
        assert_int_equal(pc__canadapost_render_lang(x, 1, NULL, 0, 0, &bodies[0], &lens[0], &http),
                         0);
        assert_int_equal(pc__canadapost_render_lang(x, 1, NULL, 0, 1, &bodies[1], &lens[1], &http),
                         0);
        assert_int_equal(a->render(x, 1, NULL, 0, PC_FORMAT_AUTO, &bodies[2], &lens[2], &http), 0);
        assert_non_null(strstr(bodies[0], cases[f].en));
        assert_null(strstr(bodies[0], cases[f].fr));
        assert_non_null(strstr(bodies[1], cases[f].fr));
        assert_string_equal(bodies[2], bodies[cases[f].french]);
        for (int lang = 0; lang < 2; lang++) {
            pc_parse_input in2 = {.data = bodies[lang], .len = lens[lang]};
            pc_parse_result second = {0};
            assert_int_equal(pc_adapter_parse(a, &in2, 0, &second, &diag), 0);
            assert_int_equal(second.n_shipments, 1);
            const pc_shipment *y = &second.shipments[0];
            assert_int_equal(y->n_events, x->n_events);
            assert_int_equal(y->carrier_eta, x->carrier_eta);
            pc_test_str_eq("signed by", y->signed_by, x->signed_by);
            for (size_t j = 0; j < x->n_events; j++) {
                assert_int_equal(y->events[j].time, x->events[j].time);
                assert_int_equal(y->events[j].utc_offset, x->events[j].utc_offset);
                assert_int_equal(y->events[j].status, x->events[j].status);
                pc_test_str_eq("substatus", y->events[j].substatus, x->events[j].substatus);
                pc_test_str_eq("description", y->events[j].description, x->events[j].description);
            }
            pc_parse_result_done(&second);
        }
        for (int k = 0; k < 3; k++)
            free(bodies[k]);
        pc_parse_result_done(&first);
        free(body);
    }
}

static void test_errors(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    /* <messages> never names the PIN (one PIN per request); Canada Post has no message for a
     * malformed PIN here, so an invalid number reads back as a carrier error. */
    static const pc_test_error_case cases[] = {
        {PC_TE_NOT_FOUND, PC_TE_NOT_FOUND, true, false, 404, NULL},
        {PC_TE_INVALID_NUMBER, PC_TE_CARRIER_ERROR, true, false, 400, NULL},
        {PC_TE_AUTH, PC_TE_AUTH, false, false, 401, NULL},
        {PC_TE_RATE_LIMITED, PC_TE_RATE_LIMITED, false, false, 503, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, true, false, 500, NULL},
        {PC_TE_CARRIER_ERROR, PC_TE_CARRIER_ERROR, false, false, 500, "Internal Server Error"},
    };
    const char *number = "7023210039414604";
    pc_test_render_errors(a, number, true, cases, sizeof(cases) / sizeof(cases[0]));
    pc_test_render_errors(a, number, false, cases, sizeof(cases) / sizeof(cases[0]));

    /* the carrier's code and text survive when they read back as the same kind */
    pc_track_error e = {.kind = PC_TE_AUTH, .carrier_code = "E001", .message = "AAA failure"};
    pc_parse_result r;
    pc_test_render_parse(a, NULL, 0, &e, 1, NULL, 0, NULL, &r);
    assert_int_equal(r.n_errors, 1);
    assert_int_equal(r.errors[0].kind, PC_TE_AUTH);
    assert_string_equal(r.errors[0].carrier_code, "E001");
    assert_string_equal(r.errors[0].message, "AAA failure");
    pc_parse_result_done(&r);

    /* one PIN per body, XML only */
    pc_track_error two[] = {{.tracking_number = "1", .kind = PC_TE_NOT_FOUND}};
    pc_shipment ships[2];
    char *body = NULL;
    size_t len = 0;
    int http = 0;
    pc_shipment_init(&ships[0]);
    pc_shipment_init(&ships[1]);
    assert_int_equal(a->render(ships, 2, NULL, 0, PC_FORMAT_AUTO, &body, &len, &http),
                     PC_EUNSUPPORTED);
    assert_int_equal(a->render(ships, 1, two, 1, PC_FORMAT_AUTO, &body, &len, &http),
                     PC_EUNSUPPORTED);
    assert_int_equal(a->render(NULL, 0, two, 1, PC_FORMAT_JSON, &body, &len, &http),
                     PC_EUNSUPPORTED);
    assert_null(body);
}

static void number(size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "70232100%08zu", i * 7919);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = pc_test_render_adapter(CARRIER);
    pc_adapter_config cfg = {.client_id = "user", .client_secret = "pass"};
    pc_adapter_config sandbox = {.base_url = "http://127.0.0.1:8080/canadapost/"};
    const char *one[] = {"7023210039414604"};
    assert_int_equal(a->max_batch, 1);
    pc_test_request_round_trips(a, &cfg, number, "70 23/21?x&y=%z#\"\xc3\xa9");
    pc_test_request_round_trip(a, &sandbox, one, 1);
    pc_test_request_round_trip(a, NULL, one, 1);

    static const pc_test_bad_request bad[] = {
        {"POST", "/vis/track/pin/7023210039414604/detail", NULL, PC_ENOTFOUND},
        {"GET", "/vis/track/pin/7023210039414604/summary", NULL, PC_ENOTFOUND},
        {"GET", "/vis/track/dnc/7023210039414604/detail", NULL, PC_ENOTFOUND},
        {"GET", "/", NULL, PC_ENOTFOUND},
        {"GET", "", NULL, PC_ENOTFOUND},
        {"GET", "/x?y=/vis/track/pin/1/detail", NULL, PC_ENOTFOUND},
        {"GET", "/vis/track/pin/", NULL, PC_EMALFORMED},
        {"GET", "/vis/track/pin//detail", NULL, PC_EMALFORMED},
        {"GET", "/vis/track/pin/70232100", NULL, PC_EMALFORMED},
        {"GET", "/vis/track/pin/7023/2100/detail", NULL, PC_EMALFORMED},
        {"GET", "/vis/track/pin/7023%4/detail", NULL, PC_EMALFORMED},
        {"GET", "/vis/track/pin/7023%zz/detail", NULL, PC_EMALFORMED},
        {"GET", "/vis/track/pin/7023%00/detail", NULL, PC_EMALFORMED},
        {"GET", "/vis/track/pin/detail", NULL, PC_EMALFORMED},
        {NULL, "/vis/track/pin/1/detail", NULL, PC_ENOTFOUND},
        {"GET", NULL, NULL, PC_ENOTFOUND},
    };
    pc_test_requests_refused(a, bad, sizeof(bad) / sizeof(bad[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_roundtrip), cmocka_unit_test(test_fixture_roundtrip),
        cmocka_unit_test(test_languages),     cmocka_unit_test(test_errors),
        cmocka_unit_test(test_parse_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
