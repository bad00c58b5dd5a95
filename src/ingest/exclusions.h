#ifndef INGEST_EXCLUSIONS_H
#define INGEST_EXCLUSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "store/store.h"
#include "util/error.h"

/*
 * Suspensions and exclusions, as the exclusions CSV and the CTF bring
 * them (docs/imports.md): for the cohort of pupils suspended or excluded
 * in a period, and the trigger for a case proposal.
 *
 * A suspension (the DfE's fixed-period exclusion, census code FIXD) or a
 * lunchtime exclusion (LUNC) with no end date is taken to be the start
 * day alone; a permanent exclusion (PERM) runs on from its start until
 * it has an end date (overturned, say).
 */
enum exclusion_category {
	EXCLUSION_SUSPENSION,	/* FIXD */
	EXCLUSION_PERMANENT,	/* PERM */
	EXCLUSION_LUNCHTIME,	/* LUNC */
	EXCLUSION_CATEGORY_COUNT
};

/* "suspension", "permanent", "lunchtime". */
const char *exclusion_category_name(enum exclusion_category c);
/*
 * The category written s[0..n): the DfE's codes FIXD, PERM, LUNC, or the
 * words suspension (also fixed, fixed-term, fixed period), permanent
 * (also permanent exclusion), lunchtime; any case.  -1 if none.
 */
int exclusion_category_parse(const char *s, size_t n);

struct exclusion {
	int64_t pupil_id, school_id;
	int32_t urn;
	char upn[14];
	enum exclusion_category category;
	day_t start, end;	/* end DAY_NONE: not given */
	char reason[64];	/* as the school gave it, perhaps empty */
	int sessions;		/* sessions missed, -1 if not given */
};

/*
 * Whether the pupil had a suspension or exclusion, at any school, on any
 * day from `from` to `to` (inclusive): 1 or 0, or -1 with e set.
 */
int exclusion_during(struct store *st, int64_t pupil_id, day_t from, day_t to,
		     struct error *e);

/*
 * Every suspension and exclusion on a day from `from` to `to`, at school
 * urn (0: every school): by URN, UPN and start.  *out is the caller's to
 * free.
 */
int exclusion_list(struct store *st, int32_t urn, day_t from, day_t to,
		   struct exclusion **out, size_t *nr, struct error *e);

#endif
