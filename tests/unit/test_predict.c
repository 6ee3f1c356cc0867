/* The ETA model: training, calibration, windows, cold start, risk flags, persistence,
 * evaluation, and the train / predict / eval commands. Synthetic histories with a known
 * structure (lognormal transit, a fast and a slow region) from a fixed seed. */
#include "testsupport.h"

#include <parcelcast/error.h>
#include <parcelcast/eval.h>
#include <parcelcast/predict.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H    3600
#define BASE 1717200000 /* 2024-06-01 */

static void add_event(pc_shipment *s, int64_t t, pc_status st, const char *code, const char *region)
{
    pc_event *e;
    assert_int_equal(pc_shipment_add_event(s, 64, &e), 0);
    e->time = t;
    e->utc_offset = -300;
    e->status = st;
    assert_int_equal(pc_set_str(&e->code, code, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&e->location.country, "US", 2), 0);
    assert_int_equal(pc_set_str(&e->location.region, region, (size_t)-1), 0);
}

/* Shipment i: ordered, handed over, a scan in the destination region, delivered. Region "FA"
 * is fast (median 30 h), "SL" slow (median 80 h); the merchant promises 5 days. */
static void make(gsl_rng *r, const char *carrier, int i, pc_shipment *s, int64_t *ret_delivered)
{
    pc_shipment_init(s);
    char num[32];
    snprintf(num, sizeof(num), "N%06d", i);
    assert_int_equal(pc_set_str(&s->carrier, carrier, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->tracking_number, num, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->service, "ground", 6), 0);
    bool fast = gsl_rng_uniform(r) < 0.5;
    const char *dest = fast ? "FA" : "SL";
    assert_int_equal(pc_set_str(&s->destination.country, "US", 2), 0);
    assert_int_equal(pc_set_str(&s->destination.region, dest, 2), 0);
    int64_t t0 = BASE + (int64_t)i * 900;
    int64_t hand = t0 + (int64_t)((2 + 18 * gsl_rng_uniform(r)) * H);
    double transit = (fast ? 30 : 80) * exp(gsl_ran_gaussian(r, 0.35));
    int64_t deliv = hand + (int64_t)(transit * H);
    add_event(s, t0, PC_STATUS_INFO_RECEIVED, "IR", "OR");
    add_event(s, hand, PC_STATUS_IN_TRANSIT, "PU", "OR");
    add_event(s, hand + (int64_t)(0.6 * transit * H), PC_STATUS_IN_TRANSIT, "AR", dest);
    add_event(s, deliv, PC_STATUS_DELIVERED, "DL", dest);
    s->status = PC_STATUS_DELIVERED;
    s->promised_by = t0 + 120 * H;
    *ret_delivered = deliv;
}

typedef void (*make_fn)(gsl_rng *r, const char *carrier, int i, pc_shipment *s,
                        int64_t *ret_delivered);

/* A model trained on shipments 0..n-1 of `gen` (random stream seeded with `seed`). */
static pc_model *train_gen(make_fn gen, unsigned long seed, int n, const char *carrier,
                           pc_train_stats *ts)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    pc_trainer *tr;
    assert_int_equal(pc_trainer_new(NULL, &tr), 0);
    for (int pass = 0; pass < 2; pass++) { /* lanes first, then the points */
        gsl_rng_set(r, seed);
        for (int i = 0; i < n; i++) {
            pc_shipment s;
            int64_t d;
            gen(r, carrier, i, &s, &d);
            if (pass == 0)
                assert_int_equal(pc_trainer_note(tr, &s, PC_TIME_NONE), 0);
            else
                assert_int_equal(pc_trainer_add(tr, &s, PC_TIME_NONE), 0);
            pc_shipment_done(&s);
        }
    }
    pc_model *m = NULL;
    char err[256];
    assert_int_equal(pc_trainer_fit(tr, &m, ts, err, sizeof(err)), 0);
    pc_trainer_free(tr);
    gsl_rng_free(r);
    return m;
}

static pc_model *train_on(int n, const char *carrier, pc_train_stats *ts)
{
    return train_gen(make, 42, n, carrier, ts);
}

