/*
 * The carrier sandbox (sandbox.h, docs/sandbox.md): the simulator behind the carriers' own
 * tracking endpoints, served with libmicrohttpd.
 *
 * State shared by the server threads (clock anchor, token buckets, tokens, counters) sits
 * under one mutex; the model and the number index are immutable after start.
 */
#include "internal.h"

#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/error.h>
#include <parcelcast/model.h>
#include <parcelcast/sandbox.h>
#include <parcelcast/timeutil.h>

#include <arpa/inet.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#define DEFAULT_MAX_BODY   (1u << 20)
#define DEFAULT_TOKEN_LIFE 3600.0
#define MAX_TOKENS         4096 /* live tokens kept; the oldest expired ones go first */
#define ADMIN_PREFIX       "/_sandbox/"

typedef struct index_entry {
    char number[PC_SIM_NUMBER_MAX];
    uint32_t carrier; /* simulator carrier index */
    uint64_t index;   /* shipment index */
} index_entry;

typedef struct token {
    char value[40];
    size_t adapter; /* registry index */
    double expires; /* real seconds */
} token;

typedef struct carrier_state {
    const pc_adapter *a;
    double bucket;      /* tokens available */
    double bucket_time; /* real time of the last refill */
    uint64_t requests, rate_limited, server_errors, auth_errors, bad_requests, not_found;
    uint64_t tokens_issued;
} carrier_state;

struct pc_sandbox {
    pc_sandbox_opts opts;
    char url_host[INET6_ADDRSTRLEN + 2]; /* address as in a URL: "127.0.0.1", "[::1]" */
    struct MHD_Daemon *mhd;
    int port;
    pc_sim *sim;
    index_entry *entries; /* sorted by number, then carrier */
    uint32_t *position;   /* shipment index -> its entry (listings in shipment order) */
    size_t n_entries;
    size_t n_adapters;
    carrier_state *carriers; /* one per registry adapter (also the ones that cannot render) */
    pthread_mutex_t lock;
    double anchor_real;
    int64_t anchor_sim;
    uint64_t request_counter;
    uint64_t token_counter;
    token *tokens;
    size_t n_tokens;
};

typedef struct request {
    char *uri; /* raw path and query as the client sent it */
    char *body;
    size_t len, cap;
    int too_big;
    int started; /* the first call (headers only) has been seen */
} request;

/* ---- small helpers ------------------------------------------------------------------------ */

static double monotonic_now(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double real_now(const pc_sandbox *sb)
{
    return sb->opts.clock ? sb->opts.clock(sb->opts.clock_ctx) : monotonic_now(NULL);
}

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static int entry_cmp(const void *pa, const void *pb)
{
    const index_entry *a = pa, *b = pb;
    int c = strcmp(a->number, b->number);
    if (c)
        return c;
    return (a->carrier > b->carrier) - (a->carrier < b->carrier);
}

/* The shipment of carrier `name` with this number, or NULL. */
static const index_entry *find_number(const pc_sandbox *sb, const char *name, const char *number)
{
    size_t lo = 0, hi = sb->n_entries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(sb->entries[mid].number, number) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < sb->n_entries && strcmp(sb->entries[lo].number, number) == 0; lo++)
        if (strcmp(pc_sim_carrier_name(sb->entries[lo].carrier), name) == 0)
            return &sb->entries[lo];
    return NULL;
}

static int64_t sim_now_locked(const pc_sandbox *sb)
{
    double dt = (real_now(sb) - sb->anchor_real) * sb->opts.speed;
    return sb->anchor_sim + (int64_t)floor(dt);
}

/* ---- replies ------------------------------------------------------------------------------ */

typedef struct reply {
    int status;
    char *body; /* malloc'd */
    size_t len;
    const char *content_type;
    int retry_after; /* > 0: Retry-After header */
} reply;

static void reply_json(reply *out, int status, json_t *j)
{
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    out->status = text ? status : MHD_HTTP_INTERNAL_SERVER_ERROR;
    out->content_type = "application/json";
    out->body = text ? text : strdup("{\"error\":\"out of memory\"}");
    out->len = out->body ? strlen(out->body) : 0;
}

static void reply_error(reply *out, int status, const char *code, const char *message)
{
    reply_json(out, status, json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message));
}

static const char *sniff_type(const char *body, size_t len)
{
    size_t i = 0;
    while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
        i++;
    if (i + 3 <= len && (unsigned char)body[i] == 0xEF)
        i += 3; /* UTF-8 BOM */
    return i < len && body[i] == '<' ? "application/xml" : "application/json";
}

/*
 * One whole-request error (number NULL) or per-number errors and shipments through the
 * adapter's render. `min_status`/`max_status` bound the status the carrier answers with (e.g.
 * an injected 5xx is a 5xx even for a carrier that reports errors in a 200); 0 = any.
 */
