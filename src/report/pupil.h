#ifndef REPORT_PUPIL_H
#define REPORT_PUPIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/access.h"
#include "core/roll.h"
#include "store/store.h"
#include "util/error.h"

/*
 * One pupil's record as the pages and the casework service read it: who
 * they are, and the schools they are on the roll of.  The one place that
 * looks a pupil up by UPN (or id) with their enrolments.  Whether a
 * viewer may see the record is core/access.h's answer, from the
 * enrolments' schools and dates:
 *
 *	access_pupil(v, p.id, p.roll, p.nr_schools, p.care, date_today())
 */
#define PUPIL_MAX_SCHOOLS 8

struct pupil_enrolment {
	int64_t school_id;
	int32_t urn;
	char name[128];			/* the school's */
	char year_group[4];
	char start[11], end[11];	/* YYYY-MM-DD; "" when not known */
};

struct pupil_record {
	int64_t id;
	char upn[14];
	char surname[64], forename[64];
	char name[130];			/* "forename surname" */
	char dob[11], fsm[4], sen[4], social_care[8];	/* as stored */
	enum social_care care;		/* CARE_UNKNOWN if not one we know */
	/* the enrolments by URN (the first PUPIL_MAX_SCHOOLS) */
	size_t nr_schools;
	int64_t schools[PUPIL_MAX_SCHOOLS];	/* their school_id, in a row */
	struct pupil_enrolment enrolments[PUPIL_MAX_SCHOOLS];
	/* the same, as core/access.h's rules read them: school and dates */
	struct access_enrolment roll[PUPIL_MAX_SCHOOLS];
};

/*
 * The pupil with this UPN, or with this id: 0, or -1 with ERROR_INPUT
 * when there is none ("pupil UPN is not in the store", "no pupil ID"),
 * ERROR_INTERNAL when the store could not be read.
 */
int pupil_find(struct store *st, const char *upn, struct pupil_record *p,
	       struct error *e);
int pupil_find_id(struct store *st, int64_t id, struct pupil_record *p,
		  struct error *e);

#endif
