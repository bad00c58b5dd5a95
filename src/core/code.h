#ifndef CORE_CODE_H
#define CORE_CODE_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

/*
 * The national register codes as data (docs/methodology.md).
 *
 * A mark is stored as one byte: its index in code_table[].  Index 0 is the
 * missing mark (no code yet).  The table is ordered by category, so every
 * category is one contiguous range of byte values and counting a category
 * is a range test the compiler can vectorise (see measure.c).
 *
 * Codes withdrawn on 19 August 2024 (H, F, J, Y) keep their own entries
 * and the category they had then; each names its 2024 equivalent.  Codes
 * introduced that day (K, C1, C2, J1, Q, Y1-Y7) are refused on earlier
 * dates, and withdrawn codes on later ones: a code is classified by the
 * rules of the year it was recorded in.
 */
typedef uint8_t mark_t;

enum mark_category {
	CATEGORY_MISSING = 0,	/* no code yet: not possible, a data problem */
	CATEGORY_NOT_POSSIBLE,	/* excluded from possible sessions */
	CATEGORY_PRESENT,	/* attendance */
	CATEGORY_APPROVED,	/* approved educational activity: attendance */
	CATEGORY_AUTHORISED,	/* authorised absence */
	CATEGORY_UNAUTHORISED,	/* unauthorised absence */
	CATEGORY_COUNT
};

enum code_era {
	CODE_ERA_ALL = 0,	/* in force before and after 19 August 2024 */
	CODE_ERA_2024,		/* introduced 19 August 2024 */
	CODE_ERA_LEGACY,	/* withdrawn 19 August 2024 */
};

struct code_info {
	const char *code;	/* as written in a register: "/", "C2" */
	enum mark_category category;
	enum code_era era;
	const char *equivalent;	/* the 2024 code: itself unless legacy */
	const char *meaning;
};

#define MARK_MISSING 0
/* '#', the planned whole-school closure (checked by t/unit/test-code.c). */
#define MARK_CLOSURE 12

extern const struct code_info code_table[];
extern const size_t code_count;

/*
 * First byte value of each category's range: category c holds the marks
 * m with mark_category_first[c] <= m < mark_category_first[c + 1].
 */
extern const mark_t mark_category_first[CATEGORY_COUNT + 1];

/* The day the 2024 codes came into force: 2024-08-19. */
day_t code_change_day(void);

/* The mark for a code whatever its date, or MARK_MISSING if unknown. */
mark_t code_find(const char *s, size_t len);

/*
 * The mark for a code as written on a given day.  Returns the mark, or
 * MARK_MISSING with *why set to a reason fit for an error message.
 * Letters are matched without regard to case.
 */
mark_t code_parse(const char *s, size_t len, day_t day, const char **why);

static inline const struct code_info *mark_info(mark_t m)
{
	return &code_table[m < code_count ? m : 0];
}

static inline enum mark_category mark_category(mark_t m)
{
	return mark_info(m)->category;
}

const char *category_name(enum mark_category c);

#endif
