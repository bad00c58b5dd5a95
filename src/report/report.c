#include "report/report.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/penalty.h"
#include "core/upn.h"
#include "engine/engine.h"
#include "util/strbuf.h"

static int sql_error(struct store *st, struct error *e)
{
	return store_sqlite_error(st, e, "report");
}

int report_check_period(const struct period *p, struct error *e)
{
	int a = academic_year_of(p->from), b = academic_year_of(p->to);

	if (p->to < p->from)
		return error_set(e, ERROR_USAGE, "--to is before --from");
	if (a < ACADEMIC_YEAR_MIN || b > ACADEMIC_YEAR_MAX)
		return error_set(e, ERROR_USAGE, "the period must lie within the "
				 "academic years 2000/01 to 2098/99");
	return 0;
}

int report_latest_mark(struct store *st, day_t *day)
{
	char latest[32];

	if (store_meta_get(st, "latest_mark", latest, sizeof(latest)) ||
	    date_parse(latest, strlen(latest), day))
		return -1;
	return 0;
}

int report_default_period(struct store *st, struct period *p, struct error *e)
{
	day_t day;
	int year;

	(void)e;
	/* never a year after today's, whatever a mark says */
	if (report_latest_mark(st, &day) || day > date_today())
		day = date_today();
	year = academic_year_of(day);
	p->from = academic_year_start(year);
	p->to = academic_year_end(year);
	return 0;
}

/* A school from the columns col.. of stmt: id, urn, name, phase. */
static void school_read(sqlite3_stmt *stmt, int col, struct school_row *s)
{
	const char *phase = (const char *)sqlite3_column_text(stmt, col + 3);
	int ph = phase ? phase_parse(phase, strlen(phase)) : -1;

	s->id = sqlite3_column_int64(stmt, col);
	s->urn = sqlite3_column_int(stmt, col + 1);
	snprintf(s->name, sizeof(s->name), "%s",
		 (const char *)sqlite3_column_text(stmt, col + 2));
	s->phase = ph < 0 ? PHASE_PRIMARY : (enum phase)ph;
}

static int load_schools(struct store *st, struct roll_report *r, struct error *e)
{
	sqlite3_stmt *stmt;
	size_t alloc = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id, urn, name, phase "
			       "FROM school ORDER BY urn", -1, &stmt, NULL))
		return sql_error(st, e);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		ALLOC_GROW(r->schools, r->nr_schools + 1, alloc);
		school_read(stmt, 0, &r->schools[r->nr_schools++]);
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* school id -> index in schools[0..nr) (ids are small and dense) */
static uint32_t *school_index(const struct school_row *schools, size_t nr,
			      int64_t *max_id)
{
	uint32_t *index;

	*max_id = 0;
	for (size_t i = 0; i < nr; i++)
		if (schools[i].id > *max_id)
			*max_id = schools[i].id;
	index = xmalloc((size_t)(*max_id + 1) * sizeof(*index));
	memset(index, 0xff, (size_t)(*max_id + 1) * sizeof(*index));
	for (size_t i = 0; i < nr; i++)
		index[schools[i].id] = (uint32_t)i;
	return index;
}

struct sort_key {
	int32_t urn;
	uint32_t row;
	char upn[16];
};

static int key_cmp(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->urn != y->urn)
		return x->urn < y->urn ? -1 : 1;
	return memcmp(x->upn, y->upn, UPN_LEN);
}

/* Orders rows by URN then UPN: sorts small keys, then moves rows once. */
static void sort_rows(struct roll_report *r)
{
	size_t n = r->nr_rows ? r->nr_rows : 1;
	struct sort_key *key = xmalloc(n * sizeof(*key));
	struct enrolment_row *sorted;

	for (size_t i = 0; i < r->nr_rows; i++) {
		key[i].urn = r->rows[i].urn;
		key[i].row = (uint32_t)i;
		memcpy(key[i].upn, r->rows[i].upn, UPN_LEN);
	}
	qsort(key, r->nr_rows, sizeof(*key), key_cmp);
	sorted = xmalloc(n * sizeof(*sorted));
	for (size_t i = 0; i < r->nr_rows; i++)
		sorted[i] = r->rows[key[i].row];
	free(r->rows);
	r->rows = sorted;
	free(key);
}

