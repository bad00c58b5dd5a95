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
	static const char usage[] = "serve [--port 8080] [--bind 127.0.0.1] "
		"[--threads 4]";
	const char *port = "8080", *bind = "127.0.0.1", *threads = "4";
	const struct cli_option opts[] = {
		{ "port N", &port, NULL, "TCP port (default 8080)" },
		{ "bind ADDR", &bind, NULL, "IPv4 address to listen on (default "
		  "127.0.0.1: this machine only)" },
		{ "threads N", &threads, NULL, "worker threads (default 4)" },
		{ 0 },
	};
	struct web_options o;
	struct error e = ERROR_INIT;
	struct store *st;
	char *end;
	int rc;

	if ((rc = cli_parse_none(cli, argc, argv, opts, usage)) >= 0)
		return rc;
	o.port = (int)strtol(port, &end, 10);
	if (*end || o.port < 1 || o.port > 65535)
		return cli_usage_error(usage, "--port takes 1-65535");
	o.threads = (int)strtol(threads, &end, 10);
	if (*end || o.threads < 1 || o.threads > 64)
		return cli_usage_error(usage, "--threads takes 1-64");
	o.bind = bind;
	o.db_path = cli->db_path;
	if (auth_init()) {
		fputs("attend: libsodium could not start\n", stderr);
		return EXIT_INPUT;
	}
	/* Migrate once here, so worker threads only open the store. */
	if ((rc = cli_open_store(cli, &st, STORE_WRITE)))
		return rc;
	store_close(st);
	o.on_ready = serving;
	fprintf(stderr, "attend: computing the figures of %s...\n", cli->db_path);
	if (web_serve(&o, &e))
		return cli_fail(&e);
	printf("attend: stopped\n");
	return 0;
}
