/*
 * The audit log's own file beside the store (store/audit_file.h).
 *
 * Why a file of its own: every page that names a pupil writes its audit
 * row before it is shown, and a row in the store waits for the store's
 * write lock, which an import holds for the whole of its transaction
 * (12 s was seen for a pupil page).  Readers of a WAL store never wait,
 * so with the log elsewhere a page waits for nothing but other audit
 * rows, each a few milliseconds.
 *
 * How no entry is lost: an entry is committed (synchronous = FULL: on
 * disk) before the view it records is shown, and a view whose entry
 * cannot be written is refused (web_audit_view(), the CLI's audit).  A
 * change's entry is committed before the change's own transaction in
 * the store; if that transaction is then rolled back, a second entry
 * says so (audit_file_note_rollback()), so the log may hold an attempt
 * that was not saved, but never misses a change that was.
 */
#include "store/audit_file.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/files.h"

/*
 * Migration N of the audit file takes it from version N-1 to N.  Never
 * edit one that has shipped: add the next.
 */
static const char *const migrations[] = {
	/* 1: the log, its retention cutoffs, what store it belongs to */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"
	/* the cutoffs `attend retention apply` recorded: append-only */
	"CREATE TABLE retention ("
	"  id INTEGER PRIMARY KEY,"
	"  before TEXT NOT NULL,"		/* entries dated before it may go */
	"  applied_at TEXT NOT NULL,"
	"  applied_by TEXT NOT NULL);"
	"CREATE TRIGGER retention_no_update BEFORE UPDATE ON retention"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;"
	"CREATE TRIGGER retention_no_delete BEFORE DELETE ON retention"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  at TEXT NOT NULL,"
	"  user_id INTEGER,"			/* the store's user id, if any */
	"  username TEXT NOT NULL,"		/* or os:NAME for the command line */
	"  action TEXT NOT NULL,"		/* view, change, sign in, refused... */
	"  object TEXT NOT NULL,"		/* "pupil J990200025000", "user 3" */
	"  detail TEXT NOT NULL DEFAULT '',"
	"  address TEXT NOT NULL DEFAULT '');"	/* the client's, from the web */
	"CREATE INDEX audit_object ON audit (object);"
	"CREATE INDEX audit_at ON audit (at);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  WHEN OLD.at >= (SELECT coalesce(max(before), '') FROM retention)"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;",
};

#define NR_MIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

void audit_file_path(const char *store_path, char *out, size_t n)
{
	if (!strcmp(store_path, ":memory:"))
		snprintf(out, n, ":memory:");
	else
		snprintf(out, n, "%s" AUDIT_FILE_SUFFIX, store_path);
}

static int sql_error(sqlite3 *db, const char *path, const char *what,
		     struct error *e)
{
	return error_set(e, ERROR_INTERNAL, "%s: %s: %s", path, what,
			 sqlite3_errmsg(db));
}

static int exec(sqlite3 *db, const char *path, const char *sql,
		struct error *e)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	error_set(e, ERROR_INTERNAL, "%s: %s", path,
		  msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL))
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static int migrate(sqlite3 *db, const char *path, struct error *e)
{
	int have;
	char sql[64];

	if (exec(db, path, "BEGIN IMMEDIATE", e))
		return -1;
	have = user_version(db);
	if (have < 0) {
		sql_error(db, path, "reading the schema version", e);
		goto fail;
	}
	if ((size_t)have > NR_MIGRATIONS) {
		error_set(e, ERROR_INTERNAL, "%s: audit log version %d is newer "
			  "than this attend (%zu); upgrade attend", path, have,
			  NR_MIGRATIONS);
		goto fail;
	}
	for (size_t v = (size_t)have + 1; v <= NR_MIGRATIONS; v++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu", v);
		if (exec(db, path, migrations[v - 1], e) || exec(db, path, sql, e))
			goto fail;
	}
	return exec(db, path, "COMMIT", e);
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * Switching a new file to WAL takes an exclusive lock without calling the
 * busy handler, so two processes opening a store whose log does not yet
 * exist can see SQLITE_BUSY here: wait for the other, as for any lock.
 */
static int wal(sqlite3 *db, const char *path, struct error *e)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };

	for (int tries = 0;; tries++) {
		int rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL,
				      NULL);

		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || tries == 1000)
			return sql_error(db, path, "switching to WAL", e);
		nanosleep(&pause, NULL);
	}
}

int audit_file_open(const char *store_path, sqlite3 **out, int *created,
		    struct error *e)
{
	char path[4200];
	sqlite3 *db = NULL;

