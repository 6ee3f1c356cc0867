/*
 * Webhook signatures and the notifier: scan due outbox records, deliver them with libcurl multi
 * (signed HTTP POSTs and SMTP), then commit every outcome in one durable transaction: delete on
 * success, reschedule with exponential backoff and jitter, or move to dead letters after the
 * retry budget. A record is deleted only after its delivery was acknowledged, so a crash between
 * the POST and the commit sends it again with the same delivery id (at least once).
 */
#include "buildinfo.h"
#include "internal.h"
#include "notify_internal.h"

#include <parcelcast/error.h>

#include <curl/curl.h>
#include <inttypes.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- signatures ---------------------------------------------------------------------------- */

static int hmac_hex(const char *secret, int64_t t, const void *body, size_t len, char hex[65])
{
    char prefix[32];
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    int n = snprintf(prefix, sizeof(prefix), "%" PRId64 ".", t);
    /* the signed text is "<t>." followed by the raw body */
    unsigned char *msg = malloc((size_t)n + len + 1);
    if (!msg)
        return PC_ENOMEM;
    memcpy(msg, prefix, (size_t)n);
    if (len)
        memcpy(msg + n, body, len);
    int rc = PC_EINTERNAL;
    if (HMAC(EVP_sha256(), secret, (int)strlen(secret), msg, (size_t)n + len, mac, &mac_len) &&
        mac_len == 32) {
        static const char digits[] = "0123456789abcdef";
        for (unsigned i = 0; i < 32; i++) {
            hex[2 * i] = digits[mac[i] >> 4];
            hex[2 * i + 1] = digits[mac[i] & 15];
        }
        hex[64] = '\0';
        rc = 0;
    }
    free(msg);
    return rc;
}

int pc_webhook_sign(const char *secret, int64_t t, const void *body, size_t len,
                    char out[PC_WEBHOOK_SIG_SIZE])
{
    char hex[65];
    if (!secret || !*secret)
        return PC_EINVAL;
    int rc = hmac_hex(secret, t, body, len, hex);
    if (rc < 0)
        return rc;
    snprintf(out, PC_WEBHOOK_SIG_SIZE, "t=%" PRId64 ",v1=%s", t, hex);
    return 0;
}

int pc_webhook_verify(const char *secret, const char *header, const void *body, size_t len,
                      int64_t now, int64_t tolerance)
{
    char hex[65];
    if (!secret || !*secret || !header || strncmp(header, "t=", 2) != 0)
        return PC_EMALFORMED;
    const char *p = header + 2;
    int64_t t = 0;
    bool neg = *p == '-';
    if (neg)
        p++;
    if (*p < '0' || *p > '9')
        return PC_EMALFORMED;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (t > (INT64_MAX - 9) / 10)
            return PC_EMALFORMED;
        t = t * 10 + (*p - '0');
    }
    if (neg)
        t = -t;
    if (strncmp(p, ",v1=", 4) != 0 || strlen(p + 4) != 64)
        return PC_EMALFORMED;
    if (tolerance > 0 && (now - t > tolerance || t - now > tolerance))
        return PC_EAUTH;
    int rc = hmac_hex(secret, t, body, len, hex);
    if (rc < 0)
        return rc;
    return CRYPTO_memcmp(hex, p + 4, 64) == 0 ? 0 : PC_EAUTH;
}

/* ---- the notifier -------------------------------------------------------------------------- */

enum { OUT_PENDING, OUT_OK, OUT_RETRY, OUT_DEAD, OUT_DROP };

typedef struct job {
    int64_t due;
    uint64_t notice;
    json_t *rec; /* the record; updated before the commit for RETRY / DEAD */
    char *secret;
    int outcome;
    char error[200];
    CURL *h;
    struct curl_slist *hdrs, *rcpt;
    char *payload; /* SMTP message */
    size_t payload_len, payload_off;
    int64_t next_due;
} job;

