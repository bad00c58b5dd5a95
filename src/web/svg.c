/*
 * SVG charts drawn as text (see svg.h).  Layout is computed in doubles and
 * written with one decimal by add_num(); text widths are estimated from
 * the number of characters, which is all a server can know about fonts.
 */
#include "web/svg.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/measure.h"

#define CHAR_W 6.6		/* mean advance of a 12px sans-serif glyph */
#define LABEL_MAX 30		/* longer labels are cut, with an ellipsis */
#define INK "#0b0c0c"
#define MUTED "#505a5f"
#define GRID "#d9dbdc"
#define DEFAULT_WIDTH 640

/* ---- text --------------------------------------------------------- */

/*
 * Decodes one UTF-8 character at s (not at its NUL).  Returns the bytes
 * used; *cp is U+FFFD for a malformed sequence (overlong, surrogate, past
 * U+10FFFF, cut short), which then uses one byte.
 */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, v = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, v = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, v = c & 0x07, min = 0x10000;
	else
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

static size_t utf8_length(const char *s)
{
	size_t n = 0;
	uint32_t cp;

	while (s && *s) {
		s += utf8_next((const unsigned char *)s, &cp);
		n++;
	}
	return n;
}

/*
 * Writes at most max characters of s, escaped; a longer s is cut to
 * max - 1 characters and an ellipsis.  Returns whether s was cut.
 */
static bool escape_n(struct strbuf *out, const char *s, size_t max)
{
	size_t n = 0, len, limit = max;
	bool cut;
	uint32_t cp;

	if (!s)
		return false;
	cut = max < SIZE_MAX && utf8_length(s) > max;
	if (cut)
		limit = max ? max - 1 : 0;
	for (; *s && n < limit; s += len, n++) {
		len = utf8_next((const unsigned char *)s, &cp);
		switch (cp) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default:
			if ((cp < 0x20 && cp != '\t' && cp != '\n') ||
			    cp == 0xfffe || cp == 0xffff || cp == 0xfffd)
				strbuf_addstr(out, "\xef\xbf\xbd");
			else
				strbuf_add(out, s, len);
		}
	}
	if (cut)
		strbuf_addstr(out, "\xe2\x80\xa6");
	return cut;
}

void svg_escape(struct strbuf *out, const char *s)
{
	escape_n(out, s, SIZE_MAX);
}

/*
 * v with a fixed number of decimals (0 to 3) in integers, so the decimal
 * separator is always '.', whatever the locale.
 */
static void add_num(struct strbuf *out, double v, int decimals)
{
	static const long long scale[] = { 1, 10, 100, 1000 };
	long long n;

	if (decimals < 0 || decimals > 3)
		decimals = 3;
	if (!isfinite(v))
		v = 0;
	if (v > 1e15)
		v = 1e15;
	if (v < -1e15)
		v = -1e15;
	n = llround(v * (double)scale[decimals]);
	if (n < 0) {
		strbuf_addch(out, '-');
		n = -n;
	}
	strbuf_addf(out, "%lld", n / scale[decimals]);
	if (decimals)
		strbuf_addf(out, ".%0*lld", decimals, n % scale[decimals]);
}

/* A coordinate attribute: ` name="12.5"`. */
static void attr(struct strbuf *out, const char *name, double v)
{
	strbuf_addf(out, " %s=\"", name);
	add_num(out, v, 1);
	strbuf_addch(out, '"');
}

static double text_width(size_t chars)
{
	return (double)chars * CHAR_W;
}

/* How many characters fit in width (the inverse of text_width). */
static size_t chars_in(double width)
{
	return width > 0 ? (size_t)(width / CHAR_W + 1e-6) : 0;
}

static size_t longest(const char *const *labels, size_t n, size_t cap)
{
	size_t max = 0;

	for (size_t i = 0; labels && i < n; i++) {
		size_t len = utf8_length(labels[i]);
		if (len > max)
			max = len;
	}
	return max < cap ? max : cap;
}

/* ---- palette ------------------------------------------------------ */

struct swatch {
	const char *fill;
	const char *ink;	/* text drawn on the fill */
};

/* The band colours of the page's stylesheet (html.c), for known classes. */
static const struct {
	const char *class;
	struct swatch s;
} known_classes[] = {
	{ "band-expected", { "#00703c", "#fff" } },
	{ "band-at_risk_pa", { "#b58800", INK } },
	{ "band-pa", { "#d4351c", "#fff" } },
	{ "band-at_risk_sa", { "#942514", "#fff" } },
	{ "band-sa", { "#4c2c92", "#fff" } },
};

/* Every colour at least 3:1 against white (WCAG non-text contrast). */
static const struct swatch cycle[] = {
	{ "#1d70b8", "#fff" }, { "#d53880", "#fff" }, { "#00703c", "#fff" },
	{ "#4c2c92", "#fff" }, { "#b35900", "#fff" }, { "#505a5f", "#fff" },
};
#define CYCLE_LEN (sizeof(cycle) / sizeof(cycle[0]))

static struct swatch swatch_for(const char *class, size_t index)
{
	for (size_t i = 0; class && i < sizeof(known_classes) / sizeof(known_classes[0]); i++)
		if (!strcmp(class, known_classes[i].class))
			return known_classes[i].s;
	return cycle[index % CYCLE_LEN];
}

static const char *class_at(const char *const *classes, size_t i)
{
	return classes && classes[i] ? classes[i] : NULL;
}

/* ---- the frame every chart shares ---------------------------------- */

struct chart {
	struct strbuf *out;
	char id[48];
	double w, h;
};

static atomic_uint auto_ids;

static void chart_id(char out[48], const char *id)
{
	size_t n = 4;

	if (!id || !*id) {
		snprintf(out, 48, "svg%u", atomic_fetch_add(&auto_ids, 1) + 1);
		return;
	}
	memcpy(out, "svg-", 4);
	for (; *id && n < 47; id++) {
		char c = *id;
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '-' || c == '_';
		out[n++] = keep ? c : '_';
	}
	out[n] = '\0';
}

