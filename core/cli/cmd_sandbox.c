/* sandbox: the simulated carrier APIs on loopback (docs/sandbox.md). */
#include "cli.h"

#include <parcelcast/error.h>
#include <parcelcast/log.h>
#include <parcelcast/model.h>
#include <parcelcast/plugins.h>
#include <parcelcast/sandbox.h>
#include <parcelcast/sim.h>
#include <parcelcast/timeutil.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char sandbox_usage[] =
    "Usage: parcelcast sandbox [options]\n"
    "Serve the carriers' tracking APIs (same paths, bodies, errors, OAuth token endpoints) on\n"
    "loopback from the network simulator, until SIGINT or SIGTERM. Prints the bound URL on\n"
    "stdout (one line); point parcelcast at it with carrier.<name>.base_url = URL (plus the\n"
    "path of the adapter's production base URL, e.g. /track-and-trace-v1 for GLS).\n"
    "Admin endpoints: /_sandbox/shipments, /_sandbox/truth/<carrier>/<number>,\n"
    "/_sandbox/clock, /_sandbox/stats. See docs/sandbox.md.\n\n"
    "  -a, --address ADDR      IPv4/IPv6 literal to bind (default 127.0.0.1)\n"
    "  -p, --port PORT         port (default 0: any free port)\n"
    "      --threads N         server threads (default 4)\n"
    "  -n, --shipments N       simulated shipments served (default 1000)\n"
    "  -s, --seed S            simulator seed, 0 .. 2^64-1 (default 1)\n"
    "      --sim-config FILE   model parameters (default: <data.dir>/sim.conf when present,\n"
    "                          else the built-in defaults)\n"
    "      --param KEY=VALUE   override one model parameter (repeatable)\n"
    "      --speed X           simulated seconds per real second (default 3600; 0 = frozen)\n"
    "      --time TIME         simulated time at start, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ\n"
    "                          (default: the model's sim.start)\n"
    "      --error-rate R      fraction 0..1 of tracking requests answered 5xx (default 0)\n"
    "      --rate-limit R      per-carrier requests per second, then 429 (default 0: none)\n"
    "      --burst B           rate-limit bucket size (default max(1, R))\n"
    "      --token-lifetime S  OAuth token lifetime in real seconds (default 3600)\n"
    "      --client-id ID      accepted OAuth client id (default: any non-empty)\n"
    "      --client-secret S   accepted OAuth client secret (default: any non-empty)\n";

enum {
    OPT_THREADS = 2000,
    OPT_SIM_CONFIG,
    OPT_PARAM,
    OPT_SPEED,
    OPT_TIME,
    OPT_ERROR_RATE,
    OPT_RATE_LIMIT,
    OPT_BURST,
    OPT_TOKEN_LIFETIME,
    OPT_CLIENT_ID,
    OPT_CLIENT_SECRET,
};

#define MAX_PARAMS 256

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

/* A non-negative decimal number without the locale (digits, optional fraction). */
static int parse_nonneg(const char *s, double *ret)
{
    double v = 0, scale = 1;
    int digits = 0;
    const char *p = s;
    if (!p || !*p)
        return -1;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        v = v * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, digits++)
            v += (*p - '0') * (scale /= 10);
    if (*p || !digits || !isfinite(v))
        return -1;
    *ret = v;
    return 0;
}

static void warn_refused(void *vctx, const char *path, const char *message)
{
    cli_ctx *ctx = vctx;
    cli_error(ctx, "warning: plugin %s refused: %s", path, message);
}

