#include "core/legal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int parse_name(const char *s, const char *const *names, int n)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (names[i][0] && !strcmp(s, names[i]))
			return i;
	return -1;
}

#define NAME_OF(names, v, n) ((unsigned)(v) < (unsigned)(n) ? (names)[v] : "?")

/* Letters and digits in s: what an explanation has of substance. */
static size_t substance(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += isalnum((unsigned char)*s) != 0;
	return n;
}

/* ---- compulsory school age in law ---------------------------------------- */

int legal_school_age_check(const char *name, day_t dob, day_t from, day_t to,
			   struct error *e)
{
	char a[DATE_WORDS_MAX], b[DATE_WORDS_MAX];
	day_t begins = school_age_begins(dob), ends = school_age_ends(dob);

	if (!name || !*name)
		name = "The child";
	if (from == DAY_NONE || to == DAY_NONE)
		return error_set(e, ERROR_INPUT, "legal action needs the dates of "
				 "the absence it concerns");
	if (to < from)
		return error_set(e, ERROR_INPUT, "the absence runs from %s to %s: "
				 "dates in the wrong order", date_words(from, a),
				 date_words(to, b));
	if (from < begins)
		return error_set(e, ERROR_INPUT, "%s is not of compulsory school "
				 "age until %s (the prescribed day after their fifth "
				 "birthday), and the absence begins on %s: no legal "
				 "action for absence before then", name,
				 date_words(begins, a), date_words(from, b));
	if (to > ends)
		return error_set(e, ERROR_INPUT, "%s ceased to be of compulsory "
				 "school age on %s (the school leaving date), and the "
				 "absence runs to %s: no legal action for absence "
				 "after then", name, date_words(ends, a),
				 date_words(to, b));
	return 0;
}

/* ---- Notices to Improve ---------------------------------------------------- */

int nti_terms_check(const struct nti_terms *t, struct error *e)
{
	if (t->weeks < NTI_WEEKS_MIN || t->weeks > NTI_WEEKS_MAX)
		return error_set(e, ERROR_INPUT, "the improvement period is %d to "
				 "%d school weeks, not %d", NTI_WEEKS_MIN,
				 NTI_WEEKS_MAX, t->weeks);
	if (text_blank(t->support))
		return error_set(e, ERROR_INPUT, "a Notice to Improve states the "
				 "support offered: record it");
	if (text_blank(t->sufficient))
		return error_set(e, ERROR_INPUT, "a Notice to Improve says what "
				 "sufficient improvement means (for example no "
				 "unauthorised absence in the period): record it");
	return 0;
}

day_t nti_period_end(day_t issued, int weeks, const day_t *monday, size_t n)
{
	int counted = 0;

	for (size_t i = 0; i < n; i++) {
		if (monday[i] <= issued)
			continue;
		if (++counted == weeks)
			return monday[i] + 6;
	}
	return DAY_NONE;
}

static const char *const nti_result_names[NTI_RESULT_COUNT] = {
	"", "improved", "not_improved",
};

const char *nti_result_name(enum nti_result r)
{
	return NAME_OF(nti_result_names, r, NTI_RESULT_COUNT);
}

int nti_result_parse(const char *s)
{
	return parse_name(s, nti_result_names, NTI_RESULT_COUNT);
}

int nti_result_check(const struct nti_record *n, enum nti_result to, day_t on,
		     struct error *e)
{
	char a[DATE_WORDS_MAX];

	if (to != NTI_IMPROVED && to != NTI_NOT_IMPROVED)
		return error_set(e, ERROR_INPUT, "the result of the improvement "
				 "period is improved or not_improved");
	if (n->withdrawn)
		return error_set(e, ERROR_INPUT, "the Notice to Improve was "
				 "withdrawn: its period has no result");
	if (n->result != NTI_PENDING)
		return error_set(e, ERROR_INPUT, "the result of this improvement "
				 "period is recorded already (%s)",
				 nti_result_name(n->result));
	if (on == DAY_NONE || on <= n->period_end)
		return error_set(e, ERROR_INPUT, "the improvement period runs to "
				 "%s: its result is recorded after it ends",
				 date_words(n->period_end, a));
	return 0;
}

