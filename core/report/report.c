/* Carrier-performance reports (include/parcelcast/report.h, docs/reports.md). */
#include <gsl/gsl_statistics_float.h>
#include <parcelcast/error.h>
#include <parcelcast/predict.h>
#include <parcelcast/report.h>

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SMALL_N    30u
#define DEFAULT_ETA_SAMPLE 20000u
#define MAX_KINDS          64

/* ---- small containers ------------------------------------------------------------------ */

/* The percentiles a report shows; fvec_finish() computes them and frees the values. */
static const double PCTS[] = {0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
#define N_PCTS (sizeof(PCTS) / sizeof(PCTS[0]))

typedef struct fvec {
    float *v;
    size_t n, cap;
    double q[N_PCTS];
} fvec;

static int fvec_push(fvec *f, double x)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        float *v = realloc(f->v, cap * sizeof(*v));
        if (!v)
            return PC_ENOMEM;
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n++] = (float)x;
    return 0;
}

/* The k-th smallest value (0-based) and the next one, by selection (no full sort). */
static void kth_pair(float *v, size_t n, size_t k, float *ret_k, float *ret_next)
{
    float x = gsl_stats_float_select(v, 1, n, k);
    *ret_k = x;
    if (k + 1 >= n) {
        *ret_next = x;
        return;
    }
    size_t le = 0;
    float above = INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (v[i] <= x)
            le++;
        else if (v[i] < above)
            above = v[i];
    }
    *ret_next = le > k + 1 ? x : above;
}

/* Percentiles by linear interpolation between closest ranks; then the values are freed. */
static void fvec_finish(fvec *f)
{
    for (size_t i = 0; i < N_PCTS && f->n; i++) {
        double pos = PCTS[i] * (double)(f->n - 1);
        size_t lo = (size_t)pos;
        float a, b;
        kth_pair(f->v, f->n, lo, &a, &b);
        f->q[i] = (double)a + ((double)b - (double)a) * (pos - (double)lo);
    }
    free(f->v);
    f->v = NULL;
    f->cap = 0;
}

/* A percentile of PCTS after fvec_finish(); NAN without values. */
static double fvec_pct(const fvec *f, double p)
{
    for (size_t i = 0; i < N_PCTS && f->n; i++)
        if (PCTS[i] == p)
            return f->q[i];
    return NAN;
}

typedef struct kind {
    char *name;
    size_t n;
    uint64_t last_id;
} kind;

typedef struct group {
    char *key;
    uint64_t hash;       /* of key */
    char *carrier;       /* carrier of the group's first shipment */
    char *week;          /* weekly table only */
    size_t n, delivered; /* shipments that ended in the period; of them delivered */
    size_t promise_n, promise_ok;
    size_t edd_n, edd_ok;
    fvec transit_h, transit_bd;
    size_t basis_handoff, basis_first, no_transit;
    size_t first_attempt;
    size_t exc_ship, ret_ship;
    kind *kinds;
    size_t n_kinds;
    size_t kinds_other; /* kinds beyond MAX_KINDS */
    size_t eta_n, eta_cov80, eta_cov95;
    double eta_abs_h;
    size_t late_n, late_flagged;
    fvec lead_h;
} group;

typedef struct gtable {
    group **slot;
    size_t cap, n;
} gtable;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static void group_free(group *g)
{
    if (!g)
        return;
    free(g->key);
    free(g->carrier);
    free(g->week);
    free(g->transit_h.v);
    free(g->transit_bd.v);
    free(g->lead_h.v);
    for (size_t i = 0; i < g->n_kinds; i++)
        free(g->kinds[i].name);
    free(g->kinds);
    free(g);
}

static void gtable_done(gtable *t)
{
    for (size_t i = 0; i < t->cap; i++)
        group_free(t->slot[i]);
    free(t->slot);
    memset(t, 0, sizeof(*t));
}

static int gtable_grow(gtable *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    group **slot = calloc(cap, sizeof(*slot));
    if (!slot)
        return PC_ENOMEM;
    for (size_t i = 0; i < t->cap; i++) {
        group *g = t->slot[i];
        if (!g)
            continue;
        size_t j = (size_t)(g->hash & (cap - 1));
        while (slot[j])
            j = (j + 1) & (cap - 1);
        slot[j] = g;
    }
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
    return 0;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

/* Find or add the group `key`. */
static int gtable_get(gtable *t, const char *key, const char *carrier, group **ret)
{
    if ((t->n + 1) * 2 > t->cap) {
        int rc = gtable_grow(t);
        if (rc < 0)
            return rc;
    }
    uint64_t h = hash_str(key);
    size_t j = (size_t)(h & (t->cap - 1));
    while (t->slot[j]) {
        if (t->slot[j]->hash == h && strcmp(t->slot[j]->key, key) == 0) {
            *ret = t->slot[j];
            return 0;
        }
        j = (j + 1) & (t->cap - 1);
    }
    group *g = calloc(1, sizeof(*g));
    if (!g || !(g->key = dup_str(key)) || !(g->carrier = dup_str(carrier ? carrier : ""))) {
        group_free(g);
        return PC_ENOMEM;
    }
    g->hash = h;
    t->slot[j] = g;
    t->n++;
    *ret = g;
    return 0;
}

static int cmp_group(const void *a, const void *b)
{
    const group *x = *(const group *const *)a, *y = *(const group *const *)b;
    return strcmp(x->key, y->key);
}

/* The groups sorted by key (malloc'd array; the groups stay owned by t). */
static group **gtable_sorted(const gtable *t)
{
    group **v = malloc((t->n ? t->n : 1) * sizeof(*v));
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i])
            v[k++] = t->slot[i];
    qsort(v, k, sizeof(*v), cmp_group);
    return v;
}

/* ---- the report -------------------------------------------------------------------------- */

struct pc_report {
    pc_report_opts opts;
    char meta_key[128];
    size_t count, returned; /* shipments that ended in the period; of them returned */
    bool have_model;
    char model_problem[160]; /* why a stored model was not used, or "" */
    double eta_rate;         /* the share of shipments whose ETA was replayed */
    gtable main, carriers, weekly, facilities, hops;
    /* calibration over all shipments with a prediction */
    size_t eta_n, eta_cov80, eta_cov95;
    double eta_abs_h;
    size_t skipped_tenant;
    int32_t first_day, last_day;
    group *last_main, *last_carrier; /* lookup cache (owned by the tables) */
};

struct sample {
    const pc_history_row *row;
    const pc_history_summary *sum;
    int64_t start; /* handoff (or first event), PC_TIME_NONE when none */
    bool handoff;
    double bdays;
    bool first_attempt, exception, returned;
    bool eta_ok;
    double eta_abs_h;
    bool cov80, cov95;
    bool late, flagged;
    double lead_h;
};

static int32_t weekday(int32_t day) /* 0 = Monday */
{
    int32_t w = (day + 3) % 7;
    return w < 0 ? w + 7 : w;
}

