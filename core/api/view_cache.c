/*
 * The shipment view cache (view_cache.h). Building a shipment's JSON tree and dumping it is
 * most of the CPU time of GET /v1/shipments/{carrier}/{number}, and a shipment changes far less
 * often than it is read, so the compact text of its view is kept and reused.
 *
 * Nothing has to invalidate an entry: every request still reads the shipment from the store,
 * and a kept text is used only when the SHA-256 of every field the view shows (plus the
 * tenant) equals the one it was made from. The view is a pure function of those fields
 * (pc_shipment_to_json), so an equal digest means the same bytes. The live "eta" is computed
 * and dumped for every request and spliced in as the view's last member, where
 * json_object_set_new would put it.
 *
 * Slots: a power of two of them, one entry each, chosen by a hash of (tenant, carrier, number),
 * so a changed shipment replaces its own old text. A text goes in only while the kept texts
 * stay within the byte budget. Locks: one mutex per stripe of slots, held for a lookup's copy.
 */
#include "view_cache.h"

#include <parcelcast/error.h>
#include <parcelcast/json.h>

#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define STRIPES         64
#define BYTES_PER_SLOT  2048u      /* slots = budget / this: about one text of a usual view */
#define MAX_TEXT        (64 << 10) /* larger views are built every time */
#define STACK_TEXT      16384
#define SHIPMENT_PREFIX "{\"shipment\":"
#define ETA_MEMBER      ",\"eta\":"

/* The digest covers every field below; a new field in these structs must be added to
 * put_shipment() (and to pc_shipment_to_json if shown). The sizes make the build say so. */
#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(sizeof(pc_location) == 32, "pc_location changed: update put_location()");
_Static_assert(sizeof(pc_event) == 72, "pc_event changed: update put_shipment()");
_Static_assert(sizeof(pc_customer) == 16, "pc_customer changed: update put_shipment()");
_Static_assert(sizeof(pc_shipment) == 208, "pc_shipment changed: update put_shipment()");
#endif

typedef struct slot {
    unsigned char digest[32];
    char *text; /* the view's compact JSON, NULL when empty */
    size_t len;
} slot;

struct pc__view_cache {
    size_t budget;
    size_t mask; /* slots - 1 */
    slot *slots;
    pthread_mutex_t lock[STRIPES];
    _Atomic size_t bytes, entries;
    _Atomic uint64_t hits, misses;
};

/* ---- the digest --------------------------------------------------------------------------- */

typedef struct fields {
    unsigned char *p;
    size_t len, cap;
    bool heap, failed;
    unsigned char stack[4096];
} fields;

static void put(fields *f, const void *data, size_t n)
{
    if (f->failed)
        return;
    if (f->cap - f->len < n) {
        size_t c = f->cap * 2;
        while (c - f->len < n)
            c *= 2;
        unsigned char *q = f->heap ? realloc(f->p, c) : malloc(c);
        if (!q) {
            f->failed = true;
            return;
        }
        if (!f->heap)
            memcpy(q, f->p, f->len);
        f->p = q;
        f->cap = c;
        f->heap = true;
    }
    memcpy(f->p + f->len, data, n);
    f->len += n;
}

static void put_i64(fields *f, int64_t v)
{
    put(f, &v, sizeof(v));
}

/* Length-prefixed, so ("ab","c") and ("a","bc") differ; NULL differs from "". */
static void put_str(fields *f, const char *s)
{
    int64_t n = s ? (int64_t)strlen(s) : -1;
    put_i64(f, n);
    if (s)
        put(f, s, (size_t)n);
}

static void put_location(fields *f, const pc_location *l)
{
    put_str(f, l->city);
    put_str(f, l->region);
    put_str(f, l->postal_code);
    put_str(f, l->country);
}

