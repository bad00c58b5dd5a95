#!/bin/sh
# Common Transfer File (XML) import: pupils, enrolments and marks arrive as
# the CSV importers store them, a second import changes nothing, a daily
# update records its changes, and every kind of bad file is rejected with
# file, line, element path and reason, leaving the store as it was.
#
# The files are in t/data/ctf, written by hand from the CTF structure (see
# src/ingest/import_ctf.c).  The numbers below are counted from them.
. "$(dirname "$0")/test-lib.sh"
DATA=$TEST_DIR/data/ctf
CORPUS=$TEST_ROOT/fuzz/corpus/ctf
cp "$DATA"/*.xml .
# The DOBs are checked against today; the files were made 2024-09-20.
ATTEND_TODAY=2024-09-21
export ATTEND_TODAY

state() {
	for t in pupil enrolment marks mark_history meta school; do
		sqlite3 "$1" ".dump $t"
	done
}

cat >schools.csv <<'EOF'
urn,laestab,name,phase
100001,9992001,Alpha Primary,primary
100002,9992002,Beta Primary,primary
EOF

test_expect_success 'a CTF imports after its school' '
	$ATTEND --db a.db import schools.csv ctf.xml >out 2>err
'
# Alice: 24 sessions, 2 of them '-'; Ben: 10 in 2023/24 and 12 in
# 2024/25, his 2022/23 year at another school is not stored; Chloe: totals
# only.  22 + 10 + 12 = 44 marks.
test_expect_success 'the summary counts 3 pupils, 3 enrolments and 44 marks' '
	grep -F "ctf.xml: 3 CTF pupils: 3 added, 0 updated, 0 unchanged; enrolments 3 added, 0 updated; marks 44 added, 0 changed, 0 unchanged" out >/dev/null
'

# Alice from Monday 2 September 2024: / \ L \ C1 C1 J1 \ N O # # # # Y1 Y1
# I M B V - - / C2.  Present / \ L \ \ / = 6, approved B V = 2: attendance
# 8; authorised C1 C1 J1 I M C2 = 6; unauthorised N O = 2; # and Y1 are not
# possible, '-' is no mark: possible 8 + 6 + 2 = 16; absence 8/16 = 50%.
# Ben: / \ five days then ## on Saturday: 10 possible, all attended.
cat >expect-pupils.csv <<'EOF'
upn,urn,possible,attendance,authorised,unauthorised,absence_pct,band,pa,sa
H999200119003,100001,0,0,0,0,,none,0,0
K999200124001,100001,16,8,6,2,50.00,sa,1,1
Z999200124002,100001,10,10,0,0,0.00,expected,0,0
EOF
test_expect_success "pupils' measures for 2024/25 are those counted from the marks by hand" '
	$ATTEND --db a.db pupils --format csv >pupils.csv &&
	test_cmp expect-pupils.csv pupils.csv
'

# Ben 15-19 July 2024: / \ / \ H H H H / \: H was authorised then.
cat >expect-july.csv <<'EOF'
upn,urn,possible,attendance,authorised,unauthorised,absence_pct,band,pa,sa
H999200119003,100001,0,0,0,0,,none,0,0
K999200124001,100001,0,0,0,0,,none,0,0
Z999200124002,100001,10,6,4,0,40.00,at_risk_sa,1,0
EOF
test_expect_success "a previous year's marks (with the legacy code H) are stored too" '
	$ATTEND --db a.db pupils --from 2024-07-15 --to 2024-07-19 --format csv >july.csv &&
	test_cmp expect-july.csv july.csv
'

test_expect_success 'a YearData of another school is checked but not stored' '
	$ATTEND --db a.db pupils --from 2023-07-17 --to 2023-07-21 --format csv |
		grep -F "Z999200124002,100001,0,0" >/dev/null
'

# Alice: K999200124001 (her former UPN was temporary), girl, FSM since
# 2023 (current), SEN support in 2022 then an EHC plan from January 2024,
# in care, postcode under BS7666Address, year 4.  Ben: Gender M, FSM ended
# July 2024, no SEN history, not in care (unchanged: empty).  Chloe:
# reception, an empty FSM history (N), SEN provision N.
cat >expect-attrs.txt <<'EOF'
H999200119003|Clarke|Chloe|2019-01-20|F|N|N|||R
K999200124001|Adams|Alice|2015-03-04|F|Y|E|CLA|KM4 1AB|4
Z999200124002|Brown|Ben|2014-11-30|M|N|||KM5 2CD|5
EOF
test_expect_success 'names, DOB, sex, FSM, SEN, care, postcode and year group are stored' '
	sqlite3 a.db "SELECT upn, surname, forename, dob, sex, fsm, sen, social_care,
		postcode, year_group FROM pupil JOIN enrolment e ON e.pupil_id = pupil.id
		ORDER BY upn" >attrs.txt &&
	test_cmp expect-attrs.txt attrs.txt
'

state a.db >before.sql
test_expect_success 'importing the same CTF again succeeds' '
	$ATTEND --db a.db import ctf.xml >out 2>err
'
test_expect_success 'the second import reports nothing added or changed' '
	grep -F "3 CTF pupils: 0 added, 0 updated, 3 unchanged; enrolments 0 added, 0 updated; marks 0 added, 0 changed, 44 unchanged" out >/dev/null
'
test_expect_success 'the second import leaves pupils, enrolments, marks and history as they were' '
	state a.db >after.sql &&
	test_cmp before.sql after.sql
'

test_expect_success 'a CTF in a default namespace, naming its school by LA and Estab, imports (after the schools named after it)' '
	$ATTEND --db n.db import ctf-ns.xml schools.csv >out 2>err
'
test_expect_success 'the namespaced CTF gives the same measures' '
	$ATTEND --db n.db pupils --format csv >pupils-ns.csv &&
	test_cmp expect-pupils.csv pupils-ns.csv
'

cp a.db u.db
test_expect_success 'a daily update imports' '
	$ATTEND --db u.db import ctf-update.xml >out 2>err
'
test_expect_success 'the update changes one mark and leaves 43' '
	grep -F "marks 0 added, 1 changed, 43 unchanged" out >/dev/null
'
test_expect_success 'the changed mark is in the history: 2024-09-06 AM N -> I' '
	test_is "$(sqlite3 u.db "SELECT date, session, old_code, new_code FROM mark_history")" "2024-09-06|AM|N|I"
'

# Each bad file: exit 1, file:line: element path: reason, nothing stored.
sqlite3 a.db .dump >before.sql
bad() {
	file=$1 expect=$2
	test_expect_success "$file is rejected: $expect" '
		test_exit_is 1 $ATTEND --db a.db import "$file" &&
		test_grep -F "attend: $file:$expect" err
	'
	test_expect_success "$file leaves the store unchanged" '
		sqlite3 a.db .dump >after.sql &&
		test_cmp before.sql after.sql
	'
}
P=CTfile/CTFpupilData/Pupil
Y=$P/Attendance/YearData
bad not-xml.xml "1: not well-formed XML"
bad not-ctf.xml "2: the root element is <ATfile>, not <CTfile>: not a Common Transfer File"
bad truncated.xml "106: $P/Surname: the file ends inside an element: truncated?"
bad wrong-encoding.xml "25: $P/Forename: byte 0xE9 is not a character in the file's encoding"
bad unknown-encoding.xml "1: unknown encoding"
bad bad-upn.xml "23: $P/UPN: 'A999200124001': UPN check letter is wrong"
bad marks-too-long.xml "47: $Y/AttendSessions/AttendanceMarks: 10 sessions from the morning of 2025-07-28 run past 2025-07-31, the end of academic year 2024/25: the mark string is 2 sessions too long"
# summary-mismatch.xml (totals that disagree with the marks) is no longer
# refused: the marks are taken and the disagreement noted
# (t0485-data-quality.sh).
bad date-outside-year.xml "90: $Y/AttendSessions/AttendanceStartDate: 2023-09-04 lies outside academic year 2024/25"
bad unknown-code.xml "91: $Y/AttendSessions/AttendanceMarks: 'A' for 2024-09-06 PM (session 10 of the string): unknown register code"
bad withdrawn-code.xml "91: $Y/AttendSessions/AttendanceMarks: 'H' for 2024-09-06 AM (session 9 of the string): code withdrawn on 19 August 2024; its 2024 equivalent is C"
bad school-not-in-store.xml "12: CTfile/Header/SourceSchool/URN: school 100099 is not in the authority"
bad duplicate-dob.xml "135: $P/DOB: 2015-04-03 contradicts 2015-03-04 given for pupil K999200124001 on line 23"
bad dob-differs-from-store.xml "27: $P/DOB: 2015-04-03 differs from 2015-03-04 already held for pupil K999200124001"

# The fuzz corpus replays under the sanitizers when its program is built.
if [ -x "$BUILD/san/replay-fuzz-ctf" ] && [ -d "$CORPUS" ]; then
	test_expect_success 'the CTF fuzz corpus replays cleanly' '
		"$BUILD/san/replay-fuzz-ctf" "$CORPUS" >replay.out 2>&1 ||
		{ tail -20 replay.out; false; }
	'
else
	test_skip 'the CTF fuzz corpus replays cleanly' 'replay-fuzz-ctf not built'
fi
test_done
