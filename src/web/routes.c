/* Every URL of the web application, in one table (cgit's cmd.c). */
#include "web/pages.h"

const struct route web_routes[] = {
	{ "GET", "/login", page_login, ROUTE_PUBLIC },
	{ "POST", "/login", page_login_post, ROUTE_PUBLIC },
	{ "POST", "/logout", page_logout, 0 },
	{ "GET", "/static/attend.css", page_css, ROUTE_PUBLIC },
	{ "GET", "/", page_dashboard, 0 },
	{ "GET", "/schools", page_schools, 0 },
	{ "GET", "/schools/*", page_school, 0 },
	{ "GET", "/pupils/*", page_pupil, 0 },
	{ "GET", "/lists/*", page_list, 0 },
	{ "GET", "/hotspots", page_hotspots, 0 },
	{ "GET", "/audit", page_audit, 0 },
	{ "GET", "/cases", page_cases, 0 },
	{ "POST", "/cases", page_cases_post, 0 },
	{ "GET", "/cases/*", page_case, 0 },
	{ "POST", "/cases/*/*", page_case_post, 0 },
	{ "GET", "/tsm", page_tsm, 0 },
	{ "POST", "/tsm", page_tsm_post, 0 },
	{ "GET", "/tsm/*/pack", page_tsm_pack, 0 },
	{ "POST", "/tsm/*/*", page_tsm_meeting_post, 0 },
	{ "GET", "/alerts", page_alerts, 0 },
	{ "POST", "/alerts/*/ack", page_alert_ack, 0 },
	{ NULL, NULL, NULL, 0 },
};
