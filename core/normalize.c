/* Normalization helpers: zone from location, carrier text clean-up, country codes, code tables.
 *
 * The country and entity tables are data: they were generated once from iso-codes
 * (iso_3166-1.json), tzdata's zone.tab and Python's html.entities, then checked in. A country's
 * zone is the one most of its people live in; the few countries whose zones differ by more than
 * a rounding (US, CA, AU) have no default and need a region.
 */
#include "internal.h"

#include <parcelcast/error.h>
#include <parcelcast/normalize.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#define KEY_MAX 96 /* longest normalized name we try to match */

/* ---------------------------------------------------------------------------------------------
 * Name keys: "  Côte d'Ivoire " -> "cote divoire", "St. Lucia" -> "saint lucia",
 * "The Bahamas" -> "bahamas", "Bosnia & Herzegovina" -> "bosnia and herzegovina".
 */

/* One row per 16 code points, U+00C0 to U+017F. */
/* clang-format off */
static const char *const fold_c0_17f[] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};
/* clang-format on */
_Static_assert(sizeof(fold_c0_17f) / sizeof(fold_c0_17f[0]) == 0x180 - 0xC0, "fold table size");

static size_t append(char *dst, size_t o, size_t cap, const char *s, size_t n, bool *ok)
{
    if (o + n >= cap) {
        *ok = false;
        return o;
    }
    memcpy(dst + o, s, n);
    return o + n;
}

static bool ascii_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool ascii_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char ascii_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/*
 * Decode one UTF-8 sequence at s (n bytes available).
 * @return its length and *ret_cp, or 0 for an invalid, overlong, surrogate or truncated sequence.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *ret_cp)
{
    uint32_t cp;
    size_t len;
    unsigned char c = s[0];
    if (c < 0x80) {
        *ret_cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *ret_cp = cp;
    return len;
}

/*
 * Match key of s[0..len): ASCII lower case, Latin accents folded ("é" -> "e", "ß" -> "ss"),
 * '.' and apostrophes dropped, '&' read as "and", any other punctuation a single blank, the
 * token "st" read as "saint" and a leading "the" dropped.
 * @return false when the key does not fit in KEY_MAX bytes.
 */
static bool make_key(const char *s, size_t len, char *key)
{
    char tmp[KEY_MAX * 2];
    size_t o = 0, i = 0;
    bool ok = true;
    const unsigned char *u = (const unsigned char *)s;

    while (i < len && ok) {
        unsigned char c = u[i];
        if (ascii_alpha(c) || ascii_digit(c)) {
            char lc = ascii_lower((char)c);
            o = append(tmp, o, sizeof(tmp), &lc, 1, &ok);
            i++;
        } else if (c == '.' || c == '\'') {
            i++;
        } else if (c == '&') {
            o = append(tmp, o, sizeof(tmp), " and ", 5, &ok);
            i++;
        } else if (c < 0x80) {
            o = append(tmp, o, sizeof(tmp), " ", 1, &ok);
            i++;
        } else {
            uint32_t cp;
            size_t k = utf8_decode(u + i, len - i, &cp);
            if (k == 0) {
                k = 1;
                cp = ' ';
            }
            if (cp >= 0xC0 && cp <= 0x17F) {
                const char *f = fold_c0_17f[cp - 0xC0];
                o = append(tmp, o, sizeof(tmp), f, strlen(f), &ok);
            } else if (cp != 0x2019) { /* right single quote, as in "Côte d’Ivoire" */
                o = append(tmp, o, sizeof(tmp), " ", 1, &ok);
            }
            i += k;
        }
    }
    if (!ok)
        return false;
    tmp[o] = '\0';

    /* Tokens: collapse blanks, st -> saint, drop a leading "the". */
    size_t ko = 0;
    bool first = true;
    char *p = tmp;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t wl = (size_t)(p - w);
        if (first && wl == 3 && memcmp(w, "the", 3) == 0 && *p) {
            first = false;
            continue;
        }
        first = false;
        if (ko > 0)
            ko = append(key, ko, KEY_MAX, " ", 1, &ok);
        if (wl == 2 && memcmp(w, "st", 2) == 0)
            ko = append(key, ko, KEY_MAX, "saint", 5, &ok);
        else
            ko = append(key, ko, KEY_MAX, w, wl, &ok);
    }
    if (!ok)
        return false;
    key[ko] = '\0';
    return true;
}