static int64_t count_rows(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt;
	int64_t n = 0;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static int load_enrolments(struct store *st, struct roll_report *r,
			   int32_t urn, struct error *e)
{
	sqlite3_stmt *stmt;
	int64_t max_school;
	uint32_t *by_school = school_index(r->schools, r->nr_schools, &max_school);
	size_t alloc = (size_t)count_rows(st, "SELECT count(*) FROM enrolment");

	r->rows = xmalloc((alloc ? alloc : 1) * sizeof(*r->rows));
	if (sqlite3_prepare_v2(store_db(st),
			"SELECT e.id, p.upn, e.school_id, p.dob, e.start_date, "
			"e.end_date FROM enrolment e "
			"JOIN pupil p ON p.id = e.pupil_id", -1, &stmt, NULL)) {
		free(by_school);
		return sql_error(st, e);
	}
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t school_id = sqlite3_column_int64(stmt, 2);
		const char *dob = (const char *)sqlite3_column_text(stmt, 3);
		const void *upn = sqlite3_column_text(stmt, 1);
		size_t upn_len = (size_t)sqlite3_column_bytes(stmt, 1);
		struct enrolment_row *row;
		uint32_t s;

		if (school_id < 1 || school_id > max_school ||
		    (s = by_school[school_id]) == UINT32_MAX)
			continue;
		if (urn && r->schools[s].urn != urn)
			continue;
		ALLOC_GROW(r->rows, r->nr_rows + 1, alloc);
		row = &r->rows[r->nr_rows++];
		memset(row, 0, sizeof(*row));
		row->enrolment_id = sqlite3_column_int64(stmt, 0);
		memcpy(row->upn, upn, upn_len < UPN_LEN ? upn_len : UPN_LEN);
		row->school = s;
		row->urn = r->schools[s].urn;
		if (!dob || date_parse(dob, strlen(dob), &row->dob))
			row->dob = DAY_NONE;
		row->start = store_column_day(stmt, 4);
		row->end = store_column_day(stmt, 5);
	}
	sqlite3_finalize(stmt);
	free(by_school);
	sort_rows(r);
	return 0;
}

/* enrolment id -> row index, or UINT32_MAX */
uint32_t *roll_report_index(const struct roll_report *r, int64_t *max_id)
{
	uint32_t *index;

	*max_id = 0;
	for (size_t i = 0; i < r->nr_rows; i++)
		if (r->rows[i].enrolment_id > *max_id)
			*max_id = r->rows[i].enrolment_id;
	index = xmalloc((size_t)(*max_id + 1) * sizeof(*index));
	memset(index, 0xff, (size_t)(*max_id + 1) * sizeof(*index));
	for (size_t i = 0; i < r->nr_rows; i++)
		index[r->rows[i].enrolment_id] = (uint32_t)i;
	return index;
}

/* The engine filter of academic year `year`'s part of the period. */
static struct engine_filter period_filter(const struct period *p, int year,
					  uint16_t flags)
{
	struct engine_filter f;

	f.slot_from = year == academic_year_of(p->from) ?
		session_slot(p->from, SESSION_AM) : 0;
	f.slot_to = year == academic_year_of(p->to) ?
		session_slot(p->to, SESSION_PM) + 1 : academic_year_slots(year);
	f.flags = flags;
	return f;
}

int roll_report_measure(struct roll_report *r, const struct engine *en,
			struct error *e)
{
	const struct period *p = &r->period;
	struct engine_filter f;
	struct measure *m;
	uint32_t *index;
	int64_t max_id;

	if (academic_year_of(p->from) != en->year ||
	    academic_year_of(p->to) != en->year)
		return error_set(e, ERROR_INTERNAL, "report: the period is not "
				 "within the engine's year");
	f = period_filter(p, en->year, 0);
	m = xmalloc((en->nr_rows + 1) * sizeof(*m));
	if (engine_measures(en, &f, m, NULL, e)) {
		free(m);
		return -1;
	}
	index = roll_report_index(r, &max_id);
	for (size_t i = 0; i < r->nr_rows; i++)
		memset(&r->rows[i].m, 0, sizeof(r->rows[i].m));
	for (size_t i = 0; i < en->nr_rows; i++) {
		uint32_t row = (int64_t)en->enrolment_id[i] <= max_id ?
			       index[en->enrolment_id[i]] : UINT32_MAX;

		if (row != UINT32_MAX)
			r->rows[row].m = m[i];
	}
	free(index);
	free(m);
	return 0;
}

int report_enrolments_engine(struct store *st, const struct engine *en,
			     const struct period *p, int32_t urn,
			     struct roll_report *out, struct error *e)
{
	memset(out, 0, sizeof(*out));
	out->period = *p;
	if (load_schools(st, out, e) || load_enrolments(st, out, urn, e) ||
	    roll_report_measure(out, en, e)) {
		roll_report_release(out);
		return -1;
	}
	return 0;
}

