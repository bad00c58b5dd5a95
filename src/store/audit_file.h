#ifndef STORE_AUDIT_FILE_H
#define STORE_AUDIT_FILE_H

#include <stdint.h>

#include "store/store.h"

/*
 * The audit log's own SQLite file beside the store, PATH.audit, so that
 * no writer of the store (an import holding its write lock for minutes)
 * can keep a view from being logged; store.c opens it (store_audit_db())
 * and auth/audit.c writes it.
 *
 * WAL mode with synchronous = FULL: an entry committed is on disk.  Its
 * own schema (PRAGMA user_version of the file, migrations in
 * audit_file.c): the table audit, append-only by triggers, except that
 * entries dated before a cutoff recorded in the table retention (itself
 * append-only) may be deleted, which is how `attend retention apply`
 * removes entries past the authority's period; and meta, whose store_id
 * names the store it belongs to (the store's meta "store_id"), so that a
 * store never writes to another's log.
 *
 * Not for use outside src/store/ and src/auth/audit.c.
 */
struct sqlite3;

#define AUDIT_FILE_SUFFIX ".audit"

/* PATH.audit into out (n bytes); ":memory:" for a store in memory. */
void audit_file_path(const char *store_path, char *out, size_t n);

/*
 * Opens the audit file of the store at store_path, creating it (mode as
 * the store's files: store_file_mode()) if it is missing, which *created
 * says; brings its schema up to date.
 */
int audit_file_open(const char *store_path, struct sqlite3 **db, int *created,
		    struct error *e);

/*
 * For a store being created: a log left at its path by a store removed
 * before it is renamed PATH.audit.orphan-TIME (its -wal and -shm with
 * it), kept but out of the new store's way; its new name into moved.
 * 1 if it was moved, 0 if there was none (or an empty one, reused),
 * -1 if it could not be renamed (errno).
 */
int audit_file_set_aside(const char *store_path, char *moved, size_t n);

/*
 * Pairs the audit file with the store whose meta store_id is store_id:
 * records it if the file names no store yet, refuses if it names
 * another.
 */
int audit_file_pair(struct sqlite3 *db, const char *path, const char *store_id,
		    struct error *e);

/*
 * Copies the rows of the store's own audit table (the log before it
 * had its own file) into the audit file, ids and all, in one
 * transaction; rows already there (a copy interrupted before the store
 * dropped its table) must be equal.  Then reads both back and compares
 * them row by row: 0 only if the file holds every row exactly, and
 * *copied says how many were added.  The store keeps its table: the
 * migration that drops it runs after this.
 */
int audit_file_move(struct sqlite3 *store, struct sqlite3 *db, const char *path,
		    int64_t *copied, struct error *e);

/*
 * Notes, as the first entry of a new log, that the store had a log
 * before, which was missing: entries before this one are not here.
 */
void audit_file_note_restart(struct sqlite3 *db, const char *store_path);

/*
 * Notes in the log that the `count` entries from id `first` on were
 * written for a store transaction that was then rolled back: those
 * changes were not saved.  Best effort (nothing to tell anyone if it
 * fails).
 */
void audit_file_note_rollback(struct sqlite3 *db, int64_t first, int count);

#endif
