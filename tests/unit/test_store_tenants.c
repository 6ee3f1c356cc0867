/* Store: per-tenant shipment keys. Two tenants track the same parcel as two independent
 * shipments; deleting one leaves the other; scans by tenant see only their own; carrier data
 * (tenant 0) reaches every tenant's copy; the tenant-less functions keep working; a tenant's
 * record under the plain key (written before per-tenant keys) still belongs to its tenant. */
#include "testsupport.h"

#include <lmdb.h>
#include <parcelcast/error.h>
#include <parcelcast/store.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1709650320 /* 2024-03-05T14:52:00Z */

typedef struct op {
    const char *number;
    uint32_t tenant;
    const char *order_id;
    int64_t event_time; /* 0 = no event */
    int del;            /* delete instead of put */
    int rc;
    pc_put_result res;
} op;

static int op_fn(pc_txn *tx, void *ctx)
{
    op *o = ctx;
    if (o->del) {
        o->rc = pc_store_delete_shipment_t(tx, o->tenant, "ups", o->number);
        return o->rc < 0 ? o->rc : 0;
    }
    pc_shipment s;
    pc_shipment_init(&s);
    assert_int_equal(pc_set_str(&s.carrier, "ups", (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s.tracking_number, o->number, (size_t)-1), 0);
    if (o->order_id)
        assert_int_equal(pc_set_str(&s.order_id, o->order_id, (size_t)-1), 0);
    s.tenant_id = o->tenant;
    if (o->event_time) {
        pc_event *ev;
        assert_int_equal(pc_shipment_add_event(&s, 0, &ev), 0);
        ev->time = o->event_time;
        ev->status = PC_STATUS_OUT_FOR_DELIVERY;
        assert_int_equal(pc_set_str(&ev->code, "OT", (size_t)-1), 0);
    }
    o->rc = pc_store_put_shipment(tx, &s, T0, &o->res);
    pc_shipment_done(&s);
    return o->rc < 0 ? o->rc : 0;
}

static int run(pc_store *st, op *o)
{
    return pc_store_write(st, op_fn, o);
}

static int collect(uint64_t id, void *ctx)
{
    uint64_t *ids = ctx;
    ids[++ids[0]] = id;
    return 0;
}

static pc_store *open_tmp(char **ret_dir)
{
    *ret_dir = pc_test_tmpdir("store-tenants");
    pc_store *st = NULL;
    char err[256];
    pc_store_opts o = {.path = *ret_dir};
    assert_int_equal(pc_store_open(&o, &st, err, sizeof(err)), 0);
    return st;
}

static void test_two_tenants_same_number(void **state)
{
    (void)state;
    char *dir;
    pc_store *st = open_tmp(&dir);
    op a = {.number = "1Z999", .tenant = 1, .order_id = "A-1"};
    op b = {.number = "1Z999", .tenant = 2, .order_id = "B-1"};
    assert_int_equal(run(st, &a), 0);
    assert_int_equal(run(st, &b), 0); /* no PC_EEXISTS: B cannot learn that A tracks it */
    assert_true(a.res.created);
    assert_true(b.res.created);
    assert_true(a.res.id != b.res.id);

    pc_txn *tx;
    pc_shipment s;
    uint64_t id;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_get_shipment_t(tx, 1, "ups", "1Z999", &s, &id), 0);
    assert_int_equal(id, a.res.id);
    assert_int_equal(s.tenant_id, 1);
    assert_string_equal(s.order_id, "A-1");
    assert_string_equal(s.tracking_number, "1Z999");
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment_t(tx, 2, "ups", "1Z999", &s, &id), 0);
    assert_int_equal(id, b.res.id);
    assert_string_equal(s.order_id, "B-1");
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment_t(tx, 3, "ups", "1Z999", &s, NULL), PC_ENOTFOUND);
    pc_shipment_done(&s);
    /* tenant 0 (no record of its own) sees the parcel through the tenant-less lookup */
    assert_int_equal(pc_store_get_shipment_t(tx, 0, "ups", "1Z999", &s, NULL), PC_ENOTFOUND);
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment(tx, "ups", "1Z999", &s, NULL), 0);
    assert_string_equal(s.tracking_number, "1Z999");
    pc_shipment_done(&s);
    /* by id, the number comes back without the tenant suffix */
    assert_int_equal(pc_store_get_shipment_by_id(tx, b.res.id, &s), 0);
    assert_string_equal(s.tracking_number, "1Z999");
    assert_int_equal(s.tenant_id, 2);
    pc_shipment_done(&s);
    uint64_t ids[8] = {0};
    assert_int_equal(pc_store_scan_tenant(tx, 1, 0, collect, ids), 0);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], a.res.id);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_status(tx, PC_STATUS_PENDING, 2, collect, ids), 0);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], b.res.id);
    pc_store_stats stats;
    assert_int_equal(pc_store_stats_get(tx, &stats), 0);
    assert_int_equal(stats.shipments, 2);
    pc_store_read_end(tx);

    /* The same registration again merges into the tenant's own record. */
    op a2 = {.number = "1Z999", .tenant = 1, .order_id = "A-2"};
    assert_int_equal(run(st, &a2), 0);
    assert_false(a2.res.created);
    assert_int_equal(a2.res.id, a.res.id);

    /* Carrier data (tenant 0) reaches both copies and creates no third record. */
    op carrier = {.number = "1Z999", .tenant = 0, .event_time = T0 + 60};
    assert_int_equal(run(st, &carrier), 0);
    assert_false(carrier.res.created);
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    for (uint32_t t = 1; t <= 2; t++) {
        assert_int_equal(pc_store_get_shipment_t(tx, t, "ups", "1Z999", &s, NULL), 0);
        assert_int_equal(s.status, PC_STATUS_OUT_FOR_DELIVERY);
        assert_int_equal(s.n_events, 1);
        assert_string_equal(s.order_id, t == 1 ? "A-2" : "B-1");
        pc_shipment_done(&s);
    }
    assert_int_equal(pc_store_stats_get(tx, &stats), 0);
    assert_int_equal(stats.shipments, 2);
    assert_int_equal(stats.events, 2);
    pc_store_read_end(tx);

    /* Delete one: the other stays, with its events and indexes. */
    op del_b = {.number = "1Z999", .tenant = 2, .del = 1};
    assert_int_equal(run(st, &del_b), 0);
    op del_b2 = {.number = "1Z999", .tenant = 2, .del = 1};
    assert_int_equal(run(st, &del_b2), PC_ENOTFOUND);
    op del_c = {.number = "1Z999", .tenant = 3, .del = 1};
    assert_int_equal(run(st, &del_c), PC_ENOTFOUND);
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_get_shipment_t(tx, 2, "ups", "1Z999", &s, NULL), PC_ENOTFOUND);
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment_t(tx, 1, "ups", "1Z999", &s, NULL), 0);
    assert_int_equal(s.n_events, 1);
    pc_shipment_done(&s);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_tenant(tx, 2, 0, collect, ids), 0);
    assert_int_equal(ids[0], 0);
    ids[0] = 0;
    assert_int_equal(pc_store_scan_status(tx, PC_STATUS_OUT_FOR_DELIVERY, 2, collect, ids), 0);
    assert_int_equal(ids[0], 0);
    assert_int_equal(pc_store_stats_get(tx, &stats), 0);
    assert_int_equal(stats.shipments, 1);
    assert_int_equal(stats.events, 1);
    pc_store_read_end(tx);

    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

