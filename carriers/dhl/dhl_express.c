/*
 * DHL XML bodies: Express XML-PI (legacy XMLShippingServlet) and Parcel DE "Sendungsverfolgung".
 *
 * Express quirks handled here (FORMATS.md):
 *   - events are oldest first; Date and Time are local to the event's service area, which is
 *     text only ("Barcelona - Spain ", "KINGSTON-JAM"): the country (hence the zone) comes from
 *     that text;
 *   - descriptions carry line breaks and trailing blanks;
 *   - Signatory means something only on OK (delivered) events; elsewhere it is junk
 *     ("00:00:00", account numbers) and is ignored;
 *   - not found is ConditionCode 103 inside a normal TrackingResponse, with an empty AWBNumber;
 *     request/auth problems are a ShipmentTrackingErrorResponse (e.g. 111);
 *   - a comment follows the root element.
 * Elements are matched by local name, so the res:/req: prefixes do not matter.
 * Parcel DE: <data name=...> elements with attributes only, "DD.MM.YYYY HH:MM" German time.
 */
#include "dhl_codes.h"
#include "dhl_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/normalize.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dx_ctx {
    const pc_parse_limits *lim;
    pc_diag *diag;
    const char *number;       /* AWB being parsed (diagnostics only), may be NULL */
    const pc_parse_input *in; /* requested numbers */
} dx_ctx;

/* The only number asked for, when the request had exactly one (for errors that name none). */
static const char *sole_request(const dx_ctx *c)
{
    return c->in->n_requested == 1 && c->in->requested ? c->in->requested[0] : NULL;
}

static const char *ctx_number(const dx_ctx *c)
{
    return c->number ? c->number : "response";
}

static int oom(dx_ctx *c)
{
    return pc_diag_set(c->diag, PC_ENOMEM, (size_t)-1, 0, 0, "out of memory");
}

static int malformed(dx_ctx *c, const xmlNode *at, const char *what)
{
    return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, pc_xml_line(at), 0, "%s: %s",
                       ctx_number(c), what);
}

static const xmlNode *child2(const xmlNode *parent, const char *a, const char *b)
{
    return pc_xml_child(pc_xml_child(parent, a), b);
}

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* pc_xml_get_text() of el, the diagnostic naming the AWB being parsed and the element (formatted
 * only for an error: this runs for every field of every event). */
static int xtext(dx_ctx *c, const xmlNode *el, char **ret)
{
    return pc_xml_named_text(el, ctx_number(c), el ? (const char *)el->name : "", c->lim, c->diag,
                             ret);
}

/* An attribute value, malloc'd (NULL when absent or blank); PC_ELIMIT over max_string. */
static int xattr(dx_ctx *c, const xmlNode *el, const char *name, char **ret)
{
    *ret = NULL;
    xmlChar *v = el ? xmlGetNoNsProp(el, (const xmlChar *)name) : NULL;
    if (!v)
        return 0;
    size_t len = strlen((const char *)v);
    int rc = 0;
    if (c->lim->max_string && len > c->lim->max_string)
        rc = pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, pc_xml_line(el), 0,
                         "%s: attribute %s is %zu bytes, over the limit of %zu", ctx_number(c),
                         name, len, c->lim->max_string);
    else if (len > 0 && !(*ret = strdup((const char *)v)))
        rc = oom(c);
    xmlFree(v);
    return rc;
}

static int str_is(const char *s, const char *lit)
{
    return s && strcmp(s, lit) == 0;
}

static int add_shipment(dx_ctx *c, pc_parse_result *out, const char *number, pc_shipment **ret)
{
    int rc = pc_parse_result_add_shipment(out, c->lim, "dhl", ret);
    if (rc == PC_ELIMIT)
        return pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, 0, 0, "more than %zu shipments",
                           c->lim->max_shipments);
    if (rc < 0 || pc_set_str(&(*ret)->tracking_number, number, (size_t)-1) < 0)
        return oom(c);
    return 0;
}

static int add_event(dx_ctx *c, pc_shipment *s, pc_event **ret)
{
    int rc = pc_shipment_add_event(s, c->lim->max_events, ret);
    if (rc == PC_ELIMIT)
        return pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, 0, 0, "%s: more than %zu events",
                           ctx_number(c), c->lim->max_events);
    return rc < 0 ? oom(c) : 0;
}

