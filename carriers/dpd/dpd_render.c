/*
 * DPD rendering (the sandbox's and the simulator's DPD) and the inverse of build_request.
 *
 * The body is what dpd.c reads: a SOAP 1.1 getTrackingDataResponse whose trackingresult holds
 * shipmentInfo (parcelLabelNumber, serviceDescription) and statusInfo oldest first, each with
 * DPD's ContentLine/ContentItem wrappers, "City (CC)" locations and the US-style local date
 * "8/17/2021 7:11:26 PM" with no zone; the step still ahead (delivery) is listed with
 * statusHasBeenReached=false as DPD does. An unknown parcel is an empty trackingresult (the
 * number is not echoed: parse takes it from the request), and request errors are SOAP Faults
 * with HTTP 500: DELICOM_ERR_AUTHENTICATION for credentials, soap:Client for a number DPD
 * refuses, soap:Server otherwise. DPD has no rate-limit answer of its own.
 *
 * Codes. The simulator's codes become DPD statuses; DPD has none for a return to the sender or
 * a delay, so a return is written as a plain move between depots and the exceptions as a
 * warehouse hold, an address problem flagged with errorItems. Other codes are DPD's own and are
 * written as they are.
 */
#include "dpd_codes.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <parcelcast/carrier_util.h>
#include <parcelcast/timeutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DPD_PATH "/soap/services/ParcelLifeCycleService/V2_0"

typedef struct sim_code {
    const char *sim, *code, *label;
    int error; /* flagged with errorItems */
} sim_code;

static const sim_code sim_codes[] = {
    {"AP", "ParcelShop", "Parcel is at the Pickup parcelshop", 0},
    {"AR", "BetweenDepots", "In transit", 0},
    {"CC", "Customs", "Customs clearance", 0},
    {"CR", "BetweenDepots", "In transit", 0},
    {"DL", "Delivered", "Parcel delivered", 0},
    {"DP", "BetweenDepots", "In transit", 0},
    {"EX-ADDRESS", "AddressIssue", "Problem with delivery", 1},
    {"EX-CUSTOMS", "Warehouse", "Parcel held", 0},
    {"EX-SORT", "Warehouse", "Parcel held", 0},
    {"EX-WEATHER", "Warehouse", "Parcel held", 0},
    {"FA", "DeliveryFailure", "Unsuccessful delivery", 0},
    {"IR", "SHIPMENT", "Order information has been transmitted to DPD", 0},
    {"OFD", "Courier", "Parcel out for delivery", 0},
    {"PU", "PickedUp", "Parcel handed to DPD", 0},
    {"RT", "BetweenDepots", "In transit", 0},
};

/* Stage headings DPD shows above the description. */
static const char *code_label(const char *code)
{
    for (size_t i = 0; i < sizeof(sim_codes) / sizeof(sim_codes[0]); i++)
        if (strcmp(sim_codes[i].code, code) == 0)
            return sim_codes[i].label;
    return "Parcel status";
}

/* The DPD status for ev and whether it carries errorItems: its own code when DPD's table maps it
 * to its status (or when it is unknown to the table: parse then reads in_transit, or exception
 * with errorItems), the simulator's mapping, else the first row with its status and substatus,
 * else with its status. */
static const char *event_code(const pc_event *ev, int *ret_error)
{
    const char *code = ev->code;
    const pc_code_map *own =
        code ? pc_code_map_find(pc__dpd_codes, pc__dpd_codes_len, code, strlen(code)) : NULL;
    *ret_error = 0;
    if (own && own->status == ev->status)
        return code;
    for (size_t i = 0; code && i < sizeof(sim_codes) / sizeof(sim_codes[0]); i++) {
        if (strcmp(code, sim_codes[i].sim) == 0) {
            *ret_error = sim_codes[i].error;
            return sim_codes[i].code;
        }
    }
    if (code && !own && (ev->status == PC_STATUS_IN_TRANSIT || ev->status == PC_STATUS_EXCEPTION)) {
        *ret_error = ev->status == PC_STATUS_EXCEPTION;
        return code;
    }
    const char *any = NULL;
    for (size_t i = 0; i < pc__dpd_codes_len; i++) {
        const pc_code_map *m = &pc__dpd_codes[i];
        if (m->status != ev->status)
            continue;
        if ((!m->substatus && !ev->substatus) ||
            (m->substatus && ev->substatus && strcmp(m->substatus, ev->substatus) == 0))
            return m->code;
        if (!any)
            any = m->code;
    }
    if (any)
        return any;
    if (ev->status == PC_STATUS_EXCEPTION) {
        *ret_error = 1;
        return "Exception";
    }
    return "BetweenDepots";
}

