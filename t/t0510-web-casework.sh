#!/bin/bash
# The casework pages over HTTP: cases, the TSM list and pack, the
# alert queue, and their JSON twins.  What each role sees and is refused,
# with no other school's or caseload's pupils leaking; refusals (Enforce
# without support, a third penalty notice, bad dates, a parent not linked
# to the child) shown with the reason and nothing saved; hostile text
# escaped wherever it is echoed; CSRF required on every form.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/web-lib.sh"

# The fixture's registers run from 1 September to 30 October 2025: A (Oak)
# has N every session, B (Oak) O every other session, C (Elm, looked after)
# I every session, D (Elm) present.  "Today" is the Tuesday after.
ATTEND_TODAY=2025-11-04
export ATTEND_TODAY
web_fixture
test_expect_success 'the server starts' '
	echo "port $port" && test -n "$server"
'

# The store, and the audit log without the rows of views and refusals
# (drawing a page after a refusal is itself a logged view of a named
# pupil): what a change writes.
dump() {
	sqlite3 $db .dump | grep -v '^INSERT INTO session\b'
	sqlite3 $db.audit "SELECT * FROM audit WHERE action NOT IN ('view', 'view list', 'login', 'refused')"
}
# refused EXPECTED-STATUS TEXT USER PATH FIELDS...: the POST is refused
# with that status, the page says TEXT, and the store is unchanged.
refused() {
	want=$1 text=$2
	shift 2
	dump >before.sql
	got=$(post "$@")
	dump >after.sql
	[ "$got" = "$want" ] && grep -qF -- "$text" body && cmp -s before.sql after.sql
}

for u in lead officer oak sw vs gov; do login $u; done
test_expect_success 'signed-in pages carry a CSRF token' '
	[ -s csrf.officer ]
'
# Cases to see: A by the web (below), C and D by the CLI, as the lead.
test_expect_success "cases for Elm's pupils are opened on the CLI" '
	$ATTEND --db $db case open "$C" --user lead --reason "looked after, ill" >/dev/null &&
	$ATTEND --db $db case open "$D" --user lead --reason "watch" >/dev/null
'

# ---- opening and moving a case ---------------------------------------------
test_expect_success 'officer: POST /cases opens a case and redirects (303)' - <<\EOT
[ "$(post officer /cases "upn=$A" stage=monitor 'reason=N every session')" = 303 ]
EOT
test_expect_success 'the case of A is stored at Monitor' - <<\EOT
[ "$(sqlite3 $db "SELECT stage FROM pupil_case c JOIN pupil p ON p.id = c.pupil_id WHERE p.upn = '$A'")" = monitor ]
EOT
test_expect_success 'opening a second case is refused with the reason, nothing saved' '
	refused 422 "pupil $A has an open case already" officer /cases "upn=$A" stage=monitor reason=again
'

test_expect_success 'a move to Enforce without support is refused (422) with the reason, nothing saved' - <<\EOT
refused 422 "support comes before enforcement" officer "/cases/$A/move" form=move to=enforce 'reason=<script>alert(2)</script>'
EOT
test_expect_success 'the refusal is shown above the page, with the move form open' - <<\EOT
grep -q '<h2>Not saved</h2>' body && grep -q 'id="move" open' body
EOT
test_expect_success 'what was typed comes back escaped in the form' - <<\EOT
grep -q 'value="&lt;script&gt;alert(2)&lt;/script&gt;"' body && ! grep -q '<script>alert(2)' body
EOT
test_expect_success 'support offered without its outcome is refused too' - <<\EOT
refused 422 "its outcome is not recorded" officer "/cases/$A/move" form=move to=enforce 'reason="><script>alert(3)</script>' 'support_offered=contract'
EOT
test_expect_success 'a value breaking out of its attribute is escaped' - <<\EOT
grep -q 'value="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' body && ! grep -q '<script>alert(3)' body
EOT
test_expect_success 'an unknown stage is a bad request (400), nothing saved' '
	refused 400 "to: choose a stage" officer "/cases/$A/move" form=move to=nowhere reason=x
