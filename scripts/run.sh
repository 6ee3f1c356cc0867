#!/bin/sh
# The main job on a fresh Debian 12 machine: install packages, build, and run `parcelcast serve`
# on the embedded store (./var unless configured), listening on 127.0.0.1:8080.
# Extra arguments go to `parcelcast serve`, e.g. scripts/run.sh --port 9090
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build -DPC_BUILD_TESTS=OFF -DPC_BUILD_BENCH=OFF
echo "parcelcast: built; starting the server (try: curl -s <url>healthz with the url= it logs)" >&2
exec build/bin/parcelcast serve "$@"
