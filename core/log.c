#include <parcelcast/error.h>
#include <parcelcast/log.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pc_log_level min_level = PC_LOG_INFO;
static int json_format;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

int pc_log_setup(const char *level, const char *format)
{
    int lv = -1;
    for (int i = 0; i < 4; i++)
        if (level && strcmp(level, level_names[i]) == 0)
            lv = i;
    if (lv < 0 || !format || (strcmp(format, "text") != 0 && strcmp(format, "json") != 0))
        return PC_ECONFIG;
    min_level = (pc_log_level)lv;
    json_format = strcmp(format, "json") == 0;
    return 0;
}

static void put_escaped(FILE *f, const char *s, int json)
{
    int quote = json;
    if (!json)
        for (const char *p = s; *p; p++)
            if (*p == ' ' || *p == '"' || *p == '=' || (unsigned char)*p < 0x20)
                quote = 1;
    if (quote)
        fputc('"', f);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    if (quote)
        fputc('"', f);
}

void pc_log(pc_log_level level, const char *comp, const char *msg, ...)
{
    if (level < min_level)
        return;
    char ts[32];
    struct timespec now;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_list ap;
    pthread_mutex_lock(&log_lock);
    if (json_format)
        fprintf(stderr, "{\"ts\":\"%s\",\"level\":\"%s\",\"comp\":\"%s\",\"msg\":", ts,
                level_names[level], comp);
    else
        fprintf(stderr, "ts=%s level=%s comp=%s msg=", ts, level_names[level], comp);
    put_escaped(stderr, msg, json_format);
    va_start(ap, msg);
    for (;;) {
        const char *k = va_arg(ap, const char *);
        if (!k)
            break;
        const char *v = va_arg(ap, const char *);
        if (json_format) {
            fputs(",", stderr);
            put_escaped(stderr, k, 1);
            fputc(':', stderr);
        } else {
            fprintf(stderr, " %s=", k);
        }
        put_escaped(stderr, v ? v : "", json_format);
    }
    va_end(ap);
    fputs(json_format ? "}\n" : "\n", stderr);
    pthread_mutex_unlock(&log_lock);
}
