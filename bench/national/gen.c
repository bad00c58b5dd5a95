/*
 * The national-scale generator (issue 7): N enrolments x 380 sessions of
 * 2025/26, written straight into the engine (two threads, each a run of
 * whole schools), then saved in the engine's binary layout and, for the
 * other systems, as CSV:
 *
 *   gen --enrolments N --out DIR [--csv] [--schools S] [--seed X]
 *
 *   DIR/engine.bin      the engine's binary layout (engine_save)
 *   DIR/marks.csv       enrolment_id,slot,code   one row per mark (--csv)
 *   DIR/enrolments.csv  enrolment_id,school,flags (--csv)
 *
 * code is the mark's byte (core/code.h: categories are ranges of it),
 * school the engine's school index, flags the engine's cohort bits.
 *
 * The data: a calendar of 190 days (terms, half terms, a bank holiday),
 * an INSET day per school and a closed week at one school in twenty (so
 * schools' weeks differ); pupils' absence skewed (most low, a tail of PA
 * and SA, higher for FSM, SEN and social care), some lateness, a week of
 * unauthorised holiday for one pupil in twenty-five, dual registration.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/code.h"
#include "core/date.h"
#include "engine/engine.h"
#include "util/strbuf.h"

#define YEAR 2025
#define SESSIONS 380

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct rng {
	uint64_t s;
};

static inline uint64_t next(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s;
}

/* uniform in [0, 1) */
static inline double unit(struct rng *r)
{
	return (double)(next(r) >> 11) / 9007199254740992.0;
}

/* per-mille chance */
static inline int chance(struct rng *r, unsigned per_mille)
{
	return (next(r) >> 40) % 1000 < per_mille;
}

static int calendar[SESSIONS];	/* the 380 slots */

static int make_calendar(void)
{
	static const int holiday[][6] = {	/* y m d .. y m d */
		{ 2025, 10, 27, 2025, 10, 31 }, { 2025, 12, 20, 2026, 1, 4 },
		{ 2026, 2, 16, 2026, 2, 20 }, { 2026, 3, 28, 2026, 4, 12 },
		{ 2026, 5, 4, 2026, 5, 4 }, { 2026, 5, 25, 2026, 5, 29 },
	};
	int n = 0;

	for (day_t d = date_from_ymd(2025, 9, 3); n < SESSIONS; d++) {
		int off = date_weekday(d) >= 5;

		for (size_t h = 0; h < sizeof(holiday) / sizeof(holiday[0]); h++)
			off |= d >= date_from_ymd(holiday[h][0], holiday[h][1], holiday[h][2]) &&
			       d <= date_from_ymd(holiday[h][3], holiday[h][4], holiday[h][5]);
		if (off)
			continue;
		calendar[n++] = session_slot(d, SESSION_AM);
		calendar[n++] = session_slot(d, SESSION_PM);
	}
	return n;
}

static mark_t M(const char *c)
{
	return code_find(c, strlen(c));
}

struct gen {
	struct engine *e;
	long n;
	uint32_t schools;
	uint64_t seed;
	/* per school: the INSET day (session index) and closed week start */
	int *inset, *closed;
};

struct part {
	struct gen *g;
	uint32_t school_lo, school_hi;
	size_t row_lo;
};

static size_t school_first_row(const struct gen *g, uint32_t s)
{
	return (size_t)((uint64_t)g->n * s / g->schools);
}

static uint16_t pupil_flags(struct rng *r)
{
	uint16_t f = 0;

	if (chance(r, 240)) f |= ENGINE_FLAG(ENGINE_COHORT_FSM);
	if (chance(r, 130)) f |= ENGINE_FLAG(ENGINE_COHORT_SEN_SUPPORT);
	else if (chance(r, 50)) f |= ENGINE_FLAG(ENGINE_COHORT_EHCP);
	if (chance(r, 30)) f |= ENGINE_FLAG(ENGINE_COHORT_CIN);
	else if (chance(r, 10)) f |= ENGINE_FLAG(ENGINE_COHORT_CP);
	else if (chance(r, 7)) f |= ENGINE_FLAG(ENGINE_COHORT_CLA);
	if (chance(r, 40)) f |= ENGINE_FLAG(ENGINE_COHORT_EARLY_HELP);
	if (chance(r, 5)) f |= ENGINE_FLAG(ENGINE_COHORT_YOUTH_JUSTICE);
	if (chance(r, 200)) f |= ENGINE_FLAG(ENGINE_COHORT_EAL);
	f |= ENGINE_FLAG(chance(r, 490) ? ENGINE_COHORT_FEMALE : ENGINE_COHORT_MALE);
	if (!chance(r, 30)) f |= ENGINE_COMPULSORY;
	return f;
}

