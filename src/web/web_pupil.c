/*
 * A pupil's page: measures, the year's register as a calendar, patterns.
 * A school the pupil has left sees only its own enrolment, its marks and
 * figures, while the former-school rule lets it (core/access.h): not the
 * new school's, not the case, not the cohorts the record now holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/upn.h"
#include "report/pupil.h"
#include "engine/engine.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/svg.h"

const struct enrolment_row *page_enrolment(const struct figures *s,
					   int32_t urn, const char *upn)
{
	size_t lo = 0, hi = s->roll.nr_rows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct enrolment_row *row = &s->roll.rows[mid];
		int c = row->urn != urn ? (row->urn < urn ? -1 : 1) :
			strcmp(row->upn, upn);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->roll.nr_rows && s->roll.rows[lo].urn == urn &&
	    !strcmp(s->roll.rows[lo].upn, upn))
		return &s->roll.rows[lo];
	return NULL;
}

/* The early warning, with how far it can be trusted. */
static void forecast(struct request *r, const struct figures *s,
		     const struct pupil_enrolment *en, size_t nr,
		     const char *upn)
{
	const struct forecast_validation *v = &s->forecast_check;
	char prec[16], rec[16];

	if (!s->has_forecast)
		return;
	for (size_t i = 0; i < nr; i++) {
		const struct enrolment_row *row = page_enrolment(s, en[i].urn, upn);
		size_t k;

		if (!row || s->p_pa[k = (size_t)(row - s->roll.rows)] < 0)
			continue;
		strbuf_addstr(&r->out, "<h2>Early warning</h2><p>");
		if (nr > 1) {
			html_text(&r->out, en[i].name);
			strbuf_addstr(&r->out, ": ");
		}
		strbuf_addf(&r->out, "<strong>%.0f%%</strong> likely to end the year "
			    "persistently absent, <strong>%.0f%%</strong> severely "
			    "absent, from the marks so far and the pupil's cohort.",
			    100.0 * s->p_pa[k], 100.0 * s->p_sa[k]);
		snprintf(prec, sizeof(prec), "%u", (forecast_precision(&v->model_pa) + 5) / 10);
		snprintf(rec, sizeof(rec), "%u", (forecast_recall(&v->model_pa) + 5) / 10);
		strbuf_addf(&r->out, "</p><p class=\"muted\">Tested on pupils of "
			    "%d/%02d it was not fitted on: of those it gave 50%% or "
			    "more, %s%% ended the year PA, and it found %s%% of "
			    "those who did.</p>", s->forecast.year,
			    (s->forecast.year + 1) % 100, prec, rec);
		return;
	}
}

/* Absence by weekday and lateness: p, the sum of the pupil's enrolments'. */
static void patterns(struct request *r, const struct engine_pattern *p)
{
	static const char *const days[] = { "Monday", "Tuesday", "Wednesday",
					    "Thursday", "Friday" };
	struct strbuf *o = &r->out;

	strbuf_addstr(o, "<h2>Patterns</h2><table><thead><tr><th>Day</th>"
		      "<th class=\"n\">Sessions missed</th><th class=\"n\">Of "
		      "possible</th><th class=\"n\">Absence</th></tr></thead><tbody>");
	for (int d = 0; d < 5; d++) {
		strbuf_addf(o, "<tr><td>%s</td><td class=\"n\">%u</td><td class=\"n\">"
			    "%u</td><td class=\"n\">", days[d], p->absent[d],
			    p->possible[d]);
		html_percent(o, p->absent[d], p->possible[d]);
		strbuf_addstr(o, "</td></tr>");
	}
	strbuf_addf(o, "</tbody></table><p>Late before the register closed (L): "
		    "<b>%u</b> sessions; after it closed (U, unauthorised): "
		    "<b>%u</b>.</p>", p->late, p->late_after);
}

/* The pupil's weekday patterns: the rows of their enrolments, added up. */
static void pupil_patterns(struct request *r, const struct figures *s,
			   const struct pupil_enrolment *en, size_t nr,
			   const char *upn)
{
	struct engine_pattern sum;

	memset(&sum, 0, sizeof(sum));
	for (size_t i = 0; i < nr; i++) {
		const struct enrolment_row *row = page_enrolment(s, en[i].urn, upn);
		const struct engine_pattern *p;

		if (!row)
			continue;
		p = &s->patterns[row - s->roll.rows];
		for (int d = 0; d < 5; d++) {
			sum.possible[d] += p->possible[d];
			sum.absent[d] += p->absent[d];
		}
		sum.late += p->late;
		sum.late_after += p->late_after;
	}
	patterns(r, &sum);
}

