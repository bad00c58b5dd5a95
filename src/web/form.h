#ifndef WEB_FORM_H
#define WEB_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "util/error.h"
#include "web/web.h"

/*
 * What the pages that change things share: forms and their fields
 * (escaped by context, each with its label), reading dates and ids back
 * from a POST, the banner and status of a refusal, and long lists in
 * pages with a pager.
 */

/*
 * A form.  A page drawn again after a refused POST names the form that
 * was refused (`failed`): that form opens with what was typed, escaped,
 * so nothing is lost.  Field ids are FORM-NAME.
 */
struct form {
	struct request *r;
	const char *id;		/* this form's name */
	const char *failed;	/* the refused form's name, or NULL */
};

void form_open(struct form *f, const char *summary, const char *action);
void form_close(struct form *f, const char *button);
void form_text(struct form *f, const char *name, const char *label,
	       const char *value, bool required);
void form_date(struct form *f, const char *name, const char *label,
	       day_t value, bool required);
void form_select(struct form *f, const char *name, const char *label,
		 const char *const *values, const char *const *labels,
		 size_t n, const char *value);
void form_check(struct form *f, const char *name, const char *label);
/* A form field as a date: blank -> def; not a date -> ERROR_USAGE. */
int form_day(struct request *r, const char *name, day_t def, day_t *out,
	     struct error *e);
/* A positive id from a form field, or ERROR_USAGE. */
int form_id(struct request *r, const char *name, int64_t *out,
	    struct error *e);
/* "" for DAY_NONE, else YYYY-MM-DD. */
const char *day_text(day_t d, char out[11]);
/*
 * Long lists in pages of PAGE_ROWS: page_number reads ?page= (1 when
 * absent; -1 if it is not a number from 1); page_pager writes "Cases
 * 101-200 of 13,822" (what: "cases") with links to the pages either side,
 * each link + "page=N" (link is escaped HTML ending in '?' or '&amp;').
 */
#define PAGE_ROWS 100
int page_number(struct request *r, long *page);
void page_pager(struct request *r, const char *what, size_t total, long page,
		const char *link);
/* The status of a refusal: 422 input, 400 form, 500 otherwise. */
int refusal_status(const struct error *e);
/* The refusal banner at the top of a page drawn again. */
void refusal_banner(struct request *r, const char *message);

#endif
