/*
 * Retention applied (report/retention.h): each step one statement over
 * the pupils past a period, in the order the foreign keys need, counted
 * by sqlite3_changes().  The append-only histories (mark_history,
 * case_event) let a row go only while its pupil is in retention_erase,
 * which this file fills and empties inside its own transaction
 * (migration 9); the audit log lets an entry go only if it is dated
 * before a cutoff recorded in its retention table (store/audit_file.c).
 */
#include "report/retention.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "report/pupil.h"
#include "store/config.h"
#include "store/files.h"
#include "util/strbuf.h"

static const char *const policy_keys[3] = {
	"retention_registers_years", "retention_casework_years",
	"retention_audit_years",
};

int retention_policy_get(struct store *st, struct retention_policy *p,
			 struct error *e)
{
	int *years[3] = { &p->registers_years, &p->casework_years,
			  &p->audit_years };

	(void)e;
	for (int i = 0; i < 3; i++) {
		char v[16];

		*years[i] = RETENTION_DEFAULT_YEARS;
		if (!config_get(st, policy_keys[i], v, sizeof(v)) && atoi(v) > 0)
			*years[i] = atoi(v);
	}
	return 0;
}

/* The same day `years` years before (29 February: the 28th). */
static day_t years_before(day_t day, int years)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (m == 2 && d == 29 && !date_valid_ymd(y - years, 2, 29))
		d = 28;
	return date_from_ymd(y - years, m, d);
}

static int sql_error(sqlite3 *db, const char *what, struct error *e)
{
	return error_set(e, ERROR_INTERNAL, "retention: %s: %s", what,
			 sqlite3_errmsg(db));
}

/*
 * Runs sql on db with ?1..?n bound to the days (as YYYY-MM-DD) or, with
 * a NULL days, to nothing; its changes into *changed (may be NULL).
 */
static int run(sqlite3 *db, const char *sql, const day_t *days, int nr_days,
	       long *changed, struct error *e)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL))
		return sql_error(db, sql, e);
	for (int i = 0; i < nr_days; i++)
		store_bind_day(stmt, i + 1, days[i]);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_error(db, sql, e);
	if (changed)
		*changed = sqlite3_changes(db);
	return 0;
}

/* A counted step of the report: table, how, and its statement. */
static int step(sqlite3 *db, struct retention_report *r, const char *table,
		const char *how, const char *sql, const day_t *days,
		int nr_days, struct error *e)
{
	long n;

	if (run(db, sql, days, nr_days, &n, e))
		return -1;
	if (r->nr_rows < sizeof(r->rows) / sizeof(r->rows[0]))
		r->rows[r->nr_rows++] = (struct retention_row){ table, how, n };
	return 0;
}

/* The enrolments, and the cases, of the pupils in retention_erase. */
#define ERASED_ENROLMENTS "(SELECT en.id FROM enrolment en JOIN " \
	"retention_erase r ON r.pupil_id = en.pupil_id)"
#define ERASED_CASES "(SELECT c.id FROM pupil_case c JOIN retention_erase r " \
	"ON r.pupil_id = c.pupil_id)"
#define ERASED "(SELECT pupil_id FROM retention_erase)"
#define NOT_HELD "l.pupil_id NOT IN (SELECT pupil_id FROM retention_hold)"

static int registers(sqlite3 *db, struct retention_report *r, struct error *e)
{
	long n;

	if (run(db, "INSERT INTO retention_erase SELECT l.pupil_id FROM "
		"temp.retention_left l WHERE l.left_on < ?1 AND " NOT_HELD
		" AND EXISTS (SELECT 1 FROM enrolment en JOIN marks m ON "
		"m.enrolment_id = en.id WHERE en.pupil_id = l.pupil_id UNION ALL "
		"SELECT 1 FROM enrolment en JOIN mark_history h ON h.enrolment_id "
		"= en.id WHERE en.pupil_id = l.pupil_id)",
		&r->registers_before, 1, &n, e))
		return -1;
	r->pupils_registers = n;
	return step(db, r, "mark_history", "deleted", "DELETE FROM mark_history "
		    "WHERE enrolment_id IN " ERASED_ENROLMENTS, NULL, 0, e) ||
	       step(db, r, "marks", "deleted", "DELETE FROM marks WHERE "
		    "enrolment_id IN " ERASED_ENROLMENTS, NULL, 0, e) ||
	       run(db, "DELETE FROM retention_erase", NULL, 0, NULL, e);
}

