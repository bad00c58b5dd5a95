/*
 * The legal rules (core/legal.h): compulsory school age for legal action,
 * the Notice to Improve's improvement period in school weeks, when a
 * penalty notice may follow it, the joint decision it rests on, reaching
 * Enforce, closing a case, and the steps of the formal routes.  Every
 * date is worked out by hand in the comment beside it.
 */
#include <string.h>

#include "core/legal.h"
#include "tap.h"

static day_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int has(const struct error *e, const char *word)
{
	return e->kind == ERROR_INPUT && strstr(e->msg, word) != NULL;
}

static void test_school_age(void)
{
	struct error e = ERROR_INIT;

	/* born 1 September 2021: 5 on 1 September 2026, from 31 December */
	is_int(legal_school_age_check("Rae Reception", ymd(2021, 9, 1),
				      ymd(2026, 10, 5), ymd(2026, 12, 18), &e), -1,
	       "absence before compulsory school age is refused");
	ok(has(&e, "Rae Reception is not of compulsory school age until "
	       "31 December 2026"), "the refusal says until when: %s", e.msg);
	error_clear(&e);
	is_int(legal_school_age_check("Rae", ymd(2021, 9, 1), ymd(2026, 12, 31),
				      ymd(2027, 1, 15), &e), 0,
	       "absence from the prescribed day on is within it");
	/* born 23 September 2007: ended 28 June 2024 */
	is_int(legal_school_age_check("Sam", ymd(2007, 9, 23), ymd(2024, 6, 10),
				      ymd(2024, 6, 28), &e), 0,
	       "absence up to the leaving date is within it");
	is_int(legal_school_age_check("Sam", ymd(2007, 9, 23), ymd(2024, 6, 10),
				      ymd(2024, 7, 1), &e), -1,
	       "absence past the leaving date is refused");
	ok(has(&e, "ceased to be of compulsory school age on 28 June 2024"),
	   "the refusal names the leaving date: %s", e.msg);
	error_clear(&e);
}

/*
 * Spring 2025 with a half term in the week of 17 February: school weeks
 * begin 3, 10, 24 February, 3, 10, 17 March.
 */
static const day_t *spring_weeks(size_t *n)
{
	static day_t w[6];

	w[0] = ymd(2025, 2, 3);
	w[1] = ymd(2025, 2, 10);
	w[2] = ymd(2025, 2, 24);
	w[3] = ymd(2025, 3, 3);
	w[4] = ymd(2025, 3, 10);
	w[5] = ymd(2025, 3, 17);
	*n = 6;
	return w;
}

static void test_nti(void)
{
	struct error e = ERROR_INIT;
	struct nti_terms t = { 3, "mentor and a parenting course",
			       "no unauthorised absence", true };
	struct nti_record r = { 0 };
	size_t n;
	const day_t *w = spring_weeks(&n);

	is_int(nti_terms_check(&t, &e), 0, "3 weeks with support and a measure");
	t.weeks = 2;
	is_int(nti_terms_check(&t, &e), -1, "2 weeks is too short");
	ok(has(&e, "3 to 6 school weeks"), "says 3 to 6: %s", e.msg);
	error_clear(&e);
	t.weeks = 7;
	is_int(nti_terms_check(&t, &e), -1, "7 weeks is too long");
	error_clear(&e);
	t.weeks = 6;
	t.sufficient = " ";
	is_int(nti_terms_check(&t, &e), -1, "sufficient improvement must be said");
	error_clear(&e);
	/*
	 * Issued Wednesday 5 February, 3 weeks: 10 Feb (1), half term skipped,
	 * 24 Feb (2), 3 March (3): ends Sunday 9 March.  Without the half
	 * term the third week would have been 17 February, ending the 23rd.
	 */
	is_int(nti_period_end(ymd(2025, 2, 5), 3, w, n), ymd(2025, 3, 9),
	       "a 3-week period across half term ends on Sunday 9 March");
	/* issued on Monday 10 February: that week does not count */
	is_int(nti_period_end(ymd(2025, 2, 10), 3, w, n), ymd(2025, 3, 16),
	       "the week of issue does not count, even from its Monday");
	is_int(nti_period_end(ymd(2025, 2, 10), 6, w, n), DAY_NONE,
	       "a period beyond the calendar has no end yet");

	r.issued = ymd(2025, 2, 5);
	r.period_end = ymd(2025, 3, 9);
	is_int(nti_result_check(&r, NTI_NOT_IMPROVED, ymd(2025, 3, 9), &e), -1,
	       "no result on the period's last day");
	error_clear(&e);
	is_int(nti_result_check(&r, NTI_NOT_IMPROVED, ymd(2025, 3, 10), &e), 0,
	       "the result the day after it ends");
	r.result = NTI_IMPROVED;
	is_int(nti_result_check(&r, NTI_NOT_IMPROVED, ymd(2025, 3, 11), &e), -1,
	       "a result once");
	error_clear(&e);
}

