#include "store/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/audit_file.h"
#include "store/schema.h"

/* Pages copied a step: 4 MB of 4 KB pages, then the progress is told. */
#define STEP_PAGES 1024

const char *const *store_files(void)
{
	/* the store, then its audit log (store/files.h) */
	static const char *const files[] = { "", AUDIT_FILE_SUFFIX, NULL };

	return files;
}

/* A file of the store, read in one transaction: its snapshot. */
struct snapshot {
	struct strbuf path;	/* the store's file */
	struct strbuf dest;	/* its copy's final name */
	struct strbuf tmp;	/* where the copy is written */
	int present;		/* 0: a file of the store that is absent */
	sqlite3 *db;		/* while its read transaction is open */
	int schema;
	size_t nr;
	char **tables;
	int64_t *rows;
};

static int sqlite_error(struct error *e, const char *path, sqlite3 *db,
			const char *what)
{
	return error_set(e, ERROR_INTERNAL, "%s: %s: %s", path, what,
			 db ? sqlite3_errmsg(db) : "out of memory");
}

/* The one integer sql returns, into *v; -1 after setting e. */
static int query_int64(sqlite3 *db, const char *path, const char *sql,
		       int64_t *v, struct error *e)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return sqlite_error(e, path, db, "reading it");
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return sqlite_error(e, path, db, "reading it");
	return 0;
}

static int open_readonly(const char *path, sqlite3 **db, struct error *e)
{
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		sqlite_error(e, path, *db, "cannot open it");
		sqlite3_close(*db);
		*db = NULL;
		return -1;
	}
	sqlite3_busy_timeout(*db, 30000);
	return 0;
}

/* The tables of db (not SQLite's own), with their rows counted. */
static int count_rows(sqlite3 *db, const char *path, char ***tables,
		      int64_t **rows, size_t *nr, struct error *e)
{
	sqlite3_stmt *stmt;
	int rc;

	*tables = NULL;
	*rows = NULL;
	*nr = 0;
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type "
			       "= 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE "
			       "'\\' ORDER BY name", -1, &stmt, NULL) != SQLITE_OK)
		return sqlite_error(e, path, db, "reading its tables");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*tables = xrealloc(*tables, (*nr + 1) * sizeof(**tables));
		(*tables)[(*nr)++] = xstrdup((const char *)
					     sqlite3_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return sqlite_error(e, path, db, "reading its tables");
	*rows = xcalloc(*nr ? *nr : 1, sizeof(**rows));
	for (size_t i = 0; i < *nr; i++) {
		char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"",
					    (*tables)[i]);
		int failed = query_int64(db, path, sql, &(*rows)[i], e);

		sqlite3_free(sql);
		if (failed)
			return -1;
	}
	return 0;
}

static void free_tables(char **tables, int64_t *rows, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(tables[i]);
	free(tables);
	free(rows);
}

/*
 * Opens a read transaction on the store's file and counts what it
 * holds: the snapshot the copy is taken from.  The transaction stays
 * open until snapshot_end().
 */
static int snapshot_begin(struct snapshot *s, struct error *e)
{
	int64_t v;

	s->present = 1;
	if (open_readonly(s->path.buf, &s->db, e))
		return -1;
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return sqlite_error(e, s->path.buf, s->db, "begin");
	/* The first read takes the snapshot; what follows reads it too. */
	if (query_int64(s->db, s->path.buf, "PRAGMA user_version", &v, e))
		return -1;
	s->schema = (int)v;
	return count_rows(s->db, s->path.buf, &s->tables, &s->rows, &s->nr, e);
}

static void snapshot_end(struct snapshot *s)
{
	if (s->db) {
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(s->db);
		s->db = NULL;
	}
}

static void snapshot_release(struct snapshot *s)
{
	snapshot_end(s);
	free_tables(s->tables, s->rows, s->nr);
	strbuf_release(&s->path);
	strbuf_release(&s->dest);
	strbuf_release(&s->tmp);
}

