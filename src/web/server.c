/*
 * The HTTP server: libmicrohttpd with a pool of worker threads.  Each
 * request is read whole (bodies over WEB_MAX_BODY are refused with 413;
 * an upload's, ROUTE_UPLOAD, up to the upload limit, its file streamed
 * to a temporary file, never held in memory),
 * routed through web_routes[], and answered with the security headers
 * every response carries.  A handler's failure is an HTTP status, never
 * a crash: nothing here exits.
 */
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <unistd.h>

#include "util/ratelimit.h"
#include "util/utf8.h"
#include "util/workq.h"
#include "web/html.h"
#include "web/metrics.h"
#include "web/monitor.h"
#include "web/tls.h"
#include "web/web.h"

#define WEB_MAX_BODY (64 * 1024)
#define WEB_MAX_QUERY 100		/* parameters in a URL's query */
#define SESSION_COOKIE "attend_session"
#define FORM_UNREADABLE "That form could not be read."

static const char *server_db_path;
static pthread_key_t store_key;
static struct workq *slow_queue;
static struct workq *import_queue;
static long long upload_limit = 32LL << 20;
static const char *upload_dir = "/tmp";
static struct workq *network_queue;	/* calls to the sign-on provider */
static struct oidc_provider *server_oidc;
static const char *server_oidc_name;
static bool server_oidc_email_link;
static struct ratelimit *signin_limit;
static bool server_tls;		/* the port speaks TLS */
static bool cookie_secure = true;

/*
 * With TLS, browsers are told to come back over HTTPS only, for a year
 * (RFC 6797).  Not for the subdomains: the authority's other services
 * under its domain are not attend's to decide for.
 */
#define HSTS "max-age=31536000"

static void store_key_free(void *p)
{
	store_close(p);
}

/* This worker thread's own store connection. */
static struct store *thread_store(struct error *e)
{
	struct store *st = pthread_getspecific(store_key);

	if (st)
		return st;
	if (store_open(&st, server_db_path, STORE_WRITE, e))
		return NULL;
	pthread_setspecific(store_key, st);
	return st;
}

struct connection_state {
	struct MHD_PostProcessor *pp;
	struct request req;
	size_t body_size;
	/* a request refused before it is routed, and why */
	int url_refused;		/* 400 or 414, by url_seen() */
	const char *url_why;
	int too_large;
	long long limit;		/* of the body: WEB_MAX_BODY or upload_limit */
	int upload_failed;		/* the file could not be saved */
	const char *form_why;		/* the form's first fault */
	int started;		/* the handler has seen the request */
	struct timespec arrived;	/* CLOCK_MONOTONIC, for the metrics */
	enum { NOT_DEFERRED, DEFERRED, DEFER_DONE } deferred;
};

/* Keeps the form's first fault. */
static void form_refuse(struct connection_state *cs, const char *why)
{
	if (!cs->form_why)
		cs->form_why = why;
}

const char *web_query(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->connection, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *web_form(struct request *r, const char *name)
{
	for (size_t i = 0; i < r->nr_form; i++)
		if (!strcmp(r->form[i].name, name))
			return r->form[i].value;
	return NULL;
}

/*
 * The name an uploaded file is known by: the last part of what the
 * browser sent (old browsers send the whole path), each control,
 * bidirectional-override or invalid byte an underscore.
 */
static void upload_name(const char *given, char *out, size_t n)
{
	const char *p = given;
	size_t len = 0;

	for (const char *s = given; *s; s++)
		if (*s == '/' || *s == '\\')
			p = s + 1;
	while (*p && len + 5 < n) {
		uint32_t cp;
		int k = utf8_decode(p, strlen(p), &cp);

		if (k <= 0 || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
			out[len++] = '_';
			p += k > 0 ? k : 1;
			continue;
		}
		memcpy(out + len, p, (size_t)k);
		len += (size_t)k;
		p += k;
	}
	out[len] = '\0';
	if (!len || !strcmp(out, ".") || !strcmp(out, ".."))
		snprintf(out, n, "upload");
}

/* A part of the form that is a file: to the upload's temporary file. */
static enum MHD_Result upload_part(struct connection_state *cs,
				   const char *key, const char *filename,
				   const char *data, uint64_t off, size_t size)
{
	struct request *r = &cs->req;

	if (!cs->limit || cs->limit == WEB_MAX_BODY) {
		form_refuse(cs, "This form takes no files.");
		return MHD_NO;
	}
	if (strcmp(key, "file")) {
		form_refuse(cs, FORM_UNREADABLE);
		return MHD_NO;
	}
	if (off == 0) {
		if (r->upload.parts++) {
			form_refuse(cs, "Upload one file at a time.");
			return MHD_NO;
		}
		upload_name(filename, r->upload.name, sizeof(r->upload.name));
		snprintf(r->upload.path, sizeof(r->upload.path),
			 "%s/attend-upload-XXXXXX", upload_dir);
		r->upload.fd = mkstemp(r->upload.path);	/* mode 0600 */
		if (r->upload.fd < 0) {
			r->upload.path[0] = '\0';
			cs->upload_failed = 1;
			return MHD_NO;
		}
	}
	while (size) {
		ssize_t w = write(r->upload.fd, data, size);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			cs->upload_failed = 1;
			return MHD_NO;
		}
		data += w;
		size -= (size_t)w;
		r->upload.size += w;
	}
	return MHD_YES;
}