static void civil_from_days(int32_t z0, int *y, unsigned *m, unsigned *d)
{
    int64_t z = (int64_t)z0 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

static void day_label(int32_t day, char *buf, size_t size)
{
    int y;
    unsigned m, d;
    civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999 || size < 11) {
        snprintf(buf, size, "%04d-%02u-%02u", y, m, d);
        return;
    }
    /* hot path (twice per shipment): no printf */
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = 0;
}

int pc_report_parse_day(const char *s, int32_t *ret_day)
{
    int y = 0;
    unsigned m = 0, d = 0;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return PC_EINVAL;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return PC_EINVAL;
    }
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
    d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return PC_EINVAL;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return PC_EINVAL;
    *ret_day = days_from_civil(y, m, d);
    return 0;
}

static const char *const by_names[] = {"carrier", "service", "lane", "week", "country", "meta"};

const char *pc_report_by_name(pc_report_by by)
{
    return (unsigned)by < sizeof(by_names) / sizeof(by_names[0]) ? by_names[by] : "unknown";
}

int pc_report_by_parse(const char *s, pc_report_by *ret, const char **ret_meta_key)
{
    if (!s)
        return PC_EINVAL;
    if (strncmp(s, "meta:", 5) == 0) {
        if (!s[5] || strlen(s + 5) >= 128)
            return PC_EINVAL;
        *ret = PC_REPORT_BY_META;
        if (ret_meta_key)
            *ret_meta_key = s + 5;
        return 0;
    }
    for (size_t i = 0; i < PC_REPORT_BY_META; i++)
        if (strcmp(s, by_names[i]) == 0) {
            *ret = (pc_report_by)i;
            return 0;
        }
    return PC_EINVAL;
}

/* Local day of a time with the event's offset (UTC when unknown). */
static int32_t local_day(int64_t t, int16_t off)
{
    int64_t lt = t + (off == PC_OFFSET_NONE ? 0 : (int64_t)off * 60);
    int64_t d = lt / 86400;
    if (lt % 86400 < 0)
        d--;
    return (int32_t)d;
}

/* Business days (Monday..Friday) in (a, b]. */
static double business_days(int32_t a, int32_t b)
{
    if (b <= a)
        return 0;
    int32_t span = b - a;
    int32_t n = (span / 7) * 5;
    for (int32_t d = a + 1 + (span / 7) * 7; d <= b; d++)
        if (weekday(d) < 5)
            n++;
    return n;
}

static int add_kind(group *g, const char *name, uint64_t id)
{
    for (size_t i = 0; i < g->n_kinds; i++)
        if (strcmp(g->kinds[i].name, name) == 0) {
            if (g->kinds[i].last_id != id) {
                g->kinds[i].n++;
                g->kinds[i].last_id = id;
            }
            return 0;
        }
    if (g->n_kinds >= MAX_KINDS) {
        g->kinds_other++;
        return 0;
    }
    kind *k = realloc(g->kinds, (g->n_kinds + 1) * sizeof(*k));
    if (!k)
        return PC_ENOMEM;
    g->kinds = k;
    if (!(k[g->n_kinds].name = dup_str(name)))
        return PC_ENOMEM;
    k[g->n_kinds].n = 1;
    k[g->n_kinds].last_id = id;
    g->n_kinds++;
    return 0;
}

