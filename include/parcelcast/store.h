/**
 * @file store.h
 * The LMDB store: one environment, named databases, a schema version.
 *
 * Databases and key encodings (all integers big-endian so byte order is numeric order; times
 * are int64 with the sign bit flipped):
 *   meta        "schema" -> u32, "next_id" -> u64, "next_tenant" -> u32
 *   shipments   carrier \0 number            -> shipment record (binary, versioned), tenant 0
 *               carrier \0 number \0 tenant(4) -> a tenant's own copy of the parcel
 *   ship_ids    id(8)                        -> the shipment's key above
 *   events      id(8) time(8) fingerprint(8) -> event record; fingerprint = hash(code, location)
 *   by_tenant   tenant(4) id(8)              -> ""
 *   by_status   status(1) tenant(4) id(8)    -> ""
 *   poll_due    time(8) id(8)                -> ""
 *   history     carrier \0 service \0 lane \0 day(4) id(8) -> delivered summary
 *   outbox      due(8) notice(8)             -> notice blob
 *   tenants     tenant(4)                    -> tenant record
 *   api_keys    sha256(key)(32)              -> tenant(4)
 *   models      name                         -> blob
 * so every read the product does is a point get or a range scan.
 *
 * Concurrency: any number of readers (threads or processes) run beside one writer and never
 * block it. Writes go through pc_store_write(), which runs a callback in one transaction and
 * commits it durably (fsync): once it returns 0 the batch survives kill -9 and power loss.
 * On MDB_MAP_FULL the map is grown and the callback is run again from scratch, so a callback
 * must only touch the store through its transaction (no other side effects).
 */
#ifndef PARCELCAST_STORE_H
#define PARCELCAST_STORE_H

#include <parcelcast/model.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PC_STORE_SCHEMA 1u

typedef struct pc_store pc_store;
typedef struct pc_txn pc_txn;

typedef struct pc_store_opts {
    const char *path;    /**< directory; created if missing */
    size_t map_size;     /**< initial map size in bytes; 0 = 64 MiB (grows on demand) */
    size_t max_map_size; /**< growth ceiling; 0 = 1 TiB */
    bool read_only;      /**< open for reading only (no schema initialisation) */
    bool no_sync;        /**< benchmarks only: skip fsync (acknowledged != durable) */
} pc_store_opts;

/**
 * Open (creating if needed) a store.
 * @param err receives a message naming the path and the problem (may be NULL).
 * @return 0, PC_EIO (cannot create/open), PC_ESCHEMA (written by an older schema with no
 *         migration, or by a newer parcelcast), PC_ESTORE, PC_ENOMEM.
 */
int pc_store_open(const pc_store_opts *opts, pc_store **ret_store, char *err, size_t errlen);

/** Close a store. All transactions must be finished. Accepts NULL. */
void pc_store_close(pc_store *st);

/** Current map size in bytes (grows as data is written). */
size_t pc_store_map_size(const pc_store *st);

/** The store's directory. Owned by the store. */
const char *pc_store_path(const pc_store *st);

/**
 * Run fn in one write transaction and commit it durably. If fn returns < 0 the transaction is
 * aborted and its code returned. fn may run more than once (map growth): see the file comment.
 * @return fn's result (>= 0) on commit, or a negative PC_E* code.
 */
int pc_store_write(pc_store *st, int (*fn)(pc_txn *tx, void *ctx), void *ctx);

/**
 * Begin / end a read transaction (a consistent snapshot). Read transactions may be used from
 * any thread but by one thread at a time.
 * @return 0, PC_ESTORE, PC_ENOMEM.
 */
int pc_store_read_begin(pc_store *st, pc_txn **ret_tx);
void pc_store_read_end(pc_txn *tx);

/** What pc_store_put_shipment() changed. */
typedef struct pc_put_result {
    uint64_t id;
    bool created;
    size_t events_added;
    pc_status old_status;
    pc_status new_status;
} pc_put_result;

/**
 * Tenants: each tenant's shipment of a parcel is its own record (key with the tenant), so two
 * tenants track the same parcel independently and neither can tell that the other does. A
 * write with tenant_id 0 is carrier data (poller, importer, pushes): it merges into the
 * tenant-0 record and into every tenant's copy of that parcel (the tenant-0 record is only
 * created when no tenant tracks the parcel). The functions without a tenant argument look up
 * the tenant-0 record, or, when there is none, the first tenant's copy (CLI, importer).
 *
 * Merge a shipment into the store: create it if new; carrier fields that s sets overwrite the
 * stored ones; merchant fields are set when s sets them (tenant_id != 0, promised_by, ...);
 * events are appended idempotently (an event already stored, same time, code and location, is
 * not added twice) and in any order (the status is always the newest event's). Updates every
 * index and, on delivery, the history database.
 * @param now  the write's wall-clock time (updated_at), UTC seconds.
 * @param ret  may be NULL; for a tenant-0 write that reaches several records, the first one.
 * @return 0, PC_EINVAL (no carrier/number), PC_ELIMIT (key too long), PC_ESTORE, PC_EMAPFULL.
 */
