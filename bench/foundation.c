/*
 * The foundation benchmark (issue 3): per-enrolment bands and the school
 * summary over N enrolments x 380 sessions, computed by attend from its
 * store and by SQLite over the same marks kept one row per mark, in the
 * same process so the ratio is fair.  Answers must be identical.
 *
 *   foundation [--enrolments N] [--dir DIR] [--runs R] [--sqlite-runs R]
 *
 * attend's times are the best of R runs after a warm-up; SQLite's (about
 * 150 s a query at 1,000,000 enrolments) the best of --sqlite-runs (1).
 *
 * Builds DIR/attend.db and DIR/rows.db once (kept for later runs).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/code.h"
#include "core/measure.h"
#include "core/upn.h"
#include "report/report.h"
#include "store/store.h"
#include "util/strbuf.h"

#define SESSIONS 380
#define YEAR 2025

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void die(const char *what, sqlite3 *db)
{
	fprintf(stderr, "foundation: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
	exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "foundation: %s: %s\n", sql, msg);
		exit(1);
	}
}

/* The 380 session slots of the year: weekdays of 190 school days. */
static int slots[SESSIONS];

static void make_calendar(void)
{
	day_t day = date_from_ymd(YEAR, 9, 3);
	int n = 0;

	while (n < SESSIONS) {
		if (date_weekday(day) < 5) {
			slots[n++] = session_slot(day, SESSION_AM);
			slots[n++] = session_slot(day, SESSION_PM);
		}
		day++;
		/* two weeks of holiday every seven */
		if ((day - date_from_ymd(YEAR, 9, 1)) % 63 == 49)
			day += 14;
	}
}

static mark_t code(const char *c)
{
	const char *why;
	return code_parse(c, strlen(c), date_from_ymd(YEAR, 9, 3), &why);
}

/* One enrolment's marks: a propensity, then a code per session. */
static void make_marks(mark_t *m)
{
	static mark_t present[2], absent[6], other[3];
	double p = (double)(rnd() % 1000) / 1000.0;

	if (!present[0]) {
		present[0] = code("/");
		present[1] = code("\\");
		absent[0] = code("I"); absent[1] = code("I"); absent[2] = code("M");
		absent[3] = code("O"); absent[4] = code("N"); absent[5] = code("G");
		other[0] = code("L"); other[1] = code("D"); other[2] = code("#");
	}
	p = p * p * p * 0.6;	/* skewed: most low, a few high */
	memset(m, 0, YEAR_SLOTS_MAX);
	for (int i = 0; i < SESSIONS; i++) {
		uint64_t r = rnd();
		mark_t c = present[i & 1];
		if ((double)(r % 100000) / 100000.0 < p)
			c = absent[(r >> 20) % 6];
		else if ((r >> 32) % 100 < 2)
			c = other[(r >> 40) % 3];
		m[slots[i]] = c;
	}
}

