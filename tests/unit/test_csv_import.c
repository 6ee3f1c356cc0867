/* import csv: the RFC 4180 reader, date cells, the history mapping and the CLI, on the fixtures in
 * tests/data/csv (BOM, CR-only / CRLF / mixed endings, quotes, placeholders, bad rows). */
#include "testsupport.h"

#include <parcelcast/csv.h>
#include <parcelcast/error.h>
#include <parcelcast/ingest.h>
#include <parcelcast/store.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURES PC_TEST_SOURCE_DIR "/data/csv/"

/* UTC seconds of a civil UTC time. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    pc_civil c = {y, mo, d, h, mi, s};
    return pc_civil_to_unix(&c);
}

/* ------------------------------------------------------------------------------------------- */

static FILE *mem(const char *text)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(f);
    return f;
}

static void expect_row(pc_csv_reader *r, long line, size_t n, const char *const *fields)
{
    pc_csv_row row;
    pc_diag d;
    int rc = pc_csv_read_row(r, &row, &d);
    if (rc != 1)
        fail_msg("line %ld: rc %d (%s)", line, rc, rc == PC_EMALFORMED ? d.message : "");
    assert_int_equal(row.line, line);
    assert_int_equal(row.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(row.fields[i], fields[i]);
        assert_int_equal(row.lens[i], strlen(fields[i]));
    }
}

static void expect_malformed(pc_csv_reader *r, int line, size_t offset, const char *what)
{
    pc_csv_row row;
    pc_diag d;
    assert_int_equal(pc_csv_read_row(r, &row, &d), PC_EMALFORMED);
    assert_int_equal(d.line, line);
    assert_int_equal(d.offset, offset);
    if (!strstr(d.message, what))
        fail_msg("message '%s' lacks '%s'", d.message, what);
}

static void expect_end(pc_csv_reader *r)
{
    pc_csv_row row;
    pc_diag d;
    assert_int_equal(pc_csv_read_row(r, &row, &d), 0);
    assert_int_equal(pc_csv_read_row(r, &row, &d), 0);
}

static void test_reader_quotes_and_endings(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF"
                               "id, b \r\n"
                               "\"x,1\",\"he said \"\"hi\"\"\"\r"
                               "\"multi\nline\" ,z\n"
                               "\n"
                               "  \"q\",\"\"\r\n"
                               ",,\r"
                               "last";
    FILE *f = mem(text);
    pc_csv_reader *r;
    assert_int_equal(pc_csv_reader_new(f, 0, &r), 0);
    pc_csv_row row;
    pc_diag d;
    assert_int_equal(pc_csv_read_row(r, &row, &d), 1);
    assert_int_equal(row.offset, 3); /* after the BOM */
    assert_string_equal(row.fields[0], "id");
    assert_string_equal(row.fields[1], " b "); /* the reader does not trim */
    expect_row(r, 2, 2, (const char *const[]){"x,1", "he said \"hi\""});
    expect_row(r, 3, 2, (const char *const[]){"multi\nline", "z"});
    expect_row(r, 5, 1, (const char *const[]){""});
    expect_row(r, 6, 2, (const char *const[]){"q", ""});
    expect_row(r, 7, 3, (const char *const[]){"", "", ""});
    expect_row(r, 8, 1, (const char *const[]){"last"});
    expect_end(r);
    pc_csv_reader_free(r);
    fclose(f);
}

