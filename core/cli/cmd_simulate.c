/* simulate: simulated carrier feeds and their ground truth (docs/simulator.md). */
#include "cli.h"

#include <parcelcast/error.h>
#include <parcelcast/json.h>
#include <parcelcast/plugins.h>
#include <parcelcast/sim.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char simulate_usage[] =
    "Usage: parcelcast simulate --shipments N --out DIR [options]\n"
    "Simulate N shipments with the parcel-network model and write DIR/truth.ndjson (one line of\n"
    "ground truth per shipment) and, unless --truth-only, each shipment's tracking history as\n"
    "its carrier returns it at K moments of its life:\n"
    "    DIR/<carrier>/<shard>/<number>.<k>.<json|xml>   (<shard>: the number's last 2 digits)\n"
    "Carriers whose adapter cannot render bodies yet get normalized JSON instead\n"
    "(<number>.<k>.normalized.json). Shipments are generated one at a time (memory does not\n"
    "grow with N) and the same options always give the same bytes. Existing files are\n"
    "overwritten. See docs/simulator.md for the model and its parameters.\n\n"
    "  -n, --shipments N      number of shipments (required)\n"
    "  -s, --seed S           seed, 0 .. 2^64-1 (default 1)\n"
    "  -o, --out DIR          output directory (created if missing)\n"
    "      --first I          index of the first shipment (default 0), to split a run\n"
    "      --sim-config FILE  model parameters (default: <data.dir>/sim.conf when present,\n"
    "                         else the built-in defaults)\n"
    "      --param KEY=VALUE  override one model parameter, e.g. disrupt.lost=0.01 (repeatable)\n"
    "      --start DATE       first label day, YYYY-MM-DD (sim.start)\n"
    "      --days D           days over which labels are spread (sim.days)\n"
    "  -k, --snapshots K      moments per shipment, 1-100 (default 1: the final state)\n"
    "      --truth-only       write truth.ndjson only\n"
    "      --print-config     print the effective model parameters and exit\n"
    "      --quiet            no progress line\n"
    "      --into-store       instead of files, write each whole history with the merchant's\n"
    "                         promise into the store (material for train and eval)\n";

enum {
    OPT_FIRST = 2000,
    OPT_SIM_CONFIG,
    OPT_PARAM,
    OPT_START,
    OPT_DAYS,
    OPT_TRUTH_ONLY,
    OPT_PRINT_CONFIG,
    OPT_QUIET,
    OPT_INTO_STORE,
};

#define MAX_PARAMS    256
#define MAX_SNAPSHOTS 100
#define SHARDS        100

typedef struct sim_run {
    cli_ctx *ctx;
    const char *out_dir;
    unsigned snapshots;
    bool truth_only;
    const pc_adapter *adapter[PC_SIM_CARRIERS];
    bool warned[PC_SIM_CARRIERS];
    bool dir_made[PC_SIM_CARRIERS][SHARDS + 1]; /* [c][SHARDS]: the carrier's own directory */
    size_t rendered, normalized, render_errors;
} sim_run;

static int parse_u64(const char *s, uint64_t max, uint64_t *ret)
{
    char *end;
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *ret = (uint64_t)v;
    return 0;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        errno = ENOTDIR;
    }
    return -1;
}

/* The last two decimal digits of a tracking number pick its shard directory. */
static unsigned shard_of(const char *number)
{
    unsigned v = 0, got = 0, mul = 1;
    for (size_t i = strlen(number); i > 0 && got < 2; i--) {
        char ch = number[i - 1];
        if (ch >= '0' && ch <= '9') {
            v += (unsigned)(ch - '0') * mul;
            mul *= 10;
            got++;
        }
    }
    return v % SHARDS;
}

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return PC_EIO;
    bool bad = fwrite(data, 1, len, f) != len;
    bad |= fclose(f) != 0;
    return bad ? PC_EIO : 0;
}

