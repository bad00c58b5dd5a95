#ifndef STORE_FILES_H
#define STORE_FILES_H

#include <stdio.h>
#include <sys/types.h>

#include "util/error.h"

/*
 * The files of a store, and who may read them.  A store is several
 * files, all beside PATH:
 *
 *   PATH              the store (SQLite), with PATH-wal and PATH-shm
 *   PATH.audit        the audit log (store/audit_file.h), with its own
 *                     -wal and -shm
 *   PATH.engine-*     the analytics engine's caches (engine_cache.c)
 *
 * They hold children's data, so attend creates every one readable by
 * the service's user alone (0600), or by its group as well (0640) when
 * the store's directory is set-group-ID (chmod g+s DIR: the way to share
 * the files with a group, which then owns what is created there),
 * whatever the umask.  SQLite gives a database's -wal and -shm the mode
 * of the database itself.
 */
enum store_file_kind {
	STORE_FILE_STORE,	/* PATH: back up (SQLite's backup API) */
	STORE_FILE_AUDIT,	/* PATH.audit: back up with the store */
	STORE_FILE_JOURNAL,	/* -wal, -shm: SQLite's, part of the above */
	STORE_FILE_CACHE,	/* rebuilt from the store when missing */
};

/* 0600, or 0640 when the store's directory is set-group-ID. */
mode_t store_file_mode(const char *store_path);

/*
 * Creates path as an empty file of store_file_mode(store_path) if there
 * is none (so that SQLite, opening it, never makes it by the umask).
 */
int store_file_create(const char *path, const char *store_path,
		      struct error *e);

/*
 * Calls fn for each of the store's files that exists, in the order of
 * the table above; stops at fn's first non-zero answer and returns it.
 * What `attend backup` copies are the STORE and AUDIT ones.
 */
typedef int store_file_fn(const char *path, enum store_file_kind kind,
			  void *data);
int store_files_each(const char *store_path, store_file_fn *fn, void *data);

/*
 * Writes a warning line to out for each of the store's files that others
 * may read or write (any of the mode's "other" bits, or group bits
 * beyond read when shared); returns how many.
 */
int store_files_check(const char *store_path, FILE *out);

#endif
