#!/bin/sh
# bench/report: a full carrier-performance report (JSON, every metric, no ETA model) over a
# store of simulated histories, with wall time and peak memory from /usr/bin/time -v.
# Target: <= 5 s for 1,000,000 delivered shipments, streaming over the history index.
# Usage: bench/report.sh [N=1010000] [STORE_DIR] [BUILD_DIR=build]
#   N shipments are simulated (about 99% end delivered, so the default gives > 1,000,000
#   delivered). With STORE_DIR, a store already there is reused (simulate once, report often).
set -eu
cd "$(dirname "$0")/.."
N=${1:-1010000}
STORE=${2:-}
BUILD=${3:-build}
PC="$BUILD/bin/parcelcast"
[ -x "$PC" ] || scripts/build.sh "$BUILD"
W=$(mktemp -d "${TMPDIR:-/tmp}/pc-bench-report.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
if [ -z "$STORE" ]; then
    STORE="$W/store"
fi
if [ ! -f "$STORE/data.mdb" ]; then
    echo "simulating $N shipments into $STORE..." >&2
    "$PC" simulate -n "$N" --into-store --store "$STORE" >&2
fi
for fmt in json csv html; do
    /usr/bin/time -v "$PC" report --store "$STORE" --by lane --format $fmt --no-eta \
        --out "$W/report.$fmt" 2>"$W/time.$fmt"
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$W/time.$fmt")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/time.$fmt")
    n=$(sed -n 's/^report: \([0-9]*\) delivered.*/\1/p' "$W/time.$fmt")
    echo "report --by lane --format $fmt: $n delivered shipments, wall $wall, peak RSS $((rss / 1024)) MiB"
done
