#include "core/casework.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/penalty.h"

/* ---- names ----------------------------------------------------------- */

static int parse_name(const char *s, const char *const *names, int n)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

#define NAME_OF(names, v, n) ((unsigned)(v) < (unsigned)(n) ? (names)[v] : "?")

static const char *const stage_names[STAGE_COUNT] = {
	"expect", "monitor", "listen", "facilitate", "formalise", "enforce",
};
static const char *const stage_labels[STAGE_COUNT] = {
	"Expect", "Monitor", "Listen and understand", "Facilitate support",
	"Formalise support", "Enforce",
};

const char *stage_name(enum stage s) { return NAME_OF(stage_names, s, STAGE_COUNT); }
const char *stage_label(enum stage s) { return NAME_OF(stage_labels, s, STAGE_COUNT); }
int stage_parse(const char *s) { return parse_name(s, stage_names, STAGE_COUNT); }

static const char *const barrier_names[BARRIER_COUNT] = {
	"health", "send", "anxiety_ebsa", "family", "transport", "bullying",
	"young_carer", "other",
};
static const char *const barrier_labels[BARRIER_COUNT] = {
	"Health", "SEND", "Anxiety / EBSA", "Family circumstances", "Transport",
	"Bullying", "Young carer", "Other",
};

const char *barrier_name(enum barrier b) { return NAME_OF(barrier_names, b, BARRIER_COUNT); }
const char *barrier_label(enum barrier b) { return NAME_OF(barrier_labels, b, BARRIER_COUNT); }
int barrier_parse(const char *s) { return parse_name(s, barrier_names, BARRIER_COUNT); }

static const char *const agency_names[AGENCY_COUNT] = {
	"early_help_taf", "camhs", "send", "social_care", "school_nursing",
	"youth_justice", "other",
};
static const char *const agency_labels[AGENCY_COUNT] = {
	"Early help / TAF", "CAMHS", "SEND service", "Children's social care",
	"School nursing", "Youth justice", "Other",
};

const char *agency_name(enum agency a) { return NAME_OF(agency_names, a, AGENCY_COUNT); }
const char *agency_label(enum agency a) { return NAME_OF(agency_labels, a, AGENCY_COUNT); }
int agency_parse(const char *s) { return parse_name(s, agency_names, AGENCY_COUNT); }

bool text_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* ---- the graduated response ------------------------------------------ */

int casework_check_move(const struct case_move *m, struct error *e)
{
	if ((unsigned)m->from >= STAGE_COUNT || (unsigned)m->to >= STAGE_COUNT)
		return error_set(e, ERROR_INPUT, "not a stage of the graduated "
				 "response");
	if (m->from == m->to)
		return error_set(e, ERROR_INPUT, "the case is at %s already",
				 stage_label(m->to));
	if (text_blank(m->reason))
		return error_set(e, ERROR_INPUT, "a move to %s needs a reason",
				 stage_label(m->to));
	if (m->to != STAGE_ENFORCE)
		return 0;
	if (!text_blank(m->not_appropriate))
		return 0;
	if (text_blank(m->support_offered))
		return error_set(e, ERROR_INPUT, "support comes before "
				 "enforcement: a case moves to Enforce only when "
				 "formal support (an attendance or parenting "
				 "contract, an Education Supervision Order) was "
				 "offered and its outcome recorded, or the record "
				 "says why support was not appropriate");
	if (text_blank(m->support_outcome))
		return error_set(e, ERROR_INPUT, "support was offered (%s) but "
				 "its outcome is not recorded; record what happened "
				 "before moving to Enforce", m->support_offered);
	return 0;
}

/* ---- the joint legal decision ----------------------------------------- */

static const char *const legal_outcome_names[LEGAL_OUTCOME_COUNT] = {
	"proceed", "on_hold", "no_action",
};

const char *legal_outcome_name(enum legal_outcome o)
{
	return NAME_OF(legal_outcome_names, o, LEGAL_OUTCOME_COUNT);
}

int legal_outcome_parse(const char *s)
{
	return parse_name(s, legal_outcome_names, LEGAL_OUTCOME_COUNT);
}

bool legal_social_worker_required(enum social_care care)
{
	return care == CARE_CIN || care == CARE_CP || care == CARE_CLA;
}

