/* Store: reopen, idempotent and order-independent append, index scans, concurrency, map growth,
 * schema refusal. */
#include "testsupport.h"

#include <lmdb.h>
#include <parcelcast/json.h>
#include <parcelcast/store.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1709650320 /* 2024-03-05T14:52:00Z */

static pc_store *open_store(const char *dir, size_t map)
{
    pc_store *st = NULL;
    char err[512] = "";
    pc_store_opts o = {.path = dir, .map_size = map};
    int rc = pc_store_open(&o, &st, err, sizeof(err));
    if (rc != 0)
        fail_msg("open %s: %s", dir, err);
    return st;
}

static void add_ev(pc_shipment *s, int64_t t, pc_status st, const char *code, const char *city)
{
    pc_event *ev;
    assert_int_equal(pc_shipment_add_event(s, 0, &ev), 0);
    ev->time = t;
    ev->utc_offset = -300;
    ev->status = st;
    assert_int_equal(pc_set_str(&ev->code, code, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&ev->description, code, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&ev->location.city, city, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&ev->location.country, "US", (size_t)-1), 0);
}

static void make_ship(pc_shipment *s, const char *carrier, const char *number, uint32_t tenant)
{
    pc_shipment_init(s);
    assert_int_equal(pc_set_str(&s->carrier, carrier, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->tracking_number, number, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->service, "Ground", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->origin.country, "US", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->origin.region, "KY", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->destination.country, "US", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->destination.region, "CA", (size_t)-1), 0);
    s->tenant_id = tenant;
}

struct put_args {
    const pc_shipment *s;
    size_t n;
    int64_t now;
    pc_put_result res;
};

