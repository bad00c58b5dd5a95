#!/bin/sh
# Subject access (docs/privacy.md): attend sar UPN exports everything held
# about a child, and attend sar --parent ID about a parent, as JSON, HTML
# and PDF, in files only their user may read, and logs the export; what
# is held about another child is not in it.
#
# Today is 1 March 2025 (test-lib.sh).  Ann Able (A) was at Oak until
# 20 December 2024 and is at Elm since 6 January 2025; Bo Baker (B), at
# Oak, is the other child whose records must stay out.  Every count
# expected below is the number of rows made here, step by step.
. "$(dirname "$0")/test-lib.sh"

A=$(upn 990200175001)
B=$(upn 990200175002)
cat >schools.csv <<EOT
urn,laestab,name,phase
100001,9902001,Oak Primary,primary
100002,9902002,Elm Primary,primary
EOT
cat >pupils.csv <<EOT
upn,urn,surname,forename,dob,social_care,start_date,end_date
$A,100001,Able,Ann,2015-01-01,CIN,2023-09-06,2024-12-20
$A,100002,Able,Ann,2015-01-01,CIN,2025-01-06,
$B,100001,Baker,Bo,2015-05-05,,2023-09-06,
EOT
# A: 2 marks at Oak (16 December), 10 N at Elm (6-10 January: the
# penalty threshold, met on 10 January); B: 10 N at Oak.
{
	echo "upn,urn,date,session,code"
	echo "$A,100001,2024-12-16,AM,N"
	echo "$A,100001,2024-12-16,PM,/"
	for d in 06 07 08 09 10; do
		for s in AM PM; do
			echo "$A,100002,2025-01-$d,$s,N"
			echo "$B,100001,2025-01-$d,$s,N"
		done
	done
} >register.csv
# one correction: A's N of 16 December AM becomes I (a mark_history row)
printf "upn,urn,date,session,code\n%s,100001,2024-12-16,AM,I\n" "$A" >fix.csv

at() {	# USER COMMAND...
	u=$1 c1=$2 c2=$3
	shift 3
	"$ATTEND" --db s.db "$c1" "$c2" --user "$u" "$@" >/dev/null
}
test_expect_success 'a store with both children and their casework' '
	"$ATTEND" --db s.db import --quiet schools.csv pupils.csv register.csv &&
	"$ATTEND" --db s.db import --quiet fix.csv &&
	for u in "lead la_lead" "officer la_officer --schools 100001,100002" \
		 "sw social_worker --pupils $A"; do
		set -- $u
		n=$1; shift
		echo "correct horse battery" |
			"$ATTEND" --db s.db user add "$n" --name "$n" --role "$@" >/dev/null ||
			return 1
	done &&
	at officer case open "$A" --reason "ten N" &&
	at officer case move "$A" --to listen --reason "home visit" &&
	at officer case barrier "$A" --barrier family --detail "young carer" &&
	at officer case agency "$A" --agency early_help_taf &&
	at officer case action "$A" --what "call mum" --owner office --due 2025-03-10 &&
	at officer case done 1 --outcome "mum called" &&
	at officer case open "$B" --reason "ten N too" &&
	at officer parent add "$A" --name "Pat Able" --relationship mother &&
	at officer parent add "$B" --name "Bea Baker" &&
	at officer notice issue "$A" --parent 1 --kind nti --issued 2025-01-13 &&
	at officer timetable add "$A" --school 100002 --start 2025-03-03 \
		--end 2025-04-04 --review 2025-03-21 --hours 12.5 \
		--reason "phased return" --parent-agreed &&
	at officer cme refer --pupil "$A" --school 100002 --source referral \
		--on 2025-02-01 &&
	at officer cme refer --name "Ann Able" --dob 2015-01-01 --source \
		no_school_place --on 2025-02-02 &&
	at officer cme refer --name "Ann Able" --dob 2016-06-06 --source \
		no_school_place --on 2025-02-03 &&
	at lead alerts --refresh &&
	at lead tsm officer 100002 officer &&
	at officer tsm schedule 100002 --date 2025-03-10 &&
	at officer tsm respond 1 --accept &&
	ATTEND_TODAY=2025-03-12 "$ATTEND" --db s.db tsm hold 1 --user officer \
		--held --on 2025-03-10 --notes "discussed $A" >/dev/null &&
	ATTEND_TODAY=2025-03-12 "$ATTEND" --db s.db tsm action 1 --user officer \
		--pupil "$A" --what "home visit" --owner EWO --due 2025-03-20 >/dev/null &&
	at lead case show "$A" && at lead case show "$B"
'

test_expect_success 'attend sar writes the JSON and HTML of a child' '
	"$ATTEND" --db s.db sar "$A" --out exp --no-pdf >stdout &&
	test_grep -F "subject access for pupil $A (Ann Able)" stdout &&
	test -s "exp/sar-$A.json" && test -s "exp/sar-$A.html"
