#ifndef CORE_FORECAST_H
#define CORE_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/measure.h"
#include "core/roll.h"

/*
 * Early warning: the probability that a pupil ends the academic year
 * persistently (or severely) absent, from their marks so far and their
 * cohort.  A logistic regression over a handful of features, fitted by
 * Newton's method (iteratively reweighted least squares) with a small
 * ridge penalty.  Pure arithmetic: the caller gathers the pupils.
 *
 * The features of one pupil at a date within the year:
 *   rate so far, its square, the unauthorised share of sessions so far,
 *   the rate over the last four weeks, and flags for FSM, SEN support,
 *   EHCP, a social worker (CIN, CP or CLA) and secondary year groups.
 */
enum {
	FEATURE_BIAS, FEATURE_RATE, FEATURE_RATE2, FEATURE_UNAUTH,
	FEATURE_RECENT, FEATURE_FSM, FEATURE_SEN_SUPPORT, FEATURE_EHCP,
	FEATURE_SOCIAL_WORKER, FEATURE_SECONDARY, FEATURE_COUNT
};

struct forecast_pupil {
	struct measure so_far;	/* from the start of the year to the date */
	struct measure recent;	/* the four weeks up to the date */
	enum flag fsm;
	enum sen sen;
	enum social_care care;
	int year_group;		/* YEAR_GROUP_UNKNOWN if not known */
};

/* A pupil needs this many possible sessions so far to be forecast. */
#define FORECAST_MIN_POSSIBLE 20

void forecast_features(const struct forecast_pupil *p,
		       double x[FEATURE_COUNT]);

struct forecast_model {
	double w[FEATURE_COUNT];
	int iterations;		/* Newton steps taken */
	bool converged;
};

/*
 * Fits w to rows x[i*FEATURE_COUNT ...] with labels y[i] (0 or 1).
 * Returns -1 if the data cannot be fitted (no rows, or only one label).
 */
int forecast_fit(const double *x, const uint8_t *y, size_t n,
		 struct forecast_model *m);
double forecast_probability(const struct forecast_model *m,
			    const double x[FEATURE_COUNT]);

/* Flagged at or above this probability. */
#define FORECAST_THRESHOLD 0.5

/* Counts of a rule's flags against what happened. */
struct forecast_score {
	uint64_t true_pos, false_pos, false_neg, true_neg;
};

void forecast_score_add(struct forecast_score *s, bool flagged, bool outcome);
/* In thousandths (precision 812 = 81.2%); 0 when undefined. */
unsigned forecast_precision(const struct forecast_score *s);
unsigned forecast_recall(const struct forecast_score *s);

/* Which half a pupil falls in, for honest validation: by their UPN. */
bool forecast_held_out(const char *upn);

#endif
