/* attend demo: generate a realistic demo authority and import it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "demo/demo.h"
#include "report/ctf_export.h"

static void headline(struct store *st, int year, const char *label)
{
	struct period p = { academic_year_start(year), academic_year_end(year) };
	struct school_report r;
	struct error e = ERROR_INIT;
	struct tally all = { 0 }, phase[PHASE_COUNT];
	char a[24], b[24], c[24], d[24], f[24], name[8];

	if (report_schools(st, &p, 0, false, &r, &e)) {
		cli_fail(&e);
		return;
	}
	memset(phase, 0, sizeof(phase));
	for (size_t i = 0; i < r.nr_schools; i++) {
		tally_merge(&all, &r.tally[i]);
		tally_merge(&phase[r.schools[i].phase], &r.tally[i]);
	}
	academic_year_name(year, name);
	printf("\n%s %s (pupils of compulsory school age):\n", name, label);
	printf("  %-10s %9s %8s %8s %8s %7s %6s\n", "", "pupils", "absence",
	       "auth", "unauth", "PA", "SA");
	for (int ph = -1; ph < PHASE_COUNT; ph++) {
		const struct tally *x = ph < 0 ? &all : &phase[ph];
		if (!x->enrolments)
			continue;
		printf("  %-10s %9llu %7s%% %7s%% %7s%% %6s%% %5s%%\n",
		       ph < 0 ? "authority" : phase_name((enum phase)ph),
		       (unsigned long long)x->enrolments,
		       percent_format(x->authorised + x->unauthorised, x->possible, a),
		       percent_format(x->authorised, x->possible, b),
		       percent_format(x->unauthorised, x->possible, c),
		       percent_format(x->pa, x->enrolments, d),
		       percent_format(x->sa, x->enrolments, f));
	}
	school_report_release(&r);
}

/* Each school's roll and registers as a CTF, in DIR/ctf/URN.xml. */
static int write_ctfs(struct store *st, const char *dir, int year, int quiet)
{
	struct roll_report r;
	struct period p = { academic_year_start(year), academic_year_start(year) };
	struct error e = ERROR_INIT;
	char path[1024];
	int rc = 0;

	snprintf(path, sizeof(path), "%s/ctf", dir);
	if (mkdir(path, 0777) && errno != EEXIST) {
		perror(path);
		return EXIT_INPUT;
	}
	if (report_enrolments(st, &p, 0, &r, &e))
		return cli_fail(&e);
	for (size_t i = 0; i < r.nr_schools && !rc; i++) {
		struct ctf_export x = { r.schools[i].urn, NULL, year - 1, year, 0 };
		FILE *f;

		snprintf(path, sizeof(path), "%s/ctf/%06d.xml", dir, r.schools[i].urn);
		if (!(f = fopen(path, "w"))) {
			perror(path);
			rc = EXIT_INPUT;
			break;
		}
		if (ctf_export_write(st, &x, f, &e))
			rc = cli_fail(&e);
		if (fclose(f) && !rc) {
			perror(path);
			rc = EXIT_INPUT;
		}
	}
	if (!rc && !quiet)
		printf("attend: wrote %zu Common Transfer Files in %s/ctf/\n",
		       r.nr_schools, dir);
	roll_report_release(&r);
	return rc;
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	const char *pupils = NULL, *seed = NULL, *out = "demo";
	int quiet = 0, ctf = 0, rc;
	const struct cli_option opts[] = {
		OPT_STRING("pupils", "N", &pupils, "about how many pupils "
			   "(default 40000)"),
		OPT_STRING("seed", "S", &seed, "random seed: the same seed "
			   "gives the same authority (default 1)"),
		OPT_STRING("out", "DIR", &out, "where to write the CSV files "
			   "(default demo)"),
		OPT_BOOL("ctf", &ctf, "also write each school's Common "
			 "Transfer File in DIR/ctf/"),
		OPT_BOOL("quiet", &quiet, "print only errors"),
		OPT_END(),
	};
	struct demo_options o = { 40000, 1, NULL, 0, 0 };
	struct strbuf files = STRBUF_INIT;
	struct error e = ERROR_INIT;
	char *end, **paths = NULL;
	size_t nr_paths = 0;
	struct store *st;
	day_t today = date_today();

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (pupils) {
		o.pupils = strtol(pupils, &end, 10);
		if (*end || o.pupils < 100 || o.pupils > 20000000)
			return cli_usage_error(cli, "--pupils takes a number "
					       "from 100 to 20000000");
	}
	if (seed) {
		o.seed = strtoull(seed, &end, 10);
		if (*end || !*seed)
			return cli_usage_error(cli, "--seed takes a number");
	}
	o.out_dir = out;
	o.today = today;
	o.progress = !quiet && isatty(2);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (!quiet)
		printf("attend: generating a demo authority of about %ld pupils "
		       "in %s/\n", o.pupils, out);
	if (demo_generate(&o, &files, &e)) {
		store_close(st);
		strbuf_release(&files);
		return cli_fail(&e);
	}
	for (char *p = files.buf, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		paths = xrealloc(paths, (nr_paths + 1) * sizeof(*paths));
		paths[nr_paths++] = p;
	}
	if (!quiet)
		printf("attend: importing %zu files into %s\n", nr_paths,
		       cli->db_path);
	{
		struct import_options io = { 1, 0, 0, NULL };
		rc = cli_import_files(st, paths, nr_paths, &io);
	}
	if (!rc && ctf)
		rc = write_ctfs(st, out, academic_year_of(today), quiet);
	if (!rc && !quiet) {
		int year = academic_year_of(today);
		headline(st, year - 1, "full year");
		headline(st, year, "to date");
	}
	store_close(st);
	free(paths);
	strbuf_release(&files);
	return rc;
}
