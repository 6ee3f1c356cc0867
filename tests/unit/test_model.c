/* Model: status table, error table, JSON round trips and errors, normal form. */
#include "testsupport.h"

#include <parcelcast/error.h>
#include <parcelcast/json.h>
#include <stdlib.h>
#include <string.h>

static void test_status_table(void **state)
{
    (void)state;
    static const char *const names[] = {"pending",        "info_received",
                                        "in_transit",     "out_for_delivery",
                                        "failed_attempt", "available_for_pickup",
                                        "delivered",      "exception",
                                        "returned",       "expired"};
    assert_int_equal(PC_STATUS__COUNT, sizeof(names) / sizeof(names[0]));
    for (unsigned i = 0; i < PC_STATUS__COUNT; i++) {
        pc_status st;
        assert_string_equal(pc_status_name((pc_status)i), names[i]);
        assert_int_equal(pc_status_parse(names[i], &st), 0);
        assert_int_equal(st, i);
    }
    pc_status st;
    assert_int_equal(pc_status_parse("Delivered", &st), PC_EINVAL);
    assert_int_equal(pc_status_parse("", &st), PC_EINVAL);
    assert_string_equal(pc_status_name(PC_STATUS__COUNT), "unknown");
    assert_true(pc_status_is_final(PC_STATUS_DELIVERED));
    assert_true(pc_status_is_final(PC_STATUS_RETURNED));
    assert_true(pc_status_is_final(PC_STATUS_EXPIRED));
    assert_false(pc_status_is_final(PC_STATUS_EXCEPTION));
}

static void test_error_table(void **state)
{
    (void)state;
    assert_string_equal(pc_err_name(0), "PC_OK");
    assert_string_equal(pc_err_name(PC_ENOTFOUND), "PC_ENOTFOUND");
    assert_string_equal(pc_strerror(PC_EMAPFULL), "store map is full");
    assert_string_equal(pc_err_name(-9999), "PC_EUNKNOWN");
    assert_string_equal(pc_strerror(-9999), "unknown error");
    /* Every code has a distinct name and a message. */
    for (int e = -1; e >= PC_EINTERNAL; e--) {
        assert_true(strncmp(pc_err_name(e), "PC_E", 4) == 0);
        assert_string_not_equal(pc_err_name(e), "PC_EUNKNOWN");
        assert_string_not_equal(pc_strerror(e), "unknown error");
        for (int f = e - 1; f >= PC_EINTERNAL; f--)
            assert_string_not_equal(pc_err_name(e), pc_err_name(f));
    }
}

static const char *const full_json =
    "{\"carrier\":\"ups\",\"tracking_number\":\"1Z999AA10123456784\",\"status\":\"delivered\","
    "\"substatus\":\"delivered.signed\",\"service\":\"UPS Ground\","
    "\"carrier_eta\":\"2024-03-07T23:59:00Z\",\"signed_by\":\"SMITH\","
    "\"origin\":{\"city\":\"Atlanta\",\"region\":\"GA\",\"postal_code\":\"30301\","
    "\"country\":\"US\"},"
    "\"destination\":{\"city\":\"Louisville\",\"region\":\"KY\",\"postal_code\":\"40209\","
    "\"country\":\"US\"},"
    "\"events\":[{\"time\":\"2024-03-05T14:32:00Z\",\"utc_offset\":\"-05:00\","
    "\"status\":\"in_transit\",\"substatus\":null,\"code\":\"AR\","
    "\"description\":\"Arrived at Facility\",\"location\":{\"city\":\"Louisville\","
    "\"region\":\"KY\",\"postal_code\":\"40209\",\"country\":\"US\"}},"
    "{\"time\":\"2024-03-06T19:02:00Z\",\"utc_offset\":\"+05:30\",\"status\":\"delivered\","
    "\"substatus\":\"delivered.signed\",\"code\":\"KB\",\"description\":\"Delivered\","
    "\"location\":null}]}";

