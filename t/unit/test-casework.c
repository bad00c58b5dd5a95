/*
 * The casework rules: moves of a case (support before enforcement), the
 * joint legal decision (step 4 for a child with a social worker), penalty
 * notices (amounts, due dates, at most two in three years), part-time
 * timetables, Targeting Support Meetings and CME.  Every expected date and
 * amount is worked out by hand in the comment beside it.
 */
#include <stddef.h>
#include <string.h>

#include "core/casework.h"
#include "core/date.h"
#include "tap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static day_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int has(const struct error *e, const char *word)
{
	return e->kind == ERROR_INPUT && strstr(e->msg, word) != NULL;
}

static void test_names(void)
{
	is_int(STAGE_COUNT, 6, "six stages of the graduated response");
	is_str(stage_name(STAGE_EXPECT), "expect", "stage 1 is expect");
	is_str(stage_name(STAGE_ENFORCE), "enforce", "stage 6 is enforce");
	is_str(stage_label(STAGE_LISTEN), "Listen and understand",
	       "stage 3's label");
	is_int(stage_parse("formalise"), STAGE_FORMALISE, "formalise parses");
	is_int(stage_parse("Enforce"), -1, "stage names are lower case");
	is_int(stage_parse(NULL), -1, "no stage from NULL");
	for (int s = 0; s < STAGE_COUNT; s++)
		is_int(stage_parse(stage_name((enum stage)s)), s,
		       "stage %s round-trips", stage_name((enum stage)s));
	is_int(BARRIER_COUNT, 8, "eight barriers");
	is_int(barrier_parse("anxiety_ebsa"), BARRIER_ANXIETY_EBSA, "EBSA parses");
	is_int(barrier_parse("young_carer"), BARRIER_YOUNG_CARER, "young carer parses");
	is_int(barrier_parse("weather"), -1, "unknown barrier refused");
	is_int(AGENCY_COUNT, 7, "seven agencies");
	is_int(agency_parse("early_help_taf"), AGENCY_EARLY_HELP_TAF, "TAF parses");
	is_int(agency_parse("camhs"), AGENCY_CAMHS, "CAMHS parses");
	is_str(agency_name(AGENCY_YOUTH_JUSTICE), "youth_justice", "youth justice name");
	ok(text_blank(NULL) && text_blank("") && text_blank(" \t\n"),
	   "NULL, empty and spaces are blank");
	ok(!text_blank(" x "), "a word is not blank");
}

static void test_moves(void)
{
	struct error e = ERROR_INIT;
	struct case_move m = { STAGE_MONITOR, STAGE_LISTEN, "met the family",
			       NULL, NULL, NULL };

	is_int(casework_check_move(&m, &e), 0, "monitor -> listen with a reason");
	m.to = STAGE_MONITOR;
	is_int(casework_check_move(&m, &e), -1, "a move to the same stage is refused");
	ok(has(&e, "already"), "  saying the case is there already");
	m.to = STAGE_EXPECT;
	m.reason = "  ";
	is_int(casework_check_move(&m, &e), -1, "a move with a blank reason is refused");
	ok(has(&e, "reason"), "  asking for a reason");
	m.reason = NULL;
	is_int(casework_check_move(&m, &e), -1, "a move with no reason is refused");
	m.reason = "improved";
	is_int(casework_check_move(&m, &e), 0, "moving back down to expect is allowed");
	m.from = STAGE_ENFORCE;
	m.to = STAGE_FORMALISE;
	is_int(casework_check_move(&m, &e), 0, "stepping down from enforce is allowed");

	/* Enforce: support first. */
	m.from = STAGE_MONITOR;
	m.to = STAGE_ENFORCE;
	m.reason = "no improvement";
	error_clear(&e);
	is_int(casework_check_move(&m, &e), -1,
	       "monitor -> enforce with no support on record is refused");
	ok(has(&e, "support comes before enforcement"), "  saying support comes first");
	m.from = STAGE_FORMALISE;
	is_int(casework_check_move(&m, &e), -1,
	       "formalise -> enforce with no support on record is refused");
	m.support_offered = "parenting contract";
	is_int(casework_check_move(&m, &e), -1,
	       "support offered but its outcome not recorded: refused");
	ok(has(&e, "outcome is not recorded"), "  asking for the outcome");
	m.support_outcome = " ";
	is_int(casework_check_move(&m, &e), -1, "a blank outcome does not count");
	m.support_outcome = "contract broken after two weeks";
	is_int(casework_check_move(&m, &e), 0,
	       "support offered and its outcome recorded: enforce allowed");
	m.support_offered = m.support_outcome = NULL;
	m.not_appropriate = "family refused all contact; safeguarding advice";
	is_int(casework_check_move(&m, &e), 0,
	       "a recorded reason why support was not appropriate: allowed");
	m.not_appropriate = "";
	is_int(casework_check_move(&m, &e), -1, "an empty not-appropriate reason does not count");
	m.support_outcome = "outcome without an offer";
	is_int(casework_check_move(&m, &e), -1, "an outcome without an offer does not count");
}

