/*
 * The move of a store's own audit rows into its log's file (store_open()
 * before the migration that drops the table; store/audit_file.c).  A
 * store of the schema before the move is made here from the migrations
 * themselves: every one before the one that drops the audit table, and
 * three rows in that table, one with no user, one with quotes and a new
 * line.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/audit_file.h"
#include "store/schema.h"
#include "store/store.h"
#include "tap.h"

static char dir[64], path[128], audit_path[160];
static size_t drop;	/* the migration that drops the audit table */

#define COLUMNS "INSERT INTO audit (id, at, user_id, username, action, " \
	"object, detail) VALUES "
static const char rows_sql[] =
	COLUMNS "(1, '2024-09-02T08:00:00Z', NULL, 'lead', 'sign in', "
	"'user lead', '127.0.0.1');"
	COLUMNS "(2, '2024-09-02T08:01:00Z', 1, 'lead', 'view', 'pupil A123', "
	"'/pupils/A123');"
	COLUMNS "(5, '2024-09-03T09:30:00Z', 1, 'lead', 'change', 'case 1', "
	"'it''s \"quoted\", and a new\nline');";

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	if (rc)
		fprintf(stderr, "# %s\n", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return rc;
}

/* A store at the version before the move, with the three rows. */
static void legacy_store(void)
{
	sqlite3 *db;
	char sql[64];

	unlink(path);
	unlink(audit_path);
	sqlite3_open(path, &db);
	for (size_t v = 1; v < drop; v++)
		exec(db, schema_migration(v));
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu", drop - 1);
	exec(db, sql);
	exec(db, rows_sql);
	sqlite3_close(db);
}

/* The rows of table audit in the file at p, as text, in id order. */
static void rows_of(const char *p, char *out, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	size_t len = 0;

	out[0] = '\0';
	if (sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT id, at, quote(user_id), username, "
			       "action, object, detail FROM audit ORDER BY id",
			       -1, &stmt, NULL)) {
		snprintf(out, n, "(no table: %s)", sqlite3_errmsg(db));
		sqlite3_close(db);
		return;
	}
	while (sqlite3_step(stmt) == SQLITE_ROW && len < n)
		for (int c = 0; c < 7 && len < n; c++)
			len += (size_t)snprintf(out + len, n - len, "%s%c",
					       (const char *)sqlite3_column_text(stmt, c),
					       c == 6 ? '\n' : '|');
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static int user_version(const char *p)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int v = -1;

	sqlite3_open(p, &db);
	if (!sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL) &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* The audit file made and holding the rows, as an interrupted move left it. */
static void audit_file_with(const char *extra_sql)
{
	sqlite3 *db;
	int created;
	struct error e = ERROR_INIT;

	if (audit_file_open(path, &db, &created, &e)) {
		fprintf(stderr, "# %s\n", e.msg);
		return;
	}
	exec(db, rows_sql);
	if (extra_sql)
		exec(db, extra_sql);
	sqlite3_close(db);
}

static void test_move(void)
{
	char want[2048], got[2048];
	struct store *st;
	struct error e = ERROR_INIT;

	legacy_store();
	rows_of(path, want, sizeof(want));
	ok(strstr(want, "quoted") && strstr(want, "|NULL|"), "the old store has "
	   "its three rows");
	ok(!store_open(&st, path, STORE_WRITE, &e), "the old store opens "
	   "(migrates): %s", e.msg);
	store_close(st);
	rows_of(audit_path, got, sizeof(got));
	is_str(got, want, "the log holds the rows exactly, ids and all");
	rows_of(path, got, sizeof(got));
	ok(strstr(got, "no table"), "the store keeps no audit table");
	is_int(user_version(path), (int)schema_migration_count(),
	       "and is at the newest schema");
}

static void test_interrupted(void)
{
	char want[2048], got[2048];
	struct store *st;
	struct error e = ERROR_INIT;

	legacy_store();
	rows_of(path, want, sizeof(want));
	audit_file_with(NULL);
	ok(!store_open(&st, path, STORE_WRITE, &e), "a move interrupted after "
	   "the copy is finished: %s", e.msg);
	store_close(st);
	rows_of(audit_path, got, sizeof(got));
	is_str(got, want, "without a second copy");
}

static void test_differs(void)
{
	char want[2048], got[2048];
	struct store *st;
	struct error e = ERROR_INIT;

	legacy_store();
	rows_of(path, want, sizeof(want));
	audit_file_with("DROP TRIGGER audit_no_update;"
			"UPDATE audit SET detail = 'forged' WHERE id = 2");
	if (!store_open(&st, path, STORE_WRITE, &e))
		store_close(st);
	ok(strstr(e.msg, "audit entry 2 differs") != NULL,
	   "a log whose copy differs stops the move (%s)", e.msg);
	is_int(user_version(path), (int)drop - 1, "the store is not migrated");
	rows_of(path, got, sizeof(got));
	is_str(got, want, "and keeps its rows");
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/attend-audit-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/s.db", dir);
	audit_file_path(path, audit_path, sizeof(audit_path));
	for (size_t v = 1; v <= schema_migration_count(); v++)
		if (strstr(schema_migration(v), "DROP TABLE audit"))
			drop = v;
	ok(drop > 3, "one migration drops the audit table (%zu)", drop);
	test_move();
	test_interrupted();
	test_differs();
	{
		char cmd[96];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			fprintf(stderr, "# could not remove %s\n", dir);
	}
	return tap_done();
}
