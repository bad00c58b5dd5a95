#ifndef CORE_PUBLISHED_H
#define CORE_PUBLISHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/roll.h"

/*
 * The rules that make a comparison with the DfE's published absence
 * tables like for like (report/compare.h uses them): which period a
 * table's time_identifier covers, which of our schools its totals cover,
 * and how authorities are ranked.  No SQL, no I/O.
 */

/*
 * The span of an academic year a published row covers, from its
 * time_identifier.  Fullest first: a year's default comparator is the
 * fullest span our registers cover.  Days follow the census convention
 * of core/calendar.h: autumn 1 August to 31 December, spring 1 January
 * to Easter Sunday, summer Easter Monday to 31 July.
 */
enum published_span {
	SPAN_YEAR,		/* "Academic year", "Full academic year" */
	SPAN_AUTUMN_SPRING,	/* "Autumn and spring term" */
	SPAN_AUTUMN,		/* "Autumn term" */
	SPAN_SPRING,		/* "Spring term" */
	SPAN_SUMMER,		/* "Summer term" */
	SPAN_COUNT
};

/* A time_identifier as published (any case), or -1 if not one of these. */
int published_span_parse(const char *s, size_t len);
/* The key stored and typed: "year", "autumn_spring", "autumn", ... */
const char *published_span_key(enum published_span s);
/* "-1" if not a key. */
int published_span_from_key(const char *key);
/* For people: "full year", "autumn and spring terms", "autumn term" ... */
const char *published_span_label(enum published_span s);
/* The first and last day of span s of academic year `year`. */
void published_span_days(int year, enum published_span s, day_t *from,
			 day_t *to);

/*
 * Do registers whose latest mark is `latest`, looked at on `today`, hold
 * the whole of span s of academic year `year`?  Yes when the latest mark
 * is after the span, or when the span is over (today after its last day)
 * and the latest mark falls in its last SPAN_END_SLACK days (the holiday
 * before a span ends has no marks).  An earlier year is complete when it
 * has marks at all: the caller checks that.
 */
#define SPAN_END_SLACK 21
bool published_span_complete(int year, enum published_span s, day_t latest,
			     day_t today);

/*
 * Which published total a school counts in.  The DfE's local-authority
 * totals cover state-funded primary, secondary and special schools;
 * alternative provision and pupil referral units are published apart,
 * and independent schools not at all.  type is school.type ("" unknown:
 * counted by its phase).
 */
enum school_scope { SCOPE_TOTAL, SCOPE_AP, SCOPE_NONE, SCOPE_COUNT };
enum school_scope school_scope_of(enum phase p, const char *type);

/*
 * A published school_type (or education_phase) as stored: "total",
 * "primary", "secondary", "special", "ap", or NULL for any other (kept
 * as published, never compared with).
 */
const char *published_school_type(const char *s, size_t len);

/*
 * A percentage as published ("7.1", "21.23", "6.925") in hundredths,
 * rounded half up: -1 if it is not a number from 0 to 100 with at most
 * 6 decimals.
 */
int64_t published_hundredths(const char *s, size_t len);

/*
 * Competition ranking, as league tables and the DfE's LA tables rank
 * ("1224"): our rank is 1 + the number of others strictly lower, so
 * equal values share a rank, 1 = lowest absence.  others[0..n) are the
 * other authorities' known values (hundredths).  *of counts them and us.
 * Without a figure of ours there is no rank: *rank 0 and *of the others
 * alone.
 */
void published_rank(const int64_t *others, size_t n, bool ours_known,
		    int64_t ours, int *rank, int *of);

#endif
