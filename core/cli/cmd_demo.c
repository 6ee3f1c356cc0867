/* serve --demo: a tenant, a carrier sandbox in the process on accelerated simulated time, a
 * trained model from simulated history, a few hundred live shipments registered for the tenant,
 * and the poller and predictor on the sandbox's clock -- so a newcomer sees live ETA windows,
 * at-risk shipments and (with notices) webhooks within a minute. */
#include "cli.h"

#include <parcelcast/error.h>
#include <parcelcast/log.h>
#include <parcelcast/predict.h>
#include <parcelcast/sandbox.h>
#include <parcelcast/sim.h>
#include <parcelcast/timeutil.h>

#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEMO_HISTORY 6000  /* simulated delivered shipments to train on */
#define DEMO_LIVE    300   /* live shipments in the sandbox, registered for the demo tenant */
#define DEMO_SPEED   600.0 /* simulated seconds per real second: a day in 2.4 minutes */

struct cli_demo {
    pc_sandbox *sb;
    double speed;
    char key[PC__API_KEY_LEN + 1];
};

int64_t cli_demo_clock(void *ctx)
{
    return pc_sandbox_time(((cli_demo *)ctx)->sb);
}

void cli_demo_sleep(void *ctx, int64_t seconds)
{
    const cli_demo *d = ctx;
    double real = (double)seconds / d->speed;
    if (real > 1.0)
        real = 1.0; /* may return early: the poller checks its stop flag */
    struct timespec ts = {(time_t)real, (long)((real - (double)(time_t)real) * 1e9)};
    nanosleep(&ts, NULL);
}

const char *cli_demo_key(const cli_demo *d)
{
    return d->key;
}

struct seed_ctx {
    cli_demo *d;
    const pc_sim *history;
    unsigned char key_hash[32];
    size_t stored;
};

/* One durable transaction: the tenant and its key, the simulated history (delivered before the
 * live window, with the carrier's estimates as they were known), the live shipments registered
 * for the tenant and due for polling. */
static int seed_fn(pc_txn *tx, void *arg)
{
    struct seed_ctx *c = arg;
    c->stored = 0; /* the callback runs again from scratch when the map grows */
    uint32_t tenant;
    int rc = pc_store_add_tenant(tx, "demo", &tenant);
    if (rc == 0)
        rc = pc_store_add_api_key(tx, tenant, c->key_hash);
    for (size_t i = 0; rc == 0 && i < DEMO_HISTORY; i++) {
        pc_sim_truth tr;
        pc_shipment s;
        pc_put_result r;
        if ((rc = pc_sim_shipment(c->history, 7, i, &tr, &s)) == 0) {
            s.promised_by = tr.promised_by;
            rc = pc_store_put_shipment(tx, &s, tr.end_at, &r);
            for (size_t k = 0; rc == 0 && k < tr.n_eta; k++)
                rc = pc_edd_note(tx, r.id, tr.eta[k].known_at, tr.eta[k].eta);
        }
        pc_shipment_done(&s);
    }
    int64_t now = pc_sandbox_time(c->d->sb);
    for (size_t i = 0; rc == 0 && i < pc_sandbox_count(c->d->sb); i++) {
        pc_sim_truth tr;
        if ((rc = pc_sandbox_truth(c->d->sb, i, &tr)) < 0)
            break;
        pc_shipment s;
        pc_shipment_init(&s);
        s.carrier = (char *)tr.carrier;
        s.tracking_number = tr.tracking_number;
        s.tenant_id = tenant;
        s.promised_by = tr.promised_by;
        pc_put_result r;
        rc = pc_store_put_shipment(tx, &s, now, &r);
        if (rc == 0)
            rc = pc_store_set_next_poll(tx, r.id, now);
        c->stored += rc == 0;
    }
    return rc;
}

int cli_demo_start(cli_ctx *ctx, pc_store *st, const pc_registry *reg, cli_demo **ret)
{
    char err[512];
    cli_demo *d = calloc(1, sizeof(*d));
    if (!d)
        return PC_EXIT_SOFTWARE;
    d->speed = DEMO_SPEED;
    pc_txn *tx;
    char *name = NULL;
    int rc = pc_store_read_begin(st, &tx);
    if (rc == 0) {
        rc = pc_store_get_tenant(tx, 1, &name);
        pc_store_read_end(tx);
    }
    free(name);
    if (rc == 0) {
        cli_error(ctx,
                  "--demo needs an empty store, and %s already has tenants: use another "
                  "--store DIR",
                  ctx->cfg.store_path);
        free(d);
        return PC_EXIT_USAGE;
    }
    /* live: shipments labelled over three days; start in the middle of them */
    pc_sim_config live;
    pc_sim_config_default(&live);
    if (pc_sim_config_set(&live, "sim.start", "2024-11-04", err, sizeof(err)) < 0 ||
        pc_sim_config_set(&live, "sim.days", "3", err, sizeof(err)) < 0) {
        cli_error(ctx, "demo model: %s", err);
        free(d);
        return PC_EXIT_SOFTWARE;
    }
    pc_civil mid = {2024, 11, 6, 9, 0, 0};
    pc_sandbox_opts so = {.registry = reg,
                          .sim_config = &live,
                          .seed = 11,
                          .shipments = DEMO_LIVE,
                          .speed = DEMO_SPEED,
                          .start = pc_civil_to_unix(&mid)};
    if (pc_sandbox_start(&so, &d->sb, err, sizeof(err)) < 0) {
        cli_error(ctx, "cannot start the demo sandbox: %s", err);
        free(d);
        return PC_EXIT_UNAVAILABLE;
    }
    if (pc_sandbox_configure(d->sb, reg, "demo", &ctx->cfg, err, sizeof(err)) < 0) {
        cli_error(ctx, "cannot point the carriers at the sandbox: %s", err);
        cli_demo_free(d);
        return PC_EXIT_SOFTWARE;
    }
    /* history: the two months before, same network */
    pc_sim_config hist;
    pc_sim_config_default(&hist);
    pc_sim *hsim = NULL;
    if (pc_sim_config_set(&hist, "sim.start", "2024-09-02", err, sizeof(err)) < 0 ||
        pc_sim_config_set(&hist, "sim.days", "55", err, sizeof(err)) < 0 ||
        pc_sim_new(&hist, &hsim, err, sizeof(err)) < 0) {
        cli_error(ctx, "demo history: %s", err);
        cli_demo_free(d);
        return PC_EXIT_SOFTWARE;
    }
    struct seed_ctx sc = {.d = d, .history = hsim};
    rc = pc__api_key_new(d->key, sc.key_hash);
    if (rc == 0)
        rc = pc_store_write(st, seed_fn, &sc);
    pc_sim_free(hsim);
    if (rc < 0) {
        cli_error(ctx, "cannot seed the demo store: %s", pc_strerror(rc));
        cli_demo_free(d);
        return cli_exit_for(rc);
    }
    char n[32];
    snprintf(n, sizeof(n), "%zu", sc.stored);
    pc_log(PC_LOG_INFO, "demo", "seeded", "tenant", "demo", "live_shipments", n, "history", "6000",
           NULL);
    *ret = d;
    return PC_EXIT_OK;
}

void cli_demo_free(cli_demo *d)
{
    if (!d)
        return;
    pc_sandbox_stop(d->sb);
    free(d);
}
