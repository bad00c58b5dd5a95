/*
 * The TSM pack (web/tsm_pack.h): one section per part of the meeting's
 * agenda, each from the figures or from the casework the viewer may see.
 */
#include "web/tsm_pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework/casework.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

struct pack {
	struct strbuf *out;
	struct store *st;
	const struct viewer *v;
	const struct figures *s;
	long school;
	const struct school_row *sc;
	struct case_row *cases;		/* of the school's pupils, closed too */
	size_t nr_cases;
	struct school_case_action *actions;	/* open actions at the school */
	size_t nr_actions;
	struct tsm_notes_row *meetings;
	size_t nr_meetings;
	const struct tsm_notes_row *last_held, *next;
};

static const struct case_row *pack_case(const struct pack *p, const char *upn)
{
	const struct case_row *found = NULL;

	for (size_t i = 0; i < p->nr_cases; i++)
		if (!strcmp(p->cases[i].upn, upn) &&
		    (!found || p->cases[i].closed == DAY_NONE))
			found = &p->cases[i];
	return found;
}

/* The pupil's row at the pack's school, or NULL if not on its roll. */
static const struct pupil_info *pack_pupil(const struct pack *p, const char *upn)
{
	const struct enrolment_row *row = page_enrolment(p->s, p->sc->urn, upn);

	return row ? &p->s->info[row - p->s->roll.rows] : NULL;
}

static bool pack_has_pupil(const struct pack *p, const char *upn)
{
	return pack_pupil(p, upn) != NULL;
}

/* A cell naming the pupil, linked to their case. */
static void pack_pupil_cell(struct pack *p, const char *upn)
{
	const struct pupil_info *in = pack_pupil(p, upn);
	struct strbuf *o = p->out;

	strbuf_addf(o, "<td><a href=\"/cases/%s\">", upn);
	if (in) {
		html_text(o, in->forename);
		strbuf_addch(o, ' ');
		html_text(o, in->surname);
	} else {
		html_text(o, upn);
	}
	strbuf_addstr(o, "</a></td>");
}

static void pack_about(struct pack *p)
{
	struct strbuf *o = p->out;
	char year[8], d[11], officer[64] = "";
	struct tsm_row *rows;
	size_t nr;
	struct error e = ERROR_INIT;

	if (!tsm_list(p->st, p->v, p->sc->urn, &rows, &nr, &e)) {
		if (nr)
			snprintf(officer, sizeof(officer), "%s", rows[0].officer);
		free(rows);
	}
	academic_year_name(p->s->year, year);
	strbuf_addf(o, "<p class=\"muted\">URN %06d &middot; %s &middot; figures "
		    "for %s, drawn from the registers on %s</p><ul>",
		    p->sc->urn, phase_name(p->sc->phase), year,
		    day_text(date_today(), d));
	strbuf_addstr(o, "<li>Named LA officer: ");
	html_text(o, officer[0] ? officer : "not named");
	strbuf_addstr(o, "</li><li>Next meeting: ");
	if (p->next)
		strbuf_addf(o, "%s (%s)", day_text(p->next->date, d),
			    tsm_status_name(p->next->status));
	else
		strbuf_addstr(o, "not yet offered");
	strbuf_addstr(o, "</li><li>Last meeting held: ");
	strbuf_addstr(o, p->last_held ? day_text(p->last_held->date, d) : "none");
	strbuf_addstr(o, "</li></ul>");
}

static void compare_row(struct strbuf *o, const char *label, uint64_t a,
			uint64_t an, uint64_t b, uint64_t bn)
{
	strbuf_addstr(o, "<tr><td>");
	html_text(o, label);
	strbuf_addstr(o, "</td><td class=\"n\">");
	html_percent(o, a, an);
	strbuf_addstr(o, "</td><td class=\"n\">");
	html_percent(o, b, bn);
	/* a/an > b/bn, in integers */
	strbuf_addf(o, "</td><td>%s</td></tr>", an && bn && a * bn > b * an ?
		    "<strong>higher than the authority</strong>" :
		    an && bn ? "at or below the authority" : "&ndash;");
}

