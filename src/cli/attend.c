/*
 * attend: school attendance for an English local authority.
 *
 * usage: attend [--db PATH] COMMAND [OPTIONS]
 *
 * One table names every command: a top-level command (init, pupils...),
 * or a group (case, tsm, report...) followed by the commands of that
 * group.  The help lists are printed from it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/schema.h"

static const struct cli_command commands[] = {
	/* group, name, function, summary (a group has no function) */
	{ NULL, "init", cmd_init, "create the store (or bring its schema up to date)" },
	{ NULL, "import", cmd_import, "import schools, areas, calendars, pupils, "
	  "registers (CSV)" },
	{ NULL, "pupils", cmd_pupils, "attendance measures and band of every enrolment" },
	{ NULL, "schools", cmd_schools, "headline attendance figures of every school" },
	{ NULL, "register", cmd_register, "one pupil's full register for a year" },
	{ NULL, "ctf", cmd_ctf, "a Common Transfer File of attendance (transition)" },
	{ NULL, "registers", cmd_registers, "registers not taken, school by school" },
	{ NULL, "penalty", cmd_penalty, "enrolments that met the penalty-notice "
	  "threshold" },
	{ NULL, "compare", cmd_compare, "the authority against national, region, "
	  "neighbours" },
	{ NULL, "config", cmd_config, "show or change the authority's settings" },

	{ NULL, "user", NULL, "add, list, disable and change web accounts" },
	{ "user", "add", cmd_user_add, "add an account (the password is read from "
	  "the terminal or stdin)" },
	{ "user", "list", cmd_user_list, "every account, its role and schools" },
	{ "user", "disable", cmd_user_disable, "disable an account (ends its sessions)" },
	{ "user", "enable", cmd_user_enable, "enable a disabled account" },
	{ "user", "passwd", cmd_user_passwd, "set a new password (ends its sessions)" },

	{ NULL, "case", NULL, "cases on the graduated response: open, move, show" },
	{ "case", "open", cmd_case_open, "open a case for a pupil" },
	{ "case", "move", cmd_case_move, "move a case to another stage" },
	{ "case", "close", cmd_case_close, "close a pupil's case" },
	{ "case", "barrier", cmd_case_barrier, "record a barrier to attendance" },
	{ "case", "agency", cmd_case_agency, "record an agency involved" },
	{ "case", "action", cmd_case_action, "add an action with owner and due date" },
	{ "case", "done", cmd_case_done, "record an action done, with its outcome" },
	{ "case", "show", cmd_case_show, "a pupil's case and its history" },
	{ "case", "list", cmd_case_list, "the cases you may see" },
	{ "case", "propose", cmd_case_propose, "open cases at monitor for pupils in "
	  "the at-risk bands" },

	{ NULL, "legal", NULL, "joint legal decisions (the six steps)" },
	{ "legal", "record", cmd_legal_record, "record a joint legal decision (six "
	  "steps)" },
	{ "legal", "list", cmd_legal_list, "legal decisions you may see" },

	{ NULL, "parent", NULL, "parents and households of pupils" },
	{ "parent", "add", cmd_parent_add, "add a parent of a child (and household)" },
	{ "parent", "link", cmd_parent_link, "link a parent to another child" },
	{ "parent", "list", cmd_parent_list, "parents and the children they are "
	  "linked to" },

	{ NULL, "notice", NULL, "Notices to Improve and penalty notices" },
	{ "notice", "issue", cmd_notice_issue, "issue a Notice to Improve or a "
	  "penalty notice" },
	{ "notice", "outcome", cmd_notice_outcome, "record paid, unpaid or withdrawn" },
	{ "notice", "list", cmd_notice_list, "notices you may see" },

	{ NULL, "timetable", NULL, "part-time timetables (C2) and their reviews" },
	{ "timetable", "add", cmd_timetable_add, "agree a part-time timetable (C2)" },
	{ "timetable", "review", cmd_timetable_review, "record its review, or its end" },
	{ "timetable", "list", cmd_timetable_list, "timetables, with overdue reviews" },

	{ NULL, "tsm", NULL, "Targeting Support Meetings with schools" },
	{ "tsm", "officer", cmd_tsm_officer, "name a school's LA officer" },
	{ "tsm", "schedule", cmd_tsm_schedule, "offer a school a meeting" },
	{ "tsm", "respond", cmd_tsm_respond, "the school accepts or declines" },
	{ "tsm", "hold", cmd_tsm_hold, "record the meeting held or not held" },
	{ "tsm", "action", cmd_tsm_action, "record an action agreed at a meeting" },
	{ "tsm", "list", cmd_tsm_list, "meetings of the schools you may see" },
	{ "tsm", "summary", cmd_tsm_summary, "schools that accepted and held one "
	  "this year" },
	{ "tsm", "pack", cmd_tsm_pack, "the pack for a school's meeting, as HTML "
	  "or PDF" },

	{ NULL, "cme", NULL, "children missing education" },
	{ "cme", "refer", cmd_cme_refer, "refer a child missing education" },
	{ "cme", "update", cmd_cme_update, "move a referral on (closing: its outcome)" },
	{ "cme", "list", cmd_cme_list, "referrals you may see" },

	{ NULL, "alerts", cmd_alerts, "your queue of alerts; --refresh raises what "
	  "is due" },

	{ NULL, "report", NULL, "annual report, KPIs, codes audit, dip sample, CLA "
	  "weekly" },
	{ "report", "annual", cmd_report_annual, "the authority's annual attendance "
	  "report (--public: small numbers suppressed)" },
	{ "report", "kpi", cmd_report_kpi, "progress against the KPIs, this year "
	  "against last" },
	{ "report", "codes", cmd_report_codes, "code-consistency audit: each "
	  "school's use of each code against the rest of the authority" },
	{ "report", "dip-sample", cmd_report_dip_sample, "a reproducible random "
	  "sample of registers to audit" },
	{ "report", "cla-weekly", cmd_report_cla_weekly, "children looked after "
	  "not attending, week by week" },

	{ NULL, "forecast", cmd_forecast, "early warning: who is likely to end the "
	  "year PA or SA" },
	{ NULL, "serve", cmd_serve, "serve the web application" },
	{ NULL, "demo", cmd_demo, "generate and import a realistic demo authority" },
};

