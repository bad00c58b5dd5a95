#!/bin/sh
# A CTF written by 'attend ctf' (a school's roll, or one pupil moving on)
# imports into another store with the same measures: transition works.
ATTEND=${ATTEND:-$(pwd)/build/san/attend}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }

ATTEND_TODAY=2026-11-23 $ATTEND --db a.db demo --pupils 600 --out data --quiet
ok $? "a small demo authority is made"
school=$(sed -n 2p data/schools.csv | cut -d, -f1)
$ATTEND --db a.db ctf --school "$school" --out school.xml
ok $? "a school's CTF is written"
$ATTEND --db b.db import data/schools.csv school.xml >/dev/null
ok $? "it imports into a new store"
for y in 2025 2026; do
	$ATTEND --db a.db pupils --school "$school" --from $y-08-01 --format csv >a.csv
	$ATTEND --db b.db pupils --school "$school" --from $y-08-01 --format csv >b.csv
	cmp -s a.csv b.csv
	ok $? "$y/$((y % 100 + 1)): every pupil's measures survive the transfer"
done
upn=$(sed -n 2p a.csv | cut -d, -f1)
$ATTEND --db a.db ctf --school "$school" --pupil "$upn" --dest 9904001 >one.xml
ok $? "one pupil's transition CTF is written"
grep -q "<UPN>$upn</UPN>" one.xml && [ "$(grep -c '<Pupil>' one.xml)" = 1 ] &&
	grep -q '<Estab>4001</Estab>' one.xml
ok $? "it holds that pupil only, addressed to the destination"
$ATTEND --db b.db import one.xml >out
grep -q "0 added" out
ok $? "importing it again where it came from changes nothing"
$ATTEND --db a.db ctf --school "$school" --pupil H990000000000 >/dev/null 2>err
[ $? = 1 ] && grep -q "not on the roll" err
ok $? "a pupil not on the school's roll is refused"
$ATTEND --db a.db ctf --school 999999 >/dev/null 2>err
[ $? = 1 ] && grep -q "not in the store" err
ok $? "an unknown school is refused"
echo "1..$n"
exit $failed
