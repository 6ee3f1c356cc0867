/**
 * @file log.h
 * Structured logging on stderr: `ts=... level=info comp=store msg="..." key=value` or one JSON
 * object per line. Library code returns errors; callers log once.
 */
#ifndef PARCELCAST_LOG_H
#define PARCELCAST_LOG_H

typedef enum pc_log_level { PC_LOG_DEBUG, PC_LOG_INFO, PC_LOG_WARN, PC_LOG_ERROR } pc_log_level;

/** Configure. level: "debug"... format: "text" / "json". @return 0, PC_ECONFIG. */
int pc_log_setup(const char *level, const char *format);

/**
 * Log a message with optional key/value pairs: pc_log(PC_LOG_INFO, "api", "listening",
 * "port", "8080", NULL). Thread-safe; values are quoted/escaped as needed.
 */
void pc_log(pc_log_level level, const char *comp, const char *msg, ...)
#if defined(__GNUC__)
    __attribute__((sentinel))
#endif
    ;

#endif
