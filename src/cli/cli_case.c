/*
 * Casework: attend case, legal, parent, notice, timetable, tsm, cme,
 * alerts.  Thin shells over src/casework/: each subcommand parses its
 * options, opens the store as the acting user (--user NAME), calls one
 * service function and prints what it did or the rows it returned.
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

#define USER_OPTION(u) { "user NAME", &(u), NULL, "the acting user (required)" }
#define FORMAT_OPTION(f) { "format FMT", &(f), NULL, "csv, table or json " \
	"(default: table on a terminal, else csv)" }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct subcommand {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *summary;
};

/* Runs argv[1] from subs, or prints the list (exit 0 for --help, else 2). */
static int dispatch(struct cli *cli, int argc, char **argv, const char *group,
		    const struct subcommand *subs, size_t nr)
{
	int help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));

	if (argc >= 2 && !help)
		for (size_t i = 0; i < nr; i++)
			if (!strcmp(argv[1], subs[i].name))
				return subs[i].fn(cli, argc - 1, argv + 1);
	if (argc >= 2 && !help)
		fprintf(stderr, "attend: '%s' is not an 'attend %s' command\n",
			argv[1], group);
	fprintf(help ? stdout : stderr, "usage: attend [--db PATH] %s COMMAND "
		"[OPTIONS]\n\nCommands:\n", group);
	for (size_t i = 0; i < nr; i++)
		fprintf(help ? stdout : stderr, "  %-10s %s\n", subs[i].name,
			subs[i].summary);
	fprintf(help ? stdout : stderr, "\nRun 'attend %s COMMAND --help' for "
		"its options.\n", group);
	return help ? 0 : EXIT_USAGE;
}

/* The store and the acting user of one command. */
struct acting {
	struct store *st;
	struct viewer v;
};

static int acting_open(struct cli *cli, struct acting *s, const char *user,
			enum store_mode mode, const char *usage)
{
	struct error e = ERROR_INIT;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!user)
		return cli_usage_error(usage, "say who is acting: --user NAME");
	if ((rc = cli_open_store(cli, &s->st, mode)))
		return rc;
	if (casework_viewer(s->st, user, &s->v, &e)) {
		store_close(s->st);
		s->st = NULL;
		return cli_fail(&e);
	}
	return -1;
}

static void acting_close(struct acting *s)
{
	viewer_release(&s->v);
	store_close(s->st);
}

/* Closes s after a failed call; the exit status for e. */
static int acting_fail(struct acting *s, struct error *e)
{
	acting_close(s);
	return cli_fail(e);
}

/* Ends a listing: frees its rows, closes s; the exit status. */
static int list_end(struct output *o, void *rows, struct acting *s)
{
	free(rows);
	acting_close(s);
	return output_end(o) ? EXIT_INPUT : 0;
}

/* *out from text (or def when text is NULL); -1 to go on, else exit. */
static int id_arg(const char *text, const char *usage, int64_t *id)
{
	char *end;
	long long v = strtoll(text, &end, 10);

	if (*end || !*text || v <= 0)
		return cli_usage_error(usage, "'%s' is not an id", text);
	*id = v;
	return -1;
}

static int urn_arg(const char *text, const char *usage, int32_t *urn)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (*end || strlen(text) != 6 || v < 100000)
		return cli_usage_error(usage, "'%s' is not a URN (6 digits)", text);
	*urn = (int32_t)v;
	return -1;
}

static int format_option(const char *text, const char *usage,
			 enum output_format *f)
{
	*f = output_format_default(stdout);
	if (text && output_format_parse(text, f))
		return cli_usage_error(usage, "--format must be csv, table or json, "
				       "not '%s'", text);
	return -1;
}

/* A date cell: YYYY-MM-DD or "". */
static const char *date_cell(day_t d, char out[11])
{
	out[0] = '\0';
	if (d != DAY_NONE)
		date_format(d, out);
	return out;
}

static const char *pence_cell(int32_t pence, char out[16])
{
	snprintf(out, 16, "%d.%02d", pence / 100, pence % 100);
	return out;
}

/* Prints a service result: 0, or the error's exit status. */
static int done(int rc, struct error *e)
{
	return rc ? cli_fail(e) : 0;
}

/* ---- attend case ------------------------------------------------------- */

static int case_open_cmd(struct cli *cli, int argc, char **argv)
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
		rc = done(casework_open(s.st, &s.v, args[0], (enum stage)stage,
					reason, &id, &e), &e);
		if (!rc)
			printf("case %lld opened for %s at %s\n", (long long)id,
			       args[0], stage_name((enum stage)stage));
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int case_move_cmd(struct cli *cli, int argc, char **argv)
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
		rc = done(casework_move(s.st, &s.v, args[0], &m, &e), &e);
		if (!rc)
			printf("case of %s moved to %s\n", args[0], stage_name(m.to));
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int case_close_cmd(struct cli *cli, int argc, char **argv)
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
		rc = done(casework_close(s.st, &s.v, args[0], reason, &e), &e);
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
		rc = done(rc, &e);
		if (!rc)
			printf("%s %s recorded for %s\n", barrier ? "barrier" :
			       "agency", value, args[0]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int case_barrier_cmd(struct cli *cli, int argc, char **argv)
{
	return case_tag_cmd(cli, argc, argv, true);
}

static int case_agency_cmd(struct cli *cli, int argc, char **argv)
{
	return case_tag_cmd(cli, argc, argv, false);
}

static int case_action_cmd(struct cli *cli, int argc, char **argv)
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
		rc = done(casework_add_action(s.st, &s.v, args[0], what, owner, due,
					      &id, &e), &e);
		if (!rc)
			printf("action %lld added to the case of %s\n",
			       (long long)id, args[0]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int case_done_cmd(struct cli *cli, int argc, char **argv)
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
		rc = done(casework_action_done(s.st, &s.v, id, on, outcome, &e), &e);
		if (!rc)
			printf("action %lld done\n", (long long)id);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int case_show_cmd(struct cli *cli, int argc, char **argv)
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

static int case_list_cmd(struct cli *cli, int argc, char **argv)
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

static int case_propose_cmd(struct cli *cli, int argc, char **argv)
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
	rc = done(casework_propose_monitor(s.st, &s.v, &r, &opened, &e), &e);
	if (!rc)
		printf("%zu case(s) opened at monitor\n", opened);
	roll_report_release(&r);
out:
	acting_close(&s);
	return rc;
}

int cmd_case(struct cli *cli, int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "open", case_open_cmd, "open a case for a pupil" },
		{ "move", case_move_cmd, "move a case to another stage" },
		{ "close", case_close_cmd, "close a pupil's case" },
		{ "barrier", case_barrier_cmd, "record a barrier to attendance" },
		{ "agency", case_agency_cmd, "record an agency involved" },
		{ "action", case_action_cmd, "add an action with owner and due date" },
		{ "done", case_done_cmd, "record an action done, with its outcome" },
		{ "show", case_show_cmd, "a pupil's case and its history" },
		{ "list", case_list_cmd, "the cases you may see" },
		{ "propose", case_propose_cmd, "open cases at monitor for pupils "
		  "in the at-risk bands" },
	};

	return dispatch(cli, argc, argv, "case", subs, COUNT(subs));
}

