/*
 * /upload: a school's data manager (or the LA) sends a file, the upload
 * service (upload/upload.h) imports it with the checks of `attend
 * import`, and the page says what came in, which marks wait for a pupil
 * record and what the data-quality notes are; a refused file is named
 * with its line and reason, and nothing of it is stored.  The import
 * runs on the server's import queue (web_defer_import), so other users'
 * pages are answered meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/dataquality.h"
#include "upload/upload.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

struct upload_job {
	struct upload u;
	char path[256], name[256];
	struct upload_result res;
	struct error e;
	int rc;
};

static void job_free(void *p)
{
	struct upload_job *j = p;

	if (!j)
		return;
	upload_result_release(&j->res);
	free(j);
}

/* The school's name, or "" (schools: upload_schools()'s list). */
static const char *school_name(const struct school_row *s, size_t nr,
			       int32_t urn)
{
	for (size_t i = 0; i < nr; i++)
		if (s[i].urn == urn)
			return s[i].name;
	return "";
}

static void upload_form(struct request *r, const struct school_row *s,
			size_t nr, int32_t chosen)
{
	struct strbuf *o = &r->out;

	strbuf_addstr(o, "<form class=\"upload\" method=\"post\" action=\"/upload\" "
		      "enctype=\"multipart/form-data\">");
	html_csrf(r);
	strbuf_addstr(o, "<label for=\"upload-school\">School</label><select "
		      "id=\"upload-school\" name=\"school\">");
	if (access_upload(&r->viewer, 0))
		strbuf_addstr(o, "<option value=\"\">Several schools, or the "
			      "authority's own file (LA only)</option>");
	for (size_t i = 0; i < nr; i++) {
		strbuf_addf(o, "<option value=\"%06d\"%s>%06d ", s[i].urn,
			    s[i].urn == chosen ? " selected" : "", s[i].urn);
		html_text(o, s[i].name);
		strbuf_addstr(o, "</option>");
	}
	strbuf_addf(o, "</select><label for=\"upload-file\">File</label>"
		    "<p class=\"muted\" id=\"upload-hint\">A pupils file, a "
		    "register, an export of your MIS's registers (SIMS, Arbor, "
		    "Bromcom, ScholarPack...), a Common Transfer File (CTF, "
		    "XML) or a file of suspensions and exclusions, as CSV or "
		    "XML, up to %lld MiB. attend recognises the kind of file by "
		    "its first line. Send pupils before registers: marks of "
		    "pupils who are not yet on the roll are kept until their "
		    "record arrives.</p><input type=\"file\" id=\"upload-file\" "
		    "name=\"file\" required aria-describedby=\"upload-hint\" "
		    "accept=\".csv,.txt,.xml,text/csv,text/xml,application/xml\">"
		    "<p><button type=\"submit\">Upload and import</button></p>"
		    "</form>", web_upload_limit() >> 20);
}

/* The UPNs of pupils waiting at the school(s) shown, for the log. */
static int held_audit(struct request *r, const struct held_pupil *p, size_t nr)
{
	char detail[1024];
	size_t len;

	if (!nr)
		return 0;
	len = (size_t)snprintf(detail, sizeof(detail), "%zu pupil%s with marks "
			       "held:", nr, nr == 1 ? "" : "s");
	for (size_t i = 0; i < nr && len < sizeof(detail); i++)
		len += (size_t)snprintf(detail + len, sizeof(detail) - len, " %s",
					p[i].upn);
	return web_audit_view(r, "view list", "held marks", detail);
}

/*
 * The pupils whose marks are held at urn (0: every school the viewer
 * may upload for), those of import_id only if it is not 0.
 */
