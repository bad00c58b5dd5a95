/*
 * attend: school attendance for an English local authority.
 *
 * usage: attend [--db PATH] COMMAND [OPTIONS]
 *
 * One table names every command: a top-level command (init, pupils...),
 * or a group (case, tsm, report...) followed by the commands of that
 * group.  The help lists are printed from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/schema.h"

/*
 * Every command: its group, name and function; how many positional
 * arguments it takes (at least, at most; -1: no limit); whether it
 * writes to the store (READS opens it read-only), and whether it shows
 * named pupils (NAMES_PUPILS: each run is audited); its usage after the
 * name; the line the lists of commands show.  A group's own row has no
 * function; its commands follow it.
 */
#define GROUP(name, summary) { NULL, name, NULL, 0, 0, READS, NULL, summary }

static const struct cli_command commands[] = {
	{ NULL, "init", cmd_init, 0, 0, WRITES,
	  "",
	  "create the store (or bring its schema up to date)" },
	{ NULL, "import", cmd_import, 1, -1, WRITES,
	  "[--quiet] [--verbose] [--school URN [--map "
	  "upn=COL,date=COL,am=COL,pm=COL or upn=COL,date=COL,session=COL,"
	  "mark=COL]] FILE...",
	  "import schools, areas, calendars, pupils, registers (CSV)" },
	{ NULL, "pupils", cmd_pupils, 0, 0, READS | NAMES_PUPILS,
	  "[--school URN] [--from DATE] [--to DATE] [--format csv|table|json]",
	  "attendance measures and band of every enrolment" },
	{ NULL, "schools", cmd_schools, 0, 0, READS,
	  "[--school URN] [--from DATE] [--to DATE] [--all-ages] [--format "
	  "csv|table|json]",
	  "headline attendance figures of every school" },
	{ NULL, "register", cmd_register, 1, 1, READS | NAMES_PUPILS,
	  "UPN [--year YYYY] [--school URN] [--format csv|table|json]",
	  "one pupil's full register for a year" },
	{ NULL, "ctf", cmd_ctf, 0, 0, READS | NAMES_PUPILS,
	  "--school URN [--pupil UPN] [--from-year YYYY] [--to-year YYYY] "
	  "[--dest LAESTAB] [--out FILE]",
	  "a Common Transfer File of attendance (transition)" },
	{ NULL, "registers", cmd_registers, 0, 0, READS,
	  "[--year YYYY] [--as-of DATE] [--format csv|table|json]",
	  "registers not taken, school by school" },
	{ NULL, "held", cmd_held, 0, 0, READS,
	  "[--school URN] [--marks [--upn UPN]] [--format csv|table|json]",
	  "marks waiting for a pupil record, school by school" },
	{ NULL, "quality", cmd_quality, 0, 0, READS,
	  "[--school URN] [--by-school] [--format csv|table|json]",
	  "notes on the data's quality the imports left" },
	{ NULL, "penalty", cmd_penalty, 0, 0, READS | NAMES_PUPILS,
	  "[--as-of DATE] [--school URN] [--format csv|table|json]",
	  "enrolments that met the penalty-notice threshold" },
	{ NULL, "compare", cmd_compare, 0, 0, READS,
	  "[--from DATE] [--to DATE] [--dfe-period 202425] [--format "
	  "csv|table|json]",
	  "the authority against national, region, neighbours" },
	{ NULL, "config", cmd_config, 0, 2, WRITES_IF_ASKED,
	  "[KEY [VALUE]]",
	  "show or change the authority's settings" },

	GROUP("user", "add, list, disable and change web accounts"),
	{ "user", "add", cmd_user_add, 1, 1, WRITES,
	  "USERNAME --name NAME --role ROLE [--schools URN,...] [--pupils "
	  "UPN,...] [--oidc-subject SUB] [--email EMAIL] [--no-password]",
	  "add an account (the password is read from the terminal or stdin)" },
	{ "user", "link", cmd_user_link, 1, 1, WRITES,
	  "USERNAME [--oidc-subject SUB] [--email EMAIL] [--unlink]",
	  "link an account to the single sign-on provider's subject or email" },
	{ "user", "list", cmd_user_list, 0, 0, READS,
	  "",
	  "every account, its role and schools" },
	{ "user", "disable", cmd_user_disable, 1, 1, WRITES,
	  "USERNAME",
	  "disable an account (ends its sessions)" },
	{ "user", "enable", cmd_user_enable, 1, 1, WRITES,
	  "USERNAME",
	  "enable a disabled account" },
	{ "user", "passwd", cmd_user_passwd, 1, 1, WRITES,
	  "USERNAME",
	  "set a new password (ends its sessions)" },

	GROUP("case", "cases on the graduated response: open, move, show"),
	{ "case", "open", cmd_case_open, 1, 1, WRITES,
	  "UPN --user NAME --reason TEXT [--stage STAGE]",
	  "open a case for a pupil" },
	{ "case", "move", cmd_case_move, 1, 1, WRITES,
	  "UPN --user NAME --to STAGE --reason TEXT [--support-offered TEXT "
	  "--support-outcome TEXT] [--not-appropriate TEXT]",
	  "move a case to another stage" },
	{ "case", "close", cmd_case_close, 1, 1, WRITES,
	  "UPN --user NAME --reason TEXT",
	  "close a pupil's case" },
	{ "case", "barrier", cmd_case_barrier, 1, 1, WRITES,
	  "UPN --user NAME --barrier BARRIER [--detail TEXT]",
	  "record a barrier to attendance" },
	{ "case", "agency", cmd_case_agency, 1, 1, WRITES,
	  "UPN --user NAME --agency AGENCY [--detail TEXT]",
	  "record an agency involved" },
	{ "case", "action", cmd_case_action, 1, 1, WRITES,
	  "UPN --user NAME --what TEXT --owner TEXT --due DATE",
	  "add an action with owner and due date" },
	{ "case", "done", cmd_case_done, 1, 1, WRITES,
	  "ACTION --user NAME --outcome TEXT [--on DATE]",
	  "record an action done, with its outcome" },
	{ "case", "show", cmd_case_show, 1, 1, WRITES | NAMES_PUPILS,
	  "UPN --user NAME [--format FMT]",
	  "a pupil's case and its history" },
	{ "case", "list", cmd_case_list, 0, 0, READS | NAMES_PUPILS,
	  "--user NAME [--all] [--format FMT]",
	  "the cases you may see" },
	{ "case", "propose", cmd_case_propose, 0, 0, WRITES,
	  "--user NAME [--school URN] [--as-of DATE]",
	  "propose cases by the authority's rule (attend config proposal_*)" },
	{ "case", "proposals", cmd_case_proposals, 0, 0, READS | NAMES_PUPILS,
	  "--user NAME [--all] [--format FMT]",
	  "the proposed cases you may see, the most urgent first" },
	{ "case", "accept", cmd_case_accept, 1, 1, WRITES,
	  "PROPOSAL --user NAME [--reason TEXT]",
	  "accept a proposal: open the case at monitor" },
	{ "case", "dismiss", cmd_case_dismiss, 1, 1, WRITES,
	  "PROPOSAL --user NAME --reason TEXT",
	  "dismiss a proposal, saying why" },

	GROUP("legal", "joint legal decisions (the six steps)"),
	{ "legal", "record", cmd_legal_record, 1, 1, WRITES,
	  "UPN --user NAME --outcome proceed|on_hold|no_action [--decided "
	  "DATE] [--policy TEXT] [--officer TEXT] [--support TEXT] "
	  "[--social-worker NAME --agreed DATE] [--review DATE]",
	  "record a joint legal decision (six steps)" },
	{ "legal", "list", cmd_legal_list, 0, 0, READS | NAMES_PUPILS,
	  "--user NAME [--format FMT]",
	  "legal decisions you may see" },

	GROUP("parent", "parents and households of pupils"),
	{ "parent", "add", cmd_parent_add, 1, 1, WRITES,
	  "UPN --user NAME --name NAME [--contact TEXT] [--relationship TEXT] "
	  "[--household ID]",
	  "add a parent of a child (and household)" },
	{ "parent", "link", cmd_parent_link, 2, 2, WRITES,
	  "PARENT UPN --user NAME [--relationship TEXT]",
	  "link a parent to another child" },
	{ "parent", "list", cmd_parent_list, 0, 1, READS | NAMES_PUPILS,
	  "[UPN] --user NAME [--format FMT]",
	  "parents and the children they are linked to" },

	GROUP("notice", "Notices to Improve and penalty notices"),
	{ "notice", "issue", cmd_notice_issue, 1, 1, WRITES,
	  "UPN --user NAME --parent ID --kind nti|penalty [--issued DATE] "
	  "[--no-nti-reason TEXT]",
	  "issue a Notice to Improve or a penalty notice" },
	{ "notice", "outcome", cmd_notice_outcome, 1, 1, WRITES,
	  "ID --user NAME --status paid|unpaid|withdrawn [--on DATE] "
	  "[--detail TEXT]",
	  "record paid, unpaid or withdrawn" },
	{ "notice", "list", cmd_notice_list, 0, 1, READS | NAMES_PUPILS,
	  "[UPN] --user NAME [--format FMT]",
	  "notices you may see" },

	GROUP("timetable", "part-time timetables (C2) and their reviews"),
	{ "timetable", "add", cmd_timetable_add, 1, 1, WRITES,
	  "UPN --user NAME --school URN --start DATE --end DATE --review DATE "
	  "--hours H --reason TEXT --parent-agreed",
	  "agree a part-time timetable (C2)" },
	{ "timetable", "review", cmd_timetable_review, 1, 1, WRITES,
	  "ID --user NAME [--on DATE] [--ended]",
	  "record its review, or its end" },
	{ "timetable", "list", cmd_timetable_list, 0, 0, READS | NAMES_PUPILS,
	  "--user NAME [--format FMT]",
	  "timetables, with overdue reviews" },

	GROUP("tsm", "Targeting Support Meetings with schools"),
	{ "tsm", "officer", cmd_tsm_officer, 2, 2, WRITES,
	  "URN OFFICER --user NAME",
	  "name a school's LA officer" },
	{ "tsm", "schedule", cmd_tsm_schedule, 1, 1, WRITES,
	  "URN --user NAME --date DATE",
	  "offer a school a meeting" },
	{ "tsm", "respond", cmd_tsm_respond, 1, 1, WRITES,
	  "ID --user NAME (--accept|--decline) [--on DATE]",
	  "the school accepts or declines" },
	{ "tsm", "hold", cmd_tsm_hold, 1, 1, WRITES,
	  "ID --user NAME (--held|--not-held) [--on DATE] [--notes TEXT]",
	  "record the meeting held or not held" },
	{ "tsm", "action", cmd_tsm_action, 1, 1, WRITES,
	  "ID --user NAME --what TEXT --owner TEXT --due DATE [--pupil UPN]",
	  "record an action agreed at a meeting" },
	{ "tsm", "list", cmd_tsm_list, 0, 0, READS,
	  "--user NAME [--school URN] [--format FMT]",
	  "meetings of the schools you may see" },
	{ "tsm", "summary", cmd_tsm_summary, 0, 0, READS,
	  "--user NAME [--year YYYY] [--format FMT]",
	  "schools that accepted and held one this year" },
	{ "tsm", "pack", cmd_tsm_pack, 1, 1, WRITES | NAMES_PUPILS,
	  "URN --user NAME [--pdf FILE] [--html FILE]",
	  "the pack for a school's meeting, as HTML or PDF" },

	GROUP("cme", "children missing education"),
	{ "cme", "refer", cmd_cme_refer, 0, 0, WRITES,
	  "--user NAME (--pupil UPN | --name NAME [--dob DATE]) [--school "
	  "URN] [--source SOURCE] [--on DATE] [--notes TEXT]",
	  "refer a child missing education" },
	{ "cme", "update", cmd_cme_update, 1, 1, WRITES,
	  "ID --user NAME --status STATUS [--outcome OUTCOME] [--on DATE] "
	  "[--notes TEXT]",
	  "move a referral on (closing: its outcome)" },
	{ "cme", "list", cmd_cme_list, 0, 0, READS | NAMES_PUPILS,
	  "--user NAME [--format FMT]",
	  "referrals you may see" },
	{ NULL, "alerts", cmd_alerts, 0, 0, WRITES_IF_ASKED | NAMES_PUPILS,
	  "--user NAME [--refresh [--as-of DATE]] [--ack ID] [--all] "
	  "[--format FMT]",
	  "your queue of alerts; --refresh raises what is due" },

	GROUP("report",
	      "annual report, KPIs, codes audit, dip sample, CLA weekly"),
	{ "report", "annual", cmd_report_annual, 0, 0, READS,
	  "[--year YYYY] [--public] [--format csv|table|json|html]",
	  "the authority's annual attendance report (--public: small "
	  "numbers suppressed)" },
	{ "report", "kpi", cmd_report_kpi, 0, 0, READS,
	  "[--year YYYY] [--format FMT]",
	  "progress against the KPIs, this year against last" },
	{ "report", "codes", cmd_report_codes, 0, 0, READS,
	  "[--from DATE] [--to DATE] [--outliers] [--format FMT]",
	  "code-consistency audit: each school's use of each code against "
	  "the rest of the authority" },
	{ "report", "dip-sample", cmd_report_dip_sample, 0, 0, READS,
	  "[--seed N] [--count N] [--from DATE] [--to DATE] [--format FMT]",
	  "a reproducible random sample of registers to audit" },
	{ "report", "cla-weekly", cmd_report_cla_weekly, 0, 0, READS | NAMES_PUPILS,
	  "[--week DATE] [--format FMT]",
	  "children looked after not attending, week by week" },
	{ NULL, "forecast", cmd_forecast, 0, 0, READS | NAMES_PUPILS,
	  "[--as-of DATE] [--school URN] [--flagged] [--validate] [--format "
	  "csv|table|json]",
	  "early warning: who is likely to end the year PA or SA" },
	GROUP("retention", "how long records are kept, and legal holds"),
	{ "retention", "apply", cmd_retention_apply, 0, 0, WRITES,
	  "[--dry-run]",
	  "delete or anonymise what is past the authority's periods" },
	{ "retention", "hold", cmd_retention_hold, 1, 1, WRITES,
	  "UPN --reason TEXT",
	  "keep all of a pupil's records (a legal hold)" },
	{ "retention", "release", cmd_retention_release, 1, 1, WRITES,
	  "UPN",
	  "end a pupil's legal hold" },
	{ "retention", "list", cmd_retention_list, 0, 0, READS | NAMES_PUPILS,
	  "[--format FMT]",
	  "the pupils under a legal hold" },
	{ NULL, "sar", cmd_sar, 0, 1, READS | NAMES_PUPILS,
	  "(UPN | --parent ID) [--out DIR] [--no-pdf]",
	  "subject access: everything held about a child, or a parent, as "
	  "JSON and PDF" },
	{ NULL, "serve", cmd_serve, 0, 0, WRITES,
	  "[--port 8080] [--bind 127.0.0.1] [--threads 4] "
	  "[--tls-cert FILE --tls-key FILE] [--metrics-bind ADDR:PORT]",
	  "serve the web application" },
	{ NULL, "backup", cmd_backup, 0, 1, READS,
	  "[DEST] [--keep N]",
	  "a checked copy of the store, taken while it is in use, kept with "
	  "the last N in DEST" },
	{ NULL, "restore", cmd_restore, 1, 1, WRITES,
	  "SRC [--force] [--check]",
	  "replace the store with a backup, once the backup is checked" },
	{ NULL, "demo", cmd_demo, 0, 0, WRITES,
	  "[--pupils N] [--seed S] [--out DIR] [--ctf] [--quiet]",
	  "generate and import a realistic demo authority" },
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

const struct cli_command *cli_commands(size_t *nr)
{
	*nr = COUNT(commands);
	return commands;
}

void cli_list_commands(FILE *out, const char *group)
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

/* attend's own options, before the command. */
static int version;
static const char *config_path;
static const struct cli_option options[] = {
	OPT_STRING("config", "FILE", &config_path, "the configuration file "
		   "(default $ATTEND_CONFIG, else " CONFIG_DEFAULT_PATH ")"),
	OPT_BOOL("version", &version, "print the versions of attend and of "
		 "the store's schema"),
	OPT_END(),
};

/* Runs argv[0]: a command, or a group and one of its commands. */
static int run(struct cli *cli, int argc, char **argv)
{
	const struct cli_command *c = find(NULL, argv[0]);

	if (!c) {
		fprintf(stderr, "attend: '%s' is not an attend command\n\n", argv[0]);
		cli_help(cli, stderr, options);
		return EXIT_USAGE;
	}
	if (!c->fn) {
		cli->cmd = c;
		argc = cli_parse(cli, argc, argv, NULL, PARSE_STOP_AT_NON_OPTION);
		if (argc < 0)
			return cli_exit(argc);
		if (!argc) {
			cli_help(cli, stderr, NULL);
			return EXIT_USAGE;
		}
		if (!(c = find(cli->cmd->name, argv[0]))) {
			fprintf(stderr, "attend: '%s' is not an 'attend %s' "
				"command\n\n", argv[0], cli->cmd->name);
			cli_help(cli, stderr, NULL);
			return EXIT_USAGE;
		}
	}
	cli->cmd = c;
	cli->mode = (c->store & STORE_MODE_MASK) == WRITES ? STORE_WRITE :
		    STORE_READ;
	return c->fn(cli, argc, argv);
}

/* After attend's own options: --version, help, or the command. */
static int attend(struct cli *cli, int argc, char **argv)
{
	if (version) {
		printf("attend %d (schema %zu)\n", 1, schema_migration_count());
		return 0;
	}
	if (!argc) {
		cli_help(cli, stderr, options);
		return EXIT_USAGE;
	}
	/* attend help CMD...: attend CMD... --help */
	if (!strcmp(argv[0], "help")) {
		if (argc == 1) {
			cli_help(cli, stdout, options);
			return 0;
		}
		memmove(argv, argv + 1, (size_t)(argc - 1) * sizeof(*argv));
		argv[argc - 1] = "--help";
	}
	return run(cli, argc, argv);
}

int main(int argc, char **argv)
{
	struct config config = CONFIG_INIT;
	struct cli cli = { NULL, NULL, STORE_READ, &config, 0 };
	int rc;

	/* The manual, from the table: make runs this to build attend.1. */
	if (argc == 2 && !strcmp(argv[1], "--help-man"))
		return cli_man(&cli, stdout, options);
	cli_command_line(argc, argv);
	argc = cli_parse(&cli, argc, argv, options, PARSE_STOP_AT_NON_OPTION);
	if (argc < 0)
		return cli_exit(argc);
	if ((rc = cli_configure(&cli, &config, config_path))) {
		config_release(&config);
		return rc;
	}
	rc = attend(&cli, argc, argv);
	config_release(&config);
	return rc;
}
