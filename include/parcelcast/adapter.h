/**
 * @file adapter.h
 * The carrier adapter plugin ABI.
 *
 * A carrier adapter is a shared module in the plugin directory exporting one data symbol:
 *
 *     PC_ADAPTER_EXPORT(pc_adapter_mycarrier);
 *
 * which points the core at a constant `pc_adapter` filled with designated initializers. The core
 * refuses a module whose abi_version differs from PC_ADAPTER_ABI_VERSION, whose name is already
 * taken, or which lacks the symbol or a required callback (parse, build_request).
 *
 * Parsing is pure: bytes in, normalized shipments and per-number errors out; no I/O, no globals,
 * thread-safe. When a carrier's error body does not name the number (USPS v3), use
 * in->requested; when the rate limit is only in a header, use in->retry_after. The core calls
 * pc_shipment_normalize() on every shipment after parse, so adapters need not sort or de-duplicate
 * events, but they must set every event's time (UTC).
 */
#ifndef PARCELCAST_ADAPTER_H
#define PARCELCAST_ADAPTER_H

#include <parcelcast/error.h>
#include <parcelcast/model.h>
#include <stddef.h>
#include <stdint.h>

#define PC_ADAPTER_ABI_VERSION 2u

/** Capability bits (pc_adapter.caps). */
enum pc_adapter_cap {
    PC_CAP_JSON = 1u << 0,   /**< parses JSON bodies */
    PC_CAP_XML = 1u << 1,    /**< parses XML bodies */
    PC_CAP_PULL = 1u << 2,   /**< build_request + parse: can be polled */
    PC_CAP_PUSH = 1u << 3,   /**< parse_push: accepts carrier webhooks */
    PC_CAP_BATCH = 1u << 4,  /**< one request can carry several numbers (max_batch) */
    PC_CAP_OAUTH = 1u << 5,  /**< needs an OAuth2 client-credentials token */
    PC_CAP_RENDER = 1u << 6, /**< render + parse_request: can be simulated by the sandbox */
};

typedef enum pc_format {
    PC_FORMAT_AUTO = 0, /**< sniff: first non-blank byte '<' is XML, '{' or '[' is JSON */
    PC_FORMAT_JSON,
    PC_FORMAT_XML,
} pc_format;

/** Kinds of per-number (or whole-request) errors a carrier reports, often inside HTTP 200. */
#define PC_TRACK_ERROR_MAP(X)                                                                      \
    X(NOT_FOUND, "not_found")                                                                      \
    X(INVALID_NUMBER, "invalid_number")                                                            \
    X(AUTH, "auth")                                                                                \
    X(RATE_LIMITED, "rate_limited")                                                                \
    X(CARRIER_ERROR, "carrier_error")

typedef enum pc_track_error_kind {
#define PC__TE_ENUM(e, s) PC_TE_##e,
    PC_TRACK_ERROR_MAP(PC__TE_ENUM)
#undef PC__TE_ENUM
        PC_TE__COUNT
} pc_track_error_kind;

/** "not_found", ...; static. */
const char *pc_track_error_name(pc_track_error_kind kind);

typedef struct pc_track_error {
    char *tracking_number; /**< NULL when the error concerns the whole request */
    pc_track_error_kind kind;
    char *carrier_code; /**< the carrier's own error code, verbatim, may be NULL */
    char *message;      /**< cleaned carrier message, may be NULL */
    int retry_after;    /**< seconds, for rate_limited; 0 = not given */
} pc_track_error;

/** Limits every parse enforces; exceeding one is PC_ELIMIT with a diagnostic, never truncation. */
typedef struct pc_parse_limits {
    size_t max_body;      /**< bytes */
    size_t max_events;    /**< per shipment */
    size_t max_string;    /**< bytes of any single text field */
    size_t max_shipments; /**< per body */
} pc_parse_limits;

#define PC_PARSE_LIMITS_DEFAULT                                                                    \
    {                                                                                              \
        16u << 20, 1000u, 4096u, 10000u                                                            \
    }

/** Where and why a body was rejected. */
typedef struct pc_diag {
    size_t offset; /**< byte offset, (size_t)-1 when unknown */
    int line;      /**< 1-based, 0 when unknown */
    int column;    /**< 1-based, 0 when unknown */
    char message[256];
} pc_diag;

