/*
 * attend case: a pupil's case on the graduated response (open, move,
 * close, barriers, agencies, actions) and the cases an officer may see.
 */
#include <stdlib.h>

#include "casework/casework.h"
#include "cli/cli.h"

int cmd_case_open(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "case open UPN --user NAME --reason TEXT "
		"[--stage STAGE]";
	const char *user = NULL, *reason = NULL, *stage_text = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "reason TEXT", &reason, NULL, "why the case is opened" },
		{ "stage STAGE", &stage_text, NULL, "expect, monitor (default), "
		  "listen, facilitate or formalise" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id = 0;
	char **args;
	int nr, rc, stage = STAGE_MONITOR;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1) {
		free(args);
		return cli_usage_error(usage, "name one pupil by UPN");
	}
	if (stage_text && (stage = stage_parse(stage_text)) < 0) {
		free(args);
		return cli_usage_error(usage, "'%s' is not a stage", stage_text);
	}
	if ((rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = cli_result(casework_open(s.st, &s.v, args[0], (enum stage)stage,
					reason, &id, &e), &e);
		if (!rc)
			printf("case %lld opened for %s at %s\n", (long long)id,
			       args[0], stage_name((enum stage)stage));
		acting_close(&s);
	}
	free(args);
	return rc;
}

int cmd_case_move(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "case move UPN --user NAME --to STAGE "
		"--reason TEXT [--support-offered TEXT --support-outcome TEXT] "
		"[--not-appropriate TEXT]";
	const char *user = NULL, *to = NULL;
	struct case_move_spec m = { 0 };
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "to STAGE", &to, NULL, "expect, monitor, listen, facilitate, "
		  "formalise or enforce" },
		{ "reason TEXT", &m.reason, NULL, "why" },
		{ "support-offered TEXT", &m.support_offered, NULL, "the formal "
		  "support offered (contract, ESO)" },
		{ "support-outcome TEXT", &m.support_outcome, NULL, "what happened" },
		{ "not-appropriate TEXT", &m.not_appropriate, NULL, "why support "
		  "was not appropriate" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	char **args;
	int nr, rc, stage;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1 || !to) {
		free(args);
		return cli_usage_error(usage, "name one pupil by UPN and the stage "
				       "(--to)");
	}
	if ((stage = stage_parse(to)) < 0) {
		free(args);
		return cli_usage_error(usage, "'%s' is not a stage", to);
	}
	m.to = (enum stage)stage;
	if ((rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = cli_result(casework_move(s.st, &s.v, args[0], &m, &e), &e);
		if (!rc)
			printf("case of %s moved to %s\n", args[0], stage_name(m.to));
		acting_close(&s);
	}
	free(args);
	return rc;
}

