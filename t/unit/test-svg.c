/*
 * The SVG charts: every chart parses as XML (expat), carries role="img",
 * a <title> and a <desc> that aria-labelledby points at, escapes hostile
 * text, survives empty and degenerate data, and puts bars, points and
 * calendar cells where hand arithmetic says they go.
 */
#include <expat.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/code.h"
#include "core/date.h"
#include "util/strbuf.h"
#include "web/svg.h"
#include "tap.h"

/* ---- a tiny DOM built with expat ---------------------------------------- */

struct el {
	char *name;
	char **attrs;		/* name, value, name, value, ..., NULL */
	struct strbuf text;	/* character data directly inside */
	long parent;
};

struct doc {
	struct el *el;
	size_t nr, alloc;
	long stack[64];
	int depth;
};

static void on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct doc *d = data;
	struct el *e;
	size_t n = 0;

	if (d->nr == d->alloc) {
		d->alloc = d->alloc ? 2 * d->alloc : 64;
		d->el = xrealloc(d->el, d->alloc * sizeof(*d->el));
	}
	e = &d->el[d->nr];
	e->name = xstrdup(name);
	while (atts[n])
		n++;
	e->attrs = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		e->attrs[i] = xstrdup(atts[i]);
	strbuf_init(&e->text, 0);
	e->parent = d->depth ? d->stack[d->depth - 1] : -1;
	if (d->depth < 64)
		d->stack[d->depth] = (long)d->nr;
	d->depth++;
	d->nr++;
}

static void on_end(void *data, const XML_Char *name)
{
	struct doc *d = data;

	(void)name;
	d->depth--;
}

static void on_text(void *data, const XML_Char *s, int len)
{
	struct doc *d = data;

	if (d->depth > 0 && d->depth <= 64)
		strbuf_add(&d->el[d->stack[d->depth - 1]].text, s, (size_t)len);
}

static void doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->nr; i++) {
		free(d->el[i].name);
		for (char **a = d->el[i].attrs; *a; a++)
			free(*a);
		free(d->el[i].attrs);
		strbuf_release(&d->el[i].text);
	}
	free(d->el);
	memset(d, 0, sizeof(*d));
}

/* Parses xml into d; returns 1 if well-formed, else prints why. */
static int parse(const char *xml, struct doc *d)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	int ok;

	memset(d, 0, sizeof(*d));
	XML_SetUserData(p, d);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	ok = XML_Parse(p, xml, (int)strlen(xml), 1) == XML_STATUS_OK;
	if (!ok)
		printf("# expat: %s at line %lu column %lu\n",
		       XML_ErrorString(XML_GetErrorCode(p)),
		       (unsigned long)XML_GetCurrentLineNumber(p),
		       (unsigned long)XML_GetCurrentColumnNumber(p));
	XML_ParserFree(p);
	return ok;
}

static const char *get(const struct el *e, const char *name)
{
	for (char **a = e->attrs; *a; a += 2)
		if (!strcmp(a[0], name))
			return a[1];
	return NULL;
}

static double num(const struct el *e, const char *name)
{
	const char *v = get(e, name);

	return v ? strtod(v, NULL) : NAN;
}

