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
 * for academic years 2025/26 and 2026/27, and registers for 2025/26 and
 * 2026/27 to date, written as the CSV files `attend import` reads.
 * The same options give byte-for-byte the same files.
 */
struct demo_options {
	long pupils;		/* about this many on roll (default 40000) */
	uint64_t seed;		/* default 1 */
	const char *out_dir;	/* created if missing */
	day_t today;		/* marks up to the school day before this */
	int progress;		/* print progress to stderr when non-zero */
};

/*
 * Writes the CSV files into o->out_dir (areas.csv, schools.csv,
 * calendar.csv, pupils.csv, register/<urn>-<year>.csv) and appends each
 * file's path, in the order they must be imported, to *files, one per
 * line, '\n'-terminated.  Returns 0, or -1 with e set (I/O errors:
 * ERROR_INTERNAL).  Removes nothing.
 */
int demo_generate(const struct demo_options *o, struct strbuf *files,
		  struct error *e);

#endif
