/* What the casework files share: pupils, permissions, dates, audit. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "auth/auth.h"
#include "casework/internal.h"
#include "util/strbuf.h"

/* Makes room in *arr (elements of sz bytes) for element nr. */
static void cw_reserve(void **arr, size_t nr, size_t *alloc, size_t sz)
{
	if (nr < *alloc)
		return;
	*alloc = *alloc ? 2 * *alloc : 16;
	*arr = xrealloc(*arr, *alloc * sz);
}

void cw_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void cw_bind_date(sqlite3_stmt *stmt, int i, day_t day)
{
	char s[11] = "";

	if (day != DAY_NONE)
		date_format(day, s);
	sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

void cw_bind_id(sqlite3_stmt *stmt, int i, int64_t id)
{
	if (id)
		sqlite3_bind_int64(stmt, i, id);
	else
		sqlite3_bind_null(stmt, i);
}

void cw_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	sqlite3_bind_text(stmt, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

day_t cw_column_date(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);
	day_t d;

	if (!s || !*s || date_parse(s, strlen(s), &d))
		return DAY_NONE;
	return d;
}

void cw_column_copy(sqlite3_stmt *stmt, int i, char *out, size_t n)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	snprintf(out, n, "%s", s ? s : "");
}

sqlite3_stmt *cw_query(struct store *st, const char *sql, struct error *e)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_sqlite_error(st, e, "query");
		return NULL;
	}
	return stmt;
}

sqlite3_stmt *cw_row(struct store *st, const char *sql, int64_t id,
		     const char *what, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, e);
	int rc;

	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return stmt;
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		cw_no_record(e, what, id);
	else
		store_sqlite_error(st, e, what);
	return NULL;
}

int cw_step(struct store *st, sqlite3_stmt *stmt, const char *what,
	    struct error *e)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, e, what);
	return 0;
}

int cw_audit(struct store *st, const struct viewer *v, const char *object,
	     struct error *e, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return audit_add(st, v, "change", object, detail, e);
}

int cw_audit_of(struct store *st, const struct viewer *v, const char *kind,
		int64_t id, struct error *e, const char *fmt, ...)
{
	char object[64], detail[1024];
	va_list ap;

	snprintf(object, sizeof(object), "%s %lld", kind, (long long)id);
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return audit_add(st, v, "change", object, detail, e);
}

bool cw_may_see(const struct viewer *v, const struct pupil_record *p)
{
	return access_pupil(v, p->id, p->roll, p->nr_schools, p->care,
			    date_today());
}

/* May v see the pupil of the id in column col?  1, 0, or -1 with e set. */
static int pupil_seen(struct store *st, const struct viewer *v,
		      sqlite3_stmt *stmt, int col, struct error *e)
{
	struct pupil_record p;

	if (pupil_find_id(st, sqlite3_column_int64(stmt, col), &p, e))
		return -1;
	return cw_may_see(v, &p);
}

int cw_list(struct store *st, const struct viewer *v, sqlite3_stmt *stmt,
	    int pupil_col, cw_keep_fn *keep, cw_read_fn *read, void **rows,
	    size_t *nr, size_t size, struct error *e)
{
	size_t alloc = 0;
	int rc = SQLITE_DONE, seen = 1;

	*rows = NULL;
	*nr = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		char *row;

		if (keep && !keep(st, v, stmt))
			continue;
		if (pupil_col >= 0 &&
		    (seen = pupil_seen(st, v, stmt, pupil_col, e)) <= 0) {
			if (seen < 0)
				break;
			continue;
		}
		cw_reserve(rows, *nr, &alloc, size);
		row = (char *)*rows + *nr * size;
		memset(row, 0, size);
		read(stmt, row);
		(*nr)++;
	}
	sqlite3_reset(stmt);
	if (seen >= 0 && rc == SQLITE_DONE)
		return 0;
	if (seen >= 0)
		store_sqlite_error(st, e, "reading a list");
	free(*rows);
	*rows = NULL;
	*nr = 0;
	return -1;
}

