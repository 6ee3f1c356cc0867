#!/bin/sh
# Install parcelcast into a temporary prefix, build examples/adapter/example.c against the
# installed header and library only (pkg-config), and load it with the installed binary.
set -eu
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
mkdir "$tmp/plugins"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC -DPC_ADAPTER_MODULE \
   $(pkg-config --cflags parcelcast) "$src/examples/adapter/example.c" \
   -o "$tmp/plugins/example.so" $(pkg-config --libs parcelcast)
pc="$tmp/prefix/bin/parcelcast"
out=$("$pc" carriers --plugins "$tmp/plugins")
echo "$out" | grep -q "^example  *Example Express  *json,pull" || { echo "FAIL: not listed: $out"; exit 1; }
out=$("$pc" parse --plugins "$tmp/plugins" --carrier example --compact "$src/examples/adapter/sample.json")
echo "$out" | grep -q '"tracking_number":"EX123"' || { echo "FAIL: parse: $out"; exit 1; }
echo "$out" | grep -q '"time":"2024-04-30T16:05:00Z","utc_offset":"+02:00"' || { echo "FAIL: local time not resolved: $out"; exit 1; }
echo "$out" | grep -q '"status":"delivered"' || { echo "FAIL: status: $out"; exit 1; }
echo "$out" | grep -q '"description":"Delivered & signed"' || { echo "FAIL: clean: $out"; exit 1; }
# The installed binary finds the installed plugins and data without configuration.
n=$("$pc" carriers --json | grep -c '"name"' || true)
want=$(ls "$tmp/prefix/lib/parcelcast/plugins" | grep -c '\.so$' || true)
[ "$n" = "$want" ] || { echo "FAIL: installed binary lists $n adapters, $want installed"; exit 1; }
test -f "$tmp/prefix/share/doc/parcelcast/README.md" || { echo "FAIL: docs not installed"; exit 1; }
echo "1 passed, 0 failed"
