/*
 * The figures of the current academic year (report/figures.h): the roll
 * and what the pages show of each pupil from the store, everything
 * counted from the analytics engines (engine/engine.h) of this year and
 * last, each figure one pass of an engine.
 */
#include "report/figures.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "util/strbuf.h"

static void copy_text(char *dst, size_t n, sqlite3_stmt *stmt, int col)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);
	snprintf(dst, n, "%s", s ? s : "");
}

static enum flag text_flag(const char *s)
{
	enum flag f = FLAG_UNKNOWN;
	flag_parse(s, strlen(s), &f);
	return f;
}

/*
 * Which enrolments had a suspension or an exclusion from their school
 * that began in the year shown (the cohort "Suspensions and
 * exclusions"); index and max_id as for load_info().
 */
static int load_exclusions(struct store *st, struct figures *s,
			   const uint32_t *index, int64_t max_id,
			   struct error *e)
{
	sqlite3_stmt *stmt;
	char from[11], to[11];
	int rc;

	date_format(academic_year_start(s->year), from);
	date_format(academic_year_end(s->year), to);
	if (sqlite3_prepare_v2(store_db(st),
			"SELECT e.id, max(x.category = 'permanent') FROM exclusion x "
			"JOIN enrolment e ON e.pupil_id = x.pupil_id AND "
			"e.school_id = x.school_id WHERE x.start_date BETWEEN ? AND ? "
			"GROUP BY e.id", -1, &stmt, NULL))
		return store_sqlite_error(st, e, "figures: exclusions");
	sqlite3_bind_text(stmt, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, to, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		uint32_t i;

		if (id > max_id || (i = index[id]) == UINT32_MAX)
			continue;
		s->info[i].excluded = sqlite3_column_int(stmt, 1) ?
				      EXCLUDED_PERMANENT : EXCLUDED_SUSPENDED;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, e, "figures: exclusions");
	return 0;
}

/*
 * Names and cohorts of every row; index and max_id map enrolment ids to
 * rows (roll_report_index()).
 */
static int load_info(struct store *st, struct figures *s,
		     const uint32_t *index, int64_t max_id, struct error *e)
{
	sqlite3_stmt *stmt;

	s->info = xcalloc(s->roll.nr_rows ? s->roll.nr_rows : 1, sizeof(*s->info));
	if (sqlite3_prepare_v2(store_db(st),
			"SELECT e.id, p.id, p.surname, p.forename, e.year_group, "
			"p.fsm, p.early_help, p.sen, p.social_care, p.postcode "
			"FROM enrolment e JOIN pupil p ON p.id = e.pupil_id",
			-1, &stmt, NULL))
		return store_sqlite_error(st, e, "figures");
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		struct pupil_info *p;
		const char *t;
		uint32_t i;

		if (id > max_id || (i = index[id]) == UINT32_MAX)
			continue;
		p = &s->info[i];
		p->pupil_id = sqlite3_column_int64(stmt, 1);
		copy_text(p->surname, sizeof(p->surname), stmt, 2);
		copy_text(p->forename, sizeof(p->forename), stmt, 3);
		copy_text(p->year_group, sizeof(p->year_group), stmt, 4);
		p->fsm = text_flag((const char *)sqlite3_column_text(stmt, 5));
		p->early_help = text_flag((const char *)sqlite3_column_text(stmt, 6));
		t = (const char *)sqlite3_column_text(stmt, 7);
		sen_parse(t, strlen(t), &p->sen);
		t = (const char *)sqlite3_column_text(stmt, 8);
		social_care_parse(t, strlen(t), &p->care);
		copy_text(p->postcode, sizeof(p->postcode), stmt, 9);
		p->csa = s->roll.rows[i].dob != DAY_NONE &&
			 compulsory_school_age(s->roll.rows[i].dob, s->year);
	}
	sqlite3_finalize(stmt);
	return load_exclusions(st, s, index, max_id, e);
}

static int fsm_of(const struct pupil_info *p)
{
	return p->fsm == FLAG_YES ? 0 : p->fsm == FLAG_NO ? 1 : -1;
}

static int sen_of(const struct pupil_info *p)
{
	return p->sen == SEN_EHCP ? 0 : p->sen == SEN_SUPPORT ? 1 :
	       p->sen == SEN_NONE ? 2 : -1;
}

