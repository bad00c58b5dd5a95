/* /healthz and /metrics, on the monitoring address (web/monitor.h). */
#include "web/monitor.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "store/store.h"
#include "util/strbuf.h"
#include "web/html.h"
#include "web/metrics.h"
#include "web/snapshot.h"

struct monitor {
	struct MHD_Daemon *daemon;
	char *db_path;
};

/*
 * The store's version read through a connection of its own, opened for
 * this check alone (so a store moved, removed or made unreadable is seen
 * at once); -1 with e set when it cannot be read.
 */
static int64_t store_readable(const char *db_path, struct error *e)
{
	struct store *st;
	int64_t v;

	if (store_open(&st, db_path, STORE_READ, e))
		return -1;
	if ((v = store_version(st)) < 0)
		error_set(e, ERROR_INTERNAL, "%s: the store cannot be read",
			  db_path);
	store_close(st);
	return v;
}

static void seconds(struct strbuf *out, uint64_t ms)
{
	strbuf_addf(out, "%llu.%03llu", (unsigned long long)(ms / 1000),
		    (unsigned long long)(ms % 1000));
}

int monitor_healthz(const char *db_path, struct strbuf *out)
{
	struct error e = ERROR_INIT;
	struct snapshot_status s;
	int64_t version = store_readable(db_path, &e);

	web_snapshot_status(&s);
	strbuf_addf(out, "{\"status\":\"%s\",\"store\":",
		    version < 0 ? "unavailable" : "ok");
	if (version < 0) {
		json_str(out, e.msg);
	} else {
		strbuf_addf(out, "\"readable\",\"store_version\":%lld",
			    (long long)version);
	}
	strbuf_addf(out, ",\"figures_version\":%lld,\"figures_age_seconds\":",
		    (long long)s.version);
	seconds(out, (uint64_t)s.age_ms);
	strbuf_addf(out, ",\"figures_current\":%s,\"figures_building\":%s}\n",
		    version >= 0 && s.version == version ? "true" : "false",
		    s.building ? "true" : "false");
	return version < 0 ? 503 : 200;
}

/* A sample "name S.mmm" of ms milliseconds, in seconds. */
static void sample_seconds(struct strbuf *out, const char *name, uint64_t ms)
{
	strbuf_addf(out, "%s ", name);
	seconds(out, ms);
	strbuf_addch(out, '\n');
}

static void import_count(void *ctx, const char *kind, int64_t count)
{
	struct strbuf *out = ctx;

	strbuf_addstr(out, "attend_imports_total{kind=\"");
	metrics_label(out, kind);
	strbuf_addf(out, "\"} %lld\n", (long long)count);
}

int monitor_metrics(const char *db_path, struct strbuf *out)
{
	struct error e = ERROR_INIT;
	struct snapshot_status s;
	struct store *st;
	int64_t version = -1;

	metrics_write_requests(out);
	metrics_header(out, "attend_imports_total", "counter", "Imports that "
		       "landed in the store, by kind (a refused import "
		       "leaves none).");
	if (!store_open(&st, db_path, STORE_READ, &e)) {
		if (!store_import_counts(st, import_count, out, &e))
			version = store_version(st);
		store_close(st);
	}
	metrics_header(out, "attend_store_up", "gauge", "1 if the store "
		       "could be read for this scrape, else 0.");
	strbuf_addf(out, "attend_store_up %d\n", version >= 0);
	if (version >= 0) {
		metrics_header(out, "attend_store_version", "gauge", "The "
			       "store's version: the id of its last import.");
		strbuf_addf(out, "attend_store_version %lld\n",
			    (long long)version);
	}
	web_snapshot_status(&s);
	metrics_header(out, "attend_figures_version", "gauge", "The store "
		       "version of the figures the pages draw from.");
	strbuf_addf(out, "attend_figures_version %lld\n", (long long)s.version);
	metrics_header(out, "attend_figures_age_seconds", "gauge", "Seconds "
		       "since the figures in use were built.");
	sample_seconds(out, "attend_figures_age_seconds", (uint64_t)s.age_ms);
	metrics_header(out, "attend_figures_build_seconds", "summary", "Time "
		       "taken by the builds of the figures that succeeded, "
		       "since the server started.");
	sample_seconds(out, "attend_figures_build_seconds_sum",
		       s.build_ms_total);
	strbuf_addf(out, "attend_figures_build_seconds_count %llu\n",
		    (unsigned long long)s.builds);
	metrics_header(out, "attend_figures_last_build_seconds", "gauge",
		       "Time taken by the last build of the figures that "
		       "succeeded.");
	sample_seconds(out, "attend_figures_last_build_seconds",
		       (uint64_t)s.last_build_ms);
	metrics_header(out, "attend_figures_build_failures_total", "counter",
		       "Builds of the figures that failed (the pages go on "
		       "with the figures before).");
	strbuf_addf(out, "attend_figures_build_failures_total %llu\n",
		    (unsigned long long)s.failures);
	return 200;
}

static enum MHD_Result answer(struct MHD_Connection *conn, int status,
			      const char *type, struct strbuf *body)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *text = strbuf_detach(body, &len);

	resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	static int seen;
	const struct monitor *m = cls;
	struct strbuf out = STRBUF_INIT;
	int status;

	(void)version; (void)upload_data;
	if (!*con_cls) {	/* the headers: the answer comes after any body */
		*con_cls = &seen;
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0;	/* a body is read and ignored */
		return MHD_YES;
	}
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		strbuf_addstr(&out, "GET only\n");
		return answer(conn, 405, "text/plain; charset=utf-8", &out);
	}
	if (!strcmp(url, "/healthz")) {
		status = monitor_healthz(m->db_path, &out);
		return answer(conn, status, "application/json", &out);
	}
	if (!strcmp(url, "/metrics")) {
		status = monitor_metrics(m->db_path, &out);
		return answer(conn, status,
			      "text/plain; version=0.0.4; charset=utf-8", &out);
	}
	strbuf_addstr(&out, "/healthz and /metrics only\n");
	return answer(conn, 404, "text/plain; charset=utf-8", &out);
}

struct monitor *monitor_start(const char *bind, int port, const char *db_path,
			      struct error *e)
{
	struct sockaddr_in addr;
	struct monitor *m;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind, &addr.sin_addr) != 1) {
		error_set(e, ERROR_USAGE, "--metrics-bind: '%s' is not an IPv4 "
			  "address", bind);
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	m->db_path = xstrdup(db_path);
	m->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
				     MHD_USE_ERROR_LOG, (uint16_t)port, NULL,
				     NULL, handle, m,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
				     MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				     (size_t)(32 * 1024),
				     MHD_OPTION_END);
	if (!m->daemon) {
		error_set(e, ERROR_INTERNAL, "cannot listen on %s:%d for the "
			  "monitoring (is another server using the port?)",
			  bind, port);
		monitor_stop(m);
		return NULL;
	}
	return m;
}

void monitor_stop(struct monitor *m)
{
	if (!m)
		return;
	if (m->daemon)
		MHD_stop_daemon(m->daemon);
	free(m->db_path);
	free(m);
}