/* ---- attend legal --------------------------------------------------------- */

static int legal_record_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "legal record UPN --user NAME --outcome "
		"proceed|on_hold|no_action [--decided DATE] [--policy TEXT] "
		"[--officer TEXT] [--support TEXT] [--social-worker NAME --agreed "
		"DATE] [--review DATE]";
	const char *user = NULL, *outcome = NULL, *decided = NULL, *agreed = NULL;
	const char *review = NULL;
	struct legal_spec l = { 0 };
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "outcome OUTCOME", &outcome, NULL, "proceed, on_hold or no_action" },
		{ "decided DATE", &decided, NULL, "the decision's date (default: today)" },
		{ "policy TEXT", &l.policy_followed, NULL, "step 1: evidence the "
		  "school followed its policy" },
		{ "officer TEXT", &l.officer_discussed, NULL, "step 2: the discussion "
		  "with the named LA officer" },
		{ "support TEXT", &l.support_considered, NULL, "step 3: other "
		  "support considered" },
		{ "social-worker NAME", &l.social_worker, NULL, "step 4: the social "
		  "worker (user) who agreed" },
		{ "agreed DATE", &agreed, NULL, "and when" },
		{ "review DATE", &review, NULL, "step 5: on hold until" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id = 0;
	char **args;
	int nr, rc, o;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1 || !outcome || (o = legal_outcome_parse(outcome)) < 0) {
		free(args);
		return cli_usage_error(usage, "name one pupil by UPN and the outcome");
	}
	l.outcome = (enum legal_outcome)o;
	if ((rc = cli_date_option(decided, date_today(), "decided", usage,
			      &l.decided)) < 0 &&
	    (rc = cli_date_option(agreed, DAY_NONE, "agreed", usage,
			      &l.social_worker_agreed)) < 0 &&
	    (rc = cli_date_option(review, DAY_NONE, "review", usage, &l.review)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(legal_decision_record(s.st, &s.v, args[0], &l, &id, &e), &e);
		if (!rc)
			printf("legal decision %lld for %s: %s\n", (long long)id,
			       args[0], legal_outcome_name(l.outcome));
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int legal_list_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "legal list --user NAME [--format FMT]";
	static const struct column columns[] = {
		{ "decision", COLUMN_NUMBER }, { "case", COLUMN_NUMBER },
		{ "upn", COLUMN_TEXT }, { "decided", COLUMN_TEXT },
		{ "outcome", COLUMN_TEXT }, { "review", COLUMN_TEXT },
		{ "reviewed", COLUMN_TEXT },
		{ "social_worker_required", COLUMN_NUMBER },
		{ "social_worker", COLUMN_TEXT },
	};
	const char *user = NULL, *format = NULL;
	const struct cli_option opts[] = { USER_OPTION(user), FORMAT_OPTION(format),
					   { 0 } };
	struct error e = ERROR_INIT;
	struct legal_row *rows;
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
	if (legal_decision_list(s.st, &s.v, &rows, &n, &e))
		return acting_fail(&s, &e);
	output_begin(&o, f, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], case_id[24], decided[11], review[11], reviewed[11];
		const char *cells[9] = {
			id, case_id, rows[i].upn, date_cell(rows[i].decided, decided),
			legal_outcome_name(rows[i].outcome),
			date_cell(rows[i].review, review),
			date_cell(rows[i].reviewed, reviewed),
			rows[i].social_worker_required ? "1" : "0",
			rows[i].social_worker,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		snprintf(case_id, sizeof(case_id), "%lld", (long long)rows[i].case_id);
		output_row(&o, cells);
	}
	return list_end(&o, rows, &s);
}

int cmd_legal(struct cli *cli, int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "record", legal_record_cmd, "record a joint legal decision (six steps)" },
		{ "list", legal_list_cmd, "legal decisions you may see" },
	};

	return dispatch(cli, argc, argv, "legal", subs, COUNT(subs));
}

/* ---- attend parent ----------------------------------------------------------- */