/*
 * The year so far, week by week: the absence rate up to each week's end,
 * with the 10% and 50% lines, so a slide into persistent or severe
 * absence shows when it began.
 */
static void band_over_time(struct request *r, int year, const mark_t *slots)
{
	double rate[54], pa[54], sa[54];
	char label_text[54][8];
	const char *labels[54];
	struct svg_series series[3] = {
		{ "Absence so far", rate, 0, NULL, false },
		{ "Persistent absence (10%)", pa, 0, "line-pa", true },
		{ "Severe absence (50%)", sa, 0, "line-sa", true },
	};
	struct svg_lines c = { 0 };
	struct measure m = { 0 };
	day_t start = academic_year_start(year), monday = date_monday(start);
	int n = 0;

	for (day_t week = monday; week <= academic_year_end(year) && n < 54;
	     week += 7) {
		int lo = 2 * (week - start), hi = lo + 14, y, mo, d;
		struct measure wk = { 0 };

		if (lo < 0)
			lo = 0;
		if (hi > academic_year_slots(year))
			hi = academic_year_slots(year);
		measure_add_marks(&wk, slots + lo, (size_t)(hi - lo));
		if (!wk.possible)
			continue;	/* no sessions that week */
		measure_add(&m, &wk);
		date_to_ymd(week, &y, &mo, &d);
		snprintf(label_text[n], sizeof(label_text[n]), "%02d/%02d", d, mo);
		labels[n] = label_text[n];
		rate[n] = 100.0 * measure_absent(&m) / m.possible;
		pa[n] = 10;
		sa[n] = 50;
		n++;
	}
	if (!n)
		return;
	for (int k = 0; k < 3; k++)
		series[k].n = (size_t)n;
	c.id = "over-time";
	c.title = "Absence so far this year, week by week";
	c.desc = "The pupil's overall absence rate up to the end of each school "
		 "week, against the persistent (10%) and severe (50%) absence "
		 "thresholds";
	c.x_labels = labels;
	c.n = (size_t)n;
	c.series = series;
	c.nr_series = 3;
	c.unit = "%";
	strbuf_addstr(&r->out, "<h2>Over the year</h2><figure>");
	svg_line_chart(&r->out, &c);
	strbuf_addstr(&r->out, "</figure>");
}

/*
 * The register marks of the year at the enrolments shown (all of them,
 * for whoever sees the whole record), into *marks (malloc'd, *nr).
 */
static int shown_marks(struct request *r, const char *upn, int year, bool full,
		       const struct pupil_enrolment *en, size_t nr_shown,
		       struct register_mark **marks, size_t *nr, struct error *e)
{
	*marks = NULL;
	*nr = 0;
	if (full)
		return report_register(r->st, upn, year, 0, marks, nr, e);
	for (size_t i = 0; i < nr_shown; i++) {
		struct register_mark *some;
		size_t n;

		if (report_register(r->st, upn, year, en[i].urn, &some, &n, e)) {
			free(*marks);
			*marks = NULL;
			*nr = 0;
			return -1;
		}
		*marks = xrealloc(*marks, (*nr + n + 1) * sizeof(**marks));
		memcpy(*marks + *nr, some, n * sizeof(*some));
		*nr += n;
		free(some);
	}
	return 0;
}

/*
 * The figures of enrolment en over the year shown: the figures' for
 * whoever sees the whole record (this year's); for a former school, from
 * the marks it recorded that year (the year the pupil left it).
 */
static struct measure enrolment_measure(const struct figures *s, bool full,
					const struct pupil_enrolment *en,
					const char *upn, int year,
					const struct register_mark *marks,
					size_t nr_marks)
{
	const struct enrolment_row *row;
	mark_t slots[YEAR_SLOTS_MAX] = { 0 };
	struct measure m = { 0 };

	if (full) {
		row = page_enrolment(s, en->urn, upn);
		return row ? row->m : m;
	}
	for (size_t i = 0; i < nr_marks; i++)
		if (marks[i].urn == en->urn)
			slots[session_slot(marks[i].day, marks[i].session)] =
				marks[i].mark;
	measure_add_marks(&m, slots, (size_t)academic_year_slots(year));
	return m;
}

