/*
 * USPS rendering (the sandbox's and the simulator's USPS) and the inverse of build_request.
 *
 * Two bodies, the two the parsers read:
 *  - Tracking API v3 JSON (the live API, PC_FORMAT_JSON): one tracking number per body,
 *    trackingEvents[] newest first with eventTimestamp (local, no offset), GMTTimestamp (UTC)
 *    and GMTOffset written without the hour's leading zero ("-7:00") as the real API does;
 *    errors as {"apiVersion", "error": {"code", "message", "errors": [...]}} with the HTTP
 *    status of the error inventory (400 for the 1500xx codes, 401, 429, 500).
 *  - Web Tools TrackV2 XML (PC_FORMAT_XML): a TrackResponse with one TrackInfo per number,
 *    TrackSummary (newest) then TrackDetail (older, newest first), "April 28, 2015" dates and
 *    "9:01 am" times local to the place with no zone at all, countries as upper-case names and
 *    empty for domestic scans, errors inside HTTP 200. Minutes only: TrackV2 has no seconds.
 *
 * PC_FORMAT_AUTO is v3, except for what only TrackV2 could have answered: a body of several
 * numbers (v3 answers one number per request; Web Tools answered up to ten) and an error that
 * carries a Web Tools error number (80040B1A, -2147219302...), which keeps the API it came
 * from. v3 error bodies never name the number; the v3 parser does not read it from the
 * request either, so a v3 error comes back without a number (see the tests).
 *
 * Codes. The simulator's carrier-agnostic codes become representative USPS event codes
 * (Pub 199 App. G-4). A code that is already in USPS's table is written as it is; any other
 * code too, with StatusCategory "Alert" when the newest event is an exception (the parser's
 * only hint for unknown codes).
 */
#include "usps_codes.h"
#include "usps_internal.h"

#include <ctype.h>
#include <jansson.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- codes ----------------------------------------------------------------------------------- */

typedef struct agnostic_code {
    const char *sim;       /**< the simulator's code */
    const char *substatus; /**< only for this simulator substatus (NULL: any) */
    const char *code;      /**< USPS event code */
} agnostic_code;

/* First match wins. Where USPS has no code for the simulator's substatus, the nearest one:
 * PU reads as an acceptance (03), customs scans as processing (10), weather and customs holds
 * as a rescheduled delivery (71), a failed attempt as a notice left (02), a post-office hold as
 * available for pickup (16). */
static const agnostic_code agnostic_codes[] = {
    {"IR", NULL, "GX"},                  /* Shipping Label Created, USPS Awaiting Item */
    {"PU", NULL, "03"},                  /* USPS picked up item */
    {"AR", NULL, "10"},                  /* Arrived at USPS Regional Facility */
    {"DP", NULL, "EF"},                  /* Departed USPS Facility */
    {"CC", NULL, "10"},                  /* Processed through facility (customs) */
    {"CR", NULL, "10"},                  /* Processed through facility (released) */
    {"EX-WEATHER", NULL, "71"},          /* Delivery rescheduled */
    {"EX-SORT", NULL, "71"},             /* Delivery rescheduled */
    {"EX-CUSTOMS", NULL, "71"},          /* Delivery rescheduled */
    {"EX-ADDRESS", NULL, "05"},          /* Undeliverable as addressed */
    {"OFD", NULL, "OF"},                 /* Out for Delivery */
    {"FA", NULL, "02"},                  /* Notice Left (No Authorized Recipient Available) */
    {"AP", NULL, "16"},                  /* Available for Pickup */
    {"DL", "delivered.picked_up", "43"}, /* Picked Up at Post Office */
    {"DL", NULL, "01"},                  /* Delivered */
    {"RT", NULL, "09"},                  /* Return to Sender */
};

