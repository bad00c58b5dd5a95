#!/bin/sh
# What the casework service lets a school lead learn of pupils it may not
# see (core/access.h): nothing.  A referral names its child, so a school
# refers by UPN only a pupil it may see; a parent's name and contact are
# shown with their children, so a school links to its pupil only a parent
# of a child it may see.  The LA does both for any pupil.
. "$(dirname "$0")/test-lib.sh"

O=$(upn 990200174001)	# Oak
E=$(upn 990200174002)	# Elm
S=$(upn 990200174003)	# Oak, Elm's pupil's sibling

cat >schools.csv <<EOF
urn,laestab,name,phase
100001,9902001,Oak Primary,primary
100002,9902002,Elm Primary,primary
EOF
cat >pupils.csv <<EOF
upn,urn,surname,forename,dob,social_care
$O,100001,Oakes,Olive,2015-01-01,
$E,100002,Elmer,Eddie,2015-02-02,
$S,100001,Elmer,Sid,2016-03-03,
EOF

at() {	# USER COMMAND...: run attend as USER (--user goes after the subcommand)
	u=$1 c1=$2 c2=$3
	shift 3
	"$ATTEND" --db c.db "$c1" "$c2" --user "$u" "$@"
}
# refused_unchanged COMMAND...: exits 1, prints a reason, changes nothing
refused_unchanged() {
	store_dump c.db >before.sql &&
	test_exit_is 1 "$@" &&
	test -s err && sanitizer_clean err &&
	store_dump c.db >after.sql &&
	test_cmp before.sql after.sql
}
q() {
	sqlite3 c.db "$1"
}
adduser() {	# NAME ROLE OPTIONS...
	n=$1 r=$2
	shift 2
	echo "a-long-password" | "$ATTEND" --db c.db user add "$n" --name "$n" \
		--role "$r" "$@" >/dev/null
}

test_expect_success 'a store with two schools, their leads and an officer' '
	"$ATTEND" --db c.db import --quiet schools.csv pupils.csv &&
	adduser officer la_officer &&
	adduser oaklead school --schools 100001 &&
	adduser elmlead school --schools 100002
'

# ---- a CME referral by UPN ------------------------------------------------------
test_expect_success 'a school refers its own pupil by UPN' '
	at oaklead cme refer --pupil "$O" --school 100001 \
		--source removal_from_roll >/dev/null &&
	test "$(q "SELECT name FROM cme")" = "Olive Oakes"
'
test_expect_success 'a school may not refer by UPN a pupil it may not see' '
	refused_unchanged at oaklead cme refer --pupil "$E" --school 100001 \
		--source removal_from_roll &&
	test_grep "may not see pupil $E" err
'
test_expect_success 'a UPN not in the store reads to a school as one it may not see' '
	N=$(upn 990200174099) &&
	refused_unchanged at oaklead cme refer --pupil "$N" --school 100001 \
		--source removal_from_roll &&
	test_grep "oaklead may not see pupil $N\$" err
'
test_expect_success 'while the LA is told it is not in the store' '
	refused_unchanged at officer cme refer --pupil "$N" --school 100001 &&
	test_grep "not in the store" err
'
test_expect_success 'so its CME list never names another school'"'"'s pupil' '
	at oaklead cme list --format csv >list &&
	! grep -q Elmer list
'
test_expect_success 'the LA refers any pupil by UPN' '
	at officer cme refer --pupil "$E" --school 100002 >/dev/null &&
	test "$(q "SELECT count(*) FROM cme")" = 2
'

# ---- linking a parent to a child -------------------------------------------------
test_expect_success 'the Elm lead adds a parent of its pupil' '
	at elmlead parent add "$E" --name "Pat Elmer" --contact "07700 900123" \
		>/dev/null &&
	test "$(q "SELECT id FROM parent WHERE name = '\''Pat Elmer'\''")" = 1
'
test_expect_success 'the Oak lead may not link a parent it may not see' '
	refused_unchanged at oaklead parent link 1 "$S" &&
	test_grep "no parent 1\$" err &&
	! grep -q "Elmer" err
'
test_expect_success 'so its parent list never shows another school'"'"'s family' '
	at oaklead parent list --format csv >list &&
	! grep -q "900123" list
'
test_expect_success 'the LA links the sibling, and then the Oak lead sees the parent' '
	at officer parent link 1 "$S" --relationship mother >/dev/null &&
	at oaklead parent list "$S" --format csv >list &&
	grep -q "Pat Elmer" list
'
test_expect_success 'a parent seen through one child links to another of the school' '
	at oaklead parent link 1 "$O" --relationship carer >/dev/null &&
	test "$(q "SELECT count(*) FROM pupil_parent WHERE parent_id = 1")" = 3
