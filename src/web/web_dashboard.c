/* The authority dashboard, and the list of schools. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/snapshot.h"

static void card(struct strbuf *o, const char *label, uint64_t num,
		 uint64_t den, const char *note)
{
	strbuf_addstr(o, "<div class=\"card\"><small>");
	html_text(o, label);
	strbuf_addstr(o, "</small><b>");
	html_percent(o, num, den);
	strbuf_addstr(o, "</b><small>");
	html_text(o, note);
	strbuf_addstr(o, "</small></div>");
}

void page_json_tally(struct strbuf *o, const struct tally *t)
{
	char a[24], b[24], c[24], d[24], f[24];

	strbuf_addf(o, "{\"enrolments\":%llu,\"possible\":%llu,"
		    "\"overall_pct\":%s,\"authorised_pct\":%s,"
		    "\"unauthorised_pct\":%s,\"pa\":%llu,\"pa_pct\":%s,"
		    "\"sa\":%llu,\"sa_pct\":%s,\"bands\":{",
		    (unsigned long long)t->enrolments,
		    (unsigned long long)t->possible,
		    t->possible ? percent_format(t->authorised + t->unauthorised,
						 t->possible, a) : "null",
		    t->possible ? percent_format(t->authorised, t->possible, b) : "null",
		    t->possible ? percent_format(t->unauthorised, t->possible, c) : "null",
		    (unsigned long long)t->pa,
		    t->enrolments ? percent_format(t->pa, t->enrolments, d) : "null",
		    (unsigned long long)t->sa,
		    t->enrolments ? percent_format(t->sa, t->enrolments, f) : "null");
	for (int b2 = BAND_EXPECTED; b2 < BAND_COUNT; b2++)
		strbuf_addf(o, "%s\"%s\":%llu", b2 > BAND_EXPECTED ? "," : "",
			    band_name((enum band)b2),
			    (unsigned long long)t->band[b2]);
	strbuf_addstr(o, "}}");
}

void page_headline(struct request *r, const struct tally *t, const char *who)
{
	struct strbuf *o = &r->out;
	char note[96];

	strbuf_addstr(o, "<div class=\"cards\">");
	snprintf(note, sizeof(note), "%s, of possible sessions", who);
	card(o, "Overall absence", t->authorised + t->unauthorised, t->possible,
	     note);
	card(o, "Authorised absence", t->authorised, t->possible, "");
	card(o, "Unauthorised absence", t->unauthorised, t->possible, "");
	snprintf(note, sizeof(note), "%llu pupil%s (absent 10%% or more)",
		 (unsigned long long)t->pa, t->pa == 1 ? "" : "s");
	card(o, "Persistent absence", t->pa, t->enrolments, note);
	snprintf(note, sizeof(note), "%llu pupil%s (absent 50%% or more)",
		 (unsigned long long)t->sa, t->sa == 1 ? "" : "s");
	card(o, "Severe absence", t->sa, t->enrolments, note);
	strbuf_addstr(o, "</div>");
}

void page_bands(struct strbuf *o, const struct tally *t)
{
	uint64_t total = 0;

	for (int b = BAND_EXPECTED; b < BAND_COUNT; b++)
		total += t->band[b];
	strbuf_addstr(o, "<h2>Attendance bands</h2>");
	page_band_chart(o, t);
	strbuf_addstr(o, "<table><thead><tr><th>Band</th><th class=\"n\">Pupils"
		      "</th><th class=\"n\">Share</th></tr></thead><tbody>");
	for (int b = BAND_EXPECTED; b < BAND_COUNT; b++) {
		strbuf_addf(o, "<tr><td><span class=\"tag band-%s\">&nbsp;</span> ",
			    band_name((enum band)b));
		html_text(o, band_label((enum band)b));
		strbuf_addf(o, "</td><td class=\"n\">%llu</td><td class=\"n\">",
			    (unsigned long long)t->band[b]);
		html_percent(o, t->band[b], total);
		strbuf_addstr(o, "</td></tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
}

/* The columns of the schools table, for sorting. */
enum { COL_NAME, COL_PHASE, COL_PUPILS, COL_OVERALL, COL_UNAUTH, COL_PA,
       COL_SA, COL_COUNT };
static const char *const col_keys[COL_COUNT] = {
	"name", "phase", "pupils", "overall", "unauthorised", "pa", "sa"
};
static const char *const col_labels[COL_COUNT] = {
	"School", "Phase", "Pupils", "Overall absence", "Unauthorised", "PA",
	"SA"
};

static const struct figures *sort_snap;
static int sort_col, sort_desc;

static double col_value(size_t i, int col)
{
	const struct tally *t = &sort_snap->school[i];

	switch (col) {
	case COL_PUPILS: return (double)t->enrolments;
	case COL_OVERALL: return t->possible ? (double)(t->authorised +
		t->unauthorised) / (double)t->possible : -1;
	case COL_UNAUTH: return t->possible ? (double)t->unauthorised /
		(double)t->possible : -1;
	case COL_PA: return t->enrolments ? (double)t->pa / (double)t->enrolments : -1;
	case COL_SA: return t->enrolments ? (double)t->sa / (double)t->enrolments : -1;
	default: return 0;
	}
}