static int event_kinds(group *g, const struct sample *sm)
{
    for (size_t i = 0; i < sm->sum->n_kinds; i++) {
        int rc = add_kind(g, sm->sum->kinds[i], sm->row->id);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Add one shipment to a group; full = keep distributions and kinds too. */
static int group_add(group *g, const struct sample *sm, bool full)
{
    const pc_history_row *row = sm->row;
    int rc = 0;
    g->n++;
    if (row->outcome != PC_STATUS_DELIVERED) {
        /* returned: counts for the return and exception rates and the kinds only */
        g->exc_ship += full && sm->exception;
        g->ret_ship += full;
        return full ? event_kinds(g, sm) : 0;
    }
    g->delivered++;
    if (row->promised_by != PC_TIME_NONE) {
        g->promise_n++;
        g->promise_ok += row->delivered_at <= row->promised_by;
    }
    if (row->carrier_eta != PC_TIME_NONE) {
        g->edd_n++;
        g->edd_ok += row->delivered_at <= row->carrier_eta;
    }
    if (!full)
        return 0;
    if (sm->start != PC_TIME_NONE) {
        if (sm->handoff)
            g->basis_handoff++;
        else
            g->basis_first++;
        if ((rc = fvec_push(&g->transit_h, (double)(row->delivered_at - sm->start) / 3600.0)) < 0 ||
            (rc = fvec_push(&g->transit_bd, sm->bdays)) < 0)
            return rc;
    } else {
        g->no_transit++;
    }
    g->first_attempt += sm->first_attempt;
    g->exc_ship += sm->exception;
    g->ret_ship += sm->returned;
    if ((sm->exception || sm->returned || !sm->first_attempt) && (rc = event_kinds(g, sm)) < 0)
        return rc;
    if (sm->eta_ok) {
        g->eta_n++;
        g->eta_abs_h += sm->eta_abs_h;
        g->eta_cov80 += sm->cov80;
        g->eta_cov95 += sm->cov95;
    }
    if (sm->late && sm->eta_ok) {
        g->late_n++;
        if (sm->flagged) {
            g->late_flagged++;
            rc = fvec_push(&g->lead_h, sm->lead_h);
        }
    }
    return rc;
}

struct build_ctx {
    pc_report *r;
    pc_txn *tx;
    pc_model *model;
    pc_history_summary *sum; /* for rows without one */
    uint64_t eta_below;      /* replay the ETA when mix(id) < this (UINT64_MAX: all) */
    char *err;
    size_t errlen;
};

/* Append s to buf (NUL-terminated, truncating at size - 1). */
static void append(char *buf, size_t size, size_t *used, const char *s)
{
    size_t n = strlen(s);
    if (*used + n >= size)
        n = size - 1 - *used;
    memcpy(buf + *used, s, n);
    *used += n;
    buf[*used] = 0;
}

/* One sample of seconds into the group keyed "carrier: a[ -> b]". */
static int add_place_time(gtable *t, const char *carrier, const char *a, const char *b,
                          uint32_t secs)
{
    char key[600];
    size_t used = 0;
    key[0] = 0;
    append(key, sizeof(key), &used, carrier);
    append(key, sizeof(key), &used, ": ");
    append(key, sizeof(key), &used, a);
    if (b) {
        append(key, sizeof(key), &used, " -> ");
        append(key, sizeof(key), &used, b);
    }
    group *g;
    int rc = gtable_get(t, key, carrier, &g);
    if (rc < 0)
        return rc;
    g->n++;
    return fvec_push(&g->transit_h, (double)secs / 3600.0);
}

/* Facility dwell and travel per hop (facility to next facility). */
static int add_dwell(pc_report *r, const char *carrier, const pc_history_summary *sum)
{
    for (size_t i = 0; i < sum->n_hops; i++) {
        const pc_history_hop *h = &sum->hops[i];
        const char *next = i + 1 < sum->n_hops ? sum->hops[i + 1].place : sum->last_place;
        int rc = add_place_time(&r->facilities, carrier, h->place, NULL, h->dwell);
        if (rc < 0 || (rc = add_place_time(&r->hops, carrier, h->place, next, h->travel)) < 0)
            return rc;
    }
    return 0;
}

static void meta_value(const pc_shipment *s, const char *key, char *buf, size_t size)
{
    snprintf(buf, size, "(none)");
    if (!s->metadata_json)
        return;
    json_t *j = json_loads(s->metadata_json, 0, NULL);
    if (!j)
        return;
    json_t *v = json_object_get(j, key);
    if (json_is_string(v))
        snprintf(buf, size, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, size, "%g", json_real_value(v));
    json_decref(j);
}

static void predict(struct build_ctx *c, const pc_shipment *s, struct sample *sm)
{
    pc_edd edd[PC_EDD_MAX];
    size_t n_edd = 0;
    if (pc_edd_load(c->tx, sm->row->id, edd, PC_EDD_MAX, &n_edd) < 0)
        n_edd = 0;
    pc_eta eta;
    if (pc_model_predict_replay(c->model, s, edd, n_edd, sm->start, &eta) != 0)
        return;
    int64_t dl = sm->row->delivered_at;
    sm->eta_ok = true;
    sm->eta_abs_h = fabs((double)(eta.time - dl)) / 3600.0;
    sm->cov80 = eta.w80_start <= dl && dl <= eta.w80_end;
    sm->cov95 = eta.w95_start <= dl && dl <= eta.w95_end;
    if (sm->late && (eta.risk & PC_RISK_LATE) && sm->row->promised_by != PC_TIME_NONE) {
        sm->flagged = true;
        sm->lead_h = (double)(sm->row->promised_by - sm->start) / 3600.0;
    }
}

/* splitmix64's finalizer: a well-spread hash of the id for the ETA sample */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static int on_row(const pc_history_row *row, void *ctx)
{
    struct build_ctx *c = ctx;
    pc_report *r = c->r;
    const pc_history_summary *sum = row->sum;
    pc_shipment s;
    pc_shipment_init(&s);
    int rc = 0;
    /* The history row has what a report needs; the shipment only for metadata, the ETA replay
     * and rows written before summaries existed. */
    bool delivered = row->outcome == PC_STATUS_DELIVERED;
    bool replay =
        delivered && c->model && (c->eta_below == UINT64_MAX || mix64(row->id) < c->eta_below);
    if (!sum || r->opts.by == PC_REPORT_BY_META || (replay && sum->handoff)) {
        rc = pc_store_get_shipment_by_id(c->tx, row->id, &s);
        if (rc == PC_ENOTFOUND)
            return 0;
        if (rc < 0) {
            if (c->err)
                snprintf(c->err, c->errlen, "shipment %llu: %s", (unsigned long long)row->id,
                         pc_strerror(rc));
            return rc;
        }
        if (!sum) {
            pc_history_summarize(&s, row->delivered_at, c->sum);
            sum = c->sum;
        }
    }
    if (r->opts.tenant && sum->tenant_id != r->opts.tenant) {
        r->skipped_tenant++;
        pc_shipment_done(&s);
        return 0;
    }
    struct sample sm;
    memset(&sm, 0, sizeof(sm));
    sm.row = row;
    sm.sum = sum;
    sm.start = sum->start;
    sm.handoff = sum->handoff;
    sm.exception = sum->exception;
    sm.returned = sum->returned || !delivered;
    int64_t dl = row->delivered_at;
    if (sm.start != PC_TIME_NONE)
        sm.bdays = business_days(local_day(sm.start, sum->start_offset),
                                 local_day(dl, sum->delivered_offset));
    sm.first_attempt = sum->failed == 0 && row->failed_attempts == 0;
    sm.late = delivered && row->promised_by != PC_TIME_NONE && dl > row->promised_by;
    if (replay && sm.handoff)
        predict(c, &s, &sm);

    char key[512];
    const char *carrier = row->carrier;
    switch (r->opts.by) {
    case PC_REPORT_BY_CARRIER:
        snprintf(key, sizeof(key), "%s", carrier);
        break;
    case PC_REPORT_BY_SERVICE:
        snprintf(key, sizeof(key), "%s/%s", carrier, row->service[0] ? row->service : "(none)");
        break;
    case PC_REPORT_BY_LANE:
        snprintf(key, sizeof(key), "%s/%s", carrier, row->lane[0] ? row->lane : "(none)");
        break;
    case PC_REPORT_BY_WEEK:
        day_label(row->day - weekday(row->day), key, sizeof(key));
        break;
    case PC_REPORT_BY_COUNTRY:
        snprintf(key, sizeof(key), "%s", sum->dest_country ? sum->dest_country : "(none)");
        break;
    case PC_REPORT_BY_META:
        meta_value(&s, r->meta_key, key, sizeof(key));
        break;
    }
    group *g;
    /* the history comes in (carrier, service, lane, day) order: mostly the previous group */
    if (!r->last_main || strcmp(r->last_main->key, key) != 0) {
        if ((rc = gtable_get(&r->main, key, carrier, &r->last_main)) < 0)
            goto out;
    }
    if ((rc = group_add(r->last_main, &sm, true)) < 0)
        goto out;
    if (!r->last_carrier || strcmp(r->last_carrier->key, carrier) != 0) {
        if ((rc = gtable_get(&r->carriers, carrier, carrier, &r->last_carrier)) < 0)
            goto out;
    }
    if ((rc = group_add(r->last_carrier, &sm, true)) < 0)
        goto out;
    char week[16], wkey[512];
    day_label(row->day - weekday(row->day), week, sizeof(week));
    size_t wused = 0;
    wkey[0] = 0;
    append(wkey, sizeof(wkey), &wused, carrier);
    append(wkey, sizeof(wkey), &wused, " ");
    append(wkey, sizeof(wkey), &wused, week);
    if ((rc = gtable_get(&r->weekly, wkey, carrier, &g)) < 0)
        goto out;
    if (!g->week && !(g->week = dup_str(week))) {
        rc = PC_ENOMEM;
        goto out;
    }
    if ((rc = group_add(g, &sm, false)) < 0 || (rc = add_dwell(r, carrier, sum)) < 0)
        goto out;
    if (sm.eta_ok) {
        r->eta_n++;
        r->eta_abs_h += sm.eta_abs_h;
        r->eta_cov80 += sm.cov80;
        r->eta_cov95 += sm.cov95;
    }
    if (r->count == 0 || row->day < r->first_day)
        r->first_day = row->day;
    if (r->count == 0 || row->day > r->last_day)
        r->last_day = row->day;
    r->count++;
    r->returned += !delivered;
out:
    pc_shipment_done(&s);
    return rc;
}

static void sort_table(gtable *t)
{
    for (size_t i = 0; i < t->cap; i++) {
        group *g = t->slot[i];
        if (!g)
            continue;
        fvec_finish(&g->transit_h);
        fvec_finish(&g->transit_bd);
        fvec_finish(&g->lead_h);
    }
}

int pc_report_build(pc_txn *tx, const pc_report_opts *opts, pc_report **ret, char *err,
                    size_t errlen)
{
    if (err && errlen)
        err[0] = 0;
    if (!tx || !opts || !ret)
        return PC_EINVAL;
    if (opts->by == PC_REPORT_BY_META && (!opts->meta_key || !opts->meta_key[0])) {
        if (err)
            snprintf(err, errlen, "grouping by metadata needs a key (meta:KEY)");
        return PC_EINVAL;
    }
    if (opts->day_from > opts->day_to) {
        if (err)
            snprintf(err, errlen, "the period is empty: --from is after --to");
        return PC_EINVAL;
    }
    pc_report *r = calloc(1, sizeof(*r));
    if (!r)
        return PC_ENOMEM;
    r->opts = *opts;
    if (!r->opts.small_n)
        r->opts.small_n = DEFAULT_SMALL_N;
    if (opts->meta_key)
        snprintf(r->meta_key, sizeof(r->meta_key), "%s", opts->meta_key);
    r->opts.meta_key = r->meta_key;
    r->opts.carrier = NULL; /* not kept: borrowed */
    struct build_ctx c = {.r = r, .tx = tx, .err = err, .errlen = errlen};
    if (!(c.sum = malloc(sizeof(*c.sum)))) {
        pc_report_free(r);
        return PC_ENOMEM;
    }
    int rc = 0;
    c.eta_below = UINT64_MAX;
    r->eta_rate = 1;
    int mrc = opts->no_eta ? PC_ENOTFOUND : pc_model_store_get(tx, &c.model);
    if (mrc < 0 && mrc != PC_ENOTFOUND)
        snprintf(r->model_problem, sizeof(r->model_problem),
                 "the stored model cannot be read (%s): no ETA figures; run parcelcast train",
                 pc_strerror(mrc));
    if (mrc == 0) {
        r->have_model = true;
        /* the replay costs a shipment load and a prediction: a sample of the period */
        size_t want = opts->eta_sample ? opts->eta_sample : DEFAULT_ETA_SAMPLE, total = 0;
        if (want != SIZE_MAX &&
            (rc = pc_store_count_history(tx, opts->carrier, opts->day_from, opts->day_to,
                                         &total)) == 0 &&
            total > want) {
            r->eta_rate = (double)want / (double)total;
            c.eta_below = (uint64_t)(r->eta_rate * 18446744073709551616.0);
        }
    } else {
        c.model = NULL;
    }
    if (rc == 0)
        rc = pc_store_scan_ended(tx, opts->carrier, opts->day_from, opts->day_to, on_row, &c);
    pc_model_free(c.model);
    free(c.sum);
    if (rc < 0) {
        if (err && !err[0])
            snprintf(err, errlen, "reading the history: %s", pc_strerror(rc));
        pc_report_free(r);
        return rc;
    }
    sort_table(&r->main);
    sort_table(&r->carriers);
    sort_table(&r->facilities);
    sort_table(&r->hops);
    *ret = r;
    return 0;
}

void pc_report_free(pc_report *r)
{
    if (!r)
        return;
    gtable_done(&r->main);
    gtable_done(&r->carriers);
    gtable_done(&r->weekly);
    gtable_done(&r->facilities);
    gtable_done(&r->hops);
    free(r);
}

size_t pc_report_count(const pc_report *r)
{
    return r ? r->count : 0;
}

size_t pc_report_returned(const pc_report *r)
{
    return r ? r->returned : 0;
}

const char *pc_report_warning(const pc_report *r)
{
    return r && r->model_problem[0] ? r->model_problem : NULL;
}

/* ---- JSON -------------------------------------------------------------------------------- */

static json_t *jnum(double x)
{
    return isfinite(x) ? json_real(round(x * 1000.0) / 1000.0) : json_null();
}

static json_t *jrate(size_t count, size_t n)
{
    return json_pack("{s:I,s:I,s:o}", "n", (json_int_t)n, "count", (json_int_t)count, "rate",
                     n ? json_real((double)count / (double)n) : json_null());
}

static json_t *jpcts(const fvec *f)
{
    return json_pack("{s:I,s:o,s:o,s:o}", "n", (json_int_t)f->n, "p10", jnum(fvec_pct(f, 0.10)),
                     "p50", jnum(fvec_pct(f, 0.50)), "p90", jnum(fvec_pct(f, 0.90)));
}

static json_t *group_json(const pc_report *r, const group *g)
{
    json_t *kinds = json_object();
    for (size_t i = 0; kinds && i < g->n_kinds; i++)
        json_object_set_new(kinds, g->kinds[i].name, jrate(g->kinds[i].n, g->n));
    json_t *eta = json_null();
    if (r->have_model)
        eta = json_pack("{s:I,s:o,s:o,s:o,s:{s:I,s:I,s:o}}", "n", (json_int_t)g->eta_n, "mae_hours",
                        g->eta_n ? jnum(g->eta_abs_h / (double)g->eta_n) : json_null(),
                        "coverage80", jrate(g->eta_cov80, g->eta_n), "coverage95",
                        jrate(g->eta_cov95, g->eta_n), "warning", "late", (json_int_t)g->late_n,
                        "flagged_at_handoff", (json_int_t)g->late_flagged, "lead_hours_p50",
                        jnum(fvec_pct(&g->lead_h, 0.5)));
    json_t *transit = jpcts(&g->transit_h);
    if (transit)
        json_object_set_new(transit, "basis",
                            json_pack("{s:I,s:I,s:I}", "handoff", (json_int_t)g->basis_handoff,
                                      "first_event", (json_int_t)g->basis_first, "none",
                                      (json_int_t)g->no_transit));
    return json_pack("{s:s,s:s,s:I,s:I,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "group", g->key,
                     "carrier", g->carrier, "n", (json_int_t)g->n, "delivered",
                     (json_int_t)g->delivered, "small", g->n < r->opts.small_n, "on_time_promise",
                     jrate(g->promise_ok, g->promise_n), "on_time_edd", jrate(g->edd_ok, g->edd_n),
                     "transit_hours", transit, "transit_business_days", jpcts(&g->transit_bd),
                     "first_attempt", jrate(g->first_attempt, g->delivered), "exceptions",
                     jrate(g->exc_ship, g->n), "returns", jrate(g->ret_ship, g->n), "by_kind",
                     kinds, "eta", eta);
}

static json_t *groups_json(const pc_report *r, const gtable *t)
{
    json_t *a = json_array();
    group **v = gtable_sorted(t);
    if (!a || !v) {
        free(v);
        json_decref(a);
        return NULL;
    }
    for (size_t i = 0; i < t->n; i++)
        json_array_append_new(a, group_json(r, v[i]));
    free(v);
    return a;
}

/* Facilities or hops: name, carrier, n, p50 and p95 hours, small flag. */
static json_t *places_json(const pc_report *r, const gtable *t, const char *name, const char *p50,
                           const char *p95)
{
    json_t *a = json_array();
    group **v = gtable_sorted(t);
    for (size_t i = 0; v && a && i < t->n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:o,s:o,s:b}", name, v[i]->key, "carrier",
                                           v[i]->carrier, "n", (json_int_t)v[i]->n, p50,
                                           jnum(fvec_pct(&v[i]->transit_h, 0.5)), p95,
                                           jnum(fvec_pct(&v[i]->transit_h, 0.95)), "small",
                                           v[i]->n < r->opts.small_n));
    free(v);
    return a;
}