static void test_legal(void)
{
	struct error e = ERROR_INIT;
	struct legal_decision d = {
		.decided = ymd(2025, 3, 1),
		.policy_followed = "letters 1-3, meeting 12 Feb",
		.officer_discussed = "with J Smith, 20 Feb",
		.support_considered = "early help declined",
		.social_worker = NULL,
		.social_worker_agreed = DAY_NONE,
		.outcome = LEGAL_PROCEED,
		.review = DAY_NONE,
	};

	ok(legal_social_worker_required(CARE_CIN) &&
	   legal_social_worker_required(CARE_CP) &&
	   legal_social_worker_required(CARE_CLA), "step 4 applies to CIN, CP, CLA");
	ok(!legal_social_worker_required(CARE_NONE) &&
	   !legal_social_worker_required(CARE_UNKNOWN), "step 4 not without a social worker");
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_NONE, &e), 0,
	       "steps 1-3 complete at enforce, no social worker: proceed");
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_CIN, &e), -1,
	       "a CIN child without the social worker's agreement: refused");
	ok(has(&e, "step 4"), "  naming step 4");
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_CP, &e), -1,
	       "a CP child without agreement: refused");
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_CLA, &e), -1,
	       "a CLA child without agreement: refused");
	d.social_worker = "Sam Worker";
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_CIN, &e), -1,
	       "an agreement with no date: refused");
	d.social_worker_agreed = ymd(2025, 3, 2);
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_CIN, &e), -1,
	       "agreed the day after the decision: refused");
	ok(has(&e, "wrong order"), "  dates in the wrong order");
	d.social_worker_agreed = ymd(2025, 3, 1);
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_CIN, &e), 0,
	       "agreed on the day of the decision: proceed");
	is_int(legal_decision_check(&d, STAGE_FORMALISE, CARE_CIN, &e), -1,
	       "proceed on a case at formalise: refused");
	ok(has(&e, "Enforce"), "  saying the case must be at Enforce");
	d.policy_followed = "";
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_CIN, &e), -1,
	       "proceed without step 1's evidence: refused");
	ok(has(&e, "step 1"), "  naming step 1");
	d.policy_followed = "ok";
	d.officer_discussed = NULL;
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_NONE, &e), -1,
	       "proceed without step 2: refused");
	ok(has(&e, "step 2"), "  naming step 2");
	d.officer_discussed = "ok";
	d.support_considered = " ";
	is_int(legal_decision_check(&d, STAGE_ENFORCE, CARE_NONE, &e), -1,
	       "proceed without step 3: refused");
	ok(has(&e, "step 3"), "  naming step 3");

	/* On hold: step 5. */
	d.outcome = LEGAL_ON_HOLD;
	d.social_worker = NULL;
	d.social_worker_agreed = DAY_NONE;
	is_int(legal_decision_check(&d, STAGE_LISTEN, CARE_CIN, &e), -1,
	       "on hold with no review date: refused");
	ok(has(&e, "step 5"), "  naming step 5");
	d.review = ymd(2025, 3, 1);
	is_int(legal_decision_check(&d, STAGE_LISTEN, CARE_CIN, &e), -1,
	       "on hold reviewed on the decision day itself: refused");
	d.review = ymd(2025, 2, 1);
	is_int(legal_decision_check(&d, STAGE_LISTEN, CARE_CIN, &e), -1,
	       "on hold reviewed before the decision: refused");
	ok(has(&e, "after the decision"), "  the review must come after");
	d.review = ymd(2025, 3, 2);
	is_int(legal_decision_check(&d, STAGE_LISTEN, CARE_CIN, &e), 0,
	       "on hold reviewed the next day: allowed at any stage");
	d.outcome = LEGAL_NO_ACTION;
	is_int(legal_decision_check(&d, STAGE_LISTEN, CARE_CIN, &e), -1,
	       "a review date with no action: refused");
	d.review = DAY_NONE;
	is_int(legal_decision_check(&d, STAGE_LISTEN, CARE_CIN, &e), 0,
	       "no action needs no steps");
	is_int(legal_outcome_parse("on_hold"), LEGAL_ON_HOLD, "on_hold parses");
	is_int(legal_outcome_parse("hold"), -1, "hold does not");
}