static void put_shipment(fields *f, const pc_shipment *s)
{
    put_i64(f, s->tenant_id);
    put_str(f, s->carrier);
    put_str(f, s->tracking_number);
    put_i64(f, s->status);
    put_str(f, s->substatus);
    put_str(f, s->service);
    put_i64(f, s->carrier_eta);
    put_str(f, s->signed_by);
    put_location(f, &s->origin);
    put_location(f, &s->destination);
    put_i64(f, (int64_t)s->n_events);
    for (size_t i = 0; i < s->n_events; i++) {
        const pc_event *e = &s->events[i];
        put_i64(f, e->time);
        put_i64(f, e->utc_offset);
        put_i64(f, e->status);
        put_str(f, e->substatus);
        put_str(f, e->code);
        put_str(f, e->description);
        put_location(f, &e->location);
    }
    put_i64(f, s->promised_by);
    put_str(f, s->order_id);
    put_str(f, s->customer.name);
    put_str(f, s->customer.email);
    put_str(f, s->metadata_json);
    put_i64(f, s->created_at);
    put_i64(f, s->updated_at);
}

static int shipment_digest(const pc_shipment *s, unsigned char digest[32])
{
    fields f;
    f.p = f.stack;
    f.len = 0;
    f.cap = sizeof(f.stack);
    f.heap = f.failed = false;
    put_shipment(&f, s);
    unsigned int n = 0;
    int rc = f.failed                                                                 ? PC_ENOMEM
             : EVP_Digest(f.p, f.len, digest, &n, EVP_sha256(), NULL) != 1 || n != 32 ? PC_EINTERNAL
                                                                                      : 0;
    if (f.heap)
        free(f.p);
    return rc;
}

/* FNV-1a of the shipment's key: which slot. */
static size_t key_hash(const pc_shipment *s)
{
    uint64_t h = 1469598103934665603u;
    const unsigned char *t = (const unsigned char *)&s->tenant_id;
    for (size_t i = 0; i < sizeof(s->tenant_id); i++)
        h = (h ^ t[i]) * 1099511628211u;
    const char *parts[2] = {s->carrier, s->tracking_number};
    for (int k = 0; k < 2; k++) {
        for (const char *p = parts[k]; p && *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211u;
        h = (h ^ 0xffu) * 1099511628211u;
    }
    return (size_t)(h ^ (h >> 32));
}

/* ---- texts -------------------------------------------------------------------------------- */

char *pc__view_cache_dump(const json_t *j, size_t *ret_len)
{
    char stack[STACK_TEXT];
    const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
    size_t n = json_dumpb(j, stack, sizeof(stack), flags);
    if (n == 0)
        return NULL;
    char *text = malloc(n + 1);
    if (!text)
        return NULL;
    if (n <= sizeof(stack))
        memcpy(text, stack, n);
    else if (json_dumpb(j, text, n, flags) != n) {
        free(text);
        return NULL;
    }
    text[n] = '\0';
    *ret_len = n;
    return text;
}

/* SHIPMENT_PREFIX + view without its closing brace + ETA_MEMBER + eta + "}}". The view is an
 * object with at least one member (it always has "carrier"). */
static char *compose(const char *view, size_t vlen, const char *eta, size_t elen, size_t *ret_len)
{
    const size_t plen = sizeof(SHIPMENT_PREFIX) - 1, mlen = sizeof(ETA_MEMBER) - 1;
    if (vlen < 3 || view[vlen - 1] != '}')
        return NULL;
    size_t n = plen + (vlen - 1) + mlen + elen + 2;
    char *b = malloc(n + 1);
    if (!b)
        return NULL;
    char *p = b;
    memcpy(p, SHIPMENT_PREFIX, plen);
    p += plen;
    memcpy(p, view, vlen - 1);
    p += vlen - 1;
    memcpy(p, ETA_MEMBER, mlen);
    p += mlen;
    memcpy(p, eta, elen);
    p += elen;
    memcpy(p, "}}", 3);
    *ret_len = n;
    return b;
}

/* ---- the cache ---------------------------------------------------------------------------- */

int pc__view_cache_new(size_t budget, pc__view_cache **ret)
{
    *ret = NULL;
    if (budget == 0)
        return 0;
    pc__view_cache *vc = calloc(1, sizeof(*vc));
    if (!vc)
        return PC_ENOMEM;
    size_t want = budget / BYTES_PER_SLOT, n = 16;
    while (n < want && n < ((size_t)1 << 24))
        n *= 2;
    vc->slots = calloc(n, sizeof(*vc->slots));
    if (!vc->slots) {
        free(vc);
        return PC_ENOMEM;
    }
    vc->budget = budget;
    vc->mask = n - 1;
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&vc->lock[i], NULL);
    *ret = vc;
    return 0;
}

