/*
 * The analytics engine (issue 7).  First small cases worked out by hand
 * (2025/26: 2025-09-01 is a Monday), then a randomised cross-check of
 * every query against a naive loop over the marks written here, from the
 * code table's categories alone, run with the AVX2 kernels and with the
 * portable ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/code.h"
#include "core/date.h"
#include "core/measure.h"
#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "store/store.h"
#include "tap.h"

#include <unistd.h>

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

/* The school days of two weeks, 1-5 and 8-12 September 2025. */
static struct engine *two_weeks(void)
{
	struct engine *e = engine_new(YEAR);
	int slots[20], n = 0;

	for (int d = 1; d <= 12; d++) {
		if (d == 6 || d == 7)
			continue;
		slots[n++] = slot(9, d, 0);
		slots[n++] = slot(9, d, 1);
	}
	engine_add_slots(e, slots, (size_t)n);
	return e;
}

static size_t add(struct engine *e, uint32_t id, uint32_t school, uint16_t flags)
{
	struct engine_row r = { id, school, flags, 7, 0 };
	return engine_add_row(e, &r);
}

static void test_layout(void)
{
	struct engine *e = two_weeks();
	mark_t got[YEAR_SLOTS_MAX];
	size_t r;
	struct error err = ERROR_INIT;
	mark_t sat = code("/");

	is_int(e->nr_cols, 20, "two weeks of school days are 20 columns");
	is_int(e->stride, 32, "the stride is the columns rounded up to 32");
	engine_add_school(e, 1, 100001);
	r = add(e, 1, 0, 0);
	set(e, r, slot(9, 1, 0), "/ \\ L \\ I");
	engine_get_marks(e, r, got);
	is_int(got[slot(9, 1, 0)], code("/"), "a mark reads back from its slot");
	is_int(got[slot(9, 3, 0)], code("I"), "the fifth mark is Wednesday AM");
	is_int(got[slot(9, 6, 0)], MARK_MISSING, "Saturday stays missing");
	/* a Saturday session adds a column and keeps every mark */
	ok(!engine_set_marks(e, r, slot(9, 6, 0), &sat, 1, &err),
	   "a mark on a day without a column is accepted");
	is_int(e->nr_cols, 21, "and adds a column");
	engine_get_marks(e, r, got);
	ok(got[slot(9, 6, 0)] == sat && got[slot(9, 3, 0)] == code("I") &&
	   got[slot(9, 1, 1)] == code("\\"), "marks survive the new layout");
	ok(engine_set_marks(e, 5, 0, &sat, 1, &err) && err.kind == ERROR_INPUT,
	   "a row that does not exist is refused");
	ok(engine_set_marks(e, r, academic_year_slots(YEAR), &sat, 1, &err),
	   "a slot past the end of the year is refused");
	{
		mark_t bad = 200;
		engine_set_marks(e, r, slot(9, 1, 0), &bad, 1, &err);
		engine_get_marks(e, r, got);
		is_int(got[slot(9, 1, 0)], MARK_MISSING,
		       "a byte outside the code table is stored as missing");
	}
	for (uint32_t i = 0; i < 3000; i++)
		add(e, 2 + i, 0, 0);
	engine_get_marks(e, r, got);
	ok(e->nr_rows == 3001 && got[slot(9, 3, 0)] == code("I"),
	   "rows grow past the first allocation, keeping marks");
	engine_free(e);
}

/*
 * Three pupils in two schools over 1-12 September (20 sessions):
 *   row 0, school 0, FSM:  18 present, 1 I, 1 O    absent 2/20 = 10%: PA
 *   row 1, school 0:       20 present               0%: expected
 *   row 2, school 1, FSM+EHCP: 10 present, 10 N     50%: SA
 *   row 3, school 1:       every session X          no possible sessions
 */
static struct engine *small(void)
{
	struct engine *e = two_weeks();
	const char *week = "/ \\ / \\ / \\ / \\ / \\";

	engine_add_school(e, 1, 100001);
	engine_add_school(e, 2, 100002);
	add(e, 11, 0, ENGINE_FLAG(ENGINE_COHORT_FSM) | ENGINE_COMPULSORY);
	add(e, 12, 0, ENGINE_COMPULSORY);
	add(e, 13, 1, ENGINE_FLAG(ENGINE_COHORT_FSM) |
	    ENGINE_FLAG(ENGINE_COHORT_EHCP) | ENGINE_COMPULSORY);
	add(e, 14, 1, 0);
	set(e, 0, slot(9, 1, 0), "/ \\ / \\ I \\ / \\ / O");
	set(e, 0, slot(9, 8, 0), week);
	set(e, 1, slot(9, 1, 0), week);
	set(e, 1, slot(9, 8, 0), week);
	set(e, 2, slot(9, 1, 0), week);
	set(e, 2, slot(9, 8, 0), "N N N N N N N N N N");
	set(e, 3, slot(9, 1, 0), "X X X X X X X X X X");
	set(e, 3, slot(9, 8, 0), "X X X X X X X X X X");
	return e;
}

