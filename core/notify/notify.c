/*
 * Notices: kinds, detection (pure), bodies, the outbox records written in the caller's
 * transaction, subscriptions and dead letters kept as per-tenant blobs. See
 * include/parcelcast/notify.h and docs/webhooks.md.
 */
#include "notify_internal.h"

#include <parcelcast/error.h>
#include <parcelcast/json.h>
#include <parcelcast/timeutil.h>

#include <inttypes.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
#define PC__NK_NAME(e, s) s,
    PC_NOTICE_KIND_MAP(PC__NK_NAME)
#undef PC__NK_NAME
};

const char *pc_notice_kind_name(pc_notice_kind kind)
{
    return (unsigned)kind < PC_NOTICE__COUNT ? kind_names[kind] : "unknown";
}

int pc_notice_kind_parse(const char *name, pc_notice_kind *ret_kind)
{
    for (unsigned i = 0; name && i < PC_NOTICE__COUNT; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *ret_kind = (pc_notice_kind)i;
            return 0;
        }
    }
    return PC_EINVAL;
}

/* ---- detection ----------------------------------------------------------------------------- */

static bool has_window(const pc_eta *e)
{
    return e && e->w80_start != PC_TIME_NONE && e->w80_end != PC_TIME_NONE &&
           e->w80_end >= e->w80_start;
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

bool pc_notice_window_moved(const pc_eta *before, const pc_eta *now)
{
    if (!has_window(before) || !has_window(now))
        return false;
    int64_t width = before->w80_end - before->w80_start;
    int64_t tol = width / 4 > 2 * 3600 ? width / 4 : 2 * 3600;
    return abs64(now->w80_start - before->w80_start) > tol ||
           abs64(now->w80_end - before->w80_end) > tol;
}

static size_t count_status(const pc_shipment *s, pc_status st)
{
    size_t n = 0;
    for (size_t i = 0; s && i < s->n_events; i++)
        n += s->events[i].status == st;
    return n;
}

static bool has_moved(const pc_shipment *s)
{
    for (size_t i = 0; s && i < s->n_events; i++)
        if (s->events[i].status != PC_STATUS_PENDING &&
            s->events[i].status != PC_STATUS_INFO_RECEIVED)
            return true;
    return false;
}

static bool risky(const pc_eta *e)
{
    return e && (e->at_risk || e->p_late >= 0.5);
}

size_t pc_notice_detect(const pc_shipment *before, const pc_shipment *after,
                        const pc_eta *eta_before, const pc_eta *eta_after, pc_notice_kind out[],
                        size_t max)
{
    size_t n = 0;
    if (!after)
        return 0;
#define PC__EMIT(k)                                                                                \
    do {                                                                                           \
        if (n < max)                                                                               \
            out[n++] = (k);                                                                        \
    } while (0)
    pc_status was = before ? before->status : PC_STATUS_PENDING;
    bool delivered = after->status == PC_STATUS_DELIVERED;
    if (after->status == PC_STATUS_INFO_RECEIVED && was != PC_STATUS_INFO_RECEIVED)
        PC__EMIT(PC_NOTICE_INFO_RECEIVED);
    if (has_moved(after) && !has_moved(before))
        PC__EMIT(PC_NOTICE_SHIPPED);
    bool delayed = false;
    if (!delivered && !pc_status_is_final(after->status) && risky(eta_after) &&
        !risky(eta_before)) {
        PC__EMIT(PC_NOTICE_DELAYED);
        delayed = true;
    }
    if (!delayed && !pc_status_is_final(after->status) &&
        pc_notice_window_moved(eta_before, eta_after))
        PC__EMIT(PC_NOTICE_ETA_CHANGED);
    static const struct {
        pc_status st;
        pc_notice_kind kind;
    } repeatable[] = {{PC_STATUS_OUT_FOR_DELIVERY, PC_NOTICE_OUT_FOR_DELIVERY},
                      {PC_STATUS_FAILED_ATTEMPT, PC_NOTICE_FAILED_ATTEMPT},
                      {PC_STATUS_EXCEPTION, PC_NOTICE_EXCEPTION}};
    for (size_t i = 0; i < sizeof(repeatable) / sizeof(repeatable[0]); i++) {
        if (after->status != repeatable[i].st)
            continue;
        if (was != repeatable[i].st ||
            count_status(after, repeatable[i].st) > count_status(before, repeatable[i].st))
            PC__EMIT(repeatable[i].kind);
    }
    if (delivered && was != PC_STATUS_DELIVERED)
        PC__EMIT(PC_NOTICE_DELIVERED);
#undef PC__EMIT
    return n;
}

/* ---- bodies -------------------------------------------------------------------------------- */

static json_t *time_json(int64_t t)
{
    char buf[40];
    return t == PC_TIME_NONE ? json_null() : json_string(pc_time_format(t, buf, sizeof(buf)));
}

static json_t *str_json(const char *s)
{
    return s ? json_string(s) : json_null();
}

static const char *next_step(pc_notice_kind kind)
{
    switch (kind) {
    case PC_NOTICE_FAILED_ATTEMPT:
        return "The carrier will usually try again on the next working day or hold the parcel "
               "for pickup; the carrier's notice says which.";
    case PC_NOTICE_EXCEPTION:
        return "The carrier is handling a problem with the parcel; no action is needed unless "
               "the carrier asks for it.";
    default:
        return NULL;
    }
}

static const char *reason_of(pc_notice_kind kind, const pc_shipment *s, const pc_eta *eta)
{
    const pc_event *last = s->n_events ? &s->events[s->n_events - 1] : NULL;
    switch (kind) {
    case PC_NOTICE_DELAYED:
    case PC_NOTICE_ETA_CHANGED:
        return eta && eta->n_reasons > 0 ? eta->reasons[0] : NULL;
    case PC_NOTICE_FAILED_ATTEMPT:
    case PC_NOTICE_EXCEPTION:
        return last ? last->description : NULL;
    default:
        return NULL;
    }
}

json_t *pc_notice_body(const char *delivery_id, pc_notice_kind kind, const pc_shipment *s,
                       const pc_eta *eta, int64_t created_at)
{
    const pc_event *last = s->n_events ? &s->events[s->n_events - 1] : NULL;
    json_t *ev = json_null();
    if (last)
        ev = json_pack("{s:o, s:s, s:o, s:o, s:{s:o, s:o, s:o}}", "time", time_json(last->time),
                       "status", pc_status_name(last->status), "code", str_json(last->code),
                       "description", str_json(last->description), "location", "city",
                       str_json(last->location.city), "region", str_json(last->location.region),
                       "country", str_json(last->location.country));
    json_t *ship =
        json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:{s:o}, s:o}", "carrier",
                  str_json(s->carrier), "tracking_number", str_json(s->tracking_number), "status",
                  pc_status_name(s->status), "substatus", str_json(s->substatus), "service",
                  str_json(s->service), "carrier_eta", time_json(s->carrier_eta), "promised_by",
                  time_json(s->promised_by), "order_id", str_json(s->order_id), "customer", "name",
                  str_json(s->customer.name), "last_event", ev ? ev : json_null());
    json_t *etaj = eta ? pc_eta_to_json(eta) : json_null();
    if (!ship || !etaj) {
        json_decref(ship);
        json_decref(etaj);
        return NULL;
    }
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", delivery_id, "kind",
                     pc_notice_kind_name(kind), "created_at", time_json(created_at), "shipment",
                     ship, "eta", etaj, "reason", str_json(reason_of(kind, s, eta)), "next_step",
                     str_json(next_step(kind)));
}

