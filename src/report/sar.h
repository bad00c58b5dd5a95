#ifndef REPORT_SAR_H
#define REPORT_SAR_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/error.h"

/*
 * A subject access request (UK GDPR article 15): everything the store and
 * its audit log hold about one child, or one parent, as tables the
 * command line writes out as JSON and as a readable document
 * (docs/privacy.md, "Subject access").
 *
 * For a child: the pupil record, their enrolments, every register mark
 * (with its code's meaning) and every change to one, their parents,
 * their cases with each case's history, barriers, agencies and actions,
 * legal decisions, notices, part-time timetables, referrals as missing
 * education, alerts, Targeting Support Meeting actions and notes that
 * name them, who holds them on a caseload, a legal hold on their
 * records, and every audit entry about them.  For a parent: their
 * record, the children they are linked to, the notices issued to them
 * and the audit entries about them.
 *
 * Free text (reasons, notes, outcomes) is given as recorded: it may name
 * other people, whom the authority redacts before sending.
 */
struct sar_table {
	const char *key;	/* "case_events": the JSON's name */
	const char *title;	/* "Case history": the document's */
	size_t nr_columns, nr_rows;
	char **columns;
	char **cells;		/* row by row; NULL: no value */
	unsigned char *number;	/* per cell: 1 if it is a number */
};

struct sar {
	const char *kind;	/* "pupil" or "parent" */
	char subject[32];	/* the UPN, or the parent's id */
	char name[160];
	char generated_at[STORE_TIME_SIZE];
	struct sar_table *tables;
	size_t nr_tables;
	size_t nr_audit;	/* rows of the audit table */
};

/* Everything held about the pupil with this UPN: ERROR_INPUT if none. */
int sar_pupil(struct store *st, const char *upn, struct sar *out,
	      struct error *e);
/* Everything held about parent id: ERROR_INPUT if there is none. */
int sar_parent(struct store *st, int64_t id, struct sar *out, struct error *e);
void sar_release(struct sar *s);

#endif
