#ifndef INGEST_IMPORT_INTERNAL_H
#define INGEST_IMPORT_INTERNAL_H

/* Shared by the importers of each file kind; not for other modules. */

#include <stdbool.h>

#include "ingest/csv.h"
#include "ingest/import.h"

struct column_spec {
	const char *name;
	int required;
};

struct import_file {
	const char *name;
	char *map;
	size_t size;
	struct csv_reader csv;
	enum import_kind kind;
	int column[32];		/* spec column -> field index, or -1 */
	size_t nr_columns;	/* fields per row, from the header */
	long rows;
	import_progress_fn *progress;
	void *progress_ctx;
};

/* Who is on roll where: loaded once per import run, for register files. */
struct roll_entry {
	char upn[14];
	int32_t urn;
	int64_t enrolment_id;
	day_t start, end;	/* DAY_NONE if open */
};

struct roll_cache {
	int loaded;
	struct roll_entry *entries;	/* open addressing, size a power of 2 */
	size_t mask;
	struct {
		int32_t urn;
		int64_t id;
	} *schools;
	size_t nr_schools;
};

struct importer {
	struct store *st;
	struct roll_cache roll;
	import_progress_fn *progress;
	void *progress_ctx;
};

struct csv_field field_trim(struct csv_field f);
/* The trimmed field of the current row for a spec column ("" if absent). */
struct csv_field row_field(const struct import_file *f, int column);
int import_next_row(struct import_file *f, struct error *e);

/* Parse helpers: 0, or -1 with e set to "file:line: field: reason". */
int parse_urn(const struct import_file *f, struct csv_field v, const char *field,
	      int32_t *out, struct error *e);
int parse_date(const struct import_file *f, struct csv_field v, const char *field,
	       day_t *out, struct error *e);
int parse_upn(const struct import_file *f, struct csv_field v, char out[14],
	      struct error *e);

int import_roll_load(struct importer *im, struct error *e);
void import_roll_release(struct roll_cache *roll);
const struct roll_entry *import_roll_find(const struct roll_cache *roll,
					  const char *upn, int32_t urn);
/* The school's id, or 0 if the URN is not known. */
int64_t import_school_id(const struct roll_cache *roll, int32_t urn);

int import_schools(struct importer *im, struct import_file *f,
		   struct import_summary *sum, struct error *e);
int import_areas(struct importer *im, struct import_file *f,
		 struct import_summary *sum, struct error *e);
bool import_header_is_dfe(const struct csv_reader *r);
int import_dfe_columns(struct import_file *f, struct error *e);
int import_dfe(struct importer *im, struct import_file *f,
	       struct import_summary *sum, struct error *e);
int import_calendar(struct importer *im, struct import_file *f,
		    struct import_summary *sum, struct error *e);
int import_pupils(struct importer *im, struct import_file *f,
		  struct import_summary *sum, struct error *e);
int import_register(struct importer *im, struct import_file *f,
		    int64_t import_id, struct import_summary *sum,
		    struct error *e);

#endif
