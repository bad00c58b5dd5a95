#include "core/measure.h"

#include <stdio.h>

/*
 * Count the marks of each category.  Category c is the byte range
 * [first[c], first[c+1]), so each count is a sum of range tests; the inner
 * loop works on blocks short enough for 8-bit lanes and vectorises.
 */
void measure_add_marks(struct measure *out, const mark_t *m, size_t n)
{
	const mark_t np = mark_category_first[CATEGORY_NOT_POSSIBLE];
	const mark_t pr = mark_category_first[CATEGORY_PRESENT];
	const mark_t au = mark_category_first[CATEGORY_AUTHORISED];
	const mark_t un = mark_category_first[CATEGORY_UNAUTHORISED];
	const mark_t end = mark_category_first[CATEGORY_COUNT];
	uint32_t missing = 0, not_possible = 0, attend = 0, auth = 0, unauth = 0;
	size_t i = 0;

	while (i < n) {
		size_t stop = n - i > 255 ? i + 255 : n;
		uint8_t c_miss = 0, c_np = 0, c_att = 0, c_auth = 0, c_un = 0;

		for (; i < stop; i++) {
			mark_t v = m[i];
			c_miss += v < np;
			c_np += (uint8_t)(v - np) < (uint8_t)(pr - np);
			c_att += (uint8_t)(v - pr) < (uint8_t)(au - pr);
			c_auth += (uint8_t)(v - au) < (uint8_t)(un - au);
			c_un += (uint8_t)(v - un) < (uint8_t)(end - un);
		}
		missing += c_miss;
		not_possible += c_np;
		attend += c_att;
		auth += c_auth;
		unauth += c_un;
	}
	out->missing += missing;
	out->not_possible += not_possible;
	out->attendance += attend;
	out->authorised += auth;
	out->unauthorised += unauth;
	out->possible += attend + auth + unauth;
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
