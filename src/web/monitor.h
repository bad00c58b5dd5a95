#ifndef WEB_MONITOR_H
#define WEB_MONITOR_H

#include <stdint.h>

#include "util/error.h"
#include "util/strbuf.h"

/*
 * The monitoring address (attend serve --metrics-bind ADDR:PORT): a
 * server of its own, plain HTTP, one thread, that answers only
 *
 *   GET /healthz  200 with a line of JSON when the store can be read,
 *                 503 (with why) when it cannot; both say the store's
 *                 version, and the version and age of the figures in use
 *   GET /metrics  the Prometheus text format (web/metrics.h): requests
 *                 by status class, their latency, the imports that
 *                 landed, the figures' builds and their age
 *
 * and 404 to anything else.  Neither asks for a sign-in, so neither is
 * on the public port: bind this to an address only the authority's
 * monitoring reaches (127.0.0.1, or a management network).
 */
struct monitor;

/*
 * Listens on bind:port (IPv4) and answers from the store at db_path;
 * NULL with e set if it cannot.
 */
struct monitor *monitor_start(const char *bind, int port, const char *db_path,
			      struct error *e);
void monitor_stop(struct monitor *m);

/* The pages, written into out; each returns the HTTP status. */
int monitor_healthz(const char *db_path, struct strbuf *out);
int monitor_metrics(const char *db_path, struct strbuf *out);

#endif
