/* The adapters' shared toolkit: buffers, escaping, bounded JSON/XML reading, safe XML loading. */
#include "testsupport.h"

#include <parcelcast/carrier_util.h>
#include <stdlib.h>
#include <string.h>

static void test_buf(void **state)
{
    (void)state;
    pc_buf b = {0};
    assert_int_equal(pc_buf_add(&b, "a/b ", (size_t)-1), 0);
    assert_int_equal(pc_buf_add_urlenc(&b, "1Z 9/ä~"), 0);
    assert_int_equal(pc_buf_addf(&b, "&n=%d", 42), 0);
    assert_int_equal(pc_buf_add_xml(&b, "<a & 'b'>\""), 0);
    size_t len;
    char *s = pc_buf_take(&b, &len);
    assert_string_equal(s, "a/b 1Z%209%2F%C3%A4~&n=42&lt;a &amp; &apos;b&apos;&gt;&quot;");
    assert_int_equal(len, strlen(s));
    assert_null(b.p);
    free(s);
    s = pc_buf_take(&b, NULL); /* empty buffer gives "" */
    assert_string_equal(s, "");
    free(s);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(pc_buf_add(&b, "0123456789", 10), 0);
    assert_int_equal(b.len, 100000);
    pc_buf_done(&b);
    pc_buf_done(NULL);
    char *e = pc_url_escape("a b");
    assert_string_equal(e, "a%20b");
    free(e);
    assert_true(pc_header_value_ok("Bearer abc"));
    assert_false(pc_header_value_ok("abc\r\nX-Evil: 1"));
    assert_true(pc_contains_ci("Out For Delivery", "for del"));
    assert_false(pc_contains_ci(NULL, "x"));
    assert_true(pc_contains_ci("DELIVERED", "delivered"));       /* whole text */
    assert_true(pc_contains_ci("attempt: NOTICE LEFT", "left")); /* at the end */
    assert_true(pc_contains_ci("ffoo", "foo"));                  /* after a false start */
    assert_false(pc_contains_ci("fo", "foo"));                   /* needle longer */
    assert_false(pc_contains_ci("Out For Delivery", "for  del"));
    assert_true(pc_contains_ci("x", ""));
    assert_false(pc_contains_ci("x", NULL));

    pc_ci_text t;
    pc_ci_text_init(&t, "Parcel DELIVERED to Safe Place");
    assert_true(pc_ci_text_has(&t, "delivered"));
    assert_true(pc_ci_text_has(&t, "SAFE place"));
    assert_false(pc_ci_text_has(&t, "attempted"));
    assert_false(pc_ci_text_has(&t, NULL));
    pc_ci_text_done(&t);
    char long_text[600];
    memset(long_text, 'a', sizeof(long_text) - 6);
    memcpy(long_text + sizeof(long_text) - 6, "HELD.", 6); /* past the inline buffer */
    pc_ci_text_init(&t, long_text);
    assert_true(pc_ci_text_has(&t, "held"));
    assert_false(pc_ci_text_has(&t, "held!"));
    pc_ci_text_done(&t);
    pc_ci_text_init(&t, NULL);
    assert_false(pc_ci_text_has(&t, "x"));
    pc_ci_text_done(&t);
}

