/*
 * LMDB store. See include/parcelcast/store.h for the databases and key encodings.
 */
#include "../internal.h"
#include "codec.h"

#include <parcelcast/error.h>
#include <parcelcast/store.h>

#include <errno.h>
#include <lmdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
    DB_META,
    DB_SHIPMENTS,
    DB_SHIP_IDS,
    DB_EVENTS,
    DB_BY_TENANT,
    DB_BY_STATUS,
    DB_POLL_DUE,
    DB_HISTORY,
    DB_OUTBOX,
    DB_TENANTS,
    DB_API_KEYS,
    DB_MODELS,
    DB__COUNT
};

static const char *const db_names[DB__COUNT] = {
    "meta",     "shipments", "ship_ids", "events",  "by_tenant", "by_status",
    "poll_due", "history",   "outbox",   "tenants", "api_keys",  "models",
};

#define SHIP_RECORD_VERSION 1
#define MAX_KEY             500 /* LMDB's default maximum key size is 511 bytes */
#define DEFAULT_MAP_SIZE    ((size_t)64 << 20)
#define DEFAULT_MAX_MAP     ((size_t)1 << 40)

struct pc_store {
    MDB_env *env;
    MDB_dbi dbi[DB__COUNT];
    char *path;
    size_t max_map;
    bool read_only;
    /* Held shared by every transaction of this process, exclusively to resize the map
     * (mdb_env_set_mapsize needs no transaction active in the process). */
    pthread_rwlock_t resize_lock;
};

struct pc_txn {
    pc_store *st;
    MDB_txn *txn;
    bool write;
    bool map_full;    /* sticky: some put hit MDB_MAP_FULL */
    uint64_t next_id; /* cached "next_id" counter, 0 = not loaded; written back before commit */
    bool next_id_dirty;
    pc__wbuf buf;
    pc__wbuf buf2;
};

/* The shipment record: the model's fields without events, plus bookkeeping. */
typedef struct ship_hdr {
    pc_shipment s; /* events unused */
    uint64_t id;
    uint32_t n_events;
    int64_t first_event;
    int64_t last_event;
    int64_t delivered_at;
    int64_t next_poll;
    uint32_t key_tenant; /* tenant in the record's key: 0 = "carrier \0 number" (tenant 0, or a
                            record written before per-tenant keys) */
} ship_hdr;

static int map_mdb(pc_txn *tx, int rc)
{
    switch (rc) {
    case MDB_SUCCESS:
        return 0;
    case MDB_NOTFOUND:
        return PC_ENOTFOUND;
    case MDB_MAP_FULL:
        if (tx)
            tx->map_full = true;
        return PC_EMAPFULL;
    case MDB_TXN_FULL:
        return PC_ELIMIT;
    case MDB_BAD_VALSIZE:
        return PC_ELIMIT;
    case ENOMEM:
        return PC_ENOMEM;
    case EIO:
    case ENOSPC:
        return PC_EIO;
    default:
        return PC_ESTORE;
    }
}

static int mkdir_p(const char *path)
{
    char tmp[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(tmp))
        return -1;
    memcpy(tmp, path, n + 1);
    for (size_t i = 1; i < n; i++) {
        if (tmp[i] != '/')
            continue;
        tmp[i] = '\0';
        if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
            return -1;
        tmp[i] = '/';
    }
    if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
        return -1;
    return 0;
}

static int meta_get_u32(MDB_txn *txn, MDB_dbi dbi, const char *key, uint32_t *ret)
{
    MDB_val k = {strlen(key), (void *)key}, v;
    int rc = mdb_get(txn, dbi, &k, &v);
    if (rc != 0)
        return rc;
    if (v.mv_size != 4)
        return MDB_CORRUPTED;
    *ret = pc__rd32(v.mv_data);
    return 0;
}

static int meta_put_u32(MDB_txn *txn, MDB_dbi dbi, const char *key, uint32_t val)
{
    unsigned char b[4];
    pc__be32(b, val);
    MDB_val k = {strlen(key), (void *)key}, v = {4, b};
    return mdb_put(txn, dbi, &k, &v, 0);
}

/* Migrations from older schemas: migrate[v] upgrades a store at schema v to v+1. None yet:
 * schema 1 is the first released layout, so an older number means a pre-release store. */
typedef int (*migration_fn)(pc_store *st, MDB_txn *txn);
static const migration_fn migrations[PC_STORE_SCHEMA] = {NULL};

static int check_schema(pc_store *st, MDB_txn *txn, char *err, size_t errlen)
{
    uint32_t schema;
    int rc = meta_get_u32(txn, st->dbi[DB_META], "schema", &schema);
    if (rc == MDB_NOTFOUND) {
        MDB_stat ms;
        if (mdb_stat(txn, st->dbi[DB_SHIPMENTS], &ms) == 0 && ms.ms_entries > 0) {
            pc__errbuf_set(
                err, errlen,
                "store %s holds data but no schema version: refusing to guess its layout",
                st->path);
            return PC_ESCHEMA;
        }
        if (st->read_only) {
            pc__errbuf_set(err, errlen, "store %s is empty", st->path);
            return PC_ENOTFOUND;
        }
        rc = meta_put_u32(txn, st->dbi[DB_META], "schema", PC_STORE_SCHEMA);
        if (rc != 0) {
            pc__errbuf_set(err, errlen, "store %s: cannot write schema: %s", st->path,
                           mdb_strerror(rc));
            return map_mdb(NULL, rc);
        }
        return 0;
    }
    if (rc != 0) {
        pc__errbuf_set(err, errlen, "store %s: cannot read schema: %s", st->path, mdb_strerror(rc));
        return PC_ESTORE;
    }
    if (schema > PC_STORE_SCHEMA) {
        pc__errbuf_set(err, errlen,
                       "store %s was written by a newer parcelcast (schema %u); this binary reads "
                       "schema %u: upgrade parcelcast",
                       st->path, schema, PC_STORE_SCHEMA);
        return PC_ESCHEMA;
    }
    while (schema < PC_STORE_SCHEMA) {
        if (st->read_only || !migrations[schema]) {
            pc__errbuf_set(
                err, errlen,
                "store %s uses schema %u and this parcelcast (schema %u) has no migration "
                "from it%s: export it with the parcelcast that wrote it and import the NDJSON",
                st->path, schema, PC_STORE_SCHEMA, st->read_only ? " in read-only mode" : "");
            return PC_ESCHEMA;
        }
        if ((rc = migrations[schema](st, txn)) < 0) {
            pc__errbuf_set(err, errlen, "store %s: migration from schema %u failed: %s", st->path,
                           schema, pc_strerror(rc));
            return rc;
        }
        schema++;
        if ((rc = meta_put_u32(txn, st->dbi[DB_META], "schema", schema)) != 0)
            return map_mdb(NULL, rc);
    }
    return 0;
}

