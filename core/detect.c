/* Tracking-number detection driven by a rules file (data/detect.rules).
 *
 * File format, one rule per line; blank lines and lines starting with '#' are ignored:
 *
 *     rule <format> carrier=<adapter> regex=<POSIX ERE> [check=<name> [parameters...]]
 *
 * Values cannot contain blanks. The regex is matched against the normalized number (blanks and
 * dashes removed, ASCII upper case), so it should be anchored and written in upper case. Several
 * rules may share a format name (e.g. "upu-s10" for each postal operator).
 *
 * A check verifies the last character of a slice of the number (the check character) against
 * the characters before it (the payload). Checks and their parameters:
 *
 *   none        no check digit (the default)
 *   weighted    sum of value * weight over the payload; parameters:
 *                 weights=a,b,...  cycled (required)
 *                 from=right|left  where the first weight applies (default right: the payload
 *                                  character next to the check digit)
 *                 mod=N            modulus (default 10)
 *                 result=complement|remainder  check = N - (sum+add) % N (default; N itself
 *                                  reads as 0) or check = (sum+add) % N
 *                 add=K            constant added to the sum (default 0)
 *                 sumdigits=1      add the decimal digits of each product (Luhn)
 *                 map=v:c,...      check value v is written as character c (e.g. 10:0,11:5)
 *                 letters=none|ups|alpha  value of letters in the payload: rejected (default),
 *                                  UPS ((ASCII - 63) % 10, so A=2 ... I=0), or A=10 ... Z=35
 *   mod10       weighted, mod=10, default weights=3,1
 *   mod11       weighted, mod=11, default weights=2,3,4,5,6,7
 *   gs1         weighted, weights=3,1 from the right, mod 10 (GS1/UCC, USPS IMpb, SSCC)
 *   luhn        weighted, weights=2,1 from the right, sumdigits=1
 *   s10         UPU S10: range=2:11 weights=8,6,4,2,3,5,9,7 from=left mod=11 map=10:0,11:5
 *   ups1z       range=2: weights=1,2 from=left mod=10 letters=ups
 *   fedex12     weights=1,3,7 from the right, mod=11 result=remainder map=10:0
 *   mod7        payload read as a decimal number, modulo 7 (DHL Express)
 *   mod37-36    ISO 7064 MOD 37,36 hybrid over 0-9A-Z (DPD)
 *
 * Parameters for every check:
 *   range=a:b   Python-style slice of the number the check applies to (negative = from the end,
 *               either bound may be empty); default the whole number
 *   prefix=XY   characters virtually put in front of the payload (FedEx SmartPost "92")
 * Parameters given after a preset override it.
 */
#include <parcelcast/detect.h>
#include <parcelcast/error.h>

#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define MAX_WEIGHTS 32
#define MAX_MAP     8
#define MAX_PREFIX  8
#define MAX_NUMBER  64   /* longer input is not a tracking number */
#define MAX_LINE    4096 /* bytes per rules line */
#define MAX_RULES   4096
#define MAX_NAME    64

typedef enum check_kind {
    CHECK_NONE,
    CHECK_WEIGHTED,
    CHECK_MOD7,
    CHECK_MOD37_36,
} check_kind;

typedef enum letter_values {
    LETTERS_NONE,
    LETTERS_UPS,
    LETTERS_ALPHA,
} letter_values;

typedef struct check_spec {
    check_kind kind;
    int weights[MAX_WEIGHTS];
    size_t n_weights;
    int mod;
    int add;
    bool from_left;
    bool remainder;
    bool sum_digits;
    letter_values letters;
    struct {
        int value;
        char ch;
    } map[MAX_MAP];
    size_t n_map;
    char prefix[MAX_PREFIX + 1];
    bool has_lo, has_hi;
    int lo, hi;
} check_spec;

typedef struct rule {
    char *format;
    char *carrier;
    regex_t re;
    bool re_ok;
    check_spec check;
} rule;

struct pc_detect_rules {
    rule *rules;
    size_t n;
};

/* ---------------------------------------------------------------------------------------------
 * Check algorithms
 */

static int char_value(char c, letter_values letters)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z') {
        if (letters == LETTERS_UPS)
            return (c - 63) % 10;
        if (letters == LETTERS_ALPHA)
            return c - 'A' + 10;
    }
    return -1;
}