static void build(const char *dir, long n)
{
	char path[1024];
	struct store *st;
	struct error e = ERROR_INIT;
	sqlite3 *db, *rows;
	sqlite3_stmt *school, *pupil, *enrol, *marks, *row, *enrol_rows;
	mark_t m[YEAR_SLOTS_MAX];
	int schools = n >= 400000 ? 400 : (int)(n / 1000 + 1);
	double t0 = now();

	snprintf(path, sizeof(path), "%s/attend.db", dir);
	if (store_open(&st, path, STORE_WRITE, &e)) {
		fprintf(stderr, "foundation: %s\n", e.msg);
		exit(1);
	}
	db = store_db(st);
	snprintf(path, sizeof(path), "%s/rows.db", dir);
	if (sqlite3_open(path, &rows))
		die("open rows.db", rows);
	exec(db, "PRAGMA synchronous = OFF");
	exec(rows, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
	     "CREATE TABLE school (id INTEGER PRIMARY KEY);"
	     "CREATE TABLE enrolment (id INTEGER PRIMARY KEY, school_id INTEGER);"
	     "CREATE TABLE category (code INTEGER PRIMARY KEY, category INTEGER);"
	     "CREATE TABLE mark (enrolment_id INTEGER NOT NULL, session INTEGER NOT "
	     "NULL, code INTEGER NOT NULL, PRIMARY KEY (enrolment_id, session)) "
	     "WITHOUT ROWID;");
	exec(db, "BEGIN");
	exec(rows, "BEGIN");
	for (size_t c = 0; c < code_count; c++) {
		char sql[96];
		snprintf(sql, sizeof(sql), "INSERT INTO category VALUES (%zu, %d)", c,
			 (int)code_table[c].category);
		exec(rows, sql);
	}
	sqlite3_prepare_v2(db, "INSERT INTO school (id, urn, laestab, name, phase) "
			   "VALUES (?, ?, ?, ?, 'primary')", -1, &school, NULL);
	for (int s = 1; s <= schools; s++) {
		char name[32];
		snprintf(name, sizeof(name), "School %d", s);
		sqlite3_bind_int(school, 1, s);
		sqlite3_bind_int(school, 2, 100000 + s);
		sqlite3_bind_int(school, 3, 9000000 + s);
		sqlite3_bind_text(school, 4, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(school) != SQLITE_DONE)
			die("school", db);
		sqlite3_reset(school);
		snprintf(name, sizeof(name), "INSERT INTO school VALUES (%d)", s);
		exec(rows, name);
	}
	sqlite3_prepare_v2(db, "INSERT INTO pupil (id, upn, surname, forename, dob) "
			   "VALUES (?, ?, 'S', 'F', '2015-01-01')", -1, &pupil, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO enrolment (id, pupil_id, school_id) "
			   "VALUES (?, ?, ?)", -1, &enrol, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO marks (id, enrolment_id, year, codes) "
			   "VALUES (?, ?, ?, ?)", -1, &marks, NULL);
	sqlite3_prepare_v2(rows, "INSERT INTO mark VALUES (?, ?, ?)", -1, &row, NULL);
	sqlite3_prepare_v2(rows, "INSERT INTO enrolment VALUES (?, ?)", -1,
			   &enrol_rows, NULL);
	for (long i = 1; i <= n; i++) {
		char tail[13], upn[14];
		int s = (int)((i - 1) % schools) + 1, len;
		sqlite3_stmt *er;

		snprintf(tail, sizeof(tail), "9%011ld", i);
		upn[0] = upn_check_letter(tail);
		memcpy(upn + 1, tail, 13);
		sqlite3_bind_int64(pupil, 1, i);
		sqlite3_bind_text(pupil, 2, upn, 13, SQLITE_TRANSIENT);
		sqlite3_bind_int64(enrol, 1, i);
		sqlite3_bind_int64(enrol, 2, i);
		sqlite3_bind_int(enrol, 3, s);
		if (sqlite3_step(pupil) != SQLITE_DONE ||
		    sqlite3_step(enrol) != SQLITE_DONE)
			die("pupil", db);
		sqlite3_reset(pupil);
		sqlite3_reset(enrol);
		make_marks(m);
		for (len = YEAR_SLOTS_MAX; len && !m[len - 1]; len--)
			;
		sqlite3_bind_int64(marks, 1, marks_rowid(YEAR, i));
		sqlite3_bind_int64(marks, 2, i);
		sqlite3_bind_int(marks, 3, YEAR);
		sqlite3_bind_blob(marks, 4, m, len, SQLITE_TRANSIENT);
		if (sqlite3_step(marks) != SQLITE_DONE)
			die("marks", db);
		sqlite3_reset(marks);
		er = enrol_rows;
		sqlite3_bind_int64(er, 1, i);
		sqlite3_bind_int(er, 2, s);
		if (sqlite3_step(er) != SQLITE_DONE)
			die("enrolment row", rows);
		sqlite3_reset(er);
		for (int k = 0; k < SESSIONS; k++) {
			sqlite3_bind_int64(row, 1, i);
			sqlite3_bind_int(row, 2, slots[k]);
			sqlite3_bind_int(row, 3, m[slots[k]]);
			if (sqlite3_step(row) != SQLITE_DONE)
				die("mark row", rows);
			sqlite3_reset(row);
		}
		if (i % 100000 == 0)
			fprintf(stderr, "\rfoundation: built %ld of %ld enrolments", i, n);
	}
	sqlite3_finalize(school);
	sqlite3_finalize(pupil);
	sqlite3_finalize(enrol);
	sqlite3_finalize(marks);
	sqlite3_finalize(row);
	sqlite3_finalize(enrol_rows);
	exec(db, "INSERT INTO meta VALUES ('latest_mark', '2026-07-20')");
	exec(db, "COMMIT");
	exec(rows, "COMMIT");
	sqlite3_close(rows);
	store_close(st);
	fprintf(stderr, "\rfoundation: built %ld enrolments in %.0f s\n", n,
		now() - t0);
}

struct answer {
	long n;
	uint64_t bands[BAND_COUNT];
	struct tally *school;	/* [1 .. schools] by school id */
	int schools;
};

static const struct period year = { 0, 0 };

