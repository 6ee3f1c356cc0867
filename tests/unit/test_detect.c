/* detect: the shipped rules file (every rule with a valid number and one with a wrong check
 * digit), ordering, normalization, garbage, and rules-file errors with line numbers.
 *
 * Check digits worked by hand for the numbers below:
 *  UPS 1Z999AA10123456784: payload 999AA1012345678, A = (65 - 63) % 10 = 2; odd positions
 *      9+9+2+0+2+4+6+8 = 40, even positions (9+2+1+1+3+5+7) * 2 = 56; 96 -> 10 - 6 = 4.
 *  FedEx 776094337676: 77609433767 from the right with weights 1,3,7:
 *      7+18+49+3+9+28+9+0+42+7+21 = 193; 193 % 11 = 6.
 *  S10 RB123456785US: 1..8 x 8,6,4,2,3,5,9,7 = 8+12+12+8+15+30+63+56 = 204; 204 % 11 = 6;
 *      11 - 6 = 5.  FQ087430672GB: 0+48+28+8+9+0+54+49 = 196; % 11 = 9; 11 - 9 = 2.
 *      EW112720413FR: 8+6+8+14+6+0+36+7 = 85; % 11 = 8; 11 - 8 = 3.
 *      RR123450005US: 8+12+12+8+15 = 55; % 11 = 0; 11 -> 5.  RR123450080US: 55 + 8*7 = 111;
 *      % 11 = 1; 10 -> 0.
 *  DHL Express 1815115363: 181511536 = 7 * 25930219 + 3.
 *  DHL Paket 470800204932: 47080020493 x 4,9,4,9... = 16+63+0+72+0+0+8+0+16+81+12 = 268;
 *      10 - 8 = 2.
 *  GLS 363019175961: 36301917596 x 3,1,3... = 9+6+9+0+3+9+3+7+15+9+18 = 88; +1 = 89;
 *      10 - 9 = 1.
 *  GS1 (USPS, Canada Post, SSCC, FedEx Ground): weights 3,1 from the right, 10 - sum % 10.
 *      Canada Post 1371134583769923: payload 137113458376992 read from the right,
 *      2,9,9,6,7,3,8,5,4,3,1,1,7,3,1 x 3,1,3,1...: 6+9+27+6+21+3+24+5+12+3+3+1+21+3+3 = 147;
 *      10 - 7 = 3.
 *  GLS and DPD check digits were also computed with an independent script. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <parcelcast/detect.h>
#include <parcelcast/error.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PC_TEST_SOURCE_DIR
#define PC_TEST_SOURCE_DIR "tests"
#endif
#define RULES_PATH PC_TEST_SOURCE_DIR "/../data/detect.rules"

#define MAXM 32

static int setup(void **state)
{
    pc_detect_rules *rules = NULL;
    char *err = NULL;
    int rc = pc_detect_rules_load(RULES_PATH, &rules, &err);
    if (rc != 0) {
        fprintf(stderr, "load %s: %d %s\n", RULES_PATH, rc, err ? err : "");
        free(err);
        return -1;
    }
    assert_null(err);
    *state = rules;
    return 0;
}

static int teardown(void **state)
{
    pc_detect_rules_free(*state);
    return 0;
}

/* Ranks: verified, no check, failed. Fails the test if the order is wrong. */
static int rank_of(const pc_detect_match *m)
{
    if (m->has_check && m->check_ok)
        return 0;
    if (!m->has_check)
        return 1;
    return 2;
}

static int detect(const pc_detect_rules *rules, const char *number, pc_detect_match *m)
{
    int n = pc_detect(rules, number, m, MAXM);
    assert_true(n >= 0);
    for (int i = 1; i < n; i++) {
        if (rank_of(&m[i - 1]) > rank_of(&m[i]))
            fail_msg("%s: %s/%s listed before %s/%s", number, m[i - 1].carrier, m[i - 1].format,
                     m[i].carrier, m[i].format);
        assert_true(m[i].check_ok || m[i].has_check);
    }
    return n;
}

static const pc_detect_match *find(const pc_detect_match *m, int n, const char *carrier,
                                   const char *format)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(m[i].carrier, carrier) == 0 && strcmp(m[i].format, format) == 0)
            return &m[i];
    }
    return NULL;
}

