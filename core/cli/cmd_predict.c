/* train, predict, eval: the ETA model from the command line. */
#include "cli.h"

#include <parcelcast/error.h>
#include <parcelcast/eval.h>
#include <parcelcast/predict.h>
#include <parcelcast/timeutil.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* "YYYY-MM-DD" (00:00 UTC) or an RFC 3339 time. */
static int parse_when(const char *s, int64_t *ret)
{
    pc_civil c = {0};
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &c.year, &c.month, &c.day, &tail) == 3) {
        if (!pc_civil_valid(&c))
            return PC_EINVAL;
        *ret = pc_civil_to_unix(&c);
        return 0;
    }
    return pc_time_parse_utc(s, ret) < 0 ? PC_EINVAL : 0;
}

static int parse_double(const char *s, double lo, double hi, double *ret)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi))
        return PC_EINVAL;
    *ret = v;
    return 0;
}

static void print_json(json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    if (text) {
        puts(text);
        free(text);
    }
}

static const char train_usage[] =
    "Usage: parcelcast train [options]\n"
    "Fit the ETA model on every delivered shipment in the store (GSL ridge regression on\n"
    "log-remaining-hours per carrier and service, with shared fallbacks; windows calibrated on\n"
    "a held-out quarter) and save it in the store, where `predict`, `serve` and the API find it.\n"
    "Prints the training size, time and held-out figures. See docs/model.md.\n\n"
    "      --before DATE   train only on shipments delivered before DATE (YYYY-MM-DD)\n"
    "      --ridge X       ridge strength relative to each feature's scale (default 0.001)\n"
    "      --threshold P   p_late at which a shipment is flagged at risk (default 0.5)\n"
    "      --dry-run       fit and print, do not save\n"
    "      --json          print the figures as JSON\n";

int cmd_train(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"before", required_argument, NULL, 'b'},
        {"ridge", required_argument, NULL, 'r'},
        {"threshold", required_argument, NULL, 't'},
        {"dry-run", no_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK, json = 0, dry = 0;
    int64_t before = PC_TIME_NONE;
    pc_train_opts to;
    memset(&to, 0, sizeof(to));
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, train_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'b' && parse_when(optarg, &before) < 0)
            return cli_usage_error(ctx, "--before: '%s' is not a date (YYYY-MM-DD)", optarg);
        if (opt == 'r' && parse_double(optarg, 1e-9, 1e6, &to.ridge) < 0)
            return cli_usage_error(ctx, "--ridge: '%s' is not a number in (0, 1e6]", optarg);
        if (opt == 't' && parse_double(optarg, 0.01, 0.99, &to.late_threshold) < 0)
            return cli_usage_error(ctx, "--threshold: '%s' is not a probability in [0.01, 0.99]",
                                   optarg);
        json |= opt == 'j';
        dry |= opt == 'n';
    }
    if (optind != argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    pc_store *st;
    if ((ex = cli_open_store(ctx, dry, &st)) != PC_EXIT_OK)
        return ex;
    pc_model *m = NULL;
    pc_train_stats ts;
    char err[512] = "";
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = pc_model_train_store(st, &to, before, &m, &ts, err, sizeof(err));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (rc == 0 && !dry)
        rc = pc_store_write(st, (int (*)(pc_txn *, void *))pc_model_store_put, m);
    if (rc < 0) {
        cli_error(ctx, "%s", *err ? err : pc_strerror(rc));
        ex = rc == PC_EINVAL ? PC_EXIT_DATAERR : cli_exit_for(rc);
        goto out;
    }
    if (json) {
        json_t *j =
            json_pack("{s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:b}", "shipments",
                      (json_int_t)ts.shipments, "skipped", (json_int_t)ts.skipped, "examples",
                      (json_int_t)ts.examples, "calibration_examples",
                      (json_int_t)ts.calib_examples, "carriers", (json_int_t)ts.carriers, "seconds",
                      wall, "fit_cpu_seconds", ts.seconds, "heldout_mae_h", ts.mae_hours,
                      "heldout_cov80", ts.cov80, "heldout_cov95", ts.cov95, "saved", !dry);
        if (j)
            print_json(j);
        json_decref(j);
    } else {
        printf("trained on %zu delivered shipments (%zu others skipped): %zu prediction "
               "points, %zu held out for calibration\n",
               ts.shipments, ts.skipped, ts.examples, ts.calib_examples);
        printf("carriers with a model of their own: %zu; time %.2f s\n", ts.carriers, wall);
        printf("held out (continuous windows): MAE %.1f h, 80%% coverage %.1f%%, 95%% coverage "
               "%.1f%%\n",
               ts.mae_hours, 100 * ts.cov80, 100 * ts.cov95);
        printf(dry ? "dry run: not saved\n" : "saved in %s\n", ctx->cfg.store_path);
    }
out:
    pc_model_free(m);
    pc_store_close(st);
    return ex;
}