static void assert_sane(const pc_eta *e, int64_t now)
{
    assert_true(e->time >= now);
    assert_true(e->w80_start < e->w80_end);
    assert_true(e->w95_start <= e->w80_start && e->w80_end <= e->w95_end);
    assert_true(e->w80_start >= now && e->w95_start >= now);
    assert_true(e->p_late >= 0 && e->p_late <= 1);
    assert_true(isfinite(e->p_late));
    assert_true(e->n_reasons >= 1);
}

static void test_train_calibrated_and_better_than_median(void **state)
{
    (void)state;
    pc_train_stats ts;
    pc_model *m = train_on(3000, "acme", &ts);
    assert_int_equal(ts.shipments, 3000);
    assert_true(ts.examples > 3000);
    assert_true(ts.calib_examples > 500);
    assert_int_equal(ts.carriers, 1);
    /* held-out continuous coverage close to nominal */
    assert_true(ts.cov80 > 0.75 && ts.cov80 < 0.85);
    assert_true(ts.cov95 > 0.92 && ts.cov95 < 0.98);

    /* new shipments (indexes past the training ones), predicted at handoff */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    int n = 1000, in80 = 0, in95 = 0;
    double ae = 0, ae_median = 0;
    for (int i = 0; i < n; i++) {
        pc_shipment s;
        int64_t d;
        make(r, "acme", 5000 + i, &s, &d);
        int64_t hand = s.events[1].time;
        pc_eta e;
        assert_int_equal(pc_model_predict(m, &s, hand, &e), 0);
        assert_sane(&e, hand);
        assert_false(e.cold);
        in80 += d >= e.w80_start && d <= e.w80_end;
        in95 += d >= e.w95_start && d <= e.w95_end;
        ae += fabs((double)(e.time - d)) / H;
        ae_median += fabs((double)(hand + 50 * H - d)) / H; /* ~ the pooled median transit */
        pc_shipment_done(&s);
    }
    gsl_rng_free(r);
    /* the region split is only known from the destination at handoff: the model must find it */
    assert_true(ae / n < 0.7 * ae_median / n);
    assert_in_range(in80, 720, 880);
    assert_in_range(in95, 910, 990);
    pc_model_free(m);
}

static void test_windows_narrow_as_delivery_nears(void **state)
{
    (void)state;
    pc_model *m = train_on(3000, "acme", NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 9);
    double w_hand = 0, w_scan = 0;
    for (int i = 0; i < 200; i++) {
        pc_shipment s;
        int64_t d;
        make(r, "acme", 9000 + i, &s, &d);
        pc_eta a, b;
        assert_int_equal(pc_model_predict(m, &s, s.events[1].time, &a), 0);
        assert_int_equal(pc_model_predict(m, &s, s.events[2].time, &b), 0);
        w_hand += (double)(a.w80_end - a.w80_start);
        w_scan += (double)(b.w80_end - b.w80_start);
        pc_shipment_done(&s);
    }
    gsl_rng_free(r);
    assert_true(w_scan < 0.8 * w_hand);
    pc_model_free(m);
}

