/*
 * "My week" (/week): what needs this person now, most urgent first, each
 * item a link to where it is dealt with.
 *
 *   1. Safeguarding: an unexplained absence (N, O) on their school's
 *      latest register day, within the week, of a child with a social
 *      worker (child in need, on a protection plan) or looked after.
 *   2. Pupils newly severely absent (not a week before).
 *   3. Pupils who met the penalty-notice threshold this week.
 *   4. Reviews and actions due or overdue: part-time timetables, legal
 *      decisions on hold, case actions; CME referrals with no update
 *      this week.
 *   5. Targeting Support Meetings due, or not yet offered this term.
 *   6. Registers not taken.
 *
 * The rules are core/week.h's.  An LA officer sees their named schools
 * (the schools they are assigned, and those they are the named officer
 * of) unless they ask for the whole authority (?all=1); the lead, who
 * has none, sees the whole authority.  Everyone sees only the pupils
 * core/access.c lets them, and the view of the named pupils is logged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casework/casework.h"
#include "core/week.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

/* Rows a section shows before it says how many more there are. */
#define WEEK_SHOWN 25

struct week {
	struct request *r;
	const struct figures *s;
	day_t today;
	bool whole;		/* the whole authority, not the named schools */
	bool has_named;		/* the viewer has named schools to narrow to */
	bool *in_scope;		/* by figures school index */
	char detail[1024];	/* the audit row: how many, and who */
	size_t len, named;
};

/* The viewer's named schools: assigned ones, and those they are officer of. */
static void week_scope(struct week *w)
{
	const struct figures *s = w->s;
	const struct viewer *v = &w->r->viewer;
	struct school_officer_row *off = NULL;
	struct error e = ERROR_INIT;
	size_t nr = 0;

	w->in_scope = xcalloc(s->roll.nr_schools + 1, sizeof(*w->in_scope));
	for (size_t i = 0; i < s->roll.nr_schools; i++)
		for (size_t k = 0; k < v->nr_schools; k++)
			if (s->roll.schools[i].id == v->schools[k])
				w->in_scope[i] = w->has_named = true;
	if (access_officer_eligible(v) &&
	    !school_officer_list(w->r->st, v, &off, &nr, &e))
		for (size_t k = 0; k < nr; k++) {
			long i = figures_school(s, off[k].urn);
			if (i >= 0 && !strcmp(off[k].officer, v->username))
				w->in_scope[i] = w->has_named = true;
		}
	free(off);
	if (!w->has_named || !access_authority(v))
		w->whole = true;	/* access alone narrows the rest */
	if (w->whole)
		for (size_t i = 0; i < s->roll.nr_schools; i++)
			w->in_scope[i] = true;
}

/* Row i, if in scope and the viewer may see it by name. */
static bool week_row(const struct week *w, size_t i)
{
	const struct enrolment_row *row = &w->s->roll.rows[i];
	const struct access_enrolment en = {
		w->s->roll.schools[row->school].id, row->start, row->end
	};

	return w->in_scope[row->school] &&
		access_pupil_row(&w->r->viewer, w->s->info[i].pupil_id, &en,
				 w->s->info[i].care, w->today);
}

/* Notes a named pupil shown, for the audit row. */
static void week_named(struct week *w, const char *upn)
{
	if (w->len < sizeof(w->detail))
		w->len += (size_t)snprintf(w->detail + w->len,
					   sizeof(w->detail) - w->len, " %s", upn);
	w->named++;
}

static void section_start(struct week *w, const char *id, const char *title,
			  size_t n, const char *help)
{
	struct strbuf *o = &w->r->out;

	strbuf_addf(o, "<section aria-labelledby=\"%s\"><h2 id=\"%s\">", id, id);
	html_text(o, title);
	strbuf_addf(o, " <span class=\"count\">%zu</span></h2><p class=\"muted\">",
		    n);
	html_text(o, help);
	strbuf_addstr(o, "</p>");
}

