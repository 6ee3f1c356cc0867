/*
 * OAuth 2.0 client credentials for the carriers that want a bearer token (UPS, FedEx, USPS v3,
 * GLS): the token request an adapter's oauth_token_path and oauth_flags describe, and the
 * reading of the token endpoint's answer (RFC 6749 section 5). The poller fetches a token with
 * these before the first tracking request of an account and again shortly before it expires.
 */
#include <parcelcast/adapter.h>
#include <parcelcast/carrier_util.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

/* Length of "scheme://host[:port]" in url, or 0 when url has no scheme and host. */
static size_t origin_len(const char *url)
{
    const char *p = strstr(url, "://");
    if (!p || p == url || !p[3] || p[3] == '/')
        return 0;
    p += 3;
    return (size_t)(p - url) + strcspn(p, "/?#");
}

static int add_form_field(pc_buf *b, const char *name, const char *value)
{
    if (b->len)
        pc_buf_add(b, "&", 1);
    pc_buf_add(b, name, (size_t)-1);
    pc_buf_add(b, "=", 1);
    return pc_buf_add_urlenc(b, value);
}

int pc_oauth_build_request(const pc_adapter *a, const pc_adapter_config *cfg,
                           pc_http_request *ret_req)
{
    memset(ret_req, 0, sizeof(*ret_req));
    if (!a || !a->oauth_token_path || !*a->oauth_token_path)
        return PC_EUNSUPPORTED;
    const char *base = cfg && cfg->base_url && *cfg->base_url ? cfg->base_url : a->base_url;
    if (!base || !cfg || !cfg->client_id || !*cfg->client_id || !cfg->client_secret ||
        !*cfg->client_secret)
        return PC_ECONFIG;
    size_t olen = origin_len(base);
    if (!olen)
        return PC_ECONFIG;
    if (!pc_header_value_ok(base) || !pc_header_value_ok(cfg->client_id) ||
        !pc_header_value_ok(cfg->client_secret))
        return PC_EINVAL;

    pc_buf url = {0}, body = {0};
    pc_buf_add(&url, base, olen);
    pc_buf_add(&url, a->oauth_token_path, (size_t)-1);
    add_form_field(&body, "grant_type", "client_credentials");
    int rc = 0;
    if (a->oauth_flags & PC_OAUTH_SECRET_IN_BODY) {
        add_form_field(&body, "client_id", cfg->client_id);
        add_form_field(&body, "client_secret", cfg->client_secret);
    } else {
        /* HTTP Basic: base64 of "id:secret" (RFC 7617). */
        pc_buf cred = {0};
        pc_buf_addf(&cred, "%s:%s", cfg->client_id, cfg->client_secret);
        unsigned char *b64 = cred.failed ? NULL : malloc(4 * ((cred.len + 2) / 3) + 1);
        if (b64) {
            EVP_EncodeBlock(b64, (const unsigned char *)cred.p, (int)cred.len);
            rc = pc_http_request_add_header(ret_req, "Authorization: Basic %s", (char *)b64);
            OPENSSL_cleanse(b64, strlen((char *)b64));
        } else {
            rc = PC_ENOMEM;
        }
        if (cred.p)
            OPENSSL_cleanse(cred.p, cred.len);
        pc_buf_done(&cred);
        free(b64);
    }
    if (rc == 0)
        rc = pc_http_request_add_header(ret_req, "Content-Type: application/x-www-form-urlencoded");
    if (rc == 0)
        rc = pc_http_request_add_header(ret_req, "Accept: application/json");
    if (rc == 0 && (url.failed || body.failed))
        rc = PC_ENOMEM;
    if (rc == 0) {
        ret_req->method = strdup("POST");
        ret_req->url = pc_buf_take(&url, NULL);
        ret_req->body = pc_buf_take(&body, &ret_req->body_len);
        if (!ret_req->method || !ret_req->url || !ret_req->body)
            rc = PC_ENOMEM;
    }
    pc_buf_done(&url);
    if (body.p)
        OPENSSL_cleanse(body.p, body.len);
    pc_buf_done(&body);
    if (rc < 0)
        pc_http_request_done(ret_req);
    return rc;
}

/* expires_in as a JSON integer or a string of digits ("14399", UPS); -1 when unusable. */
static int64_t read_expires(const json_t *v)
{
    if (json_is_integer(v))
        return json_integer_value(v);
    if (!json_is_string(v))
        return -1;
    const char *s = json_string_value(v);
    int64_t n = 0;
    if (!*s || strlen(s) > 12)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        n = n * 10 + (*s - '0');
    }
    return n;
}

int pc_oauth_parse_token(const char *body, size_t len, int http_status, char **ret_token,
                         int64_t *ret_expires_in, pc_diag *diag)
{
    json_error_t jerr;
    *ret_token = NULL;
    *ret_expires_in = 0;
    if (http_status == 429)
        return pc_diag_set(diag, PC_ERATELIMIT, (size_t)-1, 0, 0,
                           "token endpoint: rate limited (HTTP 429)");
    if (http_status >= 500)
        return pc_diag_set(diag, PC_ERETRY, (size_t)-1, 0, 0, "token endpoint: HTTP %d",
                           http_status);
    json_t *root = body && len ? json_loadb(body, len, 0, &jerr) : NULL;
    if (!json_is_object(root)) {
        int rc =
            http_status >= 400
                ? pc_diag_set(diag, PC_EAUTH, (size_t)-1, 0, 0,
                              "token endpoint: HTTP %d without an OAuth error body", http_status)
                : pc_diag_set(diag, PC_EMALFORMED, root ? 0 : (size_t)jerr.position, 0, 0,
                              "token endpoint: %s", root ? "not a JSON object" : jerr.text);
        json_decref(root);
        return rc;
    }
    const char *err = json_string_value(json_object_get(root, "error"));
    const char *desc = json_string_value(json_object_get(root, "error_description"));
    const char *tok = json_string_value(json_object_get(root, "access_token"));
    int rc;
    if (http_status >= 400 || err || !tok) {
        if (err || http_status >= 400)
            rc = pc_diag_set(diag, PC_EAUTH, (size_t)-1, 0, 0,
                             "token endpoint: HTTP %d, %.80s%s%.200s", http_status,
                             err ? err : "no error code", desc ? ": " : "", desc ? desc : "");
        else
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                             "token endpoint: no access_token in the answer");
    } else if (!*tok || !pc_header_value_ok(tok)) {
        rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                         "token endpoint: access_token is empty or not header-safe");
    } else {
        const json_t *exp = json_object_get(root, "expires_in");
        int64_t e = exp ? read_expires(exp) : 3600;
        if (e <= 0) {
            rc = pc_diag_set(diag, PC_EMALFORMED, (size_t)-1, 0, 0,
                             "token endpoint: expires_in is not a positive number of seconds");
        } else if (!(*ret_token = strdup(tok))) {
            rc = PC_ENOMEM;
        } else {
            *ret_expires_in = e;
            rc = 0;
        }
    }
    json_decref(root);
    return rc;
}