static const pc_code_map *usps_code(const char *code)
{
    if (!code)
        return NULL;
    return pc_code_map_find(pc__usps_event_codes, pc__usps_event_codes_len, code, strlen(code));
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The USPS code to write for ev. */
static const char *event_code(const pc_event *ev)
{
    if (!ev->code || usps_code(ev->code))
        return ev->code;
    for (size_t i = 0; i < sizeof(agnostic_codes) / sizeof(agnostic_codes[0]); i++) {
        const agnostic_code *a = &agnostic_codes[i];
        if (strcmp(a->sim, ev->code) == 0 &&
            (!a->substatus || same_str(a->substatus, ev->substatus)))
            return a->code;
    }
    return ev->code;
}

/* The summary's category: "Alert" only for an exception (the parser turns an unknown newest
 * code into an exception on it), otherwise USPS's plain words. */
static const char *status_category(const pc_shipment *s)
{
    if (!s->n_events)
        return "Pre-Shipment";
    switch (s->events[s->n_events - 1].status) {
    case PC_STATUS_INFO_RECEIVED:
        return "Pre-Shipment";
    case PC_STATUS_OUT_FOR_DELIVERY:
        return "Out for Delivery";
    case PC_STATUS_FAILED_ATTEMPT:
        return "Delivery Attempt";
    case PC_STATUS_AVAILABLE_FOR_PICKUP:
        return "Available for Pickup";
    case PC_STATUS_DELIVERED:
        return "Delivered";
    case PC_STATUS_EXCEPTION:
        return "Alert";
    case PC_STATUS_RETURNED:
        return "Return to Sender";
    default:
        return "In Transit";
    }
}

/* Who signed, per event. The parser makes a delivered scan without a code substatus
 * "delivered.signed" when it carries a name, and takes the shipment's signer from the newest
 * named scan: so every such signed scan carries the name, and without one the name goes on the
 * newest scan it does not change. Returns the index of that scan, or n_events for none. */
static size_t signer_fallback(const pc_shipment *s)
{
    if (!s->signed_by)
        return s->n_events;
    for (size_t i = 0; i < s->n_events; i++) {
        const pc_event *ev = &s->events[i];
        const pc_code_map *m = usps_code(event_code(ev));
        if (ev->status == PC_STATUS_DELIVERED && (!m || !m->substatus) &&
            same_str(ev->substatus, "delivered.signed"))
            return s->n_events;
    }
    for (size_t i = s->n_events; i-- > 0;) {
        const pc_event *ev = &s->events[i];
        const pc_code_map *m = usps_code(event_code(ev));
        if (ev->status != PC_STATUS_DELIVERED || (m && m->substatus))
            return i;
    }
    return s->n_events;
}

static const char *event_signer(const pc_shipment *s, size_t i, size_t fallback)
{
    const pc_event *ev = &s->events[i];
    const pc_code_map *m;
    if (!s->signed_by)
        return NULL;
    if (i == fallback)
        return s->signed_by;
    m = usps_code(event_code(ev));
    if (ev->status == PC_STATUS_DELIVERED && (!m || !m->substatus) &&
        same_str(ev->substatus, "delivered.signed"))
        return s->signed_by;
    return NULL;
}

/* ---- places and times ------------------------------------------------------------------------ */

/* USPS writes international countries as upper-case names (pc_country_iso2 reads them back). */
static const struct {
    const char *iso2, *name;
} country_names[] = {
    {"AU", "AUSTRALIA"}, {"CA", "CANADA"},         {"CN", "CHINA"}, {"DE", "GERMANY"},
    {"FR", "FRANCE"},    {"GB", "UNITED KINGDOM"}, {"JP", "JAPAN"}, {"MX", "MEXICO"},
};

/* The country text of a place: empty (NULL) for a domestic place with other fields, as USPS
 * leaves it; a name when known, else the ISO code. */
static const char *country_text(const pc_location *loc, int as_name)
{
    if (!loc->country)
        return NULL;
    if (strcmp(loc->country, "US") == 0 && (loc->city || loc->region || loc->postal_code))
        return NULL;
    for (size_t i = 0; as_name && i < sizeof(country_names) / sizeof(country_names[0]); i++) {
        if (strcmp(country_names[i].iso2, loc->country) == 0)
            return country_names[i].name;
    }
    return loc->country;
}

static const char *zone_of(const pc_location *loc)
{
    if (pc_location_empty(loc))
        return NULL;
    return pc_tz_for_location(loc->country, loc->region, loc->postal_code);
}

/* Local civil time of the estimate where pc__usps_set_eta reads it (destination, origin, USPS's
 * home zone) and that zone's offset. */
static void eta_local(const pc_shipment *s, pc_civil *ret, int *ret_offset)
{
    const char *zone = zone_of(&s->destination);
    int off = 0;
    if (!zone)
        zone = zone_of(&s->origin);
    if (!zone)
        zone = PC__USPS_DEFAULT_ZONE;
    if (pc_tz_offset_at(zone, s->carrier_eta, &off) < 0)
        off = 0;
    pc_unix_to_civil(s->carrier_eta + (int64_t)off * 60, ret);
    *ret_offset = off;
}

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

/* "April 28, 2015" */
static void fmt_v2_date(const pc_civil *c, char *buf, size_t size)
{
    int m = c->month >= 1 && c->month <= 12 ? c->month - 1 : 0;
    snprintf(buf, size, "%s %d, %04d", month_names[m], c->day, c->year);
}

/* "9:01 am", "12:15 pm" */
static void fmt_v2_clock(const pc_civil *c, char *buf, size_t size)
{
    int h = c->hour % 12;
    snprintf(buf, size, "%d:%02d %s", h ? h : 12, c->minute, c->hour < 12 ? "am" : "pm");
}

/* "-7:00", "+5:30": v3's GMTOffset without the hour's leading zero. */
static void fmt_v3_offset(int off, char *buf, size_t size)
{
    int a = off < 0 ? -off : off;
    snprintf(buf, size, "%c%d:%02d", off < 0 ? '-' : '+', a / 60, a % 60);
}

static void fmt_iso_local(const pc_civil *c, char *buf, size_t size)
{
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", c->year, c->month, c->day, c->hour,
             c->minute, c->second);
}