'
test_expect_success 'with support offered and its outcome recorded, the case moves to Enforce' - <<\EOT
[ "$(post officer "/cases/$A/move" form=move to=formalise 'reason=no change' 'support_offered=Parenting contract' 'support_outcome=<b>not kept</b>')" = 303 ] &&
[ "$(post officer "/cases/$A/move" form=move to=enforce 'reason=contract broken')" = 303 ]
EOT
test_expect_success 'the stored support outcome is escaped in the history' - <<\EOT
as officer "$base/cases/$A" >/dev/null
grep -q '&lt;b&gt;not kept&lt;/b&gt;' body && ! grep -q '<b>not kept' body
EOT
test_expect_success 'JSON twin: the case with its dated history, text exact' - <<\EOT
as officer "$base/api/cases/$A" >/dev/null
python3 -c '
import json, sys
d = json.load(open("body"))
c = d["case"]
sys.exit(not (c["stage"] == "enforce" and [e["to"] for e in c["history"]] == ["monitor", "formalise", "enforce"]
              and c["history"][1]["support_outcome"] == "<b>not kept</b>"))'
EOT

# barriers, agencies, actions
test_expect_success 'the school adds a barrier, an agency and an action' - <<\EOT
[ "$(post oak "/cases/$A/barrier" form=barrier barrier=anxiety_ebsa 'detail=x')" = 303 ] &&
[ "$(post oak "/cases/$A/agency" form=agency agency=camhs)" = 303 ] &&
[ "$(post oak "/cases/$A/action" form=action 'what=<img src=x onerror=alert(4)>' 'owner=Pastoral lead' due=2025-11-20)" = 303 ]
EOT
test_expect_success "the case page lists them, the action's text escaped" - <<\EOT
as oak "$base/cases/$A" >/dev/null
grep -q 'Anxiety / EBSA' body && grep -q 'CAMHS' body && grep -q '&lt;img src=x onerror=alert(4)&gt;' body && ! grep -q '<img src=x' body
EOT
action=$(sqlite3 $db "SELECT id FROM case_action WHERE owner = 'Pastoral lead'")
test_expect_success 'an action with a due date that is not a date is a bad request' - <<\EOT
refused 400 "due: 'soon' is not a date" officer "/cases/$A/action" form=action what=x owner=y due=soon
EOT
test_expect_success "marking another pupil's action done through this case is refused" - <<\EOT
refused 422 "is not on this pupil's case" officer "/cases/$D/done" form=done1 action=$action outcome=done on=2025-11-04
EOT
test_expect_success 'an action is marked done' - <<\EOT
[ "$(post officer "/cases/$A/done" form=done$action action=$action 'outcome=went well' on=2025-11-04)" = 303 ]
EOT

# the joint legal decision: step 4 for a child looked after
test_expect_success "C's case moves to Enforce with a reason why support was not appropriate" - <<\EOT
[ "$(post lead "/cases/$C/move" form=move to=enforce 'reason=no improvement' 'not_appropriate=ill, care plan in place')" = 303 ]
EOT
test_expect_success "proceeding for a child looked after without the social worker's agreement is refused" '
	refused 422 "social worker" lead "/cases/$C/legal" form=legal policy_followed=yes officer_discussed=yes support_considered=yes outcome=proceed decided=2025-11-04
'
test_expect_success 'a decision on hold with its review before the decision is refused' '
	refused 422 "must come after the decision" lead "/cases/$A/legal" form=legal outcome=on_hold decided=2025-11-04 review=2025-11-01
'
test_expect_success 'the decision to proceed is recorded for A (no social worker needed)' '
	[ "$(post officer "/cases/$A/legal" form=legal policy_followed=letters officer_discussed=yes support_considered=yes outcome=proceed decided=2025-11-04)" = 303 ]
'

