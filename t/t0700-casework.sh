#!/bin/sh
# Casework end to end: a case from Monitor to Enforce (refused without
# support, then allowed), the joint legal decision (refused without the
# social worker's agreement for a CIN child), a Notice to Improve then two
# penalty notices and the third refused, a Targeting Support Meeting
# through its states, a CME referral, alerts, role scoping, and bad input
# refused with nothing saved (the whole store dumped before and after).
#
# Today is 2025-03-01 (test-lib.sh).  Every date and amount expected below
# is worked out by hand in the comment beside it.
. "$(dirname "$0")/test-lib.sh"

A=$(upn 990200170001)	# Oak, child in need, absent all week
B=$(upn 990200170002)	# Oak, absent all week
C=$(upn 990200170003)	# Elm, 1 absence in 10 sessions
D=$(upn 990200170004)	# Oak, present every session

cat >schools.csv <<EOF
urn,laestab,name,phase
100001,9902001,Oak Primary,primary
100002,9902002,Elm Primary,primary
EOF
cat >pupils.csv <<EOF
upn,urn,surname,forename,dob,social_care
$A,100001,Able,Ann,2015-01-01,CIN
$B,100001,Baker,Bo,2015-05-05,
$C,100002,Cole,Cy,2015-02-02,
$D,100001,Dale,Di,2015-03-03,
EOF
# The week of Monday 6 January 2025, AM and PM: A and B have ten N (ten
# unauthorised sessions in one school week: the penalty threshold, first
# met on Friday 10 January), C one N, D none.
{
	echo "upn,urn,date,session,code"
	for d in 06 07 08 09 10; do
		for s in AM PM; do
			echo "$A,100001,2025-01-$d,$s,N"
			echo "$B,100001,2025-01-$d,$s,N"
			echo "$D,100001,2025-01-$d,$s,/"
			if [ "$d$s" = 06AM ]; then c=N; else c=/; fi
			echo "$C,100002,2025-01-$d,$s,$c"
		done
	done
} >register.csv

at() {	# USER COMMAND...: run attend as USER (--user goes after the subcommand)
	u=$1 c1=$2 c2=$3
	shift 3
	"$ATTEND" --db c.db "$c1" "$c2" --user "$u" "$@"
}
# refused_unchanged COMMAND...: exits 1, prints a reason, changes nothing
refused_unchanged() {
	store_dump c.db >before.sql &&
	test_exit_is 1 "$@" &&
	test -s err && sanitizer_clean err &&
	store_dump c.db >after.sql &&
	test_cmp before.sql after.sql
}
q() {
	sqlite3 c.db "$1"
}
qa() {
	sqlite3 c.db.audit "$1"
}

test_expect_success 'a store with schools, pupils and a week of registers' '
	"$ATTEND" --db c.db import --quiet schools.csv pupils.csv register.csv &&
	for u in "lead la_lead" "officer la_officer --schools 100001,100002" \
		 "oaklead school --schools 100001" "elmlead school --schools 100002" \
		 "sw social_worker --pupils $A"; do
		set -- $u
		n=$1 r=$2
		shift 2
		echo "a-long-password" | "$ATTEND" --db c.db user add "$n" \
			--name "$n" --role "$r" "$@" >/dev/null || return 1
	done &&
	test "$(q "SELECT count(*) FROM user")" = 5
'
test_expect_success 'the schema is at migration 6 or later, with the casework tables' '
	test "$(q "PRAGMA user_version")" -ge 6 &&
	test "$(q "SELECT count(*) FROM sqlite_master WHERE name IN (
		'\''pupil_case'\'', '\''case_event'\'', '\''legal_decision'\'',
		'\''penalty_notice'\'', '\''tsm'\'', '\''cme'\'', '\''alert'\'')")" = 7
'

# ---- help and usage --------------------------------------------------------
test_expect_success 'every casework command has --help (exit 0)' '
	for c in case legal parent notice timetable tsm cme alerts; do
		"$ATTEND" $c --help >out || return 1
		grep -q "usage: attend" out || return 1
	done &&
	"$ATTEND" case move --help >out && grep -q -- "--support-offered" out &&
	"$ATTEND" notice issue --help >out && grep -q -- "--no-nti-reason" out