/* ---- blobs --------------------------------------------------------------------------------- */

static int blob_json(pc_txn *tx, const char *name, json_t **ret)
{
    void *blob = NULL;
    size_t len = 0;
    *ret = NULL;
    int rc = pc_store_get_blob(tx, name, &blob, &len);
    if (rc < 0)
        return rc;
    *ret = json_loadb(blob, len, JSON_REJECT_DUPLICATES, NULL);
    free(blob);
    return *ret ? 0 : PC_EMALFORMED;
}

static int put_json(pc_txn *tx, const char *name, const json_t *j)
{
    char *text = pc_json_dumps(j, 0);
    if (!text)
        return PC_ENOMEM;
    int rc = pc_store_put_blob(tx, name, text, strlen(text));
    free(text);
    return rc;
}

static void doc_name(char *buf, size_t size, uint32_t tenant)
{
    snprintf(buf, size, "wh:%" PRIu32, tenant);
}

static void dl_name(char *buf, size_t size, uint32_t tenant, uint32_t hook)
{
    snprintf(buf, size, "dl:%" PRIu32 ":%" PRIu32, tenant, hook);
}

int pc__notify_doc_load(pc_txn *tx, uint32_t tenant, json_t **ret_doc)
{
    char name[40];
    doc_name(name, sizeof(name), tenant);
    int rc = blob_json(tx, name, ret_doc);
    if (rc == PC_ENOTFOUND) {
        *ret_doc = json_pack("{s:i, s:b, s:[]}", "next", 1, "email", 0, "hooks");
        return *ret_doc ? 0 : PC_ENOMEM;
    }
    if (rc == 0 &&
        (!json_is_object(*ret_doc) || !json_is_array(json_object_get(*ret_doc, "hooks")))) {
        json_decref(*ret_doc);
        *ret_doc = NULL;
        return PC_EMALFORMED;
    }
    return rc;
}

