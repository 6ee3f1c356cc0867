/*
 * Carrier push: UPS parse_push against the fixtures in tests/carriers/ups/push (golden
 * <case>.expected.json; PC_UPDATE_GOLDEN=1 rewrites them, review the diff), the same fixtures
 * truncated and corrupted (no crash, every refusal explained), and POST
 * /v1/carrier-hooks/{carrier} on a server started here on 127.0.0.1 port 0 with a temp store:
 * stored only after the secret matched and the payload parsed, idempotent, order-independent,
 * and nothing stored on any error.
 */
#include "testsupport.h"

#include <dirent.h>
#include <parcelcast/config.h>
#include <parcelcast/error.h>
#include <parcelcast/json.h>
#include <parcelcast/plugins.h>
#include <parcelcast/server.h>
#include <parcelcast/store.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECRET "tr4ck-alert-s3cret"

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static char *fixture_path(const char *name)
{
    char buf[1024];
    snprintf(buf, sizeof(buf), "%s/carriers/ups/push/%s", PC_TEST_SOURCE_DIR, name);
    return strdup(buf);
}

static char *fixture(const char *name, size_t *ret_len)
{
    char *p = fixture_path(name);
    char *body = pc_test_read_file(p, ret_len);
    free(p);
    return body;
}

/* ---- parse_push against the fixtures ---------------------------------------------------- */

static json_t *parse_case(const pc_adapter *ad, const char *body, size_t len)
{
    pc_parse_result r;
    pc_diag diag;
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO, .limits = NULL};
    int rc = pc_adapter_parse(ad, &in, 1, &r, &diag);
    json_t *got;
    if (rc < 0) {
        got = json_pack("{s:s, s:s}", "parse_error", pc_err_name(rc), "message", diag.message);
        if (diag.line > 0)
            json_object_set_new(got, "line", json_integer(diag.line));
        if (diag.offset != (size_t)-1)
            json_object_set_new(got, "offset", json_integer((json_int_t)diag.offset));
    } else {
        got = pc_parse_result_to_json(&r);
        pc_parse_result_done(&r);
    }
    return got;
}

static void test_ups_push_fixtures(void **state)
{
    (void)state;
    const pc_adapter *ups = pc_test_adapter("ups");
    assert_non_null(ups);
    assert_non_null(ups->parse_push);
    assert_true(ups->caps & PC_CAP_PUSH);

    char *dir = fixture_path("");
    DIR *d = opendir(dir);
    assert_non_null(d);
    int update = getenv("PC_UPDATE_GOLDEN") != NULL;
    size_t n_cases = 0, n_failed = 0, n_refused = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *n = de->d_name;
        if (n[0] == '.' || !ends_with(n, ".json") || ends_with(n, ".expected.json"))
            continue;
        char path[2048], exp_path[2100];
        snprintf(path, sizeof(path), "%s%s", dir, n);
        snprintf(exp_path, sizeof(exp_path), "%.*s.expected.json", (int)(strlen(path) - 5), path);
        size_t len;
        char *body = pc_test_read_file(path, &len);
        json_t *got = parse_case(ups, body, len);
        free(body);
        assert_non_null(got);
        n_cases++;
        if (json_object_get(got, "parse_error")) {
            n_refused++;
            assert_true(strlen(json_string_value(json_object_get(got, "message"))) > 10);
        }
        if (update) {
            assert_int_equal(json_dump_file(got, exp_path, JSON_INDENT(2) | JSON_PRESERVE_ORDER),
                             0);
            FILE *f = fopen(exp_path, "a");
            if (f) {
                fputc('\n', f);
                fclose(f);
            }
        } else {
            json_error_t jerr;
            json_t *exp = json_load_file(exp_path, 0, &jerr);
            if (!exp) {
                print_error("%s: cannot read %s: %s\n", n, exp_path, jerr.text);
                n_failed++;
            } else if (!json_equal(exp, got)) {
                char *g = pc_json_dumps(got, 1);
                print_error("MISMATCH ups/push/%s\n--- got:\n%s\n", n, g);
                free(g);
                n_failed++;
            }
            json_decref(exp);
        }
        json_decref(got);
    }
    closedir(d);
    free(dir);
    print_message("%zu push fixtures (%zu refused), %zu failed\n", n_cases, n_refused, n_failed);
    assert_true(n_cases >= 8);
    assert_true(n_refused >= 2);
    assert_int_equal(n_failed, 0);
}

