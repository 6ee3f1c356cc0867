/**
 * @file notify.h
 * Notices: what a shipment change tells the merchant and the customer, a durable outbox written
 * in the transaction of the change, signed webhook delivery and e-mail (docs/webhooks.md).
 *
 * Flow: the writer of a change calls pc_notice_detect() (pure) and, for each kind it returns,
 * pc_notice_enqueue() in the same pc_store_write() transaction, so a notice exists exactly when
 * the change committed. The notifier (a thread, libcurl multi) scans due outbox records, POSTs
 * them signed or sends them by SMTP, and deletes a record only after a 2xx (or an accepted
 * message): delivery is at least once, and a retried notice keeps its delivery id.
 *
 * Storage (the store's `models` blobs, one per tenant, so a tenant only ever reads its own):
 *   "wh:<tenant>"          subscriptions, the tenant's e-mail switch (JSON)
 *   "dl:<tenant>:<hook>"   dead letters of a subscription (hook 0: e-mail), newest last
 *   "notify.seq"           the outbox notice counter
 */
#ifndef PARCELCAST_NOTIFY_H
#define PARCELCAST_NOTIFY_H

#include <jansson.h>
#include <parcelcast/config.h>
#include <parcelcast/model.h>
#include <parcelcast/predict.h>
#include <parcelcast/store.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* X(enum suffix, name). The names appear in bodies, subscriptions and template file names. */
#define PC_NOTICE_KIND_MAP(X)                                                                      \
    X(INFO_RECEIVED, "info_received")                                                              \
    X(SHIPPED, "shipped")                                                                          \
    X(DELAYED, "delayed")                                                                          \
    X(ETA_CHANGED, "eta_changed")                                                                  \
    X(OUT_FOR_DELIVERY, "out_for_delivery")                                                        \
    X(DELIVERED, "delivered")                                                                      \
    X(FAILED_ATTEMPT, "failed_attempt")                                                            \
    X(EXCEPTION, "exception")

typedef enum pc_notice_kind {
#define PC__NK_ENUM(e, s) PC_NOTICE_##e,
    PC_NOTICE_KIND_MAP(PC__NK_ENUM)
#undef PC__NK_ENUM
        PC_NOTICE__COUNT
} pc_notice_kind;

/** "delayed", ...; static ("unknown" out of range). */
const char *pc_notice_kind_name(pc_notice_kind kind);

/** @return 0 and *ret_kind, PC_EINVAL for an unknown name. */
int pc_notice_kind_parse(const char *name, pc_notice_kind *ret_kind);

/* ---- detection (pure) ---------------------------------------------------------------------- */

/**
 * Whether the 80% window of `now` moved materially from `before`: either edge moved by more
 * than max(2 h, 25% of the earlier window's width). A window that appears (before had none)
 * is not a move. Symmetric in neither argument: the earlier window sets the tolerance.
 */
bool pc_notice_window_moved(const pc_eta *before, const pc_eta *now);

/**
 * Which notices a change causes, in a stable order (info_received, shipped, delayed,
 * eta_changed, out_for_delivery, failed_attempt, exception, delivered).
 *
 * - info_received: the status became info_received.
 * - shipped: the first carrier event past info_received (any event other than pending /
 *   info_received) appeared.
 * - out_for_delivery, failed_attempt, exception: the shipment is now in that status and either
 *   was not, or gained a new event of it (a second attempt is a second notice).
 * - delivered: the status became delivered (nothing about the ETA is sent with it).
 * - delayed: eta_after is at risk or its p_late >= 0.5 while eta_before was neither (once per
 *   at-risk episode: it is not sent again until the shipment has left risk).
 * - eta_changed: pc_notice_window_moved(eta_before, eta_after), and no delayed in this change
 *   (delayed already carries the new window).
 *
 * eta_before should be the prediction last announced to the customer (kept by the caller),
 * not merely the last one computed, so that a series of small moves adds up to one notice.
 * @param before NULL: the shipment is new. after must not be NULL.
 * @param eta_before, eta_after may be NULL (no prediction): no delayed / eta_changed.
 * @return the number of kinds written to out (at most max).
 */
size_t pc_notice_detect(const pc_shipment *before, const pc_shipment *after,
                        const pc_eta *eta_before, const pc_eta *eta_after, pc_notice_kind out[],
                        size_t max);

/* ---- outbox -------------------------------------------------------------------------------- */

/**
 * The notice body: {"id","kind","created_at","shipment":{carrier,tracking_number,status,
 * substatus,service,carrier_eta,promised_by,order_id,customer:{name},last_event:{...}},
 * "eta":{...}|null,"reason":text|null}. New reference, NULL on ENOMEM.
 */
json_t *pc_notice_body(const char *delivery_id, pc_notice_kind kind, const pc_shipment *s,
                       const pc_eta *eta, int64_t created_at);

