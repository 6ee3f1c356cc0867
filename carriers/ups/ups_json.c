/*
 * UPS Track API v1 (JSON): trackResponse.shipment[].package[].activity[], newest first.
 *
 * Quirks handled here:
 * - not found comes as HTTP 200 with shipment[].warnings[{code "TW0001"}] and no package;
 * - request-wide errors are {"response":{"errors":[{code, message}]}} (TV1002, 250003, 10429);
 * - an array of one is sometimes an object (converted feeds), so lists accept both;
 * - wrong types (a number where a string belongs, a string where an object belongs) are read
 *   as absent rather than trusted; the event then fails on its missing date if it needs it.
 */
#include "ups_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct jctx {
    const pc_parse_limits *lim;
    pc_diag *diag;
} jctx;

/* Elements of a list that may be an array, a single object, or absent. */
static size_t list_len(const json_t *v)
{
    if (json_is_array(v))
        return json_array_size(v);
    return json_is_object(v) ? 1 : 0;
}

static json_t *list_at(json_t *v, size_t i)
{
    if (json_is_array(v))
        return json_array_get(v, i);
    return i == 0 ? v : NULL;
}

static json_t *obj_get(const json_t *obj, const char *key)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_object(v) ? v : NULL;
}

/* String member key of obj (NULL when absent or not a string), checked against max_string. */
static int str_get(jctx *c, const json_t *obj, const char *key, const char *path, const char **ret)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    *ret = NULL;
    if (!json_is_string(v))
        return 0;
    if (c->lim->max_string && json_string_length(v) > c->lim->max_string)
        return pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, 0, 0,
                           "%s.%s: %zu bytes exceed the max_string limit of %zu", path, key,
                           json_string_length(v), c->lim->max_string);
    *ret = json_string_value(v);
    return 0;
}

static int errors_list(jctx *c, json_t *errors, const char *number, const char *path,
                       pc_parse_result *out)
{
    int rc;
    for (size_t i = 0; i < list_len(errors); i++) {
        json_t *e = list_at(errors, i);
        const char *code, *message;
        char p[192];
        snprintf(p, sizeof(p), "%s[%zu]", path, i);
        if ((rc = str_get(c, e, "code", p, &code)) < 0 ||
            (rc = str_get(c, e, "message", p, &message)) < 0)
            return rc;
        if (!code && !message)
            continue;
        if ((rc = pc__ups_add_error(out, number, code, message)) < 0)
            return rc;
    }
    return 0;
}

static int address(jctx *c, const json_t *addr, const char *path, pc_location *loc)
{
    const char *city, *region, *postal, *cc, *country;
    int rc;
    if (!addr)
        return 0;
    if ((rc = str_get(c, addr, "city", path, &city)) < 0 ||
        (rc = str_get(c, addr, "stateProvince", path, &region)) < 0 ||
        (rc = str_get(c, addr, "postalCode", path, &postal)) < 0 ||
        (rc = str_get(c, addr, "countryCode", path, &cc)) < 0 ||
        (rc = str_get(c, addr, "country", path, &country)) < 0)
        return rc;
    return pc__ups_set_location(loc, city, region, postal, cc ? cc : country);
}

static int activity(jctx *c, const pc__ups_package *pkg, json_t *act, const char *path)
{
    pc__ups_activity a = {0};
    json_t *status = obj_get(act, "status");
    json_t *addr = obj_get(obj_get(act, "location"), "address");
    char sp[256], ap[256];
    const char *cc = NULL, *country = NULL, *simple = NULL;
    int rc;

    if (!json_is_object(act))
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: not an object", path);
    snprintf(sp, sizeof(sp), "%s.status", path);
    snprintf(ap, sizeof(ap), "%s.location.address", path);
    if ((rc = str_get(c, act, "date", path, &a.date)) < 0 ||
        (rc = str_get(c, act, "time", path, &a.time)) < 0 ||
        (rc = str_get(c, act, "gmtDate", path, &a.gmt_date)) < 0 ||
        (rc = str_get(c, act, "gmtTime", path, &a.gmt_time)) < 0 ||
        (rc = str_get(c, act, "gmtOffset", path, &a.gmt_offset)) < 0 ||
        (rc = str_get(c, status, "type", sp, &a.type)) < 0 ||
        (rc = str_get(c, status, "code", sp, &a.code)) < 0 ||
        (rc = str_get(c, status, "statusCode", sp, &a.status_code)) < 0 ||
        (rc = str_get(c, status, "description", sp, &a.description)) < 0 ||
        (rc = str_get(c, status, "simplifiedTextDescription", sp, &simple)) < 0 ||
        (rc = str_get(c, addr, "city", ap, &a.city)) < 0 ||
        (rc = str_get(c, addr, "stateProvince", ap, &a.region)) < 0 ||
        (rc = str_get(c, addr, "postalCode", ap, &a.postal)) < 0 ||
        (rc = str_get(c, addr, "countryCode", ap, &cc)) < 0 ||
        (rc = str_get(c, addr, "country", ap, &country)) < 0)
        return rc;
    a.country = cc ? cc : country;
    if (!a.description || !a.description[strspn(a.description, " \t\r\n")])
        a.description = simple;
    return pc__ups_add_activity(pkg, &a, c->lim, path, c->diag);
}

