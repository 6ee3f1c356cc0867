/*
 * E-mail notices: templates per kind (files in notify.templates, built-in defaults otherwise),
 * placeholder rendering from the notice body, and the RFC 5322 message libcurl's SMTP sends.
 */
#include "notify_internal.h"

#include <parcelcast/error.h>
#include <parcelcast/timeutil.h>

#include <errno.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEMPLATE_MAX (64 * 1024)

static const char *const builtin[PC_NOTICE__COUNT] = {
    [PC_NOTICE_INFO_RECEIVED] =
        "Subject: Order {{order_id}}: {{carrier}} has your parcel's details\n\n"
        "Hello {{customer_name}},\n\n"
        "{{carrier}} has received the details of your parcel {{tracking_number}} and is waiting "
        "for it to be handed over.\n\nExpected delivery: {{eta_window}}\n",
    [PC_NOTICE_SHIPPED] = "Subject: Order {{order_id}} has shipped\n\n"
                          "Hello {{customer_name}},\n\n"
                          "Your parcel {{tracking_number}} is on its way with {{carrier}}.\n\n"
                          "Expected delivery: {{eta_window}}\n",
    [PC_NOTICE_DELAYED] = "Subject: Order {{order_id}} may arrive late\n\n"
                          "Hello {{customer_name}},\n\n"
                          "Your parcel {{tracking_number}} ({{carrier}}) may arrive later than "
                          "promised.\n\nWhy: {{reason}}\n\nNew expected delivery: {{eta_window}}\n",
    [PC_NOTICE_ETA_CHANGED] = "Subject: Order {{order_id}}: new delivery estimate\n\n"
                              "Hello {{customer_name}},\n\n"
                              "The delivery estimate of your parcel {{tracking_number}} "
                              "({{carrier}}) has changed.\n\nExpected delivery: {{eta_window}}\n",
    [PC_NOTICE_OUT_FOR_DELIVERY] = "Subject: Order {{order_id}} arrives today\n\n"
                                   "Hello {{customer_name}},\n\n"
                                   "Your parcel {{tracking_number}} is out for delivery with "
                                   "{{carrier}} and should arrive today.\n",
    [PC_NOTICE_DELIVERED] = "Subject: Order {{order_id}} was delivered\n\n"
                            "Hello {{customer_name}},\n\n"
                            "{{carrier}} has delivered your parcel {{tracking_number}}.\n",
    [PC_NOTICE_FAILED_ATTEMPT] = "Subject: Order {{order_id}}: delivery attempt failed\n\n"
                                 "Hello {{customer_name}},\n\n"
                                 "{{carrier}} could not deliver your parcel {{tracking_number}}."
                                 "\n\nCarrier's note: {{reason}}\n\n{{next_step}}\n",
    [PC_NOTICE_EXCEPTION] = "Subject: Order {{order_id}}: a problem with your parcel\n\n"
                            "Hello {{customer_name}},\n\n"
                            "{{carrier}} reports a problem with your parcel {{tracking_number}}: "
                            "{{reason}}\n\n{{next_step}}\n",
};

/* A growing NUL-terminated buffer. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* A value for a placeholder: control characters become spaces (no header injection). */
static void sb_value(sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        char c = (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s;
        sb_add(b, &c, 1);
    }
}

/* "YYYY-MM-DDTHH:MM:SSZ" -> "YYYY-MM-DD HH:MM" */
static void short_time(const char *iso, char *out, size_t size)
{
    if (iso && strlen(iso) >= 16)
        snprintf(out, size, "%.10s %.5s", iso, iso + 11);
    else
        snprintf(out, size, "%s", iso ? iso : "");
}

static const char *jstr(const json_t *o, const char *path1, const char *path2)
{
    const json_t *v = json_object_get(o, path1);
    if (path2)
        v = json_object_get(v, path2);
    return json_string_value(v);
}