static void reply_render(reply *out, const pc_adapter *a, const pc_shipment *ships, size_t n_ships,
                         const pc_track_error *errs, size_t n_errs, pc_format fmt, int min_status,
                         int max_status, int fallback_status)
{
    char *body = NULL;
    size_t len = 0;
    int http = 0;
    int rc = a->render(ships, n_ships, errs, n_errs, fmt, &body, &len, &http);
    if (rc < 0 || !body) {
        free(body);
        char msg[200];
        snprintf(msg, sizeof(msg), "%s: render failed: %s", a->name, pc_strerror(rc));
        reply_error(out, fallback_status ? fallback_status : MHD_HTTP_INTERNAL_SERVER_ERROR,
                    "render_failed", msg);
        return;
    }
    if (http <= 0)
        http = 200;
    if ((min_status && http < min_status) || (max_status && http > max_status))
        http = fallback_status;
    out->status = http;
    out->body = body;
    out->len = len;
    out->content_type = sniff_type(body, len);
}

static void reply_whole_error(reply *out, const pc_adapter *a, pc_track_error_kind kind,
                              const char *message, int retry_after, int min_status, int max_status,
                              int fallback_status)
{
    pc_track_error e = {.tracking_number = NULL,
                        .kind = kind,
                        .carrier_code = NULL,
                        .message = (char *)(uintptr_t)message,
                        .retry_after = retry_after};
    reply_render(out, a, NULL, 0, &e, 1, PC_FORMAT_AUTO, min_status, max_status, fallback_status);
}

/* ---- OAuth token endpoints ----------------------------------------------------------------- */

/* Value of a form field (percent-decoded, '+' as space), malloc'd, or NULL. */
static char *form_field(const char *body, const char *name)
{
    size_t len = 0;
    const char *v = body ? pc_query_param(body, name, &len) : NULL;
    if (!v)
        return NULL;
    char *copy = strndup(v, len);
    if (!copy)
        return NULL;
    for (char *p = copy; *p; p++)
        if (*p == '+')
            *p = ' ';
    char *dec = NULL;
    if (pc_url_decode(copy, strlen(copy), &dec) < 0)
        dec = NULL;
    free(copy);
    return dec;
}

/* "Basic base64(id:secret)" into malloc'd id and secret. @return 0 or -1. */
static int basic_credentials(const char *auth, char **ret_id, char **ret_secret)
{
    *ret_id = *ret_secret = NULL;
    if (!auth || strncasecmp(auth, "Basic ", 6) != 0)
        return -1;
    const char *b64 = auth + 6;
    while (*b64 == ' ')
        b64++;
    size_t n = strlen(b64);
    if (n == 0 || n % 4 || n > 4096)
        return -1;
    unsigned char *raw = malloc(n / 4 * 3 + 1);
    if (!raw)
        return -1;
    int m = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n);
    if (m < 0) {
        free(raw);
        return -1;
    }
    /* EVP_DecodeBlock counts the '=' padding as zero bytes. */
    if (n >= 1 && b64[n - 1] == '=')
        m--;
    if (n >= 2 && b64[n - 2] == '=')
        m--;
    raw[m] = '\0';
    char *colon = memchr(raw, ':', (size_t)m);
    if (!colon || strlen((char *)raw) != (size_t)m) {
        free(raw);
        return -1;
    }
    *ret_id = strndup((char *)raw, (size_t)(colon - (char *)raw));
    *ret_secret = strdup(colon + 1);
    free(raw);
    if (!*ret_id || !*ret_secret) {
        free(*ret_id);
        free(*ret_secret);
        *ret_id = *ret_secret = NULL;
        return -1;
    }
    return 0;
}

static void oauth_error(reply *out, int status, const char *error, const char *description)
{
    reply_json(out, status,
               json_pack("{s:s,s:s}", "error", error, "error_description", description));
}