static bool in_group(const struct cli_command *c, const char *group)
{
	return group ? c->group && !strcmp(c->group, group) : !c->group;
}

static const struct cli_command *find(const char *group, const char *name)
{
	for (size_t i = 0; i < COUNT(commands); i++)
		if (in_group(&commands[i], group) && !strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* The commands of group (NULL: the top level), one line each. */
static void list_commands(FILE *out, const char *group)
{
	int width = 0;

	for (size_t i = 0; i < COUNT(commands); i++)
		if (in_group(&commands[i], group) &&
		    (int)strlen(commands[i].name) > width)
			width = (int)strlen(commands[i].name);
	for (size_t i = 0; i < COUNT(commands); i++)
		if (in_group(&commands[i], group))
			fprintf(out, "  %-*s  %s\n", width, commands[i].name,
				commands[i].summary);
}

static void usage(FILE *out)
{
	fputs("usage: attend [--db PATH] COMMAND [OPTIONS]\n\n"
	      "The store is PATH, else $ATTEND_DB, else attend.db.\n\n"
	      "Commands:\n", out);
	list_commands(out, NULL);
	fputs("\nRun 'attend COMMAND --help' for a command's options.\n", out);
}

static void group_usage(FILE *out, const char *group)
{
	fprintf(out, "usage: attend [--db PATH] %s COMMAND [OPTIONS]\n\n"
		"Commands:\n", group);
	list_commands(out, group);
	fprintf(out, "\nRun 'attend %s COMMAND --help' for its options.\n", group);
}

/* Runs argv[0] (a command or a group and one of its commands). */
static int run(struct cli *cli, int argc, char **argv)
{
	const struct cli_command *c = find(NULL, argv[0]);
	const char *group = argv[0];
	int help;

	if (!c) {
		fprintf(stderr, "attend: '%s' is not an attend command\n\n", argv[0]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (c->fn)
		return c->fn(cli, argc, argv);
	help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
	if (argc < 2 || help) {
		group_usage(help ? stdout : stderr, group);
		return help ? 0 : EXIT_USAGE;
	}
	if (!(c = find(group, argv[1]))) {
		fprintf(stderr, "attend: '%s' is not an 'attend %s' command\n",
			argv[1], group);
		group_usage(stderr, group);
		return EXIT_USAGE;
	}
	return c->fn(cli, argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	struct cli cli = { NULL, argv[0] };
	const char *env = getenv("ATTEND_DB");
	int i = 1;

	cli.db_path = env && *env ? env : "attend.db";
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			cli.db_path = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--db=", 5)) {
			cli.db_path = argv[i] + 5;
			i++;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("attend %d (schema %zu)\n", 1,
			       schema_migration_count());
			return 0;
		} else {
			fprintf(stderr, "attend: unknown option '%s'\n\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		if (i + 1 < argc && find(NULL, argv[i + 1])) {
			char *help_argv[] = { argv[i + 1], "--help", NULL };
			return run(&cli, 2, help_argv);
		}
		usage(stdout);
		return 0;
	}
	return run(&cli, argc - i, argv + i);
}