/* Adds each row's measures over academic year `year`'s part of r->period. */
static int add_year(struct roll_report *r, const struct engine *en,
		    const uint32_t *index, int64_t max_id, struct error *e)
{
	struct engine_filter f = period_filter(&r->period, en->year, 0);
	struct measure *m = xmalloc((en->nr_rows + 1) * sizeof(*m));

	if (engine_measures(en, &f, m, NULL, e)) {
		free(m);
		return -1;
	}
	for (size_t i = 0; i < en->nr_rows; i++) {
		uint32_t row = (int64_t)en->enrolment_id[i] <= max_id ?
			       index[en->enrolment_id[i]] : UINT32_MAX;

		if (row != UINT32_MAX)
			measure_add(&r->rows[row].m, &m[i]);
	}
	free(m);
	return 0;
}

/*
 * A period within one academic year is counted by that year's engine
 * (engine_open(): its cache, brought up to date); a longer one by each
 * of its years' engines in turn, the measures added up by enrolment.
 */
int report_enrolments(struct store *st, const struct period *p, int32_t urn,
		      struct roll_report *out, struct error *e)
{
	uint32_t *index;
	int64_t max_id;
	int rc = 0;

	if (academic_year_of(p->from) == academic_year_of(p->to)) {
		struct engine *en;

		if (engine_open(&en, st, academic_year_of(p->from), NULL, e))
			return -1;
		rc = report_enrolments_engine(st, en, p, urn, out, e);
		engine_free(en);
		return rc;
	}
	memset(out, 0, sizeof(*out));
	out->period = *p;
	if (load_schools(st, out, e) || load_enrolments(st, out, urn, e)) {
		roll_report_release(out);
		return -1;
	}
	index = roll_report_index(out, &max_id);
	for (int y = academic_year_of(p->from); !rc && y <= academic_year_of(p->to);
	     y++) {
		struct engine *en;

		if ((rc = report_engine(&en, st, y, e)) || !en)
			continue;
		rc = add_year(out, en, index, max_id, e);
		engine_free(en);
	}
	free(index);
	if (rc)
		roll_report_release(out);
	return rc;
}

static void *copy_of(const void *p, size_t n, size_t size)
{
	void *c = xmalloc((n ? n : 1) * size);

	if (n)
		memcpy(c, p, n * size);
	return c;
}

void roll_report_copy(struct roll_report *dst, const struct roll_report *src)
{
	*dst = *src;
	dst->schools = copy_of(src->schools, src->nr_schools, sizeof(*src->schools));
	dst->rows = copy_of(src->rows, src->nr_rows, sizeof(*src->rows));
}

void roll_report_release(struct roll_report *r)
{
	free(r->schools);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

/* ---- schools ----------------------------------------------------------- */

/*
 * Across years no engine holds the period, so the rows' measures summed
 * over its years are tallied here, headline pupils by their age in the
 * year the period starts in.
 */
static void tally_rows(const struct roll_report *r, bool all_ages,
		       struct tally *tally)
{
	int year = academic_year_of(r->period.from);

	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct enrolment_row *row = &r->rows[i];

		if (!all_ages && (row->dob == DAY_NONE ||
				  !compulsory_school_age(row->dob, year)))
			continue;
		tally_add(&tally[row->school], &row->m);
	}
}

/* Each school's tally from the engine of the period's one year. */
static int tally_schools(struct store *st, const struct period *p, int32_t urn,
			 bool all_ages, struct school_report *out,
			 struct error *e)
{
	struct engine_filter f = period_filter(p, academic_year_of(p->from),
					       all_ages ? 0 : ENGINE_COMPULSORY);
	struct engine *en;
	struct tally *t;
	uint32_t *index;
	int64_t max_id;
	int rc;

	if (engine_open(&en, st, academic_year_of(p->from), NULL, e))
		return -1;
	t = xcalloc(en->nr_schools + 1, sizeof(*t));
	rc = engine_school_summary(en, &f, t, e);
	index = school_index(out->schools, out->nr_schools, &max_id);
	for (size_t k = 0; !rc && k < en->nr_schools; k++) {
		int64_t id = en->school_id[k];
		uint32_t i = id >= 1 && id <= max_id ? index[id] : UINT32_MAX;

		if (i != UINT32_MAX && (!urn || out->schools[i].urn == urn))
			out->tally[i] = t[k];
	}
	free(index);
	free(t);
	engine_free(en);
	return rc;
}