/* Closes the upload's file; removed too if unlink. */
static void upload_close(struct request *r, bool unlink_it)
{
	if (r->upload.fd >= 0)
		close(r->upload.fd);
	r->upload.fd = -1;
	if (unlink_it && r->upload.path[0]) {
		unlink(r->upload.path);
		r->upload.path[0] = '\0';
	}
}

static enum MHD_Result form_field(void *cls, enum MHD_ValueKind kind,
				  const char *key, const char *filename,
				  const char *content_type,
				  const char *encoding, const char *data,
				  uint64_t off, size_t size)
{
	struct connection_state *cs = cls;
	struct request *r = &cs->req;
	size_t i;

	(void)kind; (void)content_type; (void)encoding;
	if (!key) {	/* a part with no name (fuzz/corpus/web/part-no-name) */
		form_refuse(cs, FORM_UNREADABLE);
		return MHD_NO;
	}
	if (filename)
		return upload_part(cs, key, filename, data, off, size);
	for (i = 0; i < r->nr_form; i++)
		if (!strcmp(r->form[i].name, key))
			break;
	if (size && memchr(data, '\0', size)) {	/* %00: refused, not cut */
		form_refuse(cs, "A form value may not hold a NUL character (%00).");
		return MHD_NO;
	}
	if (i == r->nr_form) {
		if (r->nr_form == WEB_MAX_FORM) {
			form_refuse(cs, FORM_UNREADABLE);
			return MHD_NO;
		}
		r->form[i].name = xstrdup(key);
		r->form[i].value = xstrdup("");
		r->nr_form++;
	} else if (off == 0) {
		form_refuse(cs, FORM_UNREADABLE);	/* the same field twice */
		return MHD_NO;
	}
	if (size) {
		size_t old = strlen(r->form[i].value);
		r->form[i].value = xrealloc(r->form[i].value, old + size + 1);
		memcpy(r->form[i].value + old, data, size);
		r->form[i].value[old + size] = '\0';
	}
	return MHD_YES;
}

int web_error(struct request *r, int status, const char *message)
{
	r->status = status;
	if (status == 403 && r->st)
		audit_refused(r->st, r->signed_in ? &r->viewer : NULL,
			      r->method, r->path, r->address, message, NULL);
	strbuf_reset(&r->out);
	r->disposition[0] = '\0';	/* an error page is never a download */
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		strbuf_addstr(&r->out, "{\"error\":");
		json_str(&r->out, message);
		strbuf_addf(&r->out, ",\"status\":%d}\n", status);
		return 0;
	}
	r->content_type = "text/html; charset=utf-8";
	layout_start(r, status == 404 ? "Page not found" :
		     status == 403 ? "Not allowed" : status == 400 ?
		     "Bad request" : status == 413 || status == 414 ? "Too large" :
		     status == 429 ? "Too many attempts" : "Something went wrong");
	strbuf_addstr(&r->out, "<p class=\"error\">");
	html_text(&r->out, message);
	strbuf_addstr(&r->out, "</p><p><a href=\"/\">Back to the start</a></p>");
	layout_end(r);
	return 0;
}

int web_redirect(struct request *r, const char *location)
{
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "%s", location);
	strbuf_reset(&r->out);
	return 0;
}

