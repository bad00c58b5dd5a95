#ifndef INGEST_IMPORT_H
#define INGEST_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/error.h"
#include "util/strbuf.h"

/*
 * `attend import`: CSV files recognised by their header row, and Common
 * Transfer Files (XML, recognised by a first character '<').
 *
 *   schools   urn,laestab,name,phase[,type]
 *   gias      the DfE's Get Information about Schools establishment
 *             extract (URN, LA (code), EstablishmentNumber, ... by name),
 *             the authority's schools (the la_code setting)
 *   areas     postcode_district,area,imd_decile
 *   dfe       a DfE published absence table: time_period,
 *             geographic_level, ..., sess_overall_percent, ... by name
 *   calendar  urn,from,to,kind[,label]       (urn empty: every school)
 *   pupils    upn,urn,surname,forename,dob[,sex,year_group,fsm,sen,
 *             social_care,early_help,youth_justice,eal,postcode,
 *             start_date,end_date]           (one row per enrolment)
 *   ctf       a DfE Common Transfer File: its pupils, their enrolment
 *             at the source school and their attendance marks
 *   exclusions  upn,urn,start[,end,category,reason,sessions]
 *             suspensions and exclusions (category FIXD, PERM, LUNC or
 *             their words; dates YYYY-MM-DD or DD/MM/YYYY)
 *   register  upn,urn,date,session,code
 *
 * Each file is one transaction: imported whole, or (on the first bad row)
 * not at all, with the error naming file, line, field and reason.
 * Importing the same file again changes nothing.  A register mark that
 * differs from the stored one replaces it and the change is appended to
 * the mark history with the import that made it.
 */
enum import_kind {
	IMPORT_SCHOOLS,
	IMPORT_GIAS,		/* the DfE's register of schools */
	IMPORT_AREAS,
	IMPORT_DFE,
	IMPORT_CALENDAR,
	IMPORT_PUPILS,
	IMPORT_CTF,
	IMPORT_EXCLUSIONS,	/* suspensions and exclusions */
	IMPORT_REGISTER,
	IMPORT_MIS,		/* an MIS register export, long or wide */
	IMPORT_KIND_COUNT
};

struct import_summary {
	enum import_kind kind;
	long rows;
	long added, updated, unchanged;	/* schools, areas, pupils, events */
	long skipped;		/* GIAS: rows of other authorities */
	long skipped_type;	/* GIAS: establishments that are not schools */
	long skipped_closed;	/* GIAS: closed before last year, or renumbered */
	long enrolments_added, enrolments_updated;
	long marks_added, marks_changed, marks_unchanged;
	long exclusions_added, exclusions_updated, exclusions_unchanged;
	/* marks of pupils not yet on the roll: held, and held before */
	long held, held_before, held_pupils;
	/* held marks applied by this file's pupils, and those left held */
	long held_applied, held_applied_pupils, held_kept;
	/*
	 * Data-quality notes (docs/imports.md), per school: CTF years whose
	 * totals disagree with their marks, pupils' marks on days their
	 * school was closed, and on Sundays.  Schools beyond the first
	 * IMPORT_SUMMARY_SCHOOLS are counted in quality_more.
	 */
	long quality_notes;
#define IMPORT_SUMMARY_SCHOOLS 8
	struct import_quality_count {
		int32_t urn;
		long notes[3];	/* totals, closed days, Sundays */
	} quality[IMPORT_SUMMARY_SCHOOLS];
	size_t nr_quality;
	long quality_more;
	const char *read_as;	/* "Windows-1252" if converted to UTF-8 */
	int64_t import_id;	/* the store's record of the import */
};

struct importer;

typedef void import_progress_fn(void *ctx, const char *file, size_t done,
				size_t total);

struct importer *importer_new(struct store *st);
void importer_free(struct importer *im);
void importer_set_progress(struct importer *im, import_progress_fn *fn,
			   void *ctx);

/* Reads the header of a file: its kind, or -1 with e set. */
int import_detect(struct importer *im, const char *path,
		  enum import_kind *kind, struct error *e);
/*
 * The school that MIS exports without a URN column belong to, and
 * (with spec "upn=COLUMN,date=COLUMN,am=COLUMN,pm=COLUMN,urn=COLUMN",
 * any of them) the column names its MIS uses, saved for its later files.
 */
int importer_set_school(struct importer *im, int32_t urn, const char *spec,
			struct error *e);
/*
 * The files import_file() will be given next, in this order (paths must
 * stay valid while the importer lives).  Optional: CTFs among them are
 * then parsed and checked on a second thread while the caller's thread
 * stores and commits the file before.  A file given out of plan is
 * imported as well, only not read ahead.
 */
void importer_plan(struct importer *im, const char *const *paths, size_t nr);
/* Imports one file in one transaction. */
int import_file(struct importer *im, const char *path,
		struct import_summary *sum, struct error *e);
/*
 * Likewise, reading path but naming the file name in its messages and
 * records (an upload's own name, not the temporary file it was saved
 * in).  The importer must not have a plan.
 */
int import_file_as(struct importer *im, const char *path, const char *name,
		   struct import_summary *sum, struct error *e);
/*
 * Limits the files this importer takes to those of schools urns[0..nr)
 * (an upload by a school): a row, CTF or --school naming another
 * school is refused, and with it the whole file, with "file:line:
 * field: school URN is not this upload's school"; so are the files of
 * the whole authority (schools, GIAS, areas, DfE tables) and calendar
 * rows for every school (an empty urn).
 */
void importer_limit_schools(struct importer *im, const int32_t *urns, size_t nr);
/* "schools", "GIAS", "pupils", "register", "MIS register", ... */
const char *import_kind_name(enum import_kind k);
/* One line for people: "120 schools: 118 added, 2 updated, 0 unchanged". */
void import_summary_format(const struct import_summary *s, struct strbuf *out);

#endif
