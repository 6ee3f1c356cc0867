/* sim: the parcel-network simulator. Determinism (same seed, same bytes; shipment i alone equals
 * shipment i in a run), tracking numbers that pass detection with their check digits, normalized
 * histories with offsets of the events' zones, snapshots as prefixes, statistical sanity (late
 * share, speeds, calendars, hour profiles, disruption rates), the parameter file and its errors,
 * bounded memory over 200,000 shipments, and the `simulate` command. No wall clock is read. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "testsupport.h"

#include <gsl/gsl_errno.h>

#include <parcelcast/detect.h>
#include <parcelcast/error.h>
#include <parcelcast/json.h>
#include <parcelcast/normalize.h>
#include <parcelcast/sim.h>
#include <parcelcast/timeutil.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define RULES_PATH PC_TEST_SOURCE_DIR "/../data/detect.rules"
#define SIMCONF    PC_TEST_SOURCE_DIR "/../data/sim.conf"
#define DAY        86400
#define SEED       20240902u

static pc_sim *new_sim(const pc_sim_config *cfg)
{
    pc_sim_config def;
    pc_sim *sim = NULL;
    char err[256] = "";
    if (!cfg) {
        pc_sim_config_default(&def);
        cfg = &def;
    }
    int rc = pc_sim_new(cfg, &sim, err, sizeof(err));
    if (rc != 0)
        fprintf(stderr, "pc_sim_new: %s\n", err);
    assert_int_equal(rc, 0);
    return sim;
}

static char *truth_line(const pc_sim_truth *t)
{
    static char buf[PC_SIM_TRUTH_MAX];
    size_t len = 0;
    assert_int_equal(pc_sim_truth_format(t, buf, sizeof(buf), &len), 0);
    assert_int_equal(len, strlen(buf));
    assert_true(len > 0 && buf[len - 1] == '\n');
    return buf;
}

static char *shipment_json(const pc_shipment *s)
{
    json_t *j = pc_shipment_to_json(s, PC_JSON_MERCHANT);
    assert_non_null(j);
    char *text = pc_json_dumps(j, 0);
    json_decref(j);
    assert_non_null(text);
    return text;
}

/* Truth line and full history of one shipment, as one malloc'd string. */
static char *shipment_text(const pc_sim *sim, uint64_t seed, uint64_t i)
{
    pc_sim_truth t;
    pc_shipment s;
    assert_int_equal(pc_sim_shipment(sim, seed, i, &t, &s), 0);
    char *line = truth_line(&t), *js = shipment_json(&s);
    size_t n = strlen(line) + strlen(js) + 2;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%s%s\n", line, js);
    free(js);
    pc_shipment_done(&s);
    return out;
}

static int64_t local_day(int64_t t, int offset_min)
{
    int64_t l = t + (int64_t)offset_min * 60;
    return l >= 0 ? l / DAY : (l - DAY + 1) / DAY;
}

static int weekday(int64_t day)
{
    return (int)(((day + 4) % 7 + 7) % 7); /* 0 = Sunday */
}

static int offset_of(const pc_sim_place *p, int64_t t)
{
    int off = 0;
    assert_int_equal(pc_tz_offset_at(p->zone, t, &off), 0);
    return off;
}

/* ---------------------------------------------------------------------------------------------
 * Parameters
 */

