#!/bin/sh
# Early warning: the forecast is fitted on one half of last year's pupils
# and scored on the other.  The split, the held-out pupils and the naive
# rule's scores are recomputed here in Python from the register files
# alone; the model's own scores can only be checked for sense.
. "$(dirname "$0")/test-lib.sh"
ATTEND_TODAY=2026-07-31
export ATTEND_TODAY

python3 - <<'PY'
import datetime, random
L = "ABCDEFGHJKLMNPQRTUVWXYZ"
def upn(t):
    s = sum((int(c) if c.isdigit() else L.index(c)) * (i + 2) for i, c in enumerate(t))
    return L[s % 23] + t
def fnv(s):
    h = 2166136261
    for ch in s.encode():
        h = ((h ^ ch) * 16777619) & 0xffffffff
    return (h >> 7) & 1
def weekdays(a, b):
    d = a
    while d <= b:
        if d.weekday() < 5:
            yield d
        d += datetime.timedelta(1)
rng = random.Random(7)
open("schools.csv", "w").write("urn,laestab,name,phase\n100001,9902001,Oak,primary\n")
pupils = [upn("990200124%03d" % i) for i in range(400)]
with open("pupils.csv", "w") as f:
    f.write("upn,urn,surname,forename,dob,fsm\n")
    for i, u in enumerate(pupils):
        f.write(f"{u},100001,S{i},F,2015-05-05,{'Y' if i % 3 == 0 else 'N'}\n")
cut = datetime.date(2024, 11, 20)
held = flagged = correct = ended = 0
with open("register.csv", "w") as f:
    f.write("upn,urn,date,session,code\n")
    for i, u in enumerate(pupils):
        a = rng.choice([0.01, 0.03, 0.06, 0.09, 0.12, 0.2, 0.35, 0.6])
        possible = absent = cut_possible = cut_absent = 0
        for year in ((datetime.date(2024, 9, 2), datetime.date(2025, 7, 18)),
                     (datetime.date(2025, 9, 1), datetime.date(2025, 11, 20))):
            for d in weekdays(*year):
                for s in ("AM", "PM"):
                    code = ("O" if rng.random() < 0.3 else "I") if rng.random() < a else "/"
                    f.write(f"{u},100001,{d},{s},{code}\n")
                    if d.year > 2025 or d > datetime.date(2025, 7, 31):
                        continue
                    possible += 1
                    absent += code != "/"
                    if d <= cut:
                        cut_possible += 1
                        cut_absent += code != "/"
        if fnv(u):
            pa_end = 10 * absent >= possible
            pa_now = 10 * cut_absent >= cut_possible
            held += 1
            ended += pa_end
            flagged += pa_now
            correct += pa_now and pa_end
def pm(num, den):
    v = (1000 * num + den // 2) // den if den else 0
    return f"{v // 10}.{v % 10}"
with open("expect", "w") as f:
    f.write(f"pa,already_pa,{flagged},{correct},{pm(correct, flagged)},{pm(correct, ended)}\n")
open("held", "w").write(f"{held} others ({ended} ended PA\n")
PY
test_expect_success 'two years of registers import' '
	$ATTEND --db s.db import schools.csv pupils.csv register.csv >/dev/null
'

test_expect_success 'forecast --validate runs' '
	$ATTEND --db s.db forecast --validate --format csv >out 2>err
'
test_expect_success "the naive rule's precision and recall match an independent count" '
	grep "^pa,already_pa," out >got
	test_cmp expect got
'
test_expect_success 'the held-out half is the one Python computes' '
	echo "$(cat held))" &&
	grep -q "scored on $(cat held)" err
'
model=$(grep '^pa,model,' out | cut -d, -f5,6)
test_expect_success "the model's precision and recall on held-out pupils are over 50%" '
	echo "$model" &&
	awk -F, "{ exit !(\$1 > 50 && \$2 > 50) }" <<-EOT
	$model
	EOT
'

test_expect_success 'every pupil of this year is forecast' '
	$ATTEND --db s.db forecast --format csv >list
	[ "$(($(wc -l <list) - 1))" = 400 ]
'
test_expect_success 'probabilities lie between 0 and 1' - <<\EOT
awk -F, 'NR > 1 && ($5 < 0 || $5 > 1 || $6 < 0 || $6 > 1) { bad = 1 } END { exit bad }' list
EOT
# the pupils absent most so far are the most likely to end PA
test_expect_success 'most-absent pupils have higher probabilities' - <<\EOT
sort -t, -k4,4n list | sed -n '2,41p' | awk -F, '{ s += $5 } END { print s / NR }' >low
sort -t, -k4,4nr list | sed -n '1,40p' | awk -F, '{ s += $5 } END { print s / NR }' >high
echo "$(cat high) vs $(cat low)"
awk -v l="$(cat low)" -v h="$(cat high)" 'BEGIN { exit !(h > l + 0.5) }'
EOT
test_expect_success '--flagged lists only probabilities of 0.5 or more' - <<\EOT
$ATTEND --db s.db forecast --flagged --format csv | awk -F, 'NR > 1 && $5 < 0.5 { bad = 1 } END { exit bad }'
EOT

test_expect_success 'a bad date is a usage error' '
	test_exit_is 2 $ATTEND --db s.db forecast --as-of 2025-13-01
'
$ATTEND --db empty.db init >/dev/null
test_expect_success 'no data to fit says so' '
	test_exit_is 1 $ATTEND --db empty.db forecast --validate &&
	grep -q "too little data" err
'
test_done
