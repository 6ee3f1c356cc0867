/* import: carrier feed files or normalized NDJSON into the store. */
#include "cli.h"

#include <parcelcast/error.h>
#include <parcelcast/ingest.h>
#include <parcelcast/plugins.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char import_usage[] =
    "Usage: parcelcast import --carrier NAME [options] FILE...\n"
    "       parcelcast import --ndjson [options] FILE|-\n"
    "       parcelcast import csv --profile NAME [options] FILE   (see import csv --help)\n"
    "Store carrier tracking responses (one body per FILE, parsed by the NAME adapter) or\n"
    "normalized shipments (NDJSON, as `parcelcast export` writes). Commits in batches; running\n"
    "the same import again changes nothing, so an interrupted import is finished by rerunning\n"
    "it. Prints a summary; exit 65 when some input was malformed (the rest is stored).\n\n"
    "  -c, --carrier NAME  adapter for the feed files\n"
    "      --ndjson        read normalized shipments, one JSON object per line\n"
    "      --batch N       events per transaction (default 10000)\n"
    "      --quiet         no progress bar\n";

struct progress {
    int on;
    size_t total, done;
    time_t last;
};

static void progress_show(struct progress *p, const pc_import_stats *s, int final)
{
    if (!p->on)
        return;
    time_t now = time(NULL);
    if (!final && now == p->last)
        return;
    p->last = now;
    int pct = p->total ? (int)(100.0 * (double)p->done / (double)p->total) : 0;
    int bars = pct / 5;
    fprintf(stderr, "\r[%.*s%*s] %3d%%  %zu inputs, %zu events", bars, "####################",
            20 - bars, "", pct, s->inputs, s->events_seen);
    if (final)
        fputc('\n', stderr);
}

static void summary(const pc_import_stats *s, int ndjson)
{
    fprintf(stderr,
            "imported %zu %s (%zu bytes): %zu shipments (%zu new), %zu events parsed, %zu new, "
            "%zu batches\n",
            s->inputs, ndjson ? "lines" : "files", s->bytes, s->shipments, s->shipments_created,
            s->events_seen, s->events_added, s->batches);
    fprintf(stderr, "errors: malformed=%zu", s->malformed);
    for (int k = 0; k < PC_TE__COUNT; k++)
        fprintf(stderr, " %s=%zu", pc_track_error_name((pc_track_error_kind)k),
                s->carrier_errors[k]);
    fputc('\n', stderr);
}

