/* track, poll: register shipments to poll and run the poller (include/parcelcast/poller.h). */
#include "cli.h"

#include <parcelcast/error.h>
#include <parcelcast/log.h>
#include <parcelcast/plugins.h>
#include <parcelcast/poller.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int load_registry(cli_ctx *ctx, pc_registry **ret)
{
    *ret = NULL;
    if (pc_registry_new(ret) < 0 ||
        pc_registry_load_dir(*ret, ctx->cfg.plugin_dir, NULL, NULL) < 0) {
        cli_error(ctx, "cannot read plugin directory %s", ctx->cfg.plugin_dir);
        pc_registry_free(*ret);
        *ret = NULL;
        return PC_EXIT_IOERR;
    }
    return PC_EXIT_OK;
}

/* ---- track ---------------------------------------------------------------------------------- */

typedef struct track_item {
    char *carrier;
    char *number;
} track_item;

typedef struct track_ctx {
    track_item *items;
    size_t n, cap;
    int64_t now;
    size_t created; /* rewritten by every run of the write callback */
} track_ctx;

static int track_add(track_ctx *t, const char *carrier, size_t clen, const char *number,
                     size_t nlen)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        track_item *v = realloc(t->items, cap * sizeof(*v));
        if (!v)
            return PC_ENOMEM;
        t->items = v;
        t->cap = cap;
    }
    track_item *it = &t->items[t->n];
    it->carrier = strndup(carrier, clen);
    it->number = strndup(number, nlen);
    if (!it->carrier || !it->number) {
        free(it->carrier);
        free(it->number);
        return PC_ENOMEM;
    }
    t->n++;
    return 0;
}

static int track_write(pc_txn *tx, void *ctx)
{
    track_ctx *t = ctx;
    t->created = 0;
    for (size_t i = 0; i < t->n; i++) {
        pc_shipment s;
        pc_shipment_init(&s);
        s.carrier = t->items[i].carrier;
        s.tracking_number = t->items[i].number;
        pc_put_result pr;
        /* No events: a new shipment is pending and due now (the store schedules it). */
        int rc = pc_store_put_shipment(tx, &s, t->now, &pr);
        if (rc < 0)
            return rc;
        if (pr.created)
            t->created++;
        else if (!pc_status_is_final(pr.new_status) &&
                 (rc = pc_store_set_next_poll(tx, pr.id, t->now)) < 0)
            return rc;
    }
    return 0;
}

static int read_track_file(cli_ctx *ctx, const char *path, track_ctx *t)
{
    char *text = NULL;
    size_t len = 0;
    int rc = cli_read_file(path, (size_t)1 << 30, &text, &len);
    if (rc < 0) {
        cli_error(ctx, "%s: cannot read (%s)", path, pc_strerror(rc));
        return PC_EXIT_IOERR;
    }
    int ex = PC_EXIT_OK, line = 0;
    for (char *p = text; p < text + len && ex == PC_EXIT_OK;) {
        char *eol = memchr(p, '\n', (size_t)(text + len - p));
        char *end = eol ? eol : text + len;
        line++;
        char *a = p;
        while (a < end && (*a == ' ' || *a == '\t' || *a == '\r'))
            a++;
        char *ae = a;
        while (ae < end && *ae != ' ' && *ae != '\t' && *ae != '\r')
            ae++;
        char *b = ae;
        while (b < end && (*b == ' ' || *b == '\t'))
            b++;
        char *be = b;
        while (be < end && *be != ' ' && *be != '\t' && *be != '\r')
            be++;
        char *rest = be;
        while (rest < end && (*rest == ' ' || *rest == '\t' || *rest == '\r'))
            rest++;
        if (a == end || *a == '#') {
            /* blank or comment */
        } else if (b == be || rest != end) {
            cli_error(ctx, "%s:%d: expected \"carrier number\"", path, line);
            ex = PC_EXIT_DATAERR;
        } else if (track_add(t, a, (size_t)(ae - a), b, (size_t)(be - b)) < 0) {
            ex = PC_EXIT_SOFTWARE;
        }
        p = eol ? eol + 1 : text + len;
    }
    free(text);
    return ex;
}

