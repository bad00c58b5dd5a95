/*
 * The engine's queries: each runs a kernel (engine_kernel.c) over the
 * rows on every thread, chunk by chunk, into the thread's own partial
 * result, and merges the partials.
 */
#include "engine/engine_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/penalty.h"
#include "util/strbuf.h"

/* Rows handed to a kernel at a time: their counts stay in L1. */
#define BLOCK 512
/* Below this many rows a second thread costs more than it saves. */
#define ROWS_PER_THREAD_MIN 2048
#define THREADS_MAX 16

/* ---- the span of a filter -------------------------------------------- */

static int span_of(const struct engine *e, const struct engine_filter *f,
		   struct span *sp, struct error *err)
{
	int limit = academic_year_slots(e->year), from = 0, to = limit;
	size_t c;

	if (f && (f->slot_from || f->slot_to)) {
		from = f->slot_from;
		to = f->slot_to;
		if (from < 0 || to > limit || from > to)
			return error_set(err, ERROR_INPUT, "engine: slots %d..%d "
					 "are not a range of the year (0..%d)",
					 from, to, limit);
	}
	memset(sp, 0, sizeof(*sp));
	for (c = 0; c < e->nr_cols && e->col_slot[c] < from; c++)
		;
	sp->c0 = c;
	for (; c < e->nr_cols && e->col_slot[c] < to; c++)
		;
	sp->c1 = c;
	if (sp->c0 == sp->c1)
		return 0;
	sp->v0 = sp->c0 / ENGINE_VECTOR;
	sp->v1 = (sp->c1 + ENGINE_VECTOR - 1) / ENGINE_VECTOR;
	for (size_t l = 0; l < ENGINE_VECTOR; l++) {
		sp->head[l] = sp->v0 * ENGINE_VECTOR + l >= sp->c0 ? 0xff : 0;
		sp->tail[l] = (sp->v1 - 1) * ENGINE_VECTOR + l < sp->c1 ? 0xff : 0;
	}
	return 0;
}


/* ---- threads ----------------------------------------------------------- */

/*
 * Rows are handed out in chunks from a shared counter rather than split
 * in fixed halves: on a machine whose cores are shared with other work,
 * a thread that is scheduled out for a moment no longer holds the whole
 * query back, and on a quiet one it comes to the same thing.
 */

struct parts {
	void (*fn)(void *job, size_t lo, size_t hi);
	atomic_size_t next;
	size_t rows, chunk;
};

struct part {
	struct parts *all;
	void *job;
};

static void *part_run(void *arg)
{
	struct part *p = arg;
	struct parts *all = p->all;

	for (;;) {
		size_t lo = atomic_fetch_add(&all->next, all->chunk);

		if (lo >= all->rows)
			return NULL;
		all->fn(p->job, lo, all->rows - lo < all->chunk ? all->rows :
			lo + all->chunk);
	}
}

static size_t thread_count(const struct engine *e)
{
	size_t n = e->threads > 0 ? (size_t)e->threads : 1;

	if (n > THREADS_MAX)
		n = THREADS_MAX;
	while (n > 1 && e->nr_rows / n < ROWS_PER_THREAD_MIN)
		n--;
	return n;
}

/* What a query's threads share: the engine, its columns and its rows. */
struct query {
	const struct engine *e;
	struct span sp;
	uint16_t flags;		/* rows must have all of these */
	size_t threads;
};

static int query_init(struct query *q, const struct engine *e,
		      const struct engine_filter *f, struct error *err)
{
	q->e = e;
	q->flags = f ? f->flags : 0;
	q->threads = thread_count(e);
	return span_of(e, f, &q->sp, err);
}

/*
 * Runs fn(jobs + t * job_size, lo, hi) over every row, in chunks, on the
 * query's threads (the first being the caller's); each thread has its
 * own job, so its own partial result.
 */
