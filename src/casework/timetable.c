/* Part-time timetables (code C2): agreed, time-limited, reviewed. */
#include <stdio.h>
#include <stdlib.h>

#include "casework/internal.h"
#include "util/strbuf.h"

int part_time_add(struct store *st, const struct viewer *v, const char *upn,
		  int32_t urn, const struct part_time *pt, int64_t *id,
		  struct error *e)
{
	struct pupil_record p;
	sqlite3_stmt *stmt;
	int64_t school_id;
	bool enrolled = false;
	char today[11];

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e) ||
	    cw_school(st, urn, &school_id, e))
		return -1;
	for (size_t i = 0; i < p.nr_schools; i++)
		enrolled |= p.schools[i] == school_id;
	if (!enrolled)
		return error_set(e, ERROR_INPUT, "pupil %s is not on the roll of "
				 "school %06d", p.upn, urn);
	/* A school lead sets plans at its own school, not the other one. */
	if (!access_school_pupils(v, school_id))
		return error_set(e, ERROR_INPUT, "%s may not set a timetable at "
				 "school %06d", v->username, urn);
	if (part_time_check(pt, date_today(), e))
		return -1;
	if (store_begin(st, e))
		return -1;
	stmt = store_prepare(st, "INSERT INTO part_time_timetable (pupil_id, "
			     "school_id, start_date, end_date, review_date, "
			     "hours_tenths, reason, parent_agreed, la_notified, "
			     "user_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)", e);
	if (!stmt)
		goto fail;
	date_format(date_today(), today);
	sqlite3_bind_int64(stmt, 1, p.id);
	sqlite3_bind_int64(stmt, 2, school_id);
	cw_bind_date(stmt, 3, pt->start);
	cw_bind_date(stmt, 4, pt->end);
	cw_bind_date(stmt, 5, pt->review);
	sqlite3_bind_int(stmt, 6, pt->hours_tenths);
	cw_bind_text(stmt, 7, pt->reason);
	cw_bind_text(stmt, 8, today);
	cw_bind_id(stmt, 9, v->user_id);
	if (cw_step(st, stmt, "adding a part-time timetable", e))
		goto fail;
	*id = sqlite3_last_insert_rowid(store_db(st));
	if (cw_audit_of(st, v, "part_time", *id, e, "pupil %s at %06d, %d.%d "
			"hours a week", p.upn, urn, pt->hours_tenths / 10,
			pt->hours_tenths % 10))
		goto fail;
	/* The LA is told: an alert to its officers. */
	{
		struct alert_spec a = { 0 };
		char msg[256], key[64];
		int added;
		snprintf(msg, sizeof(msg), "part-time timetable agreed for %s at "
			 "%06d (%d.%d hours a week)", p.upn, urn,
			 pt->hours_tenths / 10, pt->hours_tenths % 10);
		snprintf(key, sizeof(key), "part_time_new:%lld", (long long)*id);
		a.kind = "part_time_new";
		a.pupil_id = p.id;
		a.school_id = school_id;
		a.target_role = ROLE_LA_OFFICER;
		a.message = msg;
		a.dedupe_key = key;
		if (alert_raise(st, &a, &added, e))
			goto fail;
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int part_time_reviewed(struct store *st, const struct viewer *v, int64_t id,
		       day_t on, bool ended, struct error *e)
{
	sqlite3_stmt *stmt = cw_row(st, "SELECT pupil_id, start_date, ended "
		"FROM part_time_timetable WHERE id = ?", id, "part-time timetable", e);
	struct pupil_record p;
	int64_t pupil_id;
	day_t start;
	bool was_ended;

	if (!stmt)
		return -1;
	pupil_id = sqlite3_column_int64(stmt, 0);
	start = cw_column_date(stmt, 1);
	was_ended = sqlite3_column_bytes(stmt, 2) > 0;
	sqlite3_reset(stmt);
	if (cw_record_pupil(st, v, pupil_id, "part-time timetable", id, &p, e))
		return -1;
	if (was_ended)
		return error_set(e, ERROR_INPUT, "the timetable has ended already");
	if (on == DAY_NONE || on > date_today() || on < start)
		return error_set(e, ERROR_INPUT, "a review is dated between the "
				 "start of the timetable and today");
	if (store_begin(st, e))
		return -1;
	stmt = store_prepare(st, ended ?
			     "UPDATE part_time_timetable SET reviewed = ?1, "
			     "ended = ?1 WHERE id = ?2" :
			     "UPDATE part_time_timetable SET reviewed = ?1 "
			     "WHERE id = ?2", e);
	if (!stmt)
		goto fail;
	cw_bind_date(stmt, 1, on);
	sqlite3_bind_int64(stmt, 2, id);
	if (cw_step(st, stmt, "recording a review", e))
		goto fail;
	if (cw_audit_of(st, v, "part_time", id, e, ended ? "ended" : "reviewed"))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

static void part_time_read(sqlite3_stmt *stmt, void *row)
{
	struct part_time_row *r = row;

	r->id = sqlite3_column_int64(stmt, 0);
	cw_column_copy(stmt, 1, r->upn, sizeof(r->upn));
	r->urn = sqlite3_column_int(stmt, 2);
	r->start = cw_column_date(stmt, 3);
	r->end = cw_column_date(stmt, 4);
	r->review = cw_column_date(stmt, 5);
	r->reviewed = cw_column_date(stmt, 6);
	r->ended = cw_column_date(stmt, 7);
	r->hours_tenths = sqlite3_column_int(stmt, 8);
	cw_column_copy(stmt, 9, r->reason, sizeof(r->reason));
}

static const struct cw_list_query part_time_query = {
	"SELECT t.id, p.upn, s.urn, t.start_date, t.end_date, t.review_date, "
	"t.reviewed, t.ended, t.hours_tenths, t.reason, p.id FROM "
	"part_time_timetable t JOIN pupil p ON p.id = t.pupil_id JOIN school s "
	"ON s.id = t.school_id ORDER BY s.urn, p.upn, t.id",
	10, NULL, part_time_read, sizeof(struct part_time_row),
};

int part_time_list(struct store *st, const struct viewer *v,
		   struct part_time_row **rows, size_t *nr, struct error *e)
{
	day_t today = date_today();
	int rc = cw_list_run(st, v, &part_time_query, NULL, 0, (void **)rows,
			     nr, e);

	for (size_t i = 0; i < *nr; i++) {
		struct part_time_row *r = &(*rows)[i];
		struct part_time pt = { 0 };

		pt.start = r->start;
		pt.end = r->end;
		pt.review = r->review;
		/* An ended plan has nothing left to review. */
		r->review_overdue = r->ended == DAY_NONE &&
			part_time_review_overdue(&pt, r->reviewed, today);
		r->over_length = part_time_over_length(&pt, r->ended, today);
	}
	return rc;
}