static int care_of(const struct pupil_info *p)
{
	return p->care == CARE_CLA ? 0 : p->care == CARE_CP ? 1 :
	       p->care == CARE_CIN ? 2 : p->care == CARE_NONE ? 3 : -1;
}

static int early_help_of(const struct pupil_info *p)
{
	return p->early_help == FLAG_YES ? 0 : p->early_help == FLAG_NO ? 1 : -1;
}

static int excluded_of(const struct pupil_info *p)
{
	return p->excluded == EXCLUDED_PERMANENT ? 0 :
	       p->excluded == EXCLUDED_SUSPENDED ? 1 : 2;
}

static const char *const fsm_rows[] = { "FSM eligible", "Not FSM" };
static const char *const sen_rows[] = { "EHCP", "SEN support", "No SEN" };
static const char *const care_rows[] = {
	"Looked after (CLA)", "Child protection", "Child in need", "No social worker"
};
static const char *const early_help_rows[] = { "Early help (TAF)", "No early help" };
static const char *const excluded_rows[] = {
	"Permanently excluded", "Suspended", "Neither"
};

const struct figures_cohort figures_cohorts[FIGURES_COHORTS] = {
	{ "Free school meals", fsm_rows, 2, fsm_of },
	{ "Special educational needs", sen_rows, 3, sen_of },
	{ "Social care", care_rows, 4, care_of },
	{ "Early help", early_help_rows, 2, early_help_of },
	{ "Suspensions and exclusions", excluded_rows, 3, excluded_of },
};

const char *const figures_year_groups[FIGURES_YEAR_GROUPS] = {
	"N1", "N2", "R", "1", "2", "3", "4", "5", "6", "7", "8", "9",
	"10", "11", "12", "13", "14", ""
};

/* Each school's headline tally: pupils of compulsory school age. */
static int load_schools(struct figures *s, const struct engine *en,
			struct error *e)
{
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	struct tally *t = xcalloc(en->nr_schools + 1, sizeof(*t));
	int rc;

	s->school = xcalloc(s->roll.nr_schools + 1, sizeof(*s->school));
	rc = engine_school_summary(en, &headline, t, e);
	for (size_t k = 0; !rc && k < en->nr_schools; k++) {
		long i = figures_school(s, en->school_urn[k]);

		if (i >= 0)
			s->school[i] = t[k];
	}
	free(t);
	return rc;
}

/*
 * Each school's pupils by cohort and by year group, from what the roll
 * records of them (row[] maps engine rows to the roll's), in one pass of
 * the engine.
 */
static int load_groups(struct figures *s, const struct engine *en,
		       const uint32_t *row, struct error *e)
{
	size_t schools = s->roll.nr_schools, n = en->nr_rows;
	struct engine_grouping g[FIGURES_COHORTS + 1];
	uint32_t *group[FIGURES_COHORTS + 1];
	int rc;

	s->cohorts = xcalloc(FIGURES_COHORTS * schools * FIGURES_COHORT_ROWS + 1,
			     sizeof(*s->cohorts));
	s->year_groups = xcalloc(schools * FIGURES_YEAR_GROUPS + 1,
				 sizeof(*s->year_groups));
	for (size_t k = 0; k <= FIGURES_COHORTS; k++)
		group[k] = xmalloc((n + 1) * sizeof(**group));
	for (size_t r = 0; r < n; r++) {
		const struct pupil_info *p = row[r] != UINT32_MAX ?
			&s->info[row[r]] : NULL;
		uint32_t school = p ? s->roll.rows[row[r]].school : 0;
		size_t y = 0;

		for (size_t c = 0; c < FIGURES_COHORTS; c++) {
			int k = p ? figures_cohorts[c].of(p) : -1;

			group[c][r] = k < 0 ? ENGINE_NO_GROUP :
				      school * FIGURES_COHORT_ROWS + (uint32_t)k;
		}
		while (p && y < FIGURES_YEAR_GROUPS &&
		       strcmp(p->year_group, figures_year_groups[y]))
			y++;
		group[FIGURES_COHORTS][r] = p && y < FIGURES_YEAR_GROUPS ?
			school * FIGURES_YEAR_GROUPS + (uint32_t)y : ENGINE_NO_GROUP;
	}
	for (size_t c = 0; c < FIGURES_COHORTS; c++)
		g[c] = (struct engine_grouping){ group[c],
						 schools * FIGURES_COHORT_ROWS,
						 s->cohorts + c * schools *
						 FIGURES_COHORT_ROWS };
	g[FIGURES_COHORTS] = (struct engine_grouping){ group[FIGURES_COHORTS],
						       schools * FIGURES_YEAR_GROUPS,
						       s->year_groups };
	rc = engine_group_tallies(en, NULL, g, FIGURES_COHORTS + 1, e);
	for (size_t k = 0; k <= FIGURES_COHORTS; k++)
		free(group[k]);
	return rc;
}