static void chart_begin(struct chart *ch, const char *kind, const char *title,
			const char *desc)
{
	struct strbuf *out = ch->out;
	const char *id = ch->id;

	strbuf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "class=\"chart chart-%s\" id=\"%s\" role=\"img\" "
		    "aria-labelledby=\"%s-title %s-desc\" viewBox=\"0 0 ",
		    kind, id, id, id);
	add_num(out, ceil(ch->w), 0);
	strbuf_addch(out, ' ');
	add_num(out, ceil(ch->h), 0);
	strbuf_addstr(out, "\" width=\"");
	add_num(out, ceil(ch->w), 0);
	strbuf_addstr(out, "\" height=\"");
	add_num(out, ceil(ch->h), 0);
	strbuf_addf(out, "\" font-family=\"system-ui, -apple-system, 'Segoe UI', "
		    "Roboto, Arial, sans-serif\" font-size=\"12\" fill=\"%s\">"
		    "<title id=\"%s-title\">", INK, id);
	svg_escape(out, title && *title ? title : "Chart");
	strbuf_addf(out, "</title><desc id=\"%s-desc\">", id);
	svg_escape(out, desc);
	strbuf_addstr(out, "</desc>");
}

static void chart_end(struct chart *ch)
{
	strbuf_addstr(ch->out, "</svg>\n");
}

/* The caller's desc as a sentence, then a space for the numbers. */
static void desc_start(struct strbuf *d, const char *desc)
{
	if (desc && *desc) {
		strbuf_addstr(d, desc);
		if (!strchr(".!?", d->buf[d->len - 1]))
			strbuf_addch(d, '.');
		strbuf_addch(d, ' ');
	}
}

/*
 * <text> at (x, y) with an anchor ("start", "middle", "end") and optional
 * class and fill; s is cut to max characters, the full text then going
 * into a tooltip.
 */
static void text_at(struct chart *ch, double x, double y, const char *anchor,
		    const char *class, const char *fill, const char *s, size_t max)
{
	struct strbuf *out = ch->out;

	strbuf_addstr(out, "<text");
	attr(out, "x", x);
	attr(out, "y", y);
	if (anchor && strcmp(anchor, "start"))
		strbuf_addf(out, " text-anchor=\"%s\"", anchor);
	if (class)
		strbuf_addf(out, " class=\"%s\"", class);
	if (fill)
		strbuf_addf(out, " fill=\"%s\"", fill);
	strbuf_addch(out, '>');
	if (escape_n(out, s, max)) {
		strbuf_addstr(out, "<title>");
		svg_escape(out, s);
		strbuf_addstr(out, "</title>");
	}
	strbuf_addstr(out, "</text>");
}

static void line(struct chart *ch, double x1, double y1, double x2, double y2,
		 const char *stroke)
{
	strbuf_addstr(ch->out, "<line");
	attr(ch->out, "x1", x1);
	attr(ch->out, "y1", y1);
	attr(ch->out, "x2", x2);
	attr(ch->out, "y2", y2);
	strbuf_addf(ch->out, " stroke=\"%s\"/>", stroke);
}

/* Opens <rect class="..." x y width height fill>; the caller closes it. */
static void rect_open(struct chart *ch, const char *class, const char *extra,
		      double x, double y, double w, double h, const char *fill)
{
	strbuf_addstr(ch->out, "<rect class=\"");
	strbuf_addstr(ch->out, class);
	if (extra) {
		strbuf_addch(ch->out, ' ');
		svg_escape(ch->out, extra);
	}
	strbuf_addch(ch->out, '"');
	attr(ch->out, "x", x);
	attr(ch->out, "y", y);
	attr(ch->out, "width", w > 0 ? w : 0);
	attr(ch->out, "height", h > 0 ? h : 0);
	strbuf_addf(ch->out, " fill=\"%s\">", fill);
}

/* A framed chart saying "No data", for empty input. */
static void no_data(struct chart *ch, const char *kind, const char *title,
		    const char *desc, int width)
{
	struct strbuf d = STRBUF_INIT;

	ch->w = width > 0 ? width : DEFAULT_WIDTH;
	ch->h = 80;
	desc_start(&d, desc);
	strbuf_addstr(&d, "No data.");
	chart_begin(ch, kind, title, d.buf);
	strbuf_addstr(ch->out, "<rect class=\"frame\" x=\"0.5\" y=\"0.5\"");
	attr(ch->out, "width", ch->w - 1);
	attr(ch->out, "height", ch->h - 1);
	strbuf_addf(ch->out, " fill=\"none\" stroke=\"%s\"/>", GRID);
	text_at(ch, ch->w / 2, ch->h / 2 + 5, "middle", "no-data", MUTED,
		"No data", SIZE_MAX);
	chart_end(ch);
	strbuf_release(&d);
}

/* ---- numbers ------------------------------------------------------- */

static bool usable(const double *v, size_t n, size_t i)
{
	return v && i < n && isfinite(v[i]);
}

static double clamp(double v, double max)
{
	return v < 0 ? 0 : v > max ? max : v;
}

/* Decimals for values: 1 for a percentage or fractions, else 0. */
static int value_decimals(const char *unit, const double *v, size_t n)
{
	if (unit && !strcmp(unit, "%"))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (usable(v, n, i) && fabs(v[i] - round(v[i])) > 1e-9)
			return 1;
	return 0;
}

/* Value and unit as plain text (not escaped). */
static void value_text(struct strbuf *sb, double v, int decimals, const char *unit)
{
	add_num(sb, v, decimals);
	if (unit)
		strbuf_addstr(sb, unit);
}

/* The value label as escaped text: "12.5%". */
static size_t value_chars(double v, int decimals, const char *unit)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	value_text(&sb, v, decimals, unit);
	n = utf8_length(sb.buf);
	strbuf_release(&sb);
	return n;
}

/* A round number at or above v, and a tick step giving 3 to 5 ticks. */
static double nice_ceil(double v, double *step)
{
	static const double m[][2] = {
		{ 1, 0.2 }, { 1.5, 0.5 }, { 2, 0.5 }, { 2.5, 0.5 }, { 3, 1 },
		{ 4, 1 }, { 5, 1 }, { 6, 2 }, { 8, 2 }, { 10, 2 },
	};
	double p, f;
	size_t i;

	if (!(v > 0) || !isfinite(v))
		v = 1;
	p = pow(10, floor(log10(v)));
	f = v / p;
	for (i = 0; i + 1 < sizeof(m) / sizeof(m[0]); i++)
		if (f <= m[i][0] * (1 + 1e-9))
			break;
	*step = m[i][1] * p;
	if (!(*step > 0) || !isfinite(*step)) {	/* subnormal v: p was 0 */
		*step = v / 4;
		return v;
	}
	return m[i][0] * p;
}

