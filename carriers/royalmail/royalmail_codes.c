/*
 * Royal Mail Tracking API v2 event codes.
 *
 * Royal Mail does not publish a full code list with the API. The codes here are the ones seen in
 * public material: the API's own sample (EVNMI), a published event history (EVPPA, EVDAC, EVOCO,
 * EVNRT, EVGPD, EVKSP, EVDAV, EVGMI) and a developer's list of observed codes (EVAIE, EVAIP,
 * EVIMC, EVKNA, EVKNR, EVKOP, EVKSF, EVNDA, EVNSR, EVOAC, EVODO, EVORI, RSRXS).
 * Unknown codes fall back to summary.statusCategory for the newest event, else in_transit.
 */
#include "royalmail_codes.h"

const pc_code_map pc__royalmail_codes[] = {
    {"EVAIE", PC_STATUS_INFO_RECEIVED, NULL},                        /* Sender despatching item */
    {"EVAIP", PC_STATUS_INFO_RECEIVED, NULL},                        /* Sender preparing item */
    {"EVDAC", PC_STATUS_IN_TRANSIT, NULL},                           /* Item received */
    {"EVDAV", PC_STATUS_IN_TRANSIT, NULL},                           /* Item received */
    {"EVGMI", PC_STATUS_IN_TRANSIT, NULL},                           /* In transit */
    {"EVGPD", PC_STATUS_OUT_FOR_DELIVERY, NULL},                     /* Due to be delivered today */
    {"EVIMC", PC_STATUS_IN_TRANSIT, NULL},                           /* Item received */
    {"EVKNA", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_answer"}, /* Attempted, no answer */
    {"EVKNR", PC_STATUS_FAILED_ATTEMPT, NULL},                       /* Delivery attempted */
    {"EVKOP", PC_STATUS_DELIVERED, NULL},                            /* Delivered by */
    {"EVKSF", PC_STATUS_DELIVERED, "delivered.safe_place"},          /* Delivered to Safeplace */
    {"EVKSP", PC_STATUS_DELIVERED, "delivered.signed"},              /* Delivered and signed */
    {"EVNDA", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL}, /* Available for redelivery or collection */
    {"EVNMI", PC_STATUS_IN_TRANSIT, "in_transit.missort"},    /* Forwarded - mis-sort */
    {"EVNRT", PC_STATUS_EXCEPTION, "exception.held"},         /* Item retention */
    {"EVNSR", PC_STATUS_IN_TRANSIT, "in_transit.redelivery"}, /* Prepared for redelivery */
    {"EVOAC", PC_STATUS_IN_TRANSIT, NULL},                    /* Item received at */
    {"EVOCO", PC_STATUS_IN_TRANSIT, NULL},                    /* Received, being processed */
    {"EVODO", PC_STATUS_IN_TRANSIT, NULL},                    /* Despatched to delivery office */
    {"EVORI", PC_STATUS_IN_TRANSIT, NULL},                    /* Arrived at */
    {"EVPPA", PC_STATUS_IN_TRANSIT, "in_transit.accepted"},   /* Accepted at Post Office */
    {"RSRXS", PC_STATUS_IN_TRANSIT, NULL},                    /* Delivery request received */
};

const size_t pc__royalmail_codes_len = sizeof(pc__royalmail_codes) / sizeof(pc__royalmail_codes[0]);

/* Royal Mail Tracking API error codes (as handled by elliotjreed/royal-mail-tracking). */
const pc__royalmail_error pc__royalmail_errors[] = {
    {"E0001", PC_TE_CARRIER_ERROR}, /* service unavailable */
    {"E0004", PC_TE_CARRIER_ERROR}, /* request failed header/schema validation */
    {"E0009", PC_TE_CARRIER_ERROR}, /* internal server error */
    {"E0010", PC_TE_RATE_LIMITED},  /* too many requests */
    {"E0013", PC_TE_CARRIER_ERROR}, /* too many parameters */
    {"E1142", PC_TE_NOT_FOUND},     /* barcode reference isn't recognised */
    {"E1144", PC_TE_CARRIER_ERROR}, /* proof of delivery unavailable */
    {"E1145", PC_TE_CARRIER_ERROR}, /* proof of delivery unavailable for the product */
    {"E1283", PC_TE_CARRIER_ERROR}, /* tracking not supported for the product */
    {"E1284", PC_TE_CARRIER_ERROR}, /* delivery update not available */
    {"E1307", PC_TE_CARRIER_ERROR}, /* tracking unavailable */
    {"E1308", PC_TE_CARRIER_ERROR}, /* update not available */
};

const size_t pc__royalmail_errors_len =
    sizeof(pc__royalmail_errors) / sizeof(pc__royalmail_errors[0]);