/* ---- errors ---------------------------------------------------------------------------------- */

static pc_track_error_kind kind_index(pc_track_error_kind k)
{
    return (unsigned)k < PC_TE__COUNT ? k : PC_TE_CARRIER_ERROR;
}

static int is_v2_code(const char *code)
{
    return code && pc__usps_error_find(pc__usps_trackv2_error_codes,
                                       pc__usps_trackv2_error_codes_len, code) != NULL;
}

/* The kind the TrackV2 parser gives an <Error>. */
static pc_track_error_kind v2_kind(const char *code, const char *desc)
{
    const pc__usps_error_map *m =
        pc__usps_error_find(pc__usps_trackv2_error_codes, pc__usps_trackv2_error_codes_len, code);
    if (m)
        return m->kind;
    return pc_contains_ci(desc, "authorization failure") ? PC_TE_AUTH : PC_TE_CARRIER_ERROR;
}

/* The kind the v3 parser gives an HTTP-status-like code ("401"). */
static pc_track_error_kind v3_status_kind(const char *status)
{
    if (!status)
        return PC_TE_CARRIER_ERROR;
    if (strcmp(status, "401") == 0 || strcmp(status, "403") == 0)
        return PC_TE_AUTH;
    if (strcmp(status, "429") == 0)
        return PC_TE_RATE_LIMITED;
    if (strcmp(status, "404") == 0)
        return PC_TE_NOT_FOUND;
    return PC_TE_CARRIER_ERROR;
}

/* "401" -> 401; 0 unless three digits from 100 to 599. */
static int http_of(const char *s)
{
    if (!s || strlen(s) != 3 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
        !isdigit((unsigned char)s[2]))
        return 0;
    int v = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    return v >= 100 && v < 600 ? v : 0;
}

/* ---- Web Tools TrackV2 XML ------------------------------------------------------------------- */

static void xml_el(pc_buf *b, const char *indent, const char *name, const char *text)
{
    pc_buf_addf(b, "%s<%s", indent, name);
    if (!text) {
        pc_buf_add(b, "/>\n", (size_t)-1);
        return;
    }
    pc_buf_add(b, ">", 1);
    pc_buf_add_xml(b, text);
    pc_buf_addf(b, "</%s>\n", name);
}