static int parent_add_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "parent add UPN --user NAME --name NAME "
		"[--contact TEXT] [--relationship TEXT] [--household ID]";
	const char *user = NULL, *name = NULL, *contact = NULL, *rel = NULL;
	const char *household = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "name NAME", &name, NULL, "the parent's name" },
		{ "contact TEXT", &contact, NULL, "address, telephone" },
		{ "relationship TEXT", &rel, NULL, "to the child (mother, carer...)" },
		{ "household ID", &household, NULL, "an existing household (default: "
		  "a new one)" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id, hh = 0;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1) {
		free(args);
		return cli_usage_error(usage, "name the child by UPN");
	}
	if ((!household || (rc = id_arg(household, usage, &hh)) < 0) &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(parent_add(s.st, &s.v, name, contact, hh, args[0],
				     rel ? rel : "parent", &id, &e), &e);
		if (!rc)
			printf("parent %lld added for %s\n", (long long)id, args[0]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int parent_link_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "parent link PARENT UPN --user NAME "
		"[--relationship TEXT]";
	const char *user = NULL, *rel = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "relationship TEXT", &rel, NULL, "to the child" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id = 0;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 2) {
		free(args);
		return cli_usage_error(usage, "give a parent id and a child's UPN");
	}
	if ((rc = id_arg(args[0], usage, &id)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(parent_link(s.st, &s.v, id, args[1], rel ? rel : "parent",
				      &e), &e);
		if (!rc)
			printf("parent %lld linked to %s\n", (long long)id, args[1]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int parent_list_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "parent list [UPN] --user NAME [--format FMT]";
	static const struct column columns[] = {
		{ "parent", COLUMN_NUMBER }, { "household", COLUMN_NUMBER },
		{ "name", COLUMN_TEXT }, { "contact", COLUMN_TEXT },
		{ "relationship", COLUMN_TEXT }, { "upn", COLUMN_TEXT },
	};
	const char *user = NULL, *format = NULL;
	const struct cli_option opts[] = { USER_OPTION(user), FORMAT_OPTION(format),
					   { 0 } };
	struct error e = ERROR_INIT;
	struct parent_row *rows = NULL;
	enum output_format f;
	struct acting s;
	struct output o;
	size_t n;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr > 1) {
		free(args);
		return cli_usage_error(usage, "name at most one pupil");
	}
	if ((rc = format_option(format, usage, &f)) >= 0 ||
	    (rc = acting_open(cli, &s, user, STORE_READ, usage)) >= 0) {
		free(args);
		return rc;
	}
	rc = parent_list(s.st, &s.v, nr ? args[0] : NULL, &rows, &n, &e);
	free(args);
	if (rc)
		return acting_fail(&s, &e);
	output_begin(&o, f, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], hh[24];
		const char *cells[6] = { id, hh, rows[i].name, rows[i].contact,
					 rows[i].relationship, rows[i].upn };
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		snprintf(hh, sizeof(hh), "%lld", (long long)rows[i].household_id);
		output_row(&o, cells);
	}
	return list_end(&o, rows, &s);
}

int cmd_parent(struct cli *cli, int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "add", parent_add_cmd, "add a parent of a child (and household)" },
		{ "link", parent_link_cmd, "link a parent to another child" },
		{ "list", parent_list_cmd, "parents and the children they are linked to" },
	};

	return dispatch(cli, argc, argv, "parent", subs, COUNT(subs));
}

/* ---- attend notice -------------------------------------------------------------- */

