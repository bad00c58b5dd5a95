#include "ingest/import.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/upn.h"
#include "ingest/csv.h"
#include "ingest/import_internal.h"

/* Column layouts: required columns first, in this order. */
static const struct column_spec schools_columns[] = {
	{ "urn", 1 }, { "laestab", 1 }, { "name", 1 }, { "phase", 1 },
	{ "type", 0 },
};
static const struct column_spec areas_columns[] = {
	{ "postcode_district", 1 }, { "area", 1 }, { "imd_decile", 1 },
};
static const struct column_spec calendar_columns[] = {
	{ "urn", 1 }, { "from", 1 }, { "to", 1 }, { "kind", 1 }, { "label", 0 },
};
static const struct column_spec pupils_columns[] = {
	/* in the order of import_internal.h's PU_ columns */
	{ "upn", 1 }, { "urn", 1 }, { "surname", 1 }, { "forename", 1 },
	{ "dob", 1 }, { "sex", 0 }, { "fsm", 0 }, { "sen", 0 },
	{ "social_care", 0 }, { "early_help", 0 }, { "youth_justice", 0 },
	{ "eal", 0 }, { "postcode", 0 }, { "year_group", 0 },
	{ "start_date", 0 }, { "end_date", 0 },
};
static const struct column_spec exclusion_columns[] = {
	/* in the order of import_exclusions.c's EX_ columns */
	{ "upn", 1 }, { "urn", 1 }, { "start", 1 }, { "end", 0 },
	{ "category", 0 }, { "reason", 0 }, { "sessions", 0 },
};
static const struct column_spec register_columns[] = {
	{ "upn", 1 }, { "urn", 1 }, { "date", 1 }, { "session", 1 },
	{ "code", 1 },
};

/*
 * Each kind of file: its name, its columns if it is found by them (the
 * required ones beginning the header, in this order), and its importer,
 * which reads the file's rows inside import_file()'s transaction.
 */
#define COLUMNS(a) a, sizeof(a) / sizeof(a[0])
static const struct {
	const char *name;
	const struct column_spec *columns;
	size_t nr;
	int (*import)(struct importer *im, struct import_file *f,
		      struct import_summary *sum, struct error *e);
} kinds[IMPORT_KIND_COUNT] = {
	[IMPORT_SCHOOLS] = { "schools", COLUMNS(schools_columns), import_schools },
	[IMPORT_GIAS] = { "GIAS", NULL, 0, import_gias },
	[IMPORT_AREAS] = { "areas", COLUMNS(areas_columns), import_areas },
	[IMPORT_DFE] = { "dfe", NULL, 0, import_dfe },
	[IMPORT_CALENDAR] = { "calendar", COLUMNS(calendar_columns),
			      import_calendar },
	[IMPORT_PUPILS] = { "pupils", COLUMNS(pupils_columns), import_pupils },
	[IMPORT_CTF] = { "ctf", NULL, 0, import_ctf },
	[IMPORT_EXCLUSIONS] = { "exclusions", COLUMNS(exclusion_columns),
				import_exclusions },
	[IMPORT_REGISTER] = { "register", COLUMNS(register_columns),
			      import_register },
	[IMPORT_MIS] = { "MIS register", NULL, 0, import_mis },
};

struct csv_field field_trim(struct csv_field f)
{
	while (f.len && (f.p[0] == ' ' || f.p[0] == '\t')) {
		f.p++;
		f.len--;
	}
	while (f.len && (f.p[f.len - 1] == ' ' || f.p[f.len - 1] == '\t'))
		f.len--;
	return f;
}

struct csv_field row_field(const struct import_file *f, int column)
{
	struct csv_field none = { "", 0 };
	int idx = f->column[column];

	if (idx < 0 || (size_t)idx >= f->csv.nr_fields)
		return none;
	return field_trim(f->csv.field[idx]);
}

bool field_is(struct csv_field f, const char *name)
{
	return strlen(name) == f.len && !strncasecmp(f.p, name, f.len);
}

