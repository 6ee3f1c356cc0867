/**
 * @file ups_codes.h
 * UPS status-code tables (internal; exposed for tests/unit/test_codes_ups.c).
 *
 * One pc_code_map table per code family of UPS's published lists. Every table is sorted by
 * strcmp() order of the code, codes are case-sensitive and kept verbatim, except the
 * three-digit status codes, which are stored zero-padded ("003") because that is how the Track
 * API sends them (the published list prints "3"). Lookups go through pc__ups_map_status() in
 * ups.c, which picks the families by activity type.
 */
#ifndef PC_CARRIER_UPS_CODES_H
#define PC_CARRIER_UPS_CODES_H

#include <parcelcast/normalize.h>
#include <stddef.h>

/** Activity types (status.type / StatusType/Code). */
extern const pc_code_map pc__ups_types[];
extern const size_t pc__ups_types_len;

/** Three-digit status codes (status.statusCode), zero-padded to three digits. */
extern const pc_code_map pc__ups_status_codes[];
extern const size_t pc__ups_status_codes_len;

/** Package exception codes (used with type X). */
extern const pc_code_map pc__ups_exception_codes[];
extern const size_t pc__ups_exception_codes_len;

/** DIALS delivery codes (type D; also the delivered-to spot in ActivityLocation/Code). */
extern const pc_code_map pc__ups_delivery_codes[];
extern const size_t pc__ups_delivery_codes_len;

/** Movement (ULD) scan codes (type I / P). */
extern const pc_code_map pc__ups_movement_codes[];
extern const size_t pc__ups_movement_codes_len;

/** Manifest codes (type M / MV). */
extern const pc_code_map pc__ups_manifest_codes[];
extern const size_t pc__ups_manifest_codes_len;

/** Update codes (type U). */
extern const pc_code_map pc__ups_update_codes[];
extern const size_t pc__ups_update_codes_len;

/** Freight forwarding activity codes (types DO / DD / W). */
extern const pc_code_map pc__ups_freight_activity_codes[];
extern const size_t pc__ups_freight_activity_codes_len;

/** Freight exception codes (types DO / DD / W). */
extern const pc_code_map pc__ups_freight_exception_codes[];
extern const size_t pc__ups_freight_exception_codes_len;

/** Mail Innovations shipping event codes. */
extern const pc_code_map pc__ups_mi_codes[];
extern const size_t pc__ups_mi_codes_len;

#endif
