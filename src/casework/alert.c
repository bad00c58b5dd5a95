/* Alerts and work queues: raised once (by key), acknowledged, audited. */
#include <stdio.h>
#include <stdlib.h>

#include "casework/internal.h"
#include "engine/engine.h"
#include "report/annual.h"
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
	cw_bind_id(stmt, 2, a->pupil_id);
	cw_bind_id(stmt, 3, a->school_id);
	cw_bind_id(stmt, 4, a->target_user_id);
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
	struct pupil_record p;
	struct error ignore = ERROR_INIT;

	switch (access_alert(v, target_user,
			     role_parse(target_role ? target_role : ""))) {
	case ACCESS_NO:
		return false;
	case ACCESS_YES:
		return true;
	case ACCESS_IF_SUBJECT:
		break;
	}
	if (pupil_id)
		return !pupil_find_id(st, pupil_id, &p, &ignore) && cw_may_see(v, &p);
	if (school_id)
		return access_school_summary(v, school_id);
	return true;
}

int alert_ack(struct store *st, const struct viewer *v, int64_t id,
	      struct error *e)
{
	sqlite3_stmt *stmt = cw_row(st, "SELECT coalesce(target_user_id, 0), "
		"target_role, coalesce(pupil_id, 0), coalesce(school_id, 0), "
		"acknowledged_at FROM alert WHERE id = ?", id, "alert", e);
	int64_t user, pupil, school;
	char role[32], acked[32], now[32], object[32];
	bool mine;

	/* one not in the queue reads as one that does not exist */
	if (!stmt && e->kind != ERROR_INPUT)
		return -1;
	mine = stmt != NULL;
	if (stmt) {
		user = sqlite3_column_int64(stmt, 0);
		cw_column_copy(stmt, 1, role, sizeof(role));
		pupil = sqlite3_column_int64(stmt, 2);
		school = sqlite3_column_int64(stmt, 3);
		cw_column_copy(stmt, 4, acked, sizeof(acked));
		sqlite3_reset(stmt);
		mine = in_queue(st, v, user, role, pupil, school);
	}
	if (!mine)
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

/* An alert to everyone of a role (who may see the pupil or the school). */
static int raise_role(struct store *st, const char *kind, int64_t pupil_id,
		      int64_t school_id, enum role role, int64_t user_id,
		      const char *message, const char *key, size_t *added,
		      struct error *e)
{
	struct alert_spec a = { 0 };
	int one;

