#include "internal.h"
#include <parcelcast/config.h>
#include <parcelcast/error.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFF(f) offsetof(pc_config, f)

static const pc_config_setting settings[] = {
    {"store.path", PC_CFG_STR, "./var", OFF(store_path), 0, 0,
     "Directory of the LMDB store (created if missing)."},
    {"store.map_size", PC_CFG_SIZE, "64M", OFF(store_map_size), 1 << 20, LONG_MAX,
     "Initial LMDB map size; the map doubles whenever it fills."},
    {"listen.address", PC_CFG_STR, "127.0.0.1", OFF(listen_address), 0, 0,
     "Address the HTTP server binds (IPv4 or IPv6 literal)."},
    {"listen.port", PC_CFG_INT, "8080", OFF(listen_port), 0, 65535,
     "TCP port of the HTTP server (0 picks a free port and logs it)."},
    {"api.threads", PC_CFG_INT, "4", OFF(api_threads), 1, 256, "HTTP worker threads."},
    {"api.max_body", PC_CFG_SIZE, "1M", OFF(api_max_body), 1024, 1L << 30,
     "Largest accepted request body; larger gets 413."},
    {"api.timeout", PC_CFG_INT, "30", OFF(api_timeout), 1, 3600,
     "Seconds before an idle or slow client connection is closed."},
    {"api.view_cache", PC_CFG_SIZE, "64M", OFF(api_view_cache), 0, 1L << 34,
     "Bytes of shipment JSON GET /v1/shipments/{carrier}/{number} keeps for reuse (0: none)."},
    {"plugins.dir", PC_CFG_STR, "", OFF(plugin_dir), 0, 0,
     "Carrier plugin directory (default: ../lib/parcelcast/plugins next to the binary)."},
    {"data.dir", PC_CFG_STR, "", OFF(data_dir), 0, 0,
     "Data directory with detect.rules (default: ../share/parcelcast next to the binary)."},
    {"log.level", PC_CFG_STR, "info", OFF(log_level), 0, 0, "debug, info, warn or error."},
    {"log.format", PC_CFG_STR, "text", OFF(log_format), 0, 0,
     "text (key=value) or json (one object per line), on stderr."},
    {"parse.max_body", PC_CFG_SIZE, "16M", OFF(parse_max_body), 1024, 1L << 31,
     "Largest carrier response body an adapter accepts."},
    {"parse.max_events", PC_CFG_SIZE, "1000", OFF(parse_max_events), 1, 1000000,
     "Most events one shipment may carry."},
    {"parse.max_string", PC_CFG_SIZE, "4096", OFF(parse_max_string), 64, 1 << 20,
     "Longest single text field in a carrier body."},
    {"poll.enabled", PC_CFG_INT, "0", OFF(poll_enabled), 0, 1,
     "1: `serve` also runs the poller in a background thread."},
    {"poll.concurrency", PC_CFG_INT, "4", OFF(poll_concurrency), 1, 1024,
     "Requests in flight per carrier account (carrier.<name>.concurrency overrides)."},
    {"poll.rate", PC_CFG_INT, "10", OFF(poll_rate), 0, 100000,
     "Requests per second per carrier account, 0 = unlimited (carrier.<name>.rate overrides)."},
    {"poll.timeout", PC_CFG_INT, "30", OFF(poll_timeout), 1, 3600,
     "Seconds before a carrier request is abandoned (then retried)."},
    {"poll.max_retries", PC_CFG_INT, "4", OFF(poll_max_retries), 0, 100,
     "Retries of a failed request within a run before the batch is rescheduled."},
    {"poll.interval", PC_CFG_INT, "60", OFF(poll_interval), 1, 86400,
     "Seconds between poll runs of the `serve` background poller."},
    {"poll.expire_after", PC_CFG_INT, "2592000", OFF(poll_expire_after), 0, INT_MAX,
     "Seconds without carrier news before a shipment is marked expired (0 = never)."},
    {"poll.not_found_expire_after", PC_CFG_INT, "604800", OFF(poll_not_found_expire_after), 0,
     INT_MAX, "Seconds a number the carrier never knew is polled before it expires (0 = never)."},
    {"poll.max_interval", PC_CFG_INT, "0", OFF(poll_max_interval), 0, INT_MAX,
     "Longest wait in seconds between two polls of an active shipment (0 = the schedule alone)."},
    {"predict.tick", PC_CFG_INT, "300", OFF(predict_tick), 1, 86400,
     "Seconds between recomputations of every active shipment's prediction in `serve`."},
    {"predict.retrain", PC_CFG_INT, "24", OFF(predict_retrain), 0, 8760,
     "Hours between retrainings of the ETA model from the store in `serve` (0 = never)."},
    {"notify.enabled", PC_CFG_INT, "0", OFF(notify_enabled), 0, 1,
     "1: `serve` also runs the notifier (webhook and e-mail delivery from the outbox)."},
    {"notify.concurrency", PC_CFG_INT, "8", OFF(notify_concurrency), 1, 1024,
     "Notice deliveries in flight at once."},
    {"notify.retry_base", PC_CFG_INT, "30", OFF(notify_retry_base), 1, 86400,
     "Seconds before the first retry of a failed notice delivery (doubling, with jitter)."},
    {"notify.timeout", PC_CFG_INT, "10", OFF(notify_timeout), 1, 3600,
     "Seconds before a webhook POST or SMTP session is abandoned (then retried)."},
    {"notify.templates", PC_CFG_STR, "", OFF(notify_templates), 0, 0,
     "Directory of e-mail templates <kind>.txt (empty: built-in templates)."},
    {"smtp.url", PC_CFG_STR, "", OFF(smtp_url), 0, 0,
     "SMTP server for e-mail notices, smtp://host:port (empty: e-mail off)."},
    {"smtp.from", PC_CFG_STR, "", OFF(smtp_from), 0, 0, "Sender address of e-mail notices."},
    {NULL, PC_CFG_STR, NULL, 0, 0, 0, NULL},
};