static void run_parts(const struct query *q, void *jobs, size_t job_size,
		      void (*fn)(void *, size_t, size_t))
{
	const struct engine *e = q->e;
	size_t n = q->threads;
	struct parts all;
	struct part part[THREADS_MAX];
	pthread_t thread[THREADS_MAX];
	int started[THREADS_MAX] = { 0 };

	all.fn = fn;
	atomic_init(&all.next, 0);
	all.rows = e->nr_rows;
	all.chunk = e->chunk_rows ? e->chunk_rows : 16384;
	for (size_t t = 0; t < n; t++) {
		part[t].all = &all;
		part[t].job = (char *)jobs + t * job_size;
	}
	for (size_t t = 1; t < n; t++)
		started[t] = !pthread_create(&thread[t], NULL, part_run, &part[t]);
	part_run(&part[0]);
	for (size_t t = 1; t < n; t++)
		if (started[t])
			pthread_join(thread[t], NULL);
}

/* run_parts() with a copy of *job (job_size bytes) for each thread. */
static void run_copies(const struct query *q, void *jobs, const void *job,
		       size_t job_size, void (*fn)(void *, size_t, size_t))
{
	for (size_t t = 0; t < q->threads; t++)
		memcpy((char *)jobs + t * job_size, job, job_size);
	run_parts(q, jobs, job_size, fn);
}

/* ---- per-enrolment measures and bands ------------------------------- */

struct measures_job {
	const struct query *q;
	struct measure *m;
	uint8_t *band;
};

static void measures_part(void *vjob, size_t lo, size_t hi)
{
	struct measures_job *j = vjob;
	const struct engine *e = j->q->e;
	const struct span *sp = &j->q->sp;
	const uint16_t flags = j->q->flags;
	const int8_t t[4] = {
		threshold_byte(T_POSSIBLE), threshold_byte(T_ABSENT),
		threshold_byte(T_UNAUTHORISED), threshold_byte(T_MARKED),
	};
	uint32_t len = (uint32_t)(sp->c1 - sp->c0);
	uint64_t packed[BLOCK];

	for (size_t b = lo; b < hi; b += BLOCK) {
		size_t end = hi - b < BLOCK ? hi : b + BLOCK;

		kernel_count_rows(e, sp, b, end, t, j->m ? 4 : 2, packed);
		for (size_t r = b; r < end; r++) {
			int keep = (e->flags[r] & flags) == flags;
			uint64_t p = keep ? packed[r - b] : 0;
			uint32_t possible = packed_count(p, 0), absent = packed_count(p, 1);

			if (j->m) {
				struct measure *m = &j->m[r];
				uint32_t un = packed_count(p, 2), marked = packed_count(p, 3);

				m->possible = possible;
				m->attendance = possible - absent;
				m->authorised = absent - un;
				m->unauthorised = un;
				m->not_possible = marked - possible;
				m->missing = keep ? len - marked : 0;
			}
			if (j->band)
				j->band[r] = (uint8_t)engine_band(absent, possible);
		}
	}
}

int engine_measures(const struct engine *e, const struct engine_filter *f,
		    struct measure *m, uint8_t *band, struct error *err)
{
	struct query q;
	struct measures_job one = { &q, m, band }, job[THREADS_MAX];

	if (query_init(&q, e, f, err))
		return -1;
	run_copies(&q, job, &one, sizeof(one), measures_part);
	return 0;
}

/* ---- tallies: schools, areas, the authority, cohorts, groups -------- */

enum tally_key { BY_SCHOOL, BY_AREA, BY_NONE, BY_COHORT, BY_GROUPS };

/*
 * Cohorts overlap, so a row is tallied once under its combination of
 * cohort flags (2048 of them, a partial that stays in L2), and the
 * combinations are added into each of their cohorts at the end.
 */
#define COHORT_MASK ((1u << ENGINE_COHORT_COUNT) - 1)

/*
 * Every tally query is a list of groupings: the caller's (BY_GROUPS),
 * or one whose group is the row's school, area, cohort combination, or
 * 0 for all (whose group[] is then unused).
 */
