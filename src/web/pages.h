#ifndef WEB_PAGES_H
#define WEB_PAGES_H

#include "report/pupil.h"
#include "web/snapshot.h"
#include "web/web.h"

/* Route handlers, one file per page (web_NAME.c). */
int page_login(struct request *r);
int page_login_post(struct request *r);
int page_logout(struct request *r);
int page_login_sso(struct request *r);
int page_oidc_callback(struct request *r);
int page_css(struct request *r);
int page_dashboard(struct request *r);
int page_week(struct request *r);
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
int page_upload(struct request *r);
int page_upload_post(struct request *r);
int page_proposals(struct request *r);
int page_proposal_post(struct request *r);
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


/* The enforcement sections of a case page (web_notice.c). */
struct case_page;
void case_enforcement_html(struct request *r, const struct case_page *p,
			   const char *failed);
void case_enforcement_json(struct request *r, const struct case_page *p);
int case_enforcement_post(struct request *r, const struct case_page *p,
			  const char *action, bool *known, struct error *e);

/* The pupil a case page is about, once the viewer may see them. */
struct case_page {
	const char *upn;
	struct pupil_record pupil;
	bool may_change;	/* LA officers and the pupil's school */
	bool has_case, open;	/* a case (open or closed), and is it open */
};

#endif
