#include "report/annual.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/annual.h"
#include "core/calendar.h"
#include "store/config.h"
#include "engine/engine.h"
#include "util/strbuf.h"

static int sql_error(struct store *st, struct error *e)
{
	return store_sqlite_error(st, e, "report");
}

/* ---- shared: schools, pupils' cohorts, a year's marks ---------------------- */

struct schools {
	int64_t *id;
	int32_t *urn;
	char (*name)[128];
	enum phase *phase;
	size_t nr;
	uint32_t *index;	/* school id -> position, UINT32_MAX if none */
	int64_t max_id;
};

static void schools_release(struct schools *s)
{
	free(s->id);
	free(s->urn);
	free(s->name);
	free(s->phase);
	free(s->index);
	memset(s, 0, sizeof(*s));
}

static int schools_load(struct store *st, struct schools *s, struct error *e)
{
	sqlite3_stmt *stmt;
	size_t alloc = 0;

	memset(s, 0, sizeof(*s));
	if (sqlite3_prepare_v2(store_db(st), "SELECT id, urn, name, phase FROM "
			       "school ORDER BY urn", -1, &stmt, NULL))
		return sql_error(st, e);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *phase = (const char *)sqlite3_column_text(stmt, 3);
		int ph = phase_parse(phase, strlen(phase));

		if (s->nr == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			s->id = xrealloc(s->id, alloc * sizeof(*s->id));
			s->urn = xrealloc(s->urn, alloc * sizeof(*s->urn));
			s->name = xrealloc(s->name, alloc * sizeof(*s->name));
			s->phase = xrealloc(s->phase, alloc * sizeof(*s->phase));
		}
		s->id[s->nr] = sqlite3_column_int64(stmt, 0);
		s->urn[s->nr] = sqlite3_column_int(stmt, 1);
		snprintf(s->name[s->nr], sizeof(s->name[0]), "%s",
			 (const char *)sqlite3_column_text(stmt, 2));
		s->phase[s->nr] = ph < 0 ? PHASE_PRIMARY : (enum phase)ph;
		if (s->id[s->nr] > s->max_id)
			s->max_id = s->id[s->nr];
		s->nr++;
	}
	sqlite3_finalize(stmt);
	s->index = xmalloc((size_t)(s->max_id + 1) * sizeof(*s->index));
	memset(s->index, 0xff, (size_t)(s->max_id + 1) * sizeof(*s->index));
	for (size_t i = 0; i < s->nr; i++)
		s->index[s->id[i]] = (uint32_t)i;
	return 0;
}

static uint32_t school_pos(const struct schools *s, int64_t id)
{
	return id >= 0 && id <= s->max_id ? s->index[id] : UINT32_MAX;
}

/* The slots of academic year `year` that fall inside the period. */
static void period_slots(const struct period *p, int year, size_t *lo, size_t *hi)
{
	*lo = year == academic_year_of(p->from) ?
		(size_t)session_slot(p->from, SESSION_AM) : 0;
	*hi = year == academic_year_of(p->to) ?
		(size_t)session_slot(p->to, SESSION_PM) + 1 :
		(size_t)academic_year_slots(year);
}

/* The cohort dimensions of the annual report, each a partition of pupils. */
enum dimension { DIM_FSM, DIM_SEN, DIM_CARE, DIM_EARLY_HELP, DIM_EAL, DIM_COUNT };

static const struct dimension_info {
	const char *section;
	const char *column;
	const char *values[5];	/* stored value for each group, "" last */
	const char *labels[5];
	size_t nr;
} dimensions[DIM_COUNT] = {
	{ "fsm", "fsm", { "Y", "N", "" }, { "eligible", "not eligible",
	  "not known" }, 3 },
	{ "sen", "sen", { "N", "K", "E", "" }, { "no SEN", "SEN support",
	  "EHCP", "not known" }, 4 },
	{ "social_care", "social_care", { "CIN", "CP", "CLA", "" },
	  { "child in need", "child protection plan", "child looked after",
	    "none recorded" }, 4 },
	{ "early_help", "early_help", { "Y", "N", "" }, { "TAF plan",
	  "no TAF plan", "not known" }, 3 },
	{ "eal", "eal", { "Y", "N", "" }, { "EAL", "not EAL", "not known" }, 3 },
};

