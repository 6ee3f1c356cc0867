#!/bin/sh
# Build the benchmarks (if needed) and print the figures quoted in the README.
# Usage: bench/run.sh [store|parse|import|poll|predict|outbox|api|all]   (api: bench/api.sh, wrk + nginx)
set -eu
cd "$(dirname "$0")/.."
[ -x build/bin/bench_store ] && [ -x build/bin/bench_parse ] && [ -x build/bin/bench_import ] && [ -x build/bin/bench_poll ] && [ -x build/bin/bench_predict ] && [ -x build/bin/bench_outbox ] || scripts/build.sh build -DPC_BUILD_TESTS=ON -DPC_BUILD_BENCH=ON
what=${1:-all}
case "$what" in
store | all) build/bin/bench_store 20000 10 5 "${TMPDIR:-/tmp}" ;;
esac
case "$what" in
parse | all) build/bin/bench_parse tests/carriers 2000000 5 ;;
esac
case "$what" in
import | all) build/bin/bench_import 20000 3 "${TMPDIR:-/tmp}" ;;
esac
case "$what" in
poll | all) build/bin/bench_poll 5000 3 "${TMPDIR:-/tmp}" ;;
esac
case "$what" in
predict | all) build/bin/bench_predict 1000000 5 ;;
esac
case "$what" in
outbox | all) build/bin/bench_outbox 20000 3 ;;
esac
case "$what" in
api | all) bench/api.sh ;;
esac
