/* Binary record encoding for the store: big-endian integers, length-prefixed strings. */
#ifndef PC_STORE_CODEC_H
#define PC_STORE_CODEC_H

#include <parcelcast/model.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pc__wbuf {
    unsigned char *p;
    size_t len, cap;
    int failed; /* sticky ENOMEM */
} pc__wbuf;

typedef struct pc__rbuf {
    const unsigned char *p;
    size_t len, off;
    int failed; /* sticky: read past the end or bad data */
} pc__rbuf;

void pc__wbuf_reset(pc__wbuf *b);
void pc__wbuf_done(pc__wbuf *b);
void pc__put_u8(pc__wbuf *b, uint8_t v);
void pc__put_u16(pc__wbuf *b, uint16_t v);
void pc__put_u32(pc__wbuf *b, uint32_t v);
void pc__put_u64(pc__wbuf *b, uint64_t v);
void pc__put_time(pc__wbuf *b, int64_t t); /* order-preserving (sign bit flipped) */
void pc__put_bytes(pc__wbuf *b, const void *p, size_t n);
void pc__put_str(pc__wbuf *b, const char *s); /* u32 length, 0xFFFFFFFF = NULL */
void pc__put_location(pc__wbuf *b, const pc_location *loc);

uint8_t pc__get_u8(pc__rbuf *b);
uint16_t pc__get_u16(pc__rbuf *b);
uint32_t pc__get_u32(pc__rbuf *b);
uint64_t pc__get_u64(pc__rbuf *b);
int64_t pc__get_time(pc__rbuf *b);
/* malloc'd copy or NULL; sets failed on ENOMEM or truncation */
char *pc__get_str(pc__rbuf *b);
void pc__get_location(pc__rbuf *b, pc_location *loc);

/* The history summary (history.c): appended to a history row, decoded pointing into it. */
struct pc_history_summary;
void pc__put_summary(pc__wbuf *b, const struct pc_history_summary *sum);
int pc__get_summary(pc__rbuf *b, struct pc_history_summary *sum);

void pc__be64(unsigned char out[8], uint64_t v);
void pc__be32(unsigned char out[4], uint32_t v);
uint64_t pc__rd64(const unsigned char in[8]);
uint32_t pc__rd32(const unsigned char in[4]);
uint64_t pc__time_key(int64_t t);
int64_t pc__time_unkey(uint64_t k);

/* Event records (value of the events database). encode replaces b's contents. */
void pc__encode_event(pc__wbuf *b, const pc_event *ev);
int pc__decode_event(const void *p, size_t len, int64_t time, pc_event *ev);
/* Status and substatus of an encoded event without decoding it (substatus not NUL-terminated;
 * *ret_sub NULL when absent). Returns 0 or PC_EMALFORMED. */
int pc__peek_event_status(const void *p, size_t len, uint8_t *ret_status, const char **ret_sub,
                          size_t *ret_sub_len);
/* 64-bit FNV-1a fingerprint of an event's code and location (its identity besides time). */
uint64_t pc__event_fingerprint(const pc_event *ev);

#endif
