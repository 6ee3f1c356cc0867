#include <parcelcast/adapter.h>
#include <parcelcast/normalize.h>

#include <libxml/parser.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const track_error_names[] = {
#define PC__TE_NAME(e, s) s,
    PC_TRACK_ERROR_MAP(PC__TE_NAME)
#undef PC__TE_NAME
};

const char *pc_track_error_name(pc_track_error_kind kind)
{
    if ((unsigned)kind >= PC_TE__COUNT)
        return "carrier_error";
    return track_error_names[kind];
}

void pc_parse_result_done(pc_parse_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_shipments; i++)
        pc_shipment_done(&r->shipments[i]);
    free(r->shipments);
    for (size_t i = 0; i < r->n_errors; i++) {
        free(r->errors[i].tracking_number);
        free(r->errors[i].carrier_code);
        free(r->errors[i].message);
    }
    free(r->errors);
    memset(r, 0, sizeof(*r));
}

int pc_parse_result_add_shipment(pc_parse_result *r, const pc_parse_limits *lim,
                                 const char *carrier, pc_shipment **ret)
{
    if (lim && lim->max_shipments && r->n_shipments >= lim->max_shipments)
        return PC_ELIMIT;
    if (r->n_shipments == r->cap_shipments) {
        size_t cap = r->cap_shipments ? r->cap_shipments * 2 : 4;
        pc_shipment *s = realloc(r->shipments, cap * sizeof(*s));
        if (!s)
            return PC_ENOMEM;
        r->shipments = s;
        r->cap_shipments = cap;
    }
    pc_shipment *s = &r->shipments[r->n_shipments];
    pc_shipment_init(s);
    if (pc_set_str(&s->carrier, carrier, (size_t)-1) < 0)
        return PC_ENOMEM;
    r->n_shipments++;
    *ret = s;
    return 0;
}

int pc_parse_result_add_error(pc_parse_result *r, const char *number, pc_track_error_kind kind,
                              const char *carrier_code, const char *message, int retry_after)
{
    if (r->n_errors == r->cap_errors) {
        size_t cap = r->cap_errors ? r->cap_errors * 2 : 4;
        pc_track_error *e = realloc(r->errors, cap * sizeof(*e));
        if (!e)
            return PC_ENOMEM;
        r->errors = e;
        r->cap_errors = cap;
    }
    pc_track_error *e = &r->errors[r->n_errors];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->retry_after = retry_after > 0 ? retry_after : 0;
    if (pc_set_str(&e->tracking_number, number, (size_t)-1) < 0 ||
        pc_set_str(&e->carrier_code, carrier_code, (size_t)-1) < 0 ||
        (message && pc_set_clean(&e->message, message, (size_t)-1) < 0)) {
        free(e->tracking_number);
        free(e->carrier_code);
        free(e->message);
        return PC_ENOMEM;
    }
    r->n_errors++;
    return 0;
}

int pc_diag_set(pc_diag *d, int rc, size_t offset, int line, int column, const char *fmt, ...)
{
    if (!d)
        return rc;
    d->offset = offset;
    d->line = line;
    d->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof(d->message), fmt, ap);
    va_end(ap);
    return rc;
}

void pc_http_request_done(pc_http_request *req)
{
    if (!req)
        return;
    free(req->method);
    free(req->url);
    for (size_t i = 0; i < req->n_headers; i++)
        free(req->headers[i]);
    free(req->headers);
    free(req->body);
    memset(req, 0, sizeof(*req));
}

int pc_http_request_add_header(pc_http_request *req, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return PC_EINVAL;
    char *h = malloc((size_t)n + 1);
    char **hs = realloc(req->headers, (req->n_headers + 1) * sizeof(*hs));
    if (!h || !hs) {
        free(h);
        if (hs)
            req->headers = hs;
        return PC_ENOMEM;
    }
    req->headers = hs;
    va_start(ap, fmt);
    vsnprintf(h, (size_t)n + 1, fmt, ap);
    va_end(ap);
    req->headers[req->n_headers++] = h;
    return 0;
}

