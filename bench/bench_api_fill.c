/* bench_api_fill: a store of N simulated shipments owned by one tenant, for bench/api.sh.
 * Prints the tenant's API key on the first line of stdout, then one request path per line
 * (`/v1/shipments/<carrier>/<number>`) for PATHS shipments spread over the store.
 * Usage: bench_api_fill STORE_DIR N PATHS */
#include "bench_util.h"

#include "api/api.h"

#include <parcelcast/error.h>
#include <parcelcast/sim.h>
#include <parcelcast/store.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 2000

struct fill {
    const pc_sim *sim;
    uint64_t first, n;
    uint32_t tenant;
    unsigned char hash[32];
    bool add_tenant;
};

static int fill_fn(pc_txn *tx, void *ctx)
{
    struct fill *f = ctx;
    int rc = 0;
    if (f->add_tenant) {
        if ((rc = pc_store_add_tenant(tx, "bench", &f->tenant)) < 0 ||
            (rc = pc_store_add_api_key(tx, f->tenant, f->hash)) < 0)
            return rc;
    }
    for (uint64_t i = 0; rc == 0 && i < f->n; i++) {
        pc_sim_truth tr;
        pc_shipment s;
        if ((rc = pc_sim_shipment(f->sim, 3, f->first + i, &tr, &s)) == 0) {
            s.tenant_id = f->tenant;
            s.promised_by = tr.promised_by;
            rc = pc_store_put_shipment(tx, &s, tr.end_at, NULL);
        }
        pc_shipment_done(&s);
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_api_fill STORE_DIR N PATHS\n");
        return 2;
    }
    uint64_t n = (uint64_t)bench_arg(argc, argv, 2, 0, 1, 100000000);
    uint64_t paths = (uint64_t)bench_arg(argc, argv, 3, 0, 1, 10000000);
    char err[512];
    pc_store_opts so = {.path = argv[1], .map_size = (size_t)1 << 30};
    pc_store *st;
    if (pc_store_open(&so, &st, err, sizeof(err)) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    pc_sim_config cfg;
    pc_sim_config_default(&cfg);
    pc_sim *sim;
    if (pc_sim_new(&cfg, &sim, err, sizeof(err)) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    char key[PC__API_KEY_LEN + 1];
    struct fill f = {.sim = sim, .add_tenant = true};
    if (pc__api_key_new(key, f.hash) < 0)
        return 1;
    double t0 = bench_now();
    for (uint64_t first = 0; first < n; first += BATCH) {
        f.first = first;
        f.n = n - first < BATCH ? n - first : BATCH;
        int rc = pc_store_write(st, fill_fn, &f);
        if (rc < 0) {
            fprintf(stderr, "store: %s\n", pc_strerror(rc));
            return 1;
        }
        f.add_tenant = false;
    }
    fprintf(stderr, "stored %llu shipments for tenant %u in %.1f s\n", (unsigned long long)n,
            f.tenant, bench_now() - t0);
    printf("%s\n", key);
    for (uint64_t k = 0; k < paths; k++) {
        pc_sim_truth tr;
        uint64_t i = (k * 7919) % n;
        if (pc_sim_shipment(sim, 3, i, &tr, NULL) == 0)
            printf("/v1/shipments/%s/%s\n", tr.carrier, tr.tracking_number);
    }
    pc_sim_free(sim);
    pc_store_close(st);
    return 0;
}