static void test_notices(void)
{
	struct error e = ERROR_INIT;
	struct notice_terms t;
	day_t met = ymd(2025, 1, 20);
	struct notice prior[4];

	/* 3 years before 2025-03-01 is 2022-03-01; 29 Feb 2024 -> 28 Feb 2021. */
	is_int(date_years_before(ymd(2025, 3, 1), 3), ymd(2022, 3, 1),
	       "3 years before 1 March 2025 is 1 March 2022");
	is_int(date_years_before(ymd(2024, 2, 29), 3), ymd(2021, 2, 28),
	       "3 years before 29 February 2024 is 28 February 2021");
	is_int(date_years_before(ymd(2024, 2, 29), 4), ymd(2020, 2, 29),
	       "4 years before 29 February 2024 is 29 February 2020");

	/* The threshold. */
	is_int(notice_check(NOTICE_NTI, ymd(2025, 2, 3), NULL, 0, DAY_NONE,
			    NULL, &t, &e), -1,
	       "a notice to improve for a child who has not met the threshold: refused");
	ok(has(&e, "not met the threshold"), "  saying the threshold is not met");
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 2, 3), NULL, 0, DAY_NONE,
			    "urgent", &t, &e), -1,
	       "a penalty notice without the threshold met: refused");
	is_int(notice_check(NOTICE_NTI, ymd(2025, 1, 19), NULL, 0, met, NULL,
			    &t, &e), -1,
	       "a notice dated before the threshold was met: refused");
	ok(has(&e, "wrong order"), "  dates in the wrong order");
	is_int(notice_check(NOTICE_NTI, met, NULL, 0, met, NULL, &t, &e), 0,
	       "a notice to improve on the day the threshold is met: allowed");

	/* Notice to Improve first. */
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 2, 3), NULL, 0, met, NULL,
			    &t, &e), -1, "a penalty notice with no NTI before it: refused");
	ok(has(&e, "Notice to Improve should come first"), "  saying the NTI comes first");
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 2, 3), NULL, 0, met, " ",
			    &t, &e), -1, "  a blank reason does not excuse it");
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 2, 3), NULL, 0, met,
			    "holiday in term time, NTI not applicable", &t, &e), 0,
	       "no NTI but a reason given: allowed");

	/* First notice: 3 Feb 2025 + 21 = 24 Feb; + 28 = 3 March. */
	prior[0] = (struct notice){ NOTICE_NTI, NOTICE_ISSUED, ymd(2025, 1, 22) };
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 2, 3), prior, 1, met, NULL,
			    &t, &e), 0, "a first penalty notice after an NTI: allowed");
	is_int(t.number, 1, "  it is the first");
	is_int(t.amount_pence, 8000, "  £80");
	is_int(t.reduced_until, ymd(2025, 2, 24), "  if paid by 24 Feb (21 days)");
	is_int(t.due, ymd(2025, 3, 3), "  else £160 by 3 March (28 days)");
	is_int(notice_amount_on(&t, ymd(2025, 2, 24)), 8000, "paid on day 21: £80");
	is_int(notice_amount_on(&t, ymd(2025, 2, 25)), 16000, "paid on day 22: £160");
	is_int(notice_amount_on(&t, ymd(2025, 3, 3)), 16000, "paid on day 28: £160");
	is_int(notice_amount_on(&t, ymd(2025, 3, 4)), -1, "day 29: too late");

	/* A withdrawn NTI does not count as an NTI. */
	prior[0].status = NOTICE_WITHDRAWN;
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 2, 3), prior, 1, met, NULL,
			    &t, &e), -1, "only a withdrawn NTI before: refused");

	/* Second notice: £160 outright; 1 April 2025 + 28 = 29 April. */
	prior[0] = (struct notice){ NOTICE_NTI, NOTICE_ISSUED, ymd(2025, 1, 22) };
	prior[1] = (struct notice){ NOTICE_PENALTY, NOTICE_PAID, ymd(2025, 2, 3) };
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 4, 1), prior, 2, met, NULL,
			    &t, &e), 0, "a second penalty notice: allowed");
	is_int(t.number, 2, "  it is the second");
	is_int(t.amount_pence, 16000, "  £160 outright");
	is_int(t.reduced_until, DAY_NONE, "  no reduced rate");
	is_int(t.due, ymd(2025, 4, 29), "  due in 28 days (29 April)");
	is_int(notice_amount_on(&t, ymd(2025, 4, 2)), 16000, "second paid early is still £160");

	/* Third notice: refused, naming the routes. */
	prior[2] = (struct notice){ NOTICE_PENALTY, NOTICE_UNPAID, ymd(2025, 4, 1) };
	error_clear(&e);
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 6, 2), prior, 3, met, NULL,
			    &t, &e), -1, "a third penalty notice within 3 years: refused");
	ok(has(&e, "2025-02-03") && has(&e, "2025-04-01"), "  naming the two earlier notices");
	ok(has(&e, "prosecution") && has(&e, "parenting order") &&
	   has(&e, "Education Supervision Order"), "  and the routes left");
	is_int(notice_check(NOTICE_NTI, ymd(2025, 6, 2), prior, 3, met, NULL,
			    &t, &e), 0, "a further NTI is not limited");

	/* Withdrawn notices do not count toward the limit. */
	prior[2].status = NOTICE_WITHDRAWN;
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 6, 2), prior, 3, met, NULL,
			    &t, &e), 0, "two notices, one withdrawn: a second is allowed");
	is_int(t.number, 2, "  counted as the second");
	is_int(t.amount_pence, 16000, "  at £160");

	/*
	 * The window: notices of 2022-03-01 and 2022-06-01.  On 2025-03-01
	 * the window starts after 2022-03-01, so only the June one counts: a
	 * second notice.  On 2025-02-28 both count: refused.
	 */
	prior[0] = (struct notice){ NOTICE_NTI, NOTICE_ISSUED, ymd(2022, 2, 1) };
	prior[1] = (struct notice){ NOTICE_PENALTY, NOTICE_PAID, ymd(2022, 3, 1) };
	prior[2] = (struct notice){ NOTICE_PENALTY, NOTICE_PAID, ymd(2022, 6, 1) };
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 2, 28), prior, 3,
			    ymd(2025, 1, 6), NULL, &t, &e), -1,
	       "both 2022 notices within 3 years of 28 Feb 2025: refused");
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 3, 1), prior, 3,
			    ymd(2025, 1, 6), NULL, &t, &e), 0,
	       "exactly 3 years after the first: only one counts, allowed");
	is_int(t.number, 2, "  as the second (£160)");
	is_int(t.amount_pence, 16000, "  £160");
	is_int(notice_check(NOTICE_PENALTY, ymd(2025, 6, 2), prior, 3,
			    ymd(2025, 1, 6), NULL, &t, &e), 0,
	       "over 3 years after both: a first notice again");
	is_int(t.amount_pence, 8000, "  £80");
	is_int(notice_kind_parse("nti"), NOTICE_NTI, "nti parses");
	is_int(notice_status_parse("unpaid"), NOTICE_UNPAID, "unpaid parses");
}

