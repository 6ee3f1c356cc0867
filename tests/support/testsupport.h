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

#endif
