/* GET /metrics: Prometheus text exposition (version 0.0.4) of the HTTP routes (requests by
 * status class, latency histograms), the poller (per carrier), the store (shipments, events,
 * outbox depth) and the predictor (model age, active and at-risk shipments). Counters are
 * lock-free atomics updated by every request. */
#include "api.h"
#include "view_cache.h"

#include <parcelcast/error.h>
#include <parcelcast/poller.h>
#include <parcelcast/predictor.h>
#include <parcelcast/server.h>

#include <microhttpd.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const double bucket_le[PC__METRIC_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                     0.025,  0.05,  0.1,    0.25,  1.0};

void pc__metrics_record(pc__metrics *m, int route, unsigned status, double seconds)
{
    if (route < 0 || route >= PC__METRIC_ROUTES)
        route = PC__METRIC_ROUTES - 1; /* unrouted: 404, 405, 413 before routing */
    pc__route_metrics *r = &m->route[route];
    int cls = status >= 500 ? 3 : status >= 400 ? 2 : status >= 300 ? 1 : 0;
    atomic_fetch_add_explicit(&r->by_class[cls], 1, memory_order_relaxed);
    for (int b = 0; b < PC__METRIC_BUCKETS; b++)
        if (seconds <= bucket_le[b])
            atomic_fetch_add_explicit(&r->bucket[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&r->micros, (uint64_t)(seconds * 1e6), memory_order_relaxed);
}

typedef struct text {
    char *p;
    size_t len, cap;
    int failed;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(text *t, const char *fmt, ...)
{
    if (t->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->p ? t->p + t->len : NULL, t->p ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = 1;
            return;
        }
        if (t->p && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = t->cap ? t->cap * 2 : 8192;
        while (cap < t->len + (size_t)n + 1)
            cap *= 2;
        char *p = realloc(t->p, cap);
        if (!p) {
            t->failed = 1;
            return;
        }
        t->p = p;
        t->cap = cap;
    }
}

void pc__metrics_route(pc_server *srv, struct MHD_Connection *c, const char *path,
                       const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    (void)path;
    (void)req;
    const pc_server_opts *o = pc__api_opts(srv);
    pc__metrics *m = pc__api_metrics(srv);
    text t = {0};
    static const char *cls[4] = {"2xx", "3xx", "4xx", "5xx"};
    put(&t, "# HELP parcelcast_http_requests_total HTTP requests answered, by route and status "
            "class.\n# TYPE parcelcast_http_requests_total counter\n");
    for (int i = 0; i < PC__METRIC_ROUTES; i++) {
        const char *method, *route;
        pc__api_route_name(i, &method, &route);
        for (int k = 0; k < 4; k++) {
            uint64_t v = atomic_load_explicit(&m->route[i].by_class[k], memory_order_relaxed);
            if (v)
                put(&t,
                    "parcelcast_http_requests_total{method=\"%s\",route=\"%s\",code=\"%s\"} "
                    "%llu\n",
                    method, route, cls[k], (unsigned long long)v);
        }
    }
    put(&t,
        "# HELP parcelcast_http_request_duration_seconds Seconds from the request's headers "
        "to its reply being queued.\n# TYPE parcelcast_http_request_duration_seconds histogram\n");
    for (int i = 0; i < PC__METRIC_ROUTES; i++) {
        const pc__route_metrics *r = &m->route[i];
        uint64_t count = 0;
        for (int k = 0; k < 4; k++)
            count += atomic_load_explicit(&r->by_class[k], memory_order_relaxed);
        if (!count)
            continue;
        const char *method, *route;
        pc__api_route_name(i, &method, &route);
        for (int b = 0; b < PC__METRIC_BUCKETS; b++)
            put(&t,
                "parcelcast_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
                "le=\"%g\"} %llu\n",
                method, route, bucket_le[b],
                (unsigned long long)atomic_load_explicit(&r->bucket[b], memory_order_relaxed));
        put(&t,
            "parcelcast_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
            "le=\"+Inf\"} %llu\n"
            "parcelcast_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n"
            "parcelcast_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n",
            method, route, (unsigned long long)count, method, route,
            (double)atomic_load_explicit(&r->micros, memory_order_relaxed) / 1e6, method, route,
            (unsigned long long)count);
    }
    pc_txn *tx;
    pc_store_stats ss;
    if (pc_store_read_begin(o->store, &tx) == 0) {
        int rc = pc_store_stats_get(tx, &ss);
        pc_store_read_end(tx);
        if (rc == 0)
            put(&t,
                "# TYPE parcelcast_shipments gauge\nparcelcast_shipments %zu\n"
                "# TYPE parcelcast_events gauge\nparcelcast_events %zu\n"
                "# HELP parcelcast_outbox_depth Notices waiting in the outbox.\n"
                "# TYPE parcelcast_outbox_depth gauge\nparcelcast_outbox_depth %zu\n"
                "# TYPE parcelcast_store_map_bytes gauge\nparcelcast_store_map_bytes %zu\n",
                ss.shipments, ss.events, ss.outbox, ss.map_size);
    }
    pc_poller *poller = pc__api_poller(srv);
    if (poller) {
        pc_poller_stats *ps = malloc(sizeof(*ps));
        if (ps) {
            pc_poller_stats_get(poller, ps);
            put(&t,
                "# TYPE parcelcast_poller_runs_total counter\nparcelcast_poller_runs_total "
                "%llu\n",
                (unsigned long long)ps->runs);
            put(&t, "# TYPE parcelcast_poller_requests_total counter\n"
                    "# TYPE parcelcast_poller_events_total counter\n"
                    "# TYPE parcelcast_poller_delivered_total counter\n"
                    "# TYPE parcelcast_poller_errors_total counter\n");
            for (size_t i = 0; i < ps->n_carriers; i++) {
                const pc_poller_carrier_stats *cs = &ps->carriers[i];
                put(&t,
                    "parcelcast_poller_requests_total{carrier=\"%s\"} %llu\n"
                    "parcelcast_poller_events_total{carrier=\"%s\"} %llu\n"
                    "parcelcast_poller_delivered_total{carrier=\"%s\"} %llu\n",
                    cs->carrier, (unsigned long long)cs->requests, cs->carrier,
                    (unsigned long long)cs->events_gained, cs->carrier,
                    (unsigned long long)cs->delivered);
                for (int k = 0; k < PC_PE__COUNT; k++)
                    if (cs->errors[k])
                        put(&t, "parcelcast_poller_errors_total{carrier=\"%s\",kind=\"%s\"} %llu\n",
                            cs->carrier, pc_poll_error_name((pc_poll_error_kind)k),
                            (unsigned long long)cs->errors[k]);
            }
            free(ps);
        }
    }
    if (pc__api_view_cache(srv)) {
        pc__view_cache_stats vs;
        pc__view_cache_stats_get(pc__api_view_cache(srv), &vs);
        put(&t,
            "# HELP parcelcast_view_cache_hits_total Shipment views answered from a kept text "
            "(api.view_cache).\n# TYPE parcelcast_view_cache_hits_total counter\n"
            "parcelcast_view_cache_hits_total %llu\n"
            "# TYPE parcelcast_view_cache_misses_total counter\n"
            "parcelcast_view_cache_misses_total %llu\n"
            "# TYPE parcelcast_view_cache_bytes gauge\nparcelcast_view_cache_bytes %zu\n",
            (unsigned long long)vs.hits, (unsigned long long)vs.misses, vs.bytes);
    }
    if (o->predictor) {
        pc_predictor_stats ps;
        pc_predictor_get_stats(o->predictor, &ps);
        int64_t now = pc_predictor_now(o->predictor);
        put(&t,
            "# HELP parcelcast_model_age_seconds Seconds since the model in use was trained "
            "(-1: priors, never trained).\n# TYPE parcelcast_model_age_seconds gauge\n"
            "parcelcast_model_age_seconds %lld\n",
            ps.model_trained == PC_TIME_NONE ? -1LL : (long long)(now - ps.model_trained));
        put(&t,
            "# TYPE parcelcast_predictor_active gauge\nparcelcast_predictor_active %zu\n"
            "# TYPE parcelcast_predictor_at_risk gauge\nparcelcast_predictor_at_risk %zu\n"
            "# TYPE parcelcast_predictor_passes_total counter\n"
            "parcelcast_predictor_passes_total %zu\n",
            ps.active, ps.at_risk, ps.passes);
    }
    if (t.failed) {
        free(t.p);
        pc__api_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
        return;
    }
    out->status = MHD_HTTP_OK;
    out->text = t.p ? t.p : strdup("");
    out->content_type = "text/plain; version=0.0.4";
}