'
test_expect_success 'an unknown subcommand, a missing --user, a bad date: exit 2' '
	test_exit_is 2 "$ATTEND" --db c.db case frobnicate &&
	test_exit_is 2 "$ATTEND" --db c.db case list &&
	test_grep "user NAME" err &&
	test_exit_is 2 "$ATTEND" --db c.db case action "$A" --user officer \
		--what x --owner y --due 2025-13-01 &&
	test_exit_is 1 "$ATTEND" --db c.db case list --user nobody &&
	test_grep "no active user" err
'

# ---- proposed cases ----------------------------------------------------------
# A and B: 10/10 absent, severe absence; C: 1/10 = 10%, PA (10 * 1 >= 10);
# D: 0%, expected.  The default rule proposes PA or worse: A, B and C,
# SA first (A and B, by UPN), then C.  Nobody has a week before (the
# year's marks are one week), so nobody is proposed on a rise.
test_expect_success 'pupils at PA or worse are proposed, SA first, no case opened' '
	at officer case propose >out &&
	test "$(cat out)" = "3 case(s) proposed (attend case proposals lists them)" &&
	test "$(q "SELECT count(*) FROM pupil_case")" = 0 &&
	at officer case proposals --format csv >list &&
	cut -d, -f2,4,7,8,10 list | sed 1d >got &&
	printf "%s\n" "$A,100001,band,sa,open" "$B,100001,band,sa,open" \
		"$C,100002,band,pa,open" >want &&
	test_cmp want got &&
	grep "$C" list | grep -q "Absent 10.00% of sessions this year (Persistent absence (80-90%))"
'
test_expect_success 'proposing again proposes nothing more (idempotent)' '
	at officer case propose >out &&
	test "$(cat out)" = "0 case(s) proposed (attend case proposals lists them)" &&
	test "$(q "SELECT count(*) FROM case_proposal")" = 3
'
test_expect_success 'a school lead may not run the proposal rule' '
	refused_unchanged at oaklead case propose
'
pid() {	# UPN: the id of the pupil's proposal
	q "SELECT c.id FROM case_proposal c JOIN pupil p ON p.id = c.pupil_id WHERE p.upn = '$1'"
}
test_expect_success 'an officer accepts a proposal: a case opens at Monitor' '
	at officer case accept "$(pid "$A")" --reason "agreed with Oak" >out &&
	grep -q "case [0-9]* opened at monitor" out &&
	test "$(q "SELECT status FROM case_proposal WHERE id = $(pid "$A")")" = accepted &&
	test "$(q "SELECT reason FROM case_event ORDER BY id LIMIT 1")" = \
		"Proposed: Absent 100.00% of sessions this year (Severe absence (50% or less)). Accepted: agreed with Oak"
'
test_expect_success 'a proposal is decided once' '
	refused_unchanged at officer case accept "$(pid "$A")" &&
	test_grep "accepted already" err
'
test_expect_success 'another school may not decide the proposal of an Oak pupil' '
	refused_unchanged at elmlead case accept "$(pid "$B")"
'
test_expect_success 'the pupil'"'"'s school accepts a proposal' '
	at oaklead case accept "$(pid "$B")" >/dev/null &&
	test "$(q "SELECT count(*) FROM pupil_case WHERE closed = '\'''\''")" = 2
'
test_expect_success 'a dismissal needs a reason' '
	refused_unchanged at elmlead case dismiss "$(pid "$C")" &&
	test_grep "needs a reason" err
'
test_expect_success 'a dismissed proposal is not made again at the same band' '
	at elmlead case dismiss "$(pid "$C")" --reason "bereavement, known to school" >/dev/null &&
	at officer case propose >out &&
	test "$(cat out)" = "0 case(s) proposed (attend case proposals lists them)" &&
	at officer case proposals --format csv >list &&
	test "$(wc -l <list)" = 1 &&
	at officer case proposals --all --format csv >list &&
	grep "$C" list | grep -q "dismissed,elmlead,\"\?bereavement, known to school"
'
test_expect_success 'a proposal may not be decided with a bad id' '
	refused_unchanged at officer case accept 99 &&
	test_grep "no proposal 99" err
