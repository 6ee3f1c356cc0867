#!/bin/sh
# Install the Debian 12 packages parcelcast needs to build, run and test.
# Idempotent; needs root (or sudo). Skips apt when every package is present.
set -eu
PKGS="build-essential cmake pkg-config git ca-certificates tzdata \
libcurl4-openssl-dev libxml2-dev libgsl-dev liblmdb-dev lmdb-utils \
libjansson-dev libmicrohttpd-dev libssl-dev libcmocka-dev curl chromium"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps: installing:$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