json_t *pc_report_to_json(const pc_report *r)
{
    char from[16] = "", to[16] = "";
    if (r->opts.day_from != INT32_MIN)
        day_label(r->opts.day_from, from, sizeof(from));
    if (r->opts.day_to != INT32_MAX)
        day_label(r->opts.day_to, to, sizeof(to));
    json_t *weekly = json_array();
    group **w = gtable_sorted(&r->weekly);
    for (size_t i = 0; w && weekly && i < r->weekly.n; i++)
        json_array_append_new(weekly,
                              json_pack("{s:s,s:s,s:I,s:o}", "carrier", w[i]->carrier, "week",
                                        w[i]->week, "n", (json_int_t)w[i]->n, "on_time_promise",
                                        jrate(w[i]->promise_ok, w[i]->promise_n)));
    free(w);
    json_t *fac = places_json(r, &r->facilities, "facility", "dwell_hours_p50", "dwell_hours_p95");
    json_t *hops = places_json(r, &r->hops, "hop", "travel_hours_p50", "travel_hours_p95");
    json_t *cal = json_null();
    if (r->have_model)
        cal = json_pack("{s:I,s:f,s:o,s:[{s:f,s:o},{s:f,s:o}]}", "n", (json_int_t)r->eta_n,
                        "sample_rate", r->eta_rate, "mae_hours",
                        r->eta_n ? jnum(r->eta_abs_h / (double)r->eta_n) : json_null(), "levels",
                        "nominal", 0.80, "observed", jrate(r->eta_cov80, r->eta_n), "nominal", 0.95,
                        "observed", jrate(r->eta_cov95, r->eta_n));
    char by[160];
    if (r->opts.by == PC_REPORT_BY_META)
        snprintf(by, sizeof(by), "meta:%s", r->meta_key);
    else
        snprintf(by, sizeof(by), "%s", pc_report_by_name(r->opts.by));
    return json_pack("{s:o,s:o,s:s,s:I,s:I,s:I,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "from",
                     from[0] ? json_string(from) : json_null(), "to",
                     to[0] ? json_string(to) : json_null(), "by", by, "shipments",
                     (json_int_t)r->count, "returned", (json_int_t)r->returned, "small_n",
                     (json_int_t)r->opts.small_n, "model", r->have_model, "groups",
                     groups_json(r, &r->main), "carriers", groups_json(r, &r->carriers), "weekly",
                     weekly, "facilities", fac, "hops", hops, "calibration", cal, "warning",
                     r->model_problem[0] ? json_string(r->model_problem) : json_null());
}

