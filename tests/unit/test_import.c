/* import: NDJSON round trip with export, idempotence, bad lines, carrier files via a plugin. */
#include "testsupport.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *write_file(const char *dir, const char *name, const char *text)
{
    char *path = malloc(2048);
    snprintf(path, 2048, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static const char ndjson[] =
    "{\"carrier\":\"ups\",\"tracking_number\":\"1Z1\",\"service\":\"Ground\",\"events\":["
    "{\"time\":\"2024-03-05T14:32:00Z\",\"utc_offset\":\"-05:00\",\"status\":\"in_transit\","
    "\"code\":\"AR\",\"location\":{\"city\":\"Louisville\",\"region\":\"KY\",\"country\":\"US\"}},"
    "{\"time\":\"2024-03-06T19:02:00Z\",\"status\":\"delivered\",\"code\":\"KB\"}]}\n"
    "\n"
    "{\"carrier\":\"fedex\",\"tracking_number\":\"7777\",\"events\":[{\"time\":"
    "\"2024-03-05T10:00:00+02:00\",\"status\":\"info_received\",\"code\":\"OC\"}]}\n"
    "{\"carrier\":\"fedex\",\"tracking_number\":\"8888\",\"events\":[{\"time\":\"yesterday\"}]}\n"
    "{not json\n";

static void test_ndjson_round_trip(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("import");
    char *in = write_file(dir, "in.ndjson", ndjson);
    char store_a[2100], store_b[2100], *out, *err;
    snprintf(store_a, sizeof(store_a), "%s/a", dir);
    snprintf(store_b, sizeof(store_b), "%s/b", dir);

    const char *imp[] = {"pc", "import", "--ndjson", "--store", store_a, in, NULL};
    assert_int_equal(pc_test_run(imp, NULL, NULL, &err), 65); /* two bad lines */
    assert_non_null(strstr(err, "in.ndjson:4: events[0].time"));
    assert_non_null(strstr(err, "in.ndjson:5: column 4: invalid JSON"));
    assert_non_null(strstr(err, "2 shipments (2 new), 3 events parsed, 3 new"));
    assert_non_null(strstr(err, "malformed=2"));
    free(err);

    /* again: nothing new */
    assert_int_equal(pc_test_run(imp, NULL, NULL, &err), 65);
    assert_non_null(strstr(err, "2 shipments (0 new), 3 events parsed, 0 new"));
    free(err);

    /* export A, import into B from stdin, export B: identical */
    const char *exp_a[] = {"pc", "export", "--store", store_a, NULL};
    char *dump_a;
    assert_int_equal(pc_test_run(exp_a, NULL, &dump_a, NULL), 0);
    const char *imp_b[] = {"pc", "import", "--ndjson", "--store", store_b, "-", NULL};
    assert_int_equal(pc_test_run(imp_b, dump_a, NULL, &err), 0);
    free(err);
    const char *exp_b[] = {"pc", "export", "--store", store_b, NULL};
    assert_int_equal(pc_test_run(exp_b, NULL, &out, NULL), 0);
    /* created_at/updated_at are the import time: compare without them */
    for (char *p = dump_a; (p = strstr(p, "\"created_at\"")) != NULL; p++)
        memset(p, ' ', 70);
    for (char *p = out; (p = strstr(p, "\"created_at\"")) != NULL; p++)
        memset(p, ' ', 70);
    assert_string_equal(dump_a, out);
    assert_non_null(strstr(out, "\"status\":\"delivered\""));
    free(out);
    free(dump_a);
    free(in);
    pc_test_rmdir(dir);
    free(dir);
}

/* Blank the write times (created_at, updated_at: the import's clock) of an export. */
static void blank_times(char *dump)
{
    for (char *p = dump; (p = strstr(p, "\"created_at\"")) != NULL; p++)
        memset(p, ' ', 70);
}

/* Lines of an export, and lines whose events are not all EVENTS there (a half-stored shipment). */
static void count_lines(const char *dump, int events, size_t *ret_lines, size_t *ret_partial)
{
    char needle[32];
    *ret_lines = *ret_partial = 0;
    snprintf(needle, sizeof(needle), "\"code\":\"E%d\"", events - 1);
    for (const char *p = dump; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = strndup(p, len);
        (*ret_lines)++;
        if (!strstr(line, needle) || !strstr(line, "\"code\":\"E0\""))
            (*ret_partial)++;
        free(line);
        p += len + (nl != NULL);
    }
}

/*
 * kill -9 the importer at random moments (small batches, so many commits happen), then run it
 * to the end: the store equals a clean import's, and no kill ever left a shipment half stored.
 */
static void test_import_survives_kill(void **state)
{
    (void)state;
    enum { SHIPMENTS = 3000, EVENTS = 5, KILLS = 8 };
    char *dir = pc_test_tmpdir("import-kill");
    char path[2100], store_a[2100], store_b[2100];
    snprintf(path, sizeof(path), "%s/in.ndjson", dir);
    snprintf(store_a, sizeof(store_a), "%s/a", dir);
    snprintf(store_b, sizeof(store_b), "%s/b", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < SHIPMENTS; i++) {
        fprintf(f, "{\"carrier\":\"ups\",\"tracking_number\":\"1ZKILL%06d\",\"events\":[", i);
        for (int k = 0; k < EVENTS; k++)
            fprintf(
                f, "%s{\"time\":\"2024-03-%02dT%02d:%02d:00Z\",\"status\":\"%s\",\"code\":\"E%d\"}",
                k ? "," : "", 1 + k, i % 24, i % 60, k == EVENTS - 1 ? "delivered" : "in_transit",
                k);
        fputs("]}\n", f);
    }
    fclose(f);

    char *err, *dump_a, *dump_b;
    const char *imp_a[] = {"pc", "import", "--ndjson", "--quiet", "--store", store_a, path, NULL};
    assert_int_equal(pc_test_run(imp_a, NULL, NULL, &err), 0);
    free(err);
    const char *exp_a[] = {"pc", "export", "--store", store_a, NULL};
    assert_int_equal(pc_test_run(exp_a, NULL, &dump_a, NULL), 0);

    srand((unsigned)time(NULL));
    const char *imp_b[] = {"pc", "import",  "--ndjson", "--quiet", "--batch",
                           "50", "--store", store_b,    path,      NULL};
    const char *exp_b[] = {"pc", "export", "--store", store_b, NULL};
    size_t lines = 0, partial = 0, killed_midway = 0;
    for (int k = 0; k < KILLS; k++) {
        pc_test_proc p;
        pc_test_spawn(imp_b, &p);
        struct timespec ts = {0, (long)(rand() % 250 + 10) * 1000000L};
        nanosleep(&ts, NULL);
        int st = pc_test_stop(&p, SIGKILL);
        free(p.log);
        killed_midway += st == 128 + SIGKILL;
        char *eerr = NULL;
        int ex = pc_test_run(exp_b, NULL, &dump_b, &eerr);
        /* Killed before it created the store: nothing was acknowledged, nothing to check. */
        bool none = ex == 74 && eerr && strstr(eerr, "no store at");
        if (ex != 0 && !none)
            fail_msg("after kill %d: export exit %d: %s", k + 1, ex, eerr ? eerr : "");
        free(eerr);
        if (none) {
            free(dump_b);
            continue;
        }
        count_lines(dump_b, EVENTS, &lines, &partial);
        if (partial)
            fail_msg("after kill %d: %zu of %zu shipments half stored", k + 1, partial, lines);
        free(dump_b);
    }
    print_message("import: %zu of %d kills landed mid-import\n", killed_midway, KILLS);
    assert_int_equal(pc_test_run(imp_b, NULL, NULL, &err), 0);
    free(err);
    assert_int_equal(pc_test_run(exp_b, NULL, &dump_b, NULL), 0);
    count_lines(dump_b, EVENTS, &lines, &partial);
    assert_int_equal(lines, SHIPMENTS);
    assert_int_equal(partial, 0);
    blank_times(dump_a);
    blank_times(dump_b);
    assert_string_equal(dump_a, dump_b);
    free(dump_a);
    free(dump_b);
    pc_test_rmdir(dir);
    free(dir);
}

static void test_carrier_files(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("import-carrier");
    char *f1 = write_file(dir, "a.json",
                          "{\"number\":\"A1\",\"status\":\"in_transit\","
                          "\"time\":\"2024-01-02T03:04:05Z\"}");
    char *f2 = write_file(dir, "b.json", "{\"number\":\"A2\",\"error\":\"gone\"}");
    char *f3 = write_file(dir, "c.json", "{\"number\":\n\"A3\" oops}");
    char *f4 = write_file(dir, "d.json",
                          "{\"number\":\"A1\",\"status\":\"delivered\","
                          "\"time\":\"2024-01-03T03:04:05Z\"}");
    char store[2100], *err, *out;
    snprintf(store, sizeof(store), "%s/s", dir);
    const char *imp[] = {"pc",
                         "import",
                         "--plugins",
                         PC_TEST_TESTPLUGIN_DIR,
                         "--store",
                         store,
                         "--carrier",
                         "testgood",
                         f1,
                         f2,
                         f3,
                         f4,
                         "/nonexistent.json",
                         NULL};
    assert_int_equal(pc_test_run(imp, NULL, NULL, &err), 65);
    assert_non_null(strstr(err, "c.json:2:"));
    assert_non_null(strstr(err, "malformed=2 not_found=1"));
    assert_non_null(strstr(err, "2 shipments (1 new), 2 events parsed, 2 new"));
    free(err);
    const char *show[] = {"pc", "show", "--store", store, "--compact", "testgood", "A1", NULL};
    assert_int_equal(pc_test_run(show, NULL, &out, NULL), 0);
    assert_non_null(strstr(out, "\"status\":\"delivered\""));
    free(out);
    const char *usage[] = {"pc", "import", "--store", store, f1, NULL};
    assert_int_equal(pc_test_run(usage, NULL, NULL, NULL), 2);
    free(f1);
    free(f2);
    free(f3);
    free(f4);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ndjson_round_trip),
        cmocka_unit_test(test_carrier_files),
        cmocka_unit_test(test_import_survives_kill),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
