/*
 * attend quality: the notes imports left on the data's quality (a CTF
 * year whose totals disagree with its marks, marks on days a school was
 * closed or on Sundays; docs/imports.md), for one school or the
 * authority, note by note or (--by-school) counted per school with the
 * marks waiting for a pupil record.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "report/dataquality.h"

/* "possible 17, attended 8, authorised 6, unauthorised 2": those given. */
static void totals_text(const struct quality_totals *t, char *out, size_t n)
{
	const long v[4] = { t->possible, t->attended, t->authorised,
			    t->unauthorised };
	static const char *const name[4] = { "possible", "attended",
					     "authorised", "unauthorised" };
	size_t len = 0;

	out[0] = '\0';
	for (int k = 0; k < 4 && len < n; k++)
		if (v[k] >= 0)
			len += (size_t)snprintf(out + len, n - len, "%s%s %ld",
						len ? ", " : "", name[k], v[k]);
}

static int list_notes(struct store *st, const struct report_options *ro,
		      struct output *o, struct error *e)
{
	static const struct column columns[] = {
		{ "urn", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "kind", COLUMN_TEXT }, { "year", COLUMN_NUMBER },
		{ "first", COLUMN_TEXT }, { "last", COLUMN_TEXT },
		{ "marks", COLUMN_NUMBER }, { "given", COLUMN_TEXT },
		{ "from_marks", COLUMN_TEXT }, { "file", COLUMN_TEXT },
		{ "line", COLUMN_NUMBER },
	};
	struct quality_note *n;
	size_t nr;

	if (quality_list_notes(st, ro->urn, &n, &nr, e))
		return -1;
	output_begin(o, ro->fmt, columns, sizeof(columns) / sizeof(columns[0]),
		     stdout);
	for (size_t i = 0; i < nr; i++) {
		char urn[8], year[8], first[11], last[11], marks[24], line[24];
		char given[96] = "", computed[96] = "";
		int totals = n[i].kind == QUALITY_TOTALS;
		const char *cells[] = { urn, n[i].upn, quality_kind_name(n[i].kind),
					year, first, last, totals ? "" : marks,
					given, computed, n[i].file, line };

		snprintf(urn, sizeof(urn), "%06d", n[i].urn);
		snprintf(year, sizeof(year), "%d", n[i].year);
		snprintf(marks, sizeof(marks), "%ld", n[i].marks);
		snprintf(line, sizeof(line), "%ld", n[i].line);
		date_format(n[i].first, first);
		date_format(n[i].last, last);
		if (totals) {
			totals_text(&n[i].given, given, sizeof(given));
			totals_text(&n[i].computed, computed, sizeof(computed));
		}
		output_row(o, cells);
	}
	free(n);
	return 0;
}

static int list_schools(struct store *st, const struct report_options *ro,
			struct output *o, struct error *e)
{
	static const struct column columns[] = {
		{ "urn", COLUMN_NUMBER }, { "totals", COLUMN_NUMBER },
		{ "closed_day", COLUMN_NUMBER }, { "sunday", COLUMN_NUMBER },
		{ "held_marks", COLUMN_NUMBER }, { "held_pupils", COLUMN_NUMBER },
	};
	struct quality_school *s;
	size_t nr;

	if (quality_list_schools(st, ro->urn, &s, &nr, e))
		return -1;
	output_begin(o, ro->fmt, columns, sizeof(columns) / sizeof(columns[0]),
		     stdout);
	for (size_t i = 0; i < nr; i++) {
		char v[6][24];
		const char *cells[6] = { v[0], v[1], v[2], v[3], v[4], v[5] };

		snprintf(v[0], sizeof(v[0]), "%06d", s[i].urn);
		for (int k = 0; k < QUALITY_KIND_COUNT; k++)
			snprintf(v[1 + k], sizeof(v[1 + k]), "%ld", s[i].notes[k]);
		snprintf(v[4], sizeof(v[4]), "%ld", s[i].held_marks);
		snprintf(v[5], sizeof(v[5]), "%ld", s[i].held_pupils);
		output_row(o, cells);
	}
	free(s);
	return 0;
}

int cmd_quality(struct cli *cli, int argc, char **argv)
{
	struct report_options ro = REPORT_OPTIONS_INIT;
	int by_school = 0;
	const struct cli_option opts[] = {
		OPT_URN("school", &ro.urn, "only this school's (default: every "
			"school's)"),
		OPT_BOOL("by-school", &by_school, "how many notes of each kind, "
			 "and marks held, school by school"),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct output o;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = report_open(cli, &st, &ro)) >= 0)
		return rc;
	if (by_school ? list_schools(st, &ro, &o, &e) :
	    list_notes(st, &ro, &o, &e))
		return report_fail(st, &e);
	return report_finish(&o, st);
}
