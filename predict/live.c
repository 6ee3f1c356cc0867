/* The live predictor: the model in use behind a lock, a background thread that retrains on a
 * schedule and recomputes every active shipment's prediction on each tick or nudge, and the
 * at-risk records (blob "risk:<id>": when the flag was raised and why). */
#include "model_internal.h"

#include <parcelcast/error.h>
#include <parcelcast/log.h>
#include <parcelcast/predictor.h>
#include <parcelcast/timeutil.h>

#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PENDING 4096 /* risk records written per transaction */

struct pc_predictor {
    pc_predictor_opts o;
    pthread_rwlock_t lock; /* guards model */
    pc_model *model;
    bool trained; /* model is a trained one (not priors) */
    int64_t last_train;
    pthread_mutex_t mu; /* guards the fields below and the condition */
    pthread_cond_t cond;
    bool running, stop, nudged;
    pthread_t thread;
    pc_predictor_stats stats;
};

static int64_t now_of(const pc_predictor *p)
{
    return p->o.clock ? p->o.clock(p->o.clock_ctx) : (int64_t)time(NULL);
}

static void risk_name(uint64_t id, char *buf, size_t size)
{
    snprintf(buf, size, "risk:%llu", (unsigned long long)id);
}

int64_t pc_predictor_now(const pc_predictor *p)
{
    return now_of(p);
}

int pc_predictor_risk_get(pc_txn *tx, uint64_t id, json_t **ret)
{
    char name[40];
    risk_name(id, name, sizeof(name));
    void *blob;
    size_t len;
    int rc = pc_store_get_blob(tx, name, &blob, &len);
    if (rc < 0)
        return rc;
    json_error_t je;
    *ret = json_loadb(blob, len, 0, &je);
    free(blob);
    return *ret ? 0 : PC_EMALFORMED;
}

/* Replace the model (takes ownership). */
static void swap_model(pc_predictor *p, pc_model *m, bool trained)
{
    pthread_rwlock_wrlock(&p->lock);
    pc_model *old = p->model;
    p->model = m;
    p->trained = trained;
    pthread_rwlock_unlock(&p->lock);
    pc_model_free(old);
    pthread_mutex_lock(&p->mu);
    p->stats.model_trained = trained ? m->trained_at : PC_TIME_NONE;
    pthread_mutex_unlock(&p->mu);
}

static int put_model(pc_txn *tx, void *ctx)
{
    return pc_model_store_put(tx, ctx);
}

/* Train from the store and save; keeps the current model when there is nothing to train on. */
static int retrain(pc_predictor *p)
{
    pc_model *m = NULL;
    pc_train_stats ts;
    char err[512] = "";
    int rc = pc_model_train_store(p->o.store, &p->o.train, PC_TIME_NONE, &m, &ts, err, sizeof(err));
    p->last_train = now_of(p);
    if (rc == 0)
        m->trained_at = p->last_train; /* on the predictor's clock (simulated in the demo) */
    if (rc == PC_EINVAL)
        return 0; /* not enough history yet */
    if (rc < 0) {
        pc_log(PC_LOG_WARN, "predict", "retraining failed", "error", *err ? err : pc_strerror(rc),
               NULL);
        return rc;
    }
    if ((rc = pc_store_write(p->o.store, put_model, m)) < 0) {
        pc_model_free(m);
        return rc;
    }
    char n[32];
    snprintf(n, sizeof(n), "%zu", ts.shipments);
    pc_log(PC_LOG_INFO, "predict", "model retrained", "shipments", n, NULL);
    swap_model(p, m, true);
    return 0;
}

int pc_predictor_new(const pc_predictor_opts *opts, pc_predictor **ret, char *err, size_t errlen)
{
    pc_predictor *p = calloc(1, sizeof(*p));
    if (!p)
        return PC_ENOMEM;
    p->o = *opts;
    if (p->o.tick <= 0)
        p->o.tick = 300;
    pthread_rwlock_init(&p->lock, NULL);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cond, NULL);
    p->stats.last_tick = p->stats.model_trained = PC_TIME_NONE;
    pc_txn *tx;
    pc_model *m = NULL;
    int rc = pc_store_read_begin(p->o.store, &tx);
    if (rc == 0) {
        rc = pc_model_store_get(tx, &m);
        pc_store_read_end(tx);
    }
    if (rc == 0) {
        swap_model(p, m, true);
        p->last_train = m->trained_at;
    } else if (rc == PC_ENOTFOUND || rc == PC_EMALFORMED) {
        /* none stored (or written by another version): train now if there is history */
        if ((rc = pc_model_prior(&m)) < 0)
            goto fail;
        swap_model(p, m, false);
        if ((rc = retrain(p)) < 0)
            goto fail;
    } else {
        goto fail;
    }
    *ret = p;
    return 0;