static void test_measures(void)
{
	struct engine *e = small();
	struct measure m[4];
	uint8_t band[4];
	struct engine_filter first_week = { slot(9, 1, 0), slot(9, 6, 0), 0 };
	struct engine_filter compulsory = { 0, 0, ENGINE_COMPULSORY };
	struct error err = ERROR_INIT;

	ok(!engine_measures(e, NULL, m, band, &err), "measures: whole year");
	ok(m[0].possible == 20 && m[0].attendance == 18 && m[0].authorised == 1 &&
	   m[0].unauthorised == 1, "row 0: 20 possible, 18 present, 1 I, 1 O");
	is_int(band[0], BAND_PA, "row 0: 10%% absence is PA");
	is_int(band[1], BAND_EXPECTED, "row 1: full attendance is expected");
	ok(band[2] == BAND_SA && m[2].unauthorised == 10, "row 2: 50%% is SA");
	ok(band[3] == BAND_NONE && m[3].possible == 0 && m[3].not_possible == 20,
	   "row 3: X all year is no band, 20 not possible");
	is_int(m[1].missing, (long long)e->nr_cols - 20,
	       "missing counts the columns without a mark");
	ok(!engine_measures(e, &first_week, m, band, &err), "measures: first week");
	ok(m[0].possible == 10 && m[0].authorised == 1 && m[0].unauthorised == 1 &&
	   band[0] == BAND_PA, "row 0 in week 1: 2 of 10 absent, 20%%: still PA");
	is_int(band[2], BAND_EXPECTED, "row 2 in week 1: present throughout");
	ok(!engine_measures(e, &compulsory, NULL, band, &err) &&
	   band[3] == BAND_NONE && band[0] == BAND_PA,
	   "a flag filter leaves other rows out");
	{
		struct engine_filter bad = { 10, 5, 0 };
		ok(engine_measures(e, &bad, m, band, &err) && err.kind == ERROR_INPUT,
		   "a backwards slot range is refused");
	}
	engine_free(e);
}

static void test_tallies(void)
{
	struct engine *e = small();
	struct tally t[ENGINE_COHORT_COUNT], all;
	struct error err = ERROR_INIT;

	ok(!engine_school_summary(e, NULL, t, &err), "school summary");
	ok(t[0].enrolments == 2 && t[0].possible == 40 && t[0].attendance == 38 &&
	   t[0].authorised == 1 && t[0].unauthorised == 1 && t[0].pa == 1 &&
	   t[0].sa == 0, "school 0: 2 enrolments, 40 possible, 1 PA");
	ok(t[0].band[BAND_PA] == 1 && t[0].band[BAND_EXPECTED] == 1,
	   "school 0 by band: 1 expected, 1 PA");
	ok(t[1].enrolments == 1 && t[1].possible == 20 && t[1].unauthorised == 10 &&
	   t[1].pa == 1 && t[1].sa == 1,
	   "school 1: the X-only pupil is not counted; 1 SA, also PA");
	ok(!engine_authority(e, NULL, &all, &err) && all.enrolments == 3 &&
	   all.possible == 60 && all.pa == 2 && all.sa == 1,
	   "authority: 3 enrolments, 60 possible, 2 PA, 1 SA");
	ok(!engine_cohorts(e, NULL, t, &err), "cohort breakdown");
	ok(t[ENGINE_COHORT_FSM].enrolments == 2 &&
	   t[ENGINE_COHORT_FSM].band[BAND_PA] == 1 &&
	   t[ENGINE_COHORT_FSM].band[BAND_SA] == 1,
	   "FSM: rows 0 and 2, one PA and one SA");
	ok(t[ENGINE_COHORT_EHCP].enrolments == 1 && t[ENGINE_COHORT_EHCP].sa == 1,
	   "EHCP: row 2, SA");
	is_int(t[ENGINE_COHORT_CLA].enrolments, 0, "no looked-after children");
	ok(!engine_area_summary(e, NULL, t, &err) && t[0].enrolments == 3,
	   "area summary: all in the unknown area");
	engine_free(e);
}

static void test_weekly_and_patterns(void)
{
	struct engine *e = small();
	struct engine_sums per[2 * ENGINE_WEEKS], all[ENGINE_WEEKS], days[7];
	struct error err = ERROR_INIT;
	/* 1 August 2025 is a Friday: week 0 starts Monday 28 July */
	int w1 = (date_from_ymd(2025, 9, 1) - date_from_ymd(2025, 7, 28)) / 7;

	is_int(w1, 5, "1 September 2025 is in week 5 of the year");
	is_int(engine_week_monday(e, 5), date_from_ymd(2025, 9, 1),
	       "week 5 starts on 1 September");
	ok(!engine_weekly(e, NULL, per, all, &err), "weekly trend");
	ok(per[w1].possible == 20 && per[w1].absent == 2 && per[w1].unauthorised == 1,
	   "school 0, week of 1 September: 20 possible, 2 absent, 1 unauthorised");
	ok(per[w1 + 1].possible == 20 && per[w1 + 1].absent == 0,
	   "school 0, week of 8 September: no absence");
	ok(per[ENGINE_WEEKS + w1 + 1].possible == 10 &&
	   per[ENGINE_WEEKS + w1 + 1].absent == 10,
	   "school 1, week of 8 September: 10 of 10 absent");
	ok(all[w1 + 1].possible == 30 && all[w1 + 1].absent == 10 &&
	   all[w1 + 2].possible == 0, "authority by week");
	set(e, 1, slot(9, 2, 0), "L U");
	set(e, 1, slot(9, 9, 0), "L");
	ok(!engine_patterns(e, NULL, NULL, days, &err), "weekday patterns");
	/* each weekday of week 2 has row 2's two Ns */
	ok(days[1].late == 2 && days[1].late_after == 1 && days[0].late == 0,
	   "Tuesdays: 2 L, 1 U; Mondays none");
	ok(days[1].possible == 12 && days[1].absent == 3 && days[1].unauthorised == 3,
	   "Tuesdays: 12 possible; the U is an unauthorised absence, with 2 N");
	ok(days[4].absent == 3 && days[4].unauthorised == 3 && days[2].absent == 3 &&
	   days[2].unauthorised == 2 && days[0].absent == 2,
	   "Friday PM's O and Wednesday's I, beside the Ns");
	engine_free(e);
}

