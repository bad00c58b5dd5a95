#!/bin/sh
# Retention (docs/privacy.md): attend retention apply deletes, or for a
# meeting's record anonymises, what is past the authority's periods,
# reports the count of every table, changes nothing with --dry-run, and
# never touches a pupil under a legal hold.
#
# Today is 1 March 2025.  The periods: registers 6 years after leaving,
# casework 3, audit entries 2 years.  So (hand-worked, "more than N years
# before today"):
#   registers go of pupils who left before 1 March 2019;
#   casework goes of pupils who left before 1 March 2022;
#   audit entries written before 1 March 2023 go.
# The pupils, all at Oak:
#   P1 left 20 July 2018: past both: everything, then the record, goes
#   P2 left  1 March 2019: registers kept (not before), casework goes
#   P3 left 28 February 2019: past both (the day before P2): goes
#   P4 left 17 July 2015: past both, but under a legal hold: kept
#   P5 on roll (no end date), marks from 2015: kept
#   P6 left Oak in 2010 but on Elm's roll now: not left: kept
#   P7 left 21 July 2023: kept
. "$(dirname "$0")/test-lib.sh"

for i in 1 2 3 4 5 6 7; do
	eval "P$i=\$(upn 99020017600$i)"
done
cat >schools.csv <<EOT
urn,laestab,name,phase
100001,9902001,Oak Primary,primary
100002,9902002,Elm Primary,primary
EOT
cat >pupils.csv <<EOT
upn,urn,surname,forename,dob,start_date,end_date
$P1,100001,One,Pia,2007-01-01,2012-09-05,2018-07-20
$P2,100001,Two,Pat,2008-01-01,2012-09-05,2019-03-01
$P3,100001,Three,Pru,2008-02-02,2012-09-05,2019-02-28
$P4,100001,Four,Pol,2004-04-04,2010-09-06,2015-07-17
$P5,100001,Five,Pip,2010-05-05,2014-09-03,
$P6,100001,Six,Pax,2004-06-06,2008-09-03,2010-07-16
$P6,100002,Six,Pax,2004-06-06,2010-09-06,
$P7,100001,Seven,Peg,2012-07-07,2016-09-07,2023-07-21
EOT
# One week of marks for each: one marks blob per pupil (enrolment-year).
{
	echo "upn,urn,date,session,code"
	for p in "$P1 2018-07" "$P2 2018-07" "$P3 2018-07" "$P4 2015-07" \
		 "$P5 2015-07" "$P6 2010-07" "$P7 2023-07"; do
		set -- $p
		for d in 09 10 13; do
			echo "$1,100001,$2-$d,AM,/"
		done
	done
} >register.csv
# one correction each for P1 and P4 (a mark_history row each)
printf "upn,urn,date,session,code\n%s,100001,2018-07-09,AM,I\n%s,100001,2015-07-09,AM,I\n" \
	"$P1" "$P4" >fix.csv

at() {	# USER COMMAND...
	u=$1 c1=$2 c2=$3
	shift 3
	"$ATTEND" --db s.db "$c1" "$c2" --user "$u" "$@" >/dev/null
}
q() { sqlite3 s.db "$1"; }
qa() { sqlite3 s.db.audit "$1"; }
count() { q "SELECT count(*) FROM $1"; }

test_expect_success 'a store of seven pupils, their casework and the periods' - <<\EOT
"$ATTEND" --db s.db import --quiet schools.csv pupils.csv register.csv &&
"$ATTEND" --db s.db import --quiet fix.csv &&
for u in "lead la_lead" "officer la_officer --schools 100001"; do
	set -- $u; n=$1; shift
	echo "correct horse battery" |
		"$ATTEND" --db s.db user add "$n" --name "$n" --role "$@" >/dev/null || return 1