/* ---- CSV --------------------------------------------------------------------------------- */

static void csv_str(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, ",%.3f", x);
    else
        fputc(',', f);
}

static void csv_rate(FILE *f, size_t count, size_t n)
{
    fprintf(f, ",%zu,%zu", n, count);
    if (n)
        fprintf(f, ",%.2f", 100.0 * (double)count / (double)n);
    else
        fputc(',', f);
}

int pc_report_write_csv(const pc_report *r, FILE *f)
{
    group **v = gtable_sorted(&r->main);
    if (!v)
        return PC_ENOMEM;
    fputs("group,carrier,n,small,on_time_promise_n,on_time_promise_count,on_time_promise_pct,"
          "on_time_edd_n,on_time_edd_count,on_time_edd_pct,transit_n,transit_basis_handoff,"
          "transit_basis_first_event,transit_h_p10,transit_h_p50,transit_h_p90,transit_bd_p10,"
          "transit_bd_p50,transit_bd_p90,first_attempt_n,first_attempt_count,first_attempt_pct,"
          "exceptions_n,exceptions_count,exceptions_pct,returns_n,returns_count,returns_pct,"
          "eta_n,eta_mae_h,eta_cov80_n,eta_cov80_count,eta_cov80_pct,delivered\n",
          f);
    for (size_t i = 0; i < r->main.n; i++) {
        const group *g = v[i];
        csv_str(f, g->key);
        fputc(',', f);
        csv_str(f, g->carrier);
        fprintf(f, ",%zu,%s", g->n, g->n < r->opts.small_n ? "yes" : "no");
        csv_rate(f, g->promise_ok, g->promise_n);
        csv_rate(f, g->edd_ok, g->edd_n);
        fprintf(f, ",%zu,%zu,%zu", g->transit_h.n, g->basis_handoff, g->basis_first);
        csv_num(f, fvec_pct(&g->transit_h, 0.1));
        csv_num(f, fvec_pct(&g->transit_h, 0.5));
        csv_num(f, fvec_pct(&g->transit_h, 0.9));
        csv_num(f, fvec_pct(&g->transit_bd, 0.1));
        csv_num(f, fvec_pct(&g->transit_bd, 0.5));
        csv_num(f, fvec_pct(&g->transit_bd, 0.9));
        csv_rate(f, g->first_attempt, g->delivered);
        csv_rate(f, g->exc_ship, g->n);
        csv_rate(f, g->ret_ship, g->n);
        fprintf(f, ",%zu", g->eta_n);
        csv_num(f, g->eta_n ? g->eta_abs_h / (double)g->eta_n : (double)NAN);
        csv_rate(f, g->eta_cov80, g->eta_n);
        fprintf(f, ",%zu\n", g->delivered);
    }
    free(v);
    return ferror(f) ? PC_EIO : 0;
}

/* ---- HTML -------------------------------------------------------------------------------- */

static void html_esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static const char *const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                      "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
#define N_PALETTE (sizeof(palette) / sizeof(palette[0]))

static void html_rate_cell(FILE *f, size_t count, size_t n)
{
    if (n)
        fprintf(f, "<td>%.1f%% <span class=n>(n=%zu)</span></td>",
                100.0 * (double)count / (double)n, n);
    else
        fputs("<td class=na>— <span class=n>(n=0)</span></td>", f);
}

static void html_num_cell(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "<td>%.1f</td>", x);
    else
        fputs("<td class=na>—</td>", f);
}

