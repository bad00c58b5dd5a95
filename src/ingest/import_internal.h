#ifndef INGEST_IMPORT_INTERNAL_H
#define INGEST_IMPORT_INTERNAL_H

/* Shared by the importers of each file kind; not for other modules. */

#include <stdbool.h>

#include "core/upn.h"
#include "ingest/csv.h"
#include "ingest/import.h"
#include "util/utf8.h"

struct column_spec {
	const char *name;
	int required;
};

struct import_file {
	const char *path;	/* where it is read from */
	const char *name;	/* what messages and records call it */
	char *map;
	size_t size;
	/*
	 * The text the CSV reader reads: the mapped bytes if they are ASCII
	 * or UTF-8, else their conversion to UTF-8 (in decoded).
	 */
	const char *text;
	size_t text_size;
	enum text_encoding encoding;
	struct strbuf decoded;
	struct csv_reader csv;
	enum import_kind kind;
	int64_t import_id;	/* the store's record of this import */
	int column[32];		/* spec column -> field index, or -1 */
	size_t nr_columns;	/* fields per row, from the header */
	long rows;
	import_progress_fn *progress;
	void *progress_ctx;
	enum { MIS_LONG, MIS_PER_SESSION, MIS_WIDE } mis_layout;
};

/* Who is on roll where: loaded once per import run, for register files. */
struct roll_entry {
	char upn[14];
	int32_t urn;
	int64_t enrolment_id;
	day_t start, end;	/* DAY_NONE if open */
};

/* FNV-1a over the 13 characters of a UPN. */
static inline uint64_t upn_hash(const char *upn)
{
	uint64_t h = 1469598103934665603ULL;

	for (int i = 0; i < UPN_LEN; i++)
		h = (h ^ (unsigned char)upn[i]) * 1099511628211ULL;
	return h ^ (h >> 31);
}

/* Whether day lies within the enrolment (open ends are unbounded). */
static inline bool enrolment_covers(const struct roll_entry *en, day_t day)
{
	return (en->start == DAY_NONE || day >= en->start) &&
	       (en->end == DAY_NONE || day <= en->end);
}

/* The enrolment's dates as YYYY-MM-DD, "..." for an open end. */
void enrolment_dates(const struct roll_entry *en, char from[11], char to[11]);

struct roll_cache {
	int loaded;
	struct roll_entry *entries;	/* open addressing, size a power of 2 */
	size_t mask, nr;
	struct {
		int32_t urn;
		int64_t id;
	} *schools;
	size_t nr_schools;
};

struct ctf_reader;

/*
 * Marks of pupils not yet on a school's roll, as one file holds them
 * (import_held.c): whether the store holds any (asked once per file), and
 * the pupils this file has held marks for, to count them.
 */
struct held_state {
	int asked, any;		/* held_mark has rows (once asked) */
	uint64_t *pupils;	/* open addressing, hashes of (UPN, URN); 0: free */
	size_t mask, nr;
};

/* Data-quality notes as one file gathers them (import_quality.c). */
struct quality_note_acc;
struct school_calendar;
struct quality_state {
	struct quality_note_acc *notes;
	size_t nr, alloc;
	size_t *slot, mask;	/* open addressing over notes; SIZE_MAX: free */
	struct school_calendar **calendars, *last;
	size_t nr_calendars;
};

struct importer {
	struct store *st;
	struct roll_cache roll;
	import_progress_fn *progress;
	void *progress_ctx;
	int32_t school;		/* --school: MIS exports without a URN column */
	/* importer_limit_schools(): the only schools files may name */
	int32_t *only;
	size_t nr_only;
	bool limited;
	day_t today;		/* date_today() when the file's import began */
	const char **plan;	/* importer_plan()'s files, in order */
	size_t nr_plan;
	struct ctf_reader *ctf_reader;	/* import_ctf.c's, while CTFs come */
	struct held_state held;	/* reset for each file */
	struct quality_state quality;	/* likewise */
};

/*
 * Maps the file at path for reading (and its CSV reader), calling it
 * name in messages: 0, or -1 with e set.
 */
int import_file_open(struct import_file *f, const char *path, const char *name,
		     struct error *e);
void import_file_close(struct import_file *f);

