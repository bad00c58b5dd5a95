#!/bin/sh
# Registers not taken: a session the school's calendar opens with no mark
# for anyone is reported; holidays, INSET days and unjudged schools are not.
. "$(dirname "$0")/test-lib.sh"
# The registers are of September 2025: no register holds days to come.
ATTEND_TODAY=2025-09-30

printf 'urn,laestab,name,phase\n100001,9902001,Oak,primary\n100002,9902002,Elm,primary\n' >schools.csv
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Able,Ann,2016-01-01\nW990200125002,100002,Best,Bo,2016-02-02\n' >pupils.csv
# Oak's term: 1-12 September 2025 (10 weekdays), INSET on the 1st.
printf 'urn,from,to,kind,label\n100001,2025-09-01,2025-09-12,term,Autumn 1\n100001,2025-09-01,2025-09-01,inset,INSET\n' >calendar.csv
python3 - <<'PY'
import datetime
with open("register.csv", "w") as f:
    f.write("upn,urn,date,session,code\n")
    d = datetime.date(2025, 9, 2)
    while d <= datetime.date(2025, 9, 12):
        if d.weekday() < 5:
            for s in ("AM", "PM"):
                # Oak's register for Thursday 4th PM was not taken
                if not (d == datetime.date(2025, 9, 4) and s == "PM"):
                    f.write(f"G990200125001,100001,{d},{s},/\n")
                f.write(f"W990200125002,100002,{d},{s},/\n")
        d += datetime.timedelta(1)
PY
test_expect_success 'a calendar and registers import' '
	$ATTEND --db s.db import schools.csv pupils.csv calendar.csv register.csv >/dev/null
'
test_expect_success 'Oak: 18 open sessions (INSET excluded), 1 not taken on the 4th' '
	$ATTEND --db s.db registers --as-of 2025-09-12 --format csv >out.csv &&
	test_is "$(cat out.csv)" "urn,name,open_sessions,not_taken,first,last
100001,Oak,18,1,2025-09-04,2025-09-04"
'
test_expect_success 'up to the 3rd nothing was missing yet' '
	$ATTEND --db s.db registers --as-of 2025-09-03 --format csv >out.csv &&
	test_is "$(wc -l <out.csv)" 1
'
test_expect_success 'a school without a calendar is not judged' '
	test_exit_is 1 grep -q 100002 out.csv
'
test_done