static void test_json_round_trip(void **state)
{
    (void)state;
    json_error_t jerr;
    json_t *in = json_loads(full_json, 0, &jerr);
    assert_non_null(in);
    pc_shipment s;
    char err[256] = "";
    assert_int_equal(pc_shipment_from_json(in, &s, err, sizeof(err)), 0);
    assert_int_equal(s.n_events, 2);
    assert_int_equal(s.events[0].utc_offset, -300);
    assert_int_equal(s.events[1].utc_offset, 330);
    assert_int_equal(s.events[0].time, 1709649120);
    assert_int_equal(s.carrier_eta, 1709855940);
    assert_true(pc_location_empty(&s.events[1].location));
    json_t *out = pc_shipment_to_json(&s, 0);
    if (!json_equal(in, out)) {
        char *a = pc_json_dumps(out, 1);
        fail_msg("round trip differs:\n%s", a);
    }
    /* merchant fields survive too */
    s.promised_by = 1709900000;
    assert_int_equal(pc_set_str(&s.order_id, "A-17", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s.customer.email, "x@example.org", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s.metadata_json, "{\"k\":1}", (size_t)-1), 0);
    json_t *m = pc_shipment_to_json(&s, PC_JSON_MERCHANT);
    pc_shipment s2;
    assert_int_equal(pc_shipment_from_json(m, &s2, err, sizeof(err)), 0);
    json_t *m2 = pc_shipment_to_json(&s2, PC_JSON_MERCHANT);
    assert_true(json_equal(m, m2));
    assert_string_equal(s2.customer.email, "x@example.org");
    assert_null(s2.customer.name);
    json_decref(m);
    json_decref(m2);
    json_decref(in);
    json_decref(out);
    pc_shipment_done(&s);
    pc_shipment_done(&s2);
}

static void expect_json_error(const char *text, const char *field)
{
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    pc_shipment s;
    char err[256] = "";
    assert_int_equal(pc_shipment_from_json(j, &s, err, sizeof(err)), PC_EMALFORMED);
    if (!strstr(err, field))
        fail_msg("error '%s' does not name '%s'", err, field);
    assert_int_equal(s.n_events, 0);
    assert_null(s.carrier);
    json_decref(j);
}

static void test_json_errors(void **state)
{
    (void)state;
    expect_json_error("{\"tracking_number\":\"1\"}", "carrier");
    expect_json_error("{\"carrier\":\"ups\"}", "tracking_number");
    expect_json_error("{\"carrier\":5,\"tracking_number\":\"1\"}", "carrier");
    expect_json_error("{\"carrier\":\"ups\",\"tracking_number\":\"1\",\"status\":\"lost\"}",
                      "status");
    expect_json_error("{\"carrier\":\"ups\",\"tracking_number\":\"1\",\"carrier_eta\":\"soon\"}",
                      "carrier_eta");
    expect_json_error("{\"carrier\":\"ups\",\"tracking_number\":\"1\",\"events\":{}}", "events");
    expect_json_error("{\"carrier\":\"ups\",\"tracking_number\":\"1\",\"events\":[{\"time\":"
                      "\"2024-03-05T14:32:00Z\"},{\"status\":\"delivered\"}]}",
                      "events[1].time");
    expect_json_error("{\"carrier\":\"ups\",\"tracking_number\":\"1\",\"events\":[{\"time\":"
                      "\"2024-03-05T14:32:00Z\",\"utc_offset\":\"+99:00\"}]}",
                      "events[0].utc_offset");
    expect_json_error("{\"carrier\":\"ups\",\"tracking_number\":\"1\",\"origin\":\"US\"}",
                      "origin");
    expect_json_error("{\"carrier\":\"ups\",\"tracking_number\":\"1\",\"origin\":{\"city\":1}}",
                      "origin.city");
    expect_json_error("[]", "shipment");
}

static void add(pc_shipment *s, int64_t t, pc_status st, const char *code, const char *desc)
{
    pc_event *ev;
    assert_int_equal(pc_shipment_add_event(s, 0, &ev), 0);
    ev->time = t;
    ev->status = st;
    pc_set_str(&ev->code, code, (size_t)-1);
    pc_set_str(&ev->description, desc, (size_t)-1);
    pc_set_str(&ev->location.country, "us", (size_t)-1);
}

