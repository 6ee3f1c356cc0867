/*
 * API keys: random 32 bytes (RAND_bytes) shown once as "pc_" + base64url; the store keeps only
 * their SHA-256 (api_keys database), so a request is authenticated by hashing the presented
 * key and looking the hash up. Nothing compares key text, so timing says nothing about a key.
 */
#include "api.h"

#include <parcelcast/error.h>
#include <parcelcast/store.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>
#include <strings.h>

int pc__api_key_hash(const char *key, size_t len, unsigned char hash[32])
{
    unsigned int n = 0;
    if (EVP_Digest(key, len, hash, &n, EVP_sha256(), NULL) != 1 || n != 32)
        return PC_EINTERNAL;
    return 0;
}

int pc__api_key_new(char key[PC__API_KEY_LEN + 1], unsigned char hash[32])
{
    unsigned char raw[32];
    unsigned char b64[48];
    if (RAND_bytes(raw, sizeof(raw)) != 1)
        return PC_EINTERNAL;
    int n = EVP_EncodeBlock(b64, raw, sizeof(raw)); /* 44 chars, one '=' of padding */
    OPENSSL_cleanse(raw, sizeof(raw));
    if (n != 44)
        return PC_EINTERNAL;
    memcpy(key, PC__API_KEY_PREFIX, 3);
    size_t k = 3;
    for (int i = 0; i < n && b64[i] != '=' && k < PC__API_KEY_LEN; i++)
        key[k++] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : (char)b64[i];
    key[k] = '\0';
    OPENSSL_cleanse(b64, sizeof(b64));
    if (k != PC__API_KEY_LEN)
        return PC_EINTERNAL;
    return pc__api_key_hash(key, k, hash);
}

/* The key's hash from an "Authorization: Bearer KEY" value. @return 0, PC_EAUTH, PC_EINTERNAL. */
static int bearer_hash(const char *authorization, unsigned char hash[32])
{
    if (!authorization)
        return PC_EAUTH;
    const char *p = authorization;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncasecmp(p, "Bearer", 6) != 0 || (p[6] != ' ' && p[6] != '\t'))
        return PC_EAUTH;
    p += 6;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t len = strlen(p);
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    if (len == 0 || len > 256)
        return PC_EAUTH;
    return pc__api_key_hash(p, len, hash);
}

/* The tenant of a key's hash. @return 0, PC_EAUTH (unknown or revoked), PC_ESTORE... */
static int tenant_of(pc_txn *tx, const unsigned char hash[32], uint32_t *ret_tenant)
{
    uint32_t tenant = 0;
    int rc = pc_store_find_api_key(tx, hash, &tenant);
    if (rc == PC_ENOTFOUND || (rc == 0 && tenant == 0))
        return PC_EAUTH;
    if (rc < 0)
        return rc;
    *ret_tenant = tenant;
    return 0;
}

int pc__api_authenticate_tx(pc_txn *tx, const char *authorization, uint32_t *ret_tenant)
{
    unsigned char hash[32];
    *ret_tenant = 0;
    int rc = bearer_hash(authorization, hash);
    return rc < 0 ? rc : tenant_of(tx, hash, ret_tenant);
}

int pc__api_authenticate(pc_store *st, const char *authorization, uint32_t *ret_tenant)
{
    unsigned char hash[32];
    pc_txn *tx;
    *ret_tenant = 0;
    int rc = bearer_hash(authorization, hash); /* a malformed header is refused without the store */
    if (rc < 0)
        return rc;
    if ((rc = pc_store_read_begin(st, &tx)) < 0)
        return rc;
    rc = tenant_of(tx, hash, ret_tenant);
    pc_store_read_end(tx);
    return rc;
}
