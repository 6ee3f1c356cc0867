/*
 * render_laposte: the La Poste adapter's render and parse_request callbacks are the inverses of
 * parse and build_request. Round trips on simulated histories, on the adapter's own fixtures, on
 * every error kind, and on requests of 1 and max_batch numbers; garbage requests are refused.
 */
#include "testsupport.h"

#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <parcelcast/sim.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADAPTER     "laposte"
#define SEED        20241007u
#define N_SHIPMENTS 300
#define N_MOMENTS   4

static const pc_adapter *adapter(void)
{
    const pc_adapter *a = pc_test_adapter(ADAPTER);
    assert_non_null(a);
    assert_true(a->caps & PC_CAP_RENDER);
    assert_non_null(a->render);
    assert_non_null(a->parse_request);
    return a;
}

static void str_eq(const char *what, const char *a, const char *b)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)) {
        print_error("%s: \"%s\" != \"%s\"\n", what, a ? a : "(null)", b ? b : "(null)");
        fail();
    }
}

/* render then parse (with the HTTP status render chose); the result is normalized. */
static int round_trip(const pc_adapter *a, const pc_shipment *s, size_t n, const pc_track_error *e,
                      size_t ne, pc_parse_result *out, int *ret_http)
{
    char *body = NULL;
    size_t len = 0;
    int http = 0;
    pc_diag diag;
    assert_int_equal(a->render(s, n, e, ne, PC_FORMAT_AUTO, &body, &len, &http), 0);
    assert_non_null(body);
    assert_int_equal(strlen(body), len);
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO, .http_status = http};
    memset(out, 0, sizeof(*out));
    int rc = pc_adapter_parse(a, &in, 0, out, &diag);
    if (rc < 0)
        print_error("parse(render): %s\n%s\n", diag.message, body);
    free(body);
    if (ret_http)
        *ret_http = http;
    return rc;
}

/*
 * Suivi v2 has no code for "out for delivery" nor for a failed attempt (MD2 and EP1 stand in for
 * them): both come back in_transit.
 */
static pc_status expected_status(const pc_event *ev, int newest)
{
    (void)newest;
    if (ev->code && (strcmp(ev->code, "OFD") == 0 || strcmp(ev->code, "FA") == 0))
        return PC_STATUS_IN_TRANSIT;
    return ev->status;
}

