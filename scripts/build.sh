#!/bin/sh
# Configure and build one tree. Usage: scripts/build.sh BUILD_DIR [extra cmake args...]
set -eu
cd "$(dirname "$0")/.."
dir=$1
shift
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