static int set_status(dx_ctx *c, pc_event *ev, const pc_code_map *table, size_t n, const char *code)
{
    const pc_code_map *m = code ? pc_code_map_find(table, n, code, strlen(code)) : NULL;
    ev->status = m ? m->status : PC_STATUS_IN_TRANSIT;
    if (m && m->substatus && pc_set_str(&ev->substatus, m->substatus, (size_t)-1) < 0)
        return oom(c);
    return 0;
}

static int resolve_time(dx_ctx *c, pc_event *ev, const pc_civil *lt, const pc_shipment *s,
                        const xmlNode *at, const char *text)
{
    if (pc__dhl_set_time(ev, lt, PC_OFFSET_NONE, s) < 0)
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, pc_xml_line(at), 0,
                           "%s: event time \"%.40s\": cannot resolve the local time (no place)",
                           ctx_number(c), text);
    return 0;
}

/* ---- Express XML-PI ------------------------------------------------------------------------ */

/* GlobalProductCode -> product name (DHL Express product list; unknown codes stay verbatim). */
static const char *express_product(const char *code)
{
    static const struct {
        const char *code, *name;
    } products[] = {
        {"D", "DHL Express Worldwide"}, {"E", "DHL Express 9:00"},
        {"H", "DHL Economy Select"},    {"K", "DHL Express 9:00"},
        {"N", "DHL Domestic Express"},  {"P", "DHL Express Worldwide"},
        {"T", "DHL Express 12:00"},     {"U", "DHL Express Worldwide"},
        {"W", "DHL Economy Select"},    {"X", "DHL Express Envelope"},
        {"Y", "DHL Express 12:00"},
    };
    for (size_t i = 0; code && i < sizeof(products) / sizeof(products[0]); i++)
        if (strcmp(products[i].code, code) == 0)
            return products[i].name;
    return code;
}

/* Shipper / Consignee {City, DivisionCode, PostalCode, CountryCode}, then the service area. */
static int read_party(dx_ctx *c, const xmlNode *party, const xmlNode *area, pc_location *loc)
{
    char *city = NULL, *div = NULL, *postal = NULL, *country = NULL, *desc = NULL;
    int rc;
    if ((rc = xtext(c, pc_xml_child(party, "City"), &city)) < 0 ||
        (rc = xtext(c, pc_xml_child(party, "DivisionCode"), &div)) < 0 ||
        (rc = xtext(c, pc_xml_child(party, "PostalCode"), &postal)) < 0 ||
        (rc = xtext(c, pc_xml_child(party, "CountryCode"), &country)) < 0 ||
        (rc = xtext(c, pc_xml_child(area, "Description"), &desc)) < 0)
        goto out;
    const char *iso = country ? pc_country_iso2(country, strlen(country)) : NULL;
    if ((city && pc_set_clean(&loc->city, city, (size_t)-1) < 0) ||
        (div && pc_set_str(&loc->region, div, (size_t)-1) < 0) ||
        (postal && pc_set_str(&loc->postal_code, postal, (size_t)-1) < 0) ||
        (iso && pc_set_str(&loc->country, iso, (size_t)-1) < 0) ||
        (desc && pc__dhl_service_area(desc, strlen(desc), loc) < 0))
        rc = oom(c);
out:
    free(city);
    free(div);
    free(postal);
    free(country);
    free(desc);
    return rc;
}