/* Specific promises the golden files hold, spelled out. */
static void test_ups_push_details(void **state)
{
    (void)state;
    const pc_adapter *ups = pc_test_adapter("ups");
    size_t len;
    char *body;
    json_t *j, *s, *ev;

    /* the leading blank of the manifest message's number is not part of the number; empty
     * location fields are null, not "" */
    body = fixture("manifest.json", &len);
    j = parse_case(ups, body, len);
    free(body);
    s = json_array_get(json_object_get(j, "shipments"), 0);
    assert_string_equal(json_string_value(json_object_get(s, "tracking_number")),
                        "1Z7V81W20347125563");
    assert_string_equal(json_string_value(json_object_get(s, "status")), "info_received");
    ev = json_array_get(json_object_get(s, "events"), 0);
    assert_true(json_is_null(json_object_get(json_object_get(ev, "location"), "city")));
    assert_string_equal(json_string_value(json_object_get(ev, "time")), "2025-11-03T15:17:44Z");
    assert_string_equal(json_string_value(json_object_get(ev, "utc_offset")), "-05:00");
    json_decref(j);

    /* no GMT fields: the local time is placed by the location's zone (Denver, MST) */
    body = fixture("local_time_only.json", &len);
    j = parse_case(ups, body, len);
    free(body);
    ev = json_array_get(
        json_object_get(json_array_get(json_object_get(j, "shipments"), 0), "events"), 0);
    assert_string_equal(json_string_value(json_object_get(ev, "time")), "2025-11-10T13:19:44Z");
    assert_string_equal(json_string_value(json_object_get(ev, "utc_offset")), "-07:00");
    json_decref(j);

    /* an array of messages for one number is one shipment */
    body = fixture("batch.json", &len);
    j = parse_case(ups, body, len);
    free(body);
    assert_int_equal(json_array_size(json_object_get(j, "shipments")), 1);
    s = json_array_get(json_object_get(j, "shipments"), 0);
    assert_int_equal(json_array_size(json_object_get(s, "events")), 2);
    json_decref(j);

    /* malformed JSON: the byte offset and line */
    body = fixture("malformed.json", &len);
    j = parse_case(ups, body, len);
    assert_string_equal(json_string_value(json_object_get(j, "parse_error")), "PC_EMALFORMED");
    assert_int_equal(json_integer_value(json_object_get(j, "line")), 5);
    json_int_t off = json_integer_value(json_object_get(j, "offset"));
    assert_true(off > 0 && (size_t)off < len);
    assert_non_null(strstr(json_string_value(json_object_get(j, "message")), "at byte"));
    free(body);
    json_decref(j);

    /* wrong shape: the field is named */
    body = fixture("wrong_shape.json", &len);
    j = parse_case(ups, body, len);
    free(body);
    assert_string_equal(json_string_value(json_object_get(j, "parse_error")), "PC_EMALFORMED");
    assert_non_null(strstr(json_string_value(json_object_get(j, "message")), "activityStatus"));
    json_decref(j);

    /* a bad local date without GMT fields names the field */
    static const char bad_date[] =
        "{\"trackingNumber\":\"1Z4F02X60398841207\",\"localActivityDate\":\"2025-11-10\","
        "\"localActivityTime\":\"101010\",\"activityStatus\":{\"type\":\"I\",\"code\":\"AR\"}}";
    j = parse_case(ups, bad_date, sizeof(bad_date) - 1);
    assert_non_null(strstr(json_string_value(json_object_get(j, "message")), "localActivityDate"));
    json_decref(j);

    /* XML is not a Track Alert message; neither is an empty array */
    j = parse_case(ups, "<TrackResponse/>", 16);
    assert_string_equal(json_string_value(json_object_get(j, "parse_error")), "PC_EMALFORMED");
    json_decref(j);
    j = parse_case(ups, "[]", 2);
    assert_string_equal(json_string_value(json_object_get(j, "parse_error")), "PC_EMALFORMED");
    json_decref(j);
}

