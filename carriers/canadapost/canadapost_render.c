/*
 * Canada Post rendering (the sandbox's and the simulator's Canada Post) and the inverse of
 * build_request.
 *
 * The body is what the parser reads: <tracking-detail xmlns="http://www.canadapost.ca/ws/track">
 * with the item's fields in Canada Post's order and significant-events/occurrence newest first,
 * each with event-date YYYY-MM-DD, event-time HH:MM:SS local and only a zone abbreviation
 * (EST/EDT... in English, HNE/HAE... in French), event-site and event-province (no country, no
 * postal code), the estimate as a date only (expected-delivery-date), and errors as
 * <messages xmlns="http://www.canadapost.ca/ws/messages"> (004 No Pin History, E002 AAA
 * Authentication Failure, Server / Rejected by SLM Monitor) with the HTTP status of the error.
 * One PIN per body: the API has no batch form (several errors may share one <messages>).
 *
 * Language. Canada Post answers in the language of Accept-Language; the two bodies differ in the
 * zone abbreviations (and the texts, which are the events' own here). render() has no language
 * argument, so it answers in French when the events' descriptions are French (they carry the
 * accented letters every French Canada Post text has: "Article livré", "traité"), in English
 * otherwise; pc__canadapost_render_lang() chooses explicitly.
 *
 * Codes. The simulator's carrier-agnostic codes become representative event identifiers from
 * the adapter's table; an identifier that is already Canada Post's is written as it is. The
 * table has no return-to-sender identifier, so RT is written as a processing scan (0100) and
 * reads back in transit (see tests/unit/test_render_canadapost.c).
 */
#include "canadapost_codes.h"
#include "canadapost_internal.h"

#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CP_DEFAULT_ZONE "America/Toronto"
#define CP_TRACK_NS     "http://www.canadapost.ca/ws/track"
#define CP_MESSAGES_NS  "http://www.canadapost.ca/ws/messages"

/* ---- codes ----------------------------------------------------------------------------------- */

typedef struct agnostic_code {
    const char *sim;  /**< the simulator's code */
    const char *code; /**< Canada Post event-identifier */
} agnostic_code;

/* Where the table has no identifier for the simulator's substatus, the nearest: customs scans
 * read as facility processing, a missed sort as a weather delay, a post-office hold as plainly
 * available for pickup, a collection after it as plainly delivered. */
static const agnostic_code agnostic_codes[] = {
    {"IR", "3000"},         /* Electronic information submitted by shipper */
    {"PU", "2300"},         /* Item picked up by Canada Post */
    {"AR", "0100"},         /* Item processed at postal facility */
    {"DP", "0100"},         /* Item processed at postal facility */
    {"CC", "0100"},         /* Item processed at postal facility */
    {"CR", "0100"},         /* Item processed at postal facility */
    {"EX-WEATHER", "0159"}, /* Delivery delayed due to weather */
    {"EX-SORT", "0159"},    /* (no plain delay identifier) */
    {"EX-CUSTOMS", "0117"}, /* Item held by customs */
    {"EX-ADDRESS", "0172"}, /* Incomplete address */
    {"OFD", "0174"},        /* Item out for delivery */
    {"FA", "0167"},         /* Attempted delivery, recipient not home */
    {"AP", "1701"},         /* Item available for pickup at Post Office */
    {"DL", "1496"},         /* Item successfully delivered */
    {"RT", "0100"},         /* (no return-to-sender identifier in the table) */
};

static const pc_code_map *cp_code(const char *code)
{
    if (!code)
        return NULL;
    return pc_code_map_find(pc__canadapost_codes, pc__canadapost_codes_len, code, strlen(code));
}

static const char *event_code(const pc_event *ev)
{
    if (!ev->code || cp_code(ev->code))
        return ev->code;
    for (size_t i = 0; i < sizeof(agnostic_codes) / sizeof(agnostic_codes[0]); i++) {
        if (strcmp(agnostic_codes[i].sim, ev->code) == 0)
            return agnostic_codes[i].code;
    }
    return ev->code;
}

