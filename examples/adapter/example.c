/*
 * A complete parcelcast carrier adapter, built OUT OF TREE against the installed headers:
 *
 *   cc -shared -fPIC -DPC_ADAPTER_MODULE $(pkg-config --cflags parcelcast) example.c \
 *      -o example.so $(pkg-config --libs parcelcast)
 *   cp example.so "$(pkg-config --variable=plugindir parcelcast)"
 *
 * The "Example Express" API answers GET /v1/track/{number} with
 *   {"parcel":"EX123","service":"Next Day","scans":[{"at":"2024-05-01T09:30:00+02:00",
 *    "code":"DLV","text":"Delivered","city":"Lyon","country":"FR"}]}
 * and {"problem":"unknown parcel","parcel":"EX999"} for numbers it does not know.
 */
#include <jansson.h>
#include <parcelcast/adapter.h>
#include <parcelcast/normalize.h>
#include <stdio.h>
#include <string.h>

/* Sorted by code (strcmp order): pc_code_map_find bisects. */
static const pc_code_map example_codes[] = {
    {"DLV", PC_STATUS_DELIVERED, NULL},
    {"HUB", PC_STATUS_IN_TRANSIT, NULL},
    {"INF", PC_STATUS_INFO_RECEIVED, NULL},
    {"NOH", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"},
    {"OFD", PC_STATUS_OUT_FOR_DELIVERY, NULL},
};

static int example_build_request(const pc_adapter_config *cfg, const char *const *numbers, size_t n,
                                 pc_http_request *req)
{
    char url[1024];
    if (n != 1)
        return PC_EINVAL;
    snprintf(url, sizeof(url), "%s/v1/track/%s",
             cfg->base_url ? cfg->base_url : "https://api.example.com", numbers[0]);
    if (pc_set_str(&req->method, "GET", (size_t)-1) < 0 ||
        pc_set_str(&req->url, url, (size_t)-1) < 0 ||
        pc_http_request_add_header(req, "Accept: application/json") < 0)
        return PC_ENOMEM;
    return 0;
}

static const char *str(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static int example_parse(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag)
{
    json_error_t jerr;
    json_t *root = json_loadb(in->data, in->len, 0, &jerr);
    int rc = 0;
    if (!root)
        return pc_diag_set(diag, PC_EMALFORMED, (size_t)jerr.position, jerr.line, jerr.column,
                           "invalid JSON: %s", jerr.text);
    const char *number = str(root, "parcel");
    if (!number) {
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0, "parcel: missing");
        goto out;
    }
    if (str(root, "problem")) {
        rc = pc_parse_result_add_error(out, number, PC_TE_NOT_FOUND, NULL, str(root, "problem"), 0);
        goto out;
    }
    pc_shipment *s;
    if ((rc = pc_parse_result_add_shipment(out, in->limits, "example", &s)) < 0 ||
        (rc = pc_set_str(&s->tracking_number, number, (size_t)-1)) < 0 ||
        (rc = pc_set_clean(&s->service, str(root, "service"), (size_t)-1)) < 0)
        goto out;
    size_t i;
    json_t *scan;
    json_array_foreach(json_object_get(root, "scans"), i, scan)
    {
        pc_event *ev;
        pc_civil local;
        int offset;
        const char *code = str(scan, "code");
        const pc_code_map *m = code ? pc_code_map_find(example_codes, 5, code, strlen(code)) : NULL;
        if ((rc = pc_shipment_add_event(s, in->limits->max_events, &ev)) < 0)
            goto out;
        ev->status = m ? m->status : PC_STATUS_IN_TRANSIT;
        if ((rc = pc_set_str(&ev->code, code, (size_t)-1)) < 0 ||
            (rc = pc_set_str(&ev->substatus, m ? m->substatus : NULL, (size_t)-1)) < 0 ||
            (rc = pc_set_clean(&ev->description, str(scan, "text"), (size_t)-1)) < 0 ||
            (rc = pc_set_str(&ev->location.city, str(scan, "city"), (size_t)-1)) < 0)
            goto out;
        const char *cc = str(scan, "country");
        const char *iso = cc ? pc_country_iso2(cc, strlen(cc)) : NULL;
        if ((rc = pc_set_str(&ev->location.country, iso, (size_t)-1)) < 0)
            goto out;
        if (!str(scan, "at") || pc_time_parse_iso(str(scan, "at"), &local, &offset) < 0) {
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0, "scans[%zu].at: bad time", i);
            goto out;
        }
        if ((rc = pc_event_set_local_time(ev, &local, offset, NULL, "Europe/Paris")) < 0) {
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0, "scans[%zu].at: no zone", i);
            goto out;
        }
    }
out:
    json_decref(root);
    return rc;
}

const pc_adapter pc_adapter_example = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = "example",
    .display_name = "Example Express",
    .caps = PC_CAP_JSON | PC_CAP_PULL,
    .max_batch = 1,
    .default_zone = "Europe/Paris",
    .build_request = example_build_request,
    .parse = example_parse,
};

PC_ADAPTER_EXPORT(pc_adapter_example);