static void test_cold_start_wider_never_nan(void **state)
{
    (void)state;
    pc_model *m = train_on(3000, "acme", NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    pc_shipment known, unknown;
    int64_t d;
    make(r, "acme", 7000, &known, &d);
    gsl_rng_set(r, 11);
    make(r, "neverseen", 7000, &unknown, &d);
    int64_t hand = known.events[1].time;
    pc_eta a, b;
    assert_int_equal(pc_model_predict(m, &known, hand, &a), 0);
    assert_int_equal(pc_model_predict(m, &unknown, hand, &b), 0);
    assert_false(a.cold);
    assert_true(b.cold);
    assert_sane(&b, hand);
    assert_true(b.w80_end - b.w80_start > a.w80_end - a.w80_start);
    bool says = false;
    for (int i = 0; i < b.n_reasons; i++)
        says |= strstr(b.reasons[i], "no model for neverseen") != NULL;
    assert_true(says);

    /* no training at all: priors, still windows, still no NaN; no events at all either */
    pc_model *prior;
    assert_int_equal(pc_model_prior(&prior), 0);
    assert_int_equal(pc_model_predict(prior, &unknown, hand, &b), 0);
    assert_true(b.cold);
    assert_sane(&b, hand);
    pc_shipment empty;
    pc_shipment_init(&empty);
    assert_int_equal(pc_set_str(&empty.carrier, "x", 1), 0);
    assert_int_equal(pc_model_predict(prior, &empty, hand, &b), 0);
    assert_true(b.w80_start < b.w80_end);
    assert_true(b.p_late < 0); /* no promise */
    assert_int_equal(pc_model_predict(m, &empty, hand, &b), 0);
    assert_true(b.w80_start < b.w80_end);
    pc_shipment_done(&empty);
    pc_model_free(prior);
    pc_shipment_done(&known);
    pc_shipment_done(&unknown);
    gsl_rng_free(r);
    pc_model_free(m);
}

static void test_delivered_late_stall_exception(void **state)
{
    (void)state;
    pc_model *m = train_on(3000, "acme", NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 13);
    pc_shipment s;
    int64_t d;
    make(r, "acme", 8000, &s, &d);
    pc_eta e;
    /* delivered: the delivery itself, p_late 0 or 1 */
    assert_int_equal(pc_model_predict(m, &s, d + H, &e), 0);
    assert_int_equal(e.time, d);
    assert_true(e.p_late == (d > s.promised_by ? 1.0 : 0.0));
    assert_false(e.at_risk);
    /* without its delivery, stuck in transit for 20 days after the arrival scan: stall, late */
    pc_event_done(&s.events[3]);
    s.n_events = 3;
    s.status = PC_STATUS_IN_TRANSIT;
    int64_t now = s.events[2].time + 20 * 24 * H;
    assert_int_equal(pc_model_predict(m, &s, now, &e), 0);
    assert_true(e.risk & PC_RISK_STALL);
    assert_true(e.risk & PC_RISK_LATE);
    assert_true(e.at_risk);
    assert_true(e.p_late == 1.0); /* the promise has passed */
    bool stall = false;
    for (int i = 0; i < e.n_reasons; i++)
        stall |= strstr(e.reasons[i], "95% of acme parcels") != NULL;
    assert_true(stall);
    /* an exception scan */
    add_event(&s, s.events[2].time + H, PC_STATUS_EXCEPTION, "EX", "SL");
    assert_int_equal(pc_model_predict(m, &s, s.events[2].time + 2 * H, &e), 0);
    assert_true(e.risk & PC_RISK_EXCEPTION);
    pc_shipment_done(&s);
    gsl_rng_free(r);
    pc_model_free(m);
}

/* Shipment i of a carrier that picks up on weekdays 08-18 and delivers Monday to Friday,
 * 09:00-17:00 local (UTC-5): a parcel that reaches the depot after 09:00, or on a weekend, goes
 * out on the next weekday. Half go a long way (region "LG", about 95 h to the depot), so their
 * deliveries fall on either side of a weekend; the rest a short one ("FA", 30 h). */
static void make_weekdays(gsl_rng *r, const char *carrier, int i, pc_shipment *s,
                          int64_t *ret_delivered)
{
    pc_shipment_init(s);
    char num[32];
    snprintf(num, sizeof(num), "W%06d", i);
    assert_int_equal(pc_set_str(&s->carrier, carrier, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->tracking_number, num, (size_t)-1), 0);
    assert_int_equal(pc_set_str(&s->service, "ground", 6), 0);
    bool lg = gsl_rng_uniform(r) < 0.5;
    const char *dest = lg ? "LG" : "FA";
    assert_int_equal(pc_set_str(&s->destination.country, "US", 2), 0);
    assert_int_equal(pc_set_str(&s->destination.region, dest, 2), 0);
    int64_t t0 = BASE + (int64_t)i * 1800;
    int64_t hand = t0 + (int64_t)((2 + 18 * gsl_rng_uniform(r)) * H);
    int64_t hday = (hand - 5 * H) / 86400, hsec = (hand - 5 * H) - hday * 86400;
    if ((hday + 3) % 7 >= 5 || hsec < 8 * H || hsec >= 18 * H) { /* pickups: weekdays 08-18 */
        for (hday += hsec >= 8 * H; (hday + 3) % 7 >= 5; hday++)
            ;
        hand = hday * 86400 + 5 * H + (int64_t)((8 + 10 * gsl_rng_uniform(r)) * H);
    }
    double transit = (lg ? 95 : 30) * exp(gsl_ran_gaussian(r, lg ? 0.08 : 0.3));
    int64_t depot = hand + (int64_t)(transit * H);
    int64_t local = depot - 5 * H, day = local / 86400;
    if ((day + 3) % 7 >= 5 || local - day * 86400 >= 9 * H) /* 1970-01-01 was a Thursday */
        for (day++; (day + 3) % 7 >= 5; day++)
            ;
    int64_t deliv = day * 86400 + 5 * H + 9 * H + (int64_t)(gsl_rng_uniform(r) * 8 * H);
    add_event(s, t0, PC_STATUS_INFO_RECEIVED, "IR", "OR");
    add_event(s, hand, PC_STATUS_IN_TRANSIT, "PU", "OR");
    if (depot < deliv)
        add_event(s, depot, PC_STATUS_IN_TRANSIT, "AR", dest);
    add_event(s, deliv, PC_STATUS_DELIVERED, "DL", dest);
    s->status = PC_STATUS_DELIVERED;
    s->promised_by = t0 + 240 * H;
    *ret_delivered = deliv;
}

/* Issue 5: windows four days and more out span days without deliveries and the lumps of the
 * delivery days either side. Their coverage is calibrated on the windows themselves now; before,
 * 80% of the smooth mass gave these windows about 89% coverage here (and 75% beyond 168 h on
 * the simulator, where the weekend's mass all went on to the Monday). */
static void test_long_horizon_windows_covered(void **state)
{
    (void)state;
    pc_model *m = train_gen(make_weekdays, 5, 4000, "weekdays", NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    int n = 0, in80 = 0, n_long = 0, long80 = 0, long95 = 0;
    for (int i = 0; i < 3000; i++) {
        pc_shipment s;
        int64_t d;
        make_weekdays(r, "weekdays", 10000 + i, &s, &d);
        for (size_t k = 0; k + 1 < s.n_events; k++) { /* at each event before the delivery */
            int64_t now = s.events[k].time;
            pc_eta e;
            assert_int_equal(pc_model_predict(m, &s, now, &e), 0);
            assert_sane(&e, now);
            n++;
            in80 += d >= e.w80_start && d <= e.w80_end;
            if (e.time - now >= 96 * H) { /* the point ETA four days or more out */
                n_long++;
                long80 += d >= e.w80_start && d <= e.w80_end;
                long95 += d >= e.w95_start && d <= e.w95_end;
            }
        }
        pc_shipment_done(&s);
    }
    gsl_rng_free(r);
    pc_model_free(m);
    printf("# 80%% coverage %.3f of %d points; point ETA 96 h and more out: 80%% %.3f, "
           "95%% %.3f of %d\n",
           (double)in80 / n, n, (double)long80 / n_long, (double)long95 / n_long, n_long);
    assert_true(n_long >= 1000);
    assert_true((double)in80 / n > 0.77 && (double)in80 / n < 0.87);
    assert_true((double)long80 / n_long > 0.76 && (double)long80 / n_long < 0.85);
    assert_true((double)long95 / n_long > 0.92 && (double)long95 / n_long < 0.985);
}

static void test_save_load_round_trip_and_corruption(void **state)
{
    (void)state;
    pc_model *m = train_on(2000, "acme", NULL), *back = NULL;
    void *blob;
    size_t len;
    assert_int_equal(pc_model_save(m, &blob, &len), 0);
    assert_int_equal(pc_model_load(blob, len, &back), 0);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 17);
    for (int i = 0; i < 50; i++) {
        pc_shipment s;
        int64_t d;
        make(r, "acme", 6000 + i, &s, &d);
        pc_eta a, b;
        assert_int_equal(pc_model_predict(m, &s, s.events[1].time, &a), 0);
        assert_int_equal(pc_model_predict(back, &s, s.events[1].time, &b), 0);
        assert_memory_equal(&a, &b, sizeof(a));
        pc_shipment_done(&s);
    }
    gsl_rng_free(r);
    pc_model *bad = NULL;
    assert_int_equal(pc_model_load(blob, len - 1, &bad), PC_EMALFORMED);
    assert_int_equal(pc_model_load(blob, 10, &bad), PC_EMALFORMED);
    ((unsigned char *)blob)[0] ^= 0xff;
    assert_int_equal(pc_model_load(blob, len, &bad), PC_EMALFORMED);
    assert_null(bad);
    free(blob);
    pc_model_free(back);
    pc_model_free(m);
}

static void test_nothing_to_train(void **state)
{
    (void)state;
    pc_trainer *tr;
    assert_int_equal(pc_trainer_new(NULL, &tr), 0);
    pc_shipment s;
    pc_shipment_init(&s);
    assert_int_equal(pc_set_str(&s.carrier, "acme", 4), 0);
    s.status = PC_STATUS_IN_TRANSIT; /* not delivered: skipped */
    assert_int_equal(pc_trainer_add(tr, &s, PC_TIME_NONE), 0);
    pc_shipment_done(&s);
    pc_model *m = NULL;
    char err[256] = "";
    assert_int_equal(pc_trainer_fit(tr, &m, NULL, err, sizeof(err)), PC_EINVAL);
    assert_null(m);
    assert_non_null(strstr(err, "nothing to train on"));
    pc_trainer_free(tr);
}

static int put_all(pc_txn *tx, void *ctx)
{
    gsl_rng *r = ctx;
    for (int i = 0; i < 4000; i++) {
        pc_shipment s;
        int64_t d;
        make(r, i % 2 ? "acme" : "zeta", i, &s, &d);
        int rc = pc_store_put_shipment(tx, &s, d, NULL);
        pc_shipment_done(&s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static double method_mae(const json_t *r, const char *name)
{
    size_t i;
    const json_t *m;
    json_array_foreach(json_object_get(r, "methods"), i, m)
    {
        if (strcmp(json_string_value(json_object_get(m, "name")), name) == 0)
            return json_real_value(json_object_get(m, "mae_h"));
    }
    fail_msg("no method %s", name);
    return 0;
}

static void test_eval_and_store_round_trip(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("predict");
    pc_store_opts so = {.path = dir};
    pc_store *st;
    char err[256];
    assert_int_equal(pc_store_open(&so, &st, err, sizeof(err)), 0);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 23);
    assert_int_equal(pc_store_write(st, put_all, r), 0);
    gsl_rng_free(r);

    /* 4000 shipments over ~42 days; split after day 28 */
    pc_eval_opts o;
    memset(&o, 0, sizeof(o));
    o.split = BASE + 28 * 86400;
    const pc_eval_at ats[] = {PC_EVAL_HANDOFF, PC_EVAL_SCAN, PC_EVAL_DELIVERY_DAY};
    for (size_t k = 0; k < 3; k++) {
        o.at = ats[k];
        json_t *res = NULL;
        assert_int_equal(pc_eval_run(st, &o, &res, err, sizeof(err)), 0);
        const json_t *test = json_object_get(res, "test");
        assert_true(json_integer_value(json_object_get(test, "shipments")) > 800);
        if (o.at != PC_EVAL_DELIVERY_DAY) {
            double ours = method_mae(res, "parcelcast"), naive = method_mae(res, "global median");
            if (!(ours < naive))
                fail_msg("%s: MAE %.1f h, global median %.1f h", pc_eval_at_name(o.at), ours,
                         naive);
        }
        assert_int_equal(json_array_size(json_object_get(res, "coverage_by_horizon")), 5);
        assert_int_equal(json_array_size(json_object_get(json_object_get(res, "delay"), "rules")),
                         14);
        json_decref(res);
    }
    o.at = PC_EVAL_HANDOFF;
    o.walk_days = 7;
    json_t *res = NULL;
    assert_int_equal(pc_eval_run(st, &o, &res, err, sizeof(err)), 0);
    assert_int_equal(json_integer_value(json_object_get(res, "walk_forward_days")), 7);
    json_decref(res);
    /* a split after everything: nothing to test */
    o.walk_days = 0;
    o.split = BASE + 400 * 86400;
    assert_int_equal(pc_eval_run(st, &o, &res, err, sizeof(err)), PC_EINVAL);

    /* train from the store, persist, load back */
    pc_model *m = NULL, *back = NULL;
    pc_train_stats ts;
    assert_int_equal(pc_model_train_store(st, NULL, PC_TIME_NONE, &m, &ts, err, sizeof(err)), 0);
    assert_int_equal(ts.shipments, 4000);
    assert_int_equal(ts.carriers, 2);
    assert_int_equal(pc_store_write(st, (int (*)(pc_txn *, void *))pc_model_store_put, m), 0);
    pc_txn *tx;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_model_store_get(tx, &back), 0);
    pc_store_read_end(tx);
    pc_model_info a, b;
    pc_model_get_info(m, &a);
    pc_model_get_info(back, &b);
    assert_memory_equal(&a, &b, sizeof(a));
    pc_model_free(m);
    pc_model_free(back);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

static int edd_writes(pc_txn *tx, void *ctx)
{
    (void)ctx;
    int rc;
    if ((rc = pc_edd_note(tx, 7, BASE + 10 * H, BASE + 50 * H)) < 0 ||
        (rc = pc_edd_note(tx, 7, BASE + 20 * H, BASE + 50 * H)) < 0 || /* unchanged: no note */
        (rc = pc_edd_note(tx, 7, BASE + 30 * H, BASE + 70 * H)) < 0 ||
        (rc = pc_edd_note(tx, 7, BASE + 5 * H, BASE + 40 * H)) < 0 || /* late news, earlier */
        (rc = pc_edd_note(tx, 7, BASE + 40 * H, PC_TIME_NONE)) < 0)   /* none: ignored */
        return rc;
    return 0;
}

static void test_edd_history_and_replay(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("edd");
    pc_store_opts so = {.path = dir};
    pc_store *st;
    char err[256];
    assert_int_equal(pc_store_open(&so, &st, err, sizeof(err)), 0);
    assert_int_equal(pc_store_write(st, edd_writes, NULL), 0);
    pc_txn *tx;
    pc_edd e[PC_EDD_MAX];
    size_t n;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    assert_int_equal(pc_edd_load(tx, 7, e, PC_EDD_MAX, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(e[0].known_at, BASE + 5 * H);
    assert_int_equal(e[0].eta, BASE + 40 * H);
    assert_int_equal(e[1].known_at, BASE + 10 * H);
    assert_int_equal(e[2].eta, BASE + 70 * H);
    assert_int_equal(pc_edd_load(tx, 8, e, PC_EDD_MAX, &n), 0); /* no history */
    assert_int_equal(n, 0);
    pc_store_read_end(tx);

    /* replay uses the estimate of the moment, live uses carrier_eta; without either they agree */
    pc_model *m = train_on(2000, "acme", NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 31);
    pc_shipment s;
    int64_t d;
    make(r, "acme", 4242, &s, &d);
    pc_eta a, b;
    assert_int_equal(pc_model_predict(m, &s, s.events[1].time, &a), 0);
    assert_int_equal(pc_model_predict_replay(m, &s, NULL, 0, s.events[1].time, &b), 0);
    assert_memory_equal(&a, &b, sizeof(a));
    pc_edd late = {s.events[0].time, s.promised_by + 30 * 24 * H};
    s.carrier_eta = late.eta;
    assert_int_equal(pc_model_predict(m, &s, s.events[1].time, &a), 0);
    assert_int_equal(pc_model_predict_replay(m, &s, &late, 1, s.events[1].time, &b), 0);
    assert_memory_equal(&a, &b, sizeof(a));
    pc_shipment_done(&s);
    gsl_rng_free(r);
    pc_model_free(m);
    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

static void test_cli_train_predict_eval(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("predict-cli");
    char *out = NULL, *err = NULL;
    /* before any data: train says why it cannot */
    const char *train[] = {"parcelcast", "train", "--store", dir, NULL};
    assert_int_equal(pc_test_run(train, NULL, &out, &err), 65);
    assert_non_null(strstr(err, "nothing to train on"));
    free(out);
    free(err);
    const char *sim[] = {"parcelcast", "simulate", "-n",      "1500", "--into-store",
                         "--store",    dir,        "--quiet", NULL};
    assert_int_equal(pc_test_run(sim, NULL, &out, &err), 0);
    free(out);
    free(err);
    assert_int_equal(pc_test_run(train, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "trained on"));
    assert_non_null(strstr(out, "saved in"));
    free(out);
    free(err);

    /* the first simulated shipment, by export */
    const char *exp[] = {"parcelcast", "export", "--store", dir, NULL};
    assert_int_equal(pc_test_run(exp, NULL, &out, &err), 0);
    json_error_t je;
    json_t *first = json_loadb(out, strcspn(out, "\n"), 0, &je);
    assert_non_null(first);
    free(out);
    free(err);
    const char *carrier = json_string_value(json_object_get(first, "carrier"));
    const char *number = json_string_value(json_object_get(first, "tracking_number"));
    const char *label = json_string_value(
        json_object_get(json_array_get(json_object_get(first, "events"), 0), "time"));
    const char *pred[] = {"parcelcast", "predict", "--store", dir,    "--at",
                          label,        "--json",  carrier,   number, NULL};
    assert_int_equal(pc_test_run(pred, NULL, &out, &err), 0);
    json_t *eta = json_loads(out, 0, &je);
    assert_non_null(eta);
    assert_non_null(json_object_get(json_object_get(eta, "window_80"), "start"));
    assert_true(json_is_array(json_object_get(eta, "reasons")));
    json_decref(eta);
    free(out);
    free(err);
    const char *pred_text[] = {"parcelcast", "predict", "--store", dir, "--at",
                               label,        carrier,   number,    NULL};
    assert_int_equal(pc_test_run(pred_text, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "80% window"));
    free(out);
    free(err);
    const char *missing[] = {"parcelcast", "predict", "--store", dir, carrier, "NOPE", NULL};
    assert_int_equal(pc_test_run(missing, NULL, &out, &err), 1);
    free(out);
    free(err);
    json_decref(first);

    const char *ev[] = {"parcelcast", "eval",       "--store", dir,
                        "--split",    "2024-10-15", "--json",  NULL};
    assert_int_equal(pc_test_run(ev, NULL, &out, &err), 0);
    json_t *res = json_loads(out, 0, &je);
    assert_non_null(res);
    assert_string_equal(json_string_value(json_object_get(res, "at")), "handoff");
    json_decref(res);
    free(out);
    free(err);
    const char *ev_bad[] = {"parcelcast", "eval", "--store", dir, NULL};
    assert_int_equal(pc_test_run(ev_bad, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "--split"));
    free(out);
    free(err);
    const char *ev_at[] = {"parcelcast", "eval", "--store", dir, "--split",
                           "2024-10-15", "--at", "soon",    NULL};
    assert_int_equal(pc_test_run(ev_at, NULL, &out, &err), 2);
    free(out);
    free(err);
    /* every bad option value is refused naming the option */
    const char *bad[][10] = {
        {"parcelcast", "eval", "--store", dir, "--split", "2024-10-15", "--walk-forward", "0",
         NULL},
        {"parcelcast", "eval", "--store", dir, "--split", "15/10/2024", NULL},
        {"parcelcast", "train", "--store", dir, "--threshold", "2", NULL},
        {"parcelcast", "train", "--store", dir, "--ridge", "-1", NULL},
        {"parcelcast", "predict", "--store", dir, "--at", "yesterday", "ups", "1Z", NULL},
    };
    const char *names[] = {"--walk-forward", "--split", "--threshold", "--ridge", "--at"};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        assert_int_equal(pc_test_run(bad[k], NULL, &out, &err), 2);
        if (!strstr(err, names[k]))
            fail_msg("%s: %s", names[k], err);
        free(out);
        free(err);
    }
    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_train_calibrated_and_better_than_median),
        cmocka_unit_test(test_windows_narrow_as_delivery_nears),
        cmocka_unit_test(test_long_horizon_windows_covered),
        cmocka_unit_test(test_cold_start_wider_never_nan),
        cmocka_unit_test(test_delivered_late_stall_exception),
        cmocka_unit_test(test_save_load_round_trip_and_corruption),
        cmocka_unit_test(test_nothing_to_train),
        cmocka_unit_test(test_eval_and_store_round_trip),
        cmocka_unit_test(test_edd_history_and_replay),
        cmocka_unit_test(test_cli_train_predict_eval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
