/*
 * attend held: the marks waiting for a pupil record (docs/imports.md), for
 * one school or the authority.  A register or MIS export naming a pupil
 * who is not yet on the school's roll has their marks held; the pupils
 * file or CTF that brings the pupil applies them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "report/dataquality.h"

static int list_pupils(struct store *st, const struct report_options *ro,
		       struct output *o, struct error *e)
{
	static const struct column columns[] = {
		{ "urn", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "marks", COLUMN_NUMBER }, { "first", COLUMN_TEXT },
		{ "last", COLUMN_TEXT }, { "file", COLUMN_TEXT },
		{ "line", COLUMN_NUMBER }, { "held_at", COLUMN_TEXT },
	};
	struct held_pupil *p;
	size_t nr;

	if (held_list_pupils(st, ro->urn, &p, &nr, e))
		return -1;
	output_begin(o, ro->fmt, columns, sizeof(columns) / sizeof(columns[0]),
		     stdout);
	for (size_t i = 0; i < nr; i++) {
		char urn[8], marks[24], first[11], last[11], line[24];
		const char *cells[] = { urn, p[i].upn, marks, first, last,
					p[i].file, line, p[i].held_at };

		snprintf(urn, sizeof(urn), "%06d", p[i].urn);
		snprintf(marks, sizeof(marks), "%ld", p[i].marks);
		snprintf(line, sizeof(line), "%ld", p[i].line);
		date_format(p[i].first, first);
		date_format(p[i].last, last);
		output_row(o, cells);
	}
	free(p);
	return 0;
}

static int list_marks(struct store *st, const struct report_options *ro,
		      const char *upn, struct output *o, struct error *e)
{
	static const struct column columns[] = {
		{ "urn", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "date", COLUMN_TEXT }, { "session", COLUMN_TEXT },
		{ "code", COLUMN_TEXT }, { "file", COLUMN_TEXT },
		{ "line", COLUMN_NUMBER }, { "held_at", COLUMN_TEXT },
	};
	struct held_mark *m;
	size_t nr;

	if (held_list_marks(st, ro->urn, upn, &m, &nr, e))
		return -1;
	output_begin(o, ro->fmt, columns, sizeof(columns) / sizeof(columns[0]),
		     stdout);
	for (size_t i = 0; i < nr; i++) {
		char urn[8], date[11], line[24];
		const char *cells[] = { urn, m[i].upn, date,
					m[i].session == SESSION_PM ? "PM" : "AM",
					m[i].code, m[i].file, line, m[i].held_at };

		snprintf(urn, sizeof(urn), "%06d", m[i].urn);
		snprintf(line, sizeof(line), "%ld", m[i].line);
		date_format(m[i].day, date);
		output_row(o, cells);
	}
	free(m);
	return 0;
}

int cmd_held(struct cli *cli, int argc, char **argv)
{
	struct report_options ro = REPORT_OPTIONS_INIT;
	const char *upn = NULL;
	int marks = 0;
	const struct cli_option opts[] = {
		OPT_URN("school", &ro.urn, "only this school's (default: every "
			"school's)"),
		OPT_BOOL("marks", &marks, "every mark held, not one line a pupil"),
		OPT_STRING("upn", "UPN", &upn, "only this pupil's marks (with "
			   "--marks)"),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct output o;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (upn && !marks)
		return cli_usage_error(cli, "--upn goes with --marks");
	if ((rc = report_open(cli, &st, &ro)) >= 0)
		return rc;
	if (marks ? list_marks(st, &ro, upn, &o, &e) :
	    list_pupils(st, &ro, &o, &e))
		return report_fail(st, &e);
	return report_finish(&o, st);
}