int cw_list_run(struct store *st, const struct viewer *v,
		const struct cw_list_query *q, const char *text, int64_t key,
		void **rows, size_t *nr, struct error *e)
{
	sqlite3_stmt *stmt = cw_query(st, q->sql, e);
	int rc;

	*rows = NULL;
	*nr = 0;
	if (!stmt)
		return -1;
	if (sqlite3_bind_parameter_count(stmt) > 0) {
		if (text)
			cw_bind_text(stmt, 1, text);
		else
			sqlite3_bind_int64(stmt, 1, key);
	}
	rc = cw_list(st, v, stmt, q->pupil_col, q->keep, q->read, rows, nr,
		     q->size, e);
	sqlite3_finalize(stmt);
	return rc;
}

static int not_seen(const struct viewer *v, const char *upn, struct error *e)
{
	return error_set(e, ERROR_INPUT, "%s may not see pupil %s", v->username,
			 upn);
}

int cw_may_change(const struct viewer *v, const struct pupil_record *p,
		  struct error *e)
{
	if (access_case_change(v, p->id, p->roll, p->nr_schools, p->care,
			       date_today()))
		return 0;
	if (!cw_may_see(v, p))
		return not_seen(v, p->upn, e);
	return error_set(e, ERROR_INPUT, "%s (%s) may not change casework: "
			 "LA officers and the pupil's school do", v->username,
			 role_label(v->role));
}

int cw_no_record(struct error *e, const char *what, int64_t id)
{
	return error_set(e, ERROR_INPUT, "no %s %lld", what, (long long)id);
}

int cw_record_pupil(struct store *st, const struct viewer *v,
		    int64_t pupil_id, const char *what, int64_t id,
		    struct pupil_record *p, struct error *e)
{
	if (pupil_find_id(st, pupil_id, p, e))
		return -1;
	if (!cw_may_see(v, p))
		return cw_no_record(e, what, id);
	return cw_may_change(v, p, e);
}

int cw_pupil_find(struct store *st, const struct viewer *v, const char *upn,
		  struct pupil_record *p, struct error *e)
{
	if (!pupil_find(st, upn, p, e))
		return 0;
	if (e->kind != ERROR_INPUT || access_authority(v))
		return -1;
	return not_seen(v, upn ? upn : "", e);
}

int cw_must_be_la(const struct viewer *v, const char *what, struct error *e)
{
	if (access_authority(v))
		return 0;
	return error_set(e, ERROR_INPUT, "%s (%s) may not %s: that is for the "
			 "LA's attendance officers", v->username,
			 role_label(v->role), what);
}

int cw_school(struct store *st, int32_t urn, int64_t *id, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id FROM school "
					   "WHERE urn = ?", e);

	if (!stmt)
		return -1;
	sqlite3_bind_int(stmt, 1, urn);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return error_set(e, ERROR_INPUT, "school %06d is not in the store",
				 urn);
	}
	*id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return 0;
}

int cw_school_seen(struct store *st, const struct viewer *v, int32_t urn,
		   bool names, int64_t *id, struct error *e)
{
	if (cw_school(st, urn, id, e))
		return -1;
	if (names ? !access_school_pupils(v, *id) : !access_school_summary(v, *id))
		return error_set(e, ERROR_INPUT, "%s may not see school %06d",
				 v->username, urn);
	return 0;
}

int cw_open_case(struct store *st, const struct pupil_record *p, int64_t *id,
		 enum stage *stage, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id, stage FROM pupil_case "
		"WHERE pupil_id = ? AND closed = ''", e);
	int s;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, p->id);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return error_set(e, ERROR_INPUT, "pupil %s has no open case; open "
				 "one first", p->upn);
	}
	*id = sqlite3_column_int64(stmt, 0);
	s = stage_parse((const char *)sqlite3_column_text(stmt, 1));
	*stage = s < 0 ? STAGE_MONITOR : (enum stage)s;
	sqlite3_reset(stmt);
	return 0;
}

int casework_viewer(struct store *st, const char *username, struct viewer *v,
		    struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id FROM user WHERE "
		"username = ? AND NOT disabled", e);
	int64_t id = 0;

	memset(v, 0, sizeof(*v));
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, username ? username : "", -1, SQLITE_TRANSIENT);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (!id)
		return error_set(e, ERROR_INPUT, "no active user '%s' (add one "
				 "with 'attend user add')", username ? username : "");
	return viewer_load(st, id, v, e);
}
