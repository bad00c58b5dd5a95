#include "report/forecast.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* Each row's measures to `cut` and over the four weeks up to it. */
static int measures_to(const struct engine *e, day_t cut, struct measure *so_far,
		       struct measure *recent, struct error *err)
{
	day_t start = academic_year_start(e->year);
	day_t from = cut - 27 < start ? start : cut - 27;
	struct engine_filter f = { 0, engine_slot_to(e, cut), 0 };
	struct engine_filter r = { engine_slot_to(e, from - 1),
				   engine_slot_to(e, cut), 0 };

	if (f.slot_to == 0)
		return error_set(err, ERROR_INPUT, "no sessions of %d/%02d by then",
				 e->year, (e->year + 1) % 100);
	return engine_measures(e, &f, so_far, NULL, err) ||
	       engine_measures(e, &r, recent, NULL, err) ? -1 : 0;
}

static void row_pupil(const struct engine *e, size_t row,
		      const struct measure *so_far, const struct measure *recent,
		      struct forecast_pupil *p)
{
	uint16_t f = e->flags[row];

	memset(p, 0, sizeof(*p));
	p->so_far = so_far[row];
	p->recent = recent[row];
	p->fsm = f & ENGINE_FLAG(ENGINE_COHORT_FSM) ? FLAG_YES : FLAG_NO;
	p->sen = f & ENGINE_FLAG(ENGINE_COHORT_EHCP) ? SEN_EHCP :
		 f & ENGINE_FLAG(ENGINE_COHORT_SEN_SUPPORT) ? SEN_SUPPORT : SEN_NONE;
	p->care = f & ENGINE_FLAG(ENGINE_COHORT_CLA) ? CARE_CLA :
		  f & ENGINE_FLAG(ENGINE_COHORT_CP) ? CARE_CP :
		  f & ENGINE_FLAG(ENGINE_COHORT_CIN) ? CARE_CIN : CARE_NONE;
	p->year_group = e->year_group[row];
}

int forecast_train_engine(const struct engine *last, const char (*upn)[14],
			  int64_t max_id, day_t as_of, struct forecast_models *m,
			  struct forecast_validation *v, struct error *e)
{
	size_t rows = last->nr_rows, n = 0;
	struct measure *so_far, *recent, *end;
	struct forecast_validation ignored;
	double *x;
	uint8_t *pa, *sa;
	int rc = 0;

	if (!v)
		v = &ignored;
	memset(v, 0, sizeof(*v));
	memset(m, 0, sizeof(*m));
	m->year = last->year;
	m->cut = academic_year_start(last->year) +
		 (as_of - academic_year_start(last->year + 1));
	if (m->cut > academic_year_end(last->year))
		m->cut = academic_year_end(last->year);
	so_far = xcalloc(rows + 1, sizeof(*so_far));
	recent = xcalloc(rows + 1, sizeof(*recent));
	end = xcalloc(rows + 1, sizeof(*end));
	x = xmalloc((rows + 1) * FEATURE_COUNT * sizeof(*x));
	pa = xmalloc(rows + 1);
	sa = xmalloc(rows + 1);
	if (measures_to(last, m->cut, so_far, recent, e) ||
	    engine_measures(last, NULL, end, NULL, e)) {
		rc = -1;
		goto out;
	}
	/* The fitting half first; the held-out half is scored after. */
	for (int half = 0; half < 2 && !rc; half++) {
		for (size_t i = 0; i < rows; i++) {
			uint32_t id = last->enrolment_id[i];
			const struct measure *fin = &end[i];
			struct forecast_pupil p;
			double f[FEATURE_COUNT];
			bool is_pa, is_sa, now_pa, now_sa;

			if ((int64_t)id > max_id || !upn[id][0] ||
			    forecast_held_out(upn[id]) != (half == 1) ||
			    !(last->flags[i] & ENGINE_COMPULSORY) ||
			    so_far[i].possible < FORECAST_MIN_POSSIBLE)
				continue;
			row_pupil(last, i, so_far, recent, &p);
			is_pa = absence_is_pa(measure_absent(fin), fin->possible);
			is_sa = absence_is_sa(measure_absent(fin), fin->possible);
			if (half == 0) {
				forecast_features(&p, x + n * FEATURE_COUNT);
				pa[n] = is_pa;
				sa[n] = is_sa;
				n++;
				continue;
			}
			now_pa = absence_is_pa(measure_absent(&p.so_far), p.so_far.possible);
			now_sa = absence_is_sa(measure_absent(&p.so_far), p.so_far.possible);
			forecast_features(&p, f);
			v->held_out++;
			v->pa_end += is_pa;
			v->sa_end += is_sa;
			forecast_score_add(&v->naive_pa, now_pa, is_pa);
			forecast_score_add(&v->naive_sa, now_sa, is_sa);
			forecast_score_add(&v->model_pa, forecast_probability(&m->pa, f) >=
					   FORECAST_THRESHOLD, is_pa);
			forecast_score_add(&v->model_sa, forecast_probability(&m->sa, f) >=
					   FORECAST_THRESHOLD, is_sa);
		}
		if (half == 0) {
			v->fitted = n;
			if (forecast_fit(x, pa, n, &m->pa) || forecast_fit(x, sa, n, &m->sa)) {
				char cut[11];
				date_format(m->cut, cut);
				rc = error_set(e, ERROR_INPUT, "too little data to fit a "
					       "forecast: %zu pupils of compulsory "
					       "school age with %d possible sessions "
					       "by %s, and both outcomes are needed",
					       n, FORECAST_MIN_POSSIBLE, cut);
			}
		}
	}
out:
	free(so_far);
	free(recent);
	free(end);
	free(x);
	free(pa);
	free(sa);
	return rc;
}

