/* attend serve: the web application. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <arpa/inet.h>

#include "auth/auth.h"
#include "auth/oidc.h"
#include "cli/cli.h"
#include "util/log.h"
#include "store/files.h"
#include "web/tls.h"
#include "web/web.h"

static void serving(const struct web_options *o)
{
	struct strbuf q = STRBUF_INIT;

	log_info("serving", "store=%s url=%s://%s:%d/ threads=%d",
		 log_quote(&q, o->db_path), o->tls ? "https" : "http",
		 o->bind, o->port, o->threads);
	if (o->metrics_bind)
		log_info("monitoring", "url=http://%s:%d/healthz "
			 "metrics=http://%s:%d/metrics", o->metrics_bind,
			 o->metrics_port, o->metrics_bind, o->metrics_port);
	strbuf_release(&q);
}

/* "ADDR:PORT" into addr (of size n) and *port; -1 if it is not one. */
static int parse_address(const char *s, char *addr, size_t n, int *port)
{
	const char *colon = strrchr(s, ':');
	struct in_addr in;
	char *end;
	long p;

	if (!colon || colon == s || (size_t)(colon - s) >= n)
		return -1;
	p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 1 || p > 65535)
		return -1;
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = '\0';
	*port = (int)p;
	return inet_pton(AF_INET, addr, &in) == 1 ? 0 : -1;
}

/* The certificate and key, checked; a warning if it is out of date. */
static int load_tls(struct web_tls *tls, const char *cert, const char *key)
{
	struct error e = ERROR_INIT;
	struct strbuf q = STRBUF_INIT;
	time_t now = time(NULL);

	if (web_tls_load(tls, cert, key, &e))
		return cli_fail(&e);
	if (tls->not_after != (time_t)-1 && tls->not_after < now)
		log_warning("the TLS certificate has expired: browsers will "
			    "refuse it", "cert=%s", log_quote(&q, cert));
	else if (tls->not_before != (time_t)-1 && tls->not_before > now)
		log_warning("the TLS certificate is not valid yet",
			    "cert=%s", log_quote(&q, cert));
	strbuf_release(&q);
	return 0;
}

/*
 * Seconds each call to the sign-on provider may take: a token exchange
 * holds a thread of the network pool (web_defer_network) at most this
 * long per call, and the person's browser waits for it.
 */
#define OIDC_SERVE_TIMEOUT 5

/*
 * Single sign-on, when the configuration names a provider: the four
 * oidc_ settings, the secret read from its file, and the provider's
 * discovery document and keys fetched now, so that a mistake stops the
 * server at start with a message rather than at someone's sign-in.
 * 0 (and *out NULL when none is configured), or an exit status.
 */
static int setup_oidc(const struct config *conf, struct oidc_provider **out)
{
	struct oidc_config oc = { 0 };
	struct strbuf secret = STRBUF_INIT, q = STRBUF_INIT;
	struct error e = ERROR_INIT;
	struct stat sb;
	int rc = 0;

	*out = NULL;
	if (!conf->oidc_issuer)
		return 0;
	if (!conf->oidc_client_id || !conf->oidc_client_secret_file ||
	    !conf->oidc_redirect_uri) {
		error_set(&e, ERROR_USAGE, "sso: oidc_issuer needs "
			  "oidc_client_id, oidc_client_secret_file and "
			  "oidc_redirect_uri in the configuration too");
		return cli_fail(&e);
	}
	if (strbuf_read_file(&secret, conf->oidc_client_secret_file) < 0) {
		error_set(&e, ERROR_INPUT, "sso: cannot read the client secret "
			  "from %s", conf->oidc_client_secret_file);
		return cli_fail(&e);
	}
	if (!stat(conf->oidc_client_secret_file, &sb) && (sb.st_mode & 077))
		log_warning("the client secret file can be read by others: "
			    "chmod 600 it", "file=%s",
			    log_quote(&q, conf->oidc_client_secret_file));
	while (secret.len && strchr(" \t\r\n", secret.buf[secret.len - 1]))
		secret.buf[--secret.len] = '\0';
	oc.issuer = conf->oidc_issuer;
	oc.client_id = conf->oidc_client_id;
	oc.client_secret = secret.buf;
	oc.redirect_uri = conf->oidc_redirect_uri;
	oc.timeout = OIDC_SERVE_TIMEOUT;
	if (oidc_provider_new(&oc, out, &e))
		rc = cli_fail(&e);
	else
		log_info("single sign-on", "issuer=%s",
			 log_quote(&q, conf->oidc_issuer));
	if (secret.buf && secret.len)
		sodium_memzero(secret.buf, secret.len);
	strbuf_release(&secret);
	strbuf_release(&q);
	return rc;
}

/* What the command line (or the configuration) says, as it was given. */
struct serve_args {
	const char *port, *threads, *rate, *bind, *cert, *key, *metrics;
	char metrics_addr[64];
	const char *upload;
};

/* The arguments checked into o; 0, or the usage error's exit status. */
static int serve_settle(struct cli *cli, struct serve_args *a,
			struct web_options *o)
{
	char *end;

