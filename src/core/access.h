#ifndef CORE_ACCESS_H
#define CORE_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/roll.h"

/*
 * Who may see and change what (docs/casework.md, "Who sees what").  A
 * pupil's data is visible only to the roles with a reason to see it:
 *
 *   la_lead         everything, the audit log, the users
 *   la_officer      every school and pupil (named officer for some)
 *   school          its own school(s) and their pupils
 *   social_worker   the children on their caseload
 *   virtual_school  children looked after (CLA), wherever they attend
 *   governor        its school's summaries, never a pupil's name
 *
 * A school sees its pupils while they are on its roll.  After a pupil
 * has left, the school they left (a primary, for its leavers at their
 * secondary) sees, read-only, what it recorded while they were on its
 * roll (its own enrolment's marks and figures) until the end of the
 * academic year after the one they left in, to support the transition;
 * nothing of the new school's, no casework, and no change.  Then
 * nothing.  A day of leaving is still a day on the roll.
 *
 * Every rule is one function here; the web pages, the CLI and the
 * casework service ask these and compare no roles themselves.
 * t/unit/test-access.c holds the whole matrix.
 */
enum role {
	ROLE_LA_LEAD,
	ROLE_LA_OFFICER,
	ROLE_SCHOOL,
	ROLE_SOCIAL_WORKER,
	ROLE_VIRTUAL_SCHOOL,
	ROLE_GOVERNOR,
	ROLE_COUNT
};

struct viewer {
	int64_t user_id;
	char username[64];
	char name[128];
	enum role role;
	int64_t *schools;	/* assigned or own schools, sorted */
	size_t nr_schools;
	int64_t *pupils;	/* caseload, sorted */
	size_t nr_pupils;
};

const char *role_name(enum role r);		/* "la_lead" ... */
const char *role_label(enum role r);		/* "LA attendance lead" ... */
int role_parse(const char *s);			/* -1 if unknown */
/* What an account of the role must name: its schools; its caseload. */
bool role_needs_schools(enum role r);		/* school, governor */
bool role_needs_caseload(enum role r);		/* social worker */

/* ---- schools and pupils ----------------------------------------------- */

/* An enrolment as the rules see it: the school, when it had the pupil. */
struct access_enrolment {
	int64_t school_id;
	day_t start, end;	/* DAY_NONE: not known; end DAY_NONE: on roll */
};

/* On the roll on today: no end date, or one not before today. */
bool access_enrolment_current(const struct access_enrolment *en, day_t today);
/*
 * The last day the school a pupil left on `end` may see what it
 * recorded: 31 July of the academic year after the one `end` is in
 * (left 19 July 2024, in 2023/24: until 31 July 2025).
 */
day_t access_former_until(day_t end);

/* Authority-wide pages: dashboard, all schools, hotspots. */
bool access_authority(const struct viewer *v);
/* A school's summary pages (bands, cohorts, trends; no names). */
bool access_school_summary(const struct viewer *v, int64_t school_id);
/* Named pupils of a school: lists, pupil pages, the TSM pack. */
bool access_school_pupils(const struct viewer *v, int64_t school_id);
/*
 * Pupils by name at all (the lists, the cases): every role but the
 * governor; which pupils, access_pupil and access_pupil_row say.
 */
bool access_named_pupils(const struct viewer *v);
/* Children by caseload rather than by school: social worker, virtual school. */
bool access_caseload(const struct viewer *v);
/*
 * One named pupil, given their enrolments (en[0..nr-1]), their social
 * care status and today: their whole record, their case, its legal
 * decisions and notices.  A school only while the pupil is on its roll.
 */
bool access_pupil(const struct viewer *v, int64_t pupil_id,
		  const struct access_enrolment *en, size_t nr,
		  enum social_care care, day_t today);
/*
 * The marks and figures of the pupil's enrolment en[i]: whoever sees the
 * whole record (access_pupil), and the school of en[i] when the pupil
 * has left it, up to access_former_until() its end.
 */
bool access_pupil_enrolment(const struct viewer *v, int64_t pupil_id,
			    const struct access_enrolment *en, size_t nr,
			    size_t i, enum social_care care, day_t today);
/*
 * The pupil's page of attendance at all: access_pupil_enrolment for
 * one of their enrolments (which it then shows only those of).
 */
bool access_pupil_attendance(const struct viewer *v, int64_t pupil_id,
			     const struct access_enrolment *en, size_t nr,
			     enum social_care care, day_t today);
/*
 * One enrolment's row in a list of pupils: access_pupil_enrolment of
 * that enrolment alone, so a school lead does not see the row of a
 * dual-registered pupil at the other school, and sees its own row of a
 * leaver only as long as it may.
 */
bool access_pupil_row(const struct viewer *v, int64_t pupil_id,
		      const struct access_enrolment *row,
		      enum social_care care, day_t today);

/* ---- casework ------------------------------------------------------------ */

/* Holds casework (offers the forms that open a case): the LA and schools. */
bool access_casework(const struct viewer *v);
/*
 * Changes one pupil's casework (their case, parents, legal decisions,
 * notices, part-time timetables): the LA for every pupil, a school lead
 * for the pupils on its roll (access_pupil: never a former school).
 */
bool access_case_change(const struct viewer *v, int64_t pupil_id,
			const struct access_enrolment *en, size_t nr,
			enum social_care care, day_t today);
/*
 * Gives step 4 of the joint legal decision, the agreement to legal
 * action: a social worker with the child on their caseload, or for a
 * child looked after the virtual school head.
 */
bool access_legal_agree(const struct viewer *v, int64_t pupil_id,
			const struct access_enrolment *en, size_t nr,
			enum social_care care, day_t today);

/* Targeting Support Meetings: the pages (LA, schools, governors). */
bool access_tsm(const struct viewer *v);
/* Accepts or declines a school's meeting: the school itself, or the LA. */
bool access_tsm_answer(const struct viewer *v, int64_t school_id);
/* Names a school's LA officer: the LA lead. */
bool access_officer_assign(const struct viewer *v);
/* May be named a school's officer: the LA's own staff. */
bool access_officer_eligible(const struct viewer *v);

/* Children missing education: the pages and referring (LA, schools). */
bool access_cme(const struct viewer *v);
/*
 * One referral, by its school (0: none known): the LA every one, a school
 * lead those of its own school; a school refers from its own roll.
 */
bool access_cme_referral(const struct viewer *v, int64_t school_id);

/*
 * Is an alert in v's queue?  Addressed to a user (target_user, 0 if
 * none) it is theirs; else to everyone of target_role (-1: unknown), and
 * of those only to who may see its pupil or school, which the caller
 * checks (ACCESS_IF_SUBJECT).  The LA lead's queue holds every alert.
 */
enum access_answer { ACCESS_NO, ACCESS_YES, ACCESS_IF_SUBJECT };
enum access_answer access_alert(const struct viewer *v, int64_t target_user,
				int target_role);

/*
 * Uploads a file of a school's (pupils, registers, MIS exports, CTFs)
 * through the web application: the LA for every school, a school lead
 * for its own (school_id 0: the authority's own files, such as the
 * schools or GIAS, the LA only).  access_upload_any: the upload page.
 */
bool access_upload(const struct viewer *v, int64_t school_id);
bool access_upload_any(const struct viewer *v);

/* The audit log and user administration. */
bool access_admin(const struct viewer *v);

#endif