struct tally_job {
	const struct query *q;
	enum tally_key key;
	const struct engine_grouping *g;
	size_t nr;
	struct tally **tally;	/* this thread's partials, one per grouping */
};

static inline void tally_counts(struct tally *t, uint32_t possible,
				uint32_t absent, uint32_t un)
{
	enum band b = engine_band(absent, possible);

	t->enrolments++;
	t->possible += possible;
	t->attendance += possible - absent;
	t->authorised += absent - un;
	t->unauthorised += un;
	t->pa += b >= BAND_PA;	/* 10 * absent >= possible */
	t->sa += b == BAND_SA;	/* 2 * absent >= possible */
	t->band[b]++;
}

static void tally_part(void *vjob, size_t lo, size_t hi)
{
	struct tally_job *j = vjob;
	const struct engine *e = j->q->e;
	const uint16_t flags = j->q->flags;
	struct tally *t0 = j->tally[0];
	const int8_t t[3] = {
		threshold_byte(T_POSSIBLE), threshold_byte(T_ABSENT),
		threshold_byte(T_UNAUTHORISED),
	};
	uint64_t packed[BLOCK];

	for (size_t b = lo; b < hi; b += BLOCK) {
		size_t end = hi - b < BLOCK ? hi : b + BLOCK;

		kernel_count_rows(e, &j->q->sp, b, end, t, 3, packed);
		for (size_t r = b; r < end; r++) {
			uint64_t p = packed[r - b];
			uint32_t possible = packed_count(p, 0);
			uint32_t absent = packed_count(p, 1), un = packed_count(p, 2);

			if (!possible || (e->flags[r] & flags) != flags)
				continue;
			switch (j->key) {
			case BY_SCHOOL:
				tally_counts(&t0[e->school[r]], possible, absent, un);
				break;
			case BY_AREA:
				tally_counts(&t0[e->area[r]], possible, absent, un);
				break;
			case BY_NONE:
				tally_counts(t0, possible, absent, un);
				break;
			case BY_COHORT:	/* by combination of cohorts */
				tally_counts(&t0[e->flags[r] & COHORT_MASK], possible,
					     absent, un);
				break;
			case BY_GROUPS:
				for (size_t k = 0; k < j->nr; k++) {
					uint32_t g = j->g[k].group[r];

					if (g < j->g[k].nr_groups)
						tally_counts(&j->tally[k][g], possible,
							     absent, un);
				}
				break;
			}
		}
	}
}

/*
 * Thread 0 tallies into the callers' arrays, cleared here, the others
 * into their own, added in at the end; cohort combinations are always a
 * partial of their own (engine_cohorts() clears its result).
 */
static int tallies(const struct engine *e, const struct engine_filter *f,
		   enum tally_key key, const struct engine_grouping *g, size_t nr,
		   struct error *err)
{
	struct query q;
	struct tally_job job[THREADS_MAX];
	size_t keys = (size_t)COHORT_MASK + 1;

	for (size_t k = 0; key != BY_COHORT && k < nr; k++)
		memset(g[k].tally, 0, g[k].nr_groups * sizeof(*g[k].tally));
	if (query_init(&q, e, f, err))
		return -1;
	for (size_t t = 0; t < q.threads; t++) {
		job[t].q = &q;
		job[t].key = key;
		job[t].g = g;
		job[t].nr = nr;
		job[t].tally = xcalloc(nr ? nr : 1, sizeof(*job[t].tally));
		for (size_t k = 0; k < nr; k++)
			job[t].tally[k] = key == BY_COHORT ?
				xcalloc(keys, sizeof(struct tally)) : !t ? g[k].tally :
				xcalloc(g[k].nr_groups + 1, sizeof(struct tally));
	}
	run_parts(&q, job, sizeof(job[0]), tally_part);
	for (size_t t = 0; t < q.threads; t++) {
		for (size_t k = 0; k < nr; k++) {
			const struct tally *part = job[t].tally[k];

			if (key == BY_COHORT) {
				for (size_t c = 0; c < keys; c++)
					for (unsigned bits = (unsigned)c; part[c].enrolments &&
					     bits; bits &= bits - 1)
						tally_merge(&g[k].tally[__builtin_ctz(bits)],
							    &part[c]);
			} else if (t) {
				for (size_t i = 0; i < g[k].nr_groups; i++)
					tally_merge(&g[k].tally[i], &part[i]);
			}
			if (t || key == BY_COHORT)
				free(job[t].tally[k]);
		}
		free(job[t].tally);
	}
	return 0;
}