int header_find(const struct csv_reader *r, const char *name)
{
	for (size_t i = 0; i < r->nr_fields; i++)
		if (field_is(field_trim(r->field[i]), name))
			return (int)i;
	return -1;
}

/* The kind whose required columns begin the header, or -1. */
static int kind_of_header(const struct csv_reader *r)
{
	for (int k = 0; k < IMPORT_KIND_COUNT; k++) {
		size_t i;

		if (!kinds[k].nr)
			continue;	/* found by name, not by position */
		for (i = 0; i < kinds[k].nr && kinds[k].columns[i].required; i++)
			if (i >= r->nr_fields ||
			    !field_is(field_trim(r->field[i]), kinds[k].columns[i].name))
				break;
		if (i < kinds[k].nr && kinds[k].columns[i].required)
			continue;
		/* "urn,..." is both schools and calendar: check the rest. */
		return k;
	}
	return -1;
}

static int map_columns(struct import_file *f, struct error *e)
{
	const struct column_spec *spec = kinds[f->kind].columns;
	size_t nr = kinds[f->kind].nr;

	for (size_t c = 0; c < nr; c++)
		f->column[c] = -1;
	for (size_t i = 0; i < f->csv.nr_fields; i++) {
		struct csv_field h = field_trim(f->csv.field[i]);
		size_t c;

		for (c = 0; c < nr; c++)
			if (field_is(h, spec[c].name))
				break;
		if (c == nr)
			return error_at(e, f->name, 1, "header",
					"unknown column '%.*s' in a %s file",
					(int)h.len, h.p, kinds[f->kind].name);
		if (f->column[c] >= 0)
			return error_at(e, f->name, 1, "header",
					"column '%s' appears twice", spec[c].name);
		f->column[c] = (int)i;
	}
	f->nr_columns = f->csv.nr_fields;
	return 0;
}

static const char *expected_headers(void)
{
	return "schools (urn,laestab,name,phase), a GIAS establishment "
	       "extract (URN,LA (code),...,EstablishmentNumber,...), areas "
	       "(postcode_district,area,imd_decile), a DfE absence table "
	       "(time_period,geographic_level,...,sess_overall_percent), calendar "
	       "(urn,from,to,kind,label), pupils (upn,urn,surname,forename,dob,...) "
	       "exclusions (upn,urn,start,end,category,reason,sessions) "
	       "or register (upn,urn,date,session,code), an MIS register "
	       "export (UPN with Date, AM, PM columns, with Date, Session, "
	       "Mark, or a column per session such as '01/09/2025 AM'), or "
	       "a Common Transfer File (XML)";
}

/* The line of the byte at offset off of text. */
static long line_of(const char *text, size_t off)
{
	long line = 1;

	for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + off - p)));
	     p++)
		line++;
	return line;
}

/*
 * Brings a CSV file's text to UTF-8 (see util/utf8.h for the rules):
 * ASCII and UTF-8 are read where they are mapped; a single-byte file is
 * read as Windows-1252 and converted; a file mixing the two is refused.
 * A file that begins with a UTF-8 byte-order mark must be UTF-8.
 */
