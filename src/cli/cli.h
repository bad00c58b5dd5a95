#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdio.h>

#include "cli/output.h"
#include "core/access.h"
#include "report/report.h"
#include "store/store.h"
#include "util/config.h"
#include "util/error.h"

/*
 * The `attend` command line: one file per group of commands
 * (cli_NAME.c), one command table in attend.c.  Commands return the
 * process exit status: 0 success, 1 bad input or failure, 2 usage error.
 */
#define EXIT_INPUT 1
#define EXIT_USAGE 2

struct cli {
	const char *db_path;
	const struct cli_command *cmd;	/* the command running, NULL at first */
	enum store_mode mode;		/* what cli_open_store() opens it for */
	const struct config *config;	/* the configuration file's settings */
	int man;			/* --help writes the manual's roff */
};

/* Whether a command writes to the store: how cli_open_store() opens it. */
enum cli_store {
	READS,		/* read-only, and only if it exists */
	WRITES,		/* to write, created or migrated if need be */
	WRITES_IF_ASKED,	/* read-only, unless the command sets cli->mode */
	STORE_MODE_MASK = 0x0f,
	/*
	 * Or'd in: the command shows named pupils, so cli_open_store()
	 * writes who ran it (the operating-system user) and its command
	 * line to the audit log before anything is shown, and the command
	 * fails if it cannot.
	 */
	NAMES_PUPILS = 0x10
};

/*
 * A row of the command table (attend.c): a top-level command (group
 * NULL), a group of commands (fn NULL) or one command of a group.
 * cli_parse() checks the command's positional arguments against
 * min_args and max_args, and prints its usage line from args.
 */
struct cli_command {
	const char *group;	/* "case" for 'attend case open' */
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	int min_args, max_args;	/* positional arguments; max -1: no limit */
	enum cli_store store;
	const char *args;	/* the usage line after the name */
	const char *summary;	/* one line for the lists of commands */
};
/* The commands of group (NULL: the top level), a line each (attend.c). */
void cli_list_commands(FILE *out, const char *group);
/* The command table itself (attend.c), *nr rows. */
const struct cli_command *cli_commands(size_t *nr);

/*
 * The options of a command, as git's parse-options.h declares them:
 *
 *	const char *user = NULL;
 *	int all = 0;
 *	const struct cli_option opts[] = {
 *		OPT_STRING("user", "NAME", &user, "the acting user"),
 *		OPT_BOOL("all", &all, "closed cases too"),
 *		OPT_END(),
 *	};
 *
 * A string option is given as --user NAME or --user=NAME, a bool as
 * --all; what an option points to keeps its value when it is not given,
 * so a default is set before parsing ("day_t on = date_today();").  The
 * typed options are checked as they are parsed, a bad value being a
 * usage error naming the option: a date (YYYY-MM-DD), the year an
 * academic year starts in, a URN (6 digits), an id (a positive number),
 * a --format (csv, table or json).
 */
enum cli_option_type {
	OPTION_END, OPTION_STRING, OPTION_BOOL, OPTION_DATE, OPTION_YEAR,
	OPTION_URN, OPTION_ID, OPTION_FORMAT
};

struct cli_option {
	enum cli_option_type type;
	const char *name;	/* --name */
	const char *argh;	/* what the value is, for the help: "NAME" */
	void *value;		/* const char *, int, day_t, int32_t, int64_t... */
	const char *help;
};

/* v as a void *, once the compiler has checked that it is a t. */
#define CLI_OPTION_VALUE(t, v) ((void *)(1 ? (v) : (t)NULL))
#define OPT_STRING(n, h, v, help) \
	{ OPTION_STRING, (n), (h), CLI_OPTION_VALUE(const char **, v), (help) }
#define OPT_BOOL(n, v, help) \
	{ OPTION_BOOL, (n), NULL, CLI_OPTION_VALUE(int *, v), (help) }
#define OPT_DATE(n, v, help) \
	{ OPTION_DATE, (n), "DATE", CLI_OPTION_VALUE(day_t *, v), (help) }
#define OPT_YEAR(n, v, help) \
	{ OPTION_YEAR, (n), "YYYY", CLI_OPTION_VALUE(int *, v), (help) }
#define OPT_URN(n, v, help) \
	{ OPTION_URN, (n), "URN", CLI_OPTION_VALUE(int32_t *, v), (help) }
