/*
 * FedEx render and parse_request: parse(render(x)) gives x back for simulated histories (at
 * several moments of their lives) and for every fixture the adapter parses; each error kind
 * renders to a body that parses to the same kind and number with FedEx's HTTP status;
 * parse_request inverts build_request and refuses what build_request never makes.
 */
#include "testsupport.h"

#include <gsl/gsl_errno.h>

#include <parcelcast/json.h>
#include <parcelcast/sim.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARRIER   "fedex"
#define SEED      20240902u
#define N_SHIP    300
#define N_MOMENTS 4

static const pc_adapter *adapter(void)
{
    const pc_adapter *a = pc_test_adapter(CARRIER);
    assert_non_null(a);
    assert_true(a->caps & PC_CAP_RENDER);
    assert_non_null(a->render);
    assert_non_null(a->parse_request);
    return a;
}

static void str_eq(const char *a, const char *b)
{
    if (a || b) {
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
    }
}

/* render then parse (the core's parse: normalized) with the request's numbers known. */
static void render_parse(const pc_adapter *a, const pc_shipment *s, size_t n,
                         const pc_track_error *e, size_t n_e, const char *const *requested,
                         size_t n_requested, int *ret_http, pc_parse_result *out)
{
    char *body = NULL;
    size_t len = 0;
    pc_diag diag = {0};
    int rc = a->render(s, n, e, n_e, PC_FORMAT_AUTO, &body, &len, ret_http);
    assert_int_equal(rc, 0);
    assert_non_null(body);
    assert_int_equal(len, strlen(body));
    pc_parse_input in = {.data = body,
                         .len = len,
                         .format = PC_FORMAT_AUTO,
                         .requested = requested,
                         .n_requested = n_requested,
                         .http_status = *ret_http};
    memset(out, 0, sizeof(*out));
    rc = pc_adapter_parse(a, &in, 0, out, &diag);
    if (rc != 0)
        fprintf(stderr, "parse of rendered body failed: %s\n%s\n", diag.message, body);
    assert_int_equal(rc, 0);
    free(body);
}

/* Simulator substatuses no FedEx code carries: a parcel collected after a post-office hold is
 * plainly delivered, a post-office hold reads as FedEx's own hold (HP), and an address exception
 * as a plain shipment exception (SE). */
static int unrepresentable(const char *substatus)
{
    static const char *const list[] = {"delivered.picked_up", "available_for_pickup.post_office",
                                       "exception.address"};
    for (size_t i = 0; substatus && i < sizeof(list) / sizeof(list[0]); i++)
        if (strcmp(substatus, list[i]) == 0)
            return 1;
    return 0;
}

static void check_sim_roundtrip(const pc_adapter *a, const pc_shipment *s)
{
    pc_parse_result r;
    int http = 0;
    const char *num = s->tracking_number;
    render_parse(a, s, 1, NULL, 0, &num, 1, &http, &r);
    assert_int_equal(http, 200);
    assert_int_equal(r.n_errors, 0);
    assert_int_equal(r.n_shipments, 1);
    const pc_shipment *p = &r.shipments[0];
    assert_string_equal(p->tracking_number, s->tracking_number);
    assert_int_equal(p->n_events, s->n_events);
    for (size_t i = 0; i < s->n_events; i++) {
        const pc_event *x = &s->events[i], *y = &p->events[i];
        assert_int_equal(y->time, x->time);
        assert_int_equal(y->utc_offset, x->utc_offset);
        if (y->status != x->status)
            fprintf(stderr, "%s event %zu code %s: %s != %s\n", s->tracking_number, i, x->code,
                    pc_status_name(y->status), pc_status_name(x->status));
        assert_int_equal(y->status, x->status);
        if (!unrepresentable(x->substatus))
            str_eq(y->substatus, x->substatus);
        str_eq(y->location.city, x->location.city);
        str_eq(y->location.region, x->location.region);
        str_eq(y->location.postal_code, x->location.postal_code);
        str_eq(y->location.country, x->location.country);
        str_eq(y->description, x->description);
    }
    assert_int_equal(p->status, s->status);
    assert_int_equal(p->carrier_eta, s->carrier_eta);
    str_eq(p->service, s->service);
    pc_parse_result_done(&r);
}

