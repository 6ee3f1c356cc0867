/* show, export, version: read the store. */
#include "cli.h"

#include "buildinfo.h"

#include <parcelcast/adapter.h>
#include <parcelcast/error.h>
#include <parcelcast/json.h>

#include <errno.h>
#include <jansson.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char show_usage[] = "Usage: parcelcast show [options] CARRIER NUMBER\n"
                                 "Print the stored shipment as normalized JSON (exit 1 if it is "
                                 "not in the store).\n\n"
                                 "  --compact           one line instead of indented JSON\n";

int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"compact", no_argument, NULL, 'c'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK, compact = 0;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, show_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'c')
            compact = 1;
    }
    if (argc - optind != 2)
        return cli_usage_error(ctx, "expected CARRIER NUMBER");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    pc_store *st;
    if ((ex = cli_open_store(ctx, true, &st)) != PC_EXIT_OK)
        return ex;
    pc_txn *tx;
    pc_shipment s;
    int rc = pc_store_read_begin(st, &tx);
    if (rc == 0) {
        rc = pc_store_get_shipment(tx, argv[optind], argv[optind + 1], &s, NULL);
        pc_store_read_end(tx);
    }
    if (rc == PC_ENOTFOUND) {
        cli_error(ctx, "no shipment %s %s in %s", argv[optind], argv[optind + 1],
                  ctx->cfg.store_path);
        ex = PC_EXIT_FAIL;
    } else if (rc < 0) {
        cli_error(ctx, "%s", pc_strerror(rc));
        ex = cli_exit_for(rc);
    } else {
        json_t *j = pc_shipment_to_json(&s, PC_JSON_MERCHANT);
        char *text = j ? pc_json_dumps(j, !compact) : NULL;
        if (!text) {
            cli_error(ctx, "cannot serialize the shipment");
            ex = PC_EXIT_SOFTWARE;
        } else {
            puts(text);
        }
        free(text);
        json_decref(j);
        pc_shipment_done(&s);
    }
    pc_store_close(st);
    return ex;
}

static const char export_usage[] =
    "Usage: parcelcast export [options]\n"
    "Write every stored shipment (with merchant fields and events) as NDJSON, one per line,\n"
    "in (carrier, number) order. `parcelcast import --ndjson` reads it back.\n\n"
    "  -o, --out FILE      write to FILE instead of standard output\n";

struct export_ctx {
    FILE *out;
    size_t n;
};

static int export_one(const pc_shipment *s, uint64_t id, void *arg)
{
    (void)id;
    struct export_ctx *e = arg;
    json_t *j = pc_shipment_to_json(s, PC_JSON_MERCHANT);
    char *text = j ? pc_json_dumps(j, 0) : NULL;
    json_decref(j);
    if (!text)
        return PC_ENOMEM;
    int bad = fputs(text, e->out) < 0 || fputc('\n', e->out) < 0;
    free(text);
    if (bad)
        return PC_EIO;
    e->n++;
    return 0;
}

int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK;
    const char *out_path = NULL;
    while ((opt = cli_getopt(ctx, argc, argv, "ho:", longopts, export_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'o')
            out_path = optarg;
    }
    if (optind < argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    struct export_ctx e = {stdout, 0};
    if (out_path && !(e.out = fopen(out_path, "w"))) {
        cli_error(ctx, "cannot write %s: %s", out_path, strerror(errno));
        return PC_EXIT_IOERR;
    }
    pc_store *st;
    if ((ex = cli_open_store(ctx, true, &st)) != PC_EXIT_OK) {
        if (out_path)
            fclose(e.out);
        return ex;
    }
    pc_txn *tx;
    int rc = pc_store_read_begin(st, &tx);
    if (rc == 0) {
        rc = pc_store_scan_shipments(tx, export_one, &e);
        pc_store_read_end(tx);
    }
    pc_store_close(st);
    if (fflush(e.out) != 0 && rc == 0)
        rc = PC_EIO;
    if (out_path && fclose(e.out) != 0 && rc == 0)
        rc = PC_EIO;
    if (rc < 0) {
        cli_error(ctx, "export failed after %zu shipments: %s", e.n, pc_strerror(rc));
        return cli_exit_for(rc);
    }
    fprintf(stderr, "exported %zu shipments\n", e.n);
    return PC_EXIT_OK;
}

static const char version_usage[] = "Usage: parcelcast version\n"
                                    "Print the version, the store schema and the plugin ABI.\n";

int cmd_version(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    int opt, ex = PC_EXIT_OK;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, version_usage, &ex)) != -1)
        if (opt == -2)
            return ex;
    if (optind < argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    printf("parcelcast %s\nstore schema %u\nplugin ABI %u\nlmdb %s\njansson %s\n", PC_VERSION,
           PC_STORE_SCHEMA, PC_ADAPTER_ABI_VERSION, mdb_version(NULL, NULL, NULL), JANSSON_VERSION);
    return PC_EXIT_OK;
}

static const char not_yet_usage[] =
    "Usage: parcelcast %s [options] [ARGS...]\n"
    "%s\n\nThis command is not available in this build yet (exit 69).\n";

int cmd_not_yet(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    char usage[512];
    snprintf(usage, sizeof(usage), not_yet_usage, ctx->cmd, "");
    int opt, ex = PC_EXIT_OK;
    /* Accept any option (later issues define them); only --help is acted on. */
    opterr = 0;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, usage, &ex)) != -1) {
        if (opt == -2 && ex == PC_EXIT_OK)
            return ex;
    }
    cli_error(ctx, "not available yet in parcelcast %s", PC_VERSION);
    return PC_EXIT_UNAVAILABLE;
}
