#!/bin/sh
# No register holds marks for days to come: a mark dated after today (a
# register or MIS export, which carry no date of their own) or after the
# day a CTF was made (its Header's DateTime, or today if that is earlier)
# is refused, naming the first such date, its file and line, and nothing
# of the file is stored.  Today is 2025-03-01, a Saturday (test-lib.sh).
. "$(dirname "$0")/test-lib.sh"

# G990200125001 and W990200125002 pass the check letter (see t0010).
printf 'urn,laestab,name,phase\n100001,9902001,Oak,primary\n' >schools.csv
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Able,Ann,2016-01-01\n' >pupils.csv
test_setup 'the roll imports' '
	"$ATTEND" --db s.db import schools.csv pupils.csv >/dev/null
'

refused() {
	sqlite3 s.db .dump >before.sql &&
	test_exit_is 1 "$ATTEND" --db s.db import "$@" &&
	sqlite3 s.db .dump >after.sql &&
	test_cmp before.sql after.sql
}

# Friday 28 February and today are taken; Monday 3 March, line 4, is not.
cat >register.csv <<'CSV'
upn,urn,date,session,code
G990200125001,100001,2025-02-28,AM,/
G990200125001,100001,2025-03-01,PM,V
G990200125001,100001,2025-03-03,AM,/
G990200125001,100001,2030-09-02,AM,/
CSV
test_expect_success 'a register row dated after today is refused and nothing stored' '
	refused register.csv
'
test_expect_success 'the message names the first such date, its file and line' '
	test_grep -F "register.csv:4: date: '"'"'/'"'"' for 2025-03-03 AM: the date is after today (2025-03-01): a register holds no marks for days to come" err
'
head -n 3 register.csv >today.csv
test_expect_success 'a mark for today itself is taken' '
	"$ATTEND" --db s.db import today.csv >out 2>err &&
	test_grep -F "2 marks: 2 added" out
'
test_expect_success 'the latest mark is today, not a day to come' '
	test_is "$(sqlite3 s.db "SELECT value FROM meta WHERE key = '"'"'latest_mark'"'"'")" 2025-03-01
'

# An MIS export, long layout: line 3 is the first day to come.
cat >mis.csv <<'CSV'
UPN,URN,Date,AM,PM
G990200125001,100001,27/02/2025,/,\
G990200125001,100001,04/03/2025,/,\
CSV
test_expect_success 'an MIS export with a day to come is refused, naming its line and column' '
	refused mis.csv &&
	test_grep -F "mis.csv:3: Date: '"'"'/'"'"' for 2025-03-04 AM: the date is after today (2025-03-01)" err
'

ctf() {	# ctf FILE DATETIME START MARKS
	cat >"$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<CTfile>
  <Header>
    <CTFversion>25.0</CTFversion>
    <DateTime>$2</DateTime>
    <SourceSchool><LEA>990</LEA><Estab>2001</Estab><URN>100001</URN></SourceSchool>
  </Header>
  <CTFpupilData>
    <Pupil>
      <UPN>W990200125002</UPN>
      <Surname>Best</Surname>
      <Forename>Bo</Forename>
      <DOB>2016-02-02</DOB>
      <Attendance>
        <YearData>
          <Year>2024</Year>
          <AttendSessions>
            <AttendanceStartDate>$3</AttendanceStartDate>
            <AttendanceMarks>$4</AttendanceMarks>
          </AttendSessions>
        </YearData>
      </Attendance>
    </Pupil>
  </CTFpupilData>
</CTfile>
XML
}
# Made on Thursday 20 February; the string runs Monday 17 to Friday 21:
# Friday's morning is session 9 of the string.
ctf made.xml 2025-02-20T10:00:00 2025-02-17 '/\/\/\/\/\'
test_expect_success "a CTF with marks after the day it was made is refused" '
	refused made.xml &&
	test_grep -F "made.xml:19: CTfile/CTFpupilData/Pupil/Attendance/YearData/AttendSessions/AttendanceMarks: '"'"'/'"'"' for 2025-02-21 AM (session 9 of the string): the date is after the file was made (2025-02-20)" err
'
# Made in June (after today): today is the limit.  From Monday 24
# February, sessions 11-12 are Saturday 1 March (today) and 13-14 Sunday:
# a '#' (planned closure) is a mark like any other, so session 13 is the
# first refused.
ctf later.xml 2025-06-01T10:00:00 2025-02-24 '/\/\/\/\/\####/\'
test_expect_success "a CTF dated after today is held to today, a closure mark included" '
	refused later.xml &&
	test_grep -F "'"'"'#'"'"' for 2025-03-02 AM (session 13 of the string): the date is after today (2025-03-01)" err
'
# The same week with Friday left unmarked ('-'): nothing after the 20th.
ctf dashes.xml 2025-02-20T10:00:00 2025-02-17 '/\/\/\/\--'
test_expect_success "sessions left '-' after the file's date are no marks, and the file imports" '
	"$ATTEND" --db s.db import dashes.xml >out 2>err &&
	test_grep -F "marks 8 added" out
'
test_done
