#ifndef WEB_METRICS_H
#define WEB_METRICS_H

#include <stdint.h>

#include "util/strbuf.h"

/*
 * The server's counters for the authority's monitoring, written in the
 * Prometheus text exposition format (version 0.0.4): a "# HELP" and a
 * "# TYPE" line before each metric's samples, counters named _total,
 * histograms as cumulative _bucket{le="..."} samples ending with
 * le="+Inf", then _sum and _count.
 *
 * The counters are C11 atomics, added to by every worker thread at once
 * without a lock; a scrape reads each one once.  A histogram's _count is
 * its +Inf bucket, so the two always agree.
 */

/* Latency buckets, in seconds (the +Inf bucket is implicit). */
#define METRICS_BUCKETS 12

/* A request answered with status, after micros microseconds. */
void metrics_request(int status, uint64_t micros);

/* The requests' counters and latency histogram, appended to out. */
void metrics_write_requests(struct strbuf *out);

/*
 * One metric's "# HELP" and "# TYPE" lines; type is counter, gauge,
 * histogram or summary.  help is written as it is: no '\' or line feed.
 */
void metrics_header(struct strbuf *out, const char *name, const char *type,
		    const char *help);
/* A label value, escaped as the format wants ('\\', '"', '\n'). */
void metrics_label(struct strbuf *out, const char *value);

#endif
