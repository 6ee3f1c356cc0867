/* serve --sim-clock URL: run serve's poller and predictor on a separate `parcelcast sandbox`'s
 * simulated clock. The sandbox's time is read from GET <url>/_sandbox/clock at start and every
 * CLI_SIMCLOCK_RESYNC real seconds; between reads it is extrapolated from the monotonic clock
 * and the sandbox's speed, the same formula the sandbox uses, so the two agree to within the
 * latency of one loopback request. */
#include "sim_clock.h"

#include <parcelcast/error.h>
#include <parcelcast/log.h>

#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CLOCK_PATH     "/_sandbox/clock"
#define MAX_ANSWER     65536
#define FETCH_TIMEOUT  5L
#define JUMP_TOLERANCE 60 /* simulated seconds a re-sync may correct without a warning */

struct cli_simclock {
    char url[2100];
    pthread_mutex_t mu; /* the anchor, last */
    int64_t anchor_sim; /* simulated time at anchor_real */
    double anchor_real; /* monotonic seconds */
    double speed;
    int64_t last; /* largest time returned: the clock never goes backwards */
    pthread_t thread;
    bool started;
    pthread_mutex_t stop_mu;
    pthread_cond_t stop_cond;
    bool stop;
    bool failing; /* the last re-sync failed (logged once per streak) */
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cli_simclock_parse(const char *body, size_t len, int64_t *ret_unix, double *ret_speed,
                       char *err, size_t errlen)
{
    json_error_t je;
    json_t *j = json_loadb(body, len, 0, &je);
    if (!j) {
        snprintf(err, errlen, "the answer is not JSON (line %d, column %d: %s)", je.line, je.column,
                 je.text);
        return -1;
    }
    int rc = -1;
    const json_t *u = json_object_get(j, "unix"), *s = json_object_get(j, "speed");
    if (!json_is_object(j))
        snprintf(err, errlen, "the answer is not a JSON object");
    else if (!json_is_integer(u) || json_integer_value(u) < 0)
        snprintf(err, errlen, "the answer has no \"unix\" time (a non-negative integer)");
    else if (!json_is_number(s) || !isfinite(json_number_value(s)) || json_number_value(s) < 0)
        snprintf(err, errlen, "the answer has no \"speed\" (a finite number >= 0)");
    else {
        *ret_unix = (int64_t)json_integer_value(u);
        *ret_speed = json_number_value(s);
        rc = 0;
    }
    json_decref(j);
    return rc;
}

typedef struct buf {
    char *p;
    size_t len;
    bool too_big;
} buf;

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
    buf *b = arg;
    size_t add = size * n;
    if (b->len + add > MAX_ANSWER) {
        b->too_big = true;
        return 0;
    }
    char *p = realloc(b->p, b->len + add + 1);
    if (!p)
        return 0;
    memcpy(p + b->len, data, add);
    b->p = p;
    b->len += add;
    b->p[b->len] = '\0';
    return add;
}

/* One read of the clock: the simulated time and the monotonic time it was true at (the middle
 * of the request). @return 0, or -1 with a message in err. */
static int fetch(const char *url, int64_t *ret_sim, double *ret_real, double *ret_speed, char *err,
                 size_t errlen)
{
    CURL *h = curl_easy_init();
    if (!h) {
        snprintf(err, errlen, "libcurl initialisation failed");
        return -1;
    }
    buf b = {0};
    char cerr[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, FETCH_TIMEOUT);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, FETCH_TIMEOUT);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
    double t0 = mono_now();
    CURLcode cc = curl_easy_perform(h);
    double t1 = mono_now();
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    int rc = -1;
    if (b.too_big)
        snprintf(err, errlen, "the answer is larger than %d bytes", MAX_ANSWER);
    else if (cc != CURLE_OK)
        snprintf(err, errlen, "%s", *cerr ? cerr : curl_easy_strerror(cc));
    else if (status != 200)
        snprintf(err, errlen, "HTTP status %ld (is it a parcelcast sandbox?)", status);
    else if (cli_simclock_parse(b.p ? b.p : "", b.len, ret_sim, ret_speed, err, errlen) == 0) {
        *ret_real = (t0 + t1) / 2;
        rc = 0;
    }
    free(b.p);
    return rc;
}

