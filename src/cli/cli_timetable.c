/* attend timetable: part-time timetables (C2) and their reviews. */
#include "casework/casework.h"
#include "cli/cli.h"

int cmd_timetable_add(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *hours = NULL;
	struct part_time p = {
		.start = DAY_NONE, .end = DAY_NONE, .review = DAY_NONE,
	};
	int32_t urn = 0;
	int agreed = 0;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_URN("school", &urn, "the school that agreed it"),
		OPT_DATE("start", &p.start, "first day"),
		OPT_DATE("end", &p.end, "last day (time-limited)"),
		OPT_DATE("review", &p.review, "when it is reviewed"),
		OPT_STRING("hours", "H", &hours, "hours a week (up to 32.5, "
			   "one decimal)"),
		OPT_STRING("reason", "TEXT", &p.reason, "why a part-time "
			   "timetable"),
		OPT_BOOL("parent-agreed", &agreed, "the parents have agreed"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!urn || p.start == DAY_NONE || p.end == DAY_NONE ||
	    p.review == DAY_NONE || !hours)
		return cli_usage_error(cli, "name the --school, the dates "
				       "(--start, --end, --review) and the --hours");
	p.parent_agreed = agreed;
	if (hours_parse(hours, &p.hours_tenths))
		return cli_usage_error(cli, "--hours takes hours a week such as "
				       "15 or 12.5, not '%s'", hours);
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = part_time_add(s.st, &s.v, argv[0], urn, &p, &id, &e);
	if (!rc)
		printf("part-time timetable %lld added for %s; the LA is "
		       "notified\n", (long long)id, argv[0]);
	return acting_end(&s, rc, &e);
}

int cmd_timetable_review(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	int ended = 0;
	day_t on = date_today();
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_DATE("on", &on, "when (default: today)"),
		OPT_BOOL("ended", &ended, "the plan has ended (full time "
			 "again)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = id_arg(cli, argv[0], &id)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = part_time_reviewed(s.st, &s.v, id, on, ended, &e);
	if (!rc)
		printf("part-time timetable %lld %s\n", (long long)id,
		       ended ? "ended" : "reviewed");
	return acting_end(&s, rc, &e);
}

int cmd_timetable_list(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "timetable", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "urn", COLUMN_NUMBER }, { "start", COLUMN_TEXT },
		{ "end", COLUMN_TEXT }, { "review", COLUMN_TEXT },
		{ "hours", COLUMN_NUMBER }, { "reviewed", COLUMN_TEXT },
		{ "ended", COLUMN_TEXT }, { "review_overdue", COLUMN_NUMBER },
		{ "over_length", COLUMN_NUMBER }, { "reason", COLUMN_TEXT },
	};
	struct listing l = LISTING_INIT;
	const struct cli_option opts[] = { OPT_LISTING(l), OPT_END() };
	struct error e = ERROR_INIT;
	struct part_time_row *rows;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	if (part_time_list(l.s.st, &l.s.v, &rows, &n, &e))
		return acting_fail(&l.s, &e);
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		const struct part_time_row *r = &rows[i];
		char id[24], urn[8], a[11], b[11], c[11], d[11], x[11], hours[16];
		const char *cells[12] = {
			id, r->upn, urn, date_cell(r->start, a), date_cell(r->end, b),
			date_cell(r->review, c), hours, date_cell(r->reviewed, d),
			date_cell(r->ended, x), r->review_overdue ? "1" : "0",
			r->over_length ? "1" : "0", r->reason,
		};
		snprintf(id, sizeof(id), "%lld", (long long)r->id);
		snprintf(urn, sizeof(urn), "%06d", r->urn);
		snprintf(hours, sizeof(hours), "%d.%d", r->hours_tenths / 10,
			 r->hours_tenths % 10);
		output_row(&l.o, cells);
	}
	return listing_end(&l, rows);
}
