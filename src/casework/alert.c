/* Alerts and work queues: raised once (by key), acknowledged, audited. */
#include <stdio.h>
#include <stdlib.h>

#include "casework/internal.h"
#include "util/strbuf.h"

int alert_raise(struct store *st, const struct alert_spec *a, int *added,
		struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO alert (kind, pupil_id, "
		"school_id, target_user_id, target_role, created, message, "
		"dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (dedupe_key) DO NOTHING", e);
	char now[32];

	*added = 0;
	if (!stmt)
		return -1;
	cw_now(now);
	cw_bind_text(stmt, 1, a->kind);
	if (a->pupil_id)
		sqlite3_bind_int64(stmt, 2, a->pupil_id);
	if (a->school_id)
		sqlite3_bind_int64(stmt, 3, a->school_id);
	if (a->target_user_id)
		sqlite3_bind_int64(stmt, 4, a->target_user_id);
	cw_bind_text(stmt, 5, role_name(a->target_role));
	cw_bind_text(stmt, 6, now);
	cw_bind_text(stmt, 7, a->message);
	cw_bind_text(stmt, 8, a->dedupe_key);
	if (cw_step(st, stmt, "raising an alert", e))
		return -1;
	*added = sqlite3_changes(store_db(st)) > 0;
	return 0;
}

/* Is the alert in v's queue? */
static bool in_queue(struct store *st, const struct viewer *v,
		     int64_t target_user, const char *target_role,
		     int64_t pupil_id, int64_t school_id)
{
	struct pupil_ref p;
	struct error ignore = ERROR_INIT;

	if (v->role == ROLE_LA_LEAD)
		return true;
	if (target_user)
		return target_user == v->user_id;
	if (strcmp(target_role, role_name(v->role)))
		return false;
	if (pupil_id)
		return !cw_pupil_by_id(st, pupil_id, &p, &ignore) && cw_may_see(v, &p);
	if (school_id)
		return access_school_summary(v, school_id);
	return true;
}

