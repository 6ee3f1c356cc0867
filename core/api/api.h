/* The merchant HTTP API: what server.c shares with the endpoint modules (shipments.c,
 * tenants_auth.c, catalog.c). Private to the core; names pc__api_*. */
#ifndef PC_API_H
#define PC_API_H

#include <jansson.h>
#include <parcelcast/model.h>
#include <parcelcast/server.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;

/* Per-request state, kept in MHD's con_cls between calls. */
typedef struct pc__api_request {
    char *body; /* NUL-terminated; NULL when the request had none */
    size_t len, cap;
    int too_big;
    uint32_t tenant; /* the authenticated tenant (routes with auth), else 0 */
    pc_txn *tx;      /* routes with PC__API_AUTH_READ: the read transaction the key was checked
                        in, open until the route returns (server.c ends it); else NULL */
    double t0;       /* monotonic seconds when the request arrived (metrics) */
} pc__api_request;

/* The route table's auth column: PC__API_AUTH_READ routes only read the store, and answer from
 * the read transaction the API key was checked in (one snapshot, one transaction a request). */
#define PC__API_AUTH      1
#define PC__API_AUTH_READ 2

typedef struct pc__api_reply {
    unsigned status;
    json_t *json;             /* owned; the body when set */
    char *text;               /* owned (malloc'd); the body when json is NULL */
    const char *content_type; /* static; for text ("application/json" for json) */
} pc__api_reply;

typedef void (*pc__api_route_fn)(pc_server *srv, struct MHD_Connection *c, const char *path,
                                 const pc__api_request *req, pc__api_reply *out);

/* {"error":{"code","message"}} with that status into out (replacing nothing: out->json must be
 * NULL). */