/* Write moment k of a shipment: the adapter's rendering, else normalized JSON. */
static int write_body(sim_run *run, const pc_sim_truth *tr, const pc_shipment *snap, unsigned k)
{
    cli_ctx *ctx = run->ctx;
    size_t c = tr->carrier_index;
    unsigned shard = shard_of(tr->tracking_number);
    char path[4096];
    int w, rc;

    if (!run->dir_made[c][SHARDS]) {
        w = snprintf(path, sizeof(path), "%s/%s", run->out_dir, tr->carrier);
        if (w < 0 || (size_t)w >= sizeof(path) || make_dir(path) < 0) {
            cli_error(ctx, "cannot create %s: %s", path, strerror(errno));
            return PC_EIO;
        }
        run->dir_made[c][SHARDS] = true;
    }
    if (!run->dir_made[c][shard]) {
        w = snprintf(path, sizeof(path), "%s/%s/%02u", run->out_dir, tr->carrier, shard);
        if (w < 0 || (size_t)w >= sizeof(path) || make_dir(path) < 0) {
            cli_error(ctx, "cannot create %s: %s", path, strerror(errno));
            return PC_EIO;
        }
        run->dir_made[c][shard] = true;
    }

    const pc_adapter *a = run->adapter[c];
    if (a && a->render) {
        char *body = NULL;
        size_t len = 0;
        int status = 0;
        rc = a->render(snap, 1, NULL, 0, PC_FORMAT_AUTO, &body, &len, &status);
        if (rc == 0 && body) {
            size_t i = 0;
            while (i < len &&
                   (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
                i++;
            const char *ext = i < len && body[i] == '<' ? "xml" : "json";
            w = snprintf(path, sizeof(path), "%s/%s/%02u/%s.%u.%s", run->out_dir, tr->carrier,
                         shard, tr->tracking_number, k, ext);
            rc = w < 0 || (size_t)w >= sizeof(path) ? PC_EIO : write_file(path, body, len);
            free(body);
            if (rc < 0) {
                cli_error(ctx, "cannot write %s: %s", path, strerror(errno));
                return rc;
            }
            run->rendered++;
            return 0;
        }
        free(body);
        if (run->render_errors++ == 0)
            cli_error(ctx, "%s: render failed for %s (%s); writing normalized JSON instead",
                      tr->carrier, tr->tracking_number, pc_strerror(rc));
    } else if (!run->warned[c]) {
        run->warned[c] = true;
        if (a)
            cli_error(ctx,
                      "%s: the adapter cannot render bodies yet; writing normalized JSON "
                      "(*.normalized.json)",
                      tr->carrier);
        else
            cli_error(ctx, "%s: no adapter in %s; writing normalized JSON (*.normalized.json)",
                      tr->carrier, ctx->cfg.plugin_dir);
    }

    json_t *j = pc_shipment_to_json(snap, 0);
    char *text = j ? pc_json_dumps(j, 0) : NULL;
    json_decref(j);
    if (!text)
        return PC_ENOMEM;
    w = snprintf(path, sizeof(path), "%s/%s/%02u/%s.%u.normalized.json", run->out_dir, tr->carrier,
                 shard, tr->tracking_number, k);
    size_t len = strlen(text);
    text[len] = '\n'; /* replaces the NUL: written by length */
    rc = w < 0 || (size_t)w >= sizeof(path) ? PC_EIO : write_file(path, text, len + 1);
    free(text);
    if (rc < 0) {
        cli_error(ctx, "cannot write %s: %s", path, strerror(errno));
        return rc;
    }
    run->normalized++;
    return 0;
}

static void pct(char *buf, size_t size, size_t part, size_t whole)
{
    if (whole == 0)
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%zu.%zu%%", part * 100 / whole, part * 1000 / whole % 10);
}

static void summary(const sim_run *run, const pc_sim_stats *st, uint64_t seed, uint64_t first,
                    double secs)
{
    char a[32], b[32], c[32];
    double rate = secs > 0 ? (double)st->shipments / secs : 0;
    fprintf(stderr,
            "simulated %zu shipments (seed %llu, indexes %llu..%llu) in %.1f s (%.0f/s) -> %s\n",
            st->shipments, (unsigned long long)seed, (unsigned long long)first,
            (unsigned long long)(first + (st->shipments ? st->shipments - 1 : 0)), secs, rate,
            run->out_dir);
    fputs("  carriers:", stderr);
    for (size_t i = 0; i < PC_SIM_CARRIERS; i++)
        fprintf(stderr, " %s=%zu", pc_sim_carrier_name(i), st->per_carrier[i]);
    fprintf(stderr, "\n  services: ground=%zu express=%zu economy=%zu; international=%zu\n",
            st->per_service[PC_SIM_GROUND], st->per_service[PC_SIM_EXPRESS],
            st->per_service[PC_SIM_ECONOMY], st->international);
    pct(a, sizeof(a), st->delivered, st->shipments);
    pct(b, sizeof(b), st->late, st->delivered);
    pct(c, sizeof(c), st->first_attempt_ok, st->delivered);
    fprintf(stderr,
            "  delivered=%zu (%s) late_vs_promise=%zu (%s of delivered) first_attempt=%s "
            "lost=%zu returned=%zu\n",
            st->delivered, a, st->late, b, c, st->lost, st->returned);
    fputs("  disruptions:", stderr);
    for (int k = 0; k < PC_SIM_D__COUNT; k++)
        fprintf(stderr, " %s=%zu", pc_sim_disruption_name((pc_sim_disruption_kind)k),
                st->disruptions[k]);
    fprintf(stderr, "\n  files: truth.ndjson=%zu lines", st->shipments);
    if (!run->truth_only)
        fprintf(stderr, ", bodies=%zu (rendered=%zu normalized_json=%zu render_errors=%zu)",
                run->rendered + run->normalized, run->rendered, run->normalized,
                run->render_errors);
    fputc('\n', stderr);
}

static double now_secs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_simulate(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"shipments", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},
        {"first", required_argument, NULL, OPT_FIRST},
        {"sim-config", required_argument, NULL, OPT_SIM_CONFIG},
        {"param", required_argument, NULL, OPT_PARAM},
        {"start", required_argument, NULL, OPT_START},
        {"days", required_argument, NULL, OPT_DAYS},
        {"snapshots", required_argument, NULL, 'k'},
        {"truth-only", no_argument, NULL, OPT_TRUTH_ONLY},
        {"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"into-store", no_argument, NULL, OPT_INTO_STORE},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const char *params[MAX_PARAMS];
    size_t n_params = 0;
    const char *sim_config = NULL, *start = NULL, *days = NULL;
    uint64_t n = 0, seed = 1, first = 0, snapshots = 1;
    bool have_n = false, print_config = false, quiet = false, into_store = false;
    sim_run run;
    int opt, ex = PC_EXIT_OK;

    memset(&run, 0, sizeof(run));
    run.ctx = ctx;
    while ((opt = cli_getopt(ctx, argc, argv, "hn:s:o:k:", longopts, simulate_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        switch (opt) {
        case 'n':
            if (parse_u64(optarg, UINT64_MAX / 2, &n) < 0)
                return cli_usage_error(ctx, "--shipments expects a count, got '%s'", optarg);
            have_n = true;
            break;
        case 's':
            if (parse_u64(optarg, UINT64_MAX, &seed) < 0)
                return cli_usage_error(ctx, "--seed expects 0 .. 2^64-1, got '%s'", optarg);
            break;
        case 'o':
            run.out_dir = optarg;
            break;
        case 'k':
            if (parse_u64(optarg, MAX_SNAPSHOTS, &snapshots) < 0 || snapshots < 1)
                return cli_usage_error(ctx, "--snapshots expects 1..%d, got '%s'", MAX_SNAPSHOTS,
                                       optarg);
            break;
        case OPT_FIRST:
            if (parse_u64(optarg, UINT64_MAX / 2, &first) < 0)
                return cli_usage_error(ctx, "--first expects an index, got '%s'", optarg);
            break;
        case OPT_SIM_CONFIG:
            sim_config = optarg;
            break;
        case OPT_PARAM:
            if (!strchr(optarg, '=') || optarg[0] == '=')
                return cli_usage_error(ctx, "--param expects KEY=VALUE, got '%s'", optarg);
            if (n_params == MAX_PARAMS)
                return cli_usage_error(ctx, "more than %d --param", MAX_PARAMS);
            params[n_params++] = optarg;
            break;
        case OPT_START:
            start = optarg;
            break;
        case OPT_DAYS:
            days = optarg;
            break;
        case OPT_TRUTH_ONLY:
            run.truth_only = true;
            break;
        case OPT_PRINT_CONFIG:
            print_config = true;
            break;
        case OPT_QUIET:
            quiet = true;
            break;
        case OPT_INTO_STORE:
            into_store = true;
            break;
        default:
            break;
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    if (!print_config && (!have_n || (!run.out_dir && !into_store)))
        return cli_usage_error(ctx, "--shipments N and --out DIR (or --into-store) are required");
    if (first > UINT64_MAX / 2 - n)
        return cli_usage_error(ctx, "--first + --shipments is too large");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;

    /* model parameters: built-in < file < --param < --start/--days */
    pc_sim_config scfg;
    char err[512], path[4096];
    if ((ex = cli_load_sim_config(ctx, sim_config, params, n_params, &scfg)) != PC_EXIT_OK)
        return ex;
    if ((start && pc_sim_config_set(&scfg, "sim.start", start, err, sizeof(err)) < 0) ||
        (days && pc_sim_config_set(&scfg, "sim.days", days, err, sizeof(err)) < 0))
        return cli_usage_error(ctx, "%s", err);
    if (pc_sim_config_check(&scfg, err, sizeof(err)) < 0) {
        cli_error(ctx, "%s", err);
        return PC_EXIT_CONFIG;
    }
    if (print_config) {
        if (pc_sim_config_write(&scfg, stdout) < 0 || fflush(stdout) != 0) {
            cli_error(ctx, "cannot write the parameters: %s", strerror(errno));
            return PC_EXIT_IOERR;
        }
        return PC_EXIT_OK;
    }

    pc_sim *sim = NULL;
    pc_registry *reg = NULL;
    FILE *truth = NULL;
    char *truth_buf = NULL;
    pc_sim_stats st;
    memset(&st, 0, sizeof(st));
    int rc = pc_sim_new(&scfg, &sim, err, sizeof(err));
    if (rc < 0) {
        cli_error(ctx, "cannot build the model: %s", err);
        ex = rc == PC_ECONFIG ? PC_EXIT_CONFIG : PC_EXIT_SOFTWARE;
        goto out;
    }
    if (into_store) {
        double t0 = now_secs();
        ex = cli_simulate_into_store(ctx, sim, seed, first, n, &st);
        if (ex == PC_EXIT_OK)
            fprintf(stderr,
                    "stored %llu simulated shipments (%llu delivered, %llu late) in %s in %.1f s\n",
                    (unsigned long long)n, (unsigned long long)st.delivered,
                    (unsigned long long)st.late, ctx->cfg.store_path, now_secs() - t0);
        goto out;
    }
    if (make_dir(run.out_dir) < 0) {
        cli_error(ctx, "cannot create %s: %s", run.out_dir, strerror(errno));
        ex = PC_EXIT_IOERR;
        goto out;
    }
    run.snapshots = (unsigned)snapshots;
    if (!run.truth_only) {
        if ((rc = pc_registry_new(&reg)) < 0) {
            cli_error(ctx, "%s", pc_strerror(rc));
            ex = PC_EXIT_SOFTWARE;
            goto out;
        }
        /* a missing plugin directory is not fatal: every carrier falls back to normalized JSON */
        (void)pc_registry_load_dir(reg, ctx->cfg.plugin_dir, NULL, NULL);
        for (size_t c = 0; c < PC_SIM_CARRIERS; c++)
            run.adapter[c] = pc_registry_find(reg, pc_sim_carrier_name(c));
    }
    int w = snprintf(path, sizeof(path), "%s/truth.ndjson", run.out_dir);
    if (w < 0 || (size_t)w >= sizeof(path) || !(truth = fopen(path, "w"))) {
        cli_error(ctx, "cannot write %s/truth.ndjson: %s", run.out_dir, strerror(errno));
        ex = PC_EXIT_IOERR;
        goto out;
    }
    truth_buf = malloc(1u << 20);
    if (truth_buf)
        setvbuf(truth, truth_buf, _IOFBF, 1u << 20);

    bool progress = !quiet && isatty(2);
    double t0 = now_secs(), last = t0;
    char line[PC_SIM_TRUTH_MAX];
    for (uint64_t i = 0; i < n; i++) {
        pc_sim_truth tr;
        pc_shipment full;
        size_t len;
        rc = pc_sim_shipment(sim, seed, first + i, &tr, run.truth_only ? NULL : &full);
        if (rc == 0)
            rc = pc_sim_truth_format(&tr, line, sizeof(line), &len);
        if (rc == 0 && fwrite(line, 1, len, truth) != len)
            rc = PC_EIO;
        for (unsigned k = 0; rc == 0 && !run.truth_only && k < run.snapshots; k++) {
            pc_shipment snap;
            rc = pc_sim_snapshot(&tr, &full, pc_sim_moment(&tr, k, run.snapshots), &snap);
            if (rc == 0)
                rc = write_body(&run, &tr, &snap, k);
            pc_shipment_done(&snap);
        }
        if (!run.truth_only)
            pc_shipment_done(&full);
        if (rc < 0) {
            if (rc == PC_EIO && errno)
                cli_error(ctx, "shipment %llu: %s", (unsigned long long)(first + i),
                          strerror(errno));
            else
                cli_error(ctx, "shipment %llu: %s", (unsigned long long)(first + i),
                          pc_strerror(rc));
            ex = cli_exit_for(rc);
            goto out;
        }
        pc_sim_stats_add(&st, &tr);
        if (progress && (i & 1023) == 0) {
            double t = now_secs();
            if (t - last >= 1.0) {
                last = t;
                fprintf(stderr, "\r%llu / %llu shipments", (unsigned long long)i,
                        (unsigned long long)n);
            }
        }
    }
    if (progress)
        fputc('\n', stderr);
    if (fflush(truth) != 0 || ferror(truth)) {
        cli_error(ctx, "cannot write %s/truth.ndjson: %s", run.out_dir, strerror(errno));
        ex = PC_EXIT_IOERR;
        goto out;
    }
    summary(&run, &st, seed, first, now_secs() - t0);
out:
    if (truth && fclose(truth) != 0 && ex == PC_EXIT_OK) {
        cli_error(ctx, "cannot write %s/truth.ndjson: %s", run.out_dir, strerror(errno));
        ex = PC_EXIT_IOERR;
    }
    free(truth_buf);
    pc_registry_free(reg);
    pc_sim_free(sim);
    return ex;
}
