/*
 * UPS legacy Tracking XML: TrackResponse/Shipment/Package/Activity, newest first.
 *
 * Quirks handled here:
 * - failures are ResponseStatusCode 0 with Response/Error{ErrorCode, ErrorDescription}
 *   (150022 invalid number, 155002 Mail Innovations not found);
 * - Mail Innovations parcels (ShipmentType 03) send Time as HHMM and repeat the type letter as
 *   the status code;
 * - postal codes with inner blanks ("53204  1876");
 * - archived shipments keep only the delivery activity, whose ActivityLocation/Code says where
 *   the parcel was left ("MQ" porch) and SignedForByName who signed.
 * Elements are matched by local name (prefixes ignored). Text is read from an element's own
 * text and CDATA children only: entity references are never expanded (no XML_PARSE_NOENT).
 */
#include "ups_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct xctx {
    const pc_parse_limits *lim;
    pc_diag *diag;
    char **pool; /* texts that had to be assembled from several nodes; freed at the end */
    size_t n_pool, cap_pool;
} xctx;

static int is_elem(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    for (xmlNode *k = n->children; k; k = k->next) {
        if (is_elem(k, name))
            return k;
    }
    return NULL;
}

/* Follow a "A/B/C" path of local names. */
static xmlNode *descend(const xmlNode *n, const char *path)
{
    char name[64];
    while (n && *path) {
        size_t len = strcspn(path, "/");
        if (len >= sizeof(name))
            return NULL;
        memcpy(name, path, len);
        name[len] = '\0';
        n = child(n, name);
        path += len + (path[len] == '/');
    }
    return (xmlNode *)n;
}

static int pool_add(xctx *c, char *s)
{
    if (c->n_pool == c->cap_pool) {
        size_t cap = c->cap_pool ? c->cap_pool * 2 : 8;
        char **p = realloc(c->pool, cap * sizeof(*p));
        if (!p)
            return PC_ENOMEM;
        c->pool = p;
        c->cap_pool = cap;
    }
    c->pool[c->n_pool++] = s;
    return 0;
}

/* Text of the element at path below n (NULL when absent), checked against max_string.
 * where names the parent for the diagnostic. */
static int text(xctx *c, const xmlNode *n, const char *path, const char *where, const char **ret)
{
    const xmlNode *e = descend(n, path);
    size_t total = 0, parts = 0;
    const char *single = NULL;

    *ret = NULL;
    if (!e)
        return 0;
    for (const xmlNode *k = e->children; k; k = k->next) {
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content) {
            single = (const char *)k->content;
            total += strlen(single);
            parts++;
        }
    }
    if (c->lim->max_string && total > c->lim->max_string)
        return pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, e->line > 0 ? e->line : 0, 0,
                           "%s/%s: %zu bytes exceed the max_string limit of %zu", where, path,
                           total, c->lim->max_string);
    if (parts <= 1) {
        *ret = single;
        return 0;
    }
    char *joined = malloc(total + 1);
    size_t o = 0;
    if (!joined || pool_add(c, joined) < 0) {
        free(joined);
        return PC_ENOMEM;
    }
    for (const xmlNode *k = e->children; k; k = k->next) {
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content) {
            size_t len = strlen((const char *)k->content);
            memcpy(joined + o, k->content, len);
            o += len;
        }
    }
    joined[o] = '\0';
    *ret = joined;
    return 0;
}

static int address(xctx *c, const xmlNode *addr, const char *where, pc_location *loc)
{
    const char *city, *region, *postal, *country;
    int rc;
    if (!addr)
        return 0;
    if ((rc = text(c, addr, "City", where, &city)) < 0 ||
        (rc = text(c, addr, "StateProvinceCode", where, &region)) < 0 ||
        (rc = text(c, addr, "PostalCode", where, &postal)) < 0 ||
        (rc = text(c, addr, "CountryCode", where, &country)) < 0)
        return rc;
    return pc__ups_set_location(loc, city, region, postal, country);
}