int cmd_sandbox(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"address", required_argument, NULL, 'a'},
        {"port", required_argument, NULL, 'p'},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"shipments", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"sim-config", required_argument, NULL, OPT_SIM_CONFIG},
        {"param", required_argument, NULL, OPT_PARAM},
        {"speed", required_argument, NULL, OPT_SPEED},
        {"time", required_argument, NULL, OPT_TIME},
        {"error-rate", required_argument, NULL, OPT_ERROR_RATE},
        {"rate-limit", required_argument, NULL, OPT_RATE_LIMIT},
        {"burst", required_argument, NULL, OPT_BURST},
        {"token-lifetime", required_argument, NULL, OPT_TOKEN_LIFETIME},
        {"client-id", required_argument, NULL, OPT_CLIENT_ID},
        {"client-secret", required_argument, NULL, OPT_CLIENT_SECRET},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    pc_sandbox_opts so = {.address = "127.0.0.1",
                          .threads = 4,
                          .seed = 1,
                          .shipments = 1000,
                          .speed = 3600,
                          .start = PC_TIME_NONE};
    const char *sim_config = NULL, *params[MAX_PARAMS];
    size_t n_params = 0;
    uint64_t u;
    int opt, ex = PC_EXIT_OK;

    while ((opt = cli_getopt(ctx, argc, argv, "ha:p:n:s:", longopts, sandbox_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        switch (opt) {
        case 'a':
            so.address = optarg;
            break;
        case 'p':
            if (parse_u64(optarg, 65535, &u) < 0)
                return cli_usage_error(ctx, "--port expects 0-65535, got '%s'", optarg);
            so.port = (int)u;
            break;
        case OPT_THREADS:
            if (parse_u64(optarg, 256, &u) < 0 || u < 1)
                return cli_usage_error(ctx, "--threads expects 1-256, got '%s'", optarg);
            so.threads = (int)u;
            break;
        case 'n':
            if (parse_u64(optarg, UINT32_MAX, &u) < 0)
                return cli_usage_error(ctx, "--shipments expects a count, got '%s'", optarg);
            so.shipments = (size_t)u;
            break;
        case 's':
            if (parse_u64(optarg, UINT64_MAX, &so.seed) < 0)
                return cli_usage_error(ctx, "--seed expects 0 .. 2^64-1, got '%s'", optarg);
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
        case OPT_SPEED:
            if (parse_nonneg(optarg, &so.speed) < 0)
                return cli_usage_error(ctx, "--speed expects a number >= 0, got '%s'", optarg);
            break;
        case OPT_TIME: {
            char buf[64];
            int64_t t;
            int w = snprintf(buf, sizeof(buf), "%s%s", optarg,
                             strlen(optarg) == 10 ? "T00:00:00Z" : "");
            if (w < 0 || (size_t)w >= sizeof(buf) || pc_time_parse_utc(buf, &t) < 0)
                return cli_usage_error(
                    ctx, "--time expects YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got '%s'", optarg);
            so.start = t;
            break;
        }
        case OPT_ERROR_RATE:
            if (parse_nonneg(optarg, &so.error_rate) < 0 || so.error_rate > 1)
                return cli_usage_error(ctx, "--error-rate expects 0..1, got '%s'", optarg);
            break;
        case OPT_RATE_LIMIT:
            if (parse_nonneg(optarg, &so.rate_limit) < 0)
                return cli_usage_error(ctx, "--rate-limit expects a number >= 0, got '%s'", optarg);
            break;
        case OPT_BURST:
            if (parse_nonneg(optarg, &so.rate_burst) < 0)
                return cli_usage_error(ctx, "--burst expects a number >= 0, got '%s'", optarg);
            break;
        case OPT_TOKEN_LIFETIME:
            if (parse_nonneg(optarg, &so.token_lifetime) < 0 || so.token_lifetime <= 0)
                return cli_usage_error(ctx, "--token-lifetime expects seconds > 0, got '%s'",
                                       optarg);
            break;
        case OPT_CLIENT_ID:
            so.client_id = optarg;
            break;
        case OPT_CLIENT_SECRET:
            so.client_secret = optarg;
            break;
        default:
            break;
        }
    }
    if (optind < argc)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;

    /* model parameters: built-in < file < --param */
    pc_sim_config scfg;
    char err[512];
    if ((ex = cli_load_sim_config(ctx, sim_config, params, n_params, &scfg)) != PC_EXIT_OK)
        return ex;
    if (pc_sim_config_check(&scfg, err, sizeof(err)) < 0) {
        cli_error(ctx, "%s", err);
        return PC_EXIT_CONFIG;
    }
    so.sim_config = &scfg;

    pc_registry *reg = NULL;
    pc_sandbox *sb = NULL;
    int rc = pc_registry_new(&reg);
    if (rc < 0) {
        cli_error(ctx, "%s", pc_strerror(rc));
        return PC_EXIT_SOFTWARE;
    }
    if (pc_registry_load_dir(reg, ctx->cfg.plugin_dir, warn_refused, ctx) < 0) {
        cli_error(ctx, "cannot read plugin directory %s (set plugins.dir or --plugins)",
                  ctx->cfg.plugin_dir);
        pc_registry_free(reg);
        return PC_EXIT_CONFIG;
    }
    size_t n_render = 0;
    for (size_t i = 0; i < pc_registry_count(reg); i++)
        n_render += (pc_registry_at(reg, i)->caps & PC_CAP_RENDER) != 0;
    if (n_render == 0) {
        cli_error(ctx, "no adapter in %s can render carrier bodies (PC_CAP_RENDER)",
                  ctx->cfg.plugin_dir);
        pc_registry_free(reg);
        return PC_EXIT_CONFIG;
    }
    so.registry = reg;

    /* Block the stop signals before any thread starts so only sigwait() below sees them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    rc = pc_sandbox_start(&so, &sb, err, sizeof(err));
    if (rc < 0) {
        cli_error(ctx, "%s", err);
        pc_registry_free(reg);
        return rc == PC_EIO                          ? PC_EXIT_UNAVAILABLE
               : rc == PC_EINVAL || rc == PC_ECONFIG ? PC_EXIT_CONFIG
                                                     : PC_EXIT_SOFTWARE;
    }
    char host[80];
    if (strchr(so.address, ':'))
        snprintf(host, sizeof(host), "[%s]", so.address);
    else
        snprintf(host, sizeof(host), "%s", so.address);
    char url[160], port[16], count[32], now[40], speed[32];
    snprintf(url, sizeof(url), "http://%s:%d", host, pc_sandbox_port(sb));
    snprintf(port, sizeof(port), "%d", pc_sandbox_port(sb));
    snprintf(count, sizeof(count), "%zu", so.shipments);
    snprintf(speed, sizeof(speed), "%g", so.speed);
    pc_time_format(pc_sandbox_time(sb), now, sizeof(now));
    printf("%s\n", url);
    fflush(stdout);
    pc_log(PC_LOG_INFO, "sandbox", "listening", "url", url, "port", port, "shipments", count,
           "sim_time", now, "speed", speed, NULL);
    fflush(stderr);

    int sig = 0;
    sigwait(&stop, &sig);
    pc_log(PC_LOG_INFO, "sandbox", "stopping", "signal", sig == SIGTERM ? "SIGTERM" : "SIGINT",
           NULL);
    pc_sandbox_stop(sb);
    pc_registry_free(reg);
    pc_log(PC_LOG_INFO, "sandbox", "stopped", NULL);
    return PC_EXIT_OK;
}
