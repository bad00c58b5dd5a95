/*
 * A subject access export (report/sar.h): each table one query of the
 * store, bound to the subject (?1 their id, ?2 their UPN), read into rows
 * of text; the register from report_register(), the audit entries from
 * audit_about().
 */
#include "report/sar.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "report/pupil.h"
#include "report/report.h"
#include "util/strbuf.h"

static struct sar_table *table_new(struct sar *s, const char *key,
				   const char *title, size_t nr_columns)
{
	struct sar_table *t;

	s->tables = xrealloc(s->tables, (s->nr_tables + 1) * sizeof(*s->tables));
	t = &s->tables[s->nr_tables++];
	memset(t, 0, sizeof(*t));
	t->key = key;
	t->title = title;
	t->nr_columns = nr_columns;
	t->columns = xcalloc(nr_columns ? nr_columns : 1, sizeof(*t->columns));
	return t;
}

/* A new row of empty cells; its first cell's index. */
static size_t table_row(struct sar_table *t)
{
	size_t first = t->nr_rows * t->nr_columns, n = first + t->nr_columns;

	t->cells = xrealloc(t->cells, (n ? n : 1) * sizeof(*t->cells));
	t->number = xrealloc(t->number, n ? n : 1);
	memset(t->cells + first, 0, t->nr_columns * sizeof(*t->cells));
	memset(t->number + first, 0, t->nr_columns);
	t->nr_rows++;
	return first;
}

static void cell(struct sar_table *t, size_t at, const char *text, int number)
{
	t->cells[at] = text ? xstrdup(text) : NULL;
	t->number[at] = (unsigned char)number;
}

static int sar_sql_error(struct store *st, const char *what, struct error *e)
{
	return error_set(e, ERROR_INTERNAL, "%s: subject access, %s: %s",
			 store_path(st), what, sqlite3_errmsg(store_db(st)));
}

/* A table of the rows of sql, its ?1 bound to id and ?2 to text. */
static int add_query(struct store *st, struct sar *s, const char *key,
		     const char *title, const char *sql, int64_t id,
		     const char *text, struct error *e)
{
	sqlite3_stmt *stmt;
	struct sar_table *t;
	int rc, n;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL))
		return sar_sql_error(st, key, e);
	n = sqlite3_column_count(stmt);
	if (sqlite3_bind_parameter_count(stmt) >= 1)
		sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_bind_parameter_count(stmt) >= 2)
		sqlite3_bind_text(stmt, 2, text ? text : "", -1, SQLITE_TRANSIENT);
	t = table_new(s, key, title, (size_t)n);
	for (int c = 0; c < n; c++)
		t->columns[c] = xstrdup(sqlite3_column_name(stmt, c));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t at = table_row(t);

		for (int c = 0; c < n; c++) {
			int type = sqlite3_column_type(stmt, c);

			cell(t, at + (size_t)c, type == SQLITE_NULL ? NULL :
			     (const char *)sqlite3_column_text(stmt, c),
			     type == SQLITE_INTEGER || type == SQLITE_FLOAT);
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sar_sql_error(st, key, e);
	return 0;
}

/* Every mark of the pupil, year by year, at every school. */
static int add_register(struct store *st, struct sar *s, int64_t pupil_id,
			const char *upn, struct error *e)
{
	static const char *const columns[] = { "urn", "date", "session", "code",
					       "meaning" };
	struct sar_table *t = table_new(s, "marks", "Register marks", 5);
	sqlite3_stmt *years;
	int rc;

	for (size_t c = 0; c < 5; c++)
		t->columns[c] = xstrdup(columns[c]);
	if (sqlite3_prepare_v2(store_db(st), "SELECT DISTINCT m.year FROM marks m "
			       "JOIN enrolment en ON en.id = m.enrolment_id WHERE "
			       "en.pupil_id = ? ORDER BY m.year", -1, &years, NULL))
		return sar_sql_error(st, "marks", e);
	sqlite3_bind_int64(years, 1, pupil_id);
	while ((rc = sqlite3_step(years)) == SQLITE_ROW) {
		struct register_mark *marks;
		size_t nr;

		if (report_register(st, upn, sqlite3_column_int(years, 0), 0,
				    &marks, &nr, e)) {
			sqlite3_finalize(years);
			return -1;
		}
		for (size_t i = 0; i < nr; i++) {
			const struct code_info *c = mark_info(marks[i].mark);
			size_t at = table_row(t);
			char urn[8], day[11];

			snprintf(urn, sizeof(urn), "%06d", marks[i].urn);
			date_format(marks[i].day, day);
			cell(t, at, urn, 1);
			cell(t, at + 1, day, 0);
			cell(t, at + 2, marks[i].session == SESSION_AM ? "AM" : "PM", 0);
			cell(t, at + 3, c->code, 0);
			cell(t, at + 4, c->meaning, 0);
		}
		free(marks);
	}
	sqlite3_finalize(years);
	if (rc != SQLITE_DONE)
		return sar_sql_error(st, "marks", e);
	return 0;
}

