/*
 * Fuzz target for one carrier adapter (FUZZ_ADAPTER names its pc_adapter variable). Built with
 * clang -fsanitize=fuzzer for libFuzzer (-DPC_FUZZ=ON), or with replay.c as a plain program
 * that runs a corpus through the same function under CTest.
 * Both formats are tried so XML bytes reach JSON-only paths' refusals and vice versa.
 */
#include <parcelcast/adapter.h>
#include <stddef.h>
#include <stdint.h>

extern const pc_adapter FUZZ_ADAPTER;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Small limits so the fuzzer also walks the limit paths. */
    static const pc_parse_limits lim = {1u << 20, 64, 512, 64};
    const pc_format formats[] = {PC_FORMAT_AUTO, PC_FORMAT_JSON, PC_FORMAT_XML};
    for (size_t f = 0; f < 3; f++) {
        pc_parse_result r;
        pc_diag d;
        pc_parse_input in = {
            .data = (const char *)data, .len = size, .format = formats[f], .limits = &lim};
        (void)pc_adapter_parse(&FUZZ_ADAPTER, &in, 0, &r, &d);
        pc_parse_result_done(&r);
        if (FUZZ_ADAPTER.parse_push) {
            (void)pc_adapter_parse(&FUZZ_ADAPTER, &in, 1, &r, &d);
            pc_parse_result_done(&r);
        }
    }
    return 0;
}
