/* CSV delivery histories: RFC 4180 reader, date cells, row -> normalized shipment. */
#include <parcelcast/csv.h>
#include <parcelcast/error.h>
#include <parcelcast/normalize.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ID_LEN      200 /* the store key is carrier \0 number, at most 500 bytes */
#define MAX_CARRIER_LEN 64

/* ---------------------------------------------------------------------------------------------
 * Reader
 */

struct pc_csv_reader {
    FILE *f;
    size_t max_row;
    unsigned char buf[65536];
    size_t pos, len;
    uint64_t off; /* input offset of buf[pos] */
    long line;    /* physical line of the next byte */
    bool prev_cr; /* last byte consumed was CR: an LF right after it ends the same line */
    bool eof, ioerr, started;
    /* After a quote left open the reader goes back to the line after the record's first line:
     * the bytes from there are recorded while reading (raw) and replayed (no seeking, so this
     * also works on pipes). */
    unsigned char *raw, *replay;
    size_t raw_len, raw_cap, replay_pos, replay_len;
    bool recording;
    bool raw_full;
    /* the current record */
    char *text;
    size_t text_len, text_cap;
    size_t *starts, *lens;
    char **ptrs;
    size_t n, cap_fields;
};

int pc_csv_reader_new(FILE *f, size_t max_row, pc_csv_reader **ret)
{
    pc_csv_reader *r = calloc(1, sizeof(*r));
    if (!r)
        return PC_ENOMEM;
    r->f = f;
    r->max_row = max_row ? max_row : PC_CSV_MAX_ROW_DEFAULT;
    r->line = 1;
    *ret = r;
    return 0;
}

void pc_csv_reader_free(pc_csv_reader *r)
{
    if (!r)
        return;
    free(r->text);
    free(r->starts);
    free(r->lens);
    free(r->ptrs);
    free(r->raw);
    free(r->replay);
    free(r);
}

static bool fill(pc_csv_reader *r)
{
    if (r->pos < r->len)
        return true;
    if (r->eof)
        return false;
    r->pos = 0;
    r->len = fread(r->buf, 1, sizeof(r->buf), r->f);
    if (r->len == 0) {
        r->eof = true;
        r->ioerr = ferror(r->f) != 0;
        return false;
    }
    return true;
}

static int peek_byte(pc_csv_reader *r)
{
    if (r->replay_pos < r->replay_len)
        return r->replay[r->replay_pos];
    return fill(r) ? r->buf[r->pos] : -1;
}

static void record(pc_csv_reader *r, int c)
{
    if (r->raw_len == r->raw_cap) {
        size_t cap = r->raw_cap ? r->raw_cap * 2 : 4096;
        unsigned char *p = realloc(r->raw, cap);
        if (!p) {
            r->raw_full = true; /* cannot go back: the rest of the record is lost */
            r->recording = false;
            return;
        }
        r->raw = p;
        r->raw_cap = cap;
    }
    r->raw[r->raw_len++] = (unsigned char)c;
}

static int next_byte(pc_csv_reader *r)
{
    int c;
    if (r->replay_pos < r->replay_len) {
        c = r->replay[r->replay_pos++];
    } else {
        if (!fill(r))
            return -1;
        c = r->buf[r->pos++];
    }
    if (r->recording)
        record(r, c);
    r->off++;
    if (c == '\n') {
        if (!r->prev_cr)
            r->line++;
        r->prev_cr = false;
    } else if (c == '\r') {
        r->line++;
        r->prev_cr = true;
    } else {
        r->prev_cr = false;
    }
    return c;
}

static int text_add(pc_csv_reader *r, char c)
{
    if (r->text_len + 1 >= r->text_cap) {
        size_t cap = r->text_cap ? r->text_cap * 2 : 1024;
        char *p = realloc(r->text, cap);
        if (!p)
            return PC_ENOMEM;
        r->text = p;
        r->text_cap = cap;
    }
    r->text[r->text_len++] = c;
    return 0;
}

static int field_end(pc_csv_reader *r, size_t start)
{
    if (r->n == r->cap_fields) {
        size_t cap = r->cap_fields ? r->cap_fields * 2 : 32;
        size_t *s = realloc(r->starts, cap * sizeof(*s));
        if (!s)
            return PC_ENOMEM;
        r->starts = s;
        size_t *l = realloc(r->lens, cap * sizeof(*l));
        if (!l)
            return PC_ENOMEM;
        r->lens = l;
        char **p = realloc(r->ptrs, cap * sizeof(*p));
        if (!p)
            return PC_ENOMEM;
        r->ptrs = p;
        r->cap_fields = cap;
    }
    r->starts[r->n] = start;
    r->lens[r->n] = r->text_len - start;
    r->n++;
    return text_add(r, '\0');
}

/* Skip to the start of the next physical line (quotes are not honoured). */
static void skip_line(pc_csv_reader *r)
{
    for (;;) {
        int c = next_byte(r);
        if (c < 0 || c == '\n')
            return;
        if (c == '\r') {
            if (peek_byte(r) == '\n')
                next_byte(r);
            return;
        }
    }
}

struct resume {
    bool set;
    uint64_t off;
    long line;
    bool cr;
};

/* Go back to the line after the record's first line (a quote was left open): replay what was
 * recorded from there, then what was still to be replayed. */
