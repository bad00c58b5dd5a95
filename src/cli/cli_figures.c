/*
 * The figures of pupils and schools: attend pupils, schools, penalty,
 * register and registers.  The authority's reports (attend report ...)
 * are in cli_report.c.
 */
#include <stdlib.h>

#include "cli/cli.h"

#define REPORT_OPTIONS(ro) \
	OPT_URN("school", &(ro).urn, "only this school"), \
	OPT_REPORT_PERIOD(ro), \
	OPT_FORMAT(&(ro).fmt)

static int load(struct cli *cli, struct report_options *ro, struct store **st,
		struct roll_report *r)
{
	struct error e = ERROR_INIT;
	int rc;

	if ((rc = report_open(cli, st, ro)) >= 0)
		return rc;
	if (report_enrolments(*st, &ro->period, ro->urn, r, &e)) {
		store_close(*st);
		return cli_fail(&e);
	}
	return -1;
}

int cmd_pupils(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "upn", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "possible", COLUMN_NUMBER }, { "attendance", COLUMN_NUMBER },
		{ "authorised", COLUMN_NUMBER }, { "unauthorised", COLUMN_NUMBER },
		{ "absence_pct", COLUMN_NUMBER }, { "band", COLUMN_TEXT },
		{ "pa", COLUMN_NUMBER }, { "sa", COLUMN_NUMBER },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	const struct cli_option opts[] = { REPORT_OPTIONS(ro), OPT_END() };
	struct roll_report r;
	struct output o;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = load(cli, &ro, &st, &r)) >= 0)
		return rc;
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < r.nr_rows; i++) {
		const struct enrolment_row *row = &r.rows[i];
		uint32_t absent = measure_absent(&row->m);
		char urn[8], possible[12], attendance[12], auth[12], unauth[12];
		char pct[24];
		const char *cells[10] = {
			row->upn, urn, possible, attendance, auth, unauth,
			percent_format(absent, row->m.possible, pct),
			band_name(band_of(absent, row->m.possible)),
			absence_is_pa(absent, row->m.possible) ? "1" : "0",
			absence_is_sa(absent, row->m.possible) ? "1" : "0",
		};

		snprintf(urn, sizeof(urn), "%06d", row->urn);
		snprintf(possible, sizeof(possible), "%u", row->m.possible);
		snprintf(attendance, sizeof(attendance), "%u", row->m.attendance);
		snprintf(auth, sizeof(auth), "%u", row->m.authorised);
		snprintf(unauth, sizeof(unauth), "%u", row->m.unauthorised);
		output_row(&o, cells);
	}
	roll_report_release(&r);
	return report_finish(&o, st);
}

int cmd_schools(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "urn", COLUMN_NUMBER }, { "name", COLUMN_TEXT },
		{ "enrolments", COLUMN_NUMBER }, { "possible", COLUMN_NUMBER },
		{ "overall_pct", COLUMN_NUMBER }, { "authorised_pct", COLUMN_NUMBER },
		{ "unauthorised_pct", COLUMN_NUMBER }, { "pa", COLUMN_NUMBER },
		{ "pa_pct", COLUMN_NUMBER }, { "sa", COLUMN_NUMBER },
		{ "sa_pct", COLUMN_NUMBER },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	int all_ages = 0;
	const struct cli_option opts[] = {
		REPORT_OPTIONS(ro),
		OPT_BOOL("all-ages", &all_ages, "count every pupil, not only "
			 "those of compulsory school age (5-15 on 31 August)"),
		OPT_END(),
	};
	struct school_report r;
	struct error e = ERROR_INIT;
	struct output o;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = report_open(cli, &st, &ro)) >= 0)
		return rc;
	if (report_schools(st, &ro.period, ro.urn, all_ages, &r, &e)) {
		store_close(st);
		return cli_fail(&e);
	}
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < r.nr_schools; i++) {
		const struct tally *t = &r.tally[i];
		char urn[8], enrolments[24], possible[24], pa[24], sa[24];
		char overall[24], auth[24], unauth[24], pa_pct[24], sa_pct[24];
		const char *cells[11] = {
			urn, r.schools[i].name, enrolments, possible,
			percent_format(t->authorised + t->unauthorised, t->possible,
				       overall),
			percent_format(t->authorised, t->possible, auth),
			percent_format(t->unauthorised, t->possible, unauth),
			pa, percent_format(t->pa, t->enrolments, pa_pct),
			sa, percent_format(t->sa, t->enrolments, sa_pct),
		};

		if (ro.urn && r.schools[i].urn != ro.urn)
			continue;
		snprintf(urn, sizeof(urn), "%06d", r.schools[i].urn);
		snprintf(enrolments, sizeof(enrolments), "%llu",
			 (unsigned long long)t->enrolments);
		snprintf(possible, sizeof(possible), "%llu",
			 (unsigned long long)t->possible);
		snprintf(pa, sizeof(pa), "%llu", (unsigned long long)t->pa);
		snprintf(sa, sizeof(sa), "%llu", (unsigned long long)t->sa);
		output_row(&o, cells);
	}
	school_report_release(&r);
	return report_finish(&o, st);
}