static void pack_priorities(struct pack *p)
{
	const struct tally *t = &p->s->school[p->school], *la = &p->s->authority;
	struct strbuf *o = p->out;

	strbuf_addstr(o, "<section><h2>Priorities</h2><h3>The school's and the "
		      "LA's priorities, from the last meeting</h3><p>");
	if (p->last_held && p->last_held->notes[0])
		html_text(o, p->last_held->notes);
	else
		strbuf_addstr(o, "No priorities were recorded at a meeting yet.");
	strbuf_addstr(o, "</p><h3>The school against the authority</h3>"
		      "<table><thead><tr><th scope=\"col\">Measure (pupils of "
		      "compulsory school age)</th><th scope=\"col\" class=\"n\">"
		      "School</th><th scope=\"col\" class=\"n\">Authority</th>"
		      "<th scope=\"col\">Where to look</th></tr></thead><tbody>");
	compare_row(o, "Overall absence", t->authorised + t->unauthorised,
		    t->possible, la->authorised + la->unauthorised, la->possible);
	compare_row(o, "Unauthorised absence", t->unauthorised, t->possible,
		    la->unauthorised, la->possible);
	compare_row(o, "Persistent absence (pupils)", t->pa, t->enrolments, la->pa,
		    la->enrolments);
	compare_row(o, "Severe absence (pupils)", t->sa, t->enrolments, la->sa,
		    la->enrolments);
	strbuf_addstr(o, "</tbody></table></section>");
}

static void pack_bands(struct pack *p)
{
	const struct tally *t = &p->s->school[p->school];

	strbuf_addstr(p->out, "<section>");
	page_bands(p->out, t);
	strbuf_addf(p->out, "<p class=\"muted\">%llu pupils of compulsory "
		    "school age with at least one possible session.</p></section>",
		    (unsigned long long)t->enrolments);
}

static void pack_cohorts(struct pack *p)
{
	struct strbuf *o = p->out;

	strbuf_addstr(o, "<section><h2>Cohorts</h2><p class=\"muted\">All pupils "
		      "on roll, by what the school records of them; a cohort "
		      "with no pupils recorded is left out.</p><table><thead><tr>"
		      "<th scope=\"col\">Cohort</th><th scope=\"col\" class=\"n\">"
		      "Pupils</th><th scope=\"col\" class=\"n\">Overall absence"
		      "</th><th scope=\"col\" class=\"n\">PA</th><th scope=\"col\" "
		      "class=\"n\">SA</th></tr></thead>");
	for (size_t c = 0; c < FIGURES_COHORTS; c++) {
		const struct figures_cohort *co = &figures_cohorts[c];
		const struct tally *t = figures_cohort_tallies(p->s, p->school, c);
		uint64_t pupils = 0;

		for (int row = 0; row < co->nr; row++)
			pupils += t[row].enrolments;
		if (!pupils)
			continue;	/* the school records nothing of this */
		strbuf_addstr(o, "<tbody><tr><th scope=\"colgroup\" colspan=\"5\">");
		html_text(o, co->name);
		strbuf_addstr(o, "</th></tr>");
		for (int row = 0; row < co->nr; row++) {
			if (!t[row].enrolments)
				continue;
			strbuf_addstr(o, "<tr><td>");
			html_text(o, co->values[row]);
			strbuf_addstr(o, "</td>");
			html_tally_cells(o, &t[row], false);
			strbuf_addstr(o, "</tr>");
		}
		strbuf_addstr(o, "</tbody>");
	}
	strbuf_addstr(o, "</table></section>");
}

/* The open actions on a pupil's case, as a list in a cell. */
static void pupil_actions(struct pack *p, const char *upn)
{
	struct strbuf *o = p->out;
	char d[11];
	bool any = false;

	for (size_t i = 0; i < p->nr_actions; i++) {
		const struct school_case_action *a = &p->actions[i];
		if (strcmp(a->upn, upn))
			continue;
		strbuf_addstr(o, any ? "" : "<ul>");
		strbuf_addstr(o, "<li>");
		html_text(o, a->a.what);
		strbuf_addstr(o, " &ndash; ");
		html_text(o, a->a.owner);
		strbuf_addf(o, ", by %s</li>", day_text(a->a.due, d));
		any = true;
	}
	strbuf_addstr(o, any ? "</ul>" : "<span class=\"muted\">none agreed yet"
		      "</span>");
}