int engine_school_summary(const struct engine *e, const struct engine_filter *f,
			  struct tally *tally, struct error *err)
{
	struct engine_grouping g = { NULL, e->nr_schools, tally };

	return tallies(e, f, BY_SCHOOL, &g, 1, err);
}

int engine_area_summary(const struct engine *e, const struct engine_filter *f,
			struct tally *tally, struct error *err)
{
	struct engine_grouping g = { NULL, e->nr_areas, tally };

	return tallies(e, f, BY_AREA, &g, 1, err);
}

int engine_authority(const struct engine *e, const struct engine_filter *f,
		     struct tally *tally, struct error *err)
{
	struct engine_grouping g = { NULL, 1, tally };

	return tallies(e, f, BY_NONE, &g, 1, err);
}

int engine_cohorts(const struct engine *e, const struct engine_filter *f,
		   struct tally *tally, struct error *err)
{
	struct engine_grouping g = { NULL, ENGINE_COHORT_COUNT, tally };

	memset(tally, 0, ENGINE_COHORT_COUNT * sizeof(*tally));
	return tallies(e, f, BY_COHORT, &g, 1, err);
}

int engine_group_tallies(const struct engine *e, const struct engine_filter *f,
			 const struct engine_grouping *g, size_t nr,
			 struct error *err)
{
	return tallies(e, f, BY_GROUPS, g, nr, err);
}

/* ---- weekly trends and weekday patterns ------------------------------ */

struct sums_job {
	const struct query *q;
	int k;
	const uint8_t *bin;
	size_t nr_bins;
	uint32_t *part;		/* [school][bin][k] */
};

static void sums_part(void *vjob, size_t lo, size_t hi)
{
	struct sums_job *j = vjob;

	kernel_column_sums(j->q->e, &j->q->sp, j->q->flags, lo, hi, j->k, j->bin,
			   j->nr_bins, j->part);
}

static void sums_add(struct engine_sums *to, const struct engine_sums *s)
{
	to->possible += s->possible;
	to->absent += s->absent;
	to->unauthorised += s->unauthorised;
	to->late += s->late;
	to->late_after += s->late_after;
}

static int column_sums(const struct engine *e, const struct engine_filter *f,
		       int k, const uint8_t *bin, size_t nr_bins,
		       struct engine_sums *per_school, struct engine_sums *all,
		       struct error *err)
{
	struct query q;
	struct sums_job job[THREADS_MAX];
	size_t cells = e->nr_schools * nr_bins;

	if (per_school)
		memset(per_school, 0, cells * sizeof(*per_school));
	if (all)
		memset(all, 0, nr_bins * sizeof(*all));
	if (query_init(&q, e, f, err))
		return -1;
	for (size_t t = 0; t < q.threads; t++) {
		job[t].q = &q;
		job[t].k = k;
		job[t].bin = bin;
		job[t].nr_bins = nr_bins;
		job[t].part = xcalloc(cells ? cells * (size_t)k : 1, sizeof(uint32_t));
	}
	run_parts(&q, job, sizeof(job[0]), sums_part);
	for (size_t t = 0; t < q.threads; t++) {
		const uint32_t *p = job[t].part;

		for (size_t cell = 0; cell < cells; cell++, p += k) {
			struct engine_sums s = { p[0], p[1], p[2], 0, 0 };

			if (k > 3) {
				s.late = p[3];
				s.late_after = p[4];
			}
			if (per_school)
				sums_add(&per_school[cell], &s);
			if (all)
				sums_add(&all[cell % nr_bins], &s);
		}
		free(job[t].part);
	}
	return 0;
}

