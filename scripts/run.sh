#!/bin/sh
# The main job on a fresh Debian 12 machine: install packages, build, and run `parcelcast serve
# --demo` on a fresh embedded store (./var/demo), listening on 127.0.0.1:8080.
# `--no-demo` first serves the configured store (./var) instead. Extra arguments go to
# `parcelcast serve`, e.g. scripts/run.sh --port 9090
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build -DPC_BUILD_TESTS=OFF -DPC_BUILD_BENCH=OFF
if [ "${1:-}" = "--no-demo" ]; then
    shift
    echo "parcelcast: built; starting the server (try: curl -s <url>healthz with the url= it logs)" >&2
    exec build/bin/parcelcast serve "$@"
fi
# The demo starts from a fresh store each time (its tenant key is printed once).
rm -rf var/demo
echo "parcelcast: built; starting the demo server" >&2
exec build/bin/parcelcast serve --demo --store var/demo "$@"
