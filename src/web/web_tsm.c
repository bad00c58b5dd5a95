/*
 * Targeting Support Meetings: the meetings of this academic year per
 * school with the authority's count of schools that accepted and held
 * one (/tsm), the forms that move a meeting through its states and
 * record its actions, and the pack for a school's meeting drawn from
 * live data (/tsm/URN/pack), which `attend tsm pack` prints to PDF too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework/casework.h"
#include "casework/web_reads.h"
#include "web/html.h"
#include "web/pages.h"

static bool tsm_viewer(const struct viewer *v)
{
	return access_authority(v) || v->role == ROLE_SCHOOL ||
	       v->role == ROLE_GOVERNOR;
}

static int year_of_request(struct request *r, int *year)
{
	const char *q = web_query(r, "year");
	char *end;
	long y;

	*year = academic_year_of(date_today());
	if (!q || !*q)
		return 0;
	y = strtol(q, &end, 10);
	if (*end || y < 2000 || y > 2100)
		return -1;
	*year = (int)y;
	return 0;
}

/* ---- /tsm ------------------------------------------------------------------- */

struct school_count {
	int offered, accepted, declined, held;
	char officer[64];
};

static void meeting_forms(struct request *r, const struct tsm_row *m,
			  const char *failed)
{
	static const char *const answers[] = { "accept", "decline" };
	static const char *const answer_labels[] = { "Accepted", "Declined" };
	static const char *const helds[] = { "held", "not_held" };
	static const char *const held_labels[] = { "Held", "Not held" };
	char id[32], action[64];
	struct case_form f = { r, id, failed };
	bool la = access_authority(&r->viewer);

	if (m->status == TSM_OFFERED && (la || r->viewer.role == ROLE_SCHOOL)) {
		snprintf(id, sizeof(id), "respond%lld", (long long)m->id);
		snprintf(action, sizeof(action), "/tsm/%lld/respond", (long long)m->id);
		form_open(&f, "Record the school's answer", action);
		form_select(&f, "answer", "The school", answers, answer_labels, 2,
			    "accept");
		form_date(&f, "on", "On", date_today(), true);
		form_close(&f, "Record answer");
		strbuf_addstr(&r->out, "</details>");
	} else if (m->status == TSM_ACCEPTED && la) {
		snprintf(id, sizeof(id), "hold%lld", (long long)m->id);
		snprintf(action, sizeof(action), "/tsm/%lld/hold", (long long)m->id);
		form_open(&f, "Record the meeting", action);
		form_select(&f, "held", "The meeting was", helds, held_labels, 2,
			    "held");
		form_date(&f, "on", "On", date_today(), true);
		form_text(&f, "notes", "Priorities and notes", NULL, false);
		form_close(&f, "Record meeting");
		strbuf_addstr(&r->out, "</details>");
	} else if (m->status == TSM_HELD && la) {
		snprintf(id, sizeof(id), "action%lld", (long long)m->id);
		snprintf(action, sizeof(action), "/tsm/%lld/action", (long long)m->id);
		form_open(&f, "Record an action agreed", action);
		form_text(&f, "what", "What is to be done", NULL, true);
		form_text(&f, "owner", "Who owns it", NULL, true);
		form_date(&f, "due", "Due by", DAY_NONE, true);
		form_text(&f, "upn", "Pupil's UPN (if about one pupil)", NULL, false);
		form_close(&f, "Record action");
		strbuf_addstr(&r->out, "</details>");
	}
}

static void tsm_json(struct request *r, int year, const struct tsm_row *rows,
		     size_t nr, const struct tsm_year_summary *sum)
{
	struct strbuf *o = &r->out;
	char d[11];
	size_t k = 0;

	r->content_type = "application/json";
	strbuf_addf(o, "{\"academic_year\":%d,\"summary\":", year);
	if (sum)
		strbuf_addf(o, "{\"schools\":%zu,\"accepted\":%zu,\"held\":%zu}",
			    sum->schools, sum->accepted, sum->held);
	else
		strbuf_addstr(o, "null");
	strbuf_addstr(o, ",\"meetings\":[");
	for (size_t i = 0; i < nr; i++) {
		if (academic_year_of(rows[i].date) != year)
			continue;
		strbuf_addf(o, "%s\n{\"id\":%lld,\"urn\":%d,\"school\":", k++ ? "," : "",
			    (long long)rows[i].id, rows[i].urn);
		json_str(o, rows[i].school);
		strbuf_addf(o, ",\"term\":\"%s\",\"date\":\"%s\",\"status\":\"%s\","
			    "\"officer\":", rows[i].term, day_text(rows[i].date, d),
			    tsm_status_name(rows[i].status));
		json_str(o, rows[i].officer);
		strbuf_addf(o, ",\"actions\":%d}", rows[i].actions);
	}
	strbuf_addstr(o, "\n]}\n");
}

