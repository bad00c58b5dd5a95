/*
 * Bringing an engine up to date (engine_refresh()) and its cache beside
 * the store (engine_open()).  A store is filled at random, an engine
 * taken, and then the store is changed the ways imports change it: marks
 * replaced, registers emptied, new pupils, enrolments and schools,
 * changed cohorts, year groups and postcodes, a Saturday session (a
 * column no school had).  The refreshed engine must answer every query
 * as an engine loaded afresh from the changed store, row for row by
 * enrolment id (the rows may be in another order).
 */
#include <glob.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/code.h"
#include "core/date.h"
#include "core/measure.h"
#include "engine/engine.h"
#include "store/store.h"
#include "tap.h"

#define YEAR 2025
#define SCHOOLS 6
#define PUPILS 400

static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static mark_t code(const char *c)
{
	return code_find(c, strlen(c));
}

/* A year's register: mostly present, some absence, weekends empty. */
static void random_marks(mark_t *m, int weeks_blank)
{
	static const char *const pool[] = {
		"/", "/", "/", "/", "/", "\\", "\\", "L", "I", "M", "O", "G",
		"N", "U", "X", "#", "C", "B",
	};
	day_t start = academic_year_start(YEAR);

	memset(m, MARK_MISSING, YEAR_SLOTS_MAX);
	for (int s = 0; s < academic_year_slots(YEAR); s++) {
		day_t d = slot_day(YEAR, s);

		if (date_weekday(d) >= 5 || d > start + 120)
			continue;
		if (weeks_blank && (d - start) / 7 == 3)
			continue;	/* a week with no mark: tests the weeks */
		m[s] = code(pool[rnd(rnd(4) ? 8 : sizeof(pool) / sizeof(pool[0]))]);
	}
}

static void exec(struct store *st, const char *sql)
{
	struct error err = ERROR_INIT;

	if (store_exec(st, sql, &err))
		printf("# %s: %s\n", sql, err.msg);
}

static int64_t import(struct store *st)
{
	struct error err = ERROR_INIT;
	int64_t id = 0;

	store_import_begin(st, "test", "test", &id, &err);
	return id;
}

static void fill(struct store *st)
{
	static const char *const fsm[] = { "Y", "N", "" };
	static const char *const sen[] = { "N", "K", "E", "" };
	static const char *const care[] = { "", "CIN", "CP", "CLA" };
	struct error err = ERROR_INIT;
	mark_t m[YEAR_SLOTS_MAX];
	char sql[512];

	exec(st, "BEGIN");
	import(st);
	for (int s = 1; s <= SCHOOLS; s++) {
		snprintf(sql, sizeof(sql), "INSERT INTO school (id, urn, laestab, name, phase) VALUES (%d, %d, %d, "
			 "'S%d', 'primary')", s, 100100 - s, 9000000 + s, s);
		exec(st, sql);
	}
	for (int p = 1; p <= PUPILS; p++) {
		snprintf(sql, sizeof(sql), "INSERT INTO pupil (id, upn, surname, "
			 "forename, dob, sex, fsm, sen, social_care, postcode) "
			 "VALUES (%d, 'U%d', 'S', 'F', '%d-03-01', '%s', '%s', '%s', "
			 "'%s', 'KM%u 1AA')", p, p, 2008 + (int)rnd(12),
			 rnd(2) ? "F" : "M", fsm[rnd(3)], sen[rnd(4)], care[rnd(4)],
			 rnd(9));
		exec(st, sql);
		snprintf(sql, sizeof(sql), "INSERT INTO enrolment (id, pupil_id, "
			 "school_id, year_group) VALUES (%d, %d, %u, '%u')",
			 p, p, 1 + rnd(SCHOOLS), 1 + rnd(11));
		exec(st, sql);
		if (rnd(10)) {
			random_marks(m, !rnd(20));
			store_marks_save(st, YEAR, p, m, YEAR_SLOTS_MAX, &err);
		}
	}
	exec(st, "COMMIT");
}