static int64_t extrapolate(const cli_simclock *c, double real)
{
    return c->anchor_sim + (int64_t)floor((real - c->anchor_real) * c->speed);
}

static void resync(cli_simclock *c)
{
    int64_t sim;
    double real, speed;
    char err[512];
    if (fetch(c->url, &sim, &real, &speed, err, sizeof(err)) < 0) {
        if (!c->failing)
            pc_log(PC_LOG_WARN, "serve", "cannot re-read the simulated clock: extrapolating", "url",
                   c->url, "error", err, NULL);
        c->failing = true;
        return;
    }
    if (c->failing)
        pc_log(PC_LOG_INFO, "serve", "simulated clock read again", "url", c->url, NULL);
    c->failing = false;
    pthread_mutex_lock(&c->mu);
    int64_t expected = extrapolate(c, real);
    int64_t off = sim - expected;
    bool jumped = off > JUMP_TOLERANCE || off < -JUMP_TOLERANCE || speed != c->speed;
    c->anchor_sim = sim;
    c->anchor_real = real;
    c->speed = speed;
    pthread_mutex_unlock(&c->mu);
    if (jumped) {
        char o[32], sp[32];
        snprintf(o, sizeof(o), "%lld", (long long)off);
        snprintf(sp, sizeof(sp), "%g", speed);
        pc_log(PC_LOG_WARN, "serve",
               off < 0 ? "simulated clock went back: serve's clock waits for it"
                       : "simulated clock moved",
               "offset_s", o, "speed", sp, "url", c->url, NULL);
    }
}

static void *resync_main(void *arg)
{
    cli_simclock *c = arg;
    pthread_mutex_lock(&c->stop_mu);
    while (!c->stop) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += CLI_SIMCLOCK_RESYNC;
        while (!c->stop && pthread_cond_timedwait(&c->stop_cond, &c->stop_mu, &until) != ETIMEDOUT)
            ;
        if (c->stop)
            break;
        pthread_mutex_unlock(&c->stop_mu);
        resync(c);
        pthread_mutex_lock(&c->stop_mu);
    }
    pthread_mutex_unlock(&c->stop_mu);
    return NULL;
}

/* http(s)://..., the clock path appended unless given */
static int build_url(const char *url, char *out, size_t size, char *err, size_t errlen)
{
    if (!url || !*url) {
        snprintf(err, errlen, "expects the sandbox's URL, got an empty string");
        return -1;
    }
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f) {
            snprintf(err, errlen, "'%s' is not a URL (it contains a space or control character)",
                     url);
            return -1;
        }
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        snprintf(err, errlen, "'%s' is not an http:// or https:// URL", url);
        return -1;
    }
    CURLU *u = curl_url();
    char *host = NULL;
    int rc = -1;
    if (!u)
        snprintf(err, errlen, "libcurl initialisation failed");
    else if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
             curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host || !*host)
        snprintf(err, errlen, "'%s' is not a valid URL", url);
    else
        rc = 0;
    curl_free(host);
    curl_url_cleanup(u);
    if (rc < 0)
        return rc;
    size_t len = strlen(url);
    while (len > 0 && url[len - 1] == '/')
        len--;
    bool has_path = len >= strlen(CLOCK_PATH) &&
                    strncmp(url + len - strlen(CLOCK_PATH), CLOCK_PATH, strlen(CLOCK_PATH)) == 0;
    int n = snprintf(out, size, "%.*s%s", (int)len, url, has_path ? "" : CLOCK_PATH);
    if (n < 0 || (size_t)n >= size) {
        snprintf(err, errlen, "the URL is longer than %zu bytes", size - 1);
        return -1;
    }
    return 0;
}