struct pc_notifier {
    pc_store *st;
    int64_t (*clock)(void *ctx);
    void (*sleep)(void *ctx, int64_t seconds);
    void *clock_ctx;
    int concurrency, timeout, backoff_base, backoff_max;
    int64_t max_age;
    size_t max_per_run;
    uint64_t rng;
    char *smtp_url, *smtp_from, *templates;
    char user_agent[128];
    CURLM *multi;
    pthread_mutex_t mu; /* stats, busy */
    pc_notifier_stats stats;
    bool busy;
    pthread_t thread;
    bool started;
    atomic_bool stop;
    int interval;
};

static int64_t now_of(const pc_notifier *n)
{
    return n->clock ? n->clock(n->clock_ctx) : (int64_t)time(NULL);
}

static uint64_t rng_next(pc_notifier *n)
{
    /* xorshift64*: jitter only, not security. */
    n->rng ^= n->rng >> 12;
    n->rng ^= n->rng << 25;
    n->rng ^= n->rng >> 27;
    return n->rng * 2685821657736338717ull;
}

static char *dup_or_null(const char *a, const char *b)
{
    const char *s = a ? a : b;
    return s && *s ? strdup(s) : NULL;
}

int pc_notifier_new(const pc_notifier_opts *opts, pc_notifier **ret_notifier, char *err,
                    size_t errlen)
{
    *ret_notifier = NULL;
    if (!opts || !opts->store) {
        pc__errbuf_set(err, errlen, "notifier: no store");
        return PC_EINVAL;
    }
    const pc_config *cfg = opts->config;
    pc_notifier *n = calloc(1, sizeof(*n));
    if (!n)
        return PC_ENOMEM;
    n->st = opts->store;
    n->clock = opts->clock;
    n->sleep = opts->sleep;
    n->clock_ctx = opts->clock_ctx;
    n->concurrency = opts->concurrency > 0 ? opts->concurrency : cfg ? cfg->notify_concurrency : 8;
    n->timeout = opts->timeout > 0 ? opts->timeout : cfg ? cfg->notify_timeout : 10;
    if (n->concurrency < 1)
        n->concurrency = 1; /* a config never initialised must not stall the loop */
    if (n->timeout < 1)
        n->timeout = 10;
    n->backoff_base = opts->backoff_base > 0 ? opts->backoff_base : 30;
    n->backoff_max = opts->backoff_max > 0 ? opts->backoff_max : 3600;
    n->max_age = opts->max_age > 0 ? opts->max_age : 72 * 3600;
    n->max_per_run = opts->max_per_run ? opts->max_per_run : 1000;
    n->rng = opts->seed ? opts->seed : ((uint64_t)now_of(n) << 20) ^ (uint64_t)getpid() ^ 0x9e37u;
    n->smtp_url = dup_or_null(opts->smtp_url, cfg ? cfg->smtp_url : NULL);
    n->smtp_from = dup_or_null(opts->smtp_from, cfg ? cfg->smtp_from : NULL);
    n->templates = dup_or_null(opts->templates_dir, cfg ? cfg->notify_templates : NULL);
    snprintf(n->user_agent, sizeof(n->user_agent), "%s",
             opts->user_agent ? opts->user_agent : "parcelcast/" PC_VERSION);
    pthread_mutex_init(&n->mu, NULL);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(n->multi = curl_multi_init())) {
        pc__errbuf_set(err, errlen, "notifier: libcurl initialisation failed");
        pc_notifier_free(n);
        return PC_EINTERNAL;
    }
    *ret_notifier = n;
    return 0;
}

void pc_notifier_free(pc_notifier *n)
{
    if (!n)
        return;
    pc_notifier_stop(n);
    if (n->multi)
        curl_multi_cleanup(n->multi);
    pthread_mutex_destroy(&n->mu);
    free(n->smtp_url);
    free(n->smtp_from);
    free(n->templates);
    free(n);
}

