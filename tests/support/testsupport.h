/* Helpers shared by the cmocka tests. */
#ifndef PC_TESTSUPPORT_H
#define PC_TESTSUPPORT_H

#include <parcelcast/adapter.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

/** NULL-terminated list of every adapter linked statically into the tests. */
extern const pc_adapter *const pc_test_adapters[];

/** Adapter by name from pc_test_adapters, or NULL. */
const pc_adapter *pc_test_adapter(const char *name);

/** Read a whole file (malloc'd, NUL-terminated); fails the test on error. */
char *pc_test_read_file(const char *path, size_t *ret_len);

/** A fresh empty directory under $TMPDIR (malloc'd path); removed by pc_test_rmdir. */
char *pc_test_tmpdir(const char *tag);
void pc_test_rmdir(const char *path);

/**
 * Run the parcelcast binary with argv (NULL-terminated, argv[0] ignored), stdin from
 * stdin_data (may be NULL), capturing stdout and stderr (malloc'd; may pass NULL to discard).
 * @return the exit status, or -1 if it did not exit normally.
 */
int pc_test_run(const char *const *argv, const char *stdin_data, char **ret_out, char **ret_err);

/** A background parcelcast process with its stderr captured. */
typedef struct pc_test_proc {
    int pid;
    int err_fd;
    char *log; /* everything read from stderr so far, NUL-terminated */
    size_t log_len;
} pc_test_proc;

/** Start the parcelcast binary (argv[0] ignored); stdout goes to /dev/null. */
void pc_test_spawn(const char *const *argv, pc_test_proc *ret);

/**
 * Read the process's stderr until `needle` and the rest of its line appear (0), or it exits /
 * timeout_ms passes (-1).
 * The timeout only guards against hangs; it is generous and not a speed assertion.
 */
int pc_test_wait_log(pc_test_proc *p, const char *needle, int timeout_ms);

/** Send sig and wait; returns the exit status, or 128+signal if killed by a signal. */
int pc_test_stop(pc_test_proc *p, int sig);

/**
 * One HTTP request with libcurl to a loopback URL. headers is NULL-terminated "Name: value".
 * @return the HTTP status (0 on transport failure); *ret_body malloc'd (may be NULL).
 */
long pc_test_http(const char *method, const char *url, const char *body, size_t body_len,
                  const char *const *headers, char **ret_body);

/* ---- carrier status-code tables ---- */
#include <parcelcast/normalize.h>

/** Every code listed in tests/carriers/<list> (one per line) has a row; at least min codes. */
void pc_test_codes_cover(const char *list, const pc_code_map *table, size_t n, size_t min);

/** Rows sorted and unique by code, statuses real, each substatus refining its status. */
void pc_test_codes_valid(const pc_code_map *table, size_t n);

typedef struct pc_test_code_case {
    const char *code;
    pc_status status;
    const char *substatus; /* NULL: must be NULL */
} pc_test_code_case;

/** Each case maps as stated (missing codes fail). */
void pc_test_codes_check(const pc_code_map *table, size_t n, const pc_test_code_case *cases,
                         size_t n_cases);

#endif