static void test_notice_outcomes(void)
{
	struct error e = ERROR_INIT;
	struct notice n = { NOTICE_PENALTY, NOTICE_ISSUED, ymd(2025, 2, 3) };
	struct notice_terms t = { 1, 8000, ymd(2025, 2, 24), ymd(2025, 3, 3) };
	struct notice nti = { NOTICE_NTI, NOTICE_ISSUED, ymd(2025, 1, 22) };
	int32_t paid;

	is_int(notice_outcome_check(&n, &t, NOTICE_PAID, ymd(2025, 2, 10), &paid, &e),
	       0, "paid within 21 days");
	is_int(paid, 8000, "  £80");
	is_int(notice_outcome_check(&n, &t, NOTICE_PAID, ymd(2025, 3, 1), &paid, &e),
	       0, "paid on day 26");
	is_int(paid, 16000, "  £160");
	is_int(notice_outcome_check(&n, &t, NOTICE_PAID, ymd(2025, 3, 4), &paid, &e),
	       -1, "paid after the due date: refused");
	is_int(notice_outcome_check(&n, &t, NOTICE_PAID, ymd(2025, 2, 2), &paid, &e),
	       -1, "paid before it was issued: refused");
	ok(has(&e, "wrong order"), "  dates in the wrong order");
	is_int(notice_outcome_check(&n, &t, NOTICE_UNPAID, ymd(2025, 3, 3), &paid, &e),
	       -1, "unpaid on the due date itself: refused");
	is_int(notice_outcome_check(&n, &t, NOTICE_UNPAID, ymd(2025, 3, 4), &paid, &e),
	       0, "unpaid the day after the due date: prosecution");
	is_int(notice_outcome_check(&n, &t, NOTICE_WITHDRAWN, ymd(2025, 2, 4), &paid, &e),
	       0, "withdrawn");
	is_int(notice_outcome_check(&n, &t, NOTICE_ISSUED, ymd(2025, 2, 4), &paid, &e),
	       -1, "issued is not an outcome");
	n.status = NOTICE_PAID;
	is_int(notice_outcome_check(&n, &t, NOTICE_WITHDRAWN, ymd(2025, 2, 4), &paid, &e),
	       -1, "a paid notice cannot be withdrawn");
	is_int(notice_outcome_check(&nti, &t, NOTICE_PAID, ymd(2025, 2, 4), &paid, &e),
	       -1, "an NTI cannot be paid");
	is_int(notice_outcome_check(&nti, &t, NOTICE_WITHDRAWN, ymd(2025, 2, 4), &paid, &e),
	       0, "an NTI can be withdrawn");
}