/* <el><content>text</content><bold>b</bold><paragraph>false</paragraph></el> */
static void content_line(pc_buf *b, const char *el, const char *text, int bold)
{
    pc_buf_addf(b, "<%s><content>", el);
    pc_buf_add_xml(b, text ? text : "");
    pc_buf_addf(b, "</content><bold>%s</bold><paragraph>false</paragraph></%s>",
                bold ? "true" : "false", el);
}

/* <el><label/><content>(ContentLine)</content></el> */
static void content_item(pc_buf *b, const char *el, const char *text)
{
    pc_buf_addf(b, "<%s>", el);
    content_line(b, "content", text, 0);
    pc_buf_addf(b, "</%s>", el);
}

/* "8/17/2021 7:11:26 PM", local to the event's place. */
static void dpd_date(pc_buf *b, const pc_event *ev)
{
    pc_civil c;
    char text[40];
    int off = ev->utc_offset == PC_OFFSET_NONE ? 0 : ev->utc_offset;
    pc_unix_to_civil(ev->time + (int64_t)off * 60, &c);
    int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
    snprintf(text, sizeof(text), "%d/%d/%04d %d:%02d:%02d %s", c.month, c.day, c.year, h12,
             c.minute, c.second, c.hour < 12 ? "AM" : "PM");
    content_line(b, "date", text, 1);
}

static void status_info(pc_buf *b, const pc_event *ev, int current)
{
    int error;
    const char *code = event_code(ev, &error);
    pc_buf_add(b, "<statusInfo><status>", (size_t)-1);
    pc_buf_add_xml(b, code);
    pc_buf_add(b, "</status>", (size_t)-1);
    /* parse reads the label when there is no description: write neither then */
    if (ev->description) {
        content_line(b, "label", code_label(code), 1);
        content_item(b, "description", ev->description);
    }
    pc_buf_addf(b,
                "<statusHasBeenReached>true</statusHasBeenReached>"
                "<isCurrentStatus>%s</isCurrentStatus><showContactInfo>true</showContactInfo>",
                current ? "true" : "false");
    if (ev->location.city || ev->location.country) {
        pc_buf b2 = {0};
        if (ev->location.city)
            pc_buf_add(&b2, ev->location.city, (size_t)-1);
        if (ev->location.country)
            pc_buf_addf(&b2, "%s(%s)", ev->location.city ? " " : "", ev->location.country);
        char *place = pc_buf_take(&b2, NULL);
        if (!place)
            b->failed = 1;
        content_line(b, "location", place, 1);
        free(place);
    }
    dpd_date(b, ev);
    if (error)
        content_item(b, "errorItems", ev->description ? ev->description : "Problem with delivery");
    pc_buf_add(b, "</statusInfo>", (size_t)-1);
}

#define SOAP_OPEN                                                                                  \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                 \
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""                      \
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""                                     \
    " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body>"
#define SOAP_CLOSE "</soap:Body></soap:Envelope>\n"
#define RESPONSE_OPEN                                                                              \
    "<getTrackingDataResponse"                                                                     \
    " xmlns=\"http://dpd.com/common/service/types/ParcelLifeCycleService/2.0\">"

