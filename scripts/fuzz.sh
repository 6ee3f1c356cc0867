#!/bin/sh
# Build the libFuzzer targets with clang (ASan+UBSan) and fuzz each adapter for SECONDS
# (default 600), growing tests/fuzz/corpus/<adapter>/ (commit the new files).
# Usage: scripts/fuzz.sh [SECONDS] [ADAPTER...]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-600}
[ $# -gt 0 ] && shift
CC=clang scripts/build.sh build-fuzz -DPC_FUZZ=ON -DPC_SANITIZE=address,undefined \
    -DPC_BUILD_BENCH=OFF
adapters=${*:-$(ls build-fuzz/tests/fuzz | sed -n 's/^fuzz_//p')}
for a in $adapters; do
    mkdir -p "tests/fuzz/corpus/$a" "build-fuzz/crashes/$a"
    echo "== fuzzing $a for ${secs}s"
    build-fuzz/tests/fuzz/fuzz_"$a" -max_total_time="$secs" -max_len=65536 -timeout=10 \
        -artifact_prefix="build-fuzz/crashes/$a/" \
        "tests/fuzz/corpus/$a" "tests/carriers/$a" 2>&1 | tail -n 3
done