static void job_done(pc_notifier *n, job *j)
{
    if (j->h) {
        curl_multi_remove_handle(n->multi, j->h);
        curl_easy_cleanup(j->h);
        j->h = NULL;
    }
    curl_slist_free_all(j->hdrs);
    curl_slist_free_all(j->rcpt);
    j->hdrs = j->rcpt = NULL;
    free(j->payload);
    j->payload = NULL;
}

static void jobs_free(pc_notifier *n, job *jobs, size_t n_jobs)
{
    for (size_t i = 0; i < n_jobs; i++) {
        job_done(n, &jobs[i]);
        json_decref(jobs[i].rec);
        free(jobs[i].secret);
    }
    free(jobs);
}

/* ---- collect -------------------------------------------------------------------------------- */

typedef struct collect_ctx {
    pc_notifier *n;
    pc_txn *tx;
    job *jobs;
    size_t n_jobs, cap;
    int rc;
} collect_ctx;

static int collect_cb(int64_t due, uint64_t notice, const void *blob, size_t len, void *ctx)
{
    collect_ctx *c = ctx;
    json_t *rec = pc__notify_record_parse(blob, len);
    if (!rec)
        return 0; /* not a record of ours: left alone */
    if (c->n_jobs == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        job *nj = realloc(c->jobs, cap * sizeof(*nj));
        if (!nj) {
            json_decref(rec);
            return PC_ENOMEM;
        }
        c->jobs = nj;
        c->cap = cap;
    }
    job *j = &c->jobs[c->n_jobs++];
    memset(j, 0, sizeof(*j));
    j->due = due;
    j->notice = notice;
    j->rec = rec;
    json_int_t hook = json_integer_value(json_object_get(rec, "hook"));
    json_int_t tenant = json_integer_value(json_object_get(rec, "tenant"));
    if (hook != 0) {
        json_t *doc = NULL;
        int rc = tenant > 0 && tenant <= UINT32_MAX
                     ? pc__notify_doc_load(c->tx, (uint32_t)tenant, &doc)
                     : PC_EMALFORMED;
        json_t *h = rc == 0 && hook > 0 && hook <= UINT32_MAX
                        ? pc__notify_doc_hook(doc, (uint32_t)hook)
                        : NULL;
        const char *secret = json_string_value(json_object_get(h, "secret"));
        if (secret && !(j->secret = strdup(secret))) {
            json_decref(doc);
            return PC_ENOMEM;
        }
        if (!secret)
            j->outcome = OUT_DROP; /* unsubscribed since */
        json_decref(doc);
    }
    return c->n_jobs >= c->n->max_per_run ? 1 : 0;
}

/* ---- transfers ----------------------------------------------------------------------------- */

static size_t discard_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    (void)ptr;
    (void)ud;
    return size * nmemb;
}

static size_t read_payload(char *buf, size_t size, size_t nitems, void *ud)
{
    job *j = ud;
    size_t room = size * nitems, left = j->payload_len - j->payload_off;
    size_t k = left < room ? left : room;
    memcpy(buf, j->payload + j->payload_off, k);
    j->payload_off += k;
    return k;
}

static bool address_ok(const char *a)
{
    if (!a || !*a || !strchr(a, '@'))
        return false;
    for (const char *p = a; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == 0x7f)
            return false;
    return true;
}

static int add_header(job *j, const char *line)
{
    struct curl_slist *l = curl_slist_append(j->hdrs, line);
    if (!l)
        return PC_ENOMEM;
    j->hdrs = l;
    return 0;
}