/* What imports do between two versions of the store. */
static void change(struct store *st)
{
	struct error err = ERROR_INIT;
	mark_t m[YEAR_SLOTS_MAX];
	char sql[512];
	int sat = session_slot(academic_year_start(YEAR) + 12, SESSION_AM);

	exec(st, "BEGIN");
	import(st);
	/* marks replaced, some emptied, one school's week 3 emptied */
	for (int i = 0; i < 60; i++) {
		int p = 1 + (int)rnd(PUPILS);

		random_marks(m, 0);
		if (i % 10 == 0)
			memset(m, MARK_MISSING, sizeof(m));
		store_marks_save(st, YEAR, p, m, YEAR_SLOTS_MAX, &err);
	}
	/* school 1 loses every mark of the week of 15 September: a week it no longer has */
	{
		sqlite3_stmt *q = store_prepare(st, "SELECT id FROM enrolment "
						"WHERE school_id = 1", &err);
		day_t monday = date_from_ymd(YEAR, 9, 15);

		while (q && sqlite3_step(q) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(q, 0);

			store_marks_load(st, YEAR, id, m, &err);
			for (int s = 0; s < academic_year_slots(YEAR); s++)
				if (slot_day(YEAR, s) >= monday &&
				    slot_day(YEAR, s) < monday + 7)
					m[s] = MARK_MISSING;
			store_marks_save(st, YEAR, id, m, YEAR_SLOTS_MAX, &err);
		}
		if (q)
			sqlite3_reset(q);
	}
	exec(st, "COMMIT");
	exec(st, "BEGIN");
	import(st);
	/* a new school, new pupils there and elsewhere */
	exec(st, "INSERT INTO school (id, urn, laestab, name, phase) VALUES (50, 100001, 9000050, 'New', 'secondary')");
	for (int p = PUPILS + 1; p <= PUPILS + 30; p++) {
		snprintf(sql, sizeof(sql), "INSERT INTO pupil (id, upn, surname, "
			 "forename, dob, sex, fsm, postcode) VALUES (%d, 'U%d', 'S', "
			 "'F', '2012-05-05', 'F', 'Y', 'ZZ9 9ZZ')", p, p);
		exec(st, sql);
		snprintf(sql, sizeof(sql), "INSERT INTO enrolment (id, pupil_id, "
			 "school_id, year_group) VALUES (%d, %d, %d, '8')", p, p,
			 p % 2 ? 50 : 2);
		exec(st, sql);
		random_marks(m, 0);
		if (p == PUPILS + 1)
			m[sat] = code("/");	/* a Saturday: a new column */
		store_marks_save(st, YEAR, p, m, YEAR_SLOTS_MAX, &err);
	}
	/* a second enrolment of an existing pupil, with no marks */
	exec(st, "INSERT INTO enrolment (id, pupil_id, school_id, year_group) "
	     "VALUES (1000, 3, 50, '9')");
	/* cohorts, year groups and postcodes change */
	exec(st, "UPDATE pupil SET fsm = CASE fsm WHEN 'Y' THEN 'N' ELSE 'Y' END, "
	     "postcode = 'QQ1 1QQ' WHERE id % 7 = 0");
	exec(st, "UPDATE enrolment SET year_group = 'R' WHERE id % 11 = 0");
	exec(st, "COMMIT");
}

/* Row of each enrolment id (or -1), ids up to max. */
static long *rows_by_id(const struct engine *e, long max)
{
	long *r = malloc((size_t)(max + 1) * sizeof(*r));

	for (long i = 0; i <= max; i++)
		r[i] = -1;
	for (size_t i = 0; i < e->nr_rows; i++)
		if (e->enrolment_id[i] <= max)
			r[e->enrolment_id[i]] = (long)i;
	return r;
}

static long school_of_urn(const struct engine *e, int32_t urn)
{
	for (size_t k = 0; k < e->nr_schools; k++)
		if (e->school_urn[k] == urn)
			return (long)k;
	return -1;
}

#define MAX_ID 1000

