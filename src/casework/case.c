/* Cases on the graduated response: open, move, close, barriers, actions. */
#include <stdio.h>
#include <stdlib.h>

#include "auth/auth.h"
#include "casework/internal.h"
#include "util/strbuf.h"

static int add_event(struct store *st, const struct viewer *v, int64_t case_id,
		     int from, enum stage to, const char *reason,
		     const struct case_move_spec *m, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO case_event (case_id, "
		"at, user_id, from_stage, to_stage, reason, support_offered, "
		"support_outcome, not_appropriate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		e);
	char now[32];

	if (!stmt)
		return -1;
	cw_now(now);
	sqlite3_bind_int64(stmt, 1, case_id);
	cw_bind_text(stmt, 2, now);
	cw_bind_id(stmt, 3, v->user_id);
	cw_bind_text(stmt, 4, from < 0 ? "" : stage_name((enum stage)from));
	cw_bind_text(stmt, 5, stage_name(to));
	cw_bind_text(stmt, 6, reason);
	cw_bind_text(stmt, 7, m ? m->support_offered : NULL);
	cw_bind_text(stmt, 8, m ? m->support_outcome : NULL);
	cw_bind_text(stmt, 9, m ? m->not_appropriate : NULL);
	return cw_step(st, stmt, "recording the case history", e);
}

int cw_case_open(struct store *st, const struct viewer *v,
		     const struct pupil_record *p, enum stage stage,
		     const char *reason, int64_t *case_id, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT 1 FROM pupil_case "
		"WHERE pupil_id = ? AND closed = ''", e);
	char opened[11];
	int exists;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, p->id);
	exists = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_reset(stmt);
	if (exists)
		return error_set(e, ERROR_INPUT, "pupil %s has an open case "
				 "already; move it instead", p->upn);
	if ((unsigned)stage >= STAGE_COUNT)
		return error_set(e, ERROR_INPUT, "not a stage");
	if (text_blank(reason))
		return error_set(e, ERROR_INPUT, "opening a case needs a reason");
	if (stage == STAGE_ENFORCE)
		return error_set(e, ERROR_INPUT, "a case cannot open at Enforce: "
				 "support comes before enforcement");
	stmt = store_prepare(st, "INSERT INTO pupil_case (pupil_id, stage, "
			     "opened) VALUES (?, ?, ?)", e);
	if (!stmt)
		return -1;
	date_format(date_today(), opened);
	sqlite3_bind_int64(stmt, 1, p->id);
	cw_bind_text(stmt, 2, stage_name(stage));
	cw_bind_text(stmt, 3, opened);
	if (cw_step(st, stmt, "opening a case", e))
		return -1;
	*case_id = sqlite3_last_insert_rowid(store_db(st));
	if (add_event(st, v, *case_id, -1, stage, reason, NULL, e))
		return -1;
	return cw_audit_of(st, v, "case", *case_id, e,
			   "opened for pupil %s at %s: %s", p->upn,
			   stage_name(stage), reason);
}

int casework_open(struct store *st, const struct viewer *v, const char *upn,
		  enum stage stage, const char *reason, int64_t *case_id,
		  struct error *e)
{
	struct pupil_record p;

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (cw_case_open(st, v, &p, stage, reason, case_id, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

/*
 * The support on record: the latest earlier event that recorded support
 * offered with its outcome, or a reason why support was not appropriate.
 */
static int support_on_record(struct store *st, int64_t case_id,
			     char *offered, char *outcome, char *not_appropriate,
			     size_t n, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT support_offered, "
		"support_outcome, not_appropriate FROM case_event WHERE case_id = ? "
		"AND ((support_offered <> '' AND support_outcome <> '') OR "
		"not_appropriate <> '') ORDER BY id DESC LIMIT 1", e);

	offered[0] = outcome[0] = not_appropriate[0] = '\0';
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, case_id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		cw_column_copy(stmt, 0, offered, n);
		cw_column_copy(stmt, 1, outcome, n);
		cw_column_copy(stmt, 2, not_appropriate, n);
	}
	sqlite3_reset(stmt);
	return 0;
}

static int set_stage(struct store *st, int64_t case_id, enum stage to,
		     struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE pupil_case SET stage = ? "
					   "WHERE id = ?", e);

	if (!stmt)
		return -1;
	cw_bind_text(stmt, 1, stage_name(to));
	sqlite3_bind_int64(stmt, 2, case_id);
	return cw_step(st, stmt, "moving a case", e);
}