/* ---- penalty notices and Notices to Improve -------------------------------- */

static const char *const no_nti_names[NO_NTI_GROUND_COUNT] = {
	"", "holiday", "recent_nti", "other",
};
static const char *const no_nti_labels[NO_NTI_GROUND_COUNT] = {
	"", "Term-time holiday taken without leave",
	"A Notice to Improve for this child in the past 12 months",
	"Another reason (explained)",
};

const char *no_nti_ground_name(enum no_nti_ground g)
{
	return NAME_OF(no_nti_names, g, NO_NTI_GROUND_COUNT);
}

const char *no_nti_ground_label(enum no_nti_ground g)
{
	return NAME_OF(no_nti_labels, g, NO_NTI_GROUND_COUNT);
}

int no_nti_ground_parse(const char *s)
{
	return parse_name(s, no_nti_names, NO_NTI_GROUND_COUNT);
}

int penalty_grounds_check(day_t issued, const struct nti_record *nti, size_t n,
			  const struct penalty_grounds *g, long *used,
			  struct error *e)
{
	char a[DATE_WORDS_MAX], b[DATE_WORDS_MAX];
	day_t year_before = date_years_before(issued, 1);
	long latest = -1;

	*used = -1;
	for (size_t i = 0; i < n; i++)
		if (!nti[i].withdrawn && nti[i].issued <= issued &&
		    (latest < 0 || nti[i].issued >= nti[latest].issued))
			latest = (long)i;
	if ((unsigned)g->no_nti >= NO_NTI_GROUND_COUNT)
		return error_set(e, ERROR_INPUT, "not a reason for a notice without "
				 "a Notice to Improve");
	switch (g->no_nti) {
	case NO_NTI_HOLIDAY:
		return 0;
	case NO_NTI_RECENT:
		if (latest < 0 || nti[latest].issued <= year_before)
			return error_set(e, ERROR_INPUT, "no Notice to Improve to "
					 "this parent for this child since %s: the "
					 "reason 'recent_nti' does not hold",
					 date_words(year_before + 1, a));
		*used = latest;
		return 0;
	case NO_NTI_OTHER:
		if (substance(g->no_nti_reason) < EXPLANATION_MIN)
			return error_set(e, ERROR_INPUT, "a notice without a Notice "
					 "to Improve for another reason needs that "
					 "reason explained (at least %d letters)",
					 EXPLANATION_MIN);
		return 0;
	default:
		break;
	}
	if (latest < 0)
		return error_set(e, ERROR_INPUT, "a Notice to Improve should come "
				 "first: issue one to this parent, or record why not "
				 "(holiday, recent_nti, or other with an explanation)");
	*used = latest;
	date_words(nti[latest].issued, a);
	date_words(nti[latest].period_end, b);
	if (nti[latest].result == NTI_IMPROVED)
		return error_set(e, ERROR_INPUT, "attendance improved sufficiently "
				 "in the improvement period of the Notice to Improve "
				 "of %s: no penalty notice for that absence", a);
	if (issued <= nti[latest].period_end) {
		if (text_blank(g->early_reason))
			return error_set(e, ERROR_INPUT, "the improvement period of "
					 "the Notice to Improve of %s runs to %s: a "
					 "penalty notice follows only after it, or "
					 "earlier on further unauthorised absence that "
					 "the notice said would bring one", a, b);
		if (!nti[latest].early_on_absence)
			return error_set(e, ERROR_INPUT, "the Notice to Improve of %s "
					 "did not say further unauthorised absence "
					 "would bring a notice before its period ends "
					 "(%s)", a, b);
		if (g->further_absence <= 0)
			return error_set(e, ERROR_INPUT, "no unauthorised absence is "
					 "recorded since the Notice to Improve of %s: "
					 "no ground for a notice before %s", a, b);
		return 0;
	}
	if (nti[latest].result != NTI_NOT_IMPROVED)
		return error_set(e, ERROR_INPUT, "the improvement period of the "
				 "Notice to Improve of %s ended on %s: record whether "
				 "attendance improved sufficiently first", a, b);
	return 0;
}