/* Each enrolment's group in each dimension, by enrolment id. */
static int cohorts_load(struct store *st, int64_t max_id,
			uint8_t (**out)[DIM_COUNT], struct error *e)
{
	sqlite3_stmt *stmt;
	uint8_t (*group)[DIM_COUNT] = xcalloc((size_t)max_id + 1, sizeof(*group));

	if (sqlite3_prepare_v2(store_db(st), "SELECT e.id, p.fsm, p.sen, "
			       "p.social_care, p.early_help, p.eal FROM enrolment e "
			       "JOIN pupil p ON p.id = e.pupil_id", -1, &stmt, NULL)) {
		free(group);
		return sql_error(st, e);
	}
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);

		if (id < 0 || id > max_id)
			continue;
		for (int d = 0; d < DIM_COUNT; d++) {
			const char *v = (const char *)sqlite3_column_text(stmt, 1 + d);
			size_t g = dimensions[d].nr - 1;	/* "" : the last */

			for (size_t k = 0; v && k + 1 < dimensions[d].nr; k++)
				if (!strcmp(v, dimensions[d].values[k]))
					g = k;
			group[id][d] = (uint8_t)g;
		}
	}
	sqlite3_finalize(stmt);
	*out = group;
	return 0;
}

/* A year's headline tallies by the groups the reports break it into. */
struct year_tallies {
	struct tally all;
	struct tally phase[PHASE_COUNT];
	struct tally dim[DIM_COUNT][5];		/* by dimensions[d]'s groups */
	struct tally *school;			/* schools as in s */
};

/*
 * Pupils of compulsory school age in academic year `year`, over the
 * year, in one pass of its engine; all zero when the year has no marks.
 * t->school is malloc'd.
 */
static int year_tallies(struct store *st, int year, const struct schools *s,
			struct year_tallies *t, struct error *e)
{
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	struct engine_grouping g[3 + DIM_COUNT];
	uint8_t (*cohort)[DIM_COUNT] = NULL;
	uint32_t *group[3 + DIM_COUNT];
	struct engine *en;
	int64_t max_id = 0;
	size_t n;
	int rc;

	memset(t, 0, sizeof(*t));
	t->school = xcalloc(s->nr + 1, sizeof(*t->school));
	if (report_engine(&en, st, year, e))
		goto fail;
	if (!en)
		return 0;
	for (size_t r = 0; r < en->nr_rows; r++)
		if (en->enrolment_id[r] > max_id)
			max_id = en->enrolment_id[r];
	if (cohorts_load(st, max_id, &cohort, e)) {
		engine_free(en);
		goto fail;
	}
	n = en->nr_rows;
	for (size_t k = 0; k < 3 + DIM_COUNT; k++)
		group[k] = xmalloc((n + 1) * sizeof(**group));
	for (size_t r = 0; r < n; r++) {
		uint32_t pos = school_pos(s, en->school_id[en->school[r]]);

		group[0][r] = 0;
		group[1][r] = pos != UINT32_MAX ? (uint32_t)s->phase[pos] :
			      ENGINE_NO_GROUP;
		group[2][r] = pos;	/* UINT32_MAX is ENGINE_NO_GROUP */
		for (int d = 0; d < DIM_COUNT; d++)
			group[3 + d][r] = cohort[en->enrolment_id[r]][d];
	}
	g[0] = (struct engine_grouping){ group[0], 1, &t->all };
	g[1] = (struct engine_grouping){ group[1], PHASE_COUNT, t->phase };
	g[2] = (struct engine_grouping){ group[2], s->nr, t->school };
	for (int d = 0; d < DIM_COUNT; d++)
		g[3 + d] = (struct engine_grouping){ group[3 + d], dimensions[d].nr,
						     t->dim[d] };
	rc = engine_group_tallies(en, &headline, g, 3 + DIM_COUNT, e);
	for (size_t k = 0; k < 3 + DIM_COUNT; k++)
		free(group[k]);
	free(cohort);
	engine_free(en);
	if (!rc)
		return 0;
fail:
	free(t->school);
	t->school = NULL;
	return -1;
}

/* ---- the annual report ------------------------------------------------- */

static struct annual_row *add_row(struct annual_report *out, size_t *alloc,
				  const char *section, const char *group)
{
	struct annual_row *row;

	if (out->nr_rows == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 64;
		out->rows = xrealloc(out->rows, *alloc * sizeof(*out->rows));
	}
	row = &out->rows[out->nr_rows++];
	memset(row, 0, sizeof(*row));
	snprintf(row->section, sizeof(row->section), "%s", section);
	snprintf(row->group, sizeof(row->group), "%s", group);
	return row;
}

static void row_cells(struct annual_row *row)
{
	const struct tally *t = &row->t;

	row->cell[CELL_ENROLMENTS] = t->enrolments;
	row->cell[CELL_EXPECTED] = t->band[BAND_EXPECTED];
	row->cell[CELL_AT_RISK_PA] = t->band[BAND_AT_RISK_PA];
	row->cell[CELL_BAND_PA] = t->band[BAND_PA];
	row->cell[CELL_AT_RISK_SA] = t->band[BAND_AT_RISK_SA];
	row->cell[CELL_SA] = t->band[BAND_SA];
	row->cell[CELL_PA] = t->pa;
}

/*
 * The relations a reader could use to undo a suppression: within a row,
 * the bands add up to the enrolments and PA is the sum of the bands from
 * 10% up; across a section that partitions the pupils (phases, schools,
 * each cohort dimension), each count of its rows adds up to the
 * authority's.
 */
