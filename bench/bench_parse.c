/*
 * bench_parse: MB/s and events/s per adapter on large bodies, beside jansson's or libxml2's own
 * parse of the same bytes without normalization, tree freed included (the ratio is the figure).
 *
 * Bodies are generated from each adapter's richest fixture (tests/carriers/<name>/): the largest
 * repeated element (the event list: a JSON array of objects, or the XML element with the most
 * same-named siblings) is replicated until the body reaches TARGET bytes. Replicated events are
 * parsed in full (times, zones, codes, text) and then de-duplicated by the core, so the work per
 * event is the real one.
 *
 *   bench_parse FIXTURES_DIR [target_bytes=2000000] [reps=5]
 *   PC_ONLY=<adapter> and PC_FORMAT=json|xml limit the run (for profiling); PC_BENCH_VERBOSE=1
 *   prints every run's times.
 */
#include "bench_util.h"

#include <parcelcast/adapter.h>

#include <dirent.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const pc_adapter *const pc_bench_adapters[];

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) {
        b[n] = '\0';
        *len = (size_t)n;
    }
    return b;
}

static const pc_parse_limits big_limits = {1u << 30, 1u << 24, 1u << 20, 1u << 20};

/* Events in the adapter's output before normalization (a->parse), or -1 if it fails. */
static long count_events(const pc_adapter *a, const char *body, size_t len)
{
    pc_parse_result r;
    pc_diag d;
    memset(&r, 0, sizeof(r));
    pc_parse_input in = {.data = body, .len = len, .format = PC_FORMAT_JSON, .limits = &big_limits};
    const char *p = body;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    in.format = *p == '<' ? PC_FORMAT_XML : PC_FORMAT_JSON;
    long n = -1;
    if (a->parse(&in, &r, &d) == 0) {
        n = 0;
        for (size_t i = 0; i < r.n_shipments; i++)
            n += (long)r.shipments[i].n_events;
    }
    pc_parse_result_done(&r);
    return n;
}

/* ---- enlarging JSON: replicate the largest array of objects ---- */
static json_t *largest_array(json_t *j, size_t *best)
{
    json_t *found = NULL, *v;
    const char *k;
    if (json_is_array(j)) {
        size_t i, objs = 0;
        json_array_foreach(j, i, v) objs += json_is_object(v);
        if (objs > *best && objs == json_array_size(j)) {
            *best = objs;
            found = j;
        }
        json_array_foreach(j, i, v)
        {
            json_t *f = largest_array(v, best);
            if (f)
                found = f;
        }
    } else if (json_is_object(j)) {
        json_object_foreach(j, k, v)
        {
            json_t *f = largest_array(v, best);
            if (f)
                found = f;
        }
    }
    return found;
}

static char *enlarge_json(const char *body, size_t len, size_t target, size_t *ret_len)
{
    json_t *root = json_loadb(body, len, 0, NULL);
    size_t best = 0;
    json_t *arr = root ? largest_array(root, &best) : NULL;
    if (!arr) {
        json_decref(root);
        return NULL;
    }
    size_t orig = json_array_size(arr);
    size_t per = len / (orig ? orig : 1) + 1, copies = target / per + 1;
    for (size_t c = 0; c < copies; c++)
        for (size_t i = 0; i < orig; i++)
            json_array_append_new(arr, json_deep_copy(json_array_get(arr, i)));
    char *out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    *ret_len = out ? strlen(out) : 0;
    return out;
}

/* ---- enlarging XML: replicate the element with the most same-named siblings ---- */
static xmlNodePtr best_node;
static size_t best_count;

static void find_repeated(xmlNodePtr n)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        size_t same = 0;
        for (xmlNodePtr s = n->children; s; s = s->next)
            if (s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, c->name))
                same++;
        /* prefer nodes that carry a structure (events), not leaf lists */
        if (same > best_count || (same == best_count && c->children && !best_node)) {
            best_count = same;
            best_node = c;
        }
        find_repeated(c);
    }
}

static char *enlarge_xml(const char *body, size_t len, size_t target, size_t *ret_len)
{
    const char *p = body;
    while ((size_t)(p - body) < len && (*p == ' ' || *p == '\n' || *p == '\r'))
        p++;
    xmlDocPtr doc = xmlReadMemory(p, (int)(len - (size_t)(p - body)), NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return NULL;
    best_node = NULL;
    best_count = 0;
    find_repeated(xmlDocGetRootElement(doc));
    if (!best_node) {
        xmlFreeDoc(doc);
        return NULL;
    }
    size_t copies = target / (len / (best_count ? best_count : 1) + 1) + 1;
    xmlNodePtr parent = best_node->parent;
    const xmlChar *name = best_node->name;
    xmlNodePtr originals[4096];
    size_t n_orig = 0;
    for (xmlNodePtr s = parent->children; s && n_orig < 4096; s = s->next)
        if (s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, name))
            originals[n_orig++] = s;
    xmlNodePtr last = originals[n_orig - 1];
    for (size_t c = 0; c < copies; c++)
        for (size_t i = 0; i < n_orig; i++)
            last = xmlAddNextSibling(last, xmlCopyNode(originals[i], 1));
    xmlChar *out;
    int n;
    xmlDocDumpMemory(doc, &out, &n);
    xmlFreeDoc(doc);
    char *r = malloc((size_t)n + 1);
    memcpy(r, out, (size_t)n);
    r[n] = '\0';
    xmlFree(out);
    *ret_len = (size_t)n;
    return r;
}