/* number must match carrier/format; check: 1 verified, 0 failed, -1 rule without check. */
static void expect_match(const pc_detect_rules *rules, const char *number, const char *carrier,
                         const char *format, int check)
{
    pc_detect_match m[MAXM];
    int n = detect(rules, number, m);
    const pc_detect_match *hit = find(m, n, carrier, format);
    if (!hit)
        fail_msg("%s: no %s/%s match (%d matches)", number, carrier, format, n);
    if (check < 0) {
        assert_false(hit->has_check);
        assert_true(hit->check_ok);
    } else {
        assert_true(hit->has_check);
        if (hit->check_ok != (check == 1))
            fail_msg("%s: %s/%s check_ok = %d, want %d", number, carrier, format, hit->check_ok,
                     check);
    }
}

static void expect_none(const pc_detect_rules *rules, const char *number, const char *carrier,
                        const char *format)
{
    pc_detect_match m[MAXM];
    int n = detect(rules, number, m);
    if (find(m, n, carrier, format))
        fail_msg("%s: unexpected %s/%s match", number, carrier, format);
}

/* ------------------------------------------------------------------------------------------- */

static void test_ups(void **state)
{
    const pc_detect_rules *r = *state;
    expect_match(r, "1Z999AA10123456784", "ups", "ups-1z", 1);
    expect_match(r, "1Z1202R66698804005", "ups", "ups-1z", 1);
    expect_match(r, "1ZA7226W1388491331", "ups", "ups-1z", 1);
    expect_match(r, "1z 999 aa1 01 2345 6784", "ups", "ups-1z", 1);
    expect_match(r, "1Z-999AA1-0123456784", "ups", "ups-1z", 1);
    expect_match(r, "1Z999AA10123456785", "ups", "ups-1z", 0);
    expect_none(r, "1Z999AA1012345678", "ups", "ups-1z"); /* 17 characters */

    pc_detect_match m[MAXM];
    int n = detect(r, "1Z999AA10123456784", m);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].carrier, "ups");
    assert_string_equal(m[0].format, "ups-1z");
    assert_true(m[0].has_check);
    assert_true(m[0].check_ok);
}

static void test_fedex(void **state)
{
    const pc_detect_rules *r = *state;
    expect_match(r, "776094337676", "fedex", "fedex-12", 1);
    expect_match(r, "128667043726", "fedex", "fedex-12", 1);
    expect_match(r, "776094337677", "fedex", "fedex-12", 0);
    expect_match(r, "041441760228964", "fedex", "fedex-ground-15", 1);
    expect_match(r, "041441760228965", "fedex", "fedex-ground-15", 0);
    expect_match(r, "61299998820821171811", "fedex", "fedex-smartpost", 1);
    expect_match(r, "02399989320920003663", "fedex", "fedex-smartpost", 1);
    expect_match(r, "61299998820821171812", "fedex", "fedex-smartpost", 0);
    expect_match(r, "00340434292135100186", "fedex", "fedex-sscc", 1);
    expect_match(r, "00340434292135100187", "fedex", "fedex-sscc", 0);
    expect_match(r, "9611020987654312345672", "fedex", "fedex-ground-96", 1);
    expect_match(r, "9611020987654312345673", "fedex", "fedex-ground-96", 0);
    expect_match(r, "9622001900000000000000776632517510", "fedex", "fedex-34", 1);
    expect_match(r, "1001921334250001000300779017972697", "fedex", "fedex-34", 1);
    expect_match(r, "9622001900000000000000776632517511", "fedex", "fedex-34", 0);

    /* The verified FedEx match comes before the 12-digit rules it fails or cannot check. */
    pc_detect_match m[MAXM];
    int n = detect(r, "776094337676", m);
    assert_true(n >= 2);
    assert_string_equal(m[0].carrier, "fedex");
    assert_string_equal(m[0].format, "fedex-12");
    assert_non_null(find(m, n, "canadapost", "canadapost-12"));
    const pc_detect_match *gls = find(m, n, "gls", "gls-12");
    assert_true(gls != NULL && !gls->check_ok); /* the GLS check digit would be 2 */
}

