/*
 * bench_store: events appended per second (batches of 1,000) and point reads per second through
 * the parcelcast store, beside raw LMDB puts/gets of the very same key/value bytes (dumped from
 * the store after the run). Prints medians over REPS runs and the ratio ours/raw.
 *
 *   bench_store [shipments=20000] [events_per_shipment=10] [reps=5] [dir=/tmp]
 */
#include "bench_util.h"

#include <parcelcast/error.h>
#include <parcelcast/store.h>

#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

static int n_ships = 20000, per_ship = 10, reps = 5;
static const char *base_dir = "/tmp";

static pc_shipment *make_data(void)
{
    static const char *cities[] = {"Louisville", "Memphis", "Fresno", "Reno", "Denver"};
    static const char *codes[] = {"MP", "OR", "AR", "DP", "OF", "DL"};
    pc_shipment *ships = calloc((size_t)n_ships, sizeof(*ships));
    for (int i = 0; i < n_ships; i++) {
        pc_shipment *s = &ships[i];
        char num[32];
        pc_shipment_init(s);
        snprintf(num, sizeof(num), "1Z%016d", i);
        pc_set_str(&s->carrier, i % 3 ? "ups" : "fedex", (size_t)-1);
        pc_set_str(&s->tracking_number, num, (size_t)-1);
        pc_set_str(&s->service, "Ground", (size_t)-1);
        s->tenant_id = 1 + (uint32_t)(i % 4);
        for (int e = 0; e < per_ship; e++) {
            pc_event *ev;
            pc_shipment_add_event(s, 0, &ev);
            ev->time = 1700000000 + (int64_t)i * 60 + e * 3600;
            ev->utc_offset = -300;
            ev->status = e == per_ship - 1 ? PC_STATUS_DELIVERED : PC_STATUS_IN_TRANSIT;
            pc_set_str(&ev->code, codes[e % 6], (size_t)-1);
            pc_set_str(&ev->description, "Arrived at Facility", (size_t)-1);
            pc_set_str(&ev->location.city, cities[(i + e) % 5], (size_t)-1);
            pc_set_str(&ev->location.region, "KY", (size_t)-1);
            pc_set_str(&ev->location.postal_code, "40209", (size_t)-1);
            pc_set_str(&ev->location.country, "US", (size_t)-1);
        }
    }
    return ships;
}

struct batch {
    pc_shipment *ships;
    int from, to;
};

static int put_batch(pc_txn *tx, void *ctx)
{
    struct batch *b = ctx;
    for (int i = b->from; i < b->to; i++) {
        int rc = pc_store_put_shipment(tx, &b->ships[i], 1700000000, NULL);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void rmrf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

typedef struct kv {
    MDB_val k, v;
} kv;

/* Dump the events and shipments databases: the bytes the raw run will write. */
static kv *dump(const char *dir, size_t *ret_n)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    MDB_cursor *c;
    MDB_val k, v;
    size_t n = 0, cap = 1024;
    kv *out = malloc(cap * sizeof(*out));
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 32);
    mdb_env_set_mapsize(env, (size_t)1 << 34);
    if (mdb_env_open(env, dir, MDB_RDONLY, 0600) != 0)
        exit(1);
    mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
    const char *dbs[] = {"shipments", "events"};
    for (int d = 0; d < 2; d++) {
        mdb_dbi_open(txn, dbs[d], 0, &dbi);
        mdb_cursor_open(txn, dbi, &c);
        while (mdb_cursor_get(c, &k, &v, MDB_NEXT) == 0) {
            if (n == cap)
                out = realloc(out, (cap *= 2) * sizeof(*out));
            out[n].k.mv_size = k.mv_size;
            out[n].k.mv_data = malloc(k.mv_size);
            memcpy(out[n].k.mv_data, k.mv_data, k.mv_size);
            out[n].v.mv_size = v.mv_size;
            out[n].v.mv_data = malloc(v.mv_size);
            memcpy(out[n].v.mv_data, v.mv_data, v.mv_size);
            n++;
        }
        mdb_cursor_close(c);
    }
    mdb_txn_abort(txn);
    mdb_env_close(env);
    *ret_n = n;
    return out;
}