static void test_penalty(void)
{
	struct engine *e = engine_new(YEAR);
	int slots[YEAR_SLOTS_MAX], n = 0;
	int16_t met[3];
	size_t nr;
	struct error err = ERROR_INIT;
	day_t d;

	/* every weekday from 1 September to 19 December, less half term */
	for (d = date_from_ymd(2025, 9, 1); d <= date_from_ymd(2025, 12, 19); d++) {
		if (date_weekday(d) >= 5 ||
		    (d >= date_from_ymd(2025, 10, 27) && d <= date_from_ymd(2025, 10, 31)))
			continue;
		slots[n++] = session_slot(d, SESSION_AM);
		slots[n++] = session_slot(d, SESSION_PM);
	}
	engine_add_slots(e, slots, (size_t)n);
	engine_add_school(e, 1, 100001);
	for (uint32_t i = 0; i < 3; i++)
		add(e, i + 1, 0, 0);
	/* row 0: present every day; so the school is open every week */
	for (int i = 0; i < n; i++) {
		mark_t p = code(i & 1 ? "\\" : "/");
		engine_set_marks(e, 0, slots[i], &p, 1, &err);
	}
	/* row 1: one O every Monday AM from 1 September but half term: the
	 * 10th is on 10 November, the 10th school week (half term is not one) */
	for (d = date_from_ymd(2025, 9, 1); d <= date_from_ymd(2025, 12, 15); d += 7) {
		mark_t o = code("O");
		if (d == date_from_ymd(2025, 10, 27))
			continue;
		engine_set_marks(e, 1, session_slot(d, SESSION_AM), &o, 1, &err);
	}
	/* row 2: one G every other Monday: never 10 in 10 weeks */
	for (d = date_from_ymd(2025, 9, 1); d <= date_from_ymd(2025, 12, 15); d += 14) {
		mark_t g = code("G");
		if (d == date_from_ymd(2025, 10, 27))
			continue;
		engine_set_marks(e, 2, session_slot(d, SESSION_AM), &g, 1, &err);
	}
	ok(!engine_penalty(e, NULL, met, &nr, &err), "penalty threshold");
	is_int(met[1], session_slot(date_from_ymd(2025, 11, 10), SESSION_AM),
	       "one O a school week: met on the 10th, 10 November");
	is_int(met[0], -1, "no unauthorised absence: not met");
	is_int(met[2], -1, "one G a fortnight: not met");
	is_int(nr, 1, "one enrolment met the threshold");
	{
		struct engine_filter later = {
			session_slot(date_from_ymd(2025, 9, 8), SESSION_AM), 0, 0 };
		later.slot_to = academic_year_slots(YEAR);
		ok(!engine_penalty(e, &later, met, &nr, &err) &&
		   met[1] == session_slot(date_from_ymd(2025, 11, 17), SESSION_AM),
		   "from 8 September the 10th O is a week later");
	}
	engine_free(e);
}

/* ---- randomised cross-check against a naive loop -------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

struct naive {
	uint64_t possible, attendance, authorised, unauthorised, not_possible, missing;
};

static void naive_row(const mark_t *m, int from, int to, const uint8_t *column,
		      struct naive *out)
{
	memset(out, 0, sizeof(*out));
	for (int s = from; s < to; s++) {
		if (!column[s])
			continue;
		switch (code_table[m[s]].category) {
		case CATEGORY_MISSING: out->missing++; break;
		case CATEGORY_NOT_POSSIBLE: out->not_possible++; break;
		case CATEGORY_PRESENT:
		case CATEGORY_APPROVED: out->attendance++; out->possible++; break;
		case CATEGORY_AUTHORISED: out->authorised++; out->possible++; break;
		case CATEGORY_UNAUTHORISED: out->unauthorised++; out->possible++; break;
		default: break;
		}
	}
}

/* band by the table of docs/methodology.md, in integers */
static int naive_band(uint64_t a, uint64_t p)
{
	if (!p)
		return BAND_NONE;
	if (100 * a <= 5 * p)
		return BAND_EXPECTED;
	if (100 * a < 10 * p)
		return BAND_AT_RISK_PA;
	if (100 * a <= 20 * p)
		return BAND_PA;
	if (100 * a < 50 * p)
		return BAND_AT_RISK_SA;
	return BAND_SA;
}

static int same_tally(const struct tally *t, uint64_t n, uint64_t p, uint64_t att,
		      uint64_t au, uint64_t un, uint64_t pa, uint64_t sa,
		      const uint64_t *band)
{
	if (t->enrolments != n || t->possible != p || t->attendance != att ||
	    t->authorised != au || t->unauthorised != un || t->pa != pa || t->sa != sa)
		return 0;
	for (int b = 0; b < BAND_COUNT; b++)
		if (t->band[b] != band[b])
			return 0;
	return 1;
}

struct world {
	struct engine *e;
	size_t rows;
	mark_t (*m)[YEAR_SLOTS_MAX];	/* the test's own copy, by slot */
	uint8_t column[YEAR_SLOTS_MAX];	/* slots with a column */
	int schools;
};