fail:
    pc__errbuf_set(err, errlen, "cannot load or train the ETA model: %s", pc_strerror(rc));
    pc_predictor_free(p);
    return rc;
}

int pc_predictor_eta(pc_predictor *p, const pc_shipment *s, int64_t now, pc_eta *ret)
{
    pthread_rwlock_rdlock(&p->lock);
    int rc = pc_model_predict(p->model, s, now, ret);
    pthread_rwlock_unlock(&p->lock);
    return rc;
}

/* ---- one pass ----------------------------------------------------------------------------- */

typedef struct change {
    uint64_t id;
    char *json;  /* the new record */
    pc_eta *eta; /* a flag just raised: the prediction that raised it (for on_raise), else NULL */
} change;

typedef struct pass {
    pc_predictor *p;
    pc_txn *tx;
    int64_t now;
    change *ch;
    size_t n_ch, cap_ch;
    size_t active, at_risk, raised, cleared;
} pass;

static bool final_status(pc_status st)
{
    return st == PC_STATUS_DELIVERED || st == PC_STATUS_RETURNED || st == PC_STATUS_EXPIRED;
}

static int visit(const pc_shipment *s, uint64_t id, void *ctx)
{
    pass *ps = ctx;
    json_t *old = NULL;
    int rc = pc_predictor_risk_get(ps->tx, id, &old);
    if (rc < 0 && rc != PC_ENOTFOUND && rc != PC_EMALFORMED)
        return rc;
    bool was = old && json_is_true(json_object_get(old, "at_risk"));
    pc_eta e;
    memset(&e, 0, sizeof(e));
    if (final_status(s->status)) {
        e.at_risk = false; /* a finished shipment is no longer at risk */
    } else {
        ps->active++;
        if ((rc = pc_model_predict(ps->p->model, s, ps->now, &e)) < 0) {
            json_decref(old);
            return rc == PC_EINVAL ? 0 : rc;
        }
        ps->at_risk += e.at_risk;
    }
    unsigned old_bits = 0;
    static const char *names[] = {"late", "stall", "exception"};
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(old, "risk"), i, v)
    {
        for (unsigned b = 0; b < 3; b++)
            if (json_is_string(v) && strcmp(json_string_value(v), names[b]) == 0)
                old_bits |= 1u << b;
    }
    bool changed = was != e.at_risk || (e.at_risk && old_bits != e.risk);
    if (!changed || (!old && !e.at_risk)) {
        json_decref(old);
        return 0;
    }
    char when[40];
    pc_eta *raised_eta = NULL;
    json_t *rec = json_pack("{s:b}", "at_risk", e.at_risk);
    if (!rec) {
        json_decref(old);
        return PC_ENOMEM;
    }
    if (e.at_risk) {
        /* raised now, or still raised since before with other reasons */
        const char *since = was ? json_string_value(json_object_get(old, "since")) : NULL;
        json_object_set_new(rec, "since",
                            json_string(since ? since : pc_time_format(ps->now, when, 40)));
        json_t *eta = pc_eta_to_json(&e);
        if (eta) {
            json_object_set(rec, "risk", json_object_get(eta, "risk"));
            json_object_set(rec, "reasons", json_object_get(eta, "reasons"));
            json_object_set(rec, "p_late", json_object_get(eta, "p_late"));
            json_object_set(rec, "eta", json_object_get(eta, "time"));
        }
        json_decref(eta);
        ps->raised += !was;
        if (!was && ps->p->o.on_raise) {
            raised_eta = malloc(sizeof(*raised_eta));
            if (!raised_eta) {
                json_decref(old);
                json_decref(rec);
                return PC_ENOMEM;
            }
            *raised_eta = e;
        }
    } else {
        json_object_set_new(rec, "cleared", json_string(pc_time_format(ps->now, when, 40)));
        json_object_set(rec, "was_since", json_object_get(old, "since"));
        ps->cleared++;
    }
    json_decref(old);
    char *text = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(rec);
    void *grown = text ? pc__grow(ps->ch, &ps->cap_ch, ps->n_ch, sizeof(*ps->ch), 64) : NULL;
    if (!grown) {
        free(text);
        free(raised_eta);
        return PC_ENOMEM;
    }
    ps->ch = grown;
    ps->ch[ps->n_ch++] = (change){id, text, raised_eta};
    return 0;
}

