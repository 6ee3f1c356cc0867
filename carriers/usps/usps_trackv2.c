/*
 * USPS Web Tools TrackV2 (TrackFieldRequest) XML responses:
 *   <TrackResponse><TrackInfo ID="..">fields, <TrackSummary> (newest event), <TrackDetail>*
 *   (older events, newest first)</TrackInfo>...</TrackResponse>
 * A TrackInfo may instead hold <Error> (not found...), and a whole-request failure (auth
 * 80040B1A, bad request XML) is a root <Error>. All of them come with HTTP 200.
 */
#include "usps_codes.h"
#include "usps_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Fill fields[] from the children of parent (the first non-blank element of each name wins).
 * USPS writes the children in a fixed order, which the field tables follow: the search for a
 * child's field starts after the last match, so it usually succeeds on the first name tried.
 */
static int collect(pc__usps_ctx *cx, const xmlNode *parent, const char *path, pc__usps_field *f,
                   size_t n)
{
    int rc;
    size_t next = 0;
    for (const xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        for (size_t j = 0; j < n; j++) {
            size_t k = (next + j) % n;
            if (!f[k].val && pc_xml_is(c, f[k].name)) {
                next = k + 1;
                if ((rc = pc_xml_text_ref(c, path, f[k].name, cx->lim, cx->diag, &f[k].val,
                                          &f[k].owned)) < 0)
                    return rc;
                break;
            }
        }
    }
    return 0;
}

/* <Error><Number/><Description/></Error> -> a typed error for number (NULL: whole request). */
static int add_error(pc__usps_ctx *cx, const xmlNode *err, const char *number, const char *path)
{
    pc__usps_field f[] = {{"Number", NULL, NULL}, {"Description", NULL, NULL}};
    enum { F_NUMBER, F_DESC };
    int rc = collect(cx, err, path, f, sizeof(f) / sizeof(f[0]));
    if (rc < 0)
        goto out;
    const char *code = f[F_NUMBER].val;
    const pc__usps_error_map *m =
        pc__usps_error_find(pc__usps_trackv2_error_codes, pc__usps_trackv2_error_codes_len, code);
    pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
    if (m)
        kind = m->kind;
    else if (pc_contains_ci(f[F_DESC].val, "authorization failure"))
        kind = PC_TE_AUTH;
    rc = pc_parse_result_add_error(cx->out, number, kind, code, f[F_DESC].val, 0);
out:
    pc__usps_fields_done(f, sizeof(f) / sizeof(f[0]));
    return rc;
}

/* Event fields (TrackSummary and TrackDetail have the same children). */
enum { E_TIME, E_DATE, E_EVENT, E_CITY, E_STATE, E_ZIP, E_COUNTRY, E_NAME, E_CODE, E__COUNT };

static int parse_event(pc__usps_ctx *cx, pc_shipment *s, const xmlNode *node, const char *path,
                       const char *category, pc__usps_when *when)
{
    pc__usps_field f[E__COUNT] = {
        [E_TIME] = {"EventTime", NULL, NULL},       [E_DATE] = {"EventDate", NULL, NULL},
        [E_EVENT] = {"Event", NULL, NULL},          [E_CITY] = {"EventCity", NULL, NULL},
        [E_STATE] = {"EventState", NULL, NULL},     [E_ZIP] = {"EventZIPCode", NULL, NULL},
        [E_COUNTRY] = {"EventCountry", NULL, NULL}, [E_NAME] = {"Name", NULL, NULL},
        [E_CODE] = {"EventCode", NULL, NULL},
    };
    char *signer = NULL;
    pc_event *ev;
    int line = (int)node->line;
    int rc = collect(cx, node, path, f, E__COUNT);
    if (rc < 0)
        goto out;
    if ((rc = pc_shipment_add_event(s, cx->lim->max_events, &ev)) < 0) {
        if (rc == PC_ELIMIT)
            rc = pc_diag_set(cx->diag, rc, (size_t)-1, line, 0, "%s: more than %zu events", path,
                             cx->lim->max_events);
        goto out;
    }
    if ((rc = pc_set_clean(&ev->description, f[E_EVENT].val, (size_t)-1)) < 0 ||
        (rc = pc_set_clean(&signer, f[E_NAME].val, (size_t)-1)) < 0)
        goto out;
    if ((rc = pc__usps_set_location(&ev->location, f[E_CITY].val, f[E_STATE].val, f[E_ZIP].val,
                                    f[E_COUNTRY].val)) < 0)
        goto out;
    if ((rc = pc__usps_set_event_status(ev, f[E_CODE].val, category, signer)) < 0)
        goto out;
    if (signer && !s->signed_by) {
        s->signed_by = signer;
        signer = NULL;
    }
    memset(when, 0, sizeof(*when));
    if (!f[E_DATE].val || pc__usps_parse_date(f[E_DATE].val, &when->local) < 0) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, line, 0, "%s/EventDate: %s \"%.40s\"",
                         path, f[E_DATE].val ? "not a date like" : "missing, no time for the event",
                         f[E_DATE].val ? f[E_DATE].val : "");
        goto out;
    }
    /* An empty <EventTime/> is a date-only scan, placed by pc__usps_order_date_only(). */
    when->has_time = false;
    if (f[E_TIME].val) {
        if (pc__usps_parse_clock(f[E_TIME].val, &when->local) < 0) {
            rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, line, 0,
                             "%s/EventTime: not a time like \"9:01 am\": \"%.40s\"", path,
                             f[E_TIME].val);
            goto out;
        }
        when->has_time = true;
    }
    rc = 0;
