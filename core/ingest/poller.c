/*
 * The poller: due shipments -> batches per carrier account -> libcurl multi transfers -> parse
 * -> one durable write per answer (merge + next poll time). See include/parcelcast/poller.h and
 * docs/poller.md.
 *
 * One run is single-threaded: the multi handle, the queue, the accounts and the run counters are
 * touched only by the thread inside pc_poller_run_once. The totals are merged under a mutex at
 * the end of each run so pc_poller_stats_get may be called from any thread.
 */
#include "buildinfo.h"
#include "internal.h"

#include <parcelcast/error.h>
#include <parcelcast/log.h>
#include <parcelcast/poller.h>
#include <parcelcast/predict.h>

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MIN_(a, b) ((a) < (b) ? (a) : (b))
#define MAX_(a, b) ((a) > (b) ? (a) : (b))

static const char *const poll_error_names[] = {
#define PC__PE_NAME(e, s) s,
    PC_POLL_ERROR_MAP(PC__PE_NAME)
#undef PC__PE_NAME
};

const char *pc_poll_error_name(pc_poll_error_kind kind)
{
    if ((int)kind < 0 || kind >= PC_PE__COUNT)
        return "unknown";
    return poll_error_names[kind];
}

/* ---- schedule policy ------------------------------------------------------------------------ */

#define MINUTE 60
#define HOUR   3600
#define DAY    86400

int64_t pc_poll_next_time(const pc_shipment *s, int64_t now, bool last_poll_gained_events)
{
    int64_t iv;
    int64_t newest = s->n_events ? s->events[s->n_events - 1].time : PC_TIME_NONE;
    switch (s->status) {
    case PC_STATUS_DELIVERED:
    case PC_STATUS_RETURNED:
    case PC_STATUS_EXPIRED:
        return PC_TIME_NONE;
    case PC_STATUS_PENDING:
        iv = 2 * HOUR;
        break;
    case PC_STATUS_INFO_RECEIVED:
    case PC_STATUS_AVAILABLE_FOR_PICKUP:
        iv = 6 * HOUR;
        break;
    case PC_STATUS_OUT_FOR_DELIVERY:
        iv = 30 * MINUTE;
        break;
    case PC_STATUS_FAILED_ATTEMPT:
    case PC_STATUS_EXCEPTION:
        iv = 2 * HOUR;
        break;
    case PC_STATUS_IN_TRANSIT:
    default:
        if (s->carrier_eta != PC_TIME_NONE) {
            int64_t left = s->carrier_eta - now;
            if (left < 0)
                iv = 2 * HOUR;
            else if (left <= DAY)
                iv = HOUR;
            else if (left > 3 * DAY)
                iv = 12 * HOUR;
            else
                iv = 4 * HOUR;
        } else if (newest != PC_TIME_NONE && now - newest > 3 * DAY) {
            iv = 12 * HOUR;
        } else {
            iv = 4 * HOUR;
        }
        break;
    }
    if (last_poll_gained_events)
        iv = MAX_(iv / 2, 15 * MINUTE);
    return now + iv;
}

bool pc_poll_is_expired(const pc_shipment *s, int64_t now, int64_t expire_after,
                        int64_t not_found_after)
{
    if (pc_status_is_final(s->status))
        return false;
    int64_t created = s->created_at == PC_TIME_NONE ? now : s->created_at;
    if (s->n_events == 0)
        return not_found_after > 0 && now - created >= not_found_after;
    int64_t news = MAX_(s->events[s->n_events - 1].time, created);
    return expire_after > 0 && now - news >= expire_after;
}

/* ---- state ---------------------------------------------------------------------------------- */

typedef struct account {
    const pc_adapter *a;
    size_t stat; /* index in the run stats */
    pc_adapter_config cfg;
    int concurrency;
    double rate; /* requests per second, 0 = unlimited */
    double tokens;
    int64_t bucket_at;
    int in_flight;
    int64_t blocked_until;
    bool oauth;
    char *token;
    int64_t token_expires, token_refresh_at, token_not_before;
    bool token_pending;
    int token_failures;
} account;

typedef struct batch {
    account *acct;
    size_t n;
    uint64_t *ids;
    char **numbers;
    int attempts;
    int64_t not_before;
    bool auth_refetched;
} batch;

typedef struct xfer {
    CURL *h;
    struct curl_slist *hdrs;
    account *acct;
    batch *b; /* NULL: a token request */
    pc_http_request req;
    char *buf;
    size_t len, cap, max;
    bool too_big;
    int retry_after;
    int64_t (*clock)(void *);
    void *clock_ctx;
    struct xfer *next, *prev; /* the poller's live transfers */
} xfer;

struct pc_poller {
    pc_poller_opts o;
    char user_agent[128];
    int concurrency, rate, timeout, max_retries;
    int64_t expire_after, not_found_after, max_interval;
    CURLM *multi;
    uint64_t rng;
    /* accounts persist across runs (tokens stay cached) */
    account **accts; /* individually allocated: batches keep pointers */
    size_t n_accts;
    xfer *live;
    /* polls per shipment id in this process, for polls-per-delivered */
    uint64_t *pc_keys;
    uint32_t *pc_vals;
    size_t pc_cap, pc_n;
    pthread_mutex_t mu;
    pc_poller_stats total;
    atomic_int stop;
    bool in_run;
    bool thread_started;
    pthread_t thread;
    int interval;
};

static int64_t now_of(const pc_poller *p)
{
    return p->o.clock ? p->o.clock(p->o.clock_ctx) : (int64_t)time(NULL);
}

static int64_t xfer_now(const xfer *x)
{
    return x->clock ? x->clock(x->clock_ctx) : (int64_t)time(NULL);
}