_Static_assert(FIGURES_CODES == ENGINE_CODES, "a code histogram is the engine's");

/* Weekly absence through the year and code use, per school. */
static int load_weeks(struct figures *s, const struct engine *en,
		      struct error *e)
{
	struct engine_sums *sums = xcalloc(en->nr_schools * ENGINE_WEEKS + 1,
					   sizeof(*sums));
	uint32_t *codes = xcalloc(en->nr_schools * ENGINE_CODES + 1,
				  sizeof(*codes));
	int rc = -1;

	s->first_monday = engine_week_monday(en, 0);
	s->nr_weeks = (academic_year_end(s->year) - s->first_monday) / 7 + 1;
	if (s->nr_weeks > FIGURES_WEEKS)
		s->nr_weeks = FIGURES_WEEKS;
	s->weeks = xcalloc(s->roll.nr_schools * FIGURES_WEEKS + 1,
			   sizeof(*s->weeks));
	s->codes = xcalloc(s->roll.nr_schools + 1, sizeof(*s->codes));
	if (engine_weekly(en, NULL, sums, NULL, e) ||
	    engine_codes(en, NULL, NULL, 0, codes, e))
		goto out;
	for (size_t k = 0; k < en->nr_schools; k++) {
		long i = figures_school(s, en->school_urn[k]);

		if (i < 0)
			continue;
		for (int w = 0; w < s->nr_weeks; w++) {
			struct week_sum *ws = &s->weeks[i * FIGURES_WEEKS + w];
			ws->possible = (uint32_t)sums[k * ENGINE_WEEKS + w].possible;
			ws->absent = (uint32_t)sums[k * ENGINE_WEEKS + w].absent;
		}
		for (int m = 0; m < FIGURES_CODES; m++)
			s->codes[i][m] += codes[k * ENGINE_CODES + (size_t)m];
	}
	rc = 0;
out:
	free(sums);
	free(codes);
	return rc;
}

/* Higher overall absence first (an area with no session has none). */
static int area_cmp(const void *a, const void *b)
{
	const struct area_row *x = a, *y = b;
	uint64_t ax = x->t.possible ? x->t.authorised + x->t.unauthorised : 0;
	uint64_t ay = y->t.possible ? y->t.authorised + y->t.unauthorised : 0;
	uint64_t px = x->t.possible ? x->t.possible : 1;
	uint64_t py = y->t.possible ? y->t.possible : 1;

	/* ax/px against ay/py in integers: sessions fit in 32 bits */
	if (ax * py != ay * px)
		return ax * py > ay * px ? -1 : 1;
	return strcmp(x->district, y->district);
}

/*
 * The imported areas with the headline tally of the pupils who live in
 * each (the engine's areas are the districts of their postcodes).
 */
static int load_areas(struct store *st, struct figures *s,
		      const struct engine *en, struct error *e)
{
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	struct tally *t = xcalloc(en->nr_areas + 1, sizeof(*t));
	sqlite3_stmt *stmt;
	size_t alloc = 0;
	int rc;

	if (engine_area_summary(en, &headline, t, e)) {
		free(t);
		return -1;
	}
	if (sqlite3_prepare_v2(store_db(st), "SELECT postcode_district, name, "
			       "imd_decile FROM area ORDER BY postcode_district",
			       -1, &stmt, NULL)) {
		free(t);
		return store_sqlite_error(st, e, "figures");
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct area_row *a;

		ALLOC_GROW(s->areas, s->nr_areas + 1, alloc);
		a = &s->areas[s->nr_areas++];
		memset(a, 0, sizeof(*a));
		copy_text(a->district, sizeof(a->district), stmt, 0);
		copy_text(a->name, sizeof(a->name), stmt, 1);
		a->decile = sqlite3_column_int(stmt, 2);
		for (size_t k = 1; k < en->nr_areas; k++)
			if (!strcmp(en->area_name[k], a->district)) {
				a->t = t[k];
				break;
			}
	}
	sqlite3_finalize(stmt);
	free(t);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, e, "figures");
	if (s->nr_areas)
		qsort(s->areas, s->nr_areas, sizeof(*s->areas), area_cmp);
	return 0;
}

