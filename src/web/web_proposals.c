/*
 * Cases proposed by the system (/proposals): the queue of proposals the
 * viewer may see, the most urgent first, filtered by school, band and
 * ground, a page at a time or as CSV; each with Open a case and Dismiss
 * (with a reason).  POST /proposals/ID/accept and /proposals/ID/dismiss
 * call the casework service, then 303 back, or the page again with 422.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework/casework.h"
#include "util/csv_write.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

struct proposal_filter {
	int32_t urn;		/* 0: every school */
	int band;		/* -1: any */
	int ground;		/* -1: any */
};

static const char *const band_values[] = { "at_risk_pa", "pa", "at_risk_sa", "sa" };
static const enum band band_of_value[] = {
	BAND_AT_RISK_PA, BAND_PA, BAND_AT_RISK_SA, BAND_SA,
};
static const char *const ground_values[] = { "band", "rising", "vulnerable" };
static const char *const ground_labels[] = {
	"Band", "Rising fast", "At risk, vulnerable",
};

/* Reads the filters; a value not understood is a 400 that says so. */
static int filter_read(struct request *r, struct proposal_filter *f)
{
	const char *school = web_query(r, "school"), *band = web_query(r, "band");
	const char *ground = web_query(r, "ground");

	f->urn = 0;
	f->band = f->ground = -1;
	if (school && *school) {
		char *end;
		long urn = strtol(school, &end, 10);

		if (*end || strlen(school) != 6 || urn <= 0)
			return web_error(r, 400, "school: choose a school from the "
					 "list (a 6-digit URN).") - 1;
		f->urn = (int32_t)urn;
	}
	if (band && *band) {
		for (size_t i = 0; i < sizeof(band_values) / sizeof(band_values[0]); i++)
			if (!strcmp(band, band_values[i]))
				f->band = (int)band_of_value[i];
		if (f->band < 0)
			return web_error(r, 400, "band: not a band this list "
					 "knows (at_risk_pa, pa, at_risk_sa, sa).") - 1;
	}
	if (ground && *ground && (f->ground = proposal_ground_parse(ground)) < 0)
		return web_error(r, 400, "ground: not one of band, rising, "
				 "vulnerable.") - 1;
	return 0;
}

static bool filter_keeps(const struct proposal_filter *f,
			 const struct proposal_row *p)
{
	return (!f->urn || p->urn == f->urn) &&
		(f->band < 0 || (int)p->band == f->band) &&
		(f->ground < 0 || p->ground == f->ground);
}

static bool may_decide(const struct viewer *v)
{
	return v->role == ROLE_LA_LEAD || v->role == ROLE_LA_OFFICER ||
		v->role == ROLE_SCHOOL;
}

/* The filter form: select boxes of the schools in the list, bands, grounds. */
static void filter_form(struct request *r, const struct proposal_row *rows,
			size_t nr, const struct proposal_filter *f)
{
	struct strbuf *o = &r->out;
	int32_t *seen = calloc(nr ? nr : 1, sizeof(*seen));
	size_t nseen = 0;

	strbuf_addstr(o, "<form class=\"filters\" method=\"get\" action=\"/proposals\">"
		      "<div><label for=\"f-school\">School</label><select "
		      "id=\"f-school\" name=\"school\"><option value=\"\">Every "
		      "school</option>");
	for (size_t i = 0; seen && i < nr; i++) {
		size_t k;

		for (k = 0; k < nseen && seen[k] != rows[i].urn; k++)
			;
		if (k < nseen)
			continue;
		seen[nseen++] = rows[i].urn;
		strbuf_addf(o, "<option value=\"%06d\"%s>", rows[i].urn,
			    rows[i].urn == f->urn ? " selected" : "");
		html_text(o, rows[i].school);
		strbuf_addstr(o, "</option>");
	}
	free(seen);
	strbuf_addstr(o, "</select></div><div><label for=\"f-band\">Band</label>"
		      "<select id=\"f-band\" name=\"band\"><option value=\"\">Any"
		      "</option>");
	for (size_t i = 0; i < sizeof(band_values) / sizeof(band_values[0]); i++)
		strbuf_addf(o, "<option value=\"%s\"%s>%s</option>", band_values[i],
			    (int)band_of_value[i] == f->band ? " selected" : "",
			    band_label(band_of_value[i]));
	strbuf_addstr(o, "</select></div><div><label for=\"f-ground\">Why "
		      "proposed</label><select id=\"f-ground\" name=\"ground\">"
		      "<option value=\"\">Any</option>");
	for (int g = 0; g < 3; g++)
		strbuf_addf(o, "<option value=\"%s\"%s>%s</option>", ground_values[g],
			    f->ground == g + 1 ? " selected" : "", ground_labels[g]);
	strbuf_addstr(o, "</select></div><button type=\"submit\">Filter</button>"
		      "</form>");
}

