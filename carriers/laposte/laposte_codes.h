/**
 * @file laposte_codes.h
 * La Poste Suivi v2 event codes (internal; exposed for tests/unit/test_codes_laposte.c).
 */
#ifndef PC_CARRIER_LAPOSTE_CODES_H
#define PC_CARRIER_LAPOSTE_CODES_H

#include <parcelcast/normalize.h>
#include <stddef.h>

/** event[].code -> status, sorted by strcmp() order of the code. */
extern const pc_code_map pc__laposte_codes[];
extern const size_t pc__laposte_codes_len;

/**
 * Status of a code missing from the table, from its two-letter family ("PB9" -> PB, problem):
 * PB (problème) and ND (non distribuable) give exception, every other family in_transit.
 */
pc_status pc__laposte_family_status(const char *code);

#endif
