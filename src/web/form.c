/* Forms, refusals and pagers of the pages that change things (form.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/urn.h"
#include "web/form.h"
#include "web/html.h"

const char *day_text(day_t d, char out[11])
{
	out[0] = '\0';
	if (d != DAY_NONE)
		date_format(d, out);
	return out;
}

int refusal_status(const struct error *e)
{
	return e->kind == ERROR_INPUT ? 422 : e->kind == ERROR_USAGE ? 400 : 500;
}

void refusal_banner(struct request *r, const char *message)
{
	if (!message)
		return;
	strbuf_addstr(&r->out, "<div class=\"error\" role=\"alert\"><h2>Not saved"
		      "</h2><p>");
	html_text(&r->out, message);
	strbuf_addstr(&r->out, "</p></div>");
}

int form_saved(struct request *r, const char *to)
{
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		strbuf_addstr(&r->out, "{\"ok\":true}\n");
		return 0;
	}
	return web_redirect(r, to);
}

bool form_refusal(struct request *r, const struct error *e)
{
	int status = refusal_status(e);

	if (status == 500) {
		web_error(r, 500, "The change could not be saved.");
		return true;
	}
	if (r->format == WEB_JSON) {
		web_error(r, status, e->msg);
		return true;
	}
	r->status = status;
	return false;
}

/* Is this the form that was refused (so it shows what was typed)? */
static bool form_refused(const struct form *f)
{
	return f->failed && !strcmp(f->failed, f->id);
}

/* What a field shows: what was typed into a refused form, else value. */
static const char *field_value(struct form *f, const char *name,
			       const char *value)
{
	if (form_refused(f)) {
		const char *typed = web_form(f->r, name);
		return typed ? typed : "";
	}
	return value ? value : "";
}

static void field_label(struct form *f, const char *name, const char *label)
{
	strbuf_addf(&f->r->out, "<div><label for=\"%s-%s\">", f->id, name);
	html_text(&f->r->out, label);
	strbuf_addstr(&f->r->out, "</label>");
}

void form_open(struct form *f, const char *summary, const char *action)
{
	struct strbuf *o = &f->r->out;
	bool open = form_refused(f);

	if (summary) {
		strbuf_addf(o, "<details id=\"%s\"%s><summary>", f->id,
			    open ? " open" : "");
		html_text(o, summary);
		strbuf_addstr(o, "</summary>");
	}
	strbuf_addstr(o, "<form class=\"filters\" method=\"post\" action=\"");
	html_attr(o, action);
	strbuf_addstr(o, "\">");
	html_csrf(f->r);
	strbuf_addf(o, "<input type=\"hidden\" name=\"form\" value=\"%s\">", f->id);
}

void form_open_row(struct form *f, const char *name, int64_t row,
		   const char *field, const char *summary, const char *action)
{
	snprintf(f->row_id, sizeof(f->row_id), "%s%lld", name, (long long)row);
	f->id = f->row_id;
	form_open(f, summary, action);
	if (field)
		strbuf_addf(&f->r->out, "<input type=\"hidden\" name=\"%s\" "
			    "value=\"%lld\">", field, (long long)row);
}

void form_close(struct form *f, const char *button)
{
	strbuf_addstr(&f->r->out, "<button type=\"submit\">");
	html_text(&f->r->out, button);
	strbuf_addstr(&f->r->out, "</button></form>");
}

void form_text(struct form *f, const char *name, const char *label,
	       const char *value, bool required)
{
	struct strbuf *o = &f->r->out;

	field_label(f, name, label);
	strbuf_addf(o, "<input id=\"%s-%s\" name=\"%s\" size=\"32\"%s value=\"",
		    f->id, name, name, required ? " required" : "");
	html_attr(o, field_value(f, name, value));
	strbuf_addstr(o, "\"></div>");
}

void form_date(struct form *f, const char *name, const char *label,
	       day_t value, bool required)
{
	struct strbuf *o = &f->r->out;
	char d[11];

	field_label(f, name, label);
	strbuf_addf(o, "<input type=\"date\" id=\"%s-%s\" name=\"%s\"%s value=\"",
		    f->id, name, name, required ? " required" : "");
	html_attr(o, field_value(f, name, day_text(value, d)));
	strbuf_addstr(o, "\"></div>");
}