static double attend_bands(struct store *st, struct answer *a, int summary)
{
	struct period p = { academic_year_start(YEAR), academic_year_end(YEAR) };
	struct roll_report r;
	struct error e = ERROR_INIT;
	double t0 = now();

	(void)year;
	if (report_enrolments(st, &p, 0, &r, &e)) {
		fprintf(stderr, "foundation: %s\n", e.msg);
		exit(1);
	}
	memset(a->bands, 0, sizeof(a->bands));
	a->n = (long)r.nr_rows;
	for (size_t i = 0; i < r.nr_rows; i++)
		a->bands[band_of(measure_absent(&r.rows[i].m), r.rows[i].m.possible)]++;
	if (summary) {
		struct school_report sr;

		if (report_schools(st, &p, 0, true, &sr, &e)) {
			fprintf(stderr, "foundation: %s\n", e.msg);
			exit(1);
		}
		a->schools = (int)sr.nr_schools;
		free(a->school);
		a->school = xcalloc(sr.nr_schools + 1, sizeof(*a->school));
		for (size_t s = 0; s < sr.nr_schools; s++)
			a->school[sr.schools[s].id] = sr.tally[s];
		school_report_release(&sr);
	}
	roll_report_release(&r);
	return now() - t0;
}

static double sqlite_bands(sqlite3 *db, struct answer *a)
{
	sqlite3_stmt *q;
	double t0 = now();
	char sql[1024];

	snprintf(sql, sizeof(sql),
		 "SELECT sum(c.category IN (%d, %d, %d, %d)), "
		 "sum(c.category IN (%d, %d)) FROM mark m JOIN category c "
		 "ON c.code = m.code GROUP BY m.enrolment_id",
		 CATEGORY_PRESENT, CATEGORY_APPROVED, CATEGORY_AUTHORISED,
		 CATEGORY_UNAUTHORISED, CATEGORY_AUTHORISED, CATEGORY_UNAUTHORISED);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL))
		die("prepare", db);
	memset(a->bands, 0, sizeof(a->bands));
	a->n = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		a->bands[band_of((uint64_t)sqlite3_column_int64(q, 1),
				 (uint64_t)sqlite3_column_int64(q, 0))]++;
		a->n++;
	}
	sqlite3_finalize(q);
	return now() - t0;
}

static double sqlite_schools(sqlite3 *db, struct answer *a)
{
	sqlite3_stmt *q;
	double t0 = now();
	char sql[2048];

	snprintf(sql, sizeof(sql),
		 "WITH per AS (SELECT m.enrolment_id AS id, "
		 "sum(c.category IN (%d, %d, %d, %d)) AS possible, "
		 "sum(c.category IN (%d, %d)) AS attendance, "
		 "sum(c.category = %d) AS auth, sum(c.category = %d) AS unauth "
		 "FROM mark m JOIN category c ON c.code = m.code "
		 "GROUP BY m.enrolment_id) "
		 "SELECT e.school_id, count(*), sum(possible), sum(attendance), "
		 "sum(auth), sum(unauth), sum(10 * (auth + unauth) >= possible), "
		 "sum(2 * (auth + unauth) >= possible) FROM per "
		 "JOIN enrolment e ON e.id = per.id WHERE possible > 0 "
		 "GROUP BY e.school_id",
		 CATEGORY_PRESENT, CATEGORY_APPROVED, CATEGORY_AUTHORISED,
		 CATEGORY_UNAUTHORISED, CATEGORY_PRESENT, CATEGORY_APPROVED,
		 CATEGORY_AUTHORISED, CATEGORY_UNAUTHORISED);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL))
		die("prepare", db);
	while (sqlite3_step(q) == SQLITE_ROW) {
		int s = sqlite3_column_int(q, 0);
		struct tally *t = &a->school[s];
		memset(t, 0, sizeof(*t));
		t->enrolments = (uint64_t)sqlite3_column_int64(q, 1);
		t->possible = (uint64_t)sqlite3_column_int64(q, 2);
		t->attendance = (uint64_t)sqlite3_column_int64(q, 3);
		t->authorised = (uint64_t)sqlite3_column_int64(q, 4);
		t->unauthorised = (uint64_t)sqlite3_column_int64(q, 5);
		t->pa = (uint64_t)sqlite3_column_int64(q, 6);
		t->sa = (uint64_t)sqlite3_column_int64(q, 7);
	}
	sqlite3_finalize(q);
	return now() - t0;
}

static long rss_anon_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "RssAnon:", 8))
			kb = atol(line + 8);
	if (f)
		fclose(f);
	return kb;
}