/* One pupil's year. */
static void pupil_marks(struct rng *r, const struct gen *g, uint32_t school,
			uint16_t flags, mark_t *m)
{
	static const char *const absent_codes[16] = {
		"I", "I", "I", "I", "I", "I", "I", "I", "M", "M", "C", "E",
		"O", "N", "G", "U",
	};
	mark_t present[2] = { M("/"), M("\\") }, late = M("L"), absent[16];
	mark_t approved[3] = { M("B"), M("V"), M("P") }, closure = M("#");
	double p = unit(r);
	uint32_t threshold, late_rate = 0;
	int holiday = -1, dual = chance(r, 5);

	for (int i = 0; i < 16; i++)
		absent[i] = M(absent_codes[i]);
	/* absence propensity: mostly a few percent, a long tail */
	p = 0.004 + 0.11 * p * p * p;
	if (flags & (ENGINE_FLAG(ENGINE_COHORT_FSM) | ENGINE_FLAG(ENGINE_COHORT_SEN_SUPPORT) |
		     ENGINE_FLAG(ENGINE_COHORT_EHCP)))
		p *= 1.8;
	if (flags & (ENGINE_FLAG(ENGINE_COHORT_CIN) | ENGINE_FLAG(ENGINE_COHORT_CP) |
		     ENGINE_FLAG(ENGINE_COHORT_CLA)))
		p *= 2.2;
	if (chance(r, 20))
		p = 0.25 + 0.7 * unit(r);	/* severe absence */
	threshold = (uint32_t)(p * 4294967296.0 > 4294967295.0 ? 4294967295.0 :
			       p * 4294967296.0);
	if (chance(r, 100))
		late_rate = 20 + (uint32_t)(next(r) % 150);	/* per mille */
	if (chance(r, 40))
		holiday = 10 * (int)(next(r) % (SESSIONS / 10));	/* a week's G */
	for (int i = 0; i < SESSIONS; i++) {
		uint64_t x = next(r);
		mark_t c;

		if ((uint32_t)x < threshold)
			c = absent[(x >> 32) & 15];
		else if (late_rate && ((x >> 32) % 1000) < late_rate)
			c = late;
		else if (((x >> 42) & 1023) < 3)
			c = approved[(x >> 52) % 3];
		else if (dual && ((x >> 42) & 7) == 0)
			c = M("D");
		else
			c = present[i & 1];
		if (holiday >= 0 && i >= holiday && i < holiday + 10)
			c = M("G");
		if (i / 2 == g->inset[school] ||
		    (g->closed[school] >= 0 && i >= g->closed[school] &&
		     i < g->closed[school] + 10))
			c = closure;
		m[calendar[i]] = c;
	}
}

static void *gen_part(void *arg)
{
	struct part *pt = arg;
	struct gen *g = pt->g;
	mark_t m[YEAR_SLOTS_MAX];
	struct error e = ERROR_INIT;

	memset(m, 0, sizeof(m));
	for (uint32_t s = pt->school_lo; s < pt->school_hi; s++) {
		size_t lo = school_first_row(g, s), hi = school_first_row(g, s + 1);

		for (size_t row = lo; row < hi; row++) {
			struct rng r = { g->seed ^ (0x9e3779b97f4a7c15ULL * (row + 1)) };

			for (int k = 0; k < 4; k++)
				next(&r);
			pupil_marks(&r, g, s, g->e->flags[row], m);
			if (engine_set_marks(g->e, row, 0, m, (size_t)academic_year_slots(YEAR), &e)) {
				fprintf(stderr, "gen: %s\n", e.msg);
				exit(1);
			}
		}
	}
	return NULL;
}

