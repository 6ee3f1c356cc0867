/* The parcelcast command line: shared declarations of the command modules. */
#ifndef PC_CLI_H
#define PC_CLI_H

#include <getopt.h>
#include <parcelcast/config.h>
#include <parcelcast/store.h>
#include <stdbool.h>

/* Stable exit codes (documented in the README). */
enum {
    PC_EXIT_OK = 0,
    PC_EXIT_FAIL = 1,         /* the thing asked for does not exist (e.g. show: not found) */
    PC_EXIT_USAGE = 2,        /* bad command line */
    PC_EXIT_CARRIER = 3,      /* parse: the body held only carrier errors */
    PC_EXIT_DATAERR = 65,     /* bad input data */
    PC_EXIT_UNAVAILABLE = 69, /* service unavailable (cannot listen, not available yet) */
    PC_EXIT_SOFTWARE = 70,    /* internal error */
    PC_EXIT_IOERR = 74,       /* I/O error (store, files) */
    PC_EXIT_CONFIG = 78,      /* configuration error */
};

typedef struct cli_ctx {
    pc_config cfg;
    char exe_dir[4096];
    const char *config_path; /* --config */
    char **overrides;        /* "key=value" from flags, applied last */
    size_t n_overrides;
    const char *cmd; /* command name, for messages */
} cli_ctx;

typedef struct cli_command {
    const char *name;
    int (*run)(cli_ctx *ctx, int argc, char **argv);
    const char *summary;
} cli_command;

/* Options every command accepts; append CLI_COMMON_LONGOPTS to a command's option table. */
enum { OPT_CONFIG = 1000, OPT_SET, OPT_STORE, OPT_PLUGINS, OPT_HELP_COMMON };
#define CLI_COMMON_LONGOPTS                                                                        \
    {"config", required_argument, NULL, OPT_CONFIG}, {"set", required_argument, NULL, OPT_SET},    \
        {"store", required_argument, NULL, OPT_STORE},                                             \
        {"plugins", required_argument, NULL, OPT_PLUGINS},                                         \
    {                                                                                              \
        "help", no_argument, NULL, 'h'                                                             \
    }
#define CLI_COMMON_HELP                                                                            \
    "Common options:\n"                                                                            \
    "  --config FILE       read settings from FILE (default $PARCELCAST_CONFIG, "                  \
    "./parcelcast.conf)\n"                                                                         \
    "  --set KEY=VALUE     override one setting (highest precedence)\n"                            \
    "  --store DIR         same as --set store.path=DIR\n"                                         \
    "  --plugins DIR       same as --set plugins.dir=DIR\n"                                        \
    "  -h, --help          show this help\n"

/* Handle a common option from getopt_long. Returns 1 if handled, 0 if not common, or an exit
 * code < 0 ... see cli.c. For 'h' it prints usage and returns 2 meaning "exit 0". */
int cli_common_option(cli_ctx *ctx, int opt, const char *arg);

/* Load config: defaults, file, environment, flags. Prints the error; returns an exit code. */
int cli_load_config(cli_ctx *ctx);

/* Print "parcelcast CMD: message" to stderr. */
void cli_error(const cli_ctx *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Usage error: message, then "try --help"; returns PC_EXIT_USAGE. */
int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Map a PC_E* code to an exit code. */
int cli_exit_for(int err);

/* Open the configured store (read_only for read commands). Prints errors; returns exit code. */
int cli_open_store(cli_ctx *ctx, bool read_only, pc_store **ret);

/* Standard getopt loop prologue: returns -1 when done. */
int cli_getopt(cli_ctx *ctx, int argc, char **argv, const char *shortopts,
               const struct option *longopts, const char *usage, int *ret_exit);

/* Read a whole file (or standard input for "-") into a malloc'd NUL-terminated buffer.
 * @return 0, PC_ELIMIT (larger than limit), PC_EIO (errno set), PC_ENOMEM. */
/**
 * The simulator's model parameters: built-in defaults < file (path, else <data.dir>/sim.conf
 * when it exists) < params ("key=value", from --param). Not checked (pc_sim_config_check).
 * @return PC_EXIT_OK, or the exit code after printing the error.
 */
struct pc_sim_config;
int cli_load_sim_config(cli_ctx *ctx, const char *path, const char *const *params, size_t n_params,
                        struct pc_sim_config *ret);

int cli_read_file(const char *path, size_t limit, char **ret, size_t *ret_len);

/* Commands */
int cmd_serve(cli_ctx *ctx, int argc, char **argv);
int cmd_show(cli_ctx *ctx, int argc, char **argv);
int cmd_export(cli_ctx *ctx, int argc, char **argv);
int cmd_version(cli_ctx *ctx, int argc, char **argv);
int cmd_carriers(cli_ctx *ctx, int argc, char **argv);
int cmd_parse(cli_ctx *ctx, int argc, char **argv);
int cmd_detect(cli_ctx *ctx, int argc, char **argv);
int cmd_import(cli_ctx *ctx, int argc, char **argv);
int cmd_import_csv(cli_ctx *ctx, int argc, char **argv); /* import csv (cmd_import_csv.c) */
int cmd_simulate(cli_ctx *ctx, int argc, char **argv);
/* simulate --into-store (cmd_simulate_store.c): shipments first .. first+n-1 into the store. */
struct pc_sim;
struct pc_sim_stats;
int cli_simulate_into_store(cli_ctx *ctx, const struct pc_sim *sim, uint64_t seed, uint64_t first,
                            uint64_t n, struct pc_sim_stats *ret_stats);
int cmd_track(cli_ctx *ctx, int argc, char **argv);
int cmd_poll(cli_ctx *ctx, int argc, char **argv);
int cmd_sandbox(cli_ctx *ctx, int argc, char **argv);
int cmd_tenant(cli_ctx *ctx, int argc, char **argv);
int cmd_train(cli_ctx *ctx, int argc, char **argv); /* cmd_predict.c */
int cmd_predict(cli_ctx *ctx, int argc, char **argv);
int cmd_eval(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv); /* cmd_report.c */
int cmd_not_yet(cli_ctx *ctx, int argc, char **argv);

/* serve --demo (cmd_demo.c): sandbox on accelerated time, seeded tenant, history, live shipments;
 * cfg's carriers are pointed at the sandbox. The clock/sleep pair drives the poller and the
 * predictor. */
typedef struct cli_demo cli_demo;
struct pc_registry;
int cli_demo_start(cli_ctx *ctx, pc_store *st, const struct pc_registry *reg, cli_demo **ret);
void cli_demo_free(cli_demo *d);
int64_t cli_demo_clock(void *demo);
void cli_demo_sleep(void *demo, int64_t seconds);
const char *cli_demo_key(const cli_demo *d);

#endif