static void test_reader_malformed_goes_on(void **state)
{
    (void)state;
    /* byte offsets: "a,b\n" 0-3, 'c' 4, '"' 5; "\"k\"x" 10-13; "f,g\n" 17-20; open quote 21 */
    static const char text[] = "a,b\nc\"d,e\n\"k\"x,l\nf,g\n\"open,h\ni,j\nm,n";
    FILE *f = mem(text);
    pc_csv_reader *r;
    assert_int_equal(pc_csv_reader_new(f, 0, &r), 0);
    expect_row(r, 1, 2, (const char *const[]){"a", "b"});
    expect_malformed(r, 2, 5, "stray quote");
    expect_malformed(r, 3, 13, "after a closing quote");
    expect_row(r, 4, 2, (const char *const[]){"f", "g"});
    expect_malformed(r, 5, 21, "never closed");
    expect_row(r, 6, 2, (const char *const[]){"i", "j"}); /* resumed after the open quote */
    expect_row(r, 7, 2, (const char *const[]){"m", "n"});
    expect_end(r);
    pc_csv_reader_free(r);
    fclose(f);

    /* a record over max_row is malformed; the next line is read */
    f = mem("aaaaaaaaaaaaaaaaaaaaaaaa,b\r\nx,y\r\n");
    assert_int_equal(pc_csv_reader_new(f, 10, &r), 0);
    expect_malformed(r, 1, 0, "longer than 10 bytes");
    expect_row(r, 2, 2, (const char *const[]){"x", "y"});
    expect_end(r);
    pc_csv_reader_free(r);
    fclose(f);

    /* an empty input has no record */
    f = mem("");
    assert_int_equal(pc_csv_reader_new(f, 0, &r), 0);
    expect_end(r);
    pc_csv_reader_free(r);
    fclose(f);
}

/* ------------------------------------------------------------------------------------------- */

static void test_dates(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        pc_csv_date_kind kind;
        int y, mo, d, h, mi, s, off;
    } cases[] = {
        {"10/2/2017 10:56", PC_CSV_DATE_OK, 2017, 10, 2, 10, 56, 0, PC_OFFSET_NONE},
        {"7/26/2018 3:24:30", PC_CSV_DATE_OK, 2018, 7, 26, 3, 24, 30, PC_OFFSET_NONE},
        {" 8/13/2018 ", PC_CSV_DATE_OK, 2018, 8, 13, 0, 0, 0, PC_OFFSET_NONE},
        {"18-10-2017 00:00", PC_CSV_DATE_OK, 2017, 10, 18, 0, 0, 0, PC_OFFSET_NONE},
        {"02-10-2017 11:07", PC_CSV_DATE_OK, 2017, 10, 2, 11, 7, 0, PC_OFFSET_NONE},
        {"2-Jun-06", PC_CSV_DATE_OK, 2006, 6, 2, 0, 0, 0, PC_OFFSET_NONE},
        {"14-nov-69", PC_CSV_DATE_OK, 2069, 11, 14, 0, 0, 0, PC_OFFSET_NONE},
        {"1-Jan-70", PC_CSV_DATE_OK, 1970, 1, 1, 0, 0, 0, PC_OFFSET_NONE},
        {"31-December-1999", PC_CSV_DATE_OK, 1999, 12, 31, 0, 0, 0, PC_OFFSET_NONE},
        {"2024-03-05", PC_CSV_DATE_OK, 2024, 3, 5, 0, 0, 0, PC_OFFSET_NONE},
        {"2024-03-05 08:00", PC_CSV_DATE_OK, 2024, 3, 5, 8, 0, 0, PC_OFFSET_NONE},
        {"2024-03-07T13:45:10", PC_CSV_DATE_OK, 2024, 3, 7, 13, 45, 10, PC_OFFSET_NONE},
        {"2024-03-05T08:00:00+02:00", PC_CSV_DATE_OK, 2024, 3, 5, 8, 0, 0, 120},
        {"", PC_CSV_DATE_EMPTY, 0, 0, 0, 0, 0, 0, 0},
        {"   ", PC_CSV_DATE_EMPTY, 0, 0, 0, 0, 0, 0, 0},
        {"Date Not Captured", PC_CSV_DATE_PLACEHOLDER, 0, 0, 0, 0, 0, 0, 0},
        {"N/A - From RI (Direct)", PC_CSV_DATE_PLACEHOLDER, 0, 0, 0, 0, 0, 0, 0},
        {"Pre-PQ Process", PC_CSV_DATE_PLACEHOLDER, 0, 0, 0, 0, 0, 0, 0},
        {"2/30/2018 10:00", PC_CSV_DATE_BAD, 0, 0, 0, 0, 0, 0, 0},
        {"13/1/2018", PC_CSV_DATE_BAD, 0, 0, 0, 0, 0, 0, 0},
        {"10/2/2017 25:00", PC_CSV_DATE_BAD, 0, 0, 0, 0, 0, 0, 0},
        {"10/2/2017 10:5", PC_CSV_DATE_BAD, 0, 0, 0, 0, 0, 0, 0},
        {"10/2/17x", PC_CSV_DATE_BAD, 0, 0, 0, 0, 0, 0, 0},
        {"2-Jux-06", PC_CSV_DATE_BAD, 0, 0, 0, 0, 0, 0, 0},
        {"2024-13-01", PC_CSV_DATE_BAD, 0, 0, 0, 0, 0, 0, 0},
        {"12345", PC_CSV_DATE_BAD, 0, 0, 0, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pc_civil c;
        int off;
        pc_csv_date_kind k = pc_csv_parse_date(cases[i].text, (size_t)-1, &c, &off);
        if (k != cases[i].kind)
            fail_msg("'%s': kind %d, expected %d", cases[i].text, k, cases[i].kind);
        if (k != PC_CSV_DATE_OK)
            continue;
        pc_civil want = {cases[i].y, cases[i].mo, cases[i].d, cases[i].h, cases[i].mi, cases[i].s};
        assert_int_equal(pc_civil_to_unix(&c), pc_civil_to_unix(&want));
        assert_int_equal(off, cases[i].off);
    }
}