/* Every answer of a and b, matched by enrolment id and by URN. */
static void same(const struct engine *a, const struct engine *b,
		 const char *what)
{
	struct error err = ERROR_INIT;
	long *ra = rows_by_id(a, MAX_ID), *rb = rows_by_id(b, MAX_ID);
	struct measure *ma = calloc(a->nr_rows + 1, sizeof(*ma));
	struct measure *mb = calloc(b->nr_rows + 1, sizeof(*mb));
	int16_t *pa = calloc(a->nr_rows + 1, sizeof(*pa));
	int16_t *pb = calloc(b->nr_rows + 1, sizeof(*pb));
	struct tally *ta = calloc(a->nr_schools + 1, sizeof(*ta));
	struct tally *tb = calloc(b->nr_schools + 1, sizeof(*tb));
	struct engine_sums *wa = calloc(a->nr_schools * ENGINE_WEEKS + 1, sizeof(*wa));
	struct engine_sums *wb = calloc(b->nr_schools * ENGINE_WEEKS + 1, sizeof(*wb));
	struct tally ca[ENGINE_COHORT_COUNT], cb[ENGINE_COHORT_COUNT];
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	int rows = 1, marks = 1, measures = 1, penalty = 1, schools = 1, weeks = 1;
	mark_t ga[YEAR_SLOTS_MAX], gb[YEAR_SLOTS_MAX];

	ok(a->nr_rows == b->nr_rows && a->nr_schools == b->nr_schools &&
	   a->nr_cols == b->nr_cols, "%s: %zu rows, %zu schools, %zu columns",
	   what, b->nr_rows, b->nr_schools, b->nr_cols);
	engine_measures(a, NULL, ma, NULL, &err);
	engine_measures(b, NULL, mb, NULL, &err);
	engine_penalty(a, NULL, pa, NULL, &err);
	engine_penalty(b, NULL, pb, NULL, &err);
	for (long id = 0; id <= MAX_ID; id++) {
		long i = ra[id], j = rb[id];

		if (i < 0 || j < 0) {
			rows &= i == j;
			continue;
		}
		rows &= a->flags[i] == b->flags[j] &&
			a->year_group[i] == b->year_group[j] &&
			a->school_urn[a->school[i]] == b->school_urn[b->school[j]] &&
			!strcmp(a->area_name[a->area[i]], b->area_name[b->area[j]]);
		engine_get_marks(a, (size_t)i, ga);
		engine_get_marks(b, (size_t)j, gb);
		marks &= !memcmp(ga, gb, sizeof(ga));
		measures &= !memcmp(&ma[i], &mb[j], sizeof(ma[i]));
		penalty &= pa[i] == pb[j];
	}
	ok(rows, "%s: every enrolment's school, cohorts, year group and area", what);
	ok(marks, "%s: every enrolment's marks", what);
	ok(measures, "%s: every enrolment's measures", what);
	ok(penalty, "%s: every enrolment's penalty threshold", what);
	engine_school_summary(a, NULL, ta, &err);
	engine_school_summary(b, NULL, tb, &err);
	engine_weekly(a, NULL, wa, NULL, &err);
	engine_weekly(b, NULL, wb, NULL, &err);
	for (size_t k = 0; k < b->nr_schools; k++) {
		long l = school_of_urn(a, b->school_urn[k]);

		if (l < 0) {
			schools = weeks = 0;
			continue;
		}
		schools &= !memcmp(&ta[l], &tb[k], sizeof(ta[l])) &&
			   a->school_weeks[l] == b->school_weeks[k];
		weeks &= !memcmp(&wa[(size_t)l * ENGINE_WEEKS],
				 &wb[k * ENGINE_WEEKS], ENGINE_WEEKS * sizeof(*wa));
	}
	ok(schools, "%s: every school's summary and weeks", what);
	ok(weeks, "%s: every school's weekly trend", what);
	engine_cohorts(a, &headline, ca, &err);
	engine_cohorts(b, &headline, cb, &err);
	ok(!memcmp(ca, cb, sizeof(ca)), "%s: the cohort breakdown", what);
	free(ra);
	free(rb);
	free(ma);
	free(mb);
	free(pa);
	free(pb);
	free(ta);
	free(tb);
	free(wa);
	free(wb);
}

static int caches(const char *db, char *first, size_t n)
{
	char pattern[256];
	glob_t g;
	int count = 0;

	snprintf(pattern, sizeof(pattern), "%s.engine-*", db);
	if (!glob(pattern, 0, NULL, &g)) {
		count = (int)g.gl_pathc;
		snprintf(first, n, "%s", g.gl_pathv[0]);
		globfree(&g);
	}
	return count;
}

static void remove_store(const char *db)
{
	char p[256], name[256];

	while (caches(db, name, sizeof(name)))
		unlink(name);
	unlink(db);
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
}

/* Flips the byte at `at` (from the end when negative) of the file. */
static int flip(const char *path, long at)
{
	FILE *f = fopen(path, "r+");
	int c;

	if (!f)
		return -1;
	fseek(f, at, at < 0 ? SEEK_END : SEEK_SET);
	at = ftell(f);
	c = fgetc(f);
	fseek(f, at, SEEK_SET);
	fputc(c ^ 0x10, f);
	return fclose(f);
}

