/*
 * Merchant HTTP API over real HTTP on loopback: pc_server started here on 127.0.0.1 port 0 with
 * a temp store, every test adapter and the data/detect.rules. Auth (401 + WWW-Authenticate),
 * every endpoint, every error (400 invalid_json with line and column, 422 naming the field or
 * parameter, 404, 405, 413), tenant isolation, batch atomicity, pagination over 1,234
 * shipments, a stalled client cut off by the connection timeout, and the `tenant` CLI.
 */
#include "testsupport.h"

#include "api/api.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <jansson.h>
#include <netinet/in.h>
#include <parcelcast/detect.h>
#include <parcelcast/error.h>
#include <parcelcast/plugins.h>
#include <parcelcast/server.h>
#include <parcelcast/store.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define UPS_NUMBER "1Z999AA10123456784" /* valid UPS check digit */
#define RULES_PATH PC_TEST_SOURCE_DIR "/../data/detect.rules"

typedef struct env {
    char *dir;
    pc_store *st;
    pc_registry *reg;
    pc_detect_rules *rules;
    pc_server *srv;
    char base[96];
    char key_a[PC__API_KEY_LEN + 1], key_b[PC__API_KEY_LEN + 1];
    uint32_t tenant_a, tenant_b;
} env;

struct tenants_ctx {
    env *e;
    unsigned char ha[32], hb[32];
};

static int add_tenants_fn(pc_txn *tx, void *arg)
{
    struct tenants_ctx *t = arg;
    int rc;
    if ((rc = pc_store_add_tenant(tx, "acme", &t->e->tenant_a)) < 0 ||
        (rc = pc_store_add_api_key(tx, t->e->tenant_a, t->ha)) < 0 ||
        (rc = pc_store_add_tenant(tx, "globex", &t->e->tenant_b)) < 0 ||
        (rc = pc_store_add_api_key(tx, t->e->tenant_b, t->hb)) < 0)
        return rc;
    return 0;
}

static void env_start_dir(env *e, const char *dir, int timeout)
{
    char err[512];
    pc_store_opts so = {.path = dir};
    assert_int_equal(pc_store_open(&so, &e->st, err, sizeof(err)), 0);
    assert_int_equal(pc_registry_new(&e->reg), 0);
    for (size_t i = 0; pc_test_adapters[i]; i++)
        assert_int_equal(pc_registry_add(e->reg, pc_test_adapters[i], "static", err, sizeof(err)),
                         0);
    char *rerr = NULL;
    assert_int_equal(pc_detect_rules_load(RULES_PATH, &e->rules, &rerr), 0);
    pc_server_opts o = {.address = "127.0.0.1",
                        .port = 0,
                        .threads = 4,
                        .max_body = 1u << 20,
                        .timeout = timeout,
                        .store = e->st,
                        .registry = e->reg,
                        .detect = e->rules};
    assert_int_equal(pc_server_start(&o, &e->srv, err, sizeof(err)), 0);
    snprintf(e->base, sizeof(e->base), "http://127.0.0.1:%d", pc_server_port(e->srv));
}

static void env_start(env *e, int timeout)
{
    memset(e, 0, sizeof(*e));
    e->dir = pc_test_tmpdir("api");
    env_start_dir(e, e->dir, timeout);
    struct tenants_ctx t = {.e = e};
    assert_int_equal(pc__api_key_new(e->key_a, t.ha), 0);
    assert_int_equal(pc__api_key_new(e->key_b, t.hb), 0);
    assert_int_equal(pc_store_write(e->st, add_tenants_fn, &t), 0);
}

static void env_stop(env *e)
{
    pc_server_stop(e->srv);
    pc_detect_rules_free(e->rules);
    pc_registry_free(e->reg);
    pc_store_close(e->st);
    pc_test_rmdir(e->dir);
    free(e->dir);
}

/* One request; key NULL sends none. *ret gets the parsed JSON reply (NULL if not JSON). */
static long req(env *e, const char *method, const char *path, const char *key, const char *body,
                json_t **ret)
{
    char url[4096], auth[128];
    const char *headers[3] = {"Content-Type: application/json", NULL, NULL};
    snprintf(url, sizeof(url), "%s%s", e->base, path);
    if (key) {
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
        headers[1] = auth;
    }
    char *text = NULL;
    long status = pc_test_http(method, url, body, body ? strlen(body) : 0, headers, &text);
    if (ret) {
        *ret = text ? json_loads(text, 0, NULL) : NULL;
        if (!*ret)
            print_error("reply to %s %s (%ld) is not JSON: %s\n", method, path, status,
                        text ? text : "(none)");
    }
    free(text);
    return status;
}

static const char *error_code(const json_t *j)
{
    return json_string_value(json_object_get(json_object_get(j, "error"), "code"));
}

static const char *error_message(const json_t *j)
{
    const char *m = json_string_value(json_object_get(json_object_get(j, "error"), "message"));
    return m ? m : "";
}

static void expect_error(env *e, const char *method, const char *path, const char *key,
                         const char *body, long status, const char *code, const char *needle)
{
    json_t *j;
    long got = req(e, method, path, key, body, &j);
    if (got != status || !error_code(j) || strcmp(error_code(j), code) != 0 ||
        (needle && !strstr(error_message(j), needle)))
        fail_msg("%s %s %s: expected %ld %s naming '%s', got %ld %s '%s'", method, path,
                 body ? body : "", status, code, needle ? needle : "", got,
                 error_code(j) ? error_code(j) : "(none)", error_message(j));
    json_decref(j);
}

