/*
 * bench: how fast attend answers "which band is every pupil in" and "how
 * is every school doing" from its store, against SQLite answering the
 * same questions over one row per mark, in one process so the ratio is
 * fair on a noisy machine (bench/README.md).
 *
 *   1. generate N enrolments x 380 sessions of 2025/26 into a fresh store
 *   2. build the baseline: the same marks, one row each, in plain SQLite
 *   3. time both sides (one warm-up, best of R runs), check that every
 *      enrolment's and every school's numbers are identical
 *   4. measure the memory the attend side needs, in a fresh child process
 *   5. print the table; at the full size, update bench/RESULTS.md
 *
 * This is a program, not a library: any failure ends the run (die()).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "core/code.h"
#include "core/date.h"
#include "core/measure.h"
#include "core/roll.h"
#include "core/upn.h"
#include "report/report.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strbuf.h"

#define BENCH_YEAR 2025			/* 2025/26 */
#define SCHOOL_DAYS 190
#define SESSIONS (2 * SCHOOL_DAYS)
#define GENERATOR_VERSION 1		/* bump when the generated data changes */
#define FULL_SIZE 1000000L
#define MAX_SCHOOLS 500

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static day_t ymd(const char *s)
{
	day_t d;

	if (date_parse(s, strlen(s), &d))
		die("bad date %s", s);
	return d;
}

/* ---- options ---------------------------------------------------------- */

struct options {
	long enrolments;
	uint64_t seed;
	int runs;
	int sqlite_runs;	/* timed runs of the SQLite side: each takes minutes */
	const char *data_dir;
	const char *results;	/* NULL: bench/RESULTS.md, at the full size only */
	const char *command;	/* as typed, for RESULTS.md */
	bool reuse_store, rebuild_baseline, attend_only;
};

static void usage(void)
{
	fputs("usage: bench [--enrolments N] [--seed S] [--runs R] [--sqlite-runs R]\n"
	      "             [--data DIR] [--results FILE] [--reuse-store]\n"
	      "             [--rebuild-baseline] [--attend-only]\n"
	      "  --enrolments N      enrolments to generate (default 1000000)\n"
	      "  --seed S            generator seed (default 1)\n"
	      "  --runs R            timed runs per measurement, best kept (default 3)\n"
	      "  --sqlite-runs R     timed runs of each SQLite query (default: as --runs;\n"
	      "                      at the full size each takes minutes)\n"
	      "  --data DIR          where the stores go (default bench/data)\n"
	      "  --results FILE      write the results there (default: bench/RESULTS.md,\n"
	      "                      and only when N is 1000000)\n"
	      "  --reuse-store       keep the attend store if made with the same N and seed\n"
	      "  --rebuild-baseline  rebuild the SQLite baseline even if it matches\n"
	      "  --attend-only       no SQLite baseline: time attend alone (for profiling)\n",
	      stderr);
	exit(2);
}

static long option_number(const char *name, const char *v, long min)
{
	char *end;
	long n;

	if (!v)
		usage();
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < min)
		die("%s: expected a number >= %ld, not '%s'", name, min, v);
	return n;
}

static void options_parse(struct options *o, int argc, char **argv)
{
	memset(o, 0, sizeof(*o));
	o->enrolments = FULL_SIZE;
	o->seed = 1;
	o->runs = 3;
	o->sqlite_runs = 0;	/* as runs */
	o->data_dir = "bench/data";
	o->command = getenv("BENCH_COMMAND");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--enrolments"))
			o->enrolments = option_number(a, v, 1), i++;
		else if (!strcmp(a, "--seed"))
			o->seed = (uint64_t)option_number(a, v, 0), i++;
		else if (!strcmp(a, "--runs"))
			o->runs = (int)option_number(a, v, 1), i++;
		else if (!strcmp(a, "--sqlite-runs"))
			o->sqlite_runs = (int)option_number(a, v, 1), i++;
		else if (!strcmp(a, "--data") && v)
			o->data_dir = v, i++;
		else if (!strcmp(a, "--results") && v)
			o->results = v, i++;
		else if (!strcmp(a, "--reuse-store"))
			o->reuse_store = true;
		else if (!strcmp(a, "--rebuild-baseline"))
			o->rebuild_baseline = true;
		else if (!strcmp(a, "--attend-only"))
			o->attend_only = true;
		else
			usage();
	}
	if (o->enrolments > 4000000000L)
		die("--enrolments: at most 4000000000");
	if (!o->sqlite_runs)
		o->sqlite_runs = o->runs;
}

/* ---- a seeded generator (xoshiro256**, seeded by splitmix64) ---------- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed * 0x2545f4914f6cdd1dULL + stream;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

static inline double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static double rng_normal(struct rng *r)
{
	double u = rng_unit(r), v = rng_unit(r);

	return sqrt(-2.0 * log(u > 0 ? u : 1e-300)) * cos(2 * M_PI * v);
}

/* ---- the school year: 190 days of 2025/26 ----------------------------- */

struct school_year {
	day_t day[SCHOOL_DAYS];
	uint8_t weekday[SCHOOL_DAYS];
	day_t last;
};

/* English-style 2025/26 term dates (fictional authority). */
static const char *const terms[][2] = {
	{ "2025-09-03", "2025-10-24" }, { "2025-11-03", "2025-12-19" },
	{ "2026-01-05", "2026-02-13" }, { "2026-02-23", "2026-03-27" },
	{ "2026-04-13", "2026-05-22" }, { "2026-06-01", "2026-07-22" },
};
static const char *const inset_days[] = {
	"2025-09-03", "2025-09-04", "2026-01-05", "2026-04-13", "2026-07-22",
};
static const char *const bank_holidays[] = { "2026-05-04" };

static bool day_listed(day_t d, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ymd(list[i]) == d)
			return true;
	return false;
}

static void school_year_init(struct school_year *y)
{
	int n = 0;

	for (size_t t = 0; t < sizeof(terms) / sizeof(terms[0]); t++) {
		for (day_t d = ymd(terms[t][0]); d <= ymd(terms[t][1]); d++) {
			if (date_weekday(d) >= 5 ||
			    day_listed(d, inset_days, sizeof(inset_days) / sizeof(inset_days[0])) ||
			    day_listed(d, bank_holidays, sizeof(bank_holidays) / sizeof(bank_holidays[0])))
				continue;
			if (n == SCHOOL_DAYS)
				die("the term dates give more than %d school days", SCHOOL_DAYS);
			y->weekday[n] = (uint8_t)date_weekday(d);
			y->day[n++] = d;
		}
	}
	if (n != SCHOOL_DAYS)
		die("the term dates give %d school days, not %d", n, SCHOOL_DAYS);
	y->last = y->day[SCHOOL_DAYS - 1];
}

/* ---- the marks, as code_parse() gives them ---------------------------- */

enum { C_AM, C_PM, C_LATE, C_ILL, C_MEDICAL, C_EXCEPTIONAL, C_RELIGIOUS,
       C_SUSPENDED, C_HOLIDAY, C_NO_REASON, C_OTHER, C_AFTER_CLOSE,
       C_VISIT, C_APPROVED, C_DUAL, C_CLOSURE, C_COUNT };

static const char *const code_text[C_COUNT] = {
	"/", "\\", "L", "I", "M", "C", "R", "E", "G", "N", "O", "U",
	"V", "B", "D", "#",
};

static void codes_init(mark_t code[C_COUNT], day_t day)
{
	for (int i = 0; i < C_COUNT; i++) {
		const char *why = NULL;

		code[i] = code_parse(code_text[i], strlen(code_text[i]), day, &why);
		if (code[i] == MARK_MISSING)
			die("code %s: %s", code_text[i], why);
	}
}

/* ---- the authority: schools, pupils, enrolments ----------------------- */

struct bench_school {
	int32_t urn, laestab;
	enum phase phase;
	double factor;		/* how much more than usual its pupils miss */
	int closure;		/* school day index of a planned closure, or -1 */
	uint32_t first, count;	/* its enrolments */
};

enum dual { DUAL_NONE, DUAL_HOME, DUAL_AP };

struct bench_enrolment {
	uint32_t pupil;		/* pupil id */
	uint16_t school;	/* index into schools */
	int8_t year_group;
	uint8_t dual;		/* enum dual: D on the other school's days */
};