static void test_sim_round_trip(void **state)
{
    (void)state;
    const pc_adapter *a = adapter();
    pc_sim_config cfg;
    pc_sim *sim = NULL;
    char err[256];
    size_t found = 0, snapshots = 0, events = 0, lossy = 0;

    gsl_set_error_handler_off();
    pc_sim_config_default(&cfg);
    assert_int_equal(pc_sim_new(&cfg, &sim, err, sizeof(err)), 0);
    for (uint64_t i = 0; found < N_SHIPMENTS && i < 100000; i++) {
        pc_sim_truth t;
        pc_shipment full;
        assert_int_equal(pc_sim_shipment(sim, SEED, i, &t, NULL), 0);
        if (strcmp(t.carrier, ADAPTER) != 0)
            continue;
        found++;
        assert_int_equal(pc_sim_shipment(sim, SEED, i, &t, &full), 0);
        for (unsigned k = 0; k < N_MOMENTS; k++) {
            pc_shipment snap;
            pc_parse_result r;
            int64_t when = pc_sim_moment(&t, k, N_MOMENTS);
            int src = pc_sim_snapshot(&t, &full, when, &snap);
            assert_true(src == 0 || src == PC_ENOTFOUND);
            if (src == PC_ENOTFOUND) {
                pc_track_error e = {.tracking_number = t.tracking_number, .kind = PC_TE_NOT_FOUND};
                assert_int_equal(round_trip(a, NULL, 0, &e, 1, &r, NULL), 0);
                assert_int_equal(r.n_shipments, 0);
                assert_int_equal(r.n_errors, 1);
                assert_int_equal(r.errors[0].kind, PC_TE_NOT_FOUND);
                str_eq("error number", r.errors[0].tracking_number, t.tracking_number);
                pc_parse_result_done(&r);
                pc_shipment_done(&snap);
                continue;
            }
            snapshots++;
            assert_int_equal(round_trip(a, &snap, 1, NULL, 0, &r, NULL), 0);
            assert_int_equal(r.n_errors, 0);
            assert_int_equal(r.n_shipments, 1);
            const pc_shipment *got = &r.shipments[0];
            str_eq("tracking number", got->tracking_number, snap.tracking_number);
            assert_int_equal(got->n_events, snap.n_events);
            assert_int_equal(got->carrier_eta, snap.carrier_eta);
            str_eq("service", got->service, snap.service);
            for (size_t j = 0; j < snap.n_events; j++) {
                const pc_event *x = &snap.events[j], *y = &got->events[j];
                int newest = j + 1 == snap.n_events;
                pc_status want = expected_status(x, newest);
                events++;
                lossy += want != x->status;
                assert_int_equal(y->time, x->time);
                assert_int_equal(y->utc_offset, x->utc_offset);
                if (y->status != want)
                    print_error("%s event %zu code %s\n", snap.tracking_number, j, x->code);
                assert_int_equal(y->status, want);
                /* Suivi v2 events carry no location */
                assert_true(pc_location_empty(&y->location));
                str_eq("description", y->description, x->description);
                if (newest)
                    assert_int_equal(got->status, want);
            }
            pc_parse_result_done(&r);
            pc_shipment_done(&snap);
        }
        pc_shipment_done(&full);
    }
    pc_sim_free(sim);
    assert_int_equal(found, N_SHIPMENTS);
    print_message("%zu shipments, %zu snapshots, %zu events (%zu without a La Poste code)\n", found,
                  snapshots, events, lossy);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void same_shipment(const pc_shipment *x, const pc_shipment *y)
{
    str_eq("tracking number", y->tracking_number, x->tracking_number);
    assert_int_equal(y->status, x->status);
    str_eq("substatus", y->substatus, x->substatus);
    assert_int_equal(y->n_events, x->n_events);
    for (size_t j = 0; j < x->n_events; j++) {
        const pc_event *a = &x->events[j], *b = &y->events[j];
        assert_int_equal(b->time, a->time);
        assert_int_equal(b->utc_offset, a->utc_offset);
        assert_int_equal(b->status, a->status);
        str_eq("event substatus", b->substatus, a->substatus);
        str_eq("code", b->code, a->code);
        str_eq("description", b->description, a->description);
    }
    assert_int_equal(y->carrier_eta, x->carrier_eta);
    str_eq("service", y->service, x->service);
    str_eq("origin", y->origin.country, x->origin.country);
    str_eq("destination", y->destination.country, x->destination.country);
}

static void test_fixture_round_trip(void **state)
{
    (void)state;
    const pc_adapter *a = adapter();
    char dir[1024];
    size_t n_ok = 0;
    snprintf(dir, sizeof(dir), "%s/carriers/%s", PC_TEST_SOURCE_DIR, ADAPTER);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!ends_with(de->d_name, ".json") || ends_with(de->d_name, ".expected.json") ||
            ends_with(de->d_name, ".push.json"))
            continue;
        char path[1400];
        size_t len;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        char *body = pc_test_read_file(path, &len);
        pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO};
        pc_parse_result first, second;
        pc_diag diag;
        memset(&first, 0, sizeof(first));
        if (pc_adapter_parse(a, &in, 0, &first, &diag) == 0) {
            n_ok++;
            print_message("%s\n", de->d_name);
            assert_int_equal(round_trip(a, first.shipments, first.n_shipments, first.errors,
                                        first.n_errors, &second, NULL),
                             0);
            int whole = 0;
            for (size_t i = 0; i < first.n_errors; i++)
                whole |= first.errors[i].tracking_number == NULL;
            if (whole) {
                assert_int_equal(second.n_errors, 1);
                assert_null(second.errors[0].tracking_number);
            } else {
                assert_int_equal(second.n_shipments, first.n_shipments);
                for (size_t i = 0; i < first.n_shipments; i++)
                    same_shipment(&first.shipments[i], &second.shipments[i]);
                assert_int_equal(second.n_errors, first.n_errors);
                for (size_t i = 0; i < first.n_errors; i++) {
                    assert_int_equal(second.errors[i].kind, first.errors[i].kind);
                    str_eq("error number", second.errors[i].tracking_number,
                           first.errors[i].tracking_number);
                }
            }
            pc_parse_result_done(&second);
        }
        pc_parse_result_done(&first);
        free(body);
    }
    closedir(d);
    assert_true(n_ok >= 5);
}

