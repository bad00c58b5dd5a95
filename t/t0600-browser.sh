#!/bin/bash
# Real-browser walk of the web application (headless chromium driven by
# playwright-core): every role signs in, walks the main pages, submits a
# filter form; forged CSRF is refused; sign-out ends the session.
# Screenshots of every page are kept in build/screenshots/.
ATTEND=${ATTEND:-$(pwd)/build/san/attend}
repo=$(pwd)
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
n=0 failed=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
if [ ! -x /usr/bin/chromium ] || [ ! -d "$repo/node_modules/playwright-core" ]; then
	echo "1..0 # SKIP chromium or playwright-core missing (make test installs them)"
	exit 0
fi
cd "$tmp" || exit 1
. "$here/web-lib.sh"
web_fixture >fixture.tap
grep -q "^not ok" fixture.tap && { cat fixture.tap; echo "1..$n"; exit 1; }
cd "$repo" || exit 1
BASE=$base SHOTS=${BUILD:-$repo/build}/screenshots node t/browser/walk.mjs
