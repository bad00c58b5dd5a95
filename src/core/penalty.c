#include "core/penalty.h"

#include <stdlib.h>

#include "util/strbuf.h"

long penalty_first_met(const int32_t *week, size_t n)
{
	/*
	 * The tightest 10 sessions ending at j are the last ten, so the
	 * threshold is first met at the first j whose ten sessions
	 * j-9..j lie within PENALTY_WEEKS consecutive school weeks.
	 */
	for (size_t j = PENALTY_SESSIONS - 1; j < n; j++)
		if (week[j] - week[j - (PENALTY_SESSIONS - 1)] < PENALTY_WEEKS)
			return (long)j;
	return -1;
}

void school_weeks_add_day(struct school_weeks *w, day_t day)
{
	day_t monday = date_monday(day);

	if (w->nr && w->monday[w->nr - 1] == monday)
		return;
	if (w->nr && w->monday[w->nr - 1] > monday)
		w->sorted = 0;
	ALLOC_GROW(w->monday, w->nr + 1, w->alloc);
	w->monday[w->nr++] = monday;
}

static int day_cmp(const void *a, const void *b)
{
	day_t x = *(const day_t *)a, y = *(const day_t *)b;
	return (x > y) - (x < y);
}

void school_weeks_finish(struct school_weeks *w)
{
	size_t out = 0;

	if (!w->sorted)
		qsort(w->monday, w->nr, sizeof(*w->monday), day_cmp);
	for (size_t i = 0; i < w->nr; i++)
		if (!out || w->monday[out - 1] != w->monday[i])
			w->monday[out++] = w->monday[i];
	w->nr = out;
	w->sorted = 1;
}

int32_t school_weeks_ordinal(const struct school_weeks *w, day_t day)
{
	day_t monday = date_monday(day);
	size_t lo = 0, hi = w->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->monday[mid] < monday)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->nr && w->monday[lo] == monday ? (int32_t)lo : -1;
}

void school_weeks_release(struct school_weeks *w)
{
	free(w->monday);
	w->monday = NULL;
	w->nr = w->alloc = 0;
	w->sorted = 1;
}
