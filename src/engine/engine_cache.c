/*
 * The engine's cache beside the store: <db>.engine-<year>-<version>-<id>,
 * version being the store's (store_version()) when the engine was taken
 * and id the store's own (meta "store_id"), so that a store made again at
 * the same path never reads another's cache.
 *
 * A cache of an older version is not thrown away: it is read and brought
 * up to date with engine_refresh(), which reads only the marks blobs the
 * imports since then wrote.  A cache that cannot be read or written only
 * costs a load from the store.
 *
 * An engine read from a cache maps its matrix from the file, so a cache
 * removed while a server still holds that engine keeps its disk blocks
 * until the engine goes (at most one such file per year held).
 */
#include "engine/engine_internal.h"

#include <glob.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/files.h"
#include "store/store.h"

static void store_tag(struct store *st, char tag[40])
{
	char id[64];
	size_t n = 0;

	if (store_meta_get(st, "store_id", id, sizeof(id)))
		id[0] = '\0';
	/* only what is safe in a file name and a glob pattern */
	for (const char *p = id; *p && n < 32; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z'))
			tag[n++] = *p;
	if (!n)
		tag[n++] = '0';
	tag[n] = '\0';
}

/*
 * The version of the cache file `path` of this store's (tag) engine of
 * `year`, or -1 if it is not one: another year's, another store's, a
 * name from before store ids, or a file still being written.
 */
static int64_t cache_version(struct store *st, const char *path, int year,
			     const char *tag)
{
	const char *name = path + strlen(store_path(st));
	char other[40];
	long long v;
	int y, end = 0;

	if (sscanf(name, ".engine-%d-%lld-%39[0-9a-z]%n", &y, &v, other,
		   &end) != 3 || name[end] || y != year || strcmp(other, tag) ||
	    v < 0)
		return -1;
	return v;
}

/*
 * The newest cache of `year` at most `version`: its path into path[] and
 * its version, or -1 if there is none.
 */
static int64_t newest_cache(struct store *st, int year, int64_t version,
			    char *path, size_t n)
{
	char pattern[4200], tag[40];
	int64_t best = -1;
	glob_t g;

	store_tag(st, tag);
	snprintf(pattern, sizeof(pattern), "%s.engine-%d-*-%s", store_path(st),
		 year, tag);
	if (glob(pattern, GLOB_NOSORT, NULL, &g))
		return -1;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		int64_t v = cache_version(st, g.gl_pathv[i], year, tag);

		if (v < 0 || v > version || v <= best)
			continue;
		best = v;
		snprintf(path, n, "%s", g.gl_pathv[i]);
	}
	globfree(&g);
	return best;
}

void engine_cache_save(const struct engine *e, struct store *st,
		       int64_t version)
{
	struct error ignored = ERROR_INIT;
	char path[4200], tmp[4300], pattern[4200], tag[40];
	glob_t old;

	store_tag(st, tag);
	snprintf(path, sizeof(path), "%s.engine-%d-%" PRId64 "-%s",
		 store_path(st), e->year, version, tag);
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	/*
	 * Made with the store's file mode before engine_save() writes it
	 * (keeping the mode), so the umask never leaves a cache of
	 * children's marks readable by others (store/files.h).
	 */
	unlink(tmp);
	if (store_file_create(tmp, store_path(st), &ignored) ||
	    engine_save(e, tmp, &ignored) || rename(tmp, path)) {
		unlink(tmp);
		return;
	}
	/*
	 * Older versions, another store's, and the names before store ids;
	 * not a newer version another process has just written.
	 */
	snprintf(pattern, sizeof(pattern), "%s.engine-%d-*", store_path(st),
		 e->year);
	if (!glob(pattern, GLOB_NOSORT, NULL, &old)) {
		for (size_t i = 0; i < old.gl_pathc; i++)
			if (strcmp(old.gl_pathv[i], path) &&
			    !strstr(old.gl_pathv[i], ".tmp") &&
			    cache_version(st, old.gl_pathv[i], e->year, tag) <= version)
				unlink(old.gl_pathv[i]);
		globfree(&old);
	}
}

int engine_open(struct engine **out, struct store *st, int year,
		int64_t *version, struct error *err)
{
	struct error ignored = ERROR_INIT;
	sqlite3 *db = store_db(st);
	int own_txn = sqlite3_get_autocommit(db), rc = 0;
	char path[4200];
	int64_t v, cached;

	*out = NULL;
	/* one read transaction: the version and the data agree */
	if (own_txn && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL))
		return error_set(err, ERROR_INTERNAL, "engine: %s",
				 sqlite3_errmsg(db));
	v = store_version(st);
	cached = v < 0 ? -1 : newest_cache(st, year, v, path, sizeof(path));
	if (cached >= 0 && (engine_read(out, path, &ignored) ||
			    (*out)->year != year)) {
		engine_free(*out);
		*out = NULL;
		cached = -1;
	}
	if (cached < 0)
		rc = engine_load(out, st, year, err);
	else if (cached < v && engine_refresh(*out, st, cached, err)) {
		engine_free(*out);
		*out = NULL;
		rc = -1;
	}
	if (own_txn)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc)
		return -1;
	if (v >= 0 && cached != v)
		engine_cache_save(*out, st, v);
	if (version)
		*version = v;
	return 0;
}
