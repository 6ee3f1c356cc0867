/* Internal helpers shared by core modules (names pc__*, not part of the public API). */
#ifndef PC_INTERNAL_H
#define PC_INTERNAL_H

#include <stddef.h>

/** Format a message into err[errlen] when err is not NULL (truncating safely). */
void pc__errbuf_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** Row i of the country-name table (sorted by key): its key and *ret_iso2, or NULL past the end.
 * For the test that keeps the table sorted for bisection. */
const char *pc__country_name_at(size_t i, const char **ret_iso2);

/** Append n bytes to a growing NUL-terminated request body. @return 0, -1 out of memory. */
int pc__http_body_add(char **body, size_t *len, size_t *cap, const char *data, size_t n);

#endif