static void test_part_time(void)
{
	struct error e = ERROR_INIT;
	day_t today = ymd(2025, 3, 1);
	struct part_time p = { ymd(2025, 3, 3), ymd(2025, 4, 4), ymd(2025, 3, 21),
			       150, "phased return after illness", true };
	int tenths = -1;

	is_int(hours_parse("15", &tenths), 0, "15 hours parses");
	is_int(tenths, 150, "  as 150 tenths");
	is_int(hours_parse("32.5", &tenths), 0, "32.5 parses");
	is_int(tenths, 325, "  as 325 tenths");
	is_int(hours_parse("0.5", &tenths), 0, "0.5 parses");
	is_int(tenths, 5, "  as 5 tenths");
	ok(hours_parse("12.25", &tenths) && hours_parse("", &tenths) &&
	   hours_parse("1.", &tenths) && hours_parse("-3", &tenths) &&
	   hours_parse("1e3", &tenths) && hours_parse("1234", &tenths),
	   "two decimals, empty, a bare point, negatives, exponents, 4 digits: refused");

	is_int(part_time_check(&p, today, &e), 0, "a valid plan");
	p.end = p.start;
	is_int(part_time_check(&p, today, &e), -1, "ending on its start day: refused");
	p.end = ymd(2025, 3, 1);
	is_int(part_time_check(&p, today, &e), -1, "ending before it starts: refused");
	ok(has(&e, "wrong order"), "  dates in the wrong order");
	p.end = ymd(2025, 4, 4);
	p.review = ymd(2025, 3, 2);
	is_int(part_time_check(&p, ymd(2025, 2, 1), &e), -1,
	       "a review before the start: refused");
	p.start = ymd(2025, 2, 3);
	p.review = ymd(2025, 2, 28);
	is_int(part_time_check(&p, today, &e), -1, "a review date in the past: refused");
	ok(has(&e, "in the past"), "  saying so");
	p.review = today;
	is_int(part_time_check(&p, today, &e), 0, "a review today is not in the past");
	p.hours_tenths = 0;
	is_int(part_time_check(&p, today, &e), -1, "0 hours: refused");
	p.hours_tenths = 326;
	is_int(part_time_check(&p, today, &e), -1, "32.6 hours: refused");
	p.hours_tenths = 325;
	is_int(part_time_check(&p, today, &e), 0, "32.5 hours: allowed");
	p.reason = "";
	is_int(part_time_check(&p, today, &e), -1, "no reason: refused");
	p.reason = "anxiety";
	p.parent_agreed = false;
	is_int(part_time_check(&p, today, &e), -1, "no parental agreement: refused");
	ok(has(&e, "agreement"), "  saying so");

	p.review = ymd(2025, 3, 21);
	ok(!part_time_review_overdue(&p, DAY_NONE, ymd(2025, 3, 21)),
	   "not overdue on the review day");
	ok(part_time_review_overdue(&p, DAY_NONE, ymd(2025, 3, 22)),
	   "overdue the day after");
	ok(!part_time_review_overdue(&p, ymd(2025, 3, 20), ymd(2025, 3, 22)),
	   "not overdue once reviewed");
	ok(!part_time_over_length(&p, DAY_NONE, ymd(2025, 4, 4)),
	   "not over length on its last day");
	ok(part_time_over_length(&p, DAY_NONE, ymd(2025, 4, 5)),
	   "over length the day after its end");
	ok(!part_time_over_length(&p, ymd(2025, 4, 4), ymd(2025, 4, 5)),
	   "not over length once ended");
}