static void tracking_result(pc_buf *b, const pc_shipment *s)
{
    size_t *order = s->n_events ? malloc(s->n_events * sizeof(*order)) : NULL;
    int delivered = 0;

    if (s->n_events && !order) {
        b->failed = 1;
        return;
    }
    /* oldest first (insertion sort: histories are short and usually sorted) */
    for (size_t i = 0; i < s->n_events; i++) {
        size_t j = i;
        while (j > 0 && s->events[order[j - 1]].time > s->events[i].time) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
        delivered |= s->events[i].status == PC_STATUS_DELIVERED;
    }
    pc_buf_add(b, "<trackingresult><shipmentInfo><parcelLabelNumber>", (size_t)-1);
    pc_buf_add_xml(b, s->tracking_number);
    pc_buf_add(b, "</parcelLabelNumber>", (size_t)-1);
    if (s->service) {
        pc_buf_add(b, "<serviceDescription>", (size_t)-1);
        content_line(b, "label", "Your DPD service:", 0);
        content_line(b, "content", s->service, 0);
        pc_buf_add(b, "</serviceDescription>", (size_t)-1);
    }
    pc_buf_add(b,
               "<status>SHIPMENT</status><statusHasBeenReached>false</statusHasBeenReached>"
               "<isCurrentStatus>false</isCurrentStatus><showContactInfo>false</showContactInfo>"
               "</shipmentInfo>",
               (size_t)-1);
    for (size_t i = 0; i < s->n_events; i++)
        status_info(b, &s->events[order[i]], i + 1 == s->n_events);
    /* the step still ahead */
    if (!delivered) {
        pc_buf_add(b, "<statusInfo><status>Delivered</status>", (size_t)-1);
        content_line(b, "label", "Parcel delivered", 1);
        pc_buf_add(b,
                   "<statusHasBeenReached>false</statusHasBeenReached>"
                   "<isCurrentStatus>false</isCurrentStatus>"
                   "<showContactInfo>false</showContactInfo></statusInfo>",
                   (size_t)-1);
    }
    pc_buf_add(b, "</trackingresult>", (size_t)-1);
    free(order);
}

/* A SOAP Fault. The error's own code is written where parse reads it: a SOAP fault code
 * ("soap:Client") as faultcode, any other (DPD's "DELICOM_ERR_...") as detail/errorCode. */
static void soap_fault(pc_buf *b, const pc_track_error *e)
{
    int auth = e->kind == PC_TE_AUTH;
    const char *code = e->carrier_code;
    const char *msg = e->message;
    if (!code)
        code = auth                              ? "DELICOM_ERR_AUTHENTICATION"
               : e->kind == PC_TE_INVALID_NUMBER ? "soap:Client"
                                                 : "soap:Server";
    if (!msg)
        msg = auth ? "Authentication failure, the authToken has expired."
              : e->kind == PC_TE_INVALID_NUMBER
                  ? "Unmarshalling Error: parcelLabelNumber has an invalid length"
              : e->kind == PC_TE_RATE_LIMITED ? "Too many requests, please try again later"
                                              : "Fault occured";
    int soap_code = strncmp(code, "soap:", 5) == 0;
    pc_buf_add(b, SOAP_OPEN "<soap:Fault><faultcode>", (size_t)-1);
    pc_buf_add_xml(b, soap_code ? code : "soap:Server");
    pc_buf_add(b, "</faultcode><faultstring>", (size_t)-1);
    pc_buf_add_xml(b, soap_code ? msg : "Fault occured");
    pc_buf_add(b, "</faultstring>", (size_t)-1);
    if (auth || !soap_code) {
        pc_buf_add(b,
                   auth ? "<detail><ns:authenticationFault"
                          " xmlns:ns=\"http://dpd.com/common/service/types/Authentication/2.0\">"
                        : "<detail><ns:faultCodeType"
                          " xmlns:ns=\"http://dpd.com/common/service/types/"
                          "ParcelLifeCycleService/2.0\">",
                   (size_t)-1);
        if (!soap_code) {
            pc_buf_add(b, "<errorCode>", (size_t)-1);
            pc_buf_add_xml(b, code);
            pc_buf_add(b, "</errorCode>", (size_t)-1);
        }
        pc_buf_add(b, "<errorMessage>", (size_t)-1);
        pc_buf_add_xml(b, msg);
        pc_buf_add(b,
                   auth ? "</errorMessage></ns:authenticationFault></detail>"
                        : "</errorMessage></ns:faultCodeType></detail>",
                   (size_t)-1);
    }
    pc_buf_add(b, "</soap:Fault>" SOAP_CLOSE, (size_t)-1);
}

