/*
 * The web's figures (report/figures.h) of a small store, worked out by
 * hand: each school's headline tally, the cohort and year-group tallies
 * of a school, the areas ranked by absence, a pupil's weekday patterns
 * across a dual registration.  The week is 1-5 September 2025 (Monday
 * to Friday), ten sessions.
 *
 *   pupil 1, school 100001, born 2015: FSM, EHCP, looked after, early
 *     help, year 5, KM1: an O on Monday AM, else present (1 in 10: PA)
 *   pupil 2, school 100001, born 2015: not FSM, no SEN, no social
 *     worker, no early help, no year group, KM2: N every morning (SA)
 *   pupil 3, school 100001, born 2021 (not of compulsory school age):
 *     nothing known but no social worker, reception, KM1: present
 *   pupil 4, born 2013, year 7, KM2, dual registered: at 100002 present
 *     with an L on Tuesday AM, at 100001 D every session (no possible)
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/code.h"
#include "core/date.h"
#include "engine/engine.h"
#include "report/figures.h"
#include "store/store.h"
#include "tap.h"

static void exec(struct store *st, const char *sql)
{
	struct error err = ERROR_INIT;

	if (store_exec(st, sql, &err))
		printf("# %s: %s\n", sql, err.msg);
}

/* A week of marks, Monday AM to Friday PM, from ten codes. */
static void week(struct store *st, int enrolment, const char *const codes[10])
{
	mark_t m[YEAR_SLOTS_MAX];
	struct error err = ERROR_INIT;
	int first = session_slot(date_from_ymd(2025, 9, 1), SESSION_AM);

	memset(m, MARK_MISSING, sizeof(m));
	for (int i = 0; i < 10; i++)
		m[first + i] = code_find(codes[i], strlen(codes[i]));
	if (store_marks_save(st, 2025, enrolment, m, YEAR_SLOTS_MAX, &err))
		printf("# save: %s\n", err.msg);
}

static void fill(struct store *st)
{
	static const char *const present[10] = {
		"/", "\\", "/", "\\", "/", "\\", "/", "\\", "/", "\\" };
	static const char *const one_o[10] = {
		"O", "\\", "/", "\\", "/", "\\", "/", "\\", "/", "\\" };
	static const char *const mornings[10] = {
		"N", "\\", "N", "\\", "N", "\\", "N", "\\", "N", "\\" };
	static const char *const late[10] = {
		"/", "\\", "L", "\\", "/", "\\", "/", "\\", "/", "\\" };
	static const char *const dual[10] = {
		"D", "D", "D", "D", "D", "D", "D", "D", "D", "D" };
	struct error err = ERROR_INIT;
	int64_t id;

	exec(st, "BEGIN");
	store_import_begin(st, "test", "test", &id, &err);
	exec(st, "INSERT INTO school (id, urn, laestab, name, phase) VALUES (1, 100001, 9000001, 'One', 'primary'),"
	     " (2, 100002, 9000002, 'Two', 'secondary')");
	exec(st, "INSERT INTO area VALUES ('KM1', 'North', 3), ('KM2', 'South', 1),"
	     " ('KM9', 'Empty', 5)");
	exec(st, "INSERT INTO pupil (id, upn, surname, forename, dob, fsm, sen, "
	     "social_care, early_help, postcode) VALUES "
	     "(1, 'U1', 'A', 'B', '2015-03-01', 'Y', 'E', 'CLA', 'Y', 'KM1 1AA'),"
	     "(2, 'U2', 'C', 'D', '2015-03-01', 'N', 'N', '', 'N', 'KM2 2BB'),"
	     "(3, 'U3', 'E', 'F', '2021-01-01', '', '', '', '', 'KM1 3CC'),"
	     "(4, 'U4', 'G', 'H', '2013-03-01', 'N', 'N', '', 'N', 'KM2 9ZZ')");
	exec(st, "INSERT INTO enrolment (id, pupil_id, school_id, year_group) VALUES "
	     "(1, 1, 1, '5'), (2, 2, 1, ''), (3, 3, 1, 'R'), (4, 4, 2, '7'),"
	     " (5, 4, 1, '7')");
	week(st, 1, one_o);
	week(st, 2, mornings);
	week(st, 3, present);
	week(st, 4, late);
	week(st, 5, dual);
	store_meta_set(st, "latest_mark", "2025-09-05", &err);
	exec(st, "COMMIT");
}

static int tally_is(const struct tally *t, uint64_t n, uint64_t p, uint64_t absent,
		    uint64_t pa, uint64_t sa)
{
	return t->enrolments == n && t->possible == p &&
	       t->authorised + t->unauthorised == absent && t->pa == pa && t->sa == sa;
}

static const struct enrolment_row *row_of(const struct figures *f, int64_t id)
{
	for (size_t i = 0; i < f->roll.nr_rows; i++)
		if (f->roll.rows[i].enrolment_id == id)
			return &f->roll.rows[i];
	return NULL;
}