/* Whether the class attribute holds the token. */
static int has_class(const struct el *e, const char *token)
{
	const char *c = get(e, "class");
	size_t n = strlen(token);

	for (const char *p = c; p && (p = strstr(p, token)); p += n)
		if ((p == c || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* The i-th element (from 0) named name with the class token, or NULL. */
static const struct el *find(const struct doc *d, const char *name,
			     const char *token, size_t i)
{
	for (size_t k = 0; k < d->nr; k++)
		if (!strcmp(d->el[k].name, name) &&
		    (!token || has_class(&d->el[k], token)) && !i--)
			return &d->el[k];
	return NULL;
}

static size_t count(const struct doc *d, const char *name, const char *token)
{
	size_t n = 0;

	while (find(d, name, token, n))
		n++;
	return n;
}

/* The text of the <title> child of e ("" if none). */
static const char *tooltip(const struct doc *d, const struct el *e)
{
	long idx = (long)(e - d->el);

	for (size_t k = 0; k < d->nr; k++)
		if (d->el[k].parent == idx && !strcmp(d->el[k].name, "title"))
			return d->el[k].text.buf;
	return "";
}

static const struct el *by_id(const struct doc *d, const char *id)
{
	for (size_t k = 0; k < d->nr; k++) {
		const char *v = get(&d->el[k], "id");
		if (v && !strcmp(v, id))
			return &d->el[k];
	}
	return NULL;
}

/* Whether some element named name has exactly this text. */
static int has_text(const struct doc *d, const char *name, const char *text)
{
	for (size_t k = 0; k < d->nr; k++)
		if (!strcmp(d->el[k].name, name) && !strcmp(d->el[k].text.buf, text))
			return 1;
	return 0;
}

static int near(double a, double b)
{
	return fabs(a - b) < 0.11;	/* coordinates have one decimal */
}

/*
 * The checks every chart must pass: well-formed, one <svg> root with
 * role="img", a viewBox, and aria-labelledby naming its <title> (whose
 * text is want_title) and its <desc>.  Fills d for further checks.
 */
static void check_chart(const char *what, const struct strbuf *out,
			const char *want_title, struct doc *d)
{
	const struct el *root, *t, *desc;
	char ids[128], *space;

	ok(parse(out->buf, d), "%s: output is well-formed XML", what);
	root = d->nr ? &d->el[0] : NULL;
	ok(root && !strcmp(root->name, "svg") &&
	   !strcmp(get(root, "xmlns") ? get(root, "xmlns") : "",
		   "http://www.w3.org/2000/svg"), "%s: the root is an SVG element", what);
	if (!root)
		return;
	is_str(get(root, "role"), "img", "%s: has role=\"img\"", what);
	ok(get(root, "viewBox") && !strncmp(get(root, "viewBox"), "0 0 ", 4),
	   "%s: has a viewBox so it scales", what);
	snprintf(ids, sizeof(ids), "%s", get(root, "aria-labelledby") ?
		 get(root, "aria-labelledby") : "");
	space = strchr(ids, ' ');
	if (space)
		*space++ = '\0';
	t = by_id(d, ids);
	desc = space ? by_id(d, space) : NULL;
	ok(t && !strcmp(t->name, "title") && t->parent == 0,
	   "%s: aria-labelledby names the chart's <title>", what);
	ok(desc && !strcmp(desc->name, "desc") && desc->parent == 0 &&
	   desc->text.len > 0, "%s: aria-labelledby names a non-empty <desc>", what);
	if (want_title)
		is_str(t ? t->text.buf : "", want_title, "%s: the <title> is the caller's title", what);
	ok(!strstr(out->buf, "nan") && !strstr(out->buf, "inf") &&
	   !strstr(out->buf, "NaN"), "%s: no NaN or infinity reaches the output", what);
}

static const char *root_desc(const struct doc *d)
{
	const struct el *e = find(d, "desc", NULL, 0);

	return e ? e->text.buf : "";
}

/* ---- bar chart ---------------------------------------------------------- */

static const char *const band_labels[] = {
	"Expected (95-100%)", "At risk of PA", "PA", "At risk of SA", "SA",
};
static const char *const band_classes[] = {
	"band-expected", "band-at_risk_pa", "band-pa", "band-at_risk_sa", "band-sa",
};

static void test_bars_basic(void)
{
	double v[] = { 120, 30, 25, 10, 5 };
	struct svg_bars c = { .id = "bands", .title = "Pupils by band",
		.desc = "Number of pupils in each band", .labels = band_labels,
		.values = v, .n = 5, .css_class = band_classes };
	struct strbuf out = STRBUF_INIT;
	struct doc d;
	const struct el *r;

	svg_bar_chart(&out, &c);
	check_chart("bars", &out, "Pupils by band", &d);
	is_int(count(&d, "rect", "bar"), 5, "bars: one bar per value");
	r = find(&d, "rect", "bar", 2);
	ok(r && has_class(r, "band-pa"), "bars: the caller's class is on its bar");
	ok(r && get(r, "fill") && get(r, "fill")[0] == '#',
	   "bars: a default colour is there for a page without the stylesheet");
	is_str(r ? tooltip(&d, r) : "", "PA: 25", "bars: each bar has a tooltip with its value");
	ok(has_text(&d, "text", "120") && has_text(&d, "text", "5"),
	   "bars: values are printed as text, counts with no decimals");
	ok(strstr(root_desc(&d), "Number of pupils in each band. ") == root_desc(&d) &&
	   strstr(root_desc(&d), "Expected (95-100%): 120; At risk of PA: 30;"),
	   "bars: the desc is the caller's sentence, then every value");
	is_str(get(&d.el[0], "id"), "svg-bands", "bars: ids start with svg- and the caller's id");
	doc_free(&d);
	strbuf_release(&out);
}

/* The widths of the bars of a horizontal chart of two values. */
static void two_bars(double a, double b, double max, int vertical, double out[2])
{
	const char *labels[] = { "A", "B" };
	double v[] = { a, b };
	struct svg_bars c = { .labels = labels, .values = v, .n = 2, .max = max,
			      .vertical = vertical, .unit = "%" };
	struct strbuf sb = STRBUF_INIT;
	struct doc d;

	svg_bar_chart(&sb, &c);
	parse(sb.buf, &d);
	for (size_t i = 0; i < 2; i++) {
		const struct el *r = find(&d, "rect", "bar", i);
		out[i] = r ? num(r, vertical ? "height" : "width") : NAN;
	}
	doc_free(&d);
	strbuf_release(&sb);
}

static void test_bars_geometry(void)
{
	double full[2], half[2], eq[2], vert[2];

	two_bars(100, 50, 0, 0, full);
	ok(full[0] > 100 && near(full[1], full[0] / 2),
	   "bar geometry: 50 against a largest value of 100 is half as long (%.1f, %.1f)",
	   full[0], full[1]);
	two_bars(100, 50, 200, 0, half);
	ok(near(half[0], full[0] / 2) && near(half[1], full[0] / 4),
	   "bar geometry: with max 200, a bar of 100 is half the full length");
	two_bars(80, 80, 0, 0, eq);
	ok(near(eq[0], eq[1]) && near(eq[0], full[0]),
	   "bar geometry: equal values give equal, full-length bars");
	two_bars(300, 50, 200, 0, half);
	ok(near(half[0], full[0]), "bar geometry: a value above max stops at the full length");
	two_bars(10, 2.5, 0, 1, vert);
	ok(vert[0] > 50 && near(vert[1], vert[0] / 4),
	   "bar geometry: vertical bars are as tall as their share of max");
}

static void test_bars_degenerate(void)
{
	const char *one[] = { "Only" };
	const char *three[] = { "a", "b", "c" };
	double zero[] = { 0, 0, 0 }, gap[] = { 4, NAN, INFINITY }, single[] = { 42.5 };
	struct strbuf out = STRBUF_INIT;
	struct doc d;
	struct svg_bars c = { .title = "Zeros", .labels = three, .values = zero, .n = 3 };

	svg_bar_chart(&out, &c);
	check_chart("bars of zeros", &out, "Zeros", &d);
	ok(count(&d, "rect", "bar") == 3 &&
	   num(find(&d, "rect", "bar", 0), "width") == 0 &&
	   num(find(&d, "rect", "bar", 2), "width") == 0,
	   "bars of zeros: every bar has length 0 (no 0/0)");
	ok(has_text(&d, "text", "0"), "bars of zeros: the value 0 is printed");
	doc_free(&d);

	strbuf_reset(&out);
	c = (struct svg_bars){ .title = "Gaps", .labels = three, .values = gap,
			       .n = 3, .unit = "%" };
	svg_bar_chart(&out, &c);
	check_chart("bars with NaN and infinity", &out, "Gaps", &d);
	is_int(count(&d, "rect", "bar"), 1, "bars with NaN: only the finite value gets a bar");
	ok(has_text(&d, "text", "4.0%") && has_text(&d, "text", "no data"),
	   "bars with NaN: a percentage has one decimal, a gap says \"no data\"");
	doc_free(&d);

	strbuf_reset(&out);
	c = (struct svg_bars){ .title = "One", .labels = one, .values = single, .n = 1 };
	svg_bar_chart(&out, &c);
	check_chart("a single bar", &out, "One", &d);
	ok(count(&d, "rect", "bar") == 1 && has_text(&d, "text", "42.5"),
	   "a single bar: drawn, fractional value with one decimal");
	doc_free(&d);

	strbuf_reset(&out);
	c = (struct svg_bars){ .title = "Empty", .desc = "Nothing yet", .n = 0 };
	svg_bar_chart(&out, &c);
	check_chart("bars with n = 0", &out, "Empty", &d);
	ok(has_text(&d, "text", "No data") && count(&d, "rect", "bar") == 0,
	   "bars with n = 0: a framed chart saying \"No data\"");
	is_str(root_desc(&d), "Nothing yet. No data.", "bars with n = 0: the desc says so too");
	doc_free(&d);

	strbuf_reset(&out);
	c = (struct svg_bars){ .title = "Vertical empty", .n = 0, .vertical = 1 };
	svg_bar_chart(&out, &c);
	check_chart("vertical bars with n = 0", &out, "Vertical empty", &d);
	doc_free(&d);
	strbuf_release(&out);
}

static void test_hostile_text(void)
{
	const char *labels[] = {
		"<script>alert(1)</script>", "a&b", "\"double\" and 'single'",
		"bad \x01 byte \xff and cut \xc3", "caf\xc3\xa9 \xe2\x80\x94 ok",
	};
	double v[] = { 1, 2, 3, 4, 5 };
	struct svg_bars c = { .id = "x\" onload=\"alert(1)", .title = "<b>T&C</b>",
		.desc = "a < b & \"c\"", .labels = labels, .values = v, .n = 5,
		.unit = "<u>" };
	struct strbuf out = STRBUF_INIT;
	struct doc d;

	svg_bar_chart(&out, &c);
	check_chart("hostile text", &out, "<b>T&C</b>", &d);
	ok(!strstr(out.buf, "<script") && !strstr(out.buf, "<b>") &&
	   !strstr(out.buf, "<u>"), "hostile text: no markup from labels reaches the output");
	ok(strstr(out.buf, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL,
	   "hostile text: < and > are escaped");
	ok(!strstr(out.buf, "a&b") && strstr(out.buf, "a&amp;b"),
	   "hostile text: & is escaped");
	ok(strstr(out.buf, "&quot;double&quot; and &#39;single&#39;") != NULL,
	   "hostile text: both quotes are escaped");
	ok(!strstr(out.buf, "onload=\""), "hostile text: a hostile id cannot add an attribute");
	ok(has_text(&d, "text", "<script>alert(1)</script>"),
	   "hostile text: the label reads back as the same text");
	ok(has_text(&d, "text", "caf\xc3\xa9 \xe2\x80\x94 ok"),
	   "hostile text: valid UTF-8 passes through unchanged");
	ok(has_text(&d, "text", "bad \xef\xbf\xbd byte \xef\xbf\xbd and cut \xef\xbf\xbd"),
	   "hostile text: control bytes and bad UTF-8 become U+FFFD");
	doc_free(&d);
	strbuf_release(&out);
}

static void test_long_label(void)
{
	const char *labels[] = { "A very long cohort label that would not fit in the margin at all" };
	double v[] = { 3 };
	struct svg_bars c = { .labels = labels, .values = v, .n = 1 };
	struct strbuf out = STRBUF_INIT;
	struct doc d;
	const struct el *t;

	svg_bar_chart(&out, &c);
	check_chart("a long label", &out, NULL, &d);
	t = find(&d, "text", "label", 0);
	ok(t && strlen(t->text.buf) < strlen(labels[0]) &&
	   strstr(t->text.buf, "\xe2\x80\xa6"), "a long label is cut with an ellipsis");
	is_str(t ? tooltip(&d, t) : "", labels[0], "a long label keeps its full text as a tooltip");
	doc_free(&d);
	strbuf_release(&out);
}

/* ---- line chart --------------------------------------------------------- */

/* The points of a path's d ("M x y L x y ..."): returns the count. */
static size_t path_points(const char *dstr, double *xs, double *ys, size_t max,
			  size_t *moves)
{
	size_t n = 0;
	char *end;

	*moves = 0;
	for (const char *p = dstr; p && *p && n < max;) {
		if (*p == 'M')
			(*moves)++;
		if (*p != 'M' && *p != 'L')
			break;
		xs[n] = strtod(p + 1, &end);
		ys[n] = strtod(end, &end);
		n++;
		p = end;
	}
	return n;
}

static void test_lines(void)
{
	const char *x[] = { "Sep", "Oct", "Nov", "Dec", "Jan" };
	double school[] = { 0, 5, 10, NAN, 6 }, la[] = { 4, NAN, 5, 5.5, 6 };
	double national[] = { 5, 5, 5, 5, 5 };
	struct svg_series s[] = {
		{ .label = "This school", .values = school, .n = 5 },
		{ .label = "Authority", .values = la, .n = 5 },
		{ .label = "National", .values = national, .n = 5, .dashed = 1 },
	};
	struct svg_lines c = { .id = "trend", .title = "Absence by month",
		.desc = "Overall absence", .x_labels = x, .n = 5, .series = s,
		.nr_series = 3, .unit = "%", .y_max = 10 };
	struct strbuf out = STRBUF_INIT;
	struct doc d;
	const struct el *p0, *p1, *p2, *axis;
	double xs[16], ys[16];
	size_t n, moves;

	svg_line_chart(&out, &c);
	check_chart("lines", &out, "Absence by month", &d);
	p0 = find(&d, "path", "series-0", 0);
	p1 = find(&d, "path", "series-1", 0);
	p2 = find(&d, "path", "series-2", 0);
	ok(p0 && p1 && p2, "lines: one path per series");
	n = path_points(p0 ? get(p0, "d") : NULL, xs, ys, 16, &moves);
	ok(n == 4 && moves == 2, "lines: a NaN splits the line into two pieces");
	ok(n == 4 && near(ys[1], (ys[0] + ys[2]) / 2) && ys[2] < ys[0],
	   "lines: 5 is half way up between 0 and 10");
	ok(n == 4 && near(xs[1] - xs[0], xs[2] - xs[1]) &&
	   near(xs[3] - xs[2], 2 * (xs[1] - xs[0])),
	   "lines: points are evenly spaced and the gap keeps its place");
	axis = find(&d, "line", NULL, 0);	/* the first tick line is 0 */
	ok(axis && n && near(ys[0], num(axis, "y1")), "lines: the value 0 sits on the x axis");
	ok(has_text(&d, "text", "10%") && has_text(&d, "text", "0%"),
	   "lines: y ticks carry the unit");
	ok(p2 && get(p2, "stroke-dasharray"), "lines: a reference series is dashed");
	ok(p0 && p1 && strcmp(get(p0, "stroke"), get(p1, "stroke")),
	   "lines: series have different default colours");
	ok(count(&d, "circle", "marker") >= 4 && count(&d, "rect", "marker") >= 4,
	   "lines: series differ by marker shape, not colour alone");
	ok(strstr(root_desc(&d), "This school: 4 of 5 points with data; latest 6.0% (Jan), "
		  "lowest 0.0% (Sep), highest 10.0% (Nov).") != NULL,
	   "lines: the desc gives each series' latest, lowest and highest");
	ok(has_text(&d, "text", "National"), "lines: a legend names the series");
	doc_free(&d);
	strbuf_release(&out);
}

static void test_lines_isolated_and_thinned(void)
{
	static char labels[52][16];
	const char *x[52];
	double v[52], lone[] = { NAN, 7, NAN };
	struct svg_series s = { .label = "Weekly", .values = v, .n = 52 };
	struct svg_lines c = { .title = "Weekly", .x_labels = x, .n = 52,
			       .series = &s, .nr_series = 1, .unit = "%" };
	struct strbuf out = STRBUF_INIT;
	struct doc d;
	size_t ticks = 0, bad = 0;
	double prev = -1e9;

	for (int i = 0; i < 52; i++) {
		snprintf(labels[i], sizeof(labels[i]), "%02d/%02d", 1 + i % 28, 1 + i / 5);
		x[i] = labels[i];
		v[i] = 3 + i % 7;
	}
	svg_line_chart(&out, &c);
	check_chart("52 weeks", &out, "Weekly", &d);
	for (size_t k = 0; k < d.nr; k++) {
		const struct el *e = &d.el[k];
		double xx;
		if (strcmp(e->name, "text") || !has_class(e, "tick") ||
		    !strchr(e->text.buf, '/'))
			continue;
		xx = num(e, "x");
		ticks++;
		bad += xx - prev < 5 * 6.6;	/* five characters wide */
		prev = xx;
	}
	ok(ticks > 4 && ticks < 52 && !bad,
	   "52 weeks: x labels are thinned so none overlap (%zu shown)", ticks);
	ok(strstr(root_desc(&d), "highest 9.0%") != NULL, "52 weeks: the desc has the highest");
	doc_free(&d);

	strbuf_reset(&out);
	s = (struct svg_series){ .label = "Lone", .values = lone, .n = 3 };
	c.n = 3;
	c.title = "Lone";
	svg_line_chart(&out, &c);
	check_chart("a lone point", &out, "Lone", &d);
	is_int(count(&d, "circle", "marker"), 2,
	       "a lone point between gaps is drawn as a marker (and in the legend)");
	doc_free(&d);

	strbuf_reset(&out);
	s = (struct svg_series){ .label = "Short", .values = lone, .n = 0 };
	svg_line_chart(&out, &c);
	check_chart("lines with no values", &out, NULL, &d);
	ok(has_text(&d, "text", "No data"), "lines with no values: says \"No data\"");
	doc_free(&d);

	strbuf_reset(&out);
	c.n = 0;
	svg_line_chart(&out, &c);
	check_chart("lines with n = 0", &out, NULL, &d);
	ok(has_text(&d, "text", "No data"), "lines with n = 0: says \"No data\"");
	doc_free(&d);

	strbuf_reset(&out);
	s = (struct svg_series){ .label = "Flat", .values = (double[]){ 0, 0 }, .n = 2 };
	c.n = 2;
	svg_line_chart(&out, &c);
	check_chart("a line of zeros", &out, NULL, &d);
	ok(count(&d, "path", "series") == 1, "a line of zeros: drawn, with no 0/0");
	doc_free(&d);
	strbuf_release(&out);
}

/* ---- stacked bars ------------------------------------------------------- */

static void test_stack(void)
{
	const char *rows[] = { "FSM eligible", "Not FSM", "<none> & \"x\"" };
	double v[] = {
		20, 10, 5, 3, 2,	/* 40 pupils: 50%, 25%, ... */
		90, 6, 3, 1, 0,		/* 100 */
		0, 0, 0, 0, 0,		/* an empty cohort */
	};
	struct svg_stack c = { .id = "cohort1", .title = "Free school meals",
		.desc = "Share of pupils in each band", .row_labels = rows, .rows = 3,
		.segment_labels = band_labels, .segment_class = band_classes,
		.segments = 5, .values = v };
	struct strbuf out = STRBUF_INIT;
	struct doc d;
	double sum[2] = { 0, 0 }, first = 0;
	size_t segs = 0;

	svg_stacked_bars(&out, &c);
	check_chart("stacked bars", &out, "Free school meals", &d);
	is_int(count(&d, "rect", "swatch"), 5, "stacked bars: a legend swatch per segment");
	ok(has_text(&d, "text", "At risk of SA"), "stacked bars: the legend names the segments");
	for (size_t k = 0; k < d.nr; k++) {
		const struct el *e = &d.el[k];
		if (strcmp(e->name, "rect") || !has_class(e, "segment"))
			continue;
		if (!segs)
			first = num(e, "width");
		sum[segs < 5 ? 0 : 1] += num(e, "width");
		segs++;
	}
	is_int(segs, 9, "stacked bars: a segment per non-zero value");
	ok(fabs(sum[0] - sum[1]) < 0.5 && near(first, sum[0] / 2),
	   "stacked bars: every row is 100%% wide and 20 of 40 is half of it");
	ok(has_text(&d, "text", "50%") && has_text(&d, "text", "n = 40") &&
	   has_text(&d, "text", "n = 100"), "stacked bars: shares and totals are printed");
	ok(has_text(&d, "text", "no data"), "stacked bars: an empty row says \"no data\"");
	ok(has_text(&d, "text", "<none> & \"x\"") && !strstr(out.buf, "<none>"),
	   "stacked bars: row labels are escaped");
	is_str(tooltip(&d, find(&d, "rect", "segment", 0)),
	       "FSM eligible, Expected (95-100%): 20 of 40 (50.0%)",
	       "stacked bars: a segment's tooltip gives count, total and share");
	ok(strstr(root_desc(&d), "Not FSM: 100 in all, Expected (95-100%) 90 (90.0%), "
		  "At risk of PA 6 (6.0%)") != NULL,
	   "stacked bars: the desc gives every count and share");
	ok(count(&d, "rect", "texture") > 0 && count(&d, "pattern", NULL) == 4,
	   "stacked bars: segments carry textures as well as colours");
	doc_free(&d);

	strbuf_reset(&out);
	c = (struct svg_stack){ .title = "None", .rows = 0 };
	svg_stacked_bars(&out, &c);
	check_chart("stacked bars with no rows", &out, "None", &d);
	ok(has_text(&d, "text", "No data"), "stacked bars with no rows: says \"No data\"");
	doc_free(&d);
	strbuf_release(&out);
}

/* ---- register calendar -------------------------------------------------- */

static int slot_of(int y, int m, int dd, int pm)
{
	/* core/date.h: slot = 2 * (day - 1 August) + PM */
	return 2 * (date_from_ymd(y, m, dd) - date_from_ymd(2025, 8, 1)) + pm;
}

static void test_calendar(void)
{
	mark_t marks[YEAR_SLOTS_MAX] = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct doc d;
	size_t days = 0, cells = 0, wrong_parent = 0;
	const struct el *am = NULL, *pm = NULL, *unauth = NULL;

	/* 2025-09-01 is day 31 of the year: slot 62 is its AM. */
	is_int(slot_of(2025, 9, 1, 0), 62, "calendar: 2025-09-01 AM is slot 62 (31 days after 1 Aug)");
	marks[62] = code_find("I", 1);
	marks[63] = code_find("/", 1);
	marks[slot_of(2025, 9, 2, 0)] = code_find("O", 1);	/* PM left blank */
	marks[slot_of(2025, 9, 3, 1)] = code_find("B", 1);
	marks[slot_of(2025, 9, 6, 0)] = code_find("/", 1);	/* a Saturday */
	svg_register_calendar(&out, 2025, marks, YEAR_SLOTS_MAX, "Register <2025/26>");
	check_chart("calendar", &out, "Register <2025/26>", &d);
	for (size_t k = 0; k < d.nr; k++) {
		const struct el *e = &d.el[k];
		const char *tip;

		if (!strcmp(e->name, "g") && has_class(e, "day"))
			days++;
		if (strcmp(e->name, "rect") || !has_class(e, "cal") ||
		    e->parent < 0 || !has_class(&d.el[e->parent], "day"))
			continue;
		cells++;
		tip = tooltip(&d, e);
		if (!strcmp(tip, "2025-09-01 AM: I Illness"))
			am = e;
		if (!strcmp(tip, "2025-09-02 PM: no mark (missing)"))
			pm = e;
		if (!strncmp(tip, "2025-09-02 AM: O ", 17))
			unauth = e;
		wrong_parent += strncmp(tip, "2025-08-02", 10) == 0 ||
				strncmp(tip, "2025-09-06", 10) == 0;
	}
	/*
	 * 1 Aug 2025 (a Friday) to 31 Jul 2026 is 365 days: 52 whole weeks
	 * of 5 weekdays, and 31 Jul 2026, a Friday: 261 weekdays.
	 */
	is_int(days, 261, "calendar: one cell per weekday of the year");
	is_int(cells, 522, "calendar: each day split into AM and PM halves");
	is_int(wrong_parent, 0, "calendar: weekends are left out");
	ok(am && has_class(am, "cal-authorised"),
	   "calendar: 2025-09-01 AM has the tooltip \"2025-09-01 AM: I Illness\" and is authorised");
	ok(pm && has_class(pm, "cal-missing") && get(pm, "stroke"),
	   "calendar: a blank session beside a marked one is a missing mark, outlined");
	ok(unauth && has_class(unauth, "cal-unauthorised") &&
	   get(unauth, "fill") && !strncmp(get(unauth, "fill"), "url(#", 5),
	   "calendar: unauthorised sessions are hatched, not only coloured");
	if (unauth) {
		char id[64];
		snprintf(id, sizeof(id), "%s", get(unauth, "fill") + 5);
		id[strcspn(id, ")")] = '\0';
		ok(by_id(&d, id) && !strcmp(by_id(&d, id)->name, "pattern"),
		   "calendar: the hatch pattern it refers to exists");
	}
	ok(has_text(&d, "text", "Sep") && has_text(&d, "text", "Aug 2025") &&
	   has_text(&d, "text", "Jan 2026") && has_text(&d, "text", "Mon"),
	   "calendar: months and weekdays are labelled");
	ok(strstr(root_desc(&d), "1 present, 1 approved educational activity, "
		  "1 authorised absence, 1 unauthorised absence, 0 not possible, "
		  "2 missing marks") != NULL,
	   "calendar: the desc counts sessions by category");
	/* I and O absent of I, /, O, B and Saturday's /: 2 of 5 = 40%. */
	ok(strstr(root_desc(&d), "Overall absence 40.00% of 5 possible sessions") != NULL,
	   "calendar: the desc gives the overall absence rate of every mark");
	ok(strstr(root_desc(&d), "Marks on weekend days, not shown: 1.") != NULL,
	   "calendar: the desc owns up to weekend marks it cannot show");
	ok(has_text(&d, "text", "Present 1") && has_text(&d, "text", "Missing mark 2"),
	   "calendar: the legend carries the counts");
	doc_free(&d);

	strbuf_reset(&out);
	svg_register_calendar(&out, 2024, NULL, 0, NULL);	/* leap year, no marks */
	check_chart("empty calendar", &out, "Register 2024/25", &d);
	/* 1 Aug 2024 (Thursday) to 31 Jul 2025: 52 weeks from Thursday to
	 * Wednesday, then 31 Jul 2025, a Thursday: 261 weekdays. */
	is_int(count(&d, "g", "day"), 261, "empty calendar: still one cell per weekday");
	ok(strstr(root_desc(&d), "No possible sessions") != NULL,
	   "empty calendar: no rate without possible sessions");
	doc_free(&d);

	strbuf_reset(&out);
	svg_register_calendar(&out, 2025, marks, 10, "Short");	/* only early August */
	check_chart("calendar with few slots", &out, "Short", &d);
	doc_free(&d);
	strbuf_release(&out);
}

/* ---- several charts on one page ----------------------------------------- */

static void test_one_page(void)
{
	const char *labels[] = { "a" };
	double v[] = { 1 };
	struct svg_bars b = { .title = "A", .labels = labels, .values = v, .n = 1 };
	struct svg_stack s = { .title = "S", .row_labels = labels, .rows = 1,
			       .segment_labels = labels, .segments = 1, .values = v };
	struct strbuf out = STRBUF_INIT;
	struct doc d;
	size_t dup = 0, ids = 0;

	strbuf_addstr(&out, "<div>");
	svg_bar_chart(&out, &b);
	svg_bar_chart(&out, &b);
	b.id = "named";
	svg_bar_chart(&out, &b);
	svg_stacked_bars(&out, &s);
	svg_stacked_bars(&out, &s);
	svg_register_calendar(&out, 2025, NULL, 0, NULL);
	svg_register_calendar(&out, 2025, NULL, 0, NULL);
	strbuf_addstr(&out, "</div>");
	ok(parse(out.buf, &d), "one page: seven charts together are well-formed");
	for (size_t i = 0; i < d.nr; i++) {
		const char *id = get(&d.el[i], "id");
		if (!id)
			continue;
		ids++;
		for (size_t k = i + 1; k < d.nr; k++)
			dup += get(&d.el[k], "id") && !strcmp(get(&d.el[k], "id"), id);
	}
	ok(ids > 20 && !dup, "one page: every id is unique (%zu ids)", ids);
	doc_free(&d);
	strbuf_release(&out);
}

static void test_extremes(void)
{
	const char *labels[] = { "a", NULL, "c" };
	double v[] = { 1e300, 5e-324, -5 }, tiny[] = { 5e-324, 5e-324, 5e-324 };
	struct svg_series s[] = { { .label = NULL, .values = v, .n = 3 },
				  { .label = "t", .values = tiny, .n = 3 } };
	struct strbuf out = STRBUF_INIT;
	struct doc d;

	for (int vertical = 0; vertical < 2; vertical++) {
		struct svg_bars b = { .labels = labels, .values = v, .n = 3,
				      .width = 1, .height = 1, .vertical = vertical };
		strbuf_reset(&out);
		svg_bar_chart(&out, &b);
		ok(parse(out.buf, &d), "extremes: %s bars 1 unit wide, huge, subnormal, "
		   "negative values and a NULL label", vertical ? "vertical" : "horizontal");
		doc_free(&d);
	}
	for (size_t k = 0; k < 2; k++) {
		struct svg_lines l = { .x_labels = labels, .n = 3, .series = s + k,
				       .nr_series = 1, .width = 1, .height = 1 };
		strbuf_reset(&out);
		svg_line_chart(&out, &l);
		ok(parse(out.buf, &d), "extremes: a line chart 1 unit wide of %s values",
		   k ? "subnormal" : "huge and negative");
		doc_free(&d);
	}
	{
		struct svg_stack st = { .row_labels = labels, .rows = 1,
					.segment_labels = labels, .segments = 3,
					.values = v, .width = 1, .height = 1 };
		strbuf_reset(&out);
		svg_stacked_bars(&out, &st);
		ok(parse(out.buf, &d), "extremes: stacked bars 1 unit wide");
		doc_free(&d);
	}
	strbuf_reset(&out);
	svg_register_calendar(&out, 1999, NULL, 0, "Too early");
	check_chart("a calendar for a year out of range", &out, "Too early", &d);
	doc_free(&d);
	strbuf_release(&out);
}

static void test_locale(void)
{
	const char *labels[] = { "a" };
	double v[] = { 12.5 };
	struct svg_bars b = { .labels = labels, .values = v, .n = 1, .unit = "%" };
	struct strbuf out = STRBUF_INIT;
	const char *locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "nl_NL.UTF-8" };
	const char *got = NULL;

	for (size_t i = 0; !got && i < sizeof(locales) / sizeof(locales[0]); i++)
		got = setlocale(LC_NUMERIC, locales[i]);
	svg_bar_chart(&out, &b);
	ok(strstr(out.buf, ">12.5%<") && !strstr(out.buf, "12,5"),
	   "numbers use a decimal point whatever the locale%s",
	   got ? "" : " (no comma locale installed: C locale only)");
	setlocale(LC_NUMERIC, "C");
	strbuf_release(&out);
}

int main(void)
{
	test_bars_basic();
	test_bars_geometry();
	test_bars_degenerate();
	test_hostile_text();
	test_long_label();
	test_lines();
	test_lines_isolated_and_thinned();
	test_stack();
	test_calendar();
	test_one_page();
	test_extremes();
	test_locale();
	return tap_done();
}