static const char *ship_str(const json_t *reply, const char *field)
{
    return json_string_value(json_object_get(json_object_get(reply, "shipment"), field));
}

static size_t store_shipments(env *e)
{
    pc_txn *tx;
    pc_store_stats s;
    assert_int_equal(pc_store_read_begin(e->st, &tx), 0);
    assert_int_equal(pc_store_stats_get(tx, &s), 0);
    pc_store_read_end(tx);
    return s.shipments;
}

/* A raw request on a socket; returns the whole reply (headers and body), malloc'd. */
static char *raw_request(env *e, const char *text)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)pc_server_port(e->srv))};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 30000) <= 0)
            break;
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n <= 0)
            break;
        len += (size_t)n;
        if (len + 1 >= cap)
            break;
    }
    buf[len] = '\0';
    close(fd);
    return buf;
}

/* ---- auth ---------------------------------------------------------------------------------- */

static void test_auth(void **state)
{
    (void)state;
    env e;
    env_start(&e, 30);
    expect_error(&e, "GET", "/v1/carriers", NULL, NULL, 401, "unauthorized", "no API key");
    expect_error(&e, "GET", "/v1/shipments", "pc_not-a-real-key", NULL, 401, "unauthorized",
                 "unknown API key");
    expect_error(&e, "POST", "/v1/shipments", NULL, "{}", 401, "unauthorized", NULL);
    expect_error(&e, "GET", "/v1/detect/" UPS_NUMBER, NULL, NULL, 401, "unauthorized", NULL);
    /* A key that differs in its last character is another key. */
    char near[PC__API_KEY_LEN + 1];
    memcpy(near, e.key_a, sizeof(near));
    near[PC__API_KEY_LEN - 1] = near[PC__API_KEY_LEN - 1] == 'A' ? 'B' : 'A';
    expect_error(&e, "GET", "/v1/carriers", near, NULL, 401, "unauthorized", NULL);

    /* The challenge header, and the Basic scheme refused. */
    char *r = raw_request(&e, "GET /v1/carriers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_non_null(strstr(r, " 401 "));
    assert_non_null(strstr(r, "WWW-Authenticate: Bearer"));
    free(r);
    char text[256];
    snprintf(text, sizeof(text),
             "GET /v1/carriers HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %s\r\n"
             "Connection: close\r\n\r\n",
             e.key_a);
    r = raw_request(&e, text);
    assert_non_null(strstr(r, " 401 "));
    free(r);
    snprintf(text, sizeof(text),
             "GET /v1/carriers HTTP/1.1\r\nHost: x\r\nAuthorization: bearer   %s \r\n"
             "Connection: close\r\n\r\n",
             e.key_b);
    r = raw_request(&e, text);
    assert_non_null(strstr(r, " 200 "));
    free(r);

    json_t *j;
    assert_int_equal(req(&e, "GET", "/v1/carriers", e.key_a, NULL, &j), 200);
    json_decref(j);
    /* openapi.yaml needs no key; /healthz neither */
    char url[160], *body = NULL;
    snprintf(url, sizeof(url), "%s/v1/openapi.yaml", e.base);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    assert_non_null(body);
    assert_int_equal(strncmp(body, "openapi: 3", 10), 0);
    assert_non_null(strstr(body, "/v1/shipments/batch"));
    free(body);
    assert_int_equal(req(&e, "GET", "/healthz", NULL, NULL, &j), 200);
    json_decref(j);
    env_stop(&e);
}

/* ---- registration -------------------------------------------------------------------------- */

static int collect_due(uint64_t id, int64_t due, void *ctx)
{
    (void)due;
    uint64_t *ids = ctx;
    ids[++ids[0]] = id;
    return 0;
}

static void test_create_get_delete(void **state)
{
    (void)state;
    env e;
    env_start(&e, 30);
    json_t *j;
    const char *body = "{\"tracking_number\":\"1z 999-aa1 0123456784\",\"carrier\":\"ups\","
                       "\"promised_by\":\"2024-03-07T17:00:00-05:00\",\"order_id\":\"SO-1\","
                       "\"customer\":{\"name\":\"Ann\",\"email\":\"ann@example.com\"},"
                       "\"metadata\":{\"sku\":[1,2]}}";
    assert_int_equal(req(&e, "POST", "/v1/shipments", e.key_a, body, &j), 201);
    assert_string_equal(ship_str(j, "carrier"), "ups");
    assert_string_equal(ship_str(j, "tracking_number"), UPS_NUMBER);
    assert_string_equal(ship_str(j, "status"), "pending");
    assert_string_equal(ship_str(j, "promised_by"), "2024-03-07T22:00:00Z");
    assert_string_equal(ship_str(j, "order_id"), "SO-1");
    json_t *s = json_object_get(j, "shipment");
    assert_string_equal(json_string_value(json_object_get(json_object_get(s, "customer"), "email")),
                        "ann@example.com");
    assert_int_equal(json_integer_value(
                         json_array_get(json_object_get(json_object_get(s, "metadata"), "sku"), 1)),
                     2);
    assert_true(json_is_null(json_object_get(s, "eta")));
    assert_true(json_is_array(json_object_get(s, "events")));
    json_decref(j);

    /* Registering again: 200 with the stored shipment, no duplicate. */
    assert_int_equal(req(&e, "POST", "/v1/shipments", e.key_a,
                         "{\"tracking_number\":\"" UPS_NUMBER "\",\"carrier\":\"UPS\"}", &j),
                     200);
    assert_string_equal(ship_str(j, "order_id"), "SO-1");
    json_decref(j);
    assert_int_equal(store_shipments(&e), 1);

    /* Due for polling now. */
    pc_txn *tx;
    uint64_t ids[8] = {0};
    assert_int_equal(pc_store_read_begin(e.st, &tx), 0);
    assert_int_equal(pc_store_scan_due(tx, INT64_MAX, collect_due, ids), 0);
    pc_store_read_end(tx);
    assert_int_equal(ids[0], 1);

    assert_int_equal(req(&e, "GET", "/v1/shipments/ups/" UPS_NUMBER, e.key_a, NULL, &j), 200);
    assert_string_equal(ship_str(j, "tracking_number"), UPS_NUMBER);
    assert_true(json_is_null(json_object_get(json_object_get(j, "shipment"), "eta")));
    json_decref(j);
    /* the number as a person types it */
    assert_int_equal(req(&e, "GET", "/v1/shipments/ups/1z999aa10123456784", e.key_a, NULL, &j),
                     200);
    json_decref(j);
    expect_error(&e, "GET", "/v1/shipments/fedex/" UPS_NUMBER, e.key_a, NULL, 404, "not_found",
                 NULL);
    expect_error(&e, "GET", "/v1/shipments/ups", e.key_a, NULL, 404, "not_found", NULL);
    expect_error(&e, "GET", "/v1/shipments/ups/" UPS_NUMBER "/x", e.key_a, NULL, 404, "not_found",
                 NULL);

    assert_int_equal(req(&e, "DELETE", "/v1/shipments/ups/" UPS_NUMBER, e.key_a, NULL, &j), 200);
    assert_true(json_is_true(json_object_get(j, "deleted")));
    json_decref(j);
    expect_error(&e, "GET", "/v1/shipments/ups/" UPS_NUMBER, e.key_a, NULL, 404, "not_found", NULL);
    expect_error(&e, "DELETE", "/v1/shipments/ups/" UPS_NUMBER, e.key_a, NULL, 404, "not_found",
                 NULL);
    assert_int_equal(store_shipments(&e), 0);
    env_stop(&e);
}

/* An SSCC (00 + 18 digits) FedEx, DHL and USPS all claim with a verified check digit. */
static void ambiguous_number(const pc_detect_rules *rules, char *buf)
{
    for (int d = 0; d < 10; d++) {
        snprintf(buf, 24, "0012345678901234567%d", d);
        pc_detect_match m[16];
        int n = pc_detect(rules, buf, m, 16);
        int fedex = 0, usps = 0, dhl = 0;
        for (int i = 0; i < n; i++) {
            fedex |= m[i].check_ok && m[i].has_check && strcmp(m[i].carrier, "fedex") == 0;
            usps |= m[i].check_ok && m[i].has_check && strcmp(m[i].carrier, "usps") == 0;
            dhl |= m[i].check_ok && m[i].has_check && strcmp(m[i].carrier, "dhl") == 0;
        }
        if (fedex && usps && dhl)
            return;
    }
    fail_msg("no ambiguous SSCC found");
}

static void test_detection(void **state)
{
    (void)state;
    env e;
    env_start(&e, 30);
    json_t *j;
    assert_int_equal(
        req(&e, "POST", "/v1/shipments", e.key_a, "{\"tracking_number\":\"" UPS_NUMBER "\"}", &j),
        201);
    assert_string_equal(ship_str(j, "carrier"), "ups");
    json_decref(j);
    expect_error(&e, "POST", "/v1/shipments", e.key_a, "{\"tracking_number\":\"ZZZZ\"}", 422,
                 "unknown_carrier", "no loaded carrier recognizes 'ZZZZ'");
    expect_error(&e, "POST", "/v1/shipments", e.key_a,
                 "{\"tracking_number\":\"ZZZZ\",\"carrier\":\"pony_express\"}", 422,
                 "unknown_carrier", "'pony_express'");

    char num[32], body[128];
    ambiguous_number(e.rules, num);
    snprintf(body, sizeof(body), "{\"tracking_number\":\"%s\"}", num);
    assert_int_equal(req(&e, "POST", "/v1/shipments", e.key_a, body, &j), 422);
    assert_string_equal(error_code(j), "ambiguous_carrier");
    assert_non_null(strstr(error_message(j), "fedex"));
    assert_non_null(strstr(error_message(j), "usps"));
    assert_non_null(strstr(error_message(j), "dhl"));
    json_t *cands = json_object_get(json_object_get(j, "error"), "candidates");
    assert_int_equal(json_array_size(cands), 3);
    json_decref(j);
    snprintf(body, sizeof(body), "{\"tracking_number\":\"%s\",\"carrier\":\"usps\"}", num);
    assert_int_equal(req(&e, "POST", "/v1/shipments", e.key_a, body, &j), 201);
    json_decref(j);

    /* GET /v1/detect/{number}, GET /v1/carriers */
    assert_int_equal(req(&e, "GET", "/v1/detect/" UPS_NUMBER, e.key_a, NULL, &j), 200);
    json_t *c0 = json_array_get(json_object_get(j, "candidates"), 0);
    assert_string_equal(json_string_value(json_object_get(c0, "carrier")), "ups");
    assert_string_equal(json_string_value(json_object_get(c0, "confidence")), "high");
    assert_true(json_is_true(json_object_get(c0, "check_ok")));
    json_decref(j);
    assert_int_equal(req(&e, "GET", "/v1/detect/ZZZZ", e.key_a, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "candidates")), 0);
    json_decref(j);
    expect_error(&e, "GET", "/v1/detect/%2F%2F", e.key_a, NULL, 422, "invalid_field", "number");
    assert_int_equal(req(&e, "GET", "/v1/carriers", e.key_a, NULL, &j), 200);
    json_t *arr = json_object_get(j, "carriers");
    size_t n_adapters = 0;
    while (pc_test_adapters[n_adapters])
        n_adapters++;
    assert_int_equal(json_array_size(arr), n_adapters);
    int saw_ups = 0;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *c = json_array_get(arr, i);
        if (strcmp(json_string_value(json_object_get(c, "name")), "ups") == 0) {
            saw_ups = 1;
            assert_string_equal(json_string_value(json_object_get(c, "display_name")), "UPS");
            assert_true(json_is_true(json_object_get(c, "push")));
            assert_true(json_array_size(json_object_get(c, "formats")) >= 1);
        }
    }
    assert_true(saw_ups);
    json_decref(j);
    env_stop(&e);
}