int cmd_penalty(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "upn", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "first_met", COLUMN_TEXT },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	day_t as_of = date_today();
	const struct cli_option opts[] = {
		OPT_DATE("as-of", &as_of, "threshold met on or before this "
			 "date (default: today)"),
		OPT_URN("school", &ro.urn, "only this school"),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct penalty_row *rows;
	struct output o;
	struct store *st;
	size_t nr_rows;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = report_open(cli, &st, &ro)) >= 0)
		return rc;
	if (report_penalty(st, as_of, &rows, &nr_rows, &e))
		return report_fail(st, &e);
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < nr_rows; i++) {
		char urn[8], met[11];
		const char *cells[3] = { rows[i].upn, urn, met };

		if (ro.urn && rows[i].urn != ro.urn)
			continue;
		snprintf(urn, sizeof(urn), "%06d", rows[i].urn);
		date_format(rows[i].first_met, met);
		output_row(&o, cells);
	}
	free(rows);
	return report_finish(&o, st);
}

int cmd_register(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "upn", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "date", COLUMN_TEXT }, { "session", COLUMN_TEXT },
		{ "code", COLUMN_TEXT }, { "category", COLUMN_TEXT },
		{ "code_2024", COLUMN_TEXT }, { "meaning", COLUMN_TEXT },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	int year = 0;
	const struct cli_option opts[] = {
		OPT_YEAR("year", &year, "the academic year starting in YYYY "
			 "(default: that of the latest mark)"),
		OPT_URN("school", &ro.urn, "only this school's register"),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct register_mark *marks;
	struct output o;
	struct store *st;
	size_t nr_marks;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if ((rc = report_options_resolve(&ro, st)) >= 0)
		goto out;
	if (!year)
		year = academic_year_of(ro.period.from);
	if (report_register(st, argv[0], year, ro.urn, &marks, &nr_marks, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < nr_marks; i++) {
		const struct code_info *c = mark_info(marks[i].mark);
		char urn[8], date[11];
		const char *cells[8] = {
			argv[0], urn, date, marks[i].session == SESSION_AM ? "AM" : "PM",
			c->code, category_name(c->category), c->equivalent, c->meaning,
		};

		snprintf(urn, sizeof(urn), "%06d", marks[i].urn);
		date_format(marks[i].day, date);
		output_row(&o, cells);
	}
	free(marks);
	rc = cli_output_end(&o);
out:
	store_close(st);
	return rc;
}

int cmd_registers(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "urn", COLUMN_NUMBER }, { "name", COLUMN_TEXT },
		{ "open_sessions", COLUMN_NUMBER }, { "not_taken", COLUMN_NUMBER },
		{ "first", COLUMN_TEXT }, { "last", COLUMN_TEXT },
	};
	enum output_format f = output_format_default(stdout);
	day_t as_of = DAY_NONE;
	int year = 0;
	const struct cli_option opts[] = {
		OPT_YEAR("year", &year, "the academic year starting in YYYY "
			 "(default: that of --as-of)"),
		OPT_DATE("as-of", &as_of, "count sessions up to this day "
			 "(default: the latest mark)"),
		OPT_FORMAT(&f),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct missing_register *rows;
	struct output o;
	struct store *st;
	size_t nr_rows;
	long with_calendar = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (as_of == DAY_NONE && report_latest_mark(st, &as_of))
		as_of = date_today();
	if (!year)
		year = academic_year_of(as_of);
	if (report_missing_registers(st, year, as_of, &rows, &nr_rows,
				     &with_calendar, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	if (!with_calendar)
		fputs("attend: no school calendar has been imported, so registers "
		      "not taken cannot be told from days the school was shut\n",
		      stderr);
	output_begin(&o, f, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < nr_rows; i++) {
		char urn[8], open[12], missing[12], first[11], last[11];
		const char *cells[6] = { urn, rows[i].name, open, missing, first, last };

		snprintf(urn, sizeof(urn), "%06d", rows[i].urn);
		snprintf(open, sizeof(open), "%d", rows[i].open);
		snprintf(missing, sizeof(missing), "%d", rows[i].missing);
		date_format(rows[i].first, first);
		date_format(rows[i].last, last);
		output_row(&o, cells);
	}
	free(rows);
	rc = cli_output_end(&o);
out:
	store_close(st);
	return rc;
}