static int is_signed(const pc_event *ev)
{
    return ev->status == PC_STATUS_DELIVERED && ev->substatus &&
           strcmp(ev->substatus, "delivered.signed") == 0;
}

/* The parser makes a delivered scan with a signatory "delivered.signed" and takes the shipment's
 * signer from the newest scan that names one: every signed scan carries the name, and with none
 * the name goes on the newest scan it does not change (one not delivered). Index of that scan,
 * or n_events. */
static size_t signer_fallback(const pc_shipment *s)
{
    if (!s->signed_by)
        return s->n_events;
    for (size_t i = 0; i < s->n_events; i++) {
        if (is_signed(&s->events[i]))
            return s->n_events;
    }
    for (size_t i = s->n_events; i-- > 0;) {
        if (s->events[i].status != PC_STATUS_DELIVERED)
            return i;
    }
    return s->n_events;
}

/* ---- zones ----------------------------------------------------------------------------------- */

typedef struct cp_zone {
    int std; /**< standard offset, minutes east of UTC; daylight is std + 60 */
    const char *en_std, *en_dst, *fr_std, *fr_dst;
} cp_zone;

static const cp_zone zones[] = {
    {-210, "NST", "NDT", "HNT", "HAT"}, {-240, "AST", "ADT", "HNA", "HAA"},
    {-300, "EST", "EDT", "HNE", "HAE"}, {-360, "CST", "CDT", "HNC", "HAC"},
    {-420, "MST", "MDT", "HNR", "HAR"}, {-480, "PST", "PDT", "HNP", "HAP"},
};

/* Standard offset of a province's (main) zone, 0 when unknown. */
static int province_std(const char *region)
{
    static const struct {
        const char *code;
        int std;
    } provinces[] = {{"AB", -420}, {"BC", -480}, {"MB", -360}, {"NB", -240}, {"NL", -210},
                     {"NS", -240}, {"NT", -420}, {"NU", -300}, {"ON", -300}, {"PE", -240},
                     {"QC", -300}, {"SK", -360}, {"YT", -420}};
    for (size_t i = 0; region && i < sizeof(provinces) / sizeof(provinces[0]); i++) {
        if (strcasecmp(region, provinces[i].code) == 0)
            return provinces[i].std;
    }
    return 0;
}

/* Standard offset of the place's zone (its offset in mid-January), 0 when unknown: a scan
 * abroad (a US hub) gets the abbreviation of its own season, EDT in summer, EST in winter. */
static int place_std(const pc_location *loc, int64_t t)
{
    const char *zone = pc_location_empty(loc)
                           ? NULL
                           : pc_tz_for_location(loc->country, loc->region, loc->postal_code);
    pc_civil c;
    int off;
    if (!zone)
        return 0;
    pc_unix_to_civil(t, &c);
    c.month = 1;
    c.day = 15;
    c.hour = 12;
    c.minute = c.second = 0;
    if (pc_tz_offset_at(zone, pc_civil_to_unix(&c), &off) < 0)
        return 0;
    return off;
}

/* The abbreviation Canada Post writes for an offset at a place: the zone whose standard or
 * daylight time it is at the province (or the place's own zone), else the zone whose standard
 * time it is, else its daylight time. Offsets of no Canadian zone (scans abroad) are written
 * "GMT+01:00". */
