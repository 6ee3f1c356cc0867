#define _XOPEN_SOURCE 700
#include "testsupport.h"

#include <stdatomic.h>

#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <curl/curl.h>
#include <time.h>
#include <unistd.h>

const pc_adapter *pc_test_adapter(const char *name)
{
    for (size_t i = 0; pc_test_adapters[i]; i++)
        if (strcmp(pc_test_adapters[i]->name, name) == 0)
            return pc_test_adapters[i];
    return NULL;
}

char *pc_test_read_file(const char *path, size_t *ret_len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[len] = '\0';
    if (ret_len)
        *ret_len = len;
    return buf;
}

char *pc_test_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof(tmpl), "%s/pc-%s-XXXXXX", base && *base ? base : "/tmp", tag);
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void pc_test_rmdir(const char *path)
{
    if (path)
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Read both pipes until EOF without deadlocking on a full pipe. */
static void drain(int fd_out, int fd_err, char **out, char **err)
{
    struct {
        int fd;
        char *buf;
        size_t len, cap;
    } s[2] = {{fd_out, NULL, 0, 0}, {fd_err, NULL, 0, 0}};
    int open_fds = 2;
    while (open_fds) {
        struct pollfd p[2];
        int n = 0, idx[2];
        for (int i = 0; i < 2; i++)
            if (s[i].fd >= 0) {
                p[n].fd = s[i].fd;
                p[n].events = POLLIN;
                idx[n++] = i;
            }
        if (poll(p, (nfds_t)n, -1) < 0)
            break;
        for (int k = 0; k < n; k++) {
            if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            int i = idx[k];
            if (s[i].cap - s[i].len < 4097) {
                s[i].cap = s[i].cap ? s[i].cap * 2 : 8192;
                s[i].buf = realloc(s[i].buf, s[i].cap);
            }
            ssize_t r = read(s[i].fd, s[i].buf + s[i].len, 4096);
            if (r <= 0) {
                close(s[i].fd);
                s[i].fd = -1;
                open_fds--;
            } else {
                s[i].len += (size_t)r;
            }
        }
    }
    for (int i = 0; i < 2; i++) {
        if (!s[i].buf)
            s[i].buf = malloc(1);
        s[i].buf[s[i].len] = '\0';
    }
    if (out)
        *out = s[0].buf;
    else
        free(s[0].buf);
    if (err)
        *err = s[1].buf;
    else
        free(s[1].buf);
}

int pc_test_run(const char *const *argv, const char *stdin_data, char **ret_out, char **ret_err)
{
    int in[2], out[2], err[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(err), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(in[1]);
        close(out[0]);
        close(err[0]);
        size_t n = 0;
        while (argv[n])
            n++;
        char **args = calloc(n + 1, sizeof(*args));
        args[0] = (char *)PC_TEST_BINARY;
        for (size_t i = 1; i < n; i++)
            args[i] = (char *)argv[i];
        execv(PC_TEST_BINARY, args);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    signal(SIGPIPE, SIG_IGN);
    if (stdin_data) {
        size_t len = strlen(stdin_data), off = 0;
        while (off < len) {
            ssize_t w = write(in[1], stdin_data + off, len - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
    }
    close(in[1]);
    drain(out[0], err[0], ret_out, ret_err);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void pc_test_spawn(const char *const *argv, pc_test_proc *ret)
{
    int err[2];
    memset(ret, 0, sizeof(*ret));
    assert_int_equal(pipe(err), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(devnull, 0);
        dup2(devnull, 1);
        dup2(err[1], 2);
        close(err[0]);
        size_t n = 0;
        while (argv[n])
            n++;
        char **args = calloc(n + 1, sizeof(*args));
        args[0] = (char *)PC_TEST_BINARY;
        for (size_t i = 1; i < n; i++)
            args[i] = (char *)argv[i];
        execv(PC_TEST_BINARY, args);
        _exit(127);
    }
    close(err[1]);
    ret->pid = pid;
    ret->err_fd = err[0];
    ret->log = calloc(1, 1);
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int pc_test_wait_log(pc_test_proc *p, const char *needle, int timeout_ms)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* Wait for the needle and the end of its line, so the whole log line can be read. */
    const char *hit;
    while (!(hit = strstr(p->log, needle)) || !strchr(hit, '\n')) {
        long left = timeout_ms - ms_since(&t0);
        if (left <= 0 || p->err_fd < 0)
            return -1;
        struct pollfd pfd = {p->err_fd, POLLIN, 0};
        if (poll(&pfd, 1, (int)left) <= 0)
            continue;
        char buf[4096];
        ssize_t r = read(p->err_fd, buf, sizeof(buf));
        if (r <= 0) {
            close(p->err_fd);
            p->err_fd = -1;
            return strstr(p->log, needle) ? 0 : -1;
        }
        p->log = realloc(p->log, p->log_len + (size_t)r + 1);
        memcpy(p->log + p->log_len, buf, (size_t)r);
        p->log_len += (size_t)r;
        p->log[p->log_len] = '\0';
    }
    return 0;
}

int pc_test_stop(pc_test_proc *p, int sig)
{
    int status = 0;
    if (sig)
        kill(p->pid, sig);
    waitpid(p->pid, &status, 0);
    /* collect the rest of the log */
    while (p->err_fd >= 0 && pc_test_wait_log(p, "\x01never\x01", 1000) == 0)
        ;
    if (p->err_fd >= 0)
        close(p->err_fd);
    p->err_fd = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct http_buf {
    char *p;
    size_t len;
};

static size_t http_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct http_buf *b = ud;
    size_t n = size * nmemb;
    b->p = realloc(b->p, b->len + n + 1);
    memcpy(b->p + b->len, ptr, n);
    b->len += n;
    b->p[b->len] = '\0';
    return n;
}

long pc_test_http(const char *method, const char *url, const char *body, size_t body_len,
                  const char *const *headers, char **ret_body)
{
    CURL *c = curl_easy_init();
    struct curl_slist *hl = NULL;
    struct http_buf b = {NULL, 0};
    long status = 0;
    assert_non_null(c);
    for (size_t i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    if (ret_body)
        *ret_body = b.p;
    else
        free(b.p);
    return status;
}

void pc_test_codes_cover(const char *list, const pc_code_map *table, size_t n, size_t min)
{
    char path[1024];
    size_t len, listed = 0, missing = 0;
    snprintf(path, sizeof(path), "%s/carriers/%s", PC_TEST_SOURCE_DIR, list);
    char *buf = pc_test_read_file(path, &len);
    for (char *p = buf; *p;) {
        size_t l = strcspn(p, "\r\n");
        if (l && p[0] != '#') {
            listed++;
            if (!pc_code_map_find(table, n, p, l)) {
                print_error("code %.*s of %s has no row\n", (int)l, p, list);
                missing++;
            }
        }
        p += l;
        p += strspn(p, "\r\n");
    }
    free(buf);
    if (listed < min)
        fail_msg("%s lists %zu codes, expected at least %zu", list, listed, min);
    assert_int_equal(missing, 0);
}

void pc_test_codes_valid(const pc_code_map *table, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const pc_code_map *m = &table[i];
        if (i > 0 && strcmp(table[i - 1].code, m->code) >= 0)
            fail_msg("table not sorted or not unique at %s", m->code);
        if (m->status >= PC_STATUS_EXPIRED)
            fail_msg("%s: status %d is not a carrier status", m->code, (int)m->status);
        if (m->substatus) {
            const char *st = pc_status_name(m->status);
            size_t sl = strlen(st);
            if (strncmp(m->substatus, st, sl) != 0 || m->substatus[sl] != '.')
                fail_msg("%s: substatus %s does not refine %s", m->code, m->substatus, st);
        }
    }
}

void pc_test_codes_check(const pc_code_map *table, size_t n, const pc_test_code_case *cases,
                         size_t n_cases)
{
    for (size_t i = 0; i < n_cases; i++) {
        const pc_code_map *m = pc_code_map_find(table, n, cases[i].code, strlen(cases[i].code));
        if (!m)
            fail_msg("code %s has no row", cases[i].code);
        if (m->status != cases[i].status)
            fail_msg("code %s maps to %s, expected %s", cases[i].code, pc_status_name(m->status),
                     pc_status_name(cases[i].status));
        if ((m->substatus == NULL) != (cases[i].substatus == NULL) ||
            (m->substatus && strcmp(m->substatus, cases[i].substatus) != 0))
            fail_msg("code %s has substatus %s, expected %s", cases[i].code,
                     m->substatus ? m->substatus : "null",
                     cases[i].substatus ? cases[i].substatus : "null");
    }
}

/* ---- render / parse_request round trips ---- */
#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <parcelcast/json.h>
#include <parcelcast/sim.h>

const pc_adapter *pc_test_render_adapter(const char *name)
{
    const pc_adapter *a = pc_test_adapter(name);
    if (!a) {
        fail_msg("no adapter %s", name);
        return NULL;
    }
    assert_true(a->caps & PC_CAP_RENDER);
    assert_non_null(a->render);
    assert_non_null(a->parse_request);
    return a;
}

void pc_test_str_eq(const char *what, const char *a, const char *b)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)) {
        print_error("%s: \"%s\" != \"%s\"\n", what, a ? a : "(null)", b ? b : "(null)");
        fail();
    }
}

void pc_test_render_parse(const pc_adapter *a, const pc_shipment *s, size_t n,
                          const pc_track_error *e, size_t n_e, const char *const *requested,
                          size_t n_requested, int *ret_http, pc_parse_result *out)
{
    char *body = NULL;
    size_t len = 0;
    int http = 0;
    pc_diag diag = {0};
    assert_int_equal(a->render(s, n, e, n_e, PC_FORMAT_AUTO, &body, &len, &http), 0);
    assert_non_null(body);
    assert_int_equal(len, strlen(body));
    pc_parse_input in = {.data = body,
                         .len = len,
                         .format = PC_FORMAT_AUTO,
                         .requested = requested,
                         .n_requested = n_requested,
                         .http_status = http};
    memset(out, 0, sizeof(*out));
    int rc = pc_adapter_parse(a, &in, 0, out, &diag);
    if (rc != 0)
        print_error("parse(render): %s\n%s\n", diag.message, body);
    assert_int_equal(rc, 0);
    free(body);
    if (ret_http)
        *ret_http = http;
}

static int lossy_substatus(const pc_test_render_spec *spec, const char *substatus)
{
    for (size_t i = 0; substatus && spec->lossy_substatus && spec->lossy_substatus[i]; i++)
        if (strcmp(substatus, spec->lossy_substatus[i]) == 0)
            return 1;
    return 0;
}

/* The event fields of `fields` (PC_TF_*) beside time, offset and status. */
static void same_event_fields(const pc_test_render_spec *spec, unsigned fields, const pc_event *x,
                              const pc_event *y)
{
    if ((fields & PC_TF_SUBSTATUS) && !lossy_substatus(spec, x->substatus))
        pc_test_str_eq("event substatus", y->substatus, x->substatus);
    if (fields & PC_TF_CODE)
        pc_test_str_eq("code", y->code, x->code);
    if (fields & PC_TF_DESCRIPTION)
        pc_test_str_eq("description", y->description, x->description);
    if (fields & PC_TF_CITY)
        pc_test_str_eq("city", y->location.city, x->location.city);
    if (fields & PC_TF_REGION)
        pc_test_str_eq("region", y->location.region, x->location.region);
    if (fields & PC_TF_POSTAL_CODE)
        pc_test_str_eq("postal code", y->location.postal_code, x->location.postal_code);
    if (fields & PC_TF_COUNTRY)
        pc_test_str_eq("country", y->location.country, x->location.country);
    if (fields & PC_TF_NO_LOCATION)
        assert_true(pc_location_empty(&y->location));
}

/* The shipment fields of `fields` beyond the number and the events. */
static void same_shipment_fields(unsigned fields, const pc_shipment *x, const pc_shipment *y)
{
    if (fields & PC_TF_CARRIER_ETA)
        assert_int_equal(y->carrier_eta, x->carrier_eta);
    if (fields & PC_TF_SERVICE)
        pc_test_str_eq("service", y->service, x->service);
    if (fields & PC_TF_SIGNED_BY)
        pc_test_str_eq("signed by", y->signed_by, x->signed_by);
    if (fields & PC_TF_ENDPOINTS) {
        pc_test_str_eq("origin", y->origin.country, x->origin.country);
        pc_test_str_eq("destination", y->destination.country, x->destination.country);
    }
}

/* Round-trip one simulated history s; returns the events whose status the format loses. */
static size_t sim_round_trip(const pc_test_render_spec *spec, const pc_adapter *a,
                             const pc_shipment *s)
{
    pc_parse_result r;
    int http = 0;
    const char *num = s->tracking_number;
    size_t lossy = 0;
    pc_test_render_parse(a, s, 1, NULL, 0, spec->requested ? &num : NULL, spec->requested ? 1 : 0,
                         &http, &r);
    if (spec->full_history)
        assert_int_equal(http, 200);
    assert_int_equal(r.n_errors, 0);
    assert_int_equal(r.n_shipments, 1);
    const pc_shipment *got = &r.shipments[0];
    pc_test_str_eq("tracking number", got->tracking_number, s->tracking_number);
    assert_int_equal(got->n_events, s->n_events);
    for (size_t j = 0; j < s->n_events; j++) {
        const pc_event *x = &s->events[j], *y = &got->events[j];
        int newest = j + 1 == s->n_events;
        pc_status want = spec->expected_status ? spec->expected_status(x, newest) : x->status;
        lossy += want != x->status;
        assert_int_equal(y->time, x->time);
        assert_int_equal(y->utc_offset, x->utc_offset);
        if (y->status != want)
            print_error("%s event %zu code %s: %s != %s\n", s->tracking_number, j, x->code,
                        pc_status_name(y->status), pc_status_name(want));
        assert_int_equal(y->status, want);
        same_event_fields(spec, spec->sim_fields, x, y);
        if (newest)
            assert_int_equal(got->status, want);
    }
    if (!spec->expected_status)
        assert_int_equal(got->status, s->status);
    same_shipment_fields(spec->sim_fields, s, got);
    pc_parse_result_done(&r);
    return lossy;
}

void pc_test_render_sim(const pc_test_render_spec *spec)
{
    const pc_adapter *a = pc_test_render_adapter(spec->adapter);
    pc_sim_config cfg;
    pc_sim *sim = NULL;
    char err[256] = "";
    size_t found = 0, snapshots = 0, events = 0, full_events = 0, lossy = 0;

    gsl_set_error_handler_off();
    pc_sim_config_default(&cfg);
    assert_int_equal(pc_sim_new(&cfg, &sim, err, sizeof(err)), 0);
    for (uint64_t i = 0; found < spec->n_shipments && i < 100000; i++) {
        pc_sim_truth t;
        pc_shipment full;
        assert_int_equal(pc_sim_shipment(sim, spec->seed, i, &t, NULL), 0);
        if (strcmp(t.carrier, spec->adapter) != 0)
            continue;
        found++;
        assert_int_equal(pc_sim_shipment(sim, spec->seed, i, &t, &full), 0);
        full_events += full.n_events;
        if (spec->full_history)
            sim_round_trip(spec, a, &full);
        for (unsigned k = 0; k < spec->n_moments; k++) {
            pc_shipment snap;
            int src = pc_sim_snapshot(&t, &full, pc_sim_moment(&t, k, spec->n_moments), &snap);
            assert_true(src == 0 || src == PC_ENOTFOUND);
            if (src == PC_ENOTFOUND) {
                const char *num = t.tracking_number;
                pc_track_error e = {.tracking_number = t.tracking_number, .kind = PC_TE_NOT_FOUND};
                pc_parse_result r;
                pc_test_render_parse(a, NULL, 0, &e, 1, spec->requested ? &num : NULL,
                                     spec->requested ? 1 : 0, NULL, &r);
                assert_int_equal(r.n_shipments, 0);
                assert_int_equal(r.n_errors, 1);
                assert_int_equal(r.errors[0].kind, PC_TE_NOT_FOUND);
                pc_test_str_eq("error number", r.errors[0].tracking_number, t.tracking_number);
                pc_parse_result_done(&r);
            } else {
                snapshots++;
                events += snap.n_events;
                lossy += sim_round_trip(spec, a, &snap);
            }
            pc_shipment_done(&snap);
        }
        pc_shipment_done(&full);
    }
    pc_sim_free(sim);
    assert_int_equal(found, spec->n_shipments);
    if (spec->full_history)
        assert_true(full_events > spec->n_shipments * 5);
    print_message("%zu shipments, %zu snapshots, %zu events (%zu with another status)\n", found,
                  snapshots, events, lossy);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static char *shipment_text(const pc_shipment *s)
{
    json_t *j = pc_shipment_to_json(s, 0);
    assert_non_null(j);
    char *t = pc_json_dumps(j, 1);
    json_decref(j);
    assert_non_null(t);
    return t;
}

/* y (the round trip) against x (the fixture as parsed) in the fields spec says fixtures keep. */
static void same_fixture_shipment(const pc_test_render_spec *spec, const char *name, size_t i,
                                  const pc_shipment *x, const pc_shipment *y)
{
    if (spec->fixture_fields & PC_TF_WHOLE) {
        char *tx = shipment_text(x), *ty = shipment_text(y);
        if (strcmp(tx, ty) != 0)
            print_error("%s: shipment %zu differs\n--- parsed\n%s\n--- round trip\n%s\n", name, i,
                        tx, ty);
        assert_string_equal(tx, ty);
        free(tx);
        free(ty);
        return;
    }
    pc_test_str_eq("tracking number", y->tracking_number, x->tracking_number);
    assert_int_equal(y->status, x->status);
    pc_test_str_eq("substatus", y->substatus, x->substatus);
    assert_int_equal(y->n_events, x->n_events);
    for (size_t j = 0; j < x->n_events; j++) {
        const pc_event *a = &x->events[j], *b = &y->events[j];
        assert_int_equal(b->time, a->time);
        assert_int_equal(b->utc_offset, a->utc_offset);
        assert_int_equal(b->status, a->status);
        same_event_fields(spec, spec->fixture_fields, a, b);
    }
    same_shipment_fields(spec->fixture_fields, x, y);
}

static void fixture_round_trip(const pc_test_render_spec *spec, const pc_adapter *a,
                               const char *name, pc_parse_result *first)
{
    pc_parse_result second;
    int whole = 0;
    const char *num = first->n_shipments ? first->shipments[0].tracking_number
                      : first->n_errors  ? first->errors[0].tracking_number
                                         : NULL;
    int requested = spec->requested && num;
    pc_test_render_parse(a, first->shipments, first->n_shipments, first->errors, first->n_errors,
                         requested ? &num : NULL, requested ? 1 : 0, NULL, &second);
    for (size_t i = 0; !(spec->fixture_fields & PC_TF_WHOLE) && i < first->n_errors; i++)
        whole |= first->errors[i].tracking_number == NULL;
    if (whole) {
        assert_int_equal(second.n_errors, 1);
        assert_null(second.errors[0].tracking_number);
        pc_parse_result_done(&second);
        return;
    }
    assert_int_equal(second.n_shipments, first->n_shipments);
    for (size_t i = 0; i < first->n_shipments; i++) {
        if (spec->fixture_fixup) {
            spec->fixture_fixup(name, &first->shipments[i]);
            spec->fixture_fixup(name, &second.shipments[i]);
        }
        same_fixture_shipment(spec, name, i, &first->shipments[i], &second.shipments[i]);
    }
    assert_int_equal(second.n_errors, first->n_errors);
    for (size_t i = 0; i < first->n_errors; i++) {
        const pc_track_error *x = &first->errors[i], *y = &second.errors[i];
        assert_int_equal(y->kind, x->kind);
        pc_test_str_eq("error number", y->tracking_number, x->tracking_number);
        if (spec->fixture_fields & PC_TF_WHOLE) {
            pc_test_str_eq("carrier code", y->carrier_code, x->carrier_code);
            pc_test_str_eq("message", y->message, x->message);
        }
    }
    pc_parse_result_done(&second);
}

void pc_test_render_fixtures(const pc_test_render_spec *spec)
{
    const pc_adapter *a = pc_test_render_adapter(spec->adapter);
    char dir[1024];
    size_t parsed = 0, with_shipments = 0;
    snprintf(dir, sizeof(dir), "%s/carriers/%s", PC_TEST_SOURCE_DIR, spec->adapter);
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        const char *name = de->d_name;
        if (!(ends_with(name, ".json") || ends_with(name, ".xml")) || strstr(name, ".expected.") ||
            ends_with(name, ".push.json"))
            continue;
        char path[2048];
        size_t len;
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        char *body = pc_test_read_file(path, &len);
        pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO};
        pc_parse_result first = {0};
        pc_diag diag = {0};
        int empty = 1;
        if (pc_adapter_parse(a, &in, 0, &first, &diag) == 0) {
            empty = first.n_shipments == 0 && first.n_errors == 0;
            /* the whole-JSON comparison skips fixtures with nothing parsed */
            if (!empty || !(spec->fixture_fields & PC_TF_WHOLE)) {
                parsed++;
                with_shipments += first.n_shipments ? 1 : 0;
                print_message("%s\n", name);
                fixture_round_trip(spec, a, name, &first);
            }
        }
        pc_parse_result_done(&first);
        free(body);
    }
    closedir(d);
    print_message("%zu fixtures round-tripped (%zu with shipments)\n", parsed, with_shipments);
    assert_true(parsed >= spec->min_fixtures);
    assert_true(with_shipments >= spec->min_fixtures_with_shipments);
}

void pc_test_render_errors(const pc_adapter *a, const char *number, bool requested,
                           const pc_test_error_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pc_track_error e = {.tracking_number = cases[i].numbered ? (char *)number : NULL,
                            .kind = cases[i].kind,
                            .message = (char *)cases[i].message};
        pc_parse_result r;
        int http = 0;
        pc_test_render_parse(a, NULL, 0, &e, 1, requested ? &number : NULL, requested ? 1 : 0,
                             &http, &r);
        assert_int_equal(http, cases[i].http);
        assert_int_equal(r.n_shipments, 0);
        assert_int_equal(r.n_errors, 1);
        assert_int_equal(r.errors[0].kind, cases[i].back);
        pc_test_str_eq("error number", r.errors[0].tracking_number, cases[i].named ? number : NULL);
        pc_parse_result_done(&r);
    }
}

