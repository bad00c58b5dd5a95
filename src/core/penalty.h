#ifndef CORE_PENALTY_H
#define CORE_PENALTY_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

/*
 * The national penalty-notice threshold (from August 2024): 10 sessions of
 * unauthorised absence (G, N, O, U) within a rolling period of 10 school
 * weeks.  A school week is a Monday-Sunday week in which the pupil's school
 * had at least one session, so weeks of holiday do not count and a window
 * may span terms and academic years.
 */
#define PENALTY_SESSIONS 10
#define PENALTY_WEEKS 10

/*
 * week[0..n) are the school-week ordinals (see school_weeks) of a pupil's
 * unauthorised sessions in chronological order.  Returns the index of the
 * session that first brings the count inside one 10-week window to 10, or
 * -1 if the threshold is never met.
 */
long penalty_first_met(const int32_t *week, size_t n);

/*
 * The Monday of every week in which a school had at least one session,
 * in order; a week's ordinal is its index here.
 */
struct school_weeks {
	day_t *monday;
	size_t nr, alloc;
	int sorted;
};

#define SCHOOL_WEEKS_INIT { NULL, 0, 0, 1 }

/* Notes that the school was open on `day` (order and repeats don't matter). */
void school_weeks_add_day(struct school_weeks *w, day_t day);
/* Sorts and removes repeats; call before school_weeks_ordinal(). */
void school_weeks_finish(struct school_weeks *w);
/* The ordinal of the week holding `day`, or -1 if the school was closed. */
int32_t school_weeks_ordinal(const struct school_weeks *w, day_t day);
void school_weeks_release(struct school_weeks *w);

#endif
