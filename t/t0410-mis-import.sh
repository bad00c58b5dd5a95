#!/bin/sh
# MIS register exports: the long layout (Date, AM, PM columns), the wide
# layout (a column per session), a school's saved column mapping, and bad
# cells named by file, line and column with nothing stored.
ATTEND=${ATTEND:-$(pwd)/build/san/attend}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }

# G990200125001 and W990200125002 pass the check letter (see t0010).
printf 'urn,laestab,name,phase\n100001,9902001,Oak,primary\n' >schools.csv
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Able,Ann,2016-01-01\nW990200125002,100001,Best,Bo,2016-02-02\n' >pupils.csv
$ATTEND --db s.db import schools.csv pupils.csv >/dev/null
ok $? "roll imports"

# Long: 2 days x 2 sessions x 2 pupils = 8 marks, one left blank, one '-'.
cat >long.csv <<'CSV'
UPN,Surname,Forename,Date,AM,PM
G990200125001,Able,Ann,01/09/2025,/,\
G990200125001,Able,Ann,02/09/2025,I,I
W990200125002,Best,Bo,2025-09-01,/,
W990200125002,Best,Bo,2025-09-02,N,-
CSV
$ATTEND --db s.db import --school 100001 long.csv >out 2>&1
ok $? "a long MIS export imports with --school"
grep -q "MIS export rows: marks 6 added" out
ok $? "its six marks are added (blank and '-' cells are no mark)"
$ATTEND --db s.db pupils --format csv >p.csv
grep -q '^G990200125001,100001,4,2,2,0,50.00,sa,1,1$' p.csv
ok $? "Ann: 4 possible, 2 present, 2 illness"
grep -q '^W990200125002,100001,2,1,0,1,50.00,sa,1,1$' p.csv
ok $? "Bo: 2 possible, 1 present, 1 unauthorised"

# Wide: one row per pupil, a column per session; changes one mark.
cat >wide.csv <<'CSV'
UPN,Name,Mon 01/09/2025 AM,Mon 01/09/2025 PM,03/09/2025 AM,03/09/2025 PM
G990200125001,Ann Able,/,\,/,L
W990200125002,Bo Best,O,,/,\
CSV
$ATTEND --db s.db import --school 100001 wide.csv >out 2>&1
ok $? "a wide MIS export imports"
grep -q "marks 4 added, 1 changed, 2 unchanged" out
ok $? "the wide file adds 4 marks, changes 1, leaves 2 as they were"
[ "$(sqlite3 s.db "SELECT old_code || '>' || new_code FROM mark_history")" = '/>O' ]
ok $? "the changed mark is in the history, old and new"

# A saved mapping for a school whose MIS names columns its own way.
cat >odd.csv <<'CSV'
Pupil No,Session Date,Morning,Afternoon
G990200125001,2025-09-04,/,\
CSV
$ATTEND --db s.db import --school 100001 --map 'upn=Pupil No,date=Session Date,am=Morning,pm=Afternoon' odd.csv >/dev/null 2>&1
ok $? "an export with other column names imports with --map"
printf 'Pupil No,Session Date,Morning,Afternoon\nG990200125001,2025-09-05,/,\\\n' >odd2.csv
$ATTEND --db s.db import --school 100001 odd2.csv >/dev/null 2>&1
ok $? "the mapping is saved: the school's next file needs no --map"

# Bad input: named by file, line and column; nothing stored.
sqlite3 s.db .dump >before
printf 'UPN,Date,AM,PM\nG990200125001,08/09/2025,/,Q9\n' >bad1.csv
$ATTEND --db s.db import --school 100001 bad1.csv 2>err; rc=$?
[ $rc = 1 ] && grep -q "bad1.csv:2: PM: 'Q9' for 2025-09-08 PM: unknown register code" err
ok $? "an unknown code names file, line and column"
printf 'UPN,Date,AM,PM\nG990200125001,31/02/2025,/,/\n' >bad2.csv
$ATTEND --db s.db import --school 100001 bad2.csv 2>err
[ $? = 1 ] && grep -q "bad2.csv:2: Date: '31/02/2025' is not a date" err
ok $? "an impossible date is refused"
printf 'UPN,Date,AM,PM\nG990200125001,09/09/2025,/,\\\n' >bad3.csv
$ATTEND --db s.db import bad3.csv 2>err
[ $? = 1 ] && grep -q "no URN column: name the school with --school" err
ok $? "an export without a URN column needs --school"
printf 'UPN,Date,AM,PM\nH990200125001,10/09/2025,/,\\\n' >bad4.csv
$ATTEND --db s.db import --school 100001 bad4.csv 2>err
[ $? = 1 ] && grep -q "bad4.csv:2: upn: 'H990200125001': UPN check letter is wrong" err
ok $? "a wrong check letter is refused"
$ATTEND --db s.db import --school 100001 --map 'upn' odd.csv 2>err
[ $? = 2 ]
ok $? "a malformed --map is a usage error"
sqlite3 s.db .dump >after
cmp -s before after
ok $? "nothing from the bad files was stored"
echo "1..$n"
exit $failed
