/*
 * bench_poll: the poller against the sandbox on loopback. N simulated shipments (every carrier
 * of the model) are registered due now and polled once at a moment when most are under way;
 * the run is timed, and the poller's own CPU time is taken from its thread's clock so that the
 * sandbox (other threads of this process, on the same 2 cores) does not count against it.
 *
 *   bench_poll [shipments=20000] [reps=3] [dir=$TMPDIR]
 */
#include "bench_util.h"

#include <parcelcast/adapter.h>
#include <parcelcast/config.h>
#include <parcelcast/poller.h>
#include <parcelcast/sandbox.h>
#include <parcelcast/sim.h>
#include <parcelcast/store.h>

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

extern const pc_adapter *const pc_bench_adapters[];

static int64_t fixed_now;

static int64_t bench_clock(void *ctx)
{
    (void)ctx;
    return fixed_now;
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

typedef struct reg_ctx {
    pc_sandbox *sb;
    size_t n;
    int64_t now;
} reg_ctx;

static int register_all(pc_txn *tx, void *ctx)
{
    reg_ctx *r = ctx;
    for (size_t i = 0; i < r->n; i++) {
        pc_sim_truth tr;
        int rc = pc_sandbox_truth(r->sb, i, &tr);
        if (rc < 0)
            return rc;
        pc_shipment s;
        pc_shipment_init(&s);
        s.carrier = (char *)tr.carrier;
        s.tracking_number = tr.tracking_number;
        pc_put_result pr;
        if ((rc = pc_store_put_shipment(tx, &s, r->now, &pr)) < 0)
            return rc;
    }
    return 0;
}

static int set(pc_config *cfg, const char *key, const char *value)
{
    char err[256];
    if (pc_config_set(cfg, key, value, err, sizeof(err)) == 0)
        return 0;
    fprintf(stderr, "bench_poll: %s\n", err);
    return -1;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 20000;
    int reps = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
    const char *tmp = argc > 3 ? argv[3] : getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    if (n == 0 || reps < 1 || reps > 50)
        return 2;
    gsl_set_error_handler_off();

    char err[512];
    pc_registry *reg;
    if (pc_registry_new(&reg) < 0)
        return 1;
    for (size_t i = 0; pc_bench_adapters[i]; i++)
        if (pc_registry_add(reg, pc_bench_adapters[i], "static", err, sizeof(err)) < 0) {
            fprintf(stderr, "bench_poll: %s\n", err);
            return 1;
        }
    pc_sim_config scfg;
    pc_sim_config_default(&scfg);
    if (pc_sim_config_set(&scfg, "sim.days", "2", err, sizeof(err)) < 0)
        return 1;
    /* Four days after the first label: most parcels are under way or delivered. */
    fixed_now = scfg.start + 4 * 86400;
    pc_sandbox *sb;
    pc_sandbox_opts so = {.registry = reg,
                          .sim_config = &scfg,
                          .seed = 1,
                          .shipments = n,
                          .speed = 0,
                          .start = fixed_now,
                          .threads = 2};
    if (pc_sandbox_start(&so, &sb, err, sizeof(err)) < 0) {
        fprintf(stderr, "bench_poll: sandbox: %s\n", err);
        return 1;
    }
    pc_config cfg;
    if (pc_config_init(&cfg, NULL) < 0)
        return 1;
    if (pc_sandbox_configure(sb, reg, "bench", &cfg, err, sizeof(err)) < 0) {
        fprintf(stderr, "bench_poll: %s\n", err);
        return 1;
    }
    if (set(&cfg, "poll.rate", "0") < 0 || set(&cfg, "poll.concurrency", "8") < 0)
        return 1;

    double wall[50], cpu[50];
    uint64_t requests = 0, numbers = 0, events = 0;
    long rss_before = rss_kb(), rss_peak = 0;
    for (int r = 0; r < reps; r++) {
        char dir[4096];
        snprintf(dir, sizeof(dir), "%s/pc-bench-poll-%d-%d", tmp, (int)getpid(), r);
        pc_store *st;
        pc_store_opts sto = {.path = dir};
        if (pc_store_open(&sto, &st, err, sizeof(err)) < 0) {
            fprintf(stderr, "bench_poll: %s\n", err);
            return 1;
        }
        reg_ctx rc = {sb, n, fixed_now};
        pc_poller *p;
        pc_poller_opts po = {
            .store = st, .registry = reg, .config = &cfg, .clock = bench_clock, .seed = 1};
        if (pc_store_write(st, register_all, &rc) < 0 ||
            pc_poller_new(&po, &p, err, sizeof(err)) < 0) {
            fprintf(stderr, "bench_poll: setup failed %s\n", err);
            return 1;
        }
        pc_poller_stats run;
        double t0 = bench_now(), c0 = thread_cpu();
        int prc = pc_poller_run_once(p, fixed_now, &run);
        cpu[r] = thread_cpu() - c0;
        wall[r] = bench_now() - t0;
        if (prc < 0) {
            fprintf(stderr, "bench_poll: run failed: %s\n", pc_strerror(prc));
            return 1;
        }
        long rss = rss_kb();
        if (rss > rss_peak)
            rss_peak = rss;
        requests = numbers = events = 0;
        for (size_t c = 0; c < run.n_carriers; c++) {
            requests += run.carriers[c].requests;
            numbers += run.carriers[c].numbers_polled;
            events += run.carriers[c].events_gained;
        }
        pc_poller_free(p);
        pc_store_close(st);
        bench_remove_store(dir);
    }
    double mw = bench_median(wall, reps), mc = bench_median(cpu, reps);
    printf("bench_poll: %zu shipments polled once against the sandbox (loopback, every carrier),"
           " %d runs, medians\n",
           n, reps);
    printf("  requests %llu, numbers answered %llu, events stored %llu per run\n",
           (unsigned long long)requests, (unsigned long long)numbers, (unsigned long long)events);
    printf("  wall: %.0f requests/s, %.0f numbers/s, %.0f events/s (sandbox in the same "
           "process, same 2 cores)\n",
           (double)requests / mw, (double)numbers / mw, (double)events / mw);
    printf("  poller thread CPU: %.0f us per request, %.0f requests per CPU-second\n",
           mc / (double)requests * 1e6, (double)requests / mc);
    printf("  resident memory: %ld KiB before the runs, %ld KiB peak (sandbox included)\n",
           rss_before, rss_peak);
    pc_config_done(&cfg);
    pc_sandbox_stop(sb);
    pc_registry_free(reg);
    return 0;
}
