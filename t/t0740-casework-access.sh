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
	test_grep "may not see parent 1" err
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

test_done
