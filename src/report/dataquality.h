#ifndef REPORT_DATAQUALITY_H
#define REPORT_DATAQUALITY_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/error.h"

/*
 * What the imports left for a person to look at (docs/imports.md): the
 * marks waiting for a pupil record, and the notes on the quality of the
 * data taken.  Read-only; for the CLI (attend held, attend quality) and
 * the web pages alike.  Each list is one allocation the caller frees;
 * urn 0 asks for every school (the authority's view), else for one.
 * Access (who may see which school) is the caller's, as for every page.
 */

/* ---- marks waiting for a pupil record ---------------------------------- */

/* A pupil not yet on a school's roll whose marks are held. */
struct held_pupil {
	int32_t urn;
	char upn[14];
	long marks;
	day_t first, last;	/* the days of their first and last mark held */
	char file[256];		/* where the first mark held came from */
	long line;
	char held_at[STORE_TIME_SIZE];	/* when it was held (UTC) */
};

/* By URN, then UPN. */
int held_list_pupils(struct store *st, int32_t urn, struct held_pupil **out,
		     size_t *nr, struct error *e);

/* One mark held. */
struct held_mark {
	int32_t urn;
	char upn[14];
	day_t day;
	enum session session;
	char code[4];
	char file[256];
	long line;
	int64_t import_id;
	char held_at[STORE_TIME_SIZE];
};

/* The marks held at school urn (0: every school), for pupil upn (NULL:
 * every pupil): by URN, UPN, date and session. */
int held_list_marks(struct store *st, int32_t urn, const char *upn,
		    struct held_mark **out, size_t *nr, struct error *e);

/* ---- notes on the data's quality ----------------------------------------- */

enum quality_kind {
	QUALITY_TOTALS,		/* a CTF year's totals disagree with its marks */
	QUALITY_CLOSED_DAY,	/* marks on days the school's calendar has shut */
	QUALITY_SUNDAY,		/* marks on Sundays */
	QUALITY_KIND_COUNT
};
/* "totals", "closed_day", "sunday"; parse returns -1 if none. */
const char *quality_kind_name(enum quality_kind k);
int quality_kind_parse(const char *s);

/* The four totals of a CTF year, -1 where not given. */
struct quality_totals {
	long possible, attended, authorised, unauthorised;
};

struct quality_note {
	enum quality_kind kind;
	int32_t urn;
	char upn[14];
	int year;		/* academic year */
	day_t first, last;	/* the days concerned */
	long marks;		/* closed_day, sunday: how many marks */
	struct quality_totals given, computed;	/* totals: the file's, the marks' */
	char file[256];
	long line;
	int64_t import_id;
	char noted_at[STORE_TIME_SIZE];
};

/* By URN, UPN, year, kind and first day. */
int quality_list_notes(struct store *st, int32_t urn, struct quality_note **out,
		       size_t *nr, struct error *e);

/* Per school: how many notes of each kind. */
struct quality_school {
	int32_t urn;
	long notes[QUALITY_KIND_COUNT];
	long held_marks, held_pupils;	/* marks waiting for a pupil record */
};

/* Every school with a note or held marks (urn 0), or the one; by URN. */
int quality_list_schools(struct store *st, int32_t urn,
			 struct quality_school **out, size_t *nr,
			 struct error *e);

#endif