static int notice_issue_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "notice issue UPN --user NAME --parent ID "
		"--kind nti|penalty [--issued DATE] [--no-nti-reason TEXT]";
	const char *user = NULL, *parent = NULL, *kind = NULL, *issued_text = NULL;
	const char *no_nti = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "parent ID", &parent, NULL, "the parent it is issued to" },
		{ "kind KIND", &kind, NULL, "nti (Notice to Improve) or penalty" },
		{ "issued DATE", &issued_text, NULL, "date of issue (default: today)" },
		{ "no-nti-reason TEXT", &no_nti, NULL, "why no Notice to Improve "
		  "came first" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct notice_terms t;
	struct acting s;
	int64_t id, parent_id = 0;
	day_t issued;
	char **args, a[11], b[11], amount[16];
	int nr, rc, k;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1 || !parent || !kind || (k = notice_kind_parse(kind)) < 0) {
		free(args);
		return cli_usage_error(usage, "name one pupil by UPN, --parent and "
				       "--kind nti or penalty");
	}
	if ((rc = id_arg(parent, usage, &parent_id)) < 0 &&
	    (rc = cli_date_option(issued_text, date_today(), "issued", usage,
			      &issued)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(penalty_notice_issue(s.st, &s.v, args[0], parent_id,
					       (enum notice_kind)k, issued, no_nti,
					       &id, &t, &e), &e);
		if (!rc && k == NOTICE_NTI)
			printf("notice %lld: Notice to Improve issued\n", (long long)id);
		else if (!rc && t.reduced_until != DAY_NONE)
			printf("notice %lld: penalty notice %d, £%s if paid by %s, "
			       "else £160.00 by %s\n", (long long)id, t.number,
			       pence_cell(t.amount_pence, amount),
			       date_cell(t.reduced_until, a), date_cell(t.due, b));
		else if (!rc)
			printf("notice %lld: penalty notice %d, £%s by %s\n",
			       (long long)id, t.number,
			       pence_cell(t.amount_pence, amount), date_cell(t.due, b));
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int notice_outcome_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "notice outcome ID --user NAME --status "
		"paid|unpaid|withdrawn [--on DATE] [--detail TEXT]";
	const char *user = NULL, *status = NULL, *on_text = NULL, *detail = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "status STATUS", &status, NULL, "paid, unpaid (to prosecution) "
		  "or withdrawn" },
		{ "on DATE", &on_text, NULL, "when (default: today)" },
		{ "detail TEXT", &detail, NULL, "e.g. why withdrawn" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id = 0;
	day_t on = DAY_NONE;
	char **args;
	int nr, rc, to;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1 || !status || (to = notice_status_parse(status)) < 0) {
		free(args);
		return cli_usage_error(usage, "name one notice by id and --status");
	}
	if ((rc = id_arg(args[0], usage, &id)) < 0 &&
	    (rc = cli_date_option(on_text, date_today(), "on", usage, &on)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(penalty_notice_outcome(s.st, &s.v, id,
						 (enum notice_status)to, on,
						 detail, &e), &e);
		if (!rc)
			printf("notice %lld: %s\n", (long long)id, status);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int notice_list_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "notice list [UPN] --user NAME [--format FMT]";
	static const struct column columns[] = {
		{ "notice", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "parent", COLUMN_NUMBER }, { "parent_name", COLUMN_TEXT },
		{ "kind", COLUMN_TEXT }, { "issued", COLUMN_TEXT },
		{ "amount", COLUMN_NUMBER }, { "reduced_until", COLUMN_TEXT },
		{ "due", COLUMN_TEXT }, { "status", COLUMN_TEXT },
		{ "outcome_date", COLUMN_TEXT }, { "paid", COLUMN_NUMBER },
	};
	const char *user = NULL, *format = NULL;
	const struct cli_option opts[] = { USER_OPTION(user), FORMAT_OPTION(format),
					   { 0 } };
	struct error e = ERROR_INIT;
	struct notice_row *rows = NULL;
	enum output_format f;
	struct acting s;
	struct output o;
	size_t n;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr > 1) {
		free(args);
		return cli_usage_error(usage, "name at most one pupil");
	}
	if ((rc = format_option(format, usage, &f)) >= 0 ||
	    (rc = acting_open(cli, &s, user, STORE_READ, usage)) >= 0) {
		free(args);
		return rc;
	}
	rc = penalty_notice_list(s.st, &s.v, nr ? args[0] : NULL, &rows, &n, &e);
	free(args);
	if (rc)
		return acting_fail(&s, &e);
	output_begin(&o, f, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		const struct notice_row *r = &rows[i];
		char id[24], parent[24], issued[11], reduced[11], due[11], out[11];
		char amount[16], paid[16];
		const char *cells[12] = {
			id, r->upn, parent, r->parent, notice_kind_name(r->kind),
			date_cell(r->issued, issued),
			r->kind == NOTICE_NTI ? "" : pence_cell(r->amount_pence, amount),
			date_cell(r->reduced_until, reduced), date_cell(r->due, due),
			notice_status_name(r->status), date_cell(r->outcome_date, out),
			r->status == NOTICE_PAID ? pence_cell(r->paid_pence, paid) : "",
		};
		snprintf(id, sizeof(id), "%lld", (long long)r->id);
		snprintf(parent, sizeof(parent), "%lld", (long long)r->parent_id);
		output_row(&o, cells);
	}
	return list_end(&o, rows, &s);
}

int cmd_notice(struct cli *cli, int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "issue", notice_issue_cmd, "issue a Notice to Improve or a penalty notice" },
		{ "outcome", notice_outcome_cmd, "record paid, unpaid or withdrawn" },
		{ "list", notice_list_cmd, "notices you may see" },
	};

	return dispatch(cli, argc, argv, "notice", subs, COUNT(subs));
}

/* ---- attend timetable ------------------------------------------------------------ */

static int timetable_add_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "timetable add UPN --user NAME --school URN "
		"--start DATE --end DATE --review DATE --hours H --reason TEXT "
		"--parent-agreed";
	const char *user = NULL, *school = NULL, *start = NULL, *end = NULL;
	const char *review = NULL, *hours = NULL, *reason = NULL;
	int agreed = 0;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "school URN", &school, NULL, "the school that agreed it" },
		{ "start DATE", &start, NULL, "first day" },
		{ "end DATE", &end, NULL, "last day (time-limited)" },
		{ "review DATE", &review, NULL, "when it is reviewed" },
		{ "hours H", &hours, NULL, "hours a week (up to 32.5, one decimal)" },
		{ "reason TEXT", &reason, NULL, "why a part-time timetable" },
		{ "parent-agreed", NULL, &agreed, "the parents have agreed" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct part_time p = { 0 };
	struct acting s;
	int32_t urn = 0;
	int64_t id = 0;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1 || !school || !start || !end || !review || !hours) {
		free(args);
		return cli_usage_error(usage, "name one pupil by UPN, the school, "
				       "the dates and the hours");
	}
	p.reason = reason;
	p.parent_agreed = agreed;
	if (hours_parse(hours, &p.hours_tenths)) {
		free(args);
		return cli_usage_error(usage, "--hours takes hours a week such as "
				       "15 or 12.5, not '%s'", hours);
	}
	if ((rc = urn_arg(school, usage, &urn)) < 0 &&
	    (rc = cli_date_option(start, DAY_NONE, "start", usage, &p.start)) < 0 &&
	    (rc = cli_date_option(end, DAY_NONE, "end", usage, &p.end)) < 0 &&
	    (rc = cli_date_option(review, DAY_NONE, "review", usage, &p.review)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(part_time_add(s.st, &s.v, args[0], urn, &p, &id, &e), &e);
		if (!rc)
			printf("part-time timetable %lld added for %s; the LA is "
			       "notified\n", (long long)id, args[0]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int timetable_review_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "timetable review ID --user NAME [--on DATE] "
		"[--ended]";
	const char *user = NULL, *on_text = NULL;
	int ended = 0;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "on DATE", &on_text, NULL, "when (default: today)" },
		{ "ended", NULL, &ended, "the plan has ended (full time again)" },
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
		return cli_usage_error(usage, "name one timetable by id");
	}
	if ((rc = id_arg(args[0], usage, &id)) < 0 &&
	    (rc = cli_date_option(on_text, date_today(), "on", usage, &on)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(part_time_reviewed(s.st, &s.v, id, on, ended, &e), &e);
		if (!rc)
			printf("part-time timetable %lld %s\n", (long long)id,
			       ended ? "ended" : "reviewed");
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int timetable_list_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "timetable list --user NAME [--format FMT]";
	static const struct column columns[] = {
		{ "timetable", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "urn", COLUMN_NUMBER }, { "start", COLUMN_TEXT },
		{ "end", COLUMN_TEXT }, { "review", COLUMN_TEXT },
		{ "hours", COLUMN_NUMBER }, { "reviewed", COLUMN_TEXT },
		{ "ended", COLUMN_TEXT }, { "review_overdue", COLUMN_NUMBER },
		{ "over_length", COLUMN_NUMBER }, { "reason", COLUMN_TEXT },
	};
	const char *user = NULL, *format = NULL;
	const struct cli_option opts[] = { USER_OPTION(user), FORMAT_OPTION(format),
					   { 0 } };
	struct error e = ERROR_INIT;
	struct part_time_row *rows;
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
	if (part_time_list(s.st, &s.v, &rows, &n, &e))
		return acting_fail(&s, &e);
	output_begin(&o, f, columns, COUNT(columns), stdout);
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
		output_row(&o, cells);
	}
	return list_end(&o, rows, &s);
}

int cmd_timetable(struct cli *cli, int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "add", timetable_add_cmd, "agree a part-time timetable (C2)" },
		{ "review", timetable_review_cmd, "record its review, or its end" },
		{ "list", timetable_list_cmd, "timetables, with overdue reviews" },
	};

	return dispatch(cli, argc, argv, "timetable", subs, COUNT(subs));
}

