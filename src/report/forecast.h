#ifndef REPORT_FORECAST_H
#define REPORT_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/forecast.h"
#include "engine/engine.h"
#include "report/report.h"

/*
 * Early warning from the store: models fitted on the academic year
 * before, at the same point of the year as the date asked about, then
 * applied to this year's pupils.
 *
 * Fitting uses pupils of compulsory school age with at least
 * FORECAST_MIN_POSSIBLE possible sessions by the cut date, split in two
 * by their UPN (forecast_held_out): the models are fitted on one half
 * and scored on the other, against the naive rule "PA (or SA) already".
 */
struct forecast_models {
	struct forecast_model pa, sa;
	int year;		/* the year fitted on */
	day_t cut;		/* the date in that year the features stop at */
};

struct forecast_validation {
	size_t fitted, held_out;	/* pupils in each half */
	uint64_t pa_end, sa_end;	/* held-out pupils PA / SA at the year's end */
	struct forecast_score model_pa, naive_pa, model_sa, naive_sa;
};

/*
 * Fits the models for forecasts on `as_of`; v (may be NULL) gets the
 * scores on the held-out half.  ERROR_INPUT when the year before has too
 * little data to fit.
 */
int forecast_train(struct store *st, day_t as_of, struct forecast_models *m,
		   struct forecast_validation *v, struct error *e);

/*
 * The same on engines already loaded (report/figures.c has them):
 * `last` is the year before as_of's, `upn` gives each enrolment id's UPN
 * (for the split; max_id entries).  forecast_apply_engine writes each
 * row's probabilities into p_pa[row], p_sa[row] (< 0: too few sessions).
 */
int forecast_train_engine(const struct engine *last, const char (*upn)[14],
			  int64_t max_id, day_t as_of, struct forecast_models *m,
			  struct forecast_validation *v, struct error *e);
int forecast_apply_engine(const struct engine *cur, day_t as_of,
			  const struct forecast_models *m, float *p_pa,
			  float *p_sa, struct error *e);
/* Every enrolment id's UPN (*upn malloc'd, *max_id + 1 entries). */
int forecast_upns(struct store *st, char (**upn)[14], int64_t *max_id,
		  struct error *e);

struct forecast_row {
	int64_t enrolment_id;
	char upn[14];
	int32_t urn;
	struct measure so_far;
	double p_pa, p_sa;	/* < 0: too few sessions to forecast */
};

/*
 * Forecasts for every enrolment (urn 0: every school) from the start of
 * as_of's academic year to as_of, by URN then UPN.  *rows is malloc'd.
 */
int forecast_apply(struct store *st, day_t as_of, int32_t urn,
		   const struct forecast_models *m, struct forecast_row **rows,
		   size_t *nr, struct error *e);

#endif