/* Casework: in the order of the foreign keys. */
static const struct {
	const char *table, *how, *sql;
} casework_steps[] = {
	{ "tsm_action", "anonymised", "UPDATE tsm_action SET case_action_id = "
	  "NULL, what = 'a pupil''s action, removed under the retention rules' "
	  "WHERE case_action_id IN (SELECT ca.id FROM case_action ca WHERE "
	  "ca.case_id IN " ERASED_CASES ")" },
	{ "legal_decision", "deleted", "DELETE FROM legal_decision WHERE "
	  "case_id IN " ERASED_CASES },
	{ "case_event", "deleted", "DELETE FROM case_event WHERE case_id IN "
	  ERASED_CASES },
	{ "case_barrier", "deleted", "DELETE FROM case_barrier WHERE case_id IN "
	  ERASED_CASES },
	{ "case_agency", "deleted", "DELETE FROM case_agency WHERE case_id IN "
	  ERASED_CASES },
	{ "case_action", "deleted", "DELETE FROM case_action WHERE case_id IN "
	  ERASED_CASES },
	{ "penalty_notice", "deleted", "DELETE FROM penalty_notice WHERE "
	  "pupil_id IN " ERASED },
	{ "case_proposal", "deleted", "DELETE FROM case_proposal WHERE "
	  "pupil_id IN " ERASED },
	{ "pupil_case", "deleted", "DELETE FROM pupil_case WHERE pupil_id IN "
	  ERASED },
	{ "part_time_timetable", "deleted", "DELETE FROM part_time_timetable "
	  "WHERE pupil_id IN " ERASED },
	{ "cme", "deleted", "DELETE FROM cme WHERE pupil_id IN " ERASED },
	{ "alert", "deleted", "DELETE FROM alert WHERE pupil_id IN " ERASED },
	{ "user_pupil", "deleted", "DELETE FROM user_pupil WHERE pupil_id IN "
	  ERASED },
	{ NULL, NULL, "CREATE TEMP TABLE retention_parent AS SELECT DISTINCT "
	  "parent_id FROM pupil_parent WHERE pupil_id IN " ERASED },
	{ "pupil_parent", "deleted", "DELETE FROM pupil_parent WHERE pupil_id "
	  "IN " ERASED },
	{ NULL, NULL, "CREATE TEMP TABLE retention_household AS SELECT DISTINCT "
	  "household_id FROM parent WHERE id IN (SELECT parent_id FROM "
	  "temp.retention_parent) AND household_id IS NOT NULL" },
	/* a parent of no other child, with no notice left */
	{ "parent", "deleted", "DELETE FROM parent WHERE id IN (SELECT "
	  "parent_id FROM temp.retention_parent) AND id NOT IN (SELECT "
	  "parent_id FROM pupil_parent) AND id NOT IN (SELECT parent_id FROM "
	  "penalty_notice)" },
	{ "household", "deleted", "DELETE FROM household WHERE id IN (SELECT "
	  "household_id FROM temp.retention_household) AND id NOT IN (SELECT "
	  "household_id FROM parent WHERE household_id IS NOT NULL)" },
	{ NULL, NULL, "DROP TABLE temp.retention_parent" },
	{ NULL, NULL, "DROP TABLE temp.retention_household" },
	{ NULL, NULL, "DELETE FROM retention_erase" },
};

