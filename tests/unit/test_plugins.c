/* Plugin loader and the adapter-facing commands: carriers, parse (exit codes 0/3/65), detect. */
#include "testsupport.h"

#include <jansson.h>
#include <parcelcast/plugins.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct refusals {
    char text[8192];
    int n;
};

static void on_refused(void *ctx, const char *path, const char *msg)
{
    struct refusals *r = ctx;
    size_t len = strlen(r->text);
    snprintf(r->text + len, sizeof(r->text) - len, "%s: %s\n", strrchr(path, '/') + 1, msg);
    r->n++;
}

static void test_load_build_plugins(void **state)
{
    (void)state;
    pc_registry *reg;
    struct refusals r = {"", 0};
    assert_int_equal(pc_registry_new(&reg), 0);
    int n = pc_registry_load_dir(reg, PC_TEST_PLUGIN_DIR, on_refused, &r);
    if (r.n)
        fail_msg("refused: %s", r.text);
    size_t expected = 0;
    for (size_t i = 0; pc_test_adapters[i]; i++, expected++)
        assert_non_null(pc_registry_find(reg, pc_test_adapters[i]->name));
    assert_int_equal(n, expected);
    pc_registry_free(reg);
}

static void test_refusals(void **state)
{
    (void)state;
    pc_registry *reg;
    struct refusals r = {"", 0};
    assert_int_equal(pc_registry_new(&reg), 0);
    int n = pc_registry_load_dir(reg, PC_TEST_TESTPLUGIN_DIR, on_refused, &r);
    assert_int_equal(n, 2); /* testgood and the first testdup */
    assert_non_null(pc_registry_find(reg, "testgood"));
    assert_non_null(pc_registry_find(reg, "testdup"));
    assert_null(pc_registry_find(reg, "testabi"));
    assert_int_equal(r.n, 7);
    assert_non_null(strstr(r.text, "badabi.so: adapter ABI version 99, this parcelcast needs 2"));
    assert_non_null(strstr(r.text, "nooauth.so: adapter testnooauth claims oauth but has no "
                                   "oauth_token_path"));
    assert_non_null(strstr(r.text, "nosym.so: no pc_adapter_module symbol"));
    assert_non_null(strstr(r.text, "dup2.so: adapter name 'testdup' is already taken by"));
    assert_non_null(strstr(r.text, "badname.so: adapter name must be"));
    assert_non_null(strstr(r.text, "noparse.so: adapter testnoparse lacks parse"));
    assert_non_null(strstr(r.text, "notalib.so: "));
    assert_int_equal(pc_registry_load_dir(reg, "/nonexistent-dir", NULL, NULL), PC_EIO);
    pc_registry_free(reg);
}

static void test_carriers_command(void **state)
{
    (void)state;
    char *out, *err;
    const char *argv[] = {"pc", "carriers", "--plugins", PC_TEST_TESTPLUGIN_DIR, NULL};
    assert_int_equal(pc_test_run(argv, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "testgood"));
    assert_non_null(strstr(out, "json,pull"));
    assert_non_null(strstr(err, "badabi.so refused: adapter ABI version 99"));
    free(out);
    free(err);
    const char *json[] = {"pc", "carriers", "--json", NULL};
    assert_int_equal(pc_test_run(json, NULL, &out, NULL), 0);
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    size_t expected = 0;
    while (pc_test_adapters[expected])
        expected++;
    assert_int_equal(json_array_size(j), expected);
    json_decref(j);
    free(out);
}

static void test_parse_exit_codes(void **state)
{
    (void)state;
    char *out, *err;
    const char *base[] = {"pc",        "parse",    "--plugins", PC_TEST_TESTPLUGIN_DIR,
                          "--carrier", "testgood", "-",         NULL};
    assert_int_equal(pc_test_run(base,
                                 "{\"number\":\"A1\",\"status\":\"delivered\","
                                 "\"time\":\"2024-01-02T03:04:05+01:00\"}",
                                 &out, NULL),
                     0);
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    json_t *s0 = json_array_get(json_object_get(j, "shipments"), 0);
    assert_string_equal(json_string_value(json_object_get(s0, "status")), "delivered");
    json_t *e0 = json_array_get(json_object_get(s0, "events"), 0);
    assert_string_equal(json_string_value(json_object_get(e0, "time")), "2024-01-02T02:04:05Z");
    json_decref(j);
    free(out);

    assert_int_equal(pc_test_run(base, "{\"number\":\"A2\",\"error\":\"x\"}", &out, NULL), 3);
    assert_non_null(strstr(out, "\"code\": \"not_found\""));
    free(out);

    assert_int_equal(pc_test_run(base, "{\"number\":\n  \"A3\",,}", NULL, &err), 65);
    assert_non_null(strstr(err, "-:2:"));
    assert_non_null(strstr(err, "(byte "));
    free(err);

    assert_int_equal(pc_test_run(base, "", NULL, &err), 65);
    assert_non_null(strstr(err, "empty body"));
    free(err);
    assert_int_equal(pc_test_run(base, "<xml/>", NULL, &err), 65);
    assert_non_null(strstr(err, "does not speak XML"));
    free(err);

    const char *limited[] = {"pc",        "parse",    "--plugins", PC_TEST_TESTPLUGIN_DIR,
                             "--carrier", "testgood", "--set",     "parse.max_body=1024",
                             "-",         NULL};
    char big[3000];
    memset(big, ' ', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(pc_test_run(limited, big, NULL, &err), 65);
    assert_non_null(strstr(err, "exceeds parse.max_body"));
    free(err);

    const char *unknown[] = {"pc",        "parse", "--plugins", PC_TEST_TESTPLUGIN_DIR,
                             "--carrier", "nope",  "-",         NULL};
    assert_int_equal(pc_test_run(unknown, "{}", NULL, &err), 2);
    assert_non_null(strstr(err, "unknown carrier 'nope' (known: testdup, testgood)"));
    free(err);
    const char *nofile[] = {"pc",
                            "parse",
                            "--carrier",
                            "testgood",
                            "--plugins",
                            PC_TEST_TESTPLUGIN_DIR,
                            "/nonexistent.json",
                            NULL};
    assert_int_equal(pc_test_run(nofile, NULL, NULL, &err), 74);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_build_plugins),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_carriers_command),
        cmocka_unit_test(test_parse_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
