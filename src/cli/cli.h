#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdio.h>

#include "cli/output.h"
#include "core/access.h"
#include "report/report.h"
#include "store/store.h"
#include "util/error.h"

/*
 * The `attend` command line: one file per group of commands
 * (cli_NAME.c), one dispatch table in attend.c.  Commands return the
 * process exit status: 0 success, 1 bad input or failure, 2 usage error.
 */
#define EXIT_INPUT 1
#define EXIT_USAGE 2

struct cli {
	const char *db_path;
	const char *argv0;
};

/*
 * A row of the command table (attend.c): a top-level command (group
 * NULL), a group of commands (fn NULL) or one command of a group.
 */
struct cli_command {
	const char *group;	/* "case" for 'attend case open' */
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *summary;	/* one line for the lists of commands */
};

/* An option of a command: --name VALUE (or --name=VALUE), or a flag. */
struct cli_option {
	const char *name;
	const char **value;	/* NULL for a flag */
	int *flag;
	const char *help;
};

/*
 * Parses argv (after the command name) against opts, taking --db and
 * --help as well.  Positional arguments are left in args and nr_args.
 * Returns -1 to continue, or an exit status: 0 after --help, 2 on a
 * usage error (after printing the usage to stderr).
 */
int cli_parse(struct cli *cli, int argc, char **argv,
	      const struct cli_option *opts, const char *usage,
	      char ***args, int *nr_args);
/* cli_parse() for a command that takes no positional argument. */
int cli_parse_none(struct cli *cli, int argc, char **argv,
		   const struct cli_option *opts, const char *usage);
/*
 * The date of option --NAME given as text (def if NULL) into *out;
 * returns -1 to continue, or the usage error's exit status.
 */
int cli_date_option(const char *text, day_t def, const char *name,
		    const char *usage, day_t *out);
void cli_usage(FILE *out, const char *usage, const struct cli_option *opts);

/* Prints "attend: <message>" and returns the exit status for e. */
int cli_fail(const struct error *e);
int cli_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int cli_open_store(struct cli *cli, struct store **st, enum store_mode mode);

/* --format, --from/--to and --school, as every report takes them. */
struct report_options {
	const char *format, *from, *to, *school;
	enum output_format fmt;
	struct period period;
	int32_t urn;
};
int report_options_resolve(struct report_options *ro, struct store *st,
			   const char *usage);
/*
 * Opens the store to read, resolves ro and checks that its --school is
 * one the store knows.  Returns -1 to go on, or the exit status (with
 * the store closed).
 */
int report_open(struct cli *cli, struct store **st, struct report_options *ro,
		const char *usage);
/* Ends the output and closes the store; EXIT_INPUT if writing failed. */
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

/* What the casework commands share (cli_casework.c). */
#define USER_OPTION(u) { "user NAME", &(u), NULL, "the acting user (required)" }
#define FORMAT_OPTION(f) { "format FMT", &(f), NULL, "csv, table or json " \
	"(default: table on a terminal, else csv)" }

/* The store and the acting user of one command. */
struct acting {
	struct store *st;
	struct viewer v;
};
/* Opens the store as user (--user); -1 to go on, else the exit status. */
int acting_open(struct cli *cli, struct acting *s, const char *user,
		enum store_mode mode, const char *usage);
void acting_close(struct acting *s);
/* Closes s after a failed call; the exit status for e. */
int acting_fail(struct acting *s, struct error *e);
/* Ends a listing: frees its rows, closes s; the exit status. */
int list_end(struct output *o, void *rows, struct acting *s);
/* An id, a URN, a --format: -1 to go on, else the usage error's status. */
int id_arg(const char *text, const char *usage, int64_t *id);
int urn_arg(const char *text, const char *usage, int32_t *urn);
int format_option(const char *text, const char *usage, enum output_format *f);
/* A date cell: YYYY-MM-DD or "". */
const char *date_cell(day_t d, char out[11]);
/* Pence as pounds: "160.00". */
const char *pence_cell(int32_t pence, char out[16]);
/* A service function's result: 0, or the error's exit status. */
int cli_result(int rc, struct error *e);

/*
 * The commands, declared by file as git's builtin.h declares them; the
 * table in attend.c runs them.  cmd_GROUP_NAME is 'attend GROUP NAME'.
 * Each gets argv[0], its own name, then its options and arguments.
 */
/* cli_init.c, cli_import.c, cli_demo.c, cli_serve.c */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
/* cli_figures.c: the figures of pupils and schools */
int cmd_pupils(struct cli *cli, int argc, char **argv);
int cmd_schools(struct cli *cli, int argc, char **argv);
int cmd_register(struct cli *cli, int argc, char **argv);
int cmd_registers(struct cli *cli, int argc, char **argv);
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

#endif
