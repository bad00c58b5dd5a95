/*
 * attend report KIND: the authority's reports (annual, kpi, codes,
 * dip-sample, cla-weekly).  The figures come from report/annual.h; this
 * file only formats them.  The figures of pupils and schools (attend
 * pupils, schools, ...) are in cli_figures.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/annual.h"
#include "report/annual.h"
#include "util/strbuf.h"
#include "web/html.h"

/*
 * *year from --year (0 if not given: the academic year of the latest
 * mark), which needs a year before it; -1 to go on, else the exit status.
 */
static int year_option(struct cli *cli, struct store *st, int *year)
{
	struct error e = ERROR_INIT;
	struct period p;

	if (*year == ACADEMIC_YEAR_MIN)
		return cli_usage_error(cli, "--year takes a year after %d",
				       ACADEMIC_YEAR_MIN);
	if (*year)
		return -1;
	if (report_default_period(st, &p, &e))
		return cli_fail(&e);
	*year = academic_year_of(p.from);
	return -1;
}

static const char *u64(uint64_t v, char out[24])
{
	snprintf(out, 24, "%" PRIu64, v);
	return out;
}

/* hundredths of a percent (may be negative) as "12.34" */
static const char *hundredths(int64_t v, char out[24])
{
	uint64_t a = (uint64_t)(v < 0 ? -v : v);

	snprintf(out, 24, "%s%" PRIu64 ".%02" PRIu64, v < 0 ? "-" : "", a / 100,
		 a % 100);
	return out;
}

/* ---- annual --------------------------------------------------------------- */

enum annual_column {
	AC_SECTION, AC_GROUP, AC_ENROLMENTS, AC_OVERALL, AC_AUTHORISED,
	AC_UNAUTHORISED, AC_PA, AC_PA_PCT, AC_SA, AC_SA_PCT, AC_EXPECTED,
	AC_AT_RISK_PA, AC_BAND_PA, AC_AT_RISK_SA, AC_COLUMNS
};

static const char *const annual_names[AC_COLUMNS] = {
	"section", "group", "enrolments", "overall_pct", "authorised_pct",
	"unauthorised_pct", "pa", "pa_pct", "sa", "sa_pct", "expected",
	"at_risk_pa", "band_pa", "at_risk_sa",
};

/* cells[] of one row: text in buf (AC_COLUMNS x 24 bytes for numbers). */
static void annual_cells(const struct annual_row *r, char buf[][24],
			 const char *cells[AC_COLUMNS])
{
	const struct tally *t = &r->t;
	static const struct { int column, cell; } counts[] = {
		{ AC_ENROLMENTS, CELL_ENROLMENTS }, { AC_PA, CELL_PA },
		{ AC_SA, CELL_SA }, { AC_EXPECTED, CELL_EXPECTED },
		{ AC_AT_RISK_PA, CELL_AT_RISK_PA }, { AC_BAND_PA, CELL_BAND_PA },
		{ AC_AT_RISK_SA, CELL_AT_RISK_SA },
	};

	cells[AC_SECTION] = r->section;
	cells[AC_GROUP] = r->group;
	for (size_t i = 0; i < COUNT(counts); i++)
		cells[counts[i].column] = r->hidden[counts[i].cell] ? "c" :
			u64(r->cell[counts[i].cell], buf[counts[i].column]);
	if (r->rates_hidden) {
		cells[AC_OVERALL] = cells[AC_AUTHORISED] = cells[AC_UNAUTHORISED] = "c";
		cells[AC_PA_PCT] = cells[AC_SA_PCT] = "c";
		return;
	}
	cells[AC_OVERALL] = percent_format(t->authorised + t->unauthorised,
					   t->possible, buf[AC_OVERALL]);
	cells[AC_AUTHORISED] = percent_format(t->authorised, t->possible,
					      buf[AC_AUTHORISED]);
	cells[AC_UNAUTHORISED] = percent_format(t->unauthorised, t->possible,
						buf[AC_UNAUTHORISED]);
	cells[AC_PA_PCT] = r->hidden[CELL_PA] ? "c" :
		percent_format(t->pa, t->enrolments, buf[AC_PA_PCT]);
	cells[AC_SA_PCT] = r->hidden[CELL_SA] ? "c" :
		percent_format(t->sa, t->enrolments, buf[AC_SA_PCT]);
}

