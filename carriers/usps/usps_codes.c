/*
 * USPS code tables. Sources: /work/shared/carrier-samples/codes/usps_event_codes.txt (Pub 199
 * App. G-4 scan events) and usps_v3_tracking_error_codes.txt (USPS API error inventory).
 * Tables are sorted by strcmp() order so any lookup strategy works; a test checks it.
 */
#include "usps_codes.h"

#include <string.h>

#define ROW(c, st, sub)                                                                            \
    {                                                                                              \
        c, PC_STATUS_##st, sub                                                                     \
    }

const pc_code_map pc__usps_event_codes[] = {
    /* Delivered; the substatus is refined at run time (signature, parcel locker, ...). */
    ROW("01", DELIVERED, NULL),
    /* Attempted group: 02 52 53 54 55 56 (+ 30, 51). */
    ROW("02", FAILED_ATTEMPT, "failed_attempt.notice_left"),
    ROW("03", IN_TRANSIT, "in_transit.accepted"), /* accept or pickup by carrier */
    ROW("04", RETURNED, "returned.refused"),
    ROW("05", EXCEPTION, "exception.address"), /* undeliverable as addressed */
    ROW("06", IN_TRANSIT, "in_transit.forwarded"),
    ROW("07", IN_TRANSIT, NULL),                 /* arrival at unit ("Arrived at Post Office") */
    ROW("08", EXCEPTION, "exception.misrouted"), /* missent */
    /* Return-to-sender group: 09 21-29 31. */
    ROW("09", RETURNED, NULL), ROW("10", IN_TRANSIT, NULL), /* processed / arrived at facility */
    /* Dead letter: neither deliverable nor returnable, goes to the Mail Recovery Center. */
    ROW("11", EXCEPTION, "exception.undeliverable"),
    ROW("14", AVAILABLE_FOR_PICKUP, NULL),       /* arrival at pickup point */
    ROW("15", EXCEPTION, "exception.misrouted"), /* mis-shipped */
    ROW("16", AVAILABLE_FOR_PICKUP, NULL),
    ROW("17", DELIVERED, "delivered.agent"), /* picked up by agent */
    ROW("19", IN_TRANSIT, NULL),             /* DC eVS arrive */
    ROW("21", RETURNED, "returned.address"), /* no such number */
    ROW("22", RETURNED, "returned.address"), /* insufficient address */
    ROW("23", RETURNED, "returned.moved"),   /* moved, left no address */
    ROW("24", RETURNED, "returned.forward_expired"),
    ROW("25", RETURNED, "returned.addressee_unknown"), ROW("26", RETURNED, "returned.vacant"),
    ROW("27", RETURNED, "returned.unclaimed"), ROW("28", RETURNED, "returned.deceased"),
    ROW("29", RETURNED, NULL), /* other */
    ROW("30", FAILED_ATTEMPT, "failed_attempt.no_access"),
    ROW("31", RETURNED, "returned.unclaimed"),   /* not picked up */
    ROW("41", IN_TRANSIT, NULL),                 /* received at opening unit */
    ROW("42", IN_TRANSIT, "in_transit.handoff"), /* USPS handoff to shipping partner */
    /* "Picked Up": the addressee collected the item at the Post Office (03 is the carrier's
     * pickup, 17 an agent's, 80 a shipping partner's). */
    ROW("43", DELIVERED, "delivered.picked_up"),
    ROW("44", RETURNED, "returned.recalled"), /* customer (shipper) recall */
    ROW("51", FAILED_ATTEMPT, "failed_attempt.business_closed"),
    ROW("52", FAILED_ATTEMPT, "failed_attempt.notice_left"),
    ROW("53", FAILED_ATTEMPT, "failed_attempt.no_access"), /* receptacle blocked */
    ROW("54", FAILED_ATTEMPT, "failed_attempt.receptacle_full"),
    ROW("55", FAILED_ATTEMPT, "failed_attempt.no_secure_location"),
    ROW("56", FAILED_ATTEMPT, "failed_attempt.no_recipient"),
    ROW("71", EXCEPTION, "exception.delayed"),   /* rescheduled to next delivery day */
    ROW("80", IN_TRANSIT, "in_transit.handoff"), /* picked up by shipping partner */
    ROW("81", IN_TRANSIT, NULL), ROW("82", IN_TRANSIT, NULL),
    ROW("A1", IN_TRANSIT, NULL), /* arrived at USPS regional facility */
    /* Delivery status not updated: the carrier did not scan the item on its route. */
    ROW("DX", EXCEPTION, "exception.status_not_updated"),
    ROW("EF", IN_TRANSIT, NULL),                  /* departed sort facility */
    ROW("EX", IN_TRANSIT, NULL),                  /* in transit to destination */
    ROW("GX", INFO_RECEIVED, NULL),               /* shipping label created */
    ROW("H0", FAILED_ATTEMPT, NULL),              /* attempted delivery (active_shipping) */
    ROW("MA", INFO_RECEIVED, NULL),               /* manifest acknowledgement */
    ROW("OA", IN_TRANSIT, "in_transit.accepted"), /* accepted at origin facility */
    ROW("OF", OUT_FOR_DELIVERY, NULL),
    ROW("PA", IN_TRANSIT, "in_transit.accepted"), /* passive acceptance */
    ROW("PC", IN_TRANSIT, NULL),                  /* sorting / processing complete */
    ROW("SF", IN_TRANSIT, NULL),                  /* departed post office */
    ROW("T1", IN_TRANSIT, NULL),                  /* departed USPS regional facility */
    ROW("TL", IN_TRANSIT, NULL),                  /* in transit to next facility */
    ROW("TM", IN_TRANSIT, "in_transit.accepted"), /* truck manifest, shipment acceptance */
};
const size_t pc__usps_event_codes_len = sizeof(pc__usps_event_codes) / sizeof(pc_code_map);