static void test_tenant_zero_keeps_plain_key(void **state)
{
    (void)state;
    char *dir;
    pc_store *st = open_tmp(&dir);
    /* A plain record (imported) and a tenant's registration of the same parcel. */
    op imp = {.number = "1Z777", .tenant = 0, .event_time = T0};
    op reg = {.number = "1Z777", .tenant = 5, .order_id = "O-5"};
    assert_int_equal(run(st, &imp), 0);
    assert_int_equal(run(st, &reg), 0);
    assert_true(imp.res.created);
    assert_true(reg.res.created);
    pc_txn *tx;
    pc_shipment s;
    uint64_t id;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_get_shipment(tx, "ups", "1Z777", &s, &id), 0);
    assert_int_equal(id, imp.res.id);
    assert_int_equal(s.tenant_id, 0);
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment_t(tx, 0, "ups", "1Z777", &s, &id), 0);
    assert_int_equal(id, imp.res.id);
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment_t(tx, 5, "ups", "1Z777", &s, &id), 0);
    assert_int_equal(id, reg.res.id);
    assert_int_equal(s.n_events, 0); /* independent: the import's event is not copied over */
    pc_shipment_done(&s);
    pc_store_read_end(tx);
    /* A tenant-0 delete removes the plain record only. */
    op del0 = {.number = "1Z777", .tenant = 0, .del = 1};
    assert_int_equal(run(st, &del0), 0);
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_get_shipment_t(tx, 5, "ups", "1Z777", &s, NULL), 0);
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment_t(tx, 0, "ups", "1Z777", &s, NULL), PC_ENOTFOUND);
    pc_shipment_done(&s);
    pc_store_read_end(tx);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

/* A tenant's shipment stored under the plain key (as written before per-tenant keys): moved
 * there with raw LMDB, it is still found, merged into and deleted for its tenant only. */
