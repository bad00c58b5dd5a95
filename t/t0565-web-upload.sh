#!/bin/bash
# Uploads through the web application (docs/imports.md, "Uploads"): a
# school lead sends its pupils and registers through the importer's own
# checks; a file naming another school is refused whole, as is one
# without the CSRF token, one over the limit and one from a role that
# does not upload; a new joiner's marks are held, listed and applied by
# the pupils file that follows; and every upload is in the audit log.
. "$(dirname "$0")/test-lib.sh"

export ATTEND_TODAY=2025-11-04
mkdir -p uploads
export TMPDIR=$PWD/uploads
. "$TEST_DIR/web-lib.sh"
web_fixture

E=$(upn 990200125101) F=$(upn 990200125102) G=$(upn 990200125103)
N=$(upn 990200125104)	# the new joiner
days="2025-10-28 2025-10-29 2025-10-30 2025-11-03 2025-11-04"
cat >pupils-oak.csv <<EOT
upn,urn,surname,forename,dob
$E,100001,Ennis,Eve,2016-02-01
$F,100001,Ford,Fay,2016-03-01
$G,100001,Gray,Gus,2016-04-01
EOT
# 3 pupils x 5 days x 2 sessions = 30 marks: E present, F ill, G absent (O)
{
	echo "upn,urn,date,session,code"
	for d in $days; do
		for s in AM PM; do
			p=/; [ $s = PM ] && p='\'
			echo "$E,100001,$d,$s,$p"
			echo "$F,100001,$d,$s,I"
			echo "$G,100001,$d,$s,O"
		done
	done
} >register-oak.csv
{
	echo "upn,urn,date,session,code"
	echo "$E,100001,2025-11-04,AM,L"
	echo "$F,100001,2025-11-04,AM,L"
	echo "$C,100002,2025-11-04,AM,G"
} >register-other.csv
{
	echo "upn,urn,date,session,code"
	for d in $days; do
		echo "$N,100001,$d,AM,/"
		echo "$N,100001,$d,PM,N"
	done
} >register-joiner.csv
printf 'upn,urn,surname,forename,dob\n%s,100001,Nash,Noor,2016-05-01\n' "$N" >pupils-joiner.csv

login oak; login gov; login sw; login officer
# up USER FILE [CURL-ARGS...]: uploads FILE for school 100001 as USER to
# the JSON twin; the status, the answer in ./body
up() {
	up_who_=$1 up_file_=$2
	shift 2
	as "$up_who_" -F "csrf=$(cat csrf.$up_who_)" -F school=100001 \
		-F "file=@$up_file_" "$@" "$base/api/upload"
}
json() { python3 -c "import json,sys; print(json.load(open('body'))$1)"; }

test_expect_success 'the upload page offers a school lead its own school only' '
	test_is "$(as oak "$base/upload")" 200 &&
	test_grep "enctype=\"multipart/form-data\"" body &&
	test_grep "value=\"100001\"" body &&
	! grep -q "value=\"100002\"" body &&
	! grep -q "LA only" body
'
test_expect_success 'a school lead uploads its pupils: 3 rows, 3 pupils added' '
	test_is "$(up oak pupils-oak.csv)" 200 &&
	test_diag <body &&
	test_is "$(json "[\"kind\"]")" pupils &&
	test_is "$(json "[\"rows\"]")" $(($(wc -l <pupils-oak.csv) - 1)) &&
	test_is "$(json "[\"pupils_added\"]")" 3
'
test_expect_success 'and its register: 30 rows, 30 marks added, none held' '
	test_is "$(up oak register-oak.csv)" 200 &&
	test_is "$(json "[\"rows\"]")" $(($(wc -l <register-oak.csv) - 1)) &&
	test_is "$(json "[\"marks_added\"]")" 30 &&
	test_is "$(json "[\"held\"]")" 0 &&
	test "$(sqlite3 $db "SELECT count(*) FROM import WHERE file = '\''register-oak.csv'\''")" = 1
'
test_expect_success 'the same register again changes nothing: 30 unchanged' '
	test_is "$(up oak register-oak.csv)" 200 &&
	test_is "$(json "[\"marks_unchanged\"]")" 30 &&
	test_is "$(json "[\"marks_added\"]")" 0
'
# Before: the fixture's 2 pupils at Oak, 44 weekdays from 1 September to
# 30 October, 2 sessions: 176 possible.  The register adds 30 possible
# sessions (/, I and O all count): 206, of 5 enrolments.
test_expect_success 'the figures are refreshed as after a CLI import: 5 enrolments, 206 possible' '
	test_is "$(as oak "$base/api/schools/100001")" 200 &&
	grep -q "\"headline\":{\"enrolments\":5,\"possible\":206," body
'

test_expect_success 'a register naming another school is refused whole: 422, file, line, reason' '
	store_dump $db >before &&
	test_is "$(up oak register-other.csv)" 422 &&
	test_diag <body &&
	test_grep "register-other.csv:4: urn: school 100002 is not this upload" body &&
	store_dump $db >after &&
	test_cmp before after
