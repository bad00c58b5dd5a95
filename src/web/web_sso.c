/*
 * Single sign-on through the authority's OpenID Connect provider
 * (auth/oidc.h, docs/sso.md): GET /login/sso sends the browser to the
 * provider, GET /oidc/callback brings it back signed in.  Both answer
 * 404 when no provider is configured.
 *
 * The state, nonce and PKCE verifier stay in the server (oidc_begin
 * keeps them, for OIDC_PENDING_SECONDS, spent at the first callback).
 * The state also goes to the browser in the pre-session cookie
 * attend_sso, and a callback whose state is not the cookie's is refused
 * before anything else, so that nobody can finish a sign-in begun in
 * another browser.  That cookie is SameSite=Lax, not Strict: the
 * callback is a navigation from the provider's site, which would not
 * carry a Strict cookie.
 *
 * The code is exchanged at the provider on the network pool
 * (web_defer_network), never on a request thread, with each HTTP call
 * bounded by oidc's timeout.  A good ID token is matched to attend's own
 * user (auth_sso_login: the subject, else the email where
 * oidc_email_link allows), and a session made exactly as for a password.
 * Every refusal is in the audit log as a failed sign-in.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "auth/oidc.h"
#include "web/html.h"
#include "web/pages.h"

#define SSO_COOKIE "attend_sso"

/* Outcomes of the deferred work, in r->job_result. */
enum {
	SSO_SIGNED_IN,
	SSO_REFUSED,		/* the provider's or the token's fault: 403 */
	SSO_USER_REFUSED,	/* unknown or disabled in attend: 403 */
	SSO_UNAVAILABLE,	/* the provider or the store: 503 */
};

/* The page a refused sign-on ends on, with a way to start again. */
static int sso_refusal(struct request *r, int status, const char *title,
		       const char *message)
{
	r->status = status;
	strbuf_reset(&r->out);
	layout_start(r, title);
	strbuf_addstr(&r->out, "<p class=\"error\" role=\"alert\">");
	html_text(&r->out, message);
	strbuf_addstr(&r->out, "</p><p><a href=\"/login/sso\">Start again</a> "
		      "or <a href=\"/login\">sign in with a password</a>.</p>");
	layout_end(r);
	return 0;
}

int page_login_sso(struct request *r)
{
	struct oidc_provider *p = web_oidc();
	struct strbuf url = STRBUF_INIT;
	struct error e = ERROR_INIT;
	char state[OIDC_RANDOM_CHARS + 1];

	if (!p)
		return web_error(r, 404, "Single sign-on is not set up here.");
	if (r->signed_in)
		return web_redirect(r, "/");
	oidc_begin(p, time(NULL), &url, state, &e);
	if (url.len >= sizeof(r->location)) {
		strbuf_release(&url);
		return web_error(r, 500, "The provider's sign-in address is "
				 "too long.");
	}
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 SSO_COOKIE "=%s; Path=/oidc; HttpOnly; SameSite=Lax; "
		 "Max-Age=%d%s", state, OIDC_PENDING_SECONDS,
		 web_cookie_secure());
	web_redirect(r, url.buf);
	strbuf_release(&url);
	return 0;
}

/*
 * A query value copied into the request's own fields (r->form, empty on
 * a GET), so the pool's thread reads it without the connection.
 */
static void keep_query(struct request *r, const char *name)
{
	const char *v = web_query(r, name);

	if (!v || r->nr_form == WEB_MAX_FORM)
		return;
	r->form[r->nr_form].name = xstrdup(name);
	r->form[r->nr_form].value = xstrdup(v);
	r->nr_form++;
}

