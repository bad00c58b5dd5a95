/* What every command shares: options, errors, the store, report periods. */
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "core/urn.h"
#include "util/log.h"
#include "util/strbuf.h"

/* "case open", "case" or "" for the top level. */
static void command_name(const struct cli_command *c, struct strbuf *sb)
{
	if (c && c->group)
		strbuf_addf(sb, "%s ", c->group);
	if (c)
		strbuf_addstr(sb, c->name);
}

static void usage_line(const struct cli *cli, FILE *out)
{
	const struct cli_command *c = cli->cmd;
	const char *args = !c || !c->fn ? "COMMAND [OPTIONS]" : c->args;
	struct strbuf name = STRBUF_INIT;

	command_name(c, &name);
	fprintf(out, "usage: attend [--db PATH]%s%s%s%s\n", name.len ? " " : "",
		name.buf, *args ? " " : "", args);
	strbuf_release(&name);
}

static void option_help(FILE *out, const char *name, const char *argh,
			const char *help)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "--%s%s%s", name, argh ? " " : "", argh ? argh : "");
	fprintf(out, "  %-20s %s\n", sb.buf, help ? help : "");
	strbuf_release(&sb);
}

void cli_help(struct cli *cli, FILE *out, const struct cli_option *opts)
{
	const struct cli_command *c = cli->cmd;

	usage_line(cli, out);
	if (!c)
		fputs("\nThe store is PATH, else $ATTEND_DB, else the store the "
		      "configuration file\nnames (" CONFIG_DEFAULT_PATH ", "
		      "$ATTEND_CONFIG or --config FILE),\nelse attend.db.\n",
		      out);
	else
		fprintf(out, "\n%s\n", c->summary);
	if (!c || !c->fn) {
		fputs("\nCommands:\n", out);
		cli_list_commands(out, c ? c->name : NULL);
	}
	if (!c || c->fn) {
		fputs("\nOptions:\n", out);
		for (; opts && opts->type != OPTION_END; opts++)
			option_help(out, opts->name, opts->argh, opts->help);
		option_help(out, "db", "PATH", "the store (default $ATTEND_DB, "
			    "else the configuration's, else attend.db)");
		option_help(out, "help", NULL, "show this help");
	}
	if (!c)
		fputs("\nRun 'attend COMMAND --help' for a command's options.\n",
		      out);
	else if (!c->fn)
		fprintf(out, "\nRun 'attend %s COMMAND --help' for its options.\n",
			c->name);
}

