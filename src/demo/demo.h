#ifndef DEMO_DEMO_H
#define DEMO_DEMO_H

#include <stdint.h>

#include "core/date.h"
#include "util/error.h"
#include "util/strbuf.h"

/*
 * A realistic, clearly fictional demo authority ("Kingsmere", LA 990):
 * areas with deprivation deciles, ~120 schools of every phase, ~40,000
 * pupils with cohort attributes, term dates, INSET days and bank holidays
 * for two academic years, and registers for the last full year and the
 * current one to date, written as the CSV files `attend import` reads.
 * The same seed (and day) gives the same files.
 */
struct demo_options {
	long pupils;		/* about this many on roll now (default 40000) */
	uint64_t seed;		/* default 1 */
	const char *out_dir;	/* created if missing */
	day_t today;		/* marks up to the school day before this */
	int progress;		/* progress on stderr */
};

/*
 * Writes the files into o->out_dir and appends each path, in the order to
 * import them, to *files, one per line.  Returns 0, or -1 with e set.
 */
int demo_generate(const struct demo_options *o, struct strbuf *files,
		  struct error *e);

#endif
