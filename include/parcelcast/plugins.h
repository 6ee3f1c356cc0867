/**
 * @file plugins.h
 * The adapter registry: adapters loaded from the plugin directory with dlopen, or added
 * directly (statically linked ones in tests and fuzzers).
 */
#ifndef PARCELCAST_PLUGINS_H
#define PARCELCAST_PLUGINS_H

#include <parcelcast/adapter.h>
#include <stddef.h>

typedef struct pc_registry pc_registry;

/** @return 0, PC_ENOMEM. */
int pc_registry_new(pc_registry **ret_registry);

/** Free the registry and dlclose its modules. Adapters from it become invalid. Accepts NULL. */
void pc_registry_free(pc_registry *reg);

/**
 * Validate and add an adapter: ABI version, a lower-case name of [a-z0-9_], parse and
 * build_request present, name not taken.
 * @param source where it came from (a path, or "static"); copied.
 * @return 0, PC_EPLUGIN (message in err), PC_ENOMEM.
 */
int pc_registry_add(pc_registry *reg, const pc_adapter *a, const char *source, char *err,
                    size_t errlen);

/** Called for every module refused while loading a directory. */
typedef void (*pc_plugin_msg_fn)(void *ctx, const char *path, const char *message);

/**
 * Load every *.so in dir (in name order). A module that cannot be opened, lacks the
 * PC_ADAPTER_SYMBOL symbol, has another ABI version, or reuses a name is refused through
 * on_refused and the rest still load.
 * @return the number of adapters loaded (>= 0), or PC_EIO when dir cannot be read.
 */
int pc_registry_load_dir(pc_registry *reg, const char *dir, pc_plugin_msg_fn on_refused, void *ctx);

/** Adapter by name, or NULL. Valid while the registry lives. */
const pc_adapter *pc_registry_find(const pc_registry *reg, const char *name);

/** Number of adapters and the i-th in name order. */
size_t pc_registry_count(const pc_registry *reg);
const pc_adapter *pc_registry_at(const pc_registry *reg, size_t i);

/** Where the i-th adapter came from (module path or "static"). */
const char *pc_registry_source(const pc_registry *reg, size_t i);

/** Capabilities as text, e.g. "json,xml,pull,batch(30),oauth" into buf. @return buf. */
char *pc_adapter_caps_string(const pc_adapter *a, char *buf, size_t size);

#endif
