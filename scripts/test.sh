#!/bin/sh
# The whole test suite on a fresh Debian 12 machine: install packages, build a normal and an
# AddressSanitizer+UndefinedBehaviorSanitizer tree, and run every test through CTest in both.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)
scripts/build.sh build -DPC_BUILD_TESTS=ON -DPC_BUILD_BENCH=ON
scripts/build.sh build-asan -DPC_SANITIZE=address,undefined -DPC_BUILD_TESTS=ON -DPC_BUILD_BENCH=OFF
status=0
echo "== tests (normal build)"
(cd build && ctest --output-on-failure -j"$jobs") || status=1
echo "== tests (address,undefined sanitizers)"
(cd build-asan && ctest --output-on-failure -j"$jobs") || status=1
exit $status
