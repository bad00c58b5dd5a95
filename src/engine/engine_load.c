/*
 * Loading one academic year from the store into the engine.
 *
 * Two passes over the year's marks blobs inside one read transaction:
 * the first finds the slots anybody has a mark for (the columns), the
 * second fills the matrix.  Weekdays after the last mark of the year get
 * columns too, so the days still to come are imported in place.
 */
#include "engine/engine_internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/roll.h"
#include "store/store.h"
#include "util/strbuf.h"

static int sql_fail(sqlite3 *db, struct error *err, const char *what)
{
	return error_set(err, ERROR_INTERNAL, "engine: %s: %s", what,
			 sqlite3_errmsg(db));
}

static const char *text(sqlite3_stmt *stmt, int col)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);
	return s ? s : "";
}

static uint16_t pupil_flags(sqlite3_stmt *stmt, int year)
{
	enum flag fl;
	enum sen sen;
	enum social_care care;
	enum sex sex;
	day_t dob;
	uint16_t f = 0;
	const char *s;
	static const enum engine_cohort yes_no[4] = {
		ENGINE_COHORT_FSM, ENGINE_COHORT_EARLY_HELP,
		ENGINE_COHORT_YOUTH_JUSTICE, ENGINE_COHORT_EAL,
	};

	/* columns 4..: dob, sex, fsm, early_help, youth_justice, eal, sen, social_care */
	s = text(stmt, 4);
	if (!date_parse(s, strlen(s), &dob) && compulsory_school_age(dob, year))
		f |= ENGINE_COMPULSORY;
	s = text(stmt, 5);
	if (!sex_parse(s, strlen(s), &sex) && sex != SEX_UNKNOWN)
		f |= ENGINE_FLAG(sex == SEX_FEMALE ? ENGINE_COHORT_FEMALE :
				 ENGINE_COHORT_MALE);
	for (int i = 0; i < 4; i++) {
		s = text(stmt, 6 + i);
		if (!flag_parse(s, strlen(s), &fl) && fl == FLAG_YES)
			f |= ENGINE_FLAG(yes_no[i]);
	}
	s = text(stmt, 10);
	if (!sen_parse(s, strlen(s), &sen))
		f |= sen == SEN_SUPPORT ? ENGINE_FLAG(ENGINE_COHORT_SEN_SUPPORT) :
		     sen == SEN_EHCP ? ENGINE_FLAG(ENGINE_COHORT_EHCP) : 0;
	s = text(stmt, 11);
	if (!social_care_parse(s, strlen(s), &care))
		f |= care == CARE_CIN ? ENGINE_FLAG(ENGINE_COHORT_CIN) :
		     care == CARE_CP ? ENGINE_FLAG(ENGINE_COHORT_CP) :
		     care == CARE_CLA ? ENGINE_FLAG(ENGINE_COHORT_CLA) : 0;
	return f;
}

/* The postcode district: the outward code, before the space. */
static uint16_t pupil_area(struct engine *e, const char *postcode)
{
	char district[8];
	size_t n = strcspn(postcode, " ");

	if (!n || n >= sizeof(district))
		return 0;
	memcpy(district, postcode, n);
	district[n] = '\0';
	return engine_add_area(e, district);
}

static int load_schools(struct engine *e, sqlite3 *db, uint32_t **by_id,
			int64_t *max_id, struct error *err)
{
	sqlite3_stmt *stmt;

	*max_id = 0;
	if (sqlite3_prepare_v2(db, "SELECT max(id) FROM school", -1, &stmt, NULL))
		return sql_fail(db, err, "schools");
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*max_id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (*max_id < 0 || *max_id > UINT32_MAX)
		return error_set(err, ERROR_INTERNAL, "engine: school ids too large");
	*by_id = xmalloc((size_t)(*max_id + 1) * sizeof(**by_id));
	memset(*by_id, 0xff, (size_t)(*max_id + 1) * sizeof(**by_id));
	/* the engine's own schools (a refresh), then any new ones */
	for (size_t k = 0; k < e->nr_schools; k++)
		if (e->school_id[k] > 0 && e->school_id[k] <= *max_id)
			(*by_id)[e->school_id[k]] = (uint32_t)k;
	if (sqlite3_prepare_v2(db, "SELECT id, urn FROM school ORDER BY urn", -1,
			       &stmt, NULL))
		return sql_fail(db, err, "schools");
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);

		if (id >= 0 && id <= *max_id && (*by_id)[id] == UINT32_MAX)
			(*by_id)[id] = engine_add_school(e, id,
							 sqlite3_column_int(stmt, 1));
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* what a row takes from its enrolment e and pupil p */
#define ROW_COLUMNS \
	"SELECT e.id, e.school_id, e.year_group, p.postcode, p.dob, p.sex, " \
	"p.fsm, p.early_help, p.youth_justice, p.eal, p.sen, p.social_care "