# parents and notices
test_expect_success "the school adds A's parent; Elm's pupil is not theirs (403)" - <<\EOT
[ "$(post oak "/cases/$A/parent" form=parent 'name=Pat <Able>' relationship=mother)" = 303 ] &&
[ "$(post oak "/cases/$D/parent" form=parent 'name=Dee Dale' 2>/dev/null)" = 403 ]
EOT
pat=$(sqlite3 $db "SELECT id FROM parent WHERE name = 'Pat <Able>'")
$ATTEND --db $db parent add "$D" --user lead --name "Dee Dale" >/dev/null
dee=$(sqlite3 $db "SELECT id FROM parent WHERE name = 'Dee Dale'")
test_expect_success 'a notice to a parent not linked to the child is refused, nothing saved' '
	refused 422 "is not linked to pupil" officer "/cases/$A/notice" form=notice parent=$dee kind=nti issued=2025-11-04
'
test_expect_success 'a notice for a pupil without unauthorised absence is refused' '
	refused 422 "threshold" lead "/cases/$D/notice" form=notice parent=$dee kind=nti issued=2025-11-04
'
test_expect_success 'a penalty notice before any Notice to Improve is refused' '
	refused 422 "Notice to Improve should come first" officer "/cases/$A/notice" form=notice parent=$pat kind=penalty issued=2025-11-04
'
# NTI, then the first penalty notice: £80 if paid by 4+21 = 25 November,
# else £160 by 4+28 = 2 December; the second within 3 years: £160.
test_expect_success 'a Notice to Improve and two penalty notices are issued' '
	[ "$(post officer "/cases/$A/notice" form=notice parent=$pat kind=nti issued=2025-11-04)" = 303 ] &&
	[ "$(post officer "/cases/$A/notice" form=notice parent=$pat kind=penalty issued=2025-11-04)" = 303 ] &&
	[ "$(post officer "/cases/$A/notice" form=notice parent=$pat kind=penalty issued=2025-11-04)" = 303 ]
'
test_expect_success 'the notices carry the amounts and dates worked out by hand' - <<\EOT
as officer "$base/api/cases/$A" >/dev/null
python3 -c '
import json, sys
n = json.load(open("body"))["notices"]
want = [("nti", 0, "", ""), ("penalty", 8000, "2025-11-25", "2025-12-02"), ("penalty", 16000, "", "2025-12-02")]
got = [(x["kind"], x["amount_pence"], x["reduced_until"], x["due"]) for x in n]
sys.exit(got != want)'
EOT
test_expect_success 'a third penalty notice is refused, naming the routes left, nothing saved' '
	refused 422 "consider prosecution" officer "/cases/$A/notice" form=notice parent=$pat kind=penalty issued=2025-11-04
'
test_expect_success "the parent's name is escaped in the parents and notices tables" - <<\EOT
as officer "$base/cases/$A" >/dev/null
grep -q 'Pat &lt;Able&gt;' body && ! grep -q 'Pat <Able>' body && grep -q '&pound;80.00' body
EOT
first=$(sqlite3 $db "SELECT min(id) FROM penalty_notice WHERE kind = 'penalty'")
test_expect_success 'recording a notice unpaid before its due date is refused' '
	refused 422 "not unpaid until its due date (2025-12-02)" officer "/cases/$A/outcome" form=outcome$first notice=$first status=unpaid on=2025-11-04
'
test_expect_success 'a payment is recorded' '
	[ "$(post officer "/cases/$A/outcome" form=outcome$first notice=$first status=paid on=2025-11-04)" = 303 ]
'

# part-time timetables
test_expect_success 'a timetable ending before it starts is refused, nothing saved' '
	refused 422 "dates in the wrong order" oak "/cases/$A/timetable" form=timetable urn=100001 start=2025-11-10 end=2025-11-05 review=2025-11-07 hours=10 reason=anxiety agreed=yes
'
test_expect_success 'a timetable with a review date in the past is refused' '
	refused 422 "is in the past (today is 2025-11-04)" oak "/cases/$A/timetable" form=timetable urn=100001 start=2025-10-20 end=2025-12-05 review=2025-11-01 hours=10 reason=anxiety agreed=yes
'
test_expect_success 'hours that are not a number are a bad request' '
	refused 400 "hours" oak "/cases/$A/timetable" form=timetable urn=100001 start=2025-11-05 end=2025-12-05 review=2025-11-20 hours=lots reason=anxiety agreed=yes
