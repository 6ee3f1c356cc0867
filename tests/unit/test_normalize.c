/* normalize: zone from location (countries, states, provinces, postal-code splits), event local
 * time, description clean-up, country codes and names, status-code tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <parcelcast/error.h>
#include <parcelcast/model.h>
#include <parcelcast/normalize.h>
#include <parcelcast/timeutil.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect_zone(const char *country, const char *region, const char *postal,
                        const char *want)
{
    const char *got = pc_tz_for_location(country, region, postal);
    if (want == NULL && got == NULL)
        return;
    if (want == NULL || got == NULL || strcmp(want, got) != 0)
        fail_msg("zone(%s, %s, %s) = %s, want %s", country ? country : "NULL",
                 region ? region : "NULL", postal ? postal : "NULL", got ? got : "NULL",
                 want ? want : "NULL");
    int off;
    if (pc_tz_offset_at(got, 1700000000, &off) != 0)
        fail_msg("zone %s is not in the system tz database", got);
}

/* ------------------------------------------------------------------------------------------- */

static void test_zone_us_states(void **state)
{
    (void)state;
    static const char *const codes[] = {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "VI", "GU", "AS", "MP"};
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        const char *z = pc_tz_for_location("US", codes[i], NULL);
        if (!z)
            fail_msg("no zone for US state %s", codes[i]);
        int off;
        assert_int_equal(pc_tz_offset_at(z, 1700000000, &off), 0);
        /* Without a country, a state code means the US. */
        assert_string_equal(pc_tz_for_location(NULL, codes[i], NULL), z);
    }
    expect_zone("US", "CA", NULL, "America/Los_Angeles");
    expect_zone("US", "California", NULL, "America/Los_Angeles");
    expect_zone("UNITED STATES", "new york", NULL, "America/New_York");
    expect_zone("USA", "ny", "10001", "America/New_York");
    expect_zone("us", "US-WA", NULL, "America/Los_Angeles");
    expect_zone(NULL, "US-IL", NULL, "America/Chicago");
    expect_zone("US", "Washington", NULL, "America/Los_Angeles");
    expect_zone("US", "District of Columbia", NULL, "America/New_York");
    expect_zone("US", "AZ", "85004", "America/Phoenix");
    expect_zone("US", "Arizona", NULL, "America/Phoenix");
    expect_zone("US", "HI", NULL, "Pacific/Honolulu");
    expect_zone("US", "AK", "99501", "America/Anchorage");
    expect_zone("US", "AK", "99546", "America/Adak");
    expect_zone("US", "PR", NULL, "America/Puerto_Rico");
    expect_zone("PR", NULL, NULL, "America/Puerto_Rico");
    expect_zone("US", "AE", NULL, NULL); /* military post office */
    expect_zone("US", NULL, NULL, NULL);
    expect_zone("United States", NULL, NULL, NULL);
    expect_zone("US", "Atlantis", NULL, NULL);
    expect_zone(NULL, "Georgia", NULL, "America/New_York"); /* the state, not the country */
    expect_zone(NULL, "TX", NULL, "America/Chicago");
}