static int digit_sum(int v)
{
    int s = 0;
    while (v > 0) {
        s += v % 10;
        v /= 10;
    }
    return s;
}

static bool check_weighted(const check_spec *c, const char *payload, size_t n, char check)
{
    long sum = c->add;
    for (size_t i = 0; i < n; i++) {
        int v = char_value(payload[i], c->letters);
        if (v < 0)
            return false;
        size_t wi = c->from_left ? i : n - 1 - i;
        int p = v * c->weights[wi % c->n_weights];
        sum += c->sum_digits ? digit_sum(p) : p;
    }
    int r = (int)(sum % c->mod);
    int value = c->remainder ? r : c->mod - r;
    for (size_t i = 0; i < c->n_map; i++) {
        if (c->map[i].value == value)
            return check == c->map[i].ch;
    }
    if (!c->remainder && value == c->mod)
        value = 0;
    if (value > 9)
        return false; /* not writable as one digit without a map entry */
    return check == (char)('0' + value);
}

static bool check_mod7(const char *payload, size_t n, char check)
{
    int r = 0;
    for (size_t i = 0; i < n; i++) {
        if (payload[i] < '0' || payload[i] > '9')
            return false;
        r = (r * 10 + (payload[i] - '0')) % 7;
    }
    return check == (char)('0' + r);
}

/* ISO 7064 MOD 37,36 hybrid: M = 36, alphabet 0-9A-Z. */
static bool check_mod37_36(const char *payload, size_t n, char check)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    int p = 36;
    for (size_t i = 0; i < n; i++) {
        int v = char_value(payload[i], LETTERS_ALPHA);
        if (v < 0)
            return false;
        int s = (p + v) % 36;
        if (s == 0)
            s = 36;
        p = (2 * s) % 37;
    }
    int c = (37 - p) % 36;
    return check == alphabet[c];
}

/* Resolve a Python-style slice bound against length n. */
static size_t slice_bound(int b, size_t n)
{
    if (b < 0) {
        size_t m = (size_t)(-(long)b);
        return m > n ? 0 : n - m;
    }
    return (size_t)b > n ? n : (size_t)b;
}

static bool run_check(const check_spec *c, const char *number, size_t len)
{
    char buf[MAX_PREFIX + MAX_NUMBER + 1];
    size_t lo = c->has_lo ? slice_bound(c->lo, len) : 0;
    size_t hi = c->has_hi ? slice_bound(c->hi, len) : len;
    if (hi <= lo || hi - lo < 2)
        return false;
    size_t pl = strlen(c->prefix);
    memcpy(buf, c->prefix, pl);
    memcpy(buf + pl, number + lo, hi - lo);
    size_t n = pl + (hi - lo);
    char check = buf[n - 1];
    switch (c->kind) {
    case CHECK_WEIGHTED:
        return check_weighted(c, buf, n - 1, check);
    case CHECK_MOD7:
        return check_mod7(buf, n - 1, check);
    case CHECK_MOD37_36:
        return check_mod37_36(buf, n - 1, check);
    case CHECK_NONE:
        break;
    }
    return true;
}

/* ---------------------------------------------------------------------------------------------
 * Rules file
 */

typedef struct parse_ctx {
    const char *path;
    unsigned line;
    char **ret_err;
} parse_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
parse_error(const parse_ctx *ctx, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (ctx->ret_err) {
        size_t need = strlen(ctx->path) + strlen(msg) + 32;
        char *e = malloc(need);
        if (e) {
            snprintf(e, need, "%s:%u: %s", ctx->path, ctx->line, msg);
            free(*ctx->ret_err);
            *ctx->ret_err = e;
        }
    }
    return PC_EMALFORMED;
}

/* Decimal integer in [min, max] filling all of s[0..n). */
static bool parse_int(const char *s, size_t n, long min, long max, int *ret)
{
    char tmp[16];
    char *end;
    if (n == 0 || n >= sizeof(tmp))
        return false;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    long v = strtol(tmp, &end, 10);
    if (*end != '\0' || v < min || v > max)
        return false;
    *ret = (int)v;
    return true;
}

