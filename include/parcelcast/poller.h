/**
 * @file poller.h
 * The poller: asks carriers about shipments whose next poll time has come (libcurl multi), per
 * carrier account with a concurrency cap, a token-bucket rate limit, batches of the adapter's
 * max_batch, OAuth tokens (fetched, cached, refreshed before expiry, refetched once on an auth
 * error), timeouts, retries with exponential backoff and jitter, and Retry-After.
 *
 * Results are merged with pc_store_put_shipment() and the next poll time is written in the same
 * durable write transaction, which groups up to 64 carrier answers (committed when full and
 * whenever nothing is in flight): a poll is acknowledged once committed, so a crash before the
 * commit only means the numbers are asked again (events merge idempotently).
 *
 * Times are UTC seconds from the clock callback; every wait goes through the sleep callback, so
 * tests drive the poller on simulated time (network I/O itself is real).
 */
#ifndef PARCELCAST_POLLER_H
#define PARCELCAST_POLLER_H

#include <parcelcast/adapter.h>
#include <parcelcast/config.h>
#include <parcelcast/model.h>
#include <parcelcast/plugins.h>
#include <parcelcast/store.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Carriers a stats snapshot can hold. */
#define PC_POLLER_MAX_CARRIERS 64

/** Error kinds counted per carrier: the carrier's own kinds then transport-level ones. */
#define PC_POLL_ERROR_MAP(X)                                                                       \
    X(NOT_FOUND, "not_found")                                                                      \
    X(INVALID_NUMBER, "invalid_number")                                                            \
    X(AUTH, "auth")                                                                                \
    X(RATE_LIMITED, "rate_limited")                                                                \
    X(CARRIER_ERROR, "carrier_error")                                                              \
    X(HTTP_5XX, "http_5xx")                                                                        \
    X(HTTP_OTHER, "http_other")                                                                    \
    X(TIMEOUT, "timeout")                                                                          \
    X(TRANSPORT, "transport")                                                                      \
    X(MALFORMED, "malformed")                                                                      \
    X(TOKEN, "token")

typedef enum pc_poll_error_kind {
#define PC__PE_ENUM(e, s) PC_PE_##e,
    PC_POLL_ERROR_MAP(PC__PE_ENUM)
#undef PC__PE_ENUM
        PC_PE__COUNT
} pc_poll_error_kind;

/** "not_found", ...; static ("unknown" out of range). */
const char *pc_poll_error_name(pc_poll_error_kind kind);

/** Counters of one carrier since the poller was created. */
typedef struct pc_poller_carrier_stats {
    char carrier[32];
    uint64_t requests;           /**< tracking requests answered (any outcome, retries included) */
    uint64_t token_requests;     /**< OAuth token requests */
    uint64_t numbers_polled;     /**< numbers whose answer was committed */
    uint64_t events_gained;      /**< events new to the store */
    uint64_t retries;            /**< requests re-sent after a whole-request error */
    uint64_t gave_up;            /**< batches rescheduled after poll.max_retries failed attempts */
    uint64_t delivered;          /**< shipments that became delivered while polled */
    uint64_t polls_of_delivered; /**< polls those delivered shipments took (this process) */
    uint64_t expired;            /**< shipments the poller marked expired */
    uint64_t errors[PC_PE__COUNT];
    int max_in_flight; /**< most concurrent requests seen */
} pc_poller_carrier_stats;

typedef struct pc_poller_stats {
    size_t n_carriers;
    pc_poller_carrier_stats carriers[PC_POLLER_MAX_CARRIERS];
    uint64_t runs;        /**< pc_poller_run_once calls completed */
    uint64_t due_scanned; /**< due shipments picked up */
} pc_poller_stats;

