#include "store/store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "store/backup.h"
#include "store/audit_file.h"
#include "store/files.h"
#include "store/schema.h"
#include "util/log.h"
#include "util/strbuf.h"

/* Statements kept, unless more are being stepped at once. */
#define STMT_CACHE 48

struct cached_stmt {
	char *sql;
	sqlite3_stmt *stmt;
	uint64_t used;		/* when it was last handed out */
};

struct store {
	sqlite3 *db;
	char *path;
	int in_transaction;
	struct cached_stmt *cache;
	size_t nr_cached, alloc_cached;
	uint64_t clock;		/* counts store_prepare() calls */
	/* the audit log (store_audit_db()), and its entries this transaction */
	sqlite3 *audit;
	int audit_paired;	/* checked it is this store's */
	int64_t audit_first;
	int audit_pending;
};

/* What to do about a store that cannot be written, or "". */
static const char *write_advice(sqlite3 *db)
{
	int rc = db ? sqlite3_errcode(db) & 0xff : SQLITE_OK;

	if (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN || rc == SQLITE_PERM)
		return " (the store cannot be written: run attend as a user "
		       "who may write the store and its directory, where "
		       "SQLite keeps its -wal and -shm files)";
	if (rc == SQLITE_FULL)
		return " (the disk is full)";
	return "";
}

int store_sqlite_error(struct store *st, struct error *e, const char *what)
{
	return error_set(e, ERROR_INTERNAL, "%s: %s: %s%s", st->path, what,
			 sqlite3_errmsg(st->db), write_advice(st->db));
}