/**
 * Write the notices of one change: one outbox record per subscription of `tenant` that asked for
 * `kind`, plus one e-mail when the tenant's e-mail channel is on and the shipment has a customer
 * e-mail, all due at `now`, in the caller's transaction (they commit or abort with it). Each
 * record has its own delivery id (32 hex digits from RAND_bytes) and the exact body it will send.
 * @param eta may be NULL.
 * @return the number of records written (0: nobody subscribed), PC_EINVAL (tenant 0, no
 *         shipment), PC_EMALFORMED (a corrupt subscription blob), PC_ESTORE, PC_EMAPFULL,
 *         PC_ENOMEM, PC_EINTERNAL (no randomness).
 */
int pc_notice_enqueue(pc_txn *tx, uint32_t tenant, pc_notice_kind kind, const pc_shipment *s,
                      const pc_eta *eta, int64_t now);

/* ---- subscriptions ------------------------------------------------------------------------- */

#define PC_WEBHOOK_URL_MAX     2048
#define PC_WEBHOOK_MAX         100  /**< subscriptions per tenant */
#define PC_WEBHOOK_SECRET_SIZE 65   /**< 64 hex digits (32 random bytes) + NUL */
#define PC_DEAD_LETTER_MAX     1000 /**< dead letters kept per subscription (oldest dropped) */

/** A subscription (the secret is never read back: it is only returned by pc_webhook_add). */
typedef struct pc_webhook {
    uint32_t id;
    char url[PC_WEBHOOK_URL_MAX];
    unsigned kinds; /**< bit (1u << pc_notice_kind) per kind sent */
    int64_t created_at;
} pc_webhook;

/**
 * Subscribe `url` (http:// or https://) to the given kinds of `tenant`'s notices.
 * @param kinds, n_kinds: n_kinds 0 means every kind.
 * @param ret_id may be NULL.
 * @param secret_out receives the signing secret (64 hex digits), shown to the caller once.
 * @return 0, PC_EINVAL (tenant 0, bad url: the message in err), PC_ELIMIT (PC_WEBHOOK_MAX
 *         reached), PC_EMALFORMED, PC_ESTORE, PC_ENOMEM, PC_EINTERNAL (no randomness).
 */
int pc_webhook_add(pc_txn *tx, uint32_t tenant, const char *url, const pc_notice_kind *kinds,
                   size_t n_kinds, int64_t now, uint32_t *ret_id,
                   char secret_out[PC_WEBHOOK_SECRET_SIZE], char *err, size_t errlen);

/** A tenant's subscriptions in id order. *ret_hooks malloc'd (NULL when none), caller frees.
 * @return 0, PC_EMALFORMED, PC_ESTORE, PC_ENOMEM. */
int pc_webhook_list(pc_txn *tx, uint32_t tenant, pc_webhook **ret_hooks, size_t *ret_n);

/** One subscription. @return 0, PC_ENOTFOUND (also for another tenant's id)... */
int pc_webhook_get(pc_txn *tx, uint32_t tenant, uint32_t id, pc_webhook *ret_hook);

/** Unsubscribe. Pending notices for it are dropped when they come due.
 * @return 0, PC_ENOTFOUND (also for another tenant's id), PC_ESTORE... */
int pc_webhook_delete(pc_txn *tx, uint32_t tenant, uint32_t id);

/** {"id","url","kinds":[...],"created_at"}: the API's representation. New reference. */
json_t *pc_webhook_to_json(const pc_webhook *h);

/** Turn a tenant's e-mail channel on or off (off by default). @return 0, PC_EINVAL... */
int pc_notify_set_email(pc_txn *tx, uint32_t tenant, bool on);
bool pc_notify_email_enabled(pc_txn *tx, uint32_t tenant);

/**
 * Dead letters of a subscription (webhook_id 0: the tenant's e-mails), oldest first, as a JSON
 * array of {"delivery_id","kind","to","attempts","first_attempt","last_attempt","last_error",
 * "body"} (body: the notice object). New reference in *ret_array.
 * @return 0 (an empty array when none), PC_ENOTFOUND (no such subscription of this tenant),
 *         PC_EMALFORMED, PC_ESTORE, PC_ENOMEM.
 */
int pc_webhook_failures(pc_txn *tx, uint32_t tenant, uint32_t webhook_id, json_t **ret_array);

/**
 * Put a dead letter of `tenant` back in the outbox, due at `now`, with a fresh retry budget and
 * the same delivery id and body.
 * @return 0, PC_ENOTFOUND (no such dead letter of this tenant), PC_EMALFORMED, PC_ESTORE...
 */
int pc_webhook_replay(pc_txn *tx, uint32_t tenant, const char *delivery_id, int64_t now);

/* ---- signatures ---------------------------------------------------------------------------- */

#define PC_WEBHOOK_SIG_SIZE 96 /**< "t=<up to 20 digits>,v1=<64 hex>" + NUL */