static pc_format sniff(const char *p, size_t len)
{
    size_t i = 0;
    /* UTF-8 BOM and leading blanks (the Canada Post FR sample starts with a space). */
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        i = 3;
    while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i < len && p[i] == '<')
        return PC_FORMAT_XML;
    if (i < len && (p[i] == '{' || p[i] == '['))
        return PC_FORMAT_JSON;
    return PC_FORMAT_AUTO;
}

/* libxml2 2.9 must be initialised once before parsers run on several threads. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

int pc_adapter_parse(const pc_adapter *a, const pc_parse_input *in, int push, pc_parse_result *out,
                     pc_diag *diag)
{
    static const pc_parse_limits defaults = PC_PARSE_LIMITS_DEFAULT;
    pc_parse_input local = *in;
    int rc;

    memset(out, 0, sizeof(*out));
    if (diag)
        memset(diag, 0, sizeof(*diag));
    if (!local.limits)
        local.limits = &defaults;
    int (*fn)(const pc_parse_input *, pc_parse_result *, pc_diag *) =
        push ? a->parse_push : a->parse;
    if (!fn)
        return pc_diag_set(diag, PC_EUNSUPPORTED, (size_t)-1, 0, 0,
                           "carrier %s does not accept %s payloads", a->name,
                           push ? "push" : "tracking");
    if (local.limits->max_body && local.len > local.limits->max_body)
        return pc_diag_set(diag, PC_ELIMIT, local.limits->max_body, 0, 0,
                           "body of %zu bytes exceeds the limit of %zu bytes", local.len,
                           local.limits->max_body);
    if (local.len == 0)
        return pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "empty body");
    pc_format sniffed = sniff(local.data, local.len);
    if (local.format == PC_FORMAT_AUTO)
        local.format = sniffed;
    if (local.format == PC_FORMAT_AUTO)
        return pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1,
                           "body is neither JSON nor XML (first byte 0x%02x)",
                           (unsigned char)local.data[0]);
    if ((local.format == PC_FORMAT_JSON && !(a->caps & PC_CAP_JSON)) ||
        (local.format == PC_FORMAT_XML && !(a->caps & PC_CAP_XML)))
        return pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "carrier %s does not speak %s", a->name,
                           local.format == PC_FORMAT_JSON ? "JSON" : "XML");

    pthread_once(&xml_once, xml_init);
    rc = fn(&local, out, diag);
    if (rc < 0) {
        if (diag && !diag->message[0])
            pc_diag_set(diag, rc, (size_t)-1, 0, 0, "%s", pc_strerror(rc));
        goto out;
    }
    for (size_t i = 0; i < out->n_shipments; i++) {
        pc_shipment *s = &out->shipments[i];
        if (!s->tracking_number) {
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                             "shipment %zu has no tracking number", i);
            goto out;
        }
        for (size_t k = 0; k < s->n_events; k++) {
            if (s->events[k].time == PC_TIME_NONE) {
                rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                                 "%s: event %zu has no usable time", s->tracking_number, k);
                goto out;
            }
        }
        pc_shipment_normalize(s);
        if (local.limits->max_events && s->n_events > local.limits->max_events) {
            rc = pc_diag_set(diag, PC_ELIMIT, (size_t)-1, 0, 0,
                             "%s: %zu events exceed the limit of %zu", s->tracking_number,
                             s->n_events, local.limits->max_events);
            goto out;
        }
    }
    /* Most carriers say how long to wait only in the Retry-After header, which the adapter
     * may not read: a rate_limited error without its own delay takes the header's. */
    for (size_t i = 0; i < out->n_errors; i++) {
        pc_track_error *e = &out->errors[i];
        if (e->kind == PC_TE_RATE_LIMITED && e->retry_after <= 0 && local.retry_after > 0)
            e->retry_after = local.retry_after;
    }
out:
    if (rc < 0)
        pc_parse_result_done(out);
    return rc;
}