/* The comparison rows: national, region, neighbours, ranks. */
static size_t compare_cells(const struct annual_report *a, size_t i,
			    char buf[][24], char *group, size_t group_size,
			    const char *cells[AC_COLUMNS])
{
	static const int column[COMPARE_MEASURES] = {
		AC_OVERALL, AC_AUTHORISED, AC_UNAUTHORISED, AC_PA_PCT, AC_SA_PCT,
	};
	const struct comparison *c = &a->cmp;
	const struct compare_value *v = NULL;

	for (int k = 0; k < AC_COLUMNS; k++)
		cells[k] = "";
	cells[AC_SECTION] = "comparison";
	cells[AC_GROUP] = group;
	switch (i) {
	case 0:
		snprintf(group, group_size, "England (DfE %d)", c->time_period);
		v = c->national;
		break;
	case 1:
		snprintf(group, group_size, "region: %s", c->region[0] ? c->region :
			 "not known");
		v = c->region_value;
		break;
	case 2:
		snprintf(group, group_size, "statistical neighbours (mean of %d)",
			 c->nr_neighbours);
		v = c->neighbours;
		break;
	case 3:
		snprintf(group, group_size, "rank among all authorities "
			 "(1 = lowest absence)");
		for (int m = 0; m < COMPARE_MEASURES; m++)
			if (c->ours[m].known) {
				snprintf(buf[column[m]], 24, "%d of %d", c->rank[m],
					 c->of[m]);
				cells[column[m]] = buf[column[m]];
			}
		return 1;
	case 4:
		snprintf(group, group_size, "rank among statistical neighbours "
			 "(1 = lowest absence)");
		if (a->neighbour_of) {
			snprintf(buf[AC_OVERALL], 24, "%d of %d", a->neighbour_rank,
				 a->neighbour_of);
			cells[AC_OVERALL] = buf[AC_OVERALL];
		}
		return 1;
	default:
		return 0;
	}
	for (int m = 0; m < COMPARE_MEASURES; m++)
		if (v[m].known) {
			snprintf(buf[column[m]], 24, "%.2f", v[m].value);
			cells[column[m]] = buf[column[m]];
		}
	return 1;
}

