/*
 * attend tsm: Targeting Support Meetings with schools, and the pack for
 * one meeting as HTML or PDF.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auth/auth.h"
#include "casework/casework.h"
#include "cli/cli.h"
#include "web/tsm_pack.h"

int cmd_tsm_officer(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const struct cli_option opts[] = { OPT_ACTING(s), OPT_END() };
	struct error e = ERROR_INIT;
	int32_t urn;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = urn_arg(cli, argv[0], &urn)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = school_officer_set(s.st, &s.v, urn, argv[1], &e);
	if (!rc)
		printf("%s is the named officer of %06d\n", argv[1], urn);
	return acting_end(&s, rc, &e);
}

int cmd_tsm_schedule(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	day_t date = DAY_NONE;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_DATE("date", &date, "the meeting's date"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int32_t urn;
	int64_t id = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (date == DAY_NONE)
		return cli_usage_error(cli, "give the meeting's --date");
	if ((rc = urn_arg(cli, argv[0], &urn)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = tsm_schedule(s.st, &s.v, urn, date, &id, &e);
	if (!rc)
		printf("meeting %lld offered to %06d\n", (long long)id, urn);
	return acting_end(&s, rc, &e);
}

/* tsm respond / tsm hold: one of two flags, a date, notes. */
static int tsm_state_cmd(struct cli *cli, int argc, char **argv, bool hold)
{
	struct acting s = ACTING_INIT;
	const char *notes = NULL;
	int yes = 0, no = 0;
	day_t on = date_today();
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_BOOL(hold ? "held" : "accept", &yes, hold ?
			 "the meeting was held" : "the school accepts"),
		OPT_BOOL(hold ? "not-held" : "decline", &no, hold ?
			 "it was not held" : "the school declines"),
		OPT_DATE("on", &on, "when (default: today)"),
		OPT_STRING("notes", "TEXT", &notes, "what was discussed "
			   "(hold)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (yes + no != 1)
		return cli_usage_error(cli, "say %s", hold ?
				       "--held or --not-held" :
				       "--accept or --decline");
	if ((rc = id_arg(cli, argv[0], &id)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = hold ? tsm_hold(s.st, &s.v, id, yes, on, notes, &e) :
		tsm_respond(s.st, &s.v, id, yes, on, &e);
	if (!rc)
		printf("meeting %lld %s\n", (long long)id, hold ?
		       (yes ? "held" : "not held") :
		       (yes ? "accepted" : "declined"));
	return acting_end(&s, rc, &e);
}

int cmd_tsm_respond(struct cli *cli, int argc, char **argv)
{
	return tsm_state_cmd(cli, argc, argv, false);
}

int cmd_tsm_hold(struct cli *cli, int argc, char **argv)
{
	return tsm_state_cmd(cli, argc, argv, true);
}

int cmd_tsm_action(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *what = NULL, *owner = NULL, *pupil = NULL;
	day_t due = DAY_NONE;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("what", "TEXT", &what, "what was agreed"),
		OPT_STRING("owner", "TEXT", &owner, "who does it"),
		OPT_DATE("due", &due, "by when"),
		OPT_STRING("pupil", "UPN", &pupil, "a pupil's action: also "
			   "added to their case"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0, action = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = id_arg(cli, argv[0], &id)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = tsm_add_action(s.st, &s.v, id, pupil, what, owner, due,
			    &action, &e);
	if (!rc)
		printf("meeting %lld: action %lld recorded\n", (long long)id,
		       (long long)action);
	return acting_end(&s, rc, &e);
}

int cmd_tsm_list(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "meeting", COLUMN_NUMBER }, { "urn", COLUMN_NUMBER },
		{ "school", COLUMN_TEXT }, { "term", COLUMN_TEXT },
		{ "date", COLUMN_TEXT }, { "status", COLUMN_TEXT },
		{ "officer", COLUMN_TEXT }, { "actions", COLUMN_NUMBER },
	};
	struct listing l = LISTING_INIT;
	int32_t urn = 0;
	const struct cli_option opts[] = {
		OPT_LISTING(l),
		OPT_URN("school", &urn, "only this school"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct tsm_row *rows;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	if (tsm_list(l.s.st, &l.s.v, urn, &rows, &n, &e))
		return acting_fail(&l.s, &e);
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], u[8], d[11], actions[12];
		const char *cells[8] = {
			id, u, rows[i].school, rows[i].term, date_cell(rows[i].date, d),
			tsm_status_name(rows[i].status), rows[i].officer, actions,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		snprintf(u, sizeof(u), "%06d", rows[i].urn);
		snprintf(actions, sizeof(actions), "%d", rows[i].actions);
		output_row(&l.o, cells);
	}
	return listing_end(&l, rows);
}

int cmd_tsm_summary(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "year", COLUMN_TEXT }, { "schools", COLUMN_NUMBER },
		{ "accepted", COLUMN_NUMBER }, { "accepted_pct", COLUMN_NUMBER },
		{ "held", COLUMN_NUMBER }, { "held_pct", COLUMN_NUMBER },
	};
	struct listing l = LISTING_INIT;
	int year = academic_year_of(date_today());
	const struct cli_option opts[] = {
		OPT_LISTING(l),
		OPT_YEAR("year", &year, "the academic year starting in YYYY "
			 "(default: this one)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct tsm_year_summary sum;
	char name[8], schools[24], acc[24], held[24], ap[24], hp[24];
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	if (tsm_summary(l.s.st, &l.s.v, year, &sum, &e))
		return acting_fail(&l.s, &e);
	academic_year_name(year, name);
	snprintf(schools, sizeof(schools), "%zu", sum.schools);
	snprintf(acc, sizeof(acc), "%zu", sum.accepted);
	snprintf(held, sizeof(held), "%zu", sum.held);
	{
		const char *cells[6] = {
			name, schools, acc, percent_format(sum.accepted, sum.schools, ap),
			held, percent_format(sum.held, sum.schools, hp),
		};
		output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
		output_row(&l.o, cells);
	}
	acting_close(&l.s);
	return cli_output_end(&l.o);
}

/* The TSM pack as a whole HTML document, the view of it audited. */
static int pack_document(struct acting *s, int32_t urn, struct strbuf *doc,
			 struct error *e)
{
	struct figures *f;
	char object[32];
	long i;
	int rc = -1;

	if (figures_open(&f, s->st, e))
		return -1;
	snprintf(object, sizeof(object), "tsm pack %06d", urn);
	if ((i = figures_school(f, urn)) < 0)
		error_set(e, ERROR_INPUT, "school %06d is not in the store", urn);
	else if (!tsm_pack_document(doc, s->st, &s->v, f, i, e) &&
		 !audit_add(s->st, &s->v, "view", object, "attend tsm pack", e))
		rc = 0;
	figures_free(f);
	return rc;
}

int cmd_tsm_pack(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *pdf = NULL, *html = NULL;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("pdf", "FILE", &pdf, "print the pack to FILE as "
			   "PDF (needs chromium)"),
		OPT_STRING("html", "FILE", &html, "write the pack to FILE as "
			   "HTML (default: standard output)"),
		OPT_END(),
	};
	struct strbuf doc = STRBUF_INIT;
	struct error e = ERROR_INIT;
	int32_t urn = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	rc = urn_arg(cli, argv[0], &urn);
	if (rc >= 0 || (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = pack_document(&s, urn, &doc, &e);
	acting_close(&s);
	if (!rc && html)
		rc = cli_write_file(html, &doc, &e);
	if (!rc && pdf)
		rc = cli_print_pdf(&doc, pdf, &e);
	if (!rc && !html && !pdf)
		fwrite(doc.buf, 1, doc.len, stdout);
	strbuf_release(&doc);
	if (rc)
		return cli_fail(&e);
	if (pdf)
		printf("TSM pack of %06d printed to %s\n", urn, pdf);
	return 0;
}
