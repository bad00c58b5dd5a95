/*
 * attend(1), written from what --help prints: the command table, each
 * command's option table (the command is run with --help while
 * cli->man is set, so cli_parse() writes the options as roff instead of
 * the help) and the configuration file's keys.  make runs
 * 'attend --help-man' to build attend.1, so the manual cannot drift
 * from the help.
 */
#include <string.h>

#include "cli/cli.h"

/* s as roff text: backslashes and hyphens escaped, no control line. */
static void roff(FILE *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", out);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else if (*s == '\n')
			fputs("\n.br\n", out);
		else
			fputc(*s, out);
	}
}

static void option_item(FILE *out, const char *name, const char *argh,
			const char *help)
{
	fputs(".TP\n.B \\-\\-", out);
	roff(out, name);
	if (argh) {
		fputs("\\fR \\fI", out);
		roff(out, argh);
		fputs("\\fR", out);
	}
	fputs("\n", out);
	roff(out, help ? help : "");
	fputs("\n", out);
}

void cli_man_options(FILE *out, const struct cli_option *opts)
{
	if (!opts || opts->type == OPTION_END)
		return;
	fputs(".RS\n", out);
	for (; opts->type != OPTION_END; opts++)
		option_item(out, opts->name, opts->argh, opts->help);
	fputs(".RE\n", out);
}

static void section(FILE *out, const char *name, const char *text)
{
	fprintf(out, ".SH %s\n", name);
	if (text) {
		roff(out, text);
		fputs("\n", out);
	}
}

static void item(FILE *out, const char *tag, const char *text)
{
	fputs(".TP\n.B ", out);
	roff(out, tag);
	fputs("\n", out);
	roff(out, text);
	fputs("\n", out);
}

/* Each command: its usage, its summary, its options. */
static int commands_section(struct cli *cli, FILE *out)
{
	size_t nr;
	const struct cli_command *c = cli_commands(&nr);

	section(out, "COMMANDS", NULL);
	for (size_t i = 0; i < nr; i++) {
		char name[64], help[] = "--help";
		char *argv[] = { name, help, NULL };

		if (!c[i].fn)
			continue;
		fputs(".TP\n.B attend ", out);
		if (c[i].group) {
			roff(out, c[i].group);
			fputs(" ", out);
		}
		roff(out, c[i].name);
		if (*c[i].args) {
			fputs("\\fR ", out);
			roff(out, c[i].args);
		}
		fputs("\n", out);
		roff(out, c[i].summary);
		fputs("\n", out);
		snprintf(name, sizeof(name), "%s", c[i].name);
		cli->cmd = &c[i];
		fflush(out);
		if (c[i].fn(cli, 2, argv))
			return EXIT_INPUT;
		fflush(stdout);
	}
	cli->cmd = NULL;
	return 0;
}

static void configuration_section(FILE *out)
{
	section(out, "CONFIGURATION", "Every command reads the configuration "
		"file, " CONFIG_DEFAULT_PATH " unless $ATTEND_CONFIG or "
		"--config names another (an empty $ATTEND_CONFIG: none); only "
		"the default may be missing.  A line is \"key = value\"; a line "
		"whose first character other than a blank is '#' is a comment, "
		"as is the rest of a line from a '#' after a blank.  An unknown "
		"key, a key given twice and a bad value are errors naming the "
		"file and the line.  What the file says is a default: the "
		"environment overrides it, and the command line overrides both.  "
		"The keys:");
	for (size_t i = 0; i < config_key_count(); i++) {
		struct config_key_help k = config_key(i);

		fputs(".TP\n.B ", out);
		roff(out, k.name);
		fputs("\\fR = \\fI", out);
		roff(out, k.argh);
		fputs("\\fR\n", out);
		roff(out, k.help);
		fputs("\n", out);
	}
}

int cli_man(struct cli *cli, FILE *out, const struct cli_option *options)
{
	int rc;

	cli->man = 1;
	cli->db_path = "/nonexistent/attend.db";
	fputs(".TH ATTEND 1 \"\" \"attend\" \"User Commands\"\n.ad l\n.nh\n", out);
	section(out, "NAME", NULL);
	fputs("attend \\- school attendance for an English local authority\n",
	      out);
	section(out, "SYNOPSIS", NULL);
	fputs(".B attend\n[\\fB\\-\\-config\\fR \\fIFILE\\fR] "
	      "[\\fB\\-\\-db\\fR \\fIPATH\\fR] \\fICOMMAND\\fR "
	      "[\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n", out);
	section(out, "DESCRIPTION", "attend keeps the attendance registers "
		"of an authority's schools in one store (SQLite), computes the "
		"DfE's measures from them, and carries the casework of the "
		"statutory guidance.  Every command takes --help.  The store is "
		"--db PATH, else $ATTEND_DB, else the configuration file's "
		"store, else attend.db in the current directory.");
	section(out, "OPTIONS", "Before the command:");
	for (const struct cli_option *o = options; o->type != OPTION_END; o++)
		option_item(out, o->name, o->argh, o->help);
	option_item(out, "db", "PATH", "the store (also after the command)");
	option_item(out, "help", NULL, "the help of attend, or of the command "
		    "it follows");
	if ((rc = commands_section(cli, out)))
		return rc;
	configuration_section(out);
	section(out, "ENVIRONMENT", NULL);
	item(out, "ATTEND_CONFIG", "the configuration file, when there is no "
	     "--config; empty: none");
	item(out, "ATTEND_DB", "the store, when there is no --db");
	item(out, "ATTEND_LOG_LEVEL", "the least event logged: debug, info, "
	     "warning or error");
	item(out, "ATTEND_INSECURE_COOKIE", "set: the cookies are not marked "
	     "Secure (plain HTTP on this machine only); ignored when attend "
	     "serve speaks TLS");
	section(out, "FILES", NULL);
	item(out, CONFIG_DEFAULT_PATH, "the configuration file");
	item(out, "/var/lib/attend/attend.db", "the store, as the installed "
	     "configuration names it (the service's state directory)");
	item(out, "STORE.engine-YEAR-VERSION-ID", "the analytics engine's "
	     "cache beside the store; may be deleted at any time");
	item(out, "STORE.pre-vN.bak", "the store as it was before its schema "
	     "was migrated from version N");
	item(out, "DEST/attend-YYYYMMDDTHHMMSSZ.db", "a backup taken by "
	     "attend backup (UTC); attend restore puts one back");
	section(out, "LOGS", "Events (the server starting, figures computed, "
		"a migration, a backup, a restore) are written to standard "
		"error one line each, as key=value fields: level=info "
		"msg=\"backup taken\" store=... ms=...  Under systemd each line "
		"carries its syslog priority, so journalctl -u attend -p "
		"warning shows warnings and errors.");
	section(out, "EXIT STATUS", NULL);
	item(out, "0", "success");
	item(out, "1", "bad input (the message names file, line, field and "
	     "reason) or a failure");
	item(out, "2", "a usage error");
	section(out, "SEE ALSO", NULL);
	fputs(".BR systemctl (1),\n.BR journalctl (1),\n.BR sqlite3 (1);\n"
	      "docs/operations.md in attend's sources\n", out);
	return fflush(out) ? EXIT_INPUT : 0;
}
