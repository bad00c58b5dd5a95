#!/bin/sh
# Every command of the command line that shows named pupils is logged
# before it shows anything (docs/privacy.md): who ran it (the operating
# system's user, as os:NAME), the command and its whole command line; a
# command that names no pupil is not; and when the log cannot take the
# entry, the command shows nothing and fails.
. "$(dirname "$0")/test-lib.sh"

A=$(upn 990200130001)
cat >schools.csv <<EOT
urn,laestab,name,phase
100001,9902001,Oak Primary,primary
EOT
cat >pupils.csv <<EOT
upn,urn,surname,forename,dob,social_care
$A,100001,Able,Ann,2015-01-01,CLA
EOT
cat >register.csv <<EOT
upn,urn,date,session,code
$A,100001,2025-01-06,AM,N
$A,100001,2025-01-06,PM,/
EOT
me=$(id -un)

test_expect_success 'a store with a pupil and an LA lead' '
	"$ATTEND" --db s.db import --quiet schools.csv pupils.csv register.csv &&
	echo "correct horse battery" |
		"$ATTEND" --db s.db user add lead --name L --role la_lead >/dev/null
'

# last_run: the newest run in the log, as user|action|object|detail
last_run() {
	sqlite3 s.db.audit "SELECT username, action, object, detail FROM audit WHERE action = 'run' ORDER BY id DESC LIMIT 1"
}
runs() {
	sqlite3 s.db.audit "SELECT count(*) FROM audit WHERE action = 'run'"
}

# Each command that names pupils, as it is run (the words after --db s.db).
while IFS='|' read -r name words; do
	test_expect_success "attend $name is logged with its user and command line" "
		\"\$ATTEND\" --db s.db $words >out 2>err &&
		test_is \"\$(last_run)\" \"os:\$me|run|command $name|attend --db s.db $words\"
	"
done <<EOT
pupils|pupils
register|register $A
ctf|ctf --school 100001 --out x.xml
penalty|penalty --as-of 2025-03-01
report cla-weekly|report cla-weekly --week 2025-01-06
case list|case list --user lead
legal list|legal list --user lead
parent list|parent list --user lead
notice list|notice list --user lead
timetable list|timetable list --user lead
cme list|cme list --user lead
alerts|alerts --user lead
tsm pack|tsm pack 100001 --user lead --html pack.html
EOT

test_expect_success 'attend forecast is logged, even when it then fails' '
	"$ATTEND" --db s.db forecast >out 2>err
	test_is "$(last_run)" "os:$me|run|command forecast|attend --db s.db forecast"
'
test_expect_success 'a command line with spaces and quotes is logged as a shell would need it' - <<\EOT
"$ATTEND" --db s.db pupils --school=100001 --format "table" >out &&
"$ATTEND" --db s.db case list --user "lead" --format 'csv' >out &&
test_is "$(last_run)" "os:$me|run|command case list|attend --db s.db case list --user lead --format csv" &&
"$ATTEND" --db s.db register "$A" --year 2024 --format csv >out 2>&1 &&
test_grep -F "attend --db s.db register $A --year 2024 --format csv" - <<EOF2
$(last_run)
EOF2
EOT
test_expect_success 'a word with a space or a quote is quoted in the log' - <<\EOT
"$ATTEND" --db s.db case list --user lead --format csv >out &&
! "$ATTEND" --db s.db case list --user "le ad's" >out 2>&1 &&
test_is "$(last_run)" "os:$me|run|command case list|attend --db s.db case list --user 'le ad'\''s'"
EOT

test_expect_success 'commands that name no pupil are not logged' '
	before=$(runs) &&
	"$ATTEND" --db s.db schools >out &&
	"$ATTEND" --db s.db registers >out &&
	"$ATTEND" --db s.db report annual >out &&
	"$ATTEND" --db s.db user list >out &&
	test_is "$(runs)" "$before"
'
test_expect_success '--help shows nothing of a pupil and is not logged' '
	before=$(runs) &&
	"$ATTEND" --db s.db register --help >out &&
	test_is "$(runs)" "$before"
'

test_expect_success 'the log is made to refuse runs' - <<\EOT
sqlite3 s.db.audit "CREATE TRIGGER refuse_runs BEFORE INSERT ON audit
	WHEN NEW.action = 'run' BEGIN SELECT RAISE(ABORT, 'the audit log is full'); END"
EOT
for words in pupils "register $A" "case list --user lead" \
	     "ctf --school 100001" "report cla-weekly --week 2025-01-06"; do
	test_expect_success "attend $words shows nothing when its run cannot be logged" "
		test_exit_is 1 \"\$ATTEND\" --db s.db $words &&
		! test -s out &&
		test_grep 'could not be logged, so nothing is shown' err &&
		! grep -q Able err
	"
done
test_expect_success 'a command that names no pupil still runs' '
	"$ATTEND" --db s.db schools >out && test_grep 100001 out
'

test_done