static void audit_row(const struct audit_entry *a, void *data)
{
	struct sar_table *t = data;
	size_t at = table_row(t);

	cell(t, at, a->at, 0);
	cell(t, at + 1, a->username, 0);
	cell(t, at + 2, a->action, 0);
	cell(t, at + 3, a->object, 0);
	cell(t, at + 4, a->detail, 0);
	cell(t, at + 5, a->address, 0);
}

/*
 * The audit entries whose object is "KIND ID" for each id the query
 * (?1 bound to id) lists in its two columns (kind, id), or one of
 * more[], or whose object or detail holds term (NULL: none).
 */
static int add_audit(struct store *st, struct sar *s, const char *ids_sql,
		     int64_t id, const char *const *more, size_t nr_more,
		     const char *term, struct error *e)
{
	static const char *const columns[] = { "at", "username", "action",
					       "object", "detail", "address" };
	struct sar_table *t = table_new(s, "audit", "Audit log entries", 6);
	char **objects = NULL;
	size_t nr = 0;
	sqlite3_stmt *stmt;
	int rc;

	for (size_t c = 0; c < 6; c++)
		t->columns[c] = xstrdup(columns[c]);
	if (sqlite3_prepare_v2(store_db(st), ids_sql, -1, &stmt, NULL))
		return sar_sql_error(st, "audit", e);
	sqlite3_bind_int64(stmt, 1, id);
	objects = xmalloc((nr_more + 1) * sizeof(*objects));
	for (size_t i = 0; i < nr_more; i++)
		objects[nr++] = xstrdup(more[i]);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		char object[64];

		snprintf(object, sizeof(object), "%s %lld",
			 (const char *)sqlite3_column_text(stmt, 0),
			 (long long)sqlite3_column_int64(stmt, 1));
		objects = xrealloc(objects, (nr + 1) * sizeof(*objects));
		objects[nr++] = xstrdup(object);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		rc = sar_sql_error(st, "audit", e);
	else
		rc = audit_about(st, (const char *const *)objects, nr, &term,
				 term ? 1 : 0, audit_row, t, e);
	for (size_t i = 0; i < nr; i++)
		free(objects[i]);
	free(objects);
	s->nr_audit = t->nr_rows;
	return rc;
}