	a.kind = kind;
	a.pupil_id = pupil_id;
	a.school_id = school_id;
	a.target_user_id = user_id;
	a.target_role = role;
	a.message = message;
	a.dedupe_key = key;
	if (alert_raise(st, &a, &one, e))
		return -1;
	*added += (size_t)one;
	return 0;
}

/* An alert to the LA's officers: the school's named officer if it has one. */
static int raise_for(struct store *st, const char *kind, int64_t pupil_id,
		     int64_t school_id, const char *message, const char *key,
		     size_t *added, struct error *e)
{
	return raise_role(st, kind, pupil_id, school_id, ROLE_LA_OFFICER,
			  school_id ? named_officer(st, school_id) : 0, message,
			  key, added, e);
}

static int refresh_penalty(struct store *st, const struct penalty_row *rows,
			   size_t nr, size_t *added, struct error *e)
{
	char msg[256], key[80], met[11];

	for (size_t i = 0; i < nr; i++) {
		struct pupil_record p;
		int64_t school_id;

		if (pupil_find(st, rows[i].upn, &p, e) ||
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

/* ---- what the casework records have come to ------------------------- */

/* A part-time timetable review falls due within the coming week. */
#define REVIEW_DUE_DAYS 7

/* Raises the alerts one row of a refresh query stands for. */
typedef int refresh_row_fn(struct store *st, sqlite3_stmt *stmt, day_t today,
			   size_t *added, struct error *e);

/* A part-time timetable not ended: its review overdue, its end passed. */
static int part_time_row(struct store *st, sqlite3_stmt *stmt, day_t today,
			 size_t *added, struct error *e)
{
	int64_t id = sqlite3_column_int64(stmt, 0);
	int64_t pupil = sqlite3_column_int64(stmt, 1);
	int64_t school = sqlite3_column_int64(stmt, 2);
	const char *upn = (const char *)sqlite3_column_text(stmt, 3);
	struct part_time pt = { 0 };
	day_t reviewed = cw_column_date(stmt, 6);
	char msg[256], key[80], d[11];

	pt.end = cw_column_date(stmt, 4);
	pt.review = cw_column_date(stmt, 5);
	if (part_time_review_overdue(&pt, reviewed, today)) {
		date_format(pt.review, d);
		snprintf(msg, sizeof(msg), "part-time timetable %lld of pupil "
			 "%s: review due %s is overdue", (long long)id, upn, d);
		snprintf(key, sizeof(key), "part_time_review:%lld:%s",
			 (long long)id, d);
		if (raise_for(st, "part_time_review", pupil, school, msg, key,
			      added, e))
			return -1;
	}
	if (part_time_over_length(&pt, DAY_NONE, today)) {
		date_format(pt.end, d);
		snprintf(msg, sizeof(msg), "part-time timetable %lld of pupil "
			 "%s is running past its agreed end %s", (long long)id,
			 upn, d);
		snprintf(key, sizeof(key), "part_time_length:%lld:%s",
			 (long long)id, d);
		return raise_for(st, "part_time_length", pupil, school, msg, key,
				 added, e);
	}
	return 0;
}

/* A part-time timetable whose review falls due within the week. */
static int review_due_row(struct store *st, sqlite3_stmt *stmt, day_t today,
			  size_t *added, struct error *e)
{
	int64_t id = sqlite3_column_int64(stmt, 0);
	char msg[256], key[80], d[11];

	(void)today;
	cw_column_copy(stmt, 4, d, sizeof(d));
	snprintf(msg, sizeof(msg), "part-time timetable %lld of pupil %s: "
		 "review due on %s", (long long)id,
		 (const char *)sqlite3_column_text(stmt, 3), d);
	snprintf(key, sizeof(key), "part_time_review_due:%lld:%s",
		 (long long)id, d);
	return raise_for(st, "part_time_review_due", sqlite3_column_int64(stmt, 1),
			 sqlite3_column_int64(stmt, 2), msg, key, added, e);
}

/* A legal decision on hold whose review date has come. */
static int legal_row(struct store *st, sqlite3_stmt *stmt, day_t today,
		     size_t *added, struct error *e)
{
	int64_t id = sqlite3_column_int64(stmt, 0);
	char msg[256], key[80], d[11];

	(void)today;
	cw_column_copy(stmt, 3, d, sizeof(d));
	snprintf(msg, sizeof(msg), "legal action for pupil %s was put on "
		 "hold until %s: review it", (const char *)
		 sqlite3_column_text(stmt, 2), d);
	snprintf(key, sizeof(key), "legal_review:%lld:%s", (long long)id, d);
	return raise_for(st, "legal_review", sqlite3_column_int64(stmt, 1),
			 sqlite3_column_int64(stmt, 4), msg, key, added, e);
}

/* An open case's action past its due date: the named officer and the school. */
static int action_row(struct store *st, sqlite3_stmt *stmt, day_t today,
		      size_t *added, struct error *e)
{
	int64_t id = sqlite3_column_int64(stmt, 0);
	int64_t pupil = sqlite3_column_int64(stmt, 1);
	int64_t school = sqlite3_column_int64(stmt, 6);
	char msg[512], key[80], d[11];

	(void)today;
	cw_column_copy(stmt, 5, d, sizeof(d));
	snprintf(msg, sizeof(msg), "action %lld on the case of pupil %s "
		 "(\"%.120s\", owner %.60s) was due on %s and is not done",
		 (long long)id, (const char *)sqlite3_column_text(stmt, 2),
		 (const char *)sqlite3_column_text(stmt, 3),
		 (const char *)sqlite3_column_text(stmt, 4), d);
	snprintf(key, sizeof(key), "case_action_overdue:%lld:%s:officer",
		 (long long)id, d);
	if (raise_for(st, "case_action_overdue", pupil, school, msg, key, added,
		      e))
		return -1;
	snprintf(key, sizeof(key), "case_action_overdue:%lld:%s:school",
		 (long long)id, d);
	return raise_role(st, "case_action_overdue", pupil, school, ROLE_SCHOOL,
			  0, msg, key, added, e);
}

/* Each query (?1: today, ?2: today + REVIEW_DUE_DAYS) with its rows' alerts. */
static const struct {
	const char *sql;
	refresh_row_fn *row;
} refresh_queries[] = {
	{ "SELECT t.id, t.pupil_id, t.school_id, p.upn, t.end_date, "
	  "t.review_date, t.reviewed, t.ended FROM part_time_timetable t "
	  "JOIN pupil p ON p.id = t.pupil_id WHERE t.ended = ''", part_time_row },
	{ "SELECT t.id, t.pupil_id, t.school_id, p.upn, t.review_date "
	  "FROM part_time_timetable t JOIN pupil p ON p.id = t.pupil_id "
	  "WHERE t.ended = '' AND t.reviewed = '' AND t.review_date "
	  "BETWEEN ?1 AND ?2", review_due_row },
	{ "SELECT l.id, c.pupil_id, p.upn, l.review, (SELECT min(school_id) "
	  "FROM enrolment en WHERE en.pupil_id = p.id) FROM legal_decision l "
	  "JOIN pupil_case c ON c.id = l.case_id JOIN pupil p ON "
	  "p.id = c.pupil_id WHERE l.outcome = 'on_hold' AND l.reviewed = '' "
	  "AND l.review <> '' AND l.review <= ?1", legal_row },
	{ "SELECT a.id, c.pupil_id, p.upn, a.what, a.owner, a.due, "
	  "(SELECT min(school_id) FROM enrolment en WHERE en.pupil_id = p.id) "
	  "FROM case_action a JOIN pupil_case c ON c.id = a.case_id "
	  "JOIN pupil p ON p.id = c.pupil_id WHERE a.done = '' AND "
	  "c.closed = '' AND a.due < ?1", action_row },
};

static int refresh_records(struct store *st, day_t today, size_t *added,
			   struct error *e)
{
	for (size_t q = 0; q < sizeof(refresh_queries) / sizeof(refresh_queries[0]);
	     q++) {
		sqlite3_stmt *stmt = cw_query(st, refresh_queries[q].sql, e);
		int rc = 0, params;

		if (!stmt)
			return -1;
		params = sqlite3_bind_parameter_count(stmt);
		if (params >= 1)
			cw_bind_date(stmt, 1, today);
		if (params >= 2)
			cw_bind_date(stmt, 2, today + REVIEW_DUE_DAYS);
		while (!rc && sqlite3_step(stmt) == SQLITE_ROW)
			rc = refresh_queries[q].row(st, stmt, today, added, e);
		sqlite3_finalize(stmt);
		if (rc)
			return -1;
	}
	return 0;
}

/* ---- what the registers say this week --------------------------------- */

/*
 * The "latest register day" alerts work from: a school's latest day with
 * a mark on or before today.  A day more than REGISTER_FRESH_DAYS old is
 * not news any more (the same-day notice it stands for is long overdue,
 * and the store is simply behind), so it raises nothing.
 */
#define REGISTER_FRESH_DAYS 7

static bool fresh(day_t day, day_t today)
{
	return day != DAY_NONE && day <= today && today - day <= REGISTER_FRESH_DAYS;
}

/* Unexplained absence (N, O) of a child with a social worker. */
static int refresh_unexplained(struct store *st, day_t today,
			       const day_t *days, int64_t max_school,
			       size_t *added, struct error *e)
{
	int year = academic_year_of(today);
	sqlite3_stmt *stmt = cw_query(st, "SELECT p.id, p.upn, p.social_care, "
		"e.school_id, s.urn, m.codes FROM pupil p JOIN enrolment e ON "
		"e.pupil_id = p.id JOIN school s ON s.id = e.school_id JOIN marks m "
		"ON m.id = ((? << 32) | e.id) WHERE p.social_care IN ('CIN', 'CP', "
		"'CLA') ORDER BY p.upn, s.urn", e);
	sqlite3_stmt *workers = NULL;
	char msg[256], key[96], d[11], sessions[32];
	int rc = 0;

	if (!stmt)
		return -1;
	workers = cw_query(st, "SELECT u.id FROM user_pupil up JOIN user u ON "
			   "u.id = up.user_id WHERE up.pupil_id = ? AND u.role = "
			   "'social_worker' AND u.disabled = 0 ORDER BY u.id", e);
	if (!workers) {
		sqlite3_finalize(stmt);
		return -1;
	}
	sqlite3_bind_int(stmt, 1, year);
	while (!rc && sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t pupil = sqlite3_column_int64(stmt, 0);
		int64_t school = sqlite3_column_int64(stmt, 3);
		const char *upn = (const char *)sqlite3_column_text(stmt, 1);
		const char *care = (const char *)sqlite3_column_text(stmt, 2);
		int urn = sqlite3_column_int(stmt, 4);
		const mark_t *m = sqlite3_column_blob(stmt, 5);
		int n = sqlite3_column_bytes(stmt, 5), targets = 0;
		day_t day;

		if (school < 0 || school > max_school ||
		    !fresh(day = days[school], today))
			continue;
		sessions[0] = '\0';
		for (int s = 0; s < 2; s++) {
			int slot = session_slot(day, (enum session)s);
			const char *code;

			if (slot >= n)
				continue;
			code = mark_info(m[slot])->code;
			if (strcmp(code, "N") && strcmp(code, "O"))
				continue;
			snprintf(sessions + strlen(sessions),
				 sizeof(sessions) - strlen(sessions), "%s%s %s",
				 sessions[0] ? ", " : "", s ? "PM" : "AM", code);
		}
		if (!sessions[0])
			continue;
		date_format(day, d);
		snprintf(msg, sizeof(msg), "unexplained absence of %s (%s) at %06d "
			 "on %s: %s", upn, care, urn, d, sessions);
		sqlite3_bind_int64(workers, 1, pupil);
		while (!rc && sqlite3_step(workers) == SQLITE_ROW) {
			int64_t user = sqlite3_column_int64(workers, 0);

			snprintf(key, sizeof(key), "unexplained:%s:%06d:%s:u%lld", upn,
				 urn, d, (long long)user);
			rc = raise_role(st, "unexplained_absence", pupil, school,
					ROLE_SOCIAL_WORKER, user, msg, key, added, e);
			targets++;
		}
		sqlite3_reset(workers);
		if (!rc && !strcmp(care, "CLA")) {
			snprintf(key, sizeof(key), "unexplained:%s:%06d:%s:virtual_school",
				 upn, urn, d);
			rc = raise_role(st, "unexplained_absence", pupil, school,
					ROLE_VIRTUAL_SCHOOL, 0, msg, key, added, e);
			targets++;
		}
		/* No social worker in attend: the named officer passes it on. */
		if (!rc && !targets) {
			snprintf(key, sizeof(key), "unexplained:%s:%06d:%s:officer",
				 upn, urn, d);
			rc = raise_for(st, "unexplained_absence", pupil, school, msg,
				       key, added, e);
		}
	}
	sqlite3_finalize(workers);
	sqlite3_finalize(stmt);
	return rc;
}

/* Does an active user hold this role? */
static bool role_held(struct store *st, enum role role)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT 1 FROM user WHERE role = ? "
					   "AND disabled = 0 LIMIT 1", NULL);
	bool held;

	if (!stmt)
		return false;
	sqlite3_bind_text(stmt, 1, role_name(role), -1, SQLITE_STATIC);
	held = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_reset(stmt);
	return held;
}

/* The message of a weekly report: the children of rows[] that pass `want`. */
static void cla_message(char *out, size_t size, const char *week,
			const struct cla_week_row *rows, size_t nr,
			const bool *want)
{
	struct strbuf sb = STRBUF_INIT;
	size_t pupils = 0, missed = 0;

	for (size_t i = 0; i < nr; i++)
		if (!want || want[i]) {
			pupils++;
			missed += measure_absent(&rows[i].m);
		}
	strbuf_addf(&sb, "children looked after not attending, week of %s: "
		    "%zu pupil(s), %zu session(s) missed:", week, pupils, missed);
	for (size_t i = 0; i < nr; i++)
		if (!want || want[i])
			strbuf_addf(&sb, " %s at %06d (%u);", rows[i].upn, rows[i].urn,
				    measure_absent(&rows[i].m));
	strbuf_addf(&sb, " attend report cla-weekly --week %s", week);
	if (sb.len >= size)	/* the list is in the report itself */
		snprintf(out, size, "children looked after not attending, week of "
			 "%s: %zu pupil(s), %zu session(s) missed; attend report "
			 "cla-weekly --week %s", week, pupils, missed, week);
	else
		snprintf(out, size, "%s", sb.buf);
	strbuf_release(&sb);
}

/*
 * Last week's report of children looked after not attending: to the
 * virtual school, and to children's social care (each social worker, for
 * the children on their caseload); to the LA lead when neither is in
 * attend.
 */
static int refresh_cla_weekly(struct store *st, day_t monday,
			      const struct cla_week_row *rows, size_t nr,
			      size_t *added, struct error *e)
{
	sqlite3_stmt *stmt;
	char week[11], key[96], msg[512];
	bool *want;
	int rc = 0, targets = 0;

	if (!nr)
		return 0;
	date_format(monday, week);
	if (role_held(st, ROLE_VIRTUAL_SCHOOL)) {
		cla_message(msg, sizeof(msg), week, rows, nr, NULL);
		snprintf(key, sizeof(key), "cla_weekly:%s:virtual_school", week);
		if (raise_role(st, "cla_weekly", 0, 0, ROLE_VIRTUAL_SCHOOL, 0, msg,
			       key, added, e))
			return -1;
		targets++;
	}
	stmt = cw_query(st, "SELECT DISTINCT u.id FROM user u JOIN user_pupil up "
			"ON up.user_id = u.id WHERE u.role = 'social_worker' AND "
			"u.disabled = 0 ORDER BY u.id", e);
	if (!stmt)
		return -1;
	want = calloc(nr, sizeof(*want));
	while (!rc && want && sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t user = sqlite3_column_int64(stmt, 0);
		sqlite3_stmt *has = store_prepare(st, "SELECT 1 FROM user_pupil "
			"WHERE user_id = ? AND pupil_id = ?", e);
		bool any = false;

		if (!has) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < nr; i++) {
			sqlite3_bind_int64(has, 1, user);
			sqlite3_bind_int64(has, 2, rows[i].pupil_id);
			want[i] = sqlite3_step(has) == SQLITE_ROW;
			sqlite3_reset(has);
			any |= want[i];
		}
		if (!any)
			continue;
		cla_message(msg, sizeof(msg), week, rows, nr, want);
		snprintf(key, sizeof(key), "cla_weekly:%s:u%lld", week, (long long)user);
		rc = raise_role(st, "cla_weekly", 0, 0, ROLE_SOCIAL_WORKER, user, msg,
				key, added, e);
		targets++;
	}
	sqlite3_finalize(stmt);
	free(want);
	if (!rc && !targets) {
		cla_message(msg, sizeof(msg), week, rows, nr, NULL);
		snprintf(key, sizeof(key), "cla_weekly:%s:la_lead", week);
		rc = raise_role(st, "cla_weekly", 0, 0, ROLE_LA_LEAD, 0, msg, key,
				added, e);
	}
	return rc;
}

/* What alerts_refresh reads before it takes the write lock. */
struct refresh_input {
	struct penalty_row *penalty;
	size_t nr_penalty;
	day_t *days;			/* latest register day by school id */
	int64_t max_school;
	day_t latest;			/* the latest of them, if fresh */
	struct roll_report now, before;	/* bands to latest, to latest - 7 */
	bool bands;
	day_t monday;			/* of last week */
	struct cla_week_row *cla;
	size_t nr_cla;
	struct missing_register *missing;
	size_t nr_missing;
};

static void refresh_input_release(struct refresh_input *in)
{
	free(in->penalty);
	free(in->days);
	if (in->bands) {
		roll_report_release(&in->now);
		roll_report_release(&in->before);
	}
	free(in->cla);
	free(in->missing);
}

static int refresh_read(struct store *st, day_t today, struct refresh_input *in,
			struct error *e)
{
	long with_calendar = 0;
	struct engine *en = NULL;
	int year, rc;

