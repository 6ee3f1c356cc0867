#include "codec.h"

#include <parcelcast/error.h>
#include <stdlib.h>
#include <string.h>

void pc__wbuf_reset(pc__wbuf *b)
{
    b->len = 0;
    b->failed = 0;
}

void pc__wbuf_done(pc__wbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

static unsigned char *wreserve(pc__wbuf *b, size_t n)
{
    if (b->failed)
        return NULL;
    if (b->cap - b->len < n) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len < n)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return NULL;
        }
        b->p = p;
        b->cap = cap;
    }
    unsigned char *w = b->p + b->len;
    b->len += n;
    return w;
}

void pc__be64(unsigned char out[8], uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        out[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

void pc__be32(unsigned char out[4], uint32_t v)
{
    for (int i = 3; i >= 0; i--) {
        out[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

uint64_t pc__rd64(const unsigned char in[8])
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | in[i];
    return v;
}

uint32_t pc__rd32(const unsigned char in[4])
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = (v << 8) | in[i];
    return v;
}

uint64_t pc__time_key(int64_t t)
{
    return (uint64_t)t ^ 0x8000000000000000ull;
}

int64_t pc__time_unkey(uint64_t k)
{
    return (int64_t)(k ^ 0x8000000000000000ull);
}

void pc__put_u8(pc__wbuf *b, uint8_t v)
{
    unsigned char *w = wreserve(b, 1);
    if (w)
        *w = v;
}

void pc__put_u16(pc__wbuf *b, uint16_t v)
{
    unsigned char *w = wreserve(b, 2);
    if (w) {
        w[0] = (unsigned char)(v >> 8);
        w[1] = (unsigned char)v;
    }
}

void pc__put_u32(pc__wbuf *b, uint32_t v)
{
    unsigned char *w = wreserve(b, 4);
    if (w)
        pc__be32(w, v);
}

void pc__put_u64(pc__wbuf *b, uint64_t v)
{
    unsigned char *w = wreserve(b, 8);
    if (w)
        pc__be64(w, v);
}

void pc__put_time(pc__wbuf *b, int64_t t)
{
    pc__put_u64(b, pc__time_key(t));
}

void pc__put_bytes(pc__wbuf *b, const void *p, size_t n)
{
    unsigned char *w = wreserve(b, n);
    if (w && n)
        memcpy(w, p, n);
}

void pc__put_str(pc__wbuf *b, const char *s)
{
    if (!s) {
        pc__put_u32(b, 0xFFFFFFFFu);
        return;
    }
    size_t n = strlen(s);
    pc__put_u32(b, (uint32_t)n);
    pc__put_bytes(b, s, n);
}

void pc__put_location(pc__wbuf *b, const pc_location *loc)
{
    pc__put_str(b, loc->city);
    pc__put_str(b, loc->region);
    pc__put_str(b, loc->postal_code);
    pc__put_str(b, loc->country);
}

static const unsigned char *rtake(pc__rbuf *b, size_t n)
{
    if (b->failed || b->len - b->off < n) {
        b->failed = 1;
        return NULL;
    }
    const unsigned char *r = b->p + b->off;
    b->off += n;
    return r;
}

uint8_t pc__get_u8(pc__rbuf *b)
{
    const unsigned char *r = rtake(b, 1);
    return r ? r[0] : 0;
}

uint16_t pc__get_u16(pc__rbuf *b)
{
    const unsigned char *r = rtake(b, 2);
    return r ? (uint16_t)((r[0] << 8) | r[1]) : 0;
}

uint32_t pc__get_u32(pc__rbuf *b)
{
    const unsigned char *r = rtake(b, 4);
    return r ? pc__rd32(r) : 0;
}

uint64_t pc__get_u64(pc__rbuf *b)
{
    const unsigned char *r = rtake(b, 8);
    return r ? pc__rd64(r) : 0;
}

int64_t pc__get_time(pc__rbuf *b)
{
    return pc__time_unkey(pc__get_u64(b));
}

char *pc__get_str(pc__rbuf *b)
{
    uint32_t n = pc__get_u32(b);
    if (b->failed || n == 0xFFFFFFFFu)
        return NULL;
    const unsigned char *r = rtake(b, n);
    if (!r)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) {
        b->failed = 1;
        return NULL;
    }
    memcpy(s, r, n);
    s[n] = '\0';
    return s;
}

void pc__get_location(pc__rbuf *b, pc_location *loc)
{
    loc->city = pc__get_str(b);
    loc->region = pc__get_str(b);
    loc->postal_code = pc__get_str(b);
    loc->country = pc__get_str(b);
}

/* Event value: version, offset, status, substatus, code, description, location. The time is
 * in the key. */
#define EVENT_RECORD_VERSION 1

void pc__encode_event(pc__wbuf *b, const pc_event *ev)
{
    pc__wbuf_reset(b);
    pc__put_u8(b, EVENT_RECORD_VERSION);
    pc__put_u16(b, (uint16_t)ev->utc_offset);
    pc__put_u8(b, (uint8_t)ev->status);
    pc__put_str(b, ev->substatus);
    pc__put_str(b, ev->code);
    pc__put_str(b, ev->description);
    pc__put_location(b, &ev->location);
}

int pc__decode_event(const void *p, size_t len, int64_t time, pc_event *ev)
{
    pc__rbuf b = {.p = p, .len = len};
    memset(ev, 0, sizeof(*ev));
    if (pc__get_u8(&b) != EVENT_RECORD_VERSION)
        return PC_EMALFORMED;
    ev->time = time;
    ev->utc_offset = (int16_t)pc__get_u16(&b);
    uint8_t st = pc__get_u8(&b);
    ev->status = st < PC_STATUS__COUNT ? (pc_status)st : PC_STATUS_IN_TRANSIT;
    ev->substatus = pc__get_str(&b);
    ev->code = pc__get_str(&b);
    ev->description = pc__get_str(&b);
    pc__get_location(&b, &ev->location);
    if (b.failed || b.off != b.len || st >= PC_STATUS__COUNT) {
        pc_event_done(ev);
        return PC_EMALFORMED;
    }
    return 0;
}

int pc__peek_event_status(const void *p, size_t len, uint8_t *ret_status, const char **ret_sub,
                          size_t *ret_sub_len)
{
    pc__rbuf b = {.p = p, .len = len};
    if (pc__get_u8(&b) != EVENT_RECORD_VERSION)
        return PC_EMALFORMED;
    (void)pc__get_u16(&b);
    *ret_status = pc__get_u8(&b);
    uint32_t n = pc__get_u32(&b);
    *ret_sub = NULL;
    *ret_sub_len = 0;
    if (!b.failed && n != 0xFFFFFFFFu) {
        if (b.len - b.off < n)
            return PC_EMALFORMED;
        *ret_sub = (const char *)b.p + b.off;
        *ret_sub_len = n;
    }
    return b.failed || *ret_status >= PC_STATUS__COUNT ? PC_EMALFORMED : 0;
}

static uint64_t fnv(uint64_t h, const char *s)
{
    /* Field separator so ("ab","c") and ("a","bc") differ; NULL differs from "". */
    h ^= s ? 0x1f : 0x1e;
    h *= 0x100000001b3ull;
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t pc__event_fingerprint(const pc_event *ev)
{
    uint64_t h = 0xcbf29ce484222325ull;
    h = fnv(h, ev->code);
    h = fnv(h, ev->location.city);
    h = fnv(h, ev->location.region);
    h = fnv(h, ev->location.postal_code);
    h = fnv(h, ev->location.country);
    return h;
}