static void do_sleep(pc_poller *p, int64_t secs)
{
    if (secs <= 0)
        return;
    if (p->o.sleep) {
        p->o.sleep(p->o.clock_ctx, secs);
        return;
    }
    /* Real time in slices, so a stop request is seen quickly. */
    for (int64_t ms = secs * 1000; ms > 0 && !atomic_load(&p->stop); ms -= 100) {
        struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

static uint64_t rng_next(pc_poller *p)
{
    uint64_t x = p->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    p->rng = x;
    return x;
}

/* Exponential backoff with "equal jitter": a delay in [d/2, d], d = base * 2^(attempt-1). */
static int64_t backoff(pc_poller *p, int attempt)
{
    int64_t d = p->o.backoff_base;
    for (int i = 1; i < attempt && d < p->o.backoff_max; i++)
        d *= 2;
    d = MIN_(d, (int64_t)p->o.backoff_max);
    int64_t half = (d + 1) / 2;
    return half + (int64_t)(rng_next(p) % (uint64_t)(d - half + 1));
}

static size_t stat_index(pc_poller_stats *st, const char *carrier)
{
    for (size_t i = 0; i < st->n_carriers; i++)
        if (strcmp(st->carriers[i].carrier, carrier) == 0)
            return i;
    if (st->n_carriers == PC_POLLER_MAX_CARRIERS)
        return PC_POLLER_MAX_CARRIERS - 1;
    pc_poller_carrier_stats *c = &st->carriers[st->n_carriers];
    memset(c, 0, sizeof(*c));
    snprintf(c->carrier, sizeof(c->carrier), "%s", carrier);
    return st->n_carriers++;
}

/* polls-per-shipment map (open addressing on the id) */
static uint32_t *poll_count_slot(pc_poller *p, uint64_t id)
{
    if (p->pc_n * 2 >= p->pc_cap) {
        size_t cap = p->pc_cap ? p->pc_cap * 2 : 1024;
        uint64_t *k = calloc(cap, sizeof(*k));
        uint32_t *v = calloc(cap, sizeof(*v));
        if (!k || !v) {
            free(k);
            free(v);
            return NULL;
        }
        for (size_t i = 0; i < p->pc_cap; i++) {
            if (!p->pc_keys[i])
                continue;
            size_t j = (size_t)(p->pc_keys[i] * 0x9E3779B97F4A7C15ull) & (cap - 1);
            while (k[j])
                j = (j + 1) & (cap - 1);
            k[j] = p->pc_keys[i];
            v[j] = p->pc_vals[i];
        }
        free(p->pc_keys);
        free(p->pc_vals);
        p->pc_keys = k;
        p->pc_vals = v;
        p->pc_cap = cap;
    }
    size_t j = (size_t)(id * 0x9E3779B97F4A7C15ull) & (p->pc_cap - 1);
    while (p->pc_keys[j] && p->pc_keys[j] != id)
        j = (j + 1) & (p->pc_cap - 1);
    if (!p->pc_keys[j]) {
        p->pc_keys[j] = id;
        p->pc_vals[j] = 0;
        p->pc_n++;
    }
    return &p->pc_vals[j];
}

static long setting_long(const pc_config *cfg, const char *carrier, const char *field, long dflt,
                         long lo, long hi)
{
    const char *v = pc_config_carrier(cfg, carrier, field);
    if (!v)
        return dflt;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi) {
        char key[128];
        snprintf(key, sizeof(key), "carrier.%s.%s", carrier, field);
        pc_log(PC_LOG_WARN, "poller", "ignoring invalid setting", "key", key, "value", v, NULL);
        return dflt;
    }
    return x;
}

static account *account_for(pc_poller *p, const pc_adapter *a)
{
    for (size_t i = 0; i < p->n_accts; i++)
        if (p->accts[i]->a == a)
            return p->accts[i];
    account **n = realloc(p->accts, (p->n_accts + 1) * sizeof(*n));
    if (!n)
        return NULL;
    p->accts = n;
    account *ac = calloc(1, sizeof(*ac));
    if (!ac)
        return NULL;
    p->accts[p->n_accts++] = ac;
    const pc_config *cfg = p->o.config;
    ac->a = a;
    ac->cfg.base_url = pc_config_carrier(cfg, a->name, "base_url");
    ac->cfg.api_key = pc_config_carrier(cfg, a->name, "api_key");
    ac->cfg.client_id = pc_config_carrier(cfg, a->name, "client_id");
    ac->cfg.client_secret = pc_config_carrier(cfg, a->name, "client_secret");
    ac->cfg.account = pc_config_carrier(cfg, a->name, "account");
    ac->concurrency = (int)setting_long(cfg, a->name, "concurrency", p->concurrency, 1, 1024);
    ac->rate = (double)setting_long(cfg, a->name, "rate", p->rate, 0, 100000);
    ac->tokens = ac->rate > 0 ? ac->rate : 0;
    ac->bucket_at = PC_TIME_NONE;
    ac->blocked_until = PC_TIME_NONE;
    ac->oauth = (a->caps & PC_CAP_OAUTH) && a->oauth_token_path;
    ac->token_not_before = PC_TIME_NONE;
    return ac;
}

static void batch_free(batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->numbers[i]);
    free(b->numbers);
    free(b->ids);
    free(b);
}

static void xfer_free(pc_poller *p, xfer *x)
{
    if (!x)
        return;
    if (x->prev)
        x->prev->next = x->next;
    else if (p->live == x)
        p->live = x->next;
    if (x->next)
        x->next->prev = x->prev;
    if (x->h) {
        curl_multi_remove_handle(p->multi, x->h);
        curl_easy_cleanup(x->h);
    }
    curl_slist_free_all(x->hdrs);
    pc_http_request_done(&x->req);
    free(x->buf);
    free(x);
}

/* ---- creation ------------------------------------------------------------------------------- */

