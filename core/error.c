#include <parcelcast/error.h>

#include "internal.h"

#include <stdarg.h>
#include <stdio.h>

const char *pc_strerror(int err)
{
    switch (err) {
    case 0:
        return "success";
#define PC__ERR_MSG(name, value, msg)                                                              \
    case PC_E##name:                                                                               \
        return msg;
        PC_ERRNO_MAP(PC__ERR_MSG)
#undef PC__ERR_MSG
    default:
        return "unknown error";
    }
}

const char *pc_err_name(int err)
{
    switch (err) {
    case 0:
        return "PC_OK";
#define PC__ERR_NAME(name, value, msg)                                                             \
    case PC_E##name:                                                                               \
        return "PC_E" #name;
        PC_ERRNO_MAP(PC__ERR_NAME)
#undef PC__ERR_NAME
    default:
        return "PC_EUNKNOWN";
    }
}

void pc__errbuf_set(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}