int web_audit_view(struct request *r, const char *action, const char *object,
		   const char *detail)
{
	struct error e = ERROR_INIT;

	if (!audit_add(r->st, &r->viewer, action, object, detail, &e))
		return 0;
	web_error(r, 500, "The view could not be logged, so it is not shown.");
	return -1;
}

bool web_csrf_ok(struct request *r)
{
	const char *given = web_form(r, "csrf");

	return r->signed_in && given && token_equal(given, r->csrf);
}

static int defer_on(struct workq *q, struct request *r, route_fn *work,
		    route_fn *finish)
{
	if (!q || workq_reserve(q))
		return -1;
	r->defer_work = work;
	r->defer_finish = finish;
	r->defer_queue = q;
	return 0;
}

int web_defer(struct request *r, route_fn *work, route_fn *finish)
{
	return defer_on(slow_queue, r, work, finish);
}

int web_defer_network(struct request *r, route_fn *work, route_fn *finish)
{
	return defer_on(network_queue, r, work, finish);
}

struct oidc_provider *web_oidc(void)
{
	return server_oidc;
}

const char *web_oidc_name(void)
{
	return server_oidc_name && *server_oidc_name ? server_oidc_name :
		"your council account";
}

bool web_oidc_email_link(void)
{
	return server_oidc_email_link;
}

int web_defer_import(struct request *r, route_fn *work, route_fn *finish)
{
	return defer_on(import_queue, r, work, finish);
}

long long web_upload_limit(void)
{
	return upload_limit;
}

/* The upload route of method and url, if it is one. */
static bool route_is_upload(const char *method, const char *url)
{
	if (!strncmp(url, "/api/", 5))
		url += 4;
	for (const struct route *rt = web_routes; rt->pattern; rt++)
		if ((rt->flags & ROUTE_UPLOAD) && !strcmp(rt->method, method) &&
		    !strcmp(rt->pattern, url))
			return true;
	return false;
}

