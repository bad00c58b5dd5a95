/* attend parent: parents and the households of pupils. */
#include "casework/casework.h"
#include "cli/cli.h"

int cmd_parent_add(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *name = NULL, *contact = NULL, *rel = NULL;
	int64_t id, hh = 0;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("name", "NAME", &name, "the parent's name"),
		OPT_STRING("contact", "TEXT", &contact, "address, telephone"),
		OPT_STRING("relationship", "TEXT", &rel, "to the child "
			   "(mother, carer...)"),
		OPT_ID("household", &hh, "an existing household (default: a "
		       "new one)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = parent_add(s.st, &s.v, name, contact, hh, argv[0],
			rel ? rel : "parent", &id, &e);
	if (!rc)
		printf("parent %lld added for %s\n", (long long)id, argv[0]);
	return acting_end(&s, rc, &e);
}

int cmd_parent_link(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *rel = NULL;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("relationship", "TEXT", &rel, "to the child"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = id_arg(cli, argv[0], &id)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = parent_link(s.st, &s.v, id, argv[1], rel ? rel : "parent",
			 &e);
	if (!rc)
		printf("parent %lld linked to %s\n", (long long)id, argv[1]);
	return acting_end(&s, rc, &e);
}

int cmd_parent_list(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "parent", COLUMN_NUMBER }, { "household", COLUMN_NUMBER },
		{ "name", COLUMN_TEXT }, { "contact", COLUMN_TEXT },
		{ "relationship", COLUMN_TEXT }, { "upn", COLUMN_TEXT },
	};
	struct listing l = LISTING_INIT;
	const struct cli_option opts[] = { OPT_LISTING(l), OPT_END() };
	struct error e = ERROR_INIT;
	struct parent_row *rows = NULL;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	rc = parent_list(l.s.st, &l.s.v, argc ? argv[0] : NULL, &rows, &n, &e);
	if (rc)
		return acting_fail(&l.s, &e);
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], hh[24];
		const char *cells[6] = { id, hh, rows[i].name, rows[i].contact,
					 rows[i].relationship, rows[i].upn };
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		snprintf(hh, sizeof(hh), "%lld", (long long)rows[i].household_id);
		output_row(&l.o, cells);
	}
	return listing_end(&l, rows);
}
