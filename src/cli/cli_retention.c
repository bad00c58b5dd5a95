/*
 * attend retention: the authority's retention periods applied
 * (report/retention.h), and the legal holds that keep a pupil's
 * records whatever their age.  Each change is logged by the operating
 * system's user who made it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/retention.h"

/* "os:NAME", the audit log's name for whoever runs the command. */
static const char *runner(struct viewer *v)
{
	return cli_os_viewer(v)->username;
}

static void report_print(const struct retention_report *r, bool dry_run)
{
	char today[11], reg[11], cw[11];

	date_format(r->today, today);
	date_format(r->registers_before, reg);
	date_format(r->casework_before, cw);
	printf("retention as of %s%s\n", today, dry_run ?
	       " (dry run: nothing was changed)" : "");
	printf("  registers: %d years after leaving, of pupils who left before "
	       "%s\n", r->policy.registers_years, reg);
	printf("  casework:  %d years after leaving, of pupils who left before "
	       "%s\n", r->policy.casework_years, cw);
	printf("  audit log: %d years, entries written before %s\n",
	       r->policy.audit_years, r->audit_before);
	printf("pupils: %ld registers and %ld casework past their period, %ld "
	       "records removed; %ld kept by a legal hold\n", r->pupils_registers,
	       r->pupils_casework, r->pupils_removed, r->pupils_held);
	printf("%-26s %8s\n", "table", "rows");
	for (size_t i = 0; i < r->nr_rows; i++)
		printf("%-26s %8ld %s%s\n", r->rows[i].table, r->rows[i].rows,
		       dry_run ? "to be " : "", r->rows[i].how);
}

int cmd_retention_apply(struct cli *cli, int argc, char **argv)
{
	int dry_run = 0;
	const struct cli_option opts[] = {
		OPT_BOOL("dry-run", &dry_run, "count what would go, change "
			 "nothing"),
		OPT_END(),
	};
	struct retention_report r;
	struct error e = ERROR_INIT;
	struct viewer who;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (retention_apply(st, date_today(), dry_run, runner(&who), &r, &e))
		return report_fail(st, &e);
	store_close(st);
	report_print(&r, dry_run);
	return 0;
}

int cmd_retention_hold(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL;
	const struct cli_option opts[] = {
		OPT_STRING("reason", "TEXT", &reason, "why the records are kept "
			   "(required)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct viewer who;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!reason || !*reason)
		return cli_usage_error(cli, "say why the records are kept: "
				       "--reason TEXT");
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (retention_hold(st, argv[0], reason, runner(&who), &e))
		return report_fail(st, &e);
	store_close(st);
	printf("pupil %s is under a legal hold: retention keeps all of their "
	       "records\n", argv[0]);
	return 0;
}

int cmd_retention_release(struct cli *cli, int argc, char **argv)
{
	struct error e = ERROR_INIT;
	struct viewer who;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, NULL, 0)) < 0)
		return cli_exit(argc);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (retention_release(st, argv[0], runner(&who), &e))
		return report_fail(st, &e);
	store_close(st);
	printf("pupil %s is under no legal hold now\n", argv[0]);
	return 0;
}

int cmd_retention_list(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "upn", COLUMN_TEXT }, { "name", COLUMN_TEXT },
		{ "reason", COLUMN_TEXT }, { "held_at", COLUMN_TEXT },
		{ "held_by", COLUMN_TEXT },
	};
	enum output_format format = output_format_default(stdout);
	const struct cli_option opts[] = { OPT_FORMAT(&format), OPT_END() };
	struct retention_held *rows;
	struct error e = ERROR_INIT;
	struct output o;
	struct store *st;
	size_t nr;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (retention_holds(st, &rows, &nr, &e))
		return report_fail(st, &e);
	output_begin(&o, format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < nr; i++) {
		const char *cells[5] = { rows[i].upn, rows[i].name, rows[i].reason,
					 rows[i].held_at, rows[i].held_by };
		output_row(&o, cells);
	}
	free(rows);
	return report_finish(&o, st);
}