int pc_store_open(const pc_store_opts *opts, pc_store **ret_store, char *err, size_t errlen)
{
    int rc, mrc;
    MDB_txn *txn = NULL;
    pc_store *st = calloc(1, sizeof(*st));
    if (!st)
        return PC_ENOMEM;
    pthread_rwlock_init(&st->resize_lock, NULL);
    st->read_only = opts->read_only;
    st->max_map = opts->max_map_size ? opts->max_map_size : DEFAULT_MAX_MAP;
    st->path = strdup(opts->path ? opts->path : "./var");
    if (!st->path) {
        rc = PC_ENOMEM;
        goto out;
    }
    if (!opts->read_only && mkdir_p(st->path) < 0) {
        pc__errbuf_set(err, errlen, "cannot create store directory %s: %s", st->path,
                       strerror(errno));
        rc = PC_EIO;
        goto out;
    }
    if ((mrc = mdb_env_create(&st->env)) != 0) {
        rc = map_mdb(NULL, mrc);
        goto out;
    }
    mdb_env_set_maxdbs(st->env, DB__COUNT + 4);
    mdb_env_set_maxreaders(st->env, 512);
    mdb_env_set_mapsize(st->env, opts->map_size ? opts->map_size : DEFAULT_MAP_SIZE);
    unsigned flags = MDB_NOTLS;
    if (opts->read_only)
        flags |= MDB_RDONLY;
    if (opts->no_sync)
        flags |= MDB_NOSYNC;
    if ((mrc = mdb_env_open(st->env, st->path, flags, 0600)) != 0) {
        pc__errbuf_set(err, errlen, "cannot open store %s: %s", st->path, mdb_strerror(mrc));
        rc = mrc == ENOENT ? PC_ENOTFOUND : PC_EIO;
        goto out;
    }
    if ((mrc = mdb_txn_begin(st->env, NULL, opts->read_only ? MDB_RDONLY : 0, &txn)) != 0) {
        pc__errbuf_set(err, errlen, "store %s: %s", st->path, mdb_strerror(mrc));
        rc = map_mdb(NULL, mrc);
        goto out;
    }
    for (int i = 0; i < DB__COUNT; i++) {
        mrc = mdb_dbi_open(txn, db_names[i], opts->read_only ? 0 : MDB_CREATE, &st->dbi[i]);
        if (mrc != 0) {
            pc__errbuf_set(err, errlen, "store %s: cannot open database %s: %s", st->path,
                           db_names[i], mdb_strerror(mrc));
            rc = mrc == MDB_NOTFOUND ? PC_ENOTFOUND : map_mdb(NULL, mrc);
            goto out;
        }
    }
    if ((rc = check_schema(st, txn, err, errlen)) < 0)
        goto out;
    mrc = mdb_txn_commit(txn);
    txn = NULL;
    if (mrc != 0) {
        pc__errbuf_set(err, errlen, "store %s: %s", st->path, mdb_strerror(mrc));
        rc = map_mdb(NULL, mrc);
        goto out;
    }
    rc = 0;
out:
    if (txn)
        mdb_txn_abort(txn);
    if (rc < 0) {
        pc_store_close(st);
        st = NULL;
    }
    *ret_store = st;
    return rc;
}

void pc_store_close(pc_store *st)
{
    if (!st)
        return;
    if (st->env)
        mdb_env_close(st->env);
    pthread_rwlock_destroy(&st->resize_lock);
    free(st->path);
    free(st);
}

size_t pc_store_map_size(const pc_store *st)
{
    MDB_envinfo info;
    mdb_env_info(st->env, &info);
    return info.me_mapsize;
}

const char *pc_store_path(const pc_store *st)
{
    return st->path;
}

/* Grow the map (double, up to max) or adopt a size another process set (grow == false). */
static int resize_map(pc_store *st, bool grow)
{
    int rc = 0;
    pthread_rwlock_wrlock(&st->resize_lock);
    if (!grow) {
        rc = mdb_env_set_mapsize(st->env, 0) == 0 ? 0 : PC_ESTORE;
    } else {
        size_t cur = pc_store_map_size(st);
        if (cur >= st->max_map) {
            rc = PC_EMAPFULL;
        } else {
            size_t next = cur * 2 > st->max_map ? st->max_map : cur * 2;
            rc = mdb_env_set_mapsize(st->env, next) == 0 ? 0 : PC_ESTORE;
        }
    }
    pthread_rwlock_unlock(&st->resize_lock);
    return rc;
}

static void txn_free(pc_txn *tx)
{
    pc__wbuf_done(&tx->buf);
    pc__wbuf_done(&tx->buf2);
    free(tx);
}

static int flush_counters(pc_txn *tx);

int pc_store_write(pc_store *st, int (*fn)(pc_txn *tx, void *ctx), void *ctx)
{
    if (st->read_only)
        return PC_EUNSUPPORTED;
    pc_txn *tx = calloc(1, sizeof(*tx));
    if (!tx)
        return PC_ENOMEM;
    tx->st = st;
    tx->write = true;
    int rc;
    for (;;) {
        pthread_rwlock_rdlock(&st->resize_lock);
        int mrc = mdb_txn_begin(st->env, NULL, 0, &tx->txn);
        if (mrc == MDB_MAP_RESIZED) {
            pthread_rwlock_unlock(&st->resize_lock);
            if ((rc = resize_map(st, false)) < 0)
                break;
            continue;
        }
        if (mrc != 0) {
            pthread_rwlock_unlock(&st->resize_lock);
            rc = map_mdb(NULL, mrc);
            break;
        }
        tx->map_full = false;
        tx->next_id = 0;
        tx->next_id_dirty = false;
        rc = fn(tx, ctx);
        if (rc >= 0) {
            int frc = flush_counters(tx);
            if (frc < 0)
                rc = frc;
        }
        if (rc >= 0 && !tx->map_full) {
            mrc = mdb_txn_commit(tx->txn);
            tx->txn = NULL;
            pthread_rwlock_unlock(&st->resize_lock);
            if (mrc == 0)
                break;
            if (mrc != MDB_MAP_FULL) {
                rc = map_mdb(NULL, mrc);
                break;
            }
        } else {
            mdb_txn_abort(tx->txn);
            tx->txn = NULL;
            pthread_rwlock_unlock(&st->resize_lock);
            if (!tx->map_full)
                break;
        }
        /* MDB_MAP_FULL: grow and run the whole batch again. */
        int grc = resize_map(st, true);
        if (grc < 0) {
            rc = grc;
            break;
        }
    }
    txn_free(tx);
    return rc;
}

int pc_store_read_begin(pc_store *st, pc_txn **ret_tx)
{
    pc_txn *tx = calloc(1, sizeof(*tx));
    if (!tx)
        return PC_ENOMEM;
    tx->st = st;
    for (;;) {
        pthread_rwlock_rdlock(&st->resize_lock);
        int mrc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &tx->txn);
        if (mrc == 0)
            break;
        pthread_rwlock_unlock(&st->resize_lock);
        if (mrc == MDB_MAP_RESIZED && resize_map(st, false) == 0)
            continue;
        txn_free(tx);
        return map_mdb(NULL, mrc);
    }
    *ret_tx = tx;
    return 0;
}

void pc_store_read_end(pc_txn *tx)
{
    if (!tx)
        return;
    mdb_txn_abort(tx->txn);
    pthread_rwlock_unlock(&tx->st->resize_lock);
    txn_free(tx);
}

/* ---- keys ---------------------------------------------------------------------------------- */

/* carrier \0 number, then \0 tenant(4) for a tenant's own copy (tenant != 0). */
static int ship_key_t(pc__wbuf *b, const char *carrier, const char *number, uint32_t tenant)
{
    pc__wbuf_reset(b);
    if (!carrier || !number || !*carrier || !*number)
        return PC_EINVAL;
    size_t a = strlen(carrier), n = strlen(number);
    if (a + n + 1 + 5 > MAX_KEY)
        return PC_ELIMIT;
    pc__put_bytes(b, carrier, a + 1);
    pc__put_bytes(b, number, n);
    if (tenant) {
        pc__put_u8(b, 0);
        pc__put_u32(b, tenant);
    }
    return b->failed ? PC_ENOMEM : 0;
}

static int ship_key(pc__wbuf *b, const char *carrier, const char *number)
{
    return ship_key_t(b, carrier, number, 0);
}

static void event_key(unsigned char k[24], uint64_t id, int64_t t, uint64_t fp)
{
    pc__be64(k, id);
    pc__be64(k + 8, pc__time_key(t));
    pc__be64(k + 16, fp);
}

static void status_key(unsigned char k[13], pc_status st, uint32_t tenant, uint64_t id)
{
    k[0] = (unsigned char)st;
    pc__be32(k + 1, tenant);
    pc__be64(k + 5, id);
}

static void tenant_key(unsigned char k[12], uint32_t tenant, uint64_t id)
{
    pc__be32(k, tenant);
    pc__be64(k + 4, id);
}

static void due_key(unsigned char k[16], int64_t t, uint64_t id)
{
    pc__be64(k, pc__time_key(t));
    pc__be64(k + 8, id);
}

