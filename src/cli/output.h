#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "util/strbuf.h"

/*
 * Report output in three formats: csv and json for machines, table
 * (aligned columns) for people.  Rows are given as text cells; a NUMBER
 * column is written bare in JSON, and an empty NUMBER cell as null.
 */
enum output_format { FORMAT_CSV, FORMAT_TABLE, FORMAT_JSON };

enum column_type { COLUMN_TEXT, COLUMN_NUMBER };

struct column {
	const char *name;
	enum column_type type;
};

struct output {
	enum output_format format;
	const struct column *columns;
	size_t nr_columns;
	FILE *out;
	struct strbuf buf;
	size_t nr_rows;
	char **cells;		/* table: kept until the widths are known */
	size_t alloc_cells;
};

/* "csv", "table" or "json"; returns -1 if none of them. */
int output_format_parse(const char *s, enum output_format *f);
/* table on a terminal, csv otherwise */
enum output_format output_format_default(FILE *out);

void output_begin(struct output *o, enum output_format f,
		  const struct column *columns, size_t nr, FILE *out);
void output_row(struct output *o, const char *const *cells);
/* Writes what is left; returns -1 if writing failed. */
int output_end(struct output *o);

#endif
