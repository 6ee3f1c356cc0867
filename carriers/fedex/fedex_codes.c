/*
 * FedEx Track API status-code tables.
 *
 * Source: FedEx developer portal "Tracking Status Codes" (copy in
 * carrier-samples/codes/fedex_tracking_status_codes.txt), plus AE seen in real scans. The
 * mapping is ours, not karrio's. Groups and collisions: see fedex_codes.h.
 */
#include "fedex_codes.h"

const pc_code_map pc__fedex_movement_codes[] = {
    {"AA", PC_STATUS_IN_TRANSIT, NULL},                  /* At Airport */
    {"AC", PC_STATUS_IN_TRANSIT, "in_transit.partner"},  /* At Canada Post facility */
    {"AD", PC_STATUS_OUT_FOR_DELIVERY, NULL},            /* At Delivery */
    {"AE", PC_STATUS_IN_TRANSIT, NULL},                  /* Shipment arriving early */
    {"AF", PC_STATUS_IN_TRANSIT, NULL},                  /* At local FedEx Facility */
    {"AO", PC_STATUS_IN_TRANSIT, NULL},                  /* Shipment arriving On-time */
    {"AP", PC_STATUS_INFO_RECEIVED, NULL},               /* At Pickup (not yet picked up) */
    {"AR", PC_STATUS_IN_TRANSIT, NULL},                  /* Arrived at FedEx location */
    {"AX", PC_STATUS_IN_TRANSIT, "in_transit.partner"},  /* At USPS facility */
    {"CA", PC_STATUS_EXCEPTION, "exception.cancelled"},  /* Shipment Cancelled */
    {"CH", PC_STATUS_IN_TRANSIT, "in_transit.rerouted"}, /* Location Changed */
    {"DD", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Delivery Delay */
    {"DE", PC_STATUS_FAILED_ATTEMPT, NULL},              /* Delivery Exception */
    {"DL", PC_STATUS_DELIVERED, NULL},                   /* Delivered */
    {"DP", PC_STATUS_IN_TRANSIT, NULL},                  /* Departed */
    {"DR", PC_STATUS_INFO_RECEIVED, NULL},               /* Vehicle furnished but not used */
    {"DS", PC_STATUS_INFO_RECEIVED, NULL},               /* Vehicle Dispatched (for pickup) */
    {"DY", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Delay */
    {"EA", PC_STATUS_IN_TRANSIT, NULL},                  /* Enroute to Airport */
    {"ED", PC_STATUS_OUT_FOR_DELIVERY, NULL},            /* Enroute to Delivery */
    {"EO", PC_STATUS_IN_TRANSIT, NULL},                  /* Enroute to Origin Airport */
    {"EP", PC_STATUS_INFO_RECEIVED, NULL},               /* Enroute to Pickup */
    {"FD", PC_STATUS_IN_TRANSIT, NULL},                  /* At FedEx Destination */
    /* Hold at Location */
    {"HL", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.hold_at_location"},
    {"HP", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL}, /* Ready for Recipient Pickup */
    {"IT", PC_STATUS_IN_TRANSIT, NULL},           /* In Transit */
    {"IX", PC_STATUS_IN_TRANSIT, NULL},           /* In transit (see Details) */
    {"LO", PC_STATUS_IN_TRANSIT, NULL},           /* Left Origin */
    /* Return label link cancelled by originator */
    {"LP", PC_STATUS_EXCEPTION, "exception.cancelled"},
    {"OC", PC_STATUS_INFO_RECEIVED, NULL},                /* Order Created */
    {"OD", PC_STATUS_OUT_FOR_DELIVERY, NULL},             /* Out for Delivery */
    {"OF", PC_STATUS_IN_TRANSIT, NULL},                   /* At FedEx origin facility */
    {"OW", PC_STATUS_IN_TRANSIT, NULL},                   /* On the way (upper-case spelling) */
    {"OX", PC_STATUS_IN_TRANSIT, "in_transit.partner"},   /* Shipment information sent to USPS */
    {"Ow", PC_STATUS_IN_TRANSIT, NULL},                   /* On the way (sic, as published) */
    {"PD", PC_STATUS_EXCEPTION, "exception.delayed"},     /* Pickup Delay */
    {"PF", PC_STATUS_IN_TRANSIT, NULL},                   /* Plane in Flight */
    {"PL", PC_STATUS_IN_TRANSIT, NULL},                   /* Plane Landed */
    {"PM", PC_STATUS_IN_TRANSIT, NULL},                   /* In Progress */
    {"PU", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Picked Up */
    {"PX", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Picked up (see Details) */
    {"RC", PC_STATUS_IN_TRANSIT, NULL},               /* CDO (custom delivery option) Cancelled */
    {"RD", PC_STATUS_EXCEPTION, "exception.expired"}, /* Return label link expired */
    {"RG", PC_STATUS_INFO_RECEIVED, NULL},            /* Return label link expiring soon */
    {"RM", PC_STATUS_IN_TRANSIT, NULL},               /* CDO Modified */
    {"RP", PC_STATUS_INFO_RECEIVED, NULL}, /* Return label link emailed to return sender */
    {"RR", PC_STATUS_IN_TRANSIT, NULL},    /* CDO requested */
    {"RS", PC_STATUS_RETURNED, NULL},      /* Return to Shipper */
    {"SE", PC_STATUS_EXCEPTION, NULL},     /* Shipment Exception */
    {"SF", PC_STATUS_IN_TRANSIT, NULL},    /* At Sort Facility */
    {"SP", PC_STATUS_IN_TRANSIT, "in_transit.split"}, /* Split Status */
    {"TR", PC_STATUS_IN_TRANSIT, NULL},               /* Transfer */
};
const size_t pc__fedex_movement_codes_len =
    sizeof(pc__fedex_movement_codes) / sizeof(pc__fedex_movement_codes[0]);

const pc_code_map pc__fedex_regulatory_codes[] = {
    {"CC", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Cleared Customs */
    {"CD", PC_STATUS_EXCEPTION, "exception.customs"},           /* Clearance Delay */
    {"CP", PC_STATUS_IN_TRANSIT, "in_transit.customs"},         /* Clearance in Progress */
    {"EA", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Export Approved */
    {"SP", PC_STATUS_IN_TRANSIT, "in_transit.split"},           /* Split Status */
};
const size_t pc__fedex_regulatory_codes_len =
    sizeof(pc__fedex_regulatory_codes) / sizeof(pc__fedex_regulatory_codes[0]);

const pc_code_map pc__fedex_possession_codes[] = {
    {"BR", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Broker */
    {"CA", PC_STATUS_IN_TRANSIT, NULL},                 /* Carrier */
    {"CU", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Customs */
    {"RC", PC_STATUS_DELIVERED, NULL},                  /* Recipient */
    {"SH", PC_STATUS_INFO_RECEIVED, NULL},              /* Shipper */
    {"SP", PC_STATUS_IN_TRANSIT, "in_transit.split"},   /* Split status */
    {"TP", PC_STATUS_IN_TRANSIT, "in_transit.partner"}, /* Transfer Partner */
};
const size_t pc__fedex_possession_codes_len =
    sizeof(pc__fedex_possession_codes) / sizeof(pc__fedex_possession_codes[0]);

/* derivedStatusCode: the values seen in real samples (IN, PU, IT, DY, DL, RL) plus the ones the
 * FedEx site shows for the other stages. */
const pc_code_map pc__fedex_derived_codes[] = {
    {"CA", PC_STATUS_EXCEPTION, "exception.cancelled"},
    {"DE", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"DL", PC_STATUS_DELIVERED, NULL},
    {"DY", PC_STATUS_EXCEPTION, "exception.delayed"},
    {"HP", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},
    {"IN", PC_STATUS_INFO_RECEIVED, NULL},
    {"IT", PC_STATUS_IN_TRANSIT, NULL},
    {"OD", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"PU", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
    {"RL", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Running Late */
    {"RS", PC_STATUS_RETURNED, NULL},
    {"SE", PC_STATUS_EXCEPTION, NULL},
};
const size_t pc__fedex_derived_codes_len =
    sizeof(pc__fedex_derived_codes) / sizeof(pc__fedex_derived_codes[0]);

/* 08 is in a real DE scan ("Customer not available or business closed"), 15 in the FedEx schema
 * example with the same text. 03 and 07 are the commonly documented delivery-exception codes for
 * an incorrect address and a refusal; they are not checked against a FedEx list. */
const pc_code_map pc__fedex_exception_codes[] = {
    {"03", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.address"},
    {"07", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.refused"},
    {"08", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"},
    {"15", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"},
};
const size_t pc__fedex_exception_codes_len =
    sizeof(pc__fedex_exception_codes) / sizeof(pc__fedex_exception_codes[0]);