static void handle_token(pc_sandbox *sb, struct MHD_Connection *c, size_t ai, const request *req,
                         reply *out)
{
    const pc_adapter *a = sb->carriers[ai].a;
    char *grant = form_field(req->body, "grant_type");
    char *id = NULL, *secret = NULL;

    if (!grant || strcmp(grant, "client_credentials") != 0) {
        oauth_error(out, MHD_HTTP_BAD_REQUEST, "unsupported_grant_type",
                    "grant_type must be client_credentials");
        goto out;
    }
    if (a->oauth_flags & PC_OAUTH_SECRET_IN_BODY) {
        id = form_field(req->body, "client_id");
        secret = form_field(req->body, "client_secret");
    } else {
        (void)basic_credentials(
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION), &id,
            &secret);
    }
    if (!id || !*id || !secret || !*secret ||
        (sb->opts.client_id && strcmp(id, sb->opts.client_id) != 0) ||
        (sb->opts.client_secret && strcmp(secret, sb->opts.client_secret) != 0)) {
        pthread_mutex_lock(&sb->lock);
        sb->carriers[ai].auth_errors++;
        pthread_mutex_unlock(&sb->lock);
        oauth_error(out, MHD_HTTP_UNAUTHORIZED, "invalid_client",
                    (a->oauth_flags & PC_OAUTH_SECRET_IN_BODY)
                        ? "client_id and client_secret form fields are missing or wrong"
                        : "HTTP Basic client credentials are missing or wrong");
        goto out;
    }

    double life = sb->opts.token_lifetime > 0 ? sb->opts.token_lifetime : DEFAULT_TOKEN_LIFE;
    token t = {.adapter = ai};
    pthread_mutex_lock(&sb->lock);
    double now = real_now(sb);
    t.expires = now + life;
    uint64_t k = ++sb->token_counter;
    uint64_t h1 = splitmix64(sb->opts.seed ^ splitmix64(k)), h2 = splitmix64(h1 ^ ai);
    snprintf(t.value, sizeof(t.value), "sbx%016" PRIx64 "%016" PRIx64, h1, h2);
    /* Drop expired tokens; when still full, the oldest goes. */
    size_t w = 0;
    for (size_t i = 0; i < sb->n_tokens; i++)
        if (sb->tokens[i].expires > now)
            sb->tokens[w++] = sb->tokens[i];
    sb->n_tokens = w;
    if (sb->n_tokens == MAX_TOKENS) {
        memmove(sb->tokens, sb->tokens + 1, (MAX_TOKENS - 1) * sizeof(*sb->tokens));
        sb->n_tokens--;
    }
    sb->tokens[sb->n_tokens++] = t;
    sb->carriers[ai].tokens_issued++;
    pthread_mutex_unlock(&sb->lock);
    reply_json(out, MHD_HTTP_OK,
               json_pack("{s:s,s:s,s:I}", "access_token", t.value, "token_type", "Bearer",
                         "expires_in", (json_int_t)ceil(life)));
out:
    free(grant);
    free(id);
    free(secret);
}

/* Whether the request carries "Authorization: Bearer <a live token of adapter ai>". */
static int bearer_ok(pc_sandbox *sb, struct MHD_Connection *c, size_t ai)
{
    const char *auth =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!auth || strncasecmp(auth, "Bearer ", 7) != 0)
        return 0;
    const char *v = auth + 7;
    while (*v == ' ')
        v++;
    int ok = 0;
    pthread_mutex_lock(&sb->lock);
    double now = real_now(sb);
    for (size_t i = 0; i < sb->n_tokens && !ok; i++)
        ok = sb->tokens[i].adapter == ai && sb->tokens[i].expires > now &&
             strcmp(sb->tokens[i].value, v) == 0;
    pthread_mutex_unlock(&sb->lock);
    return ok;
}

/* ---- tracking requests --------------------------------------------------------------------- */

/* The body format a request implies: Web Tools style "?API=...&XML=<...>" asks for XML. */
static pc_format implied_format(const pc_adapter *a, const char *uri)
{
    const char *q = strchr(uri, '?');
    size_t len = 0;
    if ((a->caps & PC_CAP_XML) && (a->caps & PC_CAP_JSON) && q && pc_query_param(q, "XML", &len))
        return PC_FORMAT_XML;
    return PC_FORMAT_AUTO;
}

