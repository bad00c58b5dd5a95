#!/bin/sh
# An import that applies held marks, interrupted at any moment (kill -9),
# leaves either the held marks or the applied ones, never both and never
# neither: the pupils file and the marks it applies are one transaction.
# (t0450-import-safety.sh kills plain imports the same way.)
. "$(dirname "$0")/test-lib.sh"
ATTEND_TODAY=2026-07-31

# 1200 pupils not yet on the roll, 60 school days of / and N each: 144000
# marks held, every one of them a possible session.
python3 - <<'PY'
import datetime
L = "ABCDEFGHJKLMNPQRTUVWXYZ"
def upn(t):
    s = sum((int(c) if c.isdigit() else L.index(c)) * (i + 2) for i, c in enumerate(t))
    return L[s % 23] + t
with open("schools.csv", "w") as f:
    f.write("urn,laestab,name,phase\n100001,9902001,One,primary\n")
pupils = [upn("99020%02d25%03d" % (p // 1000, p % 1000)) for p in range(1200)]
with open("pupils.csv", "w") as f:
    f.write("upn,urn,surname,forename,dob\n")
    for u in pupils:
        f.write(f"{u},100001,S,F,2015-03-04\n")
days = []
d = datetime.date(2025, 9, 1)
while len(days) < 60:
    if d.weekday() < 5:
        days.append(d)
    d += datetime.timedelta(1)
with open("register.csv", "w") as f:
    f.write("upn,urn,date,session,code\n")
    for u in pupils:
        for d in days:
            f.write(f"{u},100001,{d},AM,/\n{u},100001,{d},PM,N\n")
PY
HELD=144000

test_setup 'the register holds every mark of the pupils not yet on the roll' '
	"$ATTEND" --db base.db import schools.csv register.csv >out 2>&1 &&
	test_is "$(sqlite3 base.db "SELECT count(*) FROM held_mark")" $HELD
'

# held DB, applied DB: the marks held, and the marks stored (possible
# sessions, as every mark is one), with the enrolments.
held() { sqlite3 "$1" "SELECT count(*) FROM held_mark"; }
applied() {
	"$ATTEND" --db "$1" pupils --format csv 2>/dev/null |
		awk -F, 'NR > 1 { s += $3 } END { print s + 0 }'
}
enrolments() { sqlite3 "$1" "SELECT count(*) FROM enrolment"; }

for delay in 0.02 0.05 0.1 0.2 0.4 0.8 1.6 3; do
	cp base.db kill.db
	"$ATTEND" --db kill.db import pupils.csv >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	test_expect_success "kill -9 after ${delay}s: integrity_check says 'ok'" '
		test_is "$(sqlite3 kill.db "PRAGMA integrity_check")" ok
	'
	test_expect_success "kill -9 after ${delay}s: the marks are held or applied, all of them, not both" '
		h=$(held kill.db) a=$(applied kill.db) n=$(enrolments kill.db) &&
		echo "held $h, applied $a, enrolments $n" &&
		if [ "$h" = $HELD ]; then
			test_is "$a $n" "0 0"	# the pupils file is not there
		else
			test_is "$h $a $n" "0 $HELD 1200"	# it committed whole
		fi
	'
done
test_done