	*out = NULL;
	*created = 0;
	audit_file_path(store_path, path, sizeof(path));
	if (strcmp(path, ":memory:") && access(path, F_OK)) {
		if (store_file_create(path, store_path, e))
			return -1;
		*created = 1;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		error_set(e, ERROR_INTERNAL, "%s: cannot open the audit log: %s",
			  path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	/* Other audit rows are short: wait for them, never for an import. */
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 1);
	if (wal(db, path, e) ||
	    exec(db, path, "PRAGMA synchronous = FULL", e) ||
	    migrate(db, path, e)) {
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

/* Does the log at path hold anything: an entry, or a store's name? */
static int log_used(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int used = 1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return 1;
	}
	if (!sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM audit) + "
				"(SELECT count(*) FROM meta)", -1, &stmt, NULL)) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			used = sqlite3_column_int(stmt, 0) > 0;
		sqlite3_finalize(stmt);
	} else if (user_version(db) == 0) {
		used = 0;	/* created, never migrated */
	}
	sqlite3_close(db);
	return used;
}

int audit_file_set_aside(const char *store_path, char *moved, size_t n)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char path[4200], from[4300], to[4400];
	struct timespec ts;

	moved[0] = '\0';
	audit_file_path(store_path, path, sizeof(path));
	if (!strcmp(path, ":memory:") || access(path, F_OK) || !log_used(path))
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(moved, n, "%s.orphan-%lld", path, (long long)ts.tv_sec);
	for (size_t i = 0; i < 3; i++) {
		snprintf(from, sizeof(from), "%s%s", path, suffixes[i]);
		snprintf(to, sizeof(to), "%s%s", moved, suffixes[i]);
		if (!access(from, F_OK) && rename(from, to))
			return -1;
	}
	return 1;
}

int audit_file_pair(sqlite3 *db, const char *path, const char *store_id,
		    struct error *e)
{
	sqlite3_stmt *stmt;
	char have[64] = "";
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = "
			       "'store_id'", -1, &stmt, NULL))
		return sql_error(db, path, "reading the log's store", e);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(have, sizeof(have), "%s",
			 (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (have[0])
		return strcmp(have, store_id) ? error_set(e, ERROR_INTERNAL,
			"%s: this audit log belongs to another store (%s, not "
			"%s)", path, have, store_id) : 0;
	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO meta (key, value) "
			       "VALUES ('store_id', ?)", -1, &stmt, NULL))
		return sql_error(db, path, "naming the log's store", e);
	sqlite3_bind_text(stmt, 1, store_id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sql_error(db, path, "naming the log's store", e);
	return 0;
}

#define AUDIT_COLUMNS "id, at, user_id, username, action, object, detail"
#define NR_COLUMNS 7

/* Are the two rows (the columns of AUDIT_COLUMNS) the same? */
static int same_row(sqlite3_stmt *a, sqlite3_stmt *b)
{
	for (int i = 0; i < NR_COLUMNS; i++) {
		const unsigned char *x = sqlite3_column_text(a, i);
		const unsigned char *y = sqlite3_column_text(b, i);

		if (sqlite3_column_type(a, i) != sqlite3_column_type(b, i) ||
		    ((x || y) && (!x || !y || strcmp((const char *)x,
						     (const char *)y))))
			return 0;
	}
	return 1;
}

static int has_legacy_table(sqlite3 *store)
{
	sqlite3_stmt *stmt;
	int found = 0;

	if (sqlite3_prepare_v2(store, "SELECT 1 FROM sqlite_master WHERE "
			       "type = 'table' AND name = 'audit'", -1, &stmt,
			       NULL))
		return -1;
	found = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return found;
}

