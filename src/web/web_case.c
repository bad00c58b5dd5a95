/*
 * Cases on the graduated response: the viewer's cases (/cases), one
 * pupil's case (/cases/UPN) with its history, barriers, agencies,
 * actions and part-time timetables, and the forms that change it.  Every
 * form calls one casework service function; a refusal draws the page
 * again with the reason (422, or 400 for a form that cannot be read) and
 * nothing saved, a success redirects back to the case (303).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework/casework.h"
#include "core/upn.h"
#include "core/urn.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the pupil of a case page ---------------------------------------------- */

/*
 * Finds the pupil and checks the viewer may see their case: 0, or the
 * error page already written (400 bad UPN, 403 not allowed, 404 none).
 */
static int case_page_load(struct request *r, const char *upn,
			  struct case_page *p)
{
	const struct pupil_record *pu = &p->pupil;
	struct error e = ERROR_INIT;
	const char *why;

	memset(p, 0, sizeof(*p));
	p->upn = upn;
	if (!upn_valid(upn, strlen(upn), &why)) {
		web_error(r, 400, "A pupil is named by a valid UPN.");
		return -1;
	}
	if (!access_named_pupils(&r->viewer)) {
		web_error(r, 403, "Governors see school summaries, not a pupil's "
			  "case.");
		return -1;
	}
	if (pupil_find(r->st, upn, &p->pupil, &e)) {
		if (e.kind != ERROR_INPUT)
			web_error(r, 500, "The store could not be read.");
		else if (access_authority(&r->viewer))
			web_error(r, 404, "There is no pupil with that UPN.");
		else
			web_error(r, 403, "You may not see this pupil.");
		return -1;
	}
	if (!access_pupil(&r->viewer, pu->id, pu->roll, pu->nr_schools,
			  pu->care, date_today())) {
		web_error(r, 403, "You may not see this pupil.");
		return -1;
	}
	p->may_change = access_case_change(&r->viewer, pu->id, pu->roll,
					   pu->nr_schools, pu->care, date_today());
	return 0;
}

/* ---- /cases ----------------------------------------------------------------- */

static const char *const stage_values[STAGE_COUNT] = {
	"expect", "monitor", "listen", "facilitate", "formalise", "enforce"
};
static const char *stage_labels[STAGE_COUNT];

static void stage_labels_init(void)
{
	for (int s = 0; s < STAGE_COUNT; s++)
		stage_labels[s] = stage_label((enum stage)s);
}

static const char *school_name(const struct figures *s, int32_t urn)
{
	long i = s ? figures_school(s, urn) : -1;
	return i < 0 ? "" : s->roll.schools[i].name;
}

