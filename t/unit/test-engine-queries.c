/*
 * The engine's queries for the figures: tallies by the caller's groups,
 * code histograms, registers taken and each row's weekday pattern.
 * First small cases worked out by hand (2025/26: 2025-09-01 is a
 * Monday), then a randomised cross-check of each against a naive loop
 * over the marks written here, with the AVX2 kernels and the portable
 * ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/code.h"
#include "core/date.h"
#include "core/measure.h"
#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "tap.h"

#define YEAR 2025

static mark_t code(const char *c)
{
	return code_find(c, strlen(c));
}

static int slot(int m, int d, int pm)
{
	return session_slot(date_from_ymd(m >= 8 ? YEAR : YEAR + 1, m, d),
			    pm ? SESSION_PM : SESSION_AM);
}

/* Writes a register written as codes separated by spaces, from a slot. */
static void set(struct engine *e, size_t row, int from, const char *codes)
{
	mark_t m[YEAR_SLOTS_MAX];
	size_t n = 0;
	char buf[8];
	struct error err = ERROR_INIT;

	for (const char *p = codes; *p;) {
		size_t len = strcspn(p, " ");
		memcpy(buf, p, len);
		buf[len] = '\0';
		m[n++] = strcmp(buf, "-") ? code(buf) : MARK_MISSING;
		p += len;
		while (*p == ' ')
			p++;
	}
	if (engine_set_marks(e, row, from, m, n, &err))
		printf("# set: %s\n", err.msg);
}

static size_t add(struct engine *e, uint32_t id, uint32_t school, uint16_t flags)
{
	struct engine_row r = { id, school, flags, 7, 0 };
	return engine_add_row(e, &r);
}

/*
 * The school days of 1-12 September 2025 (20 sessions) and three schools:
 *   row 0, school 0, FSM:  week 1 "/ \ / \ I \ / \ / O", week 2 present
 *                          (absent 2 of 20: PA)
 *   row 1, school 0:       present throughout, but L on Tuesday 2 AM,
 *                          U on Tuesday 2 PM and L on Tuesday 9 AM
 *                          (absent 1 of 20, the U: expected)
 *   row 2, school 1, FSM:  week 1 present, week 2 N all week (SA)
 *   row 3, school 1:       X every session (no possible session)
 *   row 4, school 2:       '#' all of week 1
 *   row 5, school 2:       no mark at all
 *   row 6, school 2:       one mark, / on Tuesday 9 AM
 * Every row but 3-6 is of compulsory school age.
 */
static struct engine *small(void)
{
	struct engine *e = engine_new(YEAR);
	const char *week = "/ \\ / \\ / \\ / \\ / \\";
	int slots[20], n = 0;

	for (int d = 1; d <= 12; d++) {
		if (d == 6 || d == 7)
			continue;
		slots[n++] = slot(9, d, 0);
		slots[n++] = slot(9, d, 1);
	}
	engine_add_slots(e, slots, (size_t)n);
	engine_add_school(e, 1, 100001);
	engine_add_school(e, 2, 100002);
	engine_add_school(e, 3, 100003);
	add(e, 11, 0, ENGINE_FLAG(ENGINE_COHORT_FSM) | ENGINE_COMPULSORY);
	add(e, 12, 0, ENGINE_COMPULSORY);
	add(e, 13, 1, ENGINE_FLAG(ENGINE_COHORT_FSM) | ENGINE_COMPULSORY);
	add(e, 14, 1, 0);
	add(e, 15, 2, 0);
	add(e, 16, 2, 0);
	add(e, 17, 2, 0);
	set(e, 0, slot(9, 1, 0), "/ \\ / \\ I \\ / \\ / O");
	set(e, 0, slot(9, 8, 0), week);
	set(e, 1, slot(9, 1, 0), "/ \\ L U / \\ / \\ / \\");
	set(e, 1, slot(9, 8, 0), "/ \\ L \\ / \\ / \\ / \\");
	set(e, 2, slot(9, 1, 0), week);
	set(e, 2, slot(9, 8, 0), "N N N N N N N N N N");
	set(e, 3, slot(9, 1, 0), "X X X X X X X X X X");
	set(e, 3, slot(9, 8, 0), "X X X X X X X X X X");
	set(e, 4, slot(9, 1, 0), "# # # # # # # # # #");
	set(e, 6, slot(9, 9, 0), "/");
	return e;
}

