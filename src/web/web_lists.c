/* Lists of named pupils by band, with filters; CSV downloads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv_write.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

static const struct {
	const char *key, *title;
} kinds[] = {
	{ "sa", "Severe absence" },
	{ "pa", "Persistent absence (including severe)" },
	{ "at_risk_pa", "At risk of persistent absence" },
	{ "at_risk_sa", "At risk of severe absence" },
	{ "worse", "Moved into a worse band this week" },
	{ "likely_pa", "Likely to end the year persistently absent (forecast)" },
	{ "caseload", "Children I may see" },
};

/*
 * The row's pupil, at the row's school only, and by its dates: a school's
 * row of a pupil who has left it only for as long as it may see what it
 * recorded (core/access.h).
 */
static bool row_visible(const struct viewer *v, const struct figures *s,
			size_t i, day_t today)
{
	const struct enrolment_row *row = &s->roll.rows[i];
	const struct access_enrolment en = {
		s->roll.schools[row->school].id, row->start, row->end
	};

	return access_pupil_row(v, s->info[i].pupil_id, &en, s->info[i].care,
				today);
}

static bool in_kind(const char *kind, const struct figures *s, size_t i)
{
	const struct measure *m = &s->roll.rows[i].m, *before = &s->before[i];
	uint32_t a = measure_absent(m);
	enum band b = band_of(a, m->possible);

	if (!strcmp(kind, "sa"))
		return b == BAND_SA;
	if (!strcmp(kind, "pa"))
		return absence_is_pa(a, m->possible);
	if (!strcmp(kind, "at_risk_pa"))
		return b == BAND_AT_RISK_PA;
	if (!strcmp(kind, "at_risk_sa"))
		return b == BAND_AT_RISK_SA;
	if (!strcmp(kind, "worse"))
		return before->possible &&
		       b > band_of(measure_absent(before), before->possible);
	if (!strcmp(kind, "likely_pa"))	/* not PA yet, but likely to be */
		return s->p_pa[i] >= FORECAST_THRESHOLD &&
		       !absence_is_pa(a, m->possible);
	return true;	/* caseload */
}

/* The filter fields of a list, read once per request. */
static const char *const filter_names[] = { "school", "year", "fsm", "sen", "care" };
#define NR_FILTERS (sizeof(filter_names) / sizeof(filter_names[0]))

struct list_filter {
	const char *school, *year, *fsm, *sen, *care;
};

static void filter_read(struct request *r, struct list_filter *f)
{
	f->school = web_query(r, "school");
	f->year = web_query(r, "year");
	f->fsm = web_query(r, "fsm");
	f->sen = web_query(r, "sen");
	f->care = web_query(r, "care");
}

static bool matches(const struct list_filter *f, const struct figures *s,
		    size_t i)
{
	const struct pupil_info *p = &s->info[i];

	if (f->school && *f->school) {
		char urn[8];

		snprintf(urn, sizeof(urn), "%06d", s->roll.rows[i].urn);
		if (strcmp(f->school, urn))
			return false;
	}
	if (f->year && *f->year && strcmp(f->year, p->year_group))
		return false;
	if (f->fsm && *f->fsm && strcmp(f->fsm, flag_code(p->fsm)))
		return false;
	if (f->sen && *f->sen && strcmp(f->sen, sen_code(p->sen)))
		return false;
	if (f->care && *f->care && strcmp(f->care, p->care == CARE_NONE ? "none" :
					  social_care_code(p->care)))
		return false;
	return true;
}