int report_schools(struct store *st, const struct period *p, int32_t urn,
		   bool all_ages, struct school_report *out, struct error *e)
{
	struct roll_report r;
	int rc;

	memset(out, 0, sizeof(*out));
	out->period = *p;
	if (academic_year_of(p->from) != academic_year_of(p->to)) {
		if (report_enrolments(st, p, urn, &r, e))
			return -1;
		out->schools = r.schools;
		out->nr_schools = r.nr_schools;
		out->tally = xcalloc(r.nr_schools + 1, sizeof(*out->tally));
		tally_rows(&r, all_ages, out->tally);
		free(r.rows);
		return 0;
	}
	memset(&r, 0, sizeof(r));
	if (load_schools(st, &r, e)) {
		roll_report_release(&r);
		return -1;
	}
	out->schools = r.schools;
	out->nr_schools = r.nr_schools;
	out->tally = xcalloc(r.nr_schools + 1, sizeof(*out->tally));
	rc = tally_schools(st, p, urn, all_ages, out, e);
	if (rc)
		school_report_release(out);
	return rc;
}

void school_report_release(struct school_report *r)
{
	free(r->schools);
	free(r->tally);
	memset(r, 0, sizeof(*r));
}

/* ---- a pupil's enrolments ---------------------------------------------- */

/*
 * The enrolments of the pupil with this UPN (only at urn, unless 0) into
 * r, one school each (a pupil is enrolled at a school once): r->rows[k]
 * is at r->schools[k].  *pupil_id is 0 if there are none.
 */
static int load_pupil(struct store *st, const char *upn, int32_t urn,
		      struct roll_report *r, int64_t *pupil_id, struct error *e)
{
	sqlite3_stmt *stmt;
	size_t alloc = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	*pupil_id = 0;
	if (sqlite3_prepare_v2(store_db(st),
			"SELECT e.id, p.id, p.dob, s.id, s.urn, s.name, s.phase "
			"FROM enrolment e JOIN pupil p ON p.id = e.pupil_id "
			"JOIN school s ON s.id = e.school_id "
			"WHERE p.upn = ?1 AND (?2 = 0 OR s.urn = ?2) ORDER BY s.urn",
			-1, &stmt, NULL))
		return sql_error(st, e);
	sqlite3_bind_text(stmt, 1, upn, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, urn);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *dob = (const char *)sqlite3_column_text(stmt, 2);
		struct enrolment_row *row;

		if (r->nr_rows == alloc) {
			alloc = alloc ? 2 * alloc : 4;
			r->rows = xrealloc(r->rows, alloc * sizeof(*r->rows));
			r->schools = xrealloc(r->schools, alloc * sizeof(*r->schools));
		}
		school_read(stmt, 3, &r->schools[r->nr_schools]);
		row = &r->rows[r->nr_rows++];
		memset(row, 0, sizeof(*row));
		row->enrolment_id = sqlite3_column_int64(stmt, 0);
		snprintf(row->upn, sizeof(row->upn), "%s", upn);
		row->school = (uint32_t)r->nr_schools;
		row->urn = r->schools[r->nr_schools++].urn;
		if (!dob || date_parse(dob, strlen(dob), &row->dob))
			row->dob = DAY_NONE;
		*pupil_id = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		roll_report_release(r);
		return sql_error(st, e);
	}
	return 0;
}

/* ---- the penalty-notice threshold ------------------------------------- */

/*
 * The window may span terms and years, and a school week is one in which
 * the school had a session, by its pupils' marks or its imported
 * calendar: so this reads the marks blobs of every year up to the day
 * (store_marks_each()), not one year's engine.
 */
struct unauthorised {
	uint32_t row;
	day_t day;
};

struct penalty_ctx {
	const struct roll_report *r;
	uint32_t *index;
	int64_t max_id;
	uint32_t school;	/* whose marks are being read; UINT32_MAX: any */
	int year, first_year;
	size_t limit;		/* slots of this year on or before as_of */
	uint8_t *open;		/* [school][year - first_year][slot] */
	size_t years;
	struct unauthorised *u;
	size_t nr_u, alloc_u;
};

static uint8_t *open_slots(struct penalty_ctx *c, size_t school, int year)
{
	return c->open + (school * c->years + (size_t)(year - c->first_year)) *
		YEAR_SLOTS_MAX;
}

/*
 * Every blob read opens its school's sessions; the blobs of r's rows
 * give their unauthorised sessions too.
 */