void pc_test_request_round_trip(const pc_adapter *a, const pc_adapter_config *cfg,
                                const char *const *numbers, size_t n)
{
    pc_http_request req = {0};
    char **got = NULL;
    size_t n_got = 0;
    assert_int_equal(a->build_request(cfg, numbers, n, &req), 0);
    const char *p = strstr(req.url, "://");
    assert_non_null(p);
    p = strchr(p + 3, '/');
    assert_non_null(p);
    assert_int_equal(a->parse_request(req.method, p, req.body, req.body_len, &got, &n_got), 0);
    assert_int_equal(n_got, n);
    for (size_t i = 0; i < n; i++) {
        pc_test_str_eq("number", got[i], numbers[i]);
        free(got[i]);
    }
    free(got);
    pc_http_request_done(&req);
}

void pc_test_render_error_list(const pc_adapter *a, const pc_track_error *errors, size_t n,
                               int http)
{
    pc_parse_result r;
    int got_http = 0;
    pc_test_render_parse(a, NULL, 0, errors, n, NULL, 0, &got_http, &r);
    assert_int_equal(got_http, http);
    assert_int_equal(r.n_errors, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(r.errors[i].kind, errors[i].kind);
        pc_test_str_eq("error number", r.errors[i].tracking_number, errors[i].tracking_number);
    }
    pc_parse_result_done(&r);
}