static void filters(struct request *r, const char *kind)
{
	static const char *const labels[NR_FILTERS] = {
		"School (URN)", "Year group", "FSM (Y/N)", "SEN (N/K/E)",
		"Social care (none/CIN/CP/CLA)"
	};
	struct strbuf *o = &r->out;

	strbuf_addstr(o, "<form class=\"filters\" method=\"get\" action=\"/lists/");
	html_attr(o, kind);
	strbuf_addstr(o, "\">");
	for (size_t f = 0; f < NR_FILTERS; f++) {
		const char *v = web_query(r, filter_names[f]);
		strbuf_addf(o, "<div><label for=\"f-%s\">", filter_names[f]);
		html_text(o, labels[f]);
		strbuf_addf(o, "</label><input id=\"f-%s\" name=\"%s\" size=\"8\" "
			    "value=\"", filter_names[f], filter_names[f]);
		html_attr(o, v ? v : "");
		strbuf_addstr(o, "\"></div>");
	}
	strbuf_addstr(o, "<button type=\"submit\">Filter</button></form><p>");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		strbuf_addstr(o, k ? " &middot; " : "");
		strbuf_addf(o, "<a href=\"/lists/%s\">", kinds[k].key);
		html_text(o, kinds[k].title);
		strbuf_addstr(o, "</a>");
	}
	strbuf_addstr(o, "</p>");
}

/* "Pupils 101-200 of 46,155" with links that keep the filters. */
static void list_pager(struct request *r, const char *kind, size_t count,
		       long page)
{
	struct strbuf link = STRBUF_INIT;

	strbuf_addstr(&link, "/lists/");
	html_url_arg(&link, kind);
	strbuf_addch(&link, '?');
	for (size_t f = 0; f < NR_FILTERS; f++) {
		const char *v = web_query(r, filter_names[f]);
		if (!v || !*v)
			continue;
		strbuf_addf(&link, "%s=", filter_names[f]);
		html_url_arg(&link, v);
		strbuf_addstr(&link, "&amp;");
	}
	page_pager(r, "pupils", count, page, link.buf);
	strbuf_release(&link);
}