/* Trim blanks of s[0..*len); len (size_t)-1 means up to NUL. */
static const char *trim(const char *s, size_t *len)
{
    size_t n = (*len == (size_t)-1) ? strlen(s) : strnlen(s, *len);
    while (n > 0 && ascii_blank((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && ascii_blank((unsigned char)s[n - 1]))
        n--;
    *len = n;
    return s;
}

static bool eq_ci(const char *a, size_t an, const char *b)
{
    size_t i;
    for (i = 0; i < an; i++) {
        if (b[i] == '\0' || ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    }
    return b[i] == '\0';
}

/* ---------------------------------------------------------------------------------------------
 * Countries
 */

typedef struct country_row {
    const char *iso2;
    const char *iso3;
    const char *zone; /**< main zone; NULL when the country needs a region (US, CA, AU...) */
} country_row;

typedef struct country_name {
    const char *key; /**< make_key() form */
    const char *iso2;
} country_name;

static const country_row countries[] = {
    {"AD", "AND", "Europe/Andorra"},
    {"AE", "ARE", "Asia/Dubai"},
    {"AF", "AFG", "Asia/Kabul"},
    {"AG", "ATG", "America/Antigua"},
    {"AI", "AIA", "America/Anguilla"},
    {"AL", "ALB", "Europe/Tirane"},
    {"AM", "ARM", "Asia/Yerevan"},
    {"AO", "AGO", "Africa/Luanda"},
    {"AQ", "ATA", NULL},
    {"AR", "ARG", "America/Argentina/Buenos_Aires"},
    {"AS", "ASM", "Pacific/Pago_Pago"},
    {"AT", "AUT", "Europe/Vienna"},
    {"AU", "AUS", NULL},
    {"AW", "ABW", "America/Aruba"},
    {"AX", "ALA", "Europe/Mariehamn"},
    {"AZ", "AZE", "Asia/Baku"},
    {"BA", "BIH", "Europe/Sarajevo"},
    {"BB", "BRB", "America/Barbados"},
    {"BD", "BGD", "Asia/Dhaka"},
    {"BE", "BEL", "Europe/Brussels"},
    {"BF", "BFA", "Africa/Ouagadougou"},
    {"BG", "BGR", "Europe/Sofia"},
    {"BH", "BHR", "Asia/Bahrain"},
    {"BI", "BDI", "Africa/Bujumbura"},
    {"BJ", "BEN", "Africa/Porto-Novo"},
    {"BL", "BLM", "America/St_Barthelemy"},
    {"BM", "BMU", "Atlantic/Bermuda"},
    {"BN", "BRN", "Asia/Brunei"},
    {"BO", "BOL", "America/La_Paz"},
    {"BQ", "BES", "America/Kralendijk"},
    {"BR", "BRA", "America/Sao_Paulo"},
    {"BS", "BHS", "America/Nassau"},
    {"BT", "BTN", "Asia/Thimphu"},
    {"BV", "BVT", NULL},
    {"BW", "BWA", "Africa/Gaborone"},
    {"BY", "BLR", "Europe/Minsk"},
    {"BZ", "BLZ", "America/Belize"},
    {"CA", "CAN", NULL},
    {"CC", "CCK", "Indian/Cocos"},
    {"CD", "COD", "Africa/Kinshasa"},
    {"CF", "CAF", "Africa/Bangui"},
    {"CG", "COG", "Africa/Brazzaville"},
    {"CH", "CHE", "Europe/Zurich"},
    {"CI", "CIV", "Africa/Abidjan"},
    {"CK", "COK", "Pacific/Rarotonga"},
    {"CL", "CHL", "America/Santiago"},
    {"CM", "CMR", "Africa/Douala"},
    {"CN", "CHN", "Asia/Shanghai"},
    {"CO", "COL", "America/Bogota"},
    {"CR", "CRI", "America/Costa_Rica"},
    {"CU", "CUB", "America/Havana"},
    {"CV", "CPV", "Atlantic/Cape_Verde"},
    {"CW", "CUW", "America/Curacao"},
    {"CX", "CXR", "Indian/Christmas"},
    {"CY", "CYP", "Asia/Nicosia"},
    {"CZ", "CZE", "Europe/Prague"},
    {"DE", "DEU", "Europe/Berlin"},
    {"DJ", "DJI", "Africa/Djibouti"},
    {"DK", "DNK", "Europe/Copenhagen"},
    {"DM", "DMA", "America/Dominica"},
    {"DO", "DOM", "America/Santo_Domingo"},
    {"DZ", "DZA", "Africa/Algiers"},
    {"EC", "ECU", "America/Guayaquil"},
    {"EE", "EST", "Europe/Tallinn"},
    {"EG", "EGY", "Africa/Cairo"},
    {"EH", "ESH", "Africa/El_Aaiun"},
    {"ER", "ERI", "Africa/Asmara"},
    {"ES", "ESP", "Europe/Madrid"},
    {"ET", "ETH", "Africa/Addis_Ababa"},
    {"FI", "FIN", "Europe/Helsinki"},
    {"FJ", "FJI", "Pacific/Fiji"},
    {"FK", "FLK", "Atlantic/Stanley"},
    {"FM", "FSM", "Pacific/Pohnpei"},
    {"FO", "FRO", "Atlantic/Faroe"},
    {"FR", "FRA", "Europe/Paris"},
    {"GA", "GAB", "Africa/Libreville"},
    {"GB", "GBR", "Europe/London"},
    {"GD", "GRD", "America/Grenada"},
    {"GE", "GEO", "Asia/Tbilisi"},
    {"GF", "GUF", "America/Cayenne"},
    {"GG", "GGY", "Europe/Guernsey"},
    {"GH", "GHA", "Africa/Accra"},
    {"GI", "GIB", "Europe/Gibraltar"},
    {"GL", "GRL", "America/Nuuk"},
    {"GM", "GMB", "Africa/Banjul"},
    {"GN", "GIN", "Africa/Conakry"},
    {"GP", "GLP", "America/Guadeloupe"},
    {"GQ", "GNQ", "Africa/Malabo"},
    {"GR", "GRC", "Europe/Athens"},
    {"GS", "SGS", "Atlantic/South_Georgia"},
    {"GT", "GTM", "America/Guatemala"},
    {"GU", "GUM", "Pacific/Guam"},
    {"GW", "GNB", "Africa/Bissau"},
    {"GY", "GUY", "America/Guyana"},
    {"HK", "HKG", "Asia/Hong_Kong"},
    {"HM", "HMD", NULL},
    {"HN", "HND", "America/Tegucigalpa"},
    {"HR", "HRV", "Europe/Zagreb"},
    {"HT", "HTI", "America/Port-au-Prince"},
    {"HU", "HUN", "Europe/Budapest"},
    {"ID", "IDN", "Asia/Jakarta"},
    {"IE", "IRL", "Europe/Dublin"},
    {"IL", "ISR", "Asia/Jerusalem"},
    {"IM", "IMN", "Europe/Isle_of_Man"},
    {"IN", "IND", "Asia/Kolkata"},
    {"IO", "IOT", "Indian/Chagos"},
    {"IQ", "IRQ", "Asia/Baghdad"},
    {"IR", "IRN", "Asia/Tehran"},
    {"IS", "ISL", "Atlantic/Reykjavik"},
    {"IT", "ITA", "Europe/Rome"},
    {"JE", "JEY", "Europe/Jersey"},
    {"JM", "JAM", "America/Jamaica"},
    {"JO", "JOR", "Asia/Amman"},
    {"JP", "JPN", "Asia/Tokyo"},
    {"KE", "KEN", "Africa/Nairobi"},
    {"KG", "KGZ", "Asia/Bishkek"},
    {"KH", "KHM", "Asia/Phnom_Penh"},
    {"KI", "KIR", "Pacific/Tarawa"},
    {"KM", "COM", "Indian/Comoro"},
    {"KN", "KNA", "America/St_Kitts"},
    {"KP", "PRK", "Asia/Pyongyang"},
    {"KR", "KOR", "Asia/Seoul"},
    {"KW", "KWT", "Asia/Kuwait"},
    {"KY", "CYM", "America/Cayman"},
    {"KZ", "KAZ", "Asia/Almaty"},
    {"LA", "LAO", "Asia/Vientiane"},
    {"LB", "LBN", "Asia/Beirut"},
    {"LC", "LCA", "America/St_Lucia"},
    {"LI", "LIE", "Europe/Vaduz"},
    {"LK", "LKA", "Asia/Colombo"},
    {"LR", "LBR", "Africa/Monrovia"},
    {"LS", "LSO", "Africa/Maseru"},
    {"LT", "LTU", "Europe/Vilnius"},
    {"LU", "LUX", "Europe/Luxembourg"},
    {"LV", "LVA", "Europe/Riga"},
    {"LY", "LBY", "Africa/Tripoli"},
    {"MA", "MAR", "Africa/Casablanca"},
    {"MC", "MCO", "Europe/Monaco"},
    {"MD", "MDA", "Europe/Chisinau"},
    {"ME", "MNE", "Europe/Podgorica"},
    {"MF", "MAF", "America/Marigot"},
    {"MG", "MDG", "Indian/Antananarivo"},
    {"MH", "MHL", "Pacific/Majuro"},
    {"MK", "MKD", "Europe/Skopje"},
    {"ML", "MLI", "Africa/Bamako"},
    {"MM", "MMR", "Asia/Yangon"},
    {"MN", "MNG", "Asia/Ulaanbaatar"},
    {"MO", "MAC", "Asia/Macau"},
    {"MP", "MNP", "Pacific/Saipan"},
    {"MQ", "MTQ", "America/Martinique"},
    {"MR", "MRT", "Africa/Nouakchott"},
    {"MS", "MSR", "America/Montserrat"},
    {"MT", "MLT", "Europe/Malta"},
    {"MU", "MUS", "Indian/Mauritius"},
    {"MV", "MDV", "Indian/Maldives"},
    {"MW", "MWI", "Africa/Blantyre"},
    {"MX", "MEX", "America/Mexico_City"},
    {"MY", "MYS", "Asia/Kuala_Lumpur"},
    {"MZ", "MOZ", "Africa/Maputo"},
    {"NA", "NAM", "Africa/Windhoek"},
    {"NC", "NCL", "Pacific/Noumea"},
    {"NE", "NER", "Africa/Niamey"},
    {"NF", "NFK", "Pacific/Norfolk"},
    {"NG", "NGA", "Africa/Lagos"},
    {"NI", "NIC", "America/Managua"},
    {"NL", "NLD", "Europe/Amsterdam"},
    {"NO", "NOR", "Europe/Oslo"},
    {"NP", "NPL", "Asia/Kathmandu"},
    {"NR", "NRU", "Pacific/Nauru"},
    {"NU", "NIU", "Pacific/Niue"},
    {"NZ", "NZL", "Pacific/Auckland"},
    {"OM", "OMN", "Asia/Muscat"},
    {"PA", "PAN", "America/Panama"},
    {"PE", "PER", "America/Lima"},
    {"PF", "PYF", "Pacific/Tahiti"},
    {"PG", "PNG", "Pacific/Port_Moresby"},
    {"PH", "PHL", "Asia/Manila"},
    {"PK", "PAK", "Asia/Karachi"},
    {"PL", "POL", "Europe/Warsaw"},
    {"PM", "SPM", "America/Miquelon"},
    {"PN", "PCN", "Pacific/Pitcairn"},
    {"PR", "PRI", "America/Puerto_Rico"},
    {"PS", "PSE", "Asia/Hebron"},
    {"PT", "PRT", "Europe/Lisbon"},
    {"PW", "PLW", "Pacific/Palau"},
    {"PY", "PRY", "America/Asuncion"},
    {"QA", "QAT", "Asia/Qatar"},
    {"RE", "REU", "Indian/Reunion"},
    {"RO", "ROU", "Europe/Bucharest"},
    {"RS", "SRB", "Europe/Belgrade"},
    {"RU", "RUS", "Europe/Moscow"},
    {"RW", "RWA", "Africa/Kigali"},
    {"SA", "SAU", "Asia/Riyadh"},
    {"SB", "SLB", "Pacific/Guadalcanal"},
    {"SC", "SYC", "Indian/Mahe"},
    {"SD", "SDN", "Africa/Khartoum"},
    {"SE", "SWE", "Europe/Stockholm"},
    {"SG", "SGP", "Asia/Singapore"},
    {"SH", "SHN", "Atlantic/St_Helena"},
    {"SI", "SVN", "Europe/Ljubljana"},
    {"SJ", "SJM", "Arctic/Longyearbyen"},
    {"SK", "SVK", "Europe/Bratislava"},
    {"SL", "SLE", "Africa/Freetown"},
    {"SM", "SMR", "Europe/San_Marino"},
    {"SN", "SEN", "Africa/Dakar"},
    {"SO", "SOM", "Africa/Mogadishu"},
    {"SR", "SUR", "America/Paramaribo"},
    {"SS", "SSD", "Africa/Juba"},
    {"ST", "STP", "Africa/Sao_Tome"},
    {"SV", "SLV", "America/El_Salvador"},
    {"SX", "SXM", "America/Lower_Princes"},
    {"SY", "SYR", "Asia/Damascus"},
    {"SZ", "SWZ", "Africa/Mbabane"},
    {"TC", "TCA", "America/Grand_Turk"},
    {"TD", "TCD", "Africa/Ndjamena"},
    {"TF", "ATF", "Indian/Kerguelen"},
    {"TG", "TGO", "Africa/Lome"},
    {"TH", "THA", "Asia/Bangkok"},
    {"TJ", "TJK", "Asia/Dushanbe"},
    {"TK", "TKL", "Pacific/Fakaofo"},
    {"TL", "TLS", "Asia/Dili"},
    {"TM", "TKM", "Asia/Ashgabat"},
    {"TN", "TUN", "Africa/Tunis"},
    {"TO", "TON", "Pacific/Tongatapu"},
    {"TR", "TUR", "Europe/Istanbul"},
    {"TT", "TTO", "America/Port_of_Spain"},
    {"TV", "TUV", "Pacific/Funafuti"},
    {"TW", "TWN", "Asia/Taipei"},
    {"TZ", "TZA", "Africa/Dar_es_Salaam"},
    {"UA", "UKR", "Europe/Kyiv"},
    {"UG", "UGA", "Africa/Kampala"},
    {"UM", "UMI", NULL},
    {"US", "USA", NULL},
    {"UY", "URY", "America/Montevideo"},
    {"UZ", "UZB", "Asia/Tashkent"},
    {"VA", "VAT", "Europe/Vatican"},
    {"VC", "VCT", "America/St_Vincent"},
    {"VE", "VEN", "America/Caracas"},
    {"VG", "VGB", "America/Tortola"},
    {"VI", "VIR", "America/St_Thomas"},
    {"VN", "VNM", "Asia/Ho_Chi_Minh"},
    {"VU", "VUT", "Pacific/Efate"},
    {"WF", "WLF", "Pacific/Wallis"},
    {"WS", "WSM", "Pacific/Apia"},
    {"YE", "YEM", "Asia/Aden"},
    {"YT", "MYT", "Indian/Mayotte"},
    {"ZA", "ZAF", "Africa/Johannesburg"},
    {"ZM", "ZMB", "Africa/Lusaka"},
    {"ZW", "ZWE", "Africa/Harare"},
};

static const country_name country_names[] = {
    {"afghanistan", "AF"},
    {"africa do sul", "ZA"},
    {"afrique du sud", "ZA"},
    {"agypten", "EG"},
    {"aland islands", "AX"},
    {"albania", "AL"},
    {"alemanha", "DE"},
    {"alemania", "DE"},
    {"algeria", "DZ"},
    {"allemagne", "DE"},
    {"america", "US"},
    {"american samoa", "AS"},
    {"andorra", "AD"},
    {"angola", "AO"},
    {"anguilla", "AI"},
    {"antarctica", "AQ"},
    {"antigua and barbuda", "AG"},
    {"arab republic of egypt", "EG"},
    {"arabia saudita", "SA"},
    {"arabie saoudite", "SA"},
    {"argentina", "AR"},
    {"argentine", "AR"},
    {"argentine republic", "AR"},
    {"argentinien", "AR"},
    {"armenia", "AM"},
    {"aruba", "AW"},
    {"australia", "AU"},
    {"australie", "AU"},
    {"australien", "AU"},
    {"austria", "AT"},
    {"autriche", "AT"},
    {"azerbaijan", "AZ"},
    {"bahamas", "BS"},
    {"bahrain", "BH"},
    {"bangladesh", "BD"},
    {"barbados", "BB"},
    {"belarus", "BY"},
    {"belgica", "BE"},
    {"belgie", "BE"},
    {"belgien", "BE"},
    {"belgio", "BE"},
    {"belgique", "BE"},
    {"belgium", "BE"},
    {"belize", "BZ"},
    {"benin", "BJ"},
    {"bermuda", "BM"},
    {"bhutan", "BT"},
    {"bolivarian republic of venezuela", "VE"},
    {"bolivia", "BO"},
    {"bolivia plurinational state of", "BO"},
    {"bonaire sint eustatius and saba", "BQ"},
    {"bosnia and herzegovina", "BA"},
    {"botswana", "BW"},
    {"bouvet island", "BV"},
    {"brasil", "BR"},
    {"brasile", "BR"},
    {"brasilien", "BR"},
    {"brazil", "BR"},
    {"bresil", "BR"},
    {"britain", "GB"},
    {"british indian ocean territory", "IO"},
    {"british virgin islands", "VG"},
    {"brunei", "BN"},
    {"brunei darussalam", "BN"},
    {"bulgaria", "BG"},
    {"bulgarie", "BG"},
    {"bulgarien", "BG"},
    {"bundesrepublik deutschland", "DE"},
    {"burkina faso", "BF"},
    {"burma", "MM"},
    {"burundi", "BI"},
    {"cabo verde", "CV"},
    {"cambodia", "KH"},
    {"cameroon", "CM"},
    {"canada", "CA"},
    {"cape verde", "CV"},
    {"cayman islands", "KY"},
    {"central african republic", "CF"},
    {"cesko", "CZ"},
    {"chad", "TD"},
    {"chequia", "CZ"},
    {"chile", "CL"},
    {"chili", "CL"},
    {"china", "CN"},
    {"chine", "CN"},
    {"chipre", "CY"},
    {"christmas island", "CX"},
    {"chypre", "CY"},
    {"cina", "CN"},
    {"cocos keeling islands", "CC"},
    {"colombia", "CO"},
    {"colombie", "CO"},
    {"commonwealth of dominica", "DM"},
    {"commonwealth of the bahamas", "BS"},
    {"commonwealth of the northern mariana islands", "MP"},
    {"comoros", "KM"},
    {"congo", "CG"},
    {"congo brazzaville", "CG"},
    {"congo kinshasa", "CD"},
    {"congo the democratic republic of the", "CD"},
    {"cook islands", "CK"},
    {"corea del sur", "KR"},
    {"coree du sud", "KR"},
    {"coreia do sul", "KR"},
    {"costa rica", "CR"},
    {"cote divoire", "CI"},
    {"croacia", "HR"},
    {"croatia", "HR"},
    {"croatie", "HR"},
    {"cuba", "CU"},
    {"curacao", "CW"},
    {"cyprus", "CY"},
    {"czech republic", "CZ"},
    {"czechia", "CZ"},
    {"danemark", "DK"},
    {"danimarca", "DK"},
    {"danmark", "DK"},
    {"democratic peoples republic of korea", "KP"},
    {"democratic republic of sao tome and principe", "ST"},
    {"democratic republic of the congo", "CD"},
    {"democratic republic of timor leste", "TL"},
    {"democratic socialist republic of sri lanka", "LK"},
    {"denemarken", "DK"},
    {"denmark", "DK"},
    {"deutschland", "DE"},
    {"dinamarca", "DK"},
    {"djibouti", "DJ"},
    {"dominica", "DM"},
    {"dominican republic", "DO"},
    {"dr congo", "CD"},
    {"drc", "CD"},
    {"duitsland", "DE"},
    {"east timor", "TL"},
    {"eastern republic of uruguay", "UY"},
    {"ecuador", "EC"},
    {"ee uu", "US"},
    {"eeuu", "US"},
    {"egipto", "EG"},
    {"egito", "EG"},
    {"egypt", "EG"},
    {"egypte", "EG"},
    {"eire", "IE"},
    {"el salvador", "SV"},
    {"elfenbeinkuste", "CI"},
    {"emiratos arabes unidos", "AE"},
    {"emirats arabes unis", "AE"},
    {"england", "GB"},
    {"equatorial guinea", "GQ"},
    {"eritrea", "ER"},
    {"eslovaquia", "SK"},
    {"eslovenia", "SI"},
    {"espagne", "ES"},
    {"espana", "ES"},
    {"espanha", "ES"},
    {"estados unidos", "US"},
    {"estados unidos da america", "US"},
    {"estland", "EE"},
    {"estonia", "EE"},
    {"estonie", "EE"},
    {"eswatini", "SZ"},
    {"etats unis", "US"},
    {"etats unis damerique", "US"},
    {"ethiopia", "ET"},
    {"falkland islands", "FK"},
    {"falkland islands malvinas", "FK"},
    {"faroe islands", "FO"},
    {"federal democratic republic of ethiopia", "ET"},
    {"federal democratic republic of nepal", "NP"},
    {"federal republic of germany", "DE"},
    {"federal republic of nigeria", "NG"},
    {"federal republic of somalia", "SO"},
    {"federated states of micronesia", "FM"},
    {"federative republic of brazil", "BR"},
    {"fiji", "FJ"},
    {"filipinas", "PH"},
    {"finland", "FI"},
    {"finlande", "FI"},
    {"finlandia", "FI"},
    {"finnland", "FI"},
    {"franca", "FR"},
    {"france", "FR"},
    {"francia", "FR"},
    {"frankreich", "FR"},
    {"frankrijk", "FR"},
    {"french guiana", "GF"},
    {"french polynesia", "PF"},
    {"french republic", "FR"},
    {"french southern territories", "TF"},
    {"gabon", "GA"},
    {"gabonese republic", "GA"},
    {"gambia", "GM"},
    {"georgia", "GE"},
    {"germania", "DE"},
    {"germany", "DE"},
    {"ghana", "GH"},
    {"giappone", "JP"},
    {"gibraltar", "GI"},
    {"gra bretanha", "GB"},
    {"gran bretana", "GB"},
    {"grand duchy of luxembourg", "LU"},
    {"grande bretagne", "GB"},
    {"great britain", "GB"},
    {"grece", "GR"},
    {"grecia", "GR"},
    {"greece", "GR"},
    {"greenland", "GL"},
    {"grenada", "GD"},
    {"griechenland", "GR"},
    {"grossbritannien", "GB"},
    {"guadeloupe", "GP"},
    {"guam", "GU"},
    {"guatemala", "GT"},
    {"guernsey", "GG"},
    {"guinea", "GN"},
    {"guinea bissau", "GW"},
    {"guyana", "GY"},
    {"haiti", "HT"},
    {"hashemite kingdom of jordan", "JO"},
    {"heard island and mcdonald islands", "HM"},
    {"hellas", "GR"},
    {"hellenic republic", "GR"},
    {"holland", "NL"},
    {"holy see vatican city state", "VA"},
    {"honduras", "HN"},
    {"hong kong", "HK"},
    {"hong kong special administrative region of china", "HK"},
    {"hongkong", "HK"},
    {"hongrie", "HU"},
    {"hrvatska", "HR"},
    {"hungary", "HU"},
    {"hungria", "HU"},
    {"iceland", "IS"},
    {"ierland", "IE"},
    {"inde", "IN"},
    {"independent state of papua new guinea", "PG"},
    {"independent state of samoa", "WS"},
    {"india", "IN"},
    {"indien", "IN"},
    {"indonesia", "ID"},
    {"indonesie", "ID"},
    {"indonesien", "ID"},
    {"inglaterra", "GB"},
    {"iran", "IR"},
    {"iran islamic republic of", "IR"},
    {"iraq", "IQ"},
    {"ireland", "IE"},
    {"irland", "IE"},
    {"irlanda", "IE"},
    {"irlande", "IE"},
    {"islamic republic of afghanistan", "AF"},
    {"islamic republic of iran", "IR"},
    {"islamic republic of mauritania", "MR"},
    {"islamic republic of pakistan", "PK"},
    {"island", "IS"},
    {"islande", "IS"},
    {"islandia", "IS"},
    {"isle of man", "IM"},
    {"israel", "IL"},
    {"italia", "IT"},
    {"italian republic", "IT"},
    {"italie", "IT"},
    {"italien", "IT"},
    {"italy", "IT"},
    {"ivory coast", "CI"},
    {"jamaica", "JM"},
    {"japan", "JP"},
    {"japao", "JP"},
    {"japon", "JP"},
    {"jersey", "JE"},
    {"jordan", "JO"},
    {"kanada", "CA"},
    {"kazakhstan", "KZ"},
    {"kenya", "KE"},
    {"kingdom of bahrain", "BH"},
    {"kingdom of belgium", "BE"},
    {"kingdom of bhutan", "BT"},
    {"kingdom of cambodia", "KH"},
    {"kingdom of denmark", "DK"},
    {"kingdom of eswatini", "SZ"},
    {"kingdom of lesotho", "LS"},
    {"kingdom of morocco", "MA"},
    {"kingdom of norway", "NO"},
    {"kingdom of saudi arabia", "SA"},
    {"kingdom of spain", "ES"},
    {"kingdom of sweden", "SE"},
    {"kingdom of thailand", "TH"},
    {"kingdom of the netherlands", "NL"},
    {"kingdom of tonga", "TO"},
    {"kiribati", "KI"},
    {"kolumbien", "CO"},
    {"korea", "KR"},
    {"korea democratic peoples republic of", "KP"},
    {"korea republic of", "KR"},
    {"kroatien", "HR"},
    {"kuwait", "KW"},
    {"kyrgyz republic", "KG"},
    {"kyrgyzstan", "KG"},
    {"lao peoples democratic republic", "LA"},
    {"laos", "LA"},
    {"latvia", "LV"},
    {"lebanese republic", "LB"},
    {"lebanon", "LB"},
    {"lesotho", "LS"},
    {"lettland", "LV"},
    {"lettonie", "LV"},
    {"liberia", "LR"},
    {"libya", "LY"},
    {"liechtenstein", "LI"},
    {"litauen", "LT"},
    {"lithuania", "LT"},
    {"lituanie", "LT"},
    {"lussemburgo", "LU"},
    {"luxembourg", "LU"},
    {"luxemburg", "LU"},
    {"luxemburgo", "LU"},
    {"macao", "MO"},
    {"macao special administrative region of china", "MO"},
    {"macau", "MO"},
    {"macedonia", "MK"},
    {"madagascar", "MG"},
    {"malaisie", "MY"},
    {"malawi", "MW"},
    {"malaysia", "MY"},
    {"maldives", "MV"},
    {"mali", "ML"},
    {"malta", "MT"},
    {"malte", "MT"},
    {"maroc", "MA"},
    {"marokko", "MA"},
    {"marrocos", "MA"},
    {"marruecos", "MA"},
    {"marshall islands", "MH"},
    {"martinique", "MQ"},
    {"mauritania", "MR"},
    {"mauritius", "MU"},
    {"mayotte", "YT"},
    {"mexico", "MX"},
    {"mexiko", "MX"},
    {"mexique", "MX"},
    {"micronesia", "FM"},
    {"micronesia federated states of", "FM"},
    {"moldova", "MD"},
    {"moldova republic of", "MD"},
    {"monaco", "MC"},
    {"mongolia", "MN"},
    {"montenegro", "ME"},
    {"montserrat", "MS"},
    {"morocco", "MA"},
    {"mozambique", "MZ"},
    {"myanmar", "MM"},
    {"namibia", "NA"},
    {"nauru", "NR"},
    {"nederland", "NL"},
    {"nepal", "NP"},
    {"netherlands", "NL"},
    {"neuseeland", "NZ"},
    {"new caledonia", "NC"},
    {"new zealand", "NZ"},
    {"nicaragua", "NI"},
    {"niederlande", "NL"},
    {"niger", "NE"},
    {"nigeria", "NG"},
    {"niue", "NU"},
    {"noorwegen", "NO"},
    {"norfolk island", "NF"},
    {"norge", "NO"},
    {"north korea", "KP"},
    {"north macedonia", "MK"},
    {"northern ireland", "GB"},
    {"northern mariana islands", "MP"},
    {"noruega", "NO"},
    {"norvege", "NO"},
    {"norvegia", "NO"},
    {"norway", "NO"},
    {"norwegen", "NO"},
    {"nouvelle zelande", "NZ"},
    {"nova zelandia", "NZ"},
    {"nueva zelanda", "NZ"},
    {"oman", "OM"},
    {"oostenrijk", "AT"},
    {"osterreich", "AT"},
    {"paesi bassi", "NL"},
    {"paises baixos", "NL"},
    {"paises bajos", "NL"},
    {"pakistan", "PK"},
    {"palau", "PW"},
    {"palestine", "PS"},
    {"palestine state of", "PS"},
    {"panama", "PA"},
    {"papua new guinea", "PG"},
    {"paraguay", "PY"},
    {"pays bas", "NL"},
    {"peoples democratic republic of algeria", "DZ"},
    {"peoples republic of bangladesh", "BD"},
    {"peoples republic of china", "CN"},
    {"perou", "PE"},
    {"peru", "PE"},
    {"philippinen", "PH"},
    {"philippines", "PH"},
    {"pitcairn", "PN"},
    {"plurinational state of bolivia", "BO"},
    {"poland", "PL"},
    {"polen", "PL"},
    {"pologne", "PL"},
    {"polonia", "PL"},
    {"polska", "PL"},
    {"portogallo", "PT"},
    {"portugal", "PT"},
    {"portuguese republic", "PT"},
    {"prc", "CN"},
    {"principality of andorra", "AD"},
    {"principality of liechtenstein", "LI"},
    {"principality of monaco", "MC"},
    {"puerto rico", "PR"},
    {"qatar", "QA"},
    {"regno unito", "GB"},
    {"reino unido", "GB"},
    {"republic of albania", "AL"},
    {"republic of angola", "AO"},
    {"republic of armenia", "AM"},
    {"republic of austria", "AT"},
    {"republic of azerbaijan", "AZ"},
    {"republic of belarus", "BY"},
    {"republic of benin", "BJ"},
    {"republic of bosnia and herzegovina", "BA"},
    {"republic of botswana", "BW"},
    {"republic of bulgaria", "BG"},
    {"republic of burundi", "BI"},
    {"republic of cabo verde", "CV"},
    {"republic of cameroon", "CM"},
    {"republic of chad", "TD"},
    {"republic of chile", "CL"},
    {"republic of colombia", "CO"},
    {"republic of costa rica", "CR"},
    {"republic of cote divoire", "CI"},
    {"republic of croatia", "HR"},
    {"republic of cuba", "CU"},
    {"republic of cyprus", "CY"},
    {"republic of djibouti", "DJ"},
    {"republic of ecuador", "EC"},
    {"republic of el salvador", "SV"},
    {"republic of equatorial guinea", "GQ"},
    {"republic of estonia", "EE"},
    {"republic of fiji", "FJ"},
    {"republic of finland", "FI"},
    {"republic of ghana", "GH"},
    {"republic of guatemala", "GT"},
    {"republic of guinea", "GN"},
    {"republic of guinea bissau", "GW"},
    {"republic of guyana", "GY"},
    {"republic of haiti", "HT"},
    {"republic of honduras", "HN"},
    {"republic of iceland", "IS"},
    {"republic of india", "IN"},
    {"republic of indonesia", "ID"},
    {"republic of iraq", "IQ"},
    {"republic of kazakhstan", "KZ"},
    {"republic of kenya", "KE"},
    {"republic of kiribati", "KI"},
    {"republic of korea", "KR"},
    {"republic of latvia", "LV"},
    {"republic of liberia", "LR"},
    {"republic of lithuania", "LT"},
    {"republic of madagascar", "MG"},
    {"republic of malawi", "MW"},
    {"republic of maldives", "MV"},
    {"republic of mali", "ML"},
    {"republic of malta", "MT"},
    {"republic of mauritius", "MU"},
    {"republic of moldova", "MD"},
    {"republic of mozambique", "MZ"},
    {"republic of myanmar", "MM"},
    {"republic of namibia", "NA"},
    {"republic of nauru", "NR"},
    {"republic of nicaragua", "NI"},
    {"republic of north macedonia", "MK"},
    {"republic of palau", "PW"},
    {"republic of panama", "PA"},
    {"republic of paraguay", "PY"},
    {"republic of peru", "PE"},
    {"republic of poland", "PL"},
    {"republic of san marino", "SM"},
    {"republic of senegal", "SN"},
    {"republic of serbia", "RS"},
    {"republic of seychelles", "SC"},
    {"republic of sierra leone", "SL"},
    {"republic of singapore", "SG"},
    {"republic of slovenia", "SI"},
    {"republic of south africa", "ZA"},
    {"republic of south sudan", "SS"},
    {"republic of suriname", "SR"},
    {"republic of tajikistan", "TJ"},
    {"republic of the congo", "CG"},
    {"republic of the gambia", "GM"},
    {"republic of the marshall islands", "MH"},
    {"republic of the niger", "NE"},
    {"republic of the philippines", "PH"},
    {"republic of the sudan", "SD"},
    {"republic of trinidad and tobago", "TT"},
    {"republic of tunisia", "TN"},
    {"republic of turkiye", "TR"},
    {"republic of uganda", "UG"},
    {"republic of uzbekistan", "UZ"},
    {"republic of vanuatu", "VU"},
    {"republic of yemen", "YE"},
    {"republic of zambia", "ZM"},
    {"republic of zimbabwe", "ZW"},
    {"republica checa", "CZ"},
    {"republica tcheca", "CZ"},
    {"republique francaise", "FR"},
    {"republique tcheque", "CZ"},
    {"reunion", "RE"},
    {"romania", "RO"},
    {"romenia", "RO"},
    {"roumanie", "RO"},
    {"royaume uni", "GB"},
    {"rumania", "RO"},
    {"rumanien", "RO"},
    {"rusia", "RU"},
    {"russia", "RU"},
    {"russian federation", "RU"},
    {"russie", "RU"},
    {"russland", "RU"},
    {"rwanda", "RW"},
    {"rwandese republic", "RW"},
    {"saint barthelemy", "BL"},
    {"saint helena ascension and tristan da cunha", "SH"},
    {"saint kitts and nevis", "KN"},
    {"saint lucia", "LC"},
    {"saint martin french part", "MF"},
    {"saint pierre and miquelon", "PM"},
    {"saint vincent and the grenadines", "VC"},
    {"samoa", "WS"},
    {"san marino", "SM"},
    {"sao tome and principe", "ST"},
    {"saudi arabia", "SA"},
    {"saudi arabien", "SA"},
    {"schweden", "SE"},
    {"schweiz", "CH"},
    {"scotland", "GB"},
    {"senegal", "SN"},
    {"serbia", "RS"},
    {"serbie", "RS"},
    {"serbien", "RS"},
    {"seychelles", "SC"},
    {"sierra leone", "SL"},
    {"singapore", "SG"},
    {"singapour", "SG"},
    {"singapur", "SG"},
    {"sint maarten dutch part", "SX"},
    {"slovak republic", "SK"},
    {"slovakia", "SK"},
    {"slovaquie", "SK"},
    {"slovenia", "SI"},
    {"slovenie", "SI"},
    {"slowakei", "SK"},
    {"slowenien", "SI"},
    {"socialist republic of viet nam", "VN"},
    {"solomon islands", "SB"},
    {"somalia", "SO"},
    {"south africa", "ZA"},
    {"south georgia and the south sandwich islands", "GS"},
    {"south korea", "KR"},
    {"south sudan", "SS"},
    {"spagna", "ES"},
    {"spain", "ES"},
    {"spanien", "ES"},
    {"spanje", "ES"},
    {"sri lanka", "LK"},
    {"state of eritrea", "ER"},
    {"state of israel", "IL"},
    {"state of kuwait", "KW"},
    {"state of palestine", "PS"},
    {"state of qatar", "QA"},
    {"stati uniti", "US"},
    {"sudafrica", "ZA"},
    {"sudafrika", "ZA"},
    {"sudan", "SD"},
    {"sudkorea", "KR"},
    {"suecia", "SE"},
    {"suede", "SE"},
    {"suica", "CH"},
    {"suisse", "CH"},
    {"suiza", "CH"},
    {"sultanate of oman", "OM"},
    {"suomi", "FI"},
    {"suriname", "SR"},
    {"svalbard and jan mayen", "SJ"},
    {"sverige", "SE"},
    {"svezia", "SE"},
    {"svizzera", "CH"},
    {"swaziland", "SZ"},
    {"sweden", "SE"},
    {"swiss confederation", "CH"},
    {"switzerland", "CH"},
    {"syria", "SY"},
    {"syrian arab republic", "SY"},
    {"tailandia", "TH"},
    {"taiwan", "TW"},
    {"taiwan province of china", "TW"},
    {"tajikistan", "TJ"},
    {"tanzania", "TZ"},
    {"tanzania united republic of", "TZ"},
    {"tchequie", "CZ"},
    {"thailand", "TH"},
    {"thailande", "TH"},
    {"timor leste", "TL"},
    {"togo", "TG"},
    {"togolese republic", "TG"},
    {"tokelau", "TK"},
    {"tonga", "TO"},
    {"trinidad and tobago", "TT"},
    {"tschechien", "CZ"},
    {"tschechische republik", "CZ"},
    {"tunisia", "TN"},
    {"turchia", "TR"},
    {"turkei", "TR"},
    {"turkey", "TR"},
    {"turkiye", "TR"},
    {"turkmenistan", "TM"},
    {"turks and caicos islands", "TC"},
    {"turquia", "TR"},
    {"turquie", "TR"},
    {"tuvalu", "TV"},
    {"uae", "AE"},
    {"ucrania", "UA"},
    {"uganda", "UG"},
    {"uk", "GB"},
    {"ukraine", "UA"},
    {"ungarn", "HU"},
    {"ungheria", "HU"},
    {"union of the comoros", "KM"},
    {"united arab emirates", "AE"},
    {"united kingdom", "GB"},
    {"united kingdom of great britain and northern ireland", "GB"},
    {"united mexican states", "MX"},
    {"united republic of tanzania", "TZ"},
    {"united states", "US"},
    {"united states minor outlying islands", "UM"},
    {"united states of america", "US"},
    {"uruguay", "UY"},
    {"us virgin islands", "VI"},
    {"usa", "US"},
    {"uzbekistan", "UZ"},
    {"vanuatu", "VU"},
    {"vatican", "VA"},
    {"vatican city", "VA"},
    {"venezuela", "VE"},
    {"venezuela bolivarian republic of", "VE"},
    {"vereinigte arabische emirate", "AE"},
    {"vereinigte staaten", "US"},
    {"vereinigte staaten von amerika", "US"},
    {"vereinigtes konigreich", "GB"},
    {"verenigd koninkrijk", "GB"},
    {"verenigde staten", "US"},
    {"viet nam", "VN"},
    {"vietnam", "VN"},
    {"virgin islands british", "VG"},
    {"virgin islands of the united states", "VI"},
    {"virgin islands us", "VI"},
    {"volksrepublik china", "CN"},
    {"wales", "GB"},
    {"wallis and futuna", "WF"},
    {"western sahara", "EH"},
    {"yemen", "YE"},
    {"zambia", "ZM"},
    {"zimbabwe", "ZW"},
    {"zweden", "SE"},
    {"zwitserland", "CH"},
    {"zypern", "CY"},
};

/* Codes some carriers use that are not ISO 3166-1. */
static const country_name code_aliases[] = {
    {"UK", "GB"},
    {"EL", "GR"},
};

static const country_row *country_by_code(const char *s, size_t n)
{
    if (n == 2) {
        /* countries[] is sorted by alpha-2 (test_normalize checks it): binary search. */
        char key[3] = {(char)toupper((unsigned char)s[0]), (char)toupper((unsigned char)s[1]), 0};
        size_t lo = 0, hi = sizeof(countries) / sizeof(countries[0]);
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(countries[mid].iso2, key);
            if (c == 0)
                return &countries[mid];
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return NULL;
    }
    for (size_t i = 0; i < sizeof(countries) / sizeof(countries[0]); i++)
        if (n == 3 && eq_ci(s, n, countries[i].iso3))
            return &countries[i];
    return NULL;
}

static bool all_alpha(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!ascii_alpha((unsigned char)s[i]))
            return false;
    }
    return true;
}

static const char *code_lookup(const char *s, size_t n)
{
    if ((n != 2 && n != 3) || !all_alpha(s, n))
        return NULL;
    const country_row *row = country_by_code(s, n);
    if (row)
        return row->iso2;
    for (size_t i = 0; i < sizeof(code_aliases) / sizeof(code_aliases[0]); i++) {
        if (eq_ci(s, n, code_aliases[i].key))
            return code_aliases[i].iso2;
    }
    return NULL;
}

const char *pc_country_iso2(const char *s, size_t len)
{
    char key[KEY_MAX];
    const char *code;

    if (!s)
        return NULL;
    s = trim(s, &len);
    if (len == 0 || len >= KEY_MAX)
        return NULL;
    if ((code = code_lookup(s, len)) != NULL)
        return code;
    if (!make_key(s, len, key) || key[0] == '\0')
        return NULL;
    if ((code = code_lookup(key, strlen(key))) != NULL) /* "U.S.A." */
        return code;
    /* country_names[] is sorted by key (test_normalize checks it): binary search. */
    size_t lo = 0, hi = sizeof(country_names) / sizeof(country_names[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(country_names[mid].key, key);
        if (c == 0)
            return country_names[mid].iso2;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *pc__country_name_at(size_t i, const char **ret_iso2)
{
    if (i >= sizeof(country_names) / sizeof(country_names[0]))
        return NULL;
    *ret_iso2 = country_names[i].iso2;
    return country_names[i].key;
}

static const char *country_zone(const char *iso2)
{
    const country_row *row = country_by_code(iso2, strlen(iso2));
    return row ? row->zone : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Regions. A row matches a region given as its code (any case) or as its name key; a region
 * may have several rows for alternative names. A NULL zone means "known region, no zone"
 * (US military post offices).
 */

typedef struct region_row {
    const char *code;
    const char *key;
    const char *zone;
} region_row;

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

static const region_row *region_find(const region_row *t, size_t n, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i < n; i++) {
        if (eq_ci(key, kl, t[i].code) || strcmp(key, t[i].key) == 0)
            return &t[i];
    }
    return NULL;
}

static const region_row *region_by_code(const region_row *t, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i].code, code) == 0)
            return &t[i];
    }
    return NULL;
}

