/* attend parent: parents and the households of pupils. */
#include <stdlib.h>

#include "casework/casework.h"
#include "cli/cli.h"

int cmd_parent_add(struct cli *cli, int argc, char **argv)
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
		rc = cli_result(parent_add(s.st, &s.v, name, contact, hh, args[0],
				     rel ? rel : "parent", &id, &e), &e);
		if (!rc)
			printf("parent %lld added for %s\n", (long long)id, args[0]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

int cmd_parent_link(struct cli *cli, int argc, char **argv)
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
		rc = cli_result(parent_link(s.st, &s.v, id, args[1], rel ? rel : "parent",
				      &e), &e);
		if (!rc)
			printf("parent %lld linked to %s\n", (long long)id, args[1]);
		acting_close(&s);
	}
	free(args);
	return rc;
}

int cmd_parent_list(struct cli *cli, int argc, char **argv)
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
