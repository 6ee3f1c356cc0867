/* Civil time arithmetic, offsets in carrier spellings, ISO 8601 parsing and IANA zone resolution.
 *
 * Zone resolution uses the C library's reader of the system tz database instead of parsing TZif
 * files ourselves: under a global mutex we point TZ at ":<zone>", call tzset(), ask
 * localtime_r() for the offset in force at a UTC instant (tm_gmtoff), and restore TZ. Local wall
 * time is inverted from that function (resolve_local_locked), not with mktime(), whose handling of
 * repeated and skipped hours with tm_isdst = -1 differs between C libraries.
 *
 * Caveats, both inherent to going through TZ:
 *  - While the mutex is held, TZ names the requested zone for the whole process; another thread
 *    calling localtime()/mktime() at that moment would use it. parcelcast keeps all times in UTC
 *    and never uses the process-local zone.
 *  - setenv()/unsetenv() are not safe against a concurrent getenv() in another thread (libcurl
 *    reads proxy variables, for instance) when they grow or shrink the environ array. So TZ is
 *    never removed: when it was unset we restore it as ":/etc/localtime", which glibc reads
 *    exactly like an unset TZ. After the first call TZ keeps its slot in environ and setenv()
 *    only swaps that slot's pointer (glibc never frees the old strings). The first call, which
 *    adds the slot, is the one remaining window; the cache keeps later calls rare anyway.
 */
#include <parcelcast/error.h>
#include <parcelcast/model.h>
#include <parcelcast/timeutil.h>

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SECS_PER_DAY   86400
#define MAX_OFFSET_MIN (18 * 60) /* ISO 8601 / java.time bound; real zones stay within +-14h */

/* ---------------------------------------------------------------------------------------------
 * Civil time (proleptic Gregorian), after Howard Hinnant's days_from_civil / civil_from_days.
 */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;                                  /* [0, 399] */
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap(y))
        return 29;
    return dim[m - 1];
}

int64_t pc_civil_to_unix(const pc_civil *c)
{
    /* Months outside 1-12 are carried into the year so callers can do simple arithmetic. */
    int64_t m0 = (int64_t)c->month - 1;
    int64_t y = (int64_t)c->year + floor_div(m0, 12);
    int64_t m = m0 - floor_div(m0, 12) * 12 + 1;
    int64_t days = days_from_civil(y, m, 1) + (int64_t)c->day - 1;
    return days * SECS_PER_DAY + (int64_t)c->hour * 3600 + (int64_t)c->minute * 60 +
           (int64_t)c->second;
}

void pc_unix_to_civil(int64_t t, pc_civil *ret_civil)
{
    int64_t days = t / SECS_PER_DAY;
    int64_t secs = t % SECS_PER_DAY;
    if (secs < 0) { /* floor division without overflow at INT64_MIN */
        secs += SECS_PER_DAY;
        days--;
    }
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    /* Only PC_TIME_NONE-like extremes leave the int range; clamp rather than overflow. */
    if (y > INT_MAX)
        y = INT_MAX;
    if (y < INT_MIN + 1)
        y = INT_MIN + 1;
    ret_civil->year = (int)y;
    ret_civil->month = (int)m;
    ret_civil->day = (int)d;
    ret_civil->hour = (int)(secs / 3600);
    ret_civil->minute = (int)(secs / 60 % 60);
    ret_civil->second = (int)(secs % 60);
}

int pc_civil_valid(const pc_civil *c)
{
    if (!c)
        return 0;
    if (c->month < 1 || c->month > 12)
        return 0;
    if (c->day < 1 || c->day > days_in_month(c->year, c->month))
        return 0;
    if (c->hour < 0 || c->hour > 23 || c->minute < 0 || c->minute > 59)
        return 0;
    if (c->second < 0 || c->second > 60)
        return 0;
    return 1;
}

char *pc_time_format(int64_t t, char *buf, size_t size)
{
    pc_civil c;
    if (!buf || size == 0)
        return buf;
    pc_unix_to_civil(t, &c);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.minute,
             c.second);
    return buf;
}

