#ifndef WEB_SNAPSHOT_H
#define WEB_SNAPSHOT_H

#include "core/measure.h"
#include "report/compare.h"
#include "report/report.h"
#include "web/web.h"

/*
 * What the pages draw from: the measures of every enrolment over the
 * current academic year, rolled up, computed once and shared by every
 * request until an import lands (the store's import count changes).
 * Immutable once built; requests hold a reference.
 */
#define SNAPSHOT_WEEKS 53
#define CODE_SLOTS 64			/* >= code_count */

struct pupil_info {
	int64_t pupil_id;
	char surname[64], forename[64];
	char year_group[4];
	enum flag fsm, early_help;
	enum sen sen;
	enum social_care care;
	char postcode[12];
	bool csa;		/* compulsory school age this year */
};

struct week_sum {
	uint32_t possible, absent;
};

struct snapshot {
	int refs;
	int64_t version;
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
	uint32_t (*codes)[CODE_SLOTS];	/* [school][mark]: sessions with each code */
	uint64_t authority_codes[CODE_SLOTS];	/* the sums over schools */
	uint64_t authority_coded;	/* every coded session */
	struct comparison compare;	/* last year against the DfE table */
	bool has_compare;
	size_t *school_first;
	struct missing_register *missing;	/* registers not taken */
	size_t nr_missing;
	long with_calendar;		/* schools with an imported calendar */		/* rows of school i: [first[i], first[i+1]) */
};

struct snapshot *snapshot_build(struct store *st, struct error *e);
void snapshot_free(struct snapshot *s);
/* Index of the school with this URN, or -1. */
long snapshot_school(const struct snapshot *s, int32_t urn);

#endif