/* The tables of a pupil: key, title and query (?1 pupil id, ?2 UPN). */
static const struct {
	const char *key, *title, *sql;
} pupil_tables[] = {
	{ "pupil", "Pupil record",
	  "SELECT upn, surname, forename, dob, sex, fsm, sen, social_care, "
	  "early_help, youth_justice, eal, postcode FROM pupil WHERE id = ?1" },
	{ "enrolments", "Schools (enrolments)",
	  "SELECT s.urn, s.name AS school, en.year_group, en.start_date, "
	  "en.end_date FROM enrolment en JOIN school s ON s.id = en.school_id "
	  "WHERE en.pupil_id = ?1 ORDER BY s.urn" },
	{ NULL, NULL, NULL },	/* the register marks */
	{ "mark_history", "Changes to register marks",
	  "SELECT s.urn, h.date, h.session, h.old_code, h.new_code, "
	  "h.changed_at, i.file AS import_file FROM mark_history h "
	  "JOIN enrolment en ON en.id = h.enrolment_id "
	  "JOIN school s ON s.id = en.school_id "
	  "LEFT JOIN import i ON i.id = h.import_id "
	  "WHERE en.pupil_id = ?1 ORDER BY h.date, h.session, h.id" },
	{ "parents", "Parents and carers",
	  "SELECT pa.id, pa.name, pa.contact, pp.relationship, pa.household_id, "
	  "h.name AS household FROM pupil_parent pp "
	  "JOIN parent pa ON pa.id = pp.parent_id "
	  "LEFT JOIN household h ON h.id = pa.household_id "
	  "WHERE pp.pupil_id = ?1 ORDER BY pa.id" },
	{ "cases", "Cases (graduated response)",
	  "SELECT id, stage, opened, closed, closed_reason FROM pupil_case "
	  "WHERE pupil_id = ?1 ORDER BY id" },
	{ "case_events", "Case history",
	  "SELECT ev.case_id, ev.at, u.username AS by_user, ev.from_stage, "
	  "ev.to_stage, ev.reason, ev.support_offered, ev.support_outcome, "
	  "ev.not_appropriate FROM case_event ev "
	  "JOIN pupil_case c ON c.id = ev.case_id "
	  "LEFT JOIN user u ON u.id = ev.user_id "
	  "WHERE c.pupil_id = ?1 ORDER BY ev.id" },
	{ "case_barriers", "Barriers to attendance",
	  "SELECT b.case_id, b.barrier, b.detail, b.recorded, u.username AS "
	  "by_user FROM case_barrier b JOIN pupil_case c ON c.id = b.case_id "
	  "LEFT JOIN user u ON u.id = b.user_id WHERE c.pupil_id = ?1 "
	  "ORDER BY b.case_id, b.recorded, b.barrier" },
	{ "case_agencies", "Agencies involved",
	  "SELECT a.case_id, a.agency, a.detail, a.since, u.username AS by_user "
	  "FROM case_agency a JOIN pupil_case c ON c.id = a.case_id "
	  "LEFT JOIN user u ON u.id = a.user_id WHERE c.pupil_id = ?1 "
	  "ORDER BY a.case_id, a.since, a.agency" },
	{ "case_actions", "Case actions",
	  "SELECT ca.id, ca.case_id, ca.what, ca.owner, ca.due, ca.done, "
	  "ca.outcome, ca.agreed, u.username AS by_user FROM case_action ca "
	  "JOIN pupil_case c ON c.id = ca.case_id "
	  "LEFT JOIN user u ON u.id = ca.user_id WHERE c.pupil_id = ?1 "
	  "ORDER BY ca.id" },
	{ "legal_decisions", "Joint legal decisions",
	  "SELECT ld.id, ld.case_id, ld.decided, u.username AS by_user, "
	  "ld.policy_followed, ld.officer_discussed, ld.support_considered, "
	  "ld.social_worker_required, sw.username AS social_worker, "
	  "ld.social_worker_agreed, ld.outcome, ld.review, ld.reviewed, "
	  "ld.created_at FROM legal_decision ld "
	  "JOIN pupil_case c ON c.id = ld.case_id "
	  "LEFT JOIN user u ON u.id = ld.user_id "
	  "LEFT JOIN user sw ON sw.id = ld.social_worker_id "
	  "WHERE c.pupil_id = ?1 ORDER BY ld.id" },
	{ "notices", "Notices to Improve and penalty notices",
	  "SELECT n.id, n.case_id, n.parent_id, pa.name AS parent, n.kind, "
	  "n.issued, n.threshold_met, n.no_nti_reason, n.amount_pence, "
	  "n.reduced_until, n.due, n.status, n.outcome_date, n.paid_pence, "
	  "n.outcome, u.username AS by_user FROM penalty_notice n "
	  "JOIN parent pa ON pa.id = n.parent_id "
	  "LEFT JOIN user u ON u.id = n.user_id "
	  "WHERE n.pupil_id = ?1 ORDER BY n.id" },
	{ "part_time_timetables", "Part-time timetables",
	  "SELECT pt.id, s.urn, pt.start_date, pt.end_date, pt.review_date, "
	  "pt.hours_tenths, pt.reason, pt.parent_agreed, pt.la_notified, "
	  "pt.reviewed, pt.ended, u.username AS by_user "
	  "FROM part_time_timetable pt JOIN school s ON s.id = pt.school_id "
	  "LEFT JOIN user u ON u.id = pt.user_id WHERE pt.pupil_id = ?1 "
	  "ORDER BY pt.id" },
	/* a referral by name alone is theirs if the name and birth date are */
	{ "cme", "Referrals as a child missing education",
	  "SELECT c.id, c.name, c.dob, s.urn, c.source, c.status, c.referred, "
	  "c.updated, c.outcome, c.notes, u.username AS by_user FROM cme c "
	  "LEFT JOIN school s ON s.id = c.school_id "
	  "LEFT JOIN user u ON u.id = c.user_id "
	  "WHERE c.pupil_id = ?1 OR (c.pupil_id IS NULL AND c.dob <> '' AND "
	  "c.dob = (SELECT dob FROM pupil WHERE id = ?1) AND lower(c.name) = "
	  "(SELECT lower(forename || ' ' || surname) FROM pupil WHERE id = ?1)) "
	  "ORDER BY c.id" },
	{ "alerts", "Alerts",
	  "SELECT a.id, a.kind, s.urn, a.target_role, tu.username AS "
	  "target_user, a.created, a.message, au.username AS acknowledged_by, "
	  "a.acknowledged_at FROM alert a "
	  "LEFT JOIN school s ON s.id = a.school_id "
	  "LEFT JOIN user tu ON tu.id = a.target_user_id "
	  "LEFT JOIN user au ON au.id = a.acknowledged_by "
	  "WHERE a.pupil_id = ?1 OR instr(a.message, ?2) ORDER BY a.id" },
	{ "tsm_mentions", "Targeting Support Meetings: actions and notes",
	  "SELECT t.id AS tsm_id, s.urn, t.term, t.meeting_date, t.status, "
	  "ta.id AS action_id, ta.what, ta.owner, ta.due, ta.done, ta.outcome, "
	  "CASE WHEN instr(t.notes, ?2) THEN t.notes ELSE '' END AS notes "
	  "FROM tsm t JOIN school s ON s.id = t.school_id "
	  "LEFT JOIN tsm_action ta ON ta.tsm_id = t.id AND "
	  "(ta.case_action_id IN (SELECT ca.id FROM case_action ca "
	  "JOIN pupil_case c ON c.id = ca.case_id WHERE c.pupil_id = ?1) "
	  "OR instr(ta.what, ?2)) "
	  "WHERE ta.id IS NOT NULL OR instr(t.notes, ?2) ORDER BY t.id, ta.id" },
	{ "caseload", "Social workers with the child on their caseload",
	  "SELECT u.username, u.name, u.role FROM user_pupil up "
	  "JOIN user u ON u.id = up.user_id WHERE up.pupil_id = ?1 "
	  "ORDER BY u.username" },
	{ "retention_hold", "A legal hold on their records",
	  "SELECT reason, held_at, held_by FROM retention_hold "
	  "WHERE pupil_id = ?1" },
};