static const char predict_usage[] =
    "Usage: parcelcast predict [options] CARRIER NUMBER\n"
    "Predict the delivery of a stored shipment with the trained model (priors when none was\n"
    "trained): point ETA, 80% and 95% hour-level windows, p_late against the promise, at-risk\n"
    "flags and the top reasons in words. Exit 1 if the shipment is not in the store.\n\n"
    "      --at TIME       predict as of TIME (RFC 3339 or YYYY-MM-DD; default now): events\n"
    "                      after it are ignored\n"
    "      --json          print the ETA object as the API returns it\n";

static void print_local(const char *label, int64_t a, int64_t b, int off)
{
    char s1[40], s2[40];
    pc_civil c;
    pc_unix_to_civil(a + (int64_t)off * 60, &c);
    snprintf(s1, sizeof(s1), "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour, c.minute);
    pc_unix_to_civil(b + (int64_t)off * 60, &c);
    snprintf(s2, sizeof(s2), "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour, c.minute);
    printf("%-12s %s .. %s (%.0f h)\n", label, s1, s2, (double)(b - a) / 3600.0);
}

int cmd_predict(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"at", required_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK, json = 0;
    int64_t at = (int64_t)time(NULL);
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, predict_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'a' && parse_when(optarg, &at) < 0)
            return cli_usage_error(ctx, "--at: '%s' is not a time (RFC 3339 or YYYY-MM-DD)",
                                   optarg);
        json |= opt == 'j';
    }
    if (argc - optind != 2)
        return cli_usage_error(ctx, "expected CARRIER NUMBER");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    pc_store *st;
    if ((ex = cli_open_store(ctx, true, &st)) != PC_EXIT_OK)
        return ex;
    pc_model *m = NULL;
    pc_shipment s;
    pc_shipment_init(&s);
    pc_txn *tx;
    bool trained = true;
    int rc = pc_store_read_begin(st, &tx);
    if (rc == 0) {
        rc = pc_model_store_get(tx, &m);
        if (rc == PC_ENOTFOUND) {
            trained = false;
            rc = pc_model_prior(&m);
        }
        if (rc == 0)
            rc = pc_store_get_shipment(tx, argv[optind], argv[optind + 1], &s, NULL);
        pc_store_read_end(tx);
    }
    pc_eta e;
    if (rc == 0)
        rc = pc_model_predict(m, &s, at, &e);
    if (rc == PC_ENOTFOUND) {
        cli_error(ctx, "no shipment %s %s in %s", argv[optind], argv[optind + 1],
                  ctx->cfg.store_path);
        ex = PC_EXIT_FAIL;
        goto out;
    }
    if (rc < 0) {
        cli_error(ctx, "%s", pc_strerror(rc));
        ex = cli_exit_for(rc);
        goto out;
    }
    if (json) {
        json_t *j = pc_eta_to_json(&e);
        if (j)
            print_json(j);
        json_decref(j);
        goto out;
    }
    int off = 0;
    for (size_t i = 0; i < s.n_events; i++)
        if (s.events[i].time <= at && s.events[i].utc_offset != PC_OFFSET_NONE)
            off = s.events[i].utc_offset;
    char buf[40], ob[16];
    printf("%s %s: %s%s\n", s.carrier, s.tracking_number, pc_status_name(s.status),
           trained ? "" : " (no trained model: priors)");
    print_local("ETA", e.time, e.time, off);
    print_local("80% window", e.w80_start, e.w80_end, off);
    print_local("95% window", e.w95_start, e.w95_end, off);
    printf("(local times at UTC%s; ETA %s)\n", pc_offset_format(off, ob, sizeof(ob)),
           pc_time_format(e.time, buf, sizeof(buf)));
    if (e.p_late >= 0)
        printf("p_late       %.2f\n", e.p_late);
    else
        printf("p_late       - (no promise)\n");
    printf("at risk      %s\n", e.at_risk ? "yes" : "no");
    for (int i = 0; i < e.n_reasons; i++)
        printf("  - %s\n", e.reasons[i]);
out:
    pc_shipment_done(&s);
    pc_model_free(m);
    pc_store_close(st);
    return ex;
}

