#!/bin/bash
# A school a pupil has left (docs/casework.md, "Who sees what"): it sees,
# read-only, what it recorded while the pupil was on its roll, until the
# end of the academic year after the one they left in; nothing of the new
# school's marks, no case, and it can open or change none.  Then nothing.
#
# Today is 4 November 2025 (2025/26).  Two pupils moved from Oak (100001,
# the school lead "oak") to Elm (100002):
#   L left Oak on 18 July 2025 (2024/25): Oak may see until 31 July 2026.
#     Oak recorded its last week, 14-18 July 2025: N on the five mornings,
#     present the five afternoons: 10 possible, 5 absent (50.00%, severe).
#     At Elm since 3 September 2025: I every session of 1-3 October.
#   M left Oak on 19 July 2024 (2023/24): Oak's time ended 31 July 2025.
. "$(dirname "$0")/test-lib.sh"

export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture

L=$(upn 990200125011)
M=$(upn 990200125012)
test_expect_success 'the two leavers and their registers are imported' - <<\EOT
cat >movers.csv <<EOF2 &&
upn,urn,surname,forename,dob,start_date,end_date
$L,100001,Leaver,Lou,2014-02-02,2019-09-04,2025-07-18
$L,100002,Leaver,Lou,2014-02-02,2025-09-03,
$M,100001,Mover,Max,2012-03-03,2017-09-06,2024-07-19
$M,100002,Mover,Max,2012-03-03,2024-09-04,
EOF2
{
	echo "upn,urn,date,session,code"
	for d in 14 15 16 17 18; do
		echo "$L,100001,2025-07-$d,AM,N"
		echo "$L,100001,2025-07-$d,PM,/"
	done
	for d in 01 02 03; do
		echo "$L,100002,2025-10-$d,AM,I"
		echo "$L,100002,2025-10-$d,PM,I"
	done
	echo "$M,100001,2024-07-19,AM,N"
	echo "$M,100002,2025-10-01,AM,/"
} >movers-register.csv &&
$ATTEND --db $db import movers.csv movers-register.csv >/dev/null &&
login oak && login lead
EOT

test_expect_success 'the school Lou left sees their page, saying so' '
	test_is "$(as oak "$base/pupils/$L")" 200 &&
	test_grep "Lou Leaver" body &&
	test_grep "has left your school" body
'
test_expect_success 'it shows what Oak recorded in 2024/25: 10 possible, 50.00%, severe' '
	test_grep "Enrolments, 2024/25" body &&
	test_grep "<td class=\"n\">10</td><td class=\"n\">50.00%" body &&
	test_grep "band-sa" body
'
test_expect_success 'nothing of the new school, its marks, or the case' '
	! grep -q "Elm Primary" body &&
	! grep -q "/cases/$L" body &&
	! grep -q "social care" body
'
test_expect_success 'the JSON twin says the same, and no more' - <<\EOT
test_is "$(as oak "$base/api/pupils/$L")" 200 &&
python3 - <<'PY'
import json
p = json.load(open("body"))
assert p["former_school"] is True, p
assert "social_care" not in p and "fsm" not in p, p
assert [e["urn"] for e in p["enrolments"]] == [100001], p
e = p["enrolments"][0]
assert (e["possible"], e["unauthorised"], e["absence_pct"]) == (10, 5, 50.0), e
assert p["academic_year"] == "2024/25", p
PY
EOT
test_expect_success 'its case is not the former school'\''s: not seen, not opened' '
	test_is "$(as oak "$base/cases/$L")" 403 &&
	test_is "$(post oak /cases "upn=$L" stage=monitor reason=worried)" 403 &&
	test_exit_is 1 $ATTEND --db $db case open "$L" --user oak --reason worried &&
	test_is "$(sqlite3 $db "SELECT count(*) FROM pupil_case c JOIN pupil p ON p.id = c.pupil_id WHERE p.upn = '\''$L'\''")" 0
'
test_expect_success 'Oak'\''s list has its own row of Lou, not Elm'\''s' - <<\EOT
test_is "$(as oak "$base/lists/caseload?format=csv")" 200 &&
grep "^$L," body >rows &&
test_is "$(cut -d, -f2 rows)" 100001
EOT
test_expect_success 'Max left Oak in 2024: Oak sees nothing of him now' - <<\EOT
test_is "$(as oak "$base/pupils/$M")" 403 &&
test_is "$(as oak "$base/lists/caseload?format=csv")" 200 &&
! grep -q "$M" body
EOT
test_expect_success 'the LA lead sees Lou whole: both schools and the case link' '
	test_is "$(as lead "$base/pupils/$L")" 200 &&
	test_grep "Elm Primary" body &&
	test_grep "/cases/$L" body
'
test_expect_success 'the former school may still notify the LA it took Lou off its roll' '
	$ATTEND --db $db cme refer --pupil "$L" --school 100001 --user oak \
		--source removal_from_roll --on 2025-07-18 >out 2>err &&
	test_grep "referral" out
'

test_done
