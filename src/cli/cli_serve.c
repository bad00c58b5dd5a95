/* attend serve: the web application. */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "util/log.h"
#include "store/files.h"
#include "web/web.h"

static void serving(const struct web_options *o)
{
	struct strbuf q = STRBUF_INIT;

	log_info("serving", "store=%s url=http://%s:%d/ threads=%d",
		 log_quote(&q, o->db_path), o->bind, o->port, o->threads);
	strbuf_release(&q);
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	const struct config *conf = cli->config;
	char port_default[8], threads_default[8], rate_default[8];
	const char *port = port_default, *threads = threads_default;
	const char *rate = rate_default;
	const char *bind = conf->bind ? conf->bind : "127.0.0.1";
	const struct cli_option opts[] = {
		OPT_STRING("port", "N", &port, "TCP port (default: port in the "
			   "configuration, else 8080)"),
		OPT_STRING("bind", "ADDR", &bind, "IPv4 address to listen on "
			   "(default: bind in the configuration, else "
			   "127.0.0.1: this machine only)"),
		OPT_STRING("threads", "N", &threads, "worker threads (default: "
			   "threads in the configuration, else 4)"),
		OPT_STRING("login-rate", "N", &rate, "failed sign-ins a "
			   "minute from one address (default: login_rate in "
			   "the configuration, else 10)"),
		OPT_END(),
	};
	struct web_options o;
	struct error e = ERROR_INIT;
	struct store *st;
	struct strbuf q = STRBUF_INIT;
	char *end;
	int rc;

	/* The configuration's, else attend's own defaults. */
	snprintf(port_default, sizeof(port_default), "%d",
		 conf->port ? conf->port : 8080);
	snprintf(threads_default, sizeof(threads_default), "%d",
		 conf->threads ? conf->threads : 4);
	snprintf(rate_default, sizeof(rate_default), "%d",
		 conf->login_rate ? conf->login_rate : 10);
	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	o.port = (int)strtol(port, &end, 10);
	if (*end || o.port < 1 || o.port > 65535)
		return cli_usage_error(cli, "--port takes 1-65535");
	o.threads = (int)strtol(threads, &end, 10);
	if (*end || o.threads < 1 || o.threads > 64)
		return cli_usage_error(cli, "--threads takes 1-64");
	o.login_rate = (int)strtol(rate, &end, 10);
	if (*end || o.login_rate < 1 || o.login_rate > 100000)
		return cli_usage_error(cli, "--login-rate takes 1-100000");
	/* Passwords are checked one at a time, by a thread of their own. */
	o.hash_threads = 1;
	o.hash_queue = 16;
	o.bind = bind;
	o.db_path = cli->db_path;
	if ((rc = cli_auth_init()))
		return rc;
	/* Migrate once here, so worker threads only open the store. */
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	store_close(st);
	/* The store, its log and caches hold children's data: say if open. */
	store_files_check(cli->db_path, stderr);
	o.on_ready = serving;
	log_info("computing the figures", "store=%s",
		 log_quote(&q, cli->db_path));
	if (web_serve(&o, &e)) {
		strbuf_release(&q);
		return cli_fail(&e);
	}
	log_info("stopped", "store=%s", q.buf);
	strbuf_release(&q);
	return 0;
}