int pc_poller_new(const pc_poller_opts *opts, pc_poller **ret_poller, char *err, size_t errlen)
{
    *ret_poller = NULL;
    if (!opts || !opts->store || !opts->registry || !opts->config) {
        pc__errbuf_set(err, errlen, "poller: store, registry and config are required");
        return PC_EINVAL;
    }
    pc_poller *p = calloc(1, sizeof(*p));
    if (!p)
        return PC_ENOMEM;
    p->o = *opts;
    if (!p->o.limits.max_body) {
        pc_parse_limits d = PC_PARSE_LIMITS_DEFAULT;
        p->o.limits = d;
    }
    if (p->o.backoff_base <= 0)
        p->o.backoff_base = 2;
    if (p->o.backoff_max <= 0)
        p->o.backoff_max = 300;
    p->o.backoff_max = MAX_(p->o.backoff_max, p->o.backoff_base);
    if (p->o.give_up_delay <= 0)
        p->o.give_up_delay = 1800;
    if (!p->o.max_per_run)
        p->o.max_per_run = 100000;
    snprintf(p->user_agent, sizeof(p->user_agent), "%s",
             opts->user_agent ? opts->user_agent : "parcelcast/" PC_VERSION);
    const pc_config *c = opts->config;
    p->concurrency = c->poll_concurrency;
    p->rate = c->poll_rate;
    p->timeout = c->poll_timeout;
    p->max_retries = c->poll_max_retries;
    p->expire_after = c->poll_expire_after;
    p->not_found_after = c->poll_not_found_expire_after;
    p->max_interval = c->poll_max_interval;
    p->rng = opts->seed ? opts->seed
                        : ((uint64_t)now_of(p) * 6364136223846793005ull) ^ (uint64_t)getpid();
    if (!p->rng)
        p->rng = 88172645463325252ull;
    atomic_init(&p->stop, 0);
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p);
        return PC_ENOMEM;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(p->multi = curl_multi_init())) {
        pc__errbuf_set(err, errlen, "poller: libcurl initialisation failed");
        pthread_mutex_destroy(&p->mu);
        free(p);
        return PC_EINTERNAL;
    }
    *ret_poller = p;
    return 0;
}

void pc_poller_free(pc_poller *p)
{
    if (!p)
        return;
    pc_poller_stop(p);
    for (size_t i = 0; i < p->n_accts; i++) {
        free(p->accts[i]->token);
        free(p->accts[i]);
    }
    free(p->accts);
    free(p->pc_keys);
    free(p->pc_vals);
    curl_multi_cleanup(p->multi);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

/* ---- collecting due work -------------------------------------------------------------------- */

typedef struct due_list {
    uint64_t *ids;
    size_t n, cap, max;
} due_list;

static int due_cb(uint64_t id, int64_t due, void *ctx)
{
    (void)due;
    due_list *d = ctx;
    if (d->n == d->max)
        return 1;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        uint64_t *n = realloc(d->ids, cap * sizeof(*n));
        if (!n)
            return PC_ENOMEM;
        d->ids = n;
        d->cap = cap;
    }
    d->ids[d->n++] = id;
    return 0;
}

typedef struct queue {
    batch **v;
    size_t n, cap;
} queue;

static int queue_push(queue *q, batch *b)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 64;
        batch **n = realloc(q->v, cap * sizeof(*n));
        if (!n)
            return PC_ENOMEM;
        q->v = n;
        q->cap = cap;
    }
    q->v[q->n++] = b;
    return 0;
}

/* Items found due but not pollable (no adapter): rescheduled, never dropped. */
typedef struct resched {
    uint64_t *ids;
    size_t n;
    int64_t when;
} resched;

static int resched_write(pc_txn *tx, void *ctx)
{
    resched *r = ctx;
    for (size_t i = 0; i < r->n; i++) {
        int rc = pc_store_set_next_poll(tx, r->ids[i], r->when);
        if (rc < 0 && rc != PC_ENOTFOUND)
            return rc;
    }
    return 0;
}

static int collect(pc_poller *p, int64_t now, queue *q, pc_poller_stats *run)
{
    due_list d = {NULL, 0, 0, p->o.max_per_run};
    pc_txn *tx = NULL;
    int rc = pc_store_read_begin(p->o.store, &tx);
    if (rc < 0)
        return rc;
    rc = pc_store_scan_due(tx, now, due_cb, &d);
    if (rc < 0)
        goto out;
    rc = 0;
    run->due_scanned += d.n;
    /* Open batches, one per account, filled in due order. */
    batch **open = calloc(p->o.registry ? pc_registry_count(p->o.registry) + 1 : 1, sizeof(*open));
    uint64_t *skip = calloc(d.n + 1, sizeof(*skip));
    size_t n_skip = 0;
    if (!open || !skip) {
        free(open);
        free(skip);
        rc = PC_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < d.n && rc == 0; i++) {
        pc_shipment s;
        if (pc_store_get_shipment_by_id(tx, d.ids[i], &s) < 0)
            continue;
        const pc_adapter *a = s.carrier ? pc_registry_find(p->o.registry, s.carrier) : NULL;
        size_t ai = 0;
        for (; a && ai < pc_registry_count(p->o.registry); ai++)
            if (pc_registry_at(p->o.registry, ai) == a)
                break;
        if (!a || !(a->caps & PC_CAP_PULL) || !a->build_request) {
            pc_log(PC_LOG_WARN, "poller", "no adapter can poll this carrier", "carrier",
                   s.carrier ? s.carrier : "", "number", s.tracking_number ? s.tracking_number : "",
                   NULL);
            skip[n_skip++] = d.ids[i];
            pc_shipment_done(&s);
            continue;
        }
        account *ac = account_for(p, a);
        if (!ac) {
            rc = PC_ENOMEM;
        } else {
            ac->stat = stat_index(run, a->name);
            size_t max = a->max_batch ? a->max_batch : 1;
            batch *b = open[ai];
            if (!b) {
                b = calloc(1, sizeof(*b));
                if (b) {
                    b->ids = calloc(max, sizeof(*b->ids));
                    b->numbers = calloc(max, sizeof(*b->numbers));
                }
                if (!b || !b->ids || !b->numbers || queue_push(q, b) < 0) {
                    batch_free(b);
                    rc = PC_ENOMEM;
                } else {
                    b->acct = ac;
                    b->not_before = PC_TIME_NONE;
                    open[ai] = b;
                }
            }
            if (rc == 0) {
                b->ids[b->n] = d.ids[i];
                b->numbers[b->n] = s.tracking_number;
                s.tracking_number = NULL;
                b->n++;
                if (b->n == max)
                    open[ai] = NULL;
            }
        }
        pc_shipment_done(&s);
    }
    free(open);
    pc_store_read_end(tx);
    tx = NULL;
    if (rc == 0 && n_skip) {
        resched r = {skip, n_skip, now + p->o.give_up_delay};
        rc = pc_store_write(p->o.store, resched_write, &r);
        rc = rc < 0 ? rc : 0;
    }
    free(skip);
out:
    if (tx)
        pc_store_read_end(tx);
    free(d.ids);
    return rc;
}