/* United States: the zone where most of each state's people live; splits below. */
static const region_row us_states[] = {
    {"AL", "alabama", "America/Chicago"},
    {"AK", "alaska", "America/Anchorage"},
    {"AZ", "arizona", "America/Phoenix"}, /* no DST (the Navajo Nation's DST is ignored) */
    {"AR", "arkansas", "America/Chicago"},
    {"CA", "california", "America/Los_Angeles"},
    {"CO", "colorado", "America/Denver"},
    {"CT", "connecticut", "America/New_York"},
    {"DE", "delaware", "America/New_York"},
    {"DC", "district of columbia", "America/New_York"},
    {"DC", "washington dc", "America/New_York"},
    {"FL", "florida", "America/New_York"},
    {"GA", "georgia", "America/New_York"},
    {"HI", "hawaii", "Pacific/Honolulu"},
    {"ID", "idaho", "America/Boise"},
    {"IL", "illinois", "America/Chicago"},
    {"IN", "indiana", "America/Indiana/Indianapolis"},
    {"IA", "iowa", "America/Chicago"},
    {"KS", "kansas", "America/Chicago"},
    {"KY", "kentucky", "America/New_York"},
    {"LA", "louisiana", "America/Chicago"},
    {"ME", "maine", "America/New_York"},
    {"MD", "maryland", "America/New_York"},
    {"MA", "massachusetts", "America/New_York"},
    {"MI", "michigan", "America/Detroit"},
    {"MN", "minnesota", "America/Chicago"},
    {"MS", "mississippi", "America/Chicago"},
    {"MO", "missouri", "America/Chicago"},
    {"MT", "montana", "America/Denver"},
    {"NE", "nebraska", "America/Chicago"},
    {"NV", "nevada", "America/Los_Angeles"},
    {"NH", "new hampshire", "America/New_York"},
    {"NJ", "new jersey", "America/New_York"},
    {"NM", "new mexico", "America/Denver"},
    {"NY", "new york", "America/New_York"},
    {"NC", "north carolina", "America/New_York"},
    {"ND", "north dakota", "America/Chicago"},
    {"OH", "ohio", "America/New_York"},
    {"OK", "oklahoma", "America/Chicago"},
    {"OR", "oregon", "America/Los_Angeles"},
    {"PA", "pennsylvania", "America/New_York"},
    {"RI", "rhode island", "America/New_York"},
    {"SC", "south carolina", "America/New_York"},
    {"SD", "south dakota", "America/Chicago"},
    {"TN", "tennessee", "America/Chicago"},
    {"TX", "texas", "America/Chicago"},
    {"UT", "utah", "America/Denver"},
    {"VT", "vermont", "America/New_York"},
    {"VA", "virginia", "America/New_York"},
    {"WA", "washington", "America/Los_Angeles"},
    {"WV", "west virginia", "America/New_York"},
    {"WI", "wisconsin", "America/Chicago"},
    {"WY", "wyoming", "America/Denver"},
    {"PR", "puerto rico", "America/Puerto_Rico"},
    {"VI", "virgin islands", "America/St_Thomas"},
    {"VI", "us virgin islands", "America/St_Thomas"},
    {"GU", "guam", "Pacific/Guam"},
    {"AS", "american samoa", "Pacific/Pago_Pago"},
    {"MP", "northern mariana islands", "Pacific/Saipan"},
    {"AA", "armed forces americas", NULL},
    {"AE", "armed forces europe", NULL},
    {"AP", "armed forces pacific", NULL},
};

