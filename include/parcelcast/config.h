/**
 * @file config.h
 * Settings, declared once as a table that both validates and documents them.
 *
 * Precedence, lowest to highest: built-in defaults < config file < environment variables <
 * command-line flags. The config file is --config FILE, else $PARCELCAST_CONFIG, else
 * ./parcelcast.conf when it exists. Each key `section.name` has the environment variable
 * PARCELCAST_SECTION_NAME. Carrier accounts use free keys `carrier.<name>.<field>`.
 */
#ifndef PARCELCAST_CONFIG_H
#define PARCELCAST_CONFIG_H

#include <stddef.h>

typedef struct pc_config_kv {
    char *key;
    char *value;
} pc_config_kv;

typedef struct pc_config {
    char *store_path;
    size_t store_map_size;
    char *listen_address;
    int listen_port;
    int api_threads;
    size_t api_max_body;
    int api_timeout;
    size_t api_view_cache;
    char *plugin_dir;
    char *data_dir;
    char *log_level;
    char *log_format;
    size_t parse_max_body;
    size_t parse_max_events;
    size_t parse_max_string;
    int poll_enabled; /* poll.* : the poller (poller.h) */
    int poll_concurrency;
    int poll_rate;
    int poll_timeout;
    int poll_max_retries;
    int poll_interval;
    int poll_expire_after;
    int poll_not_found_expire_after;
    int poll_max_interval;
    int predict_tick; /* predict.* : the live predictor (predictor.h) */
    int predict_retrain;
    int notify_enabled; /* notify.* and smtp.* : the notifier (notify.h) */
    int notify_concurrency;
    int notify_timeout;
    int notify_retry_base;
    char *notify_templates;
    char *smtp_url;
    char *smtp_from;
    /* carrier.<name>.<field> settings, in file order */
    pc_config_kv *carrier_kv;
    size_t n_carrier_kv;
    char *source_file; /**< the config file read, or NULL */
} pc_config;

typedef enum pc_config_type { PC_CFG_STR, PC_CFG_INT, PC_CFG_SIZE } pc_config_type;

typedef struct pc_config_setting {
    const char *key;
    pc_config_type type;
    const char *default_value;
    size_t offset;
    long min, max; /**< for INT and SIZE */
    const char *help;
} pc_config_setting;

/** The settings table (NULL-key terminated). Static. */
const pc_config_setting *pc_config_settings(void);

/** Defaults. exe_dir locates the plugin and data directories next to the binary. */
int pc_config_init(pc_config *cfg, const char *exe_dir);
void pc_config_done(pc_config *cfg);

/**
 * Set one setting from text (a file, environment or flag), validating it.
 * @param err message naming key and problem.
 * @return 0, PC_ECONFIG (unknown key, bad value), PC_ENOMEM.
 */
int pc_config_set(pc_config *cfg, const char *key, const char *value, char *err, size_t errlen);

/**
 * Read a config file: `key = value` lines, `[section]` headers prefixing keys, `#`/`;`
 * comments. Errors name the file and line.
 * @return 0, PC_EIO, PC_ECONFIG.
 */
int pc_config_load_file(pc_config *cfg, const char *path, char *err, size_t errlen);

/** Apply PARCELCAST_* environment variables. @return 0, PC_ECONFIG. */
int pc_config_load_env(pc_config *cfg, char *err, size_t errlen);

/** Value of carrier.<carrier>.<field>, or NULL. Owned by cfg. */
const char *pc_config_carrier(const pc_config *cfg, const char *carrier, const char *field);

/** Environment variable name of a key into buf ("store.path" -> "PARCELCAST_STORE_PATH"). */
char *pc_config_env_name(const char *key, char *buf, size_t size);

#endif