static void test_penalty_grounds(void)
{
	struct error e = ERROR_INIT;
	struct nti_record nti = { ymd(2025, 2, 5), ymd(2025, 3, 9), false, true,
				  NTI_PENDING, DAY_NONE };
	struct penalty_grounds g = { NO_NTI_NONE, NULL, NULL, 0 };
	long used;

	is_int(penalty_grounds_check(ymd(2025, 2, 5), NULL, 0, &g, &used, &e), -1,
	       "no NTI and no reason: refused");
	ok(has(&e, "should come first"), "says the NTI comes first");
	error_clear(&e);
	g.no_nti = NO_NTI_HOLIDAY;
	is_int(penalty_grounds_check(ymd(2025, 2, 5), NULL, 0, &g, &used, &e), 0,
	       "a term-time holiday needs no NTI");
	g.no_nti = NO_NTI_OTHER;
	g.no_nti_reason = "x";
	is_int(penalty_grounds_check(ymd(2025, 2, 5), NULL, 0, &g, &used, &e), -1,
	       "'other' with a one-letter reason is refused");
	error_clear(&e);
	g.no_nti = NO_NTI_RECENT;
	is_int(penalty_grounds_check(ymd(2026, 2, 5), &nti, 1, &g, &used, &e), -1,
	       "recent_nti a year and a day later does not hold");
	error_clear(&e);
	is_int(penalty_grounds_check(ymd(2026, 2, 4), &nti, 1, &g, &used, &e), 0,
	       "recent_nti within 12 months holds");
	is_int(used, 0, "and relies on that NTI");

	g.no_nti = NO_NTI_NONE;
	/* the same day as the NTI: inside the period, no early ground */
	is_int(penalty_grounds_check(ymd(2025, 2, 5), &nti, 1, &g, &used, &e), -1,
	       "a notice the same day as the NTI is refused");
	ok(has(&e, "runs to 9 March 2025"), "names the period's end: %s", e.msg);
	error_clear(&e);
	g.early_reason = "absent 3 and 4 March";
	is_int(penalty_grounds_check(ymd(2025, 3, 5), &nti, 1, &g, &used, &e), -1,
	       "an early ground with no unauthorised absence since is refused");
	error_clear(&e);
	g.further_absence = 4;
	is_int(penalty_grounds_check(ymd(2025, 3, 5), &nti, 1, &g, &used, &e), 0,
	       "early on further unauthorised absence the NTI named");
	nti.early_on_absence = false;
	is_int(penalty_grounds_check(ymd(2025, 3, 5), &nti, 1, &g, &used, &e), -1,
	       "not early when the NTI did not say so");
	error_clear(&e);
	g.early_reason = NULL;
	is_int(penalty_grounds_check(ymd(2025, 3, 10), &nti, 1, &g, &used, &e), -1,
	       "after the period, its result must be recorded");
	ok(has(&e, "record whether"), "asks for the result");
	error_clear(&e);
	nti.result = NTI_NOT_IMPROVED;
	is_int(penalty_grounds_check(ymd(2025, 3, 10), &nti, 1, &g, &used, &e), 0,
	       "after the period without sufficient improvement");
	nti.result = NTI_IMPROVED;
	is_int(penalty_grounds_check(ymd(2025, 3, 10), &nti, 1, &g, &used, &e), -1,
	       "not after sufficient improvement");
	error_clear(&e);
	nti.withdrawn = true;
	is_int(penalty_grounds_check(ymd(2025, 3, 10), &nti, 1, &g, &used, &e), -1,
	       "a withdrawn NTI does not count");
	error_clear(&e);
}