static bool resume_at(pc_csv_reader *r, const struct resume *rs)
{
    r->recording = false;
    if (!rs->set || r->raw_full)
        return false;
    size_t rest = r->replay_len - r->replay_pos;
    unsigned char *p = malloc(r->raw_len + rest + 1);
    if (!p)
        return false;
    if (r->raw_len)
        memcpy(p, r->raw, r->raw_len);
    if (rest)
        memcpy(p + r->raw_len, r->replay + r->replay_pos, rest);
    free(r->replay);
    r->replay = p;
    r->replay_pos = 0;
    r->replay_len = r->raw_len + rest;
    r->off = rs->off;
    r->line = rs->line;
    r->prev_cr = rs->cr;
    return true;
}

int pc_csv_read_row(pc_csv_reader *r, pc_csv_row *ret_row, pc_diag *diag)
{
    r->n = 0;
    r->text_len = 0;
    r->recording = false;
    r->raw_full = false;
    r->raw_len = 0;
    if (r->replay_pos == r->replay_len)
        r->replay_pos = r->replay_len = 0;
    if (!r->started) {
        r->started = true;
        if (fill(r) && r->len - r->pos >= 3 && r->buf[r->pos] == 0xEF &&
            r->buf[r->pos + 1] == 0xBB && r->buf[r->pos + 2] == 0xBF) {
            r->pos += 3;
            r->off += 3;
        }
    }
    if (r->prev_cr && peek_byte(r) == '\n') /* the LF of a CRLF we resumed after */
        next_byte(r);
    if (peek_byte(r) < 0)
        return r->ioerr ? PC_EIO : 0;

    long row_line = r->line;
    uint64_t row_off = r->off;
    struct resume rs = {false, 0, 0, false};
    int rc;
    for (;;) { /* one field per iteration */
        size_t start = r->text_len;
        uint64_t at = r->off;
        long at_line = r->line;
        int c = next_byte(r);
        while (c == ' ' || c == '\t') { /* blanks before an opening quote are dropped */
            if ((rc = text_add(r, (char)c)) < 0)
                return rc;
            at = r->off;
            at_line = r->line;
            c = next_byte(r);
        }
        if (c == '"') {
            r->text_len = start;
            uint64_t q_off = at;
            long q_line = at_line;
            for (;;) {
                c = next_byte(r);
                if (c < 0) {
                    if (r->ioerr)
                        return PC_EIO;
                    pc_diag_set(diag, PC_EMALFORMED, (size_t)q_off, (int)q_line, 0,
                                "line %ld (byte %llu): quote opened here is never closed", q_line,
                                (unsigned long long)q_off);
                    resume_at(r, &rs);
                    return PC_EMALFORMED;
                }
                if (c == '"') {
                    if (peek_byte(r) != '"')
                        break;
                    next_byte(r);
                } else if ((c == '\r' || c == '\n') && !rs.set) {
                    rs.set = true;
                    rs.off = r->off;
                    rs.line = r->line;
                    rs.cr = c == '\r';
                    r->recording = true;
                }
                if ((rc = text_add(r, (char)c)) < 0)
                    return rc;
                if (r->text_len > r->max_row) {
                    pc_diag_set(diag, PC_EMALFORMED, (size_t)q_off, (int)q_line, 0,
                                "line %ld (byte %llu): quoted field longer than %zu bytes "
                                "(a quote left open?)",
                                q_line, (unsigned long long)q_off, r->max_row);
                    if (!resume_at(r, &rs))
                        skip_line(r);
                    return PC_EMALFORMED;
                }
            }
            at = r->off;
            at_line = r->line;
            c = next_byte(r);
            while (c == ' ' || c == '\t') {
                at = r->off;
                at_line = r->line;
                c = next_byte(r);
            }
            if (c >= 0 && c != ',' && c != '\r' && c != '\n') {
                pc_diag_set(diag, PC_EMALFORMED, (size_t)at, (int)at_line, 0,
                            "line %ld (byte %llu): '%c' after a closing quote (a quote inside "
                            "a quoted field must be doubled)",
                            at_line, (unsigned long long)at, c >= 0x20 && c < 0x7f ? c : '?');
                skip_line(r);
                return PC_EMALFORMED;
            }
        } else {
            while (c >= 0 && c != ',' && c != '\r' && c != '\n') {
                if (c == '"') {
                    pc_diag_set(diag, PC_EMALFORMED, (size_t)at, (int)at_line, 0,
                                "line %ld (byte %llu): stray quote inside an unquoted field",
                                at_line, (unsigned long long)at);
                    skip_line(r);
                    return PC_EMALFORMED;
                }
                if ((rc = text_add(r, (char)c)) < 0)
                    return rc;
                if (r->text_len > r->max_row) {
                    pc_diag_set(diag, PC_EMALFORMED, (size_t)row_off, (int)row_line, 0,
                                "line %ld (byte %llu): record longer than %zu bytes", row_line,
                                (unsigned long long)row_off, r->max_row);
                    skip_line(r);
                    return PC_EMALFORMED;
                }
                at = r->off;
                at_line = r->line;
                c = next_byte(r);
            }
        }
        if (c < 0 && r->ioerr)
            return PC_EIO;
        if (r->n >= PC_CSV_MAX_FIELDS) {
            pc_diag_set(diag, PC_EMALFORMED, (size_t)row_off, (int)row_line, 0,
                        "line %ld (byte %llu): more than %d fields", row_line,
                        (unsigned long long)row_off, PC_CSV_MAX_FIELDS);
            if (c == ',')
                skip_line(r);
            return PC_EMALFORMED;
        }
        if ((rc = field_end(r, start)) < 0)
            return rc;
        if (c == ',')
            continue;
        if (c == '\r' && peek_byte(r) == '\n')
            next_byte(r);
        break;
    }
    r->recording = false;
    for (size_t i = 0; i < r->n; i++)
        r->ptrs[i] = r->text + r->starts[i];
    ret_row->n = r->n;
    ret_row->fields = r->ptrs;
    ret_row->lens = r->lens;
    ret_row->line = row_line;
    ret_row->offset = row_off;
    return 1;
}