static int held_table(struct request *r, int32_t urn, int64_t import_id,
		      const struct school_row *s, size_t nr_s)
{
	struct strbuf *o = &r->out;
	struct held_mark *m;
	struct held_pupil *p = NULL;
	struct error e = ERROR_INIT;
	size_t nr_m, nr_p = 0, alloc = 0;

	if (held_list_marks(r->st, urn, NULL, &m, &nr_m, &e))
		return web_error(r, 500, "The marks held could not be read."), -1;
	/* one row a pupil (marks come by URN, UPN, date and session) */
	for (size_t i = 0; i < nr_m; i++) {
		struct held_pupil *h;

		if ((import_id && m[i].import_id != import_id) ||
		    !*school_name(s, nr_s, m[i].urn))
			continue;
		if (nr_p && p[nr_p - 1].urn == m[i].urn &&
		    !strcmp(p[nr_p - 1].upn, m[i].upn)) {
			h = &p[nr_p - 1];
			h->marks++;
			h->last = m[i].day;
			continue;
		}
		if (nr_p == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			p = xrealloc(p, alloc * sizeof(*p));
		}
		h = &p[nr_p++];
		memset(h, 0, sizeof(*h));
		h->urn = m[i].urn;
		memcpy(h->upn, m[i].upn, sizeof(h->upn));
		h->marks = 1;
		h->first = h->last = m[i].day;
		snprintf(h->file, sizeof(h->file), "%s", m[i].file);
		h->line = m[i].line;
	}
	free(m);
	if (held_audit(r, p, nr_p)) {
		free(p);
		return -1;
	}
	strbuf_addstr(o, "<h2 id=\"held\">Marks waiting for a pupil record</h2>");
	if (!nr_p) {
		strbuf_addstr(o, "<p>None: every pupil the files named is on the "
			      "roll.</p>");
		free(p);
		return 0;
	}
	strbuf_addstr(o, "<p>These pupils are not yet on the school's roll. "
		      "Their marks are kept, not lost, and are applied when a "
		      "pupils file or CTF brings their record: upload it next.</p>"
		      "<div class=\"wide\"><table><thead><tr><th scope=\"col\">School</th>"
		      "<th scope=\"col\">UPN</th><th scope=\"col\">Marks</th>"
		      "<th scope=\"col\">From</th><th scope=\"col\">To</th>"
		      "<th scope=\"col\">First seen at</th></tr></thead><tbody>");
	for (size_t i = 0; i < nr_p; i++) {
		char a[11], b[11];

		strbuf_addf(o, "<tr><td>%06d</td><td>%s</td><td>%ld</td><td>%s</td>"
			    "<td>%s</td><td>", p[i].urn, p[i].upn, p[i].marks,
			    day_text(p[i].first, a), day_text(p[i].last, b));
		html_text(o, p[i].file);
		strbuf_addf(o, ", line %ld</td></tr>", p[i].line);
	}
	strbuf_addstr(o, "</tbody></table></div>");
	free(p);
	return 0;
}

static const char *const quality_words[QUALITY_KIND_COUNT] = {
	"the file's totals disagree with its marks (imported from the marks)",
	"marks on days the school's calendar has it closed",
	"marks on a Sunday",
};

/* The data-quality notes of import_id (0: every one) at urn. */
static int quality_table(struct request *r, int32_t urn, int64_t import_id,
			 const struct school_row *s, size_t nr_s)
{
	struct strbuf *o = &r->out;
	struct quality_note *n;
	struct error e = ERROR_INIT;
	size_t nr, shown = 0;

	if (quality_list_notes(r->st, urn, &n, &nr, &e))
		return web_error(r, 500, "The data-quality notes could not be "
				 "read."), -1;
	strbuf_addstr(o, "<h2 id=\"quality\">Data-quality notes</h2>");
	for (size_t i = 0; i < nr; i++) {
		char a[11], b[11];

		if ((import_id && n[i].import_id != import_id) ||
		    !*school_name(s, nr_s, n[i].urn))
			continue;
		if (!shown++)
			strbuf_addstr(o, "<p>The marks were imported; these are "
				      "worth checking in your MIS.</p><div class=\"wide\"><table><thead>"
				      "<tr><th scope=\"col\">School</th><th scope="
				      "\"col\">UPN</th><th scope=\"col\">What</th>"
				      "<th scope=\"col\">Days</th><th scope=\"col\">"
				      "Line</th></tr></thead><tbody>");
		strbuf_addf(o, "<tr><td>%06d</td><td>%s</td><td>", n[i].urn,
			    n[i].upn);
		html_text(o, quality_words[n[i].kind]);
		strbuf_addf(o, "</td><td>%s to %s</td><td>%ld</td></tr>",
			    day_text(n[i].first, a), day_text(n[i].last, b),
			    n[i].line);
	}
	free(n);
	strbuf_addstr(o, shown ? "</tbody></table></div>" : "<p>None.</p>");
	return 0;
}

