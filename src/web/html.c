#include "web/html.h"

#include <stdio.h>
#include <string.h>

#include "core/measure.h"

void html_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '&': strbuf_addstr(out, "&amp;"); break;
		default: strbuf_addch(out, *s);
		}
	}
}

void html_attr(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default: strbuf_addch(out, *s);
		}
	}
}

void html_url_arg(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		    c == '~') {
			strbuf_addch(out, (char)c);
		} else {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		}
	}
}

void json_str(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_addf(out, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&')
			strbuf_addf(out, "\\u%04x", c);
		else
			strbuf_addch(out, (char)c);
	}
	strbuf_addch(out, '"');
}

void link_school(struct strbuf *out, int32_t urn, const char *name)
{
	strbuf_addf(out, "<a href=\"/schools/%06d\">", urn);
	html_text(out, name);
	strbuf_addstr(out, "</a>");
}

void link_pupil(struct strbuf *out, const char *upn, const char *label)
{
	strbuf_addstr(out, "<a href=\"/pupils/");
	html_url_arg(out, upn);
	strbuf_addstr(out, "\">");
	html_text(out, label);
	strbuf_addstr(out, "</a>");
}

void html_csrf(struct request *r)
{
	strbuf_addstr(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(&r->out, r->csrf);
	strbuf_addstr(&r->out, "\">");
}

void html_percent(struct strbuf *out, uint64_t num, uint64_t den)
{
	char buf[24];

	if (!den)
		strbuf_addstr(out, "&ndash;");
	else
		strbuf_addf(out, "%s%%", percent_format(num, den, buf));
}

void html_tally_cells(struct strbuf *out, const struct tally *t,
		      bool unauthorised)
{
	strbuf_addf(out, "<td class=\"n\">%llu</td><td class=\"n\">",
		    (unsigned long long)t->enrolments);
	html_percent(out, t->authorised + t->unauthorised, t->possible);
	if (unauthorised) {
		strbuf_addstr(out, "</td><td class=\"n\">");
		html_percent(out, t->unauthorised, t->possible);
	}
	strbuf_addstr(out, "</td><td class=\"n\">");
	html_percent(out, t->pa, t->enrolments);
	strbuf_addstr(out, "</td><td class=\"n\">");
	html_percent(out, t->sa, t->enrolments);
	strbuf_addstr(out, "</td>");
}

void layout_start(struct request *r, const char *title)
{
	struct strbuf *o = &r->out;

	strbuf_addstr(o, "<!doctype html>\n<html lang=\"en-GB\"><head>"
		      "<meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width, "
		      "initial-scale=1\"><title>");
	html_text(o, title);
	strbuf_addstr(o, " &ndash; attend</title>"
		      "<link rel=\"stylesheet\" href=\"/static/attend.css\">"
		      "</head><body><a class=\"skip\" href=\"#main\">Skip to "
		      "content</a><header><a class=\"brand\" href=\"/\">attend</a>");
	if (r->signed_in) {
		strbuf_addstr(o, "<nav aria-label=\"Main\"><ul>");
		if (access_named_pupils(&r->viewer))
			strbuf_addstr(o, "<li><a href=\"/week\">My week</a></li>");
		if (access_authority(&r->viewer))
			strbuf_addstr(o, "<li><a href=\"/\">Authority</a></li>"
				      "<li><a href=\"/schools\">Schools</a></li>"
				      "<li><a href=\"/hotspots\">Hotspots</a></li>");
		else if (r->viewer.nr_schools)
			strbuf_addstr(o, "<li><a href=\"/\">My school</a></li>");
		if (access_named_pupils(&r->viewer))
			strbuf_addstr(o, "<li><a href=\"/lists/sa\">Lists</a></li>"
				      "<li><a href=\"/cases\">Cases</a></li>"
				      "<li><a href=\"/proposals\">Proposals</a></li>");
		if (access_tsm(&r->viewer))
			strbuf_addstr(o, "<li><a href=\"/tsm\">TSMs</a></li>");
		if (access_cme(&r->viewer))
			strbuf_addstr(o, "<li><a href=\"/cme\">CME</a></li>");
		if (access_upload_any(&r->viewer))
			strbuf_addstr(o, "<li><a href=\"/upload\">Upload</a></li>");
		strbuf_addstr(o, "<li><a href=\"/alerts\">Alerts</a></li>");
		if (access_admin(&r->viewer))
			strbuf_addstr(o, "<li><a href=\"/audit\">Audit log</a></li>");
		strbuf_addstr(o, "</ul></nav><form class=\"signout\" method=\"post\" "
			      "action=\"/logout\">");
		html_csrf(r);
		strbuf_addstr(o, "<span>");
		html_text(o, r->viewer.name);
		strbuf_addstr(o, " &middot; ");
		html_text(o, role_label(r->viewer.role));
		strbuf_addstr(o, "</span> <button type=\"submit\">Sign out</button>"
			      "</form>");
	}
	strbuf_addstr(o, "</header><main id=\"main\"><h1>");
	html_text(o, title);
	strbuf_addstr(o, "</h1>\n");
}

void layout_end(struct request *r)
{
	strbuf_addstr(&r->out, "</main><footer>attend &middot; figures follow the "
		      "DfE methodology; headline rates count pupils of compulsory "
		      "school age</footer></body></html>\n");
}

const char web_css[] =
	":root{--ink:#0b0c0c;--muted:#505a5f;--line:#b1b4b6;--brand:#1d4f91;"
	"--bg:#fff;--soft:#f3f2f1;--expected:#00703c;--at-risk-pa:#b58800;"
	"--pa:#d4351c;--at-risk-sa:#942514;--sa:#4c2c92}\n"
	"*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,"
	"-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:var(--ink);"
	"background:var(--bg)}\n"
	".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;"
	"background:#fd0;padding:4px}\n"
	"header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;"
	"background:var(--brand);color:#fff;padding:.5rem 1.5rem}\n"
	"header a{color:#fff}.brand{font-weight:700;font-size:1.25rem;"
	"text-decoration:none}\n"
	"nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}\n"
	"table.facts{width:auto}.wide{overflow-x:auto}\n"
	".signout{margin-left:auto;display:flex;gap:.5rem;align-items:center}\n"
	"main{max-width:1200px;margin:0 auto;padding:1rem 1.5rem 3rem}\n"
	"h1{font-size:1.8rem;margin:.5rem 0 1rem}h2{font-size:1.3rem;"
	"margin-top:2rem}\n"
	"a{color:var(--brand)}a:focus,button:focus,input:focus,select:focus"
	"{outline:3px solid #fd0;outline-offset:0}\n"
	"table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}"
	"th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;"
	"text-align:left;vertical-align:top}td.n,th.n{text-align:right;"
	"font-variant-numeric:tabular-nums}td.d{white-space:nowrap}"
	"th{background:var(--soft)}\n"
	".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,"
	"1fr));gap:1rem;margin:1rem 0}.card{border:1px solid var(--line);"
	"border-left:6px solid var(--brand);padding:.6rem .8rem}.card b"
	"{display:block;font-size:1.7rem}.card small{color:var(--muted)}\n"
	".band-expected{fill:var(--expected);background:var(--expected)}"
	".band-at_risk_pa{fill:var(--at-risk-pa);background:var(--at-risk-pa)}"
	".band-pa{fill:var(--pa);background:var(--pa)}.band-at_risk_sa"
	"{fill:var(--at-risk-sa);background:var(--at-risk-sa)}.band-sa"
	"{fill:var(--sa);background:var(--sa)}\n"
	".tag{display:inline-block;color:#fff;padding:0 .4rem;border-radius:2px;"
	"font-size:.85rem}\n"
	"form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;"
	"background:var(--soft);padding:.75rem;margin:.5rem 0}\n"
	"label{display:block;font-weight:600}input,select,button{font:inherit;"
	"padding:.3rem .5rem}button{background:#00703c;color:#fff;border:0;"
	"padding:.4rem .9rem;cursor:pointer}\n"
	".login{max-width:24rem}.login input{width:100%;margin-bottom:.8rem}\n"
	".error{border-left:5px solid #d4351c;padding:.5rem 1rem;background:#fdf2f1}\n"
	".ok{border-left:5px solid #00703c;padding:.5rem 1rem;background:#f3faf6}\n"
	"input[type=file]{max-width:100%}.upload label{display:block;margin:.75rem 0 .25rem;font-weight:bold}\n"
	".saved{border-left:5px solid #00703c;padding:.5rem 1rem;background:#f3faf6}\n"
	".line-pa{stroke:var(--pa)}.line-sa{stroke:var(--sa)}\n"
	".count{display:inline-block;min-width:1.5em;margin-left:.5rem;padding:0 .45em;"
	"border-radius:1em;background:var(--brand);color:#fff;font-size:.9rem;"
	"text-align:center;vertical-align:middle}\n"
	"select{max-width:100%}form.filters>*{min-width:0;max-width:100%}\n"
	"@media (max-width:600px){main table{display:block;overflow-x:auto}}\n"
	".muted{color:var(--muted)}figure{margin:1rem 0}svg{max-width:100%;"
	"height:auto}\n"
	"footer{color:var(--muted);font-size:.85rem;text-align:center;"
	"padding:1rem}\n"
	"@media print{header nav,.signout,form.filters,.skip{display:none}"
	"header{background:none;color:#000}header a{color:#000}a{color:#000;"
	"text-decoration:none}main{max-width:none}}\n"
	/* casework and the TSM pack on paper: no forms, no breaks in a row */
	"@media print{details,form,.no-print,footer{display:none}"
	"body{font-size:10.5pt}h1{font-size:18pt}h2{font-size:13pt;"
	"break-after:avoid}h3{break-after:avoid}tr,li{break-inside:avoid}"
	"thead{display:table-header-group}"
	".pack h2{border-bottom:2px solid #000;padding-bottom:2pt}"
	".tag,.band-expected,.band-at_risk_pa,.band-pa,.band-at_risk_sa,"
	".band-sa,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"@page{margin:15mm}}\n";
