/*
 * serve --sim-clock URL: the CLI refuses a bad URL, an unreachable sandbox and a bad answer with
 * exit 2 and a message naming the URL and the problem; against a fake /_sandbox/clock run by the
 * test (frozen, so nothing depends on speed) the API's "now" is the simulated time, and a change
 * of the sandbox's time is picked up by the periodic re-sync.
 */
#include "testsupport.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <parcelcast/timeutil.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- a fake sandbox clock ----------------------------------------------------------------- */

typedef struct fake {
    struct MHD_Daemon *mhd;
    int port;
    pthread_mutex_t mu;
    unsigned status;
    char answer[256];
    char path[128]; /* the last path asked */
} fake;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *data_size, void **con_cls)
{
    (void)method;
    (void)version;
    (void)data;
    (void)data_size;
    (void)con_cls;
    fake *f = cls;
    pthread_mutex_lock(&f->mu);
    snprintf(f->path, sizeof(f->path), "%s", url);
    unsigned status = f->status;
    char *copy = strdup(f->answer);
    pthread_mutex_unlock(&f->mu);
    if (!copy)
        return MHD_NO;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(copy), copy, MHD_RESPMEM_MUST_FREE);
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void fake_set(fake *f, unsigned status, const char *answer)
{
    pthread_mutex_lock(&f->mu);
    f->status = status;
    snprintf(f->answer, sizeof(f->answer), "%s", answer);
    pthread_mutex_unlock(&f->mu);
}

static void fake_start(fake *f)
{
    memset(f, 0, sizeof(*f));
    pthread_mutex_init(&f->mu, NULL);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    f->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                              NULL, NULL, on_request, f, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_END);
    assert_non_null(f->mhd);
    f->port = MHD_get_daemon_info(f->mhd, MHD_DAEMON_INFO_BIND_PORT)->port;
}

static void fake_stop(fake *f)
{
    MHD_stop_daemon(f->mhd);
    pthread_mutex_destroy(&f->mu);
}

/* ---- helpers ------------------------------------------------------------------------------ */

/* serve --sim-clock URL exits 2 with a message holding each of the needles. */
static void refused(const char *store, const char *url, const char *const *needles)
{
    const char *argv[] = {"pc", "serve", "--store", store, "--port", "0", "--sim-clock", url, NULL};
    char *out = NULL, *err = NULL;
    int rc = pc_test_run(argv, NULL, &out, &err);
    if (rc != 2)
        fail_msg("--sim-clock '%s': exit %d (want 2), stderr '%s'", url, rc, err ? err : "");
    assert_non_null(strstr(err, "parcelcast serve: --sim-clock: "));
    for (size_t i = 0; needles[i]; i++)
        if (!strstr(err, needles[i]))
            fail_msg("--sim-clock '%s': '%s' not in the message '%s'", url, needles[i], err);
    free(out);
    free(err);
}