static void handle_track(pc_sandbox *sb, struct MHD_Connection *c, size_t ai, const request *req,
                         char **numbers, size_t n, reply *out)
{
    carrier_state *cs = &sb->carriers[ai];
    const pc_adapter *a = cs->a;
    pc_shipment *ships = NULL;
    pc_track_error *errs = NULL;
    size_t n_ships = 0, n_errs = 0;

    /* Rate limit, then the 5xx lottery, then authentication: a gateway answers before the
     * application does. */
    pthread_mutex_lock(&sb->lock);
    double now = real_now(sb);
    cs->requests++;
    uint64_t counter = ++sb->request_counter;
    int retry_after = 0;
    if (sb->opts.rate_limit > 0) {
        double burst = sb->opts.rate_burst > 0
                           ? sb->opts.rate_burst
                           : (sb->opts.rate_limit > 1 ? sb->opts.rate_limit : 1);
        double dt = now - cs->bucket_time;
        if (dt > 0)
            cs->bucket = fmin(burst, cs->bucket + dt * sb->opts.rate_limit);
        cs->bucket_time = now;
        if (cs->bucket >= 1.0) {
            cs->bucket -= 1.0;
        } else {
            double wait = (1.0 - cs->bucket) / sb->opts.rate_limit;
            retry_after = (int)ceil(wait);
            if (retry_after < 1)
                retry_after = 1;
            cs->rate_limited++;
        }
    }
    int fail = 0;
    if (!retry_after && sb->opts.error_rate > 0) {
        uint64_t h = splitmix64(sb->opts.seed ^ splitmix64(counter ^ 0x5A4DB0C5ull));
        double u = (double)(h >> 11) * 0x1.0p-53;
        fail = u < sb->opts.error_rate;
        if (fail)
            cs->server_errors++;
    }
    int64_t t = sim_now_locked(sb);
    pthread_mutex_unlock(&sb->lock);

    if (retry_after) {
        reply_whole_error(out, a, PC_TE_RATE_LIMITED, "Rate limit exceeded; retry later",
                          retry_after, 0, 0, 0);
        out->retry_after = retry_after;
        return;
    }
    if (fail) {
        reply_whole_error(out, a, PC_TE_CARRIER_ERROR,
                          "The service is temporarily unavailable (sandbox error injection)", 0,
                          500, 599, MHD_HTTP_SERVICE_UNAVAILABLE);
        return;
    }
    /* Web Tools requests (USPS TrackV2: ?API=..&XML=..) carried a USERID, not a token. */
    if (a->oauth_token_path && *a->oauth_token_path &&
        implied_format(a, req->uri) == PC_FORMAT_AUTO && !bearer_ok(sb, c, ai)) {
        pthread_mutex_lock(&sb->lock);
        cs->auth_errors++;
        pthread_mutex_unlock(&sb->lock);
        reply_whole_error(out, a, PC_TE_AUTH, "Invalid or expired access token", 0, 0, 0, 0);
        return;
    }

    if (!(ships = calloc(n, sizeof(*ships))) || !(errs = calloc(n, sizeof(*errs)))) {
        reply_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
        goto out;
    }
    size_t missing = 0;
    for (size_t i = 0; i < n; i++) {
        const index_entry *e = find_number(sb, a->name, numbers[i]);
        int rc = PC_ENOTFOUND;
        if (e) {
            pc_sim_truth truth;
            pc_shipment full;
            rc = pc_sim_shipment(sb->sim, sb->opts.seed, e->index, &truth, &full);
            if (rc == 0)
                rc = pc_sim_snapshot(&truth, &full, t, &ships[n_ships]);
            else
                pc_shipment_init(&ships[n_ships]);
            pc_shipment_done(&full);
            if (rc == 0) {
                n_ships++;
                continue;
            }
            pc_shipment_done(&ships[n_ships]);
            memset(&ships[n_ships], 0, sizeof(ships[n_ships]));
        }
        if (rc != PC_ENOTFOUND) {
            reply_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", pc_strerror(rc));
            goto out;
        }
        errs[n_errs].tracking_number = numbers[i]; /* borrowed; not freed below */
        errs[n_errs].kind = PC_TE_NOT_FOUND;
        errs[n_errs].message = (char *)(uintptr_t) "Tracking number not found";
        n_errs++;
        missing++;
    }
    if (missing) {
        pthread_mutex_lock(&sb->lock);
        cs->not_found += missing;
        pthread_mutex_unlock(&sb->lock);
    }
    reply_render(out, a, ships, n_ships, errs, n_errs, implied_format(a, req->uri), 0, 0, 0);
out:
    for (size_t i = 0; ships && i < n_ships; i++)
        pc_shipment_done(&ships[i]);
    free(ships);
    free(errs);
}

/* ---- admin endpoints ---------------------------------------------------------------------- */

static void admin_shipments(pc_sandbox *sb, const char *query, reply *out)
{
    size_t clen = 0, flen = 0;
    const char *carrier = query ? pc_query_param(query, "carrier", &clen) : NULL;
    const char *format = query ? pc_query_param(query, "format", &flen) : NULL;
    int as_json = format && flen == 4 && strncmp(format, "json", 4) == 0;
    if (format && !as_json && !(flen == 6 && strncmp(format, "ndjson", 6) == 0)) {
        reply_error(out, MHD_HTTP_BAD_REQUEST, "bad_format", "format must be ndjson or json");
        return;
    }
    pc_buf b = {0};
    if (as_json)
        pc_buf_add(&b, "[", 1);
    size_t k = 0;
    /* In shipment order (index), not number order: the first N of a carrier are stable. */
    for (size_t i = 0; i < sb->n_entries; i++) {
        const index_entry *e = &sb->entries[sb->position[i]];
        const char *name = pc_sim_carrier_name(e->carrier);
        if (carrier && (strlen(name) != clen || strncmp(name, carrier, clen) != 0))
            continue;
        /* numbers are the simulator's digits and letters: no JSON escaping needed */
        pc_buf_addf(&b, "%s{\"carrier\":\"%s\",\"tracking_number\":\"%s\",\"index\":%" PRIu64 "}%s",
                    as_json && k ? "," : "", name, e->number, e->index, as_json ? "" : "\n");
        k++;
    }
    if (as_json)
        pc_buf_add(&b, "]\n", 2);
    size_t len = 0;
    char *text = pc_buf_take(&b, &len);
    if (!text) {
        reply_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
        return;
    }
    out->status = MHD_HTTP_OK;
    out->body = text;
    out->len = len;
    out->content_type = as_json ? "application/json" : "application/x-ndjson";
}

