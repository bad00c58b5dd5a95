/* The charts pages share, drawn as SVG by the server. */
#include <stdio.h>

#include "web/html.h"
#include "web/pages.h"
#include "web/svg.h"

void page_band_chart(struct strbuf *o, const struct tally *t)
{
	const char *labels[BAND_COUNT - 1], *classes[BAND_COUNT - 1];
	double values[BAND_COUNT - 1];
	static const char *const class_names[BAND_COUNT] = {
		"", "band-expected", "band-at_risk_pa", "band-pa",
		"band-at_risk_sa", "band-sa",
	};
	struct svg_bars c = { 0 };

	for (int b = BAND_EXPECTED; b < BAND_COUNT; b++) {
		labels[b - 1] = band_label((enum band)b);
		classes[b - 1] = class_names[b];
		values[b - 1] = (double)t->band[b];
	}
	c.title = "Pupils in each attendance band";
	c.desc = "Number of pupils in each of the five attendance bands";
	c.labels = labels;
	c.values = values;
	c.n = BAND_COUNT - 1;
	c.unit = "";
	c.css_class = classes;
	c.id = "bands";
	strbuf_addstr(o, "<figure>");
	svg_bar_chart(o, &c);
	strbuf_addstr(o, "</figure>");
}

static void week_values(const struct figures *s, long school, double *v,
			char (*labels)[8], int *n)
{
	*n = 0;
	for (int w = 0; w < s->nr_weeks; w++) {
		uint64_t possible = 0, absent = 0;
		int y, m, d;

		for (size_t i = 0; i < s->roll.nr_schools; i++) {
			if (school >= 0 && (long)i != school)
				continue;
			possible += s->weeks[i * FIGURES_WEEKS + w].possible;
			absent += s->weeks[i * FIGURES_WEEKS + w].absent;
		}
		if (!possible)
			continue;	/* holidays and weeks to come */
		date_to_ymd(s->first_monday + 7 * w, &y, &m, &d);
		snprintf(labels[*n], 8, "%02d/%02d", d, m);
		v[(*n)++] = 100.0 * (double)absent / (double)possible;
	}
}

void page_weekly_chart(struct request *r, const struct figures *s, long school)
{
	double v[FIGURES_WEEKS];
	char labels[FIGURES_WEEKS][8];
	const char *x[FIGURES_WEEKS];
	struct svg_series series = { 0 };
	struct svg_lines c = { 0 };
	int n;

	week_values(s, school, v, labels, &n);
	for (int i = 0; i < n; i++)
		x[i] = labels[i];
	series.label = school >= 0 ? "This school" : "Authority";
	series.values = v;
	series.n = (size_t)n;
	c.title = "Overall absence by school week";
	c.desc = "Percentage of possible sessions missed in each week with "
		 "sessions, all pupils";
	c.x_labels = x;
	c.n = (size_t)n;
	c.series = &series;
	c.nr_series = 1;
	c.unit = "%";
	c.id = "weekly";
	strbuf_addstr(&r->out, "<figure>");
	svg_line_chart(&r->out, &c);
	strbuf_addstr(&r->out, "</figure>");
}

void page_weekly_json(struct request *r, const struct figures *s, long school)
{
	double v[FIGURES_WEEKS];
	char labels[FIGURES_WEEKS][8];
	int n;

	week_values(s, school, v, labels, &n);
	strbuf_addstr(&r->out, "[");
	for (int i = 0; i < n; i++)
		strbuf_addf(&r->out, "%s{\"week\":\"%s\",\"overall_pct\":%.2f}",
			    i ? "," : "", labels[i], v[i]);
	strbuf_addstr(&r->out, "]");
}