/* ---- decisions and routes --------------------------------------------------- */

static const char *const route_names[ROUTE_COUNT] = {
	"", "penalty_notice", "attendance_contract", "parenting_contract",
	"eso", "prosecution", "parenting_order", "sao",
};
static const char *const route_labels[ROUTE_COUNT] = {
	"", "Penalty notice", "Attendance contract", "Parenting contract",
	"Education supervision order", "Prosecution (s444)",
	"Parenting order", "School attendance order",
};

const char *route_name(enum legal_route r) { return NAME_OF(route_names, r, ROUTE_COUNT); }
const char *route_label(enum legal_route r) { return NAME_OF(route_labels, r, ROUTE_COUNT); }
int route_parse(const char *s) { return parse_name(s, route_names, ROUTE_COUNT); }

bool route_statutory(enum legal_route r)
{
	return r == ROUTE_PENALTY_NOTICE || r == ROUTE_ESO ||
	       r == ROUTE_PROSECUTION || r == ROUTE_PARENTING_ORDER ||
	       r == ROUTE_SAO;
}

bool route_support(enum legal_route r)
{
	return r == ROUTE_ATTENDANCE_CONTRACT || r == ROUTE_PARENTING_CONTRACT ||
	       r == ROUTE_ESO;
}

bool route_school_age(enum legal_route r)
{
	return route_statutory(r);
}

int decision_allows(const struct decision_record *d, enum legal_route route,
		    day_t on, struct error *e)
{
	char a[DATE_WORDS_MAX], b[DATE_WORDS_MAX];

	if (!d || d->outcome != LEGAL_PROCEED || d->route != route)
		return error_set(e, ERROR_INPUT, "a %s needs a joint legal decision "
				 "to proceed by that route, taken by an LA officer "
				 "(a school may request one)",
				 route == ROUTE_PENALTY_NOTICE ? "penalty notice" :
				 route_label(route));
	if (!d->by_la)
		return error_set(e, ERROR_INPUT, "the decision to proceed was not "
				 "taken by an LA officer");
	if (d->decided > on)
		return error_set(e, ERROR_INPUT, "the decision to proceed is dated "
				 "%s, after %s: dates in the wrong order",
				 date_words(d->decided, a), date_words(on, b));
	if (d->social_worker_required && (d->social_worker_agreed == DAY_NONE ||
					  d->social_worker_agreed > on))
		return error_set(e, ERROR_INPUT, "step 4: the child has a social "
				 "worker, whose agreement (recorded in their own "
				 "account, attend legal agree) must come before "
				 "legal action");
	return 0;
}

/* ---- reaching Enforce ------------------------------------------------------- */

static const char *const not_appropriate_names[NOT_APPROPRIATE_COUNT] = {
	"", "support_refused", "not_appropriate", "holiday",
};
static const char *const not_appropriate_labels[NOT_APPROPRIATE_COUNT] = {
	"", "The family refused the support offered",
	"Support is not appropriate, because...",
	"A term-time holiday: no barrier for support to address",
};

const char *not_appropriate_name(enum not_appropriate n) { return NAME_OF(not_appropriate_names, n, NOT_APPROPRIATE_COUNT); }
const char *not_appropriate_label(enum not_appropriate n) { return NAME_OF(not_appropriate_labels, n, NOT_APPROPRIATE_COUNT); }
int not_appropriate_parse(const char *s) { return parse_name(s, not_appropriate_names, NOT_APPROPRIATE_COUNT); }

