/*
 * The enforcement part of a case page: joint legal decisions (the six
 * steps), parents and households, Notices to Improve and penalty notices
 * with their outcomes.  Drawn inside /cases/UPN; the forms post to
 * /cases/UPN/legal, parent, link, notice and outcome.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework/casework.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

static void pence(struct strbuf *o, int32_t p)
{
	strbuf_addf(o, "&pound;%d.%02d", p / 100, p % 100);
}

static void legal_section(struct request *r, const struct case_page *p,
			  const char *failed)
{
	static const char *const outcomes[] = { "proceed", "on_hold", "no_action" };
	static const char *const outcome_labels[] = {
		"Proceed (penalty notice or prosecution)", "Put on hold until a "
		"review date", "No legal action"
	};
	struct legal_row *rows = NULL;
	struct strbuf *o = &r->out;
	struct error e = ERROR_INIT;
	size_t nr = 0, shown = 0;
	char a[11], b[11], action[64];
	bool required = legal_social_worker_required(p->pupil.care);

	strbuf_addstr(o, "<h2 id=\"legal-decisions\">Joint legal decisions</h2>");
	if (!legal_decision_list(r->st, &r->viewer, &rows, &nr, &e)) {
		strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">Decided</th>"
			      "<th scope=\"col\">Outcome</th><th scope=\"col\">"
			      "Review on</th><th scope=\"col\">Social worker's "
			      "agreement</th></tr></thead><tbody>");
		for (size_t i = 0; i < nr; i++) {
			const struct legal_row *l = &rows[i];

			if (strcmp(l->upn, p->upn))
				continue;
			strbuf_addf(o, "<tr><td>%s</td><td>%s</td><td>%s",
				    day_text(l->decided, a),
				    outcome_labels[l->outcome < LEGAL_OUTCOME_COUNT ?
						   l->outcome : LEGAL_NO_ACTION],
				    day_text(l->review, b));
			if (l->reviewed != DAY_NONE)
				strbuf_addf(o, " (reviewed %s)", day_text(l->reviewed, b));
			strbuf_addstr(o, "</td><td>");
			if (l->social_worker[0])
				html_text(o, l->social_worker);
			else
				strbuf_addstr(o, l->social_worker_required ?
					      "required, not given" : "not required");
			strbuf_addstr(o, "</td></tr>");
			shown++;
		}
		if (!shown)
			strbuf_addstr(o, "<tr><td colspan=\"4\">No decision recorded."
				      "</td></tr>");
		strbuf_addstr(o, "</tbody></table>");
		free(rows);
	}
	if (!p->may_change || !p->open)
		return;
	{
		struct form f = { .r = r, .id = "legal", .failed = failed };

		snprintf(action, sizeof(action), "/cases/%s/legal", p->upn);
		form_open(&f, "Record a joint legal decision (six steps)", action);
		strbuf_addstr(o, "<p class=\"muted\">1&ndash;3: the evidence; 4: the "
			      "social worker's agreement");
		strbuf_addstr(o, required ? " (<strong>required</strong>: the "
			      "child has a social worker)" : " (not required for this "
			      "child)");
		strbuf_addstr(o, "; 5: a review date if on hold; 6: proceed.</p>");
		form_text(&f, "policy_followed", "1. The school followed its "
			  "attendance policy: evidence", NULL, false);
		form_text(&f, "officer_discussed", "2. Discussed with the named LA "
			  "officer: who, when", NULL, false);
		form_text(&f, "support_considered", "3. Other support considered",
			  NULL, false);
		form_text(&f, "social_worker", "4. Social worker who agreed "
			  "(username)", NULL, false);
		form_date(&f, "social_worker_agreed", "4. Agreed on", DAY_NONE, false);
		form_select(&f, "outcome", "5 and 6. Decision", outcomes,
			    outcome_labels, 3, "proceed");
		form_date(&f, "review", "5. Review on (if on hold)", DAY_NONE, false);
		form_date(&f, "decided", "Decided on", date_today(), true);
		form_close(&f, "Record decision");
		strbuf_addstr(o, "</details>");
	}
}

static void parents_section(struct request *r, const struct case_page *p,
			    const struct parent_row *rows, size_t nr,
			    const char *failed)
{
	struct strbuf *o = &r->out;
	char action[64];

	strbuf_addstr(o, "<h2 id=\"parents\">Parents</h2><table><thead><tr>"
		      "<th scope=\"col\" class=\"n\">No.</th><th scope=\"col\">Name"
		      "</th><th scope=\"col\">Relationship</th><th scope=\"col\">"
		      "Contact</th><th scope=\"col\" class=\"n\">Household</th>"
		      "</tr></thead><tbody>");
	for (size_t i = 0; i < nr; i++) {
		strbuf_addf(o, "<tr><td class=\"n\">%lld</td><td>",
			    (long long)rows[i].id);
		html_text(o, rows[i].name);
		strbuf_addstr(o, "</td><td>");
		html_text(o, rows[i].relationship);
		strbuf_addstr(o, "</td><td>");
		html_text(o, rows[i].contact);
		strbuf_addf(o, "</td><td class=\"n\">%lld</td></tr>",
			    (long long)rows[i].household_id);
	}
	if (!nr)
		strbuf_addstr(o, "<tr><td colspan=\"5\">No parent recorded.</td></tr>");
	strbuf_addstr(o, "</tbody></table>");
	if (!p->may_change)
		return;
	{
		struct form f = { .r = r, .id = "parent", .failed = failed };

		snprintf(action, sizeof(action), "/cases/%s/parent", p->upn);
		form_open(&f, "Add a parent", action);
		form_text(&f, "name", "Name", NULL, true);
		form_text(&f, "relationship", "Relationship (mother, carer...)",
			  NULL, false);
		form_text(&f, "contact", "Contact", NULL, false);
		form_text(&f, "household", "Household no. (blank: a new one)",
			  NULL, false);
		form_close(&f, "Add parent");
		strbuf_addstr(o, "</details>");
		f.id = "link";
		snprintf(action, sizeof(action), "/cases/%s/link", p->upn);
		form_open(&f, "Link a parent already recorded (a sibling's)", action);
		form_text(&f, "parent", "Parent no.", NULL, true);
		form_text(&f, "relationship", "Relationship", NULL, false);
		form_close(&f, "Link parent");
		strbuf_addstr(o, "</details>");
	}
}

static void notices_section(struct request *r, const struct case_page *p,
			    const struct parent_row *parents, size_t nr_parents,
			    const char *failed)
{
	static const char *const kinds[] = { "nti", "penalty" };
	static const char *const kind_labels[] = { "Notice to Improve",
						   "Penalty notice" };
	static const char *const outcomes[] = { "paid", "unpaid", "withdrawn" };
	static const char *const outcome_labels[] = {
		"Paid", "Not paid by the due date (prosecution)", "Withdrawn"
	};
	struct notice_row *rows = NULL;
	struct strbuf *o = &r->out;
	struct error e = ERROR_INIT;
	size_t nr = 0;
	char a[11], b[11], c[11], action[64];

	strbuf_addstr(o, "<h2 id=\"notices\">Notices</h2>");
	if (penalty_notice_list(r->st, &r->viewer, p->upn, &rows, &nr, &e))
		return;
	strbuf_addstr(o, "<table><thead><tr><th scope=\"col\" class=\"n\">No.</th>"
		      "<th scope=\"col\">Kind</th><th scope=\"col\">Parent</th>"
		      "<th scope=\"col\">Issued</th><th scope=\"col\" class=\"n\">"
		      "Amount</th><th scope=\"col\">Reduced rate until</th>"
		      "<th scope=\"col\">Due</th><th scope=\"col\">Status</th>"
		      "</tr></thead><tbody>");
	for (size_t i = 0; i < nr; i++) {
		const struct notice_row *n = &rows[i];

		strbuf_addf(o, "<tr><td class=\"n\">%lld</td><td>%s</td><td>",
			    (long long)n->id, kind_labels[n->kind == NOTICE_NTI ? 0 : 1]);
		html_text(o, n->parent);
		strbuf_addf(o, "</td><td>%s</td><td class=\"n\">",
			    day_text(n->issued, a));
		if (n->kind == NOTICE_PENALTY)
			pence(o, n->amount_pence);
		strbuf_addf(o, "</td><td>%s</td><td>%s</td><td>%s",
			    day_text(n->reduced_until, b), day_text(n->due, c),
			    notice_status_name(n->status));
		if (n->outcome_date != DAY_NONE)
			strbuf_addf(o, " %s", day_text(n->outcome_date, a));
		if (n->paid_pence) {
			strbuf_addstr(o, " (");
			pence(o, n->paid_pence);
			strbuf_addstr(o, ")");
		}
		if (n->outcome[0]) {
			strbuf_addstr(o, ": ");
			html_text(o, n->outcome);
		}
		if (n->status == NOTICE_ISSUED && p->may_change) {
			struct form f = { .r = r, .id = NULL, .failed = failed };

			snprintf(action, sizeof(action), "/cases/%s/outcome", p->upn);
			form_open_row(&f, "outcome", n->id, "notice",
				      "Record the outcome", action);
			/* A Notice to Improve can only be withdrawn. */
			if (n->kind == NOTICE_NTI)
				form_select(&f, "status", "Outcome", outcomes + 2,
					    outcome_labels + 2, 1, "withdrawn");
			else
				form_select(&f, "status", "Outcome", outcomes,
					    outcome_labels, 3, "paid");
			form_date(&f, "on", "On", date_today(), true);
			form_text(&f, "detail", "Detail", NULL, false);
			form_close(&f, "Record outcome");
			strbuf_addstr(o, "</details>");
		}
		strbuf_addstr(o, "</td></tr>");
	}
	if (!nr)
		strbuf_addstr(o, "<tr><td colspan=\"8\">No notice issued.</td></tr>");
	strbuf_addstr(o, "</tbody></table>");
	free(rows);
	if (!p->may_change || !p->open)
		return;
	if (!nr_parents) {
		strbuf_addstr(o, "<p class=\"muted\">A notice is issued to a parent: "
			      "add one first.</p>");
		return;
	}
	{
		const char **values = xcalloc(nr_parents, sizeof(*values));
		const char **labels = xcalloc(nr_parents, sizeof(*labels));
		char (*ids)[24] = xcalloc(nr_parents, sizeof(*ids));
		struct form f = { .r = r, .id = "notice", .failed = failed };

		for (size_t i = 0; i < nr_parents; i++) {
			snprintf(ids[i], sizeof(ids[i]), "%lld",
				 (long long)parents[i].id);
			values[i] = ids[i];
			labels[i] = parents[i].name;
		}
		snprintf(action, sizeof(action), "/cases/%s/notice", p->upn);
		form_open(&f, "Issue a notice", action);
		form_select(&f, "parent", "To parent", values, labels, nr_parents,
			    NULL);
		form_select(&f, "kind", "Kind", kinds, kind_labels, 2, "nti");
		form_date(&f, "issued", "Issued on", date_today(), true);
		form_text(&f, "no_nti_reason", "Why no Notice to Improve came first "
			  "(if none did)", NULL, false);
		form_close(&f, "Issue notice");
		strbuf_addstr(o, "<p class=\"muted\">The threshold is 10 sessions of "
			      "unauthorised absence in 10 school weeks. A first penalty "
			      "notice is &pound;80 within 21 days or &pound;160 within "
			      "28; a second within 3 years &pound;160; no third.</p>"
			      "</details>");
		free(values);
		free(labels);
		free(ids);
	}
}