static void build_world(struct world *w, size_t rows, int schools)
{
	int limit = academic_year_slots(YEAR), slots[YEAR_SLOTS_MAX], n = 0;

	memset(w, 0, sizeof(*w));
	w->e = engine_new(YEAR);
	w->rows = rows;
	w->schools = schools;
	w->m = calloc(rows, sizeof(*w->m));
	/* weekdays of September to July, less some holidays, plus Saturdays */
	for (int s = 0; s < limit; s++) {
		day_t d = slot_day(YEAR, s);
		int wd = date_weekday(d);
		if (d < date_from_ymd(YEAR, 9, 1) || wd == 6 || (wd == 5 && rnd(8)))
			continue;
		if (rnd(10) == 0)
			continue;	/* a holiday */
		slots[n++] = s;
		w->column[s] = 1;
	}
	engine_add_slots(w->e, slots, (size_t)n);
	for (int s = 0; s < schools; s++)
		engine_add_school(w->e, s + 1, 100000 + s);
	engine_add_area(w->e, "KM1");
	engine_add_area(w->e, "KM2");
	for (size_t r = 0; r < rows; r++) {
		/* schools in runs, with strays, so both the grouped and the
		 * scattered paths of the column kernels run */
		struct engine_row row = {
			(uint32_t)r + 1,
			rnd(7) ? (uint32_t)(r * (size_t)schools / rows) : rnd((uint32_t)schools),
			(uint16_t)(rnd(1u << ENGINE_COHORT_COUNT) | (rnd(4) ? ENGINE_COMPULSORY : 0)),
			(int8_t)rnd(14), (uint16_t)rnd(3)
		};
		uint32_t absence = rnd(4) ? rnd(8) : rnd(100);	/* percent */
		struct error err = ERROR_INIT;

		engine_add_row(w->e, &row);
		for (int s = 0; s < limit; s++) {
			mark_t m = 0;
			if (!w->column[s])
				continue;
			if (rnd(100) < absence)
				m = (mark_t)(mark_category_first[CATEGORY_AUTHORISED] +
					     rnd(mark_category_first[CATEGORY_COUNT] -
						 mark_category_first[CATEGORY_AUTHORISED]));
			else if (rnd(50) == 0)
				m = (mark_t)rnd((uint32_t)code_count);
			else if (rnd(200) != 0)
				m = code(s & 1 ? "\\" : "/");
			w->m[r][s] = m;
		}
		/* the last rows get an empty register, and one a lone mark */
		if (r + 3 >= rows)
			memset(w->m[r], 0, YEAR_SLOTS_MAX);
		engine_set_marks(w->e, r, 0, w->m[r], (size_t)limit, &err);
	}
}

static int naive_week(day_t d)
{
	return (d - date_monday(academic_year_start(YEAR))) / 7;
}

