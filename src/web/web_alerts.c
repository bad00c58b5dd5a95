/*
 * The viewer's alert queue, each with an Acknowledge button (audited).
 * Alerts name pupils (a UPN in the row or in the message: the weekly
 * list of children looked after names each), so a queue with rows in
 * it is a view of named children and is logged before it is shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework/casework.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

/*
 * Logs the view of rows [first, end): how many, and the pupils they are
 * about.  0, or -1 with the page made a 500 (web_audit_view()).
 */
static int alerts_audit(struct request *r, const struct alert_row *rows,
			size_t first, size_t end)
{
	char detail[1024];
	size_t len;

	if (first >= end)
		return 0;
	len = (size_t)snprintf(detail, sizeof(detail), "%zu alert%s", end - first,
			       end - first == 1 ? "" : "s");
	for (size_t i = first, n = 0; i < end && len < sizeof(detail); i++) {
		if (!rows[i].upn[0])
			continue;
		len += (size_t)snprintf(detail + len, sizeof(detail) - len, "%s%s",
					n++ ? " " : ": pupils ", rows[i].upn);
	}
	return web_audit_view(r, "view list", "alerts", detail);
}

static int alerts_render(struct request *r, const char *message)
{
	const char *all_q = web_query(r, "all");
	bool all = all_q && !strcmp(all_q, "1");
	struct alert_row *rows = NULL;
	struct strbuf *o = &r->out;
	struct error e = ERROR_INIT;
	size_t nr = 0, first;
	int status = r->status;
	long page;

	if (page_number(r, &page))
		return web_error(r, 400, "page is a number from 1.");
	first = (size_t)(page - 1) * PAGE_ROWS;
	if (alert_list(r->st, &r->viewer, all, &rows, &nr, &e))
		return web_error(r, 500, "The alerts could not be read.");
	strbuf_reset(o);
	if (alerts_audit(r, rows, r->format == WEB_JSON ? 0 : first,
			 r->format == WEB_JSON ? nr : (first + PAGE_ROWS < nr ?
						       first + PAGE_ROWS : nr))) {
		free(rows);
		return 0;
	}
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		strbuf_addstr(o, "[");
		for (size_t i = 0; i < nr; i++) {
			strbuf_addf(o, "%s\n{\"id\":%lld,\"kind\":", i ? "," : "",
				    (long long)rows[i].id);
			json_str(o, rows[i].kind);
			strbuf_addf(o, ",\"upn\":\"%s\",\"urn\":%d,\"created\":",
				    rows[i].upn, rows[i].urn);
			json_str(o, rows[i].created);
			strbuf_addstr(o, ",\"message\":");
			json_str(o, rows[i].message);
			strbuf_addstr(o, ",\"acknowledged_by\":");
			json_str(o, rows[i].acknowledged_by);
			strbuf_addstr(o, ",\"acknowledged_at\":");
			json_str(o, rows[i].acknowledged_at);
			strbuf_addch(o, '}');
		}
		strbuf_addstr(o, "\n]\n");
		free(rows);
		return 0;
	}
	layout_start(r, "Alerts");
	r->status = status;
	refusal_banner(r, message);
	strbuf_addf(o, "<p class=\"muted\">Your queue: what needs your attention. "
		    "<a href=\"/alerts%s\">%s</a></p>", all ? "" : "?all=1",
		    all ? "Show open alerts only" : "Show acknowledged ones too");
	strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">Raised (UTC)</th>"
		      "<th scope=\"col\">Kind</th><th scope=\"col\">About</th>"
		      "<th scope=\"col\">Message</th><th scope=\"col\">"
		      "Acknowledged</th></tr></thead><tbody>");
	for (size_t i = first; i < nr && i < first + PAGE_ROWS; i++) {
		const struct alert_row *a = &rows[i];

		char when[32], kind[32];

		/* 2025-03-01T12:00:00Z -> 2025-03-01 12:00; penalty_threshold -> words */
		snprintf(when, sizeof(when), "%.10s %.5s", a->created,
			 strlen(a->created) > 11 ? a->created + 11 : "");
		snprintf(kind, sizeof(kind), "%s", a->kind);
		for (char *c = kind; *c; c++)
			if (*c == '_')
				*c = ' ';
		strbuf_addstr(o, "<tr><td>");
		html_text(o, when);
		strbuf_addstr(o, "</td><td>");
		html_text(o, kind);
		strbuf_addstr(o, "</td><td>");
		if (a->upn[0] && access_named_pupils(&r->viewer))
			strbuf_addf(o, "pupil <a href=\"/cases/%s\">%s</a><br>", a->upn,
				    a->upn);
		if (a->urn)
			strbuf_addf(o, "school <a href=\"/schools/%06d\">%06d</a>",
				    a->urn, a->urn);
		strbuf_addstr(o, "</td><td>");
		html_text(o, a->message);
		strbuf_addstr(o, "</td><td>");
		if (a->acknowledged_at[0]) {
			html_text(o, a->acknowledged_by);
			strbuf_addstr(o, ", ");
			html_text(o, a->acknowledged_at);
		} else {
			strbuf_addf(o, "<form method=\"post\" action=\"/alerts/%lld/ack\">",
				    (long long)a->id);
			html_csrf(r);
			strbuf_addf(o, "<button type=\"submit\" aria-label=\"Acknowledge "
				    "alert %lld\">Acknowledge</button></form>",
				    (long long)a->id);
		}
		strbuf_addstr(o, "</td></tr>");
	}
	if (!nr)
		strbuf_addstr(o, "<tr><td colspan=\"5\">Nothing in your queue.</td></tr>");
	strbuf_addstr(o, "</tbody></table>");
	if (nr)
		page_pager(r, "alerts", nr, page, all ? "/alerts?all=1&amp;" :
			   "/alerts?");
	free(rows);
	layout_end(r);
	return 0;
}

int page_alerts(struct request *r)
{
	return alerts_render(r, NULL);
}

/* POST /alerts/ID/ack */
int page_alert_ack(struct request *r)
{
	struct error e = ERROR_INIT;
	char *end;
	long long id = strtoll(r->arg[0], &end, 10);

	if (*end || id <= 0)
		return web_error(r, 400, "An alert is named by its number.");
	if (!alert_ack(r->st, &r->viewer, id, &e))
		return form_saved(r, "/alerts");
	if (form_refusal(r, &e))
		return 0;
	return alerts_render(r, e.msg);
}