static int put_fn(pc_txn *tx, void *ctx)
{
    struct put_args *a = ctx;
    for (size_t i = 0; i < a->n; i++) {
        int rc = pc_store_put_shipment(tx, &a->s[i], a->now, &a->res);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void put(pc_store *st, const pc_shipment *s, size_t n, pc_put_result *res)
{
    struct put_args a = {s, n, T0 + 100000, {0}};
    assert_int_equal(pc_store_write(st, put_fn, &a), 0);
    if (res)
        *res = a.res;
}

static char *stored_json(pc_store *st, const char *carrier, const char *number)
{
    pc_txn *tx;
    pc_shipment s;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    int rc = pc_store_get_shipment(tx, carrier, number, &s, NULL);
    pc_store_read_end(tx);
    if (rc < 0)
        return NULL;
    json_t *j = pc_shipment_to_json(&s, 0);
    char *text = pc_json_dumps(j, 0);
    json_decref(j);
    pc_shipment_done(&s);
    return text;
}

static void test_reopen_and_get(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("store");
    pc_store *st = open_store(dir, 0);
    pc_shipment s;
    make_ship(&s, "ups", "1Z0001", 7);
    add_ev(&s, T0, PC_STATUS_INFO_RECEIVED, "MP", "Louisville");
    add_ev(&s, T0 + 3600, PC_STATUS_IN_TRANSIT, "AR", "Louisville");
    pc_put_result r;
    put(st, &s, 1, &r);
    assert_true(r.created);
    assert_int_equal(r.events_added, 2);
    assert_int_equal(r.new_status, PC_STATUS_IN_TRANSIT);
    pc_store_close(st);

    st = open_store(dir, 0);
    pc_txn *tx;
    pc_shipment got;
    uint64_t id;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_get_shipment(tx, "ups", "1Z0001", &got, &id), 0);
    assert_int_equal(got.n_events, 2);
    assert_int_equal(got.status, PC_STATUS_IN_TRANSIT);
    assert_int_equal(got.tenant_id, 7);
    assert_string_equal(got.service, "Ground");
    assert_string_equal(got.events[0].code, "MP");
    assert_int_equal(got.events[1].time, T0 + 3600);
    assert_int_equal(got.events[1].utc_offset, -300);
    pc_shipment_done(&got);
    assert_int_equal(pc_store_get_shipment_by_id(tx, id, &got), 0);
    assert_string_equal(got.tracking_number, "1Z0001");
    pc_shipment_done(&got);
    assert_int_equal(pc_store_get_shipment(tx, "ups", "nope", &got, NULL), PC_ENOTFOUND);
    pc_store_read_end(tx);
    pc_store_close(st);
    pc_shipment_done(&s);
    pc_test_rmdir(dir);
    free(dir);
}

static void test_idempotent_and_order_independent(void **state)
{
    (void)state;
    char *dir_a = pc_test_tmpdir("store-a"), *dir_b = pc_test_tmpdir("store-b");
    pc_store *a = open_store(dir_a, 0), *b = open_store(dir_b, 0);
    /* Five events, one a same-time duplicate with a different description. */
    pc_shipment full, part1, part2, part3;
    make_ship(&full, "usps", "9400100000000000000001", 1);
    add_ev(&full, T0, PC_STATUS_INFO_RECEIVED, "GX", "Memphis");
    add_ev(&full, T0 + 7200, PC_STATUS_IN_TRANSIT, "10", "Memphis");
    add_ev(&full, T0 + 90000, PC_STATUS_OUT_FOR_DELIVERY, "OF", "Fresno");
    add_ev(&full, T0 + 99000, PC_STATUS_DELIVERED, "01", "Fresno");
    add_ev(&full, T0 + 99000, PC_STATUS_OUT_FOR_DELIVERY, "OF", "Fresno");

    /* Store A: everything at once, twice. */
    pc_put_result r;
    put(a, &full, 1, &r);
    assert_int_equal(r.events_added, 5);
    put(a, &full, 1, &r);
    assert_int_equal(r.events_added, 0);
    assert_false(r.created);

    /* Store B: newest first, in three pieces, with repeats. */
    make_ship(&part1, "usps", "9400100000000000000001", 1);
    make_ship(&part2, "usps", "9400100000000000000001", 0);
    make_ship(&part3, "usps", "9400100000000000000001", 0);
    add_ev(&part1, T0 + 99000, PC_STATUS_OUT_FOR_DELIVERY, "OF", "Fresno");
    add_ev(&part1, T0 + 99000, PC_STATUS_DELIVERED, "01", "Fresno");
    add_ev(&part2, T0 + 90000, PC_STATUS_OUT_FOR_DELIVERY, "OF", "Fresno");
    add_ev(&part2, T0 + 99000, PC_STATUS_DELIVERED, "01", "Fresno");
    add_ev(&part3, T0 + 7200, PC_STATUS_IN_TRANSIT, "10", "Memphis");
    add_ev(&part3, T0, PC_STATUS_INFO_RECEIVED, "GX", "Memphis");
    put(b, &part1, 1, NULL);
    put(b, &part3, 1, &r);
    assert_int_equal(r.new_status, PC_STATUS_DELIVERED); /* older events do not regress it */
    put(b, &part2, 1, NULL);
    put(b, &part1, 1, &r);
    assert_int_equal(r.events_added, 0);

    char *ja = stored_json(a, "usps", "9400100000000000000001");
    char *jb = stored_json(b, "usps", "9400100000000000000001");
    assert_non_null(ja);
    assert_string_equal(ja, jb);
    assert_non_null(strstr(ja, "\"status\":\"delivered\""));

    /* The in-memory normal form agrees with the store. */
    pc_shipment mem;
    assert_int_equal(pc_shipment_copy(&mem, &full), 0);
    pc_shipment_normalize(&mem);
    json_t *jm = pc_shipment_to_json(&mem, 0);
    char *tm = pc_json_dumps(jm, 0);
    assert_string_equal(tm, ja);
    assert_int_equal(mem.n_events, 5);
    free(tm);
    json_decref(jm);
    pc_shipment_done(&mem);

    free(ja);
    free(jb);
    pc_shipment_done(&full);
    pc_shipment_done(&part1);
    pc_shipment_done(&part2);
    pc_shipment_done(&part3);
    pc_store_close(a);
    pc_store_close(b);
    pc_test_rmdir(dir_a);
    pc_test_rmdir(dir_b);
    free(dir_a);
    free(dir_b);
}

static int collect_ids(uint64_t id, void *ctx)
{
    uint64_t *ids = ctx;
    ids[++ids[0]] = id;
    return 0;
}

static int collect_due(uint64_t id, int64_t due, void *ctx)
{
    (void)due;
    return collect_ids(id, ctx);
}

static int collect_hist(const pc_history_row *row, void *ctx)
{
    uint64_t *ids = ctx;
    ids[++ids[0]] = row->id;
    assert_string_equal(row->lane, "US-KY>US-CA");
    assert_string_equal(row->service, "Ground");
    assert_true(row->delivered_at > row->first_event);
    return 0;
}

static int delete_n04(pc_txn *tx, void *ctx)
{
    (void)ctx;
    return pc_store_delete_shipment(tx, "ups", "N04");
}

static void test_index_scans(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("store-idx");
    pc_store *st = open_store(dir, 0);
    pc_shipment s[6];
    for (int i = 0; i < 6; i++) {
        char num[32];
        snprintf(num, sizeof(num), "N%02d", i);
        make_ship(&s[i], i % 2 ? "fedex" : "ups", num, i < 3 ? 1 : 2);
        add_ev(&s[i], T0 + i, PC_STATUS_IN_TRANSIT, "AR", "Reno");
        if (i >= 4) /* N04, N05 delivered */
            add_ev(&s[i], T0 + 86400 * 2 + i, PC_STATUS_DELIVERED, "DL", "Fresno");
    }
    put(st, s, 6, NULL);
    pc_txn *tx;
    uint64_t ids[16];
    assert_int_equal(pc_store_read_begin(st, &tx), 0);

    ids[0] = 0;
    assert_int_equal(pc_store_scan_tenant(tx, 1, 0, collect_ids, ids), 0);
    assert_int_equal(ids[0], 3);
    uint64_t first = ids[1], second = ids[2];
    ids[0] = 0; /* cursor pagination: after the first id */
    assert_int_equal(pc_store_scan_tenant(tx, 1, first, collect_ids, ids), 0);
    assert_int_equal(ids[0], 2);
    assert_int_equal(ids[1], second);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_tenant(tx, 3, 0, collect_ids, ids), 0);
    assert_int_equal(ids[0], 0);

    ids[0] = 0;
    assert_int_equal(pc_store_scan_status(tx, PC_STATUS_DELIVERED, 2, collect_ids, ids), 0);
    assert_int_equal(ids[0], 2);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_status(tx, PC_STATUS_IN_TRANSIT, 2, collect_ids, ids), 0);
    assert_int_equal(ids[0], 1);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_status(tx, PC_STATUS_IN_TRANSIT, 1, collect_ids, ids), 0);
    assert_int_equal(ids[0], 3);

    /* Only the 4 undelivered are due for polling. */
    ids[0] = 0;
    assert_int_equal(pc_store_scan_due(tx, INT64_MAX, collect_due, ids), 0);
    assert_int_equal(ids[0], 4);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_due(tx, 0, collect_due, ids), 0);
    assert_int_equal(ids[0], 0);

    ids[0] = 0;
    assert_int_equal(pc_store_scan_history(tx, NULL, INT32_MIN, INT32_MAX, collect_hist, ids), 0);
    assert_int_equal(ids[0], 2);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_history(tx, "ups", INT32_MIN, INT32_MAX, collect_hist, ids), 0);
    assert_int_equal(ids[0], 1);
    int32_t day = (int32_t)((T0 + 86400 * 2) / 86400);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_history(tx, NULL, day + 1, INT32_MAX, collect_hist, ids), 0);
    assert_int_equal(ids[0], 0);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_history(tx, NULL, day, day, collect_hist, ids), 0);
    assert_int_equal(ids[0], 2);
    pc_store_read_end(tx);

    /* Delete removes the shipment, its events and every index entry. */
    assert_int_equal(pc_store_write(st, delete_n04, NULL), 0);
    assert_int_equal(pc_store_write(st, delete_n04, NULL), PC_ENOTFOUND);
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    pc_shipment gone;
    assert_int_equal(pc_store_get_shipment(tx, "ups", "N04", &gone, NULL), PC_ENOTFOUND);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_tenant(tx, 2, 0, collect_ids, ids), 0);
    assert_int_equal(ids[0], 2);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_status(tx, PC_STATUS_DELIVERED, 2, collect_ids, ids), 0);
    assert_int_equal(ids[0], 1);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_history(tx, NULL, INT32_MIN, INT32_MAX, collect_hist, ids), 0);
    assert_int_equal(ids[0], 1);
    pc_store_stats stats;
    assert_int_equal(pc_store_stats_get(tx, &stats), 0);
    assert_int_equal(stats.shipments, 5);
    assert_int_equal(stats.events, 6); /* 6 scans + 2 deliveries, minus N04's two */
    pc_store_read_end(tx);
    for (int i = 0; i < 6; i++)
        pc_shipment_done(&s[i]);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