/* The attend school summary's peak extra anonymous memory, in a child. */
static long attend_peak_kb(const char *path)
{
	int fds[2];
	pid_t pid;
	long kb = -1;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		struct store *st;
		struct error e = ERROR_INIT;
		struct answer a = { 0 };
		long before = rss_anon_kb(), peak;
		struct rusage ru;

		close(fds[0]);
		if (store_open(&st, path, STORE_READ, &e))
			_exit(1);
		attend_bands(st, &a, 1);
		getrusage(RUSAGE_SELF, &ru);
		peak = ru.ru_maxrss;	/* includes the shared file map */
		(void)peak;
		kb = rss_anon_kb() > before ? rss_anon_kb() - before : 0;
		/* VmHWM counts mapped file pages too; report anon growth at
		 * peak by re-measuring with the result still allocated */
		if (write(fds[1], &kb, sizeof(kb)) != sizeof(kb))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &kb, sizeof(kb)) != sizeof(kb))
		kb = -1;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return kb;
}

int main(int argc, char **argv)
{
	long n = 1000000;
	int runs = 3, sqlite_runs = 1;
	const char *dir = "bench/data/foundation";
	char path[1024], rows_path[1024];
	struct stat sb;
	struct store *st;
	struct error e = ERROR_INIT;
	sqlite3 *rows;
	struct answer a = { 0 }, b = { 0 };
	double ta = 1e9, tas = 1e9, tb = 1e9, tbs = 1e9;
	long kb;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--enrolments") && i + 1 < argc)
			n = atol(argv[++i]);
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--sqlite-runs") && i + 1 < argc)
			sqlite_runs = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: foundation [--enrolments N] [--dir DIR] "
				"[--runs R] [--sqlite-runs R]\n");
			return 2;
		}
	}
	make_calendar();
	mkdir(dir, 0777);
	snprintf(path, sizeof(path), "%s/attend.db", dir);
	snprintf(rows_path, sizeof(rows_path), "%s/rows.db", dir);
	if (stat(path, &sb) || stat(rows_path, &sb)) {
		unlink(path);
		unlink(rows_path);
		build(dir, n);
	}
	if (store_open(&st, path, STORE_READ, &e) ||
	    sqlite3_open_v2(rows_path, &rows, SQLITE_OPEN_READONLY, NULL)) {
		fprintf(stderr, "foundation: cannot open the stores\n");
		return 1;
	}
	exec(rows, "PRAGMA cache_size = -262144");
	/* warm both, then the best of `runs` */
	attend_bands(st, &a, 1);
	for (int r = 0; r < runs; r++) {
		double t = attend_bands(st, &a, 0);
		if (t < ta)
			ta = t;
		t = attend_bands(st, &a, 1);
		if (t < tas)
			tas = t;
	}
	a.school = a.school;
	b.school = xcalloc((size_t)a.schools + 1, sizeof(*b.school));
	b.schools = a.schools;
	if (!sqlite_runs) {
		/* attend alone: a re-timing on a quiet machine */
		printf("bands by enrolment: attend %.3f s; school summary: attend "
		       "%.3f s (%ld enrolments)\n", ta, tas, a.n);
		return 0;
	}
	for (int r = 0; r < sqlite_runs; r++) {
		double t = sqlite_bands(rows, &b);
		if (t < tb)
			tb = t;
		t = sqlite_schools(rows, &b);
		if (t < tbs)
			tbs = t;
	}
	if (a.n != b.n || memcmp(a.bands, b.bands, sizeof(a.bands))) {
		fprintf(stderr, "foundation: band answers differ\n");
		return 1;
	}
	for (int s = 1; s <= a.schools; s++) {
		const struct tally *x = &a.school[s], *y = &b.school[s];
		if (x->enrolments != y->enrolments || x->possible != y->possible ||
		    x->attendance != y->attendance || x->authorised != y->authorised ||
		    x->unauthorised != y->unauthorised || x->pa != y->pa ||
		    x->sa != y->sa) {
			fprintf(stderr, "foundation: school %d answers differ\n", s);
			return 1;
		}
	}
	kb = attend_peak_kb(path);
	printf("enrolments: %ld x %d sessions = %.0f marks, %d schools\n", a.n,
	       SESSIONS, (double)a.n * SESSIONS, a.schools);
	printf("bands by enrolment:  attend %.3f s   sqlite one row per mark %.3f s"
	       "   ratio %.1fx\n", ta, tb, tb / ta);
	printf("school summary:      attend %.3f s   sqlite one row per mark %.3f s"
	       "   ratio %.1fx\n", tas, tbs, tbs / tas);
	printf("attend marks/s (bands): %.0f million\n",
	       (double)a.n * SESSIONS / ta / 1e6);
	printf("attend extra anonymous memory: %ld KiB = %.3f bytes per mark\n", kb,
	       (double)kb * 1024 / ((double)a.n * SESSIONS));
	printf("answers identical: %ld enrolments in 5 bands, %d schools\n", a.n,
	       a.schools);
	sqlite3_close(rows);
	store_close(st);
	return 0;
}
