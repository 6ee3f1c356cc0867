/* The parcelcast binary: help on every command, stable exit codes, show/export, precedence. */
#include "testsupport.h"

#include <parcelcast/json.h>
#include <parcelcast/store.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const commands[] = {"serve",    "show",   "export", "version",  "parse",
                                       "carriers", "detect", "import", "train",    "predict",
                                       "eval",     "report", "tenant", "simulate", "sandbox"};

static void test_help_everywhere(void **state)
{
    (void)state;
    char *out, *err;
    const char *top[] = {"pc", "--help", NULL};
    assert_int_equal(pc_test_run(top, NULL, &out, &err), 0);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        assert_non_null(strstr(out, commands[i]));
    free(out);
    free(err);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        const char *argv[] = {"pc", commands[i], "--help", NULL};
        int rc = pc_test_run(argv, NULL, &out, &err);
        if (rc != 0 || !strstr(out, "Usage: parcelcast"))
            fail_msg("%s --help: exit %d, out '%s' err '%s'", commands[i], rc, out, err);
        free(out);
        free(err);
    }
}

static void test_usage_errors(void **state)
{
    (void)state;
    const char *none[] = {"pc", NULL};
    const char *unknown[] = {"pc", "frobnicate", NULL};
    const char *badopt[] = {"pc", "show", "--bogus", NULL};
    const char *missing[] = {"pc", "show", "ups", NULL};
    const char *badset[] = {"pc", "export", "--set", "nokey", NULL};
    char *err;
    assert_int_equal(pc_test_run(none, NULL, NULL, NULL), 2);
    assert_int_equal(pc_test_run(unknown, NULL, NULL, &err), 2);
    assert_non_null(strstr(err, "unknown command 'frobnicate'"));
    free(err);
    assert_int_equal(pc_test_run(badopt, NULL, NULL, NULL), 2);
    assert_int_equal(pc_test_run(missing, NULL, NULL, &err), 2);
    assert_non_null(strstr(err, "expected CARRIER NUMBER"));
    free(err);
    assert_int_equal(pc_test_run(badset, NULL, NULL, NULL), 2);
    const char *badcfg[] = {"pc", "export", "--set", "store.nope=1", NULL};
    assert_int_equal(pc_test_run(badcfg, NULL, NULL, &err), 78);
    assert_non_null(strstr(err, "unknown setting 'store.nope'"));
    free(err);
}

static void test_version(void **state)
{
    (void)state;
    char *out;
    const char *argv[] = {"pc", "version", NULL};
    assert_int_equal(pc_test_run(argv, NULL, &out, NULL), 0);
    assert_non_null(strstr(out, "parcelcast 0."));
    assert_non_null(strstr(out, "store schema 1"));
    assert_non_null(strstr(out, "plugin ABI 2"));
    free(out);
}

static int put_two(pc_txn *tx, void *ctx)
{
    (void)ctx;
    for (int i = 0; i < 2; i++) {
        pc_shipment s;
        pc_event *ev;
        pc_shipment_init(&s);
        pc_set_str(&s.carrier, "ups", (size_t)-1);
        pc_set_str(&s.tracking_number, i ? "1Z0002" : "1Z0001", (size_t)-1);
        pc_set_str(&s.order_id, "order-9", (size_t)-1);
        pc_shipment_add_event(&s, 0, &ev);
        ev->time = 1709649120 + i;
        ev->status = PC_STATUS_DELIVERED;
        pc_set_str(&ev->code, "KB", (size_t)-1);
        int rc = pc_store_put_shipment(tx, &s, 1709700000, NULL);
        pc_shipment_done(&s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void test_show_and_export(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("cli");
    pc_store *st;
    char err[256];
    pc_store_opts o = {.path = dir};
    assert_int_equal(pc_store_open(&o, &st, err, sizeof(err)), 0);
    assert_int_equal(pc_store_write(st, put_two, NULL), 0);
    pc_store_close(st);

    char *out, *errs;
    const char *show[] = {"pc", "show", "--store", dir, "ups", "1Z0001", NULL};
    assert_int_equal(pc_test_run(show, NULL, &out, &errs), 0);
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "delivered");
    assert_string_equal(json_string_value(json_object_get(j, "order_id")), "order-9");
    assert_int_equal(json_array_size(json_object_get(j, "events")), 1);
    json_decref(j);
    free(out);
    free(errs);

    const char *missing[] = {"pc", "show", "--store", dir, "ups", "nope", NULL};
    assert_int_equal(pc_test_run(missing, NULL, NULL, &errs), 1);
    assert_non_null(strstr(errs, "no shipment ups nope"));
    free(errs);

    const char *exp[] = {"pc", "export", "--store", dir, NULL};
    assert_int_equal(pc_test_run(exp, NULL, &out, &errs), 0);
    int lines = 0;
    for (char *line = out; *line;) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        *nl = '\0';
        json_t *row = json_loads(line, 0, NULL);
        assert_non_null(row);
        assert_string_equal(json_string_value(json_object_get(row, "carrier")), "ups");
        json_decref(row);
        lines++;
        line = nl + 1;
    }
    assert_int_equal(lines, 2);
    assert_non_null(strstr(errs, "exported 2 shipments"));
    free(out);
    free(errs);

    /* Precedence: the flag beats the environment which beats the file. */
    char conf[1200];
    snprintf(conf, sizeof(conf), "%s/pc.conf", dir);
    FILE *f = fopen(conf, "w");
    assert_non_null(f);
    fprintf(f, "[store]\npath = /nonexistent/from-file\n");
    fclose(f);
    const char *by_file[] = {"pc", "export", "--config", conf, NULL};
    assert_int_equal(pc_test_run(by_file, NULL, NULL, &errs), 74);
    assert_non_null(strstr(errs, "/nonexistent/from-file"));
    free(errs);
    setenv("PARCELCAST_STORE_PATH", "/nonexistent/from-env", 1);
    assert_int_equal(pc_test_run(by_file, NULL, NULL, &errs), 74);
    assert_non_null(strstr(errs, "/nonexistent/from-env"));
    free(errs);
    const char *by_flag[] = {"pc", "export", "--config", conf, "--store", dir, NULL};
    assert_int_equal(pc_test_run(by_flag, NULL, &out, NULL), 0);
    free(out);
    unsetenv("PARCELCAST_STORE_PATH");
    pc_test_rmdir(dir);
    free(dir);
}

static void test_not_yet(void **state)
{
    (void)state;
    /* report is available now (test_report.c): a bad date is a usage error naming it. */
    const char *argv[] = {"pc", "report", "--from", "2024-13-01", NULL};
    char *err;
    assert_int_equal(pc_test_run(argv, NULL, NULL, &err), 2);
    assert_non_null(strstr(err, "--from"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_everywhere), cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_version),         cmocka_unit_test(test_show_and_export),
        cmocka_unit_test(test_not_yet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
