/*
 * Acknowledged writes survive kill -9. A forked writer commits batches (5 shipments x 10 events,
 * one transaction each) and reports each batch number on a pipe after the commit returns. The
 * parent kills it with SIGKILL at random moments, many times, restarting it where the
 * acknowledgements stopped. At the end every acknowledged batch is fully there, and every batch
 * in the store is whole (all 5 shipments with 10 events each, or none of it).
 */
#include "testsupport.h"

#include <parcelcast/store.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHIPS_PER_BATCH 5
#define EVENTS_PER_SHIP 10
#define ROUNDS          40
#define MAX_BATCHES     100000

struct batch {
    int n;
};

static int write_batch(pc_txn *tx, void *ctx)
{
    struct batch *b = ctx;
    for (int k = 0; k < SHIPS_PER_BATCH; k++) {
        pc_shipment s;
        char num[32];
        pc_shipment_init(&s);
        snprintf(num, sizeof(num), "K%06d-%d", b->n, k);
        if (pc_set_str(&s.carrier, "ups", (size_t)-1) < 0 ||
            pc_set_str(&s.tracking_number, num, (size_t)-1) < 0)
            return PC_ENOMEM;
        for (int e = 0; e < EVENTS_PER_SHIP; e++) {
            pc_event *ev;
            if (pc_shipment_add_event(&s, 0, &ev) < 0 ||
                pc_set_str(&ev->code, "AR", (size_t)-1) < 0)
                return PC_ENOMEM;
            ev->time = 1700000000 + b->n * 100 + e;
        }
        int rc = pc_store_put_shipment(tx, &s, 1700000000, NULL);
        pc_shipment_done(&s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void writer(const char *dir, int start, int fd)
{
    pc_store *st;
    char err[256];
    /* A small map so growth also happens under the kills. */
    pc_store_opts o = {.path = dir, .map_size = 1 << 20};
    if (pc_store_open(&o, &st, err, sizeof(err)) < 0)
        _exit(3);
    for (int n = start; n < MAX_BATCHES; n++) {
        struct batch b = {n};
        if (pc_store_write(st, write_batch, &b) < 0)
            _exit(4);
        if (write(fd, &n, sizeof(n)) != (ssize_t)sizeof(n))
            _exit(5);
    }
    _exit(0);
}

struct verify {
    int counts[MAX_BATCHES];
    int bad_events;
    int max_batch;
};

static int verify_cb(const pc_shipment *s, uint64_t id, void *ctx)
{
    (void)id;
    struct verify *v = ctx;
    int n = -1, k = -1;
    if (sscanf(s->tracking_number, "K%d-%d", &n, &k) != 2 || n < 0 || n >= MAX_BATCHES)
        return PC_EMALFORMED;
    v->counts[n]++;
    if (n > v->max_batch)
        v->max_batch = n;
    if (s->n_events != EVENTS_PER_SHIP)
        v->bad_events++;
    return 0;
}

static void test_kill9(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("crash");
    int acked = -1;
    srand(12345);
    for (int round = 0; round < ROUNDS; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            writer(dir, acked + 1, fds[1]);
        }
        close(fds[1]);
        /* Let it commit a random number of batches, then kill it mid-flight. */
        int want = 1 + rand() % 8, got = 0, n;
        while (got < want && read(fds[0], &n, sizeof(n)) == (ssize_t)sizeof(n)) {
            assert_int_equal(n, acked + 1);
            acked = n;
            got++;
        }
        struct timespec ts = {0, (long)(rand() % 3000) * 1000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        /* Acknowledgements already in the pipe count too. */
        while (read(fds[0], &n, sizeof(n)) == (ssize_t)sizeof(n)) {
            assert_int_equal(n, acked + 1);
            acked = n;
        }
        close(fds[0]);
        int status;
        waitpid(pid, &status, 0);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }
    assert_true(acked >= ROUNDS);

    pc_store *st;
    char err[256];
    pc_store_opts o = {.path = dir};
    assert_int_equal(pc_store_open(&o, &st, err, sizeof(err)), 0);
    pc_txn *tx;
    struct verify *v = calloc(1, sizeof(*v));
    assert_non_null(v);
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_store_scan_shipments(tx, verify_cb, v), 0);
    pc_store_read_end(tx);
    for (int n = 0; n <= acked; n++)
        if (v->counts[n] != SHIPS_PER_BATCH)
            fail_msg("acknowledged batch %d has %d of %d shipments", n, v->counts[n],
                     SHIPS_PER_BATCH);
    for (int n = acked + 1; n <= v->max_batch; n++)
        if (v->counts[n] != 0 && v->counts[n] != SHIPS_PER_BATCH)
            fail_msg("unacknowledged batch %d is half-written (%d shipments)", n, v->counts[n]);
    /* At most one batch can have committed without its acknowledgement being read. */
    assert_true(v->max_batch <= acked + 1);
    assert_int_equal(v->bad_events, 0);
    print_message("%d kills, %d batches acknowledged, all present and whole\n", ROUNDS, acked + 1);
    free(v);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill9),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