char *pc_offset_format(int offset_min, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    long v = offset_min;
    char sign = v < 0 ? '-' : '+';
    if (v < 0)
        v = -v;
    snprintf(buf, size, "%c%02ld:%02ld", sign, v / 60, v % 60);
    return buf;
}

/* ---------------------------------------------------------------------------------------------
 * Offsets
 */

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static char lower(char ch)
{
    return (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
}

/* Case-insensitive comparison of s[0..n) with the NUL-terminated lower-case word w. */
static bool eq_word(const char *s, size_t n, const char *w)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (w[i] == '\0' || lower(s[i]) != w[i])
            return false;
    }
    return w[i] == '\0';
}

/*
 * Zone abbreviations carriers actually print. Ambiguous ones are resolved towards the carriers we
 * serve: CST is US Central (not China), AST is Atlantic (not Arabia), BST is British Summer Time
 * (not Bangladesh) and IST is Irish Standard Time, UTC+1 (the Irish summer time; not India
 * +05:30 or Israel +02:00). Carriers serving India or Israel give numeric offsets in their feeds.
 */
static const struct {
    const char *abbr;
    int minutes;
} zone_abbrs[] = {
    /* North America */
    {"est", -300},
    {"edt", -240},
    {"cst", -360},
    {"cdt", -300},
    {"mst", -420},
    {"mdt", -360},
    {"pst", -480},
    {"pdt", -420},
    {"akst", -540},
    {"akdt", -480},
    {"hst", -600},
    {"hdt", -540},
    {"ast", -240},
    {"adt", -180},
    {"nst", -210},
    {"ndt", -150},
    /* Europe */
    {"wet", 0},
    {"west", 60},
    {"cet", 60},
    {"cest", 120},
    {"met", 60},
    {"mest", 120},
    {"mez", 60},
    {"mesz", 120},
    {"eet", 120},
    {"eest", 180},
    {"bst", 60},
    {"ist", 60},
    {"msk", 180},
    /* Australia and the Pacific */
    {"aest", 600},
    {"aedt", 660},
    {"acst", 570},
    {"acdt", 630},
    {"awst", 480},
    {"nzst", 720},
    {"nzdt", 780},
    /* Asia */
    {"jst", 540},
    {"kst", 540},
    {"hkt", 480},
    {"sgt", 480},
};

/* "+HH:MM", "+H:MM", "+HHMM", "+HMM", "+HH", "+H" starting at the sign; exactly n bytes. */
static int parse_numeric_offset(const char *s, size_t n, int *ret_minutes)
{
    size_t i = 1, nd = 0;
    int h = 0, m = 0;
    if (n < 2 || (s[0] != '+' && s[0] != '-'))
        return PC_EMALFORMED;
    while (i < n && is_digit(s[i]) && nd < 5) {
        i++;
        nd++;
    }
    if (nd == 0)
        return PC_EMALFORMED;
    if (i < n && s[i] == ':') {
        if (nd > 2 || n - i != 3 || !is_digit(s[i + 1]) || !is_digit(s[i + 2]))
            return PC_EMALFORMED;
        for (size_t k = 1; k <= nd; k++)
            h = h * 10 + (s[k] - '0');
        m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    } else if (i == n) {
        if (nd <= 2) {
            for (size_t k = 1; k <= nd; k++)
                h = h * 10 + (s[k] - '0');
        } else if (nd <= 4) {
            for (size_t k = 1; k <= nd - 2; k++)
                h = h * 10 + (s[k] - '0');
            m = (s[nd - 1] - '0') * 10 + (s[nd] - '0');
        } else {
            return PC_EMALFORMED;
        }
    } else {
        return PC_EMALFORMED;
    }
    if (m > 59 || h * 60 + m > MAX_OFFSET_MIN)
        return PC_EMALFORMED;
    *ret_minutes = (s[0] == '-') ? -(h * 60 + m) : h * 60 + m;
    return 0;
}

