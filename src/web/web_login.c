/* Signing in and out, and the stylesheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "web/html.h"
#include "web/pages.h"

#define LOGIN_COOKIE "attend_login"

/*
 * The form, with its pre-session token (auth.h's login_token_new): the
 * nonce the browser already holds in its cookie, else a new one sent.
 */
static void login_form(struct request *r, int status, const char *message,
		       const char *username)
{
	const char *nonce = MHD_lookup_connection_value(r->connection,
							MHD_COOKIE_KIND,
							LOGIN_COOKIE);
	char fresh[AUTH_TOKEN_HEX + 1], mac[AUTH_TOKEN_HEX + 1];

	if (login_token_mac(nonce, mac)) {
		login_token_new(fresh);
		login_token_mac(fresh, mac);
		snprintf(r->set_cookie, sizeof(r->set_cookie),
			 LOGIN_COOKIE "=%s; Path=/login; HttpOnly; "
			 "SameSite=Strict; Max-Age=3600%s", fresh,
			 web_cookie_secure());
	}
	r->status = status;
	layout_start(r, "Sign in");
	if (message) {
		strbuf_addstr(&r->out, "<p class=\"error\" role=\"alert\">");
		html_text(&r->out, message);
		strbuf_addstr(&r->out, "</p>");
	}
	strbuf_addf(&r->out, "<form class=\"login\" method=\"post\" "
		    "action=\"/login\"><input type=\"hidden\" name=\"login_token\" "
		    "value=\"%s\"><label for=\"username\">Username</label>"
		    "<input id=\"username\" name=\"username\" autocomplete="
		    "\"username\" required value=\"", mac);
	html_attr(&r->out, username ? username : "");
	strbuf_addstr(&r->out, "\"><label for=\"password\">Password</label>"
		      "<input id=\"password\" name=\"password\" type=\"password\" "
		      "autocomplete=\"current-password\" required>"
		      "<button type=\"submit\">Sign in</button></form>");
	if (web_oidc()) {
		strbuf_addstr(&r->out, "<p class=\"sso\"><a class=\"button\" "
			      "href=\"/login/sso\">Sign in with ");
		html_text(&r->out, web_oidc_name());
		strbuf_addstr(&r->out, "</a></p>");
	}
	layout_end(r);
}

int page_login(struct request *r)
{
	if (r->signed_in)
		return web_redirect(r, "/");
	login_form(r, 200, NULL, NULL);
	return 0;
}

/* On the password pool (web_defer): the check, and the session. */
static int login_check(struct request *r)
{
	struct error e = ERROR_INIT;
	char object[96];

	viewer_release(&r->viewer);
	r->job_result = auth_login(r->st, web_form(r, "username"),
				   web_form(r, "password"), r->address,
				   &r->viewer, &e);
	if (r->job_result == AUTH_OK &&
	    session_create(r->st, r->viewer.user_id, r->token, r->csrf, &e)) {
		audit_sign_in_failed(r->st, r->viewer.username, r->address,
				     "the session could not be started", NULL);
		viewer_release(&r->viewer);
		r->job_result = AUTH_UNAVAILABLE;
		snprintf(e.msg, sizeof(e.msg), "signing in is not possible "
			 "just now: a session could not be started; try "
			 "again later or tell the service's administrator");
	}
	if (r->job_result == AUTH_OK) {
		snprintf(object, sizeof(object), "user %s", r->viewer.username);
		audit_add(r->st, &r->viewer, "sign in", object, r->address, NULL);
	}
	snprintf(r->job_message, sizeof(r->job_message), "%.250s", e.msg);
	return 0;
}

/* Back on a request thread: the answer. */
static int login_answer(struct request *r)
{
	const char *user = web_form(r, "username");

	switch (r->job_result) {
	case AUTH_OK:
		break;
	case AUTH_REFUSED:
		login_form(r, 401, r->job_message, user);
		return 0;
	case AUTH_LOCKED:
		login_form(r, 429, r->job_message, user);
		return 0;
	default:
		r->retry_after = 60;
		login_form(r, 503, r->job_message, user);
		return 0;
	}
	web_signin_succeeded(r);
	return web_redirect(r, WEB_LANDING);
}

int page_login_post(struct request *r)
{
	const char *user = web_form(r, "username");
	const char *password = web_form(r, "password");
	const char *nonce = MHD_lookup_connection_value(r->connection,
							MHD_COOKIE_KIND,
							LOGIN_COOKIE);
	unsigned wait;
	char msg[160];

	if (!user || !password || strlen(user) > 64 || strlen(password) > 256) {
		login_form(r, 400, "Give a username and a password.", NULL);
		return 0;
	}
	if (!login_token_ok(nonce, web_form(r, "login_token"))) {
		audit_refused(r->st, NULL, r->method, r->path, r->address,
			      "sign-in form without its token (cross-site, "
			      "or from before a restart)", NULL);
		login_form(r, 403, "This sign-in form has expired or did not "
			   "come from attend: sign in again below.", user);
		return 0;
	}
	if ((wait = web_signin_throttle(r))) {
		snprintf(msg, sizeof(msg), "Too many sign-in attempts from "
			 "your address: try again in %u second%s.", wait,
			 wait == 1 ? "" : "s");
		r->retry_after = wait;
		login_form(r, 429, msg, user);
		return 0;
	}
	if (web_defer(r, login_check, login_answer)) {
		r->retry_after = 5;
		login_form(r, 503, "attend is busy with other sign-ins: try "
			   "again in a few seconds.", user);
		return 0;
	}
	return 0;
}

int page_logout(struct request *r)
{
	char object[96];

	session_end(r->st, r->token);
	snprintf(object, sizeof(object), "user %s", r->viewer.username);
	audit_add(r->st, &r->viewer, "sign out", object, "", NULL);
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "attend_session=; Path=/; HttpOnly; SameSite=Strict; "
		 "Max-Age=0%s", web_cookie_secure());
	return web_redirect(r, "/login");
}

int page_css(struct request *r)
{
	r->content_type = "text/css; charset=utf-8";
	strbuf_addstr(&r->out, web_css);
	return 0;
}
