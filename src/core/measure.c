#include "core/measure.h"

#include <stdio.h>
#include <string.h>

/*
 * Count the marks of each category.  Categories are contiguous, ordered
 * ranges of byte values, so the number in category c is
 * count(m >= first[c]) - count(m >= first[c + 1]): one unsigned compare
 * per threshold.  Sixteen marks are compared at a time with GCC/Clang
 * vector extensions (plain SSE2/NEON code, no intrinsics), the lane
 * counters flushed before they can overflow.
 */
typedef uint8_t v16u8 __attribute__((vector_size(16)));

#define THRESHOLDS 5	/* not possible, present, authorised, unauthorised, end */

static inline uint32_t lanes_sum(v16u8 v)
{
	uint32_t sum = 0;

	for (int i = 0; i < 16; i++)
		sum += v[i];
	return sum;
}

void measure_add_marks(struct measure *out, const mark_t *m, size_t n)
{
	const mark_t t[THRESHOLDS] = {
		mark_category_first[CATEGORY_NOT_POSSIBLE],
		mark_category_first[CATEGORY_PRESENT],
		mark_category_first[CATEGORY_AUTHORISED],
		mark_category_first[CATEGORY_UNAUTHORISED],
		mark_category_first[CATEGORY_COUNT],	/* no such mark */
	};
	uint32_t at_least[THRESHOLDS] = { 0 };
	size_t i = 0;

	while (n - i >= 16) {
		v16u8 acc[THRESHOLDS] = { { 0 } };
		size_t stop = n - i >= 16 * 255 ? i + 16 * 255 : i + (n - i) / 16 * 16;

		for (; i < stop; i += 16) {
			v16u8 v;

			memcpy(&v, m + i, 16);
			for (int k = 0; k < THRESHOLDS; k++)
				acc[k] -= (v16u8)(v >= t[k]);
		}
		for (int k = 0; k < THRESHOLDS; k++)
			at_least[k] += lanes_sum(acc[k]);
	}
	for (; i < n; i++)
		for (int k = 0; k < THRESHOLDS; k++)
			at_least[k] += m[i] >= t[k];
	/* A byte past the table (a damaged blob) counts as missing. */
	out->missing += (uint32_t)n - at_least[0] + at_least[4];
	out->not_possible += at_least[0] - at_least[1];
	out->attendance += at_least[1] - at_least[2];
	out->authorised += at_least[2] - at_least[3];
	out->unauthorised += at_least[3] - at_least[4];
	out->possible += at_least[1] - at_least[4];
}

void measure_add(struct measure *into, const struct measure *from)
{
	into->possible += from->possible;
	into->attendance += from->attendance;
	into->authorised += from->authorised;
	into->unauthorised += from->unauthorised;
	into->not_possible += from->not_possible;
	into->missing += from->missing;
}

enum band band_of(uint64_t a, uint64_t p)
{
	if (p == 0)
		return BAND_NONE;
	if (20 * a <= p)
		return BAND_EXPECTED;	/* r <= 5 */
	if (10 * a < p)
		return BAND_AT_RISK_PA;	/* 5 < r < 10 */
	if (5 * a <= p)
		return BAND_PA;		/* 10 <= r <= 20 */
	if (2 * a < p)
		return BAND_AT_RISK_SA;	/* 20 < r < 50 */
	return BAND_SA;			/* r >= 50 */
}

const char *band_name(enum band b)
{
	static const char *const names[] = {
		"none", "expected", "at_risk_pa", "pa", "at_risk_sa", "sa"
	};
	return (unsigned)b < BAND_COUNT ? names[b] : "none";
}

const char *band_label(enum band b)
{
	static const char *const labels[] = {
		"No possible sessions",
		"Expected (95-100%)",
		"At risk of PA (90-95%)",
		"Persistent absence (80-90%)",
		"At risk of SA (50-80%)",
		"Severe absence (50% or less)",
	};
	return (unsigned)b < BAND_COUNT ? labels[b] : labels[0];
}

uint64_t percent_hundredths(uint64_t num, uint64_t den)
{
	/* round(num * 10000 / den), halves up */
	return (num * 20000 + den) / (2 * den);
}

char *percent_format(uint64_t num, uint64_t den, char out[24])
{
	uint64_t h;

	if (den == 0) {
		out[0] = '\0';
		return out;
	}
	h = percent_hundredths(num, den);
	snprintf(out, 24, "%llu.%02llu", (unsigned long long)(h / 100),
		 (unsigned long long)(h % 100));
	return out;
}

void tally_add(struct tally *t, const struct measure *m)
{
	uint32_t absent = measure_absent(m);

	if (m->possible == 0)
		return;
	t->enrolments++;
	t->possible += m->possible;
	t->attendance += m->attendance;
	t->authorised += m->authorised;
	t->unauthorised += m->unauthorised;
	t->pa += absence_is_pa(absent, m->possible);
	t->sa += absence_is_sa(absent, m->possible);
	t->band[band_of(absent, m->possible)]++;
}

void tally_merge(struct tally *into, const struct tally *from)
{
	into->enrolments += from->enrolments;
	into->possible += from->possible;
	into->attendance += from->attendance;
	into->authorised += from->authorised;
	into->unauthorised += from->unauthorised;
	into->pa += from->pa;
	into->sa += from->sa;
	for (int b = 0; b < BAND_COUNT; b++)
		into->band[b] += from->band[b];
}