static void test_usps(void **state)
{
    const pc_detect_rules *r = *state;
    expect_match(r, "9400109104250532908587", "usps", "usps-impb", 1);
    expect_match(r, "9400 1091 0425 0532 9085 87", "usps", "usps-impb", 1);
    expect_match(r, "9102901000462189604217", "usps", "usps-impb", 1);
    expect_match(r, "9400109104250532908588", "usps", "usps-impb", 0);
    expect_match(r, "92419900000033499522966220", "usps", "usps-impb", 1);
    expect_match(r, "92419900000033499522966221", "usps", "usps-impb", 0);
    expect_match(r, "4201002334249200190132607600833457", "usps", "usps-impb-routing", 1);
    expect_match(r, "420221539101026837331000039521", "usps", "usps-impb-routing", 1);
    expect_match(r, "420221539101026837331000039522", "usps", "usps-impb-routing", 0);
    expect_match(r, "03071790000523483741", "usps", "usps-20", 1);
    expect_match(r, "03071790000523483742", "usps", "usps-20", 0);
    expect_match(r, "RB123456785US", "usps", "upu-s10", 1);
    expect_match(r, "RB123456786US", "usps", "upu-s10", 0);

    /* Two rules share usps/usps-impb: one match only. */
    pc_detect_match m[MAXM];
    int n = detect(r, "9400109104250532908587", m);
    int count = 0;
    for (int i = 0; i < n; i++)
        count += strcmp(m[i].format, "usps-impb") == 0;
    assert_int_equal(count, 1);
}

static void test_s10_operators(void **state)
{
    const pc_detect_rules *r = *state;
    expect_match(r, "RB123456785CA", "canadapost", "upu-s10", 1);
    expect_match(r, "RB123456784CA", "canadapost", "upu-s10", 0);
    expect_match(r, "FQ087430672GB", "royalmail", "upu-s10", 1);
    expect_match(r, "FQ087430673GB", "royalmail", "upu-s10", 0);
    expect_match(r, "EW112720413FR", "laposte", "upu-s10", 1);
    expect_match(r, "EW112720414FR", "laposte", "upu-s10", 0);
    expect_match(r, "RB123456785AU", "australiapost", "upu-s10", 1);
    expect_match(r, "RB123456780AU", "australiapost", "upu-s10", 0);
    expect_match(r, "RB123456785DE", "dhl", "upu-s10", 1);
    expect_match(r, "RB123456781DE", "dhl", "upu-s10", 0);
    /* 11 - sum % 11 = 11 reads 5, = 10 reads 0. */
    expect_match(r, "RR123450005US", "usps", "upu-s10", 1);
    expect_match(r, "RR123450000US", "usps", "upu-s10", 0);
    expect_match(r, "RR123450080US", "usps", "upu-s10", 1);
    /* A suffix no rule knows. */
    pc_detect_match m[MAXM];
    assert_int_equal(detect(r, "RB123456785XX", m), 0);
}

static void test_dhl(void **state)
{
    const pc_detect_rules *r = *state;
    expect_match(r, "1815115363", "dhl", "dhl-express", 1);
    expect_match(r, "3318810025", "dhl", "dhl-express", 1);
    expect_match(r, "73891051146", "dhl", "dhl-express", 1);
    expect_match(r, "1815115364", "dhl", "dhl-express", 0);
    expect_match(r, "470800204932", "dhl", "dhl-paket", 1);
    expect_match(r, "470800204933", "dhl", "dhl-paket", 0);
    expect_match(r, "00340434292135100186", "dhl", "dhl-sscc", 1);
    expect_match(r, "00340434161094015902", "dhl", "dhl-sscc", 1);
    expect_match(r, "00340434161094015903", "dhl", "dhl-sscc", 0);
    expect_match(r, "JJD0099999999", "dhl", "dhl-piece", -1);
    expect_match(r, "jvgl0999999990", "dhl", "dhl-piece", -1);
}

static void test_canadapost_dpd_gls(void **state)
{
    const pc_detect_rules *r = *state;
    expect_match(r, "1371134583769923", "canadapost", "canadapost-pin", 1);
    expect_match(r, "0073938000549297", "canadapost", "canadapost-pin", 1);
    expect_match(r, "1371134583769924", "canadapost", "canadapost-pin", 0);
    expect_match(r, "123456789012", "canadapost", "canadapost-12", -1);

    expect_match(r, "05308801410058", "dpd", "dpd-14", -1);
    expect_match(r, "053088014100584", "dpd", "dpd-14-check", 1);
    expect_match(r, "05308801410058A", "dpd", "dpd-14-check", 0);
    expect_match(r, "008182709980000020033350276C", "dpd", "dpd-28", 1);
    expect_match(r, "0081 827 0998 0000 0200 45 327 276 N", "dpd", "dpd-28", 1);
    expect_match(r, "008182709980000020033350276A", "dpd", "dpd-28", 0);

    expect_match(r, "36301917596", "gls", "gls-11", -1);
    expect_match(r, "363019175961", "gls", "gls-12", 1);
    expect_match(r, "363019175962", "gls", "gls-12", 0);
}

