/*
 * GLS code tables. Sources: the track-and-trace-v1 OpenAPI spec (ParcelDTO.status enum,
 * ParcelErrorCodeDTO, the response examples with INTIAL.* and DELIVD.PARCELSHOP events) and the
 * event codes public integrations log (INBOUD/OUTBOD/OUTDEL/DELIVD.DEL_BY_PSAPP).
 */
#include "gls_codes.h"

const pc_code_map pc__gls_status_codes[] = {
    {"CANCELED", PC_STATUS_EXCEPTION, "exception.cancelled"},
    {"DELIVERED", PC_STATUS_DELIVERED, NULL},
    /* Parcel handed to a ParcelShop: the recipient still has to collect it. */
    {"DELIVEREDPS", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.parcel_shop"},
    /* "Parcel history closed": in practice after delivery or collection. */
    {"FINAL", PC_STATUS_DELIVERED, NULL},
    {"INDELIVERY", PC_STATUS_OUT_FOR_DELIVERY, NULL},
    {"INPICKUP", PC_STATUS_INFO_RECEIVED, "info_received.pickup_scheduled"},
    {"INTRANSIT", PC_STATUS_IN_TRANSIT, NULL},
    /* Stored at a depot warehouse (awaiting redelivery or a new instruction). */
    {"INWAREHOUSE", PC_STATUS_IN_TRANSIT, "in_transit.warehouse"},
    {"NOTDELIVERED", PC_STATUS_FAILED_ATTEMPT, NULL},
    {"NOTPICKEDUP", PC_STATUS_EXCEPTION, "exception.pickup_failed"},
    {"PLANNEDPICKUP", PC_STATUS_INFO_RECEIVED, "info_received.pickup_scheduled"},
    {"PREADVICE", PC_STATUS_INFO_RECEIVED, NULL},
};
const size_t pc__gls_status_codes_len =
    sizeof(pc__gls_status_codes) / sizeof(pc__gls_status_codes[0]);

const pc_code_map pc__gls_event_codes[] = {
    /* Handed out by the ParcelShop (recipient confirmed in the GLS app). */
    {"DELIVD.DEL_BY_PSAPP", PC_STATUS_DELIVERED, "delivered.parcel_shop"},
    /* "The parcel has been delivered at the ParcelShop": waiting for the recipient. */
    {"DELIVD.PARCELSHOP", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.parcel_shop"},
    {"INBOUD.NORMAL", PC_STATUS_IN_TRANSIT, NULL},
    /* "The parcel was provided by the sender for collection by GLS." */
    {"INTIAL.E48_DATA", PC_STATUS_INFO_RECEIVED, NULL},
    /* "The parcel was handed over to GLS." */
    {"INTIAL.NORMAL", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},
    /* "The parcel data was entered into the GLS IT system." */
    {"INTIAL.PREADVICE", PC_STATUS_INFO_RECEIVED, NULL},
    {"OUTBOD.NORMAL", PC_STATUS_IN_TRANSIT, NULL},
    {"OUTDEL.NORMAL", PC_STATUS_OUT_FOR_DELIVERY, NULL},
};
const size_t pc__gls_event_codes_len = sizeof(pc__gls_event_codes) / sizeof(pc__gls_event_codes[0]);

const pc_code_map pc__gls_event_families[] = {
    {"DELIVD", PC_STATUS_DELIVERED, NULL},        {"INBOUD", PC_STATUS_IN_TRANSIT, NULL},
    {"INTIAL", PC_STATUS_IN_TRANSIT, NULL},       {"OUTBOD", PC_STATUS_IN_TRANSIT, NULL},
    {"OUTDEL", PC_STATUS_OUT_FOR_DELIVERY, NULL},
};
const size_t pc__gls_event_families_len =
    sizeof(pc__gls_event_families) / sizeof(pc__gls_event_families[0]);

const pc__gls_error pc__gls_errors[] = {
    {"E_400_01", PC_TE_INVALID_NUMBER}, /* Bad Request (malformed parcel number) */
    {"E_400_02", PC_TE_CARRIER_ERROR},  /* Limit Size Exceeded */
    {"E_400_03", PC_TE_CARRIER_ERROR},  /* Wrong Postal Code */
    {"E_404_01", PC_TE_NOT_FOUND},      /* Resource Not Found */
    {"E_404_02", PC_TE_NOT_FOUND},      /* No Delivery Info */
    {"E_500_01", PC_TE_CARRIER_ERROR},  /* Internal Server Error */
};
const size_t pc__gls_errors_len = sizeof(pc__gls_errors) / sizeof(pc__gls_errors[0]);