static int tally_is(const struct tally *t, uint64_t n, uint64_t p, uint64_t att,
		    uint64_t au, uint64_t un, uint64_t pa, uint64_t sa)
{
	return t->enrolments == n && t->possible == p && t->attendance == att &&
	       t->authorised == au && t->unauthorised == un && t->pa == pa &&
	       t->sa == sa;
}

static void test_group_tallies(void)
{
	struct engine *e = small();
	uint32_t parity[7], some[7];
	struct tally a[2], b[1];
	struct engine_grouping g[2] = { { parity, 2, a }, { some, 1, b } };
	struct engine_filter fsm = { 0, 0, ENGINE_FLAG(ENGINE_COHORT_FSM) };
	struct engine_filter first_week = { slot(9, 1, 0), slot(9, 6, 0), 0 };
	struct error err = ERROR_INIT;

	for (uint32_t r = 0; r < 7; r++) {
		parity[r] = r % 2;
		some[r] = r == 0 ? ENGINE_NO_GROUP : 0;
	}
	ok(!engine_group_tallies(e, NULL, g, 2, &err), "group tallies");
	/* rows 0, 2 and 6 (4 has no possible session): 41 possible,
	 * attendance 18 + 10 + 1, 1 I, 1 O + 10 N */
	ok(tally_is(&a[0], 3, 41, 29, 1, 11, 2, 1) && a[0].band[BAND_PA] == 1 &&
	   a[0].band[BAND_SA] == 1 && a[0].band[BAND_EXPECTED] == 1,
	   "even rows: 0 (PA), 2 (SA) and 6 (expected)");
	/* row 1 alone (3 and 5 have none): 19 present, the U */
	ok(tally_is(&a[1], 1, 20, 19, 0, 1, 0, 0) && a[1].band[BAND_EXPECTED] == 1,
	   "odd rows: row 1, expected");
	ok(tally_is(&b[0], 3, 41, 30, 0, 11, 1, 1),
	   "a row with no group is left out: rows 1, 2 and 6");
	ok(!engine_group_tallies(e, &fsm, g, 2, &err) &&
	   tally_is(&a[0], 2, 40, 28, 1, 11, 2, 1) && a[1].enrolments == 0 &&
	   tally_is(&b[0], 1, 20, 10, 0, 10, 1, 1),
	   "a flag filter keeps only its rows (0 and 2)");
	ok(!engine_group_tallies(e, &first_week, g, 2, &err) &&
	   tally_is(&a[0], 2, 20, 18, 1, 1, 1, 0) && a[0].band[BAND_EXPECTED] == 1,
	   "the first week: row 0 at 20%% (PA), row 2 present");
	parity[2] = 7;
	ok(!engine_group_tallies(e, NULL, g, 1, &err) &&
	   tally_is(&a[0], 2, 21, 19, 1, 1, 1, 0),
	   "a group number past nr_groups counts nowhere: rows 0 and 6");
	engine_free(e);
}