int casework_move(struct store *st, const struct viewer *v, const char *upn,
		  const struct case_move_spec *m, struct error *e)
{
	char offered[512], outcome[512], not_appropriate[512];
	struct case_move cm;
	struct pupil_record p;
	enum stage from;
	int64_t case_id;

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (cw_open_case(st, &p, &case_id, &from, e) ||
	    support_on_record(st, case_id, offered, outcome, not_appropriate,
			      sizeof(offered), e))
		goto fail;
	cm.from = from;
	cm.to = m->to;
	cm.reason = m->reason;
	/* This move's own record wins; else what the history holds. */
	if (!text_blank(m->support_offered) || !text_blank(m->support_outcome)) {
		cm.support_offered = m->support_offered;
		cm.support_outcome = m->support_outcome;
	} else {
		cm.support_offered = offered;
		cm.support_outcome = outcome;
	}
	cm.not_appropriate = !text_blank(m->not_appropriate) ?
		m->not_appropriate : not_appropriate;
	if (casework_check_move(&cm, e))
		goto fail;
	if (set_stage(st, case_id, m->to, e) ||
	    add_event(st, v, case_id, (int)from, m->to, m->reason, m, e))
		goto fail;
	if (cw_audit_of(st, v, "case", case_id, e, "pupil %s moved %s -> %s: %s",
			p.upn, stage_name(from), stage_name(m->to), m->reason))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int casework_close(struct store *st, const struct viewer *v, const char *upn,
		   const char *reason, struct error *e)
{
	struct pupil_record p;
	sqlite3_stmt *stmt;
	int64_t case_id;
	enum stage stage;
	char today[11];

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e))
		return -1;
	if (text_blank(reason))
		return error_set(e, ERROR_INPUT, "closing a case needs a reason");
	if (store_begin(st, e))
		return -1;
	if (cw_open_case(st, &p, &case_id, &stage, e))
		goto fail;
	stmt = store_prepare(st, "UPDATE pupil_case SET closed = ?, "
			     "closed_reason = ? WHERE id = ?", e);
	if (!stmt)
		goto fail;
	date_format(date_today(), today);
	cw_bind_text(stmt, 1, today);
	cw_bind_text(stmt, 2, reason);
	sqlite3_bind_int64(stmt, 3, case_id);
	if (cw_step(st, stmt, "closing a case", e))
		goto fail;
	if (cw_audit_of(st, v, "case", case_id, e, "closed at %s: %s",
			stage_name(stage), reason))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/*
 * A barrier or an agency (tag), in table case_TAG with the date it was
 * recorded in column `on`: one row per case and value, detail replaced.
 */