static int activity(xctx *c, const pc__ups_package *pkg, const xmlNode *act, const char *where)
{
    pc__ups_activity a = {0};
    const xmlNode *loc = child(act, "ActivityLocation");
    int rc;

    if ((rc = text(c, act, "Date", where, &a.date)) < 0 ||
        (rc = text(c, act, "Time", where, &a.time)) < 0 ||
        (rc = text(c, act, "GMTDate", where, &a.gmt_date)) < 0 ||
        (rc = text(c, act, "GMTTime", where, &a.gmt_time)) < 0 ||
        (rc = text(c, act, "GMTOffset", where, &a.gmt_offset)) < 0 ||
        (rc = text(c, act, "Status/StatusType/Code", where, &a.type)) < 0 ||
        (rc = text(c, act, "Status/StatusType/Description", where, &a.description)) < 0 ||
        (rc = text(c, act, "Status/StatusCode/Code", where, &a.code)) < 0 ||
        (rc = text(c, loc, "Address/City", where, &a.city)) < 0 ||
        (rc = text(c, loc, "Address/StateProvinceCode", where, &a.region)) < 0 ||
        (rc = text(c, loc, "Address/PostalCode", where, &a.postal)) < 0 ||
        (rc = text(c, loc, "Address/CountryCode", where, &a.country)) < 0 ||
        (rc = text(c, loc, "Code", where, &a.spot_code)) < 0 ||
        (rc = text(c, loc, "SignedForByName", where, &a.signed_by)) < 0)
        return rc;
    return pc__ups_add_activity(pkg, &a, c->lim, where, c->diag);
}

typedef struct ship_info {
    const char *number;
    const char *service;
    const xmlNode *origin;
    const xmlNode *destination;
    const char *eta_date, *eta_time;
    int mail_innovations;
} ship_info;

static int package(xctx *c, const ship_info *si, const xmlNode *pkg, const char *where,
                   pc_parse_result *out)
{
    pc__ups_package ctx = {0};
    pc_shipment *s;
    const char *number, *rdate, *rtime;
    char p[160];
    size_t k = 0;
    int rc;

    if ((rc = text(c, pkg, "TrackingNumber", where, &number)) < 0 ||
        (rc = text(c, pkg, "RescheduledDeliveryDate", where, &rdate)) < 0 ||
        (rc = text(c, pkg, "RescheduledDeliveryTime", where, &rtime)) < 0)
        return rc;
    if (!number || !number[strspn(number, " \t\r\n")])
        number = si->number;
    if (!number)
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, pkg->line > 0 ? pkg->line : 0, 0,
                           "%s: no TrackingNumber and no ShipmentIdentificationNumber", where);
    rc = pc_parse_result_add_shipment(out, c->lim, "ups", &s);
    if (rc == PC_ELIMIT)
        return pc_diag_set(c->diag, rc, (size_t)-1, 0, 0, "more than %zu shipments",
                           c->lim->max_shipments);
    if (rc < 0 || (rc = pc_set_str(&s->tracking_number, number, (size_t)-1)) < 0 ||
        (rc = pc_set_clean(&s->service, si->service, (size_t)-1)) < 0)
        return rc;
    ctx.shipment = s;
    ctx.mail_innovations = si->mail_innovations;
    if ((rc = address(c, si->origin, "Shipment/Shipper/Address", &s->origin)) < 0 ||
        (rc = address(c, si->destination, "Shipment/ShipTo/Address", &s->destination)) < 0)
        return rc;

    for (const xmlNode *n = pkg->children; n; n = n->next) {
        if (!is_elem(n, "Activity"))
            continue;
        snprintf(p, sizeof(p), "%s/Activity[%zu]", where, k++);
        if ((rc = activity(c, &ctx, n, p)) < 0)
            return rc;
    }
    if (rdate)
        pc__ups_set_eta(s, rdate, rtime);
    else if (si->eta_date)
        pc__ups_set_eta(s, si->eta_date, si->eta_time);
    return 0;
}