struct csv_field field_trim(struct csv_field f);
/* Whether f is name, ignoring case (f is compared as it is, untrimmed). */
bool field_is(struct csv_field f, const char *name);
/* The header field (trimmed) named name in any case, or -1. */
int header_find(const struct csv_reader *r, const char *name);
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
/* A date as MIS exports write them: YYYY-MM-DD, DD/MM/YYYY or D/M/YYYY;
 * 0, or -1 if it is none of them. */
int import_date_any(const char *s, size_t len, day_t *out);
/* Text a person reads (a name, a label): utf8_name_check() passes it. */
int parse_name(const struct import_file *f, struct csv_field v, const char *field,
	       struct error *e);

int import_roll_load(struct importer *im, struct error *e);
void import_roll_release(struct roll_cache *roll);
/* Adds or updates one enrolment in a loaded cache. */
void import_roll_put(struct roll_cache *roll, const struct roll_entry *en);
const struct roll_entry *import_roll_find(const struct roll_cache *roll,
					  const char *upn, int32_t urn);
/* The school's id, or 0 if the URN is not known. */
int64_t import_school_id(const struct roll_cache *roll, int32_t urn);
/*
 * The school's id; 0 if the URN is not known, with e set to "file:line:
 * field: school URN is not known; import it in a schools file first".
 */
int64_t import_school_find(const struct importer *im, const char *file,
			   long line, const char *field, int32_t urn,
			   struct error *e);
/*
 * Whether a file may name school urn (importer_limit_schools()): 0, or
 * -1 with e set to "file:line: field: school URN is not ...".
 */
bool import_school_may(const struct importer *im, int32_t urn);
int import_school_allowed(const struct importer *im, const char *file,
			  long line, const char *field, int32_t urn,
			  struct error *e);
/*
 * The pupil's enrolment at the school, for a row of a register file; NULL
 * with e set, naming the row: the school is not known (field urn) or the
 * pupil is not on its roll (field upn).
 */
const struct roll_entry *import_enrolment_find(const struct importer *im,
					       const struct import_file *f,
					       const char *upn, int32_t urn,
					       struct error *e);

/*
 * Marks as one import changes them, one enrolment-year blob at a time,
 * loaded from the store on first use (import_mark.c).  Shared by the
 * register, MIS and CTF importers so that all count, replace and record
 * changes alike.
 */
struct year_marks;
struct marks_table {
	struct year_marks **slot;	/* open addressing */
	size_t mask, nr;
	struct year_marks **all;	/* in order of first use */
	struct year_marks *last;	/* the blob used last */
	int latest_year, latest_slot;	/* the latest session given a mark */
};
#define MARKS_TABLE_INIT { NULL, 0, 0, NULL, NULL, 0, -1 }

/*
 * Where a mark was given, for the words of its refusal (import_mark.c):
 *
 *   FILE:LINE: FIELD: 'CODE' for DATE AM|PM[ (session N of the string)]: why
 *
 * FIELD is date_field when the date is refused (outside the years attend
 * holds, or the enrolment), code_field when the code is.
 */
struct mark_source {
	const char *file;
	long line;
	const char *date_field, *code_field;
	int nth;		/* the session's place in a CTF mark string, or 0 */
};

#define IMPORT_YEARS_HELD "the academic years attend holds (2000/01 to 2098/99)"
/* Whether day lies in an academic year attend holds. */
bool import_day_held(day_t day);

/*
 * The one check of a mark, for every importer: the session (day, s) lies
 * in an academic year attend holds; code[0..len) is a code in force on
 * the day, set in *m (code NULL: *m is decoded already, and only named);
 * the day lies within the enrolment en (NULL: not known here, checked
 * later).  0, or -1 with e worded as above (a withdrawn code names its
 * 2024 equivalent).
 */
int import_mark_check(const struct mark_source *at, const struct roll_entry *en,
		      day_t day, enum session s, const char *code, size_t len,
		      mark_t *m, struct error *e);
/*
 * No register holds marks for days to come: the refusal of a mark
 * (code[0..len), or m if code is NULL) dated after `until`, today or
 * (made) the day the file was made.  Every importer tests day > until
 * before import_mark_check().
 */
int import_mark_future(const struct mark_source *at, day_t until, int made,
		       day_t day, enum session s, const char *code, size_t len,
		       mark_t m, struct error *e);
