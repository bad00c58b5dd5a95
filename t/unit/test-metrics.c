/*
 * The request counters and their exposition (web/metrics.c): the
 * expected lines are worked out by hand from the requests recorded, and
 * threads that count at once lose nothing.
 */
#include <pthread.h>
#include <string.h>

#include "tap.h"
#include "web/metrics.h"

/* The line of out that begins with prefix, else "". */
static const char *line_of(const struct strbuf *out, const char *prefix,
			   char *buf, size_t n)
{
	const char *p = out->buf;
	size_t len = strlen(prefix);

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		if (l >= len && !memcmp(p, prefix, len) && l < n) {
			memcpy(buf, p, l);
			buf[l] = '\0';
			return buf;
		}
		p = nl ? nl + 1 : NULL;
	}
	return "";
}

#define THREADS 8
#define EACH 10000

static void *count(void *arg)
{
	(void)arg;
	for (int i = 0; i < EACH; i++)
		metrics_request(200, 2000);
	return NULL;
}

int main(void)
{
	struct strbuf out = STRBUF_INIT, label = STRBUF_INIT;
	pthread_t t[THREADS];
	char b[256];

	/*
	 * 200 in 0.5 ms (bucket 0.001); 404 in exactly 1 ms (still 0.001:
	 * le is "less than or equal"); 303 in 1.001 ms (0.005); 500 in 30 s
	 * (beyond 10: +Inf only); a status out of range counts in the
	 * latency, not in a class.  Sum: 0.5 + 1 + 1.001 + 30000 + 0 ms =
	 * 30.002501 s.
	 */
	metrics_request(200, 500);
	metrics_request(404, 1000);
	metrics_request(303, 1001);
	metrics_request(500, 30000000);
	metrics_request(0, 0);
	metrics_write_requests(&out);
	is_str(line_of(&out, "# TYPE attend_http_requests_total ", b, sizeof(b)),
	       "# TYPE attend_http_requests_total counter", "a counter");
	is_str(line_of(&out, "attend_http_requests_total{class=\"2xx\"}", b,
		       sizeof(b)), "attend_http_requests_total{class=\"2xx\"} 1",
	       "one 2xx");
	is_str(line_of(&out, "attend_http_requests_total{class=\"3xx\"}", b,
		       sizeof(b)), "attend_http_requests_total{class=\"3xx\"} 1",
	       "one 3xx");
	is_str(line_of(&out, "attend_http_requests_total{class=\"1xx\"}", b,
		       sizeof(b)), "attend_http_requests_total{class=\"1xx\"} 0",
	       "no 1xx: a status out of range is in no class");
	is_str(line_of(&out, "# TYPE attend_http_request_duration_seconds ",
		       b, sizeof(b)),
	       "# TYPE attend_http_request_duration_seconds histogram",
	       "a histogram");
	is_str(line_of(&out, "attend_http_request_duration_seconds_bucket{le=\"0.001\"}",
		       b, sizeof(b)),
	       "attend_http_request_duration_seconds_bucket{le=\"0.001\"} 3",
	       "0, 0.5 and 1 ms are at most 1 ms");
	is_str(line_of(&out, "attend_http_request_duration_seconds_bucket{le=\"0.005\"}",
		       b, sizeof(b)),
	       "attend_http_request_duration_seconds_bucket{le=\"0.005\"} 4",
	       "buckets are cumulative: 1.001 ms joins them at 5 ms");
	is_str(line_of(&out, "attend_http_request_duration_seconds_bucket{le=\"10\"}",
		       b, sizeof(b)),
	       "attend_http_request_duration_seconds_bucket{le=\"10\"} 4",
	       "30 s is beyond the last bound");
	is_str(line_of(&out, "attend_http_request_duration_seconds_bucket{le=\"+Inf\"}",
		       b, sizeof(b)),
	       "attend_http_request_duration_seconds_bucket{le=\"+Inf\"} 5",
	       "+Inf holds every request");
	is_str(line_of(&out, "attend_http_request_duration_seconds_sum", b,
		       sizeof(b)),
	       "attend_http_request_duration_seconds_sum 30.002501",
	       "the sum in seconds, to the microsecond");
	is_str(line_of(&out, "attend_http_request_duration_seconds_count", b,
		       sizeof(b)),
	       "attend_http_request_duration_seconds_count 5",
	       "the count is the +Inf bucket");

	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, count, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	strbuf_reset(&out);
	metrics_write_requests(&out);
	/* 1 before, and 8 threads x 10000 */
	is_str(line_of(&out, "attend_http_requests_total{class=\"2xx\"}", b,
		       sizeof(b)), "attend_http_requests_total{class=\"2xx\"} 80001",
	       "eight threads counting at once lose nothing");
	/* 3 + 80000 in 2 ms each, which is over 1 ms */
	is_str(line_of(&out, "attend_http_request_duration_seconds_bucket{le=\"0.005\"}",
		       b, sizeof(b)),
	       "attend_http_request_duration_seconds_bucket{le=\"0.005\"} 80004",
	       "nor do their buckets");
	/* 30.002501 + 80000 x 0.002 = 190.002501 */
	is_str(line_of(&out, "attend_http_request_duration_seconds_sum", b,
		       sizeof(b)),
	       "attend_http_request_duration_seconds_sum 190.002501",
	       "nor their sum");

	metrics_label(&label, "a\"b\\c\nd");
	is_str(label.buf, "a\\\"b\\\\c\\nd", "a label value is escaped as the "
	       "format says");
	strbuf_reset(&out);
	metrics_header(&out, "x_total", "counter", "Things.");
	is_str(out.buf, "# HELP x_total Things.\n# TYPE x_total counter\n",
	       "HELP, then TYPE");
	strbuf_release(&out);
	strbuf_release(&label);
	return tap_done();
}
