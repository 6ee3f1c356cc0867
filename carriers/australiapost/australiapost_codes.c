/*
 * Australia Post tables. Sources: the published tracking status values of the Shipping and
 * Tracking API (Created, Sealed, Initiated, In transit, Delivered, Awaiting collection, Possible
 * delay, Unsuccessful pickup, Article damaged, Cancelled, Held by courier, Cannot be delivered,
 * Track items for detailed delivery information) plus the StarTrack ones seen in integrations
 * (Unconfirmed, Ready for Pickup, On Board for Delivery, Unsuccessful Delivery, To be
 * Re-Delivered, Delivered in Full) and "Unknown"; the error code reference (ESB-1000x, 5110x,
 * API_00x); event descriptions from real tracking responses.
 */
#include "australiapost_codes.h"

#include <parcelcast/carrier_util.h>

#include <string.h>
#include <strings.h>

const pc_code_map pc__australiapost_statuses[] = {
    {"Article damaged", PC_STATUS_EXCEPTION, "exception.damaged"},
    {"Awaiting collection", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    {"Cancelled", PC_STATUS_EXCEPTION, "exception.cancelled"},
    /* "cannot be delivered as addressed" */
    {"Cannot be delivered", PC_STATUS_EXCEPTION, "exception.address"},
    {"Created", PC_STATUS_INFO_RECEIVED, NULL},
    {"Delivered", PC_STATUS_DELIVERED, NULL},
    {"Delivered in Full", PC_STATUS_DELIVERED, NULL},
    {"Held by courier", PC_STATUS_EXCEPTION, "exception.held"},
    {"In transit", PC_STATUS_IN_TRANSIT, NULL},
    {"Initiated", PC_STATUS_INFO_RECEIVED, NULL},
    {"On Board for Delivery", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"Possible delay", PC_STATUS_EXCEPTION, "exception.delayed"},
    /* StarTrack: freight waiting for the carrier to pick it up from the sender. */
    {"Ready for Pickup", PC_STATUS_INFO_RECEIVED, "info_received.pickup_scheduled"},
    {"Sealed", PC_STATUS_INFO_RECEIVED, NULL},
    {"To be Re-Delivered", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.redelivery_scheduled"},
    /* Consignment whose items are at different stages. */
    {"Track items for detailed delivery information", PC_STATUS_IN_TRANSIT, NULL},
    {"Unconfirmed", PC_STATUS_INFO_RECEIVED, NULL},
    /* Says nothing; never used as a fallback (see the adapter). */
    {"Unknown", PC_STATUS_IN_TRANSIT, NULL},
    {"Unsuccessful Delivery", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"Unsuccessful pickup", PC_STATUS_EXCEPTION, "exception.pickup_failed"},
};
const size_t pc__australiapost_statuses_len =
    sizeof(pc__australiapost_statuses) / sizeof(pc__australiapost_statuses[0]);

/*
 * Order matters. Groups, each before the next because of shared words:
 * 1. failed attempts ("Attempted delivery - Item carded") before anything mentioning delivery,
 *    collection or a safe place;
 * 2. returns ("Item returned to sender", "Item refused - returning to sender");
 * 3. problems (address, damage, customs hold, weather before "delay", lost, cancelled, held);
 * 4. collection by the recipient ("Awaiting collection at Post Office") before "collected" and
 *    "delivered" ("Delivered to Post Office for collection" is not a delivery);
 * 5. acceptance and electronic information ("Shipping information received by Australia Post"
 *    before "received by australia post", "Received item from Sender", "collected by courier");
 * 6. international hand-overs ("Processed by air carrier") before "delivered";
 * 7. delivered, refined by place (parcel locker, safe place, signature, collected);
 * 8. out for delivery ("Onboard for delivery", "With Australia Post for delivery today");
 * 9. routine customs ("Item cleared by Customs" before "Item is in Customs");
 * 10. generic movement words. Anything else is in_transit without a match (the adapter then
 *    tries the item status for the newest event).
 */
const pc_code_map pc__australiapost_keywords[] = {
    /* 1 */
    {"unable to access", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"},
    {"no access", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"},
    {"attempted delivery", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"delivery attempted", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"unsuccessful delivery", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"unable to deliver", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"unable to leave", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"not delivered", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"carded", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"card left", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"re-deliver", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.redelivery_scheduled"},
    {"redeliver", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.redelivery_scheduled"},
    /* 2 */
    {"refused", PC_STATUS_RETURNED, "returned.refused"},
    {"to sender", PC_STATUS_RETURNED, NULL},
    {"being returned", PC_STATUS_RETURNED, NULL},
    /* 3 */
    {"cannot be delivered", PC_STATUS_EXCEPTION, "exception.address"},
    {"insufficient address", PC_STATUS_EXCEPTION, "exception.address"},
    {"incorrect address", PC_STATUS_EXCEPTION, "exception.address"},
    {"incomplete address", PC_STATUS_EXCEPTION, "exception.address"},
    {"address query", PC_STATUS_EXCEPTION, "exception.address"},
    {"damaged", PC_STATUS_EXCEPTION, "exception.damaged"},
    {"held by customs", PC_STATUS_EXCEPTION, "exception.customs"},
    {"held in customs", PC_STATUS_EXCEPTION, "exception.customs"},
    {"customs hold", PC_STATUS_EXCEPTION, "exception.customs"},
    {"weather", PC_STATUS_EXCEPTION, "exception.weather"},
    {"natural disaster", PC_STATUS_EXCEPTION, "exception.weather"},
    {"flood", PC_STATUS_EXCEPTION, "exception.weather"},
    {"bushfire", PC_STATUS_EXCEPTION, "exception.weather"},
    {"delay", PC_STATUS_EXCEPTION, "exception.delayed"},
    {"cannot be located", PC_STATUS_EXCEPTION, "exception.lost"},
    {"unable to locate", PC_STATUS_EXCEPTION, "exception.lost"},
    {"unsuccessful pickup", PC_STATUS_EXCEPTION, "exception.pickup_failed"},
    {"cancelled", PC_STATUS_EXCEPTION, "exception.cancelled"},
    {"held by courier", PC_STATUS_EXCEPTION, "exception.held"},
    {"on hold", PC_STATUS_EXCEPTION, "exception.held"},
    /* 4 */
    {"collection at parcel locker", PC_STATUS_AVAILABLE_FOR_PICKUP,
     "available_for_pickup.parcel_locker"},
    {"collection at post office", PC_STATUS_AVAILABLE_FOR_PICKUP,
     "available_for_pickup.post_office"},
    {"awaiting collection", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    {"ready for collection", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    {"available for collection", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    {"for collection", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    /* 5 */
    {"shipping information", PC_STATUS_INFO_RECEIVED, NULL},
    {"from sender", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
    {"collected by courier", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
    {"received by australia post", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
    /* 6 */
    {"air carrier", PC_STATUS_IN_TRANSIT, NULL},
    {"airline", PC_STATUS_IN_TRANSIT, NULL},
    /* 7 */
    {"delivered to parcel locker", PC_STATUS_DELIVERED, "delivered.parcel_locker"},
    {"left in a safe place", PC_STATUS_DELIVERED, "delivered.safe_place"},
    {"left in safe place", PC_STATUS_DELIVERED, "delivered.safe_place"},
    {"signature obtained", PC_STATUS_DELIVERED, "delivered.signed"},
    {"signed for", PC_STATUS_DELIVERED, "delivered.signed"},
    {"collected", PC_STATUS_DELIVERED, "delivered.collected"},
    {"delivered", PC_STATUS_DELIVERED, NULL},
    /* 8 */
    {"onboard for delivery", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"on board for delivery", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"out for delivery", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"for delivery today", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"with courier for delivery", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    /* 9 */
    {"cleared", PC_STATUS_IN_TRANSIT, NULL},
    {"awaiting clearance", PC_STATUS_IN_TRANSIT, "in_transit.customs"},
    {"customs", PC_STATUS_IN_TRANSIT, "in_transit.customs"},
    /* 10 */
    {"in transit", PC_STATUS_IN_TRANSIT, NULL},
    {"processed", PC_STATUS_IN_TRANSIT, NULL},
    {"arrived", PC_STATUS_IN_TRANSIT, NULL},
    {"departed", PC_STATUS_IN_TRANSIT, NULL},
    {"despatch", PC_STATUS_IN_TRANSIT, NULL},
    {"dispatch", PC_STATUS_IN_TRANSIT, NULL},
    {"received", PC_STATUS_IN_TRANSIT, NULL},
    {"facility", PC_STATUS_IN_TRANSIT, NULL},
};
const size_t pc__australiapost_keywords_len =
    sizeof(pc__australiapost_keywords) / sizeof(pc__australiapost_keywords[0]);

const pc_code_map *pc__australiapost_classify(const char *description)
{
    pc_ci_text t;
    const pc_code_map *found = NULL;
    if (!description)
        return NULL;
    pc_ci_text_init(&t, description);
    for (size_t i = 0; !found && i < pc__australiapost_keywords_len; i++)
        if (pc_ci_text_has(&t, pc__australiapost_keywords[i].code))
            found = &pc__australiapost_keywords[i];
    pc_ci_text_done(&t);
    return found;
}

const pc_code_map *pc__australiapost_find_status(const char *status)
{
    if (!status)
        return NULL;
    const pc_code_map *m = pc_code_map_find(pc__australiapost_statuses,
                                            pc__australiapost_statuses_len, status, strlen(status));
    for (size_t i = 0; !m && i < pc__australiapost_statuses_len; i++)
        if (strcasecmp(status, pc__australiapost_statuses[i].code) == 0)
            m = &pc__australiapost_statuses[i];
    return m;
}

const pc__australiapost_error pc__australiapost_errors[] = {
    {"51100", PC_TE_CARRIER_ERROR},     /* TRACKING_IDS_MISSING */
    {"51101", PC_TE_CARRIER_ERROR},     /* TOO_MANY_AP_TRACKING_IDS */
    {"51102", PC_TE_CARRIER_ERROR},     /* TOO_MANY_ST_TRACKING_IDS */
    {"51103", PC_TE_CARRIER_ERROR},     /* TRACKING_IDS_MIX_OF_AP_AND_ST */
    {"51104", PC_TE_NOT_FOUND},         /* INVALID_TRACKING_ID: could not be found */
    {"API_001", PC_TE_AUTH},            /* gateway: unauthorised (shape as API_002) */
    {"API_002", PC_TE_RATE_LIMITED},    /* gateway: Too many requests (HTTP 429) */
    {"ESB-10001", PC_TE_NOT_FOUND},     /* Invalid tracking ID: "could not be found" */
    {"ESB-10002", PC_TE_NOT_FOUND},     /* Product Not Trackable */
    {"ESB-20010", PC_TE_CARRIER_ERROR}, /* System Error */
    {"ESB-20050", PC_TE_CARRIER_ERROR}, /* System Error */
};
const size_t pc__australiapost_errors_len =
    sizeof(pc__australiapost_errors) / sizeof(pc__australiapost_errors[0]);
