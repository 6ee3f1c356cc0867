/*
 * UPS Track Alert webhook (parse_push): UPS POSTs one tracking event per message to the URL of
 * a subscription, with the subscription's opaque `credential` in a header of that name.
 *
 *   {"trackingNumber":"1Z...","localActivityDate":"YYYYMMDD","localActivityTime":"HHMMSS",
 *    "gmtActivityDate":"YYYYMMDD","gmtActivityTime":"HHMMSS",
 *    "activityLocation":{"city","stateProvince","postalCode","country"},
 *    "activityStatus":{"type","code","description","descriptionCode"},
 *    "scheduledDeliveryDate","actualDeliveryDate","actualDeliveryTime",
 *    "deliveryStartTime","deliveryEndTime","deliveryTimeDescription","deliveryPhoto"}
 *
 * Quirks handled here:
 * - every field is always present and "" when it has no value (not null, not absent);
 * - the tracking number may carry blanks (" 1ZABC..."), trimmed;
 * - descriptionCode is the Track API's three-digit statusCode ("005") and wins over the
 *   two-letter code, exactly as in the pull parser (both go through pc__ups_add_activity);
 * - scheduledDeliveryDate (+ deliveryEndTime, "" for "end of day") is the carrier estimate;
 * - a body holding an array of such messages is accepted too (events of one number are merged
 *   into one shipment).
 *
 * Unlike the pull parser, which reads wrongly typed fields as absent, a push is refused with
 * the field named: nothing from a half-understood push reaches the store.
 */
#include "ups_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

typedef struct pctx {
    const pc_parse_limits *lim;
    pc_diag *diag;
} pctx;

/* A string member: NULL when absent, null or blank; PC_EMALFORMED for another type. */
static int field(pctx *c, const json_t *obj, const char *key, const char *path, const char **ret)
{
    json_t *v = json_object_get(obj, key);
    *ret = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s%s: expected a string",
                           path, key);
    if (c->lim->max_string && json_string_length(v) > c->lim->max_string)
        return pc_diag_set(c->diag, PC_ELIMIT, (size_t)-1, 0, 0,
                           "%s%s: %zu bytes exceed the max_string limit of %zu", path, key,
                           json_string_length(v), c->lim->max_string);
    const char *s = json_string_value(v);
    if (s[strspn(s, " \t\r\n")] != '\0')
        *ret = s;
    return 0;
}

/* An object member: NULL when absent or null; PC_EMALFORMED for another type. */
static int object(pctx *c, const json_t *obj, const char *key, const char *path, json_t **ret)
{
    json_t *v = json_object_get(obj, key);
    *ret = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0, "%s%s: expected an object",
                           path, key);
    *ret = v;
    return 0;
}

