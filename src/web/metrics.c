/* The requests' counters, and the exposition format (web/metrics.h). */
#include "web/metrics.h"

#include <stdatomic.h>

/* Upper bounds, in microseconds, of the latency buckets. */
static const uint64_t bucket_micros[METRICS_BUCKETS] = {
	1000, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000, 5000000, 10000000,
};
/* The same bounds as the le labels say them, in seconds. */
static const char *const bucket_le[METRICS_BUCKETS] = {
	"0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
	"1", "2.5", "5", "10",
};

/* By status class: [0] 1xx ... [4] 5xx. */
static atomic_uint_fast64_t requests[5];
/* Not cumulative here: [i] counts the requests of bucket i alone. */
static atomic_uint_fast64_t bucket[METRICS_BUCKETS + 1];
static atomic_uint_fast64_t sum_micros;

void metrics_request(int status, uint64_t micros)
{
	size_t i = 0;

	if (status >= 100 && status <= 599)
		atomic_fetch_add_explicit(&requests[status / 100 - 1], 1,
					  memory_order_relaxed);
	while (i < METRICS_BUCKETS && micros > bucket_micros[i])
		i++;
	atomic_fetch_add_explicit(&bucket[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&sum_micros, micros, memory_order_relaxed);
}

void metrics_header(struct strbuf *out, const char *name, const char *type,
		    const char *help)
{
	strbuf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void metrics_label(struct strbuf *out, const char *value)
{
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == '"')
			strbuf_addch(out, '\\');
		if (*p == '\n')
			strbuf_addstr(out, "\\n");
		else
			strbuf_addch(out, *p);
	}
}

void metrics_write_requests(struct strbuf *out)
{
	uint64_t cumulative = 0, sum;

	metrics_header(out, "attend_http_requests_total", "counter",
		       "HTTP requests answered, by the class of their status.");
	for (int i = 0; i < 5; i++)
		strbuf_addf(out, "attend_http_requests_total{class=\"%dxx\"} "
			    "%llu\n", i + 1, (unsigned long long)
			    atomic_load_explicit(&requests[i],
						 memory_order_relaxed));
	metrics_header(out, "attend_http_request_duration_seconds",
		       "histogram", "Time from a request's arrival to its "
		       "answer being queued, in seconds.");
	for (int i = 0; i <= METRICS_BUCKETS; i++) {
		cumulative += atomic_load_explicit(&bucket[i],
						   memory_order_relaxed);
		strbuf_addf(out, "attend_http_request_duration_seconds_bucket"
			    "{le=\"%s\"} %llu\n", i < METRICS_BUCKETS ?
			    bucket_le[i] : "+Inf",
			    (unsigned long long)cumulative);
	}
	sum = atomic_load_explicit(&sum_micros, memory_order_relaxed);
	strbuf_addf(out, "attend_http_request_duration_seconds_sum %llu.%06llu\n"
		    "attend_http_request_duration_seconds_count %llu\n",
		    (unsigned long long)(sum / 1000000),
		    (unsigned long long)(sum % 1000000),
		    (unsigned long long)cumulative);
}