/* ---- attend tsm ---------------------------------------------------------------------- */

static int tsm_officer_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "tsm officer URN OFFICER --user NAME";
	const char *user = NULL;
	const struct cli_option opts[] = { USER_OPTION(user), { 0 } };
	struct error e = ERROR_INIT;
	struct acting s;
	int32_t urn;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 2) {
		free(args);
		return cli_usage_error(usage, "give the school's URN and the officer");
	}
	if ((rc = urn_arg(args[0], usage, &urn)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(school_officer_set(s.st, &s.v, urn, args[1], &e), &e);
		if (!rc)
			printf("%s is the named officer of %06d\n", args[1], urn);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int tsm_schedule_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "tsm schedule URN --user NAME --date DATE";
	const char *user = NULL, *date_text = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "date DATE", &date_text, NULL, "the meeting's date" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int32_t urn;
	int64_t id = 0;
	day_t date;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1 || !date_text) {
		free(args);
		return cli_usage_error(usage, "give the school's URN and --date");
	}
	if ((rc = urn_arg(args[0], usage, &urn)) < 0 &&
	    (rc = cli_date_option(date_text, DAY_NONE, "date", usage, &date)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(tsm_schedule(s.st, &s.v, urn, date, &id, &e), &e);
		if (!rc)
			printf("meeting %lld offered to %06d\n", (long long)id, urn);
		acting_close(&s);
	}
	free(args);
	return rc;
}

/* tsm respond / tsm hold: one of two flags, a date, notes. */
static int tsm_state_cmd(struct cli *cli, int argc, char **argv, bool hold)
{
	const char *usage = hold ?
		"tsm hold ID --user NAME (--held|--not-held) [--on DATE] [--notes TEXT]" :
		"tsm respond ID --user NAME (--accept|--decline) [--on DATE]";
	const char *user = NULL, *on_text = NULL, *notes = NULL;
	int yes = 0, no = 0;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ hold ? "held" : "accept", NULL, &yes, hold ? "the meeting was held" :
		  "the school accepts" },
		{ hold ? "not-held" : "decline", NULL, &no, hold ? "it was not held" :
		  "the school declines" },
		{ "on DATE", &on_text, NULL, "when (default: today)" },
		{ "notes TEXT", &notes, NULL, "what was discussed (hold)" },
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
	if (nr != 1 || yes + no != 1) {
		free(args);
		return cli_usage_error(usage, "name one meeting by id and say %s",
				       hold ? "--held or --not-held" :
				       "--accept or --decline");
	}
	if ((rc = id_arg(args[0], usage, &id)) < 0 &&
	    (rc = cli_date_option(on_text, date_today(), "on", usage, &on)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = hold ? tsm_hold(s.st, &s.v, id, yes, on, notes, &e) :
			tsm_respond(s.st, &s.v, id, yes, on, &e);
		rc = done(rc, &e);
		if (!rc)
			printf("meeting %lld %s\n", (long long)id, hold ?
			       (yes ? "held" : "not held") :
			       (yes ? "accepted" : "declined"));
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int tsm_respond_cmd(struct cli *cli, int argc, char **argv)
{
	return tsm_state_cmd(cli, argc, argv, false);
}

static int tsm_hold_cmd(struct cli *cli, int argc, char **argv)
{
	return tsm_state_cmd(cli, argc, argv, true);
}

static int tsm_action_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "tsm action ID --user NAME --what TEXT "
		"--owner TEXT --due DATE [--pupil UPN]";
	const char *user = NULL, *what = NULL, *owner = NULL, *due_text = NULL;
	const char *pupil = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "what TEXT", &what, NULL, "what was agreed" },
		{ "owner TEXT", &owner, NULL, "who does it" },
		{ "due DATE", &due_text, NULL, "by when" },
		{ "pupil UPN", &pupil, NULL, "a pupil's action: also added to their case" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id = 0, action = 0;
	day_t due = DAY_NONE;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1) {
		free(args);
		return cli_usage_error(usage, "name one meeting by id");
	}
	if ((rc = id_arg(args[0], usage, &id)) < 0 &&
	    (rc = cli_date_option(due_text, DAY_NONE, "due", usage, &due)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(tsm_add_action(s.st, &s.v, id, pupil, what, owner, due,
					 &action, &e), &e);
		if (!rc)
			printf("meeting %lld: action %lld recorded\n", (long long)id,
			       (long long)action);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int tsm_list_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "tsm list --user NAME [--school URN] "
		"[--format FMT]";
	static const struct column columns[] = {
		{ "meeting", COLUMN_NUMBER }, { "urn", COLUMN_NUMBER },
		{ "school", COLUMN_TEXT }, { "term", COLUMN_TEXT },
		{ "date", COLUMN_TEXT }, { "status", COLUMN_TEXT },
		{ "officer", COLUMN_TEXT }, { "actions", COLUMN_NUMBER },
	};
	const char *user = NULL, *format = NULL, *school = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user), FORMAT_OPTION(format),
		{ "school URN", &school, NULL, "only this school" }, { 0 },
	};
	struct error e = ERROR_INIT;
	struct tsm_row *rows;
	enum output_format f;
	struct acting s;
	struct output o;
	int32_t urn = 0;
	size_t n;
	int rc;

	if ((rc = cli_parse_none(cli, argc, argv, opts, usage)) >= 0)
		return rc;
	if ((school && (rc = urn_arg(school, usage, &urn)) >= 0) ||
	    (rc = format_option(format, usage, &f)) >= 0 ||
	    (rc = acting_open(cli, &s, user, STORE_READ, usage)) >= 0)
		return rc;
	if (tsm_list(s.st, &s.v, urn, &rows, &n, &e))
		return acting_fail(&s, &e);
	output_begin(&o, f, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], u[8], d[11], actions[12];
		const char *cells[8] = {
			id, u, rows[i].school, rows[i].term, date_cell(rows[i].date, d),
			tsm_status_name(rows[i].status), rows[i].officer, actions,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		snprintf(u, sizeof(u), "%06d", rows[i].urn);
		snprintf(actions, sizeof(actions), "%d", rows[i].actions);
		output_row(&o, cells);
	}
	return list_end(&o, rows, &s);
}

static int tsm_summary_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "tsm summary --user NAME [--year YYYY] "
		"[--format FMT]";
	static const struct column columns[] = {
		{ "year", COLUMN_TEXT }, { "schools", COLUMN_NUMBER },
		{ "accepted", COLUMN_NUMBER }, { "accepted_pct", COLUMN_NUMBER },
		{ "held", COLUMN_NUMBER }, { "held_pct", COLUMN_NUMBER },
	};
	const char *user = NULL, *format = NULL, *year_text = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user), FORMAT_OPTION(format),
		{ "year YYYY", &year_text, NULL, "the academic year starting in YYYY "
		  "(default: this one)" }, { 0 },
	};
	struct error e = ERROR_INIT;
	struct tsm_year_summary sum;
	enum output_format f;
	struct acting s;
	struct output o;
	char *end, name[8], schools[24], acc[24], held[24], ap[24], hp[24];
	int rc, year = academic_year_of(date_today());

	if ((rc = cli_parse_none(cli, argc, argv, opts, usage)) >= 0)
		return rc;
	if (year_text) {
		year = (int)strtol(year_text, &end, 10);
		if (*end || year < ACADEMIC_YEAR_MIN || year > ACADEMIC_YEAR_MAX)
			return cli_usage_error(usage, "--year takes a year, e.g. 2024");
	}
	if ((rc = format_option(format, usage, &f)) >= 0 ||
	    (rc = acting_open(cli, &s, user, STORE_READ, usage)) >= 0)
		return rc;
	if (tsm_summary(s.st, &s.v, year, &sum, &e))
		return acting_fail(&s, &e);
	academic_year_name(year, name);
	snprintf(schools, sizeof(schools), "%zu", sum.schools);
	snprintf(acc, sizeof(acc), "%zu", sum.accepted);
	snprintf(held, sizeof(held), "%zu", sum.held);
	{
		const char *cells[6] = {
			name, schools, acc, percent_format(sum.accepted, sum.schools, ap),
			held, percent_format(sum.held, sum.schools, hp),
		};
		output_begin(&o, f, columns, COUNT(columns), stdout);
		output_row(&o, cells);
	}
	acting_close(&s);
	return output_end(&o) ? EXIT_INPUT : 0;
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