const pc_config_setting *pc_config_settings(void)
{
    return settings;
}

/* "64M", "1G", "4096", "512k" -> bytes (locale independent). */
static int parse_size(const char *s, long long *ret)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || v < 0)
        return -1;
    long long mul = 1;
    switch (*end) {
    case 'k':
    case 'K':
        mul = 1LL << 10;
        end++;
        break;
    case 'm':
    case 'M':
        mul = 1LL << 20;
        end++;
        break;
    case 'g':
    case 'G':
        mul = 1LL << 30;
        end++;
        break;
    default:
        break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0' || v > LLONG_MAX / mul)
        return -1;
    *ret = v * mul;
    return 0;
}

static const pc_config_setting *find_setting(const char *key)
{
    for (const pc_config_setting *s = settings; s->key; s++)
        if (strcmp(s->key, key) == 0)
            return s;
    return NULL;
}

static int set_carrier_kv(pc_config *cfg, const char *key, const char *value)
{
    for (size_t i = 0; i < cfg->n_carrier_kv; i++) {
        if (strcmp(cfg->carrier_kv[i].key, key) == 0) {
            char *v = strdup(value);
            if (!v)
                return PC_ENOMEM;
            free(cfg->carrier_kv[i].value);
            cfg->carrier_kv[i].value = v;
            return 0;
        }
    }
    pc_config_kv *kv = realloc(cfg->carrier_kv, (cfg->n_carrier_kv + 1) * sizeof(*kv));
    if (!kv)
        return PC_ENOMEM;
    cfg->carrier_kv = kv;
    char *k = strdup(key), *v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return PC_ENOMEM;
    }
    kv[cfg->n_carrier_kv].key = k;
    kv[cfg->n_carrier_kv].value = v;
    cfg->n_carrier_kv++;
    return 0;
}

int pc_config_set(pc_config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
    if (strncmp(key, "carrier.", 8) == 0) {
        const char *dot = strchr(key + 8, '.');
        if (!dot || dot == key + 8 || !dot[1]) {
            pc__errbuf_set(err, errlen, "%s: carrier settings are carrier.<name>.<field>", key);
            return PC_ECONFIG;
        }
        return set_carrier_kv(cfg, key, value);
    }
    const pc_config_setting *s = find_setting(key);
    if (!s) {
        pc__errbuf_set(err, errlen, "unknown setting '%s' (see `parcelcast help config`)", key);
        return PC_ECONFIG;
    }
    char *base = (char *)cfg + s->offset;
    long long v;
    switch (s->type) {
    case PC_CFG_STR: {
        char *copy = strdup(value);
        if (!copy)
            return PC_ENOMEM;
        free(*(char **)(void *)base);
        *(char **)(void *)base = copy;
        return 0;
    }
    case PC_CFG_INT:
    case PC_CFG_SIZE: {
        int bad = s->type == PC_CFG_SIZE ? parse_size(value, &v) : 0;
        if (s->type == PC_CFG_INT) {
            char *end;
            errno = 0;
            v = strtoll(value, &end, 10);
            bad = errno || end == value || *end != '\0';
        }
        if (bad || v < s->min || v > s->max) {
            pc__errbuf_set(err, errlen, "%s: '%s' is not %s between %ld and %ld", key, value,
                           s->type == PC_CFG_SIZE ? "a size" : "an integer", s->min, s->max);
            return PC_ECONFIG;
        }
        if (s->type == PC_CFG_INT)
            *(int *)(void *)base = (int)v;
        else
            *(size_t *)(void *)base = (size_t)v;
        return 0;
    }
    }
    return PC_EINTERNAL;
}

