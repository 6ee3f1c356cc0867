/*
 * Plain driver for the fuzz targets: runs every file given (directories are walked one level)
 * through LLVMFuzzerTestOneInput, then a deterministic set of mutations of each (truncations,
 * byte flips) so a gcc build exercises more than the corpus. Prints "N passed, 0 failed"; a
 * crash or sanitizer report fails the test.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t runs;

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t cap = 1 << 16, len = 0, n;
    uint8_t *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return;
    LLVMFuzzerTestOneInput(buf, len);
    runs++;
    /* truncations at every 1/16th, then single-byte corruptions at 32 spots */
    for (size_t k = 1; k < 16 && len; k++) {
        LLVMFuzzerTestOneInput(buf, len * k / 16);
        runs++;
    }
    uint8_t *mut = malloc(len ? len : 1);
    uint32_t seed = 2166136261u;
    for (size_t k = 0; k < 32 && len; k++) {
        memcpy(mut, buf, len);
        seed = seed * 1103515245u + 12345u;
        size_t at = seed % len;
        static const uint8_t bytes[] = {'"', '<', '>', '{', '}', '[', ']', 0, 0xff, ':', ','};
        mut[at] = bytes[(seed >> 8) % sizeof(bytes)];
        LLVMFuzzerTestOneInput(mut, len);
        runs++;
    }
    free(mut);
    free(buf);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            continue;
        if (!S_ISDIR(st.st_mode)) {
            run_file(argv[i]);
            continue;
        }
        DIR *d = opendir(argv[i]);
        struct dirent *de;
        while (d && (de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.')
                continue;
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
            run_file(path);
        }
        if (d)
            closedir(d);
    }
    printf("%zu passed, 0 failed\n", runs);
    return runs ? 0 : 1;
}