static int32_t day_of(int64_t t)
{
    return (int32_t)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

void pc_store_lane(const pc_shipment *s, char *buf, size_t size)
{
    const pc_location *o = &s->origin, *d = &s->destination;
    if (pc_location_empty(o) && pc_location_empty(d)) {
        if (size)
            buf[0] = '\0';
        return;
    }
    snprintf(buf, size, "%s%s%s>%s%s%s", o->country ? o->country : "", o->region ? "-" : "",
             o->region ? o->region : "", d->country ? d->country : "", d->region ? "-" : "",
             d->region ? d->region : "");
}

/* Delivered and returned shipments have a history row, keyed by the day they ended. */
static bool in_history(pc_status st)
{
    return st == PC_STATUS_DELIVERED || st == PC_STATUS_RETURNED;
}

static int64_t ended_at(const ship_hdr *h)
{
    return h->s.status == PC_STATUS_DELIVERED ? h->delivered_at : h->last_event;
}

static int history_key(pc__wbuf *b, const ship_hdr *h)
{
    char lane[160];
    pc_store_lane(&h->s, lane, sizeof(lane));
    const char *svc = h->s.service ? h->s.service : "";
    size_t need = strlen(h->s.carrier) + strlen(svc) + strlen(lane) + 3 + 12;
    if (need > MAX_KEY)
        return PC_ELIMIT;
    pc__wbuf_reset(b);
    pc__put_bytes(b, h->s.carrier, strlen(h->s.carrier) + 1);
    pc__put_bytes(b, svc, strlen(svc) + 1);
    pc__put_bytes(b, lane, strlen(lane) + 1);
    pc__put_u32(b, (uint32_t)day_of(ended_at(h)) ^ 0x80000000u);
    pc__put_u64(b, h->id);
    return b->failed ? PC_ENOMEM : 0;
}

/* ---- shipment records ---------------------------------------------------------------------- */

static void encode_hdr(pc__wbuf *b, const ship_hdr *h)
{
    const pc_shipment *s = &h->s;
    pc__wbuf_reset(b);
    pc__put_u8(b, SHIP_RECORD_VERSION);
    pc__put_u64(b, h->id);
    pc__put_u32(b, s->tenant_id);
    pc__put_u8(b, (uint8_t)s->status);
    pc__put_str(b, s->substatus);
    pc__put_str(b, s->service);
    pc__put_str(b, s->signed_by);
    pc__put_time(b, s->carrier_eta);
    pc__put_time(b, s->promised_by);
    pc__put_time(b, s->created_at);
    pc__put_time(b, s->updated_at);
    pc__put_location(b, &s->origin);
    pc__put_location(b, &s->destination);
    pc__put_str(b, s->order_id);
    pc__put_str(b, s->customer.name);
    pc__put_str(b, s->customer.email);
    pc__put_str(b, s->metadata_json);
    pc__put_u32(b, h->n_events);
    pc__put_time(b, h->first_event);
    pc__put_time(b, h->last_event);
    pc__put_time(b, h->delivered_at);
    pc__put_time(b, h->next_poll);
}

static void hdr_done(ship_hdr *h)
{
    pc_shipment_done(&h->s);
}

static int decode_hdr(const MDB_val *key, const MDB_val *val, ship_hdr *h)
{
    pc__rbuf b = {.p = val->mv_data, .len = val->mv_size};
    memset(h, 0, sizeof(*h));
    pc_shipment_init(&h->s);
    const char *k = key->mv_data;
    const char *nul = memchr(k, '\0', key->mv_size);
    if (!nul)
        return PC_EMALFORMED;
    size_t num_len = key->mv_size - (size_t)(nul - k) - 1;
    const char *nul2 = memchr(nul + 1, '\0', num_len);
    if (nul2) { /* a tenant's copy: \0 tenant(4) */
        if (num_len - (size_t)(nul2 - nul - 1) != 5)
            return PC_EMALFORMED;
        h->key_tenant = pc__rd32((const unsigned char *)nul2 + 1);
        num_len = (size_t)(nul2 - nul - 1);
    }
    if (pc_set_str(&h->s.carrier, k, (size_t)(nul - k)) < 0 ||
        pc_set_str(&h->s.tracking_number, nul + 1, num_len) < 0)
        goto fail;
    if (pc__get_u8(&b) != SHIP_RECORD_VERSION)
        goto fail;
    pc_shipment *s = &h->s;
    h->id = pc__get_u64(&b);
    s->tenant_id = pc__get_u32(&b);
    uint8_t status = pc__get_u8(&b);
    s->status = status < PC_STATUS__COUNT ? (pc_status)status : PC_STATUS_PENDING;
    s->substatus = pc__get_str(&b);
    s->service = pc__get_str(&b);
    s->signed_by = pc__get_str(&b);
    s->carrier_eta = pc__get_time(&b);
    s->promised_by = pc__get_time(&b);
    s->created_at = pc__get_time(&b);
    s->updated_at = pc__get_time(&b);
    pc__get_location(&b, &s->origin);
    pc__get_location(&b, &s->destination);
    s->order_id = pc__get_str(&b);
    s->customer.name = pc__get_str(&b);
    s->customer.email = pc__get_str(&b);
    s->metadata_json = pc__get_str(&b);
    h->n_events = pc__get_u32(&b);
    h->first_event = pc__get_time(&b);
    h->last_event = pc__get_time(&b);
    h->delivered_at = pc__get_time(&b);
    h->next_poll = pc__get_time(&b);
    if (b.failed || b.off != b.len || status >= PC_STATUS__COUNT)
        goto fail;
    return 0;
fail:
    hdr_done(h);
    return PC_EMALFORMED;
}

/* The record under exactly this key (tenant 0: the plain "carrier \0 number" key). A tenant's
 * record written before per-tenant keys sits under the plain key: it is found for its tenant. */
static int get_hdr_exact(pc_txn *tx, const char *carrier, const char *number, uint32_t tenant,
                         ship_hdr *h)
{
    int rc = ship_key_t(&tx->buf, carrier, number, tenant);
    if (rc < 0)
        return rc;
    MDB_val k = {tx->buf.len, tx->buf.p}, v;
    rc = mdb_get(tx->txn, tx->st->dbi[DB_SHIPMENTS], &k, &v);
    if (rc == MDB_NOTFOUND && tenant) {
        if ((rc = ship_key(&tx->buf, carrier, number)) < 0)
            return rc;
        k.mv_size = tx->buf.len;
        k.mv_data = tx->buf.p;
        rc = mdb_get(tx->txn, tx->st->dbi[DB_SHIPMENTS], &k, &v);
        if (rc == 0) {
            if ((rc = decode_hdr(&k, &v, h)) < 0)
                return rc;
            if (h->s.tenant_id == tenant)
                return 0;
            hdr_done(h);
            return PC_ENOTFOUND;
        }
    }
    if (rc != 0)
        return map_mdb(tx, rc);
    return decode_hdr(&k, &v, h);
}

static int scan_prefix(pc_txn *tx, int db, const void *start, size_t slen, size_t plen,
                       int (*cb)(const MDB_val *k, const MDB_val *v, void *ctx), void *ctx);

/* Tenants' copies of one parcel: keys "carrier \0 number \0 tenant(4)". */
struct copies_ctx {
    size_t plen;
    uint32_t *tenants; /* malloc'd */
    size_t n, cap;
    ship_hdr *first; /* when set: decode the first copy into it and stop */
    int found;
};

static int copies_cb(const MDB_val *k, const MDB_val *v, void *ctx)
{
    struct copies_ctx *c = ctx;
    if (k->mv_size != c->plen + 4)
        return 0;
    if (c->first) {
        int rc = decode_hdr(k, v, c->first);
        if (rc < 0)
            return rc;
        c->found = 1;
        return 1;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        uint32_t *t = realloc(c->tenants, cap * sizeof(*t));
        if (!t)
            return PC_ENOMEM;
        c->tenants = t;
        c->cap = cap;
    }
    c->tenants[c->n++] = pc__rd32((const unsigned char *)k->mv_data + c->plen);
    return 0;
}

static int scan_copies(pc_txn *tx, const char *carrier, const char *number, struct copies_ctx *c)
{
    pc__wbuf b = {0};
    int rc = ship_key(&b, carrier, number);
    if (rc == 0) {
        pc__put_u8(&b, 0);
        rc = b.failed ? PC_ENOMEM : 0;
    }
    if (rc == 0) {
        c->plen = b.len;
        rc = scan_prefix(tx, DB_SHIPMENTS, b.p, b.len, b.len, copies_cb, c);
    }
    pc__wbuf_done(&b);
    return rc;
}

/* Tenant-0 lookup: the plain key, else (a parcel only tenants track) the first tenant's copy. */
static int get_hdr(pc_txn *tx, const char *carrier, const char *number, ship_hdr *h)
{
    int rc = get_hdr_exact(tx, carrier, number, 0, h);
    if (rc != PC_ENOTFOUND)
        return rc;
    struct copies_ctx c = {.first = h};
    if ((rc = scan_copies(tx, carrier, number, &c)) < 0)
        return rc;
    return c.found ? 0 : PC_ENOTFOUND;
}

static int put_hdr(pc_txn *tx, const ship_hdr *h)
{
    int rc = ship_key_t(&tx->buf, h->s.carrier, h->s.tracking_number, h->key_tenant);
    if (rc < 0)
        return rc;
    encode_hdr(&tx->buf2, h);
    if (tx->buf2.failed)
        return PC_ENOMEM;
    MDB_val k = {tx->buf.len, tx->buf.p}, v = {tx->buf2.len, tx->buf2.p};
    return map_mdb(tx, mdb_put(tx->txn, tx->st->dbi[DB_SHIPMENTS], &k, &v, 0));
}

static int put_raw(pc_txn *tx, int db, const void *key, size_t klen, const void *val, size_t vlen)
{
    MDB_val k = {klen, (void *)key}, v = {vlen, (void *)val};
    return map_mdb(tx, mdb_put(tx->txn, tx->st->dbi[db], &k, &v, 0));
}

static int del_raw(pc_txn *tx, int db, const void *key, size_t klen)
{
    MDB_val k = {klen, (void *)key};
    int rc = mdb_del(tx->txn, tx->st->dbi[db], &k, NULL);
    return rc == MDB_NOTFOUND ? 0 : map_mdb(tx, rc);
}

static int next_counter(pc_txn *tx, const char *name, uint64_t *ret)
{
    MDB_val k = {strlen(name), (void *)name}, v;
    uint64_t n = 1;
    int rc = mdb_get(tx->txn, tx->st->dbi[DB_META], &k, &v);
    if (rc == 0 && v.mv_size == 8)
        n = pc__rd64(v.mv_data);
    else if (rc != MDB_NOTFOUND && rc != 0)
        return map_mdb(tx, rc);
    unsigned char b[8];
    pc__be64(b, n + 1);
    *ret = n;
    return put_raw(tx, DB_META, name, strlen(name), b, 8);
}

/* Shipment ids are taken for every new shipment: keep the counter in the transaction and write
 * it once, before the commit. */
static int next_shipment_id(pc_txn *tx, uint64_t *ret)
{
    if (!tx->next_id) {
        MDB_val k = {7, "next_id"}, v;
        int rc = mdb_get(tx->txn, tx->st->dbi[DB_META], &k, &v);
        if (rc == 0 && v.mv_size == 8)
            tx->next_id = pc__rd64(v.mv_data);
        else if (rc == MDB_NOTFOUND)
            tx->next_id = 1;
        else
            return map_mdb(tx, rc ? rc : MDB_CORRUPTED);
    }
    *ret = tx->next_id++;
    tx->next_id_dirty = true;
    return 0;
}

static int flush_counters(pc_txn *tx)
{
    if (!tx->next_id_dirty)
        return 0;
    unsigned char b[8];
    pc__be64(b, tx->next_id);
    tx->next_id_dirty = false;
    return put_raw(tx, DB_META, "next_id", 7, b, 8);
}

/* Iterate the events of shipment `id` in key order (time, fingerprint). */
static int scan_events(pc_txn *tx, uint64_t id, bool backwards,
                       int (*cb)(const MDB_val *k, const MDB_val *v, void *ctx), void *ctx)
{
    MDB_cursor *c;
    int rc = mdb_cursor_open(tx->txn, tx->st->dbi[DB_EVENTS], &c);
    if (rc != 0)
        return map_mdb(tx, rc);
    unsigned char start[8];
    MDB_val k, v;
    int r;
    if (!backwards) {
        pc__be64(start, id);
        k.mv_size = 8;
        k.mv_data = start;
        r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    } else {
        /* Position after the last key of id, then step back. */
        pc__be64(start, id + 1);
        k.mv_size = 8;
        k.mv_data = start;
        r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
        r = mdb_cursor_get(c, &k, &v, r == 0 ? MDB_PREV : MDB_LAST);
    }
    rc = 0;
    while (r == 0 && k.mv_size == 24 && pc__rd64(k.mv_data) == id) {
        rc = cb(&k, &v, ctx);
        if (rc != 0)
            break;
        r = mdb_cursor_get(c, &k, &v, backwards ? MDB_PREV : MDB_NEXT);
    }
    if (r != 0 && r != MDB_NOTFOUND && rc == 0)
        rc = map_mdb(tx, r);
    mdb_cursor_close(c);
    return rc < 0 ? rc : 0;
}

/* The status is the newest event's: among events at the latest time, the largest in
 * pc_event_cmp order, the same event pc_shipment_normalize() puts last. The common case, one
 * event at the latest time, is answered from the encoded bytes without decoding. */
struct newest_ctx {
    int64_t time;
    int count;           /* events seen at `time` */
    MDB_val first_value; /* the newest key's value (valid during the transaction) */
    pc_event best;
    bool have_best;
};

static int newest_cb(const MDB_val *k, const MDB_val *v, void *ctx)
{
    struct newest_ctx *n = ctx;
    int64_t t = pc__time_unkey(pc__rd64((const unsigned char *)k->mv_data + 8));
    if (n->count == 0) {
        n->time = t;
        n->first_value = *v;
        n->count = 1;
        return 0;
    }
    if (t != n->time)
        return 1;
    /* A tie at the latest time: decode and compare in full. */
    pc_event ev;
    int rc;
    if (!n->have_best) {
        if ((rc = pc__decode_event(n->first_value.mv_data, n->first_value.mv_size, t, &n->best)) <
            0)
            return rc;
        n->have_best = true;
    }
    if ((rc = pc__decode_event(v->mv_data, v->mv_size, t, &ev)) < 0)
        return rc;
    if (pc_event_cmp(&ev, &n->best) > 0) {
        pc_event_done(&n->best);
        n->best = ev;
    } else {
        pc_event_done(&ev);
    }
    n->count++;
    return 0;
}

struct load_ctx {
    pc_shipment *s;
};

static int load_event_cb(const MDB_val *k, const MDB_val *v, void *ctx)
{
    struct load_ctx *l = ctx;
    pc_event *ev;
    int64_t t = pc__time_unkey(pc__rd64((const unsigned char *)k->mv_data + 8));
    int rc = pc_shipment_add_event(l->s, 0, &ev);
    if (rc < 0)
        return rc;
    if ((rc = pc__decode_event(v->mv_data, v->mv_size, t, ev)) < 0) {
        l->s->n_events--;
        return rc;
    }
    return 0;
}

/* The history row of a delivered shipment: its counts and the events' summary for reports,
 * from the stored events as load_full() gives them. */
static int write_history(pc_txn *tx, const ship_hdr *h)
{
    pc_history_row row;
    memset(&row, 0, sizeof(row));
    row.first_event = PC_TIME_NONE;
    pc_shipment evs;
    pc_shipment_init(&evs);
    struct load_ctx l = {&evs};
    int rc = scan_events(tx, h->id, false, load_event_cb, &l);
    if (rc < 0) {
        pc_shipment_done(&evs);
        return rc;
    }
    for (size_t i = 0; i < evs.n_events; i++) {
        const pc_event *e = &evs.events[i];
        if (row.first_event == PC_TIME_NONE || e->time < row.first_event)
            row.first_event = e->time;
        row.failed_attempts += e->status == PC_STATUS_FAILED_ATTEMPT;
        row.exceptions += e->status == PC_STATUS_EXCEPTION;
    }
    row.n_events = (uint32_t)evs.n_events;
    pc_shipment_normalize(&evs);
    pc_shipment view = h->s;
    view.events = evs.events;
    view.n_events = evs.n_events;
    pc_history_summary *sum = malloc(sizeof(*sum));
    if (!sum) {
        pc_shipment_done(&evs);
        return PC_ENOMEM;
    }
    pc_history_summarize(&view, ended_at(h), sum);
    pc_shipment_done(&evs);
    if ((rc = history_key(&tx->buf, h)) < 0) {
        free(sum);
        return rc;
    }
    pc__wbuf *b = &tx->buf2;
    pc__wbuf_reset(b);
    pc__put_u8(b, 3);
    pc__put_u8(b, (uint8_t)h->s.status);
    pc__put_time(b, row.first_event);
    pc__put_time(b, ended_at(h));
    pc__put_time(b, h->s.promised_by);
    pc__put_time(b, h->s.carrier_eta);
    pc__put_u32(b, row.n_events);
    pc__put_u16(b, row.failed_attempts);
    pc__put_u16(b, row.exceptions);
    pc__put_summary(b, sum);
    free(sum);
    if (b->failed)
        return PC_ENOMEM;
    return put_raw(tx, DB_HISTORY, tx->buf.p, tx->buf.len, b->p, b->len);
}

static int delete_history(pc_txn *tx, const ship_hdr *h)
{
    int rc = history_key(&tx->buf, h);
    if (rc < 0)
        return rc;
    return del_raw(tx, DB_HISTORY, tx->buf.p, tx->buf.len);
}

static int replace_str(char **dst, const char *src)
{
    if (!src)
        return 0;
    return pc_set_str(dst, src, (size_t)-1);
}

static int merge_location(pc_location *dst, const pc_location *src)
{
    if (pc_location_empty(src))
        return 0;
    pc_location tmp;
    if (pc_location_copy(&tmp, src) < 0)
        return PC_ENOMEM;
    pc_location_done(dst);
    *dst = tmp;
    return 0;
}

static int merge_fields(ship_hdr *h, const pc_shipment *s)
{
    pc_shipment *d = &h->s;
    if (replace_str(&d->service, s->service) < 0 || replace_str(&d->signed_by, s->signed_by) < 0 ||
        replace_str(&d->order_id, s->order_id) < 0 ||
        replace_str(&d->customer.name, s->customer.name) < 0 ||
        replace_str(&d->customer.email, s->customer.email) < 0 ||
        replace_str(&d->metadata_json, s->metadata_json) < 0 ||
        merge_location(&d->origin, &s->origin) < 0 ||
        merge_location(&d->destination, &s->destination) < 0)
        return PC_ENOMEM;
    if (s->carrier_eta != PC_TIME_NONE)
        d->carrier_eta = s->carrier_eta;
    if (s->promised_by != PC_TIME_NONE)
        d->promised_by = s->promised_by;
    return 0;
}

/* Insert one event unless the same occurrence is stored; on a clash keep the smaller in
 * pc_event_cmp order so the outcome does not depend on arrival order. */
static int put_event(pc_txn *tx, ship_hdr *h, const pc_event *ev, size_t *added)
{
    unsigned char k[24];
    if (ev->time == PC_TIME_NONE)
        return PC_EINVAL;
    event_key(k, h->id, ev->time, pc__event_fingerprint(ev));
    pc__encode_event(&tx->buf2, ev);
    if (tx->buf2.failed)
        return PC_ENOMEM;
    MDB_val key = {24, k}, val = {tx->buf2.len, tx->buf2.p};
    int rc = mdb_put(tx->txn, tx->st->dbi[DB_EVENTS], &key, &val, MDB_NOOVERWRITE);
    if (rc == MDB_KEYEXIST) {
        pc_event old;
        if (pc__decode_event(val.mv_data, val.mv_size, ev->time, &old) < 0 ||
            pc_event_cmp(ev, &old) < 0) {
            MDB_val v2 = {tx->buf2.len, tx->buf2.p};
            rc = mdb_put(tx->txn, tx->st->dbi[DB_EVENTS], &key, &v2, 0);
        } else {
            rc = 0;
        }
        pc_event_done(&old);
        return map_mdb(tx, rc);
    }
    if (rc != 0)
        return map_mdb(tx, rc);
    (*added)++;
    h->n_events++;
    if (h->first_event == PC_TIME_NONE || ev->time < h->first_event)
        h->first_event = ev->time;
    if (h->last_event == PC_TIME_NONE || ev->time > h->last_event)
        h->last_event = ev->time;
    return 0;
}

static int update_status(pc_txn *tx, ship_hdr *h)
{
    struct newest_ctx n;
    memset(&n, 0, sizeof(n));
    int rc = scan_events(tx, h->id, true, newest_cb, &n);
    if (rc < 0 || n.count == 0)
        goto out;
    uint8_t status;
    const char *sub;
    size_t sub_len;
    if (n.have_best) {
        status = (uint8_t)n.best.status;
        sub = n.best.substatus;
        sub_len = sub ? strlen(sub) : 0;
    } else if ((rc = pc__peek_event_status(n.first_value.mv_data, n.first_value.mv_size, &status,
                                           &sub, &sub_len)) < 0) {
        goto out;
    }
    h->s.status = (pc_status)status;
    if ((rc = pc_set_str(&h->s.substatus, sub, sub_len)) < 0)
        goto out;
    if (h->s.status == PC_STATUS_DELIVERED)
        h->delivered_at = n.time;
out:
    pc_event_done(&n.best);
    return rc;
}

/* Merge s into the record keyed for key_tenant (created when missing). */
static int put_one(pc_txn *tx, const pc_shipment *s, uint32_t key_tenant, int64_t now,
                   pc_put_result *ret)
{
    ship_hdr h;
    bool created = false;
    int rc;
    size_t added = 0;
    unsigned char k[24];
    /* What the index updates need of the record before this write. */
    uint32_t old_tenant = 0;
    pc_status old_status = PC_STATUS_PENDING;
    pc__wbuf old_hist = {0};

    if (!tx->write)
        return PC_EUNSUPPORTED;
    rc = get_hdr_exact(tx, s->carrier, s->tracking_number, key_tenant, &h);
    if (rc == PC_ENOTFOUND) {
        memset(&h, 0, sizeof(h));
        pc_shipment_init(&h.s);
        h.key_tenant = key_tenant;
        created = true;
        if ((rc = next_shipment_id(tx, &h.id)) < 0)
            goto out;
        if (pc_set_str(&h.s.carrier, s->carrier, (size_t)-1) < 0 ||
            pc_set_str(&h.s.tracking_number, s->tracking_number, (size_t)-1) < 0) {
            rc = PC_ENOMEM;
            goto out;
        }
        h.first_event = h.last_event = h.delivered_at = PC_TIME_NONE;
        h.next_poll = now;
        h.s.created_at = now;
        h.s.tenant_id = s->tenant_id;
    } else if (rc < 0) {
        return rc;
    } else {
        if (s->tenant_id && h.s.tenant_id && s->tenant_id != h.s.tenant_id) {
            rc = PC_EEXISTS;
            goto out;
        }
        old_tenant = h.s.tenant_id;
        old_status = h.s.status;
        /* The history key depends on service and lane, which the merge may change. */
        if (in_history(old_status) && (rc = history_key(&old_hist, &h)) < 0)
            goto out;
        if (s->tenant_id)
            h.s.tenant_id = s->tenant_id;
    }
    if ((rc = merge_fields(&h, s)) < 0)
        goto out;
    int64_t old_last = h.last_event;
    const pc_event *newest = NULL;
    size_t at_newest = 0;
    for (size_t i = 0; i < s->n_events; i++) {
        const pc_event *ev = &s->events[i];
        if ((rc = put_event(tx, &h, ev, &added)) < 0)
            goto out;
        if (!newest || ev->time > newest->time) {
            newest = ev;
            at_newest = 1;
        } else if (ev->time == newest->time) {
            at_newest++;
        }
    }
    if (added) {
        /* Fast path: the batch's newest event is alone at its time and newer than anything
         * stored, so it is the shipment's newest event. Otherwise ask the store. */
        if (at_newest == 1 && (old_last == PC_TIME_NONE || newest->time > old_last)) {
            h.s.status = newest->status;
            if ((rc = pc_set_str(&h.s.substatus, newest->substatus, (size_t)-1)) < 0)
                goto out;
            if (h.s.status == PC_STATUS_DELIVERED)
                h.delivered_at = newest->time;
        } else if ((rc = update_status(tx, &h)) < 0) {
            goto out;
        }
    }

    /* Indexes. */
    pc_status new_status = h.s.status;
    if (created || old_tenant != h.s.tenant_id) {
        if (!created && old_tenant) {
            tenant_key(k, old_tenant, h.id);
            if ((rc = del_raw(tx, DB_BY_TENANT, k, 12)) < 0)
                goto out;
        }
        if (h.s.tenant_id) {
            tenant_key(k, h.s.tenant_id, h.id);
            if ((rc = put_raw(tx, DB_BY_TENANT, k, 12, "", 0)) < 0)
                goto out;
        }
    }
    if (created || old_status != new_status || old_tenant != h.s.tenant_id) {
        if (!created) {
            status_key(k, old_status, old_tenant, h.id);
            if ((rc = del_raw(tx, DB_BY_STATUS, k, 13)) < 0)
                goto out;
        }
        status_key(k, new_status, h.s.tenant_id, h.id);
        if ((rc = put_raw(tx, DB_BY_STATUS, k, 13, "", 0)) < 0)
            goto out;
    }
    if (pc_status_is_final(new_status)) {
        /* Never polled again. A new shipment's poll entry was never written. */
        if (!created && h.next_poll != PC_TIME_NONE) {
            due_key(k, h.next_poll, h.id);
            if ((rc = del_raw(tx, DB_POLL_DUE, k, 16)) < 0)
                goto out;
        }
        h.next_poll = PC_TIME_NONE;
    } else if (created) {
        due_key(k, h.next_poll, h.id);
        if ((rc = put_raw(tx, DB_POLL_DUE, k, 16, "", 0)) < 0)
            goto out;
    }
    if (created) {
        unsigned char idk[8];
        pc__be64(idk, h.id);
        if ((rc = ship_key_t(&tx->buf, h.s.carrier, h.s.tracking_number, h.key_tenant)) < 0 ||
            (rc = put_raw(tx, DB_SHIP_IDS, idk, 8, tx->buf.p, tx->buf.len)) < 0)
            goto out;
    }
    /* History: drop the old row if the shipment had ended before, write the new one. */
    if (old_hist.len && (rc = del_raw(tx, DB_HISTORY, old_hist.p, old_hist.len)) < 0)
        goto out;
    if (new_status != PC_STATUS_DELIVERED)
        h.delivered_at = PC_TIME_NONE;
    if (in_history(new_status) && (rc = write_history(tx, &h)) < 0)
        goto out;
    h.s.updated_at = now;
    if ((rc = put_hdr(tx, &h)) < 0)
        goto out;
    if (ret) {
        ret->id = h.id;
        ret->created = created;
        ret->events_added = added;
        ret->old_status = old_status;
        ret->new_status = new_status;
    }
    rc = 0;
out:
    hdr_done(&h);
    pc__wbuf_done(&old_hist);
    return rc;
}

int pc_store_put_shipment(pc_txn *tx, const pc_shipment *s, int64_t now, pc_put_result *ret)
{
    if (!tx->write)
        return PC_EUNSUPPORTED;
    if (s->tenant_id)
        return put_one(tx, s, s->tenant_id, now, ret);
    /* Carrier data (no tenant): the plain record and every tenant's copy of the parcel get it;
     * the plain record is only created when no tenant tracks the parcel. */
    ship_hdr h;
    int rc = get_hdr_exact(tx, s->carrier, s->tracking_number, 0, &h);
    if (rc < 0 && rc != PC_ENOTFOUND)
        return rc;
    bool plain = rc == 0;
    if (plain)
        hdr_done(&h);
    struct copies_ctx c = {0};
    if ((rc = scan_copies(tx, s->carrier, s->tracking_number, &c)) < 0)
        goto out;
    if (plain || c.n == 0) {
        if ((rc = put_one(tx, s, 0, now, ret)) < 0)
            goto out;
        ret = NULL;
    }
    for (size_t i = 0; i < c.n; i++) {
        if ((rc = put_one(tx, s, c.tenants[i], now, ret)) < 0)
            goto out;
        ret = NULL;
    }
    rc = 0;
out:
    free(c.tenants);
    return rc;
}

static int load_full(pc_txn *tx, ship_hdr *h, pc_shipment *ret)
{
    struct load_ctx l = {&h->s};
    int rc = scan_events(tx, h->id, false, load_event_cb, &l);
    if (rc < 0) {
        hdr_done(h);
        return rc;
    }
    /* Sort into normalized order but keep the stored status (it may be "expired"). */
    pc_status st = h->s.status;
    char *sub = h->s.substatus;
    h->s.substatus = NULL;
    pc_shipment_normalize(&h->s);
    h->s.status = st;
    free(h->s.substatus);
    h->s.substatus = sub;
    *ret = h->s;
    return 0;
}

int pc_store_get_shipment(pc_txn *tx, const char *carrier, const char *number,
                          pc_shipment *ret_shipment, uint64_t *ret_id)
{
    ship_hdr h;
    pc_shipment_init(ret_shipment);
    int rc = get_hdr(tx, carrier, number, &h);
    if (rc < 0)
        return rc;
    if (ret_id)
        *ret_id = h.id;
    return load_full(tx, &h, ret_shipment);
}

static int key_for_id(pc_txn *tx, uint64_t id, MDB_val *ret_key)
{
    unsigned char idk[8];
    pc__be64(idk, id);
    MDB_val k = {8, idk};
    return map_mdb(tx, mdb_get(tx->txn, tx->st->dbi[DB_SHIP_IDS], &k, ret_key));
}

/* The shipment record of an internal id. */
static int get_hdr_by_id(pc_txn *tx, uint64_t id, ship_hdr *h)
{
    MDB_val k, v;
    int rc = key_for_id(tx, id, &k);
    if (rc < 0)
        return rc;
    if ((rc = mdb_get(tx->txn, tx->st->dbi[DB_SHIPMENTS], &k, &v)) != 0)
        return map_mdb(tx, rc);
    return decode_hdr(&k, &v, h);
}

int pc_store_get_shipment_by_id(pc_txn *tx, uint64_t id, pc_shipment *ret_shipment)
{
    ship_hdr h;
    pc_shipment_init(ret_shipment);
    int rc = get_hdr_by_id(tx, id, &h);
    if (rc < 0)
        return rc;
    return load_full(tx, &h, ret_shipment);
}

int pc_store_get_shipment_t(pc_txn *tx, uint32_t tenant, const char *carrier, const char *number,
                            pc_shipment *ret_shipment, uint64_t *ret_id)
{
    ship_hdr h;
    pc_shipment_init(ret_shipment);
    int rc = get_hdr_exact(tx, carrier, number, tenant, &h);
    if (rc < 0)
        return rc;
    if (h.s.tenant_id != tenant) {
        hdr_done(&h);
        return PC_ENOTFOUND;
    }
    if (ret_id)
        *ret_id = h.id;
    return load_full(tx, &h, ret_shipment);
}

static int delete_hdr(pc_txn *tx, ship_hdr *h);

int pc_store_delete_shipment(pc_txn *tx, const char *carrier, const char *number)
{
    ship_hdr h;
    int rc = get_hdr(tx, carrier, number, &h);
    if (rc < 0)
        return rc;
    return delete_hdr(tx, &h);
}

int pc_store_delete_shipment_t(pc_txn *tx, uint32_t tenant, const char *carrier, const char *number)
{
    ship_hdr h;
    int rc = get_hdr_exact(tx, carrier, number, tenant, &h);
    if (rc < 0)
        return rc;
    if (h.s.tenant_id != tenant) {
        hdr_done(&h);
        return PC_ENOTFOUND;
    }
    return delete_hdr(tx, &h);
}

/* Delete the record h (loaded by the caller; freed here), its events and index entries. */
static int delete_hdr(pc_txn *tx, ship_hdr *hp)
{
    ship_hdr h = *hp;
    unsigned char k[24];
    int rc;
    /* Events: delete one key at a time from the front until the range is empty. */
    for (;;) {
        MDB_cursor *c;
        if ((rc = map_mdb(tx, mdb_cursor_open(tx->txn, tx->st->dbi[DB_EVENTS], &c))) < 0)
            goto out;
        unsigned char start[8];
        pc__be64(start, h.id);
        MDB_val ck = {8, start}, cv;
        int r = mdb_cursor_get(c, &ck, &cv, MDB_SET_RANGE);
        if (r == 0 && ck.mv_size == 24 && pc__rd64(ck.mv_data) == h.id)
            r = mdb_cursor_del(c, 0);
        else
            r = MDB_NOTFOUND;
        mdb_cursor_close(c);
        if (r == MDB_NOTFOUND)
            break;
        if ((rc = map_mdb(tx, r)) < 0)
            goto out;
    }
    tenant_key(k, h.s.tenant_id, h.id);
    if ((rc = del_raw(tx, DB_BY_TENANT, k, 12)) < 0)
        goto out;
    status_key(k, h.s.status, h.s.tenant_id, h.id);
    if ((rc = del_raw(tx, DB_BY_STATUS, k, 13)) < 0)
        goto out;
    if (h.next_poll != PC_TIME_NONE) {
        due_key(k, h.next_poll, h.id);
        if ((rc = del_raw(tx, DB_POLL_DUE, k, 16)) < 0)
            goto out;
    }
    if (in_history(h.s.status) && (rc = delete_history(tx, &h)) < 0)
        goto out;
    pc__be64(k, h.id);
    if ((rc = del_raw(tx, DB_SHIP_IDS, k, 8)) < 0)
        goto out;
    if ((rc = ship_key_t(&tx->buf, h.s.carrier, h.s.tracking_number, h.key_tenant)) < 0 ||
        (rc = del_raw(tx, DB_SHIPMENTS, tx->buf.p, tx->buf.len)) < 0)
        goto out;
    rc = 0;
out:
    hdr_done(&h);
    return rc;
}

int pc_store_set_next_poll(pc_txn *tx, uint64_t id, int64_t when)
{
    ship_hdr h;
    unsigned char dk[16];
    int rc = get_hdr_by_id(tx, id, &h);
    if (rc < 0)
        return rc;
    if (h.next_poll != PC_TIME_NONE) {
        due_key(dk, h.next_poll, id);
        if ((rc = del_raw(tx, DB_POLL_DUE, dk, 16)) < 0)
            goto out;
    }
    h.next_poll = pc_status_is_final(h.s.status) ? PC_TIME_NONE : when;
    if (h.next_poll != PC_TIME_NONE) {
        due_key(dk, h.next_poll, id);
        if ((rc = put_raw(tx, DB_POLL_DUE, dk, 16, "", 0)) < 0)
            goto out;
    }
    rc = put_hdr(tx, &h);
out:
    hdr_done(&h);
    return rc;
}

/* ---- scans --------------------------------------------------------------------------------- */

/* Walk keys of db starting at prefix (len plen), while they start with prefix. */
static int scan_prefix(pc_txn *tx, int db, const void *start, size_t slen, size_t plen,
                       int (*cb)(const MDB_val *k, const MDB_val *v, void *ctx), void *ctx)
{
    MDB_cursor *c;
    int rc = mdb_cursor_open(tx->txn, tx->st->dbi[db], &c);
    if (rc != 0)
        return map_mdb(tx, rc);
    MDB_val k = {slen, (void *)start}, v;
    int r = slen ? mdb_cursor_get(c, &k, &v, MDB_SET_RANGE) : mdb_cursor_get(c, &k, &v, MDB_FIRST);
    rc = 0;
    while (r == 0) {
        if (plen && (k.mv_size < plen || memcmp(k.mv_data, start, plen) != 0))
            break;
        rc = cb(&k, &v, ctx);
        if (rc != 0)
            break;
        r = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    if (r != 0 && r != MDB_NOTFOUND && rc == 0)
        rc = map_mdb(tx, r);
    mdb_cursor_close(c);
    return rc < 0 ? rc : 0;
}

struct ship_scan {
    pc_txn *tx;
    int (*cb)(const pc_shipment *s, uint64_t id, void *ctx);
    void *ctx;
};

static int ship_scan_cb(const MDB_val *k, const MDB_val *v, void *ctx)
{
    struct ship_scan *ss = ctx;
    ship_hdr h;
    pc_shipment s;
    int rc = decode_hdr(k, v, &h);
    if (rc < 0)
        return rc;
    uint64_t id = h.id;
    if ((rc = load_full(ss->tx, &h, &s)) < 0)
        return rc;
    rc = ss->cb(&s, id, ss->ctx);
    pc_shipment_done(&s);
    return rc;
}

int pc_store_scan_shipments(pc_txn *tx, int (*cb)(const pc_shipment *s, uint64_t id, void *ctx),
                            void *ctx)
{
    struct ship_scan ss = {tx, cb, ctx};
    return scan_prefix(tx, DB_SHIPMENTS, NULL, 0, 0, ship_scan_cb, &ss);
}

struct id_scan {
    pc_id_cb cb;
    void *ctx;
    size_t id_off;
};

static int id_scan_cb(const MDB_val *k, const MDB_val *v, void *ctx)
{
    (void)v;
    struct id_scan *is = ctx;
    return is->cb(pc__rd64((const unsigned char *)k->mv_data + is->id_off), is->ctx);
}

int pc_store_scan_tenant(pc_txn *tx, uint32_t tenant, uint64_t after_id, pc_id_cb cb, void *ctx)
{
    unsigned char k[12];
    if (after_id == UINT64_MAX)
        return 0;
    tenant_key(k, tenant, after_id + 1);
    struct id_scan is = {cb, ctx, 4};
    return scan_prefix(tx, DB_BY_TENANT, k, 12, 4, id_scan_cb, &is);
}

int pc_store_scan_status(pc_txn *tx, pc_status status, uint32_t tenant, pc_id_cb cb, void *ctx)
{
    unsigned char k[13];
    status_key(k, status, tenant, 0);
    struct id_scan is = {cb, ctx, 5};
    return scan_prefix(tx, DB_BY_STATUS, k, 13, 5, id_scan_cb, &is);
}

struct due_scan {
    int64_t until;
    int (*cb)(uint64_t id, int64_t due, void *ctx);
    void *ctx;
};

static int due_scan_cb(const MDB_val *k, const MDB_val *v, void *ctx)
{
    (void)v;
    struct due_scan *ds = ctx;
    int64_t t = pc__time_unkey(pc__rd64(k->mv_data));
    if (t > ds->until)
        return 1;
    return ds->cb(pc__rd64((const unsigned char *)k->mv_data + 8), t, ds->ctx);
}

int pc_store_scan_due(pc_txn *tx, int64_t until, int (*cb)(uint64_t id, int64_t due, void *ctx),
                      void *ctx)
{
    struct due_scan ds = {until, cb, ctx};
    return scan_prefix(tx, DB_POLL_DUE, NULL, 0, 0, due_scan_cb, &ds);
}

struct hist_scan {
    int32_t from, to;
    int (*cb)(const pc_history_row *row, void *ctx);
    void *ctx;
    bool returned; /* give returned shipments' rows too */
    pc_history_summary sum;
};

static int hist_scan_cb(const MDB_val *k, const MDB_val *v, void *ctx)
{
    struct hist_scan *hs = ctx;
    const char *p = k->mv_data;
    size_t n = k->mv_size;
    pc_history_row row;
    memset(&row, 0, sizeof(row));
    /* three NUL-terminated strings, then day(4) id(8) */
    const char *parts[3];
    size_t off = 0;
    for (int i = 0; i < 3; i++) {
        const char *nul = off < n ? memchr(p + off, '\0', n - off) : NULL;
        if (!nul)
            return PC_EMALFORMED;
        parts[i] = p + off;
        off = (size_t)(nul - p) + 1;
    }
    if (n - off != 12)
        return PC_EMALFORMED;
    row.carrier = parts[0];
    row.service = parts[1];
    row.lane = parts[2];
    row.day = (int32_t)(pc__rd32((const unsigned char *)p + off) ^ 0x80000000u);
    row.id = pc__rd64((const unsigned char *)p + off + 4);
    if (row.day < hs->from || row.day > hs->to)
        return 0;
    pc__rbuf b = {.p = v->mv_data, .len = v->mv_size};
    uint8_t version = pc__get_u8(&b);
    /* 1: no summary; 2: a summary; 3: the outcome, then as 2 */
    if (version < 1 || version > 3)
        return PC_EMALFORMED;
    row.outcome = version < 3 ? PC_STATUS_DELIVERED : (pc_status)pc__get_u8(&b);
    if (row.outcome != PC_STATUS_DELIVERED && (row.outcome != PC_STATUS_RETURNED || !hs->returned))
        return 0;
    row.first_event = pc__get_time(&b);
    row.delivered_at = pc__get_time(&b);
    row.promised_by = pc__get_time(&b);
    row.carrier_eta = pc__get_time(&b);
    row.n_events = pc__get_u32(&b);
    row.failed_attempts = pc__get_u16(&b);
    row.exceptions = pc__get_u16(&b);
    if (b.failed)
        return PC_EMALFORMED;
    if (version >= 2) {
        /* decoded in place (pointers into the row), so only the fixed part is cleared */
        if (pc__get_summary(&b, &hs->sum) < 0)
            return PC_EMALFORMED;
        row.sum = &hs->sum;
    }
    return hs->cb(&row, hs->ctx);
}

static int scan_history(pc_txn *tx, const char *carrier, int32_t day_from, int32_t day_to,
                        bool returned, int (*cb)(const pc_history_row *row, void *ctx), void *ctx)
{
    struct hist_scan *hs = malloc(sizeof(*hs));
    if (!hs)
        return PC_ENOMEM;
    hs->from = day_from;
    hs->to = day_to;
    hs->cb = cb;
    hs->ctx = ctx;
    hs->returned = returned;
    size_t n = carrier ? strlen(carrier) + 1 : 0;
    int rc = scan_prefix(tx, DB_HISTORY, carrier, n, n, hist_scan_cb, hs);
    free(hs);
    return rc;
}

int pc_store_scan_history(pc_txn *tx, const char *carrier, int32_t day_from, int32_t day_to,
                          int (*cb)(const pc_history_row *row, void *ctx), void *ctx)
{
    return scan_history(tx, carrier, day_from, day_to, false, cb, ctx);
}

int pc_store_scan_ended(pc_txn *tx, const char *carrier, int32_t day_from, int32_t day_to,
                        int (*cb)(const pc_history_row *row, void *ctx), void *ctx)
{
    return scan_history(tx, carrier, day_from, day_to, true, cb, ctx);
}

struct hist_count {
    int32_t from, to;
    size_t n;
};

static int hist_count_cb(const MDB_val *k, const MDB_val *v, void *ctx)
{
    (void)v;
    struct hist_count *hc = ctx;
    if (k->mv_size < 12)
        return PC_EMALFORMED;
    int32_t day =
        (int32_t)(pc__rd32((const unsigned char *)k->mv_data + k->mv_size - 12) ^ 0x80000000u);
    hc->n += day >= hc->from && day <= hc->to;
    return 0;
}

int pc_store_count_history(pc_txn *tx, const char *carrier, int32_t day_from, int32_t day_to,
                           size_t *ret_n)
{
    struct hist_count hc = {day_from, day_to, 0};
    size_t n = carrier ? strlen(carrier) + 1 : 0;
    int rc = scan_prefix(tx, DB_HISTORY, carrier, n, n, hist_count_cb, &hc);
    *ret_n = hc.n;
    return rc;
}

/* ---- blobs, tenants, keys, outbox ---------------------------------------------------------- */

int pc_store_put_blob(pc_txn *tx, const char *name, const void *blob, size_t len)
{
    if (!name || !*name || strlen(name) > MAX_KEY)
        return PC_EINVAL;
    return put_raw(tx, DB_MODELS, name, strlen(name), blob, len);
}

int pc_store_get_blob(pc_txn *tx, const char *name, void **ret_blob, size_t *ret_len)
{
    MDB_val k = {strlen(name), (void *)name}, v;
    int rc = mdb_get(tx->txn, tx->st->dbi[DB_MODELS], &k, &v);
    if (rc != 0)
        return map_mdb(tx, rc);
    void *p = malloc(v.mv_size ? v.mv_size : 1);
    if (!p)
        return PC_ENOMEM;
    memcpy(p, v.mv_data, v.mv_size);
    *ret_blob = p;
    *ret_len = v.mv_size;
    return 0;
}

int pc_store_add_tenant(pc_txn *tx, const char *name, uint32_t *ret_tenant)
{
    uint64_t id = 0;
    unsigned char k[4];
    if (!name || !*name || strlen(name) > 200)
        return PC_EINVAL;
    int rc = next_counter(tx, "next_tenant", &id);
    if (rc < 0)
        return rc;
    if (id > UINT32_MAX)
        return PC_ELIMIT;
    pc__be32(k, (uint32_t)id);
    pc__wbuf_reset(&tx->buf2);
    pc__put_u8(&tx->buf2, 1);
    pc__put_str(&tx->buf2, name);
    if (tx->buf2.failed)
        return PC_ENOMEM;
    if ((rc = put_raw(tx, DB_TENANTS, k, 4, tx->buf2.p, tx->buf2.len)) < 0)
        return rc;
    *ret_tenant = (uint32_t)id;
    return 0;
}

int pc_store_get_tenant(pc_txn *tx, uint32_t tenant, char **ret_name)
{
    unsigned char kb[4];
    pc__be32(kb, tenant);
    MDB_val k = {4, kb}, v;
    int rc = mdb_get(tx->txn, tx->st->dbi[DB_TENANTS], &k, &v);
    if (rc != 0)
        return map_mdb(tx, rc);
    pc__rbuf b = {.p = v.mv_data, .len = v.mv_size};
    if (pc__get_u8(&b) != 1)
        return PC_EMALFORMED;
    *ret_name = pc__get_str(&b);
    return b.failed || !*ret_name ? PC_EMALFORMED : 0;
}

int pc_store_add_api_key(pc_txn *tx, uint32_t tenant, const unsigned char hash[32])
{
    unsigned char v[4];
    pc__be32(v, tenant);
    return put_raw(tx, DB_API_KEYS, hash, 32, v, 4);
}

int pc_store_find_api_key(pc_txn *tx, const unsigned char hash[32], uint32_t *ret_tenant)
{
    MDB_val k = {32, (void *)hash}, v;
    int rc = mdb_get(tx->txn, tx->st->dbi[DB_API_KEYS], &k, &v);
    if (rc != 0)
        return map_mdb(tx, rc);
    if (v.mv_size != 4)
        return PC_EMALFORMED;
    *ret_tenant = pc__rd32(v.mv_data);
    return 0;
}

int pc_store_delete_api_key(pc_txn *tx, const unsigned char hash[32])
{
    MDB_val k = {32, (void *)hash};
    return map_mdb(tx, mdb_del(tx->txn, tx->st->dbi[DB_API_KEYS], &k, NULL));
}

int pc_store_outbox_put(pc_txn *tx, int64_t due, uint64_t notice_id, const void *blob, size_t len)
{
    unsigned char k[16];
    due_key(k, due, notice_id);
    return put_raw(tx, DB_OUTBOX, k, 16, blob, len);
}

struct outbox_scan {
    int64_t until;
    int (*cb)(int64_t, uint64_t, const void *, size_t, void *);
    void *ctx;
};

static int outbox_cb(const MDB_val *k, const MDB_val *v, void *ctx)
{
    struct outbox_scan *os = ctx;
    int64_t t = pc__time_unkey(pc__rd64(k->mv_data));
    if (t > os->until)
        return 1;
    return os->cb(t, pc__rd64((const unsigned char *)k->mv_data + 8), v->mv_data, v->mv_size,
                  os->ctx);
}

int pc_store_outbox_scan(pc_txn *tx, int64_t until,
                         int (*cb)(int64_t due, uint64_t notice_id, const void *blob, size_t len,
                                   void *ctx),
                         void *ctx)
{
    struct outbox_scan os = {until, cb, ctx};
    return scan_prefix(tx, DB_OUTBOX, NULL, 0, 0, outbox_cb, &os);
}

int pc_store_outbox_delete(pc_txn *tx, int64_t due, uint64_t notice_id)
{
    unsigned char k[16];
    due_key(k, due, notice_id);
    MDB_val key = {16, k};
    return map_mdb(tx, mdb_del(tx->txn, tx->st->dbi[DB_OUTBOX], &key, NULL));
}

int pc_store_stats_get(pc_txn *tx, pc_store_stats *ret)
{
    MDB_stat ms;
    MDB_envinfo info;
    memset(ret, 0, sizeof(*ret));
    struct {
        int db;
        size_t *out;
    } m[] = {{DB_SHIPMENTS, &ret->shipments},
             {DB_EVENTS, &ret->events},
             {DB_HISTORY, &ret->history},
             {DB_OUTBOX, &ret->outbox},
             {DB_TENANTS, &ret->tenants}};
    for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
        int rc = mdb_stat(tx->txn, tx->st->dbi[m[i].db], &ms);
        if (rc != 0)
            return map_mdb(tx, rc);
        *m[i].out = ms.ms_entries;
    }
    mdb_env_info(tx->st->env, &info);
    mdb_env_stat(tx->st->env, &ms);
    ret->map_size = info.me_mapsize;
    ret->map_used = (info.me_last_pgno + 1) * (size_t)ms.ms_psize;
    uint32_t schema = 0;
    if (meta_get_u32(tx->txn, tx->st->dbi[DB_META], "schema", &schema) == 0)
        ret->schema = schema;
    return 0;
}
