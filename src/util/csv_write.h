#ifndef UTIL_CSV_WRITE_H
#define UTIL_CSV_WRITE_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Writing CSV (RFC 4180), for the CLI's --format csv and the web's
 * downloads: a field is written as it is unless it holds a comma, a
 * quote or a line break, and then quoted with its quotes doubled, so
 * that ingest/csv.h reads it back to the same bytes.
 *
 * A download is opened in a spreadsheet, which runs a cell beginning
 * with '=', '+', '-', '@', TAB or CR as a formula (CSV injection).
 * csv_add_field() therefore neutralises such a cell as OWASP
 * recommends: it is prefixed with a single quote and quoted, so that
 * the spreadsheet shows it as text. A plain number ("-2", "+3.5",
 * "-12%") is not a formula and is written as it is. Files meant for
 * attend's own importers (the demo's) use csv_add_field_raw().
 */

/* Writes s[0..len) as one CSV field for a person's download. */
void csv_add_field(struct strbuf *out, const char *s, size_t len);

/* Writes s[0..len) as one CSV field, quoted only when it must be. */
void csv_add_field_raw(struct strbuf *out, const char *s, size_t len);

/* 1 when a spreadsheet would take s[0..len) as a formula. */
int csv_is_formula(const char *s, size_t len);

#endif