static void suppress_report(struct annual_report *out)
{
	size_t nr_cells = out->nr_rows * CELL_COUNT, nr_groups = 0, nr_members = 0;
	size_t alloc_groups = out->nr_rows * 3 + out->nr_rows * CELL_COUNT + 1;
	struct suppress_group *groups = xcalloc(alloc_groups, sizeof(*groups));
	size_t *members = xcalloc(out->nr_rows * 11 + out->nr_rows * CELL_COUNT + 1,
				  sizeof(*members));
	uint64_t *cells = xcalloc(nr_cells, sizeof(*cells));
	bool *hidden = xcalloc(nr_cells, sizeof(*hidden));

#define CELL(r, c) ((r) * CELL_COUNT + (c))
#define GROUP(tot, ...) do { \
		static const size_t m_[] = { __VA_ARGS__ }; \
		groups[nr_groups].total = CELL(r, tot); \
		groups[nr_groups].members = &members[nr_members]; \
		groups[nr_groups].nr_members = sizeof(m_) / sizeof(m_[0]); \
		for (size_t k = 0; k < sizeof(m_) / sizeof(m_[0]); k++) \
			members[nr_members++] = CELL(r, m_[k]); \
		nr_groups++; \
	} while (0)
	for (size_t r = 0; r < out->nr_rows; r++) {
		memcpy(&cells[CELL(r, 0)], out->rows[r].cell, sizeof(out->rows[r].cell));
		GROUP(CELL_ENROLMENTS, CELL_EXPECTED, CELL_AT_RISK_PA, CELL_BAND_PA,
		      CELL_AT_RISK_SA, CELL_SA);
		GROUP(CELL_PA, CELL_BAND_PA, CELL_AT_RISK_SA, CELL_SA);
		GROUP(CELL_ENROLMENTS, CELL_EXPECTED, CELL_AT_RISK_PA, CELL_PA);
	}
#undef GROUP
	/* Sections after the authority's row 0, each a run of rows. */
	for (size_t a = 1, b; a < out->nr_rows; a = b) {
		for (b = a; b < out->nr_rows &&
		     !strcmp(out->rows[b].section, out->rows[a].section); b++)
			;
		for (size_t c = 0; c < CELL_COUNT; c++) {
			groups[nr_groups].total = CELL(0, c);
			groups[nr_groups].members = &members[nr_members];
			groups[nr_groups].nr_members = b - a;
			for (size_t r = a; r < b; r++)
				members[nr_members++] = CELL(r, c);
			nr_groups++;
		}
	}
	out->secondary = suppress_apply(cells, nr_cells, groups, nr_groups, hidden);
	for (size_t r = 0; r < out->nr_rows; r++) {
		struct annual_row *row = &out->rows[r];

		for (size_t c = 0; c < CELL_COUNT; c++) {
			row->hidden[c] = hidden[CELL(r, c)];
			out->primary += suppress_is_low(row->cell[c]);
		}
		row->rates_hidden = row->hidden[CELL_ENROLMENTS];
	}
#undef CELL
	free(groups);
	free(members);
	free(cells);
	free(hidden);
}