/*
 * ZIP code ranges (5 digits, inclusive) of states split between zones. Coarse where a county
 * line cuts through a 3-digit prefix: the prefix goes to the zone most of its people use.
 */
typedef struct zip_split {
    const char *state;
    uint32_t lo, hi;
    const char *zone;
} zip_split;

static const zip_split us_splits[] = {
    {"FL", 32400, 32599, "America/Chicago"},     /* panhandle west of the Apalachicola */
    {"TX", 79800, 79999, "America/Denver"},      /* El Paso, Hudspeth */
    {"TX", 88500, 88599, "America/Denver"},      /* El Paso */
    {"IN", 46300, 46499, "America/Chicago"},     /* Gary: Lake, Porter */
    {"IN", 47600, 47799, "America/Chicago"},     /* Evansville */
    {"TN", 37300, 37499, "America/New_York"},    /* Chattanooga */
    {"TN", 37600, 37999, "America/New_York"},    /* Johnson City, Knoxville */
    {"KY", 42000, 42499, "America/Chicago"},     /* Paducah, Bowling Green, Owensboro, Henderson */
    {"MI", 49801, 49802, "America/Menominee"},   /* Iron Mountain, Kingsford */
    {"MI", 49858, 49858, "America/Menominee"},   /* Menominee */
    {"MI", 49870, 49870, "America/Menominee"},   /* Norway */
    {"MI", 49911, 49911, "America/Menominee"},   /* Bessemer */
    {"MI", 49920, 49920, "America/Menominee"},   /* Crystal Falls */
    {"MI", 49935, 49935, "America/Menominee"},   /* Iron River */
    {"MI", 49938, 49938, "America/Menominee"},   /* Ironwood */
    {"MI", 49968, 49969, "America/Menominee"},   /* Wakefield, Watersmeet */
    {"OR", 97900, 97999, "America/Boise"},       /* Malheur County (Ontario) */
    {"ID", 83500, 83599, "America/Los_Angeles"}, /* Lewiston */
    {"ID", 83800, 83899, "America/Los_Angeles"}, /* Coeur d'Alene, panhandle */
    {"ND", 58600, 58699, "America/Denver"},      /* Dickinson, south-west */
    {"SD", 57700, 57799, "America/Denver"},      /* Rapid City, west river */
    {"KS", 67735, 67735, "America/Denver"},      /* Goodland (Sherman) */
    {"KS", 67741, 67741, "America/Denver"},      /* Kanorado */
    {"KS", 67758, 67758, "America/Denver"},      /* Sharon Springs (Wallace) */
    {"KS", 67761, 67762, "America/Denver"},      /* Wallace, Weskan */
    {"KS", 67836, 67836, "America/Denver"},      /* Coolidge (Hamilton) */
    {"KS", 67857, 67857, "America/Denver"},      /* Kendall */
    {"KS", 67878, 67879, "America/Denver"},      /* Syracuse, Tribune (Greeley) */
    {"NE", 69300, 69399, "America/Denver"},      /* panhandle: Scottsbluff, Alliance */
    {"NE", 69122, 69122, "America/Denver"},      /* Big Springs */
    {"NE", 69129, 69129, "America/Denver"},      /* Chappell */
    {"NE", 69145, 69145, "America/Denver"},      /* Kimball */
    {"NE", 69147, 69147, "America/Denver"},      /* Lewellen */
    {"NE", 69153, 69154, "America/Denver"},      /* Ogallala, Oshkosh */
    {"NE", 69162, 69162, "America/Denver"},      /* Sidney */
    {"NV", 89883, 89883, "America/Denver"},      /* West Wendover */
    {"AK", 99546, 99547, "America/Adak"},        /* Adak, Atka */
};