/* Copies the store's rows that the file lacks; equal rows it has. */
static int copy_rows(sqlite3 *store, sqlite3 *db, const char *path,
		     int64_t *copied, struct error *e)
{
	sqlite3_stmt *from = NULL, *have = NULL, *put = NULL;
	int rc, ok = -1;

	if (sqlite3_prepare_v2(store, "SELECT " AUDIT_COLUMNS " FROM audit "
			       "ORDER BY id", -1, &from, NULL)) {
		error_set(e, ERROR_INTERNAL, "%s: reading the store's audit rows: "
			  "%s", path, sqlite3_errmsg(store));
		goto out;
	}
	if (sqlite3_prepare_v2(db, "SELECT " AUDIT_COLUMNS " FROM audit WHERE "
			       "id = ?", -1, &have, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO audit (" AUDIT_COLUMNS ") "
			       "VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &put, NULL)) {
		sql_error(db, path, "copying the audit rows", e);
		goto out;
	}
	while ((rc = sqlite3_step(from)) == SQLITE_ROW) {
		sqlite3_bind_int64(have, 1, sqlite3_column_int64(from, 0));
		if (sqlite3_step(have) == SQLITE_ROW) {
			int same = same_row(from, have);

			sqlite3_reset(have);
			if (same)
				continue;
			error_set(e, ERROR_INTERNAL, "%s: audit entry %lld differs "
				  "from the store's; nothing was moved", path,
				  (long long)sqlite3_column_int64(from, 0));
			goto out;
		}
		sqlite3_reset(have);
		for (int i = 0; i < NR_COLUMNS; i++)
			sqlite3_bind_value(put, i + 1, sqlite3_column_value(from, i));
		if (sqlite3_step(put) != SQLITE_DONE) {
			sql_error(db, path, "copying the audit rows", e);
			goto out;
		}
		sqlite3_reset(put);
		(*copied)++;
	}
	if (rc != SQLITE_DONE)
		error_set(e, ERROR_INTERNAL, "%s: reading the store's audit rows: "
			  "%s", path, sqlite3_errmsg(store));
	else
		ok = 0;
out:
	sqlite3_finalize(from);
	sqlite3_finalize(have);
	sqlite3_finalize(put);
	return ok;
}

/* Reads both back: does the file hold every row of the store's, equal? */
static int verify_rows(sqlite3 *store, sqlite3 *db, const char *path,
		       struct error *e)
{
	sqlite3_stmt *a = NULL, *b = NULL;
	int ra, rb = SQLITE_ROW, ok = -1;

	if (sqlite3_prepare_v2(store, "SELECT " AUDIT_COLUMNS " FROM audit "
			       "ORDER BY id", -1, &a, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT " AUDIT_COLUMNS " FROM audit "
			       "ORDER BY id", -1, &b, NULL)) {
		error_set(e, ERROR_INTERNAL, "%s: verifying the moved audit rows",
			  path);
		goto out;
	}
	while ((ra = sqlite3_step(a)) == SQLITE_ROW) {
		/* the file's rows in id order; skip those of its own */
		while ((rb = sqlite3_step(b)) == SQLITE_ROW &&
		       sqlite3_column_int64(b, 0) < sqlite3_column_int64(a, 0))
			;
		if (rb != SQLITE_ROW || !same_row(a, b)) {
			error_set(e, ERROR_INTERNAL, "%s: audit entry %lld was not "
				  "copied exactly; the store keeps its rows", path,
				  (long long)sqlite3_column_int64(a, 0));
			goto out;
		}
	}
	if (ra != SQLITE_DONE)
		error_set(e, ERROR_INTERNAL, "%s: verifying the moved audit rows",
			  path);
	else
		ok = 0;
out:
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	return ok;
}

int audit_file_move(sqlite3 *store, sqlite3 *db, const char *path,
		    int64_t *copied, struct error *e)
{
	int legacy = has_legacy_table(store);

	*copied = 0;
	if (legacy < 0)
		return error_set(e, ERROR_INTERNAL, "%s: %s", path,
				 sqlite3_errmsg(store));
	if (!legacy)
		return 0;
	if (exec(db, path, "BEGIN IMMEDIATE", e))
		return -1;
	if (copy_rows(store, db, path, copied, e)) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		*copied = 0;
		return -1;
	}
	if (exec(db, path, "COMMIT", e)) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		*copied = 0;
		return -1;
	}
	return verify_rows(store, db, path, e);
}

/* An entry by attend itself (username "-"), best effort. */
static void note(sqlite3 *db, const char *action, const char *object,
		 const char *detail)
{
	sqlite3_stmt *stmt;
	char now[STORE_TIME_SIZE];

	if (!db || sqlite3_prepare_v2(db, "INSERT INTO audit (at, username, "
				      "action, object, detail) VALUES (?, '-', "
				      "?, ?, ?)", -1, &stmt, NULL))
		return;
	store_now(now);
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, object, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, detail, -1, SQLITE_STATIC);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
}

void audit_file_note_restart(sqlite3 *db, const char *store_path)
{
	char detail[4400];

	snprintf(detail, sizeof(detail), "the store %s had an audit log, which "
		 "was missing: this one starts here, and the entries before "
		 "it are not in it", store_path);
	note(db, "log started", "audit", detail);
}

void audit_file_note_rollback(sqlite3 *db, int64_t first, int count)
{
	char object[32], detail[160];

	snprintf(object, sizeof(object), "audit %lld", (long long)first);
	snprintf(detail, sizeof(detail), "the change%s logged as entr%s %lld%s "
		 "%s rolled back, not saved", count == 1 ? "" : "s",
		 count == 1 ? "y" : "ies", (long long)first,
		 count == 1 ? "" : " on", count == 1 ? "was" : "were");
	note(db, "not saved", object, detail);
}