/* The estimate: RDD (rescheduled) beats SDD (scheduled); DEL is the delivery itself. */
static int estimate(jctx *c, json_t *pkg, const char *path, pc_shipment *s)
{
    json_t *dates = json_object_get(pkg, "deliveryDate");
    json_t *dtime = obj_get(pkg, "deliveryTime");
    const char *best = NULL, *time_type = NULL, *end = NULL;
    int best_rank = 0, rc;
    char p[192];

    for (size_t i = 0; i < list_len(dates); i++) {
        const char *type, *date;
        snprintf(p, sizeof(p), "%s.deliveryDate[%zu]", path, i);
        if ((rc = str_get(c, list_at(dates, i), "type", p, &type)) < 0 ||
            (rc = str_get(c, list_at(dates, i), "date", p, &date)) < 0)
            return rc;
        int rank = !type ? 0 : strcmp(type, "RDD") == 0 ? 2 : strcmp(type, "SDD") == 0 ? 1 : 0;
        if (rank > best_rank && date) {
            best = date;
            best_rank = rank;
        }
    }
    if (!best)
        return 0;
    snprintf(p, sizeof(p), "%s.deliveryTime", path);
    if ((rc = str_get(c, dtime, "type", p, &time_type)) < 0 ||
        (rc = str_get(c, dtime, "endTime", p, &end)) < 0)
        return rc;
    /* EOD (end of day) and DEL (the actual delivery time) say nothing about the estimate */
    if (time_type && (strcmp(time_type, "DEL") == 0 || strcmp(time_type, "EOD") == 0))
        end = NULL;
    pc__ups_set_eta(s, best, end);
    return 0;
}

static int package(jctx *c, json_t *pkg, const char *inquiry, const char *path,
                   pc_parse_result *out)
{
    pc__ups_package ctx = {0};
    pc_shipment *s;
    json_t *service = obj_get(pkg, "service");
    json_t *addrs = json_object_get(pkg, "packageAddress");
    json_t *acts = json_object_get(pkg, "activity");
    const char *number, *service_desc;
    char p[192];
    int rc;

    if (!json_is_object(pkg))
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: not an object", path);
    if ((rc = str_get(c, pkg, "trackingNumber", path, &number)) < 0)
        return rc;
    if (!number || !number[strspn(number, " ")])
        number = inquiry;
    if (!number)
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: no trackingNumber and no inquiryNumber", path);
    rc = pc_parse_result_add_shipment(out, c->lim, "ups", &s);
    if (rc == PC_ELIMIT)
        return pc_diag_set(c->diag, rc, (size_t)-1, 0, 0, "more than %zu shipments",
                           c->lim->max_shipments);
    if (rc < 0 || (rc = pc_set_str(&s->tracking_number, number, (size_t)-1)) < 0)
        return rc;
    ctx.shipment = s;

    snprintf(p, sizeof(p), "%s.service", path);
    if ((rc = str_get(c, service, "description", p, &service_desc)) < 0)
        return rc;
    if (pc_set_clean(&s->service, service_desc, (size_t)-1) < 0)
        return PC_ENOMEM;
    ctx.mail_innovations = s->service && strstr(s->service, "Mail Innovations") != NULL;

    for (size_t i = 0; i < list_len(addrs); i++) {
        json_t *pa = list_at(addrs, i);
        const char *type;
        snprintf(p, sizeof(p), "%s.packageAddress[%zu]", path, i);
        if ((rc = str_get(c, pa, "type", p, &type)) < 0)
            return rc;
        pc_location *loc = !type                                  ? NULL
                           : strcasecmp(type, "ORIGIN") == 0      ? &s->origin
                           : strcasecmp(type, "DESTINATION") == 0 ? &s->destination
                                                                  : NULL;
        if (!loc)
            continue;
        snprintf(p, sizeof(p), "%s.packageAddress[%zu].address", path, i);
        if ((rc = address(c, obj_get(pa, "address"), p, loc)) < 0)
            return rc;
    }

    snprintf(p, sizeof(p), "%s.deliveryInformation", path);
    if ((rc = str_get(c, obj_get(pkg, "deliveryInformation"), "receivedBy", p, &ctx.received_by)) <
        0)
        return rc;
    if (pc_set_str(&s->signed_by, ctx.received_by, (size_t)-1) < 0)
        return PC_ENOMEM;
    if (!s->signed_by)
        ctx.received_by = NULL;

    for (size_t i = 0; i < list_len(acts); i++) {
        snprintf(p, sizeof(p), "%s.activity[%zu]", path, i);
        if ((rc = activity(c, &ctx, list_at(acts, i), p)) < 0)
            return rc;
    }
    return estimate(c, pkg, path, s);
}

