/* The shipment view cache of GET /v1/shipments/{carrier}/{number}: the compact JSON text of
 * pc_shipment_to_json(s, PC_JSON_MERCHANT), kept per (tenant, carrier, number) and reused
 * while the shipment is the same. Private to the core; names pc__view_cache_*. */
#ifndef PC_API_VIEW_CACHE_H
#define PC_API_VIEW_CACHE_H

#include <jansson.h>
#include <parcelcast/model.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pc__view_cache pc__view_cache;

typedef struct pc__view_cache_stats {
    uint64_t hits, misses; /* answers built from a kept text / from a new one */
    size_t entries, bytes; /* texts kept now and their size */
} pc__view_cache_stats;

/* A cache holding at most `budget` bytes of text (api.view_cache).
 * @return 0 and *ret (NULL when budget is 0: no cache), PC_ENOMEM. */
int pc__view_cache_new(size_t budget, pc__view_cache **ret);

/* Free the cache and its texts. Accepts NULL. */
void pc__view_cache_free(pc__view_cache *vc);

/* The body {"shipment":{...the view...,"eta":ETA}} of shipment s (the store's record, all of
 * its fields) with eta (a new reference is not taken; NULL means JSON null), compact, the same
 * bytes as json_dumps of that object with JSON_COMPACT. The view's text is taken from the cache
 * when an entry of this tenant, carrier and number was made from a shipment equal in every
 * field (compared by the SHA-256 of all the fields the view shows), else built and kept. vc may
 * be NULL (no cache: built every time).
 * @return a malloc'd NUL-terminated body (caller frees) and *ret_len, or NULL (out of memory). */
char *pc__view_cache_body(pc__view_cache *vc, const pc_shipment *s, const json_t *eta,
                          size_t *ret_len);

/* Compact text of j (an object or array, members in order) in one malloc'd block of the exact
 * size, NUL-terminated (the replies MHD frees use it too): dumped into a stack buffer first, so
 * jansson's growing buffer and its final copy are skipped for usual sizes; larger texts are
 * dumped again into a block of the size the first pass measured. NULL when out of memory. */
char *pc__view_cache_dump(const json_t *j, size_t *ret_len);

/* Counters since the cache was made (all zero for NULL). Any thread. */
void pc__view_cache_stats_get(pc__view_cache *vc, pc__view_cache_stats *ret);

#endif