json_t *pc__notify_doc_hook(json_t *doc, uint32_t id)
{
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(doc, "hooks"), i, h)
    {
        if (json_integer_value(json_object_get(h, "id")) == (json_int_t)id)
            return h;
    }
    return NULL;
}

static int next_notice_id(pc_txn *tx, uint64_t *ret)
{
    void *blob = NULL;
    size_t len = 0;
    uint64_t v = 0;
    int rc = pc_store_get_blob(tx, "notify.seq", &blob, &len);
    if (rc == 0 && len == 8)
        for (int i = 0; i < 8; i++)
            v = (v << 8) | ((unsigned char *)blob)[i];
    free(blob);
    if (rc < 0 && rc != PC_ENOTFOUND)
        return rc;
    v++;
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (56 - 8 * i));
    *ret = v;
    return pc_store_put_blob(tx, "notify.seq", b, 8);
}

static int random_hex(char *out, size_t nbytes)
{
    unsigned char raw[32];
    static const char hex[] = "0123456789abcdef";
    if (nbytes > sizeof(raw) || RAND_bytes(raw, (int)nbytes) != 1)
        return PC_EINTERNAL;
    for (size_t i = 0; i < nbytes; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[2 * nbytes] = '\0';
    return 0;
}

json_t *pc__notify_record_parse(const void *blob, size_t len)
{
    json_t *r = json_loadb(blob, len, 0, NULL);
    if (!json_is_object(r) ||
        json_integer_value(json_object_get(r, "v")) != PC__NOTIFY_RECORD_VERSION ||
        !json_is_string(json_object_get(r, "id")) || !json_is_string(json_object_get(r, "body")) ||
        !json_is_string(json_object_get(r, "to")) || !json_is_integer(json_object_get(r, "hook")) ||
        !json_is_integer(json_object_get(r, "tenant"))) {
        json_decref(r);
        return NULL;
    }
    return r;
}

int pc__notify_record_put(pc_txn *tx, int64_t due, uint64_t notice_id, const json_t *record)
{
    char *text = pc_json_dumps(record, 0);
    if (!text)
        return PC_ENOMEM;
    int rc = pc_store_outbox_put(tx, due, notice_id, text, strlen(text));
    free(text);
    return rc;
}

static int enqueue_one(pc_txn *tx, uint32_t tenant, uint32_t hook, const char *to,
                       pc_notice_kind kind, const pc_shipment *s, const pc_eta *eta, int64_t now)
{
    char id[33];
    uint64_t notice = 0;
    int rc = random_hex(id, 16);
    if (rc < 0)
        return rc;
    json_t *body = pc_notice_body(id, kind, s, eta, now);
    char *text = body ? pc_json_dumps(body, 0) : NULL;
    json_decref(body);
    json_t *rec =
        text ? json_pack("{s:i, s:I, s:I, s:s, s:s, s:s, s:i, s:n, s:n, s:n, s:s}", "v",
                         PC__NOTIFY_RECORD_VERSION, "tenant", (json_int_t)tenant, "hook",
                         (json_int_t)hook, "to", to, "id", id, "kind", pc_notice_kind_name(kind),
                         "attempts", 0, "first_attempt", "last_attempt", "last_error", "body", text)
             : NULL;
    free(text);
    if (!rec)
        return PC_ENOMEM;
    if ((rc = next_notice_id(tx, &notice)) == 0)
        rc = pc__notify_record_put(tx, now, notice, rec);
    json_decref(rec);
    return rc;
}

int pc_notice_enqueue(pc_txn *tx, uint32_t tenant, pc_notice_kind kind, const pc_shipment *s,
                      const pc_eta *eta, int64_t now)
{
    json_t *doc = NULL;
    if (!tx || tenant == 0 || !s || (unsigned)kind >= PC_NOTICE__COUNT)
        return PC_EINVAL;
    int rc = pc__notify_doc_load(tx, tenant, &doc);
    int written = 0;
    if (rc < 0)
        goto out;
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(doc, "hooks"), i, h)
    {
        json_int_t kinds = json_integer_value(json_object_get(h, "kinds"));
        if (!(kinds & (1 << kind)))
            continue;
        const char *url = json_string_value(json_object_get(h, "url"));
        json_int_t hid = json_integer_value(json_object_get(h, "id"));
        if (!url || hid <= 0 || hid > UINT32_MAX) {
            rc = PC_EMALFORMED;
            goto out;
        }
        if ((rc = enqueue_one(tx, tenant, (uint32_t)hid, url, kind, s, eta, now)) < 0)
            goto out;
        written++;
    }
    if (json_is_true(json_object_get(doc, "email")) && s->customer.email) {
        if ((rc = enqueue_one(tx, tenant, 0, s->customer.email, kind, s, eta, now)) < 0)
            goto out;
        written++;
    }
    rc = written;
out:
    json_decref(doc);
    return rc;
}