void pc__api_error(pc__api_reply *out, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The options the server was started with (borrowed pointers inside). */
const pc_server_opts *pc__api_opts(const pc_server *srv);

/* A query argument of the request, NULL when absent or empty. */
const char *pc__api_arg(struct MHD_Connection *c, const char *name);

/* The shipment view cache (view_cache.h), NULL when api.view_cache is 0. */
struct pc__view_cache *pc__api_view_cache(pc_server *srv);

/* ---- metrics (metrics.c) ---- */
#define PC__METRIC_ROUTES  24 /* the route table's rows, plus one for unrouted requests */
#define PC__METRIC_BUCKETS 10
typedef struct pc__route_metrics {
    _Atomic uint64_t by_class[4]; /* 2xx 3xx 4xx 5xx */
    _Atomic uint64_t bucket[PC__METRIC_BUCKETS];
    _Atomic uint64_t micros;
} pc__route_metrics;
typedef struct pc__metrics {
    pc__route_metrics route[PC__METRIC_ROUTES];
} pc__metrics;
/* Count one answered request of route row `route` (-1: unrouted). */
void pc__metrics_record(pc__metrics *m, int route, unsigned status, double seconds);
pc__metrics *pc__api_metrics(pc_server *srv);
struct pc_poller *pc__api_poller(pc_server *srv);
/* Method and path pattern of route row i ("-", "unrouted" for the last). */
void pc__api_route_name(int i, const char **ret_method, const char **ret_route);
void pc__metrics_route(pc_server *srv, struct MHD_Connection *c, const char *path,
                       const pc__api_request *req, pc__api_reply *out);

/* ---- webhooks and e-mail (webhooks.c) ---- */
void pc__api_webhooks_create(pc_server *srv, struct MHD_Connection *c, const char *path,
                             const pc__api_request *req, pc__api_reply *out);
void pc__api_webhooks_list(pc_server *srv, struct MHD_Connection *c, const char *path,
                           const pc__api_request *req, pc__api_reply *out);
void pc__api_webhook_get(pc_server *srv, struct MHD_Connection *c, const char *path,
                         const pc__api_request *req, pc__api_reply *out);
void pc__api_webhook_delete(pc_server *srv, struct MHD_Connection *c, const char *path,
                            const pc__api_request *req, pc__api_reply *out);
void pc__api_webhook_replay(pc_server *srv, struct MHD_Connection *c, const char *path,
                            const pc__api_request *req, pc__api_reply *out);
void pc__api_email(pc_server *srv, struct MHD_Connection *c, const char *path,
                   const pc__api_request *req, pc__api_reply *out);

/* ---- authentication (tenants_auth.c) ---------------------------------------------------- */

#define PC__API_KEY_PREFIX "pc_"
#define PC__API_KEY_LEN    46 /* "pc_" + base64url(32 bytes) without padding */

/* A new random API key (RAND_bytes, 32 bytes) as text into key[PC__API_KEY_LEN + 1] and its
 * SHA-256 into hash. @return 0, PC_EINTERNAL (no randomness). */
int pc__api_key_new(char key[PC__API_KEY_LEN + 1], unsigned char hash[32]);

/* SHA-256 of a key's text. @return 0, PC_EINTERNAL. */
int pc__api_key_hash(const char *key, size_t len, unsigned char hash[32]);

/* Tenant of an "Authorization: Bearer KEY" header value (may be NULL).
 * @return 0 and *ret_tenant, PC_EAUTH (missing, malformed or unknown key), PC_ESTORE... */
int pc__api_authenticate(pc_store *st, const char *authorization, uint32_t *ret_tenant);

/* The same inside the caller's read transaction (so a read-only route can answer from the
 * snapshot the key was checked in). */
int pc__api_authenticate_tx(pc_txn *tx, const char *authorization, uint32_t *ret_tenant);

/* ---- request bodies (shipments.c; pure, also driven by the fuzz target) ----------------- */

typedef struct pc__api_err {
    unsigned status;  /* 400 / 413 / 422 */
    const char *code; /* static: "invalid_json", "invalid_field", ... */
    char message[512];
    json_t *candidates; /* owned, may be NULL: ambiguous_carrier's candidates */
} pc__api_err;

/* Parse a JSON body; errors name line and column. @return 0 and a new reference, or < 0 with
 * err filled (400 invalid_json). */
int pc__api_parse_json(const char *body, size_t len, json_t **ret, pc__api_err *err);

/* Read one shipment registration {tracking_number, carrier?, promised_by?, order_id?,
 * customer?{name,email}, metadata?}. where prefixes field names in messages ("" or
 * "shipments[3]."). The number is normalized (blanks and dashes dropped, upper case); the
 * carrier is copied as given (NULL when absent) and checked by the caller.
 * @param ret initialized by the call; caller frees with pc_shipment_done().
 * @return 0, or < 0 with err filled (422 invalid_field naming the field). */
int pc__api_shipment_from_json(const json_t *j, const char *where, pc_shipment *ret,
                               pc__api_err *err);

/* Normalize a tracking number as the API stores it into buf. @return 0, PC_EINVAL. */
int pc__api_number_normalize(const char *in, char *buf, size_t size);

/* ---- carrier detection (catalog.c) ----------------------------------------------------- */

struct pc_detect_match;

/* Candidate carriers for a number among the loaded adapters (the rules when the server has
 * them, else each adapter's detect), best first. @return the count (<= max), or < 0. */
int pc__api_candidates(const pc_server_opts *o, const char *number, struct pc_detect_match *ret,
                       size_t max);

/* [{carrier, display_name, format, confidence, check_digit, check_ok}]. New reference. */
json_t *pc__api_candidates_json(const pc_server_opts *o, const struct pc_detect_match *m, size_t n);

/* ---- routes ---------------------------------------------------------------------------- */

void pc__api_shipments_create(pc_server *srv, struct MHD_Connection *c, const char *path,
                              const pc__api_request *req, pc__api_reply *out);
void pc__api_shipments_batch(pc_server *srv, struct MHD_Connection *c, const char *path,
                             const pc__api_request *req, pc__api_reply *out);
void pc__api_shipments_list(pc_server *srv, struct MHD_Connection *c, const char *path,
                            const pc__api_request *req, pc__api_reply *out);
void pc__api_shipment_get(pc_server *srv, struct MHD_Connection *c, const char *path,
                          const pc__api_request *req, pc__api_reply *out);
void pc__api_shipment_delete(pc_server *srv, struct MHD_Connection *c, const char *path,
                             const pc__api_request *req, pc__api_reply *out);
void pc__api_carriers(pc_server *srv, struct MHD_Connection *c, const char *path,
                      const pc__api_request *req, pc__api_reply *out);
void pc__api_detect(pc_server *srv, struct MHD_Connection *c, const char *path,
                    const pc__api_request *req, pc__api_reply *out);
/* GET /v1/reports/carriers (reports.c): the tenant's carrier-performance report. */
void pc__api_reports_carriers(pc_server *srv, struct MHD_Connection *c, const char *path,
                              const pc__api_request *req, pc__api_reply *out);
void pc__api_openapi(pc_server *srv, struct MHD_Connection *c, const char *path,
                     const pc__api_request *req, pc__api_reply *out);

/* docs/openapi.yaml, embedded at build time (generated openapi_yaml.c). */
extern const char pc__openapi_yaml[];
extern const size_t pc__openapi_yaml_len;

#endif
