#!/bin/bash
# The alert queue names children (a UPN in the row, or in the message),
# so viewing it is logged like every other view of named pupils, and when
# the view cannot be logged the queue shows nothing (docs/privacy.md).
. "$(dirname "$0")/test-lib.sh"

# The fixture's registers run from 1 September to 30 October 2025: A (Oak,
# on the social worker's caseload) has N every session and meets the
# penalty threshold; C, looked after, is off every session (I).
export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture

alert_views() {
	sqlite3 $db.audit "SELECT count(*) FROM audit WHERE action = 'view list' AND object = 'alerts' AND username = '$1'"
}

test_expect_success 'alerts are raised, and the lead and the social worker sign in' '
	$ATTEND --db $db alerts --user lead --refresh >/dev/null &&
	test "$(sqlite3 $db "SELECT count(*) FROM alert WHERE pupil_id IS NOT NULL")" -gt 0 &&
	login lead && login vs
'
test_expect_success 'the queue names a pupil, and its view is logged with them' - <<\EOT
before=$(alert_views lead) &&
test_is "$(as lead "$base/alerts")" 200 &&
test_grep "$A" body &&
test_is "$(alert_views lead)" $((before + 1)) &&
sqlite3 $db.audit "SELECT detail FROM audit WHERE object = 'alerts' ORDER BY id DESC LIMIT 1" >detail &&
test_grep "pupils .*$A" detail
EOT
# The virtual school's weekly list of children looked after names them in
# its message only (C, looked after, at Elm).
test_expect_success 'a list naming children in its message alone is logged too, in JSON' '
	before=$(alert_views vs) &&
	test_is "$(as vs "$base/api/alerts")" 200 &&
	test_grep "$C" body &&
	test_is "$(alert_views vs)" $((before + 1))
'
test_expect_success 'an empty queue names nobody and logs nothing' '
	login gov &&
	before=$(sqlite3 $db.audit "SELECT count(*) FROM audit WHERE object = '\''alerts'\''") &&
	test_is "$(as gov "$base/alerts")" 200 &&
	test_grep "Nothing in your queue" body &&
	test_is "$(sqlite3 $db.audit "SELECT count(*) FROM audit WHERE object = '\''alerts'\''")" "$before"
'
test_expect_success 'the audit log is made to refuse views' - <<\EOT
sqlite3 $db.audit "CREATE TRIGGER refuse_views BEFORE INSERT ON audit
	WHEN NEW.action LIKE 'view%' BEGIN SELECT RAISE(ABORT, 'full'); END"
EOT
for page in /alerts /api/alerts "/alerts?all=1"; do
	test_expect_success "$page shows nothing when its view cannot be logged" "
		test_is \"\$(as lead '$base$page')\" 500 &&
		test_grep 'could not be logged' body &&
		! grep -q '$A' body
	"
done

test_done