/*
 * One result row of a ROW_COLUMNS query as an engine row; false if its enrolment
 * or school is out of range (school_by_id[] maps school ids to indexes).
 */
static bool row_decode(struct engine *e, sqlite3_stmt *stmt,
		       const uint32_t *school_by_id, int64_t max_school,
		       int64_t max_id, struct engine_row *row)
{
	int64_t id = sqlite3_column_int64(stmt, 0);
	int64_t school = sqlite3_column_int64(stmt, 1);
	const char *yg = text(stmt, 2);
	int year_group;

	if (id < 1 || id > max_id || school < 0 || school > max_school ||
	    school_by_id[school] == UINT32_MAX)
		return false;
	if (year_group_parse(yg, strlen(yg), &year_group))
		year_group = YEAR_GROUP_UNKNOWN;
	row->enrolment_id = (uint32_t)id;
	row->school = school_by_id[school];
	row->flags = pupil_flags(stmt, e->year);
	row->year_group = (int8_t)year_group;
	row->area = pupil_area(e, text(stmt, 3));
	return true;
}

static int max_enrolment(sqlite3 *db, size_t *count, int64_t *max_id,
			 struct error *err)
{
	sqlite3_stmt *stmt;

	*count = 0;
	*max_id = 0;
	if (sqlite3_prepare_v2(db, "SELECT count(*), max(id) FROM enrolment", -1,
			       &stmt, NULL))
		return sql_fail(db, err, "enrolments");
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*count = (size_t)sqlite3_column_int64(stmt, 0);
		*max_id = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (*max_id < 0 || *max_id > UINT32_MAX)
		return error_set(err, ERROR_INTERNAL, "engine: enrolment ids too large");
	return 0;
}

/* Rows in school (URN) order, then by enrolment id. */
static int load_rows(struct engine *e, sqlite3 *db, const uint32_t *school_by_id,
		     int64_t max_school, uint32_t **row_by_id, int64_t *max_id,
		     struct error *err)
{
	sqlite3_stmt *stmt;
	size_t n;

	if (max_enrolment(db, &n, max_id, err))
		return -1;
	*row_by_id = xmalloc((size_t)(*max_id + 1) * sizeof(**row_by_id));
	memset(*row_by_id, 0xff, (size_t)(*max_id + 1) * sizeof(**row_by_id));
	engine_reserve_rows(e, n);
	if (sqlite3_prepare_v2(db, ROW_COLUMNS "FROM enrolment e JOIN pupil p "
			       "ON p.id = e.pupil_id JOIN school s ON s.id = "
			       "e.school_id ORDER BY s.urn, e.id", -1, &stmt, NULL))
		return sql_fail(db, err, "enrolments");
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		struct engine_row row;