/* Axes frame: plot area x0..x1, y0..y1 (SVG coordinates, y0 top). */
static void svg_axes(FILE *f, double x0, double y0, double x1, double y1, const char *xlabel,
                     const char *ylabel)
{
    fprintf(f, "<line class=axis x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y1, x1,
            y1);
    fprintf(f, "<line class=axis x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y0, x0,
            y1);
    fprintf(f, "<text class=label x=\"%.1f\" y=\"%.1f\" text-anchor=middle>", (x0 + x1) / 2,
            y1 + 48);
    html_esc(f, xlabel);
    fprintf(f,
            "</text><text class=label transform=\"translate(%.1f,%.1f) rotate(-90)\" "
            "text-anchor=middle>",
            x0 - 48, (y0 + y1) / 2);
    html_esc(f, ylabel);
    fputs("</text>", f);
}

static void svg_yticks(FILE *f, double x0, double y0, double y1, double vmax, const char *fmt_unit)
{
    for (int i = 0; i <= 4; i++) {
        double v = vmax * i / 4.0, y = y1 - (y1 - y0) * i / 4.0;
        fprintf(f, "<line class=grid x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y,
                x0 - 4, y);
        fprintf(f, "<text class=tick x=\"%.1f\" y=\"%.1f\" text-anchor=end>%.0f%s</text>", x0 - 6,
                y + 4, v, fmt_unit);
    }
}

static double nice_max(double v)
{
    if (!(v > 0))
        return 1;
    double p = pow(10, floor(log10(v)));
    for (double m = 1; m <= 10; m += (m < 2 ? 0.5 : 1))
        if (m * p >= v)
            return m * p;
    return 10 * p;
}

static void chart_transit(const pc_report *r, FILE *f, group **c, size_t n)
{
    const double W = 1100, H = 360, x0 = 80, y0 = 20, x1 = W - 20, y1 = H - 60;
    double vmax = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i]->transit_h.n && fvec_pct(&c[i]->transit_h, 0.9) > vmax)
            vmax = fvec_pct(&c[i]->transit_h, 0.9);
    vmax = nice_max(vmax);
    fprintf(f,
            "<svg id=\"chart-transit\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "role=img><title>Transit time per carrier (hours)</title>",
            W, H, W, H);
    svg_yticks(f, x0, y0, y1, vmax, "");
    svg_axes(f, x0, y0, x1, y1, "carrier (box: p25–p75, line: median, whiskers: p10–p90)",
             "transit, hours");
    double slot = n ? (x1 - x0) / (double)n : 0;
    for (size_t i = 0; i < n; i++) {
        const fvec *t = &c[i]->transit_h;
        double cx = x0 + slot * ((double)i + 0.5), bw = slot * 0.5 > 60 ? 60 : slot * 0.5;
        fprintf(f, "<text class=tick x=\"%.1f\" y=\"%.1f\" text-anchor=middle>", cx, y1 + 16);
        html_esc(f, c[i]->key);
        fprintf(f, "<tspan x=\"%.1f\" dy=\"13\">n=%zu</tspan></text>", cx, t->n);
        if (!t->n)
            continue;
#define YV(v) (y1 - (y1 - y0) * ((v) > vmax ? 1.0 : (v) / vmax))
        double p10 = fvec_pct(t, 0.1), p25 = fvec_pct(t, 0.25), p50 = fvec_pct(t, 0.5),
               p75 = fvec_pct(t, 0.75), p90 = fvec_pct(t, 0.9);
        const char *col = palette[i % N_PALETTE];
        fprintf(f, "<line class=whisker x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", cx,
                YV(p10), cx, YV(p90));
        fprintf(f,
                "<rect class=box x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                "fill=\"%s\"><title>p10 %.1f h, p25 %.1f, p50 %.1f, p75 %.1f, p90 %.1f "
                "(n=%zu)</title></rect>",
                cx - bw / 2, YV(p75), bw, YV(p25) - YV(p75) < 1 ? 1 : YV(p25) - YV(p75), col, p10,
                p25, p50, p75, p90, t->n);
        fprintf(f, "<line class=median x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                cx - bw / 2, YV(p50), cx + bw / 2, YV(p50));
#undef YV
    }
    (void)r;
    fputs("</svg>\n", f);
}

static void chart_weekly(const pc_report *r, FILE *f, group **c, size_t nc)
{
    const double W = 1100, H = 360, x0 = 80, y0 = 20, x1 = W - 160, y1 = H - 60;
    group **w = gtable_sorted(&r->weekly);
    /* weeks: from the first to the last delivery day */
    int32_t wfirst = r->first_day - weekday(r->first_day);
    int32_t wlast = r->last_day - weekday(r->last_day);
    size_t nweeks = r->count ? (size_t)((wlast - wfirst) / 7 + 1) : 0;
    fprintf(f,
            "<svg id=\"chart-ontime-week\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
            "%.0f\" role=img><title>On-time rate vs promise by week</title>",
            W, H, W, H);
    svg_yticks(f, x0, y0, y1, 100, "%");
    svg_axes(f, x0, y0, x1, y1, "week of delivery (Monday)",
             "on time vs promise, % of shipments with a promise");
    double dx = nweeks > 1 ? (x1 - x0) / (double)(nweeks - 1) : 0;
    if (nweeks) {
        char lab[16];
        size_t step = nweeks / 8 + 1;
        for (size_t k = 0; k < nweeks; k += step) {
            day_label(wfirst + (int32_t)k * 7, lab, sizeof(lab));
            fprintf(f, "<text class=tick x=\"%.1f\" y=\"%.1f\" text-anchor=middle>%s</text>",
                    x0 + dx * (double)k, y1 + 16, lab);
        }
    }
    for (size_t ci = 0; w && ci < nc; ci++) {
        const char *col = palette[ci % N_PALETTE];
        size_t npts = 0;
        for (size_t i = 0; i < r->weekly.n; i++)
            npts += strcmp(w[i]->carrier, c[ci]->key) == 0 && w[i]->promise_n >= r->opts.small_n;
        if (npts)
            fprintf(f, "<polyline class=series stroke=\"%s\" points=\"", col);
        size_t pts = 0;
        for (size_t i = 0; npts && i < r->weekly.n; i++) {
            const group *g = w[i];
            if (strcmp(g->carrier, c[ci]->key) != 0 || g->promise_n < r->opts.small_n)
                continue;
            int32_t wd;
            if (pc_report_parse_day(g->week, &wd) != 0)
                continue;
            double x = x0 + dx * (double)((wd - wfirst) / 7);
            double y = y1 - (y1 - y0) * (double)g->promise_ok / (double)g->promise_n;
            fprintf(f, "%s%.1f,%.1f", pts++ ? " " : "", x, y);
        }
        if (npts)
            fputs("\"/>", f);
        fprintf(f,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                "<text class=tick x=\"%.1f\" y=\"%.1f\">",
                x1 + 16, y0 + 18.0 * (double)ci, col, x1 + 32, y0 + 18.0 * (double)ci + 10);
        html_esc(f, c[ci]->key);
        fputs("</text>", f);
    }
    free(w);
    fputs("</svg>\n", f);
}