static void zone_abbr(int offset, const pc_location *loc, int64_t t, int french, char *buf,
                      size_t size)
{
    int pstd = province_std(loc->region);
    const cp_zone *pick = NULL;
    int dst = 0;
    if (!pstd)
        pstd = place_std(loc, t);
    for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]) && !pick; i++) {
        if (pstd && zones[i].std == pstd && (offset == pstd || offset == pstd + 60)) {
            pick = &zones[i];
            dst = offset != pstd;
        }
    }
    for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]) && !pick; i++) {
        if (zones[i].std == offset)
            pick = &zones[i];
    }
    for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]) && !pick; i++) {
        if (zones[i].std + 60 == offset) {
            pick = &zones[i];
            dst = 1;
        }
    }
    if (pick) {
        const char *a =
            french ? (dst ? pick->fr_dst : pick->fr_std) : (dst ? pick->en_dst : pick->en_std);
        snprintf(buf, size, "%s", a);
        return;
    }
    int a = offset < 0 ? -offset : offset;
    snprintf(buf, size, "GMT%c%02d:%02d", offset < 0 ? '-' : '+', a / 60, a % 60);
}

/* ---- XML ------------------------------------------------------------------------------------- */

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

static void occurrence(pc_buf *b, const pc_event *ev, const char *signatory, int french)
{
    static const char in[] = "      ";
    char date[16], clock[16], zone[16] = "";
    int off = ev->utc_offset == PC_OFFSET_NONE ? 0 : ev->utc_offset;
    pc_civil c;
    pc_unix_to_civil(ev->time + (int64_t)off * 60, &c);
    snprintf(date, sizeof(date), "%04d-%02d-%02d", c.year, c.month, c.day);
    snprintf(clock, sizeof(clock), "%02d:%02d:%02d", c.hour, c.minute, c.second);
    /* An unknown offset is left for the parser to resolve from the place, as it found it. */
    if (ev->utc_offset != PC_OFFSET_NONE)
        zone_abbr(off, &ev->location, ev->time, french, zone, sizeof(zone));
    pc_buf_add(b, "    <occurrence>\n", (size_t)-1);
    xml_el(b, in, "event-identifier", event_code(ev));
    xml_el(b, in, "event-date", date);
    xml_el(b, in, "event-time", clock);
    xml_el(b, in, "event-time-zone", zone[0] ? zone : NULL);
    xml_el(b, in, "event-description", ev->description);
    xml_el(b, in, "signatory-name", signatory);
    xml_el(b, in, "event-site", ev->location.city);
    xml_el(b, in, "event-province", ev->location.region);
    xml_el(b, in, "event-retail-location-id", NULL);
    xml_el(b, in, "event-retail-name", NULL);
    pc_buf_add(b, "    </occurrence>\n", (size_t)-1);
}

/* The estimate's local date where the parser reads it: the destination's zone, else Toronto. */
static void eta_date(const pc_shipment *s, char *buf, size_t size)
{
    const pc_location *d = &s->destination;
    const char *zone =
        pc_location_empty(d) ? NULL : pc_tz_for_location(d->country, d->region, d->postal_code);
    int off = 0;
    pc_civil c;
    if (!zone)
        zone = CP_DEFAULT_ZONE;
    if (pc_tz_offset_at(zone, s->carrier_eta, &off) < 0)
        off = 0;
    pc_unix_to_civil(s->carrier_eta + (int64_t)off * 60, &c);
    snprintf(buf, size, "%04d-%02d-%02d", c.year, c.month, c.day);
}

