/*
 * The DfE measures: counting marks by category, the five bands at their
 * cut points, PA/SA, percentages and tallies over many enrolments.
 * Expected counts are worked out by hand (or by counting a repeating
 * pattern arithmetically), never taken from the code under test.
 */
#include <stdlib.h>
#include <string.h>

#include "core/code.h"
#include "core/measure.h"
#include "tap.h"

#define MAX_MARKS 20000

/*
 * Marks from a string of one-character codes, '.' for a missing mark and
 * a digit d after a letter making the two-character code (C1, Y7).
 */
static size_t marks_from(const char *codes, mark_t *out)
{
	size_t n = 0;

	for (const char *p = codes; *p; p++) {
		size_t len = p[1] >= '1' && p[1] <= '9' ? 2 : 1;

		out[n] = *p == '.' ? MARK_MISSING : code_find(p, len);
		if (*p != '.' && out[n] == MARK_MISSING)
			abort();	/* a typo in the test */
		n++;
		p += len - 1;
	}
	return n;
}

/* n marks repeating `pattern` (as for marks_from). */
static size_t marks_repeat(const char *pattern, size_t n, mark_t *out)
{
	mark_t one[64];
	size_t k = marks_from(pattern, one);

	for (size_t i = 0; i < n; i++)
		out[i] = one[i % k];
	return n;
}

static struct measure measure_of(const mark_t *m, size_t n)
{
	struct measure out = { 0 };

	measure_add_marks(&out, m, n);
	return out;
}

static void is_measure(const struct measure *got, uint32_t possible,
		       uint32_t attendance, uint32_t authorised,
		       uint32_t unauthorised, uint32_t not_possible,
		       uint32_t missing, const char *what)
{
	is_int(got->possible, possible, "%s: possible", what);
	is_int(got->attendance, attendance, "%s: attendance", what);
	is_int(got->authorised, authorised, "%s: authorised", what);
	is_int(got->unauthorised, unauthorised, "%s: unauthorised", what);
	is_int(got->not_possible, not_possible, "%s: not possible", what);
	is_int(got->missing, missing, "%s: missing", what);
}

static mark_t marks[MAX_MARKS];

static void test_small_arrays(void)
{
	struct measure m;
	size_t n;

	m = measure_of(marks, 0);
	is_measure(&m, 0, 0, 0, 0, 0, 0, "no marks");

	/* One of every 2024 code plus a missing mark:
	 * present / \ L = 3, approved K V P W B = 5 -> attendance 8;
	 * authorised C1 M J1 S C2 C E I T R = 10; unauthorised G N O U = 4;
	 * possible 8 + 10 + 4 = 22; not possible D X Q Y1..Y7 Z # = 12. */
	n = marks_from("/\\LKVPWBC1MJ1SC2CEITRGNOUDXQY1Y2Y3Y4Y5Y6Y7Z#.", marks);
	is_int(n, 35, "the every-code array holds 35 marks");
	m = measure_of(marks, n);
	is_measure(&m, 22, 8, 10, 4, 12, 1, "one of every 2024 code");

	/* Legacy codes: H F authorised, J approved, Y not possible. */
	n = marks_from("HFJY", marks);
	m = measure_of(marks, n);
	is_measure(&m, 3, 1, 2, 0, 1, 0, "legacy H F J Y");

	/* 17 marks: one over a vector of 16, the last done one by one. */
	n = marks_from("////////////////N", marks);
	m = measure_of(marks, n);
	is_measure(&m, 17, 16, 0, 1, 0, 0, "16 present then an N");

	/* A damaged byte (past the table) counts as missing, nothing else. */
	marks[0] = 200;
	marks[1] = 39;
	m = measure_of(marks, 2);
	is_measure(&m, 0, 0, 0, 0, 0, 2, "bytes past the table");
	memset(marks, 200, 40);
	m = measure_of(marks, 40);
	is_measure(&m, 0, 0, 0, 0, 0, 40, "40 bytes past the table");

	/* out is added to, not cleared. */
	n = marks_from("/IN#", marks);
	m = measure_of(marks, n);
	measure_add_marks(&m, marks, n);
	is_measure(&m, 6, 2, 2, 2, 2, 0, "the same 4 marks added twice");
}

/*
 * Pattern of 10: / \ L K M I G N D . : per 10 marks present 3, approved 1
 * (attendance 4), authorised 2, unauthorised 2, not possible 1, missing 1.
 * For a prefix of n marks the count of a pattern position p is
 * n / 10 + (p < n % 10), so each category adds its positions.
 */
static const char pattern[] = "/\\LKMIGND.";

static uint32_t in_prefix(size_t n, int from, int to)	/* positions [from, to) */
{
	uint32_t c = 0;

	for (int p = from; p < to; p++)
		c += (uint32_t)(n / 10) + ((size_t)p < n % 10);
	return c;
}

