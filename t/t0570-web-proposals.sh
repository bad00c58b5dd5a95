#!/bin/bash
# Proposed cases on the web (/proposals): the queue, its filters (a value
# not understood is a 400 that says so), its CSV, and the officer opening
# a case or dismissing a proposal with a reason, each saved once and
# audited; a governor sees none, another school decides none.
. "$(dirname "$0")/test-lib.sh"

# The fixture's registers run from 1 September to 30 October 2025 (8
# weeks and 4 days: 43 days, 86 sessions each): A (Oak) N every session,
# 86 of 86 absent; B (Oak) O every other session, 43 of 86 = 50%, SA
# (2 * 43 >= 86); C (Elm, looked after) I every session, SA; D present.
# The default rule (PA or worse) proposes A, B and C on their band.
export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture

pid() {
	sqlite3 $db "SELECT c.id FROM case_proposal c JOIN pupil p ON p.id = c.pupil_id WHERE p.upn = '$1'"
}
test_expect_success 'the rule proposes A, B and C, and people sign in' '
	$ATTEND --db $db case propose --user lead >out &&
	test_is "$(cat out)" "3 case(s) proposed (attend case proposals lists them)" &&
	login officer && login oak && login gov
'
test_expect_success 'the officer sees the three, by name, with a plain reason' '
	test_is "$(as officer "$base/proposals")" 200 &&
	test_grep "Ann Able" body &&
	test_grep "Cy Cole" body &&
	test_grep "Absent 100.00% of sessions this year .Severe absence .50% or less..\.<" body &&
	test_grep "Absent 50.00% of sessions this year" body &&
	test_grep "<option value=\"100002\">Elm Primary</option>" body
'
test_expect_success 'a school filter from the select box keeps that school only' '
	test_is "$(as officer "$base/proposals?school=100002")" 200 &&
	test_grep "Cy Cole" body &&
	! grep -q "Ann Able" body
'
test_expect_success 'a filter value not understood is reported, not matched to nothing' '
	test_is "$(as officer "$base/proposals?band=severe")" 400 &&
	test_grep "band: not a band" body &&
	test_is "$(as officer "$base/proposals?school=Oak")" 400 &&
	test_grep "choose a school" body &&
	test_is "$(as officer "$base/proposals?ground=x")" 400
'
test_expect_success 'the list downloads as CSV, one row a proposal' '
	test_is "$(as officer "$base/proposals?format=csv")" 200 &&
	test_is "$(head -1 body)" "UPN,Name,URN,School,Proposed,Band,Absence %,Why" &&
	test_is "$(sed 1d body | wc -l)" 3 &&
	grep "^$B,Bo " body | grep -q ",100001,Oak <Primary>,4 November 2025,Severe absence (50% or less),50.00,"
'
test_expect_success 'a governor sees no proposals' '
	test_is "$(as gov "$base/proposals")" 403
'
test_expect_success 'Elm'"'"'s pupil is not in Oak'"'"'s queue, and Oak may not decide it' '
	test_is "$(as oak "$base/proposals")" 200 &&
	! grep -q "Cy Cole" body &&
	test_is "$(post oak /proposals/$(pid "$C")/accept)" 422 &&
	test_is "$(sqlite3 $db "SELECT count(*) FROM pupil_case")" 0
'
test_expect_success 'a dismissal without a reason is refused, nothing saved' '
	test_is "$(post officer /proposals/$(pid "$B")/dismiss reason=)" 422 &&
	test_grep "needs a reason" body &&
	test_is "$(sqlite3 $db "SELECT status FROM case_proposal WHERE id = $(pid "$B")")" open
'
test_expect_success 'the officer opens a case from a proposal: Monitor, audited, confirmed' '
	test_is "$(post officer /proposals/$(pid "$A")/accept)" 303 &&
	test_is "$(sqlite3 $db "SELECT p.upn || c.stage FROM pupil_case c JOIN pupil p ON p.id = c.pupil_id")" "${A}monitor" &&
	test_is "$(sqlite3 $db.audit "SELECT count(*) FROM audit WHERE object LIKE '"'"'proposal %'"'"' AND detail LIKE '"'"'accepted%'"'"'")" 1 &&
	test_is "$(as officer "$base/proposals?saved=1")" 200 &&
	test_grep "Saved: the proposal is decided" body &&
	! grep -q "Ann Able" body
'
test_expect_success 'the officer dismisses one with a reason; it leaves the queue' '
	test_is "$(post officer /proposals/$(pid "$B")/dismiss "reason=Known to school: bereavement")" 303 &&
	test_is "$(sqlite3 $db "SELECT status || '"'"':'"'"' || decision_reason FROM case_proposal WHERE id = $(pid "$B")")" "dismissed:Known to school: bereavement" &&
	test_is "$(as officer "$base/proposals?format=csv")" 200 &&
	test_is "$(sed 1d body | cut -d, -f1)" "$C"
'
test_expect_success 'a decided proposal cannot be decided again' '
	test_is "$(post officer /proposals/$(pid "$A")/dismiss reason=again)" 422 &&
	test_grep "accepted already" body
'
test_done