#define OPT_ID(n, v, help) \
	{ OPTION_ID, (n), "ID", CLI_OPTION_VALUE(int64_t *, v), (help) }
/* --format FMT into an enum output_format (set the default first). */
#define OPT_FORMAT(v) \
	{ OPTION_FORMAT, "format", "FMT", \
	  CLI_OPTION_VALUE(enum output_format *, v), \
	  "csv, table or json (default: table on a terminal, else csv)" }
#define OPT_END() { OPTION_END, NULL, NULL, NULL, NULL }

/* cli_parse() flags: leave what follows the first argument unparsed. */
#define PARSE_STOP_AT_NON_OPTION 1
/* What cli_parse() returns when the command is not to go on. */
#define PARSE_HELP (-1)		/* it printed the help: exit 0 */
#define PARSE_ERROR (-2)	/* it printed a usage error: exit 2 */

/*
 * Parses argv[1..argc-1] (argv[0] is the command's name) against opts
 * and the options every command takes (--db PATH, --help), in place as
 * git's parse_options() does: the arguments that are not options are
 * moved, in order, to argv[0..n-1], argv[n] is set to NULL, and n is
 * returned, once checked against the running command's row.  "--" ends
 * the options.  --help prints the help generated from the command's
 * row and opts; an unknown option, an option without its value and a
 * wrong number of arguments are usage errors, printed with the usage
 * line.  Returns PARSE_HELP or PARSE_ERROR then, so that a command
 * begins
 *
 *	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
 *		return cli_exit(argc);
 *
 * and goes on with its arguments in argv[0..argc-1].
 */
int cli_parse(struct cli *cli, int argc, char **argv,
	      const struct cli_option *opts, unsigned flags);