/* The query string of the filters, escaped for a link, ending in &amp;. */
static void filter_link(struct request *r, struct strbuf *link)
{
	const char *names[] = { "school", "band", "ground" };

	strbuf_addstr(link, "/proposals?");
	for (size_t i = 0; i < 3; i++) {
		const char *v = web_query(r, names[i]);

		if (!v || !*v)
			continue;
		strbuf_addf(link, "%s=", names[i]);
		html_url_arg(link, v);
		strbuf_addstr(link, "&amp;");
	}
}

static void row_csv(struct strbuf *o, const struct proposal_row *p)
{
	char why[300], pct[24], d[24];

	proposal_describe(p, why, sizeof(why));
	csv_add_field(o, p->upn, strlen(p->upn));
	strbuf_addch(o, ',');
	csv_add_field(o, p->name, strlen(p->name));
	strbuf_addf(o, ",%06d,", p->urn);
	csv_add_field(o, p->school, strlen(p->school));
	date_long(p->proposed, d);
	strbuf_addf(o, ",%s,%s,%s,", d, band_label(p->band),
		    percent_format(p->absent, p->possible, pct));
	csv_add_field(o, why, strlen(why));
	strbuf_addch(o, '\n');
}

static void row_html(struct request *r, const struct proposal_row *p,
		     bool decide)
{
	struct strbuf *o = &r->out;
	char why[300], pct[24], d[24];

	proposal_describe(p, why, sizeof(why));
	date_long(p->proposed, d);
	strbuf_addstr(o, "<tr><td>");
	link_pupil(o, p->upn, p->name);
	strbuf_addstr(o, "</td><td>");
	link_school(o, p->urn, p->school);
	strbuf_addf(o, "</td><td><span class=\"tag band-%s\">", band_name(p->band));
	html_text(o, band_label(p->band));
	strbuf_addf(o, "</span></td><td class=\"n\">%s%%</td><td>",
		    percent_format(p->absent, p->possible, pct));
	html_text(o, why);
	strbuf_addf(o, "</td><td class=\"d\">%s</td><td>", d);
	if (decide) {
		strbuf_addf(o, "<form method=\"post\" action=\"/proposals/%lld/accept\">",
			    (long long)p->id);
		html_csrf(r);
		strbuf_addstr(o, "<button type=\"submit\" aria-label=\"Open a case for ");
		html_attr(o, p->name);
		strbuf_addf(o, "\">Open a case</button></form><details><summary>"
			    "Dismiss</summary><form method=\"post\" "
			    "action=\"/proposals/%lld/dismiss\">", (long long)p->id);
		html_csrf(r);
		strbuf_addf(o, "<label for=\"why%lld\">Why no case is needed</label>"
			    "<input id=\"why%lld\" name=\"reason\" required>"
			    "<button type=\"submit\">Dismiss proposal</button></form>"
			    "</details>", (long long)p->id, (long long)p->id);
	}
	strbuf_addstr(o, "</td></tr>");
}

