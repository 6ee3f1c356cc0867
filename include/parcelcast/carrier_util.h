/**
 * @file carrier_util.h
 * The toolkit adapters share: a growable text buffer with URL/XML escaping, request-header
 * checks, and reading JSON (jansson) and XML (libxml2) carrier bodies with the parse limits and
 * diagnostics that name the field and its place. Everything here is pure and thread-safe.
 *
 * Ownership: strings returned through `char **ret` are malloc'd and owned by the caller; NULL
 * means absent (also for null, blank or whitespace-only values).
 */
#ifndef PARCELCAST_CARRIER_UTIL_H
#define PARCELCAST_CARRIER_UTIL_H

#include <jansson.h>
#include <libxml/tree.h>
#include <parcelcast/adapter.h>
#include <stdarg.h>
#include <stddef.h>

/* ---- text buffer ------------------------------------------------------------------------- */

/** A growable NUL-terminated buffer. Zero-initialise; errors are sticky (ENOMEM). */
typedef struct pc_buf {
    char *p;
    size_t len, cap;
    int failed;
} pc_buf;

/** Append n bytes of s (n = (size_t)-1: up to NUL). @return 0, PC_ENOMEM. */
int pc_buf_add(pc_buf *b, const char *s, size_t n);

/** Append formatted text. @return 0, PC_ENOMEM, PC_EINVAL. */
int pc_buf_addf(pc_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/** Append s percent-encoded (all but RFC 3986 unreserved characters). @return 0, PC_ENOMEM. */
int pc_buf_add_urlenc(pc_buf *b, const char *s);

/** Append s with XML's five special characters as entities. @return 0, PC_ENOMEM. */
int pc_buf_add_xml(pc_buf *b, const char *s);

/** Hand the text over (caller frees; "" when empty) and reset b. NULL after a failure. */
char *pc_buf_take(pc_buf *b, size_t *ret_len);

/** Free the contents. Accepts NULL. */
void pc_buf_done(pc_buf *b);

/** s percent-encoded, malloc'd (NULL on ENOMEM). */
char *pc_url_escape(const char *s);

/**
 * Percent-decode len bytes of s into a malloc'd string. A bad escape or an encoded NUL is
 * PC_EMALFORMED ("+" is left as is: these are path and query values, not form bodies).
 * @return 0, PC_EMALFORMED, PC_ENOMEM.
 */
int pc_url_decode(const char *s, size_t len, char **ret);

/**
 * Split len bytes of s on sep and percent-decode each item: the inverse of joining
 * pc_buf_add_urlenc'd numbers. An empty item or more than max items is PC_EMALFORMED.
 * @return 0 with a malloc'd array of n malloc'd strings (free with pc_strv_free).
 */
int pc_url_decode_list(const char *s, size_t len, char sep, size_t max, char ***ret, size_t *ret_n);

/** Free an array of n malloc'd strings. Accepts NULL. */
void pc_strv_free(char **v, size_t n);

/**
 * Value of parameter name in a query string ("a=1&b=2", a leading '?' allowed, stops at '#'):
 * a pointer into query and its length in *ret_len, or NULL when absent. Not decoded.
 */
const char *pc_query_param(const char *query, const char *name, size_t *ret_len);

/** True when s may go into an HTTP header value (no control characters: no CR/LF injection). */
int pc_header_value_ok(const char *s);

/** Case-insensitive ASCII substring test (NULL hay: false). */
int pc_contains_ci(const char *hay, const char *needle);

/**
 * One text tested against many needles, case-insensitively (ASCII): the text is lowercased once
 * (pc_ci_text_init), then each pc_ci_text_has is one strstr. For keyword classifiers that run
 * a whole table over every event description.
 */
typedef struct pc_ci_text {
    char small[256];
    char *p;          /**< lowercased: small, or malloc'd for a longer text */
    const char *orig; /**< the text (NULL: nothing matches) */
} pc_ci_text;

/** s may be NULL. Without memory for a long text, pc_ci_text_has falls back to pc_contains_ci. */
void pc_ci_text_init(pc_ci_text *t, const char *s);
/** True when needle occurs in the text, ignoring ASCII case. */
int pc_ci_text_has(const pc_ci_text *t, const char *needle);
void pc_ci_text_done(pc_ci_text *t);

/* ---- JSON bodies -------------------------------------------------------------------------- */

/**
 * Load a JSON body (json_loadb, no duplicate-key or depth games: jansson limits depth).
 * @return 0 and a new reference, or PC_EMALFORMED with diag naming line, column and offset.
 */
int pc_json_load_body(const pc_parse_input *in, json_t **ret, pc_diag *diag);

/**
 * obj[key] as trimmed text into *ret. Strings and integers are accepted (some carriers send
 * numbers for postal codes and ids); null, absent or blank give NULL; any other type is
 * PC_EMALFORMED "path.key: expected a string"; a string longer than lim->max_string is
 * PC_ELIMIT naming path.key. obj may be NULL or not an object (then *ret = NULL).
 * @param path where obj sits, for messages ("shipments[0].events[3]").
 */
int pc_json_get_text(const json_t *obj, const char *key, const char *path,
                     const pc_parse_limits *lim, pc_diag *diag, char **ret);

/** obj[key] when it is an array, else NULL (absent, null: NULL; other types: NULL). */
json_t *pc_json_get_array(const json_t *obj, const char *key);

/* ---- XML bodies --------------------------------------------------------------------------- */

/**
 * Parse an XML body safely: leading blanks and a UTF-8 BOM skipped, no network, no entity
 * substitution, a DOCTYPE refused (no XXE, no entity bombs), errors from the parser's own
 * context (thread-safe) reported with line and column.
 * @return 0 and a document (free with xmlFreeDoc), PC_EMALFORMED, PC_ENOMEM.
 */
int pc_xml_load_body(const pc_parse_input *in, xmlDocPtr *ret, pc_diag *diag);

/** True when n is an element with this local name (namespace prefixes ignored). */
int pc_xml_is(const xmlNode *n, const char *name);

/** First child element of parent named name, or NULL (parent may be NULL). */
const xmlNode *pc_xml_child(const xmlNode *parent, const char *name);

/** Next sibling element after n named name, or NULL. Iterate: for (c = pc_xml_child(p, "x");
 *  c; c = pc_xml_next(c, "x")). */
const xmlNode *pc_xml_next(const xmlNode *n, const char *name);

/** First element named name anywhere below n (depth-first, at most max_depth levels). */
const xmlNode *pc_xml_find(const xmlNode *n, const char *name, int max_depth);

/** Line of a node in the body (leading blank lines counted), 0 when unknown. Only for
 *  documents from pc_xml_load_body(). */
int pc_xml_line(const xmlNode *n);

/**
 * Text content of n (text and CDATA children, concatenated), trimmed, into *ret; NULL for a
 * missing node or blank text. Over lim->max_string is PC_ELIMIT naming path and line.
 */
int pc_xml_get_text(const xmlNode *n, const char *path, const pc_parse_limits *lim, pc_diag *diag,
                    char **ret);

/** pc_xml_get_text of n, a child named name of the element at path: an error names
 * "path/name", formatted only then (for loops over children that found n themselves). */
int pc_xml_named_text(const xmlNode *n, const char *path, const char *name,
                      const pc_parse_limits *lim, pc_diag *diag, char **ret);

/**
 * pc_xml_named_text without a copy in the usual case: when n holds one text node with nothing
 * to trim, *ret points into the tree (valid while the document lives) and *owned is NULL;
 * otherwise *ret is *owned, a trimmed copy the caller frees (NULL for a missing node or blank
 * text). Same limits and errors as pc_xml_get_text.
 */
int pc_xml_text_ref(const xmlNode *n, const char *path, const char *name,
                    const pc_parse_limits *lim, pc_diag *diag, const char **ret, char **owned);

/** pc_xml_get_text of pc_xml_child(parent, name), with path "path/name". */
int pc_xml_child_text(const xmlNode *parent, const char *name, const char *path,
                      const pc_parse_limits *lim, pc_diag *diag, char **ret);

#endif