/* On the network pool: the exchange, the user, the session. */
static int callback_work(struct request *r)
{
	struct oidc_callback cb = {
		web_form(r, "state"), web_form(r, "code"), web_form(r, "error"),
		web_form(r, "error_description"),
	};
	struct oidc_identity id = OIDC_IDENTITY_INIT;
	struct error e = ERROR_INIT;
	enum oidc_status s;
	enum auth_result a;
	char reason[400], object[96];

	s = oidc_finish(web_oidc(), &cb, time(NULL), &id, &e);
	if (s != OIDC_OK) {
		snprintf(reason, sizeof(reason), "single sign-on refused: %s: "
			 "%.300s", oidc_status_name(s), e.msg);
		audit_sign_in_failed(r->st, "sso", r->address, reason, NULL);
		r->job_result = s == OIDC_NETWORK || s == OIDC_CONFIG ?
			SSO_UNAVAILABLE : SSO_REFUSED;
		snprintf(r->job_message, sizeof(r->job_message), "%.250s",
			 s == OIDC_STATE_UNKNOWN || s == OIDC_STATE_REPLAYED ||
			 s == OIDC_STATE_EXPIRED ? "This sign-in has expired "
			 "or has been used already." : e.msg);
		return 0;
	}
	viewer_release(&r->viewer);
	a = auth_sso_login(r->st, id.subject, id.email, id.email_verified,
			   web_oidc_email_link(), r->address, &r->viewer, &e);
	oidc_identity_release(&id);
	if (a == AUTH_OK &&
	    session_create(r->st, r->viewer.user_id, r->token, r->csrf, &e)) {
		audit_sign_in_failed(r->st, r->viewer.username, r->address,
				     "single sign-on: the session could not "
				     "be started", NULL);
		viewer_release(&r->viewer);
		a = AUTH_UNAVAILABLE;
		snprintf(e.msg, sizeof(e.msg), "signing in is not possible "
			 "just now: a session could not be started; try "
			 "again later or tell the service's administrator");
	}
	if (a == AUTH_OK) {
		snprintf(object, sizeof(object), "user %s", r->viewer.username);
		audit_add(r->st, &r->viewer, "sign in", object,
			  "single sign-on", NULL);
	}
	r->job_result = a == AUTH_OK ? SSO_SIGNED_IN : a == AUTH_REFUSED ?
		SSO_USER_REFUSED : SSO_UNAVAILABLE;
	snprintf(r->job_message, sizeof(r->job_message), "%.250s", e.msg);
	return 0;
}

/*
 * Back on a request thread.  Signed in, the page sends the browser on
 * by itself (a refresh, not a 303): a redirect would still be part of
 * the navigation from the provider, which carries no SameSite=Strict
 * session cookie, and the person would land on the sign-in page.
 */
static int callback_answer(struct request *r)
{
	switch (r->job_result) {
	case SSO_SIGNED_IN:
		break;
	case SSO_USER_REFUSED:
		return sso_refusal(r, 403, "Not set up in attend",
				   r->job_message);
	case SSO_REFUSED:
		return sso_refusal(r, 403, "Sign-in refused", r->job_message);
	default:
		r->retry_after = 60;
		return sso_refusal(r, 503, "Sign-in unavailable",
				   "Single sign-on is not possible just now: "
				   "the provider cannot be reached. Try again "
				   "later, or tell the service's administrator.");
	}
	web_signin_succeeded(r);
	strbuf_addstr(&r->out, "<!doctype html><html lang=\"en-GB\"><head>"
		      "<meta charset=\"utf-8\"><meta http-equiv=\"refresh\" "
		      "content=\"0;url=" WEB_LANDING "\"><title>Signed in - "
		      "attend</title></head><body><p>Signed in. <a href=\""
		      WEB_LANDING "\">Continue</a></p></body></html>");
	return 0;
}

int page_oidc_callback(struct request *r)
{
	const char *state = web_query(r, "state");
	const char *cookie = MHD_lookup_connection_value(r->connection,
							 MHD_COOKIE_KIND,
							 SSO_COOKIE);
	unsigned wait;
	char msg[160];

	if (!web_oidc())
		return web_error(r, 404, "Single sign-on is not set up here.");
	if (!state || !cookie || !token_equal(state, cookie)) {
		audit_sign_in_failed(r->st, "sso", r->address, "single sign-on "
				     "refused: state_unknown: the callback's "
				     "state is not this browser's", NULL);
		return sso_refusal(r, 403, "Sign-in refused", "This sign-in did "
				   "not start in this browser, or has expired.");
	}
	if ((wait = web_signin_throttle(r))) {
		snprintf(msg, sizeof(msg), "Too many sign-in attempts from "
			 "your address: try again in %u second%s.", wait,
			 wait == 1 ? "" : "s");
		r->retry_after = wait;
		return sso_refusal(r, 429, "Too many attempts", msg);
	}
	keep_query(r, "state");
	keep_query(r, "code");
	keep_query(r, "error");
	keep_query(r, "error_description");
	if (web_defer_network(r, callback_work, callback_answer)) {
		r->retry_after = 5;
		return sso_refusal(r, 503, "Sign-in unavailable", "attend is "
				   "busy with other sign-ins: try again in a "
				   "few seconds.");
	}
	return 0;
}