int cli_usage_error(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fputs("attend: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage_line(cli, stderr);
	return EXIT_USAGE;
}

int cli_exit(int parsed)
{
	return parsed == PARSE_HELP ? 0 : EXIT_USAGE;
}

/* The option --name of a (name is len bytes), or NULL. */
static const struct cli_option *find_option(const struct cli_option *opts,
					    const char *name, size_t len)
{
	for (; opts && opts->type != OPTION_END; opts++)
		if (strlen(opts->name) == len && !strncmp(opts->name, name, len))
			return opts;
	return NULL;
}

bool cli_urn(const char *text, int32_t *urn)
{
	return urn_parse(text, strlen(text), urn);
}

bool cli_id(const char *text, int64_t *id)
{
	char *end;
	long long v = strtoll(text, &end, 10);

	if (*end || !*text || v <= 0)
		return false;
	*id = v;
	return true;
}

/* text as the value of o; -1 after a usage error. */
static int option_value(struct cli *cli, const struct cli_option *o,
			const char *text)
{
	const char *want = NULL;
	char *end;
	long year;
	day_t day;

	switch (o->type) {
	case OPTION_STRING:
		*(const char **)o->value = text;
		break;
	case OPTION_DATE:
		if (date_parse(text, strlen(text), &day))
			want = "takes a date YYYY-MM-DD";
		else
			*(day_t *)o->value = day;
		break;
	case OPTION_YEAR:
		year = strtol(text, &end, 10);
		if (*end || year < ACADEMIC_YEAR_MIN || year > ACADEMIC_YEAR_MAX)
			want = "takes the year an academic year starts in, e.g. "
				"2024";
		else
			*(int *)o->value = (int)year;
		break;
	case OPTION_URN:
		if (!cli_urn(text, o->value))
			want = "takes a URN (6 digits)";
		break;
	case OPTION_ID:
		if (!cli_id(text, o->value))
			want = "takes an id";
		break;
	case OPTION_FORMAT:
		if (output_format_parse(text, o->value))
			want = "must be csv, table or json";
		break;
	case OPTION_END:
	case OPTION_BOOL:
		break;
	}
	if (!want)
		return 0;
	cli_usage_error(cli, "--%s %s, not '%s'", o->name, want, text);
	return -1;
}

/*
 * The option in argv[*i] (and its value, in argv[*i + 1] unless given
 * as --name=VALUE); -1 after a usage error.
 */
static int parse_option(struct cli *cli, const struct cli_option *opts,
			int argc, char **argv, int *i)
{
	static const struct cli_option db = OPT_STRING("db", "PATH", NULL, NULL);
	const char *a = argv[*i], *eq = strchr(a, '='), *value;
	const struct cli_option *o = NULL;

	if (!strncmp(a, "--", 2)) {
		size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

		o = find_option(opts, a + 2, len);
		if (!o && len == 2 && !strncmp(a + 2, "db", 2))
			o = &db;
	}
	if (!o) {
		cli_usage_error(cli, "unknown option '%.*s'",
				(int)(eq ? eq - a : (long)strlen(a)), a);
		return -1;
	}
	if (o->type == OPTION_BOOL) {
		if (eq) {
			cli_usage_error(cli, "option '--%s' takes no value", o->name);
			return -1;
		}
		*(int *)o->value = 1;
		return 0;
	}
	if (!eq && *i + 1 >= argc) {
		cli_usage_error(cli, "option '--%s' needs a value", o->name);
		return -1;
	}
	value = eq ? eq + 1 : argv[++*i];
	if (o == &db) {
		cli->db_path = value;
		return 0;
	}
	return option_value(cli, o, value);
}

/* n positional arguments for the running command, or a usage error. */
static int check_arguments(struct cli *cli, char **argv, int n)
{
	const struct cli_command *c = cli->cmd;
	struct strbuf name = STRBUF_INIT;
	int ok = 0;

	command_name(c, &name);
	if (n < c->min_args)
		cli_usage_error(cli, "'%s' needs %s%d argument%s, not %d",
				name.buf, c->max_args == c->min_args ? "" :
				"at least ", c->min_args,
				c->min_args == 1 ? "" : "s", n);
	else if (c->max_args >= 0 && n > c->max_args)
		cli_usage_error(cli, "unexpected argument '%s'",
				argv[c->max_args]);
	else
		ok = 1;
	strbuf_release(&name);
	return ok ? n : PARSE_ERROR;
}

int cli_parse(struct cli *cli, int argc, char **argv,
	      const struct cli_option *opts, unsigned flags)
{
	int n = 0, i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || !a[1]) {
			if (flags & PARSE_STOP_AT_NON_OPTION)
				break;
			argv[n++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			if (cli->man)
				cli_man_options(stdout, opts);
			else
				cli_help(cli, stdout, opts);
			return PARSE_HELP;
		}
		if (parse_option(cli, opts, argc, argv, &i))
			return PARSE_ERROR;
	}
	while (i < argc)
		argv[n++] = argv[i++];
	argv[n] = NULL;
	if (flags & PARSE_STOP_AT_NON_OPTION || !cli->cmd || !cli->cmd->fn)
		return n;
	return check_arguments(cli, argv, n);
}

int cli_fail(const struct error *e)
{
	fprintf(stderr, "attend: %s\n", e->msg[0] ? e->msg : "failed");
	return e->kind == ERROR_USAGE ? EXIT_USAGE : EXIT_INPUT;
}

int cli_configure(struct cli *cli, struct config *config,
		  const char *config_path)
{
	const char *env = getenv("ATTEND_CONFIG"), *level;
	struct error e = ERROR_INIT;
	enum log_level l;
	int missing_ok = 0;

	if (!config_path && env)
		config_path = env;
	if (!config_path) {
		config_path = CONFIG_DEFAULT_PATH;
		missing_ok = 1;
	}
	/* ATTEND_CONFIG= (empty): no configuration file at all. */
	if (*config_path && config_load(config, config_path, missing_ok, &e) < 0)
		return cli_fail(&e);
	cli->config = config;
	if (!cli->db_path && (env = getenv("ATTEND_DB")) && *env)
		cli->db_path = env;
	if (!cli->db_path)
		cli->db_path = config->store ? config->store : "attend.db";
	level = getenv("ATTEND_LOG_LEVEL");
	if (!level || !*level)
		level = config->log_level;
	if (level) {
		if (log_level_parse(level, &l)) {
			fprintf(stderr, "attend: $ATTEND_LOG_LEVEL must be debug, "
				"info, warning or error, not '%s'\n", level);
			return EXIT_USAGE;
		}
		log_set_level(l);
	}
	return 0;
}