int page_pupil(struct request *r)
{
	const char *upn = r->arg[0], *why;
	struct pupil_record p;
	struct pupil_enrolment shown[PUPIL_MAX_SCHOOLS];
	const struct pupil_enrolment *en = shown;
	day_t today = date_today();
	bool full;
	const char *surname = p.surname, *forename = p.forename, *dob = p.dob;
	const char *fsm = p.fsm, *sen = p.sen, *care = p.social_care;
	const struct figures *s;
	size_t nr, nr_marks = 0;
	char object[64], title[160], year[8];
	struct register_mark *marks = NULL;
	struct error e = ERROR_INIT;
	int shown_year, have_marks;

	if (!upn_valid(upn, strlen(upn), &why))
		return web_error(r, 400, "A pupil is named by a valid UPN.");
	if (pupil_find(r->st, upn, &p, &e)) {
		if (e.kind != ERROR_INPUT)
			return web_error(r, 500, "The store could not be read.");
		/* Not found and not allowed look the same to the wrong people. */
		return web_error(r, access_authority(&r->viewer) ? 404 : 403,
				 access_authority(&r->viewer) ? "There is no pupil "
				 "with that UPN." : "You may not see this pupil.");
	}
	if (!access_pupil_attendance(&r->viewer, p.id, p.roll, p.nr_schools,
				     p.care, today))
		return web_error(r, 403, "You may not see this pupil.");
	full = access_pupil(&r->viewer, p.id, p.roll, p.nr_schools, p.care, today);
	nr = 0;
	for (size_t i = 0; i < p.nr_schools; i++)
		if (access_pupil_enrolment(&r->viewer, p.id, p.roll, p.nr_schools,
					   i, p.care, today))
			shown[nr++] = p.enrolments[i];
	snprintf(object, sizeof(object), "pupil %s", upn);
	if (web_audit_view(r, "view", object, r->path))
		return 0;
	if (!(s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	/* a former school: the year the pupil left it */
	shown_year = s->year;
	for (size_t i = 0; !full && i < nr; i++) {
		day_t end;

		if (!date_parse(en[i].end, strlen(en[i].end), &end) &&
		    (i == 0 || academic_year_of(end) > shown_year))
			shown_year = academic_year_of(end);
	}
	academic_year_name(shown_year, year);
	have_marks = !shown_marks(r, upn, shown_year, full, en, nr, &marks,
				  &nr_marks, &e);
	if (r->format == WEB_JSON) {
		r->content_type = "application/json";
		strbuf_addstr(&r->out, "{\"upn\":");
		json_str(&r->out, upn);
		strbuf_addstr(&r->out, ",\"surname\":");
		json_str(&r->out, surname);
		strbuf_addstr(&r->out, ",\"forename\":");
		json_str(&r->out, forename);
		strbuf_addf(&r->out, ",\"dob\":\"%s\"", dob);
		if (full)
			strbuf_addf(&r->out, ",\"fsm\":\"%s\",\"sen\":\"%s\","
				    "\"social_care\":\"%s\"", fsm, sen, care);
		strbuf_addf(&r->out, ",\"academic_year\":\"%s\","
			    "\"former_school\":%s,\"enrolments\":[", year,
			    full ? "false" : "true");
		for (size_t i = 0; i < nr; i++) {
			const struct enrolment_row *row = full ?
				page_enrolment(s, en[i].urn, upn) : NULL;
			struct measure m = enrolment_measure(s, full, &en[i], upn,
							     shown_year, marks,
							     nr_marks);
			char pct[24];
			uint32_t absent = measure_absent(&m);

			strbuf_addf(&r->out, "%s{\"urn\":%d,\"school\":", i ? "," : "",
				    en[i].urn);
			json_str(&r->out, en[i].name);
			strbuf_addf(&r->out, ",\"possible\":%u,\"attendance\":%u,"
				    "\"authorised\":%u,\"unauthorised\":%u,"
				    "\"absence_pct\":%s,\"band\":\"%s\"", m.possible,
				    m.attendance, m.authorised, m.unauthorised,
				    m.possible ? percent_format(absent, m.possible, pct) :
				    "null", band_name(band_of(absent, m.possible)));
			if (row && s->p_pa[row - s->roll.rows] >= 0)
				strbuf_addf(&r->out, ",\"pa_probability\":%.3f,"
					    "\"sa_probability\":%.3f",
					    s->p_pa[row - s->roll.rows],
					    s->p_sa[row - s->roll.rows]);
			strbuf_addch(&r->out, '}');
		}
		strbuf_addstr(&r->out, "]}\n");
		free(marks);
		return 0;
	}
	snprintf(title, sizeof(title), "%s %s", forename, surname);
	layout_start(r, title);
	strbuf_addstr(&r->out, "<p class=\"muted\">UPN ");
	html_text(&r->out, upn);
	strbuf_addstr(&r->out, " &middot; born ");
	html_text(&r->out, dob);
	if (full) {
		strbuf_addf(&r->out, " &middot; FSM %s &middot; SEN %s &middot; "
			    "social care %s</p>", fsm[0] ? fsm : "?",
			    sen[0] ? sen : "?", care[0] ? care : "none");
		strbuf_addf(&r->out, "<p><a href=\"/cases/%s\">Case</a></p>", upn);
	} else {
		strbuf_addstr(&r->out, "</p><p class=\"muted\">The pupil has left "
			      "your school: you see what it recorded while they "
			      "were on its roll, for the year after they left.</p>");
	}
	strbuf_addf(&r->out, "<h2>Enrolments, %s</h2><table><thead><tr><th>School"
		    "</th><th>Year</th><th>On roll</th><th class=\"n\">Possible"
		    "</th><th class=\"n\">Absence</th><th class=\"n\">Unauthorised"
		    "</th><th>Band</th></tr></thead><tbody>", year);
	for (size_t i = 0; i < nr; i++) {
		struct measure m = enrolment_measure(s, full, &en[i], upn,
						     shown_year, marks, nr_marks);
		enum band b = band_of(measure_absent(&m), m.possible);

		strbuf_addstr(&r->out, "<tr><td>");
		if (access_school_summary(&r->viewer, en[i].school_id))
			link_school(&r->out, en[i].urn, en[i].name);
		else
			html_text(&r->out, en[i].name);
		strbuf_addstr(&r->out, "</td><td>");
		html_text(&r->out, en[i].year_group);
		strbuf_addstr(&r->out, "</td><td>");
		html_text(&r->out, en[i].start[0] ? en[i].start : "");
		strbuf_addstr(&r->out, " &ndash; ");
		html_text(&r->out, en[i].end[0] ? en[i].end : "");
		strbuf_addf(&r->out, "</td><td class=\"n\">%u</td><td class=\"n\">",
			    m.possible);
		html_percent(&r->out, measure_absent(&m), m.possible);
		strbuf_addstr(&r->out, "</td><td class=\"n\">");
		html_percent(&r->out, m.unauthorised, m.possible);
		strbuf_addf(&r->out, "</td><td><span class=\"tag band-%s\">%s</span>"
			    "</td></tr>", band_name(b), band_label(b));
	}
	strbuf_addstr(&r->out, "</tbody></table>");
	if (full)
		forecast(r, s, en, nr, upn);
	if (have_marks) {
		mark_t slots[YEAR_SLOTS_MAX] = { 0 };

		for (size_t i = 0; i < nr_marks; i++) {
			int slot = session_slot(marks[i].day, marks[i].session);
			/* Dual registration: the attended school's mark wins. */
			if (!slots[slot] || mark_category(slots[slot]) ==
			    CATEGORY_NOT_POSSIBLE)
				slots[slot] = marks[i].mark;
		}
		band_over_time(r, shown_year, slots);
		strbuf_addstr(&r->out, "<h2>Register</h2><figure>");
		svg_register_calendar(&r->out, shown_year, slots,
				      (size_t)academic_year_slots(shown_year),
				      "The year's register, session by session");
		strbuf_addstr(&r->out, "</figure>");
		/* the figures' patterns are this year's, of the whole enrolment */
		if (full)
			pupil_patterns(r, s, en, nr, upn);
		free(marks);
	}
	layout_end(r);
	return 0;
}
