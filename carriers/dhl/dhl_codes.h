/**
 * @file dhl_codes.h
 * DHL status tables (internal; exposed for tests/unit/test_codes_dhl.c).
 *
 * DHL speaks three vocabularies, one per format the adapter reads:
 *   - Shipment Tracking Unified (JSON): statusCode is one of five families (pre-transit, transit,
 *     delivered, failure, unknown); the free-text status/description refines it (English, or
 *     German for parcel-de) through pc__dhl_text_rules.
 *   - Express XML-PI: two-letter checkpoint codes (ServiceEvent/EventCode).
 *   - Parcel DE XML ("Sendungsverfolgung"): standard-event-code attributes.
 * Every table is sorted by strcmp() order of the code.
 */
#ifndef PC_CARRIER_DHL_CODES_H
#define PC_CARRIER_DHL_CODES_H

#include <parcelcast/normalize.h>
#include <stddef.h>

/** Unified statusCode families. */
extern const pc_code_map pc__dhl_unified_codes[];
extern const size_t pc__dhl_unified_codes_len;

/** Express XML-PI checkpoint codes. Unknown codes fall back to in_transit (no category given). */
extern const pc_code_map pc__dhl_express_codes[];
extern const size_t pc__dhl_express_codes_len;

/** Parcel DE XML standard-event-code values. Unknown codes fall back to in_transit. */
extern const pc_code_map pc__dhl_parcel_de_codes[];
extern const size_t pc__dhl_parcel_de_codes_len;

/** Bits for pc__dhl_text_rule.families: which unified statusCode families a rule may refine. */
enum {
    PC__DHL_F_PRE = 1u << 0,
    PC__DHL_F_TRANSIT = 1u << 1,
    PC__DHL_F_DELIVERED = 1u << 2,
    PC__DHL_F_FAILURE = 1u << 3,
    PC__DHL_F_UNKNOWN = 1u << 4,
};

/**
 * A refinement of a unified event by its text: when the lower-cased status/description/remark
 * contains needle and the event's family is in families, the event takes status/substatus.
 * The first matching rule wins.
 */
typedef struct pc__dhl_text_rule {
    const char *needle; /**< lower-case UTF-8 */
    unsigned families;
    pc_status status;
    const char *substatus; /**< may be NULL */
} pc__dhl_text_rule;

extern const pc__dhl_text_rule pc__dhl_text_rules[];
extern const size_t pc__dhl_text_rules_len;

/** Family bit of a unified statusCode ("transit" -> PC__DHL_F_TRANSIT); 0 when unknown. */
unsigned pc__dhl_family_bit(const char *status_code, size_t len);

#endif
