/**
 * @file royalmail_codes.h
 * Royal Mail Tracking API v2 event codes (internal; exposed for tests/unit/test_codes_royalmail.c).
 */
#ifndef PC_CARRIER_ROYALMAIL_CODES_H
#define PC_CARRIER_ROYALMAIL_CODES_H

#include <parcelcast/adapter.h>
#include <parcelcast/normalize.h>
#include <stddef.h>

/** eventCode -> status, sorted by strcmp() order of the code. */
extern const pc_code_map pc__royalmail_codes[];
extern const size_t pc__royalmail_codes_len;

/** One Royal Mail error code and the kind of per-number error it becomes. */
typedef struct pc__royalmail_error {
    const char *code;
    pc_track_error_kind kind;
} pc__royalmail_error;

/** Error codes the adapter knows (anything else is carrier_error, or auth on HTTP 401/403). */
extern const pc__royalmail_error pc__royalmail_errors[];
extern const size_t pc__royalmail_errors_len;

#endif