int report_neighbour_rank(struct store *st, int time_period, double ours,
			  int *rank, int *of, struct error *e)
{
	char list[512], *save = NULL;
	sqlite3_stmt *stmt;

	*rank = *of = 0;
	if (config_get(st, "statistical_neighbours", list, sizeof(list)) || !list[0])
		return 0;
	if (sqlite3_prepare_v2(store_db(st), "SELECT overall_pct FROM dfe_absence "
			       "WHERE time_period = ? AND geographic_level = "
			       "'Local authority' AND education_phase = 'Total' "
			       "AND old_la_code = ? AND overall_pct IS NOT NULL",
			       -1, &stmt, NULL))
		return sql_error(st, e);
	*rank = 1;
	for (char *code = strtok_r(list, ",", &save); code;
	     code = strtok_r(NULL, ",", &save)) {
		sqlite3_bind_int(stmt, 1, time_period);
		sqlite3_bind_text(stmt, 2, code, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			(*of)++;
			*rank += sqlite3_column_double(stmt, 0) < ours;
		}
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	if (!*of)
		*rank = 0;
	else
		(*of)++;	/* the authority itself */
	return 0;
}

static int dfe_period(int year)
{
	return year * 100 + (year + 1) % 100;
}

static void compare_annual(struct store *st, struct annual_report *out)
{
	struct error ignore = ERROR_INIT;

	if (report_compare(st, &out->rows[0].t, dfe_period(out->year), &out->cmp,
			   &ignore))
		return;
	/* DfE publishes a year behind: else compare with the latest table. */
	if (!out->cmp.national[COMPARE_OVERALL].known &&
	    report_compare(st, &out->rows[0].t, 0, &out->cmp, &ignore))
		return;
	out->compared = true;
	report_neighbour_rank(st, out->cmp.time_period,
			      out->cmp.ours[COMPARE_OVERALL].value,
			      &out->neighbour_rank, &out->neighbour_of, &ignore);
}

int report_annual(struct store *st, int year, bool is_public,
		  struct annual_report *out, struct error *e)
{
	struct period p = { academic_year_start(year), academic_year_end(year) };
	struct schools s;
	struct year_tallies t;
	size_t alloc = 0;
	bool phase_used[PHASE_COUNT] = { 0 };
	char label[160];

	memset(out, 0, sizeof(*out));
	out->year = year;
	out->period = p;
	out->is_public = is_public;
	if (report_check_period(&p, e) || schools_load(st, &s, e))
		return -1;
	if (year_tallies(st, year, &s, &t, e)) {
		schools_release(&s);
		return -1;
	}
	add_row(out, &alloc, "authority", "all pupils")->t = t.all;
	for (size_t k = 0; k < s.nr; k++)
		phase_used[s.phase[k]] = true;
	for (int ph = 0; ph < PHASE_COUNT; ph++)
		if (phase_used[ph])
			add_row(out, &alloc, "phase", phase_name((enum phase)ph))->t =
				t.phase[ph];
	for (int d = 0; d < DIM_COUNT; d++)
		for (size_t k = 0; k < dimensions[d].nr; k++)
			add_row(out, &alloc, dimensions[d].section,
				dimensions[d].labels[k])->t = t.dim[d][k];
	for (size_t k = 0; k < s.nr; k++) {
		snprintf(label, sizeof(label), "%06d %s", s.urn[k], s.name[k]);
		add_row(out, &alloc, "school", label)->t = t.school[k];
	}
	for (size_t i = 0; i < out->nr_rows; i++)
		row_cells(&out->rows[i]);
	if (is_public)
		suppress_report(out);
	compare_annual(st, out);
	free(t.school);
	schools_release(&s);
	return 0;
}

void annual_report_release(struct annual_report *r)
{
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

/* ---- KPIs -------------------------------------------------------------- */

enum kpi_group { KG_ALL, KG_CIN, KG_CP, KG_CLA, KG_EHCP, KG_FSM, KG_COUNT };
static const char *const kpi_group_names[KG_COUNT] = {
	"all pupils", "CIN", "CP", "CLA", "EHCP", "FSM",
};

/* A year's headline tallies of the KPIs' groups: the engine's cohorts. */
static int kpi_year(struct store *st, int year, struct tally t[KG_COUNT],
		    struct error *e)
{
	struct period p = { academic_year_start(year), academic_year_end(year) };
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	struct tally c[ENGINE_COHORT_COUNT];
	struct engine *en;
	int rc;

	memset(t, 0, KG_COUNT * sizeof(*t));
	memset(c, 0, sizeof(c));
	if (report_check_period(&p, e) || report_engine(&en, st, year, e))
		return -1;
	if (!en)
		return 0;
	rc = engine_authority(en, &headline, &t[KG_ALL], e) ||
	     engine_cohorts(en, &headline, c, e) ? -1 : 0;
	t[KG_CIN] = c[ENGINE_COHORT_CIN];
	t[KG_CP] = c[ENGINE_COHORT_CP];
	t[KG_CLA] = c[ENGINE_COHORT_CLA];
	t[KG_EHCP] = c[ENGINE_COHORT_EHCP];
	t[KG_FSM] = c[ENGINE_COHORT_FSM];
	engine_free(en);
	return rc;
}

static bool dfe_national(struct store *st, int time_period, double *overall)
{
	sqlite3_stmt *stmt;
	bool known = false;

	if (sqlite3_prepare_v2(store_db(st), "SELECT overall_pct FROM dfe_absence "
			       "WHERE time_period = ? AND geographic_level = "
			       "'National' AND education_phase = 'Total' AND "
			       "overall_pct IS NOT NULL", -1, &stmt, NULL))
		return false;
	sqlite3_bind_int(stmt, 1, time_period);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*overall = sqlite3_column_double(stmt, 0);
		known = true;
	}
	sqlite3_finalize(stmt);
	return known;
}

static struct kpi_row *kpi_add(struct kpi_row **rows, size_t *nr, size_t *alloc,
			       const char *kpi, const char *group, bool lower)
{
	struct kpi_row *k;

	if (*nr == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 16;
		*rows = xrealloc(*rows, *alloc * sizeof(**rows));
	}
	k = &(*rows)[(*nr)++];
	memset(k, 0, sizeof(*k));
	snprintf(k->kpi, sizeof(k->kpi), "%s", kpi);
	snprintf(k->group, sizeof(k->group), "%s", group);
	k->lower_is_better = lower;
	return k;
}

int report_kpi(struct store *st, int year, struct kpi_row **rows, size_t *nr,
	       struct error *e)
{
	struct tally t[2][KG_COUNT];
	size_t alloc = 0;
	struct kpi_row *att, *gap, *abs, *pa, *rank, *sa[KG_COUNT];

	*rows = NULL;
	*nr = 0;
	if (kpi_year(st, year - 1, t[0], e) || kpi_year(st, year, t[1], e))
		return -1;
	att = kpi_add(rows, nr, &alloc, "attendance_pct", "all pupils", false);
	gap = kpi_add(rows, nr, &alloc, "attendance_vs_national_pts", "all pupils",
		      false);
	abs = kpi_add(rows, nr, &alloc, "overall_absence_pct", "all pupils", true);
	pa = kpi_add(rows, nr, &alloc, "pa_pct", "all pupils", true);
	rank = kpi_add(rows, nr, &alloc, "neighbour_rank_overall_absence",
		       "all pupils", true);
	rank->is_rank = true;
	for (int g = 0; g < KG_COUNT; g++)
		sa[g] = kpi_add(rows, nr, &alloc, "sa_pct", kpi_group_names[g], true);
	/* The pointers above stay valid: 16 rows are allocated at once. */
	for (int y = 0; y < 2; y++) {
		const struct tally *all = &t[y][KG_ALL];
		uint64_t absent = all->authorised + all->unauthorised;
		double national, ours;
		int r, of;

		if (all->possible) {
			int64_t a = (int64_t)percent_hundredths(absent, all->possible);

			att->known[y] = abs->known[y] = true;
			abs->value[y] = a;
			att->value[y] = 10000 - a;
			if (dfe_national(st, dfe_period(year - 1 + y), &national)) {
				gap->known[y] = true;
				gap->value[y] = att->value[y] -
					(10000 - llround(national * 100));
			}
			ours = (double)a / 100.0;
			if (!report_neighbour_rank(st, dfe_period(year - 1 + y), ours,
						   &r, &of, e) && of) {
				rank->known[y] = true;
				rank->value[y] = r;
				rank->of[y] = of;
			}
		}
		if (all->enrolments) {
			pa->known[y] = true;
			pa->value[y] = (int64_t)percent_hundredths(all->pa,
								   all->enrolments);
		}
		for (int g = 0; g < KG_COUNT; g++) {
			const struct tally *tg = &t[y][g];
			if (!tg->enrolments)
				continue;
			sa[g]->known[y] = true;
			sa[g]->value[y] = (int64_t)percent_hundredths(tg->sa,
								      tg->enrolments);
		}
	}
	return 0;
}

/* ---- the code-consistency audit ------------------------------------------- */

static bool not_present_code(size_t code)
{
	enum mark_category cat = code_table[code].category;

	return cat == CATEGORY_APPROVED || cat == CATEGORY_AUTHORISED ||
	       cat == CATEGORY_UNAUTHORISED;
}

/* The engine filter of academic year `year`'s part of the period. */
static struct engine_filter period_filter(const struct period *p, int year)
{
	size_t lo, hi;
	struct engine_filter f = { 0, 0, 0 };

	period_slots(p, year, &lo, &hi);
	f.slot_from = (int)lo;
	f.slot_to = (int)hi;
	return f;
}

/* Adds academic year `year`'s part of the period into count[school][code]. */
static int codes_year(struct store *st, const struct period *p, int year,
		      const struct schools *s, uint64_t *count, struct error *e)
{
	struct engine_filter f = period_filter(p, year);
	struct engine *en;
	uint32_t *h;
	int rc;

	if (report_engine(&en, st, year, e))
		return -1;
	if (!en)
		return 0;	/* no marks that year */
	h = xcalloc(en->nr_schools * ENGINE_CODES + 1, sizeof(*h));
	rc = engine_codes(en, &f, NULL, 0, h, e);
	for (size_t k = 0; !rc && k < en->nr_schools; k++) {
		uint32_t i = school_pos(s, en->school_id[k]);

		for (size_t m = 0; i != UINT32_MAX && m < code_count; m++)
			count[(size_t)i * code_count + m] += h[k * ENGINE_CODES + m];
	}
	free(h);
	engine_free(en);
	return rc;
}

/* Every school's count of every code over the period: [school][code]. */
static int codes_count(struct store *st, const struct period *p,
		       const struct schools *s, uint64_t **count, struct error *e)
{
	uint64_t *c = xcalloc((s->nr ? s->nr : 1) * code_count, sizeof(*c));
	int rc = 0;

	for (int y = academic_year_of(p->from); !rc && y <= academic_year_of(p->to);
	     y++)
		rc = codes_year(st, p, y, s, c, e);
	if (rc)
		free(c);
	*count = rc ? NULL : c;
	return rc;
}

static int codes_audit(struct store *st, const struct period *p,
		       const struct schools *s, struct code_audit_row **rows,
		       size_t *nr, struct error *e)
{
	uint64_t *count, *la = xcalloc(code_count, sizeof(*la)), la_np = 0;
	size_t alloc = 0;

	*rows = NULL;
	*nr = 0;
	if (codes_count(st, p, s, &count, e)) {
		free(la);
		return -1;
	}
	for (size_t i = 0; i < s->nr; i++)
		for (size_t k = 0; k < code_count; k++)
			if (not_present_code(k)) {
				la[k] += count[i * code_count + k];
				la_np += count[i * code_count + k];
			}
	for (size_t i = 0; i < s->nr; i++) {
		const uint64_t *row = count + i * code_count;
		uint64_t np = 0;

		for (size_t k = 0; k < code_count; k++)
			np += not_present_code(k) ? row[k] : 0;
		for (size_t k = 0; k < code_count; k++) {
			struct code_audit_row *a;

			if (!not_present_code(k) || !row[k])
				continue;
			if (*nr == alloc) {
				alloc = alloc ? 2 * alloc : 64;
				*rows = xrealloc(*rows, alloc * sizeof(**rows));
			}
			a = &(*rows)[(*nr)++];
			memset(a, 0, sizeof(*a));
			a->urn = s->urn[i];
			snprintf(a->name, sizeof(a->name), "%s", s->name[i]);
			a->code = code_table[k].code;
			a->sessions = row[k];
			a->not_present = np;
			a->others_sessions = la[k] - row[k];
			a->others_not_present = la_np - np;
			a->outlier = code_share_outlier(a->sessions, np,
							a->others_sessions,
							a->others_not_present);
		}
	}
	free(count);
	free(la);
	return 0;
}

int report_codes(struct store *st, const struct period *p,
		 struct code_audit_row **rows, size_t *nr, struct error *e)
{
	struct schools s;
	int rc;

	*rows = NULL;
	*nr = 0;
	if (report_check_period(p, e) || schools_load(st, &s, e))
		return -1;
	rc = codes_audit(st, p, &s, rows, nr, e);
	schools_release(&s);
	return rc;
}

/* ---- the dip sample ------------------------------------------------------ */

struct slot_counts {
	uint16_t marked, n, o, b, late;
};

/*
 * Each school's registers of academic year `year` in the period:
 * slots[school * YEAR_SLOTS_MAX + slot] from the engine's code histogram
 * by column, and on_roll[school], its enrolments with a mark in the year.
 * Schools as in s.
 */
static int dip_year(struct store *st, const struct period *p, int year,
		    const struct schools *s, struct slot_counts *slots,
		    uint32_t *on_roll, struct error *e)
{
	const mark_t n = code_find("N", 1), o = code_find("O", 1),
		b = code_find("B", 1), l = code_find("L", 1), u = code_find("U", 1);
	struct engine_filter f = period_filter(p, year);
	struct engine *en;
	uint16_t *column;
	uint32_t *h, *marked;
	uint8_t *taken;
	int rc;

	memset(slots, 0, (s->nr + 1) * YEAR_SLOTS_MAX * sizeof(*slots));
	memset(on_roll, 0, (s->nr + 1) * sizeof(*on_roll));
	if (report_engine(&en, st, year, e))
		return -1;
	if (!en)
		return 0;
	column = xmalloc((en->nr_cols + 1) * sizeof(*column));
	for (size_t c = 0; c < en->nr_cols; c++)
		column[c] = (uint16_t)c;
	h = xcalloc(en->nr_schools * en->nr_cols * ENGINE_CODES + 1, sizeof(*h));
	marked = xcalloc(en->nr_schools + 1, sizeof(*marked));
	taken = xmalloc(en->nr_schools * YEAR_SLOTS_MAX + 1);
	rc = engine_codes(en, &f, column, en->nr_cols, h, e) ||
	     engine_registers(en, NULL, taken, NULL, marked, e) ? -1 : 0;
	for (size_t k = 0; !rc && k < en->nr_schools; k++) {
		uint32_t i = school_pos(s, en->school_id[k]);

		if (i == UINT32_MAX)
			continue;
		on_roll[i] = marked[k];
		for (size_t c = 0; c < en->nr_cols; c++) {
			const uint32_t *x = h + (k * en->nr_cols + c) * ENGINE_CODES;
			struct slot_counts *sc = &slots[(size_t)i * YEAR_SLOTS_MAX +
							(size_t)en->col_slot[c]];
			uint32_t any = 0;

			for (size_t m = 1; m < code_count; m++)
				any += x[m];
			sc->marked = (uint16_t)any;
			sc->n = (uint16_t)x[n];
			sc->o = (uint16_t)x[o];
			sc->b = (uint16_t)x[b];
			sc->late = (uint16_t)(x[l] + x[u]);
		}
	}
	free(column);
	free(h);
	free(marked);
	free(taken);
	engine_free(en);
	return rc;
}

struct candidate {
	uint64_t key;
	uint32_t school;
	day_t day;
	enum session session;
	struct slot_counts counts;
	unsigned on_roll;
};

static int by_key_desc(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	return (x->key < y->key) - (x->key > y->key);
}

static int by_register(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->school != y->school)
		return x->school < y->school ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (int)x->session - (int)y->session;
}