int cli_simclock_start(cli_ctx *ctx, const char *url, cli_simclock **ret)
{
    *ret = NULL;
    cli_simclock *c = calloc(1, sizeof(*c));
    if (!c)
        return PC_EXIT_SOFTWARE;
    char err[600];
    if (build_url(url, c->url, sizeof(c->url), err, sizeof(err)) < 0) {
        cli_error(ctx, "--sim-clock: %s", err);
        free(c);
        return PC_EXIT_USAGE;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        cli_error(ctx, "--sim-clock: libcurl initialisation failed");
        free(c);
        return PC_EXIT_SOFTWARE;
    }
    if (fetch(c->url, &c->anchor_sim, &c->anchor_real, &c->speed, err, sizeof(err)) < 0) {
        cli_error(ctx, "--sim-clock: cannot read the simulated clock at %s: %s", c->url, err);
        free(c);
        return PC_EXIT_USAGE;
    }
    c->last = c->anchor_sim;
    pthread_mutex_init(&c->mu, NULL);
    pthread_mutex_init(&c->stop_mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&c->stop_cond, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&c->thread, NULL, resync_main, c) != 0) {
        cli_error(ctx, "--sim-clock: cannot start the re-sync thread");
        cli_simclock_free(c);
        return PC_EXIT_SOFTWARE;
    }
    c->started = true;
    char t[40], sp[32];
    snprintf(t, sizeof(t), "%lld", (long long)c->anchor_sim);
    snprintf(sp, sizeof(sp), "%g", c->speed);
    pc_log(PC_LOG_INFO, "serve", "on the simulated clock", "url", c->url, "unix", t, "speed", sp,
           NULL);
    if (c->anchor_sim > (int64_t)time(NULL))
        pc_log(PC_LOG_WARN, "serve",
               "the simulated time is ahead of the wall clock: notices (delivered on real time) "
               "wait until the wall clock reaches the simulated time they were raised at",
               NULL);
    *ret = c;
    return PC_EXIT_OK;
}

void cli_simclock_free(cli_simclock *c)
{
    if (!c)
        return;
    if (c->started) {
        pthread_mutex_lock(&c->stop_mu);
        c->stop = true;
        pthread_cond_signal(&c->stop_cond);
        pthread_mutex_unlock(&c->stop_mu);
        pthread_join(c->thread, NULL);
    }
    pthread_cond_destroy(&c->stop_cond);
    pthread_mutex_destroy(&c->stop_mu);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

int64_t cli_simclock_now(void *ctx)
{
    cli_simclock *c = ctx;
    pthread_mutex_lock(&c->mu);
    int64_t t = extrapolate(c, mono_now());
    if (t < c->last)
        t = c->last;
    c->last = t;
    pthread_mutex_unlock(&c->mu);
    return t;
}

void cli_simclock_sleep(void *ctx, int64_t seconds)
{
    cli_simclock *c = ctx;
    pthread_mutex_lock(&c->mu);
    double speed = c->speed;
    pthread_mutex_unlock(&c->mu);
    double real = speed > 0 ? (double)seconds / speed : (double)seconds;
    if (real > 1.0)
        real = 1.0; /* may return early: callers check their stop flags */
    if (real <= 0)
        return;
    struct timespec ts = {(time_t)real, (long)((real - (double)(time_t)real) * 1e9)};
    nanosleep(&ts, NULL);
}

int cli_simclock_real_seconds(const cli_simclock *c, int sim_seconds)
{
    cli_simclock *m = (cli_simclock *)c; /* the lock only */
    pthread_mutex_lock(&m->mu);
    double speed = m->speed;
    pthread_mutex_unlock(&m->mu);
    if (!(speed > 0))
        return sim_seconds > 0 ? sim_seconds : 1;
    double r = ceil((double)sim_seconds / speed);
    return r < 1 ? 1 : r > 86400 ? 86400 : (int)r;
}
