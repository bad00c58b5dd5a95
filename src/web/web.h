#ifndef WEB_WEB_H
#define WEB_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "core/access.h"
#include "report/report.h"
#include "store/store.h"
#include "util/strbuf.h"

/*
 * The web application: libmicrohttpd with a thread pool, one store
 * connection per worker thread, one file per page (web_NAME.c) and one
 * routing table (routes.c).  Pages are HTML drawn on the server, each with
 * a JSON twin under /api/ that follows the same access rules.
 */
struct snapshot;
struct oidc_provider;
struct workq;

enum format { WEB_HTML, WEB_JSON, WEB_CSV };

#define WEB_MAX_FORM 32

/* A page: it writes the response into r and returns 0. */
struct request;
typedef int route_fn(struct request *r);

struct request {
	const char *method;		/* "GET", "POST" */
	const char *path;		/* without the query string */
	const char *address;		/* client address, for rate limits */
	char address_buf[64];
	struct store *st;		/* this thread's connection */
	struct viewer viewer;		/* when signed in */
	bool signed_in;
	char token[AUTH_TOKEN_HEX + 1];	/* session cookie */
	char csrf[AUTH_TOKEN_HEX + 1];
	enum format format;		/* /api/... is JSON, ?format=csv CSV */
	char *arg[4];			/* path parameters of the route */
	size_t nr_args;
	struct {
		char *name, *value;
	} form[WEB_MAX_FORM];
	size_t nr_form;
	void *connection;		/* struct MHD_Connection */
	/* the response */
	int status;
	const char *content_type;
	struct strbuf out;
	char set_cookie[256];
	char location[2048];		/* a provider's URL is long */
	char disposition[128];
	unsigned retry_after;		/* seconds, for a 429 or 503 */
	struct snapshot *snap;		/* taken on first use, released after */
	/*
	 * An upload (a ROUTE_UPLOAD page): its file part, streamed as it
	 * came into a temporary file of mode 0600 that the server removes
	 * when the request ends; path "" if the form held no file.
	 */
	struct {
		char path[256];
		char name[256];		/* the file's own name, made safe */
		long long size;
		int fd;			/* while the body comes, else -1 */
		int parts;		/* file parts in the form */
	} upload;
	/* slow work handed to web_defer(), and what it found */
	route_fn *defer_work, *defer_finish;
	struct workq *defer_queue;
	void *job;			/* the work's result, for finish */
	void (*job_free)(void *job);	/* frees it when the request ends */
	int job_result;
	char job_message[256];
};

/* A query-string or form value, or NULL. */
const char *web_query(struct request *r, const char *name);
const char *web_form(struct request *r, const char *name);

/* Responses other than 200: each returns 0 so handlers can "return web_...". */
int web_error(struct request *r, int status, const char *message);
int web_redirect(struct request *r, const char *location);
/*
 * Logs a view of named pupils (action "view" for one pupil's record,
 * "view list" for a list of them), which every page naming a pupil does
 * before it is sent.  0; or -1 if the audit row could not be written,
 * with the page replaced by a plain 500 that names nobody: what cannot
 * be logged is not shown.
 */
int web_audit_view(struct request *r, const char *action, const char *object,
		   const char *detail);
/* The request must carry the session's CSRF token (form field "csrf"). */
bool web_csrf_ok(struct request *r);

/*
 * Hands slow work (hashing a password) to the server's own small pool
 * of threads, so that the threads answering requests are not held up.
 * The handler returns at once; the connection waits, work(r) runs on the
 * pool with a store connection of its own (r->st), then finish(r) on a
 * request thread writes the response.  -1 when the pool's queue is
 * full: the handler answers 503 itself.
 */
int web_defer(struct request *r, route_fn *work, route_fn *finish);
/*
 * The same for an import (web_upload.c): on a queue of its own, one at a
 * time (SQLite has one writer), so that neither sign-ins nor pages wait
 * for it.  -1 when uploads already wait: the handler answers 503.
 */