/* What the generator wrote, counted independently of attend's measure.c. */
struct truth {
	uint16_t possible, attendance, authorised, unauthorised;
};

struct authority {
	uint64_t seed;
	size_t nr_schools, nr_enrolments, nr_pupils;
	struct bench_school *schools;
	struct bench_enrolment *enrolments;
	struct school_year year;
	mark_t code[C_COUNT];
	struct truth *truth;	/* by enrolment id - 1 */
};

static enum phase phase_pick(size_t i, size_t n)
{
	/* three in four primary; then secondary, special, AP in that order */
	size_t ap = n >= 20 ? n * 3 / 100 : n >= 4, special = n >= 10 ? n * 4 / 100 : n >= 3;
	size_t secondary = n >= 2 ? (n * 18 + 99) / 100 : 0;

	if (i >= n - ap)
		return PHASE_AP;
	if (i >= n - ap - special)
		return PHASE_SPECIAL;
	if (i >= n - ap - special - secondary)
		return PHASE_SECONDARY;
	return PHASE_PRIMARY;
}

static void schools_plan(struct authority *a, struct rng *r)
{
	static const double size_weight[PHASE_COUNT] = { 1.0, 4.5, 0.4, 0.25 };
	static const double phase_factor[PHASE_COUNT] = { 0.9, 1.25, 1.6, 2.6 };
	size_t n = a->nr_schools;
	double total = 0, *w = xmalloc(n * sizeof(*w));
	uint64_t given = 0;

	a->schools = xcalloc(n, sizeof(*a->schools));
	for (size_t i = 0; i < n; i++) {
		struct bench_school *s = &a->schools[i];

		s->phase = phase_pick(i, n);
		s->urn = 120000 + (int32_t)i * 7;
		s->laestab = 9902000 + (int32_t)i;
		s->factor = phase_factor[s->phase] * exp(0.25 * rng_normal(r));
		s->closure = rng_unit(r) < 0.3 ? (int)rng_below(r, SCHOOL_DAYS) : -1;
		w[i] = size_weight[s->phase] * (0.7 + 0.6 * rng_unit(r));
		total += w[i];
	}
	for (size_t i = 0; i < n; i++) {
		struct bench_school *s = &a->schools[i];
		uint64_t want = i + 1 == n ? a->nr_enrolments - given :
			(uint64_t)((double)a->nr_enrolments * w[i] / total);

		if (want == 0 && given < a->nr_enrolments)
			want = 1;
		if (given + want > a->nr_enrolments)
			want = a->nr_enrolments - given;
		s->first = (uint32_t)given;
		s->count = (uint32_t)want;
		given += want;
	}
	free(w);
}

static int year_group_pick(enum phase p, struct rng *r)
{
	switch (p) {
	case PHASE_PRIMARY:
		return (int)rng_below(r, 7);			/* R..6 */
	case PHASE_SECONDARY:
		return rng_unit(r) < 0.85 ? 7 + (int)rng_below(r, 5)
					  : 12 + (int)rng_below(r, 2);
	case PHASE_SPECIAL:
		return 1 + (int)rng_below(r, 13);
	default:
		return 7 + (int)rng_below(r, 5);		/* AP: 7..11 */
	}
}

/*
 * Half of each AP school's roll is pupils dual registered with a
 * secondary school: they attend the AP on Mondays and Tuesdays.
 */
static void enrolments_plan(struct authority *a, struct rng *r)
{
	size_t nr_secondary = 0, *secondary = xmalloc(a->nr_enrolments * sizeof(*secondary));
	uint32_t pupil = 0;

	a->enrolments = xcalloc(a->nr_enrolments, sizeof(*a->enrolments));
	for (size_t s = 0; s < a->nr_schools; s++) {
		const struct bench_school *sc = &a->schools[s];

		for (uint32_t i = sc->first; i < sc->first + sc->count; i++) {
			struct bench_enrolment *en = &a->enrolments[i];
			size_t k;

			en->school = (uint16_t)s;
			en->year_group = (int8_t)year_group_pick(sc->phase, r);
			if (sc->phase == PHASE_AP && nr_secondary && rng_unit(r) < 0.5) {
				k = rng_below(r, (uint32_t)nr_secondary);
				while (a->enrolments[secondary[k]].dual != DUAL_NONE &&
				       ++k < nr_secondary)
					;
				if (k < nr_secondary) {
					struct bench_enrolment *home = &a->enrolments[secondary[k]];

					home->dual = DUAL_HOME;
					en->dual = DUAL_AP;
					en->pupil = home->pupil;
					en->year_group = home->year_group;
					continue;
				}
			}
			en->pupil = ++pupil;
			if (sc->phase == PHASE_SECONDARY && en->year_group <= 11)
				secondary[nr_secondary++] = i;
		}
	}
	a->nr_pupils = pupil;
	free(secondary);
}

static void authority_plan(struct authority *a, uint64_t seed, size_t nr_enrolments)
{
	struct rng r;
	size_t n = nr_enrolments / 3300;

	memset(a, 0, sizeof(*a));
	a->seed = seed;
	a->nr_enrolments = nr_enrolments;
	if (n < 100)
		n = 100;
	if (n > MAX_SCHOOLS)
		n = MAX_SCHOOLS;
	a->nr_schools = n < nr_enrolments ? n : nr_enrolments;
	rng_seed(&r, seed, UINT64_MAX);
	school_year_init(&a->year);
	codes_init(a->code, a->year.day[0]);
	schools_plan(a, &r);
	enrolments_plan(a, &r);
	a->truth = xcalloc(nr_enrolments, sizeof(*a->truth));
}

/* ---- one enrolment's register ----------------------------------------- */

struct pupil_habits {
	double absent;		/* chance a day starts an absence */
	double unauthorised;	/* share of absences without a good reason */
	double late;
	double approved;	/* trips and other approved activities */
};

static void habits_draw(struct pupil_habits *h, const struct bench_school *s,
			struct rng *r)
{
	double severe = 0.016 * s->factor;

	if (rng_unit(r) < severe)
		h->absent = 0.35 + 0.45 * rng_unit(r);
	else
		h->absent = 0.024 * s->factor * exp(0.9 * rng_normal(r));
	if (h->absent > 0.85)
		h->absent = 0.85;
	h->unauthorised = 0.1 + 0.45 * rng_unit(r) * rng_unit(r) + 0.4 * h->absent;
	h->late = 0.005 + 0.05 * rng_unit(r) * rng_unit(r);
	h->approved = 0.004 * rng_unit(r);
}

struct day_marks {
	mark_t am, pm;
	int spell;		/* further days the same absence runs on */
};

static void absence_draw(const struct authority *a, const struct pupil_habits *h,
			 struct rng *r, struct day_marks *d)
{
	const mark_t *c = a->code;
	double v = rng_unit(r);

	d->spell = 0;
	if (rng_unit(r) < h->unauthorised) {
		if (v < 0.4) {
			d->am = d->pm = c[C_OTHER];
		} else if (v < 0.7) {
			d->am = d->pm = c[C_NO_REASON];
		} else if (v < 0.85) {
			d->am = d->pm = c[C_HOLIDAY];	/* a term-time holiday */
			d->spell = 2 + (int)rng_below(r, 4);
		} else {
			d->am = c[C_AFTER_CLOSE];
			d->pm = c[C_PM];
		}
	} else if (v < 0.72) {
		d->am = d->pm = c[C_ILL];
		while (d->spell < 6 && rng_unit(r) < 0.4)
			d->spell++;
	} else if (v < 0.87) {
		d->am = c[C_MEDICAL];
		d->pm = c[C_PM];
	} else if (v < 0.93) {
		d->am = d->pm = c[C_EXCEPTIONAL];
	} else if (v < 0.97) {
		d->am = d->pm = c[C_RELIGIOUS];
	} else {
		d->am = d->pm = c[C_SUSPENDED];
		d->spell = (int)rng_below(r, 3);
	}
}

static void truth_add(struct truth *t, mark_t m)
{
	switch (mark_category(m)) {
	case CATEGORY_PRESENT:
	case CATEGORY_APPROVED:
		t->attendance++, t->possible++;
		break;
	case CATEGORY_AUTHORISED:
		t->authorised++, t->possible++;
		break;
	case CATEGORY_UNAUTHORISED:
		t->unauthorised++, t->possible++;
		break;
	default:
		break;
	}
}

