/**
 * @file fedex_codes.h
 * FedEx Track API status-code tables (internal; exposed for tests/unit/test_codes_fedex.c).
 *
 * FedEx publishes one "Tracking Status Codes" table split in three groups (Movement, Regulatory,
 * Possession), and some two-letter codes appear in more than one group with different meanings
 * (CA = "Shipment Cancelled" as a movement, "Carrier" as a possession; RC = "CDO Cancelled" vs
 * "Recipient"; EA = "Enroute to Airport" vs "Export Approved"; SP = "Split Status" everywhere).
 * One table per group keeps each meaning; the adapter decides by group:
 *   - scanEvents[].eventType is a movement code, or a regulatory one for the customs codes that
 *     have no movement meaning (CC, CD, CP). The movement meaning wins on a collision (EA, SP;
 *     both meanings are in_transit anyway).
 *   - Possession codes never describe a scan; they are mapped for completeness only.
 * Unknown eventTypes fall back to derivedStatusCode (pc__fedex_derived_codes), then to
 * exception (when the scan carries an exceptionCode) or in_transit.
 */
#ifndef PC_CARRIER_FEDEX_CODES_H
#define PC_CARRIER_FEDEX_CODES_H

#include <parcelcast/normalize.h>
#include <stddef.h>

/** Movement group (plus AE "Shipment arriving early", seen in real scans but not listed). */
extern const pc_code_map pc__fedex_movement_codes[];
extern const size_t pc__fedex_movement_codes_len;

/** Regulatory (customs) group. */
extern const pc_code_map pc__fedex_regulatory_codes[];
extern const size_t pc__fedex_regulatory_codes_len;

/** Possession group: who holds the package. */
extern const pc_code_map pc__fedex_possession_codes[];
extern const size_t pc__fedex_possession_codes_len;

/** derivedStatusCode values (FedEx's own coarse category), the fallback for unknown eventTypes. */
extern const pc_code_map pc__fedex_derived_codes[];
extern const size_t pc__fedex_derived_codes_len;

/**
 * Delivery-exception reasons (scanEvents[].exceptionCode) that refine a failed_attempt scan (DE).
 * Only the status field's substatus is used, and only when the scan already maps to
 * failed_attempt.
 */
extern const pc_code_map pc__fedex_exception_codes[];
extern const size_t pc__fedex_exception_codes_len;

#endif
