#define _GNU_SOURCE /* memmem */
#include <parcelcast/carrier_util.h>
#include <parcelcast/error.h>

#include <ctype.h>
#include <libxml/parser.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- text buffer ------------------------------------------------------------------------- */

static int reserve(pc_buf *b, size_t n)
{
    if (b->failed)
        return PC_ENOMEM;
    if (b->cap - b->len > n)
        return 0;
    size_t cap = b->cap ? b->cap : 128;
    while (cap - b->len <= n) {
        if (cap > SIZE_MAX / 2) {
            b->failed = 1;
            return PC_ENOMEM;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return PC_ENOMEM;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

int pc_buf_add(pc_buf *b, const char *s, size_t n)
{
    if (n == (size_t)-1)
        n = s ? strlen(s) : 0;
    if (reserve(b, n) < 0)
        return PC_ENOMEM;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int pc_buf_addf(pc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return PC_EINVAL;
    if (reserve(b, (size_t)n) < 0)
        return PC_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int pc_buf_add_urlenc(pc_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        int rc;
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            rc = pc_buf_add(b, (const char *)s, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            rc = pc_buf_add(b, esc, 3);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

int pc_buf_add_xml(pc_buf *b, const char *s)
{
    for (; s && *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&apos;";
            break;
        default:
            break;
        }
        int rc = rep ? pc_buf_add(b, rep, (size_t)-1) : pc_buf_add(b, s, 1);
        if (rc < 0)
            return rc;
    }
    return 0;
}

char *pc_buf_take(pc_buf *b, size_t *ret_len)
{
    if (b->failed || (!b->p && reserve(b, 0) < 0)) {
        pc_buf_done(b);
        return NULL;
    }
    b->p[b->len] = '\0';
    char *p = b->p;
    if (ret_len)
        *ret_len = b->len;
    memset(b, 0, sizeof(*b));
    return p;
}

void pc_buf_done(pc_buf *b)
{
    if (!b)
        return;
    free(b->p);
    memset(b, 0, sizeof(*b));
}

char *pc_url_escape(const char *s)
{
    pc_buf b = {0};
    if (pc_buf_add_urlenc(&b, s) < 0) {
        pc_buf_done(&b);
        return NULL;
    }
    return pc_buf_take(&b, NULL);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int pc_url_decode(const char *s, size_t len, char **ret)
{
    char *out = malloc(len + 1), *w = out;
    *ret = NULL;
    if (!out)
        return PC_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)s[i];
        if (c == '%') {
            int hi = i + 2 < len ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (c = hi * 16 + lo) == 0) {
                free(out);
                return PC_EMALFORMED;
            }
            i += 2;
        } else if (c == 0) {
            free(out);
            return PC_EMALFORMED;
        }
        *w++ = (char)c;
    }
    *w = '\0';
    *ret = out;
    return 0;
}

void pc_strv_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

int pc_url_decode_list(const char *s, size_t len, char sep, size_t max, char ***ret, size_t *ret_n)
{
    size_t items = 1, n = 0;
    *ret = NULL;
    *ret_n = 0;
    for (size_t i = 0; i < len; i++)
        items += s[i] == sep;
    if (len == 0 || items > max)
        return PC_EMALFORMED;
    char **v = calloc(items, sizeof(*v));
    if (!v)
        return PC_ENOMEM;
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && s[j] != sep)
            j++;
        int rc = j == i ? PC_EMALFORMED : pc_url_decode(s + i, j - i, &v[n]);
        if (rc < 0) {
            pc_strv_free(v, n);
            return rc;
        }
        n++;
        i = j + 1;
    }
    *ret = v;
    *ret_n = n;
    return 0;
}

const char *pc_query_param(const char *query, const char *name, size_t *ret_len)
{
    size_t nl = strlen(name);
    if (!query)
        return NULL;
    if (*query == '?')
        query++;
    for (const char *t = query; *t && *t != '#';) {
        if (strncmp(t, name, nl) == 0 && t[nl] == '=') {
            const char *v = t + nl + 1;
            *ret_len = strcspn(v, "&#");
            return v;
        }
        t += strcspn(t, "&#");
        if (*t == '&')
            t++;
    }
    return NULL;
}

int pc_header_value_ok(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

int pc_contains_ci(const char *hay, const char *needle)
{
    if (!hay || !needle)
        return 0;
    if (!*needle)
        return 1;
    /* Classifiers run every rule's needle over every event text: test the first byte inline
     * and call strncasecmp only where it matches. */
    unsigned char first = ascii_lower((unsigned char)needle[0]);
    size_t n = strlen(needle + 1);
    for (; *hay; hay++)
        if (ascii_lower((unsigned char)*hay) == first && strncasecmp(hay + 1, needle + 1, n) == 0)
            return 1;
    return 0;
}

void pc_ci_text_init(pc_ci_text *t, const char *s)
{
    t->p = NULL;
    t->orig = s;
    if (!s)
        return;
    size_t n = strlen(s);
    t->p = n < sizeof(t->small) ? t->small : malloc(n + 1);
    for (size_t i = 0; t->p && i <= n; i++)
        t->p[i] = (char)ascii_lower((unsigned char)s[i]);
}

int pc_ci_text_has(const pc_ci_text *t, const char *needle)
{
    char low[128];
    size_t n;
    if (!t->orig || !needle)
        return 0;
    if (!t->p || (n = strlen(needle)) >= sizeof(low))
        return pc_contains_ci(t->orig, needle);
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)ascii_lower((unsigned char)needle[i]);
    return strstr(t->p, low) != NULL;
}

void pc_ci_text_done(pc_ci_text *t)
{
    if (t->p != t->small)
        free(t->p);
    t->p = NULL;
}

/* ---- JSON ---------------------------------------------------------------------------------- */

int pc_json_load_body(const pc_parse_input *in, json_t **ret, pc_diag *diag)
{
    json_error_t jerr;
    *ret = json_loadb(in->data, in->len, 0, &jerr);
    if (!*ret)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)jerr.position, jerr.line, jerr.column,
                           "invalid JSON: %s", jerr.text);
    return 0;
}