static void test_codes(void)
{
	struct engine *e = small();
	uint32_t h[3 * ENGINE_CODES], byday[3 * 5 * ENGINE_CODES];
	uint16_t bin[20];
	struct engine_filter first_week = { slot(9, 1, 0), slot(9, 6, 0), 0 };
	struct engine_filter fsm = { 0, 0, ENGINE_FLAG(ENGINE_COHORT_FSM) };
	struct error err = ERROR_INIT;
	mark_t am = code("/"), pm = code("\\");

	ok(!engine_codes(e, NULL, NULL, 0, h, &err), "code histogram");
	/* row 0: 4 + 5 "/", 4 + 5 "\", an I and an O; row 1: 4 + 4 "/"
	 * (two AMs are L), 4 + 5 "\" (one PM is U) */
	ok(h[am] == 17 && h[pm] == 18 && h[code("I")] == 1 && h[code("O")] == 1 &&
	   h[code("L")] == 2 && h[code("U")] == 1 && h[MARK_MISSING] == 0,
	   "school 0: 17 /, 18 \\, I, O, 2 L, U, nothing missing");
	ok(h[ENGINE_CODES + am] == 5 && h[ENGINE_CODES + code("N")] == 10 &&
	   h[ENGINE_CODES + code("X")] == 20, "school 1: 5 /, 10 N, 20 X");
	ok(h[2 * ENGINE_CODES + MARK_CLOSURE] == 10 &&
	   h[2 * ENGINE_CODES + am] == 1 && h[2 * ENGINE_CODES] == 60 - 11,
	   "school 2: 10 #, 1 /, the other 49 of 60 missing");
	ok(!engine_codes(e, &first_week, NULL, 0, h, &err) &&
	   h[ENGINE_CODES + am] == 5 && h[ENGINE_CODES + code("N")] == 0 &&
	   h[ENGINE_CODES + code("X")] == 10, "school 1 in the first week");
	ok(!engine_codes(e, &fsm, NULL, 0, h, &err) && h[am] == 9 &&
	   h[code("L")] == 0, "FSM only: row 0 at school 0");
	for (int c = 0; c < 20; c++)
		bin[c] = (uint16_t)(c / 2 % 5);		/* the weekday */
	ok(!engine_codes(e, NULL, bin, 5, byday, &err), "by weekday");
	/* Wednesdays at school 0: row 0 I \ / \, row 1 / \ / \ */
	ok(byday[2 * ENGINE_CODES + am] == 3 && byday[2 * ENGINE_CODES + pm] == 4 &&
	   byday[2 * ENGINE_CODES + code("I")] == 1,
	   "school 0 on Wednesdays: 3 /, 4 \\, the I");
	/* Tuesdays at school 0: row 0 / \ / \, row 1 L U L \ */
	ok(byday[1 * ENGINE_CODES + code("L")] == 2 &&
	   byday[1 * ENGINE_CODES + code("U")] == 1 &&
	   byday[1 * ENGINE_CODES + pm] == 3, "school 0 on Tuesdays: 2 L, U, 3 \\");
	ok(byday[(2 * 5 + 1) * ENGINE_CODES + am] == 1 &&
	   byday[(2 * 5 + 0) * ENGINE_CODES + am] == 0,
	   "school 2: its one / is on a Tuesday");
	engine_free(e);
}

static void test_registers(void)
{
	struct engine *e = small();
	uint8_t taken[3 * YEAR_SLOTS_MAX];
	uint32_t rows[3], marked[3];
	struct engine_filter week_2 = { slot(9, 8, 0), slot(9, 13, 0), 0 };
	struct engine_filter compulsory = { 0, 0, ENGINE_COMPULSORY };
	const uint8_t both = ENGINE_SESSION_MARKED | ENGINE_SESSION_OPEN;
	struct error err = ERROR_INIT;
	int all = 1;

	ok(!engine_registers(e, NULL, taken, rows, marked, &err), "registers");
	for (int d = 1; d <= 12; d++)
		for (int pm = 0; d != 6 && d != 7 && pm < 2; pm++)
			all &= taken[slot(9, d, pm)] == both &&
			       taken[YEAR_SLOTS_MAX + slot(9, d, pm)] == both;
	ok(all, "schools 0 and 1: every session marked and open (X is open)");
	ok(taken[slot(9, 6, 0)] == 0 && taken[slot(8, 29, 0)] == 0,
	   "no mark on a Saturday or before the columns");
	ok(taken[2 * YEAR_SLOTS_MAX + slot(9, 3, 1)] == ENGINE_SESSION_MARKED,
	   "school 2 in week 1: marked, but '#' is not open");
	ok(taken[2 * YEAR_SLOTS_MAX + slot(9, 9, 0)] == both &&
	   taken[2 * YEAR_SLOTS_MAX + slot(9, 9, 1)] == 0 &&
	   taken[2 * YEAR_SLOTS_MAX + slot(9, 8, 0)] == 0,
	   "school 2 in week 2: only Tuesday 9 AM");
	ok(rows[0] == 2 && rows[1] == 2 && rows[2] == 3 && marked[0] == 2 &&
	   marked[1] == 2 && marked[2] == 2,
	   "rows 2, 2, 3; with a mark 2, 2, 2 (row 5 has none)");
	ok(!engine_registers(e, &week_2, taken, rows, marked, &err) &&
	   taken[2 * YEAR_SLOTS_MAX + slot(9, 3, 1)] == 0 &&
	   taken[2 * YEAR_SLOTS_MAX + slot(9, 9, 0)] == both &&
	   rows[2] == 3 && marked[2] == 1,
	   "week 2 only: school 2's '#' is outside, one row with a mark");
	ok(!engine_registers(e, &compulsory, taken, NULL, marked, &err) &&
	   marked[2] == 0 && taken[YEAR_SLOTS_MAX + slot(9, 1, 0)] == both &&
	   taken[2 * YEAR_SLOTS_MAX + slot(9, 9, 0)] == 0,
	   "compulsory age only: school 2 has none, school 1 row 2");
	engine_free(e);
}

