/*
 * Fuzz target for the CSV history reader and mapping (core/ingest/csv.c): bytes in, every record
 * read (malformed ones included) and mapped with each profile; no store. Built like the adapter
 * targets: libFuzzer with -DPC_FUZZ=ON, else with replay.c over tests/data/csv under CTest.
 */
#include <parcelcast/csv.h>
#include <parcelcast/error.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const uint8_t *data, size_t size, const pc_csv_history_opts *o)
{
    char err[512];
    pc_csv_history *h = NULL;
    pc_csv_reader *r = NULL;
    FILE *f = size ? fmemopen((void *)data, size, "r") : NULL;
    if (!f || pc_csv_history_new(o, &h, err, sizeof(err)) < 0 ||
        pc_csv_reader_new(f, 256, &r) < 0) /* small records: walk the limit paths */
        goto out;
    pc_csv_row row;
    pc_diag d;
    int rc, header = 1;
    while ((rc = pc_csv_read_row(r, &row, &d)) != 0) {
        if (rc == PC_EMALFORMED) {
            (void)pc_csv_history_malformed(h);
            continue;
        }
        if (rc < 0)
            break;
        if (header) {
            header = 0;
            if (pc_csv_history_header(h, &row, err, sizeof(err)) < 0)
                break;
            continue;
        }
        pc_shipment s;
        if (pc_csv_history_row(h, &row, &s, NULL) == 1)
            pc_shipment_done(&s);
    }
out:
    pc_csv_reader_free(r);
    pc_csv_history_free(h);
    if (f)
        fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_csv_history_opts olist = {.profile = PC_CSV_PROFILE_OLIST};
    pc_csv_history_opts scms = {.profile = PC_CSV_PROFILE_SCMS};
    pc_csv_history_opts generic = {.profile = PC_CSV_PROFILE_GENERIC,
                                   .map = "id=Order,carrier=Carrier,handoff=Shipped At,delivered="
                                          "Delivered At,promised=Due,destination=Dest"};
    run(data, size, &olist);
    run(data, size, &scms);
    run(data, size, &generic);
    return 0;
}