static void test_validation_errors(void **state)
{
    (void)state;
    env e;
    env_start(&e, 30);
    const char *k = e.key_a;
    expect_error(&e, "POST", "/v1/shipments", k,
                 "{\"tracking_number\": \"1Z\",\n  \"carrier\" ups}", 400, "invalid_json",
                 "line 2, column");
    expect_error(&e, "POST", "/v1/shipments", k, "", 400, "invalid_json", "no body");
    expect_error(&e, "POST", "/v1/shipments", k, "[1,2]", 422, "invalid_field", "body");
    expect_error(&e, "POST", "/v1/shipments", k, "{\"carrier\":\"ups\"}", 422, "invalid_field",
                 "tracking_number: required");
    expect_error(&e, "POST", "/v1/shipments", k, "{\"tracking_number\":42}", 422, "invalid_field",
                 "tracking_number: expected a string");
    expect_error(&e, "POST", "/v1/shipments", k, "{\"tracking_number\":\"1Z/../x\"}", 422,
                 "invalid_field", "tracking_number");
    expect_error(&e, "POST", "/v1/shipments", k,
                 "{\"tracking_number\":\"" UPS_NUMBER "\",\"promised_by\":\"next tuesday\"}", 422,
                 "invalid_field", "promised_by");
    expect_error(&e, "POST", "/v1/shipments", k,
                 "{\"tracking_number\":\"" UPS_NUMBER "\",\"customer\":{\"email\":\"nobody\"}}",
                 422, "invalid_field", "customer.email");
    expect_error(&e, "POST", "/v1/shipments", k,
                 "{\"tracking_number\":\"" UPS_NUMBER "\",\"customer\":{\"name\":7}}", 422,
                 "invalid_field", "customer.name");
    expect_error(&e, "POST", "/v1/shipments", k,
                 "{\"tracking_number\":\"" UPS_NUMBER "\",\"customer\":\"Ann\"}", 422,
                 "invalid_field", "customer");
    expect_error(&e, "POST", "/v1/shipments", k,
                 "{\"tracking_number\":\"" UPS_NUMBER "\",\"metadata\":[1]}", 422, "invalid_field",
                 "metadata");
    expect_error(&e, "POST", "/v1/shipments", k,
                 "{\"tracking_number\":\"" UPS_NUMBER "\",\"order_id\":false}", 422,
                 "invalid_field", "order_id");
    expect_error(&e, "POST", "/v1/shipments", k,
                 "{\"tracking_number\":\"" UPS_NUMBER "\",\"tracking_number\":\"X\"}", 400,
                 "invalid_json", "duplicate");
    /* routes and methods */
    expect_error(&e, "GET", "/v1/nothing-here", k, NULL, 404, "not_found", NULL);
    expect_error(&e, "PUT", "/v1/shipments", k, "{}", 405, "method_not_allowed", NULL);
    expect_error(&e, "PATCH", "/v1/shipments/ups/" UPS_NUMBER, k, "{}", 405, "method_not_allowed",
                 NULL);
    expect_error(&e, "DELETE", "/v1/carriers", k, NULL, 405, "method_not_allowed", NULL);
    /* body over the limit */
    size_t big = (1u << 20) + 100;
    char *huge = malloc(big + 1);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    huge[big] = '\0';
    expect_error(&e, "POST", "/v1/shipments", k, huge, 413, "body_too_large", NULL);
    free(huge);
    assert_int_equal(store_shipments(&e), 0); /* nothing stored by any of it */
    env_stop(&e);
}

