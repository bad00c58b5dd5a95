/* What every command shares: options, errors, the store, report periods. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/strbuf.h"

void cli_usage(FILE *out, const char *usage, const struct cli_option *opts)
{
	fprintf(out, "usage: attend [--db PATH] %s\n", usage);
	if (opts && opts->name) {
		fputs("\nOptions:\n", out);
		for (; opts->name; opts++)
			fprintf(out, "  --%-18s %s\n", opts->name,
				opts->help ? opts->help : "");
	}
	fprintf(out, "  --%-18s %s\n  --%-18s %s\n", "db PATH",
		"the store (default $ATTEND_DB, else attend.db)", "help",
		"show this help");
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("attend: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: attend [--db PATH] %s\n", usage);
	return EXIT_USAGE;
}

int cli_parse(struct cli *cli, int argc, char **argv,
	      const struct cli_option *opts, const char *usage,
	      char ***args, int *nr_args)
{
	int nr = 0, only_args = 0;

	*args = xcalloc((size_t)argc + 1, sizeof(char *));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq;
		const struct cli_option *o;
		size_t len;

		if (only_args || a[0] != '-' || !a[1]) {
			(*args)[nr++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_usage(stdout, usage, opts);
			free(*args);
			*args = NULL;
			return 0;
		}
		if (strncmp(a, "--", 2))
			goto unknown;
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		if (len == 2 && !strncmp(a + 2, "db", 2)) {
			if (!eq && i + 1 >= argc)
				goto missing;
			cli->db_path = eq ? eq + 1 : argv[++i];
			continue;
		}
		for (o = opts; o && o->name; o++) {
			const char *sp = strchr(o->name, ' ');
			size_t n = sp ? (size_t)(sp - o->name) : strlen(o->name);
			if (n == len && !strncmp(o->name, a + 2, len))
				break;
		}
		if (!o || !o->name)
			goto unknown;
		if (o->value) {
			if (!eq && i + 1 >= argc)
				goto missing;
			*o->value = eq ? eq + 1 : argv[++i];
		} else if (eq) {
			free(*args);
			return cli_usage_error(usage, "option '--%.*s' takes no value",
					       (int)len, a + 2);
		} else {
			*o->flag = 1;
		}
		continue;
missing:
		free(*args);
		return cli_usage_error(usage, "option '%s' needs a value", a);
unknown:
		free(*args);
		return cli_usage_error(usage, "unknown option '%s'", a);
	}
	*nr_args = nr;
	return -1;
}

int cli_parse_none(struct cli *cli, int argc, char **argv,
		   const struct cli_option *opts, const char *usage)
{
	char **args;
	int nr, rc;

	if ((rc = cli_parse(cli, argc, argv, opts, usage, &args, &nr)) >= 0)
		return rc;
	free(args);
	if (nr)
		return cli_usage_error(usage, "unexpected argument");
	return -1;
}

int cli_date_option(const char *text, day_t def, const char *name,
		    const char *usage, day_t *out)
{
	*out = def;
	if (text && date_parse(text, strlen(text), out))
		return cli_usage_error(usage, "--%s takes a date YYYY-MM-DD, not "
				       "'%s'", name, text);
	return -1;
}

int cli_fail(const struct error *e)
{
	fprintf(stderr, "attend: %s\n", e->msg[0] ? e->msg : "failed");
	return e->kind == ERROR_USAGE ? EXIT_USAGE : EXIT_INPUT;
}

int cli_open_store(struct cli *cli, struct store **st, enum store_mode mode)
{
	struct error e = ERROR_INIT;

	if (mode == STORE_READ && access(cli->db_path, F_OK)) {
		fprintf(stderr, "attend: %s: no store here; create one with "
			"'attend init' (or 'attend demo'), or name it with --db\n",
			cli->db_path);
		return EXIT_INPUT;
	}
	if (store_open(st, cli->db_path, mode, &e))
		return cli_fail(&e);
	return 0;
}

int report_finish(struct output *o, struct store *st)
{
	int rc = output_end(o);

	store_close(st);
	if (rc) {
		fputs("attend: could not write the report\n", stderr);
		return EXIT_INPUT;
	}
	return 0;
}

int report_open(struct cli *cli, struct store **st, struct report_options *ro,
		const char *usage)
{
	int rc;

	if ((rc = cli_open_store(cli, st, STORE_READ)))
		return rc;
	if ((rc = report_options_resolve(ro, *st, usage)) >= 0) {
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

int report_options_resolve(struct report_options *ro, struct store *st,
			   const char *usage)
{
	struct error e = ERROR_INIT;

	ro->fmt = output_format_default(stdout);
	if (ro->format && output_format_parse(ro->format, &ro->fmt))
		return cli_usage_error(usage, "--format must be csv, table or "
				       "json, not '%s'", ro->format);
	ro->urn = 0;
	if (ro->school) {
		char *end;
		long v = strtol(ro->school, &end, 10);
		if (*end || strlen(ro->school) != 6 || v < 100000)
			return cli_usage_error(usage, "--school takes a URN "
					       "(6 digits), not '%s'", ro->school);
		ro->urn = (int32_t)v;
	}
	if (report_default_period(st, &ro->period, &e))
		return cli_fail(&e);
	if (ro->from && date_parse(ro->from, strlen(ro->from), &ro->period.from))
		return cli_usage_error(usage, "--from takes a date YYYY-MM-DD, "
				       "not '%s'", ro->from);
	if (ro->to && date_parse(ro->to, strlen(ro->to), &ro->period.to))
		return cli_usage_error(usage, "--to takes a date YYYY-MM-DD, "
				       "not '%s'", ro->to);
	/* --from alone runs to the end of its academic year, --to alone
	 * from the start of its own. */
	if (ro->from && !ro->to)
		ro->period.to = academic_year_end(academic_year_of(ro->period.from));
	if (ro->to && !ro->from)
		ro->period.from = academic_year_start(academic_year_of(ro->period.to));
	if (report_check_period(&ro->period, &e))
		return cli_fail(&e);
	return -1;
}
