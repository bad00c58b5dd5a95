/* Signing in and out, and the stylesheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/pages.h"

static void login_form(struct request *r, const char *message,
		       const char *username)
{
	layout_start(r, "Sign in");
	if (message) {
		strbuf_addstr(&r->out, "<p class=\"error\" role=\"alert\">");
		html_text(&r->out, message);
		strbuf_addstr(&r->out, "</p>");
	}
	strbuf_addstr(&r->out, "<form class=\"login\" method=\"post\" "
		      "action=\"/login\"><label for=\"username\">Username</label>"
		      "<input id=\"username\" name=\"username\" autocomplete="
		      "\"username\" required value=\"");
	html_attr(&r->out, username ? username : "");
	strbuf_addstr(&r->out, "\"><label for=\"password\">Password</label>"
		      "<input id=\"password\" name=\"password\" type=\"password\" "
		      "autocomplete=\"current-password\" required>"
		      "<button type=\"submit\">Sign in</button></form>");
	layout_end(r);
}

int page_login(struct request *r)
{
	if (r->signed_in)
		return web_redirect(r, "/");
	login_form(r, NULL, NULL);
	return 0;
}

int page_login_post(struct request *r)
{
	const char *user = web_form(r, "username");
	const char *password = web_form(r, "password");
	struct error e = ERROR_INIT;
	char token[AUTH_TOKEN_HEX + 1], csrf[AUTH_TOKEN_HEX + 1];
	char object[96];

	if (!user || !password || strlen(user) > 64 || strlen(password) > 256) {
		r->status = 400;
		login_form(r, "Give a username and a password.", NULL);
		return 0;
	}
	viewer_release(&r->viewer);
	if (auth_login(r->st, user, password, r->address, &r->viewer, &e)) {
		r->status = strstr(e.msg, "too many") ? 429 : 401;
		login_form(r, e.msg, user);
		return 0;
	}
	if (session_create(r->st, r->viewer.user_id, token, csrf, &e))
		return web_error(r, 500, "A session could not be started.");
	snprintf(object, sizeof(object), "user %s", r->viewer.username);
	audit_add(r->st, &r->viewer, "sign in", object, r->address, NULL);
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "attend_session=%s; Path=/; HttpOnly; SameSite=Strict; "
		 "Max-Age=%d%s", token, AUTH_SESSION_SECONDS,
		 getenv("ATTEND_INSECURE_COOKIE") ? "" : "; Secure");
	return web_redirect(r, "/");
}

int page_logout(struct request *r)
{
	char object[96];

	session_end(r->st, r->token);
	snprintf(object, sizeof(object), "user %s", r->viewer.username);
	audit_add(r->st, &r->viewer, "sign out", object, "", NULL);
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "attend_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return web_redirect(r, "/login");
}

int page_css(struct request *r)
{
	r->content_type = "text/css; charset=utf-8";
	strbuf_addstr(&r->out, web_css);
	return 0;
}