static int write_file(const char *path, const struct strbuf *sb,
		      struct error *e)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(sb->buf, 1, sb->len, f) != sb->len) {
		int err = errno;
		if (f)
			fclose(f);
		return error_set(e, ERROR_INPUT, "%s: %s", path, strerror(err));
	}
	if (fclose(f))
		return error_set(e, ERROR_INPUT, "%s: %s", path, strerror(errno));
	return 0;
}

/* The first of chromium's names on $PATH, or NULL. */
static const char *find_chromium(char *buf, size_t n)
{
	static const char *const names[] = { "chromium", "chromium-browser",
					     "google-chrome" };
	const char *path = getenv("PATH");

	for (size_t k = 0; k < COUNT(names); k++) {
		const char *p = path ? path : "/usr/bin:/bin";
		while (*p) {
			size_t len = strcspn(p, ":");
			snprintf(buf, n, "%.*s/%s", (int)len, p, names[k]);
			if (len && access(buf, X_OK) == 0)
				return buf;
			p += len + (p[len] == ':');
		}
	}
	return NULL;
}

/* Prints html (a file) to pdf with headless chromium. */
static int print_pdf(const char *html, const char *pdf, struct error *e)
{
	char chromium[PATH_MAX], arg[PATH_MAX + 32], url[PATH_MAX + 16];
	char dir[PATH_MAX], *slash, *abs_pdf;
	int status;
	pid_t pid;

	if (!find_chromium(chromium, sizeof(chromium)))
		return error_set(e, ERROR_INPUT, "--pdf needs chromium, which is "
				 "not installed (on Debian: apt-get install "
				 "chromium); --html FILE writes the pack to print "
				 "from a browser instead");
	/* chromium resolves paths from its own directory: make them absolute */
	snprintf(dir, sizeof(dir), "%s", pdf);
	if (!(slash = strrchr(dir, '/')))
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	abs_pdf = realpath(dir, NULL);
	if (!abs_pdf)
		return error_set(e, ERROR_INPUT, "%s: %s", pdf, strerror(errno));
	snprintf(arg, sizeof(arg), "--print-to-pdf=%s/%s", abs_pdf,
		 strrchr(pdf, '/') ? strrchr(pdf, '/') + 1 : pdf);
	free(abs_pdf);
	snprintf(url, sizeof(url), "file://%s", html);
	fflush(NULL);
	if ((pid = fork()) < 0)
		return error_set(e, ERROR_INTERNAL, "fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execl(chromium, chromium, "--headless", "--no-sandbox",
		      "--disable-gpu", "--no-pdf-header-footer",
		      "--run-all-compositor-stages-before-draw", arg, url,
		      (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return error_set(e, ERROR_INTERNAL, "chromium could not print the "
				 "pack to %s", pdf);
	if (access(pdf, R_OK))
		return error_set(e, ERROR_INTERNAL, "chromium wrote no %s", pdf);
	return 0;
}

static int tsm_pack_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "tsm pack URN --user NAME [--pdf FILE] "
		"[--html FILE]";
	const char *user = NULL, *pdf = NULL, *html = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "pdf FILE", &pdf, NULL, "print the pack to FILE as PDF (needs "
		  "chromium)" },
		{ "html FILE", &html, NULL, "write the pack to FILE as HTML "
		  "(default: standard output)" },
		{ 0 },
	};
	struct strbuf doc = STRBUF_INIT;
	struct error e = ERROR_INIT;
	struct acting s;
	int32_t urn = 0;
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1) {
		free(args);
		return cli_usage_error(usage, "name one school by URN");
	}
	rc = urn_arg(args[0], usage, &urn);
	free(args);
	if (rc >= 0 || (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) >= 0)
		return rc;
	rc = pack_document(&s, urn, &doc, &e);
	acting_close(&s);
	if (!rc && html)
		rc = write_file(html, &doc, &e);
	if (!rc && pdf) {
		char tmp[] = "/tmp/attend-pack-XXXXXX.html";
		int fd = mkstemps(tmp, 5);

		if (fd < 0) {
			rc = error_set(&e, ERROR_INTERNAL, "a temporary file: %s",
				       strerror(errno));
		} else {
			close(fd);
			rc = write_file(tmp, &doc, &e);
			if (!rc)
				rc = print_pdf(tmp, pdf, &e);
			unlink(tmp);
		}
	}
	if (!rc && !html && !pdf)
		fwrite(doc.buf, 1, doc.len, stdout);
	strbuf_release(&doc);
	if (rc)
		return cli_fail(&e);
	if (pdf)
		printf("TSM pack of %06d printed to %s\n", urn, pdf);
	return 0;
}