/* An <Error> (per number inside its TrackInfo, or the whole request at the root).
 * @return 0, PC_EUNSUPPORTED for kinds Web Tools never answered (invalid number, rate limit). */
static int v2_error(pc_buf *b, const pc_track_error *e, const char *indent)
{
    static const struct {
        const char *code, *desc;
    } defaults[PC_TE__COUNT] = {
        [PC_TE_NOT_FOUND] = {"-2147219302",
                             "The Postal Service could not locate the tracking information for "
                             "your request. Please verify your tracking number and try again "
                             "later."},
        [PC_TE_AUTH] = {"80040B1A", "API Authorization failure. User is not authorized to use API "
                                    "TrackV2."},
        [PC_TE_CARRIER_ERROR] = {"80004005", "Unspecified error"},
    };
    pc_track_error_kind kind = kind_index(e->kind);
    const char *code = defaults[kind].code, *desc;
    char in2[16];
    if (!code)
        return PC_EUNSUPPORTED;
    if (e->carrier_code && v2_kind(e->carrier_code, e->message) == kind) {
        code = e->carrier_code;
        desc = e->message;
    } else {
        desc = e->message ? e->message : defaults[kind].desc;
    }
    snprintf(in2, sizeof(in2), "%s  ", indent);
    pc_buf_addf(b, "%s<Error>\n", indent);
    xml_el(b, in2, "Number", code);
    xml_el(b, in2, "Description", desc);
    if (!e->tracking_number && kind == PC_TE_AUTH)
        xml_el(b, in2, "Source", "USPSCOM::DoAuth");
    xml_el(b, in2, "HelpFile", NULL);
    xml_el(b, in2, "HelpContext", NULL);
    pc_buf_addf(b, "%s</Error>\n", indent);
    return 0;
}

static void v2_event(pc_buf *b, const char *tag, const pc_event *ev, const char *signer)
{
    static const char in[] = "      ";
    pc_civil c;
    char date[40], clock[16];
    int off = ev->utc_offset == PC_OFFSET_NONE ? 0 : ev->utc_offset;
    pc_unix_to_civil(ev->time + (int64_t)off * 60, &c);
    fmt_v2_date(&c, date, sizeof(date));
    fmt_v2_clock(&c, clock, sizeof(clock));
    pc_buf_addf(b, "    <%s>\n", tag);
    xml_el(b, in, "EventTime", clock);
    xml_el(b, in, "EventDate", date);
    xml_el(b, in, "Event", ev->description);
    xml_el(b, in, "EventCity", ev->location.city);
    xml_el(b, in, "EventState", ev->location.region);
    xml_el(b, in, "EventZIPCode", ev->location.postal_code);
    xml_el(b, in, "EventCountry", country_text(&ev->location, 1));
    xml_el(b, in, "FirmName", NULL);
    xml_el(b, in, "Name", signer);
    xml_el(b, in, "AuthorizedAgent", "false");
    xml_el(b, in, "EventCode", event_code(ev));
    pc_buf_addf(b, "    </%s>\n", tag);
}

static void v2_shipment(pc_buf *b, const pc_shipment *s)
{
    static const char in[] = "    ";
    size_t fallback = signer_fallback(s);
    pc_buf_add(b, "  <TrackInfo ID=\"", (size_t)-1);
    pc_buf_add_xml(b, s->tracking_number ? s->tracking_number : "");
    pc_buf_add(b, "\">\n", (size_t)-1);
    xml_el(b, in, "Class", s->service);
    xml_el(b, in, "DestinationCity", s->destination.city);
    xml_el(b, in, "DestinationState", s->destination.region);
    xml_el(b, in, "DestinationZip", s->destination.postal_code);
    if (country_text(&s->destination, 0))
        xml_el(b, in, "DestinationCountryCode", country_text(&s->destination, 0));
    xml_el(b, in, "OriginCity", s->origin.city);
    xml_el(b, in, "OriginState", s->origin.region);
    xml_el(b, in, "OriginZip", s->origin.postal_code);
    if (country_text(&s->origin, 0))
        xml_el(b, in, "OriginCountryCode", country_text(&s->origin, 0));
    if (s->carrier_eta != PC_TIME_NONE) {
        pc_civil c;
        char date[40], clock[16];
        int off;
        eta_local(s, &c, &off);
        fmt_v2_date(&c, date, sizeof(date));
        fmt_v2_clock(&c, clock, sizeof(clock));
        xml_el(b, in, "PredictedDeliveryDate", date);
        xml_el(b, in, "PDWEnd", clock);
    }
    if (s->n_events) {
        xml_el(b, in, "Status", s->events[s->n_events - 1].description);
        xml_el(b, in, "StatusCategory", status_category(s));
    }
    for (size_t i = s->n_events; i-- > 0;) /* newest first: the summary, then the details */
        v2_event(b, i + 1 == s->n_events ? "TrackSummary" : "TrackDetail", &s->events[i],
                 event_signer(s, i, fallback));
    pc_buf_add(b, "  </TrackInfo>\n", (size_t)-1);
}