/* ---------------------------------------------------------------------------------------------
 * Dates
 */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static const char *trim(const char *s, size_t *len)
{
    size_t n = *len == (size_t)-1 ? strlen(s) : *len;
    while (n && is_blank(*s)) {
        s++;
        n--;
    }
    while (n && is_blank(s[n - 1]))
        n--;
    *len = n;
    return s;
}

/* Read 1..max digits at *p. @return the number of digits (0 = none). */
static int digits(const char **p, const char *end, int max, int *ret)
{
    int v = 0, n = 0;
    while (*p < end && is_digit(**p) && n < max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (*p < end && is_digit(**p))
        return 0; /* too many digits */
    *ret = v;
    return n;
}

static int year_of(int v, int nd)
{
    if (nd == 2)
        return v < 70 ? 2000 + v : 1900 + v;
    return nd == 4 ? v : -1;
}

static int month_of(const char *s, size_t n)
{
    static const char *const names[] = {"january",   "february", "march",    "april",
                                        "may",       "june",     "july",     "august",
                                        "september", "october",  "november", "december"};
    char w[16];
    if (n < 3 || n >= sizeof(w))
        return 0;
    for (size_t i = 0; i < n; i++)
        w[i] = lower(s[i]);
    w[n] = '\0';
    for (int m = 0; m < 12; m++) {
        if (strncmp(w, names[m], 3) != 0)
            continue;
        if (n == 3 || strcmp(w, names[m]) == 0 || (m == 8 && strcmp(w, "sept") == 0))
            return m + 1;
    }
    return 0;
}

/* Optional " H:MM[:SS]" at *p (separator blank or 'T'). @return false when malformed. */
static bool time_part(const char *p, const char *end, pc_civil *c)
{
    if (p == end)
        return true;
    if (*p != ' ' && *p != 'T' && *p != 't')
        return false;
    while (p < end && (*p == ' ' || *p == 'T' || *p == 't'))
        p++;
    if (digits(&p, end, 2, &c->hour) == 0 || p >= end || *p++ != ':')
        return false;
    if (digits(&p, end, 2, &c->minute) != 2)
        return false;
    if (p < end && *p == ':') {
        p++;
        if (digits(&p, end, 2, &c->second) != 2)
            return false;
    }
    return p == end;
}

pc_csv_date_kind pc_csv_parse_date(const char *s, size_t len, pc_civil *ret_local,
                                   int *ret_offset_min)
{
    if (ret_offset_min)
        *ret_offset_min = PC_OFFSET_NONE;
    if (!s)
        return PC_CSV_DATE_EMPTY;
    s = trim(s, &len);
    if (len == 0)
        return PC_CSV_DATE_EMPTY;
    if (!is_digit(s[0]))
        return PC_CSV_DATE_PLACEHOLDER;
    if (len >= 64)
        return PC_CSV_DATE_BAD;

    const char *p = s, *end = s + len;
    pc_civil c = {0};
    int a, b, y, na, nb, ny;
    if ((na = digits(&p, end, 4, &a)) == 0 || p >= end)
        return PC_CSV_DATE_BAD;
    if (na == 4 && *p == '-') { /* ISO 8601 */
        char buf[64];
        memcpy(buf, s, len);
        buf[len] = '\0';
        int off;
        if (pc_time_parse_iso(buf, &c, &off) < 0 || !pc_civil_valid(&c))
            return PC_CSV_DATE_BAD;
        if (ret_offset_min)
            *ret_offset_min = off;
        if (ret_local)
            *ret_local = c;
        return PC_CSV_DATE_OK;
    }
    char sep = *p++;
    if (sep == '-' && p < end && !is_digit(*p)) { /* D-Mon-YY */
        const char *m = p;
        while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            p++;
        b = month_of(m, (size_t)(p - m));
        if (na > 2 || b == 0 || p >= end || *p++ != '-')
            return PC_CSV_DATE_BAD;
        c.day = a;
        c.month = b;
    } else if (sep == '/' || sep == '-') { /* M/D/YYYY, DD-MM-YYYY */
        if (na > 2 || (nb = digits(&p, end, 2, &b)) == 0 || p >= end || *p++ != sep)
            return PC_CSV_DATE_BAD;
        c.month = sep == '/' ? a : b;
        c.day = sep == '/' ? b : a;
    } else {
        return PC_CSV_DATE_BAD;
    }
    ny = digits(&p, end, 4, &y);
    if ((c.year = year_of(y, ny)) < 0 || !time_part(p, end, &c) || !pc_civil_valid(&c))
        return PC_CSV_DATE_BAD;
    if (ret_local)
        *ret_local = c;
    return PC_CSV_DATE_OK;
}

/* ---------------------------------------------------------------------------------------------
 * Profiles
 */

static const char *const field_names[] = {
#define PC__CSV_FIELD_NAME(e, s) s,
    PC_CSV_FIELD_MAP(PC__CSV_FIELD_NAME)
#undef PC__CSV_FIELD_NAME
};

enum extra_kind { EXTRA_TEXT, EXTRA_NUMBER, EXTRA_TIME };

typedef struct extra_def {
    const char *key, *column;
    enum extra_kind kind;
} extra_def;

#define MAX_ALT    2
#define MAX_EXTRAS 6

typedef struct profile_def {
    const char *name, *carrier, *service, *zone;
    bool lower_service;
    const char *cols[PC_CSV_FIELD__COUNT][MAX_ALT]; /* first column found wins */
    extra_def extras[MAX_EXTRAS];
} profile_def;

static const profile_def profiles[] = {
    [PC_CSV_PROFILE_GENERIC] = {.name = "generic", .carrier = "csv", .zone = "UTC"},
    [PC_CSV_PROFILE_OLIST] =
        {
            .name = "olist",
            .carrier = "olist",
            .service = "standard",
            .zone = "America/Sao_Paulo",
            .cols =
                {
                    [PC_CSV_FIELD_ID] = {"order_id"},
                    [PC_CSV_FIELD_ORDERED] = {"order_purchase_timestamp", "order_approved_at"},
                    [PC_CSV_FIELD_HANDOFF] = {"order_delivered_carrier_date"},
                    [PC_CSV_FIELD_DELIVERED] = {"order_delivered_customer_date"},
                    [PC_CSV_FIELD_PROMISED] = {"order_estimated_delivery_date"},
                    [PC_CSV_FIELD_STATUS] = {"order_status"},
                },
            .extras = {{"approved_at", "order_approved_at", EXTRA_TIME}},
        },
    [PC_CSV_PROFILE_SCMS] =
        {
            .name = "scms",
            .carrier = "scms",
            .zone = "UTC",
            .lower_service = true,
            .cols =
                {
                    [PC_CSV_FIELD_ID] = {"ID"},
                    [PC_CSV_FIELD_SERVICE] = {"Shipment Mode"},
                    [PC_CSV_FIELD_DESTINATION] = {"Country"},
                    [PC_CSV_FIELD_ORDERED] = {"PO Sent to Vendor Date"},
                    [PC_CSV_FIELD_DELIVERED] = {"Delivered to Client Date"},
                    [PC_CSV_FIELD_PROMISED] = {"Scheduled Delivery Date"},
                },
            .extras =
                {
                    {"vendor", "Vendor", EXTRA_TEXT},
                    {"weight_kg", "Weight (Kilograms)", EXTRA_NUMBER},
                    {"freight_usd", "Freight Cost (USD)", EXTRA_NUMBER},
                    {"managed_by", "Managed By", EXTRA_TEXT},
                    {"project", "Project Code", EXTRA_TEXT},
                },
        },
};

int pc_csv_profile_parse(const char *name, pc_csv_profile *ret)
{
    for (size_t i = 0; name && i < sizeof(profiles) / sizeof(profiles[0]); i++) {
        if (strcmp(name, profiles[i].name) == 0) {
            *ret = (pc_csv_profile)i;
            return 0;
        }
    }
    return PC_EINVAL;
}

/* ---------------------------------------------------------------------------------------------
 * History mapping
 */

struct pc_csv_history {
    const profile_def *prof;
    char *carrier, *zone;
    char *map_cols[PC_CSV_FIELD__COUNT]; /* from opts->map */
    int col[PC_CSV_FIELD__COUNT];        /* header index, -1 = not mapped */
    char *col_name[PC_CSV_FIELD__COUNT];
    int extra_col[MAX_EXTRAS];
    pc_csv_summary sum;
    char **ids; /* open addressing set of imported ids */
    size_t n_ids, cap_ids;
};

static size_t count_add(pc_csv_count **arr, size_t *n, const char *key, size_t klen, int *rc)
{
    for (size_t i = 0; i < *n; i++) {
        if (strlen((*arr)[i].key) == klen && memcmp((*arr)[i].key, key, klen) == 0) {
            (*arr)[i].count++;
            return i;
        }
    }
    pc_csv_count *p = realloc(*arr, (*n + 1) * sizeof(*p));
    if (!p) {
        *rc = PC_ENOMEM;
        return 0;
    }
    *arr = p;
    char *k = malloc(klen + 1);
    if (!k) {
        *rc = PC_ENOMEM;
        return 0;
    }
    memcpy(k, key, klen);
    k[klen] = '\0';
    p[*n].key = k;
    p[*n].count = 1;
    return (*n)++;
}

size_t pc_csv_summary_get(const pc_csv_count *c, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].key, key) == 0)
            return c[i].count;
    return 0;
}