out:
    free(signer);
    pc__usps_fields_done(f, E__COUNT);
    return rc;
}

/* Shipment-level fields. */
enum {
    T_CLASS,
    T_OCITY,
    T_OSTATE,
    T_OZIP,
    T_OCOUNTRY,
    T_DCITY,
    T_DSTATE,
    T_DZIP,
    T_DCOUNTRY,
    T_PRED_DATE,
    T_PDW_END,
    T_EXP_DATE,
    T_EXP_TIME,
    T_GUAR_DATE,
    T_GUAR_TIME,
    T_CATEGORY,
    T__COUNT
};

/* ETA: the predicted date (with the end of its window), else the expected date, else the
 * guaranteed one. A date alone is the end of that day (see pc__usps_set_eta). */
static void set_eta(pc_shipment *s, const pc__usps_field *f)
{
    static const int pairs[][2] = {
        {T_PRED_DATE, T_PDW_END}, {T_EXP_DATE, T_EXP_TIME}, {T_GUAR_DATE, T_GUAR_TIME}};
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        const pc__usps_field *d = &f[pairs[i][0]], *t = &f[pairs[i][1]];
        pc_civil c = {0, 0, 0, 0, 0, 0};
        if (!d->val || pc__usps_parse_date(d->val, &c) < 0)
            continue;
        /* An unreadable ETA time is dropped, not fatal: the date still says the day. */
        bool has_time = t->val && pc__usps_parse_clock(t->val, &c) == 0;
        pc__usps_set_eta(s, &c, has_time, PC_OFFSET_NONE);
        if (s->carrier_eta != PC_TIME_NONE)
            return;
    }
}