void case_enforcement_html(struct request *r, const struct case_page *p,
			   const char *failed)
{
	struct parent_row *parents = NULL;
	struct error e = ERROR_INIT;
	size_t nr = 0;

	legal_section(r, p, failed);
	if (parent_list(r->st, &r->viewer, p->upn, &parents, &nr, &e))
		nr = 0;
	parents_section(r, p, parents, nr, failed);
	notices_section(r, p, parents, nr, failed);
	free(parents);
}

void case_enforcement_json(struct request *r, const struct case_page *p)
{
	struct strbuf *o = &r->out;
	struct error e = ERROR_INIT;
	struct legal_row *legal = NULL;
	struct parent_row *parents = NULL;
	struct notice_row *notices = NULL;
	size_t nl = 0, np = 0, nn = 0, k = 0;
	char a[11], b[11], c[11];

	if (legal_decision_list(r->st, &r->viewer, &legal, &nl, &e))
		nl = 0;
	strbuf_addstr(o, ",\"legal\":[");
	for (size_t i = 0; i < nl; i++) {
		if (strcmp(legal[i].upn, p->upn))
			continue;
		strbuf_addf(o, "%s{\"id\":%lld,\"decided\":\"%s\",\"outcome\":\"%s\","
			    "\"review\":\"%s\",\"reviewed\":\"%s\","
			    "\"social_worker_required\":%s,\"social_worker\":",
			    k++ ? "," : "", (long long)legal[i].id,
			    day_text(legal[i].decided, a),
			    legal_outcome_name(legal[i].outcome),
			    day_text(legal[i].review, b), day_text(legal[i].reviewed, c),
			    legal[i].social_worker_required ? "true" : "false");
		json_str(o, legal[i].social_worker);
		strbuf_addch(o, '}');
	}
	free(legal);
	if (parent_list(r->st, &r->viewer, p->upn, &parents, &np, &e))
		np = 0;
	strbuf_addstr(o, "],\"parents\":[");
	for (size_t i = 0; i < np; i++) {
		strbuf_addf(o, "%s{\"id\":%lld,\"household\":%lld,\"name\":",
			    i ? "," : "", (long long)parents[i].id,
			    (long long)parents[i].household_id);
		json_str(o, parents[i].name);
		strbuf_addstr(o, ",\"relationship\":");
		json_str(o, parents[i].relationship);
		strbuf_addstr(o, ",\"contact\":");
		json_str(o, parents[i].contact);
		strbuf_addch(o, '}');
	}
	free(parents);
	if (penalty_notice_list(r->st, &r->viewer, p->upn, &notices, &nn, &e))
		nn = 0;
	strbuf_addstr(o, "],\"notices\":[");
	for (size_t i = 0; i < nn; i++) {
		const struct notice_row *n = &notices[i];
		strbuf_addf(o, "%s{\"id\":%lld,\"parent_id\":%lld,\"kind\":\"%s\","
			    "\"status\":\"%s\",\"issued\":\"%s\",\"reduced_until\":"
			    "\"%s\",\"due\":\"%s\",\"amount_pence\":%d,"
			    "\"paid_pence\":%d,\"outcome\":", i ? "," : "",
			    (long long)n->id, (long long)n->parent_id,
			    notice_kind_name(n->kind), notice_status_name(n->status),
			    day_text(n->issued, a), day_text(n->reduced_until, b),
			    day_text(n->due, c), n->amount_pence, n->paid_pence);
		json_str(o, n->outcome);
		strbuf_addch(o, '}');
	}
	free(notices);
	strbuf_addstr(o, "]");
}