#undef ROW

const pc__usps_error_map pc__usps_v3_error_codes[] = {
    {"150001", PC_TE_NOT_FOUND},      /* no status update yet (shipper has not handed it over) */
    {"150002", PC_TE_NOT_FOUND},      /* number may be incorrect or no update yet */
    {"150003", PC_TE_NOT_FOUND},      /* shipped at a Post Office, not yet updated */
    {"150004", PC_TE_NOT_FOUND},      /* delivery status information not available */
    {"150005", PC_TE_CARRIER_ERROR},  /* notification sign-up failed */
    {"150006", PC_TE_CARRIER_ERROR},  /* too many items tied to a 3849 id */
    {"150007", PC_TE_INVALID_NUMBER}, /* 3849 id of a large-volume shipment: not trackable */
    {"150008", PC_TE_CARRIER_ERROR},  /* tracking unavailable for this product/country */
    {"150009", PC_TE_NOT_FOUND},      /* no status update yet */
    {"150010", PC_TE_INVALID_NUMBER}, /* may belong to another shipper */
    {"150011", PC_TE_INVALID_NUMBER}, /* a package pickup transaction, not a tracking number */
    {"150012", PC_TE_CARRIER_ERROR},  /* withheld: fraudulent postage */
    {"150013", PC_TE_NOT_FOUND},      /* COVID test order not shipped yet */
};
const size_t pc__usps_v3_error_codes_len =
    sizeof(pc__usps_v3_error_codes) / sizeof(pc__usps_error_map);

const pc__usps_error_map pc__usps_trackv2_error_codes[] = {
    {"-2147219040", PC_TE_CARRIER_ERROR}, /* not included in the test server */
    {"-2147219067", PC_TE_CARRIER_ERROR}, /* invalid request XML */
    {"-2147219301", PC_TE_NOT_FOUND},     /* delivery status not available for this item */
    {"-2147219302", PC_TE_NOT_FOUND},     /* could not locate the tracking information */
    {"-2147219303", PC_TE_CARRIER_ERROR}, /* duplicate number in the request */
    {"80040B1A", PC_TE_AUTH},             /* API authorization failure (USPSCOM::DoAuth) */
};
const size_t pc__usps_trackv2_error_codes_len =
    sizeof(pc__usps_trackv2_error_codes) / sizeof(pc__usps_error_map);

const pc__usps_error_map *pc__usps_error_find(const pc__usps_error_map *table, size_t n,
                                              const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(table[i].code, code) == 0)
            return &table[i];
    }
    return NULL;
}
