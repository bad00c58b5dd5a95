/*
 * oidc-driver: src/auth/oidc.c against a real provider, for
 * t/t0800-oidc.sh, which starts the provider (Glewlwyd) on loopback.
 * Built as build/san/t/oidc-driver; not a test of its own.
 *
 *   oidc-driver OPTIONS sign-in [--replay] AGENT [ARG...]
 *	begins a sign-in, runs "AGENT ARG... URL" (the browser: it follows
 *	the authorisation URL and prints the URL the provider sends it
 *	back to), finishes the sign-in with that callback, and prints
 *	one line (below).  --replay finishes the same callback a second
 *	time and prints a second line.
 *
 *   oidc-driver OPTIONS validate NONCE
 *	validates the ID token on standard input against NONCE.
 *
 * OPTIONS
 *	--issuer URL --client-id ID --client-secret SECRET
 *	--redirect-uri URI		all four required
 *	--client-auth METHOD		client_secret_basic (default) or
 *					client_secret_post
 *	--algorithms LIST		default RS256
 *	--ca-file FILE  --timeout SECONDS
 *	--later SECONDS			validate as if SECONDS from now
 *
 * Each result is one line on standard output:
 *	ok sub=SUBJECT email=EMAIL name=NAME
 *	refused STATUS: MESSAGE		(STATUS as oidc_status_name())
 * Exit status: 0 when the last line says ok, 1 when refused, 2 for a
 * usage error or an agent that fails.
 */
#include "auth/oidc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int usage(void)
{
	fputs("usage: oidc-driver --issuer URL --client-id ID --client-secret S "
	      "--redirect-uri URI [--client-auth M] [--algorithms L] "
	      "[--ca-file F] [--timeout N] [--later N]\n"
	      "       (sign-in [--replay] AGENT [ARG...] | validate NONCE)\n",
	      stderr);
	return 2;
}

static int report(enum oidc_status st, const struct oidc_identity *id,
		  const struct error *e)
{
	if (st) {
		printf("refused %s: %s\n", oidc_status_name(st), e->msg);
		return 1;
	}
	printf("ok sub=%s email=%s name=%s\n", id->subject,
	       id->email ? id->email : "", id->name ? id->name : "");
	return 0;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the query parameter `name` of url into a new string, or NULL. */
static char *query_get(const char *url, const char *name)
{
	const char *s = strchr(url, '?');
	size_t n = strlen(name);

	while (s && *s) {
		s++;
		if (!strncmp(s, name, n) && s[n] == '=') {
			struct strbuf out = STRBUF_INIT;

			for (s += n + 1; *s && *s != '&' && *s != '#'; s++) {
				int hi, lo;

				if (*s == '%' && (hi = hex_value(s[1])) >= 0 &&
				    (lo = hex_value(s[2])) >= 0) {
					strbuf_addch(&out, hi * 16 + lo);
					s += 2;
				} else {
					strbuf_addch(&out, *s == '+' ? ' ' : *s);
				}
			}
			return strbuf_detach(&out, NULL);
		}
		s = strchr(s, '&');
	}
	return NULL;
}

/* Runs argv with url appended; its standard output, trimmed, in *out. */
static int run_agent(char **argv, int argc, const char *url, struct strbuf *out)
{
	char **args = xcalloc((size_t)argc + 2, sizeof(*args));
	int fd[2], status;
	char buf[4096];
	ssize_t n;
	pid_t pid;

	memcpy(args, argv, (size_t)argc * sizeof(*args));
	args[argc] = (char *)(uintptr_t)url;
	if (pipe(fd) || (pid = fork()) < 0) {
		perror("oidc-driver");
		free(args);
		return -1;
	}
	if (!pid) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp(args[0], args);
		perror(args[0]);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof(buf))) > 0)
		strbuf_add(out, buf, (size_t)n);
	close(fd[0]);
	free(args);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "oidc-driver: the agent %s failed\n", argv[0]);
		return -1;
	}
	while (out->len && (out->buf[out->len - 1] == '\n' ||
			    out->buf[out->len - 1] == '\r' ||
			    out->buf[out->len - 1] == ' '))
		out->buf[--out->len] = '\0';
	return 0;
}