int pc_json_get_text(const json_t *obj, const char *key, const char *path,
                     const pc_parse_limits *lim, pc_diag *diag, char **ret)
{
    *ret = NULL;
    const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    if (!v || json_is_null(v))
        return 0;
    if (json_is_integer(v)) {
        char num[32];
        snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return pc_set_str(ret, num, (size_t)-1);
    }
    if (!json_is_string(v))
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s.%s: expected a string", path,
                           key);
    size_t len = json_string_length(v);
    if (lim && lim->max_string && len > lim->max_string)
        return pc_diag_set(diag, PC_ELIMIT, (size_t)-1, 0, 0,
                           "%s.%s: text of %zu bytes exceeds the limit of %zu bytes", path, key,
                           len, lim->max_string);
    return pc_set_str(ret, json_string_value(v), len);
}

json_t *pc_json_get_array(const json_t *obj, const char *key)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_array(v) ? v : NULL;
}

/* ---- XML ----------------------------------------------------------------------------------- */

/* Skip a BOM and blanks; count the newlines skipped so reported lines stay true. */
static size_t skip_lead(const char *p, size_t len, int *ret_lines)
{
    size_t i = 0;
    *ret_lines = 0;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        i = 3;
    for (; i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'); i++)
        if (p[i] == '\n')
            (*ret_lines)++;
    return i;
}

/* Walk the prolog (XML declaration, processing instructions, comments) looking for a DOCTYPE. */
static size_t find_doctype(const char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && isspace((unsigned char)p[i]))
            i++;
        if (i + 1 < len && p[i] == '<' && p[i + 1] == '?') {
            const char *e = memmem(p + i, len - i, "?>", 2);
            if (!e)
                return (size_t)-1;
            i = (size_t)(e - p) + 2;
        } else if (len - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
            const char *e = memmem(p + i, len - i, "-->", 3);
            if (!e)
                return (size_t)-1;
            i = (size_t)(e - p) + 3;
        } else if (len - i >= 9 && strncasecmp(p + i, "<!DOCTYPE", 9) == 0) {
            return i;
        } else {
            return (size_t)-1;
        }
    }
    return (size_t)-1;
}

static size_t offset_of(const char *p, size_t len, int line, int col)
{
    size_t i = 0;
    for (int l = 1; l < line && i < len; i++)
        if (p[i] == '\n')
            l++;
    if (col > 1)
        i += (size_t)(col - 1);
    return i < len ? i : len;
}

int pc_xml_load_body(const pc_parse_input *in, xmlDocPtr *ret, pc_diag *diag)
{
    int lines;
    size_t skip = skip_lead(in->data, in->len, &lines);
    const char *p = in->data + skip;
    size_t len = in->len - skip;
    *ret = NULL;
    if (len > INT_MAX)
        return pc_diag_set(diag, PC_ELIMIT, (size_t)-1, 0, 0, "XML body too large");
    size_t dt = find_doctype(p, len);
    if (dt != (size_t)-1)
        return pc_diag_set(diag, PC_EMALFORMED, skip + dt, 0, 0,
                           "a DOCTYPE is not accepted in a carrier response");
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return PC_ENOMEM;
    xmlDocPtr doc =
        xmlCtxtReadMemory(ctxt, p, (int)len, NULL, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                              XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
    if (!doc || !ctxt->wellFormed) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        int line = e && e->line > 0 ? e->line : 0, col = e ? e->int2 : 0;
        char msg[200] = "not well-formed";
        if (e && e->message) {
            snprintf(msg, sizeof(msg), "%s", e->message);
            size_t n = strlen(msg);
            while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
                msg[--n] = '\0';
        }
        size_t off = line ? skip + offset_of(p, len, line, col) : (size_t)-1;
        if (doc)
            xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return pc_diag_set(diag, PC_EMALFORMED, off, line ? line + lines : 0, col,
                           "invalid XML: %s", msg);
    }
    xmlFreeParserCtxt(ctxt);
    /* The textual scan above misses a DOCTYPE in another encoding (UTF-16): check the tree too.
     * Entities are never substituted (no XML_PARSE_NOENT), but a DTD is refused outright. */
    if (doc->intSubset || doc->extSubset) {
        int line = doc->intSubset ? pc_xml_line((const xmlNode *)doc->intSubset) : 0;
        xmlFreeDoc(doc);
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, line, 0,
                           "a DOCTYPE is not accepted in a carrier response");
    }
    if (!xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        return pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "XML body has no root element");
    }
    /* Lines skipped before the document, so pc_xml_line() reports lines of the whole body. */
    doc->_private = (void *)(intptr_t)lines;
    *ret = doc;
    return 0;
}