unsigned web_signin_throttle(struct request *r)
{
	struct timespec ts;

	if (!signin_limit)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ratelimit_take(signin_limit, r->address,
			      (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

const char *web_cookie_secure(void)
{
	return cookie_secure ? "; Secure" : "";
}

void web_signin_succeeded(struct request *r)
{
	if (signin_limit)
		ratelimit_give_back(signin_limit, r->address);
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "attend_session=%s; Path=/; HttpOnly; SameSite=Strict; "
		 "Max-Age=%d%s", r->token, AUTH_SESSION_SECONDS,
		 web_cookie_secure());
}

/* On the slow pool: the work, then the connection is woken to answer. */
static void run_deferred(void *p)
{
	struct connection_state *cs = p;
	struct request *r = &cs->req;
	struct error e = ERROR_INIT;

	r->st = thread_store(&e);
	if (r->st)
		r->defer_work(r);
	else
		r->defer_finish = NULL;
	cs->deferred = DEFER_DONE;
	MHD_resume_connection(r->connection);
}

/* Matches a route pattern against a path, capturing its STAR segments. */
static bool route_match(const char *pattern, const char *path,
			struct request *r)
{
	size_t n = 0;

	while (*pattern && *path) {
		if (*pattern == '*') {
			const char *end = strchr(path, '/');
			size_t len = end ? (size_t)(end - path) : strlen(path);
			if (!len || len > 64 || n == 4)
				goto no;
			r->arg[n] = xstrndup(path, len);
			n++;
			path += len;
			pattern++;
			continue;
		}
		if (*pattern++ != *path++)
			goto no;
	}
	if (*pattern || *path)
		goto no;
	r->nr_args = n;
	return true;
no:
	for (size_t i = 0; i < n; i++) {
		free(r->arg[i]);
		r->arg[i] = NULL;
	}
	return false;
}

static void load_session(struct request *r)
{
	const char *cookie = MHD_lookup_connection_value(r->connection,
							 MHD_COOKIE_KIND,
							 SESSION_COOKIE);
	int64_t user;
	struct error e = ERROR_INIT;

	if (!cookie || strlen(cookie) != AUTH_TOKEN_HEX)
		return;
	if (session_find(r->st, cookie, &user, r->csrf))
		return;
	if (viewer_load(r->st, user, &r->viewer, &e))
		return;
	snprintf(r->token, sizeof(r->token), "%s", cookie);
	r->signed_in = true;
}

static void dispatch(struct request *r)
{
	const char *path = r->path;
	bool path_found = false;

	if (!strncmp(path, "/api/", 5) || !strcmp(path, "/api")) {
		r->format = WEB_JSON;
		path += 4;
		if (!*path)
			path = "/";
	}
	for (const struct route *rt = web_routes; rt->pattern; rt++) {
		if (!route_match(rt->pattern, path, r))
			continue;
		path_found = true;
		if (strcmp(rt->method, r->method)) {
			for (size_t i = 0; i < r->nr_args; i++) {
				free(r->arg[i]);
				r->arg[i] = NULL;
			}
			r->nr_args = 0;
			continue;
		}
		if (!(rt->flags & ROUTE_PUBLIC) && !r->signed_in) {
			if (r->format == WEB_JSON) {
				web_error(r, 401, "sign in first");
			} else {
				web_redirect(r, "/login");
			}
			return;
		}
		if (!strcmp(r->method, "POST") && !(rt->flags & ROUTE_PUBLIC) &&
		    !web_csrf_ok(r)) {
			web_error(r, 403, "This form has expired or did not come "
				  "from attend; go back, reload and try again.");
			return;
		}
		rt->fn(r);
		return;
	}
	if (path_found)
		web_error(r, 405, "That page does not take this method.");
	else
		web_error(r, 404, "There is no such page.");
}

static void add_security_headers(struct MHD_Response *resp, struct request *r)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
		"default-src 'none'; style-src 'self'; img-src 'self' data:; "
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	if (server_tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", HSTS);
	if (strncmp(r->path, "/static/", 8))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static void request_release(struct request *r)
{
	for (size_t i = 0; i < r->nr_form; i++) {
		free(r->form[i].name);
		free(r->form[i].value);
	}
	for (size_t i = 0; i < r->nr_args; i++)
		free(r->arg[i]);
	upload_close(r, true);
	if (r->job_free)
		r->job_free(r->job);
	strbuf_release(&r->out);
	viewer_release(&r->viewer);
	web_snapshot_put(r->snap);
}

static uint64_t micros_since(const struct timespec *t0)
{
	struct timespec t;
	int64_t us;

	clock_gettime(CLOCK_MONOTONIC, &t);
	us = (int64_t)(t.tv_sec - t0->tv_sec) * 1000000 +
	     (t.tv_nsec - t0->tv_nsec) / 1000;
	return us > 0 ? (uint64_t)us : 0;
}

static enum MHD_Result respond(struct MHD_Connection *conn,
			       struct connection_state *cs)
{
	struct request *r = &cs->req;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *body = strbuf_detach(&r->out, &len);

	metrics_request(r->status, micros_since(&cs->arrived));

	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	add_security_headers(resp, r);
	MHD_add_response_header(resp, "Content-Type", r->content_type);
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->retry_after) {
		char s[16];

		snprintf(s, sizeof(s), "%u", r->retry_after);
		MHD_add_response_header(resp, "Retry-After", s);
	}
	ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/*
 * Sees the request's URL as it came, before libmicrohttpd decodes it or
 * splits its query; what it returns is the connection's state.  A %00
 * would be decoded into a string cut short, so it is refused; and a
 * query of more than WEB_MAX_QUERY parameters is refused before it is
 * split, since libmicrohttpd keeps each one in the connection's memory
 * and, out of it, would leave the client waiting.  Its parameters are
 * removed here (the query is emptied in the connection's own buffer,
 * which libmicrohttpd splits after this call), so the handler runs and
 * answers 414 at once.
 */
static void *url_seen(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct connection_state *cs = xcalloc(1, sizeof(*cs));
	char *q = strchr(uri, '?');	/* the connection's buffer */
	size_t params = 0;

	(void)cls; (void)conn;
	clock_gettime(CLOCK_MONOTONIC, &cs->arrived);
	strbuf_init(&cs->req.out, 0);
	cs->req.upload.fd = -1;
	if (strstr(uri, "%00")) {
		cs->url_refused = 400;
		cs->url_why = "A web address may not hold a NUL character (%00).";
	}
	for (const char *p = q; p && *p; p++)
		params += *p == '&' || *p == ';' || *p == '?';
	if (params > WEB_MAX_QUERY) {
		cs->url_refused = 414;
		cs->url_why = "That web address has too many parameters.";
		q[1] = '\0';
	}
	return cs;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	struct connection_state *cs = *con_cls;
	struct request *r;
	struct error e = ERROR_INIT;
	const union MHD_ConnectionInfo *ci;
	enum MHD_Result ret;

	(void)cls; (void)version;
	if (!cs) {	/* url_seen() makes it: here only if it could not */
		cs = url_seen(NULL, "", conn);
		*con_cls = cs;
	}
	if (!cs->started) {
		const char *length = MHD_lookup_connection_value(conn,
			MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

		cs->started = 1;
		cs->limit = route_is_upload(method, url) ? upload_limit :
			    WEB_MAX_BODY;
		/* Said to be too large: answered before the body is sent. */
		if (length && strtoll(length, NULL, 10) > cs->limit)
			cs->too_large = 1;
		else if (!strcmp(method, "POST") && !cs->url_refused)
			cs->pp = MHD_create_post_processor(conn, 8192, form_field, cs);
		if (!cs->too_large)
			return MHD_YES;
		*upload_data_size = 0;
	}
	if (cs->deferred == DEFER_DONE) {	/* woken by run_deferred() */
		r = &cs->req;
		r->st = thread_store(&e);
		if (!r->st || !r->defer_finish)
			web_error(r, 500, "The store cannot be opened.");
		else
			r->defer_finish(r);
		return respond(conn, cs);
	}
	if (*upload_data_size) {
		cs->body_size += *upload_data_size;
		if ((long long)cs->body_size > cs->limit) {
			cs->too_large = 1;
			upload_close(&cs->req, true);	/* nothing of it kept */
		} else if (cs->pp && !cs->form_why && !cs->upload_failed &&
			   MHD_post_process(cs->pp, upload_data,
					    *upload_data_size) != MHD_YES) {
			form_refuse(cs, FORM_UNREADABLE);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	r = &cs->req;
	upload_close(r, cs->too_large || cs->upload_failed || cs->form_why);
	r->connection = conn;
	r->method = method;
	r->path = url;
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr,
			  r->address_buf, sizeof(r->address_buf));
	r->address = r->address_buf;
	r->st = thread_store(&e);
	if (!r->st) {
		web_error(r, 500, "The store cannot be opened.");
	} else if (strcmp(method, "GET") && strcmp(method, "POST") &&
		   strcmp(method, "HEAD")) {
		web_error(r, 405, "attend answers GET and POST only.");
	} else if (cs->url_refused) {
		web_error(r, cs->url_refused, cs->url_why);
	} else if (cs->too_large) {
		char why[160];

		snprintf(why, sizeof(why), cs->limit > WEB_MAX_BODY ?
			 "That file is larger than attend accepts: at most %lld "
			 "MiB. Nothing was stored." : "That request is larger "
			 "than attend accepts.", cs->limit >> 20);
		load_session(r);
		if (r->signed_in && cs->limit > WEB_MAX_BODY)
			audit_add(r->st, &r->viewer, "upload refused", r->path,
				  why, &e);
		web_error(r, 413, why);
	} else if (cs->upload_failed) {
		web_error(r, 500, "The file could not be saved on the server "
			  "(is its disk full?). Nothing was stored.");
	} else if (cs->form_why) {
		web_error(r, 400, cs->form_why);
	} else {
		if (!strcmp(method, "HEAD"))
			r->method = "GET";
		load_session(r);
		dispatch(r);
		if (r->defer_work) {
			/* suspended first, so that the pool's resume follows it */
			cs->deferred = DEFERRED;
			MHD_suspend_connection(conn);
			workq_push(r->defer_queue, run_deferred, cs);
			return MHD_YES;
		}
	}
	ret = respond(conn, cs);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct connection_state *cs = *con_cls;

	(void)cls; (void)conn; (void)toe;
	if (!cs)
		return;
	if (cs->pp)
		MHD_destroy_post_processor(cs->pp);
	request_release(&cs->req);
	free(cs);
	*con_cls = NULL;
}

/*
 * The public port's daemon: plain HTTP, or TLS (GnuTLS, the versions and
 * ciphers of web_tls_priorities) with the certificate and key given.
 */
static struct MHD_Daemon *start_daemon(const struct web_options *o,
				       struct sockaddr_in *addr,
				       struct error *e)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	struct MHD_OptionItem tls[4] = {
		{ MHD_OPTION_END, 0, NULL }, { MHD_OPTION_END, 0, NULL },
		{ MHD_OPTION_END, 0, NULL }, { MHD_OPTION_END, 0, NULL },
	};
	struct MHD_Daemon *d;

	if (o->tls) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			error_set(e, ERROR_INTERNAL, "this libmicrohttpd was "
				  "built without TLS: serve behind a TLS proxy "
				  "instead");
			return NULL;
		}
		flags |= MHD_USE_TLS;
		tls[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0,
						  o->tls->cert_pem };
		tls[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0,
						  o->tls->key_pem };
		tls[2] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_PRIORITIES, 0,
						  (void *)(uintptr_t)web_tls_priorities };
	}
	d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, handle, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)addr,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     MHD_OPTION_URI_LOG_CALLBACK, url_seen, NULL,
			     MHD_OPTION_ARRAY, tls,
			     MHD_OPTION_END);
	if (!d)
		error_set(e, ERROR_INTERNAL, "cannot listen on %s:%d (is "
			  "another server using the port?%s)", o->bind, o->port,
			  o->tls ? " or did the TLS certificate and key not "
			  "suit: see the lines before" : "");
	return d;
}