static int parse_shipment_event(dx_ctx *c, const xmlNode *se, pc_shipment *s, char **signatory)
{
    char *date = NULL, *tm = NULL, *code = NULL, *desc = NULL, *area = NULL, *sig = NULL;
    pc_event *ev;
    pc_civil lt;
    int off, rc;

    if ((rc = xtext(c, pc_xml_child(se, "Date"), &date)) < 0 ||
        (rc = xtext(c, pc_xml_child(se, "Time"), &tm)) < 0 ||
        (rc = xtext(c, child2(se, "ServiceEvent", "EventCode"), &code)) < 0 ||
        (rc = xtext(c, child2(se, "ServiceEvent", "Description"), &desc)) < 0 ||
        (rc = xtext(c, child2(se, "ServiceArea", "Description"), &area)) < 0 ||
        (rc = xtext(c, pc_xml_child(se, "Signatory"), &sig)) < 0 || (rc = add_event(c, s, &ev)) < 0)
        goto out;
    if ((code && pc_set_str(&ev->code, code, (size_t)-1) < 0) ||
        (desc && pc_set_clean(&ev->description, desc, (size_t)-1) < 0) ||
        (area && pc__dhl_service_area(area, strlen(area), &ev->location) < 0)) {
        rc = oom(c);
        goto out;
    }
    if ((rc = set_status(c, ev, pc__dhl_express_codes, pc__dhl_express_codes_len, code)) < 0)
        goto out;
    if (str_is(code, "OK") && sig) {
        if (!ev->substatus && pc_set_str(&ev->substatus, "delivered.signed", (size_t)-1) < 0) {
            rc = oom(c);
            goto out;
        }
        free(*signatory); /* events are oldest first: the last OK wins */
        *signatory = sig;
        sig = NULL;
    }
    if (!date) {
        rc = malformed(c, se, "ShipmentEvent without a Date");
        goto out;
    }
    char stamp[64];
    snprintf(stamp, sizeof(stamp), "%.20sT%.20s", date, tm ? tm : "00:00:00");
    if (pc_time_parse_iso(stamp, &lt, &off) < 0 || off != PC_OFFSET_NONE) {
        rc = pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, pc_xml_line(se), 0,
                         "%s: ShipmentEvent Date/Time \"%s\" is not a local time", ctx_number(c),
                         stamp);
        goto out;
    }
    rc = resolve_time(c, ev, &lt, s, se, stamp);
out:
    free(date);
    free(tm);
    free(code);
    free(desc);
    free(area);
    free(sig);
    return rc;
}

/* EstDlvyDateUTC "2021-05-08 03:59:00" (UTC by name), else EstDlvyDate with its "GMT-04:00". */
static int read_express_eta(dx_ctx *c, const xmlNode *si, pc_shipment *s)
{
    char *utc = NULL, *local = NULL;
    pc_civil lt;
    int off, rc;
    if ((rc = xtext(c, pc_xml_child(si, "EstDlvyDateUTC"), &utc)) < 0 ||
        (rc = xtext(c, pc_xml_child(si, "EstDlvyDate"), &local)) < 0)
        goto out;
    if (utc && pc_time_parse_iso(utc, &lt, &off) == 0 && pc_civil_valid(&lt)) {
        s->carrier_eta = pc_civil_to_unix(&lt) - (off == PC_OFFSET_NONE ? 0 : (int64_t)off * 60);
    } else if (local && pc_time_parse_iso(local, &lt, &off) == 0 && pc_civil_valid(&lt)) {
        pc_event probe;
        memset(&probe, 0, sizeof(probe));
        probe.time = PC_TIME_NONE;
        probe.status = PC_STATUS_DELIVERED;
        if (pc__dhl_set_time(&probe, &lt, off, s) == 0)
            s->carrier_eta = probe.time;
    }
out:
    free(utc);
    free(local);
    return rc;
}

/* "No Shipments Found for AWBNumber 123456789" -> "123456789" when AWBNumber is empty. */
static char *number_from_condition(const char *data)
{
    if (!data)
        return NULL;
    size_t len = strlen(data);
    while (len > 0 && is_blank(data[len - 1]))
        len--;
    size_t start = len;
    while (start > 0 && !is_blank(data[start - 1]))
        start--;
    if (len - start < 4 || len - start > 40)
        return NULL;
    for (size_t i = start; i < len; i++)
        if (!((data[i] >= '0' && data[i] <= '9') || (data[i] >= 'A' && data[i] <= 'Z')))
            return NULL;
    return strndup(data + start, len - start);
}