/* ---- batch ----------------------------------------------------------------------------------- */

static char *batch_body(size_t n, const char *prefix, size_t first)
{
    size_t cap = 64 + n * 80, len = 0;
    char *b = malloc(cap);
    len += (size_t)snprintf(b + len, cap - len, "{\"shipments\":[");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(b + len, cap - len,
                                "%s{\"tracking_number\":\"%s%06zu\",\"carrier\":\"dhl\"}",
                                i ? "," : "", prefix, first + i);
    snprintf(b + len, cap - len, "]}");
    return b;
}

static void test_batch(void **state)
{
    (void)state;
    env e;
    env_start(&e, 30);
    json_t *j;
    const char *body = "{\"shipments\":["
                       "{\"tracking_number\":\"" UPS_NUMBER "\"},"
                       "{\"carrier\":\"ups\"},"
                       "{\"tracking_number\":\"JJD000390007\",\"carrier\":\"dhl\"},"
                       "{\"tracking_number\":\"" UPS_NUMBER "\",\"carrier\":\"ups\"},"
                       "\"oops\","
                       "{\"tracking_number\":\"ZZZZ\",\"customer\":{\"email\":\"x@y\"}}]}";
    assert_int_equal(req(&e, "POST", "/v1/shipments/batch", e.key_a, body, &j), 200);
    json_t *res = json_object_get(j, "results");
    assert_int_equal(json_array_size(res), 6);
    static const int want[] = {201, 422, 201, 200, 422, 422};
    for (size_t i = 0; i < 6; i++) {
        json_t *r = json_array_get(res, i);
        assert_int_equal(json_integer_value(json_object_get(r, "index")), (json_int_t)i);
        assert_int_equal(json_integer_value(json_object_get(r, "status")), want[i]);
        assert_true(want[i] == 422 ? json_object_get(r, "error") != NULL
                                   : json_object_get(r, "shipment") != NULL);
    }
    const char *m1 = json_string_value(
        json_object_get(json_object_get(json_array_get(res, 1), "error"), "message"));
    assert_non_null(strstr(m1, "shipments[1].tracking_number"));
    const char *m4 = json_string_value(
        json_object_get(json_object_get(json_array_get(res, 4), "error"), "message"));
    assert_non_null(strstr(m4, "shipments[4]"));
    const char *m5 = json_string_value(
        json_object_get(json_object_get(json_array_get(res, 5), "error"), "message"));
    assert_non_null(strstr(m5, "shipments[5].customer.email"));
    assert_int_equal(json_integer_value(json_object_get(j, "created")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "existing")), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "failed")), 3);
    json_decref(j);
    assert_int_equal(store_shipments(&e), 2);

    /* over 1,000 items: the whole batch is refused, nothing stored */
    char *big = batch_body(1001, "BIG", 0);
    expect_error(&e, "POST", "/v1/shipments/batch", e.key_a, big, 413, "batch_too_large",
                 "at most 1000");
    free(big);
    expect_error(&e, "POST", "/v1/shipments/batch", e.key_a, "{\"shipments\":{}}", 422,
                 "invalid_field", "shipments");
    expect_error(&e, "POST", "/v1/shipments/batch", e.key_a, "{\"shipments\":[}", 400,
                 "invalid_json", "line 1");
    assert_int_equal(store_shipments(&e), 2);
    env_stop(&e);
}

