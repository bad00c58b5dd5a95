#!/bin/sh
# One mistake, one message: a mark refused in a register file, an MIS
# export or a Common Transfer File is worded the same,
#
#   FILE:LINE: FIELD: 'CODE' for DATE AM|PM[ (session N of the string)]: why
#
# for a withdrawn code (with its 2024 equivalent), a code not yet in use,
# an unknown code, a date outside the pupil's enrolment, a date outside the
# academic years attend holds and a session given two marks in one file;
# and, before any mark, a row's school not in the store or its pupil not
# on the school's roll.
# Each expected reason is written out here, not taken from the program.
. "$(dirname "$0")/test-lib.sh"

A=$(upn 990200124001)	# on roll at Oak from 2 September to 20 December 2024
cat >schools.csv <<EOF
urn,laestab,name,phase
100001,9902001,Oak Primary,primary
EOF
cat >pupils.csv <<EOF
upn,urn,surname,forename,dob,start_date,end_date
$A,100001,Able,Ann,2016-01-01,2024-09-02,2024-12-20
EOF
test_expect_success 'the base store imports' '
	"$ATTEND" --db new.db import --quiet schools.csv &&
	cp new.db base.db &&
	"$ATTEND" --db base.db import --quiet pupils.csv
'

# refused NAME FILE EXPECTED [STORE]: FILE imported into a copy of STORE
# (base.db: the pupil on roll) is refused (exit 1) with EXPECTED as the
# first line of the error, after "attend: ".
refused() {
	cp "${4:-base.db}" try.db
	"$ATTEND" --db try.db import --school 100001 "$2" >out 2>err
	status=$?
	printf 'attend: %s\n' "$3" >want
	test_expect_success "$1" '
		test $status = 1 &&
		head -n 1 err >got &&
		test_cmp want got
	'
}