/* Each row's weekday pattern over the year (the pupil page). */
static int load_patterns(struct figures *s, const struct engine *en,
			 const uint32_t *row, struct error *e)
{
	struct engine_pattern *p = xmalloc((en->nr_rows + 1) * sizeof(*p));
	int rc;

	s->patterns = xcalloc(s->roll.nr_rows + 1, sizeof(*s->patterns));
	rc = engine_row_patterns(en, NULL, p, e);
	for (size_t i = 0; !rc && i < en->nr_rows; i++)
		if (row[i] != UINT32_MAX)
			s->patterns[row[i]] = p[i];
	free(p);
	return rc;
}

/*
 * Each row's measures as they stood a week before the latest mark (`day`,
 * DAY_NONE if there is none).
 */
static int load_before(struct figures *s, const struct engine *en,
		       const uint32_t *row, day_t day, struct error *e)
{
	struct measure *m;
	struct engine_filter f = { 0, 0, 0 };

	s->before = xcalloc(s->roll.nr_rows + 1, sizeof(*s->before));
	if (day == DAY_NONE || day - 7 < academic_year_start(s->year) ||
	    (f.slot_to = engine_slot_to(en, day - 7)) == 0)
		return 0;
	m = xcalloc(en->nr_rows + 1, sizeof(*m));
	if (engine_measures(en, &f, m, NULL, e)) {
		free(m);
		return -1;
	}
	for (size_t i = 0; i < en->nr_rows; i++)
		if (row[i] != UINT32_MAX)
			s->before[row[i]] = m[i];
	free(m);
	return 0;
}

/*
 * Each school's latest register day and its pupils' marks on it: the
 * last column in which any of the school's rows has a mark (no mark is
 * in the future: imports refuse them).
 */
static void load_day(struct figures *s, const struct engine *en,
		     const uint32_t *row)
{
	int *last = xmalloc((s->roll.nr_schools + 1) * sizeof(*last));

	s->school_day = xmalloc((s->roll.nr_schools + 1) * sizeof(*s->school_day));
	s->day_marks = xcalloc(s->roll.nr_rows + 1, sizeof(*s->day_marks));
	for (size_t i = 0; i < s->roll.nr_schools; i++)
		last[i] = -1;
	for (size_t r = 0; r < en->nr_rows; r++) {
		const mark_t *m = en->marks + r * en->stride;
		uint32_t sc;

		if (row[r] == UINT32_MAX)
			continue;
		sc = s->roll.rows[row[r]].school;
		for (int c = (int)en->nr_cols - 1; c > last[sc]; c--)
			if (m[c] != MARK_MISSING) {
				last[sc] = c;
				break;
			}
	}
	for (size_t i = 0; i < s->roll.nr_schools; i++)
		s->school_day[i] = last[i] < 0 ? DAY_NONE :
			slot_day(s->year, en->col_slot[last[i]]);
	for (size_t r = 0; r < en->nr_rows; r++) {
		const mark_t *m = en->marks + r * en->stride;
		day_t day;

		if (row[r] == UINT32_MAX ||
		    (day = s->school_day[s->roll.rows[row[r]].school]) == DAY_NONE)
			continue;
		for (int k = 0; k < 2; k++) {
			int col = en->slot_col[session_slot(day, (enum session)k)];
			s->day_marks[row[r]][k] = col < 0 ? MARK_MISSING : m[col];
		}
	}
	free(last);
}

/* The row of (urn, upn) in the roll (by URN then UPN), or -1. */
static long roll_find(const struct roll_report *r, int32_t urn, const char *upn)
{
	size_t lo = 0, hi = r->nr_rows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct enrolment_row *x = &r->rows[mid];
		int c = x->urn != urn ? (x->urn < urn ? -1 : 1) : strcmp(x->upn, upn);

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nr_rows && r->rows[lo].urn == urn &&
		!strcmp(r->rows[lo].upn, upn) ? (long)lo : -1;
}

long figures_row(const struct figures *f, int32_t urn, const char *upn)
{
	return roll_find(&f->roll, urn, upn);
}

