#ifndef REPORT_RETENTION_H
#define REPORT_RETENTION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "store/store.h"
#include "util/error.h"

/*
 * Retention (UK GDPR article 5(1)(e): kept no longer than necessary), by
 * the periods the authority sets (store/config.h), applied by `attend
 * retention apply` (docs/privacy.md, "Retention", says what goes from
 * each table and why):
 *
 *   registers   a pupil's register marks and the changes to them, kept
 *               retention_registers_years after the pupil left;
 *   casework    their cases with all that hangs on them, legal decisions,
 *               notices, part-time timetables, CME referrals, alerts,
 *               their links to parents and caseloads, kept
 *               retention_casework_years after they left; a parent left
 *               with no child and no notice goes with them, and a TSM
 *               action for them is kept for the meeting but anonymised;
 *   the pupil   their record and enrolments, once both have gone;
 *   audit       an entry of the audit log, kept retention_audit_years
 *               from the day it was written.
 *
 * A pupil has left when none of their enrolments is current: each has an
 * end date; they left on the latest.  Past the period means more than
 * N years before today: left on 1 March 2019 is kept on 1 March 2025,
 * for 6 years, and goes on 2 March.  A pupil with no enrolment is not
 * judged.  Nothing of a pupil under a legal hold goes, not even the
 * audit entries about them.
 */
#define RETENTION_DEFAULT_YEARS 6

struct retention_policy {
	int registers_years, casework_years, audit_years;
};

/* The authority's periods (config), or RETENTION_DEFAULT_YEARS each. */
int retention_policy_get(struct store *st, struct retention_policy *p,
			 struct error *e);

/* What an apply removed, table by table. */
struct retention_row {
	const char *table;
	const char *how;	/* "deleted" or "anonymised" */
	long rows;
};

struct retention_report {
	struct retention_policy policy;
	day_t today;
	/* left before these days: registers, casework past their period */
	day_t registers_before, casework_before;
	char audit_before[11];	/* entries written before this day */
	long pupils_registers, pupils_casework, pupils_removed, pupils_held;
	struct retention_row rows[32];
	size_t nr_rows;
};

/*
 * Deletes or anonymises what is past the periods on `today` (or, with
 * dry_run, works it all out in transactions it rolls back), filling r.
 * The store's part is one transaction, the audit log's another; `by`
 * (who ran it) goes in the audit entry that records the apply.
 */
int retention_apply(struct store *st, day_t today, bool dry_run,
		    const char *by, struct retention_report *r, struct error *e);

/* Puts the pupil under a legal hold (reason required), or releases them. */
int retention_hold(struct store *st, const char *upn, const char *reason,
		   const char *by, struct error *e);
int retention_release(struct store *st, const char *upn, const char *by,
		      struct error *e);

struct retention_held {
	char upn[14], name[130], reason[256], held_at[STORE_TIME_SIZE];
	char held_by[80];
};
/* The pupils under a hold, by UPN: *rows malloc'd. */
int retention_holds(struct store *st, struct retention_held **rows, size_t *nr,
		    struct error *e);

#endif
