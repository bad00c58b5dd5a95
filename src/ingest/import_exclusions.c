/*
 * Suspensions and exclusions from a school's export:
 *
 *   upn,urn,start,end,category,reason,sessions
 *
 * one row per suspension or exclusion of a pupil on the school's roll:
 * start (and end, if known) YYYY-MM-DD or DD/MM/YYYY; category the DfE's
 * census code (FIXD a suspension, PERM a permanent exclusion, LUNC a
 * lunchtime exclusion) or its word (exclusions.h); reason as the school
 * gives it (the census's codes, such as DB for persistent disruptive
 * behaviour, or words), a name-like text; sessions the number of sessions
 * missed, if known.  end, reason and sessions may be left empty.  A row
 * is keyed by pupil, school, start and category: importing it again
 * changes nothing, and a corrected end, reason or sessions replaces what
 * was stored.  The CTF's Exclusions (import_ctf.c) are saved the same way.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "ingest/exclusions.h"
#include "ingest/import_internal.h"

enum { EX_UPN, EX_URN, EX_START, EX_END, EX_CATEGORY, EX_REASON, EX_SESSIONS };

int import_exclusion_save(struct importer *im, int64_t pupil_id,
			  int64_t school_id, const struct exclusion_row *x,
			  int64_t import_id, struct import_summary *sum,
			  struct error *e)
{
	sqlite3_stmt *find = store_prepare(im->st, "SELECT end_date, reason, "
		"sessions FROM exclusion WHERE pupil_id = ? AND school_id = ? AND "
		"start_date = ? AND category = ?", e);
	sqlite3_stmt *put = store_prepare(im->st, "INSERT INTO exclusion "
		"(pupil_id, school_id, category, start_date, end_date, reason, "
		"sessions, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON "
		"CONFLICT (pupil_id, school_id, start_date, category) DO UPDATE SET "
		"end_date = ?5, reason = ?6, sessions = ?7, import_id = ?8", e);
	const char *category = exclusion_category_name(
		(enum exclusion_category)x->category);
	int rc;

	if (!find || !put)
		return -1;
	sqlite3_bind_int64(find, 1, pupil_id);
	sqlite3_bind_int64(find, 2, school_id);
	store_bind_day(find, 3, x->start);
	sqlite3_bind_text(find, 4, category, -1, SQLITE_STATIC);
	rc = sqlite3_step(find);
	if (rc == SQLITE_ROW) {
		const char *reason = (const char *)sqlite3_column_text(find, 1);
		int sessions = sqlite3_column_type(find, 2) == SQLITE_NULL ? -1 :
			       sqlite3_column_int(find, 2);
		int same = store_column_day(find, 0) == x->end && reason &&
			   !strcmp(reason, x->reason) && sessions == x->sessions;

		sqlite3_reset(find);
		if (same) {
			sum->exclusions_unchanged++;
			return 0;
		}
		sum->exclusions_updated++;
	} else {
		sqlite3_reset(find);
		if (rc != SQLITE_DONE)
			return store_sqlite_error(im->st, e, "reading exclusions");
		sum->exclusions_added++;
	}
	sqlite3_bind_int64(put, 1, pupil_id);
	sqlite3_bind_int64(put, 2, school_id);
	sqlite3_bind_text(put, 3, category, -1, SQLITE_STATIC);
	store_bind_day(put, 4, x->start);
	store_bind_day(put, 5, x->end);
	sqlite3_bind_text(put, 6, x->reason, -1, SQLITE_STATIC);
	if (x->sessions >= 0)
		sqlite3_bind_int(put, 7, x->sessions);
	else
		sqlite3_bind_null(put, 7);
	sqlite3_bind_int64(put, 8, import_id);
	rc = sqlite3_step(put);
	sqlite3_reset(put);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(im->st, e, "saving an exclusion");
	return 0;
}

static int row_day(const struct import_file *f, int column, const char *field,
		   day_t *out, struct error *e)
{
	struct csv_field v = row_field(f, column);

	if (!import_date_any(v.p, v.len, out))
		return 0;
	return error_at(e, f->name, f->csv.row_line, field, "'%.*s' is not a "
			"date (YYYY-MM-DD or DD/MM/YYYY)",
			(int)(v.len > 20 ? 20 : v.len), v.p);
}

/* Reads the row into *x: 0, or -1 with e set. */
static int exclusion_row(const struct import_file *f, struct exclusion_row *x,
			 struct error *e)
{
	struct csv_field category = row_field(f, EX_CATEGORY);
	struct csv_field reason = row_field(f, EX_REASON);
	struct csv_field sessions = row_field(f, EX_SESSIONS);
	long line = f->csv.row_line;

	memset(x, 0, sizeof(*x));
	x->end = DAY_NONE;
	x->sessions = -1;
	if (row_day(f, EX_START, "start", &x->start, e) ||
	    (row_field(f, EX_END).len && row_day(f, EX_END, "end", &x->end, e)))
		return -1;
	if (x->end != DAY_NONE && x->end < x->start)
		return error_at(e, f->name, line, "end", "ends before it starts");
	x->category = exclusion_category_parse(category.p, category.len);
	if (x->category < 0)
		return error_at(e, f->name, line, "category", "'%.*s' is not a "
				"category (FIXD or suspension, PERM or permanent, "
				"LUNC or lunchtime)",
				(int)(category.len > 20 ? 20 : category.len),
				category.p);
	if (reason.len >= sizeof(x->reason))
		return error_at(e, f->name, line, "reason", "longer than %zu "
				"characters", sizeof(x->reason) - 1);
	if (parse_name(f, reason, "reason", e))
		return -1;
	memcpy(x->reason, reason.p, reason.len);
	if (sessions.len) {
		int n = 0;

		for (size_t i = 0; i < sessions.len; i++) {
			if (sessions.p[i] < '0' || sessions.p[i] > '9' || i > 3)
				return error_at(e, f->name, line, "sessions",
						"'%.*s' is not a number of sessions",
						(int)(sessions.len > 20 ? 20 :
						      sessions.len), sessions.p);
			n = n * 10 + (sessions.p[i] - '0');
		}
		x->sessions = n;
	}
	return 0;
}

int import_exclusions(struct importer *im, struct import_file *f,
		      struct import_summary *sum, struct error *e)
{
	sqlite3_stmt *pupil = store_prepare(im->st, "SELECT pupil_id, school_id "
					    "FROM enrolment WHERE id = ?", e);
	int rc;

	if (!pupil || import_roll_load(im, e))
		return -1;
	while ((rc = import_next_row(f, e)) > 0) {
		const struct roll_entry *en;
		struct exclusion_row x;
		int64_t pupil_id = 0, school_id = 0;
		char upn[14];
		int32_t urn;

		if (parse_upn(f, row_field(f, EX_UPN), upn, e) ||
		    parse_urn(f, row_field(f, EX_URN), "urn", &urn, e) ||
		    !(en = import_enrolment_find(im, f, upn, urn, e)) ||
		    exclusion_row(f, &x, e)) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(pupil, 1, en->enrolment_id);
		if (sqlite3_step(pupil) == SQLITE_ROW) {
			pupil_id = sqlite3_column_int64(pupil, 0);
			school_id = sqlite3_column_int64(pupil, 1);
		}
		sqlite3_reset(pupil);
		if (!pupil_id) {
			rc = store_sqlite_error(im->st, e, "reading an enrolment");
			break;
		}
		if (import_exclusion_save(im, pupil_id, school_id, &x,
					  f->import_id, sum, e)) {
			rc = -1;
			break;
		}
	}
	return rc;
}