int page_upload(struct request *r)
{
	struct school_row *s;
	struct error e = ERROR_INIT;
	size_t nr;
	int32_t urn;

	if (!access_upload_any(&r->viewer))
		return web_error(r, 403, "Your role does not upload files.");
	if (upload_schools(r->st, &r->viewer, &s, &nr, &e))
		return web_error(r, 500, "The schools could not be read.");
	urn = nr == 1 || !access_upload(&r->viewer, 0) ? (nr ? s[0].urn : 0) : 0;
	layout_start(r, "Upload files");
	strbuf_addstr(&r->out, "<p>Send the files your MIS exports. Each file is "
		      "checked and imported whole, or, if one line is wrong, not "
		      "at all: you are told which line, and why.</p>");
	upload_form(r, s, nr, urn);
	if (!held_table(r, urn, 0, s, nr) && !quality_table(r, urn, 0, s, nr))
		layout_end(r);
	free(s);
	return 0;
}

/* On the import queue, with a store connection of its own. */
static int upload_work(struct request *r)
{
	struct upload_job *j = r->job;

	j->rc = upload_import(r->st, &r->viewer, &j->u, &j->res, &j->e);
	return 0;
}

static void result_json(struct request *r, const struct upload_job *j)
{
	struct strbuf *o = &r->out;
	const struct upload_result *res = &j->res;

	r->content_type = "application/json";
	strbuf_reset(o);
	strbuf_addstr(o, "{\"ok\":true,\"file\":");
	json_str(o, j->u.name);
	strbuf_addf(o, ",\"urn\":%d,\"kind\":", j->u.urn);
	json_str(o, res->kind);
	strbuf_addstr(o, ",\"summary\":");
	json_str(o, res->summary.buf);
	strbuf_addf(o, ",\"import_id\":%lld,\"rows\":%ld,\"pupils_added\":%ld,"
		    "\"pupils_updated\":%ld,\"marks_added\":%ld,\"marks_changed\":"
		    "%ld,\"marks_unchanged\":%ld,\"held\":%ld,\"held_pupils\":%ld,"
		    "\"held_applied\":%ld,\"held_applied_pupils\":%ld,"
		    "\"quality_notes\":%ld,\"seconds\":%.3f}\n",
		    (long long)res->import_id, res->rows, res->pupils_added,
		    res->pupils_updated, res->marks_added, res->marks_changed,
		    res->marks_unchanged, res->held, res->held_pupils,
		    res->held_applied, res->held_applied_pupils,
		    res->quality_notes, res->seconds);
}

static void refused_page(struct request *r, const struct upload_job *j,
			 const struct school_row *s, size_t nr)
{
	struct strbuf *o = &r->out;

	layout_start(r, "The file was not imported");
	r->status = 422;
	strbuf_addstr(o, "<div class=\"error\" role=\"alert\"><p><strong>Nothing "
		      "from ");
	html_text(o, j->u.name);
	strbuf_addstr(o, " was stored.</strong> It was refused at:</p><p><code>");
	html_text(o, j->e.msg);
	strbuf_addstr(o, "</code></p></div><p>The place is the file's name, the "
		      "line number (line 1 is the header) and the column. Correct "
		      "it in your MIS and export the file again, or ask the LA's "
		      "attendance team if the file is right. Then upload the whole "
		      "file again: nothing of it was kept.</p>");
	upload_form(r, s, nr, j->u.urn);
	layout_end(r);
}