static int text_decode(struct import_file *f, struct error *e)
{
	size_t bom = f->size >= 3 && !memcmp(f->map, "\xEF\xBB\xBF", 3) ? 3 : 0;
	size_t bad, bad2, at;

	f->text = f->map;
	f->text_size = f->size;
	f->encoding = text_detect(f->map + bom, f->size - bom, &bad);
	bad += bom;
	if (f->encoding == TEXT_ASCII || f->encoding == TEXT_UTF8)
		return 0;
	if (bom)
		return error_at(e, f->name, line_of(f->map, bad), NULL, "byte 0x%02X "
				"is not UTF-8, though the file begins with UTF-8's "
				"byte-order mark: save it again as UTF-8",
				(unsigned char)f->map[bad]);
	if (f->encoding == TEXT_MIXED) {
		uint32_t cp;

		/* the first character of more than one byte: the UTF-8 text */
		for (at = 0; at < f->size; at++)
			if ((unsigned char)f->map[at] >= 0xC2 &&
			    utf8_decode(f->map + at, f->size - at, &cp) > 1)
				break;
		return error_at(e, f->name, line_of(f->map, bad), NULL, "byte 0x%02X "
				"is not UTF-8, yet line %ld holds UTF-8 text: the file "
				"mixes two encodings; save it again as UTF-8",
				(unsigned char)f->map[bad], line_of(f->map, at));
	}
	if (cp1252_to_utf8(f->map, f->size, &f->decoded, &bad2))
		return error_at(e, f->name, line_of(f->map, bad2), NULL, "byte 0x%02X "
				"is not a character: the file is not UTF-8 (byte 0x%02X "
				"on line %ld) and Windows-1252 leaves 0x%02X undefined; "
				"save it again as UTF-8", (unsigned char)f->map[bad2],
				(unsigned char)f->map[bad], line_of(f->map, bad),
				(unsigned char)f->map[bad2]);
	f->text = f->decoded.buf;
	f->text_size = f->decoded.len;
	return 0;
}

int import_file_open(struct import_file *f, const char *path, const char *name,
		     struct error *e)
{
	struct stat sb;
	int fd;

	memset(f, 0, sizeof(*f));
	f->path = path;
	f->name = name;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return error_set(e, ERROR_INPUT, "%s: %s", name, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return error_set(e, ERROR_INPUT, "%s: not a regular file", name);
	}
	f->size = (size_t)sb.st_size;
	if (f->size == 0) {
		close(fd);
		return error_at(e, name, 0, NULL, "empty file: no header row");
	}
	f->map = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		return error_set(e, ERROR_INTERNAL, "%s: %s", name, strerror(errno));
	}
	madvise(f->map, f->size, MADV_SEQUENTIAL);
	f->text = f->map;
	f->text_size = f->size;
	strbuf_init(&f->decoded, 0);
	if (!import_is_ctf(f->map, f->size) && text_decode(f, e)) {
		import_file_close(f);
		return -1;
	}
	csv_reader_init(&f->csv, name, f->text, f->text_size);
	return 0;
}

void import_file_close(struct import_file *f)
{
	csv_reader_release(&f->csv);
	strbuf_release(&f->decoded);
	if (f->map)
		munmap(f->map, f->size);
	f->map = NULL;
}

static int read_header(struct importer *im, struct import_file *f,
		       struct error *e)
{
	int rc, k;

	if (import_is_ctf(f->map, f->size)) {
		f->kind = IMPORT_CTF;	/* XML: import_ctf() reads it all */
		return 0;
	}
	rc = csv_read_row(&f->csv, e);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return error_at(e, f->name, 1, "header", "no header row");
	if (import_header_is_gias(&f->csv)) {
		f->kind = IMPORT_GIAS;
		csv_reader_name_columns(&f->csv);
		import_gias_columns(f);
		return 0;
	}
	if (import_header_is_dfe(&f->csv)) {
		f->kind = IMPORT_DFE;
		csv_reader_name_columns(&f->csv);
		import_dfe_columns(f);
		return 0;
	}
	k = kind_of_header(&f->csv);
	if (k < 0 && import_header_is_mis(im, f)) {
		f->kind = IMPORT_MIS;
		f->nr_columns = f->csv.nr_fields;
		csv_reader_name_columns(&f->csv);
		return 0;
	}
	if (k < 0)
		return error_at(e, f->name, 1, "header",
				"not a file attend knows; expected the header of %s",
				expected_headers());
	f->kind = (enum import_kind)k;
	if (map_columns(f, e))
		return -1;
	csv_reader_name_columns(&f->csv);
	return 0;
}