static int parse_weights(const parse_ctx *ctx, const char *v, check_spec *c)
{
    c->n_weights = 0;
    while (*v) {
        const char *comma = strchr(v, ',');
        size_t n = comma ? (size_t)(comma - v) : strlen(v);
        if (c->n_weights == MAX_WEIGHTS)
            return parse_error(ctx, "more than %d weights", MAX_WEIGHTS);
        if (!parse_int(v, n, 0, 99, &c->weights[c->n_weights]))
            return parse_error(ctx, "bad weight '%.*s'", (int)n, v);
        c->n_weights++;
        v += n;
        if (*v == ',') {
            v++;
            if (!*v)
                return parse_error(ctx, "trailing ',' in weights");
        }
    }
    if (c->n_weights == 0)
        return parse_error(ctx, "empty weights");
    return 0;
}

static int parse_map(const parse_ctx *ctx, const char *v, check_spec *c)
{
    c->n_map = 0;
    while (*v) {
        const char *comma = strchr(v, ',');
        size_t n = comma ? (size_t)(comma - v) : strlen(v);
        const char *colon = memchr(v, ':', n);
        int value;
        if (!colon || (size_t)(colon - v) + 2 != n ||
            !parse_int(v, (size_t)(colon - v), 0, 99, &value) ||
            !((colon[1] >= '0' && colon[1] <= '9') || (colon[1] >= 'A' && colon[1] <= 'Z')))
            return parse_error(ctx, "bad map entry '%.*s' (want value:char)", (int)n, v);
        if (c->n_map == MAX_MAP)
            return parse_error(ctx, "more than %d map entries", MAX_MAP);
        c->map[c->n_map].value = value;
        c->map[c->n_map].ch = colon[1];
        c->n_map++;
        v += n;
        if (*v == ',')
            v++;
    }
    return 0;
}

static int parse_range(const parse_ctx *ctx, const char *v, check_spec *c)
{
    const char *colon = strchr(v, ':');
    if (!colon)
        return parse_error(ctx, "bad range '%s' (want start:end)", v);
    size_t a = (size_t)(colon - v), b = strlen(colon + 1);
    c->has_lo = a > 0;
    c->has_hi = b > 0;
    if ((c->has_lo && !parse_int(v, a, -MAX_NUMBER, MAX_NUMBER, &c->lo)) ||
        (c->has_hi && !parse_int(colon + 1, b, -MAX_NUMBER, MAX_NUMBER, &c->hi)))
        return parse_error(ctx, "bad range '%s' (want start:end)", v);
    return 0;
}

static void set_weights(check_spec *c, const int *w, size_t n)
{
    memcpy(c->weights, w, n * sizeof(*w));
    c->n_weights = n;
}

/* Fill c with the defaults of a named check. @return false for an unknown name. */
static bool apply_preset(const char *name, check_spec *c)
{
    static const int w31[] = {3, 1}, w21[] = {2, 1}, w11[] = {2, 3, 4, 5, 6, 7};
    static const int ws10[] = {8, 6, 4, 2, 3, 5, 9, 7}, wups[] = {1, 2}, wfdx[] = {1, 3, 7};

    memset(c, 0, sizeof(*c));
    c->mod = 10;
    if (strcmp(name, "none") == 0) {
        c->kind = CHECK_NONE;
    } else if (strcmp(name, "weighted") == 0) {
        c->kind = CHECK_WEIGHTED;
    } else if (strcmp(name, "mod10") == 0 || strcmp(name, "gs1") == 0) {
        c->kind = CHECK_WEIGHTED;
        set_weights(c, w31, 2);
    } else if (strcmp(name, "mod11") == 0) {
        c->kind = CHECK_WEIGHTED;
        c->mod = 11;
        set_weights(c, w11, 6);
    } else if (strcmp(name, "luhn") == 0) {
        c->kind = CHECK_WEIGHTED;
        set_weights(c, w21, 2);
        c->sum_digits = true;
    } else if (strcmp(name, "s10") == 0) {
        c->kind = CHECK_WEIGHTED;
        set_weights(c, ws10, 8);
        c->from_left = true;
        c->mod = 11;
        c->map[0].value = 10;
        c->map[0].ch = '0';
        c->map[1].value = 11;
        c->map[1].ch = '5';
        c->n_map = 2;
        c->has_lo = c->has_hi = true;
        c->lo = 2;
        c->hi = 11;
    } else if (strcmp(name, "ups1z") == 0) {
        c->kind = CHECK_WEIGHTED;
        set_weights(c, wups, 2);
        c->from_left = true;
        c->letters = LETTERS_UPS;
        c->has_lo = true;
        c->lo = 2;
    } else if (strcmp(name, "fedex12") == 0) {
        c->kind = CHECK_WEIGHTED;
        set_weights(c, wfdx, 3);
        c->mod = 11;
        c->remainder = true;
        c->map[0].value = 10;
        c->map[0].ch = '0';
        c->n_map = 1;
    } else if (strcmp(name, "mod7") == 0) {
        c->kind = CHECK_MOD7;
    } else if (strcmp(name, "mod37-36") == 0) {
        c->kind = CHECK_MOD37_36;
    } else {
        return false;
    }
    return true;
}

