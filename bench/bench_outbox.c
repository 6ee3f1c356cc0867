/* bench_outbox: notices delivered per second from the outbox to a local webhook receiver
 * (libmicrohttpd in this process, answering 200), signed, acknowledged and deleted durably.
 * Usage: bench_outbox [N=20000 [RUNS=3]] */
#include "bench_util.h"

#include <parcelcast/error.h>
#include <parcelcast/notify.h>
#include <parcelcast/store.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_ulong received;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *data_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)data;
    if (!*con_cls) {
        *con_cls = (void *)1;
        return MHD_YES;
    }
    if (*data_size) {
        *data_size = 0;
        return MHD_YES;
    }
    atomic_fetch_add(&received, 1);
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

struct fill {
    uint32_t tenant;
    char url[128];
    size_t n;
    int64_t now;
    bool setup;
};

static int fill_fn(pc_txn *tx, void *ctx)
{
    struct fill *f = ctx;
    int rc;
    if (f->setup) {
        char secret[PC_WEBHOOK_SECRET_SIZE], err[256];
        if ((rc = pc_store_add_tenant(tx, "bench", &f->tenant)) < 0 ||
            (rc = pc_webhook_add(tx, f->tenant, f->url, NULL, 0, f->now, NULL, secret, err,
                                 sizeof(err))) < 0)
            return rc;
    }
    pc_shipment s;
    pc_shipment_init(&s);
    char num[32];
    for (size_t i = 0; i < f->n; i++) {
        snprintf(num, sizeof(num), "1ZBENCH%08zu", i);
        s.carrier = (char *)"ups";
        s.tracking_number = num;
        s.tenant_id = f->tenant;
        s.status = PC_STATUS_DELIVERED;
        if ((rc = pc_notice_enqueue(tx, f->tenant, PC_NOTICE_DELIVERED, &s, NULL, f->now)) < 0)
            return rc;
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = (size_t)bench_arg(argc, argv, 1, 20000, 1, 10000000);
    int runs = (int)bench_arg(argc, argv, 2, 3, 1, 100);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0,
                                            NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &sa,
                                            MHD_OPTION_THREAD_POOL_SIZE, 1u, MHD_OPTION_END);
    if (!d)
        return 1;
    int port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
    double *rate = calloc((size_t)runs, sizeof(double));
    for (int r = 0; r < runs; r++) {
        char dir[4096];
        snprintf(dir, sizeof(dir), "%s/pc-bench-outbox-%d",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
        bench_remove_store(dir);
        pc_store_opts so = {.path = dir};
        pc_store *st;
        char err[512];
        if (pc_store_open(&so, &st, err, sizeof(err)) < 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        struct fill f = {.n = n, .now = 1700000000, .setup = true};
        snprintf(f.url, sizeof(f.url), "http://127.0.0.1:%d/hook", port);
        if (pc_store_write(st, fill_fn, &f) < 0)
            return 1;
        pc_notifier_opts no = {.store = st, .concurrency = 16, .max_per_run = 1000};
        pc_notifier *nt;
        if (pc_notifier_new(&no, &nt, err, sizeof(err)) < 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        atomic_store(&received, 0);
        double t0 = bench_now();
        size_t left = n;
        for (int guard = 0; left > 0 && guard < 100000; guard++) {
            pc_notifier_stats s;
            if (pc_notifier_run_once(nt, f.now, &s) < 0)
                return 1;
            pc_notify_outbox_depth(st, &left);
        }
        rate[r] = (double)n / (bench_now() - t0);
        pc_notifier_free(nt);
        pc_store_close(st);
        bench_remove_store(dir);
        if (atomic_load(&received) < n) {
            fprintf(stderr, "only %lu of %zu received\n", atomic_load(&received), n);
            return 1;
        }
    }
    qsort(rate, (size_t)runs, sizeof(double), bench_cmp_double);
    printf("bench/outbox: %zu signed webhook notices from the outbox to a local receiver "
           "(concurrency 16, durable acknowledgement per run of up to 1,000): median of %d "
           "runs %.0f notices/s (min %.0f, max %.0f)\n",
           n, runs, rate[runs / 2], rate[0], rate[runs - 1]);
    free(rate);
    MHD_stop_daemon(d);
    return 0;
}