/* All 120 arrival orders of five events (one duplicate pair) give one normal form. */
static void test_normalize_order_independent(void **state)
{
    (void)state;
    int perm[5] = {0, 1, 2, 3, 4};
    char *first = NULL;
    int count = 0;
    for (;;) {
        pc_shipment s;
        pc_shipment_init(&s);
        pc_set_str(&s.carrier, "usps", (size_t)-1);
        pc_set_str(&s.tracking_number, "X", (size_t)-1);
        for (int i = 0; i < 5; i++) {
            switch (perm[i]) {
            case 0:
                add(&s, 100, PC_STATUS_INFO_RECEIVED, "GX", "Label");
                break;
            case 1:
                add(&s, 200, PC_STATUS_IN_TRANSIT, "10", "Processed");
                break;
            case 2:
                add(&s, 300, PC_STATUS_OUT_FOR_DELIVERY, "OF", "Out");
                break;
            case 3:
                add(&s, 300, PC_STATUS_DELIVERED, "01", "Delivered");
                break;
            case 4:
                add(&s, 200, PC_STATUS_IN_TRANSIT, "10", "Processed again");
                break;
            }
        }
        pc_shipment_normalize(&s);
        assert_int_equal(s.n_events, 4);
        assert_int_equal(s.status, PC_STATUS_DELIVERED);
        assert_string_equal(s.events[0].location.country, "US");
        json_t *j = pc_shipment_to_json(&s, 0);
        char *text = pc_json_dumps(j, 0);
        json_decref(j);
        if (!first)
            first = text;
        else {
            assert_string_equal(first, text);
            free(text);
        }
        pc_shipment_done(&s);
        count++;
        /* next permutation */
        int i = 3;
        while (i >= 0 && perm[i] > perm[i + 1])
            i--;
        if (i < 0)
            break;
        int k = 4;
        while (perm[k] < perm[i])
            k--;
        int t = perm[i];
        perm[i] = perm[k];
        perm[k] = t;
        for (int a = i + 1, b = 4; a < b; a++, b--) {
            t = perm[a];
            perm[a] = perm[b];
            perm[b] = t;
        }
    }
    assert_int_equal(count, 120);
    /* The duplicate kept is the smaller description, whatever the order. */
    assert_non_null(strstr(first, "\"Processed\""));
    assert_null(strstr(first, "Processed again"));
    free(first);
}

/* Duplicates with different statuses need not be neighbours in display order; they are still
 * merged, keeping the copy the store keeps (smallest in pc_event_cmp order). */
static void test_normalize_far_duplicates(void **state)
{
    (void)state;
    pc_shipment s;
    pc_shipment_init(&s);
    add(&s, 300, PC_STATUS_EXCEPTION, "X", "held");
    add(&s, 300, PC_STATUS_OUT_FOR_DELIVERY, "Y", "out");
    add(&s, 300, PC_STATUS_DELIVERED, "X", "delivered");
    pc_shipment_normalize(&s);
    assert_int_equal(s.n_events, 2);
    assert_string_equal(s.events[0].code, "Y");
    assert_string_equal(s.events[1].description, "delivered");
    assert_int_equal(s.status, PC_STATUS_DELIVERED);
    pc_shipment_done(&s);
}

static void test_set_str_and_limits(void **state)
{
    (void)state;
    char *f = NULL;
    assert_int_equal(pc_set_str(&f, "  hello \n", (size_t)-1), 0);
    assert_string_equal(f, "hello");
    assert_int_equal(pc_set_str(&f, "   ", (size_t)-1), 0);
    assert_null(f);
    assert_int_equal(pc_set_str(&f, "abcdef", 3), 0);
    assert_string_equal(f, "abc");
    free(f);
    pc_shipment s;
    pc_shipment_init(&s);
    pc_event *ev;
    for (int i = 0; i < 3; i++)
        assert_int_equal(pc_shipment_add_event(&s, 3, &ev), 0);
    assert_int_equal(pc_shipment_add_event(&s, 3, &ev), PC_ELIMIT);
    pc_shipment_normalize(&s); /* events without a location or code still normalize */
    pc_shipment_done(&s);
    pc_shipment_done(&s); /* idempotent */
    pc_shipment_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_table),
        cmocka_unit_test(test_error_table),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_normalize_order_independent),
        cmocka_unit_test(test_normalize_far_duplicates),
        cmocka_unit_test(test_set_str_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
