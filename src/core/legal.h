#ifndef CORE_LEGAL_H
#define CORE_LEGAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/casework.h"
#include "core/date.h"
#include "util/error.h"

/*
 * The legal side of casework (docs/casework.md, "Legal action"): who is
 * of compulsory school age for it, what a Notice to Improve sets and what
 * must happen before a penalty notice follows it, how a case reaches
 * Enforce and how one is closed, and the formal routes with their steps.
 * Sources: Education Act 1996 s8, s437, s443, s444; the national
 * framework for penalty notices (Working together to improve school
 * attendance, August 2024); Children Act 1989 s36; Anti-social Behaviour
 * Act 2003 s19; Crime and Disorder Act 1998 s8.
 *
 * Pure rules, as core/casework.h: each check returns 0, or -1 with an
 * ERROR_INPUT that says what is wrong, in plain words with dates written
 * out ("4 December 2026").
 */

/*
 * Legal action about absence on from..to (inclusive) for the child
 * `name` born `dob`: every day must be within compulsory school age in
 * law (core/date.h).  "Ann Able is not of compulsory school age until
 * 31 December 2026".
 */
int legal_school_age_check(const char *name, day_t dob, day_t from, day_t to,
			   struct error *e);

/* ---- Notices to Improve ------------------------------------------------ */

#define NTI_WEEKS_MIN 3
#define NTI_WEEKS_MAX 6
/* A wordless "x" is not an explanation: this many letters at least. */
#define EXPLANATION_MIN 40

struct nti_terms {
	int weeks;		/* the improvement period, in school weeks */
	const char *support;	/* the support offered, a final chance */
	const char *sufficient;	/* what sufficient improvement means */
	/* further unauthorised absence in the period may bring a notice early */
	bool early_on_absence;
};

int nti_terms_check(const struct nti_terms *t, struct error *e);

/*
 * The last day (a Sunday) of an improvement period of `weeks` school
 * weeks from a notice issued on `issued`: the weeks counted are the
 * school weeks that begin after the day of issue, so a half-term week
 * does not count.  monday[0..n) are the Mondays of the school's weeks
 * with a session, sorted (core/penalty.h).  DAY_NONE if they run out.
 */
day_t nti_period_end(day_t issued, int weeks, const day_t *monday, size_t n);

enum nti_result { NTI_PENDING, NTI_IMPROVED, NTI_NOT_IMPROVED,
		  NTI_RESULT_COUNT };

const char *nti_result_name(enum nti_result r);	/* "not_improved" */
int nti_result_parse(const char *s);

/* A Notice to Improve already issued to this parent for this child. */
struct nti_record {
	day_t issued, period_end;
	bool withdrawn, early_on_absence;
	enum nti_result result;
	day_t result_on;
};

/*
 * The result of the improvement period, recorded on `on`: improved or
 * not, once, and not before the period has ended.
 */
int nti_result_check(const struct nti_record *n, enum nti_result to, day_t on,
		     struct error *e);

/* ---- a penalty notice after, or without, a Notice to Improve ---------- */

enum no_nti_ground {
	NO_NTI_NONE,		/* a Notice to Improve came first */
	NO_NTI_HOLIDAY,		/* term-time holiday taken without leave */
	NO_NTI_RECENT,		/* an NTI for this child in the past 12 months */
	NO_NTI_OTHER,		/* another reason, explained */
	NO_NTI_GROUND_COUNT
};

const char *no_nti_ground_name(enum no_nti_ground g);	/* "holiday" */
const char *no_nti_ground_label(enum no_nti_ground g);
int no_nti_ground_parse(const char *s);

struct penalty_grounds {
	enum no_nti_ground no_nti;
	const char *no_nti_reason;	/* the explanation (NO_NTI_OTHER) */
	/* before the period ends: the further absence relied on */
	const char *early_reason;
	/* unauthorised sessions after the NTI's issue, up to the notice */
	int further_absence;
};

