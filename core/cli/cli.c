#include "cli.h"

#include <parcelcast/error.h>
#include <parcelcast/log.h>
#include <parcelcast/sim.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_error(const cli_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "parcelcast %s: ", ctx->cmd ? ctx->cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "parcelcast %s: ", ctx->cmd ? ctx->cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'parcelcast %s --help'.\n", ctx->cmd ? ctx->cmd : "");
    return PC_EXIT_USAGE;
}

int cli_exit_for(int err)
{
    switch (err) {
    case 0:
        return PC_EXIT_OK;
    case PC_ENOTFOUND:
        return PC_EXIT_FAIL;
    case PC_EINVAL:
        return PC_EXIT_USAGE;
    case PC_EMALFORMED:
    case PC_ELIMIT:
    case PC_ESCHEMA:
        return PC_EXIT_DATAERR;
    case PC_EIO:
    case PC_ESTORE:
    case PC_EMAPFULL:
        return PC_EXIT_IOERR;
    case PC_ECONFIG:
        return PC_EXIT_CONFIG;
    case PC_EUNSUPPORTED:
    case PC_ERETRY:
    case PC_EBUSY:
        return PC_EXIT_UNAVAILABLE;
    default:
        return PC_EXIT_SOFTWARE;
    }
}

static int add_override(cli_ctx *ctx, const char *key, const char *value)
{
    size_t n = strlen(key) + strlen(value) + 2;
    char *kv = malloc(n);
    char **list = realloc(ctx->overrides, (ctx->n_overrides + 1) * sizeof(*list));
    if (!kv || !list) {
        free(kv);
        if (list)
            ctx->overrides = list;
        return -1;
    }
    snprintf(kv, n, "%s=%s", key, value);
    ctx->overrides = list;
    ctx->overrides[ctx->n_overrides++] = kv;
    return 0;
}

int cli_common_option(cli_ctx *ctx, int opt, const char *arg)
{
    switch (opt) {
    case OPT_CONFIG:
        ctx->config_path = arg;
        return 1;
    case OPT_SET: {
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg) {
            cli_usage_error(ctx, "--set expects KEY=VALUE, got '%s'", arg);
            return -1;
        }
        char key[256];
        snprintf(key, sizeof(key), "%.*s", (int)(eq - arg), arg);
        return add_override(ctx, key, eq + 1) < 0 ? -1 : 1;
    }
    case OPT_STORE:
        return add_override(ctx, "store.path", arg) < 0 ? -1 : 1;
    case OPT_PLUGINS:
        return add_override(ctx, "plugins.dir", arg) < 0 ? -1 : 1;
    default:
        return 0;
    }
}

int cli_getopt(cli_ctx *ctx, int argc, char **argv, const char *shortopts,
               const struct option *longopts, const char *usage, int *ret_exit)
{
    for (;;) {
        int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
        if (opt == -1)
            return -1;
        if (opt == 'h') {
            fputs(usage, stdout);
            fputs(CLI_COMMON_HELP, stdout);
            *ret_exit = PC_EXIT_OK;
            return -2;
        }
        if (opt == '?') {
            fprintf(stderr, "Try 'parcelcast %s --help'.\n", ctx->cmd);
            *ret_exit = PC_EXIT_USAGE;
            return -2;
        }
        int c = cli_common_option(ctx, opt, optarg);
        if (c < 0) {
            *ret_exit = PC_EXIT_USAGE;
            return -2;
        }
        if (c == 0)
            return opt;
    }
}