'
# The rows, counted from the steps above.
test_expect_success 'the JSON holds every record of the child, and only theirs' - <<\EOT
A=$A B=$B python3 - "exp/sar-$A.json" <<'PY'
import json, os, sys
A, B = os.environ["A"], os.environ["B"]
j = json.load(open(sys.argv[1]))
def n(k): return len(j[k])
assert j["subject_access"]["subject"] == A and j["subject_access"]["name"] == "Ann Able", j["subject_access"]
assert j["pupil"][0]["upn"] == A and j["pupil"][0]["social_care"] == "CIN"
assert [e["urn"] for e in j["enrolments"]] == [100001, 100002], j["enrolments"]
assert j["enrolments"][0]["end_date"] == "2024-12-20"
assert n("marks") == 12, n("marks")                       # 2 at Oak, 10 at Elm
first = j["marks"][0]
assert (first["urn"], first["date"], first["session"], first["code"]) == (100001, "2024-12-16", "AM", "I"), first
h = j["mark_history"]
assert len(h) == 1 and (h[0]["old_code"], h[0]["new_code"]) == ("N", "I"), h
assert [p["name"] for p in j["parents"]] == ["Pat Able"], j["parents"]
assert n("cases") == 1 and n("case_events") == 2          # opened, moved
assert [e["to_stage"] for e in j["case_events"]] == ["monitor", "listen"]
assert j["case_barriers"][0]["detail"] == "young carer"
assert j["case_agencies"][0]["agency"] == "early_help_taf"
acts = [(a["what"], a["outcome"]) for a in j["case_actions"]]
assert acts == [("call mum", "mum called"), ("home visit", "")], acts   # the TSM's too
assert [(x["kind"], x["parent"]) for x in j["notices"]] == [("nti", "Pat Able")]
assert [(t["urn"], t["hours_tenths"]) for t in j["part_time_timetables"]] == [(100002, 125)]
assert sorted(c["dob"] or "" for c in j["cme"]) == ["", "2015-01-01"], j["cme"]   # linked; same name and birth date
assert n("alerts") >= 1 and all(A in a["message"] for a in j["alerts"]), j["alerts"]
t = j["tsm_mentions"]
assert [x["what"] for x in t] == ["home visit"] and t[0]["notes"] == "discussed " + A, t
assert [c["username"] for c in j["caseload"]] == ["sw"]
objs = [a["object"] for a in j["audit"]]
assert "pupil " + A in objs and "case 1" in objs and "notice 1" in objs, objs
assert "case 2" not in objs, objs                           # B's case
text = json.dumps(j)
assert B not in text and "Baker" not in text and "Bea" not in text, "B leaked"
print("ok")
PY
EOT
test_expect_success 'the HTML reads as a document: title, every section, escaped' '
	test_grep -F "<h1>Subject access: Ann Able (UPN $A)</h1>" "exp/sar-$A.html" &&
	test_grep "<h2>Register marks</h2>" "exp/sar-$A.html" &&
	test_grep "<h2>Audit log entries</h2>" "exp/sar-$A.html" &&
	! grep -q Baker "exp/sar-$A.html"
'
test_expect_success 'the export is for its user alone: directory 0700, files 0600' '
	test_is "$(stat -c %a exp)" 700 &&
	test_is "$(stat -c %a "exp/sar-$A.json")" 600 &&
	test_is "$(stat -c %a "exp/sar-$A.html")" 600
'
test_expect_success 'the export is logged: who, about whom, where' - <<\EOT
sqlite3 s.db.audit "SELECT username, object, detail FROM audit WHERE action = 'subject access'" >got &&
test_grep "^os:$(id -un)|pupil $A|exported to exp: " got &&
test_is "$(sqlite3 s.db.audit "SELECT count(*) FROM audit WHERE action = 'run' AND object = 'command sar'")" 1
EOT

if command -v chromium >/dev/null 2>&1; then
	test_expect_success 'with chromium, the PDF is printed too' '
		"$ATTEND" --db s.db sar "$A" --out pdf >/dev/null &&
		test "$(head -c 4 "pdf/sar-$A.pdf")" = "%PDF" &&
		test_is "$(stat -c %a "pdf/sar-$A.pdf")" 600
	'
else
	test_skip 'with chromium, the PDF is printed too' 'chromium is not installed'
fi

test_expect_success 'a parent'\''s export: their record, their child, their notice' - <<\EOT
"$ATTEND" --db s.db sar --parent 1 --out par --no-pdf >/dev/null &&
A=$A B=$B python3 - par/sar-parent-1.json <<'PY'
import json, os, sys
A, B = os.environ["A"], os.environ["B"]
j = json.load(open(sys.argv[1]))
assert j["subject_access"]["kind"] == "parent" and j["parent"][0]["name"] == "Pat Able"
assert [(c["upn"], c["relationship"]) for c in j["children"]] == [(A, "mother")]
assert [(x["child"], x["kind"]) for x in j["notices"]] == [(A, "nti")]
objs = [a["object"] for a in j["audit"]]
assert "parent 1" in objs and "notice 1" in objs and "parent 2" not in objs, objs
assert "Bea" not in json.dumps(j) and B not in json.dumps(j)
print("ok")
PY
EOT
test_expect_success 'an unknown child, or a child and a parent at once, is refused' '
	test_exit_is 1 "$ATTEND" --db s.db sar "$(upn 990200175009)" --no-pdf &&
	test_grep "is not in the store" err &&
	test_exit_is 2 "$ATTEND" --db s.db sar "$A" --parent 1 &&
	test_exit_is 1 "$ATTEND" --db s.db sar --parent 9 --no-pdf &&
	test_grep "no parent 9" err
'

test_done