int engine_weekly(const struct engine *e, const struct engine_filter *f,
		  struct engine_sums *per_school, struct engine_sums *all,
		  struct error *err)
{
	return column_sums(e, f, 3, e->col_week, ENGINE_WEEKS, per_school, all,
			   err);
}

int engine_patterns(const struct engine *e, const struct engine_filter *f,
		    struct engine_sums *per_school, struct engine_sums *all,
		    struct error *err)
{
	return column_sums(e, f, 5, e->col_weekday, 7, per_school, all, err);
}

/* ---- the penalty-notice threshold ------------------------------------- */

/*
 * penalty_first_met() walks a row's unauthorised sessions one by one;
 * here most rows are ruled out by their count alone, and the rest are
 * judged week by week.  A week is a run of columns (columns are in slot
 * order), so the kernel hands back, for each row with 10 or more, its
 * count before the first column of every week: below(w).  The sessions
 * in school weeks i-9 .. i are then below(o_i + 1) - below(o_i-9), where
 * o_0, o_1 ... are the school's weeks.  The first i where that reaches
 * 10 holds the session sought: the k-th of week o_i, k being what is
 * still wanting after weeks i-9 .. i-1, and only that week's columns are
 * read again.  It is the session penalty_first_met() finds: every one
 * before it lies in a window of fewer than 10.
 *
 * Weeks with no column inside the span share their cut with the next
 * week, so the kernel counts each distinct cut once: below(w) is
 * below[of_week[w]].  And it passes over rows whose unauthorised
 * sessions are too spread out for any window (penalty_within()).
 *
 * All this rests on every unauthorised mark lying in one of its school's
 * weeks, as engine_set_marks() keeps it; a row with one outside (from a
 * damaged engine file) takes penalty_first_met() over its ordinals, -1
 * for a closed week, as before.
 */
#define PENALTY_CUTS (ENGINE_WEEKS + 1)

struct penalty_cuts {
	uint16_t col[PENALTY_CUTS];	/* distinct cuts, inside the span */
	uint8_t of_week[PENALTY_CUTS];	/* week w starts at col[of_week[w]] */
	size_t nr;
	uint64_t weeks;			/* weeks with a column in the span */
	int ordered;			/* 0: weeks are not runs of columns */
};

/* One school's windows, by ordinal i: below[end[i]] - below[start[i]]. */
struct penalty_school {
	uint32_t school;
	int nr_weeks, nr_runs;
	uint8_t week[ENGINE_WEEKS];		/* o_i */
	uint8_t start[ENGINE_WEEKS];		/* cut of week o_i-9, or of 0 */
	uint8_t mid[ENGINE_WEEKS];		/* cut of week o_i */
	uint8_t end[ENGINE_WEEKS];		/* cut of week o_i + 1 */
	uint8_t run_from[ENGINE_WEEKS], run_to[ENGINE_WEEKS];	/* runs of weeks */
};

struct penalty_job {
	const struct query *q;
	const struct penalty_cuts *cuts;
	const uint8_t *within;	/* [school]: see penalty_within() */
	int16_t *first_met;
	size_t met;
};

static void penalty_school_init(struct penalty_school *ps, uint32_t school,
				uint64_t open, const uint8_t *cut_of)
{
	int n = 0, runs = 0;

	ps->school = school;
	for (int w = 0; w < ENGINE_WEEKS; w++) {
		if (!(open >> w & 1))
			continue;
		ps->week[n] = (uint8_t)w;
		ps->start[n] = n >= PENALTY_WEEKS - 1 ?
			cut_of[ps->week[n - (PENALTY_WEEKS - 1)]] : cut_of[0];
		ps->mid[n] = cut_of[w];
		ps->end[n] = cut_of[w + 1];
		n++;
		if (!w || !(open >> (w - 1) & 1))
			ps->run_from[runs++] = cut_of[w];
		ps->run_to[runs - 1] = cut_of[w + 1];
	}
	ps->nr_weeks = n;
	ps->nr_runs = runs;
}

