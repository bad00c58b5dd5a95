#!/bin/bash
# Real-browser walk of casework (headless chromium driven by playwright-core,
# t/browser/casework.mjs): an LA officer takes a case from Monitor to a
# penalty notice and a school through a Targeting Support Meeting to its
# pack, then acknowledges an alert.  Screenshots of every page stay in the
# test's temp dir while it runs and are copied to /tmp/casework-shots/
# (and the pack as PDF).
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
# A (Oak) has an N every session: the penalty threshold is met, so the
# refresh raises an alert for the officers.
$ATTEND --db $db alerts --user lead --refresh >/dev/null 2>refresh.err ||
	test_diag <refresh.err
shots=$TMP/shots
cd "$TEST_ROOT" || exit 1
BASE=$base UPN=$A SHOTS=$shots COPY=/tmp/casework-shots \
	test_include_tap node t/browser/casework.mjs
test_done