static void tracking_detail(pc_buf *b, const pc_shipment *s, int french)
{
    static const char in[] = "  ";
    char eta[16];
    size_t fallback = signer_fallback(s);
    if (s->carrier_eta != PC_TIME_NONE)
        eta_date(s, eta, sizeof(eta));
    pc_buf_add(b, "<tracking-detail xmlns=\"" CP_TRACK_NS "\">\n", (size_t)-1);
    xml_el(b, in, "pin", s->tracking_number);
    xml_el(b, in, "active-exists", "1");
    xml_el(b, in, "archive-exists", NULL);
    xml_el(b, in, "changed-expected-date", NULL);
    xml_el(b, in, "destination-postal-id", s->destination.postal_code);
    xml_el(b, in, "expected-delivery-date", s->carrier_eta != PC_TIME_NONE ? eta : NULL);
    xml_el(b, in, "changed-expected-delivery-reason", NULL);
    xml_el(b, in, "mailed-by-customer-number", NULL);
    xml_el(b, in, "mailed-on-behalf-of-customer-number", NULL);
    xml_el(b, in, "original-pin", NULL);
    xml_el(b, in, "service-name", s->service);
    xml_el(b, in, "service-name-2", s->service);
    xml_el(b, in, "customer-ref-1", NULL);
    xml_el(b, in, "customer-ref-2", NULL);
    xml_el(b, in, "return-pin", NULL);
    xml_el(b, in, "signature-image-exists", s->signed_by ? "true" : "false");
    xml_el(b, in, "suppress-signature", "false");
    pc_buf_add(b, "  <significant-events>\n", (size_t)-1);
    for (size_t i = s->n_events; i-- > 0;) { /* newest first */
        const pc_event *ev = &s->events[i];
        const char *who = s->signed_by && (i == fallback || is_signed(ev)) ? s->signed_by : NULL;
        occurrence(b, ev, who, french);
    }
    pc_buf_add(b, "  </significant-events>\n", (size_t)-1);
    pc_buf_add(b, "</tracking-detail>\n", (size_t)-1);
}

/* ---- errors ---------------------------------------------------------------------------------- */

/* The kind the parser gives a <message> (canadapost.c message_kind). */
static pc_track_error_kind message_kind(const char *code, const char *desc)
{
    if (code && strcmp(code, "004") == 0)
        return PC_TE_NOT_FOUND;
    if (code && (strcmp(code, "E001") == 0 || strcmp(code, "E002") == 0))
        return PC_TE_AUTH;
    if (desc && strstr(desc, "Rejected by SLM Monitor"))
        return PC_TE_RATE_LIMITED;
    return PC_TE_CARRIER_ERROR;
}

typedef struct cp_error_style {
    const char *code, *desc;
    int http;
} cp_error_style;

/* Canada Post has no message of its own for a malformed PIN in this API: an invalid number is
 * written as a client error and reads back as carrier_error. */
static cp_error_style error_style(const pc_track_error *e)
{
    static const cp_error_style styles[PC_TE__COUNT] = {
        [PC_TE_NOT_FOUND] = {"004", "No Pin History", 404},
        [PC_TE_INVALID_NUMBER] = {"Client", "Invalid PIN", 400},
        [PC_TE_AUTH] = {"E002", "AAA Authentication Failure", 401},
        [PC_TE_RATE_LIMITED] = {"Server", "Rejected by SLM Monitor", 503},
        [PC_TE_CARRIER_ERROR] = {"Server", "Internal Server Error", 500},
    };
    pc_track_error_kind kind = (unsigned)e->kind < PC_TE__COUNT ? e->kind : PC_TE_CARRIER_ERROR;
    cp_error_style st = styles[kind];
    if (e->carrier_code && kind != PC_TE_INVALID_NUMBER &&
        message_kind(e->carrier_code, e->message) == kind) {
        st.code = e->carrier_code;
        st.desc = e->message;
    } else if (e->message && message_kind(st.code, e->message) == message_kind(st.code, st.desc)) {
        st.desc = e->message;
    }
    return st;
}

static void message(pc_buf *b, const cp_error_style *st)
{
    pc_buf_add(b, "  <message>\n", (size_t)-1);
    xml_el(b, "    ", "code", st->code);
    xml_el(b, "    ", "description", st->desc);
    pc_buf_add(b, "  </message>\n", (size_t)-1);
}

/* ---- render ---------------------------------------------------------------------------------- */

/* French when an event's description has an accented letter (UTF-8 lead byte 0xC3). */
static int looks_french(const pc_shipment *shipments, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < shipments[i].n_events; j++) {
            const char *d = shipments[i].events[j].description;
            if (d && strchr(d, '\xc3'))
                return 1;
        }
    }
    return 0;
}

