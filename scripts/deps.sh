#!/bin/sh
# Install what attend needs, only what is missing: Debian packages, and for
# the tests the npm package that drives chromium.
# Usage: scripts/deps.sh [build|test|demo|bench]
set -e
cd "$(dirname "$0")/.."
# libcjose-dev needs libjansson-dev for its pkg-config file but does not
# depend on it (Debian 12), so both are named.  libgnutls28-dev: serve's
# TLS checks its certificate and key with GnuTLS, libmicrohttpd's TLS.
want="build-essential pkg-config libsqlite3-dev sqlite3 libexpat1-dev libsodium-dev libmicrohttpd-dev libxxhash-dev
	libcurl4-gnutls-dev libcjose-dev libjansson-dev libgnutls28-dev"
case "${1:-build}" in
test) want="$want clang libclang-rt-14-dev perl python3 curl chromium glewlwyd openssl systemd man-db" ;;
bench) want="$want python3 wrk" ;;
esac
command -v node >/dev/null 2>&1 || { [ "${1:-}" = test ] && want="$want nodejs npm"; }
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing" >&2
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq >&2
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2
fi
# playwright-core as package.json pins it (1.61: the last for Debian 12's
# Node.js 18); a different one left by an older checkout is replaced.
if [ "${1:-}" = test ]; then
	want_pw=$(sed -n 's/.*"playwright-core": "\(.*\)".*/\1/p' package.json)
	have_pw=$(sed -n 's/^  "version": "\(.*\)".*/\1/p' \
		node_modules/playwright-core/package.json 2>/dev/null || true)
	if [ "$want_pw" != "$have_pw" ]; then
		echo "deps: installing playwright-core $want_pw (npm)" >&2
		npm ci --no-audit --no-fund --loglevel=error >&2
	fi
fi
exit 0