/*
 * Every byte of a cache file is checksummed: a byte flipped in the
 * matrix, in the row arrays or in the header makes engine_read() refuse
 * the file (naming the matrix block), and engine_open() then loads the
 * year from the store, so the figures stay right.  A file of an older
 * layout, without checksums, is refused too.  An intact file's matrix is
 * mapped, and copied out when a row is added.
 */
static void test_checksums(const struct engine *e, const char *dir,
			   struct store *st)
{
	struct error err = ERROR_INIT;
	struct engine *back = NULL, *fresh = NULL;
	char path[256];
	size_t row = e->nr_rows / 2, matrix = e->nr_rows * e->stride;
	/* the matrix is followed by 64 bytes of slack */
	long cell = -64 - (long)matrix + (long)(row * e->stride + 7);
	mark_t before[YEAR_SLOTS_MAX], got[YEAR_SLOTS_MAX];

	snprintf(path, sizeof(path), "%s/sum.bin", dir);
	ok(!engine_save(e, path, &err) && !engine_read(&back, path, &err),
	   "an intact file reads back: %s", err.msg);
	if (back) {
		/* page size 4096 here: the matrix is the file's, mapped */
		struct engine_row extra = { 99999, 0, 0, 3, 0 };

		ok(back->marks_file, "the matrix is mapped from the file");
		engine_get_marks(back, row + 1, before);
		engine_add_row(back, &extra);
		engine_get_marks(back, row + 1, got);
		ok(!back->marks_file && back->nr_rows == e->nr_rows + 1 &&
		   !memcmp(before, got, sizeof(got)), "a row added copies the "
		   "matrix out of the file, marks intact");
	}
	engine_free(back);
	back = NULL;

	/* one bit of one mark: row `row`, column 7, in block row*stride/1 MiB */
	ok(!flip(path, cell), "flip a bit of a mark");
	ok(engine_read(&back, path, &err) && !back && err.kind == ERROR_INPUT &&
	   strstr(err.msg, "checksum mismatch in block 0 of the matrix"),
	   "a flipped mark is refused, naming its block: %s", err.msg);
	flip(path, cell);
	ok(!engine_read(&back, path, &err), "flipped back, it reads: %s", err.msg);
	engine_free(back);
	back = NULL;

	/* the last byte of the header (its head_hash), and a row array's byte */
	ok(!flip(path, 63) && engine_read(&back, path, &err) && !back &&
	   strstr(err.msg, "checksum mismatch in the header"),
	   "a flipped header checksum is refused: %s", err.msg);
	flip(path, 63);
	ok(!flip(path, 64 + 8 + (long)e->nr_cols * 2) &&
	   engine_read(&back, path, &err) && !back &&
	   strstr(err.msg, "checksum mismatch in the header or the row arrays"),
	   "a flipped school id is refused: %s", err.msg);
	flip(path, 64 + 8 + (long)e->nr_cols * 2);

	/* an older layout, whatever its bytes */
	{
		FILE *f = fopen(path, "r+");

		fputs("ATTENDE2", f);
		fclose(f);
	}
	ok(engine_read(&back, path, &err) && !back &&
	   strstr(err.msg, "older layout, without checksums"),
	   "a file of the older layout is refused: %s", err.msg);
	unlink(path);

	/*
	 * The store's own cache, damaged: engine_open() answers from the
	 * store, the same as a fresh load, and writes a good cache again.
	 */
	{
		char name[256];
		int64_t v = -1;

		engine_cache_save(e, st, 3);
		ok(caches(store_path(st), name, sizeof(name)) == 1 &&
		   !flip(name, cell), "damage the store's cache (%s)", name);
		ok(!engine_open(&back, st, YEAR, &v, &err) &&
		   !engine_load(&fresh, st, YEAR, &err), "engine_open over a "
		   "damaged cache: %s", err.msg);
		if (back && fresh)
			same(back, fresh, "a damaged cache read past");
		engine_free(back);
		engine_free(fresh);
		back = NULL;
		ok(caches(store_path(st), name, sizeof(name)) == 1 &&
		   !engine_read(&back, name, &err), "and a good cache written "
		   "again: %s", err.msg);
		engine_free(back);
	}
}

