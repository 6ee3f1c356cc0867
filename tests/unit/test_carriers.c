/*
 * Table-driven carrier fixture test: every tests/carriers/<adapter>/<case>.{json,xml} is parsed
 * with the statically linked adapter <adapter> and compared with <case>.expected.json, which is
 * either the `parcelcast parse` output {"shipments":[...],"errors":[...]} or, for bodies that must
 * be rejected, {"parse_error":"PC_EMALFORMED"} (optionally with "line"/"offset").
 * PC_UPDATE_GOLDEN=1 rewrites the expected files from the current output (review the diff!);
 * PC_ONLY=<adapter> restricts the run (and any rewrite) to one adapter.
 */
#include "testsupport.h"

#include <dirent.h>
#include <parcelcast/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static json_t *run_case(const pc_adapter *ad, const char *path)
{
    size_t len;
    char *body = pc_test_read_file(path, &len);
    pc_parse_result r;
    pc_diag diag;
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO, .limits = NULL};
    int rc = pc_adapter_parse(ad, &in, ends_with(path, ".push.json"), &r, &diag);
    json_t *got;
    if (rc < 0) {
        got = json_pack("{s:s}", "parse_error", pc_err_name(rc));
        if (diag.line > 0)
            json_object_set_new(got, "line", json_integer(diag.line));
        if (diag.offset != (size_t)-1)
            json_object_set_new(got, "offset", json_integer((json_int_t)diag.offset));
        /* the message must say something */
        assert_true(strlen(diag.message) > 5);
    } else {
        got = pc_parse_result_to_json(&r);
        pc_parse_result_done(&r);
    }
    free(body);
    return got;
}

/* Expected parse errors may omit line/offset: compare only the keys the golden file has. */
static int matches(json_t *expected, json_t *got)
{
    if (json_object_get(expected, "parse_error")) {
        const char *k;
        json_t *v;
        json_object_foreach(expected, k, v)
        {
            if (!json_equal(v, json_object_get(got, k)))
                return 0;
        }
        return 1;
    }
    return json_equal(expected, got);
}

static void test_fixtures(void **state)
{
    (void)state;
    char root[1024];
    snprintf(root, sizeof(root), "%s/carriers", PC_TEST_SOURCE_DIR);
    int update = getenv("PC_UPDATE_GOLDEN") != NULL;
    size_t n_cases = 0, n_failed = 0;
    const char *only = getenv("PC_ONLY");
    for (size_t a = 0; pc_test_adapters[a]; a++) {
        const pc_adapter *ad = pc_test_adapters[a];
        if (only && strcmp(only, ad->name) != 0)
            continue;
        char dir[1200];
        snprintf(dir, sizeof(dir), "%s/%s", root, ad->name);
        DIR *d = opendir(dir);
        if (!d) {
            print_error("adapter %s has no fixture directory %s\n", ad->name, dir);
            n_failed++;
            continue;
        }
        struct dirent *de;
        size_t per_adapter = 0;
        while ((de = readdir(d)) != NULL) {
            const char *n = de->d_name;
            if (n[0] == '.' || ends_with(n, ".expected.json") ||
                !(ends_with(n, ".json") || ends_with(n, ".xml") || ends_with(n, ".txt")))
                continue;
            char path[2400], exp_path[2600];
            snprintf(path, sizeof(path), "%s/%s", dir, n);
            size_t stem = strlen(path) - strlen(strrchr(path, '.'));
            snprintf(exp_path, sizeof(exp_path), "%.*s.expected.json", (int)stem, path);
            json_t *got = run_case(ad, path);
            assert_non_null(got);
            n_cases++;
            per_adapter++;
            if (update) {
                json_dump_file(got, exp_path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
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
                } else if (!matches(exp, got)) {
                    char *g = pc_json_dumps(got, 1);
                    print_error("MISMATCH %s/%s\n--- got:\n%s\n", ad->name, n, g);
                    free(g);
                    n_failed++;
                }
                json_decref(exp);
            }
            json_decref(got);
        }
        closedir(d);
        if (per_adapter < 6) {
            print_error("adapter %s has only %zu fixtures (need delivered, in transit, exception "
                        "or failed attempt, not found, auth error, malformed)\n",
                        ad->name, per_adapter);
            n_failed++;
        }
    }
    print_message("%zu fixture cases, %zu failed\n", n_cases, n_failed);
    assert_int_equal(n_failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