static void test_laposte_australiapost(void **state)
{
    const pc_detect_rules *r = *state;
    expect_match(r, "6A12345678901", "laposte", "laposte-colissimo", -1);
    expect_match(r, "8R412345678", "laposte", "laposte-colissimo", -1);
    expect_none(r, "6A1234567", "laposte", "laposte-colissimo");
    expect_match(r, "2JD5000001", "australiapost", "australiapost-article", -1);
    expect_match(r, "MZ8001234567010", "australiapost", "australiapost-article", -1);
    expect_none(r, "1234567890", "australiapost", "australiapost-article");
}

static void test_garbage(void **state)
{
    const pc_detect_rules *r = *state;
    pc_detect_match m[MAXM];
    const char *junk[] = {"",
                          "   ",
                          "-",
                          "hello",
                          "1Z!",
                          "ABC",
                          "12345",
                          "1Z999AA1012345678\xc3\xa9",
                          "1Z999AA1012345678/4",
                          "ZZZZZZZZZZZZZZZZZZ",
                          "!!!!!!!!!!!!"};
    for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
        int n = pc_detect(r, junk[i], m, MAXM);
        if (n != 0)
            fail_msg("'%s': %d matches, first %s/%s", junk[i], n, m[0].carrier, m[0].format);
    }
    char longnum[201];
    memset(longnum, '1', 200);
    longnum[200] = '\0';
    assert_int_equal(pc_detect(r, longnum, m, MAXM), 0);

    /* max limits the output; 0 with NULL is allowed. */
    assert_int_equal(pc_detect(r, "776094337676", m, 1), 1);
    assert_string_equal(m[0].format, "fedex-12");
    assert_int_equal(pc_detect(r, "776094337676", NULL, 0), 0);
    assert_int_equal(pc_detect(r, "776094337676", NULL, 3), PC_EINVAL);
    assert_int_equal(pc_detect(NULL, "776094337676", m, MAXM), PC_EINVAL);
    assert_int_equal(pc_detect(r, NULL, m, MAXM), PC_EINVAL);
}

/* ------------------------------------------------------------------------------------------- */

static char *write_rules(const char *text)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof(path), "%s/pc_detect_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    char *p = strdup(path);
    assert_non_null(p);
    return p;
}

static void expect_load_error(const char *text, const char *want)
{
    char *path = write_rules(text);
    pc_detect_rules *rules = (pc_detect_rules *)1;
    char *err = NULL;
    int rc = pc_detect_rules_load(path, &rules, &err);
    unlink(path);
    if (rc != PC_EMALFORMED || !err || !strstr(err, want)) {
        char msg[600];
        snprintf(msg, sizeof(msg), "rc %d err '%s', want '%s'", rc, err ? err : "(null)", want);
        free(err);
        free(path);
        fail_msg("%s", msg);
    }
    assert_null(rules);
    /* The message names the file. */
    assert_true(strncmp(err, path, strlen(path)) == 0);
    free(err);
    free(path);
}