static void placeholder(sbuf *b, const json_t *body, const char *name, size_t n)
{
    const json_t *ship = json_object_get(body, "shipment");
#define IS(s) (n == strlen(s) && memcmp(name, s, n) == 0)
    if (IS("carrier"))
        sb_value(b, jstr(ship, "carrier", NULL));
    else if (IS("tracking_number"))
        sb_value(b, jstr(ship, "tracking_number", NULL));
    else if (IS("status")) {
        const char *st = jstr(ship, "status", NULL);
        for (; st && *st; st++)
            sb_add(b, *st == '_' ? " " : st, 1);
    } else if (IS("order_id"))
        sb_value(b, jstr(ship, "order_id", NULL) ? jstr(ship, "order_id", NULL) : "");
    else if (IS("customer_name")) {
        const char *nm = jstr(ship, "customer", "name");
        sb_value(b, nm ? nm : "there");
    } else if (IS("reason"))
        sb_value(b, jstr(body, "reason", NULL));
    else if (IS("next_step"))
        sb_value(b, jstr(body, "next_step", NULL));
    else if (IS("eta_window")) {
        const json_t *w = json_object_get(json_object_get(body, "eta"), "window_80");
        const char *s = jstr(w, "start", NULL), *e = jstr(w, "end", NULL);
        if (s && e) {
            char a[40], z[40];
            short_time(s, a, sizeof(a));
            short_time(e, z, sizeof(z));
            sb_str(b, a);
            sb_str(b, " to ");
            sb_str(b, z);
            sb_str(b, " UTC");
        } else {
            sb_str(b, "not known yet");
        }
    } else {
        sb_str(b, "{{");
        sb_add(b, name, n);
        sb_str(b, "}}");
    }
#undef IS
}

static void render(sbuf *b, const json_t *body, const char *t, size_t len)
{
    const char *end = t + len;
    while (t < end) {
        const char *open = NULL;
        for (const char *p = t; p + 1 < end; p++)
            if (p[0] == '{' && p[1] == '{') {
                open = p;
                break;
            }
        const char *close = NULL;
        for (const char *p = open ? open + 2 : end; p + 1 < end; p++)
            if (p[0] == '}' && p[1] == '}') {
                close = p;
                break;
            }
        if (!open || !close) {
            sb_add(b, t, (size_t)(end - t));
            return;
        }
        sb_add(b, t, (size_t)(open - t));
        placeholder(b, body, open + 2, (size_t)(close - open - 2));
        t = close + 2;
    }
}

static int load_template(const char *dir, const char *kind, char **ret, char *err, size_t errlen)
{
    char path[4096];
    *ret = NULL;
    if (!dir || !*dir)
        return PC_ENOTFOUND;
    snprintf(path, sizeof(path), "%s/%s.txt", dir, kind);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return PC_ENOTFOUND;
        if (err)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return PC_EIO;
    }
    char *buf = malloc(TEMPLATE_MAX + 1);
    size_t n = buf ? fread(buf, 1, TEMPLATE_MAX + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return PC_ENOMEM;
    if (bad || n > TEMPLATE_MAX) {
        free(buf);
        if (err)
            snprintf(err, errlen, "%s: %s", path,
                     bad ? "read error" : "template larger than 64 KiB");
        return bad ? PC_EIO : PC_ELIMIT;
    }
    buf[n] = '\0';
    if (strlen(buf) != n) {
        free(buf);
        if (err)
            snprintf(err, errlen, "%s: NUL byte in template", path);
        return PC_EMALFORMED;
    }
    *ret = buf;
    return 0;
}