/* What the audit entries of a pupil name: their records by kind and id. */
#define PUPIL_OBJECTS \
	"SELECT 'case', id FROM pupil_case WHERE pupil_id = ?1 " \
	"UNION ALL SELECT 'action', ca.id FROM case_action ca " \
	"JOIN pupil_case c ON c.id = ca.case_id WHERE c.pupil_id = ?1 " \
	"UNION ALL SELECT 'notice', id FROM penalty_notice WHERE pupil_id = ?1 " \
	"UNION ALL SELECT 'part_time', id FROM part_time_timetable " \
	"WHERE pupil_id = ?1 " \
	"UNION ALL SELECT 'cme', id FROM cme WHERE pupil_id = ?1 " \
	"UNION ALL SELECT 'alert', id FROM alert WHERE pupil_id = ?1"

static void sar_start(struct sar *out, const char *kind)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	store_now(out->generated_at);
}

int sar_pupil(struct store *st, const char *upn, struct sar *out,
	      struct error *e)
{
	struct pupil_record p;
	char object[32];
	const char *objects[1] = { object };

	sar_start(out, "pupil");
	if (pupil_find(st, upn, &p, e))
		return -1;
	snprintf(out->subject, sizeof(out->subject), "%s", p.upn);
	snprintf(out->name, sizeof(out->name), "%s", p.name);
	for (size_t i = 0; i < sizeof(pupil_tables) / sizeof(pupil_tables[0]); i++)
		if (pupil_tables[i].key ?
		    add_query(st, out, pupil_tables[i].key, pupil_tables[i].title,
			      pupil_tables[i].sql, p.id, p.upn, e) :
		    add_register(st, out, p.id, p.upn, e))
			goto fail;
	snprintf(object, sizeof(object), "pupil %s", p.upn);
	if (add_audit(st, out, PUPIL_OBJECTS, p.id, objects, 1, p.upn, e))
		goto fail;
	return 0;
fail:
	sar_release(out);
	return -1;
}