/* Decimals needed to print multiples of step exactly (up to 3). */
static int step_decimals(double step)
{
	int d = 0;

	for (double s = step; d < 3 && fabs(s - round(s)) > 1e-6 * (s > 1 ? s : 1); s *= 10)
		d++;
	return d;
}

/* ---- bar chart ----------------------------------------------------- */

struct bar_layout {
	double max;
	int decimals;
	const char *unit;
};

static void bar_desc(struct strbuf *d, const struct svg_bars *c,
		     const struct bar_layout *l)
{
	desc_start(d, c->desc);
	for (size_t i = 0; i < c->n; i++) {
		strbuf_addstr(d, c->labels[i] ? c->labels[i] : "");
		strbuf_addstr(d, ": ");
		if (usable(c->values, c->n, i))
			value_text(d, c->values[i], l->decimals, l->unit);
		else
			strbuf_addstr(d, "no data");
		strbuf_addstr(d, i + 1 < c->n ? "; " : ".");
	}
}

/* <rect> of bar i with its tooltip "label: value". */
static void bar_rect(struct chart *ch, const struct svg_bars *c,
		     const struct bar_layout *l, size_t i,
		     double x, double y, double w, double h)
{
	const char *class = class_at(c->css_class, i);
	struct swatch s = swatch_for(class, 0);

	rect_open(ch, "bar", class, x, y, w, h, s.fill);
	strbuf_addstr(ch->out, "<title>");
	svg_escape(ch->out, c->labels[i]);
	strbuf_addstr(ch->out, ": ");
	add_num(ch->out, c->values[i], l->decimals);
	svg_escape(ch->out, l->unit);
	strbuf_addstr(ch->out, "</title></rect>");
}

static void bar_value(struct chart *ch, const struct svg_bars *c,
		      const struct bar_layout *l, size_t i, double x, double y,
		      const char *anchor)
{
	struct strbuf sb = STRBUF_INIT;

	if (usable(c->values, c->n, i))
		value_text(&sb, c->values[i], l->decimals, l->unit);
	else
		strbuf_addstr(&sb, "no data");
	text_at(ch, x, y, anchor, "value", usable(c->values, c->n, i) ? NULL : MUTED,
		sb.buf, SIZE_MAX);
	strbuf_release(&sb);
}

static size_t widest_value(const struct svg_bars *c, const struct bar_layout *l)
{
	size_t w = 7;	/* "no data" */

	for (size_t i = 0; i < c->n; i++) {
		size_t n = usable(c->values, c->n, i) ?
			   value_chars(c->values[i], l->decimals, l->unit) : 0;
		if (n > w)
			w = n;
	}
	return w;
}

static void bars_horizontal(struct chart *ch, const struct svg_bars *c,
			    const struct bar_layout *l, const char *desc)
{
	double left = text_width(longest(c->labels, c->n, LABEL_MAX)) + 14;
	double right = text_width(widest_value(c, l)) + 10;
	double top = 6, pitch, bar, plot;

	ch->w = c->width > 0 ? c->width : DEFAULT_WIDTH;
	if (left > ch->w * 0.45)
		left = ch->w * 0.45;
	plot = ch->w - left - right;
	if (plot < 120) {
		plot = 120;
		ch->w = left + plot + right;
	}
	pitch = c->height > 0 ? (c->height - 2 * top) / (double)c->n : 30;
	ch->h = c->height > 0 ? c->height : 2 * top + pitch * (double)c->n;
	bar = pitch * 0.7;
	chart_begin(ch, "bars", c->title, desc);
	for (size_t i = 0; i < c->n; i++) {
		double y = top + pitch * (double)i + (pitch - bar) / 2;
		double len = 0;

		text_at(ch, left - 8, y + bar / 2 + 4, "end", "label", NULL,
			c->labels[i], chars_in(left - 14));
		if (usable(c->values, c->n, i)) {
			len = clamp(c->values[i], l->max) / l->max * plot;
			bar_rect(ch, c, l, i, left, y, len, bar);
		}
		bar_value(ch, c, l, i, left + len + 4, y + bar / 2 + 4, NULL);
	}
	line(ch, left + 0.5, top - 2, left + 0.5, ch->h - top + 2, MUTED);
}

static void bars_vertical(struct chart *ch, const struct svg_bars *c,
			  const struct bar_layout *l, const char *desc)
{
	double top = 22, bottom = 26, side = 8, slot, bar, plot, base;
	size_t fit, every = 1, chars = longest(c->labels, c->n, LABEL_MAX);
	double value_w = text_width(widest_value(c, l));

	ch->w = c->width > 0 ? c->width : DEFAULT_WIDTH;
	if (ch->w < 2 * side + (double)c->n)
		ch->w = 2 * side + (double)c->n;	/* at least a unit a bar */
	ch->h = c->height > 0 ? c->height : 280;
	if (ch->h < top + bottom + 40)
		ch->h = top + bottom + 40;
	slot = (ch->w - 2 * side) / (double)c->n;
	bar = slot * 0.7 < 64 ? slot * 0.7 : 64;
	plot = ch->h - top - bottom;
	base = top + plot;
	/* Labels cut to their slot; if that leaves too little, thin them. */
	fit = chars_in(slot - 4);
	if (fit < chars && fit < 6) {
		fit = chars < 10 ? chars : 10;
		every = (size_t)ceil((text_width(fit) + 8) / slot);
	}
	chart_begin(ch, "bars", c->title, desc);
	for (size_t i = 0; i < c->n; i++) {
		double cx = side + slot * ((double)i + 0.5), len = 0;

		if (usable(c->values, c->n, i)) {
			len = clamp(c->values[i], l->max) / l->max * plot;
			bar_rect(ch, c, l, i, cx - bar / 2, base - len, bar, len);
		}
		if (value_w <= slot)
			bar_value(ch, c, l, i, cx, base - len - 5, "middle");
		if (i % every == 0)
			text_at(ch, cx, base + 16, "middle", "label", NULL,
				c->labels[i], fit);
	}
	line(ch, side, base + 0.5, ch->w - side, base + 0.5, MUTED);
}

