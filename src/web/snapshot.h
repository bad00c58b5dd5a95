#ifndef WEB_SNAPSHOT_H
#define WEB_SNAPSHOT_H

#include <stdbool.h>

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

#endif
