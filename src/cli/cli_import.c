#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/import.h"

struct progress {
	int on;
	double start;
	const char *file;
	size_t nth, total_files;
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A progress line on a terminal: file, bar, bytes, rate, time left. */
static void show_progress(void *ctx, const char *file, size_t done, size_t total)
{
	struct progress *p = ctx;
	double elapsed, rate;
	int width = 24, filled;

	if (!p->on)
		return;
	if (p->file != file) {
		p->file = file;
		p->start = now_seconds();
	}
	elapsed = now_seconds() - p->start;
	rate = elapsed > 0 ? (double)done / elapsed : 0;
	filled = total ? (int)((double)width * (double)done / (double)total) : width;
	fprintf(stderr, "\r[%zu/%zu] %-28.28s [%.*s%*s] %6.1f/%.1f MB %6.1f MB/s",
		p->nth, p->total_files, file, filled,
		"########################", width - filled, "",
		(double)done / 1e6, (double)total / 1e6, rate / 1e6);
	if (rate > 0 && done < total)
		fprintf(stderr, " %4.0fs left", (double)(total - done) / rate);
	else
		fputs("           ", stderr);
	fflush(stderr);
}

struct queued {
	const char *path;
	enum import_kind kind;
};

/* Tells the importer the order, so that it can read CTFs ahead. */
static void plan(struct importer *im, const struct queued *q, size_t nr)
{
	const char **order = xcalloc(nr ? nr : 1, sizeof(*order));

	for (size_t i = 0; i < nr; i++)
		order[i] = q[i].path;
	importer_plan(im, order, nr);
	free(order);
}

/*
 * Imports files in the order their contents need: schools and areas,
 * then calendars, then pupils, then registers.  Shared with `attend demo`.
 */
int cli_import_files(struct store *st, char *const *paths, size_t nr,
		     const struct import_options *o)
{
	int quiet = o->quiet, verbose = o->verbose;
	struct queued *q = xcalloc(nr ? nr : 1, sizeof(*q));
	struct importer *im = importer_new(st);
	struct progress p = { 0 };
	struct import_summary total = { 0 };
	struct error e = ERROR_INIT;
	size_t done = 0;
	int rc = 0;

	if (o->school && importer_set_school(im, o->school, o->map, &e)) {
		rc = cli_fail(&e);
		goto out;
	}

	for (size_t i = 0; i < nr; i++) {
		q[i].path = paths[i];
		if (import_detect(im, paths[i], &q[i].kind, &e)) {
			rc = cli_fail(&e);
			fprintf(stderr, "attend: nothing imported\n");
			goto out;
		}
	}
	/* A stable insertion sort: the given order holds within a kind. */
	for (size_t i = 1; i < nr; i++)
		for (size_t j = i; j > 0 && q[j - 1].kind > q[j].kind; j--) {
			struct queued t = q[j];
			q[j] = q[j - 1];
			q[j - 1] = t;
		}
	plan(im, q, nr);
	p.on = !quiet && isatty(2);
	p.total_files = nr;
	importer_set_progress(im, show_progress, &p);
	for (size_t i = 0; i < nr; i++) {
		struct import_summary sum;
		struct strbuf line = STRBUF_INIT;

		p.nth = i + 1;
		if (import_file(im, q[i].path, &sum, &e)) {
			if (p.on)
				fputs("\n", stderr);
			rc = cli_fail(&e);
			fprintf(stderr, "attend: %s not imported (nothing from it "
				"was stored)", q[i].path);
			if (done)
				fprintf(stderr, "; %zu file%s before it imported",
					done, done == 1 ? "" : "s");
			if (i + 1 < nr)
				fprintf(stderr, "; %zu after it not attempted",
					nr - i - 1);
			fputs("\n", stderr);
			goto out;
		}
		done++;
		total.marks_added += sum.marks_added;
		total.marks_changed += sum.marks_changed;
		total.marks_unchanged += sum.marks_unchanged;
		if (p.on)
			fputs("\r\033[K", stderr);
		if (!quiet && (verbose || nr <= 20)) {
			import_summary_format(&sum, &line);
			printf("%s: %s\n", q[i].path, line.buf);
		}
		strbuf_release(&line);
	}
	if (!quiet && nr > 1)
		printf("imported %zu files; marks %ld added, %ld changed, %ld "
		       "unchanged\n", nr, total.marks_added, total.marks_changed,
		       total.marks_unchanged);
out:
	importer_free(im);
	free(q);
	return rc;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	struct import_options io = { 0 };
	int rc;
	const struct cli_option opts[] = {
		OPT_BOOL("quiet", &io.quiet, "print only errors"),
		OPT_BOOL("verbose", &io.verbose, "a summary line for every "
			 "file"),
		OPT_URN("school", &io.school, "the school MIS register exports "
			"without a URN column belong to"),
		OPT_STRING("map", "SPEC", &io.map, "the column names of that "
			   "school's MIS exports (upn=, date=, am=, pm=, or "
			   "session= and mark= for a row per session; urn=), "
			   "saved for next time"),
		OPT_END(),
	};
	struct store *st;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (io.map && !io.school)
		return cli_usage_error(cli, "--map goes with --school");
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	rc = cli_import_files(st, argv, (size_t)argc, &io);
	store_close(st);
	return rc;
}