static int parse_awb(dx_ctx *c, const xmlNode *awb, pc_parse_result *out)
{
    char *number = NULL, *action = NULL, *ccode = NULL, *cdata = NULL, *product = NULL;
    char *signatory = NULL;
    const xmlNode *status = pc_xml_child(awb, "Status");
    const xmlNode *si = pc_xml_child(awb, "ShipmentInfo");
    pc_shipment *s;
    int rc;

    if ((rc = xtext(c, pc_xml_child(awb, "AWBNumber"), &number)) < 0 ||
        (rc = xtext(c, pc_xml_child(status, "ActionStatus"), &action)) < 0 ||
        (rc = xtext(c, child2(status, "Condition", "ConditionCode"), &ccode)) < 0 ||
        (rc = xtext(c, child2(status, "Condition", "ConditionData"), &cdata)) < 0)
        goto out;
    c->number = number;
    int success = pc_contains_ci(action, "success");
    if (str_is(ccode, "103") || pc_contains_ci(action, "no shipment")) {
        if (!number)
            number = number_from_condition(cdata);
        rc = pc_parse_result_add_error(out, number ? number : sole_request(c), PC_TE_NOT_FOUND,
                                       ccode, cdata ? cdata : action, 0);
        if (rc < 0)
            rc = oom(c);
        goto out;
    }
    if (!success && !si) {
        rc = pc_parse_result_add_error(out, number, PC_TE_CARRIER_ERROR, ccode,
                                       cdata ? cdata : action, 0);
        if (rc < 0)
            rc = oom(c);
        goto out;
    }
    if (!number) {
        rc = malformed(c, awb, "AWBInfo without an AWBNumber");
        goto out;
    }
    if ((rc = add_shipment(c, out, number, &s)) < 0 ||
        (rc = read_party(c, pc_xml_child(si, "Shipper"), pc_xml_child(si, "OriginServiceArea"),
                         &s->origin)) < 0 ||
        (rc = read_party(c, pc_xml_child(si, "Consignee"),
                         pc_xml_child(si, "DestinationServiceArea"), &s->destination)) < 0 ||
        (rc = xtext(c, pc_xml_child(si, "GlobalProductCode"), &product)) < 0)
        goto out;
    if (product && pc_set_clean(&s->service, express_product(product), (size_t)-1) < 0) {
        rc = oom(c);
        goto out;
    }
    for (const xmlNode *n = pc_xml_child(si, "ShipmentEvent"); n;
         n = pc_xml_next(n, "ShipmentEvent")) {
        if ((rc = parse_shipment_event(c, n, s, &signatory)) < 0)
            goto out;
    }
    if ((rc = read_express_eta(c, si, s)) < 0)
        goto out;
    if (signatory && pc_set_clean(&s->signed_by, signatory, (size_t)-1) < 0)
        rc = oom(c);
out:
    c->number = NULL;
    free(number);
    free(action);
    free(ccode);
    free(cdata);
    free(product);
    free(signatory);
    return rc;
}

/* A Status/Condition with a code: auth when the text is about credentials (111 is "error
 * parsing request", which is how a bad SiteID/Password shows up), else a carrier error. */
static int parse_error_response(dx_ctx *c, const xmlNode *root, pc_parse_result *out)
{
    const xmlNode *status = child2(root, "Response", "Status");
    int rc = 0, n = 0;
    if (!status)
        status = pc_xml_child(root, "Status");
    for (const xmlNode *cond = pc_xml_child(status, "Condition"); cond;
         cond = pc_xml_next(cond, "Condition")) {
        char *code = NULL, *data = NULL;
        if ((rc = xtext(c, pc_xml_child(cond, "ConditionCode"), &code)) < 0 ||
            (rc = xtext(c, pc_xml_child(cond, "ConditionData"), &data)) < 0) {
            free(code);
            return rc;
        }
        pc_track_error_kind kind = PC_TE_CARRIER_ERROR;
        if (pc_contains_ci(data, "password") || pc_contains_ci(data, "siteid") ||
            pc_contains_ci(data, "site id") || pc_contains_ci(data, "authori") ||
            pc_contains_ci(data, "authenti") || pc_contains_ci(data, "login"))
            kind = PC_TE_AUTH;
        rc = pc_parse_result_add_error(out, NULL, kind, code, data, 0);
        free(code);
        free(data);
        if (rc < 0)
            return oom(c);
        n++;
    }
    if (n == 0)
        return malformed(c, root, "error response without a Condition");
    return 0;
}

