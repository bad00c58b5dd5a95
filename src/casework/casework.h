#ifndef CASEWORK_CASEWORK_H
#define CASEWORK_CASEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/access.h"
#include "core/casework.h"
#include "core/proposal.h"
#include "report/report.h"
#include "store/store.h"
#include "util/error.h"

/*
 * Casework in the store (issue 6): the service the CLI and, later, the web
 * pages call.  Every change
 *
 *   - is made by a viewer (the acting user), who must be allowed to see
 *     the pupil and to change their casework (LA lead and officers for
 *     every pupil, a school lead for their own school's pupils; some
 *     changes are the LA's alone);
 *   - is checked by the rules of core/casework.h first;
 *   - is written with its audit row in ONE transaction, so a refusal
 *     (ERROR_INPUT, with the reason) saves nothing.
 *
 * Pupils are named by UPN; other records by the id these functions return.
 * Dates are day_t; "today" is date_today().  List functions return arrays
 * of plain structs (*rows malloc'd, free() them; a case_detail has its own
 * release) holding only what the viewer may see.
 */

/* ---- cases on the graduated response -------------------------------- */

/* Opens a case for the pupil at `stage`; refused if one is open already. */
int casework_open(struct store *st, const struct viewer *v, const char *upn,
		  enum stage stage, const char *reason, int64_t *case_id,
		  struct error *e);

struct case_move_spec {
	enum stage to;
	const char *reason;
	const char *support_offered, *support_outcome, *not_appropriate;
};

/*
 * Moves the pupil's open case.  The rule "support before enforcement"
 * sees this move's support fields, else the latest earlier event that
 * recorded support offered with its outcome, or a not-appropriate reason.
 */
int casework_move(struct store *st, const struct viewer *v, const char *upn,
		  const struct case_move_spec *m, struct error *e);
int casework_close(struct store *st, const struct viewer *v, const char *upn,
		   const char *reason, struct error *e);
int casework_add_barrier(struct store *st, const struct viewer *v,
			 const char *upn, enum barrier b, const char *detail,
			 struct error *e);
int casework_add_agency(struct store *st, const struct viewer *v,
			const char *upn, enum agency a, const char *detail,
			struct error *e);
/* An action on the open case: what, who owns it, when it is due. */
int casework_add_action(struct store *st, const struct viewer *v,
			const char *upn, const char *what, const char *owner,
			day_t due, int64_t *action_id, struct error *e);
int casework_action_done(struct store *st, const struct viewer *v,
			 int64_t action_id, day_t done, const char *outcome,
			 struct error *e);

struct case_row {
	int64_t id, pupil_id;
	char upn[14];
	char name[130];
	int32_t urn;		/* the first school of the pupil's enrolments */
	enum social_care care;
	enum stage stage;
	day_t opened, closed;	/* closed: DAY_NONE while open */
	int open_actions;
};

/* The cases v may see (open ones only unless all), by URN then UPN. */
int casework_list(struct store *st, const struct viewer *v, bool all,
		  struct case_row **rows, size_t *nr, struct error *e);

struct case_event_row {
	char at[32];
	char username[64];
	int from;		/* -1 when the case was opened */
	enum stage to;
	char reason[512];
	char support_offered[256], support_outcome[256], not_appropriate[256];
};

struct case_action_row {
	int64_t id;
	char what[256], owner[128], outcome[256];
	day_t due, done;
};

struct case_detail {
	struct case_row c;
	struct case_event_row *events;
	size_t nr_events;
	enum barrier barriers[BARRIER_COUNT];
	size_t nr_barriers;
	enum agency agencies[AGENCY_COUNT];
	size_t nr_agencies;
	struct case_action_row *actions;
	size_t nr_actions;
};

/*
 * The pupil's latest case with its history, barriers, agencies and
 * actions.  The view is audited (a named pupil's record).
 */
int casework_show(struct store *st, const struct viewer *v, const char *upn,
		  struct case_detail *d, struct error *e);
/* The same, for a caller that logs the view itself (a web page). */
int casework_read(struct store *st, const struct viewer *v, const char *upn,
		  struct case_detail *d, struct error *e);
void case_detail_release(struct case_detail *d);

/* ---- cases proposed by the system, opened by people ------------------------ */