static int start_job(pc_notifier *n, job *j, int64_t now)
{
    const char *to = json_string_value(json_object_get(j->rec, "to"));
    const char *body = json_string_value(json_object_get(j->rec, "body"));
    const char *id = json_string_value(json_object_get(j->rec, "id"));
    bool email = json_integer_value(json_object_get(j->rec, "hook")) == 0;
    char line[PC_WEBHOOK_SIG_SIZE + 64];
    int rc;
    if (email) {
        if (!n->smtp_url || !n->smtp_from) {
            snprintf(j->error, sizeof(j->error), "smtp.url or smtp.from not set");
            j->outcome = OUT_RETRY;
            return 0;
        }
        if (!address_ok(to) || !address_ok(n->smtp_from)) {
            snprintf(j->error, sizeof(j->error), "not a usable e-mail address");
            j->outcome = OUT_DEAD;
            return 0;
        }
        rc = pc__notify_email_message(n->templates, n->smtp_from, to, id, body, now, &j->payload,
                                      j->error, sizeof(j->error));
        if (rc == PC_ENOMEM)
            return rc;
        if (rc < 0) {
            j->outcome = OUT_RETRY; /* a template may be fixed within the budget */
            return 0;
        }
        j->payload_len = strlen(j->payload);
    }
    CURL *h = curl_easy_init();
    if (!h)
        return PC_ENOMEM;
    j->h = h;
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)n->timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)n->timeout);
    curl_easy_setopt(h, CURLOPT_PRIVATE, j);
    if (email) {
        snprintf(line, sizeof(line), "<%s>", n->smtp_from);
        j->rcpt = curl_slist_append(NULL, to);
        if (!j->rcpt)
            return PC_ENOMEM;
        curl_easy_setopt(h, CURLOPT_URL, n->smtp_url);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        curl_easy_setopt(h, CURLOPT_MAIL_FROM, line);
        curl_easy_setopt(h, CURLOPT_MAIL_RCPT, j->rcpt);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, read_payload);
        curl_easy_setopt(h, CURLOPT_READDATA, j);
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)j->payload_len);
    } else {
        char sig[PC_WEBHOOK_SIG_SIZE];
        if ((rc = pc_webhook_sign(j->secret, now, body, strlen(body), sig)) < 0)
            return rc;
        const char *kind = json_string_value(json_object_get(j->rec, "kind"));
        if ((rc = add_header(j, "Content-Type: application/json")) < 0 ||
            (rc = add_header(j, "Expect:")) < 0)
            return rc;
        snprintf(line, sizeof(line), "X-Parcelcast-Signature: %s", sig);
        if ((rc = add_header(j, line)) < 0)
            return rc;
        snprintf(line, sizeof(line), "X-Parcelcast-Delivery: %s", id);
        if ((rc = add_header(j, line)) < 0)
            return rc;
        snprintf(line, sizeof(line), "X-Parcelcast-Event: %s", kind ? kind : "");
        if ((rc = add_header(j, line)) < 0)
            return rc;
        curl_easy_setopt(h, CURLOPT_URL, to);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_USERAGENT, n->user_agent);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, j->hdrs);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_body);
    }
    if (curl_multi_add_handle(n->multi, h) != CURLM_OK)
        return PC_EINTERNAL;
    return 1;
}

static void finish_job(job *j, CURLcode cc)
{
    long status = 0;
    bool email = json_integer_value(json_object_get(j->rec, "hook")) == 0;
    curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &status);
    if (cc != CURLE_OK) {
        snprintf(j->error, sizeof(j->error), "%s", curl_easy_strerror(cc));
        j->outcome = OUT_RETRY;
    } else if (!email && (status < 200 || status > 299)) {
        snprintf(j->error, sizeof(j->error), "HTTP %ld", status);
        j->outcome = OUT_RETRY;
    } else {
        j->outcome = OUT_OK;
    }
}

