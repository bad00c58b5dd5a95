#!/bin/sh
# The import contract of `attend import`: files in any order, dual
# registration, re-import changes nothing, a newer mark replaces the old
# one and is recorded in the history, BOM/CRLF/quoted fields, and the
# pre-2024 codes H, F, J, Y classified by the rules of their year.
#
# Every expected number below is counted by hand from the files written
# here (the comments show the counting).
. "$(dirname "$0")/test-lib.sh"

A=$(upn 990200124001)	# Oak only
B=$(upn 990200124002)	# dual: Oak and Elm
C=$(upn 99020012400A)	# Elm only; a temporary UPN (ends in a letter)

cat >schools.csv <<EOF
urn,laestab,name,phase
100001,9902001,Oak Primary,primary
100002,9902002,"Elm, the Primary",primary
EOF
cat >pupils.csv <<EOF
upn,urn,surname,forename,dob
$A,100001,Able,Ann,2016-01-01
$B,100001,Baker,Bo,2015-05-05
$B,100002,Baker,Bo,2015-05-05
$C,100002,Cole,Cy,2017-02-02
EOF
# The week of Monday 6 January 2025, AM then PM each day.
days="2025-01-06 2025-01-07 2025-01-08 2025-01-09 2025-01-10"
week() {	# UPN URN CODE*10
	u=$1 urn=$2
	shift 2
	for d in $days; do
		printf '%s,%s,%s,AM,%s\n' "$u" "$urn" "$d" "$1"
		printf '%s,%s,%s,PM,%s\n' "$u" "$urn" "$d" "$2"
		shift 2
	done
}
{
	echo "upn,urn,date,session,code"
	# A: 7 attendance (/ and \), N N unauthorised, I authorised
	week "$A" 100001 / '\' / '\' N N / '\' I '\'
	# B at Oak: D on Mon-Tue (at Elm), then / \ L \ / M
	week "$B" 100001 D D D D / '\' L '\' / M
	# B at Elm: / \ / \ then D (at Oak)
	week "$B" 100002 / '\' / '\' D D D D D D
	# C: K V P W B \ attendance, G O U unauthorised, C authorised
	week "$C" 100002 K V P W B '\' G O U C
} >register.csv

# By hand, for 2024/25 (the academic year of the latest mark):
#   A: possible 10, attendance 7, authorised 1, unauthorised 2: 3/10 = 30%
#   B at Oak: possible 6 (D is not possible), attendance 5, authorised 1: 1/6
#   B at Elm: possible 4, attendance 4
#   C: possible 10, attendance 6, authorised 1, unauthorised 3: 4/10 = 40%
# rows by URN then UPN
{
	echo "upn,urn,possible,attendance,authorised,unauthorised,absence_pct,band,pa,sa"
	{
		echo "$A,100001,10,7,1,2,30.00,at_risk_sa,1,0"
		echo "$B,100001,6,5,1,0,16.67,pa,1,0"
		echo "$B,100002,4,4,0,0,0.00,expected,0,0"
		echo "$C,100002,10,6,1,3,40.00,at_risk_sa,1,0"
	} | sort -t, -k2,2 -k1,1
} >expect-pupils.csv
# Oak: A + B = 16 possible, 2+2 authorised... A 1 + B 1 = 2 authorised,
#   2 unauthorised: 4/16 = 25%, 2/16 = 12.5% each; both PA: 2/2.
# Elm: B + C = 14 possible; 1 authorised (7.142..%), 3 unauthorised
#   (21.428..%), 4/14 = 28.571..%; C is PA: 1/2.
cat >expect-schools.csv <<'EOF'
urn,name,enrolments,possible,overall_pct,authorised_pct,unauthorised_pct,pa,pa_pct,sa,sa_pct
100001,Oak Primary,2,16,25.00,12.50,12.50,2,100.00,0,0.00
100002,"Elm, the Primary",2,14,28.57,7.14,21.43,1,50.00,0,0.00
EOF

# data_state DB: everything an import may change except its own log
data_state() {
	for t in school pupil enrolment marks mark_history meta; do
		sqlite3 "$1" ".dump $t"
	done
}
reports() {	# DB OUT-PREFIX
	"$ATTEND" --db "$1" pupils --format csv >"$2-pupils.csv" &&
	"$ATTEND" --db "$1" schools --format csv >"$2-schools.csv"
}
history_count() {
	sqlite3 a.db "SELECT count(*) FROM mark_history"
}

test_expect_success 'registers, pupils and schools import when named in reverse order' '
	test_exit_is 0 "$ATTEND" --db a.db import register.csv pupils.csv schools.csv &&
	sanitizer_clean err
'
test_expect_success 'pupils shows one row per enrolment, the dual-registered pupil twice, counted by hand' '
	"$ATTEND" --db a.db pupils --format csv >got &&
	test_cmp expect-pupils.csv got
'
test_expect_success 'schools sums sessions over enrolments, counted by hand' '
	"$ATTEND" --db a.db schools --format csv >got &&
	test_cmp expect-schools.csv got