int pc_notice_render_email(const char *templates_dir, const char *body_json, char **ret_subject,
                           char **ret_text, char *err, size_t errlen)
{
    pc_notice_kind kind;
    json_t *body = body_json ? json_loads(body_json, 0, NULL) : NULL;
    char *file = NULL;
    sbuf subj = {0}, text = {0};
    int rc = PC_EMALFORMED;
    *ret_subject = *ret_text = NULL;
    if (!json_is_object(body) || pc_notice_kind_parse(jstr(body, "kind", NULL), &kind) < 0) {
        if (err)
            snprintf(err, errlen, "notice body: not a notice (no known kind)");
        goto out;
    }
    rc = load_template(templates_dir, pc_notice_kind_name(kind), &file, err, errlen);
    if (rc < 0 && rc != PC_ENOTFOUND)
        goto out;
    const char *t = file ? file : builtin[kind];
    if (strncmp(t, "Subject:", 8) != 0) {
        if (err)
            snprintf(err, errlen, "%s/%s.txt: line 1: expected \"Subject: ...\"", templates_dir,
                     pc_notice_kind_name(kind));
        rc = PC_EMALFORMED;
        goto out;
    }
    const char *nl = strchr(t, '\n');
    const char *s = t + 8;
    while (*s == ' ')
        s++;
    size_t slen = (size_t)((nl ? nl : s + strlen(s)) - s);
    while (slen && s[slen - 1] == '\r')
        slen--;
    render(&subj, body, s, slen);
    const char *rest = nl ? nl + 1 : "";
    if (*rest == '\r')
        rest++;
    if (*rest == '\n')
        rest++; /* the empty line after the subject */
    render(&text, body, rest, strlen(rest));
    sb_add(&subj, "", 0);
    sb_add(&text, "", 0);
    if (subj.failed || text.failed) {
        rc = PC_ENOMEM;
        goto out;
    }
    *ret_subject = subj.p;
    *ret_text = text.p;
    subj.p = text.p = NULL;
    rc = 0;
out:
    free(subj.p);
    free(text.p);
    free(file);
    json_decref(body);
    return rc;
}

static void rfc5322_date(int64_t t, char *out, size_t size)
{
    static const char *const days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    pc_civil c;
    pc_unix_to_civil(t, &c);
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int dow = (int)(((day % 7) + 7) % 7);
    snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[dow], c.day,
             months[(c.month - 1) % 12], c.year, c.hour, c.minute, c.second);
}

/* RFC 2047 for a subject that is not plain ASCII. */
static void add_subject(sbuf *b, const char *s)
{
    bool ascii = true;
    for (const char *p = s; *p; p++)
        ascii = ascii && (unsigned char)*p < 0x80;
    sb_str(b, "Subject: ");
    if (ascii) {
        sb_str(b, s);
        return;
    }
    size_t n = strlen(s);
    unsigned char *enc = malloc(4 * ((n + 2) / 3) + 1);
    if (!enc) {
        b->failed = true;
        return;
    }
    EVP_EncodeBlock(enc, (const unsigned char *)s, (int)n);
    sb_str(b, "=?UTF-8?B?");
    sb_str(b, (const char *)enc);
    sb_str(b, "?=");
    free(enc);
}

int pc__notify_email_message(const char *templates_dir, const char *from, const char *to,
                             const char *delivery_id, const char *body_json, int64_t now,
                             char **ret_msg, char *err, size_t errlen)
{
    char *subject = NULL, *text = NULL, date[64];
    sbuf m = {0};
    *ret_msg = NULL;
    int rc = pc_notice_render_email(templates_dir, body_json, &subject, &text, err, errlen);
    if (rc < 0)
        return rc;
    rfc5322_date(now, date, sizeof(date));
    sb_str(&m, "Date: ");
    sb_str(&m, date);
    sb_str(&m, "\r\nFrom: ");
    sb_str(&m, from);
    sb_str(&m, "\r\nTo: ");
    sb_str(&m, to);
    sb_str(&m, "\r\n");
    add_subject(&m, subject);
    sb_str(&m, "\r\nMessage-ID: <");
    sb_str(&m, delivery_id);
    sb_str(&m, "@parcelcast>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
               "Content-Transfer-Encoding: 8bit\r\nX-Parcelcast-Delivery: ");
    sb_str(&m, delivery_id);
    sb_str(&m, "\r\n\r\n");
    for (const char *p = text; *p; p++) {
        if (*p == '\n' && (p == text || p[-1] != '\r'))
            sb_add(&m, "\r", 1);
        sb_add(&m, p, 1);
    }
    if (m.failed) {
        free(m.p);
        rc = PC_ENOMEM;
    } else {
        *ret_msg = m.p;
    }
    free(subject);
    free(text);
    return rc;
}
