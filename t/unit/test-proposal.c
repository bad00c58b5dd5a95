/*
 * The rule that proposes pupils for a case (core/proposal.h).  Each
 * pupil's sessions are chosen so that the band and the rise can be
 * worked out by hand; the working is in the comment beside each check.
 */
#include <string.h>

#include "core/proposal.h"
#include "tap.h"

/* absent of possible now; absent0 of possible0 a week before */
static struct proposal_pupil pupil(unsigned absent, unsigned possible,
				   unsigned absent0, unsigned possible0)
{
	struct proposal_pupil p;

	memset(&p, 0, sizeof(p));
	p.now.possible = possible;
	p.now.authorised = absent;
	p.now.attendance = possible - absent;
	p.before.possible = possible0;
	p.before.unauthorised = absent0;
	p.before.attendance = possible0 - absent0;
	p.sen = SEN_NONE;
	p.care = CARE_NONE;
	return p;
}

static void test_default(void)
{
	struct proposal_rule r;
	struct proposal_pupil p;

	proposal_rule_default(&r);
	is_int(r.band, BAND_PA, "the default band is PA");
	is_int(r.rising_points, 3, "the default rise is 3 points");
	ok(r.vulnerable, "vulnerable pupils at risk are proposed by default");

	/* 10 of 100: 10 * 10 >= 100, PA exactly at its edge */
	p = pupil(10, 100, 9, 90);
	is_int(proposal_check(&r, &p), PROPOSAL_BAND, "10%% absent is PA: proposed");
	/* 9 of 100: 90 < 100, not PA; 9 > 5, at risk; 8/90 = 8.9% to 9%: +0.1 */
	p = pupil(9, 100, 8, 90);
	is_int(proposal_check(&r, &p), PROPOSAL_NONE,
	       "9%% absent, barely rising, no vulnerability: not proposed");
	/* 60 of 100 is SA: worse than PA, proposed on the band */
	p = pupil(60, 100, 50, 90);
	is_int(proposal_check(&r, &p), PROPOSAL_BAND, "SA is proposed on the band");
	/* 0 possible: no band, never proposed, even with a social worker */
	p = pupil(0, 0, 0, 0);
	p.care = CARE_CLA;
	is_int(proposal_check(&r, &p), PROPOSAL_NONE, "no possible sessions: no proposal");
}

static void test_rising(void)
{
	struct proposal_rule r;
	struct proposal_pupil p;

	proposal_rule_default(&r);
	/*
	 * A week before 1 of 90 (1.1%), now 9 of 100 (9%): at risk of PA.
	 * 100*9*90 - 100*1*100 = 81000 - 10000 = 71000 >= 3*90*100 = 27000:
	 * rose by 7.9 points, proposed.
	 */
	p = pupil(9, 100, 1, 90);
	is_int(proposal_check(&r, &p), PROPOSAL_RISING,
	       "1.1%% to 9%% in a week is rising fast");
	/*
	 * 5 of 90 (5.56%) to 9 of 100 (9%): 81000 - 50000 = 31000 >= 27000,
	 * a rise of 3.44 points: proposed.  6 of 90 (6.67%) to 9 of 100:
	 * 81000 - 60000 = 21000 < 27000, 2.33 points: not.
	 */
	p = pupil(9, 100, 5, 90);
	is_int(proposal_check(&r, &p), PROPOSAL_RISING, "a rise of 3.44 points");
	p = pupil(9, 100, 6, 90);
	is_int(proposal_check(&r, &p), PROPOSAL_NONE, "a rise of 2.33 points is not");
	/*
	 * Exactly 3 points: 3 of 100 (3%) a week before, 6 of 100 (6%) now
	 * (the same possible: a register corrected): 100*6*100 - 100*3*100
	 * = 30000 >= 3*100*100 = 30000.
	 */
	p = pupil(6, 100, 3, 100);
	is_int(proposal_check(&r, &p), PROPOSAL_RISING, "a rise of exactly 3 points");
	/*
	 * Too few sessions a week before: 0 of 10 to 1 of 15 (6.67%, at
	 * risk of PA) has risen 6.67 points, but on 10 sessions that is noise
	 */
	p = pupil(1, 15, 0, 10);
	is_int(proposal_check(&r, &p), PROPOSAL_NONE,
	       "fewer than 20 possible a week before: no rise is judged");
	/* 0 of 100 to 4 of 110 (3.6%): risen 3.6 points but expected band */
	p = pupil(4, 110, 0, 100);
	is_int(proposal_check(&r, &p), PROPOSAL_NONE,
	       "a rise that leaves the pupil in the expected band is not proposed");
	r.rising_points = 0;
	p = pupil(9, 100, 1, 90);
	is_int(proposal_check(&r, &p), PROPOSAL_NONE, "rising switched off");
}