/* Named pupils of the school in bands lo..hi, with their case and actions. */
static void pack_named(struct pack *p, const char *title, const char *note,
		       enum band lo, enum band hi)
{
	const struct figures *s = p->s;
	struct strbuf *o = p->out;
	size_t shown = 0;

	strbuf_addstr(o, "<section><h2>");
	html_text(o, title);
	strbuf_addstr(o, "</h2><p class=\"muted\">");
	html_text(o, note);
	strbuf_addstr(o, "</p><table><thead><tr><th scope=\"col\">Pupil</th>"
		      "<th scope=\"col\">Year</th><th scope=\"col\" class=\"n\">"
		      "Absence</th><th scope=\"col\">Case stage</th>"
		      "<th scope=\"col\">Agreed actions (open)</th></tr></thead>"
		      "<tbody>");
	for (size_t k = s->school_first[p->school]; k < s->school_first[p->school + 1]; k++) {
		const struct enrolment_row *row = &s->roll.rows[k];
		const struct pupil_info *in = &s->info[k];
		const struct case_row *c;
		uint32_t a = measure_absent(&row->m);
		enum band b = band_of(a, row->m.possible);
		char name[140];

		if (b < lo || b > hi)
			continue;
		c = pack_case(p, row->upn);
		snprintf(name, sizeof(name), "%s %s", in->forename, in->surname);
		strbuf_addstr(o, "<tr><td>");
		link_pupil(o, row->upn, name);
		strbuf_addf(o, " <span class=\"muted\">%s</span></td><td>", row->upn);
		html_text(o, in->year_group);
		strbuf_addstr(o, "</td><td class=\"n\">");
		html_percent(o, a, row->m.possible);
		strbuf_addstr(o, "</td><td>");
		if (c && c->closed == DAY_NONE)
			strbuf_addf(o, "<a href=\"/cases/%s\">%s</a>", row->upn,
				    stage_label(c->stage));
		else
			strbuf_addf(o, "no open case (<a href=\"/cases/%s\">open one"
				    "</a>)", row->upn);
		strbuf_addstr(o, "</td><td>");
		pupil_actions(p, row->upn);
		strbuf_addstr(o, "</td></tr>");
		shown++;
	}
	if (!shown)
		strbuf_addstr(o, "<tr><td colspan=\"5\">No pupil.</td></tr>");
	strbuf_addstr(o, "</tbody></table></section>");
}

static void pack_legal(struct pack *p)
{
	static const char *const outcome_labels[] = {
		"proceed", "on hold", "no legal action"
	};
	struct strbuf *o = p->out;
	struct legal_row *legal = NULL;
	struct notice_row *notices = NULL;
	struct error e = ERROR_INIT;
	size_t nl = 0, nn = 0, shown = 0;
	char a[11], b[11];

	if (legal_decision_list(p->st, p->v, &legal, &nl, &e))
		nl = 0;
	if (penalty_notice_list(p->st, p->v, NULL, &notices, &nn, &e))
		nn = 0;
	strbuf_addstr(o, "<section><h2>Legal actions agreed</h2><table><thead><tr>"
		      "<th scope=\"col\">Pupil</th><th scope=\"col\">Decided</th>"
		      "<th scope=\"col\">Decision or notice</th><th scope=\"col\">"
		      "Review or due</th><th scope=\"col\">Status</th></tr></thead>"
		      "<tbody>");
	for (size_t i = 0; i < nl; i++) {
		if (!pack_has_pupil(p, legal[i].upn))
			continue;
		strbuf_addstr(o, "<tr>");
		pack_pupil_cell(p, legal[i].upn);
		strbuf_addf(o, "<td>%s</td><td>joint decision: %s</td><td>%s</td>"
			    "<td>%s</td></tr>", day_text(legal[i].decided, a),
			    outcome_labels[legal[i].outcome < LEGAL_OUTCOME_COUNT ?
					   legal[i].outcome : LEGAL_NO_ACTION],
			    day_text(legal[i].review, b),
			    legal[i].reviewed != DAY_NONE ? "reviewed" : "");
		shown++;
	}
	for (size_t i = 0; i < nn; i++) {
		const struct notice_row *n = &notices[i];
		if (!pack_has_pupil(p, n->upn))
			continue;
		strbuf_addstr(o, "<tr>");
		pack_pupil_cell(p, n->upn);
		strbuf_addf(o, "<td>%s</td><td>%s to ", day_text(n->issued, a),
			    n->kind == NOTICE_NTI ? "Notice to Improve" :
			    "Penalty notice");
		html_text(o, n->parent);
		strbuf_addf(o, "</td><td>%s</td><td>%s</td></tr>", day_text(n->due, b),
			    notice_status_name(n->status));
		shown++;
	}
	if (!shown)
		strbuf_addstr(o, "<tr><td colspan=\"5\">No legal action agreed."
			      "</td></tr>");
	strbuf_addstr(o, "</tbody></table></section>");
	free(legal);
	free(notices);
}