int pc_config_init(pc_config *cfg, const char *exe_dir)
{
    char err[256];
    memset(cfg, 0, sizeof(*cfg));
    for (const pc_config_setting *s = settings; s->key; s++) {
        int rc = pc_config_set(cfg, s->key, s->default_value, err, sizeof(err));
        if (rc < 0)
            return rc;
    }
    if (exe_dir) {
        static const struct {
            const char *key, *rel;
        } dirs[] = {{"plugins.dir", "lib/parcelcast/plugins"}, {"data.dir", "share/parcelcast"}};
        for (size_t i = 0; i < 2; i++) {
            char buf[4096], real[PATH_MAX];
            snprintf(buf, sizeof(buf), "%s/../%s", exe_dir, dirs[i].rel);
            /* "bin/../lib/..." reads badly in messages: resolve it when it exists */
            const char *dir = realpath(buf, real) ? real : buf;
            if (pc_config_set(cfg, dirs[i].key, dir, err, sizeof(err)) < 0)
                return PC_ENOMEM;
        }
    }
    return 0;
}

void pc_config_done(pc_config *cfg)
{
    if (!cfg)
        return;
    for (const pc_config_setting *s = settings; s->key; s++)
        if (s->type == PC_CFG_STR)
            free(*(char **)(void *)((char *)cfg + s->offset));
    for (size_t i = 0; i < cfg->n_carrier_kv; i++) {
        free(cfg->carrier_kv[i].key);
        free(cfg->carrier_kv[i].value);
    }
    free(cfg->carrier_kv);
    free(cfg->source_file);
    memset(cfg, 0, sizeof(*cfg));
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

int pc_config_load_file(pc_config *cfg, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        pc__errbuf_set(err, errlen, "cannot read config file %s: %s", path, strerror(errno));
        return PC_EIO;
    }
    char line[4096], section[128] = "", key[512], inner[256];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            pc__errbuf_set(err, errlen, "%s:%d: line longer than %zu bytes", path, lineno,
                           sizeof(line) - 2);
            rc = PC_ECONFIG;
            break;
        }
        char *p = trim(line);
        if (!*p || *p == '#' || *p == ';')
            continue;
        if (*p == '[') {
            char *close = strchr(p, ']');
            if (!close || close[1] != '\0' || close == p + 1 ||
                (size_t)(close - p - 1) >= sizeof(section)) {
                pc__errbuf_set(err, errlen, "%s:%d: bad section header", path, lineno);
                rc = PC_ECONFIG;
                break;
            }
            memcpy(section, p + 1, (size_t)(close - p - 1));
            section[close - p - 1] = '\0';
            continue;
        }
        char *eq = strchr(p, '=');
        if (!eq) {
            pc__errbuf_set(err, errlen, "%s:%d: expected key = value", path, lineno);
            rc = PC_ECONFIG;
            break;
        }
        *eq = '\0';
        char *k = trim(p), *v = trim(eq + 1);
        size_t vl = strlen(v);
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v[vl - 1] = '\0';
            v++;
        }
        if (section[0])
            snprintf(key, sizeof(key), "%s.%s", section, k);
        else
            snprintf(key, sizeof(key), "%s", k);
        if ((rc = pc_config_set(cfg, key, v, inner, sizeof(inner))) < 0) {
            pc__errbuf_set(err, errlen, "%s:%d: %s", path, lineno, inner);
            break;
        }
    }
    fclose(f);
    if (rc == 0) {
        free(cfg->source_file);
        cfg->source_file = strdup(path);
    }
    return rc;
}

char *pc_config_env_name(const char *key, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "PARCELCAST_");
    for (const char *k = key; *k && n + 1 < size; k++)
        buf[n++] = *k == '.' ? '_' : (char)toupper((unsigned char)*k);
    buf[n < size ? n : size - 1] = '\0';
    return buf;
}

int pc_config_load_env(pc_config *cfg, char *err, size_t errlen)
{
    char name[256], inner[256];
    for (const pc_config_setting *s = settings; s->key; s++) {
        const char *v = getenv(pc_config_env_name(s->key, name, sizeof(name)));
        if (!v)
            continue;
        int rc = pc_config_set(cfg, s->key, v, inner, sizeof(inner));
        if (rc < 0) {
            pc__errbuf_set(err, errlen, "environment %s: %s", name, inner);
            return rc;
        }
    }
    return 0;
}

const char *pc_config_carrier(const pc_config *cfg, const char *carrier, const char *field)
{
    char key[256];
    snprintf(key, sizeof(key), "carrier.%s.%s", carrier, field);
    for (size_t i = 0; i < cfg->n_carrier_kv; i++)
        if (strcmp(cfg->carrier_kv[i].key, key) == 0)
            return cfg->carrier_kv[i].value;
    return NULL;
}