/*
 * Proposes a case for every pupil whom the authority's rule
 * (core/proposal.h, config_proposal_rule) picks out on their current
 * enrolments (urn 0: every school), over the academic year of as_of up
 * to as_of, against the same a week before.  Not proposed: a pupil with
 * an open case or an open proposal, or whose proposal this year was
 * accepted or dismissed at the same band or a worse one (a dismissal
 * holds until the band gets worse).  Running it again proposes nothing
 * more.  LA only; audited.
 */
int casework_propose(struct store *st, const struct viewer *v, day_t as_of,
		     int32_t urn, size_t *proposed, struct error *e);

struct proposal_row {
	int64_t id, pupil_id, case_id;
	char upn[14];
	char name[130];
	int32_t urn;
	char school[128];
	enum social_care care;
	char sen[4];
	day_t proposed, decided;
	int ground;		/* enum proposal_ground */
	enum band band;
	uint32_t absent, possible, absent_before, possible_before;
	char status[12];	/* open, accepted, dismissed */
	char decided_by[64];
	char decision_reason[256];
};

/*
 * The open proposals of pupils v may see (with decided ones too if all),
 * the most urgent first: by band (SA first), then absence rate.
 */
int proposal_list(struct store *st, const struct viewer *v, bool all,
		  struct proposal_row **rows, size_t *nr, struct error *e);
/* The plain sentence of why the pupil was proposed, in out. */
void proposal_describe(const struct proposal_row *p, char *out, size_t n);
/*
 * Accepts an open proposal: opens the pupil's case at Monitor, the
 * reason (may be empty) after the proposal's own; or dismisses it, with
 * a reason.  v must be allowed to change the pupil's casework.
 */
int proposal_accept(struct store *st, const struct viewer *v, int64_t id,
		    const char *reason, int64_t *case_id, struct error *e);
int proposal_dismiss(struct store *st, const struct viewer *v, int64_t id,
		     const char *reason, struct error *e);

struct school_case_action {
	char upn[14];
	enum stage stage;
	struct case_action_row a;
};

/*
 * The actions not yet done on the open cases of pupils on the roll of
 * school `urn` (v must see the school's pupils), by UPN then due date.
 */
int school_case_actions(struct store *st, const struct viewer *v, int32_t urn,
			struct school_case_action **rows, size_t *nr,
			struct error *e);

/*
 * The actions not yet done on the open cases of the pupils v may see
 * whose due date is today or before, the longest overdue first.
 */
int case_actions_due(struct store *st, const struct viewer *v, day_t today,
		     struct school_case_action **rows, size_t *nr,
		     struct error *e);

/* ---- the joint legal decision ------------------------------------------ */

struct legal_spec {
	day_t decided;
	const char *policy_followed, *officer_discussed, *support_considered;
	/*
	 * Step 4: the username of the social worker who agreed (a social
	 * worker with the child on their caseload, or for a child looked
	 * after the virtual school head), and the date.
	 */
	const char *social_worker;
	day_t social_worker_agreed;
	enum legal_outcome outcome;
	day_t review;
};

/* Records a decision on the pupil's open case (LA and the school). */
int legal_decision_record(struct store *st, const struct viewer *v,
			  const char *upn, const struct legal_spec *s,
			  int64_t *id, struct error *e);

struct legal_row {
	int64_t id, case_id;
	char upn[14];
	day_t decided, review, reviewed;
	enum legal_outcome outcome;
	bool social_worker_required;
	char social_worker[64];
};

int legal_decision_list(struct store *st, const struct viewer *v,
			struct legal_row **rows, size_t *nr, struct error *e);

/* ---- parents and households ----------------------------------------------- */

/*
 * A parent, in household_id (0: a new household of their own), linked to
 * the pupil as relationship ("mother", "carer"...).
 */
int parent_add(struct store *st, const struct viewer *v, const char *name,
	       const char *contact, int64_t household_id, const char *upn,
	       const char *relationship, int64_t *parent_id, struct error *e);
/* Links an existing parent to another child (a sibling). */
int parent_link(struct store *st, const struct viewer *v, int64_t parent_id,
		const char *upn, const char *relationship, struct error *e);

struct parent_row {
	int64_t id, household_id;
	char name[128], contact[128], relationship[64];
	char upn[14];		/* the child this row links them to */
};

/* The parents of the pupil, or every parent-child link v may see (NULL). */
int parent_list(struct store *st, const struct viewer *v, const char *upn,
		struct parent_row **rows, size_t *nr, struct error *e);