		if (row_decode(e, stmt, school_by_id, max_school, *max_id, &row))
			(*row_by_id)[row.enrolment_id] =
				(uint32_t)engine_add_row(e, &row);
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* Pass 1: the columns. */
static int load_columns(struct engine *e, sqlite3 *db, struct error *err)
{
	sqlite3_stmt *stmt;
	uint8_t used[YEAR_SLOTS_MAX] = { 0 };
	int slots[YEAR_SLOTS_MAX], limit = academic_year_slots(e->year), last = -1;
	size_t n = 0;

	if (sqlite3_prepare_v2(db, "SELECT codes FROM marks WHERE id BETWEEN ? AND ?",
			       -1, &stmt, NULL))
		return sql_fail(db, err, "marks");
	sqlite3_bind_int64(stmt, 1, (int64_t)e->year << 32);
	sqlite3_bind_int64(stmt, 2, (int64_t)e->year << 32 | 0xffffffffLL);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const mark_t *m = sqlite3_column_blob(stmt, 0);
		int len = sqlite3_column_bytes(stmt, 0);

		if (len > limit)
			len = limit;
		for (int s = 0; s < len; s++)
			used[s] |= m[s] != MARK_MISSING;
	}
	sqlite3_finalize(stmt);
	for (int s = 0; s < limit; s++)
		if (used[s])
			last = s;
	for (int s = 0; s < limit; s++)
		if (used[s] || (s > last && date_weekday(slot_day(e->year, s)) < 5))
			slots[n++] = s;
	engine_add_slots(e, slots, n);
	return 0;
}

/*
 * Pass 2: the marks.  Every slot a blob marks has a column (pass 1 made
 * them), and the columns are the slots in order, so a blob is copied as
 * a few runs of consecutive slots (a school week each) rather than byte
 * by byte; then checked and the row's weeks noted with simple loops the
 * compiler vectorises.  This is engine_set_marks() for a whole new row.
 */
struct run {
	int16_t slot, col, len;
};

static size_t column_runs(const struct engine *e, struct run *runs)
{
	size_t n = 0;

	for (size_t c = 0; c < e->nr_cols; c++) {
		if (n && runs[n - 1].slot + runs[n - 1].len == e->col_slot[c] &&
		    runs[n - 1].col + runs[n - 1].len == (int)c) {
			runs[n - 1].len++;
			continue;
		}
		runs[n].slot = e->col_slot[c];
		runs[n].col = (int16_t)c;
		runs[n].len = 1;
		n++;
	}
	return n;
}

static void row_fill(struct engine *e, size_t row, const struct run *runs,
		     size_t nr_runs, const mark_t *m, int len)
{
	mark_t *restrict out = e->marks + row * e->stride;
	const unsigned count = (unsigned)code_count;
	uint8_t seen[ENGINE_WEEKS] = { 0 };
	uint64_t weeks = 0;

	for (size_t r = 0; r < nr_runs && runs[r].slot < len; r++) {
		int n = runs[r].len;
		if (runs[r].slot + n > len)
			n = len - runs[r].slot;
		memcpy(out + runs[r].col, m + runs[r].slot, (size_t)n);
	}
	for (size_t c = 0; c < e->nr_cols; c++)
		out[c] = out[c] < count ? out[c] : MARK_MISSING;
	for (size_t c = 0; c < e->nr_cols; c++)
		seen[e->col_week[c]] |= out[c] != MARK_MISSING &&
					out[c] != MARK_CLOSURE;
	for (int w = 0; w < ENGINE_WEEKS; w++)
		weeks |= (uint64_t)(seen[w] != 0) << w;
	e->school_weeks[e->school[row]] |= weeks;
}

static int load_marks(struct engine *e, sqlite3 *db, const uint32_t *row_by_id,
		      int64_t max_id, struct error *err)
{
	sqlite3_stmt *stmt;
	int limit = academic_year_slots(e->year);
	struct run *runs = xmalloc((e->nr_cols + 1) * sizeof(*runs));
	size_t nr_runs = column_runs(e, runs);

	if (sqlite3_prepare_v2(db, "SELECT enrolment_id, codes FROM marks "
			       "WHERE id BETWEEN ? AND ?", -1, &stmt, NULL)) {
		free(runs);
		return sql_fail(db, err, "marks");
	}
	sqlite3_bind_int64(stmt, 1, (int64_t)e->year << 32);
	sqlite3_bind_int64(stmt, 2, (int64_t)e->year << 32 | 0xffffffffLL);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		const mark_t *m = sqlite3_column_blob(stmt, 1);
		int len = sqlite3_column_bytes(stmt, 1);

		if (id < 1 || id > max_id || row_by_id[id] == UINT32_MAX || !m)
			continue;
		row_fill(e, row_by_id[id], runs, nr_runs, m,
			 len < limit ? len : limit);
	}
	sqlite3_finalize(stmt);
	free(runs);
	return 0;
}