/* s escaped as the web pages escape it (web/html.c), to out. */
static void html_out(FILE *out, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	html_attr(&sb, s);
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

static const char *section_title(const char *section)
{
	static const char *const titles[][2] = {
		{ "authority", "The authority" }, { "comparison", "Compared with "
		  "England, the region and statistical neighbours" },
		{ "phase", "By phase" }, { "fsm", "Free school meals" },
		{ "sen", "Special educational needs" },
		{ "social_care", "Children with a social worker" },
		{ "early_help", "Early help" }, { "eal", "English as an additional "
		  "language" }, { "school", "By school" },
	};
	for (size_t i = 0; i < COUNT(titles); i++)
		if (!strcmp(titles[i][0], section))
			return titles[i][1];
	return section;
}

static void html_row(FILE *out, const char *const cells[AC_COLUMNS])
{
	fputs("<tr>", out);
	for (int k = AC_GROUP; k < AC_COLUMNS; k++) {
		fputs(k == AC_GROUP ? "<th scope=\"row\">" : "<td>", out);
		html_out(out, cells[k]);
		fputs(k == AC_GROUP ? "</th>" : "</td>", out);
	}
	fputs("</tr>\n", out);
}

static void html_table_start(FILE *out, const char *section)
{
	fputs("<h2>", out);
	html_out(out, section_title(section));
	fputs("</h2>\n<table>\n<thead><tr>", out);
	for (int k = AC_GROUP; k < AC_COLUMNS; k++) {
		fputs("<th scope=\"col\">", out);
		html_out(out, annual_names[k]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
}

/* A standalone page that prints well: one table per section. */
static int annual_html(const struct annual_report *a, FILE *out)
{
	char name[8], buf[AC_COLUMNS][24], group[160];
	const char *cells[AC_COLUMNS];

	academic_year_name(a->year, name);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset="
		"\"utf-8\">\n<title>Attendance report %s%s</title>\n<style>\n"
		"body { font-family: sans-serif; margin: 2em; }\n"
		"table { border-collapse: collapse; margin-bottom: 1.5em; }\n"
		"th, td { border: 1px solid #888; padding: 0.2em 0.5em; }\n"
		"td { text-align: right; }\nth[scope=row] { text-align: left; "
		"font-weight: normal; }\n"
		"@media print { body { margin: 0; } h2 { break-after: avoid; } "
		"table { break-inside: avoid; font-size: 9pt; } }\n"
		"</style>\n</head>\n<body>\n<h1>Attendance report %s%s</h1>\n",
		name, a->is_public ? " (public)" : "", name,
		a->is_public ? " (public)" : "");
	fputs("<p>Pupils of compulsory school age (5 to 15 on 31 August); rates "
	      "are sessions over possible sessions; PA is 10% or more of possible "
	      "sessions missed, SA 50% or more.</p>\n", out);
	if (a->is_public)
		fputs("<p>c: a count of 1 to 5 pupils, or a figure withheld so that "
		      "such a count cannot be worked out from the others, as the "
		      "DfE's publications do.</p>\n", out);
	for (size_t i = 0; i < a->nr_rows; i++) {
		if (!i || strcmp(a->rows[i].section, a->rows[i - 1].section)) {
			if (i)
				fputs("</tbody>\n</table>\n", out);
			html_table_start(out, a->rows[i].section);
		}
		annual_cells(&a->rows[i], buf, cells);
		html_row(out, cells);
		if (i == 0 && a->compared) {
			fputs("</tbody>\n</table>\n", out);
			html_table_start(out, "comparison");
			for (size_t k = 0; compare_cells(a, k, buf, group,
							 sizeof(group), cells); k++)
				html_row(out, cells);
		}
	}
	fputs("</tbody>\n</table>\n</body>\n</html>\n", out);
	return fflush(out) || ferror(out) ? -1 : 0;
}

int cmd_report_annual(struct cli *cli, int argc, char **argv)
{
	const char *format = NULL;
	int is_public = 0, year = 0;
	const struct cli_option opts[] = {
		OPT_YEAR("year", &year, "the academic year starting in YYYY "
			 "(default: that of the latest mark)"),
		OPT_BOOL("public", &is_public, "the public version: counts of "
			 "1 to 5 pupils (and what would give them away) shown "
			 "as c"),
		OPT_STRING("format", "FMT", &format, "csv, table, json or "
			   "html (a standalone printable page)"),
		OPT_END(),
	};
	struct column columns[AC_COLUMNS];
	struct error e = ERROR_INIT;
	struct annual_report a;
	enum output_format f = output_format_default(stdout);
	struct output o;
	struct store *st;
	char buf[AC_COLUMNS][24], group[160];
	const char *cells[AC_COLUMNS];
	int rc, html = 0;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (format && !strcmp(format, "html"))
		html = 1;
	else if (format && output_format_parse(format, &f))
		return cli_usage_error(cli, "--format must be csv, table, json or "
				       "html, not '%s'", format);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if ((rc = year_option(cli, st, &year)) >= 0) {
		store_close(st);
		return rc;
	}
	if (report_annual(st, year, is_public, &a, &e))
		return report_fail(st, &e);
	if (html) {
		rc = annual_html(&a, stdout) ? EXIT_INPUT : 0;
		annual_report_release(&a);
		store_close(st);
		return rc;
	}
	/* "c" is text: in the public version every figure is a text column. */
	for (int k = 0; k < AC_COLUMNS; k++) {
		columns[k].name = annual_names[k];
		columns[k].type = k <= AC_GROUP || is_public ? COLUMN_TEXT :
			COLUMN_NUMBER;
	}
	output_begin(&o, f, columns, AC_COLUMNS, stdout);
	for (size_t i = 0; i < a.nr_rows; i++) {
		annual_cells(&a.rows[i], buf, cells);
		output_row(&o, cells);
		if (i == 0 && a.compared)
			for (size_t k = 0; compare_cells(&a, k, buf, group,
							 sizeof(group), cells); k++) {
				/* ranks are "3 of 11": text even in JSON */
				if (k >= 3 && !is_public && f == FORMAT_JSON)
					continue;
				output_row(&o, cells);
			}
	}
	if (is_public && f == FORMAT_TABLE)
		fprintf(stderr, "attend: c = 1 to 5 pupils, or hidden so that one "
			"cannot be worked out (%zu primary, %zu secondary)\n",
			a.primary, a.secondary);
	annual_report_release(&a);
	return report_finish(&o, st);
}

/* ---- kpi ----------------------------------------------------------------- */

/* Is the latest mark in `year`, before its end? */
static bool year_under_way(struct store *st, int year)
{
	day_t latest;

	return !report_latest_mark(st, &latest) &&
	       academic_year_of(latest) == year &&
	       latest < academic_year_end(year);
}

int cmd_report_kpi(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "kpi", COLUMN_TEXT }, { "group", COLUMN_TEXT },
		{ "last_year", COLUMN_TEXT }, { "this_year", COLUMN_TEXT },
		{ "change", COLUMN_TEXT }, { "trend", COLUMN_TEXT },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	int year = 0;
	const struct cli_option opts[] = {
		OPT_YEAR("year", &year, "this year: the academic year starting "
			 "in YYYY (default: that of the latest mark)"),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct kpi_row *rows;
	struct output o;
	struct store *st;
	size_t n;
	int rc, year_given;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	year_given = year != 0;
	if ((rc = report_open(cli, &st, &ro)) >= 0)
		return rc;
	if ((rc = year_option(cli, st, &year)) >= 0) {
		store_close(st);
		return rc;
	}
	/* KPIs compare whole years: a year under way is not one yet. */
	if (year_under_way(st, year)) {
		if (year_given) {
			fprintf(stderr, "attend: warning: %d/%02d is under way; its "
				"figures so far are set against the whole of "
				"%d/%02d\n", year, (year + 1) % 100, year - 1,
				year % 100);
		} else {
			fprintf(stderr, "attend: %d/%02d is under way: KPIs for "
				"%d/%02d, the last whole year (--year %d for the "
				"year so far)\n", year, (year + 1) % 100, year - 1,
				year % 100, year);
			year--;
		}
	}
	if (report_kpi(st, year, &rows, &n, &e))
		return report_fail(st, &e);
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		const struct kpi_row *k = &rows[i];
		char v[2][24], change[25];
		const char *cells[6] = { k->kpi, k->group, "", "", "", "" };

		for (int y = 0; y < 2; y++) {
			if (!k->known[y])
				continue;
			if (k->is_rank)
				snprintf(v[y], sizeof(v[y]), "%d of %d",
					 (int)k->value[y], k->of[y]);
			else
				hundredths(k->value[y], v[y]);
			cells[2 + y] = v[y];
		}
		if (k->known[0] && k->known[1]) {
			int64_t d = k->value[1] - k->value[0];

			if (k->is_rank) {
				snprintf(change, sizeof(change), "%+d", (int)d);
			} else {
				change[0] = '+';
				hundredths(d, change + (d > 0));
			}
			cells[4] = change;
			cells[5] = !d ? "same" : (d < 0) == k->lower_is_better ?
				"better" : "worse";
		}
		output_row(&o, cells);
	}
	free(rows);
	return report_finish(&o, st);
}

/* ---- codes --------------------------------------------------------------- */

int cmd_report_codes(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "urn", COLUMN_NUMBER }, { "name", COLUMN_TEXT },
		{ "code", COLUMN_TEXT }, { "sessions", COLUMN_NUMBER },
		{ "not_present", COLUMN_NUMBER }, { "share_pct", COLUMN_NUMBER },
		{ "others_sessions", COLUMN_NUMBER },
		{ "others_not_present", COLUMN_NUMBER },
		{ "others_share_pct", COLUMN_NUMBER }, { "outlier", COLUMN_NUMBER },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	int outliers = 0;
	const struct cli_option opts[] = {
		OPT_REPORT_PERIOD(ro),
		OPT_BOOL("outliers", &outliers, "only the flagged rows"),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct code_audit_row *rows;
	struct output o;
	struct store *st;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = report_open(cli, &st, &ro)) >= 0)
		return rc;
	if (report_codes(st, &ro.period, &rows, &n, &e))
		return report_fail(st, &e);
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		const struct code_audit_row *r = &rows[i];
		char urn[8], s[24], np[24], share[24], os[24], onp[24], oshare[24];
		const char *cells[10] = {
			urn, r->name, r->code, u64(r->sessions, s),
			u64(r->not_present, np),
			percent_format(r->sessions, r->not_present, share),
			u64(r->others_sessions, os), u64(r->others_not_present, onp),
			percent_format(r->others_sessions, r->others_not_present,
				       oshare),
			r->outlier ? "1" : "0",
		};

		if (outliers && !r->outlier)
			continue;
		snprintf(urn, sizeof(urn), "%06d", r->urn);
		output_row(&o, cells);
	}
	free(rows);
	if (ro.fmt == FORMAT_TABLE)
		fprintf(stderr, "attend: outlier = at least %d sessions of the code "
			"and a share of the school's sessions not present more than "
			"%d times that of the other schools together\n",
			CODE_OUTLIER_MIN_SESSIONS, CODE_OUTLIER_RATIO);
	return report_finish(&o, st);
}