/* Every fixture truncated at every byte and corrupted at every byte: parse_push either
 * succeeds or explains the refusal; sanitizers catch the rest. */
static void test_ups_push_mutations(void **state)
{
    (void)state;
    static const char *const names[] = {"in_transit.json", "delivered.json", "batch.json",
                                        "exception.json"};
    static const char bytes[] = {'"', '{', '}', '[', ']', ':', ',', '0', 'x', '\0', '\\'};
    static const pc_parse_limits lim = {1u << 20, 64, 256, 8};
    const pc_adapter *ups = pc_test_adapter("ups");
    size_t runs = 0, refused = 0;
    for (size_t f = 0; f < sizeof(names) / sizeof(names[0]); f++) {
        size_t len;
        char *body = fixture(names[f], &len);
        char *mut = malloc(len);
        assert_non_null(mut);
        for (size_t cut = 0; cut <= len; cut++) {
            for (size_t b = 0; b <= sizeof(bytes); b++) {
                size_t n = cut;
                memcpy(mut, body, len);
                if (b < sizeof(bytes)) { /* corrupt byte `cut`, full length */
                    if (cut == len)
                        continue;
                    mut[cut] = bytes[b];
                    n = len;
                }
                pc_parse_result r;
                pc_diag d;
                pc_parse_input in = {.data = mut, .len = n, .limits = &lim};
                int rc = pc_adapter_parse(ups, &in, 1, &r, &d);
                runs++;
                if (rc < 0) {
                    refused++;
                    assert_true(d.message[0] != '\0');
                    assert_int_equal(r.n_shipments, 0);
                } else {
                    assert_true(r.n_shipments >= 1);
                }
                pc_parse_result_done(&r);
            }
        }
        free(mut);
        free(body);
    }
    print_message("%zu mutated push payloads, %zu refused\n", runs, refused);
    assert_true(refused > runs / 4);
}

/* ---- the endpoint ------------------------------------------------------------------------- */

typedef struct env {
    char *dir;
    pc_store *st;
    pc_registry *reg;
    pc_config cfg;
    pc_server *srv;
    pc_adapter testpush; /* UPS's parse_push under another name, with no secret configured */
    char base[128];
} env;

static void env_start(env *e, int with_config, int read_only_store)
{
    char err[512];
    memset(e, 0, sizeof(*e));
    e->dir = pc_test_tmpdir("push");
    pc_store_opts so = {.path = e->dir};
    if (read_only_store) {
        /* create it, then serve it read-only: every write fails in the store */
        assert_int_equal(pc_store_open(&so, &e->st, err, sizeof(err)), 0);
        pc_store_close(e->st);
        so.read_only = true;
    }
    assert_int_equal(pc_store_open(&so, &e->st, err, sizeof(err)), 0);
    assert_int_equal(pc_registry_new(&e->reg), 0);
    assert_int_equal(pc_registry_add(e->reg, pc_test_adapter("ups"), "static", err, sizeof(err)),
                     0);
    assert_int_equal(pc_registry_add(e->reg, pc_test_adapter("dhl"), "static", err, sizeof(err)),
                     0);
    e->testpush = *pc_test_adapter("ups");
    e->testpush.name = "testpush";
    assert_int_equal(pc_registry_add(e->reg, &e->testpush, "static", err, sizeof(err)), 0);
    assert_int_equal(pc_config_init(&e->cfg, NULL), 0);
    assert_int_equal(pc_config_set(&e->cfg, "carrier.ups.push_secret", SECRET, err, sizeof(err)),
                     0);
    pc_server_opts o = {.address = "127.0.0.1",
                        .port = 0,
                        .threads = 2,
                        .max_body = 4096,
                        .timeout = 30,
                        .store = e->st,
                        .registry = e->reg,
                        .config = with_config ? &e->cfg : NULL};
    assert_int_equal(pc_server_start(&o, &e->srv, err, sizeof(err)), 0);
    snprintf(e->base, sizeof(e->base), "http://127.0.0.1:%d/v1/carrier-hooks/",
             pc_server_port(e->srv));
}

static void env_stop(env *e)
{
    pc_server_stop(e->srv);
    pc_registry_free(e->reg);
    pc_config_done(&e->cfg);
    pc_store_close(e->st);
    pc_test_rmdir(e->dir);
    free(e->dir);
}

