#ifndef CASEWORK_WEB_READS_H
#define CASEWORK_WEB_READS_H

#include "casework/casework.h"

/*
 * Reads the web pages need beyond casework.h: a school's meetings with
 * their notes, the actions agreed at a meeting with what came of them,
 * and the actions on every open case at a school (for the TSM pack).
 * Read only; each checks that v may see what it returns, and none of
 * them writes an audit row: the page that shows them does that once.
 */

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

struct school_officer_row {
	int32_t urn;
	char officer[64];	/* user name */
};

/* The named LA officer of every school v may see the summary of, by URN. */
int school_officer_list(struct store *st, const struct viewer *v,
			struct school_officer_row **rows, size_t *nr,
			struct error *e);

#endif
