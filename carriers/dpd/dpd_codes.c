/*
 * DPD status table. Sources: the ParcelLifeCycleService 2.0 sample responses (BE), DPD NL's
 * integration notes listing the statuses (PickedUp, Depot, BetweenDepots, Courier,
 * ReturningFromDelivery, DeliveryFailure, Customs, Warehouse, ParcelShop, Consolidation,
 * Delivered) and shipmentInfo's SHIPMENT.
 */
#include "dpd_codes.h"

const pc_code_map pc__dpd_codes[] = {
    /* On a trunk transport between DPD hubs/depots. */
    {"BetweenDepots", PC_STATUS_IN_TRANSIT, NULL},
    /* Regrouped with other parcels for a new delivery. */
    {"Consolidation", PC_STATUS_IN_TRANSIT, NULL},
    /* Left the delivery depot on the driver's round. */
    {"Courier", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    /* Routine border check of non-EU parcels, not a hold. */
    {"Customs", PC_STATUS_IN_TRANSIT, "in_transit.customs"},
    {"Delivered", PC_STATUS_DELIVERED, NULL},
    {"DeliveryFailure", PC_STATUS_FAILED_ATTEMPT, NULL},
    /* Arrived at the delivery depot. */
    {"Depot", PC_STATUS_IN_TRANSIT, "in_transit.at_delivery_depot"},
    /* Dropped at a Pickup parcelshop: the recipient still has to collect it. */
    {"ParcelShop", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.parcel_shop"},
    {"PickedUp", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
    /* Back at the depot after an unsuccessful attempt (not a return to the sender). */
    {"ReturningFromDelivery", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.back_at_depot"},
    /* Parcel data received, parcel not yet with DPD. */
    {"SHIPMENT", PC_STATUS_INFO_RECEIVED, NULL},
    /* Held at a warehouse for consolidation or rerouting. */
    {"Warehouse", PC_STATUS_EXCEPTION, "exception.held"},
};
const size_t pc__dpd_codes_len = sizeof(pc__dpd_codes) / sizeof(pc__dpd_codes[0]);

const pc__dpd_error pc__dpd_errors[] = {
    {"DELICOM_ERR_AUTHENTICATION", PC_TE_AUTH},
};
const size_t pc__dpd_errors_len = sizeof(pc__dpd_errors) / sizeof(pc__dpd_errors[0]);