/* qsort has no context: the roll being sorted, under figures_build's own thread. */
static _Thread_local const struct roll_report *upn_sort;

static int upn_cmp(const void *a, const void *b)
{
	const struct enrolment_row *x = &upn_sort->rows[*(const uint32_t *)a];
	const struct enrolment_row *y = &upn_sort->rows[*(const uint32_t *)b];
	int c = strcmp(x->upn, y->upn);

	return c ? c : (x->urn > y->urn) - (x->urn < y->urn);
}

static void index_upns(struct figures *s)
{
	s->by_upn = xmalloc((s->roll.nr_rows + 1) * sizeof(*s->by_upn));
	for (size_t i = 0; i < s->roll.nr_rows; i++)
		s->by_upn[i] = (uint32_t)i;
	upn_sort = &s->roll;
	qsort(s->by_upn, s->roll.nr_rows, sizeof(*s->by_upn), upn_cmp);
	upn_sort = NULL;
}

void figures_pupil_rows(const struct figures *f, const char *upn,
			size_t *first, size_t *nr)
{
	size_t lo = 0, hi = f->roll.nr_rows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(f->roll.rows[f->by_upn[mid]].upn, upn) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (*nr = 0; lo + *nr < f->roll.nr_rows &&
	     !strcmp(f->roll.rows[f->by_upn[lo + *nr]].upn, upn); (*nr)++)
		;
}

/* When each row first met the penalty threshold, up to `day`. */
static int load_penalty(struct store *st, struct figures *s, day_t day,
			struct error *e)
{
	struct penalty_row *p = NULL;
	size_t nr = 0;

	s->penalty_met = xmalloc((s->roll.nr_rows + 1) * sizeof(*s->penalty_met));
	for (size_t i = 0; i < s->roll.nr_rows; i++)
		s->penalty_met[i] = DAY_NONE;
	if (day == DAY_NONE)
		return 0;
	if (report_penalty(st, day, &p, &nr, e))
		return -1;
	for (size_t i = 0; i < nr; i++) {
		long k = roll_find(&s->roll, p[i].urn, p[i].upn);
		if (k >= 0)
			s->penalty_met[k] = p[i].first_met;
	}
	free(p);
	return 0;
}

/*
 * Forecasts from the marks up to the latest one (`day`, DAY_NONE if
 * none), when the year before has enough to fit on; without it the pages
 * simply show none.  max_id is the roll's largest enrolment id.
 */
static void load_forecast(struct figures *s, const struct engine *cur,
			  const struct engine *last, const uint32_t *row,
			  int64_t max_id, day_t day)
{
	struct error ignored = ERROR_INIT;
	float *p_pa, *p_sa;
	char (*upn)[14];

	s->p_pa = xmalloc((s->roll.nr_rows + 1) * sizeof(*s->p_pa));
	s->p_sa = xmalloc((s->roll.nr_rows + 1) * sizeof(*s->p_sa));
	for (size_t i = 0; i < s->roll.nr_rows; i++)
		s->p_pa[i] = s->p_sa[i] = -1;
	if (!last || day == DAY_NONE || academic_year_of(day) != s->year)
		return;
	/* The roll holds every enrolment: their UPNs, by id, for the split. */
	upn = xcalloc((size_t)max_id + 1, sizeof(*upn));
	for (size_t i = 0; i < s->roll.nr_rows; i++)
		memcpy(upn[s->roll.rows[i].enrolment_id], s->roll.rows[i].upn,
		       sizeof(*upn));
	p_pa = xmalloc((cur->nr_rows + 1) * sizeof(*p_pa));
	p_sa = xmalloc((cur->nr_rows + 1) * sizeof(*p_sa));
	if (!forecast_train_engine(last, (const char (*)[14])upn, max_id, day,
				   &s->forecast, &s->forecast_check, &ignored) &&
	    !forecast_apply_engine(cur, day, &s->forecast, p_pa, p_sa, &ignored)) {
		for (size_t i = 0; i < cur->nr_rows; i++)
			if (row[i] != UINT32_MAX) {
				s->p_pa[row[i]] = p_pa[i];
				s->p_sa[row[i]] = p_sa[i];
			}
		s->has_forecast = true;
	}
	free(upn);
	free(p_pa);
	free(p_sa);
}

/*
 * Figures from the engines: cur, this year's; index and max_id map
 * enrolment ids to the roll's rows; day: the latest mark.
 */
