/*
 * oauth: the client-credentials token request each OAuth adapter describes (URL on the base
 * URL's host, Basic or form credentials) and the reading of token answers and OAuth errors.
 */
#include "testsupport.h"

#include <parcelcast/adapter.h>
#include <stdlib.h>
#include <string.h>

static const pc_adapter basic = {
    .abi_version = PC_ADAPTER_ABI_VERSION,
    .name = "t",
    .base_url = "https://api.example.com/track-v1",
    .oauth_token_path = "/oauth2/v2/token",
};

static const char *header(const pc_http_request *r, const char *prefix)
{
    for (size_t i = 0; i < r->n_headers; i++)
        if (strncmp(r->headers[i], prefix, strlen(prefix)) == 0)
            return r->headers[i] + strlen(prefix);
    return NULL;
}

static void test_build_request(void **state)
{
    (void)state;
    pc_http_request r;
    pc_adapter_config cfg = {.client_id = "id 1", .client_secret = "s&cret"};

    /* Basic credentials; the token path is on the host of the production base URL. */
    assert_int_equal(pc_oauth_build_request(&basic, &cfg, &r), 0);
    assert_string_equal(r.method, "POST");
    assert_string_equal(r.url, "https://api.example.com/oauth2/v2/token");
    assert_string_equal(r.body, "grant_type=client_credentials");
    assert_int_equal(r.body_len, strlen(r.body));
    assert_string_equal(header(&r, "Authorization: Basic "), "aWQgMTpzJmNyZXQ="); /* id 1:s&cret */
    assert_string_equal(header(&r, "Content-Type: "), "application/x-www-form-urlencoded");
    pc_http_request_done(&r);

    /* Form credentials, and a sandbox base URL with a port. */
    pc_adapter form = basic;
    form.oauth_flags = PC_OAUTH_SECRET_IN_BODY;
    cfg.base_url = "http://127.0.0.1:8099/prefix";
    assert_int_equal(pc_oauth_build_request(&form, &cfg, &r), 0);
    assert_string_equal(r.url, "http://127.0.0.1:8099/oauth2/v2/token");
    assert_string_equal(r.body,
                        "grant_type=client_credentials&client_id=id%201&client_secret=s%26cret");
    assert_null(header(&r, "Authorization:"));
    pc_http_request_done(&r);

    /* Refusals. */
    cfg.client_secret = NULL;
    assert_int_equal(pc_oauth_build_request(&basic, &cfg, &r), PC_ECONFIG);
    assert_null(r.url);
    cfg.client_secret = "x";
    cfg.base_url = "127.0.0.1:8099";
    assert_int_equal(pc_oauth_build_request(&basic, &cfg, &r), PC_ECONFIG);
    cfg.base_url = NULL;
    cfg.client_id = "a\r\nX-Evil: 1";
    assert_int_equal(pc_oauth_build_request(&basic, &cfg, &r), PC_EINVAL);
    pc_adapter none = basic;
    none.oauth_token_path = NULL;
    assert_int_equal(pc_oauth_build_request(&none, &cfg, &r), PC_EUNSUPPORTED);

    /* The real adapters that need a token describe their endpoint. */
    static const char *const oauth[] = {"ups", "fedex", "usps", "gls"};
    for (size_t i = 0; i < sizeof(oauth) / sizeof(oauth[0]); i++) {
        const pc_adapter *a = pc_test_adapter(oauth[i]);
        assert_true(a->caps & PC_CAP_OAUTH);
        pc_adapter_config c = {.client_id = "i", .client_secret = "s"};
        assert_int_equal(pc_oauth_build_request(a, &c, &r), 0);
        assert_non_null(strstr(r.url, a->oauth_token_path));
        assert_int_equal(strncmp(r.url, "https://", 8), 0);
        pc_http_request_done(&r);
    }
}

static void test_parse_token(void **state)
{
    (void)state;
    char *tok;
    int64_t exp;
    pc_diag d;
    const char *fedex =
        "{\"access_token\":\"abc.def\",\"token_type\":\"bearer\",\"expires_in\":3599,"
        "\"scope\":\"CXS\"}";
    assert_int_equal(pc_oauth_parse_token(fedex, strlen(fedex), 200, &tok, &exp, &d), 0);
    assert_string_equal(tok, "abc.def");
    assert_int_equal(exp, 3599);
    free(tok);
    /* UPS sends expires_in as a string. */
    const char *ups =
        "{\"token_type\":\"Bearer\",\"access_token\":\"eyJ\",\"expires_in\":\"14399\","
        "\"status\":\"approved\"}";
    assert_int_equal(pc_oauth_parse_token(ups, strlen(ups), 200, &tok, &exp, &d), 0);
    assert_int_equal(exp, 14399);
    free(tok);
    const char *noexp = "{\"access_token\":\"t\"}";
    assert_int_equal(pc_oauth_parse_token(noexp, strlen(noexp), 200, &tok, &exp, &d), 0);
    assert_int_equal(exp, 3600);
    free(tok);

    const char *bad =
        "{\"error\":\"invalid_client\",\"error_description\":\"Client secret is wrong\"}";
    assert_int_equal(pc_oauth_parse_token(bad, strlen(bad), 401, &tok, &exp, &d), PC_EAUTH);
    assert_null(tok);
    assert_non_null(strstr(d.message, "invalid_client: Client secret is wrong"));
    assert_int_equal(pc_oauth_parse_token("", 0, 429, &tok, &exp, &d), PC_ERATELIMIT);
    assert_int_equal(pc_oauth_parse_token("oops", 4, 503, &tok, &exp, &d), PC_ERETRY);
    assert_int_equal(pc_oauth_parse_token("<html>", 6, 403, &tok, &exp, &d), PC_EAUTH);
    assert_int_equal(pc_oauth_parse_token("{\"access_token\":", 16, 200, &tok, &exp, &d),
                     PC_EMALFORMED);
    assert_int_equal(d.offset, 16);
    const char *neg = "{\"access_token\":\"t\",\"expires_in\":\"-5\"}";
    assert_int_equal(pc_oauth_parse_token(neg, strlen(neg), 200, &tok, &exp, &d), PC_EMALFORMED);
    const char *crlf = "{\"access_token\":\"t\\r\\nX: y\"}";
    assert_int_equal(pc_oauth_parse_token(crlf, strlen(crlf), 200, &tok, &exp, &d), PC_EMALFORMED);
    const char *notok = "{\"token_type\":\"bearer\"}";
    assert_int_equal(pc_oauth_parse_token(notok, strlen(notok), 200, &tok, &exp, &d),
                     PC_EMALFORMED);
    assert_null(tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_request),
        cmocka_unit_test(test_parse_token),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