/* ---- subscriptions ------------------------------------------------------------------------- */

static int doc_save(pc_txn *tx, uint32_t tenant, const json_t *doc)
{
    char name[40];
    doc_name(name, sizeof(name), tenant);
    return put_json(tx, name, doc);
}

static int url_check(const char *url, char *err, size_t errlen)
{
    if (!url || !*url) {
        if (err)
            snprintf(err, errlen, "url: missing");
        return PC_EINVAL;
    }
    size_t len = strlen(url);
    if (len >= PC_WEBHOOK_URL_MAX) {
        if (err)
            snprintf(err, errlen, "url: longer than %d bytes", PC_WEBHOOK_URL_MAX - 1);
        return PC_EINVAL;
    }
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        if (err)
            snprintf(err, errlen, "url: must start with http:// or https://");
        return PC_EINVAL;
    }
    size_t host = url[4] == 's' ? 8 : 7;
    if (len == host || url[host] == '/') {
        if (err)
            snprintf(err, errlen, "url: no host");
        return PC_EINVAL;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= ' ' || c == 0x7f) {
            if (err)
                snprintf(err, errlen, "url: white space or control character at byte %zu", i);
            return PC_EINVAL;
        }
    }
    return 0;
}

int pc_webhook_add(pc_txn *tx, uint32_t tenant, const char *url, const pc_notice_kind *kinds,
                   size_t n_kinds, int64_t now, uint32_t *ret_id,
                   char secret_out[PC_WEBHOOK_SECRET_SIZE], char *err, size_t errlen)
{
    json_t *doc = NULL;
    char secret[PC_WEBHOOK_SECRET_SIZE];
    if (tenant == 0) {
        if (err)
            snprintf(err, errlen, "tenant: 0 is not a tenant");
        return PC_EINVAL;
    }
    int rc = url_check(url, err, errlen);
    if (rc < 0)
        return rc;
    unsigned mask = 0;
    for (size_t i = 0; i < n_kinds; i++) {
        if ((unsigned)kinds[i] >= PC_NOTICE__COUNT) {
            if (err)
                snprintf(err, errlen, "kinds[%zu]: unknown kind", i);
            return PC_EINVAL;
        }
        mask |= 1u << kinds[i];
    }
    if (n_kinds == 0)
        mask = (1u << PC_NOTICE__COUNT) - 1;
    if ((rc = pc__notify_doc_load(tx, tenant, &doc)) < 0)
        return rc;
    json_t *hooks = json_object_get(doc, "hooks");
    if (json_array_size(hooks) >= PC_WEBHOOK_MAX) {
        if (err)
            snprintf(err, errlen, "a tenant has at most %d webhooks", PC_WEBHOOK_MAX);
        rc = PC_ELIMIT;
        goto out;
    }
    json_int_t id = json_integer_value(json_object_get(doc, "next"));
    if (id <= 0 || id >= UINT32_MAX) {
        rc = PC_EMALFORMED;
        goto out;
    }
    if ((rc = random_hex(secret, 32)) < 0)
        goto out;
    json_t *h = json_pack("{s:I, s:s, s:s, s:I, s:I}", "id", id, "url", url, "secret", secret,
                          "kinds", (json_int_t)mask, "created_at", (json_int_t)now);
    if (!h || json_array_append_new(hooks, h) < 0 ||
        json_object_set_new(doc, "next", json_integer(id + 1)) < 0) {
        rc = PC_ENOMEM;
        goto out;
    }
    if ((rc = doc_save(tx, tenant, doc)) < 0)
        goto out;
    if (ret_id)
        *ret_id = (uint32_t)id;
    memcpy(secret_out, secret, sizeof(secret));
out:
    json_decref(doc);
    return rc;
}