void pc__view_cache_free(pc__view_cache *vc)
{
    if (!vc)
        return;
    for (size_t i = 0; i <= vc->mask; i++)
        free(vc->slots[i].text);
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_destroy(&vc->lock[i]);
    free(vc->slots);
    free(vc);
}

void pc__view_cache_stats_get(pc__view_cache *vc, pc__view_cache_stats *ret)
{
    memset(ret, 0, sizeof(*ret));
    if (!vc)
        return;
    ret->hits = atomic_load(&vc->hits);
    ret->misses = atomic_load(&vc->misses);
    ret->entries = atomic_load(&vc->entries);
    ret->bytes = atomic_load(&vc->bytes);
}

/* Keep text (taken on success) in slot i. @return true when kept. Stripe lock held. */
static bool keep(pc__view_cache *vc, slot *sl, const unsigned char digest[32], char *text,
                 size_t len)
{
    size_t bytes = atomic_load(&vc->bytes);
    if (len > MAX_TEXT || bytes - sl->len + len > vc->budget)
        return false;
    if (sl->text) {
        free(sl->text);
        atomic_fetch_sub(&vc->bytes, sl->len);
        atomic_fetch_sub(&vc->entries, 1);
    }
    memcpy(sl->digest, digest, 32);
    sl->text = text;
    sl->len = len;
    atomic_fetch_add(&vc->bytes, len);
    atomic_fetch_add(&vc->entries, 1);
    return true;
}

char *pc__view_cache_body(pc__view_cache *vc, const pc_shipment *s, const json_t *eta,
                          size_t *ret_len)
{
    char *etext = NULL, *view = NULL, *body = NULL;
    size_t elen = 4, vlen = 0;
    unsigned char digest[32];
    if (eta && !(etext = pc__view_cache_dump(eta, &elen)))
        return NULL;
    const char *e = etext ? etext : "null";
    bool cached = vc && shipment_digest(s, digest) == 0;
    if (cached) {
        size_t i = key_hash(s) & vc->mask;
        slot *sl = &vc->slots[i];
        pthread_mutex_t *lk = &vc->lock[i % STRIPES];
        pthread_mutex_lock(lk);
        if (sl->text && memcmp(sl->digest, digest, 32) == 0)
            body = compose(sl->text, sl->len, e, elen, ret_len);
        pthread_mutex_unlock(lk);
        if (body) {
            atomic_fetch_add_explicit(&vc->hits, 1, memory_order_relaxed);
            free(etext);
            return body;
        }
    }
    json_t *v = pc_shipment_to_json(s, PC_JSON_MERCHANT);
    view = v ? pc__view_cache_dump(v, &vlen) : NULL;
    json_decref(v);
    if (view)
        body = compose(view, vlen, e, elen, ret_len);
    if (body && cached) {
        atomic_fetch_add_explicit(&vc->misses, 1, memory_order_relaxed);
        size_t i = key_hash(s) & vc->mask;
        pthread_mutex_t *lk = &vc->lock[i % STRIPES];
        pthread_mutex_lock(lk);
        if (keep(vc, &vc->slots[i], digest, view, vlen))
            view = NULL;
        pthread_mutex_unlock(lk);
    }
    free(view);
    free(etext);
    return body;
}