int pc_store_put_shipment(pc_txn *tx, const pc_shipment *s, int64_t now, pc_put_result *ret);

/**
 * Load a shipment with its events (normalized).
 * @param ret_shipment initialized by the call; caller frees with pc_shipment_done().
 * @param ret_id may be NULL.
 * @return 0, PC_ENOTFOUND, PC_ESTORE, PC_EMALFORMED (corrupt record), PC_ENOMEM.
 */
int pc_store_get_shipment(pc_txn *tx, const char *carrier, const char *number,
                          pc_shipment *ret_shipment, uint64_t *ret_id);

/**
 * A tenant's own shipment (tenant 0: the tenant-0 record only). Another tenant's shipment of
 * the same parcel is PC_ENOTFOUND, exactly as if it did not exist.
 * @return as pc_store_get_shipment().
 */
int pc_store_get_shipment_t(pc_txn *tx, uint32_t tenant, const char *carrier, const char *number,
                            pc_shipment *ret_shipment, uint64_t *ret_id);

/** Same, by internal id. */
int pc_store_get_shipment_by_id(pc_txn *tx, uint64_t id, pc_shipment *ret_shipment);

/**
 * Delete a shipment, its events and its index entries.
 * @return 0, PC_ENOTFOUND, PC_ESTORE.
 */
int pc_store_delete_shipment(pc_txn *tx, const char *carrier, const char *number);

/** Delete a tenant's own shipment; other tenants' copies stay. @return 0, PC_ENOTFOUND... */
int pc_store_delete_shipment_t(pc_txn *tx, uint32_t tenant, const char *carrier,
                               const char *number);

/** Set (or clear with PC_TIME_NONE) a shipment's next poll time. @return 0, PC_ENOTFOUND... */
int pc_store_set_next_poll(pc_txn *tx, uint64_t id, int64_t when);

/**
 * Scan callbacks return 0 to continue, 1 to stop early (not an error), < 0 to abort with that
 * code. Pointers passed to callbacks are valid only during the call.
 */
typedef int (*pc_id_cb)(uint64_t id, void *ctx);

/** Every shipment in key order (carrier, number), loaded with events. */
int pc_store_scan_shipments(pc_txn *tx, int (*cb)(const pc_shipment *s, uint64_t id, void *ctx),
                            void *ctx);

/** Shipments of a tenant with id > after_id, in id order. */
int pc_store_scan_tenant(pc_txn *tx, uint32_t tenant, uint64_t after_id, pc_id_cb cb, void *ctx);

/** Shipments of a tenant in a status, in id order. */
int pc_store_scan_status(pc_txn *tx, pc_status status, uint32_t tenant, pc_id_cb cb, void *ctx);

/** Shipments due for polling at or before `until`, earliest first; cb receives (id, due). */
int pc_store_scan_due(pc_txn *tx, int64_t until, int (*cb)(uint64_t id, int64_t due, void *ctx),
                      void *ctx);

#define PC_HISTORY_MAX_KINDS 8  /**< exception / failed / return kinds kept per shipment */
#define PC_HISTORY_MAX_HOPS  48 /**< facility hops kept per shipment */

/** One facility on a shipment's way: the run of consecutive carrier scans at one place. */
typedef struct pc_history_hop {
    const char *place; /**< "City, REGION, CC" of the parts present */
    uint32_t dwell;    /**< seconds from its first scan to the first scan at the next place */
    uint32_t travel;   /**< seconds from its last scan to the first scan at the next place */
} pc_history_hop;

/**
 * What reports need of a delivered shipment's events, written with its history row so a report
 * streams over the history alone. Strings point into the row (valid during the callback) or,
 * from pc_history_summarize(), into `text`.
 */
