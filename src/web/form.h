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
	char row_id[32];	/* the name form_open_row makes */
};

void form_open(struct form *f, const char *summary, const char *action);
/*
 * Opens a form about one row of a table (an action, a notice, a meeting):
 * it is named `name` and the row's id ("done12"), and if field is not
 * NULL it carries the id in that hidden field.
 */
void form_open_row(struct form *f, const char *name, int64_t row,
		   const char *field, const char *summary, const char *action);
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
/* A form field that is one of a list's names (parse: -1 if not), or ERROR_USAGE. */
int form_choice(struct request *r, const char *name, int (*parse)(const char *),
		const char *what, int *out, struct error *e);
/* A school's 6-digit URN from a form field, or ERROR_USAGE. */
int form_urn(struct request *r, const char *name, int32_t *out,
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

/*
 * The answer to a POST whose change was made: {"ok":true} to JSON, else
 * a redirect (303) to `to`.  Returns 0, for "return form_saved(...)".
 */
int form_saved(struct request *r, const char *to);
/*
 * The answer to a POST whose change was refused (e), unless the page is
 * to be drawn again: JSON gets the error and its status, and a failure
 * of the store (500) a plain page saying nothing was saved.  True if so;
 * false, with r->status set (422 or 400), for the caller to draw the page
 * again with refusal_banner(e->msg) above the form that was refused.
 */
bool form_refusal(struct request *r, const struct error *e);

#endif
