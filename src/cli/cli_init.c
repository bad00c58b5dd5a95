#include <stdlib.h>

#include "cli/cli.h"

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "init";
	char **args;
	int nr, rc;
	struct store *st;

	if ((rc = cli_parse(cli, argc, argv, NULL, usage, &args, &nr)) >= 0)
		return rc;
	free(args);
	if (nr)
		return cli_usage_error(usage, "init takes no arguments");
	if ((rc = cli_open_store(cli, &st, STORE_WRITE)))
		return rc;
	printf("attend: store %s ready (schema version %d)\n", cli->db_path,
	       store_schema_version(st));
	store_close(st);
	return 0;
}
