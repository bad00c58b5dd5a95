#include "web/snapshot.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct snapshot *current;

static void copy_text(char *dst, size_t n, sqlite3_stmt *stmt, int col)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);
	snprintf(dst, n, "%s", s ? s : "");
}

static enum flag text_flag(const char *s)
{
	enum flag f = FLAG_UNKNOWN;
	flag_parse(s, strlen(s), &f);
	return f;
}

/*
 * Names and cohorts of every row; index and max_id map enrolment ids to
 * rows (roll_report_index()).
 */
static int load_info(struct store *st, struct snapshot *s,
		     const uint32_t *index, int64_t max_id, struct error *e)
{
	sqlite3_stmt *stmt;

	s->info = xcalloc(s->roll.nr_rows ? s->roll.nr_rows : 1, sizeof(*s->info));
	if (sqlite3_prepare_v2(store_db(st),
			"SELECT e.id, p.id, p.surname, p.forename, e.year_group, "
			"p.fsm, p.early_help, p.sen, p.social_care, p.postcode "
			"FROM enrolment e JOIN pupil p ON p.id = e.pupil_id",
			-1, &stmt, NULL))
		return store_sqlite_error(st, e, "snapshot");
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		struct pupil_info *p;
		const char *t;
		uint32_t i;

		if (id > max_id || (i = index[id]) == UINT32_MAX)
			continue;
		p = &s->info[i];
		p->pupil_id = sqlite3_column_int64(stmt, 1);
		copy_text(p->surname, sizeof(p->surname), stmt, 2);
		copy_text(p->forename, sizeof(p->forename), stmt, 3);
		copy_text(p->year_group, sizeof(p->year_group), stmt, 4);
		p->fsm = text_flag((const char *)sqlite3_column_text(stmt, 5));
		p->early_help = text_flag((const char *)sqlite3_column_text(stmt, 6));
		t = (const char *)sqlite3_column_text(stmt, 7);
		sen_parse(t, strlen(t), &p->sen);
		t = (const char *)sqlite3_column_text(stmt, 8);
		social_care_parse(t, strlen(t), &p->care);
		copy_text(p->postcode, sizeof(p->postcode), stmt, 9);
		p->csa = s->roll.rows[i].dob != DAY_NONE &&
			 compulsory_school_age(s->roll.rows[i].dob, s->year);
	}
	sqlite3_finalize(stmt);
	return 0;
}

/*
 * Everything below reads the marks through the analytics engine
 * (engine/engine.h): this year's and last year's registers loaded once,
 * then each figure is one pass of the engine over them.
 */

static void add_codes(uint32_t *codes, uint32_t (*h)[CODE_SLOTS])
{
	for (int k = 0; k < 4; k++)
		for (int m = 0; m < CODE_SLOTS; m++)
			codes[m] += h[k][m];
	memset(h, 0, 4 * sizeof(*h));
}

/*
 * Sessions with each code, per school.  Four histograms taken in turn,
 * so that a run of the same mark does not wait on one counter; they are
 * added to the school's when the rows move on to another school (rows
 * come mostly a school at a time).
 */
static void count_codes(struct snapshot *s, const struct engine *en,
			const uint32_t *row)
{
	uint32_t h[4][CODE_SLOTS];
	size_t school = SIZE_MAX;

	memset(h, 0, sizeof(h));
	for (size_t i = 0; i < en->nr_rows; i++) {
		const mark_t *m = engine_row_marks(en, i);
		size_t c = 0;

		if (row[i] == UINT32_MAX)
			continue;
		if (s->roll.rows[row[i]].school != school) {
			if (school != SIZE_MAX)
				add_codes(s->codes[school], h);
			school = s->roll.rows[row[i]].school;
		}
		for (; c + 4 <= en->nr_cols; c += 4) {
			h[0][m[c] & (CODE_SLOTS - 1)]++;
			h[1][m[c + 1] & (CODE_SLOTS - 1)]++;
			h[2][m[c + 2] & (CODE_SLOTS - 1)]++;
			h[3][m[c + 3] & (CODE_SLOTS - 1)]++;
		}
		for (; c < en->nr_cols; c++)
			h[0][m[c] & (CODE_SLOTS - 1)]++;
	}
	if (school != SIZE_MAX)
		add_codes(s->codes[school], h);
}

