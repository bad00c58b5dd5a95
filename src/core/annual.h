#ifndef CORE_ANNUAL_H
#define CORE_ANNUAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Pure rules behind the authority's reports (report/annual.h): small-number
 * suppression for the public annual report, the code-consistency outlier
 * rule, and the reproducible weighted draw of the dip sample.  No SQL, no
 * I/O; every comparison in integers.
 */

/* ---- suppression ------------------------------------------------------- */

/*
 * Primary suppression, as DfE publications do it: a count of 1 to 5 pupils
 * is shown as "c" (GSS symbol: confidential).  0 is shown: it discloses
 * nothing about a person.
 */
#define SUPPRESS_MIN 1
#define SUPPRESS_MAX 5

static inline bool suppress_is_low(uint64_t count)
{
	return count >= SUPPRESS_MIN && count <= SUPPRESS_MAX;
}

/*
 * A linear relation among published counts: cells[total] equals the sum of
 * cells[members[0..nr_members)].  If exactly one cell of the relation is
 * hidden, it can be recovered by subtraction, so another must be hidden
 * too (secondary, or complementary, suppression).
 */
struct suppress_group {
	size_t total;
	const size_t *members;
	size_t nr_members;
};

/*
 * Sets hidden[i] for every low count (primary), then, until nothing
 * changes, for each group with exactly one hidden cell hides the smallest
 * shown member (the lowest index among equals; a member, never a total, so
 * the headline figures stay published when they can).  A group whose
 * members are all hidden already, or whose only hidden cell is the total
 * with no member left to hide, is left as it is.  Returns how many cells
 * were hidden by the secondary rule.
 */
size_t suppress_apply(const uint64_t *cells, size_t nr_cells,
		      const struct suppress_group *groups, size_t nr_groups,
		      bool *hidden);

/* ---- code consistency ---------------------------------------------------- */

/*
 * A school's use of one code among its absences is an outlier when
 *
 *   - it recorded at least CODE_OUTLIER_MIN_SESSIONS sessions of the code,
 *     and
 *   - its share of absence sessions with that code is more than
 *     CODE_OUTLIER_RATIO times the share in the rest of the authority
 *     (every other school together), i.e. in integers
 *     code * others_absent > RATIO * others_code * absent;
 *     when no other school used the code at all, any use at or above the
 *     minimum is an outlier.
 *
 * The rest of the authority, not the whole: in a small authority one
 * school's habit would otherwise pull the yardstick toward itself.
 */
#define CODE_OUTLIER_MIN_SESSIONS 10
#define CODE_OUTLIER_RATIO 2

bool code_share_outlier(uint64_t code, uint64_t absent, uint64_t others_code,
			uint64_t others_absent);

/* ---- the dip sample ---------------------------------------------------- */

/* splitmix64: a small, well-mixed generator whose sequence is fixed by its seed. */
static inline uint64_t sample_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * The key of an item of integer weight w (>= 1) in a weighted draw without
 * replacement: the largest of w uniform draws.  Its distribution is that
 * of U^(1/w), so keeping the items with the largest keys is the
 * Efraimidis-Spirakis weighted sample, in integers and the same on every
 * machine for the same seed and order of items.
 */
uint64_t sample_key(uint64_t *state, unsigned weight);

#endif
