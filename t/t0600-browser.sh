#!/bin/bash
# Real-browser walk of the web application (headless chromium driven by
# playwright-core, t/browser/walk.mjs): every role signs in, walks the
# main pages, submits a filter form; forged CSRF is refused; sign-out
# ends the session.  Screenshots of every page are kept in
# build/screenshots/.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/web-lib.sh"
if [ ! -x /usr/bin/chromium ] || [ ! -d "$TEST_ROOT/node_modules/playwright-core" ]; then
	echo "1..0 # SKIP chromium or playwright-core missing (make test installs them)"
	exit 0
fi
# The fixture's registers run from September to October 2025.
ATTEND_TODAY=2025-11-04
export ATTEND_TODAY
web_fixture --setup
cd "$TEST_ROOT" || exit 1
BASE=$base SHOTS=$BUILD/screenshots test_include_tap node t/browser/walk.mjs
test_done
