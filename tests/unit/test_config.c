/* Config: defaults, file, environment, flags, and their precedence; clear errors. */
#include "testsupport.h"

#include <parcelcast/config.h>
#include <parcelcast/error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *write_tmp(const char *dir, const char *name, const char *text)
{
    char *path = malloc(1024);
    snprintf(path, 1024, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_defaults(void **state)
{
    (void)state;
    pc_config c;
    assert_int_equal(pc_config_init(&c, "/opt/pc/bin"), 0);
    assert_string_equal(c.store_path, "./var");
    assert_string_equal(c.listen_address, "127.0.0.1");
    assert_int_equal(c.listen_port, 8080);
    assert_int_equal(c.api_max_body, 1 << 20);
    assert_string_equal(c.plugin_dir, "/opt/pc/bin/../lib/parcelcast/plugins"); /* not there */
    /* every setting has help text and a valid default */
    for (const pc_config_setting *s = pc_config_settings(); s->key; s++) {
        assert_non_null(s->help);
        assert_true(strlen(s->help) > 10);
    }
    pc_config_done(&c);
}

static void test_precedence(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("cfg");
    char *file = write_tmp(dir, "pc.conf",
                           "# comment\n"
                           "[store]\n"
                           "path = /from/file\n"
                           "map_size = 128M\n"
                           "[listen]\n"
                           "port = 9000\n"
                           "address = \"::1\"\n"
                           "[carrier.ups]\n"
                           "base_url = http://127.0.0.1:9999\n");
    pc_config c;
    char err[256];
    assert_int_equal(pc_config_init(&c, NULL), 0);
    assert_int_equal(pc_config_load_file(&c, file, err, sizeof(err)), 0);
    assert_string_equal(c.store_path, "/from/file");
    assert_int_equal(c.store_map_size, 128u << 20);
    assert_int_equal(c.listen_port, 9000);
    assert_string_equal(c.listen_address, "::1");
    assert_string_equal(pc_config_carrier(&c, "ups", "base_url"), "http://127.0.0.1:9999");
    assert_null(pc_config_carrier(&c, "ups", "api_key"));

    /* environment beats the file */
    setenv("PARCELCAST_STORE_PATH", "/from/env", 1);
    setenv("PARCELCAST_LISTEN_PORT", "9100", 1);
    assert_int_equal(pc_config_load_env(&c, err, sizeof(err)), 0);
    assert_string_equal(c.store_path, "/from/env");
    assert_int_equal(c.listen_port, 9100);
    /* flags beat the environment */
    assert_int_equal(pc_config_set(&c, "store.path", "/from/flag", err, sizeof(err)), 0);
    assert_string_equal(c.store_path, "/from/flag");

    setenv("PARCELCAST_LISTEN_PORT", "99999", 1);
    assert_int_equal(pc_config_load_env(&c, err, sizeof(err)), PC_ECONFIG);
    assert_non_null(strstr(err, "PARCELCAST_LISTEN_PORT"));
    unsetenv("PARCELCAST_STORE_PATH");
    unsetenv("PARCELCAST_LISTEN_PORT");
    char name[64];
    assert_string_equal(pc_config_env_name("api.max_body", name, sizeof(name)),
                        "PARCELCAST_API_MAX_BODY");
    pc_config_done(&c);
    free(file);
    pc_test_rmdir(dir);
    free(dir);
}

static void expect_file_error(const char *text, const char *needle)
{
    char *dir = pc_test_tmpdir("cfgerr");
    char *file = write_tmp(dir, "bad.conf", text);
    pc_config c;
    char err[512] = "";
    assert_int_equal(pc_config_init(&c, NULL), 0);
    assert_int_equal(pc_config_load_file(&c, file, err, sizeof(err)), PC_ECONFIG);
    if (!strstr(err, needle))
        fail_msg("error '%s' lacks '%s'", err, needle);
    pc_config_done(&c);
    free(file);
    pc_test_rmdir(dir);
    free(dir);
}

static void test_errors(void **state)
{
    (void)state;
    expect_file_error("store.path = x\nnonsense\n", "bad.conf:2: expected key = value");
    expect_file_error("[store]\nsize = 3\n", "bad.conf:2: unknown setting 'store.size'");
    expect_file_error("listen.port = eighty\n", "listen.port: 'eighty' is not an integer");
    expect_file_error("api.max_body = 12Q\n", "api.max_body: '12Q' is not a size");
    expect_file_error("[store\n", "bad.conf:1: bad section header");
    expect_file_error("carrier.ups = 1\n", "carrier.<name>.<field>");
    pc_config c;
    char err[256];
    assert_int_equal(pc_config_init(&c, NULL), 0);
    assert_int_equal(pc_config_load_file(&c, "/nonexistent/pc.conf", err, sizeof(err)), PC_EIO);
    assert_non_null(strstr(err, "/nonexistent/pc.conf"));
    pc_config_done(&c);
}

/* The README documents every setting with its default. */
static void test_readme_documents_settings(void **state)
{
    (void)state;
    char *readme = pc_test_read_file(PC_TEST_SOURCE_DIR "/../README.md", NULL);
    for (const pc_config_setting *s = pc_config_settings(); s->key; s++) {
        char row[256];
        snprintf(row, sizeof(row), "| `%s` |", s->key);
        if (!strstr(readme, row))
            fail_msg("README.md has no row for setting %s", s->key);
        if (s->default_value[0]) {
            snprintf(row, sizeof(row), "| `%s` | `%s` |", s->key, s->default_value);
            if (!strstr(readme, row))
                fail_msg("README.md does not give %s's default %s", s->key, s->default_value);
        }
    }
    free(readme);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_readme_documents_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