/* ZIP (5 digits) ranges to states: 3-digit prefixes, with a few 5-digit exceptions first. */
typedef struct zip_state {
    uint32_t lo, hi;
    const char *state;
} zip_state;

static const zip_state zip5_states[] = {
    {96799, 96799, "AS"},
    {96950, 96952, "MP"},
};

static const zip_state zip3_states[] = {
    {5, 5, "NY"},     {6, 7, "PR"},     {8, 8, "VI"},     {9, 9, "PR"},     {10, 27, "MA"},
    {28, 29, "RI"},   {30, 38, "NH"},   {39, 49, "ME"},   {50, 54, "VT"},   {55, 55, "MA"},
    {56, 59, "VT"},   {60, 69, "CT"},   {70, 89, "NJ"},   {90, 99, "AE"},   {100, 149, "NY"},
    {150, 196, "PA"}, {197, 199, "DE"}, {200, 200, "DC"}, {201, 201, "VA"}, {202, 205, "DC"},
    {206, 219, "MD"}, {220, 246, "VA"}, {247, 268, "WV"}, {270, 289, "NC"}, {290, 299, "SC"},
    {300, 319, "GA"}, {320, 339, "FL"}, {340, 340, "AA"}, {341, 349, "FL"}, {350, 369, "AL"},
    {370, 385, "TN"}, {386, 397, "MS"}, {398, 399, "GA"}, {400, 427, "KY"}, {430, 459, "OH"},
    {460, 479, "IN"}, {480, 499, "MI"}, {500, 528, "IA"}, {530, 549, "WI"}, {550, 567, "MN"},
    {569, 569, "DC"}, {570, 577, "SD"}, {580, 588, "ND"}, {590, 599, "MT"}, {600, 629, "IL"},
    {630, 658, "MO"}, {660, 679, "KS"}, {680, 693, "NE"}, {700, 714, "LA"}, {716, 729, "AR"},
    {730, 732, "OK"}, {733, 733, "TX"}, {734, 749, "OK"}, {750, 799, "TX"}, {800, 816, "CO"},
    {820, 831, "WY"}, {832, 838, "ID"}, {840, 847, "UT"}, {850, 865, "AZ"}, {870, 884, "NM"},
    {885, 885, "TX"}, {889, 898, "NV"}, {900, 961, "CA"}, {962, 966, "AP"}, {967, 968, "HI"},
    {969, 969, "GU"}, {970, 979, "OR"}, {980, 994, "WA"}, {995, 999, "AK"},
};