/* Stops the pools of slow work, each answering what waits on it first. */
static void queues_stop(void)
{
	workq_stop(slow_queue);
	slow_queue = NULL;
	workq_stop(import_queue);
	import_queue = NULL;
	workq_stop(network_queue);
	network_queue = NULL;
}

int web_serve(const struct web_options *o, struct error *e)
{
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	struct monitor *monitor = NULL;
	sigset_t signals;
	int sig;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->bind, &addr.sin_addr) != 1)
		return error_set(e, ERROR_USAGE, "--bind: '%s' is not an IPv4 "
				 "address", o->bind);
	server_db_path = o->db_path;
	server_tls = o->tls != NULL;
	cookie_secure = server_tls || !o->insecure_cookie;
	pthread_key_create(&store_key, store_key_free);
	{
		struct store *st;

		if (store_open(&st, o->db_path, STORE_WRITE, e))
			return -1;
		if (web_snapshot_start(st, o->db_path, e)) {
			store_close(st);
			return -1;
		}
		store_close(st);
	}
	slow_queue = workq_start(o->hash_threads > 0 ? (unsigned)o->hash_threads : 1,
				 o->hash_queue > 0 ? (unsigned)o->hash_queue : 16);
	if (!slow_queue)
		return error_set(e, ERROR_INTERNAL, "cannot start the threads "
				 "that check passwords");
	if (o->upload_limit > 0)
		upload_limit = o->upload_limit;
	if (o->upload_dir && o->upload_dir[0])
		upload_dir = o->upload_dir;
	/* One import at a time (one writer), and a few waiting their turn. */
	import_queue = workq_start(1, 4);
	if (!import_queue) {
		queues_stop();
		return error_set(e, ERROR_INTERNAL, "cannot start the thread "
				 "that imports uploads");
	}
	server_oidc = o->oidc;
	server_oidc_name = o->oidc_name;
	server_oidc_email_link = o->oidc_email_link;
	if (o->oidc && !(network_queue = workq_start(WEB_NETWORK_THREADS,
						     WEB_NETWORK_QUEUE))) {
		queues_stop();
		return error_set(e, ERROR_INTERNAL, "cannot start the threads "
				 "that call the sign-on provider");
	}
	signin_limit = ratelimit_new(o->login_rate > 0 ?
				     (unsigned)o->login_rate : 10);
	/* Workers inherit this mask; only sigwait below sees the signals. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	/* The monitoring first: the public port only once it listens. */
	d = NULL;
	if (!o->metrics_bind || (monitor = monitor_start(o->metrics_bind,
							 o->metrics_port,
							 o->db_path, e)))
		d = start_daemon(o, &addr, e);
	if (!d) {
		monitor_stop(monitor);
		queues_stop();
		ratelimit_free(signin_limit);
		signin_limit = NULL;
		return -1;
	}
	if (o->on_ready)
		o->on_ready(o);
	sigdelset(&signals, SIGPIPE);
	while (sigwait(&signals, &sig) == 0 && sig != SIGINT && sig != SIGTERM)
		;
	/* The sign-ins and imports waiting are answered, then it stops. */
	queues_stop();
	MHD_stop_daemon(d);
	server_oidc = NULL;
	monitor_stop(monitor);
	ratelimit_free(signin_limit);
	signin_limit = NULL;
	return 0;
}