static void check_not_found(const pc_adapter *a, const char *number)
{
    pc_track_error e = {.tracking_number = (char *)number, .kind = PC_TE_NOT_FOUND};
    pc_parse_result r;
    int http = 0;
    render_parse(a, NULL, 0, &e, 1, &number, 1, &http, &r);
    assert_int_equal(r.n_shipments, 0);
    assert_int_equal(r.n_errors, 1);
    assert_int_equal(r.errors[0].kind, PC_TE_NOT_FOUND);
    assert_string_equal(r.errors[0].tracking_number, number);
    pc_parse_result_done(&r);
}

static void test_sim_roundtrip(void **state)
{
    (void)state;
    const pc_adapter *a = adapter();
    pc_sim_config cfg;
    pc_sim *sim = NULL;
    char err[256] = "";
    size_t found = 0, snapshots = 0, events = 0;

    gsl_set_error_handler_off();
    pc_sim_config_default(&cfg);
    assert_int_equal(pc_sim_new(&cfg, &sim, err, sizeof(err)), 0);
    for (uint64_t i = 0; found < N_SHIP && i < 100000; i++) {
        pc_sim_truth t;
        pc_shipment full;
        assert_int_equal(pc_sim_shipment(sim, SEED, i, &t, &full), 0);
        if (strcmp(t.carrier, CARRIER) != 0) {
            pc_shipment_done(&full);
            continue;
        }
        found++;
        check_sim_roundtrip(a, &full);
        events += full.n_events;
        for (unsigned k = 0; k < N_MOMENTS; k++) {
            pc_shipment snap;
            int rc = pc_sim_snapshot(&t, &full, pc_sim_moment(&t, k, N_MOMENTS), &snap);
            if (rc == PC_ENOTFOUND)
                check_not_found(a, t.tracking_number);
            else {
                assert_int_equal(rc, 0);
                check_sim_roundtrip(a, &snap);
            }
            snapshots++;
            pc_shipment_done(&snap);
        }
        pc_shipment_done(&full);
    }
    assert_int_equal(found, N_SHIP);
    assert_true(events > N_SHIP * 5);
    printf("%zu shipments, %zu snapshots, %zu events round-tripped\n", found, snapshots, events);
    pc_sim_free(sim);
}

/* One body for a full batch: max_batch - 1 shipments and an unknown number, in order. */
static void test_sim_batch(void **state)
{
    (void)state;
    const pc_adapter *a = adapter();
    pc_sim_config cfg;
    pc_sim *sim = NULL;
    char err[256] = "";
    pc_shipment ships[64];
    size_t n = 0;

    gsl_set_error_handler_off();
    pc_sim_config_default(&cfg);
    assert_int_equal(pc_sim_new(&cfg, &sim, err, sizeof(err)), 0);
    for (uint64_t i = 0; n + 1 < a->max_batch && i < 100000; i++) {
        pc_sim_truth t;
        assert_int_equal(pc_sim_shipment(sim, SEED + 1, i, &t, &ships[n]), 0);
        if (strcmp(t.carrier, CARRIER) == 0)
            n++;
        else
            pc_shipment_done(&ships[n]);
    }
    assert_int_equal(n + 1, a->max_batch);
    pc_track_error e = {.tracking_number = "794600000123", .kind = PC_TE_NOT_FOUND};
    pc_parse_result r;
    int http = 0;
    render_parse(a, ships, n, &e, 1, NULL, 0, &http, &r);
    assert_int_equal(http, 200);
    assert_int_equal(r.n_shipments, n);
    assert_int_equal(r.n_errors, 1);
    assert_int_equal(r.errors[0].kind, PC_TE_NOT_FOUND);
    assert_string_equal(r.errors[0].tracking_number, e.tracking_number);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(r.shipments[i].tracking_number, ships[i].tracking_number);
        assert_int_equal(r.shipments[i].n_events, ships[i].n_events);
        assert_int_equal(r.shipments[i].status, ships[i].status);
        pc_shipment_done(&ships[i]);
    }
    pc_parse_result_done(&r);
    pc_sim_free(sim);
}

static int is_fixture(const char *name)
{
    size_t n = strlen(name);
    if (strstr(name, ".expected."))
        return 0;
    return (n > 5 && strcmp(name + n - 5, ".json") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".xml") == 0);
}

static char *shipment_text(const pc_shipment *s)
{
    json_t *j = pc_shipment_to_json(s, 0);
    assert_non_null(j);
    char *t = pc_json_dumps(j, 1);
    json_decref(j);
    assert_non_null(t);
    return t;
}