static void check_world(struct world *w, const struct engine_filter *f,
			const char *how)
{
	struct engine *e = w->e;
	int from = f->slot_from, to = f->slot_to;
	size_t S = (size_t)w->schools;
	struct measure *m = calloc(w->rows, sizeof(*m));
	uint8_t *band = calloc(w->rows, 1);
	int16_t *met = calloc(w->rows, sizeof(*met));
	struct tally *school = calloc(S, sizeof(*school)), cohort[ENGINE_COHORT_COUNT];
	struct tally all, area[3];
	struct engine_sums *weekly = calloc(S * ENGINE_WEEKS, sizeof(*weekly));
	struct engine_sums *days = calloc(S * 7, sizeof(*days)), alldays[7];
	/* naive accumulators */
	uint64_t (*ns)[7 + BAND_COUNT] = calloc(S + ENGINE_COHORT_COUNT + 4,
						sizeof(*ns));
	uint64_t (*nw)[5] = calloc(S * ENGINE_WEEKS, sizeof(*nw));
	uint64_t (*nd)[5] = calloc(S * 7, sizeof(*nd));
	uint64_t open_weeks[64] = { 0 };
	int bad_m = 0, bad_school = 0, bad_cohort = 0, bad_week = 0, bad_day = 0,
	    bad_pen = 0;
	size_t nr_met = 0, naive_met = 0;
	struct error err = ERROR_INIT;
	mark_t late = code("L"), late_after = code("U");

	if (!from && !to)
		to = academic_year_slots(YEAR);
	ok(!engine_measures(e, f, m, band, &err) &&
	   !engine_school_summary(e, f, school, &err) &&
	   !engine_cohorts(e, f, cohort, &err) &&
	   !engine_authority(e, f, &all, &err) &&
	   !engine_area_summary(e, f, area, &err) &&
	   !engine_weekly(e, f, weekly, NULL, &err) &&
	   !engine_patterns(e, f, days, alldays, &err) &&
	   !engine_penalty(e, f, met, &nr_met, &err), "%s: every query runs", how);
	/* school weeks: any mark but missing and '#', over the whole year */
	for (size_t r = 0; r < w->rows; r++)
		for (int s = 0; s < academic_year_slots(YEAR); s++)
			if (w->m[r][s] != MARK_MISSING && w->m[r][s] != MARK_CLOSURE &&
			    w->m[r][s] < code_count)
				open_weeks[e->school[r]] |=
					1ull << naive_week(slot_day(YEAR, s));
	for (size_t r = 0; r < w->rows; r++) {
		struct naive n;
		int keep = (e->flags[r] & f->flags) == f->flags, b;
		uint64_t absent;
		int week_of[YEAR_SLOTS_MAX], nu = 0, first = -1, slot_of[YEAR_SLOTS_MAX];

		/* bytes past the table read as missing */
		mark_t row[YEAR_SLOTS_MAX];
		for (int s = 0; s < YEAR_SLOTS_MAX; s++)
			row[s] = w->m[r][s] < code_count ? w->m[r][s] : 0;
		naive_row(row, from, to, w->column, &n);
		if (!keep)
			memset(&n, 0, sizeof(n));
		absent = n.authorised + n.unauthorised;
		b = naive_band(absent, n.possible);
		if (keep && (m[r].possible != n.possible || m[r].attendance != n.attendance ||
		    m[r].authorised != n.authorised || m[r].unauthorised != n.unauthorised ||
		    m[r].not_possible != n.not_possible || m[r].missing != n.missing))
			bad_m++;
		if (band[r] != b)
			bad_m++;
		if (keep && n.possible) {
			uint64_t row_sums[7] = { 1, n.possible, n.attendance, n.authorised,
						 n.unauthorised, 10 * absent >= n.possible,
						 2 * absent >= n.possible };
			for (int k = 0; k < 7; k++) {
				ns[e->school[r]][k] += row_sums[k];
				ns[S + ENGINE_COHORT_COUNT][k] += row_sums[k];
				for (int c = 0; c < ENGINE_COHORT_COUNT; c++)
					if (e->flags[r] >> c & 1)
						ns[S + (size_t)c][k] += row_sums[k];
			}
			ns[e->school[r]][7 + b]++;
			ns[S + ENGINE_COHORT_COUNT][7 + b]++;
			for (int c = 0; c < ENGINE_COHORT_COUNT; c++)
				if (e->flags[r] >> c & 1)
					ns[S + (size_t)c][7 + b]++;
		}
		if (!keep)
			continue;
		for (int s = from; s < to; s++) {
			enum mark_category c = code_table[row[s]].category;
			day_t d = slot_day(YEAR, s);
			uint64_t *cw = nw[e->school[r] * ENGINE_WEEKS + (size_t)naive_week(d)];
			uint64_t *cd = nd[e->school[r] * 7 + (size_t)date_weekday(d)];
			int possible = c >= CATEGORY_PRESENT,
			    ab = c == CATEGORY_AUTHORISED || c == CATEGORY_UNAUTHORISED;

			if (!w->column[s])
				continue;
			cw[0] += possible;
			cw[1] += ab;
			cw[2] += c == CATEGORY_UNAUTHORISED;
			cd[0] += possible;
			cd[1] += ab;
			cd[2] += c == CATEGORY_UNAUTHORISED;
			cd[3] += row[s] == late;
			cd[4] += row[s] == late_after;
			if (c == CATEGORY_UNAUTHORISED) {
				uint64_t open = open_weeks[e->school[r]];
				int wk = naive_week(d);
				week_of[nu] = __builtin_popcountll(open & ((1ull << wk) - 1));
				slot_of[nu++] = s;
			}
		}
		/* 10 sessions within 10 school weeks: sessions i-9 .. i */
		for (int i = 9; i < nu && first < 0; i++)
			if (week_of[i] - week_of[i - 9] <= 9)
				first = slot_of[i];
		naive_met += first >= 0;
		if (met[r] != first)
			bad_pen++;
	}
	for (size_t s = 0; s < S; s++) {
		const uint64_t *x = ns[s];
		if (!same_tally(&school[s], x[0], x[1], x[2], x[3], x[4], x[5], x[6], x + 7))
			bad_school++;
		for (int wk = 0; wk < ENGINE_WEEKS; wk++) {
			const struct engine_sums *g = &weekly[s * ENGINE_WEEKS + (size_t)wk];
			const uint64_t *y = nw[s * ENGINE_WEEKS + (size_t)wk];
			bad_week += g->possible != y[0] || g->absent != y[1] ||
				    g->unauthorised != y[2];
		}
		for (int d = 0; d < 7; d++) {
			const struct engine_sums *g = &days[s * 7 + (size_t)d];
			const uint64_t *y = nd[s * 7 + (size_t)d];
			bad_day += g->possible != y[0] || g->absent != y[1] ||
				   g->unauthorised != y[2] || g->late != y[3] ||
				   g->late_after != y[4];
		}
	}
	for (int c = 0; c < ENGINE_COHORT_COUNT; c++) {
		const uint64_t *x = ns[S + (size_t)c];
		if (!same_tally(&cohort[c], x[0], x[1], x[2], x[3], x[4], x[5], x[6], x + 7))
			bad_cohort++;
	}
	is_int(bad_m, 0, "%s: every enrolment's measure and band match", how);
	is_int(bad_school, 0, "%s: every school's tally matches", how);
	is_int(bad_cohort, 0, "%s: every cohort's tally and bands match", how);
	{
		const uint64_t *x = ns[S + ENGINE_COHORT_COUNT];
		struct tally sum = { 0 };
		ok(same_tally(&all, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x + 7),
		   "%s: the authority tally matches", how);
		for (int a = 0; a < 3; a++)
			tally_merge(&sum, &area[a]);
		ok(same_tally(&sum, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x + 7),
		   "%s: the areas add up to the authority", how);
	}
	is_int(bad_week, 0, "%s: every school-week's sums match", how);
	is_int(bad_day, 0, "%s: every school-weekday's sums and lateness match", how);
	is_int(bad_pen, 0, "%s: every enrolment's penalty first-met slot matches "
	       "(%zu met)", how, naive_met);
	is_int(nr_met, naive_met, "%s: the count of enrolments met matches", how);
	free(m);
	free(band);
	free(met);
	free(school);
	free(weekly);
	free(days);
	free(ns);
	free(nw);
	free(nd);
}

