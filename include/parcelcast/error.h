/**
 * @file error.h
 * parcelcast error codes: one X-macro table gives the enum, the names and the messages.
 *
 * Functions return int: 0 on success, a negative PC_E* code on failure.
 */
#ifndef PARCELCAST_ERROR_H
#define PARCELCAST_ERROR_H

/* X(name, value, message). Values are stable: they appear in logs and API bodies. */
#define PC_ERRNO_MAP(X)                                                                            \
    X(NOMEM, -1, "out of memory")                                                                  \
    X(INVAL, -2, "invalid argument")                                                               \
    X(IO, -3, "input/output error")                                                                \
    X(NOTFOUND, -4, "not found")                                                                   \
    X(EXISTS, -5, "already exists")                                                                \
    X(MALFORMED, -6, "malformed input")                                                            \
    X(LIMIT, -7, "input exceeds a configured limit")                                               \
    X(SCHEMA, -8, "store schema version not supported")                                            \
    X(STORE, -9, "store error")                                                                    \
    X(MAPFULL, -10, "store map is full")                                                           \
    X(RETRY, -11, "temporary failure, retry later")                                                \
    X(AUTH, -12, "authentication failed")                                                          \
    X(RATELIMIT, -13, "rate limited")                                                              \
    X(CARRIER, -14, "carrier reported an error")                                                   \
    X(UNSUPPORTED, -15, "operation not supported")                                                 \
    X(PLUGIN, -16, "plugin rejected")                                                              \
    X(CONFIG, -17, "configuration error")                                                          \
    X(MATH, -18, "numerical error")                                                                \
    X(BUSY, -19, "resource busy")                                                                  \
    X(INTERNAL, -20, "internal error")

enum pc_errno {
#define PC__ERR_ENUM(name, value, msg) PC_E##name = (value),
    PC_ERRNO_MAP(PC__ERR_ENUM)
#undef PC__ERR_ENUM
};

/**
 * Human-readable message for an error code.
 * @param err 0 or a PC_E* code.
 * @return a static string, never NULL ("unknown error" for codes outside the table).
 */
const char *pc_strerror(int err);

/**
 * Stable symbolic name for an error code, e.g. "PC_ENOTFOUND".
 * @return a static string, never NULL ("PC_EUNKNOWN" for codes outside the table, "PC_OK" for 0).
 */
const char *pc_err_name(int err);

#endif