static int penalty_blob(void *vctx, int64_t id, const mark_t *m, size_t n)
{
	struct penalty_ctx *c = vctx;
	const mark_t un = mark_category_first[CATEGORY_UNAUTHORISED];
	const mark_t end = mark_category_first[CATEGORY_COUNT];
	uint32_t i = id >= 0 && id <= c->max_id ? c->index[id] : UINT32_MAX;
	uint32_t school = c->school != UINT32_MAX ? c->school :
			  i != UINT32_MAX ? c->r->rows[i].school : UINT32_MAX;

	if (school == UINT32_MAX)
		return 0;
	if (n > YEAR_SLOTS_MAX)
		n = YEAR_SLOTS_MAX;
	calendar_open_from_marks(open_slots(c, school, c->year), m, n);
	if (i == UINT32_MAX)
		return 0;
	if (n > c->limit)
		n = c->limit;
	for (size_t s = 0; s < n; s++) {
		if (m[s] < un || m[s] >= end)
			continue;
		ALLOC_GROW(c->u, c->nr_u + 1, c->alloc_u);
		c->u[c->nr_u].row = i;
		c->u[c->nr_u].day = slot_day(c->year, (int)s);
		c->nr_u++;
	}
	return 0;
}

/*
 * Sets open[(school * years + year - first_year) * YEAR_SLOTS_MAX + slot]
 * for each session the school's imported calendar opens: its own term
 * dates if it has any for the year, else the authority's, less every
 * INSET day, bank holiday and closure of either.  Returns how many
 * (school, year) pairs had a calendar.
 */
static long calendar_open_all(struct store *st, const struct roll_report *r,
			      int first_year, size_t years, uint8_t *open,
			      struct error *e)
{
	sqlite3_stmt *stmt;
	struct event {
		int32_t urn;
		int year;
		struct calendar_event ev;
	} *all = NULL;
	size_t nr = 0, alloc = 0;
	struct calendar_event *list = NULL;
	uint8_t tmp[YEAR_SLOTS_MAX];
	long with_calendar = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT urn, year, day_from, day_to, "
			       "kind FROM calendar_event", -1, &stmt, NULL))
		return sql_error(st, e);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(stmt, 2);
		const char *b = (const char *)sqlite3_column_text(stmt, 3);
		const char *k = (const char *)sqlite3_column_text(stmt, 4);
		struct event *ev;

		ALLOC_GROW(all, nr + 1, alloc);
		ev = &all[nr];
		ev->urn = sqlite3_column_int(stmt, 0);
		ev->year = sqlite3_column_int(stmt, 1);
		if (date_parse(a, strlen(a), &ev->ev.from) ||
		    date_parse(b, strlen(b), &ev->ev.to))
			continue;
		ev->ev.kind = (enum calendar_kind)calendar_kind_parse(k, strlen(k));
		nr++;
	}
	sqlite3_finalize(stmt);
	list = xmalloc((nr ? nr : 1) * sizeof(*list));
	for (size_t s = 0; s < r->nr_schools; s++) {
		int32_t urn = r->schools[s].urn;

		for (size_t y = 0; y < years; y++) {
			int year = first_year + (int)y, own_terms = 0, any_terms = 0;
			uint8_t *o = open + (s * years + y) * YEAR_SLOTS_MAX;
			size_t n = 0;

			for (size_t i = 0; i < nr; i++)
				own_terms |= all[i].urn == urn && all[i].year == year &&
					     all[i].ev.kind == CALENDAR_TERM;
			for (size_t i = 0; i < nr; i++) {
				if (all[i].year != year)
					continue;
				if (all[i].urn == urn || (all[i].urn == 0 &&
				    !(own_terms && all[i].ev.kind == CALENDAR_TERM))) {
					list[n++] = all[i].ev;
					any_terms |= all[i].ev.kind == CALENDAR_TERM;
				}
			}
			if (!any_terms)
				continue;
			with_calendar++;
			calendar_open_slots(list, n, year, tmp);
			for (int k = 0; k < academic_year_slots(year); k++)
				o[k] |= tmp[k];
		}
	}
	free(list);
	free(all);
	return with_calendar;
}

static int unauthorised_cmp(const void *a, const void *b)
{
	const struct unauthorised *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->day > y->day) - (x->day < y->day);
}