static int add_tag(struct store *st, const struct viewer *v, const char *upn,
		   const char *tag, const char *on, const char *value,
		   const char *detail, struct error *e)
{
	struct pupil_record p;
	sqlite3_stmt *stmt;
	int64_t case_id;
	enum stage stage;
	char today[11], sql[160];

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (cw_open_case(st, &p, &case_id, &stage, e))
		goto fail;
	snprintf(sql, sizeof(sql), "INSERT INTO case_%s (case_id, %s, detail, %s, "
		 "user_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
		 "detail = excluded.detail", tag, tag, on);
	if (!(stmt = store_prepare(st, sql, e)))
		goto fail;
	date_format(date_today(), today);
	sqlite3_bind_int64(stmt, 1, case_id);
	cw_bind_text(stmt, 2, value);
	cw_bind_text(stmt, 3, detail);
	cw_bind_text(stmt, 4, today);
	cw_bind_id(stmt, 5, v->user_id);
	if (cw_step(st, stmt, tag, e))
		goto fail;
	if (cw_audit_of(st, v, "case", case_id, e, "%s %s: %s", tag, value,
			detail ? detail : ""))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int casework_add_barrier(struct store *st, const struct viewer *v,
			 const char *upn, enum barrier b, const char *detail,
			 struct error *e)
{
	return (unsigned)b >= BARRIER_COUNT ?
		error_set(e, ERROR_INPUT, "not a barrier") :
		add_tag(st, v, upn, "barrier", "recorded", barrier_name(b),
			detail, e);
}

int casework_add_agency(struct store *st, const struct viewer *v,
			const char *upn, enum agency a, const char *detail,
			struct error *e)
{
	return (unsigned)a >= AGENCY_COUNT ?
		error_set(e, ERROR_INPUT, "not an agency") :
		add_tag(st, v, upn, "agency", "since", agency_name(a), detail, e);
}

int cw_insert_action(struct store *st, const struct viewer *v, int64_t case_id,
		     const char *what, const char *owner, day_t due,
		     int64_t *id, struct error *e)
{
	sqlite3_stmt *stmt;
	char now[11];

	if (text_blank(what) || text_blank(owner))
		return error_set(e, ERROR_INPUT, "an action needs what is to be "
				 "done and who owns it");
	if (due == DAY_NONE)
		return error_set(e, ERROR_INPUT, "an action needs a due date");
	if (due < date_today()) {
		char d[11];
		date_format(due, d);
		return error_set(e, ERROR_INPUT, "the due date %s is in the past",
				 d);
	}
	stmt = store_prepare(st, "INSERT INTO case_action (case_id, what, owner, "
			     "due, agreed, user_id) VALUES (?, ?, ?, ?, ?, ?)", e);
	if (!stmt)
		return -1;
	date_format(date_today(), now);
	sqlite3_bind_int64(stmt, 1, case_id);
	cw_bind_text(stmt, 2, what);
	cw_bind_text(stmt, 3, owner);
	cw_bind_date(stmt, 4, due);
	cw_bind_text(stmt, 5, now);
	cw_bind_id(stmt, 6, v->user_id);
	if (cw_step(st, stmt, "adding an action", e))
		return -1;
	*id = sqlite3_last_insert_rowid(store_db(st));
	return cw_audit_of(st, v, "case", case_id, e, "action %lld for %s: %s",
			   (long long)*id, owner, what);
}

int casework_add_action(struct store *st, const struct viewer *v,
			const char *upn, const char *what, const char *owner,
			day_t due, int64_t *action_id, struct error *e)
{
	struct pupil_record p;
	int64_t case_id;
	enum stage stage;

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (cw_open_case(st, &p, &case_id, &stage, e) ||
	    cw_insert_action(st, v, case_id, what, owner, due, action_id, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int casework_action_done(struct store *st, const struct viewer *v,
			 int64_t action_id, day_t done, const char *outcome,
			 struct error *e)
{
	sqlite3_stmt *stmt = cw_row(st, "SELECT c.pupil_id, a.done, a.agreed "
		"FROM case_action a JOIN pupil_case c ON c.id = a.case_id "
		"WHERE a.id = ?", action_id, "action", e);
	struct pupil_record p;
	int64_t pupil_id;
	char agreed_text[11];
	int already;
	day_t agreed;

	if (!stmt)
		return -1;
	pupil_id = sqlite3_column_int64(stmt, 0);
	already = sqlite3_column_bytes(stmt, 1) > 0;
	agreed = cw_column_date(stmt, 2);
	sqlite3_reset(stmt);
	if (cw_record_pupil(st, v, pupil_id, "action", action_id, &p, e))
		return -1;
	if (already)
		return error_set(e, ERROR_INPUT, "action %lld is done already",
				 (long long)action_id);
	if (text_blank(outcome))
		return error_set(e, ERROR_INPUT, "record the action's outcome");
	if (done == DAY_NONE || done > date_today())
		return error_set(e, ERROR_INPUT, "an action is done on a date "
				 "not after today");
	if (agreed != DAY_NONE && done < agreed) {
		date_format(agreed, agreed_text);
		return error_set(e, ERROR_INPUT, "done before the action was "
				 "agreed (%s): dates in the wrong order",
				 agreed_text);
	}
	if (store_begin(st, e))
		return -1;
	stmt = store_prepare(st, "UPDATE case_action SET done = ?, outcome = ? "
			     "WHERE id = ?", e);
	if (!stmt)
		goto fail;
	cw_bind_date(stmt, 1, done);
	cw_bind_text(stmt, 2, outcome);
	sqlite3_bind_int64(stmt, 3, action_id);
	if (cw_step(st, stmt, "recording an action", e))
		goto fail;
	if (cw_audit_of(st, v, "action", action_id, e, "done: %s", outcome))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* ---- reading --------------------------------------------------------------- */

#define CASE_COLUMNS "c.id, c.pupil_id, p.upn, p.forename || ' ' || p.surname, " \
	"p.social_care, c.stage, c.opened, c.closed, " \
	"(SELECT min(s.urn) FROM enrolment en JOIN school s ON s.id = " \
	"en.school_id WHERE en.pupil_id = p.id), " \
	"(SELECT count(*) FROM case_action a WHERE a.case_id = c.id AND " \
	"a.done = '') "

static void case_row_read(sqlite3_stmt *stmt, void *row)
{
	struct case_row *r = row;
	const char *care = (const char *)sqlite3_column_text(stmt, 4);
	enum social_care c;
	int s = stage_parse((const char *)sqlite3_column_text(stmt, 5));

	r->id = sqlite3_column_int64(stmt, 0);
	r->pupil_id = sqlite3_column_int64(stmt, 1);
	cw_column_copy(stmt, 2, r->upn, sizeof(r->upn));
	cw_column_copy(stmt, 3, r->name, sizeof(r->name));
	r->care = social_care_parse(care, strlen(care), &c) ? CARE_UNKNOWN : c;
	r->stage = s < 0 ? STAGE_MONITOR : (enum stage)s;
	r->opened = cw_column_date(stmt, 6);
	r->closed = cw_column_date(stmt, 7);
	r->urn = sqlite3_column_int(stmt, 8);
	r->open_actions = sqlite3_column_int(stmt, 9);
}

static const struct cw_list_query cases_query = {
	"SELECT " CASE_COLUMNS "FROM pupil_case c JOIN pupil p ON "
	"p.id = c.pupil_id WHERE ?1 OR c.closed = '' ORDER BY 9, p.upn, c.id",
	1, NULL, case_row_read, sizeof(struct case_row),
};

int casework_list(struct store *st, const struct viewer *v, bool all,
		  struct case_row **rows, size_t *nr, struct error *e)
{
	return cw_list_run(st, v, &cases_query, NULL, all, (void **)rows, nr, e);
}

static void event_read(sqlite3_stmt *stmt, void *row)
{
	struct case_event_row *r = row;
	int to = stage_parse((const char *)sqlite3_column_text(stmt, 3));

	cw_column_copy(stmt, 0, r->at, sizeof(r->at));
	cw_column_copy(stmt, 1, r->username, sizeof(r->username));
	r->from = stage_parse((const char *)sqlite3_column_text(stmt, 2));
	r->to = to < 0 ? STAGE_MONITOR : (enum stage)to;
	cw_column_copy(stmt, 4, r->reason, sizeof(r->reason));
	cw_column_copy(stmt, 5, r->support_offered, sizeof(r->support_offered));
	cw_column_copy(stmt, 6, r->support_outcome, sizeof(r->support_outcome));
	cw_column_copy(stmt, 7, r->not_appropriate, sizeof(r->not_appropriate));
}

static void action_read(sqlite3_stmt *stmt, void *row)
{
	struct case_action_row *r = row;

	r->id = sqlite3_column_int64(stmt, 0);
	cw_column_copy(stmt, 1, r->what, sizeof(r->what));
	cw_column_copy(stmt, 2, r->owner, sizeof(r->owner));
	r->due = cw_column_date(stmt, 3);
	r->done = cw_column_date(stmt, 4);
	cw_column_copy(stmt, 5, r->outcome, sizeof(r->outcome));
}

static const struct cw_list_query events_query = {
	"SELECT ev.at, coalesce(u.username, '-'), ev.from_stage, ev.to_stage, "
	"ev.reason, ev.support_offered, ev.support_outcome, ev.not_appropriate "
	"FROM case_event ev LEFT JOIN user u ON u.id = ev.user_id "
	"WHERE ev.case_id = ?1 ORDER BY ev.id",
	-1, NULL, event_read, sizeof(struct case_event_row),
};

static const struct cw_list_query actions_query = {
	"SELECT id, what, owner, due, done, outcome FROM case_action "
	"WHERE case_id = ?1 ORDER BY due, id",
	-1, NULL, action_read, sizeof(struct case_action_row),
};

static void add_barrier(struct case_detail *d, int b)
{
	if (d->nr_barriers < BARRIER_COUNT)
		d->barriers[d->nr_barriers++] = (enum barrier)b;
}

static void add_agency(struct case_detail *d, int a)
{
	if (d->nr_agencies < AGENCY_COUNT)
		d->agencies[d->nr_agencies++] = (enum agency)a;
}

/* The barriers or agencies of case d (sql, ?1: the case) that parse. */
static int case_tags(struct store *st, const char *sql, struct case_detail *d,
		     int (*parse)(const char *),
		     void (*add)(struct case_detail *d, int value),
		     struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, e);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, d->c.id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int value = parse((const char *)sqlite3_column_text(stmt, 0));

		if (value >= 0)
			add(d, value);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_sqlite_error(st, e, "reading a case");
}

int casework_read(struct store *st, const struct viewer *v, const char *upn,
		  struct case_detail *d, struct error *e)
{
	sqlite3_stmt *stmt;
	struct pupil_record p;

	memset(d, 0, sizeof(*d));
	if (pupil_find(st, upn, &p, e))
		return -1;
	if (!cw_may_see(v, &p))
		return error_set(e, ERROR_INPUT, "%s may not see pupil %s",
				 v->username, p.upn);
	stmt = store_prepare(st, "SELECT " CASE_COLUMNS "FROM pupil_case c "
			     "JOIN pupil p ON p.id = c.pupil_id WHERE c.pupil_id = ? "
			     "ORDER BY c.closed = '' DESC, c.id DESC LIMIT 1", e);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, p.id);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return error_set(e, ERROR_INPUT, "pupil %s has no case", p.upn);
	}
	case_row_read(stmt, &d->c);
	sqlite3_reset(stmt);

	if (cw_list_run(st, v, &events_query, NULL, d->c.id, (void **)&d->events,
			&d->nr_events, e) ||
	    case_tags(st, "SELECT barrier FROM case_barrier WHERE case_id = ? "
		      "ORDER BY barrier", d, barrier_parse, add_barrier, e) ||
	    case_tags(st, "SELECT agency FROM case_agency WHERE case_id = ? "
		      "ORDER BY agency", d, agency_parse, add_agency, e) ||
	    cw_list_run(st, v, &actions_query, NULL, d->c.id,
			(void **)&d->actions, &d->nr_actions, e))
		goto fail;
	return 0;
fail:
	case_detail_release(d);
	return -1;
}

int casework_show(struct store *st, const struct viewer *v, const char *upn,
		  struct case_detail *d, struct error *e)
{
	char object[32];

	if (casework_read(st, v, upn, d, e))
		return -1;
	/* Every view of a named pupil's record is logged. */
	snprintf(object, sizeof(object), "pupil %s", d->c.upn);
	if (audit_add(st, v, "view", object, "case", e)) {
		case_detail_release(d);
		return -1;
	}
	return 0;
}

void case_detail_release(struct case_detail *d)
{
	free(d->events);
	free(d->actions);
	memset(d, 0, sizeof(*d));
}

static void school_action_read(sqlite3_stmt *stmt, void *row)
{
	struct school_case_action *r = row;
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

static const struct cw_list_query school_actions_query = {
	"SELECT p.upn, c.stage, a.id, a.what, a.owner, a.due, a.done, "
	"a.outcome FROM case_action a JOIN pupil_case c ON c.id = a.case_id "
	"AND c.closed = '' JOIN pupil p ON p.id = c.pupil_id WHERE "
	"a.done = '' AND EXISTS (SELECT 1 FROM enrolment en WHERE "
	"en.pupil_id = p.id AND en.school_id = ?1) ORDER BY p.upn, a.due, a.id",
	-1, NULL, school_action_read, sizeof(struct school_case_action),
};

/* ?1: today (text); column 8 the pupil, for cw_list to check. */
static const struct cw_list_query due_actions_query = {
	"SELECT p.upn, c.stage, a.id, a.what, a.owner, a.due, a.done, "
	"a.outcome, p.id FROM case_action a JOIN pupil_case c ON c.id = "
	"a.case_id AND c.closed = '' JOIN pupil p ON p.id = c.pupil_id WHERE "
	"a.done = '' AND a.due <> '' AND a.due <= ?1 ORDER BY a.due, p.upn, a.id",
	8, NULL, school_action_read, sizeof(struct school_case_action),
};

int case_actions_due(struct store *st, const struct viewer *v, day_t today,
		     struct school_case_action **rows, size_t *nr,
		     struct error *e)
{
	char d[11];

	*rows = NULL;
	*nr = 0;
	date_format(today, d);
	return cw_list_run(st, v, &due_actions_query, d, 0, (void **)rows, nr, e);
}

int school_case_actions(struct store *st, const struct viewer *v, int32_t urn,
			struct school_case_action **rows, size_t *nr,
			struct error *e)
{
	int64_t school_id;

	*rows = NULL;
	*nr = 0;
	if (cw_school_seen(st, v, urn, true, &school_id, e))
		return -1;
	return cw_list_run(st, v, &school_actions_query, NULL, school_id,
			   (void **)rows, nr, e);
}
