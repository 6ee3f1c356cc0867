/* tenant add|list|key|revoke: merchants (tenants) and their API keys. A key is printed once
 * and stored only as its SHA-256 hash (see core/api/tenants_auth.c). */
#include "cli.h"

#include "api/api.h"

#include <parcelcast/error.h>
#include <parcelcast/store.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char tenant_usage[] =
    "Usage: parcelcast tenant add NAME       create a tenant; print its API key (once)\n"
    "       parcelcast tenant list [--json]  id, name and shipments of every tenant\n"
    "       parcelcast tenant key NAME       issue another API key for a tenant\n"
    "       parcelcast tenant revoke KEY     revoke an API key\n"
    "API keys are sent as 'Authorization: Bearer KEY'. Only their SHA-256 hash is stored: a\n"
    "lost key cannot be shown again, issue a new one with `tenant key`.\n\n"
    "  --json              (list) print JSON\n";

typedef struct tenant_op {
    const char *name;       /* add, key */
    bool create;            /* add: a new tenant */
    unsigned char hash[32]; /* the key's hash to store / revoke */
    uint32_t tenant;        /* out */
} tenant_op;

/* Tenant ids are handed out in order from 1 and never reused. */
static int find_tenant(pc_txn *tx, const char *name, uint32_t *ret)
{
    pc_store_stats stats;
    int rc = pc_store_stats_get(tx, &stats);
    if (rc < 0)
        return rc;
    size_t seen = 0;
    for (uint32_t id = 1; seen < stats.tenants && id != 0; id++) {
        char *n = NULL;
        rc = pc_store_get_tenant(tx, id, &n);
        if (rc == PC_ENOTFOUND)
            continue;
        if (rc < 0)
            return rc;
        seen++;
        bool same = strcmp(n, name) == 0;
        free(n);
        if (same) {
            *ret = id;
            return 0;
        }
    }
    return PC_ENOTFOUND;
}

static int add_key_fn(pc_txn *tx, void *arg)
{
    tenant_op *op = arg;
    int rc = find_tenant(tx, op->name, &op->tenant);
    if (op->create) {
        if (rc == 0)
            return PC_EEXISTS;
        if (rc != PC_ENOTFOUND)
            return rc;
        if ((rc = pc_store_add_tenant(tx, op->name, &op->tenant)) < 0)
            return rc;
    } else if (rc < 0) {
        return rc;
    }
    return pc_store_add_api_key(tx, op->tenant, op->hash);
}

static int revoke_fn(pc_txn *tx, void *arg)
{
    tenant_op *op = arg;
    int rc = pc_store_find_api_key(tx, op->hash, &op->tenant);
    if (rc < 0)
        return rc;
    return pc_store_delete_api_key(tx, op->hash);
}

static int count_cb(uint64_t id, void *ctx)
{
    (void)id;
    (*(size_t *)ctx)++;
    return 0;
}

static int tenant_list(cli_ctx *ctx, pc_store *st, int as_json)
{
    pc_txn *tx;
    pc_store_stats stats;
    int rc = pc_store_read_begin(st, &tx);
    if (rc < 0) {
        cli_error(ctx, "%s", pc_strerror(rc));
        return cli_exit_for(rc);
    }
    json_t *arr = as_json ? json_array() : NULL;
    if (!as_json)
        printf("%-6s %-32s %s\n", "ID", "NAME", "SHIPMENTS");
    rc = pc_store_stats_get(tx, &stats);
    size_t seen = 0;
    for (uint32_t id = 1; rc == 0 && seen < stats.tenants && id != 0; id++) {
        char *name = NULL;
        size_t n = 0;
        int r = pc_store_get_tenant(tx, id, &name);
        if (r == PC_ENOTFOUND)
            continue;
        if (r < 0 || (r = pc_store_scan_tenant(tx, id, 0, count_cb, &n)) < 0) {
            free(name);
            rc = r;
            break;
        }
        seen++;
        if (as_json)
            json_array_append_new(arr, json_pack("{s:i, s:s, s:I}", "id", (int)id, "name", name,
                                                 "shipments", (json_int_t)n));
        else
            printf("%-6u %-32s %zu\n", (unsigned)id, name, n);
        free(name);
    }
    pc_store_read_end(tx);
    if (rc < 0) {
        json_decref(arr);
        cli_error(ctx, "%s", pc_strerror(rc));
        return cli_exit_for(rc);
    }
    if (as_json) {
        char *text = json_dumps(arr, JSON_INDENT(2));
        puts(text ? text : "[]");
        free(text);
        json_decref(arr);
    }
    return PC_EXIT_OK;
}

