#include "cli/cli.h"

int cmd_init(struct cli *cli, int argc, char **argv)
{
	int rc;
	struct store *st;

	if ((argc = cli_parse(cli, argc, argv, NULL, 0)) < 0)
		return cli_exit(argc);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	printf("attend: store %s ready (schema version %d)\n", cli->db_path,
	       store_schema_version(st));
	store_close(st);
	return 0;
}