int page_cases(struct request *r)
{
	const char *stage_q = web_query(r, "stage"), *school_q = web_query(r, "school");
	const char *all_q = web_query(r, "all");
	bool all = all_q && !strcmp(all_q, "1");
	struct case_row *rows = NULL;
	const struct figures *s;
	struct strbuf *o = &r->out;
	struct error e = ERROR_INIT;
	size_t nr = 0, shown = 0, first, by_stage[STAGE_COUNT] = { 0 };
	int stage = -1;
	int32_t urn = 0;
	long page;

	stage_labels_init();
	if (page_number(r, &page))
		return web_error(r, 400, "page is a number from 1.");
	first = (size_t)(page - 1) * PAGE_ROWS;
	if (!access_named_pupils(&r->viewer))
		return web_error(r, 403, "Governors see school summaries, not "
				 "named pupils' cases.");
	if (stage_q && *stage_q && (stage = stage_parse(stage_q)) < 0)
		return web_error(r, 400, "stage is one of expect, monitor, listen, "
				 "facilitate, formalise, enforce.");
	if (school_q && *school_q && !urn_parse(school_q, strlen(school_q), &urn))
		return web_error(r, 400, "A school is named by its 6-digit URN.");
	if (casework_list(r->st, &r->viewer, all, &rows, &nr, &e))
		return web_error(r, 500, "The cases could not be read.");
	s = web_figures(r);
	if (web_audit_view(r, "view list", "cases", "casework")) {
		free(rows);
		return 0;
	}
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		strbuf_addstr(o, "[");
	} else {
		layout_start(r, "Cases");
		strbuf_addstr(o, "<p class=\"muted\">Pupils on the graduated "
			      "response whose records you may see.</p>"
			      "<form class=\"filters\" method=\"get\" action=\"/cases\">"
			      "<div><label for=\"f-stage\">Stage</label><select "
			      "id=\"f-stage\" name=\"stage\"><option value=\"\">Any"
			      "</option>");
		for (int k = 0; k < STAGE_COUNT; k++)
			strbuf_addf(o, "<option value=\"%s\"%s>%s</option>",
				    stage_values[k], k == stage ? " selected" : "",
				    stage_labels[k]);
		strbuf_addstr(o, "</select></div><div><label for=\"f-school\">School "
			      "(URN)</label><input id=\"f-school\" name=\"school\" "
			      "size=\"8\" value=\"");
		html_attr(o, school_q ? school_q : "");
		strbuf_addf(o, "\"></div><div><input type=\"checkbox\" id=\"f-all\" "
			    "name=\"all\" value=\"1\"%s> <label for=\"f-all\">"
			    "Include closed cases</label></div><button type=\"submit\">"
			    "Filter</button></form>", all ? " checked" : "");
		strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">Pupil</th>"
			      "<th scope=\"col\">School</th><th scope=\"col\">Stage</th>"
			      "<th scope=\"col\">Opened</th><th scope=\"col\">Closed</th>"
			      "<th scope=\"col\" class=\"n\">Open actions</th></tr>"
			      "</thead><tbody>");
	}
	for (size_t i = 0; i < nr; i++) {
		const struct case_row *c = &rows[i];
		char opened[11], closed[11];

		if (urn && c->urn != urn)
			continue;
		by_stage[c->stage]++;
		if (stage >= 0 && (int)c->stage != stage)
			continue;
		/* HTML shows a page at a time; JSON gives them all. */
		if (r->format != WEB_JSON &&
		    (shown < first || shown >= first + PAGE_ROWS)) {
			shown++;
			continue;
		}
		day_text(c->opened, opened);
		day_text(c->closed, closed);
		if (r->format == WEB_JSON) {
			strbuf_addf(o, "%s\n{\"upn\":\"%s\",\"name\":", shown ? "," : "",
				    c->upn);
			json_str(o, c->name);
			strbuf_addf(o, ",\"urn\":%d,\"stage\":\"%s\",\"opened\":\"%s\","
				    "\"closed\":\"%s\",\"open_actions\":%d}", c->urn,
				    stage_name(c->stage), opened, closed, c->open_actions);
		} else {
			strbuf_addf(o, "<tr><td><a href=\"/cases/%s\">",
				    c->upn);
			html_text(o, c->name);
			strbuf_addf(o, "</a> <span class=\"muted\">%s</span></td><td>",
				    c->upn);
			if (c->urn)
				link_school(o, c->urn, school_name(s, c->urn));
			strbuf_addf(o, "</td><td>%s</td><td class=\"d\">%s</td>"
				    "<td class=\"d\">%s</td>"
				    "<td class=\"n\">%d</td></tr>", stage_label(c->stage),
				    opened, closed, c->open_actions);
		}
		shown++;
	}
	free(rows);
	if (r->format == WEB_JSON) {
		strbuf_addstr(o, "\n]\n");
		return 0;
	}
	strbuf_addstr(o, "</tbody></table>");
	{
		struct strbuf link = STRBUF_INIT;

		strbuf_addstr(&link, "/cases?stage=");
		html_url_arg(&link, stage_q ? stage_q : "");
		strbuf_addstr(&link, "&amp;school=");
		html_url_arg(&link, school_q ? school_q : "");
		strbuf_addstr(&link, all ? "&amp;all=1&amp;" : "&amp;");
		page_pager(r, "cases", shown, page, link.buf);
		strbuf_release(&link);
	}
	strbuf_addstr(o, "<p class=\"muted\">By stage");
	if (urn)
		strbuf_addf(o, " at %06d", urn);
	strbuf_addstr(o, ":");
	for (int k = 0; k < STAGE_COUNT; k++)
		strbuf_addf(o, "%s %s %zu", k ? " &middot;" : "", stage_labels[k],
			    by_stage[k]);
	strbuf_addstr(o, ".</p>");
	if (access_casework(&r->viewer)) {
		struct form f = { .r = r, .id = "open", .failed = NULL };
		strbuf_addstr(o, "<h2>Open a case</h2>");
		form_open(&f, NULL, "/cases");
		form_text(&f, "upn", "Pupil's UPN", NULL, true);
		form_select(&f, "stage", "Stage", stage_values, stage_labels,
			    STAGE_COUNT - 1, "monitor");
		form_text(&f, "reason", "Why", NULL, true);
		form_close(&f, "Open case");
	}
	layout_end(r);
	return 0;
}