'
test_expect_success 'a part-time timetable is agreed' '
	[ "$(post oak "/cases/$A/timetable" form=timetable urn=100001 start=2025-11-05 end=2025-12-05 review=2025-11-20 hours=12.5 reason=anxiety agreed=yes)" = 303 ]
'
test_expect_success 'the social worker sees the part-time provision with its review date' - <<\EOT
as sw "$base/cases/$A" >/dev/null
grep -q '12.5' body && grep -q '2025-11-20' body
EOT

# ---- who sees what ------------------------------------------------------------
check lead /cases 200
check officer /cases 200
check oak /cases 200
check sw /cases 200
check vs /cases 200
check gov /cases 403
check gov /api/cases 403
check lead "/cases/$A" 200
check oak "/cases/$A" 200
check oak "/cases/$C" 403
check oak "/api/cases/$D" 403
check sw "/cases/$A" 200
check sw "/cases/$B" 403
check sw "/cases/$C" 403
check vs "/cases/$C" 200
check vs "/cases/$A" 403
check gov "/cases/$A" 403
check lead "/cases/not-a-upn" 400
check lead "/cases/B123456789012" 400
check lead "/cases/A123456789012" 404
check oak "/cases/A123456789012" 403
check lead /tsm 200
test_expect_success "the LA lead is offered the form that names a school's officer" - <<\EOT
grep -q 'action="/tsm/officer"' body
EOT
test_expect_success 'Elm Primary has no named officer yet' - <<\EOT
grep -q 'Elm Primary</a></td><td>not named</td>' body
EOT
check officer /tsm 200
test_expect_success 'an officer is not' - <<\EOT
! grep -q 'action="/tsm/officer"' body
EOT
test_expect_success "the lead names Elm Primary's officer on the web, and the page shows it" - <<\EOT
[ "$(post lead /tsm/officer form=officer urn=100002 officer=officer)" = 303 ] &&
as lead "$base/tsm" >/dev/null &&
grep -q 'Elm Primary</a></td><td>officer</td>' body
EOT
test_expect_success 'an officer may not name one (422)' '
	[ "$(post officer /tsm/officer form=officer urn=100002 officer=officer)" = 422 ]
'
test_expect_success "a school lead cannot be named a school's officer, and the page says why" - <<\EOT
[ "$(post lead /tsm/officer form=officer urn=100002 officer=oak)" = 422 ] &&
grep -q 'is not an LA attendance officer' body
EOT
test_expect_success 'a malformed URN is refused (400)' '
	[ "$(post lead /tsm/officer form=officer urn=12 officer=officer)" = 400 ]
'
check oak /tsm 200
check gov /tsm 200
check sw /tsm 403
check vs /tsm 403
check lead /tsm/100002/pack 200
check oak /tsm/100001/pack 200
check oak /tsm/100002/pack 403
check gov /tsm/100001/pack 403
check sw /tsm/100001/pack 403
check lead /tsm/999999/pack 404
check lead /tsm/abc/pack 400
check lead /alerts 200
check gov /alerts 200
check lead /cases/x/y/z 404
test_expect_success 'GET-only routes answer 405 to POST' '
	[ "$(as lead -X POST "$base/cases/$A")" = 405 ]
'

test_expect_success "a school's case list holds its own pupils only" '
	as oak "$base/cases" >/dev/null
	grep -q "$A" body && ! grep -q -e "$C" -e "$D" body
'
test_expect_success "a school's JSON case list is valid and holds its own pupils only" '
	as oak "$base/api/cases" >/dev/null
	python3 -m json.tool body >/dev/null && grep -q "$A" body && ! grep -q -e "$C" -e "$D" body
'
test_expect_success "a social worker's case list is their caseload" '
	as sw "$base/api/cases" >/dev/null
	grep -q "$A" body && ! grep -q -e "$B" -e "$C" -e "$D" body
'
test_expect_success 'the virtual school sees the case of the child looked after only' '
	as vs "$base/cases" >/dev/null
	grep -q "$C" body && ! grep -q -e "$A" -e "$D" body
'
test_expect_success 'the case list filters by stage' '
	as lead "$base/cases?stage=enforce" >/dev/null
	grep -q "$A" body && grep -q "$C" body && ! grep -q "$D" body
