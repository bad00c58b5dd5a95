#include "cli/output.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/csv_write.h"

int output_format_parse(const char *s, enum output_format *f)
{
	if (!strcmp(s, "csv"))
		*f = FORMAT_CSV;
	else if (!strcmp(s, "table"))
		*f = FORMAT_TABLE;
	else if (!strcmp(s, "json"))
		*f = FORMAT_JSON;
	else
		return -1;
	return 0;
}

enum output_format output_format_default(FILE *out)
{
	return isatty(fileno(out)) ? FORMAT_TABLE : FORMAT_CSV;
}

static void flush_some(struct output *o)
{
	if (o->buf.len >= 1 << 16) {
		fwrite(o->buf.buf, 1, o->buf.len, o->out);
		strbuf_reset(&o->buf);
	}
}

static void json_string(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c < 0x20)
			strbuf_addf(sb, "\\u%04x", c);
		else
			strbuf_addch(sb, (char)c);
	}
	strbuf_addch(sb, '"');
}

void output_begin(struct output *o, enum output_format f,
		  const struct column *columns, size_t nr, FILE *out)
{
	memset(o, 0, sizeof(*o));
	o->format = f;
	o->columns = columns;
	o->nr_columns = nr;
	o->out = out;
	strbuf_init(&o->buf, 1 << 17);
	if (f == FORMAT_CSV) {
		for (size_t i = 0; i < nr; i++) {
			if (i)
				strbuf_addch(&o->buf, ',');
			strbuf_addstr(&o->buf, columns[i].name);
		}
		strbuf_addch(&o->buf, '\n');
	} else if (f == FORMAT_JSON) {
		strbuf_addch(&o->buf, '[');
	}
}

void output_row(struct output *o, const char *const *cells)
{
	switch (o->format) {
	case FORMAT_CSV:
		for (size_t i = 0; i < o->nr_columns; i++) {
			if (i)
				strbuf_addch(&o->buf, ',');
			csv_add_field(&o->buf, cells[i], strlen(cells[i]));
		}
		strbuf_addch(&o->buf, '\n');
		break;
	case FORMAT_JSON:
		strbuf_addstr(&o->buf, o->nr_rows ? ",\n{" : "\n{");
		for (size_t i = 0; i < o->nr_columns; i++) {
			if (i)
				strbuf_addch(&o->buf, ',');
			json_string(&o->buf, o->columns[i].name);
			strbuf_addch(&o->buf, ':');
			if (o->columns[i].type == COLUMN_TEXT)
				json_string(&o->buf, cells[i]);
			else
				strbuf_addstr(&o->buf, cells[i][0] ? cells[i] : "null");
		}
		strbuf_addch(&o->buf, '}');
		break;
	case FORMAT_TABLE:
		if (o->nr_rows * o->nr_columns + o->nr_columns > o->alloc_cells) {
			o->alloc_cells = o->alloc_cells ? 2 * o->alloc_cells :
					 64 * o->nr_columns;
			o->cells = xrealloc(o->cells, o->alloc_cells * sizeof(*o->cells));
		}
		for (size_t i = 0; i < o->nr_columns; i++)
			o->cells[o->nr_rows * o->nr_columns + i] = xstrdup(cells[i]);
		break;
	}
	o->nr_rows++;
	flush_some(o);
}

static void table_line(struct output *o, const size_t *width,
		       const char *const *cells)
{
	for (size_t i = 0; i < o->nr_columns; i++) {
		size_t len = strlen(cells[i]);
		size_t pad = width[i] > len ? width[i] - len : 0;

		if (i)
			strbuf_addstr(&o->buf, "  ");
		if (o->columns[i].type == COLUMN_NUMBER)
			strbuf_addf(&o->buf, "%*s%s", (int)pad, "", cells[i]);
		else if (i + 1 < o->nr_columns)
			strbuf_addf(&o->buf, "%s%*s", cells[i], (int)pad, "");
		else
			strbuf_addstr(&o->buf, cells[i]);
	}
	strbuf_addch(&o->buf, '\n');
	flush_some(o);
}

static void table_write(struct output *o)
{
	size_t *width = xcalloc(o->nr_columns, sizeof(*width));
	const char **head = xcalloc(o->nr_columns, sizeof(*head));

	for (size_t i = 0; i < o->nr_columns; i++) {
		head[i] = o->columns[i].name;
		width[i] = strlen(head[i]);
	}
	for (size_t r = 0; r < o->nr_rows; r++)
		for (size_t i = 0; i < o->nr_columns; i++) {
			size_t len = strlen(o->cells[r * o->nr_columns + i]);
			if (len > width[i])
				width[i] = len;
		}
	table_line(o, width, head);
	for (size_t r = 0; r < o->nr_rows; r++)
		table_line(o, width,
			   (const char *const *)&o->cells[r * o->nr_columns]);
	for (size_t i = 0; i < o->nr_rows * o->nr_columns; i++)
		free(o->cells[i]);
	free(o->cells);
	free(width);
	free(head);
}

int output_end(struct output *o)
{
	int rc;

	if (o->format == FORMAT_TABLE)
		table_write(o);
	else if (o->format == FORMAT_JSON)
		strbuf_addstr(&o->buf, o->nr_rows ? "\n]\n" : "]\n");
	fwrite(o->buf.buf, 1, o->buf.len, o->out);
	strbuf_release(&o->buf);
	rc = fflush(o->out) || ferror(o->out) ? -1 : 0;
	return rc;
}