/* ---- transfers ------------------------------------------------------------------------------ */

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t n = size * nmemb;
    if (x->len + n > x->max) {
        x->too_big = true;
        return 0;
    }
    if (x->len + n + 1 > x->cap) {
        size_t cap = MAX_(x->cap * 2, x->len + n + 1);
        cap = MAX_(cap, (size_t)4096);
        char *b = realloc(x->buf, cap);
        if (!b)
            return 0;
        x->buf = b;
        x->cap = cap;
    }
    memcpy(x->buf + x->len, ptr, n);
    x->len += n;
    x->buf[x->len] = '\0';
    return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t n = size * nmemb;
    static const char name[] = "retry-after:";
    if (n > sizeof(name) - 1 && strncasecmp(ptr, name, sizeof(name) - 1) == 0) {
        char v[128];
        size_t vl = MIN_(n - (sizeof(name) - 1), sizeof(v) - 1);
        memcpy(v, ptr + sizeof(name) - 1, vl);
        v[vl] = '\0';
        char *s = v;
        while (*s == ' ' || *s == '\t')
            s++;
        for (size_t k = strlen(s);
             k > 0 && (s[k - 1] == '\r' || s[k - 1] == '\n' || s[k - 1] == ' '); k--)
            s[k - 1] = '\0';
        char *end;
        errno = 0;
        long secs = strtol(s, &end, 10);
        if (!errno && end != s && !*end && secs >= 0) {
            x->retry_after = (int)MIN_(secs, (long)DAY);
        } else {
            time_t when = curl_getdate(s, NULL);
            if (when != (time_t)-1) {
                int64_t d = (int64_t)when - xfer_now(x);
                x->retry_after = (int)MAX_(MIN_(d, (int64_t)DAY), (int64_t)1);
            }
        }
    }
    return n;
}

static int start_xfer(pc_poller *p, account *ac, batch *b, xfer **ret)
{
    xfer *x = calloc(1, sizeof(*x));
    if (!x)
        return PC_ENOMEM;
    x->acct = ac;
    x->b = b;
    x->max = p->o.limits.max_body;
    x->clock = p->o.clock;
    x->clock_ctx = p->o.clock_ctx;
    int rc;
    if (b) {
        ac->cfg.access_token = ac->token;
        rc = ac->a->build_request(&ac->cfg, (const char *const *)b->numbers, b->n, &x->req);
    } else {
        rc = pc_oauth_build_request(ac->a, &ac->cfg, &x->req);
    }
    if (rc < 0) {
        xfer_free(p, x);
        return rc;
    }
    if (!(x->h = curl_easy_init())) {
        xfer_free(p, x);
        return PC_ENOMEM;
    }
    for (size_t i = 0; i < x->req.n_headers; i++) {
        struct curl_slist *l = curl_slist_append(x->hdrs, x->req.headers[i]);
        if (!l) {
            xfer_free(p, x);
            return PC_ENOMEM;
        }
        x->hdrs = l;
    }
    CURL *h = x->h;
    curl_easy_setopt(h, CURLOPT_URL, x->req.url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, p->user_agent);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)p->timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)p->timeout);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(h, CURLOPT_PRIVATE, x);
    if (x->req.body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)x->req.body_len);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, x->req.body);
    }
    if (x->req.method && strcmp(x->req.method, x->req.body ? "POST" : "GET") != 0)
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, x->req.method);
    if (curl_multi_add_handle(p->multi, h) != CURLM_OK) {
        xfer_free(p, x);
        return PC_EINTERNAL;
    }
    ac->in_flight++;
    x->next = p->live;
    if (p->live)
        p->live->prev = x;
    p->live = x;
    *ret = x;
    return 0;
}

/* ---- committing an answer ------------------------------------------------------------------- */

typedef struct commit_ctx {
    pc_poller *p;
    batch *b;            /* owned once queued for the group commit */
    pc_parse_result res; /* owned */
    account *acct;
    int64_t now;
    /* per item, rewritten on every run of the callback */
    size_t *gained;
    pc_status *status;
    bool *expired;
    bool *delivered_now;
    bool *missing;
} commit_ctx;

static bool same_number(const char *a, const char *b)
{
    /* Carriers may echo a number with other case or spacing. */
    for (;;) {
        while (*a == ' ' || *a == '-')
            a++;
        while (*b == ' ' || *b == '-')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        char ca = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
        char cb = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
        if (ca != cb)
            return false;
        a++;
        b++;
    }
}