'
test_expect_success 'a case is opened by hand for C after all' '
	at elmlead case open "$C" --reason "school asked for support" >/dev/null
'
test_expect_success 'the rule is the authority'"'"'s: SA only proposes nobody new' '
	"$ATTEND" --db c.db config proposal_band sa &&
	"$ATTEND" --db c.db config proposal_band >out &&
	test "$(cat out)" = sa &&
	test_exit_is 1 "$ATTEND" --db c.db config proposal_band expected &&
	test_grep "proposal_band" err &&
	test_exit_is 1 "$ATTEND" --db c.db config proposal_rising_points 2.5 &&
	"$ATTEND" --db c.db config proposal_band pa
'

# ---- role scoping ---------------------------------------------------------------
test_expect_success 'a school lead sees only their own school'"'"'s cases' '
	at oaklead case list --format csv | cut -d, -f2 | sed 1d | sort >got &&
	printf "%s\n" "$A" "$B" | sort >want && test_cmp want got &&
	at elmlead case list --format csv | cut -d, -f2 | sed 1d >got &&
	echo "$C" >want && test_cmp want got
'
test_expect_success 'a social worker sees only their caseload' '
	at sw case list --format csv | cut -d, -f2 | sed 1d >got &&
	echo "$A" >want && test_cmp want got
'
test_expect_success 'another school'"'"'s lead can neither see nor move a case' '
	test_exit_is 1 at elmlead case show "$A" &&
	test_grep "may not see" err &&
	refused_unchanged at elmlead case move "$A" --to listen --reason x
'

# ---- the graduated response ------------------------------------------------------
test_expect_success 'Monitor -> Listen -> Facilitate, each with a reason' '
	at oaklead case move "$A" --to listen --reason "home visit booked" >/dev/null &&
	at officer case move "$A" --to facilitate --reason "early help referral" >/dev/null &&
	test "$(q "SELECT stage FROM pupil_case WHERE pupil_id = (SELECT id FROM pupil WHERE upn = '\''$A'\'')")" = facilitate
'
test_expect_success 'a move without a reason, or to the same stage, is refused' '
	refused_unchanged at officer case move "$A" --to formalise &&
	test_grep "needs a reason" err &&
	refused_unchanged at officer case move "$A" --to facilitate --reason again &&
	test_grep "already" err
'
test_expect_success 'Enforce without formal support on record is refused, nothing saved' '
	refused_unchanged at officer case move "$A" --to enforce --reason "no change" &&
	test_grep "support comes before enforcement" err
'
test_expect_success 'support offered without its outcome is refused too' '
	refused_unchanged at officer case move "$A" --to enforce --reason "no change" \
		--support-offered "parenting contract" &&
	test_grep "outcome is not recorded" err
'
test_expect_success 'Formalise with a contract offered, then Enforce with its outcome' '
	at officer case move "$A" --to formalise --reason "contract meeting" \
		--support-offered "parenting contract" >/dev/null &&
	refused_unchanged at officer case move "$A" --to enforce --reason "no change" &&
	at officer case move "$A" --to enforce --reason "contract broken" \
		--support-outcome "broken after two weeks" \
		--support-offered "parenting contract" >out &&
	test_grep "moved to enforce" out
'
test_expect_success 'the case history holds every move, who made it and why' '
	at officer case show "$A" --format csv >hist 2>summary &&
	cut -d, -f2-4 hist | sed 1d >got &&
	printf "%s\n" "officer,,monitor" "oaklead,monitor,listen" \
		"officer,listen,facilitate" "officer,facilitate,formalise" \
		"officer,formalise,enforce" >want &&
	test_cmp want got &&
	test_grep "Enforce since 2025-03-01" summary
'
test_expect_success 'viewing the case is audited; the history is append-only' '
	test "$(qa "SELECT count(*) FROM audit WHERE action = '\''view'\'' AND object = '\''pupil $A'\''")" = 1 &&
	! sqlite3 c.db "DELETE FROM case_event" 2>/dev/null &&
	! sqlite3 c.db "UPDATE case_event SET reason = '\''x'\''" 2>/dev/null &&
	test "$(q "SELECT count(*) FROM case_event")" = 7
