/**
 * @file sandbox.h
 * The carrier sandbox: a local HTTP server (libmicrohttpd) that answers the carriers' own
 * tracking endpoints (same paths, request shapes, response and error bodies, OAuth token
 * endpoints, 429 with Retry-After, occasional 5xx) from the network simulator (sim.h), with
 * simulated time running `speed` times faster than real time. Pointing parcelcast at it is
 * configuration only: `carrier.<name>.base_url = http://127.0.0.1:PORT` (plus the path prefix
 * of the adapter's production base URL, e.g. GLS's "/track-and-trace-v1").
 *
 * Every adapter of the registry with PC_CAP_RENDER is served: a request belongs to the adapter
 * whose parse_request accepts it; each number is answered with pc_sim_snapshot() of its
 * simulated shipment at the current simulated time, rendered by the adapter. See
 * docs/sandbox.md.
 *
 * Two clocks. Simulated time (what the snapshots show) is
 *     sim_start + (real_now - real_at_start) * speed
 * and re-anchored by pc_sandbox_set_time(). Real time (seconds, from opts.clock or
 * CLOCK_MONOTONIC) also drives the rate-limit token buckets and OAuth token lifetimes.
 */
#ifndef PARCELCAST_SANDBOX_H
#define PARCELCAST_SANDBOX_H

#include <parcelcast/config.h>
#include <parcelcast/plugins.h>
#include <parcelcast/sim.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pc_sandbox pc_sandbox;

/** A real-time source in seconds (any epoch; only differences matter). Must be thread-safe. */
typedef double (*pc_sandbox_clock_fn)(void *ctx);

typedef struct pc_sandbox_opts {
    const char *address; /**< IPv4/IPv6 literal; NULL = "127.0.0.1" */
    int port;            /**< 0 = any free port (pc_sandbox_port) */
    int threads;         /**< libmicrohttpd thread pool; <= 0: 1 */
    /** Adapters to impersonate (those with PC_CAP_RENDER). Borrowed; must outlive the sandbox. */
    const pc_registry *registry;
    /** Model parameters; copied. NULL = pc_sim_config_default(). */
    const pc_sim_config *sim_config;
    uint64_t seed;    /**< simulator seed */
    size_t shipments; /**< shipments 0 .. N-1 of the seed (all carriers of the model) */
    double speed;     /**< simulated seconds per real second (0 = frozen clock) */
    int64_t start;    /**< simulated time at start; PC_TIME_NONE = the config's sim.start */
    /** Fraction (0..1) of carrier requests answered with a 5xx; which ones is a function of
     *  the seed and a request counter only. */
    double error_rate;
    double rate_limit;     /**< per carrier, requests per real second (token bucket); 0 = none */
    double rate_burst;     /**< bucket size; <= 0: max(1, rate_limit) */
    double token_lifetime; /**< OAuth access tokens live this many real seconds; <= 0: 3600 */
    /** Credentials the token endpoints accept; NULL = any non-empty id and secret. */
    const char *client_id, *client_secret;
    size_t max_body;           /**< request bodies over this get 413; 0: 1 MiB */
    pc_sandbox_clock_fn clock; /**< NULL: CLOCK_MONOTONIC */
    void *clock_ctx;
} pc_sandbox_opts;

/** Counters (GET /_sandbox/stats). */
typedef struct pc_sandbox_stats {
    uint64_t requests;      /**< carrier tracking requests (all adapters) */
    uint64_t rate_limited;  /**< answered 429 */
    uint64_t server_errors; /**< injected 5xx */
    uint64_t auth_errors;   /**< missing, unknown or expired tokens */
    uint64_t bad_requests;  /**< malformed requests (4xx) */
    uint64_t not_found;     /**< numbers answered not_found */
    uint64_t tokens_issued; /**< OAuth tokens handed out */
} pc_sandbox_stats;

/**
 * Generate the N shipments' truths, index their numbers and start listening.
 * @param err message naming the problem (bad option, model error, cannot bind).
 * @return 0, PC_EINVAL (bad option or address), PC_ECONFIG (model), PC_ENOMEM, PC_EIO (bind).
 * @note *ret_sb is owned by the caller: pc_sandbox_stop().
 */
int pc_sandbox_start(const pc_sandbox_opts *opts, pc_sandbox **ret_sb, char *err, size_t errlen);

/** The bound TCP port. */
int pc_sandbox_port(const pc_sandbox *sb);

/** The current simulated time (UTC seconds). */
int64_t pc_sandbox_time(pc_sandbox *sb);

/** Make the simulated time t now; it keeps running at opts.speed from there. */
void pc_sandbox_set_time(pc_sandbox *sb, int64_t t);

/** Number of indexed shipments, and the truth of the i-th (0 .. N-1).
 * @return 0, PC_ENOTFOUND (out of range), errors of pc_sim_shipment. */
size_t pc_sandbox_count(const pc_sandbox *sb);
int pc_sandbox_truth(const pc_sandbox *sb, size_t i, pc_sim_truth *ret_truth);

/** The model the sandbox serves. Owned by sb. */
const pc_sim *pc_sandbox_sim(const pc_sandbox *sb);

/** A copy of the counters (totals over every carrier). */
void pc_sandbox_get_stats(pc_sandbox *sb, pc_sandbox_stats *ret);

/**
 * Point cfg at the sandbox: for every adapter of reg with PC_CAP_RENDER,
 * carrier.<name>.base_url = http://<address>:<port> plus the path of the adapter's production
 * base URL (GLS: "/track-and-trace-v1"), and client_id, client_secret, api_key and account set
 * to `credential` (which the sandbox accepts unless started with other client credentials).
 * @return 0, or the error of pc_config_set with its message in err.
 */
int pc_sandbox_configure(const pc_sandbox *sb, const pc_registry *reg, const char *credential,
                         pc_config *cfg, char *err, size_t errlen);

/** Stop accepting, finish in-flight requests, free. Accepts NULL. */
void pc_sandbox_stop(pc_sandbox *sb);

#endif