static void dip_check(struct dip_row *d)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "every pupil on roll has one mark and it matches the "
		    "MIS audit trail");
	if (d->missing)
		strbuf_addf(&sb, "; %u pupil(s) without a mark", d->missing);
	if (d->n)
		strbuf_addf(&sb, "; N x%u: reason sought and code updated",
			    d->n);
	if (d->o)
		strbuf_addf(&sb, "; O x%u: not used where N applies", d->o);
	if (d->b)
		strbuf_addf(&sb, "; B x%u: evidence of the approved, supervised "
			    "activity", d->b);
	if (d->late)
		strbuf_addf(&sb, "; L/U x%u: arrival times against the register "
			    "closing time", d->late);
	if (d->flagged)
		strbuf_addf(&sb, "; school flagged by the codes audit");
	snprintf(d->check, sizeof(d->check), "%s", sb.buf);
	strbuf_release(&sb);
}

int report_dip_sample(struct store *st, const struct period *p, uint64_t seed,
		      size_t count, struct dip_row **rows, size_t *nr,
		      struct error *e)
{
	struct code_audit_row *audit;
	struct candidate *cand = NULL;
	size_t nr_audit, nr_cand = 0, alloc = 0;
	struct schools s;
	struct slot_counts *slots = NULL;
	uint32_t *on_roll = NULL;
	bool *flagged;
	uint64_t state = seed;
	int rc = -1;

