/* Shared between the core/notify sources (names pc__notify_*, not part of the public API). */
#ifndef PC_NOTIFY_INTERNAL_H
#define PC_NOTIFY_INTERNAL_H

#include <jansson.h>
#include <parcelcast/notify.h>

/**
 * An outbox record is a JSON object:
 * {"v":1,"tenant":T,"hook":H (0: e-mail),"to":url-or-address,"id":delivery id,"kind":name,
 *  "attempts":n,"first_attempt":t|null,"last_attempt":t|null,"last_error":text|null,
 *  "body":the exact notice text}
 */
#define PC__NOTIFY_RECORD_VERSION 1

/** Load the tenant's subscription document ({"next":N,"email":b,"hooks":[...]}); a tenant
 * without one gets an empty document. New reference in *ret_doc. */
int pc__notify_doc_load(pc_txn *tx, uint32_t tenant, json_t **ret_doc);

/** The hook object of id in doc, or NULL. Borrowed. */
json_t *pc__notify_doc_hook(json_t *doc, uint32_t id);

/** Append a record (copied) to the dead letters of its subscription, trimming the oldest. */
int pc__notify_dead_letter(pc_txn *tx, const json_t *record);

/** Parse an outbox blob. New reference, NULL when it is not a record of ours. */
json_t *pc__notify_record_parse(const void *blob, size_t len);

/** Serialize and put a record in the outbox under (due, notice_id). */
int pc__notify_record_put(pc_txn *tx, int64_t due, uint64_t notice_id, const json_t *record);

/** The SMTP message (headers and text, CRLF lines) for a record's notice. malloc'd. */
int pc__notify_email_message(const char *templates_dir, const char *from, const char *to,
                             const char *delivery_id, const char *body_json, int64_t now,
                             char **ret_msg, char *err, size_t errlen);

#endif