/*
 * Fills slots[] (YEAR_SLOTS_MAX, cleared here) with enrolment i's 380
 * marks and records what it wrote in a->truth[i].  The same seed and i
 * always give the same register.
 */
static void register_generate(struct authority *a, size_t i, mark_t *slots)
{
	const struct bench_enrolment *en = &a->enrolments[i];
	const struct bench_school *s = &a->schools[en->school];
	const mark_t *c = a->code;
	struct pupil_habits h;
	struct day_marks d, run = { 0, 0, 0 };	/* run: an absence going on */
	struct truth *t = &a->truth[i];
	struct rng r;

	rng_seed(&r, a->seed, i);
	habits_draw(&h, s, &r);
	memset(slots, 0, YEAR_SLOTS_MAX);
	memset(t, 0, sizeof(*t));
	for (int k = 0; k < SCHOOL_DAYS; k++) {
		int slot = session_slot(a->year.day[k], SESSION_AM);
		bool ap_day = a->year.weekday[k] <= 1;

		if (k == s->closure) {
			d.am = d.pm = c[C_CLOSURE];
		} else if ((en->dual == DUAL_HOME && ap_day) ||
			   (en->dual == DUAL_AP && !ap_day)) {
			d.am = d.pm = c[C_DUAL];
		} else if (run.spell > 0) {
			d = run;
			run.spell--;
		} else if (rng_unit(&r) < h.absent) {
			absence_draw(a, &h, &r, &d);
			run = d;
		} else {
			d.am = rng_unit(&r) < h.late ? c[C_LATE] : c[C_AM];
			d.pm = c[C_PM];
			if (rng_unit(&r) < h.approved)
				d.am = d.pm = rng_unit(&r) < 0.5 ? c[C_VISIT] : c[C_APPROVED];
		}
		slots[slot] = d.am;
		slots[slot + 1] = d.pm;
		truth_add(t, d.am);
		truth_add(t, d.pm);
	}
}

/* ---- writing the attend store ----------------------------------------- */

static const char *const surnames[] = {
	"Abbott", "Barker", "Chowdhury", "Dawson", "Evans", "Fletcher", "Green",
	"Hussain", "Iqbal", "Jones", "Kowalski", "Lewis", "Mensah", "Nowak",
	"Okafor", "Patel", "Quinn", "Robinson", "Smith", "Taylor", "Usman",
	"Vaughan", "Walsh", "Young",
};
static const char *const forenames[] = {
	"Amelia", "Ben", "Chloe", "Daniel", "Ella", "Freddie", "Grace", "Harry",
	"Isla", "Jack", "Kai", "Lily", "Mohammed", "Nia", "Oliver", "Poppy",
	"Reuben", "Sophie", "Theo", "Zara",
};

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		die("%s: %s", sql, sqlite3_errmsg(db));
	return stmt;
}

static void step_done(sqlite3 *db, sqlite3_stmt *stmt)
{
	if (sqlite3_step(stmt) != SQLITE_DONE)
		die("%s: %s", sqlite3_sql(stmt), sqlite3_errmsg(db));
	sqlite3_reset(stmt);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die("%s: %s", sql, msg ? msg : sqlite3_errmsg(db));
}

static void date_bind(sqlite3_stmt *stmt, int col, day_t d)
{
	char s[11];

	date_format(d, s);
	sqlite3_bind_text(stmt, col, s, 10, SQLITE_TRANSIENT);
}

static void calendar_event_add(sqlite3 *db, sqlite3_stmt *ev, int32_t urn,
			       day_t from, day_t to, const char *kind,
			       const char *label)
{
	sqlite3_bind_int(ev, 1, urn);
	sqlite3_bind_int(ev, 2, BENCH_YEAR);
	date_bind(ev, 3, from);
	date_bind(ev, 4, to);
	sqlite3_bind_text(ev, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(ev, 6, label, -1, SQLITE_STATIC);
	step_done(db, ev);
}

/* The authority's term dates (URN 0) and each school's own closure. */
static void calendar_write(const struct authority *a, sqlite3 *db)
{
	sqlite3_stmt *ev = prepare(db, "INSERT INTO calendar_event "
		"(urn, year, day_from, day_to, kind, label) VALUES (?, ?, ?, ?, ?, ?)");

	for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++)
		calendar_event_add(db, ev, 0, ymd(terms[i][0]), ymd(terms[i][1]),
				   "term", "half term");
	for (size_t i = 0; i < sizeof(inset_days) / sizeof(inset_days[0]); i++)
		calendar_event_add(db, ev, 0, ymd(inset_days[i]), ymd(inset_days[i]),
				   "inset", "INSET day");
	for (size_t i = 0; i < sizeof(bank_holidays) / sizeof(bank_holidays[0]); i++)
		calendar_event_add(db, ev, 0, ymd(bank_holidays[i]),
				   ymd(bank_holidays[i]), "bank_holiday", "bank holiday");
	for (size_t i = 0; i < a->nr_schools; i++)
		if (a->schools[i].closure >= 0)
			calendar_event_add(db, ev, a->schools[i].urn,
					   a->year.day[a->schools[i].closure],
					   a->year.day[a->schools[i].closure],
					   "closure", "polling station");
	sqlite3_finalize(ev);
}

static void schools_write(const struct authority *a, sqlite3 *db)
{
	sqlite3_stmt *ins = prepare(db, "INSERT INTO school "
		"(id, urn, laestab, name, phase) VALUES (?, ?, ?, ?, ?)");
	char name[64];

	for (size_t i = 0; i < a->nr_schools; i++) {
		const struct bench_school *s = &a->schools[i];

		snprintf(name, sizeof(name), "Bench %s School %zu",
			 s->phase == PHASE_PRIMARY ? "Primary" :
			 s->phase == PHASE_SECONDARY ? "Secondary" :
			 s->phase == PHASE_SPECIAL ? "Special" : "Alternative Provision", i + 1);
		sqlite3_bind_int64(ins, 1, (int64_t)i + 1);
		sqlite3_bind_int(ins, 2, s->urn);
		sqlite3_bind_int(ins, 3, s->laestab);
		sqlite3_bind_text(ins, 4, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 5, phase_name(s->phase), -1, SQLITE_STATIC);
		step_done(db, ins);
	}
	sqlite3_finalize(ins);
}

/* "990" and the pupil id in nine digits, after the check letter. */
static void upn_make(uint32_t pupil, char upn[UPN_LEN + 1])
{
	snprintf(upn + 1, UPN_LEN, "990%09" PRIu32, pupil);
	upn[0] = upn_check_letter(upn + 1);
	if (!upn[0] || !upn_valid(upn, UPN_LEN, NULL))
		die("made a bad UPN %s", upn);
}

static void pupils_write(const struct authority *a, sqlite3 *db)
{
	sqlite3_stmt *ins = prepare(db, "INSERT INTO pupil "
		"(id, upn, surname, forename, dob, sex) VALUES (?, ?, ?, ?, ?, ?)");
	char upn[UPN_LEN + 1];

	for (size_t i = 0; i < a->nr_enrolments; i++) {
		const struct bench_enrolment *en = &a->enrolments[i];
		uint32_t p = en->pupil;
		/* born in the school year that puts them in their year group */
		day_t dob = date_from_ymd(2020 - en->year_group, 9, 1) + (day_t)(p * 7919u % 365);

		if (en->dual == DUAL_AP)
			continue;
		upn_make(p, upn);
		sqlite3_bind_int64(ins, 1, p);
		sqlite3_bind_text(ins, 2, upn, UPN_LEN, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, surnames[p % 24], -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, forenames[p / 24 % 20], -1, SQLITE_STATIC);
		date_bind(ins, 5, dob);
		sqlite3_bind_text(ins, 6, p % 2 ? "F" : "M", 1, SQLITE_STATIC);
		step_done(db, ins);
	}
	sqlite3_finalize(ins);
}