void pc_test_request_round_trips(const pc_adapter *a, const pc_adapter_config *cfg,
                                 void (*number)(size_t i, char *buf, size_t size), const char *odd)
{
    const char *numbers[64];
    char buf[64][24];
    assert_true(a->max_batch <= 64);
    for (size_t i = 0; i < a->max_batch; i++) {
        number(i, buf[i], sizeof(buf[i]));
        numbers[i] = buf[i];
    }
    pc_test_request_round_trip(a, cfg, numbers, 1);
    pc_test_request_round_trip(a, cfg, numbers, a->max_batch);
    pc_test_request_round_trip(a, cfg, &odd, 1);
}

void pc_test_requests_refused(const pc_adapter *a, const pc_test_bad_request *bad, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char **got = (char **)1;
        size_t n_got = 99;
        size_t len = bad[i].body ? strlen(bad[i].body) : 0;
        int rc = a->parse_request(bad[i].method, bad[i].path, bad[i].body, len, &got, &n_got);
        if (rc != bad[i].rc)
            print_error("case %zu: %s\n", i, bad[i].path ? bad[i].path : "(null)");
        assert_int_equal(rc, bad[i].rc);
        assert_null(got);
        assert_int_equal(n_got, 0);
    }
}

_Atomic int64_t pc_test_sim_now;
pc_sandbox *pc_test_sim_sandbox;

int64_t pc_test_sim_clock(void *ctx)
{
    (void)ctx;
    return atomic_load(&pc_test_sim_now);
}

void pc_test_sim_sleep(void *ctx, int64_t secs)
{
    (void)ctx;
    int64_t t = atomic_fetch_add(&pc_test_sim_now, secs) + secs;
    pc_sandbox_set_time(pc_test_sim_sandbox, t);
}

void pc_test_config_set(pc_config *cfg, const char *key, const char *value)
{
    char err[256];
    if (pc_config_set(cfg, key, value, err, sizeof(err)) != 0)
        fail_msg("%s = %s: %s", key, value, err);
}
