/*
 * Uploads through the web application (upload.h): who may upload for
 * which school, the importer limited to it, and the audit log entry.
 */
#include "upload/upload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "ingest/import.h"

int upload_schools(struct store *st, const struct viewer *v,
		   struct school_row **out, size_t *nr, struct error *e)
{
	size_t kept = 0;

	if (report_school_list(st, out, nr, e))
		return -1;
	for (size_t i = 0; i < *nr; i++)
		if (access_upload(v, (*out)[i].id))
			(*out)[kept++] = (*out)[i];
	*nr = kept;
	return 0;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The school of urn that v may upload for: 0, or -1 with e set. */
static int upload_allowed(struct store *st, const struct viewer *v,
			  int32_t urn, struct error *e)
{
	struct school_row *s;
	size_t nr;
	int ok = 0;

	if (!urn)
		return access_upload(v, 0) ? 0 : error_set(e, ERROR_USAGE,
			"Only the LA uploads files that are not one school's; "
			"choose your school.");
	if (upload_schools(st, v, &s, &nr, e))
		return -1;
	for (size_t i = 0; i < nr && !ok; i++)
		ok = s[i].urn == urn;
	free(s);
	if (!ok)
		return error_set(e, ERROR_USAGE, "You may not upload files for "
				 "school %06d.", urn);
	return 0;
}

static void result_fill(struct upload_result *res,
			const struct import_summary *sum)
{
	snprintf(res->kind, sizeof(res->kind), "%s", import_kind_name(sum->kind));
	import_summary_format(sum, &res->summary);
	res->import_id = sum->import_id;
	res->rows = sum->rows;
	res->marks_added = sum->marks_added;
	res->marks_changed = sum->marks_changed;
	res->marks_unchanged = sum->marks_unchanged;
	if (sum->kind == IMPORT_PUPILS || sum->kind == IMPORT_CTF) {
		res->pupils_added = sum->added;
		res->pupils_updated = sum->updated;
	}
	res->held = sum->held;
	res->held_pupils = sum->held_pupils;
	res->held_applied = sum->held_applied;
	res->held_applied_pupils = sum->held_applied_pupils;
	res->quality_notes = sum->quality_notes;
}

int upload_import(struct store *st, const struct viewer *v,
		  const struct upload *u, struct upload_result *res,
		  struct error *e)
{
	struct importer *im;
	struct import_summary sum;
	struct error audit_e = ERROR_INIT;
	char object[32], detail[1400];
	double t0 = seconds_now();
	int rc;

	memset(res, 0, sizeof(*res));
	strbuf_init(&res->summary, 0);
	if (u->urn)
		snprintf(object, sizeof(object), "school %06d", u->urn);
	else
		snprintf(object, sizeof(object), "authority");
	if (upload_allowed(st, v, u->urn, e)) {
		snprintf(detail, sizeof(detail), "%.255s (%lld bytes): not "
			 "allowed: %.900s", u->name, u->size, e->msg);
		audit_add(st, v, "upload refused", object, detail, &audit_e);
		return -1;
	}
	im = importer_new(st);
	if (u->urn) {
		importer_limit_schools(im, &u->urn, 1);
		rc = importer_set_school(im, u->urn, NULL, e);
	} else {
		rc = 0;
	}
	if (!rc)
		rc = import_file_as(im, u->path, u->name, &sum, e);
	importer_free(im);
	res->seconds = seconds_now() - t0;
	if (rc) {
		snprintf(detail, sizeof(detail), "%.255s (%lld bytes): refused, "
			 "nothing stored: %.900s", u->name, u->size, e->msg);
		audit_add(st, v, "upload refused", object, detail, &audit_e);
		return -1;
	}
	result_fill(res, &sum);
	snprintf(detail, sizeof(detail), "%.255s (%lld bytes), %s: %.900s",
		 u->name, u->size, res->kind, res->summary.buf);
	if (audit_add(st, v, "upload", object, detail, &audit_e))
		return error_set(e, ERROR_INTERNAL, "%s was imported, but the "
				 "audit log could not be written: %s", u->name,
				 audit_e.msg);
	return 0;
}

void upload_result_release(struct upload_result *res)
{
	strbuf_release(&res->summary);
}