static int marks_years(struct store *st, int *first, int *last,
		       struct error *e)
{
	sqlite3_stmt *stmt;
	int found = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT min(id) >> 32, max(id) >> 32 "
			       "FROM marks", -1, &stmt, NULL))
		return sql_error(st, e);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		*first = sqlite3_column_int(stmt, 0);
		*last = sqlite3_column_int(stmt, 1);
		found = 1;
	}
	sqlite3_finalize(stmt);
	return found;
}

/* The marks of every year up to as_of: all of them, or r's schools'. */
static int penalty_read(struct store *st, day_t as_of, bool by_school,
			struct penalty_ctx *c, struct error *e)
{
	for (c->year = c->first_year; c->year < c->first_year + (int)c->years;
	     c->year++) {
		c->limit = c->year < academic_year_of(as_of) ?
			(size_t)academic_year_slots(c->year) :
			(size_t)session_slot(as_of, SESSION_PM) + 1;
		c->school = UINT32_MAX;
		if (!by_school) {
			if (store_marks_each(st, c->year, NULL, penalty_blob, c, e))
				return -1;
			continue;
		}
		for (c->school = 0; c->school < c->r->nr_schools; c->school++) {
			struct marks_selection sel = { c->r->schools[c->school].id, 0 };

			if (store_marks_each(st, c->year, &sel, penalty_blob, c, e))
				return -1;
		}
	}
	return 0;
}

/*
 * The rows of r that met the threshold on or before as_of, in r's order.
 * by_school: read only the marks of r's schools (r holds some of their
 * enrolments), else every school's (r holds them all).
 */
static int penalty_rows(struct store *st, day_t as_of,
			const struct roll_report *r, bool by_school,
			struct penalty_row **rows, size_t *nr, struct error *e)
{
	struct penalty_ctx c;
	struct school_weeks *weeks = NULL;
	int first = 0, last = 0, rc;
	size_t alloc = 0, week_alloc = 0;
	int32_t *week = NULL;

	*rows = NULL;
	*nr = 0;
	memset(&c, 0, sizeof(c));
	rc = marks_years(st, &first, &last, e);
	if (rc <= 0)
		return rc;
	if (last > academic_year_of(as_of))
		last = academic_year_of(as_of);
	if (last < first)
		return 0;
	c.r = r;
	c.index = roll_report_index(r, &c.max_id);
	c.first_year = first;
	c.years = (size_t)(last - first + 1);
	c.open = xcalloc(r->nr_schools * c.years + 1, YEAR_SLOTS_MAX);
	rc = -1;
	if (penalty_read(st, as_of, by_school, &c, e) ||
	    calendar_open_all(st, r, first, c.years, c.open, e) < 0)
		goto out;
	rc = 0;
	weeks = xcalloc(r->nr_schools + 1, sizeof(*weeks));
	for (size_t s = 0; s < r->nr_schools; s++) {
		weeks[s].sorted = 1;
		for (int year = first; year <= last; year++) {
			const uint8_t *open = open_slots(&c, s, year);
			for (int slot = 0; slot < academic_year_slots(year); slot++)
				if (open[slot])
					school_weeks_add_day(&weeks[s], slot_day(year, slot));
		}
		school_weeks_finish(&weeks[s]);
	}
	if (c.nr_u)
		qsort(c.u, c.nr_u, sizeof(*c.u), unauthorised_cmp);
	for (size_t i = 0, j; i < c.nr_u; i = j) {
		const struct enrolment_row *row = &r->rows[c.u[i].row];
		size_t n = 0;
		long met;

		for (j = i; j < c.nr_u && c.u[j].row == c.u[i].row; j++)
			;
		if (j - i > week_alloc) {
			week_alloc = j - i;
			week = xrealloc(week, week_alloc * sizeof(*week));
		}
		for (size_t k = i; k < j; k++)
			week[n++] = school_weeks_ordinal(&weeks[row->school],
							 c.u[k].day);
		met = penalty_first_met(week, n);
		if (met < 0)
			continue;
		ALLOC_GROW(*rows, *nr + 1, alloc);
		memcpy((*rows)[*nr].upn, row->upn, sizeof(row->upn));
		(*rows)[*nr].urn = row->urn;
		(*rows)[*nr].first_met = c.u[i + (size_t)met].day;
		(*nr)++;
	}
out:
	if (weeks)
		for (size_t s = 0; s < r->nr_schools; s++)
			school_weeks_release(&weeks[s]);
	free(weeks);
	free(week);
	free(c.open);
	free(c.u);
	free(c.index);
	return rc;
}