void svg_bar_chart(struct strbuf *out, const struct svg_bars *c)
{
	struct chart ch = { .out = out };
	struct bar_layout l = { 0, 0, c->unit ? c->unit : "" };
	struct strbuf desc = STRBUF_INIT;

	chart_id(ch.id, c->id);
	if (!c->n || !c->labels) {
		no_data(&ch, "bars", c->title, c->desc, c->width);
		return;
	}
	l.decimals = value_decimals(c->unit, c->values, c->n);
	if (c->max > 0 && isfinite(c->max))
		l.max = c->max;
	else
		for (size_t i = 0; i < c->n; i++)
			if (usable(c->values, c->n, i) && c->values[i] > l.max)
				l.max = c->values[i];
	if (!(l.max > 0))
		l.max = 1;	/* all zero: bars of no length, no 0/0 */
	bar_desc(&desc, c, &l);
	if (c->vertical)
		bars_vertical(&ch, c, &l, desc.buf);
	else
		bars_horizontal(&ch, c, &l, desc.buf);
	chart_end(&ch);
	strbuf_release(&desc);
}

/* ---- line chart ---------------------------------------------------- */

struct line_layout {
	double x0, x1, y0, y1;	/* plot area: x of first and last point, top, axis */
	double max, step;
	int decimals;
	const char *unit;
};

static const char *x_label(const struct svg_lines *c, size_t i)
{
	return c->x_labels[i] ? c->x_labels[i] : "";
}

static double point_x(const struct line_layout *l, size_t n, size_t i)
{
	if (n < 2)
		return (l->x0 + l->x1) / 2;
	return l->x0 + (l->x1 - l->x0) * (double)i / (double)(n - 1);
}

static double point_y(const struct line_layout *l, double v)
{
	return l->y1 - clamp(v, l->max) / l->max * (l->y1 - l->y0);
}

/* Series i's marker: circle, square, diamond or triangle. */
static void marker(struct chart *ch, size_t shape, double x, double y,
		   const char *class, const char *fill, const char *tip)
{
	static const char *const tags[] = { "circle", "rect", "path", "path" };
	struct strbuf *out = ch->out;
	const char *tag = tags[shape % 4];

	strbuf_addf(out, "<%s class=\"marker", tag);
	if (class) {
		strbuf_addch(out, ' ');
		svg_escape(out, class);
	}
	strbuf_addch(out, '"');
	switch (shape % 4) {
	case 0:
		attr(out, "cx", x);
		attr(out, "cy", y);
		attr(out, "r", 3.5);
		break;
	case 1:
		attr(out, "x", x - 3);
		attr(out, "y", y - 3);
		attr(out, "width", 6);
		attr(out, "height", 6);
		break;
	default:
		strbuf_addstr(out, " d=\"M");
		add_num(out, x, 1);
		strbuf_addch(out, ' ');
		add_num(out, y - 4.5, 1);
		strbuf_addstr(out, shape % 4 == 2 ? "l4.5 4.5l-4.5 4.5l-4.5 -4.5z\""
					       : "l4.5 7.5h-9z\"");
	}
	strbuf_addf(out, " fill=\"%s\"><title>", fill);
	svg_escape(out, tip);
	strbuf_addf(out, "</title></%s>", tag);
}

static const char *series_class(const struct svg_series *s)
{
	return s->css_class && *s->css_class ? s->css_class : NULL;
}

static void series_draw(struct chart *ch, const struct svg_lines *c, size_t k,
			const struct line_layout *l)
{
	const struct svg_series *s = &c->series[k];
	struct swatch sw = swatch_for(series_class(s), k);
	struct strbuf tip = STRBUF_INIT;
	bool pen = false, dense = c->n > 1 && (l->x1 - l->x0) / (double)(c->n - 1) < 9;

	strbuf_addf(ch->out, "<path class=\"series series-%zu", k);
	if (series_class(s)) {
		strbuf_addch(ch->out, ' ');
		svg_escape(ch->out, s->css_class);
	}
	strbuf_addf(ch->out, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\""
		    " stroke-linejoin=\"round\"%s d=\"", sw.fill,
		    s->dashed ? " stroke-dasharray=\"7 4\"" : "");
	for (size_t i = 0; i < c->n; i++) {
		if (!usable(s->values, s->n, i)) {
			pen = false;
			continue;
		}
		strbuf_addch(ch->out, pen ? 'L' : 'M');
		add_num(ch->out, point_x(l, c->n, i), 1);
		strbuf_addch(ch->out, ' ');
		add_num(ch->out, point_y(l, s->values[i]), 1);
		pen = true;
	}
	strbuf_addstr(ch->out, "\"/>");
	for (size_t i = 0; i < c->n; i++) {
		bool alone = !usable(s->values, s->n, i - 1) &&
			     !usable(s->values, s->n, i + 1);
		/* A dashed reference needs no markers: its dash tells it apart. */
		if (!usable(s->values, s->n, i) || ((dense || s->dashed) && !alone))
			continue;
		strbuf_reset(&tip);
		strbuf_addf(&tip, "%s, %s: ", s->label ? s->label : "",
			    x_label(c, i));
		value_text(&tip, s->values[i], l->decimals, l->unit);
		marker(ch, k, point_x(l, c->n, i), point_y(l, s->values[i]),
		       series_class(s), sw.fill, tip.buf);
	}
	strbuf_release(&tip);
}

/* Legend items: a line sample with the marker, then the label. */
static double legend_lines(struct chart *ch, const struct svg_lines *c,
			   double left, bool draw)
{
	double x = left, y = 14;

	for (size_t k = 0; k < c->nr_series; k++) {
		const struct svg_series *s = &c->series[k];
		struct swatch sw = swatch_for(series_class(s), k);
		double w = 34 + text_width(longest(&s->label, 1, LABEL_MAX)) + 18;

		if (x > left && x + w > ch->w) {
			x = left;
			y += 20;
		}
		if (draw) {
			strbuf_addstr(ch->out, "<path class=\"legend-line\" d=\"M");
			add_num(ch->out, x, 1);
			strbuf_addch(ch->out, ' ');
			add_num(ch->out, y - 4, 1);
			strbuf_addf(ch->out, "h28\" stroke=\"%s\" stroke-width=\"2.5\"%s/>",
				    sw.fill, s->dashed ? " stroke-dasharray=\"7 4\"" : "");
			if (!s->dashed)
				marker(ch, k, x + 14, y - 4, series_class(s), sw.fill,
				       s->label ? s->label : "");
			text_at(ch, x + 34, y, NULL, "legend", NULL, s->label, LABEL_MAX);
		}
		x += w;
	}
	return y + 12;
}

