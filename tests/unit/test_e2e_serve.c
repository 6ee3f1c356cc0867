/*
 * e2e_serve: the processes a user runs. `parcelcast sandbox` (frozen at a moment after every
 * simulated shipment has ended) and `parcelcast serve` with its poller, configured only with the
 * carriers' base URLs and credentials: after `parcelcast track` of every sandbox number, serve's
 * first poller run stores each shipment's final state, and `parcelcast export` shows for every
 * one the simulator's final status and true delivery time (the stepped-time run of test_e2e
 * checks the whole progression in-process).
 */
#include "testsupport.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SHIPMENTS "1000"

static const char *const carriers[][2] = {
    {"usps", ""},       {"ups", ""},           {"fedex", ""},   {"dhl", ""},
    {"canadapost", ""}, {"royalmail", ""},     {"laposte", ""}, {"gls", "/track-and-trace-v1"},
    {"dpd", ""},        {"australiapost", ""},
};

/* The delivered event's time in an exported shipment, or "" when none. */
static const char *delivered_time(const json_t *ship)
{
    const json_t *ev;
    size_t i;
    const char *t = "";
    json_array_foreach(json_object_get(ship, "events"), i, ev)
    {
        if (strcmp(json_string_value(json_object_get(ev, "status")), "delivered") == 0)
            t = json_string_value(json_object_get(ev, "time"));
    }
    return t;
}

static void test_serve_polls_the_sandbox(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("e2e-serve");
    pc_test_proc sb, srv;
    const char *sb_argv[] = {"pc",      "sandbox",    "--port", "0",       "--shipments",
                             SHIPMENTS, "--seed",     "3",      "--speed", "0",
                             "--time",  "2025-06-01", NULL};
    pc_test_spawn(sb_argv, &sb);
    assert_int_equal(pc_test_wait_log(&sb, "msg=listening", 60000), 0);
    const char *pp = strstr(sb.log, " port=");
    assert_non_null(pp);
    int port = (int)strtol(pp + 6, NULL, 10);
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/_sandbox/shipments", port);
    char *list = NULL;
    assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &list), 200);

    /* numbers file and configuration */
    char path[2200], cfg_path[2200], store[2200];
    snprintf(path, sizeof(path), "%s/numbers.txt", dir);
    snprintf(cfg_path, sizeof(cfg_path), "%s/parcelcast.conf", dir);
    snprintf(store, sizeof(store), "%s/store", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    size_t n = 0;
    for (char *line = list, *nl; line && *line; line = nl ? nl + 1 : NULL, n++) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        json_t *j = json_loads(line, 0, NULL);
        assert_non_null(j);
        fprintf(f, "%s %s\n", json_string_value(json_object_get(j, "carrier")),
                json_string_value(json_object_get(j, "tracking_number")));
        json_decref(j);
    }
    fclose(f);
    free(list);
    assert_int_equal(n, (size_t)strtoul(SHIPMENTS, NULL, 10));
    f = fopen(cfg_path, "w");
    assert_non_null(f);
    fprintf(f, "[store]\npath = %s\n[poll]\nrate = 0\ninterval = 1\n", store);
    for (size_t i = 0; i < sizeof(carriers) / sizeof(carriers[0]); i++)
        fprintf(f,
                "[carrier.%s]\nbase_url = http://127.0.0.1:%d%s\nclient_id = e2e\n"
                "client_secret = e2e\napi_key = e2e\naccount = e2e\n",
                carriers[i][0], port, carriers[i][1]);
    fclose(f);

    char *err = NULL;
    const char *track[] = {"pc", "track", "--config", cfg_path, "--file", path, NULL};
    assert_int_equal(pc_test_run(track, NULL, NULL, &err), 0);
    free(err);

    const char *serve[] = {"pc",     "serve", "--config", cfg_path, "--set", "poll.enabled=1",
                           "--port", "0",     NULL};
    pc_test_spawn(serve, &srv);
    assert_int_equal(pc_test_wait_log(&srv, "poller started", 60000), 0);

    /* Until the poller has answered every shipment (a bound against hangs, not a speed check). */
    char *dump = NULL;
    const char *exp[] = {"pc", "export", "--config", cfg_path, NULL};
    for (int tries = 0;; tries++) {
        assert_int_equal(pc_test_run(exp, NULL, &dump, NULL), 0);
        if (!strstr(dump, "\"status\":\"pending\""))
            break;
        free(dump);
        if (tries == 1200)
            fail_msg("serve's poller did not answer every shipment in 10 minutes");
        struct timespec ts = {0, 500 * 1000000L};
        nanosleep(&ts, NULL);
    }
    size_t checked = 0, delivered = 0;
    for (char *line = dump, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        json_t *ship = json_loads(line, 0, NULL);
        assert_non_null(ship);
        const char *carrier = json_string_value(json_object_get(ship, "carrier"));
        const char *number = json_string_value(json_object_get(ship, "tracking_number"));
        snprintf(url, sizeof(url), "http://127.0.0.1:%d/_sandbox/truth/%s/%s", port, carrier,
                 number);
        char *tb = NULL;
        assert_int_equal(pc_test_http("GET", url, NULL, 0, NULL, &tb), 200);
        json_t *truth = json_loads(tb, 0, NULL);
        assert_non_null(truth);
        const char *want_status = json_string_value(json_object_get(truth, "final_status"));
        const char *got_status = json_string_value(json_object_get(ship, "status"));
        const json_t *wd = json_object_get(truth, "delivered_at");
        const char *want_delivered = json_is_string(wd) ? json_string_value(wd) : "";
        if (strcmp(want_status, got_status) != 0 ||
            strcmp(want_delivered, delivered_time(ship)) != 0)
            fail_msg("%s %s: status %s, delivered \"%s\"; truth %s, \"%s\"", carrier, number,
                     got_status, delivered_time(ship), want_status, want_delivered);
        delivered += *want_delivered != '\0';
        checked++;
        json_decref(truth);
        json_decref(ship);
        free(tb);
    }
    print_message("e2e_serve: %zu shipments checked, %zu delivered\n", checked, delivered);
    assert_int_equal(checked, n);
    assert_true(delivered > n / 2);
    free(dump);

    assert_int_equal(pc_test_stop(&srv, SIGTERM), 0);
    assert_int_equal(pc_test_stop(&sb, SIGTERM), 0);
    free(srv.log);
    free(sb.log);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serve_polls_the_sandbox),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