/* A reader thread keeps reading consistent snapshots while the writer commits batches: every
 * snapshot sees whole batches only (the event count is a multiple of the batch size). */
struct reader_args {
    pc_store *st;
    volatile int stop;
    int snapshots;
    int bad;
};

static void *reader_main(void *arg)
{
    struct reader_args *ra = arg;
    while (!ra->stop) {
        pc_txn *tx;
        pc_store_stats stats;
        if (pc_store_read_begin(ra->st, &tx) < 0) {
            ra->bad++;
            continue;
        }
        if (pc_store_stats_get(tx, &stats) < 0 || stats.events % 50 != 0)
            ra->bad++;
        pc_store_read_end(tx);
        ra->snapshots++;
    }
    return NULL;
}

struct batch_args {
    int batch;
    int per_batch;
};

static int batch_fn(pc_txn *tx, void *ctx)
{
    struct batch_args *b = ctx;
    pc_shipment s;
    char num[32];
    snprintf(num, sizeof(num), "B%06d", b->batch);
    make_ship(&s, "dhl", num, 1);
    for (int i = 0; i < b->per_batch; i++)
        add_ev(&s, T0 + i * 60, PC_STATUS_IN_TRANSIT, "AF", "Leipzig");
    int rc = pc_store_put_shipment(tx, &s, T0, NULL);
    pc_shipment_done(&s);
    return rc;
}