/* The exit status for cli_parse()'s PARSE_HELP or PARSE_ERROR. */
int cli_exit(int parsed);
/* The help of the running command (or group, or of attend itself). */
void cli_help(struct cli *cli, FILE *out, const struct cli_option *opts);
/* Prints "attend: <message>" and the usage line; returns EXIT_USAGE. */
int cli_usage_error(struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints "attend: <message>" and returns the exit status for e. */
int cli_fail(const struct error *e);

/*
 * Reads the configuration file into cli->config (config_path, from
 * --config, else $ATTEND_CONFIG, else CONFIG_DEFAULT_PATH, which alone
 * may be missing) and settles what it is a default for: the store is
 * --db, else $ATTEND_DB, else the file's store, else attend.db; the
 * log level $ATTEND_LOG_LEVEL, else the file's.  0, or the exit status
 * after saying what is wrong.
 */
int cli_configure(struct cli *cli, struct config *config,
		  const char *config_path);

/*
 * attend(1) in roff, from the command table, each command's options
 * (run with --help and cli->man set) and the configuration's keys:
 * attend --help-man, which make runs to build the manual.
 */
int cli_man(struct cli *cli, FILE *out, const struct cli_option *options);
/* A command's options in roff: what --help does when cli->man is set. */
void cli_man_options(FILE *out, const struct cli_option *opts);

/* text as a URN (6 digits) into *urn; false if it is not one. */
bool cli_urn(const char *text, int32_t *urn);
/* text as an id (a positive number) into *id; false if it is not one. */
bool cli_id(const char *text, int64_t *id);

/* Starts libsodium (for passwords): 0, or EXIT_INPUT after saying why. */
int cli_auth_init(void);
/*
 * Opens the store for cli->mode (from the command's row); for a command
 * marked NAMES_PUPILS, logs the run (cli_command_line()).
 */
int cli_open_store(struct cli *cli, struct store **st);
/* Keeps the command line as typed, for the audit log (main() first). */
void cli_command_line(int argc, char *const *argv);
/*
 * The operating-system user who runs attend, as the audit log names
 * them ("os:NAME", no user id, no rights) in *v, which it returns.
 */
struct viewer *cli_os_viewer(struct viewer *v);

/* --format, --from/--to and --school, as the reports take them. */
struct report_options {
	enum output_format fmt;
	day_t from, to;		/* DAY_NONE when not given */
	int32_t urn;		/* 0: every school */
	struct period period;	/* from and to, with their defaults */
};
#define REPORT_OPTIONS_INIT \
	{ output_format_default(stdout), DAY_NONE, DAY_NONE, 0, { 0, 0 } }
#define OPT_REPORT_PERIOD(ro) \
	OPT_DATE("from", &(ro).from, "start of the period"), \
	OPT_DATE("to", &(ro).to, "end of the period (default: the academic " \
		 "year of the latest mark)")
/*
 * The period of ro: the academic year of the latest mark, --from alone
 * to the end of its year, --to alone from the start of its own.
 * Returns -1 to go on, or the exit status.
 */
int report_options_resolve(struct report_options *ro, struct store *st);
/*
 * Opens the store to read, resolves ro and checks that its --school is
 * one the store knows.  Returns -1 to go on, or the exit status (with
 * the store closed).
 */
int report_open(struct cli *cli, struct store **st, struct report_options *ro);
/* Closes st after a failed call; the exit status for e. */
int report_fail(struct store *st, struct error *e);
/* Ends the output: 0, or EXIT_INPUT (said) if writing it failed. */
int cli_output_end(struct output *o);
/* cli_output_end(), and closes the store. */
int report_finish(struct output *o, struct store *st);

/*
 * Imports files in the order their contents need (schools and areas,
 * calendars, pupils, registers), each in its own transaction, stopping at
 * the first bad file.  Shared by `import` and `demo`.
 */
struct import_options {
	int quiet, verbose;
	int32_t school;		/* for MIS exports without a URN column */
	const char *map;	/* their column names, saved for the school */
};
int cli_import_files(struct store *st, char *const *paths, size_t nr,
		     const struct import_options *o);

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* cli_pdf.c: writes sb to path whole; ERROR_INPUT naming the file if not. */
int cli_write_file(const char *path, const struct strbuf *sb, struct error *e);
/*
 * Prints the HTML document doc to the file pdf with headless chromium
 * (through a temporary file only its user may read); ERROR_INPUT when
 * chromium is not installed.
 */
int cli_print_pdf(const struct strbuf *doc, const char *pdf, struct error *e);

/*
 * What the casework commands share (cli_casework.c): the acting user
 * (--user NAME) and the store opened as them; for those that list rows,
 * the --format and the output as well.
 */
struct acting {
	const char *user;
	struct store *st;
	struct viewer v;
};
#define ACTING_INIT { NULL, NULL, { 0 } }
#define OPT_ACTING(s) \
	OPT_STRING("user", "NAME", &(s).user, "the acting user (required)")
/* Opens the store as s->user; -1 to go on, else the exit status. */
int acting_open(struct cli *cli, struct acting *s);
void acting_close(struct acting *s);
/* Closes s after a service call that returned rc; the exit status. */
int acting_end(struct acting *s, int rc, struct error *e);
/* Closes s after a failed call; the exit status for e. */
int acting_fail(struct acting *s, struct error *e);

struct listing {
	struct acting s;
	enum output_format format;
	struct output o;	/* begun by the command, once it has rows */
};
#define LISTING_INIT { ACTING_INIT, output_format_default(stdout), { 0 } }
#define OPT_LISTING(l) OPT_ACTING((l).s), OPT_FORMAT(&(l).format)
/* Ends a listing: frees its rows, closes the store; the exit status. */
int listing_end(struct listing *l, void *rows);

/* An id, a URN: -1 to go on, else the usage error's status. */
int id_arg(struct cli *cli, const char *text, int64_t *id);
int urn_arg(struct cli *cli, const char *text, int32_t *urn);
/* A date cell: YYYY-MM-DD or "". */
const char *date_cell(day_t d, char out[11]);
/* Pence as pounds: "160.00". */
const char *pence_cell(int32_t pence, char out[16]);

/*
 * The commands, declared by file as git's builtin.h declares them; the
 * table in attend.c runs them.  cmd_GROUP_NAME is 'attend GROUP NAME'.
 * Each gets argv[0], its own name, then its options and arguments.
 */
/* cli_init.c, cli_import.c, cli_demo.c, cli_serve.c */
int cmd_init(struct cli *cli, int argc, char **argv);
/* cli_backup.c: backups and restores of the store */
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
/* cli_figures.c: the figures of pupils and schools */
int cmd_pupils(struct cli *cli, int argc, char **argv);
int cmd_schools(struct cli *cli, int argc, char **argv);
int cmd_register(struct cli *cli, int argc, char **argv);
int cmd_registers(struct cli *cli, int argc, char **argv);
int cmd_held(struct cli *cli, int argc, char **argv);
int cmd_quality(struct cli *cli, int argc, char **argv);
int cmd_penalty(struct cli *cli, int argc, char **argv);
/* cli_ctf.c, cli_compare.c, cli_forecast.c */
int cmd_ctf(struct cli *cli, int argc, char **argv);
int cmd_compare(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int cmd_forecast(struct cli *cli, int argc, char **argv);
/* cli_report.c: the authority's reports */
int cmd_report_annual(struct cli *cli, int argc, char **argv);
int cmd_report_kpi(struct cli *cli, int argc, char **argv);
int cmd_report_codes(struct cli *cli, int argc, char **argv);
int cmd_report_dip_sample(struct cli *cli, int argc, char **argv);
int cmd_report_cla_weekly(struct cli *cli, int argc, char **argv);
/* cli_user.c: web accounts */
int cmd_user_add(struct cli *cli, int argc, char **argv);
int cmd_user_list(struct cli *cli, int argc, char **argv);
int cmd_user_link(struct cli *cli, int argc, char **argv);
int cmd_user_disable(struct cli *cli, int argc, char **argv);
int cmd_user_enable(struct cli *cli, int argc, char **argv);
int cmd_user_passwd(struct cli *cli, int argc, char **argv);
/* cli_case.c */
int cmd_case_open(struct cli *cli, int argc, char **argv);
int cmd_case_move(struct cli *cli, int argc, char **argv);
int cmd_case_close(struct cli *cli, int argc, char **argv);
int cmd_case_barrier(struct cli *cli, int argc, char **argv);
int cmd_case_agency(struct cli *cli, int argc, char **argv);
int cmd_case_action(struct cli *cli, int argc, char **argv);
int cmd_case_done(struct cli *cli, int argc, char **argv);
int cmd_case_show(struct cli *cli, int argc, char **argv);
int cmd_case_list(struct cli *cli, int argc, char **argv);
int cmd_case_propose(struct cli *cli, int argc, char **argv);
int cmd_case_proposals(struct cli *cli, int argc, char **argv);
int cmd_case_accept(struct cli *cli, int argc, char **argv);
int cmd_case_dismiss(struct cli *cli, int argc, char **argv);
/* cli_legal.c */
int cmd_legal_record(struct cli *cli, int argc, char **argv);
int cmd_legal_list(struct cli *cli, int argc, char **argv);
/* cli_parent.c */
int cmd_parent_add(struct cli *cli, int argc, char **argv);
int cmd_parent_link(struct cli *cli, int argc, char **argv);
int cmd_parent_list(struct cli *cli, int argc, char **argv);
/* cli_notice.c */
int cmd_notice_issue(struct cli *cli, int argc, char **argv);
int cmd_notice_outcome(struct cli *cli, int argc, char **argv);
int cmd_notice_list(struct cli *cli, int argc, char **argv);
/* cli_timetable.c */
int cmd_timetable_add(struct cli *cli, int argc, char **argv);
int cmd_timetable_review(struct cli *cli, int argc, char **argv);
int cmd_timetable_list(struct cli *cli, int argc, char **argv);
/* cli_tsm.c */
int cmd_tsm_officer(struct cli *cli, int argc, char **argv);
int cmd_tsm_schedule(struct cli *cli, int argc, char **argv);
int cmd_tsm_respond(struct cli *cli, int argc, char **argv);
int cmd_tsm_hold(struct cli *cli, int argc, char **argv);
int cmd_tsm_action(struct cli *cli, int argc, char **argv);
int cmd_tsm_list(struct cli *cli, int argc, char **argv);
int cmd_tsm_summary(struct cli *cli, int argc, char **argv);
int cmd_tsm_pack(struct cli *cli, int argc, char **argv);
/* cli_cme.c */
int cmd_cme_refer(struct cli *cli, int argc, char **argv);
int cmd_cme_update(struct cli *cli, int argc, char **argv);
int cmd_cme_list(struct cli *cli, int argc, char **argv);
/* cli_alerts.c */
int cmd_alerts(struct cli *cli, int argc, char **argv);
/* cli_sar.c: subject access */
int cmd_sar(struct cli *cli, int argc, char **argv);
/* cli_retention.c */
int cmd_retention_apply(struct cli *cli, int argc, char **argv);
int cmd_retention_hold(struct cli *cli, int argc, char **argv);
int cmd_retention_release(struct cli *cli, int argc, char **argv);
int cmd_retention_list(struct cli *cli, int argc, char **argv);

#endif