static int upload_finish(struct request *r)
{
	struct upload_job *j = r->job;
	struct strbuf *o = &r->out;
	struct school_row *s;
	struct error e = ERROR_INIT;
	size_t nr;

	if (j->rc && j->e.kind == ERROR_USAGE)
		return web_error(r, 403, j->e.msg);
	if (j->rc && j->e.kind != ERROR_INPUT)
		return web_error(r, 500, j->e.msg);
	if (!j->rc)
		web_snapshot(r);	/* the figures rebuilt from the import */
	if (r->format == WEB_JSON && !j->rc) {
		result_json(r, j);
		return 0;
	}
	if (r->format == WEB_JSON)
		return web_error(r, 422, j->e.msg);
	if (upload_schools(r->st, &r->viewer, &s, &nr, &e))
		return web_error(r, 500, "The schools could not be read.");
	if (j->rc) {
		refused_page(r, j, s, nr);
		free(s);
		return 0;
	}
	layout_start(r, "File imported");
	strbuf_addstr(o, "<div class=\"ok\" role=\"status\"><p><strong>");
	html_text(o, j->u.name);
	strbuf_addstr(o, "</strong> was imported");
	if (j->u.urn) {
		strbuf_addf(o, " for %06d ", j->u.urn);
		html_text(o, school_name(s, nr, j->u.urn));
	}
	strbuf_addstr(o, " as a ");
	html_text(o, j->res.kind);
	strbuf_addstr(o, " file.</p><p>");
	html_text(o, j->res.summary.buf);
	strbuf_addf(o, ".</p></div><table class=\"facts\"><tbody>"
		    "<tr><th scope=\"row\">Rows read</th><td>%ld</td></tr>"
		    "<tr><th scope=\"row\">Pupils added, updated</th><td>%ld, %ld</td></tr>"
		    "<tr><th scope=\"row\">Marks added, changed, unchanged</th>"
		    "<td>%ld, %ld, %ld</td></tr>"
		    "<tr><th scope=\"row\">Marks held for pupils not yet on the "
		    "roll</th><td>%ld (pupils: %ld)</td></tr>"
		    "<tr><th scope=\"row\">Held marks now applied</th><td>%ld "
		    "(pupils: %ld)</td></tr>"
		    "<tr><th scope=\"row\">Data-quality notes</th><td>%ld</td></tr>"
		    "</tbody></table>", j->res.rows, j->res.pupils_added,
		    j->res.pupils_updated, j->res.marks_added, j->res.marks_changed,
		    j->res.marks_unchanged, j->res.held, j->res.held_pupils,
		    j->res.held_applied, j->res.held_applied_pupils,
		    j->res.quality_notes);
	/* every pupil still waiting, those held before this file too */
	if (!held_table(r, j->u.urn, 0, s, nr) &&
	    !quality_table(r, j->u.urn, j->res.import_id, s, nr)) {
		strbuf_addstr(o, "<p><a href=\"/upload\">Upload another file</a>");
		if (j->u.urn)
			strbuf_addf(o, " &middot; <a href=\"/schools/%06d\">See the "
				    "school's figures</a>", j->u.urn);
		strbuf_addstr(o, "</p>");
		layout_end(r);
	}
	free(s);
	return 0;
}

/* POST /upload: school (a URN, or empty for the LA), file. */
int page_upload_post(struct request *r)
{
	const char *school = web_form(r, "school");
	struct upload_job *j;
	struct error e = ERROR_INIT;
	int32_t urn = 0;

	if (!access_upload_any(&r->viewer))
		return web_error(r, 403, "Your role does not upload files.");
	if (school && *school && form_urn(r, "school", &urn, &e))
		return web_error(r, 400, e.msg);
	if (!r->upload.path[0])
		return web_error(r, 400, "Choose a file to upload (the form "
				 "must be sent as multipart/form-data).");
	j = xcalloc(1, sizeof(*j));
	snprintf(j->path, sizeof(j->path), "%s", r->upload.path);
	snprintf(j->name, sizeof(j->name), "%s", r->upload.name);
	j->u.urn = urn;
	j->u.path = j->path;
	j->u.name = j->name;
	j->u.size = r->upload.size;
	r->job = j;
	r->job_free = job_free;
	if (web_defer_import(r, upload_work, upload_finish)) {
		r->retry_after = 30;
		return web_error(r, 503, "Other files are being imported; try "
				 "again in a minute.");
	}
	return 0;
}