static int load_engines(struct store *st, struct figures *s,
			figures_engine_fn *engine, void *ctx,
			const struct engine *cur, const uint32_t *index,
			int64_t max_id, day_t day, struct error *e)
{
	const struct engine *last = NULL;
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	uint32_t *row;
	int rc = -1;

	/* Without last year's marks there is nothing to compare or fit on. */
	if (report_year_has_marks(st, s->year - 1) &&
	    !(last = engine(ctx, st, 1, s->year - 1, s->version, e)))
		return -1;
	row = engine_map_rows(cur, index, max_id);
	if (load_schools(s, cur, e) || load_areas(st, s, cur, e) ||
	    load_weeks(s, cur, e) ||
	    load_groups(s, cur, row, e) || load_patterns(s, cur, row, e) ||
	    load_before(s, cur, row, day, e) ||
	    load_penalty(st, s, day, e) ||
	    (last && engine_authority(last, &headline, &s->last_year, e)))
		goto out;
	load_day(s, cur, row);
	load_forecast(s, cur, last, row, max_id, day);
	rc = 0;
out:
	free(row);
	return rc;
}

/* The largest enrolment id, and a hash of the schools. */
static void roll_signature(struct store *st, struct figures *s)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT coalesce(max(id), 0) "
					"FROM enrolment", NULL);
	uint64_t h = 1469598103934665603ULL;

	s->max_enrolment = -1;
	if (q && sqlite3_step(q) == SQLITE_ROW)
		s->max_enrolment = sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	q = store_prepare(st, "SELECT id, urn, name, phase FROM school "
			  "ORDER BY urn", NULL);
	while (q && sqlite3_step(q) == SQLITE_ROW)
		for (int c = 0; c < 4; c++) {
			const unsigned char *t = sqlite3_column_text(q, c);

			for (; t && *t; t++)
				h = (h ^ *t) * 1099511628211ULL;
			h = (h ^ 0xff) * 1099511628211ULL;
		}
	if (q)
		sqlite3_reset(q);
	s->schools_hash = h;
}

/*
 * Whether the roll and what the pages show of each pupil (names, UPN,
 * school, year group, cohorts) are as they were in prev: no new
 * enrolment or school, and nothing stamped (migration 6) with prev's
 * version or later.  Then a build after an import of marks copies them
 * rather than reading a million pupils again.
 */
static bool roll_unchanged(struct store *st, const struct figures *prev,
			   const struct figures *s)
{
	sqlite3_stmt *q;
	bool same = false;

	if (!prev || prev->year != s->year || prev->max_enrolment < 0 ||
	    prev->max_enrolment != s->max_enrolment ||
	    prev->schools_hash != s->schools_hash)
		return false;
	q = store_prepare(st, "SELECT EXISTS (SELECT 1 FROM pupil INDEXED BY "
			  "pupil_import WHERE import_id >= ?1) OR EXISTS (SELECT 1 "
			  "FROM enrolment INDEXED BY enrolment_import WHERE "
			  "import_id >= ?1) OR EXISTS (SELECT 1 FROM exclusion "
			  "WHERE import_id >= ?1)", NULL);
	if (!q)
		return false;
	sqlite3_bind_int64(q, 1, store_stamp_from(prev->version));
	if (sqlite3_step(q) == SQLITE_ROW)
		same = sqlite3_column_int(q, 0) == 0;
	sqlite3_reset(q);
	return same;
}

/* The roll and the pupils' details: prev's, or read from the store. */
static int load_roll(struct store *st, struct figures *s,
		     const struct figures *prev, const struct engine *cur,
		     const struct period *p, struct error *e)
{
	uint32_t *index;
	int64_t max_id;
	int rc;

	if (roll_unchanged(st, prev, s)) {
		roll_report_copy(&s->roll, &prev->roll);
		s->roll.period = *p;
		s->info = xmalloc((prev->roll.nr_rows + 1) * sizeof(*s->info));
		memcpy(s->info, prev->info, prev->roll.nr_rows * sizeof(*s->info));
		return roll_report_measure(&s->roll, cur, e);
	}
	if (report_enrolments_engine(st, cur, p, 0, &s->roll, e))
		return -1;
	index = roll_report_index(&s->roll, &max_id);
	rc = load_info(st, s, index, max_id, e);
	free(index);
	return rc;
}