int pc__canadapost_render_lang(const pc_shipment *shipments, size_t n_shipments,
                               const pc_track_error *errors, size_t n_errors, int french,
                               char **ret_body, size_t *ret_len, int *ret_http_status)
{
    pc_buf b = {0};
    int http = 200;

    if (!ret_body || !ret_len || !ret_http_status || (n_shipments && !shipments) ||
        (n_errors && !errors))
        return PC_EINVAL;
    *ret_body = NULL;
    *ret_len = 0;
    const pc_track_error *whole = NULL;
    for (size_t i = 0; i < n_errors && !whole; i++) {
        if (!errors[i].tracking_number)
            whole = &errors[i];
    }
    if (!whole && (n_shipments > 1 || (n_shipments && n_errors) || !(n_shipments + n_errors)))
        return PC_EUNSUPPORTED; /* one PIN per request */

    pc_buf_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", (size_t)-1);
    if (whole || n_errors) {
        /* A whole-request error alone; otherwise every (per-PIN) error, in order. */
        pc_buf_add(&b, "<messages xmlns=\"" CP_MESSAGES_NS "\">\n", (size_t)-1);
        for (size_t i = 0; i < n_errors; i++) {
            if (whole && &errors[i] != whole)
                continue;
            cp_error_style st = error_style(&errors[i]);
            if (http == 200)
                http = st.http;
            message(&b, &st);
        }
        pc_buf_add(&b, "</messages>\n", (size_t)-1);
    } else {
        tracking_detail(&b, &shipments[0], french);
    }
    if (!(*ret_body = pc_buf_take(&b, ret_len)))
        return PC_ENOMEM;
    *ret_http_status = http;
    return 0;
}

int pc__canadapost_render(const pc_shipment *shipments, size_t n_shipments,
                          const pc_track_error *errors, size_t n_errors, pc_format format,
                          char **ret_body, size_t *ret_len, int *ret_http_status)
{
    if (format != PC_FORMAT_AUTO && format != PC_FORMAT_XML)
        return PC_EUNSUPPORTED; /* Canada Post answers XML only */
    return pc__canadapost_render_lang(shipments, n_shipments, errors, n_errors,
                                      looks_french(shipments, n_shipments), ret_body, ret_len,
                                      ret_http_status);
}

/* ---- parse_request --------------------------------------------------------------------------- */

int pc__canadapost_parse_request(const char *method, const char *path_and_query, const char *body,
                                 size_t body_len, char ***ret_numbers, size_t *ret_n)
{
    static const char prefix[] = "/vis/track/pin/", detail[] = "/detail";
    const char *p, *end;
    size_t n;

    (void)body;
    (void)body_len;
    if (!ret_numbers || !ret_n)
        return PC_EINVAL;
    *ret_numbers = NULL;
    *ret_n = 0;
    if (!method || !path_and_query || strcmp(method, "GET") != 0)
        return PC_ENOTFOUND;
    end = path_and_query + strcspn(path_and_query, "?#");
    p = strstr(path_and_query, prefix);
    if (!p || p >= end)
        return PC_ENOTFOUND;
    p += sizeof(prefix) - 1;
    n = (size_t)(end - p);
    /* /vis/track/pin/{pin}/summary is Canada Post's other tracking call, never built here */
    if (n >= 8 && strncmp(end - 8, "/summary", 8) == 0)
        return PC_ENOTFOUND;
    if (n < sizeof(detail) - 1 || strncmp(end - (sizeof(detail) - 1), detail, sizeof(detail) - 1))
        return PC_EMALFORMED;
    n -= sizeof(detail) - 1;
    /* One path segment: a '/' inside the PIN is a second item, which max 1 refuses. */
    return pc_url_decode_list(p, n, '/', 1, ret_numbers, ret_n);
}
