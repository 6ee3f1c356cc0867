#include "cli.h"
#include "sim_clock.h"

#include <parcelcast/detect.h>
#include <parcelcast/error.h>
#include <parcelcast/log.h>
#include <parcelcast/notify.h>
#include <parcelcast/plugins.h>
#include <parcelcast/poller.h>
#include <parcelcast/predictor.h>
#include <parcelcast/server.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char serve_usage[] =
    "Usage: parcelcast serve [options]\n"
    "Run the HTTP API on the embedded store until SIGINT or SIGTERM (then drain and exit 0).\n\n"
    "  --listen ADDR:PORT  same as --set listen.address=ADDR --set listen.port=PORT\n"
    "  --port PORT         same as --set listen.port=PORT (0 = any free port)\n"
    "  --demo              seed an empty store with a demo tenant (its key is printed), a\n"
    "                      carrier sandbox in this process on accelerated time (a simulated\n"
    "                      day in 2.4 minutes), a model trained on simulated history and 300\n"
    "                      live shipments tracked by the poller; prints curl lines to try\n"
    "  --sim-clock URL     run the poller, the predictor and the API on the simulated clock\n"
    "                      of a separate `parcelcast sandbox` at URL (read from its\n"
    "                      /_sandbox/clock, re-read every 2 s): the poll schedule,\n"
    "                      poll.interval, poll.max_interval and predict.tick count simulated\n"
    "                      seconds; notice delivery and its retries stay on real time\n";

/* The poller stored an answer that changed a tenant's shipment: the notices it causes go to the
 * outbox in the same transaction (at-least-once from there on). */
static int notices_on_change(void *ctx, pc_txn *tx, const pc_shipment *before,
                             const pc_shipment *after, int64_t now)
{
    pc_predictor *pred = ctx;
    if (after->tenant_id == 0)
        return 0;
    pc_eta eb, ea;
    bool have_b = pred && pc_predictor_eta(pred, before, now, &eb) == 0;
    bool have_a = pred && pc_predictor_eta(pred, after, now, &ea) == 0;
    pc_notice_kind kinds[PC_NOTICE__COUNT];
    size_t n = pc_notice_detect(before, after, have_b ? &eb : NULL, have_a ? &ea : NULL, kinds,
                                PC_NOTICE__COUNT);
    for (size_t i = 0; i < n; i++) {
        if (kinds[i] == PC_NOTICE_DELAYED)
            continue; /* the delay detector sends it when it raises the flag (notices_on_raise) */
        int rc = pc_notice_enqueue(tx, after->tenant_id, kinds[i], after, have_a ? &ea : NULL, now);
        if (rc == PC_ESTORE || rc == PC_EMAPFULL || rc == PC_ENOMEM)
            return rc; /* the commit is retried with the answer */
        if (rc < 0)
            pc_log(PC_LOG_WARN, "notify", "notice not queued", "kind",
                   pc_notice_kind_name(kinds[i]), "error", pc_strerror(rc), NULL);
    }
    return 0;
}

/* The delay detector flagged a shipment (p_late, stall or exception): `delayed`, with the new
 * window and the reason, in the transaction that records the flag. */
static int notices_on_raise(void *ctx, pc_txn *tx, const pc_shipment *s, const pc_eta *eta,
                            int64_t now)
{
    (void)ctx;
    if (s->tenant_id == 0)
        return 0;
    int rc = pc_notice_enqueue(tx, s->tenant_id, PC_NOTICE_DELAYED, s, eta, now);
    if (rc == PC_ESTORE || rc == PC_EMAPFULL || rc == PC_ENOMEM)
        return rc;
    if (rc < 0)
        pc_log(PC_LOG_WARN, "notify", "delayed notice not queued", "error", pc_strerror(rc), NULL);
    return 0;
}

static void nudge(void *ctx, size_t events)
{
    (void)events;
    if (ctx)
        pc_predictor_nudge(ctx);
}

int cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"port", required_argument, NULL, 'p'},
        {"demo", no_argument, NULL, 'd'},
        {"sim-clock", required_argument, NULL, 'c'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK;
    bool demo_on = false;
    const char *sim_clock_url = NULL;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, serve_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        demo_on |= opt == 'd';
        if (opt == 'c')
            sim_clock_url = optarg;
        if (opt == 'p') {
            char buf[300];
            snprintf(buf, sizeof(buf), "listen.port=%s", optarg);
            if (cli_common_option(ctx, OPT_SET, buf) < 0)
                return PC_EXIT_USAGE;
        } else if (opt == 'l') {
            const char *colon = strrchr(optarg, ':');
            if (!colon)
                return cli_usage_error(ctx, "--listen expects ADDR:PORT, got '%s'", optarg);
            char buf[300];
            snprintf(buf, sizeof(buf), "listen.address=%.*s", (int)(colon - optarg), optarg);
            if (cli_common_option(ctx, OPT_SET, buf) < 0)
                return PC_EXIT_USAGE;
            snprintf(buf, sizeof(buf), "listen.port=%s", colon + 1);
            if (cli_common_option(ctx, OPT_SET, buf) < 0)
                return PC_EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    if (demo_on && sim_clock_url)
        return cli_usage_error(ctx, "--demo runs its own sandbox clock: it cannot be combined "
                                    "with --sim-clock");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;

    /* Block the stop signals before any thread starts so only sigwait() below sees them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    pc_store *st = NULL;
    pc_server *srv = NULL;
    if ((ex = cli_open_store(ctx, false, &st)) != PC_EXIT_OK)
        return ex;
    /* --sim-clock: a separate sandbox's simulated clock for the poller, predictor and API (its
     * re-sync thread starts after the stop signals are blocked, like every other thread) */
    cli_simclock *simclock = NULL;
    if (sim_clock_url && (ex = cli_simclock_start(ctx, sim_clock_url, &simclock)) != PC_EXIT_OK) {
        pc_store_close(st);
        return ex;
    }
    int64_t (*clock_fn)(void *) = demo_on ? cli_demo_clock : simclock ? cli_simclock_now : NULL;
    void (*sleep_fn)(void *, int64_t) = demo_on    ? cli_demo_sleep
                                        : simclock ? cli_simclock_sleep
                                                   : NULL;
    char err[512] = "";
    /* Adapters for carrier pushes (POST /v1/carrier-hooks/...); without them pushes get 404. */
    pc_registry *reg = NULL;
    if (pc_registry_new(&reg) < 0 || pc_registry_load_dir(reg, ctx->cfg.plugin_dir, NULL, NULL) < 0)
        pc_log(PC_LOG_WARN, "serve", "cannot read the plugin directory: carrier pushes are refused",
               "plugins", ctx->cfg.plugin_dir, NULL);
    /* Carrier detection for the merchant API (data.dir/detect.rules); without the rules each
     * adapter's own detect function is asked. */
    pc_detect_rules *rules = NULL;
    char rules_path[4200], *rules_err = NULL;
    snprintf(rules_path, sizeof(rules_path), "%s/detect.rules", ctx->cfg.data_dir);
    if (pc_detect_rules_load(rules_path, &rules, &rules_err) < 0) {
        pc_log(PC_LOG_WARN, "serve", "cannot load detection rules: adapters detect alone", "path",
               rules_path, "error", rules_err ? rules_err : "", NULL);
        free(rules_err);
        rules = NULL;
    }
    /* --demo: seeded store, in-process sandbox on its own accelerated clock, poller on */
    cli_demo *demo = NULL;
    if (demo_on) {
        if ((ex = cli_demo_start(ctx, st, reg, &demo)) != PC_EXIT_OK) {
            pc_detect_rules_free(rules);
            pc_registry_free(reg);
            pc_store_close(st);
            return ex;
        }
        ctx->cfg.poll_enabled = 1;
    }
    /* The predictor: the model in use, retrained every predict.retrain hours, every active
     * shipment recomputed every predict.tick seconds and soon after the poller stores events. */
    pc_predictor *pred = NULL;
    pc_predictor_opts pro = {
        .store = st,
        .tick = demo       ? 5
                : simclock ? cli_simclock_real_seconds(simclock, ctx->cfg.predict_tick)
                           : ctx->cfg.predict_tick,
        .retrain_hours = ctx->cfg.predict_retrain,
        .clock = clock_fn,
        .clock_ctx = demo ? (void *)demo : (void *)simclock,
        .on_raise = notices_on_raise};
    if (pc_predictor_new(&pro, &pred, err, sizeof(err)) < 0 || pc_predictor_start(pred) < 0) {
        pc_log(PC_LOG_ERROR, "serve", "cannot start the predictor", "error", err, NULL);
        pc_predictor_free(pred);
        pred = NULL;
    }
    pc_server_opts so = {.address = ctx->cfg.listen_address,
                         .port = ctx->cfg.listen_port,
                         .threads = ctx->cfg.api_threads,
                         .max_body = ctx->cfg.api_max_body,
                         .timeout = ctx->cfg.api_timeout,
                         .view_cache = ctx->cfg.api_view_cache,
                         .store = st,
                         .registry = reg,
                         .config = &ctx->cfg,
                         .detect = rules,
                         .predictor = pred};
    int rc = pc_server_start(&so, &srv, err, sizeof(err));
    if (rc < 0) {
        cli_error(ctx, "%s", err);
        pc_detect_rules_free(rules);
        pc_registry_free(reg);
        pc_predictor_free(pred);
        cli_demo_free(demo);
        cli_simclock_free(simclock);
        pc_store_close(st);
        return rc == PC_EINVAL ? PC_EXIT_CONFIG : PC_EXIT_UNAVAILABLE;
    }
    char port[16], url[300];
    snprintf(port, sizeof(port), "%d", pc_server_port(srv));
    snprintf(url, sizeof(url), "http://%s:%d/", ctx->cfg.listen_address, pc_server_port(srv));
    pc_log(PC_LOG_INFO, "serve", "listening", "url", url, "address", ctx->cfg.listen_address,
           "port", port, "store", ctx->cfg.store_path, NULL);
    /* poll.enabled: the poller runs beside the API on the same store (see poller.h). */
    pc_poller *poller = NULL;
    if (ctx->cfg.poll_enabled && reg) {
        pc_poller_opts po = {.store = st,
                             .registry = reg,
                             .config = &ctx->cfg,
                             .limits = {ctx->cfg.parse_max_body, ctx->cfg.parse_max_events,
                                        ctx->cfg.parse_max_string, 10000},
                             .on_events = nudge,
                             .events_ctx = pred,
                             .on_change = notices_on_change,
                             .change_ctx = pred,
                             .clock = clock_fn,
                             .sleep = sleep_fn,
                             .clock_ctx = demo ? (void *)demo : (void *)simclock};
        if (pc_poller_new(&po, &poller, err, sizeof(err)) < 0 ||
            pc_poller_start(poller, ctx->cfg.poll_interval) < 0) {
            pc_log(PC_LOG_ERROR, "serve", "cannot start the poller", "error", err, NULL);
            pc_poller_free(poller);
            poller = NULL;
        } else {
            pc_log(PC_LOG_INFO, "serve", "poller started", NULL);
            pc_server_set_poller(srv, poller);
        }
    }
    /* notify.enabled: the notifier delivers the outbox (webhooks, e-mail) beside the API */
    pc_notifier *notifier = NULL;
    if (ctx->cfg.notify_enabled || demo) {
        pc_notifier_opts no = {.store = st,
                               .config = &ctx->cfg,
                               .backoff_base = ctx->cfg.notify_retry_base,
                               .clock = demo ? cli_demo_clock : NULL,
                               .sleep = demo ? cli_demo_sleep : NULL,
                               .clock_ctx = demo};
        if (pc_notifier_new(&no, &notifier, err, sizeof(err)) < 0 ||
            pc_notifier_start(notifier, 1) < 0) {
            pc_log(PC_LOG_ERROR, "serve", "cannot start the notifier", "error", err, NULL);
            pc_notifier_free(notifier);
            notifier = NULL;
        } else {
            pc_log(PC_LOG_INFO, "serve", "notifier started", NULL);
        }
    }
    if (demo) {
        const char *key = cli_demo_key(demo);
        fprintf(
            stderr,
            "\nparcelcast demo: tenant \"demo\", API key %s\n"
            "300 simulated shipments are tracked against an in-process carrier sandbox; a\n"
            "simulated day passes every 2.4 minutes. Try:\n"
            "  curl -s -H 'Authorization: Bearer %s' '%sv1/shipments?limit=3'\n"
            "  curl -s -H 'Authorization: Bearer %s' '%sv1/shipments?at_risk=true&limit=5'\n"
            "Notices (signed webhooks) go to any URL you subscribe, e.g.:\n"
            "  curl -s -H 'Authorization: Bearer %s' -d '{\"url\":\"http://127.0.0.1:9000/hook\"}' "
            "'%sv1/webhooks'\n"
            "Metrics: curl -s %smetrics\n\n",
            key, key, url, key, url, key, url, url);
    }
    fflush(stderr);

    int sig = 0;
    sigwait(&stop, &sig);
    pc_log(PC_LOG_INFO, "serve", "stopping", "signal", sig == SIGTERM ? "SIGTERM" : "SIGINT", NULL);
    pc_server_stop(srv); /* first: handlers use the poller (metrics) and the predictor */
    pc_poller_free(poller);
    pc_notifier_free(notifier); /* a delivery in flight finishes; the rest waits in the outbox */
    pc_predictor_free(pred);
    cli_demo_free(demo);
    cli_simclock_free(simclock);
    pc_detect_rules_free(rules);
    pc_registry_free(reg);
    pc_store_close(st);
    pc_log(PC_LOG_INFO, "serve", "stopped", NULL);
    return PC_EXIT_OK;
}