/* ---- the forms ---------------------------------------------------------------- */

static int post_legal(struct request *r, const struct case_page *p,
		      struct error *e)
{
	const char *outcome = web_form(r, "outcome"), *sw = web_form(r, "social_worker");
	struct legal_spec s = { 0 };
	int o = outcome ? legal_outcome_parse(outcome) : -1;
	int64_t id;

	if (o < 0)
		return error_set(e, ERROR_USAGE, "outcome: choose proceed, on hold "
				 "or no action");
	if (form_day(r, "decided", date_today(), &s.decided, e) ||
	    form_day(r, "social_worker_agreed", DAY_NONE, &s.social_worker_agreed, e) ||
	    form_day(r, "review", DAY_NONE, &s.review, e))
		return -1;
	s.policy_followed = web_form(r, "policy_followed");
	s.officer_discussed = web_form(r, "officer_discussed");
	s.support_considered = web_form(r, "support_considered");
	s.social_worker = sw && *sw ? sw : NULL;
	s.outcome = (enum legal_outcome)o;
	return legal_decision_record(r->st, &r->viewer, p->upn, &s, &id, e);
}

static int post_parent(struct request *r, const struct case_page *p,
		       struct error *e)
{
	const char *household = web_form(r, "household");
	int64_t hid = 0, id;