static void section_more(struct week *w, size_t n, const char *link,
			 const char *label)
{
	struct strbuf *o = &w->r->out;

	if (n > WEEK_SHOWN)
		strbuf_addf(o, "<p>%zu more not shown. ", n - WEEK_SHOWN);
	else
		strbuf_addstr(o, "<p>");
	if (link) {
		strbuf_addf(o, "<a href=\"%s\">", link);
		html_text(o, label);
		strbuf_addstr(o, "</a>");
	}
	strbuf_addstr(o, "</p></section>");
}

/* A pupil's name cell: the name linked to their record, the UPN beside it. */
static void pupil_cell(struct week *w, size_t i)
{
	const struct pupil_info *p = &w->s->info[i];
	const char *upn = w->s->roll.rows[i].upn;
	char name[140];

	snprintf(name, sizeof(name), "%s %s", p->forename, p->surname);
	strbuf_addstr(&w->r->out, "<td>");
	link_pupil(&w->r->out, upn, name);
	strbuf_addf(&w->r->out, " <span class=\"muted\">%s</span></td><td>", upn);
	link_school(&w->r->out, w->s->roll.rows[i].urn,
		    w->s->roll.schools[w->s->roll.rows[i].school].name);
	strbuf_addstr(&w->r->out, "</td>");
	week_named(w, upn);
}

static void case_link(struct strbuf *o, const char *upn, const char *label)
{
	strbuf_addstr(o, "<td><a class=\"act\" href=\"/cases/");
	html_url_arg(o, upn);
	strbuf_addstr(o, "\">");
	html_text(o, label);
	strbuf_addstr(o, "</a></td>");
}

static const char *care_words(enum social_care c)
{
	switch (c) {
	case CARE_CIN: return "child in need";
	case CARE_CP: return "child protection plan";
	case CARE_CLA: return "looked after";
	default: return "";
	}
}

/* The rows section `pick` keeps, in roll order; *nr of them (malloc'd). */
typedef bool pick_fn(const struct week *w, size_t i);

static size_t *collect(const struct week *w, pick_fn *pick, size_t *nr)
{
	size_t *list = xmalloc(64 * sizeof(*list)), alloc = 64;

	*nr = 0;
	for (size_t i = 0; i < w->s->roll.nr_rows; i++) {
		if (!pick(w, i) || !week_row(w, i))
			continue;
		if (*nr == alloc)
			list = xrealloc(list, (alloc *= 2) * sizeof(*list));
		list[(*nr)++] = i;
	}
	return list;
}

static bool pick_unexplained(const struct week *w, size_t i)
{
	const mark_t *m = w->s->day_marks[i];

	return w->s->info[i].care != CARE_NONE &&
		week_in(w->s->school_day[w->s->roll.rows[i].school], w->today) &&
		(week_unexplained(m[0]) || week_unexplained(m[1]));
}

static bool pick_newly_sa(const struct week *w, size_t i)
{
	return week_newly_sa(&w->s->roll.rows[i].m, &w->s->before[i]);
}

static bool pick_penalty(const struct week *w, size_t i)
{
	return week_penalty_new(w->s->penalty_met[i], w->today);
}

static const char *mark_words(mark_t m)
{
	return m == MARK_MISSING ? "no mark" : mark_info(m)->code;
}