static void test_row_patterns(void)
{
	struct engine *e = small();
	struct engine_pattern p[7];
	struct engine_filter first_week = { slot(9, 1, 0), slot(9, 6, 0), 0 };
	struct engine_filter fsm = { 0, 0, ENGINE_FLAG(ENGINE_COHORT_FSM) };
	struct error err = ERROR_INIT;
	mark_t late = code("L");

	/* a Saturday session adds a column: not a weekday, not counted */
	ok(!engine_set_marks(e, 1, slot(9, 6, 0), &late, 1, &err),
	   "a Saturday L for row 1");
	ok(!engine_row_patterns(e, NULL, p, &err), "row patterns");
	ok(p[0].possible[0] == 4 && p[0].absent[0] == 0 && p[0].possible[2] == 4 &&
	   p[0].absent[2] == 1 && p[0].absent[4] == 1 && p[0].late == 0,
	   "row 0: 4 sessions a weekday; the I on a Wednesday, the O on a Friday");
	ok(p[1].possible[1] == 4 && p[1].absent[1] == 1 && p[1].late == 2 &&
	   p[1].late_after == 1, "row 1: Tuesdays 4, the U absent; 2 L (not "
	   "Saturday's), 1 U");
	ok(p[2].absent[0] == 2 && p[2].absent[3] == 2 && p[2].possible[3] == 4,
	   "row 2: 2 N of 4 every weekday");
	ok(p[3].possible[0] == 0 && p[3].absent[0] == 0,
	   "row 3: X is no possible session");
	ok(p[6].possible[1] == 1 && p[6].possible[0] == 0,
	   "row 6: its one session, a Tuesday");
	ok(!engine_row_patterns(e, &first_week, p, &err) && p[2].absent[0] == 0 &&
	   p[2].possible[0] == 2 && p[1].late == 1 && p[1].late_after == 1,
	   "the first week: row 2 present, row 1 one L, one U");
	ok(!engine_row_patterns(e, &fsm, p, &err) && p[1].possible[1] == 0 &&
	   p[1].late == 0 && p[0].possible[0] == 4,
	   "FSM only: row 1 is left out, row 0 kept");
	engine_free(e);
}

/* ---- randomised cross-check against a naive loop -------------------- */

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

struct world {
	struct engine *e;
	size_t rows;
	int schools;
	mark_t (*m)[YEAR_SLOTS_MAX];	/* the test's own copy, by slot */
	uint8_t column[YEAR_SLOTS_MAX];	/* slots with a column */
};

