/*
 * adapter_parse: guarantees pc_adapter_parse adds to every adapter's parse. Here: a rate_limited
 * error whose body gives no delay takes the Retry-After header's, for every adapter that can
 * render the error, while a delay the body states is kept.
 */
#include "testsupport.h"

#include <parcelcast/adapter.h>
#include <stdlib.h>
#include <string.h>

static const pc_track_error *find_rate_limited(const pc_parse_result *r)
{
    for (size_t i = 0; i < r->n_errors; i++)
        if (r->errors[i].kind == PC_TE_RATE_LIMITED)
            return &r->errors[i];
    return NULL;
}

static void test_retry_after_from_header(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t i = 0; pc_test_adapters[i]; i++) {
        const pc_adapter *a = pc_test_adapters[i];
        if (!(a->caps & PC_CAP_RENDER))
            continue;
        for (int body_delay = 0; body_delay <= 1; body_delay++) {
            pc_track_error e = {.kind = PC_TE_RATE_LIMITED, .retry_after = body_delay ? 42 : 0};
            char *body = NULL;
            size_t len = 0;
            int http = 0;
            if (a->render(NULL, 0, &e, 1, PC_FORMAT_AUTO, &body, &len, &http) != 0)
                fail_msg("%s: cannot render a rate_limited error", a->name);
            /* What the body alone says (0: nothing), then with a header of 17 seconds. */
            int from_body = -1, with_header = -1;
            for (int header = 0; header <= 1; header++) {
                pc_parse_result r;
                pc_diag d;
                pc_parse_input in = {
                    .data = body, .len = len, .http_status = http, .retry_after = header ? 17 : 0};
                if (pc_adapter_parse(a, &in, 0, &r, &d) < 0)
                    fail_msg("%s: %s", a->name, d.message);
                const pc_track_error *got = find_rate_limited(&r);
                if (got)
                    *(header ? &with_header : &from_body) = got->retry_after;
                pc_parse_result_done(&r);
            }
            free(body);
            if (with_header < 0)
                continue; /* DPD has no rate-limit fault: it reads back as carrier_error */
            if (with_header != (from_body > 0 ? from_body : 17))
                fail_msg("%s: retry_after %d with the header, %d from the body alone", a->name,
                         with_header, from_body);
            if (body_delay && from_body > 0 && from_body != 42)
                fail_msg("%s: the body's delay 42 read back as %d", a->name, from_body);
            checked++;
        }
    }
    assert_true(checked >= 16); /* nine adapters (all but DPD), twice */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_after_from_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
