/*
 * attend: school attendance for an English local authority.
 *
 * usage: attend [--db PATH] COMMAND [OPTIONS]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/schema.h"

static const struct command {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "init", cmd_init, "create the store (or bring its schema up to date)" },
	{ "import", cmd_import, "import schools, areas, calendars, pupils, registers (CSV)" },
	{ "pupils", cmd_pupils, "attendance measures and band of every enrolment" },
	{ "schools", cmd_schools, "headline attendance figures of every school" },
	{ "register", cmd_register, "one pupil's full register for a year" },
	{ "ctf", cmd_ctf, "a Common Transfer File of attendance (transition)" },
	{ "registers", cmd_registers, "registers not taken, school by school" },
	{ "penalty", cmd_penalty, "enrolments that met the penalty-notice threshold" },
	{ "compare", cmd_compare, "the authority against national, region, neighbours" },
	{ "config", cmd_config, "show or change the authority's settings" },
	{ "user", cmd_user, "add, list, disable and change web accounts" },
	{ "case", cmd_case, "cases on the graduated response: open, move, show" },
	{ "legal", cmd_legal, "joint legal decisions (the six steps)" },
	{ "parent", cmd_parent, "parents and households of pupils" },
	{ "notice", cmd_notice, "Notices to Improve and penalty notices" },
	{ "timetable", cmd_timetable, "part-time timetables (C2) and their reviews" },
	{ "tsm", cmd_tsm, "Targeting Support Meetings with schools" },
	{ "cme", cmd_cme, "children missing education" },
	{ "alerts", cmd_alerts, "your queue of alerts; --refresh raises what is due" },
	{ "report", cmd_report, "annual report, KPIs, codes audit, dip sample, CLA weekly" },
	{ "forecast", cmd_forecast, "early warning: who is likely to end the year PA or SA" },
	{ "serve", cmd_serve, "serve the web application" },
	{ "demo", cmd_demo, "generate and import a realistic demo authority" },
};

static void usage(FILE *out)
{
	fputs("usage: attend [--db PATH] COMMAND [OPTIONS]\n\n"
	      "The store is PATH, else $ATTEND_DB, else attend.db.\n\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'attend COMMAND --help' for a command's options.\n", out);
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
		if (i + 1 < argc) {
			char *help_argv[] = { argv[i + 1], "--help", NULL };
			argv = help_argv;
			for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
				if (!strcmp(commands[c].name, argv[0]))
					return commands[c].fn(&cli, 2, argv);
		}
		usage(stdout);
		return 0;
	}
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (!strcmp(commands[c].name, argv[i]))
			return commands[c].fn(&cli, argc - i, argv + i);
	fprintf(stderr, "attend: '%s' is not an attend command\n\n", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