register() {	# FILE DATE SESSION CODE [DATE SESSION CODE]
	f=$1
	shift
	{
		echo "upn,urn,date,session,code"
		while [ $# -ge 3 ]; do
			echo "$A,100001,$1,$2,$3"
			shift 3
		done
	} >"$f"
}

mis() {		# FILE DATE AM PM: the long layout, DD/MM/YYYY dates
	printf 'UPN,Date,AM,PM\n%s,%s,%s,%s\n' "$A" "$2" "$3" "$4" >"$1"
}

ctf() {		# FILE YEAR START MARKS [YEAR START MARKS]: marks on line 12, 16
	f=$1
	shift
	{
		cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<CTfile>
  <Header>
    <SourceSchool><URN>100001</URN></SourceSchool>
  </Header>
  <CTFpupilData>
    <Pupil>
      <UPN>$A</UPN><Surname>Able</Surname><Forename>Ann</Forename><DOB>2016-01-01</DOB>
      <Attendance>
EOF
		while [ $# -ge 3 ]; do
			printf '        <YearData><Year>%s</Year>\n' "$1"
			printf '          <AttendSessions><AttendanceStartDate>%s</AttendanceStartDate>\n' "$2"
			printf '          <AttendanceMarks>%s</AttendanceMarks>\n' "$3"
			printf '        </AttendSessions></YearData>\n'
			shift 3
		done
		printf '      </Attendance>\n    </Pupil>\n  </CTFpupilData>\n</CTfile>\n'
	} >"$f"
}
M=CTfile/CTFpupilData/Pupil/Attendance/YearData/AttendSessions/AttendanceMarks

why="code withdrawn on 19 August 2024; its 2024 equivalent is C"
register r-withdrawn.csv 2024-09-04 AM H
refused "register: a withdrawn code names its 2024 equivalent" r-withdrawn.csv \
	"r-withdrawn.csv:2: code: 'H' for 2024-09-04 AM: $why"
mis m-withdrawn.csv 04/09/2024 H /
refused "MIS: the same words" m-withdrawn.csv \
	"m-withdrawn.csv:2: AM: 'H' for 2024-09-04 AM: $why"
ctf c-withdrawn.xml 2024 2024-09-02 '/\/\H\'
refused "CTF: the same words, and the session's place in the string" \
	c-withdrawn.xml \
	"c-withdrawn.xml:12: $M: 'H' for 2024-09-04 AM (session 5 of the string): $why"

why="code not in use before 19 August 2024"
register r-early.csv 2024-07-01 AM C1
refused "register: a 2024 code before August 2024" r-early.csv \
	"r-early.csv:2: code: 'C1' for 2024-07-01 AM: $why"
mis m-early.csv 01/07/2024 C1 /
refused "MIS: the same words" m-early.csv \
	"m-early.csv:2: AM: 'C1' for 2024-07-01 AM: $why"
ctf c-early.xml 2023 2024-07-01 'C1/'
refused "CTF: the same words" c-early.xml \
	"c-early.xml:12: $M: 'C1' for 2024-07-01 AM (session 1 of the string): $why"

register r-unknown.csv 2024-09-04 PM A
refused "register: an unknown code" r-unknown.csv \
	"r-unknown.csv:2: code: 'A' for 2024-09-04 PM: unknown register code"
mis m-unknown.csv 04/09/2024 / A
refused "MIS: the same words" m-unknown.csv \
	"m-unknown.csv:2: PM: 'A' for 2024-09-04 PM: unknown register code"

why="the date is outside the pupil's enrolment at school 100001 (2024-09-02 to 2024-12-20)"
register r-left.csv 2025-01-06 AM /
refused "register: a mark after the pupil left" r-left.csv \
	"r-left.csv:2: date: '/' for 2025-01-06 AM: $why"
mis m-left.csv 06/01/2025 / '\'
refused "MIS: the same words, naming the date column" m-left.csv \
	"m-left.csv:2: Date: '/' for 2025-01-06 AM: $why"
ctf c-left.xml 2024 2025-01-06 '/\'
refused "CTF: the same words" c-left.xml \
	"c-left.xml:12: $M: '/' for 2025-01-06 AM (session 1 of the string): $why"

why="the date is outside the academic years attend holds (2000/01 to 2098/99)"
register r-old.csv 1999-09-01 AM /
refused "register: a date before 2000/01" r-old.csv \
	"r-old.csv:2: date: '/' for 1999-09-01 AM: $why"
mis m-old.csv 01/09/1999 / '\'
refused "MIS: the same words" m-old.csv \
	"m-old.csv:2: Date: '/' for 1999-09-01 AM: $why"

why="given '/' earlier in this file for the same pupil and session"
register r-twice.csv 2024-09-03 AM / 2024-09-03 AM N
refused "register: a session given two marks" r-twice.csv \
	"r-twice.csv:3: code: 'N' for 2024-09-03 AM: $why"
printf 'UPN,Date,AM,PM\n%s,03/09/2024,/,\\\n%s,03/09/2024,N,\\\n' "$A" "$A" >m-twice.csv
refused "MIS: the same words" m-twice.csv \
	"m-twice.csv:3: AM: 'N' for 2024-09-03 AM: $why"
ctf c-twice.xml 2024 2024-09-02 '/\/\' 2024 2024-09-03 'N\'
refused "CTF: the same words (a pupil already stored)" c-twice.xml \
	"c-twice.xml:16: $M: 'N' for 2024-09-03 AM (session 1 of the string): $why"
refused "CTF: the same words (a pupil new to the store)" c-twice.xml \
	"c-twice.xml:16: $M: 'N' for 2024-09-03 AM (session 1 of the string): $why" \
	new.db

# Before any mark: the school and the pupil of a row, worded alike.
why="school 100009 is not known; import it in a schools file first"
printf 'upn,urn,date,session,code\n%s,100009,2024-09-03,AM,/\n' "$A" >r-school.csv
refused "register: a school not in the store" r-school.csv \
	"r-school.csv:2: urn: $why"
printf 'UPN,URN,Date,AM,PM\n%s,100009,03/09/2024,/,/\n' "$A" >m-school.csv
refused "MIS: the same words (the URN column names the school)" m-school.csv \
	"m-school.csv:2: urn: $why"
# A pupil not yet on the school's roll is not refused: their marks are
# held for their record (t0490-held-marks.sh), alike for both.
B=$(upn 990200124002)	# on no roll
printf 'upn,urn,date,session,code\n%s,100001,2024-09-03,AM,/\n' "$B" >r-roll.csv
printf 'UPN,Date,AM,PM\n%s,03/09/2024,/,/\n' "$B" >m-roll.csv
for f in r-roll.csv m-roll.csv; do
	test_expect_success "$f: a pupil not on the school's roll is held" '
		cp base.db try.db &&
		"$ATTEND" --db try.db import --school 100001 $f >out 2>err &&
		test_grep -F "of 1 pupil not yet on the roll held" out
	'
done

test_done