/*
 * May a penalty notice be issued on `issued`, given this parent's Notices
 * to Improve for the child (nti[0..n))?  After the latest NTI's period
 * ended with no sufficient improvement recorded; or earlier where the NTI
 * said further unauthorised absence may bring one, there was some, and the
 * notice records it; or with no NTI, on a ground from the list.  *used:
 * the index of the NTI relied on, or -1.
 */
int penalty_grounds_check(day_t issued, const struct nti_record *nti, size_t n,
			  const struct penalty_grounds *g, long *used,
			  struct error *e);

/* ---- the joint decision a penalty notice or a route rests on ---------- */

enum legal_route {
	ROUTE_NONE,
	ROUTE_PENALTY_NOTICE,
	ROUTE_ATTENDANCE_CONTRACT,
	ROUTE_PARENTING_CONTRACT,
	ROUTE_ESO,			/* education supervision order */
	ROUTE_PROSECUTION,		/* s444(1) or s444(1A) */
	ROUTE_PARENTING_ORDER,
	ROUTE_SAO,			/* school attendance order, s437 */
	ROUTE_COUNT
};

const char *route_name(enum legal_route r);	/* "parenting_contract" */
const char *route_label(enum legal_route r);	/* "Parenting contract" */
int route_parse(const char *s);
/* Routes a decision to proceed names: the statutory ones. */
bool route_statutory(enum legal_route r);
/* Formal support, not enforcement: the contracts and the ESO. */
bool route_support(enum legal_route r);
/* The routes legal action must respect compulsory school age for. */
bool route_school_age(enum legal_route r);

/* What the record of a decision says, for an action that rests on it. */
struct decision_record {
	day_t decided;
	enum legal_outcome outcome;
	enum legal_route route;
	bool by_la;			/* taken by an LA lead or officer */
	bool social_worker_required;
	day_t social_worker_agreed;	/* in their own account; DAY_NONE */
};

/*
 * May an action by `route` be taken on `on`, resting on decision d (NULL:
 * there is none)?  A decision to proceed by that route, taken by the LA
 * on or before `on`, and the social worker's agreement on or before `on`
 * where the child has one.
 */
int decision_allows(const struct decision_record *d, enum legal_route route,
		    day_t on, struct error *e);

/* ---- reaching Enforce, and closing a case ------------------------------ */

enum not_appropriate {
	NOT_APPROPRIATE_NONE,
	NOT_APPROPRIATE_REFUSED,	/* the family refused support */
	NOT_APPROPRIATE_BECAUSE,	/* support is not appropriate because... */
	NOT_APPROPRIATE_HOLIDAY,	/* a term-time holiday, not a barrier */
	NOT_APPROPRIATE_COUNT
};

const char *not_appropriate_name(enum not_appropriate n);
const char *not_appropriate_label(enum not_appropriate n);
int not_appropriate_parse(const char *s);

struct enforce_basis {
	/* formal support from the case's records: its label and outcome */
	const char *support;		/* NULL: none picked */
	const char *support_outcome;	/* from its record; NULL: none yet */
	enum not_appropriate reason;	/* or why support was not appropriate */
	const char *explanation;
	bool by_lead;			/* the move is the LA lead's own */
};

/* The basis of a move to Enforce ("support before enforcement"). */
int enforce_basis_check(const struct enforce_basis *b, struct error *e);

enum close_reason {
	CLOSE_NONE,
	CLOSE_MOVED_AWAY,		/* left the authority's schools */
	CLOSE_END_OF_SCHOOL_AGE,	/* reached the end of compulsory school age */
	CLOSE_IMPROVED,			/* improved sufficiently over N weeks */
	CLOSE_OTHER_AGENCY,		/* another agency leads */
	CLOSE_HOME_EDUCATION,		/* elective home education */
	CLOSE_OTHER,
	CLOSE_REASON_COUNT
};

