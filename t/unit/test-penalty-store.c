/*
 * Reading marks blobs from the store (store_marks_each()) and the
 * penalty-notice threshold from them: the whole authority
 * (report_penalty()) and one pupil (report_penalty_pupil(), what a
 * notice is checked against).  Every expected day is worked out by hand
 * in the comment beside it; 2025-09-01 is a Monday.
 *
 *   school 1 (URN 100001): pupil 1 present every weekday of 2 June to
 *   18 July 2025 (2024/25) and of 1 September to 19 December 2025 less
 *   half term (27-31 October), so those are its school weeks.
 *   pupil 2: O every Monday AM of the autumn term: the 10th O is on
 *   10 November (half term is no school week).
 *   pupil 3: G every other Monday: never 10 in 10 weeks.
 *   pupil 4: O all day on the Mondays 30 June, 7 and 14 July (6), then
 *   1 and 8 September (4 more): the 10th is 8 September PM, five
 *   school weeks after the first, across the summer holiday.
 *   school 2 (URN 100002): pupil 2 again, dual registered, with no
 *   absence: the threshold is met at school 1 only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/code.h"
#include "core/date.h"
#include "report/report.h"
#include "store/store.h"
#include "tap.h"

static mark_t code(const char *c)
{
	return code_find(c, strlen(c));
}

static day_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void exec(struct store *st, const char *sql)
{
	struct error err = ERROR_INIT;

	if (store_exec(st, sql, &err))
		printf("# %s: %s\n", sql, err.msg);
}

/* The marks of enrolment `id` in academic year `year`, saved. */
static void save(struct store *st, int year, int id, const mark_t *m)
{
	struct error err = ERROR_INIT;

	if (store_marks_save(st, year, id, m, YEAR_SLOTS_MAX, &err))
		printf("# save: %s\n", err.msg);
}

static int school_day(day_t d)
{
	return date_weekday(d) < 5 &&
	       ((d >= ymd(2025, 6, 2) && d <= ymd(2025, 7, 18)) ||
		(d >= ymd(2025, 9, 1) && d <= ymd(2025, 12, 19) &&
		 !(d >= ymd(2025, 10, 27) && d <= ymd(2025, 10, 31))));
}

static void set(mark_t *m, day_t d, enum session s, const char *c)
{
	m[session_slot(d, s)] = code(c);
}

static void fill(struct store *st)
{
	mark_t m[2][YEAR_SLOTS_MAX];
	int64_t id;
	struct error err = ERROR_INIT;

	exec(st, "BEGIN");
	store_import_begin(st, "test", "test", &id, &err);
	exec(st, "INSERT INTO school (id, urn, laestab, name, phase) VALUES (1, 100001, 9000001, 'One', 'primary'),"
	     " (2, 100002, 9000002, 'Two', 'primary')");
	for (int p = 1; p <= 4; p++) {
		char sql[256];

		snprintf(sql, sizeof(sql), "INSERT INTO pupil (id, upn, surname, "
			 "forename, dob) VALUES (%d, 'U%d', 'S', 'F', '2015-03-01')",
			 p, p);
		exec(st, sql);
		snprintf(sql, sizeof(sql), "INSERT INTO enrolment (id, pupil_id, "
			 "school_id) VALUES (%d, %d, 1)", p, p);
		exec(st, sql);
	}
	exec(st, "INSERT INTO enrolment (id, pupil_id, school_id) VALUES (5, 2, 2)");
	/* pupil 1 and pupil 2 at school 2: present on every school day */
	memset(m, MARK_MISSING, sizeof(m));
	for (day_t d = ymd(2025, 6, 2); d <= ymd(2025, 12, 19); d++)
		if (school_day(d)) {
			set(m[academic_year_of(d) - 2024], d, SESSION_AM, "/");
			set(m[academic_year_of(d) - 2024], d, SESSION_PM, "\\");
		}
	save(st, 2024, 1, m[0]);
	save(st, 2025, 1, m[1]);
	save(st, 2025, 5, m[1]);
	/* pupil 2: O every Monday AM of the autumn term */
	memset(m, MARK_MISSING, sizeof(m));
	for (day_t d = ymd(2025, 9, 1); d <= ymd(2025, 12, 15); d += 7)
		if (school_day(d))
			set(m[1], d, SESSION_AM, "O");
	save(st, 2025, 2, m[1]);
	/* pupil 3: G every other Monday */
	memset(m, MARK_MISSING, sizeof(m));
	for (day_t d = ymd(2025, 9, 1); d <= ymd(2025, 12, 15); d += 14)
		if (school_day(d))
			set(m[1], d, SESSION_AM, "G");
	save(st, 2025, 3, m[1]);
	/* pupil 4: six O before the summer, four after */
	memset(m, MARK_MISSING, sizeof(m));
	for (day_t d = ymd(2025, 6, 30); d <= ymd(2025, 7, 14); d += 7) {
		set(m[0], d, SESSION_AM, "O");
		set(m[0], d, SESSION_PM, "O");
	}
	for (day_t d = ymd(2025, 9, 1); d <= ymd(2025, 9, 8); d += 7) {
		set(m[1], d, SESSION_AM, "O");
		set(m[1], d, SESSION_PM, "O");
	}
	save(st, 2024, 4, m[0]);
	save(st, 2025, 4, m[1]);
	exec(st, "COMMIT");
}