int cmd_tsm(struct cli *cli, int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "officer", tsm_officer_cmd, "name a school's LA officer" },
		{ "schedule", tsm_schedule_cmd, "offer a school a meeting" },
		{ "respond", tsm_respond_cmd, "the school accepts or declines" },
		{ "hold", tsm_hold_cmd, "record the meeting held or not held" },
		{ "action", tsm_action_cmd, "record an action agreed at a meeting" },
		{ "list", tsm_list_cmd, "meetings of the schools you may see" },
		{ "summary", tsm_summary_cmd, "schools that accepted and held one this year" },
		{ "pack", tsm_pack_cmd, "the pack for a school's meeting, as HTML or PDF" },
	};

	return dispatch(cli, argc, argv, "tsm", subs, COUNT(subs));
}

/* ---- attend cme ------------------------------------------------------------------------- */

static int cme_refer_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "cme refer --user NAME (--pupil UPN | --name "
		"NAME [--dob DATE]) [--school URN] [--source SOURCE] [--on DATE] "
		"[--notes TEXT]";
	const char *user = NULL, *pupil = NULL, *name = NULL, *dob_text = NULL;
	const char *school = NULL, *source = NULL, *on_text = NULL, *notes = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "pupil UPN", &pupil, NULL, "a pupil in the store" },
		{ "name NAME", &name, NULL, "or a child by name" },
		{ "dob DATE", &dob_text, NULL, "their date of birth" },
		{ "school URN", &school, NULL, "the last school known" },
		{ "source SOURCE", &source, NULL, "referral (default), "
		  "removal_from_roll or no_school_place" },
		{ "on DATE", &on_text, NULL, "when (default: today)" },
		{ "notes TEXT", &notes, NULL, "what is known" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int32_t urn = 0;
	int64_t id = 0;
	day_t dob, on;
	char **args;
	int nr, rc, src = CME_REFERRAL;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	free(args);
	if (nr || (!pupil == !name))
		return cli_usage_error(usage, "name the child: --pupil or --name");
	if (source && (src = cme_source_parse(source)) < 0)
		return cli_usage_error(usage, "'%s' is not a source", source);
	if ((school && (rc = urn_arg(school, usage, &urn)) >= 0) ||
	    (rc = cli_date_option(dob_text, DAY_NONE, "dob", usage, &dob)) >= 0 ||
	    (rc = cli_date_option(on_text, date_today(), "on", usage, &on)) >= 0 ||
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) >= 0)
		return rc;
	rc = done(cme_refer(s.st, &s.v, pupil, name, dob, urn,
			    (enum cme_source)src, on, notes, &id, &e), &e);
	if (!rc)
		printf("CME referral %lld recorded\n", (long long)id);
	acting_close(&s);
	return rc;
}