int enforce_basis_check(const struct enforce_basis *b, struct error *e)
{
	if (b->support) {
		if (text_blank(b->support_outcome))
			return error_set(e, ERROR_INPUT, "the %s has no outcome "
					 "recorded yet: record what happened before "
					 "moving to Enforce", b->support);
		return 0;
	}
	if (b->reason == NOT_APPROPRIATE_NONE ||
	    (unsigned)b->reason >= NOT_APPROPRIATE_COUNT)
		return error_set(e, ERROR_INPUT, "support comes before "
				 "enforcement: a case moves to Enforce only with the "
				 "formal support offered (an attendance or parenting "
				 "contract, an Education Supervision Order) picked "
				 "from the case's records with its outcome, or a "
				 "reason why support was not appropriate, signed off "
				 "by the LA lead");
	if (substance(b->explanation) < EXPLANATION_MIN)
		return error_set(e, ERROR_INPUT, "'%s' needs an explanation of at "
				 "least %d letters", not_appropriate_label(b->reason),
				 EXPLANATION_MIN);
	if (!b->by_lead)
		return error_set(e, ERROR_INPUT, "a move to Enforce without formal "
				 "support is signed off by the LA lead: the LA lead "
				 "makes this move");
	return 0;
}

/* ---- closing a case --------------------------------------------------------- */

static const char *const close_names[CLOSE_REASON_COUNT] = {
	"", "moved_away", "end_of_school_age", "improved", "other_agency",
	"home_education", "other",
};
static const char *const close_labels[CLOSE_REASON_COUNT] = {
	"", "Moved away", "Reached the end of compulsory school age",
	"Improved sufficiently", "Another agency leads",
	"Elective home education", "Other",
};

const char *close_reason_name(enum close_reason c) { return NAME_OF(close_names, c, CLOSE_REASON_COUNT); }
const char *close_reason_label(enum close_reason c) { return NAME_OF(close_labels, c, CLOSE_REASON_COUNT); }
int close_reason_parse(const char *s) { return parse_name(s, close_names, CLOSE_REASON_COUNT); }

int case_close_check(const struct case_closing *c, struct error *e)
{
	char a[DATE_WORDS_MAX];

	if ((unsigned)c->reason >= CLOSE_REASON_COUNT)
		return error_set(e, ERROR_INPUT, "not a reason for closing a case");
	if (!c->absent_band) {
		if (c->reason == CLOSE_NONE && text_blank(c->detail))
			return error_set(e, ERROR_INPUT, "closing a case needs a "
					 "reason");
		return 0;
	}
	switch (c->reason) {
	case CLOSE_NONE:
	case CLOSE_OTHER:
		return error_set(e, ERROR_INPUT, "the pupil is persistently or "
				 "severely absent: a case is closed then only for a "
				 "reason from the list (moved_away, end_of_school_age, "
				 "improved, other_agency, home_education)");
	case CLOSE_END_OF_SCHOOL_AGE:
		if (c->on <= c->school_age_ends)
			return error_set(e, ERROR_INPUT, "the child is of compulsory "
					 "school age until %s",
					 date_words(c->school_age_ends, a));
		return 0;
	case CLOSE_IMPROVED:
		if (c->weeks < CLOSE_IMPROVED_WEEKS_MIN)
			return error_set(e, ERROR_INPUT, "improvement is shown over "
					 "at least %d school weeks, not %d",
					 CLOSE_IMPROVED_WEEKS_MIN, c->weeks);
		if (c->weeks_possible <= 0 ||
		    10 * c->weeks_absent >= c->weeks_possible)
			return error_set(e, ERROR_INPUT, "over the last %d school "
					 "weeks the pupil missed %d of %d sessions: "
					 "not below the persistent absence line (10%%)",
					 c->weeks, c->weeks_absent, c->weeks_possible);
		return 0;
	default:
		if (text_blank(c->detail))
			return error_set(e, ERROR_INPUT, "'%s': say %s",
					 close_reason_label(c->reason),
					 c->reason == CLOSE_OTHER_AGENCY ?
					 "which agency leads" : "where, and since when");
		return 0;
	}
}

/* ---- the formal routes ------------------------------------------------------ */

static const char *const step_names[STEP_COUNT] = {
	"review", "hearing", "plea", "order", "outcome",
};

const char *route_step_name(enum route_step s) { return NAME_OF(step_names, s, STEP_COUNT); }
int route_step_parse(const char *s) { return parse_name(s, step_names, STEP_COUNT); }