int report_penalty(struct store *st, day_t as_of, struct penalty_row **rows,
		   size_t *nr, struct error *e)
{
	struct roll_report r;
	int rc;

	*rows = NULL;
	*nr = 0;
	memset(&r, 0, sizeof(r));
	rc = load_schools(st, &r, e) || load_enrolments(st, &r, 0, e) ? -1 :
	     penalty_rows(st, as_of, &r, false, rows, nr, e);
	roll_report_release(&r);
	return rc;
}

int report_penalty_pupil(struct store *st, const char *upn, day_t as_of,
			 day_t *first_met, struct error *e)
{
	struct roll_report r;
	struct penalty_row *rows;
	size_t nr;
	int64_t pupil_id;
	int rc;

	*first_met = DAY_NONE;
	if (load_pupil(st, upn, 0, &r, &pupil_id, e))
		return -1;
	rc = penalty_rows(st, as_of, &r, true, &rows, &nr, e);
	for (size_t i = 0; !rc && i < nr; i++)
		if (*first_met == DAY_NONE || rows[i].first_met < *first_met)
			*first_met = rows[i].first_met;
	if (!rc)
		free(rows);
	roll_report_release(&r);
	return rc;
}

/* ---- one pupil's register --------------------------------------------- */

static int register_cmp(const void *a, const void *b)
{
	const struct register_mark *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	return (x->urn > y->urn) - (x->urn < y->urn);
}

struct register_ctx {
	const struct roll_report *r;
	int year;
	struct register_mark *marks;
	size_t nr, alloc;
};

static int register_blob(void *vctx, int64_t id, const mark_t *m, size_t n)
{
	struct register_ctx *c = vctx;
	size_t i;
	int32_t urn;

	for (i = 0; i < c->r->nr_rows && c->r->rows[i].enrolment_id != id; i++)
		;
	if (i == c->r->nr_rows)
		return 0;	/* at another school than the one asked for */
	urn = c->r->rows[i].urn;
	for (size_t slot = 0; slot < n; slot++) {
		struct register_mark *x;

		if (m[slot] == MARK_MISSING)
			continue;
		ALLOC_GROW(c->marks, c->nr + 1, c->alloc);
		x = &c->marks[c->nr++];
		x->urn = urn;
		x->day = slot_day(c->year, (int)slot);
		x->session = slot_session((int)slot);
		x->mark = m[slot];
	}
	return 0;
}

int report_register(struct store *st, const char *upn, int year, int32_t urn,
		    struct register_mark **marks, size_t *nr, struct error *e)
{
	struct register_ctx c = { NULL, year, NULL, 0, 0 };
	struct marks_selection sel = { 0, 0 };
	struct roll_report r;

	*marks = NULL;
	*nr = 0;
	if (load_pupil(st, upn, urn, &r, &sel.pupil_id, e))
		return -1;
	if (!r.nr_rows) {
		roll_report_release(&r);
		return error_set(e, ERROR_INPUT, "pupil %s is not %s", upn,
				 urn ? "on that school's roll" : "in the store");
	}
	c.r = &r;
	if (store_marks_each(st, year, &sel, register_blob, &c, e)) {
		free(c.marks);
		roll_report_release(&r);
		return -1;
	}
	roll_report_release(&r);
	if (c.nr)
		qsort(c.marks, c.nr, sizeof(*c.marks), register_cmp);
	*marks = c.marks;
	*nr = c.nr;
	return 0;
}

bool report_year_has_marks(struct store *st, int year)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT 1 FROM marks WHERE id "
					"BETWEEN ? AND ? LIMIT 1", NULL);
	bool any;

	if (!q)
		return true;	/* let engine_load say what is wrong */
	sqlite3_bind_int64(q, 1, marks_rowid(year, 0));
	sqlite3_bind_int64(q, 2, marks_rowid(year, 0xffffffffLL));
	any = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_reset(q);
	return any;
}

int report_engine(struct engine **out, struct store *st, int year,
		  struct error *e)
{
	*out = NULL;
	if (!report_year_has_marks(st, year))
		return 0;
	return engine_open(out, st, year, NULL, e);
}

bool report_school_known(struct store *st, int32_t urn)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT 1 FROM school WHERE urn = ?",
					   NULL);
	bool known;

	if (!stmt)
		return false;
	sqlite3_bind_int(stmt, 1, urn);
	known = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_reset(stmt);
	return known;
}

int report_school_list(struct store *st, struct school_row **out, size_t *nr,
		       struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id, urn, name, phase "
					   "FROM school ORDER BY urn", e);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct school_row *s;

		if (*nr == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			*out = xrealloc(*out, alloc * sizeof(**out));
		}
		s = &(*out)[(*nr)++];
		memset(s, 0, sizeof(*s));
		school_read(stmt, 0, s);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*nr = 0;
		return store_sqlite_error(st, e, "reading the schools");
	}
	return 0;
}