/* 1. Unexplained absence today of a child with a social worker or looked after. */
static void section_safeguarding(struct week *w)
{
	const struct figures *s = w->s;
	struct strbuf *o = &w->r->out;
	size_t n, *list = collect(w, pick_unexplained, &n);

	section_start(w, "safeguarding", "Safeguarding: unexplained absence of a "
		      "child with a social worker", n, "No reason given yet (code N "
		      "or O) on the school's latest register day, for a child in "
		      "need, on a protection plan or looked after. The school tells "
		      "the social worker the same day: check that it has, and record "
		      "it on the case.");
	if (n)
		strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">Pupil</th>"
			      "<th scope=\"col\">School</th><th scope=\"col\">Social "
			      "care</th><th scope=\"col\">Register</th><th scope=\"col\">"
			      "Next step</th></tr></thead><tbody>");
	for (size_t k = 0; k < n && k < WEEK_SHOWN; k++) {
		size_t i = list[k];
		const mark_t *m = s->day_marks[i];
		char when[DATE_WORDS_MAX];

		strbuf_addstr(o, "<tr>");
		pupil_cell(w, i);
		strbuf_addf(o, "<td>%s</td><td>%s: morning %s, afternoon %s</td>",
			    care_words(s->info[i].care),
			    date_words(s->school_day[s->roll.rows[i].school], when),
			    mark_words(m[0]), mark_words(m[1]));
		case_link(o, s->roll.rows[i].upn, "Record the contact");
		strbuf_addstr(o, "</tr>");
	}
	if (n)
		strbuf_addstr(o, "</tbody></table>");
	section_more(w, n, NULL, NULL);
	free(list);
}

/* A pupil's absence this year, as "52.3% absent (96 of 184 sessions)". */
static void absence_cell(struct strbuf *o, const struct measure *m)
{
	char pct[24];

	percent_format(measure_absent(m), m->possible, pct);
	strbuf_addf(o, "<td class=\"n\">%s%%</td><td class=\"n\">%u of %u</td>", pct,
		    measure_absent(m), m->possible);
}

/* 2. Newly severely absent, and 3. newly met the penalty threshold. */
static void section_pupils(struct week *w, const char *id, const char *title,
			   const char *help, pick_fn *pick, bool penalty)
{
	const struct figures *s = w->s;
	struct strbuf *o = &w->r->out;
	size_t n, *list = collect(w, pick, &n);

	section_start(w, id, title, n, help);
	if (n)
		strbuf_addf(o, "<table><thead><tr><th scope=\"col\">Pupil</th>"
			    "<th scope=\"col\">School</th><th scope=\"col\" "
			    "class=\"n\">Absence</th><th scope=\"col\" class=\"n\">"
			    "Sessions</th><th scope=\"col\">%s</th><th scope=\"col\">"
			    "Next step</th></tr></thead><tbody>",
			    penalty ? "Threshold met" : "A week before");
	for (size_t k = 0; k < n && k < WEEK_SHOWN; k++) {
		size_t i = list[k];
		const struct measure *b = &s->before[i];
		char when[DATE_WORDS_MAX], pct[24];

		strbuf_addstr(o, "<tr>");
		pupil_cell(w, i);
		absence_cell(o, &s->roll.rows[i].m);
		if (penalty)
			strbuf_addf(o, "<td>%s</td>", date_words(s->penalty_met[i], when));
		else if (b->possible)
			strbuf_addf(o, "<td>%s%% absent</td>",
				    percent_format(measure_absent(b), b->possible, pct));
		else
			strbuf_addstr(o, "<td>no sessions yet</td>");
		case_link(o, s->roll.rows[i].upn, penalty ? "Consider a notice" :
			  "See or open the case");
		strbuf_addstr(o, "</tr>");
	}
	if (n)
		strbuf_addstr(o, "</tbody></table>");
	section_more(w, n, penalty ? NULL : "/lists/sa", "Every pupil in severe "
		     "absence");
	free(list);
}

/*
 * The pupil upn's first row in scope that the viewer may see by name, or
 * -1 (the service lists only what the viewer may see; scope narrows it).
 */
static long scope_row(const struct week *w, const char *upn)
{
	size_t first, nr;

	figures_pupil_rows(w->s, upn, &first, &nr);
	for (size_t k = first; k < first + nr; k++)
		if (week_row(w, w->s->by_upn[k]))
			return (long)w->s->by_upn[k];
	return -1;
}

struct due_item {
	long row;
	day_t due;
	char what[320];
};