static int hook_from_json(json_t *h, pc_webhook *ret)
{
    const char *url = json_string_value(json_object_get(h, "url"));
    json_int_t id = json_integer_value(json_object_get(h, "id"));
    if (!url || id <= 0 || id > UINT32_MAX || strlen(url) >= sizeof(ret->url))
        return PC_EMALFORMED;
    memset(ret, 0, sizeof(*ret));
    ret->id = (uint32_t)id;
    memcpy(ret->url, url, strlen(url) + 1);
    ret->kinds = (unsigned)json_integer_value(json_object_get(h, "kinds"));
    ret->created_at = json_integer_value(json_object_get(h, "created_at"));
    return 0;
}

int pc_webhook_list(pc_txn *tx, uint32_t tenant, pc_webhook **ret_hooks, size_t *ret_n)
{
    json_t *doc = NULL;
    *ret_hooks = NULL;
    *ret_n = 0;
    int rc = pc__notify_doc_load(tx, tenant, &doc);
    if (rc < 0)
        return rc;
    json_t *hooks = json_object_get(doc, "hooks");
    size_t n = json_array_size(hooks), i;
    pc_webhook *out = n ? calloc(n, sizeof(*out)) : NULL;
    if (n && !out) {
        rc = PC_ENOMEM;
        goto out;
    }
    json_t *h;
    json_array_foreach(hooks, i, h)
    {
        if ((rc = hook_from_json(h, &out[i])) < 0) {
            free(out);
            goto out;
        }
    }
    *ret_hooks = out;
    *ret_n = n;
out:
    json_decref(doc);
    return rc;
}

int pc_webhook_get(pc_txn *tx, uint32_t tenant, uint32_t id, pc_webhook *ret_hook)
{
    json_t *doc = NULL;
    int rc = pc__notify_doc_load(tx, tenant, &doc);
    if (rc < 0)
        return rc;
    json_t *h = pc__notify_doc_hook(doc, id);
    rc = h ? hook_from_json(h, ret_hook) : PC_ENOTFOUND;
    json_decref(doc);
    return rc;
}

