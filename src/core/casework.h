#ifndef CORE_CASEWORK_H
#define CORE_CASEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/roll.h"
#include "util/error.h"

/*
 * The rules of casework (docs/casework.md, from "The graduated response"
 * to "Children missing education"): which moves of a
 * case are allowed, when a joint legal decision may proceed, what a
 * penalty notice costs and when one is refused, what makes a part-time
 * timetable valid, and the states of Targeting Support Meetings and of
 * children missing education.
 *
 * Pure rules: no SQL, no I/O.  Each check returns 0, or -1 with an
 * ERROR_INPUT that says what is wrong and what would make it right, for
 * the caller to show as it is.  Text fields count as missing when NULL,
 * empty or only spaces.
 */

/* ---- the graduated response ---------------------------------------- */

enum stage {
	STAGE_EXPECT,
	STAGE_MONITOR,
	STAGE_LISTEN,		/* listen and understand */
	STAGE_FACILITATE,	/* facilitate support */
	STAGE_FORMALISE,	/* formalise support */
	STAGE_ENFORCE,
	STAGE_COUNT
};

const char *stage_name(enum stage s);	/* "expect" ... "enforce" */
const char *stage_label(enum stage s);	/* "Listen and understand" ... */
int stage_parse(const char *s);		/* -1 if unknown */

enum barrier {
	BARRIER_HEALTH, BARRIER_SEND, BARRIER_ANXIETY_EBSA, BARRIER_FAMILY,
	BARRIER_TRANSPORT, BARRIER_BULLYING, BARRIER_YOUNG_CARER, BARRIER_OTHER,
	BARRIER_COUNT
};

const char *barrier_name(enum barrier b);	/* "anxiety_ebsa" */
const char *barrier_label(enum barrier b);	/* "Anxiety / EBSA" */
int barrier_parse(const char *s);

enum agency {
	AGENCY_EARLY_HELP_TAF, AGENCY_CAMHS, AGENCY_SEND, AGENCY_SOCIAL_CARE,
	AGENCY_SCHOOL_NURSING, AGENCY_YOUTH_JUSTICE, AGENCY_OTHER,
	AGENCY_COUNT
};

const char *agency_name(enum agency a);	/* "early_help_taf" */
const char *agency_label(enum agency a);	/* "Early help / TAF" */
int agency_parse(const char *s);

/* True when s is NULL, empty or only white space. */
bool text_blank(const char *s);

/*
 * A proposed move of a case, with what the record says about formal
 * support (an attendance or parenting contract, an Education Supervision
 * Order): the caller fills the support fields from this move or, failing
 * that, from the latest earlier event of the case that recorded them.
 */
struct case_move {
	enum stage from, to;
	const char *reason;		/* why: required */
	const char *support_offered;	/* what formal support was offered */
	const char *support_outcome;	/* and what happened */
	const char *not_appropriate;	/* or why support was not appropriate */
};

/*
 * Any move between different stages with a reason is allowed, except that
 * Enforce needs formal support offered with its outcome recorded, or a
 * recorded reason why support was not appropriate ("support first").
 */
int casework_check_move(const struct case_move *m, struct error *e);

/* ---- the joint legal decision (Lincolnshire's six steps) -------------- */

enum legal_outcome {
	LEGAL_PROCEED,		/* step 6: penalty notice or prosecution */
	LEGAL_ON_HOLD,		/* step 5: reviewed on an agreed date */
	LEGAL_NO_ACTION,
	LEGAL_OUTCOME_COUNT
};

const char *legal_outcome_name(enum legal_outcome o);	/* "on_hold" */
int legal_outcome_parse(const char *s);

struct legal_decision {
	day_t decided;
	const char *policy_followed;	/* 1: the school followed its policy */
	const char *officer_discussed;	/* 2: discussed with the named officer */
	const char *support_considered;	/* 3: other support considered */
	const char *social_worker;	/* 4: who agreed (NULL: nobody) */
	day_t social_worker_agreed;	/* and when (DAY_NONE: not given) */
	enum legal_outcome outcome;
	day_t review;			/* 5: on hold until (DAY_NONE: none) */
};

/* Step 4 applies to a child in need, on a protection plan or looked after. */
bool legal_social_worker_required(enum social_care care);

/*
 * Checks a decision about a case at `stage` for a child of social care
 * status `care`: on hold needs a review date after the decision date;
 * proceed needs steps 1-3 (and 4 when required) and the case at Enforce.
 * An agreement, when given, must be dated on or before the decision.
 */
int legal_decision_check(const struct legal_decision *d, enum stage stage,
			 enum social_care care, struct error *e);

/* ---- penalty notices (national framework from August 2024) ----------- */

#define NOTICE_FIRST_PENCE 8000		/* £80 if paid within 21 days */
#define NOTICE_FULL_PENCE 16000		/* £160 within 28 days */
#define NOTICE_REDUCED_DAYS 21
#define NOTICE_DUE_DAYS 28
#define NOTICE_LIMIT 2			/* per parent per child in 3 years */
#define NOTICE_WINDOW_YEARS 3

enum notice_kind { NOTICE_NTI, NOTICE_PENALTY, NOTICE_KIND_COUNT };
enum notice_status {
	NOTICE_ISSUED,
	NOTICE_PAID,
	NOTICE_UNPAID,		/* not paid by the due date: prosecution */
	NOTICE_WITHDRAWN,
	NOTICE_STATUS_COUNT
};

const char *notice_kind_name(enum notice_kind k);	/* "nti", "penalty" */
int notice_kind_parse(const char *s);
const char *notice_status_name(enum notice_status s);	/* "unpaid" */
int notice_status_parse(const char *s);