static void write_csv(const struct gen *g, const char *dir)
{
	char path[1024];
	FILE *f;
	const struct engine *e = g->e;
	struct strbuf sb = STRBUF_INIT;

	snprintf(path, sizeof(path), "%s/enrolments.csv", dir);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	for (size_t r = 0; r < e->nr_rows; r++)
		fprintf(f, "%u,%u,%u\n", e->enrolment_id[r], e->school[r], e->flags[r]);
	fclose(f);
	snprintf(path, sizeof(path), "%s/marks.csv", dir);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	strbuf_grow(&sb, 1 << 22);
	for (size_t r = 0; r < e->nr_rows; r++) {
		const mark_t *m = engine_row_marks(e, r);
		char id[16];
		int idlen = snprintf(id, sizeof(id), "%u,", e->enrolment_id[r]);

		for (size_t c = 0; c < e->nr_cols; c++) {
			char line[40], *p = line;
			int slot = e->col_slot[c];

			if (m[c] == MARK_MISSING)
				continue;
			memcpy(p, id, (size_t)idlen);
			p += idlen;
			if (slot >= 100) *p++ = (char)('0' + slot / 100);
			if (slot >= 10) *p++ = (char)('0' + slot / 10 % 10);
			*p++ = (char)('0' + slot % 10);
			*p++ = ',';
			if (m[c] >= 10) *p++ = (char)('0' + m[c] / 10);
			*p++ = (char)('0' + m[c] % 10);
			*p++ = '\n';
			strbuf_add(&sb, line, (size_t)(p - line));
		}
		if (sb.len > (1 << 22) - 8192) {
			fwrite(sb.buf, 1, sb.len, f);
			strbuf_reset(&sb);
		}
	}
	fwrite(sb.buf, 1, sb.len, f);
	if (fclose(f)) {
		perror(path);
		exit(1);
	}
	strbuf_release(&sb);
}

int main(int argc, char **argv)
{
	struct gen g = { 0 };
	const char *dir = "bench/data/national";
	int csv = 0;
	char path[1024];
	struct error e = ERROR_INIT;
	struct rng r;
	double t0 = now(), t1, t2, t3;
	pthread_t th;
	struct part parts[2];
	uint32_t mid;

	g.n = 100000;
	g.seed = 0x2545f4914f6cdd1dULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--enrolments") && i + 1 < argc)
			g.n = atol(argv[++i]);
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--schools") && i + 1 < argc)
			g.schools = (uint32_t)atol(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			g.seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--csv"))
			csv = 1;
		else {
			fprintf(stderr, "usage: gen [--enrolments N] [--out DIR] [--csv] "
				"[--schools S] [--seed X]\n");
			return 2;
		}
	}
	if (g.n < 1 || g.n > 4000000000L) {
		fprintf(stderr, "gen: --enrolments must be 1 .. 4000000000\n");
		return 2;
	}
	if (!g.schools)	/* about 450 enrolments a school, England's average */
		g.schools = (uint32_t)(g.n / 450 + 1);
	mkdir(dir, 0777);
	make_calendar();
	g.e = engine_new(YEAR);
	engine_add_slots(g.e, calendar, SESSIONS);
	engine_reserve_rows(g.e, (size_t)g.n);
	g.inset = xmalloc(g.schools * sizeof(*g.inset));
	g.closed = xmalloc(g.schools * sizeof(*g.closed));
	r.s = g.seed;
	for (uint32_t s = 0; s < g.schools; s++) {
		engine_add_school(g.e, s + 1, (int32_t)(100000 + s));
		g.inset[s] = (int)(next(&r) % (SESSIONS / 2));
		g.closed[s] = chance(&r, 50) ? 10 * (int)(next(&r) % (SESSIONS / 10)) : -1;
	}
	for (uint32_t s = 0; s < g.schools; s++)
		for (size_t row = school_first_row(&g, s); row < school_first_row(&g, s + 1);
		     row++) {
			struct engine_row er = { (uint32_t)row + 1, s, pupil_flags(&r),
						 (int8_t)(next(&r) % 14), 0 };
			engine_add_row(g.e, &er);
		}
	/* two threads, each a run of whole schools (a school's weeks are shared) */
	mid = g.schools / 2;
	parts[0] = (struct part){ &g, 0, mid, 0 };
	parts[1] = (struct part){ &g, mid, g.schools, 0 };
	{
		int started = !pthread_create(&th, NULL, gen_part, &parts[1]);

		gen_part(&parts[0]);
		if (started)
			pthread_join(th, NULL);
		else
			gen_part(&parts[1]);
	}
	t1 = now();
	snprintf(path, sizeof(path), "%s/engine.bin", dir);
	if (engine_save(g.e, path, &e)) {
		fprintf(stderr, "gen: %s\n", e.msg);
		return 1;
	}
	t2 = now();
	t3 = t2;
	if (csv) {
		write_csv(&g, dir);
		t3 = now();
	}
	printf("gen: %ld enrolments x %d sessions in %u schools: generated in %.2f s, "
	       "engine layout written in %.2f s%s", g.n, SESSIONS, g.schools, t1 - t0,
	       t2 - t1, csv ? "" : "\n");
	if (csv)
		printf(", CSV in %.2f s\n", t3 - t2);
	engine_free(g.e);
	free(g.inset);
	free(g.closed);
	return 0;
}
