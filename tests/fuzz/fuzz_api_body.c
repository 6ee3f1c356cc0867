/*
 * Fuzz target for the merchant API's request bodies: the JSON parse and the registration
 * reader behind POST /v1/shipments and POST /v1/shipments/batch (core/api/shipments.c), with
 * the same code the server runs. Built for libFuzzer with -DPC_FUZZ=ON, else with replay.c as
 * a CTest replaying tests/fuzz/corpus/api_body.
 */
#include "api/api.h"

#include <parcelcast/model.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const json_t *item, const char *where)
{
    pc_shipment s;
    pc__api_err err;
    memset(&err, 0, sizeof(err));
    if (pc__api_shipment_from_json(item, where, &s, &err) == 0) {
        /* an accepted registration always has a normalized number */
        if (!s.tracking_number || !*s.tracking_number)
            __builtin_trap();
    } else if (!err.code || !err.message[0] || err.status < 400) {
        __builtin_trap(); /* every refusal is explained */
    }
    pc_shipment_done(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *j = NULL;
    pc__api_err err;
    memset(&err, 0, sizeof(err));
    if (pc__api_parse_json((const char *)data, size, &j, &err) < 0) {
        if (err.status != 400 || !err.message[0])
            __builtin_trap();
        return 0;
    }
    check(j, "");
    const json_t *arr = json_is_object(j) ? json_object_get(j, "shipments") : NULL;
    for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr) && i < 1000; i++) {
        char where[48];
        snprintf(where, sizeof(where), "shipments[%zu].", i);
        check(json_array_get(arr, i), where);
    }
    json_decref(j);
    return 0;
}
