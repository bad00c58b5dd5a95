/* Targeting Support Meetings: named officers, meetings, their actions. */
#include <stdio.h>
#include <stdlib.h>

#include "casework/internal.h"
#include "util/strbuf.h"

int school_officer_set(struct store *st, const struct viewer *v, int32_t urn,
		       const char *username, struct error *e)
{
	struct viewer officer;
	sqlite3_stmt *stmt;
	int64_t school_id, officer_id;
	char object[32];
	bool ok;

	if (!access_officer_assign(v))
		return error_set(e, ERROR_INPUT, "%s may not assign officers: "
				 "that is for the LA attendance lead", v->username);
	if (cw_school(st, urn, &school_id, e) ||
	    casework_viewer(st, username, &officer, e))
		return -1;
	ok = access_officer_eligible(&officer);
	officer_id = officer.user_id;
	viewer_release(&officer);
	if (!ok)
		return error_set(e, ERROR_INPUT, "%s is not an LA attendance "
				 "officer", username);
	if (store_begin(st, e))
		return -1;
	stmt = store_prepare(st, "INSERT INTO school_officer (school_id, user_id) "
			     "VALUES (?, ?) ON CONFLICT (school_id) DO UPDATE SET "
			     "user_id = excluded.user_id", e);
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, school_id);
	sqlite3_bind_int64(stmt, 2, officer_id);
	if (cw_step(st, stmt, "naming an officer", e))
		goto fail;
	snprintf(object, sizeof(object), "school %06d", urn);
	if (cw_audit(st, v, object, e, "named officer %s", username))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int tsm_schedule(struct store *st, const struct viewer *v, int32_t urn,
		 day_t date, int64_t *id, struct error *e)
{
	sqlite3_stmt *stmt;
	int64_t school_id;
	char term[16], today[11];
	day_t now = date_today();

	if (cw_must_be_la(v, "offer a Targeting Support Meeting", e) ||
	    cw_school(st, urn, &school_id, e))
		return -1;
	if (date == DAY_NONE)
		return error_set(e, ERROR_INPUT, "a meeting needs a date");
	if (date < now) {
		date_format(now, today);
		return error_set(e, ERROR_INPUT, "a meeting is offered for a date "
				 "not in the past (today is %s)", today);
	}
	snprintf(term, sizeof(term), "%d-%s", academic_year_of(date),
		 term_name(term_of(date)));
	if (store_begin(st, e))
		return -1;
	stmt = store_prepare(st, "INSERT INTO tsm (school_id, term, meeting_date, "
			     "status, offered, officer_id) VALUES (?, ?, ?, "
			     "'offered', ?, ?)", e);
	if (!stmt)
		goto fail;
	date_format(now, today);
	sqlite3_bind_int64(stmt, 1, school_id);
	cw_bind_text(stmt, 2, term);
	cw_bind_date(stmt, 3, date);
	cw_bind_text(stmt, 4, today);
	cw_bind_id(stmt, 5, v->user_id);
	if (cw_step(st, stmt, "offering a meeting", e))
		goto fail;
	*id = sqlite3_last_insert_rowid(store_db(st));
	if (cw_audit_of(st, v, "tsm", *id, e, "offered to %06d for %s", urn, term))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

struct meeting {
	int64_t school_id;
	enum tsm_status status;
	day_t date, offered;
};

static int meeting_load(struct store *st, int64_t id, struct meeting *m,
			struct error *e)
{
	sqlite3_stmt *stmt = cw_row(st, "SELECT school_id, status, "
		"meeting_date, offered FROM tsm WHERE id = ?", id, "meeting", e);
	int s;

	if (!stmt)
		return -1;
	m->school_id = sqlite3_column_int64(stmt, 0);
	s = tsm_status_parse((const char *)sqlite3_column_text(stmt, 1));
	m->status = s < 0 ? TSM_OFFERED : (enum tsm_status)s;
	m->date = cw_column_date(stmt, 2);
	m->offered = cw_column_date(stmt, 3);
	sqlite3_reset(stmt);
	return 0;
}

/* Moves meeting id to `to` on `on`, setting the column of that name. */
static int meeting_move(struct store *st, const struct viewer *v, int64_t id,
			const struct meeting *m, enum tsm_status to, day_t on,
			const char *notes, struct error *e)
{
	char sql[160], d[11];
	sqlite3_stmt *stmt;

	if (tsm_check_transition(m->status, to, e))
		return -1;
	if (on == DAY_NONE || on > date_today() || on < m->offered) {
		date_format(m->offered, d);
		return error_set(e, ERROR_INPUT, "the date must lie between the "
				 "offer (%s) and today", d);
	}
	if ((to == TSM_HELD || to == TSM_NOT_HELD) && on < m->date) {
		date_format(m->date, d);
		return error_set(e, ERROR_INPUT, "the meeting is planned for %s: "
				 "it cannot be recorded as %s before then", d,
				 tsm_status_name(to));
	}
	if (store_begin(st, e))
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE tsm SET status = ?1, %s = ?2, notes = "
		 "CASE WHEN ?3 = '' THEN notes ELSE ?3 END WHERE id = ?4",
		 tsm_status_name(to));
	stmt = store_prepare(st, sql, e);
	if (!stmt)
		goto fail;
	cw_bind_text(stmt, 1, tsm_status_name(to));
	cw_bind_date(stmt, 2, on);
	cw_bind_text(stmt, 3, notes);
	sqlite3_bind_int64(stmt, 4, id);
	if (cw_step(st, stmt, "recording a meeting", e))
		goto fail;
	if (cw_audit_of(st, v, "tsm", id, e, "%s", tsm_status_name(to)))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int tsm_respond(struct store *st, const struct viewer *v, int64_t id,
		bool accept, day_t on, struct error *e)
{
	struct meeting m;

	if (meeting_load(st, id, &m, e))
		return -1;
	if (!access_tsm_answer(v, m.school_id))
		return error_set(e, ERROR_INPUT, "%s may not answer for that "
				 "school", v->username);
	return meeting_move(st, v, id, &m, accept ? TSM_ACCEPTED : TSM_DECLINED,
			    on, NULL, e);
}

int tsm_hold(struct store *st, const struct viewer *v, int64_t id, bool held,
	     day_t on, const char *notes, struct error *e)
{
	struct meeting m;

	if (cw_must_be_la(v, "record a meeting", e) || meeting_load(st, id, &m, e))
		return -1;
	return meeting_move(st, v, id, &m, held ? TSM_HELD : TSM_NOT_HELD, on,
			    notes, e);
}

int tsm_add_action(struct store *st, const struct viewer *v, int64_t tsm_id,
		   const char *upn, const char *what, const char *owner,
		   day_t due, int64_t *id, struct error *e)
{
	struct meeting m;
	struct pupil_record p;
	sqlite3_stmt *stmt;
	int64_t case_id = 0, action_id = 0;
	enum stage stage;
	bool at_school = false;

	if (cw_must_be_la(v, "record a meeting's actions", e) ||
	    meeting_load(st, tsm_id, &m, e))
		return -1;
	if (m.status != TSM_HELD)
		return error_set(e, ERROR_INPUT, "meeting %lld is %s: actions come "
				 "from a meeting that was held", (long long)tsm_id,
				 tsm_status_name(m.status));
	if (upn) {
		if (pupil_find(st, upn, &p, e))
			return -1;
		for (size_t i = 0; i < p.nr_schools; i++)
			at_school |= p.schools[i] == m.school_id;
		if (!at_school)
			return error_set(e, ERROR_INPUT, "pupil %s is not on the "
					 "roll of the meeting's school", p.upn);
	}
	if (text_blank(what) || text_blank(owner) || due == DAY_NONE)
		return error_set(e, ERROR_INPUT, "an action needs what, its owner "
				 "and a due date");
	if (store_begin(st, e))
		return -1;
	if (upn && (cw_open_case(st, &p, &case_id, &stage, e) ||
		    cw_insert_action(st, v, case_id, what, owner, due,
				     &action_id, e)))
		goto fail;
	stmt = store_prepare(st, "INSERT INTO tsm_action (tsm_id, what, owner, "
			     "due, case_action_id) VALUES (?, ?, ?, ?, ?)", e);
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, tsm_id);
	cw_bind_text(stmt, 2, what);
	cw_bind_text(stmt, 3, owner);
	cw_bind_date(stmt, 4, due);
	cw_bind_id(stmt, 5, action_id);
	if (cw_step(st, stmt, "recording a meeting's action", e))
		goto fail;
	*id = sqlite3_last_insert_rowid(store_db(st));
	if (cw_audit_of(st, v, "tsm", tsm_id, e, "action %lld%s%s: %s",
			(long long)*id, upn ? " for pupil " : "", upn ? upn : "",
			what))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* The meeting's school (column 8) is one v may see the summary of. */
static int tsm_seen(struct store *st, const struct viewer *v,
		    sqlite3_stmt *stmt)
{
	(void)st;
	return access_school_summary(v, sqlite3_column_int64(stmt, 8));
}

static void tsm_read(sqlite3_stmt *stmt, void *row)
{
	struct tsm_row *r = row;
	int s = tsm_status_parse((const char *)sqlite3_column_text(stmt, 5));

	r->id = sqlite3_column_int64(stmt, 0);
	r->school_id = sqlite3_column_int64(stmt, 8);
	r->urn = sqlite3_column_int(stmt, 1);
	cw_column_copy(stmt, 2, r->school, sizeof(r->school));
	cw_column_copy(stmt, 3, r->term, sizeof(r->term));
	r->date = cw_column_date(stmt, 4);
	r->status = s < 0 ? TSM_OFFERED : (enum tsm_status)s;
	cw_column_copy(stmt, 6, r->officer, sizeof(r->officer));
	r->actions = sqlite3_column_int(stmt, 7);
}

static const struct cw_list_query meetings_query = {
	"SELECT t.id, s.urn, s.name, t.term, t.meeting_date, t.status, "
	"coalesce(u.username, ''), (SELECT count(*) FROM tsm_action a WHERE "
	"a.tsm_id = t.id), s.id FROM tsm t JOIN school s ON s.id = t.school_id "
	"LEFT JOIN school_officer so ON so.school_id = s.id LEFT JOIN user u ON "
	"u.id = so.user_id WHERE ?1 = 0 OR s.urn = ?1 "
	"ORDER BY s.urn, t.meeting_date, t.id",
	-1, tsm_seen, tsm_read, sizeof(struct tsm_row),
};

int tsm_list(struct store *st, const struct viewer *v, int32_t urn,
	     struct tsm_row **rows, size_t *nr, struct error *e)
{
	return cw_list_run(st, v, &meetings_query, NULL, urn, (void **)rows, nr,
			   e);
}

int tsm_summary(struct store *st, const struct viewer *v, int year,
		struct tsm_year_summary *s, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT count(*), "
		"count(*) FILTER (WHERE EXISTS (SELECT 1 FROM tsm t WHERE "
		"t.school_id = s.id AND t.meeting_date BETWEEN ?1 AND ?2 AND "
		"t.status IN ('accepted', 'held', 'not_held'))), "
		"count(*) FILTER (WHERE EXISTS (SELECT 1 FROM tsm t WHERE "
		"t.school_id = s.id AND t.meeting_date BETWEEN ?1 AND ?2 AND "
		"t.status = 'held')) FROM school s", e);

	memset(s, 0, sizeof(*s));
	if (cw_must_be_la(v, "see the authority's meetings", e))
		return -1;
	if (!stmt)
		return -1;
	cw_bind_date(stmt, 1, academic_year_start(year));
	cw_bind_date(stmt, 2, academic_year_end(year));
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		s->schools = (size_t)sqlite3_column_int64(stmt, 0);
		s->accepted = (size_t)sqlite3_column_int64(stmt, 1);
		s->held = (size_t)sqlite3_column_int64(stmt, 2);
	}
	sqlite3_reset(stmt);
	return 0;
}

