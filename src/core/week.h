#ifndef CORE_WEEK_H
#define CORE_WEEK_H

#include <stdbool.h>

#include "core/casework.h"
#include "core/code.h"
#include "core/date.h"
#include "core/measure.h"

/*
 * What is new or due in a person's week (the "My week" page): the rules
 * alone, on days and measures, so each is tested by hand.  "This week"
 * is the seven days up to and including today (a rolling week, so that
 * on a Monday it still holds last week's news).
 */
#define WEEK_DAYS 7
/* A meeting this close ahead (days) is "due". */
#define WEEK_TSM_AHEAD 14

/* Is `day` within the week up to today: today - 6 .. today? */
bool week_in(day_t day, day_t today);
/* An absence with no explanation yet: N (reason not yet provided) or O. */
bool week_unexplained(mark_t m);
/*
 * Newly severely absent: severe absence now, and not a week before
 * (then in a better band, or with no possible sessions yet).
 */
bool week_newly_sa(const struct measure *now, const struct measure *before);
/* Met the penalty-notice threshold within the week. */
bool week_penalty_new(day_t met, day_t today);
/* A review or action due on `due` (today or before) and not done (DAY_NONE). */
bool week_due(day_t due, day_t done, day_t today);
/*
 * A meeting offered or accepted for `date` is due when it is today or
 * within WEEK_TSM_AHEAD days; a past one still offered or accepted is
 * overdue for an answer or its record (also "due").
 */
bool week_tsm_due(enum tsm_status status, day_t date, day_t today);

#endif