static void test_tsm(void)
{
	struct error e = ERROR_INIT;
	int year;
	enum term t;
	day_t from, to;
	const struct tsm_meeting meetings[] = {
		{ TSM_DECLINED, ymd(2024, 10, 1) },
		{ TSM_NOT_HELD, ymd(2024, 11, 1) },
		{ TSM_ACCEPTED, ymd(2025, 2, 10) },
		{ TSM_HELD, ymd(2025, 5, 5) },
		{ TSM_OFFERED, ymd(2025, 6, 1) },
	};

	is_int(tsm_check_transition(TSM_OFFERED, TSM_ACCEPTED, &e), 0, "offered -> accepted");
	is_int(tsm_check_transition(TSM_OFFERED, TSM_DECLINED, &e), 0, "offered -> declined");
	is_int(tsm_check_transition(TSM_ACCEPTED, TSM_HELD, &e), 0, "accepted -> held");
	is_int(tsm_check_transition(TSM_ACCEPTED, TSM_NOT_HELD, &e), 0, "accepted -> not held");
	is_int(tsm_check_transition(TSM_OFFERED, TSM_HELD, &e), -1, "offered -> held: refused");
	is_int(tsm_check_transition(TSM_DECLINED, TSM_ACCEPTED, &e), -1,
	       "declined -> accepted: refused");
	is_int(tsm_check_transition(TSM_HELD, TSM_NOT_HELD, &e), -1, "held -> not held: refused");
	is_int(tsm_check_transition(TSM_ACCEPTED, TSM_DECLINED, &e), -1,
	       "accepted -> declined: refused");

	/* Easter Sunday 2025 is 20 April: spring ends then, summer starts 21st. */
	term_bounds(2024, TERM_SPRING, &from, &to);
	ok(from == ymd(2025, 1, 1) && to == ymd(2025, 4, 20),
	   "2024/25 spring is 1 Jan - 20 Apr 2025 (Easter Sunday)");
	term_bounds(2024, TERM_SUMMER, &from, &to);
	ok(from == ymd(2025, 4, 21) && to == ymd(2025, 7, 31),
	   "2024/25 summer is 21 Apr (Easter Monday) - 31 Jul 2025");
	is_int(term_parse("2024-spring", &year, &t), 0, "2024-spring parses");
	ok(year == 2024 && t == TERM_SPRING, "  as 2024 spring");
	ok(term_parse("2024-winter", &year, &t) && term_parse("24-autumn", &year, &t) &&
	   term_parse("2024autumn", &year, &t), "bad terms refused");

	term_bounds(2024, TERM_AUTUMN, &from, &to);
	is_int(tsm_termly(meetings, COUNT(meetings), from, to), TSM_TERM_NONE,
	       "autumn: one declined, one not held: no meeting");
	ok(from == ymd(2024, 8, 1) && to == ymd(2024, 12, 31), "  autumn is Aug-Dec");
	term_bounds(2024, TERM_SPRING, &from, &to);
	is_int(tsm_termly(meetings, COUNT(meetings), from, to), TSM_TERM_SCHEDULED,
	       "spring: one accepted: scheduled");
	term_bounds(2024, TERM_SUMMER, &from, &to);
	is_int(tsm_termly(meetings, COUNT(meetings), from, to), TSM_TERM_HELD,
	       "summer: one held (and one offered): held");
	is_int(tsm_termly(meetings, 0, from, to), TSM_TERM_NONE, "no meetings: none");
}

