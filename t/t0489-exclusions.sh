#!/bin/sh
# Suspensions and exclusions: the exclusions CSV
# (upn,urn,start,end,category,reason,sessions) and the Exclusions of a
# CTF (Pupil/Exclusions/Exclusion: StartDate, EndDate, Category, Reason,
# Sessions; see src/ingest/import_ctf.c for how sure those names are) are
# stored, a re-import changes nothing, a correction replaces what was
# stored, and bad rows are refused with file:line: field: reason.
. "$(dirname "$0")/test-lib.sh"
ATTEND_TODAY=2025-09-30

ANN=$(upn 990200125001)
BO=$(upn 990200125002)
CY=$(upn 990200125003)
printf 'urn,laestab,name,phase\n100001,9902001,Oak,primary\n' >schools.csv
printf 'upn,urn,surname,forename,dob\n%s,100001,Able,Ann,2016-01-01\n%s,100001,Best,Bo,2016-02-02\n' "$ANN" "$BO" >pupils.csv
test_setup 'the roll imports' '
	"$ATTEND" --db s.db import schools.csv pupils.csv >/dev/null
'

cat >exclusions.csv <<CSV
upn,urn,start,end,category,reason,sessions
$ANN,100001,2025-09-08,2025-09-09,FIXD,DB,4
$ANN,100001,15/09/2025,,lunchtime,VP,
$BO,100001,2025-09-22,,PERM,"Physical assault against an adult",
CSV
test_expect_success 'an exclusions file imports' '
	"$ATTEND" --db s.db import exclusions.csv >out 2>err &&
	test_grep -F "3 suspensions and exclusions: 3 added, 0 updated, 0 unchanged" out
'
test_expect_success 'each is stored with its category, dates, reason and sessions' - <<EOT
test_is "\$(sqlite3 s.db "SELECT p.upn, x.category, x.start_date, x.end_date, x.reason, coalesce(x.sessions, '-') FROM exclusion x JOIN pupil p ON p.id = x.pupil_id ORDER BY x.start_date")" \
"$ANN|suspension|2025-09-08|2025-09-09|DB|4
$ANN|lunchtime|2025-09-15||VP|-
$BO|permanent|2025-09-22||Physical assault against an adult|-"
EOT
test_expect_success 'importing it again changes nothing' '
	"$ATTEND" --db s.db import exclusions.csv >out 2>err &&
	test_grep -F "0 added, 0 updated, 3 unchanged" out
'
sed 's/2025-09-09,FIXD,DB,4/2025-09-10,FIXD,DB,6/' exclusions.csv >corrected.csv
test_expect_success 'a corrected end and sessions replace what was stored' '
	"$ATTEND" --db s.db import corrected.csv >out 2>err &&
	test_grep -F "0 added, 1 updated, 2 unchanged" out &&
	test_is "$(sqlite3 s.db "SELECT end_date || \" \" || sessions FROM exclusion WHERE category = \"suspension\"")" "2025-09-10 6"
'

sqlite3 s.db .dump >before.sql
refused() {
	test_exit_is 1 "$ATTEND" --db s.db import "$1" &&
	test_grep -F "$2" err &&
	sqlite3 s.db .dump >after.sql &&
	test_cmp before.sql after.sql
}
printf 'upn,urn,start,end,category,reason,sessions\n%s,100001,2025-09-08,,EXPL,,\n' "$ANN" >bad-category.csv
test_expect_success 'a category that is none of them is refused' '
	refused bad-category.csv "bad-category.csv:2: category: '"'"'EXPL'"'"' is not a category"
'
printf 'upn,urn,start,end,category,reason,sessions\n%s,100001,2025-09-08,2025-09-05,FIXD,,\n' "$ANN" >backwards.csv
test_expect_success 'an end before the start is refused' '
	refused backwards.csv "backwards.csv:2: end: ends before it starts"
'
printf 'upn,urn,start,end,category,reason,sessions\n%s,100001,2025-09-08,,FIXD,,\n' "$CY" >not-on-roll.csv
test_expect_success 'a pupil not on the roll is refused' '
	refused not-on-roll.csv "not-on-roll.csv:2: upn: pupil $CY is not on the roll of school 100001"
'
printf 'upn,urn,start,end,category,reason,sessions\n%s,100001,2025-09-08,,FIXD,"D\302\205B",\n' "$ANN" >bad-reason.csv
test_expect_success 'a reason with a control character is refused' '
	refused bad-reason.csv "bad-reason.csv:2: reason: '"'"'D...'"'"': U+0085 (a control character)"
'

# A CTF for Cy with two exclusions.
cat >ctf.xml <<XML
<?xml version="1.0" encoding="UTF-8"?>
<CTfile>
  <Header>
    <CTFversion>25.0</CTFversion>
    <DateTime>2025-09-26T10:00:00</DateTime>
    <SourceSchool><LEA>990</LEA><Estab>2001</Estab><URN>100001</URN></SourceSchool>
  </Header>
  <CTFpupilData>
    <Pupil>
      <UPN>$CY</UPN>
      <Surname>Cole</Surname>
      <Forename>Cy</Forename>
      <DOB>2016-06-06</DOB>
      <Exclusions>
        <Exclusion>
          <StartDate>2025-09-16</StartDate>
          <EndDate>2025-09-17</EndDate>
          <Category>FIXD</Category>
          <Reason>DB</Reason>
          <Sessions>4</Sessions>
        </Exclusion>
        <Exclusion>
          <StartDate>2025-09-24</StartDate>
          <Category>LUNC</Category>
        </Exclusion>
      </Exclusions>
    </Pupil>
  </CTFpupilData>
</CTfile>
XML
test_expect_success "a CTF's exclusions are stored with the pupil" '
	"$ATTEND" --db s.db import ctf.xml >out 2>err &&
	test_grep -F "; suspensions and exclusions 2 added, 0 updated, 0 unchanged" out &&
	test_is "$(sqlite3 s.db "SELECT x.category || \" \" || x.start_date || \" \" || x.end_date || \" \" || x.reason || \" \" || coalesce(x.sessions, \"-\") FROM exclusion x JOIN pupil p ON p.id = x.pupil_id WHERE p.upn = \"$CY\" ORDER BY x.start_date")" "suspension 2025-09-16 2025-09-17 DB 4
lunchtime 2025-09-24   -"
'
test_expect_success 'importing the CTF again changes nothing' '
	"$ATTEND" --db s.db import ctf.xml >out 2>err &&
	test_grep -F "; suspensions and exclusions 0 added, 0 updated, 2 unchanged" out
'
sed 's|<Category>LUNC</Category>|<Category>EXPL</Category>|' ctf.xml >bad.xml
sqlite3 s.db .dump >before.sql
test_expect_success "a CTF exclusion's unknown category is refused, naming the element" '
	refused bad.xml "bad.xml:24: CTfile/CTFpupilData/Pupil/Exclusions/Exclusion/Category: '"'"'EXPL'"'"' is not a category (FIXD, PERM or LUNC)"
'
test_done