int legal_decision_check(const struct legal_decision *d, enum stage stage,
			 enum social_care care, struct error *e)
{
	char a[11], b[11];
	bool agreed = !text_blank(d->social_worker);

	if ((unsigned)d->outcome >= LEGAL_OUTCOME_COUNT)
		return error_set(e, ERROR_INPUT, "the outcome must be proceed, "
				 "on_hold or no_action");
	if (d->decided == DAY_NONE)
		return error_set(e, ERROR_INPUT, "a decision needs its date");
	if (agreed && d->social_worker_agreed == DAY_NONE)
		return error_set(e, ERROR_INPUT, "the social worker's agreement "
				 "needs its date");
	if (agreed && d->social_worker_agreed > d->decided) {
		date_format(d->social_worker_agreed, a);
		date_format(d->decided, b);
		return error_set(e, ERROR_INPUT, "the social worker agreed on %s, "
				 "after the decision (%s): dates in the wrong order",
				 a, b);
	}
	if (d->outcome == LEGAL_ON_HOLD) {
		if (d->review == DAY_NONE)
			return error_set(e, ERROR_INPUT, "step 5: action put on "
					 "hold needs an agreed review date");
		if (d->review <= d->decided) {
			date_format(d->review, a);
			date_format(d->decided, b);
			return error_set(e, ERROR_INPUT, "step 5: the review date "
					 "(%s) must come after the decision (%s)",
					 a, b);
		}
		return 0;
	}
	if (d->review != DAY_NONE)
		return error_set(e, ERROR_INPUT, "a review date goes with a "
				 "decision put on hold, not %s",
				 legal_outcome_name(d->outcome));
	if (d->outcome == LEGAL_NO_ACTION)
		return 0;
	if (text_blank(d->policy_followed))
		return error_set(e, ERROR_INPUT, "step 1: record the evidence that "
				 "the school has followed its attendance policy");
	if (text_blank(d->officer_discussed))
		return error_set(e, ERROR_INPUT, "step 2: record the discussion "
				 "with the school's named LA officer");
	if (text_blank(d->support_considered))
		return error_set(e, ERROR_INPUT, "step 3: record what other support "
				 "has been considered");
	if (legal_social_worker_required(care) && !agreed)
		return error_set(e, ERROR_INPUT, "step 4: the child has a social "
				 "worker (%s), who must agree before legal action",
				 social_care_code(care));
	if (stage != STAGE_ENFORCE)
		return error_set(e, ERROR_INPUT, "legal action proceeds only on a "
				 "case at Enforce; this case is at %s",
				 stage_label(stage));
	return 0;
}

/* ---- penalty notices ---------------------------------------------------- */

static const char *const notice_kind_names[NOTICE_KIND_COUNT] = {
	"nti", "penalty",
};
static const char *const notice_status_names[NOTICE_STATUS_COUNT] = {
	"issued", "paid", "unpaid", "withdrawn",
};

const char *notice_kind_name(enum notice_kind k)
{
	return NAME_OF(notice_kind_names, k, NOTICE_KIND_COUNT);
}

int notice_kind_parse(const char *s)
{
	return parse_name(s, notice_kind_names, NOTICE_KIND_COUNT);
}

const char *notice_status_name(enum notice_status s)
{
	return NAME_OF(notice_status_names, s, NOTICE_STATUS_COUNT);
}

int notice_status_parse(const char *s)
{
	return parse_name(s, notice_status_names, NOTICE_STATUS_COUNT);
}

day_t date_years_before(day_t day, int years)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (m == 2 && d == 29 && !date_valid_ymd(y - years, 2, 29))
		d = 28;
	return date_from_ymd(y - years, m, d);
}

int notice_check(enum notice_kind kind, day_t issued,
		 const struct notice *prior, size_t n, day_t threshold_met,
		 const char *no_nti_reason, struct notice_terms *terms,
		 struct error *e)
{
	day_t window = date_years_before(issued, NOTICE_WINDOW_YEARS);
	size_t counted = 0, nti = 0;
	char a[11], b[11], c[11];
	day_t seen[NOTICE_LIMIT];

