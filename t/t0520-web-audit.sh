#!/bin/sh
# Every view of a named pupil is logged, and a page that cannot log its
# view shows nothing (docs/casework.md, "Who sees what"): with the audit log
# refusing rows, each page that names pupils answers 500 with a plain
# message and not one name, in HTML, JSON and CSV alike.
. "$(dirname "$0")/test-lib.sh"

server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$TMP"' EXIT

# The fixture's registers run from 1 September to 30 October 2025: A (Oak,
# on the social worker's caseload) has N every session, B (Oak) O every
# other session, C (Elm, looked after) I every session, D (Elm) present.
export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture
ok $([ -n "$server" ]; echo $?) "the server starts on port $port"

status() { curl -s -o body -w '%{http_code}' "$@"; }
login() {
	status -c "jar.$1" -b "jar.$1" -d "login_token=$(login_token "jar.$1")" \
		-d "username=$1&password=correct+horse+battery" "$base/login" >/dev/null
}
as() { who=$1; shift; status -b "jar.$who" "$@"; }
views() {
	sqlite3 $db.audit "SELECT count(*) FROM audit WHERE action LIKE 'view%'"
}

test_expect_success 'the lead and the social worker sign in' '
	login lead && login sw &&
	$ATTEND --db $db case open "$A" --user lead --reason "N every session" \
		>/dev/null &&
	$ATTEND --db $db cme refer --pupil "$A" --school 100001 --user lead \
		--source removal_from_roll >/dev/null
'
test_expect_success 'while the audit log takes rows, a pupil page is shown and logged' '
	before=$(views) &&
	test "$(as lead "$base/pupils/$A")" = 200 &&
	test_grep Able body &&
	test "$(views)" = $((before + 1))
'
test_expect_success 'the CME referrals name children, and their view is logged' '
	before=$(views) &&
	test "$(as lead "$base/cme")" = 200 &&
	test_grep "Ann Able" body &&
	test "$(views)" = $((before + 1)) &&
	test "$(sqlite3 $db.audit "SELECT object FROM audit ORDER BY id DESC LIMIT 1")" = cme
'

# From here on the audit log refuses every row of a view.
test_expect_success 'the audit log is made to refuse views' '
	sqlite3 $db.audit "CREATE TRIGGER refuse_views BEFORE INSERT ON audit
		WHEN NEW.action LIKE '\''view%'\'' BEGIN
		SELECT RAISE(ABORT, '\''the audit log is full'\''); END;"
'

# shows_nothing USER PATH: 500, the plain message, and no pupil's name.
shows_nothing() {
	got=$(as "$1" "$base$2")
	if [ "$got" != 500 ]; then
		echo "GET $2 as $1 answered $got"
		head -c 600 body; echo
		return 1
	fi
	test_grep "could not be logged" body &&
	! grep -E "Able|Cole|Dale|Ann|script" body
}
for page in "/pupils/$A" "/api/pupils/$A" /lists/sa /api/lists/pa \
	    "/lists/caseload?format=csv" /cases /api/cases "/cases/$A" \
	    "/api/cases/$A" "/cases/$D" /tsm/100001/pack /api/tsm/100001/pack \
	    /cme /api/cme; do
	test_expect_success "lead: $page shows nothing when its view cannot be logged" "
		shows_nothing lead '$page'
	"
done
test_expect_success 'social worker: the caseload list shows nothing either' '
	shows_nothing sw /lists/caseload
'
test_expect_success 'the CSV refused is no attachment' '
	curl -s -D headers -o /dev/null -b jar.lead "$base/lists/sa?format=csv" &&
	! grep -qi "content-disposition" headers
'
test_expect_success 'pages that name no pupil still answer' '
	test "$(as lead "$base/")" = 200 &&
	test "$(as lead "$base/schools/100001")" = 200 &&
	test "$(as lead "$base/tsm")" = 200
'

test_done