struct sum_check {
    pc_history_summary loaded;
    size_t rows;
};

static int check_summary(const pc_history_row *row, void *ctx)
{
    struct sum_check *c = ctx;
    const pc_history_summary *a = row->sum, *b = &c->loaded;
    c->rows++;
    assert_non_null(a);
    assert_int_equal(a->tenant_id, 7);
    assert_true(a->handoff);
    assert_int_equal(a->start, T0 + 3600);
    assert_int_equal(a->start_offset, -300);
    assert_int_equal(a->delivered_offset, -300);
    assert_int_equal(a->failed, 1);
    assert_true(a->exception);
    assert_true(a->returned); /* the substatus names a return */
    assert_string_equal(a->dest_country, "US");
    assert_int_equal(a->n_kinds, 3);
    assert_string_equal(a->kinds[0], "return_to_sender_requested");
    assert_string_equal(a->kinds[1], "failed_attempt:NA");
    assert_string_equal(a->kinds[2], "exception:X2");
    /* Louisville (two scans) until Memphis, Memphis until Los Angeles */
    assert_int_equal(a->n_hops, 2);
    assert_string_equal(a->hops[0].place, "Louisville, US");
    assert_int_equal(a->hops[0].dwell, 30000 - 3600);
    assert_string_equal(a->hops[1].place, "Memphis, US");
    assert_int_equal(a->hops[1].dwell, 90000 - 30000);
    assert_int_equal(a->hops[0].travel, 30000 - 7200); /* from the last Louisville scan */
    assert_int_equal(a->hops[1].travel, 90000 - 30000);
    assert_string_equal(a->last_place, "Los Angeles, US");
    /* the stored summary is the one computed from the loaded shipment */
    assert_int_equal(a->start, b->start);
    assert_int_equal(a->n_kinds, b->n_kinds);
    assert_int_equal(a->n_hops, b->n_hops);
    for (size_t i = 0; i < a->n_hops; i++) {
        assert_string_equal(a->hops[i].place, b->hops[i].place);
        assert_int_equal(a->hops[i].dwell, b->hops[i].dwell);
    }
    return 0;
}

