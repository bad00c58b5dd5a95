#ifndef STORE_BACKUP_H
#define STORE_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/error.h"
#include "util/strbuf.h"

/*
 * Backups of the store, taken while it is in use, and restores.
 *
 * A store is one or more SQLite files, all named after the store's own
 * path: store_files() lists them, and everything here goes through that
 * list, so a file the store gains (an audit log of its own beside it)
 * is backed up, checked and restored with the rest.
 *
 * A copy of a file is taken with SQLite's online backup API, a chunk
 * of pages at a time, from one read transaction held on the file from
 * the first page to the last.  In WAL mode (the store's) a read
 * transaction is a snapshot: the copy is the file as of the last
 * transaction committed before the copy began, whatever commits while
 * it runs (an import, the web server's writes), and writers are never
 * blocked by it.  The copy is written beside its final name, then
 * checked against the snapshot (PRAGMA integrity_check; the schema
 * version; the same tables with the same number of rows, counted in
 * the snapshot's own transaction), flushed to disk and only then
 * renamed into place.  The files of a store are copied one after
 * another, each from its own snapshot, all begun before the first is
 * copied.  A copy is a plain SQLite file (journal mode DELETE), with
 * no -wal beside it, that can be moved and opened as it is.
 */

/*
 * The files that make up the store at a path, as what follows the path
 * in each name: "" (the store itself) first, then the others; NULL ends
 * the list.  Files other than the first may be absent.
 */
const char *const *store_files(void);

/* What a check of a store or a backup found. */
struct backup_info {
	int schema;		/* its schema version (PRAGMA user_version) */
	int64_t version;	/* its last import, 0 if none (store_version()) */
	char imported_at[STORE_TIME_SIZE];	/* when it began, "" if none */
	size_t tables;		/* tables counted in every file */
	int64_t rows;		/* the rows of those tables */
	int64_t bytes;		/* the size of the files */
};

/* Told, as pages are copied, how far the copy of file has gone. */
typedef void backup_progress_fn(void *ctx, const char *file, int64_t done,
				int64_t total);

/*
 * Copies the store at store (every one of its files) to dest (dest
 * followed by each file's suffix), as described above; info (may be
 * NULL) describes the copy.  A file already at dest is replaced only
 * once the copy has been checked.
 */
int backup_copy(const char *store, const char *dest,
		backup_progress_fn *progress, void *ctx,
		struct backup_info *info, struct error *e);

/*
 * A backup of the store into the directory dir (created, mode 0700, if
 * need be) as dir/attend-YYYYMMDDTHHMMSSZ.db (UTC), then, once it has
 * been checked, the removal of the oldest backups there beyond keep.
 * The new backup's path is appended to path; *removed says how many
 * went.
 */
int backup_take(const char *store, const char *dir, int keep,
		backup_progress_fn *progress, void *ctx, struct strbuf *path,
		struct backup_info *info, size_t *removed, struct error *e);

/*
 * Checks that the file at path is a sound attend store that this attend
 * can open (integrity, schema version, the tables every attend store
 * has), as a restore does before it replaces anything.
 */
int backup_check(const char *path, struct backup_info *info,
		 struct error *e);

/*
 * Replaces the store at store with the backup src, once src is checked.
 * A store whose data is newer than src's (a later import, or a later
 * schema) is replaced only when force is set; a store in use by another
 * process (attend serve) is not replaced at all.  The copy is written
 * beside the store and renamed over it, so that the store is at every
 * moment either the old one or the new one; the analytics engine's
 * cache files of the old store (STORE.engine-*) are removed.  info (may
 * be NULL) describes src.  A src of an older schema is migrated when
 * the store is next opened to write (after a backup of its own).
 */
int backup_restore(const char *src, const char *store, int force,
		   struct backup_info *info, struct error *e);

#endif