done &&
at lead case open "$P1" --reason "old case" &&
at lead case barrier "$P1" --barrier family &&
at lead case open "$P2" --reason "case two" &&
at lead case move "$P2" --to listen --reason "visit" &&
at lead case open "$P4" --reason "held case" &&
at lead case open "$P7" --reason "recent case" &&
at lead parent add "$P1" --name "Pat Old" &&
at lead parent add "$P1" --name "Sam Shared" &&
at lead parent link 2 "$P5" &&
at lead tsm officer 100001 officer &&
at officer tsm schedule 100001 --date 2025-03-10 &&
at officer tsm respond 1 --accept &&
ATTEND_TODAY=2025-03-12 "$ATTEND" --db s.db tsm hold 1 --user officer --held --on 2025-03-10 >/dev/null &&
ATTEND_TODAY=2025-03-12 "$ATTEND" --db s.db tsm action 1 --user officer \
	--pupil "$P2" --what "home visit for Pat Two" --owner EWO --due 2025-03-20 >/dev/null &&
"$ATTEND" --db s.db config retention_casework_years 3 &&
"$ATTEND" --db s.db config retention_audit_years 2 &&
"$ATTEND" --db s.db retention hold "$P4" --reason "court proceedings" >out &&
test_grep "under a legal hold" out &&
# audit entries of known dates (the rest were written today, by the clock)
qa "INSERT INTO audit (at, username, action, object, detail) VALUES
	('2023-02-28T23:59:59Z', 'lead', 'view', 'school 100001', ''),
	('2023-03-01T00:00:00Z', 'lead', 'view', 'school 100001', ''),
	('2020-01-01T00:00:00Z', 'lead', 'view', 'pupil $P4', ''),
	('2020-01-01T00:00:00Z', 'lead', 'run', 'command register', 'attend register $P4'),
	('2020-01-01T00:00:00Z', 'lead', 'view', 'pupil $P5', '')"
EOT

test_expect_success 'the settings are numbers of years' '
	test_exit_is 1 "$ATTEND" --db s.db config retention_audit_years 0 &&
	test_exit_is 1 "$ATTEND" --db s.db config retention_audit_years six &&
	test_grep "not a number of years" err
'
test_expect_success 'a legal hold says why, once, of a pupil in the store' '
	test_exit_is 2 "$ATTEND" --db s.db retention hold "$P5" &&
	test_exit_is 1 "$ATTEND" --db s.db retention hold "$P4" --reason again &&
	test_grep "under a legal hold already" err &&
	test_exit_is 1 "$ATTEND" --db s.db retention hold "$(upn 990200176009)" --reason x &&
	"$ATTEND" --db s.db retention list --format csv >got &&
	test_grep "^$P4,Pol Four,court proceedings," got &&
	"$ATTEND" --db s.db sar "$P4" --out sar4 --no-pdf >/dev/null &&
	test_grep "\"reason\": \"court proceedings\"" "sar4/sar-$P4.json"
'

# The counts, hand-worked from the store above:
#   registers: P1 and P3 (P4 held): 2 marks blobs, 1 history row (P1's)
#   casework: P1 and P2 (P3 has none, P4 held): 2 cases; 3 case events
#   (P1 opened; P2 opened, moved); P1's barrier; P2's action from the
#   meeting, its TSM action anonymised; P1's two parent links; Pat Old
#   and her household (Sam Shared is P5's parent too, and stays)
#   records: P1 and P3, with their enrolments
#   audit: 2023-02-28T23:59:59 and P5's of 2020 (P4's two are held)
cat >expect <<EOT
mark_history 1 deleted
marks 2 deleted
tsm_action 1 anonymised
legal_decision 0 deleted
case_event 3 deleted
case_barrier 1 deleted
case_agency 0 deleted
case_action 1 deleted
penalty_notice 0 deleted
case_proposal 0 deleted
pupil_case 2 deleted
part_time_timetable 0 deleted
cme 0 deleted
alert 0 deleted
user_pupil 0 deleted
pupil_parent 2 deleted
parent 1 deleted
household 1 deleted
cme (by name alone) 0 deleted
alert (of no one pupil) 0 deleted
enrolment 2 deleted
pupil 2 deleted
audit (log) 2 deleted
EOT
# rows OUTPUT: the table lines as "table rows how"
rows() {
	sed -n '/^table /,$p' "$1" | sed 1d | sed 's/  */ /g; s/ to be / /'
}

