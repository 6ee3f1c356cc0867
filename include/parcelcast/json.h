/**
 * @file json.h
 * The normalized JSON of DESIGN.md, to and from the model (jansson).
 */
#ifndef PARCELCAST_JSON_H
#define PARCELCAST_JSON_H

#include <jansson.h>
#include <parcelcast/adapter.h>
#include <parcelcast/model.h>

enum pc_json_flags {
    PC_JSON_MERCHANT = 1u << 0, /**< include merchant fields (promised_by, order_id, customer...) */
};

/**
 * Normalized JSON of a shipment. Absent fields are null; events oldest first.
 * @return a new reference owned by the caller, NULL on ENOMEM.
 */
json_t *pc_shipment_to_json(const pc_shipment *s, unsigned flags);

/**
 * Read a normalized shipment (as written by pc_shipment_to_json, merchant fields optional).
 * Unknown keys are ignored; wrong types and bad values are errors naming the field
 * ("events[3].time: not an RFC 3339 time").
 * @param ret_shipment initialized by this call; on error it is left empty.
 * @param err buffer for the message (may be NULL).
 * @return 0, PC_EMALFORMED, PC_ENOMEM.
 */
int pc_shipment_from_json(const json_t *j, pc_shipment *ret_shipment, char *err, size_t errlen);

/** The JSON printed by `parcelcast parse`: {"shipments":[...],"errors":[...]}. New reference. */
json_t *pc_parse_result_to_json(const pc_parse_result *r);

/** Serialize (keys in insertion order; pretty = 2-space indent). @return malloc'd string or NULL.
 */
char *pc_json_dumps(const json_t *j, int pretty);

#endif