static int fsync_path(const char *path, struct error *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fsync(fd)) {
		error_set(e, ERROR_INTERNAL, "%s: cannot flush it to disk: %s",
			  path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* The directory a path is in, for its fsync after a rename. */
static void dir_of(const char *path, struct strbuf *dir)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		strbuf_addstr(dir, ".");
	else if (slash == path)
		strbuf_addstr(dir, "/");
	else
		strbuf_add(dir, path, (size_t)(slash - path));
}

static int fsync_dir_of(const char *path, struct error *e)
{
	struct strbuf dir = STRBUF_INIT;
	int rc;

	dir_of(path, &dir);
	rc = fsync_path(dir.buf, e);
	strbuf_release(&dir);
	return rc;
}

/*
 * A new, empty file at path, readable by its owner alone: SQLite then
 * writes the copy into it (and gives its journal the same mode).
 */
static int create_private(const char *path, struct error *e)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return error_set(e, ERROR_INTERNAL, "%s: cannot create it: %s",
				 path, strerror(errno));
	close(fd);
	return 0;
}

static int copy_pages(struct snapshot *s, sqlite3 *dest,
		      backup_progress_fn *progress, void *ctx,
		      struct error *e)
{
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", s->db, "main");
	int rc, waits = 0;

	if (!b)
		return sqlite_error(e, s->tmp.buf, dest, "starting the copy");
	for (;;) {
		rc = sqlite3_backup_step(b, STEP_PAGES);
		if (progress && (rc == SQLITE_OK || rc == SQLITE_DONE)) {
			int64_t total = sqlite3_backup_pagecount(b);

			progress(ctx, s->path.buf,
				 total - sqlite3_backup_remaining(b), total);
		}
		if (rc == SQLITE_DONE)
			break;
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && waits++ < 1500) {
			sqlite3_sleep(20);
			continue;
		}
		if (rc != SQLITE_OK)
			break;
	}
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE)
		return sqlite_error(e, s->tmp.buf, dest, "copying the store");
	return 0;
}

/* Copies the snapshot into s->tmp, a plain SQLite file. */
static int copy_file(struct snapshot *s, backup_progress_fn *progress,
		     void *ctx, struct error *e)
{
	sqlite3 *dest = NULL;
	int rc = -1;

	if (create_private(s->tmp.buf, e))
		return -1;
	if (sqlite3_open_v2(s->tmp.buf, &dest, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite_error(e, s->tmp.buf, dest, "cannot open it");
		goto out;
	}
	if (copy_pages(s, dest, progress, ctx, e))
		goto out;
	/* The copy says WAL, as the store does: make it stand alone. */
	if (sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", NULL, NULL,
			 NULL) != SQLITE_OK) {
		sqlite_error(e, s->tmp.buf, dest, "journal mode");
		goto out;
	}
	rc = 0;
out:
	if (sqlite3_close(dest) != SQLITE_OK && !rc)
		rc = error_set(e, ERROR_INTERNAL, "%s: cannot close it", s->tmp.buf);
	return rc;
}

/* PRAGMA integrity_check of db: 0 when it says "ok". */
static int integrity(sqlite3 *db, const char *path, struct error *e)
{
	sqlite3_stmt *stmt;
	struct strbuf what = STRBUF_INIT;
	int rc, n = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(20)", -1, &stmt,
			       NULL) != SQLITE_OK)
		return error_set(e, ERROR_INPUT, "%s: failed its integrity "
				 "check: %s", path, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(stmt, 0);

		if (row && !strcmp(row, "ok"))
			continue;
		if (n++ < 3)
			strbuf_addf(&what, "%s%s", what.len ? "; " : "",
				    row ? row : "?");
	}
	if (rc != SQLITE_DONE && !what.len)
		strbuf_addstr(&what, sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	if (what.len) {
		error_set(e, ERROR_INPUT, "%s: failed its integrity check: %s",
			  path, what.buf);
		strbuf_release(&what);
		return -1;
	}
	return 0;
}

