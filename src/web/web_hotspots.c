/* Hotspots: absence by home area and deprivation decile, ranked. */
#include <string.h>

#include "web/html.h"
#include "web/pages.h"

int page_hotspots(struct request *r)
{
	const struct figures *s;
	const struct area_row *areas;
	struct strbuf *o = &r->out;
	size_t nr;

	if (!access_authority(&r->viewer))
		return web_error(r, 403, "Hotspots are for LA officers.");
	if (!(s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	areas = s->areas;
	nr = s->nr_areas;
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		strbuf_addstr(o, "[");
		for (size_t a = 0; a < nr; a++) {
			strbuf_addf(o, "%s\n{\"district\":", a ? "," : "");
			json_str(o, areas[a].district);
			strbuf_addstr(o, ",\"area\":");
			json_str(o, areas[a].name);
			strbuf_addf(o, ",\"imd_decile\":%d,\"headline\":", areas[a].decile);
			page_json_tally(o, &areas[a].t);
			strbuf_addstr(o, "}");
		}
		strbuf_addstr(o, "\n]\n");
		return 0;
	}
	layout_start(r, "Hotspots: absence by home area");
	strbuf_addstr(o, "<p class=\"muted\">Pupils of compulsory school age by the "
		      "postcode district they live in, highest absence first. "
		      "Deprivation decile 1 is the most deprived.</p><table><thead>"
		      "<tr><th>District</th><th>Area</th><th class=\"n\">Decile</th>"
		      "<th class=\"n\">Pupils</th><th class=\"n\">Overall absence</th>"
		      "<th class=\"n\">PA</th><th class=\"n\">SA</th></tr></thead><tbody>");
	for (size_t a = 0; a < nr; a++) {
		const struct tally *t = &areas[a].t;
		strbuf_addstr(o, "<tr><td>");
		html_text(o, areas[a].district);
		strbuf_addstr(o, "</td><td>");
		html_text(o, areas[a].name);
		strbuf_addf(o, "</td><td class=\"n\">%d</td>", areas[a].decile);
		html_tally_cells(o, t, false);
		strbuf_addstr(o, "</tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
	if (nr) {
		struct tally decile[11];

		memset(decile, 0, sizeof(decile));
		for (size_t a = 0; a < nr; a++)
			if (areas[a].decile >= 1 && areas[a].decile <= 10)
				tally_merge(&decile[areas[a].decile], &areas[a].t);
		strbuf_addstr(o, "<h2>By deprivation decile</h2><p class=\"muted\">"
			      "The same pupils, by the decile of the district they "
			      "live in.</p><table><thead><tr><th>Decile</th>"
			      "<th class=\"n\">Pupils</th><th class=\"n\">Overall "
			      "absence</th><th class=\"n\">PA</th><th class=\"n\">SA"
			      "</th></tr></thead><tbody>");
		for (int d = 1; d <= 10; d++) {
			if (!decile[d].enrolments)
				continue;
			strbuf_addf(o, "<tr><td>%d%s</td>", d, d == 1 ?
				    " (most deprived)" : d == 10 ?
				    " (least deprived)" : "");
			html_tally_cells(o, &decile[d], false);
			strbuf_addstr(o, "</tr>");
		}
		strbuf_addstr(o, "</tbody></table>");
	}
	if (!nr)
		strbuf_addstr(o, "<p>No areas have been imported (an areas file: "
			      "postcode_district,area,imd_decile).</p>");
	layout_end(r);
	return 0;
}