static void bench_once(pc_shipment *ships, int sync, double *ours_w, double *raw_w, double *ours_r,
                       double *raw_r)
{
    char dir[512], rawdir[512];
    snprintf(dir, sizeof(dir), "%s/pc-bench-store-%d", base_dir, (int)getpid());
    snprintf(rawdir, sizeof(rawdir), "%s/pc-bench-raw-%d", base_dir, (int)getpid());
    rmrf(dir);
    rmrf(rawdir);
    size_t total_events = (size_t)n_ships * (size_t)per_ship;
    int ships_per_batch = 1000 / per_ship > 0 ? 1000 / per_ship : 1;

    /* ours: write */
    pc_store *st;
    char err[256];
    pc_store_opts o = {.path = dir, .map_size = (size_t)1 << 30, .no_sync = !sync};
    if (pc_store_open(&o, &st, err, sizeof(err)) < 0) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    double t0 = bench_now();
    for (int i = 0; i < n_ships; i += ships_per_batch) {
        struct batch b = {ships, i, i + ships_per_batch < n_ships ? i + ships_per_batch : n_ships};
        if (pc_store_write(st, put_batch, &b) < 0)
            exit(1);
    }
    *ours_w = (double)total_events / (bench_now() - t0);

    /* ours: point reads, one read transaction per lookup (as the API does) */
    int n_reads = n_ships;
    t0 = bench_now();
    for (int r = 0; r < n_reads; r++) {
        int i = (int)(((unsigned)r * 2654435761u) % (unsigned)n_ships);
        pc_txn *tx;
        pc_shipment s;
        pc_store_read_begin(st, &tx);
        if (pc_store_get_shipment(tx, ships[i].carrier, ships[i].tracking_number, &s, NULL) < 0)
            exit(2);
        pc_shipment_done(&s);
        pc_store_read_end(tx);
    }
    *ours_r = (double)n_reads / (bench_now() - t0);
    pc_store_close(st);

    /* raw: the same shipment and event bytes, same batching (1,000 events + their headers) */
    size_t n_kv;
    kv *pairs = dump(dir, &n_kv);
    size_t n_hdr = (size_t)n_ships;
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi_s, dbi_e;
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 4);
    mdb_env_set_mapsize(env, (size_t)1 << 30);
    if (mkdir(rawdir, 0700) != 0) {
        perror("mkdir");
        exit(1);
    }
    mdb_env_open(env, rawdir, MDB_NOTLS | (sync ? 0 : MDB_NOSYNC), 0600);
    mdb_txn_begin(env, NULL, 0, &txn);
    mdb_dbi_open(txn, "s", MDB_CREATE, &dbi_s);
    mdb_dbi_open(txn, "e", MDB_CREATE, &dbi_e);
    mdb_txn_commit(txn);
    /* headers are pairs[0..n_hdr) sorted by key; events follow, grouped by shipment id. The
     * shipments' ids follow insertion order, so the event pairs are in write order. */
    t0 = bench_now();
    size_t e = n_hdr;
    for (size_t h = 0; h < n_hdr;) {
        mdb_txn_begin(env, NULL, 0, &txn);
        for (int k = 0; k < ships_per_batch && h < n_hdr; k++, h++) {
            mdb_put(txn, dbi_s, &pairs[h].k, &pairs[h].v, 0);
            for (int x = 0; x < per_ship && e < n_kv; x++, e++)
                mdb_put(txn, dbi_e, &pairs[e].k, &pairs[e].v, 0);
        }
        mdb_txn_commit(txn);
    }
    *raw_w = (double)total_events / (bench_now() - t0);

    /* raw reads: get the header, then range-scan its events; no decoding */
    t0 = bench_now();
    for (int r = 0; r < n_reads; r++) {
        size_t h = ((unsigned)r * 2654435761u) % (unsigned)n_hdr;
        MDB_val v, k;
        MDB_cursor *c;
        mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
        if (mdb_get(txn, dbi_s, &pairs[h].k, &v) != 0)
            exit(3);
        mdb_cursor_open(txn, dbi_e, &c);
        size_t ev0 = n_hdr + h * (size_t)per_ship;
        k = pairs[ev0].k;
        int rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
        for (int x = 0; x < per_ship && rc == 0; x++)
            rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
        mdb_cursor_close(c);
        mdb_txn_abort(txn);
    }
    *raw_r = (double)n_reads / (bench_now() - t0);
    mdb_env_close(env);
    for (size_t i = 0; i < n_kv; i++) {
        free(pairs[i].k.mv_data);
        free(pairs[i].v.mv_data);
    }
    free(pairs);
    rmrf(dir);
    rmrf(rawdir);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        n_ships = (int)strtol(argv[1], NULL, 10);
    if (argc > 2)
        per_ship = (int)strtol(argv[2], NULL, 10);
    if (argc > 3)
        reps = (int)strtol(argv[3], NULL, 10);
    if (argc > 4)
        base_dir = argv[4];
    if (n_ships < 1 || per_ship < 1 || reps < 1 || reps > 50)
        return 2;
    pc_shipment *ships = make_data();
    printf("bench_store: %d shipments x %d events, batches of 1,000 events, %d runs, medians\n",
           n_ships, per_ship, reps);
    printf("%-10s %-22s %14s %14s %8s\n", "mode", "operation", "parcelcast/s", "raw lmdb/s",
           "ratio");
    for (int sync = 0; sync <= 1; sync++) {
        double ow[50], rw[50], orr[50], rr[50];
        for (int r = 0; r < reps; r++)
            bench_once(ships, sync, &ow[r], &rw[r], &orr[r], &rr[r]);
        double mow = bench_median(ow, reps), mrw = bench_median(rw, reps);
        double mor = bench_median(orr, reps), mrr = bench_median(rr, reps);
        const char *mode = sync ? "fsync" : "nosync";
        printf("%-10s %-22s %14.0f %14.0f %8.2f\n", mode, "append events", mow, mrw, mow / mrw);
        printf("%-10s %-22s %14.0f %14.0f %8.2f\n", mode, "point read (shipment)", mor, mrr,
               mor / mrr);
    }
    for (int i = 0; i < n_ships; i++)
        pc_shipment_done(&ships[i]);
    free(ships);
    return 0;
}