/* The copy in s->tmp against the snapshot: sound, and the same rows. */
static int verify_copy(struct snapshot *s, struct error *e)
{
	sqlite3 *db = NULL;
	char **tables = NULL;
	int64_t *rows = NULL, schema;
	size_t nr = 0;
	int rc = -1;

	if (open_readonly(s->tmp.buf, &db, e) || integrity(db, s->tmp.buf, e) ||
	    query_int64(db, s->tmp.buf, "PRAGMA user_version", &schema, e) ||
	    count_rows(db, s->tmp.buf, &tables, &rows, &nr, e))
		goto out;
	if (schema != s->schema) {
		error_set(e, ERROR_INTERNAL, "%s: the copy has schema version "
			  "%lld, the store %d", s->tmp.buf, (long long)schema,
			  s->schema);
		goto out;
	}
	if (nr != s->nr) {
		error_set(e, ERROR_INTERNAL, "%s: the copy has %zu tables, the "
			  "store %zu", s->tmp.buf, nr, s->nr);
		goto out;
	}
	for (size_t i = 0; i < nr; i++)
		if (strcmp(tables[i], s->tables[i]) || rows[i] != s->rows[i]) {
			error_set(e, ERROR_INTERNAL, "%s: the copy's table %s "
				  "has %lld rows, the store's %s %lld", s->tmp.buf,
				  tables[i], (long long)rows[i], s->tables[i],
				  (long long)s->rows[i]);
			goto out;
		}
	rc = 0;
out:
	free_tables(tables, rows, nr);
	sqlite3_close(db);
	return rc;
}

/* The last import of the store open as db (its file is path). */
static void last_import(sqlite3 *db, struct backup_info *info)
{
	sqlite3_stmt *stmt;

	info->version = 0;
	info->imported_at[0] = '\0';
	if (sqlite3_prepare_v2(db, "SELECT id, started_at FROM import "
			       "ORDER BY id DESC LIMIT 1", -1, &stmt,
			       NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *at = (const char *)sqlite3_column_text(stmt, 1);

		info->version = sqlite3_column_int64(stmt, 0);
		snprintf(info->imported_at, sizeof(info->imported_at), "%s",
			 at ? at : "");
	}
	sqlite3_finalize(stmt);
}

static int64_t file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) ? 0 : (int64_t)sb.st_size;
}

/*
 * Renames the checked copies to their names, the store's own file last:
 * a backup is there once that is.
 */
static int install_copies(struct snapshot *snaps, size_t nr, const char *dest,
			  struct error *e)
{
	for (size_t i = nr; i-- > 0;) {
		struct snapshot *s = &snaps[i];

		if (!s->present)
			unlink(s->dest.buf);
		else if (rename(s->tmp.buf, s->dest.buf))
			return error_set(e, ERROR_INTERNAL, "%s: cannot rename it "
					 "to %s: %s", s->tmp.buf, s->dest.buf,
					 strerror(errno));
	}
	return fsync_dir_of(dest, e);
}

int backup_copy(const char *store, const char *dest,
		backup_progress_fn *progress, void *ctx,
		struct backup_info *info, struct error *e)
{
	const char *const *files = store_files();
	struct backup_info dummy;
	struct snapshot *snaps;
	size_t nr = 0;
	int rc = -1;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	while (files[nr])
		nr++;
	snaps = xcalloc(nr, sizeof(*snaps));
	for (size_t i = 0; i < nr; i++) {
		struct snapshot *s = &snaps[i];

		strbuf_addf(&s->path, "%s%s", store, files[i]);
		strbuf_addf(&s->dest, "%s%s", dest, files[i]);
		strbuf_addf(&s->tmp, "%s%s.tmp", dest, files[i]);
	}
	if (access(store, F_OK)) {
		error_set(e, ERROR_INPUT, "%s: no store here", store);
		goto out;
	}
	/* Every snapshot first, so that they are as near in time as can be. */
	for (size_t i = 0; i < nr; i++)
		if ((!i || !access(snaps[i].path.buf, F_OK)) &&
		    snapshot_begin(&snaps[i], e))
			goto out;
	if (snaps[0].schema <= 0) {
		error_set(e, ERROR_INPUT, "%s: not an attend store (it has no "
			  "schema version)", store);
		goto out;
	}
	info->schema = snaps[0].schema;
	last_import(snaps[0].db, info);
	for (size_t i = 0; i < nr; i++) {
		struct snapshot *s = &snaps[i];

		if (!s->present)
			continue;
		if (copy_file(s, progress, ctx, e))
			goto out;
		snapshot_end(s);
		if (verify_copy(s, e) || fsync_path(s->tmp.buf, e))
			goto out;
		info->tables += s->nr;
		for (size_t t = 0; t < s->nr; t++)
			info->rows += s->rows[t];
		info->bytes += file_size(s->tmp.buf);
	}
	rc = install_copies(snaps, nr, dest, e);
out:
	for (size_t i = 0; i < nr; i++) {
		if (rc)
			unlink(snaps[i].tmp.buf);
		snapshot_release(&snaps[i]);
	}
	free(snaps);
	return rc;
}

