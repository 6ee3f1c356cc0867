/* bench_predict: training time on N simulated delivered shipments (in memory, one core),
 * predictions per second on shipments cut at random moments, and the model's size.
 * Usage: bench_predict [N_TRAIN [RUNS]]   (defaults 1000000, 5) */
#include "bench_util.h"

#include <parcelcast/predict.h>
#include <parcelcast/sim.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define N_TEST 20000

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long n_train = (long)bench_arg(argc, argv, 1, 1000000, 1000, 100000000);
    int runs = (int)bench_arg(argc, argv, 2, 5, 1, 100);
    pc_sim_config cfg;
    pc_sim_config_default(&cfg);
    char err[512];
    pc_sim *sim;
    if (pc_sim_new(&cfg, &sim, err, sizeof(err)) < 0) {
        fprintf(stderr, "sim: %s\n", err);
        return 1;
    }
    pc_trainer *tr;
    if (pc_trainer_new(NULL, &tr) < 0)
        return 1;
    /* two passes over the same generated shipments (lanes, then points); only the trainer's
     * own calls are timed */
    double t_train = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (long i = 0; i < n_train; i++) {
            pc_sim_truth truth;
            pc_shipment s;
            if (pc_sim_shipment(sim, 1, (uint64_t)i, &truth, &s) < 0)
                return 1;
            s.promised_by = truth.promised_by;
            double t0 = cpu_now();
            int rc = pass == 0 ? pc_trainer_note(tr, &s, PC_TIME_NONE)
                               : pc_trainer_add(tr, &s, PC_TIME_NONE);
            t_train += cpu_now() - t0;
            pc_shipment_done(&s);
            if (rc < 0)
                return 1;
        }
    }
    pc_model *m;
    pc_train_stats ts;
    double t0 = cpu_now();
    if (pc_trainer_fit(tr, &m, &ts, err, sizeof(err)) < 0) {
        fprintf(stderr, "fit: %s\n", err);
        return 1;
    }
    double t_fit = cpu_now() - t0;
    pc_trainer_free(tr);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    void *blob;
    size_t blob_len;
    if (pc_model_save(m, &blob, &blob_len) < 0)
        return 1;
    free(blob);
    printf("training: %ld shipments, %zu prediction points (+%zu held out), %zu carriers\n",
           n_train, ts.examples, ts.calib_examples, ts.carriers);
    printf("  trainer CPU %.1f s (accumulate %.1f s + fit/calibrate %.1f s), peak RSS %.0f MB "
           "(generator included)\n",
           t_train + t_fit, t_train, t_fit, (double)ru.ru_maxrss / 1024.0);
    printf("  model: %zu bytes serialized\n", blob_len);

    /* test shipments cut at a random moment of their life */
    pc_shipment *test = calloc(N_TEST, sizeof(*test));
    int64_t *at = calloc(N_TEST, sizeof(*at));
    if (!test || !at)
        return 1;
    for (int i = 0; i < N_TEST; i++) {
        pc_sim_truth truth;
        pc_shipment full;
        if (pc_sim_shipment(sim, 2, (uint64_t)i, &truth, &full) < 0)
            return 1;
        at[i] = pc_sim_moment(&truth, (unsigned)(i % 7), 8);
        if (pc_sim_snapshot(&truth, &full, at[i], &test[i]) < 0 && test[i].carrier == NULL)
            return 1;
        test[i].promised_by = truth.promised_by;
        pc_shipment_done(&full);
    }
    double *rate = calloc((size_t)runs, sizeof(double));
    volatile int64_t sink = 0;
    for (int r = 0; r < runs; r++) {
        double s0 = cpu_now();
        for (int i = 0; i < N_TEST; i++) {
            pc_eta e;
            pc_model_predict(m, &test[i], at[i], &e);
            sink += e.time;
        }
        rate[r] = N_TEST / (cpu_now() - s0);
    }
    qsort(rate, (size_t)runs, sizeof(double), bench_cmp_double);
    printf("prediction: %d shipments at random moments, median of %d runs: %.0f predictions/s "
           "on one core (min %.0f, max %.0f)\n",
           N_TEST, runs, rate[runs / 2], rate[0], rate[runs - 1]);
    (void)sink;
    for (int i = 0; i < N_TEST; i++)
        pc_shipment_done(&test[i]);
    free(test);
    free(at);
    free(rate);
    pc_model_free(m);
    pc_sim_free(sim);
    return 0;
}