typedef struct pc_parse_input {
    const char *data; /**< not NUL-terminated necessarily; valid during the call */
    size_t len;
    pc_format format;
    const pc_parse_limits *limits;
    /* Context of the request, when the core knows it (the poller does; files do not). */
    const char *const *requested; /**< the numbers asked for, or NULL */
    size_t n_requested;
    int http_status; /**< the response's HTTP status, 0 when unknown */
    int retry_after; /**< seconds from a Retry-After header, 0 when absent */
} pc_parse_input;

typedef struct pc_parse_result {
    pc_shipment *shipments;
    size_t n_shipments;
    size_t cap_shipments;
    pc_track_error *errors;
    size_t n_errors;
    size_t cap_errors;
} pc_parse_result;

/** Free the contents of a result (not the struct). Accepts NULL and half-built results. */
void pc_parse_result_done(pc_parse_result *r);

/**
 * Append an initialized shipment with carrier set to carrier.
 * @return 0 and *ret (valid until the next add), PC_ENOMEM, PC_ELIMIT (max_shipments).
 */
int pc_parse_result_add_shipment(pc_parse_result *r, const pc_parse_limits *lim,
                                 const char *carrier, pc_shipment **ret);

/**
 * Append an error; number, code and message are copied (message cleaned); any may be NULL.
 * @return 0, PC_ENOMEM.
 */
int pc_parse_result_add_error(pc_parse_result *r, const char *number, pc_track_error_kind kind,
                              const char *carrier_code, const char *message, int retry_after);