/* The history row carries the events' summary reports use, equal to the one computed from the
 * shipment, and kept up to date when a delivered shipment gets more events. */
static void test_history_summary(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("store-sum");
    pc_store *st = open_store(dir, 0);
    pc_shipment s;
    make_ship(&s, "ups", "SUM1", 7);
    add_ev(&s, T0, PC_STATUS_INFO_RECEIVED, "MP", NULL);
    add_ev(&s, T0 + 3600, PC_STATUS_IN_TRANSIT, "OR", "Louisville");
    add_ev(&s, T0 + 7200, PC_STATUS_IN_TRANSIT, "DP", "Louisville");
    add_ev(&s, T0 + 30000, PC_STATUS_EXCEPTION, "X1", "Memphis");
    assert_int_equal(pc_set_str(&s.events[3].substatus, "return_to_sender_requested", (size_t)-1),
                     0);
    add_ev(&s, T0 + 90000, PC_STATUS_FAILED_ATTEMPT, "NA", "Los Angeles");
    add_ev(&s, T0 + 180000, PC_STATUS_DELIVERED, "D", "Los Angeles");
    put(st, &s, 1, NULL);
    /* a late-arriving scan of a delivered shipment rewrites its row */
    pc_shipment later;
    make_ship(&later, "ups", "SUM1", 7);
    add_ev(&later, T0 + 120000, PC_STATUS_EXCEPTION, "X2", "Los Angeles");
    put(st, &later, 1, NULL);
    pc_shipment_done(&later);
    pc_shipment_done(&s);

    struct sum_check c = {.rows = 0};
    pc_txn *tx;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    uint64_t id;
    assert_int_equal(pc_store_get_shipment(tx, "ups", "SUM1", &s, &id), 0);
    pc_history_summarize(&s, T0 + 180000, &c.loaded);
    assert_int_equal(pc_store_scan_history(tx, NULL, INT32_MIN, INT32_MAX, check_summary, &c), 0);
    pc_store_read_end(tx);
    assert_int_equal(c.rows, 1);
    pc_shipment_done(&s);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}
static void test_concurrent_reader(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("store-conc");
    pc_store *st = open_store(dir, 0);
    struct reader_args ra = {st, 0, 0, 0};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, reader_main, &ra), 0);
    for (int i = 0; i < 200; i++) {
        struct batch_args b = {i, 50};
        assert_int_equal(pc_store_write(st, batch_fn, &b), 0);
    }
    ra.stop = 1;
    pthread_join(th, NULL);
    assert_int_equal(ra.bad, 0);
    assert_true(ra.snapshots > 0);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

