#include "internal.h"
#include <parcelcast/json.h>
#include <parcelcast/timeutil.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *time_or_null(int64_t t)
{
    char buf[40];
    if (t == PC_TIME_NONE)
        return json_null();
    return json_string(pc_time_format(t, buf, sizeof(buf)));
}

static json_t *location_to_json(const pc_location *loc)
{
    if (pc_location_empty(loc))
        return json_null();
    return json_pack("{s:o, s:o, s:o, s:o}", "city", str_or_null(loc->city), "region",
                     str_or_null(loc->region), "postal_code", str_or_null(loc->postal_code),
                     "country", str_or_null(loc->country));
}

static json_t *event_to_json(const pc_event *ev)
{
    char off[16];
    json_t *offset = ev->utc_offset == PC_OFFSET_NONE
                         ? json_null()
                         : json_string(pc_offset_format(ev->utc_offset, off, sizeof(off)));
    return json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "time", time_or_null(ev->time),
                     "utc_offset", offset, "status", pc_status_name(ev->status), "substatus",
                     str_or_null(ev->substatus), "code", str_or_null(ev->code), "description",
                     str_or_null(ev->description), "location", location_to_json(&ev->location));
}

json_t *pc_shipment_to_json(const pc_shipment *s, unsigned flags)
{
    json_t *events = json_array();
    if (!events)
        return NULL;
    for (size_t i = 0; i < s->n_events; i++) {
        if (json_array_append_new(events, event_to_json(&s->events[i])) < 0) {
            json_decref(events);
            return NULL;
        }
    }
    json_t *j = json_pack(
        "{s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "carrier", str_or_null(s->carrier),
        "tracking_number", str_or_null(s->tracking_number), "status", pc_status_name(s->status),
        "substatus", str_or_null(s->substatus), "service", str_or_null(s->service), "carrier_eta",
        time_or_null(s->carrier_eta), "signed_by", str_or_null(s->signed_by), "origin",
        location_to_json(&s->origin), "destination", location_to_json(&s->destination));
    if (!j) {
        json_decref(events);
        return NULL;
    }
    if (flags & PC_JSON_MERCHANT) {
        json_t *meta = NULL;
        if (s->metadata_json)
            meta = json_loads(s->metadata_json, JSON_DECODE_ANY, NULL);
        json_t *cust = (s->customer.name || s->customer.email)
                           ? json_pack("{s:o, s:o}", "name", str_or_null(s->customer.name), "email",
                                       str_or_null(s->customer.email))
                           : json_null();
        json_object_set_new(j, "promised_by", time_or_null(s->promised_by));
        json_object_set_new(j, "order_id", str_or_null(s->order_id));
        json_object_set_new(j, "customer", cust);
        json_object_set_new(j, "metadata", meta ? meta : json_null());
        json_object_set_new(j, "created_at", time_or_null(s->created_at));
        json_object_set_new(j, "updated_at", time_or_null(s->updated_at));
    }
    json_object_set_new(j, "events", events);
    return j;
}

/* Read an optional string member into *field. */
static int get_str(const json_t *obj, const char *key, char **field, const char *path, char *err,
                   size_t errlen)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        pc__errbuf_set(err, errlen, "%s%s: expected a string or null", path, key);
        return PC_EMALFORMED;
    }
    return pc_set_str(field, json_string_value(v), json_string_length(v));
}

static int get_time(const json_t *obj, const char *key, int64_t *t, const char *path, char *err,
                    size_t errlen)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v) || pc_time_parse_utc(json_string_value(v), t) < 0) {
        pc__errbuf_set(err, errlen, "%s%s: not an RFC 3339 time with an offset", path, key);
        return PC_EMALFORMED;
    }
    return 0;
}

static int get_location(const json_t *obj, const char *key, pc_location *loc, const char *path,
                        char *err, size_t errlen)
{
    json_t *v = json_object_get(obj, key);
    char sub[96];
    int rc;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v)) {
        pc__errbuf_set(err, errlen, "%s%s: expected an object or null", path, key);
        return PC_EMALFORMED;
    }
    snprintf(sub, sizeof(sub), "%s%s.", path, key);
    if ((rc = get_str(v, "city", &loc->city, sub, err, errlen)) < 0 ||
        (rc = get_str(v, "region", &loc->region, sub, err, errlen)) < 0 ||
        (rc = get_str(v, "postal_code", &loc->postal_code, sub, err, errlen)) < 0 ||
        (rc = get_str(v, "country", &loc->country, sub, err, errlen)) < 0)
        return rc;
    return 0;
}

static int get_status(const json_t *obj, pc_status *st, const char *path, char *err, size_t errlen)
{
    json_t *v = json_object_get(obj, "status");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v) || pc_status_parse(json_string_value(v), st) < 0) {
        pc__errbuf_set(err, errlen, "%sstatus: not a status of the taxonomy", path);
        return PC_EMALFORMED;
    }
    return 0;
}

