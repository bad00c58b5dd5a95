#!/bin/bash
# "My week" (/week): safeguarding first, pupils newly severely absent,
# the penalty threshold met this week, what is due; an officer's named
# schools by default with a switch to the whole authority; only the
# pupils the viewer may see, and the view logged.
. "$(dirname "$0")/test-lib.sh"
export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture

# The fixture's registers run on the 44 weekdays from Monday 1 September
# to Thursday 30 October 2025 (88 sessions).  The figures' "a week
# before" is up to 23 October: 39 days, 78 sessions; the last 5 days
# (24, 27, 28, 29, 30 October) are 10 sessions.  Here, at Elm (100002):
#   E present for 39 days, then N for the last 5: 10 unauthorised
#     sessions, the threshold first met on 30 October (in the week of
#     29 October - 4 November); 10 of 88 absent, PA, not SA.
#   F I for days 1-17 (34 sessions), present days 18-39, I for the
#     last 5 (10): now 44 of 88, SA (2 * 44 >= 88); a week before 34 of
#     78 (68 < 78, 43.59%), not SA: newly severely absent.
# A (Oak) is N every session and now a child in need: unexplained
# absence on 30 October, the school's latest register day.  B and C
# were SA a week before already, and met the threshold in September.
python3 - <<'PY'
import datetime
L = "ABCDEFGHJKLMNPQRTUVWXYZ"
def upn(t):
    s = sum((int(c) if c.isdigit() else L.index(c)) * (i + 2) for i, c in enumerate(t))
    return L[s % 23] + t
E, F = upn("990200225005"), upn("990200225006")
open("upns2", "w").write(f"E={E}\nF={F}\n")
open("more.csv", "w").write("upn,urn,surname,forename,dob\n"
    f"{E},100002,Eve,Ed,2016-01-01\n{F},100002,Fox,Flo,2016-01-01\n")
with open("more-register.csv", "w") as f:
    f.write("upn,urn,date,session,code\n")
    d, n = datetime.date(2025, 9, 1), 0
    while d <= datetime.date(2025, 10, 30):
        if d.weekday() < 5:
            n += 1
            for s in ("AM", "PM"):
                here = "/" if s == "AM" else "\\"
                f.write(f"{E},100002,{d},{s},{'N' if n >= 40 else here}\n")
                f.write(f"{F},100002,{d},{s},{'I' if n <= 17 or n >= 40 else here}\n")
        d += datetime.timedelta(1)
    assert n == 44
PY
. ./upns2
test_expect_success 'E and F join Elm; A is a child in need' '
	$ATTEND --db $db import more.csv more-register.csv >/dev/null &&
	sed "s/^\($A,.*\),\$/\1,CIN/" pupils.csv >pupils2.csv &&
	grep -q "^$A,.*,CIN\$" pupils2.csv &&
	$ATTEND --db $db import pupils2.csv >/dev/null &&
	web_start_server &&
	login lead && login officer && login oak && login sw && login gov
'
# count ID: the count in the heading of section ID
count() { sed -n "s/.*<h2 id=\"$1\">[^<]*<span class=\"count\">\([0-9]*\)<.*/\1/p" body; }
test_expect_success 'signing in lands on My week' '
	rm -f jar.x &&
	status -c jar.x -b jar.x -d "login_token=$(login_token jar.x)" \
		-d "username=officer&password=correct+horse+battery" -D hdr \
		"$base/login" >/dev/null &&
	grep -qi "^Location: /week" hdr
'
test_expect_success 'the officer'"'"'s week, their named school (Oak) only: A first' '
	test_is "$(as officer "$base/week")" 200 &&
	test_is "$(count safeguarding)" 1 &&
	test_grep "Ann Able" body &&
	test_grep "child in need</td><td>30 October 2025: morning N, afternoon N" body &&
	test_is "$(count newly-sa)" 0 &&
	test_is "$(count penalty)" 0 &&
	test_is "$(count due)" 0 &&
	! grep -q "Flo Fox\|Ed Eve" body &&
	test_grep "Showing <strong>your named schools</strong>" body &&
	test_grep "safeguarding.*newly-sa.*penalty.*due.*registers" body
'
test_expect_success 'the view is logged, naming the one pupil shown' '
	test_is "$(sqlite3 $db.audit "SELECT detail FROM audit WHERE object = '"'"'week'"'"' ORDER BY id DESC LIMIT 1")" \
		"my week: 1 pupils: $A"
'
test_expect_success 'the whole authority: F newly SA, E met the threshold on 30 October' '
	test_is "$(as officer "$base/week?all=1")" 200 &&
	test_is "$(count safeguarding)" 1 &&
	test_is "$(count newly-sa)" 1 &&
	test_grep "Flo Fox.*50.00%</td><td class=\"n\">44 of 88</td><td>43.59% absent" body &&
	test_is "$(count penalty)" 1 &&
	test_grep "Ed Eve.*11.36%</td><td class=\"n\">10 of 88</td><td>30 October 2025" body &&
	test_grep "Show your named schools only" body
'
test_expect_success 'the lead has no named schools: the whole authority' '
	test_is "$(as lead "$base/week")" 200 &&
	test_is "$(count newly-sa)" 1 && test_is "$(count penalty)" 1 &&
	! grep -q "Show the whole authority" body
'
test_expect_success 'a school lead sees its own pupils, and cannot widen it' '
	test_is "$(as oak "$base/week?all=1")" 200 &&
	test_is "$(count safeguarding)" 1 && test_is "$(count newly-sa)" 0 &&
	! grep -q "Flo Fox" body
'
test_expect_success 'a social worker sees the child on their caseload' '
	test_is "$(as sw "$base/week")" 200 &&
	test_is "$(count safeguarding)" 1 && test_grep "Ann Able" body
'
test_expect_success 'a governor names no pupils: sent to the school summaries' '
	test_is "$(as gov "$base/week")" 303
'
test_expect_success 'a switch value not understood is a 400' '
	test_is "$(as officer "$base/week?all=yes")" 400
'
test_done