static void test_zone_us_zip_splits(void **state)
{
    (void)state;
    /* Florida panhandle */
    expect_zone("US", "FL", "32501", "America/Chicago");  /* Pensacola */
    expect_zone("US", "FL", "32401", "America/Chicago");  /* Panama City */
    expect_zone("US", "FL", "32301", "America/New_York"); /* Tallahassee */
    expect_zone("US", "FL", "33101", "America/New_York"); /* Miami */
    /* Texas: El Paso */
    expect_zone("US", "TX", "79901", "America/Denver");
    expect_zone(NULL, "TX", "79936-1234", "America/Denver");
    expect_zone("US", "TX", "88510", "America/Denver");
    expect_zone("US", "TX", "75201", "America/Chicago"); /* Dallas */
    /* Indiana */
    expect_zone("US", "IN", "46204", "America/Indiana/Indianapolis");
    expect_zone("US", "IN", "46320", "America/Chicago"); /* Hammond */
    expect_zone("US", "IN", "47708", "America/Chicago"); /* Evansville */
    /* Tennessee */
    expect_zone("US", "TN", "37201", "America/Chicago");  /* Nashville */
    expect_zone("US", "TN", "38103", "America/Chicago");  /* Memphis */
    expect_zone("US", "TN", "37902", "America/New_York"); /* Knoxville */
    expect_zone("US", "TN", "37402", "America/New_York"); /* Chattanooga */
    /* Kentucky */
    expect_zone("US", "KY", "40209", "America/New_York"); /* Louisville */
    expect_zone("US", "KY", "42001", "America/Chicago");  /* Paducah */
    expect_zone("US", "KY", "42101", "America/Chicago");  /* Bowling Green */
    /* Michigan's Upper Peninsula */
    expect_zone("US", "MI", "48201", "America/Detroit");
    expect_zone("US", "MI", "49801", "America/Menominee"); /* Iron Mountain */
    expect_zone("US", "MI", "49938", "America/Menominee"); /* Ironwood */
    expect_zone("US", "MI", "49855", "America/Detroit");   /* Marquette */
    /* Oregon: Malheur County */
    expect_zone("US", "OR", "97914", "America/Boise");
    expect_zone("US", "OR", "97201", "America/Los_Angeles");
    /* Idaho: south on Mountain time, the north on Pacific */
    expect_zone("US", "ID", "83702", "America/Boise");
    expect_zone("US", "ID", "83814", "America/Los_Angeles"); /* Coeur d'Alene */
    expect_zone("US", "ID", "83501", "America/Los_Angeles"); /* Lewiston */
    /* Dakotas, Kansas, Nebraska, Nevada */
    expect_zone("US", "ND", "58102", "America/Chicago");
    expect_zone("US", "ND", "58601", "America/Denver");
    expect_zone("US", "SD", "57104", "America/Chicago");
    expect_zone("US", "SD", "57701", "America/Denver");
    expect_zone("US", "KS", "66101", "America/Chicago");
    expect_zone("US", "KS", "67735", "America/Denver");
    expect_zone("US", "NE", "68102", "America/Chicago");
    expect_zone("US", "NE", "69361", "America/Denver");
    expect_zone("US", "NE", "69153", "America/Denver");
    expect_zone("US", "NV", "89883", "America/Denver");
    expect_zone("US", "NV", "89101", "America/Los_Angeles");
    /* ZIP alone: 3-digit prefix to state */
    expect_zone("US", NULL, "10001", "America/New_York");
    expect_zone(NULL, NULL, "60601", "America/Chicago");
    expect_zone(NULL, NULL, "90210", "America/Los_Angeles");
    expect_zone(NULL, NULL, "85004", "America/Phoenix");
    expect_zone(NULL, NULL, "32501", "America/Chicago");
    expect_zone(NULL, NULL, "96813", "Pacific/Honolulu");
    expect_zone(NULL, NULL, "00901", "America/Puerto_Rico");
    expect_zone(NULL, NULL, "96910", "Pacific/Guam");
    expect_zone(NULL, NULL, "96950", "Pacific/Saipan");
    expect_zone(NULL, NULL, "20500", "America/New_York");
    expect_zone("US", NULL, "733-01", NULL);
    expect_zone("US", NULL, "1234", NULL);
    expect_zone(NULL, NULL, "ABCDE", NULL);
    expect_zone(NULL, NULL, NULL, NULL);
}