/* A notice already issued to this parent for this child. */
struct notice {
	enum notice_kind kind;
	enum notice_status status;
	day_t issued;
};

/* What a new notice says: amount, and the dates to pay by. */
struct notice_terms {
	int number;		/* 1 or 2: this parent's notice for this child */
	int32_t amount_pence;	/* payable by reduced_until, else full by due */
	day_t reduced_until;	/* DAY_NONE when there is no reduced rate */
	day_t due;
};

/* The same day `years` calendar years before (29 February -> 28th). */
day_t date_years_before(day_t day, int years);

/*
 * Checks a new notice of `kind` issued on `issued` to one parent about one
 * child, given that parent's earlier notices for the child (prior[0..n)),
 * the date the child first met the threshold (DAY_NONE: not met) and, for
 * a penalty notice with no Notice to Improve before it, the reason why
 * not.  Withdrawn notices do not count.  Fills *terms for a penalty
 * notice: the first in 3 years is £80 within 21 days or £160 within 28,
 * the second £160 within 28; a third is refused, naming the routes left.
 */
int notice_check(enum notice_kind kind, day_t issued,
		 const struct notice *prior, size_t n, day_t threshold_met,
		 const char *no_nti_reason, struct notice_terms *terms,
		 struct error *e);

/*
 * Checks an outcome recorded on `on` for a notice with terms t: only an
 * issued notice changes; paid between issue and the due date; unpaid
 * (prosecution) only after the due date; withdrawn at any time; a Notice
 * to Improve can only be withdrawn.  For paid, *paid_pence is what was due.
 */
int notice_outcome_check(const struct notice *n, const struct notice_terms *t,
			 enum notice_status to, day_t on, int32_t *paid_pence,
			 struct error *e);

/* What a penalty notice with terms t costs if paid on `on`; -1 if late. */
int32_t notice_amount_on(const struct notice_terms *t, day_t on);

/* ---- part-time timetables (code C2) --------------------------------- */

#define PART_TIME_MAX_TENTHS 325	/* 32.5 hours a week */

struct part_time {
	day_t start, end, review;
	int hours_tenths;		/* hours per week, in tenths */
	const char *reason;
	bool parent_agreed;
};

/* "12" or "12.5" -> 120 or 125; -1 if not hours with at most one decimal. */
int hours_parse(const char *s, int *tenths);

/* A new plan, created on `today`. */
int part_time_check(const struct part_time *p, day_t today, struct error *e);
/* Its review date has passed without a review. */
bool part_time_review_overdue(const struct part_time *p, day_t review_done,
			      day_t on);
/* Still running after its agreed end date. */
bool part_time_over_length(const struct part_time *p, day_t ended, day_t on);

/* ---- Targeting Support Meetings ------------------------------------- */

enum tsm_status {
	TSM_OFFERED, TSM_ACCEPTED, TSM_DECLINED, TSM_HELD, TSM_NOT_HELD,
	TSM_STATUS_COUNT
};

const char *tsm_status_name(enum tsm_status s);	/* "not_held" */
int tsm_status_parse(const char *s);
/* offered -> accepted | declined; accepted -> held | not_held. */
int tsm_check_transition(enum tsm_status from, enum tsm_status to,
			 struct error *e);

/*
 * The bounds of a term of academic year `year`, by the census convention
 * of core/calendar.h: autumn 1 August - 31 December, spring 1 January -
 * Easter Sunday, summer Easter Monday - 31 July.
 */
void term_bounds(int year, enum term t, day_t *from, day_t *to);
/* "2024-autumn" -> 2024, TERM_AUTUMN; -1 if not that form. */
int term_parse(const char *s, int *year, enum term *t);

struct tsm_meeting {
	enum tsm_status status;
	day_t date;		/* planned or held */
};

enum tsm_term_state { TSM_TERM_NONE, TSM_TERM_SCHEDULED, TSM_TERM_HELD };

/*
 * Whether a school had a meeting in from..to (inclusive): held, else one
 * still offered or accepted (scheduled); declined and not held ones do not
 * count.
 */
enum tsm_term_state tsm_termly(const struct tsm_meeting *m, size_t n,
			       day_t from, day_t to);

/* ---- children missing education ------------------------------------- */

enum cme_status {
	CME_REFERRED, CME_INVESTIGATING, CME_LOCATED, CME_ON_ROLL, CME_CLOSED,
	CME_STATUS_COUNT
};

enum cme_outcome {
	CME_OUTCOME_NONE,
	CME_OUTCOME_ON_ROLL,		/* on a school roll (here or elsewhere) */
	CME_OUTCOME_HOME_EDUCATION,	/* elective home education */
	CME_OUTCOME_MOVED_AWAY,		/* to another authority, which is told */
	CME_OUTCOME_LEFT_ENGLAND,
	CME_OUTCOME_NOT_FOUND,		/* referred to police / social care */
	CME_OUTCOME_OTHER,
	CME_OUTCOME_COUNT
};

enum cme_source { CME_REFERRAL, CME_REMOVAL_FROM_ROLL, CME_NO_PLACE,
		  CME_SOURCE_COUNT };

const char *cme_status_name(enum cme_status s);
int cme_status_parse(const char *s);
const char *cme_outcome_name(enum cme_outcome o);
int cme_outcome_parse(const char *s);
const char *cme_source_name(enum cme_source s);
int cme_source_parse(const char *s);

/*
 * referred -> investigating | located | closed; investigating -> located
 * | closed; located -> on_roll | closed; on_roll -> closed.  Closing needs
 * an outcome; no other move takes one.
 */
int cme_check_transition(enum cme_status from, enum cme_status to,
			 enum cme_outcome outcome, struct error *e);

#endif