static const char *zip_to_state(uint32_t zip)
{
    for (size_t i = 0; i < NROWS(zip5_states); i++) {
        if (zip >= zip5_states[i].lo && zip <= zip5_states[i].hi)
            return zip5_states[i].state;
    }
    uint32_t p = zip / 100;
    for (size_t i = 0; i < NROWS(zip3_states); i++) {
        if (p >= zip3_states[i].lo && p <= zip3_states[i].hi)
            return zip3_states[i].state;
    }
    return NULL;
}

/* "12345", "12345-6789", "123456789", "12345 6789". */
static bool us_zip5(const char *postal, uint32_t *ret_zip)
{
    if (!postal)
        return false;
    size_t n = (size_t)-1;
    const char *p = trim(postal, &n);
    uint32_t z = 0;
    if (n < 5)
        return false;
    for (size_t i = 0; i < 5; i++) {
        if (!ascii_digit((unsigned char)p[i]))
            return false;
        z = z * 10 + (uint32_t)(p[i] - '0');
    }
    if (n == 5)
        goto ok;
    size_t i = 5;
    if (p[i] == '-' || p[i] == ' ')
        i++;
    if (n - i != 4)
        return false;
    for (; i < n; i++) {
        if (!ascii_digit((unsigned char)p[i]))
            return false;
    }
ok:
    *ret_zip = z;
    return true;
}

static const char *us_zone(const char *rkey, const char *postal)
{
    const region_row *st = rkey ? region_find(us_states, NROWS(us_states), rkey) : NULL;
    uint32_t zip = 0;
    bool have_zip = us_zip5(postal, &zip);
    if (!st && have_zip) {
        const char *code = zip_to_state(zip);
        if (code)
            st = region_by_code(us_states, NROWS(us_states), code);
    }
    if (!st)
        return NULL;
    if (have_zip) {
        for (size_t i = 0; i < NROWS(us_splits); i++) {
            if (strcmp(us_splits[i].state, st->code) == 0 && zip >= us_splits[i].lo &&
                zip <= us_splits[i].hi)
                return us_splits[i].zone;
        }
    }
    return st->zone;
}

/* Canada. Zones are canonical names (not backward links such as America/Montreal). */
static const region_row ca_provinces[] = {
    {"BC", "british columbia", "America/Vancouver"},
    {"BC", "colombie britannique", "America/Vancouver"},
    {"AB", "alberta", "America/Edmonton"},
    {"SK", "saskatchewan", "America/Regina"},
    {"MB", "manitoba", "America/Winnipeg"},
    {"ON", "ontario", "America/Toronto"},
    {"QC", "quebec", "America/Toronto"},
    {"PQ", "province de quebec", "America/Toronto"},
    {"NB", "new brunswick", "America/Moncton"},
    {"NB", "nouveau brunswick", "America/Moncton"},
    {"NS", "nova scotia", "America/Halifax"},
    {"NS", "nouvelle ecosse", "America/Halifax"},
    {"PE", "prince edward island", "America/Halifax"},
    {"PE", "ile du prince edouard", "America/Halifax"},
    {"PEI", "pei", "America/Halifax"},
    {"NL", "newfoundland and labrador", "America/St_Johns"},
    {"NL", "newfoundland", "America/St_Johns"},
    {"NL", "terre neuve et labrador", "America/St_Johns"},
    {"NF", "nfld", "America/St_Johns"},
    {"YT", "yukon", "America/Whitehorse"},
    {"YT", "yukon territory", "America/Whitehorse"},
    {"NT", "northwest territories", "America/Edmonton"}, /* Yellowknife follows Edmonton */
    {"NT", "territoires du nord ouest", "America/Edmonton"},
    {"NU", "nunavut", "America/Iqaluit"},
};

/* Province of a postal code's first letter. */
static const struct {
    char letter;
    const char *province;
} ca_letters[] = {
    {'A', "NL"}, {'B', "NS"}, {'C', "PE"}, {'E', "NB"}, {'G', "QC"}, {'H', "QC"},
    {'J', "QC"}, {'K', "ON"}, {'L', "ON"}, {'M', "ON"}, {'N', "ON"}, {'P', "ON"},
    {'R', "MB"}, {'S', "SK"}, {'T', "AB"}, {'V', "BC"}, {'X', "NT"}, {'Y', "YT"},
};

/* Forward sortation areas (postal prefixes) in another zone than their province's. */
static const struct {
    const char *prefix;
    const char *zone;
} ca_splits[] = {
    {"X0A", "America/Iqaluit"},   {"X0B", "America/Iqaluit"},  /* Nunavut */
    {"X0C", "America/Iqaluit"},   {"P0V", "America/Winnipeg"}, /* Kenora district */
    {"P0W", "America/Winnipeg"},  {"P0X", "America/Winnipeg"},  {"P8N", "America/Winnipeg"},
    {"P8T", "America/Winnipeg"},  {"P9A", "America/Winnipeg"},  {"P9N", "America/Winnipeg"},
    {"A0P", "America/Goose_Bay"}, {"A0R", "America/Goose_Bay"}, /* Labrador */
    {"G4T", "America/Halifax"},                                 /* Magdalen Islands */
    {"S9V", "America/Edmonton"},                                /* Lloydminster */
};

/* "K1A 0B1", "k1a0b1" -> "K1A" */
static bool ca_fsa(const char *postal, char fsa[4])
{
    char c[6];
    size_t k = 0;
    if (!postal)
        return false;
    for (const char *p = postal; *p; p++) {
        if (ascii_blank((unsigned char)*p) || *p == '-')
            continue;
        if (k == 6)
            return false;
        c[k++] = ascii_upper(*p);
    }
    if (k != 6)
        return false;
    for (size_t i = 0; i < 6; i++) {
        bool want_alpha = (i % 2) == 0;
        if (want_alpha ? !ascii_alpha((unsigned char)c[i]) : !ascii_digit((unsigned char)c[i]))
            return false;
    }
    for (size_t i = 0; i < NROWS(ca_letters); i++) {
        if (ca_letters[i].letter == c[0]) {
            memcpy(fsa, c, 3);
            fsa[3] = '\0';
            return true;
        }
    }
    return false;
}

static const char *ca_zone(const char *rkey, const char *postal)
{
    char fsa[4];
    bool have_fsa = ca_fsa(postal, fsa);
    const region_row *prov = rkey ? region_find(ca_provinces, NROWS(ca_provinces), rkey) : NULL;
    if (have_fsa) {
        for (size_t i = 0; i < NROWS(ca_splits); i++) {
            if (memcmp(fsa, ca_splits[i].prefix, 3) == 0)
                return ca_splits[i].zone;
        }
    }
    if (!prov && have_fsa) {
        for (size_t i = 0; i < NROWS(ca_letters); i++) {
            if (ca_letters[i].letter == fsa[0]) {
                prov = region_by_code(ca_provinces, NROWS(ca_provinces), ca_letters[i].province);
                break;
            }
        }
    }
    return prov ? prov->zone : NULL;
}

/* Australia */
static const region_row au_states[] = {
    {"NSW", "new south wales", "Australia/Sydney"},
    {"VIC", "victoria", "Australia/Melbourne"},
    {"QLD", "queensland", "Australia/Brisbane"},
    {"SA", "south australia", "Australia/Adelaide"},
    {"WA", "western australia", "Australia/Perth"},
    {"TAS", "tasmania", "Australia/Hobart"},
    {"ACT", "australian capital territory", "Australia/Sydney"},
    {"NT", "northern territory", "Australia/Darwin"},
};

static const struct {
    uint32_t lo, hi;
    const char *state;
} au_postcodes[] = {
    {200, 299, "ACT"},   {800, 999, "NT"},    {1000, 2599, "NSW"}, {2600, 2618, "ACT"},
    {2619, 2899, "NSW"}, {2900, 2920, "ACT"}, {2921, 2999, "NSW"}, {3000, 3999, "VIC"},
    {4000, 4999, "QLD"}, {5000, 5999, "SA"},  {6000, 6999, "WA"},  {7000, 7999, "TAS"},
    {8000, 8999, "VIC"}, {9000, 9999, "QLD"},
};

/* Exactly n digits (blanks around ignored). */
static bool postal_digits(const char *postal, size_t n, uint32_t *ret)
{
    if (!postal)
        return false;
    size_t len = (size_t)-1;
    const char *p = trim(postal, &len);
    uint32_t v = 0;
    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!ascii_digit((unsigned char)p[i]))
            return false;
        v = v * 10 + (uint32_t)(p[i] - '0');
    }
    *ret = v;
    return true;
}

static const char *au_zone(const char *rkey, const char *postal)
{
    uint32_t pc = 0;
    bool have_pc = postal_digits(postal, 4, &pc);
    const region_row *st = rkey ? region_find(au_states, NROWS(au_states), rkey) : NULL;
    if (have_pc && pc == 2880)
        return "Australia/Broken_Hill"; /* NSW on South Australian time */
    if (have_pc && pc == 2898)
        return "Australia/Lord_Howe";
    if (!st && have_pc) {
        for (size_t i = 0; i < NROWS(au_postcodes); i++) {
            if (pc >= au_postcodes[i].lo && pc <= au_postcodes[i].hi) {
                st = region_by_code(au_states, NROWS(au_states), au_postcodes[i].state);
                break;
            }
        }
    }
    return st ? st->zone : NULL;
}

/* Brazil: every state; the country default (São Paulo) covers the rest. */
static const region_row br_states[] = {
    {"AC", "acre", "America/Rio_Branco"},
    {"AL", "alagoas", "America/Maceio"},
    {"AP", "amapa", "America/Belem"},
    {"AM", "amazonas", "America/Manaus"},
    {"BA", "bahia", "America/Bahia"},
    {"CE", "ceara", "America/Fortaleza"},
    {"DF", "distrito federal", "America/Sao_Paulo"},
    {"ES", "espirito santo", "America/Sao_Paulo"},
    {"GO", "goias", "America/Sao_Paulo"},
    {"MA", "maranhao", "America/Fortaleza"},
    {"MT", "mato grosso", "America/Cuiaba"},
    {"MS", "mato grosso do sul", "America/Campo_Grande"},
    {"MG", "minas gerais", "America/Sao_Paulo"},
    {"PA", "para", "America/Belem"},
    {"PB", "paraiba", "America/Fortaleza"},
    {"PR", "parana", "America/Sao_Paulo"},
    {"PE", "pernambuco", "America/Recife"},
    {"PI", "piaui", "America/Fortaleza"},
    {"RJ", "rio de janeiro", "America/Sao_Paulo"},
    {"RN", "rio grande do norte", "America/Fortaleza"},
    {"RS", "rio grande do sul", "America/Sao_Paulo"},
    {"RO", "rondonia", "America/Porto_Velho"},
    {"RR", "roraima", "America/Boa_Vista"},
    {"SC", "santa catarina", "America/Sao_Paulo"},
    {"SP", "sao paulo", "America/Sao_Paulo"},
    {"SE", "sergipe", "America/Maceio"},
    {"TO", "tocantins", "America/Araguaina"},
};

/* Mexico: states off Mexico City time (ISO 3166-2 codes without "MX-"). */
static const region_row mx_states[] = {
    {"BCN", "baja california", "America/Tijuana"},
    {"BC", "baja california norte", "America/Tijuana"},
    {"BCS", "baja california sur", "America/Mazatlan"},
    {"SON", "sonora", "America/Hermosillo"},
    {"SIN", "sinaloa", "America/Mazatlan"},
    {"NAY", "nayarit", "America/Mazatlan"},
    {"CHH", "chihuahua", "America/Chihuahua"},
    {"ROO", "quintana roo", "America/Cancun"},
};