/* The shipment of number in out, appended when new. */
static int shipment_for(pctx *c, pc_parse_result *out, const char *number, pc_shipment **ret)
{
    size_t n = strlen(number);
    int rc;
    while (n && (number[n - 1] == ' ' || number[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < out->n_shipments; i++) {
        const char *t = out->shipments[i].tracking_number;
        if (t && strlen(t) == n && memcmp(t, number, n) == 0) {
            *ret = &out->shipments[i];
            return 0;
        }
    }
    rc = pc_parse_result_add_shipment(out, c->lim, "ups", ret);
    if (rc == PC_ELIMIT)
        return pc_diag_set(c->diag, rc, (size_t)-1, 0, 0, "more than %zu shipments",
                           c->lim->max_shipments);
    if (rc < 0)
        return rc;
    return pc_set_str(&(*ret)->tracking_number, number, n);
}

/* One Track Alert message; path is "" or "[i]." for an element of an array body. */
static int message(pctx *c, json_t *msg, const char *path, pc_parse_result *out)
{
    pc__ups_activity a = {0};
    pc__ups_package pkg = {0};
    json_t *loc, *status;
    const char *number, *scheduled, *end_time, *actual_date;
    char lp[96], sp[96], ep[128];
    pc_shipment *s;
    int rc;

    if (!json_is_object(msg))
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%s: expected a Track Alert message (a JSON object)",
                           path[0] ? path : "top level");
    snprintf(lp, sizeof(lp), "%sactivityLocation.", path);
    snprintf(sp, sizeof(sp), "%sactivityStatus.", path);
    if ((rc = field(c, msg, "trackingNumber", path, &number)) < 0 ||
        (rc = field(c, msg, "localActivityDate", path, &a.date)) < 0 ||
        (rc = field(c, msg, "localActivityTime", path, &a.time)) < 0 ||
        (rc = field(c, msg, "gmtActivityDate", path, &a.gmt_date)) < 0 ||
        (rc = field(c, msg, "gmtActivityTime", path, &a.gmt_time)) < 0 ||
        (rc = field(c, msg, "scheduledDeliveryDate", path, &scheduled)) < 0 ||
        (rc = field(c, msg, "deliveryEndTime", path, &end_time)) < 0 ||
        (rc = field(c, msg, "actualDeliveryDate", path, &actual_date)) < 0 ||
        (rc = object(c, msg, "activityLocation", path, &loc)) < 0 ||
        (rc = object(c, msg, "activityStatus", path, &status)) < 0 ||
        (rc = field(c, loc, "city", lp, &a.city)) < 0 ||
        (rc = field(c, loc, "stateProvince", lp, &a.region)) < 0 ||
        (rc = field(c, loc, "postalCode", lp, &a.postal)) < 0 ||
        (rc = field(c, loc, "country", lp, &a.country)) < 0 ||
        (rc = field(c, status, "type", sp, &a.type)) < 0 ||
        (rc = field(c, status, "code", sp, &a.code)) < 0 ||
        (rc = field(c, status, "description", sp, &a.description)) < 0 ||
        (rc = field(c, status, "descriptionCode", sp, &a.status_code)) < 0)
        return rc;
    if (!number)
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%strackingNumber: missing or empty", path);
    number += strspn(number, " \t");
    if (!status || (!a.type && !a.code && !a.status_code))
        return pc_diag_set(c->diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                           "%sactivityStatus: missing, or without type, code and "
                           "descriptionCode",
                           path);
    if ((rc = shipment_for(c, out, number, &s)) < 0)
        return rc;
    pkg.shipment = s;
    snprintf(ep, sizeof(ep), "%slocalActivityDate/Time", path);
    if ((rc = pc__ups_add_activity(&pkg, &a, c->lim, ep, c->diag)) < 0)
        return rc;
    /* "end of day" windows come with no end time: the estimate then means 23:59 local */
    if (scheduled && !actual_date)
        pc__ups_set_eta(s, scheduled, end_time);
    return 0;
}

int pc__ups_parse_push(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    static const pc_parse_limits defaults = PC_PARSE_LIMITS_DEFAULT;
    pctx c = {.lim = in->limits ? in->limits : &defaults, .diag = diag};
    json_error_t jerr;
    json_t *root;
    int rc = 0;

    if (in->format == PC_FORMAT_XML)
        return pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "UPS Track Alert messages are JSON");
    root = json_loadb(in->data, in->len, 0, &jerr);
    if (!root)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)jerr.position, jerr.line, jerr.column,
                           "JSON: %s at byte %d (line %d, column %d)", jerr.text, jerr.position,
                           jerr.line, jerr.column);
    if (json_is_array(root)) {
        if (json_array_size(root) == 0) {
            rc = pc_diag_set(diag, PC_EMALFORMED, 0, 1, 1, "empty array: no message");
            goto out;
        }
        for (size_t i = 0; i < json_array_size(root); i++) {
            char p[32];
            snprintf(p, sizeof(p), "[%zu].", i);
            if ((rc = message(&c, json_array_get(root, i), p, out)) < 0)
                goto out;
        }
    } else {
        rc = message(&c, root, "", out);
    }
out:
    json_decref(root);
    return rc;
}