int cli_auth_init(void)
{
	if (auth_init()) {
		fputs("attend: libsodium could not start\n", stderr);
		return EXIT_INPUT;
	}
	return 0;
}

/* The command line as typed, each word quoted as a shell would need. */
static struct strbuf command_line = STRBUF_INIT;

void cli_command_line(int argc, char *const *argv)
{
	strbuf_reset(&command_line);
	for (int i = 0; i < argc; i++) {
		const char *a = i ? argv[i] : "attend";
		bool plain = *a && !a[strspn(a, "abcdefghijklmnopqrstuvwxyz"
					     "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					     "0123456789-_=./,:@+%")];

		if (i)
			strbuf_addch(&command_line, ' ');
		if (plain) {
			strbuf_addstr(&command_line, a);
			continue;
		}
		strbuf_addch(&command_line, '\'');
		for (; *a; a++)
			if (*a == '\'')
				strbuf_addstr(&command_line, "'\\''");
			else
				strbuf_addch(&command_line, *a);
		strbuf_addch(&command_line, '\'');
	}
}

/* Who ran the command: the operating-system user (effective). */
static void os_user(char *out, size_t n)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(out, n, "%s", pw->pw_name);
	else
		snprintf(out, n, "uid %ld", (long)geteuid());
}

struct viewer *cli_os_viewer(struct viewer *v)
{
	char user[60];

	memset(v, 0, sizeof(*v));
	os_user(user, sizeof(user));
	snprintf(v->username, sizeof(v->username), "os:%s", user);
	v->role = ROLE_GOVERNOR;	/* sees nothing by its role */
	return v;
}

/*
 * A command that shows named pupils is logged before it shows anything:
 * 0, or the exit status (said) when it cannot be, with the store closed.
 */
static int audit_run(struct cli *cli, struct store **st)
{
	struct strbuf name = STRBUF_INIT;
	struct error e = ERROR_INIT;
	char user[128];
	int rc;

	if (!cli->cmd || !(cli->cmd->store & NAMES_PUPILS))
		return 0;
	os_user(user, sizeof(user));
	command_name(cli->cmd, &name);
	rc = audit_command(*st, user, name.buf, command_line.buf, &e);
	strbuf_release(&name);
	if (!rc)
		return 0;
	store_close(*st);
	*st = NULL;
	fprintf(stderr, "attend: the run could not be logged, so nothing is "
		"shown: %s\n", e.msg);
	return EXIT_INPUT;
}

int cli_open_store(struct cli *cli, struct store **st)
{
	struct error e = ERROR_INIT;

	if (cli->mode == STORE_READ && access(cli->db_path, F_OK)) {
		fprintf(stderr, "attend: %s: no store here; create one with "
			"'attend init' (or 'attend demo'), or name it with --db\n",
			cli->db_path);
		return EXIT_INPUT;
	}
	if (store_open(st, cli->db_path, cli->mode, &e))
		return cli_fail(&e);
	return audit_run(cli, st);
}

int cli_output_end(struct output *o)
{
	if (output_end(o)) {
		fputs("attend: could not write the output\n", stderr);
		return EXIT_INPUT;
	}
	return 0;
}

int report_fail(struct store *st, struct error *e)
{
	store_close(st);
	return cli_fail(e);
}

int report_finish(struct output *o, struct store *st)
{
	int rc = cli_output_end(o);

	store_close(st);
	return rc;
}

int report_open(struct cli *cli, struct store **st, struct report_options *ro)
{
	int rc;

	if ((rc = cli_open_store(cli, st)))
		return rc;
	if ((rc = report_options_resolve(ro, *st)) >= 0) {
		store_close(*st);
		return rc;
	}
	if (ro->urn && !report_school_known(*st, ro->urn)) {
		fprintf(stderr, "attend: school %06d is not in the store\n", ro->urn);
		store_close(*st);
		return EXIT_INPUT;
	}
	return -1;
}

int report_options_resolve(struct report_options *ro, struct store *st)
{
	struct error e = ERROR_INIT;

	if (report_default_period(st, &ro->period, &e))
		return cli_fail(&e);
	if (ro->from != DAY_NONE)
		ro->period.from = ro->from;
	if (ro->to != DAY_NONE)
		ro->period.to = ro->to;
	if (ro->from != DAY_NONE && ro->to == DAY_NONE)
		ro->period.to = academic_year_end(academic_year_of(ro->from));
	if (ro->to != DAY_NONE && ro->from == DAY_NONE)
		ro->period.from = academic_year_start(academic_year_of(ro->to));
	if (report_check_period(&ro->period, &e))
		return cli_fail(&e);
	return -1;
}
