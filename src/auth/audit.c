/* The audit log (auth/audit.h), written to its own file (store_audit_db()). */
#include "auth/audit.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

static int audit_error(sqlite3 *db, const char *what, struct error *e)
{
	return error_set(e, ERROR_INTERNAL, "the audit log: %s: %s", what,
			 sqlite3_errmsg(db));
}

/* One entry, committed; its id is noted with the store (rollbacks). */
static int audit_write(struct store *st, int64_t user_id, const char *username,
		       const char *action, const char *object,
		       const char *detail, const char *address, struct error *e)
{
	sqlite3 *db = store_audit_db(st, e);
	sqlite3_stmt *stmt;
	char now[STORE_TIME_SIZE];
	int rc;

	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, "INSERT INTO audit (at, user_id, username, "
			       "action, object, detail, address) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL))
		return audit_error(db, "writing", e);
	store_now(now);
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_TRANSIENT);
	if (user_id)
		sqlite3_bind_int64(stmt, 2, user_id);
	sqlite3_bind_text(stmt, 3, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, object, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, detail ? detail : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, address ? address : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return audit_error(db, "writing", e);
	store_audit_written(st, sqlite3_last_insert_rowid(db));
	return 0;
}

int audit_add(struct store *st, const struct viewer *v, const char *action,
	      const char *object, const char *detail, struct error *e)
{
	return audit_write(st, v ? v->user_id : 0, v ? v->username : "-",
			   action, object, detail, NULL, e);
}

int audit_refused(struct store *st, const struct viewer *v, const char *method,
		  const char *path, const char *address, const char *reason,
		  struct error *e)
{
	char detail[1200];
	int signed_in = v && v->user_id;

	snprintf(detail, sizeof(detail), "%s %s: %s", method ? method : "GET",
		 path ? path : "", reason ? reason : "");
	return audit_write(st, signed_in ? v->user_id : 0,
			   signed_in ? v->username : "-", "refused",
			   path ? path : "", detail, address, e);
}

int audit_sign_in_failed(struct store *st, const char *username,
			 const char *address, const char *reason,
			 struct error *e)
{
	char name[64], object[80];

	snprintf(name, sizeof(name), "%s", username ? username : "");
	snprintf(object, sizeof(object), "user %s", name);
	return audit_write(st, 0, name, "sign in failed", object, reason,
			   address, e);
}

int audit_command(struct store *st, const char *os_user, const char *command,
		  const char *line, struct error *e)
{
	char name[80], object[80];

	snprintf(name, sizeof(name), "os:%s", os_user);
	snprintf(object, sizeof(object), "command %s", command);
	return audit_write(st, 0, name, "run", object, line, NULL, e);
}

static const char *column_text(sqlite3_stmt *stmt, int col)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);

	return s ? s : "";
}

/* Steps stmt to its end, calling fn with each entry; finalizes it. */
static int audit_rows(sqlite3 *db, sqlite3_stmt *stmt, audit_fn *fn, void *data,
		      struct error *e)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct audit_entry a = {
			column_text(stmt, 0), column_text(stmt, 1),
			column_text(stmt, 2), column_text(stmt, 3),
			column_text(stmt, 4), column_text(stmt, 5),
			sqlite3_column_int64(stmt, 6),
		};
		fn(&a, data);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return audit_error(db, "reading", e);
	return 0;
}

#define ENTRY_COLUMNS "SELECT at, username, action, object, detail, address, " \
	"id FROM audit "

int audit_list(struct store *st, const char *q, int limit, audit_fn *fn,
	       void *data, struct error *e)
{
	sqlite3 *db = store_audit_db(st, e);
	sqlite3_stmt *stmt;
	struct strbuf like = STRBUF_INIT;

	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, ENTRY_COLUMNS "WHERE ?1 = '' OR username "
			       "LIKE ?2 OR object LIKE ?2 OR action LIKE ?2 "
			       "ORDER BY id DESC LIMIT ?3", -1, &stmt, NULL))
		return audit_error(db, "reading", e);
	strbuf_addf(&like, "%%%s%%", q ? q : "");
	sqlite3_bind_text(stmt, 1, q ? q : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, like.buf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 3, limit);
	strbuf_release(&like);
	return audit_rows(db, stmt, fn, data, e);
}

int audit_about(struct store *st, const char *const *objects, size_t nr_objects,
		const char *const *terms, size_t nr_terms, audit_fn *fn,
		void *data, struct error *e)
{
	sqlite3 *db = store_audit_db(st, e);
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *stmt;
	int n = 0;

	if (!db)
		return -1;
	strbuf_addstr(&sql, ENTRY_COLUMNS "WHERE 0");
	for (size_t i = 0; i < nr_objects; i++)
		strbuf_addstr(&sql, " OR object = ?");
	/* instr, not LIKE: a term's _ and % are no wildcards */
	for (size_t i = 0; i < nr_terms; i++)
		strbuf_addstr(&sql, " OR instr(object, ?) OR instr(detail, ?)");
	strbuf_addstr(&sql, " ORDER BY id");
	if (sqlite3_prepare_v2(db, sql.buf, -1, &stmt, NULL)) {
		strbuf_release(&sql);
		return audit_error(db, "reading", e);
	}
	strbuf_release(&sql);
	for (size_t i = 0; i < nr_objects; i++)
		sqlite3_bind_text(stmt, ++n, objects[i], -1, SQLITE_TRANSIENT);
	for (size_t i = 0; i < nr_terms; i++) {
		sqlite3_bind_text(stmt, ++n, terms[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, ++n, terms[i], -1, SQLITE_TRANSIENT);
	}
	return audit_rows(db, stmt, fn, data, e);
}
