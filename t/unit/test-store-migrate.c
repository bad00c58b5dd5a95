/*
 * Opening a store of an older schema (store_open() in src/store/store.c):
 * it is migrated to the newest schema, to read as to write, after a
 * backup of it as it was (STORE.pre-vK.bak, with src/store/backup.c);
 * a store of a newer schema than this attend knows is refused and left
 * alone.
 *
 * The old stores are made here as every older attend made them: the
 * first K migrations of the list, each followed by its user_version,
 * for every K from 1 to the newest but one (migrations never change
 * once shipped).  Nothing here depends on how many migrations there are.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/schema.h"
#include "store/store.h"
#include "tap.h"
#include "util/strbuf.h"

static char dir[] = "/tmp/attend-test-migrate.XXXXXX";

/* A store at path with the first k migrations, and a row of our own. */
static int make_store(const char *path, size_t k)
{
	sqlite3 *db;
	char sql[64];
	int rc = 0;

	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc |= sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	for (size_t v = 1; v <= k; v++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu", v);
		rc |= sqlite3_exec(db, schema_migration(v), NULL, NULL, NULL);
		rc |= sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	rc |= sqlite3_exec(db, "INSERT INTO meta (key, value) VALUES "
			   "('probe', 'kept')", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc ? -1 : 0;
}

/* PRAGMA user_version of path, or the probe row's value into probe. */
static int file_version(const char *path, char *probe, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int v = -1;

	if (probe)
		probe[0] = '\0';
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL) ==
	    SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (probe && sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key "
					"= 'probe'", -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			snprintf(probe, n, "%s", sqlite3_column_text(stmt, 0));
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return v;
}

static void test_older(size_t k, enum store_mode mode)
{
	const char *how = mode == STORE_READ ? "to read" : "to write";
	size_t want = schema_migration_count();
	char path[256], bak[300], probe[16];
	struct error e = ERROR_INIT;
	struct store *st;

	snprintf(path, sizeof(path), "%s/v%zu-%d.db", dir, k, (int)mode);
	snprintf(bak, sizeof(bak), "%s.pre-v%zu.bak", path, k);
	if (make_store(path, k)) {
		ok(0, "a store of schema version %zu is made", k);
		return;
	}
	ok(!store_open(&st, path, mode, &e), "a store of schema version %zu "
	   "opens %s (%s)", k, how, e.msg);
	if (st) {
		is_int(store_schema_version(st), (long long)want,
		       "version %zu opened %s is migrated to %zu", k, how, want);
		store_close(st);
	}
	is_int(file_version(bak, probe, sizeof(probe)), (long long)k,
	       "version %zu %s: the backup is the store before its migration",
	       k, how);
	is_str(probe, "kept", "version %zu %s: with what the store held", k,
	       how);
	is_int(file_version(path, probe, sizeof(probe)), (long long)want,
	       "version %zu %s: the store itself is at version %zu", k, how,
	       want);
	is_str(probe, "kept", "version %zu %s: and keeps what it held", k, how);

	/* Up to date now: opening it again takes no backup. */
	unlink(bak);
	ok(!store_open(&st, path, mode, &e), "version %zu %s opens again", k,
	   how);
	store_close(st);
	ok(access(bak, F_OK), "version %zu %s: no backup when nothing is "
	   "migrated", k, how);
}

static void test_newer(enum store_mode mode)
{
	size_t want = schema_migration_count();
	char path[256], sql[300], expect[160];
	struct error e = ERROR_INIT;
	struct store *st = NULL;
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/newer-%d.db", dir, (int)mode);
	make_store(path, want);
	sqlite3_open(path, &db);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu", want + 1);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);

	ok(store_open(&st, path, mode, &e) && !st,
	   "a store of a newer schema is refused (%s)",
	   mode == STORE_READ ? "to read" : "to write");
	snprintf(expect, sizeof(expect), "the store's schema is version %zu, "
		 "newer than this attend knows (it supports versions up to %zu): "
		 "upgrade attend", want + 1, want);
	ok(strstr(e.msg, expect) != NULL, "the refusal says which versions, "
	   "and to upgrade attend: %s", e.msg);
	is_int(e.kind, ERROR_INPUT, "it is the store's fault, not attend's");
	is_int(file_version(path, NULL, 0), (long long)want + 1,
	       "the newer store is left as it was");
	snprintf(sql, sizeof(sql), "%s.pre-v%zu.bak", path, want + 1);
	ok(access(sql, F_OK), "and no backup is taken of it");
}

/* Two events a migration (four for each K, to read and to write). */
static void test_log(const char *path, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char want[200];
	size_t backed_up = 0, migrated = 0;

	strbuf_read_file(&sb, path);
	for (const char *p = sb.buf; (p = strstr(p, "msg=\"store ")); p++) {
		static const char b[] = "msg=\"store backed up before its "
					"migration\" store=";
		static const char m[] = "msg=\"store migrated\" store=";

		backed_up += !strncmp(p, b, sizeof(b) - 1);
		migrated += !strncmp(p, m, sizeof(m) - 1);
	}
	is_int(backed_up, 2 * (n - 1), "each backup before a migration is "
	       "logged");
	is_int(migrated, 2 * (n - 1), "each migration is logged");
	snprintf(want, sizeof(want), "level=info msg=\"store migrated\" "
		 "store=%s/v1-0.db from=1 to=%zu\n", dir, n);
	ok(strstr(sb.buf, want) != NULL, "a migration's event says from and "
	   "to which version");
	snprintf(want, sizeof(want), "from=1 to=%zu backup=%s/v1-0.db.pre-v1."
		 "bak\n", n, dir);
	ok(strstr(sb.buf, want) != NULL, "a backup's event says where it is");
	strbuf_release(&sb);
}

int main(void)
{
	size_t n = schema_migration_count();
	char cmd[64], log[64];

	if (!mkdtemp(dir)) {
		ok(0, "a temporary directory");
		return tap_done();
	}
	ok(n >= 2, "there are migrations to test (%zu)", n);
	/* The log events of the migrations, to read back. */
	snprintf(log, sizeof(log), "%s/log", dir);
	if (!freopen(log, "w", stderr))
		ok(0, "standard error into %s", log);
	for (size_t k = 1; k < n; k++) {
		test_older(k, STORE_WRITE);
		test_older(k, STORE_READ);
	}
	test_newer(STORE_WRITE);
	test_newer(STORE_READ);
	fflush(stderr);
	test_log(log, n);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		ok(0, "%s", cmd);
	return tap_done();
}
