/* attend compare and attend config: the authority against published tables. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/compare.h"
#include "store/config.h"

static void cell(char *buf, size_t n, const struct compare_value *v)
{
	if (v->known)
		snprintf(buf, n, "%.2f", v->value);
	else
		buf[0] = '\0';
}

int cmd_compare(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "measure", COLUMN_TEXT }, { "ours", COLUMN_NUMBER },
		{ "national", COLUMN_NUMBER }, { "region", COLUMN_NUMBER },
		{ "neighbours", COLUMN_NUMBER }, { "rank", COLUMN_NUMBER },
		{ "of", COLUMN_NUMBER },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	const char *period_text = NULL;
	const struct cli_option opts[] = {
		OPT_REPORT_PERIOD(ro),
		OPT_STRING("dfe-period", "P", &period_text, "the published "
			   "period to compare with, e.g. 202425 (default: the "
			   "latest imported)"),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct comparison c;
	struct school_report r;
	struct tally all = { 0 };
	struct output o;
	struct store *st;
	char *end;
	int rc, period = 0;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (period_text) {
		period = (int)strtol(period_text, &end, 10);
		if (*end || strlen(period_text) != 6)
			return cli_usage_error(cli, "--dfe-period takes a period "
					       "like 202425");
	}
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if ((rc = report_options_resolve(&ro, st)) >= 0)
		goto out;
	if (ro.from == DAY_NONE && ro.to == DAY_NONE) {
		/*
		 * Published tables are full years: compare the last complete
		 * year of ours, not one under way.
		 */
		day_t day;
		int y, m, d;

		if (!report_latest_mark(st, &day)) {
			date_to_ymd(day, &y, &m, &d);
			if (m != 7) {
				int year = academic_year_of(day) - 1;
				ro.period.from = academic_year_start(year);
				ro.period.to = academic_year_end(year);
			}
		}
	}
	if (report_schools(st, &ro.period, 0, false, &r, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	for (size_t i = 0; i < r.nr_schools; i++)
		tally_merge(&all, &r.tally[i]);
	school_report_release(&r);
	if (report_compare(st, &all, period, &c, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	if (ro.fmt == FORMAT_TABLE) {
		char a[11], b[11];
		date_format(ro.period.from, a);
		date_format(ro.period.to, b);
		printf("%s (LA %s, %s), %s to %s, against DfE %d/%02d; %d "
		       "statistical neighbour%s found\n\n", c.la_name[0] ?
		       c.la_name : "This authority", c.la_code, c.region[0] ?
		       c.region : "region unknown", a, b, c.time_period / 100,
		       c.time_period % 100, c.nr_neighbours,
		       c.nr_neighbours == 1 ? "" : "s");
	}
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (int m = 0; m < COMPARE_MEASURES; m++) {
		char ours[24], nat[24], reg[24], nb[24], rank[16], of[16];
		const char *cells[7] = {
			compare_measure_name((enum compare_measure)m), ours, nat,
			reg, nb, rank, of,
		};

		cell(ours, sizeof(ours), &c.ours[m]);
		cell(nat, sizeof(nat), &c.national[m]);
		cell(reg, sizeof(reg), &c.region_value[m]);
		cell(nb, sizeof(nb), &c.neighbours[m]);
		snprintf(rank, sizeof(rank), "%d", c.rank[m]);
		snprintf(of, sizeof(of), "%d", c.of[m]);
		output_row(&o, cells);
	}
	rc = cli_output_end(&o);
out:
	store_close(st);
	return rc;
}

int cmd_config(struct cli *cli, int argc, char **argv)
{
	struct error e = ERROR_INIT;
	struct store *st;
	char value[512];
	int rc;

	if ((argc = cli_parse(cli, argc, argv, NULL, 0)) < 0) {
		if (argc == PARSE_HELP)
			for (int i = 0; config_keys[i][0]; i++)
				printf("  %-24s %s\n", config_keys[i][0],
				       config_keys[i][1]);
		return cli_exit(argc);
	}
	if (argc == 2)
		cli->mode = STORE_WRITE;
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (argc == 2) {
		if (config_set(st, argv[0], argv[1], &e))
			rc = cli_fail(&e);
	} else {
		for (int i = 0; config_keys[i][0]; i++) {
			if (argc == 1 && strcmp(argv[0], config_keys[i][0]))
				continue;
			if (config_get(st, config_keys[i][0], value, sizeof(value)))
				value[0] = '\0';
			if (argc)
				printf("%s\n", value);
			else
				printf("%s=%s\n", config_keys[i][0], value);
		}
	}
	store_close(st);
	return rc;
}