static void enrolments_write(const struct authority *a, sqlite3 *db)
{
	sqlite3_stmt *ins = prepare(db, "INSERT INTO enrolment "
		"(id, pupil_id, school_id, year_group, start_date) VALUES (?, ?, ?, ?, ?)");
	char yg[4];

	for (size_t i = 0; i < a->nr_enrolments; i++) {
		const struct bench_enrolment *en = &a->enrolments[i];

		sqlite3_bind_int64(ins, 1, (int64_t)i + 1);
		sqlite3_bind_int64(ins, 2, en->pupil);
		sqlite3_bind_int64(ins, 3, (int64_t)en->school + 1);
		sqlite3_bind_text(ins, 4, year_group_format(en->year_group, yg), -1,
				  SQLITE_TRANSIENT);
		date_bind(ins, 5, ymd("2025-09-01"));
		step_done(db, ins);
	}
	sqlite3_finalize(ins);
}

static void marks_write(struct authority *a, struct store *st, bool write)
{
	mark_t slots[YEAR_SLOTS_MAX];
	struct error e = ERROR_INIT;

	for (size_t i = 0; i < a->nr_enrolments; i++) {
		register_generate(a, i, slots);
		if (write && store_marks_save(st, BENCH_YEAR, (int64_t)i + 1, slots,
					      YEAR_SLOTS_MAX, &e))
			die("%s", e.msg);
	}
}

static void path_remove(const char *path)
{
	char aux[4096];

	unlink(path);
	snprintf(aux, sizeof(aux), "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-shm", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-journal", path);
	unlink(aux);
}

/* What was generated: the parameters and a hash of every register's counts. */
static void params_text(const struct authority *a, char *out, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	const unsigned char *p = (const unsigned char *)a->truth;

	for (size_t i = 0; i < a->nr_enrolments * sizeof(*a->truth); i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	snprintf(out, n, "generator %d, %zu enrolments, seed %" PRIu64 ", counts %016" PRIx64,
		 GENERATOR_VERSION, a->nr_enrolments, a->seed, h);
}

static bool store_matches(const char *path, const struct authority *a)
{
	struct store *st;
	struct error e = ERROR_INIT;
	char want[192], have[192];
	bool same;

	if (access(path, R_OK) || store_open(&st, path, STORE_READ, &e))
		return false;
	params_text(a, want, sizeof(want));
	same = !store_meta_get(st, "bench", have, sizeof(have)) && !strcmp(want, have);
	store_close(st);
	return same;
}

/* Returns seconds taken, or 0 when an existing store was kept. */
static double store_generate(struct authority *a, const char *path, bool reuse)
{
	double t0 = now_seconds();
	struct store *st;
	struct error e = ERROR_INIT;
	char params[192], last[11];

	if (reuse) {
		marks_write(a, NULL, false);	/* only the counts */
		if (store_matches(path, a))
			return 0;
	}
	path_remove(path);
	if (store_open(&st, path, STORE_WRITE, &e) || store_begin(st, &e))
		die("%s", e.msg);
	schools_write(a, store_db(st));
	calendar_write(a, store_db(st));
	pupils_write(a, store_db(st));
	enrolments_write(a, store_db(st));
	marks_write(a, st, true);
	params_text(a, params, sizeof(params));
	date_format(a->year.last, last);
	if (store_meta_set(st, "latest_mark", last, &e) ||
	    store_meta_set(st, "bench", params, &e) || store_commit(st, &e) ||
	    store_exec(st, "PRAGMA wal_checkpoint(TRUNCATE)", &e))
		die("%s", e.msg);
	store_close(st);
	return now_seconds() - t0;
}

/* ---- the baseline: one row per mark in plain SQLite ------------------- */

static const char baseline_schema[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE school (id INTEGER PRIMARY KEY, urn INTEGER NOT NULL);"
	"CREATE TABLE enrolment (id INTEGER PRIMARY KEY, school_id INTEGER NOT NULL);"
	"CREATE TABLE code (code TEXT PRIMARY KEY, possible INTEGER NOT NULL,"
	"  attendance INTEGER NOT NULL, authorised INTEGER NOT NULL,"
	"  unauthorised INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE mark (enrolment_id INTEGER, session INTEGER, code TEXT);";

/* Per-enrolment counts: the question `attend pupils` answers. */
static const char baseline_pupils_sql[] =
	"SELECT m.enrolment_id, sum(c.possible), sum(c.attendance),"
	" sum(c.authorised), sum(c.unauthorised)"
	" FROM mark m JOIN code c ON c.code = m.code"
	" GROUP BY m.enrolment_id";

/* Per-school sums and PA/SA counts: the question `attend schools` answers. */
static const char baseline_schools_sql[] =
	"WITH e AS (SELECT m.enrolment_id AS id, sum(c.possible) AS p,"
	"  sum(c.attendance) AS a, sum(c.authorised) AS au,"
	"  sum(c.unauthorised) AS un"
	"  FROM mark m JOIN code c ON c.code = m.code GROUP BY m.enrolment_id)"
	" SELECT s.urn, sum(e.p > 0), sum(e.p), sum(e.a), sum(e.au), sum(e.un),"
	"  sum(e.p > 0 AND 10 * (e.au + e.un) >= e.p),"
	"  sum(e.p > 0 AND 2 * (e.au + e.un) >= e.p)"
	" FROM e JOIN enrolment en ON en.id = e.id JOIN school s ON s.id = en.school_id"
	" GROUP BY s.urn ORDER BY s.urn";

static sqlite3 *baseline_open(const char *path, int flags)
{
	sqlite3 *db;

	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK)
		die("%s: %s", path, sqlite3_errmsg(db));
	return db;
}

static bool baseline_matches(const char *path, const struct authority *a)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	char want[192];
	bool same = false;

	if (access(path, R_OK))
		return false;
	params_text(a, want, sizeof(want));
	strcat(want, ", complete");
	db = baseline_open(path, SQLITE_OPEN_READONLY);
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'bench'",
			       -1, &q, NULL) == SQLITE_OK) {
		same = sqlite3_step(q) == SQLITE_ROW &&
		       !strcmp((const char *)sqlite3_column_text(q, 0), want);
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	return same;
}

static void baseline_copy_roll(sqlite3 *store, sqlite3 *db)
{
	sqlite3_stmt *rd = prepare(store, "SELECT id, urn FROM school");
	sqlite3_stmt *wr = prepare(db, "INSERT INTO school VALUES (?, ?)");

	while (sqlite3_step(rd) == SQLITE_ROW) {
		sqlite3_bind_int64(wr, 1, sqlite3_column_int64(rd, 0));
		sqlite3_bind_int64(wr, 2, sqlite3_column_int64(rd, 1));
		step_done(db, wr);
	}
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	rd = prepare(store, "SELECT id, school_id FROM enrolment");
	wr = prepare(db, "INSERT INTO enrolment VALUES (?, ?)");
	while (sqlite3_step(rd) == SQLITE_ROW) {
		sqlite3_bind_int64(wr, 1, sqlite3_column_int64(rd, 0));
		sqlite3_bind_int64(wr, 2, sqlite3_column_int64(rd, 1));
		step_done(db, wr);
	}
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	wr = prepare(db, "INSERT INTO code VALUES (?, ?, ?, ?, ?)");
	for (size_t m = 1; m < code_count; m++) {
		enum mark_category c = code_table[m].category;

		sqlite3_bind_text(wr, 1, code_table[m].code, -1, SQLITE_STATIC);
		sqlite3_bind_int(wr, 2, c >= CATEGORY_PRESENT);
		sqlite3_bind_int(wr, 3, c == CATEGORY_PRESENT || c == CATEGORY_APPROVED);
		sqlite3_bind_int(wr, 4, c == CATEGORY_AUTHORISED);
		sqlite3_bind_int(wr, 5, c == CATEGORY_UNAUTHORISED);
		step_done(db, wr);
	}
	sqlite3_finalize(wr);
}

#define BATCH_ROWS 100	/* rows per INSERT: 300 parameters */

static sqlite3_stmt *batch_prepare(sqlite3 *db, int rows)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *stmt;

	strbuf_addstr(&sql, "INSERT INTO mark VALUES (?, ?, ?)");
	for (int i = 1; i < rows; i++)
		strbuf_addstr(&sql, ", (?, ?, ?)");
	stmt = prepare(db, sql.buf);
	strbuf_release(&sql);
	return stmt;
}

