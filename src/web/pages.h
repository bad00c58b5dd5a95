#ifndef WEB_PAGES_H
#define WEB_PAGES_H

#include "web/snapshot.h"
#include "web/web.h"

/* Route handlers, one file per page (web_NAME.c). */
int page_login(struct request *r);
int page_login_post(struct request *r);
int page_logout(struct request *r);
int page_css(struct request *r);
int page_dashboard(struct request *r);
int page_schools(struct request *r);
int page_school(struct request *r);
int page_pupil(struct request *r);
int page_list(struct request *r);
int page_audit(struct request *r);
int page_hotspots(struct request *r);
int page_cases(struct request *r);
int page_cases_post(struct request *r);
int page_case(struct request *r);
int page_case_post(struct request *r);
int page_tsm(struct request *r);
int page_tsm_post(struct request *r);
int page_tsm_officer_post(struct request *r);
int page_tsm_meeting_post(struct request *r);
int page_tsm_pack(struct request *r);
int page_cme(struct request *r);
int page_cme_post(struct request *r);
int page_cme_update(struct request *r);
int page_alerts(struct request *r);
int page_alert_ack(struct request *r);

/* Pieces several pages share. */
void page_headline(struct request *r, const struct tally *t, const char *who);
void page_bands(struct strbuf *o, const struct tally *t);
void page_json_tally(struct strbuf *o, const struct tally *t);
/* school -1: the whole authority */
void page_band_chart(struct strbuf *o, const struct tally *t);
void page_weekly_chart(struct request *r, const struct figures *s, long school);
void page_weekly_json(struct request *r, const struct figures *s, long school);
/* The row of upn at the school with urn, or NULL (web_pupil.c). */
const struct enrolment_row *page_enrolment(const struct figures *s,
					   int32_t urn, const char *upn);

/*
 * Casework forms (web_case.c).  A page drawn again after a refused POST
 * names the form that was refused (`failed`): that form opens with what
 * was typed, escaped, so nothing is lost.  Field ids are FORM-NAME.
 */
struct case_form {
	struct request *r;
	const char *id;		/* this form's name */
	const char *failed;	/* the refused form's name, or NULL */
};

void form_open(struct case_form *f, const char *summary, const char *action);
void form_close(struct case_form *f, const char *button);
void form_text(struct case_form *f, const char *name, const char *label,
	       const char *value, bool required);
void form_date(struct case_form *f, const char *name, const char *label,
	       day_t value, bool required);
void form_select(struct case_form *f, const char *name, const char *label,
		 const char *const *values, const char *const *labels,
		 size_t n, const char *value);
void form_check(struct case_form *f, const char *name, const char *label);
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

/* The enforcement sections of a case page (web_notice.c). */
struct case_page;
void case_enforcement_html(struct request *r, const struct case_page *p,
			   const char *failed);
void case_enforcement_json(struct request *r, const struct case_page *p);
int case_enforcement_post(struct request *r, const struct case_page *p,
			  const char *action, bool *known, struct error *e);

/* The pupil a case page is about, once the viewer may see them. */
#define CASE_PAGE_SCHOOLS 8
struct case_page {
	const char *upn;
	int64_t pupil_id;
	char name[130];
	enum social_care care;
	size_t nr_schools;
	int32_t urn[CASE_PAGE_SCHOOLS];
	int64_t school_id[CASE_PAGE_SCHOOLS];
	char school[CASE_PAGE_SCHOOLS][128];
	bool may_change;	/* LA officers and the pupil's school */
	bool has_case, open;	/* a case (open or closed), and is it open */
};

#endif