static void stats(env *e, pc_store_stats *ret)
{
    pc_txn *tx;
    assert_int_equal(pc_store_read_begin(e->st, &tx), 0);
    assert_int_equal(pc_store_stats_get(tx, ret), 0);
    pc_store_read_end(tx);
}

/* POST body to <base><carrier> with one header (may be NULL); the parsed JSON answer. */
static json_t *post(env *e, const char *carrier, const char *header, const char *body, size_t len,
                    long expect_status)
{
    char url[256], *resp = NULL;
    const char *headers[] = {"Content-Type: application/json", header, NULL};
    snprintf(url, sizeof(url), "%s%s", e->base, carrier);
    long st = pc_test_http("POST", url, body, len, headers, &resp);
    if (st != expect_status)
        fail_msg("POST %s: status %ld, expected %ld; body %s", carrier, st, expect_status,
                 resp ? resp : "(none)");
    assert_non_null(resp);
    json_error_t jerr;
    json_t *j = json_loads(resp, 0, &jerr);
    if (!j)
        fail_msg("POST %s: answer is not JSON: %s", carrier, resp);
    free(resp);
    return j;
}

static const char *error_code(json_t *j)
{
    return json_string_value(json_object_get(json_object_get(j, "error"), "code"));
}

static const char *error_message(json_t *j)
{
    return json_string_value(json_object_get(json_object_get(j, "error"), "message"));
}

/* Stored shipment as normalized JSON (carrier fields only), NULL when absent. */
static json_t *stored(env *e, const char *number)
{
    pc_txn *tx;
    pc_shipment s;
    json_t *j = NULL;
    assert_int_equal(pc_store_read_begin(e->st, &tx), 0);
    int rc = pc_store_get_shipment(tx, "ups", number, &s, NULL);
    if (rc == 0) {
        j = pc_shipment_to_json(&s, 0);
        pc_shipment_done(&s);
    } else {
        assert_int_equal(rc, PC_ENOTFOUND);
    }
    pc_store_read_end(tx);
    return j;
}

static void assert_stats_equal(const pc_store_stats *a, const pc_store_stats *b)
{
    assert_int_equal(a->shipments, b->shipments);
    assert_int_equal(a->events, b->events);
    assert_int_equal(a->history, b->history);
}

/* Replace every occurrence of `from` in body with `to` (same length). */
static void replace_number(char *body, const char *from, const char *to)
{
    size_t n = strlen(from);
    assert_int_equal(strlen(to), n);
    for (char *p = strstr(body, from); p; p = strstr(p + n, from))
        memcpy(p, to, n);
}

#define CRED "credential: " SECRET

static void test_push_endpoint_stores(void **state)
{
    (void)state;
    env e;
    env_start(&e, 1, 0);
    pc_store_stats s0, s1, s2;
    size_t l1, l2, l3, l4;
    char *manifest = fixture("manifest.json", &l1);
    char *transit = fixture("in_transit.json", &l2);
    char *ofd = fixture("out_for_delivery.json", &l3);
    char *delivered = fixture("delivered.json", &l4);
    stats(&e, &s0);
    assert_int_equal(s0.shipments, 0);

    /* stored, and acknowledged with the counts */
    json_t *j = post(&e, "ups", CRED, transit, l2, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "shipments")), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "created")), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "events_added")), 1);
    json_decref(j);
    stats(&e, &s1);
    assert_int_equal(s1.shipments, 1);
    assert_int_equal(s1.events, 1);
    json_t *a = stored(&e, "1Z7V81W20347125563");
    assert_non_null(a);
    assert_string_equal(json_string_value(json_object_get(a, "status")), "in_transit");

    /* the same push again (a carrier retry) changes nothing */
    j = post(&e, "ups", CRED, transit, l2, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "created")), 0);
    assert_int_equal(json_integer_value(json_object_get(j, "unchanged")), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "events_added")), 0);
    json_decref(j);
    stats(&e, &s2);
    assert_stats_equal(&s1, &s2);
    json_t *b = stored(&e, "1Z7V81W20347125563");
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);

    /* X-Parcelcast-Secret is accepted too */
    j = post(&e, "ups", "X-Parcelcast-Secret: " SECRET, manifest, l1, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "updated")), 1);
    json_decref(j);

    /* out for delivery then delivered */
    json_decref(post(&e, "ups", CRED, ofd, l3, 200));
    json_decref(post(&e, "ups", CRED, delivered, l4, 200));
    a = stored(&e, "1Z7V81W20347125563");
    assert_string_equal(json_string_value(json_object_get(a, "status")), "delivered");
    assert_int_equal(json_array_size(json_object_get(a, "events")), 4);

    /* The same four messages for another number, newest first, give the same shipment. */
    const char *other = "1Z7V81W20347125999";
    char *bodies[] = {delivered, ofd, transit, manifest};
    size_t lens[] = {l4, l3, l2, l1};
    for (size_t i = 0; i < 4; i++) {
        replace_number(bodies[i], "1Z7V81W20347125563", other);
        json_decref(post(&e, "ups", CRED, bodies[i], lens[i], 200));
    }
    b = stored(&e, other);
    assert_non_null(b);
    json_object_set_new(b, "tracking_number", json_string("1Z7V81W20347125563"));
    if (!json_equal(a, b)) {
        char *x = pc_json_dumps(a, 1), *y = pc_json_dumps(b, 1);
        fail_msg("order changed the state:\n%s\n%s", x, y);
    }
    json_decref(a);
    json_decref(b);

    free(manifest);
    free(transit);
    free(ofd);
    free(delivered);
    env_stop(&e);
}

