/*
 * GET /v1/carriers (the loaded adapters), GET /v1/detect/{number} (candidates) and
 * GET /v1/openapi.yaml (docs/openapi.yaml, embedded at build time; no key needed).
 * Detection is shared with POST /v1/shipments (pc__api_candidates).
 */
#include "api.h"

#include <parcelcast/detect.h>
#include <parcelcast/error.h>
#include <parcelcast/plugins.h>

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

static const char *confidence_of(const pc_detect_match *m)
{
    if (m->has_check)
        return m->check_ok ? "high" : "low";
    return "medium";
}

int pc__api_candidates(const pc_server_opts *o, const char *number, pc_detect_match *ret,
                       size_t max)
{
    size_t n = 0;
    if (!o->registry)
        return 0;
    if (o->detect) {
        pc_detect_match all[32];
        int k = pc_detect(o->detect, number, all, sizeof(all) / sizeof(all[0]));
        if (k < 0)
            return k;
        for (int i = 0; i < k && n < max; i++)
            if (pc_registry_find(o->registry, all[i].carrier))
                ret[n++] = all[i];
        return (int)n;
    }
    /* No rules file: each adapter's own detect function. */
    char norm[72];
    if (pc__api_number_normalize(number, norm, sizeof(norm)) < 0)
        return 0;
    for (size_t i = 0; i < pc_registry_count(o->registry) && n < max; i++) {
        const pc_adapter *a = pc_registry_at(o->registry, i);
        int check_ok = 0;
        if (!a->detect || a->detect(norm, &check_ok) <= 0)
            continue;
        ret[n].carrier = a->name;
        ret[n].format = a->name;
        ret[n].has_check = check_ok != 0;
        ret[n].check_ok = check_ok != 0;
        n++;
    }
    return (int)n;
}

json_t *pc__api_candidates_json(const pc_server_opts *o, const pc_detect_match *m, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        const pc_adapter *a = o->registry ? pc_registry_find(o->registry, m[i].carrier) : NULL;
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "carrier",
                                             m[i].carrier, "display_name",
                                             a && a->display_name ? a->display_name : m[i].carrier,
                                             "format", m[i].format ? m[i].format : "", "confidence",
                                             confidence_of(&m[i]), "check_digit", m[i].has_check,
                                             "check_ok", m[i].check_ok));
    }
    return arr;
}

void pc__api_carriers(pc_server *srv, struct MHD_Connection *c, const char *path,
                      const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    (void)path;
    (void)req;
    const pc_server_opts *o = pc__api_opts(srv);
    json_t *arr = json_array();
    size_t n = o->registry ? pc_registry_count(o->registry) : 0;
    for (size_t i = 0; arr && i < n; i++) {
        const pc_adapter *a = pc_registry_at(o->registry, i);
        json_t *formats = json_array();
        if (a->caps & PC_CAP_JSON)
            json_array_append_new(formats, json_string("json"));
        if (a->caps & PC_CAP_XML)
            json_array_append_new(formats, json_string("xml"));
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:o, s:b, s:b, s:i}", "name", a->name, "display_name",
                           a->display_name ? a->display_name : a->name, "formats", formats, "pull",
                           (a->caps & PC_CAP_PULL) != 0, "push", (a->caps & PC_CAP_PUSH) != 0,
                           "max_batch", (int)a->max_batch));
    }
    out->status = MHD_HTTP_OK;
    out->json = arr ? json_pack("{s:o}", "carriers", arr) : NULL;
}

void pc__api_detect(pc_server *srv, struct MHD_Connection *c, const char *path,
                    const pc__api_request *req, pc__api_reply *out)
{
    (void)c;
    (void)req;
    const pc_server_opts *o = pc__api_opts(srv);
    const char *number = path + strlen("/v1/detect/");
    char norm[72];
    if (pc__api_number_normalize(number, norm, sizeof(norm)) < 0) {
        pc__api_error(out, 422, "invalid_field",
                      "number: a tracking number is 1 to 64 letters and digits (blanks and "
                      "dashes are ignored)");
        return;
    }
    pc_detect_match m[16];
    int n = pc__api_candidates(o, norm, m, 16);
    if (n < 0) {
        pc__api_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "detection failed: %s",
                      pc_strerror(n));
        return;
    }
    out->status = MHD_HTTP_OK;
    out->json = json_pack("{s:s, s:o}", "tracking_number", norm, "candidates",
                          pc__api_candidates_json(o, m, (size_t)n));
}

void pc__api_openapi(pc_server *srv, struct MHD_Connection *c, const char *path,
                     const pc__api_request *req, pc__api_reply *out)
{
    (void)srv;
    (void)c;
    (void)path;
    (void)req;
    char *text = malloc(pc__openapi_yaml_len + 1);
    if (!text)
        return; /* the server answers 500 */
    memcpy(text, pc__openapi_yaml, pc__openapi_yaml_len);
    text[pc__openapi_yaml_len] = '\0';
    out->status = MHD_HTTP_OK;
    out->text = text;
    out->content_type = "application/yaml";
}
