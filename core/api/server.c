#include "internal.h"

#include <parcelcast/error.h>
#include <parcelcast/json.h>
#include <parcelcast/log.h>
#include <parcelcast/server.h>

#include "buildinfo.h"
#include "api.h"
#include "push.h"
#include "view_cache.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <stdatomic.h>
#include <time.h>

struct pc_server {
    struct MHD_Daemon *mhd;
    pc_server_opts opts;
    int port;
    struct pc_poller *_Atomic poller; /* for /metrics; set after start */
    pc__metrics metrics;
    pc__view_cache *views; /* NULL: api.view_cache is 0 */
};

/* Request and reply: see api.h (shared with the endpoint modules). */
typedef pc__api_request request;
typedef pc__api_reply reply;
typedef pc__api_route_fn route_fn;

const pc_server_opts *pc__api_opts(const pc_server *srv)
{
    return &srv->opts;
}

const char *pc__api_arg(struct MHD_Connection *c, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}

pc__view_cache *pc__api_view_cache(pc_server *srv)
{
    return srv->views;
}

void pc__api_error(reply *out, unsigned status, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    out->status = status;
    out->json = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);
}

static void route_healthz(pc_server *srv, struct MHD_Connection *c, const char *path,
                          const request *req, reply *out)
{
    (void)c;
    (void)path;
    (void)req;
    pc_txn *tx;
    pc_store_stats stats;
    if (pc_store_read_begin(srv->opts.store, &tx) < 0) {
        pc__api_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "store_unavailable",
                      "cannot open a read transaction on the store");
        return;
    }
    int rc = pc_store_stats_get(tx, &stats);
    pc_store_read_end(tx);
    if (rc < 0) {
        pc__api_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "store_unavailable", "%s",
                      pc_strerror(rc));
        return;
    }
    out->status = MHD_HTTP_OK;
    out->json = json_pack("{s:s, s:s, s:i, s:I, s:I}", "status", "ok", "version", PC_VERSION,
                          "schema", (int)stats.schema, "shipments", (json_int_t)stats.shipments,
                          "events", (json_int_t)stats.events);
}

/* POST /v1/carrier-hooks/{carrier}: checks, parse and store in push.c; the secret comes in the
 * carrier's own header when it has one, else in X-Parcelcast-Secret. */
static void route_carrier_hook(pc_server *srv, struct MHD_Connection *c, const char *path,
                               const request *req, reply *out)
{
    pc__push_request pr = {.registry = srv->opts.registry,
                           .config = srv->opts.config,
                           .store = srv->opts.store,
                           .carrier = path + strlen("/v1/carrier-hooks/"),
                           .body = req->body,
                           .len = req->len,
                           .now = (int64_t)time(NULL)};
    const char *own = pc__push_secret_header(pr.carrier);
    if (own)
        pr.secret = MHD_lookup_connection_value(c, MHD_HEADER_KIND, own);
    if (!pr.secret)
        pr.secret = MHD_lookup_connection_value(c, MHD_HEADER_KIND, PC__PUSH_SECRET_HEADER);
    if (pc__push_handle(&pr, &out->status, &out->json) < 0)
        pc__api_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
}