static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_NAME)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
            return false;
    }
    return true;
}

/* Keys that tune a weighted check; other checks reject them. */
static bool weighted_only(const char *key)
{
    static const char *const keys[] = {"weights", "from", "mod",       "result",
                                       "add",     "map",  "sumdigits", "letters"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (strcmp(key, keys[i]) == 0)
            return true;
    }
    return false;
}

static int apply_param(const parse_ctx *ctx, const char *key, const char *v, check_spec *c,
                       const char *check_name)
{
    if (weighted_only(key) && c->kind != CHECK_WEIGHTED)
        return parse_error(ctx, "'%s' does not apply to check '%s'", key, check_name);
    if (strcmp(key, "weights") == 0)
        return parse_weights(ctx, v, c);
    if (strcmp(key, "map") == 0)
        return parse_map(ctx, v, c);
    if (strcmp(key, "range") == 0)
        return parse_range(ctx, v, c);
    if (strcmp(key, "mod") == 0) {
        if (!parse_int(v, strlen(v), 2, 97, &c->mod))
            return parse_error(ctx, "bad mod '%s' (2-97)", v);
        return 0;
    }
    if (strcmp(key, "add") == 0) {
        if (!parse_int(v, strlen(v), 0, 999, &c->add))
            return parse_error(ctx, "bad add '%s' (0-999)", v);
        return 0;
    }
    if (strcmp(key, "from") == 0) {
        if (strcmp(v, "left") == 0)
            c->from_left = true;
        else if (strcmp(v, "right") == 0)
            c->from_left = false;
        else
            return parse_error(ctx, "bad from '%s' (left or right)", v);
        return 0;
    }
    if (strcmp(key, "result") == 0) {
        if (strcmp(v, "remainder") == 0)
            c->remainder = true;
        else if (strcmp(v, "complement") == 0)
            c->remainder = false;
        else
            return parse_error(ctx, "bad result '%s' (complement or remainder)", v);
        return 0;
    }
    if (strcmp(key, "sumdigits") == 0) {
        if (strcmp(v, "1") == 0)
            c->sum_digits = true;
        else if (strcmp(v, "0") == 0)
            c->sum_digits = false;
        else
            return parse_error(ctx, "bad sumdigits '%s' (0 or 1)", v);
        return 0;
    }
    if (strcmp(key, "letters") == 0) {
        if (strcmp(v, "none") == 0)
            c->letters = LETTERS_NONE;
        else if (strcmp(v, "ups") == 0)
            c->letters = LETTERS_UPS;
        else if (strcmp(v, "alpha") == 0)
            c->letters = LETTERS_ALPHA;
        else
            return parse_error(ctx, "bad letters '%s' (none, ups or alpha)", v);
        return 0;
    }
    if (strcmp(key, "prefix") == 0) {
        size_t n = strlen(v);
        if (n > MAX_PREFIX)
            return parse_error(ctx, "prefix '%s' longer than %d", v, MAX_PREFIX);
        for (size_t i = 0; i < n; i++) {
            if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'A' && v[i] <= 'Z')))
                return parse_error(ctx, "bad prefix '%s' (0-9, A-Z)", v);
        }
        memcpy(c->prefix, v, n + 1);
        return 0;
    }
    return parse_error(ctx, "unknown key '%s'", key);
}