int pc_webhook_delete(pc_txn *tx, uint32_t tenant, uint32_t id)
{
    json_t *doc = NULL;
    int rc = pc__notify_doc_load(tx, tenant, &doc);
    if (rc < 0)
        return rc;
    json_t *hooks = json_object_get(doc, "hooks");
    size_t i;
    json_t *h;
    rc = PC_ENOTFOUND;
    json_array_foreach(hooks, i, h)
    {
        if (json_integer_value(json_object_get(h, "id")) == (json_int_t)id) {
            json_array_remove(hooks, i);
            rc = doc_save(tx, tenant, doc);
            break;
        }
    }
    json_decref(doc);
    return rc;
}

json_t *pc_webhook_to_json(const pc_webhook *h)
{
    json_t *kinds = json_array();
    for (unsigned k = 0; kinds && k < PC_NOTICE__COUNT; k++)
        if (h->kinds & (1u << k))
            json_array_append_new(kinds, json_string(kind_names[k]));
    if (!kinds)
        return NULL;
    return json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)h->id, "url", h->url, "kinds", kinds,
                     "created_at", time_json(h->created_at));
}

int pc_notify_set_email(pc_txn *tx, uint32_t tenant, bool on)
{
    json_t *doc = NULL;
    if (tenant == 0)
        return PC_EINVAL;
    int rc = pc__notify_doc_load(tx, tenant, &doc);
    if (rc < 0)
        return rc;
    rc = json_object_set_new(doc, "email", json_boolean(on)) < 0 ? PC_ENOMEM
                                                                 : doc_save(tx, tenant, doc);
    json_decref(doc);
    return rc;
}

bool pc_notify_email_enabled(pc_txn *tx, uint32_t tenant)
{
    json_t *doc = NULL;
    bool on =
        pc__notify_doc_load(tx, tenant, &doc) == 0 && json_is_true(json_object_get(doc, "email"));
    json_decref(doc);
    return on;
}

/* ---- dead letters -------------------------------------------------------------------------- */

static int dl_load(pc_txn *tx, uint32_t tenant, uint32_t hook, json_t **ret)
{
    char name[64];
    dl_name(name, sizeof(name), tenant, hook);
    int rc = blob_json(tx, name, ret);
    if (rc == PC_ENOTFOUND) {
        *ret = json_array();
        return *ret ? 0 : PC_ENOMEM;
    }
    if (rc == 0 && !json_is_array(*ret)) {
        json_decref(*ret);
        *ret = NULL;
        return PC_EMALFORMED;
    }
    return rc;
}

static int dl_save(pc_txn *tx, uint32_t tenant, uint32_t hook, const json_t *arr)
{
    char name[64];
    dl_name(name, sizeof(name), tenant, hook);
    return put_json(tx, name, arr);
}

int pc__notify_dead_letter(pc_txn *tx, const json_t *record)
{
    json_int_t tenant = json_integer_value(json_object_get(record, "tenant"));
    json_int_t hook = json_integer_value(json_object_get(record, "hook"));
    json_t *arr = NULL;
    if (tenant <= 0 || tenant > UINT32_MAX || hook < 0 || hook > UINT32_MAX)
        return PC_EMALFORMED;
    int rc = dl_load(tx, (uint32_t)tenant, (uint32_t)hook, &arr);
    if (rc < 0)
        return rc;
    json_t *copy = json_deep_copy(record);
    if (!copy || json_array_append_new(arr, copy) < 0) {
        rc = PC_ENOMEM;
        goto out;
    }
    while (json_array_size(arr) > PC_DEAD_LETTER_MAX)
        json_array_remove(arr, 0);
    rc = dl_save(tx, (uint32_t)tenant, (uint32_t)hook, arr);
out:
    json_decref(arr);
    return rc;
}

static json_t *int_time_json(json_t *v)
{
    return json_is_integer(v) ? time_json(json_integer_value(v)) : json_null();
}

