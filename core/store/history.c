/*
 * The history summary: what carrier reports need of a delivered shipment's events (handoff,
 * failed attempts, exception and return kinds, facility dwell), computed once when the history
 * row is written so a report streams over the history index without loading shipments.
 */
#include "codec.h"

#include <parcelcast/error.h>
#include <parcelcast/store.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static bool is_carrier_event(const pc_event *e)
{
    return e->status != PC_STATUS_PENDING && e->status != PC_STATUS_INFO_RECEIVED;
}

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_place(const pc_location *a, const pc_location *b)
{
    return str_eq(a->city, b->city) && str_eq(a->region, b->region) &&
           str_eq(a->country, b->country);
}

static bool has_place(const pc_location *l)
{
    return l->city || l->region || l->country;
}

/* Text storage of a summary being built. */
typedef struct text {
    char *p;
    size_t used, size;
} text;

/* Copy of the concatenated parts (NULLs skipped) with `sep` between them, or NULL when full. */
static const char *text_join(text *t, const char *const *parts, size_t n, const char *sep)
{
    char *start = t->p + t->used;
    size_t used = t->used;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i])
            continue;
        const char *add[2] = {any ? sep : "", parts[i]};
        for (size_t j = 0; j < 2; j++) {
            size_t len = strlen(add[j]);
            if (used + len + 1 > t->size)
                return NULL;
            memcpy(t->p + used, add[j], len);
            used += len;
        }
        any = true;
    }
    if (used + 1 > t->size)
        return NULL;
    t->p[used++] = '\0';
    t->used = used;
    return start;
}

static void add_kind(pc_history_summary *r, text *t, const pc_event *e)
{
    char name[160];
    if (e->substatus)
        snprintf(name, sizeof(name), "%s", e->substatus);
    else
        snprintf(name, sizeof(name), "%s%s%s", pc_status_name(e->status), e->code ? ":" : "",
                 e->code ? e->code : "");
    for (size_t i = 0; i < r->n_kinds; i++)
        if (strcmp(r->kinds[i], name) == 0)
            return;
    const char *one[] = {name};
    const char *k;
    if (r->n_kinds < PC_HISTORY_MAX_KINDS && (k = text_join(t, one, 1, "")))
        r->kinds[r->n_kinds++] = k;
}