int pc_offset_parse(const char *s, size_t len, int *ret_minutes)
{
    if (!s || !ret_minutes)
        return PC_EMALFORMED;
    if (len == (size_t)-1)
        len = strlen(s);
    else
        len = strnlen(s, len);
    while (len > 0 && is_blank(*s)) {
        s++;
        len--;
    }
    while (len > 0 && is_blank(s[len - 1]))
        len--;
    if (len == 0)
        return PC_EMALFORMED;

    if (len == 1 && (s[0] == 'Z' || s[0] == 'z')) {
        *ret_minutes = 0;
        return 0;
    }
    if (s[0] == '+' || s[0] == '-')
        return parse_numeric_offset(s, len, ret_minutes);

    /* "UTC", "GMT", "UT", optionally followed by a numeric offset ("GMT-04:00", "UTC +1"). */
    size_t plen = 0;
    if (len >= 3 && (eq_word(s, 3, "utc") || eq_word(s, 3, "gmt")))
        plen = 3;
    else if (len >= 2 && eq_word(s, 2, "ut") &&
             (len == 2 || s[2] == '+' || s[2] == '-' || is_blank(s[2])))
        plen = 2;
    if (plen > 0) {
        size_t i = plen;
        if (i == len) {
            *ret_minutes = 0;
            return 0;
        }
        while (i < len && is_blank(s[i]))
            i++;
        return parse_numeric_offset(s + i, len - i, ret_minutes);
    }

    for (size_t k = 0; k < sizeof(zone_abbrs) / sizeof(zone_abbrs[0]); k++) {
        if (eq_word(s, len, zone_abbrs[k].abbr)) {
            *ret_minutes = zone_abbrs[k].minutes;
            return 0;
        }
    }
    return PC_EMALFORMED;
}

/* ---------------------------------------------------------------------------------------------
 * ISO 8601 / RFC 3339
 */

/* Read exactly n digits at s (stops at the first non-digit, so never passes a NUL). */
static bool read_digits(const char *s, int n, int *ret)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *ret = v;
    return true;
}

int pc_time_parse_iso(const char *s, pc_civil *ret_local, int *ret_offset_min)
{
    pc_civil c = {0};
    const char *p, *end;
    int off = PC_OFFSET_NONE;

    if (!s || !ret_local || !ret_offset_min)
        return PC_EMALFORMED;
    while (is_blank(*s))
        s++;
    end = s + strlen(s);
    while (end > s && is_blank(end[-1]))
        end--;

    p = s;
    if (end - p < 10 || !read_digits(p, 4, &c.year) || p[4] != '-' ||
        !read_digits(p + 5, 2, &c.month) || p[7] != '-' || !read_digits(p + 8, 2, &c.day))
        return PC_EMALFORMED;
    p += 10;
    if (p < end) {
        if (*p != 'T' && *p != 't' && *p != ' ')
            return PC_EMALFORMED;
        p++;
        if (end - p < 5 || !read_digits(p, 2, &c.hour) || p[2] != ':' ||
            !read_digits(p + 3, 2, &c.minute))
            return PC_EMALFORMED;
        p += 5;
        if (p < end && *p == ':') {
            if (end - p < 3 || !read_digits(p + 1, 2, &c.second))
                return PC_EMALFORMED;
            p += 3;
            if (p < end && (*p == '.' || *p == ',')) {
                /* Fractional seconds: at least one digit, value ignored. */
                p++;
                if (p >= end || !is_digit(*p))
                    return PC_EMALFORMED;
                while (p < end && is_digit(*p))
                    p++;
            }
        }
        if (p < end) {
            /* An offset, directly or after blanks: "Z", "+02:00", " -0500", " EST". */
            if (pc_offset_parse(p, (size_t)(end - p), &off) < 0)
                return PC_EMALFORMED;
        }
    }
    if (!pc_civil_valid(&c))
        return PC_EMALFORMED;
    *ret_local = c;
    *ret_offset_min = off;
    return 0;
}