static void move_to_plain_key(const char *dir, const char *number, uint32_t tenant, uint64_t id)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi ships, ids;
    assert_int_equal(mdb_env_create(&env), 0);
    assert_int_equal(mdb_env_set_maxdbs(env, 32), 0);
    assert_int_equal(mdb_env_open(env, dir, 0, 0600), 0);
    assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
    assert_int_equal(mdb_dbi_open(txn, "shipments", 0, &ships), 0);
    assert_int_equal(mdb_dbi_open(txn, "ship_ids", 0, &ids), 0);
    unsigned char key[64], idk[8];
    size_t n = strlen(number);
    memcpy(key, "ups", 4);
    memcpy(key + 4, number, n);
    key[4 + n] = 0;
    for (int i = 0; i < 4; i++)
        key[5 + n + i] = (unsigned char)(tenant >> (24 - 8 * i));
    for (int i = 0; i < 8; i++)
        idk[i] = (unsigned char)(id >> (56 - 8 * i));
    MDB_val tk = {9 + n, key}, pk = {4 + n, key}, ik = {8, idk}, v;
    assert_int_equal(mdb_get(txn, ships, &tk, &v), 0);
    assert_int_equal(mdb_put(txn, ships, &pk, &v, 0), 0);
    assert_int_equal(mdb_del(txn, ships, &tk, NULL), 0);
    MDB_val iv = pk;
    assert_int_equal(mdb_put(txn, ids, &ik, &iv, 0), 0);
    assert_int_equal(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
}

static void test_plain_key_record_of_a_tenant(void **state)
{
    (void)state;
    char *dir;
    pc_store *st = open_tmp(&dir);
    op a = {.number = "1ZOLD", .tenant = 9, .order_id = "OLD-1"};
    assert_int_equal(run(st, &a), 0);
    pc_store_close(st);
    move_to_plain_key(dir, "1ZOLD", 9, a.res.id);
    char err[256];
    pc_store_opts o = {.path = dir};
    assert_int_equal(pc_store_open(&o, &st, err, sizeof(err)), 0);

    pc_txn *tx;
    pc_shipment s;
    uint64_t id;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_get_shipment_t(tx, 9, "ups", "1ZOLD", &s, &id), 0);
    assert_int_equal(id, a.res.id);
    assert_string_equal(s.order_id, "OLD-1");
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment_t(tx, 8, "ups", "1ZOLD", &s, NULL), PC_ENOTFOUND);
    pc_shipment_done(&s);
    pc_store_read_end(tx);
    /* its tenant merges into it; another tenant gets its own */
    op again = {.number = "1ZOLD", .tenant = 9, .order_id = "OLD-2"};
    assert_int_equal(run(st, &again), 0);
    assert_false(again.res.created);
    assert_int_equal(again.res.id, a.res.id);
    op other = {.number = "1ZOLD", .tenant = 8};
    assert_int_equal(run(st, &other), 0);
    assert_true(other.res.created);
    /* carrier data reaches both */
    op carrier = {.number = "1ZOLD", .tenant = 0, .event_time = T0 + 5};
    assert_int_equal(run(st, &carrier), 0);
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_get_shipment_t(tx, 9, "ups", "1ZOLD", &s, NULL), 0);
    assert_string_equal(s.order_id, "OLD-2");
    assert_int_equal(s.n_events, 1);
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment_t(tx, 8, "ups", "1ZOLD", &s, NULL), 0);
    assert_int_equal(s.n_events, 1);
    pc_shipment_done(&s);
    pc_store_stats stats;
    assert_int_equal(pc_store_stats_get(tx, &stats), 0);
    assert_int_equal(stats.shipments, 2);
    pc_store_read_end(tx);
    /* deleting for tenant 9 removes the plain-key record, not tenant 8's */
    op del = {.number = "1ZOLD", .tenant = 9, .del = 1};
    assert_int_equal(run(st, &del), 0);
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_get_shipment_t(tx, 9, "ups", "1ZOLD", &s, NULL), PC_ENOTFOUND);
    pc_shipment_done(&s);
    assert_int_equal(pc_store_get_shipment_t(tx, 8, "ups", "1ZOLD", &s, NULL), 0);
    pc_shipment_done(&s);
    assert_int_equal(pc_store_stats_get(tx, &stats), 0);
    assert_int_equal(stats.shipments, 1);
    assert_int_equal(stats.events, 1);
    pc_store_read_end(tx);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_tenants_same_number),
        cmocka_unit_test(test_tenant_zero_keeps_plain_key),
        cmocka_unit_test(test_plain_key_record_of_a_tenant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