/* Spain and Portugal: the Atlantic islands, by region name or postal code. */
static const region_row es_regions[] = {
    {"CN", "canarias", "Atlantic/Canary"},
    {"CN", "islas canarias", "Atlantic/Canary"},
    {"CN", "canary islands", "Atlantic/Canary"},
    {"GC", "las palmas", "Atlantic/Canary"},
    {"TF", "santa cruz de tenerife", "Atlantic/Canary"},
};

static const region_row pt_regions[] = {
    {"20", "acores", "Atlantic/Azores"},
    {"20", "azores", "Atlantic/Azores"},
    {"30", "madeira", "Atlantic/Madeira"},
};

static const char *es_zone(const char *rkey, const char *postal)
{
    uint32_t pc;
    const region_row *r = rkey ? region_find(es_regions, NROWS(es_regions), rkey) : NULL;
    if (r)
        return r->zone;
    if (postal_digits(postal, 5, &pc) && (pc / 1000 == 35 || pc / 1000 == 38))
        return "Atlantic/Canary";
    return "Europe/Madrid";
}

static const char *pt_zone(const char *rkey, const char *postal)
{
    uint32_t pc;
    const region_row *r = rkey ? region_find(pt_regions, NROWS(pt_regions), rkey) : NULL;
    if (r)
        return r->zone;
    /* "9000-123" or "9000" */
    if (postal) {
        size_t n = (size_t)-1;
        const char *p = trim(postal, &n);
        char four[5];
        if (n >= 4) {
            memcpy(four, p, 4);
            four[4] = '\0';
            if ((n == 4 || p[4] == '-' || p[4] == ' ') && postal_digits(four, 4, &pc)) {
                if (pc >= 9000 && pc <= 9399)
                    return "Atlantic/Madeira";
                if (pc >= 9500 && pc <= 9999)
                    return "Atlantic/Azores";
            }
        }
    }
    return "Europe/Lisbon";
}

/*
 * Without a country: a US state (code or name) means the US, then a Canadian province, then an
 * unambiguous Australian state (three-letter code or name; "WA", "NT", "SA" alone are not
 * enough). A bare ZIP code ("12345", "12345-6789") is taken as the US and a Canadian postal
 * code ("K1A 0B1") as Canada. Callers that know the country should pass it: a 5-digit French
 * or German postal code alone would otherwise be read as a ZIP code.
 */
static const char *guess_country(const char *rkey, const char *postal)
{
    uint32_t zip;
    char fsa[4];
    if (rkey) {
        if (region_find(us_states, NROWS(us_states), rkey))
            return "US";
        if (region_find(ca_provinces, NROWS(ca_provinces), rkey))
            return "CA";
        const region_row *au = region_find(au_states, NROWS(au_states), rkey);
        if (au && (strlen(rkey) == 3 || strcmp(rkey, au->key) == 0))
            return "AU";
    }
    if (us_zip5(postal, &zip))
        return "US";
    if (ca_fsa(postal, fsa))
        return "CA";
    return NULL;
}

const char *pc_tz_for_location(const char *country, const char *region, const char *postal)
{
    char rkey[KEY_MAX];
    const char *rk = NULL;
    const char *iso = NULL;

    if (country) {
        size_t n = (size_t)-1;
        const char *c = trim(country, &n);
        if (n > 0) {
            iso = pc_country_iso2(c, n);
            if (!iso)
                return NULL;
        }
    }
    if (region) {
        size_t n = (size_t)-1;
        const char *r = trim(region, &n);
        /* ISO 3166-2 form: "US-CA", "AU-NSW", "MX-BCN" */
        if (n > 3 && r[2] == '-' && all_alpha(r, 2)) {
            const char *cc = code_lookup(r, 2);
            if (cc && (!iso || strcmp(cc, iso) == 0)) {
                iso = cc;
                r += 3;
                n -= 3;
            }
        }
        if (n > 0 && make_key(r, n, rkey) && rkey[0])
            rk = rkey;
    }
    if (!iso)
        iso = guess_country(rk, postal);
    if (!iso)
        return NULL;

    if (strcmp(iso, "US") == 0)
        return us_zone(rk, postal);
    if (strcmp(iso, "CA") == 0)
        return ca_zone(rk, postal);
    if (strcmp(iso, "AU") == 0)
        return au_zone(rk, postal);
    if (strcmp(iso, "ES") == 0)
        return es_zone(rk, postal);
    if (strcmp(iso, "PT") == 0)
        return pt_zone(rk, postal);
    if (rk && strcmp(iso, "BR") == 0) {
        const region_row *r = region_find(br_states, NROWS(br_states), rk);
        if (r)
            return r->zone;
    }
    if (rk && strcmp(iso, "MX") == 0) {
        const region_row *r = region_find(mx_states, NROWS(mx_states), rk);
        if (r)
            return r->zone;
    }
    return country_zone(iso);
}

int pc_event_set_local_time(pc_event *ev, const pc_civil *local, int offset_min,
                            const pc_location *fallback, const char *default_zone)
{
    const char *zone;

    if (!ev || !local || !pc_civil_valid(local))
        return PC_EINVAL;
    if (offset_min != PC_OFFSET_NONE) {
        if (offset_min < -18 * 60 || offset_min > 18 * 60)
            return PC_EINVAL;
        ev->time = pc_civil_to_unix(local) - (int64_t)offset_min * 60;
        ev->utc_offset = (int16_t)offset_min;
        return 0;
    }
    zone = pc_tz_for_location(ev->location.country, ev->location.region, ev->location.postal_code);
    if (!zone && fallback)
        zone = pc_tz_for_location(fallback->country, fallback->region, fallback->postal_code);
    if (!zone)
        zone = default_zone;
    if (!zone || !*zone)
        return PC_ENOTFOUND;
    return pc_event_set_zone_time(ev, local, zone);
}

int pc_event_set_zone_time(pc_event *ev, const pc_civil *local, const char *zone)
{
    int64_t t;
    int off;
    if (!ev || !local || !zone || !pc_civil_valid(local))
        return PC_EINVAL;
    int rc = pc_tz_local_to_utc(zone, local, &t, &off);
    if (rc < 0)
        return rc;
    ev->time = t;
    ev->utc_offset = (int16_t)off;
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * Text clean-up
 */

typedef struct html_entity {
    const char *name;
    uint32_t cp;
} html_entity;

/* HTML 4 named character references plus &apos;, sorted by strcmp() for bsearch(). */
static const html_entity entities[] = {
    {"AElig", 0xC6},     {"Aacute", 0xC1},   {"Acirc", 0xC2},     {"Agrave", 0xC0},
    {"Alpha", 0x391},    {"Aring", 0xC5},    {"Atilde", 0xC3},    {"Auml", 0xC4},
    {"Beta", 0x392},     {"Ccedil", 0xC7},   {"Chi", 0x3A7},      {"Dagger", 0x2021},
    {"Delta", 0x394},    {"ETH", 0xD0},      {"Eacute", 0xC9},    {"Ecirc", 0xCA},
    {"Egrave", 0xC8},    {"Epsilon", 0x395}, {"Eta", 0x397},      {"Euml", 0xCB},
    {"Gamma", 0x393},    {"Iacute", 0xCD},   {"Icirc", 0xCE},     {"Igrave", 0xCC},
    {"Iota", 0x399},     {"Iuml", 0xCF},     {"Kappa", 0x39A},    {"Lambda", 0x39B},
    {"Mu", 0x39C},       {"Ntilde", 0xD1},   {"Nu", 0x39D},       {"OElig", 0x152},
    {"Oacute", 0xD3},    {"Ocirc", 0xD4},    {"Ograve", 0xD2},    {"Omega", 0x3A9},
    {"Omicron", 0x39F},  {"Oslash", 0xD8},   {"Otilde", 0xD5},    {"Ouml", 0xD6},
    {"Phi", 0x3A6},      {"Pi", 0x3A0},      {"Prime", 0x2033},   {"Psi", 0x3A8},
    {"Rho", 0x3A1},      {"Scaron", 0x160},  {"Sigma", 0x3A3},    {"THORN", 0xDE},
    {"Tau", 0x3A4},      {"Theta", 0x398},   {"Uacute", 0xDA},    {"Ucirc", 0xDB},
    {"Ugrave", 0xD9},    {"Upsilon", 0x3A5}, {"Uuml", 0xDC},      {"Xi", 0x39E},
    {"Yacute", 0xDD},    {"Yuml", 0x178},    {"Zeta", 0x396},     {"aacute", 0xE1},
    {"acirc", 0xE2},     {"acute", 0xB4},    {"aelig", 0xE6},     {"agrave", 0xE0},
    {"alefsym", 0x2135}, {"alpha", 0x3B1},   {"amp", 0x26},       {"and", 0x2227},
    {"ang", 0x2220},     {"apos", 0x27},     {"aring", 0xE5},     {"asymp", 0x2248},
    {"atilde", 0xE3},    {"auml", 0xE4},     {"bdquo", 0x201E},   {"beta", 0x3B2},
    {"brvbar", 0xA6},    {"bull", 0x2022},   {"cap", 0x2229},     {"ccedil", 0xE7},
    {"cedil", 0xB8},     {"cent", 0xA2},     {"chi", 0x3C7},      {"circ", 0x2C6},
    {"clubs", 0x2663},   {"cong", 0x2245},   {"copy", 0xA9},      {"crarr", 0x21B5},
    {"cup", 0x222A},     {"curren", 0xA4},   {"dArr", 0x21D3},    {"dagger", 0x2020},
    {"darr", 0x2193},    {"deg", 0xB0},      {"delta", 0x3B4},    {"diams", 0x2666},
    {"divide", 0xF7},    {"eacute", 0xE9},   {"ecirc", 0xEA},     {"egrave", 0xE8},
    {"empty", 0x2205},   {"emsp", 0x2003},   {"ensp", 0x2002},    {"epsilon", 0x3B5},
    {"equiv", 0x2261},   {"eta", 0x3B7},     {"eth", 0xF0},       {"euml", 0xEB},
    {"euro", 0x20AC},    {"exist", 0x2203},  {"fnof", 0x192},     {"forall", 0x2200},
    {"frac12", 0xBD},    {"frac14", 0xBC},   {"frac34", 0xBE},    {"frasl", 0x2044},
    {"gamma", 0x3B3},    {"ge", 0x2265},     {"gt", 0x3E},        {"hArr", 0x21D4},
    {"harr", 0x2194},    {"hearts", 0x2665}, {"hellip", 0x2026},  {"iacute", 0xED},
    {"icirc", 0xEE},     {"iexcl", 0xA1},    {"igrave", 0xEC},    {"image", 0x2111},
    {"infin", 0x221E},   {"int", 0x222B},    {"iota", 0x3B9},     {"iquest", 0xBF},
    {"isin", 0x2208},    {"iuml", 0xEF},     {"kappa", 0x3BA},    {"lArr", 0x21D0},
    {"lambda", 0x3BB},   {"lang", 0x2329},   {"laquo", 0xAB},     {"larr", 0x2190},
    {"lceil", 0x2308},   {"ldquo", 0x201C},  {"le", 0x2264},      {"lfloor", 0x230A},
    {"lowast", 0x2217},  {"loz", 0x25CA},    {"lrm", 0x200E},     {"lsaquo", 0x2039},
    {"lsquo", 0x2018},   {"lt", 0x3C},       {"macr", 0xAF},      {"mdash", 0x2014},
    {"micro", 0xB5},     {"middot", 0xB7},   {"minus", 0x2212},   {"mu", 0x3BC},
    {"nabla", 0x2207},   {"nbsp", 0xA0},     {"ndash", 0x2013},   {"ne", 0x2260},
    {"ni", 0x220B},      {"not", 0xAC},      {"notin", 0x2209},   {"nsub", 0x2284},
    {"ntilde", 0xF1},    {"nu", 0x3BD},      {"oacute", 0xF3},    {"ocirc", 0xF4},
    {"oelig", 0x153},    {"ograve", 0xF2},   {"oline", 0x203E},   {"omega", 0x3C9},
    {"omicron", 0x3BF},  {"oplus", 0x2295},  {"or", 0x2228},      {"ordf", 0xAA},
    {"ordm", 0xBA},      {"oslash", 0xF8},   {"otilde", 0xF5},    {"otimes", 0x2297},
    {"ouml", 0xF6},      {"para", 0xB6},     {"part", 0x2202},    {"permil", 0x2030},
    {"perp", 0x22A5},    {"phi", 0x3C6},     {"pi", 0x3C0},       {"piv", 0x3D6},
    {"plusmn", 0xB1},    {"pound", 0xA3},    {"prime", 0x2032},   {"prod", 0x220F},
    {"prop", 0x221D},    {"psi", 0x3C8},     {"quot", 0x22},      {"rArr", 0x21D2},
    {"radic", 0x221A},   {"rang", 0x232A},   {"raquo", 0xBB},     {"rarr", 0x2192},
    {"rceil", 0x2309},   {"rdquo", 0x201D},  {"real", 0x211C},    {"reg", 0xAE},
    {"rfloor", 0x230B},  {"rho", 0x3C1},     {"rlm", 0x200F},     {"rsaquo", 0x203A},
    {"rsquo", 0x2019},   {"sbquo", 0x201A},  {"scaron", 0x161},   {"sdot", 0x22C5},
    {"sect", 0xA7},      {"shy", 0xAD},      {"sigma", 0x3C3},    {"sigmaf", 0x3C2},
    {"sim", 0x223C},     {"spades", 0x2660}, {"sub", 0x2282},     {"sube", 0x2286},
    {"sum", 0x2211},     {"sup", 0x2283},    {"sup1", 0xB9},      {"sup2", 0xB2},
    {"sup3", 0xB3},      {"supe", 0x2287},   {"szlig", 0xDF},     {"tau", 0x3C4},
    {"there4", 0x2234},  {"theta", 0x3B8},   {"thetasym", 0x3D1}, {"thinsp", 0x2009},
    {"thorn", 0xFE},     {"tilde", 0x2DC},   {"times", 0xD7},     {"trade", 0x2122},
    {"uArr", 0x21D1},    {"uacute", 0xFA},   {"uarr", 0x2191},    {"ucirc", 0xFB},
    {"ugrave", 0xF9},    {"uml", 0xA8},      {"upsih", 0x3D2},    {"upsilon", 0x3C5},
    {"uuml", 0xFC},      {"weierp", 0x2118}, {"xi", 0x3BE},       {"yacute", 0xFD},
    {"yen", 0xA5},       {"yuml", 0xFF},     {"zeta", 0x3B6},     {"zwj", 0x200D},
    {"zwnj", 0x200C},
};

/* Windows-1252 meaning of 0x80-0x9F, which carriers emit as "&#153;" for "™". 0 = undefined. */
static const uint16_t cp1252_80_9f[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

#define ENTITY_NAME_MAX 10 /* "thetasym" is the longest */
#define TAG_MAX         512
#define DECODE_PASSES   3

static int entity_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const html_entity *)elem)->name);
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Character reference at s[0] == '&' (n bytes available). Named references need their ';',
 * numeric ones may omit it. *ret_cp = 0 means a numeric reference to nothing printable (NUL,
 * surrogate, out of range, undefined in Windows-1252): it is dropped.
 * @return true with *ret_used bytes consumed, false when this '&' is literal text.
 */