'
test_expect_success 'the case list filters by school' '
	as lead "$base/cases?school=100002" >/dev/null
	! grep -q "$A" body && grep -q "$C" body
'
check lead "/cases?stage=nonsense" 400
test_expect_success 'a hostile filter value is refused and not echoed raw' - <<\EOT
as lead "$base"'/cases?school=%22%3E%3Cscript%3E' >/dev/null
[ "$(as lead "$base"'/cases?school=%22%3E%3Cscript%3E')" = 400 ] && ! grep -q '"><script>' body
EOT
test_expect_success 'a social worker may read the case but not change it (403)' '
	[ "$(post sw "/cases/$A/move" form=move to=monitor reason=x)" = 403 ]
'
test_expect_success 'a governor may not post to a case (403)' '
	[ "$(post gov "/cases/$A/move" form=move to=monitor reason=x)" = 403 ]
'

# ---- Targeting Support Meetings --------------------------------------------------
test_expect_success 'a meeting offered for a past date is refused, nothing saved' '
	refused 422 "not in the past" officer /tsm urn=100001 date=2025-11-03
'
test_expect_success 'a meeting for a malformed URN is a bad request' '
	refused 400 "urn" officer /tsm urn=12 date=2025-11-05
'
test_expect_success 'meetings are offered to both schools' '
	[ "$(post officer /tsm urn=100001 date=2025-11-04)" = 303 ] &&
	[ "$(post officer /tsm urn=100002 date=2025-11-04)" = 303 ]
'
oakm=$(sqlite3 $db "SELECT t.id FROM tsm t JOIN school s ON s.id = t.school_id WHERE s.urn = 100001")
elmm=$(sqlite3 $db "SELECT t.id FROM tsm t JOIN school s ON s.id = t.school_id WHERE s.urn = 100002")
test_expect_success "a school may not answer for another school's meeting" '
	refused 422 "may not answer for that school" oak "/tsm/$elmm/respond" form=respond$elmm answer=accept on=2025-11-04
'
test_expect_success 'a governor may not answer for the school' '
	[ "$(post gov "/tsm/$oakm/respond" form=respond$oakm answer=accept on=2025-11-04)" = 422 ]
'
test_expect_success 'Oak accepts its meeting; Elm declines' '
	[ "$(post oak "/tsm/$oakm/respond" form=respond$oakm answer=accept on=2025-11-04)" = 303 ] &&
	[ "$(post lead "/tsm/$elmm/respond" form=respond$elmm answer=decline on=2025-11-04)" = 303 ]
'
test_expect_success 'the school may not record the meeting held (the LA does)' '
	refused 422 "that is for the LA" oak "/tsm/$oakm/hold" form=hold$oakm held=held on=2025-11-04
'
test_expect_success 'an action for a meeting not yet held is refused' '
	refused 422 "actions come from a meeting that was held" officer "/tsm/$oakm/action" form=action$oakm what=x owner=y due=2025-11-20
'
test_expect_success "the officer records Oak's meeting held with its priorities" - <<\EOT
[ "$(post officer "/tsm/$oakm/hold" form=hold$oakm held=held on=2025-11-04 'notes=<script>alert(5)</script> cut N codes')" = 303 ]
EOT
test_expect_success "a meeting's action for another school's pupil is refused" '
	refused 422 "not on the roll" officer "/tsm/$oakm/action" form=action$oakm what=x owner=y due=2025-11-20 "upn=$C"
