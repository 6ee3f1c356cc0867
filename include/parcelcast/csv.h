/**
 * @file csv.h
 * Delivery histories from merchant CSV exports: an RFC 4180 reader that copes with real-world
 * files (BOM, LF / CRLF / lone-CR line endings, quoted fields with commas, doubled quotes and
 * newlines), the date spellings those exports use, and the mapping of one row to one normalized
 * shipment (milestone events ORDERED, HANDOFF, DELIVERED). See docs/history-import.md.
 *
 * Nothing here logs: problems are returned in pc_diag or counted by reason in pc_csv_summary.
 */
#ifndef PARCELCAST_CSV_H
#define PARCELCAST_CSV_H

#include <parcelcast/adapter.h>
#include <parcelcast/ingest.h>
#include <parcelcast/model.h>
#include <parcelcast/timeutil.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ---------------------------------------------------------------------------------------------
 * Reader
 */

/** Default and hard limits of one record (all its fields together), in bytes. */
#define PC_CSV_MAX_ROW_DEFAULT ((size_t)1 << 20)
#define PC_CSV_MAX_FIELDS      4096

typedef struct pc_csv_reader pc_csv_reader;

/** One record. Owned by the reader; valid until the next pc_csv_read_row() or free. */
typedef struct pc_csv_row {
    size_t n;            /**< number of fields (a blank line is one empty field) */
    char *const *fields; /**< NUL-terminated field texts, quotes removed, not trimmed */
    const size_t *lens;  /**< byte length of each field */
    long line;           /**< 1-based physical line where the record starts */
    uint64_t offset;     /**< byte offset of the record's first byte in the input */
} pc_csv_row;

/**
 * Stream records from f (read as bytes; a leading UTF-8 BOM is skipped). f stays owned by the
 * caller and must outlive the reader; it is read forward only (pipes are fine). When a record
 * is malformed the reader resumes at the next physical line (for a quote left open: the line
 * after the one where the record started, replayed from memory, at most max_row bytes).
 * @param max_row longest record in bytes (0 = PC_CSV_MAX_ROW_DEFAULT); longer is malformed.
 * @return 0 and *ret, PC_ENOMEM.
 */
int pc_csv_reader_new(FILE *f, size_t max_row, pc_csv_reader **ret);

/** Free a reader (not its FILE). Accepts NULL. */
void pc_csv_reader_free(pc_csv_reader *r);

/**
 * Read the next record.
 * @return 1 and *ret_row; 0 at the end of the input; PC_EMALFORMED when the record was malformed
 *         (unterminated or stray quote, over max_row or PC_CSV_MAX_FIELDS): diag names the line,
 *         byte offset and problem, the record is skipped and the next call goes on after it;
 *         PC_EIO (read error, errno set), PC_ENOMEM.
 */
int pc_csv_read_row(pc_csv_reader *r, pc_csv_row *ret_row, pc_diag *diag);

/* ---------------------------------------------------------------------------------------------
 * Dates
 */

/** What a date cell held. */
typedef enum pc_csv_date_kind {
    PC_CSV_DATE_EMPTY = 0,   /**< blank cell */
    PC_CSV_DATE_OK,          /**< a date (and maybe a time) */
    PC_CSV_DATE_PLACEHOLDER, /**< text that is not a date ("Date Not Captured", "N/A ...") */
    PC_CSV_DATE_BAD,         /**< starts like a date but is not a valid one ("2/30/2017") */
} pc_csv_date_kind;

/**
 * Read a date cell in any of the spellings of merchant exports:
 * "M/D/YYYY[ H:MM[:SS]]", "DD-MM-YYYY[ HH:MM[:SS]]", "D-Mon-YY" / "D-Mon-YYYY" (two-digit years
 * 00-69 are 20xx, 70-99 19xx), ISO "YYYY-MM-DD[( |T)HH:MM[:SS]]" with an optional offset.
 * Leading and trailing blanks are ignored. A cell is a date only if it starts with a digit;
 * anything else is a placeholder.
 * @param len bytes of s ((size_t)-1 = up to NUL).
 * @param ret_local wall time (00:00:00 for a date alone); set only for PC_CSV_DATE_OK.
 * @param ret_offset_min the offset written in the cell (ISO form only) or PC_OFFSET_NONE.
 * @return the kind of cell.
 */
pc_csv_date_kind pc_csv_parse_date(const char *s, size_t len, pc_civil *ret_local,
                                   int *ret_offset_min);

/* ---------------------------------------------------------------------------------------------
 * History mapping
 */

/** Fields of the normalized history a column can be mapped to (names for --map). */
#define PC_CSV_FIELD_MAP(X)                                                                        \
    X(ID, "id")                                                                                    \
    X(CARRIER, "carrier")                                                                          \
    X(SERVICE, "service")                                                                          \
    X(ORDERED, "ordered")                                                                          \
    X(HANDOFF, "handoff")                                                                          \
    X(DELIVERED, "delivered")                                                                      \
    X(PROMISED, "promised")                                                                        \
    X(ORIGIN, "origin")                                                                            \
    X(DESTINATION, "destination")                                                                  \
    X(STATUS, "status")

