#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/code.h"
#include "core/date.h"
#include "core/roll.h"
#include "util/error.h"

/*
 * The embedded store: one SQLite file in WAL mode, its schema created and
 * migrated by numbered migrations (PRAGMA user_version).
 *
 * Marks are kept one byte per session (a mark_t, see core/code.h) in one
 * blob per enrolment per academic year, indexed by session slot (see
 * core/date.h); trailing unmarked slots are not stored.  The blob's row id
 * is (year << 32 | enrolment id), so one year's marks are one contiguous
 * range of the table, in enrolment order.  Every change to an existing
 * mark is appended to mark_history, which triggers keep append-only.
 *
 * Nothing here knows of CSV, HTML or HTTP.
 */
struct store;
struct sqlite3;

#define STORE_SCHEMA_VERSION 1

enum store_mode { STORE_READ, STORE_WRITE };

/*
 * Opens (and for STORE_WRITE creates) the store at path.  A store of an
 * older schema is migrated, whatever the mode, after a backup of it
 * beside it as PATH.pre-vN.bak (N the version it had), both said on
 * standard error as log events; one of a newer schema than this attend
 * knows is refused (store_schema_too_new()).
 */
int store_open(struct store **out, const char *path, enum store_mode mode,
	       struct error *e);
/* Sets e to say that the store at path is of a newer schema; -1. */
int store_schema_too_new(struct error *e, const char *path, int version);
void store_close(struct store *st);
/* How long a statement waits for another writer before it fails. */
#define STORE_BUSY_MS 30000

struct sqlite3 *store_db(struct store *st);
const char *store_path(const struct store *st);
int store_schema_version(struct store *st);

/*
 * The audit log's own file beside the store (store/audit_file.h): a
 * connection of its own, which no writer of the store can block, opened
 * with the store to write and on first use by a reader.  NULL with e set
 * when it cannot be opened (then nothing that must be logged is shown).
 */
struct sqlite3 *store_audit_db(struct store *st, struct error *e);
/*
 * Tells the store that audit entry id was written: inside a transaction
 * of the store, an entry of what the transaction changes, which the
 * store notes as not saved should the transaction be rolled back.
 */
void store_audit_written(struct store *st, int64_t id);

/*
 * One write transaction.  begin takes the write lock at once, waiting up
 * to a timeout for another writer and then failing with a clear message.
 */
int store_begin(struct store *st, struct error *e);
int store_commit(struct store *st, struct error *e);
void store_rollback(struct store *st);

/* Runs SQL without results; sets e from SQLite's message on failure. */
int store_exec(struct store *st, const char *sql, struct error *e);
/*
 * Prepares a statement; the store keeps and finalises it (cached by text),
 * with nothing bound.  Reset it (or step it to its end) when done: until
 * then it is the caller's, and a nested store_prepare() of the same SQL
 * gets a statement of its own.
 */
struct sqlite3_stmt *store_prepare(struct store *st, const char *sql,
				   struct error *e);
int store_sqlite_error(struct store *st, struct error *e, const char *what);

/*
 * Parameters and columns as every table keeps them: a day as
 * 'YYYY-MM-DD' text, '' for none; text never NULL.
 */
/* Binds day as 'YYYY-MM-DD', DAY_NONE as ''. */
void store_bind_day(struct sqlite3_stmt *stmt, int i, day_t day);
/* The day column i holds: DAY_NONE for NULL, '' or what is not a date. */
day_t store_column_day(struct sqlite3_stmt *stmt, int i);
/* Binds a copy of s, NULL as ''. */
void store_bind_text(struct sqlite3_stmt *stmt, int i, const char *s);
/* Copies column i into out (n bytes, cut short and always ended; NULL as ''). */
void store_column_text(struct sqlite3_stmt *stmt, int i, char *out, size_t n);

/* The current time as rows record it: UTC, "YYYY-MM-DDThh:mm:ssZ". */
#define STORE_TIME_SIZE 21
void store_now(char out[STORE_TIME_SIZE]);

/* Key/value facts about the data (e.g. "latest_mark"). */
int store_meta_get(struct store *st, const char *key, char *out, size_t n);
int store_meta_set(struct store *st, const char *key, const char *value,
		   struct error *e);

/* Row id of a marks blob. */
static inline int64_t marks_rowid(int year, int64_t enrolment_id)
{
	return ((int64_t)year << 32) | enrolment_id;
}

/* Loads a marks blob into buf (YEAR_SLOTS_MAX bytes, zero-filled beyond). */
int store_marks_load(struct store *st, int year, int64_t enrolment_id,
		     mark_t *buf, struct error *e);
/*
 * Saves the first n slots (trailing missing marks are trimmed), noting the
 * latest import (the one under way) as the blob's writer: see
 * store_version().
 */
int store_marks_save(struct store *st, int year, int64_t enrolment_id,
		     const mark_t *buf, size_t n, struct error *e);

/*
 * The store's version: the id of its last import (0 if none).  Whatever
 * is derived from the store (the analytics engine's cache) is named by
 * it; marks blobs written since version v have import_id > v.  -1 on an
 * error.
 */
int64_t store_version(struct store *st);

/*
 * The first import stamp (migration 6: marks, pupils, enrolments) that a
 * reader who took the store at `version` may not have seen all of: that
 * version's own, as a change made outside an import is stamped with the
 * last import; or 1 when there was no import, since 0 stamps only what
 * came before the migration.
 */
static inline int64_t store_stamp_from(int64_t version)
{
	return version > 0 ? version : 1;
}

/* Records an import; returns its id in *id. */
int store_import_begin(struct store *st, const char *file, const char *kind,
		       int64_t *id, struct error *e);
int store_import_finish(struct store *st, int64_t id, const char *summary,
			struct error *e);

/* Appends a changed mark to the history. */
int store_history_add(struct store *st, int64_t enrolment_id, day_t day,
		      enum session s, mark_t old_mark, mark_t new_mark,
		      int64_t import_id, struct error *e);


/* Which enrolments' marks store_marks_each() reads; 0 in a field: any. */
struct marks_selection {
	int64_t school_id;	/* the enrolments at this school */
	int64_t pupil_id;	/* the enrolments of this pupil */
};

typedef int store_marks_fn(void *ctx, int64_t enrolment_id,
			   const mark_t *marks, size_t n);

/*
 * Calls fn(ctx, enrolment id, marks, n) for each marks blob of academic
 * year `year` of the enrolments sel selects (NULL: every one), in
 * enrolment order: marks[0..n), indexed by slot, lasts until fn returns.
 * Stops at the first non-zero value fn returns, and returns it; -1 (e
 * set) if the store cannot be read.  Reads through a statement of its
 * own, so fn may use the store.  Counting marks is the analytics
 * engine's business: this is for what must read the blobs themselves
 * (a penalty window across two years, one pupil's register).
 */
int store_marks_each(struct store *st, int year,
		     const struct marks_selection *sel, store_marks_fn *fn,
		     void *ctx, struct error *e);

#endif