static int parse_trackinfo(pc__usps_ctx *cx, const xmlNode *info, size_t index)
{
    pc__usps_field f[T__COUNT] = {
        [T_CLASS] = {"Class", NULL, NULL},
        [T_OCITY] = {"OriginCity", NULL, NULL},
        [T_OSTATE] = {"OriginState", NULL, NULL},
        [T_OZIP] = {"OriginZip", NULL, NULL},
        [T_OCOUNTRY] = {"OriginCountryCode", NULL, NULL},
        [T_DCITY] = {"DestinationCity", NULL, NULL},
        [T_DSTATE] = {"DestinationState", NULL, NULL},
        [T_DZIP] = {"DestinationZip", NULL, NULL},
        [T_DCOUNTRY] = {"DestinationCountryCode", NULL, NULL},
        [T_PRED_DATE] = {"PredictedDeliveryDate", NULL, NULL},
        [T_PDW_END] = {"PDWEnd", NULL, NULL},
        [T_EXP_DATE] = {"ExpectedDeliveryDate", NULL, NULL},
        [T_EXP_TIME] = {"ExpectedDeliveryTime", NULL, NULL},
        [T_GUAR_DATE] = {"GuaranteedDeliveryDate", NULL, NULL},
        [T_GUAR_TIME] = {"GuaranteedDeliveryTime", NULL, NULL},
        [T_CATEGORY] = {"StatusCategory", NULL, NULL},
    };
    char path[PC__USPS_PATH_MAX], epath[PC__USPS_PATH_MAX];
    char *number = NULL;
    const xmlNode **evnodes = NULL;
    pc__usps_when *when = NULL;
    pc_shipment *s;
    size_t n_ev = 0, k = 0;
    int line = (int)info->line, rc;

    xmlChar *id = xmlGetProp(info, (const xmlChar *)"ID");
    if (id) {
        snprintf(path, sizeof(path), "TrackInfo[%.60s]", (const char *)id);
        size_t id_len = strlen((const char *)id);
        if (cx->lim->max_string && id_len > cx->lim->max_string)
            rc = pc_diag_set(cx->diag, PC_ELIMIT, (size_t)-1, line, 0,
                             "%s: ID of %zu bytes exceeds the limit of %zu bytes", path, id_len,
                             cx->lim->max_string);
        else
            rc = pc_set_str(&number, (const char *)id, id_len);
        xmlFree(id);
        if (rc < 0)
            goto out;
    } else {
        snprintf(path, sizeof(path), "TrackInfo #%zu", index + 1);
    }
    for (const xmlNode *c = info->children; c; c = c->next) {
        if (pc_xml_is(c, "Error")) {
            /* Per-number error (a TrackInfo without ID can only be reported unnamed). */
            rc = add_error(cx, c, number, path);
            goto out;
        }
        if (pc_xml_is(c, "TrackSummary") || pc_xml_is(c, "TrackDetail"))
            n_ev++;
    }
    if (!number) {
        rc = pc_diag_set(cx->diag, PC_EMALFORMED, (size_t)-1, line, 0,
                         "%s: no ID attribute (tracking number)", path);
        goto out;
    }
    if ((rc = collect(cx, info, path, f, T__COUNT)) < 0)
        goto out;
    if ((rc = pc_parse_result_add_shipment(cx->out, cx->lim, PC__USPS_NAME, &s)) < 0) {
        if (rc == PC_ELIMIT)
            rc = pc_diag_set(cx->diag, rc, (size_t)-1, line, 0, "%s: more than %zu shipments", path,
                             cx->lim->max_shipments);
        goto out;
    }
    s->tracking_number = number;
    number = NULL;
    if ((rc = pc_set_clean(&s->service, f[T_CLASS].val, (size_t)-1)) < 0 ||
        (rc = pc__usps_set_location(&s->origin, f[T_OCITY].val, f[T_OSTATE].val, f[T_OZIP].val,
                                    f[T_OCOUNTRY].val)) < 0 ||
        (rc = pc__usps_set_location(&s->destination, f[T_DCITY].val, f[T_DSTATE].val, f[T_DZIP].val,
                                    f[T_DCOUNTRY].val)) < 0)
        goto out;
    set_eta(s, f);
    if (!n_ev)
        goto out; /* registered, no scans yet: pending */

    rc = PC_ENOMEM;
    evnodes = calloc(n_ev, sizeof(*evnodes));
    when = calloc(n_ev, sizeof(*when));
    if (!evnodes || !when)
        goto out;
    /* Carrier order, newest first: the summary, then the details as listed. */
    for (const xmlNode *c = info->children; c; c = c->next) {
        if (pc_xml_is(c, "TrackSummary"))
            evnodes[k++] = c;
    }
    for (const xmlNode *c = info->children; c; c = c->next) {
        if (pc_xml_is(c, "TrackDetail"))
            evnodes[k++] = c;
    }
    size_t first = s->n_events;
    for (k = 0; k < n_ev; k++) {
        const char *category = k == 0 ? f[T_CATEGORY].val : NULL;
        size_t before = s->n_events;
        if (parse_event(cx, s, evnodes[k], "", category, &when[k]) == 0)
            continue;
        /* Failed: undo and parse the event again, now with its path for the message (formatting
         * a path for every event cost more than a tenth of the parse). */
        while (s->n_events > before)
            pc_event_done(&s->events[--s->n_events]);
        snprintf(epath, sizeof(epath), "%.100s/%.12s[%zu]", path, (const char *)evnodes[k]->name,
                 k + 1);
        if ((rc = parse_event(cx, s, evnodes[k], epath, category, &when[k])) < 0)
            goto out;
    }
    pc__usps_order_date_only(when, n_ev);
    for (k = 0; k < n_ev; k++) {
        pc_event *ev = &s->events[first + k];
        int ln = (int)evnodes[k]->line;
        if (pc__usps_set_local_time(cx, s, ev, &when[k], PC_OFFSET_NONE, "", ln) == 0)
            continue;
        /* Failed: the same call again, now with the field's path for the message (formatting
         * it for every event cost more than the conversion). */
        snprintf(epath, sizeof(epath), "%.100s/%.12s[%zu]/EventDate", path,
                 (const char *)evnodes[k]->name, k + 1);
        if ((rc = pc__usps_set_local_time(cx, s, ev, &when[k], PC_OFFSET_NONE, epath, ln)) < 0)
            goto out;
    }
    rc = 0;
out:
    free(number);
    free(evnodes);
    free(when);
    pc__usps_fields_done(f, T__COUNT);
    return rc;
}

