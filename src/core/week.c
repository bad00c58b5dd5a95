/* The rules of a person's week (week.h). */
#include "core/week.h"

#include <string.h>

bool week_in(day_t day, day_t today)
{
	return day != DAY_NONE && day <= today && today - day < WEEK_DAYS;
}

bool week_unexplained(mark_t m)
{
	const char *code = mark_info(m)->code;

	return m != MARK_MISSING && (!strcmp(code, "N") || !strcmp(code, "O"));
}

bool week_newly_sa(const struct measure *now, const struct measure *before)
{
	if (band_of(measure_absent(now), now->possible) != BAND_SA)
		return false;
	return !before->possible ||
		band_of(measure_absent(before), before->possible) != BAND_SA;
}

bool week_penalty_new(day_t met, day_t today)
{
	return week_in(met, today);
}

bool week_due(day_t due, day_t done, day_t today)
{
	return due != DAY_NONE && done == DAY_NONE && due <= today;
}

bool week_tsm_due(enum tsm_status status, day_t date, day_t today)
{
	return (status == TSM_OFFERED || status == TSM_ACCEPTED) &&
		date != DAY_NONE && date <= today + WEEK_TSM_AHEAD;
}
