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

/* Pieces several pages share. */
void page_headline(struct request *r, const struct tally *t, const char *who);
void page_bands(struct request *r, const struct tally *t);
void page_json_tally(struct strbuf *o, const struct tally *t);
/* school -1: the whole authority */
void page_band_chart(struct request *r, const struct tally *t);
void page_weekly_chart(struct request *r, const struct snapshot *s, long school);
void page_weekly_json(struct request *r, const struct snapshot *s, long school);

#endif