'
test_expect_success 'two actions agreed at the meeting are recorded, one for a pupil' - <<\EOT
[ "$(post officer "/tsm/$oakm/action" form=action$oakm 'what=Home visit' 'owner=Olly' due=2025-11-20 "upn=$A")" = 303 ] &&
[ "$(post officer "/tsm/$oakm/action" form=action$oakm 'what=Register audit' 'owner=Oak office' due=2025-11-25)" = 303 ]
EOT
test_expect_success "the pupil's action is on their case too" - <<\EOT
[ "$(sqlite3 $db "SELECT count(*) FROM case_action WHERE what = 'Home visit'")" = 1 ]
EOT
test_expect_success 'JSON twin: 1 of 2 schools accepted and held a meeting; both meetings listed' - <<\EOT
as lead "$base/api/tsm" >/dev/null
python3 -c '
import json, sys
d = json.load(open("body"))
s = d["summary"]
m = sorted((x["urn"], x["status"], x["actions"]) for x in d["meetings"])
sys.exit(not (s == {"schools": 2, "accepted": 1, "held": 1} and m == [(100001, "held", 2), (100002, "declined", 0)]))'
EOT
test_expect_success "the TSM page shows the authority's count and percentage" - <<\EOT
as lead "$base/tsm" >/dev/null
grep -q '1 of 2' body && grep -q '50.00%' body
EOT
test_expect_success "a school sees its own meetings only, without the authority's summary" - <<\EOT
as oak "$base/api/tsm" >/dev/null
python3 -c '
import json, sys
d = json.load(open("body"))
sys.exit(not (d["summary"] is None and [m["urn"] for m in d["meetings"]] == [100001]))'
EOT
test_expect_success "a governor's TSM page names no pupil and offers no pack" - <<\EOT
as gov "$base/tsm" >/dev/null
! grep -q -e Able -e "$A" -e 'TSM pack' body
EOT

# the pack
test_expect_success 'the pack has every section a Targeting Support Meeting pack needs' - <<\EOT
as officer "$base/tsm/100001/pack" >/dev/null
for s in 'Priorities' 'Attendance bands' 'Cohorts' 'Severe absence: named pupils' \
	'Persistent absence: named pupils' 'Legal actions agreed' \
	'Successes since the last meeting' 'Actions from the last meeting'; do
	grep -qF "$s" body || { echo "# missing: $s"; false; } || break
done
EOT
test_expect_success "the meeting's notes and a hostile surname are escaped in the pack" - <<\EOT
grep -q '&lt;script&gt;alert(5)&lt;/script&gt; cut N codes' body && ! grep -q '<script>alert' body &&
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' body
EOT
# Oak's compulsory-age pupils: A (N every session: SA) and B (O every other
# session: 50%, SA); Elm's C is authorised-absent every session (SA), D present.
test_expect_success "the pack counts Oak's pupils in the five bands (both SA, by hand)" - <<\EOT
python3 - <<'PY'
import re, sys
b = open("body").read()
bands = dict(re.findall(r'band-(\w+)">&nbsp;</span> [^<]*</td><td class="n">(\d+)</td>', b))
sys.exit(bands != {"expected": "0", "at_risk_pa": "0", "pa": "0", "at_risk_sa": "0", "sa": "2"})
PY
EOT
test_expect_success 'the named SA pupils carry their case stage and open actions' - <<\EOT
sa=$(sed -n '/Severe absence: named pupils/,/<\/table>/p' body)
echo "$sa" | grep -q "$A" && echo "$sa" | grep -q "$B" && echo "$sa" | grep -q 'Enforce' && echo "$sa" | grep -q 'Home visit'
EOT
test_expect_success "the last meeting's actions are in the pack" - <<\EOT
last=$(sed -n '/Actions from the last meeting/,/<\/table>/p' body)
echo "$last" | grep -q 'Home visit' && echo "$last" | grep -q 'Register audit'
EOT
test_expect_success 'the legal actions agreed are in the pack' - <<\EOT
legal=$(sed -n '/Legal actions agreed/,/<\/table>/p' body)
echo "$legal" | grep -q 'joint decision: proceed' && echo "$legal" | grep -q 'Penalty notice'
EOT
test_expect_success "Oak's pack names no pupil of Elm" '
	! grep -q -e "$C" -e "$D" body