static void test_config_file_matches_defaults(void **state)
{
    (void)state;
    pc_sim_config def, file, back;
    char err[512] = "";
    pc_sim_config_default(&def);
    /* every key is in the file, with the default value */
    memset(&file, 0, sizeof(file));
    int rc = pc_sim_config_load(&file, SIMCONF, err, sizeof(err));
    if (rc != 0)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(memcmp(&def, &file, sizeof(def)), 0);
    assert_int_equal(pc_sim_config_check(&def, err, sizeof(err)), 0);

    /* what the writer prints reads back to the same parameters */
    char *dir = pc_test_tmpdir("simcfg");
    char path[600];
    snprintf(path, sizeof(path), "%s/written.conf", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(pc_sim_config_write(&def, f), 0);
    assert_int_equal(fclose(f), 0);
    memset(&back, 0, sizeof(back));
    assert_int_equal(pc_sim_config_load(&back, path, err, sizeof(err)), 0);
    assert_int_equal(memcmp(&def, &back, sizeof(def)), 0);
    pc_test_rmdir(dir);
    free(dir);

    assert_int_equal(pc_sim_carrier_count(), PC_SIM_CARRIERS);
    assert_string_equal(pc_sim_carrier_name(0), "usps");
    assert_null(pc_sim_carrier_name(PC_SIM_CARRIERS));
}

/* Write text to a file in dir and load it on top of the defaults. */
static int load_text(const char *dir, const char *text, char *err, size_t errlen)
{
    char path[600];
    pc_sim_config cfg;
    snprintf(path, sizeof(path), "%s/t.conf", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    pc_sim_config_default(&cfg);
    err[0] = '\0';
    return pc_sim_config_load(&cfg, path, err, errlen);
}

static void expect_error(const char *dir, const char *text, const char *where, const char *what)
{
    char err[512];
    assert_int_equal(load_text(dir, text, err, sizeof(err)), PC_ECONFIG);
    if (!strstr(err, where) || !strstr(err, what))
        fprintf(stderr, "message '%s' lacks '%s' or '%s'\n", err, where, what);
    assert_non_null(strstr(err, where));
    assert_non_null(strstr(err, what));
}

static void test_config_errors(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("simcfg");
    char err[512];

    assert_int_equal(load_text(dir, "# only a comment\n\n[sim]\ndays = 30\n", err, sizeof(err)), 0);
    expect_error(dir, "[sim]\n# days\ndays = abc\n", "t.conf:3:", "sim.days");
    expect_error(dir, "[sim]\ndays = 0\n", "t.conf:2:", "between 1 and 3660");
    expect_error(dir, "\n[sim]\nwhatever = 1\n", "t.conf:3:", "unknown setting 'sim.whatever'");
    expect_error(dir, "[nowhere]\n", "t.conf:1:", "unknown section [nowhere]");
    expect_error(dir, "[disrupt]\nlost = 1.5\n", "t.conf:2:", "disrupt.lost");
    expect_error(dir, "[disrupt]\nlost = 0,5\n", "t.conf:2:", "disrupt.lost");
    expect_error(dir, "[ups]\nhours = 1,2,3\n", "t.conf:2:", "24 numbers");
    expect_error(dir, "[ups]\nsort = 25:00\n", "t.conf:2:", "ups.sort");
    expect_error(dir, "[ups]\nsort =\n", "t.conf:2:", "at least 1");
    expect_error(dir, "[ups]\nsaturday = sunday\n", "t.conf:2:", "ups.saturday");
    expect_error(dir, "[sim]\nstart = 2024-02-30\n", "t.conf:2:", "sim.start");
    expect_error(dir, "[sim]\njust text\n", "t.conf:2:", "key = value");
    expect_error(dir, "[sim\n", "t.conf:1:", "section");
    /* checks across keys name the keys */
    expect_error(dir, "[ups]\nexpress = 0.7\neconomy = 0.5\n", "t.conf", "ups.express");
    expect_error(dir, "[fedex]\nhours_express = 1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n",
                 "t.conf", "fedex.hours_express");
    expect_error(dir, "[australiapost]\ninternational = 0.1\n", "t.conf", "no international");

    pc_sim_config cfg;
    pc_sim_config_default(&cfg);
    assert_int_equal(pc_sim_config_load(&cfg, "/nonexistent/sim.conf", err, sizeof(err)), PC_EIO);
    assert_int_equal(pc_sim_config_set(&cfg, "nope.key", "1", err, sizeof(err)), PC_ECONFIG);
    assert_non_null(strstr(err, "nope.key"));
    /* numbers without the locale, exactly */
    assert_int_equal(pc_sim_config_set(&cfg, "disrupt.lost", "0.003", err, sizeof(err)), 0);
    assert_true(cfg.p_lost == 0.003);
    assert_int_equal(pc_sim_config_set(&cfg, "sim.road_factor", " 1.3 ", err, sizeof(err)), 0);
    assert_true(cfg.road_factor == 1.3);
    assert_int_equal(pc_sim_config_set(&cfg, "ups.air", "", err, sizeof(err)), 0);
    assert_int_equal(cfg.carrier[1].n_air, 0);
    assert_int_equal(pc_sim_config_set(&cfg, "ups.sort", "23:00, 02:00", err, sizeof(err)), 0);
    assert_int_equal(cfg.carrier[1].n_sort, 2);
    assert_int_equal(cfg.carrier[1].sort[0], 120); /* sorted */
    assert_int_equal(pc_sim_config_set(&cfg, "sim.days", "12x", err, sizeof(err)), PC_ECONFIG);
    pc_test_rmdir(dir);
    free(dir);
}

/* ---------------------------------------------------------------------------------------------
 * Determinism
 */

static void test_determinism(void **state)
{
    (void)state;
    enum { N = 300 };
    pc_sim *a = new_sim(NULL), *b = new_sim(NULL);
    char *run[N];
    for (uint64_t i = 0; i < N; i++)
        run[i] = shipment_text(a, SEED, i);
    /* another model, another order: the same bytes */
    for (uint64_t k = N; k-- > 0;) {
        char *again = shipment_text(b, SEED, k);
        assert_string_equal(again, run[k]);
        free(again);
    }
    /* shipment 137 alone, in a fresh model */
    pc_sim *c = new_sim(NULL);
    char *alone = shipment_text(c, SEED, 137);
    assert_string_equal(alone, run[137]);
    free(alone);
    /* truth-only gives the same truth */
    pc_sim_truth t;
    assert_int_equal(pc_sim_shipment(c, SEED, 42, &t, NULL), 0);
    assert_memory_equal(truth_line(&t), run[42], strlen(truth_line(&t)));

    /* another seed: different shipments (the truth after the seed field) */
    size_t same = 0;
    for (uint64_t i = 0; i < 100; i++) {
        pc_sim_truth t1, t2;
        char l1[PC_SIM_TRUTH_MAX];
        assert_int_equal(pc_sim_shipment(a, 1, i, &t1, NULL), 0);
        assert_int_equal(pc_sim_shipment(a, 2, i, &t2, NULL), 0);
        snprintf(l1, sizeof(l1), "%s", strchr(truth_line(&t1), ','));
        same += strcmp(l1, strchr(truth_line(&t2), ',')) == 0;
        same += strcmp(t1.tracking_number, t2.tracking_number) == 0;
    }
    assert_int_equal(same, 0);
    for (size_t i = 0; i < N; i++)
        free(run[i]);
    pc_sim_free(a);
    pc_sim_free(b);
    pc_sim_free(c);
}

/* ---------------------------------------------------------------------------------------------
 * Tracking numbers
 */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_tracking_numbers(void **state)
{
    (void)state;
    enum { N = 5000 };
    pc_detect_rules *rules = NULL;
    char *err = NULL;
    assert_int_equal(pc_detect_rules_load(RULES_PATH, &rules, &err), 0);
    pc_sim *sim = new_sim(NULL);
    char **numbers = calloc(N, sizeof(*numbers));
    size_t checked[PC_SIM_CARRIERS] = {0}, seen[PC_SIM_CARRIERS] = {0};
    assert_non_null(numbers);
    for (uint64_t i = 0; i < N; i++) {
        pc_sim_truth t;
        pc_detect_match m[16];
        assert_int_equal(pc_sim_shipment(sim, SEED, i, &t, NULL), 0);
        int n = pc_detect(rules, t.tracking_number, m, 16);
        int found = -1;
        for (int k = 0; k < n; k++)
            if (strcmp(m[k].carrier, t.carrier) == 0 && m[k].check_ok && found < 0)
                found = k;
        if (found < 0)
            fprintf(stderr, "%s %s: not detected\n", t.carrier, t.tracking_number);
        assert_true(found >= 0);
        seen[t.carrier_index]++;
        checked[t.carrier_index] += m[found].has_check;
        numbers[i] = strdup(t.tracking_number);
    }
    /* every carrier with a check digit in its formats has it verified */
    for (size_t c = 0; c < PC_SIM_CARRIERS; c++) {
        const char *name = pc_sim_carrier_name(c);
        assert_true(seen[c] > 0);
        if (strcmp(name, "laposte") != 0 && strcmp(name, "australiapost") != 0)
            assert_int_equal(checked[c], seen[c]);
    }
    qsort(numbers, N, sizeof(*numbers), cmp_str);
    for (size_t i = 1; i < N; i++)
        assert_string_not_equal(numbers[i - 1], numbers[i]);
    for (size_t i = 0; i < N; i++)
        free(numbers[i]);
    free(numbers);
    pc_sim_free(sim);
    pc_detect_rules_free(rules);
}

/* ---------------------------------------------------------------------------------------------
 * Histories
 */

static const struct {
    const char *code;
    pc_status status;
} known_codes[] = {
    {"IR", PC_STATUS_INFO_RECEIVED},
    {"PU", PC_STATUS_IN_TRANSIT},
    {"AR", PC_STATUS_IN_TRANSIT},
    {"DP", PC_STATUS_IN_TRANSIT},
    {"CC", PC_STATUS_IN_TRANSIT},
    {"CR", PC_STATUS_IN_TRANSIT},
    {"EX-WEATHER", PC_STATUS_EXCEPTION},
    {"EX-SORT", PC_STATUS_EXCEPTION},
    {"EX-CUSTOMS", PC_STATUS_EXCEPTION},
    {"EX-ADDRESS", PC_STATUS_EXCEPTION},
    {"OFD", PC_STATUS_OUT_FOR_DELIVERY},
    {"FA", PC_STATUS_FAILED_ATTEMPT},
    {"AP", PC_STATUS_AVAILABLE_FOR_PICKUP},
    {"DL", PC_STATUS_DELIVERED},
    {"RT", PC_STATUS_RETURNED},
};

static void check_code(const pc_event *ev)
{
    for (size_t i = 0; i < sizeof(known_codes) / sizeof(known_codes[0]); i++) {
        if (strcmp(ev->code, known_codes[i].code) == 0) {
            assert_int_equal(ev->status, known_codes[i].status);
            return;
        }
    }
    fail_msg("unknown code %s", ev->code);
}

static void test_histories(void **state)
{
    (void)state;
    enum { N = 1500 };
    pc_sim *sim = new_sim(NULL);
    for (uint64_t i = 0; i < N; i++) {
        pc_sim_truth t;
        pc_shipment s, copy;
        assert_int_equal(pc_sim_shipment(sim, SEED, i, &t, &s), 0);
        assert_string_equal(s.carrier, t.carrier);
        assert_string_equal(s.tracking_number, t.tracking_number);
        assert_string_equal(s.service, t.service_name);
        assert_int_equal(s.n_events, t.n_events);
        assert_true(s.n_events >= 2);
        assert_string_equal(s.events[0].code, "IR");
        assert_true(s.events[0].time == t.label_at);
        assert_string_equal(s.events[1].code, "PU");
        assert_true(s.events[1].time == t.shipped_at);
        assert_int_equal(s.status, s.events[s.n_events - 1].status);
        assert_int_equal(s.status, t.final_status);
        assert_true(s.carrier_eta == t.eta[t.n_eta - 1].eta);
        assert_true(t.n_eta >= 1 && t.eta[0].eta == t.carrier_eta);
        assert_true(t.end_at == s.events[s.n_events - 1].time);
        for (size_t k = 0; k < s.n_events; k++) {
            const pc_event *ev = &s.events[k];
            assert_true(ev->time % 60 == 0);
            if (k > 0)
                assert_true(ev->time > s.events[k - 1].time);
            check_code(ev);
            assert_non_null(ev->description);
            assert_non_null(ev->location.city);
            assert_non_null(ev->location.postal_code);
            assert_non_null(ev->location.country);
            assert_int_equal(strlen(ev->location.country), 2);
            const char *zone = pc_tz_for_location(ev->location.country, ev->location.region,
                                                  ev->location.postal_code);
            assert_non_null(zone);
            int off;
            assert_int_equal(pc_tz_offset_at(zone, ev->time, &off), 0);
            if (off != ev->utc_offset)
                fprintf(stderr, "%s %s at %lld: offset %d, zone %s says %d\n", t.carrier,
                        ev->location.city, (long long)ev->time, ev->utc_offset, zone, off);
            assert_int_equal(off, ev->utc_offset);
        }
        switch (t.outcome) {
        case PC_SIM_DELIVERED:
            assert_string_equal(s.events[s.n_events - 1].code, "DL");
            assert_true(t.delivered_at == s.events[s.n_events - 1].time);
            assert_true(t.late == (t.delivered_at > t.promised_by));
            break;
        case PC_SIM_RETURNED:
            assert_string_equal(s.events[s.n_events - 1].code, "RT");
            assert_true(t.delivered_at == PC_TIME_NONE && t.late);
            break;
        case PC_SIM_LOST:
            assert_string_not_equal(s.events[s.n_events - 1].code, "DL");
            assert_true(t.delivered_at == PC_TIME_NONE && t.late);
            assert_int_equal(t.disruptions[t.n_disruptions - 1].kind, PC_SIM_D_LOST);
            break;
        }
        /* already in normal form: normalizing changes nothing */
        assert_int_equal(pc_shipment_copy(&copy, &s), 0);
        pc_shipment_normalize(&copy);
        char *a = shipment_json(&s), *b = shipment_json(&copy);
        assert_string_equal(a, b);
        free(a);
        free(b);
        pc_shipment_done(&copy);
        pc_shipment_done(&s);
    }
    pc_sim_free(sim);
}

static void test_snapshots(void **state)
{
    (void)state;
    pc_sim *sim = new_sim(NULL);
    for (uint64_t i = 0; i < 400; i++) {
        pc_sim_truth t;
        pc_shipment s, snap;
        assert_int_equal(pc_sim_shipment(sim, SEED, i, &t, &s), 0);
        /* before the label the carrier knows nothing */
        assert_int_equal(pc_sim_snapshot(&t, &s, t.label_at - 1, &snap), PC_ENOTFOUND);
        assert_int_equal(snap.n_events, 0);
        assert_string_equal(snap.tracking_number, t.tracking_number);
        pc_shipment_done(&snap);
        int64_t probes[12];
        size_t np = 0;
        for (size_t k = 0; k < s.n_events; k++) {
            probes[np++] = s.events[k].time;
            if (np == 10)
                break;
        }
        probes[np++] = t.end_at + 30 * DAY;
        probes[np++] = (t.label_at + t.end_at) / 2;
        for (size_t p = 0; p < np; p++) {
            int64_t at = probes[p];
            assert_int_equal(pc_sim_snapshot(&t, &s, at, &snap), 0);
            size_t want = 0;
            while (want < s.n_events && s.events[want].time <= at)
                want++;
            assert_int_equal(snap.n_events, want);
            for (size_t k = 0; k < want; k++)
                assert_int_equal(pc_event_cmp(&snap.events[k], &s.events[k]), 0);
            assert_int_equal(snap.status, snap.events[want - 1].status);
            int64_t eta = PC_TIME_NONE;
            for (size_t k = 0; k < t.n_eta; k++)
                if (t.eta[k].known_at <= at)
                    eta = t.eta[k].eta;
            assert_true(snap.carrier_eta == eta);
            pc_shipment_done(&snap);
        }
        /* moments spread over the life, the last one the end */
        int64_t prev = t.label_at;
        for (unsigned k = 0; k < 5; k++) {
            int64_t m = pc_sim_moment(&t, k, 5);
            assert_true(m >= prev && m <= t.end_at);
            prev = m;
        }
        assert_true(pc_sim_moment(&t, 4, 5) == t.end_at);
        assert_true(pc_sim_moment(&t, 0, 1) == t.end_at);
        pc_shipment_done(&s);
    }
    pc_sim_free(sim);
}

/* ---------------------------------------------------------------------------------------------
 * Statistics
 */

static void test_statistics(void **state)
{
    (void)state;
    enum { N = 20000 };
    pc_sim_config cfg;
    pc_sim_config_default(&cfg);
    pc_sim *sim = new_sim(&cfg);
    pc_sim_stats st;
    double transit[PC_SIM_SERVICE__COUNT] = {0};
    size_t n_transit[PC_SIM_SERVICE__COUNT] = {0};
    size_t late_signs = 0, late_n = 0, ontime_signs = 0, ontime_n = 0;
    /* delivery hours of ground parcels delivered at the first attempt in towns next to a hub */
    size_t hours[2][24] = {{0}}, n_hours[2] = {0};
    const int profile_carrier[2] = {0, 1}; /* usps, ups */
    size_t express_commit_ok = 0, express_n = 0;
    memset(&st, 0, sizeof(st));

    for (uint64_t i = 0; i < N; i++) {
        pc_sim_truth t;
        assert_int_equal(pc_sim_shipment(sim, SEED, i, &t, NULL), 0);
        pc_sim_stats_add(&st, &t);
        bool failed = false;
        for (size_t k = 0; k < t.n_disruptions; k++)
            failed |= t.disruptions[k].kind == PC_SIM_D_FAILED_ATTEMPT;
        if (t.outcome != PC_SIM_DELIVERED)
            continue;
        if (!t.international) {
            transit[t.service] += (double)(t.delivered_at - t.shipped_at) / 3600.0;
            n_transit[t.service]++;
        }
        bool signs = t.n_disruptions > 0 || t.n_eta > 2;
        if (t.late) {
            late_n++;
            late_signs += signs;
        } else {
            ontime_n++;
            ontime_signs += signs;
        }
        /* calendars: never on Sundays or holidays; Saturdays only for services that deliver
         * then (a parcel held at the post office may be collected on a Saturday) */
        const pc_sim_place *d = t.destination;
        int off = offset_of(d, t.delivered_at);
        int64_t day = local_day(t.delivered_at, off);
        int wd = weekday(day);
        assert_int_not_equal(wd, 0);
        assert_false(pc_sim_holiday(d->country, day));
        if (wd == 6 && !failed)
            assert_true(cfg.carrier[t.carrier_index].saturday & (1u << t.service));
        if (failed || d->delivery_shift != 0)
            continue;
        int minute = (int)((t.delivered_at + off * 60 - day * DAY) / 60);
        for (int c = 0; c < 2; c++) {
            if ((int)t.carrier_index == profile_carrier[c] && t.service != PC_SIM_EXPRESS) {
                hours[c][minute / 60]++;
                n_hours[c]++;
            }
        }
        const pc_sim_carrier_cfg *cc = &cfg.carrier[t.carrier_index];
        if (t.service == PC_SIM_EXPRESS && cc->commit_express >= 0) {
            express_n++;
            express_commit_ok += minute < cc->commit_express;
        }
    }
    assert_int_equal(st.shipments, N);
    double delivered = (double)st.delivered / N, late = (double)st.late / (double)st.delivered;
    fprintf(stderr, "delivered %.4f late %.4f lost %.4f returned %.4f\n", delivered, late,
            (double)st.lost / N, (double)st.returned / N);
    assert_true(delivered > 0.98 && delivered < 0.999);
    assert_true(late >= 0.05 && late <= 0.15);
    for (int s = 0; s < PC_SIM_SERVICE__COUNT; s++)
        transit[s] /= (double)n_transit[s];
    fprintf(stderr, "mean transit h: ground %.1f express %.1f economy %.1f\n",
            transit[PC_SIM_GROUND], transit[PC_SIM_EXPRESS], transit[PC_SIM_ECONOMY]);
    assert_true(transit[PC_SIM_EXPRESS] < 0.75 * transit[PC_SIM_GROUND]);
    assert_true(transit[PC_SIM_GROUND] < transit[PC_SIM_ECONOMY]);
    /* late parcels show early signs (disruptions, revised estimates) far more often */
    double p_late = (double)late_signs / (double)late_n;
    double p_ontime = (double)ontime_signs / (double)ontime_n;
    fprintf(stderr, "signs: late %.3f on time %.3f\n", p_late, p_ontime);
    assert_true(p_late > 2 * p_ontime);
    /* express with a commit arrives before it in towns next to a hub */
    assert_true(express_n > 100);
    assert_int_equal(express_commit_ok, express_n);

    /* delivery hours follow the carrier's profile (usable hours, normalized) */
    for (int c = 0; c < 2; c++) {
        const pc_sim_carrier_cfg *cc = &cfg.carrier[profile_carrier[c]];
        double sum = 0, chi2 = 0;
        int bins = 0;
        for (int h = 0; h < 24; h++)
            if (h * 60 + 59 > cc->loadout + 30)
                sum += cc->hours[h];
        assert_true(n_hours[c] > 1000);
        for (int h = 0; h < 24; h++) {
            double want = h * 60 + 59 > cc->loadout + 30 ? cc->hours[h] / sum : 0;
            double got = (double)hours[c][h] / (double)n_hours[c];
            if (want == 0) {
                assert_int_equal(hours[c][h], 0);
                continue;
            }
            double expect = want * (double)n_hours[c];
            chi2 +=
                (got * (double)n_hours[c] - expect) * (got * (double)n_hours[c] - expect) / expect;
            bins++;
        }
        /* Pearson's chi-square against the profile: below the 99.99th percentile for up to 15
         * degrees of freedom (42.6) */
        fprintf(stderr, "%s: %zu deliveries over %d hours, chi-square %.1f\n",
                pc_sim_carrier_name((size_t)profile_carrier[c]), n_hours[c], bins, chi2);
        assert_true(bins <= 16);
        assert_true(chi2 < 42.6);
    }
    pc_sim_free(sim);
}

/* Rates of disruptions with raised probabilities (more events, tighter checks). */
static void test_disruption_rates(void **state)
{
    (void)state;
    enum { N = 4000 };
    pc_sim_config cfg;
    char err[256];
    pc_sim_config_default(&cfg);
    assert_int_equal(pc_sim_config_set(&cfg, "disrupt.missed_sort", "0.2", err, sizeof(err)), 0);
    assert_int_equal(pc_sim_config_set(&cfg, "disrupt.failed_attempt", "0.2", err, sizeof(err)), 0);
    assert_int_equal(pc_sim_config_set(&cfg, "disrupt.customs_hold", "0.3", err, sizeof(err)), 0);
    assert_int_equal(pc_sim_config_set(&cfg, "disrupt.lost", "0.05", err, sizeof(err)), 0);
    assert_int_equal(pc_sim_config_set(&cfg, "disrupt.return", "0.05", err, sizeof(err)), 0);
    assert_int_equal(pc_sim_config_set(&cfg, "disrupt.weather", "0.05", err, sizeof(err)), 0);
    assert_int_equal(pc_sim_config_set(&cfg, "dhl.share", "100", err, sizeof(err)), 0);
    pc_sim *sim = new_sim(&cfg);
    size_t departures = 0, missed = 0, visible_sort = 0, sort_scans = 0, attempts_first = 0,
           failed = 0, customs = 0, holds = 0, lost = 0, returned = 0, weather = 0;

    for (uint64_t i = 0; i < N; i++) {
        pc_sim_truth t;
        pc_shipment s;
        assert_int_equal(pc_sim_shipment(sim, SEED, i, &t, &s), 0);
        for (size_t k = 0; k < s.n_events; k++) {
            departures += strcmp(s.events[k].code, "DP") == 0;
            customs += strcmp(s.events[k].code, "CC") == 0;
            sort_scans += strcmp(s.events[k].code, "EX-SORT") == 0;
        }
        bool returning = false;
        for (size_t k = 0; k < t.n_disruptions; k++) {
            const pc_sim_disruption *d = &t.disruptions[k];
            switch (d->kind) {
            case PC_SIM_D_MISSED_SORT:
                missed++;
                visible_sort += d->visible;
                break;
            case PC_SIM_D_FAILED_ATTEMPT:
                failed++;
                break;
            case PC_SIM_D_CUSTOMS_HOLD:
                holds++;
                break;
            case PC_SIM_D_LOST:
                lost++;
                break;
            case PC_SIM_D_RETURN:
                returned++;
                returning = true;
                break;
            case PC_SIM_D_WEATHER: {
                /* the hub's day is a weather day for the whole run */
                weather++;
                int64_t day = local_day(d->at, offset_of(d->place, d->at));
                bool w = pc_sim_weather_day(sim, SEED, d->place, day) ||
                         pc_sim_weather_day(sim, SEED, d->place, day - 1) ||
                         pc_sim_weather_day(sim, SEED, d->place, day + 1);
                assert_true(w);
                break;
            }
            case PC_SIM_D__COUNT:
                break;
            }
        }
        if (t.first_attempt_at != PC_TIME_NONE && !returning)
            attempts_first++;
        pc_shipment_done(&s);
    }
    double r_missed = (double)missed / (double)departures;
    double r_failed = (double)failed / (double)attempts_first;
    double r_hold = (double)holds / (double)customs;
    double r_lost = (double)lost / N, r_return = (double)returned / N;
    fprintf(stderr,
            "missed_sort %.3f (%zu departures) failed_attempt %.3f customs_hold %.3f (%zu) "
            "lost %.3f return %.3f weather %zu\n",
            r_missed, departures, r_failed, r_hold, customs, r_lost, r_return, weather);
    assert_true(fabs(r_missed - 0.2) < 0.02);
    assert_int_equal(visible_sort, sort_scans);
    assert_true(fabs((double)visible_sort / (double)missed - 0.5) < 0.05);
    assert_true(fabs(r_failed - 0.2) < 0.03);
    assert_true(customs > 500);
    assert_true(fabs(r_hold - 0.3) < 0.06);
    assert_true(fabs(r_lost - 0.05) < 0.015);
    assert_true(fabs(r_return - 0.05 * 0.95) < 0.015);
    assert_true(weather > 0);

    /* weather days: drawn per (seed, hub, day) at the configured rate */
    size_t days = 0, wx = 0;
    for (size_t p = 0; p < pc_sim_place_count(sim); p++) {
        const pc_sim_place *pl = pc_sim_place_at(sim, p);
        for (int64_t d = 0; d < 200; d++) {
            bool w = pc_sim_weather_day(sim, SEED, pl, cfg.start / DAY + d);
            if (!pl->hub) {
                assert_false(w);
                continue;
            }
            days++;
            wx += w;
            assert_true(w == pc_sim_weather_day(sim, SEED, pl, cfg.start / DAY + d));
        }
    }
    fprintf(stderr, "weather days %.4f of %zu\n", (double)wx / (double)days, days);
    assert_true(fabs((double)wx / (double)days - 0.05) < 0.01);
    pc_sim_free(sim);
}

static void test_calendar_and_places(void **state)
{
    (void)state;
    pc_civil c = {2024, 11, 28, 0, 0, 0};
    int64_t thanksgiving = pc_civil_to_unix(&c) / DAY;
    assert_true(pc_sim_holiday("US", thanksgiving));
    assert_false(pc_sim_holiday("CA", thanksgiving));
    assert_false(pc_sim_holiday("US", thanksgiving + 1));
    c.month = 9;
    c.day = 2;
    int64_t labor = pc_civil_to_unix(&c) / DAY;
    assert_true(pc_sim_holiday("US", labor) && pc_sim_holiday("CA", labor));
    c.month = 12;
    c.day = 26;
    assert_true(pc_sim_holiday("DE", pc_civil_to_unix(&c) / DAY));
    assert_false(pc_sim_holiday("US", pc_civil_to_unix(&c) / DAY));
    assert_false(pc_sim_holiday("XX", labor));

    pc_sim *sim = new_sim(NULL);
    size_t hubs = 0, countries_us = 0;
    for (size_t i = 0; i < pc_sim_place_count(sim); i++) {
        const pc_sim_place *p = pc_sim_place_at(sim, i);
        assert_int_equal(p->index, (int)i);
        assert_non_null(p->zone);
        assert_string_equal(p->zone, pc_tz_for_location(p->country, p->region, p->postal_code));
        assert_true(p->delivery_shift >= 0 && p->delivery_shift <= 120);
        hubs += p->hub;
        countries_us += p->hub && strcmp(p->country, "US") == 0;
    }
    assert_null(pc_sim_place_at(sim, pc_sim_place_count(sim)));
    assert_true(countries_us >= 10 && hubs > countries_us);
    pc_sim_config def;
    pc_sim_config_default(&def);
    assert_int_equal(memcmp(pc_sim_get_config(sim), &def, sizeof(def)), 0);

    /* a truth line that does not fit is refused, not cut */
    pc_sim_truth t;
    char small[64];
    size_t len;
    assert_int_equal(pc_sim_shipment(sim, 1, 1, &t, NULL), 0);
    assert_int_equal(pc_sim_truth_format(&t, small, sizeof(small), &len), PC_ELIMIT);
    assert_string_equal(pc_sim_service_name(PC_SIM_EXPRESS), "express");
    assert_string_equal(pc_sim_disruption_name(PC_SIM_D_RETURN), "return_to_sender");
    assert_string_equal(pc_sim_outcome_name(PC_SIM_LOST), "lost");
    assert_int_equal(pc_sim_shipment(NULL, 1, 1, &t, NULL), PC_EINVAL);
    pc_sim_free(sim);
    pc_sim_free(NULL);
}

/* 200,000 shipments through the library, truth only: completes, and memory does not grow. */
static void test_bounded_memory(void **state)
{
    (void)state;
    enum { N = 200000 };
    pc_sim *sim = new_sim(NULL);
    char line[PC_SIM_TRUTH_MAX];
    struct rusage ru0, ru1;
    uint64_t sum = 0;
    size_t len;
    getrusage(RUSAGE_SELF, &ru0);
    for (uint64_t i = 0; i < N; i++) {
        pc_sim_truth t;
        assert_int_equal(pc_sim_shipment(sim, SEED, i, &t, NULL), 0);
        assert_int_equal(pc_sim_truth_format(&t, line, sizeof(line), &len), 0);
        sum += len;
    }
    getrusage(RUSAGE_SELF, &ru1);
    long grown_kb = ru1.ru_maxrss - ru0.ru_maxrss;
    fprintf(stderr, "%d shipments, %llu bytes of truth, max RSS grew %ld kB\n", N,
            (unsigned long long)sum, grown_kb);
    assert_true(sum > (uint64_t)N * 500);
#ifndef PC_SANITIZED
    assert_true(grown_kb < 16 * 1024);
#endif
    pc_sim_free(sim);
}

/* ---------------------------------------------------------------------------------------------
 * The command
 */

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

static int run_cli(const char *const *argv, char **ret_err)
{
    char *out = NULL;
    int ex = pc_test_run(argv, NULL, &out, ret_err);
    free(out);
    return ex;
}

static void test_command(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("simcli");
    char out1[600], out2[600], path[700], *err = NULL;
    snprintf(out1, sizeof(out1), "%s/a", dir);
    snprintf(out2, sizeof(out2), "%s/b", dir);
    const char *argv[] = {"parcelcast", "simulate", "--shipments", "300",
                          "--seed",     "5",        "--out",       out1,
                          "-k",         "2",        "--plugins",   PC_TEST_PLUGIN_DIR,
                          "--quiet",    NULL};
    int ex = run_cli(argv, &err);
    if (ex == 69) {
        /* `simulate` is not registered in this build yet */
        free(err);
        pc_test_rmdir(dir);
        free(dir);
        skip();
    }
    if (ex != 0)
        fprintf(stderr, "%s\n", err ? err : "");
    assert_int_equal(ex, 0);
    assert_non_null(strstr(err, "simulated 300 shipments"));
    free(err);
    snprintf(path, sizeof(path), "%s/truth.ndjson", out1);
    size_t len1, len2;
    char *t1 = pc_test_read_file(path, &len1);
    assert_int_equal(count_lines(t1), 300);

    /* the same run again: the same bytes; a body for every shipment and moment */
    argv[7] = out2;
    assert_int_equal(run_cli(argv, NULL), 0);
    snprintf(path, sizeof(path), "%s/truth.ndjson", out2);
    char *t2 = pc_test_read_file(path, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(t1, t2, len1);
    free(t2);
    pc_sim *sim = new_sim(NULL);
    pc_sim_truth t;
    assert_int_equal(pc_sim_shipment(sim, 5, 0, &t, NULL), 0);
    assert_memory_equal(t1, truth_line(&t), strlen(truth_line(&t)));
    const char *num = t.tracking_number;
    size_t n = strlen(num);
    char shard[3] = {0};
    for (size_t k = n, got = 0; k > 0 && got < 2; k--)
        if (num[k - 1] >= '0' && num[k - 1] <= '9')
            shard[1 - got++] = num[k - 1];
    bool found = false;
    for (unsigned k = 0; k < 2; k++) {
        struct stat sb;
        const char *ext[] = {"normalized.json", "json", "xml"};
        bool one = false;
        for (size_t e = 0; e < 3; e++) {
            snprintf(path, sizeof(path), "%s/%s/%s/%s.%u.%s", out1, t.carrier, shard, num, k,
                     ext[e]);
            one |= stat(path, &sb) == 0 && sb.st_size > 0;
        }
        found = one;
        assert_true(one);
    }
    assert_true(found);
    free(t1);
    pc_sim_free(sim);

    /* --truth-only: no carrier directories */
    char out3[600];
    snprintf(out3, sizeof(out3), "%s/c", dir);
    const char *argv3[] = {
        "parcelcast", "simulate",         "-n",      "50", "-o", out3, "--truth-only",
        "--param",    "disrupt.lost=0.5", "--quiet", NULL};
    assert_int_equal(run_cli(argv3, NULL), 0);
    struct stat sb;
    snprintf(path, sizeof(path), "%s/ups", out3);
    assert_int_not_equal(stat(path, &sb), 0);

    /* usage and configuration errors */
    const char *bad1[] = {"parcelcast", "simulate", "--shipments", "ten", "--out", out3, NULL};
    assert_int_equal(run_cli(bad1, NULL), 2);
    const char *bad2[] = {"parcelcast", "simulate", "--shipments", "1", NULL};
    assert_int_equal(run_cli(bad2, NULL), 2);
    snprintf(path, sizeof(path), "%s/bad.conf", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("[sim]\ndays = 1\n[disrupt]\nlost = much\n", f);
    fclose(f);
    const char *bad3[] = {"parcelcast", "simulate",     "-n", "1", "-o",
                          out3,         "--sim-config", path, NULL};
    err = NULL;
    assert_int_equal(run_cli(bad3, &err), 78);
    assert_non_null(strstr(err, "bad.conf:4:"));
    free(err);
    const char *bad4[] = {"parcelcast", "simulate", "-n",    "1", "-o",
                          out3,         "--param",  "x.y=1", NULL};
    assert_int_equal(run_cli(bad4, NULL), 78);

    /* --print-config prints what pc_sim_config_load reads back as the defaults */
    const char *pc[] = {"parcelcast", "simulate", "--print-config", NULL};
    char *text = NULL;
    assert_int_equal(pc_test_run(pc, NULL, &text, NULL), 0);
    snprintf(path, sizeof(path), "%s/printed.conf", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(text);
    pc_sim_config def, back;
    char msg[256];
    pc_sim_config_default(&def);
    memset(&back, 0, sizeof(back));
    assert_int_equal(pc_sim_config_load(&back, path, msg, sizeof(msg)), 0);
    assert_int_equal(memcmp(&def, &back, sizeof(def)), 0);

    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    /* GSL's default error handler aborts; the library checks every status instead. */
    gsl_set_error_handler_off();

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_file_matches_defaults),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_calendar_and_places),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_tracking_numbers),
        cmocka_unit_test(test_histories),
        cmocka_unit_test(test_snapshots),
        cmocka_unit_test(test_statistics),
        cmocka_unit_test(test_disruption_rates),
        cmocka_unit_test(test_bounded_memory),
        cmocka_unit_test(test_command),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