static void line_desc(struct strbuf *d, const struct svg_lines *c,
		      const struct line_layout *l)
{
	desc_start(d, c->desc);
	for (size_t k = 0; k < c->nr_series; k++) {
		const struct svg_series *s = &c->series[k];
		size_t count = 0, lo = 0, hi = 0, last = 0;

		for (size_t i = 0; i < c->n; i++) {
			if (!usable(s->values, s->n, i))
				continue;
			if (!count || s->values[i] < s->values[lo])
				lo = i;
			if (!count || s->values[i] > s->values[hi])
				hi = i;
			last = i;
			count++;
		}
		strbuf_addf(d, "%s: ", s->label ? s->label : "");
		if (!count) {
			strbuf_addstr(d, "no data. ");
			continue;
		}
		strbuf_addf(d, "%zu of %zu points with data; latest ", count, c->n);
		value_text(d, s->values[last], l->decimals, l->unit);
		strbuf_addf(d, " (%s), lowest ", x_label(c, last));
		value_text(d, s->values[lo], l->decimals, l->unit);
		strbuf_addf(d, " (%s), highest ", x_label(c, lo));
		value_text(d, s->values[hi], l->decimals, l->unit);
		strbuf_addf(d, " (%s). ", x_label(c, hi));
	}
	if (d->len && d->buf[d->len - 1] == ' ')
		d->buf[--d->len] = '\0';
}

static void line_axes(struct chart *ch, const struct svg_lines *c,
		      const struct line_layout *l, double left)
{
	struct strbuf sb = STRBUF_INIT;
	int tick_decimals = step_decimals(l->step);
	size_t chars = longest(c->x_labels, c->n, 12), every = 1;
	double pitch = c->n > 1 ? (l->x1 - l->x0) / (double)(c->n - 1) : l->x1 - l->x0;

	for (int t = 0; t <= 10 && t * l->step <= l->max * (1 + 1e-9); t++) {
		double v = t * l->step, y = point_y(l, v);

		line(ch, left, y, ch->w - 8, y, t ? GRID : MUTED);
		strbuf_reset(&sb);
		value_text(&sb, v, tick_decimals, l->unit);
		text_at(ch, left - 6, y + 4, "end", "tick", MUTED, sb.buf, SIZE_MAX);
	}
	/* Every k-th x label, k the least that keeps neighbours apart. */
	if (pitch > 0)
		every = (size_t)ceil((text_width(chars) + 10) / pitch);
	if (every < 1)
		every = 1;
	for (size_t i = 0; i < c->n; i += every) {
		double x = point_x(l, c->n, i);

		line(ch, x, l->y1, x, l->y1 + 4, MUTED);
		text_at(ch, x, l->y1 + 17, "middle", "tick", NULL,
			x_label(c, i), 12);
	}
	strbuf_release(&sb);
}

/* The top of the y axis, its tick step, and the decimals of values. */
static void line_scale(const struct svg_lines *c, double data_max,
		       struct line_layout *l)
{
	if (c->y_max > 0 && isfinite(c->y_max)) {
		/* Round ticks if y_max is a round number, else quarters. */
		if (fabs(nice_ceil(c->y_max, &l->step) - c->y_max) > 1e-9 * c->y_max)
			l->step = c->y_max / 4;
		l->max = c->y_max;
	} else {
		l->max = nice_ceil(data_max, &l->step);
	}
	for (size_t k = 0; k < c->nr_series; k++) {
		const struct svg_series *s = &c->series[k];
		int d = value_decimals(c->unit, s->values, s->n < c->n ? s->n : c->n);

		if (d > l->decimals)
			l->decimals = d;
	}
}

void svg_line_chart(struct strbuf *out, const struct svg_lines *c)
{
	struct chart ch = { .out = out };
	struct line_layout l = { .unit = c->unit ? c->unit : "" };
	struct strbuf desc = STRBUF_INIT, sb = STRBUF_INIT;
	double data_max = 0, left, legend_h, last_w;
	bool any = false;
	size_t tick_chars;

	chart_id(ch.id, c->id);
	for (size_t k = 0; k < c->nr_series && c->series; k++)
		for (size_t i = 0; i < c->n; i++)
			if (usable(c->series[k].values, c->series[k].n, i)) {
				any = true;
				if (c->series[k].values[i] > data_max)
					data_max = c->series[k].values[i];
			}
	if (!any || !c->x_labels) {
		no_data(&ch, "lines", c->title, c->desc, c->width);
		return;
	}
	line_scale(c, data_max, &l);
	value_text(&sb, l.max, step_decimals(l.step), l.unit);
	tick_chars = utf8_length(sb.buf);
	strbuf_release(&sb);
	ch.w = c->width > 0 ? c->width : 720;
	left = text_width(tick_chars) + 12;
	legend_h = legend_lines(&ch, c, left, false);
	last_w = text_width(longest(c->x_labels + c->n - 1, 1, 12));
	l.x0 = left + 14;
	l.x1 = ch.w - (last_w / 2 > 14 ? last_w / 2 + 4 : 18);
	if (l.x1 - l.x0 < 100) {	/* too narrow a width: widen */
		ch.w += 100 - (l.x1 - l.x0);
		l.x1 = l.x0 + 100;
	}
	l.y0 = legend_h + 10;
	ch.h = c->height > 0 ? c->height : 300;
	if (ch.h < l.y0 + 90)
		ch.h = l.y0 + 90;
	l.y1 = ch.h - 26;
	line_desc(&desc, c, &l);
	chart_begin(&ch, "lines", c->title, desc.buf);
	legend_lines(&ch, c, left, true);
	line_axes(&ch, c, &l, left);
	/* References (dashed) first, so the data lines are drawn over them. */
	for (int dashed = 1; dashed >= 0; dashed--)
		for (size_t k = 0; k < c->nr_series; k++)
			if (c->series[k].dashed == dashed)
				series_draw(&ch, c, k, &l);
	chart_end(&ch);
	strbuf_release(&desc);
}

/* ---- stacked bars --------------------------------------------------- */

/*
 * Textures laid over segments so neighbours differ in greyscale print
 * too: none, diagonal, dots, cross-hatch, horizontal; thin translucent
 * white over whatever colour the class gives.
 */
#define TEXTURES 5

static void texture_defs(struct chart *ch)
{
	static const char *const body[TEXTURES] = {
		NULL,
		"<path d=\"M0 6L6 0M-1 1L1 -1M5 7L7 5\" stroke=\"#fff\" stroke-width=\"1.2\"/>",
		"<circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"#fff\"/>",
		"<path d=\"M0 0L6 6M6 0L0 6\" stroke=\"#fff\" stroke-width=\"0.8\"/>",
		"<path d=\"M0 3H6\" stroke=\"#fff\" stroke-width=\"1.2\"/>",
	};

	strbuf_addstr(ch->out, "<defs>");
	for (int t = 1; t < TEXTURES; t++)
		strbuf_addf(ch->out, "<pattern id=\"%s-tex%d\" width=\"6\" "
			    "height=\"6\" patternUnits=\"userSpaceOnUse\">%s"
			    "</pattern>", ch->id, t, body[t]);
	strbuf_addstr(ch->out, "</defs>");
}