/* Weekly absence through the year and code use, per school. */
static int load_weeks(struct snapshot *s, const struct engine *en,
		      const uint32_t *row, struct error *e)
{
	struct engine_sums *sums = xcalloc(en->nr_schools * ENGINE_WEEKS + 1,
					   sizeof(*sums));
	long *school = xmalloc((en->nr_schools + 1) * sizeof(*school));

	s->first_monday = engine_week_monday(en, 0);
	s->nr_weeks = (academic_year_end(s->year) - s->first_monday) / 7 + 1;
	if (s->nr_weeks > SNAPSHOT_WEEKS)
		s->nr_weeks = SNAPSHOT_WEEKS;
	s->weeks = xcalloc(s->roll.nr_schools * SNAPSHOT_WEEKS + 1,
			   sizeof(*s->weeks));
	s->codes = xcalloc(s->roll.nr_schools + 1, sizeof(*s->codes));
	if (engine_weekly(en, NULL, sums, NULL, e)) {
		free(sums);
		free(school);
		return -1;
	}
	for (size_t k = 0; k < en->nr_schools; k++) {
		school[k] = snapshot_school(s, en->school_urn[k]);
		for (int w = 0; school[k] >= 0 && w < s->nr_weeks; w++) {
			struct week_sum *ws = &s->weeks[school[k] * SNAPSHOT_WEEKS + w];
			ws->possible = (uint32_t)sums[k * ENGINE_WEEKS + w].possible;
			ws->absent = (uint32_t)sums[k * ENGINE_WEEKS + w].absent;
		}
	}
	count_codes(s, en, row);
	free(sums);
	free(school);
	return 0;
}

/*
 * Each row's measures as they stood a week before the latest mark (`day`,
 * DAY_NONE if there is none).
 */
static int load_before(struct snapshot *s, const struct engine *en,
		       const uint32_t *row, day_t day, struct error *e)
{
	struct measure *m;
	struct engine_filter f = { 0, 0, 0 };

	s->before = xcalloc(s->roll.nr_rows + 1, sizeof(*s->before));
	if (day == DAY_NONE || day - 7 < academic_year_start(s->year) ||
	    (f.slot_to = engine_slot_to(en, day - 7)) == 0)
		return 0;
	m = xcalloc(en->nr_rows + 1, sizeof(*m));
	if (engine_measures(en, &f, m, NULL, e)) {
		free(m);
		return -1;
	}
	for (size_t i = 0; i < en->nr_rows; i++)
		if (row[i] != UINT32_MAX)
			s->before[row[i]] = m[i];
	free(m);
	return 0;
}

/*
 * Forecasts from the marks up to the latest one (`day`, DAY_NONE if
 * none), when the year before has enough to fit on; without it the pages
 * simply show none.  max_id is the roll's largest enrolment id.
 */
static void load_forecast(struct snapshot *s, const struct engine *cur,
			  const struct engine *last, const uint32_t *row,
			  int64_t max_id, day_t day)
{
	struct error ignored = ERROR_INIT;
	float *p_pa, *p_sa;
	char (*upn)[14];

	s->p_pa = xmalloc((s->roll.nr_rows + 1) * sizeof(*s->p_pa));
	s->p_sa = xmalloc((s->roll.nr_rows + 1) * sizeof(*s->p_sa));
	for (size_t i = 0; i < s->roll.nr_rows; i++)
		s->p_pa[i] = s->p_sa[i] = -1;
	if (!last || day == DAY_NONE || academic_year_of(day) != s->year)
		return;
	/* The roll holds every enrolment: their UPNs, by id, for the split. */
	upn = xcalloc((size_t)max_id + 1, sizeof(*upn));
	for (size_t i = 0; i < s->roll.nr_rows; i++)
		memcpy(upn[s->roll.rows[i].enrolment_id], s->roll.rows[i].upn,
		       sizeof(*upn));
	p_pa = xmalloc((cur->nr_rows + 1) * sizeof(*p_pa));
	p_sa = xmalloc((cur->nr_rows + 1) * sizeof(*p_sa));
	if (!forecast_train_engine(last, (const char (*)[14])upn, max_id, day,
				   &s->forecast, &s->forecast_check, &ignored) &&
	    !forecast_apply_engine(cur, day, &s->forecast, p_pa, p_sa, &ignored)) {
		for (size_t i = 0; i < cur->nr_rows; i++)
			if (row[i] != UINT32_MAX) {
				s->p_pa[row[i]] = p_pa[i];
				s->p_sa[row[i]] = p_sa[i];
			}
		s->has_forecast = true;
	}
	free(upn);
	free(p_pa);
	free(p_sa);
}