int store_exec(struct store *st, const char *sql, struct error *e)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error_set(e, ERROR_INTERNAL, "%s: %s%s", st->path,
			  msg ? msg : sqlite3_errmsg(st->db),
			  write_advice(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/*
 * A statement is in use from its first step until it is reset or has run
 * to its end (sqlite3_stmt_busy()).  One in use is never handed out again
 * nor finalised: a nested use of the same SQL gets a second statement,
 * and the cache grows past STMT_CACHE rather than drop one being stepped.
 */
sqlite3_stmt *store_prepare(struct store *st, const char *sql, struct error *e)
{
	struct cached_stmt *c, *oldest = NULL;
	sqlite3_stmt *stmt;

	st->clock++;
	for (size_t i = 0; i < st->nr_cached; i++) {
		c = &st->cache[i];
		if (sqlite3_stmt_busy(c->stmt))
			continue;
		if (!strcmp(c->sql, sql)) {
			c->used = st->clock;
			sqlite3_reset(c->stmt);
			sqlite3_clear_bindings(c->stmt);
			return c->stmt;
		}
		if (!oldest || c->used < oldest->used)
			oldest = c;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &stmt, NULL) != SQLITE_OK) {
		store_sqlite_error(st, e, "prepare");
		return NULL;
	}
	if (st->nr_cached >= STMT_CACHE && oldest) {
		/* Full: the least recently used statement not in use goes. */
		sqlite3_finalize(oldest->stmt);
		free(oldest->sql);
		c = oldest;
	} else {
		if (st->nr_cached == st->alloc_cached) {
			st->alloc_cached = st->alloc_cached ? 2 * st->alloc_cached :
					   STMT_CACHE;
			st->cache = xrealloc(st->cache, st->alloc_cached *
					     sizeof(*st->cache));
		}
		c = &st->cache[st->nr_cached++];
	}
	/* The cache keeps its own copy: callers may build SQL at run time. */
	c->sql = xstrdup(sql);
	c->stmt = stmt;
	c->used = st->clock;
	return stmt;
}

void store_bind_day(sqlite3_stmt *stmt, int i, day_t day)
{
	char s[11] = "";

	if (day != DAY_NONE)
		date_format(day, s);
	sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

day_t store_column_day(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);
	day_t day;

	if (!s || date_parse(s, strlen(s), &day))
		return DAY_NONE;
	return day;
}

void store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	sqlite3_bind_text(stmt, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

void store_column_text(sqlite3_stmt *stmt, int i, char *out, size_t n)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	snprintf(out, n, "%s", s ? s : "");
}

void store_now(char out[STORE_TIME_SIZE])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, STORE_TIME_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int store_schema_version(struct store *st)
{
	sqlite3_stmt *stmt;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt,
			       NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

int store_schema_too_new(struct error *e, const char *path, int version)
{
	return error_set(e, ERROR_INPUT, "%s: the store's schema is version %d, "
			 "newer than this attend knows (it supports versions up "
			 "to %zu): upgrade attend", path, version,
			 schema_migration_count());
}

/*
 * Brings an existing store's schema up to date, after a backup of it
 * beside it (STORE.pre-vN.bak, N the version it had).  The write lock
 * is taken first, so the backup (read on a connection of its own, in
 * WAL mode not blocked by the lock) is the store exactly as the
 * migrations find it; if another process migrated the store meanwhile,
 * there is nothing left to do.  The migrations run in one transaction:
 * a failure leaves the store as it was.  A new store (version 0) needs
 * no backup.
 */
static int migrate(struct store *st, struct error *e)
{
	int have = store_schema_version(st), rc = -1;
	size_t want = schema_migration_count();
	struct strbuf bak = STRBUF_INIT, q1 = STRBUF_INIT, q2 = STRBUF_INIT;
	char sql[64];

	if (have < 0)
		return store_sqlite_error(st, e, "reading the schema version");
	if ((size_t)have > want)
		return store_schema_too_new(e, st->path, have);
	if ((size_t)have == want)
		return 0;
	if (store_begin(st, e))
		return -1;
	if ((have = store_schema_version(st)) < 0 || (size_t)have >= want) {
		store_rollback(st);
		return have < 0 ? store_sqlite_error(st, e, "reading the schema "
						     "version") : 0;
	}
	if (have > 0) {
		strbuf_addf(&bak, "%s.pre-v%d.bak", st->path, have);
		if (backup_copy(st->path, bak.buf, NULL, NULL, NULL, e)) {
			char why[sizeof(e->msg)];

			snprintf(why, sizeof(why), "%s", e->msg);
			error_set(e, ERROR_INTERNAL, "%s: not migrated from schema "
				  "version %d to %zu, for want of a backup: %s",
				  st->path, have, want, why);
			goto out;
		}
		log_info("store backed up before its migration",
			 "store=%s from=%d to=%zu backup=%s",
			 log_quote(&q1, st->path), have, want,
			 log_quote(&q2, bak.buf));
	}
	for (size_t v = (size_t)have + 1; v <= want; v++) {
		if (store_exec(st, schema_migration(v), e))
			goto out;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu", v);
		if (store_exec(st, sql, e))
			goto out;
	}
	if (store_commit(st, e))
		goto out;
	if (have > 0)
		log_info("store migrated", "store=%s from=%d to=%zu", q1.buf,
			 have, want);
	rc = 0;
out:
	store_rollback(st);
	strbuf_release(&bak);
	strbuf_release(&q1);
	strbuf_release(&q2);
	return rc;
}

/*
 * A store of an older schema, opened to read: migrated as a write would
 * (after its backup), then opened to read.
 */
static int migrate_then_read(struct store **out, const char *path,
			     int version, struct error *e)
{
	struct store *st;

	if (store_open(&st, path, STORE_WRITE, e)) {
		char why[sizeof(e->msg)];

		snprintf(why, sizeof(why), "%s", e->msg);
		return error_set(e, ERROR_INPUT, "%s: the store's schema is "
				 "version %d, older than this attend's %zu, and "
				 "it could not be migrated (%s); run 'attend "
				 "init' as the store's owner", path, version,
				 schema_migration_count(), why);
	}
	store_close(st);
	return store_open(out, path, STORE_READ, e);
}

/*
 * Before the migrations run: a new store's path cleared of a log left
 * by a store removed before it; an older store's own audit rows moved
 * into its log, checked (audit_file_move()), before the migration that
 * drops their table.
 */
static int audit_move(struct store *st, struct error *e)
{
	char have[64], moved[4400];
	int64_t copied;
	int created, rc;

	if (store_schema_version(st) == 0 &&
	    audit_file_set_aside(st->path, moved, sizeof(moved)) < 0)
		return error_set(e, ERROR_INTERNAL, "%s: cannot set the audit log "
				 "of a removed store aside: %s", moved,
				 strerror(errno));
	if (!store_meta_get(st, "audit_file", have, sizeof(have)))
		return 0;
	if (audit_file_open(st->path, &st->audit, &created, e))
		return -1;
	rc = audit_file_move(st->db, st->audit, st->path, &copied, e);
	if (!rc && copied)
		fprintf(stderr, "attend: %lld audit entr%s moved to the audit "
			"log's own file\n", (long long)copied,
			copied == 1 ? "y" : "ies");
	return rc;
}

struct sqlite3 *store_audit_db(struct store *st, struct error *e)
{
	char id[64], had[64];
	int created = 0;

	if (st->audit_paired)
		return st->audit;
	if (!st->audit && audit_file_open(st->path, &st->audit, &created, e))
		return NULL;
	/*
	 * A store that had a log and lost it (a copy of the store alone, a
	 * file removed): the new log says so first, for whoever reads it.
	 */
	if (created && !store_meta_get(st, "audit_file", had, sizeof(had)))
		audit_file_note_restart(st->audit, st->path);
	/* every store has an id from migration 6 */
	if (!store_meta_get(st, "store_id", id, sizeof(id)) &&
	    audit_file_pair(st->audit, st->path, id, e))
		return NULL;
	st->audit_paired = 1;
	return st->audit;
}

void store_audit_written(struct store *st, int64_t id)
{
	if (!st->in_transaction)
		return;
	if (!st->audit_pending++)
		st->audit_first = id;
}

int store_open(struct store **out, const char *path, enum store_mode mode,
	       struct error *e)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int flags = mode == STORE_WRITE ?
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;

	st->path = xstrdup(path);
	*out = NULL;
	/* created by its mode, not the umask (store/files.h) */
	if (mode == STORE_WRITE && strcmp(path, ":memory:") &&
	    store_file_create(path, path, e)) {
		store_close(st);
		return -1;
	}
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		if (mode == STORE_READ && access(path, F_OK))
			error_set(e, ERROR_INPUT,
				  "%s: cannot open the store (%s); create it "
				  "with 'attend init'", path,
				  st->db ? sqlite3_errmsg(st->db) : "out of memory");
		else if (mode == STORE_READ)
			error_set(e, ERROR_INPUT,
				  "%s: the store is there but cannot be opened "
				  "(%s): the user running attend must be able "
				  "to read it and to write in its directory "
				  "(SQLite keeps its -wal and -shm files there)",
				  path, st->db ? sqlite3_errmsg(st->db) :
				  "out of memory");
		else
			store_sqlite_error(st, e, "open");
		store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	sqlite3_extended_result_codes(st->db, 1);
	if (store_exec(st, "PRAGMA foreign_keys = ON", e))
		goto fail;
	if (mode == STORE_WRITE) {
		/*
		 * FULL: a commit is on disk when it returns, so a saved case
		 * note, decision or acknowledgement survives a power cut
		 * (docs/privacy.md, "Durability"; bench/durability.c).
		 */
		if (store_exec(st, "PRAGMA journal_mode = WAL;"
				   "PRAGMA synchronous = FULL", e) ||
		    audit_move(st, e) || migrate(st, e) || !store_audit_db(st, e))
			goto fail;
	} else {
		int v = store_schema_version(st);

		if (v < 0) {
			error_set(e, ERROR_INPUT, "%s: the store cannot be "
				  "read (%s): the user running attend must be "
				  "able to read it and to write in its directory "
				  "(SQLite keeps its -wal and -shm files there)",
				  path, sqlite3_errmsg(st->db));
			goto fail;
		}
		if (v == 0) {
			error_set(e, ERROR_INPUT, "%s: not an attend store; "
				  "create it with 'attend init'", path);
			goto fail;
		}
		if (v > (int)schema_migration_count()) {
			store_schema_too_new(e, path, v);
			goto fail;
		}
		if (v < (int)schema_migration_count()) {
			store_close(st);
			return migrate_then_read(out, path, v, e);
		}
	}
	if (store_exec(st, "PRAGMA cache_size = -65536", e))
		goto fail;
	/* Readers page through the marks: map the file rather than copy it. */
	if (mode == STORE_READ &&
	    store_exec(st, "PRAGMA mmap_size = 2147418112", e))
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nr_cached; i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	free(st->cache);
	if (st->in_transaction)
		store_rollback(st);
	sqlite3_close(st->audit);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

struct sqlite3 *store_db(struct store *st)
{
	return st->db;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_begin(struct store *st, struct error *e)
{
	int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc == SQLITE_BUSY || (rc & 0xff) == SQLITE_BUSY)
		return error_set(e, ERROR_INTERNAL,
				 "%s: another import is writing to the store; "
				 "waited 30 s, try again when it has finished",
				 st->path);
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, e, "begin");
	st->in_transaction = 1;
	return 0;
}

int store_commit(struct store *st, struct error *e)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_sqlite_error(st, e, "commit");
		store_rollback(st);
		return -1;
	}
	st->in_transaction = 0;
	st->audit_pending = 0;
	return 0;
}