static int event_from_json(const json_t *jev, pc_event *ev, const char *path, char *err,
                           size_t errlen)
{
    int rc;
    if (!json_is_object(jev)) {
        pc__errbuf_set(err, errlen, "%s: expected an object", path);
        return PC_EMALFORMED;
    }
    char p[64];
    snprintf(p, sizeof(p), "%s.", path);
    if ((rc = get_time(jev, "time", &ev->time, p, err, errlen)) < 0)
        return rc;
    if (ev->time == PC_TIME_NONE) {
        pc__errbuf_set(err, errlen, "%stime: missing", p);
        return PC_EMALFORMED;
    }
    json_t *off = json_object_get(jev, "utc_offset");
    if (off && !json_is_null(off)) {
        int m;
        if (!json_is_string(off) || pc_offset_parse(json_string_value(off), (size_t)-1, &m) < 0 ||
            m < -16 * 60 || m > 16 * 60) {
            pc__errbuf_set(err, errlen, "%sutc_offset: not an offset like \"-05:00\"", p);
            return PC_EMALFORMED;
        }
        ev->utc_offset = (int16_t)m;
    }
    if ((rc = get_status(jev, &ev->status, p, err, errlen)) < 0 ||
        (rc = get_str(jev, "substatus", &ev->substatus, p, err, errlen)) < 0 ||
        (rc = get_str(jev, "code", &ev->code, p, err, errlen)) < 0 ||
        (rc = get_str(jev, "description", &ev->description, p, err, errlen)) < 0 ||
        (rc = get_location(jev, "location", &ev->location, p, err, errlen)) < 0)
        return rc;
    return 0;
}

int pc_shipment_from_json(const json_t *j, pc_shipment *s, char *err, size_t errlen)
{
    int rc = PC_EMALFORMED;
    pc_shipment_init(s);
    if (!json_is_object(j)) {
        pc__errbuf_set(err, errlen, "shipment: expected an object");
        goto out;
    }
    if ((rc = get_str(j, "carrier", &s->carrier, "", err, errlen)) < 0 ||
        (rc = get_str(j, "tracking_number", &s->tracking_number, "", err, errlen)) < 0 ||
        (rc = get_status(j, &s->status, "", err, errlen)) < 0 ||
        (rc = get_str(j, "substatus", &s->substatus, "", err, errlen)) < 0 ||
        (rc = get_str(j, "service", &s->service, "", err, errlen)) < 0 ||
        (rc = get_time(j, "carrier_eta", &s->carrier_eta, "", err, errlen)) < 0 ||
        (rc = get_str(j, "signed_by", &s->signed_by, "", err, errlen)) < 0 ||
        (rc = get_location(j, "origin", &s->origin, "", err, errlen)) < 0 ||
        (rc = get_location(j, "destination", &s->destination, "", err, errlen)) < 0 ||
        (rc = get_time(j, "promised_by", &s->promised_by, "", err, errlen)) < 0 ||
        (rc = get_str(j, "order_id", &s->order_id, "", err, errlen)) < 0 ||
        (rc = get_time(j, "created_at", &s->created_at, "", err, errlen)) < 0 ||
        (rc = get_time(j, "updated_at", &s->updated_at, "", err, errlen)) < 0)
        goto out;
    rc = PC_EMALFORMED;
    if (!s->carrier || !s->tracking_number) {
        pc__errbuf_set(err, errlen, "%s: missing", !s->carrier ? "carrier" : "tracking_number");
        goto out;
    }
    json_t *cust = json_object_get(j, "customer");
    if (cust && !json_is_null(cust)) {
        if (!json_is_object(cust)) {
            pc__errbuf_set(err, errlen, "customer: expected an object or null");
            goto out;
        }
        if ((rc = get_str(cust, "name", &s->customer.name, "customer.", err, errlen)) < 0 ||
            (rc = get_str(cust, "email", &s->customer.email, "customer.", err, errlen)) < 0)
            goto out;
        rc = PC_EMALFORMED;
    }
    json_t *meta = json_object_get(j, "metadata");
    if (meta && !json_is_null(meta)) {
        if (!json_is_object(meta)) {
            pc__errbuf_set(err, errlen, "metadata: expected an object or null");
            goto out;
        }
        s->metadata_json = json_dumps(meta, JSON_COMPACT);
        if (!s->metadata_json) {
            rc = PC_ENOMEM;
            goto out;
        }
    }
    json_t *events = json_object_get(j, "events");
    if (events && !json_is_null(events)) {
        if (!json_is_array(events)) {
            pc__errbuf_set(err, errlen, "events: expected an array");
            goto out;
        }
        size_t i;
        json_t *jev;
        json_array_foreach(events, i, jev)
        {
            pc_event *ev;
            char path[32];
            snprintf(path, sizeof(path), "events[%zu]", i);
            if ((rc = pc_shipment_add_event(s, 0, &ev)) < 0 ||
                (rc = event_from_json(jev, ev, path, err, errlen)) < 0)
                goto out;
        }
    }
    rc = 0;
out:
    if (rc < 0)
        pc_shipment_done(s);
    return rc;
}

json_t *pc_parse_result_to_json(const pc_parse_result *r)
{
    json_t *ships = json_array(), *errs = json_array();
    for (size_t i = 0; i < r->n_shipments; i++)
        json_array_append_new(ships, pc_shipment_to_json(&r->shipments[i], 0));
    for (size_t i = 0; i < r->n_errors; i++) {
        const pc_track_error *e = &r->errors[i];
        json_t *je =
            json_pack("{s:o, s:s, s:o, s:o}", "tracking_number", str_or_null(e->tracking_number),
                      "code", pc_track_error_name(e->kind), "carrier_code",
                      str_or_null(e->carrier_code), "message", str_or_null(e->message));
        if (je && e->retry_after > 0)
            json_object_set_new(je, "retry_after", json_integer(e->retry_after));
        json_array_append_new(errs, je);
    }
    return json_pack("{s:o, s:o}", "shipments", ships, "errors", errs);
}

char *pc_json_dumps(const json_t *j, int pretty)
{
    return json_dumps(j, pretty ? JSON_INDENT(2) | JSON_PRESERVE_ORDER
                                : JSON_COMPACT | JSON_PRESERVE_ORDER);
}
