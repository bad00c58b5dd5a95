#!/bin/bash
# Suspensions and exclusions as a cohort of the school's breakdowns,
# beside FSM, SEN, social care and early help: pupils with a suspension
# or a permanent exclusion from the school that began this year, the
# others, each row's figures worked out by hand from the fixture.
. "$(dirname "$0")/test-lib.sh"

export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture

# The fixture's registers: 44 weekdays from 1 September to 30 October
# 2025, two sessions each, so 88 possible sessions a pupil.  At Oak, A
# is N every session (88 absent: 100%); B is O every morning and
# present every afternoon (44 absent: 50%).  At Elm, C is I every
# session (100%), D present (0%).
test_expect_success 'exclusions: A suspended and C permanently excluded (this year), D last year' '
	cat >exclusions.csv <<-EOT &&
	upn,urn,start,end,category,reason,sessions
	$A,100001,2025-09-15,2025-09-16,FIXD,PP,4
	$C,100002,2025-10-01,,PERM,VA,
	$D,100002,2025-06-10,2025-06-10,FIXD,DB,2
	EOT
	$ATTEND --db $db import exclusions.csv
'
login lead
# cohort JSON-OF-SCHOOL ROW: the row's tally in the cohort
cohort() {
	python3 -c "import json,sys; t=json.load(open('body'))['cohorts']['Suspensions and exclusions'][sys.argv[1]]; print(t['enrolments'], t['possible'], t['overall_pct'])" "$1"
}
test_expect_success 'Oak: suspended 1 pupil, 88 possible, 100%; neither 1, 88, 50%' '
	test_is "$(as lead "$base/api/schools/100001")" 200 &&
	test_is "$(cohort Suspended)" "1 88 100.0" &&
	test_is "$(cohort Neither)" "1 88 50.0" &&
	test_is "$(cohort "Permanently excluded")" "0 0 None"
'
test_expect_success 'Elm: permanently excluded 1, 100%; D (suspended last year) is neither, 0%' '
	test_is "$(as lead "$base/api/schools/100002")" 200 &&
	test_is "$(cohort "Permanently excluded")" "1 88 100.0" &&
	test_is "$(cohort Neither)" "1 88 0.0" &&
	test_is "$(cohort Suspended)" "0 0 None"
'
test_expect_success 'the school page shows the cohort beside the others' '
	test_is "$(as lead "$base/schools/100001")" 200 &&
	test_grep "Suspensions and exclusions" body &&
	test_grep "Permanently excluded" body &&
	test_grep "Free school meals" body
'
test_expect_success 'a suspension imported while the server runs is in the figures at once' '
	printf "upn,urn,start,category\n%s,100001,2025-10-20,FIXD\n" "$B" >more.csv &&
	$ATTEND --db $db import more.csv &&
	test_is "$(as lead "$base/api/schools/100001")" 200 &&
	test_is "$(cohort Suspended)" "2 176 75.0" &&
	test_is "$(cohort Neither)" "0 0 None"
'
test_done
