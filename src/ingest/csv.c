#include "ingest/csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void csv_reader_init(struct csv_reader *r, const char *name, const char *buf,
		     size_t len)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->start = r->p = buf;
	r->end = buf + len;
	r->line = 1;
	strbuf_init(&r->unquoted, 0);
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		r->p += 3;
}

void csv_reader_release(struct csv_reader *r)
{
	for (size_t i = 0; i < r->nr_names; i++)
		free(r->names[i]);
	free(r->names);
	r->names = NULL;
	r->nr_names = 0;
	strbuf_release(&r->unquoted);
}

void csv_reader_name_columns(struct csv_reader *r)
{
	r->names = xcalloc(r->nr_fields, sizeof(*r->names));
	for (size_t i = 0; i < r->nr_fields; i++)
		r->names[i] = xstrndup(r->field[i].p, r->field[i].len);
	r->nr_names = r->nr_fields;
}

/* The name of the field being read, for "file:line: field: reason". */
static const char *field_name(struct csv_reader *r, char buf[32])
{
	size_t i = r->nr_fields ? r->nr_fields - 1 : 0;

	if (i < r->nr_names && r->names[i][0])
		return r->names[i];
	snprintf(buf, 32, "field %zu", i + 1);
	return buf;
}

size_t csv_reader_offset(const struct csv_reader *r)
{
	return (size_t)(r->p - r->start);
}

int csv_row_blank(const struct csv_reader *r)
{
	return r->nr_fields == 1 && r->field[0].len == 0;
}

/*
 * Quoted fields are copied without their quotes into r->unquoted; their
 * offsets are fixed up to pointers once the row is complete, because the
 * strbuf may move while it grows.
 */
static int read_quoted(struct csv_reader *r, struct csv_field *f,
		       size_t *offset, struct error *e)
{
	const char *p = r->p + 1;
	size_t off = r->unquoted.len;
	char buf[32];

	for (;;) {
		const char *q = memchr(p, '"', (size_t)(r->end - p));
		if (!q)
			return error_at(e, r->name, r->row_line,
					field_name(r, buf), "unterminated quoted field");
		for (const char *c = p; c < q; c++) {
			if (*c == '\n')
				r->line++;
			else if (!*c)
				return error_at(e, r->name, r->line,
						field_name(r, buf), "NUL byte");
		}
		strbuf_add(&r->unquoted, p, (size_t)(q - p));
		if (q + 1 < r->end && q[1] == '"') {
			strbuf_addch(&r->unquoted, '"');
			p = q + 2;
			continue;
		}
		r->p = q + 1;
		break;
	}
	*offset = off;	/* f->p is set once the row is complete */
	f->len = r->unquoted.len - off;
	return 0;
}

int csv_read_row(struct csv_reader *r, struct error *e)
{
	size_t quoted[CSV_MAX_FIELDS];	/* offset in unquoted, or SIZE_MAX */
	char buf[32];

	if (r->p >= r->end)
		return 0;
	r->nr_fields = 0;
	r->row_line = r->line;
	strbuf_reset(&r->unquoted);
	for (;;) {
		struct csv_field *f;

		if (r->nr_fields == CSV_MAX_FIELDS)
			return error_at(e, r->name, r->row_line, NULL,
					"more than %d fields", CSV_MAX_FIELDS);
		f = &r->field[r->nr_fields];
		quoted[r->nr_fields] = SIZE_MAX;
		r->nr_fields++;
		if (r->p < r->end && *r->p == '"') {
			if (read_quoted(r, f, &quoted[r->nr_fields - 1], e))
				return -1;
		} else {
			const char *s = r->p;
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
			       *r->p != '\r' && *r->p != '"' && *r->p)
				r->p++;
			if (r->p < r->end && *r->p == '"')
				return error_at(e, r->name, r->line,
						field_name(r, buf),
						"stray quote inside an unquoted field");
			if (r->p < r->end && !*r->p)
				return error_at(e, r->name, r->line,
						field_name(r, buf), "NUL byte");
			f->p = s;
			f->len = (size_t)(r->p - s);
		}
		if (r->p >= r->end)
			break;
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (*r->p == '\r') {
			if (r->p + 1 < r->end && r->p[1] == '\n')
				r->p++;
			else
				return error_at(e, r->name, r->line,
						field_name(r, buf),
						"carriage return without line feed");
		}
		if (*r->p == '\n') {
			r->p++;
			r->line++;
			break;
		}
		return error_at(e, r->name, r->line, field_name(r, buf),
				"unexpected character after a quoted field");
	}
	for (size_t i = 0; i < r->nr_fields; i++)
		if (quoted[i] != SIZE_MAX)
			r->field[i].p = r->unquoted.buf + quoted[i];
	return 1;
}