int pc_webhook_failures(pc_txn *tx, uint32_t tenant, uint32_t webhook_id, json_t **ret_array)
{
    json_t *doc = NULL, *arr = NULL, *out = NULL;
    *ret_array = NULL;
    int rc = pc__notify_doc_load(tx, tenant, &doc);
    if (rc < 0)
        return rc;
    if (tenant == 0 || (webhook_id != 0 && !pc__notify_doc_hook(doc, webhook_id))) {
        rc = PC_ENOTFOUND;
        goto out;
    }
    if ((rc = dl_load(tx, tenant, webhook_id, &arr)) < 0)
        goto out;
    if (!(out = json_array())) {
        rc = PC_ENOMEM;
        goto out;
    }
    size_t i;
    json_t *r;
    json_array_foreach(arr, i, r)
    {
        const char *text = json_string_value(json_object_get(r, "body"));
        json_t *body = text ? json_loads(text, 0, NULL) : NULL;
        json_t *o = json_pack("{s:O, s:O, s:O, s:O, s:o, s:o, s:O, s:o}", "delivery_id",
                              json_object_get(r, "id"), "kind", json_object_get(r, "kind"), "to",
                              json_object_get(r, "to"), "attempts", json_object_get(r, "attempts"),
                              "first_attempt", int_time_json(json_object_get(r, "first_attempt")),
                              "last_attempt", int_time_json(json_object_get(r, "last_attempt")),
                              "last_error", json_object_get(r, "last_error"), "body",
                              body ? body : json_null());
        if (!o || json_array_append_new(out, o) < 0) {
            rc = PC_ENOMEM;
            goto out;
        }
    }
    *ret_array = out;
    out = NULL;
out:
    json_decref(out);
    json_decref(arr);
    json_decref(doc);
    return rc;
}

static int replay_from(pc_txn *tx, uint32_t tenant, uint32_t hook, const char *delivery_id,
                       int64_t now)
{
    json_t *arr = NULL;
    int rc = dl_load(tx, tenant, hook, &arr);
    if (rc < 0)
        return rc;
    size_t i;
    json_t *r;
    rc = PC_ENOTFOUND;
    json_array_foreach(arr, i, r)
    {
        const char *id = json_string_value(json_object_get(r, "id"));
        if (!id || strcmp(id, delivery_id) != 0)
            continue;
        uint64_t notice = 0;
        json_t *rec = json_deep_copy(r);
        if (!rec || json_object_set_new(rec, "attempts", json_integer(0)) < 0 ||
            json_object_set_new(rec, "first_attempt", json_null()) < 0) {
            json_decref(rec);
            rc = PC_ENOMEM;
            break;
        }
        if ((rc = next_notice_id(tx, &notice)) == 0 &&
            (rc = pc__notify_record_put(tx, now, notice, rec)) == 0 &&
            (rc = json_array_remove(arr, i) < 0 ? PC_EINTERNAL : 0) == 0)
            rc = dl_save(tx, tenant, hook, arr);
        json_decref(rec);
        break;
    }
    json_decref(arr);
    return rc;
}

int pc_webhook_replay(pc_txn *tx, uint32_t tenant, const char *delivery_id, int64_t now)
{
    json_t *doc = NULL;
    if (tenant == 0 || !delivery_id || !*delivery_id)
        return PC_ENOTFOUND;
    int rc = pc__notify_doc_load(tx, tenant, &doc);
    if (rc < 0)
        return rc;
    rc = replay_from(tx, tenant, 0, delivery_id, now);
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(doc, "hooks"), i, h)
    {
        if (rc != PC_ENOTFOUND)
            break;
        rc = replay_from(tx, tenant, (uint32_t)json_integer_value(json_object_get(h, "id")),
                         delivery_id, now);
    }
    json_decref(doc);
    return rc;
}

int pc_notify_outbox_depth(pc_store *st, size_t *ret_n)
{
    pc_txn *tx = NULL;
    pc_store_stats stats;
    int rc = pc_store_read_begin(st, &tx);
    if (rc < 0)
        return rc;
    rc = pc_store_stats_get(tx, &stats);
    pc_store_read_end(tx);
    if (rc == 0)
        *ret_n = stats.outbox;
    return rc;
}