/* Deliver jobs with at most n->concurrency in flight. @return 0 or a negative code. */
static int deliver(pc_notifier *n, job *jobs, size_t n_jobs, int64_t now, pc_notifier_stats *run)
{
    size_t next = 0;
    int in_flight = 0, rc = 0;
    while (!atomic_load(&n->stop)) {
        while (in_flight < n->concurrency && next < n_jobs) {
            job *j = &jobs[next++];
            if (j->outcome != OUT_PENDING)
                continue;
            if ((rc = start_job(n, j, now)) < 0)
                return rc;
            if (rc == 1) {
                in_flight++;
                if (in_flight > run->max_in_flight)
                    run->max_in_flight = in_flight;
            }
        }
        if (in_flight == 0 && next >= n_jobs)
            break;
        int running = 0, left = 0;
        curl_multi_perform(n->multi, &running);
        CURLMsg *m;
        while ((m = curl_multi_info_read(n->multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            job *j = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
            finish_job(j, m->data.result);
            job_done(n, j);
            in_flight--;
        }
        if (in_flight > 0)
            curl_multi_poll(n->multi, NULL, 0, 100, NULL);
    }
    return 0;
}

/* ---- outcomes -------------------------------------------------------------------------------- */

static int64_t backoff(pc_notifier *n, json_int_t attempts)
{
    int64_t d = n->backoff_base;
    for (json_int_t i = 1; i < attempts && d < n->backoff_max; i++)
        d *= 2;
    if (d > n->backoff_max)
        d = n->backoff_max;
    /* "equal jitter": half fixed, half random, so retries of many notices spread out */
    int64_t half = d / 2;
    return d - half + (half > 0 ? (int64_t)(rng_next(n) % (uint64_t)(half + 1)) : 0);
}

/* Update a failed job's record (outside the transaction: the commit may run twice). */
static int plan_failure(pc_notifier *n, job *j, int64_t now)
{
    json_t *r = j->rec;
    json_int_t attempts = json_integer_value(json_object_get(r, "attempts")) + 1;
    json_t *fa = json_object_get(r, "first_attempt");
    int64_t first = json_is_integer(fa) ? json_integer_value(fa) : now;
    if (json_object_set_new(r, "attempts", json_integer(attempts)) < 0 ||
        json_object_set_new(r, "first_attempt", json_integer(first)) < 0 ||
        json_object_set_new(r, "last_attempt", json_integer(now)) < 0 ||
        json_object_set_new(r, "last_error", json_string(j->error)) < 0)
        return PC_ENOMEM;
    if (j->outcome == OUT_DEAD || now - first >= n->max_age) {
        j->outcome = OUT_DEAD;
        return 0;
    }
    int64_t due = now + backoff(n, attempts);
    if (due > first + n->max_age)
        due = first + n->max_age; /* the last try comes at the end of the budget */
    j->next_due = due;
    return 0;
}

typedef struct commit_ctx {
    job *jobs;
    size_t n_jobs;
} commit_ctx;

static int commit_write(pc_txn *tx, void *ctx)
{
    commit_ctx *c = ctx;
    for (size_t i = 0; i < c->n_jobs; i++) {
        job *j = &c->jobs[i];
        int rc = 0;
        if (j->outcome == OUT_PENDING)
            continue; /* stopped before it was sent */
        rc = pc_store_outbox_delete(tx, j->due, j->notice);
        if (rc == PC_ENOTFOUND)
            continue; /* a concurrent run handled it (e.g. two processes): keep theirs */
        if (rc < 0)
            return rc;
        if (j->outcome == OUT_RETRY)
            rc = pc__notify_record_put(tx, j->next_due, j->notice, j->rec);
        else if (j->outcome == OUT_DEAD)
            rc = pc__notify_dead_letter(tx, j->rec);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int run_locked(pc_notifier *n, int64_t now, pc_notifier_stats *run)
{
    collect_ctx c = {.n = n};
    pc_txn *tx = NULL;
    int rc = pc_store_read_begin(n->st, &tx);
    if (rc < 0)
        return rc;
    c.tx = tx;
    rc = pc_store_outbox_scan(tx, now, collect_cb, &c);
    pc_store_read_end(tx);
    if (rc < 0 || c.n_jobs == 0)
        goto out;
    if ((rc = deliver(n, c.jobs, c.n_jobs, now, run)) < 0)
        goto out;
    for (size_t i = 0; i < c.n_jobs; i++) {
        job *j = &c.jobs[i];
        if ((j->outcome == OUT_RETRY || j->outcome == OUT_DEAD) &&
            (rc = plan_failure(n, j, now)) < 0)
            goto out;
    }
    commit_ctx cc = {c.jobs, c.n_jobs};
    if ((rc = pc_store_write(n->st, commit_write, &cc)) < 0)
        goto out;
    for (size_t i = 0; i < c.n_jobs; i++) {
        switch (c.jobs[i].outcome) {
        case OUT_OK:
            run->delivered++;
            break;
        case OUT_RETRY:
            run->retried++;
            break;
        case OUT_DEAD:
            run->dead++;
            break;
        case OUT_DROP:
            run->dropped++;
            break;
        default:
            break;
        }
    }
    rc = 0;
out:
    jobs_free(n, c.jobs, c.n_jobs);
    return rc;
}

static void stats_add(pc_notifier *n, const pc_notifier_stats *r)
{
    pthread_mutex_lock(&n->mu);
    n->stats.delivered += r->delivered;
    n->stats.retried += r->retried;
    n->stats.dead += r->dead;
    n->stats.dropped += r->dropped;
    if (r->max_in_flight > n->stats.max_in_flight)
        n->stats.max_in_flight = r->max_in_flight;
    pthread_mutex_unlock(&n->mu);
}

static int run_once(pc_notifier *n, int64_t now, pc_notifier_stats *ret_run)
{
    pc_notifier_stats run = {0};
    if (now == PC_TIME_NONE)
        now = now_of(n);
    int rc = run_locked(n, now, &run);
    stats_add(n, &run);
    if (ret_run)
        *ret_run = run;
    return rc;
}

int pc_notifier_run_once(pc_notifier *n, int64_t now, pc_notifier_stats *ret_run)
{
    pthread_mutex_lock(&n->mu);
    if (n->busy || n->started) {
        pthread_mutex_unlock(&n->mu);
        return PC_EBUSY;
    }
    n->busy = true;
    pthread_mutex_unlock(&n->mu);
    int rc = run_once(n, now, ret_run);
    pthread_mutex_lock(&n->mu);
    n->busy = false;
    pthread_mutex_unlock(&n->mu);
    return rc;
}

static void wait_interval(pc_notifier *n)
{
    if (n->sleep) {
        n->sleep(n->clock_ctx, n->interval);
        return;
    }
    /* 50 ms steps, so a stop is noticed quickly */
    for (int64_t i = 0; i < (int64_t)n->interval * 20 && !atomic_load(&n->stop); i++)
        nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
}

static void *thread_main(void *arg)
{
    pc_notifier *n = arg;
    while (!atomic_load(&n->stop)) {
        run_once(n, PC_TIME_NONE, NULL);
        if (!atomic_load(&n->stop))
            wait_interval(n);
    }
    return NULL;
}

int pc_notifier_start(pc_notifier *n, int interval)
{
    pthread_mutex_lock(&n->mu);
    if (n->started || n->busy) {
        pthread_mutex_unlock(&n->mu);
        return PC_EBUSY;
    }
    n->interval = interval > 0 ? interval : 1;
    atomic_store(&n->stop, false);
    int rc = pthread_create(&n->thread, NULL, thread_main, n) == 0 ? 0 : PC_ENOMEM;
    n->started = rc == 0;
    pthread_mutex_unlock(&n->mu);
    return rc;
}

void pc_notifier_stop(pc_notifier *n)
{
    if (!n)
        return;
    pthread_mutex_lock(&n->mu);
    bool started = n->started;
    pthread_mutex_unlock(&n->mu);
    if (!started)
        return;
    atomic_store(&n->stop, true);
    pthread_join(n->thread, NULL);
    pthread_mutex_lock(&n->mu);
    n->started = false;
    pthread_mutex_unlock(&n->mu);
    atomic_store(&n->stop, false);
}

void pc_notifier_stats_get(pc_notifier *n, pc_notifier_stats *ret)
{
    pthread_mutex_lock(&n->mu);
    *ret = n->stats;
    pthread_mutex_unlock(&n->mu);
}