'
test_expect_success 'pupils --school of the second school lists only its enrolments' '
	"$ATTEND" --db a.db pupils --school 100002 --format csv >got &&
	{ head -n 1 expect-pupils.csv; grep ",100002," expect-pupils.csv; } >want &&
	test_cmp want got
'
test_expect_success 'a --school not in the store exits 1 naming the URN' '
	test_exit_is 1 "$ATTEND" --db a.db pupils --school 199999 &&
	test_grep 199999 err
'
test_expect_success 'a file with schools, pupils and registers in one order or another gives one store' '
	"$ATTEND" --db order.db import --quiet schools.csv register.csv pupils.csv &&
	"$ATTEND" --db order2.db import --quiet pupils.csv schools.csv register.csv &&
	reports a.db a && reports order.db o && reports order2.db o2 &&
	test_cmp a-pupils.csv o-pupils.csv && test_cmp a-pupils.csv o2-pupils.csv &&
	test_cmp a-schools.csv o-schools.csv
'
test_expect_success 'the dual-registered pupil is one pupil with two enrolments' '
	sqlite3 a.db "SELECT count(*) FROM pupil WHERE upn = '\''$B'\''" >n &&
	test "$(cat n)" = 1 &&
	sqlite3 a.db "SELECT count(*) FROM enrolment e JOIN pupil p ON p.id = e.pupil_id WHERE p.upn = '\''$B'\''" >n &&
	test "$(cat n)" = 2
'

# ---- re-importing changes nothing -----------------------------------------
data_state a.db >state-before
reports a.db before
test_expect_success 're-importing the same register file succeeds' '
	test_exit_is 0 "$ATTEND" --db a.db import register.csv
'
test_expect_success 're-importing the same register leaves the reports identical' '
	reports a.db after &&
	test_cmp before-pupils.csv after-pupils.csv &&
	test_cmp before-schools.csv after-schools.csv
'
test_expect_success 're-importing the same register adds no mark history' '
	test_is "$(history_count)" 0
'
test_expect_success 're-importing all three files leaves every stored row as it was' '
	"$ATTEND" --db a.db import --quiet schools.csv pupils.csv register.csv &&
	data_state a.db >state-after &&
	test_cmp state-before state-after
'

# ---- a newer mark replaces the old one, and the change is recorded --------
# A's Wednesday AM N becomes / in a later export of A's whole week.
{
	echo "upn,urn,date,session,code"
	week "$A" 100001 / '\' / '\' / N / '\' I '\'
} >register-fix.csv
test_expect_success 'a newer register with one changed mark imports' '
	test_exit_is 0 "$ATTEND" --db a.db import register-fix.csv
'
test_expect_success 'the changed mark adds exactly one history row' '
	test_is "$(history_count)" 1
'
test_expect_success 'the history row names the enrolment, session, old and new code' - <<\EOT
test_is "$(sqlite3 -separator ' ' a.db "SELECT p.upn, s.urn, h.date, h.session, h.old_code, h.new_code
	FROM mark_history h JOIN enrolment e ON e.id = h.enrolment_id
	JOIN pupil p ON p.id = e.pupil_id JOIN school s ON s.id = e.school_id")" \
	"$A 100001 2025-01-08 AM N /"
EOT
test_expect_success 'the history row points at the import it came from' '
	test_is "$(sqlite3 a.db "SELECT i.file FROM mark_history h JOIN import i ON i.id = h.import_id")" \
		"register-fix.csv"
'
test_expect_success 'that import is the latest one' '
	test_is "$(sqlite3 a.db "SELECT h.import_id = (SELECT max(id) FROM import) FROM mark_history h")" 1
'
# A now: 8 attendance, 1 authorised, 1 unauthorised: 2/10 = 20%: still PA
test_expect_success 'the report counts the new mark (20% is PA, not at risk of SA)' '
	"$ATTEND" --db a.db pupils --school 100001 --format csv >got &&
	grep "^$A," got >row &&
	test "$(cat row)" = "$A,100001,10,8,1,1,20.00,pa,1,0"
'
test_expect_success 'importing the newer file again records nothing more' '
	"$ATTEND" --db a.db import --quiet register-fix.csv &&
	test "$(history_count)" = 1
'
test_expect_success 'importing the old file after it changes the mark back, recorded too' '
	"$ATTEND" --db a.db import --quiet register.csv &&
	test "$(history_count)" = 2 &&
	sqlite3 -separator " " a.db "SELECT old_code, new_code FROM mark_history ORDER BY id DESC LIMIT 1" >last &&
	test "$(cat last)" = "/ N" &&
	"$ATTEND" --db a.db pupils --format csv >got &&
	test_cmp expect-pupils.csv got
'
test_expect_success 'the mark history cannot be rewritten (append-only)' '
	! sqlite3 a.db "DELETE FROM mark_history" 2>/dev/null &&
	test "$(history_count)" = 2
'

