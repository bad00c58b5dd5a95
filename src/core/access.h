#ifndef CORE_ACCESS_H
#define CORE_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/roll.h"

/*
 * Who may see what (docs/casework.md).  A pupil's data is visible
 * only to the roles with a reason to see it:
 *
 *   la_lead         everything, the audit log, the users
 *   la_officer      every school and pupil (named officer for some)
 *   school          its own school(s) and their pupils
 *   social_worker   the children on their caseload
 *   virtual_school  children looked after (CLA), wherever they attend
 *   governor        its school's summaries, never a pupil's name
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

/* Authority-wide pages: dashboard, all schools, hotspots. */
bool access_authority(const struct viewer *v);
/* A school's summary pages (bands, cohorts, trends; no names). */
bool access_school_summary(const struct viewer *v, int64_t school_id);
/* Named pupils of a school: lists, pupil pages. */
bool access_school_pupils(const struct viewer *v, int64_t school_id);
/*
 * One named pupil, given their enrolments' schools and social care
 * status.
 */
bool access_pupil(const struct viewer *v, int64_t pupil_id,
		  const int64_t *school_ids, size_t nr_schools,
		  enum social_care care);
/* The audit log and user administration. */
bool access_admin(const struct viewer *v);

#endif