static void test_random(void)
{
	struct world w;
	int limit = academic_year_slots(YEAR);
	struct engine_filter whole = { 0, 0, 0 };
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	struct engine_filter autumn = { slot(9, 3, 1), slot(12, 19, 0), 0 };
	struct engine_filter odd = { 0, 0, ENGINE_FLAG(ENGINE_COHORT_FSM) };
	struct engine_filter empty = { 100, 100, 0 };
	char how[96];
	int have_avx2 = engine_avx2();

	build_world(&w, 5000, 7);
	odd.slot_from = 17 + (int)rnd(200);
	odd.slot_to = odd.slot_from + 1 + (int)rnd((uint32_t)(limit - odd.slot_from - 1));
	for (int avx = 0; avx <= 1; avx++) {
		if (avx && !have_avx2) {
			ok(1, "# SKIP no AVX2 on this CPU");
			break;
		}
		engine_use_avx2 = avx;
		snprintf(how, sizeof(how), "%s, whole year", avx ? "AVX2" : "portable");
		check_world(&w, &whole, how);
		snprintf(how, sizeof(how), "%s, compulsory age", avx ? "AVX2" : "portable");
		check_world(&w, &headline, how);
		snprintf(how, sizeof(how), "%s, autumn term", avx ? "AVX2" : "portable");
		check_world(&w, &autumn, how);
		snprintf(how, sizeof(how), "%s, FSM, slots %d..%d",
			 avx ? "AVX2" : "portable", odd.slot_from, odd.slot_to);
		check_world(&w, &odd, how);
		snprintf(how, sizeof(how), "%s, empty range", avx ? "AVX2" : "portable");
		check_world(&w, &empty, how);
		w.e->threads = 1;
		snprintf(how, sizeof(how), "%s, one thread", avx ? "AVX2" : "portable");
		check_world(&w, &autumn, how);
		w.e->threads = 2;
		w.e->chunk_rows = 333;
		snprintf(how, sizeof(how), "%s, chunks of 333 rows", avx ? "AVX2" : "portable");
		check_world(&w, &headline, how);
		w.e->chunk_rows = 16384;
	}
	engine_use_avx2 = -1;
	engine_free(w.e);
	free(w.m);
}

/*
 * The penalty threshold near its edge, against the rule written out here
 * (sessions i-9 .. i of a row's unauthorised ones within 10 of its
 * school's weeks): schools closed in weeks of their own, rows with a
 * handful to a few dozen unauthorised sessions, scattered or in bursts,
 * slot ranges that cut weeks in two, both kernels.
 */
struct penalty_world {
	struct engine *e;
	size_t rows;
	mark_t (*m)[YEAR_SLOTS_MAX];	/* by slot */
	uint8_t column[YEAR_SLOTS_MAX];
};

static void penalty_world_build(struct penalty_world *w, size_t rows, int schools)
{
	int limit = academic_year_slots(YEAR), slots[YEAR_SLOTS_MAX], n = 0;
	uint64_t closed[8];
	const char *unauthorised[] = { "G", "N", "O", "U" };
	struct error err = ERROR_INIT;

	memset(w, 0, sizeof(*w));
	w->e = engine_new(YEAR);
	w->rows = rows;
	w->m = calloc(rows, sizeof(*w->m));
	for (int s = 0; s < limit; s++) {
		day_t d = slot_day(YEAR, s);
		int wd = date_weekday(d);

		if (d < date_from_ymd(YEAR, 9, 1) || wd == 6 || (wd == 5 && rnd(6)) ||
		    rnd(12) == 0)
			continue;
		slots[n++] = s;
		w->column[s] = 1;
	}
	engine_add_slots(w->e, slots, (size_t)n);
	for (int s = 0; s < schools; s++) {
		engine_add_school(w->e, s + 1, 100000 + s);
		/* half the schools open whenever any is, half not */
		closed[s] = 0;
		for (int wk = 0; wk < ENGINE_WEEKS && s % 2; wk++)
			if (rnd(5) == 0)
				closed[s] |= 1ull << wk;
	}
	for (size_t r = 0; r < rows; r++) {
		struct engine_row row = {
			(uint32_t)r + 1,
			rnd(9) ? (uint32_t)(r * (size_t)schools / rows) : rnd((uint32_t)schools),
			(uint16_t)(rnd(2) ? ENGINE_COMPULSORY : 0), 7, 0
		};
		uint32_t mode = rnd(4), rate = 1 + rnd(8), burst = 5 + rnd(12);
		int at = (int)rnd((uint32_t)limit), len = 10 + (int)rnd(200);

		engine_add_row(w->e, &row);
		for (int s = 0; s < limit; s++) {
			int wk = naive_week(slot_day(YEAR, s));
			int hit = mode == 1 ? rnd(100) < rate :
				mode >= 2 && s >= at && s < at + len && rnd((uint32_t)len) < burst;

			if (!w->column[s])
				continue;
			if (closed[row.school] >> wk & 1)
				w->m[r][s] = rnd(2) ? MARK_CLOSURE : MARK_MISSING;
			else if (hit)
				w->m[r][s] = code(unauthorised[rnd(4)]);
			else
				w->m[r][s] = rnd(40) ? code(s & 1 ? "\\" : "/") : MARK_MISSING;
		}
		engine_set_marks(w->e, r, 0, w->m[r], (size_t)limit, &err);
	}
}

