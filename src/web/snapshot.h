#ifndef WEB_SNAPSHOT_H
#define WEB_SNAPSHOT_H

#include <pthread.h>

#include "core/measure.h"
#include "report/compare.h"
#include "report/forecast.h"
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

/* A piece of a page rendered from this snapshot (see web_fragment). */
struct fragment {
	char *key;
	char *text;
	size_t len;
};

#define SNAPSHOT_FRAGMENTS 512	/* slots; at most half are filled */

struct snapshot {
	int refs;
	int64_t version;
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
	uint32_t (*codes)[CODE_SLOTS];	/* [school][mark]: sessions with each code */
	uint64_t authority_codes[CODE_SLOTS];	/* the sums over schools */
	uint64_t authority_coded;	/* every coded session */
	struct comparison compare;	/* last year against the DfE table */
	bool has_compare;
	size_t *school_first;		/* rows of school i: [first[i], first[i+1]) */
	struct missing_register *missing;	/* registers not taken */
	size_t nr_missing;
	long with_calendar;		/* schools with an imported calendar */
	/* early warning: parallel to roll.rows, < 0 where not forecast */
	float *p_pa, *p_sa;
	bool has_forecast;
	struct forecast_models forecast;
	struct forecast_validation forecast_check;
	pthread_mutex_t fragment_lock;
	struct fragment fragment[SNAPSHOT_FRAGMENTS];	/* open addressing */
	size_t nr_fragments;
};

struct snapshot *snapshot_build(struct store *st, struct error *e);
void snapshot_free(struct snapshot *s);
/*
 * Rendered pieces of pages that depend only on the snapshot and the key
 * (never on who asks): found returns a copy appended to out and true;
 * put keeps text under key unless the table is full or has it already.
 */
bool snapshot_fragment_get(struct snapshot *s, const char *key,
			   struct strbuf *out);
void snapshot_fragment_put(struct snapshot *s, const char *key,
			   const char *text, size_t len);
/*
 * Appends the fragment `key` to r's page: the copy cached in s, or what
 * render writes (which is then cached).  render must depend on nothing
 * but s, arg and the key: never on the viewer.
 */
typedef void fragment_fn(struct request *r, const struct snapshot *s, long arg);
void web_fragment(struct request *r, struct snapshot *s, const char *key,
		  fragment_fn *render, long arg);
/* Index of the school with this URN, or -1. */
long snapshot_school(const struct snapshot *s, int32_t urn);

#endif