static const char track_usage[] =
    "Usage: parcelcast track [options] --carrier NAME NUMBER... | --file FILE\n"
    "Register tracking numbers for polling: each is stored as a pending shipment due now\n"
    "(an existing, not yet final one is made due now). `parcelcast poll` then asks the carrier.\n\n"
    "  --carrier NAME      the carrier of the NUMBERs (see `parcelcast carriers`)\n"
    "  --file FILE         one \"carrier number\" per line (# comments); - for standard input\n";

int cmd_track(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"carrier", required_argument, NULL, 'c'},
        {"file", required_argument, NULL, 'f'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const char *carrier = NULL, *file = NULL;
    int opt, ex = PC_EXIT_OK;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, track_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'c')
            carrier = optarg;
        else if (opt == 'f')
            file = optarg;
    }
    if (!carrier && !file)
        return cli_usage_error(ctx, "give --carrier NAME NUMBER... or --file FILE");
    if (carrier && optind >= argc)
        return cli_usage_error(ctx, "--carrier %s: no NUMBER", carrier);
    if (!carrier && optind < argc)
        return cli_usage_error(ctx, "unexpected argument '%s' (numbers need --carrier)",
                               argv[optind]);
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;

    track_ctx t;
    memset(&t, 0, sizeof(t));
    t.now = (int64_t)time(NULL);
    pc_registry *reg = NULL;
    pc_store *st = NULL;
    for (int i = optind; i < argc && ex == PC_EXIT_OK; i++) {
        if (!argv[i][0]) {
            ex = cli_usage_error(ctx, "empty tracking number");
        } else if (track_add(&t, carrier, strlen(carrier), argv[i], strlen(argv[i])) < 0) {
            ex = PC_EXIT_SOFTWARE;
        }
    }
    if (ex == PC_EXIT_OK && file)
        ex = read_track_file(ctx, file, &t);
    if (ex == PC_EXIT_OK)
        ex = load_registry(ctx, &reg);
    for (size_t i = 0; ex == PC_EXIT_OK && i < t.n; i++) {
        const pc_adapter *a = pc_registry_find(reg, t.items[i].carrier);
        if (!a) {
            cli_error(ctx, "unknown carrier '%s' (see `parcelcast carriers`)", t.items[i].carrier);
            ex = PC_EXIT_USAGE;
        } else if (!(a->caps & PC_CAP_PULL)) {
            cli_error(ctx, "carrier '%s' cannot be polled", t.items[i].carrier);
            ex = PC_EXIT_USAGE;
        }
    }
    if (ex == PC_EXIT_OK && t.n == 0) {
        cli_error(ctx, "no tracking numbers given");
        ex = PC_EXIT_DATAERR;
    }
    if (ex == PC_EXIT_OK && (ex = cli_open_store(ctx, false, &st)) == PC_EXIT_OK) {
        int rc = pc_store_write(st, track_write, &t);
        if (rc < 0) {
            cli_error(ctx, "cannot store: %s", pc_strerror(rc));
            ex = cli_exit_for(rc);
        } else {
            printf("tracking %zu numbers (%zu new)\n", t.n, t.created);
        }
    }
    pc_store_close(st);
    pc_registry_free(reg);
    for (size_t i = 0; i < t.n; i++) {
        free(t.items[i].carrier);
        free(t.items[i].number);
    }
    free(t.items);
    return ex;
}

/* ---- poll ----------------------------------------------------------------------------------- */

static void print_stats(const pc_poller_stats *s)
{
    for (size_t i = 0; i < s->n_carriers; i++) {
        const pc_poller_carrier_stats *c = &s->carriers[i];
        printf("%s: requests=%llu numbers=%llu events=%llu events_per_request=%.2f "
               "delivered=%llu polls_per_delivered=%.2f expired=%llu retries=%llu gave_up=%llu "
               "token_requests=%llu",
               c->carrier, (unsigned long long)c->requests, (unsigned long long)c->numbers_polled,
               (unsigned long long)c->events_gained,
               c->requests ? (double)c->events_gained / (double)c->requests : 0.0,
               (unsigned long long)c->delivered,
               c->delivered ? (double)c->polls_of_delivered / (double)c->delivered : 0.0,
               (unsigned long long)c->expired, (unsigned long long)c->retries,
               (unsigned long long)c->gave_up, (unsigned long long)c->token_requests);
        for (int k = 0; k < PC_PE__COUNT; k++)
            if (c->errors[k])
                printf(" errors.%s=%llu", pc_poll_error_name((pc_poll_error_kind)k),
                       (unsigned long long)c->errors[k]);
        putchar('\n');
    }
    if (s->n_carriers == 0)
        puts("nothing was due");
}

