#ifndef INGEST_IMPORT_CTF_H
#define INGEST_IMPORT_CTF_H

/*
 * The two halves of the CTF importer, not for other modules:
 * import_ctf.c reads (expat, the checks, the mark strings decoded) on a
 * reader thread; import_ctf_store.c writes what it read into the store
 * on the caller's thread.
 */
#include <pthread.h>

#include "ingest/import_internal.h"

#define CTF_VALUE_MAX 63	/* names, dates, codes */
#define CTF_YEARS_MAX 16	/* YearData with marks, per pupil */
#define CTF_EXCLUSIONS_MAX 8	/* Exclusion elements, per pupil */

struct ctf_value {
	char s[CTF_VALUE_MAX + 1];
	long line;
	int given;
};

/* One YearData's marks, by session slot of its academic year. */
struct ctf_marks {
	int year;
	int first, count;	/* the slots the mark string gives */
	int given, last;	/* marks among them (not '-'), the last's slot */
	long line;
	/* the year's totals, and what its marks make, if they disagree */
	int totals_off;
	long totals_line;
	long given_totals[4], computed_totals[4];	/* -1: not given */
	char path[128];
	mark_t mark[YEAR_SLOTS_MAX];	/* MARK_MISSING: none given */
};

struct ctf_pupil {
	long line;
	struct ctf_value upn, former_upn, surname, forename, dob, sex, year_group,
		in_care, postcode;
	struct ctf_value fsm_start, fsm_end;	/* the FSMinstance being read */
	struct ctf_value sen_start, sen_provision;	/* the SEN being read */
	struct ctf_value ex_start, ex_end, ex_category, ex_reason,
		ex_sessions;	/* the Exclusion being read */
	size_t nr_exclusions;
	struct exclusion_row exclusions[CTF_EXCLUSIONS_MAX];
	int fsm;		/* -1 not stated, else FLAG_NO / FLAG_YES */
	int sen;		/* -1 not stated, else enum sen */
	day_t sen_from;
	int cla;
	size_t nr_years;
};

/*
 * The parse and the store run on two threads.  A reader thread parses
 * and checks each CTF (expat, the checks, decoding the mark strings)
 * and runs on through the CTFs planned to come next (importer_plan);
 * the caller's thread, the only one that touches the store, writes the
 * pupils read and commits each file.  So one file's parse overlaps the
 * writing and the commit of the file before, and each file is still
 * its own transaction, committed in order.  They meet in a ring of
 * CTF_RING jobs (a pupil, or the end of a file with the parse's
 * verdict), so memory stays bounded whatever the files' size.  The
 * parse needs nothing from the store but its schools, which the reader
 * is given a copy of when it starts: CTF imports do not change schools,
 * and an import of another kind stops the reader.
 */
#define CTF_RING 256

enum job_kind {
	JOB_PUPIL,
	JOB_END,		/* the file is read: rc and e say how */
	JOB_STOPPED,		/* the reader stopped before this file */
};

struct ctf_job {
	enum job_kind kind;
	size_t file;		/* index in the reader's list */
	size_t offset;		/* bytes of the file parsed, for progress */
	int32_t school_urn;
	int rc;			/* JOB_END: 0, or -1 with e set */
	struct error e;
	struct ctf_pupil pupil;
	struct ctf_marks years[CTF_YEARS_MAX];
};

struct ctf_school {
	int64_t id;
	int32_t urn, laestab;
};

struct ctf_reader {
	pthread_t thread;
	int running;		/* started and not yet joined */
	pthread_mutex_t lock;
	pthread_cond_t ready, space;
	int store_waits, reader_waits;
	int cancel;		/* the store wants no more */
	struct ctf_job *ring;
	size_t head, tail;	/* jobs given, jobs taken (ever) */

	const char *const *paths;	/* the files to read, in order */
	size_t nr;
	size_t at;		/* the file the store takes next */
	const char *one[1];	/* paths when reading one unplanned file */
	const char *one_name;	/* its name in messages (import_file_as) */
	const struct importer *im;	/* its limits (importer_limit_schools) */
	size_t plan_next;	/* the plan's file after the last one taken */

	struct ctf_school *schools;
	size_t nr_schools;
	int checkpoint_set;	/* wal_autocheckpoint raised for the run */
};

/*
 * Starts the reader at path: where the plan has it next, reading on
 * through the plan; else on path alone, named name in its messages.
 */
int ctf_reader_start(struct importer *im, const char *path, const char *name,
		     struct error *e);
/* The store's next job, waiting for it if need be. */
struct ctf_job *ctf_ring_take(struct ctf_reader *r);
/* The store is done with the job ctf_ring_take() gave it. */
void ctf_ring_done(struct ctf_reader *r);

#endif