static int casework(sqlite3 *db, struct retention_report *r, struct error *e)
{
	long n;

	if (run(db, "INSERT INTO retention_erase SELECT l.pupil_id FROM "
		"temp.retention_left l WHERE l.left_on < ?1 AND " NOT_HELD
		" AND (EXISTS (SELECT 1 FROM pupil_case WHERE pupil_id = "
		"l.pupil_id) OR EXISTS (SELECT 1 FROM penalty_notice WHERE "
		"pupil_id = l.pupil_id) OR EXISTS (SELECT 1 FROM "
		"part_time_timetable WHERE pupil_id = l.pupil_id) OR EXISTS "
		"(SELECT 1 FROM cme WHERE pupil_id = l.pupil_id) OR EXISTS "
		"(SELECT 1 FROM alert WHERE pupil_id = l.pupil_id) OR EXISTS "
		"(SELECT 1 FROM pupil_parent WHERE pupil_id = l.pupil_id) OR "
		"EXISTS (SELECT 1 FROM user_pupil WHERE pupil_id = l.pupil_id))",
		&r->casework_before, 1, &n, e))
		return -1;
	r->pupils_casework = n;
	for (size_t i = 0; i < sizeof(casework_steps) / sizeof(casework_steps[0]);
	     i++) {
		if (casework_steps[i].table ?
		    step(db, r, casework_steps[i].table, casework_steps[i].how,
			 casework_steps[i].sql, NULL, 0, e) :
		    run(db, casework_steps[i].sql, NULL, 0, NULL, e))
			return -1;
	}
	/*
	 * What names no pupil of the store but is of the same age: referrals
	 * by name alone closed (or placed) before the period, and the alerts
	 * of no one pupil (the weekly list of children looked after) raised
	 * before it, unless they name a held pupil.
	 */
	return step(db, r, "cme (by name alone)", "deleted", "DELETE FROM cme "
		    "WHERE pupil_id IS NULL AND status IN ('closed', 'on_roll') "
		    "AND updated < ?1", &r->casework_before, 1, e) ||
	       step(db, r, "alert (of no one pupil)", "deleted", "DELETE FROM "
		    "alert WHERE pupil_id IS NULL AND substr(created, 1, 10) < ?1 "
		    "AND NOT EXISTS (SELECT 1 FROM retention_hold h JOIN pupil p "
		    "ON p.id = h.pupil_id WHERE instr(alert.message, p.upn))",
		    &r->casework_before, 1, e);
}

/* Pupils with nothing left of their registers or casework: the record. */
static int pupils(sqlite3 *db, struct retention_report *r, struct error *e)
{
	day_t both[2] = { r->registers_before, r->casework_before };
	long n;

	if (run(db, "CREATE TEMP TABLE retention_gone AS SELECT l.pupil_id FROM "
		"temp.retention_left l WHERE l.left_on < ?1 AND l.left_on < ?2 "
		"AND " NOT_HELD, both, 2, NULL, e) ||
	    step(db, r, "enrolment", "deleted", "DELETE FROM enrolment WHERE "
		 "pupil_id IN (SELECT pupil_id FROM temp.retention_gone)", NULL,
		 0, e) ||
	    run(db, "DELETE FROM pupil WHERE id IN (SELECT pupil_id FROM "
		"temp.retention_gone)", NULL, 0, &n, e) ||
	    run(db, "DROP TABLE temp.retention_gone", NULL, 0, NULL, e))
		return -1;
	r->pupils_removed = n;
	if (r->nr_rows < sizeof(r->rows) / sizeof(r->rows[0]))
		r->rows[r->nr_rows++] = (struct retention_row){ "pupil",
								"deleted", n };
	return 0;
}

/* The store's part: one transaction, rolled back for a dry run. */
static int apply_store(struct store *st, bool dry_run,
		       struct retention_report *r, struct error *e)
{
	sqlite3 *db = store_db(st);
	day_t days[3] = { r->today, r->registers_before, r->casework_before };
	int64_t import_id;
	long total = 0;
	char summary[64];