static bool year_has_marks(struct store *st, int year)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT 1 FROM marks WHERE id "
					"BETWEEN ? AND ? LIMIT 1", NULL);
	bool any;

	if (!q)
		return true;	/* let engine_load say what is wrong */
	sqlite3_bind_int64(q, 1, marks_rowid(year, 0));
	sqlite3_bind_int64(q, 2, marks_rowid(year, 0xffffffffLL));
	any = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_reset(q);
	return any;
}

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
 * the year before); call with held_lock.
 */
static struct engine *held_engine(struct store *st, int slot, int year,
				  int64_t version, struct error *e)
{
	struct held *h = &held[slot];

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

/*
 * Figures from the engines: cur, this year's; index and max_id map
 * enrolment ids to the roll's rows; day: the latest mark.
 */
static int load_engines(struct store *st, struct snapshot *s,
			const struct engine *cur, const uint32_t *index,
			int64_t max_id, day_t day, struct error *e)
{
	const struct engine *last = NULL;
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	uint32_t *row;
	int rc = -1;

	/* Without last year's marks there is nothing to compare or fit on. */
	if (year_has_marks(st, s->year - 1) &&
	    !(last = held_engine(st, 1, s->year - 1, s->version, e)))
		return -1;
	row = engine_map_rows(cur, index, max_id);
	if (load_weeks(s, cur, row, e) || load_before(s, cur, row, day, e) ||
	    (last && engine_authority(last, &headline, &s->last_year, e)))
		goto out;
	load_forecast(s, cur, last, row, max_id, day);
	rc = 0;
out:
	free(row);
	return rc;
}

/* The largest enrolment id, and a hash of the schools. */
static void roll_signature(struct store *st, struct snapshot *s)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT coalesce(max(id), 0) "
					"FROM enrolment", NULL);
	uint64_t h = 1469598103934665603ULL;

	s->max_enrolment = -1;
	if (q && sqlite3_step(q) == SQLITE_ROW)
		s->max_enrolment = sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	q = store_prepare(st, "SELECT id, urn, name, phase FROM school "
			  "ORDER BY urn", NULL);
	while (q && sqlite3_step(q) == SQLITE_ROW)
		for (int c = 0; c < 4; c++) {
			const unsigned char *t = sqlite3_column_text(q, c);

			for (; t && *t; t++)
				h = (h ^ *t) * 1099511628211ULL;
			h = (h ^ 0xff) * 1099511628211ULL;
		}
	if (q)
		sqlite3_reset(q);
	s->schools_hash = h;
}

/*
 * Whether the roll and what the pages show of each pupil (names, UPN,
 * school, year group, cohorts) are as they were in prev: no new
 * enrolment or school, and nothing stamped (migration 6) with prev's
 * version or later.  Then a build after an import of marks copies them
 * rather than reading a million pupils again.
 */
static bool roll_unchanged(struct store *st, const struct snapshot *prev,
			   const struct snapshot *s)
{
	sqlite3_stmt *q;
	bool same = false;

	if (!prev || prev->year != s->year || prev->max_enrolment < 0 ||
	    prev->max_enrolment != s->max_enrolment ||
	    prev->schools_hash != s->schools_hash)
		return false;
	q = store_prepare(st, "SELECT EXISTS (SELECT 1 FROM pupil INDEXED BY "
			  "pupil_import WHERE import_id >= ?1) OR EXISTS (SELECT 1 "
			  "FROM enrolment INDEXED BY enrolment_import WHERE "
			  "import_id >= ?1)", NULL);
	if (!q)
		return false;
	sqlite3_bind_int64(q, 1, store_stamp_from(prev->version));
	if (sqlite3_step(q) == SQLITE_ROW)
		same = sqlite3_column_int(q, 0) == 0;
	sqlite3_reset(q);
	return same;
}

/* The roll and the pupils' details: prev's, or read from the store. */
static int load_roll(struct store *st, struct snapshot *s,
		     const struct snapshot *prev, const struct engine *cur,
		     const struct period *p, struct error *e)
{
	uint32_t *index;
	int64_t max_id;
	int rc;

	if (roll_unchanged(st, prev, s)) {
		roll_report_copy(&s->roll, &prev->roll);
		s->roll.period = *p;
		s->info = xmalloc((prev->roll.nr_rows + 1) * sizeof(*s->info));
		memcpy(s->info, prev->info, prev->roll.nr_rows * sizeof(*s->info));
		return roll_report_measure(&s->roll, cur, e);
	}
	if (report_enrolments_engine(st, cur, p, 0, &s->roll, e))
		return -1;
	index = roll_report_index(&s->roll, &max_id);
	rc = load_info(st, s, index, max_id, e);
	free(index);
	return rc;
}

/*
 * Called with held_lock, inside one read transaction; prev: the
 * snapshot in use, or NULL.
 */
