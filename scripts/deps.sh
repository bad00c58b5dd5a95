#!/bin/sh
# Install the Debian packages attend needs, only those that are missing.
# Usage: scripts/deps.sh [build|test|demo]
set -e
want="build-essential pkg-config libsqlite3-dev sqlite3 libexpat1-dev"
case "${1:-build}" in
test) want="$want clang libclang-rt-14-dev perl python3" ;;
demo) ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2
