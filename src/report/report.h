#ifndef REPORT_REPORT_H
#define REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/measure.h"
#include "core/roll.h"
#include "store/store.h"

/*
 * The reports behind `attend pupils`, `attend schools`, `attend penalty`,
 * `attend registers` and `attend register`, and the roll the web's
 * figures start from.  The marks are counted by the analytics engine
 * (engine/engine.h), a year at a time; only what must read the marks
 * themselves reads them from the store (store_marks_each()): the penalty
 * threshold, whose window may span two years, and one pupil's register.
 * Output formatting is the caller's business.
 */
struct period {
	day_t from, to;		/* inclusive */
};

/* The day of the latest mark in the store: 0, or -1 if there is none. */
int report_latest_mark(struct store *st, day_t *day);
/*
 * The academic year of the latest mark in the store, or of today when
 * there are no marks.
 */
int report_default_period(struct store *st, struct period *p, struct error *e);
/* from..to must lie within the academic years attend holds, from <= to. */
int report_check_period(const struct period *p, struct error *e);

struct school_row {
	int64_t id;
	int32_t urn;
	char name[128];
	enum phase phase;
};

struct enrolment_row {
	int64_t enrolment_id;
	char upn[14];
	int32_t urn;
	uint32_t school;	/* index into roll_report.schools */
	day_t dob;
	struct measure m;
	/* on the roll from start to end (DAY_NONE: not known; end: still on it) */
	day_t start, end;
};

struct roll_report {
	struct period period;
	struct school_row *schools;	/* by URN */
	size_t nr_schools;
	struct enrolment_row *rows;	/* by URN, then UPN */
	size_t nr_rows;
};

/*
 * Measures for every enrolment over the period (urn 0: every school),
 * including enrolments with no marks in it.
 */
int report_enrolments(struct store *st, const struct period *p, int32_t urn,
		      struct roll_report *out, struct error *e);
/*
 * The same, with the measures from en, the analytics engine of the
 * period's academic year (the period must lie within that year).
 * report_enrolments() does this itself for a period within one year,
 * through engine_open(); the web server passes the engine it keeps.
 */
struct engine;
int report_enrolments_engine(struct store *st, const struct engine *en,
			     const struct period *p, int32_t urn,
			     struct roll_report *out, struct error *e);
/*
 * Sets every row's measures over r->period afresh from en, the engine of
 * that academic year: the roll of an earlier report, its marks since
 * changed.
 */
int roll_report_measure(struct roll_report *r, const struct engine *en,
			struct error *e);
/* dst becomes a copy of src (its own arrays). */
void roll_report_copy(struct roll_report *dst, const struct roll_report *src);
void roll_report_release(struct roll_report *r);
/* enrolment id -> row index, or UINT32_MAX (malloc'd); *max_id: largest id. */
uint32_t *roll_report_index(const struct roll_report *r, int64_t *max_id);

/* Each school's headline figures over a period. */
struct school_report {
	struct period period;
	struct school_row *schools;	/* by URN */
	struct tally *tally;		/* tally[i] for schools[i] */
	size_t nr_schools;
};

/*
 * The tally of every school (urn 0) or of one, over the period: pupils
 * of compulsory school age in the academic year the period starts in,
 * unless all_ages.  Within one academic year, from its engine; across
 * years, from each enrolment's measures summed over them.
 */
int report_schools(struct store *st, const struct period *p, int32_t urn,
		   bool all_ages, struct school_report *out, struct error *e);
void school_report_release(struct school_report *r);

struct penalty_row {
	char upn[14];
	int32_t urn;
	day_t first_met;
};

/*
 * Enrolments whose unauthorised absence first met the penalty-notice
 * threshold on or before as_of, by URN then UPN.  *rows is malloc'd.
 */
int report_penalty(struct store *st, day_t as_of, struct penalty_row **rows,
		   size_t *nr, struct error *e);
/*
 * The same for one pupil, at any of their schools: the earliest day
 * their unauthorised absence met the threshold, on or before as_of, or
 * DAY_NONE.  Reads that pupil's marks and those of their schools (for
 * the schools' weeks), not the whole authority's.
 */
int report_penalty_pupil(struct store *st, const char *upn, day_t as_of,
			 day_t *first_met, struct error *e);


/* A school's registers not taken: open sessions with no mark for anyone. */
struct missing_register {
	int32_t urn;
	char name[128];
	int open;		/* sessions its calendar opened, up to the day */
	int missing;		/* of which no pupil has a mark */
	day_t first, last;	/* the first and last of them */
};

/*
 * Schools with registers not taken in academic year `year` up to `upto`,
 * by their imported calendars (schools without one are not judged;
 * *with_calendar counts those that have one).  *rows is malloc'd.
 */
int report_missing_registers(struct store *st, int year, day_t upto,
			     struct missing_register **rows, size_t *nr,
			     long *with_calendar, struct error *e);

/* The same, from en, the engine of academic year `year`. */
int report_missing_registers_engine(struct store *st, const struct engine *en,
				    day_t upto, struct missing_register **rows,
				    size_t *nr, long *with_calendar,
				    struct error *e);

/* Has the store a marks blob of academic year `year`? */
bool report_year_has_marks(struct store *st, int year);
/*
 * The analytics engine of academic year `year` (engine_open(): its cache,
 * brought up to date), or *out NULL when the store has no marks of that
 * year: nothing to count, and no engine to load and cache for it.
 */
int report_engine(struct engine **out, struct store *st, int year,
		  struct error *e);

/* Is there a school with this URN? */
bool report_school_known(struct store *st, int32_t urn);
/* Every school, by URN: one allocation the caller frees. */
int report_school_list(struct store *st, struct school_row **out, size_t *nr,
		       struct error *e);

/* One session of a pupil's register, for exports. */
struct register_mark {
	int32_t urn;
	day_t day;
	enum session session;
	mark_t mark;
};

/*
 * Every recorded mark of pupil `upn` in academic year `year` (at every
 * school, or only `urn`), in date order.  *marks is malloc'd.  An unknown
 * UPN is an ERROR_INPUT.
 */
int report_register(struct store *st, const char *upn, int year, int32_t urn,
		    struct register_mark **marks, size_t *nr, struct error *e);

#endif