/*
 * First-met slot of row r by the rule, its sessions' school weeks
 * counted from open (a week not in it: -1, which only a damaged
 * school_weeks gives).
 */
static int penalty_naive(const struct penalty_world *w, size_t r, uint64_t open,
			 int from, int to)
{
	int week_of[YEAR_SLOTS_MAX], slot_of[YEAR_SLOTS_MAX], n = 0;

	for (int s = from; s < to; s++) {
		int wk;

		if (!w->column[s] ||
		    code_table[w->m[r][s]].category != CATEGORY_UNAUTHORISED)
			continue;
		wk = naive_week(slot_day(YEAR, s));
		week_of[n] = open >> wk & 1 ?
			__builtin_popcountll(open & ((1ull << wk) - 1)) : -1;
		slot_of[n++] = s;
	}
	for (int i = 9; i < n; i++)
		if (week_of[i] - week_of[i - 9] <= 9)
			return slot_of[i];
	return -1;
}

static void penalty_check(const struct penalty_world *w, const uint64_t *open,
			  const struct engine_filter *f, const char *how)
{
	int16_t *met = calloc(w->rows, sizeof(*met));
	int from = f->slot_from, to = f->slot_to, bad = 0;
	size_t nr = 0, naive_nr = 0;
	struct error err = ERROR_INIT;

	if (!from && !to)
		to = academic_year_slots(YEAR);
	ok(!engine_penalty(w->e, f, met, &nr, &err), "%s: penalty runs", how);
	for (size_t r = 0; r < w->rows; r++) {
		int want = (w->e->flags[r] & f->flags) == f->flags ?
			penalty_naive(w, r, open[w->e->school[r]], from, to) : -1;

		naive_nr += want >= 0;
		bad += met[r] != want;
	}
	is_int(bad, 0, "%s: every first-met slot matches the rule (%zu met)",
	       how, naive_nr);
	is_int(nr, naive_nr, "%s: the count met matches", how);
	free(met);
}

static void test_penalty_random(void)
{
	struct penalty_world w;
	uint64_t open[8] = { 0 };
	int limit = academic_year_slots(YEAR), schools = 6, have_avx2 = engine_avx2();
	char how[96];

	penalty_world_build(&w, 4000, schools);
	/* a school's weeks: any mark but missing and '#' from its pupils */
	for (size_t r = 0; r < w.rows; r++)
		for (int s = 0; s < limit; s++)
			if (w.m[r][s] != MARK_MISSING && w.m[r][s] != MARK_CLOSURE)
				open[w.e->school[r]] |= 1ull << naive_week(slot_day(YEAR, s));
	for (int avx = 0; avx <= 1; avx++) {
		const char *k = avx ? "AVX2" : "portable";

		if (avx && !have_avx2) {
			ok(1, "# SKIP no AVX2 on this CPU");
			break;
		}
		engine_use_avx2 = avx;
		for (int i = 0; i < 8; i++) {
			struct engine_filter f = { 0, 0, 0 };

			if (i == 1)
				f.flags = ENGINE_COMPULSORY;
			if (i >= 2) {
				f.slot_from = (int)rnd((uint32_t)limit / 2);
				f.slot_to = f.slot_from + (int)rnd((uint32_t)(limit - f.slot_from + 1));
			}
			snprintf(how, sizeof(how), "%s, penalty, slots %d..%d, flags %x",
				 k, f.slot_from, f.slot_to, f.flags);
			penalty_check(&w, open, &f, how);
		}
	}
	/*
	 * A damaged engine file may leave out of school_weeks a week that
	 * holds unauthorised marks: the answer stays what it was, the
	 * sessions' ordinals with -1 for that week.
	 */
	for (int s = 0; s < schools; s++) {
		uint64_t weeks = w.e->school_weeks[s];

		for (int i = 0; i < 3 && weeks; i++) {
			int wk = __builtin_ctzll(weeks) + (int)rnd(20);

			w.e->school_weeks[s] &= ~(1ull << (wk % ENGINE_WEEKS));
		}
		open[s] = w.e->school_weeks[s];
	}
	for (int avx = 0; avx <= have_avx2; avx++) {
		struct engine_filter whole = { 0, 0, 0 };

		engine_use_avx2 = avx;
		snprintf(how, sizeof(how), "%s, penalty, weeks missing from "
			 "school_weeks", avx ? "AVX2" : "portable");
		penalty_check(&w, open, &whole, how);
	}
	engine_use_avx2 = -1;
	engine_free(w.e);
	free(w.m);
}