static bool parse_entity(const char *s, size_t n, uint32_t *ret_cp, size_t *ret_used)
{
    size_t i = 1;
    if (n >= 3 && s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        uint32_t v = 0;
        size_t nd = 0;
        i = hex ? 3 : 2;
        while (i < n) {
            int d = hex ? hex_value(s[i]) : (ascii_digit((unsigned char)s[i]) ? s[i] - '0' : -1);
            if (d < 0)
                break;
            if (v <= 0x10FFFF)
                v = v * (hex ? 16u : 10u) + (uint32_t)d;
            i++;
            nd++;
        }
        if (nd == 0)
            return false;
        if (i < n && s[i] == ';')
            i++;
        if (v >= 0x80 && v <= 0x9F)
            v = cp1252_80_9f[v - 0x80];
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            v = 0;
        *ret_cp = v;
        *ret_used = i;
        return true;
    }
    char name[ENTITY_NAME_MAX + 1];
    size_t k = 0;
    while (i < n && k < ENTITY_NAME_MAX &&
           (ascii_alpha((unsigned char)s[i]) || ascii_digit((unsigned char)s[i])))
        name[k++] = s[i++];
    if (k == 0 || i >= n || s[i] != ';')
        return false;
    name[k] = '\0';
    const html_entity *e =
        bsearch(name, entities, NROWS(entities), sizeof(entities[0]), entity_cmp);
    if (!e)
        return false;
    *ret_cp = e->cp;
    *ret_used = i + 1;
    return true;
}

/*
 * One decoding pass of src[0..n) into dst. A reference is only replaced when its UTF-8 form is
 * no longer than the reference itself (true of every reference there is), so dst never needs
 * more than n bytes. Text produced by this pass is not decoded again until the next pass.
 */
static size_t decode_pass(const char *src, size_t n, char *dst, bool *ret_changed)
{
    size_t i = 0, o = 0;
    bool changed = false;
    while (i < n) {
        uint32_t cp;
        size_t used;
        if (src[i] == '&' && parse_entity(src + i, n - i, &cp, &used)) {
            char u[4];
            size_t k = cp ? utf8_encode(cp, u) : 0;
            if (k <= used) {
                memcpy(dst + o, u, k);
                o += k;
                i += used;
                changed = true;
                continue;
            }
        }
        dst[o++] = src[i++];
    }
    *ret_changed = changed;
    return o;
}

/* Phrase-level tags disappear ("Tracking<SUP>™</SUP>"); the rest separate words ("<br/>"). */
static bool inline_tag(const char *name)
{
    static const char *const names[] = {"a",    "abbr", "b",     "big",  "code",   "em",
                                        "font", "i",    "small", "span", "strong", "sub",
                                        "sup",  "tt",   "u",     "s",    "strike", "mark"};
    for (size_t i = 0; i < NROWS(names); i++) {
        if (strcmp(name, names[i]) == 0)
            return true;
    }
    return false;
}

/*
 * A tag at s[0] == '<': "<name ...>", "</name>", "<!-- ... -->", "<!DOCTYPE ...>", "<?...?>".
 * "<" followed by anything else ("a < b"), or with no '>' within TAG_MAX bytes, is text.
 */
static bool match_tag(const char *s, size_t n, size_t *ret_len, bool *ret_inline)
{
    size_t i = 1;
    char name[8];
    size_t k = 0;

    if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
        for (i = 4; i + 2 < n && i < TAG_MAX; i++) {
            if (memcmp(s + i, "-->", 3) == 0) {
                *ret_len = i + 3;
                *ret_inline = true;
                return true;
            }
        }
        return false;
    }
    if (i < n && (s[i] == '!' || s[i] == '?')) {
        i++;
    } else {
        if (i < n && s[i] == '/')
            i++;
        if (i >= n || !ascii_alpha((unsigned char)s[i]))
            return false;
        while (i < n && (ascii_alpha((unsigned char)s[i]) || ascii_digit((unsigned char)s[i]))) {
            if (k < sizeof(name) - 1)
                name[k++] = ascii_lower(s[i]);
            i++;
        }
    }
    name[k] = '\0';
    for (; i < n && i < TAG_MAX; i++) {
        if (s[i] == '<')
            return false;
        if (s[i] == '>') {
            *ret_len = i + 1;
            *ret_inline = k > 0 && inline_tag(name);
            return true;
        }
    }
    return false;
}

static bool unicode_blank(uint32_t cp)
{
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0x1680;
}

static bool unicode_invisible(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || cp == 0x200B || cp == 0x200C ||
           cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
}

/* Strip tags, turn blanks into single spaces, trim, drop control characters and bad UTF-8. */
static size_t final_pass(const char *src, size_t n, char *dst)
{
    const unsigned char *u = (const unsigned char *)src;
    size_t i = 0, o = 0;
    bool space = false;
    while (i < n) {
        size_t tl;
        bool inl;
        if (u[i] == '<' && match_tag(src + i, n - i, &tl, &inl)) {
            i += tl;
            if (!inl)
                space = true;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_decode(u + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        if ((cp < 0x80 && ascii_blank((unsigned char)cp)) || unicode_blank(cp)) {
            space = true;
        } else if (cp < 0x20 || cp == 0x7F || unicode_invisible(cp)) {
            /* dropped */
        } else {
            if (space && o > 0)
                dst[o++] = ' ';
            space = false;
            memcpy(dst + o, src + i, k);
            o += k;
        }
        i += k;
    }
    return o;
}

/* Clean s[0..len) into *ret (NULL when empty). */
static int clean_text(const char *s, size_t len, char **ret)
{
    *ret = NULL;
    if (!s)
        return 0;
    size_t n = (len == (size_t)-1) ? strlen(s) : strnlen(s, len);
    char *a = malloc(n + 1);
    char *b = malloc(n + 1);
    if (!a || !b) {
        free(a);
        free(b);
        return PC_ENOMEM;
    }
    memcpy(a, s, n);
    for (int pass = 0; pass < DECODE_PASSES; pass++) {
        bool changed;
        size_t m = decode_pass(a, n, b, &changed);
        char *t = a;
        a = b;
        b = t;
        n = m;
        if (!changed)
            break;
    }
    size_t out = final_pass(a, n, b);
    free(a);
    if (out == 0) {
        free(b);
        return 0;
    }
    b[out] = '\0';
    *ret = b;
    return 0;
}

char *pc_text_clean(const char *s, size_t len)
{
    char *out;
    if (clean_text(s, len, &out) < 0)
        return NULL;
    return out;
}

int pc_set_clean(char **field, const char *s, size_t len)
{
    char *out;
    int rc = clean_text(s, len, &out);
    if (rc < 0)
        return rc;
    free(*field);
    *field = out;
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * Carrier code tables
 */

const pc_code_map *pc_code_map_find(const pc_code_map *table, size_t n, const char *code,
                                    size_t code_len)
{
    if (!table || !code)
        return NULL;
    if (code_len == (size_t)-1)
        code_len = strlen(code);
    if (memchr(code, '\0', code_len))
        return NULL;
    /* Tables are sorted by code in strcmp order (pc_test_codes_valid checks each): bisect. */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *c = table[mid].code;
        int cmp = strncmp(c, code, code_len);
        if (cmp == 0 && c[code_len] != '\0')
            cmp = 1; /* c is longer: it sorts after code */
        if (cmp == 0)
            return &table[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
