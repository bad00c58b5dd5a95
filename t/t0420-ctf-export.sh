#!/bin/sh
# A CTF written by 'attend ctf' (a school's roll, or one pupil moving on)
# imports into another store with the same measures: transition works.
. "$(dirname "$0")/test-lib.sh"
# The demo's marks run to the day before its "today": so does the import's.
ATTEND_TODAY=2026-11-23

test_expect_success 'a small demo authority is made' '
	ATTEND_TODAY=2026-11-23 $ATTEND --db a.db demo --pupils 600 --out data --quiet
'
school=$(sed -n 2p data/schools.csv | cut -d, -f1)
test_expect_success "a school's CTF is written" '
	$ATTEND --db a.db ctf --school "$school" --out school.xml
'
test_expect_success 'it imports into a new store' '
	$ATTEND --db b.db import data/schools.csv school.xml >/dev/null
'
for y in 2025 2026; do
	test_expect_success "$y/$((y % 100 + 1)): every pupil's measures survive the transfer" '
		$ATTEND --db a.db pupils --school "$school" --from $y-08-01 --format csv >a.csv &&
		$ATTEND --db b.db pupils --school "$school" --from $y-08-01 --format csv >b.csv &&
		cmp -s a.csv b.csv
	'
done
upn=$(sed -n 2p a.csv | cut -d, -f1)
test_expect_success "one pupil's transition CTF is written" '
	$ATTEND --db a.db ctf --school "$school" --pupil "$upn" --dest 9904001 >one.xml
'
test_expect_success 'it holds that pupil only, addressed to the destination' '
	grep -q "<UPN>$upn</UPN>" one.xml && [ "$(grep -c "<Pupil>" one.xml)" = 1 ] &&
		grep -q "<Estab>4001</Estab>" one.xml
'
test_expect_success 'importing it again where it came from changes nothing' '
	$ATTEND --db b.db import one.xml >out &&
	grep -q "0 added" out
'
test_expect_success "a pupil not on the school's roll is refused" '
	test_exit_is 1 $ATTEND --db a.db ctf --school "$school" --pupil H990000000000 &&
	grep -q "not on the roll" err
'
test_expect_success 'an unknown school is refused' '
	test_exit_is 1 $ATTEND --db a.db ctf --school 999999 &&
	grep -q "not in the store" err
'
test_done