void form_select(struct form *f, const char *name, const char *label,
		 const char *const *values, const char *const *labels,
		 size_t n, const char *value)
{
	struct strbuf *o = &f->r->out;
	const char *chosen = field_value(f, name, value);

	field_label(f, name, label);
	strbuf_addf(o, "<select id=\"%s-%s\" name=\"%s\">", f->id, name, name);
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(o, "<option value=\"");
		html_attr(o, values[i]);
		strbuf_addstr(o, !strcmp(values[i], chosen) ? "\" selected>" : "\">");
		html_text(o, labels[i]);
		strbuf_addstr(o, "</option>");
	}
	strbuf_addstr(o, "</select></div>");
}

void form_check(struct form *f, const char *name, const char *label)
{
	struct strbuf *o = &f->r->out;
	bool on = form_refused(f) && web_form(f->r, name);

	strbuf_addf(o, "<div><input type=\"checkbox\" id=\"%s-%s\" name=\"%s\" "
		    "value=\"yes\"%s> <label for=\"%s-%s\">", f->id, name, name,
		    on ? " checked" : "", f->id, name);
	html_text(o, label);
	strbuf_addstr(o, "</label></div>");
}

int form_day(struct request *r, const char *name, day_t def, day_t *out,
	     struct error *e)
{
	const char *s = web_form(r, name);

	*out = def;
	if (!s || !*s)
		return 0;
	if (date_parse(s, strlen(s), out))
		return error_set(e, ERROR_USAGE, "%s: '%s' is not a date "
				 "(YYYY-MM-DD)", name, s);
	return 0;
}

int form_choice(struct request *r, const char *name, int (*parse)(const char *),
		const char *what, int *out, struct error *e)
{
	const char *s = web_form(r, name);

	*out = s ? parse(s) : -1;
	if (*out < 0)
		return error_set(e, ERROR_USAGE, "%s: choose %s", name, what);
	return 0;
}

int form_urn(struct request *r, const char *name, int32_t *out,
	     struct error *e)
{
	const char *s = web_form(r, name);

	if (!s || !urn_parse(s, strlen(s), out))
		return error_set(e, ERROR_USAGE, "%s: choose a school", name);
	return 0;
}

int form_id(struct request *r, const char *name, int64_t *out, struct error *e)
{
	const char *s = web_form(r, name);
	char *end;
	long long v;

	if (!s || !*s)
		return error_set(e, ERROR_USAGE, "%s: missing", name);
	v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return error_set(e, ERROR_USAGE, "%s: '%s' is not a number", name, s);
	*out = v;
	return 0;
}

int page_number(struct request *r, long *page)
{
	const char *q = web_query(r, "page");
	char *end;

	*page = 1;
	if (!q || !*q)
		return 0;
	*page = strtol(q, &end, 10);
	return *end || *page < 1 || *page > 1000000 ? -1 : 0;
}

void page_pager(struct request *r, const char *what, size_t total, long page,
		const char *link)
{
	struct strbuf *o = &r->out;
	size_t first = (size_t)(page - 1) * PAGE_ROWS;

	if (!total) {
		strbuf_addf(o, "<p>No %s.</p>", what);
		return;
	}
	strbuf_addf(o, "<nav class=\"pager\" aria-label=\"Pages\"><p>");
	if (first >= total)
		strbuf_addf(o, "No %s on page %ld; there are %zu. ", what, page, total);
	else
		strbuf_addf(o, "%c%s %zu&ndash;%zu of %zu. ", toupper((unsigned char)what[0]), what + 1,
			    first + 1, first + PAGE_ROWS < total ?
			    first + PAGE_ROWS : total, total);
	for (int dir = -1; dir <= 1; dir += 2) {
		long to = page + dir;

		if (to < 1 || (size_t)(to - 1) * PAGE_ROWS >= total)
			continue;
		strbuf_addf(o, "<a href=\"%spage=%ld\">%s</a> ", link, to,
			    dir < 0 ? "&larr; Previous" : "Next &rarr;");
	}
	strbuf_addstr(o, "</p></nav>");
}
