#ifndef REPORT_FIGURES_H
#define REPORT_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/measure.h"
#include "core/roll.h"
#include "report/compare.h"
#include "report/forecast.h"
#include "report/report.h"

/*
 * The figures the web pages and the TSM pack draw from: the measures of
 * every enrolment over the current academic year and what they roll up
 * to, read once from the store and the analytics engines of this year
 * and the year before.  Immutable once built, so any number of readers
 * may share one; nothing here knows of threads or HTTP (web/snapshot.c
 * publishes them).
 */
#define FIGURES_WEEKS 53
#define FIGURES_CODES 64		/* >= code_count */

struct pupil_info {
	int64_t pupil_id;
	char surname[64], forename[64];
	char year_group[4];
	enum flag fsm, early_help;
	enum sen sen;
	enum social_care care;
	char postcode[12];
	bool csa;		/* compulsory school age this year */
	/*
	 * Suspensions and exclusions from this school that began this
	 * year: EXCLUDED_PERMANENT if one was permanent, else
	 * EXCLUDED_SUSPENDED for any suspension (lunchtime ones too).
	 */
	enum { EXCLUDED_NONE, EXCLUDED_SUSPENDED, EXCLUDED_PERMANENT } excluded;
};

struct week_sum {
	uint32_t possible, absent;
};

/* What a school records of its pupils, in rows (cohort breakdowns). */
#define FIGURES_COHORTS 5
#define FIGURES_COHORT_ROWS 4
struct figures_cohort {
	const char *name;
	const char *const *values;	/* row labels */
	int nr;
	int (*of)(const struct pupil_info *p);	/* row index, -1: not recorded */
};
extern const struct figures_cohort figures_cohorts[FIGURES_COHORTS];

/* Year groups as recorded, in order; "" (not recorded) last. */
#define FIGURES_YEAR_GROUPS 18
extern const char *const figures_year_groups[FIGURES_YEAR_GROUPS];

/* A home area of the imported areas, and its pupils' headline tally. */
struct area_row {
	char district[8];	/* the postcode district, "KM3" */
	char name[64];
	int decile;		/* deprivation: 1 is the most deprived */
	struct tally t;
};

struct engine_pattern;		/* engine/engine.h: by weekday */

struct figures {
	int64_t version;		/* the store's, when built */
	int64_t max_enrolment;		/* the roll's: see roll_unchanged() */
	uint64_t schools_hash;
	struct roll_report roll;	/* rows by URN then UPN */
	struct pupil_info *info;	/* parallel to roll.rows */
	struct measure *before;		/* parallel: up to a week before the latest mark */
	struct tally *school;		/* headline tally per school */
	struct tally authority;
	struct tally last_year;		/* the year before, headline, for comparisons */
	int year;			/* the academic year shown */
	day_t first_monday;		/* week 0 */
	int nr_weeks;
	struct week_sum *weeks;		/* [school][week], all ages */
	uint32_t (*codes)[FIGURES_CODES];	/* [school][mark]: sessions with each code */
	uint64_t authority_codes[FIGURES_CODES];	/* the sums over schools */
	uint64_t authority_coded;	/* every coded session */
	struct tally *cohorts;		/* [cohort][school][row], all ages */
	struct tally *year_groups;	/* [school][year group], all ages */
	struct area_row *areas;		/* highest absence first */
	size_t nr_areas;
	struct comparison compare;	/* last year against the DfE table */
	bool has_compare;
	size_t *school_first;		/* rows of school i: [first[i], first[i+1]) */
	uint32_t *by_upn;		/* the rows by UPN, then URN */
	struct missing_register *missing;	/* registers not taken */
	size_t nr_missing;
	long with_calendar;		/* schools with an imported calendar */
	/*
	 * The day: each school's latest register day (a day some pupil of
	 * it has a mark on; DAY_NONE if none this year), and each row's
	 * marks (AM, PM) on its school's latest register day.
	 */
	day_t *school_day;		/* by school */
	mark_t (*day_marks)[2];		/* parallel to roll.rows */
	/* parallel to roll.rows: when it first met the penalty threshold, or DAY_NONE */
	day_t *penalty_met;
	/* early warning: parallel to roll.rows, < 0 where not forecast */
	float *p_pa, *p_sa;
	bool has_forecast;
	struct engine_pattern *patterns;	/* parallel to roll.rows, all year */
	struct forecast_models forecast;
	struct forecast_validation forecast_check;
};

/*
 * The engine of academic year `year` as the store stands at `version`,
 * kept by the caller: slot 0 is the year shown, slot 1 the year before.
 * NULL, with e set, if it cannot be had.
 */
struct engine;
typedef const struct engine *figures_engine_fn(void *ctx, struct store *st,
					       int slot, int year,
					       int64_t version, struct error *e);

/*
 * The figures of the store as it stands, inside one read transaction
 * (its own unless the caller has one open), from the engines engine()
 * gives; nothing refers to them afterwards.  prev (may be NULL): figures
 * built before from the same store, whose roll is copied when no pupil
 * or enrolment changed since.
 */
int figures_build(struct figures **out, struct store *st,
		  figures_engine_fn *engine, void *ctx,
		  const struct figures *prev, struct error *e);
/* The same from engines opened for the purpose (engine_open()). */
int figures_open(struct figures **out, struct store *st, struct error *e);
void figures_free(struct figures *f);

/* Index of the school with this URN, or -1. */
long figures_school(const struct figures *f, int32_t urn);
/* The row of the pupil upn at the school urn, or -1. */
long figures_row(const struct figures *f, int32_t urn, const char *upn);
/*
 * The rows of pupil upn at every school: *nr of them, by_upn[*first ..
 * *first + *nr) (0 if none).
 */
void figures_pupil_rows(const struct figures *f, const char *upn,
			size_t *first, size_t *nr);

/* School i's pupils (all ages) by the rows of cohort c. */
static inline const struct tally *figures_cohort_tallies(const struct figures *f,
							 long school, size_t c)
{
	return f->cohorts + (c * f->roll.nr_schools + (size_t)school) *
		FIGURES_COHORT_ROWS;
}

/* School i's pupils (all ages) by figures_year_groups[]. */
static inline const struct tally *figures_year_group_tallies(const struct figures *f,
							     long school)
{
	return f->year_groups + (size_t)school * FIGURES_YEAR_GROUPS;
}

#endif