static int tsm_render(struct request *r, const char *failed, const char *message)
{
	struct tsm_row *rows = NULL;
	struct tsm_year_summary sum;
	const struct figures *s;
	struct strbuf *o = &r->out;
	struct error e = ERROR_INIT;
	struct school_count *counts;
	struct school_officer_row *officers = NULL;
	size_t nr = 0, shown = 0, nr_officers = 0;
	bool la = access_authority(&r->viewer), have_sum = false;
	int year, status = r->status;
	char title[64], yname[8], d[11];

	if (!tsm_viewer(&r->viewer))
		return web_error(r, 403, "Targeting Support Meetings are for LA "
				 "officers, schools and governors.");
	if (year_of_request(r, &year))
		return web_error(r, 400, "year is an academic year such as 2025.");
	if (!(s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	if (tsm_list(r->st, &r->viewer, 0, &rows, &nr, &e))
		return web_error(r, 500, "The meetings could not be read.");
	if (la && !tsm_summary(r->st, &r->viewer, year, &sum, &e))
		have_sum = true;
	strbuf_reset(o);
	if (r->format == WEB_JSON) {
		tsm_json(r, year, rows, nr, have_sum ? &sum : NULL);
		free(rows);
		return 0;
	}
	counts = xcalloc(s->roll.nr_schools + 1, sizeof(*counts));
	if (!school_officer_list(r->st, &r->viewer, &officers, &nr_officers, &e))
		for (size_t i = 0; i < nr_officers; i++) {
			long k = figures_school(s, officers[i].urn);

			if (k >= 0)
				snprintf(counts[k].officer, sizeof(counts[k].officer),
					 "%s", officers[i].officer);
		}
	free(officers);
	for (size_t i = 0; i < nr; i++) {
		long k = figures_school(s, rows[i].urn);
		if (k < 0)
			continue;
		if (academic_year_of(rows[i].date) != year)
			continue;
		counts[k].offered++;
		counts[k].accepted += rows[i].status == TSM_ACCEPTED ||
				      rows[i].status == TSM_HELD ||
				      rows[i].status == TSM_NOT_HELD;
		counts[k].declined += rows[i].status == TSM_DECLINED;
		counts[k].held += rows[i].status == TSM_HELD;
	}
	academic_year_name(year, yname);
	snprintf(title, sizeof(title), "Targeting Support Meetings, %s", yname);
	layout_start(r, title);
	r->status = status;
	refusal_banner(r, message);
	if (have_sum) {
		strbuf_addf(o, "<div class=\"cards\"><div class=\"card\"><span>"
			    "Schools that accepted a meeting</span><b>%zu of %zu</b>"
			    "<small>", sum.accepted, sum.schools);
		html_percent(o, sum.accepted, sum.schools);
		strbuf_addf(o, " of schools</small></div><div class=\"card\"><span>"
			    "Schools that accepted and held at least one</span>"
			    "<b>%zu of %zu</b><small>", sum.held, sum.schools);
		html_percent(o, sum.held, sum.schools);
		strbuf_addstr(o, " of schools (Wiltshire reports 88%)</small></div>"
			      "</div>");
	}
	strbuf_addstr(o, "<h2>Schools</h2><table><thead><tr><th scope=\"col\">"
		      "School</th><th scope=\"col\">Named officer</th>"
		      "<th scope=\"col\" class=\"n\">Offered</th><th scope=\"col\" "
		      "class=\"n\">Accepted</th><th scope=\"col\" class=\"n\">"
		      "Declined</th><th scope=\"col\" class=\"n\">Held</th>"
		      "<th scope=\"col\">Pack</th></tr></thead><tbody>");
	for (size_t k = 0; k < s->roll.nr_schools; k++) {
		const struct school_row *sc = &s->roll.schools[k];

		if (!access_school_summary(&r->viewer, sc->id))
			continue;
		strbuf_addstr(o, "<tr><td>");
		link_school(o, sc->urn, sc->name);
		strbuf_addstr(o, "</td><td>");
		html_text(o, counts[k].officer[0] ? counts[k].officer : "not named");
		strbuf_addf(o, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
			    "<td class=\"n\">%d</td><td class=\"n\">%d</td><td>",
			    counts[k].offered, counts[k].accepted, counts[k].declined,
			    counts[k].held);
		if (access_school_pupils(&r->viewer, sc->id))
			strbuf_addf(o, "<a href=\"/tsm/%06d/pack\">TSM pack</a>", sc->urn);
		strbuf_addstr(o, "</td></tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
	strbuf_addstr(o, "<h2>Meetings</h2><table><thead><tr><th scope=\"col\">"
		      "Date</th><th scope=\"col\">School</th><th scope=\"col\">Term"
		      "</th><th scope=\"col\">Status</th><th scope=\"col\" "
		      "class=\"n\">Actions</th><th scope=\"col\">Record</th></tr>"
		      "</thead><tbody>");
	for (size_t i = 0; i < nr; i++) {
		if (academic_year_of(rows[i].date) != year)
			continue;
		strbuf_addf(o, "<tr><td>%s</td><td>", day_text(rows[i].date, d));
		html_text(o, rows[i].school);
		strbuf_addstr(o, "</td><td>");
		html_text(o, rows[i].term);
		strbuf_addf(o, "</td><td>%s</td><td class=\"n\">%d</td><td>",
			    tsm_status_name(rows[i].status), rows[i].actions);
		meeting_forms(r, &rows[i], failed);
		strbuf_addstr(o, "</td></tr>");
		shown++;
	}
	if (!shown)
		strbuf_addstr(o, "<tr><td colspan=\"6\">No meeting this year.</td></tr>");
	strbuf_addstr(o, "</tbody></table>");
	if (la) {
		const char **values = xcalloc(s->roll.nr_schools + 1, sizeof(*values));
		const char **labels = xcalloc(s->roll.nr_schools + 1, sizeof(*labels));
		char (*urns)[8] = xcalloc(s->roll.nr_schools + 1, sizeof(*urns));
		struct case_form f = { r, "schedule", failed };

		for (size_t k = 0; k < s->roll.nr_schools; k++) {
			snprintf(urns[k], sizeof(urns[k]), "%06d", s->roll.schools[k].urn);
			values[k] = urns[k];
			labels[k] = s->roll.schools[k].name;
		}
		strbuf_addstr(o, "<h2>Offer a meeting</h2>");
		form_open(&f, NULL, "/tsm");
		form_select(&f, "urn", "School", values, labels, s->roll.nr_schools,
			    NULL);
		form_date(&f, "date", "Meeting date", date_today(), true);
		form_close(&f, "Offer meeting");
		if (access_admin(&r->viewer)) {
			struct case_form g = { r, "officer", failed };

			strbuf_addstr(o, "<h2>Name a school's officer</h2>");
			form_open(&g, NULL, "/tsm/officer");
			form_select(&g, "urn", "School", values, labels,
				    s->roll.nr_schools, NULL);
			form_text(&g, "officer", "Officer's user name", NULL, true);
			form_close(&g, "Name officer");
		}
		free(values);
		free(labels);
		free(urns);
	}
	free(counts);
	free(rows);
	layout_end(r);
	return 0;
}

int page_tsm(struct request *r)
{
	return tsm_render(r, NULL, NULL);
}

/* Answers a POST: JSON ok, a redirect, or the page again with the refusal. */
static int tsm_answer(struct request *r, int rc, struct error *e,
		      const char *failed)
{
	if (!rc) {
		if (r->format == WEB_JSON) {
			r->content_type = "application/json";
			strbuf_addstr(&r->out, "{\"ok\":true}\n");
			return 0;
		}
		return web_redirect(r, "/tsm");
	}
	if (r->format == WEB_JSON || refusal_status(e) == 500)
		return web_error(r, refusal_status(e), refusal_status(e) == 500 ?
				 "The change could not be saved." : e->msg);
	r->status = refusal_status(e);
	return tsm_render(r, failed, e->msg);
}

/* POST /tsm: offers a school a meeting. */
int page_tsm_post(struct request *r)
{
	const char *urn_text = web_form(r, "urn");
	struct error e = ERROR_INIT;
	int64_t id;
	day_t date;
	long urn = 0;
	char *end = NULL;
	int rc = -1;

	if (!tsm_viewer(&r->viewer))
		return web_error(r, 403, "Targeting Support Meetings are for LA "
				 "officers, schools and governors.");
	if (!urn_text || strlen(urn_text) != 6 ||
	    (urn = strtol(urn_text, &end, 10), *end))
		error_set(&e, ERROR_USAGE, "urn: choose a school");
	else if (!form_day(r, "date", DAY_NONE, &date, &e))
		rc = tsm_schedule(r->st, &r->viewer, (int32_t)urn, date, &id, &e);
	return tsm_answer(r, rc, &e, "schedule");
}

/* POST /tsm/officer: names a school's LA officer (the LA lead). */
int page_tsm_officer_post(struct request *r)
{
	const char *urn_text = web_form(r, "urn"), *officer = web_form(r, "officer");
	struct error e = ERROR_INIT;
	long urn = 0;
	char *end = NULL;
	int rc = -1;

	if (!tsm_viewer(&r->viewer))
		return web_error(r, 403, "Targeting Support Meetings are for LA "
				 "officers, schools and governors.");
	if (!urn_text || strlen(urn_text) != 6 ||
	    (urn = strtol(urn_text, &end, 10), *end))
		error_set(&e, ERROR_USAGE, "urn: choose a school");
	else if (!officer || !*officer)
		error_set(&e, ERROR_USAGE, "officer: give the officer's user name");
	else
		rc = school_officer_set(r->st, &r->viewer, (int32_t)urn, officer, &e);
	return tsm_answer(r, rc, &e, "officer");
}

/* POST /tsm/ID/respond|hold|action */
int page_tsm_meeting_post(struct request *r)
{
	const char *what = r->arg[1];
	struct error e = ERROR_INIT;
	char failed[48], *end;
	long long id = strtoll(r->arg[0], &end, 10);
	int64_t action_id;
	day_t on;
	int rc = -1;

	if (*end || id <= 0)
		return web_error(r, 400, "A meeting is named by its number.");
	if (!tsm_viewer(&r->viewer))
		return web_error(r, 403, "Targeting Support Meetings are for LA "
				 "officers, schools and governors.");
	snprintf(failed, sizeof(failed), "%s%lld", what, id);
	if (!strcmp(what, "respond")) {
		const char *a = web_form(r, "answer");
		if (!a || (strcmp(a, "accept") && strcmp(a, "decline")))
			error_set(&e, ERROR_USAGE, "answer: accept or decline");
		else if (!form_day(r, "on", date_today(), &on, &e))
			rc = tsm_respond(r->st, &r->viewer, id, !strcmp(a, "accept"),
					 on, &e);
	} else if (!strcmp(what, "hold")) {
		const char *h = web_form(r, "held");
		if (!h || (strcmp(h, "held") && strcmp(h, "not_held")))
			error_set(&e, ERROR_USAGE, "held: held or not held");
		else if (!form_day(r, "on", date_today(), &on, &e))
			rc = tsm_hold(r->st, &r->viewer, id, !strcmp(h, "held"), on,
				      web_form(r, "notes"), &e);
	} else if (!strcmp(what, "action")) {
		const char *upn = web_form(r, "upn");
		if (!form_day(r, "due", DAY_NONE, &on, &e))
			rc = tsm_add_action(r->st, &r->viewer, id,
					    upn && *upn ? upn : NULL,
					    web_form(r, "what"), web_form(r, "owner"),
					    on, &action_id, &e);
	} else {
		return web_error(r, 404, "There is no such change to a meeting.");
	}
	return tsm_answer(r, rc, &e, failed);
}

/* ---- the pack ------------------------------------------------------------------ */

struct pack {
	struct request *r;
	const struct figures *s;
	long school;
	const struct school_row *sc;
	struct case_row *cases;		/* of the school's pupils, closed too */
	size_t nr_cases;
	struct school_case_action *actions;	/* open actions at the school */
	size_t nr_actions;
	struct tsm_notes_row *meetings;
	size_t nr_meetings;
	const struct tsm_notes_row *last_held, *next;
};

static const struct case_row *pack_case(const struct pack *p, const char *upn)
{
	const struct case_row *found = NULL;

	for (size_t i = 0; i < p->nr_cases; i++)
		if (!strcmp(p->cases[i].upn, upn) &&
		    (!found || p->cases[i].closed == DAY_NONE))
			found = &p->cases[i];
	return found;
}

/* The pupil's row at the pack's school, or NULL if not on its roll. */
static const struct pupil_info *pack_pupil(const struct pack *p, const char *upn)
{
	const struct enrolment_row *row = page_enrolment(p->s, p->sc->urn, upn);

	return row ? &p->s->info[row - p->s->roll.rows] : NULL;
}

static bool pack_has_pupil(const struct pack *p, const char *upn)
{
	return pack_pupil(p, upn) != NULL;
}

/* A cell naming the pupil, linked to their case. */
static void pack_pupil_cell(struct pack *p, const char *upn)
{
	const struct pupil_info *in = pack_pupil(p, upn);
	struct strbuf *o = &p->r->out;

	strbuf_addf(o, "<td><a href=\"/cases/%s\">", upn);
	if (in) {
		html_text(o, in->forename);
		strbuf_addch(o, ' ');
		html_text(o, in->surname);
	} else {
		html_text(o, upn);
	}
	strbuf_addstr(o, "</a></td>");
}

static void pack_about(struct pack *p)
{
	struct strbuf *o = &p->r->out;
	char year[8], d[11], officer[64] = "";
	struct tsm_row *rows;
	size_t nr;
	struct error e = ERROR_INIT;

	if (!tsm_list(p->r->st, &p->r->viewer, p->sc->urn, &rows, &nr, &e)) {
		if (nr)
			snprintf(officer, sizeof(officer), "%s", rows[0].officer);
		free(rows);
	}
	academic_year_name(p->s->year, year);
	strbuf_addf(o, "<p class=\"muted\">URN %06d &middot; %s &middot; figures "
		    "for %s, drawn from the registers on %s</p><ul>",
		    p->sc->urn, phase_name(p->sc->phase), year,
		    day_text(date_today(), d));
	strbuf_addstr(o, "<li>Named LA officer: ");
	html_text(o, officer[0] ? officer : "not named");
	strbuf_addstr(o, "</li><li>Next meeting: ");
	if (p->next)
		strbuf_addf(o, "%s (%s)", day_text(p->next->date, d),
			    tsm_status_name(p->next->status));
	else
		strbuf_addstr(o, "not yet offered");
	strbuf_addstr(o, "</li><li>Last meeting held: ");
	strbuf_addstr(o, p->last_held ? day_text(p->last_held->date, d) : "none");
	strbuf_addstr(o, "</li></ul>");
}

static void compare_row(struct strbuf *o, const char *label, uint64_t a,
			uint64_t an, uint64_t b, uint64_t bn)
{
	strbuf_addstr(o, "<tr><td>");
	html_text(o, label);
	strbuf_addstr(o, "</td><td class=\"n\">");
	html_percent(o, a, an);
	strbuf_addstr(o, "</td><td class=\"n\">");
	html_percent(o, b, bn);
	/* a/an > b/bn, in integers */
	strbuf_addf(o, "</td><td>%s</td></tr>", an && bn && a * bn > b * an ?
		    "<strong>higher than the authority</strong>" :
		    an && bn ? "at or below the authority" : "&ndash;");
}

static void pack_priorities(struct pack *p)
{
	const struct tally *t = &p->s->school[p->school], *la = &p->s->authority;
	struct strbuf *o = &p->r->out;

	strbuf_addstr(o, "<section><h2>Priorities</h2><h3>The school's and the "
		      "LA's priorities, from the last meeting</h3><p>");
	if (p->last_held && p->last_held->notes[0])
		html_text(o, p->last_held->notes);
	else
		strbuf_addstr(o, "No priorities were recorded at a meeting yet.");
	strbuf_addstr(o, "</p><h3>The school against the authority</h3>"
		      "<table><thead><tr><th scope=\"col\">Measure (pupils of "
		      "compulsory school age)</th><th scope=\"col\" class=\"n\">"
		      "School</th><th scope=\"col\" class=\"n\">Authority</th>"
		      "<th scope=\"col\">Where to look</th></tr></thead><tbody>");
	compare_row(o, "Overall absence", t->authorised + t->unauthorised,
		    t->possible, la->authorised + la->unauthorised, la->possible);
	compare_row(o, "Unauthorised absence", t->unauthorised, t->possible,
		    la->unauthorised, la->possible);
	compare_row(o, "Persistent absence (pupils)", t->pa, t->enrolments, la->pa,
		    la->enrolments);
	compare_row(o, "Severe absence (pupils)", t->sa, t->enrolments, la->sa,
		    la->enrolments);
	strbuf_addstr(o, "</tbody></table></section>");
}

static void pack_bands(struct pack *p)
{
	const struct tally *t = &p->s->school[p->school];

	strbuf_addstr(&p->r->out, "<section>");
	page_bands(p->r, t);
	strbuf_addf(&p->r->out, "<p class=\"muted\">%llu pupils of compulsory "
		    "school age with at least one possible session.</p></section>",
		    (unsigned long long)t->enrolments);
}

static void pack_cohorts(struct pack *p)
{
	struct strbuf *o = &p->r->out;

	strbuf_addstr(o, "<section><h2>Cohorts</h2><p class=\"muted\">All pupils "
		      "on roll, by what the school records of them; a cohort "
		      "with no pupils recorded is left out.</p><table><thead><tr>"
		      "<th scope=\"col\">Cohort</th><th scope=\"col\" class=\"n\">"
		      "Pupils</th><th scope=\"col\" class=\"n\">Overall absence"
		      "</th><th scope=\"col\" class=\"n\">PA</th><th scope=\"col\" "
		      "class=\"n\">SA</th></tr></thead>");
	for (size_t c = 0; c < PAGE_COHORTS; c++) {
		const struct cohort *co = &page_cohorts[c];
		struct tally t[COHORT_ROWS];
		uint64_t pupils = 0;

		page_cohort_tallies(p->s, p->school, co, t);
		for (int row = 0; row < co->nr; row++)
			pupils += t[row].enrolments;
		if (!pupils)
			continue;	/* the school records nothing of this */
		strbuf_addstr(o, "<tbody><tr><th scope=\"colgroup\" colspan=\"5\">");
		html_text(o, co->name);
		strbuf_addstr(o, "</th></tr>");
		for (int row = 0; row < co->nr; row++) {
			if (!t[row].enrolments)
				continue;
			strbuf_addstr(o, "<tr><td>");
			html_text(o, co->values[row]);
			strbuf_addstr(o, "</td>");
			html_tally_cells(o, &t[row], false);
			strbuf_addstr(o, "</tr>");
		}
		strbuf_addstr(o, "</tbody>");
	}
	strbuf_addstr(o, "</table></section>");
}

/* The open actions on a pupil's case, as a list in a cell. */
static void pupil_actions(struct pack *p, const char *upn)
{
	struct strbuf *o = &p->r->out;
	char d[11];
	bool any = false;

	for (size_t i = 0; i < p->nr_actions; i++) {
		const struct school_case_action *a = &p->actions[i];
		if (strcmp(a->upn, upn))
			continue;
		strbuf_addstr(o, any ? "" : "<ul>");
		strbuf_addstr(o, "<li>");
		html_text(o, a->a.what);
		strbuf_addstr(o, " &ndash; ");
		html_text(o, a->a.owner);
		strbuf_addf(o, ", by %s</li>", day_text(a->a.due, d));
		any = true;
	}
	strbuf_addstr(o, any ? "</ul>" : "<span class=\"muted\">none agreed yet"
		      "</span>");
}

/* Named pupils of the school in bands lo..hi, with their case and actions. */
static void pack_named(struct pack *p, const char *title, const char *note,
		       enum band lo, enum band hi)
{
	const struct figures *s = p->s;
	struct strbuf *o = &p->r->out;
	size_t shown = 0;

	strbuf_addstr(o, "<section><h2>");
	html_text(o, title);
	strbuf_addstr(o, "</h2><p class=\"muted\">");
	html_text(o, note);
	strbuf_addstr(o, "</p><table><thead><tr><th scope=\"col\">Pupil</th>"
		      "<th scope=\"col\">Year</th><th scope=\"col\" class=\"n\">"
		      "Absence</th><th scope=\"col\">Case stage</th>"
		      "<th scope=\"col\">Agreed actions (open)</th></tr></thead>"
		      "<tbody>");
	for (size_t k = s->school_first[p->school]; k < s->school_first[p->school + 1]; k++) {
		const struct enrolment_row *row = &s->roll.rows[k];
		const struct pupil_info *in = &s->info[k];
		const struct case_row *c;
		uint32_t a = measure_absent(&row->m);
		enum band b = band_of(a, row->m.possible);
		char name[140];

		if (b < lo || b > hi)
			continue;
		c = pack_case(p, row->upn);
		snprintf(name, sizeof(name), "%s %s", in->forename, in->surname);
		strbuf_addstr(o, "<tr><td>");
		link_pupil(o, row->upn, name);
		strbuf_addf(o, " <span class=\"muted\">%s</span></td><td>", row->upn);
		html_text(o, in->year_group);
		strbuf_addstr(o, "</td><td class=\"n\">");
		html_percent(o, a, row->m.possible);
		strbuf_addstr(o, "</td><td>");
		if (c && c->closed == DAY_NONE)
			strbuf_addf(o, "<a href=\"/cases/%s\">%s</a>", row->upn,
				    stage_label(c->stage));
		else
			strbuf_addf(o, "no open case (<a href=\"/cases/%s\">open one"
				    "</a>)", row->upn);
		strbuf_addstr(o, "</td><td>");
		pupil_actions(p, row->upn);
		strbuf_addstr(o, "</td></tr>");
		shown++;
	}
	if (!shown)
		strbuf_addstr(o, "<tr><td colspan=\"5\">No pupil.</td></tr>");
	strbuf_addstr(o, "</tbody></table></section>");
}

static void pack_legal(struct pack *p)
{
	static const char *const outcome_labels[] = {
		"proceed", "on hold", "no legal action"
	};
	struct strbuf *o = &p->r->out;
	struct legal_row *legal = NULL;
	struct notice_row *notices = NULL;
	struct error e = ERROR_INIT;
	size_t nl = 0, nn = 0, shown = 0;
	char a[11], b[11];

	if (legal_decision_list(p->r->st, &p->r->viewer, &legal, &nl, &e))
		nl = 0;
	if (penalty_notice_list(p->r->st, &p->r->viewer, NULL, &notices, &nn, &e))
		nn = 0;
	strbuf_addstr(o, "<section><h2>Legal actions agreed</h2><table><thead><tr>"
		      "<th scope=\"col\">Pupil</th><th scope=\"col\">Decided</th>"
		      "<th scope=\"col\">Decision or notice</th><th scope=\"col\">"
		      "Review or due</th><th scope=\"col\">Status</th></tr></thead>"
		      "<tbody>");
	for (size_t i = 0; i < nl; i++) {
		if (!pack_has_pupil(p, legal[i].upn))
			continue;
		strbuf_addstr(o, "<tr>");
		pack_pupil_cell(p, legal[i].upn);
		strbuf_addf(o, "<td>%s</td><td>joint decision: %s</td><td>%s</td>"
			    "<td>%s</td></tr>", day_text(legal[i].decided, a),
			    outcome_labels[legal[i].outcome < LEGAL_OUTCOME_COUNT ?
					   legal[i].outcome : LEGAL_NO_ACTION],
			    day_text(legal[i].review, b),
			    legal[i].reviewed != DAY_NONE ? "reviewed" : "");
		shown++;
	}
	for (size_t i = 0; i < nn; i++) {
		const struct notice_row *n = &notices[i];
		if (!pack_has_pupil(p, n->upn))
			continue;
		strbuf_addstr(o, "<tr>");
		pack_pupil_cell(p, n->upn);
		strbuf_addf(o, "<td>%s</td><td>%s to ", day_text(n->issued, a),
			    n->kind == NOTICE_NTI ? "Notice to Improve" :
			    "Penalty notice");
		html_text(o, n->parent);
		strbuf_addf(o, "</td><td>%s</td><td>%s</td></tr>", day_text(n->due, b),
			    notice_status_name(n->status));
		shown++;
	}
	if (!shown)
		strbuf_addstr(o, "<tr><td colspan=\"5\">No legal action agreed."
			      "</td></tr>");
	strbuf_addstr(o, "</tbody></table></section>");
	free(legal);
	free(notices);
}

static void pack_successes(struct pack *p)
{
	const struct figures *s = p->s;
	struct strbuf *o = &p->r->out;
	day_t since = p->last_held ? p->last_held->date :
		      academic_year_start(s->year);
	size_t better = 0, closed = 0;
	char d[11];

	strbuf_addf(o, "<section><h2>Successes since the last meeting</h2>"
		    "<h3>Pupils in a better band than a week before the latest "
		    "marks</h3><ul>");
	for (size_t k = s->school_first[p->school]; k < s->school_first[p->school + 1]; k++) {
		const struct measure *m = &s->roll.rows[k].m, *was = &s->before[k];
		enum band now, then;
		char name[140];

		if (!was->possible || !m->possible)
			continue;
		now = band_of(measure_absent(m), m->possible);
		then = band_of(measure_absent(was), was->possible);
		if (now >= then)
			continue;
		snprintf(name, sizeof(name), "%s %s", s->info[k].forename,
			 s->info[k].surname);
		strbuf_addstr(o, "<li>");
		link_pupil(o, s->roll.rows[k].upn, name);
		strbuf_addf(o, ": %s &rarr; %s</li>", band_label(then), band_label(now));
		better++;
	}
	if (!better)
		strbuf_addstr(o, "<li>None this week.</li>");
	strbuf_addf(o, "</ul><h3>Cases closed since %s</h3><ul>",
		    day_text(since, d));
	for (size_t i = 0; i < p->nr_cases; i++) {
		const struct case_row *c = &p->cases[i];
		if (c->closed == DAY_NONE || c->closed < since)
			continue;
		strbuf_addstr(o, "<li>");
		link_pupil(o, c->upn, c->name);
		strbuf_addf(o, ": closed %s at %s</li>", day_text(c->closed, d),
			    stage_label(c->stage));
		closed++;
	}
	if (!closed)
		strbuf_addstr(o, "<li>None.</li>");
	strbuf_addstr(o, "</ul></section>");
}

static void pack_last_actions(struct pack *p)
{
	struct strbuf *o = &p->r->out;
	struct tsm_action_row *rows = NULL;
	struct error e = ERROR_INIT;
	size_t nr = 0;
	char a[11], b[11];

	strbuf_addstr(o, "<section><h2>Actions from the last meeting</h2>");
	if (!p->last_held) {
		strbuf_addstr(o, "<p>No meeting has been held yet.</p></section>");
		return;
	}
	if (tsm_action_list(p->r->st, &p->r->viewer, p->last_held->id, &rows, &nr, &e))
		nr = 0;
	strbuf_addf(o, "<p class=\"muted\">Agreed on %s.</p><table><thead><tr>"
		    "<th scope=\"col\">Action</th><th scope=\"col\">Owner</th>"
		    "<th scope=\"col\">Pupil</th><th scope=\"col\">Due</th>"
		    "<th scope=\"col\">Outcome</th></tr></thead><tbody>",
		    day_text(p->last_held->date, a));
	for (size_t i = 0; i < nr; i++) {
		strbuf_addstr(o, "<tr><td>");
		html_text(o, rows[i].what);
		strbuf_addstr(o, "</td><td>");
		html_text(o, rows[i].owner);
		strbuf_addstr(o, "</td>");
		if (rows[i].upn[0])
			pack_pupil_cell(p, rows[i].upn);
		else
			strbuf_addstr(o, "<td></td>");
		strbuf_addf(o, "<td>%s</td><td>", day_text(rows[i].due, a));
		if (rows[i].done != DAY_NONE) {
			strbuf_addf(o, "done %s: ", day_text(rows[i].done, b));
			html_text(o, rows[i].outcome);
		} else {
			strbuf_addstr(o, rows[i].due < date_today() ?
				      "<strong>overdue</strong>" : "open");
		}
		strbuf_addstr(o, "</td></tr>");
	}
	if (!nr)
		strbuf_addstr(o, "<tr><td colspan=\"5\">No action was recorded."
			      "</td></tr>");
	strbuf_addstr(o, "</tbody></table></section>");
	free(rows);
}

int tsm_pack_render(struct request *r, const struct figures *s, long school,
		    struct error *e)
{
	struct pack p = { 0 };
	day_t today = date_today();
	size_t kept = 0;

	p.r = r;
	p.s = s;
	p.school = school;
	p.sc = &s->roll.schools[school];
	if (!access_school_pupils(&r->viewer, p.sc->id))
		return error_set(e, ERROR_INPUT, "%s may not see the pupils of "
				 "school %06d", r->viewer.username, p.sc->urn);
	if (casework_list(r->st, &r->viewer, true, &p.cases, &p.nr_cases, e) ||
	    school_case_actions(r->st, &r->viewer, p.sc->urn, &p.actions,
				&p.nr_actions, e) ||
	    tsm_meetings_with_notes(r->st, &r->viewer, p.sc->urn, &p.meetings,
				    &p.nr_meetings, e))
		goto fail;
	/* Only the cases of pupils on this school's roll concern the pack. */
	for (size_t i = 0; i < p.nr_cases; i++)
		if (pack_has_pupil(&p, p.cases[i].upn))
			p.cases[kept++] = p.cases[i];
	p.nr_cases = kept;
	for (size_t i = 0; i < p.nr_meetings; i++) {
		const struct tsm_notes_row *m = &p.meetings[i];
		if (m->status == TSM_HELD)
			p.last_held = m;
		if (!p.next && m->date >= today && (m->status == TSM_OFFERED ||
		    m->status == TSM_ACCEPTED))
			p.next = m;
	}
	strbuf_addstr(&r->out, "<div class=\"pack\">");
	pack_about(&p);
	pack_priorities(&p);
	pack_bands(&p);
	pack_cohorts(&p);
	pack_named(&p, "Severe absence: named pupils", "Absent for half or more "
		   "of possible sessions, with their joint action plans.",
		   BAND_SA, BAND_SA);
	pack_named(&p, "Persistent absence: named pupils", "Absent for 10% or "
		   "more but less than half, with their agreed actions.",
		   BAND_PA, BAND_AT_RISK_SA);
	pack_legal(&p);
	pack_successes(&p);
	pack_last_actions(&p);
	strbuf_addstr(&r->out, "</div>");
	free(p.cases);
	free(p.actions);
	free(p.meetings);
	return 0;
fail:
	free(p.cases);
	free(p.actions);
	free(p.meetings);
	return -1;
}

static void pack_json(struct request *r, const struct figures *s, long school)
{
	const struct tally *t = &s->school[school];
	struct strbuf *o = &r->out;
	size_t n = 0;

	r->content_type = "application/json";
	strbuf_addf(o, "{\"urn\":%d,\"school\":", s->roll.schools[school].urn);
	json_str(o, s->roll.schools[school].name);
	strbuf_addstr(o, ",\"headline\":");
	page_json_tally(o, t);
	strbuf_addstr(o, ",\"authority\":");
	page_json_tally(o, &s->authority);
	strbuf_addstr(o, ",\"named\":[");
	for (size_t k = s->school_first[school]; k < s->school_first[school + 1]; k++) {
		const struct enrolment_row *row = &s->roll.rows[k];
		enum band b = band_of(measure_absent(&row->m), row->m.possible);

		if (b < BAND_PA)
			continue;
		strbuf_addf(o, "%s{\"upn\":\"%s\",\"band\":\"%s\",\"surname\":",
			    n++ ? "," : "", row->upn, band_name(b));
		json_str(o, s->info[k].surname);
		strbuf_addstr(o, ",\"forename\":");
		json_str(o, s->info[k].forename);
		strbuf_addch(o, '}');
	}
	strbuf_addstr(o, "]}\n");
}

/* GET /tsm/URN/pack */
int page_tsm_pack(struct request *r)
{
	const struct figures *s;
	struct error e = ERROR_INIT;
	char *end, title[200], object[32];
	long urn = strtol(r->arg[0], &end, 10), i;

	if (*end || strlen(r->arg[0]) != 6)
		return web_error(r, 400, "A school is named by its 6-digit URN.");
	if (!(s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	if ((i = figures_school(s, (int32_t)urn)) < 0)
		return web_error(r, 404, "There is no school with that URN.");
	if (!access_school_pupils(&r->viewer, s->roll.schools[i].id))
		return web_error(r, 403, "The pack names pupils: it is for LA "
				 "officers and the school.");
	snprintf(object, sizeof(object), "tsm pack %06ld", urn);
	if (audit_add(r->st, &r->viewer, "view", object, r->path, &e))
		return web_error(r, 500, "The view could not be logged, so it is "
				 "not shown.");
	if (r->format == WEB_JSON) {
		pack_json(r, s, i);
		return 0;
	}
	snprintf(title, sizeof(title), "TSM pack: %s", s->roll.schools[i].name);
	layout_start(r, title);
	strbuf_addf(&r->out, "<p class=\"no-print\"><a href=\"/tsm\">All meetings"
		    "</a> &middot; print this page, or save it as PDF from the "
		    "browser's print dialogue or with <code>attend tsm pack %06ld "
		    "--pdf FILE</code>.</p>", urn);
	if (tsm_pack_render(r, s, i, &e)) {
		strbuf_reset(&r->out);
		return web_error(r, 500, "The pack could not be drawn.");
	}
	layout_end(r);
	return 0;
}