static uint32_t seconds(int64_t d)
{
    return d < 0 ? 0 : d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

static const char *place_label(text *t, const pc_location *l)
{
    const char *parts[] = {l->city, l->region, l->country};
    return text_join(t, parts, 3, ", ");
}

/* Hops: for each run of consecutive carrier scans at one place, the dwell from its first scan
 * to the first scan at the next place, and the travel from its last scan to that one. */
static void add_hops(pc_history_summary *r, text *t, const pc_shipment *s, int64_t delivered)
{
    const pc_location *cur = NULL;
    int64_t first = PC_TIME_NONE, last = PC_TIME_NONE;
    for (size_t i = 0; i < s->n_events && r->n_hops < PC_HISTORY_MAX_HOPS; i++) {
        const pc_event *e = &s->events[i];
        const pc_location *l = &e->location;
        if (!is_carrier_event(e) || e->time > delivered || !has_place(l))
            continue;
        if (cur && same_place(cur, l)) {
            last = e->time;
            continue;
        }
        if (cur) {
            const char *place = place_label(t, cur);
            if (!place)
                return;
            pc_history_hop *h = &r->hops[r->n_hops++];
            h->place = place;
            h->dwell = seconds(e->time - first);
            h->travel = seconds(e->time - last);
        }
        cur = l;
        first = last = e->time;
    }
    if (r->n_hops && !(r->last_place = place_label(t, cur))) {
        /* no room for the name of where the last hop led: drop it, its place is that name */
        r->n_hops--;
        r->last_place = r->n_hops ? r->hops[r->n_hops].place : NULL;
    }
}

void pc_history_summarize(const pc_shipment *s, int64_t delivered, pc_history_summary *r)
{
    memset(r, 0, offsetof(pc_history_summary, text));
    text t = {r->text, 0, sizeof(r->text)};
    r->tenant_id = s->tenant_id;
    r->start = PC_TIME_NONE;
    r->start_offset = r->delivered_offset = PC_OFFSET_NONE;
    const pc_event *start = NULL, *dl = NULL;
    for (size_t i = 0; i < s->n_events; i++) {
        const pc_event *e = &s->events[i];
        if (!start && is_carrier_event(e) && e->time < delivered)
            start = e;
        if (e->status == PC_STATUS_DELIVERED && !dl)
            dl = e;
        if (e->status == PC_STATUS_FAILED_ATTEMPT && e->time <= delivered && r->failed < UINT16_MAX)
            r->failed++;
        if (e->status == PC_STATUS_EXCEPTION)
            r->exception = true;
        if (e->status == PC_STATUS_RETURNED || (e->substatus && strstr(e->substatus, "return")))
            r->returned = true;
        if (e->status == PC_STATUS_EXCEPTION || e->status == PC_STATUS_FAILED_ATTEMPT ||
            e->status == PC_STATUS_RETURNED)
            add_kind(r, &t, e);
    }
    if (start)
        r->handoff = true;
    else if (s->n_events > 0 && s->events[0].time < delivered)
        start = &s->events[0];
    if (start) {
        r->start = start->time;
        r->start_offset = start->utc_offset;
        r->delivered_offset = dl ? dl->utc_offset : start->utc_offset;
    }
    const char *country[] = {s->destination.country};
    r->dest_country = s->destination.country ? text_join(&t, country, 1, "") : NULL;
    add_hops(r, &t, s, delivered);
}

/* ---- encoding ------------------------------------------------------------------------------ */

/* u16 length (0xFFFF: NULL), the bytes, a NUL (so a decoded string can point into the row). */
static void put_cstr(pc__wbuf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (!s || n >= 0xFFFFu) {
        pc__put_u16(b, 0xFFFFu);
        return;
    }
    pc__put_u16(b, (uint16_t)n);
    pc__put_bytes(b, s, n + 1);
}

static const char *get_cstr(pc__rbuf *b)
{
    uint16_t n = pc__get_u16(b);
    if (b->failed || n == 0xFFFFu)
        return NULL;
    if (b->len - b->off < (size_t)n + 1 || b->p[b->off + n] != '\0') {
        b->failed = 1;
        return NULL;
    }
    const char *s = (const char *)b->p + b->off;
    b->off += (size_t)n + 1;
    return s;
}

void pc__put_summary(pc__wbuf *b, const pc_history_summary *r)
{
    pc__put_u32(b, r->tenant_id);
    pc__put_time(b, r->start);
    pc__put_u16(b, (uint16_t)r->start_offset);
    pc__put_u16(b, (uint16_t)r->delivered_offset);
    pc__put_u8(b, (uint8_t)(r->handoff | r->exception << 1 | r->returned << 2));
    pc__put_u16(b, r->failed);
    put_cstr(b, r->dest_country);
    pc__put_u8(b, (uint8_t)r->n_kinds);
    for (size_t i = 0; i < r->n_kinds; i++)
        put_cstr(b, r->kinds[i]);
    pc__put_u8(b, (uint8_t)r->n_hops);
    for (size_t i = 0; i < r->n_hops; i++) {
        put_cstr(b, r->hops[i].place);
        pc__put_u32(b, r->hops[i].dwell);
        pc__put_u32(b, r->hops[i].travel);
    }
    if (r->n_hops)
        put_cstr(b, r->last_place);
}

int pc__get_summary(pc__rbuf *b, pc_history_summary *r)
{
    memset(r, 0, offsetof(pc_history_summary, text));
    r->tenant_id = pc__get_u32(b);
    r->start = pc__get_time(b);
    r->start_offset = (int16_t)pc__get_u16(b);
    r->delivered_offset = (int16_t)pc__get_u16(b);
    uint8_t flags = pc__get_u8(b);
    r->handoff = flags & 1;
    r->exception = flags & 2;
    r->returned = flags & 4;
    r->failed = pc__get_u16(b);
    r->dest_country = get_cstr(b);
    r->n_kinds = pc__get_u8(b);
    if (r->n_kinds > PC_HISTORY_MAX_KINDS)
        return PC_EMALFORMED;
    for (size_t i = 0; i < r->n_kinds; i++)
        if (!(r->kinds[i] = get_cstr(b)))
            return PC_EMALFORMED;
    r->n_hops = pc__get_u8(b);
    if (r->n_hops > PC_HISTORY_MAX_HOPS)
        return PC_EMALFORMED;
    for (size_t i = 0; i < r->n_hops; i++) {
        if (!(r->hops[i].place = get_cstr(b)))
            return PC_EMALFORMED;
        r->hops[i].dwell = pc__get_u32(b);
        r->hops[i].travel = pc__get_u32(b);
    }
    if (r->n_hops && !(r->last_place = get_cstr(b)))
        return PC_EMALFORMED;
    return b->failed ? PC_EMALFORMED : 0;
}