static int sign_in(struct oidc_provider *p, const char *redirect_uri,
		   bool replay, char **argv, int argc)
{
	char state[OIDC_RANDOM_CHARS + 1];
	struct strbuf url = STRBUF_INIT, back = STRBUF_INIT;
	struct oidc_identity id = OIDC_IDENTITY_INIT;
	struct error e = ERROR_INIT;
	struct oidc_callback cb;
	enum oidc_status st;
	char *fields[4];
	int rc = 2;

	oidc_begin(p, time(NULL), &url, state, &e);
	if (run_agent(argv, argc, url.buf, &back))
		goto out;
	if (strncmp(back.buf, redirect_uri, strlen(redirect_uri))) {
		printf("refused no_callback: the provider did not send the "
		       "browser back to %s (it sent: '%s')\n", redirect_uri,
		       back.buf);
		rc = 1;
		goto out;
	}
	fields[0] = query_get(back.buf, "state");
	fields[1] = query_get(back.buf, "code");
	fields[2] = query_get(back.buf, "error");
	fields[3] = query_get(back.buf, "error_description");
	cb = (struct oidc_callback){ fields[0], fields[1], fields[2], fields[3] };
	st = oidc_finish(p, &cb, time(NULL), &id, &e);
	rc = report(st, &id, &e);
	oidc_identity_release(&id);
	if (replay) {
		st = oidc_finish(p, &cb, time(NULL), &id, &e);
		rc = report(st, &id, &e);
		oidc_identity_release(&id);
	}
	for (int i = 0; i < 4; i++)
		free(fields[i]);
out:
	strbuf_release(&url);
	strbuf_release(&back);
	return rc;
}

static int validate(struct oidc_provider *p, const char *nonce, long later)
{
	struct oidc_identity id = OIDC_IDENTITY_INIT;
	struct strbuf token = STRBUF_INIT;
	struct error e = ERROR_INIT;
	char buf[4096];
	size_t n;
	int rc;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		strbuf_add(&token, buf, n);
	while (token.len && (token.buf[token.len - 1] == '\n' ||
			     token.buf[token.len - 1] == ' '))
		token.buf[--token.len] = '\0';
	rc = report(oidc_validate_id_token(p, token.buf, nonce,
					   time(NULL) + later, &id, &e), &id, &e);
	oidc_identity_release(&id);
	strbuf_release(&token);
	return rc;
}

int main(int argc, char **argv)
{
	struct oidc_config c = { 0 };
	struct oidc_provider *p;
	struct error e = ERROR_INIT;
	enum oidc_status st;
	long later = 0;
	int i, rc;

	for (i = 1; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		const char *opt = argv[i], *v = argv[i + 1];

		if (!strcmp(opt, "--issuer"))
			c.issuer = v;
		else if (!strcmp(opt, "--client-id"))
			c.client_id = v;
		else if (!strcmp(opt, "--client-secret"))
			c.client_secret = v;
		else if (!strcmp(opt, "--redirect-uri"))
			c.redirect_uri = v;
		else if (!strcmp(opt, "--client-auth")) {
			if (oidc_client_auth_parse(v, &c.client_auth))
				return usage();
		} else if (!strcmp(opt, "--algorithms"))
			c.algorithms = v;
		else if (!strcmp(opt, "--ca-file"))
			c.ca_file = v;
		else if (!strcmp(opt, "--timeout"))
			c.timeout = atol(v);
		else if (!strcmp(opt, "--later"))
			later = atol(v);
		else
			return usage();
	}
	if (i >= argc)
		return usage();
	st = oidc_provider_new(&c, &p, &e);
	if (st) {
		printf("refused %s: %s\n", oidc_status_name(st), e.msg);
		return 1;
	}
	if (!strcmp(argv[i], "sign-in") && i + 1 < argc) {
		bool replay = !strcmp(argv[i + 1], "--replay");

		i += 1 + replay;
		rc = i < argc ? sign_in(p, c.redirect_uri, replay, argv + i,
					argc - i) : usage();
	} else if (!strcmp(argv[i], "validate") && i + 2 == argc) {
		rc = validate(p, argv[i + 1], later);
	} else {
		rc = usage();
	}
	oidc_provider_free(p);
	return rc;
}
