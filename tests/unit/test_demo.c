/* serve --demo, as the README's run command starts it: the demo tenant's key works, its 300
 * shipments carry ETA windows, the poller tracks them on the sandbox's accelerated clock until
 * some are delivered, a second --demo on the same store is refused, SIGTERM drains. */
#include "testsupport.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The text after `label` up to the next blank or quote, into buf. */
static void field_after(const char *log, const char *label, char *buf, size_t size)
{
    const char *p = strstr(log, label);
    assert_non_null(p);
    p += strlen(label);
    size_t n = strcspn(p, " \n'\"");
    assert_true(n > 0 && n < size);
    memcpy(buf, p, n);
    buf[n] = '\0';
}

static json_t *get_list(const char *url, const char *key, const char *query)
{
    char full[512], auth[256];
    snprintf(full, sizeof(full), "%sv1/shipments?%s", url, query);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
    const char *hdr[] = {auth, NULL};
    char *body = NULL;
    long st = pc_test_http("GET", full, NULL, 0, hdr, &body);
    assert_int_equal(st, 200);
    json_error_t je;
    json_t *r = json_loads(body, 0, &je);
    free(body);
    assert_non_null(r);
    return r;
}

static void test_demo(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("demo");
    const char *argv[] = {"pc", "serve", "--demo", "--port", "0", "--store", dir, NULL};
    pc_test_proc p;
    pc_test_spawn(argv, &p);
    assert_int_equal(pc_test_wait_log(&p, "at_risk=true", 120000), 0);
    char key[128], url[128];
    field_after(p.log, "API key ", key, sizeof(key));
    field_after(p.log, "url=", url, sizeof(url));

    json_t *r = get_list(url, key, "limit=500");
    const json_t *list = json_object_get(r, "shipments");
    assert_int_equal(json_array_size(list), 300);
    size_t i;
    const json_t *s;
    json_array_foreach(list, i, s)
    {
        const json_t *eta = json_object_get(s, "eta");
        assert_true(json_is_object(eta));
        assert_non_null(json_object_get(json_object_get(eta, "window_80"), "end"));
    }
    json_decref(r);

    /* the poller follows the sandbox's clock: deliveries come within (real) minutes */
    size_t delivered = 0;
    for (int round = 0; round < 240 && delivered == 0; round++) {
        r = get_list(url, key, "status=delivered&limit=500");
        delivered = json_array_size(json_object_get(r, "shipments"));
        json_decref(r);
        if (!delivered)
            usleep(500000);
    }
    assert_true(delivered > 0);
    /* a wrong key is refused */
    char full[256];
    snprintf(full, sizeof(full), "%sv1/shipments", url);
    const char *bad[] = {"Authorization: Bearer pc_wrong", NULL};
    assert_int_equal(pc_test_http("GET", full, NULL, 0, bad, NULL), 401);

    /* the store now has a tenant: another --demo on it is refused, naming the way out */
    char *out = NULL, *err = NULL;
    const char *again[] = {"pc", "serve", "--demo", "--port", "0", "--store", dir, NULL};
    assert_int_equal(pc_test_run(again, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "empty store"));
    free(out);
    free(err);
    assert_int_equal(pc_test_stop(&p, SIGTERM), 0);
    free(p.log);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