	memset(terms, 0, sizeof(*terms));
	terms->reduced_until = DAY_NONE;
	terms->due = DAY_NONE;
	if ((unsigned)kind >= NOTICE_KIND_COUNT)
		return error_set(e, ERROR_INPUT, "a notice is nti or penalty");
	if (threshold_met == DAY_NONE)
		return error_set(e, ERROR_INPUT, "the child has not met the "
				 "threshold for a notice (%d sessions of "
				 "unauthorised absence within %d school weeks)",
				 PENALTY_SESSIONS, PENALTY_WEEKS);
	if (threshold_met > issued) {
		date_format(threshold_met, a);
		date_format(issued, b);
		return error_set(e, ERROR_INPUT, "the threshold was first met on "
				 "%s, after the notice's date (%s): dates in the "
				 "wrong order", a, b);
	}
	for (size_t i = 0; i < n; i++) {
		if (prior[i].status == NOTICE_WITHDRAWN || prior[i].issued > issued)
			continue;
		if (prior[i].kind == NOTICE_NTI) {
			nti++;
			continue;
		}
		if (prior[i].issued <= window)
			continue;
		if (counted < NOTICE_LIMIT)
			seen[counted] = prior[i].issued;
		counted++;
	}
	if (kind == NOTICE_NTI)
		return 0;
	if (counted >= NOTICE_LIMIT) {
		date_format(seen[0], a);
		date_format(seen[1], b);
		date_format(window + 1, c);
		return error_set(e, ERROR_INPUT, "this parent has had %zu penalty "
				 "notices for this child since %s (issued %s and "
				 "%s); no more than %d may be issued in %d years: "
				 "consider prosecution (s444 Education Act 1996), "
				 "a parenting order or an Education Supervision "
				 "Order instead", counted, c, a, b, NOTICE_LIMIT,
				 NOTICE_WINDOW_YEARS);
	}
	if (!nti && text_blank(no_nti_reason))
		return error_set(e, ERROR_INPUT, "a Notice to Improve should come "
				 "first: issue one to this parent, or record why "
				 "not (--no-nti-reason)");
	terms->number = (int)counted + 1;
	terms->due = issued + NOTICE_DUE_DAYS;
	if (counted == 0) {
		terms->amount_pence = NOTICE_FIRST_PENCE;
		terms->reduced_until = issued + NOTICE_REDUCED_DAYS;
	} else {
		terms->amount_pence = NOTICE_FULL_PENCE;
	}
	return 0;
}

int32_t notice_amount_on(const struct notice_terms *t, day_t on)
{
	if (t->reduced_until != DAY_NONE && on <= t->reduced_until)
		return NOTICE_FIRST_PENCE;
	if (on <= t->due)
		return NOTICE_FULL_PENCE;
	return -1;
}

int notice_outcome_check(const struct notice *n, const struct notice_terms *t,
			 enum notice_status to, day_t on, int32_t *paid_pence,
			 struct error *e)
{
	char a[11], b[11];

	*paid_pence = 0;
	if (n->status != NOTICE_ISSUED)
		return error_set(e, ERROR_INPUT, "the notice is %s already; its "
				 "outcome cannot change", notice_status_name(n->status));
	if (to == NOTICE_ISSUED || (unsigned)to >= NOTICE_STATUS_COUNT)
		return error_set(e, ERROR_INPUT, "an outcome is paid, unpaid or "
				 "withdrawn");
	if (on < n->issued) {
		date_format(on, a);
		date_format(n->issued, b);
		return error_set(e, ERROR_INPUT, "the outcome date %s is before the "
				 "notice was issued (%s): dates in the wrong order",
				 a, b);
	}
	if (to == NOTICE_WITHDRAWN)
		return 0;
	if (n->kind == NOTICE_NTI)
		return error_set(e, ERROR_INPUT, "a Notice to Improve carries no "
				 "payment; it can only be withdrawn");
	date_format(t->due, b);
	if (to == NOTICE_PAID) {
		*paid_pence = notice_amount_on(t, on);
		if (*paid_pence < 0) {
			*paid_pence = 0;
			date_format(on, a);
			return error_set(e, ERROR_INPUT, "paid on %s, after the due "
					 "date %s: a notice cannot be paid late; "
					 "record it as unpaid", a, b);
		}
		return 0;
	}
	if (on <= t->due)
		return error_set(e, ERROR_INPUT, "the notice is not unpaid until "
				 "its due date (%s) has passed", b);
	return 0;
}