/*
 * The next data row: 1, 0 at the end, -1 on error.  Blank lines are
 * skipped; a row with the wrong number of fields is an error.
 */
int import_next_row(struct import_file *f, struct error *e)
{
	for (;;) {
		int rc = csv_read_row(&f->csv, e);

		if (rc <= 0)
			return rc;
		if (csv_row_blank(&f->csv))
			continue;
		if (f->csv.nr_fields != f->nr_columns) {
			/* Name the first column missing, or the first extra. */
			size_t at = f->csv.nr_fields < f->nr_columns ?
				    f->csv.nr_fields : f->nr_columns;
			char extra[32];

			snprintf(extra, sizeof(extra), "field %zu", at + 1);
			return error_at(e, f->name, f->csv.row_line,
					at < f->csv.nr_names ? f->csv.names[at] : extra,
					"expected %zu fields as in the header, found %zu",
					f->nr_columns, f->csv.nr_fields);
		}
		f->rows++;
		if (f->progress && (f->rows & 0xffff) == 0)
			f->progress(f->progress_ctx, f->name,
				    csv_reader_offset(&f->csv), f->text_size);
		return 1;
	}
}

int import_detect(struct importer *im, const char *path,
		  enum import_kind *kind, struct error *e)
{
	struct import_file f;
	int rc;

	if (import_file_open(&f, path, path, e))
		return -1;
	rc = read_header(im, &f, e);
	*kind = f.kind;
	import_file_close(&f);
	return rc;
}

struct importer *importer_new(struct store *st)
{
	struct importer *im = xcalloc(1, sizeof(*im));

	im->st = st;
	return im;
}

void importer_free(struct importer *im)
{
	if (!im)
		return;
	import_ctf_reader_free(im);
	import_roll_release(&im->roll);
	import_held_reset(&im->held);
	import_quality_reset(&im->quality);
	free(im->plan);
	free(im->only);
	free(im);
}

void importer_limit_schools(struct importer *im, const int32_t *urns, size_t nr)
{
	free(im->only);
	im->only = xmalloc((nr ? nr : 1) * sizeof(*im->only));
	memcpy(im->only, urns, nr * sizeof(*urns));
	im->nr_only = nr;
	im->limited = true;
}

bool import_school_may(const struct importer *im, int32_t urn)
{
	if (!im->limited)
		return true;
	for (size_t i = 0; i < im->nr_only; i++)
		if (im->only[i] == urn)
			return true;
	return false;
}

int import_school_allowed(const struct importer *im, const char *file,
			  long line, const char *field, int32_t urn,
			  struct error *e)
{
	char mine[64] = "";
	size_t len = 0;

	if (import_school_may(im, urn))
		return 0;
	for (size_t i = 0; i < im->nr_only && i < 4 && len < sizeof(mine); i++)
		len += (size_t)snprintf(mine + len, sizeof(mine) - len, "%s%06d",
					i ? ", " : "", im->only[i]);
	return error_at(e, file, line, field, "school %06d is not this "
			"upload's school: a file for school %s may name no other "
			"school", urn, im->nr_only ? mine : "(none)");
}

/* Files of the whole authority, not of a school's: refused when limited. */
static bool kind_is_authority(enum import_kind k)
{
	return k == IMPORT_SCHOOLS || k == IMPORT_GIAS || k == IMPORT_AREAS ||
	       k == IMPORT_DFE;
}

int importer_set_school(struct importer *im, int32_t urn, const char *spec,
			struct error *e)
{
	if (import_roll_load(im, e))
		return -1;
	if (!import_school_id(&im->roll, urn))
		return error_set(e, ERROR_INPUT, "school %06d is not in the store",
				 urn);
	if (import_school_allowed(im, "--school", 0, NULL, urn, e))
		return -1;
	im->school = urn;
	if (!spec)
		return 0;
	if (store_begin(im->st, e))
		return -1;
	if (import_mapping_save(im->st, urn, spec, e)) {
		store_rollback(im->st);
		return -1;
	}
	return store_commit(im->st, e);
}