static void test_cme(void)
{
	struct error e = ERROR_INIT;

	is_int(cme_check_transition(CME_REFERRED, CME_INVESTIGATING, CME_OUTCOME_NONE, &e),
	       0, "referred -> investigating");
	is_int(cme_check_transition(CME_INVESTIGATING, CME_LOCATED, CME_OUTCOME_NONE, &e),
	       0, "investigating -> located");
	is_int(cme_check_transition(CME_LOCATED, CME_ON_ROLL, CME_OUTCOME_NONE, &e),
	       0, "located -> on roll");
	is_int(cme_check_transition(CME_ON_ROLL, CME_CLOSED, CME_OUTCOME_ON_ROLL, &e),
	       0, "on roll -> closed with its outcome");
	is_int(cme_check_transition(CME_ON_ROLL, CME_CLOSED, CME_OUTCOME_NONE, &e),
	       -1, "closing without an outcome: refused");
	ok(has(&e, "outcome"), "  asking for the outcome");
	is_int(cme_check_transition(CME_REFERRED, CME_ON_ROLL, CME_OUTCOME_NONE, &e),
	       -1, "referred -> on roll, skipping located: refused");
	is_int(cme_check_transition(CME_CLOSED, CME_REFERRED, CME_OUTCOME_NONE, &e),
	       -1, "a closed referral stays closed");
	is_int(cme_check_transition(CME_REFERRED, CME_LOCATED, CME_OUTCOME_OTHER, &e),
	       -1, "an outcome before closing: refused");
	is_int(cme_outcome_parse("home_education"), CME_OUTCOME_HOME_EDUCATION,
	       "home_education parses");
	is_int(cme_outcome_parse(""), -1, "an empty outcome does not parse");
	is_int(cme_source_parse("removal_from_roll"), CME_REMOVAL_FROM_ROLL,
	       "removal_from_roll parses");
	is_int(cme_status_parse("on_roll"), CME_ON_ROLL, "on_roll parses");
}

int main(void)
{
	test_names();
	test_moves();
	test_legal();
	test_notices();
	test_notice_outcomes();
	test_part_time();
	test_tsm();
	test_cme();
	return tap_done();
}