#define MAX_TOKENS 32

/* Parse one non-comment line (NUL-terminated, modified in place) into r. */
static int parse_rule(const parse_ctx *ctx, char *line, rule *r)
{
    char *tok[MAX_TOKENS];
    size_t nt = 0;
    char *p = line;
    const char *carrier = NULL, *regex = NULL, *check = NULL;
    int rc;

    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (nt == MAX_TOKENS)
            return parse_error(ctx, "more than %d fields", MAX_TOKENS);
        tok[nt++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (*p)
            *p++ = '\0';
    }
    if (nt < 2 || strcmp(tok[0], "rule") != 0)
        return parse_error(ctx, "expected 'rule <format> key=value...'");
    if (!name_ok(tok[1]))
        return parse_error(ctx, "bad format name '%s' (a-z, 0-9, '-', '_')", tok[1]);

    /* First pass: the keys that decide how the others are read. */
    for (size_t i = 2; i < nt; i++) {
        char *eq = strchr(tok[i], '=');
        if (!eq || eq == tok[i] || eq[1] == '\0')
            return parse_error(ctx, "expected key=value, got '%s'", tok[i]);
        *eq = '\0';
        const char *key = tok[i], *val = eq + 1;
        const char **slot = NULL;
        if (strcmp(key, "carrier") == 0)
            slot = &carrier;
        else if (strcmp(key, "regex") == 0)
            slot = &regex;
        else if (strcmp(key, "check") == 0)
            slot = &check;
        if (slot) {
            if (*slot)
                return parse_error(ctx, "duplicate key '%s'", key);
            *slot = val;
        }
    }
    if (!carrier)
        return parse_error(ctx, "rule '%s' has no carrier=", tok[1]);
    if (!name_ok(carrier))
        return parse_error(ctx, "bad carrier name '%s'", carrier);
    if (!regex)
        return parse_error(ctx, "rule '%s' has no regex=", tok[1]);
    if (!check)
        check = "none";
    if (!apply_preset(check, &r->check))
        return parse_error(ctx, "unknown check '%s'", check);
    for (size_t i = 2; i < nt; i++) {
        const char *key = tok[i], *val = tok[i] + strlen(tok[i]) + 1;
        if (strcmp(key, "carrier") == 0 || strcmp(key, "regex") == 0 || strcmp(key, "check") == 0)
            continue;
        if (!weighted_only(key) && strcmp(key, "range") != 0 && strcmp(key, "prefix") != 0)
            return parse_error(ctx, "unknown key '%s'", key);
        if (r->check.kind == CHECK_NONE)
            return parse_error(ctx, "'%s' needs a check= other than none", key);
        if ((rc = apply_param(ctx, key, val, &r->check, check)) < 0)
            return rc;
    }
    if (r->check.kind == CHECK_WEIGHTED && r->check.n_weights == 0)
        return parse_error(ctx, "check '%s' needs weights=", check);

    int err = regcomp(&r->re, regex, REG_EXTENDED | REG_NOSUB);
    if (err != 0) {
        char msg[256];
        regerror(err, &r->re, msg, sizeof(msg));
        return parse_error(ctx, "bad regex '%s': %s", regex, msg);
    }
    r->re_ok = true;
    r->format = strdup(tok[1]);
    r->carrier = strdup(carrier);
    if (!r->format || !r->carrier)
        return PC_ENOMEM;
    return 0;
}

static void rule_done(rule *r)
{
    if (r->re_ok)
        regfree(&r->re);
    free(r->format);
    free(r->carrier);
    memset(r, 0, sizeof(*r));
}

void pc_detect_rules_free(pc_detect_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++)
        rule_done(&rules->rules[i]);
    free(rules->rules);
    free(rules);
}

