#include <parcelcast/error.h>
#include <parcelcast/model.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
#define PC__STATUS_NAME(e, s) s,
    PC_STATUS_MAP(PC__STATUS_NAME)
#undef PC__STATUS_NAME
};

const char *pc_status_name(pc_status st)
{
    if ((unsigned)st >= PC_STATUS__COUNT)
        return "unknown";
    return status_names[st];
}

int pc_status_parse(const char *name, pc_status *ret_status)
{
    if (!name)
        return PC_EINVAL;
    for (unsigned i = 0; i < PC_STATUS__COUNT; i++) {
        if (strcmp(name, status_names[i]) == 0) {
            *ret_status = (pc_status)i;
            return 0;
        }
    }
    return PC_EINVAL;
}

bool pc_status_is_final(pc_status st)
{
    return st == PC_STATUS_DELIVERED || st == PC_STATUS_RETURNED || st == PC_STATUS_EXPIRED;
}

void pc_location_done(pc_location *loc)
{
    if (!loc)
        return;
    free(loc->city);
    free(loc->region);
    free(loc->postal_code);
    free(loc->country);
    memset(loc, 0, sizeof(*loc));
}

bool pc_location_empty(const pc_location *loc)
{
    return !loc->city && !loc->region && !loc->postal_code && !loc->country;
}

void pc_event_done(pc_event *ev)
{
    if (!ev)
        return;
    free(ev->substatus);
    free(ev->code);
    free(ev->description);
    pc_location_done(&ev->location);
    ev->substatus = ev->code = ev->description = NULL;
}

void pc_shipment_init(pc_shipment *s)
{
    memset(s, 0, sizeof(*s));
    s->status = PC_STATUS_PENDING;
    s->carrier_eta = PC_TIME_NONE;
    s->promised_by = PC_TIME_NONE;
    s->created_at = PC_TIME_NONE;
    s->updated_at = PC_TIME_NONE;
}

void pc_shipment_done(pc_shipment *s)
{
    if (!s)
        return;
    free(s->carrier);
    free(s->tracking_number);
    free(s->substatus);
    free(s->service);
    free(s->signed_by);
    pc_location_done(&s->origin);
    pc_location_done(&s->destination);
    for (size_t i = 0; i < s->n_events; i++)
        pc_event_done(&s->events[i]);
    free(s->events);
    free(s->order_id);
    free(s->customer.name);
    free(s->customer.email);
    free(s->metadata_json);
    pc_shipment_init(s);
}

void pc_shipment_free(pc_shipment *s)
{
    pc_shipment_done(s);
    free(s);
}

int pc_shipment_add_event(pc_shipment *s, size_t max_events, pc_event **ret_event)
{
    if (max_events && s->n_events >= max_events)
        return PC_ELIMIT;
    if (s->n_events == s->cap_events) {
        size_t cap = s->cap_events ? s->cap_events * 2 : 8;
        pc_event *ev = realloc(s->events, cap * sizeof(*ev));
        if (!ev)
            return PC_ENOMEM;
        s->events = ev;
        s->cap_events = cap;
    }
    pc_event *ev = &s->events[s->n_events++];
    memset(ev, 0, sizeof(*ev));
    ev->time = PC_TIME_NONE;
    ev->utc_offset = PC_OFFSET_NONE;
    ev->status = PC_STATUS_IN_TRANSIT;
    *ret_event = ev;
    return 0;
}

int pc_set_str(char **field, const char *value, size_t len)
{
    char *copy = NULL;
    if (value) {
        if (len == (size_t)-1)
            len = strlen(value);
        while (len && isspace((unsigned char)value[0])) {
            value++;
            len--;
        }
        while (len && isspace((unsigned char)value[len - 1]))
            len--;
        if (len) {
            copy = malloc(len + 1);
            if (!copy)
                return PC_ENOMEM;
            memcpy(copy, value, len);
            copy[len] = '\0';
        }
    }
    free(*field);
    *field = copy;
    return 0;
}

static int dup_field(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = strdup(src);
    return *dst ? 0 : PC_ENOMEM;
}

int pc_location_copy(pc_location *dst, const pc_location *src)
{
    memset(dst, 0, sizeof(*dst));
    if (dup_field(&dst->city, src->city) < 0 || dup_field(&dst->region, src->region) < 0 ||
        dup_field(&dst->postal_code, src->postal_code) < 0 ||
        dup_field(&dst->country, src->country) < 0) {
        pc_location_done(dst);
        return PC_ENOMEM;
    }
    return 0;
}

int pc_event_copy(pc_event *dst, const pc_event *src)
{
    *dst = *src;
    dst->substatus = dst->code = dst->description = NULL;
    memset(&dst->location, 0, sizeof(dst->location));
    if (dup_field(&dst->substatus, src->substatus) < 0 || dup_field(&dst->code, src->code) < 0 ||
        dup_field(&dst->description, src->description) < 0 ||
        pc_location_copy(&dst->location, &src->location) < 0) {
        pc_event_done(dst);
        return PC_ENOMEM;
    }
    return 0;
}