static void admin_truth(pc_sandbox *sb, const char *rest, reply *out)
{
    const char *slash = strchr(rest, '/');
    char *carrier = NULL, *number = NULL;
    if (!slash || slash == rest || !slash[1] ||
        pc_url_decode(rest, (size_t)(slash - rest), &carrier) < 0 ||
        pc_url_decode(slash + 1, strlen(slash + 1), &number) < 0) {
        reply_error(out, MHD_HTTP_BAD_REQUEST, "bad_path",
                    "expected /_sandbox/truth/<carrier>/<number>");
        goto out;
    }
    const index_entry *e = find_number(sb, carrier, number);
    pc_sim_truth truth;
    if (!e || pc_sim_shipment(sb->sim, sb->opts.seed, e->index, &truth, NULL) < 0) {
        reply_error(out, MHD_HTTP_NOT_FOUND, "not_found", "no such shipment in the sandbox");
        goto out;
    }
    char *line = malloc(PC_SIM_TRUTH_MAX);
    size_t len = 0;
    if (!line || pc_sim_truth_format(&truth, line, PC_SIM_TRUTH_MAX, &len) < 0) {
        free(line);
        reply_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "cannot format the truth");
        goto out;
    }
    out->status = MHD_HTTP_OK;
    out->body = line;
    out->len = len;
    out->content_type = "application/x-ndjson";
out:
    free(carrier);
    free(number);
}

static void admin_stats(pc_sandbox *sb, reply *out)
{
    json_t *root = json_object(), *per = json_object();
    pc_sandbox_stats tot;
    pc_sandbox_get_stats(sb, &tot);
    pthread_mutex_lock(&sb->lock);
    for (size_t i = 0; i < sb->n_adapters; i++) {
        const carrier_state *cs = &sb->carriers[i];
        if (!(cs->a->caps & PC_CAP_RENDER))
            continue;
        json_object_set_new(
            per, cs->a->name,
            json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "requests", (json_int_t)cs->requests,
                      "rate_limited", (json_int_t)cs->rate_limited, "server_errors",
                      (json_int_t)cs->server_errors, "auth_errors", (json_int_t)cs->auth_errors,
                      "bad_requests", (json_int_t)cs->bad_requests, "not_found",
                      (json_int_t)cs->not_found, "tokens_issued", (json_int_t)cs->tokens_issued));
    }
    pthread_mutex_unlock(&sb->lock);
    json_object_set_new(root, "requests", json_integer((json_int_t)tot.requests));
    json_object_set_new(root, "rate_limited", json_integer((json_int_t)tot.rate_limited));
    json_object_set_new(root, "server_errors", json_integer((json_int_t)tot.server_errors));
    json_object_set_new(root, "auth_errors", json_integer((json_int_t)tot.auth_errors));
    json_object_set_new(root, "bad_requests", json_integer((json_int_t)tot.bad_requests));
    json_object_set_new(root, "not_found", json_integer((json_int_t)tot.not_found));
    json_object_set_new(root, "tokens_issued", json_integer((json_int_t)tot.tokens_issued));
    json_object_set_new(root, "carriers", per);
    reply_json(out, MHD_HTTP_OK, root);
}

static void admin_clock(pc_sandbox *sb, reply *out)
{
    int64_t t = pc_sandbox_time(sb);
    char buf[40];
    reply_json(out, MHD_HTTP_OK,
               json_pack("{s:s,s:I,s:f}", "time", pc_time_format(t, buf, sizeof(buf)), "unix",
                         (json_int_t)t, "speed", sb->opts.speed));
}