test_expect_success 'a dry run reports the counts and changes nothing' - <<\EOT
store_dump s.db >before.sql &&
qa "SELECT * FROM audit" >audit-before &&
"$ATTEND" --db s.db retention apply --dry-run >out &&
cat out | test_diag &&
test_grep "dry run: nothing was changed" out &&
test_grep "registers: 6 years after leaving, of pupils who left before 2019-03-01" out &&
test_grep "casework:  3 years after leaving, of pupils who left before 2022-03-01" out &&
test_grep "audit log: 2 years, entries written before 2023-03-01" out &&
test_grep "pupils: 2 registers and 2 casework past their period, 2 records removed; 1 kept by a legal hold" out &&
rows out >got && test_cmp expect got &&
store_dump s.db >after.sql && test_cmp before.sql after.sql &&
qa "SELECT * FROM audit" >audit-after && test_cmp audit-before audit-after
EOT
test_expect_success 'apply removes the same, and says so' - <<\EOT
ls s.db.engine-* >/dev/null 2>&1 || "$ATTEND" --db s.db pupils >/dev/null
"$ATTEND" --db s.db retention apply >out &&
! grep -q "dry run" out &&
rows out >got && test_cmp expect got
EOT
test_expect_success 'what is left: P2, P4, P5, P6 and P7, P2 without its casework' - <<\EOT
test_is "$(q "SELECT group_concat(surname, ' ') FROM (SELECT surname FROM pupil ORDER BY id)")" "Two Four Five Six Seven" &&
test_is "$(q "SELECT count(*) FROM marks")" 5 &&
test_is "$(q "SELECT count(*) FROM mark_history")" 1 &&
test_is "$(q "SELECT group_concat(p.surname, ' ') FROM pupil_case c JOIN pupil p ON p.id = c.pupil_id ORDER BY c.id")" "Four Seven" &&
test_is "$(q "SELECT group_concat(name, ',') FROM parent")" "Sam Shared" &&
test_is "$(q "SELECT what || '|' || quote(case_action_id) || '|' || owner FROM tsm_action")" \
	"a pupil's action, removed under the retention rules|NULL|EWO" &&
test_is "$(count tsm)" 1
EOT
test_expect_success 'the held pupil keeps everything, audit entries too' - <<\EOT
test_is "$(q "SELECT count(*) FROM marks m JOIN enrolment en ON en.id = m.enrolment_id JOIN pupil p ON p.id = en.pupil_id WHERE p.upn = '$P4'")" 1 &&
test_is "$(qa "SELECT count(*) FROM audit WHERE at = '2020-01-01T00:00:00Z'")" 2 &&
test_is "$(qa "SELECT count(*) FROM audit WHERE at LIKE '2023-0%'")" 1
EOT
test_expect_success 'the apply is logged, and the engine caches dropped' - <<\EOT
test_grep "pupils removed" - <<EOF2 &&
$(qa "SELECT detail FROM audit WHERE action = 'retention apply' AND username = 'os:$(id -un)'")
EOF2
! ls s.db.engine-* >/dev/null 2>&1 &&
test_is "$(qa "SELECT before FROM retention")" 2023-03-01
EOT
test_expect_success 'a second apply finds nothing more' - <<\EOT
"$ATTEND" --db s.db retention apply >out &&
rows out | awk '$(NF-1) != 0' >left &&
! test -s left
EOT
test_expect_success 'outside retention the histories stay append-only' - <<\EOT
! sqlite3 s.db "DELETE FROM mark_history" 2>/dev/null &&
! sqlite3 s.db "DELETE FROM case_event" 2>/dev/null &&
! sqlite3 s.db "INSERT INTO retention_erase SELECT pupil_id FROM retention_hold" 2>/dev/null &&
! sqlite3 s.db.audit "DELETE FROM audit WHERE at >= '2023-03-01'" 2>/dev/null
EOT
test_expect_success 'released, the held pupil goes at the next apply' - <<\EOT
"$ATTEND" --db s.db retention release "$P4" >out &&
test_exit_is 1 "$ATTEND" --db s.db retention release "$P4" &&
"$ATTEND" --db s.db retention apply >out &&
test_grep "pupil  *1 deleted" out &&
test_is "$(q "SELECT count(*) FROM pupil WHERE upn = '$P4'")" 0 &&
test_is "$(qa "SELECT count(*) FROM audit WHERE at = '2020-01-01T00:00:00Z'")" 0 &&
test_is "$(qa "SELECT count(*) FROM audit WHERE action IN ('retention hold', 'retention release')")" 2
EOT

test_done