static const struct route {
    const char *method;
    const char *path; /* exact path, or a prefix when it ends with '/' */
    route_fn fn;
    /* needs "Authorization: Bearer KEY" (the tenant's API key): PC__API_AUTH, or
     * PC__API_AUTH_READ to answer from the key check's read transaction */
    int auth;
    const char *label; /* the path pattern in metrics (NULL: path) */
} routes[] = {
    {"GET", "/healthz", route_healthz, 0, NULL},
    {"GET", "/metrics", pc__metrics_route, 0, NULL},
    {"POST", "/v1/carrier-hooks/", route_carrier_hook, 0, "/v1/carrier-hooks/{carrier}"},
    /* merchant API (core/api/shipments.c, catalog.c); exact paths before prefixes */
    {"GET", "/v1/openapi.yaml", pc__api_openapi, 0, NULL},
    {"POST", "/v1/shipments/batch", pc__api_shipments_batch, 1, NULL},
    {"POST", "/v1/shipments", pc__api_shipments_create, 1, NULL},
    {"GET", "/v1/shipments", pc__api_shipments_list, 1, NULL},
    {"GET", "/v1/shipments/", pc__api_shipment_get, PC__API_AUTH_READ,
     "/v1/shipments/{carrier}/{number}"},
    {"DELETE", "/v1/shipments/", pc__api_shipment_delete, 1, "/v1/shipments/{carrier}/{number}"},
    {"GET", "/v1/carriers", pc__api_carriers, 1, NULL},
    {"POST", "/v1/webhooks", pc__api_webhooks_create, 1, NULL},
    {"GET", "/v1/webhooks", pc__api_webhooks_list, 1, NULL},
    {"GET", "/v1/webhooks/", pc__api_webhook_get, 1, "/v1/webhooks/{id}[/failures]"},
    {"DELETE", "/v1/webhooks/", pc__api_webhook_delete, 1, "/v1/webhooks/{id}"},
    {"POST", "/v1/webhooks/", pc__api_webhook_replay, 1,
     "/v1/webhooks/{id}/failures/{delivery}/replay"},
    {"PUT", "/v1/email", pc__api_email, 1, NULL},
    {"GET", "/v1/detect/", pc__api_detect, 1, "/v1/detect/{number}"},
    {"GET", "/v1/reports/carriers", pc__api_reports_carriers, 1, NULL},
};
#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))
_Static_assert(N_ROUTES < PC__METRIC_ROUTES, "PC__METRIC_ROUTES must exceed the route count");

void pc__api_route_name(int i, const char **ret_method, const char **ret_route)
{
    if (i < 0 || (size_t)i >= N_ROUTES) {
        *ret_method = "-";
        *ret_route = "unrouted";
        return;
    }
    *ret_method = routes[i].method;
    *ret_route = routes[i].label ? routes[i].label : routes[i].path;
}

pc__metrics *pc__api_metrics(pc_server *srv)
{
    return &srv->metrics;
}

struct pc_poller *pc__api_poller(pc_server *srv)
{
    return atomic_load(&srv->poller);
}