/* A 1 MiB map filled with ~20 MB: every batch lands, the map grows, nothing is lost. */
static void test_map_growth(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("store-grow");
    pc_store *st = open_store(dir, 1 << 20);
    size_t before = pc_store_map_size(st);
    for (int i = 0; i < 400; i++) {
        struct batch_args b = {i, 200};
        assert_int_equal(pc_store_write(st, batch_fn, &b), 0);
    }
    print_message("map grew from %zu to %zu bytes\n", before, pc_store_map_size(st));
    assert_true(pc_store_map_size(st) >= before * 4);
    pc_store_close(st);
    st = open_store(dir, 1 << 20);
    pc_txn *tx;
    pc_store_stats stats;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_stats_get(tx, &stats), 0);
    assert_int_equal(stats.shipments, 400);
    assert_int_equal(stats.events, 400 * 200);
    pc_store_read_end(tx);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

/* Rewrite the schema number behind the store's back with raw LMDB. */
static void set_schema(const char *dir, uint32_t v)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    assert_int_equal(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 32);
    assert_int_equal(mdb_env_open(env, dir, 0, 0600), 0);
    assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
    assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
    MDB_val k = {6, "schema"}, val = {4, b};
    assert_int_equal(mdb_put(txn, dbi, &k, &val, 0), 0);
    assert_int_equal(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
}

static void test_schema_mismatch(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("store-schema");
    pc_store *st = open_store(dir, 0);
    pc_shipment s;
    make_ship(&s, "ups", "1Z0002", 1);
    add_ev(&s, T0, PC_STATUS_IN_TRANSIT, "AR", "Reno");
    put(st, &s, 1, NULL);
    pc_shipment_done(&s);
    pc_store_close(st);

    char err[512] = "";
    pc_store_opts o = {.path = dir};
    set_schema(dir, PC_STORE_SCHEMA + 1);
    assert_int_equal(pc_store_open(&o, &st, err, sizeof(err)), PC_ESCHEMA);
    assert_null(st);
    assert_non_null(strstr(err, "newer parcelcast"));
    set_schema(dir, 0);
    err[0] = '\0';
    assert_int_equal(pc_store_open(&o, &st, err, sizeof(err)), PC_ESCHEMA);
    assert_non_null(strstr(err, "schema 0"));
    assert_non_null(strstr(err, "no migration"));
    set_schema(dir, PC_STORE_SCHEMA);
    st = open_store(dir, 0);
    pc_store_close(st);

    /* Read-only open of a missing store says so instead of creating one. */
    pc_store_opts ro = {.path = "/nonexistent/parcelcast-store", .read_only = true};
    assert_true(pc_store_open(&ro, &st, err, sizeof(err)) < 0);
    pc_test_rmdir(dir);
    free(dir);
}

struct misc_ctx {
    uint32_t tenant;
};

static int misc_write(pc_txn *tx, void *ctx)
{
    struct misc_ctx *m = ctx;
    unsigned char h[32];
    memset(h, 0xAB, sizeof(h));
    int rc;
    if ((rc = pc_store_add_tenant(tx, "acme", &m->tenant)) < 0 ||
        (rc = pc_store_add_api_key(tx, m->tenant, h)) < 0 ||
        (rc = pc_store_put_blob(tx, "model.eta", "\x01\x02\x03", 3)) < 0 ||
        (rc = pc_store_outbox_put(tx, T0 + 10, 2, "b", 1)) < 0 ||
        (rc = pc_store_outbox_put(tx, T0 + 5, 1, "a", 1)) < 0 ||
        (rc = pc_store_outbox_put(tx, T0 + 99, 3, "c", 1)) < 0)
        return rc;
    return 0;
}

static int outbox_cb(int64_t due, uint64_t id, const void *blob, size_t len, void *ctx)
{
    char *order = ctx;
    size_t n = strlen(order);
    (void)due;
    (void)id;
    assert_int_equal(len, 1);
    assert_true(n < 7);
    order[n] = *(const char *)blob;
    order[n + 1] = '\0';
    return 0;
}

