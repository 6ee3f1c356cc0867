/*
 * bench_import: end-to-end import of simulated native carrier feeds (parse + normalize + commit
 * to the LMDB store, fsync per batch as parcelcast runs), beside jansson's or libxml2's own parse
 * and free of the same bodies (the ratio is the figure) and the adapters' parse alone.
 *
 * The feeds are made in memory before timing: shipment i of the simulator (seed 1) at the end of
 * its life, rendered by its carrier's adapter in the carrier's own format (what `parcelcast
 * simulate` writes to disk), so every carrier and format of the simulator's mix is in the run.
 * Each run imports into a fresh store in DIR.
 *
 *   bench_import [shipments=20000] [reps=3] [dir=$TMPDIR]
 */
#include "bench_util.h"

#include <parcelcast/adapter.h>
#include <parcelcast/ingest.h>
#include <parcelcast/sim.h>

#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const pc_adapter *const pc_bench_adapters[];

typedef struct feed {
    const pc_adapter *a;
    char *body;
    size_t len;
} feed;

static const pc_adapter *adapter_named(const char *name)
{
    for (size_t i = 0; pc_bench_adapters[i]; i++)
        if (strcmp(pc_bench_adapters[i]->name, name) == 0)
            return pc_bench_adapters[i];
    return NULL;
}

/* Shipment i at its end, rendered natively. 0, or -1 when it cannot be rendered. */
static int make_feed(const pc_sim *sim, uint64_t i, feed *f)
{
    pc_sim_truth tr;
    pc_shipment full;
    int status, rc = -1;
    if (pc_sim_shipment(sim, 1, i, &tr, &full) == 0) {
        f->a = adapter_named(tr.carrier);
        if (f->a && f->a->render &&
            f->a->render(&full, 1, NULL, 0, PC_FORMAT_AUTO, &f->body, &f->len, &status) == 0)
            rc = 0;
    }
    pc_shipment_done(&full);
    return rc;
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

    pc_sim_config scfg;
    pc_sim *sim;
    char err[256];
    pc_sim_config_default(&scfg);
    if (pc_sim_new(&scfg, &sim, err, sizeof(err)) < 0) {
        fprintf(stderr, "bench_import: %s\n", err);
        return 1;
    }
    feed *feeds = calloc(n, sizeof(*feeds));
    size_t nf = 0, bytes = 0;
    for (uint64_t i = 0; feeds && nf < n && i < 4 * n; i++) {
        if (make_feed(sim, i, &feeds[nf]) == 0)
            bytes += feeds[nf++].len;
    }
    pc_sim_free(sim);
    if (!feeds || nf < n) {
        fprintf(stderr, "bench_import: could only render %zu of %zu feeds\n", nf, n);
        return 1;
    }

    static const pc_parse_limits limits = PC_PARSE_LIMITS_DEFAULT;
    double ours[50], parse_only[50], raw[50];
    size_t events = 0, committed = 0;
    for (int r = 0; r < reps; r++) {
        char dir[4096];
        snprintf(dir, sizeof(dir), "%s/pc-bench-import-%d-%d", tmp, (int)getpid(), r);
        pc_store *st;
        pc_store_opts so = {.path = dir};
        if (pc_store_open(&so, &st, err, sizeof(err)) < 0) {
            fprintf(stderr, "bench_import: %s\n", err);
            return 1;
        }
        pc_importer *imp;
        double t0 = bench_now();
        int rc = pc_importer_new(st, 0, 1700000000, &imp);
        for (size_t i = 0; rc == 0 && i < nf; i++) {
            pc_diag d;
            rc = pc_importer_add_body(imp, feeds[i].a, feeds[i].body, feeds[i].len, &limits, &d);
        }
        const pc_import_stats *s = imp ? pc_importer_stats(imp) : NULL;
        size_t seen = s ? s->events_seen : 0, malformed = s ? s->malformed : 0;
        if (pc_importer_free(imp) < 0 || rc < 0 || malformed) {
            fprintf(stderr, "bench_import: import failed (%zu malformed)\n", malformed);
            return 1;
        }
        ours[r] = bench_now() - t0;
        events = seen;
        pc_txn *tx;
        pc_store_stats ss;
        if (pc_store_read_begin(st, &tx) == 0) {
            if (pc_store_stats_get(tx, &ss) == 0)
                committed = (size_t)ss.events;
            pc_store_read_end(tx);
        }
        pc_store_close(st);
        bench_remove_store(dir);

        t0 = bench_now();
        for (size_t i = 0; i < nf; i++) {
            pc_parse_result res;
            pc_diag d;
            pc_parse_input in = {.data = feeds[i].body, .len = feeds[i].len, .limits = &limits};
            pc_adapter_parse(feeds[i].a, &in, 0, &res, &d);
            pc_parse_result_done(&res);
        }
        parse_only[r] = bench_now() - t0;

        t0 = bench_now();
        for (size_t i = 0; i < nf; i++) {
            if (feeds[i].body[0] == '<') {
                xmlDocPtr doc =
                    xmlReadMemory(feeds[i].body, (int)feeds[i].len, NULL, NULL, XML_PARSE_NONET);
                xmlFreeDoc(doc);
            } else {
                json_decref(json_loadb(feeds[i].body, feeds[i].len, 0, NULL));
            }
        }
        raw[r] = bench_now() - t0;
    }
    double mo = bench_median(ours, reps), mp = bench_median(parse_only, reps),
           mr = bench_median(raw, reps);
    printf("bench_import: %zu simulated feeds (all carriers, native formats), %.1f MB, %zu "
           "events (%zu stored after de-duplication), %d runs, medians\n",
           nf, (double)bytes / 1e6, events, committed, reps);
    printf("%-34s %12s %10s %8s\n", "", "events/s", "MB/s", "ratio");
    printf("%-34s %12.0f %10.1f %8.2f\n", "import (parse+normalize+commit)", (double)events / mo,
           (double)bytes / mo / 1e6, mr / mo);
    printf("%-34s %12.0f %10.1f %8.2f\n", "adapters' parse alone", (double)events / mp,
           (double)bytes / mp / 1e6, mr / mp);
    printf("%-34s %12.0f %10.1f %8s\n", "raw jansson/libxml2 parse+free", (double)events / mr,
           (double)bytes / mr / 1e6, "1.00");
    for (size_t i = 0; i < nf; i++)
        free(feeds[i].body);
    free(feeds);
    return 0;
}