static void due_add(struct due_item **items, size_t *nr, size_t *alloc,
		    long row, day_t due, const char *what)
{
	if (*nr == *alloc)
		*items = xrealloc(*items, (*alloc = *alloc * 2 + 16) * sizeof(**items));
	(*items)[*nr].row = row;
	(*items)[*nr].due = due;
	snprintf((*items)[*nr].what, sizeof((*items)[*nr].what), "%s", what);
	(*nr)++;
}

static int due_cmp(const void *a, const void *b)
{
	const struct due_item *x = a, *y = b;

	return (x->due > y->due) - (x->due < y->due);
}

/* 4. Part-time timetables, legal decisions on hold and case actions due. */
static size_t due_items(struct week *w, struct due_item **items)
{
	struct request *r = w->r;
	struct part_time_row *pt = NULL;
	struct legal_row *lg = NULL;
	struct school_case_action *ac = NULL;
	struct error e = ERROR_INIT;
	size_t npt = 0, nlg = 0, nac = 0, nr = 0, alloc = 0;
	char what[320];
	long i;

	*items = NULL;
	if (!part_time_list(r->st, &r->viewer, &pt, &npt, &e))
		for (size_t k = 0; k < npt; k++)
			if ((i = scope_row(w, pt[k].upn)) >= 0 &&
			    week_due(pt[k].review, pt[k].reviewed, w->today))
				due_add(items, &nr, &alloc, i, pt[k].review,
					"Part-time timetable: review due");
	if (!legal_decision_list(r->st, &r->viewer, &lg, &nlg, &e))
		for (size_t k = 0; k < nlg; k++)
			if (lg[k].outcome == LEGAL_ON_HOLD &&
			    (i = scope_row(w, lg[k].upn)) >= 0 &&
			    week_due(lg[k].review, lg[k].reviewed, w->today))
				due_add(items, &nr, &alloc, i, lg[k].review,
					"Legal action on hold: review due");
	if (!case_actions_due(r->st, &r->viewer, w->today, &ac, &nac, &e))
		for (size_t k = 0; k < nac; k++)
			if ((i = scope_row(w, ac[k].upn)) >= 0) {
				snprintf(what, sizeof(what), "Case action: %.200s (%.80s)",
					 ac[k].a.what, ac[k].a.owner);
				due_add(items, &nr, &alloc, i, ac[k].a.due, what);
			}
	free(pt);
	free(lg);
	free(ac);
	if (nr > 1)
		qsort(*items, nr, sizeof(**items), due_cmp);
	return nr;
}

static void section_due(struct week *w)
{
	struct strbuf *o = &w->r->out;
	struct due_item *items;
	size_t n = due_items(w, &items);

	section_start(w, "due", "Reviews and actions due", n, "Due today or "
		      "overdue, the longest overdue first: part-time timetable "
		      "reviews, legal decisions put on hold, and actions agreed on "
		      "cases.");
	if (n)
		strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">Pupil</th>"
			      "<th scope=\"col\">School</th><th scope=\"col\">What"
			      "</th><th scope=\"col\">Due</th><th scope=\"col\">Next "
			      "step</th></tr></thead><tbody>");
	for (size_t k = 0; k < n && k < WEEK_SHOWN; k++) {
		char when[DATE_WORDS_MAX];

		strbuf_addstr(o, "<tr>");
		pupil_cell(w, (size_t)items[k].row);
		strbuf_addstr(o, "<td>");
		html_text(o, items[k].what);
		strbuf_addf(o, "</td><td>%s</td>", date_words(items[k].due, when));
		case_link(o, w->s->roll.rows[items[k].row].upn, "Open the case");
		strbuf_addstr(o, "</tr>");
	}
	if (n)
		strbuf_addstr(o, "</tbody></table>");
	section_more(w, n, NULL, NULL);
	free(items);
}

