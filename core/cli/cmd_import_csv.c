/* import csv: delivery histories from merchant CSV exports (docs/history-import.md). */
#include "cli.h"

#include <parcelcast/csv.h>
#include <parcelcast/error.h>
#include <parcelcast/ingest.h>

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char csv_usage[] =
    "Usage: parcelcast import csv --profile olist|scms|generic [options] FILE|-\n"
    "Load delivery histories (one row = one shipment with ORDERED / HANDOFF / DELIVERED\n"
    "milestones) from a merchant CSV export into the store, for `train` and `eval`. Rows that\n"
    "cannot be used are counted by reason. Running the same import again changes nothing.\n"
    "Exit 65 when rows other than empty ones were skipped (the rest is stored).\n\n"
    "  -p, --profile NAME  olist, scms or generic (default generic)\n"
    "      --map F=COL,... map fields to columns (id, carrier, service, ordered, handoff,\n"
    "                      delivered, promised, origin, destination, status); overrides the\n"
    "                      profile; repeatable\n"
    "      --carrier NAME  carrier when the file has no carrier column\n"
    "      --tz ZONE       IANA zone of the file's wall times (default: the profile's)\n"
    "      --batch N       events per transaction (default 10000)\n"
    "      --json          print the summary as one JSON object on stdout\n"
    "      --max-errors N  print at most N malformed-line messages (default 20)\n";

struct diag_ctx {
    const cli_ctx *ctx;
    const char *path;
    long shown, max;
};

static void on_diag(const pc_diag *d, void *arg)
{
    struct diag_ctx *dc = arg;
    if (dc->shown++ < dc->max)
        cli_error(dc->ctx, "%s: %s", dc->path, d->message);
    else if (dc->shown == dc->max + 1)
        cli_error(dc->ctx, "%s: more malformed lines (counted, not shown)", dc->path);
}

static void print_counts(const char *title, const pc_csv_count *c, size_t n)
{
    fprintf(stderr, "%s:", title);
    if (n == 0)
        fputs(" none", stderr);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s %s=%zu", i ? "," : "", c[i].key, c[i].count);
    fputc('\n', stderr);
}

static int print_json(const pc_csv_summary *s)
{
    json_t *o = json_object(), *sk = json_object(), *ph = json_object();
    int rc = -1;
    if (!o || !sk || !ph)
        goto out;
    for (size_t i = 0; i < s->n_skipped; i++)
        json_object_set_new(sk, s->skipped[i].key, json_integer((json_int_t)s->skipped[i].count));
    for (size_t i = 0; i < s->n_placeholders; i++)
        json_object_set_new(ph, s->placeholders[i].key,
                            json_integer((json_int_t)s->placeholders[i].count));
    json_object_set_new(o, "rows", json_integer((json_int_t)s->rows));
    json_object_set_new(o, "imported", json_integer((json_int_t)s->imported));
    json_object_set_new(o, "events", json_integer((json_int_t)s->events));
    json_object_set(o, "skipped", sk);
    json_object_set(o, "placeholders", ph);
    char *text = json_dumps(o, JSON_COMPACT);
    if (text) {
        puts(text);
        free(text);
        rc = 0;
    }
out:
    json_decref(o);
    json_decref(sk);
    json_decref(ph);
    return rc;
}

static void summary(const char *path, const pc_csv_summary *s, double secs)
{
    fprintf(stderr, "%s: %zu rows, %zu imported, %zu events parsed, %zu new, %zu batches, %.2f s\n",
            path, s->rows, s->imported, s->events_parsed, s->events, s->batches, secs);
    print_counts("skipped", s->skipped, s->n_skipped);
    print_counts("placeholders", s->placeholders, s->n_placeholders);
}

/* Append "a,b" to a growing --map list. */
static int add_map(char **maps, const char *arg)
{
    size_t old = *maps ? strlen(*maps) : 0, n = strlen(arg);
    char *p = realloc(*maps, old + n + 2);
    if (!p)
        return PC_ENOMEM;
    if (old)
        p[old++] = ',';
    memcpy(p + old, arg, n + 1);
    *maps = p;
    return 0;
}