/* ------------------------------------------------------------------------------------------- */

struct diags {
    int n;
    char msg[4][256];
};

static void collect(const pc_diag *d, void *arg)
{
    struct diags *ds = arg;
    if (ds->n < 4)
        snprintf(ds->msg[ds->n], sizeof(ds->msg[0]), "%s", d->message);
    ds->n++;
}

/* Import a fixture into st with the library (no CLI). */
static pc_csv_history *import_fixture(pc_store *st, const char *name,
                                      const pc_csv_history_opts *opts, struct diags *ds)
{
    char path[1024], err[1024] = "";
    snprintf(path, sizeof(path), "%s%s", FIXTURES, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    pc_csv_history *h;
    assert_int_equal(pc_csv_history_new(opts, &h, err, sizeof(err)), 0);
    pc_importer *imp;
    assert_int_equal(pc_importer_new(st, 4, 1700000000, &imp), 0); /* small batches */
    int rc = pc_csv_import(h, f, imp, collect, ds, err, sizeof(err));
    if (rc != 0)
        fail_msg("%s: %s", name, err);
    assert_int_equal(pc_importer_free(imp), 0);
    fclose(f);
    return h;
}

static pc_store *open_store(const char *dir)
{
    pc_store *st = NULL;
    char err[512] = "";
    pc_store_opts o = {.path = dir};
    if (pc_store_open(&o, &st, err, sizeof(err)) != 0)
        fail_msg("open %s: %s", dir, err);
    return st;
}

static void get(pc_store *st, const char *carrier, const char *number, pc_shipment *s)
{
    pc_txn *tx;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    int rc = pc_store_get_shipment(tx, carrier, number, s, NULL);
    pc_store_read_end(tx);
    if (rc != 0)
        fail_msg("%s/%s: %s", carrier, number, pc_strerror(rc));
}

static bool has_shipment(pc_store *st, const char *carrier, const char *number)
{
    pc_txn *tx;
    pc_shipment s;
    assert_int_equal(pc_store_read_begin(st, &tx), 0);
    int rc = pc_store_get_shipment(tx, carrier, number, &s, NULL);
    pc_store_read_end(tx);
    if (rc == 0)
        pc_shipment_done(&s);
    return rc == 0;
}

static void expect_event(const pc_event *ev, const char *code, pc_status st, int64_t t, int off)
{
    assert_string_equal(ev->code, code);
    assert_int_equal(ev->status, st);
    assert_int_equal(ev->time, t);
    assert_int_equal(ev->utc_offset, off);
    assert_non_null(ev->description);
}

#define SKIPPED(s, key)      pc_csv_summary_get((s)->skipped, (s)->n_skipped, key)
#define PLACEHOLDERS(s, key) pc_csv_summary_get((s)->placeholders, (s)->n_placeholders, key)

static void test_olist(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("csv-olist");
    pc_store *st = open_store(dir);
    pc_csv_history_opts o = {.profile = PC_CSV_PROFILE_OLIST};
    struct diags ds = {0};
    pc_csv_history *h = import_fixture(st, "olist_orders.csv", &o, &ds);
    const pc_csv_summary *s = pc_csv_history_summary(h);

    assert_int_equal(s->rows, 16);
    assert_int_equal(s->imported, 6);
    assert_int_equal(s->events, 15);
    assert_int_equal(s->n_skipped, 7);
    assert_int_equal(SKIPPED(s, "empty row"), 3);
    assert_int_equal(SKIPPED(s, "no id"), 1);
    assert_int_equal(SKIPPED(s, "duplicate id"), 1);
    assert_int_equal(SKIPPED(s, "not a date in order_purchase_timestamp"), 1);
    assert_int_equal(SKIPPED(s, "delivered before handoff"), 1);
    assert_int_equal(SKIPPED(s, "no milestones"), 1);
    assert_int_equal(SKIPPED(s, "malformed CSV"), 2);
    assert_int_equal(pc_csv_summary_skipped(s, true), 10);
    assert_int_equal(pc_csv_summary_skipped(s, false), 7);
    assert_int_equal(s->n_placeholders, 1);
    assert_int_equal(PLACEHOLDERS(s, "placeholder in order_delivered_customer_date"), 1);
    /* the two malformed lines, by line and byte offset (see the fixture) */
    assert_int_equal(ds.n, 2);
    assert_string_equal(ds.msg[0], "line 9 (byte 720): stray quote inside an unquoted field");
    assert_string_equal(ds.msg[1], "line 14 (byte 998): quote opened here is never closed");
    pc_csv_history_free(h);

    /* o1: Sao Paulo standard time (-03:00); the promise falls after the 2017-10-15 DST start */
    pc_shipment sh;
    get(st, "olist", "o1", &sh);
    assert_int_equal(sh.n_events, 3);
    assert_int_equal(sh.status, PC_STATUS_DELIVERED);
    assert_string_equal(sh.service, "standard");
    assert_string_equal(sh.order_id, "o1");
    expect_event(&sh.events[0], "ORDERED", PC_STATUS_INFO_RECEIVED, utc(2017, 10, 2, 13, 56, 0),
                 -180);
    expect_event(&sh.events[1], "HANDOFF", PC_STATUS_IN_TRANSIT, utc(2017, 10, 4, 22, 55, 0), -180);
    assert_string_equal(sh.events[1].description, "Handed to carrier");
    assert_null(sh.events[1].substatus);
    expect_event(&sh.events[2], "DELIVERED", PC_STATUS_DELIVERED, utc(2017, 10, 11, 0, 25, 0),
                 -180);
    assert_int_equal(sh.promised_by, utc(2017, 10, 18, 2, 0, 0));
    assert_string_equal(sh.metadata_json, "{\"approved_at\":\"2017-10-02T14:07:00Z\"}");
    pc_shipment_done(&sh);

    /* o11: Brazilian summer time (-02:00) */
    get(st, "olist", "o11", &sh);
    expect_event(&sh.events[0], "ORDERED", PC_STATUS_INFO_RECEIVED, utc(2017, 12, 25, 1, 30, 0),
                 -120);
    expect_event(&sh.events[2], "DELIVERED", PC_STATUS_DELIVERED, utc(2018, 1, 2, 20, 5, 0), -120);
    assert_int_equal(sh.promised_by, utc(2018, 1, 15, 2, 0, 0));
    pc_shipment_done(&sh);

    /* o2: a date-only promise is 00:00 local; approved_at with seconds */
    get(st, "olist", "o2", &sh);
    assert_int_equal(sh.promised_by, utc(2018, 8, 13, 3, 0, 0));
    assert_string_equal(sh.metadata_json, "{\"approved_at\":\"2018-07-26T06:24:30Z\"}");
    pc_shipment_done(&sh);

    /* o6 (quoted newline in another cell) and o10 (placeholder delivery): in flight */
    get(st, "olist", "o6", &sh);
    assert_int_equal(sh.n_events, 2);
    assert_int_equal(sh.status, PC_STATUS_IN_TRANSIT);
    pc_shipment_done(&sh);
    get(st, "olist", "o10", &sh);
    assert_int_equal(sh.n_events, 2);
    assert_int_equal(sh.status, PC_STATUS_IN_TRANSIT);
    pc_shipment_done(&sh);
    /* o13 follows the line with the open quote */
    get(st, "olist", "o13", &sh);
    assert_int_equal(sh.status, PC_STATUS_DELIVERED);
    pc_shipment_done(&sh);
    /* the first o1 won over its duplicate; skipped rows are not stored */
    assert_false(has_shipment(st, "olist", "o3"));
    assert_false(has_shipment(st, "olist", "o4"));
    assert_false(has_shipment(st, "olist", "o7"));
    assert_false(has_shipment(st, "olist", "o9"));
    assert_false(has_shipment(st, "olist", "o12"));

    /* idempotent: the same file again adds no event */
    memset(&ds, 0, sizeof(ds));
    h = import_fixture(st, "olist_orders.csv", &o, &ds);
    s = pc_csv_history_summary(h);
    assert_int_equal(s->imported, 6);
    assert_int_equal(s->events_parsed, 15);
    assert_int_equal(s->events, 0);
    pc_csv_history_free(h);

    /* the reduced-columns file: DD-MM-YYYY, CR-only, ordered falls back to order_approved_at */
    h = import_fixture(st, "olist_reducedcols.csv", &o, &ds);
    s = pc_csv_history_summary(h);
    assert_int_equal(s->rows, 4);
    assert_int_equal(s->imported, 2);
    assert_int_equal(SKIPPED(s, "no milestones"), 1);
    assert_int_equal(SKIPPED(s, "empty row"), 1);
    pc_csv_history_free(h);
    get(st, "olist", "r1", &sh);
    assert_int_equal(sh.n_events, 2);
    expect_event(&sh.events[0], "ORDERED", PC_STATUS_INFO_RECEIVED, utc(2017, 10, 2, 14, 7, 0),
                 -180);
    expect_event(&sh.events[1], "DELIVERED", PC_STATUS_DELIVERED, utc(2017, 10, 11, 0, 25, 0),
                 -180);
    assert_int_equal(sh.promised_by, utc(2017, 10, 18, 2, 0, 0));
    pc_shipment_done(&sh);
    get(st, "olist", "r3", &sh);
    assert_int_equal(sh.n_events, 1);
    assert_int_equal(sh.status, PC_STATUS_INFO_RECEIVED);
    pc_shipment_done(&sh);

    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

static void expect_meta(const pc_shipment *sh, const char *key, const char *text, double num)
{
    json_error_t e;
    json_t *m = json_loads(sh->metadata_json, 0, &e);
    assert_non_null(m);
    json_t *v = json_object_get(m, key);
    if (text && strcmp(text, "-") == 0)
        assert_null(v);
    else if (text)
        assert_string_equal(json_string_value(v), text);
    else
        assert_true(json_is_number(v) && json_number_value(v) == num);
    json_decref(m);
}

static void test_scms(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("csv-scms");
    pc_store *st = open_store(dir);
    pc_csv_history_opts o = {.profile = PC_CSV_PROFILE_SCMS};
    struct diags ds = {0};
    pc_csv_history *h = import_fixture(st, "scms_history.csv", &o, &ds);
    const pc_csv_summary *s = pc_csv_history_summary(h);
    assert_int_equal(s->rows, 5);
    assert_int_equal(s->imported, 5);
    assert_int_equal(s->n_skipped, 0);
    assert_int_equal(s->events, 7);
    assert_int_equal(s->n_placeholders, 2);
    assert_int_equal(PLACEHOLDERS(s, "placeholder in PO Sent to Vendor Date"), 3);
    assert_int_equal(PLACEHOLDERS(s, "unknown country Congo, DRC"), 1);
    pc_csv_history_free(h);

    pc_shipment sh;
    get(st, "scms", "1", &sh);
    assert_string_equal(sh.service, "air");
    assert_string_equal(sh.destination.country, "CI"); /* Côte d'Ivoire */
    assert_int_equal(sh.promised_by, utc(2006, 6, 2, 0, 0, 0));
    assert_int_equal(sh.n_events, 1);
    expect_event(&sh.events[0], "DELIVERED", PC_STATUS_DELIVERED, utc(2006, 6, 2, 0, 0, 0), 0);
    assert_string_equal(sh.events[0].location.country, "CI");
    expect_meta(&sh, "vendor", "RANBAXY Fine Chemicals LTD.", 0);
    expect_meta(&sh, "weight_kg", NULL, 13);
    expect_meta(&sh, "freight_usd", NULL, 780.34);
    expect_meta(&sh, "managed_by", "PMO - US", 0);
    expect_meta(&sh, "project", "100-CI-T01", 0);
    pc_shipment_done(&sh);

    get(st, "scms", "3", &sh); /* numbers that are text are left out */
    assert_string_equal(sh.service, "truck");
    assert_string_equal(sh.destination.country, "VN");
    expect_meta(&sh, "weight_kg", "-", 0);
    expect_meta(&sh, "freight_usd", "-", 0);
    expect_meta(&sh, "vendor", "Aurobindo Pharma Limited", 0);
    pc_shipment_done(&sh);

    get(st, "scms", "15", &sh); /* mode N/A: no service; an order date */
    assert_null(sh.service);
    assert_int_equal(sh.n_events, 2);
    expect_event(&sh.events[0], "ORDERED", PC_STATUS_INFO_RECEIVED, utc(2007, 1, 12, 0, 0, 0), 0);
    expect_meta(&sh, "vendor", "ABBOTT, Inc", 0);
    expect_meta(&sh, "weight_kg", NULL, 1500);
    expect_meta(&sh, "freight_usd", "-", 0);
    pc_shipment_done(&sh);

    get(st, "scms", "20", &sh); /* two-digit 99 -> 1999; unknown country kept out */
    assert_string_equal(sh.service, "air charter");
    assert_null(sh.destination.country);
    assert_int_equal(sh.promised_by, utc(1999, 3, 10, 0, 0, 0));
    expect_meta(&sh, "managed_by", "South Africa Field Office", 0);
    expect_meta(&sh, "weight_kg", NULL, 2.5);
    pc_shipment_done(&sh);

    get(st, "scms", "21", &sh); /* "CC-REGION"; 70 -> 1970 */
    assert_string_equal(sh.destination.country, "ZA");
    assert_string_equal(sh.destination.region, "GP");
    assert_int_equal(sh.status, PC_STATUS_DELIVERED);
    expect_event(&sh.events[0], "DELIVERED", PC_STATUS_DELIVERED, utc(1970, 1, 3, 0, 0, 0), 0);
    pc_shipment_done(&sh);

    pc_store_close(st);
    pc_test_rmdir(dir);
    free(dir);
}

static void test_map_errors(void **state)
{
    (void)state;
    char err[1024];
    pc_csv_history *h = NULL;
    pc_csv_history_opts o = {.profile = PC_CSV_PROFILE_GENERIC, .map = "id=A, shipped = B"};
    assert_int_equal(pc_csv_history_new(&o, &h, err, sizeof(err)), PC_EINVAL);
    assert_non_null(strstr(err, "unknown field 'shipped'"));
    o.map = "id";
    assert_int_equal(pc_csv_history_new(&o, &h, err, sizeof(err)), PC_EINVAL);
    o.map = "id=A";
    o.tz = "Mars/Olympus_Mons";
    assert_int_equal(pc_csv_history_new(&o, &h, err, sizeof(err)), PC_ENOTFOUND);
    assert_non_null(strstr(err, "Mars/Olympus_Mons"));

    /* a mapped column missing from the header is named, with the header's columns */
    o.tz = NULL;
    o.map = "id=Order,delivered=Arrived At";
    assert_int_equal(pc_csv_history_new(&o, &h, err, sizeof(err)), 0);
    assert_true(pc_csv_history_maps(h, PC_CSV_FIELD_ID));
    assert_false(pc_csv_history_maps(h, PC_CSV_FIELD_HANDOFF));
    FILE *f = mem("Order,Delivered At\n1,2024-01-01\n");
    pc_csv_reader *r;
    pc_csv_row row;
    pc_diag d;
    assert_int_equal(pc_csv_reader_new(f, 0, &r), 0);
    assert_int_equal(pc_csv_read_row(r, &row, &d), 1);
    assert_int_equal(pc_csv_history_header(h, &row, err, sizeof(err)), PC_ENOTFOUND);
    assert_string_equal(err, "column 'Arrived At' (--map delivered) is not in the header; "
                             "columns: Order, Delivered At");
    pc_csv_reader_free(r);
    fclose(f);
    pc_csv_history_free(h);
}

/* ------------------------------------------------------------------------------------------- */

static json_t *run_json(const char *const *argv, int want_exit)
{
    char *out = NULL, *err = NULL;
    int ex = pc_test_run(argv, NULL, &out, &err);
    if (ex != want_exit)
        fail_msg("exit %d, expected %d; stderr: %s", ex, want_exit, err);
    json_error_t e;
    json_t *j = json_loads(out, 0, &e);
    if (!j)
        fail_msg("stdout is not JSON (%s): %s", e.text, out);
    free(out);
    free(err);
    return j;
}

static long jint(const json_t *j, const char *a, const char *b)
{
    const json_t *v = json_object_get(j, a);
    if (b)
        v = json_object_get(v, b);
    assert_true(json_is_integer(v));
    return (long)json_integer_value(v);
}

static void test_cli(void **state)
{
    (void)state;
    char *dir = pc_test_tmpdir("csv-cli");
    char store[2100];
    snprintf(store, sizeof(store), "%s/st", dir);

    const char *olist[] = {"pc",        "import", "csv",
                           "--profile", "olist",  "--json",
                           "--store",   store,    FIXTURES "olist_orders.csv",
                           NULL};
    json_t *j = run_json(olist, 65);
    assert_int_equal(jint(j, "rows", NULL), 16);
    assert_int_equal(jint(j, "imported", NULL), 6);
    assert_int_equal(jint(j, "events", NULL), 15);
    assert_int_equal(jint(j, "skipped", "malformed CSV"), 2);
    assert_int_equal(jint(j, "skipped", "empty row"), 3);
    assert_int_equal(jint(j, "skipped", "duplicate id"), 1);
    assert_int_equal(jint(j, "placeholders", "placeholder in order_delivered_customer_date"), 1);
    json_decref(j);
    j = run_json(olist, 65); /* again: nothing new */
    assert_int_equal(jint(j, "imported", NULL), 6);
    assert_int_equal(jint(j, "events", NULL), 0);
    json_decref(j);

    const char *scms[] = {"pc",
                          "import",
                          "csv",
                          "-p",
                          "scms",
                          "--json",
                          "--batch",
                          "2",
                          "--store",
                          store,
                          FIXTURES "scms_history.csv",
                          NULL};
    j = run_json(scms, 0); /* every row used */
    assert_int_equal(jint(j, "imported", NULL), 5);
    assert_int_equal(json_object_size(json_object_get(j, "skipped")), 0);
    assert_int_equal(jint(j, "placeholders", "unknown country Congo, DRC"), 1);
    json_decref(j);

    const char *generic[] = {"pc",
                             "import",
                             "csv",
                             "--map",
                             "id=Order,carrier=Carrier,handoff=Shipped At",
                             "--map",
                             "delivered=Delivered At,promised=Due,destination=Dest",
                             "--tz",
                             "America/Los_Angeles",
                             "--json",
                             "--store",
                             store,
                             FIXTURES "generic.csv",
                             NULL};
    j = run_json(generic, 0);
    assert_int_equal(jint(j, "imported", NULL), 2);
    assert_int_equal(jint(j, "events", NULL), 3);
    json_decref(j);
    const char *show[] = {"pc", "show", "--compact", "--store", store, "ups", "A1", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(pc_test_run(show, NULL, &out, NULL), 0);
    assert_non_null(strstr(out, "\"time\":\"2024-03-05T16:00:00Z\",\"utc_offset\":\"-08:00\""));
    assert_non_null(strstr(out, "\"region\":\"CA\",\"postal_code\":null,\"country\":\"US\""));
    assert_non_null(strstr(out, "\"promised_by\":\"2024-03-08T08:00:00Z\""));
    free(out);

    /* usage errors: unknown field, generic without id, unknown profile */
    const char *bad_field[] = {"pc",
                               "import",
                               "csv",
                               "--map",
                               "id=Order,shipped=X",
                               "--store",
                               store,
                               FIXTURES "generic.csv",
                               NULL};
    assert_int_equal(pc_test_run(bad_field, NULL, NULL, &err), 2);
    assert_non_null(strstr(err, "unknown field 'shipped'"));
    free(err);
    const char *no_id[] = {"pc", "import", "csv", "--store", store, FIXTURES "generic.csv", NULL};
    assert_int_equal(pc_test_run(no_id, NULL, NULL, &err), 2);
    assert_non_null(strstr(err, "needs --map id=COLUMN"));
    free(err);
    const char *bad_prof[] = {"pc",     "import",  "csv", "--profile",
                              "amazon", "--store", store, FIXTURES "generic.csv",
                              NULL};
    assert_int_equal(pc_test_run(bad_prof, NULL, NULL, &err), 2);
    free(err);
    /* a mapped column missing from the header: data error naming it and the columns */
    const char *missing[] = {"pc",
                             "import",
                             "csv",
                             "--map",
                             "id=Order,delivered=Arrived",
                             "--store",
                             store,
                             FIXTURES "generic.csv",
                             NULL};
    assert_int_equal(pc_test_run(missing, NULL, NULL, &err), 65);
    assert_non_null(strstr(err, "column 'Arrived' (--map delivered) is not in the header"));
    assert_non_null(strstr(err, "columns: Order, Carrier, Shipped At, Delivered At, Due, Dest"));
    free(err);
    /* the scms profile on an olist file: no ID column */
    const char *wrong[] = {
        "pc", "import", "csv", "-p", "scms", "--store", store, FIXTURES "olist_orders.csv", NULL};
    assert_int_equal(pc_test_run(wrong, NULL, NULL, &err), 65);
    assert_non_null(strstr(err, "no id column 'ID'"));
    free(err);
    /* from standard input, with the malformed lines named on stderr */
    char *text = pc_test_read_file(FIXTURES "olist_orders.csv", NULL);
    const char *stdin_run[] = {"pc", "import", "csv", "-p", "olist", "--store", store, "-", NULL};
    assert_int_equal(pc_test_run(stdin_run, text, NULL, &err), 65);
    assert_non_null(strstr(err, "-: line 9 (byte 720): stray quote"));
    assert_non_null(strstr(err, "16 rows, 6 imported"));
    free(err);
    free(text);

    pc_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_quotes_and_endings),
        cmocka_unit_test(test_reader_malformed_goes_on),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_olist),
        cmocka_unit_test(test_scms),
        cmocka_unit_test(test_map_errors),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
