/*
 * A configurable test adapter, compiled into several modules to exercise the plugin loader:
 * TP_NAME (name), TP_ABI (ABI version, 0: the current one), TP_EXPORT (export the symbol),
 * TP_PARSE (has parse), TP_OAUTH (claims OAuth, without a token endpoint).
 * Its format is a toy JSON: {"number":"A1","status":"delivered","time":"2024-01-02T03:04:05Z"}
 * or {"error":"not_found","number":"A2"}.
 */
#include <jansson.h>
#include <parcelcast/adapter.h>
#include <parcelcast/timeutil.h>
#include <string.h>

#ifndef TP_OAUTH
#define TP_OAUTH 0
#endif

static int tp_build(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                    pc_http_request *ret)
{
    (void)cfg;
    (void)numbers;
    (void)n;
    (void)ret;
    return PC_EUNSUPPORTED;
}

#if TP_PARSE
static int tp_parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    json_error_t jerr;
    json_t *j = json_loadb(in->data, in->len, 0, &jerr);
    if (!j)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)jerr.position, jerr.line, jerr.column,
                           "invalid JSON: %s", jerr.text);
    const char *num = json_string_value(json_object_get(j, "number"));
    const char *err = json_string_value(json_object_get(j, "error"));
    const char *st = json_string_value(json_object_get(j, "status"));
    const char *t = json_string_value(json_object_get(j, "time"));
    int rc = 0;
    if (!num) {
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0, "number: missing");
    } else if (err) {
        rc = pc_parse_result_add_error(out, num, PC_TE_NOT_FOUND, "E1", "not found", 0);
    } else {
        pc_shipment *s;
        pc_event *ev;
        pc_status status;
        int64_t utc;
        if (!st || pc_status_parse(st, &status) < 0 || !t || pc_time_parse_utc(t, &utc) < 0)
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0, "status/time: invalid");
        else if ((rc = pc_parse_result_add_shipment(out, in->limits, TP_NAME, &s)) == 0 &&
                 (rc = pc_set_str(&s->tracking_number, num, (size_t)-1)) == 0 &&
                 (rc = pc_shipment_add_event(s, in->limits->max_events, &ev)) == 0) {
            ev->time = utc;
            ev->status = status;
        }
    }
    json_decref(j);
    return rc;
}
#endif

const pc_adapter tp_adapter = {
    .abi_version = TP_ABI ? TP_ABI : PC_ADAPTER_ABI_VERSION,
    .name = TP_NAME,
    .display_name = "Test " TP_NAME,
    .caps = PC_CAP_JSON | PC_CAP_PULL | (TP_OAUTH ? PC_CAP_OAUTH : 0),
    .max_batch = 1,
    .build_request = tp_build,
#if TP_PARSE
    .parse = tp_parse,
#endif
};

#if TP_EXPORT
PC_ADAPTER_EXPORT(tp_adapter);
#endif
