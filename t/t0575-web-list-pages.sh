#!/bin/bash
# Long lists of named pupils come a page at a time (issue 14: "Children
# I may see" sent 46,155 rows in one page): 100 rows a page with a pager
# that keeps the filters, the audit row says which page was shown, and
# CSV and JSON still give every row.
. "$(dirname "$0")/test-lib.sh"
export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture

# 250 more pupils at Oak (100001), no marks: with the fixture's A and B,
# Oak has 252 and the authority 254 (C and D at Elm).
python3 - <<'PY'
L = "ABCDEFGHJKLMNPQRTUVWXYZ"
def upn(t):
    s = sum((int(c) if c.isdigit() else L.index(c)) * (i + 2) for i, c in enumerate(t))
    return L[s % 23] + t
with open("more.csv", "w") as f:
    f.write("upn,urn,surname,forename,dob\n")
    for i in range(250):
        f.write(upn("990200127%03d" % i) + ",100001,Many%03d,Pat,2016-01-01\n" % i)
PY
test_expect_success '250 more pupils join Oak' '
	$ATTEND --db $db import more.csv >/dev/null &&
	test_is "$(sqlite3 $db "SELECT count(*) FROM enrolment")" 254 &&
	login lead
'
rows() { grep -o '<tr><td><a href="/pupils/' body | wc -l; }
test_expect_success 'page 1 of the lead'"'"'s list: 100 rows, "1-100 of 254", a Next link' '
	test_is "$(as lead "$base/lists/caseload")" 200 &&
	test_is "$(rows)" 100 &&
	test_grep "Pupils 1&ndash;100 of 254\." body &&
	test_grep "href=\"/lists/caseload[?]page=2\">Next" body &&
	! grep -q "Previous" body
'
test_expect_success 'page 3: the last 54 rows, a Previous link and no Next' '
	test_is "$(as lead "$base/lists/caseload?page=3")" 200 &&
	test_is "$(rows)" 54 &&
	test_grep "Pupils 201&ndash;254 of 254\." body &&
	test_grep "page=2\">&larr; Previous" body &&
	! grep -q "Next" body
'
test_expect_success 'the audit row says how many there are and which page was shown' '
	test_is "$(sqlite3 $db.audit "SELECT detail FROM audit WHERE action = '"'"'view list'"'"' ORDER BY id DESC LIMIT 1")" \
		"list caseload: 254 pupils, page 3 shown (54)"
'
test_expect_success 'the pager keeps the filters: Oak only is 252, page 3 has 52' '
	test_is "$(as lead "$base/lists/caseload?school=100001&page=3")" 200 &&
	test_is "$(rows)" 52 &&
	test_grep "Pupils 201&ndash;252 of 252\." body &&
	test_grep "href=\"/lists/caseload[?]school=100001&amp;page=2\">" body
'
test_expect_success 'a page past the end says so; a page that is not a number is a 400' '
	test_is "$(as lead "$base/lists/caseload?page=4")" 200 &&
	test_is "$(rows)" 0 &&
	test_grep "No pupils on page 4; there are 254\." body &&
	test_is "$(as lead "$base/lists/caseload?page=two")" 400 &&
	test_is "$(as lead "$base/lists/caseload?page=0")" 400
'
test_expect_success 'CSV and JSON give all 254' '
	test_is "$(as lead "$base/lists/caseload?format=csv")" 200 &&
	test_is "$(sed 1d body | wc -l)" 254 &&
	test_is "$(as lead "$base/api/lists/caseload")" 200 &&
	test_is "$(grep -c "\"upn\"" body)" 254
'
test_done