static void test_push_endpoint_refuses(void **state)
{
    (void)state;
    env e;
    env_start(&e, 1, 0);
    pc_store_stats before, after;
    size_t len, bad_len, shape_len;
    char *good = fixture("in_transit.json", &len);
    char *bad = fixture("malformed.json", &bad_len);
    char *shape = fixture("wrong_shape.json", &shape_len);
    json_t *j;
    stats(&e, &before);

    /* wrong and missing secret: 401, in either header */
    j = post(&e, "ups", "credential: nope", good, len, 401);
    assert_string_equal(error_code(j), "unauthorized");
    assert_non_null(strstr(error_message(j), "does not match"));
    json_decref(j);
    j = post(&e, "ups", "X-Parcelcast-Secret: " SECRET "x", good, len, 401);
    json_decref(j);
    j = post(&e, "ups", NULL, good, len, 401);
    assert_non_null(strstr(error_message(j), "missing"));
    json_decref(j);

    /* no secret configured for the carrier: its hooks are disabled */
    j = post(&e, "testpush", "X-Parcelcast-Secret: " SECRET, good, len, 403);
    assert_string_equal(error_code(j), "push_disabled");
    assert_non_null(strstr(error_message(j), "carrier.testpush.push_secret"));
    json_decref(j);

    /* unknown carrier, carrier without parse_push, no carrier */
    j = post(&e, "nope", CRED, good, len, 404);
    assert_string_equal(error_code(j), "unknown_carrier");
    json_decref(j);
    j = post(&e, "dhl", CRED, good, len, 404);
    assert_string_equal(error_code(j), "push_unsupported");
    json_decref(j);
    j = post(&e, "", CRED, good, len, 404);
    json_decref(j);
    j = post(&e, "ups/extra", CRED, good, len, 404);
    json_decref(j);

    /* malformed JSON: 400 naming the byte offset and line */
    j = post(&e, "ups", CRED, bad, bad_len, 400);
    assert_string_equal(error_code(j), "bad_payload");
    json_t *err = json_object_get(j, "error");
    assert_true(json_integer_value(json_object_get(err, "offset")) > 0);
    assert_int_equal(json_integer_value(json_object_get(err, "line")), 5);
    assert_non_null(strstr(error_message(j), "at byte"));
    json_decref(j);

    /* wrong shape: 400 naming the field */
    j = post(&e, "ups", CRED, shape, shape_len, 400);
    assert_non_null(strstr(error_message(j), "activityStatus"));
    json_decref(j);

    /* a tracking number too long for a store key: refused as the payload's fault */
    char longnum[1200];
    memset(longnum, 'Z', 700);
    longnum[700] = '\0';
    char body[2048];
    int blen = snprintf(body, sizeof(body),
                        "{\"trackingNumber\":\"1%s\",\"gmtActivityDate\":\"20251104\","
                        "\"gmtActivityTime\":\"032210\",\"activityStatus\":{\"type\":\"I\"}}",
                        longnum);
    j = post(&e, "ups", CRED, body, (size_t)blen, 400);
    assert_non_null(strstr(error_message(j), "store cannot hold"));
    json_decref(j);

    /* empty body */
    j = post(&e, "ups", CRED, "", 0, 400);
    json_decref(j);

    /* oversized body: 413 (the server's max_body is 4096 here) */
    char *big = malloc(6000);
    assert_non_null(big);
    memset(big, ' ', 6000);
    memcpy(big, good, len);
    j = post(&e, "ups", CRED, big, 6000, 413);
    assert_string_equal(error_code(j), "body_too_large");
    json_decref(j);
    free(big);

    /* GET on a hook: 405 */
    char url[256], *resp = NULL;
    snprintf(url, sizeof(url), "%sups", e.base);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &resp), 405);
    free(resp);

    /* nothing of all this reached the store */
    stats(&e, &after);
    assert_stats_equal(&before, &after);
    assert_int_equal(after.shipments, 0);

    free(good);
    free(bad);
    free(shape);
    env_stop(&e);
}