static void test_fixture_roundtrip(void **state)
{
    (void)state;
    const pc_adapter *a = adapter();
    char dir[1024];
    size_t checked = 0, with_shipments = 0;
    snprintf(dir, sizeof(dir), "%s/carriers/%s", PC_TEST_SOURCE_DIR, CARRIER);
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *de; (de = readdir(d));) {
        char path[2048];
        size_t len;
        pc_parse_result r1 = {0}, r2;
        pc_diag diag = {0};
        int http = 0;
        if (!is_fixture(de->d_name))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        char *body = pc_test_read_file(path, &len);
        pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO};
        if (pc_adapter_parse(a, &in, 0, &r1, &diag) != 0 ||
            (r1.n_shipments == 0 && r1.n_errors == 0)) {
            pc_parse_result_done(&r1);
            free(body);
            continue;
        }
        const char *first = r1.n_shipments ? r1.shipments[0].tracking_number
                            : r1.n_errors  ? r1.errors[0].tracking_number
                                           : NULL;
        render_parse(a, r1.shipments, r1.n_shipments, r1.errors, r1.n_errors, &first, first ? 1 : 0,
                     &http, &r2);
        assert_int_equal(r2.n_shipments, r1.n_shipments);
        for (size_t i = 0; i < r1.n_shipments; i++) {
            char *x = shipment_text(&r1.shipments[i]), *y = shipment_text(&r2.shipments[i]);
            if (strcmp(x, y) != 0)
                fprintf(stderr, "%s: shipment %zu differs\n--- parsed\n%s\n--- round trip\n%s\n",
                        de->d_name, i, x, y);
            assert_string_equal(x, y);
            free(x);
            free(y);
        }
        assert_int_equal(r2.n_errors, r1.n_errors);
        for (size_t i = 0; i < r1.n_errors; i++) {
            assert_int_equal(r2.errors[i].kind, r1.errors[i].kind);
            str_eq(r2.errors[i].tracking_number, r1.errors[i].tracking_number);
            str_eq(r2.errors[i].carrier_code, r1.errors[i].carrier_code);
            str_eq(r2.errors[i].message, r1.errors[i].message);
        }
        with_shipments += r1.n_shipments ? 1 : 0;
        checked++;
        pc_parse_result_done(&r1);
        pc_parse_result_done(&r2);
        free(body);
    }
    closedir(d);
    printf("%zu fixtures round-tripped (%zu with shipments)\n", checked, with_shipments);
    assert_true(with_shipments >= 5);
}

static void test_errors(void **state)
{
    (void)state;
    const pc_adapter *a = adapter();
    static const struct {
        pc_track_error_kind kind;
        int numbered; /* the error names the number after parsing */
        int http;
    } cases[] = {
        {PC_TE_NOT_FOUND, 1, 200},    {PC_TE_INVALID_NUMBER, 1, 200}, {PC_TE_AUTH, 0, 401},
        {PC_TE_RATE_LIMITED, 0, 429}, {PC_TE_CARRIER_ERROR, 1, 200},
    };
    const char *number = "794600000123";
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pc_track_error e = {.tracking_number = cases[i].numbered ? (char *)number : NULL,
                            .kind = cases[i].kind};
        pc_parse_result r;
        int http = 0;
        render_parse(a, NULL, 0, &e, 1, &number, 1, &http, &r);
        assert_int_equal(http, cases[i].http);
        assert_int_equal(r.n_shipments, 0);
        assert_int_equal(r.n_errors, 1);
        assert_int_equal(r.errors[0].kind, cases[i].kind);
        str_eq(r.errors[0].tracking_number, e.tracking_number);
        pc_parse_result_done(&r);
    }
    /* a whole-request carrier error */
    pc_track_error e = {.kind = PC_TE_CARRIER_ERROR, .message = "Internal Server Error"};
    pc_parse_result r;
    int http = 0;
    render_parse(a, NULL, 0, &e, 1, NULL, 0, &http, &r);
    assert_int_equal(http, 500);
    assert_int_equal(r.n_errors, 1);
    assert_int_equal(r.errors[0].kind, PC_TE_CARRIER_ERROR);
    assert_null(r.errors[0].tracking_number);
    pc_parse_result_done(&r);

    /* the legacy XML is never served */
    char *body = NULL;
    size_t len = 0;
    assert_int_equal(a->render(NULL, 0, &e, 1, PC_FORMAT_XML, &body, &len, &http), PC_EUNSUPPORTED);
    assert_null(body);
}