	if (store_begin(st, e))
		return -1;
	/* each pupil none of whose enrolments is current: when they left */
	if (run(db, "DROP TABLE IF EXISTS temp.retention_left", NULL, 0, NULL, e) ||
	    run(db, "CREATE TEMP TABLE retention_left AS SELECT pupil_id, "
		"max(end_date) AS left_on FROM enrolment GROUP BY pupil_id "
		"HAVING sum(end_date = '' OR end_date >= ?1) = 0", days, 1,
		NULL, e))
		goto fail;
	{
		sqlite3_stmt *stmt;

		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM temp.retention_left "
				       "l WHERE (l.left_on < ?1 OR l.left_on < ?2) "
				       "AND l.pupil_id IN (SELECT pupil_id FROM "
				       "retention_hold)", -1, &stmt, NULL)) {
			sql_error(db, "holds", e);
			goto fail;
		}
		store_bind_day(stmt, 1, days[1]);
		store_bind_day(stmt, 2, days[2]);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			r->pupils_held = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	if (registers(db, r, e) || casework(db, r, e) || pupils(db, r, e) ||
	    run(db, "DROP TABLE temp.retention_left", NULL, 0, NULL, e))
		goto fail;
	for (size_t i = 0; i < r->nr_rows; i++)
		total += r->rows[i].rows;
	if (dry_run) {
		store_rollback(st);
		return 0;
	}
	/* a new store version: the engine's caches and the server re-read */
	snprintf(summary, sizeof(summary), "%ld rows removed", total);
	if (total && (store_import_begin(st, "attend retention apply",
					 "retention", &import_id, e) ||
		      store_import_finish(st, import_id, summary, e)))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/*
 * The audit log's part: entries before the cutoff, except those about a
 * held pupil (as report/sar.c finds them), in one transaction.
 */
static int apply_audit(struct store *st, bool dry_run, const char *by,
		       struct retention_report *r, struct error *e)
{
	sqlite3 *db = store_audit_db(st, e), *sdb = store_db(st);
	sqlite3_stmt *held = NULL, *keep = NULL, *put = NULL;
	char now[STORE_TIME_SIZE];
	long n;
	int rc;