static void test_vulnerable(void)
{
	struct proposal_rule r;
	struct proposal_pupil p;

	proposal_rule_default(&r);
	/* 6 of 100: at risk of PA (5 < 6 < 10), steady (6 of 90 before) */
	p = pupil(6, 100, 6, 90);
	is_int(proposal_check(&r, &p), PROPOSAL_NONE, "at risk, no vulnerability");
	p.care = CARE_CP;
	is_int(proposal_check(&r, &p), PROPOSAL_VULNERABLE,
	       "at risk with a child protection plan");
	p.care = CARE_NONE;
	p.sen = SEN_EHCP;
	is_int(proposal_check(&r, &p), PROPOSAL_VULNERABLE, "at risk with an EHCP");
	p.sen = SEN_SUPPORT;
	is_int(proposal_check(&r, &p), PROPOSAL_NONE,
	       "SEN support alone is not a vulnerability for the rule");
	/* 5 of 100 is expected (5% <= 5%): not proposed even when CLA */
	p = pupil(5, 100, 5, 90);
	p.care = CARE_CLA;
	is_int(proposal_check(&r, &p), PROPOSAL_NONE,
	       "a child looked after at 95%% attendance is not proposed");
	r.vulnerable = false;
	p = pupil(6, 100, 6, 90);
	p.care = CARE_CIN;
	is_int(proposal_check(&r, &p), PROPOSAL_NONE, "vulnerable switched off");
}

static void test_band_settings(void)
{
	struct proposal_rule r;
	struct proposal_pupil p;
	struct error e = ERROR_INIT;
	unsigned points;
	enum band b;
	bool yes;

	proposal_rule_default(&r);
	r.band = BAND_SA;
	r.rising_points = 0;
	r.vulnerable = false;
	/* 40 of 100: at risk of SA, not SA (2*40 < 100) */
	p = pupil(40, 100, 40, 100);
	is_int(proposal_check(&r, &p), PROPOSAL_NONE, "SA only: 40%% is not proposed");
	p = pupil(50, 100, 40, 100);
	is_int(proposal_check(&r, &p), PROPOSAL_BAND, "SA only: 50%% is");
	r.band = BAND_NONE;
	is_int(proposal_check(&r, &p), PROPOSAL_NONE, "every ground off: nobody");

	ok(!proposal_band_parse("at_risk_sa", &b, &e) && b == BAND_AT_RISK_SA,
	   "at_risk_sa parses");
	ok(!proposal_band_parse("none", &b, &e) && b == BAND_NONE, "none parses");
	ok(proposal_band_parse("expected", &b, &e) &&
	   strstr(e.msg, "proposal_band") != NULL,
	   "expected is refused: everyone would be proposed");
	ok(!proposal_points_parse("0", &points, &e) && points == 0, "0 points: off");
	ok(!proposal_points_parse("100", &points, &e) && points == 100, "100 points");
	ok(proposal_points_parse("101", &points, &e), "101 points is refused");
	ok(proposal_points_parse("2.5", &points, &e), "2.5 points is refused");
	ok(proposal_points_parse("", &points, &e), "no points is refused");
	ok(!proposal_yes_no_parse("no", &yes, &e) && !yes, "no parses");
	ok(proposal_yes_no_parse("Y", &yes, &e), "Y is refused: yes or no");
	is_int(proposal_ground_parse("rising"), PROPOSAL_RISING, "ground names parse");
	is_str(proposal_ground_name(PROPOSAL_VULNERABLE), "vulnerable",
	       "ground names");
}

int main(void)
{
	test_default();
	test_rising();
	test_vulnerable();
	test_band_settings();
	return tap_done();
}