static void notes_read(sqlite3_stmt *stmt, void *row)
{
	struct tsm_notes_row *r = row;
	int s = tsm_status_parse((const char *)sqlite3_column_text(stmt, 2));

	r->id = sqlite3_column_int64(stmt, 0);
	r->date = cw_column_date(stmt, 1);
	r->status = s < 0 ? TSM_OFFERED : (enum tsm_status)s;
	cw_column_copy(stmt, 3, r->term, sizeof(r->term));
	cw_column_copy(stmt, 4, r->notes, sizeof(r->notes));
}

static const struct cw_list_query notes_query = {
	"SELECT id, meeting_date, status, term, notes FROM tsm "
	"WHERE school_id = ?1 ORDER BY meeting_date, id",
	-1, NULL, notes_read, sizeof(struct tsm_notes_row),
};

int tsm_meetings_with_notes(struct store *st, const struct viewer *v,
			    int32_t urn, struct tsm_notes_row **rows, size_t *nr,
			    struct error *e)
{
	int64_t school_id;

	*rows = NULL;
	*nr = 0;
	if (cw_school_seen(st, v, urn, false, &school_id, e))
		return -1;
	return cw_list_run(st, v, &notes_query, NULL, school_id, (void **)rows,
			   nr, e);
}

static void tsm_action_read(sqlite3_stmt *stmt, void *row)
{
	struct tsm_action_row *r = row;

	r->id = sqlite3_column_int64(stmt, 0);
	r->tsm_id = sqlite3_column_int64(stmt, 1);
	cw_column_copy(stmt, 2, r->upn, sizeof(r->upn));
	cw_column_copy(stmt, 3, r->what, sizeof(r->what));
	cw_column_copy(stmt, 4, r->owner, sizeof(r->owner));
	r->due = cw_column_date(stmt, 5);
	r->done = cw_column_date(stmt, 6);
	cw_column_copy(stmt, 7, r->outcome, sizeof(r->outcome));
}