size_t pc_csv_summary_skipped(const pc_csv_summary *s, bool count_empty)
{
    size_t t = 0;
    for (size_t i = 0; i < s->n_skipped; i++)
        if (count_empty || strcmp(s->skipped[i].key, "empty row") != 0)
            t += s->skipped[i].count;
    return t;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void lower_str(char *s)
{
    for (; s && *s; s++)
        *s = lower(*s);
}

static bool eq_ci(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    if (an != bn)
        return false;
    for (size_t i = 0; i < an; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

void pc_csv_history_free(pc_csv_history *h)
{
    if (!h)
        return;
    free(h->carrier);
    free(h->zone);
    for (int f = 0; f < PC_CSV_FIELD__COUNT; f++) {
        free(h->map_cols[f]);
        free(h->col_name[f]);
    }
    for (size_t i = 0; i < h->sum.n_skipped; i++)
        free(h->sum.skipped[i].key);
    free(h->sum.skipped);
    for (size_t i = 0; i < h->sum.n_placeholders; i++)
        free(h->sum.placeholders[i].key);
    free(h->sum.placeholders);
    for (size_t i = 0; i < h->cap_ids; i++)
        free(h->ids[i]);
    free(h->ids);
    free(h);
}

static int parse_map(pc_csv_history *h, const char *map, char *err, size_t errlen)
{
    const char *p = map;
    while (*p) {
        const char *item = p, *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        p = comma ? comma + 1 : p + n;
        const char *eq = memchr(item, '=', n);
        size_t fl = eq ? (size_t)(eq - item) : n;
        const char *fname = trim(item, &fl);
        if (fl == 0 && !eq)
            continue; /* "a=b,,c=d" or a trailing comma */
        if (!eq) {
            snprintf(err, errlen, "--map item '%.*s' is not FIELD=COLUMN", (int)n, item);
            return PC_EINVAL;
        }
        size_t cl = (size_t)(item + n - (eq + 1));
        const char *col = trim(eq + 1, &cl);
        int f;
        for (f = 0; f < PC_CSV_FIELD__COUNT; f++)
            if (eq_ci(fname, fl, field_names[f]))
                break;
        if (f == PC_CSV_FIELD__COUNT) {
            snprintf(err, errlen,
                     "unknown field '%.*s' in --map (fields: id, carrier, service, ordered, "
                     "handoff, delivered, promised, origin, destination, status)",
                     (int)fl, fname);
            return PC_EINVAL;
        }
        if (cl == 0) {
            snprintf(err, errlen, "--map %s= names no column", field_names[f]);
            return PC_EINVAL;
        }
        free(h->map_cols[f]);
        if (!(h->map_cols[f] = dup_n(col, cl)))
            return PC_ENOMEM;
    }
    return 0;
}

int pc_csv_history_new(const pc_csv_history_opts *opts, pc_csv_history **ret, char *err,
                       size_t errlen)
{
    int rc = PC_ENOMEM;
    if ((unsigned)opts->profile >= sizeof(profiles) / sizeof(profiles[0])) {
        snprintf(err, errlen, "unknown profile");
        return PC_EINVAL;
    }
    pc_csv_history *h = calloc(1, sizeof(*h));
    if (!h)
        goto nomem;
    h->prof = &profiles[opts->profile];
    for (int f = 0; f < PC_CSV_FIELD__COUNT; f++)
        h->col[f] = -1;
    for (int i = 0; i < MAX_EXTRAS; i++)
        h->extra_col[i] = -1;
    const char *carrier = opts->carrier ? opts->carrier : h->prof->carrier;
    if (!(h->carrier = dup_n(carrier, strlen(carrier))))
        goto nomem;
    lower_str(h->carrier);
    if (!*h->carrier || strlen(h->carrier) > MAX_CARRIER_LEN) {
        snprintf(err, errlen, "carrier name must be 1..%d bytes", MAX_CARRIER_LEN);
        rc = PC_EINVAL;
        goto fail;
    }
    const char *zone = opts->tz ? opts->tz : h->prof->zone;
    if (!(h->zone = dup_n(zone, strlen(zone))))
        goto nomem;
    pc_civil probe = {2020, 1, 1, 0, 0, 0};
    int64_t t;
    int off;
    if (pc_tz_local_to_utc(h->zone, &probe, &t, &off) < 0) {
        snprintf(err, errlen, "unknown time zone '%s' (give an IANA name like Europe/Paris)",
                 h->zone);
        rc = PC_ENOTFOUND;
        goto fail;
    }
    if (opts->map && (rc = parse_map(h, opts->map, err, errlen)) < 0)
        goto fail;
    *ret = h;
    return 0;
nomem:
    snprintf(err, errlen, "out of memory");
    rc = PC_ENOMEM;
fail:
    pc_csv_history_free(h);
    return rc;
}

bool pc_csv_history_maps(const pc_csv_history *h, pc_csv_field f)
{
    return (unsigned)f < PC_CSV_FIELD__COUNT && (h->map_cols[f] || h->prof->cols[f][0]);
}

static int find_col(const pc_csv_row *row, const char *name)
{
    size_t nl = strlen(name);
    const char *n = trim(name, &nl);
    for (size_t i = 0; i < row->n; i++) {
        size_t l = row->lens[i];
        const char *c = trim(row->fields[i], &l);
        if (l == nl) {
            size_t k = 0;
            while (k < l && lower(c[k]) == lower(n[k]))
                k++;
            if (k == l)
                return (int)i;
        }
    }
    return -1;
}

static void list_columns(const pc_csv_row *row, char *err, size_t errlen)
{
    size_t used = strlen(err);
    for (size_t i = 0; i < row->n && used + 1 < errlen; i++) {
        int w = snprintf(err + used, errlen - used, "%s%s", i ? ", " : "", row->fields[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= errlen - 1 && errlen > 4)
        memcpy(err + errlen - 4, "...", 4);
}

int pc_csv_history_header(pc_csv_history *h, const pc_csv_row *row, char *err, size_t errlen)
{
    for (int f = 0; f < PC_CSV_FIELD__COUNT; f++) {
        int c = -1;
        if (h->map_cols[f]) {
            if ((c = find_col(row, h->map_cols[f])) < 0) {
                snprintf(err, errlen,
                         "column '%s' (--map %s) is not in the header; columns: ", h->map_cols[f],
                         field_names[f]);
                list_columns(row, err, errlen);
                return PC_ENOTFOUND;
            }
        } else {
            for (int k = 0; k < MAX_ALT && c < 0 && h->prof->cols[f][k]; k++)
                c = find_col(row, h->prof->cols[f][k]);
        }
        h->col[f] = c;
        free(h->col_name[f]);
        h->col_name[f] = NULL;
        if (c >= 0) {
            size_t l = row->lens[c];
            const char *name = trim(row->fields[c], &l);
            if (!(h->col_name[f] = dup_n(name, l)))
                return PC_ENOMEM;
        }
    }
    for (int i = 0; i < MAX_EXTRAS && h->prof->extras[i].key; i++)
        h->extra_col[i] = find_col(row, h->prof->extras[i].column);
    if (h->col[PC_CSV_FIELD_ID] < 0) {
        if (h->prof->cols[PC_CSV_FIELD_ID][0])
            snprintf(err, errlen,
                     "no id column '%s' in the header (not a %s file? map one with --map "
                     "id=COLUMN); columns: ",
                     h->prof->cols[PC_CSV_FIELD_ID][0], h->prof->name);
        else
            snprintf(err, errlen, "no id column: map one with --map id=COLUMN; columns: ");
        list_columns(row, err, errlen);
        return PC_ENOTFOUND;
    }
    return 0;
}

static const char *cell(const pc_csv_row *row, int col, size_t *len)
{
    if (col < 0 || (size_t)col >= row->n) {
        *len = 0;
        return NULL;
    }
    *len = row->lens[col];
    const char *s = trim(row->fields[col], len);
    return *len ? s : NULL;
}

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Slot of id in the set: its own, or the empty one where it would go. */
static size_t id_slot(const pc_csv_history *h, const char *id, size_t n)
{
    size_t mask = h->cap_ids - 1, i = (size_t)hash_str(id, n) & mask;
    while (h->ids[i] && !(strlen(h->ids[i]) == n && memcmp(h->ids[i], id, n) == 0))
        i = (i + 1) & mask;
    return i;
}

static bool id_seen(const pc_csv_history *h, const char *id, size_t n)
{
    return h->cap_ids && h->ids[id_slot(h, id, n)] != NULL;
}

static int id_add(pc_csv_history *h, const char *id, size_t n)
{
    if ((h->n_ids + 1) * 2 > h->cap_ids) {
        size_t cap = h->cap_ids ? h->cap_ids * 2 : 1024;
        char **old = h->ids;
        size_t old_cap = h->cap_ids;
        if (!(h->ids = calloc(cap, sizeof(*h->ids)))) {
            h->ids = old;
            return PC_ENOMEM;
        }
        h->cap_ids = cap;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i])
                h->ids[id_slot(h, old[i], strlen(old[i]))] = old[i];
        free(old);
    }
    size_t slot = id_slot(h, id, n);
    if (!h->ids[slot]) {
        if (!(h->ids[slot] = dup_n(id, n)))
            return PC_ENOMEM;
        h->n_ids++;
    }
    return 0;
}

static int placeholder(pc_csv_history *h, const char *prefix, const char *what, size_t wlen)
{
    char key[300];
    int rc = 0;
    int n = snprintf(key, sizeof(key), "%s%.*s", prefix, (int)(wlen > 200 ? 200 : wlen), what);
    count_add(&h->sum.placeholders, &h->sum.n_placeholders, key, (size_t)n, &rc);
    return rc;
}

/* Count a skip. *ret_reason points into the summary (owned by h). */
static int skip(pc_csv_history *h, const char *reason, const char *column, const char **ret_reason)
{
    char key[300];
    int rc = 0;
    int n =
        snprintf(key, sizeof(key), "%s%s%.200s", reason, column ? " " : "", column ? column : "");
    size_t i = count_add(&h->sum.skipped, &h->sum.n_skipped, key, (size_t)n, &rc);
    if (rc < 0)
        return rc;
    if (ret_reason)
        *ret_reason = h->sum.skipped[i].key;
    return 0;
}

int pc_csv_history_malformed(pc_csv_history *h)
{
    h->sum.rows++;
    return skip(h, "malformed CSV", NULL, NULL);
}

const pc_csv_summary *pc_csv_history_summary(const pc_csv_history *h)
{
    return &h->sum;
}

static int to_utc(const pc_csv_history *h, const pc_civil *c, int off, int64_t *ret_t,
                  int16_t *ret_off)
{
    if (off != PC_OFFSET_NONE) {
        *ret_t = pc_civil_to_unix(c) - (int64_t)off * 60;
        *ret_off = (int16_t)off;
        return 0;
    }
    int m;
    int rc = pc_tz_local_to_utc(h->zone, c, ret_t, &m);
    if (rc < 0)
        return rc;
    *ret_off = (int16_t)m;
    return 0;
}

/* A country name or ISO code, optionally "CC-REGION". Unknown names are counted. */
static int set_location(pc_csv_history *h, pc_location *loc, const char *s, size_t n)
{
    if (!s)
        return 0;
    const char *iso = NULL;
    if (n > 3 && s[2] == '-' && (iso = pc_country_iso2(s, 2)) != NULL) {
        int rc = pc_set_str(&loc->region, s + 3, n - 3);
        if (rc < 0)
            return rc;
    } else {
        iso = pc_country_iso2(s, n);
    }
    if (!iso)
        return placeholder(h, "unknown country ", s, n);
    return pc_set_str(&loc->country, iso, (size_t)-1);
}

/* Locale-independent decimal: [-]digits[.digits]. */
static bool parse_number(const char *s, size_t n, double *ret, bool *ret_int)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    double mant = 0;
    int nd = 0, frac = 0;
    bool dot = false;
    for (; i < n; i++) {
        if (is_digit(s[i])) {
            mant = mant * 10 + (s[i] - '0');
            nd++;
            frac += dot;
        } else if (s[i] == '.' && !dot) {
            dot = true;
        } else {
            return false;
        }
    }
    if (nd == 0 || nd > 17)
        return false;
    double p = 1;
    for (int k = 0; k < frac; k++)
        p *= 10;
    *ret = (neg ? -mant : mant) / p;
    *ret_int = !dot;
    return true;
}

static int build_metadata(pc_csv_history *h, const pc_csv_row *row, pc_shipment *s)
{
    json_t *o = json_object();
    if (!o)
        return PC_ENOMEM;
    for (int i = 0; i < MAX_EXTRAS && h->prof->extras[i].key; i++) {
        const extra_def *x = &h->prof->extras[i];
        size_t n;
        const char *v = cell(row, h->extra_col[i], &n);
        if (!v)
            continue;
        json_t *j = NULL;
        if (x->kind == EXTRA_TEXT) {
            j = json_stringn(v, n); /* NULL for invalid UTF-8: left out */
        } else if (x->kind == EXTRA_NUMBER) {
            double d;
            bool integral;
            if (parse_number(v, n, &d, &integral))
                j = integral ? json_integer((json_int_t)d) : json_real(d);
        } else {
            pc_civil c;
            int off;
            int64_t t;
            int16_t o16;
            char buf[32];
            if (pc_csv_parse_date(v, n, &c, &off) == PC_CSV_DATE_OK &&
                to_utc(h, &c, off, &t, &o16) == 0)
                j = json_string(pc_time_format(t, buf, sizeof(buf)));
        }
        if (j)
            json_object_set_new(o, x->key, j);
    }
    int rc = 0;
    if (json_object_size(o) > 0) {
        char *text = json_dumps(o, JSON_COMPACT);
        if (!text)
            rc = PC_ENOMEM;
        else
            s->metadata_json = text; /* jansson allocates with malloc */
    }
    json_decref(o);
    return rc;
}

static int add_milestone(pc_shipment *s, int64_t t, int16_t off, pc_status st, const char *code,
                         const char *desc)
{
    pc_event *ev;
    int rc = pc_shipment_add_event(s, 0, &ev);
    if (rc < 0)
        return rc;
    ev->time = t;
    ev->utc_offset = off;
    ev->status = st;
    if ((rc = pc_set_str(&ev->code, code, (size_t)-1)) < 0 ||
        (rc = pc_set_str(&ev->description, desc, (size_t)-1)) < 0)
        return rc;
    return pc_location_copy(&ev->location, &s->destination);
}

static bool status_cancelled(const char *s, size_t n)
{
    char buf[64];
    if (!s || n >= sizeof(buf))
        return false;
    for (size_t i = 0; i < n; i++)
        buf[i] = lower(s[i]);
    buf[n] = '\0';
    return strstr(buf, "cancel") || strstr(buf, "unavailable");
}

int pc_csv_history_row(pc_csv_history *h, const pc_csv_row *row, pc_shipment *ret_shipment,
                       const char **ret_reason)
{
    static const int date_fields[] = {PC_CSV_FIELD_ORDERED, PC_CSV_FIELD_HANDOFF,
                                      PC_CSV_FIELD_DELIVERED, PC_CSV_FIELD_PROMISED};
    pc_shipment *s = ret_shipment;
    int64_t t[PC_CSV_FIELD__COUNT];
    int16_t off[PC_CSV_FIELD__COUNT];
    int rc;

    pc_shipment_init(s);
    h->sum.rows++;
    bool empty = true;
    for (size_t i = 0; i < row->n && empty; i++) {
        size_t l = row->lens[i];
        trim(row->fields[i], &l);
        empty = l == 0;
    }
    if (empty)
        return skip(h, "empty row", NULL, ret_reason);

    size_t id_len;
    const char *id = cell(row, h->col[PC_CSV_FIELD_ID], &id_len);
    if (!id)
        return skip(h, "no id", NULL, ret_reason);
    if (id_len > MAX_ID_LEN)
        return skip(h, "id too long", NULL, ret_reason);
    if (id_seen(h, id, id_len))
        return skip(h, "duplicate id", NULL, ret_reason);

    for (size_t k = 0; k < sizeof(date_fields) / sizeof(date_fields[0]); k++) {
        int f = date_fields[k];
        size_t n;
        const char *v = cell(row, h->col[f], &n);
        pc_civil c;
        int o;
        t[f] = PC_TIME_NONE;
        off[f] = PC_OFFSET_NONE;
        pc_csv_date_kind kind = pc_csv_parse_date(v, n, &c, &o);
        if (kind == PC_CSV_DATE_PLACEHOLDER &&
            (rc = placeholder(h, "placeholder in ", h->col_name[f], strlen(h->col_name[f]))) < 0)
            return rc;
        /* BAD, or a wall time the zone cannot place */
        if (kind == PC_CSV_DATE_BAD ||
            (kind == PC_CSV_DATE_OK && to_utc(h, &c, o, &t[f], &off[f]) < 0))
            return skip(h, "not a date in", h->col_name[f], ret_reason);
    }
    int64_t ordered = t[PC_CSV_FIELD_ORDERED], handoff = t[PC_CSV_FIELD_HANDOFF],
            delivered = t[PC_CSV_FIELD_DELIVERED];
    if (handoff != PC_TIME_NONE && delivered != PC_TIME_NONE && delivered < handoff)
        return skip(h, "delivered before handoff", NULL, ret_reason);
    size_t st_len;
    const char *st = cell(row, h->col[PC_CSV_FIELD_STATUS], &st_len);
    if (handoff == PC_TIME_NONE && delivered == PC_TIME_NONE &&
        (ordered == PC_TIME_NONE || status_cancelled(st, st_len)))
        return skip(h, "no milestones", NULL, ret_reason);

    /* A usable row: build the shipment. */
    size_t n;
    const char *v;
    if ((rc = pc_set_str(&s->tracking_number, id, id_len)) < 0 ||
        (rc = pc_set_str(&s->order_id, id, id_len)) < 0)
        goto fail;
    v = cell(row, h->col[PC_CSV_FIELD_CARRIER], &n);
    if (v && n <= MAX_CARRIER_LEN)
        rc = pc_set_str(&s->carrier, v, n);
    else
        rc = pc_set_str(&s->carrier, h->carrier, (size_t)-1);
    if (rc < 0)
        goto fail;
    lower_str(s->carrier);
    v = cell(row, h->col[PC_CSV_FIELD_SERVICE], &n);
    if (v && !eq_ci(v, n, "N/A") && !eq_ci(v, n, "NA"))
        rc = pc_set_str(&s->service, v, n);
    else if (!v && h->prof->service && h->col[PC_CSV_FIELD_SERVICE] < 0)
        rc = pc_set_str(&s->service, h->prof->service, (size_t)-1);
    if (rc < 0)
        goto fail;
    if (h->prof->lower_service)
        lower_str(s->service);
    v = cell(row, h->col[PC_CSV_FIELD_ORIGIN], &n);
    if ((rc = set_location(h, &s->origin, v, n)) < 0)
        goto fail;
    v = cell(row, h->col[PC_CSV_FIELD_DESTINATION], &n);
    if ((rc = set_location(h, &s->destination, v, n)) < 0)
        goto fail;
    s->promised_by = t[PC_CSV_FIELD_PROMISED];
    if ((ordered != PC_TIME_NONE &&
         (rc = add_milestone(s, ordered, off[PC_CSV_FIELD_ORDERED], PC_STATUS_INFO_RECEIVED,
                             "ORDERED", "Order placed")) < 0) ||
        (handoff != PC_TIME_NONE &&
         (rc = add_milestone(s, handoff, off[PC_CSV_FIELD_HANDOFF], PC_STATUS_IN_TRANSIT, "HANDOFF",
                             "Handed to carrier")) < 0) ||
        (delivered != PC_TIME_NONE &&
         (rc = add_milestone(s, delivered, off[PC_CSV_FIELD_DELIVERED], PC_STATUS_DELIVERED,
                             "DELIVERED", "Delivered")) < 0))
        goto fail;
    if ((rc = build_metadata(h, row, s)) < 0)
        goto fail;
    pc_shipment_normalize(s);
    if ((rc = id_add(h, id, id_len)) < 0)
        goto fail;
    h->sum.imported++;
    return 1;
fail:
    pc_shipment_done(s);
    pc_shipment_init(s);
    return rc;
}

/* ---------------------------------------------------------------------------------------------
 * Whole file
 */

int pc_csv_import(pc_csv_history *h, FILE *f, pc_importer *imp, pc_csv_diag_fn on_diag, void *ctx,
                  char *err, size_t errlen)
{
    pc_csv_reader *r = NULL;
    pc_csv_row row;
    pc_diag d;
    const pc_import_stats *is = pc_importer_stats(imp);
    size_t ev0 = is->events_added, seen0 = is->events_seen, b0 = is->batches;
    int rc = pc_csv_reader_new(f, 0, &r);
    if (rc < 0)
        goto out;
    rc = pc_csv_read_row(r, &row, &d);
    if (rc == 0) {
        snprintf(err, errlen, "empty input: no header row");
        rc = PC_EMALFORMED;
        goto out;
    }
    if (rc == PC_EMALFORMED) {
        snprintf(err, errlen, "header row is malformed: %s", d.message);
        goto out;
    }
    if (rc < 0 || (rc = pc_csv_history_header(h, &row, err, errlen)) < 0)
        goto out;
    for (;;) {
        rc = pc_csv_read_row(r, &row, &d);
        if (rc == 0)
            break;
        if (rc == PC_EMALFORMED) {
            if ((rc = pc_csv_history_malformed(h)) < 0)
                goto out;
            if (on_diag)
                on_diag(&d, ctx);
            continue;
        }
        if (rc < 0)
            goto out;
        pc_shipment s;
        if ((rc = pc_csv_history_row(h, &row, &s, NULL)) < 0)
            goto out;
        if (rc == 1) {
            rc = pc_importer_add_shipment(imp, &s);
            pc_shipment_done(&s);
            if (rc < 0) {
                snprintf(err, errlen, "store: %s", pc_strerror(rc));
                goto out;
            }
        }
    }
    if ((rc = pc_importer_flush(imp)) < 0)
        snprintf(err, errlen, "store: %s", pc_strerror(rc));
out:
    if (rc == PC_EIO)
        snprintf(err, errlen, "read error");
    else if (rc == PC_ENOMEM)
        snprintf(err, errlen, "out of memory");
    h->sum.events += is->events_added - ev0;
    h->sum.events_parsed += is->events_seen - seen0;
    h->sum.batches += is->batches - b0;
    pc_csv_reader_free(r);
    return rc < 0 ? rc : 0;
}
