/*
 * The engine's side of the national-scale benchmark (issue 7).
 *
 *   engine_bench --engine DIR/engine.bin [--out DIR] [--runs R]
 *                [--buffer-mb M] [--only QUESTION --repeat K] [--no-counts]
 *
 * Reads the generator's engine file, measures the machine's memory read
 * bandwidth (two threads summing a large buffer, before and after the
 * questions, in a child process) and a plain two-thread scan of the
 * matrix, then times every question: one warm-up, then the
 * best of R (3).  With --out, writes each answer as text for run.sh to
 * compare with DuckDB, SQLite and PostgreSQL.  --only runs one question
 * K times (for perf record).  --no-counts asks the band question for the
 * bands alone (one byte an enrolment) rather than the full counts (24
 * bytes), as a national-scale run must to stay within 1.1 bytes a mark;
 * the counts are then timed after the memory peak has been read.
 *
 * Prints "key value" lines (seconds, bytes) for run.sh.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/engine.h"
#include "util/strbuf.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	size_t n = strlen(key);

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n))
			kb = atol(line + n);
	if (f)
		fclose(f);
	return kb;
}

/* ---- bandwidth ------------------------------------------------------- */

typedef uint64_t v4u64 __attribute__((vector_size(32)));

struct sum_job {
	const uint8_t *p;
	size_t n;
	uint64_t sum;
};

/* Sums 32-byte words: a streaming read, as little work as can be. */
static void *sum_part(void *arg)
{
	struct sum_job *j = arg;
	v4u64 a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
	size_t i = 0;

	for (; i + 128 <= j->n; i += 128) {
		v4u64 x, y, z, w;
		memcpy(&x, j->p + i, 32);
		memcpy(&y, j->p + i + 32, 32);
		memcpy(&z, j->p + i + 64, 32);
		memcpy(&w, j->p + i + 96, 32);
		a += x;
		b += y;
		c += z;
		d += w;
	}
	a += b + c + d;
	j->sum = a[0] + a[1] + a[2] + a[3];
	for (; i < j->n; i++)
		j->sum += j->p[i];
	return NULL;
}

/* Two threads, one half each; returns seconds. */
static double sum_two(const uint8_t *p, size_t n, uint64_t *sum)
{
	struct sum_job j[2] = { { p, n / 2 / 128 * 128, 0 }, { 0 } };
	pthread_t th;
	double t0 = now();

	j[1].p = p + j[0].n;
	j[1].n = n - j[0].n;
	pthread_create(&th, NULL, sum_part, &j[1]);
	sum_part(&j[0]);
	pthread_join(th, NULL);
	*sum = j[0].sum + j[1].sum;
	return now() - t0;
}

/*
 * Measured read bandwidth: two threads summing a buffer of its own
 * (huge pages, touched first), the best of runs after a warm-up.
 */
