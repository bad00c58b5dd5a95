/* attend ctf: a Common Transfer File of attendance, for transition. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/ctf_export.h"

int cmd_ctf(struct cli *cli, int argc, char **argv)
{
	struct ctf_export x = { 0 };
	struct report_options ro = REPORT_OPTIONS_INIT;
	const char *dest = NULL, *path = NULL;
	const struct cli_option opts[] = {
		OPT_URN("school", &x.urn, "the school sending the file"),
		OPT_STRING("pupil", "UPN", &x.upn, "one pupil (default: the "
			   "whole roll)"),
		OPT_YEAR("from-year", &x.first_year, "first academic year "
			 "(default: the year before the latest mark's)"),
		OPT_YEAR("to-year", &x.last_year, "last academic year "
			 "(default: the latest mark's)"),
		OPT_STRING("dest", "LAESTAB", &dest, "the receiving school, "
			   "if known"),
		OPT_STRING("out", "FILE", &path, "write here (default: "
			   "standard output)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct store *st;
	FILE *out = stdout;
	char *end;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!x.urn)
		return cli_usage_error(cli, "name the sending school with --school");
	if (dest) {
		x.dest_laestab = (int32_t)strtol(dest, &end, 10);
		if (*end || strlen(dest) != 7)
			return cli_usage_error(cli, "--dest takes a LAESTAB (7 "
					       "digits)");
	}
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if ((rc = report_options_resolve(&ro, st)) >= 0)
		goto out;
	rc = 0;
	if (!x.last_year)
		x.last_year = academic_year_of(ro.period.from);
	if (!x.first_year)
		x.first_year = x.last_year - 1;
	if (x.first_year < ACADEMIC_YEAR_MIN || x.first_year > x.last_year) {
		rc = cli_usage_error(cli, "--from-year and --to-year take years "
				     "2000-2098, in order");
		goto out;
	}
	if (path && !(out = fopen(path, "w"))) {
		perror(path);
		rc = EXIT_INPUT;
		goto out;
	}
	if (ctf_export_write(st, &x, out, &e))
		rc = cli_fail(&e);
	if (out != stdout && fclose(out) && !rc) {
		perror(path);
		rc = EXIT_INPUT;
	}
out:
	store_close(st);
	return rc;
}
