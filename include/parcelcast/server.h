/**
 * @file server.h
 * The HTTP server (libmicrohttpd, thread pool). Routes are a table in core/api/server.c.
 */
#ifndef PARCELCAST_SERVER_H
#define PARCELCAST_SERVER_H

#include <parcelcast/config.h>
#include <parcelcast/plugins.h>
#include <parcelcast/store.h>
#include <stddef.h>

typedef struct pc_server pc_server;

typedef struct pc_server_opts {
    const char *address; /**< IPv4/IPv6 literal, e.g. "127.0.0.1" */
    int port;            /**< 0 = any free port (see pc_server_port) */
    int threads;
    size_t max_body; /**< larger request bodies get 413 */
    int timeout;     /**< seconds of client inactivity before the connection is closed */
    pc_store *store; /**< borrowed; must outlive the server */
    /** Carrier push (POST /v1/carrier-hooks/{carrier}): the adapters and the configuration
     * holding carrier.<name>.push_secret; borrowed, must outlive the server. NULL: every push
     * is refused (unknown carrier / hooks disabled). */
    const pc_registry *registry;
    const pc_config *config;
    /** Merchant API carrier detection (POST /v1/shipments without a carrier, GET
     * /v1/detect/{number}): the rules of data.dir/detect.rules, borrowed. NULL: each loaded
     * adapter's own detect function. */
    const struct pc_detect_rules *detect;
    /** The live predictor (predictor.h): fills every shipment's "eta" and answers
     * ?at_risk= from its records; borrowed. NULL: "eta" is null and nothing is at risk. */
    struct pc_predictor *predictor;
    /** Bytes of shipment views GET /v1/shipments/{carrier}/{number} may keep for reuse
     * (api.view_cache; 0: none). */
    size_t view_cache;
} pc_server_opts;

/**
 * Start listening.
 * @return 0, PC_EINVAL (bad address), PC_EIO (cannot bind: message in err).
 */
int pc_server_start(const pc_server_opts *opts, pc_server **ret_server, char *err, size_t errlen);

/** Give /metrics the poller's counters (NULL: none). Any time, any thread. */
struct pc_poller;
void pc_server_set_poller(pc_server *srv, struct pc_poller *poller);

/** The bound TCP port. */
int pc_server_port(const pc_server *srv);

/** Stop accepting, finish in-flight requests, free. Accepts NULL. */
void pc_server_stop(pc_server *srv);

#endif