	*rows = NULL;
	*nr = 0;
	if (report_check_period(p, e) || schools_load(st, &s, e))
		return -1;
	flagged = xcalloc(s.nr + 1, sizeof(*flagged));
	if (codes_audit(st, p, &s, &audit, &nr_audit, e))
		goto out;
	for (size_t i = 0; i < nr_audit; i++)
		for (size_t k = 0; k < s.nr; k++)
			if (s.urn[k] == audit[i].urn && audit[i].outlier)
				flagged[k] = true;
	free(audit);
	slots = xcalloc((s.nr + 1) * YEAR_SLOTS_MAX, sizeof(*slots));
	on_roll = xcalloc(s.nr + 1, sizeof(*on_roll));
	for (int year = academic_year_of(p->from); year <= academic_year_of(p->to);
	     year++) {
		size_t lo, hi;

		if (dip_year(st, p, year, &s, slots, on_roll, e))
			goto out;
		period_slots(p, year, &lo, &hi);
		/* Schools by URN, then slots in order: the draw's fixed order. */
		for (size_t k = 0; k < s.nr; k++) {
			const struct slot_counts *row = slots + k * YEAR_SLOTS_MAX;

			for (size_t slot = lo; slot < hi; slot++) {
				struct candidate *x;

				if (!row[slot].marked)
					continue;
				if (nr_cand == alloc) {
					alloc = alloc ? 2 * alloc : 1024;
					cand = xrealloc(cand, alloc * sizeof(*cand));
				}
				x = &cand[nr_cand++];
				x->key = sample_key(&state, flagged[k] ?
						    DIP_FLAGGED_WEIGHT : 1);
				x->school = (uint32_t)k;
				x->day = slot_day(year, (int)slot);
				x->session = slot_session((int)slot);
				x->counts = row[slot];
				x->on_roll = on_roll[k];
			}
		}
	}
	if (nr_cand)
		qsort(cand, nr_cand, sizeof(*cand), by_key_desc);
	if (count > nr_cand)
		count = nr_cand;
	if (count)
		qsort(cand, count, sizeof(*cand), by_register);
	*rows = xcalloc(count ? count : 1, sizeof(**rows));
	for (size_t i = 0; i < count; i++) {
		struct dip_row *d = &(*rows)[i];
		const struct candidate *x = &cand[i];

		d->urn = s.urn[x->school];
		snprintf(d->name, sizeof(d->name), "%s", s.name[x->school]);
		d->day = x->day;
		d->session = x->session;
		d->flagged = flagged[x->school];
		d->on_roll = x->on_roll;
		d->missing = x->on_roll > x->counts.marked ?
			x->on_roll - x->counts.marked : 0;
		d->n = x->counts.n;
		d->o = x->counts.o;
		d->b = x->counts.b;
		d->late = x->counts.late;
		dip_check(d);
	}
	*nr = count;
	rc = 0;
out:
	free(cand);
	free(slots);
	free(on_roll);
	free(flagged);
	schools_release(&s);
	return rc;
}

