/* carriers, parse, detect: the adapter side of the command line. */
#include "cli.h"

#include <parcelcast/detect.h>
#include <parcelcast/error.h>
#include <parcelcast/json.h>
#include <parcelcast/plugins.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void warn_refused(void *ctx, const char *path, const char *message)
{
    cli_error(ctx, "plugin %s refused: %s", path, message);
}

/* Load the adapters from plugins.dir. Refused modules are warnings; an unreadable directory or
 * no adapter at all is an error. Returns an exit code. */
static int load_registry(cli_ctx *ctx, pc_registry **ret)
{
    if (pc_registry_new(ret) < 0)
        return PC_EXIT_SOFTWARE;
    int n = pc_registry_load_dir(*ret, ctx->cfg.plugin_dir, warn_refused, ctx);
    if (n < 0) {
        cli_error(ctx, "cannot read plugin directory %s (set plugins.dir or --plugins)",
                  ctx->cfg.plugin_dir);
        return PC_EXIT_IOERR;
    }
    return PC_EXIT_OK;
}

static const char carriers_usage[] =
    "Usage: parcelcast carriers [options]\n"
    "List the carrier adapters loaded from the plugin directory with their capabilities.\n\n"
    "  --json              print a JSON array instead of a table\n";

int cmd_carriers(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    int opt, ex = PC_EXIT_OK, as_json = 0;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, carriers_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'j')
            as_json = 1;
    }
    if (optind < argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    pc_registry *reg;
    if ((ex = load_registry(ctx, &reg)) != PC_EXIT_OK) {
        pc_registry_free(reg);
        return ex;
    }
    json_t *arr = as_json ? json_array() : NULL;
    if (!as_json)
        printf("%-14s %-16s %-34s %s\n", "NAME", "DISPLAY", "CAPABILITIES", "MODULE");
    for (size_t i = 0; i < pc_registry_count(reg); i++) {
        const pc_adapter *a = pc_registry_at(reg, i);
        char caps[128];
        pc_adapter_caps_string(a, caps, sizeof(caps));
        if (as_json)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i, s:s}", "name", a->name,
                                                 "display_name", a->display_name, "capabilities",
                                                 caps, "max_batch", (int)a->max_batch, "module",
                                                 pc_registry_source(reg, i)));
        else
            printf("%-14s %-16s %-34s %s\n", a->name, a->display_name, caps,
                   pc_registry_source(reg, i));
    }
    if (as_json) {
        char *text = pc_json_dumps(arr, 1);
        puts(text ? text : "[]");
        free(text);
        json_decref(arr);
    }
    pc_registry_free(reg);
    return PC_EXIT_OK;
}

static const char parse_usage[] =
    "Usage: parcelcast parse --carrier NAME [--format xml|json] [options] FILE|-\n"
    "Parse a carrier tracking response and print\n"
    "{\"shipments\":[<normalized shipment>...],\"errors\":[{\"tracking_number\",\"code\",...}]}.\n"
    "Exit 0 when a shipment parsed, 3 when the body held only carrier errors, 65 when the body\n"
    "is malformed or over a limit (the message names the line/column or byte offset).\n\n"
    "  -c, --carrier NAME  adapter to use (see `parcelcast carriers`)\n"
    "  -f, --format F      xml or json (default: sniffed from the first byte)\n"
    "  -n, --number NUM    the tracking number the body answers (repeatable); needed by\n"
    "                      carriers whose bodies do not repeat it (DPD, USPS v3 errors)\n"
    "      --push          parse a carrier push (webhook) payload instead\n"
    "      --compact       one line of JSON\n";