static int render_trackv2(const pc_shipment *shipments, size_t n_shipments,
                          const pc_track_error *errors, size_t n_errors, pc_buf *b)
{
    int rc;
    pc_buf_add(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", (size_t)-1);
    for (size_t i = 0; i < n_errors; i++) {
        if (!errors[i].tracking_number) /* a whole-request error is the root, alone */
            return v2_error(b, &errors[i], "");
    }
    pc_buf_add(b, "<TrackResponse>\n", (size_t)-1);
    for (size_t i = 0; i < n_shipments; i++)
        v2_shipment(b, &shipments[i]);
    for (size_t i = 0; i < n_errors; i++) {
        pc_buf_add(b, "  <TrackInfo ID=\"", (size_t)-1);
        pc_buf_add_xml(b, errors[i].tracking_number);
        pc_buf_add(b, "\">\n", (size_t)-1);
        if ((rc = v2_error(b, &errors[i], "    ")) < 0)
            return rc;
        pc_buf_add(b, "  </TrackInfo>\n", (size_t)-1);
    }
    pc_buf_add(b, "</TrackResponse>\n", (size_t)-1);
    return 0;
}

/* ---- Tracking API v3 JSON -------------------------------------------------------------------- */

/* obj[key] = s, or null when s is NULL (USPS writes absent fields as null). */
static int put_str(json_t *obj, const char *key, const char *s)
{
    json_t *v = s ? json_string(s) : json_null();
    if (!v)
        return PC_ENOMEM; /* also invalid UTF-8, which jansson refuses */
    return json_object_set_new(obj, key, v) == 0 ? 0 : PC_ENOMEM;
}

static json_t *v3_event(const pc_event *ev, const char *signer)
{
    json_t *o = json_object();
    char local[40], gmt[40], off[16];
    pc_civil c;
    int has_off = ev->utc_offset != PC_OFFSET_NONE;
    if (!o)
        return NULL;
    pc_unix_to_civil(ev->time + (has_off ? (int64_t)ev->utc_offset * 60 : 0), &c);
    fmt_iso_local(&c, local, sizeof(local));
    pc_time_format(ev->time, gmt, sizeof(gmt));
    fmt_v3_offset(has_off ? ev->utc_offset : 0, off, sizeof(off));
    /* Without a known offset only the UTC instant is written: a local time would imply one. */
    if (put_str(o, "eventType", ev->description) < 0 ||
        put_str(o, "eventTimestamp", has_off ? local : NULL) < 0 ||
        put_str(o, "GMTTimestamp", gmt) < 0 || put_str(o, "GMTOffset", has_off ? off : NULL) < 0 ||
        put_str(o, "eventCountry", country_text(&ev->location, 1)) < 0 ||
        put_str(o, "eventCity", ev->location.city) < 0 ||
        put_str(o, "eventState", ev->location.region) < 0 ||
        put_str(o, "eventZIP", ev->location.postal_code) < 0 || put_str(o, "firm", NULL) < 0 ||
        put_str(o, "name", signer) < 0 || put_str(o, "authorizedAgent", "false") < 0 ||
        put_str(o, "eventCode", event_code(ev)) < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *v3_shipment(const pc_shipment *s)
{
    json_t *o = json_object(), *evs = json_array();
    size_t fallback = signer_fallback(s);
    const pc_event *newest = s->n_events ? &s->events[s->n_events - 1] : NULL;
    if (!o || !evs)
        goto fail;
    if (put_str(o, "trackingNumber", s->tracking_number) < 0 ||
        put_str(o, "mailClass", s->service) < 0 || put_str(o, "originCity", s->origin.city) < 0 ||
        put_str(o, "originState", s->origin.region) < 0 ||
        put_str(o, "originZIP", s->origin.postal_code) < 0 ||
        put_str(o, "originCountry", country_text(&s->origin, 0)) < 0 ||
        put_str(o, "destinationCity", s->destination.city) < 0 ||
        put_str(o, "destinationState", s->destination.region) < 0 ||
        put_str(o, "destinationZIP", s->destination.postal_code) < 0 ||
        put_str(o, "destinationCountryCode", s->destination.country) < 0 ||
        put_str(o, "status", newest ? newest->description : NULL) < 0 ||
        put_str(o, "statusCategory", status_category(s)) < 0)
        goto fail;
    if (s->carrier_eta != PC_TIME_NONE) {
        /* With the offset: the parser reads an offset-less midnight as a date only. */
        pc_civil c;
        char stamp[48], off[16];
        int offset;
        eta_local(s, &c, &offset);
        fmt_iso_local(&c, stamp, sizeof(stamp));
        pc_offset_format(offset, off, sizeof(off));
        size_t n = strlen(stamp);
        snprintf(stamp + n, sizeof(stamp) - n, "%s", off);
        if (put_str(o, "expectedDeliveryTimeStamp", stamp) < 0 ||
            put_str(o, "expectedDeliveryType", "Expected Delivery by") < 0)
            goto fail;
    }
    for (size_t i = s->n_events; i-- > 0;) { /* newest first */
        json_t *e = v3_event(&s->events[i], event_signer(s, i, fallback));
        if (!e || json_array_append_new(evs, e) < 0)
            goto fail;
    }
    if (json_object_set_new(o, "trackingEvents", evs) < 0) {
        evs = NULL;
        goto fail;
    }
    return o;
fail:
    json_decref(evs);
    json_decref(o);
    return NULL;
}

/* The error inventory's defaults. */
typedef struct v3_style {
    const char *code;   /**< errors[].code, NULL: no item (errors: []) */
    const char *detail; /**< message */
    int http;
} v3_style;

static v3_style v3_default(const pc_track_error *e)
{
    static const v3_style styles[PC_TE__COUNT] = {
        [PC_TE_NOT_FOUND] = {"150002",
                             "7: The tracking number may be incorrect or the status update is not "
                             "yet available. Please verify your tracking number and try again "
                             "later. - ",
                             400},
        [PC_TE_INVALID_NUMBER] = {"150010",
                                  "The tracking number may belong to another shipper. Please "
                                  "verify that you have a USPS tracking number for tracking on "
                                  "this site.",
                                  400},
        [PC_TE_AUTH] = {NULL, "The client application identifier is invalid.", 401},
        [PC_TE_RATE_LIMITED] = {NULL,
                                "Too many requests have been received from the client in a short "
                                "amount of time.",
                                429},
        [PC_TE_CARRIER_ERROR] = {"150008", "USPS Tracking\xc2\xae is unavailable for this product.",
                                 400},
    };
    v3_style st = styles[kind_index(e->kind)];
    if (e->kind == PC_TE_CARRIER_ERROR && !e->tracking_number) {
        st.code = NULL; /* the whole request failed */
        st.detail = "Internal Server Error";
        st.http = 500;
    }
    return st;
}

static const char *reason_phrase(int http)
{
    switch (http) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    default:
        return "Internal Server Error";
    }
}

/* {"apiVersion", "error": {...}}: the carrier's own code is kept when the parser gives it back
 * with the same kind (an inventory code, an HTTP-status code, or any code under the status
 * that says the kind); otherwise the inventory's default for the kind. */
static json_t *v3_error(const pc_track_error *e, int *ret_http)
{
    pc_track_error_kind kind = kind_index(e->kind);
    const char *cc = e->carrier_code;
    const pc__usps_error_map *m =
        cc ? pc__usps_error_find(pc__usps_v3_error_codes, pc__usps_v3_error_codes_len, cc) : NULL;
    v3_style st = v3_default(e);
    const char *item_code = st.code, *msg = e->message ? e->message : st.detail;
    char top[8];
    int http = st.http, rc;
    json_t *root = NULL, *items = json_array(), *err = json_object();

    if (cc && m && m->kind == kind) {
        item_code = cc;
        http = 400;
        msg = e->message;
    } else if (cc && !m && http_of(cc) && v3_status_kind(cc) == kind) {
        item_code = NULL;
        http = http_of(cc);
        msg = e->message;
    } else if (cc && !m && kind != PC_TE_INVALID_NUMBER) {
        item_code = cc;
        http = kind == PC_TE_NOT_FOUND      ? 404
               : kind == PC_TE_AUTH         ? 401
               : kind == PC_TE_RATE_LIMITED ? 429
                                            : 500;
        msg = e->message;
    }
    snprintf(top, sizeof(top), "%d", http);
    if (!items || !err)
        goto fail;
    if (item_code) {
        json_t *it = json_object();
        if (!it || json_array_append_new(items, it) < 0)
            goto fail;
        if (put_str(it, "status", top) < 0 || put_str(it, "code", item_code) < 0 ||
            (msg &&
             (put_str(it, "title", reason_phrase(http)) < 0 || put_str(it, "detail", msg) < 0)))
            goto fail;
        msg = msg ? reason_phrase(http) : NULL;
    }
    if (put_str(err, "code", top) < 0 || (msg && put_str(err, "message", msg) < 0))
        goto fail;
    if (json_object_set_new(err, "errors", items) < 0) {
        items = NULL;
        goto fail;
    }
    items = NULL;
    root = json_object();
    if (!root || put_str(root, "apiVersion", "/tracking/v3") < 0)
        goto fail;
    rc = json_object_set_new(root, "error", err); /* steals err, also on failure */
    err = NULL;
    if (rc < 0)
        goto fail;
    *ret_http = http;
    return root;
fail:
    json_decref(items);
    json_decref(err);
    json_decref(root);
    return NULL;
}

/* ---- render ---------------------------------------------------------------------------------- */

int pc__usps_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                    size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                    int *ret_http_status)
{
    const pc_track_error *whole = NULL;
    json_t *root = NULL;
    int xml, http = 200, rc;

    if (!ret_body || !ret_len || !ret_http_status || (n_shipments && !shipments) ||
        (n_errors && !errors))
        return PC_EINVAL;
    *ret_body = NULL;
    *ret_len = 0;
    for (size_t i = 0; i < n_errors && !whole; i++) {
        if (!errors[i].tracking_number)
            whole = &errors[i];
    }
    if (format == PC_FORMAT_XML)
        xml = 1;
    else if (format == PC_FORMAT_JSON)
        xml = 0;
    else if (format != PC_FORMAT_AUTO)
        return PC_EUNSUPPORTED;
    else if (whole)
        xml = is_v2_code(whole->carrier_code);
    else if (n_shipments + n_errors != 1)
        xml = 1; /* only Web Tools answered several numbers at once */
    else
        xml = n_errors == 1 && is_v2_code(errors[0].carrier_code);

    if (xml) {
        pc_buf b = {0};
        if ((rc = render_trackv2(shipments, n_shipments, errors, n_errors, &b)) < 0) {
            pc_buf_done(&b);
            return rc;
        }
        if (!(*ret_body = pc_buf_take(&b, ret_len)))
            return PC_ENOMEM;
        *ret_http_status = 200; /* Web Tools answered everything with 200 */
        return 0;
    }

    if (whole)
        root = v3_error(whole, &http);
    else if (n_shipments + n_errors != 1)
        return PC_EUNSUPPORTED; /* v3 answers one number per request */
    else if (n_errors)
        root = v3_error(&errors[0], &http);
    else
        root = v3_shipment(&shipments[0]);
    if (!root)
        return PC_ENOMEM;
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text)
        return PC_ENOMEM;
    *ret_body = text;
    *ret_len = strlen(text);
    *ret_http_status = http;
    return 0;
}