/* Whether all the row's marks counted lie in its school's weeks. */
static int penalty_in_weeks(const struct penalty_school *ps,
			    const uint16_t *below, size_t nr_cuts)
{
	uint32_t in = 0;

	for (int i = 0; i < ps->nr_runs; i++)
		in += (uint32_t)(below[ps->run_to[i]] - below[ps->run_from[i]]);
	return in == below[nr_cuts - 1];
}

/* The column that first meets the threshold, or -1. */
static long penalty_column(const struct penalty_job *j,
			   const struct penalty_school *ps, size_t r,
			   const uint16_t *below, int8_t t)
{
	int i;
	uint32_t before;

	for (i = 0; i < ps->nr_weeks; i++)
		if (below[ps->end[i]] - below[ps->start[i]] >= PENALTY_SESSIONS)
			break;
	if (i == ps->nr_weeks)
		return -1;
	before = (uint32_t)(below[ps->mid[i]] - below[ps->start[i]]);
	return kernel_nth_above(j->q->e, r, j->cuts->col[ps->mid[i]],
				j->cuts->col[ps->end[i]], t,
				PENALTY_SESSIONS - before);
}

/* The same by penalty_first_met(), over the row's columns one by one. */
static long penalty_column_by_sessions(const struct penalty_job *j, size_t r,
				       int8_t t)
{
	const struct engine *e = j->q->e;
	uint64_t open = e->school_weeks[e->school[r]];
	int32_t week[YEAR_SLOTS_MAX];
	int16_t col[YEAR_SLOTS_MAX];
	size_t n = kernel_columns_above(e, &j->q->sp, r, t, col);
	long met;

	for (size_t i = 0; i < n; i++) {
		int w = e->col_week[col[i]];

		week[i] = (open >> w & 1) ?
			__builtin_popcountll(open & ((1ull << w) - 1)) : -1;
	}
	met = penalty_first_met(week, n);
	return met >= 0 ? col[met] : -1;
}

static void penalty_part(void *vjob, size_t lo, size_t hi)
{
	struct penalty_job *j = vjob;
	const struct engine *e = j->q->e;
	const struct penalty_cuts *cuts = j->cuts;
	const int8_t t = threshold_byte(T_UNAUTHORISED);
	struct penalty_school ps = { .school = UINT32_MAX };
	size_t row[BLOCK];
	uint16_t below[BLOCK * PENALTY_CUTS];

	for (size_t b = lo; b < hi; b += BLOCK) {
		size_t end = hi - b < BLOCK ? hi : b + BLOCK, n;

		for (size_t r = b; r < end; r++)
			j->first_met[r] = -1;
		/* most rows have fewer than 10 unauthorised sessions */
		n = kernel_rows_above(e, &j->q->sp, b, end, t, PENALTY_SESSIONS,
				      j->within, cuts->col, cuts->nr, row, below);
		for (size_t i = 0; i < n; i++) {
			const uint16_t *bw = below + i * cuts->nr;
			size_t r = row[i];
			long c;

			if ((e->flags[r] & j->q->flags) != j->q->flags)
				continue;
			if (e->school[r] != ps.school)
				penalty_school_init(&ps, e->school[r],
						    e->school_weeks[e->school[r]],
						    cuts->of_week);
			if (cuts->ordered && penalty_in_weeks(&ps, bw, cuts->nr))
				c = penalty_column(j, &ps, r, bw, t);
			else
				c = penalty_column_by_sessions(j, r, t);
			if (c >= 0) {
				j->first_met[r] = e->col_slot[c];
				j->met++;
			}
		}
	}
}

