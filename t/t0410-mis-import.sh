#!/bin/sh
# MIS register exports: the long layout (Date, AM, PM columns), the wide
# layout (a column per session), a school's saved column mapping, and bad
# cells named by file, line and column with nothing stored.
. "$(dirname "$0")/test-lib.sh"
# The exports are of September 2025: no register holds days to come.
ATTEND_TODAY=2025-09-30

# G990200125001 and W990200125002 pass the check letter (see t0010).
printf 'urn,laestab,name,phase\n100001,9902001,Oak,primary\n' >schools.csv
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Able,Ann,2016-01-01\nW990200125002,100001,Best,Bo,2016-02-02\n' >pupils.csv
test_expect_success 'roll imports' '
	$ATTEND --db s.db import schools.csv pupils.csv >/dev/null
'

# Long: 2 days x 2 sessions x 2 pupils = 8 marks, one left blank, one '-'.
cat >long.csv <<'CSV'
UPN,Surname,Forename,Date,AM,PM
G990200125001,Able,Ann,01/09/2025,/,\
G990200125001,Able,Ann,02/09/2025,I,I
W990200125002,Best,Bo,2025-09-01,/,
W990200125002,Best,Bo,2025-09-02,N,-
CSV
test_expect_success 'a long MIS export imports with --school' '
	$ATTEND --db s.db import --school 100001 long.csv >out 2>&1
'
test_expect_success "its six marks are added (blank and '-' cells are no mark)" '
	grep -q "MIS export rows: marks 6 added" out
'
$ATTEND --db s.db pupils --format csv >p.csv
test_expect_success 'Ann: 4 possible, 2 present, 2 illness' '
	grep -q "^G990200125001,100001,4,2,2,0,50.00,sa,1,1\$" p.csv
'
test_expect_success 'Bo: 2 possible, 1 present, 1 unauthorised' '
	grep -q "^W990200125002,100001,2,1,0,1,50.00,sa,1,1\$" p.csv
'

# Wide: one row per pupil, a column per session; changes one mark.
cat >wide.csv <<'CSV'
UPN,Name,Mon 01/09/2025 AM,Mon 01/09/2025 PM,03/09/2025 AM,03/09/2025 PM
G990200125001,Ann Able,/,\,/,L
W990200125002,Bo Best,O,,/,\
CSV
test_expect_success 'a wide MIS export imports' '
	$ATTEND --db s.db import --school 100001 wide.csv >out 2>&1
'
test_expect_success 'the wide file adds 4 marks, changes 1, leaves 2 as they were' '
	grep -q "marks 4 added, 1 changed, 2 unchanged" out
'
test_expect_success 'the changed mark is in the history, old and new' - <<\EOT
[ "$(sqlite3 s.db "SELECT old_code || '>' || new_code FROM mark_history")" = '/>O' ]
EOT

# A saved mapping for a school whose MIS names columns its own way.
cat >odd.csv <<'CSV'
Pupil No,Session Date,Morning,Afternoon
G990200125001,2025-09-04,/,\
CSV
test_expect_success 'an export with other column names imports with --map' '
	$ATTEND --db s.db import --school 100001 --map "upn=Pupil No,date=Session Date,am=Morning,pm=Afternoon" odd.csv >/dev/null 2>&1
'
printf 'Pupil No,Session Date,Morning,Afternoon\nG990200125001,2025-09-05,/,\\\n' >odd2.csv
test_expect_success "the mapping is saved: the school's next file needs no --map" '
	$ATTEND --db s.db import --school 100001 odd2.csv >/dev/null 2>&1
'

# Bad input: named by file, line and column; nothing stored.
sqlite3 s.db .dump >before
printf 'UPN,Date,AM,PM\nG990200125001,08/09/2025,/,Q9\n' >bad1.csv
test_expect_success 'an unknown code names file, line and column' '
	test_exit_is 1 $ATTEND --db s.db import --school 100001 bad1.csv &&
	grep -q "bad1.csv:2: PM: '\''Q9'\'' for 2025-09-08 PM: unknown register code" err
'
printf 'UPN,Date,AM,PM\nG990200125001,31/02/2025,/,/\n' >bad2.csv
test_expect_success 'an impossible date is refused' '
	test_exit_is 1 $ATTEND --db s.db import --school 100001 bad2.csv &&
	grep -q "bad2.csv:2: Date: '\''31/02/2025'\'' is not a date" err
'
printf 'UPN,Date,AM,PM\nG990200125001,09/09/2025,/,\\\n' >bad3.csv
test_expect_success 'an export without a URN column needs --school' '
	test_exit_is 1 $ATTEND --db s.db import bad3.csv &&
	grep -q "no URN column: name the school with --school" err
'
printf 'UPN,Date,AM,PM\nH990200125001,10/09/2025,/,\\\n' >bad4.csv
test_expect_success 'a wrong check letter is refused' '
	test_exit_is 1 $ATTEND --db s.db import --school 100001 bad4.csv &&
	grep -q "bad4.csv:2: upn: '\''H990200125001'\'': UPN check letter is wrong" err
'
test_expect_success 'a malformed --map is a usage error' '
	test_exit_is 2 $ATTEND --db s.db import --school 100001 --map upn odd.csv
'
test_expect_success 'nothing from the bad files was stored' '
	sqlite3 s.db .dump >after &&
	cmp -s before after
'
test_done