'
test_expect_success 'barriers, agencies and actions on the case' '
	at oaklead case barrier "$A" --barrier anxiety_ebsa --detail "school refusal" >/dev/null &&
	at oaklead case agency "$A" --agency camhs >/dev/null &&
	at oaklead case action "$A" --what "weekly check-in" --owner "Mrs Head" \
		--due 2025-03-14 >out &&
	test "$(cat out)" = "action 1 added to the case of $A" &&
	test_exit_is 2 at oaklead case barrier "$A" --barrier weather &&
	refused_unchanged at oaklead case action "$A" --what x --owner y --due 2025-02-01 &&
	test_grep "in the past" err &&
	at oaklead case done 1 --outcome "attended 4 of 5" >/dev/null &&
	test "$(q "SELECT done || '\'' '\'' || outcome FROM case_action")" = "2025-03-01 attended 4 of 5"
'

# ---- the joint legal decision ------------------------------------------------------
test_expect_success 'legal action for a CIN child without the social worker is refused' '
	refused_unchanged at officer legal record "$A" --outcome proceed \
		--decided 2025-02-28 --policy "letters sent" --officer "met J" \
		--support "early help declined" &&
	test_grep "step 4" err
'
test_expect_success 'agreement from someone who is not their social worker is refused' '
	refused_unchanged at officer legal record "$A" --outcome proceed \
		--decided 2025-02-28 --policy "letters sent" --officer "met J" \
		--support "early help declined" --social-worker elmlead \
		--agreed 2025-02-27 &&
	test_grep "not a social worker" err
'
test_expect_success 'the social worker agreeing after the decision: dates in the wrong order' '
	refused_unchanged at officer legal record "$A" --outcome proceed \
		--decided 2025-02-28 --policy p --officer o --support s \
		--social-worker sw --agreed 2025-03-01 &&
	test_grep "wrong order" err
'
test_expect_success 'with the social worker'"'"'s agreement the decision proceeds' '
	at officer legal record "$A" --outcome proceed --decided 2025-02-28 \
		--policy "letters sent" --officer "met J" --support "early help \
declined" --social-worker sw --agreed 2025-02-27 >out &&
	test "$(cat out)" = "legal decision 1 for $A: proceed" &&
	at officer legal list --format csv | sed 1d >got &&
	echo "1,1,$A,2025-02-28,proceed,,,1,sw" >want && test_cmp want got
'
test_expect_success 'on hold needs a review date after the decision' '
	refused_unchanged at officer legal record "$B" --outcome on_hold \
		--decided 2025-02-28 --review 2025-02-28 &&
	test_grep "step 5" err &&
	at officer legal record "$B" --outcome on_hold --decided 2025-02-28 \
		--review 2025-03-03 >/dev/null
'

# ---- parents and notices ----------------------------------------------------------------
test_expect_success 'parents are added with their households' '
	at oaklead parent add "$A" --name "Pat Able" --relationship mother >out &&
	test "$(cat out)" = "parent 1 added for $A" &&
	at oaklead parent add "$D" --name "Dee Dale" >/dev/null &&
	at oaklead parent list "$A" --format csv | sed 1d >got &&
	echo "1,1,Pat Able,,mother,$A" >want && test_cmp want got
'
test_expect_success 'a notice to a parent not linked to the child is refused' '
	refused_unchanged at officer notice issue "$A" --parent 2 --kind nti \
		--issued 2025-01-13 &&
	test_grep "not linked" err
'
test_expect_success 'a notice for a pupil without unauthorised absence is refused' '
	refused_unchanged at officer notice issue "$D" --parent 2 --kind nti \
		--issued 2025-01-13 &&
	test_grep "not met the threshold" err
'
test_expect_success 'a notice dated before the threshold was met (10 Jan) is refused' '
	refused_unchanged at officer notice issue "$A" --parent 1 --kind nti \
		--issued 2025-01-09 &&
	test_grep "not met the threshold" err
'
test_expect_success 'a penalty notice with no Notice to Improve first is refused' '
	refused_unchanged at officer notice issue "$A" --parent 1 --kind penalty \
		--issued 2025-01-20 &&
	test_grep "Notice to Improve should come first" err
