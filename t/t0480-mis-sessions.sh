#!/bin/sh
# MIS register exports with one row per session (UPN, Date, Session,
# Mark): dates day first (DD/MM/YYYY, D/M/YYYY) or YYYY-MM-DD, sessions
# named as MISs name them (AM/PM, a.m./p.m., Morning/Afternoon, any case),
# other column names through --map, saved for the school's next files.
# Expected figures are counted by hand beside each check.
. "$(dirname "$0")/test-lib.sh"
ATTEND_TODAY=2025-09-30

# G990200125001 and W990200125002 pass the check letter (see t0010).
printf 'urn,laestab,name,phase\n100001,9902001,Oak,primary\n' >schools.csv
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Able,Ann,2016-01-01\nW990200125002,100001,Best,Bo,2016-02-02\n' >pupils.csv
test_setup 'the roll imports' '
	"$ATTEND" --db s.db import schools.csv pupils.csv >/dev/null
'

# Ann: Mon 1 to Wed 3 September, six sessions: / \ / I / L (every way of
# writing a date and a session); Bo: two sessions, N and '-' (no mark).
cat >sessions.csv <<'CSV'
UPN,Surname,Forename,Date,Session,Mark
G990200125001,Able,Ann,01/09/2025,AM,/
G990200125001,Able,Ann,01/09/2025,pm,\
G990200125001,Able,Ann,2/9/2025,a.m.,/
G990200125001,Able,Ann,2/9/2025,P.M.,I
G990200125001,Able,Ann,2025-09-03,Morning,/
G990200125001,Able,Ann,2025-09-03,afternoon,L
W990200125002,Best,Bo,01/09/2025,AM,N
W990200125002,Best,Bo,01/09/2025,PM,-
CSV
test_expect_success 'a one-row-per-session export imports with --school' '
	"$ATTEND" --db s.db import --school 100001 sessions.csv >out 2>err
'
test_expect_success 'its seven marks are added (the - is no mark)' '
	test_grep -F "8 MIS export rows: marks 7 added, 0 changed, 0 unchanged" out
'
# Ann: possible 6; present / \ / / L = 5; authorised I = 1; 1/6 = 16.67%.
# Bo: possible 1, unauthorised N = 1: 100%.
test_expect_success "Ann's and Bo's measures are those counted by hand" '
	"$ATTEND" --db s.db pupils --from 2025-09-01 --to 2025-09-30 --format csv >p.csv &&
	test_grep "^G990200125001,100001,6,5,1,0,16.67," p.csv &&
	test_grep "^W990200125002,100001,1,0,0,1,100.00," p.csv
'
test_expect_success 'a second import of the same export changes nothing' '
	"$ATTEND" --db s.db import --school 100001 sessions.csv >out 2>err &&
	test_grep -F "marks 0 added, 0 changed, 7 unchanged" out
'

# Another MIS's names: Adno, Attendance Date, AM/PM, Code; with a URN.
cat >named.csv <<'CSV'
Adno,Establishment,Attendance Date,AM/PM,Code
W990200125002,100001,08/09/2025,AM,/
W990200125002,100001,08/09/2025,PM,O
CSV
test_expect_success 'an export with its own column names imports with --map' '
	"$ATTEND" --db s.db import --school 100001 --map "upn=Adno,urn=Establishment,date=Attendance Date,session=AM/PM,mark=Code" named.csv >out 2>err &&
	test_grep -F "marks 2 added" out
'
printf 'Adno,Establishment,Attendance Date,AM/PM,Code\nW990200125002,100001,09/09/2025,Morning,/\n' >named2.csv
test_expect_success "the mapping is saved: the school's next file needs no --map" '
	"$ATTEND" --db s.db import --school 100001 named2.csv >out 2>err &&
	test_grep -F "marks 1 added" out
'
test_expect_success 'the mapping names the session and mark columns' - <<\EOT
test_is "$(sqlite3 s.db "SELECT session_column || '|' || mark_column FROM mis_mapping WHERE urn = 100001")" 'AM/PM|Code'
EOT

sqlite3 s.db .dump >before.sql
refused() {
	test_exit_is 1 "$ATTEND" --db s.db import --school 100001 "$1" &&
	test_grep -F "$2" err &&
	sqlite3 s.db .dump >after.sql &&
	test_cmp before.sql after.sql
}
printf 'UPN,Date,Session,Mark\nG990200125001,10/09/2025,AM,/\nG990200125001,10/09/2025,Evening,/\n' >bad-session.csv
test_expect_success 'a session no MIS names is refused with its line and column' '
	refused bad-session.csv "bad-session.csv:3: Session: '"'"'Evening'"'"' is not a session (AM or PM, a.m. or p.m., Morning or Afternoon)"
'
printf 'UPN,Date,Session,Mark\nG990200125001,10/09/2025,AM,/\nG990200125001,10/09/2025,am,N\n' >twice.csv
test_expect_success 'two marks for one session in one export are refused' '
	refused twice.csv "twice.csv:3: Mark: '"'"'N'"'"' for 2025-09-10 AM: given '"'"'/'"'"' earlier in this file"
'
printf 'UPN,Date,Session,Mark\nG990200125001,10/13/2025,AM,/\n' >us-date.csv
test_expect_success 'a month-first date is not a date' '
	refused us-date.csv "us-date.csv:2: Date: '"'"'10/13/2025'"'"' is not a date (DD/MM/YYYY, D/M/YYYY or YYYY-MM-DD)"
'
test_done