/* POST /cases: opens a case for the UPN in the form, then shows it. */
int page_cases_post(struct request *r)
{
	const char *upn = web_form(r, "upn");

	if (!upn || !upn_valid(upn, strlen(upn), &(const char *){ NULL }))
		return web_error(r, 400, "Name the pupil by a valid UPN.");
	r->arg[0] = xstrdup(upn);
	r->arg[1] = xstrdup("open");
	r->nr_args = 2;
	return page_case_post(r);
}

/* ---- /cases/UPN --------------------------------------------------------------- */

static void stage_tracker(struct request *r, enum stage now)
{
	struct strbuf *o = &r->out;

	strbuf_addstr(o, "<ol class=\"stages\" aria-label=\"Graduated response\">");
	for (int k = 0; k < STAGE_COUNT; k++) {
		if (k == (int)now)
			strbuf_addf(o, "<li aria-current=\"step\"><span class=\"tag "
				    "band-%s\">%s</span> (current)</li>",
				    k == STAGE_ENFORCE ? "pa" : "expected",
				    stage_label((enum stage)k));
		else
			strbuf_addf(o, "<li>%s</li>", stage_label((enum stage)k));
	}
	strbuf_addstr(o, "</ol>");
}

static void history_table(struct request *r, const struct case_detail *d)
{
	struct strbuf *o = &r->out;

	strbuf_addstr(o, "<h2 id=\"history\">History</h2><table><thead><tr>"
		      "<th scope=\"col\">When (UTC)</th><th scope=\"col\">Who</th>"
		      "<th scope=\"col\">Move</th><th scope=\"col\">Why</th>"
		      "<th scope=\"col\">Support offered</th><th scope=\"col\">"
		      "What happened</th><th scope=\"col\">Support not appropriate"
		      "</th></tr></thead><tbody>");
	for (size_t i = 0; i < d->nr_events; i++) {
		const struct case_event_row *ev = &d->events[i];

		char when[32];

		/* 2025-03-01T12:00:00Z -> 2025-03-01 12:00 (UTC) */
		snprintf(when, sizeof(when), "%.10s %.5s", ev->at,
			 strlen(ev->at) > 11 ? ev->at + 11 : "");
		strbuf_addstr(o, "<tr><td>");
		html_text(o, when);
		strbuf_addstr(o, "</td><td>");
		html_text(o, ev->username);
		strbuf_addstr(o, "</td><td>");
		if (ev->from < 0)
			strbuf_addf(o, "opened at %s", stage_label(ev->to));
		else
			strbuf_addf(o, "%s &rarr; %s", stage_label((enum stage)ev->from),
				    stage_label(ev->to));
		strbuf_addstr(o, "</td><td>");
		html_text(o, ev->reason);
		strbuf_addstr(o, "</td><td>");
		html_text(o, ev->support_offered);
		strbuf_addstr(o, "</td><td>");
		html_text(o, ev->support_outcome);
		strbuf_addstr(o, "</td><td>");
		html_text(o, ev->not_appropriate);
		strbuf_addstr(o, "</td></tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
}

static void barriers_agencies(struct request *r, const struct case_page *p,
			      const struct case_detail *d, const char *failed)
{
	static const char *bv[BARRIER_COUNT], *bl[BARRIER_COUNT];
	static const char *av[AGENCY_COUNT], *al[AGENCY_COUNT];
	struct strbuf *o = &r->out;
	char action[64];

	for (int k = 0; k < BARRIER_COUNT; k++) {
		bv[k] = barrier_name((enum barrier)k);
		bl[k] = barrier_label((enum barrier)k);
	}
	for (int k = 0; k < AGENCY_COUNT; k++) {
		av[k] = agency_name((enum agency)k);
		al[k] = agency_label((enum agency)k);
	}
	strbuf_addstr(o, "<h2 id=\"barriers\">Barriers and agencies</h2><p><b>"
		      "Barriers:</b> ");
	for (size_t i = 0; i < d->nr_barriers; i++)
		strbuf_addf(o, "%s%s", i ? ", " : "", barrier_label(d->barriers[i]));
	strbuf_addstr(o, d->nr_barriers ? "" : "none recorded");
	strbuf_addstr(o, "</p><p><b>Agencies involved:</b> ");
	for (size_t i = 0; i < d->nr_agencies; i++)
		strbuf_addf(o, "%s%s", i ? ", " : "", agency_label(d->agencies[i]));
	strbuf_addstr(o, d->nr_agencies ? "" : "none recorded");
	strbuf_addstr(o, "</p>");
	if (!p->may_change || !p->open)
		return;
	{
		struct form f = { .r = r, .id = "barrier", .failed = failed };
		snprintf(action, sizeof(action), "/cases/%s/barrier", p->upn);
		form_open(&f, "Record a barrier", action);
		form_select(&f, "barrier", "Barrier", bv, bl, BARRIER_COUNT, NULL);
		form_text(&f, "detail", "What is known", NULL, false);
		form_close(&f, "Record barrier");
		strbuf_addstr(o, "</details>");
	}
	{
		struct form f = { .r = r, .id = "agency", .failed = failed };
		snprintf(action, sizeof(action), "/cases/%s/agency", p->upn);
		form_open(&f, "Record an agency involved", action);
		form_select(&f, "agency", "Agency", av, al, AGENCY_COUNT, NULL);
		form_text(&f, "detail", "Detail", NULL, false);
		form_close(&f, "Record agency");
		strbuf_addstr(o, "</details>");
	}
}

static void actions_section(struct request *r, const struct case_page *p,
			    const struct case_detail *d, const char *failed)
{
	struct strbuf *o = &r->out;
	char action[64], due[11], done[11];

	strbuf_addstr(o, "<h2 id=\"actions\">Actions</h2><table><thead><tr>"
		      "<th scope=\"col\">Action</th><th scope=\"col\">Owner</th>"
		      "<th scope=\"col\">Due</th><th scope=\"col\">Done</th>"
		      "<th scope=\"col\">Outcome</th></tr></thead><tbody>");
	for (size_t i = 0; i < d->nr_actions; i++) {
		const struct case_action_row *a = &d->actions[i];

		strbuf_addstr(o, "<tr><td>");
		html_text(o, a->what);
		strbuf_addstr(o, "</td><td>");
		html_text(o, a->owner);
		strbuf_addf(o, "</td><td>%s</td><td>%s</td><td>",
			    day_text(a->due, due), day_text(a->done, done));
		html_text(o, a->outcome);
		if (a->done == DAY_NONE && p->may_change && p->open) {
			struct form f = { .r = r, .id = NULL, .failed = failed };

			snprintf(action, sizeof(action), "/cases/%s/done", p->upn);
			form_open_row(&f, "done", a->id, "action", "Mark done",
				      action);
			form_text(&f, "outcome", "Outcome", NULL, true);
			form_date(&f, "on", "Done on", date_today(), true);
			form_close(&f, "Mark done");
			strbuf_addstr(o, "</details>");
		}
		strbuf_addstr(o, "</td></tr>");
	}
	if (!d->nr_actions)
		strbuf_addstr(o, "<tr><td colspan=\"5\">No actions yet.</td></tr>");
	strbuf_addstr(o, "</tbody></table>");
	if (p->may_change && p->open) {
		struct form f = { .r = r, .id = "action", .failed = failed };
		snprintf(action, sizeof(action), "/cases/%s/action", p->upn);
		form_open(&f, "Add an action", action);
		form_text(&f, "what", "What is to be done", NULL, true);
		form_text(&f, "owner", "Who owns it", NULL, true);
		form_date(&f, "due", "Due by", DAY_NONE, true);
		form_close(&f, "Add action");
		strbuf_addstr(o, "</details>");
	}
}

static void timetables_section(struct request *r, const struct case_page *p,
			       const char *failed)
{
	struct part_time_row *rows = NULL;
	struct strbuf *o = &r->out;
	struct error e = ERROR_INIT;
	size_t nr = 0, shown = 0;
	char action[64], a[11], b[11], c[11], d[11];

	if (part_time_list(r->st, &r->viewer, &rows, &nr, &e))
		return;
	strbuf_addstr(o, "<h2 id=\"timetables\">Part-time timetables</h2><table>"
		      "<thead><tr><th scope=\"col\">School</th><th scope=\"col\">"
		      "From</th><th scope=\"col\">To</th><th scope=\"col\">Review"
		      "</th><th scope=\"col\" class=\"n\">Hours a week</th>"
		      "<th scope=\"col\">Reason</th><th scope=\"col\">Status</th>"
		      "</tr></thead><tbody>");
	for (size_t i = 0; i < nr; i++) {
		const struct part_time_row *t = &rows[i];

		if (strcmp(t->upn, p->upn))
			continue;
		strbuf_addf(o, "<tr><td>%06d</td><td>%s</td><td>%s</td><td>%s</td>"
			    "<td class=\"n\">%d.%d</td><td>", t->urn,
			    day_text(t->start, a), day_text(t->end, b),
			    day_text(t->review, c), t->hours_tenths / 10,
			    t->hours_tenths % 10);
		html_text(o, t->reason);
		strbuf_addstr(o, "</td><td>");
		if (t->ended != DAY_NONE)
			strbuf_addf(o, "ended %s", day_text(t->ended, d));
		else if (t->review_overdue)
			strbuf_addstr(o, "<strong>review overdue</strong>");
		else if (t->over_length)
			strbuf_addstr(o, "<strong>running past its end date</strong>");
		else if (t->reviewed != DAY_NONE)
			strbuf_addf(o, "reviewed %s", day_text(t->reviewed, d));
		else
			strbuf_addstr(o, "running");
		if (t->ended == DAY_NONE && p->may_change) {
			struct form f = { .r = r, .id = NULL, .failed = failed };

			snprintf(action, sizeof(action), "/cases/%s/review", p->upn);
			form_open_row(&f, "review", t->id, "timetable",
				      "Record a review", action);
			form_date(&f, "on", "Reviewed on", date_today(), true);
			form_check(&f, "ended", "The plan has ended");
			form_close(&f, "Record review");
			strbuf_addstr(o, "</details>");
		}
		strbuf_addstr(o, "</td></tr>");
		shown++;
	}
	free(rows);
	if (!shown)
		strbuf_addstr(o, "<tr><td colspan=\"7\">No part-time timetable."
			      "</td></tr>");
	strbuf_addstr(o, "</tbody></table>");
	if (p->may_change && p->pupil.nr_schools) {
		const char *values[PUPIL_MAX_SCHOOLS], *labels[PUPIL_MAX_SCHOOLS];
		char urns[PUPIL_MAX_SCHOOLS][8];
		struct form f = { .r = r, .id = "timetable", .failed = failed };

		for (size_t i = 0; i < p->pupil.nr_schools; i++) {
			const struct pupil_enrolment *en = &p->pupil.enrolments[i];

			snprintf(urns[i], sizeof(urns[i]), "%06d", en->urn);
			values[i] = urns[i];
			labels[i] = en->name;
		}
		snprintf(action, sizeof(action), "/cases/%s/timetable", p->upn);
		form_open(&f, "Agree a part-time timetable", action);
		form_select(&f, "urn", "School", values, labels,
			    p->pupil.nr_schools, NULL);
		form_date(&f, "start", "Starts", DAY_NONE, true);
		form_date(&f, "end", "Ends", DAY_NONE, true);
		form_date(&f, "review", "Review on", DAY_NONE, true);
		form_text(&f, "hours", "Hours a week", NULL, true);
		form_text(&f, "reason", "Reason", NULL, true);
		form_check(&f, "agreed", "Parents agreed the plan");
		form_close(&f, "Add timetable");
		strbuf_addstr(o, "</details>");
	}
}

static void case_json(struct request *r, const struct case_page *p,
		      const struct case_detail *d)
{
	struct strbuf *o = &r->out;
	char a[11], b[11];

	r->content_type = "application/json";
	strbuf_addf(o, "{\"upn\":\"%s\",\"name\":", p->upn);
	json_str(o, p->pupil.name);
	if (!p->has_case) {
		strbuf_addstr(o, ",\"case\":null");
	} else {
		strbuf_addf(o, ",\"case\":{\"id\":%lld,\"stage\":\"%s\",\"opened\":"
			    "\"%s\",\"closed\":\"%s\",\"history\":[",
			    (long long)d->c.id, stage_name(d->c.stage),
			    day_text(d->c.opened, a), day_text(d->c.closed, b));
		for (size_t i = 0; i < d->nr_events; i++) {
			const struct case_event_row *ev = &d->events[i];
			strbuf_addf(o, "%s{\"at\":\"%s\",\"user\":", i ? "," : "", ev->at);
			json_str(o, ev->username);
			strbuf_addf(o, ",\"from\":%s%s%s,\"to\":\"%s\",\"reason\":",
				    ev->from < 0 ? "" : "\"", ev->from < 0 ? "null" :
				    stage_name((enum stage)ev->from), ev->from < 0 ?
				    "" : "\"", stage_name(ev->to));
			json_str(o, ev->reason);
			strbuf_addstr(o, ",\"support_offered\":");
			json_str(o, ev->support_offered);
			strbuf_addstr(o, ",\"support_outcome\":");
			json_str(o, ev->support_outcome);
			strbuf_addstr(o, ",\"not_appropriate\":");
			json_str(o, ev->not_appropriate);
			strbuf_addch(o, '}');
		}
		strbuf_addstr(o, "],\"barriers\":[");
		for (size_t i = 0; i < d->nr_barriers; i++)
			strbuf_addf(o, "%s\"%s\"", i ? "," : "",
				    barrier_name(d->barriers[i]));
		strbuf_addstr(o, "],\"agencies\":[");
		for (size_t i = 0; i < d->nr_agencies; i++)
			strbuf_addf(o, "%s\"%s\"", i ? "," : "",
				    agency_name(d->agencies[i]));
		strbuf_addstr(o, "],\"actions\":[");
		for (size_t i = 0; i < d->nr_actions; i++) {
			const struct case_action_row *x = &d->actions[i];
			strbuf_addf(o, "%s{\"id\":%lld,\"what\":", i ? "," : "",
				    (long long)x->id);
			json_str(o, x->what);
			strbuf_addstr(o, ",\"owner\":");
			json_str(o, x->owner);
			strbuf_addf(o, ",\"due\":\"%s\",\"done\":\"%s\",\"outcome\":",
				    day_text(x->due, a), day_text(x->done, b));
			json_str(o, x->outcome);
			strbuf_addch(o, '}');
		}
		strbuf_addstr(o, "]}");
	}
	case_enforcement_json(r, p);
	strbuf_addstr(o, "}\n");
}

/* Draws the case page; failed/message: the form refused, and why. */
static int case_render(struct request *r, struct case_page *p,
		       const char *failed, const char *message)
{
	struct case_detail d;
	struct error e = ERROR_INIT;
	struct strbuf *o = &r->out;
	char title[200], action[64], a[11], object[32];
	int status = r->status;

	stage_labels_init();
	if (casework_read(r->st, &r->viewer, p->upn, &d, &e)) {
		if (e.kind != ERROR_INPUT)
			return web_error(r, 500, "The case could not be read.");
		memset(&d, 0, sizeof(d));
	} else {
		p->has_case = true;
		p->open = d.c.closed == DAY_NONE;
	}
	/* The view of a named pupil is logged, with a case or without. */
	snprintf(object, sizeof(object), "pupil %s", p->upn);
	if (web_audit_view(r, "view", object, "case")) {
		case_detail_release(&d);
		return 0;
	}
	strbuf_reset(o);
	if (r->format == WEB_JSON) {
		case_json(r, p, &d);
		case_detail_release(&d);
		return 0;
	}
	snprintf(title, sizeof(title), "Case: %s", p->pupil.name);
	layout_start(r, title);
	r->status = status;
	refusal_banner(r, message);
	strbuf_addf(o, "<p class=\"muted\">UPN %s &middot; ", p->upn);
	for (size_t i = 0; i < p->pupil.nr_schools; i++) {
		const struct pupil_enrolment *en = &p->pupil.enrolments[i];

		strbuf_addstr(o, i ? ", " : "");
		if (access_school_summary(&r->viewer, en->school_id))
			link_school(o, en->urn, en->name);
		else
			html_text(o, en->name);
	}
	strbuf_addf(o, " &middot; social care %s &middot; <a href=\"/pupils/%s\">"
		    "attendance record</a></p>", p->pupil.care == CARE_NONE ||
		    p->pupil.care == CARE_UNKNOWN ? "none" :
		    social_care_code(p->pupil.care), p->upn);
	if (!p->has_case) {
		strbuf_addstr(o, "<p>This pupil has no case.</p>");
	} else {
		strbuf_addf(o, "<h2 id=\"stage\">Stage</h2><p>Opened %s",
			    day_text(d.c.opened, a));
		if (!p->open)
			strbuf_addf(o, "; <strong>closed %s</strong>",
				    day_text(d.c.closed, a));
		strbuf_addstr(o, ".</p>");
		stage_tracker(r, d.c.stage);
	}
	if (p->may_change && (!p->has_case || !p->open)) {
		struct form f = { .r = r, .id = "open", .failed = failed };
		snprintf(action, sizeof(action), "/cases/%s/open", p->upn);
		strbuf_addstr(o, "<h2>Open a case</h2>");
		form_open(&f, NULL, action);
		form_select(&f, "stage", "Stage", stage_values, stage_labels,
			    STAGE_COUNT - 1, "monitor");
		form_text(&f, "reason", "Why", NULL, true);
		form_close(&f, "Open case");
	}
	if (p->has_case && p->may_change && p->open) {
		struct form f = { .r = r, .id = "move", .failed = failed };
		snprintf(action, sizeof(action), "/cases/%s/move", p->upn);
		form_open(&f, "Move the case to another stage", action);
		form_select(&f, "to", "To stage", stage_values, stage_labels,
			    STAGE_COUNT, stage_values[d.c.stage < STAGE_ENFORCE ?
						      d.c.stage + 1 : d.c.stage]);
		form_text(&f, "reason", "Why", NULL, true);
		form_text(&f, "support_offered", "Formal support offered "
			  "(contract, ESO)", NULL, false);
		form_text(&f, "support_outcome", "What happened", NULL, false);
		form_text(&f, "not_appropriate", "Or why support was not "
			  "appropriate", NULL, false);
		form_close(&f, "Move case");
		strbuf_addstr(o, "<p class=\"muted\">Support comes before "
			      "enforcement: a move to Enforce needs formal support "
			      "offered and what happened, or why it was not "
			      "appropriate.</p></details>");
		f.id = "close";
		snprintf(action, sizeof(action), "/cases/%s/close", p->upn);
		form_open(&f, "Close the case", action);
		form_text(&f, "reason", "Why", NULL, true);
		form_close(&f, "Close case");
		strbuf_addstr(o, "</details>");
	}
	if (p->has_case) {
		history_table(r, &d);
		barriers_agencies(r, p, &d, failed);
		actions_section(r, p, &d, failed);
		case_enforcement_html(r, p, failed);
	}
	timetables_section(r, p, failed);
	case_detail_release(&d);
	layout_end(r);
	return 0;
}

int page_case(struct request *r)
{
	struct case_page p;

	if (case_page_load(r, r->arg[0], &p))
		return 0;
	return case_render(r, &p, NULL, NULL);
}

/* ---- the forms ------------------------------------------------------------------ */

typedef int case_post_fn(struct request *r, const struct case_page *p,
			 struct error *e);

static int post_open(struct request *r, const struct case_page *p,
		     struct error *e)
{
	const char *stage = web_form(r, "stage");
	int s = stage ? stage_parse(stage) : STAGE_MONITOR;
	int64_t id;

	if (s < 0)
		return error_set(e, ERROR_USAGE, "stage: '%s' is not a stage", stage);
	return casework_open(r->st, &r->viewer, p->upn, (enum stage)s,
			     web_form(r, "reason"), &id, e);
}

static int post_move(struct request *r, const struct case_page *p,
		     struct error *e)
{
	struct case_move_spec m = { 0 };
	int s;

	if (form_choice(r, "to", stage_parse, "a stage", &s, e))
		return -1;
	m.to = (enum stage)s;
	m.reason = web_form(r, "reason");
	m.support_offered = web_form(r, "support_offered");
	m.support_outcome = web_form(r, "support_outcome");
	m.not_appropriate = web_form(r, "not_appropriate");
	return casework_move(r->st, &r->viewer, p->upn, &m, e);
}

static int post_close(struct request *r, const struct case_page *p,
		      struct error *e)
{
	return casework_close(r->st, &r->viewer, p->upn, web_form(r, "reason"), e);
}

static int post_barrier(struct request *r, const struct case_page *p,
			struct error *e)
{
	int v;

	if (form_choice(r, "barrier", barrier_parse, "a barrier", &v, e))
		return -1;
	return casework_add_barrier(r->st, &r->viewer, p->upn, (enum barrier)v,
				    web_form(r, "detail"), e);
}

static int post_agency(struct request *r, const struct case_page *p,
		       struct error *e)
{
	int v;

	if (form_choice(r, "agency", agency_parse, "an agency", &v, e))
		return -1;
	return casework_add_agency(r->st, &r->viewer, p->upn, (enum agency)v,
				   web_form(r, "detail"), e);
}

static int post_action(struct request *r, const struct case_page *p,
		       struct error *e)
{
	day_t due;
	int64_t id;

	if (form_day(r, "due", DAY_NONE, &due, e))
		return -1;
	return casework_add_action(r->st, &r->viewer, p->upn, web_form(r, "what"),
				   web_form(r, "owner"), due, &id, e);
}

static int post_done(struct request *r, const struct case_page *p,
		     struct error *e)
{
	struct case_detail d;
	int64_t id;
	day_t on;
	bool found = false;

	if (form_id(r, "action", &id, e) ||
	    form_day(r, "on", date_today(), &on, e))
		return -1;
	/* The action must be on this pupil's case, not any the viewer may change. */
	if (casework_show(r->st, &r->viewer, p->upn, &d, e))
		return -1;
	for (size_t i = 0; i < d.nr_actions; i++)
		found |= d.actions[i].id == id;
	case_detail_release(&d);
	if (!found)
		return error_set(e, ERROR_INPUT, "action %lld is not on this "
				 "pupil's case", (long long)id);
	return casework_action_done(r->st, &r->viewer, id, on,
				    web_form(r, "outcome"), e);
}

static int post_timetable(struct request *r, const struct case_page *p,
			  struct error *e)
{
	const char *hours = web_form(r, "hours");
	struct part_time pt = { 0 };
	int64_t id;
	int32_t urn;

	if (form_urn(r, "urn", &urn, e))
		return -1;
	if (form_day(r, "start", DAY_NONE, &pt.start, e) ||
	    form_day(r, "end", DAY_NONE, &pt.end, e) ||
	    form_day(r, "review", DAY_NONE, &pt.review, e))
		return -1;
	if (!hours || hours_parse(hours, &pt.hours_tenths))
		return error_set(e, ERROR_USAGE, "hours: '%s' is not hours a week "
				 "(such as 12 or 12.5)", hours ? hours : "");
	pt.reason = web_form(r, "reason");
	pt.parent_agreed = web_form(r, "agreed") != NULL;
	return part_time_add(r->st, &r->viewer, p->upn, urn, &pt, &id, e);
}

static int post_review(struct request *r, const struct case_page *p,
		       struct error *e)
{
	struct part_time_row *rows;
	size_t nr;
	int64_t id;
	day_t on;
	bool found = false;

	if (form_id(r, "timetable", &id, e) ||
	    form_day(r, "on", date_today(), &on, e) ||
	    part_time_list(r->st, &r->viewer, &rows, &nr, e))
		return -1;
	for (size_t i = 0; i < nr; i++)
		found |= rows[i].id == id && !strcmp(rows[i].upn, p->upn);
	free(rows);
	if (!found)
		return error_set(e, ERROR_INPUT, "timetable %lld is not this "
				 "pupil's", (long long)id);
	return part_time_reviewed(r->st, &r->viewer, id, on,
				  web_form(r, "ended") != NULL, e);
}

static const struct {
	const char *name;
	case_post_fn *fn;
	const char *anchor;
} case_posts[] = {
	{ "open", post_open, "stage" },
	{ "move", post_move, "history" },
	{ "close", post_close, "stage" },
	{ "barrier", post_barrier, "barriers" },
	{ "agency", post_agency, "barriers" },
	{ "action", post_action, "actions" },
	{ "done", post_done, "actions" },
	{ "timetable", post_timetable, "timetables" },
	{ "review", post_review, "timetables" },
};

/* POST /cases/UPN/ACTION */
int page_case_post(struct request *r)
{
	const char *what = r->arg[1], *anchor = NULL;
	struct case_page p;
	struct error e = ERROR_INIT;
	char to[96], form_name[40];
	bool known = false;
	int rc = -1;

	if (case_page_load(r, r->arg[0], &p))
		return 0;
	if (!p.may_change)
		return web_error(r, 403, "Casework is changed by LA officers and "
				 "the pupil's school.");
	for (size_t i = 0; i < COUNT(case_posts); i++)
		if (!strcmp(what, case_posts[i].name)) {
			known = true;
			anchor = case_posts[i].anchor;
			rc = case_posts[i].fn(r, &p, &e);
		}
	if (!known) {
		rc = case_enforcement_post(r, &p, what, &known, &e);
		anchor = !strcmp(what, "legal") ? "legal-decisions" :
			 !strcmp(what, "parent") || !strcmp(what, "link") ?
			 "parents" : "notices";
	}
	if (!known)
		return web_error(r, 404, "There is no such change to a case.");
	if (!rc) {
		snprintf(to, sizeof(to), "/cases/%s#%s", p.upn, anchor);
		return form_saved(r, to);
	}
	if (form_refusal(r, &e))
		return 0;
	/* The refused form: the "form" field names it (done12, outcome3 ...). */
	snprintf(form_name, sizeof(form_name), "%s",
		 web_form(r, "form") ? web_form(r, "form") : what);
	return case_render(r, &p, form_name, e.msg);
}
