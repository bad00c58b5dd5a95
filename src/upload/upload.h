#ifndef UPLOAD_UPLOAD_H
#define UPLOAD_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/access.h"
#include "report/report.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strbuf.h"

/*
 * Uploads: a file a person sends through the web application (pupils,
 * a register, an MIS export, a CTF, suspensions and exclusions; the LA
 * also the authority's own files), imported by the importer `attend
 * import` uses, with the same checks, in one transaction.
 *
 * The service between the web pages and ingest/: it checks who may
 * upload for which school (core/access.c), limits a school's file to
 * that school (any row, CTF or --school naming another refuses the
 * whole file with its file, line and reason), imports it under the
 * name the person gave it, and writes the audit log entry (who, which
 * school, the file's name and size, what it brought or why it was
 * refused).  It knows nothing of HTTP: web/web_upload.c is its shell.
 */

/* The schools v may upload for (the LA: every one), by URN. */
int upload_schools(struct store *st, const struct viewer *v,
		   struct school_row **out, size_t *nr, struct error *e);

struct upload {
	int32_t urn;		/* the school the file is for; 0: the LA's own */
	const char *path;	/* where it was received (a temporary file) */
	const char *name;	/* its name, as the person gave it */
	long long size;		/* bytes */
};

struct upload_result {
	char kind[32];		/* "register", "pupils", "ctf", ... */
	struct strbuf summary;	/* import_summary_format()'s line */
	int64_t import_id;	/* the import's record, for what it held */
	long rows;
	long marks_added, marks_changed, marks_unchanged;
	long pupils_added, pupils_updated;
	long held, held_pupils, held_applied, held_applied_pupils;
	long quality_notes;
	double seconds;		/* the import's */
};

/*
 * Imports the upload u by v: 0, with res filled; or -1 with e set and
 * nothing stored: ERROR_USAGE when v may not upload for that school (the
 * caller answers 403), ERROR_INPUT for a file refused (e->msg names the
 * file by u->name, its line, field and why), ERROR_INTERNAL otherwise.
 * Either way the upload is in the audit log; an import whose audit entry
 * cannot be written is still stored, and reported as ERROR_INTERNAL.
 */
int upload_import(struct store *st, const struct viewer *v,
		  const struct upload *u, struct upload_result *res,
		  struct error *e);
void upload_result_release(struct upload_result *res);

#endif