static void test_figures(struct store *st)
{
	struct error err = ERROR_INIT;
	struct figures *f = NULL;
	const struct tally *t;
	const struct engine_pattern *p;
	long one, two;

	ok(!figures_open(&f, st, &err), "figures of the store: %s", err.msg);
	if (!f)
		return;
	one = figures_school(f, 100001);
	two = figures_school(f, 100002);
	ok(one == 0 && two == 1 && figures_school(f, 100003) == -1,
	   "schools by URN");
	if (one != 0 || two != 1) {
		figures_free(f);
		return;
	}
	is_int(f->year, 2025, "the year of the latest mark, 2025/26");
	/* 100001: pupils 1 and 2 (3 is four, 4 has no possible session) */
	ok(tally_is(&f->school[one], 2, 20, 6, 2, 1),
	   "100001: 2 pupils, 6 of 20 absent, both PA, one SA");
	ok(tally_is(&f->school[two], 1, 10, 0, 0, 0), "100002: pupil 4, no absence");
	ok(tally_is(&f->authority, 3, 30, 6, 2, 1), "the authority: the sum");
	ok(f->school_first[one] == 0 && f->school_first[two] == 4 &&
	   f->school_first[two + 1] == 5, "rows of each school: 4 and 1");

	t = figures_cohort_tallies(f, one, 0);	/* free school meals */
	ok(tally_is(&t[0], 1, 10, 1, 1, 0) && tally_is(&t[1], 1, 10, 5, 1, 1),
	   "FSM at 100001: pupil 1 eligible, pupil 2 not (3 unknown, 4 none possible)");
	t = figures_cohort_tallies(f, one, 2);	/* social care */
	ok(tally_is(&t[0], 1, 10, 1, 1, 0) && t[1].enrolments == 0 &&
	   tally_is(&t[3], 2, 20, 5, 1, 1),
	   "social care: pupil 1 looked after; no social worker: 2 and 3 (all ages)");
	t = figures_cohort_tallies(f, one, 3);	/* early help */
	ok(t[0].enrolments == 1 && t[1].enrolments == 1,
	   "early help: pupil 1 has a TAF plan, pupil 2 none, 3 unknown");
	t = figures_year_group_tallies(f, one);
	ok(t[2].enrolments == 1 && t[2].possible == 10 && t[7].enrolments == 1 &&
	   t[FIGURES_YEAR_GROUPS - 1].enrolments == 1 && t[9].enrolments == 0,
	   "year groups at 100001: R, 5, not recorded; year 7 has no possible");
	is_str(figures_year_groups[2], "R", "  (the third year group is R)");
	is_str(figures_year_groups[7], "5", "  (the eighth is 5)");

	ok(f->nr_areas == 3, "three areas imported");
	if (f->nr_areas == 3) {
		/* KM2: pupils 2 and 4, 5 of 20 (25%); KM1: pupil 1, 1 of 10 */
		is_str(f->areas[0].district, "KM2", "KM2 first: 25%% absence");
		ok(tally_is(&f->areas[0].t, 2, 20, 5, 1, 1) && f->areas[0].decile == 1,
		   "  pupils 2 and 4 of compulsory school age, decile 1");
		is_str(f->areas[1].district, "KM1", "KM1 next: 10%% (pupil 3 is four)");
		ok(tally_is(&f->areas[1].t, 1, 10, 1, 1, 0), "  pupil 1 only");
		is_str(f->areas[2].district, "KM9", "KM9 last: no pupils");
		is_str(f->areas[2].name, "Empty", "  with its name");
	}

	p = &f->patterns[row_of(f, 1) - f->roll.rows];
	ok(p->possible[0] == 2 && p->absent[0] == 1 && p->absent[1] == 0,
	   "pupil 1: the O on a Monday");
	p = &f->patterns[row_of(f, 4) - f->roll.rows];
	ok(p->possible[1] == 2 && p->late == 1 && p->absent[1] == 0,
	   "pupil 4 at 100002: the L on a Tuesday, present");
	p = &f->patterns[row_of(f, 5) - f->roll.rows];
	ok(p->possible[1] == 0 && p->late == 0, "pupil 4 at 100001: D, nothing");
	ok(f->codes[one][code_find("D", 1)] == 10 &&
	   f->codes[one][code_find("N", 1)] == 5 && f->codes[two][code_find("L", 1)] == 1,
	   "codes: 10 D and 5 N at 100001, the L at 100002");
	figures_free(f);
}

int main(void)
{
	char dir[] = "/tmp/test-figures-XXXXXX", db[128], pattern[160];
	struct error err = ERROR_INIT;
	struct store *st;
	glob_t g;

	if (!mkdtemp(dir)) {
		ok(0, "a temporary directory");
		return tap_done();
	}
	snprintf(db, sizeof(db), "%s/attend.db", dir);
	if (store_open(&st, db, STORE_WRITE, &err)) {
		ok(0, "open a store: %s", err.msg);
		return tap_done();
	}
	fill(st);
	test_figures(st);
	store_close(st);
	snprintf(pattern, sizeof(pattern), "%s/*", dir);
	if (!glob(pattern, 0, NULL, &g)) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			unlink(g.gl_pathv[i]);
		globfree(&g);
	}
	rmdir(dir);
	return tap_done();
}