int cmd_case_close(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "case close UPN --user NAME --reason TEXT";
	const char *user = NULL, *reason = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "reason TEXT", &reason, NULL, "why the case is closed" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1) {
		free(args);
		return cli_usage_error(usage, "name one pupil by UPN");
	}
	if ((rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = cli_result(casework_close(s.st, &s.v, args[0], reason, &e), &e);
		if (!rc)
			printf("case of %s closed\n", args[0]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

/* case barrier / case agency */
static int case_tag_cmd(struct cli *cli, int argc, char **argv, bool barrier)
{
	const char *usage = barrier ?
		"case barrier UPN --user NAME --barrier BARRIER [--detail TEXT]" :
		"case agency UPN --user NAME --agency AGENCY [--detail TEXT]";
	const char *user = NULL, *value = NULL, *detail = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ barrier ? "barrier BARRIER" : "agency AGENCY", &value, NULL,
		  barrier ? "health, send, anxiety_ebsa, family, transport, "
		  "bullying, young_carer or other" : "early_help_taf, camhs, "
		  "send, social_care, school_nursing, youth_justice or other" },
		{ "detail TEXT", &detail, NULL, "what is known" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	char **args;
	int nr, rc, v;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	v = barrier ? barrier_parse(value) : agency_parse(value);
	if (nr != 1 || v < 0) {
		free(args);
		return cli_usage_error(usage, "name one pupil by UPN and a known "
				       "%s", barrier ? "barrier" : "agency");
	}
	if ((rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = barrier ?
			casework_add_barrier(s.st, &s.v, args[0], (enum barrier)v,
					     detail, &e) :
			casework_add_agency(s.st, &s.v, args[0], (enum agency)v,
					    detail, &e);
		rc = cli_result(rc, &e);
		if (!rc)
			printf("%s %s recorded for %s\n", barrier ? "barrier" :
			       "agency", value, args[0]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

int cmd_case_barrier(struct cli *cli, int argc, char **argv)
{
	return case_tag_cmd(cli, argc, argv, true);
}

int cmd_case_agency(struct cli *cli, int argc, char **argv)
{
	return case_tag_cmd(cli, argc, argv, false);
}

int cmd_case_action(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "case action UPN --user NAME --what TEXT "
		"--owner TEXT --due DATE";
	const char *user = NULL, *what = NULL, *owner = NULL, *due_text = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "what TEXT", &what, NULL, "what is to be done" },
		{ "owner TEXT", &owner, NULL, "who does it" },
		{ "due DATE", &due_text, NULL, "by when (YYYY-MM-DD)" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id = 0;
	day_t due = DAY_NONE;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1) {
		free(args);
		return cli_usage_error(usage, "name one pupil by UPN");
	}
	if ((rc = cli_date_option(due_text, DAY_NONE, "due", usage, &due)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = cli_result(casework_add_action(s.st, &s.v, args[0], what, owner, due,
					      &id, &e), &e);
		if (!rc)
			printf("action %lld added to the case of %s\n",
			       (long long)id, args[0]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

int cmd_case_done(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "case done ACTION --user NAME --outcome TEXT "
		"[--on DATE]";
	const char *user = NULL, *outcome = NULL, *on_text = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "outcome TEXT", &outcome, NULL, "what came of it" },
		{ "on DATE", &on_text, NULL, "when it was done (default: today)" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id = 0;
	day_t on = DAY_NONE;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1) {
		free(args);
		return cli_usage_error(usage, "name one action by its id");
	}
	if ((rc = id_arg(args[0], usage, &id)) < 0 &&
	    (rc = cli_date_option(on_text, date_today(), "on", usage, &on)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = cli_result(casework_action_done(s.st, &s.v, id, on, outcome, &e), &e);
		if (!rc)
			printf("action %lld done\n", (long long)id);
		acting_close(&s);
	}
	free(args);
	return rc;
}

int cmd_case_show(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "case show UPN --user NAME [--format FMT]";
	static const struct column columns[] = {
		{ "at", COLUMN_TEXT }, { "user", COLUMN_TEXT },
		{ "from", COLUMN_TEXT }, { "to", COLUMN_TEXT },
		{ "reason", COLUMN_TEXT }, { "support_offered", COLUMN_TEXT },
		{ "support_outcome", COLUMN_TEXT }, { "not_appropriate", COLUMN_TEXT },
	};
	const char *user = NULL, *format = NULL;
	const struct cli_option opts[] = { USER_OPTION(user), FORMAT_OPTION(format),
					   { 0 } };
	struct error e = ERROR_INIT;
	struct case_detail d;
	enum output_format f;
	struct acting s;
	struct output o;
	char **args, opened[11];
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1) {
		free(args);
		return cli_usage_error(usage, "name one pupil by UPN");
	}
	/* Viewing a named pupil writes to the audit log. */
	if ((rc = format_option(format, usage, &f)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		if (casework_show(s.st, &s.v, args[0], &d, &e)) {
			rc = cli_fail(&e);
		} else {
			fprintf(stderr, "case %lld of %s (%s): %s since %s%s%zu "
				"barrier(s), %zu agencies, %zu action(s)\n",
				(long long)d.c.id, d.c.upn, d.c.name,
				stage_label(d.c.stage), date_cell(d.c.opened, opened),
				d.c.closed == DAY_NONE ? "; " : " (closed); ",
				d.nr_barriers, d.nr_agencies, d.nr_actions);
			output_begin(&o, f, columns, COUNT(columns), stdout);
			for (size_t i = 0; i < d.nr_events; i++) {
				const struct case_event_row *r = &d.events[i];
				const char *cells[8] = {
					r->at, r->username,
					r->from < 0 ? "" : stage_name((enum stage)r->from),
					stage_name(r->to), r->reason, r->support_offered,
					r->support_outcome, r->not_appropriate,
				};
				output_row(&o, cells);
			}
			rc = output_end(&o) ? EXIT_INPUT : 0;
			case_detail_release(&d);
		}
		acting_close(&s);
	}
	free(args);
	return rc;
}

int cmd_case_list(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "case list --user NAME [--all] [--format FMT]";
	static const struct column columns[] = {
		{ "case", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "name", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "social_care", COLUMN_TEXT }, { "stage", COLUMN_TEXT },
		{ "opened", COLUMN_TEXT }, { "closed", COLUMN_TEXT },
		{ "open_actions", COLUMN_NUMBER },
	};
	const char *user = NULL, *format = NULL;
	int all = 0;
	const struct cli_option opts[] = {
		USER_OPTION(user), FORMAT_OPTION(format),
		{ "all", NULL, &all, "closed cases too" }, { 0 },
	};
	struct error e = ERROR_INIT;
	struct case_row *rows;
	enum output_format f;
	struct acting s;
	struct output o;
	size_t n;
	int rc;

	if ((rc = cli_parse_none(cli, argc, argv, opts, usage)) >= 0)
		return rc;
	if ((rc = format_option(format, usage, &f)) >= 0 ||
	    (rc = acting_open(cli, &s, user, STORE_READ, usage)) >= 0)
		return rc;
	if (casework_list(s.st, &s.v, all, &rows, &n, &e))
		return acting_fail(&s, &e);
	output_begin(&o, f, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], urn[8], opened[11], closed[11], actions[12];
		const char *cells[9] = {
			id, rows[i].upn, rows[i].name, urn,
			social_care_code(rows[i].care), stage_name(rows[i].stage),
			date_cell(rows[i].opened, opened),
			date_cell(rows[i].closed, closed), actions,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		snprintf(urn, sizeof(urn), "%06d", rows[i].urn);
		snprintf(actions, sizeof(actions), "%d", rows[i].open_actions);
		output_row(&o, cells);
	}
	return list_end(&o, rows, &s);
}

int cmd_case_propose(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "case propose --user NAME [--school URN] "
		"[--from DATE] [--to DATE]";
	struct report_options ro = { 0 };
	const char *user = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "school URN", &ro.school, NULL, "only this school" },
		{ "from DATE", &ro.from, NULL, "start of the period" },
		{ "to DATE", &ro.to, NULL, "end of the period (default: the "
		  "academic year of the latest mark)" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct roll_report r;
	struct acting s;
	size_t opened;
	int rc;

	if ((rc = cli_parse_none(cli, argc, argv, opts, usage)) >= 0)
		return rc;
	if ((rc = acting_open(cli, &s, user, STORE_WRITE, usage)) >= 0)
		return rc;
	if ((rc = report_options_resolve(&ro, s.st, usage)) >= 0)
		goto out;
	if (report_enrolments(s.st, &ro.period, ro.urn, &r, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	rc = cli_result(casework_propose_monitor(s.st, &s.v, &r, &opened, &e), &e);
	if (!rc)
		printf("%zu case(s) opened at monitor\n", opened);
	roll_report_release(&r);
out:
	acting_close(&s);
	return rc;
}