static void test_lengths(void)
{
	int bad = 0;

	/* Every length 0..600 crosses 16-, 32-, 255- and 510-mark edges. */
	for (size_t n = 0; n <= 600; n++) {
		struct measure m;

		marks_repeat(pattern, n, marks);
		m = measure_of(marks, n);
		bad += m.attendance != in_prefix(n, 0, 4) ||
		       m.authorised != in_prefix(n, 4, 6) ||
		       m.unauthorised != in_prefix(n, 6, 8) ||
		       m.not_possible != in_prefix(n, 8, 9) ||
		       m.missing != in_prefix(n, 9, 10) ||
		       m.possible != in_prefix(n, 0, 8);
	}
	is_int(bad, 0, "every length 0..600 of the mixed pattern counts right");
}

static void test_large_arrays(void)
{
	struct measure m;

	/* 1000 = 100 patterns: 300 + 100 attendance, 200, 200, 100, 100 */
	marks_repeat(pattern, 1000, marks);
	m = measure_of(marks, 1000);
	is_measure(&m, 800, 400, 200, 200, 100, 100, "1000 marks of the pattern");

	/* 1003 = 100 patterns and / \ L: 3 more present */
	marks_repeat(pattern, 1003, marks);
	m = measure_of(marks, 1003);
	is_measure(&m, 803, 403, 200, 200, 100, 100, "1003 marks of the pattern");

	/* 10007 = 1000 patterns and / \ L K M I G: 4 attendance, 2
	 * authorised (M I), 1 unauthorised (G) over the 1000 patterns */
	marks_repeat(pattern, 10007, marks);
	m = measure_of(marks, 10007);
	is_measure(&m, 8007, 4004, 2002, 2001, 1000, 1000,
		   "10007 marks: more than two blocks of 16*255");

	/*
	 * Each vector lane counts in a byte, flushed every 16*255 = 4080
	 * marks.  Marks all the same fill every lane to 255 at the flush:
	 * any off-by-one wraps a lane to 0.
	 */
	static const size_t all_n[] = { 255, 256, 510, 511, 4079, 4080, 4081,
					 4096, 8160, 8161, 16000, MAX_MARKS };
	for (size_t i = 0; i < sizeof(all_n) / sizeof(all_n[0]); i++) {
		size_t n = all_n[i];

		memset(marks, code_find("U", 1), n);
		m = measure_of(marks, n);
		ok(m.unauthorised == n && m.possible == n && m.attendance == 0,
		   "%zu U marks are %zu unauthorised and possible", n, n);
		memset(marks, MARK_CLOSURE, n);
		m = measure_of(marks, n);
		ok(m.not_possible == n && m.possible == 0 && m.missing == 0,
		   "%zu '#' marks are %zu not possible", n, n);
		memset(marks, MARK_MISSING, n);
		m = measure_of(marks, n);
		ok(m.missing == n && m.possible == 0 && m.not_possible == 0,
		   "%zu missing marks are %zu missing", n, n);
	}

	/* An unaligned start: marks + 3, 5000 marks of the pattern there. */
	marks_repeat(pattern, 5003, marks);
	m = measure_of(marks + 3, 5000);
	/* positions 3..9 then 499 whole patterns from 10..5009 minus the
	 * last 3 (/ \ L): start K M I G N D . = 1 approved 2 auth 2 unauth
	 * 1 np 1 missing; 499 patterns; then / \ L.  attendance 1 + 4*499 +
	 * 3 = 2000; auth 2 + 998 = 1000; unauth 1000; np 500; missing 500 */
	is_measure(&m, 4000, 2000, 1000, 1000, 500, 500, "5000 marks from an odd address");

	struct measure sum = { 1, 2, 3, 4, 5, 6 }, more = { 10, 20, 30, 40, 50, 60 };
	measure_add(&sum, &more);
	is_measure(&sum, 11, 22, 33, 44, 55, 66, "measure_add adds every field");
}

struct band_case {
	uint64_t absent, possible;
	enum band band;
	const char *why;
};

