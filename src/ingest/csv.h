#ifndef INGEST_CSV_H
#define INGEST_CSV_H

#include <stddef.h>

#include "util/error.h"
#include "util/strbuf.h"

/*
 * A strict RFC 4180 CSV reader over a buffer in memory (a mapped file).
 * Tolerates a UTF-8 byte-order mark, CRLF or LF line ends, and quoted
 * fields with "" escapes and embedded line breaks.  Anything else (a stray
 * quote, an unterminated quote, a NUL byte) is an error naming the line.
 *
 *   struct csv_reader r;
 *   csv_reader_init(&r, name, buf, len);
 *   while ((rc = csv_read_row(&r, &e)) > 0)
 *           use r.field[0 .. r.nr_fields), r.row_line
 *   csv_reader_release(&r);
 *
 * Field pointers stay valid until the next csv_read_row() call.  The
 * writer is util/csv_write.h.
 */
#define CSV_MAX_FIELDS 1024

struct csv_field {
	const char *p;
	size_t len;
};

struct csv_reader {
	const char *name;	/* for error messages */
	const char *p, *end;	/* unread input */
	const char *start;	/* whole input, for progress */
	long line;		/* line number of the next unread byte */
	long row_line;		/* line on which the current row started */
	size_t nr_fields;
	struct csv_field field[CSV_MAX_FIELDS];
	struct strbuf unquoted;	/* backing store for fields with "" */
	char **names;		/* column names for errors (from the header) */
	size_t nr_names;
};

void csv_reader_init(struct csv_reader *r, const char *name, const char *buf,
		     size_t len);
void csv_reader_release(struct csv_reader *r);
/* Returns 1 with a row, 0 at end of input, -1 on a malformed row. */
int csv_read_row(struct csv_reader *r, struct error *e);
/* Keeps the current row's fields as the column names used in errors. */
void csv_reader_name_columns(struct csv_reader *r);
/* Bytes consumed so far. */
size_t csv_reader_offset(const struct csv_reader *r);
/* True if the row is empty (a blank line). */
int csv_row_blank(const struct csv_reader *r);

#endif