int pc_time_parse_utc(const char *s, int64_t *ret_utc)
{
    pc_civil c;
    int off;
    if (!ret_utc || pc_time_parse_iso(s, &c, &off) < 0 || off == PC_OFFSET_NONE)
        return PC_EMALFORMED;
    *ret_utc = pc_civil_to_unix(&c) - (int64_t)off * 60;
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * IANA zones through the C library
 */

#define ZONE_NAME_MAX 128
#define TZ_CACHE_SIZE 4096 /* power of two */
#define TZ_CACHE_ZONE 48   /* longer zone names are resolved but not cached */
#define CACHE_LOCAL   1
#define CACHE_UTC     2
#define CACHE_DAY     4 /* or'ed into the kind: the key is a day, not an hour */

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * One cached answer for a whole day or hour: for CACHE_LOCAL the key is the local hour (local wall
 * time read as UTC, divided by 3600) and `shift` the seconds to subtract from the wall time to get
 * UTC; for CACHE_UTC the key is the UTC hour. `offset` is the UTC offset in seconds in force at the
 * resulting instant. A day is cached (kind | CACHE_DAY, key = day number) when its first, middle
 * and last second agree: feeds spread over many zones and hours miss an hour cache most of the
 * time, and each miss costs two reads of a zone file by tzset(). A day that contains a
 * transition falls back to hours; an hour is only cached when its first and last second agree,
 * so hours that contain a transition (or part of a gap) are always computed exactly. (The tz
 * database has no two transitions of a zone within one day, so three agreeing samples mean no
 * transition.)
 */
typedef struct tz_cache_entry {
    char zone[TZ_CACHE_ZONE]; /* "" = empty slot */
    int kind;
    int64_t hour;
    int32_t shift;
    int32_t offset;
} tz_cache_entry;

static tz_cache_entry tz_cache[TZ_CACHE_SIZE];

static size_t cache_slot(const char *zone, int kind, int64_t hour)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const char *p = zone; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ULL;
    }
    uint64_t k = (uint64_t)hour ^ ((uint64_t)kind << 60);
    for (int i = 0; i < 8; i++) {
        h ^= (k >> (i * 8)) & 0xff;
        h *= 1099511628211ULL;
    }
    return (size_t)(h & (TZ_CACHE_SIZE - 1));
}

static bool cache_get(const char *zone, int kind, int64_t hour, int32_t *ret_shift,
                      int32_t *ret_offset)
{
    bool hit = false;
    if (strlen(zone) >= TZ_CACHE_ZONE)
        return false;
    size_t i = cache_slot(zone, kind, hour);
    pthread_mutex_lock(&cache_lock);
    const tz_cache_entry *e = &tz_cache[i];
    if (e->kind == kind && e->hour == hour && strcmp(e->zone, zone) == 0) {
        *ret_shift = e->shift;
        *ret_offset = e->offset;
        hit = true;
    }
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

static void cache_put(const char *zone, int kind, int64_t hour, int32_t shift, int32_t offset)
{
    size_t n = strlen(zone);
    if (n >= TZ_CACHE_ZONE)
        return;
    size_t i = cache_slot(zone, kind, hour);
    pthread_mutex_lock(&cache_lock);
    tz_cache_entry *e = &tz_cache[i]; /* overwrite on collision */
    memcpy(e->zone, zone, n + 1);
    e->kind = kind;
    e->hour = hour;
    e->shift = shift;
    e->offset = offset;
    pthread_mutex_unlock(&cache_lock);
}

static bool zone_char_ok(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || is_digit(ch) || ch == '_' ||
           ch == '+' || ch == '-' || ch == '/';
}

/*
 * glibc silently falls back to UTC for a zone it cannot load, so check first that the name is
 * a plain relative path made of the characters IANA uses and that it names a TZif file under
 * $TZDIR (default /usr/share/zoneinfo). Reading the 4-byte magic also rules out directories and
 * the tables that live beside the zones (zone.tab, iso3166.tab, leapseconds...).
 */
static int zone_check(const char *zone)
{
    char path[PATH_MAX];
    char magic[4];
    size_t n = strlen(zone);
    if (n == 0 || n >= ZONE_NAME_MAX || zone[0] == '/' || zone[n - 1] == '/' || zone[0] == '-')
        return PC_ENOTFOUND;
    for (size_t i = 0; i < n; i++) {
        if (!zone_char_ok(zone[i]))
            return PC_ENOTFOUND;
    }
    if (strstr(zone, "..") || strstr(zone, "//"))
        return PC_ENOTFOUND;
    const char *dir = getenv("TZDIR");
    if (!dir || !*dir)
        dir = "/usr/share/zoneinfo";
    int w = snprintf(path, sizeof(path), "%s/%s", dir, zone);
    if (w < 0 || (size_t)w >= sizeof(path))
        return PC_ENOTFOUND;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return PC_ENOTFOUND;
    ssize_t r = read(fd, magic, sizeof(magic));
    close(fd);
    if (r != (ssize_t)sizeof(magic) || memcmp(magic, "TZif", 4) != 0)
        return PC_ENOTFOUND;
    return 0;
}

/* Point the process at zone. Call with tz_lock held; undo with tz_leave(). */
static int tz_enter(const char *zone, char **ret_saved)
{
    char spec[ZONE_NAME_MAX + 2];
    const char *old = getenv("TZ");
    char *saved = NULL;
    if (old) {
        saved = strdup(old);
        if (!saved)
            return PC_ENOMEM;
    }
    snprintf(spec, sizeof(spec), ":%s", zone);
    if (setenv("TZ", spec, 1) != 0) {
        free(saved);
        return PC_ENOMEM;
    }
    tzset();
    *ret_saved = saved;
    return 0;
}

/* glibc's reading of an unset TZ; see the caveats at the top of the file. */
#define TZ_UNSET_EQUIVALENT ":/etc/localtime"

static void tz_leave(char *saved)
{
    setenv("TZ", saved ? saved : TZ_UNSET_EQUIVALENT, 1);
    tzset();
    free(saved);
}

/* UTC offset in seconds at UTC instant t in the zone currently in TZ. */
static int offset_at_locked(int64_t t, int32_t *ret_offset)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if ((int64_t)tt != t || !localtime_r(&tt, &tm))
        return PC_EINVAL;
    *ret_offset = (int32_t)tm.tm_gmtoff;
    return 0;
}