void importer_plan(struct importer *im, const char *const *paths, size_t nr)
{
	import_ctf_reader_free(im);	/* it reads the old plan */
	free(im->plan);
	im->plan = xmalloc((nr ? nr : 1) * sizeof(*im->plan));
	memcpy(im->plan, paths, nr * sizeof(*im->plan));
	im->nr_plan = nr;
}

void importer_set_progress(struct importer *im, import_progress_fn *fn,
			   void *ctx)
{
	im->progress = fn;
	im->progress_ctx = ctx;
}

int import_file(struct importer *im, const char *path,
		struct import_summary *sum, struct error *e)
{
	return import_file_as(im, path, path, sum, e);
}

int import_file_as(struct importer *im, const char *path, const char *name,
		   struct import_summary *sum, struct error *e)
{
	struct import_file f;
	struct strbuf line = STRBUF_INIT;

	memset(sum, 0, sizeof(*sum));
	im->today = date_today();
	import_held_reset(&im->held);
	import_quality_reset(&im->quality);
	if (import_file_open(&f, path, name, e))
		return -1;
	f.progress = im->progress;
	f.progress_ctx = im->progress_ctx;
	if (read_header(im, &f, e)) {
		import_file_close(&f);
		return -1;
	}
	sum->kind = f.kind;
	if (im->limited && kind_is_authority(f.kind)) {
		error_at(e, name, 1, "header", "a %s file is the authority's, "
			 "not one school's: only an LA officer or lead may import "
			 "it", kinds[f.kind].name);
		import_file_close(&f);
		return -1;
	}
	if (f.encoding == TEXT_CP1252)
		sum->read_as = text_encoding_name(f.encoding);
	/* The CTFs read ahead rely on the schools this import may change. */
	if (f.kind != IMPORT_CTF)
		import_ctf_reader_stop(im);
	if (store_begin(im->st, e)) {
		import_file_close(&f);
		return -1;
	}
	if (store_import_begin(im->st, name, kinds[f.kind].name, &f.import_id,
			       e) ||
	    kinds[f.kind].import(im, &f, sum, e) ||
	    import_quality_flush(im, &f, sum, e))
		goto fail;
	sum->rows = f.rows;
	sum->import_id = f.import_id;
	import_summary_format(sum, &line);
	if (store_import_finish(im->st, f.import_id, line.buf, e) ||
	    store_commit(im->st, e))
		goto fail;
	strbuf_release(&line);
	import_file_close(&f);
	if (f.kind == IMPORT_SCHOOLS || f.kind == IMPORT_GIAS)
		import_roll_release(&im->roll);	/* reload on next use */
	if (im->progress)
		im->progress(im->progress_ctx, name, f.size, f.size);
	return 0;
fail:
	store_rollback(im->st);
	/* What the cache learnt inside the transaction is gone with it. */
	import_roll_release(&im->roll);
	strbuf_release(&line);
	import_file_close(&f);
	return -1;
}

const char *import_kind_name(enum import_kind k)
{
	return (unsigned)k < IMPORT_KIND_COUNT ? kinds[k].name : "?";
}

