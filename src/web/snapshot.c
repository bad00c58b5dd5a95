/*
 * Publishing the figures: the current snapshot and its references, the
 * rebuild after an import, the engines kept from one build to the next,
 * and the cache of rendered fragments.
 */
#include "web/snapshot.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/engine.h"
#include "util/strbuf.h"

/* A piece of a page rendered from the figures (see web_fragment). */
struct fragment {
	char *key;
	char *text;
	size_t len;
};

#define SNAPSHOT_FRAGMENTS 512	/* slots; at most half are filled */

struct snapshot {
	int refs;
	int64_t version;		/* the figures' */
	struct timespec built;		/* CLOCK_MONOTONIC, when they were */
	struct figures *fig;
	pthread_mutex_t fragment_lock;
	struct fragment fragment[SNAPSHOT_FRAGMENTS];	/* open addressing */
	size_t nr_fragments;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct snapshot *current;

/*
 * The engines of this year and last are kept from one build to the next
 * and brought up to date with engine_refresh(), which reads only the
 * marks blobs written by the imports since: an import costs what it
 * brought, not the authority's size.  The first comes from the cache file
 * beside the store (engine_open()), which each build writes again.  Builds
 * run one at a time (web_snapshot_start(), then one rebuild thread at a
 * time); held_lock makes sure of it.
 */
static pthread_mutex_t held_lock = PTHREAD_MUTEX_INITIALIZER;
static struct held {
	struct engine *e;
	int64_t version;	/* the store version it reflects */
	int64_t saved;		/* the version of its cache file */
} held[2];

/*
 * The engine of `year` at `version` in held[slot] (0: the year shown, 1:
 * the year before), for figures_build(); call with held_lock.
 */
static const struct engine *held_engine(void *ctx, struct store *st, int slot,
					int year, int64_t version,
					struct error *e)
{
	struct held *h = &held[slot];

	(void)ctx;
	if (h->e && h->e->year == year) {
		if (h->version == version)
			return h->e;
		if (!engine_refresh(h->e, st, h->version, e)) {
			h->version = version;
			return h->e;	/* its cache: held_save(), later */
		}
	}
	engine_free(h->e);
	h->e = NULL;
	if (engine_open(&h->e, st, year, &h->version, e))
		return NULL;
	h->saved = h->version;
	return h->e;
}

/*
 * Writes the cache of each engine refreshed since its cache was written,
 * so the next start (and the CLI's reports) begin from it.  Called after
 * the new figures are in use: writing 400 MB for a million pupils need
 * not hold them up.
 */
static void held_save(struct store *st)
{
	pthread_mutex_lock(&held_lock);
	for (int i = 0; i < 2; i++)
		if (held[i].e && held[i].saved != held[i].version) {
			engine_cache_save(held[i].e, st, held[i].version);
			held[i].saved = held[i].version;
		}
	pthread_mutex_unlock(&held_lock);
}

static void snapshot_free(struct snapshot *s)
{
	if (!s)
		return;
	figures_free(s->fig);
	for (size_t i = 0; i < SNAPSHOT_FRAGMENTS; i++) {
		free(s->fragment[i].key);
		free(s->fragment[i].text);
	}
	pthread_mutex_destroy(&s->fragment_lock);
	free(s);
}

static struct snapshot *snapshot_build(struct store *st, struct error *e)
{
	struct snapshot *s = xcalloc(1, sizeof(*s)), *prev;
	int rc;

	s->refs = 1;
	pthread_mutex_init(&s->fragment_lock, NULL);
	pthread_mutex_lock(&lock);
	if ((prev = current))
		prev->refs++;
	pthread_mutex_unlock(&lock);
	pthread_mutex_lock(&held_lock);
	rc = figures_build(&s->fig, st, held_engine, NULL,
			   prev ? prev->fig : NULL, e);
	pthread_mutex_unlock(&held_lock);
	web_snapshot_put(prev);
	if (rc) {
		snapshot_free(s);
		return NULL;
	}
	s->version = s->fig->version;
	clock_gettime(CLOCK_MONOTONIC, &s->built);
	return s;
}

static size_t fragment_slot(const struct snapshot *s, const char *key)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (const char *k = key; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	i = (size_t)(h ^ (h >> 29)) & (SNAPSHOT_FRAGMENTS - 1);
	while (s->fragment[i].key && strcmp(s->fragment[i].key, key))
		i = (i + 1) & (SNAPSHOT_FRAGMENTS - 1);
	return i;
}

/*
 * Rendered pieces of pages that depend only on the figures and the key
 * (never on who asks): found returns a copy appended to out and true;
 * put keeps text under key unless the table is full or has it already.
 */
static bool fragment_get(struct snapshot *s, const char *key,
			 struct strbuf *out)
{
	const struct fragment *f;
	bool found;