typedef struct pc_poller_opts {
    pc_store *store;             /**< borrowed; must outlive the poller */
    const pc_registry *registry; /**< borrowed */
    const pc_config *config;     /**< borrowed: poll.* and carrier.<name>.* settings */
    /** Current UTC seconds; NULL: time(NULL). */
    int64_t (*clock)(void *ctx);
    /** Wait `seconds` (> 0) of the clock's time; NULL: nanosleep. May return early. */
    void (*sleep)(void *ctx, int64_t seconds);
    void *clock_ctx;
    pc_parse_limits limits; /**< zeroes: PC_PARSE_LIMITS_DEFAULT */
    const char *user_agent; /**< NULL: "parcelcast/<version>" */
    int backoff_base;       /**< seconds of the first retry delay; 0: 2 */
    int backoff_max;        /**< ceiling of a retry delay; 0: 300 */
    int give_up_delay;      /**< next poll after max_retries failures; 0: 1800 */
    size_t max_per_run;     /**< due shipments one run picks up; 0: 100000 */
    uint64_t seed;          /**< jitter seed; 0: from the clock and pid */
    /** Called (in the poller's thread) after answers that brought new events were stored;
     * NULL: nothing. `serve` nudges the predictor with it. */
    void (*on_events)(void *ctx, size_t events);
    void *events_ctx;
    /** Called inside the commit transaction for every shipment an answer changed (new events
     * or a new status), with its stored state before and after, so what the change causes
     * (notices in the outbox) commits with it. May run again for the same answer when the
     * transaction is retried: touch the store only through tx. < 0 aborts the commit.
     * NULL: nothing. */
    int (*on_change)(void *ctx, pc_txn *tx, const pc_shipment *before, const pc_shipment *after,
                     int64_t now);
    void *change_ctx;
} pc_poller_opts;

typedef struct pc_poller pc_poller;

/**
 * Create a poller. Carrier accounts are read from the configuration when first needed.
 * @param err a message naming the problem (may be NULL).
 * @return 0, PC_EINVAL (no store, registry or config), PC_ENOMEM, PC_EINTERNAL (libcurl).
 */
int pc_poller_new(const pc_poller_opts *opts, pc_poller **ret_poller, char *err, size_t errlen);

/** Stop the thread if started and free. Accepts NULL. */
void pc_poller_free(pc_poller *p);

/**
 * Poll every shipment due at or before `now` (taken from the clock when PC_TIME_NONE) and return
 * when each has been answered and committed, rescheduled after failures, or the poller was
 * stopped. Retries and rate-limit waits inside the run go through the sleep callback.
 * @param ret_run counters of this run alone (may be NULL).
 * @return 0, PC_ESTORE / PC_EMAPFULL (a commit failed: the run stops, nothing acknowledged is
 *         lost), PC_ENOMEM, PC_EBUSY (the background thread is running).
 */
int pc_poller_run_once(pc_poller *p, int64_t now, pc_poller_stats *ret_run);

/**
 * Run pc_poller_run_once in a background thread, every `interval` seconds of the clock
 * (1 when <= 0), until pc_poller_stop.
 * @return 0, PC_EBUSY (already running), PC_ENOMEM.
 */
int pc_poller_start(pc_poller *p, int interval);

/** Ask a run or the thread to stop, and join the thread. In-flight answers are dropped
 * unacknowledged (their numbers stay due). Safe to call when not started. */
void pc_poller_stop(pc_poller *p);

/** Counters since creation (a consistent copy). */
void pc_poller_stats_get(pc_poller *p, pc_poller_stats *ret);

/**
 * The schedule policy (pure): when to poll s next after a poll at `now`.
 *
 * | status                        | interval                                          |
 * |-------------------------------|---------------------------------------------------|
 * | pending (no events yet)       | 2 h                                               |
 * | info_received                 | 6 h                                               |
 * | in_transit, ETA within 24 h   | 1 h                                               |
 * | in_transit, ETA passed        | 2 h                                               |
 * | in_transit, ETA beyond 3 days | 12 h (long haul)                                  |
 * | in_transit, otherwise         | 4 h; 12 h when the newest event is over 3 days old|
 * | out_for_delivery              | 30 min                                            |
 * | failed_attempt, exception     | 2 h                                               |
 * | available_for_pickup          | 6 h                                               |
 * | delivered, returned, expired  | never (PC_TIME_NONE)                              |
 *
 * When the last poll gained events the interval is halved (not below 15 min): a moving
 * shipment is likely to move again soon.
 * @return now + interval, or PC_TIME_NONE for final statuses.
 */
int64_t pc_poll_next_time(const pc_shipment *s, int64_t now, bool last_poll_gained_events);

/**
 * Whether a shipment should be marked expired at `now`: no events and created more than
 * not_found_after seconds ago, or its newest event (or creation, when later) more than
 * expire_after seconds ago. Final statuses never expire. 0 disables a rule.
 */
bool pc_poll_is_expired(const pc_shipment *s, int64_t now, int64_t expire_after,
                        int64_t not_found_after);

#endif