void import_summary_format(const struct import_summary *s, struct strbuf *out)
{
	switch (s->kind) {
	case IMPORT_MIS:
		strbuf_addf(out, "%ld MIS export rows: marks %ld added, %ld "
			    "changed, %ld unchanged", s->rows, s->marks_added,
			    s->marks_changed, s->marks_unchanged);
		break;
	case IMPORT_REGISTER:
		strbuf_addf(out, "%ld marks: %ld added, %ld changed, %ld unchanged",
			    s->rows, s->marks_added, s->marks_changed,
			    s->marks_unchanged);
		break;
	case IMPORT_PUPILS:
		strbuf_addf(out, "%ld enrolment rows: pupils %ld added, %ld updated, %ld "
			    "unchanged; enrolments %ld added, %ld updated",
			    s->rows, s->added, s->updated, s->unchanged,
			    s->enrolments_added, s->enrolments_updated);
		break;
	case IMPORT_CTF:
		strbuf_addf(out, "%ld CTF pupils: %ld added, %ld updated, %ld "
			    "unchanged; enrolments %ld added, %ld updated; marks "
			    "%ld added, %ld changed, %ld unchanged", s->rows,
			    s->added, s->updated, s->unchanged,
			    s->enrolments_added, s->enrolments_updated,
			    s->marks_added, s->marks_changed, s->marks_unchanged);
		if (s->exclusions_added || s->exclusions_updated ||
		    s->exclusions_unchanged)
			strbuf_addf(out, "; suspensions and exclusions %ld added, "
				    "%ld updated, %ld unchanged",
				    s->exclusions_added, s->exclusions_updated,
				    s->exclusions_unchanged);
		break;
	case IMPORT_EXCLUSIONS:
		strbuf_addf(out, "%ld suspensions and exclusions: %ld added, %ld "
			    "updated, %ld unchanged", s->rows, s->exclusions_added,
			    s->exclusions_updated, s->exclusions_unchanged);
		break;
	case IMPORT_DFE:
		strbuf_addf(out, "%ld DfE table rows: %ld national, regional and "
			    "local-authority rows kept, %ld others skipped",
			    s->rows, s->added, s->unchanged);
		break;
	case IMPORT_GIAS:
		strbuf_addf(out, "%ld GIAS establishments: schools %ld added, %ld "
			    "updated, %ld unchanged; %ld of other authorities, %ld "
			    "not schools and %ld closed before last year (or "
			    "renumbered) skipped", s->rows, s->added, s->updated,
			    s->unchanged, s->skipped, s->skipped_type,
			    s->skipped_closed);
		break;
	case IMPORT_CALENDAR:
		strbuf_addf(out, "%ld calendar events: %ld added, %ld replaced",
			    s->rows, s->added, s->updated);
		break;
	default:
		strbuf_addf(out, "%ld %s: %ld added, %ld updated, %ld unchanged",
			    s->rows, kinds[s->kind].name, s->added, s->updated,
			    s->unchanged);
	}
	if (s->held)
		strbuf_addf(out, "; %ld mark%s of %ld pupil%s not yet on the roll "
			    "held (%ld of them held before)", s->held,
			    s->held == 1 ? "" : "s", s->held_pupils,
			    s->held_pupils == 1 ? "" : "s", s->held_before);
	if (s->held_applied)
		strbuf_addf(out, "; %ld held mark%s of %ld pupil%s applied",
			    s->held_applied, s->held_applied == 1 ? "" : "s",
			    s->held_applied_pupils,
			    s->held_applied_pupils == 1 ? "" : "s");
	if (s->held_kept)
		strbuf_addf(out, "; %ld held mark%s outside the enrolment still held",
			    s->held_kept, s->held_kept == 1 ? "" : "s");
	if (s->quality_notes) {
		static const char *const what[3] = { "totals", "closed days",
						     "Sundays" };

		strbuf_addf(out, "; %ld data-quality note%s (", s->quality_notes,
			    s->quality_notes == 1 ? "" : "s");
		for (size_t i = 0; i < s->nr_quality; i++) {
			const char *sep = "";

			strbuf_addf(out, "%sschool %06d: ", i ? "; " : "",
				    s->quality[i].urn);
			for (int k = 0; k < 3; k++)
				if (s->quality[i].notes[k]) {
					strbuf_addf(out, "%s%ld %s", sep,
						    s->quality[i].notes[k], what[k]);
					sep = ", ";
				}
		}
		if (s->quality_more)
			strbuf_addf(out, "; %ld more in other schools", s->quality_more);
		strbuf_addch(out, ')');
	}
	if (s->read_as)
		strbuf_addf(out, " (read as %s)", s->read_as);
}