int pc_shipment_copy(pc_shipment *dst, const pc_shipment *src)
{
    int rc = PC_ENOMEM;
    pc_shipment_init(dst);
    dst->status = src->status;
    dst->carrier_eta = src->carrier_eta;
    dst->tenant_id = src->tenant_id;
    dst->promised_by = src->promised_by;
    dst->created_at = src->created_at;
    dst->updated_at = src->updated_at;
    if (dup_field(&dst->carrier, src->carrier) < 0 ||
        dup_field(&dst->tracking_number, src->tracking_number) < 0 ||
        dup_field(&dst->substatus, src->substatus) < 0 ||
        dup_field(&dst->service, src->service) < 0 ||
        dup_field(&dst->signed_by, src->signed_by) < 0 ||
        dup_field(&dst->order_id, src->order_id) < 0 ||
        dup_field(&dst->customer.name, src->customer.name) < 0 ||
        dup_field(&dst->customer.email, src->customer.email) < 0 ||
        dup_field(&dst->metadata_json, src->metadata_json) < 0 ||
        pc_location_copy(&dst->origin, &src->origin) < 0 ||
        pc_location_copy(&dst->destination, &src->destination) < 0)
        goto out;
    if (src->n_events) {
        dst->events = calloc(src->n_events, sizeof(*dst->events));
        if (!dst->events)
            goto out;
        dst->cap_events = src->n_events;
        for (size_t i = 0; i < src->n_events; i++) {
            if (pc_event_copy(&dst->events[i], &src->events[i]) < 0)
                goto out;
            dst->n_events++;
        }
    }
    rc = 0;
out:
    if (rc < 0)
        pc_shipment_done(dst);
    return rc;
}

/* NULL sorts before any string. */
static int strcmp_null(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    return strcmp(a, b);
}

static int location_cmp(const pc_location *a, const pc_location *b)
{
    int c;
    if ((c = strcmp_null(a->country, b->country)) != 0)
        return c;
    if ((c = strcmp_null(a->region, b->region)) != 0)
        return c;
    if ((c = strcmp_null(a->city, b->city)) != 0)
        return c;
    return strcmp_null(a->postal_code, b->postal_code);
}

bool pc_event_same(const pc_event *a, const pc_event *b)
{
    return a->time == b->time && strcmp_null(a->code, b->code) == 0 &&
           location_cmp(&a->location, &b->location) == 0;
}

int pc_event_cmp(const pc_event *a, const pc_event *b)
{
    int c;
    if (a->time != b->time)
        return a->time < b->time ? -1 : 1;
    /* Same instant: the later stage of the taxonomy sorts last, so it becomes the status. */
    if (a->status != b->status)
        return a->status < b->status ? -1 : 1;
    if ((c = strcmp_null(a->code, b->code)) != 0)
        return c;
    if ((c = location_cmp(&a->location, &b->location)) != 0)
        return c;
    if ((c = strcmp_null(a->description, b->description)) != 0)
        return c;
    if ((c = strcmp_null(a->substatus, b->substatus)) != 0)
        return c;
    if (a->utc_offset != b->utc_offset)
        return a->utc_offset < b->utc_offset ? -1 : 1;
    return 0;
}

/* Identity order: duplicates (same time, code, location) become adjacent, and the first of a run
 * is the one pc_event_cmp ranks smallest, the same copy the store keeps. */
static int event_identity_cmp(const void *pa, const void *pb)
{
    const pc_event *a = pa, *b = pb;
    int c;
    if (a->time != b->time)
        return a->time < b->time ? -1 : 1;
    if ((c = strcmp_null(a->code, b->code)) != 0)
        return c;
    if ((c = location_cmp(&a->location, &b->location)) != 0)
        return c;
    return pc_event_cmp(a, b);
}

static void upper_ascii(char *s)
{
    for (; s && *s; s++)
        *s = (char)toupper((unsigned char)*s);
}

/* Carriers send events in order, newest or oldest first: detect that in O(n) and avoid qsort,
 * whose merge buffer (a malloc as large as the array) is the costly part on big bodies. */
static void sort_events(pc_event *ev, size_t n, int (*cmp)(const void *, const void *))
{
    size_t asc = 1, desc = 1;
    for (size_t i = 1; i < n && (asc || desc); i++) {
        int c = cmp(&ev[i - 1], &ev[i]);
        asc &= c <= 0;
        desc &= c > 0;
    }
    if (asc)
        return;
    if (desc) {
        for (size_t a = 0, b = n - 1; a < b; a++, b--) {
            pc_event t = ev[a];
            ev[a] = ev[b];
            ev[b] = t;
        }
        return;
    }
    qsort(ev, n, sizeof(*ev), cmp);
}

void pc_shipment_normalize(pc_shipment *s)
{
    for (size_t i = 0; i < s->n_events; i++)
        upper_ascii(s->events[i].location.country);
    if (s->n_events > 1)
        sort_events(s->events, s->n_events, event_identity_cmp);
    size_t w = 0;
    for (size_t r = 0; r < s->n_events; r++) {
        if (w > 0 && pc_event_same(&s->events[w - 1], &s->events[r])) {
            pc_event_done(&s->events[r]);
            continue;
        }
        if (w != r)
            s->events[w] = s->events[r];
        w++;
    }
    s->n_events = w;
    /* Identity order and display order differ only among events of the same instant: put each
     * such run into display order (runs are short; insertion sort, no allocation). */
    for (size_t i = 1; i < s->n_events; i++) {
        pc_event cur = s->events[i];
        size_t j = i;
        while (j > 0 && s->events[j - 1].time == cur.time &&
               pc_event_cmp(&s->events[j - 1], &cur) > 0) {
            s->events[j] = s->events[j - 1];
            j--;
        }
        s->events[j] = cur;
    }
    upper_ascii(s->origin.country);
    upper_ascii(s->destination.country);
    if (s->n_events) {
        const pc_event *last = &s->events[s->n_events - 1];
        s->status = last->status;
        char *sub = last->substatus ? strdup(last->substatus) : NULL;
        if (!last->substatus || sub) {
            free(s->substatus);
            s->substatus = sub;
        }
    } else if (s->status != PC_STATUS_EXPIRED) {
        s->status = PC_STATUS_PENDING;
    }
}
