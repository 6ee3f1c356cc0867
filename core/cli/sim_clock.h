/* serve --sim-clock URL (sim_clock.c): a separate `parcelcast sandbox`'s simulated clock, read
 * from its /_sandbox/clock at start, extrapolated with its speed and re-synced every few real
 * seconds. serve gives it to the poller and the predictor (and through the predictor to the API);
 * the notifier stays on real time (see docs/sandbox.md, "serve on the sandbox's clock"). */
#ifndef PC_CLI_SIM_CLOCK_H
#define PC_CLI_SIM_CLOCK_H

#include "cli.h"

#include <stdint.h>

typedef struct cli_simclock cli_simclock;

/* Seconds of real time between two reads of the sandbox's clock. */
#define CLI_SIMCLOCK_RESYNC 2

/**
 * Read the clock at `url` (the sandbox's base URL, as `parcelcast sandbox` prints it, or the
 * full .../_sandbox/clock URL) and start the re-sync thread. A bad URL, an unreachable sandbox
 * or an answer without `unix` and `speed` is printed naming the URL and what was wrong.
 * @return PC_EXIT_OK, PC_EXIT_USAGE (bad URL, unreachable, bad answer), PC_EXIT_SOFTWARE.
 */
int cli_simclock_start(cli_ctx *ctx, const char *url, cli_simclock **ret);

/* Stop the re-sync thread and free. Accepts NULL. */
void cli_simclock_free(cli_simclock *c);

/* The simulated time now (UTC seconds), never going backwards. For the `clock` hooks. */
int64_t cli_simclock_now(void *c);

/* Wait `seconds` of simulated time (at most one real second: callers check their stop flags).
 * For the `sleep` hooks. */
void cli_simclock_sleep(void *c, int64_t seconds);

/* Real seconds (at least 1) that `sim_seconds` of simulated time take at the current speed
 * (sim_seconds itself when the clock is frozen). */
int cli_simclock_real_seconds(const cli_simclock *c, int sim_seconds);

/**
 * Parse a /_sandbox/clock answer: {"time":"...","unix":N,"speed":X}.
 * @return 0 with *ret_unix and *ret_speed, or -1 with a message in err.
 */
int cli_simclock_parse(const char *body, size_t len, int64_t *ret_unix, double *ret_speed,
                       char *err, size_t errlen);

#endif