struct seen {
	int64_t id[16];
	size_t n, marks[16];
	int stop_after;
};

static int note(void *vctx, int64_t id, const mark_t *m, size_t n)
{
	struct seen *s = vctx;
	size_t marked = 0;

	for (size_t i = 0; i < n; i++)
		marked += m[i] != MARK_MISSING;
	if (s->n < 16) {
		s->id[s->n] = id;
		s->marks[s->n] = marked;
	}
	s->n++;
	return s->stop_after && (int)s->n == s->stop_after ? 7 : 0;
}

static void test_marks_each(struct store *st)
{
	struct error err = ERROR_INIT;
	struct seen s;
	struct marks_selection at_one = { 1, 0 }, pupil_2 = { 0, 2 };
	struct marks_selection pupil_2_at_two = { 2, 2 };

	memset(&s, 0, sizeof(s));
	ok(!store_marks_each(st, 2025, NULL, note, &s, &err) && s.n == 5 &&
	   s.id[0] == 1 && s.id[1] == 2 && s.id[2] == 3 && s.id[3] == 4 &&
	   s.id[4] == 5, "2025/26: every blob, in enrolment order (1-5)");
	/* 16 weeks less half term: 15 weeks of 10 sessions; 15 Mondays less
	 * half term's; 8 other Mondays less half term's; 2 Mondays x 2 */
	ok(s.marks[0] == 150 && s.marks[1] == 15 && s.marks[2] == 7 &&
	   s.marks[3] == 4 && s.marks[4] == 150, "each blob's marks, as saved");
	memset(&s, 0, sizeof(s));
	ok(!store_marks_each(st, 2024, NULL, note, &s, &err) && s.n == 2 &&
	   s.id[0] == 1 && s.id[1] == 4 && s.marks[0] == 70 && s.marks[1] == 6,
	   "2024/25: the two blobs of that year (7 weeks; 3 Mondays x 2)");
	memset(&s, 0, sizeof(s));
	ok(!store_marks_each(st, 2025, &at_one, note, &s, &err) && s.n == 4 &&
	   s.id[3] == 4, "one school's blobs: enrolments 1-4, not 5");
	memset(&s, 0, sizeof(s));
	ok(!store_marks_each(st, 2025, &pupil_2, note, &s, &err) && s.n == 2 &&
	   s.id[0] == 2 && s.id[1] == 5, "one pupil's blobs: both schools'");
	memset(&s, 0, sizeof(s));
	ok(!store_marks_each(st, 2025, &pupil_2_at_two, note, &s, &err) &&
	   s.n == 1 && s.id[0] == 5, "one pupil at one school: one blob");
	memset(&s, 0, sizeof(s));
	ok(!store_marks_each(st, 2026, NULL, note, &s, &err) && s.n == 0,
	   "a year with no marks: nothing");
	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	is_int(store_marks_each(st, 2025, NULL, note, &s, &err), 7,
	       "fn's non-zero value stops the walk and is returned");
	is_int(s.n, 2, "after the second blob");
}