typedef struct pc_history_summary {
    uint32_t tenant_id;
    /** The first carrier scan before the delivery (handoff = true), else the first event
     *  before it; PC_TIME_NONE when none. */
    int64_t start;
    int16_t start_offset;     /**< of that event, PC_OFFSET_NONE when unknown */
    int16_t delivered_offset; /**< of the first delivered event (else start's) */
    bool handoff;
    bool exception;           /**< any exception event */
    bool returned;            /**< a returned event or a substatus naming a return */
    uint16_t failed;          /**< failed attempts up to the delivery */
    const char *dest_country; /**< NULL when unknown */
    /** Kinds of exception, failed-attempt and return events: the substatus, else
     *  "status[:code]"; distinct, in event order. */
    size_t n_kinds;
    const char *kinds[PC_HISTORY_MAX_KINDS];
    /** Each place scanned up to the delivery that the parcel left for another place
     *  (carrier scans with a location only); where it went is the next hop's place, or
     *  `last_place` for the last hop. */
    size_t n_hops;
    pc_history_hop hops[PC_HISTORY_MAX_HOPS];
    const char *last_place; /**< where the last hop led; NULL without hops */
    char text[2048];
} pc_history_summary;

/** Summarize a shipment (events in normalized order) delivered at `delivered_at`. Kinds and
 *  hops beyond the limits or the text buffer are left out. */
void pc_history_summarize(const pc_shipment *s, int64_t delivered_at, pc_history_summary *ret);

/** One ended shipment in the history database: delivered, or returned to the sender. */
typedef struct pc_history_row {
    const char *carrier, *service, *lane; /**< service/lane "" when unknown */
    int32_t day; /**< days since the epoch of the delivery (of the last event if returned), UTC */
    uint64_t id;
    pc_status outcome;    /**< PC_STATUS_DELIVERED or PC_STATUS_RETURNED */
    int64_t first_event;  /**< first carrier event (handoff) */
    int64_t delivered_at; /**< the delivery; for a returned shipment, its last event */
    int64_t promised_by;
    int64_t carrier_eta;
    uint32_t n_events;
    uint16_t failed_attempts;
    uint16_t exceptions;
    /** The events' summary; NULL for rows written before it existed (load the shipment and
     *  use pc_history_summarize()). */
    const pc_history_summary *sum;
} pc_history_row;

/**
 * Delivered history, ordered by (carrier, service, lane, day); carrier may be NULL (all
 * carriers), days restrict to [day_from, day_to] (INT32_MIN/INT32_MAX for all).
 */
int pc_store_scan_history(pc_txn *tx, const char *carrier, int32_t day_from, int32_t day_to,
                          int (*cb)(const pc_history_row *row, void *ctx), void *ctx);

/** The same with returned shipments too (outcome PC_STATUS_RETURNED), for reports. */
int pc_store_scan_ended(pc_txn *tx, const char *carrier, int32_t day_from, int32_t day_to,
                        int (*cb)(const pc_history_row *row, void *ctx), void *ctx);

/** Number of rows pc_store_scan_ended() would give (keys only, no values decoded). */
int pc_store_count_history(pc_txn *tx, const char *carrier, int32_t day_from, int32_t day_to,
                           size_t *ret_n);

/** Lane key of a shipment: "ORIGIN>DEST" using country-region, e.g. "US-KY>US-CA" ("" if none). */
void pc_store_lane(const pc_shipment *s, char *buf, size_t size);

/** Model parameters by name. get: *ret_blob malloc'd, caller frees. @return 0, PC_ENOTFOUND... */
int pc_store_put_blob(pc_txn *tx, const char *name, const void *blob, size_t len);
int pc_store_get_blob(pc_txn *tx, const char *name, void **ret_blob, size_t *ret_len);

/** Tenants and API keys (keys stored as SHA-256 hashes, never in clear). */
int pc_store_add_tenant(pc_txn *tx, const char *name, uint32_t *ret_tenant);
int pc_store_get_tenant(pc_txn *tx, uint32_t tenant, char **ret_name);
int pc_store_add_api_key(pc_txn *tx, uint32_t tenant, const unsigned char hash[32]);
int pc_store_find_api_key(pc_txn *tx, const unsigned char hash[32], uint32_t *ret_tenant);
/** Revoke a key by its hash. @return 0, PC_ENOTFOUND, PC_ESTORE. */
int pc_store_delete_api_key(pc_txn *tx, const unsigned char hash[32]);

/** Outbox: put a notice due at `due`; scan due notices; delete one. */
int pc_store_outbox_put(pc_txn *tx, int64_t due, uint64_t notice_id, const void *blob, size_t len);
int pc_store_outbox_scan(pc_txn *tx, int64_t until,
                         int (*cb)(int64_t due, uint64_t notice_id, const void *blob, size_t len,
                                   void *ctx),
                         void *ctx);
int pc_store_outbox_delete(pc_txn *tx, int64_t due, uint64_t notice_id);

/** Counts for /healthz and metrics. */
typedef struct pc_store_stats {
    size_t shipments, events, history, outbox, tenants;
    size_t map_size, map_used;
    uint32_t schema;
} pc_store_stats;
int pc_store_stats_get(pc_txn *tx, pc_store_stats *ret);

#endif
