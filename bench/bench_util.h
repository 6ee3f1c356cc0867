/* Timing helpers shared by the benchmarks. */
#ifndef PC_BENCH_UTIL_H
#define PC_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Argument i as a whole number in [min, max], `def` when absent; exits 2 naming it otherwise. */
static inline long long bench_arg(int argc, char **argv, int i, long long def, long long min,
                                  long long max)
{
    if (i >= argc)
        return def;
    char *end;
    long long v = strtoll(argv[i], &end, 10);
    if (end == argv[i] || *end || v < min || v > max) {
        fprintf(stderr, "%s: argument %d must be a number in [%lld, %lld], got '%s'\n", argv[0], i,
                min, max, argv[i]);
        exit(2);
    }
    return v;
}

/* Median of v[0..n) (sorts v). */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Remove an LMDB store directory a benchmark run created (its two files, then the directory). */
static inline void bench_remove_store(const char dir[4096])
{
    char p[4200];
    if (snprintf(p, sizeof(p), "%s/data.mdb", dir) < (int)sizeof(p))
        unlink(p);
    if (snprintf(p, sizeof(p), "%s/lock.mdb", dir) < (int)sizeof(p))
        unlink(p);
    rmdir(dir);
}

#endif