static void build_world(struct world *w, size_t rows, int schools)
{
	int limit = academic_year_slots(YEAR), slots[YEAR_SLOTS_MAX], n = 0;

	memset(w, 0, sizeof(*w));
	w->e = engine_new(YEAR);
	w->rows = rows;
	w->schools = schools;
	w->m = calloc(rows, sizeof(*w->m));
	/* weekdays of September to July less holidays, and some Saturdays */
	for (int s = 0; s < limit; s++) {
		day_t d = slot_day(YEAR, s);
		int wd = date_weekday(d);

		if (d < date_from_ymd(YEAR, 9, 1) || wd == 6 || (wd == 5 && rnd(8)) ||
		    rnd(10) == 0)
			continue;
		slots[n++] = s;
		w->column[s] = 1;
	}
	engine_add_slots(w->e, slots, (size_t)n);
	for (int s = 0; s < schools; s++)
		engine_add_school(w->e, s + 1, 100000 + s);
	for (size_t r = 0; r < rows; r++) {
		/* schools in runs, with strays */
		struct engine_row row = {
			(uint32_t)r + 1,
			rnd(7) ? (uint32_t)(r * (size_t)schools / rows) :
				 rnd((uint32_t)schools),
			(uint16_t)(rnd(1u << ENGINE_COHORT_COUNT) |
				   (rnd(4) ? ENGINE_COMPULSORY : 0)),
			(int8_t)rnd(14), 0
		};
		uint32_t absence = rnd(4) ? rnd(8) : rnd(100), blank = rnd(30);
		struct error err = ERROR_INIT;

		engine_add_row(w->e, &row);
		for (int s = 0; s < limit; s++) {
			mark_t m = 0;

			if (!w->column[s] || blank == 0)
				continue;	/* some rows have no mark at all */
			if (rnd(100) < absence)
				m = (mark_t)(mark_category_first[CATEGORY_AUTHORISED] +
					     rnd(mark_category_first[CATEGORY_COUNT] -
						 mark_category_first[CATEGORY_AUTHORISED]));
			else if (rnd(40) == 0)
				m = (mark_t)rnd((uint32_t)code_count);
			else if (rnd(60) == 0)
				m = MARK_CLOSURE;
			else if (rnd(100) != 0)
				m = code(s & 1 ? "\\" : "/");
			w->m[r][s] = m;
		}
		engine_set_marks(w->e, r, 0, w->m[r], (size_t)limit, &err);
	}
}

static void naive_tally(struct tally *t, const mark_t *m, int from, int to)
{
	struct measure x = { 0 };

	for (int s = from; s < to; s++)
		measure_add_marks(&x, &m[s], 1);
	tally_add(t, &x);
}

static void check_world(struct world *w, const struct engine_filter *f,
			const char *how)
{
	struct engine *e = w->e;
	int from = f->slot_from, to = f->slot_to;
	size_t S = (size_t)w->schools, R = w->rows;
	uint32_t *g_school = malloc(R * sizeof(*g_school));
	uint32_t *g_year = malloc(R * sizeof(*g_year));
	struct tally *t_school = calloc(S, sizeof(*t_school)), t_year[14];
	struct tally *n_school = calloc(S, sizeof(*n_school)), n_year[14];
	struct engine_grouping g[2] = { { g_school, S, t_school }, { g_year, 14, t_year } };
	uint32_t *codes = calloc(S * ENGINE_CODES, sizeof(*codes));
	uint32_t *n_codes = calloc(S * ENGINE_CODES, sizeof(*n_codes));
	uint8_t *taken = calloc(S, YEAR_SLOTS_MAX), *n_taken = calloc(S, YEAR_SLOTS_MAX);
	uint32_t *rows = calloc(S, sizeof(*rows)), *n_rows = calloc(S, sizeof(*n_rows));
	uint32_t *marked = calloc(S, sizeof(*marked));
	uint32_t *n_marked = calloc(S, sizeof(*n_marked));
	struct engine_pattern *pat = calloc(R, sizeof(*pat));
	int bad_pattern = 0;
	struct error err = ERROR_INIT;
	mark_t late = code("L"), late_after = code("U");

	if (!from && !to)
		to = academic_year_slots(YEAR);
	memset(n_year, 0, sizeof(n_year));
	for (size_t r = 0; r < R; r++) {
		g_school[r] = e->school[r];
		g_year[r] = r % 5 ? (uint32_t)e->year_group[r] : ENGINE_NO_GROUP;
	}
	ok(!engine_group_tallies(e, f, g, 2, &err) &&
	   !engine_codes(e, f, NULL, 0, codes, &err) &&
	   !engine_registers(e, f, taken, rows, marked, &err) &&
	   !engine_row_patterns(e, f, pat, &err), "%s: every query runs", how);
	for (size_t r = 0; r < R; r++) {
		const mark_t *m = w->m[r];
		size_t s = e->school[r];
		struct engine_pattern np;
		int any = 0;

		if ((e->flags[r] & f->flags) != f->flags) {
			static const struct engine_pattern zero;
			bad_pattern += memcmp(&pat[r], &zero, sizeof(zero)) != 0;
			continue;
		}
		naive_tally(&n_school[s], m, from, to);
		if (g_year[r] != ENGINE_NO_GROUP)
			naive_tally(&n_year[g_year[r]], m, from, to);
		memset(&np, 0, sizeof(np));
		n_rows[s]++;
		for (int k = from; k < to; k++) {
			int d = date_weekday(slot_day(YEAR, k));
			enum mark_category c = mark_category(m[k]);

			if (!w->column[k])
				continue;
			n_codes[s * ENGINE_CODES + m[k]]++;
			if (m[k] != MARK_MISSING) {
				n_taken[s * YEAR_SLOTS_MAX + (size_t)k] |=
					ENGINE_SESSION_MARKED |
					(m[k] != MARK_CLOSURE ? ENGINE_SESSION_OPEN : 0);
				any = 1;
			}
			if (d > 4)
				continue;
			np.possible[d] += c >= CATEGORY_PRESENT;
			np.absent[d] += c == CATEGORY_AUTHORISED ||
					c == CATEGORY_UNAUTHORISED;
			np.late += m[k] == late;
			np.late_after += m[k] == late_after;
		}
		n_marked[s] += any;
		bad_pattern += memcmp(&pat[r], &np, sizeof(np)) != 0;
	}
	ok(!memcmp(t_school, n_school, S * sizeof(*t_school)),
	   "%s: tallies grouped by school match", how);
	ok(!memcmp(t_year, n_year, sizeof(t_year)),
	   "%s: tallies grouped by year group (some rows in none) match", how);
	ok(!memcmp(codes, n_codes, S * ENGINE_CODES * sizeof(*codes)),
	   "%s: code histograms match", how);
	ok(!memcmp(taken, n_taken, S * YEAR_SLOTS_MAX) &&
	   !memcmp(rows, n_rows, S * sizeof(*rows)) &&
	   !memcmp(marked, n_marked, S * sizeof(*marked)),
	   "%s: registers taken, rows and rows with a mark match", how);
	is_int(bad_pattern, 0, "%s: every row's weekday pattern matches", how);
	free(g_school);
	free(g_year);
	free(t_school);
	free(n_school);
	free(codes);
	free(n_codes);
	free(taken);
	free(n_taken);
	free(rows);
	free(n_rows);
	free(marked);
	free(n_marked);
	free(pat);
}

