#include "report/forecast.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* The cohort flags of every enrolment, by enrolment id. */
struct cohort {
	enum flag fsm;
	enum sen sen;
	enum social_care care;
	int year_group;
};

static struct cohort *load_cohorts(struct store *st, int64_t max_id,
				   struct error *e)
{
	struct cohort *c = xcalloc((size_t)max_id + 1, sizeof(*c));
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(store_db(st), "SELECT e.id, p.fsm, p.sen, "
			       "p.social_care, e.year_group FROM enrolment e "
			       "JOIN pupil p ON p.id = e.pupil_id", -1, &q, NULL)) {
		store_sqlite_error(st, e, "reading cohorts");
		free(c);
		return NULL;
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		const char *t;

		if (id < 0 || id > max_id)
			continue;
		t = (const char *)sqlite3_column_text(q, 1);
		flag_parse(t, strlen(t), &c[id].fsm);
		t = (const char *)sqlite3_column_text(q, 2);
		sen_parse(t, strlen(t), &c[id].sen);
		t = (const char *)sqlite3_column_text(q, 3);
		social_care_parse(t, strlen(t), &c[id].care);
		t = (const char *)sqlite3_column_text(q, 4);
		c[id].year_group = YEAR_GROUP_UNKNOWN;
		if (*t)
			year_group_parse(t, strlen(t), &c[id].year_group);
	}
	sqlite3_finalize(q);
	return c;
}

/*
 * The measures of every enrolment from the start of the year to `cut`
 * and over the four weeks up to it, with cohorts: what features need.
 */
struct features_input {
	struct roll_report so_far, recent;
	struct cohort *cohort;
	int64_t max_id;
};

static void input_release(struct features_input *in)
{
	roll_report_release(&in->so_far);
	roll_report_release(&in->recent);
	free(in->cohort);
}

static int input_load(struct store *st, day_t cut, int32_t urn,
		      struct features_input *in, struct error *e)
{
	int year = academic_year_of(cut);
	struct period p = { academic_year_start(year), cut };
	struct period r = { cut - 27 < p.from ? p.from : cut - 27, cut };

	memset(in, 0, sizeof(*in));
	if (report_enrolments(st, &p, urn, &in->so_far, e) ||
	    report_enrolments(st, &r, urn, &in->recent, e)) {
		input_release(in);
		return -1;
	}
	free(roll_report_index(&in->so_far, &in->max_id));
	in->cohort = load_cohorts(st, in->max_id, e);
	if (!in->cohort) {
		input_release(in);
		return -1;
	}
	return 0;
}

/* Row i's pupil; false if they have too little to forecast from. */
static bool input_pupil(const struct features_input *in, size_t i,
			struct forecast_pupil *p)
{
	const struct enrolment_row *row = &in->so_far.rows[i];
	const struct cohort *c = &in->cohort[row->enrolment_id];

	if (row->m.possible < FORECAST_MIN_POSSIBLE)
		return false;
	memset(p, 0, sizeof(*p));
	p->so_far = row->m;
	/* Both reports list the same enrolments in the same order. */
	if (i < in->recent.nr_rows &&
	    in->recent.rows[i].enrolment_id == row->enrolment_id)
		p->recent = in->recent.rows[i].m;
	p->fsm = c->fsm;
	p->sen = c->sen;
	p->care = c->care;
	p->year_group = c->year_group;
	return true;
}

int forecast_train(struct store *st, day_t as_of, struct forecast_models *m,
		   struct forecast_validation *v, struct error *e)
{
	int year = academic_year_of(as_of) - 1;
	struct period whole = { academic_year_start(year), academic_year_end(year) };
	struct features_input in;
	struct roll_report end;
	struct forecast_validation ignored;
	double *x;
	uint8_t *pa, *sa;
	size_t n = 0, cap;
	int rc = 0;

	if (!v)
		v = &ignored;
	memset(v, 0, sizeof(*v));
	memset(m, 0, sizeof(*m));
	m->year = year;
	m->cut = academic_year_start(year) + (as_of - academic_year_start(year + 1));
	if (m->cut > whole.to)
		m->cut = whole.to;
	if (input_load(st, m->cut, 0, &in, e))
		return -1;
	if (report_enrolments(st, &whole, 0, &end, e)) {
		input_release(&in);
		return -1;
	}
	cap = in.so_far.nr_rows + 1;
	x = xmalloc(cap * FEATURE_COUNT * sizeof(*x));
	pa = xmalloc(cap);
	sa = xmalloc(cap);
	/* The fitting half first, packed at the front. */
	for (int half = 0; half < 2; half++) {
		for (size_t i = 0; i < in.so_far.nr_rows; i++) {
			const struct enrolment_row *row = &in.so_far.rows[i];
			const struct measure *fin = &end.rows[i].m;
			struct forecast_pupil p;

			if (i >= end.nr_rows ||
			    end.rows[i].enrolment_id != row->enrolment_id ||
			    forecast_held_out(row->upn) != (half == 1) ||
			    row->dob == DAY_NONE ||
			    !compulsory_school_age(row->dob, year) ||
			    !input_pupil(&in, i, &p))
				continue;
			if (half == 0) {
				forecast_features(&p, x + n * FEATURE_COUNT);
				pa[n] = absence_is_pa(measure_absent(fin), fin->possible);
				sa[n] = absence_is_sa(measure_absent(fin), fin->possible);
				n++;
				continue;
			}
			double f[FEATURE_COUNT];
			bool is_pa = absence_is_pa(measure_absent(fin), fin->possible);
			bool is_sa = absence_is_sa(measure_absent(fin), fin->possible);
			bool now_pa = absence_is_pa(measure_absent(&p.so_far),
						    p.so_far.possible);
			bool now_sa = absence_is_sa(measure_absent(&p.so_far),
						    p.so_far.possible);

			forecast_features(&p, f);
			v->held_out++;
			v->pa_end += is_pa;
			v->sa_end += is_sa;
			forecast_score_add(&v->naive_pa, now_pa, is_pa);
			forecast_score_add(&v->naive_sa, now_sa, is_sa);
			/* fitted on the other half, at the end of the first pass */
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
				break;
			}
		}
	}
	free(x);
	free(pa);
	free(sa);
	roll_report_release(&end);
	input_release(&in);
	return rc;
}

int forecast_apply(struct store *st, day_t as_of, int32_t urn,
		   const struct forecast_models *m, struct forecast_row **rows,
		   size_t *nr, struct error *e)
{
	struct features_input in;

	*rows = NULL;
	*nr = 0;
	if (input_load(st, as_of, urn, &in, e))
		return -1;
	*rows = xcalloc(in.so_far.nr_rows + 1, sizeof(**rows));
	for (size_t i = 0; i < in.so_far.nr_rows; i++) {
		const struct enrolment_row *row = &in.so_far.rows[i];
		struct forecast_row *out = &(*rows)[(*nr)++];
		struct forecast_pupil p;
		double f[FEATURE_COUNT];

		out->enrolment_id = row->enrolment_id;
		memcpy(out->upn, row->upn, sizeof(out->upn));
		out->urn = row->urn;
		out->so_far = row->m;
		out->p_pa = out->p_sa = -1;
		if (!input_pupil(&in, i, &p))
			continue;
		forecast_features(&p, f);
		out->p_pa = forecast_probability(&m->pa, f);
		out->p_sa = forecast_probability(&m->sa, f);
	}
	input_release(&in);
	return 0;
}
