/* parcelcast <command> [options] */
#include "cli.h"

#include <parcelcast/error.h>

#include <gsl/gsl_errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_command commands[] = {
    {"serve", cmd_serve, "run the HTTP API server on the store"},
    {"show", cmd_show, "print a stored shipment as normalized JSON"},
    {"export", cmd_export, "write every stored shipment as NDJSON"},
    {"version", cmd_version, "print version, store schema and plugin ABI"},
    {"parse", cmd_parse, "parse a carrier response body into normalized JSON"},
    {"carriers", cmd_carriers, "list the loaded carrier adapters"},
    {"detect", cmd_detect, "tell which carriers a tracking number may belong to"},
    {"import", cmd_import, "import carrier feeds, NDJSON shipments or history CSV"},
    {"train", cmd_train, "train the ETA model from delivered history"},
    {"predict", cmd_predict, "predict the arrival window of a shipment"},
    {"eval", cmd_eval, "evaluate ETA predictions on a time split"},
    {"report", cmd_report, "carrier performance report (JSON, CSV, HTML)"},
    {"tenant", cmd_tenant, "manage tenants and API keys"},
    {"simulate", cmd_simulate, "write simulated carrier feeds and ground truth"},
    {"track", cmd_track, "register tracking numbers for polling"},
    {"poll", cmd_poll, "poll the carriers for due shipments"},
    {"sandbox", cmd_sandbox, "serve simulated carrier APIs on loopback"},
};

static void usage(FILE *f)
{
    fputs("Usage: parcelcast <command> [options]\n\nCommands:\n", f);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'parcelcast <command> --help' describes a command.\n"
          "Exit codes: 0 ok, 1 not found, 2 usage, 3 carrier errors only, 65 bad input data,\n"
          "69 service unavailable, 70 internal error, 74 I/O error, 78 configuration error.\n",
          f);
}

/*
 * serve answers each API request with a few hundred small allocations (a shipment's strings,
 * JSON), more per size than glibc's per-thread cache keeps (7), so the rest go through the
 * arena and its consolidation: about 15% of the server's CPU under load. A larger cache
 * (glibc.malloc.tcache_count) is a GLIBC_TUNABLES setting read only at start, so serve sets it
 * and runs itself again, once. A GLIBC_TUNABLES given by the user is left alone, and
 * PARCELCAST_NO_REEXEC=1 turns this off. Nothing has started yet; on any failure serve just
 * goes on as it is.
 */
static void tune_malloc_and_reexec(char **argv)
{
    const char *no = getenv("PARCELCAST_NO_REEXEC");
    if (getenv("GLIBC_TUNABLES") || (no && *no && strcmp(no, "0") != 0))
        return;
    if (setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=200", 1) != 0 ||
        setenv("PARCELCAST_NO_REEXEC", "1", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    unsetenv("GLIBC_TUNABLES"); /* exec failed: go on untuned */
}

int main(int argc, char **argv)
{
    cli_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    /* GSL's default handler aborts the process: every GSL status is checked instead. */
    gsl_set_error_handler_off();

    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        snprintf(ctx.exe_dir, sizeof(ctx.exe_dir), "%s", dirname(exe));
    } else {
        snprintf(ctx.exe_dir, sizeof(ctx.exe_dir), ".");
    }

    if (argc < 2) {
        usage(stderr);
        return PC_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "serve") == 0)
        tune_malloc_and_reexec(argv);
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return PC_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0)
        name = "version";
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(commands[i].name, name) != 0)
            continue;
        ctx.cmd = commands[i].name;
        int rc = commands[i].run(&ctx, argc - 1, argv + 1);
        pc_config_done(&ctx.cfg);
        for (size_t k = 0; k < ctx.n_overrides; k++)
            free(ctx.overrides[k]);
        free(ctx.overrides);
        return rc;
    }
    fprintf(stderr, "parcelcast: unknown command '%s'\n\n", name);
    usage(stderr);
    return PC_EXIT_USAGE;
}