int page_list(struct request *r)
{
	const char *kind = r->arg[0], *title = NULL, *format = web_query(r, "format");
	const struct figures *s;
	struct strbuf *o = &r->out;
	struct list_filter filter;
	size_t count = 0, first;
	char detail[160];
	day_t today = date_today();
	long page;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(kind, kinds[k].key))
			title = kinds[k].title;
	if (!title)
		return web_error(r, 404, "There is no such list.");
	if (!access_named_pupils(&r->viewer))
		return web_error(r, 403, "Governors see school summaries, not "
				 "named pupils.");
	if (format && !strcmp(format, "csv"))
		r->format = WEB_CSV;
	else if (format && strcmp(format, "html") && strcmp(format, "json"))
		return web_error(r, 400, "format is html, csv or json.");
	if (page_number(r, &page))
		return web_error(r, 400, "page is a number from 1.");
	first = (size_t)(page - 1) * PAGE_ROWS;
	if (!(s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	filter_read(r, &filter);
	if (r->format == WEB_CSV) {
		r->content_type = "text/csv; charset=utf-8";
		snprintf(r->disposition, sizeof(r->disposition),
			 "attachment; filename=\"attend-%s.csv\"", kind);
		strbuf_addstr(o, "upn,urn,surname,forename,year_group,possible,"
			      "absence_pct,band,pa_forecast\n");
	} else if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		strbuf_addstr(o, "[");
	} else {
		layout_start(r, title);
		filters(r, kind);
		strbuf_addstr(o, "<p><a href=\"?");
		for (size_t f = 0; f < NR_FILTERS; f++) {
			const char *v = web_query(r, filter_names[f]);
			if (!v || !*v)
				continue;
			strbuf_addf(o, "%s=", filter_names[f]);
			html_url_arg(o, v);
			strbuf_addstr(o, "&amp;");
		}
		strbuf_addstr(o, "format=csv\">Download as CSV</a></p>");
		strbuf_addstr(o, "<table><thead><tr><th>Pupil</th><th>School</th>"
			      "<th>Year</th><th class=\"n\">Possible</th>"
			      "<th class=\"n\">Absence</th><th>Band</th>"
			      "<th class=\"n\"><abbr title=\"Probability of ending "
			      "the year persistently absent\">PA forecast</abbr></th>"
			      "</tr></thead><tbody>");
	}
	for (size_t i = 0; i < s->roll.nr_rows; i++) {
		const struct enrolment_row *row = &s->roll.rows[i];
		const struct pupil_info *p = &s->info[i];
		uint32_t a = measure_absent(&row->m);
		enum band b = band_of(a, row->m.possible);
		char pct[24], name[140], fc[16] = "";

		if (!row_visible(&r->viewer, s, i, today) ||
		    !in_kind(kind, s, i) || !matches(&filter, s, i))
			continue;
		/* A page shows PAGE_ROWS of them; CSV and JSON give them all. */
		if (r->format == WEB_HTML &&
		    (count < first || count >= first + PAGE_ROWS)) {
			count++;
			continue;
		}
		percent_format(a, row->m.possible, pct);
		if (s->p_pa[i] >= 0)
			snprintf(fc, sizeof(fc), "%.0f", 100.0 * s->p_pa[i]);
		if (r->format == WEB_CSV) {
			strbuf_addf(o, "%s,%06d,", row->upn, row->urn);
			csv_add_field(o, p->surname, strlen(p->surname));
			strbuf_addch(o, ',');
			csv_add_field(o, p->forename, strlen(p->forename));
			strbuf_addch(o, ',');
			csv_add_field(o, p->year_group, strlen(p->year_group));
			strbuf_addf(o, ",%u,%s,%s,%s\n", row->m.possible,
				    pct, band_name(b), fc);
		} else if (r->format == WEB_JSON) {
			strbuf_addf(o, "%s\n{\"upn\":\"%s\",\"urn\":%d,\"surname\":",
				    count ? "," : "", row->upn, row->urn);
			json_str(o, p->surname);
			strbuf_addstr(o, ",\"forename\":");
			json_str(o, p->forename);
			strbuf_addf(o, ",\"year_group\":\"%s\",\"possible\":%u,"
				    "\"absence_pct\":%s,\"band\":\"%s\","
				    "\"pa_forecast_pct\":%s}",
				    p->year_group, row->m.possible, pct[0] ? pct : "null",
				    band_name(b), fc[0] ? fc : "null");
		} else {
			snprintf(name, sizeof(name), "%s %s", p->forename, p->surname);
			strbuf_addstr(o, "<tr><td>");
			link_pupil(o, row->upn, name);
			strbuf_addstr(o, "</td><td>");
			link_school(o, row->urn, s->roll.schools[row->school].name);
			strbuf_addstr(o, "</td><td>");
			html_text(o, p->year_group);
			strbuf_addf(o, "</td><td class=\"n\">%u</td><td class=\"n\">%s%s"
				    "</td><td><span class=\"tag band-%s\">%s</span></td>"
				    "<td class=\"n\">%s%s</td></tr>", row->m.possible,
				    pct, pct[0] ? "%" : "", band_name(b), band_label(b),
				    fc[0] ? fc : "&ndash;", fc[0] ? "%" : "");
		}
		count++;
	}
	if (r->format != WEB_HTML)
		snprintf(detail, sizeof(detail), "list %s: %zu pupils", kind, count);
	else
		snprintf(detail, sizeof(detail), "list %s: %zu pupils, page %ld "
			 "shown (%zu)", kind, count, page, first >= count ? 0 :
			 count - first < PAGE_ROWS ? count - first : PAGE_ROWS);
	if (web_audit_view(r, "view list", kind, detail))
		return 0;
	if (r->format == WEB_JSON)
		strbuf_addstr(o, "\n]\n");
	else if (r->format == WEB_HTML) {
		strbuf_addstr(o, "</tbody></table>");
		list_pager(r, kind, count, page);
		layout_end(r);
	}
	return 0;
}
