/*
 * Children missing education: the referrals the viewer may see, a form to
 * refer a child (a pupil by UPN, or a child by name), and each referral's
 * next step.  The LA sees every referral; a school lead those of its own
 * school.  Rules and permissions are the casework service's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/urn.h"
#include "casework/casework.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

static void status_form(struct request *r, const struct cme_row *c,
			const char *failed)
{
	static const char *const next[] = { "investigating", "located", "on_roll",
					    "closed" };
	static const char *const next_label[] = { "Investigating", "Located",
		"On a school roll", "Closed" };
	static const char *const outcome[] = { "", "on_roll", "home_education",
		"moved_away", "left_england", "not_found", "other" };
	static const char *const outcome_label[] = { "(only when closing)",
		"On a school roll", "Elective home education",
		"Moved to another authority", "Left England",
		"Not found: referred on", "Other" };
	struct form f = { .r = r, .id = NULL, .failed = failed };
	char action[48];

	snprintf(action, sizeof(action), "/cme/%lld/update", (long long)c->id);
	form_open_row(&f, "cme", c->id, NULL, "Record the next step", action);
	form_select(&f, "status", "Status", next, next_label,
		    sizeof(next) / sizeof(next[0]), "investigating");
	form_select(&f, "outcome", "Outcome", outcome, outcome_label,
		    sizeof(outcome) / sizeof(outcome[0]), "");
	form_date(&f, "on", "On", date_today(), true);
	form_text(&f, "notes", "Notes", "", false);
	form_close(&f, "Save");
}

static int cme_render(struct request *r, const char *message,
		      const char *failed)
{
	static const char *const sources[] = { "referral", "removal_from_roll",
					       "no_place" };
	static const char *const source_labels[] = { "Referral",
		"Removed from roll (notified by the school)",
		"Without a school place" };
	struct strbuf *o = &r->out;
	struct cme_row *rows = NULL;
	struct error e = ERROR_INIT;
	struct form f = { .r = r, .id = "refer", .failed = failed };
	size_t nr = 0;
	int status = r->status;
	char d[11], detail[48];

	if (!access_cme(&r->viewer))
		return web_error(r, 403, "Children missing education are for the "
				 "LA and schools.");
	if (cme_list(r->st, &r->viewer, &rows, &nr, &e))
		return web_error(r, 500, "The referrals could not be read.");
	/* Referrals name their children: the view is logged like a list. */
	snprintf(detail, sizeof(detail), "cme: %zu referrals", nr);
	if (web_audit_view(r, "view list", "cme", detail)) {
		free(rows);
		return 0;
	}
	strbuf_reset(o);
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		strbuf_addstr(o, "[");
		for (size_t i = 0; i < nr; i++) {
			const struct cme_row *c = &rows[i];
			strbuf_addf(o, "%s\n{\"id\":%lld,\"upn\":\"%s\",\"name\":",
				    i ? "," : "", (long long)c->id, c->upn);
			json_str(o, c->name);
			strbuf_addf(o, ",\"urn\":%d,\"source\":\"%s\",\"status\":\"%s\","
				    "\"referred\":\"%s\",", c->urn,
				    cme_source_name(c->source),
				    cme_status_name(c->status), day_text(c->referred, d));
			strbuf_addf(o, "\"updated\":\"%s\",\"outcome\":",
				    day_text(c->updated, d));
			json_str(o, c->outcome);
			strbuf_addch(o, '}');
		}
		strbuf_addstr(o, "\n]\n");
		free(rows);
		return 0;
	}
	layout_start(r, "Children missing education");
	r->status = status;
	refusal_banner(r, message);
	strbuf_addstr(o, "<p class=\"muted\">Referrals, removals from roll notified "
		      "by schools, and children without a school place, with "
		      "where each stands.</p>");
	strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">No.</th>"
		      "<th scope=\"col\">Child</th><th scope=\"col\">School</th>"
		      "<th scope=\"col\">Source</th><th scope=\"col\">Referred</th>"
		      "<th scope=\"col\">Status</th><th scope=\"col\">Outcome</th>"
		      "<th scope=\"col\">Next step</th></tr></thead><tbody>");
	for (size_t i = 0; i < nr; i++) {
		const struct cme_row *c = &rows[i];

		strbuf_addf(o, "<tr><td class=\"n\">%lld</td><td>", (long long)c->id);
		if (c->upn[0])
			link_pupil(o, c->upn, c->name[0] ? c->name : c->upn);
		else
			html_text(o, c->name);
		strbuf_addstr(o, "</td><td>");
		if (c->urn)
			strbuf_addf(o, "%06d", c->urn);
		strbuf_addstr(o, "</td><td>");
		html_text(o, cme_source_name(c->source));
		strbuf_addf(o, "</td><td>%s</td><td>", day_text(c->referred, d));
		html_text(o, cme_status_name(c->status));
		strbuf_addstr(o, "</td><td>");
		html_text(o, c->outcome);
		strbuf_addstr(o, "</td><td>");
		if (c->status != CME_CLOSED)
			status_form(r, c, failed);
		strbuf_addstr(o, "</td></tr>");
	}
	if (!nr)
		strbuf_addstr(o, "<tr><td colspan=\"8\">No referrals.</td></tr>");
	strbuf_addstr(o, "</tbody></table>");
	form_open(&f, "Refer a child missing education", "/cme");
	form_text(&f, "upn", "UPN (if the child is known)", "", false);
	form_text(&f, "name", "Name (if there is no UPN)", "", false);
	form_date(&f, "dob", "Date of birth (if known)", DAY_NONE, false);
	form_text(&f, "urn", "School URN (a school's own referral)", "", false);
	form_select(&f, "source", "Source", sources, source_labels,
		    sizeof(sources) / sizeof(sources[0]), "referral");
	form_date(&f, "on", "Referred on", date_today(), true);
	form_text(&f, "notes", "Notes", "", false);
	form_close(&f, "Refer");
	free(rows);
	layout_end(r);
	return 0;
}

