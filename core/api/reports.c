/* GET /v1/reports/carriers?from=&to=&by=&carrier=&small= : the authenticated tenant's
 * carrier-performance report (include/parcelcast/report.h, docs/reports.md). */
#include "api.h"

#include <parcelcast/error.h>
#include <parcelcast/report.h>
#include <parcelcast/store.h>

#include <microhttpd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void pc__api_reports_carriers(pc_server *srv, struct MHD_Connection *c, const char *path,
                              const pc__api_request *req, pc__api_reply *out)
{
    (void)path;
    const pc_server_opts *o = pc__api_opts(srv);
    pc_report_opts ro;
    memset(&ro, 0, sizeof(ro));
    ro.day_from = INT32_MIN;
    ro.day_to = INT32_MAX;
    ro.tenant = req->tenant;
    const char *v;
    if ((v = pc__api_arg(c, "from")) && pc_report_parse_day(v, &ro.day_from) < 0) {
        pc__api_error(out, 422, "invalid_parameter", "from: '%.40s' is not a date (YYYY-MM-DD)", v);
        return;
    }
    if ((v = pc__api_arg(c, "to")) && pc_report_parse_day(v, &ro.day_to) < 0) {
        pc__api_error(out, 422, "invalid_parameter", "to: '%.40s' is not a date (YYYY-MM-DD)", v);
        return;
    }
    if (ro.day_from > ro.day_to) {
        pc__api_error(out, 422, "invalid_parameter", "from is after to");
        return;
    }
    if ((v = pc__api_arg(c, "by")) && pc_report_by_parse(v, &ro.by, &ro.meta_key) < 0) {
        pc__api_error(out, 422, "invalid_parameter",
                      "by: '%.40s' is not one of carrier, service, lane, week, country, meta:KEY",
                      v);
        return;
    }
    if ((v = pc__api_arg(c, "carrier")))
        ro.carrier = v;
    if ((v = pc__api_arg(c, "small"))) {
        char *end;
        unsigned long n = strtoul(v, &end, 10);
        if (end == v || *end || n < 1 || n > 1000000) {
            pc__api_error(out, 422, "invalid_parameter",
                          "small: '%.40s' is not a count in [1, 1000000]", v);
            return;
        }
        ro.small_n = (unsigned)n;
    }
    pc_txn *tx = NULL;
    pc_report *r = NULL;
    char err[256] = "";
    int rc = pc_store_read_begin(o->store, &tx);
    if (rc < 0) {
        pc__api_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "store_unavailable", "%s",
                      pc_strerror(rc));
        return;
    }
    rc = pc_report_build(tx, &ro, &r, err, sizeof(err));
    pc_store_read_end(tx);
    if (rc == PC_EINVAL) {
        pc__api_error(out, 422, "invalid_parameter", "%s", err);
        return;
    }
    if (rc < 0) {
        pc__api_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "%s",
                      *err ? err : pc_strerror(rc));
        return;
    }
    out->json = pc_report_to_json(r);
    pc_report_free(r);
    if (!out->json) {
        pc__api_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory");
        return;
    }
    out->status = MHD_HTTP_OK;
}
