#define _XOPEN_SOURCE 700
#include "testsupport.h"

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
