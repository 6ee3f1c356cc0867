/* The carrier's estimated delivery dates as they were known over time. The store keeps only a
 * shipment's latest carrier_eta; replaying history at an earlier moment needs the estimate of
 * that moment, so every change is noted here (blob "edd:<id>": pairs of big-endian
 * known_at, eta, in known_at order). */
#include "model_internal.h"

#include <parcelcast/error.h>

#include "store/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EDD_MAX 64 /* revisions kept per shipment (the newest) */

static void edd_name(uint64_t id, char *buf, size_t size)
{
    snprintf(buf, size, "edd:%llu", (unsigned long long)id);
}

int pc_edd_load(pc_txn *tx, uint64_t id, pc_edd *ret, size_t max, size_t *ret_n)
{
    char name[40];
    edd_name(id, name, sizeof(name));
    void *blob;
    size_t len;
    *ret_n = 0;
    int rc = pc_store_get_blob(tx, name, &blob, &len);
    if (rc == PC_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    const unsigned char *p = blob;
    size_t n = len / 16;
    if (len % 16) {
        free(blob);
        return PC_EMALFORMED;
    }
    size_t skip = n > max ? n - max : 0;
    for (size_t i = skip; i < n; i++) {
        ret[i - skip].known_at = pc__time_unkey(pc__rd64(p + 16 * i));
        ret[i - skip].eta = pc__time_unkey(pc__rd64(p + 16 * i + 8));
    }
    *ret_n = n - skip;
    free(blob);
    return 0;
}

int pc_edd_note(pc_txn *tx, uint64_t id, int64_t known_at, int64_t eta)
{
    if (eta == PC_TIME_NONE || known_at == PC_TIME_NONE)
        return 0;
    pc_edd e[EDD_MAX + 1];
    size_t n;
    int rc = pc_edd_load(tx, id, e, EDD_MAX, &n);
    if (rc < 0)
        return rc;
    /* the estimate in force at known_at: unchanged means nothing to note */
    size_t at = n;
    while (at > 0 && e[at - 1].known_at > known_at)
        at--;
    if (at > 0 && e[at - 1].eta == eta)
        return 0;
    if (at > 0 && e[at - 1].known_at == known_at) {
        e[at - 1].eta = eta;
    } else {
        memmove(&e[at + 1], &e[at], (n - at) * sizeof(*e));
        e[at] = (pc_edd){known_at, eta};
        n++;
    }
    size_t first = n > EDD_MAX ? n - EDD_MAX : 0;
    unsigned char buf[16 * (EDD_MAX + 1)];
    for (size_t i = first; i < n; i++) {
        pc__be64(buf + 16 * (i - first), pc__time_key(e[i].known_at));
        pc__be64(buf + 16 * (i - first) + 8, pc__time_key(e[i].eta));
    }
    char name[40];
    edd_name(id, name, sizeof(name));
    return pc_store_put_blob(tx, name, buf, 16 * (n - first));
}

int64_t pc__edd_at(const pc_edd *e, size_t n, int64_t t)
{
    int64_t v = PC_TIME_NONE;
    for (size_t i = 0; i < n && e[i].known_at <= t; i++)
        v = e[i].eta;
    return v;
}