static void handle_admin(pc_sandbox *sb, const char *method, const char *path, const char *query,
                         reply *out)
{
    const char *rest = path + strlen(ADMIN_PREFIX);
    if (strcmp(method, "GET") != 0) {
        reply_error(out, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                    "the sandbox's admin endpoints answer GET only");
    } else if (strcmp(rest, "shipments") == 0) {
        admin_shipments(sb, query, out);
    } else if (strncmp(rest, "truth/", 6) == 0) {
        admin_truth(sb, rest + 6, out);
    } else if (strcmp(rest, "clock") == 0) {
        admin_clock(sb, out);
    } else if (strcmp(rest, "stats") == 0) {
        admin_stats(sb, out);
    } else {
        reply_error(out, MHD_HTTP_NOT_FOUND, "not_found",
                    "admin endpoints: /_sandbox/shipments, /_sandbox/truth/<carrier>/<number>, "
                    "/_sandbox/clock, /_sandbox/stats");
    }
}

/* ---- dispatch ----------------------------------------------------------------------------- */

static void dispatch(pc_sandbox *sb, struct MHD_Connection *c, const char *method, request *req,
                     reply *out)
{
    const char *uri = req->uri ? req->uri : "/";
    size_t plen = strcspn(uri, "?#");
    char *path = strndup(uri, plen);
    if (!path) {
        reply_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
        return;
    }
    const char *query = uri[plen] == '?' ? uri + plen : NULL;

    if (strncmp(path, ADMIN_PREFIX, strlen(ADMIN_PREFIX)) == 0) {
        handle_admin(sb, method, path, query, out);
        goto out;
    }
    for (size_t i = 0; i < sb->n_adapters; i++) {
        const pc_adapter *a = sb->carriers[i].a;
        if ((a->caps & PC_CAP_RENDER) && a->render && a->oauth_token_path && *a->oauth_token_path &&
            strcmp(path, a->oauth_token_path) == 0) {
            if (strcmp(method, "POST") != 0)
                oauth_error(out, MHD_HTTP_METHOD_NOT_ALLOWED, "invalid_request",
                            "the token endpoint answers POST only");
            else
                handle_token(sb, c, i, req, out);
            goto out;
        }
    }
    for (size_t i = 0; i < sb->n_adapters; i++) {
        const pc_adapter *a = sb->carriers[i].a;
        if (!(a->caps & PC_CAP_RENDER) || !a->render || !a->parse_request)
            continue;
        char **numbers = NULL;
        size_t n = 0;
        int rc = a->parse_request(method, uri, req->body, req->len, &numbers, &n);
        if (rc == PC_ENOTFOUND)
            continue;
        if (rc == 0 && n > 0) {
            handle_track(sb, c, i, req, numbers, n, out);
        } else {
            pthread_mutex_lock(&sb->lock);
            sb->carriers[i].requests++;
            sb->carriers[i].bad_requests++;
            pthread_mutex_unlock(&sb->lock);
            if (rc == PC_ENOMEM) {
                reply_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
            } else {
                char msg[200];
                snprintf(msg, sizeof(msg), "Malformed %s tracking request", a->display_name);
                /* In the carrier's error style when it has one, always a 4xx. */
                reply_whole_error(out, a, PC_TE_INVALID_NUMBER, msg, 0, 400, 499,
                                  MHD_HTTP_BAD_REQUEST);
            }
        }
        pc_strv_free(numbers, n);
        goto out;
    }
    {
        char msg[300];
        snprintf(msg, sizeof(msg), "no simulated carrier endpoint for %s %.200s", method, path);
        reply_error(out, MHD_HTTP_NOT_FOUND, "not_found", msg);
    }
out:
    free(path);
}