static void chart_calibration(const pc_report *r, FILE *f)
{
    const double W = 520, H = 420, x0 = 80, y0 = 20, x1 = W - 20, y1 = H - 60;
    fprintf(f,
            "<svg id=\"chart-calibration\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
            "%.0f\" role=img><title>ETA window calibration</title>",
            W, H, W, H);
    svg_yticks(f, x0, y0, y1, 100, "%");
    for (int i = 0; i <= 4; i++)
        fprintf(f, "<text class=tick x=\"%.1f\" y=\"%.1f\" text-anchor=middle>%d%%</text>",
                x0 + (x1 - x0) * i / 4.0, y1 + 16, 25 * i);
    svg_axes(f, x0, y0, x1, y1, "nominal coverage of the ETA window, %",
             "observed coverage, % of deliveries inside");
    fprintf(f, "<line class=diagonal x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y1, x1,
            y0);
    if (!r->have_model || !r->eta_n) {
        fprintf(f, "<text class=label x=\"%.1f\" y=\"%.1f\" text-anchor=middle>%s</text>",
                (x0 + x1) / 2, (y0 + y1) / 2,
                r->have_model         ? "no shipment with a handoff to replay"
                : r->model_problem[0] ? "the stored model cannot be read (run parcelcast train)"
                                      : "no model stored (run parcelcast train)");
    } else {
        const double nom[2] = {0.80, 0.95};
        const size_t cov[2] = {r->eta_cov80, r->eta_cov95};
        for (int i = 0; i < 2; i++) {
            double obs = (double)cov[i] / (double)r->eta_n;
            double x = x0 + (x1 - x0) * nom[i], y = y1 - (y1 - y0) * obs;
            fprintf(f,
                    "<circle class=point cx=\"%.1f\" cy=\"%.1f\" r=\"6\"><title>%.0f%% window: "
                    "%.1f%% observed (n=%zu)</title></circle>",
                    x, y, nom[i] * 100, obs * 100, r->eta_n);
            fprintf(f,
                    "<text class=tick x=\"%.1f\" y=\"%.1f\" text-anchor=end>%.0f%% → %.1f%% "
                    "(n=%zu)</text>",
                    x - 10, y - 8, nom[i] * 100, obs * 100, r->eta_n);
        }
    }
    fputs("</svg>\n", f);
}

static int cmp_fac(const void *a, const void *b)
{
    const group *x = *(const group *const *)a, *y = *(const group *const *)b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->key, y->key);
}

/* Horizontal p50/p95 bars of the 15 busiest facilities or hops (sorted by n). */
static void chart_places(FILE *f, group **fac, size_t nf, const char *id, const char *title,
                         const char *what)
{
    size_t n = nf > 15 ? 15 : nf, longest = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(fac[i]->key) > longest)
            longest = strlen(fac[i]->key);
    /* room for the labels: about 6.2 px a character at 11 px, plus " (n=12345)" */
    double x0 = 20 + 6.2 * (double)(longest + 10);
    x0 = x0 < 200 ? 200 : x0 > 640 ? 640 : x0;
    const double W = 1100, H = 120 + 26.0 * (double)(n ? n : 1), y0 = 20, x1 = W - 40, y1 = H - 60;
    double vmax = 0;
    for (size_t i = 0; i < n; i++)
        if (fvec_pct(&fac[i]->transit_h, 0.95) > vmax)
            vmax = fvec_pct(&fac[i]->transit_h, 0.95);
    vmax = nice_max(vmax);
    fprintf(f,
            "<svg id=\"%s\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "role=img><title>%s</title>",
            id, W, H, W, H, title);
    fprintf(f, "<line class=axis x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y1, x1,
            y1);
    fprintf(f, "<line class=axis x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y0, x0,
            y1);
    for (int i = 0; i <= 4; i++)
        fprintf(f, "<text class=tick x=\"%.1f\" y=\"%.1f\" text-anchor=middle>%.0f</text>",
                x0 + (x1 - x0) * i / 4.0, y1 + 16, vmax * i / 4.0);
    fprintf(f,
            "<text class=label x=\"%.1f\" y=\"%.1f\" text-anchor=middle>%s, hours (dark: p50, "
            "light: p95)</text>",
            (x0 + x1) / 2, y1 + 38, what);
    if (!n)
        fprintf(f,
                "<text class=label x=\"%.1f\" y=\"%.1f\" text-anchor=middle>no facility scans "
                "in this period</text>",
                (x0 + x1) / 2, (y0 + y1) / 2);
    for (size_t i = 0; i < n; i++) {
        const fvec *d = &fac[i]->transit_h;
        double y = y0 + 26.0 * (double)i + 4, p50 = fvec_pct(d, 0.5), p95 = fvec_pct(d, 0.95);
        fprintf(f, "<rect class=p95 x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\"/>", x0, y,
                (x1 - x0) * p95 / vmax);
        fprintf(
            f,
            "<rect class=p50 x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\"><title>p50 %.1f "
            "h, p95 %.1f h (n=%zu)</title></rect>",
            x0, y, (x1 - x0) * p50 / vmax, p50, p95, fac[i]->n);
        fprintf(f, "<text class=tick x=\"%.1f\" y=\"%.1f\" text-anchor=end>", x0 - 6, y + 13);
        html_esc(f, fac[i]->key);
        fprintf(f, " (n=%zu)</text>", fac[i]->n);
    }
    fputs("</svg>\n", f);
}

