/*
 * attend user add|list|link|disable|enable|passwd: accounts for the web
 * app.  An account signs in with its password, or through the single
 * sign-on provider once linked to the provider's subject (or, where
 * oidc_email_link is on, by its email the first time).
 */
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth/auth.h"
#include "cli/cli.h"

/* A password from stdin: typed without echo on a terminal, else one line. */
static int read_password(char *buf, size_t n, const char *prompt)
{
	struct termios old, quiet;
	int tty = isatty(0);
	size_t len;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(0, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &quiet);
	}
	if (!fgets(buf, (int)n, stdin))
		buf[0] = '\0';
	if (tty) {
		tcsetattr(0, TCSANOW, &old);
		fputs("\n", stderr);
	}
	len = strlen(buf);
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return len ? 0 : -1;
}

/* "a,b,c" -> a NULL-terminated array of strings (in one allocation). */
static char **split_list(const char *s, size_t *nr)
{
	size_t n = 1, len = strlen(s);
	char **out, *copy;

	for (const char *p = s; *p; p++)
		n += *p == ',';
	out = xmalloc((n + 1) * sizeof(*out) + len + 1);
	copy = (char *)(out + n + 1);
	memcpy(copy, s, len + 1);
	*nr = 0;
	for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","))
		out[(*nr)++] = tok;
	out[*nr] = NULL;
	return out;
}

int cmd_user_add(struct cli *cli, int argc, char **argv)
{
	const char *name = NULL, *role = NULL, *schools = NULL, *pupils = NULL;
	const char *subject = NULL, *email = NULL;
	int no_password = 0;
	const struct cli_option opts[] = {
		OPT_STRING("name", "NAME", &name, "the person's full name"),
		OPT_STRING("role", "ROLE", &role, "la_lead, la_officer, "
			   "school, social_worker, virtual_school or governor"),
		OPT_STRING("schools", "URNS", &schools, "their schools: an "
			   "officer's assigned, a school lead's or governor's "
			   "own"),
		OPT_STRING("pupils", "UPNS", &pupils, "a social worker's "
			   "caseload"),
		OPT_STRING("oidc-subject", "SUB", &subject, "the single "
			   "sign-on provider's subject (sub) for this person"),
		OPT_STRING("email", "EMAIL", &email, "their email address: with "
			   "oidc_email_link, their first single sign-on links "
			   "them"),
		OPT_BOOL("no-password", &no_password, "no password: they sign "
			 "in through the provider only (needs --oidc-subject "
			 "or --email)"),
		OPT_END(),
	};
	struct user_spec u = { 0 };
	struct error e = ERROR_INIT;
	char password[256], **urn_text = NULL, **upns = NULL;
	int32_t *urns = NULL;
	struct store *st;
	int rc, r;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!name || !role)
		return cli_usage_error(cli, "give the --name and --role");
	if ((r = role_parse(role)) < 0)
		return cli_usage_error(cli, "'%s' is not a role", role);
	u.username = argv[0];
	u.name = name;
	u.role = (enum role)r;
	if (schools) {
		urn_text = split_list(schools, &u.nr_urns);
		urns = xcalloc(u.nr_urns + 1, sizeof(*urns));
		for (size_t i = 0; i < u.nr_urns; i++)
			if (!cli_urn(urn_text[i], &urns[i])) {
				rc = cli_usage_error(cli, "'%s' is not a URN",
						     urn_text[i]);
				goto out;
			}
		u.urns = urns;
	}
	if (pupils) {
		upns = split_list(pupils, &u.nr_upns);
		u.upns = (const char *const *)upns;
	}
	u.oidc_subject = subject;
	u.email = email;
	if (no_password && !subject && !email) {
		rc = cli_usage_error(cli, "--no-password needs --oidc-subject "
				     "or --email, or the account could never "
				     "sign in");
		goto out;
	}
	if (!no_password) {
		if (read_password(password, sizeof(password), "New password: ")) {
			fputs("attend: no password given (type it, or pipe it "
			      "on stdin; or --no-password)\n", stderr);
			rc = EXIT_INPUT;
			goto out;
		}
		u.password = password;
	}
	if ((rc = cli_auth_init()) || (rc = cli_open_store(cli, &st)))
		goto out;
	if (user_add(st, &u, &e))
		rc = cli_fail(&e);
	else
		printf("attend: added %s (%s)\n", u.username, role_label(u.role));
	store_close(st);
out:
	free(urn_text);
	free(urns);
	free(upns);
	return rc;
}

static int user_simple_cmd(struct cli *cli, int argc, char **argv,
			   const char *what)
{
	char password[256];
	struct error e = ERROR_INIT;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, NULL, 0)) < 0)
		return cli_exit(argc);
	if (!strcmp(what, "passwd") &&
	    read_password(password, sizeof(password), "New password: ")) {
		fputs("attend: no password given\n", stderr);
		return EXIT_INPUT;
	}
	if ((rc = cli_auth_init()) || (rc = cli_open_store(cli, &st)))
		return rc;
	if (!strcmp(what, "passwd"))
		rc = user_set_password(st, argv[0], password, &e);
	else
		rc = user_set_disabled(st, argv[0], !strcmp(what, "disable"), &e);
	if (rc)
		rc = cli_fail(&e);
	else
		printf("attend: %s %s\n", argv[0], !strcmp(what, "passwd") ?
		       "has a new password; their sessions have ended" :
		       !strcmp(what, "disable") ? "is disabled; their sessions "
		       "have ended" : "is enabled");
	store_close(st);
	return rc;
}

int cmd_user_disable(struct cli *cli, int argc, char **argv)
{
	return user_simple_cmd(cli, argc, argv, "disable");
}

int cmd_user_enable(struct cli *cli, int argc, char **argv)
{
	return user_simple_cmd(cli, argc, argv, "enable");
}

int cmd_user_passwd(struct cli *cli, int argc, char **argv)
{
	return user_simple_cmd(cli, argc, argv, "passwd");
}

int cmd_user_list(struct cli *cli, int argc, char **argv)
{
	struct error e = ERROR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, NULL, 0)) < 0)
		return cli_exit(argc);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (user_list(st, &out, &e))
		rc = cli_fail(&e);
	else
		fputs(out.buf, stdout);
	strbuf_release(&out);
	store_close(st);
	return rc;
}

int cmd_user_link(struct cli *cli, int argc, char **argv)
{
	const char *subject = NULL, *email = NULL;
	int unlink = 0;
	const struct cli_option opts[] = {
		OPT_STRING("oidc-subject", "SUB", &subject, "the provider's "
			   "subject (sub): the refusal page shows it to the "
			   "person, and the audit log has it"),
		OPT_STRING("email", "EMAIL", &email, "their email address, "
			   "for oidc_email_link"),
		OPT_BOOL("unlink", &unlink, "clear both: the account no longer "
			 "signs in through the provider"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct store *st;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (unlink && (subject || email))
		return cli_usage_error(cli, "--unlink clears both: give it alone");
	if (!unlink && !subject && !email)
		return cli_usage_error(cli, "give --oidc-subject, --email or "
				       "--unlink");
	if (unlink)
		subject = email = "";
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (user_set_sso(st, argv[0], subject, email, &e))
		rc = cli_fail(&e);
	else if (unlink)
		printf("attend: %s is no longer linked to single sign-on; "
		       "their sessions have ended\n", argv[0]);
	else
		printf("attend: %s is linked%s%s%s%s\n", argv[0],
		       subject ? " to subject " : "", subject ? subject : "",
		       email ? (subject ? " and email " : " to email ") : "",
		       email ? email : "");
	store_close(st);
	return rc;
}