static const char eval_usage[] =
    "Usage: parcelcast eval --split DATE [options]\n"
    "Evaluate predictions on the store's delivered shipments: train on those delivered before\n"
    "DATE, test on those handed to the carrier from DATE on, beside baselines (the promise or\n"
    "carrier EDD, the global median, the lane median). Metrics: MAE, median absolute error,\n"
    "80%/95% window coverage and mean width (hours), interval score, and delay detection\n"
    "(precision, recall, median warning lead before the promise) over p_late thresholds.\n\n"
    "      --split DATE         YYYY-MM-DD (required)\n"
    "      --at POINT           handoff (default) | scan (every event) | delivery-day\n"
    "      --walk-forward DAYS  retrain every DAYS days on everything delivered before\n"
    "      --threshold P        p_late of the at-risk flag (default 0.5)\n"
    "      --json               print the results as JSON\n";

int cmd_eval(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"split", required_argument, NULL, 's'},
        {"at", required_argument, NULL, 'a'},
        {"walk-forward", required_argument, NULL, 'w'},
        {"threshold", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK, json = 0;
    pc_eval_opts o;
    memset(&o, 0, sizeof(o));
    o.split = PC_TIME_NONE;
    double wd;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, eval_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 's' && parse_when(optarg, &o.split) < 0)
            return cli_usage_error(ctx, "--split: '%s' is not a date (YYYY-MM-DD)", optarg);
        if (opt == 'a' && pc_eval_at_parse(optarg, &o.at) < 0)
            return cli_usage_error(ctx, "--at: '%s' is not handoff, scan or delivery-day", optarg);
        if (opt == 'w') {
            if (parse_double(optarg, 1, 3650, &wd) < 0)
                return cli_usage_error(ctx, "--walk-forward: '%s' is not a number of days", optarg);
            o.walk_days = (int)wd;
        }
        if (opt == 't' && parse_double(optarg, 0.01, 0.99, &o.train.late_threshold) < 0)
            return cli_usage_error(ctx, "--threshold: '%s' is not a probability in [0.01, 0.99]",
                                   optarg);
        json |= opt == 'j';
    }
    if (optind != argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    if (o.split == PC_TIME_NONE)
        return cli_usage_error(ctx, "--split DATE is required");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    pc_store *st;
    if ((ex = cli_open_store(ctx, true, &st)) != PC_EXIT_OK)
        return ex;
    json_t *r = NULL;
    char err[512] = "";
    int rc = pc_eval_run(st, &o, &r, err, sizeof(err));
    if (rc < 0) {
        cli_error(ctx, "%s", *err ? err : pc_strerror(rc));
        ex = rc == PC_EINVAL ? PC_EXIT_DATAERR : cli_exit_for(rc);
    } else if (json) {
        print_json(r);
    } else {
        pc_eval_print(stdout, r);
    }
    json_decref(r);
    pc_store_close(st);
    return ex;
}
