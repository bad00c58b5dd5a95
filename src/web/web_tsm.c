/*
 * Targeting Support Meetings: the meetings of this academic year per
 * school with the authority's count of schools that accepted and held
 * one (/tsm), the forms that move a meeting through its states and
 * record its actions, and the page of the pack for a school's meeting
 * (/tsm/URN/pack; the pack itself is drawn by web/tsm_pack.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/urn.h"
#include "casework/casework.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/tsm_pack.h"

static int tsm_refused(struct request *r)
{
	return web_error(r, 403, "Targeting Support Meetings are for LA "
			 "officers, schools and governors.");
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
	struct form f = { .r = r, .id = NULL, .failed = failed };
	char action[64];
	bool la = access_authority(&r->viewer);

	if (m->status == TSM_OFFERED &&
	    access_tsm_answer(&r->viewer, m->school_id)) {
		snprintf(action, sizeof(action), "/tsm/%lld/respond", (long long)m->id);
		form_open_row(&f, "respond", m->id, NULL,
			      "Record the school's answer", action);
		form_select(&f, "answer", "The school", answers, answer_labels, 2,
			    "accept");
		form_date(&f, "on", "On", date_today(), true);
		form_close(&f, "Record answer");
		strbuf_addstr(&r->out, "</details>");
	} else if (m->status == TSM_ACCEPTED && la) {
		snprintf(action, sizeof(action), "/tsm/%lld/hold", (long long)m->id);
		form_open_row(&f, "hold", m->id, NULL, "Record the meeting",
			      action);
		form_select(&f, "held", "The meeting was", helds, held_labels, 2,
			    "held");
		form_date(&f, "on", "On", date_today(), true);
		form_text(&f, "notes", "Priorities and notes", NULL, false);
		form_close(&f, "Record meeting");
		strbuf_addstr(&r->out, "</details>");
	} else if (m->status == TSM_HELD && la) {
		snprintf(action, sizeof(action), "/tsm/%lld/action", (long long)m->id);
		form_open_row(&f, "action", m->id, NULL,
			      "Record an action agreed", action);
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

	if (!access_tsm(&r->viewer))
		return tsm_refused(r);
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
		struct form f = { .r = r, .id = "schedule", .failed = failed };

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
		if (access_officer_assign(&r->viewer)) {
			struct form g = { .r = r, .id = "officer", .failed = failed };

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
	if (!rc)
		return form_saved(r, "/tsm");
	if (form_refusal(r, e))
		return 0;
	return tsm_render(r, failed, e->msg);
}

/* POST /tsm: offers a school a meeting. */
int page_tsm_post(struct request *r)
{
	struct error e = ERROR_INIT;
	int64_t id;
	int32_t urn;
	day_t date;
	int rc = -1;

	if (!access_tsm(&r->viewer))
		return tsm_refused(r);
	if (!form_urn(r, "urn", &urn, &e) &&
	    !form_day(r, "date", DAY_NONE, &date, &e))
		rc = tsm_schedule(r->st, &r->viewer, urn, date, &id, &e);
	return tsm_answer(r, rc, &e, "schedule");
}

/* POST /tsm/officer: names a school's LA officer (the LA lead). */
int page_tsm_officer_post(struct request *r)
{
	const char *officer = web_form(r, "officer");
	struct error e = ERROR_INIT;
	int32_t urn;
	int rc = -1;

	if (!access_tsm(&r->viewer))
		return tsm_refused(r);
	if (form_urn(r, "urn", &urn, &e))
		return tsm_answer(r, rc, &e, "officer");
	if (!officer || !*officer)
		error_set(&e, ERROR_USAGE, "officer: give the officer's user name");
	else
		rc = school_officer_set(r->st, &r->viewer, urn, officer, &e);
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
	if (!access_tsm(&r->viewer))
		return tsm_refused(r);
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
	char title[200], object[32];
	int32_t urn;
	long i;

	if (!urn_parse(r->arg[0], strlen(r->arg[0]), &urn))
		return web_error(r, 400, "A school is named by its 6-digit URN.");
	if (!(s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	if ((i = figures_school(s, urn)) < 0)
		return web_error(r, 404, "There is no school with that URN.");
	if (!access_school_pupils(&r->viewer, s->roll.schools[i].id))
		return web_error(r, 403, "The pack names pupils: it is for LA "
				 "officers and the school.");
	snprintf(object, sizeof(object), "tsm pack %06d", urn);
	if (web_audit_view(r, "view", object, r->path))
		return 0;
	if (r->format == WEB_JSON) {
		pack_json(r, s, i);
		return 0;
	}
	snprintf(title, sizeof(title), "TSM pack: %s", s->roll.schools[i].name);
	layout_start(r, title);
	strbuf_addf(&r->out, "<p class=\"no-print\"><a href=\"/tsm\">All meetings"
		    "</a> &middot; print this page, or save it as PDF from the "
		    "browser's print dialogue or with <code>attend tsm pack %06d "
		    "--pdf FILE</code>.</p>", urn);
	if (tsm_pack_render(&r->out, r->st, &r->viewer, s, i, &e)) {
		strbuf_reset(&r->out);
		return web_error(r, 500, "The pack could not be drawn.");
	}
	layout_end(r);
	return 0;
}