struct poster {
    env *e;
    const char *body;
    long status;
    volatile int done;
};

static void *post_thread(void *arg)
{
    struct poster *p = arg;
    p->status = req(p->e, "POST", "/v1/shipments/batch", p->e->key_a, p->body, NULL);
    __atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* A reader sees all of a batch or none of it: the valid items are one transaction. */
static void test_batch_atomic(void **state)
{
    (void)state;
    env e;
    env_start(&e, 30);
    char *body = batch_body(1000, "ATOM", 0);
    struct poster p = {&e, body, 0, 0};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, post_thread, &p), 0);
    size_t reads = 0;
    int done;
    do {
        done = __atomic_load_n(&p.done, __ATOMIC_ACQUIRE);
        size_t n = store_shipments(&e);
        if (n != 0 && n != 1000)
            fail_msg("a reader saw %zu of the batch's 1000 shipments", n);
        reads++;
    } while (!done);
    pthread_join(th, NULL);
    assert_int_equal(p.status, 200);
    assert_int_equal(store_shipments(&e), 1000);
    assert_true(reads > 0);
    free(body);
    env_stop(&e);
}

/* ---- listing ------------------------------------------------------------------------------- */

static void test_list_pagination(void **state)
{
    (void)state;
    env e;
    env_start(&e, 30);
    json_t *j;
    char *b1 = batch_body(1000, "PAGE", 0), *b2 = batch_body(234, "PAGE", 1000),
         *bb = batch_body(7, "OTHER", 0);
    assert_int_equal(req(&e, "POST", "/v1/shipments/batch", e.key_a, b1, NULL), 200);
    assert_int_equal(req(&e, "POST", "/v1/shipments/batch", e.key_a, b2, NULL), 200);
    assert_int_equal(req(&e, "POST", "/v1/shipments/batch", e.key_b, bb, NULL), 200);
    free(b1);
    free(b2);
    free(bb);

    unsigned char *seen = calloc(1234, 1);
    size_t total = 0, pages = 0;
    char path[256] = "/v1/shipments?limit=100";
    for (;;) {
        assert_int_equal(req(&e, "GET", path, e.key_a, NULL, &j), 200);
        json_t *arr = json_object_get(j, "shipments");
        assert_true(json_array_size(arr) <= 100);
        for (size_t i = 0; i < json_array_size(arr); i++) {
            const char *num =
                json_string_value(json_object_get(json_array_get(arr, i), "tracking_number"));
            assert_non_null(num);
            assert_int_equal(strncmp(num, "PAGE", 4), 0);
            long k = strtol(num + 4, NULL, 10);
            assert_true(k >= 0 && k < 1234);
            assert_int_equal(seen[k], 0);
            seen[k] = 1;
            total++;
        }
        pages++;
        json_t *next = json_object_get(j, "next_cursor");
        if (json_is_null(next)) {
            json_decref(j);
            break;
        }
        snprintf(path, sizeof(path), "/v1/shipments?limit=100&cursor=%s", json_string_value(next));
        json_decref(j);
        assert_true(pages < 100);
    }
    assert_int_equal(total, 1234);
    assert_int_equal(pages, 13);
    free(seen);

    /* default limit 50; filters */
    assert_int_equal(req(&e, "GET", "/v1/shipments", e.key_b, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 7);
    assert_true(json_is_null(json_object_get(j, "next_cursor")));
    json_decref(j);
    assert_int_equal(req(&e, "GET", "/v1/shipments", e.key_a, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 50);
    assert_true(json_is_string(json_object_get(j, "next_cursor")));
    json_decref(j);
    assert_int_equal(req(&e, "GET", "/v1/shipments?status=pending&limit=500", e.key_b, NULL, &j),
                     200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 7);
    json_decref(j);
    assert_int_equal(req(&e, "GET", "/v1/shipments?status=delivered", e.key_a, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 0);
    json_decref(j);
    assert_int_equal(req(&e, "GET", "/v1/shipments?at_risk=true", e.key_a, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 0);
    json_decref(j);
    assert_int_equal(
        req(&e, "GET", "/v1/shipments?at_risk=false&carrier=dhl&limit=3", e.key_b, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 3);
    json_decref(j);
    assert_int_equal(req(&e, "GET", "/v1/shipments?carrier=ups", e.key_b, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 0);
    json_decref(j);
    assert_int_equal(
        req(&e, "GET", "/v1/shipments?updated_since=2999-01-01T00:00:00Z", e.key_b, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 0);
    json_decref(j);
    assert_int_equal(
        req(&e, "GET", "/v1/shipments?updated_since=2000-01-01T00:00:00Z", e.key_b, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 7);
    json_decref(j);
    /* status filter with a cursor walks too */
    assert_int_equal(req(&e, "GET", "/v1/shipments?status=pending&limit=5", e.key_b, NULL, &j),
                     200);
    snprintf(path, sizeof(path), "/v1/shipments?status=pending&limit=5&cursor=%s",
             json_string_value(json_object_get(j, "next_cursor")));
    json_decref(j);
    assert_int_equal(req(&e, "GET", path, e.key_b, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 2);
    assert_true(json_is_null(json_object_get(j, "next_cursor")));
    json_decref(j);

    static const char *const bad[][2] = {
        {"/v1/shipments?status=lost", "status"},
        {"/v1/shipments?at_risk=maybe", "at_risk"},
        {"/v1/shipments?carrier=pony", "carrier"},
        {"/v1/shipments?updated_since=yesterday", "updated_since"},
        {"/v1/shipments?cursor=xyz", "cursor"},
        {"/v1/shipments?limit=0", "limit"},
        {"/v1/shipments?limit=501", "limit"},
        {"/v1/shipments?limit=-5", "limit"},
        {"/v1/shipments?limit=ten", "limit"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_error(&e, "GET", bad[i][0], e.key_a, NULL, 422, "invalid_parameter", bad[i][1]);
    env_stop(&e);
}

/* ---- tenant isolation ------------------------------------------------------------------------ */

static void test_tenant_isolation(void **state)
{
    (void)state;
    env e;
    env_start(&e, 30);
    json_t *j, *ja, *jb;
    const char *body = "{\"tracking_number\":\"" UPS_NUMBER "\",\"order_id\":\"A-1\"}";
    assert_int_equal(req(&e, "POST", "/v1/shipments", e.key_a, body, NULL), 201);

    /* B cannot see, list or delete A's shipment; the 404 is the one of a number nobody has. */
    assert_int_equal(req(&e, "GET", "/v1/shipments/ups/" UPS_NUMBER, e.key_b, NULL, &jb), 404);
    assert_int_equal(req(&e, "GET", "/v1/shipments/ups/1Z999AA10123456700", e.key_b, NULL, &j),
                     404);
    assert_string_equal(error_code(jb), error_code(j));
    json_decref(j);
    json_decref(jb);
    expect_error(&e, "DELETE", "/v1/shipments/ups/" UPS_NUMBER, e.key_b, NULL, 404, "not_found",
                 NULL);
    assert_int_equal(req(&e, "GET", "/v1/shipments", e.key_b, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 0);
    json_decref(j);
    assert_int_equal(req(&e, "GET", "/v1/shipments?status=pending", e.key_b, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 0);
    json_decref(j);

    /* B registering the same parcel gets a new shipment (201, not A's 200). */
    assert_int_equal(req(&e, "POST", "/v1/shipments", e.key_b,
                         "{\"tracking_number\":\"" UPS_NUMBER "\",\"order_id\":\"B-1\"}", &jb),
                     201);
    assert_string_equal(ship_str(jb, "order_id"), "B-1");
    json_decref(jb);
    assert_int_equal(req(&e, "GET", "/v1/shipments/ups/" UPS_NUMBER, e.key_a, NULL, &ja), 200);
    assert_string_equal(ship_str(ja, "order_id"), "A-1");
    json_decref(ja);
    assert_int_equal(req(&e, "GET", "/v1/shipments/ups/" UPS_NUMBER, e.key_b, NULL, &jb), 200);
    assert_string_equal(ship_str(jb, "order_id"), "B-1");
    json_decref(jb);
    assert_int_equal(store_shipments(&e), 2);
    /* in a batch too */
    assert_int_equal(req(&e, "POST", "/v1/shipments/batch", e.key_b,
                         "{\"shipments\":[{\"tracking_number\":\"" UPS_NUMBER "\"}]}", &j),
                     200);
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(j, "results"), 0), "status")),
                     200);
    json_decref(j);

    /* B deletes its own: A's stays. */
    assert_int_equal(req(&e, "DELETE", "/v1/shipments/ups/" UPS_NUMBER, e.key_b, NULL, NULL), 200);
    assert_int_equal(req(&e, "GET", "/v1/shipments/ups/" UPS_NUMBER, e.key_a, NULL, &ja), 200);
    assert_string_equal(ship_str(ja, "order_id"), "A-1");
    json_decref(ja);
    expect_error(&e, "GET", "/v1/shipments/ups/" UPS_NUMBER, e.key_b, NULL, 404, "not_found", NULL);
    assert_int_equal(req(&e, "GET", "/v1/shipments", e.key_a, NULL, &j), 200);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 1);
    json_decref(j);
    env_stop(&e);
}

/* ---- slow clients ---------------------------------------------------------------------------- */

static void test_stalled_client_disconnected(void **state)
{
    (void)state;
    env e;
    env_start(&e, 1); /* api.timeout = 1 s */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)pc_server_port(e.srv))};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    char head[512];
    int n = snprintf(head, sizeof(head),
                     "POST /v1/shipments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                     "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                     "{\"tracking_number\":",
                     e.key_a);
    assert_int_equal(write(fd, head, (size_t)n), n);
    /* Send nothing more: the server must close the connection (generous bound: 30 s). */
    struct pollfd p = {fd, POLLIN, 0};
    int ready = poll(&p, 1, 30000);
    assert_int_equal(ready, 1);
    char buf[512];
    ssize_t got = read(fd, buf, sizeof(buf));
    assert_true(got <= 0); /* closed without a reply to a half request */
    close(fd);
    assert_int_equal(store_shipments(&e), 0);
    env_stop(&e);
}

/* ---- the tenant CLI ------------------------------------------------------------------------ */

static char *first_line(const char *s)
{
    size_t n = strcspn(s, "\r\n");
    char *l = malloc(n + 1);
    memcpy(l, s, n);
    l[n] = '\0';
    return l;
}

/* True when needle occurs in any file of dir. */
static int dir_contains(const char *dir, const char *needle)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    int found = 0;
    while (!found && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        size_t len;
        char *data = pc_test_read_file(path, &len);
        size_t nl = strlen(needle);
        for (size_t i = 0; !found && i + nl <= len; i++)
            found = memcmp(data + i, needle, nl) == 0;
        free(data);
    }
    closedir(d);
    return found;
}

static void test_tenant_cli(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("api-cli");
    char *out = NULL, *err = NULL;
    const char *add[] = {"parcelcast", "tenant", "add", "acme", "--store", dir, NULL};
    assert_int_equal(pc_test_run(add, NULL, &out, &err), 0);
    char *key = first_line(out);
    assert_int_equal(strlen(key), PC__API_KEY_LEN);
    assert_int_equal(strncmp(key, "pc_", 3), 0);
    assert_non_null(strstr(err, "once"));
    free(out);
    free(err);
    /* the same name again is refused; no key printed */
    assert_int_equal(pc_test_run(add, NULL, &out, &err), 65);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "exists"));
    free(out);
    free(err);
    const char *more[] = {"parcelcast", "tenant", "key", "acme", "--store", dir, NULL};
    assert_int_equal(pc_test_run(more, NULL, &out, &err), 0);
    char *key2 = first_line(out);
    assert_int_equal(strlen(key2), PC__API_KEY_LEN);
    assert_string_not_equal(key, key2);
    free(out);
    free(err);
    const char *nokey[] = {"parcelcast", "tenant", "key", "nobody", "--store", dir, NULL};
    assert_int_equal(pc_test_run(nokey, NULL, &out, &err), 1);
    free(out);
    free(err);
    const char *add2[] = {"parcelcast", "tenant", "add", "globex", "--store", dir, NULL};
    assert_int_equal(pc_test_run(add2, NULL, &out, &err), 0);
    free(out);
    free(err);

    /* stored hashed: the key text is in no store file */
    assert_false(dir_contains(dir, key));
    assert_false(dir_contains(dir, key + 3));
    assert_false(dir_contains(dir, key2 + 3));

    /* the keys work against a server on that store */
    env e;
    memset(&e, 0, sizeof(e));
    env_start_dir(&e, dir, 30);
    json_t *j;
    assert_int_equal(
        req(&e, "POST", "/v1/shipments", key, "{\"tracking_number\":\"" UPS_NUMBER "\"}", &j), 201);
    json_decref(j);
    assert_int_equal(req(&e, "GET", "/v1/shipments/ups/" UPS_NUMBER, key2, NULL, &j), 200);
    json_decref(j);
    pc_server_stop(e.srv);
    pc_detect_rules_free(e.rules);
    pc_registry_free(e.reg);
    pc_store_close(e.st);

    const char *list[] = {"parcelcast", "tenant", "list", "--json", "--store", dir, NULL};
    assert_int_equal(pc_test_run(list, NULL, &out, &err), 0);
    json_t *arr = json_loads(out, 0, NULL);
    assert_int_equal(json_array_size(arr), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "name")), "acme");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 0), "shipments")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 1), "shipments")), 0);
    json_decref(arr);
    free(out);
    free(err);
    const char *table[] = {"parcelcast", "tenant", "list", "--store", dir, NULL};
    assert_int_equal(pc_test_run(table, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "globex"));
    free(out);
    free(err);

    /* revoke: the key stops working, the other one still works */
    const char *revoke[] = {"parcelcast", "tenant", "revoke", key, "--store", dir, NULL};
    assert_int_equal(pc_test_run(revoke, NULL, &out, &err), 0);
    free(out);
    free(err);
    assert_int_equal(pc_test_run(revoke, NULL, &out, &err), 1);
    free(out);
    free(err);
    env_start_dir(&e, dir, 30);
    expect_error(&e, "GET", "/v1/shipments", key, NULL, 401, "unauthorized", NULL);
    assert_int_equal(req(&e, "GET", "/v1/shipments", key2, NULL, &j), 200);
    json_decref(j);
    pc_server_stop(e.srv);
    pc_detect_rules_free(e.rules);
    pc_registry_free(e.reg);
    pc_store_close(e.st);

    const char *usage[] = {"parcelcast", "tenant", "frobnicate", "--store", dir, NULL};
    assert_int_equal(pc_test_run(usage, NULL, &out, &err), 2);
    free(out);
    free(err);
    free(key);
    free(key2);
    pc_test_rmdir(dir);
    free(dir);
}