int pc_detect_rules_load(const char *path, pc_detect_rules **ret_rules, char **ret_err)
{
    pc_detect_rules *rules = NULL;
    char *line = NULL;
    size_t cap = 0, rules_cap = 0;
    FILE *f = NULL;
    int rc = 0;
    parse_ctx ctx = {.path = path, .line = 0, .ret_err = ret_err};

    if (ret_err)
        *ret_err = NULL;
    if (!path || !ret_rules)
        return PC_EINVAL;
    *ret_rules = NULL;
    f = fopen(path, "r");
    if (!f)
        return PC_EIO;
    rules = calloc(1, sizeof(*rules));
    if (!rules) {
        rc = PC_ENOMEM;
        goto out;
    }
    for (;;) {
        ssize_t n = getline(&line, &cap, f);
        if (n < 0)
            break;
        ctx.line++;
        if (n > MAX_LINE) {
            rc = parse_error(&ctx, "line longer than %d bytes", MAX_LINE);
            goto out;
        }
        if (memchr(line, '\0', (size_t)n)) {
            rc = parse_error(&ctx, "NUL byte in line");
            goto out;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' ||
                         line[n - 1] == '\t'))
            line[--n] = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        if (rules->n == MAX_RULES) {
            rc = parse_error(&ctx, "more than %d rules", MAX_RULES);
            goto out;
        }
        if (rules->n == rules_cap) {
            size_t nc = rules_cap ? rules_cap * 2 : 32;
            rule *nr = realloc(rules->rules, nc * sizeof(*nr));
            if (!nr) {
                rc = PC_ENOMEM;
                goto out;
            }
            rules->rules = nr;
            rules_cap = nc;
        }
        rule *r = &rules->rules[rules->n];
        memset(r, 0, sizeof(*r));
        rc = parse_rule(&ctx, p, r);
        if (rc < 0) {
            rule_done(r);
            goto out;
        }
        rules->n++;
    }
    if (ferror(f))
        rc = PC_EIO;
out:
    free(line);
    if (f)
        fclose(f);
    if (rc < 0) {
        pc_detect_rules_free(rules);
        if (rc != PC_EMALFORMED && ret_err) {
            free(*ret_err);
            *ret_err = NULL;
        }
        return rc;
    }
    *ret_rules = rules;
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * Detection
 */

/* Rank of a match: verified check digit, then rules without one, then failed checks. */
enum { RANK_VERIFIED, RANK_UNCHECKED, RANK_FAILED, RANK_NONE };

int pc_detect(const pc_detect_rules *rules, const char *number, pc_detect_match *ret_matches,
              size_t max)
{
    char buf[MAX_NUMBER + 1];
    size_t len = 0;
    unsigned char *rank = NULL;
    int count = 0;

    if (!rules || !number || (max > 0 && !ret_matches))
        return PC_EINVAL;
    for (const char *p = number; *p; p++) {
        char ch = *p;
        if (ch == ' ' || ch == '-' || ch == '\t' || ch == '\n' || ch == '\r')
            continue;
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            return 0; /* punctuation or non-ASCII: not a tracking number */
        if (len == MAX_NUMBER)
            return 0;
        buf[len++] = ch;
    }
    buf[len] = '\0';
    if (len == 0 || rules->n == 0)
        return 0;

    rank = malloc(rules->n);
    if (!rank)
        return PC_ENOMEM;
    for (size_t i = 0; i < rules->n; i++) {
        const rule *r = &rules->rules[i];
        rank[i] = RANK_NONE;
        if (regexec(&r->re, buf, 0, NULL, 0) != 0)
            continue;
        if (r->check.kind == CHECK_NONE)
            rank[i] = RANK_UNCHECKED;
        else
            rank[i] = run_check(&r->check, buf, len) ? RANK_VERIFIED : RANK_FAILED;
    }
    for (unsigned want = RANK_VERIFIED; want < RANK_NONE; want++) {
        for (size_t i = 0; i < rules->n && (size_t)count < max; i++) {
            if (rank[i] != want)
                continue;
            const rule *r = &rules->rules[i];
            bool dup = false;
            for (int k = 0; k < count; k++) {
                if (strcmp(ret_matches[k].carrier, r->carrier) == 0 &&
                    strcmp(ret_matches[k].format, r->format) == 0)
                    dup = true;
            }
            if (dup)
                continue;
            ret_matches[count].carrier = r->carrier;
            ret_matches[count].format = r->format;
            ret_matches[count].has_check = r->check.kind != CHECK_NONE;
            ret_matches[count].check_ok = want != RANK_FAILED;
            count++;
        }
    }
    free(rank);
    return count;
}