static void test_errors(void **state)
{
    (void)state;
    const pc_adapter *a = adapter();
    static const struct {
        pc_track_error_kind kind;
        int with_number, http;
    } cases[] = {
        {PC_TE_NOT_FOUND, 1, 404}, {PC_TE_INVALID_NUMBER, 1, 400}, {PC_TE_CARRIER_ERROR, 1, 500},
        {PC_TE_AUTH, 0, 401},      {PC_TE_RATE_LIMITED, 0, 429},   {PC_TE_CARRIER_ERROR, 0, 500},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char number[] = "6A99999999999";
        pc_track_error e = {.tracking_number = cases[i].with_number ? number : NULL,
                            .kind = cases[i].kind};
        pc_parse_result r;
        int http;
        assert_int_equal(round_trip(a, NULL, 0, &e, 1, &r, &http), 0);
        assert_int_equal(http, cases[i].http);
        assert_int_equal(r.n_shipments, 0);
        assert_int_equal(r.n_errors, 1);
        assert_int_equal(r.errors[0].kind, cases[i].kind);
        str_eq("error number", r.errors[0].tracking_number, e.tracking_number);
        pc_parse_result_done(&r);
    }
    /* several numbers: an array, 207 Multi-Status, each error naming its number */
    char n1[] = "6A30011122240", n2[] = "XK3TZ0OPQ91";
    pc_track_error two[] = {{.tracking_number = n1, .kind = PC_TE_NOT_FOUND},
                            {.tracking_number = n2, .kind = PC_TE_INVALID_NUMBER}};
    pc_parse_result r;
    int http;
    assert_int_equal(round_trip(a, NULL, 0, two, 2, &r, &http), 0);
    assert_int_equal(http, 207);
    assert_int_equal(r.n_errors, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(r.errors[i].kind, two[i].kind);
        str_eq("error number", r.errors[i].tracking_number, two[i].tracking_number);
    }
    pc_parse_result_done(&r);
    char *body;
    size_t len;
    assert_int_equal(a->render(NULL, 0, NULL, 0, PC_FORMAT_XML, &body, &len, &http),
                     PC_EUNSUPPORTED);
}

static void request_round_trip(const pc_adapter *a, const char *const *numbers, size_t n)
{
    pc_http_request req;
    char **got = NULL;
    size_t n_got = 0;
    assert_int_equal(a->build_request(NULL, numbers, n, &req), 0);
    const char *p = strstr(req.url, "://");
    assert_non_null(p);
    p = strchr(p + 3, '/');
    assert_non_null(p);
    assert_int_equal(a->parse_request(req.method, p, req.body, req.body_len, &got, &n_got), 0);
    assert_int_equal(n_got, n);
    for (size_t i = 0; i < n; i++) {
        str_eq("number", got[i], numbers[i]);
        free(got[i]);
    }
    free(got);
    pc_http_request_done(&req);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = adapter();
    const char *numbers[64];
    char buf[64][24];
    assert_true(a->max_batch <= 64);
    for (size_t i = 0; i < a->max_batch; i++) {
        snprintf(buf[i], sizeof(buf[i]), "6A%011zu", (size_t)30011122233u + i * 7);
        numbers[i] = buf[i];
    }
    request_round_trip(a, numbers, 1);
    request_round_trip(a, numbers, a->max_batch);
    const char *odd[] = {"AB 12/3,4%"};
    request_round_trip(a, odd, 1);

    static const struct {
        const char *method, *path;
        int rc;
    } bad[] = {
        {"POST", "/suivi/v2/idships/6A30011122233", PC_ENOTFOUND},
        {"GET", "/", PC_ENOTFOUND},
        {"GET", "/suivi/v1/6A30011122233", PC_ENOTFOUND},
        {"GET", "", PC_ENOTFOUND},
        {NULL, NULL, PC_ENOTFOUND},
        {"GET", "/suivi/v2/idships/", PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/?lang=fr_FR", PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/1,,2", PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/1,", PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/a/b", PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/%zz", PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/%4?lang=fr_FR", PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/%00", PC_EMALFORMED},
        {"GET", "/suivi/v2/idships/1,2,3,4,5,6,7,8,9,10,11", PC_EMALFORMED},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char **got = (char **)1;
        size_t n = 99;
        int rc = a->parse_request(bad[i].method, bad[i].path, NULL, 0, &got, &n);
        if (rc != bad[i].rc)
            print_error("case %zu: %s\n", i, bad[i].path ? bad[i].path : "(null)");
        assert_int_equal(rc, bad[i].rc);
        assert_null(got);
        assert_int_equal(n, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_round_trip),
        cmocka_unit_test(test_fixture_round_trip),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_parse_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