'

# ---- joining a household ---------------------------------------------------------
test_expect_success 'the Oak lead may not add a parent to a household it may not see' '
	H=$(q "SELECT household_id FROM parent WHERE id = 1") &&
	q "INSERT INTO household (name) VALUES ('\''Elsewhere'\'')" &&
	refused_unchanged at oaklead parent add "$O" --name "Ann Oakes" \
		--household 99 &&
	test_grep "no household 99\$" err &&
	q "DELETE FROM pupil_parent WHERE pupil_id IN (SELECT id FROM pupil WHERE upn IN ('\''$S'\'', '\''$O'\''))" &&
	refused_unchanged at oaklead parent add "$O" --name "Ann Oakes" \
		--household "$H" &&
	test_grep "no household $H\$" err
'
test_expect_success 'the Elm lead adds a parent to its own pupil'"'"'s household' '
	at elmlead parent add "$E" --name "Sam Elmer" --household "$H" >/dev/null &&
	test "$(q "SELECT count(*) FROM parent WHERE household_id = $H")" = 2
'

# ---- records addressed by number ----------------------------------------------------
test_expect_success 'records of an Elm pupil: an action, a timetable, a notice, an alert' '
	at elmlead case open "$E" --reason "absence rising" >/dev/null &&
	at elmlead case action "$E" --what "call home" --owner school \
		--due 2030-01-01 >/dev/null &&
	at elmlead timetable add "$E" --school 100002 --start 2025-02-24 \
		--end 2025-04-04 --review 2025-03-10 --hours 15 \
		--reason "a phased return" --parent-agreed >/dev/null &&
	E_ID=$(q "SELECT id FROM pupil WHERE upn = '\''$E'\''") &&
	ELM=$(q "SELECT id FROM school WHERE urn = 100002") &&
	q "INSERT INTO penalty_notice (pupil_id, parent_id, kind, issued,
		threshold_met) VALUES ($E_ID, 1, '\''nti'\'', '\''2025-01-13'\'',
		'\''2025-01-10'\'')" &&
	q "INSERT INTO alert (kind, pupil_id, school_id, target_role, created,
		message, dedupe_key) VALUES ('\''test'\'', $E_ID, $ELM,
		'\''school'\'', '\''2025-01-13'\'', '\''Eddie Elmer'\'', '\''t1'\'')" &&
	test "$(q "SELECT count(*) FROM case_action") $(q "SELECT count(*) FROM part_time_timetable")" = "1 1"
'
no_such() {	# TABLE: an id no row of TABLE has
	q "SELECT max(id) + 100 FROM $1"
}
ack() {		# USER ID
	"$ATTEND" --db c.db alerts --user "$1" --ack "$2"
}
test_expect_success 'the Oak lead is told an Elm action does not exist, as one that does not' '
	A=$(q "SELECT id FROM case_action") &&
	refused_unchanged at oaklead case done "$A" --outcome "done" &&
	test_grep "no action $A\$" err && ! grep -q "$E" err &&
	refused_unchanged at oaklead case done $(no_such case_action) --outcome x &&
	test_grep "no action $(no_such case_action)\$" err
'
test_expect_success 'the same for a timetable' '
	T=$(q "SELECT id FROM part_time_timetable") &&
	refused_unchanged at oaklead timetable review "$T" &&
	test_grep "no part-time timetable $T\$" err && ! grep -q "$E" err
'
test_expect_success 'the same for a notice' '
	N=$(q "SELECT id FROM penalty_notice") &&
	refused_unchanged at oaklead notice outcome "$N" --status withdrawn &&
	test_grep "no notice $N\$" err && ! grep -q "$E" err &&
	refused_unchanged at oaklead notice outcome $(no_such penalty_notice) \
		--status withdrawn &&
	test_grep "no notice $(no_such penalty_notice)\$" err
'
test_expect_success 'an alert of another queue and one that does not exist read the same' '
	AL=$(q "SELECT id FROM alert WHERE dedupe_key = '\''t1'\''") &&
	refused_unchanged ack oaklead "$AL" &&
	sed "s/alert $AL /alert N /" err >mine &&
	refused_unchanged ack oaklead $(no_such alert) &&
	sed "s/alert $(no_such alert) /alert N /" err >none &&
	test_cmp mine none &&
	test_grep "alert N is not in oaklead.s queue" none
'
test_expect_success 'the Elm lead acknowledges its own' '
	ack elmlead "$AL" >/dev/null &&
	test -n "$(q "SELECT acknowledged_at FROM alert WHERE id = $AL")"
'

test_done