int cmd_parse(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"carrier", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'},
        {"push", no_argument, NULL, 'P'},
        {"compact", no_argument, NULL, 'C'},
        {"number", required_argument, NULL, 'n'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int opt, ex = PC_EXIT_OK, push = 0, compact = 0;
    const char *carrier = NULL;
    const char *numbers[64];
    size_t n_numbers = 0;
    pc_format format = PC_FORMAT_AUTO;
    while ((opt = cli_getopt(ctx, argc, argv, "hc:f:n:", longopts, parse_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'c')
            carrier = optarg;
        else if (opt == 'n') {
            if (n_numbers == sizeof(numbers) / sizeof(numbers[0]))
                return cli_usage_error(ctx, "at most 64 --number options");
            numbers[n_numbers++] = optarg;
        } else if (opt == 'P')
            push = 1;
        else if (opt == 'C')
            compact = 1;
        else if (opt == 'f') {
            if (strcmp(optarg, "xml") == 0)
                format = PC_FORMAT_XML;
            else if (strcmp(optarg, "json") == 0)
                format = PC_FORMAT_JSON;
            else
                return cli_usage_error(ctx, "--format must be xml or json, not '%s'", optarg);
        }
    }
    if (!carrier)
        return cli_usage_error(ctx, "--carrier is required");
    if (argc - optind != 1)
        return cli_usage_error(ctx, "expected one FILE (or - for standard input)");
    const char *path = argv[optind];
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    pc_registry *reg;
    if ((ex = load_registry(ctx, &reg)) != PC_EXIT_OK) {
        pc_registry_free(reg);
        return ex;
    }
    const pc_adapter *a = pc_registry_find(reg, carrier);
    char *body = NULL;
    size_t len = 0;
    pc_parse_result res;
    pc_diag diag;
    pc_parse_limits lim = {ctx->cfg.parse_max_body, ctx->cfg.parse_max_events,
                           ctx->cfg.parse_max_string, 10000};
    int rc;
    memset(&res, 0, sizeof(res));
    if (!a) {
        char known[1024] = "";
        size_t n = 0;
        for (size_t i = 0; i < pc_registry_count(reg) && n < sizeof(known); i++)
            n += (size_t)snprintf(known + n, sizeof(known) - n, "%s%s", i ? ", " : "",
                                  pc_registry_at(reg, i)->name);
        cli_error(ctx, "unknown carrier '%s' (known: %s)", carrier, n ? known : "none loaded");
        ex = PC_EXIT_USAGE;
        goto out;
    }
    if ((rc = cli_read_file(path, lim.max_body, &body, &len)) < 0) {
        if (rc == PC_ELIMIT)
            cli_error(ctx, "%s: body exceeds parse.max_body (%zu bytes)", path, lim.max_body);
        else
            cli_error(ctx, "cannot read %s: %s", path,
                      rc == PC_EIO ? strerror(errno) : pc_strerror(rc));
        ex = rc == PC_ELIMIT ? PC_EXIT_DATAERR : PC_EXIT_IOERR;
        goto out;
    }
    pc_parse_input in = {.data = body,
                         .len = len,
                         .format = format,
                         .limits = &lim,
                         .requested = n_numbers ? numbers : NULL,
                         .n_requested = n_numbers};
    rc = pc_adapter_parse(a, &in, push, &res, &diag);
    if (rc < 0) {
        char where[96] = "";
        if (diag.line > 0 && diag.offset != (size_t)-1)
            snprintf(where, sizeof(where), ":%d:%d (byte %zu)", diag.line, diag.column,
                     diag.offset);
        else if (diag.line > 0)
            snprintf(where, sizeof(where), ":%d:%d", diag.line, diag.column);
        else if (diag.offset != (size_t)-1)
            snprintf(where, sizeof(where), " (byte %zu)", diag.offset);
        cli_error(ctx, "%s%s: %s", path, where, diag.message);
        ex = rc == PC_EUNSUPPORTED ? PC_EXIT_USAGE : PC_EXIT_DATAERR;
        goto out;
    }
    json_t *j = pc_parse_result_to_json(&res);
    char *text = j ? pc_json_dumps(j, !compact) : NULL;
    json_decref(j);
    if (!text) {
        cli_error(ctx, "cannot serialize the result");
        ex = PC_EXIT_SOFTWARE;
        goto out;
    }
    puts(text);
    free(text);
    ex = res.n_shipments ? PC_EXIT_OK : PC_EXIT_CARRIER;
out:
    pc_parse_result_done(&res);
    free(body);
    pc_registry_free(reg);
    return ex;
}

static const char detect_usage[] =
    "Usage: parcelcast detect [options] NUMBER\n"
    "Print the carriers a tracking number may belong to, the format matched and whether its\n"
    "check digit is valid (rules: data.dir/detect.rules). Exit 1 when nothing matches.\n\n"
    "  --json              print JSON\n";

int cmd_detect(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    int opt, ex = PC_EXIT_OK, as_json = 0;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, detect_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'j')
            as_json = 1;
    }
    if (argc - optind != 1)
        return cli_usage_error(ctx, "expected one NUMBER");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    char path[4200], *err = NULL;
    snprintf(path, sizeof(path), "%s/detect.rules", ctx->cfg.data_dir);
    pc_detect_rules *rules;
    int rc = pc_detect_rules_load(path, &rules, &err);
    if (rc < 0) {
        cli_error(ctx, "%s", err ? err : pc_strerror(rc));
        free(err);
        return rc == PC_EIO ? PC_EXIT_IOERR : PC_EXIT_DATAERR;
    }
    pc_detect_match m[16];
    int n = pc_detect(rules, argv[optind], m, 16);
    if (n < 0) {
        cli_error(ctx, "%s", pc_strerror(n));
        pc_detect_rules_free(rules);
        return cli_exit_for(n);
    }
    if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:b}", "carrier", m[i].carrier,
                                                 "format", m[i].format, "check_digit",
                                                 m[i].has_check, "check_ok", m[i].check_ok));
        char *text = pc_json_dumps(arr, 1);
        puts(text ? text : "[]");
        free(text);
        json_decref(arr);
    } else {
        for (int i = 0; i < n; i++)
            printf("%-14s %-22s %s\n", m[i].carrier, m[i].format,
                   !m[i].has_check ? "no check digit"
                   : m[i].check_ok ? "check digit valid"
                                   : "check digit INVALID");
        if (n == 0)
            fprintf(stderr, "parcelcast detect: no carrier matches '%s'\n", argv[optind]);
    }
    pc_detect_rules_free(rules);
    return n > 0 ? PC_EXIT_OK : PC_EXIT_FAIL;
}