/* Webhook subscriptions and the e-mail channel: validation, the secret shown once, tenant
 * isolation (404 for another tenant's subscription), failures and replay, delete. */
static void test_webhooks(void **state)
{
    (void)state;
    env e;
    env_start(&e, 10);
    expect_error(&e, "POST", "/v1/webhooks", e.key_a, "{}", 422, "invalid_field", "url");
    expect_error(&e, "POST", "/v1/webhooks", e.key_a, "{\"url\":\"ftp://x/y\"}", 422,
                 "invalid_field", "url");
    expect_error(&e, "POST", "/v1/webhooks", e.key_a,
                 "{\"url\":\"http://127.0.0.1:9/h\",\"kinds\":[\"shipped\",\"lost\"]}", 422,
                 "invalid_field", "kinds[1]");
    expect_error(&e, "POST", "/v1/webhooks", e.key_a, "{\"url\":", 400, "invalid_json", "");
    expect_error(&e, "GET", "/v1/webhooks", NULL, NULL, 401, "unauthorized", "");

    json_t *r = NULL;
    assert_int_equal(req(&e, "POST", "/v1/webhooks", e.key_a,
                         "{\"url\":\"http://127.0.0.1:9/h\",\"kinds\":[\"delivered\","
                         "\"delayed\"]}",
                         &r),
                     201);
    char secret[80];
    const char *sv = json_string_value(json_object_get(r, "secret"));
    assert_non_null(sv);
    assert_int_equal(strlen(sv), 64);
    snprintf(secret, sizeof(secret), "%s", sv);
    json_int_t id = json_integer_value(json_object_get(json_object_get(r, "webhook"), "id"));
    assert_true(id > 0);
    assert_int_equal(json_array_size(json_object_get(json_object_get(r, "webhook"), "kinds")), 2);
    json_decref(r);
    char path[128];
    snprintf(path, sizeof(path), "/v1/webhooks/%lld", (long long)id);

    /* A sees it (without the secret), B does not even learn it exists */
    assert_int_equal(req(&e, "GET", "/v1/webhooks", e.key_a, NULL, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r, "webhooks")), 1);
    char *listed = json_dumps(r, 0);
    assert_non_null(listed);
    assert_null(strstr(listed, secret)); /* shown once, at creation */
    free(listed);
    json_decref(r);
    assert_int_equal(req(&e, "GET", "/v1/webhooks", e.key_b, NULL, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r, "webhooks")), 0);
    json_decref(r);
    expect_error(&e, "GET", path, e.key_b, NULL, 404, "not_found", "");
    expect_error(&e, "DELETE", path, e.key_b, NULL, 404, "not_found", "");
    assert_int_equal(req(&e, "GET", path, e.key_a, NULL, &r), 200);
    json_decref(r);

    /* failures: none yet; replaying an unknown delivery is a 404 */
    char fpath[192];
    snprintf(fpath, sizeof(fpath), "%s/failures", path);
    assert_int_equal(req(&e, "GET", fpath, e.key_a, NULL, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r, "failures")), 0);
    json_decref(r);
    expect_error(&e, "GET", fpath, e.key_b, NULL, 404, "not_found", "");
    snprintf(fpath, sizeof(fpath), "%s/failures/0123456789abcdef0123456789abcdef/replay", path);
    expect_error(&e, "POST", fpath, e.key_a, NULL, 404, "not_found", "dead letter");

    /* the e-mail channel */
    assert_int_equal(req(&e, "PUT", "/v1/email", e.key_a, "{\"enabled\":true}", &r), 200);
    assert_true(json_is_true(json_object_get(r, "enabled")));
    json_decref(r);
    expect_error(&e, "PUT", "/v1/email", e.key_a, "{\"enabled\":\"yes\"}", 422, "invalid_field",
                 "enabled");

    /* delete: gone for A too */
    assert_int_equal(req(&e, "DELETE", path, e.key_a, NULL, &r), 200);
    json_decref(r);
    expect_error(&e, "GET", path, e.key_a, NULL, 404, "not_found", "");
    env_stop(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth),
        cmocka_unit_test(test_create_get_delete),
        cmocka_unit_test(test_detection),
        cmocka_unit_test(test_validation_errors),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_batch_atomic),
        cmocka_unit_test(test_list_pagination),
        cmocka_unit_test(test_tenant_isolation),
        cmocka_unit_test(test_stalled_client_disconnected),
        cmocka_unit_test(test_tenant_cli),
        cmocka_unit_test(test_webhooks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