/* ---- children looked after not attending ---------------------------------- */

static const char *const weekday_names[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
};

int report_cla_weekly(struct store *st, day_t monday, struct cla_week_row **rows,
		      size_t *nr, struct error *e)
{
	sqlite3_stmt *stmt;
	size_t alloc = 0;
	mark_t marks[2][YEAR_SLOTS_MAX];
	int rc;

	*rows = NULL;
	*nr = 0;
	monday = date_monday(monday);
	if (sqlite3_prepare_v2(store_db(st), "SELECT p.id, p.upn, p.forename || ' ' "
			       "|| p.surname, e.id, s.id, s.urn, s.name FROM pupil p "
			       "JOIN enrolment e ON e.pupil_id = p.id JOIN school s ON "
			       "s.id = e.school_id WHERE p.social_care = 'CLA' "
			       "ORDER BY s.urn, p.upn", -1, &stmt, NULL))
		return sql_error(st, e);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t enrolment = sqlite3_column_int64(stmt, 3);
		int first = academic_year_of(monday);
		struct cla_week_row row;
		struct strbuf missed = STRBUF_INIT;

		/* the week may begin in one academic year and end in the next */
		if (store_marks_load(st, first, enrolment, marks[0], e) ||
		    store_marks_load(st, first + 1, enrolment, marks[1], e)) {
			sqlite3_finalize(stmt);
			free(*rows);
			*rows = NULL;
			*nr = 0;
			return -1;
		}
		memset(&row, 0, sizeof(row));
		for (day_t d = monday; d < monday + 7; d++) {
			int y = academic_year_of(d) - first;

			for (int sess = 0; sess < 2; sess++) {
				mark_t m = marks[y][session_slot(d, (enum session)sess)];
				int dd;

				measure_add_marks(&row.m, &m, 1);
				if (mark_category(m) != CATEGORY_AUTHORISED &&
				    mark_category(m) != CATEGORY_UNAUTHORISED)
					continue;
				date_to_ymd(d, &(int){ 0 }, &(int){ 0 }, &dd);
				strbuf_addf(&missed, "%s%s %02d %s %s",
					    missed.len ? ", " : "",
					    weekday_names[date_weekday(d)], dd,
					    sess ? "PM" : "AM", mark_info(m)->code);
			}
		}
		if (measure_absent(&row.m)) {
			row.pupil_id = sqlite3_column_int64(stmt, 0);
			snprintf(row.upn, sizeof(row.upn), "%s",
				 (const char *)sqlite3_column_text(stmt, 1));
			snprintf(row.name, sizeof(row.name), "%s",
				 (const char *)sqlite3_column_text(stmt, 2));
			row.school_id = sqlite3_column_int64(stmt, 4);
			row.urn = sqlite3_column_int(stmt, 5);
			snprintf(row.school, sizeof(row.school), "%s",
				 (const char *)sqlite3_column_text(stmt, 6));
			snprintf(row.missed, sizeof(row.missed), "%s", missed.buf);
			if (*nr == alloc) {
				alloc = alloc ? 2 * alloc : 16;
				*rows = xrealloc(*rows, alloc * sizeof(**rows));
			}
			(*rows)[(*nr)++] = row;
		}
		strbuf_release(&missed);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		*nr = 0;
		return sql_error(st, e);
	}
	return 0;
}