void pc_server_set_poller(pc_server *srv, struct pc_poller *poller)
{
    atomic_store(&srv->poller, poller);
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct route *find_route(const char *method, const char *url, int *ret_path_match)
{
    *ret_path_match = 0;
    for (size_t i = 0; i < N_ROUTES; i++) {
        const struct route *r = &routes[i];
        size_t n = strlen(r->path);
        int match =
            r->path[n - 1] == '/' ? strncmp(url, r->path, n) == 0 : strcmp(url, r->path) == 0;
        if (!match)
            continue;
        *ret_path_match = 1;
        if (strcmp(method, r->method) == 0)
            return r;
    }
    return NULL;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, reply *out)
{
    const char *ctype = "application/json";
    size_t len = 0;
    char *text = out->json ? pc__view_cache_dump(out->json, &len) : NULL;
    if (!out->json && out->text) {
        text = out->text;
        out->text = NULL;
        ctype = out->content_type ? out->content_type : "text/plain; charset=utf-8";
    }
    if (!text) {
        static const char oom[] =
            "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}";
        text = strdup(oom);
        out->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        if (!text)
            return MHD_NO;
        len = 0;
    }
    if (!len)
        len = strlen(text);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", ctype);
    if (out->status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"parcelcast\"");
    enum MHD_Result r = MHD_queue_response(c, out->status, resp);
    MHD_destroy_response(resp);
    json_decref(out->json);
    out->json = NULL;
    return r;
}

/* Count the request in the metrics, then queue the reply. */
static enum MHD_Result finish(pc_server *srv, struct MHD_Connection *c, const request *req,
                              int route, reply *out)
{
    pc__metrics_record(&srv->metrics, route, out->status, mono_now() - req->t0);
    return send_reply(c, out);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)version;
    pc_server *srv = cls;
    request *req = *con_cls;
    reply out = {0, NULL, NULL, NULL};
    int route = -1; /* row of the route table, for metrics */

    if (!req) {
        req = calloc(1, sizeof(*req));
        if (!req)
            return MHD_NO;
        *con_cls = req;
        req->t0 = mono_now();
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl) {
            char *end;
            unsigned long long n = strtoull(cl, &end, 10);
            if (*end == '\0' && n > srv->opts.max_body) {
                pc__api_error(&out, MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large",
                              "request body of %llu bytes exceeds the limit of %zu bytes", n,
                              srv->opts.max_body);
                return finish(srv, c, req, route, &out);
            }
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (req->too_big || req->len + n > srv->opts.max_body) {
            req->too_big = 1;
            return MHD_YES;
        }
        if (pc__http_body_add(&req->body, &req->len, &req->cap, upload_data, n) < 0)
            return MHD_NO;
        return MHD_YES;
    }
    if (req->too_big) {
        pc__api_error(&out, MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large",
                      "request body exceeds the limit of %zu bytes", srv->opts.max_body);
        return finish(srv, c, req, route, &out);
    }
    int path_match;
    const struct route *r = find_route(method, url, &path_match);
    if (r)
        route = (int)(r - routes);
    if (!r) {
        if (path_match)
            pc__api_error(&out, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                          "%s is not allowed on %s", method, url);
        else
            pc__api_error(&out, MHD_HTTP_NOT_FOUND, "not_found", "no route for %s %s", method, url);
        return finish(srv, c, req, route, &out);
    }
    if (r->auth) {
        const char *authz = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
        int arc;
        if (r->auth == PC__API_AUTH_READ) {
            arc = pc_store_read_begin(srv->opts.store, &req->tx);
            if (arc == 0)
                arc = pc__api_authenticate_tx(req->tx, authz, &req->tenant);
            if (arc < 0) {
                pc_store_read_end(req->tx);
                req->tx = NULL;
            }
        } else {
            arc = pc__api_authenticate(srv->opts.store, authz, &req->tenant);
        }
        if (arc == PC_EAUTH) {
            pc__api_error(&out, MHD_HTTP_UNAUTHORIZED, "unauthorized",
                          "%s: send the tenant's API key as 'Authorization: Bearer KEY'",
                          authz ? "unknown API key" : "no API key");
            return finish(srv, c, req, route, &out);
        }
        if (arc < 0) {
            pc__api_error(&out, MHD_HTTP_SERVICE_UNAVAILABLE, "store_unavailable",
                          "cannot check the API key: %s", pc_strerror(arc));
            return finish(srv, c, req, route, &out);
        }
    }
    r->fn(srv, c, url, req, &out);
    pc_store_read_end(req->tx);
    req->tx = NULL;
    if (!out.json && !out.text)
        pc__api_error(&out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "handler produced nothing");
    return finish(srv, c, req, route, &out);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request *req = *con_cls;
    if (req) {
        free(req->body);
        free(req);
        *con_cls = NULL;
    }
}

int pc_server_start(const pc_server_opts *opts, pc_server **ret_server, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, opts->address, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)opts->port);
    } else if (inet_pton(AF_INET6, opts->address, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)opts->port);
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(err, errlen, "listen.address '%s' is not an IPv4 or IPv6 address", opts->address);
        return PC_EINVAL;
    }
    pc_server *srv = calloc(1, sizeof(*srv));
    if (!srv)
        return PC_ENOMEM;
    srv->opts = *opts;
    if (pc__view_cache_new(opts->view_cache, &srv->views) < 0) {
        snprintf(err, errlen, "no memory for the view cache (api.view_cache)");
        free(srv);
        return PC_ENOMEM;
    }
    srv->mhd = MHD_start_daemon(
        flags, (uint16_t)opts->port, NULL, NULL, handle, srv, MHD_OPTION_SOCK_ADDR, &ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(opts->threads > 0 ? opts->threads : 1),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)opts->timeout, MHD_OPTION_NOTIFY_COMPLETED,
        completed, srv, MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_END);
    if (!srv->mhd) {
        snprintf(err, errlen, "cannot listen on %s:%d (address in use or not permitted)",
                 opts->address, opts->port);
        pc__view_cache_free(srv->views);
        free(srv);
        return PC_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->mhd, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : opts->port;
    *ret_server = srv;
    return 0;
}

int pc_server_port(const pc_server *srv)
{
    return srv->port;
}

void pc_server_stop(pc_server *srv)
{
    if (!srv)
        return;
    MHD_stop_daemon(srv->mhd);
    pc__view_cache_free(srv->views);
    free(srv);
}