/* The refusal of m for a session this file gave the mark earlier. */
int import_mark_twice(const struct mark_source *at, day_t day, enum session s,
		      mark_t m, mark_t earlier, struct error *e);

/*
 * Gives the session (academic year, slot: see core/date.h) of an
 * enrolment the mark m: counts it in sum as added, changed or unchanged
 * and appends a change to the history.  Returns 0; -1 on a storage
 * error, or (nothing changed) if this file gave the session a different
 * mark earlier: import_mark_twice() at `at`.
 */
int import_mark_apply(struct importer *im, struct marks_table *t,
		      int64_t import_id, int64_t enrolment_id, int year,
		      int slot, mark_t m, const struct mark_source *at,
		      struct import_summary *sum, struct error *e);
/* Saves the changed blobs and forgets them all (memory back to nothing). */
int import_marks_flush(struct importer *im, struct marks_table *t,
		       struct error *e);
/* Flushes, records the latest mark in the store's meta, and releases. */
int import_marks_finish(struct importer *im, struct marks_table *t,
			struct error *e);
void import_marks_release(struct marks_table *t);

/*
 * The enrolment of pupil upn at school urn, for a row of a file: 0 with
 * *en the enrolment, or NULL if the pupil is not on the school's roll
 * (yet); -1 with e set if the school is not known (field urn).
 */
int import_enrolment_lookup(const struct importer *im, const struct import_file *f,
			    const char *upn, int32_t urn,
			    const struct roll_entry **en, struct error *e);

/*
 * Holds the mark m (checked: import_mark_check() with no enrolment) that
 * a file at `at` gives pupil upn, not yet on the roll of school urn, for
 * session (day, s), until the import that brings the pupil's record
 * applies it.  A mark held already is not held twice; a different one
 * held by an earlier file is replaced; one held by this file is refused
 * (import_mark_twice()).  Counts it in sum.
 */
int import_hold(struct importer *im, const struct import_file *f,
		const struct mark_source *at, const char *upn, int32_t urn,
		day_t day, enum session s, mark_t m, struct import_summary *sum,
		struct error *e);
/*
 * Applies the marks held for the pupil of enrolment en, just saved by an
 * import of their record: those within the enrolment become its marks
 * (as a register file's would, in this import's transaction) and leave
 * the holding area; those outside it stay held.  *applied is how many
 * were applied.
 */
int import_held_apply(struct importer *im, const struct import_file *f,
		      const struct roll_entry *en, struct import_summary *sum,
		      long *applied, struct error *e);
/* Whether the store holds any marks for pupils not yet on a roll. */
bool import_held_any(struct importer *im);
void import_held_reset(struct held_state *h);

/*
 * Data quality recorded, not fatal (import_quality.c).  A mark other than
 * '#' on a Sunday or a day the school's calendar has it closed is noted
 * (import_quality_mark for one mark, import_quality_year for a CTF
 * year's); so is a CTF year whose totals disagree with its marks (given
 * and computed: possible, attended, authorised, unauthorised; -1 where not
 * given).  import_quality_flush() writes the file's notes and counts them
 * per school in sum.
 */
void import_quality_mark(struct importer *im, int32_t urn, const char *upn,
			 day_t day, enum session s, mark_t m, long line);
void import_quality_year(struct importer *im, int32_t urn, const char *upn,
			 int year, const mark_t *mark, int first, int count,
			 long line);
void import_quality_totals(struct importer *im, int32_t urn, const char *upn,
			   int year, day_t first, day_t last, long line,
			   const long given[4], const long computed[4]);
int import_quality_flush(struct importer *im, const struct import_file *f,
			 struct import_summary *sum, struct error *e);
void import_quality_reset(struct quality_state *q);

/*
 * One pupil and one enrolment of theirs, as the pupils importer saves
 * them: text[c] is the normalised value of column c, or NULL to keep
 * what is stored.  field[c] names column c in error messages.
 */
enum {
	PU_UPN, PU_URN,
	/* the pupil's own, in the order of the pupil table */
	PU_SURNAME, PU_FORENAME, PU_DOB, PU_SEX, PU_FSM, PU_SEN,
	PU_SOCIAL_CARE, PU_EARLY_HELP, PU_YOUTH_JUSTICE, PU_EAL, PU_POSTCODE,
	/* the enrolment's */
	PU_YEAR_GROUP, PU_START, PU_END, PU_COLUMNS
};