'
# NTI 13 Jan.  First notice 20 Jan: £80 by 10 Feb (+21), £160 by 17 Feb (+28).
# Second 24 Feb: £160 by 24 March (+28).  Third 1 March: refused.
test_expect_success 'a Notice to Improve, then a first notice at £80 / £160' '
	at officer notice issue "$A" --parent 1 --kind nti --issued 2025-01-13 >out &&
	test "$(cat out)" = "notice 1: Notice to Improve issued" &&
	at officer notice issue "$A" --parent 1 --kind penalty --issued 2025-01-20 >out &&
	test "$(cat out)" = "notice 2: penalty notice 1, £80.00 if paid by 2025-02-10, else £160.00 by 2025-02-17"
'
test_expect_success 'the second notice to the same parent is £160 outright' '
	at officer notice issue "$A" --parent 1 --kind penalty --issued 2025-02-24 >out &&
	test "$(cat out)" = "notice 3: penalty notice 2, £160.00 by 2025-03-24"
'
test_expect_success 'a third notice within 3 years is refused with the routes left' '
	refused_unchanged at officer notice issue "$A" --parent 1 --kind penalty \
		--issued 2025-03-01 &&
	test_grep "2025-01-20 and 2025-02-24" err &&
	test_grep "prosecution" err && test_grep "parenting order" err &&
	test_grep "Education Supervision Order" err
'
test_expect_success 'outcomes: paid within 21 days is £80; unpaid too early is refused' '
	at officer notice outcome 2 --status paid --on 2025-02-05 >/dev/null &&
	refused_unchanged at officer notice outcome 3 --status unpaid --on 2025-03-01 &&
	test_grep "due date" err &&
	refused_unchanged at officer notice outcome 2 --status withdrawn &&
	test_grep "paid already" err
'
test_expect_success 'a withdrawn notice does not count: another may then be issued' '
	at officer notice outcome 3 --status withdrawn --detail "issued in error" >/dev/null &&
	at officer notice issue "$A" --parent 1 --kind penalty --issued 2025-03-01 >out &&
	test "$(cat out)" = "notice 4: penalty notice 2, £160.00 by 2025-03-29"
'
test_expect_success 'notice list shows kinds, amounts, due dates and outcomes' '
	at officer notice list "$A" --format csv | sed 1d | cut -d, -f1,5-12 >got &&
	cat >want <<-EOF &&
	1,nti,2025-01-13,,,,issued,,
	2,penalty,2025-01-20,80.00,2025-02-10,2025-02-17,paid,2025-02-05,80.00
	3,penalty,2025-02-24,160.00,,2025-03-24,withdrawn,2025-03-01,
	4,penalty,2025-03-01,160.00,,2025-03-29,issued,,
	EOF
	test_cmp want got
'
test_expect_success 'a penalty notice on a case not at Enforce is refused' '
	at oaklead parent add "$B" --name "Bea Baker" >/dev/null &&
	refused_unchanged at officer notice issue "$B" --parent 3 --kind penalty \
		--issued 2025-02-03 --no-nti-reason "term-time holiday" &&
	test_grep "not Enforce" err
'

# ---- part-time timetables -------------------------------------------------------------------
test_expect_success 'a timetable ending before it starts is refused' '
	refused_unchanged at oaklead timetable add "$B" --school 100001 \
		--start 2025-03-10 --end 2025-03-03 --review 2025-03-20 --hours 15 \
		--reason "phased return" --parent-agreed &&
	test_grep "wrong order" err
'
test_expect_success 'a review date in the past is refused' '
	refused_unchanged at oaklead timetable add "$B" --school 100001 \
		--start 2025-02-10 --end 2025-04-04 --review 2025-02-28 --hours 15 \
		--reason "phased return" --parent-agreed &&
	test_grep "in the past" err
'
test_expect_success 'no parental agreement, too many hours, the wrong school: refused' '
	refused_unchanged at oaklead timetable add "$B" --school 100001 \
		--start 2025-03-03 --end 2025-04-04 --review 2025-03-21 --hours 15 \
		--reason "phased return" &&
	test_grep "agreement" err &&
	refused_unchanged at oaklead timetable add "$B" --school 100001 \
		--start 2025-03-03 --end 2025-04-04 --review 2025-03-21 --hours 32.6 \
		--reason "phased return" --parent-agreed &&
	refused_unchanged at oaklead timetable add "$B" --school 100002 \
		--start 2025-03-03 --end 2025-04-04 --review 2025-03-21 --hours 15 \
		--reason "phased return" --parent-agreed
