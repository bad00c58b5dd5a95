/* Reads for the web pages: meetings' notes and actions, a school's case actions. */
#include <stdio.h>
#include <stdlib.h>

#include "casework/internal.h"
#include "casework/web_reads.h"

/* The school with this URN, if v may see its pupils (names) or summary. */
static int school_for(struct store *st, const struct viewer *v, int32_t urn,
		      bool names, int64_t *id, struct error *e)
{
	if (cw_school(st, urn, id, e))
		return -1;
	if (names ? !access_school_pupils(v, *id) : !access_school_summary(v, *id))
		return error_set(e, ERROR_INPUT, "%s may not see school %06d",
				 v->username, urn);
	return 0;
}

int tsm_meetings_with_notes(struct store *st, const struct viewer *v,
			    int32_t urn, struct tsm_notes_row **rows, size_t *nr,
			    struct error *e)
{
	sqlite3_stmt *stmt;
	int64_t school_id;
	size_t alloc = 0;

	*rows = NULL;
	*nr = 0;
	if (school_for(st, v, urn, false, &school_id, e))
		return -1;
	stmt = store_prepare(st, "SELECT id, meeting_date, status, term, notes "
			     "FROM tsm WHERE school_id = ? ORDER BY meeting_date, id",
			     e);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, school_id);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		struct tsm_notes_row *r = CW_PUSH(*rows, *nr, alloc);
		int s = tsm_status_parse((const char *)sqlite3_column_text(stmt, 2));

		r->id = sqlite3_column_int64(stmt, 0);
		r->date = cw_column_date(stmt, 1);
		r->status = s < 0 ? TSM_OFFERED : (enum tsm_status)s;
		cw_column_copy(stmt, 3, r->term, sizeof(r->term));
		cw_column_copy(stmt, 4, r->notes, sizeof(r->notes));
	}
	sqlite3_reset(stmt);
	return 0;
}

int tsm_action_list(struct store *st, const struct viewer *v, int64_t tsm_id,
		    struct tsm_action_row **rows, size_t *nr, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT t.school_id FROM tsm t "
					   "WHERE t.id = ?", e);
	int64_t school_id;
	size_t alloc = 0;

	*rows = NULL;
	*nr = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, tsm_id);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return error_set(e, ERROR_INPUT, "no meeting %lld", (long long)tsm_id);
	}
	school_id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (!access_school_pupils(v, school_id))
		return error_set(e, ERROR_INPUT, "%s may not see meeting %lld",
				 v->username, (long long)tsm_id);
	stmt = store_prepare(st, "SELECT a.id, a.tsm_id, coalesce(p.upn, ''), "
		"a.what, a.owner, a.due, coalesce(ca.done, a.done), "
		"coalesce(ca.outcome, a.outcome) FROM tsm_action a "
		"LEFT JOIN case_action ca ON ca.id = a.case_action_id "
		"LEFT JOIN pupil_case c ON c.id = ca.case_id "
		"LEFT JOIN pupil p ON p.id = c.pupil_id "
		"WHERE a.tsm_id = ? ORDER BY a.due, a.id", e);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, tsm_id);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		struct tsm_action_row *r = CW_PUSH(*rows, *nr, alloc);

		r->id = sqlite3_column_int64(stmt, 0);
		r->tsm_id = sqlite3_column_int64(stmt, 1);
		cw_column_copy(stmt, 2, r->upn, sizeof(r->upn));
		cw_column_copy(stmt, 3, r->what, sizeof(r->what));
		cw_column_copy(stmt, 4, r->owner, sizeof(r->owner));
		r->due = cw_column_date(stmt, 5);
		r->done = cw_column_date(stmt, 6);
		cw_column_copy(stmt, 7, r->outcome, sizeof(r->outcome));
	}
	sqlite3_reset(stmt);
	return 0;
}

int school_case_actions(struct store *st, const struct viewer *v, int32_t urn,
			struct school_case_action **rows, size_t *nr,
			struct error *e)
{
	sqlite3_stmt *stmt;
	int64_t school_id;
	size_t alloc = 0;

	*rows = NULL;
	*nr = 0;
	if (school_for(st, v, urn, true, &school_id, e))
		return -1;
	stmt = store_prepare(st, "SELECT p.upn, c.stage, a.id, a.what, a.owner, "
		"a.due, a.done, a.outcome FROM case_action a "
		"JOIN pupil_case c ON c.id = a.case_id AND c.closed = '' "
		"JOIN pupil p ON p.id = c.pupil_id "
		"WHERE a.done = '' AND EXISTS (SELECT 1 FROM enrolment en WHERE "
		"en.pupil_id = p.id AND en.school_id = ?) ORDER BY p.upn, a.due, a.id",
		e);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, school_id);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		struct school_case_action *r = CW_PUSH(*rows, *nr, alloc);
		int s = stage_parse((const char *)sqlite3_column_text(stmt, 1));

		cw_column_copy(stmt, 0, r->upn, sizeof(r->upn));
		r->stage = s < 0 ? STAGE_MONITOR : (enum stage)s;
		r->a.id = sqlite3_column_int64(stmt, 2);
		cw_column_copy(stmt, 3, r->a.what, sizeof(r->a.what));
		cw_column_copy(stmt, 4, r->a.owner, sizeof(r->a.owner));
		r->a.due = cw_column_date(stmt, 5);
		r->a.done = cw_column_date(stmt, 6);
		cw_column_copy(stmt, 7, r->a.outcome, sizeof(r->a.outcome));
	}
	sqlite3_reset(stmt);
	return 0;
}

int school_officer_list(struct store *st, const struct viewer *v,
			struct school_officer_row **rows, size_t *nr,
			struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT s.id, s.urn, u.username "
		"FROM school_officer so JOIN school s ON s.id = so.school_id "
		"JOIN user u ON u.id = so.user_id ORDER BY s.urn", e);
	size_t alloc = 0;
	int rc;

	*rows = NULL;
	*nr = 0;
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct school_officer_row *r;

		if (!access_school_summary(v, sqlite3_column_int64(stmt, 0)))
			continue;
		if (*nr == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			*rows = xrealloc(*rows, alloc * sizeof(**rows));
		}
		r = &(*rows)[(*nr)++];
		r->urn = sqlite3_column_int(stmt, 1);
		snprintf(r->officer, sizeof(r->officer), "%s",
			 (const char *)sqlite3_column_text(stmt, 2));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		*nr = 0;
		return store_sqlite_error(st, e, "reading schools' officers");
	}
	return 0;
}