'
test_expect_success 'viewing the pack is written to the audit log' - <<\EOT
[ "$(sqlite3 $db.audit "SELECT count(*) FROM audit WHERE object = 'tsm pack 100001' AND username = 'officer'")" -ge 1 ]
EOT
test_expect_success 'JSON twin of the pack' - <<\EOT
as oak "$base/api/tsm/100001/pack" >/dev/null
python3 -c '
import json, sys
d = json.load(open("body"))
sys.exit(not (d["headline"]["bands"]["sa"] == 2 and sorted(x["band"] for x in d["named"]) == ["sa", "sa"]))'
EOT
test_expect_success 'attend tsm pack writes the same pack as a standalone HTML file' - <<\EOT
$ATTEND --db $db tsm pack 100001 --user officer --html pack.html >/dev/null &&
grep -q 'Severe absence: named pupils' pack.html && grep -q '<style>' pack.html
EOT
test_expect_success "attend tsm pack refuses a school lead another school's pack" - <<\EOT
test_exit_is 1 $ATTEND --db $db tsm pack 100002 --user oak --html x.html &&
grep -q 'may not see' err && [ ! -s x.html ]
EOT
if command -v chromium >/dev/null; then
	test_expect_success 'attend tsm pack --pdf prints the pack to PDF with chromium' - <<\EOT
$ATTEND --db $db tsm pack 100001 --user officer --pdf pack.pdf >/dev/null && head -c 5 pack.pdf | grep -q '%PDF-'
EOT
fi
test_expect_success 'without chromium, --pdf fails with a clear message' - <<\EOT
PATH=/nonexistent $ATTEND --db $db tsm pack 100001 --user officer --pdf y.pdf 2>err
[ $? = 1 ] && grep -q 'needs chromium' err
EOT

# ---- alerts -----------------------------------------------------------------------
$ATTEND --db $db alerts --user lead --refresh >/dev/null 2>&1
test_expect_success "the officer's queue holds the penalty-threshold alert" - <<\EOT
as officer "$base/api/alerts" >/dev/null
alert=$(python3 -c 'import json; d = json.load(open("body")); print(d[0]["id"] if d else "")')
[ -n "$alert" ]
EOT
test_expect_success "a school's queue holds no alert of another school" - <<\EOT
as oak "$base/api/alerts" >/dev/null
python3 -c 'import json, sys; sys.exit(any(a["urn"] == 100002 for a in json.load(open("body"))))'
EOT
test_expect_success 'acknowledging without or with a wrong CSRF token is refused, nothing saved' - <<\EOT
[ "$(as officer -X POST "$base/alerts/$alert/ack")" = 403 ] &&
[ "$(as officer -X POST -d 'csrf=0000' "$base/alerts/$alert/ack")" = 403 ] &&
[ -z "$(sqlite3 $db "SELECT acknowledged_at FROM alert WHERE id = $alert")" ]
EOT
test_expect_success 'an alert is acknowledged, and the acknowledgement audited' - <<\EOT
[ "$(post officer "/alerts/$alert/ack")" = 303 ] &&
[ -n "$(sqlite3 $db "SELECT acknowledged_at FROM alert WHERE id = $alert")" ] &&
[ "$(sqlite3 $db.audit "SELECT count(*) FROM audit WHERE action = 'acknowledge' AND object = 'alert $alert' AND username = 'officer'")" = 1 ]
EOT
test_expect_success 'acknowledging it again is refused with the reason' '
	refused 422 "acknowledged already" officer "/alerts/$alert/ack"
'
check officer /alerts/abc/ack 405

# ---- CSRF on every form, JSON refusals -----------------------------------------
test_expect_success 'every form refuses a missing or wrong CSRF token, nothing saved' - <<\EOT
dump >before.sql
codes=""
for path in /cases "/cases/$A/move" "/cases/$A/notice" /tsm "/tsm/$oakm/action"; do
	codes="$codes $(as officer -X POST -d 'to=monitor&reason=x&upn=x' "$base$path")"
	codes="$codes $(as officer -X POST -d 'csrf=0000&to=monitor&reason=x' "$base$path")"
done
dump >after.sql
echo "got$codes"
[ "$codes" = " 403 403 403 403 403 403 403 403 403 403" ] && cmp -s before.sql after.sql
EOT
test_expect_success 'the JSON twin of a refused move answers 422 with the reason' - <<\EOT
[ "$(post officer "/api/cases/$A/move" to=enforce reason=again)" = 422 ] &&
python3 -c 'import json, sys; d = json.load(open("body")); sys.exit(not (d["status"] == 422 and "the case is at" in d["error"] and "already" in d["error"]))'
EOT
test_expect_success 'the JSON twin of a change answers 200 {ok: true}' - <<\EOT
[ "$(post officer "/api/cases/$A/action" what=Call owner=Olly due=2025-11-21)" = 200 ] &&
python3 -c 'import json, sys; sys.exit(json.load(open("body")) != {"ok": True})'
EOT