'
test_expect_success 'a valid timetable is saved and the LA is told' '
	at oaklead timetable add "$B" --school 100001 --start 2025-03-03 \
		--end 2025-04-04 --review 2025-03-21 --hours 12.5 \
		--reason "phased return" --parent-agreed >/dev/null &&
	at officer timetable list --format csv | sed 1d | cut -d, -f1-11 >got &&
	echo "1,$B,100001,2025-03-03,2025-04-04,2025-03-21,12.5,,,0,0" >want &&
	test_cmp want got &&
	test "$(q "SELECT kind FROM alert")" = part_time_new
'

# ---- alerts -----------------------------------------------------------------------------------
test_expect_success 'refreshing raises the penalty threshold for A and B, once' '
	"$ATTEND" --db c.db alerts --user officer --refresh --format csv >got 2>err &&
	test_grep "2 new alert" err &&
	grep -c "penalty_threshold" got >n && test "$(cat n)" = 2 &&
	grep -q "met the penalty-notice threshold on 2025-01-10" got &&
	"$ATTEND" --db c.db alerts --user officer --refresh >/dev/null 2>err &&
	test_grep "0 new alert" err
'
# As of 22 March the review of 21 March is overdue; as of 3 March the
# decision on hold for B is due its review; 5 April is past the end 4 April.
test_expect_success 'overdue reviews, on-hold decisions and overlong plans raise alerts' '
	"$ATTEND" --db c.db alerts --user officer --refresh --as-of 2025-04-05 \
		--format csv >got 2>err &&
	test_grep "3 new alert" err &&
	grep -q "part_time_review" got && grep -q "part_time_length" got &&
	grep -q "legal_review" got
'
test_expect_success 'alerts are acknowledged once, and the acknowledgement is audited' '
	id=$(q "SELECT id FROM alert WHERE kind = '\''legal_review'\''") &&
	"$ATTEND" --db c.db alerts --user officer --ack "$id" >/dev/null 2>&1 &&
	test "$(qa "SELECT count(*) FROM audit WHERE action = '\''acknowledge'\'' AND object = '\''alert $id'\''")" = 1 &&
	refused_unchanged "$ATTEND" --db c.db alerts --user officer --ack "$id" &&
	test_grep "already" err
'
test_expect_success 'the next decision on a case is the review of one on hold' '
	at officer legal record "$B" --outcome on_hold --decided 2025-04-06 \
		--review 2025-06-01 >/dev/null &&
	at officer legal record "$B" --outcome on_hold --decided 2025-05-01 \
		--review 2025-07-01 >/dev/null &&
	at officer legal list --format csv | grep ",$B," | cut -d, -f4-7 >got &&
	printf "%s\n" "2025-02-28,on_hold,2025-03-03,2025-04-06" \
		"2025-04-06,on_hold,2025-06-01,2025-05-01" \
		"2025-05-01,on_hold,2025-07-01," >want &&
	test_cmp want got
'
test_expect_success 'a decision reviewed before its date raises no review alert' '
	"$ATTEND" --db c.db alerts --user officer --refresh --as-of 2025-06-02 \
		>/dev/null 2>err &&
	test "$(q "SELECT count(*) FROM alert WHERE kind = '\''legal_review'\''")" = 1
'
test_expect_success 'a school lead may not refresh alerts, nor see the LA queue' '
	refused_unchanged "$ATTEND" --db c.db alerts --user oaklead --refresh &&
	"$ATTEND" --db c.db alerts --user oaklead --format csv >got &&
	test "$(wc -l <got)" = 1
'

# ---- Targeting Support Meetings ------------------------------------------------------------------
test_expect_success 'the lead names the school'"'"'s officer; others may not' '
	at lead tsm officer 100001 officer >/dev/null &&
	refused_unchanged at officer tsm officer 100002 officer