static day_t met_of(const struct penalty_row *rows, size_t nr, const char *upn,
		    int32_t urn)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(rows[i].upn, upn) && rows[i].urn == urn)
			return rows[i].first_met;
	return DAY_NONE;
}

static void test_penalty(struct store *st)
{
	struct error err = ERROR_INIT;
	struct penalty_row *rows = NULL;
	size_t nr = 0;
	day_t met;

	ok(!report_penalty(st, ymd(2026, 1, 1), &rows, &nr, &err),
	   "the authority's threshold: %s", err.msg);
	is_int(nr, 2, "two enrolments met it");
	is_int(met_of(rows, nr, "U2", 100001), ymd(2025, 11, 10),
	       "pupil 2: the 10th O a school week, on 10 November");
	is_int(met_of(rows, nr, "U4", 100001), ymd(2025, 9, 8),
	       "pupil 4: across the summer, on 8 September");
	free(rows);

	ok(!report_penalty_pupil(st, "U2", ymd(2026, 1, 1), &met, &err) &&
	   met == ymd(2025, 11, 10), "one pupil: pupil 2 met it on 10 November");
	ok(!report_penalty_pupil(st, "U2", ymd(2025, 11, 9), &met, &err) &&
	   met == DAY_NONE, "  not yet the day before");
	ok(!report_penalty_pupil(st, "U2", ymd(2025, 11, 10), &met, &err) &&
	   met == ymd(2025, 11, 10), "  and on the day itself");
	ok(!report_penalty_pupil(st, "U4", ymd(2026, 1, 1), &met, &err) &&
	   met == ymd(2025, 9, 8), "pupil 4: on 8 September, across two years");
	ok(!report_penalty_pupil(st, "U4", ymd(2025, 9, 7), &met, &err) &&
	   met == DAY_NONE, "  not before it, with six O in the year before");
	ok(!report_penalty_pupil(st, "U3", ymd(2026, 1, 1), &met, &err) &&
	   met == DAY_NONE, "pupil 3: one G a fortnight, never");
	ok(!report_penalty_pupil(st, "U1", ymd(2026, 1, 1), &met, &err) &&
	   met == DAY_NONE, "pupil 1: no unauthorised absence, never");
	ok(!report_penalty_pupil(st, "U9", ymd(2026, 1, 1), &met, &err) &&
	   met == DAY_NONE, "a UPN with no enrolment: never");
}

static void test_register(struct store *st)
{
	struct error err = ERROR_INIT;
	struct register_mark *m = NULL;
	size_t n = 0;

	ok(!report_register(st, "U4", 2025, 0, &m, &n, &err) && n == 4,
	   "pupil 4's register of 2025/26: four marks");
	ok(n == 4 && m[0].day == ymd(2025, 9, 1) && m[0].session == SESSION_AM &&
	   m[1].session == SESSION_PM && m[3].day == ymd(2025, 9, 8) &&
	   m[3].mark == code("O") && m[3].urn == 100001, "in date order, at 100001");
	free(m);
	ok(!report_register(st, "U2", 2025, 100002, &m, &n, &err) && n == 150 &&
	   m[0].urn == 100002, "pupil 2 at school 2 only: its 150 marks");
	free(m);
	ok(!report_register(st, "U2", 2025, 0, &m, &n, &err) && n == 165,
	   "pupil 2 at both schools: 15 + 150 marks");
	free(m);
	ok(report_register(st, "U3", 2025, 100002, &m, &n, &err) &&
	   err.kind == ERROR_INPUT && strstr(err.msg, "on that school's roll"),
	   "a pupil not on the school's roll is refused");
	error_clear(&err);
	ok(report_register(st, "U9", 2025, 0, &m, &n, &err) &&
	   err.kind == ERROR_INPUT && strstr(err.msg, "not in the store"),
	   "an unknown pupil is refused");
}

int main(void)
{
	char dir[] = "/tmp/test-penalty-store-XXXXXX", db[128], p[160];
	struct error err = ERROR_INIT;
	struct store *st;

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
	test_marks_each(st);
	test_penalty(st);
	test_register(st);
	store_close(st);
	unlink(db);
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
	rmdir(dir);
	return tap_done();
}