int main(void)
{
	char dir[] = "/tmp/test-refresh-XXXXXX", db[128], name[256], want[256];
	struct error err = ERROR_INIT;
	struct store *st;
	struct engine *held = NULL, *fresh = NULL, *opened = NULL;
	int64_t v0 = -1, v = -1;

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
	ok(!engine_open(&held, st, YEAR, &v0, &err), "engine_open loads the year: %s",
	   err.msg);
	is_int(v0, 1, "at the store's version, its one import");
	ok(caches(db, name, sizeof(name)) == 1 && strstr(name, ".engine-2025-1-"),
	   "and writes its cache beside the store (%s)", name);

	change(st);
	ok(!engine_refresh(held, st, v0, &err), "engine_refresh: %s", err.msg);
	ok(!engine_load(&fresh, st, YEAR, &err), "engine_load afresh: %s", err.msg);
	if (held && fresh)
		same(held, fresh, "refreshed");

	/* the cache of version 1 is read and brought up to date */
	ok(!engine_open(&opened, st, YEAR, &v, &err), "engine_open: %s", err.msg);
	is_int(v, 3, "at version 3, from the cache of version 1");
	if (opened && fresh)
		same(opened, fresh, "opened from an old cache");
	snprintf(want, sizeof(want), "%s.engine-2025-3-", db);
	ok(caches(db, name, sizeof(name)) == 1 && !strncmp(name, want, strlen(want)),
	   "the cache is rewritten at version 3 and version 1 dropped (%s)", name);
	engine_free(opened);
	opened = NULL;
	{
		/*
		 * A newer version's cache, as another process writes after a
		 * later import: not read at version 3, and not removed.
		 */
		char id[64], newer[256];
		FILE *f;

		store_meta_get(st, "store_id", id, sizeof(id));
		snprintf(newer, sizeof(newer), "%s.engine-2025-9-%s", db, id);
		if ((f = fopen(newer, "w"))) {
			fputs("not an engine", f);
			fclose(f);
		}
		ok(!engine_open(&opened, st, YEAR, &v, &err) && v == 3 && opened &&
		   opened->nr_rows == fresh->nr_rows, "a newer version's cache is "
		   "not read");
		engine_cache_save(opened, st, 3);
		ok(access(newer, F_OK) == 0, "nor removed when version 3 is saved");
		unlink(newer);
		engine_free(opened);
		opened = NULL;
	}
	if (held)
		test_checksums(held, dir, st);
	ok(!engine_refresh(held, st, 3, &err), "a refresh with nothing new");
	if (held && fresh)
		same(held, fresh, "refreshed again");
	engine_free(fresh);
	fresh = NULL;

	/*
	 * A change made outside an import, after the engine took version 3,
	 * is stamped 3 and taken in with the next import's refresh.
	 */
	exec(st, "UPDATE pupil SET sen = 'E', postcode = 'RR5 5RR' WHERE id % 5 = 1");
	exec(st, "UPDATE enrolment SET year_group = '2' WHERE id % 13 = 0");
	exec(st, "BEGIN");
	import(st);
	exec(st, "COMMIT");
	ok(!engine_refresh(held, st, 3, &err) && !engine_load(&fresh, st, YEAR,
	   &err), "refresh after a change outside an import: %s", err.msg);
	if (held && fresh)
		same(held, fresh, "a change outside an import");
	engine_free(held);
	engine_free(fresh);
	store_close(st);

	/*
	 * Another store made at the same path, with the same versions: the
	 * old store's cache must not be taken for its own.
	 */
	unlink(db);
	{
		char p[256];
		snprintf(p, sizeof(p), "%s-wal", db);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", db);
		unlink(p);
	}
	rng = 12345;
	if (store_open(&st, db, STORE_WRITE, &err)) {
		ok(0, "open a second store: %s", err.msg);
		return tap_done();
	}
	fill(st);
	exec(st, "BEGIN");
	import(st);
	exec(st, "COMMIT");
	exec(st, "BEGIN");
	import(st);
	exec(st, "COMMIT");
	fresh = NULL;
	ok(!engine_open(&opened, st, YEAR, &v, &err) && !engine_load(&fresh, st,
	   YEAR, &err), "a new store at the same path: %s", err.msg);
	is_int(v, 3, "at the same version as the old store's cache");
	if (opened && fresh)
		same(opened, fresh, "another store's cache ignored");
	engine_free(opened);
	engine_free(fresh);
	store_close(st);
	remove_store(db);
	rmdir(dir);
	return tap_done();
}