const char *const *route_outcomes(enum legal_route r)
{
	static const char *const contract[] = { "kept", "broken", "ended", NULL };
	static const char *const eso[] = { "refused", "discharged", "expired",
					   "withdrawn", NULL };
	static const char *const prosecution[] = { "convicted", "acquitted",
						   "withdrawn", NULL };
	static const char *const parenting[] = { "completed", "breached", NULL };
	static const char *const sao[] = { "complied", "not_complied",
					   "revoked", NULL };
	static const char *const none[] = { NULL };

	switch (r) {
	case ROUTE_ATTENDANCE_CONTRACT:
	case ROUTE_PARENTING_CONTRACT: return contract;
	case ROUTE_ESO: return eso;
	case ROUTE_PROSECUTION: return prosecution;
	case ROUTE_PARENTING_ORDER: return parenting;
	case ROUTE_SAO: return sao;
	default: return none;
	}
}

bool route_outcome_valid(enum legal_route r, const char *outcome)
{
	for (const char *const *o = route_outcomes(r); *o; o++)
		if (outcome && !strcmp(outcome, *o))
			return true;
	return false;
}

/* The steps each route has, as bits of 1 << step. */
static unsigned route_steps(enum legal_route r)
{
	switch (r) {
	case ROUTE_ATTENDANCE_CONTRACT:
	case ROUTE_PARENTING_CONTRACT:
		return 1u << STEP_REVIEW | 1u << STEP_OUTCOME;
	case ROUTE_ESO:
		return 1u << STEP_HEARING | 1u << STEP_ORDER | 1u << STEP_OUTCOME;
	case ROUTE_PROSECUTION:
		return 1u << STEP_HEARING | 1u << STEP_PLEA | 1u << STEP_OUTCOME;
	case ROUTE_PARENTING_ORDER:
		return 1u << STEP_REVIEW | 1u << STEP_OUTCOME;
	case ROUTE_SAO:
		return 1u << STEP_ORDER | 1u << STEP_OUTCOME;
	default:
		return 0;
	}
}

static void outcome_list(enum legal_route r, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (const char *const *o = route_outcomes(r); *o && len < n; o++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
					o == route_outcomes(r) ? "" : ", ", *o);
}

int route_step_check(const struct route_state *s,
		     const struct route_step_spec *p, day_t today,
		     struct error *e)
{
	char a[DATE_WORDS_MAX], b[DATE_WORDS_MAX], list[128];

	if ((unsigned)p->step >= STEP_COUNT ||
	    !(route_steps(s->route) & 1u << p->step))
		return error_set(e, ERROR_INPUT, "a %s has no step '%s'",
				 route_label(s->route), route_step_name(p->step));
	if (s->ended)
		return error_set(e, ERROR_INPUT, "the %s has its outcome already: "
				 "nothing follows", route_label(s->route));
	if (p->on == DAY_NONE)
		return error_set(e, ERROR_INPUT, "a step needs its date");
	if (p->on > today)
		return error_set(e, ERROR_INPUT, "%s is after today: record a step "
				 "once it has happened", date_words(p->on, a));
	if (p->on < s->last)
		return error_set(e, ERROR_INPUT, "%s is before the last step (%s): "
				 "dates in the wrong order", date_words(p->on, a),
				 date_words(s->last, b));
	switch (p->step) {
	case STEP_PLEA:
		if (s->plea)
			return error_set(e, ERROR_INPUT, "the plea is entered already");
		if (!p->value || (strcmp(p->value, "guilty") &&
				  strcmp(p->value, "not_guilty")))
			return error_set(e, ERROR_INPUT, "a plea is guilty or "
					 "not_guilty");
		return 0;
	case STEP_ORDER:
		if (s->order)
			return error_set(e, ERROR_INPUT, "the order is made already");
		if (s->route == ROUTE_ESO && text_blank(p->officer))
			return error_set(e, ERROR_INPUT, "an education supervision "
					 "order names its supervising officer");
		if (s->route == ROUTE_ESO && (p->until == DAY_NONE ||
					      p->until <= p->on))
			return error_set(e, ERROR_INPUT, "an education supervision "
					 "order has an end date after it is made (a "
					 "year, unless the court says otherwise)");
		if (s->route == ROUTE_SAO && text_blank(p->detail))
			return error_set(e, ERROR_INPUT, "a school attendance order "
					 "names the school");
		return 0;
	case STEP_OUTCOME:
		if (!route_outcome_valid(s->route, p->value)) {
			outcome_list(s->route, list, sizeof(list));
			return error_set(e, ERROR_INPUT, "the outcome of a %s is one "
					 "of: %s", route_label(s->route), list);
		}
		if (p->fine_pence < 0)
			return error_set(e, ERROR_INPUT, "a fine is not negative");
		if (p->fine_pence && (s->route != ROUTE_PROSECUTION ||
				      strcmp(p->value, "convicted")))
			return error_set(e, ERROR_INPUT, "a fine follows a "
					 "conviction");
		if (s->route == ROUTE_PROSECUTION && !strcmp(p->value, "convicted")
		    && !p->fine_pence && text_blank(p->detail))
			return error_set(e, ERROR_INPUT, "a conviction records the "
					 "fine or the order the court made");
		if (s->route == ROUTE_ESO && !strcmp(p->value, "discharged") &&
		    !s->order)
			return error_set(e, ERROR_INPUT, "an order is discharged only "
					 "once made");
		return 0;
	default:
		return 0;
	}
}