static void test_decision(void)
{
	struct error e = ERROR_INIT;
	struct decision_record d = { ymd(2025, 3, 3), LEGAL_PROCEED,
				     ROUTE_PENALTY_NOTICE, true, true, DAY_NONE };

	is_int(decision_allows(NULL, ROUTE_PENALTY_NOTICE, ymd(2025, 3, 10), &e),
	       -1, "no decision: no penalty notice");
	ok(has(&e, "joint legal decision"), "says a decision is needed");
	error_clear(&e);
	is_int(decision_allows(&d, ROUTE_PENALTY_NOTICE, ymd(2025, 3, 10), &e), -1,
	       "no social worker's agreement yet");
	ok(has(&e, "step 4"), "step 4");
	error_clear(&e);
	d.social_worker_agreed = ymd(2025, 3, 11);
	is_int(decision_allows(&d, ROUTE_PENALTY_NOTICE, ymd(2025, 3, 10), &e), -1,
	       "an agreement after the notice does not count");
	error_clear(&e);
	d.social_worker_agreed = ymd(2025, 3, 4);
	is_int(decision_allows(&d, ROUTE_PENALTY_NOTICE, ymd(2025, 3, 10), &e), 0,
	       "decided and agreed before the notice");
	is_int(decision_allows(&d, ROUTE_PROSECUTION, ymd(2025, 3, 10), &e), -1,
	       "a decision for a notice is not one to prosecute");
	error_clear(&e);
	d.by_la = false;
	is_int(decision_allows(&d, ROUTE_PENALTY_NOTICE, ymd(2025, 3, 10), &e), -1,
	       "a school's decision alone does not do");
	error_clear(&e);
}

static void test_enforce_and_close(void)
{
	struct error e = ERROR_INIT;
	struct enforce_basis b = { "Parenting contract of 6 January 2025", NULL,
				   NOT_APPROPRIATE_NONE, NULL, false };
	struct case_closing c = { true, CLOSE_OTHER, "done", 0, 0, 0,
				  ymd(2024, 6, 28), ymd(2025, 3, 1) };

	is_int(enforce_basis_check(&b, &e), -1, "support with no outcome yet");
	error_clear(&e);
	b.support_outcome = "broken";
	is_int(enforce_basis_check(&b, &e), 0, "support with its outcome");
	b.support = NULL;
	is_int(enforce_basis_check(&b, &e), -1, "neither support nor a reason");
	ok(has(&e, "support comes before enforcement"), "support first");
	error_clear(&e);
	b.reason = NOT_APPROPRIATE_BECAUSE;
	b.explanation = "x";
	b.by_lead = true;
	is_int(enforce_basis_check(&b, &e), -1, "'x' is no explanation");
	error_clear(&e);
	b.explanation = "The family moved abroad mid-term and returned; support "
			"was offered twice";
	b.by_lead = false;
	is_int(enforce_basis_check(&b, &e), -1, "an officer cannot sign it off");
	ok(has(&e, "LA lead"), "says the LA lead signs off");
	error_clear(&e);
	b.by_lead = true;
	is_int(enforce_basis_check(&b, &e), 0, "the lead with an explanation");

	is_int(case_close_check(&c, &e), -1, "PA pupil, 'other': refused");
	error_clear(&e);
	c.reason = CLOSE_END_OF_SCHOOL_AGE;
	is_int(case_close_check(&c, &e), 0, "after the leaving date");
	c.school_age_ends = ymd(2025, 6, 27);
	is_int(case_close_check(&c, &e), -1, "before the leaving date");
	ok(has(&e, "until 27 June 2025"), "names it: %s", e.msg);
	error_clear(&e);
	c.reason = CLOSE_IMPROVED;
	c.weeks = 3;
	is_int(case_close_check(&c, &e), -1, "3 weeks is not enough");
	error_clear(&e);
	/* 4 weeks of 10 sessions: 4 of 40 is 10%, PA; 3 of 40 is 7.5% */
	c.weeks = 4;
	c.weeks_possible = 40;
	c.weeks_absent = 4;
	is_int(case_close_check(&c, &e), -1, "4 of 40 absent is still PA");
	error_clear(&e);
	c.weeks_absent = 3;
	is_int(case_close_check(&c, &e), 0, "3 of 40 is below the line");
	c.reason = CLOSE_OTHER_AGENCY;
	c.detail = "";
	is_int(case_close_check(&c, &e), -1, "the agency is named");
	error_clear(&e);
	c.absent_band = false;
	c.reason = CLOSE_OTHER;
	c.detail = "attending well";
	is_int(case_close_check(&c, &e), 0, "not PA: any reason");
}