static int shipment(jctx *c, json_t *ship, const char *path, pc_parse_result *out)
{
    json_t *pkgs = json_object_get(ship, "package");
    const char *inquiry;
    char p[128];
    int rc;

    if (!json_is_object(ship))
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s: not an object", path);
    if ((rc = str_get(c, ship, "inquiryNumber", path, &inquiry)) < 0)
        return rc;
    if (list_len(pkgs) == 0) {
        /* HTTP 200 with a warning instead of packages: TW0001 not found */
        json_t *warnings = json_object_get(ship, "warnings");
        size_t before = out->n_errors;
        snprintf(p, sizeof(p), "%s.warnings", path);
        if ((rc = errors_list(c, warnings, inquiry, p, out)) < 0)
            return rc;
        if (out->n_errors == before)
            return pc_parse_result_add_error(out, inquiry, PC_TE_NOT_FOUND, NULL,
                                             "no package in the tracking response", 0);
        return 0;
    }
    for (size_t i = 0; i < list_len(pkgs); i++) {
        snprintf(p, sizeof(p), "%s.package[%zu]", path, i);
        if ((rc = package(c, list_at(pkgs, i), inquiry, p, out)) < 0)
            return rc;
    }
    return 0;
}

int pc__ups_parse_json(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    jctx c = {.lim = in->limits, .diag = diag};
    json_error_t jerr;
    json_t *root, *track, *errors;
    int rc = 0;

    root = json_loadb(in->data, in->len, 0, &jerr);
    if (!root)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)jerr.position, jerr.line, jerr.column,
                           "JSON: %s", jerr.text);
    if (!json_is_object(root)) {
        rc = pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "top level is not a JSON object");
        goto out;
    }
    track = json_object_get(root, "trackResponse");
    if (!track) {
        /* {"response":{"errors":[...]}}: invalid number, auth, rate limit */
        errors = json_object_get(obj_get(root, "response"), "errors");
        if (!errors)
            errors = json_object_get(root, "errors");
        if (list_len(errors) == 0) {
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                             "neither trackResponse nor response.errors");
            goto out;
        }
        size_t before = out->n_errors;
        /* TV1002 does not name the number: the one asked for, when the caller knows it */
        const char *asked = in->requested && in->n_requested == 1 ? in->requested[0] : NULL;
        if ((rc = errors_list(&c, errors, asked, "response.errors", out)) < 0)
            goto out;
        if (out->n_errors == before)
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                             "response.errors holds no code or message");
        goto out;
    }
    json_t *ships = json_object_get(track, "shipment");
    if (!json_is_object(track) || list_len(ships) == 0) {
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "trackResponse.shipment is missing or empty");
        goto out;
    }
    for (size_t i = 0; i < list_len(ships); i++) {
        char p[64];
        snprintf(p, sizeof(p), "trackResponse.shipment[%zu]", i);
        if ((rc = shipment(&c, list_at(ships, i), p, out)) < 0)
            goto out;
    }
out:
    json_decref(root);
    return rc;
}
