#ifndef WEB_SNAPSHOT_H
#define WEB_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "report/figures.h"
#include "web/web.h"

/*
 * The figures the pages draw from (report/figures.h), built once and
 * shared by every request until an import lands (the store's version
 * changes), then built again beside the requests, which go on with the
 * ones they hold.  A request takes a reference on first use
 * (web_figures()) and gives it back when it ends.  Beside the figures, a
 * cache of pieces of pages rendered from them.
 */

/* The request's figures (taken on first use), or NULL if none could be built. */
const struct figures *web_figures(struct request *r);

/*
 * Appends the fragment `key` to r's page, from the request's figures
 * (web_figures() must have given some): the copy cached with them, or
 * what render writes, which is then cached.  render must depend on
 * nothing but the figures, arg and the key: never on the viewer.
 */
typedef void fragment_fn(struct request *r, const struct figures *f, long arg);
void web_fragment(struct request *r, const char *key, fragment_fn *render,
		  long arg);

/*
 * What the monitoring sees of the figures (/healthz, /metrics): the
 * store version of those in use and how long ago they were built, and
 * the builds since the server started.  All zero before the first.
 */
struct snapshot_status {
	int64_t version;
	long age_ms;
	bool building;		/* a rebuild is running */
	long last_build_ms;
	uint64_t builds, failures;	/* the first build included */
	uint64_t build_ms_total;	/* of the builds that succeeded */
};
void web_snapshot_status(struct snapshot_status *out);

#endif