void store_rollback(struct store *st)
{
	if (st->in_transaction)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_transaction = 0;
	if (st->audit_pending)
		audit_file_note_rollback(st->audit, st->audit_first,
					 st->audit_pending);
	st->audit_pending = 0;
}

int store_meta_get(struct store *st, const char *key, char *out, size_t n)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT value FROM meta WHERE key = ?", NULL);
	int found = 0;

	out[0] = '\0';
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		store_column_text(stmt, 0, out, n);
		found = 1;
	}
	sqlite3_reset(stmt);
	return found ? 0 : -1;
}

int store_meta_set(struct store *st, const char *key, const char *value,
		   struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO meta (key, value) VALUES (?, ?) "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value", e);

	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(st, e, "meta");
	return 0;
}

int store_marks_load(struct store *st, int year, int64_t enrolment_id,
		     mark_t *buf, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT codes FROM marks WHERE id = ?", e);
	int rc;

	memset(buf, 0, YEAR_SLOTS_MAX);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, marks_rowid(year, enrolment_id));
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		int n = sqlite3_column_bytes(stmt, 0);
		const void *p = sqlite3_column_blob(stmt, 0);
		if (n > YEAR_SLOTS_MAX)
			n = YEAR_SLOTS_MAX;
		if (n > 0)
			memcpy(buf, p, (size_t)n);
	} else if (rc != SQLITE_DONE) {
		return store_sqlite_error(st, e, "reading marks");
	}
	sqlite3_reset(stmt);
	return 0;
}