	if (household && *household && form_id(r, "household", &hid, e))
		return -1;
	return parent_add(r->st, &r->viewer, web_form(r, "name"),
			  web_form(r, "contact"), hid, p->upn,
			  web_form(r, "relationship"), &id, e);
}

static int post_link(struct request *r, const struct case_page *p,
		     struct error *e)
{
	int64_t id;

	if (form_id(r, "parent", &id, e))
		return -1;
	return parent_link(r->st, &r->viewer, id, p->upn,
			   web_form(r, "relationship"), e);
}

static int post_notice(struct request *r, const struct case_page *p,
		       struct error *e)
{
	const char *kind = web_form(r, "kind");
	int k = kind ? notice_kind_parse(kind) : -1;
	struct notice_terms terms;
	int64_t parent, id;
	day_t issued;

	if (k < 0)
		return error_set(e, ERROR_USAGE, "kind: a Notice to Improve or a "
				 "penalty notice");
	if (form_id(r, "parent", &parent, e) ||
	    form_day(r, "issued", date_today(), &issued, e))
		return -1;
	return penalty_notice_issue(r->st, &r->viewer, p->upn, parent,
				    (enum notice_kind)k, issued,
				    web_form(r, "no_nti_reason"), &id, &terms, e);
}

static int post_outcome(struct request *r, const struct case_page *p,
			struct error *e)
{
	const char *status = web_form(r, "status");
	int s = status ? notice_status_parse(status) : -1;
	struct notice_row *rows;
	size_t nr;
	int64_t id;
	day_t on;
	bool found = false;

