#!/bin/sh
# Build the benchmarks (if needed) and print the figures quoted in the README.
# Usage: bench/run.sh [store|parse|all]
set -eu
cd "$(dirname "$0")/.."
[ -x build/bin/bench_store ] && [ -x build/bin/bench_parse ] || scripts/build.sh build -DPC_BUILD_TESTS=ON -DPC_BUILD_BENCH=ON
what=${1:-all}
case "$what" in
store | all) build/bin/bench_store 20000 10 5 "${TMPDIR:-/tmp}" ;;
esac
case "$what" in
parse | all) build/bin/bench_parse tests/carriers 2000000 5 ;;
esac