int cmd_tenant(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    int opt, ex = PC_EXIT_OK, as_json = 0;
    while ((opt = cli_getopt(ctx, argc, argv, "h", longopts, tenant_usage, &ex)) != -1) {
        if (opt == -2)
            return ex;
        if (opt == 'j')
            as_json = 1;
    }
    if (optind >= argc)
        return cli_usage_error(ctx, "expected add, list, key or revoke");
    const char *sub = argv[optind];
    int nargs = argc - optind - 1;
    bool list = strcmp(sub, "list") == 0;
    if (list ? nargs != 0
             : (strcmp(sub, "add") != 0 && strcmp(sub, "key") != 0 && strcmp(sub, "revoke") != 0))
        return list ? cli_usage_error(ctx, "list takes no argument")
                    : cli_usage_error(ctx, "unknown subcommand '%s'", sub);
    if (!list && nargs != 1)
        return cli_usage_error(ctx, "%s expects one %s", sub,
                               strcmp(sub, "revoke") == 0 ? "KEY" : "NAME");
    const char *what = list ? NULL : argv[optind + 1];
    if ((strcmp(sub, "add") == 0) && (!*what || strlen(what) > 200))
        return cli_usage_error(ctx, "a tenant NAME is 1 to 200 characters");
    if ((ex = cli_load_config(ctx)) != PC_EXIT_OK)
        return ex;
    pc_store *st;
    if ((ex = cli_open_store(ctx, list, &st)) != PC_EXIT_OK)
        return ex;
    if (list) {
        ex = tenant_list(ctx, st, as_json);
        pc_store_close(st);
        return ex;
    }

    tenant_op op;
    memset(&op, 0, sizeof(op));
    op.name = what;
    int rc;
    char key[PC__API_KEY_LEN + 1];
    if (strcmp(sub, "revoke") == 0) {
        if ((rc = pc__api_key_hash(what, strlen(what), op.hash)) == 0)
            rc = pc_store_write(st, revoke_fn, &op);
        if (rc == PC_ENOTFOUND) {
            cli_error(ctx, "no such API key");
            ex = PC_EXIT_FAIL;
        } else if (rc < 0) {
            cli_error(ctx, "%s", pc_strerror(rc));
            ex = cli_exit_for(rc);
        } else {
            fprintf(stderr, "parcelcast tenant: revoked an API key of tenant %u\n",
                    (unsigned)op.tenant);
        }
        pc_store_close(st);
        return ex;
    }
    op.create = strcmp(sub, "add") == 0;
    if ((rc = pc__api_key_new(key, op.hash)) == 0)
        rc = pc_store_write(st, add_key_fn, &op);
    if (rc == PC_EEXISTS) {
        cli_error(ctx, "a tenant named '%s' exists (issue another key with `tenant key`)", what);
        ex = PC_EXIT_DATAERR;
    } else if (rc == PC_ENOTFOUND) {
        cli_error(ctx, "no tenant named '%s' (see `parcelcast tenant list`)", what);
        ex = PC_EXIT_FAIL;
    } else if (rc < 0) {
        cli_error(ctx, "%s", pc_strerror(rc));
        ex = cli_exit_for(rc);
    } else {
        fprintf(stderr,
                "parcelcast tenant: %s tenant %u '%s'. Its API key is printed below, once: only\n"
                "its SHA-256 hash is stored. Send it as 'Authorization: Bearer KEY'.\n",
                op.create ? "created" : "new key for", (unsigned)op.tenant, what);
        printf("%s\n", key);
    }
    memset(key, 0, sizeof(key));
    pc_store_close(st);
    return ex;
}