/* Inside one read transaction; prev: figures built before, or NULL. */
static int build(struct store *st, struct figures *s,
		 figures_engine_fn *engine, void *ctx,
		 const struct figures *prev, struct error *e)
{
	const struct engine *cur;
	struct period p;
	uint32_t *index;
	int64_t max_id;
	day_t latest;
	int rc;

	s->version = store_version(st);
	roll_signature(st, s);
	if (report_default_period(st, &p, e))
		return -1;
	s->year = academic_year_of(p.from);
	if (!(cur = engine(ctx, st, 0, s->year, s->version, e)) ||
	    load_roll(st, s, prev, cur, &p, e))
		return -1;
	if (report_latest_mark(st, &latest))
		latest = DAY_NONE;
	index = roll_report_index(&s->roll, &max_id);
	rc = load_engines(st, s, engine, ctx, cur, index, max_id, latest, e);
	free(index);
	if (rc || report_missing_registers_engine(st, cur, latest == DAY_NONE ?
						  date_today() : latest,
						  &s->missing, &s->nr_missing,
						  &s->with_calendar, e))
		return -1;
	return 0;
}

/* What the pages need beside the figures read: sums and indexes. */
static void roll_up(struct figures *s, struct store *st)
{
	for (size_t i = 0; i < s->roll.nr_schools; i++)
		for (size_t m = 1; m < code_count; m++) {
			s->authority_codes[m] += s->codes[i][m];
			s->authority_coded += s->codes[i][m];
		}
	if (s->last_year.enrolments) {
		struct error ignored = ERROR_INIT;
		/* No DfE table imported is not an error: nothing to compare. */
		s->has_compare = !report_compare(st, &s->last_year, 0,
						 &s->compare, &ignored);
	}
	for (size_t i = 0; i < s->roll.nr_schools; i++)
		tally_merge(&s->authority, &s->school[i]);
	s->school_first = xcalloc(s->roll.nr_schools + 1, sizeof(*s->school_first));
	for (size_t i = 0, row = 0; i <= s->roll.nr_schools; i++) {
		while (row < s->roll.nr_rows && s->roll.rows[row].school < i)
			row++;
		s->school_first[i] = row;
	}
}

int figures_build(struct figures **out, struct store *st,
		  figures_engine_fn *engine, void *ctx,
		  const struct figures *prev, struct error *e)
{
	struct figures *s = xcalloc(1, sizeof(*s));
	sqlite3 *db = store_db(st);
	int own_txn = sqlite3_get_autocommit(db), rc;

	*out = NULL;
	if (own_txn && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL)) {
		store_sqlite_error(st, e, "figures");
		rc = -1;
	} else {
		rc = build(st, s, engine, ctx, prev, e);
		if (own_txn)
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	if (rc) {
		figures_free(s);
		return -1;
	}
	roll_up(s, st);
	index_upns(s);
	*out = s;
	return 0;
}

/* figures_open()'s engines, opened when asked for and freed after. */
static const struct engine *open_engine(void *ctx, struct store *st, int slot,
					int year, int64_t version,
					struct error *e)
{
	struct engine **held = ctx;

	(void)version;
	if (engine_open(&held[slot], st, year, NULL, e))
		return NULL;
	return held[slot];
}

int figures_open(struct figures **out, struct store *st, struct error *e)
{
	struct engine *held[2] = { NULL, NULL };
	int rc = figures_build(out, st, open_engine, held, NULL, e);

	engine_free(held[0]);
	engine_free(held[1]);
	return rc;
}

void figures_free(struct figures *s)
{
	if (!s)
		return;
	roll_report_release(&s->roll);
	free(s->info);
	free(s->before);
	free(s->school_day);
	free(s->day_marks);
	free(s->penalty_met);
	free(s->school);
	free(s->weeks);
	free(s->codes);
	free(s->cohorts);
	free(s->year_groups);
	free(s->missing);
	free(s->school_first);
	free(s->by_upn);
	free(s->p_pa);
	free(s->p_sa);
	free(s->patterns);
	free(s->areas);
	free(s);
}

long figures_school(const struct figures *s, int32_t urn)
{
	size_t lo = 0, hi = s->roll.nr_schools;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->roll.schools[mid].urn < urn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->roll.nr_schools && s->roll.schools[lo].urn == urn ?
		(long)lo : -1;
}