int alert_ack(struct store *st, const struct viewer *v, int64_t id,
	      struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT coalesce(target_user_id, 0), "
		"target_role, coalesce(pupil_id, 0), coalesce(school_id, 0), "
		"acknowledged_at FROM alert WHERE id = ?", e);
	int64_t user, pupil, school;
	char role[32], acked[32], now[32], object[32];

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return error_set(e, ERROR_INPUT, "no alert %lld", (long long)id);
	}
	user = sqlite3_column_int64(stmt, 0);
	cw_column_copy(stmt, 1, role, sizeof(role));
	pupil = sqlite3_column_int64(stmt, 2);
	school = sqlite3_column_int64(stmt, 3);
	cw_column_copy(stmt, 4, acked, sizeof(acked));
	sqlite3_reset(stmt);
	if (!in_queue(st, v, user, role, pupil, school))
		return error_set(e, ERROR_INPUT, "alert %lld is not in %s's queue",
				 (long long)id, v->username);
	if (acked[0])
		return error_set(e, ERROR_INPUT, "alert %lld was acknowledged "
				 "already (%s)", (long long)id, acked);
	if (store_begin(st, e))
		return -1;
	stmt = store_prepare(st, "UPDATE alert SET acknowledged_by = ?, "
			     "acknowledged_at = ? WHERE id = ?", e);
	if (!stmt)
		goto fail;
	cw_now(now);
	sqlite3_bind_int64(stmt, 1, v->user_id);
	cw_bind_text(stmt, 2, now);
	sqlite3_bind_int64(stmt, 3, id);
	if (cw_step(st, stmt, "acknowledging an alert", e))
		goto fail;
	snprintf(object, sizeof(object), "alert %lld", (long long)id);
	if (audit_add(st, v, "acknowledge", object, "", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* The school's named officer, or 0. */
static int64_t named_officer(struct store *st, int64_t school_id)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT user_id FROM school_officer "
					   "WHERE school_id = ?", NULL);
	int64_t id = 0;

	if (!stmt)
		return 0;
	sqlite3_bind_int64(stmt, 1, school_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return id;
}

static int raise_for(struct store *st, const char *kind, int64_t pupil_id,
		     int64_t school_id, const char *message, const char *key,
		     size_t *added, struct error *e)
{
	struct alert_spec a = { 0 };
	int one;

	a.kind = kind;
	a.pupil_id = pupil_id;
	a.school_id = school_id;
	a.target_user_id = school_id ? named_officer(st, school_id) : 0;
	a.target_role = ROLE_LA_OFFICER;
	a.message = message;
	a.dedupe_key = key;
	if (alert_raise(st, &a, &one, e))
		return -1;
	*added += (size_t)one;
	return 0;
}

static int refresh_penalty(struct store *st, const struct penalty_row *rows,
			   size_t nr, size_t *added, struct error *e)
{
	char msg[256], key[80], met[11];

	for (size_t i = 0; i < nr; i++) {
		struct pupil_ref p;
		int64_t school_id;

		if (cw_pupil(st, rows[i].upn, &p, e) ||
		    cw_school(st, rows[i].urn, &school_id, e))
			return -1;
		date_format(rows[i].first_met, met);
		snprintf(msg, sizeof(msg), "pupil %s at %06d met the penalty-notice "
			 "threshold on %s", p.upn, rows[i].urn, met);
		snprintf(key, sizeof(key), "penalty_threshold:%s:%06d:%s", p.upn,
			 rows[i].urn, met);
		if (raise_for(st, "penalty_threshold", p.id, school_id, msg, key,
			      added, e))
			return -1;
	}
	return 0;
}

static int refresh_part_time(struct store *st, day_t today, size_t *added,
			     struct error *e)
{
	sqlite3_stmt *stmt = cw_query(st, "SELECT t.id, t.pupil_id, t.school_id, "
		"p.upn, t.end_date, t.review_date, t.reviewed, t.ended "
		"FROM part_time_timetable t JOIN pupil p ON p.id = t.pupil_id "
		"WHERE t.ended = ''", e);
	char msg[256], key[80], d[11];
	int rc = 0;

	if (!stmt)
		return -1;
	while (!rc && sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		int64_t pupil = sqlite3_column_int64(stmt, 1);
		int64_t school = sqlite3_column_int64(stmt, 2);
		const char *upn = (const char *)sqlite3_column_text(stmt, 3);
		struct part_time pt = { 0 };
		day_t reviewed = cw_column_date(stmt, 6);

		pt.end = cw_column_date(stmt, 4);
		pt.review = cw_column_date(stmt, 5);
		if (part_time_review_overdue(&pt, reviewed, today)) {
			date_format(pt.review, d);
			snprintf(msg, sizeof(msg), "part-time timetable %lld of pupil "
				 "%s: review due %s is overdue", (long long)id, upn, d);
			snprintf(key, sizeof(key), "part_time_review:%lld:%s",
				 (long long)id, d);
			rc = raise_for(st, "part_time_review", pupil, school, msg,
				       key, added, e);
		}
		if (!rc && part_time_over_length(&pt, DAY_NONE, today)) {
			date_format(pt.end, d);
			snprintf(msg, sizeof(msg), "part-time timetable %lld of pupil "
				 "%s is running past its agreed end %s", (long long)id,
				 upn, d);
			snprintf(key, sizeof(key), "part_time_length:%lld:%s",
				 (long long)id, d);
			rc = raise_for(st, "part_time_length", pupil, school, msg,
				       key, added, e);
		}
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int refresh_legal(struct store *st, day_t today, size_t *added,
			 struct error *e)
{
	sqlite3_stmt *stmt = cw_query(st, "SELECT l.id, c.pupil_id, p.upn, "
		"l.review, (SELECT min(school_id) FROM enrolment en WHERE "
		"en.pupil_id = p.id) FROM legal_decision l JOIN pupil_case c ON "
		"c.id = l.case_id JOIN pupil p ON p.id = c.pupil_id WHERE "
		"l.outcome = 'on_hold' AND l.reviewed = '' AND l.review <> '' "
		"AND l.review <= ?", e);
	char msg[256], key[80], d[11];
	int rc = 0;

	if (!stmt)
		return -1;
	cw_bind_date(stmt, 1, today);
	while (!rc && sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);

		cw_column_copy(stmt, 3, d, sizeof(d));
		snprintf(msg, sizeof(msg), "legal action for pupil %s was put on "
			 "hold until %s: review it", (const char *)
			 sqlite3_column_text(stmt, 2), d);
		snprintf(key, sizeof(key), "legal_review:%lld:%s", (long long)id, d);
		rc = raise_for(st, "legal_review", sqlite3_column_int64(stmt, 1),
			       sqlite3_column_int64(stmt, 4), msg, key, added, e);
	}
	sqlite3_finalize(stmt);
	return rc;
}

int alerts_refresh(struct store *st, const struct viewer *v, day_t today,
		   size_t *added, struct error *e)
{
	struct penalty_row *rows = NULL;
	size_t nr = 0;

	*added = 0;
	if (cw_must_be_la(v, "refresh the alerts", e))
		return -1;
	/* The marks are read before the write lock is taken. */
	if (report_penalty(st, today, &rows, &nr, e))
		return -1;
	if (store_begin(st, e)) {
		free(rows);
		return -1;
	}
	if (refresh_penalty(st, rows, nr, added, e) ||
	    refresh_part_time(st, today, added, e) ||
	    refresh_legal(st, today, added, e) ||
	    audit_add(st, v, "change", "alerts", "refreshed", e)) {
		free(rows);
		store_rollback(st);
		*added = 0;
		return -1;
	}
	free(rows);
	return store_commit(st, e);
}

int alert_list(struct store *st, const struct viewer *v, bool all,
	       struct alert_row **rows, size_t *nr, struct error *e)
{
	sqlite3_stmt *stmt = cw_query(st, "SELECT a.id, a.kind, coalesce(p.upn, ''), "
		"coalesce(s.urn, 0), a.created, a.message, coalesce(u.username, ''), "
		"a.acknowledged_at, coalesce(a.target_user_id, 0), a.target_role, "
		"coalesce(a.pupil_id, 0), coalesce(a.school_id, 0) FROM alert a "
		"LEFT JOIN pupil p ON p.id = a.pupil_id LEFT JOIN school s ON "
		"s.id = a.school_id LEFT JOIN user u ON u.id = a.acknowledged_by "
		"WHERE ? OR a.acknowledged_at = '' ORDER BY a.id", e);
	size_t alloc = 0;

	*rows = NULL;
	*nr = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int(stmt, 1, all);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		struct alert_row *r;

		if (!in_queue(st, v, sqlite3_column_int64(stmt, 8),
			      (const char *)sqlite3_column_text(stmt, 9),
			      sqlite3_column_int64(stmt, 10),
			      sqlite3_column_int64(stmt, 11)))
			continue;
		r = CW_PUSH(*rows, *nr, alloc);
		r->id = sqlite3_column_int64(stmt, 0);
		cw_column_copy(stmt, 1, r->kind, sizeof(r->kind));
		cw_column_copy(stmt, 2, r->upn, sizeof(r->upn));
		r->urn = sqlite3_column_int(stmt, 3);
		cw_column_copy(stmt, 4, r->created, sizeof(r->created));
		cw_column_copy(stmt, 5, r->message, sizeof(r->message));
		cw_column_copy(stmt, 6, r->acknowledged_by, sizeof(r->acknowledged_by));
		cw_column_copy(stmt, 7, r->acknowledged_at, sizeof(r->acknowledged_at));
	}
	sqlite3_finalize(stmt);
	return 0;
}
