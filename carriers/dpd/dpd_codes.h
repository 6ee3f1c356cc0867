/*
 * DPD ParcelLifeCycle status table, shared with tests/unit/test_codes_dpd.c.
 *
 * statusInfo/status is DPD's only code: SHIPMENT, PickedUp, BetweenDepots, Depot, Courier,
 * DeliveryFailure, ReturningFromDelivery, ParcelShop, Delivered, and for cross-border or held
 * parcels Customs, Warehouse, Consolidation (tests/carriers/dpd/codes.list).
 */
#ifndef PC_CARRIER_DPD_CODES_H
#define PC_CARRIER_DPD_CODES_H

#include <parcelcast/adapter.h>
#include <parcelcast/normalize.h>

#include <stddef.h>

/** statusInfo/status values, sorted by code (case-sensitive, as DPD spells them). */
extern const pc_code_map pc__dpd_codes[];
extern const size_t pc__dpd_codes_len;

/** SOAP fault error codes. */
typedef struct pc__dpd_error {
    const char *code;
    pc_track_error_kind kind;
} pc__dpd_error;

extern const pc__dpd_error pc__dpd_errors[];
extern const size_t pc__dpd_errors_len;

/** render and parse_request callbacks (dpd_render.c): the SOAP getTrackingDataResponse or
 * Fault, and the inverse of build_request. Same contracts as pc_adapter's. */
int pc__dpd_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                   size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                   int *ret_http_status);
int pc__dpd_parse_request(const char *method, const char *path_and_query, const char *body,
                          size_t body_len, char ***ret_numbers, size_t *ret_n);

#endif