int web_defer_import(struct request *r, route_fn *work, route_fn *finish);
/* The largest upload body, in bytes (serve --upload-limit). */
long long web_upload_limit(void);
/*
 * The same for a call to the single sign-on provider (the token
 * exchange), on a pool of its own (WEB_NETWORK_THREADS threads,
 * WEB_NETWORK_QUEUE waiting), so that a slow provider holds up neither
 * the pages nor password sign-ins; each of its HTTP calls is bounded by
 * oidc's timeout as well.  -1 when that queue is full.
 */
int web_defer_network(struct request *r, route_fn *work, route_fn *finish);
#define WEB_NETWORK_THREADS 2
#define WEB_NETWORK_QUEUE 32
/*
 * Single sign-on (web_sso.c, auth/oidc.h): the provider, or NULL when
 * none is configured; the name the sign-in page gives it; whether a
 * first sign-on may link a user by email.
 */
struct oidc_provider *web_oidc(void);
const char *web_oidc_name(void);
bool web_oidc_email_link(void);
/*
 * Takes one sign-in try for the request's client address: 0 if it may
 * try now, else the seconds until it may (serve --login-rate).
 */
unsigned web_signin_throttle(struct request *r);
/*
 * A sign-in (password or single sign-on) that succeeded, as session
 * r->token: sets the session cookie, the same for both ways in, and
 * gives the try back: only failures are limited, so the staff of an
 * office behind one address are never held up by each other.  The
 * page sends the browser on to WEB_LANDING.
 */
void web_signin_succeeded(struct request *r);
#define WEB_LANDING "/week"
/*
 * The attributes every cookie ends with: "; Secure" (the browser sends
 * it back over HTTPS only) always when the server speaks TLS, and behind
 * a proxy unless serve was told the cookies go over plain HTTP.
 */
const char *web_cookie_secure(void);

/*
 * Builds the figures before the server answers anyone; later ones are
 * rebuilt in the background from the store at db_path.
 */
int web_snapshot_start(struct store *st, const char *db_path, struct error *e);
/* The data every page draws from, rebuilt when an import has landed. */
struct snapshot *web_snapshot(struct request *r);
void web_snapshot_put(struct snapshot *s);

struct route {
	const char *method;
	const char *pattern;	/* "/schools/STAR": a STAR (*) matches one segment */
	route_fn *fn;
	int flags;
};

#define ROUTE_PUBLIC 1		/* no sign-in needed */
/*
 * Takes a file: a multipart/form-data body up to the upload limit (not
 * the forms' 64 KiB), its file part streamed to a temporary file.  The
 * pattern has no STAR.
 */
#define ROUTE_UPLOAD 2

extern const struct route web_routes[];

struct web_tls;

struct web_options {
	const char *db_path;
	const char *bind;
	int port;
	/* TLS on the port (web/tls.h), or NULL: plain HTTP */
	const struct web_tls *tls;
	/*
	 * Plain HTTP on this machine only (ATTEND_INSECURE_COOKIE): the
	 * cookies are not marked Secure.  Ignored with TLS.
	 */
	bool insecure_cookie;
	/* the monitoring address (web/monitor.h); NULL: none */
	const char *metrics_bind;
	int metrics_port;
	int threads;
	int login_rate;		/* sign-in tries a minute per address */
	long long upload_limit;	/* bytes of an upload's body (ROUTE_UPLOAD) */
	const char *upload_dir;	/* where uploads are saved while imported */
	int hash_threads;	/* threads that check passwords */
	int hash_queue;		/* sign-ins that may wait for them */
	/* single sign-on: the provider (the caller's), or NULL: none */
	struct oidc_provider *oidc;
	const char *oidc_name;	/* "Sign in with NAME"; NULL: a default */
	bool oidc_email_link;	/* a first sign-on may link by email */
	/* called once the server answers requests */
	void (*on_ready)(const struct web_options *o);
};

/* Serves until SIGINT or SIGTERM; returns 0, or -1 with e set. */
int web_serve(const struct web_options *o, struct error *e);

#endif