static void test_tenants_blobs_outbox(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("store-misc");
    pc_store *st = open_store(dir, 0);
    struct misc_ctx m = {0};
    assert_int_equal(pc_store_write(st, misc_write, &m), 0);
    assert_int_equal(m.tenant, 1);
    pc_txn *tx;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    unsigned char h[32];
    uint32_t t = 0;
    memset(h, 0xAB, sizeof(h));
    assert_int_equal(pc_store_find_api_key(tx, h, &t), 0);
    assert_int_equal(t, 1);
    h[0] = 0;
    assert_int_equal(pc_store_find_api_key(tx, h, &t), PC_ENOTFOUND);
    char *name;
    assert_int_equal(pc_store_get_tenant(tx, 1, &name), 0);
    assert_string_equal(name, "acme");
    free(name);
    void *blob;
    size_t len;
    assert_int_equal(pc_store_get_blob(tx, "model.eta", &blob, &len), 0);
    assert_int_equal(len, 3);
    assert_memory_equal(blob, "\x01\x02\x03", 3);
    free(blob);
    char order[8] = "";
    assert_int_equal(pc_store_outbox_scan(tx, T0 + 50, outbox_cb, order), 0);
    assert_string_equal(order, "ab"); /* due order, not insertion order; c not due yet */
    pc_store_read_end(tx);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

struct poll_args {
    uint64_t id;
    int64_t when;
};

static int set_poll_fn(pc_txn *tx, void *ctx)
{
    struct poll_args *a = ctx;
    return pc_store_set_next_poll(tx, a->id, a->when);
}

struct due_row {
    uint64_t id;
    int64_t due;
    int n;
};

static int due_cb(uint64_t id, int64_t due, void *ctx)
{
    struct due_row *r = ctx;
    r->id = id;
    r->due = due;
    r->n++;
    return 0;
}

/* The poll schedule moves with set_next_poll; a delivered shipment is never scheduled. */
static void test_next_poll(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("store-poll");
    pc_store *st = open_store(dir, 0);
    pc_shipment s[2];
    pc_put_result r;
    make_ship(&s[0], "ups", "P1", 1);
    add_ev(&s[0], T0, PC_STATUS_IN_TRANSIT, "AR", "Reno");
    make_ship(&s[1], "ups", "P2", 1);
    add_ev(&s[1], T0, PC_STATUS_DELIVERED, "DL", "Reno");
    put(st, &s[0], 1, &r);
    uint64_t active = r.id;
    put(st, &s[1], 1, &r);
    uint64_t done = r.id;
    struct poll_args a = {active, T0 + 7200};
    assert_int_equal(pc_store_write(st, set_poll_fn, &a), 0);
    struct poll_args b = {done, T0 + 60};
    assert_int_equal(pc_store_write(st, set_poll_fn, &b), 0); /* ignored: final status */
    struct poll_args missing = {999999, T0};
    assert_int_equal(pc_store_write(st, set_poll_fn, &missing), PC_ENOTFOUND);
    pc_txn *tx;
    struct due_row row = {0, 0, 0};
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_scan_due(tx, T0 + 7199, due_cb, &row), 0);
    assert_int_equal(row.n, 0);
    assert_int_equal(pc_store_scan_due(tx, INT64_MAX, due_cb, &row), 0);
    assert_int_equal(row.n, 1); /* one entry: the old due time was removed */
    assert_int_equal(row.id, active);
    assert_int_equal(row.due, T0 + 7200);
    pc_store_read_end(tx);
    pc_shipment_done(&s[0]);
    pc_shipment_done(&s[1]);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reopen_and_get),
        cmocka_unit_test(test_idempotent_and_order_independent),
        cmocka_unit_test(test_index_scans),
        cmocka_unit_test(test_history_summary),
        cmocka_unit_test(test_concurrent_reader),
        cmocka_unit_test(test_map_growth),
        cmocka_unit_test(test_schema_mismatch),
        cmocka_unit_test(test_tenants_blobs_outbox),
        cmocka_unit_test(test_next_poll),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