/*
 * The encoding to read the body in. USPS sends UTF-8 (declared or not). Only UTF-8 and Latin-1,
 * which libxml2 decodes itself, are honoured: anything else would go through iconv, whose
 * conversion errors libxml2 prints to stderr from a global handler (not pure), so such a body is
 * read as UTF-8 and fails there if it is not. pc_xml_load_body() lets libxml2 follow any
 * declaration, so TrackV2 keeps its own loader until the toolkit takes this rule over.
 */
static const char *body_encoding(const char *data, size_t len)
{
    static const char *const latin1[] = {"ISO-8859-1", "ISO8859-1", "LATIN1", "LATIN-1"};
    if (len < 6 || memcmp(data, "<?xml", 5) != 0)
        return "UTF-8";
    size_t end = 5;
    while (end + 1 < len && end < 200 && !(data[end] == '?' && data[end + 1] == '>'))
        end++;
    for (size_t i = 5; i + 9 < end; i++) {
        if (memcmp(data + i, "encoding", 8) != 0)
            continue;
        size_t k = i + 8;
        while (k < end && (data[k] == ' ' || data[k] == '='))
            k++;
        if (k < end && (data[k] == '"' || data[k] == '\''))
            k++;
        for (size_t e = 0; e < sizeof(latin1) / sizeof(latin1[0]); e++) {
            size_t n = strlen(latin1[e]);
            if (k + n < end && strncasecmp(data + k, latin1[e], n) == 0 &&
                (data[k + n] == '"' || data[k + n] == '\''))
                return "ISO-8859-1";
        }
        break;
    }
    return "UTF-8";
}

int pc__usps_parse_trackv2(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    static const pc_parse_limits defaults = PC_PARSE_LIMITS_DEFAULT;
    pc__usps_ctx cx = {.lim = in->limits ? in->limits : &defaults, .out = out, .diag = diag};
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    int rc;

    if (in->len > INT_MAX)
        return pc_diag_set(diag, PC_ELIMIT, (size_t)-1, 0, 0, "XML body of %zu bytes too large",
                           in->len);
    if (!(ctxt = xmlNewParserCtxt()))
        return PC_ENOMEM;
    /* Never XML_PARSE_NOENT (no entity substitution, no XXE), no network, no HUGE. */
    doc = xmlCtxtReadMemory(ctxt, in->data, (int)in->len, NULL, body_encoding(in->data, in->len),
                            XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
                                XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[160] = "unknown error";
        if (e && e->message) {
            snprintf(msg, sizeof(msg), "%.150s", e->message);
            size_t n = strlen(msg);
            while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
                msg[--n] = '\0';
        }
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, e ? e->line : 0, e ? e->int2 : 0,
                         "malformed XML: %s", msg);
        goto out;
    }
    /* The tree is all we need: give back the parser's input copy before walking it. */
    xmlFreeParserCtxt(ctxt);
    ctxt = NULL;
    if (doc->intSubset || doc->extSubset) {
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 1, 0,
                         "XML with a DOCTYPE is refused (USPS never sends one)");
        goto out;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (root && pc_xml_is(root, "Error")) {
        rc = add_error(&cx, root, NULL, "Error");
        goto out;
    }
    if (!root || !pc_xml_is(root, "TrackResponse")) {
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, root ? (int)root->line : 0, 0,
                         "expected a USPS <TrackResponse> or <Error>, got <%.40s>",
                         root ? (const char *)root->name : "");
        goto out;
    }
    size_t index = 0;
    rc = 0;
    for (const xmlNode *c = root->children; c && rc >= 0; c = c->next) {
        if (pc_xml_is(c, "TrackInfo"))
            rc = parse_trackinfo(&cx, c, index++);
        else if (pc_xml_is(c, "Error"))
            rc = add_error(&cx, c, NULL, "TrackResponse/Error");
    }
out:
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return rc;
}
