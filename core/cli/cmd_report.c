/* report: carrier-performance report over the delivered history (docs/reports.md). */
#include "cli.h"

#include <parcelcast/error.h>
#include <parcelcast/report.h>

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char report_usage[] =
    "Usage: parcelcast report [options]\n"
    "Carrier performance over the delivered history in the store: volume, on-time rates vs the\n"
    "promise and the carrier's EDD (each with its n), transit p10/p50/p90 (hours, business\n"
    "days), first-attempt delivery, exception and return rates by kind, facility dwell, and\n"
    "parcelcast's own ETA accuracy when a model is stored. See docs/reports.md.\n\n"
    "      --from DATE     first delivery day (YYYY-MM-DD, UTC; default: the beginning)\n"
    "      --to DATE       last delivery day, inclusive (default: the end)\n"
    "      --by WHAT       carrier (default), service, lane, week, country or meta:KEY\n"
    "                      (a metadata field, e.g. meta:vendor for SCMS imports)\n"
    "      --carrier NAME  only this carrier\n"
    "      --format FMT    json (default), csv or html (one self-contained page)\n"
    "      --out FILE      write to FILE instead of standard output\n"
    "      --small N       flag groups with fewer than N shipments (default 30)\n"
    "      --no-eta        skip replaying the stored ETA model (faster)\n"
    "      --eta-sample N  replay the ETA on a sample of about N shipments of the period\n"
    "                      (default 20000; 'all' for every one)\n";

enum { FMT_JSON, FMT_CSV, FMT_HTML };

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"by", required_argument, NULL, 'b'},
        {"carrier", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'F'},
        {"out", required_argument, NULL, 'o'},
        {"small", required_argument, NULL, 's'},
        {"no-eta", no_argument, NULL, 'E'},
        {"eta-sample", required_argument, NULL, 'S'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK, fmt = FMT_JSON;
    const char *out = NULL;
    pc_report_opts ro;
    memset(&ro, 0, sizeof(ro));
    ro.day_from = INT32_MIN;
    ro.day_to = INT32_MAX;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, report_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        switch (opt) {
        case 'f':
            if (pc_report_parse_day(optarg, &ro.day_from) < 0)
                return cli_usage_error(ctx, "--from: '%s' is not a date (YYYY-MM-DD)", optarg);
            break;
        case 't':
            if (pc_report_parse_day(optarg, &ro.day_to) < 0)
                return cli_usage_error(ctx, "--to: '%s' is not a date (YYYY-MM-DD)", optarg);
            break;
        case 'b':
            if (pc_report_by_parse(optarg, &ro.by, &ro.meta_key) < 0)
                return cli_usage_error(ctx,
                                       "--by: '%s' is not one of carrier, service, lane, week, "
                                       "country, meta:KEY",
                                       optarg);
            break;
        case 'c':
            ro.carrier = optarg;
            break;
        case 'F':
            if (strcmp(optarg, "json") == 0)
                fmt = FMT_JSON;
            else if (strcmp(optarg, "csv") == 0)
                fmt = FMT_CSV;
            else if (strcmp(optarg, "html") == 0)
                fmt = FMT_HTML;
            else
                return cli_usage_error(ctx, "--format: '%s' is not one of json, csv, html", optarg);
            break;
        case 'o':
            out = optarg;
            break;
        case 's': {
            char *end;
            errno = 0;
            unsigned long v = strtoul(optarg, &end, 10);
            if (end == optarg || *end || errno || v < 1 || v > 1000000)
                return cli_usage_error(ctx, "--small: '%s' is not a count in [1, 1000000]", optarg);
            ro.small_n = (unsigned)v;
            break;
        }
        case 'E':
            ro.no_eta = true;
            break;
        case 'S': {
            if (strcmp(optarg, "all") == 0) {
                ro.eta_sample = SIZE_MAX;
                break;
            }
            char *end;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (end == optarg || *end || errno || v < 1 || v > 100000000)
                return cli_usage_error(
                    ctx, "--eta-sample: '%s' is not a count in [1, 100000000] or 'all'", optarg);
            ro.eta_sample = (size_t)v;
            break;
        }
        default:
            break;
        }
    }
    if (optind != argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    if (ro.day_from > ro.day_to)
        return cli_usage_error(ctx, "--from is after --to");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    pc_store *st;
    if ((ex = cli_open_store(ctx, true, &st)) != PC_EXIT_OK)
        return ex;
    pc_txn *tx = NULL;
    pc_report *r = NULL;
    FILE *f = NULL;
    char err[512] = "";
    int rc = pc_store_read_begin(st, &tx);
    if (rc == 0)
        rc = pc_report_build(tx, &ro, &r, err, sizeof(err));
    if (tx)
        pc_store_read_end(tx);
    if (rc < 0) {
        cli_error(ctx, "%s", *err ? err : pc_strerror(rc));
        ex = cli_exit_for(rc);
        goto out;
    }
    if (pc_report_warning(r))
        fprintf(stderr, "report: warning: %s\n", pc_report_warning(r));
    f = out ? fopen(out, "wb") : stdout;
    if (!f) {
        cli_error(ctx, "%s: %s", out, strerror(errno));
        ex = PC_EXIT_IOERR;
        goto out;
    }
    if (fmt == FMT_JSON) {
        json_t *j = pc_report_to_json(r);
        /* one buffer, one write: json_dumpf writes token by token */
        char *text =
            j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;
        json_decref(j);
        if (!text)
            rc = PC_ENOMEM;
        else if (fputs(text, f) < 0 || fputc('\n', f) == EOF)
            rc = PC_EIO;
        free(text);
    } else if (fmt == FMT_CSV) {
        rc = pc_report_write_csv(r, f);
    } else {
        rc = pc_report_write_html(r, f);
    }
    if (fflush(f) != 0 || ferror(f))
        rc = PC_EIO;
    if (rc < 0) {
        cli_error(ctx, "writing %s: %s", out ? out : "standard output", pc_strerror(rc));
        ex = cli_exit_for(rc);
    } else if (out) {
        fprintf(stderr, "report: %zu delivered shipments, %zu returned -> %s\n",
                pc_report_count(r) - pc_report_returned(r), pc_report_returned(r), out);
    }
out:
    if (f && f != stdout && fclose(f) != 0 && ex == PC_EXIT_OK) {
        cli_error(ctx, "%s: %s", out, strerror(errno));
        ex = PC_EXIT_IOERR;
    }
    pc_report_free(r);
    pc_store_close(st);
    return ex;
}