static enum MHD_Result send_reply(struct MHD_Connection *c, reply *out)
{
    if (!out->body) {
        out->body = strdup("{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}");
        out->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        out->content_type = "application/json";
        if (!out->body)
            return MHD_NO;
        out->len = strlen(out->body);
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(out->len, out->body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(out->body);
        return MHD_NO;
    }
    out->body = NULL;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, out->content_type);
    if (out->retry_after > 0) {
        char ra[24];
        snprintf(ra, sizeof(ra), "%d", out->retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    enum MHD_Result r = MHD_queue_response(c, (unsigned)out->status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* Keep the raw request target: parse_request wants it exactly as the client built it. */
static void *log_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    request *req = calloc(1, sizeof(*req));
    if (req)
        req->uri = strdup(uri ? uri : "/");
    return req;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)url;
    (void)version;
    pc_sandbox *sb = cls;
    request *req = *con_cls;
    reply out = {0};

    if (!req || !req->uri)
        return MHD_NO;
    if (!req->started) {
        req->started = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (req->too_big || req->len + n > sb->opts.max_body) {
            req->too_big = 1;
            return MHD_YES;
        }
        if (pc__http_body_add(&req->body, &req->len, &req->cap, upload_data, n) < 0)
            return MHD_NO;
        return MHD_YES;
    }
    if (req->too_big) {
        char msg[120];
        snprintf(msg, sizeof(msg), "request body exceeds the limit of %zu bytes",
                 sb->opts.max_body);
        reply_error(&out, MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large", msg);
        return send_reply(c, &out);
    }
    dispatch(sb, c, method, req, &out);
    return send_reply(c, &out);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request *req = *con_cls;
    if (req) {
        free(req->uri);
        free(req->body);
        free(req);
        *con_cls = NULL;
    }
}

/* ---- life cycle --------------------------------------------------------------------------- */

static int build_index(pc_sandbox *sb, char *err, size_t errlen)
{
    size_t n = sb->opts.shipments;
    if (n == 0)
        return 0;
    sb->entries = calloc(n, sizeof(*sb->entries));
    if (!sb->entries)
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        pc_sim_truth truth;
        int rc = pc_sim_shipment(sb->sim, sb->opts.seed, i, &truth, NULL);
        if (rc < 0) {
            snprintf(err, errlen, "simulating shipment %zu: %s", i, pc_strerror(rc));
            return rc;
        }
        snprintf(sb->entries[i].number, sizeof(sb->entries[i].number), "%s", truth.tracking_number);
        sb->entries[i].carrier = (uint32_t)truth.carrier_index;
        sb->entries[i].index = i;
    }
    qsort(sb->entries, n, sizeof(*sb->entries), entry_cmp);
    if (!(sb->position = malloc(n * sizeof(*sb->position))))
        return PC_ENOMEM;
    for (size_t i = 0; i < n; i++)
        sb->position[sb->entries[i].index] = (uint32_t)i;
    sb->n_entries = n;
    return 0;
}

int pc_sandbox_start(const pc_sandbox_opts *opts, pc_sandbox **ret_sb, char *err, size_t errlen)
{
    char dummy[8];
    if (!err || !errlen) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    err[0] = '\0';
    if (!opts || !ret_sb || !opts->registry) {
        snprintf(err, errlen, "sandbox: options and an adapter registry are required");
        return PC_EINVAL;
    }
    *ret_sb = NULL;
    if (!(opts->speed >= 0) || !isfinite(opts->speed)) {
        snprintf(err, errlen, "sandbox: speed must be a finite number >= 0");
        return PC_EINVAL;
    }
    if (!(opts->error_rate >= 0 && opts->error_rate <= 1)) {
        snprintf(err, errlen, "sandbox: error rate must be between 0 and 1");
        return PC_EINVAL;
    }
    if (!(opts->rate_limit >= 0) || !isfinite(opts->rate_limit) || !(opts->rate_burst >= 0) ||
        !isfinite(opts->rate_burst)) {
        snprintf(err, errlen, "sandbox: rate limit and burst must be finite numbers >= 0");
        return PC_EINVAL;
    }
    if (opts->port < 0 || opts->port > 65535) {
        snprintf(err, errlen, "sandbox: port %d is out of range 0-65535", opts->port);
        return PC_EINVAL;
    }
    if (opts->shipments > (size_t)UINT32_MAX) {
        snprintf(err, errlen, "sandbox: at most %" PRIu32 " shipments", UINT32_MAX);
        return PC_EINVAL;
    }

    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    const char *address = opts->address ? opts->address : "127.0.0.1";
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, address, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)opts->port);
    } else if (inet_pton(AF_INET6, address, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)opts->port);
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(err, errlen, "sandbox: address '%s' is not an IPv4 or IPv6 address", address);
        return PC_EINVAL;
    }

    pc_sandbox *sb = calloc(1, sizeof(*sb));
    if (!sb)
        return PC_ENOMEM;
    sb->opts = *opts;
    sb->opts.address = NULL; /* borrowed strings are not kept */
    snprintf(sb->url_host, sizeof(sb->url_host), flags & MHD_USE_IPv6 ? "[%s]" : "%s", address);
    if (!sb->opts.max_body)
        sb->opts.max_body = DEFAULT_MAX_BODY;
    pthread_mutex_init(&sb->lock, NULL);
    int rc;

    pc_sim_config cfg;
    if (opts->sim_config)
        cfg = *opts->sim_config;
    else
        pc_sim_config_default(&cfg);
    if ((rc = pc_sim_new(&cfg, &sb->sim, err, errlen)) < 0)
        goto fail;
    if ((rc = build_index(sb, err, errlen)) < 0)
        goto fail;

    sb->n_adapters = pc_registry_count(opts->registry);
    rc = PC_ENOMEM;
    if (!(sb->carriers = calloc(sb->n_adapters ? sb->n_adapters : 1, sizeof(*sb->carriers))) ||
        !(sb->tokens = calloc(MAX_TOKENS, sizeof(*sb->tokens))))
        goto fail;
    double now = real_now(sb);
    double burst =
        opts->rate_burst > 0 ? opts->rate_burst : (opts->rate_limit > 1 ? opts->rate_limit : 1);
    for (size_t i = 0; i < sb->n_adapters; i++) {
        sb->carriers[i].a = pc_registry_at(opts->registry, i);
        sb->carriers[i].bucket = burst;
        sb->carriers[i].bucket_time = now;
    }
    sb->anchor_real = now;
    sb->anchor_sim = opts->start != PC_TIME_NONE ? opts->start : cfg.start;

    sb->mhd = MHD_start_daemon(flags, (uint16_t)opts->port, NULL, NULL, handle, sb,
                               MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_THREAD_POOL_SIZE,
                               (unsigned)(opts->threads > 0 ? opts->threads : 1),
                               MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_URI_LOG_CALLBACK,
                               log_uri, sb, MHD_OPTION_NOTIFY_COMPLETED, completed, sb,
                               MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_END);
    if (!sb->mhd) {
        snprintf(err, errlen, "sandbox: cannot listen on %s:%d (address in use or not permitted)",
                 address, opts->port);
        rc = PC_EIO;
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(sb->mhd, MHD_DAEMON_INFO_BIND_PORT);
    sb->port = info ? info->port : opts->port;
    *ret_sb = sb;
    return 0;
fail:
    pc_sandbox_stop(sb);
    return rc;
}