static void html_group_table(const pc_report *r, FILE *f, group **v, size_t n, const char *what)
{
    fputs("<table><thead><tr><th>", f);
    html_esc(f, what);
    fputs("</th><th>n</th><th>on time vs promise</th><th>on time vs carrier EDD</th>"
          "<th>transit p10 / p50 / p90, h</th><th>p10 / p50 / p90, business days</th>"
          "<th>first attempt</th><th>exceptions</th><th>returns</th>"
          "<th>ETA MAE, h</th><th>ETA 80% coverage</th></tr></thead><tbody>\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const group *g = v[i];
        fputs(g->n < r->opts.small_n ? "<tr class=small><td>" : "<tr><td>", f);
        html_esc(f, g->key);
        if (g->n < r->opts.small_n)
            fputs(" <span class=flag>small</span>", f);
        fprintf(f, "</td><td>%zu</td>", g->n);
        html_rate_cell(f, g->promise_ok, g->promise_n);
        html_rate_cell(f, g->edd_ok, g->edd_n);
        if (g->transit_h.n)
            fprintf(f, "<td>%.1f / %.1f / %.1f <span class=n>(n=%zu%s)</span></td>",
                    fvec_pct(&g->transit_h, 0.1), fvec_pct(&g->transit_h, 0.5),
                    fvec_pct(&g->transit_h, 0.9), g->transit_h.n,
                    g->basis_first ? ", from first event" : "");
        else
            fputs("<td class=na>—</td>", f);
        if (g->transit_bd.n)
            fprintf(f, "<td>%.0f / %.0f / %.0f</td>", fvec_pct(&g->transit_bd, 0.1),
                    fvec_pct(&g->transit_bd, 0.5), fvec_pct(&g->transit_bd, 0.9));
        else
            fputs("<td class=na>—</td>", f);
        html_rate_cell(f, g->first_attempt, g->delivered);
        html_rate_cell(f, g->exc_ship, g->n);
        html_rate_cell(f, g->ret_ship, g->n);
        html_num_cell(f, g->eta_n ? g->eta_abs_h / (double)g->eta_n : (double)NAN);
        html_rate_cell(f, g->eta_cov80, g->eta_n);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* Weeks as rows, carriers as columns: on time vs promise with its n. */
static void html_weekly_table(const pc_report *r, FILE *f, group **car, size_t nc)
{
    group **w = gtable_sorted(&r->weekly);
    if (!w || !r->count) {
        free(w);
        return;
    }
    fputs("<table><thead><tr><th>week (Monday)</th>", f);
    for (size_t ci = 0; ci < nc; ci++) {
        fputs("<th>", f);
        html_esc(f, car[ci]->key);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    int32_t wfirst = r->first_day - weekday(r->first_day);
    int32_t wlast = r->last_day - weekday(r->last_day);
    for (int32_t wd = wfirst; wd <= wlast; wd += 7) {
        char lab[16], key[512];
        day_label(wd, lab, sizeof(lab));
        fprintf(f, "<tr><td>%s</td>", lab);
        for (size_t ci = 0; ci < nc; ci++) {
            snprintf(key, sizeof(key), "%s %s", car[ci]->key, lab);
            const group *g = NULL;
            for (size_t i = 0; i < r->weekly.n && !g; i++)
                if (strcmp(w[i]->key, key) == 0)
                    g = w[i];
            if (g)
                html_rate_cell(f, g->promise_ok, g->promise_n);
            else
                fputs("<td class=na>— <span class=n>(n=0)</span></td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    free(w);
}

int pc_report_write_html(const pc_report *r, FILE *f)
{
    group **grp = gtable_sorted(&r->main), **car = gtable_sorted(&r->carriers),
          **fac = gtable_sorted(&r->facilities), **hop = gtable_sorted(&r->hops);
    if (!grp || !car || !fac || !hop) {
        free(grp);
        free(car);
        free(fac);
        free(hop);
        return PC_ENOMEM;
    }
    qsort(fac, r->facilities.n, sizeof(*fac), cmp_fac);
    qsort(hop, r->hops.n, sizeof(*hop), cmp_fac);
    char from[16] = "the start", to[16] = "the end", by[160];
    if (r->opts.day_from != INT32_MIN)
        day_label(r->opts.day_from, from, sizeof(from));
    if (r->opts.day_to != INT32_MAX)
        day_label(r->opts.day_to, to, sizeof(to));
    if (r->opts.by == PC_REPORT_BY_META)
        snprintf(by, sizeof(by), "metadata \"%s\"", r->meta_key);
    else
        snprintf(by, sizeof(by), "%s", pc_report_by_name(r->opts.by));
    fputs("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
          "<title>parcelcast carrier performance</title><style>\n"
          "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1140px}\n"
          "h1{font-size:22px}h2{font-size:17px;margin-top:28px}\n"
          "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px "
          "6px;text-align:right}td:first-child,th:first-child{text-align:left}\n"
          "th{background:#f3f3f3}.n{color:#777;font-size:12px}.na{color:#aaa}"
          "tr.small td{background:#fff8e1}.flag{background:#f0a500;color:#fff;border-radius:3px;"
          "padding:0 4px;font-size:11px}\n"
          "svg{display:block;margin:8px 0;background:#fff}.axis{stroke:#333}.grid{stroke:#999}"
          ".tick{font-size:11px;fill:#444}.label{font-size:12px;fill:#222}"
          ".whisker{stroke:#333}.box{stroke:#333;fill-opacity:.6}.median{stroke:#000;"
          "stroke-width:2}.series{fill:none;stroke-width:2}.diagonal{stroke:#999;"
          "stroke-dasharray:4 4}.point{fill:#d62728}.p95{fill:#9ecae1}.p50{fill:#3182bd}\n"
          "</style></head><body>\n<h1>Carrier performance</h1>\n",
          f);
    fprintf(f,
            "<p>Shipments that ended from %s to %s: <b>%zu</b>, %zu of them returned to the "
            "sender. Groups with fewer than %u shipments are flagged <span "
            "class=flag>small</span>. Every rate is shown with its n.</p>\n",
            from, to, r->count, r->returned, r->opts.small_n);
    fputs("<h2>Transit time per carrier</h2>\n", f);
    chart_transit(r, f, car, r->carriers.n);
    fprintf(f,
            "<h2>On-time rate by week</h2>\n<p class=n>Points are weeks with at least %u "
            "shipments with a promise for the carrier; every week, with its n, is in the "
            "table below and in the JSON report (\"weekly\").</p>\n",
            r->opts.small_n);
    chart_weekly(r, f, car, r->carriers.n);
    fputs("<h2>ETA window calibration</h2>\n", f);
    if (r->have_model)
        fprintf(f,
                "<p class=n>parcelcast's windows replayed at the handoff for %zu shipments "
                "(%.3g%% of the period's, a sample by shipment id).</p>\n",
                r->eta_n, 100.0 * r->eta_rate);
    chart_calibration(r, f);
    fputs("<h2>Facility dwell</h2>\n", f);
    chart_places(f, fac, r->facilities.n, "chart-dwell", "Facility dwell",
                 "from the first scan at the facility to the first at the next");
    fputs("<h2>Travel between facilities</h2>\n", f);
    chart_places(f, hop, r->hops.n, "chart-hops", "Travel between facilities",
                 "from the last scan at a facility to the first at the next");
    fputs("<h2>By ", f);
    html_esc(f, by);
    fputs("</h2>\n", f);
    html_group_table(r, f, grp, r->main.n, by);
    fputs("<h2>By carrier</h2>\n", f);
    html_group_table(r, f, car, r->carriers.n, "carrier");
    fputs("<h2>On time vs promise by week and carrier</h2>\n", f);
    html_weekly_table(r, f, car, r->carriers.n);
    fputs("<p class=n>Transit: handoff (first carrier scan) to delivery; \"from first event\" "
          "marks shipments without a handoff, measured from their first event. See "
          "docs/reports.md.</p>\n</body></html>\n",
          f);
    free(grp);
    free(car);
    free(fac);
    free(hop);
    return ferror(f) ? PC_EIO : 0;
}