static void test_push_endpoint_unconfigured_and_store_failure(void **state)
{
    (void)state;
    env e;
    size_t len;
    char *good = fixture("in_transit.json", &len);

    /* a server given no configuration refuses every hook as disabled */
    env_start(&e, 0, 0);
    json_t *j = post(&e, "ups", CRED, good, len, 403);
    assert_string_equal(error_code(j), "push_disabled");
    json_decref(j);
    env_stop(&e);

    /* a store that cannot be written: 503, the push is not acknowledged */
    env_start(&e, 1, 1);
    j = post(&e, "ups", CRED, good, len, 503);
    assert_string_equal(error_code(j), "store_unavailable");
    json_decref(j);
    pc_store_stats st;
    stats(&e, &st);
    assert_int_equal(st.shipments, 0);
    env_stop(&e);
    free(good);
}

/* `parcelcast serve` wires the plugin directory and the configuration into the endpoint. */
static void test_push_via_serve(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("push-serve");
    pc_test_proc p;
    const char *argv[] = {
        "pc", "serve",     "--store",          dir,     "--port",
        "0",  "--plugins", PC_TEST_PLUGIN_DIR, "--set", "carrier.ups.push_secret=" SECRET,
        NULL};
    pc_test_spawn(argv, &p);
    if (pc_test_wait_log(&p, "msg=listening", 30000) != 0)
        fail_msg("serve did not start: %s", p.log);
    const char *at = strstr(p.log, " port=");
    assert_non_null(at);
    int port = (int)strtol(at + 6, NULL, 10);
    char url[160], *resp = NULL;
    size_t len;
    char *good = fixture("in_transit.json", &len);
    const char *cred[] = {CRED, NULL};
    const char *wrong[] = {"credential: x", NULL};
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/v1/carrier-hooks/ups", port);
    assert_int_equal(pc_test_http("POST", url, good, len, wrong, &resp), 401);
    free(resp);
    assert_int_equal(pc_test_http("POST", url, good, len, cred, &resp), 200);
    assert_non_null(strstr(resp, "\"created\":1"));
    free(resp);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/v1/carrier-hooks/fedex", port);
    assert_int_equal(pc_test_http("POST", url, good, len, cred, &resp), 404);
    assert_non_null(strstr(resp, "push_unsupported"));
    free(resp);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/healthz", port);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &resp), 200);
    assert_non_null(strstr(resp, "\"shipments\":1"));
    free(resp);
    assert_int_equal(pc_test_stop(&p, SIGTERM), 0);
    free(p.log);
    free(good);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ups_push_fixtures),
        cmocka_unit_test(test_ups_push_details),
        cmocka_unit_test(test_ups_push_mutations),
        cmocka_unit_test(test_push_endpoint_stores),
        cmocka_unit_test(test_push_endpoint_refuses),
        cmocka_unit_test(test_push_endpoint_unconfigured_and_store_failure),
        cmocka_unit_test(test_push_via_serve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
