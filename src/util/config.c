#include "util/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

enum key_type {
	KEY_STRING,	/* any text */
	KEY_LEVEL,	/* a log level's name */
	KEY_NUMBER	/* a whole number from min to max */
};

struct key {
	const char *name;
	enum key_type type;
	size_t offset;		/* of its char * or int in struct config */
	int min, max;
	const char *argh, *help;
};

#define STRING(name, argh, help) \
	{ #name, KEY_STRING, offsetof(struct config, name), 0, 0, argh, help }
#define NUMBER(name, min, max, argh, help) \
	{ #name, KEY_NUMBER, offsetof(struct config, name), min, max, argh, help }

/* Every key, in the order config_format() and the manual give them. */
static const struct key keys[] = {
	STRING(store, "PATH", "the store (overridden by $ATTEND_DB and --db)"),
	{ "log_level", KEY_LEVEL, offsetof(struct config, log_level), 0, 0,
	  "LEVEL", "the least event logged: debug, info (the default), "
	  "warning or error (overridden by $ATTEND_LOG_LEVEL)" },
	STRING(bind, "ADDR", "the address attend serve listens on (default "
	       "127.0.0.1)"),
	NUMBER(port, 1, 65535, "N", "its TCP port (default 8080)"),
	NUMBER(threads, 1, 64, "N", "its worker threads (default 4)"),
	NUMBER(login_rate, 1, 100000, "N", "failed sign-ins a minute one "
	       "address may make (default 10; behind a proxy, every user "
	       "has the proxy's address: raise it)"),
	NUMBER(upload_limit, 1, 1024, "MB", "the largest file a school may "
	       "upload through the web application, in MiB (default 32)"),
	STRING(tls_cert, "FILE", "its TLS certificate chain (PEM): with "
	       "tls_key, attend serve speaks HTTPS only"),
	STRING(tls_key, "FILE", "the certificate's private key (PEM, "
	       "unencrypted, readable by the service alone)"),
	STRING(metrics_bind, "ADDR:PORT", "where attend serve answers "
	       "/healthz and /metrics for the monitoring, without a sign-in "
	       "(default: nowhere; never the public address)"),
	STRING(oidc_issuer, "URL", "the OpenID Connect provider (its "
	       "issuer, as its discovery document names it)"),
	STRING(oidc_client_id, "ID", "attend's client id at the provider"),
	STRING(oidc_client_secret_file, "FILE", "a file holding the client "
	       "secret (readable by the service alone)"),
	STRING(oidc_redirect_uri, "URL", "the address the provider sends "
	       "users back to: https://HOST/oidc/callback"),
	STRING(oidc_name, "TEXT", "the provider as the sign-in page names it "
	       "(\"Sign in with TEXT\"; default: your council account)"),
	NUMBER(oidc_email_link, 0, 1, "0|1", "1: a user's first single "
	       "sign-on may link them by the email attend has for them "
	       "(default 0: by subject only)"),
	STRING(backup_dir, "DIR", "where attend backup keeps its "
	       "generations when no DEST is given"),
	NUMBER(backup_keep, 1, 10000, "N", "how many backups attend backup "
	       "keeps (default 7)"),
};
#define KEY_COUNT (sizeof(keys) / sizeof(keys[0]))

size_t config_key_count(void)
{
	return KEY_COUNT;
}

struct config_key_help config_key(size_t i)
{
	struct config_key_help h = { keys[i].name, keys[i].argh, keys[i].help };

	return h;
}

static char **string_field(struct config *c, const struct key *k)
{
	return (char **)((char *)c + k->offset);
}

static int *number_field(struct config *c, const struct key *k)
{
	return (int *)((char *)c + k->offset);
}

static const char *string_value(const struct config *c, const struct key *k)
{
	return *(char *const *)((const char *)c + k->offset);
}

static int number_value(const struct config *c, const struct key *k)
{
	return *(const int *)((const char *)c + k->offset);
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* The value of k from text (len bytes, trimmed, not empty) into c. */
static int set_value(struct config *c, const struct key *k, const char *text,
		     size_t len, const char *name, long line, struct error *e)
{
	enum log_level level;
	char *s;
	long v = 0;

	switch (k->type) {
	case KEY_NUMBER:
		for (size_t i = 0; i < len; i++) {
			if (text[i] < '0' || text[i] > '9' || v > k->max)
				return error_at(e, name, line, k->name,
						"takes a number from %d to %d, "
						"not '%.*s'", k->min, k->max,
						(int)(len > 40 ? 40 : len), text);
			v = v * 10 + (text[i] - '0');
		}
		if (v < k->min || v > k->max)
			return error_at(e, name, line, k->name, "takes a number "
					"from %d to %d, not '%.*s'", k->min,
					k->max, (int)(len > 40 ? 40 : len), text);
		*number_field(c, k) = (int)v;
		return 0;
	case KEY_LEVEL:
		s = xstrndup(text, len);
		if (log_level_parse(s, &level)) {
			error_at(e, name, line, k->name, "takes debug, info, "
				 "warning or error, not '%.*s'",
				 (int)(len > 40 ? 40 : len), text);
			free(s);
			return -1;
		}
		*string_field(c, k) = s;
		return 0;
	case KEY_STRING:
		*string_field(c, k) = xstrndup(text, len);
		return 0;
	}
	return 0;
}

/* One line (without its line feed); 0 also for blanks and comments. */
static int parse_line(struct config *c, const char *p, size_t len,
		      const char *name, long line, long *set_at,
		      struct error *e)
{
	const char *eq, *key, *value;
	size_t key_len, value_len;
	const struct key *k = NULL;

	if (len && p[len - 1] == '\r')
		len--;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)p[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return error_at(e, name, line, NULL, "a control character "
					"(byte 0x%02x) in column %zu", ch, i + 1);
		/* A comment: '#' first on the line or after a blank. */
		if (ch == '#' && (i == 0 || is_blank(p[i - 1]))) {
			len = i;
			break;
		}
	}
	while (len && is_blank(p[len - 1]))
		len--;
	while (len && is_blank(*p)) {
		p++;
		len--;
	}
	if (!len)
		return 0;
	if (!(eq = memchr(p, '=', len)))
		return error_at(e, name, line, NULL, "expected 'key = value', "
				"not '%.*s'", (int)(len > 60 ? 60 : len), p);
	key = p;
	key_len = (size_t)(eq - p);
	while (key_len && is_blank(key[key_len - 1]))
		key_len--;
	value = eq + 1;
	value_len = (size_t)(p + len - value);
	while (value_len && is_blank(*value)) {
		value++;
		value_len--;
	}
	/* "key =# x": written back as "key = # x", that would be a comment. */
	if (value_len && *value == '#')
		value_len = 0;
	if (!key_len)
		return error_at(e, name, line, NULL, "expected 'key = value', "
				"not '%.*s'", (int)(len > 60 ? 60 : len), p);
	for (size_t i = 0; i < KEY_COUNT; i++)
		if (strlen(keys[i].name) == key_len &&
		    !memcmp(keys[i].name, key, key_len))
			k = &keys[i];
	if (!k)
		return error_at(e, name, line, NULL, "unknown key '%.*s'",
				(int)(key_len > 60 ? 60 : key_len), key);
	if (set_at[k - keys])
		return error_at(e, name, line, k->name, "set twice (first on "
				"line %ld)", set_at[k - keys]);
	if (!value_len)
		return error_at(e, name, line, k->name, "needs a value");
	if (set_value(c, k, value, value_len, name, line, e))
		return -1;
	set_at[k - keys] = line;
	return 0;
}

int config_parse(struct config *c, const char *name, const char *text,
		 size_t len, struct error *e)
{
	long set_at[KEY_COUNT] = { 0 };
	const char *p = text, *end = text + len;
	long line = 0;

	/* A byte order mark, as some editors write. */
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		if (parse_line(c, p, n, name, ++line, set_at, e))
			return -1;
		p += n + 1;
	}
	return 0;
}

int config_load(struct config *c, const char *path, int missing_ok,
		struct error *e)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (strbuf_read_file(&sb, path)) {
		if (errno == ENOENT && missing_ok)
			return 1;
		return error_set(e, ERROR_INPUT, "%s: cannot read the "
				 "configuration: %s", path, strerror(errno));
	}
	rc = config_parse(c, path, sb.buf, sb.len, e);
	strbuf_release(&sb);
	return rc;
}

void config_format(const struct config *c, struct strbuf *out)
{
	for (size_t i = 0; i < KEY_COUNT; i++) {
		const struct key *k = &keys[i];

		if (k->type == KEY_NUMBER && number_value(c, k))
			strbuf_addf(out, "%s = %d\n", k->name, number_value(c, k));
		else if (k->type != KEY_NUMBER && string_value(c, k))
			strbuf_addf(out, "%s = %s\n", k->name, string_value(c, k));
	}
}

void config_release(struct config *c)
{
	for (size_t i = 0; i < KEY_COUNT; i++)
		if (keys[i].type != KEY_NUMBER) {
			free(*string_field(c, &keys[i]));
			*string_field(c, &keys[i]) = NULL;
		}
	memset(c, 0, sizeof(*c));
}