int cli_load_config(cli_ctx *ctx)
{
    char err[512];
    int rc = pc_config_init(&ctx->cfg, ctx->exe_dir);
    if (rc < 0) {
        cli_error(ctx, "%s", pc_strerror(rc));
        return PC_EXIT_SOFTWARE;
    }
    const char *file = ctx->config_path;
    if (!file)
        file = getenv("PARCELCAST_CONFIG");
    if (!file && access("parcelcast.conf", R_OK) == 0)
        file = "parcelcast.conf";
    if (file && (rc = pc_config_load_file(&ctx->cfg, file, err, sizeof(err))) < 0) {
        cli_error(ctx, "%s", err);
        return PC_EXIT_CONFIG;
    }
    if ((rc = pc_config_load_env(&ctx->cfg, err, sizeof(err))) < 0) {
        cli_error(ctx, "%s", err);
        return PC_EXIT_CONFIG;
    }
    for (size_t i = 0; i < ctx->n_overrides; i++) {
        char *kv = ctx->overrides[i];
        char *eq = strchr(kv, '=');
        *eq = '\0';
        rc = pc_config_set(&ctx->cfg, kv, eq + 1, err, sizeof(err));
        *eq = '=';
        if (rc < 0) {
            cli_error(ctx, "%s", err);
            return PC_EXIT_CONFIG;
        }
    }
    if (pc_log_setup(ctx->cfg.log_level, ctx->cfg.log_format) < 0) {
        cli_error(ctx, "log.level must be debug|info|warn|error and log.format text|json");
        return PC_EXIT_CONFIG;
    }
    return PC_EXIT_OK;
}

int cli_open_store(cli_ctx *ctx, bool read_only, pc_store **ret)
{
    char err[512] = "";
    pc_store_opts opts = {
        .path = ctx->cfg.store_path, .map_size = ctx->cfg.store_map_size, .read_only = read_only};
    int rc = pc_store_open(&opts, ret, err, sizeof(err));
    if (rc < 0) {
        if (rc == PC_ENOTFOUND && read_only)
            cli_error(ctx, "no store at %s (set store.path or --store)", ctx->cfg.store_path);
        else
            cli_error(ctx, "%s", err[0] ? err : pc_strerror(rc));
        return rc == PC_ENOTFOUND ? PC_EXIT_IOERR : cli_exit_for(rc);
    }
    return PC_EXIT_OK;
}

/* Read a whole file (or stdin for "-") up to limit bytes; more is PC_ELIMIT. */
int cli_read_file(const char *path, size_t limit, char **ret, size_t *ret_len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return PC_EIO;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        if (len == cap) {
            if (cap > limit) {
                rc = PC_ELIMIT;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                rc = PC_ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f))
                rc = PC_EIO;
            break;
        }
        if (len > limit) {
            rc = PC_ELIMIT;
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (!buf)
        return PC_ENOMEM;
    if (rc < 0) {
        free(buf);
        return rc;
    }
    *ret = buf;
    *ret_len = len;
    return 0;
}

int cli_load_sim_config(cli_ctx *ctx, const char *path, const char *const *params, size_t n_params,
                        pc_sim_config *ret)
{
    char err[512], def[4096];
    pc_sim_config_default(ret);
    if (!path && ctx->cfg.data_dir && *ctx->cfg.data_dir) {
        int w = snprintf(def, sizeof(def), "%s/sim.conf", ctx->cfg.data_dir);
        if (w > 0 && (size_t)w < sizeof(def) && access(def, R_OK) == 0)
            path = def;
    }
    if (path) {
        int rc = pc_sim_config_load(ret, path, err, sizeof(err));
        if (rc < 0) {
            cli_error(ctx, "%s", err);
            return rc == PC_EIO ? PC_EXIT_IOERR : PC_EXIT_CONFIG;
        }
    }
    for (size_t i = 0; i < n_params; i++) {
        char key[256];
        const char *eq = strchr(params[i], '=');
        if (!eq) {
            cli_error(ctx, "--param %s: expected KEY=VALUE", params[i]);
            return PC_EXIT_USAGE;
        }
        snprintf(key, sizeof(key), "%.*s", (int)(eq - params[i]), params[i]);
        if (pc_sim_config_set(ret, key, eq + 1, err, sizeof(err)) < 0) {
            cli_error(ctx, "--param: %s", err);
            return PC_EXIT_CONFIG;
        }
    }
    return PC_EXIT_OK;
}