/* ---- dip-sample ------------------------------------------------------------ */

int cmd_report_dip_sample(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "urn", COLUMN_NUMBER }, { "name", COLUMN_TEXT },
		{ "date", COLUMN_TEXT }, { "session", COLUMN_TEXT },
		{ "flagged", COLUMN_NUMBER }, { "on_roll", COLUMN_NUMBER },
		{ "without_mark", COLUMN_NUMBER }, { "n", COLUMN_NUMBER },
		{ "o", COLUMN_NUMBER }, { "b", COLUMN_NUMBER },
		{ "late", COLUMN_NUMBER }, { "check", COLUMN_TEXT },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	const char *seed_text = NULL, *count_text = NULL;
	const struct cli_option opts[] = {
		OPT_STRING("seed", "N", &seed_text, "the draw's seed: the "
			   "same seed and data give the same registers "
			   "(default 1)"),
		OPT_STRING("count", "N", &count_text, "how many registers "
			   "(default 20)"),
		OPT_REPORT_PERIOD(ro),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct dip_row *rows;
	struct output o;
	struct store *st;
	unsigned long long seed = 1, count = 20;
	size_t n;
	char *end;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (seed_text && (seed = strtoull(seed_text, &end, 10), *end || !*seed_text))
		return cli_usage_error(cli, "--seed takes a number, not '%s'",
				       seed_text);
	if (count_text && (count = strtoull(count_text, &end, 10),
			   *end || !count || count > 100000))
		return cli_usage_error(cli, "--count takes a number from 1 to "
				       "100000, not '%s'", count_text);
	if ((rc = report_open(cli, &st, &ro)) >= 0)
		return rc;
	if (report_dip_sample(st, &ro.period, seed, count, &rows, &n, &e))
		return report_fail(st, &e);
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		const struct dip_row *r = &rows[i];
		char urn[8], date[11], roll[24], miss[24], cn[24], co[24], cb[24];
		char late[24];
		const char *cells[12] = {
			urn, r->name, date, r->session == SESSION_AM ? "AM" : "PM",
			r->flagged ? "1" : "0", u64(r->on_roll, roll),
			u64(r->missing, miss), u64(r->n, cn), u64(r->o, co),
			u64(r->b, cb), u64(r->late, late), r->check,
		};

		snprintf(urn, sizeof(urn), "%06d", r->urn);
		date_format(r->day, date);
		output_row(&o, cells);
	}
	free(rows);
	return report_finish(&o, st);
}