static int commit_item(pc_txn *tx, commit_ctx *c, size_t i)
{
    const batch *b = c->b;
    const pc_parse_result *res = &c->res;
    pc_poller *p = c->p;
    int rc = 0;
    pc_shipment cur;
    pc_shipment_init(&cur);
    c->gained[i] = 0;
    c->expired[i] = false;
    c->delivered_now[i] = false;
    c->missing[i] = false;
    pc_status before;
    if ((rc = pc_store_get_shipment_by_id(tx, b->ids[i], &cur)) < 0) {
        pc_shipment_done(&cur);
        if (rc == PC_ENOTFOUND) {
            c->missing[i] = true; /* deleted meanwhile: do not bring it back */
            return 0;
        }
        return rc;
    }
    before = cur.status;
    bool invalid = false;
    for (size_t k = 0; k < res->n_errors; k++)
        if (res->errors[k].tracking_number &&
            same_number(res->errors[k].tracking_number, b->numbers[i]) &&
            res->errors[k].kind == PC_TE_INVALID_NUMBER)
            invalid = true;
    for (size_t k = 0; k < res->n_shipments; k++) {
        const pc_shipment *s = &res->shipments[k];
        bool match =
            s->tracking_number ? same_number(s->tracking_number, b->numbers[i]) : (b->n == 1);
        if (!match)
            continue;
        /* Store under our carrier and number, whatever spelling the carrier echoed. */
        pc_shipment put = *s;
        put.carrier = cur.carrier;
        put.tracking_number = cur.tracking_number;
        put.tenant_id = cur.tenant_id; /* this record only, not every tenant's copy */
        pc_put_result pr;
        if ((rc = pc_store_put_shipment(tx, &put, c->now, &pr)) < 0)
            goto out;
        /* the carrier's estimate as known now, for replaying history (predict.h) */
        if ((rc = pc_edd_note(tx, pr.id, c->now, put.carrier_eta)) < 0)
            goto out;
        c->gained[i] += pr.events_added;
    }
    pc_shipment prev = cur; /* the state before this answer, for on_change */
    pc_shipment_init(&cur);
    if ((rc = pc_store_get_shipment_by_id(tx, b->ids[i], &cur)) == 0 && p->o.on_change &&
        (c->gained[i] > 0 || cur.status != before))
        rc = p->o.on_change(p->o.change_ctx, tx, &prev, &cur, c->now);
    pc_shipment_done(&prev);
    if (rc < 0)
        goto out;
    c->status[i] = cur.status;
    c->delivered_now[i] = cur.status == PC_STATUS_DELIVERED && before != PC_STATUS_DELIVERED;
    if (pc_status_is_final(cur.status))
        goto out; /* the merge already cleared the poll entry */
    if (pc_poll_is_expired(&cur, c->now, p->expire_after, p->not_found_after)) {
        /* The taxonomy's `expired` is a status like any other: a marker event carries it. */
        pc_shipment ex;
        pc_event *ev;
        pc_shipment_init(&ex);
        ex.carrier = cur.carrier;
        ex.tracking_number = cur.tracking_number;
        ex.tenant_id = cur.tenant_id;
        rc = pc_shipment_add_event(&ex, 0, &ev);
        if (rc == 0) {
            ev->time = MAX_(c->now, cur.n_events ? cur.events[cur.n_events - 1].time + 1 : 0);
            ev->status = PC_STATUS_EXPIRED;
            if ((rc = pc_set_str(&ev->code, "parcelcast.expired", (size_t)-1)) == 0)
                rc = pc_set_str(&ev->description,
                                cur.n_events ? "no carrier news: polling stopped"
                                             : "carrier never knew the number: polling stopped",
                                (size_t)-1);
            if (rc == 0)
                rc = pc_store_put_shipment(tx, &ex, c->now, NULL);
        }
        ex.carrier = NULL;
        ex.tracking_number = NULL;
        pc_shipment_done(&ex);
        c->expired[i] = rc == 0;
        c->status[i] = PC_STATUS_EXPIRED;
        goto out;
    }
    int64_t next = pc_poll_next_time(&cur, c->now, c->gained[i] > 0);
    if (p->max_interval > 0 && next != PC_TIME_NONE && next - c->now > p->max_interval)
        next = c->now + p->max_interval; /* poll.max_interval caps the schedule */
    if (invalid)
        next = MAX_(next, c->now + DAY);
    rc = pc_store_set_next_poll(tx, b->ids[i], next);
out:
    pc_shipment_done(&cur);
    return rc;
}

static int commit_write(pc_txn *tx, void *ctx)
{
    commit_ctx *c = ctx;
    for (size_t i = 0; i < c->b->n; i++) {
        int rc = commit_item(tx, c, i);
        if (rc < 0)
            return rc;
    }
    return 0;
}

typedef struct giveup_ctx {
    const batch *b;
    int64_t when;
} giveup_ctx;

static int giveup_write(pc_txn *tx, void *ctx)
{
    giveup_ctx *g = ctx;
    for (size_t i = 0; i < g->b->n; i++) {
        int rc = pc_store_set_next_poll(tx, g->b->ids[i], g->when);
        if (rc < 0 && rc != PC_ENOTFOUND)
            return rc;
    }
    return 0;
}

/* ---- the run -------------------------------------------------------------------------------- */

/* Answers parsed but not yet committed: written together in one durable transaction (group
 * commit), so a run pays one fsync per group, not per answer. An answer is acknowledged only
 * once its group is committed; a crash before that only means its numbers are asked again. */
#define GROUP_MAX 64

typedef struct run_state {
    pc_poller *p;
    pc_poller_stats *run;
    queue q;
    int store_rc;
    commit_ctx *pending[GROUP_MAX];
    size_t n_pending;
} run_state;

static pc_poller_carrier_stats *cs(run_state *r, const account *ac)
{
    return &r->run->carriers[ac->stat];
}

/* A batch failed as a whole: retry later, or reschedule it in the store after max_retries. */
static void batch_failed(run_state *r, batch *b, int64_t now, int retry_after)
{
    pc_poller *p = r->p;
    b->attempts++;
    /* A carrier asking for a wait longer than backoff_max is not waited for inside the run:
     * the numbers are rescheduled for then. */
    if (b->attempts > p->max_retries || retry_after > p->o.backoff_max) {
        int64_t later = b->attempts > p->max_retries ? p->o.give_up_delay : 0;
        giveup_ctx g = {b, now + MAX_(later, (int64_t)retry_after)};
        int rc = pc_store_write(p->o.store, giveup_write, &g);
        if (rc < 0 && r->store_rc == 0)
            r->store_rc = rc;
        cs(r, b->acct)->gave_up++;
        pc_log(PC_LOG_WARN, "poller", "giving up on a batch for now", "carrier", b->acct->a->name,
               "number", b->numbers[0], NULL);
        batch_free(b);
        return;
    }
    cs(r, b->acct)->retries++;
    int64_t delay = retry_after > 0 ? retry_after : backoff(p, b->attempts);
    b->not_before = now + delay;
    if (queue_push(&r->q, b) < 0) {
        batch_free(b);
        if (r->store_rc == 0)
            r->store_rc = PC_ENOMEM;
    }
}