'
test_expect_success 'a meeting in the past cannot be offered' '
	refused_unchanged at officer tsm schedule 100001 --date 2025-02-28 &&
	test_grep "not in the past" err
'
test_expect_success 'a meeting is offered, then cannot be held before it is accepted' '
	at officer tsm schedule 100001 --date 2025-03-10 >out &&
	test "$(cat out)" = "meeting 1 offered to 100001" &&
	refused_unchanged env ATTEND_TODAY=2025-03-12 "$ATTEND" --db c.db tsm hold 1 \
		--user officer --held &&
	test_grep "accepts or declines it first" err
'
test_expect_success 'another school cannot answer; the school accepts' '
	refused_unchanged at elmlead tsm respond 1 --accept &&
	at oaklead tsm respond 1 --accept >/dev/null &&
	refused_unchanged at oaklead tsm respond 1 --decline
'
test_expect_success 'held is recorded on or after the meeting date, by the LA' '
	refused_unchanged at officer tsm hold 1 --held &&
	test_grep "planned for 2025-03-10" err &&
	ATTEND_TODAY=2025-03-12 "$ATTEND" --db c.db tsm hold 1 --user officer \
		--held --on 2025-03-10 --notes "SA pupils reviewed" >/dev/null &&
	refused_unchanged env ATTEND_TODAY=2025-03-12 "$ATTEND" --db c.db tsm hold 1 \
		--user officer --not-held
'
test_expect_success 'a pupil action from the meeting goes into their case' '
	ATTEND_TODAY=2025-03-12 "$ATTEND" --db c.db tsm action 1 --user officer \
		--pupil "$B" --what "home visit" --owner "EWO" --due 2025-03-20 >/dev/null &&
	test "$(q "SELECT a.what FROM case_action a JOIN tsm_action t ON t.case_action_id = a.id")" = "home visit" &&
	at officer tsm list --format csv | sed 1d >got &&
	echo "1,100001,Oak Primary,2024-spring,2025-03-10,held,officer,1" >want &&
	test_cmp want got
'
test_expect_success 'the authority sees how many schools accepted and held one' '
	at lead tsm summary --year 2024 --format csv | sed 1d >got &&
	echo "2024/25,2,1,50.00,1,50.00" >want && test_cmp want got &&
	at elmlead tsm list --format csv >got && test "$(wc -l <got)" = 1
'

# ---- children missing education -------------------------------------------------------------------
test_expect_success 'a CME referral by name moves through its statuses' '
	at officer cme refer --name "Eve Unknown" --dob 2014-06-01 --source no_school_place >out &&
	test "$(cat out)" = "CME referral 1 recorded" &&
	at officer cme update 1 --status investigating >/dev/null &&
	refused_unchanged at officer cme update 1 --status on_roll &&
	at officer cme update 1 --status located >/dev/null &&
	at officer cme update 1 --status on_roll >/dev/null &&
	refused_unchanged at officer cme update 1 --status closed &&
	test_grep "outcome" err &&
	at officer cme update 1 --status closed --outcome on_roll >/dev/null &&
	at officer cme list --format csv | sed 1d | cut -d, -f1,3,5-9 >got &&
	echo "1,Eve Unknown,no_school_place,closed,2025-03-01,2025-03-01,on_roll" >want &&
	test_cmp want got
'
test_expect_success 'a school reports a removal from its roll; a social worker may not refer' '
	at oaklead cme refer --pupil "$D" --school 100001 --source removal_from_roll >/dev/null &&
	refused_unchanged at sw cme refer --name X &&
	at elmlead cme list --format csv >got && test "$(wc -l <got)" = 1 &&
	at oaklead cme list --format csv >got && test "$(wc -l <got)" = 2
'

# ---- every change is audited ------------------------------------------------------------------
test_expect_success 'the audit log records the changes, and cannot be changed' '
	test "$(qa "SELECT count(*) FROM audit WHERE object LIKE '\''case %'\''")" -ge 10 &&
	test "$(qa "SELECT count(*) FROM audit WHERE object LIKE '\''notice %'\''")" = 6 &&
	! sqlite3 c.db.audit "DELETE FROM audit" 2>/dev/null
'

test_done
