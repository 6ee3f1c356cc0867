#include <parcelcast/error.h>
#include <parcelcast/plugins.h>

#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    const pc_adapter *a;
    void *handle; /* NULL for static adapters */
    char *source;
} entry;

struct pc_registry {
    entry *v;
    size_t n, cap;
};

int pc_registry_new(pc_registry **ret_registry)
{
    *ret_registry = calloc(1, sizeof(**ret_registry));
    return *ret_registry ? 0 : PC_ENOMEM;
}

void pc_registry_free(pc_registry *reg)
{
    if (!reg)
        return;
    for (size_t i = 0; i < reg->n; i++) {
        if (reg->v[i].handle)
            dlclose(reg->v[i].handle);
        free(reg->v[i].source);
    }
    free(reg->v);
    free(reg);
}

static int valid_name(const char *name)
{
    if (!name || !*name || strlen(name) > 32)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

static int add_entry(pc_registry *reg, const pc_adapter *a, void *handle, const char *source,
                     char *err, size_t errlen)
{
    if (a->abi_version != PC_ADAPTER_ABI_VERSION) {
        snprintf(err, errlen, "adapter ABI version %u, this parcelcast needs %u", a->abi_version,
                 PC_ADAPTER_ABI_VERSION);
        return PC_EPLUGIN;
    }
    if (!valid_name(a->name)) {
        snprintf(err, errlen, "adapter name must be 1-32 characters of [a-z0-9_]");
        return PC_EPLUGIN;
    }
    if (!a->parse || !a->build_request || !a->display_name) {
        snprintf(err, errlen, "adapter %s lacks %s", a->name,
                 !a->parse           ? "parse"
                 : !a->build_request ? "build_request"
                                     : "display_name");
        return PC_EPLUGIN;
    }
    if ((a->caps & PC_CAP_OAUTH) && (!a->oauth_token_path || a->oauth_token_path[0] != '/')) {
        snprintf(err, errlen, "adapter %s claims oauth but has no oauth_token_path (\"/...\")",
                 a->name);
        return PC_EPLUGIN;
    }
    if ((a->caps & PC_CAP_PUSH) && !a->parse_push) {
        snprintf(err, errlen, "adapter %s claims push but has no parse_push", a->name);
        return PC_EPLUGIN;
    }
    if ((a->caps & PC_CAP_RENDER) && (!a->render || !a->parse_request)) {
        snprintf(err, errlen, "adapter %s claims render but lacks render or parse_request",
                 a->name);
        return PC_EPLUGIN;
    }
    if (!(a->caps & (PC_CAP_JSON | PC_CAP_XML))) {
        snprintf(err, errlen, "adapter %s speaks neither JSON nor XML", a->name);
        return PC_EPLUGIN;
    }
    size_t pos = 0;
    while (pos < reg->n && strcmp(reg->v[pos].a->name, a->name) < 0)
        pos++;
    if (pos < reg->n && strcmp(reg->v[pos].a->name, a->name) == 0) {
        snprintf(err, errlen, "adapter name '%s' is already taken by %s", a->name,
                 reg->v[pos].source);
        return PC_EPLUGIN;
    }
    if (reg->n == reg->cap) {
        size_t cap = reg->cap ? reg->cap * 2 : 16;
        entry *v = realloc(reg->v, cap * sizeof(*v));
        if (!v)
            return PC_ENOMEM;
        reg->v = v;
        reg->cap = cap;
    }
    char *src = strdup(source ? source : "static");
    if (!src)
        return PC_ENOMEM;
    memmove(&reg->v[pos + 1], &reg->v[pos], (reg->n - pos) * sizeof(*reg->v));
    reg->v[pos] = (entry){a, handle, src};
    reg->n++;
    return 0;
}

int pc_registry_add(pc_registry *reg, const pc_adapter *a, const char *source, char *err,
                    size_t errlen)
{
    return add_entry(reg, a, NULL, source, err, errlen);
}

static int so_name(const struct dirent *de)
{
    size_t n = strlen(de->d_name);
    return n > 3 && strcmp(de->d_name + n - 3, ".so") == 0;
}

int pc_registry_load_dir(pc_registry *reg, const char *dir, pc_plugin_msg_fn on_refused, void *ctx)
{
    struct dirent **list;
    int n = scandir(dir, &list, so_name, alphasort);
    if (n < 0)
        return PC_EIO;
    int loaded = 0;
    for (int i = 0; i < n; i++) {
        char path[4096], err[512];
        snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
        free(list[i]);
        void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            const char *e = dlerror();
            if (on_refused)
                on_refused(ctx, path, e ? e : "cannot be opened");
            continue;
        }
        const pc_adapter *const *sym = dlsym(h, PC_ADAPTER_SYMBOL);
        if (!sym || !*sym) {
            if (on_refused)
                on_refused(ctx, path,
                           "no " PC_ADAPTER_SYMBOL " symbol: not a parcelcast "
                           "adapter (see docs/carriers.md)");
            dlclose(h);
            continue;
        }
        int rc = add_entry(reg, *sym, h, path, err, sizeof(err));
        if (rc < 0) {
            if (on_refused)
                on_refused(ctx, path, rc == PC_ENOMEM ? "out of memory" : err);
            dlclose(h);
            continue;
        }
        loaded++;
    }
    free(list);
    return loaded;
}

const pc_adapter *pc_registry_find(const pc_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->n; i++)
        if (strcmp(reg->v[i].a->name, name) == 0)
            return reg->v[i].a;
    return NULL;
}

size_t pc_registry_count(const pc_registry *reg)
{
    return reg->n;
}

const pc_adapter *pc_registry_at(const pc_registry *reg, size_t i)
{
    return i < reg->n ? reg->v[i].a : NULL;
}

const char *pc_registry_source(const pc_registry *reg, size_t i)
{
    return i < reg->n ? reg->v[i].source : NULL;
}

char *pc_adapter_caps_string(const pc_adapter *a, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
#define CAP(bit, text)                                                                             \
    if ((a->caps & (bit)) && n < size)                                                             \
        n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "," : "", text);
    CAP(PC_CAP_JSON, "json")
    CAP(PC_CAP_XML, "xml")
    CAP(PC_CAP_PULL, "pull")
    CAP(PC_CAP_PUSH, "push")
    CAP(PC_CAP_OAUTH, "oauth")
    CAP(PC_CAP_RENDER, "render")
#undef CAP
    if ((a->caps & PC_CAP_BATCH) && n < size)
        snprintf(buf + n, size - n, "%sbatch(%u)", n ? "," : "", a->max_batch);
    return buf;
}