static void test_random(void)
{
	struct world w;
	int limit = academic_year_slots(YEAR);
	struct engine_filter whole = { 0, 0, 0 };
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	struct engine_filter autumn = { slot(9, 3, 1), slot(12, 19, 0), 0 };
	struct engine_filter odd = { 0, 0, ENGINE_FLAG(ENGINE_COHORT_EAL) };
	struct engine_filter empty = { 100, 100, 0 };
	char how[96];
	int have_avx2 = engine_avx2();

	build_world(&w, 4000, 9);
	odd.slot_from = 17 + (int)rnd(200);
	odd.slot_to = odd.slot_from + 1 + (int)rnd((uint32_t)(limit - odd.slot_from - 1));
	for (int avx = 0; avx <= 1; avx++) {
		const char *k = avx ? "AVX2" : "portable";

		if (avx && !have_avx2) {
			ok(1, "# SKIP no AVX2 on this CPU");
			break;
		}
		engine_use_avx2 = avx;
		snprintf(how, sizeof(how), "%s, whole year", k);
		check_world(&w, &whole, how);
		snprintf(how, sizeof(how), "%s, compulsory age", k);
		check_world(&w, &headline, how);
		snprintf(how, sizeof(how), "%s, autumn term", k);
		check_world(&w, &autumn, how);
		snprintf(how, sizeof(how), "%s, EAL, slots %d..%d", k, odd.slot_from,
			 odd.slot_to);
		check_world(&w, &odd, how);
		snprintf(how, sizeof(how), "%s, empty range", k);
		check_world(&w, &empty, how);
		w.e->threads = 1;
		snprintf(how, sizeof(how), "%s, one thread", k);
		check_world(&w, &autumn, how);
		w.e->threads = 2;
		w.e->chunk_rows = 333;
		snprintf(how, sizeof(how), "%s, chunks of 333 rows", k);
		check_world(&w, &headline, how);
		w.e->chunk_rows = 16384;
	}
	engine_use_avx2 = -1;
	engine_free(w.e);
	free(w.m);
}

int main(void)
{
	test_group_tallies();
	test_codes();
	test_registers();
	test_row_patterns();
	test_random();
	return tap_done();
}
