/*
 * DHL status tables. The mapping is ours; sources:
 *   - unified statusCode families: DHL Shipment Tracking Unified API reference (FORMATS.md);
 *   - Express checkpoint codes: DHL Express XML-PI checkpoint list (AD..WC) plus PO, OR and IT
 *     seen in samples and karrio's map; karrio's statuses were not copied as-is (e.g. CC is
 * "awaiting consignee collection", so available_for_pickup, not in transit);
 *   - Parcel DE: the standard-event-code values in the published sample (ES, AA, AE, EE, PO, ZU).
 */
#include "dhl_codes.h"

#include <string.h>

const pc_code_map pc__dhl_unified_codes[] = {
    {"delivered", PC_STATUS_DELIVERED, NULL},       {"failure", PC_STATUS_EXCEPTION, NULL},
    {"pre-transit", PC_STATUS_INFO_RECEIVED, NULL}, {"transit", PC_STATUS_IN_TRANSIT, NULL},
    {"unknown", PC_STATUS_IN_TRANSIT, NULL}, /* DHL does not know either; text rules refine */
};
const size_t pc__dhl_unified_codes_len =
    sizeof(pc__dhl_unified_codes) / sizeof(pc__dhl_unified_codes[0]);

const pc_code_map pc__dhl_express_codes[] = {
    {"AD", PC_STATUS_IN_TRANSIT, NULL},                         /* Agreed delivery (scheduled) */
    {"AF", PC_STATUS_IN_TRANSIT, NULL},                         /* Arrived facility */
    {"AR", PC_STATUS_IN_TRANSIT, NULL},                         /* Arrival in delivery facility */
    {"BA", PC_STATUS_EXCEPTION, "exception.address"},           /* Bad address */
    {"BL", PC_STATUS_IN_TRANSIT, "in_transit.customs"},         /* Bond location */
    {"BN", PC_STATUS_IN_TRANSIT, "in_transit.customs"},         /* Customer broker notified */
    {"BR", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Broker release */
    {"CA", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* Closed on arrival */
    {"CC", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},               /* Awaiting consignee collection */
    {"CD", PC_STATUS_EXCEPTION, "exception.customs"},           /* Controllable clearance delay */
    {"CI", PC_STATUS_IN_TRANSIT, NULL},                         /* Facility check-in */
    {"CM", PC_STATUS_EXCEPTION, "exception.address"},           /* Customer moved */
    {"CR", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Clearance release */
    {"CS", PC_STATUS_IN_TRANSIT, NULL},                         /* Closed shipment */
    {"CU", PC_STATUS_IN_TRANSIT, NULL},                         /* Confirm uplift */
    {"DD", PC_STATUS_DELIVERED, "delivered.damaged"},           /* Delivered damaged */
    {"DF", PC_STATUS_IN_TRANSIT, NULL},                         /* Depart facility */
    {"DI", PC_STATUS_IN_TRANSIT, "in_transit.customs"},         /* Duty invoice */
    {"DM", PC_STATUS_EXCEPTION, "exception.damaged"},           /* Damaged */
    {"DP", PC_STATUS_EXCEPTION, "exception.held"},        /* Denied parties (compliance hold) */
    {"DS", PC_STATUS_EXCEPTION, "exception.destroyed"},   /* Destroyed / disposal */
    {"ES", PC_STATUS_IN_TRANSIT, "in_transit.customs"},   /* Entry submitted */
    {"FD", PC_STATUS_IN_TRANSIT, NULL},                   /* Forward destination */
    {"HI", PC_STATUS_EXCEPTION, "exception.held"},        /* Lodged into held inventory */
    {"HN", PC_STATUS_IN_TRANSIT, NULL},                   /* Handover */
    {"HO", PC_STATUS_IN_TRANSIT, NULL},                   /* Out of held inventory */
    {"HP", PC_STATUS_EXCEPTION, "exception.payment"},     /* Held for payment */
    {"IA", PC_STATUS_IN_TRANSIT, NULL},                   /* Image available */
    {"IC", PC_STATUS_IN_TRANSIT, "in_transit.customs"},   /* In clearance processing */
    {"IR", PC_STATUS_IN_TRANSIT, "in_transit.misrouted"}, /* Incorrect route */
    {"IT", PC_STATUS_IN_TRANSIT, NULL},                   /* In transit (karrio's list) */
    {"LV", PC_STATUS_IN_TRANSIT, NULL},                   /* Load vehicle */
    {"MC", PC_STATUS_IN_TRANSIT, "in_transit.misrouted"}, /* Miscode */
    {"MD", PC_STATUS_EXCEPTION, "exception.delayed"},     /* Missed delivery cycle */
    {"MS", PC_STATUS_IN_TRANSIT, "in_transit.misrouted"}, /* Mis-sort */
    {"NA", PC_STATUS_EXCEPTION, "exception.delayed"},     /* Not arrived */
    {"ND", PC_STATUS_FAILED_ATTEMPT, NULL},               /* Not delivered */
    {"NH", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* Not home */
    {"OH", PC_STATUS_EXCEPTION, "exception.held"},                  /* On hold */
    {"OK", PC_STATUS_DELIVERED, NULL},                    /* Delivery (signatory refines) */
    {"OR", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* karrio: picked up */
    {"PD", PC_STATUS_DELIVERED, "delivered.partial"},     /* Partial delivery */
    {"PL", PC_STATUS_IN_TRANSIT, NULL},                   /* Processed at location */
    {"PO", PC_STATUS_IN_TRANSIT, NULL},                   /* Departing origin (sample) */
    {"PU", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Shipment pick up */
    {"PY", PC_STATUS_IN_TRANSIT, NULL},                   /* Payment */
    {"RD", PC_STATUS_RETURNED, "returned.refused"},       /* Refused delivery */
    {"RR", PC_STATUS_IN_TRANSIT, NULL},                   /* Response received */
    {"RT", PC_STATUS_RETURNED, NULL},                     /* Returned to consignor */
    {"RW", PC_STATUS_IN_TRANSIT, NULL},                   /* Weigh & dimension */
    {"SA", PC_STATUS_IN_TRANSIT, NULL},                   /* Shipment acceptance */
    {"SC", PC_STATUS_IN_TRANSIT, NULL},                   /* Service changed */
    {"SI", PC_STATUS_IN_TRANSIT, NULL},                   /* Shipment inspection */
    {"SM", PC_STATUS_IN_TRANSIT, NULL},                   /* Scheduled movement */
    {"SS", PC_STATUS_EXCEPTION, "exception.held"},        /* Shipment stopped */
    {"ST", PC_STATUS_EXCEPTION, "exception.held"},        /* Shipment intercept */
    {"TD", PC_STATUS_EXCEPTION, "exception.delayed"},     /* Transport delay */
    {"TI", PC_STATUS_EXCEPTION, "exception.trace"},       /* Trace initiated */
    {"TP", PC_STATUS_IN_TRANSIT, "in_transit.partner"},   /* Forwarded to third party */
    {"TR", PC_STATUS_IN_TRANSIT, NULL},                   /* Record of transfer */
    {"TT", PC_STATUS_IN_TRANSIT, NULL},                   /* Trace terminated */
    {"UD", PC_STATUS_EXCEPTION, "exception.customs"},     /* Uncontrollable clearance delay */
    {"UV", PC_STATUS_IN_TRANSIT, NULL},                   /* Unload vehicle */
    {"WC", PC_STATUS_OUT_FOR_DELIVERY, NULL},             /* With delivering courier */
};
const size_t pc__dhl_express_codes_len =
    sizeof(pc__dhl_express_codes) / sizeof(pc__dhl_express_codes[0]);

const pc_code_map pc__dhl_parcel_de_codes[] = {
    {"AA", PC_STATUS_IN_TRANSIT, NULL},                   /* Parcel center (origin) */
    {"AE", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Pick-up successful */
    {"EE", PC_STATUS_IN_TRANSIT, NULL},                   /* Destination parcel center */
    {"ES", PC_STATUS_IN_TRANSIT, NULL},                   /* Posted by the sender */
    {"PO", PC_STATUS_OUT_FOR_DELIVERY, NULL},             /* Loaded onto delivery vehicle */
    {"ZU", PC_STATUS_DELIVERED, NULL},                    /* Delivered */
};
const size_t pc__dhl_parcel_de_codes_len =
    sizeof(pc__dhl_parcel_de_codes) / sizeof(pc__dhl_parcel_de_codes[0]);

#define F_PRE       PC__DHL_F_PRE
#define F_TRANSIT   PC__DHL_F_TRANSIT
#define F_DELIVERED PC__DHL_F_DELIVERED
#define F_FAILURE   PC__DHL_F_FAILURE
#define F_UNKNOWN   PC__DHL_F_UNKNOWN
#define F_MOVING    (F_PRE | F_TRANSIT | F_FAILURE | F_UNKNOWN)

/* Most specific first. German needles are for parcel-de, which answers in German. */
const pc__dhl_text_rule pc__dhl_text_rules[] = {
    /* returns */
    {"returned to sender", F_MOVING | F_DELIVERED, PC_STATUS_RETURNED, NULL},
    {"return to sender", F_MOVING | F_DELIVERED, PC_STATUS_RETURNED, NULL},
    {"returned to shipper", F_MOVING | F_DELIVERED, PC_STATUS_RETURNED, NULL},
    {"an den absender zur", F_MOVING | F_DELIVERED, PC_STATUS_RETURNED, NULL},
    {"rücksendung", F_MOVING | F_DELIVERED, PC_STATUS_RETURNED, NULL},
    {"refused", F_MOVING, PC_STATUS_RETURNED, "returned.refused"},
    {"annahme verweigert", F_MOVING, PC_STATUS_RETURNED, "returned.refused"},
    /* where it was delivered */
    {"parcel locker", F_DELIVERED, PC_STATUS_DELIVERED, "delivered.parcel_locker"},
    {"packstation", F_DELIVERED, PC_STATUS_DELIVERED, "delivered.parcel_locker"},
    {"neighbour", F_DELIVERED, PC_STATUS_DELIVERED, "delivered.neighbour"},
    {"neighbor", F_DELIVERED, PC_STATUS_DELIVERED, "delivered.neighbour"},
    {"nachbar", F_DELIVERED, PC_STATUS_DELIVERED, "delivered.neighbour"},
    /* stages the families do not distinguish */
    {"out for delivery", F_TRANSIT | F_UNKNOWN, PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"with delivery courier", F_TRANSIT | F_UNKNOWN, PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"zustellfahrzeug geladen", F_TRANSIT | F_UNKNOWN, PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"label created", F_PRE | F_UNKNOWN, PC_STATUS_INFO_RECEIVED, NULL},
    {"elektronisch angekündigt", F_PRE | F_TRANSIT | F_UNKNOWN, PC_STATUS_INFO_RECEIVED, NULL},
    {"ready for pickup", F_MOVING, PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    {"available for pickup", F_MOVING, PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    {"awaiting collection", F_MOVING, PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    {"zur abholung bereit", F_MOVING, PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    {"abholbereit", F_MOVING, PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    /* failed attempts */
    {"not at home", F_MOVING, PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"},
    {"nicht angetroffen", F_MOVING, PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"},
    {"delivery attempt", F_TRANSIT | F_FAILURE | F_UNKNOWN, PC_STATUS_FAILED_ATTEMPT, NULL},
    {"zustellversuch", F_TRANSIT | F_FAILURE | F_UNKNOWN, PC_STATUS_FAILED_ATTEMPT, NULL},
    /* exceptions: reasons (failure family only, except damage and weather) */
    {"damaged", F_TRANSIT | F_FAILURE | F_UNKNOWN, PC_STATUS_EXCEPTION, "exception.damaged"},
    {"beschädigt", F_TRANSIT | F_FAILURE | F_UNKNOWN, PC_STATUS_EXCEPTION, "exception.damaged"},
    {"weather", F_TRANSIT | F_FAILURE | F_UNKNOWN, PC_STATUS_EXCEPTION, "exception.weather"},
    {"unwetter", F_TRANSIT | F_FAILURE | F_UNKNOWN, PC_STATUS_EXCEPTION, "exception.weather"},
    {"customs", F_FAILURE, PC_STATUS_EXCEPTION, "exception.customs"},
    {"zoll", F_FAILURE, PC_STATUS_EXCEPTION, "exception.customs"},
    {"address", F_FAILURE, PC_STATUS_EXCEPTION, "exception.address"},
    {"adresse", F_FAILURE, PC_STATUS_EXCEPTION, "exception.address"},
    {"anschrift", F_FAILURE, PC_STATUS_EXCEPTION, "exception.address"},
};
const size_t pc__dhl_text_rules_len = sizeof(pc__dhl_text_rules) / sizeof(pc__dhl_text_rules[0]);

unsigned pc__dhl_family_bit(const char *status_code, size_t len)
{
    static const struct {
        const char *code;
        unsigned bit;
    } bits[] = {
        {"pre-transit", PC__DHL_F_PRE},     {"transit", PC__DHL_F_TRANSIT},
        {"delivered", PC__DHL_F_DELIVERED}, {"failure", PC__DHL_F_FAILURE},
        {"unknown", PC__DHL_F_UNKNOWN},
    };
    for (size_t i = 0; status_code && i < sizeof(bits) / sizeof(bits[0]); i++)
        if (strlen(bits[i].code) == len && memcmp(bits[i].code, status_code, len) == 0)
            return bits[i].bit;
    return 0;
}