typedef enum pc_csv_field {
#define PC__CSV_FIELD_ENUM(e, s) PC_CSV_FIELD_##e,
    PC_CSV_FIELD_MAP(PC__CSV_FIELD_ENUM)
#undef PC__CSV_FIELD_ENUM
        PC_CSV_FIELD__COUNT
} pc_csv_field;

typedef enum pc_csv_profile {
    PC_CSV_PROFILE_GENERIC = 0, /**< nothing mapped: every field comes from --map */
    PC_CSV_PROFILE_OLIST,       /**< olist_orders_dataset.csv and its reduced-columns variant */
    PC_CSV_PROFILE_SCMS,        /**< USAID SCMS_Delivery_History_Dataset.csv */
} pc_csv_profile;

/** @return 0 and *ret for "olist", "scms", "generic"; PC_EINVAL otherwise. */
int pc_csv_profile_parse(const char *name, pc_csv_profile *ret);

typedef struct pc_csv_history_opts {
    pc_csv_profile profile;
    const char *map;     /**< "FIELD=COLUMN,..." overriding the profile, or NULL */
    const char *carrier; /**< carrier when the row has none, or NULL (profile default) */
    const char *tz;      /**< IANA zone of the wall times, or NULL (profile default) */
} pc_csv_history_opts;

/** Counters keyed by a reason / column text, in first-seen order. */
typedef struct pc_csv_count {
    char *key;
    size_t count;
} pc_csv_count;

typedef struct pc_csv_summary {
    size_t rows;     /**< data records read (empty and malformed ones included) */
    size_t imported; /**< rows turned into a shipment and stored */
    size_t events;   /**< events new to the store */
    size_t events_parsed;
    pc_csv_count *skipped; /**< reason -> rows ("empty row", "no id", "malformed CSV"...) */
    size_t n_skipped;
    pc_csv_count *placeholders; /**< "placeholder in <column>", "unknown country <name>" */
    size_t n_placeholders;
    size_t batches;
} pc_csv_summary;

/** Rows skipped for any reason, and for reasons other than "empty row". */
size_t pc_csv_summary_skipped(const pc_csv_summary *s, bool count_empty);

/** Count of one skip reason or placeholder key (0 when absent). */
size_t pc_csv_summary_get(const pc_csv_count *c, size_t n, const char *key);

typedef struct pc_csv_history pc_csv_history;

/**
 * Prepare a mapping. err receives a message naming the problem.
 * @return 0 and *ret; PC_EINVAL for an unknown FIELD in map or a map item without '=';
 *         PC_ENOTFOUND for a time zone the tz database does not have; PC_ENOMEM.
 */
int pc_csv_history_new(const pc_csv_history_opts *opts, pc_csv_history **ret, char *err,
                       size_t errlen);

/** True when field f has a column to come from (given in the map or by the profile). */
bool pc_csv_history_maps(const pc_csv_history *h, pc_csv_field f);

/** Free a mapping and its summary. Accepts NULL. */
void pc_csv_history_free(pc_csv_history *h);

/**
 * Match the header record (column names trimmed, compared case-insensitively).
 * @return 0; PC_ENOTFOUND when a column given in the map is not in the header, or when no id
 *         column is found (err names it and lists the header's columns); PC_ENOMEM.
 */
int pc_csv_history_header(pc_csv_history *h, const pc_csv_row *row, char *err, size_t errlen);

/**
 * Map one data record to a shipment (normalized, with the ORDERED / HANDOFF / DELIVERED events it
 * has). Counts the row, its placeholders and, when it cannot be used, its skip reason.
 * @param ret_shipment initialized by the call; filled when 1 is returned (caller frees with
 *        pc_shipment_done), empty otherwise.
 * @param ret_reason the skip reason when 0 is returned (static or owned by h), may be NULL.
 * @return 1 usable, 0 skipped, PC_ENOMEM.
 */
int pc_csv_history_row(pc_csv_history *h, const pc_csv_row *row, pc_shipment *ret_shipment,
                       const char **ret_reason);

/** Count a record the reader rejected as "malformed CSV". @return 0, PC_ENOMEM. */
int pc_csv_history_malformed(pc_csv_history *h);

/** The running summary (events/batches are filled by pc_csv_import). Owned by h. */
const pc_csv_summary *pc_csv_history_summary(const pc_csv_history *h);

/** Receives each malformed record's diagnostic (line, byte offset, message). */
typedef void (*pc_csv_diag_fn)(const pc_diag *diag, void *ctx);

/**
 * Read a whole CSV stream and store its rows through imp (batched transactions; the caller
 * flushes/frees imp). Malformed records are reported to on_diag (may be NULL) and counted.
 * @param err message for errors that stop the import (header, store).
 * @return 0 (see the summary for skipped rows); PC_EMALFORMED when the input has no header
 *         record; PC_ENOTFOUND for a mapped column missing from the header; PC_EIO, a store
 *         error, PC_ENOMEM.
 */
int pc_csv_import(pc_csv_history *h, FILE *f, pc_importer *imp, pc_csv_diag_fn on_diag, void *ctx,
                  char *err, size_t errlen);

#endif