/*
 * Invert "UTC -> local" for wall time L (seconds, wall clock read as if it were UTC). Offsets a
 * day before and after L bracket any single transition near L. For each candidate offset o, the
 * instant L - o is a solution when the zone's offset at that instant is o.
 *  - two solutions (the repeated hour when clocks go back): take the earlier instant, i.e. the
 *    larger offset, which is the daylight-saving reading (01:30 on 2024-11-03 in New York is
 *    05:30Z, EDT);
 *  - no solution (the skipped hour when clocks go forward): apply the offset from before the
 *    transition, which moves the wall time forward by the gap (02:30 on 2024-03-10 in New York
 *    becomes 07:30Z, i.e. 03:30 EDT).
 * ret_shift is L - utc; ret_offset is the offset in force at the resulting instant.
 */
static int resolve_local_locked(int64_t L, int32_t *ret_shift, int32_t *ret_offset)
{
    int32_t before, after, chk;
    int rc;
    bool ok_before, ok_after;

    if ((rc = offset_at_locked(L - SECS_PER_DAY, &before)) < 0 ||
        (rc = offset_at_locked(L + SECS_PER_DAY, &after)) < 0)
        return rc;
    if ((rc = offset_at_locked(L - before, &chk)) < 0)
        return rc;
    ok_before = chk == before;
    if ((rc = offset_at_locked(L - after, &chk)) < 0)
        return rc;
    ok_after = chk == after;

    int32_t shift;
    if (ok_before && ok_after)
        shift = before > after ? before : after;
    else if (ok_before)
        shift = before;
    else if (ok_after)
        shift = after;
    else
        shift = before;
    if ((rc = offset_at_locked(L - shift, ret_offset)) < 0)
        return rc;
    *ret_shift = shift;
    return 0;
}

static int32_t secs_to_min(int32_t s)
{
    return s / 60; /* toward zero; only pre-1900 local mean times have odd seconds */
}