	memset(o, 0, sizeof(*o));
	o->port = (int)strtol(a->port, &end, 10);
	if (*end || o->port < 1 || o->port > 65535)
		return cli_usage_error(cli, "--port takes 1-65535");
	o->threads = (int)strtol(a->threads, &end, 10);
	if (*end || o->threads < 1 || o->threads > 64)
		return cli_usage_error(cli, "--threads takes 1-64");
	o->login_rate = (int)strtol(a->rate, &end, 10);
	if (*end || o->login_rate < 1 || o->login_rate > 100000)
		return cli_usage_error(cli, "--login-rate takes 1-100000");
	o->upload_limit = strtol(a->upload, &end, 10);
	if (*end || o->upload_limit < 1 || o->upload_limit > 1024)
		return cli_usage_error(cli, "--upload-limit takes 1-1024 (MiB)");
	o->upload_limit <<= 20;
	o->upload_dir = getenv("TMPDIR");
	if (!a->cert != !a->key)
		return cli_usage_error(cli, "--tls-cert and --tls-key (tls_cert "
				       "and tls_key) go together");
	if (a->metrics && parse_address(a->metrics, a->metrics_addr,
					sizeof(a->metrics_addr),
					&o->metrics_port))
		return cli_usage_error(cli, "--metrics-bind takes ADDR:PORT, an "
				       "IPv4 address and a port (127.0.0.1:9100), "
				       "not '%s'", a->metrics);
	o->metrics_bind = a->metrics ? a->metrics_addr : NULL;
	/* Passwords are checked one at a time, by a thread of their own. */
	o->hash_threads = 1;
	o->hash_queue = 16;
	o->bind = a->bind;
	o->db_path = cli->db_path;
	o->insecure_cookie = getenv("ATTEND_INSECURE_COOKIE") != NULL;
	return 0;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	const struct config *conf = cli->config;
	char port_default[8], threads_default[8], rate_default[8];
	char upload_default[8];
	struct serve_args a = {
		port_default, threads_default, rate_default,
		conf->bind ? conf->bind : "127.0.0.1",
		conf->tls_cert, conf->tls_key, conf->metrics_bind, "",
		upload_default,
	};
	const struct cli_option opts[] = {
		OPT_STRING("port", "N", &a.port, "TCP port (default: port in the "
			   "configuration, else 8080)"),
		OPT_STRING("bind", "ADDR", &a.bind, "IPv4 address to listen on "
			   "(default: bind in the configuration, else "
			   "127.0.0.1: this machine only)"),
		OPT_STRING("threads", "N", &a.threads, "worker threads (default: "
			   "threads in the configuration, else 4)"),
		OPT_STRING("login-rate", "N", &a.rate, "failed sign-ins a "
			   "minute from one address (default: login_rate in "
			   "the configuration, else 10)"),
		OPT_STRING("upload-limit", "MB", &a.upload, "the largest upload, "
			   "in MiB (default: upload_limit in the configuration, "
			   "else 32)"),
		OPT_STRING("tls-cert", "FILE", &a.cert, "serve HTTPS with this "
			   "certificate chain (PEM; default: tls_cert in the "
			   "configuration, else plain HTTP)"),
		OPT_STRING("tls-key", "FILE", &a.key, "the certificate's "
			   "private key (PEM, unencrypted; default: tls_key "
			   "in the configuration)"),
		OPT_STRING("metrics-bind", "ADDR:PORT", &a.metrics, "answer "
			   "/healthz and /metrics, without a sign-in, there "
			   "alone (default: metrics_bind in the "
			   "configuration, else nowhere)"),
		OPT_END(),
	};
	struct web_options o;
	struct web_tls tls = WEB_TLS_INIT;
	struct error e = ERROR_INIT;
	struct store *st;
	struct strbuf q = STRBUF_INIT;
	struct oidc_provider *oidc = NULL;
	int rc;

	/* The configuration's, else attend's own defaults. */
	snprintf(port_default, sizeof(port_default), "%d",
		 conf->port ? conf->port : 8080);
	snprintf(threads_default, sizeof(threads_default), "%d",
		 conf->threads ? conf->threads : 4);
	snprintf(rate_default, sizeof(rate_default), "%d",
		 conf->login_rate ? conf->login_rate : 10);
	snprintf(upload_default, sizeof(upload_default), "%d",
		 conf->upload_limit ? conf->upload_limit : 32);
	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = serve_settle(cli, &a, &o)))
		return rc;
	if (a.cert && (rc = load_tls(&tls, a.cert, a.key)))
		return rc;
	o.tls = a.cert ? &tls : NULL;
	if ((rc = cli_auth_init()))
		goto out;
	if ((rc = setup_oidc(conf, &oidc)))
		goto out;
	o.oidc = oidc;
	o.oidc_name = conf->oidc_name;
	o.oidc_email_link = conf->oidc_email_link == 1;
	/* Migrate once here, so worker threads only open the store. */
	if ((rc = cli_open_store(cli, &st)))
		goto out;
	store_close(st);
	/* The store, its log and caches hold children's data: say if open. */
	store_files_check(cli->db_path, stderr);
	o.on_ready = serving;
	log_info("computing the figures", "store=%s",
		 log_quote(&q, cli->db_path));
	if (web_serve(&o, &e))
		rc = cli_fail(&e);
	else
		log_info("stopped", "store=%s", q.buf);
out:
	strbuf_release(&q);
	oidc_provider_free(oidc);
	web_tls_release(&tls);
	return rc;
}
