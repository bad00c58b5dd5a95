#ifndef CORE_PROPOSAL_H
#define CORE_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/measure.h"
#include "core/roll.h"
#include "util/error.h"

/*
 * Which pupils the system proposes for a case (docs/casework.md, "Cases
 * proposed, opened by people").  A proposal is only a suggestion: an
 * officer or the school opens the case, or dismisses the proposal with a
 * reason.  The rule is the authority's (attend config proposal_*), with
 * three grounds, each of which may be switched off:
 *
 *   band        the absence rate over the year so far puts the pupil in
 *               this band or a worse one (default: PA, absent 10% or more)
 *   rising      the absence rate so far rose by at least this many
 *               percentage points in the last week (default 3), the pupil
 *               being at risk of PA or worse now and having had at least
 *               PROPOSAL_MIN_POSSIBLE possible sessions a week before
 *   vulnerable  the pupil is at risk of PA or worse and has a social
 *               worker (CIN, CP, looked after) or an EHCP (default on)
 *
 * Pure arithmetic in integers, like core/measure.h: "rose by k points"
 * is 100*a1*p0 - 100*a0*p1 >= k*p0*p1 with (a0, p0) absent and possible
 * a week before and (a1, p1) now.
 */
struct proposal_rule {
	enum band band;		/* BAND_NONE: not by band */
	unsigned rising_points;	/* 0: not by a rise */
	bool vulnerable;
};

/* The default rule: PA or worse, a rise of 3 points, vulnerable at risk. */
void proposal_rule_default(struct proposal_rule *r);

#define PROPOSAL_MIN_POSSIBLE 20

enum proposal_ground {
	PROPOSAL_NONE = 0,
	PROPOSAL_BAND,
	PROPOSAL_RISING,
	PROPOSAL_VULNERABLE,
	PROPOSAL_GROUND_COUNT
};

/* "band", "rising", "vulnerable" ("" for none) */
const char *proposal_ground_name(enum proposal_ground g);
int proposal_ground_parse(const char *s);	/* -1 if unknown */

struct proposal_pupil {
	struct measure now;	/* the year so far */
	struct measure before;	/* the year to a week before */
	enum sen sen;
	enum social_care care;
};

/*
 * The first ground (in the order above) on which the rule proposes the
 * pupil, or PROPOSAL_NONE.
 */
enum proposal_ground proposal_check(const struct proposal_rule *r,
				    const struct proposal_pupil *p);

/*
 * The settings' values: the band ("at_risk_pa", "pa", "at_risk_sa", "sa"
 * or "none"), the points (0 to 100) and "yes"/"no".  0, or -1 with
 * ERROR_INPUT naming the setting and what it takes.
 */
int proposal_band_parse(const char *s, enum band *out, struct error *e);
int proposal_points_parse(const char *s, unsigned *out, struct error *e);
int proposal_yes_no_parse(const char *s, bool *out, struct error *e);

#endif