static int shipment(xctx *c, const xmlNode *ship, const char *where, pc_parse_result *out)
{
    ship_info si = {0};
    const char *type, *inquiry_type, *dt_type;
    const xmlNode *dt = child(ship, "DeliveryDateTime");
    char p[96];
    size_t k = 0;
    int rc, packages = 0;

    if ((rc = text(c, ship, "ShipmentIdentificationNumber", where, &si.number)) < 0 ||
        (!si.number && (rc = text(c, ship, "InquiryNumber/Value", where, &si.number)) < 0) ||
        (rc = text(c, ship, "Service/Description", where, &si.service)) < 0 ||
        (rc = text(c, ship, "ShipmentType/Code", where, &type)) < 0 ||
        (rc = text(c, ship, "InquiryNumber/Code", where, &inquiry_type)) < 0 ||
        (rc = text(c, ship, "ScheduledDeliveryDate", where, &si.eta_date)) < 0 ||
        (rc = text(c, ship, "ScheduledDeliveryTime", where, &si.eta_time)) < 0 ||
        (rc = text(c, dt, "Type/Code", where, &dt_type)) < 0)
        return rc;
    si.mail_innovations = (type && strcmp(type, "03") == 0) ||
                          (inquiry_type && strcmp(inquiry_type, "03") == 0) ||
                          (si.service && strstr(si.service, "Mail Innovations"));
    /* Mail Innovations DeliveryDateTime: type 01 is the delivery itself, anything else an
     * estimate; a scheduled date, when present, is preferred. */
    if (!si.eta_date && dt && dt_type && strcmp(dt_type, "01") != 0) {
        if ((rc = text(c, dt, "Date", where, &si.eta_date)) < 0 ||
            (rc = text(c, dt, "Time", where, &si.eta_time)) < 0)
            return rc;
    }
    si.origin = descend(ship, "ShipFrom/Address");
    if (!si.origin)
        si.origin = descend(ship, "Shipper/Address");
    si.destination = descend(ship, "ShipTo/Address");

    for (const xmlNode *n = ship->children; n; n = n->next) {
        if (!is_elem(n, "Package"))
            continue;
        snprintf(p, sizeof(p), "%s/Package[%zu]", where, k++);
        if ((rc = package(c, &si, n, p, out)) < 0)
            return rc;
        packages++;
    }
    if (!packages) /* shipment-level activities (no Package element) */
        return package(c, &si, ship, where, out);
    return 0;
}

static int response_errors(xctx *c, const xmlNode *resp, pc_parse_result *out, int *ret_count)
{
    int rc;
    *ret_count = 0;
    for (const xmlNode *n = resp ? resp->children : NULL; n; n = n->next) {
        const char *severity, *code, *desc;
        if (!is_elem(n, "Error"))
            continue;
        if ((rc = text(c, n, "ErrorSeverity", "Response/Error", &severity)) < 0 ||
            (rc = text(c, n, "ErrorCode", "Response/Error", &code)) < 0 ||
            (rc = text(c, n, "ErrorDescription", "Response/Error", &desc)) < 0)
            return rc;
        if (severity && strstr(severity, "Warning"))
            continue;
        if (!code && !desc)
            continue;
        if ((rc = pc__ups_add_error(out, NULL, code, desc)) < 0)
            return rc;
        (*ret_count)++;
    }
    return 0;
}

int pc__ups_parse_xml(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    xctx c = {.lim = in->limits, .diag = diag};
    xmlParserCtxtPtr pctx = NULL;
    xmlDocPtr doc = NULL;
    xmlNode *root, *resp;
    const char *status;
    char p[64];
    size_t k = 0;
    int rc = 0, errors = 0;

    if (in->len > INT_MAX)
        return pc_diag_set(diag, PC_ELIMIT, (size_t)-1, 0, 0, "XML body too large");
    pctx = xmlNewParserCtxt();
    if (!pctx)
        return PC_ENOMEM;
    doc = xmlCtxtReadMemory(pctx, in->data, (int)in->len, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
                                XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(pctx);
        char msg[160] = "not well-formed";
        if (e && e->message) {
            snprintf(msg, sizeof(msg), "%s", e->message);
            msg[strcspn(msg, "\r\n")] = '\0';
        }
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, e ? e->line : 0, e ? e->int2 : 0,
                         "XML: %s", msg);
        goto out;
    }
    /* The tree is all we need: give back the parser's input copy before walking it. */
    xmlFreeParserCtxt(pctx);
    pctx = NULL;
    root = xmlDocGetRootElement(doc);
    if (!is_elem(root, "TrackResponse")) {
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, root && root->line > 0 ? root->line : 0,
                         0, "root element is not TrackResponse");
        goto out;
    }
    resp = child(root, "Response");
    if ((rc = text(&c, resp, "ResponseStatusCode", "Response", &status)) < 0 ||
        (rc = response_errors(&c, resp, out, &errors)) < 0)
        goto out;
    if (status && strcmp(status, "0") == 0) {
        if (!errors)
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                             "ResponseStatusCode 0 without an Error");
        goto out; /* a failure carries no shipment worth reading */
    }
    for (xmlNode *n = root->children; n; n = n->next) {
        if (!is_elem(n, "Shipment"))
            continue;
        snprintf(p, sizeof(p), "Shipment[%zu]", k++);
        if ((rc = shipment(&c, n, p, out)) < 0)
            goto out;
    }
    if (k == 0 && !errors)
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "TrackResponse has neither a Shipment nor an Error");
out:
    for (size_t i = 0; i < c.n_pool; i++)
        free(c.pool[i]);
    free(c.pool);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(pctx);
    return rc;
}