	if (s < 0 || s == NOTICE_ISSUED)
		return error_set(e, ERROR_USAGE, "status: paid, unpaid or withdrawn");
	if (form_id(r, "notice", &id, e) ||
	    form_day(r, "on", date_today(), &on, e))
		return -1;
	/* Only a notice about this pupil, whatever else the viewer may change. */
	if (penalty_notice_list(r->st, &r->viewer, p->upn, &rows, &nr, e))
		return -1;
	for (size_t i = 0; i < nr; i++)
		found |= rows[i].id == id;
	free(rows);
	if (!found)
		return error_set(e, ERROR_INPUT, "notice %lld is not about this "
				 "pupil", (long long)id);
	return penalty_notice_outcome(r->st, &r->viewer, id, (enum notice_status)s,
				      on, web_form(r, "detail"), e);
}

int case_enforcement_post(struct request *r, const struct case_page *p,
			  const char *action, bool *known, struct error *e)
{
	static const struct {
		const char *name;
		int (*fn)(struct request *, const struct case_page *,
			  struct error *);
	} posts[] = {
		{ "legal", post_legal }, { "parent", post_parent },
		{ "link", post_link }, { "notice", post_notice },
		{ "outcome", post_outcome },
	};

	*known = false;
	for (size_t i = 0; i < sizeof(posts) / sizeof(posts[0]); i++)
		if (!strcmp(action, posts[i].name)) {
			*known = true;
			return posts[i].fn(r, p, e);
		}
	return -1;
}