static void token_done(run_state *r, xfer *x, CURLcode cc, long status, int64_t now)
{
    pc_poller *p = r->p;
    account *ac = x->acct;
    ac->token_pending = false;
    cs(r, ac)->token_requests++;
    char *tok = NULL;
    int64_t exp = 0;
    pc_diag diag;
    memset(&diag, 0, sizeof(diag));
    int rc = PC_ERETRY;
    if (cc == CURLE_OK)
        rc = pc_oauth_parse_token(x->buf ? x->buf : "", x->len, (int)status, &tok, &exp, &diag);
    else
        cs(r, ac)->errors[cc == CURLE_OPERATION_TIMEDOUT ? PC_PE_TIMEOUT : PC_PE_TRANSPORT]++;
    if (rc == 0) {
        free(ac->token);
        ac->token = tok;
        ac->token_failures = 0;
        int64_t margin = MIN_(MAX_(exp / 10, (int64_t)30), (int64_t)300);
        if (margin >= exp)
            margin = exp / 2;
        ac->token_expires = now + exp;
        ac->token_refresh_at = now + exp - margin;
        return;
    }
    cs(r, ac)->errors[PC_PE_TOKEN]++;
    if (rc == PC_EAUTH)
        cs(r, ac)->errors[PC_PE_AUTH]++;
    pc_log(PC_LOG_WARN, "poller", "token request failed", "carrier", ac->a->name, "error",
           pc_err_name(rc), "detail", diag.message, NULL);
    ac->token_failures++;
    if (ac->token_failures > p->max_retries) {
        /* The account cannot authenticate: every queued batch of it is rescheduled. */
        for (size_t i = 0; i < r->q.n; i++) {
            batch *b = r->q.v[i];
            if (b && b->acct == ac) {
                r->q.v[i] = NULL;
                b->attempts = p->max_retries;
                batch_failed(r, b, now, x->retry_after);
            }
        }
        ac->token_failures = 0;
        ac->token_not_before = now + p->o.give_up_delay;
        return;
    }
    ac->token_not_before =
        now + (x->retry_after > 0 ? x->retry_after : backoff(p, ac->token_failures));
}

static void commit_free(commit_ctx *c)
{
    if (!c)
        return;
    free(c->gained);
    free(c->status);
    free(c->expired);
    free(c->delivered_now);
    free(c->missing);
    pc_parse_result_done(&c->res);
    batch_free(c->b);
    free(c);
}