static void test_url_decode(void **state)
{
    (void)state;
    char *s, **v;
    size_t n, len;
    assert_int_equal(pc_url_decode("1Z%209%2F%C3%A4~+", 17, &s), 0);
    assert_string_equal(s, "1Z 9/\xC3\xA4~+");
    free(s);
    assert_int_equal(pc_url_decode("ab%2", 4, &s), PC_EMALFORMED);
    assert_null(s);
    assert_int_equal(pc_url_decode("ab%", 3, &s), PC_EMALFORMED);
    assert_int_equal(pc_url_decode("a%zz", 4, &s), PC_EMALFORMED);
    assert_int_equal(pc_url_decode("a%00b", 5, &s), PC_EMALFORMED);
    assert_int_equal(pc_url_decode_list("A1,B%2C2,C3", 11, ',', 3, &v, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(v[1], "B,2");
    pc_strv_free(v, n);
    assert_int_equal(pc_url_decode_list("A1,B2", 5, ',', 1, &v, &n), PC_EMALFORMED);
    assert_int_equal(pc_url_decode_list("A1,,B2", 6, ',', 9, &v, &n), PC_EMALFORMED);
    assert_int_equal(pc_url_decode_list("A1,", 3, ',', 9, &v, &n), PC_EMALFORMED);
    assert_int_equal(pc_url_decode_list("", 0, ',', 9, &v, &n), PC_EMALFORMED);
    assert_null(v);
    const char *p = pc_query_param("?lang=fr&ids=a,b&x=1#frag", "ids", &len);
    assert_non_null(p);
    assert_int_equal(len, 3);
    assert_memory_equal(p, "a,b", 3);
    assert_null(pc_query_param("xids=1&id=2", "ids", &len));
    assert_null(pc_query_param("a=1#ids=2", "ids", &len));
    pc_strv_free(NULL, 0);
}

static void test_json(void **state)
{
    (void)state;
    pc_parse_limits lim = {1 << 20, 100, 8, 100};
    pc_diag d;
    json_t *j;
    const char *text = "{\"a\":\"  hi \",\"n\":12345,\"o\":{},\"z\":null,\"b\":\"   \","
                       "\"long\":\"123456789\",\"arr\":[1]}";
    pc_parse_input in = {.data = text, .len = strlen(text), .limits = &lim};
    assert_int_equal(pc_json_load_body(&in, &j, &d), 0);
    char *s;
    assert_int_equal(pc_json_get_text(j, "a", "x", &lim, &d, &s), 0);
    assert_string_equal(s, "hi");
    free(s);
    assert_int_equal(pc_json_get_text(j, "n", "x", &lim, &d, &s), 0);
    assert_string_equal(s, "12345");
    free(s);
    assert_int_equal(pc_json_get_text(j, "z", "x", &lim, &d, &s), 0);
    assert_null(s);
    assert_int_equal(pc_json_get_text(j, "b", "x", &lim, &d, &s), 0);
    assert_null(s);
    assert_int_equal(pc_json_get_text(j, "missing", "x", &lim, &d, &s), 0);
    assert_null(s);
    assert_int_equal(pc_json_get_text(j, "o", "x[2]", &lim, &d, &s), PC_EMALFORMED);
    assert_string_equal(d.message, "x[2].o: expected a string");
    assert_int_equal(pc_json_get_text(j, "long", "x", &lim, &d, &s), PC_ELIMIT);
    assert_non_null(strstr(d.message, "x.long: text of 9 bytes exceeds the limit of 8"));
    assert_int_equal(pc_json_get_text(NULL, "a", "x", &lim, &d, &s), 0);
    assert_non_null(pc_json_get_array(j, "arr"));
    assert_null(pc_json_get_array(j, "o"));
    json_decref(j);
    const char *bad = "{\n  \"a\": tru }";
    pc_parse_input in2 = {.data = bad, .len = strlen(bad), .limits = &lim};
    assert_int_equal(pc_json_load_body(&in2, &j, &d), PC_EMALFORMED);
    assert_int_equal(d.line, 2);
    assert_true(d.offset > 0 && d.offset != (size_t)-1);
}

static void test_xml(void **state)
{
    (void)state;
    pc_parse_limits lim = {1 << 20, 100, 16, 100};
    pc_diag d;
    xmlDocPtr doc;
    const char *text = "\xEF\xBB\xBF \n<?xml version=\"1.0\"?>\n<!-- c -->\n"
                       "<s:Env xmlns:s=\"urn:x\"><s:Body><r><e>one</e><x/><e><![CDATA[ two ]]></e>"
                       "<deep><deeper><t>found</t></deeper></deep><big>0123456789abcdefX</big>"
                       "</r></s:Body></s:Env>";
    pc_parse_input in = {.data = text, .len = strlen(text), .limits = &lim};
    assert_int_equal(pc_xml_load_body(&in, &doc, &d), 0);
    const xmlNode *root = xmlDocGetRootElement(doc);
    assert_true(pc_xml_is(root, "Env"));
    const xmlNode *r = pc_xml_child(pc_xml_child(root, "Body"), "r");
    assert_non_null(r);
    int n = 0;
    char *s;
    for (const xmlNode *e = pc_xml_child(r, "e"); e; e = pc_xml_next(e, "e")) {
        assert_int_equal(pc_xml_get_text(e, "r/e", &lim, &d, &s), 0);
        assert_string_equal(s, n ? "two" : "one");
        free(s);
        n++;
    }
    assert_int_equal(n, 2);
    assert_int_equal(pc_xml_get_text(pc_xml_find(root, "t", 10), "t", &lim, &d, &s), 0);
    assert_string_equal(s, "found");
    free(s);
    assert_null(pc_xml_find(root, "t", 3));
    assert_int_equal(pc_xml_child_text(r, "missing", "r", &lim, &d, &s), 0);
    assert_null(s);
    assert_int_equal(pc_xml_child_text(r, "big", "r", &lim, &d, &s), PC_ELIMIT);
    assert_non_null(strstr(d.message, "r/big: text exceeds the limit of 16 bytes"));
    assert_int_equal(pc_xml_line(r), 4); /* counted from the body's first byte */

    /* pc_xml_text_ref borrows a text with nothing to trim, copies (trimmed) otherwise. */
    const char *ref;
    char *owned;
    const xmlNode *e1 = pc_xml_child(r, "e"), *e2 = pc_xml_next(e1, "e");
    assert_int_equal(pc_xml_text_ref(e1, "r", "e", &lim, &d, &ref, &owned), 0);
    assert_string_equal(ref, "one");
    assert_null(owned);
    assert_ptr_equal(ref, e1->children->content);
    assert_int_equal(pc_xml_text_ref(e2, "r", "e", &lim, &d, &ref, &owned), 0);
    assert_string_equal(ref, "two"); /* " two " trimmed into a copy */
    assert_ptr_equal(ref, owned);
    free(owned);
    assert_int_equal(pc_xml_text_ref(pc_xml_child(r, "x"), "r", "x", &lim, &d, &ref, &owned), 0);
    assert_null(ref);
    assert_null(owned);
    assert_int_equal(pc_xml_text_ref(NULL, "r", "none", &lim, &d, &ref, &owned), 0);
    assert_null(ref);
    assert_int_equal(pc_xml_text_ref(pc_xml_child(r, "big"), "r", "big", &lim, &d, &ref, &owned),
                     PC_ELIMIT);
    assert_null(owned);
    assert_non_null(strstr(d.message, "r/big: text exceeds the limit of 16 bytes"));
    xmlFreeDoc(doc);

    /* A DOCTYPE (entity bomb, XXE) is refused before parsing. */
    const char *bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>"
                       "<lolz>&lol;</lolz>";
    pc_parse_input in2 = {.data = bomb, .len = strlen(bomb), .limits = &lim};
    assert_int_equal(pc_xml_load_body(&in2, &doc, &d), PC_EMALFORMED);
    assert_non_null(strstr(d.message, "DOCTYPE"));
    /* The same DOCTYPE in UTF-16 escapes the textual scan but not the tree check. */
    const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE a [<!ENTITY e "
                        "\"x\">]><a>&e;</a>";
    size_t alen = strlen(ascii);
    char *u16 = calloc(2, alen + 1);
    u16[0] = (char)0xFF; /* little-endian BOM */
    u16[1] = (char)0xFE;
    for (size_t i = 0; i < alen; i++)
        u16[2 + 2 * i] = ascii[i];
    pc_parse_input in5 = {.data = u16, .len = 2 + 2 * alen, .limits = &lim};
    assert_int_equal(pc_xml_load_body(&in5, &doc, &d), PC_EMALFORMED);
    assert_non_null(strstr(d.message, "DOCTYPE"));
    free(u16);
    /* Broken XML: line and column of the problem, counting skipped leading lines. */
    const char *broken = "\n\n<a>\n  <b></a>";
    pc_parse_input in3 = {.data = broken, .len = strlen(broken), .limits = &lim};
    assert_int_equal(pc_xml_load_body(&in3, &doc, &d), PC_EMALFORMED);
    assert_int_equal(d.line, 4);
    assert_non_null(strstr(d.message, "invalid XML"));
    const char *empty = "   ";
    pc_parse_input in4 = {.data = empty, .len = 3, .limits = &lim};
    assert_int_equal(pc_xml_load_body(&in4, &doc, &d), PC_EMALFORMED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_url_decode),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