/* ---- Parcel DE ----------------------------------------------------------------------------- */

static int data_is(const xmlNode *n, const char *name)
{
    if (!pc_xml_is(n, "data"))
        return 0;
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)"name");
    int eq = v && strcmp((const char *)v, name) == 0;
    xmlFree(v);
    return eq;
}

static int set_country(pc_location *loc, const char *text)
{
    const char *iso = text ? pc_country_iso2(text, strlen(text)) : NULL;
    return iso ? pc_set_str(&loc->country, iso, (size_t)-1) : 0;
}

/* "17.03.2016 11:44" */
static int parse_de_time(const char *s, pc_civil *lt)
{
    int d, m, y, hh, mm;
    char tail;
    if (!s || sscanf(s, "%2d.%2d.%4d %2d:%2d%c", &d, &m, &y, &hh, &mm, &tail) != 5)
        return PC_EMALFORMED;
    *lt = (pc_civil){.year = y, .month = m, .day = d, .hour = hh, .minute = mm, .second = 0};
    return pc_civil_valid(lt) ? 0 : PC_EMALFORMED;
}

static int parse_de_event(dx_ctx *c, const xmlNode *pe, pc_shipment *s)
{
    char *ts = NULL, *text = NULL, *status = NULL, *place = NULL, *country = NULL, *code = NULL;
    pc_event *ev;
    pc_civil lt;
    int rc;
    if ((rc = xattr(c, pe, "event-timestamp", &ts)) < 0 ||
        (rc = xattr(c, pe, "event-text", &text)) < 0 ||
        (rc = xattr(c, pe, "event-status", &status)) < 0 ||
        (rc = xattr(c, pe, "event-location", &place)) < 0 ||
        (rc = xattr(c, pe, "event-country", &country)) < 0 ||
        (rc = xattr(c, pe, "standard-event-code", &code)) < 0 || (rc = add_event(c, s, &ev)) < 0)
        goto out;
    if ((code && pc_set_str(&ev->code, code, (size_t)-1) < 0) ||
        ((text || status) &&
         pc_set_clean(&ev->description, text ? text : status, (size_t)-1) < 0) ||
        (place && pc_set_clean(&ev->location.city, place, (size_t)-1) < 0) ||
        set_country(&ev->location, country) < 0) {
        rc = oom(c);
        goto out;
    }
    if ((rc = set_status(c, ev, pc__dhl_parcel_de_codes, pc__dhl_parcel_de_codes_len, code)) < 0)
        goto out;
    if (parse_de_time(ts, &lt) < 0) {
        rc = pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, pc_xml_line(pe), 0,
                         "%s: event-timestamp \"%.40s\" is not DD.MM.YYYY HH:MM", ctx_number(c),
                         ts ? ts : "");
        goto out;
    }
    rc = resolve_time(c, ev, &lt, s, pe, ts);
out:
    free(ts);
    free(text);
    free(status);
    free(place);
    free(country);
    free(code);
    return rc;
}

static int parse_de_piece(dx_ctx *c, const xmlNode *ps, pc_parse_result *out)
{
    char *number = NULL, *product = NULL, *dest = NULL, *orig = NULL, *postal = NULL;
    char *receiver = NULL, *delivered = NULL;
    pc_shipment *s;
    int rc;
    if ((rc = xattr(c, ps, "searched-piece-code", &number)) < 0 ||
        (!number && (rc = xattr(c, ps, "piece-code", &number)) < 0) ||
        (rc = xattr(c, ps, "product-name", &product)) < 0 ||
        (rc = xattr(c, ps, "dest-country", &dest)) < 0 ||
        (rc = xattr(c, ps, "origin-country", &orig)) < 0 ||
        (rc = xattr(c, ps, "pan-recipient-postalcode", &postal)) < 0 ||
        (rc = xattr(c, ps, "recipient-name", &receiver)) < 0 ||
        (rc = xattr(c, ps, "delivery-event-flag", &delivered)) < 0)
        goto out;
    if (!number) {
        rc = malformed(c, ps, "piece-shipment without a piece code");
        goto out;
    }
    c->number = number;
    if ((rc = add_shipment(c, out, number, &s)) < 0)
        goto out;
    if ((product && pc_set_clean(&s->service, product, (size_t)-1) < 0) ||
        set_country(&s->destination, dest) < 0 || set_country(&s->origin, orig) < 0 ||
        (postal && pc_set_str(&s->destination.postal_code, postal, (size_t)-1) < 0) ||
        (str_is(delivered, "1") && receiver &&
         pc_set_clean(&s->signed_by, receiver, (size_t)-1) < 0)) {
        rc = oom(c);
        goto out;
    }
    for (const xmlNode *list = ps->children; list; list = list->next) {
        if (!data_is(list, "piece-event-list"))
            continue;
        for (const xmlNode *pe = list->children; pe; pe = pe->next)
            if (data_is(pe, "piece-event") && (rc = parse_de_event(c, pe, s)) < 0)
                goto out;
    }
out:
    c->number = NULL;
    free(number);
    free(product);
    free(dest);
    free(orig);
    free(postal);
    free(receiver);
    free(delivered);
    return rc;
}