/* ---- part-time timetables ------------------------------------------------ */

int hours_parse(const char *s, int *tenths)
{
	int v = 0, digits = 0;

	if (!s)
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		if (++digits > 3)
			return -1;
		v = 10 * v + (*s - '0');
	}
	if (!digits)
		return -1;
	v *= 10;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		v += *s++ - '0';
	}
	if (*s)
		return -1;
	*tenths = v;
	return 0;
}

int part_time_check(const struct part_time *p, day_t today, struct error *e)
{
	char a[11], b[11];

	if (p->start == DAY_NONE || p->end == DAY_NONE || p->review == DAY_NONE)
		return error_set(e, ERROR_INPUT, "a part-time timetable needs a "
				 "start, an end and a review date");
	if (p->end <= p->start) {
		date_format(p->start, a);
		date_format(p->end, b);
		return error_set(e, ERROR_INPUT, "the timetable ends (%s) before it "
				 "starts (%s): dates in the wrong order", b, a);
	}
	if (p->review < p->start) {
		date_format(p->review, a);
		date_format(p->start, b);
		return error_set(e, ERROR_INPUT, "the review date %s is before the "
				 "timetable starts (%s)", a, b);
	}
	if (p->review < today) {
		date_format(p->review, a);
		date_format(today, b);
		return error_set(e, ERROR_INPUT, "the review date %s is in the past "
				 "(today is %s)", a, b);
	}
	if (p->hours_tenths <= 0 || p->hours_tenths > PART_TIME_MAX_TENTHS)
		return error_set(e, ERROR_INPUT, "hours a week must be more than 0 "
				 "and at most 32.5 (a full-time week); not %d.%d",
				 p->hours_tenths / 10, p->hours_tenths % 10);
	if (text_blank(p->reason))
		return error_set(e, ERROR_INPUT, "a part-time timetable needs its "
				 "reason");
	if (!p->parent_agreed)
		return error_set(e, ERROR_INPUT, "a part-time timetable needs the "
				 "parents' agreement");
	return 0;
}

bool part_time_review_overdue(const struct part_time *p, day_t review_done,
			      day_t on)
{
	return review_done == DAY_NONE && on > p->review;
}

bool part_time_over_length(const struct part_time *p, day_t ended, day_t on)
{
	return ended == DAY_NONE && on > p->end;
}

/* ---- Targeting Support Meetings ------------------------------------------- */

static const char *const tsm_status_names[TSM_STATUS_COUNT] = {
	"offered", "accepted", "declined", "held", "not_held",
};

const char *tsm_status_name(enum tsm_status s)
{
	return NAME_OF(tsm_status_names, s, TSM_STATUS_COUNT);
}

int tsm_status_parse(const char *s)
{
	return parse_name(s, tsm_status_names, TSM_STATUS_COUNT);
}

int tsm_check_transition(enum tsm_status from, enum tsm_status to,
			 struct error *e)
{
	if ((from == TSM_OFFERED && (to == TSM_ACCEPTED || to == TSM_DECLINED)) ||
	    (from == TSM_ACCEPTED && (to == TSM_HELD || to == TSM_NOT_HELD)))
		return 0;
	if (from == TSM_OFFERED)
		return error_set(e, ERROR_INPUT, "the meeting was only offered: "
				 "the school accepts or declines it first");
	if (from == TSM_ACCEPTED)
		return error_set(e, ERROR_INPUT, "an accepted meeting is then held "
				 "or not held");
	return error_set(e, ERROR_INPUT, "the meeting is %s: nothing follows",
			 tsm_status_name(from));
}

void term_bounds(int year, enum term t, day_t *from, day_t *to)
{
	day_t easter = easter_sunday(year + 1);

	switch (t) {
	case TERM_AUTUMN:
		*from = date_from_ymd(year, 8, 1);
		*to = date_from_ymd(year, 12, 31);
		break;
	case TERM_SPRING:
		*from = date_from_ymd(year + 1, 1, 1);
		*to = easter;
		break;
	default:
		*from = easter + 1;
		*to = date_from_ymd(year + 1, 7, 31);
		break;
	}
}