static int build(struct store *st, struct snapshot *s,
		 const struct snapshot *prev, struct error *e)
{
	const struct engine *cur;
	struct period p;
	uint32_t *index;
	int64_t max_id;
	day_t latest;
	int rc;

	s->version = store_version(st);
	roll_signature(st, s);
	if (report_default_period(st, &p, e))
		return -1;
	s->year = academic_year_of(p.from);
	if (!(cur = held_engine(st, 0, s->year, s->version, e)) ||
	    load_roll(st, s, prev, cur, &p, e))
		return -1;
	if (report_latest_mark(st, &latest))
		latest = DAY_NONE;
	index = roll_report_index(&s->roll, &max_id);
	rc = load_engines(st, s, cur, index, max_id, latest, e);
	free(index);
	if (rc || report_missing_registers_engine(st, cur, latest == DAY_NONE ?
						  date_today() : latest,
						  &s->missing, &s->nr_missing,
						  &s->with_calendar, e))
		return -1;
	return 0;
}

struct snapshot *snapshot_build(struct store *st, struct error *e)
{
	struct snapshot *s = xcalloc(1, sizeof(*s)), *prev;
	sqlite3 *db = store_db(st);
	int own_txn = sqlite3_get_autocommit(db), rc;

	s->refs = 1;
	pthread_mutex_init(&s->fragment_lock, NULL);
	pthread_mutex_lock(&lock);
	if ((prev = current))
		prev->refs++;
	pthread_mutex_unlock(&lock);
	pthread_mutex_lock(&held_lock);
	if (own_txn && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL)) {
		store_sqlite_error(st, e, "snapshot");
		rc = -1;
	} else {
		rc = build(st, s, prev, e);
		if (own_txn)
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	pthread_mutex_unlock(&held_lock);
	web_snapshot_put(prev);
	if (rc)
		goto fail;
	for (size_t i = 0; i < s->roll.nr_schools; i++)
		for (size_t m = 1; m < code_count; m++) {
			s->authority_codes[m] += s->codes[i][m];
			s->authority_coded += s->codes[i][m];
		}
	if (s->last_year.enrolments) {
		struct error ignored = ERROR_INIT;
		/* No DfE table imported is not an error: nothing to compare. */
		s->has_compare = !report_compare(st, &s->last_year, 0,
						 &s->compare, &ignored);
	}
	s->school = xcalloc(s->roll.nr_schools + 1, sizeof(*s->school));
	report_school_tallies(&s->roll, false, s->school);
	for (size_t i = 0; i < s->roll.nr_schools; i++)
		tally_merge(&s->authority, &s->school[i]);
	s->school_first = xcalloc(s->roll.nr_schools + 1, sizeof(*s->school_first));
	for (size_t i = 0, row = 0; i <= s->roll.nr_schools; i++) {
		while (row < s->roll.nr_rows && s->roll.rows[row].school < i)
			row++;
		s->school_first[i] = row;
	}
	return s;
fail:
	snapshot_free(s);
	return NULL;
}

void snapshot_free(struct snapshot *s)
{
	if (!s)
		return;
	roll_report_release(&s->roll);
	free(s->info);
	free(s->before);
	free(s->school);
	free(s->weeks);
	free(s->codes);
	free(s->missing);
	free(s->school_first);
	free(s->p_pa);
	free(s->p_sa);
	for (size_t i = 0; i < SNAPSHOT_FRAGMENTS; i++) {
		free(s->fragment[i].key);
		free(s->fragment[i].text);
	}
	pthread_mutex_destroy(&s->fragment_lock);
	free(s);
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

bool snapshot_fragment_get(struct snapshot *s, const char *key,
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

void snapshot_fragment_put(struct snapshot *s, const char *key,
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

long snapshot_school(const struct snapshot *s, int32_t urn)
{
	size_t lo = 0, hi = s->roll.nr_schools;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->roll.schools[mid].urn < urn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->roll.nr_schools && s->roll.schools[lo].urn == urn ?
		(long)lo : -1;
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
		fprintf(stderr, "attend serve: figures refreshed to import %lld "
			"in %ld ms\n", (long long)s->version, last_build_ms);
		snapshot_install(s);
	} else {
		failed_version = version;
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

void web_fragment(struct request *r, struct snapshot *s, const char *key,
		  fragment_fn *render, long arg)
{
	size_t start = r->out.len;

	if (snapshot_fragment_get(s, key, &r->out))
		return;
	render(r, s, arg);
	snapshot_fragment_put(s, key, r->out.buf + start, r->out.len - start);
}