/* ---- notices ------------------------------------------------------------ */

/*
 * Issues a Notice to Improve or a penalty notice to one parent of the
 * pupil.  The threshold is read from the pupil's marks
 * (report_penalty_pupil as of the issue date); the parent must be linked
 * to the child.
 */
int penalty_notice_issue(struct store *st, const struct viewer *v,
			 const char *upn, int64_t parent_id,
			 enum notice_kind kind, day_t issued,
			 const char *no_nti_reason, int64_t *id,
			 struct notice_terms *terms, struct error *e);
int penalty_notice_outcome(struct store *st, const struct viewer *v,
			   int64_t id, enum notice_status to, day_t on,
			   const char *detail, struct error *e);

struct notice_row {
	int64_t id, parent_id;
	char upn[14];
	char parent[128];
	enum notice_kind kind;
	enum notice_status status;
	day_t issued, reduced_until, due, outcome_date;
	int32_t amount_pence, paid_pence;
	char outcome[256];
};

/* The notices of the pupil (or of every pupil v may see, upn NULL). */
int penalty_notice_list(struct store *st, const struct viewer *v,
			const char *upn, struct notice_row **rows, size_t *nr,
			struct error *e);

/* ---- part-time timetables -------------------------------------------------- */

/* A plan at the school (urn) where the pupil is enrolled; the LA is told. */
int part_time_add(struct store *st, const struct viewer *v, const char *upn,
		  int32_t urn, const struct part_time *p, int64_t *id,
		  struct error *e);
/* Records the review (on `on`), or the end of the plan. */
int part_time_reviewed(struct store *st, const struct viewer *v, int64_t id,
		       day_t on, bool ended, struct error *e);

struct part_time_row {
	int64_t id;
	char upn[14];
	int32_t urn;
	day_t start, end, review, reviewed, ended;
	int hours_tenths;
	char reason[256];
	bool review_overdue, over_length;	/* as of today */
};

int part_time_list(struct store *st, const struct viewer *v,
		   struct part_time_row **rows, size_t *nr, struct error *e);

/* ---- Targeting Support Meetings ---------------------------------------------- */

/* The school's named LA officer (LA lead only). */
int school_officer_set(struct store *st, const struct viewer *v, int32_t urn,
		       const char *username, struct error *e);
/* Offers a meeting on `date` (LA only); its term follows from the date. */
int tsm_schedule(struct store *st, const struct viewer *v, int32_t urn,
		 day_t date, int64_t *id, struct error *e);
/* The school accepts or declines (the school lead or the LA). */
int tsm_respond(struct store *st, const struct viewer *v, int64_t id,
		bool accept, day_t on, struct error *e);
/* Held or not (LA only), with notes. */
int tsm_hold(struct store *st, const struct viewer *v, int64_t id, bool held,
	     day_t on, const char *notes, struct error *e);
/*
 * An action agreed at a held meeting; with a pupil (upn not NULL) it is
 * also an action on their open case.
 */
int tsm_add_action(struct store *st, const struct viewer *v, int64_t tsm_id,
		   const char *upn, const char *what, const char *owner,
		   day_t due, int64_t *id, struct error *e);

struct tsm_row {
	int64_t id;
	int64_t school_id;
	int32_t urn;
	char school[128];
	char term[16];
	day_t date;
	enum tsm_status status;
	char officer[64];
	int actions;
};

/* Meetings of the schools v may see (urn 0: all of them). */
int tsm_list(struct store *st, const struct viewer *v, int32_t urn,
	     struct tsm_row **rows, size_t *nr, struct error *e);

struct tsm_year_summary {
	size_t schools;		/* in the store */
	size_t accepted;	/* schools that accepted at least one */
	size_t held;		/* schools that held at least one */
};

/* Academic year `year` across the authority (LA only). */
int tsm_summary(struct store *st, const struct viewer *v, int year,
		struct tsm_year_summary *s, struct error *e);

struct tsm_notes_row {
	int64_t id;
	day_t date;
	enum tsm_status status;
	char term[16];
	char notes[1024];
};

/* The meetings of school `urn` (v must see its summary), oldest first. */
int tsm_meetings_with_notes(struct store *st, const struct viewer *v,
			    int32_t urn, struct tsm_notes_row **rows, size_t *nr,
			    struct error *e);