/* ---- register days ------------------------------------------------------- */

int report_register_days(struct store *st, day_t as_of, day_t **days,
			 int64_t *max_id, struct error *e)
{
	sqlite3_stmt *stmt;
	struct engine *en = NULL;
	int year = academic_year_of(as_of), limit, rc;
	uint8_t *taken;

	*days = NULL;
	*max_id = 0;
	if (sqlite3_prepare_v2(store_db(st), "SELECT coalesce(max(id), 0) FROM school",
			       -1, &stmt, NULL))
		return sql_error(st, e);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*max_id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	*days = xmalloc((size_t)(*max_id + 1) * sizeof(**days));
	for (int64_t i = 0; i <= *max_id; i++)
		(*days)[i] = DAY_NONE;
	if (year < ACADEMIC_YEAR_MIN || year > ACADEMIC_YEAR_MAX)
		return 0;
	if (report_engine(&en, st, year, e)) {
		free(*days);
		*days = NULL;
		return -1;
	}
	if (!en)
		return 0;
	/* the latest session on or before as_of that a mark other than '#' opened */
	limit = session_slot(as_of, SESSION_PM) + 1;
	taken = xmalloc(en->nr_schools * YEAR_SLOTS_MAX + 1);
	rc = engine_registers(en, NULL, taken, NULL, NULL, e);
	for (size_t k = 0; !rc && k < en->nr_schools; k++) {
		const uint8_t *t = taken + k * YEAR_SLOTS_MAX;
		int64_t id = en->school_id[k];
		int slot = limit;

		while (slot > 0 && !(t[slot - 1] & ENGINE_SESSION_OPEN))
			slot--;
		if (slot && id >= 0 && id <= *max_id)
			(*days)[id] = slot_day(year, slot - 1);
	}
	free(taken);
	engine_free(en);
	if (rc) {
		free(*days);
		*days = NULL;
	}
	return rc;
}