/* Rows waiting to go in, BATCH_ROWS to a statement. */
struct batch {
	sqlite3 *db;
	sqlite3_stmt *full;
	int rows;
	uint64_t done;
	int64_t id[BATCH_ROWS];
	int slot[BATCH_ROWS];
	const char *code[BATCH_ROWS];
};

static void batch_insert(struct batch *b, sqlite3_stmt *stmt)
{
	for (int i = 0; i < b->rows; i++) {
		sqlite3_bind_int64(stmt, 3 * i + 1, b->id[i]);
		sqlite3_bind_int(stmt, 3 * i + 2, b->slot[i]);
		sqlite3_bind_text(stmt, 3 * i + 3, b->code[i], (int)strlen(b->code[i]),
				  SQLITE_STATIC);
	}
	step_done(b->db, stmt);
	b->done += (uint64_t)b->rows;
	b->rows = 0;
}

static void batch_add(struct batch *b, int64_t id, int slot, const char *code)
{
	b->id[b->rows] = id;
	b->slot[b->rows] = slot;
	b->code[b->rows] = code;
	if (++b->rows == BATCH_ROWS)
		batch_insert(b, b->full);
}

static void batch_flush(struct batch *b)
{
	sqlite3_stmt *stmt;

	if (!b->rows)
		return;
	stmt = batch_prepare(b->db, b->rows);
	batch_insert(b, stmt);
	sqlite3_finalize(stmt);
}

/* One row per mark, read back from the attend store's blobs. */
static uint64_t baseline_copy_marks(sqlite3 *store, sqlite3 *db, size_t nr_enrolments)
{
	sqlite3_stmt *rd = prepare(store, "SELECT id, codes FROM marks WHERE id BETWEEN ? AND ?");
	struct batch b;
	uint64_t done = 0;

	memset(&b, 0, sizeof(b));
	b.db = db;
	b.full = batch_prepare(db, BATCH_ROWS);
	sqlite3_bind_int64(rd, 1, marks_rowid(BENCH_YEAR, 0));
	sqlite3_bind_int64(rd, 2, marks_rowid(BENCH_YEAR, 0xffffffffLL));
	while (sqlite3_step(rd) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(rd, 0) & 0xffffffffLL;
		const mark_t *m = sqlite3_column_blob(rd, 1);
		int n = sqlite3_column_bytes(rd, 1);

		for (int slot = 0; slot < n; slot++)
			if (m[slot] != MARK_MISSING)
				batch_add(&b, id, slot, mark_info(m[slot])->code);
		if (++done % (nr_enrolments / 10 + 1) == 0)
			fprintf(stderr, "  baseline: %" PRIu64 " rows\n", b.done);
	}
	sqlite3_finalize(rd);
	batch_flush(&b);
	sqlite3_finalize(b.full);
	return b.done;
}

/* Returns seconds taken, or 0 when an existing baseline was kept. */
static double baseline_build(const char *path, const char *store_path,
			     const struct authority *a, bool rebuild)
{
	double t0 = now_seconds();
	sqlite3 *db, *store;
	char params[192];

	if (!rebuild && baseline_matches(path, a))
		return 0;
	path_remove(path);
	db = baseline_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	store = baseline_open(store_path, SQLITE_OPEN_READONLY);
	/* fast and unsafe, for the build only */
	exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
		 "PRAGMA cache_size = -1048576; PRAGMA threads = 0");
	exec(db, baseline_schema);
	exec(db, "BEGIN");
	baseline_copy_roll(store, db);
	baseline_copy_marks(store, db, a->nr_enrolments);
	exec(db, "COMMIT");
	fprintf(stderr, "  baseline: rows in %.1f s, indexing\n", now_seconds() - t0);
	exec(db, "CREATE INDEX mark_enrolment ON mark (enrolment_id)");
	exec(db, "PRAGMA analysis_limit = 1000; ANALYZE");
	params_text(a, params, sizeof(params));
	strcat(params, ", complete");
	{
		sqlite3_stmt *m = prepare(db, "INSERT INTO meta VALUES ('bench', ?)");

		sqlite3_bind_text(m, 1, params, -1, SQLITE_STATIC);
		step_done(db, m);
		sqlite3_finalize(m);
	}
	sqlite3_close(store);
	sqlite3_close(db);
	return now_seconds() - t0;
}

/* ---- the timed questions ---------------------------------------------- */

struct sql_pupil {
	uint32_t possible, attendance, authorised, unauthorised;
	uint8_t band;
	uint8_t seen;
};

struct sql_school {
	int32_t urn;
	struct tally t;
};

struct bench {
	struct period period;
	size_t nr_enrolments;
	/* attend */
	struct store *st;
	struct roll_report roll;	/* kept from the last run, for checking */
	uint8_t *band;			/* by row of roll */
	uint64_t band_count[BAND_COUNT];
	struct school_report schools;	/* the last `attend schools` */
	/* SQLite */
	sqlite3 *db;
	struct sql_pupil *sql_pupil;	/* by enrolment id */
	struct sql_school *sql_school;
	size_t nr_sql_schools, alloc_sql_schools;
};

/* Frees the last answer: done before the clock starts. */
static void attend_release(struct bench *b)
{
	roll_report_release(&b->roll);
	school_report_release(&b->schools);
}

static void attend_report(struct bench *b)
{
	struct error e = ERROR_INIT;

	attend_release(b);
	if (report_enrolments(b->st, &b->period, 0, &b->roll, &e))
		die("report_enrolments: %s", e.msg);
}

/* `attend pupils`: every enrolment's measures and band. */
static void attend_pupils(struct bench *b)
{
	attend_report(b);
	memset(b->band_count, 0, sizeof(b->band_count));
	for (size_t i = 0; i < b->roll.nr_rows; i++) {
		const struct measure *m = &b->roll.rows[i].m;
		enum band band = band_of(measure_absent(m), m->possible);

		b->band[i] = (uint8_t)band;
		b->band_count[band]++;
	}
}

/* `attend schools`: every school's sums, all ages. */
static void attend_schools(struct bench *b)
{
	struct error e = ERROR_INIT;

	attend_release(b);
	if (report_schools(b->st, &b->period, 0, true, &b->schools, &e))
		die("report_schools: %s", e.msg);
}

static void sql_pupils(struct bench *b)
{
	sqlite3_stmt *q = prepare(b->db, baseline_pupils_sql);

	memset(b->sql_pupil, 0, (b->nr_enrolments + 1) * sizeof(*b->sql_pupil));
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		struct sql_pupil *p;

		if (id < 1 || (size_t)id > b->nr_enrolments)
			die("baseline: enrolment id %" PRId64 " out of range", id);
		p = &b->sql_pupil[id];
		p->possible = (uint32_t)sqlite3_column_int64(q, 1);
		p->attendance = (uint32_t)sqlite3_column_int64(q, 2);
		p->authorised = (uint32_t)sqlite3_column_int64(q, 3);
		p->unauthorised = (uint32_t)sqlite3_column_int64(q, 4);
		p->band = (uint8_t)band_of((uint64_t)p->authorised + p->unauthorised,
					   p->possible);
		p->seen = 1;
	}
	sqlite3_finalize(q);
}

static void sql_schools(struct bench *b)
{
	sqlite3_stmt *q = prepare(b->db, baseline_schools_sql);

	b->nr_sql_schools = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct sql_school *s;

		if (b->nr_sql_schools == b->alloc_sql_schools) {
			b->alloc_sql_schools = b->alloc_sql_schools ? 2 * b->alloc_sql_schools : 512;
			b->sql_school = xrealloc(b->sql_school,
						 b->alloc_sql_schools * sizeof(*b->sql_school));
		}
		s = &b->sql_school[b->nr_sql_schools++];
		memset(s, 0, sizeof(*s));
		s->urn = sqlite3_column_int(q, 0);
		s->t.enrolments = (uint64_t)sqlite3_column_int64(q, 1);
		s->t.possible = (uint64_t)sqlite3_column_int64(q, 2);
		s->t.attendance = (uint64_t)sqlite3_column_int64(q, 3);
		s->t.authorised = (uint64_t)sqlite3_column_int64(q, 4);
		s->t.unauthorised = (uint64_t)sqlite3_column_int64(q, 5);
		s->t.pa = (uint64_t)sqlite3_column_int64(q, 6);
		s->t.sa = (uint64_t)sqlite3_column_int64(q, 7);
	}
	sqlite3_finalize(q);
}

