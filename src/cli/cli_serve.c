/* attend serve: the web application. */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "web/web.h"

static void serving(const struct web_options *o)
{
	printf("attend: serving %s on http://%s:%d/ (Ctrl-C to stop)\n",
	       o->db_path, o->bind, o->port);
	fflush(stdout);
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	const char *port = "8080", *bind = "127.0.0.1", *threads = "4";
	const struct cli_option opts[] = {
		OPT_STRING("port", "N", &port, "TCP port (default 8080)"),
		OPT_STRING("bind", "ADDR", &bind, "IPv4 address to listen on "
			   "(default 127.0.0.1: this machine only)"),
		OPT_STRING("threads", "N", &threads, "worker threads (default "
			   "4)"),
		OPT_END(),
	};
	struct web_options o;
	struct error e = ERROR_INIT;
	struct store *st;
	char *end;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	o.port = (int)strtol(port, &end, 10);
	if (*end || o.port < 1 || o.port > 65535)
		return cli_usage_error(cli, "--port takes 1-65535");
	o.threads = (int)strtol(threads, &end, 10);
	if (*end || o.threads < 1 || o.threads > 64)
		return cli_usage_error(cli, "--threads takes 1-64");
	o.bind = bind;
	o.db_path = cli->db_path;
	if ((rc = cli_auth_init()))
		return rc;
	/* Migrate once here, so worker threads only open the store. */
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	store_close(st);
	o.on_ready = serving;
	fprintf(stderr, "attend: computing the figures of %s...\n", cli->db_path);
	if (web_serve(&o, &e))
		return cli_fail(&e);
	printf("attend: stopped\n");
	return 0;
}