static void test_bands(void)
{
	static const struct band_case cases[] = {
		{ 0, 0, BAND_NONE, "0 of 0: no rate, no band" },
		{ 0, 5, BAND_EXPECTED, "0 of 5: 0% is expected" },
		{ 1, 20, BAND_EXPECTED, "1 of 20: exactly 5% is expected" },
		{ 1, 19, BAND_AT_RISK_PA, "1 of 19: 5.26% is at risk of PA" },
		{ 1, 11, BAND_AT_RISK_PA, "1 of 11: 9.09% is at risk of PA" },
		{ 1, 10, BAND_PA, "1 of 10: exactly 10% is PA" },
		{ 2, 10, BAND_PA, "2 of 10: exactly 20% is PA" },
		{ 21, 100, BAND_AT_RISK_SA, "21 of 100: 21% is at risk of SA" },
		{ 49, 100, BAND_AT_RISK_SA, "49 of 100: 49% is at risk of SA" },
		{ 1, 2, BAND_SA, "1 of 2: exactly 50% is SA" },
		{ 5, 5, BAND_SA, "5 of 5: 100% is SA" },
		{ 3, 60, BAND_EXPECTED, "3 of 60: 5% is expected" },
		{ 4, 60, BAND_AT_RISK_PA, "4 of 60: 6.67% is at risk of PA" },
		{ 6, 60, BAND_PA, "6 of 60: 10% is PA" },
		{ 12, 60, BAND_PA, "12 of 60: 20% is PA" },
		{ 13, 60, BAND_AT_RISK_SA, "13 of 60: 21.67% is at risk of SA" },
		{ 29, 60, BAND_AT_RISK_SA, "29 of 60: 48.33% is at risk of SA" },
		{ 30, 60, BAND_SA, "30 of 60: 50% is SA" },
		{ 19, 380, BAND_EXPECTED, "19 of 380: 5% is expected" },
		{ 20, 380, BAND_AT_RISK_PA, "20 of 380: 5.26% is at risk of PA" },
		{ 38, 380, BAND_PA, "38 of 380: 10% is PA" },
		{ 37, 380, BAND_AT_RISK_PA, "37 of 380: 9.74% is at risk of PA" },
		{ 76, 380, BAND_PA, "76 of 380: 20% is PA" },
		{ 77, 380, BAND_AT_RISK_SA, "77 of 380: 20.26% is at risk of SA" },
		{ 189, 380, BAND_AT_RISK_SA, "189 of 380: 49.74% is at risk of SA" },
		{ 190, 380, BAND_SA, "190 of 380: 50% is SA" },
		/* large sessions counts (an authority's sums) */
		{ 5000000000ULL, 100000000000ULL, BAND_EXPECTED, "5e9 of 1e11: 5% is expected" },
		{ 5000000001ULL, 100000000000ULL, BAND_AT_RISK_PA, "5e9+1 of 1e11 is at risk of PA" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(band_of(cases[i].absent, cases[i].possible), cases[i].band,
		       "band: %s", cases[i].why);

	ok(absence_is_pa(1, 10), "PA: 1 of 10 (10%%) is PA");
	ok(!absence_is_pa(1, 11), "PA: 1 of 11 (9.09%%) is not PA");
	ok(absence_is_pa(6, 60), "PA: 6 of 60 is PA");
	ok(!absence_is_pa(0, 0), "PA: no possible sessions is not PA");
	ok(absence_is_pa(5, 5), "PA: 100%% absence is also PA");
	ok(absence_is_sa(1, 2), "SA: 1 of 2 (50%%) is SA");
	ok(!absence_is_sa(1, 3), "SA: 1 of 3 (33%%) is not SA");
	ok(absence_is_sa(30, 60), "SA: 30 of 60 is SA");
	ok(!absence_is_sa(29, 60), "SA: 29 of 60 is not SA");
	ok(!absence_is_sa(0, 0), "SA: no possible sessions is not SA");

	is_str(band_name(BAND_EXPECTED), "expected", "band_name(expected)");
	is_str(band_name(BAND_AT_RISK_PA), "at_risk_pa", "band_name(at risk PA)");
	is_str(band_name(BAND_PA), "pa", "band_name(PA)");
	is_str(band_name(BAND_AT_RISK_SA), "at_risk_sa", "band_name(at risk SA)");
	is_str(band_name(BAND_SA), "sa", "band_name(SA)");
	is_str(band_name(BAND_NONE), "none", "band_name(none)");
	is_str(band_name(BAND_COUNT), "none", "band_name of no band is none");
	is_str(band_label(BAND_SA), "Severe absence (50% or less)",
	       "band_label(SA) states attendance of 50%% or less");
}

static void is_percent(uint64_t num, uint64_t den, const char *want)
{
	char out[24];

	is_str(percent_format(num, den, out), want, "%llu/%llu is \"%s\"",
	       (unsigned long long)num, (unsigned long long)den, want);
}

static void test_percent(void)
{
	is_percent(1235, 10000, "12.35");	/* exact */
	is_percent(12345, 100000, "12.35");	/* 12.345: half rounds up */
	is_percent(12344, 100000, "12.34");	/* 12.344 rounds down */
	is_percent(1, 3, "33.33");		/* 33.333.. */
	is_percent(2, 3, "66.67");		/* 66.666.. */
	is_percent(1, 8, "12.50");		/* exact, two decimals kept */
	is_percent(1, 20000, "0.01");		/* 0.005: half rounds up */
	is_percent(1, 20001, "0.00");		/* 0.00499.. */
	is_percent(0, 7, "0.00");
	is_percent(7, 7, "100.00");
	is_percent(1, 110, "0.91");		/* 0.90909.. */
	is_percent(5, 0, "");			/* no denominator: no rate */
	is_int(percent_hundredths(1, 3), 3333, "1/3 is 3333 hundredths");
	is_int(percent_hundredths(2, 3), 6667, "2/3 is 6667 hundredths");
}

static struct measure make(uint32_t possible, uint32_t attendance,
			   uint32_t authorised, uint32_t unauthorised)
{
	struct measure m = { possible, attendance, authorised, unauthorised, 0, 0 };
	return m;
}

static void test_tally(void)
{
	struct tally t = { 0 }, u = { 0 };
	struct measure m;
	char out[24];
	size_t n;

	/*
	 * A: 10 possible, 1 absent (N): 10%, PA.
	 * B: 100 possible, none absent: 0%, expected.
	 * C: only not-possible marks: 0 possible, skipped.
	 * School rate = 1 / 110 = 0.91%; the average of the pupils' rates
	 * would be (10% + 0%) / 2 = 5.00%: the sums must win.
	 */
	n = marks_from("/////////N", marks);
	m = measure_of(marks, n);
	tally_add(&t, &m);
	memset(marks, code_find("/", 1), 100);
	m = measure_of(marks, 100);
	tally_add(&t, &m);
	n = marks_from("DDXZ#..", marks);
	m = measure_of(marks, n);
	tally_add(&t, &m);
	is_int(t.enrolments, 2, "tally skips the enrolment with 0 possible");
	is_int(t.possible, 110, "tally sums possible: 10 + 100");
	is_int(t.attendance, 109, "tally sums attendance: 9 + 100");
	is_int(t.unauthorised, 1, "tally sums unauthorised");
	is_int(t.authorised, 0, "tally sums authorised");
	is_str(percent_format(t.authorised + t.unauthorised, t.possible, out), "0.91",
	       "school absence rate is sum over sum (0.91%%), not 5.00%%");
	is_int(t.pa, 1, "one PA enrolment");
	is_int(t.sa, 0, "no SA enrolment");
	is_str(percent_format(t.pa, t.enrolments, out), "50.00",
	       "PA%% is PA enrolments over enrolments with possible > 0");
	is_int(t.band[BAND_PA], 1, "A is in the PA band");
	is_int(t.band[BAND_EXPECTED], 1, "B is in the expected band");
	is_int(t.band[BAND_NONE], 0, "the skipped enrolment is in no band");

	/* Another school: 20 possible, 3 auth + 7 unauth (50%, SA);
	 * 19 possible, 1 auth (5.26%, at risk PA); 5 possible 1 unauth
	 * (20%, PA). */
	m = make(20, 10, 3, 7);
	tally_add(&u, &m);
	m = make(19, 18, 1, 0);
	tally_add(&u, &m);
	m = make(5, 4, 0, 1);
	tally_add(&u, &m);
	m = make(0, 0, 0, 0);
	tally_add(&u, &m);
	is_int(u.enrolments, 3, "second school: 3 enrolments counted");
	is_int(u.pa, 2, "second school: 50%% and 20%% are PA");
	is_int(u.sa, 1, "second school: 50%% is SA");

	tally_merge(&t, &u);
	is_int(t.enrolments, 5, "merged: 2 + 3 enrolments");
	is_int(t.possible, 154, "merged: 110 + 44 possible");
	is_int(t.attendance, 141, "merged: 109 + 32 attendance");
	is_int(t.authorised, 4, "merged: 0 + 4 authorised");
	is_int(t.unauthorised, 9, "merged: 1 + 8 unauthorised");
	is_int(t.pa, 3, "merged: 1 + 2 PA");
	is_int(t.sa, 1, "merged: 0 + 1 SA");
	is_int(t.band[BAND_EXPECTED], 1, "merged: 1 expected");
	is_int(t.band[BAND_AT_RISK_PA], 1, "merged: 1 at risk of PA");
	is_int(t.band[BAND_PA], 2, "merged: 2 PA");
	is_int(t.band[BAND_AT_RISK_SA], 0, "merged: 0 at risk of SA");
	is_int(t.band[BAND_SA], 1, "merged: 1 SA");
	/* 13 absent of 154 = 8.4415..% */
	is_str(percent_format(t.authorised + t.unauthorised, t.possible, out), "8.44",
	       "merged absence rate is 13 / 154 = 8.44%%");
}

int main(void)
{
	test_small_arrays();
	test_lengths();
	test_large_arrays();
	test_bands();
	test_percent();
	test_tally();
	return tap_done();
}
