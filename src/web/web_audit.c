/* The audit log (LA leads only): searchable, never editable. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/pages.h"

int page_audit(struct request *r)
{
	const char *q = web_query(r, "q");
	sqlite3_stmt *stmt;
	struct strbuf like = STRBUF_INIT, *o = &r->out;
	int n = 0;

	if (!access_admin(&r->viewer))
		return web_error(r, 403, "The audit log is for the LA lead.");
	stmt = store_prepare(r->st, "SELECT at, username, action, object, detail "
			     "FROM audit WHERE ?1 = '' OR username LIKE ?2 "
			     "OR object LIKE ?2 OR action LIKE ?2 "
			     "ORDER BY id DESC LIMIT 500", NULL);
	if (!stmt)
		return web_error(r, 500, "The audit log could not be read.");
	strbuf_addch(&like, '%');
	strbuf_addstr(&like, q ? q : "");
	strbuf_addch(&like, '%');
	sqlite3_bind_text(stmt, 1, q ? q : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, like.buf, -1, SQLITE_TRANSIENT);
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
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *col[5];
		for (int c = 0; c < 5; c++)
			col[c] = (const char *)sqlite3_column_text(stmt, c);
		if (r->format == WEB_JSON) {
			static const char *const keys[5] = {
				"at", "username", "action", "object", "detail"
			};
			strbuf_addstr(o, n ? ",\n{" : "\n{");
			for (int c = 0; c < 5; c++) {
				strbuf_addf(o, "%s\"%s\":", c ? "," : "", keys[c]);
				json_str(o, col[c] ? col[c] : "");
			}
			strbuf_addstr(o, "}");
		} else {
			strbuf_addstr(o, "<tr>");
			for (int c = 0; c < 5; c++) {
				strbuf_addstr(o, "<td>");
				html_text(o, col[c] ? col[c] : "");
				strbuf_addstr(o, "</td>");
			}
			strbuf_addstr(o, "</tr>");
		}
		n++;
	}
	sqlite3_reset(stmt);
	strbuf_release(&like);
	if (r->format == WEB_JSON) {
		strbuf_addstr(o, "\n]\n");
	} else {
		strbuf_addf(o, "</tbody></table><p class=\"muted\">%d entries shown "
			    "(newest first, at most 500).</p>", n);
		layout_end(r);
	}
	return 0;
}