/** Fill a diagnostic (printf-style message). Always returns rc so it can be tail-called. */
int pc_diag_set(pc_diag *d, int rc, size_t offset, int line, int column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/** Account settings for a carrier (from configuration). Any field may be NULL. */
typedef struct pc_adapter_config {
    const char *base_url; /**< overrides the carrier's production URL (sandbox) */
    const char *api_key;
    const char *client_id;
    const char *client_secret;
    const char *access_token; /**< OAuth bearer token obtained by the core, when PC_CAP_OAUTH */
    const char *account;      /**< user id / account number / site id */
} pc_adapter_config;

/** An HTTP request built by an adapter. All strings malloc'd, owned by the struct. */
typedef struct pc_http_request {
    char *method; /**< "GET" / "POST" */
    char *url;
    char **headers; /**< "Name: value" strings */
    size_t n_headers;
    char *body; /**< NULL for none */
    size_t body_len;
} pc_http_request;

/** Free the contents of a request. Accepts NULL. */
void pc_http_request_done(pc_http_request *req);

/** Append a header "name: value" (printf-style). @return 0, PC_ENOMEM. */
int pc_http_request_add_header(pc_http_request *req, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

typedef struct pc_adapter {
    uint32_t abi_version;     /**< PC_ADAPTER_ABI_VERSION */
    const char *name;         /**< lower-case id used in URLs, config and the store: "ups" */
    const char *display_name; /**< "UPS" */
    uint32_t caps;            /**< pc_adapter_cap bits */
    uint32_t max_batch;       /**< numbers per request (1 without PC_CAP_BATCH) */
    const char *default_zone; /**< IANA zone for local times with no location, may be NULL */

    /**
     * Optional: does number look like one of ours? Returns a confidence 0-100 (0 = no) and
     * whether a check digit was verified. The core's data-file rules come first; this refines.
     */
    int (*detect)(const char *number, int *ret_check_ok);

    /**
     * Build the HTTP request for numbers[0..n) (n <= max_batch).
     * @return 0, PC_EINVAL, PC_ENOMEM.
     */
    int (*build_request)(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                         pc_http_request *ret_req);

    /**
     * Parse a tracking response body (pure). Shipments and per-number errors are appended to
     * out. Returns 0 when the body was understood (even if it held only errors),
     * PC_EMALFORMED / PC_ELIMIT with diag filled otherwise. On error out may hold partial
     * results; the caller discards them.
     */
    int (*parse)(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag);

    /** Optional: parse a carrier push (webhook) payload; same contract as parse. */
    int (*parse_push)(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag);

    /**
     * Optional (PC_CAP_RENDER; used by the sandbox, the simulator and round-trip tests): write
     * shipments and errors as this carrier's response body to one tracking request, the inverse
     * of parse: parsing the output gives back the same normalized shipments (times, offsets,
     * statuses, codes, descriptions, locations) and errors (kind, number). An error with a NULL
     * tracking_number is a whole-request error (auth, rate limit) and is rendered alone.
     * @param format PC_FORMAT_AUTO for the carrier's main format.
     * @param ret_http_status the HTTP status the carrier answers with (200, 401, 404, 429...).
     * @return 0 and a malloc'd *ret_body (caller frees), PC_EUNSUPPORTED, PC_ENOMEM.
     */
    int (*render)(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                  size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                  int *ret_http_status);

    /**
     * Optional (with render): the tracking numbers in a request this adapter's build_request
     * made, the inverse of build_request. path_and_query is the URL without scheme and host.
     * @return 0 and a malloc'd array of malloc'd strings (caller frees both), PC_ENOTFOUND when
     *         the request is not a tracking request of this carrier, PC_EMALFORMED, PC_ENOMEM.
     */
    int (*parse_request)(const char *method, const char *path_and_query, const char *body,
                         size_t body_len, char ***ret_numbers, size_t *ret_n);

    /** The carrier's production base URL, what build_request uses without cfg->base_url. */
    const char *base_url;

    /**
     * PC_CAP_OAUTH: the OAuth 2.0 client-credentials token endpoint, as a path on the host of the
     * base URL ("/security/v1/oauth/token"), and how the client authenticates there
     * (pc_oauth_flag bits). The core fetches and refreshes the token (pc_oauth_build_request,
     * pc_oauth_parse_token) and hands it to build_request as cfg->access_token.
     */
    const char *oauth_token_path;
    uint32_t oauth_flags;
} pc_adapter;

/** How a client authenticates at the token endpoint. */
typedef enum pc_oauth_flag {
    /** client_id and client_secret as form fields (FedEx, USPS) instead of HTTP Basic (UPS). */
    PC_OAUTH_SECRET_IN_BODY = 1u << 0,
} pc_oauth_flag;

/**
 * The token request of adapter a: POST <origin of cfg->base_url or a->base_url><token path>,
 * form body grant_type=client_credentials, client credentials per a->oauth_flags.
 * @return 0, PC_EUNSUPPORTED (no token path), PC_ECONFIG (no client id or secret, or a base URL
 *         without scheme and host), PC_EINVAL (a header-unsafe value), PC_ENOMEM.
 */
int pc_oauth_build_request(const pc_adapter *a, const pc_adapter_config *cfg,
                           pc_http_request *ret_req);

/**
 * Read a token endpoint's answer (RFC 6749 section 5; expires_in as a number or a string, as UPS
 * sends it). A 4xx with {"error": ...} is PC_EAUTH with the carrier's error and description in
 * diag; 429 is PC_ERATELIMIT; 5xx PC_ERETRY; other bodies PC_EMALFORMED.
 * @return 0 with a malloc'd *ret_token and *ret_expires_in seconds (3600 when absent).
 */
int pc_oauth_parse_token(const char *body, size_t len, int http_status, char **ret_token,
                         int64_t *ret_expires_in, pc_diag *diag);

/** Name of the data symbol every adapter module exports. */
#define PC_ADAPTER_SYMBOL "pc_adapter_module"

/** In a module build (PC_ADAPTER_MODULE defined), export `var` as the module's adapter. */
#ifdef PC_ADAPTER_MODULE
#define PC_ADAPTER_EXPORT(var)                                                                     \
    __attribute__((visibility("default"))) const pc_adapter *const pc_adapter_module = &(var)
#else
#define PC_ADAPTER_EXPORT(var) extern const pc_adapter *const pc_adapter_module
#endif

/**
 * Run an adapter's parse with the core's guarantees: body size limit, format sniffing,
 * pc_shipment_normalize() on every shipment, events-per-shipment limit, and in->retry_after
 * (the Retry-After header) for rate_limited errors whose body gives no delay. On failure out is
 * emptied and diag names the problem.
 * @param push use parse_push (PC_EUNSUPPORTED if the adapter has none).
 */
int pc_adapter_parse(const pc_adapter *a, const pc_parse_input *in, int push, pc_parse_result *out,
                     pc_diag *diag);

#endif