static void free_numbers(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* The URL of req without scheme and host. */
static const char *path_of(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    return p + strcspn(p, "/");
}

static void check_request(const pc_adapter *a, const pc_adapter_config *cfg,
                          const char *const *numbers, size_t n)
{
    pc_http_request req = {0};
    char **got = NULL;
    size_t n_got = 0;
    assert_int_equal(a->build_request(cfg, numbers, n, &req), 0);
    assert_int_equal(
        a->parse_request(req.method, path_of(req.url), req.body, req.body_len, &got, &n_got), 0);
    assert_int_equal(n_got, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(got[i], numbers[i]);
    free_numbers(got, n_got);
    pc_http_request_done(&req);
}

static void test_parse_request(void **state)
{
    (void)state;
    const pc_adapter *a = adapter();
    pc_adapter_config cfg = {.access_token = "tok"};
    pc_adapter_config sandbox = {.access_token = "tok", .base_url = "http://127.0.0.1:8080/fedex/"};
    const char *numbers[64];
    char store[64][24];
    assert_int_equal(a->max_batch, 30);
    for (size_t i = 0; i < a->max_batch; i++) {
        snprintf(store[i], sizeof(store[i]), "7946%08zu", i * 7919);
        numbers[i] = store[i];
    }
    const char *odd[] = {"79 46/\\\"x\u00e9"};
    check_request(a, &cfg, numbers, 1);
    check_request(a, &cfg, numbers, a->max_batch);
    check_request(a, &sandbox, numbers, a->max_batch);
    check_request(a, &cfg, odd, 1);

    static const char ok[] =
        "{\"trackingInfo\":[{\"trackingNumberInfo\":{\"trackingNumber\":\"1\"}}]}";
    static const struct {
        const char *method, *path, *body;
        int rc;
    } bad[] = {
        {"GET", "/track/v1/trackingnumbers", ok, PC_ENOTFOUND},
        {"POST", "/api/track/v1/details/794600000123", ok, PC_ENOTFOUND},
        {"POST", "/track/v1/trackingnumbers/x", ok, PC_ENOTFOUND},
        {"POST", "", ok, PC_ENOTFOUND},
        {NULL, "/track/v1/trackingnumbers", ok, PC_ENOTFOUND},
        {"POST", NULL, ok, PC_ENOTFOUND},
        {"POST", "/track/v1/trackingnumbers", NULL, PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "{", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "[]", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "{\"trackingInfo\":[]}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "{\"trackingInfo\":{}}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers", "{\"trackingInfo\":[1]}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers",
         "{\"trackingInfo\":[{\"trackingNumberInfo\":{\"trackingNumber\":7}}]}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers",
         "{\"trackingInfo\":[{\"trackingNumberInfo\":{\"trackingNumber\":\"\"}}]}", PC_EMALFORMED},
        {"POST", "/track/v1/trackingnumbers",
         "{\"trackingInfo\":[{\"trackingNumberInfo\":{\"trackingNumber\":\"a\\u0000b\"}}]}",
         PC_EMALFORMED},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char **got = (char **)1;
        size_t n = 99;
        size_t len = bad[i].body ? strlen(bad[i].body) : 0;
        assert_int_equal(a->parse_request(bad[i].method, bad[i].path, bad[i].body, len, &got, &n),
                         bad[i].rc);
        assert_null(got);
        assert_int_equal(n, 0);
    }
    /* more numbers than one request carries */
    pc_http_request req = {0};
    char **got = NULL;
    size_t n = 0;
    assert_int_equal(a->build_request(&cfg, numbers, a->max_batch, &req), 0);
    char *big = malloc(req.body_len * 2 + 8);
    assert_non_null(big);
    size_t off = 0;
    const char *items = strchr(req.body, '[') + 1, *end = strchr(req.body, ']');
    memcpy(big, req.body, (size_t)(end - req.body));
    off = (size_t)(end - req.body);
    big[off++] = ',';
    memcpy(big + off, items, (size_t)(end - items));
    off += (size_t)(end - items);
    memcpy(big + off, end, strlen(end) + 1);
    assert_int_equal(
        a->parse_request("POST", "/track/v1/trackingnumbers", big, strlen(big), &got, &n),
        PC_EMALFORMED);
    free(big);
    pc_http_request_done(&req);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_roundtrip),     cmocka_unit_test(test_sim_batch),
        cmocka_unit_test(test_fixture_roundtrip), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_parse_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