int term_parse(const char *s, int *year, enum term *t)
{
	int y = 0, n;

	if (!s || strlen(s) < 6)
		return -1;
	for (n = 0; n < 4; n++) {
		if (!isdigit((unsigned char)s[n]))
			return -1;
		y = 10 * y + (s[n] - '0');
	}
	if (s[4] != '-' || y < ACADEMIC_YEAR_MIN || y > ACADEMIC_YEAR_MAX)
		return -1;
	for (n = TERM_AUTUMN; n <= TERM_SUMMER; n++)
		if (!strcmp(s + 5, term_name((enum term)n)))
			break;
	if (n > TERM_SUMMER)
		return -1;
	*year = y;
	*t = (enum term)n;
	return 0;
}

enum tsm_term_state tsm_termly(const struct tsm_meeting *m, size_t n,
			       day_t from, day_t to)
{
	enum tsm_term_state best = TSM_TERM_NONE;

	for (size_t i = 0; i < n; i++) {
		if (m[i].date < from || m[i].date > to)
			continue;
		if (m[i].status == TSM_HELD)
			return TSM_TERM_HELD;
		if (m[i].status == TSM_OFFERED || m[i].status == TSM_ACCEPTED)
			best = TSM_TERM_SCHEDULED;
	}
	return best;
}

/* ---- children missing education ------------------------------------------- */

static const char *const cme_status_names[CME_STATUS_COUNT] = {
	"referred", "investigating", "located", "on_roll", "closed",
};
static const char *const cme_outcome_names[CME_OUTCOME_COUNT] = {
	"", "on_roll", "home_education", "moved_away", "left_england",
	"not_found", "other",
};
static const char *const cme_source_names[CME_SOURCE_COUNT] = {
	"referral", "removal_from_roll", "no_school_place",
};

const char *cme_status_name(enum cme_status s)
{
	return NAME_OF(cme_status_names, s, CME_STATUS_COUNT);
}

int cme_status_parse(const char *s)
{
	return parse_name(s, cme_status_names, CME_STATUS_COUNT);
}

const char *cme_outcome_name(enum cme_outcome o)
{
	return NAME_OF(cme_outcome_names, o, CME_OUTCOME_COUNT);
}

int cme_outcome_parse(const char *s)
{
	return s && *s ? parse_name(s, cme_outcome_names, CME_OUTCOME_COUNT) : -1;
}

const char *cme_source_name(enum cme_source s)
{
	return NAME_OF(cme_source_names, s, CME_SOURCE_COUNT);
}

int cme_source_parse(const char *s)
{
	return parse_name(s, cme_source_names, CME_SOURCE_COUNT);
}

int cme_check_transition(enum cme_status from, enum cme_status to,
			 enum cme_outcome outcome, struct error *e)
{
	static const unsigned allowed[CME_STATUS_COUNT] = {
		[CME_REFERRED] = 1u << CME_INVESTIGATING | 1u << CME_LOCATED |
				 1u << CME_CLOSED,
		[CME_INVESTIGATING] = 1u << CME_LOCATED | 1u << CME_CLOSED,
		[CME_LOCATED] = 1u << CME_ON_ROLL | 1u << CME_CLOSED,
		[CME_ON_ROLL] = 1u << CME_CLOSED,
		[CME_CLOSED] = 0,
	};

	if ((unsigned)from >= CME_STATUS_COUNT || (unsigned)to >= CME_STATUS_COUNT)
		return error_set(e, ERROR_INPUT, "not a CME status");
	if (!(allowed[from] & 1u << to))
		return error_set(e, ERROR_INPUT, "a referral that is %s cannot "
				 "become %s", cme_status_name(from),
				 cme_status_name(to));
	if (to == CME_CLOSED && (outcome == CME_OUTCOME_NONE ||
				 (unsigned)outcome >= CME_OUTCOME_COUNT))
		return error_set(e, ERROR_INPUT, "closing a referral needs its "
				 "outcome: on_roll, home_education, moved_away, "
				 "left_england, not_found or other");
	if (to != CME_CLOSED && outcome != CME_OUTCOME_NONE)
		return error_set(e, ERROR_INPUT, "an outcome is recorded when the "
				 "referral is closed");
	return 0;
}