int engine_load(struct engine **out, struct store *st, int year,
		struct error *err)
{
	sqlite3 *db = store_db(st);
	struct engine *e;
	uint32_t *school_by_id = NULL, *row_by_id = NULL;
	int64_t max_school = 0, max_id = 0;
	int own_txn = sqlite3_get_autocommit(db), rc;

	*out = NULL;
	if (year < ACADEMIC_YEAR_MIN || year > ACADEMIC_YEAR_MAX)
		return error_set(err, ERROR_INPUT, "engine: no academic year %d", year);
	if (own_txn && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL))
		return sql_fail(db, err, "begin");
	e = engine_new(year);
	rc = load_schools(e, db, &school_by_id, &max_school, err);
	if (!rc)
		rc = load_columns(e, db, err);
	if (!rc)
		rc = load_rows(e, db, school_by_id, max_school, &row_by_id, &max_id,
			       err);
	if (!rc)
		rc = load_marks(e, db, row_by_id, max_id, err);
	if (own_txn)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	free(school_by_id);
	free(row_by_id);
	if (rc) {
		engine_free(e);
		return -1;
	}
	*out = e;
	return 0;
}

/* ---- bringing a loaded engine up to date ------------------------------ */

/* The weeks in which row r has a mark other than missing or closed. */
static uint64_t row_weeks(const struct engine *e, size_t r)
{
	const mark_t *m = engine_row_marks(e, r);
	uint64_t weeks = 0;

	for (size_t c = 0; c < e->nr_cols; c++)
		if (m[c] != MARK_MISSING && m[c] != MARK_CLOSURE)
			weeks |= (uint64_t)1 << e->col_week[c];
	return weeks;
}

/* Takes one result row of a ROW_COLUMNS query into the engine. */
static void refresh_row(struct engine *e, sqlite3_stmt *stmt,
			const uint32_t *school_by_id, int64_t max_school,
			uint32_t *row_by_id, int64_t max_id, uint8_t *dirty)
{
	struct engine_row row;
	uint32_t r;

	if (!row_decode(e, stmt, school_by_id, max_school, max_id, &row))
		return;
	r = row_by_id[row.enrolment_id];
	if (r == UINT32_MAX) {
		row_by_id[row.enrolment_id] = (uint32_t)engine_add_row(e, &row);
		return;
	}
	if (e->school[r] != row.school) {
		dirty[e->school[r]] = dirty[row.school] = 1;
		e->school[r] = row.school;
	}
	e->flags[r] = row.flags;
	e->year_group[r] = row.year_group;
	e->area[r] = row.area;
}

/*
 * The enrolments that are new (ids above any the engine has) or whose
 * pupil or enrolment changed since version `from` (migration 6 stamps
 * them), each by its index.  A school whose rows changed is marked dirty:
 * its weeks are counted again at the end.
 */
static int refresh_rows(struct engine *e, sqlite3 *db, int64_t from,
			const uint32_t *school_by_id, int64_t max_school,
			uint32_t **row_by_id, int64_t *max_id, uint8_t *dirty,
			struct error *err)
{
	static const char *const changed[] = {
		ROW_COLUMNS "FROM enrolment e JOIN pupil p ON p.id = e.pupil_id "
		"WHERE e.id > ?1",
		ROW_COLUMNS "FROM enrolment e INDEXED BY enrolment_import "
		"JOIN pupil p ON p.id = e.pupil_id WHERE e.import_id >= ?2",
		ROW_COLUMNS "FROM pupil p INDEXED BY pupil_import JOIN enrolment e "
		"ON e.pupil_id = p.id WHERE p.import_id >= ?2",
	};
	int64_t known = 0;
	size_t n;