	memset(in, 0, sizeof(*in));
	if (report_penalty(st, today, &in->penalty, &in->nr_penalty, e) ||
	    report_register_days(st, today, &in->days, &in->max_school, e))
		return -1;
	in->latest = DAY_NONE;
	for (int64_t i = 0; i <= in->max_school; i++)
		if (in->days[i] != DAY_NONE && (in->latest == DAY_NONE ||
						 in->days[i] > in->latest))
			in->latest = in->days[i];
	year = academic_year_of(today);
	if (fresh(in->latest, today) &&
	    in->latest - 7 >= academic_year_start(year)) {
		struct period now = { academic_year_start(year), in->latest };

		/* the roll and this year's engine once, for both weeks */
		if (engine_open(&en, st, year, NULL, e) ||
		    report_enrolments_engine(st, en, &now, 0, &in->now, e)) {
			engine_free(en);
			return -1;
		}
		roll_report_copy(&in->before, &in->now);
		in->before.period.to = in->latest - 7;
		in->bands = true;
		if (roll_report_measure(&in->before, en, e)) {
			engine_free(en);
			return -1;
		}
	}
	in->monday = date_monday(today) - 7;
	if (report_cla_weekly(st, in->monday, &in->cla, &in->nr_cla, e)) {
		engine_free(en);
		return -1;
	}
	/* Today's registers may still be taken: up to yesterday. */
	if (en && en->year == academic_year_of(today - 1))
		rc = report_missing_registers_engine(st, en, today - 1,
						     &in->missing, &in->nr_missing,
						     &with_calendar, e);
	else
		rc = report_missing_registers(st, academic_year_of(today - 1),
					      today - 1, &in->missing,
					      &in->nr_missing, &with_calendar, e);
	engine_free(en);
	return rc;
}

/*
 * Pupils whose band over the year to the latest register day is worse
 * than it was 7 days before.  A pupil with no band before (no possible
 * session yet) has not moved.  Raised once per enrolment, year and band.
 */
static int refresh_bands(struct store *st, const struct refresh_input *in,
			 size_t *added, struct error *e)
{
	char msg[256], key[96];
	int year = academic_year_of(in->latest);

	if (!in->bands || in->now.nr_rows != in->before.nr_rows)
		return 0;
	for (size_t i = 0; i < in->now.nr_rows; i++) {
		const struct enrolment_row *a = &in->now.rows[i], *b = &in->before.rows[i];
		enum band was = band_of(measure_absent(&b->m), b->m.possible);
		enum band is = band_of(measure_absent(&a->m), a->m.possible);
		struct pupil_record p;
		int64_t school = in->now.schools[a->school].id;

		if (a->enrolment_id != b->enrolment_id || was == BAND_NONE ||
		    is <= was)
			continue;
		if (pupil_find(st, a->upn, &p, e))
			return -1;
		snprintf(msg, sizeof(msg), "pupil %s at %06d moved from %s into %s "
			 "this week", a->upn, a->urn, band_label(was), band_label(is));
		snprintf(key, sizeof(key), "band_worse:%s:%06d:%d:%s:officer", a->upn,
			 a->urn, year, band_name(is));
		if (raise_for(st, "band_worse", p.id, school, msg, key, added, e))
			return -1;
		snprintf(key, sizeof(key), "band_worse:%s:%06d:%d:%s:school", a->upn,
			 a->urn, year, band_name(is));
		if (raise_role(st, "band_worse", p.id, school, ROLE_SCHOOL, 0, msg,
			       key, added, e))
			return -1;
	}
	return 0;
}

/* Registers not taken: the school and its named officer. */
static int refresh_registers(struct store *st, const struct refresh_input *in,
			     size_t *added, struct error *e)
{
	char msg[256], key[96], first[11], last[11];

	for (size_t i = 0; i < in->nr_missing; i++) {
		const struct missing_register *m = &in->missing[i];
		int64_t school;

		if (cw_school(st, m->urn, &school, e))
			return -1;
		date_format(m->first, first);
		date_format(m->last, last);
		snprintf(msg, sizeof(msg), "%.100s (%06d): %d register(s) not taken, "
			 "%s to %s", m->name, m->urn, m->missing, first, last);
		snprintf(key, sizeof(key), "registers_not_taken:%06d:%s:officer",
			 m->urn, last);
		if (raise_for(st, "registers_not_taken", 0, school, msg, key, added, e))
			return -1;
		snprintf(key, sizeof(key), "registers_not_taken:%06d:%s:school",
			 m->urn, last);
		if (raise_role(st, "registers_not_taken", 0, school, ROLE_SCHOOL, 0,
			       msg, key, added, e))
			return -1;
	}
	return 0;
}

int alerts_refresh(struct store *st, const struct viewer *v, day_t today,
		   size_t *added, struct error *e)
{
	struct refresh_input in;

	*added = 0;
	if (cw_must_be_la(v, "refresh the alerts", e))
		return -1;
	/* The marks are read before the write lock is taken. */
	if (refresh_read(st, today, &in, e)) {
		refresh_input_release(&in);
		return -1;
	}
	if (store_begin(st, e)) {
		refresh_input_release(&in);
		return -1;
	}
	if (refresh_penalty(st, in.penalty, in.nr_penalty, added, e) ||
	    refresh_records(st, today, added, e) ||
	    refresh_unexplained(st, today, in.days, in.max_school, added, e) ||
	    refresh_cla_weekly(st, in.monday, in.cla, in.nr_cla, added, e) ||
	    refresh_bands(st, &in, added, e) ||
	    refresh_registers(st, &in, added, e) ||
	    audit_add(st, v, "change", "alerts", "refreshed", e)) {
		refresh_input_release(&in);
		store_rollback(st);
		*added = 0;
		return -1;
	}
	refresh_input_release(&in);
	return store_commit(st, e);
}

/* Is the alert of the row in v's queue (columns 8 to 11)? */
static int alert_seen(struct store *st, const struct viewer *v,
		      sqlite3_stmt *stmt)
{
	return in_queue(st, v, sqlite3_column_int64(stmt, 8),
			(const char *)sqlite3_column_text(stmt, 9),
			sqlite3_column_int64(stmt, 10),
			sqlite3_column_int64(stmt, 11));
}

static void alert_read(sqlite3_stmt *stmt, void *row)
{
	struct alert_row *r = row;

	r->id = sqlite3_column_int64(stmt, 0);
	cw_column_copy(stmt, 1, r->kind, sizeof(r->kind));
	cw_column_copy(stmt, 2, r->upn, sizeof(r->upn));
	r->urn = sqlite3_column_int(stmt, 3);
	cw_column_copy(stmt, 4, r->created, sizeof(r->created));
	cw_column_copy(stmt, 5, r->message, sizeof(r->message));
	cw_column_copy(stmt, 6, r->acknowledged_by, sizeof(r->acknowledged_by));
	cw_column_copy(stmt, 7, r->acknowledged_at, sizeof(r->acknowledged_at));
}

static const struct cw_list_query alerts_query = {
	"SELECT a.id, a.kind, coalesce(p.upn, ''), coalesce(s.urn, 0), "
	"a.created, a.message, coalesce(u.username, ''), a.acknowledged_at, "
	"coalesce(a.target_user_id, 0), a.target_role, coalesce(a.pupil_id, 0), "
	"coalesce(a.school_id, 0) FROM alert a LEFT JOIN pupil p ON "
	"p.id = a.pupil_id LEFT JOIN school s ON s.id = a.school_id "
	"LEFT JOIN user u ON u.id = a.acknowledged_by "
	"WHERE ?1 OR a.acknowledged_at = '' ORDER BY a.id",
	-1, alert_seen, alert_read, sizeof(struct alert_row),
};

int alert_list(struct store *st, const struct viewer *v, bool all,
	       struct alert_row **rows, size_t *nr, struct error *e)
{
	return cw_list_run(st, v, &alerts_query, NULL, all, (void **)rows, nr, e);
}