/* ---- cla-weekly ------------------------------------------------------------- */

int cmd_report_cla_weekly(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "week", COLUMN_TEXT }, { "upn", COLUMN_TEXT },
		{ "name", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "school", COLUMN_TEXT }, { "possible", COLUMN_NUMBER },
		{ "attendance", COLUMN_NUMBER }, { "authorised", COLUMN_NUMBER },
		{ "unauthorised", COLUMN_NUMBER }, { "missed", COLUMN_TEXT },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	day_t week = date_monday(date_today()) - 7;
	const struct cli_option opts[] = {
		OPT_DATE("week", &week, "any day of the Monday-Sunday week "
			 "(default: last week)"),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct cla_week_row *rows;
	struct output o;
	struct store *st;
	size_t n;
	char monday[11];
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	week = date_monday(week);
	if (academic_year_of(week) < ACADEMIC_YEAR_MIN ||
	    academic_year_of(week) >= ACADEMIC_YEAR_MAX)
		return cli_usage_error(cli, "--week must lie within the academic "
				       "years attend holds");
	if ((rc = report_open(cli, &st, &ro)) >= 0)
		return rc;
	if (report_cla_weekly(st, week, &rows, &n, &e))
		return report_fail(st, &e);
	date_format(week, monday);
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		const struct cla_week_row *r = &rows[i];
		char urn[8], p[24], a[24], au[24], un[24];
		const char *cells[10] = {
			monday, r->upn, r->name, urn, r->school, u64(r->m.possible, p),
			u64(r->m.attendance, a), u64(r->m.authorised, au),
			u64(r->m.unauthorised, un), r->missed,
		};

		snprintf(urn, sizeof(urn), "%06d", r->urn);
		output_row(&o, cells);
	}
	free(rows);
	return report_finish(&o, st);
}