/* ---- registers not taken ---------------------------------------------- */

/*
 * From the engine: marked[school][slot] (schools as in r), whether any of
 * the school's pupils has a mark in the session, and pupils[school].
 */
static int registers_taken(const struct engine *en, const struct roll_report *r,
			   uint8_t *marked, size_t *pupils, struct error *e)
{
	int64_t max_id;
	uint32_t *school = school_index(r->schools, r->nr_schools, &max_id);
	uint8_t *taken = xmalloc(en->nr_schools * YEAR_SLOTS_MAX + 1);
	uint32_t *rows = xcalloc(en->nr_schools + 1, sizeof(*rows));
	int rc = engine_registers(en, NULL, taken, rows, NULL, e);

	for (size_t k = 0; !rc && k < en->nr_schools; k++) {
		uint32_t to = en->school_id[k] >= 1 && en->school_id[k] <= max_id ?
			      school[en->school_id[k]] : UINT32_MAX;
		const uint8_t *t = taken + k * YEAR_SLOTS_MAX;

		if (to == UINT32_MAX)
			continue;
		pupils[to] += rows[k];
		for (size_t slot = 0; slot < YEAR_SLOTS_MAX; slot++)
			marked[(size_t)to * YEAR_SLOTS_MAX + slot] |=
				(t[slot] & ENGINE_SESSION_MARKED) != 0;
	}
	free(rows);
	free(taken);
	free(school);
	return rc;
}

int report_missing_registers_engine(struct store *st, const struct engine *en,
				    day_t upto, struct missing_register **rows,
				    size_t *nr, long *with_calendar,
				    struct error *e)
{
	struct roll_report r;
	uint8_t *open = NULL, *marked = NULL;
	size_t *pupils = NULL;
	int year = en->year, last = session_slot(upto, SESSION_PM);
	int rc = 0;

	*rows = NULL;
	*nr = 0;
	memset(&r, 0, sizeof(r));
	if (academic_year_of(upto) > year)
		last = academic_year_slots(year) - 1;
	if (academic_year_of(upto) < year)
		return 0;
	if (load_schools(st, &r, e)) {
		roll_report_release(&r);
		return -1;
	}
	marked = xcalloc(r.nr_schools + 1, YEAR_SLOTS_MAX);
	open = xcalloc(r.nr_schools + 1, YEAR_SLOTS_MAX);
	pupils = xcalloc(r.nr_schools + 1, sizeof(*pupils));
	if ((*with_calendar = calendar_open_all(st, &r, year, 1, open, e)) < 0) {
		rc = -1;
		goto out;
	}
	if (registers_taken(en, &r, marked, pupils, e)) {
		rc = -1;
		goto out;
	}
	*rows = xcalloc(r.nr_schools + 1, sizeof(**rows));
	for (size_t s = 0; s < r.nr_schools; s++) {
		struct missing_register *m = &(*rows)[*nr];
		const uint8_t *o = open + s * YEAR_SLOTS_MAX;
		const uint8_t *k = marked + s * YEAR_SLOTS_MAX;

		if (!pupils[s])
			continue;
		memset(m, 0, sizeof(*m));
		m->urn = r.schools[s].urn;
		snprintf(m->name, sizeof(m->name), "%s", r.schools[s].name);
		m->first = m->last = DAY_NONE;
		for (int slot = 0; slot <= last; slot++) {
			if (!o[slot])
				continue;
			m->open++;
			if (k[slot])
				continue;
			m->missing++;
			if (m->first == DAY_NONE)
				m->first = slot_day(year, slot);
			m->last = slot_day(year, slot);
		}
		if (m->missing)
			(*nr)++;
	}
out:
	free(pupils);
	free(marked);
	free(open);
	roll_report_release(&r);
	return rc;
}

int report_missing_registers(struct store *st, int year, day_t upto,
			     struct missing_register **rows, size_t *nr,
			     long *with_calendar, struct error *e)
{
	struct engine *en;
	int rc;

	*rows = NULL;
	*nr = 0;
	if (academic_year_of(upto) < year)
		return 0;
	if (engine_open(&en, st, year, NULL, e))
		return -1;
	rc = report_missing_registers_engine(st, en, upto, rows, nr,
					     with_calendar, e);
	engine_free(en);
	return rc;
}