static void penalty_cuts_init(struct penalty_cuts *cuts, const struct engine *e,
			      const struct span *sp)
{
	size_t c = 0;

	cuts->ordered = 1;
	for (size_t k = 1; k < e->nr_cols; k++)
		if (e->col_week[k] < e->col_week[k - 1])
			cuts->ordered = 0;
	cuts->nr = 0;
	for (int w = 0; w < PENALTY_CUTS; w++) {
		size_t at;

		while (c < e->nr_cols && e->col_week[c] < w)
			c++;
		at = c < sp->c0 ? sp->c0 : c > sp->c1 ? sp->c1 : c;
		if (!cuts->nr || cuts->col[cuts->nr - 1] != at)
			cuts->col[cuts->nr++] = (uint16_t)at;
		cuts->of_week[w] = (uint8_t)(cuts->nr - 1);
	}
	cuts->weeks = 0;
	for (int w = 0; w < ENGINE_WEEKS; w++)
		if (cuts->of_week[w] != cuts->of_week[w + 1])
			cuts->weeks |= 1ull << w;
}

/*
 * The most vectors of the row (32 columns each) that one window of 10 of
 * a school's weeks touches: a row with fewer than 10 unauthorised in
 * every run of that many cannot meet the threshold, and the kernel
 * drops it before counting it week by week.  No narrowing for a school
 * closed in a week with columns: its rows may hold a mark outside its
 * weeks, and those go by penalty_first_met().
 */
static uint8_t penalty_within(const struct penalty_cuts *cuts, uint64_t open)
{
	struct penalty_school ps;
	size_t most = 1;

	if (!cuts->ordered || (cuts->weeks & ~open))
		return ENGINE_MAX_VECTORS;
	penalty_school_init(&ps, 0, open, cuts->of_week);
	for (int i = 0; i < ps.nr_weeks; i++) {
		size_t a = cuts->col[ps.start[i]], b = cuts->col[ps.end[i]];

		if (b > a && (b - 1) / ENGINE_VECTOR - a / ENGINE_VECTOR + 1 > most)
			most = (b - 1) / ENGINE_VECTOR - a / ENGINE_VECTOR + 1;
	}
	return (uint8_t)most;
}

int engine_penalty(const struct engine *e, const struct engine_filter *f,
		   int16_t *first_met, size_t *nr_met, struct error *err)
{
	struct query q;
	struct penalty_job one, job[THREADS_MAX];
	struct penalty_cuts cuts;
	uint8_t *within;

	if (nr_met)
		*nr_met = 0;
	if (query_init(&q, e, f, err))
		return -1;
	penalty_cuts_init(&cuts, e, &q.sp);
	within = xmalloc(e->nr_schools ? e->nr_schools : 1);
	for (size_t s = 0; s < e->nr_schools; s++)	/* schools share calendars */
		within[s] = s && e->school_weeks[s] == e->school_weeks[s - 1] ?
			within[s - 1] : penalty_within(&cuts, e->school_weeks[s]);
	one = (struct penalty_job){ &q, &cuts, within, first_met, 0 };
	run_copies(&q, job, &one, sizeof(one), penalty_part);
	for (size_t t = 0; t < q.threads && nr_met; t++)
		*nr_met += job[t].met;
	free(within);
	return 0;
}

/* ---- code histograms -------------------------------------------------- */

struct codes_job {
	const struct query *q;
	const uint16_t *bin;
	size_t nr_bins;
	uint32_t *part;		/* [school][bin][code] */
};

static void codes_part(void *vjob, size_t lo, size_t hi)
{
	struct codes_job *j = vjob;

	kernel_codes(j->q->e, &j->q->sp, j->q->flags, lo, hi, j->bin, j->nr_bins, j->part);
}

int engine_codes(const struct engine *e, const struct engine_filter *f,
		 const uint16_t *bin, size_t nr_bins, uint32_t *codes,
		 struct error *err)
{
	struct query q;
	struct codes_job job[THREADS_MAX];
	size_t cells;

