/* The audit log (LA leads only): searchable, never editable. */
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/pages.h"

#define AUDIT_SHOWN 500

struct audit_page {
	struct request *r;
	size_t shown;
};

static void audit_row(const struct audit_entry *a, void *data)
{
	struct audit_page *p = data;
	struct strbuf *o = &p->r->out;
	const char *col[5] = { a->at, a->username, a->action, a->object,
			       a->detail };

	if (p->r->format == WEB_JSON) {
		static const char *const keys[5] = {
			"at", "username", "action", "object", "detail"
		};
		strbuf_addstr(o, p->shown++ ? ",\n{" : "\n{");
		for (int c = 0; c < 5; c++) {
			strbuf_addf(o, "%s\"%s\":", c ? "," : "", keys[c]);
			json_str(o, col[c]);
		}
		strbuf_addstr(o, "}");
		return;
	}
	strbuf_addstr(o, "<tr>");
	for (int c = 0; c < 5; c++) {
		strbuf_addstr(o, "<td>");
		html_text(o, col[c]);
		strbuf_addstr(o, "</td>");
	}
	strbuf_addstr(o, "</tr>");
	p->shown++;
}

int page_audit(struct request *r)
{
	const char *q = web_query(r, "q");
	struct strbuf *o = &r->out;
	struct audit_page p = { r, 0 };
	struct error e = ERROR_INIT;

	if (!access_admin(&r->viewer))
		return web_error(r, 403, "The audit log is for the LA lead.");
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		strbuf_addstr(o, "[");
	} else {
		layout_start(r, "Audit log");
		strbuf_addstr(o, "<form class=\"filters\" method=\"get\" action=\"/audit\">"
			      "<div><label for=\"q\">Search user, pupil or action"
			      "</label><input id=\"q\" name=\"q\" value=\"");
		html_attr(o, q ? q : "");
		strbuf_addstr(o, "\"></div><button type=\"submit\">Search</button>"
			      "</form><table><thead><tr><th>When (UTC)</th><th>Who"
			      "</th><th>What</th><th>Record</th><th>Detail</th></tr>"
			      "</thead><tbody>");
	}
	if (audit_list(r->st, q, AUDIT_SHOWN, audit_row, &p, &e))
		return web_error(r, 500, "The audit log could not be read.");
	if (r->format == WEB_JSON) {
		strbuf_addstr(o, "\n]\n");
	} else {
		strbuf_addf(o, "</tbody></table><p class=\"muted\">%zu entries shown "
			    "(newest first, at most %d).</p>", p.shown, AUDIT_SHOWN);
		layout_end(r);
	}
	return 0;
}
