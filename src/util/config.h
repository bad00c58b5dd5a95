#ifndef UTIL_CONFIG_H
#define UTIL_CONFIG_H

#include <stddef.h>

#include "util/error.h"
#include "util/strbuf.h"

/*
 * attend's configuration file, /etc/attend/attend.conf unless
 * $ATTEND_CONFIG or --config names another: one setting a line,
 *
 *	# The store, and where the web server listens.
 *	store = /var/lib/attend/attend.db
 *	bind = 127.0.0.1
 *	port = 8080
 *
 * "key = value", with blanks around either ignored.  A line whose first
 * character other than a blank is '#' is a comment, as is the rest of a
 * line from a '#' that follows a blank; blank lines are ignored.  The
 * value is the rest of the line: no quotes, no escapes, no '#' after a
 * blank or first.  A UTF-8 byte order mark at the start is skipped.  Every key attend knows is in the table in config.c (and in
 * attend(1)); any other key, a key given twice, a line without '=',
 * a bad number and a control character are errors that name the file
 * and the line.
 *
 * What the file says is a default: the environment ($ATTEND_DB...)
 * overrides it, and the command line overrides both.
 */
#define CONFIG_DEFAULT_PATH "/etc/attend/attend.conf"

struct config {
	/* Strings are NULL, numbers 0, when the file does not set them. */
	char *store;			/* the store's path */
	char *log_level;		/* debug, info, warning, error */
	/* attend serve */
	char *bind;
	int port;
	int threads;
	int login_rate;
	int upload_limit;		/* MiB */
	char *tls_cert, *tls_key;
	char *metrics_bind;		/* ADDR:PORT of /healthz and /metrics */
	/* single sign-on with OpenID Connect */
	char *oidc_issuer;
	char *oidc_client_id;
	char *oidc_client_secret_file;
	char *oidc_redirect_uri;
	char *oidc_name;		/* "Sign in with NAME" */
	int oidc_email_link;		/* 1: link a first sign-on by email */
	/* attend backup */
	char *backup_dir;
	int backup_keep;
	/* how long records are kept, in years (0: not set) */
};
#define CONFIG_INIT { 0 }

/*
 * Parses len bytes of text (the contents of the file called name, for
 * the messages) into c, which holds nothing set yet.  On an error e says
 * "name:line: ..." and c holds what came before it.
 */
int config_parse(struct config *c, const char *name, const char *text,
		 size_t len, struct error *e);
/*
 * Reads and parses the file at path.  A missing file is an error unless
 * missing_ok, when it returns 1 and c is left empty.
 */
int config_load(struct config *c, const char *path, int missing_ok,
		struct error *e);
/* The settings c holds, a "key = value" line each, in the table's order. */
void config_format(const struct config *c, struct strbuf *out);
void config_release(struct config *c);

/* The keys, in order, for the manual: name, what the value is, help. */
struct config_key_help {
	const char *name;
	const char *argh;
	const char *help;
};
size_t config_key_count(void);
struct config_key_help config_key(size_t i);

#endif