int page_cme(struct request *r)
{
	return cme_render(r, NULL, NULL);
}

/* The outcome of a POST: back to the list, or the page with the refusal. */
static int cme_done(struct request *r, int rc, const struct error *e,
		    const char *form)
{
	if (!rc)
		return form_saved(r, "/cme");
	if (form_refusal(r, e))
		return 0;
	return cme_render(r, e->msg, form);
}

/* POST /cme: a referral. */
int page_cme_post(struct request *r)
{
	const char *upn = web_form(r, "upn"), *name = web_form(r, "name");
	const char *urn_text = web_form(r, "urn"), *notes = web_form(r, "notes");
	const char *source = web_form(r, "source");
	struct error e = ERROR_INIT;
	day_t dob, on;
	int64_t id;
	int32_t urn = 0;
	int src, rc = -1;

	if (!access_cme(&r->viewer))
		return web_error(r, 403, "Children missing education are for the "
				 "LA and schools.");
	src = source ? cme_source_parse(source) : CME_REFERRAL;
	if (urn_text && *urn_text) {
		if (!urn_parse(urn_text, strlen(urn_text), &urn))
			rc = error_set(&e, ERROR_INPUT, "urn: '%s' is not a URN "
				       "(6 digits, the first not 0)", urn_text);
	}
	if (e.kind == ERROR_NONE && src < 0)
		rc = error_set(&e, ERROR_INPUT, "source: not a source of referral");
	if (e.kind == ERROR_NONE)
		rc = form_day(r, "dob", DAY_NONE, &dob, &e) ||
		     form_day(r, "on", date_today(), &on, &e);
	if (e.kind == ERROR_NONE)
		rc = cme_refer(r->st, &r->viewer, upn && *upn ? upn : NULL,
			       name, dob, (int32_t)urn, (enum cme_source)src, on,
			       notes ? notes : "", &id, &e);
	return cme_done(r, e.kind != ERROR_NONE ? -1 : rc, &e, "refer");
}

/* POST /cme/ID/update: the next status. */
int page_cme_update(struct request *r)
{
	const char *to = web_form(r, "status"), *outcome = web_form(r, "outcome");
	const char *notes = web_form(r, "notes");
	struct error e = ERROR_INIT;
	char *end, form[32];
	long long id = strtoll(r->arg[0], &end, 10);
	int st = -1, oc = CME_OUTCOME_NONE, rc = -1;
	day_t on;

	if (*end || id <= 0)
		return web_error(r, 400, "A referral is named by its number.");
	if (strcmp(r->arg[1], "update"))
		return web_error(r, 404, "There is no such page.");
	if (!access_cme(&r->viewer))
		return web_error(r, 403, "Children missing education are for the "
				 "LA and schools.");
	snprintf(form, sizeof(form), "cme%lld", id);
	if (!to || (st = cme_status_parse(to)) < 0)
		error_set(&e, ERROR_INPUT, "status: not a status of a referral");
	else if (outcome && *outcome && (oc = cme_outcome_parse(outcome)) < 0)
		error_set(&e, ERROR_INPUT, "outcome: not an outcome");
	else if (!form_day(r, "on", date_today(), &on, &e))
		rc = cme_update(r->st, &r->viewer, id, (enum cme_status)st,
				(enum cme_outcome)oc, on, notes ? notes : "", &e);
	return cme_done(r, e.kind != ERROR_NONE ? -1 : rc, &e, form);
}