static int due_cb(uint64_t id, int64_t due, void *ctx)
{
    (void)id;
    (void)due;
    (*(size_t *)ctx)++;
    return 1;
}

static int anything_due(pc_store *st, int64_t now, size_t *ret)
{
    pc_txn *tx;
    *ret = 0;
    int rc = pc_store_read_begin(st, &tx);
    if (rc < 0)
        return rc;
    rc = pc_store_scan_due(tx, now, due_cb, ret);
    pc_store_read_end(tx);
    return rc < 0 ? rc : 0;
}

static const char poll_usage[] =
    "Usage: parcelcast poll [options] [--once | --until-idle]\n"
    "Poll the configured carriers for due shipments (carrier.<name>.* and poll.* settings) and\n"
    "print a per-carrier summary. Without options: poll every poll.interval seconds until\n"
    "SIGINT/SIGTERM.\n\n"
    "  --once              one run: everything due now, then exit\n"
    "  --until-idle        runs until nothing is due any more, then exit\n";

int cmd_poll(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"once", no_argument, NULL, 'o'},
        {"until-idle", no_argument, NULL, 'u'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK, once = 0, idle = 0;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, poll_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'o')
            once = 1;
        else if (opt == 'u')
            idle = 1;
    }
    if (optind < argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    if (once && idle)
        return cli_usage_error(ctx, "--once and --until-idle exclude each other");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    if (!once && !idle)
        pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    pc_registry *reg = NULL;
    pc_store *st = NULL;
    pc_poller *p = NULL;
    if ((ex = load_registry(ctx, &reg)) != PC_EXIT_OK)
        goto out;
    if ((ex = cli_open_store(ctx, false, &st)) != PC_EXIT_OK)
        goto out;
    char err[512] = "";
    pc_poller_opts po = {.store = st,
                         .registry = reg,
                         .config = &ctx->cfg,
                         .limits = {ctx->cfg.parse_max_body, ctx->cfg.parse_max_events,
                                    ctx->cfg.parse_max_string, 10000}};
    int rc = pc_poller_new(&po, &p, err, sizeof(err));
    if (rc < 0) {
        cli_error(ctx, "%s", err[0] ? err : pc_strerror(rc));
        ex = cli_exit_for(rc);
        goto out;
    }
    pc_poller_stats total;
    if (once || idle) {
        for (int runs = 0;; runs++) {
            rc = pc_poller_run_once(p, PC_TIME_NONE, NULL);
            if (rc < 0) {
                cli_error(ctx, "poll run failed: %s", pc_strerror(rc));
                ex = cli_exit_for(rc);
                break;
            }
            pc_log(PC_LOG_INFO, "poll", "run done", NULL);
            size_t due = 0;
            if (once || (rc = anything_due(st, (int64_t)time(NULL), &due)) < 0 || due == 0 ||
                runs > 1000)
                break;
        }
    } else {
        if ((rc = pc_poller_start(p, ctx->cfg.poll_interval)) < 0) {
            cli_error(ctx, "cannot start the poller: %s", pc_strerror(rc));
            ex = cli_exit_for(rc);
            goto out;
        }
        pc_log(PC_LOG_INFO, "poll", "polling", NULL);
        int sig = 0;
        sigwait(&stop, &sig);
        pc_poller_stop(p);
    }
    pc_poller_stats_get(p, &total);
    print_stats(&total);
out:
    pc_poller_free(p);
    pc_store_close(st);
    pc_registry_free(reg);
    return ex;
}
