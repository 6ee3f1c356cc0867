/* `parcelcast serve` over real HTTP on loopback: /healthz, JSON errors, body limit, SIGTERM. */
#include "testsupport.h"

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int port_from_log(const char *log)
{
    const char *p = strstr(log, " port=");
    assert_non_null(p);
    return (int)strtol(p + 6, NULL, 10);
}

static void test_serve_healthz(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("serve");
    pc_test_proc p;
    const char *argv[] = {"pc", "serve", "--store",           dir, "--port",
                          "0",  "--set", "api.max_body=2048", NULL};
    pc_test_spawn(argv, &p);
    if (pc_test_wait_log(&p, "msg=listening", 30000) != 0)
        fail_msg("serve did not start: %s", p.log);
    int port = port_from_log(p.log);
    assert_true(port > 0);
    char url[128], *body;

    /* serve ran itself again with glibc's larger per-thread malloc cache (main.c), same pid */
    if (!getenv("GLIBC_TUNABLES") && !getenv("PARCELCAST_NO_REEXEC")) {
        char path[64];
        snprintf(path, sizeof(path), "/proc/%d/environ", p.pid);
        size_t n = 0;
        char *env = pc_test_read_file(path, &n);
        assert_non_null(env);
        bool tuned = false;
        for (size_t i = 0; i < n; i += strlen(env + i) + 1)
            tuned |= strcmp(env + i, "GLIBC_TUNABLES=glibc.malloc.tcache_count=200") == 0;
        assert_true(tuned);
        free(env);
    }

    snprintf(url, sizeof(url), "http://127.0.0.1:%d/healthz", port);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 200);
    json_t *j = json_loads(body, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
    assert_int_equal(json_integer_value(json_object_get(j, "schema")), 1);
    json_decref(j);
    free(body);

    /* unknown path: 404 with a JSON error body */
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/nope", port);
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &body), 404);
    j = json_loads(body, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
                        "not_found");
    json_decref(j);
    free(body);

    /* wrong method: 405 */
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/healthz", port);
    assert_int_equal(pc_test_http("DELETE", url, NULL, 0, NULL, &body), 405);
    free(body);

    /* body over api.max_body: 413, announced by Content-Length or not */
    char *big = malloc(10000);
    memset(big, 'x', 10000);
    assert_int_equal(pc_test_http("POST", url, big, 10000, NULL, &body), 413);
    assert_non_null(strstr(body, "body_too_large"));
    free(body);
    const char *chunked[] = {"Transfer-Encoding: chunked", NULL};
    assert_int_equal(pc_test_http("POST", url, big, 10000, chunked, &body), 413);
    free(body);
    free(big);

    /* A second server on the same port cannot start: exit 69, clear message. */
    char portbuf[16];
    snprintf(portbuf, sizeof(portbuf), "%d", port);
    const char *dup[] = {"pc", "serve", "--store", dir, "--port", portbuf, NULL};
    char *err;
    assert_int_equal(pc_test_run(dup, NULL, NULL, &err), 69);
    assert_non_null(strstr(err, "cannot listen"));
    free(err);

    /* SIGTERM: drain and exit 0 */
    assert_int_equal(pc_test_stop(&p, SIGTERM), 0);
    assert_non_null(strstr(p.log, "msg=stopped"));
    free(p.log);
    pc_test_rmdir(dir);
    free(dir);
}

static void test_serve_bad_address(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("serve-bad");
    const char *argv[] = {"pc", "serve", "--store", dir, "--listen", "localhost-ish:80", NULL};
    char *err;
    assert_int_equal(pc_test_run(argv, NULL, NULL, &err), 78);
    assert_non_null(strstr(err, "not an IPv4 or IPv6 address"));
    free(err);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serve_healthz),
        cmocka_unit_test(test_serve_bad_address),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