	if (!bin)
		nr_bins = 1;
	cells = e->nr_schools * nr_bins * ENGINE_CODES;
	memset(codes, 0, cells * sizeof(*codes));
	if (query_init(&q, e, f, err))
		return -1;
	for (size_t t = 0; t < q.threads; t++) {
		job[t].q = &q;
		job[t].bin = bin;
		job[t].nr_bins = nr_bins;
		job[t].part = t ? xcalloc(cells ? cells : 1, sizeof(uint32_t)) : codes;
	}
	run_parts(&q, job, sizeof(job[0]), codes_part);
	for (size_t t = 1; t < q.threads; t++) {
		for (size_t i = 0; i < cells; i++)
			codes[i] += job[t].part[i];
		free(job[t].part);
	}
	return 0;
}

/* ---- registers taken -------------------------------------------------- */

struct registers_job {
	const struct query *q;
	uint8_t *acc;		/* [school][column] */
	uint32_t *rows, *marked;	/* [school] */
};

static void registers_part(void *vjob, size_t lo, size_t hi)
{
	struct registers_job *j = vjob;

	kernel_registers(j->q->e, &j->q->sp, j->q->flags, lo, hi, j->acc, j->rows,
			 j->marked);
}

int engine_registers(const struct engine *e, const struct engine_filter *f,
		     uint8_t *taken, uint32_t *rows, uint32_t *marked,
		     struct error *err)
{
	struct query q;
	struct registers_job job[THREADS_MAX];
	size_t schools = e->nr_schools;

	memset(taken, 0, schools * YEAR_SLOTS_MAX);
	if (rows)
		memset(rows, 0, schools * sizeof(*rows));
	if (marked)
		memset(marked, 0, schools * sizeof(*marked));
	if (query_init(&q, e, f, err))
		return -1;
	for (size_t t = 0; t < q.threads; t++) {
		job[t].q = &q;
		job[t].acc = xcalloc(schools + 1, e->stride);
		job[t].rows = xcalloc(schools + 1, sizeof(uint32_t));
		job[t].marked = xcalloc(schools + 1, sizeof(uint32_t));
	}
	run_parts(&q, job, sizeof(job[0]), registers_part);
	for (size_t t = 0; t < q.threads; t++) {
		for (size_t s = 0; s < schools; s++) {
			const uint8_t *a = job[t].acc + s * e->stride;
			uint8_t *to = taken + s * YEAR_SLOTS_MAX;

			for (size_t c = q.sp.c0; c < q.sp.c1; c++)
				to[e->col_slot[c]] |= a[c];
			if (rows)
				rows[s] += job[t].rows[s];
			if (marked)
				marked[s] += job[t].marked[s];
		}
		free(job[t].acc);
		free(job[t].rows);
		free(job[t].marked);
	}
	return 0;
}

/* ---- each row's weekday pattern --------------------------------------- */

struct row_patterns_job {
	const struct query *q;
	struct engine_pattern *out;
};

static void row_patterns_part(void *vjob, size_t lo, size_t hi)
{
	struct row_patterns_job *j = vjob;

	for (size_t b = lo; b < hi; b += BLOCK) {
		size_t end = hi - b < BLOCK ? hi : b + BLOCK;

		kernel_row_patterns(j->q->e, &j->q->sp, b, end, j->out + b);
		for (size_t r = b; r < end; r++)
			if ((j->q->e->flags[r] & j->q->flags) != j->q->flags)
				memset(&j->out[r], 0, sizeof(j->out[r]));
	}
}

int engine_row_patterns(const struct engine *e, const struct engine_filter *f,
			struct engine_pattern *out, struct error *err)
{
	struct query q;
	struct row_patterns_job one = { &q, out }, job[THREADS_MAX];

	if (query_init(&q, e, f, err))
		return -1;
	run_copies(&q, job, &one, sizeof(one), row_patterns_part);
	return 0;
}
