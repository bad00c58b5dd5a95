#!/bin/sh
# An import interrupted at any moment (kill -9) leaves the store exactly at
# the last committed file, and two imports at once both land intact.
. "$(dirname "$0")/test-lib.sh"
# 190 school days from 1 September 2025: no register holds days to come.
ATTEND_TODAY=2026-07-31

python3 - <<'PY'
import datetime
L = "ABCDEFGHJKLMNPQRTUVWXYZ"
def upn(t):
    s = sum((int(c) if c.isdigit() else L.index(c)) * (i + 2) for i, c in enumerate(t))
    return L[s % 23] + t
with open("schools.csv", "w") as f:
    f.write("urn,laestab,name,phase\n100001,9902001,One,primary\n100002,9902002,Two,primary\n")
pupils = [(upn("99020%02d25%03d" % (p // 1000, p % 1000)), 100001 + p % 2) for p in range(1500)]
with open("pupils.csv", "w") as f:
    f.write("upn,urn,surname,forename,dob\n")
    for u, urn in pupils:
        f.write(f"{u},{urn},S,F,2015-03-04\n")
days = []
d = datetime.date(2025, 9, 1)
while len(days) < 190:
    if d.weekday() < 5:
        days.append(d)
    d += datetime.timedelta(1)
def register(name, first, last, code):
    with open(name, "w") as f:
        f.write("upn,urn,date,session,code\n")
        for u, urn in pupils:
            for d in days[first:last]:
                f.write(f"{u},{urn},{d},AM,{code}\n{u},{urn},{d},PM,{code}\n")
register("small.csv", 0, 5, "/")
register("big.csv", 5, 190, "I")
register("other.csv", 0, 5, "N")
PY

test_expect_success 'a committed small register imports' '
	$ATTEND --db base.db import schools.csv pupils.csv small.csv >/dev/null 2>&1
'
$ATTEND --db base.db pupils --format csv >expect.csv
cp base.db full.db
$ATTEND --db full.db import big.csv >/dev/null 2>&1
$ATTEND --db full.db pupils --format csv >expect-full.csv

# Kill an import of the big file at several moments; each time the store
# must open, pass integrity_check and hold only what was committed before.
for delay in 0.02 0.05 0.1 0.2 0.4 0.8; do
	cp base.db kill.db
	$ATTEND --db kill.db import big.csv >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	test_expect_success "kill -9 after ${delay}s: integrity_check says 'ok'" '
		test_is "$(sqlite3 kill.db "PRAGMA integrity_check")" ok
	'
	test_expect_success "kill -9 after ${delay}s: the store holds exactly the committed files" '
		$ATTEND --db kill.db pupils --format csv >got.csv 2>/dev/null
		imports=$(sqlite3 kill.db "SELECT count(*) FROM import")
		echo "$imports imports"
		if [ "$imports" = 4 ]; then
			cmp -s got.csv expect-full.csv	# it finished before the kill
		else
			cmp -s got.csv expect.csv	# none of it is there
		fi
	'
done

# Two imports at once: one waits for the other; both land.
cp base.db both.db
$ATTEND --db both.db import big.csv >a.out 2>&1 &
a=$!
$ATTEND --db both.db import other.csv >b.out 2>&1 &
b=$!
test_expect_success 'first of two concurrent imports succeeds' '
	wait $a || { cat a.out; false; }
'
test_expect_success 'second of two concurrent imports succeeds' '
	wait $b || { cat b.out; false; }
'
test_expect_success 'the store is intact after concurrent imports' '
	test_is "$(sqlite3 both.db "PRAGMA integrity_check")" ok
'
test_expect_success 'the concurrent re-marking recorded every change (15000)' '
	test_is "$(sqlite3 both.db "SELECT count(*) FROM mark_history")" 15000
'
test_done
