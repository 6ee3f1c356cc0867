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
