/* Request bodies of the HTTP servers (API and sandbox), read in the chunks libmicrohttpd hands
 * over. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int pc__http_body_add(char **body, size_t *len, size_t *cap, const char *data, size_t n)
{
    if (*cap - *len < n + 1) {
        size_t c = *cap ? *cap : 4096;
        while (c - *len < n + 1)
            c *= 2;
        char *b = realloc(*body, c);
        if (!b)
            return -1;
        *body = b;
        *cap = c;
    }
    memcpy(*body + *len, data, n);
    *len += n;
    (*body)[*len] = '\0';
    return 0;
}