static int school_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct school_row *sx = &sort_snap->roll.schools[x];
	const struct school_row *sy = &sort_snap->roll.schools[y];
	int c;

	if (sort_col == COL_NAME)
		c = strcmp(sx->name, sy->name);
	else if (sort_col == COL_PHASE)
		c = (int)sx->phase - (int)sy->phase;
	else {
		double vx = col_value(x, sort_col), vy = col_value(y, sort_col);
		c = (vx > vy) - (vx < vy);
	}
	if (!c)
		c = (sx->urn > sy->urn) - (sx->urn < sy->urn);
	return sort_desc ? -c : c;
}

static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;

/* The schools the viewer may see, sorted as the query asks. */
static size_t *visible_schools(struct request *r, const struct figures *s,
			       size_t *nr)
{
	const char *sort = web_query(r, "sort"), *dir = web_query(r, "dir");
	size_t *list = xmalloc((s->roll.nr_schools + 1) * sizeof(*list));

	*nr = 0;
	for (size_t i = 0; i < s->roll.nr_schools; i++)
		if (access_school_summary(&r->viewer, s->roll.schools[i].id))
			list[(*nr)++] = i;
	pthread_mutex_lock(&sort_lock);
	sort_snap = s;
	sort_col = COL_NAME;
	for (int c = 0; sort && c < COL_COUNT; c++)
		if (!strcmp(sort, col_keys[c]))
			sort_col = c;
	sort_desc = dir && !strcmp(dir, "desc");
	qsort(list, *nr, sizeof(*list), school_cmp);
	pthread_mutex_unlock(&sort_lock);
	return list;
}