	if (max_enrolment(db, &n, max_id, err))
		return -1;
	for (size_t r = 0; r < e->nr_rows; r++)
		if (e->enrolment_id[r] > known)
			known = e->enrolment_id[r];
	if (known > *max_id)
		*max_id = known;
	*row_by_id = xmalloc((size_t)(*max_id + 1) * sizeof(**row_by_id));
	memset(*row_by_id, 0xff, (size_t)(*max_id + 1) * sizeof(**row_by_id));
	for (size_t r = 0; r < e->nr_rows; r++)
		(*row_by_id)[e->enrolment_id[r]] = (uint32_t)r;
	for (size_t q = 0; q < sizeof(changed) / sizeof(changed[0]); q++) {
		sqlite3_stmt *stmt;
		int rc;

		if (sqlite3_prepare_v2(db, changed[q], -1, &stmt, NULL))
			return sql_fail(db, err, "enrolments");
		sqlite3_bind_int64(stmt, 1, known);
		sqlite3_bind_int64(stmt, 2, from);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			refresh_row(e, stmt, school_by_id, max_school, *row_by_id,
				    *max_id, dirty);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return sql_fail(db, err, "enrolments");
	}
	return 0;
}

/*
 * The marks blobs of the year stamped `from` or later: each replaces its
 * row's marks whole (a blob is the enrolment's year, so taking one twice
 * does no harm).
 */
static int refresh_marks(struct engine *e, sqlite3 *db, int64_t from,
			 const uint32_t *row_by_id, int64_t max_id,
			 uint8_t *dirty, struct error *err)
{
	sqlite3_stmt *stmt;
	int limit = academic_year_slots(e->year), rc;

	if (sqlite3_prepare_v2(db, "SELECT enrolment_id, codes FROM marks "
			       "INDEXED BY marks_import WHERE import_id >= ? "
			       "AND id BETWEEN ? AND ?", -1, &stmt, NULL))
		return sql_fail(db, err, "marks");
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, (int64_t)e->year << 32);
	sqlite3_bind_int64(stmt, 3, (int64_t)e->year << 32 | 0xffffffffLL);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		const mark_t *m = sqlite3_column_blob(stmt, 1);
		int len = sqlite3_column_bytes(stmt, 1);
		uint64_t before;
		uint32_t r;

		if (id < 1 || id > max_id || (r = row_by_id[id]) == UINT32_MAX)
			continue;
		before = row_weeks(e, r);
		memset(e->marks + (size_t)r * e->stride, MARK_MISSING, e->nr_cols);
		if (m && len > 0 &&
		    engine_set_marks(e, r, 0, m, (size_t)(len < limit ? len : limit),
				     err)) {
			sqlite3_finalize(stmt);
			return -1;
		}
		/* a week that lost its last mark: count the school's again */
		if (before & ~row_weeks(e, r))
			dirty[e->school[r]] = 1;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sql_fail(db, err, "marks");
	return 0;
}

static void recount_weeks(struct engine *e, const uint8_t *dirty)
{
	for (size_t k = 0; k < e->nr_schools; k++)
		if (dirty[k])
			e->school_weeks[k] = 0;
	for (size_t r = 0; r < e->nr_rows; r++)
		if (dirty[e->school[r]])
			e->school_weeks[e->school[r]] |= row_weeks(e, r);
}

int engine_refresh(struct engine *e, struct store *st, int64_t since,
		   struct error *err)
{
	sqlite3 *db = store_db(st);
	uint32_t *school_by_id = NULL, *row_by_id = NULL;
	uint8_t *dirty = NULL;
	int64_t max_school = 0, max_id = 0;
	int own_txn = sqlite3_get_autocommit(db), rc;
	int64_t from = store_stamp_from(since);

	if (own_txn && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL))
		return sql_fail(db, err, "begin");
	rc = load_schools(e, db, &school_by_id, &max_school, err);
	if (!rc) {
		dirty = xcalloc(e->nr_schools + 1, 1);
		rc = refresh_rows(e, db, from, school_by_id, max_school,
				  &row_by_id, &max_id, dirty, err);
	}
	if (!rc)
		rc = refresh_marks(e, db, from, row_by_id, max_id, dirty, err);
	if (!rc)
		recount_weeks(e, dirty);
	if (own_txn)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	free(school_by_id);
	free(row_by_id);
	free(dirty);
	return rc;
}