struct timing {
	double best, cpu;	/* wall and CPU seconds of the fastest run */
};

/* One warm-up run, then the best of `runs`. */
static struct timing time_best(void (*fn)(struct bench *), struct bench *b,
			       int runs, const char *what)
{
	struct timing t = { 1e300, 0 };

	fn(b);
	for (int i = 0; i < runs; i++) {
		double w0, c0, w;

		attend_release(b);
		w0 = now_seconds();
		c0 = cpu_seconds();
		fn(b);
		w = now_seconds() - w0;
		fprintf(stderr, "  %-16s run %d: %.3f s\n", what, i + 1, w);
		if (w < t.best) {
			t.best = w;
			t.cpu = cpu_seconds() - c0;
		}
	}
	return t;
}

/* ---- checking that both sides agree ----------------------------------- */

static void check_pupils(const struct bench *b, const struct authority *a)
{
	uint8_t *seen = xcalloc(b->nr_enrolments + 1, 1);

	if (b->roll.nr_rows != b->nr_enrolments)
		die("attend reported %zu enrolments, not %zu", b->roll.nr_rows,
		    b->nr_enrolments);
	for (size_t i = 0; i < b->roll.nr_rows; i++) {
		const struct enrolment_row *row = &b->roll.rows[i];
		const struct measure *m = &row->m;
		int64_t id = row->enrolment_id;
		const struct truth *t;

		if (id < 1 || (size_t)id > b->nr_enrolments || seen[id]++)
			die("attend: enrolment id %" PRId64 " unexpected or repeated", id);
		t = &a->truth[id - 1];
		if (m->possible != t->possible || m->attendance != t->attendance ||
		    m->authorised != t->authorised || m->unauthorised != t->unauthorised)
			die("enrolment %" PRId64 " (%s): attend %u/%u/%u/%u, generated "
			    "%u/%u/%u/%u (possible/attendance/authorised/unauthorised)",
			    id, row->upn, m->possible, m->attendance, m->authorised,
			    m->unauthorised, t->possible, t->attendance, t->authorised,
			    t->unauthorised);
		if (b->sql_pupil) {
			const struct sql_pupil *p = &b->sql_pupil[id];

			if (!p->seen || m->possible != p->possible ||
			    m->attendance != p->attendance ||
			    m->authorised != p->authorised ||
			    m->unauthorised != p->unauthorised || b->band[i] != p->band)
				die("enrolment %" PRId64 " (%s): attend %u/%u/%u/%u %s, "
				    "SQLite %u/%u/%u/%u %s", id, row->upn, m->possible,
				    m->attendance, m->authorised, m->unauthorised,
				    band_name(b->band[i]), p->possible, p->attendance,
				    p->authorised, p->unauthorised, band_name(p->band));
		}
	}
	free(seen);
}

static void check_schools(const struct bench *b)
{
	size_t k = 0;

	for (size_t i = 0; i < b->schools.nr_schools; i++) {
		const struct tally *t = &b->schools.tally[i];
		const struct sql_school *s;

		if (t->enrolments == 0 && t->possible == 0)
			continue;	/* no row on the SQL side */
		if (k == b->nr_sql_schools)
			die("school %06d: missing from SQLite's answer",
			    b->schools.schools[i].urn);
		s = &b->sql_school[k++];
		if (s->urn != b->schools.schools[i].urn ||
		    s->t.enrolments != t->enrolments ||
		    s->t.possible != t->possible || s->t.attendance != t->attendance ||
		    s->t.authorised != t->authorised ||
		    s->t.unauthorised != t->unauthorised || s->t.pa != t->pa ||
		    s->t.sa != t->sa)
			die("school %06d: attend %" PRIu64 " enrolments %" PRIu64
			    " possible %" PRIu64 " PA %" PRIu64 " SA, SQLite (URN %06d) %"
			    PRIu64 " / %" PRIu64 " / %" PRIu64 " / %" PRIu64,
			    b->schools.schools[i].urn, t->enrolments, t->possible, t->pa,
			    t->sa, s->urn, s->t.enrolments, s->t.possible, s->t.pa, s->t.sa);
	}
	if (k != b->nr_sql_schools)
		die("SQLite reported %zu schools, attend %zu", b->nr_sql_schools, k);
}

/* ---- memory, in a fresh child process --------------------------------- */

struct rss {
	long rss, hwm, anon, file;	/* kB */
};

static void rss_read(struct rss *r)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	long shmem = 0;

	memset(r, 0, sizeof(*r));
	if (!f)
		die("/proc/self/status: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "VmRSS: %ld", &r->rss);
		sscanf(line, "VmHWM: %ld", &r->hwm);
		sscanf(line, "RssAnon: %ld", &r->anon);
		sscanf(line, "RssFile: %ld", &r->file);
		sscanf(line, "RssShmem: %ld", &shmem);
	}
	r->file += shmem;
	fclose(f);
}

struct sampler {
	pthread_t thread;
	atomic_int stop;
	struct rss peak;	/* largest anon and file seen, separately */
};

