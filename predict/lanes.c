/* Lane table: log-hours from the first event to the delivery, per lane, turned into a shrunken
 * deviation from the mean (a lane seen n times keeps n / (n + PC__LANE_PRIOR) of its own
 * deviation): the model's one feature about where a parcel is going. */
#include "model_internal.h"

#include <parcelcast/error.h>

#include <stdlib.h>
#include <string.h>

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

static long slot_of(const pc__lanes *t, const char *lane)
{
    if (t->cap == 0)
        return -1;
    size_t k = fnv(lane) & (t->cap - 1);
    while (t->key[k]) {
        if (strcmp(t->key[k], lane) == 0)
            return (long)k;
        k = (k + 1) & (t->cap - 1);
    }
    return -(long)k - 2; /* free slot k */
}

static int grow(pc__lanes *t)
{
    pc__lanes g = {0};
    g.cap = t->cap ? t->cap * 2 : 256;
    g.key = calloc(g.cap, sizeof(*g.key));
    g.sum = calloc(g.cap, sizeof(*g.sum));
    g.n = calloc(g.cap, sizeof(*g.n));
    if (!g.key || !g.sum || !g.n) {
        pc__lanes_done(&g);
        return PC_ENOMEM;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->key[i])
            continue;
        size_t k = fnv(t->key[i]) & (g.cap - 1);
        while (g.key[k])
            k = (k + 1) & (g.cap - 1);
        g.key[k] = t->key[i];
        g.sum[k] = t->sum[i];
        g.n[k] = t->n[i];
        g.count++;
    }
    free(t->key);
    free(t->sum);
    free(t->n);
    *t = g;
    return 0;
}

int pc__lanes_add(pc__lanes *t, const char *lane, double value, double weight)
{
    if (2 * (t->count + 1) > t->cap && grow(t) < 0)
        return PC_ENOMEM;
    long k = slot_of(t, lane);
    if (k < -1) {
        k = -k - 2;
        if (!(t->key[k] = strdup(lane)))
            return PC_ENOMEM;
        t->count++;
    }
    t->sum[k] += value;
    t->n[k] += weight;
    return 0;
}

double pc__lanes_value(const pc__lanes *t, const char *lane)
{
    long k = slot_of(t, lane);
    return k >= 0 ? t->sum[k] : 0.0;
}

void pc__lanes_finish(pc__lanes *t)
{
    double sum = 0, n = 0;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->key[i])
            continue;
        sum += t->sum[i];
        n += t->n[i];
    }
    double mean = n > 0 ? sum / n : 0;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->key[i])
            continue;
        double ni = t->n[i];
        t->sum[i] = (t->sum[i] / ni - mean) * ni / (ni + PC__LANE_PRIOR);
    }
}

void pc__lanes_done(pc__lanes *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->key ? t->key[i] : NULL);
    free(t->key);
    free(t->sum);
    free(t->n);
    memset(t, 0, sizeof(*t));
}

double pc__lane_dev(const pc__lanes *t, const pc_shipment *s)
{
    if (t->count == 0)
        return 0;
    char lane[160];
    pc_store_lane(s, lane, sizeof(lane));
    return lane[0] ? pc__lanes_value(t, lane) : 0.0;
}