int store_marks_save(struct store *st, int year, int64_t enrolment_id,
		     const mark_t *buf, size_t n, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO marks (id, enrolment_id, year, codes, import_id) "
		"VALUES (?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM import)) "
		"ON CONFLICT (id) DO UPDATE SET codes = excluded.codes, "
		"import_id = excluded.import_id", e);

	if (!stmt)
		return -1;
	while (n && buf[n - 1] == MARK_MISSING)
		n--;
	sqlite3_bind_int64(stmt, 1, marks_rowid(year, enrolment_id));
	sqlite3_bind_int64(stmt, 2, enrolment_id);
	sqlite3_bind_int(stmt, 3, year);
	sqlite3_bind_blob(stmt, 4, buf, (int)n, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(st, e, "saving marks");
	return 0;
}

int64_t store_version(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT coalesce(max(id), 0) "
					   "FROM import", NULL);
	int64_t v = -1;

	if (stmt && sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	if (stmt)
		sqlite3_reset(stmt);
	return v;
}

int store_import_begin(struct store *st, const char *file, const char *kind,
		       int64_t *id, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO import (file, kind, started_at) VALUES (?, ?, ?)", e);
	char now[STORE_TIME_SIZE];

	if (!stmt)
		return -1;
	store_now(now);
	sqlite3_bind_text(stmt, 1, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(st, e, "recording the import");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_import_finish(struct store *st, int64_t id, const char *summary,
			struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"UPDATE import SET summary = ? WHERE id = ?", e);

	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, summary, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(st, e, "recording the import");
	return 0;
}

int store_history_add(struct store *st, int64_t enrolment_id, day_t day,
		      enum session s, mark_t old_mark, mark_t new_mark,
		      int64_t import_id, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO mark_history (enrolment_id, date, session, "
		"old_code, new_code, changed_at, import_id) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	char now[STORE_TIME_SIZE];

	if (!stmt)
		return -1;
	store_now(now);
	sqlite3_bind_int64(stmt, 1, enrolment_id);
	store_bind_day(stmt, 2, day);
	sqlite3_bind_text(stmt, 3, s == SESSION_AM ? "AM" : "PM", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, mark_info(old_mark)->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, mark_info(new_mark)->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 7, import_id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(st, e, "recording mark history");
	return 0;
}

int store_marks_each(struct store *st, int year,
		     const struct marks_selection *sel, store_marks_fn *fn,
		     void *ctx, struct error *e)
{
	static const char *const sql[] = {
		"SELECT enrolment_id, codes FROM marks WHERE id BETWEEN ?1 AND ?2",
		"SELECT e.id, m.codes FROM enrolment e JOIN marks m ON m.id = "
		"(?1 | e.id) WHERE e.school_id = ?3 ORDER BY e.id",
		"SELECT e.id, m.codes FROM enrolment e JOIN marks m ON m.id = "
		"(?1 | e.id) WHERE e.pupil_id = ?4 ORDER BY e.id",
		"SELECT e.id, m.codes FROM enrolment e JOIN marks m ON m.id = "
		"(?1 | e.id) WHERE e.school_id = ?3 AND e.pupil_id = ?4 "
		"ORDER BY e.id",
	};
	int64_t school = sel ? sel->school_id : 0, pupil = sel ? sel->pupil_id : 0;
	sqlite3_stmt *stmt;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db, sql[(school ? 1 : 0) + (pupil ? 2 : 0)],
			       -1, &stmt, NULL) != SQLITE_OK)
		return store_sqlite_error(st, e, "reading marks");
	sqlite3_bind_int64(stmt, 1, marks_rowid(year, 0));
	sqlite3_bind_int64(stmt, 2, marks_rowid(year, 0xffffffffLL));
	sqlite3_bind_int64(stmt, 3, school);
	sqlite3_bind_int64(stmt, 4, pupil);
	while (!stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		stop = fn(ctx, sqlite3_column_int64(stmt, 0),
			  sqlite3_column_blob(stmt, 1),
			  (size_t)sqlite3_column_bytes(stmt, 1));
	if (!stop && rc != SQLITE_DONE)
		store_sqlite_error(st, e, "reading marks");
	sqlite3_finalize(stmt);
	return stop ? stop : rc == SQLITE_DONE ? 0 : -1;
}