int pc_xml_is(const xmlNode *n, const char *name)
{
    /* The first byte settles most mismatches without a call (this runs per child per field). */
    return n && n->type == XML_ELEMENT_NODE && n->name && n->name[0] == (xmlChar)name[0] &&
           strcmp((const char *)n->name, name) == 0;
}

const xmlNode *pc_xml_next(const xmlNode *n, const char *name)
{
    for (n = n ? n->next : NULL; n; n = n->next)
        if (pc_xml_is(n, name))
            return n;
    return NULL;
}

const xmlNode *pc_xml_child(const xmlNode *parent, const char *name)
{
    const xmlNode *c = parent ? parent->children : NULL;
    if (!c || pc_xml_is(c, name))
        return c;
    return pc_xml_next(c, name);
}

const xmlNode *pc_xml_find(const xmlNode *n, const char *name, int max_depth)
{
    if (!n || max_depth < 0)
        return NULL;
    if (pc_xml_is(n, name))
        return n;
    for (const xmlNode *c = n->children; c; c = c->next) {
        const xmlNode *f = pc_xml_find(c, name, max_depth - 1);
        if (f)
            return f;
    }
    return NULL;
}

int pc_xml_line(const xmlNode *n)
{
    long l = n ? xmlGetLineNo(n) : 0;
    if (l > 0 && n->doc)
        l += (long)(intptr_t)n->doc->_private;
    return l > 0 && l < INT_MAX ? (int)l : 0;
}

/* Text of n; path and name (name may be NULL) are formatted only for an error message, never
 * on the success path (this runs for every field of every event). */
static int node_text(const xmlNode *n, const char *path, const char *name,
                     const pc_parse_limits *lim, pc_diag *diag, char **ret)
{
    *ret = NULL;
    if (!n)
        return 0;
    const xmlNode *only = NULL;
    size_t total = 0, parts = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
            continue;
        total += strlen((const char *)c->content);
        only = c;
        parts++;
    }
    if (lim && lim->max_string && total > lim->max_string)
        return pc_diag_set(diag, PC_ELIMIT, (size_t)-1, pc_xml_line(n), 0,
                           "%s%s%s: text exceeds the limit of %zu bytes", path, name ? "/" : "",
                           name ? name : "", lim->max_string);
    if (parts <= 1) /* the usual case: one text node, copied once */
        return only ? pc_set_str(ret, (const char *)only->content, total) : 0;
    pc_buf b = {0};
    for (const xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
            pc_buf_add(&b, (const char *)c->content, (size_t)-1) < 0)
            break;
    int rc = b.failed ? PC_ENOMEM : pc_set_str(ret, b.p, b.len);
    pc_buf_done(&b);
    return rc;
}

int pc_xml_get_text(const xmlNode *n, const char *path, const pc_parse_limits *lim, pc_diag *diag,
                    char **ret)
{
    return node_text(n, path, NULL, lim, diag, ret);
}

int pc_xml_named_text(const xmlNode *n, const char *path, const char *name,
                      const pc_parse_limits *lim, pc_diag *diag, char **ret)
{
    return node_text(n, path, name, lim, diag, ret);
}

int pc_xml_text_ref(const xmlNode *n, const char *path, const char *name,
                    const pc_parse_limits *lim, pc_diag *diag, const char **ret, char **owned)
{
    *ret = NULL;
    *owned = NULL;
    const xmlNode *t = n ? n->children : NULL;
    if (t && !t->next && (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) &&
        t->content) {
        const char *s = (const char *)t->content;
        size_t len = strlen(s);
        if (len && !isspace((unsigned char)s[0]) && !isspace((unsigned char)s[len - 1]) &&
            (!lim || !lim->max_string || len <= lim->max_string)) {
            *ret = s;
            return 0;
        }
    }
    int rc = node_text(n, path, name, lim, diag, owned);
    *ret = *owned;
    return rc;
}

int pc_xml_child_text(const xmlNode *parent, const char *name, const char *path,
                      const pc_parse_limits *lim, pc_diag *diag, char **ret)
{
    return node_text(pc_xml_child(parent, name), path, name, lim, diag, ret);
}
