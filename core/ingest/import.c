#include <parcelcast/error.h>
#include <parcelcast/ingest.h>
#include <parcelcast/json.h>

#include <stdlib.h>
#include <string.h>

struct pc_importer {
    pc_store *st;
    size_t batch_events;
    int64_t now;
    pc_shipment *pending;
    size_t n_pending, cap_pending, pending_events;
    pc_import_stats stats;
};

int pc_importer_new(pc_store *st, size_t batch_events, int64_t now, pc_importer **ret)
{
    pc_importer *imp = calloc(1, sizeof(*imp));
    if (!imp)
        return PC_ENOMEM;
    imp->st = st;
    imp->batch_events = batch_events ? batch_events : 10000;
    imp->now = now;
    *ret = imp;
    return 0;
}

static void drop_pending(pc_importer *imp)
{
    for (size_t i = 0; i < imp->n_pending; i++)
        pc_shipment_done(&imp->pending[i]);
    imp->n_pending = 0;
    imp->pending_events = 0;
}

struct commit_ctx {
    pc_importer *imp;
    size_t created, added;
};

static int commit_fn(pc_txn *tx, void *arg)
{
    struct commit_ctx *c = arg;
    c->created = c->added = 0; /* the callback may run again after map growth */
    for (size_t i = 0; i < c->imp->n_pending; i++) {
        pc_put_result r;
        int rc = pc_store_put_shipment(tx, &c->imp->pending[i], c->imp->now, &r);
        if (rc < 0)
            return rc;
        c->created += r.created;
        c->added += r.events_added;
    }
    return 0;
}

int pc_importer_flush(pc_importer *imp)
{
    if (!imp->n_pending)
        return 0;
    struct commit_ctx c = {imp, 0, 0};
    int rc = pc_store_write(imp->st, commit_fn, &c);
    if (rc >= 0) {
        imp->stats.shipments += imp->n_pending;
        imp->stats.shipments_created += c.created;
        imp->stats.events_added += c.added;
        imp->stats.batches++;
    }
    drop_pending(imp);
    return rc < 0 ? rc : 0;
}

int pc_importer_free(pc_importer *imp)
{
    if (!imp)
        return 0;
    int rc = pc_importer_flush(imp);
    drop_pending(imp);
    free(imp->pending);
    free(imp);
    return rc;
}

/* Take ownership of *s (moved, not copied). */
static int queue(pc_importer *imp, pc_shipment *s)
{
    if (imp->n_pending == imp->cap_pending) {
        size_t cap = imp->cap_pending ? imp->cap_pending * 2 : 256;
        pc_shipment *p = realloc(imp->pending, cap * sizeof(*p));
        if (!p)
            return PC_ENOMEM;
        imp->pending = p;
        imp->cap_pending = cap;
    }
    imp->pending[imp->n_pending++] = *s;
    imp->pending_events += s->n_events;
    imp->stats.events_seen += s->n_events;
    pc_shipment_init(s);
    if (imp->pending_events >= imp->batch_events)
        return pc_importer_flush(imp);
    return 0;
}

int pc_importer_add_body(pc_importer *imp, const pc_adapter *a, const char *body, size_t len,
                         const pc_parse_limits *limits, pc_diag *diag)
{
    pc_parse_result r;
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_AUTO, .limits = limits};
    imp->stats.inputs++;
    imp->stats.bytes += len;
    int rc = pc_adapter_parse(a, &in, 0, &r, diag);
    if (rc < 0) {
        imp->stats.malformed++;
        return rc == PC_ENOMEM ? rc : 0;
    }
    for (size_t i = 0; i < r.n_errors; i++)
        imp->stats.carrier_errors[r.errors[i].kind < PC_TE__COUNT ? r.errors[i].kind
                                                                  : PC_TE_CARRIER_ERROR]++;
    for (size_t i = 0; i < r.n_shipments && rc >= 0; i++)
        rc = queue(imp, &r.shipments[i]);
    pc_parse_result_done(&r);
    return rc < 0 ? rc : 0;
}

int pc_importer_add_json(pc_importer *imp, const char *line, size_t len, pc_diag *diag)
{
    json_error_t jerr;
    pc_shipment s;
    imp->stats.inputs++;
    imp->stats.bytes += len;
    json_t *j = json_loadb(line, len, 0, &jerr);
    if (!j) {
        imp->stats.malformed++;
        pc_diag_set(diag, PC_EMALFORMED, (size_t)jerr.position, jerr.line, jerr.column,
                    "invalid JSON: %s", jerr.text);
        return 0;
    }
    char err[256];
    int rc = pc_shipment_from_json(j, &s, err, sizeof(err));
    json_decref(j);
    if (rc == PC_EMALFORMED) {
        imp->stats.malformed++;
        pc_diag_set(diag, rc, (size_t)-1, 0, 0, "%s", err);
        return 0;
    }
    if (rc < 0)
        return rc;
    pc_shipment_normalize(&s);
    rc = queue(imp, &s);
    pc_shipment_done(&s);
    return rc;
}

int pc_importer_add_shipment(pc_importer *imp, const pc_shipment *s)
{
    pc_shipment copy;
    int rc = pc_shipment_copy(&copy, s);
    if (rc < 0)
        return rc;
    imp->stats.inputs++;
    rc = queue(imp, &copy);
    pc_shipment_done(&copy);
    return rc;
}

void pc_importer_reject(pc_importer *imp, size_t bytes)
{
    imp->stats.inputs++;
    imp->stats.bytes += bytes;
    imp->stats.malformed++;
}

const pc_import_stats *pc_importer_stats(const pc_importer *imp)
{
    return &imp->stats;
}