static int parse_parcel_de(dx_ctx *c, const xmlNode *root, pc_parse_result *out)
{
    char *code = NULL, *err = NULL;
    int rc;
    if ((rc = xattr(c, root, "code", &code)) < 0 || (rc = xattr(c, root, "error", &err)) < 0)
        goto out;
    if (code && !str_is(code, "0")) {
        /* 100 "No data found"; the number is not echoed back. */
        rc = pc_parse_result_add_error(out, sole_request(c),
                                       str_is(code, "100") ? PC_TE_NOT_FOUND : PC_TE_CARRIER_ERROR,
                                       code, err, 0);
        if (rc < 0)
            rc = oom(c);
        goto out;
    }
    for (const xmlNode *n = root->children; n; n = n->next)
        if (data_is(n, "piece-shipment") && (rc = parse_de_piece(c, n, out)) < 0)
            goto out;
out:
    free(code);
    free(err);
    return rc;
}

/* ---- entry --------------------------------------------------------------------------------- */

/* libxml2 reports a few errors (input encoding conversion) through the thread's generic error
 * handler, which prints to stderr, instead of through the parser context. */
static void xml_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/*
 * pc_xml_load_body() plus two things the toolkit does not do (yet): the thread's generic error
 * handler is muted during the parse (adapters do not log; it is per thread, so other threads are
 * not affected), and a DTD that the toolkit's scan of the prolog bytes cannot see (a UTF-16
 * body) is refused after the parse: DHL never sends one, and refusing it keeps entity expansion
 * out entirely.
 */
static int load_body(const pc_parse_input *in, xmlDocPtr *ret, pc_diag *diag)
{
    xmlGenericErrorFunc saved_handler = xmlGenericError;
    void *saved_handler_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, xml_quiet);
    int rc = pc_xml_load_body(in, ret, diag);
    xmlSetGenericErrorFunc(saved_handler_ctx, saved_handler);
    if (rc == 0 && (*ret)->intSubset) {
        xmlFreeDoc(*ret);
        *ret = NULL;
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 1, 0, "XML with a DTD is not accepted");
    }
    return rc;
}

int pc__dhl_parse_xml(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    dx_ctx c = {.lim = in->limits, .diag = diag, .number = NULL, .in = in};
    xmlDocPtr doc = NULL;
    int rc = load_body(in, &doc, diag);
    if (rc < 0)
        return rc;
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (pc_xml_is(root, "TrackingResponse")) {
        for (const xmlNode *n = pc_xml_child(root, "AWBInfo"); n && rc == 0;
             n = pc_xml_next(n, "AWBInfo"))
            rc = parse_awb(&c, n, out);
    } else if (pc_xml_is(root, "ShipmentTrackingErrorResponse") ||
               pc_xml_is(root, "ErrorResponse")) {
        rc = parse_error_response(&c, root, out);
    } else if (data_is(root, "piece-shipment-list")) {
        rc = parse_parcel_de(&c, root, out);
    } else {
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, pc_xml_line(root), 0,
                         "not a DHL tracking response (root <%s>)", (const char *)root->name);
    }
    xmlFreeDoc(doc);
    return rc;
}