/* 6. Registers not taken at the schools in scope. */
static void section_registers(struct week *w)
{
	const struct figures *s = w->s;
	struct strbuf *o = &w->r->out;
	size_t n = 0;

	for (size_t k = 0; k < s->nr_missing; k++) {
		long i = figures_school(s, s->missing[k].urn);
		if (i >= 0 && w->in_scope[i] &&
		    access_school_summary(&w->r->viewer, s->roll.schools[i].id))
			n++;
	}
	section_start(w, "registers", "Registers not taken", n, "Sessions the "
		      "school's calendar opened with no mark for anyone this year.");
	if (n)
		strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">School</th>"
			      "<th scope=\"col\" class=\"n\">Sessions not taken</th>"
			      "<th scope=\"col\">Latest</th></tr></thead><tbody>");
	for (size_t k = 0, shown = 0; k < s->nr_missing && shown < WEEK_SHOWN; k++) {
		const struct missing_register *m = &s->missing[k];
		long i = figures_school(s, m->urn);
		char when[DATE_WORDS_MAX];

		if (i < 0 || !w->in_scope[i] ||
		    !access_school_summary(&w->r->viewer, s->roll.schools[i].id))
			continue;
		shown++;
		strbuf_addstr(o, "<tr><td>");
		link_school(o, m->urn, m->name);
		strbuf_addf(o, "</td><td class=\"n\">%d</td><td>%s</td></tr>",
			    m->missing, date_words(m->last, when));
	}
	if (n)
		strbuf_addstr(o, "</tbody></table>");
	section_more(w, n, NULL, NULL);
}

/* The switch between the named schools and the whole authority. */
static void week_switch(struct week *w)
{
	struct strbuf *o = &w->r->out;

	if (access_authority(&w->r->viewer))
		strbuf_addstr(o, "<p class=\"muted\"><a href=\"/\">Authority figures"
			      "</a> &middot; <a href=\"/alerts\">All alerts</a></p>");
	if (!w->has_named || !access_authority(&w->r->viewer))
		return;
	strbuf_addf(o, "<p>Showing <strong>%s</strong>. <a href=\"/week%s\">%s</a>"
		    "</p>", w->whole ? "the whole authority" : "your named schools",
		    w->whole ? "" : "?all=1", w->whole ? "Show your named schools "
		    "only" : "Show the whole authority");
}

int page_week(struct request *r)
{
	const char *all = web_query(r, "all");
	struct week w;
	char title[64], when[DATE_WORDS_MAX];

	if (!access_named_pupils(&r->viewer))
		return web_redirect(r, "/");
	if (all && *all && strcmp(all, "1"))
		return web_error(r, 400, "all is 1 (the whole authority) or absent.");
	memset(&w, 0, sizeof(w));
	w.r = r;
	w.today = date_today();
	w.whole = all && !strcmp(all, "1");
	if (!(w.s = web_figures(r)))
		return web_error(r, 500, "The figures could not be computed.");
	week_scope(&w);
	snprintf(title, sizeof(title), "My week, %s", date_words(w.today, when));
	layout_start(r, title);
	week_switch(&w);
	section_safeguarding(&w);
	section_pupils(&w, "newly-sa", "Newly severely absent", "Absent half "
		       "their sessions or more this year, and not a week before.",
		       pick_newly_sa, false);
	section_pupils(&w, "penalty", "Met the penalty-notice threshold this week",
		       "10 sessions of unauthorised absence within 10 school weeks, "
		       "reached in the last 7 days. Consider a Notice to Improve first.",
		       pick_penalty, true);
	section_due(&w);
	section_registers(&w);
	free(w.in_scope);
	/* What cannot be logged is not shown (web_audit_view). */
	{
		char detail[1100];

		snprintf(detail, sizeof(detail), "my week: %zu pupils:%s", w.named,
			 w.detail);
		if (w.named && web_audit_view(r, "view list", "week", detail))
			return 0;
	}
	layout_end(r);
	return 0;
}