static const struct cw_list_query tsm_actions_query = {
	"SELECT a.id, a.tsm_id, coalesce(p.upn, ''), a.what, a.owner, a.due, "
	"coalesce(ca.done, a.done), coalesce(ca.outcome, a.outcome) FROM "
	"tsm_action a LEFT JOIN case_action ca ON ca.id = a.case_action_id "
	"LEFT JOIN pupil_case c ON c.id = ca.case_id LEFT JOIN pupil p ON "
	"p.id = c.pupil_id WHERE a.tsm_id = ?1 ORDER BY a.due, a.id",
	-1, NULL, tsm_action_read, sizeof(struct tsm_action_row),
};

int tsm_action_list(struct store *st, const struct viewer *v, int64_t tsm_id,
		    struct tsm_action_row **rows, size_t *nr, struct error *e)
{
	sqlite3_stmt *stmt;
	int64_t school_id;

	*rows = NULL;
	*nr = 0;
	stmt = cw_row(st, "SELECT school_id FROM tsm WHERE id = ?", tsm_id,
		      "meeting", e);
	if (!stmt)
		return -1;
	school_id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (!access_school_pupils(v, school_id))
		return cw_no_record(e, "meeting", tsm_id);
	return cw_list_run(st, v, &tsm_actions_query, NULL, tsm_id,
			   (void **)rows, nr, e);
}

/* The officer's school (column 0) is one v may see the summary of. */
static int officer_seen(struct store *st, const struct viewer *v,
			sqlite3_stmt *stmt)
{
	(void)st;
	return access_school_summary(v, sqlite3_column_int64(stmt, 0));
}

static void officer_read(sqlite3_stmt *stmt, void *row)
{
	struct school_officer_row *r = row;

	r->urn = sqlite3_column_int(stmt, 1);
	cw_column_copy(stmt, 2, r->officer, sizeof(r->officer));
}

static const struct cw_list_query officers_query = {
	"SELECT s.id, s.urn, u.username FROM school_officer so JOIN school s "
	"ON s.id = so.school_id JOIN user u ON u.id = so.user_id ORDER BY s.urn",
	-1, officer_seen, officer_read, sizeof(struct school_officer_row),
};

int school_officer_list(struct store *st, const struct viewer *v,
			struct school_officer_row **rows, size_t *nr,
			struct error *e)
{
	return cw_list_run(st, v, &officers_query, NULL, 0, (void **)rows, nr, e);
}