	if (!db)
		return -1;
	if (run(db, "BEGIN IMMEDIATE", NULL, 0, NULL, e))
		return -1;
	if (run(db, "CREATE TEMP TABLE IF NOT EXISTS retention_keep (object "
		"TEXT, term TEXT)", NULL, 0, NULL, e) ||
	    run(db, "DELETE FROM temp.retention_keep", NULL, 0, NULL, e))
		goto fail;
	if (sqlite3_prepare_v2(sdb, "SELECT 'pupil ' || p.upn, p.upn FROM pupil p "
			       "JOIN retention_hold h ON h.pupil_id = p.id "
			       "UNION ALL SELECT 'case ' || id, NULL FROM pupil_case "
			       "WHERE pupil_id IN (SELECT pupil_id FROM retention_hold) "
			       "UNION ALL SELECT 'action ' || ca.id, NULL FROM "
			       "case_action ca JOIN pupil_case c ON c.id = ca.case_id "
			       "WHERE c.pupil_id IN (SELECT pupil_id FROM "
			       "retention_hold) UNION ALL SELECT 'notice ' || id, NULL "
			       "FROM penalty_notice WHERE pupil_id IN (SELECT pupil_id "
			       "FROM retention_hold) UNION ALL SELECT 'part_time ' || "
			       "id, NULL FROM part_time_timetable WHERE pupil_id IN "
			       "(SELECT pupil_id FROM retention_hold) UNION ALL SELECT "
			       "'cme ' || id, NULL FROM cme WHERE pupil_id IN (SELECT "
			       "pupil_id FROM retention_hold) UNION ALL SELECT 'alert ' "
			       "|| id, NULL FROM alert WHERE pupil_id IN (SELECT "
			       "pupil_id FROM retention_hold)", -1, &held, NULL)) {
		sql_error(sdb, "held pupils' records", e);
		goto fail;
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO temp.retention_keep VALUES (?, ?)",
			       -1, &keep, NULL)) {
		sql_error(db, "held pupils' records", e);
		goto fail;
	}
	while ((rc = sqlite3_step(held)) == SQLITE_ROW) {
		sqlite3_bind_value(keep, 1, sqlite3_column_value(held, 0));
		sqlite3_bind_value(keep, 2, sqlite3_column_value(held, 1));
		if (sqlite3_step(keep) != SQLITE_DONE) {
			sql_error(db, "held pupils' records", e);
			goto fail;
		}
		sqlite3_reset(keep);
	}
	if (rc != SQLITE_DONE) {
		sql_error(sdb, "held pupils' records", e);
		goto fail;
	}
	/* the cutoff first: the log lets nothing younger go */
	if (sqlite3_prepare_v2(db, "INSERT INTO retention (before, applied_at, "
			       "applied_by) VALUES (?, ?, ?)", -1, &put, NULL)) {
		sql_error(db, "recording the cutoff", e);
		goto fail;
	}
	store_now(now);
	sqlite3_bind_text(put, 1, r->audit_before, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 3, by, -1, SQLITE_STATIC);
	if (sqlite3_step(put) != SQLITE_DONE) {
		sql_error(db, "recording the cutoff", e);
		goto fail;
	}
	{
		sqlite3_stmt *del;

		if (sqlite3_prepare_v2(db, "DELETE FROM audit WHERE at < ?1 AND "
				       "object NOT IN (SELECT object FROM "
				       "temp.retention_keep) AND NOT EXISTS (SELECT 1 "
				       "FROM temp.retention_keep k WHERE k.term IS NOT "
				       "NULL AND (instr(audit.object, k.term) OR "
				       "instr(audit.detail, k.term)))", -1, &del, NULL)) {
			sql_error(db, "deleting old entries", e);
			goto fail;
		}
		sqlite3_bind_text(del, 1, r->audit_before, -1, SQLITE_STATIC);
		rc = sqlite3_step(del);
		sqlite3_finalize(del);
		if (rc != SQLITE_DONE) {
			sql_error(db, "deleting old entries", e);
			goto fail;
		}
		n = sqlite3_changes(db);
	}
	if (r->nr_rows < sizeof(r->rows) / sizeof(r->rows[0]))
		r->rows[r->nr_rows++] = (struct retention_row){ "audit (log)",
								"deleted", n };
	sqlite3_finalize(held);
	sqlite3_finalize(keep);
	sqlite3_finalize(put);
	return run(db, dry_run ? "ROLLBACK" : "COMMIT", NULL, 0, NULL, e);
fail:
	sqlite3_finalize(held);
	sqlite3_finalize(keep);
	sqlite3_finalize(put);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int drop_cache(const char *path, enum store_file_kind kind, void *data)
{
	(void)data;
	if (kind == STORE_FILE_CACHE)
		unlink(path);
	return 0;
}

/* An audit entry by `by`, who is no user of the store. */
static int audit_by(struct store *st, const char *by, const char *action,
		    const char *object, const char *detail, struct error *e)
{
	struct viewer v;

	memset(&v, 0, sizeof(v));
	snprintf(v.username, sizeof(v.username), "%s", by);
	v.role = ROLE_GOVERNOR;
	return audit_add(st, &v, action, object, detail, e);
}

int retention_apply(struct store *st, day_t today, bool dry_run,
		    const char *by, struct retention_report *r, struct error *e)
{
	char detail[1024];
	size_t len = 0;

	memset(r, 0, sizeof(*r));
	if (retention_policy_get(st, &r->policy, e))
		return -1;
	r->today = today;
	r->registers_before = years_before(today, r->policy.registers_years);
	r->casework_before = years_before(today, r->policy.casework_years);
	date_format(years_before(today, r->policy.audit_years), r->audit_before);
	if (apply_store(st, dry_run, r, e) || apply_audit(st, dry_run, by, r, e))
		return -1;
	if (dry_run)
		return 0;
	store_files_each(store_path(st), drop_cache, NULL);
	{
		char day[11];

		date_format(today, day);
		len = (size_t)snprintf(detail, sizeof(detail), "as of %s: %ld "
				       "pupils' registers, %ld pupils' casework, %ld "
				       "pupils removed, %ld held;", day,
				       r->pupils_registers, r->pupils_casework,
				       r->pupils_removed, r->pupils_held);
	}
	for (size_t i = 0; i < r->nr_rows && len < sizeof(detail); i++)
		if (r->rows[i].rows)
			len += (size_t)snprintf(detail + len, sizeof(detail) - len,
						" %s %ld %s", r->rows[i].table,
						r->rows[i].rows, r->rows[i].how);
	return audit_by(st, by, "retention apply", "store", detail, e);
}