static void pack_successes(struct pack *p)
{
	const struct figures *s = p->s;
	struct strbuf *o = p->out;
	day_t since = p->last_held ? p->last_held->date :
		      academic_year_start(s->year);
	size_t better = 0, closed = 0;
	char d[11];

	strbuf_addf(o, "<section><h2>Successes since the last meeting</h2>"
		    "<h3>Pupils in a better band than a week before the latest "
		    "marks</h3><ul>");
	for (size_t k = s->school_first[p->school]; k < s->school_first[p->school + 1]; k++) {
		const struct measure *m = &s->roll.rows[k].m, *was = &s->before[k];
		enum band now, then;
		char name[140];

		if (!was->possible || !m->possible)
			continue;
		now = band_of(measure_absent(m), m->possible);
		then = band_of(measure_absent(was), was->possible);
		if (now >= then)
			continue;
		snprintf(name, sizeof(name), "%s %s", s->info[k].forename,
			 s->info[k].surname);
		strbuf_addstr(o, "<li>");
		link_pupil(o, s->roll.rows[k].upn, name);
		strbuf_addf(o, ": %s &rarr; %s</li>", band_label(then), band_label(now));
		better++;
	}
	if (!better)
		strbuf_addstr(o, "<li>None this week.</li>");
	strbuf_addf(o, "</ul><h3>Cases closed since %s</h3><ul>",
		    day_text(since, d));
	for (size_t i = 0; i < p->nr_cases; i++) {
		const struct case_row *c = &p->cases[i];
		if (c->closed == DAY_NONE || c->closed < since)
			continue;
		strbuf_addstr(o, "<li>");
		link_pupil(o, c->upn, c->name);
		strbuf_addf(o, ": closed %s at %s</li>", day_text(c->closed, d),
			    stage_label(c->stage));
		closed++;
	}
	if (!closed)
		strbuf_addstr(o, "<li>None.</li>");
	strbuf_addstr(o, "</ul></section>");
}

static void pack_last_actions(struct pack *p)
{
	struct strbuf *o = p->out;
	struct tsm_action_row *rows = NULL;
	struct error e = ERROR_INIT;
	size_t nr = 0;
	char a[11], b[11];

	strbuf_addstr(o, "<section><h2>Actions from the last meeting</h2>");
	if (!p->last_held) {
		strbuf_addstr(o, "<p>No meeting has been held yet.</p></section>");
		return;
	}
	if (tsm_action_list(p->st, p->v, p->last_held->id, &rows, &nr, &e))
		nr = 0;
	strbuf_addf(o, "<p class=\"muted\">Agreed on %s.</p><table><thead><tr>"
		    "<th scope=\"col\">Action</th><th scope=\"col\">Owner</th>"
		    "<th scope=\"col\">Pupil</th><th scope=\"col\">Due</th>"
		    "<th scope=\"col\">Outcome</th></tr></thead><tbody>",
		    day_text(p->last_held->date, a));
	for (size_t i = 0; i < nr; i++) {
		strbuf_addstr(o, "<tr><td>");
		html_text(o, rows[i].what);
		strbuf_addstr(o, "</td><td>");
		html_text(o, rows[i].owner);
		strbuf_addstr(o, "</td>");
		if (rows[i].upn[0])
			pack_pupil_cell(p, rows[i].upn);
		else
			strbuf_addstr(o, "<td></td>");
		strbuf_addf(o, "<td>%s</td><td>", day_text(rows[i].due, a));
		if (rows[i].done != DAY_NONE) {
			strbuf_addf(o, "done %s: ", day_text(rows[i].done, b));
			html_text(o, rows[i].outcome);
		} else {
			strbuf_addstr(o, rows[i].due < date_today() ?
				      "<strong>overdue</strong>" : "open");
		}
		strbuf_addstr(o, "</td></tr>");
	}
	if (!nr)
		strbuf_addstr(o, "<tr><td colspan=\"5\">No action was recorded."
			      "</td></tr>");
	strbuf_addstr(o, "</tbody></table></section>");
	free(rows);
}