static void test_zone_canada(void **state)
{
    (void)state;
    struct {
        const char *code, *name, *zone;
    } rows[] = {
        {"BC", "British Columbia", "America/Vancouver"},
        {"AB", "Alberta", "America/Edmonton"},
        {"SK", "Saskatchewan", "America/Regina"},
        {"MB", "Manitoba", "America/Winnipeg"},
        {"ON", "Ontario", "America/Toronto"},
        {"QC", "Québec", "America/Toronto"},
        {"NB", "New Brunswick", "America/Moncton"},
        {"NS", "Nova Scotia", "America/Halifax"},
        {"PE", "Prince Edward Island", "America/Halifax"},
        {"NL", "Newfoundland and Labrador", "America/St_Johns"},
        {"YT", "Yukon", "America/Whitehorse"},
        {"NT", "Northwest Territories", "America/Edmonton"},
        {"NU", "Nunavut", "America/Iqaluit"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        expect_zone("CA", rows[i].code, NULL, rows[i].zone);
        expect_zone("Canada", rows[i].name, NULL, rows[i].zone);
        expect_zone(NULL, rows[i].name, NULL, rows[i].zone);
    }
    expect_zone("CA", "Quebec", NULL, "America/Toronto");
    expect_zone("CA", "Nouvelle-Écosse", NULL, "America/Halifax");
    expect_zone("CA", NULL, NULL, NULL);
    expect_zone("CANADA", NULL, "K1A 0B1", "America/Toronto");
    expect_zone("CA", NULL, "h2x1y4", "America/Toronto");
    expect_zone(NULL, NULL, "V6B 1A1", "America/Vancouver");
    expect_zone("CA", NULL, "T2P 1J9", "America/Edmonton");
    expect_zone("CA", "ON", "P9N 1A1", "America/Winnipeg"); /* Kenora */
    expect_zone("CA", NULL, "X0A 0H0", "America/Iqaluit");
    expect_zone("CA", NULL, "X1A 2N5", "America/Edmonton");
    expect_zone(NULL, "BC", NULL, "America/Vancouver");
    expect_zone("CA", "CA-ON", NULL, "America/Toronto");
}

static void test_zone_australia(void **state)
{
    (void)state;
    struct {
        const char *code, *name, *zone;
    } rows[] = {
        {"NSW", "New South Wales", "Australia/Sydney"},
        {"VIC", "Victoria", "Australia/Melbourne"},
        {"QLD", "Queensland", "Australia/Brisbane"},
        {"SA", "South Australia", "Australia/Adelaide"},
        {"WA", "Western Australia", "Australia/Perth"},
        {"TAS", "Tasmania", "Australia/Hobart"},
        {"ACT", "Australian Capital Territory", "Australia/Sydney"},
        {"NT", "Northern Territory", "Australia/Darwin"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        expect_zone("AU", rows[i].code, NULL, rows[i].zone);
        expect_zone("Australia", rows[i].name, NULL, rows[i].zone);
        expect_zone(NULL, rows[i].name, NULL, rows[i].zone);
    }
    expect_zone("AUS", "qld", NULL, "Australia/Brisbane");
    expect_zone(NULL, "NSW", NULL, "Australia/Sydney");
    expect_zone(NULL, "WA", NULL, "America/Los_Angeles"); /* alone, WA is Washington */
    expect_zone("AU", NULL, NULL, NULL);
    expect_zone("AU", NULL, "2000", "Australia/Sydney");
    expect_zone("AU", NULL, "3000", "Australia/Melbourne");
    expect_zone("AU", NULL, "0800", "Australia/Darwin");
    expect_zone("AU", NULL, "6000", "Australia/Perth");
    expect_zone("AU", NULL, "2600", "Australia/Sydney");
    expect_zone("AU", "NSW", "2880", "Australia/Broken_Hill");
    expect_zone("AU", NULL, "2898", "Australia/Lord_Howe");
}

static void test_zone_brazil_mexico_others(void **state)
{
    (void)state;
    expect_zone("BR", "SP", NULL, "America/Sao_Paulo");
    expect_zone("BR", "RJ", NULL, "America/Sao_Paulo");
    expect_zone("BR", "MG", NULL, "America/Sao_Paulo");
    expect_zone("BR", "AM", NULL, "America/Manaus");
    expect_zone("BR", "Amazonas", NULL, "America/Manaus");
    expect_zone("Brasil", "São Paulo", NULL, "America/Sao_Paulo");
    expect_zone("BR", "Mato Grosso do Sul", NULL, "America/Campo_Grande");
    expect_zone("BR", "MT", NULL, "America/Cuiaba");
    expect_zone("BR", "AC", NULL, "America/Rio_Branco");
    expect_zone("BR", "PE", NULL, "America/Recife");
    expect_zone("BR", "BA", NULL, "America/Bahia");
    expect_zone("BR", NULL, NULL, "America/Sao_Paulo");
    expect_zone("BR", "Nowhere", NULL, "America/Sao_Paulo");
    expect_zone("MX", NULL, NULL, "America/Mexico_City");
    expect_zone("MX", "Jalisco", NULL, "America/Mexico_City");
    expect_zone("MX", "BCN", NULL, "America/Tijuana");
    expect_zone("Mexico", "Quintana Roo", NULL, "America/Cancun");
    expect_zone("RU", NULL, NULL, "Europe/Moscow");
    expect_zone("Russia", NULL, NULL, "Europe/Moscow");
    expect_zone("FR", NULL, "75008", "Europe/Paris");
    expect_zone("DE", NULL, NULL, "Europe/Berlin");
    expect_zone("Deutschland", "Bayern", NULL, "Europe/Berlin");
    expect_zone("GB", NULL, NULL, "Europe/London");
    expect_zone("Royaume-Uni", NULL, NULL, "Europe/London");
    expect_zone("IE", NULL, NULL, "Europe/Dublin");
    expect_zone("ES", NULL, "28001", "Europe/Madrid");
    expect_zone("ES", NULL, "35001", "Atlantic/Canary");
    expect_zone("Espagne", "Islas Canarias", NULL, "Atlantic/Canary");
    expect_zone("PT", NULL, "1000-001", "Europe/Lisbon");
    expect_zone("PT", NULL, "9500-123", "Atlantic/Azores");
    expect_zone("PT", NULL, "9000-018", "Atlantic/Madeira");
    expect_zone("NL", NULL, NULL, "Europe/Amsterdam");
    expect_zone("IT", NULL, NULL, "Europe/Rome");
    expect_zone("CH", NULL, NULL, "Europe/Zurich");
    expect_zone("CN", NULL, NULL, "Asia/Shanghai");
    expect_zone("JP", NULL, NULL, "Asia/Tokyo");
    expect_zone("IN", NULL, NULL, "Asia/Kolkata");
    expect_zone("NZ", NULL, NULL, "Pacific/Auckland");
    expect_zone("AR", NULL, NULL, "America/Argentina/Buenos_Aires");
    expect_zone("Narnia", "CA", NULL, NULL);
    expect_zone("", "CA", NULL, "America/Los_Angeles");
}

static void test_zone_every_country(void **state)
{
    (void)state;
    /* Every code pc_country_iso2 knows maps to a zone that exists, or to NULL for the few
     * countries that need a region. */
    int known = 0, with_zone = 0;
    char code[3] = "AA";
    for (char a = 'A'; a <= 'Z'; a++) {
        for (char b = 'A'; b <= 'Z'; b++) {
            code[0] = a;
            code[1] = b;
            if (!pc_country_iso2(code, 2))
                continue;
            known++;
            const char *z = pc_tz_for_location(code, NULL, NULL);
            if (!z)
                continue;
            with_zone++;
            int off;
            if (pc_tz_offset_at(z, 1700000000, &off) != 0)
                fail_msg("country %s: zone %s missing", code, z);
        }
    }
    assert_int_equal(known, 249 + 2); /* ISO 3166-1 plus the aliases UK and EL */
    /* No zone: AQ, AU, CA, UM, US (need a region) and the uninhabited BV and HM. */
    assert_int_equal(with_zone, known - 7);
}

/* ------------------------------------------------------------------------------------------- */

static void test_event_local_time(void **state)
{
    (void)state;
    pc_event ev;
    pc_civil c = {2024, 3, 5, 9, 32, 0};
    memset(&ev, 0, sizeof(ev));
    ev.time = PC_TIME_NONE;
    ev.utc_offset = PC_OFFSET_NONE;

    /* The carrier's own offset wins. */
    assert_int_equal(pc_event_set_local_time(&ev, &c, -300, NULL, NULL), 0);
    assert_int_equal(ev.time, 1709649120); /* 2024-03-05T14:32:00Z */
    assert_int_equal(ev.utc_offset, -300);

    /* Zone from the event's location: Louisville KY. */
    ev.location.country = "US";
    ev.location.region = "KY";
    ev.location.postal_code = "40209";
    ev.time = PC_TIME_NONE;
    assert_int_equal(pc_event_set_local_time(&ev, &c, PC_OFFSET_NONE, NULL, NULL), 0);
    assert_int_equal(ev.time, 1709649120);
    assert_int_equal(ev.utc_offset, -300);

    /* DST gap in New York, from the location. */
    pc_civil gap = {2024, 3, 10, 2, 30, 0};
    ev.location.region = "NY";
    ev.location.postal_code = NULL;
    assert_int_equal(pc_event_set_local_time(&ev, &gap, PC_OFFSET_NONE, NULL, NULL), 0);
    assert_int_equal(ev.time, 1710055800);
    assert_int_equal(ev.utc_offset, -240);

    /* Location too vague (US, no state): the fallback (destination) decides. */
    pc_location dest = {.city = "Paris", .region = NULL, .postal_code = NULL, .country = "FR"};
    ev.location.region = NULL;
    assert_int_equal(pc_event_set_local_time(&ev, &c, PC_OFFSET_NONE, &dest, "Asia/Tokyo"), 0);
    assert_int_equal(ev.time, 1709627520); /* 09:32 CET = 08:32Z */
    assert_int_equal(ev.utc_offset, 60);

    /* Nothing at all: the carrier's default zone. */
    memset(&ev.location, 0, sizeof(ev.location));
    assert_int_equal(pc_event_set_local_time(&ev, &c, PC_OFFSET_NONE, NULL, "Europe/Berlin"), 0);
    assert_int_equal(ev.time, 1709627520);
    assert_int_equal(ev.utc_offset, 60);

    /* No zone anywhere: not found, time untouched. */
    ev.time = 42;
    ev.utc_offset = PC_OFFSET_NONE;
    pc_location empty = {0};
    assert_int_equal(pc_event_set_local_time(&ev, &c, PC_OFFSET_NONE, &empty, NULL), PC_ENOTFOUND);
    assert_int_equal(ev.time, 42);
    assert_int_equal(pc_event_set_local_time(&ev, &c, PC_OFFSET_NONE, NULL, "Mars/Base"),
                     PC_ENOTFOUND);
    assert_int_equal(ev.time, 42);

    /* Invalid input. */
    pc_civil bad = {2024, 2, 30, 0, 0, 0};
    assert_int_equal(pc_event_set_local_time(&ev, &bad, 0, NULL, NULL), PC_EINVAL);
    assert_int_equal(pc_event_set_local_time(&ev, &c, 25 * 60, NULL, NULL), PC_EINVAL);
    assert_int_equal(ev.time, 42);

    /* A zone resolved by the caller: the same conversions, ignoring the location. */
    ev.location.country = "JP";
    assert_int_equal(pc_event_set_zone_time(&ev, &c, "America/New_York"), 0);
    assert_int_equal(ev.time, 1709649120);
    assert_int_equal(ev.utc_offset, -300);
    assert_int_equal(pc_event_set_zone_time(&ev, &gap, "America/New_York"), 0);
    assert_int_equal(ev.time, 1710055800);
    assert_int_equal(ev.utc_offset, -240);
    ev.time = 42;
    assert_int_equal(pc_event_set_zone_time(&ev, &c, "Mars/Base"), PC_ENOTFOUND);
    assert_int_equal(pc_event_set_zone_time(&ev, &bad, "Europe/Berlin"), PC_EINVAL);
    assert_int_equal(pc_event_set_zone_time(&ev, &c, NULL), PC_EINVAL);
    assert_int_equal(ev.time, 42);
    ev.location.country = NULL;
}

/* ------------------------------------------------------------------------------------------- */

static void expect_clean(const char *in, size_t len, const char *want)
{
    char *got = pc_text_clean(in, len);
    if (want == NULL && got == NULL)
        return;
    if (want == NULL || got == NULL || strcmp(got, want) != 0) {
        char msg[512];
        snprintf(msg, sizeof(msg), "clean(\"%s\") = \"%s\", want \"%s\"", in, got ? got : "(null)",
                 want ? want : "(null)");
        free(got);
        fail_msg("%s", msg);
    }
    free(got);
}

static void test_clean_entities(void **state)
{
    (void)state;
    size_t all = (size_t)-1;
    expect_clean("USPS Tracking&lt;SUP&gt;&amp;#153;&lt;/SUP&gt;", all, "USPS Tracking\u2122");
    expect_clean("USPS Tracking&amp;lt;SUP&amp;gt;&amp;amp;#153;&amp;lt;/SUP&amp;gt;", all,
                 "USPS Tracking\u2122");
    expect_clean("Priority Mail Express 1-Day&lt;SUP&gt;&#153;&lt;/SUP&gt;", all,
                 "Priority Mail Express 1-Day\u2122");
    expect_clean("&#x2122; &#8482; &trade;", all, "\u2122 \u2122 \u2122");
    expect_clean("Caf&eacute; &Eacute;cole &egrave;&agrave;&ccedil;&ocirc;", all,
                 "Caf\u00e9 \u00c9cole \u00e8\u00e0\u00e7\u00f4");
    expect_clean("Stra&szlig;e &Uuml;ber &uuml;&auml;&ouml;", all,
                 "Stra\u00dfe \u00dcber \u00fc\u00e4\u00f6");
    expect_clean("&copy; &reg; &quot;x&quot; &apos;y&#39;", all, "\u00a9 \u00ae \"x\" 'y'");
    expect_clean("&nbsp;A&nbsp;&nbsp;B&#160;", all, "A B");
    expect_clean("AT&amp;T and AT&T", all, "AT&T and AT&T");
    expect_clean("a &lt; b &gt; c", all, "a < b > c");
    expect_clean("&unknown; &amp &#; &#x;", all, "&unknown; &amp &#; &#x;");
    expect_clean("&#150; &#151; &#128; &#146;", all, "\u2013 \u2014 \u20ac \u2019");
    expect_clean("x&#129;y&#0;z&#xD800;w&#x110000;v", all, "xyzwv");
    expect_clean("&#65&#66;", all, "AB");
    expect_clean("&#x1F4E6;", all, "\U0001F4E6");
    /* Three decoding passes at most: a quadruple escape keeps one level. */
    expect_clean("&amp;amp;amp;lt;", all, "&lt;");
}

static void test_clean_tags_blanks_utf8(void **state)
{
    (void)state;
    size_t all = (size_t)-1;
    expect_clean("DELIVERED ", all, "DELIVERED");
    expect_clean("Barcelona - Spain \n ", all, "Barcelona - Spain");
    expect_clean("  In\ttransit\r\nto   hub  ", all, "In transit to hub");
    expect_clean("Line1<br/>Line2<BR>Line3", all, "Line1 Line2 Line3");
    expect_clean("<b>Bold</b> text <span class=\"x\">here</span>", all, "Bold text here");
    expect_clean("<p>Para</p><p>Two</p>", all, "Para Two");
    expect_clean("<!-- note -->Text", all, "Text");
    expect_clean("5 < 6 and x <y", all, "5 < 6 and x <y");
    expect_clean("A\x01"
                 "B\x7f"
                 "C",
                 all, "ABC");
    expect_clean("Z\xc3\xbcrich", all, "Z\u00fcrich");
    expect_clean("Caf\xe9 au lait", all, "Caf au lait");
    expect_clean("\xc3\x28x", all, "(x");
    expect_clean("a\xc0\xafz", all, "az");         /* overlong '/' */
    expect_clean("a\xed\xa0\x80z", all, "az");     /* surrogate */
    expect_clean("a\xf4\x90\x80\x80z", all, "az"); /* above U+10FFFF */
    expect_clean("abc\xe2\x82", all, "abc");       /* truncated */
    expect_clean("A\xc2\xa0\xc2\xa0"
                 "B",
                 all, "A B"); /* raw no-break spaces */
    expect_clean("A\xe2\x80\x8b"
                 "B\xef\xbb\xbf",
                 all, "AB");
    expect_clean("", all, NULL);
    expect_clean("   \n\t ", all, NULL);
    expect_clean("<br/>", all, NULL);
    expect_clean("&nbsp;", all, NULL);
    expect_clean(NULL, all, NULL);
    expect_clean("DELIVERED extra", 9, "DELIVERED");
    expect_clean("AB&amp;", 4, "AB&a");
    expect_clean("AB", 0, NULL);
}

static void test_set_clean(void **state)
{
    (void)state;
    char *field = strdup("old");
    assert_non_null(field);
    assert_int_equal(pc_set_clean(&field, " New&nbsp;value ", (size_t)-1), 0);
    assert_string_equal(field, "New value");
    assert_int_equal(pc_set_clean(&field, "  ", (size_t)-1), 0);
    assert_null(field);
    assert_int_equal(pc_set_clean(&field, "x", (size_t)-1), 0);
    assert_string_equal(field, "x");
    assert_int_equal(pc_set_clean(&field, NULL, (size_t)-1), 0);
    assert_null(field);
}

/* ------------------------------------------------------------------------------------------- */

static void expect_country(const char *in, const char *want)
{
    const char *got = pc_country_iso2(in, (size_t)-1);
    if (want == NULL && got == NULL)
        return;
    if (want == NULL || got == NULL || strcmp(got, want) != 0)
        fail_msg("country(\"%s\") = %s, want %s", in ? in : "NULL", got ? got : "NULL",
                 want ? want : "NULL");
}

static void test_countries(void **state)
{
    (void)state;
    struct {
        const char *in, *want;
    } rows[] = {
        {"us", "US"},
        {"USA", "US"},
        {"U.S.A.", "US"},
        {"UNITED STATES", "US"},
        {"United States of America", "US"},
        {"Etats-Unis", "US"},
        {"\u00c9tats-Unis", "US"},
        {"Estados Unidos", "US"},
        {"gbr", "GB"},
        {"UK", "GB"},
        {"United Kingdom", "GB"},
        {"Royaume-Uni", "GB"},
        {"Great Britain", "GB"},
        {"DE", "DE"},
        {"deu", "DE"},
        {"Deutschland", "DE"},
        {"Allemagne", "DE"},
        {"  germany  ", "DE"},
        {"FRA", "FR"},
        {"France", "FR"},
        {"Frankreich", "FR"},
        {"Spain", "ES"},
        {"Espagne", "ES"},
        {"Espa\u00f1a", "ES"},
        {"Belgique", "BE"},
        {"Belgi\u00eb", "BE"},
        {"Brasil", "BR"},
        {"Br\u00e9sil", "BR"},
        {"Nederland", "NL"},
        {"the Netherlands", "NL"},
        {"Pays-Bas", "NL"},
        {"\u00d6sterreich", "AT"},
        {"\u00d6STERREICH", "AT"},
        {"Schweiz", "CH"},
        {"Suisse", "CH"},
        {"Italie", "IT"},
        {"Italien", "IT"},
        {"C\u00f4te d\u2019Ivoire", "CI"},
        {"Cote d'Ivoire", "CI"},
        {"Korea, Republic of", "KR"},
        {"South Korea", "KR"},
        {"Viet Nam", "VN"},
        {"T\u00fcrkiye", "TR"},
        {"Turkey", "TR"},
        {"St. Lucia", "LC"},
        {"Saint Lucia", "LC"},
        {"Bosnia & Herzegovina", "BA"},
        {"Trinidad and Tobago", "TT"},
        {"Russian Federation", "RU"},
        {"Czechia", "CZ"},
        {"Czech Republic", "CZ"},
        {"\u010cesko", "CZ"},
        {"Cura\u00e7ao", "CW"},
        {"R\u00e9union", "RE"},
        {"\u00c5land Islands", "AX"},
        {"China", "CN"},
        {"Japan", "JP"},
        {"India", "IN"},
        {"Canada", "CA"},
        {"Australia", "AU"},
        {"Mexico", "MX"},
        {"M\u00e9xico", "MX"},
        {"Narnia", NULL},
        {"", NULL},
        {"   ", NULL},
        {"X", NULL},
        {"ZZ", NULL},
        {"XYZ", NULL},
        {"United", NULL},
        {"\xff\xfe", NULL},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        expect_country(rows[i].in, rows[i].want);
    expect_country(NULL, NULL);
    assert_string_equal(pc_country_iso2("FRANCE extra", 6), "FR");
    assert_string_equal(pc_country_iso2("usa", 2), "US");

    /* Every alpha-2 code maps to itself; count alpha-3 codes. */
    int n3 = 0;
    char c3[4] = "AAA";
    for (char a = 'A'; a <= 'Z'; a++) {
        for (char b = 'A'; b <= 'Z'; b++) {
            char c2[3] = {a, b, '\0'};
            const char *r = pc_country_iso2(c2, 2);
            if (r && strcmp(c2, "UK") != 0 && strcmp(c2, "EL") != 0)
                assert_string_equal(r, c2);
            for (char c = 'A'; c <= 'Z'; c++) {
                c3[0] = a;
                c3[1] = b;
                c3[2] = c;
                if (pc_country_iso2(c3, 3))
                    n3++;
            }
        }
    }
    assert_int_equal(n3, 249 + 3); /* plus the 3-letter names UAE, PRC and DRC */
}

static void test_code_map(void **state)
{
    (void)state;
    static const pc_code_map table[] = {
        /* sorted by code in strcmp order, as pc_code_map_find requires */
        {"01", PC_STATUS_INFO_RECEIVED, NULL},
        {"AR", PC_STATUS_IN_TRANSIT, NULL},
        {"D", PC_STATUS_DELIVERED, "delivered.signed"},
        {"X1", PC_STATUS_EXCEPTION, "exception.customs"},
    };
    size_t n = sizeof(table) / sizeof(table[0]);
    const pc_code_map *row = pc_code_map_find(table, n, "D", (size_t)-1);
    assert_non_null(row);
    assert_int_equal(row->status, PC_STATUS_DELIVERED);
    assert_string_equal(row->substatus, "delivered.signed");
    row = pc_code_map_find(table, n, "01", (size_t)-1);
    assert_non_null(row);
    assert_int_equal(row->status, PC_STATUS_INFO_RECEIVED);
    assert_null(pc_code_map_find(table, n, "1", (size_t)-1)); /* leading zeros matter */
    assert_null(pc_code_map_find(table, n, "d", (size_t)-1)); /* case matters */
    assert_null(pc_code_map_find(table, n, "A", (size_t)-1));
    assert_null(pc_code_map_find(table, n, "ARX", (size_t)-1));
    row = pc_code_map_find(table, n, "X1 trailing", 2);
    assert_non_null(row);
    assert_int_equal(row->status, PC_STATUS_EXCEPTION);
    assert_null(pc_code_map_find(table, n, "", 0));
    assert_null(pc_code_map_find(NULL, 0, "D", 1));
    assert_null(pc_code_map_find(table, n, NULL, 0));
}

/* Every alpha-2 code is found (the table is searched by bisection, so it must stay sorted). */
static void test_country_codes_all_found(void **state)
{
    (void)state;
    char code[3] = {0};
    int found = 0;
    for (char a = 'A'; a <= 'Z'; a++) {
        for (char b = 'A'; b <= 'Z'; b++) {
            code[0] = a;
            code[1] = b;
            const char *iso = pc_country_iso2(code, 2);
            if (iso && strcmp(iso, code) == 0)
                found++;              /* others are aliases: EL -> GR, UK -> GB */
            code[0] = (char)(a + 32); /* lower case too */
            const char *lower = pc_country_iso2(code, 2);
            assert_true(lower == iso || (lower && iso && strcmp(lower, iso) == 0));
        }
    }
    assert_int_equal(found, 249);
}

/* core/internal.h: the country-name table, for this check. */
const char *pc__country_name_at(size_t i, const char **ret_iso2);

/* The name table is searched by bisection: it must stay sorted, and every name is found. */
static void test_country_names_sorted_and_found(void **state)
{
    (void)state;
    const char *iso2, *prev = NULL, *key;
    size_t i = 0;
    for (; (key = pc__country_name_at(i, &iso2)) != NULL; i++) {
        if (prev && strcmp(prev, key) >= 0)
            fail_msg("country_names[%zu] \"%s\" not after \"%s\"", i, key, prev);
        const char *got = pc_country_iso2(key, strlen(key));
        if (!got || strcmp(got, iso2) != 0)
            fail_msg("\"%s\": got %s, want %s", key, got ? got : "NULL", iso2);
        prev = key;
    }
    assert_true(i > 600);
    assert_string_equal(pc_country_iso2("Deutschland", 11), "DE");
    assert_string_equal(pc_country_iso2("  united states of america ", (size_t)-1), "US");
    assert_null(pc_country_iso2("atlantis", 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_country_codes_all_found),
        cmocka_unit_test(test_country_names_sorted_and_found),
        cmocka_unit_test(test_zone_us_states),
        cmocka_unit_test(test_zone_us_zip_splits),
        cmocka_unit_test(test_zone_canada),
        cmocka_unit_test(test_zone_australia),
        cmocka_unit_test(test_zone_brazil_mexico_others),
        cmocka_unit_test(test_zone_every_country),
        cmocka_unit_test(test_event_local_time),
        cmocka_unit_test(test_clean_entities),
        cmocka_unit_test(test_clean_tags_blanks_utf8),
        cmocka_unit_test(test_set_clean),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_code_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