static double bandwidth_here(long mb, int runs, uint64_t *sum)
{
	size_t n = (size_t)mb << 20;
	uint8_t *buf = mmap(NULL, n, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double b = 1e9;

	if (buf == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	madvise(buf, n, MADV_HUGEPAGE);
	for (size_t i = 0; i < n; i += 4096)
		memset(buf + i, (int)(i >> 12), 4096);
	for (int r = 0; r <= runs; r++) {
		double t = sum_two(buf, n, sum);
		if (r && t < b)
			b = t;
	}
	munmap(buf, n);
	return (double)n / b / 1e9;
}

/*
 * The same in a child process, so that the buffer never counts in this
 * process's peak resident set (VmHWM), which is the memory result.
 */
static double bandwidth(long mb, int runs, uint64_t *sum)
{
	int fds[2];
	double gbs = 0;
	pid_t pid;

	if (pipe(fds))
		return 0;
	pid = fork();
	if (pid == 0) {
		gbs = bandwidth_here(mb, runs, sum);
		if (write(fds[1], &gbs, sizeof(gbs)) != sizeof(gbs))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &gbs, sizeof(gbs)) != sizeof(gbs))
		gbs = 0;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return gbs;
}

/* ---- answers ------------------------------------------------------------ */

static FILE *answer_file(const char *dir, const char *name)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

static void die(const struct error *e)
{
	fprintf(stderr, "engine_bench: %s\n", e->msg);
	exit(1);
}

struct outputs {
	struct measure *m;
	uint8_t *band;
	struct tally *schools, cohorts[ENGINE_COHORT_COUNT], all, *areas;
	int16_t *met;
	size_t nr_met;
	struct engine_sums *weekly, weekly_all[ENGINE_WEEKS], days[7];
};

enum question {
	Q_BANDS, Q_SCHOOLS, Q_COHORTS, Q_PENALTY, Q_WEEKLY,
	Q_AUTHORITY, Q_AREAS, Q_PATTERNS, Q_HEADLINE, Q_AUTUMN, Q_BAND_ONLY,
	Q_COUNT
};

static const char *const question_name[Q_COUNT] = {
	"bands", "schools", "cohorts", "penalty", "weekly",
	"authority", "areas", "patterns", "headline_schools", "autumn_bands",
	"bands_only",
};

static int counts = 1;

static void ask(const struct engine *e, enum question q, struct outputs *o)
{
	struct error err = ERROR_INIT;
	struct engine_filter headline = { 0, 0, ENGINE_COMPULSORY };
	/* the autumn term: 1 September to 31 December */
	struct engine_filter autumn = {
		session_slot(date_from_ymd(e->year, 9, 1), SESSION_AM),
		session_slot(date_from_ymd(e->year, 12, 31), SESSION_PM) + 1, 0 };
	int rc = 0;

	switch (q) {
	case Q_BANDS:
		rc = engine_measures(e, NULL, counts ? o->m : NULL, o->band, &err);
		break;
	case Q_BAND_ONLY:
		rc = engine_measures(e, NULL, NULL, o->band, &err);
		break;
	case Q_SCHOOLS:
		rc = engine_school_summary(e, NULL, o->schools, &err);
		break;
	case Q_COHORTS:
		rc = engine_cohorts(e, NULL, o->cohorts, &err);
		break;
	case Q_PENALTY:
		rc = engine_penalty(e, NULL, o->met, &o->nr_met, &err);
		break;
	case Q_WEEKLY:
		rc = engine_weekly(e, NULL, o->weekly, o->weekly_all, &err);
		break;
	case Q_AUTHORITY:
		rc = engine_authority(e, NULL, &o->all, &err);
		break;
	case Q_AREAS:
		rc = engine_area_summary(e, NULL, o->areas, &err);
		break;
	case Q_PATTERNS:
		rc = engine_patterns(e, NULL, NULL, o->days, &err);
		break;
	case Q_HEADLINE:
		rc = engine_school_summary(e, &headline, o->schools, &err);
		break;
	case Q_AUTUMN:
		rc = engine_measures(e, &autumn, NULL, o->band, &err);
		break;
	case Q_COUNT:
		break;
	}
	if (rc)
		die(&err);
}

static void write_answers(const struct engine *e, struct outputs *o,
			  const char *dir)
{
	FILE *f;

	ask(e, Q_BANDS, o);
	f = answer_file(dir, "bands.txt");
	for (size_t r = 0; r < e->nr_rows; r++) {
		const struct measure *m = &o->m[r];
		fprintf(f, "%u %u %u %u %u %u\n", e->enrolment_id[r], m->possible,
			m->attendance, m->authorised, m->unauthorised, o->band[r]);
	}
	fclose(f);
	ask(e, Q_SCHOOLS, o);
	f = answer_file(dir, "schools.txt");
	for (size_t s = 0; s < e->nr_schools; s++) {
		const struct tally *t = &o->schools[s];
		if (!t->enrolments)
			continue;
		fprintf(f, "%zu %llu %llu %llu %llu %llu %llu %llu\n", s,
			(unsigned long long)t->enrolments, (unsigned long long)t->possible,
			(unsigned long long)t->attendance, (unsigned long long)t->authorised,
			(unsigned long long)t->unauthorised, (unsigned long long)t->pa,
			(unsigned long long)t->sa);
	}
	fclose(f);
	ask(e, Q_COHORTS, o);
	f = answer_file(dir, "cohorts.txt");
	for (int c = 0; c < ENGINE_COHORT_COUNT; c++)
		for (int b = 1; b < BAND_COUNT; b++)
			if (o->cohorts[c].band[b])
				fprintf(f, "%d %d %llu\n", c, b,
					(unsigned long long)o->cohorts[c].band[b]);
	fclose(f);
	ask(e, Q_PENALTY, o);
	f = answer_file(dir, "penalty.txt");
	for (size_t r = 0; r < e->nr_rows; r++)
		if (o->met[r] >= 0)
			fprintf(f, "%u %d\n", e->enrolment_id[r], o->met[r]);
	fclose(f);
	ask(e, Q_WEEKLY, o);
	f = answer_file(dir, "weekly.txt");
	for (size_t s = 0; s < e->nr_schools; s++)
		for (int w = 0; w < ENGINE_WEEKS; w++) {
			const struct engine_sums *x = &o->weekly[s * ENGINE_WEEKS + (size_t)w];
			if (x->possible)
				fprintf(f, "%zu %d %llu %llu\n", s, w,
					(unsigned long long)x->possible,
					(unsigned long long)x->absent);
		}
	fclose(f);
}

int main(int argc, char **argv)
{
	const char *path = "bench/data/national/engine.bin", *out = NULL;
	const char *only = NULL;
	int runs = 3, repeat = 1;
	long buffer_mb = 2048;
	struct engine *e;
	struct error err = ERROR_INIT;
	struct outputs o;
	double t0, t_load, best[Q_COUNT];
	long hwm;
	double marks;
	uint64_t sum = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--engine") && i + 1 < argc)
			path = argv[++i];
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--buffer-mb") && i + 1 < argc)
			buffer_mb = atol(argv[++i]);
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--no-counts"))
			counts = 0;
		else {
			fprintf(stderr, "usage: engine_bench [--engine FILE] [--out DIR] "
				"[--runs R] [--buffer-mb M] [--only Q --repeat K] "
				"[--no-counts]\n");
			return 2;
		}
	}
	t0 = now();
	if (engine_read(&e, path, &err))
		die(&err);
	t_load = now() - t0;
	marks = (double)e->nr_rows * 380;
	memset(&o, 0, sizeof(o));
	o.m = counts ? xcalloc(e->nr_rows, sizeof(*o.m)) : NULL;
	o.band = xcalloc(e->nr_rows, 1);
	o.met = xcalloc(e->nr_rows, sizeof(*o.met));
	o.schools = xcalloc(e->nr_schools, sizeof(*o.schools));
	o.areas = xcalloc(e->nr_areas, sizeof(*o.areas));
	o.weekly = xcalloc(e->nr_schools * ENGINE_WEEKS, sizeof(*o.weekly));
	if (only) {
		for (int q = 0; q < Q_COUNT; q++)
			if (!strcmp(only, question_name[q])) {
				for (int k = 0; k < repeat; k++)
					ask(e, (enum question)q, &o);
				return 0;
			}
		fprintf(stderr, "engine_bench: no question %s\n", only);
		return 2;
	}
	printf("enrolments %zu\nschools %zu\ncolumns %zu\nstride %zu\nmarks %.0f\n",
	       e->nr_rows, e->nr_schools, e->nr_cols, e->stride, marks);
	printf("load_s %.3f\nengine_bytes %zu\n", t_load, engine_memory(e));

	/*
	 * Read bandwidth before the questions (the buffer is unmapped again,
	 * so it is not in the peak below) and after them: the machine is
	 * shared, so both are printed, and the higher is the one to compare.
	 */
	if (buffer_mb > 0)
		printf("bandwidth_buffer_mb %ld\nbandwidth_before_gbs %.2f\n", buffer_mb,
		       bandwidth(buffer_mb, runs, &sum));
	/* the plain two-thread scan of the matrix */
	{
		double b = 1e9;
		size_t bytes = e->nr_rows * e->stride;

		for (int r = 0; r <= runs; r++) {
			double t = sum_two(e->marks, bytes, &sum);
			if (r && t < b)
				b = t;
		}
		printf("scan_s %.6f\nscan_gbs %.2f\n", b, (double)bytes / b / 1e9);
	}
	/* the questions: warm-up, then the best of runs */
	for (int q = 0; q < Q_COUNT; q++) {
		if (q == Q_BAND_ONLY && !counts) {
			best[q] = best[Q_BANDS];
			continue;
		}
		best[q] = 1e9;
		for (int r = 0; r <= runs; r++) {
			double t = now();
			ask(e, (enum question)q, &o);
			t = now() - t;
			if (r && t < best[q])
				best[q] = t;
		}
		printf("%s_s %.6f\n", question_name[q], best[q]);
	}
	printf("penalty_met %zu\nauthority_possible %llu\nauthority_absent %llu\n"
	       "authority_pa %llu\nauthority_sa %llu\nauthority_enrolments %llu\n",
	       o.nr_met, (unsigned long long)o.all.possible,
	       (unsigned long long)(o.all.authorised + o.all.unauthorised),
	       (unsigned long long)o.all.pa, (unsigned long long)o.all.sa,
	       (unsigned long long)o.all.enrolments);
	hwm = status_kb("VmHWM:");
	printf("peak_rss_bytes %ld\nbytes_per_mark %.4f\nengine_bytes_per_mark %.4f\n",
	       hwm * 1024, (double)hwm * 1024 / marks,
	       (double)engine_memory(e) / marks);
	if (!counts) {
		/* the full counts, after the peak above was read */
		double b = 1e9;
		o.m = xcalloc(e->nr_rows, sizeof(*o.m));
		counts = 1;
		for (int r = 0; r <= runs; r++) {
			double t = now();
			ask(e, Q_BANDS, &o);
			t = now() - t;
			if (r && t < b)
				b = t;
		}
		printf("bands_with_counts_s %.6f\npeak_rss_with_counts_bytes %ld\n", b,
		       status_kb("VmHWM:") * 1024);
	}
	if (out)
		write_answers(e, &o, out);
	/* measured read bandwidth again, after the questions */
	if (buffer_mb > 0)
		printf("bandwidth_after_gbs %.2f\n", bandwidth(buffer_mb, runs, &sum));
	printf("checksum %llu\n", (unsigned long long)sum);
	engine_free(e);
	return 0;
}