int pc_sandbox_port(const pc_sandbox *sb)
{
    return sb->port;
}

int64_t pc_sandbox_time(pc_sandbox *sb)
{
    pthread_mutex_lock(&sb->lock);
    int64_t t = sim_now_locked(sb);
    pthread_mutex_unlock(&sb->lock);
    return t;
}

void pc_sandbox_set_time(pc_sandbox *sb, int64_t t)
{
    pthread_mutex_lock(&sb->lock);
    sb->anchor_real = real_now(sb);
    sb->anchor_sim = t;
    pthread_mutex_unlock(&sb->lock);
}

size_t pc_sandbox_count(const pc_sandbox *sb)
{
    return sb->n_entries;
}

int pc_sandbox_truth(const pc_sandbox *sb, size_t i, pc_sim_truth *ret_truth)
{
    if (i >= sb->n_entries)
        return PC_ENOTFOUND;
    return pc_sim_shipment(sb->sim, sb->opts.seed, i, ret_truth, NULL);
}

const pc_sim *pc_sandbox_sim(const pc_sandbox *sb)
{
    return sb->sim;
}

void pc_sandbox_get_stats(pc_sandbox *sb, pc_sandbox_stats *ret)
{
    memset(ret, 0, sizeof(*ret));
    pthread_mutex_lock(&sb->lock);
    for (size_t i = 0; i < sb->n_adapters; i++) {
        const carrier_state *cs = &sb->carriers[i];
        ret->requests += cs->requests;
        ret->rate_limited += cs->rate_limited;
        ret->server_errors += cs->server_errors;
        ret->auth_errors += cs->auth_errors;
        ret->bad_requests += cs->bad_requests;
        ret->not_found += cs->not_found;
        ret->tokens_issued += cs->tokens_issued;
    }
    pthread_mutex_unlock(&sb->lock);
}

void pc_sandbox_stop(pc_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->mhd)
        MHD_stop_daemon(sb->mhd);
    pc_sim_free(sb->sim);
    free(sb->entries);
    free(sb->position);
    free(sb->carriers);
    free(sb->tokens);
    pthread_mutex_destroy(&sb->lock);
    free(sb);
}

int pc_sandbox_configure(const pc_sandbox *sb, const pc_registry *reg, const char *credential,
                         pc_config *cfg, char *err, size_t errlen)
{
    static const char *const fields[] = {"client_id", "client_secret", "api_key", "account"};
    for (size_t i = 0; i < pc_registry_count(reg); i++) {
        const pc_adapter *a = pc_registry_at(reg, i);
        if (!(a->caps & PC_CAP_RENDER))
            continue;
        /* The production URL's path after scheme://host, e.g. GLS's "/track-and-trace-v1". */
        const char *host = a->base_url ? strstr(a->base_url, "://") : NULL;
        const char *path = host ? strchr(host + 3, '/') : NULL;
        char key[96], url[256];
        snprintf(key, sizeof(key), "carrier.%s.base_url", a->name);
        snprintf(url, sizeof(url), "http://%s:%d%s", sb->url_host, sb->port, path ? path : "");
        int rc = pc_config_set(cfg, key, url, err, errlen);
        for (size_t f = 0; rc == 0 && f < sizeof(fields) / sizeof(fields[0]); f++) {
            snprintf(key, sizeof(key), "carrier.%s.%s", a->name, fields[f]);
            rc = pc_config_set(cfg, key, credential, err, errlen);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}