'
test_expect_success 'the page of a refused file says nothing was stored, and where' '
	test_is "$(as oak -F "csrf=$(cat csrf.oak)" -F school=100001 \
		-F "file=@register-other.csv" "$base/upload")" 422 &&
	test_grep "The file was not imported" body &&
	test_grep "Nothing from register-other.csv was stored" body &&
	test_grep "register-other.csv:4: urn" body
'
test_expect_success 'a school lead may not name another school in the form: 403, nothing stored' '
	test_is "$(as oak -F "csrf=$(cat csrf.oak)" -F school=100002 \
		-F "file=@register-other.csv" "$base/api/upload")" 403 &&
	store_dump $db >after &&
	test_cmp before after
'
test_expect_success 'nor upload the authority s own files (a schools file): 422' '
	test_is "$(up oak schools.csv)" 422 &&
	test_grep "only an LA officer or lead may import it" body
'
test_expect_success 'without the CSRF token: 403, nothing stored' '
	test_is "$(as oak -F school=100001 -F "file=@register-oak.csv" "$base/upload")" 403 &&
	store_dump $db >after &&
	test_cmp before after
'
test_expect_success 'a governor and a social worker may not upload: 403' '
	test_is "$(up gov pupils-oak.csv)" 403 &&
	test_is "$(up sw pupils-oak.csv)" 403 &&
	test_is "$(as gov "$base/upload")" 403 &&
	store_dump $db >after &&
	test_cmp before after
'
test_expect_success 'an LA officer uploads for any school' '
	printf "upn,urn,date,session,code\n%s,100002,2025-11-04,AM,G\n" "$C" >reg-elm.csv &&
	test_is "$(as officer -F "csrf=$(cat csrf.officer)" -F school=100002 \
		-F "file=@reg-elm.csv" "$base/api/upload")" 200 &&
	test_is "$(json "[\"marks_added\"]")" 1 &&
	store_dump $db >before
'

test_expect_success 'a register naming a new joiner: 10 marks held, 0 stored' '
	test_is "$(up oak register-joiner.csv)" 200 &&
	test_is "$(json "[\"held\"]")" 10 &&
	test_is "$(json "[\"held_pupils\"]")" 1 &&
	test_is "$(json "[\"marks_added\"]")" 0
'
test_expect_success 'the upload page lists the new joiner as waiting' '
	test_is "$(as oak "$base/upload")" 200 &&
	test_grep "Marks waiting for a pupil record" body &&
	grep -q "<td>$N</td><td>10</td><td>2025-10-28</td><td>2025-11-04</td><td>register-joiner.csv, line 2" body
'
test_expect_success 'the pupils file that brings them applies the 10 marks held' '
	test_is "$(as oak -F "csrf=$(cat csrf.oak)" -F school=100001 \
		-F "file=@pupils-joiner.csv" "$base/upload")" 200 &&
	test_grep "File imported" body &&
	test_grep "10 held marks of 1 pupil applied" body &&
	test "$($ATTEND --db $db held --school 100001 --format csv | wc -l)" -le 1
'

test_expect_success 'every upload is in the audit log: who, school, file, counts' '
	sqlite3 $db.audit "SELECT username, action, object, detail FROM audit WHERE action LIKE '\''upload%'\'' ORDER BY id" >log &&
	test_diag <log &&
	grep -q "^oak|upload|school 100001|register-oak.csv ([0-9]* bytes), register: 30 marks: 30 added" log &&
	grep -q "^oak|upload refused|school 100001|register-other.csv .*refused, nothing stored: register-other.csv:4: urn" log &&
	grep -q "^oak|upload refused|school 100002|.*not allowed" log &&
	grep -q "^officer|upload|school 100002|reg-elm.csv" log
'

web_start_server --upload-limit 1
login oak
test_expect_success 'a file over the limit (--upload-limit 1: 1 MiB): 413, nothing stored' '
	store_dump $db >before &&
	{ cat register-oak.csv; for i in $(seq 40000); do echo "$E,100001,2025-11-04,AM,/"; done; } >big.csv &&
	test "$(wc -c <big.csv)" -gt 1048576 &&
	test_is "$(up oak big.csv)" 413 &&
	test_grep "at most 1 MiB" body &&
	store_dump $db >after &&
	test_cmp before after
'
test_expect_success 'sent in chunks without a length, over the limit: 413 too' '
	test_is "$(up oak big.csv -H "Transfer-Encoding: chunked")" 413 &&
	store_dump $db >after &&
	test_cmp before after
'
test_expect_success 'no temporary file is left behind' '
	ls -A uploads >left &&
	test_diag <left &&
	test ! -s left
'
test_expect_success 'the server is clean under the sanitizers' '
	kill $server && wait $server; server= &&
	sanitizer_clean server.log
'
test_done