int retention_hold(struct store *st, const char *upn, const char *reason,
		   const char *by, struct error *e)
{
	struct pupil_record p;
	sqlite3_stmt *stmt;
	char object[32], now[STORE_TIME_SIZE];
	int rc;

	if (!reason || !*reason)
		return error_set(e, ERROR_INPUT, "a legal hold says why: --reason");
	if (pupil_find(st, upn, &p, e))
		return -1;
	snprintf(object, sizeof(object), "pupil %s", p.upn);
	if (store_begin(st, e))
		return -1;
	if (sqlite3_prepare_v2(store_db(st), "INSERT INTO retention_hold (pupil_id, "
			       "reason, held_at, held_by) VALUES (?, ?, ?, ?) "
			       "ON CONFLICT DO NOTHING", -1, &stmt, NULL)) {
		sql_error(store_db(st), "a hold", e);
		goto fail;
	}
	store_now(now);
	sqlite3_bind_int64(stmt, 1, p.id);
	sqlite3_bind_text(stmt, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, by, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		sql_error(store_db(st), "a hold", e);
		goto fail;
	}
	if (!sqlite3_changes(store_db(st))) {
		error_set(e, ERROR_INPUT, "pupil %s is under a legal hold already",
			  p.upn);
		goto fail;
	}
	if (audit_by(st, by, "retention hold", object, reason, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int retention_release(struct store *st, const char *upn, const char *by,
		      struct error *e)
{
	struct pupil_record p;
	sqlite3_stmt *stmt;
	char object[32];
	int rc;

	if (pupil_find(st, upn, &p, e))
		return -1;
	snprintf(object, sizeof(object), "pupil %s", p.upn);
	if (store_begin(st, e))
		return -1;
	if (sqlite3_prepare_v2(store_db(st), "DELETE FROM retention_hold WHERE "
			       "pupil_id = ?", -1, &stmt, NULL)) {
		sql_error(store_db(st), "a release", e);
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, p.id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		sql_error(store_db(st), "a release", e);
		goto fail;
	}
	if (!sqlite3_changes(store_db(st))) {
		error_set(e, ERROR_INPUT, "pupil %s is under no legal hold", p.upn);
		goto fail;
	}
	if (audit_by(st, by, "retention release", object, "", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int retention_holds(struct store *st, struct retention_held **rows, size_t *nr,
		    struct error *e)
{
	sqlite3_stmt *stmt;
	int rc;

	*rows = NULL;
	*nr = 0;
	if (sqlite3_prepare_v2(store_db(st), "SELECT p.upn, p.forename || ' ' || "
			       "p.surname, h.reason, h.held_at, h.held_by FROM "
			       "retention_hold h JOIN pupil p ON p.id = h.pupil_id "
			       "ORDER BY p.upn", -1, &stmt, NULL))
		return sql_error(store_db(st), "the holds", e);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct retention_held *h;

		*rows = xrealloc(*rows, (*nr + 1) * sizeof(**rows));
		h = &(*rows)[(*nr)++];
		store_column_text(stmt, 0, h->upn, sizeof(h->upn));
		store_column_text(stmt, 1, h->name, sizeof(h->name));
		store_column_text(stmt, 2, h->reason, sizeof(h->reason));
		store_column_text(stmt, 3, h->held_at, sizeof(h->held_at));
		store_column_text(stmt, 4, h->held_by, sizeof(h->held_by));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		*nr = 0;
		return sql_error(store_db(st), "the holds", e);
	}
	return 0;
}
