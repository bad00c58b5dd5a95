#ifndef CORE_MEASURE_H
#define CORE_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/code.h"

/*
 * The DfE measures (docs/methodology.md).  All comparisons are in
 * integers: PA <=> 10*absent >= possible, SA <=> 2*absent >= possible.
 */
struct measure {
	uint32_t possible;	/* present + approved + authorised + unauthorised */
	uint32_t attendance;	/* present + approved */
	uint32_t authorised;
	uint32_t unauthorised;
	uint32_t not_possible;	/* coded, but not a possible session */
	uint32_t missing;	/* no mark at all (only meaningful on open sessions) */
};

enum band {
	BAND_NONE = 0,		/* no possible sessions */
	BAND_EXPECTED,		/* r <= 5% */
	BAND_AT_RISK_PA,	/* 5% < r < 10% */
	BAND_PA,		/* 10% <= r <= 20% */
	BAND_AT_RISK_SA,	/* 20% < r < 50% */
	BAND_SA,		/* r >= 50% */
	BAND_COUNT
};

/* Adds the marks m[0..n) into *out (out is not cleared). */
void measure_add_marks(struct measure *out, const mark_t *m, size_t n);
void measure_add(struct measure *into, const struct measure *from);

static inline uint32_t measure_absent(const struct measure *m)
{
	return m->authorised + m->unauthorised;
}

static inline bool absence_is_pa(uint64_t absent, uint64_t possible)
{
	return possible > 0 && 10 * absent >= possible;
}

static inline bool absence_is_sa(uint64_t absent, uint64_t possible)
{
	return possible > 0 && 2 * absent >= possible;
}

enum band band_of(uint64_t absent, uint64_t possible);
/* "expected", "at_risk_pa", "pa", "at_risk_sa", "sa", "none" */
const char *band_name(enum band b);
/* "Expected (95-100%)" and so on, for people. */
const char *band_label(enum band b);

/*
 * num/den as a percentage with two decimals, rounded half up, computed in
 * integers: writes "12.34" into out, or "" when den is 0.  Returns out.
 */
char *percent_format(uint64_t num, uint64_t den, char out[24]);
/* The same value in hundredths of a percent (1234 for 12.34%); den > 0. */
uint64_t percent_hundredths(uint64_t num, uint64_t den);

/* Sums over many enrolments: school, authority, cohort. */
struct tally {
	uint64_t enrolments;	/* enrolments counted (possible > 0) */
	uint64_t possible;
	uint64_t attendance;
	uint64_t authorised;
	uint64_t unauthorised;
	uint64_t pa;
	uint64_t sa;
	uint64_t band[BAND_COUNT];
};

/* Adds one enrolment's measure; enrolments with 0 possible are skipped. */
void tally_add(struct tally *t, const struct measure *m);
void tally_merge(struct tally *into, const struct tally *from);

#endif