static void test_rules_errors(void **state)
{
    (void)state;
    const char *head = "# comment\n\nrule ok carrier=ups regex=^1Z[0-9A-Z]{16}$ check=ups1z\n";
    char buf[1024];
#define BAD(line, want)                                                                            \
    do {                                                                                           \
        snprintf(buf, sizeof(buf), "%s%s\n", head, line);                                          \
        expect_load_error(buf, want);                                                              \
    } while (0)
    BAD("rule x carrier=ups regex=^1$ check=foo", ":4: unknown check 'foo'");
    BAD("rule x regex=^1$", ":4: rule 'x' has no carrier=");
    BAD("rule x carrier=ups", ":4: rule 'x' has no regex=");
    BAD("rule x carrier=ups regex=^([", ":4: bad regex '^(['");
    BAD("rule x carrier=ups regex=^1$ colour=red", ":4: unknown key 'colour'");
    BAD("rule x carrier=ups regex=^1$ check=weighted", ":4: check 'weighted' needs weights=");
    BAD("rule x carrier=ups regex=^1$ check=weighted weights=3,,1", ":4: bad weight ''");
    BAD("rule x carrier=ups regex=^1$ check=weighted weights=3,1,", ":4: trailing ','");
    BAD("rule x carrier=ups regex=^1$ check=mod7 weights=3,1", ":4: 'weights' does not apply");
    BAD("rule x carrier=ups regex=^1$ weights=3,1", ":4: 'weights' needs a check=");
    BAD("rule x carrier=ups regex=^1$ check=gs1 mod=1", ":4: bad mod '1'");
    BAD("rule x carrier=ups regex=^1$ check=gs1 from=middle", ":4: bad from 'middle'");
    BAD("rule x carrier=ups regex=^1$ check=gs1 range=5", ":4: bad range '5'");
    BAD("rule x carrier=ups regex=^1$ check=gs1 range=a:", ":4: bad range 'a:'");
    BAD("rule x carrier=ups regex=^1$ check=s10 map=10", ":4: bad map entry '10'");
    BAD("rule x carrier=ups regex=^1$ check=gs1 prefix=9-2", ":4: bad prefix '9-2'");
    BAD("rule x carrier=ups carrier=dhl regex=^1$", ":4: duplicate key 'carrier'");
    BAD("rule x carrier=ups regex=^1$ check", ":4: expected key=value, got 'check'");
    BAD("rule X! carrier=ups regex=^1$", ":4: bad format name 'X!'");
    BAD("rule x carrier=UPS regex=^1$", ":4: bad carrier name 'UPS'");
    BAD("norule x carrier=ups regex=^1$", ":4: expected 'rule <format>");
    BAD("rule", ":4: expected 'rule <format>");
#undef BAD
}

static void test_rules_load_misc(void **state)
{
    (void)state;
    pc_detect_rules *rules = NULL;
    char *err = (char *)1;
    assert_int_equal(pc_detect_rules_load("/nonexistent/detect.rules", &rules, &err), PC_EIO);
    assert_null(err);
    assert_null(rules);

    /* Empty file, CRLF lines, indented comments, parameters overriding a preset. */
    char *path = write_rules("");
    assert_int_equal(pc_detect_rules_load(path, &rules, &err), 0);
    assert_null(err);
    pc_detect_match m[4];
    assert_int_equal(pc_detect(rules, "1Z999AA10123456784", m, 4), 0);
    pc_detect_rules_free(rules);
    unlink(path);
    free(path);

    path = write_rules(
        "  # indented comment\r\n"
        "rule luhn-test carrier=acme regex=^[0-9]{16}$ check=luhn\r\n"
        "rule mod11-test carrier=acme regex=^[0-9]{8}$ check=mod11 weights=2,3,4,5,6,7\n"
        "rule alpha-test carrier=acme regex=^[A-Z]{2}[0-9]{5}$ check=mod10 letters=alpha\n"
        "\t\n");
    assert_int_equal(pc_detect_rules_load(path, &rules, &err), 0);
    assert_null(err);
    /* Luhn: 4111 1111 1111 1111 is the classic valid test card number. */
    assert_int_equal(pc_detect(rules, "4111111111111111", m, 4), 1);
    assert_true(m[0].check_ok);
    assert_int_equal(pc_detect(rules, "4111111111111112", m, 4), 1);
    assert_false(m[0].check_ok);
    /* mod 11 weights 2..7 from the right: 1234567 -> 7*2+6*3+5*4+4*5+3*6+2*7+1*2 = 106;
     * 106 % 11 = 7; 11 - 7 = 4. */
    assert_int_equal(pc_detect(rules, "12345674", m, 4), 1);
    assert_true(m[0].check_ok);
    /* letters=alpha: A=10, B=11; "AB1234" + check, weights 3,1 from the right:
     * 4*3+3*1+2*3+1*1+11*3+10*1 = 65 -> 10 - 5 = 5. */
    assert_int_equal(pc_detect(rules, "AB12345", m, 4), 1);
    assert_true(m[0].check_ok);
    assert_string_equal(m[0].carrier, "acme");
    assert_string_equal(m[0].format, "alpha-test");
    pc_detect_rules_free(rules);
    unlink(path);
    free(path);
    pc_detect_rules_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ups),
        cmocka_unit_test(test_fedex),
        cmocka_unit_test(test_usps),
        cmocka_unit_test(test_s10_operators),
        cmocka_unit_test(test_dhl),
        cmocka_unit_test(test_canadapost_dpd_gls),
        cmocka_unit_test(test_laposte_australiapost),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_rules_errors),
        cmocka_unit_test(test_rules_load_misc),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