static void texture(struct chart *ch, size_t seg, double x, double y,
		    double w, double h)
{
	if (seg % TEXTURES == 0)
		return;
	strbuf_addstr(ch->out, "<rect class=\"texture\"");
	attr(ch->out, "x", x);
	attr(ch->out, "y", y);
	attr(ch->out, "width", w);
	attr(ch->out, "height", h);
	strbuf_addf(ch->out, " fill=\"url(#%s-tex%zu)\" opacity=\"0.5\" "
		    "pointer-events=\"none\"/>", ch->id, seg % TEXTURES);
}

static double seg_value(const struct svg_stack *c, size_t row, size_t seg)
{
	double v = c->values ? c->values[row * c->segments + seg] : 0;

	return isfinite(v) && v > 0 ? v : 0;
}

static double row_total(const struct svg_stack *c, size_t row)
{
	double t = 0;

	for (size_t s = 0; s < c->segments; s++)
		t += seg_value(c, row, s);
	return t;
}

static const char *seg_label(const struct svg_stack *c, size_t s)
{
	return c->segment_labels && c->segment_labels[s] ? c->segment_labels[s] : "";
}

static void stack_desc(struct strbuf *d, const struct svg_stack *c, int decimals)
{
	desc_start(d, c->desc);
	for (size_t r = 0; r < c->rows; r++) {
		double total = row_total(c, r);

		strbuf_addstr(d, c->row_labels[r] ? c->row_labels[r] : "");
		strbuf_addstr(d, ": ");
		if (!(total > 0)) {
			strbuf_addstr(d, "no data");
		} else {
			add_num(d, total, decimals);
			strbuf_addstr(d, " in all");
		}
		for (size_t s = 0; s < c->segments && total > 0; s++) {
			double v = seg_value(c, r, s);

			strbuf_addf(d, ", %s ", seg_label(c, s));
			add_num(d, v, decimals);
			strbuf_addstr(d, " (");
			add_num(d, 100 * v / total, 1);
			strbuf_addstr(d, "%)");
		}
		strbuf_addstr(d, r + 1 < c->rows ? "; " : ".");
	}
}

static double stack_legend(struct chart *ch, const struct svg_stack *c,
			   double left, bool draw)
{
	double x = left, y = 14;

	for (size_t s = 0; s < c->segments; s++) {
		const char *class = class_at(c->segment_class, s);
		double w = 18 + text_width(utf8_length(seg_label(c, s))) + 18;

		if (x > left && x + w > ch->w) {
			x = left;
			y += 20;
		}
		if (draw) {
			rect_open(ch, "swatch", class, x, y - 10, 12, 12,
				  swatch_for(class, s).fill);
			strbuf_addstr(ch->out, "</rect>");
			texture(ch, s, x, y - 10, 12, 12);
			text_at(ch, x + 18, y, NULL, "legend", NULL,
				seg_label(c, s), SIZE_MAX);
		}
		x += w;
	}
	return y + 12;
}

/* One row's segments, each with a tooltip and, where it fits, its share. */
static void stack_row(struct chart *ch, const struct svg_stack *c, size_t r,
		      double left, double plot, double y, double bar, int decimals)
{
	double total = row_total(c, r), x = left;
	struct strbuf sb = STRBUF_INIT;

	for (size_t s = 0; s < c->segments && total > 0; s++) {
		const char *class = class_at(c->segment_class, s);
		struct swatch sw = swatch_for(class, s);
		double v = seg_value(c, r, s), w = v / total * plot;
		double pct = 100 * v / total;

		if (!(v > 0))
			continue;
		rect_open(ch, "segment", class, x, y, w, bar, sw.fill);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s, %s: ", c->row_labels[r] ? c->row_labels[r] : "",
			    seg_label(c, s));
		add_num(&sb, v, decimals);
		strbuf_addstr(&sb, " of ");
		add_num(&sb, total, decimals);
		strbuf_addstr(&sb, " (");
		add_num(&sb, pct, 1);
		strbuf_addstr(&sb, "%)");
		strbuf_addstr(ch->out, "<title>");
		svg_escape(ch->out, sb.buf);
		strbuf_addstr(ch->out, "</title></rect>");
		texture(ch, s, x, y, w, bar);
		strbuf_reset(&sb);
		if (pct < 1)
			strbuf_addstr(&sb, "<1%");
		else {
			add_num(&sb, pct, 0);
			strbuf_addch(&sb, '%');
		}
		if (w >= text_width(sb.len) + 8) {
			/* A halo of the segment's colour keeps the texture off the text. */
			strbuf_addf(ch->out, "<g stroke=\"%s\" stroke-width=\"4\" "
				    "stroke-linejoin=\"round\" paint-order=\"stroke\">",
				    sw.fill);
			text_at(ch, x + w / 2, y + bar / 2 + 4, "middle", "share",
				sw.ink, sb.buf, SIZE_MAX);
			strbuf_addstr(ch->out, "</g>");
		}
		x += w;
	}
	strbuf_reset(&sb);
	if (total > 0) {
		strbuf_addstr(&sb, "n = ");
		add_num(&sb, total, decimals);
	} else {
		strbuf_addstr(ch->out, "<rect class=\"empty\"");
		attr(ch->out, "x", left + 0.5);
		attr(ch->out, "y", y + 0.5);
		attr(ch->out, "width", plot - 1);
		attr(ch->out, "height", bar - 1);
		strbuf_addf(ch->out, " fill=\"none\" stroke=\"%s\"/>", GRID);
		strbuf_addstr(&sb, "no data");
	}
	text_at(ch, left + plot + 8, y + bar / 2 + 4, NULL, "total",
		total > 0 ? NULL : MUTED, sb.buf, SIZE_MAX);
	strbuf_release(&sb);
}

/* Ticks at 0, 25, 50, 75 and 100% under the bars, from y. */
static void stack_axis(struct chart *ch, double left, double plot, double y)
{
	for (int q = 0; q <= 4; q++) {
		double x = left + plot * q / 4;
		char pct[8];

		snprintf(pct, sizeof(pct), "%d%%", 25 * q);
		line(ch, x, y - 4, x, y, MUTED);
		text_at(ch, x, y + 12, "middle", "tick", MUTED, pct, SIZE_MAX);
	}
}