/* ---- parse_request --------------------------------------------------------------------------- */

#define TRACKV2_MAX_IDS 10 /* Web Tools: up to ten TrackID per request */

static int ends_with_ci(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && strncasecmp(s + len - n, suffix, n) == 0;
}

/* GET /ShippingAPI.dll?API=TrackV2&XML=<TrackFieldRequest USERID=".."><TrackID ID=".."/>...
 * The XML is read with the toolkit's safe loader (no DTD, no entities, no network). */
static int parse_trackv2_request(const char *query, char ***ret_numbers, size_t *ret_n)
{
    size_t api_len = 0, xml_len = 0, n = 0;
    const char *api = pc_query_param(query, "API", &api_len);
    const char *xml = pc_query_param(query, "XML", &xml_len);
    char *text = NULL, **numbers = NULL;
    xmlDocPtr doc = NULL;
    pc_diag diag = {0};
    int rc;

    if (!api || api_len != 7 || strncmp(api, "TrackV2", 7) != 0)
        return PC_ENOTFOUND;
    if (!xml || !xml_len)
        return PC_EMALFORMED;
    if ((rc = pc_url_decode(xml, xml_len, &text)) < 0)
        return rc;
    pc_parse_input in = {.data = text, .len = strlen(text), .format = PC_FORMAT_XML};
    if ((rc = pc_xml_load_body(&in, &doc, &diag)) < 0)
        goto out;
    const xmlNode *root = xmlDocGetRootElement(doc);
    rc = PC_EMALFORMED;
    if (!pc_xml_is(root, "TrackFieldRequest") && !pc_xml_is(root, "TrackRequest"))
        goto out;
    for (const xmlNode *c = pc_xml_child(root, "TrackID"); c; c = pc_xml_next(c, "TrackID"))
        n++;
    if (n == 0 || n > TRACKV2_MAX_IDS)
        goto out;
    rc = PC_ENOMEM;
    if (!(numbers = calloc(n, sizeof(*numbers))))
        goto out;
    n = 0;
    for (const xmlNode *c = pc_xml_child(root, "TrackID"); c; c = pc_xml_next(c, "TrackID")) {
        xmlChar *id = xmlGetProp(c, (const xmlChar *)"ID");
        if (!id || !id[0]) {
            xmlFree(id);
            rc = PC_EMALFORMED;
            goto out;
        }
        numbers[n] = strdup((const char *)id);
        xmlFree(id);
        if (!numbers[n])
            goto out;
        n++;
    }
    *ret_numbers = numbers;
    *ret_n = n;
    numbers = NULL;
    rc = 0;
out:
    pc_strv_free(numbers, n);
    xmlFreeDoc(doc);
    free(text);
    return rc;
}

int pc__usps_parse_request(const char *method, const char *path_and_query, const char *body,
                           size_t body_len, char ***ret_numbers, size_t *ret_n)
{
    static const char v3[] = "/tracking/v3/tracking/";
    const char *end, *p;

    (void)body;
    (void)body_len;
    if (!ret_numbers || !ret_n)
        return PC_EINVAL;
    *ret_numbers = NULL;
    *ret_n = 0;
    if (!method || !path_and_query || strcmp(method, "GET") != 0)
        return PC_ENOTFOUND;
    end = path_and_query + strcspn(path_and_query, "?#");
    p = strstr(path_and_query, v3);
    if (p && p < end) {
        /* One path segment: a '/' inside the number is a second item, which max 1 refuses. */
        p += sizeof(v3) - 1;
        return pc_url_decode_list(p, (size_t)(end - p), '/', 1, ret_numbers, ret_n);
    }
    size_t plen = (size_t)(end - path_and_query);
    if ((ends_with_ci(path_and_query, plen, "/ShippingAPI.dll") ||
         ends_with_ci(path_and_query, plen, "/ShippingAPITest.dll")) &&
        *end == '?')
        return parse_trackv2_request(end, ret_numbers, ret_n);
    return PC_ENOTFOUND;
}
