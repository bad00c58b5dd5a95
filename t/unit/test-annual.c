/*
 * The pure rules of the authority's reports (core/annual.h): primary and
 * secondary suppression, the code-share outlier rule at its boundaries,
 * and the dip sample's reproducible weighted keys.  Every expectation is
 * worked out by hand in the comment beside it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/annual.h"
#include "tap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_primary(void)
{
	ok(!suppress_is_low(0), "0 is shown: it discloses nobody");
	ok(suppress_is_low(1), "1 pupil is suppressed");
	ok(suppress_is_low(5), "5 pupils are suppressed");
	ok(!suppress_is_low(6), "6 pupils are shown");
}

static void test_secondary(void)
{
	/* cells: 0 total 20; members 1..3 = 3, 9, 8.  3 is low; then 20 =
	 * c + 9 + 8 gives it away, so the smallest shown member, 8, goes. */
	static const uint64_t a[] = { 20, 3, 9, 8 };
	static const size_t am[] = { 1, 2, 3 };
	struct suppress_group ga = { 0, am, COUNT(am) };
	bool h[4];

	is_int(suppress_apply(a, 4, &ga, 1, h), 1, "one complementary cell");
	ok(!h[0] && h[1] && !h[2] && h[3], "the low cell and the smallest other");

	/* Nothing low: nothing hidden. */
	static const uint64_t b[] = { 20, 6, 6, 8 };
	is_int(suppress_apply(b, 4, &ga, 1, h), 0, "no low cell, no secondary");
	ok(!h[0] && !h[1] && !h[2] && !h[3], "everything shown");

	/* Two low cells already: nothing can be recovered, nothing more. */
	static const uint64_t c[] = { 20, 2, 3, 15 };
	is_int(suppress_apply(c, 4, &ga, 1, h), 0, "two hidden: enough");
	ok(h[1] && h[2] && !h[3], "only the two low cells");

	/* A total hidden by one relation exposes itself in another:
	 * 20 = 3 + 17 hides the 17 (secondary); then 17 = 10 + 7 has one
	 * hidden cell, its total, so the smaller member, 7, goes too. */
	static const uint64_t d[] = { 20, 3, 17, 10, 7 };
	static const size_t d0[] = { 1, 2 }, d1[] = { 3, 4 };
	struct suppress_group gd[] = { { 0, d0, 2 }, { 2, d1, 2 } };
	bool hd[5];
	is_int(suppress_apply(d, 5, gd, 2, hd), 2, "a hidden total hides a member");
	ok(!hd[0] && hd[1] && hd[2] && !hd[3] && hd[4], "3, 17 and 7 hidden");

	/* Chained: rows 0 = 1 + 2 and 2 = 3 + 4.  Cell 4 is low (2); in
	 * group 2 = 3 + 4, cell 3 (7) is hidden; cell 2 (9) is still
	 * shown, so group 0 = 1 + 2 has no hidden cell and stays. */
	static const uint64_t e[] = { 30, 21, 9, 7, 2 };
	static const size_t m0[] = { 1, 2 }, m1[] = { 3, 4 };
	struct suppress_group g2[] = { { 0, m0, 2 }, { 2, m1, 2 } };
	bool h5[5];
	is_int(suppress_apply(e, 5, g2, 2, h5), 1, "chain: one complement");
	ok(!h5[0] && !h5[1] && !h5[2] && h5[3] && h5[4], "chain: 7 and 2 hidden");

	/* Cascading: 10 = 4 + 6 and 6 = 3 + 3 (cells 0..4 = 10, 4, 6, 3, 3):
	 * 4, 3, 3 are low; group 0 then has one hidden (the 4), so the 6 goes;
	 * group 2 = 3 + 4 has three hidden. */
	static const uint64_t f[] = { 10, 4, 6, 3, 3 };
	is_int(suppress_apply(f, 5, g2, 2, h5), 1, "cascade: one complement");
	ok(!h5[0] && h5[1] && h5[2] && h5[3] && h5[4], "cascade: the 6 goes");
}

static void test_outlier(void)
{
	/* share 10/100 against 5/100: exactly twice, not more */
	ok(!code_share_outlier(10, 100, 5, 100), "exactly twice is not an outlier");
	ok(code_share_outlier(11, 100, 5, 100), "more than twice is");
	ok(!code_share_outlier(9, 10, 0, 100), "9 sessions: below the minimum");
	ok(code_share_outlier(10, 10, 0, 100), "others never used it: outlier");
	ok(code_share_outlier(10, 12, 2, 18), "Elm's O: 10/12 against 2/18");
	ok(!code_share_outlier(10, 100, 50, 100), "a lower share is not");
	ok(!code_share_outlier(0, 0, 0, 0), "no sessions at all");
}

static void test_sample(void)
{
	uint64_t s1 = 42, s2 = 42, s3 = 43;
	uint64_t a = sample_next(&s1), b = sample_next(&s2), c = sample_next(&s3);

	ok(a == b, "the same seed gives the same sequence");
	ok(a != c, "another seed another");
	/* splitmix64 from state 0: the published first output */
	uint64_t z = 0;
	ok(sample_next(&z) == 0xe220a8397b1dcdafULL, "splitmix64 reference value");

	/* weight w: the largest of w draws, consuming w draws */
	uint64_t x = 7, y = 7;
	uint64_t k3 = sample_key(&x, 3);
	uint64_t d1 = sample_next(&y), d2 = sample_next(&y), d3 = sample_next(&y);
	uint64_t m = d1 > d2 ? d1 : d2;
	ok(k3 == (m > d3 ? m : d3), "a key of weight 3 is the largest of 3 draws");
	ok(x == y, "and uses exactly 3 draws");

	/* Over many draws a weight-3 key beats a weight-1 key 3 times in 4. */
	uint64_t st = 1;
	int wins = 0;
	for (int i = 0; i < 4000; i++)
		wins += sample_key(&st, 3) > sample_key(&st, 1);
	ok(wins > 2850 && wins < 3150, "weight 3 wins about 3000 of 4000 (%d)", wins);
}

int main(void)
{
	test_primary();
	test_secondary();
	test_outlier();
	test_sample();
	return tap_done();
}