/* Loading a year from the store, and the binary layout round trip. */
static void test_load_and_file(void)
{
	char dir[] = "/tmp/test-engine-XXXXXX", path[64];
	struct store *st;
	struct engine *e = NULL, *back = NULL;
	struct error err = ERROR_INIT;
	mark_t m[YEAR_SLOTS_MAX] = { 0 }, got[YEAR_SLOTS_MAX];
	struct measure ms[3];
	struct tally t[2];
	int s1 = slot(9, 1, 0), ok_rows;

	if (!mkdtemp(dir)) {
		ok(0, "make a temporary directory");
		return;
	}
	snprintf(path, sizeof(path), "%s/attend.db", dir);
	if (store_open(&st, path, STORE_WRITE, &err)) {
		ok(0, "open a store: %s", err.msg);
		return;
	}
	store_exec(st, "INSERT INTO school (id, urn, laestab, name, phase) VALUES (7, 100007, 9000007, 'B', 'primary'),"
		   " (3, 100003, 9000003, 'A', 'primary');"
		   "INSERT INTO pupil (id, upn, surname, forename, dob, sex, fsm, sen,"
		   " social_care, postcode) VALUES"
		   " (1, 'A1', 'S', 'F', '2015-01-01', 'F', 'Y', 'E', 'CLA', 'KM4 1AA'),"
		   " (2, 'A2', 'S', 'F', '2001-01-01', 'M', 'N', 'N', '', '');"
		   "INSERT INTO enrolment (id, pupil_id, school_id, year_group) VALUES"
		   " (5, 1, 7, '5'), (6, 2, 3, 'R'), (9, 2, 7, '');", &err);
	/* enrolment 5: Monday present, Tuesday I and O; 6: Monday X X */
	m[s1] = code("/");
	m[s1 + 1] = code("\\");
	m[s1 + 2] = code("I");
	m[s1 + 3] = code("O");
	store_marks_save(st, YEAR, 5, m, YEAR_SLOTS_MAX, &err);
	memset(m, 0, sizeof(m));
	m[s1] = m[s1 + 1] = code("X");
	store_marks_save(st, YEAR, 6, m, YEAR_SLOTS_MAX, &err);
	ok(!engine_load(&e, st, YEAR, &err), "engine_load reads a year: %s", err.msg);
	if (!e) {
		store_close(st);
		return;
	}
	is_int(e->nr_rows, 3, "one row per enrolment, with or without marks");
	is_int(e->nr_schools, 2, "both schools");
	ok_rows = e->enrolment_id[0] == 6 && e->enrolment_id[1] == 5 &&
		  e->enrolment_id[2] == 9;
	ok(ok_rows, "rows in URN order (100003 first), then enrolment id");
	ok(e->flags[1] == (ENGINE_FLAG(ENGINE_COHORT_FSM) | ENGINE_FLAG(ENGINE_COHORT_EHCP) |
			   ENGINE_FLAG(ENGINE_COHORT_CLA) | ENGINE_FLAG(ENGINE_COHORT_FEMALE) |
			   ENGINE_COMPULSORY),
	   "pupil 1: FSM, EHCP, looked after, female, compulsory age");
	is_int(e->flags[0], ENGINE_FLAG(ENGINE_COHORT_MALE),
	       "pupil 2: male, 24 years old: not compulsory age");
	ok(e->year_group[1] == 5 && e->year_group[0] == 0 &&
	   e->year_group[2] == YEAR_GROUP_UNKNOWN, "year groups 5, R, unknown");
	is_str(e->area_name[e->area[1]], "KM4", "the postcode district is the area");
	ok(e->slot_col[s1] >= 0 && e->slot_col[s1 + 3] >= 0 &&
	   e->slot_col[slot(9, 6, 0)] < 0 && e->slot_col[slot(9, 5, 0)] >= 0,
	   "columns: the marked days, then weekdays to come; not Saturdays");
	ok(!engine_measures(e, NULL, ms, NULL, &err) && ms[1].possible == 4 &&
	   ms[1].authorised == 1 && ms[1].unauthorised == 1 && ms[0].possible == 0 &&
	   ms[0].not_possible == 2 && ms[2].possible == 0,
	   "the loaded marks count: 4 possible, 1 I, 1 O; X X not possible");
	ok(!engine_school_summary(e, NULL, t, &err) && t[1].enrolments == 1 &&
	   t[1].sa == 1 && t[0].enrolments == 0, "school summary of the loaded year");
	snprintf(path, sizeof(path), "%s/engine.bin", dir);
	ok(!engine_save(e, path, &err) && !engine_read(&back, path, &err),
	   "the binary layout saves and reads back");
	if (back) {
		engine_get_marks(back, 1, got);
		ok(back->nr_rows == 3 && back->nr_cols == e->nr_cols &&
		   got[s1 + 3] == code("O") && back->flags[1] == e->flags[1] &&
		   back->school_weeks[1] == e->school_weeks[1] &&
		   !strcmp(back->area_name[back->area[1]], "KM4"),
		   "rows, marks, flags, school weeks and areas survive the round trip");
		engine_free(back);
	}
	{
		FILE *f = fopen(path, "r+");
		if (f) {
			ftruncate(fileno(f), 100);
			fclose(f);
		}
		ok(engine_read(&back, path, &err) && back == NULL,
		   "a truncated file is refused");
	}
	engine_free(e);
	store_close(st);
	unlink(path);
	snprintf(path, sizeof(path), "%s/attend.db", dir);
	unlink(path);
	{
		char p2[80];
		snprintf(p2, sizeof(p2), "%s-wal", path);
		unlink(p2);
		snprintf(p2, sizeof(p2), "%s-shm", path);
		unlink(p2);
	}
	rmdir(dir);
}

static void test_band_inline(void)
{
	long differ = 0;

	for (uint32_t p = 0; p <= YEAR_SLOTS_MAX; p++)
		for (uint32_t a = 0; a <= p; a++)
			differ += engine_band(a, p) != band_of(a, p);
	is_int(differ, 0, "the engine's inlined band agrees with band_of() "
	       "on every (absent, possible) of a year");
}

int main(void)
{
	test_band_inline();
	test_load_and_file();
	test_layout();
	test_measures();
	test_tallies();
	test_weekly_and_patterns();
	test_penalty();
	test_random();
	test_penalty_random();
	return tap_done();
}
