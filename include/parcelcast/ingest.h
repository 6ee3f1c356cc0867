/**
 * @file ingest.h
 * Importing carrier feeds and normalized NDJSON into the store, in batched transactions.
 *
 * An importer accumulates parsed shipments and commits them in one write transaction once a
 * batch is full (or on pc_importer_flush). A committed batch is acknowledged: it survives
 * kill -9. Re-importing the same data changes nothing (appends are idempotent), so an
 * interrupted import is completed by running it again.
 */
#ifndef PARCELCAST_INGEST_H
#define PARCELCAST_INGEST_H

#include <parcelcast/adapter.h>
#include <parcelcast/store.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pc_import_stats {
    size_t inputs; /**< files or NDJSON lines read */
    size_t bytes;
    size_t shipments; /**< shipments stored (created or updated) */
    size_t shipments_created;
    size_t events_seen;                  /**< events parsed */
    size_t events_added;                 /**< events new to the store */
    size_t carrier_errors[PC_TE__COUNT]; /**< typed carrier errors by kind */
    size_t malformed;                    /**< inputs rejected as malformed or over a limit */
    size_t batches;                      /**< transactions committed */
} pc_import_stats;

typedef struct pc_importer pc_importer;

/**
 * @param batch_events commit when this many events are pending (0 = 10,000).
 * @param now          write time (updated_at) in UTC seconds.
 */
int pc_importer_new(pc_store *st, size_t batch_events, int64_t now, pc_importer **ret);

/** Flush (commit what is pending) and free. Returns the flush result. Accepts NULL. */
int pc_importer_free(pc_importer *imp);

/**
 * Parse one carrier body and queue its shipments. A malformed body is counted and reported in
 * diag (nothing of it is stored); carrier errors are counted by kind.
 * @return 0 (queued or counted as malformed: check diag->message), or a store error.
 */
int pc_importer_add_body(pc_importer *imp, const pc_adapter *a, const char *body, size_t len,
                         const pc_parse_limits *limits, pc_diag *diag);

/**
 * Queue one normalized shipment in JSON (an NDJSON line). A bad line is counted as malformed
 * with the reason in diag (column of the JSON error, or the field).
 */
int pc_importer_add_json(pc_importer *imp, const char *line, size_t len, pc_diag *diag);

/** Queue an already normalized shipment (copied). */
int pc_importer_add_shipment(pc_importer *imp, const pc_shipment *s);

/** Count an input rejected before parsing (unreadable, over the size limit) as malformed. */
void pc_importer_reject(pc_importer *imp, size_t bytes);

/** Commit what is pending. @return 0 or a store error (the batch is then not stored). */
int pc_importer_flush(pc_importer *imp);

/** Running totals. Valid while the importer lives. */
const pc_import_stats *pc_importer_stats(const pc_importer *imp);

#endif