int sar_parent(struct store *st, int64_t id, struct sar *out, struct error *e)
{
	sqlite3_stmt *stmt;
	char object[32];
	const char *objects[1] = { object };
	int rc;

	sar_start(out, "parent");
	if (sqlite3_prepare_v2(store_db(st), "SELECT name FROM parent WHERE id = ?",
			       -1, &stmt, NULL))
		return sar_sql_error(st, "parent", e);
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		snprintf(out->name, sizeof(out->name), "%s",
			 (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? error_set(e, ERROR_INPUT, "no parent "
						     "%lld", (long long)id) :
			sar_sql_error(st, "parent", e);
	snprintf(out->subject, sizeof(out->subject), "%lld", (long long)id);
	if (add_query(st, out, "parent", "Parent record",
		      "SELECT pa.id, pa.name, pa.contact, pa.household_id, "
		      "h.name AS household FROM parent pa LEFT JOIN household h "
		      "ON h.id = pa.household_id WHERE pa.id = ?1", id, NULL, e) ||
	    add_query(st, out, "children", "Children linked to them",
		      "SELECT p.upn, p.forename, p.surname, pp.relationship "
		      "FROM pupil_parent pp JOIN pupil p ON p.id = pp.pupil_id "
		      "WHERE pp.parent_id = ?1 ORDER BY p.upn", id, NULL, e) ||
	    add_query(st, out, "notices", "Notices to Improve and penalty "
		      "notices issued to them",
		      "SELECT n.id, p.upn AS child, n.kind, n.issued, "
		      "n.threshold_met, n.no_nti_reason, n.amount_pence, "
		      "n.reduced_until, n.due, n.status, n.outcome_date, "
		      "n.paid_pence, n.outcome, u.username AS by_user "
		      "FROM penalty_notice n JOIN pupil p ON p.id = n.pupil_id "
		      "LEFT JOIN user u ON u.id = n.user_id "
		      "WHERE n.parent_id = ?1 ORDER BY n.id", id, NULL, e))
		goto fail;
	snprintf(object, sizeof(object), "parent %lld", (long long)id);
	if (add_audit(st, out, "SELECT 'notice', id FROM penalty_notice "
		      "WHERE parent_id = ?1", id, objects, 1, NULL, e))
		goto fail;
	return 0;
fail:
	sar_release(out);
	return -1;
}

void sar_release(struct sar *s)
{
	for (size_t i = 0; i < s->nr_tables; i++) {
		struct sar_table *t = &s->tables[i];

		for (size_t c = 0; c < t->nr_columns; c++)
			free(t->columns[c]);
		for (size_t k = 0; k < t->nr_rows * t->nr_columns; k++)
			free(t->cells[k]);
		free(t->columns);
		free(t->cells);
		free(t->number);
	}
	free(s->tables);
	s->tables = NULL;
	s->nr_tables = 0;
}