/**
 * X-Parcelcast-Signature value: "t=<t>,v1=" HEX(HMAC-SHA256(secret, "<t>." body)).
 * @return 0, PC_EINVAL (no secret), PC_EINTERNAL (OpenSSL).
 */
int pc_webhook_sign(const char *secret, int64_t t, const void *body, size_t len,
                    char out[PC_WEBHOOK_SIG_SIZE]);

/**
 * Check a signature header against the body (constant-time comparison).
 * @param tolerance seconds |now - t| may be (replay protection); <= 0: any t.
 * @return 0, PC_EMALFORMED (header not "t=...,v1=..."), PC_EAUTH (wrong signature or t too far).
 */
int pc_webhook_verify(const char *secret, const char *header, const void *body, size_t len,
                      int64_t now, int64_t tolerance);

/* ---- e-mail -------------------------------------------------------------------------------- */

/**
 * Render the e-mail of a notice body (as written by pc_notice_body) with the template of its
 * kind: `<dir>/<kind>.txt` when dir is set and the file exists, else the built-in one. A template
 * is a "Subject: ..." line, an empty line and the text; placeholders {{carrier}},
 * {{tracking_number}}, {{status}}, {{eta_window}}, {{reason}}, {{order_id}},
 * {{customer_name}} are replaced (values stripped of control characters); unknown ones are kept.
 * @param ret_subject, ret_text malloc'd, caller frees.
 * @return 0, PC_EMALFORMED (body or template), PC_EIO (template unreadable), PC_ELIMIT
 *         (template over 64 KiB), PC_ENOMEM.
 */
int pc_notice_render_email(const char *templates_dir, const char *body_json, char **ret_subject,
                           char **ret_text, char *err, size_t errlen);

/* ---- the notifier -------------------------------------------------------------------------- */

typedef struct pc_notifier_opts {
    pc_store *store;         /**< borrowed; must outlive the notifier */
    const pc_config *config; /**< borrowed, may be NULL: notify.* / smtp.* defaults */
    /** Current UTC seconds; NULL: time(NULL). */
    int64_t (*clock)(void *ctx);
    /** Wait `seconds` of the clock's time (thread only); NULL: nanosleep. May return early. */
    void (*sleep)(void *ctx, int64_t seconds);
    void *clock_ctx;
    int concurrency;           /**< deliveries in flight; 0: notify.concurrency */
    int timeout;               /**< seconds per delivery; 0: notify.timeout */
    int backoff_base;          /**< first retry delay, seconds; 0: 30 */
    int backoff_max;           /**< ceiling of a retry delay; 0: 3600 */
    int64_t max_age;           /**< retry budget after the first attempt; 0: 72 h */
    size_t max_per_run;        /**< records one run picks up; 0: 1000 */
    uint64_t seed;             /**< jitter seed; 0: from the clock and pid */
    const char *smtp_url;      /**< NULL: smtp.url */
    const char *smtp_from;     /**< NULL: smtp.from */
    const char *templates_dir; /**< NULL: notify.templates */
    const char *user_agent;    /**< NULL: "parcelcast/<version>" */
} pc_notifier_opts;

/** Counters (since creation, or of one run). */
typedef struct pc_notifier_stats {
    uint64_t delivered; /**< acknowledged (2xx / accepted by SMTP) and deleted */
    uint64_t retried;   /**< failed attempts rescheduled */
    uint64_t dead;      /**< moved to dead letters */
    uint64_t dropped;   /**< for a deleted subscription, or not ours / unreadable */
    int max_in_flight;
} pc_notifier_stats;

typedef struct pc_notifier pc_notifier;

/** @return 0, PC_EINVAL (no store), PC_ENOMEM, PC_EINTERNAL (libcurl). */
int pc_notifier_new(const pc_notifier_opts *opts, pc_notifier **ret_notifier, char *err,
                    size_t errlen);

/** Stop the thread if started and free. Accepts NULL. */
void pc_notifier_free(pc_notifier *n);

/**
 * Deliver every record due at or before `now` (PC_TIME_NONE: the clock) and commit the outcome
 * (deleted, rescheduled or dead) in one durable transaction before returning.
 * @return 0, PC_ESTORE / PC_EMAPFULL (outcomes not committed: the records are sent again),
 *         PC_ENOMEM, PC_EBUSY (the thread is running).
 */
int pc_notifier_run_once(pc_notifier *n, int64_t now, pc_notifier_stats *ret_run);

/** Run pc_notifier_run_once every `interval` seconds of the clock (1 when <= 0) in a thread.
 * @return 0, PC_EBUSY, PC_ENOMEM. */
int pc_notifier_start(pc_notifier *n, int interval);

/** Stop and join the thread; a run in progress finishes first. Safe when not started. */
void pc_notifier_stop(pc_notifier *n);

void pc_notifier_stats_get(pc_notifier *n, pc_notifier_stats *ret);

/** Records in the outbox (all, due or not). @return 0, PC_ESTORE. */
int pc_notify_outbox_depth(pc_store *st, size_t *ret_n);

#endif