int forecast_apply_engine(const struct engine *cur, day_t as_of,
			  const struct forecast_models *m, float *p_pa,
			  float *p_sa, struct error *e)
{
	size_t rows = cur->nr_rows;
	struct measure *so_far = xcalloc(rows + 1, sizeof(*so_far));
	struct measure *recent = xcalloc(rows + 1, sizeof(*recent));
	int rc = measures_to(cur, as_of, so_far, recent, e);

	for (size_t i = 0; !rc && i < rows; i++) {
		struct forecast_pupil p;
		double f[FEATURE_COUNT];

		p_pa[i] = p_sa[i] = -1;
		if (so_far[i].possible < FORECAST_MIN_POSSIBLE)
			continue;
		row_pupil(cur, i, so_far, recent, &p);
		forecast_features(&p, f);
		p_pa[i] = (float)forecast_probability(&m->pa, f);
		p_sa[i] = (float)forecast_probability(&m->sa, f);
	}
	free(so_far);
	free(recent);
	return rc;
}

int forecast_upns(struct store *st, char (**upn)[14], int64_t *max_id,
		  struct error *e)
{
	sqlite3_stmt *q;
	int64_t max = 0;

	*upn = NULL;
	if (sqlite3_prepare_v2(store_db(st), "SELECT coalesce(max(id), 0) FROM "
			       "enrolment", -1, &q, NULL))
		return store_sqlite_error(st, e, "reading enrolments");
	if (sqlite3_step(q) == SQLITE_ROW)
		max = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	*upn = xcalloc((size_t)max + 1, sizeof(**upn));
	*max_id = max;
	if (sqlite3_prepare_v2(store_db(st), "SELECT e.id, p.upn FROM enrolment e "
			       "JOIN pupil p ON p.id = e.pupil_id", -1, &q, NULL)) {
		free(*upn);
		*upn = NULL;
		return store_sqlite_error(st, e, "reading enrolments");
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		const char *u = (const char *)sqlite3_column_text(q, 1);

		if (id >= 0 && id <= max && u)
			snprintf((*upn)[id], sizeof((*upn)[id]), "%s", u);
	}
	sqlite3_finalize(q);
	return 0;
}

int forecast_train(struct store *st, day_t as_of, struct forecast_models *m,
		   struct forecast_validation *v, struct error *e)
{
	struct engine *last;
	char (*upn)[14];
	int64_t max_id;
	int rc;

	if (forecast_upns(st, &upn, &max_id, e))
		return -1;
	if (engine_load(&last, st, academic_year_of(as_of) - 1, e)) {
		free(upn);
		return -1;
	}
	rc = forecast_train_engine(last, (const char (*)[14])upn, max_id, as_of,
				   m, v, e);
	engine_free(last);
	free(upn);
	return rc;
}

int forecast_apply(struct store *st, day_t as_of, int32_t urn,
		   const struct forecast_models *m, struct forecast_row **rows,
		   size_t *nr, struct error *e)
{
	struct roll_report roll;
	struct engine *cur;
	struct period p = { academic_year_start(academic_year_of(as_of)), as_of };
	float *p_pa, *p_sa;
	uint32_t *index, *row;
	int64_t max_id;
	int rc;

	*rows = NULL;
	*nr = 0;
	if (report_enrolments(st, &p, urn, &roll, e))
		return -1;
	if (engine_load(&cur, st, academic_year_of(as_of), e)) {
		roll_report_release(&roll);
		return -1;
	}
	p_pa = xmalloc((cur->nr_rows + 1) * sizeof(*p_pa));
	p_sa = xmalloc((cur->nr_rows + 1) * sizeof(*p_sa));
	rc = forecast_apply_engine(cur, as_of, m, p_pa, p_sa, e);
	*rows = xcalloc(roll.nr_rows + 1, sizeof(**rows));
	for (size_t i = 0; !rc && i < roll.nr_rows; i++) {
		const struct enrolment_row *r = &roll.rows[i];
		struct forecast_row *out = &(*rows)[(*nr)++];

		out->enrolment_id = r->enrolment_id;
		memcpy(out->upn, r->upn, sizeof(out->upn));
		out->urn = r->urn;
		out->so_far = r->m;
		out->p_pa = out->p_sa = -1;
	}
	/* Each engine row's forecast onto its roll row. */
	index = roll_report_index(&roll, &max_id);
	row = engine_map_rows(cur, index, max_id);
	for (size_t i = 0; !rc && i < cur->nr_rows; i++)
		if (row[i] != UINT32_MAX) {
			(*rows)[row[i]].p_pa = p_pa[i];
			(*rows)[row[i]].p_sa = p_sa[i];
		}
	free(row);
	free(index);
	free(p_pa);
	free(p_sa);
	engine_free(cur);
	roll_report_release(&roll);
	return rc;
}