int pc_tz_local_to_utc(const char *zone, const pc_civil *local, int64_t *ret_utc,
                       int *ret_offset_min)
{
    int32_t shift, offset;
    char *saved = NULL;
    int rc;

    if (!zone || !local || !ret_utc || !ret_offset_min)
        return PC_EINVAL;
    if (!pc_civil_valid(local))
        return PC_EINVAL;
    int64_t L = pc_civil_to_unix(local);
    int64_t hour = floor_div(L, 3600), day = floor_div(L, SECS_PER_DAY);

    if (!cache_get(zone, CACHE_LOCAL | CACHE_DAY, day, &shift, &offset) &&
        !cache_get(zone, CACHE_LOCAL, hour, &shift, &offset)) {
        int32_t s0 = 0, o0 = 0, s1 = 0, o1 = 0, s2 = 0, o2 = 0;
        int cached = 0;               /* 0, or the kind put in the cache */
        pthread_mutex_lock(&tz_lock); /* zone_check() reads the environment too */
        rc = zone_check(zone);
        if (rc == 0)
            rc = tz_enter(zone, &saved);
        if (rc == 0) {
            int64_t d0 = day * SECS_PER_DAY;
            rc = resolve_local_locked(d0, &s0, &o0);
            if (rc == 0)
                rc = resolve_local_locked(d0 + SECS_PER_DAY / 2, &s1, &o1);
            if (rc == 0)
                rc = resolve_local_locked(d0 + SECS_PER_DAY - 1, &s2, &o2);
            if (rc == 0 && s0 == s1 && s1 == s2 && o0 == o1 && o1 == o2) {
                cached = CACHE_LOCAL | CACHE_DAY;
            } else if (rc == 0) {
                rc = resolve_local_locked(hour * 3600, &s0, &o0);
                if (rc == 0)
                    rc = resolve_local_locked(hour * 3600 + 3599, &s1, &o1);
                if (rc == 0 && s0 == s1 && o0 == o1)
                    cached = CACHE_LOCAL;
                else if (rc == 0)
                    rc = resolve_local_locked(L, &s0, &o0);
            }
            shift = s0;
            offset = o0;
            tz_leave(saved);
        }
        pthread_mutex_unlock(&tz_lock);
        if (rc < 0)
            return rc;
        if (cached)
            cache_put(zone, cached, cached & CACHE_DAY ? day : hour, shift, offset);
    }
    *ret_utc = L - shift;
    *ret_offset_min = secs_to_min(offset);
    return 0;
}

int pc_tz_offset_at(const char *zone, int64_t utc, int *ret_offset_min)
{
    int32_t shift = 0, offset;
    char *saved = NULL;
    int rc;

    if (!zone || !ret_offset_min)
        return PC_EINVAL;
    int64_t hour = floor_div(utc, 3600), day = floor_div(utc, SECS_PER_DAY);
    if (!cache_get(zone, CACHE_UTC | CACHE_DAY, day, &shift, &offset) &&
        !cache_get(zone, CACHE_UTC, hour, &shift, &offset)) {
        int32_t o0 = 0, o1 = 0, o2 = 0;
        int cached = 0;
        pthread_mutex_lock(&tz_lock);
        rc = zone_check(zone);
        if (rc == 0)
            rc = tz_enter(zone, &saved);
        if (rc == 0) {
            int64_t d0 = day * SECS_PER_DAY;
            rc = offset_at_locked(d0, &o0);
            if (rc == 0)
                rc = offset_at_locked(d0 + SECS_PER_DAY / 2, &o1);
            if (rc == 0)
                rc = offset_at_locked(d0 + SECS_PER_DAY - 1, &o2);
            if (rc == 0 && o0 == o1 && o1 == o2) {
                cached = CACHE_UTC | CACHE_DAY;
            } else if (rc == 0) {
                rc = offset_at_locked(hour * 3600, &o0);
                if (rc == 0)
                    rc = offset_at_locked(hour * 3600 + 3599, &o1);
                if (rc == 0 && o0 == o1)
                    cached = CACHE_UTC;
                else if (rc == 0)
                    rc = offset_at_locked(utc, &o0);
            }
            offset = o0;
            tz_leave(saved);
        }
        pthread_mutex_unlock(&tz_lock);
        if (rc < 0)
            return rc;
        if (cached)
            cache_put(zone, cached, cached & CACHE_DAY ? day : hour, 0, offset);
    }
    *ret_offset_min = secs_to_min(offset);
    return 0;
}
