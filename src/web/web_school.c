/* A school's page: bands, year groups, cohorts, weekly trend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/urn.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/svg.h"

static void cohort_chart(struct request *r, const struct figures *s,
			 long school, size_t id)
{
	const struct figures_cohort *c = &figures_cohorts[id];
	const struct tally *t = figures_cohort_tallies(s, school, id);
	double values[FIGURES_COHORT_ROWS * (BAND_COUNT - 1)];
	const char *segments[BAND_COUNT - 1], *classes[BAND_COUNT - 1];
	static const char *const class_names[BAND_COUNT] = {
		"", "band-expected", "band-at_risk_pa", "band-pa",
		"band-at_risk_sa", "band-sa",
	};
	struct svg_stack chart = { 0 };
	char id_text[16];

	for (int b = BAND_EXPECTED; b < BAND_COUNT; b++) {
		segments[b - 1] = band_label((enum band)b);
		classes[b - 1] = class_names[b];
	}
	for (int row = 0; row < c->nr; row++)
		for (int b = BAND_EXPECTED; b < BAND_COUNT; b++)
			values[row * (BAND_COUNT - 1) + b - 1] = (double)t[row].band[b];
	snprintf(id_text, sizeof(id_text), "cohort%zu", id);
	chart.title = c->name;
	chart.desc = "Share of pupils in each attendance band, by cohort";
	chart.row_labels = c->values;
	chart.rows = (size_t)c->nr;
	chart.segment_labels = segments;
	chart.segment_class = classes;
	chart.segments = BAND_COUNT - 1;
	chart.values = values;
	chart.id = id_text;
	strbuf_addstr(&r->out, "<h3>");
	html_text(&r->out, c->name);
	strbuf_addstr(&r->out, "</h3><figure>");
	svg_stacked_bars(&r->out, &chart);
	strbuf_addstr(&r->out, "</figure><table><thead><tr><th>Cohort</th>"
		      "<th class=\"n\">Pupils</th><th class=\"n\">Overall absence"
		      "</th><th class=\"n\">PA</th><th class=\"n\">SA</th></tr>"
		      "</thead><tbody>");
	for (int row = 0; row < c->nr; row++) {
		strbuf_addstr(&r->out, "<tr><td>");
		html_text(&r->out, c->values[row]);
		strbuf_addstr(&r->out, "</td>");
		html_tally_cells(&r->out, &t[row], false);
		strbuf_addstr(&r->out, "</tr>");
	}
	strbuf_addstr(&r->out, "</tbody></table>");
}

static void year_groups(struct request *r, const struct figures *s, long school)
{
	const struct tally *t = figures_year_group_tallies(s, school);
	struct strbuf *o = &r->out;

	strbuf_addstr(o, "<h2>Year groups</h2><table><thead><tr><th>Year</th>"
		      "<th class=\"n\">Pupils</th><th class=\"n\">Overall absence"
		      "</th><th class=\"n\">PA</th><th class=\"n\">SA</th></tr>"
		      "</thead><tbody>");
	for (size_t k = 0; k < FIGURES_YEAR_GROUPS; k++) {
		const char *name = figures_year_groups[k];

		if (!t[k].enrolments)
			continue;
		strbuf_addstr(o, "<tr><td>");
		html_text(o, name[0] ? name : "not recorded");
		strbuf_addstr(o, "</td>");
		html_tally_cells(o, &t[k], false);
		strbuf_addstr(o, "</tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
}

/* How the school uses each code, beside the authority (consistency). */
static void code_usage(struct request *r, const struct figures *s, long school)
{
	struct strbuf *o = &r->out;
	uint64_t mine = 0, all = s->authority_coded;

	for (size_t m = 1; m < code_count; m++)
		mine += s->codes[school][m];
	strbuf_addstr(o, "<h2>Codes used</h2><p class=\"muted\">Share of all "
		      "recorded sessions this year; a code used far more or less "
		      "than across the authority is worth a look (for example O "
		      "where others use N).</p><table><thead><tr><th>Code</th>"
		      "<th>Meaning</th><th class=\"n\">Sessions</th><th class=\"n\">"
		      "This school</th><th class=\"n\">Authority</th></tr></thead>"
		      "<tbody>");
	for (size_t m = 1; m < code_count; m++) {
		uint64_t in_la = s->authority_codes[m];

		if (!s->codes[school][m] && !in_la)
			continue;
		strbuf_addstr(o, "<tr><td>");
		html_text(o, code_table[m].code);
		strbuf_addstr(o, "</td><td>");
		html_text(o, code_table[m].meaning);
		strbuf_addf(o, "</td><td class=\"n\">%u</td><td class=\"n\">",
			    s->codes[school][m]);
		html_percent(o, s->codes[school][m], mine);
		strbuf_addstr(o, "</td><td class=\"n\">");
		html_percent(o, in_la, all);
		strbuf_addstr(o, "</td></tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
}

static void school_json(struct request *r, const struct figures *s, long i)
{
	const struct school_row *sc = &s->roll.schools[i];
	char year[8];

	academic_year_name(s->year, year);
	strbuf_addf(&r->out, "{\"urn\":%d,\"name\":", sc->urn);
	json_str(&r->out, sc->name);
	strbuf_addf(&r->out, ",\"phase\":\"%s\",\"academic_year\":\"%s\","
		    "\"headline\":", phase_name(sc->phase), year);
	page_json_tally(&r->out, &s->school[i]);
	strbuf_addstr(&r->out, ",\"cohorts\":{");
	for (size_t c = 0; c < FIGURES_COHORTS; c++) {
		const struct tally *t = figures_cohort_tallies(s, i, c);

		strbuf_addstr(&r->out, c ? "," : "");
		json_str(&r->out, figures_cohorts[c].name);
		strbuf_addstr(&r->out, ":{");
		for (int row = 0; row < figures_cohorts[c].nr; row++) {
			strbuf_addstr(&r->out, row ? "," : "");
			json_str(&r->out, figures_cohorts[c].values[row]);
			strbuf_addch(&r->out, ':');
			page_json_tally(&r->out, &t[row]);
		}
		strbuf_addstr(&r->out, "}");
	}
	strbuf_addstr(&r->out, "},\"weekly\":");
	page_weekly_json(r, s, i);
	strbuf_addstr(&r->out, "}\n");
}

/* The school's figures: the same for everyone who may see the school. */
static void school_body(struct request *r, const struct figures *s, long i)
{
	page_headline(r, &s->school[i], "Pupils of compulsory school age");
	page_bands(&r->out, &s->school[i]);
	strbuf_addstr(&r->out, "<h2>Weekly absence</h2>");
	page_weekly_chart(r, s, i);
	year_groups(r, s, i);
	strbuf_addstr(&r->out, "<h2>Attendance band by cohort</h2><p class=\"muted\">"
		      "All pupils on roll, by what the school records of them."
		      "</p>");
	for (size_t c = 0; c < FIGURES_COHORTS; c++)
		cohort_chart(r, s, i, c);
	code_usage(r, s, i);
}

int page_school(struct request *r)
{
	const struct figures *s;
	const struct school_row *sc;
	char title[200], year[8], key[32];
	int32_t urn;
	long i;

	if (!urn_parse(r->arg[0], strlen(r->arg[0]), &urn))
		return web_error(r, 400, "A school is named by its 6-digit URN.");
	if (!(s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	i = figures_school(s, urn);
	if (i < 0)
		return web_error(r, 404, "There is no school with that URN.");
	sc = &s->roll.schools[i];
	if (!access_school_summary(&r->viewer, sc->id))
		return web_error(r, 403, "You may not see this school.");
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		snprintf(key, sizeof(key), "api/schools/%06d", sc->urn);
		web_fragment(r, key, school_json, i);
		return 0;
	}
	academic_year_name(s->year, year);
	snprintf(title, sizeof(title), "%s, %s", sc->name, year);
	layout_start(r, title);
	strbuf_addf(&r->out, "<p class=\"muted\">URN %06d &middot; %s</p>",
		    sc->urn, phase_name(sc->phase));
	if (access_school_pupils(&r->viewer, sc->id)) {
		strbuf_addf(&r->out, "<p>Lists: <a href=\"/lists/sa?school=%06d\">"
			    "severe absence</a> &middot; <a href=\"/lists/pa?school="
			    "%06d\">persistent absence</a> &middot; <a href=\"/lists/"
			    "at_risk_pa?school=%06d\">at risk of PA</a> &middot; "
			    "<a href=\"/lists/worse?school=%06d\">moved to a worse "
			    "band this week</a></p>", sc->urn, sc->urn, sc->urn,
			    sc->urn);
	}
	snprintf(key, sizeof(key), "schools/%06d", sc->urn);
	web_fragment(r, key, school_body, i);
	layout_end(r);
	return 0;
}