static void *sampler_run(void *arg)
{
	struct sampler *s = arg;
	struct timespec pause = { 0, 500000 };

	while (!s->stop) {
		struct rss r;

		rss_read(&r);
		if (r.anon > s->peak.anon)
			s->peak.anon = r.anon;
		if (r.file > s->peak.file)
			s->peak.file = r.file;
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/*
 * In a fresh process (bench --memory-child STORE): the school summary
 * once, with the resident set sampled every 0.5 ms.  Prints kB: before
 * (rss anon file), peak total (VmHWM), peak anon, peak file.
 */
static int memory_child(const char *path)
{
	struct bench b;
	struct error e = ERROR_INIT;
	struct sampler s;
	struct rss before, after;

	memset(&b, 0, sizeof(b));
	memset(&s, 0, sizeof(s));
	b.period.from = academic_year_start(BENCH_YEAR);
	b.period.to = academic_year_end(BENCH_YEAR);
	if (store_open(&b.st, path, STORE_READ, &e))
		die("%s", e.msg);
	rss_read(&before);
	s.peak = before;
	if (pthread_create(&s.thread, NULL, sampler_run, &s))
		die("cannot start the sampler");
	attend_schools(&b);
	s.stop = 1;
	pthread_join(s.thread, NULL);
	rss_read(&after);
	printf("%ld %ld %ld %ld %ld %ld\n", before.rss, before.anon, before.file,
	       after.hwm, s.peak.anon, s.peak.file);
	return 0;
}

struct memory {
	double total, anon, file;	/* extra bytes at the peak */
};

static struct memory memory_measure(const char *store_path)
{
	char exe[4096], cmd[8300];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	long v[6];
	struct memory m;
	FILE *p;

	if (n < 0)
		die("/proc/self/exe: %s", strerror(errno));
	exe[n] = '\0';
	snprintf(cmd, sizeof(cmd), "'%s' --memory-child '%s'", exe, store_path);
	if (!(p = popen(cmd, "r")) ||
	    fscanf(p, "%ld %ld %ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3], &v[4],
		   &v[5]) != 6 || pclose(p))
		die("the memory child failed");
	m.total = 1024.0 * (double)(v[3] - v[0]);
	m.anon = 1024.0 * (double)(v[4] - v[1]);
	m.file = 1024.0 * (double)(v[5] - v[2]);
	return m;
}

/* ---- where the time goes (the phases, done again outside report.c) ---- */

struct phases {
	double roll, scan, scan_count, sort;
};

static int key_compare(const void *x, const void *y)
{
	return memcmp(x, y, 4 + UPN_LEN);
}

/* Every marks blob of the year, counted or only touched. */
static double phase_scan(sqlite3 *db, bool count)
{
	sqlite3_stmt *q = prepare(db, "SELECT id, codes FROM marks WHERE id BETWEEN ? AND ?");
	struct measure sum = { 0 };
	unsigned touched = 0;
	double t = now_seconds();

	sqlite3_bind_int64(q, 1, marks_rowid(BENCH_YEAR, 0));
	sqlite3_bind_int64(q, 2, marks_rowid(BENCH_YEAR, 0xffffffffLL));
	while (sqlite3_step(q) == SQLITE_ROW) {
		const mark_t *m = sqlite3_column_blob(q, 1);
		int n = sqlite3_column_bytes(q, 1);

		(void)sqlite3_column_int64(q, 0);
		if (count)
			measure_add_marks(&sum, m, (size_t)n);
		else if (n > 0)
			touched += m[n - 1];
	}
	t = now_seconds() - t;
	sqlite3_finalize(q);
	if (count ? sum.possible == 0 : touched == 0)
		die("phases: no marks read");
	return t;
}

/*
 * One thread each, on the bench's own connection (mapped like the
 * store's scan): reading the roll (enrolments joined to pupils), reading
 * every marks blob, reading and counting them (measure_add_marks), and
 * sorting (URN, UPN) keys.  report_enrolments() overlaps the roll with
 * the blobs on two threads; these say what each costs alone.
 */
static void phases_measure(const char *path, size_t n, struct phases *ph)
{
	sqlite3 *db = baseline_open(path, SQLITE_OPEN_READONLY);
	sqlite3_stmt *q;
	char *keys = xmalloc((n ? n : 1) * 20), *k = keys;
	size_t nr_keys = 0;
	double t;

	exec(db, "PRAGMA mmap_size = 68719476736");
	q = prepare(db, "SELECT e.id, p.upn, e.school_id, p.dob FROM enrolment e "
		    "JOIN pupil p ON p.id = e.pupil_id");
	t = now_seconds();
	while (sqlite3_step(q) == SQLITE_ROW && nr_keys < n) {
		int32_t school = sqlite3_column_int(q, 2);
		const char *d = (const char *)sqlite3_column_text(q, 3);
		day_t dob;

		(void)sqlite3_column_int64(q, 0);
		memcpy(k, &school, 4);
		memcpy(k + 4, sqlite3_column_text(q, 1), UPN_LEN);
		if (date_parse(d, strlen(d), &dob))
			die("bad dob");
		k += 20, nr_keys++;
	}
	ph->roll = now_seconds() - t;
	sqlite3_finalize(q);
	phase_scan(db, true);	/* warm */
	ph->scan = phase_scan(db, false);
	ph->scan_count = phase_scan(db, true);
	t = now_seconds();
	qsort(keys, nr_keys, 20, key_compare);
	ph->sort = now_seconds() - t;
	free(keys);
	sqlite3_close(db);
}

/* ---- reporting -------------------------------------------------------- */

struct results {
	size_t nr_enrolments, nr_schools, nr_pupils;
	uint64_t marks;
	double gen_seconds, baseline_seconds;
	struct timing attend_pupils, attend_schools, sql_pupils, sql_schools;
	struct memory mem;
	struct phases phases;
	double store_bytes, baseline_bytes;
	struct tally authority;
	uint64_t band_count[BAND_COUNT];
	bool have_sql;
};

static double file_bytes(const char *path)
{
	struct stat s;

	return stat(path, &s) ? 0 : (double)s.st_size;
}

static void machine_text(struct strbuf *sb)
{
	char line[512], model[256] = "unknown";
	long mem_kb = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");
	struct utsname u;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
			snprintf(model, sizeof(model), "%s", strchr(line, ':') + 2);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	if (f)
		fclose(f);
	if ((f = fopen("/proc/meminfo", "r"))) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "MemTotal: %ld", &mem_kb) == 1)
				break;
		fclose(f);
	}
	uname(&u);
	strbuf_addf(sb, "%ld cores (nproc), %s, %.1f GiB memory, %s %s; "
		    "SQLite %s; cc %s", sysconf(_SC_NPROCESSORS_ONLN), model,
		    (double)mem_kb / 1048576.0, u.sysname, u.release,
		    sqlite3_libversion(), __VERSION__);
}

static const char *verdict(bool ok)
{
	return ok ? "met" : "MISSED";
}

static void results_table(struct strbuf *sb, const struct results *r)
{
	double marks = (double)r->marks, mb = 1024.0 * 1024.0;
	double worst = r->attend_pupils.best > r->attend_schools.best ?
		r->attend_pupils.best : r->attend_schools.best;
	double ratio_p = r->sql_pupils.best / r->attend_pupils.best;
	double ratio_s = r->sql_schools.best / r->attend_schools.best;

	strbuf_addf(sb, "| question | attend | SQLite, one row per mark | SQLite / attend |\n"
		    "|---|---:|---:|---:|\n");
	strbuf_addf(sb, "| `pupils`: measures and band of every enrolment | %.3f s "
		    "(CPU %.2f s) | ", r->attend_pupils.best, r->attend_pupils.cpu);
	if (r->have_sql)
		strbuf_addf(sb, "%.2f s | **%.1fx** |\n", r->sql_pupils.best, ratio_p);
	else
		strbuf_addf(sb, "not run | |\n");
	strbuf_addf(sb, "| `schools`: summary of every school | %.3f s (CPU %.2f s) | ",
		    r->attend_schools.best, r->attend_schools.cpu);
	if (r->have_sql)
		strbuf_addf(sb, "%.2f s | **%.1fx** |\n\n", r->sql_schools.best, ratio_s);
	else
		strbuf_addf(sb, "not run | |\n\n");
	strbuf_addf(sb, "| measure | value | target |\n|---|---:|---|\n");
	if (r->have_sql)
		strbuf_addf(sb, "| speed-up over SQLite (worse of the two) | %.1fx | >= 20x: %s |\n",
			    ratio_p < ratio_s ? ratio_p : ratio_s,
			    verdict(ratio_p >= 20 && ratio_s >= 20));
	strbuf_addf(sb, "| attend, whole computation (slower of the two) | %.3f s | < 1 s: %s |\n",
		    worst, verdict(worst < 1.0));
	strbuf_addf(sb, "| attend throughput (`schools`) | %.0f M marks/s | |\n",
		    marks / r->attend_schools.best / 1e6);
	strbuf_addf(sb, "| memory: peak resident set, extra (VmHWM) | %.0f MB = %.2f bytes/mark "
		    "| <= 1.2: %s |\n", r->mem.total / mb, r->mem.total / marks,
		    verdict(r->mem.total / marks <= 1.2));
	strbuf_addf(sb, "| of which private (heap, SQLite caches; sampled peak) | %.0f MB = "
		    "%.2f bytes/mark | <= 1.2: %s |\n", r->mem.anon / mb,
		    r->mem.anon / marks, verdict(r->mem.anon / marks <= 1.2));
	strbuf_addf(sb, "| of which store file mapped by SQLite (page cache; sampled peak) | "
		    "%.0f MB = %.2f bytes/mark | |\n", r->mem.file / mb, r->mem.file / marks);
	strbuf_addf(sb, "| attend store on disk | %.0f MB = %.2f bytes/mark | |\n",
		    r->store_bytes / mb, r->store_bytes / marks);
	if (r->have_sql)
		strbuf_addf(sb, "| SQLite baseline on disk | %.0f MB = %.2f bytes/mark | |\n",
			    r->baseline_bytes / mb, r->baseline_bytes / marks);
}

static void results_details(struct strbuf *sb, const struct results *r)
{
	const struct tally *t = &r->authority;
	char o[24], pa[24], sa[24];

	strbuf_addf(sb, "\nData: %zu enrolments (%zu pupils; dual registration "
		    "at AP schools) in %zu schools, 380 sessions each = %" PRIu64
		    " marks of 2025/26; generated into the store in %.1f s",
		    r->nr_enrolments, r->nr_pupils, r->nr_schools, r->marks, r->gen_seconds);
	if (r->have_sql)
		strbuf_addf(sb, "; baseline built in %.1f s%s", r->baseline_seconds,
			    r->baseline_seconds == 0 ? " (kept from an earlier run)" : "");
	strbuf_addf(sb, ".  Authority: overall absence %s%%, PA %s%%, SA %s%%; "
		    "bands expected/at risk of PA/PA/at risk of SA/SA = "
		    "%" PRIu64 "/%" PRIu64 "/%" PRIu64 "/%" PRIu64 "/%" PRIu64 ".\n",
		    percent_format(t->authorised + t->unauthorised, t->possible, o),
		    percent_format(t->pa, t->enrolments, pa),
		    percent_format(t->sa, t->enrolments, sa),
		    r->band_count[BAND_EXPECTED], r->band_count[BAND_AT_RISK_PA],
		    r->band_count[BAND_PA], r->band_count[BAND_AT_RISK_SA],
		    r->band_count[BAND_SA]);
	strbuf_addf(sb, "\nWhere attend's time goes (each phase alone, one thread, "
		    "outside report.c): reading the roll (enrolment JOIN pupil) %.3f s, "
		    "reading the marks blobs %.3f s, reading and counting them "
		    "(measure_add_marks) %.3f s, sorting (URN, UPN) keys %.3f s.  "
		    "report_enrolments() reads the blobs on 2 threads while it reads "
		    "the roll.\n", r->phases.roll, r->phases.scan, r->phases.scan_count,
		    r->phases.sort);
}