static void schools_table(struct request *r, const struct figures *s)
{
	struct strbuf *o = &r->out;
	const char *sort = web_query(r, "sort"), *dir = web_query(r, "dir");
	size_t nr, *list = visible_schools(r, s, &nr);

	strbuf_addstr(o, "<table><caption class=\"muted\">Select a heading to "
		      "sort by it</caption><thead><tr>");
	for (int c = 0; c < COL_COUNT; c++) {
		bool active = sort && !strcmp(sort, col_keys[c]);
		bool desc = active && dir && !strcmp(dir, "desc");
		strbuf_addf(o, "<th%s scope=\"col\"%s><a href=\"?sort=%s&amp;dir=%s\">",
			    c >= COL_PUPILS ? " class=\"n\"" : "",
			    active ? (desc ? " aria-sort=\"descending\"" :
				      " aria-sort=\"ascending\"") : "",
			    col_keys[c], active && !desc ? "desc" : "asc");
		html_text(o, col_labels[c]);
		strbuf_addstr(o, active ? (desc ? " &#9660;" : " &#9650;") : "");
		strbuf_addstr(o, "</a></th>");
	}
	strbuf_addstr(o, "</tr></thead><tbody>");
	for (size_t k = 0; k < nr; k++) {
		const struct school_row *sc = &s->roll.schools[list[k]];
		const struct tally *t = &s->school[list[k]];

		strbuf_addstr(o, "<tr><td>");
		link_school(o, sc->urn, sc->name);
		strbuf_addf(o, "</td><td>%s</td>", phase_name(sc->phase));
		html_tally_cells(o, t, true);
		strbuf_addstr(o, "</tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
	free(list);
}

static void schools_json(struct request *r, const struct figures *s)
{
	size_t nr, *list = visible_schools(r, s, &nr);

	strbuf_addstr(&r->out, "[");
	for (size_t k = 0; k < nr; k++) {
		const struct school_row *sc = &s->roll.schools[list[k]];
		strbuf_addf(&r->out, "%s\n{\"urn\":%d,\"name\":", k ? "," : "",
			    sc->urn);
		json_str(&r->out, sc->name);
		strbuf_addf(&r->out, ",\"phase\":\"%s\",\"headline\":",
			    phase_name(sc->phase));
		page_json_tally(&r->out, &s->school[list[k]]);
		strbuf_addstr(&r->out, "}");
	}
	strbuf_addstr(&r->out, "\n]\n");
	free(list);
}

/* Registers not taken: sessions a school's calendar opened, unmarked. */
static void missing_registers(struct request *r, const struct figures *s)
{
	struct strbuf *o = &r->out;

	strbuf_addstr(o, "<h2>Registers not taken</h2>");
	if (!s->with_calendar) {
		strbuf_addstr(o, "<p>No school calendar has been imported, so a "
			      "register not taken cannot be told from a day the "
			      "school was shut.</p>");
		return;
	}
	if (!s->nr_missing) {
		strbuf_addstr(o, "<p>Every school with a calendar has taken every "
			      "register this year.</p>");
		return;
	}
	strbuf_addstr(o, "<table><thead><tr><th>School</th><th class=\"n\">"
		      "Sessions not taken</th><th class=\"n\">Of open sessions</th>"
		      "<th>First</th><th>Latest</th></tr></thead><tbody>");
	for (size_t i = 0; i < s->nr_missing; i++) {
		const struct missing_register *m = &s->missing[i];
		char first[11], last[11];

		date_format(m->first, first);
		date_format(m->last, last);
		strbuf_addstr(o, "<tr><td>");
		link_school(o, m->urn, m->name);
		strbuf_addf(o, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
			    "<td>%s</td><td>%s</td></tr>", m->missing, m->open,
			    first, last);
	}
	strbuf_addstr(o, "</tbody></table>");
}

static void comparison(struct request *r, const struct figures *s)
{
	const struct comparison c = s->compare;
	struct strbuf *o = &r->out;
	char last[8];

	/* Published tables are full years: compare our last full year. */
	if (!s->has_compare)
		return;
	academic_year_name(s->year - 1, last);
	strbuf_addf(o, "<h2>%s against published figures (DfE %d/%02d)</h2>",
		    last, c.time_period / 100, c.time_period % 100);
	strbuf_addstr(o, ""
		    "<table><thead><tr><th>Measure</th><th class=\"n\">Us</th>"
		    "<th class=\"n\">England</th><th class=\"n\">Region</th>"
		    "<th class=\"n\">Statistical neighbours</th><th class=\"n\">"
		    "Rank (1 = lowest absence)</th></tr></thead><tbody>");
	for (int m = 0; m < COMPARE_MEASURES; m++) {
		const struct compare_value *v[4] = {
			&c.ours[m], &c.national[m], &c.region_value[m],
			&c.neighbours[m],
		};
		strbuf_addstr(o, "<tr><td>");
		html_text(o, compare_measure_name((enum compare_measure)m));
		strbuf_addstr(o, "</td>");
		for (int k = 0; k < 4; k++) {
			if (v[k]->known)
				strbuf_addf(o, "<td class=\"n\">%.2f%%</td>", v[k]->value);
			else
				strbuf_addstr(o, "<td class=\"n\">&ndash;</td>");
		}
		strbuf_addf(o, "<td class=\"n\">%d of %d</td></tr>", c.rank[m],
			    c.of[m]);
	}
	strbuf_addstr(o, "</tbody></table>");
}

static void dashboard_json(struct request *r, const struct figures *s,
			   long unused)
{
	char year[8];

	(void)unused;
	academic_year_name(s->year, year);
	strbuf_addf(&r->out, "{\"academic_year\":\"%s\",\"authority\":", year);
	page_json_tally(&r->out, &s->authority);
	strbuf_addstr(&r->out, ",\"weekly\":");
	page_weekly_json(r, s, -1);
	strbuf_addstr(&r->out, "}\n");
}

/* The schools table lists only what the viewer may see: all of them here. */
static void dashboard_body(struct request *r, const struct figures *s,
			   long unused)
{
	(void)unused;
	page_headline(r, &s->authority, "Pupils of compulsory school age");
	comparison(r, s);
	page_bands(&r->out, &s->authority);
	strbuf_addstr(&r->out, "<h2>Weekly absence</h2>");
	page_weekly_chart(r, s, -1);
	missing_registers(r, s);
	strbuf_addstr(&r->out, "<h2>Schools</h2>");
	schools_table(r, s);
}

int page_dashboard(struct request *r)
{
	const struct figures *s;
	const char *sort, *dir;
	char title[64], year[8], key[64];
	bool desc;
	int c;

	if (!access_authority(&r->viewer)) {
		/* Everyone else starts at what they may see. */
		if (r->viewer.nr_schools && r->format == WEB_HTML &&
		    (s = web_figures(r))) {
			char to[32];
			for (size_t i = 0; i < s->roll.nr_schools; i++)
				if (s->roll.schools[i].id == r->viewer.schools[0]) {
					snprintf(to, sizeof(to), "/schools/%06d",
						 s->roll.schools[i].urn);
					return web_redirect(r, to);
				}
		}
		if (r->format == WEB_HTML && access_caseload(&r->viewer))
			return web_redirect(r, "/lists/caseload");
		return web_error(r, 403, "The authority dashboard is for LA officers.");
	}
	if (!(s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		web_fragment(r, "api/", dashboard_json, 0);
		return 0;
	}
	academic_year_name(s->year, year);
	snprintf(title, sizeof(title), "Authority attendance, %s", year);
	layout_start(r, title);
	/* Everything below is the same for every viewer allowed here. */
	sort = web_query(r, "sort");
	for (c = 0; sort && c < COL_COUNT && strcmp(sort, col_keys[c]); c++)
		;
	dir = web_query(r, "dir");
	desc = dir && !strcmp(dir, "desc");
	snprintf(key, sizeof(key), "/?sort=%s&dir=%s", sort && c < COL_COUNT ?
		 col_keys[c] : "", desc ? "desc" : "asc");
	web_fragment(r, key, dashboard_body, 0);
	layout_end(r);
	return 0;
}

int page_schools(struct request *r)
{
	const struct figures *s;

	if (!access_authority(&r->viewer) && !r->viewer.nr_schools)
		return web_error(r, 403, "You have no schools to see.");
	if (!(s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		schools_json(r, s);
		return 0;
	}
	layout_start(r, "Schools");
	schools_table(r, s);
	layout_end(r);
	return 0;
}
