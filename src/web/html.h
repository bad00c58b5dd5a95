#ifndef WEB_HTML_H
#define WEB_HTML_H

#include <stdbool.h>

#include "core/measure.h"
#include "util/strbuf.h"
#include "web/web.h"

/*
 * HTML output (after cgit's html.c): escape by context, with a function
 * named for each.  Nothing reaches a page through a printf of raw data.
 */
void html_text(struct strbuf *out, const char *s);	/* element content */
void html_attr(struct strbuf *out, const char *s);	/* inside "..." */
void html_url_arg(struct strbuf *out, const char *s);	/* a query value */
void json_str(struct strbuf *out, const char *s);	/* "..." with escapes */
/* Raw markup: literal strings the program itself wrote. */
#define html_raw(out, s) strbuf_addstr(out, s)

/* The page frame: head, header with who is signed in, navigation. */
void layout_start(struct request *r, const char *title);
void layout_end(struct request *r);

/* The one place links are built. */
void link_school(struct strbuf *out, int32_t urn, const char *name);
void link_pupil(struct strbuf *out, const char *upn, const char *label);
/* A hidden CSRF field for a form. */
void html_csrf(struct request *r);

/* Two-decimal percentage of num/den, or an en dash when den is 0. */
void html_percent(struct strbuf *out, uint64_t num, uint64_t den);

/*
 * Table cells for a tally: pupils, overall absence, (unauthorised,) PA
 * and SA rates.
 */
void html_tally_cells(struct strbuf *out, const struct tally *t,
		      bool unauthorised);

extern const char web_css[];

#endif