const char *close_reason_name(enum close_reason c);
const char *close_reason_label(enum close_reason c);
int close_reason_parse(const char *s);

#define CLOSE_IMPROVED_WEEKS_MIN 4

struct case_closing {
	bool absent_band;	/* the pupil is PA or SA now */
	enum close_reason reason;
	const char *detail;	/* free text: the agency, where to, ... */
	int weeks;		/* CLOSE_IMPROVED: over how many school weeks */
	int weeks_absent, weeks_possible;	/* sessions in those weeks */
	day_t school_age_ends;	/* the child's, for CLOSE_END_OF_SCHOOL_AGE */
	day_t on;
};

/*
 * Closing a case: always with a reason; while the pupil is persistently
 * or severely absent only with one from the list, checked where it can
 * be: the end of compulsory school age reached, improvement below the
 * PA line over at least CLOSE_IMPROVED_WEEKS_MIN school weeks, the agency
 * or the destination named.
 */
int case_close_check(const struct case_closing *c, struct error *e);

/* ---- the formal routes: their steps and outcomes ------------------------ */

enum route_step {
	STEP_REVIEW,		/* contracts: reviewed */
	STEP_HEARING,		/* ESO, prosecution: a hearing */
	STEP_PLEA,		/* prosecution: guilty / not_guilty */
	STEP_ORDER,		/* ESO, SAO, prosecution: an order made */
	STEP_OUTCOME,		/* the end of the route */
	STEP_COUNT
};

const char *route_step_name(enum route_step s);
int route_step_parse(const char *s);

/*
 * The outcomes a route may end with ("kept", "broken", "convicted", ...),
 * NULL-terminated; and whether a value is one of them.
 */
const char *const *route_outcomes(enum legal_route r);
bool route_outcome_valid(enum legal_route r, const char *outcome);

/* What a route's record says so far, for the next step's check. */
struct route_state {
	enum legal_route route;
	day_t started;		/* agreed, applied, laid, served */
	day_t last;		/* the latest step's date */
	bool ended;		/* an outcome is recorded */
	bool plea, order;	/* a plea entered, an order made */
};

struct route_step_spec {
	enum route_step step;
	day_t on;
	const char *value;	/* the plea, the outcome */
	const char *detail;	/* notes, the order's terms, the school named */
	int32_t fine_pence;	/* prosecution convicted: the fine (0 none) */
	const char *officer;	/* ESO order: the supervising officer */
	day_t until;		/* an order's end */
};

/*
 * Checks the next step of a route: dated on or after the last one and not
 * after today; only the steps the route has (contracts: reviews; ESO:
 * hearings, the order with its supervising officer and end, an outcome;
 * prosecution: hearings, one plea, an outcome with a fine or an order;
 * SAO: the order naming the school, then complied or not); nothing after
 * the outcome.
 */
int route_step_check(const struct route_state *s,
		     const struct route_step_spec *p, day_t today,
		     struct error *e);

/* A new route's record. */
struct route_open {
	enum legal_route route;
	day_t started;		/* agreed, applied for, laid, served, made */
	const char *terms;	/* contracts, parenting order: what is agreed */
	day_t review;		/* contracts: the review date */
	int section;		/* prosecution: enum prosecution_section */
	const char *school;	/* SAO: the school named */
	day_t until;		/* parenting order: its end */
};

/*
 * Checks a new route's record made on `today`: started not after today;
 * contracts with their terms and a review date after the start; a
 * prosecution under s444(1) or s444(1A); a parenting order with its
 * terms and end; a school attendance order naming the school.
 */
int route_open_check(const struct route_open *o, day_t today, struct error *e);

enum prosecution_section { S444_1, S444_1A, S444_COUNT };
const char *section_name(enum prosecution_section s);	/* "444(1)" */
int section_parse(const char *s);	/* "444(1)", "1", "444(1A)", "1A" */

#endif
