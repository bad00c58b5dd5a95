/*
 * Fuzzes the CSV reader (src/ingest/csv.c) over the input's bytes, and
 * the writer (src/util/csv_write.c) against it.  Aborts if an invariant
 * of csv.h breaks:
 *
 *   - every field lies inside the input or inside the reader's buffer of
 *     unquoted text, and every byte of it can be read;
 *   - a row has 1 to CSV_MAX_FIELDS fields; csv_row_blank() says whether
 *     it is one empty field;
 *   - a row starts on the line the last one ended on, and the line count
 *     is one more than the line feeds read so far;
 *   - csv_reader_offset() grows with every row and stays within the input;
 *   - once csv_read_row() has returned 0 it keeps returning 0;
 *   - an error has a kind and a message;
 *   - an input that parses whole, written again field by field with
 *     csv_add_field_raw(), parses to the same rows, fields and lines;
 *   - csv_add_field() (the downloads' writer) never writes a field a
 *     spreadsheet would take as a formula.
 *
 *   make fuzz && build/fuzz/fuzz-csv -dict=fuzz/csv.dict fuzz/corpus/csv
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ingest/csv.h"
#include "util/csv_write.h"
#include "util/error.h"
#include "util/strbuf.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

static volatile unsigned sink;

static int inside(const char *p, size_t len, const char *start, size_t size)
{
	return p >= start && p <= start + size && len <= (size_t)(start + size - p);
}

/* Checks the current row and reads every byte of every field. */
static void check_row(const struct csv_reader *r, const char *data,
		      size_t size)
{
	unsigned sum = 0;

	check(r->nr_fields >= 1 && r->nr_fields <= CSV_MAX_FIELDS);
	check(csv_row_blank(r) == (r->nr_fields == 1 && r->field[0].len == 0));
	for (size_t i = 0; i < r->nr_fields; i++) {
		const struct csv_field *f = &r->field[i];

		check(f->p);
		check(inside(f->p, f->len, data, size) ||
		      inside(f->p, f->len, r->unquoted.buf, r->unquoted.len));
		for (size_t k = 0; k < f->len; k++) {
			check(f->p[k] != '\0');	/* a NUL is an error */
			sum += (unsigned char)f->p[k];
		}
	}
	sink += sum;
}

/*
 * Parses the input once, checking each row; writes the rows again with
 * csv_add_field_raw() into out.  Returns the last csv_read_row() result.
 */
static int parse(const char *data, size_t size, struct strbuf *out)
{
	struct csv_reader r;
	struct error e = ERROR_INIT;
	size_t offset;
	long line = 1;
	int rc, rows = 0;

	csv_reader_init(&r, "fuzz.csv", data, size);
	offset = csv_reader_offset(&r);
	check(offset == (size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0));
	while ((rc = csv_read_row(&r, &e)) > 0) {
		size_t now = csv_reader_offset(&r);

		check(now > offset && now <= size);
		/* A row starts where the last ended; lines are '\n's read. */
		check(r.row_line == line);
		for (size_t i = offset; i < now; i++)
			line += data[i] == '\n';
		check(r.line == line);
		offset = now;
		check_row(&r, data, size);
		if (rows++ == 0)
			csv_reader_name_columns(&r);
		for (size_t i = 0; i < r.nr_fields; i++) {
			if (i)
				strbuf_addch(out, ',');
			struct strbuf safe = STRBUF_INIT;

			csv_add_field_raw(out, r.field[i].p, r.field[i].len);
			csv_add_field(&safe, r.field[i].p, r.field[i].len);
			check(!csv_is_formula(safe.buf, safe.len));
			strbuf_release(&safe);
		}
		strbuf_addch(out, '\n');
	}
	if (rc == 0) {
		check(csv_reader_offset(&r) == size);
		check(csv_read_row(&r, &e) == 0);
		check(csv_read_row(&r, &e) == 0);
		check(e.kind == ERROR_NONE);
	} else {
		check(rc == -1);
		check(e.kind == ERROR_INPUT && e.msg[0]);
		check(memchr(e.msg, '\0', sizeof(e.msg)));
		check(csv_reader_offset(&r) >= offset &&
		      csv_reader_offset(&r) <= size);
	}
	csv_reader_release(&r);
	return rc;
}

/* The input and its rewriting read in step: the same rows, field by field. */
static void compare(const char *data, size_t size, const struct strbuf *again)
{
	struct csv_reader a, b;
	struct error e = ERROR_INIT;
	int ra, rb;

	csv_reader_init(&a, "fuzz.csv", data, size);
	csv_reader_init(&b, "again.csv", again->buf, again->len);
	do {
		ra = csv_read_row(&a, &e);
		rb = csv_read_row(&b, &e);
		check(ra == rb && ra >= 0);
		if (ra == 0)
			break;
		check(a.row_line == b.row_line);
		check(a.nr_fields == b.nr_fields);
		for (size_t i = 0; i < a.nr_fields; i++)
			check(a.field[i].len == b.field[i].len &&
			      !memcmp(a.field[i].p, b.field[i].p, a.field[i].len));
	} while (ra > 0);
	csv_reader_release(&a);
	csv_reader_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct strbuf again = STRBUF_INIT;

	/*
	 * The reader skips one byte-order mark; write one so a first field
	 * that itself begins with those bytes (after the input's own mark)
	 * survives the round trip.
	 */
	strbuf_addstr(&again, "\xEF\xBB\xBF");
	if (parse(p, size, &again) == 0)
		compare(p, size, &again);
	strbuf_release(&again);
	return 0;
}
