/* simulate --into-store: whole simulated histories, with the merchant's promise, written
 * straight into the store (the material for train / eval on the simulator). */
#include "cli.h"

#include <parcelcast/error.h>
#include <parcelcast/predict.h>
#include <parcelcast/sim.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 1000

struct batch {
    pc_shipment s[BATCH];
    int64_t at[BATCH];
    pc_sim_eta eta[BATCH][PC_SIM_MAX_ETA]; /* the carrier's estimates as they were known */
    size_t n_eta[BATCH];
    size_t n;
};

static int put_batch(pc_txn *tx, void *ctx)
{
    struct batch *b = ctx;
    for (size_t i = 0; i < b->n; i++) {
        pc_put_result r;
        int rc = pc_store_put_shipment(tx, &b->s[i], b->at[i], &r);
        for (size_t k = 0; rc == 0 && k < b->n_eta[i]; k++)
            rc = pc_edd_note(tx, r.id, b->eta[i][k].known_at, b->eta[i][k].eta);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int cli_simulate_into_store(cli_ctx *ctx, const pc_sim *sim, uint64_t seed, uint64_t first,
                            uint64_t n, pc_sim_stats *ret_stats)
{
    pc_store *st;
    int ex = cli_open_store(ctx, false, &st);
    if (ex != PC_EXIT_OK)
        return ex;
    struct batch *b = calloc(1, sizeof(*b));
    int rc = b ? 0 : PC_ENOMEM;
    char order[48];
    for (uint64_t i = 0; rc == 0 && i < n; i++) {
        pc_sim_truth tr;
        pc_shipment *s = &b->s[b->n];
        if ((rc = pc_sim_shipment(sim, seed, first + i, &tr, s)) < 0) {
            pc_shipment_done(s);
            break;
        }
        pc_sim_stats_add(ret_stats, &tr);
        s->promised_by = tr.promised_by;
        snprintf(order, sizeof(order), "sim-%llu", (unsigned long long)(first + i));
        if (pc_set_str(&s->order_id, order, (size_t)-1) < 0)
            rc = PC_ENOMEM;
        memcpy(b->eta[b->n], tr.eta, tr.n_eta * sizeof(tr.eta[0]));
        b->n_eta[b->n] = tr.n_eta;
        b->at[b->n++] = tr.end_at;
        if (b->n == BATCH || i + 1 == n) {
            if (rc == 0)
                rc = pc_store_write(st, put_batch, b);
            for (size_t k = 0; k < b->n; k++)
                pc_shipment_done(&b->s[k]);
            b->n = 0;
        }
    }
    if (b)
        for (size_t k = 0; k < b->n; k++)
            pc_shipment_done(&b->s[k]);
    free(b);
    pc_store_close(st);
    if (rc < 0) {
        cli_error(ctx, "writing simulated shipments into %s: %s", ctx->cfg.store_path,
                  pc_strerror(rc));
        return cli_exit_for(rc);
    }
    return PC_EXIT_OK;
}
