#!/bin/sh
# Bad input to `attend import`: each kind of bad row stops the import with
# exit 1 and "FILE:LINE: FIELD: reason" on stderr, naming the right line
# (physical lines, counting the header as 1) and the right field, and the
# store is exactly as it was (sqlite3 .dump before and after).
. "$(dirname "$0")/test-lib.sh"

A=$(upn 990200124001)	# at Oak (100001)
B=$(upn 990200124002)	# at Elm (100002)
C=$(upn 990200124003)	# in no file yet
# A with its check letter moved one letter on: a wrong check letter
A_BAD=$(echo "$A" | python3 -c '
import sys
L = "ABCDEFGHJKLMNPQRTUVWXYZ"
u = sys.stdin.read().strip()
print(L[(L.index(u[0]) + 1) % 23] + u[1:])')

cat >schools.csv <<EOF
urn,laestab,name,phase
100001,9902001,Oak Primary,primary
100002,9902002,Elm Primary,primary
EOF
cat >pupils.csv <<EOF
upn,urn,surname,forename,dob
$A,100001,Able,Ann,2016-01-01
$B,100002,Baker,Bo,2015-05-05
EOF
cat >register.csv <<EOF
upn,urn,date,session,code
$A,100001,2024-09-02,AM,/
$A,100001,2024-09-02,PM,N
$B,100002,2024-09-02,AM,I
EOF
D=$(upn 990200124004)	# at Oak from 2 September to 20 December 2024
cat >pupils-dated.csv <<EOF
upn,urn,surname,forename,dob,start_date,end_date
$D,100001,Dale,Di,2016-04-04,2024-09-02,2024-12-20
EOF
test_expect_success 'the base store imports' '
	"$ATTEND" --db base.db import --quiet schools.csv pupils.csv pupils-dated.csv register.csv
'
store_dump base.db >base.dump

# rejected NAME FILE LINE FIELD REASON-ERE: imports FILE into a copy of the
# base store; two checks: the message and exit status, and the store.
rejected() {
	cp base.db try.db
	"$ATTEND" --db try.db import "$2" >out 2>err
	status=$?
	want="^attend: $(echo "$2" | sed 's/[.]/[.]/g'):$3: $4: "
	test_expect_success "$1: exit 1 and '$2:$3: $4: ...'" '
		test $status = 1 || { echo "exit status $status"; cat err; false; }
	'
	test_expect_success "$1: the message names file, line $3, field $4 and why" "
		test_grep '$want' err &&
		{ grep -E '$want' err | grep -E -i -q -e '$5' ||
		  { echo 'reason does not match /$5/i'; cat err; false; }; }
	"
	test_expect_success "$1: the store is exactly as before" '
		sanitizer_clean err &&
		store_dump try.db >try.dump &&
		test_cmp base.dump try.dump
	'
}

# ---- register files -----------------------------------------------------------
reg() {	# NAME ROW...: a register file, header then the rows
	f=$1
	shift
	{ echo "upn,urn,date,session,code"; printf '%s\n' "$@"; } >"$f"
}
reg unknown-code.csv "$A,100001,2024-09-03,AM,/" "$A,100001,2024-09-03,PM,A"
rejected "an unknown register code" unknown-code.csv 3 code "unknown"

reg two-letter-code.csv "$A,100001,2024-09-03,AM,Y9"
rejected "a code Y9 (only Y1-Y7 exist)" two-letter-code.csv 2 code "unknown"

reg withdrawn-code.csv "$A,100001,2024-09-03,AM,/" "$A,100001,2024-09-03,PM,/" \
	"$A,100001,2024-09-04,AM,H"
rejected "H (withdrawn in 2024) on a date after 19 August 2024" withdrawn-code.csv 4 code "2024|withdrawn"

reg bad-check.csv "$A,100001,2024-09-03,AM,/" "$A_BAD,100001,2024-09-03,PM,/"
rejected "a UPN with the wrong check letter (register)" bad-check.csv 3 upn "check"

reg short-upn.csv "A99020012400,100001,2024-09-03,AM,/"
rejected "a UPN of 12 characters" short-upn.csv 2 upn "13"

reg unknown-urn.csv "$A,100001,2024-09-03,AM,/" "$A,100009,2024-09-03,PM,/"
rejected "a URN of no school in the store (register)" unknown-urn.csv 3 urn "100009|not known|unknown"

reg five-digit-urn.csv "$A,10001,2024-09-03,AM,/"
rejected "a URN of 5 digits" five-digit-urn.csv 2 urn "URN|6"

reg old-date.csv "$A,100001,2024-09-03,AM,/" "$A,100001,1999-09-01,AM,/"
rejected "a date outside any academic year attend holds (1999-09-01)" old-date.csv 3 date "outside|academic"

reg feb-30.csv "$A,100001,2025-02-30,AM,/"
rejected "an impossible date (2025-02-30)" feb-30.csv 2 date "date"

reg us-date.csv "$A,100001,09/03/2024,AM,/"
rejected "a date not written YYYY-MM-DD" us-date.csv 2 date "date"

reg evening.csv "$A,100001,2024-09-03,AM,/" "$A,100001,2024-09-03,EV,/"
rejected "a session that is neither AM nor PM" evening.csv 3 session "AM|PM"

reg empty-session.csv "$A,100001,2024-09-03,,/"
rejected "an empty session" empty-session.csv 2 session "AM|PM"

# A pupil not (yet) on a school's roll is not bad input: their marks are
# held for their record (t0490-held-marks.sh).
reg not-on-roll.csv "$A,100001,2024-09-03,AM,/" "$A,100002,2024-09-03,AM,/"
test_expect_success "a register row for a pupil not on that school's roll is held, not refused" '
	cp base.db try.db &&
	"$ATTEND" --db try.db import not-on-roll.csv >out 2>err &&
	test_grep -F "1 mark of 1 pupil not yet on the roll held" out
'

reg left.csv "$D,100001,2024-12-20,PM,/" "$D,100001,2025-01-06,AM,/"
rejected "a register row dated after the pupil left the school" left.csv 3 date "enrol|roll|left"

reg unknown-pupil.csv "$C,100001,2024-09-03,AM,/"
test_expect_success "a register row for a pupil in no pupils file is held, not refused" '
	cp base.db try.db &&
	"$ATTEND" --db try.db import unknown-pupil.csv >out 2>err &&
	test_grep -F "1 mark of 1 pupil not yet on the roll held" out
'

reg duplicate.csv "$A,100001,2024-09-03,AM,/" "$A,100001,2024-09-03,PM,\\" \
	"$B,100002,2024-09-03,AM,/" "$A,100001,2024-09-03,AM,N"
rejected "the same session twice in one file with different codes" duplicate.csv 5 code "earlier|twice|same"

# a bad row after thousands of good ones: none of them is kept
python3 - <<PY
import datetime
with open("late-error.csv", "w") as f:
    f.write("upn,urn,date,session,code\n")
    d = datetime.date(2024, 9, 3)
    n = 0
    while n < 3000:
        if d.weekday() < 5:
            for s in ("AM", "PM"):
                f.write(f"$A,100001,{d},{s},{'/' if s == 'AM' else chr(92)}\n")
                n += 1
        d += datetime.timedelta(1)
    f.write("$A,100001,2024-09-03,AM,?\n")
PY
# Its 3000 sessions run to June 2030: no register holds days to come,
# so today is later for this one.
ATTEND_TODAY=2030-07-31
rejected "a bad row after 3000 good ones (none of them stored)" late-error.csv 3002 code "unknown"
ATTEND_TODAY=2025-03-01

# ---- malformed CSV ----------------------------------------------------------------
printf 'upn,urn,date,session,code\n%s,100001,2024-09-03,AM,/\n%s,100001,"2024-09-03,AM,/\n%s,100001,2024-09-04,AM,/\n' \
	"$A" "$A" "$A" >unterminated.csv
rejected "an unterminated quoted field" unterminated.csv 3 date "unterminated|quote"

printf 'upn,urn,date,session,code\n%s,100001,2024-09-03,AM,/\n%s,100001,2024-09-03,P"M,/\n' \
	"$A" "$A" >stray-quote.csv
rejected "a stray quote inside an unquoted field" stray-quote.csv 3 session "quote"

printf 'upn,urn,date,session,code\n%s,100001,2024-09-03,AM,"/"x\n' "$A" >after-quote.csv
rejected "text after the closing quote of a field" after-quote.csv 2 code "quote|unexpected"

reg too-few.csv "$A,100001,2024-09-03,AM,/" "$A,100001,2024-09-03,PM"
rejected "a row with too few fields" too-few.csv 3 "(code|field 5)" "field"

reg too-many.csv "$A,100001,2024-09-03,AM,/" "$A,100001,2024-09-03,PM,/,extra"
rejected "a row with too many fields" too-many.csv 3 "field 6" "field"

# Line numbers are physical lines: a quoted field spanning two lines and a
# blank line come before the bad row, which is on line 5.  (A name may not
# hold a line break, so the field spanning lines is an MIS export's
# comment, a column the importer does not read.)
printf 'UPN,URN,Comment,Date,AM,PM\r\n%s,100001,"Late\r\nbus",2024-09-03,/,\\\r\n\r\n%s,100001,,2016-13-01,/,/\r\n' \
	"$A" "$A" >multiline.csv
rejected "a bad row after a field spanning two lines and a blank line (CRLF)" multiline.csv 5 Date "date"

printf 'upn,urn,date\n%s,100001,2024-09-03\n' "$A" >unknown-header.csv
rejected "a header row of no known kind" unknown-header.csv 1 header "header|kind|recogn"

printf '' >empty.csv
cp base.db try.db
"$ATTEND" --db try.db import empty.csv >out 2>err
status=$?
test_expect_success "an empty file: exit 1 naming it, store as before" '
	test $status = 1 && test_grep "empty.csv" err &&
	store_dump try.db >try.dump && test_cmp base.dump try.dump
'

# ---- pupils files ---------------------------------------------------------------
pup() {	# NAME HEADER ROW...
	f=$1
	shift
	printf '%s\n' "$@" >"$f"
}
H=upn,urn,surname,forename,dob
pup pupil-bad-check.csv $H "$C,100001,Cole,Cy,2016-02-02" "$A_BAD,100001,Able,Ann,2016-01-01"
rejected "a UPN with the wrong check letter (pupils)" pupil-bad-check.csv 3 upn "check"

pup pupil-unknown-urn.csv $H "$C,100001,Cole,Cy,2016-02-02" "$C,100003,Cole,Cy,2016-02-02"
rejected "a URN of no school in the store (pupils)" pupil-unknown-urn.csv 3 urn "100003|not known|unknown"

pup contradicts.csv $H "$C,100001,Cole,Cy,2016-02-02" "$B,100002,Baker,Bo,2015-05-05" \
	"$C,100002,Cole,Cy,2016-02-03"
rejected "a pupils row contradicting an earlier one (same UPN, other dob)" contradicts.csv 4 dob "contradict|differ"

pup contradicts-name.csv $H "$C,100001,Cole,Cy,2016-02-02" "$C,100002,Coles,Cy,2016-02-02"
rejected "a pupils row contradicting an earlier one (same UPN, other surname)" contradicts-name.csv 3 surname "contradict|differ"

pup contradicts-store.csv $H "$C,100001,Cole,Cy,2016-02-02" "$A,100001,Able,Ann,2016-01-02"
rejected "a pupils row whose dob differs from the one in the store" contradicts-store.csv 3 dob "differ|contradict"

pup feb-29.csv $H "$C,100001,Cole,Cy,2015-02-29"
rejected "an impossible date of birth (2015-02-29)" feb-29.csv 2 dob "date"

pup future-dob.csv $H "$C,100001,Cole,Cy,2025-03-02"
rejected "a date of birth after today" future-dob.csv 2 dob "future"

pup empty-surname.csv $H "$C,100001,,Cy,2016-02-02"
rejected "an empty surname" empty-surname.csv 2 surname "empty"

H2=upn,urn,surname,forename,dob,sex,year_group,fsm,sen,social_care
pup bad-sex.csv $H2 "$C,100001,Cole,Cy,2016-02-02,X,3,N,N,"
rejected "sex other than M or F" bad-sex.csv 2 sex "X"
pup bad-sen.csv $H2 "$C,100001,Cole,Cy,2016-02-02,M,3,N,Q,"
rejected "sen other than N, K or E" bad-sen.csv 2 sen "Q"
pup bad-fsm.csv $H2 "$C,100001,Cole,Cy,2016-02-02,M,3,maybe,N,"
rejected "fsm that is not yes or no" bad-fsm.csv 2 fsm "maybe"
pup bad-care.csv $H2 "$C,100001,Cole,Cy,2016-02-02,M,3,N,N,CINX"
rejected "social_care other than CIN, CP or CLA" bad-care.csv 2 social_care "CINX"
pup bad-year.csv $H2 "$C,100001,Cole,Cy,2016-02-02,M,15,N,N,"
rejected "year_group 15" bad-year.csv 2 year_group "15"

# ---- schools files ---------------------------------------------------------------
printf 'urn,laestab,name,phase\n100003,9902003,Fir Nursery,nursery\n' >bad-phase.csv
rejected "a phase not primary, secondary, special or ap" bad-phase.csv 2 phase "nursery"
printf 'urn,laestab,name,phase\n100003,990200,Fir Primary,primary\n' >bad-laestab.csv
rejected "a LAESTAB of 6 digits" bad-laestab.csv 2 laestab "990200|7"

# ---- a good file before a bad one ----------------------------------------------
reg good.csv "$A,100001,2024-09-03,AM,/"
cp base.db try.db
"$ATTEND" --db try.db import good.csv unknown-code.csv >out 2>err
status=$?
test_expect_success 'a bad file after a good one: exit 1, the bad file named' '
	test $status = 1 && test_grep "^attend: unknown-code.csv:3: code: " err
'
test_expect_success 'a bad file after a good one: nothing of the bad file is stored' '
	sqlite3 try.db "SELECT count(*) FROM mark_history" >n && test "$(cat n)" = 0 &&
	"$ATTEND" --db try.db pupils --school 100001 --format csv >got &&
	grep -q "^$A,100001,3,2,0,1," got
'

test_done