int cmd_import_csv(cli_ctx *ctx, int argc, char **argv)
{
    enum { OPT_MAP = 1, OPT_TZ, OPT_JSON, OPT_BATCH, OPT_CARRIER, OPT_MAXERR };
    static const struct option longopts[] = {
        {"profile", required_argument, NULL, 'p'},
        {"map", required_argument, NULL, OPT_MAP},
        {"carrier", required_argument, NULL, OPT_CARRIER},
        {"tz", required_argument, NULL, OPT_TZ},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"json", no_argument, NULL, OPT_JSON},
        {"max-errors", required_argument, NULL, OPT_MAXERR},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK, json = 0;
    pc_csv_history_opts ho = {PC_CSV_PROFILE_GENERIC, NULL, NULL, NULL};
    char *maps = NULL;
    long batch = 10000, max_err = 20;
    pc_csv_history *h = NULL;
    pc_store *st = NULL;
    pc_importer *imp = NULL;
    FILE *f = NULL;
    char err[2048] = "";
    ctx->cmd = "import csv";
    while ((opt = cli_getopt(ctx, argc, argv, "hp:", longopts, csv_usage, &ex)) != -1) {
        if (opt == -2)
            goto out;
        char *end;
        if (opt == 'p') {
            if (pc_csv_profile_parse(optarg, &ho.profile) < 0) {
                ex = cli_usage_error(ctx, "unknown profile '%s' (olist, scms, generic)", optarg);
                goto out;
            }
        } else if (opt == OPT_MAP) {
            if (add_map(&maps, optarg) < 0) {
                ex = PC_EXIT_SOFTWARE;
                goto out;
            }
        } else if (opt == OPT_CARRIER) {
            ho.carrier = optarg;
        } else if (opt == OPT_TZ) {
            ho.tz = optarg;
        } else if (opt == OPT_JSON) {
            json = 1;
        } else if (opt == OPT_BATCH) {
            batch = strtol(optarg, &end, 10);
            if (*end || batch < 1 || batch > 10000000) {
                ex = cli_usage_error(ctx, "--batch must be 1..10000000");
                goto out;
            }
        } else if (opt == OPT_MAXERR) {
            max_err = strtol(optarg, &end, 10);
            if (*end || max_err < 0) {
                ex = cli_usage_error(ctx, "--max-errors must be a number >= 0");
                goto out;
            }
        }
    }
    if (optind >= argc || argc - optind != 1) {
        ex = cli_usage_error(ctx, "import csv reads one FILE (or -)");
        goto out;
    }
    ho.map = maps;
    int rc = pc_csv_history_new(&ho, &h, err, sizeof(err));
    if (rc < 0) {
        ex = rc == PC_ENOMEM ? PC_EXIT_SOFTWARE : cli_usage_error(ctx, "%s", err);
        goto out;
    }
    if (!pc_csv_history_maps(h, PC_CSV_FIELD_ID)) {
        ex = cli_usage_error(ctx, "--profile generic needs --map id=COLUMN");
        goto out;
    }
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        goto out;
    const char *path = argv[optind];
    f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error(ctx, "cannot read %s: %s", path, strerror(errno));
        ex = PC_EXIT_IOERR;
        goto out;
    }
    if ((ex = cli_open_store(ctx, false, &st)) != PC_EXIT_OK)
        goto out;
    if ((rc = pc_importer_new(st, (size_t)batch, (int64_t)time(NULL), &imp)) < 0) {
        ex = cli_exit_for(rc);
        goto out;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct diag_ctx dc = {ctx, path, 0, max_err};
    rc = pc_csv_import(h, f, imp, on_diag, &dc, err, sizeof(err));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    const pc_csv_summary *s = pc_csv_history_summary(h);
    if (rc < 0) {
        if (rc == PC_ENOTFOUND || rc == PC_EMALFORMED) {
            cli_error(ctx, "%s: %s", path, err);
            ex = PC_EXIT_DATAERR;
        } else {
            cli_error(ctx, "%s: import stopped: %s (batches committed so far are stored)", path,
                      err[0] ? err : pc_strerror(rc));
            summary(path, s, secs);
            ex = cli_exit_for(rc);
        }
        goto out;
    }
    summary(path, s, secs);
    if (json && print_json(s) < 0) {
        ex = PC_EXIT_SOFTWARE;
        goto out;
    }
    ex = pc_csv_summary_skipped(s, false) ? PC_EXIT_DATAERR : PC_EXIT_OK;
out:
    if (imp && pc_importer_free(imp) < 0 && ex == PC_EXIT_OK)
        ex = PC_EXIT_IOERR;
    pc_store_close(st);
    if (f && f != stdin)
        fclose(f);
    pc_csv_history_free(h);
    free(maps);
    return ex;
}
