#ifndef UTIL_CSV_WRITE_H
#define UTIL_CSV_WRITE_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Writing CSV (RFC 4180), for the CLI's --format csv and the web's
 * downloads: a field is written as it is unless it holds a comma, a
 * quote or a line break, and then quoted with its quotes doubled, so
 * that ingest/csv.h reads it back to the same bytes.
 */

/* Writes s[0..len) as one CSV field, quoted when it needs to be. */
void csv_add_field(struct strbuf *out, const char *s, size_t len);

#endif