/* A port nothing listens on (bound, then closed). */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    socklen_t len = sizeof(sa);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static void test_bad_urls(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("simclock-bad");
    char store[2200];
    snprintf(store, sizeof(store), "%s/store", dir);
    refused(store, "nope", (const char *const[]){"'nope'", "not an http:// or https:// URL", NULL});
    refused(store, "ftp://127.0.0.1/", (const char *const[]){"'ftp://127.0.0.1/'", NULL});
    refused(store, "", (const char *const[]){"expects the sandbox's URL", NULL});
    refused(store, "http://", (const char *const[]){"'http://' is not a valid URL", NULL});
    refused(store, "http://127.0.0.1:1 /x",
            (const char *const[]){"space or control character", NULL});

    char url[64], want[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", closed_port());
    snprintf(want, sizeof(want), "cannot read the simulated clock at %s/_sandbox/clock: ", url);
    refused(store, url, (const char *const[]){want, NULL});

    /* --demo brings its own clock */
    const char *both[] = {"pc",     "serve", "--store",     store, "--demo",
                          "--port", "0",     "--sim-clock", url,   NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(pc_test_run(both, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "cannot be combined with --sim-clock"));
    free(out);
    free(err);
    pc_test_rmdir(dir);
    free(dir);
}

static void test_bad_answers(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("simclock-answer");
    char store[2200], url[96];
    snprintf(store, sizeof(store), "%s/store", dir);
    fake f;
    fake_start(&f);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/", f.port);

    fake_set(&f, 404, "{\"error\":\"not_found\"}");
    refused(store, url, (const char *const[]){"HTTP status 404", "/_sandbox/clock", NULL});
    pthread_mutex_lock(&f.mu);
    assert_string_equal(f.path, "/_sandbox/clock"); /* the path is added to the base URL */
    pthread_mutex_unlock(&f.mu);

    fake_set(&f, 200, "<html>hello</html>");
    refused(store, url, (const char *const[]){"the answer is not JSON (line 1", NULL});
    fake_set(&f, 200, "[1,2]");
    refused(store, url, (const char *const[]){"not a JSON object", NULL});
    fake_set(&f, 200, "{\"time\":\"2025-06-01T00:00:00Z\",\"speed\":1}");
    refused(store, url, (const char *const[]){"no \"unix\" time", NULL});
    fake_set(&f, 200, "{\"unix\":1748736000,\"speed\":-3}");
    refused(store, url, (const char *const[]){"no \"speed\"", NULL});
    fake_set(&f, 200, "{\"unix\":-5,\"speed\":1}");
    refused(store, url, (const char *const[]){"no \"unix\" time", NULL});

    /* the full clock URL is accepted as it is */
    fake_set(&f, 200, "{\"unix\":\"soon\",\"speed\":1}");
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/_sandbox/clock", f.port);
    refused(store, url, (const char *const[]){"no \"unix\" time", NULL});
    pthread_mutex_lock(&f.mu);
    assert_string_equal(f.path, "/_sandbox/clock");
    pthread_mutex_unlock(&f.mu);

    fake_stop(&f);
    pc_test_rmdir(dir);
    free(dir);
}

/* POST /v1/webhooks: its created_at is the API's "now". */
static int64_t api_now(int port, const char *key)
{
    char url[128], auth[160];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/v1/webhooks", port);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
    const char *hdr[] = {auth, "Content-Type: application/json", NULL};
    const char *body = "{\"url\":\"http://127.0.0.1:9/hook\"}";
    char *text = NULL;
    assert_int_equal(pc_test_http("POST", url, body, strlen(body), hdr, &text), 201);
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(j);
    int64_t t = PC_TIME_NONE;
    const json_t *c = json_object_get(json_object_get(j, "webhook"), "created_at");
    if (json_is_integer(c))
        t = (int64_t)json_integer_value(c);
    else
        assert_int_equal(pc_time_parse_utc(json_string_value(c), &t), 0);
    json_decref(j);
    return t;
}

/* serve, so that a failed assertion does not leave it running (teardown) */
static pc_test_proc srv = {.err_fd = -1};

static int stop_serve(void **state)
{
    (void)state;
    if (srv.err_fd >= 0)
        pc_test_stop(&srv, SIGKILL);
    return 0;
}

static void test_serve_on_the_sandbox_clock(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("simclock-run");
    char store[2200], url[96];
    snprintf(store, sizeof(store), "%s/store", dir);
    fake f;
    fake_start(&f);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", f.port);
    /* frozen: the answer alone decides the time */
    fake_set(&f, 200, "{\"time\":\"2025-06-02T09:00:00Z\",\"unix\":1748854800,\"speed\":0.0}");

    char *out = NULL, *err = NULL;
    const char *add[] = {"pc", "tenant", "add", "acme", "--store", store, NULL};
    assert_int_equal(pc_test_run(add, NULL, &out, &err), 0);
    char key[128];
    assert_int_equal(sscanf(out, "%127s", key), 1);
    free(out);
    free(err);

    const char *argv[] = {"pc", "serve", "--store", store, "--port", "0", "--sim-clock", url, NULL};
    pc_test_spawn(argv, &srv);
    assert_int_equal(pc_test_wait_log(&srv, "msg=listening", 60000), 0);
    assert_non_null(strstr(srv.log, "msg=\"on the simulated clock\""));
    assert_non_null(strstr(srv.log, "unix=1748854800 speed=0"));
    const char *pp = strstr(srv.log, " port=");
    assert_non_null(pp);
    int port = (int)strtol(pp + 6, NULL, 10);
    assert_int_equal(api_now(port, key), 1748854800);

    /* the sandbox's time moves: the re-sync (every 2 real seconds) follows it */
    fake_set(&f, 200, "{\"time\":\"2025-06-05T09:00:00Z\",\"unix\":1749114000,\"speed\":0.0}");
    assert_int_equal(pc_test_wait_log(&srv, "msg=\"simulated clock moved\"", 60000), 0);
    assert_int_equal(api_now(port, key), 1749114000);

    /* an unreachable sandbox later is only a warning: serve keeps its extrapolated time */
    fake_stop(&f);
    assert_int_equal(pc_test_wait_log(&srv, "cannot re-read the simulated clock", 60000), 0);
    assert_int_equal(api_now(port, key), 1749114000);

    assert_int_equal(pc_test_stop(&srv, SIGTERM), 0);
    free(srv.log);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_urls),
        cmocka_unit_test(test_bad_answers),
        cmocka_unit_test_teardown(test_serve_on_the_sandbox_clock, stop_serve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