void svg_stacked_bars(struct strbuf *out, const struct svg_stack *c)
{
	struct chart ch = { .out = out };
	struct strbuf desc = STRBUF_INIT;
	double left, right, plot, top, pitch, bar;
	size_t total_chars = 7;
	int decimals;

	chart_id(ch.id, c->id);
	if (!c->rows || !c->segments || !c->row_labels || !c->values) {
		no_data(&ch, "stack", c->title, c->desc, c->width);
		return;
	}
	decimals = value_decimals("", c->values, c->rows * c->segments);
	for (size_t r = 0; r < c->rows; r++) {
		size_t n = value_chars(row_total(c, r), decimals, "") + 4;
		if (n > total_chars)
			total_chars = n;
	}
	ch.w = c->width > 0 ? c->width : DEFAULT_WIDTH;
	left = text_width(longest(c->row_labels, c->rows, LABEL_MAX)) + 14;
	if (left > ch.w * 0.4)
		left = ch.w * 0.4;
	right = text_width(total_chars) + 14;
	plot = ch.w - left - right;
	if (plot < 160) {
		plot = 160;
		ch.w = left + plot + right;
	}
	top = stack_legend(&ch, c, left, false) + 8;
	pitch = c->height > 0 ? (c->height - top - 24) / (double)c->rows : 34;
	if (pitch < 8)
		pitch = 8;
	bar = pitch * 0.72;
	ch.h = top + pitch * (double)c->rows + 24;
	stack_desc(&desc, c, decimals);
	chart_begin(&ch, "stack", c->title, desc.buf);
	texture_defs(&ch);
	stack_legend(&ch, c, left, true);
	for (size_t r = 0; r < c->rows; r++) {
		double y = top + pitch * (double)r;

		text_at(&ch, left - 8, y + bar / 2 + 4, "end", "label", NULL,
			c->row_labels[r], chars_in(left - 14));
		stack_row(&ch, c, r, left, plot, y, bar, decimals);
	}
	stack_axis(&ch, left, plot, top + pitch * (double)c->rows);
	chart_end(&ch);
	strbuf_release(&desc);
}

/* ---- register calendar ------------------------------------------------ */

#define CAL_LEFT 34.0
#define CAL_TOP 24.0
#define CAL_HALF 7.0		/* width of an AM or PM half */
#define CAL_CELL 14.0		/* height of a day */
#define CAL_PITCH 18.0		/* from one week (or weekday) to the next */

/* Cell kinds: the mark categories, then a day with no mark at all. */
#define CAL_NONE CATEGORY_COUNT

static const struct {
	const char *class, *label, *fill;
} cal_kinds[CATEGORY_COUNT + 1] = {
	[CATEGORY_MISSING] = { "cal-missing", "Missing mark", "#fff" },
	[CATEGORY_NOT_POSSIBLE] = { "cal-not-possible", "Not possible", "#b1b4b6" },
	[CATEGORY_PRESENT] = { "cal-present", "Present", "#5d9e75" },
	[CATEGORY_APPROVED] = { "cal-approved", "Approved activity", "#1d70b8" },
	[CATEGORY_AUTHORISED] = { "cal-authorised", "Authorised absence", "#f47738" },
	[CATEGORY_UNAUTHORISED] = { "cal-unauthorised", "Unauthorised absence", "#d4351c" },
	[CAL_NONE] = { "cal-none", "No session", "#f3f2f1" },
};

static void cal_defs(struct chart *ch)
{
	strbuf_addf(ch->out, "<defs><pattern id=\"%s-hatch\" width=\"4\" "
		    "height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"4\" "
		    "height=\"4\" fill=\"%s\"/><path d=\"M0 4L4 0M-1 1L1 -1M3 5L5 3\" "
		    "stroke=\"#fff\" stroke-width=\"1\"/></pattern></defs>",
		    ch->id, cal_kinds[CATEGORY_UNAUTHORISED].fill);
}

/* One half-day: a rect of its kind with its tooltip (or a legend swatch). */
static void cal_cell(struct chart *ch, int kind, double x, double y,
		     double w, double h, const char *tip)
{
	struct strbuf *out = ch->out;

	strbuf_addf(out, "<rect class=\"cal %s\"", cal_kinds[kind].class);
	if (kind == CATEGORY_MISSING) {
		/* An outline inside the cell, so it is a different shape. */
		x += 0.75, y += 0.75, w -= 1.5, h -= 1.5;
	}
	attr(out, "x", x);
	attr(out, "y", y);
	attr(out, "width", w);
	attr(out, "height", h);
	if (kind == CATEGORY_UNAUTHORISED)
		strbuf_addf(out, " fill=\"url(#%s-hatch)\"", ch->id);
	else
		strbuf_addf(out, " fill=\"%s\"", cal_kinds[kind].fill);
	if (kind == CATEGORY_MISSING)
		strbuf_addstr(out, " stroke=\"#d4351c\" stroke-width=\"1.5\"");
	if (!tip) {
		strbuf_addstr(out, "/>");
		return;
	}
	strbuf_addstr(out, "><title>");
	svg_escape(out, tip);
	strbuf_addstr(out, "</title></rect>");
}

struct cal_state {
	int year;
	day_t start, end, monday;
	const mark_t *marks;
	size_t nr_slots;
	unsigned count[CATEGORY_COUNT + 1];	/* sessions of each kind drawn */
	unsigned weekend;			/* marks on Saturdays and Sundays */
	struct measure m;
};

static mark_t cal_mark(const struct cal_state *cs, day_t day, int pm)
{
	size_t slot = 2 * (size_t)(day - cs->start) + (size_t)pm;

	return slot < cs->nr_slots ? cs->marks[slot] : MARK_MISSING;
}