static int proposals_render(struct request *r, const char *message)
{
	const char *format = web_query(r, "format");
	struct proposal_filter f;
	struct proposal_row *rows = NULL;
	struct strbuf *o = &r->out, link = STRBUF_INIT;
	struct error e = ERROR_INIT;
	size_t nr = 0, shown = 0, first;
	int status = r->status;
	long page;
	bool decide = may_decide(&r->viewer);

	if (!access_named_pupils(&r->viewer))
		return web_error(r, 403, "Governors see school summaries, not "
				 "named pupils.");
	if (page_number(r, &page))
		return web_error(r, 400, "page is a number from 1.");
	if (format && !strcmp(format, "csv"))
		r->format = WEB_CSV;
	else if (format && *format && strcmp(format, "html"))
		return web_error(r, 400, "format is html or csv.");
	if (filter_read(r, &f))
		return 0;
	first = (size_t)(page - 1) * PAGE_ROWS;
	if (proposal_list(r->st, &r->viewer, false, &rows, &nr, &e))
		return web_error(r, 500, "The proposals could not be read.");
	strbuf_reset(o);
	if (nr && web_audit_view(r, "view list", "proposals", "casework")) {
		free(rows);
		return 0;
	}
	if (r->format == WEB_CSV) {
		r->content_type = "text/csv; charset=utf-8";
		snprintf(r->disposition, sizeof(r->disposition),
			 "attachment; filename=\"attend-proposals.csv\"");
		strbuf_addstr(o, "UPN,Name,URN,School,Proposed,Band,Absence %,Why\n");
		for (size_t i = 0; i < nr; i++)
			if (filter_keeps(&f, &rows[i]))
				row_csv(o, &rows[i]);
		free(rows);
		return 0;
	}
	layout_start(r, "Proposed cases");
	r->status = status;
	refusal_banner(r, message);
	if (!message && web_query(r, "saved"))
		strbuf_addstr(o, "<p class=\"saved\" role=\"status\">Saved: the "
			      "proposal is decided, and written to the case "
			      "history.</p>");
	strbuf_addstr(o, "<p class=\"muted\">Pupils the authority's rule picks "
		      "out (docs: the case-proposal rule): severe absence first. "
		      "A case opens only when someone opens it.</p>");
	filter_form(r, rows, nr, &f);
	filter_link(r, &link);
	strbuf_addf(o, "<p><a href=\"%sformat=csv\" download>Download as CSV</a></p>",
		    link.buf);
	strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">Pupil</th>"
		      "<th scope=\"col\">School</th><th scope=\"col\">Band</th>"
		      "<th scope=\"col\" class=\"n\">Absence</th><th scope=\"col\">"
		      "Why proposed</th><th scope=\"col\">Proposed</th>"
		      "<th scope=\"col\">Decide</th></tr></thead><tbody>");
	for (size_t i = 0; i < nr; i++) {
		if (!filter_keeps(&f, &rows[i]))
			continue;
		if (shown >= first && shown < first + PAGE_ROWS)
			row_html(r, &rows[i], decide);
		shown++;
	}
	if (!shown)
		strbuf_addstr(o, "<tr><td colspan=\"7\">No proposals.</td></tr>");
	strbuf_addstr(o, "</tbody></table>");
	if (shown)
		page_pager(r, "proposals", shown, page, link.buf);
	strbuf_release(&link);
	free(rows);
	layout_end(r);
	return 0;
}

int page_proposals(struct request *r)
{
	return proposals_render(r, NULL);
}

/* POST /proposals/ID/accept, /proposals/ID/dismiss */
int page_proposal_post(struct request *r)
{
	struct error e = ERROR_INIT;
	char *end;
	long long id = strtoll(r->arg[0], &end, 10);
	int64_t case_id = 0;
	int rc;

	if (*end || id <= 0)
		return web_error(r, 400, "A proposal is named by its number.");
	if (!strcmp(r->arg[1], "accept"))
		rc = proposal_accept(r->st, &r->viewer, id, web_form(r, "reason"),
				     &case_id, &e);
	else if (!strcmp(r->arg[1], "dismiss"))
		rc = proposal_dismiss(r->st, &r->viewer, id, web_form(r, "reason"),
				      &e);
	else
		return web_error(r, 404, "There is no such page.");
	if (!rc)
		return form_saved(r, "/proposals?saved=1");
	if (form_refusal(r, &e))
		return 0;
	return proposals_render(r, e.msg);
}