struct write_ctx {
    const pc_predictor *p;
    const change *ch;
    size_t n;
    int64_t now;
};

/* The records, and for each flag just raised what it causes (a delayed notice), in one
 * transaction. */
static int write_changes(pc_txn *tx, void *ctx)
{
    struct write_ctx *w = ctx;
    char name[40];
    for (size_t i = 0; i < w->n; i++) {
        risk_name(w->ch[i].id, name, sizeof(name));
        int rc = pc_store_put_blob(tx, name, w->ch[i].json, strlen(w->ch[i].json));
        if (rc == 0 && w->ch[i].eta) {
            pc_shipment s;
            if ((rc = pc_store_get_shipment_by_id(tx, w->ch[i].id, &s)) == 0)
                rc = w->p->o.on_raise(w->p->o.raise_ctx, tx, &s, w->ch[i].eta, w->now);
            pc_shipment_done(&s);
            if (rc == PC_ENOTFOUND)
                rc = 0; /* deleted meanwhile */
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

int pc_predictor_tick(pc_predictor *p)
{
    int64_t now = now_of(p);
    int rc = 0;
    if (p->o.retrain_hours > 0 &&
        (!p->trained || now - p->last_train >= (int64_t)p->o.retrain_hours * 3600) &&
        (rc = retrain(p)) < 0)
        return rc;
    pass ps;
    memset(&ps, 0, sizeof(ps));
    ps.p = p;
    ps.now = now;
    pthread_rwlock_rdlock(&p->lock);
    if ((rc = pc_store_read_begin(p->o.store, &ps.tx)) == 0) {
        rc = pc_store_scan_shipments(ps.tx, visit, &ps);
        pc_store_read_end(ps.tx);
    }
    pthread_rwlock_unlock(&p->lock);
    for (size_t i = 0; rc >= 0 && i < ps.n_ch; i += MAX_PENDING) {
        struct write_ctx w = {p, ps.ch + i, ps.n_ch - i < MAX_PENDING ? ps.n_ch - i : MAX_PENDING,
                              now};
        rc = pc_store_write(p->o.store, write_changes, &w);
    }
    for (size_t i = 0; i < ps.n_ch; i++) {
        free(ps.ch[i].json);
        free(ps.ch[i].eta);
    }
    free(ps.ch);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&p->mu);
    p->stats.last_tick = now;
    p->stats.active = ps.active;
    p->stats.at_risk = ps.at_risk;
    p->stats.raised = ps.raised;
    p->stats.cleared = ps.cleared;
    p->stats.passes++;
    pthread_mutex_unlock(&p->mu);
    return 0;
}

static void *run(void *arg)
{
    pc_predictor *p = arg;
    pthread_mutex_lock(&p->mu);
    while (!p->stop) {
        pthread_mutex_unlock(&p->mu);
        int rc = pc_predictor_tick(p);
        if (rc < 0)
            pc_log(PC_LOG_WARN, "predict", "recomputation failed", "error", pc_strerror(rc), NULL);
        pthread_mutex_lock(&p->mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += p->o.tick;
        while (!p->stop && !p->nudged) {
            if (pthread_cond_timedwait(&p->cond, &p->mu, &until) == ETIMEDOUT)
                break;
        }
        if (p->nudged && !p->stop) {
            /* events come in bursts (a poll run): gather a second of them */
            p->nudged = false;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 1;
            while (!p->stop && pthread_cond_timedwait(&p->cond, &p->mu, &until) != ETIMEDOUT)
                ;
            p->nudged = false;
        }
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int pc_predictor_start(pc_predictor *p)
{
    pthread_mutex_lock(&p->mu);
    int rc = p->running ? 0 : pthread_create(&p->thread, NULL, run, p);
    if (rc == 0)
        p->running = true;
    pthread_mutex_unlock(&p->mu);
    return rc == 0 ? 0 : PC_ENOMEM;
}

void pc_predictor_nudge(pc_predictor *p)
{
    pthread_mutex_lock(&p->mu);
    p->nudged = true;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->mu);
}

void pc_predictor_get_stats(pc_predictor *p, pc_predictor_stats *ret)
{
    pthread_mutex_lock(&p->mu);
    *ret = p->stats;
    pthread_mutex_unlock(&p->mu);
}

void pc_predictor_free(pc_predictor *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    bool running = p->running;
    p->stop = true;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->mu);
    if (running)
        pthread_join(p->thread, NULL);
    pc_model_free(p->model);
    pthread_rwlock_destroy(&p->lock);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cond);
    free(p);
}