# ---- BOM, CRLF and quoted fields -------------------------------------------
# The same three files, each with a UTF-8 BOM, CRLF line ends and every
# field quoted; a surname with a comma and a doubled quote.
printf '\357\273\277urn,laestab,name,phase\r\n"100001","9902001","Oak Primary","primary"\r\n"100002","9902002","Elm, the Primary","primary"\r\n' >schools-dos.csv
printf '\357\273\277"upn","urn","surname","forename","dob"\r\n' >pupils-dos.csv
printf '"%s","100001","O""Brien, Jr","Ann","2016-01-01"\r\n' "$A" >>pupils-dos.csv
printf '"%s","100001","Baker","Bo","2015-05-05"\r\n"%s","100002","Baker","Bo","2015-05-05"\r\n' "$B" "$B" >>pupils-dos.csv
printf '"%s",100002,Cole,"Cy",2017-02-02\r\n' "$C" >>pupils-dos.csv
{
	printf '\357\273\277'
	sed -e 's/,/","/g' -e 's/^/"/' -e 's/$/"\r/' register.csv
} >register-dos.csv
test_expect_success 'files with a BOM, CRLF line ends and quoted fields import' '
	test_exit_is 0 "$ATTEND" --db dos.db import schools-dos.csv pupils-dos.csv register-dos.csv &&
	sanitizer_clean err
'
test_expect_success 'and give the same reports as the plain files' '
	"$ATTEND" --db dos.db pupils --format csv >got &&
	test_cmp expect-pupils.csv got &&
	"$ATTEND" --db dos.db schools --format csv >got &&
	test_cmp expect-schools.csv got
'
test_expect_success 'a quoted field keeps its comma and its (doubled) quote, without the quotes' - <<\EOT
test_is "$(sqlite3 dos.db "SELECT surname FROM pupil WHERE upn = '$A'")" 'O"Brien, Jr'
EOT
test_expect_success 'no carriage return is left at the end of a field' - <<\EOT
test_is "$(sqlite3 dos.db "SELECT count(*) FROM pupil WHERE forename LIKE '%'||char(13)||'%' OR dob LIKE '%'||char(13)||'%'")" 0
EOT
test_expect_success 'the PM present code \ survives quoting and CRLF' '
	"$ATTEND" --db dos.db register "$A" --format csv >reg &&
	grep -c ",PM,\\\\," reg >n && test "$(cat n)" = 4
'

# ---- codes from before August 2024 -------------------------------------------
# A in the week of Monday 2 October 2023: H F (authorised then), J (an
# approved activity then), Y (not possible), / \, then G N O U as in 2024.
{
	echo "upn,urn,date,session,code"
	echo "$A,100001,2023-10-02,AM,H"
	echo "$A,100001,2023-10-02,PM,F"
	echo "$A,100001,2023-10-03,AM,J"
	echo "$A,100001,2023-10-03,PM,Y"
	echo "$A,100001,2023-10-04,AM,/"
	echo "$A,100001,2023-10-04,PM,\\"
	echo "$A,100001,2023-10-05,AM,J"
	echo "$A,100001,2023-10-05,PM,Y"
	echo "$A,100001,2023-10-06,AM,N"
	echo "$A,100001,2023-10-06,PM,H"
} >register-2023.csv
test_expect_success 'H, F, J and Y import on a date in 2023' '
	test_exit_is 0 "$ATTEND" --db a.db import register-2023.csv
'
# possible 8 (not the two Y); attendance 4 (J J / \); authorised 3 (H F H);
# unauthorised 1 (N): 4/8 = 50%: severe absence.
test_expect_success 'J counts as attendance, H and F as authorised, Y as not possible' '
	"$ATTEND" --db a.db pupils --from 2023-10-02 --to 2023-10-06 --format csv >got &&
	grep "^$A," got >row &&
	test "$(cat row)" = "$A,100001,8,4,3,1,50.00,sa,1,1"
'
test_expect_success 'the other enrolments have no possible sessions that week: no rate, no band' '
	grep -v "^$A," got | sed 1d >rows &&
	test "$(wc -l <rows)" = 3 &&
	! grep -v ",0,0,0,0,,none,0,0\$" rows
'
test_expect_success 'the default period is still the year of the latest mark (2024/25)' '
	"$ATTEND" --db a.db pupils --format csv >got &&
	test_cmp expect-pupils.csv got
'
test_expect_success 'the pupil register keeps each old code and shows its 2024 equivalent' '
	"$ATTEND" --db a.db register "$A" --year 2023 --format csv >reg &&
	python3 - reg <<-\PY
	import csv, sys
	rows = list(csv.DictReader(open(sys.argv[1], newline="")))
	got = {(r["date"], r["session"]): (r["code"], r["code_2024"]) for r in rows}
	want = {("2023-10-02", "AM"): ("H", "C"), ("2023-10-02", "PM"): ("F", "C"),
	        ("2023-10-03", "AM"): ("J", "J1"), ("2023-10-03", "PM"): ("Y", "Y7"),
	        ("2023-10-06", "AM"): ("N", "N")}
	for k, v in want.items():
	    assert got.get(k) == v, (k, got.get(k), v)
	assert len(rows) == 10, len(rows)
	PY
'

test_done