static int cme_update_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "cme update ID --user NAME --status STATUS "
		"[--outcome OUTCOME] [--on DATE] [--notes TEXT]";
	const char *user = NULL, *status = NULL, *outcome = NULL, *on_text = NULL;
	const char *notes = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		{ "status STATUS", &status, NULL, "investigating, located, on_roll "
		  "or closed" },
		{ "outcome OUTCOME", &outcome, NULL, "when closed: on_roll, "
		  "home_education, moved_away, left_england, not_found, other" },
		{ "on DATE", &on_text, NULL, "when (default: today)" },
		{ "notes TEXT", &notes, NULL, "what was found" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id = 0;
	day_t on = DAY_NONE;
	char **args;
	int nr, rc, to, out = CME_OUTCOME_NONE;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	if (nr != 1 || !status || (to = cme_status_parse(status)) < 0 ||
	    (outcome && (out = cme_outcome_parse(outcome)) < 0)) {
		free(args);
		return cli_usage_error(usage, "name one referral by id, a known "
				       "--status (and --outcome)");
	}
	if ((rc = id_arg(args[0], usage, &id)) < 0 &&
	    (rc = cli_date_option(on_text, date_today(), "on", usage, &on)) < 0 &&
	    (rc = acting_open(cli, &s, user, STORE_WRITE, usage)) < 0) {
		rc = done(cme_update(s.st, &s.v, id, (enum cme_status)to,
				     (enum cme_outcome)out, on, notes, &e), &e);
		if (!rc)
			printf("CME referral %lld: %s\n", (long long)id, status);
		acting_close(&s);
	}
	free(args);
	return rc;
}

static int cme_list_cmd(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "cme list --user NAME [--format FMT]";
	static const struct column columns[] = {
		{ "referral", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "name", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "source", COLUMN_TEXT }, { "status", COLUMN_TEXT },
		{ "referred", COLUMN_TEXT }, { "updated", COLUMN_TEXT },
		{ "outcome", COLUMN_TEXT },
	};
	const char *user = NULL, *format = NULL;
	const struct cli_option opts[] = { USER_OPTION(user), FORMAT_OPTION(format),
					   { 0 } };
	struct error e = ERROR_INIT;
	struct cme_row *rows;
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
	if (cme_list(s.st, &s.v, &rows, &n, &e))
		return acting_fail(&s, &e);
	output_begin(&o, f, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], urn[8], a[11], b[11];
		const char *cells[9] = {
			id, rows[i].upn, rows[i].name, urn,
			cme_source_name(rows[i].source), cme_status_name(rows[i].status),
			date_cell(rows[i].referred, a), date_cell(rows[i].updated, b),
			rows[i].outcome,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		if (rows[i].urn)
			snprintf(urn, sizeof(urn), "%06d", rows[i].urn);
		else
			urn[0] = '\0';
		output_row(&o, cells);
	}
	return list_end(&o, rows, &s);
}

int cmd_cme(struct cli *cli, int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "refer", cme_refer_cmd, "refer a child missing education" },
		{ "update", cme_update_cmd, "move a referral on (closing: its outcome)" },
		{ "list", cme_list_cmd, "referrals you may see" },
	};

	return dispatch(cli, argc, argv, "cme", subs, COUNT(subs));
}

/* ---- attend alerts ----------------------------------------------------------------------- */

int cmd_alerts(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "alerts --user NAME [--refresh [--as-of DATE]] "
		"[--ack ID] [--all] [--format FMT]";
	static const struct column columns[] = {
		{ "alert", COLUMN_NUMBER }, { "kind", COLUMN_TEXT },
		{ "upn", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "created", COLUMN_TEXT }, { "message", COLUMN_TEXT },
		{ "acknowledged_by", COLUMN_TEXT }, { "acknowledged_at", COLUMN_TEXT },
	};
	const char *user = NULL, *format = NULL, *as_of = NULL, *ack = NULL;
	int refresh = 0, all = 0;
	const struct cli_option opts[] = {
		USER_OPTION(user), FORMAT_OPTION(format),
		{ "refresh", NULL, &refresh, "raise what is due first (LA only)" },
		{ "as-of DATE", &as_of, NULL, "refresh as of this day (default: today)" },
		{ "ack ID", &ack, NULL, "acknowledge an alert in your queue" },
		{ "all", NULL, &all, "acknowledged alerts too" },
		{ 0 },
	};
	struct error e = ERROR_INIT;
	struct alert_row *rows;
	enum output_format f;
	struct acting s;
	struct output o;
	int64_t ack_id = 0;
	size_t n, added;
	day_t today;
	int rc;

	if ((rc = cli_parse_none(cli, argc, argv, opts, usage)) >= 0)
		return rc;
	if ((ack && (rc = id_arg(ack, usage, &ack_id)) >= 0) ||
	    (rc = cli_date_option(as_of, date_today(), "as-of", usage, &today)) >= 0 ||
	    (rc = format_option(format, usage, &f)) >= 0 ||
	    (rc = acting_open(cli, &s, user, refresh || ack ? STORE_WRITE :
			       STORE_READ, usage)) >= 0)
		return rc;
	if (refresh) {
		if (alerts_refresh(s.st, &s.v, today, &added, &e))
			goto fail;
		fprintf(stderr, "attend: %zu new alert(s)\n", added);
	}
	if (ack_id) {
		if (alert_ack(s.st, &s.v, ack_id, &e))
			goto fail;
		fprintf(stderr, "attend: alert %lld acknowledged\n", (long long)ack_id);
	}
	if (alert_list(s.st, &s.v, all, &rows, &n, &e))
		goto fail;
	output_begin(&o, f, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], urn[8];
		const char *cells[8] = {
			id, rows[i].kind, rows[i].upn, urn, rows[i].created,
			rows[i].message, rows[i].acknowledged_by,
			rows[i].acknowledged_at,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		if (rows[i].urn)
			snprintf(urn, sizeof(urn), "%06d", rows[i].urn);
		else
			urn[0] = '\0';
		output_row(&o, cells);
	}
	return list_end(&o, rows, &s);
fail:
	return acting_fail(&s, &e);
}
