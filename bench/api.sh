#!/bin/sh
# bench/api: wrk against GET /v1/shipments/{carrier}/{number} on a store of N shipments (10,000
# different shipments requested in turn, each answer with its live ETA), beside nginx serving
# the same response body as a static file, on the same machine in the same run, alternating.
# Prints requests/s and p50/p99 latency of each, medians over REPS runs, and the ratio.
# Usage: bench/api.sh [N=1000000] [SECONDS=10] [REPS=3] [CONNECTIONS=32]
# PC_BUILD_DIR=dir (default build): the build tree whose bin/ is measured (built there if missing).
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000000}
SECS=${2:-10}
REPS=${3:-3}
CONNS=${4:-32}
B=${PC_BUILD_DIR:-build}
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -q && $SUDO apt-get install -y -q wrk nginx-light
fi
[ -x "$B/bin/bench_api_fill" ] && [ -x "$B/bin/parcelcast" ] || scripts/build.sh "$B" -DPC_BUILD_TESTS=ON -DPC_BUILD_BENCH=ON
W=$(mktemp -d "${TMPDIR:-/tmp}/pc-bench-api.XXXXXX")
SERVE_PID=""
NGINX_PID=""
cleanup() {
    [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT INT TERM

echo "filling a store with $N shipments..." >&2
"$B/bin/bench_api_fill" "$W/store" "$N" 10000 >"$W/out"
KEY=$(head -n 1 "$W/out")
tail -n +2 "$W/out" >"$W/paths"
export KEY PATHS="$W/paths"

PC_PORT=18490
NG_PORT=18491
# the model is trained at start (the store has history); no retraining, one pass a day
"$B/bin/parcelcast" serve --store "$W/store" --port $PC_PORT --set api.threads=2 \
    --set predict.retrain=0 --set predict.tick=86400 2>"$W/serve.log" &
SERVE_PID=$!
i=0
until curl -sf "http://127.0.0.1:$PC_PORT/metrics" 2>/dev/null | grep -q '^parcelcast_predictor_passes_total [1-9]'; do
    i=$((i + 1))
    [ $i -lt 600 ] || { echo "serve did not finish its first pass" >&2; cat "$W/serve.log" >&2; exit 1; }
    sleep 1
done
mkdir -p "$W/www"
curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PC_PORT$(head -n 1 "$W/paths")" >"$W/www/body.json"
cat >"$W/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $W/nginx.pid;
error_log $W/nginx.err;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $W/tmp-body;
    proxy_temp_path $W/tmp-proxy;
    fastcgi_temp_path $W/tmp-fcgi;
    uwsgi_temp_path $W/tmp-uwsgi;
    scgi_temp_path $W/tmp-scgi;
    server {
        listen 127.0.0.1:$NG_PORT;
        root $W/www;
        location / { default_type application/json; }
    }
}
NGINX
nginx -c "$W/nginx.conf" -p "$W" &
NGINX_PID=$!
sleep 1
BYTES=$(wc -c <"$W/www/body.json")

# wrk output -> "rps p50_ms p99_ms"
parse() {
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        END { printf "%s %.3f %.3f\n", rps, p50, p99 }'
}
: >"$W/pc.txt"
: >"$W/ng.txt"
for r in $(seq 1 "$REPS"); do
    wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s bench/api/paths.lua "http://127.0.0.1:$PC_PORT" | parse >>"$W/pc.txt"
    wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "http://127.0.0.1:$NG_PORT/body.json" | parse >>"$W/ng.txt"
done
med() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
PC_RPS=$(cut -d' ' -f1 "$W/pc.txt" | med)
PC_P50=$(cut -d' ' -f2 "$W/pc.txt" | med)
PC_P99=$(cut -d' ' -f3 "$W/pc.txt" | med)
NG_RPS=$(cut -d' ' -f1 "$W/ng.txt" | med)
NG_P50=$(cut -d' ' -f2 "$W/ng.txt" | med)
NG_P99=$(cut -d' ' -f3 "$W/ng.txt" | med)
echo "bench/api: store of $N shipments; GET /v1/shipments/{carrier}/{number} over 10,000 shipments;"
echo "wrk -t2 -c$CONNS, ${SECS}s x $REPS runs each, alternating; body $BYTES bytes; medians"
printf "%-34s %12s %10s %10s\n" "server" "requests/s" "p50 ms" "p99 ms"
printf "%-34s %12s %10s %10s\n" "parcelcast (live ETA per answer)" "$PC_RPS" "$PC_P50" "$PC_P99"
printf "%-34s %12s %10s %10s\n" "nginx (same body, static file)" "$NG_RPS" "$NG_P50" "$NG_P99"
awk -v a="$PC_RPS" -v b="$NG_RPS" 'BEGIN { printf "ratio (parcelcast / nginx requests/s): %.2f\n", a / b }'
echo "runs (rps p50 p99): parcelcast: $(tr '\n' ';' <"$W/pc.txt") nginx: $(tr '\n' ';' <"$W/ng.txt")"