static void test_routes(void)
{
	struct error e = ERROR_INIT;
	day_t today = ymd(2025, 6, 1);
	struct route_open o = { ROUTE_PARENTING_CONTRACT, ymd(2025, 1, 6),
				"attend every day; weekly call", ymd(2025, 1, 6),
				0, NULL, DAY_NONE };
	struct route_state s = { ROUTE_PROSECUTION, ymd(2025, 3, 1),
				 ymd(2025, 3, 1), false, false, false };
	struct route_step_spec p = { STEP_PLEA, ymd(2025, 4, 1), "guilty", NULL,
				     0, NULL, DAY_NONE };

	is_int(route_open_check(&o, today, &e), -1, "review on the start day");
	error_clear(&e);
	o.review = ymd(2025, 2, 3);
	is_int(route_open_check(&o, today, &e), 0, "a contract with terms, review");
	o.route = ROUTE_PROSECUTION;
	o.section = -1;
	is_int(route_open_check(&o, today, &e), -1, "a prosecution names s444");
	error_clear(&e);
	is_int(section_parse("1A"), S444_1A, "1A is s444(1A)");
	is_int(route_step_check(&s, &p, today, &e), 0, "a plea");
	s.plea = true;
	is_int(route_step_check(&s, &p, today, &e), -1, "one plea");
	error_clear(&e);
	p.step = STEP_REVIEW;
	is_int(route_step_check(&s, &p, today, &e), -1, "no review step");
	error_clear(&e);
	p.step = STEP_OUTCOME;
	p.value = "convicted";
	is_int(route_step_check(&s, &p, today, &e), -1, "conviction with no fine");
	error_clear(&e);
	p.fine_pence = 44000;
	is_int(route_step_check(&s, &p, today, &e), 0, "convicted, fined £440");
	p.on = ymd(2025, 2, 1);
	is_int(route_step_check(&s, &p, today, &e), -1, "before the last step");
	error_clear(&e);
	p.value = "kept";
	p.on = ymd(2025, 4, 1);
	is_int(route_step_check(&s, &p, today, &e), -1, "a contract's outcome");
	ok(has(&e, "convicted, acquitted, withdrawn"), "lists the outcomes");
	error_clear(&e);
	s.route = ROUTE_ESO;
	p.step = STEP_ORDER;
	p.officer = NULL;
	is_int(route_step_check(&s, &p, today, &e), -1, "ESO with no officer");
	error_clear(&e);
	p.officer = "Olly Officer";
	p.until = ymd(2026, 4, 1);
	is_int(route_step_check(&s, &p, today, &e), 0, "ESO order for a year");
	s.ended = true;
	is_int(route_step_check(&s, &p, today, &e), -1, "nothing after outcome");
	error_clear(&e);
}

int main(void)
{
	test_school_age();
	test_nti();
	test_penalty_grounds();
	test_decision();
	test_enforce_and_close();
	test_routes();
	return tap_done();
}