struct pupil_row {
	char upn[14];
	int32_t urn;
	long line;
	long first;		/* index of this UPN's first row, or -1 */
	char *text[PU_COLUMNS];	/* normalised values; NULL: column absent */
	const char *const *field;
};

/* Inserts or updates the pupil; sets *pupil_id. */
int import_pupil_save(struct importer *im, const struct import_file *f,
		      const struct pupil_row *row, int64_t *pupil_id,
		      struct import_summary *sum, struct error *e);
/*
 * Inserts or updates the pupil's enrolment at row->urn; if saved is not
 * NULL, fills it with the enrolment as stored afterwards.
 */
int import_enrolment_save(struct importer *im, const struct import_file *f,
			  const struct pupil_row *row, int64_t pupil_id,
			  struct import_summary *sum, struct roll_entry *saved,
			  struct error *e);

/* A school's type (school.type): GIAS's, or a schools file's type column. */
enum school_type {
	SCHOOL_TYPE_UNKNOWN, SCHOOL_ACADEMY, SCHOOL_MAINTAINED, SCHOOL_FREE,
	SCHOOL_SPECIAL, SCHOOL_PRU_AP, SCHOOL_INDEPENDENT, SCHOOL_TYPE_COUNT
};
/* "", "academy", "maintained", "free_school", "special", "pru_ap",
 * "independent"; parse (any case) returns -1 if none. */
const char *school_type_name(enum school_type t);
int school_type_parse(const char *s, size_t n);

int import_schools(struct importer *im, struct import_file *f,
		   struct import_summary *sum, struct error *e);
/* The DfE's GIAS establishment extract: import_gias.c. */
bool import_header_is_gias(const struct csv_reader *r);
void import_gias_columns(struct import_file *f);
int import_gias(struct importer *im, struct import_file *f,
		struct import_summary *sum, struct error *e);
int import_areas(struct importer *im, struct import_file *f,
		 struct import_summary *sum, struct error *e);
bool import_header_is_dfe(const struct csv_reader *r);
void import_dfe_columns(struct import_file *f);
int import_dfe(struct importer *im, struct import_file *f,
	       struct import_summary *sum, struct error *e);
int import_calendar(struct importer *im, struct import_file *f,
		    struct import_summary *sum, struct error *e);
int import_pupils(struct importer *im, struct import_file *f,
		  struct import_summary *sum, struct error *e);
int import_register(struct importer *im, struct import_file *f,
		    struct import_summary *sum, struct error *e);
/* MIS register exports, long or wide: import_mis.c. */
bool import_header_is_mis(struct importer *im, struct import_file *f);
int import_mis(struct importer *im, struct import_file *f,
	       struct import_summary *sum, struct error *e);
int import_mapping_save(struct store *st, int32_t urn, const char *spec,
			struct error *e);

/*
 * Suspensions and exclusions (import_exclusions.c; ingest/exclusions.h
 * reads them): one, as a file gives it, saved for the pupil at the school
 * (added, updated or unchanged in sum), keyed by pupil, school, start and
 * category.
 */
struct exclusion_row {
	int category;		/* enum exclusion_category */
	day_t start, end;	/* end DAY_NONE if not given */
	int sessions;		/* -1 if not given */
	char reason[64];
};
int import_exclusion_save(struct importer *im, int64_t pupil_id,
			  int64_t school_id, const struct exclusion_row *x,
			  int64_t import_id, struct import_summary *sum,
			  struct error *e);
int import_exclusions(struct importer *im, struct import_file *f,
		      struct import_summary *sum, struct error *e);

/* A Common Transfer File (XML), parsed as it streams: import_ctf.c. */
bool import_is_ctf(const char *p, size_t n);
int import_ctf(struct importer *im, struct import_file *f,
	       struct import_summary *sum, struct error *e);
/* Stops reading CTFs ahead (before an import that may change the store's
 * schools, or a new plan). */
void import_ctf_reader_stop(struct importer *im);
/* Stops, checkpoints what the run wrote, and frees the reader. */
void import_ctf_reader_free(struct importer *im);

#endif
