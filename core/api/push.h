/* Carrier push (webhook) intake behind POST /v1/carrier-hooks/{carrier} (core/api/push.c). */
#ifndef PC_API_PUSH_H
#define PC_API_PUSH_H

#include <jansson.h>
#include <parcelcast/config.h>
#include <parcelcast/plugins.h>
#include <parcelcast/store.h>
#include <stddef.h>
#include <stdint.h>

/** The header a carrier itself sends its shared secret in ("credential" for UPS), or NULL. */
const char *pc__push_secret_header(const char *carrier);

/** Header every carrier may use instead. */
#define PC__PUSH_SECRET_HEADER "X-Parcelcast-Secret"

/** What the server knows for one push request. Everything borrowed for the call. */
typedef struct pc__push_request {
    const pc_registry *registry; /**< NULL: no carrier accepts pushes */
    const pc_config *config;     /**< NULL: no secret configured anywhere */
    pc_store *store;
    const char *carrier; /**< the {carrier} path segment, may be "" or contain '/' (refused) */
    const char *secret;  /**< the secret header's value, NULL when absent */
    const char *body;
    size_t len;
    int64_t now; /**< UTC seconds, the write's updated_at */
} pc__push_request;

/**
 * Check, parse and store one carrier push. Nothing is stored unless every shipment of the
 * payload is understood; the answer is given only after the store committed durably.
 * @param ret_status HTTP status: 200 stored; 404 unknown carrier or one without parse_push;
 *        403 no carrier.<name>.push_secret configured; 401 missing or wrong secret; 400 the
 *        payload was refused (message names byte offset or field); 413 limit; 503 store.
 * @param ret_json new reference: the counts, or {"error":{"code","message",...}}.
 * @return 0 (the status says how it went), PC_ENOMEM.
 */
int pc__push_handle(const pc__push_request *req, unsigned *ret_status, json_t **ret_json);

#endif