	pthread_mutex_lock(&s->fragment_lock);
	f = &s->fragment[fragment_slot(s, key)];
	found = f->key != NULL;
	/* Entries never change once made, but copy under the lock anyway. */
	if (found)
		strbuf_add(out, f->text, f->len);
	pthread_mutex_unlock(&s->fragment_lock);
	return found;
}

static void fragment_put(struct snapshot *s, const char *key,
			 const char *text, size_t len)
{
	struct fragment *f;

	pthread_mutex_lock(&s->fragment_lock);
	f = &s->fragment[fragment_slot(s, key)];
	if (!f->key && 2 * (s->nr_fragments + 1) <= SNAPSHOT_FRAGMENTS) {
		f->key = xstrdup(key);
		f->text = xmalloc(len + 1);
		memcpy(f->text, text, len);
		f->text[len] = '\0';
		f->len = len;
		s->nr_fragments++;
	}
	pthread_mutex_unlock(&s->fragment_lock);
}

/*
 * The current snapshot is replaced when an import lands.  Only the first
 * one is built while requests wait.  Later ones are built on a thread of
 * their own with its own connection, and requests go on with the snapshot
 * they have meanwhile: pages never wait for a rebuild.  A request waits
 * for it only if the last build took under SNAPSHOT_WAIT_MS, so small
 * authorities see an import's figures at once.
 */
#define SNAPSHOT_WAIT_MS 1000

static pthread_cond_t built = PTHREAD_COND_INITIALIZER;
static int building;		/* a rebuild is running */
static int64_t failed_version = -1;	/* a rebuild of it failed: not again */
static long last_build_ms;
static char *snapshot_db_path;
/* For the monitoring (web_snapshot_status), under the lock. */
static uint64_t builds, build_failures, build_ms_total;

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Makes s current (called with the lock held). */
static void snapshot_install(struct snapshot *s)
{
	if (current && current->version >= s->version) {
		if (--s->refs == 0)
			snapshot_free(s);
		return;
	}
	if (current && --current->refs == 0)
		snapshot_free(current);
	current = s;
}

static void *rebuild_main(void *data)
{
	struct error e = ERROR_INIT;
	struct snapshot *s = NULL;
	struct store *st;
	struct timespec t0;
	int64_t version = (int64_t)(intptr_t)data;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!store_open(&st, snapshot_db_path, STORE_READ, &e))
		s = snapshot_build(st, &e);
	else
		st = NULL;
	if (!s)
		fprintf(stderr, "attend serve: figures not refreshed: %s\n", e.msg);
	pthread_mutex_lock(&lock);
	if (s) {
		last_build_ms = ms_since(&t0);
		builds++;
		build_ms_total += (uint64_t)last_build_ms;
		fprintf(stderr, "attend serve: figures refreshed to import %lld "
			"in %ld ms\n", (long long)s->version, last_build_ms);
		snapshot_install(s);
	} else {
		failed_version = version;
		build_failures++;
	}
	building = 0;
	pthread_cond_broadcast(&built);
	pthread_mutex_unlock(&lock);
	if (st) {
		held_save(st);
		store_close(st);
	}
	return NULL;
}

int web_snapshot_start(struct store *st, const char *db_path, struct error *e)
{
	struct timespec t0;
	struct snapshot *s;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	s = snapshot_build(st, e);
	if (!s)
		return -1;
	pthread_mutex_lock(&lock);
	free(snapshot_db_path);
	snapshot_db_path = xstrdup(db_path);
	last_build_ms = ms_since(&t0);
	builds = 1;
	build_failures = 0;
	build_ms_total = (uint64_t)last_build_ms;
	fprintf(stderr, "attend serve: figures of import %lld in %ld ms\n",
		(long long)s->version, last_build_ms);
	snapshot_install(s);
	pthread_mutex_unlock(&lock);
	return 0;
}

struct snapshot *web_snapshot(struct request *r)
{
	int64_t version;

	if (r->snap)
		return r->snap;
	version = store_version(r->st);
	pthread_mutex_lock(&lock);
	/* web_snapshot_start made the first one before any request. */
	if (current->version != version) {
		pthread_t t;

		if (!building && version != failed_version &&
		    !pthread_create(&t, NULL, rebuild_main,
				    (void *)(intptr_t)version)) {
			pthread_detach(t);
			building = 1;
		}
		if (building && last_build_ms < SNAPSHOT_WAIT_MS) {
			struct timespec until;

			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += SNAPSHOT_WAIT_MS / 1000 + 1;
			while (building && pthread_cond_timedwait(&built, &lock,
								  &until) == 0)
				;
		}
	}
	current->refs++;
	r->snap = current;
	pthread_mutex_unlock(&lock);
	return r->snap;
}

void web_snapshot_status(struct snapshot_status *out)
{
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&lock);
	if (current) {
		out->version = current->version;
		out->age_ms = ms_since(&current->built);
	}
	out->building = building != 0;
	out->last_build_ms = last_build_ms;
	out->builds = builds;
	out->failures = build_failures;
	out->build_ms_total = build_ms_total;
	pthread_mutex_unlock(&lock);
}

void web_snapshot_put(struct snapshot *s)
{
	int last;

	if (!s)
		return;
	pthread_mutex_lock(&lock);
	last = --s->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last)
		snapshot_free(s);
}

const struct figures *web_figures(struct request *r)
{
	struct snapshot *s = web_snapshot(r);

	return s ? s->fig : NULL;
}

void web_fragment(struct request *r, const char *key, fragment_fn *render,
		  long arg)
{
	struct snapshot *s = r->snap;
	size_t start = r->out.len;

	if (fragment_get(s, key, &r->out))
		return;
	render(r, s->fig, arg);
	fragment_put(s, key, r->out.buf + start, r->out.len - start);
}