static void report_bad(cli_ctx *ctx, const char *where, const pc_diag *d)
{
    if (d->line > 0)
        cli_error(ctx, "%s:%d:%d: %s", where, d->line, d->column, d->message);
    else if (d->offset != (size_t)-1)
        cli_error(ctx, "%s (byte %zu): %s", where, d->offset, d->message);
    else
        cli_error(ctx, "%s: %s", where, d->message);
}

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"carrier", required_argument, NULL, 'c'},
        {"ndjson", no_argument, NULL, 'n'},
        {"batch", required_argument, NULL, 'b'},
        {"quiet", no_argument, NULL, 'q'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    if (argc >= 2 && strcmp(argv[1], "csv") == 0) /* import csv: history CSV exports */
        return cmd_import_csv(ctx, argc - 1, argv + 1);
    int opt, ex = PC_EXIT_OK, ndjson = 0, quiet = 0;
    const char *carrier = NULL;
    long batch = 10000;
    while ((opt = cli_getopt(ctx, argc, argv, "hc:", longopts, import_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'c')
            carrier = optarg;
        else if (opt == 'n')
            ndjson = 1;
        else if (opt == 'q')
            quiet = 1;
        else if (opt == 'b') {
            char *end;
            batch = strtol(optarg, &end, 10);
            if (*end || batch < 1 || batch > 10000000)
                return cli_usage_error(ctx, "--batch must be 1..10000000");
        }
    }
    if (!!carrier == !!ndjson)
        return cli_usage_error(ctx, "give either --carrier NAME or --ndjson");
    if (optind >= argc)
        return cli_usage_error(ctx, "no input FILE");
    if (ndjson && argc - optind != 1)
        return cli_usage_error(ctx, "--ndjson reads one FILE (or -)");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;

    pc_registry *reg = NULL;
    const pc_adapter *a = NULL;
    pc_store *st = NULL;
    pc_importer *imp = NULL;
    pc_parse_limits lim = {ctx->cfg.parse_max_body, ctx->cfg.parse_max_events,
                           ctx->cfg.parse_max_string, 10000};
    struct progress pr = {!quiet && isatty(2), 0, 0, 0};
    int rc = 0;
    if (carrier) {
        if (pc_registry_new(&reg) < 0 ||
            pc_registry_load_dir(reg, ctx->cfg.plugin_dir, NULL, NULL) < 0) {
            cli_error(ctx, "cannot read plugin directory %s", ctx->cfg.plugin_dir);
            ex = PC_EXIT_IOERR;
            goto out;
        }
        if (!(a = pc_registry_find(reg, carrier))) {
            cli_error(ctx, "unknown carrier '%s' (see `parcelcast carriers`)", carrier);
            ex = PC_EXIT_USAGE;
            goto out;
        }
    }
    if ((ex = cli_open_store(ctx, false, &st)) != PC_EXIT_OK)
        goto out;
    if ((rc = pc_importer_new(st, (size_t)batch, (int64_t)time(NULL), &imp)) < 0)
        goto fail;
    if (carrier) {
        pr.total = (size_t)(argc - optind);
        for (int i = optind; i < argc; i++) {
            char *body;
            size_t len;
            pc_diag d;
            rc = cli_read_file(argv[i], lim.max_body, &body, &len);
            if (rc == PC_ELIMIT || rc == PC_EIO) {
                if (rc == PC_ELIMIT)
                    cli_error(ctx, "%s: larger than parse.max_body (%zu bytes)", argv[i],
                              lim.max_body);
                else
                    cli_error(ctx, "%s: %s", argv[i], strerror(errno));
                pc_importer_reject(imp, 0);
                rc = 0;
                continue;
            }
            if (rc < 0)
                goto fail;
            size_t bad_before = pc_importer_stats(imp)->malformed;
            rc = pc_importer_add_body(imp, a, body, len, &lim, &d);
            free(body);
            if (rc < 0)
                goto fail;
            if (pc_importer_stats(imp)->malformed > bad_before)
                report_bad(ctx, argv[i], &d);
            pr.done++;
            progress_show(&pr, pc_importer_stats(imp), 0);
        }
    } else {
        const char *path = argv[optind];
        FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
        if (!f) {
            cli_error(ctx, "cannot read %s: %s", path, strerror(errno));
            ex = PC_EXIT_IOERR;
            goto out;
        }
        struct stat sb;
        if (f != stdin && fstat(fileno(f), &sb) == 0)
            pr.total = (size_t)sb.st_size;
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        long lineno = 0;
        while ((n = getline(&line, &cap, f)) > 0) {
            lineno++;
            pr.done += (size_t)n;
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                n--;
            if (n == 0)
                continue;
            if ((size_t)n > lim.max_body) {
                cli_error(ctx, "%s:%ld: line longer than parse.max_body", path, lineno);
                pc_importer_reject(imp, (size_t)n);
                continue;
            }
            pc_diag d;
            size_t bad_before = pc_importer_stats(imp)->malformed;
            if ((rc = pc_importer_add_json(imp, line, (size_t)n, &d)) < 0)
                break;
            if (pc_importer_stats(imp)->malformed > bad_before) {
                char where[600];
                snprintf(where, sizeof(where), "%s:%ld", path, lineno);
                if (d.line > 0)
                    cli_error(ctx, "%s: column %d: %s", where, d.column, d.message);
                else
                    cli_error(ctx, "%s: %s", where, d.message);
            }
            progress_show(&pr, pc_importer_stats(imp), 0);
        }
        free(line);
        if (f != stdin)
            fclose(f);
        if (rc < 0)
            goto fail;
    }
    if ((rc = pc_importer_flush(imp)) < 0)
        goto fail;
    progress_show(&pr, pc_importer_stats(imp), 1);
    summary(pc_importer_stats(imp), ndjson);
    ex = pc_importer_stats(imp)->malformed ? PC_EXIT_DATAERR : PC_EXIT_OK;
    goto out;
fail:
    cli_error(ctx, "import stopped: %s (batches committed so far are stored)", pc_strerror(rc));
    if (imp)
        summary(pc_importer_stats(imp), ndjson);
    ex = cli_exit_for(rc);
out:
    if (imp)
        pc_importer_free(imp);
    pc_store_close(st);
    pc_registry_free(reg);
    return ex;
}
