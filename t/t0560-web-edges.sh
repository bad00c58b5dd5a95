#!/bin/bash
# The edges of a request, answered at once and plainly: a %00 in a web
# address or a form value is refused rather than cut short; a query of
# more than 100 parameters gets 414 at once instead of holding the
# connection; and a store its user cannot write says what is wrong.
. "$(dirname "$0")/test-lib.sh"

export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture
login lead

test_expect_success 'a %00 in the path is refused, not cut short to a page' '
	test_is "$(status "$base/static/attend.css%00.txt")" 400 &&
	test_grep "may not hold a NUL character" body &&
	test_is "$(as lead "$base/pupils/$A%00x")" 400
'
test_expect_success 'a %00 in a query value is refused too' '
	test_is "$(as lead "$base/lists/sa?school=100001%00")" 400
'
test_expect_success 'a %00 in a form value is refused, and nothing is saved' '
	before=$(sqlite3 $db "SELECT count(*) FROM pupil_case") &&
	test_is "$(as lead -d "csrf=$(cat csrf.lead)&upn=$A&stage=monitor&reason=a%00b" "$base/cases")" 400 &&
	test_grep "form value may not hold a NUL" body &&
	test "$(sqlite3 $db "SELECT count(*) FROM pupil_case")" = "$before"
'
test_expect_success '100 query parameters are read' '
	q=$(seq -s "&" -f "p%g=1" 100) &&
	test_is "$(as lead "$base/lists/sa?$q")" 200
'
test_expect_success '2,000 get 414 at once, not a connection held 30 s' '
	q=$(seq -s "&" -f "p%g=1" 2000) &&
	start=$(date +%s) &&
	test_is "$(status -m 10 "$base/lists/sa?$q")" 414 &&
	test_grep "too many parameters" body &&
	test $(($(date +%s) - start)) -le 3
'
test_expect_success 'and the server goes on answering' '
	test_is "$(as lead "$base/")" 200
'

# A store its user cannot write: as an unprivileged user, where there is
# one to switch to (the tests run as root in CI).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	mkdir ro && cp $db ro/s.db && chmod 755 ro && chmod 644 ro/s.db && chmod o+rx . &&
	cp "$ATTEND" ro/attend && chmod 755 ro/attend
	test_expect_success 'reading a store whose directory it cannot write says so' '
		test_exit_is 1 as_nobody ro/attend --db ro/s.db pupils 2>err &&
		test_diag <err &&
		test_grep "the store cannot be read" err &&
		test_grep "write in its directory" err &&
		! grep -q "attend init" err
	'
	test_expect_success 'writing it says it cannot be written, and why' '
		test_exit_is 1 as_nobody ro/attend --db ro/s.db import schools.csv 2>err &&
		test_diag <err &&
		test_grep "the store cannot be written: run attend as a user who may write" err &&
		! grep -q "attend init" err
	'
else
	test_skip 'a store its user cannot write' 'needs root and setpriv'
fi
test_done