# pages carry no inline script or style, which the CSP would block
test_expect_success 'no casework page carries inline style or script' - <<\EOT
inline=0
for path in /cases "/cases/$A" /tsm /tsm/100001/pack /alerts; do
	as lead "$base$path" >/dev/null
	grep -q -e ' style="' -e '<script' body && inline=1
done
[ $inline = 0 ]
EOT
test_expect_success "the pupil page links to the pupil's case" '
	as oak "$base/pupils/$A" >/dev/null
	grep -q "href=\"/cases/$A\"" body
'
test_expect_success 'the navigation links to cases, TSMs and alerts' - <<\EOT
as lead "$base/alerts" >/dev/null
grep -q 'href="/cases"' body && grep -q 'href="/tsm"' body && grep -q 'href="/alerts"' body
EOT
# ---- many cases: a page at a time ------------------------------------------
check lead "/cases?page=0" 400
check lead "/cases?page=x" 400
test_expect_success 'the case list says which cases it shows, and counts them by stage' '
	as lead "$base/cases?page=1" >/dev/null
	grep -q "Cases 1&ndash;" body && grep -q "By stage:" body
'
test_expect_success 'a page past the end says so' '
	as lead "$base/cases?page=99" >/dev/null
	grep -q "No cases on page 99" body
'

check lead "/alerts?page=0" 400
test_expect_success 'the alert queue says which alerts it shows' '
	as lead "$base/alerts" >/dev/null
	grep -q "Alerts 1&ndash;" body
'

# ---- children missing education --------------------------------------------
check lead /cme 200
check oak /cme 200
check sw /cme 403
check gov /cme 403
check vs /api/cme 403
test_expect_success 'a school notifies a removal from roll' - <<\EOT
[ "$(post oak /cme name='Kit <Unknown>' urn=100001 source=removal_from_roll on=2025-11-03)" = 303 ]
EOT
test_expect_success 'the LA refers a pupil by UPN' '
	[ "$(post lead /cme "upn=$C" source=referral on=2025-11-04)" = 303 ]
'
test_expect_success "a school sees its own referral, escaped, and not another school's" - <<\EOT
as oak "$base/cme" >/dev/null
grep -q 'Kit &lt;Unknown&gt;' body && ! grep -q "$C" body
EOT
test_expect_success 'the LA sees both referrals in the JSON' - <<\EOT
as lead "$base/api/cme" >/dev/null
[ "$(grep -o '"id":' body | wc -l)" = 2 ]
EOT
kit=$(sqlite3 $db "SELECT id FROM cme WHERE name = 'Kit <Unknown>'")
test_expect_success 'closing a referral without an outcome is refused, nothing saved' '
	refused 422 "outcome" lead "/cme/$kit/update" status=closed on=2025-11-04
'
test_expect_success 'a referral investigated, then closed as home education' - <<\EOT
[ "$(post lead "/cme/$kit/update" status=investigating on=2025-11-04)" = 303 ] &&
[ "$(post lead "/cme/$kit/update" status=closed outcome=home_education on=2025-11-04)" = 303 ] &&
[ "$(sqlite3 $db "SELECT status || ' ' || outcome FROM cme WHERE id = $kit")" = "closed home_education" ]
EOT
test_expect_success 'an unknown status is refused' '
	refused 422 "not a status" lead "/cme/$kit/update" status=lost on=2025-11-05
'
test_expect_success "a school cannot refer another school's child" '
	[ "$(post oak /cme name=Nobody urn=100002 on=2025-11-04)" = 422 ]
'
test_expect_success 'a referral without the CSRF token is refused' '
	[ "$(status -b jar.lead -d "name=X" "$base/cme")" = 403 ]
'

test_expect_success 'the server ran clean under the sanitizers' - <<\EOT
! grep -q 'ERROR: AddressSanitizer\|runtime error' server.log
EOT

test_done
