#ifndef WEB_SVG_H
#define WEB_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/code.h"
#include "util/strbuf.h"

/*
 * Charts drawn on the server as SVG text (STYLE.md): readable without
 * JavaScript, printable, and testable as text.  Each function appends one
 * <svg> element to a strbuf.
 *
 * Every chart
 *
 *   - is <svg xmlns=... role="img" aria-labelledby="ID-title ID-desc">
 *     with a <title> and a <desc>; the desc is the caller's sentence
 *     followed by the numbers in words, so a screen reader gets the data;
 *   - has a viewBox and a natural width and height, so it scales down to
 *     its container (the page sets svg{max-width:100%;height:auto});
 *   - puts CSS classes on its marks ("bar band-pa", "series series-1",
 *     "cal cal-unauthorised") and writes a default palette as presentation
 *     attributes, the weakest rule in CSS: the page's stylesheet wins, and
 *     a chart saved or printed on its own still has its colours;
 *   - never relies on colour alone: values are printed beside bars and in
 *     segments, series differ by marker shape and dash, stack segments by
 *     texture, calendar sessions carry a tooltip and unauthorised ones a
 *     hatch;
 *   - escapes all text with svg_escape() (titles and labels are plain
 *     UTF-8 and may hold <, &, quotes; bytes that are not valid UTF-8 or
 *     not allowed in XML become U+FFFD), so the output is well-formed XML;
 *   - writes numbers with its own fixed-point formatter, never printf's
 *     %f, so no locale can turn a decimal point into a comma;
 *   - draws something sensible for any input: no data gives a framed
 *     "No data" chart, NaN and infinite values are gaps, negative values
 *     are drawn as 0.
 *
 * Ids: a chart's ids (title, desc, patterns) start with "svg-ID", where ID
 * is the caller's `id` with anything but letters, digits, '-' and '_'
 * turned into '_'.  Give each chart on a page its own id; NULL takes a
 * fresh "svgN" from a process-wide counter (thread-safe).
 *
 * Sizes are in SVG user units (CSS pixels at natural size); 0 picks a
 * default, and a height of 0 grows with the number of rows.
 */

/* Appends s as XML text, safe both as element content and inside "...". */
void svg_escape(struct strbuf *out, const char *s);

/*
 * One bar per label with its value printed at the end of the bar.
 * Horizontal by default (long labels read best); `vertical` stands them up.
 */
struct svg_bars {
	const char *id;			/* id prefix, unique on the page */
	const char *title;
	const char *desc;		/* a sentence; the values are appended */
	const char *const *labels;	/* n labels */
	const double *values;		/* n values */
	size_t n;
	const char *unit;		/* "%" prints 1 decimal; "" or NULL none */
	const char *const *css_class;	/* optional: a class per bar, NULL entries ok */
	double max;			/* full length of a bar; 0 = largest value */
	bool vertical;
	int width, height;		/* 0 = default */
};

void svg_bar_chart(struct strbuf *out, const struct svg_bars *c);

/*
 * Lines over shared x labels.  Each series has its own marker shape;
 * `dashed` draws a reference (the national rate, say): no markers, and
 * behind the other lines.  A series shorter
 * than the chart, and NaN values in it, leave gaps; a point with gaps on
 * both sides is still drawn as its marker.  The y axis starts at 0 and its
 * few ticks are round numbers; x labels are thinned so none overlap.
 */
struct svg_series {
	const char *label;		/* for the legend and the desc */
	const double *values;		/* values[i] belongs to x_labels[i] */
	size_t n;
	const char *css_class;		/* optional; style its stroke and fill */
	bool dashed;
};

struct svg_lines {
	const char *id;
	const char *title;
	const char *desc;
	const char *const *x_labels;	/* n labels */
	size_t n;
	const struct svg_series *series;
	size_t nr_series;
	const char *unit;		/* "%" or "" */
	double y_max;			/* top of the axis; 0 = a round number above the data */
	int width, height;
};

void svg_line_chart(struct strbuf *out, const struct svg_lines *c);

/*
 * One 100% bar per row, split into segments (the five bands, say), with a
 * legend, each segment's share printed inside it when it fits, and the
 * row's total at its end.  A row whose total is 0 says "no data".
 */
struct svg_stack {
	const char *id;
	const char *title;
	const char *desc;
	const char *const *row_labels;	/* rows labels */
	size_t rows;
	const char *const *segment_labels;	/* segments labels, left to right */
	const char *const *segment_class;	/* optional, as svg_bars.css_class */
	size_t segments;
	const double *values;		/* rows * segments counts, row by row */
	int width, height;
};

void svg_stacked_bars(struct strbuf *out, const struct svg_stack *c);

/*
 * One pupil's register for an academic year as a heat-map: a column per
 * week, a row per weekday (weekends left out), each day split into an AM
 * (left) and a PM (right) half coloured by the mark's category, months
 * labelled, and a <title> tooltip on every session such as
 * "2025-09-01 AM: I Illness".  marks[slot] follows core/date.h
 * (slot = 2 * (day - 1 August) + PM); slots at or past nr_slots count as
 * unmarked.  A weekday with no mark at all (a holiday, or a day before the
 * pupil joined) is drawn pale; a blank session beside a marked one is a
 * missing mark and drawn as a red outline.  The legend and the desc give
 * the count of sessions in each category.  title may be NULL.
 */
void svg_register_calendar(struct strbuf *out, int academic_year,
			   const mark_t *marks, size_t nr_slots,
			   const char *title);

#endif