/*
 * Fold the small chunks the previous timed section freed back into the heap, untimed (a heap
 * allocation above the small-bin range consolidates them; 1 MiB is under the mmap threshold set
 * in main), so that
 * neither side pays for the other's garbage: glibc does it (malloc_consolidate) at the next
 * large malloc, which would otherwise bill the adapter for the raw parser's freed tree and the
 * other way round. Each side still pays for consolidating what it freed itself.
 */
static void settle_heap(void)
{
    void *volatile p = malloc(1 << 20); /* volatile: the compiler may drop a malloc/free pair */
    free(p);
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_parse FIXTURES_DIR [target_bytes] [reps]\n");
        return 2;
    }
    size_t target = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 2000000;
    int reps = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5;
    if (reps < 1 || reps > 50)
        return 2;
    /* Freed memory stays in the process for both sides: without this, whichever side happens to
     * grow the heap again after glibc trimmed it pays the kernel's page faults, and on this
     * shared machine that made the raw figure swing fivefold between runs. */
    if (!mallopt(M_TRIM_THRESHOLD, 1 << 30) || !mallopt(M_MMAP_THRESHOLD, 32 << 20)) {
        fprintf(stderr, "bench_parse: mallopt refused\n");
        return 1;
    }
    printf("bench_parse: bodies of ~%zu bytes, %d runs, medians\n", target, reps);
    printf("%-14s %-5s %-28s %9s %11s %11s %9s %7s\n", "adapter", "fmt", "seed fixture", "MB/s",
           "events/s", "raw MB/s", "raw lib", "ratio");
    const char *only = getenv("PC_ONLY");
    for (size_t ai = 0; pc_bench_adapters[ai]; ai++) {
        const pc_adapter *a = pc_bench_adapters[ai];
        if (only && *only && strcmp(only, a->name) != 0)
            continue;
        for (int fmt = 0; fmt < 2; fmt++) {
            const char *ext = fmt ? ".xml" : ".json";
            const char *only_fmt = getenv("PC_FORMAT");
            if (only_fmt && *only_fmt && strcmp(only_fmt, ext + 1) != 0)
                continue;
            char dir[2048], best_path[4096] = "";
            long best_events = 0;
            snprintf(dir, sizeof(dir), "%s/%s", argv[1], a->name);
            DIR *d = opendir(dir);
            struct dirent *de;
            while (d && (de = readdir(d)) != NULL) {
                if (!ends_with(de->d_name, ext) || ends_with(de->d_name, ".expected.json"))
                    continue;
                char path[4096];
                size_t len;
                snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
                char *body = slurp(path, &len);
                long n = body ? count_events(a, body, len) : -1;
                if (n > best_events) {
                    best_events = n;
                    snprintf(best_path, sizeof(best_path), "%s", path);
                }
                free(body);
            }
            if (d)
                closedir(d);
            if (!best_events)
                continue;
            size_t len, big_len = 0;
            char *seed = slurp(best_path, &len);
            char *big = fmt ? enlarge_xml(seed, len, target, &big_len)
                            : enlarge_json(seed, len, target, &big_len);
            free(seed);
            long events = big ? count_events(a, big, big_len) : -1;
            if (events <= 0) {
                printf("%-14s %-5s %-28s  (enlarged body not accepted)\n", a->name, ext + 1,
                       strrchr(best_path, '/') + 1);
                free(big);
                continue;
            }
            double ours[50], raw[50];
            for (int r = 0; r < reps; r++) {
                pc_parse_result res;
                pc_diag diag;
                pc_parse_input in = {.data = big,
                                     .len = big_len,
                                     .format = fmt ? PC_FORMAT_XML : PC_FORMAT_JSON,
                                     .limits = &big_limits};
                settle_heap();
                double t0 = bench_now();
                int rc = pc_adapter_parse(a, &in, 0, &res, &diag);
                ours[r] = bench_now() - t0;
                pc_parse_result_done(&res);
                if (rc < 0) {
                    fprintf(stderr, "%s: %s\n", a->name, diag.message);
                    return 1;
                }
                /* The raw parse is timed with freeing its tree, as the adapter frees its own
                 * DOM/JSON tree before returning (its result is freed outside the timing). */
                settle_heap();
                t0 = bench_now();
                if (fmt) {
                    xmlDocPtr doc = xmlReadMemory(big, (int)big_len, NULL, NULL, XML_PARSE_NONET);
                    xmlFreeDoc(doc);
                } else {
                    json_t *j = json_loadb(big, big_len, 0, NULL);
                    json_decref(j);
                }
                raw[r] = bench_now() - t0;
                if (getenv("PC_BENCH_VERBOSE"))
                    fprintf(stderr, "  run %d: ours %.4f s, raw %.4f s\n", r, ours[r], raw[r]);
            }
            double mo = bench_median(ours, reps), mr = bench_median(raw, reps);
            printf("%-14s %-5s %-28s %9.1f %11.0f %11.1f %9s %7.2f\n", a->name, ext + 1,
                   strrchr(best_path, '/') + 1, (double)big_len / mo / 1e6, (double)events / mo,
                   (double)big_len / mr / 1e6, fmt ? "libxml2" : "jansson", mr / mo);
            free(big);
        }
    }
    return 0;
}