static const char *const section_names[S444_COUNT] = { "444(1)", "444(1A)" };

const char *section_name(enum prosecution_section s) { return NAME_OF(section_names, s, S444_COUNT); }

int section_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "444(1)") || !strcmp(s, "1"))
		return S444_1;
	if (!strcmp(s, "444(1A)") || !strcmp(s, "1A") || !strcmp(s, "1a"))
		return S444_1A;
	return -1;
}

int route_open_check(const struct route_open *o, day_t today, struct error *e)
{
	char a[DATE_WORDS_MAX], b[DATE_WORDS_MAX];

	if (o->route == ROUTE_NONE || o->route == ROUTE_PENALTY_NOTICE ||
	    (unsigned)o->route >= ROUTE_COUNT)
		return error_set(e, ERROR_INPUT, "a route is attendance_contract, "
				 "parenting_contract, eso, prosecution, "
				 "parenting_order or sao (penalty notices are issued "
				 "with attend notice)");
	if (o->started == DAY_NONE)
		return error_set(e, ERROR_INPUT, "a %s needs its start date",
				 route_label(o->route));
	if (o->started > today)
		return error_set(e, ERROR_INPUT, "%s is after today",
				 date_words(o->started, a));
	switch (o->route) {
	case ROUTE_ATTENDANCE_CONTRACT:
	case ROUTE_PARENTING_CONTRACT:
		if (text_blank(o->terms))
			return error_set(e, ERROR_INPUT, "a %s records the terms "
					 "agreed", route_label(o->route));
		if (o->review == DAY_NONE || o->review <= o->started)
			return error_set(e, ERROR_INPUT, "a %s has a review date "
					 "after it starts (%s)", route_label(o->route),
					 date_words(o->started, a));
		return 0;
	case ROUTE_PROSECUTION:
		if (o->section != S444_1 && o->section != S444_1A)
			return error_set(e, ERROR_INPUT, "a prosecution is under "
					 "s444(1) or s444(1A)");
		return 0;
	case ROUTE_PARENTING_ORDER:
		if (text_blank(o->terms))
			return error_set(e, ERROR_INPUT, "a parenting order records "
					 "its requirements");
		if (o->until == DAY_NONE || o->until <= o->started)
			return error_set(e, ERROR_INPUT, "a parenting order ends "
					 "after it is made (%s), not on %s",
					 date_words(o->started, a),
					 o->until == DAY_NONE ? "no date" :
					 date_words(o->until, b));
		return 0;
	default:
		return 0;
	}
}