static int group_write(pc_txn *tx, void *ctx)
{
    run_state *r = ctx;
    for (size_t g = 0; g < r->n_pending; g++) {
        int rc = commit_write(tx, r->pending[g]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Commit the pending answers in one transaction, then count what they brought. */
static void flush_pending(run_state *r)
{
    if (r->n_pending == 0)
        return;
    pc_poller *p = r->p;
    int rc = pc_store_write(p->o.store, group_write, r);
    size_t gained = 0;
    for (size_t g = 0; g < r->n_pending; g++) {
        commit_ctx *c = r->pending[g];
        pc_poller_carrier_stats *st = cs(r, c->acct);
        if (rc < 0) {
            pc_log(PC_LOG_ERROR, "poller", "cannot store carrier answer", "carrier",
                   c->acct->a->name, "error", pc_err_name(rc), NULL);
        } else {
            for (size_t i = 0; i < c->b->n; i++) {
                if (c->missing[i])
                    continue;
                st->numbers_polled++;
                st->events_gained += c->gained[i];
                gained += c->gained[i];
                st->expired += c->expired[i];
                uint32_t *cnt = poll_count_slot(p, c->b->ids[i]);
                if (cnt)
                    (*cnt)++;
                if (c->delivered_now[i]) {
                    st->delivered++;
                    st->polls_of_delivered += cnt ? *cnt : 1;
                }
            }
        }
        commit_free(c);
        r->pending[g] = NULL;
    }
    r->n_pending = 0;
    if (rc < 0 && r->store_rc == 0)
        r->store_rc = rc;
    if (gained && p->o.on_events)
        p->o.on_events(p->o.events_ctx, gained);
}

static void track_done(run_state *r, xfer *x, CURLcode cc, long status, int64_t now)
{
    pc_poller *p = r->p;
    account *ac = x->acct;
    batch *b = x->b;
    x->b = NULL;
    pc_poller_carrier_stats *st = cs(r, ac);
    st->requests++;
    if (cc != CURLE_OK && !(cc == CURLE_WRITE_ERROR && x->too_big)) {
        st->errors[cc == CURLE_OPERATION_TIMEDOUT ? PC_PE_TIMEOUT : PC_PE_TRANSPORT]++;
        pc_log(PC_LOG_WARN, "poller", "request failed", "carrier", ac->a->name, "error",
               curl_easy_strerror(cc), NULL);
        batch_failed(r, b, now, 0);
        return;
    }
    if (status == 429) {
        st->errors[PC_PE_RATE_LIMITED]++;
        int ra = x->retry_after > 0 ? x->retry_after : (int)backoff(p, b->attempts + 1);
        ac->blocked_until = MAX_(ac->blocked_until, now + ra);
        batch_failed(r, b, now, ra);
        return;
    }
    if (status >= 500) {
        st->errors[PC_PE_HTTP_5XX]++;
        batch_failed(r, b, now, x->retry_after);
        return;
    }
    pc_parse_result res;
    memset(&res, 0, sizeof(res));
    pc_diag diag;
    memset(&diag, 0, sizeof(diag));
    pc_parse_input in = {.data = x->buf ? x->buf : "",
                         .len = x->len,
                         .format = PC_FORMAT_AUTO,
                         .limits = &p->o.limits,
                         .requested = (const char *const *)b->numbers,
                         .n_requested = b->n,
                         .http_status = (int)status,
                         .retry_after = x->retry_after};
    int rc = x->too_big ? pc_diag_set(&diag, PC_ELIMIT, x->max, 0, 0,
                                      "body larger than parse.max_body (%zu bytes)", x->max)
                        : pc_adapter_parse(ac->a, &in, 0, &res, &diag);
    /* Whole-request errors first: they say nothing about the numbers. */
    bool auth = status == 401 || status == 403;
    int rate_after = -1;
    bool carrier_err = false;
    for (size_t k = 0; rc == 0 && k < res.n_errors; k++) {
        const pc_track_error *e = &res.errors[k];
        if (e->kind == PC_TE_AUTH && !e->tracking_number)
            auth = true;
        else if (e->kind == PC_TE_RATE_LIMITED && !e->tracking_number)
            rate_after = e->retry_after > 0 ? e->retry_after : x->retry_after;
        else if (e->kind == PC_TE_CARRIER_ERROR && !e->tracking_number)
            carrier_err = true;
    }
    if (auth) {
        st->errors[PC_PE_AUTH]++;
        pc_parse_result_done(&res);
        if (ac->oauth && !b->auth_refetched) {
            /* The token may have been revoked early: fetch a new one, once per batch. */
            b->auth_refetched = true;
            free(ac->token);
            ac->token = NULL;
            if (queue_push(&r->q, b) < 0) {
                batch_free(b);
                r->store_rc = r->store_rc ? r->store_rc : PC_ENOMEM;
            }
            return;
        }
        ac->blocked_until = MAX_(ac->blocked_until, now + backoff(p, b->attempts + 1));
        batch_failed(r, b, now, 0);
        return;
    }
    if (rate_after >= 0) {
        st->errors[PC_PE_RATE_LIMITED]++;
        pc_parse_result_done(&res);
        int ra = rate_after > 0 ? rate_after : (int)backoff(p, b->attempts + 1);
        ac->blocked_until = MAX_(ac->blocked_until, now + ra);
        batch_failed(r, b, now, ra);
        return;
    }
    if (rc < 0) {
        st->errors[PC_PE_MALFORMED]++;
        char off[32], line[16], col[16], code[24];
        snprintf(off, sizeof(off), "%zu", diag.offset);
        snprintf(line, sizeof(line), "%d", diag.line);
        snprintf(col, sizeof(col), "%d", diag.column);
        snprintf(code, sizeof(code), "%ld", status);
        pc_log(PC_LOG_WARN, "poller", "malformed carrier answer", "carrier", ac->a->name,
               "http_status", code, "error", pc_err_name(rc), "offset", off, "line", line, "column",
               col, "detail", diag.message, NULL);
        pc_parse_result_done(&res);
        batch_failed(r, b, now, 0);
        return;
    }
    if (carrier_err || (status >= 400 && res.n_shipments == 0 && res.n_errors == 0)) {
        st->errors[carrier_err ? PC_PE_CARRIER_ERROR : PC_PE_HTTP_OTHER]++;
        pc_parse_result_done(&res);
        batch_failed(r, b, now, 0);
        return;
    }
    for (size_t k = 0; k < res.n_errors; k++) {
        pc_track_error_kind kind = res.errors[k].kind;
        if (res.errors[k].tracking_number && (int)kind >= 0 && kind < PC_TE__COUNT)
            st->errors[(int)kind]++; /* PC_PE_* starts with the carrier's own kinds */
    }
    commit_ctx *c = calloc(1, sizeof(*c));
    size_t n = b->n;
    if (c) {
        *c = (commit_ctx){.p = p, .b = b, .res = res, .acct = ac, .now = now};
        c->gained = calloc(n, sizeof(size_t));
        c->status = calloc(n, sizeof(pc_status));
        c->expired = calloc(n, sizeof(bool));
        c->delivered_now = calloc(n, sizeof(bool));
        c->missing = calloc(n, sizeof(bool));
    }
    if (!c || !c->gained || !c->status || !c->expired || !c->delivered_now || !c->missing) {
        if (c) { /* res and b are freed below, not by commit_free */
            c->res = (pc_parse_result){0};
            c->b = NULL;
        }
        commit_free(c);
        pc_parse_result_done(&res);
        batch_free(b);
        if (r->store_rc == 0)
            r->store_rc = PC_ENOMEM;
        return;
    }
    r->pending[r->n_pending++] = c;
    if (r->n_pending == GROUP_MAX)
        flush_pending(r);
}

static bool needs_token(const account *ac, int64_t now)
{
    return ac->oauth && (!ac->token || now >= ac->token_refresh_at);
}

static void bucket_refill(account *ac, int64_t now)
{
    if (ac->rate <= 0)
        return;
    if (ac->bucket_at == PC_TIME_NONE || now < ac->bucket_at) {
        ac->bucket_at = now;
        return;
    }
    ac->tokens = MIN_(ac->rate, ac->tokens + (double)(now - ac->bucket_at) * ac->rate);
    ac->bucket_at = now;
}

/* The earliest time batch b could start, given its account's state. */
static int64_t ready_at(const account *ac, const batch *b, int64_t now)
{
    int64_t t = now;
    if (b->not_before != PC_TIME_NONE)
        t = MAX_(t, b->not_before);
    if (ac->blocked_until != PC_TIME_NONE)
        t = MAX_(t, ac->blocked_until);
    if (needs_token(ac, now) && ac->token_not_before != PC_TIME_NONE)
        t = MAX_(t, ac->token_not_before);
    if (ac->rate > 0 && ac->tokens < 1.0) {
        double wait = (1.0 - ac->tokens) / ac->rate;
        int64_t w = (int64_t)wait;
        if ((double)w < wait)
            w++;
        t = MAX_(t, ac->bucket_at + MAX_(w, (int64_t)1));
    }
    return t;
}

static int start_ready(run_state *r, int64_t now, int *ret_started)
{
    pc_poller *p = r->p;
    *ret_started = 0;
    for (size_t i = 0; i < p->n_accts; i++)
        bucket_refill(p->accts[i], now);
    for (size_t i = 0; i < r->q.n; i++) {
        batch *b = r->q.v[i];
        if (!b)
            continue;
        account *ac = b->acct;
        if (ac->in_flight >= ac->concurrency || ready_at(ac, b, now) > now)
            continue;
        xfer *x = NULL;
        if (needs_token(ac, now)) {
            if (ac->token_pending)
                continue;
            int rc = start_xfer(p, ac, NULL, &x);
            if (rc < 0) {
                pc_log(PC_LOG_ERROR, "poller", "cannot build the token request", "carrier",
                       ac->a->name, "error", pc_err_name(rc), NULL);
                cs(r, ac)->errors[PC_PE_TOKEN]++;
                r->q.v[i] = NULL;
                b->attempts = p->max_retries;
                batch_failed(r, b, now, 0);
                continue;
            }
            ac->token_pending = true;
            (*ret_started)++;
            continue;
        }
        int rc = start_xfer(p, ac, b, &x);
        r->q.v[i] = NULL;
        if (rc < 0) {
            /* The adapter refuses these numbers as a request: no retry will help. */
            pc_log(PC_LOG_ERROR, "poller", "cannot build the request", "carrier", ac->a->name,
                   "number", b->numbers[0], "error", pc_err_name(rc), NULL);
            b->attempts = p->max_retries;
            batch_failed(r, b, now, 0);
            continue;
        }
        if (ac->rate > 0)
            ac->tokens -= 1.0;
        cs(r, ac)->max_in_flight = MAX_(cs(r, ac)->max_in_flight, ac->in_flight);
        (*ret_started)++;
    }
    /* compact */
    size_t k = 0;
    for (size_t i = 0; i < r->q.n; i++)
        if (r->q.v[i])
            r->q.v[k++] = r->q.v[i];
    r->q.n = k;
    return 0;
}

static void merge_stats(pc_poller_stats *into, const pc_poller_stats *from)
{
    into->runs += from->runs;
    into->due_scanned += from->due_scanned;
    for (size_t i = 0; i < from->n_carriers; i++) {
        const pc_poller_carrier_stats *f = &from->carriers[i];
        pc_poller_carrier_stats *t = &into->carriers[stat_index(into, f->carrier)];
        t->requests += f->requests;
        t->token_requests += f->token_requests;
        t->numbers_polled += f->numbers_polled;
        t->events_gained += f->events_gained;
        t->retries += f->retries;
        t->gave_up += f->gave_up;
        t->delivered += f->delivered;
        t->polls_of_delivered += f->polls_of_delivered;
        t->expired += f->expired;
        for (int k = 0; k < PC_PE__COUNT; k++)
            t->errors[k] += f->errors[k];
        t->max_in_flight = MAX_(t->max_in_flight, f->max_in_flight);
    }
}

static int run_locked(pc_poller *p, int64_t now, pc_poller_stats *run)
{
    run_state r;
    memset(&r, 0, sizeof(r));
    r.p = p;
    r.run = run;
    int rc = collect(p, now, &r.q, run);
    if (rc < 0)
        goto out;
    while ((r.q.n > 0 || p->live != NULL) && r.store_rc == 0 && !atomic_load(&p->stop)) {
        int64_t t = now_of(p);
        int started = 0;
        start_ready(&r, t, &started);
        int running = 0;
        curl_multi_perform(p->multi, &running);
        CURLMsg *m;
        int left, finished = 0;
        while ((m = curl_multi_info_read(p->multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            char *priv = NULL;
            long status = 0;
            CURLcode cc = m->data.result;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
            xfer *x = (xfer *)(void *)priv;
            curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            x->acct->in_flight--;
            int64_t tn = now_of(p);
            if (x->b)
                track_done(&r, x, cc, status, tn);
            else
                token_done(&r, x, cc, status, tn);
            xfer_free(p, x);
            finished++;
        }
        if (running > 0) {
            curl_multi_poll(p->multi, NULL, 0, 100, NULL);
            continue;
        }
        flush_pending(&r); /* nothing in flight: commit what was answered before waiting */
        if (started || finished || r.q.n == 0)
            continue; /* what finished may let a queued batch start now */
        /* Nothing in flight and nothing could start: wait for the earliest ready batch. */
        int64_t wake = INT64_MAX;
        for (size_t i = 0; i < r.q.n; i++)
            if (r.q.v[i])
                wake = MIN_(wake, ready_at(r.q.v[i]->acct, r.q.v[i], t));
        if (wake == INT64_MAX)
            continue;
        do_sleep(p, MAX_(wake - t, (int64_t)1));
    }
    if (!atomic_load(&p->stop))
        flush_pending(&r);
    rc = r.store_rc;
out:
    /* Stopped or failed: what is left stays due in the store (nothing acknowledged). */
    for (size_t g = 0; g < r.n_pending; g++)
        commit_free(r.pending[g]);
    r.n_pending = 0;
    while (p->live) {
        xfer *x = p->live;
        x->acct->in_flight--;
        if (!x->b)
            x->acct->token_pending = false;
        batch_free(x->b);
        xfer_free(p, x);
    }
    for (size_t i = 0; i < r.q.n; i++)
        batch_free(r.q.v[i]);
    free(r.q.v);
    run->runs++;
    return rc;
}

int pc_poller_run_once(pc_poller *p, int64_t now, pc_poller_stats *ret_run)
{
    pc_poller_stats *run = calloc(1, sizeof(*run));
    if (!run)
        return PC_ENOMEM;
    pthread_mutex_lock(&p->mu);
    bool busy = p->in_run;
    p->in_run = true;
    pthread_mutex_unlock(&p->mu);
    if (busy) {
        free(run);
        return PC_EBUSY;
    }
    if (now == PC_TIME_NONE)
        now = now_of(p);
    int rc = run_locked(p, now, run);
    pthread_mutex_lock(&p->mu);
    merge_stats(&p->total, run);
    p->in_run = false;
    pthread_mutex_unlock(&p->mu);
    if (ret_run)
        *ret_run = *run;
    free(run);
    return rc;
}

void pc_poller_stats_get(pc_poller *p, pc_poller_stats *ret)
{
    pthread_mutex_lock(&p->mu);
    *ret = p->total;
    pthread_mutex_unlock(&p->mu);
}

static void *thread_main(void *arg)
{
    pc_poller *p = arg;
    while (!atomic_load(&p->stop)) {
        int rc = pc_poller_run_once(p, PC_TIME_NONE, NULL);
        if (rc < 0 && rc != PC_EBUSY)
            pc_log(PC_LOG_ERROR, "poller", "poll run failed", "error", pc_err_name(rc), NULL);
        do_sleep(p, p->interval);
    }
    return NULL;
}

int pc_poller_start(pc_poller *p, int interval)
{
    if (p->thread_started)
        return PC_EBUSY;
    p->interval = interval > 0 ? interval : 1;
    atomic_store(&p->stop, 0);
    if (pthread_create(&p->thread, NULL, thread_main, p) != 0)
        return PC_ENOMEM;
    p->thread_started = true;
    return 0;
}

void pc_poller_stop(pc_poller *p)
{
    if (!p)
        return;
    atomic_store(&p->stop, 1);
    if (p->thread_started) {
        pthread_join(p->thread, NULL);
        p->thread_started = false;
    }
}