/* "attend-YYYYMMDDTHHMMSSZ.db": the name of a backup backup_take() made. */
static int is_backup_name(const char *name)
{
	static const char pattern[] = "attend-########T######Z.db";

	if (strlen(name) != sizeof(pattern) - 1)
		return 0;
	for (size_t i = 0; pattern[i]; i++)
		if (pattern[i] == '#' ? name[i] < '0' || name[i] > '9' :
		    name[i] != pattern[i])
			return 0;
	return 1;
}

static int newest_first(const void *a, const void *b)
{
	return -strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes the backups in dir beyond the keep newest; how many went. */
static int prune(const char *dir, int keep, size_t *removed, struct error *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0;
	int rc = 0;

	*removed = 0;
	if (!d)
		return error_set(e, ERROR_INTERNAL, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d)))
		if (is_backup_name(de->d_name)) {
			names = xrealloc(names, (nr + 1) * sizeof(*names));
			names[nr++] = xstrdup(de->d_name);
		}
	closedir(d);
	if (nr)
		qsort(names, nr, sizeof(*names), newest_first);
	for (size_t i = 0; i < nr; i++) {
		if (i >= (size_t)keep) {
			for (const char *const *f = store_files(); *f; f++) {
				struct strbuf path = STRBUF_INIT;

				strbuf_addf(&path, "%s/%s%s", dir, names[i], *f);
				if (unlink(path.buf) && errno != ENOENT && !**f)
					rc = error_set(e, ERROR_INTERNAL,
						       "%s: cannot remove it: %s",
						       path.buf, strerror(errno));
				strbuf_release(&path);
			}
			if (!rc)
				(*removed)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int backup_take(const char *store, const char *dir, int keep,
		backup_progress_fn *progress, void *ctx, struct strbuf *path,
		struct backup_info *info, size_t *removed, struct error *e)
{
	struct stat sb;
	size_t start = path->len;

	*removed = 0;
	if (keep < 1)
		return error_set(e, ERROR_USAGE, "keep at least one backup");
	if (mkdir(dir, 0700) && errno != EEXIST)
		return error_set(e, ERROR_INTERNAL, "%s: cannot create it: %s",
				 dir, strerror(errno));
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
		return error_set(e, ERROR_INPUT, "%s: not a directory", dir);
	/* Two backups in one second: the second waits for the next. */
	for (int tries = 0;; tries++) {
		time_t t = time(NULL);
		struct tm tm;
		char stamp[32];

		gmtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
		path->len = start;
		path->buf[start] = '\0';
		strbuf_addf(path, "%s/attend-%s.db", dir, stamp);
		if (access(path->buf, F_OK))
			break;
		if (tries == 3)
			return error_set(e, ERROR_INTERNAL, "%s: exists already",
					 path->buf);
		sleep(1);
	}
	if (backup_copy(store, path->buf, progress, ctx, info, e))
		return -1;
	return prune(dir, keep, removed, e);
}

int backup_check(const char *path, struct backup_info *info, struct error *e)
{
	const char *const *files = store_files();
	struct backup_info dummy;
	sqlite3 *db = NULL;
	int64_t v, has;
	int rc = -1;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	if (access(path, R_OK))
		return error_set(e, ERROR_INPUT, "%s: %s", path, strerror(errno));
	for (size_t i = 0; files[i]; i++) {
		struct strbuf file = STRBUF_INIT;

		strbuf_addf(&file, "%s%s", path, files[i]);
		if (i && access(file.buf, F_OK)) {
			strbuf_release(&file);
			continue;
		}
		if (open_readonly(file.buf, &db, e) || integrity(db, file.buf, e)) {
			strbuf_release(&file);
			goto out;
		}
		info->bytes += file_size(file.buf);
		strbuf_release(&file);
		if (i) {
			sqlite3_close(db);
			db = NULL;
			continue;
		}
		if (query_int64(db, path, "PRAGMA user_version", &v, e) ||
		    query_int64(db, path, "SELECT count(*) FROM sqlite_master "
				"WHERE type = 'table' AND name IN ('meta', "
				"'import', 'school', 'pupil', 'marks')", &has, e))
			goto out;
		if (v <= 0 || has != 5) {
			error_set(e, ERROR_INPUT, "%s: not an attend store", path);
			goto out;
		}
		if (v > (int64_t)schema_migration_count()) {
			store_schema_too_new(e, path, (int)v);
			goto out;
		}
		info->schema = (int)v;
		last_import(db, info);
		sqlite3_close(db);
		db = NULL;
	}
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}

/*
 * What the store at path holds now, read as it is (it may be of any
 * schema, or damaged): -1 if it cannot be read.
 */
static int store_info(const char *path, struct backup_info *info,
		      struct error *e)
{
	sqlite3 *db = NULL;
	int64_t v;
	int rc = -1;

	memset(info, 0, sizeof(*info));
	if (!open_readonly(path, &db, e) &&
	    !query_int64(db, path, "PRAGMA user_version", &v, e)) {
		info->schema = (int)v;
		last_import(db, info);
		rc = 0;
	}
	sqlite3_close(db);
	return rc;
}

/*
 * Takes the store at path for ourselves: out of WAL mode (which SQLite
 * allows only to the one connection it has) and locked, so that nobody
 * opens it until it is replaced.  *db holds the lock until closed.
 * Returns 1 (e set) when another process has the store open, -1 when
 * it cannot be read.
 */
static int take_store(const char *path, sqlite3 **db, struct error *e)
{
	sqlite3_stmt *stmt = NULL;
	const char *mode = NULL;
	int rc;

	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK)
		return sqlite_error(e, path, *db, "cannot open it");
	rc = sqlite3_prepare_v2(*db, "PRAGMA journal_mode = DELETE", -1, &stmt,
				NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		mode = (const char *)sqlite3_column_text(stmt, 0);
	if (mode && !strcmp(mode, "delete") &&
	    sqlite3_exec(*db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK) {
		sqlite3_finalize(stmt);
		return 0;
	}
	rc = mode ? SQLITE_BUSY : sqlite3_errcode(*db) & 0xff;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		return sqlite_error(e, path, *db, "reading it");
	error_set(e, ERROR_INPUT, "%s: the store is in use (is attend serve "
		  "running?); stop what uses it, then restore", path);
	return 1;
}

/* Removes the analytics engine's cache files of the store at path. */
static void remove_engine_cache(const char *path)
{
	struct strbuf dir = STRBUF_INIT, prefix = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	struct dirent *de;
	DIR *d;

	dir_of(path, &dir);
	strbuf_addf(&prefix, "%s.engine-", slash ? slash + 1 : path);
	if ((d = opendir(dir.buf))) {
		while ((de = readdir(d)))
			if (!strncmp(de->d_name, prefix.buf, prefix.len)) {
				struct strbuf f = STRBUF_INIT;

				strbuf_addf(&f, "%s/%s", dir.buf, de->d_name);
				unlink(f.buf);
				strbuf_release(&f);
			}
		closedir(d);
	}
	strbuf_release(&dir);
	strbuf_release(&prefix);
}

/* Whether the store at path holds data newer than what info describes. */
static int refuse_newer(const char *path, const char *src,
			const struct backup_info *now,
			const struct backup_info *info, struct error *e)
{
	if (now->schema <= info->schema && now->version <= info->version)
		return 0;
	return error_set(e, ERROR_INPUT, "%s is newer than the backup %s (the "
			 "store: import %lld%s%s, schema %d; the backup: import "
			 "%lld%s%s, schema %d); --force replaces it all the same",
			 path, src, (long long)now->version,
			 now->imported_at[0] ? " of " : "", now->imported_at,
			 now->schema, (long long)info->version,
			 info->imported_at[0] ? " of " : "", info->imported_at,
			 info->schema);
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * Checks the store at path (which exists) before the backup src, which
 * info describes, replaces it, and takes it for ourselves (*old): a
 * store in use is never replaced, a damaged or a newer one only when
 * forced.
 */
static int claim_store(const char *store, const char *src, int force,
		       const struct backup_info *info, sqlite3 **old,
		       struct error *e)
{
	struct error why = ERROR_INIT;
	struct backup_info now;
	int rc;

	if (store_info(store, &now, &why)) {
		if (!force)
			return error_set(e, ERROR_INPUT, "%s: cannot read the "
					 "store (%s); --force replaces it", store,
					 why.msg);
	} else if (!force && refuse_newer(store, src, &now, info, e)) {
		return -1;
	}
	rc = take_store(store, old, e);
	if (rc > 0 || (rc && !force))
		return -1;
	error_clear(e);
	return 0;
}

/*
 * Renames the files of the checked copy at tmp over the store's, the
 * store's own file last (as backup_copy() does), once what SQLite kept
 * beside the old files is gone: an old -wal would spoil the new store.
 */
static int replace_store(const char *tmp, const char *store,
			 struct error *e)
{
	static const char *const aside[] = { "-wal", "-shm", "-journal" };
	const char *const *files = store_files();
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	size_t nr = 0;
	int rc = 0;

	for (; files[nr]; nr++)
		for (size_t a = 0; a < sizeof(aside) / sizeof(aside[0]); a++) {
			strbuf_reset(&to);
			strbuf_addf(&to, "%s%s%s", store, files[nr], aside[a]);
			unlink(to.buf);
		}
	for (size_t i = nr; i-- > 0 && !rc;) {
		strbuf_reset(&from);
		strbuf_reset(&to);
		strbuf_addf(&from, "%s%s", tmp, files[i]);
		strbuf_addf(&to, "%s%s", store, files[i]);
		if (i && access(from.buf, F_OK))
			unlink(to.buf);
		else if (rename(from.buf, to.buf))
			rc = error_set(e, ERROR_INTERNAL, "%s: cannot rename it "
				       "to %s: %s", from.buf, to.buf,
				       strerror(errno));
	}
	strbuf_release(&from);
	strbuf_release(&to);
	return rc ? rc : fsync_dir_of(store, e);
}

int backup_restore(const char *src, const char *store, int force,
		   struct backup_info *info, struct error *e)
{
	struct strbuf tmp = STRBUF_INIT, f = STRBUF_INIT;
	struct backup_info dummy;
	sqlite3 *old = NULL;
	int rc = -1;

	if (!info)
		info = &dummy;
	if (backup_check(src, info, e))
		return -1;
	if (same_file(src, store))
		return error_set(e, ERROR_INPUT, "%s is the store itself", src);
	if (!access(store, F_OK) &&
	    claim_store(store, src, force, info, &old, e))
		goto out;
	strbuf_addf(&tmp, "%s.restore", store);
	if (backup_copy(src, tmp.buf, NULL, NULL, NULL, e))
		goto out;
	if (replace_store(tmp.buf, store, e)) {
		for (const char *const *s = store_files(); *s; s++) {
			strbuf_reset(&f);
			strbuf_addf(&f, "%s%s", tmp.buf, *s);
			unlink(f.buf);
		}
		goto out;
	}
	remove_engine_cache(store);
	rc = 0;
out:
	sqlite3_close(old);
	strbuf_release(&tmp);
	strbuf_release(&f);
	return rc;
}