struct tsm_action_row {
	int64_t id, tsm_id;
	char upn[14];		/* "" when the action names no pupil */
	char what[256], owner[128], outcome[256];
	day_t due, done;
};

/*
 * The actions agreed at meeting tsm_id; an action on a pupil's case shows
 * that case action's outcome.  v must see the school's pupils.
 */
int tsm_action_list(struct store *st, const struct viewer *v, int64_t tsm_id,
		    struct tsm_action_row **rows, size_t *nr, struct error *e);

struct school_officer_row {
	int32_t urn;
	char officer[64];	/* user name */
};

/* The named LA officer of every school v may see the summary of, by URN. */
int school_officer_list(struct store *st, const struct viewer *v,
			struct school_officer_row **rows, size_t *nr,
			struct error *e);

/* ---- children missing education ---------------------------------------------- */

/*
 * A referral: a known pupil (upn) or a child by name (and date of birth,
 * DAY_NONE if not known); urn 0 when no school is known.
 */
int cme_refer(struct store *st, const struct viewer *v, const char *upn,
	      const char *name, day_t dob, int32_t urn, enum cme_source source,
	      day_t on, const char *notes, int64_t *id, struct error *e);
int cme_update(struct store *st, const struct viewer *v, int64_t id,
	       enum cme_status to, enum cme_outcome outcome, day_t on,
	       const char *notes, struct error *e);

struct cme_row {
	int64_t id;
	char upn[14];
	char name[130];
	int32_t urn;
	enum cme_source source;
	enum cme_status status;
	day_t referred, updated;
	char outcome[32];
};

/* Every referral (LA), or those of v's schools (school lead). */
int cme_list(struct store *st, const struct viewer *v, struct cme_row **rows,
	     size_t *nr, struct error *e);

/* ---- alerts --------------------------------------------------------------------- */

struct alert_spec {
	const char *kind;		/* "penalty_threshold" ... */
	int64_t pupil_id, school_id;	/* 0: none */
	int64_t target_user_id;		/* 0: everyone of target_role */
	enum role target_role;
	const char *message;
	const char *dedupe_key;		/* raising the same key again: nothing */
};

/* Raises an alert unless one with its key exists; *added 0 or 1. */
int alert_raise(struct store *st, const struct alert_spec *a, int *added,
		struct error *e);
/* Acknowledges an alert in v's queue (audited). */
int alert_ack(struct store *st, const struct viewer *v, int64_t id,
	      struct error *e);

/*
 * Raises what is due as of `today` (LA only); idempotent, each alert once
 * by its key.  "Officer" is the school's named officer, else every officer.
 *
 *   penalty_threshold      threshold met: officer
 *   part_time_review       review overdue: officer
 *   part_time_review_due   review due within 7 days: officer
 *   part_time_length       plan past its agreed end: officer
 *   legal_review           decision on hold, review date come: officer
 *   case_action_overdue    open case action past due: officer, school
 *   unexplained_absence    N or O of a CIN/CP/CLA child on their school's
 *                          latest register day: each social worker with
 *                          the child on their caseload, the virtual school
 *                          for CLA; the officer if neither
 *   cla_weekly             last Monday-Sunday week's children looked after
 *                          with any absence: virtual school, each social
 *                          worker (their children); LA lead if neither
 *   band_worse             band to the latest register day worse than 7
 *                          days before (once per enrolment, year, band):
 *                          officer, school
 *   registers_not_taken    report_missing_registers up to yesterday:
 *                          officer, school
 *
 * The register-based ones look at a register day only if it is at most 7
 * days before today: an older store raises none of them.
 */
int alerts_refresh(struct store *st, const struct viewer *v, day_t today,
		   size_t *added, struct error *e);

struct alert_row {
	int64_t id;
	char kind[32];
	char upn[14];
	int32_t urn;
	char created[32];
	char message[512];
	char acknowledged_by[64];
	char acknowledged_at[32];
};

/* v's queue: open alerts (and acknowledged ones too if all). */
int alert_list(struct store *st, const struct viewer *v, bool all,
	       struct alert_row **rows, size_t *nr, struct error *e);

/* The acting user by username, for the CLI: ERROR_INPUT if unknown. */
int casework_viewer(struct store *st, const char *username, struct viewer *v,
		    struct error *e);

#endif