static void cal_day(struct chart *ch, struct cal_state *cs, day_t day)
{
	int wd = date_weekday(day);
	double x = CAL_LEFT + CAL_PITCH * (double)((day - cs->monday) / 7);
	double y = CAL_TOP + CAL_PITCH * wd;
	mark_t m[2] = { cal_mark(cs, day, 0), cal_mark(cs, day, 1) };
	bool blank = !m[0] && !m[1];
	struct strbuf tip = STRBUF_INIT;
	char date[11];

	date_format(day, date);
	strbuf_addstr(ch->out, "<g class=\"day\">");
	for (int pm = 0; pm < 2; pm++) {
		const struct code_info *ci = mark_info(m[pm]);
		int kind = blank ? CAL_NONE : (int)ci->category;

		strbuf_reset(&tip);
		strbuf_addf(&tip, "%s %s: ", date, pm ? "PM" : "AM");
		if (m[pm])
			strbuf_addf(&tip, "%s %s", ci->code, ci->meaning);
		else
			strbuf_addstr(&tip, blank ? "no mark" : "no mark (missing)");
		cal_cell(ch, kind, x + pm * (CAL_HALF + 1), y, CAL_HALF, CAL_CELL,
			 tip.buf);
		cs->count[kind]++;
	}
	strbuf_addstr(ch->out, "</g>");
	strbuf_release(&tip);
}

static void cal_months(struct chart *ch, const struct cal_state *cs)
{
	static const char *const names[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};

	for (int i = 0; i < 12; i++) {
		int month = (7 + i) % 12 + 1, year = cs->year + (month < 8);
		day_t first = date_from_ymd(year, month, 1);
		char label[16];

		while (date_weekday(first) >= 5)
			first++;
		if (month == 8 || month == 1)
			snprintf(label, sizeof(label), "%s %d", names[month - 1], year);
		else
			snprintf(label, sizeof(label), "%s", names[month - 1]);
		text_at(ch, CAL_LEFT + CAL_PITCH * (double)((first - cs->monday) / 7),
			CAL_TOP - 8, NULL, "month", NULL, label, SIZE_MAX);
	}
}

/* Draws the legend from baseline y; returns the baseline of its last line. */
static double cal_legend(struct chart *ch, const struct cal_state *cs, double y)
{
	static const int order[] = {
		CATEGORY_PRESENT, CATEGORY_APPROVED, CATEGORY_AUTHORISED,
		CATEGORY_UNAUTHORISED, CATEGORY_NOT_POSSIBLE, CATEGORY_MISSING,
		CAL_NONE,
	};
	double x = CAL_LEFT;
	char label[64];

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int k = order[i];
		double w;

		snprintf(label, sizeof(label), "%s %u", cal_kinds[k].label, cs->count[k]);
		w = 20 + text_width(strlen(label)) + 14;
		if (x > CAL_LEFT && x + w > ch->w) {
			x = CAL_LEFT;
			y += 20;
		}
		cal_cell(ch, k, x, y - 11, CAL_HALF, CAL_CELL, NULL);
		cal_cell(ch, k, x + CAL_HALF + 1, y - 11, CAL_HALF, CAL_CELL, NULL);
		text_at(ch, x + 20, y, NULL, "legend", NULL, label, SIZE_MAX);
		x += w;
	}
	text_at(ch, CAL_LEFT, y + 22, NULL, "legend", MUTED,
		"Each day: morning (AM) on the left, afternoon (PM) on the right.",
		SIZE_MAX);
	return y + 22;
}

static void cal_desc(struct strbuf *d, const struct cal_state *cs)
{
	char name[8], pct[24];

	academic_year_name(cs->year, name);
	strbuf_addf(d, "Register for %s, one cell per morning and afternoon "
		    "session on weekdays: ", name);
	for (int k = CATEGORY_PRESENT; k < CATEGORY_COUNT; k++)
		strbuf_addf(d, "%u %s, ", cs->count[k], category_name(k));
	strbuf_addf(d, "%u not possible, %u missing marks; %u sessions on "
		    "weekdays with no mark at all. ", cs->count[CATEGORY_NOT_POSSIBLE],
		    cs->count[CATEGORY_MISSING], cs->count[CAL_NONE]);
	if (cs->m.possible)
		strbuf_addf(d, "Overall absence %s%% of %u possible sessions.",
			    percent_format(measure_absent(&cs->m), cs->m.possible, pct),
			    cs->m.possible);
	else
		strbuf_addstr(d, "No possible sessions.");
	if (cs->weekend)
		strbuf_addf(d, " Marks on weekend days, not shown: %u.", cs->weekend);
}

void svg_register_calendar(struct strbuf *out, int academic_year,
			   const mark_t *marks, size_t nr_slots,
			   const char *title)
{
	struct chart ch = { .out = out };
	struct cal_state cs = { .year = academic_year, .marks = marks,
				.nr_slots = marks ? nr_slots : 0 };
	static const char *const weekdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri" };
	struct strbuf body = STRBUF_INIT, desc = STRBUF_INIT;
	char name[8], fallback[32];
	int weeks;

	chart_id(ch.id, NULL);
	if (academic_year < ACADEMIC_YEAR_MIN || academic_year > ACADEMIC_YEAR_MAX) {
		no_data(&ch, "calendar", title, "No register for this year", 0);
		return;
	}
	cs.start = academic_year_start(academic_year);
	cs.end = academic_year_end(academic_year);
	cs.monday = date_monday(cs.start);
	if (cs.nr_slots > (size_t)academic_year_slots(academic_year))
		cs.nr_slots = (size_t)academic_year_slots(academic_year);
	measure_add_marks(&cs.m, cs.marks, cs.nr_slots);
	weeks = (date_monday(cs.end) - cs.monday) / 7 + 1;
	ch.w = CAL_LEFT + CAL_PITCH * weeks + 6;
	/* Cells first, into a side buffer: the counts feed the desc. */
	ch.out = &body;
	for (day_t d = cs.start; d <= cs.end; d++) {
		if (date_weekday(d) < 5)
			cal_day(&ch, &cs, d);
		else
			cs.weekend += (cal_mark(&cs, d, 0) != 0) + (cal_mark(&cs, d, 1) != 0);
	}
	cal_months(&ch, &cs);
	for (int wd = 0; wd < 5; wd++)
		text_at(&ch, CAL_LEFT - 6, CAL_TOP + CAL_PITCH * wd + 11, "end",
			"weekday", MUTED, weekdays[wd], SIZE_MAX);
	ch.h = cal_legend(&ch, &cs, CAL_TOP + CAL_PITCH * 5 + 20) + 8;
	ch.out = out;
	cal_desc(&desc, &cs);
	academic_year_name(academic_year, name);
	snprintf(fallback, sizeof(fallback), "Register %s", name);
	chart_begin(&ch, "calendar", title && *title ? title : fallback, desc.buf);
	cal_defs(&ch);
	strbuf_add(out, body.buf, body.len);
	chart_end(&ch);
	strbuf_release(&body);
	strbuf_release(&desc);
}