int pc__dpd_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                   size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                   int *ret_http_status)
{
    pc_buf b = {0};

    *ret_body = NULL;
    *ret_len = 0;
    *ret_http_status = 200;
    if (format != PC_FORMAT_AUTO && format != PC_FORMAT_XML)
        return PC_EUNSUPPORTED;
    /* one parcel per call: a fault, else the parcel, else not found */
    for (size_t i = 0; i < n_errors; i++) {
        if (errors[i].kind != PC_TE_NOT_FOUND) {
            *ret_http_status = 500;
            soap_fault(&b, &errors[i]);
            goto done;
        }
    }
    pc_buf_add(&b, SOAP_OPEN RESPONSE_OPEN, (size_t)-1);
    if (n_shipments > 0)
        tracking_result(&b, &shipments[0]);
    else
        pc_buf_add(&b, "<trackingresult/>", (size_t)-1);
    pc_buf_add(&b, "</getTrackingDataResponse>" SOAP_CLOSE, (size_t)-1);
done:
    *ret_body = pc_buf_take(&b, ret_len);
    return *ret_body ? 0 : PC_ENOMEM;
}

/* ---- request ------------------------------------------------------------------------------ */

/* The inverse of dpd_build_request: POST <base path>/soap/services/ParcelLifeCycleService/V2_0
 * with Envelope/Body/getTrackingData/parcelLabelNumber. The body is read with the toolkit's
 * safe loader (no DTD, no entities, no network). */
int pc__dpd_parse_request(const char *method, const char *path_and_query, const char *body,
                          size_t body_len, char ***ret_numbers, size_t *ret_n)
{
    static const pc_parse_limits lim = PC_PARSE_LIMITS_DEFAULT;
    const size_t slen = sizeof(DPD_PATH) - 1;
    xmlDocPtr doc = NULL;
    char *number = NULL;
    pc_diag diag = {0};
    int rc;

    *ret_numbers = NULL;
    *ret_n = 0;
    if (!method || !path_and_query || strcmp(method, "POST") != 0)
        return PC_ENOTFOUND;
    size_t plen = strcspn(path_and_query, "?#");
    if (plen < slen || memcmp(path_and_query + plen - slen, DPD_PATH, slen) != 0)
        return PC_ENOTFOUND;
    if (!body || body_len == 0)
        return PC_EMALFORMED;
    pc_parse_input in = {.data = body, .len = body_len, .format = PC_FORMAT_XML, .limits = &lim};
    if ((rc = pc_xml_load_body(&in, &doc, &diag)) < 0)
        return rc == PC_ENOMEM ? rc : PC_EMALFORMED;
    rc = PC_EMALFORMED;
    if (doc->intSubset || doc->extSubset)
        goto out;
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *op = pc_xml_child(pc_xml_child(root, "Body"), "getTrackingData");
    const xmlNode *num = pc_xml_child(op, "parcelLabelNumber");
    if (!pc_xml_is(root, "Envelope") || !num || pc_xml_next(num, "parcelLabelNumber"))
        goto out;
    if ((rc = pc_xml_get_text(num, "parcelLabelNumber", &lim, &diag, &number)) < 0) {
        rc = rc == PC_ENOMEM ? rc : PC_EMALFORMED;
        goto out;
    }
    rc = PC_EMALFORMED;
    if (!number)
        goto out;
    rc = PC_ENOMEM;
    if (!(*ret_numbers = malloc(sizeof(**ret_numbers))))
        goto out;
    (*ret_numbers)[0] = number;
    number = NULL;
    *ret_n = 1;
    rc = 0;
out:
    free(number);
    xmlFreeDoc(doc);
    return rc;
}
