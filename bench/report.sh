#!/bin/sh
# bench/report: a full carrier-performance report (JSON, every metric, no ETA model) over a
# store of simulated histories, with wall time and peak memory from /usr/bin/time -v.
# Target: <= 5 s for 1,000,000 delivered shipments, streaming over the history index.
# Usage: [WITH_ETA=1] bench/report.sh [N=1010000] [STORE_DIR] [BUILD_DIR=build]
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
# One timed report: wall time and peak RSS from /usr/bin/time -v; the peak of the process's
# own (anonymous) memory sampled from /proc every 200 ms, as the RSS also counts the pages of the
# store's memory map the scan touched (file pages, shared with the page cache).
run() {
    label=$1
    shift
    /usr/bin/time -v "$PC" report --store "$STORE" "$@" 2>"$W/time" &
    tpid=$!
    anon=0
    while kill -0 $tpid 2>/dev/null; do
        for c in $(pgrep -P $tpid 2>/dev/null); do
            a=$(sed -n 's/^RssAnon:[[:space:]]*\([0-9]*\).*/\1/p' /proc/$c/status 2>/dev/null || true)
            [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
        done
        sleep 0.2
    done
    wait $tpid
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$W/time")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/time")
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$W/time")
    n=$(sed -n 's/^report: \([0-9]*\) delivered.*/\1/p' "$W/time")
    echo "$label: $n delivered shipments, wall $wall, cpu ${cpu} s, peak RSS $((rss / 1024)) MiB, peak anonymous $((anon / 1024)) MiB"
}
for fmt in json csv html; do
    run "report --by lane --format $fmt --no-eta" --by lane --format $fmt --no-eta --out "$W/report.$fmt"
done
# WITH_ETA=1: train a model on the store, then a report with parcelcast's ETA accuracy replayed
if [ -n "${WITH_ETA:-}" ]; then
    "$PC" train --store "$STORE" >&2
    run "report --by lane --format json, with the ETA replay" --by lane --format json \
        --out "$W/report-eta.json"
fi