static void results_print(const struct results *r, const struct options *o,
			  const char *date)
{
	struct strbuf sb = STRBUF_INIT;

	machine_text(&sb);
	printf("\nattend bench, %s\nmachine: %s\ncommand: %s\n\n", date, sb.buf,
	       o->command ? o->command : "bench");
	strbuf_reset(&sb);
	results_table(&sb, r);
	results_details(&sb, r);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
}

#define MARK_BEGIN "<!-- bench/bench.c: begin -->"
#define MARK_END "<!-- bench/bench.c: end -->"

static void results_write(const char *path, const struct results *r,
			  const struct options *o, const char *date)
{
	struct strbuf old = STRBUF_INIT, sb = STRBUF_INIT;
	const char *begin = NULL, *end = NULL;
	FILE *f;

	if (!strbuf_read_file(&old, path)) {
		begin = strstr(old.buf, MARK_BEGIN);
		end = begin ? strstr(begin, MARK_END) : NULL;
	}
	if (begin && end)
		strbuf_add(&sb, old.buf, (size_t)(begin - old.buf));
	else if (old.len)
		strbuf_addf(&sb, "%s\n", old.buf);
	else
		strbuf_addstr(&sb, "# Benchmark results\n\n");
	strbuf_addstr(&sb, MARK_BEGIN "\n## 1. Bands and school summary: attend vs "
		      "SQLite (bench/bench.c)\n\nWritten by the benchmark itself; see "
		      "bench/README.md.\n\n");
	strbuf_addf(&sb, "* command: `%s`\n* date: %s\n* machine: ",
		    o->command ? o->command : "bench", date);
	machine_text(&sb);
	if (o->sqlite_runs == o->runs)
		strbuf_addf(&sb, "\n* timing: one warm-up run, then the best of %d, warm "
			    "page cache, all in one process\n\n", o->runs);
	else
		strbuf_addf(&sb, "\n* timing: one warm-up run, then the best of %d for "
			    "attend and of %d for SQLite, warm page cache, all in one "
			    "process\n\n", o->runs, o->sqlite_runs);
	results_table(&sb, r);
	results_details(&sb, r);
	strbuf_addf(&sb, "\nThe SQLite baseline (table `mark(enrolment_id, session, code)`, "
		    "index on `enrolment_id`, a `code` table giving each code's category):\n\n"
		    "```sql\n%s;\n\n%s;\n```\n\nBands are computed in C from the "
		    "per-enrolment counts on both sides; every enrolment's counts and band "
		    "and every school's sums and PA/SA counts were checked identical "
		    "(and against the generator's own counts).\n", baseline_pupils_sql,
		    baseline_schools_sql);
	strbuf_addstr(&sb, MARK_END "\n");
	if (begin && end)
		strbuf_addstr(&sb, end + strlen(MARK_END) + (end[strlen(MARK_END)] == '\n'));
	if (!(f = fopen(path, "w")) || fwrite(sb.buf, 1, sb.len, f) != sb.len || fclose(f))
		die("%s: %s", path, strerror(errno));
	printf("\nwrote %s\n", path);
	strbuf_release(&old);
	strbuf_release(&sb);
}

/* ---- main ------------------------------------------------------------- */

static void authority_sum(const struct bench *b, struct results *r)
{
	memset(&r->authority, 0, sizeof(r->authority));
	for (size_t i = 0; i < b->schools.nr_schools; i++)
		tally_merge(&r->authority, &b->schools.tally[i]);
	memcpy(r->band_count, b->band_count, sizeof(r->band_count));
}

static void run_attend(struct bench *b, const struct options *o, struct results *r,
		       const char *store_path)
{
	struct error e = ERROR_INIT;

	if (store_open(&b->st, store_path, STORE_READ, &e))
		die("%s", e.msg);
	b->band = xmalloc(b->nr_enrolments + 1);
	fprintf(stderr, "timing attend\n");
	r->attend_pupils = time_best(attend_pupils, b, o->runs, "attend pupils");
	memcpy(r->band_count, b->band_count, sizeof(r->band_count));
	r->attend_schools = time_best(attend_schools, b, o->runs, "attend schools");
}

int main(int argc, char **argv)
{
	struct options o;
	struct authority a;
	struct bench b;
	struct results r;
	char store_path[4096], base_path[4096], date[64];
	time_t now = time(NULL);

	if (argc == 3 && !strcmp(argv[1], "--memory-child"))
		return memory_child(argv[2]);
	options_parse(&o, argc, argv);
	memset(&b, 0, sizeof(b));
	memset(&r, 0, sizeof(r));
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M %Z", localtime(&now));
	mkdir(o.data_dir, 0777);
	snprintf(store_path, sizeof(store_path), "%s/attend-bench.db", o.data_dir);
	snprintf(base_path, sizeof(base_path), "%s/sqlite-baseline.db", o.data_dir);

	fprintf(stderr, "generating %ld enrolments into %s\n", o.enrolments, store_path);
	authority_plan(&a, o.seed, (size_t)o.enrolments);
	r.gen_seconds = store_generate(&a, store_path, o.reuse_store);
	r.nr_enrolments = a.nr_enrolments;
	r.nr_schools = a.nr_schools;
	r.nr_pupils = a.nr_pupils;
	r.marks = (uint64_t)a.nr_enrolments * SESSIONS;
	r.store_bytes = file_bytes(store_path);
	r.have_sql = !o.attend_only;
	if (r.have_sql) {
		fprintf(stderr, "building the SQLite baseline in %s\n", base_path);
		r.baseline_seconds = baseline_build(base_path, store_path, &a,
						    o.rebuild_baseline);
		r.baseline_bytes = file_bytes(base_path);
	}
	sync();		/* no writeback of the new files during the timings */

	b.nr_enrolments = a.nr_enrolments;
	b.period.from = academic_year_start(BENCH_YEAR);
	b.period.to = academic_year_end(BENCH_YEAR);
	run_attend(&b, &o, &r, store_path);
	check_pupils(&b, &a);	/* against the generator; SQLite below */
	if (r.have_sql) {
		b.db = baseline_open(base_path, SQLITE_OPEN_READONLY);
		/* the same advantages the store's scan has */
		exec(b.db, "PRAGMA mmap_size = 68719476736; PRAGMA cache_size = -65536");
		b.sql_pupil = xmalloc((b.nr_enrolments + 1) * sizeof(*b.sql_pupil));
		fprintf(stderr, "timing SQLite\n");
		r.sql_pupils = time_best(sql_pupils, &b, o.sqlite_runs, "SQLite pupils");
		r.sql_schools = time_best(sql_schools, &b, o.sqlite_runs, "SQLite schools");
		attend_pupils(&b);
		check_pupils(&b, &a);
		attend_schools(&b);
		check_schools(&b);
		fprintf(stderr, "attend and SQLite agree on every enrolment and school\n");
	} else {
		attend_schools(&b);
	}
	authority_sum(&b, &r);

	fprintf(stderr, "measuring memory and phases\n");
	r.mem = memory_measure(store_path);
	phases_measure(store_path, a.nr_enrolments, &r.phases);
	results_print(&r, &o, date);
	if (o.results || (o.enrolments == FULL_SIZE && !o.attend_only))
		results_write(o.results ? o.results : "bench/RESULTS.md", &r, &o, date);

	roll_report_release(&b.roll);
	school_report_release(&b.schools);
	free(b.band);
	free(b.sql_pupil);
	free(b.sql_school);
	store_close(b.st);
	sqlite3_close(b.db);
	free(a.schools);
	free(a.enrolments);
	free(a.truth);
	return 0;
}