int tsm_pack_render(struct strbuf *out, struct store *st,
		    const struct viewer *v, const struct figures *s, long school,
		    struct error *e)
{
	struct pack p = { 0 };
	day_t today = date_today();
	size_t kept = 0;

	p.out = out;
	p.st = st;
	p.v = v;
	p.s = s;
	p.school = school;
	p.sc = &s->roll.schools[school];
	if (!access_school_pupils(v, p.sc->id))
		return error_set(e, ERROR_INPUT, "%s may not see the pupils of "
				 "school %06d", v->username, p.sc->urn);
	if (casework_list(st, v, true, &p.cases, &p.nr_cases, e) ||
	    school_case_actions(st, v, p.sc->urn, &p.actions,
				&p.nr_actions, e) ||
	    tsm_meetings_with_notes(st, v, p.sc->urn, &p.meetings,
				    &p.nr_meetings, e))
		goto fail;
	/* Only the cases of pupils on this school's roll concern the pack. */
	for (size_t i = 0; i < p.nr_cases; i++)
		if (pack_has_pupil(&p, p.cases[i].upn))
			p.cases[kept++] = p.cases[i];
	p.nr_cases = kept;
	for (size_t i = 0; i < p.nr_meetings; i++) {
		const struct tsm_notes_row *m = &p.meetings[i];
		if (m->status == TSM_HELD)
			p.last_held = m;
		if (!p.next && m->date >= today && (m->status == TSM_OFFERED ||
		    m->status == TSM_ACCEPTED))
			p.next = m;
	}
	strbuf_addstr(out, "<div class=\"pack\">");
	pack_about(&p);
	pack_priorities(&p);
	pack_bands(&p);
	pack_cohorts(&p);
	pack_named(&p, "Severe absence: named pupils", "Absent for half or more "
		   "of possible sessions, with their joint action plans.",
		   BAND_SA, BAND_SA);
	pack_named(&p, "Persistent absence: named pupils", "Absent for 10% or "
		   "more but less than half, with their agreed actions.",
		   BAND_PA, BAND_AT_RISK_SA);
	pack_legal(&p);
	pack_successes(&p);
	pack_last_actions(&p);
	strbuf_addstr(out, "</div>");
	free(p.cases);
	free(p.actions);
	free(p.meetings);
	return 0;
fail:
	free(p.cases);
	free(p.actions);
	free(p.meetings);
	return -1;
}

int tsm_pack_document(struct strbuf *out, struct store *st,
		      const struct viewer *v, const struct figures *f,
		      long school, struct error *e)
{
	const char *name = f->roll.schools[school].name;

	strbuf_addstr(out, "<!doctype html>\n<html lang=\"en-GB\"><head>"
		      "<meta charset=\"utf-8\"><title>TSM pack: ");
	html_text(out, name);
	strbuf_addf(out, "</title><style>%s</style></head><body><main>"
		    "<h1>TSM pack: ", web_css);
	html_text(out, name);
	strbuf_addstr(out, "</h1>\n");
	if (tsm_pack_render(out, st, v, f, school, e))
		return -1;
	strbuf_addstr(out, "</main></body></html>\n");
	return 0;
}
