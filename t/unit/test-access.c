/*
 * Who may see and change what (core/access.h): the whole matrix of the six
 * roles against every object, each expected answer written out by hand
 * from docs/casework.md, "Who sees what", and from what the product enforces.
 *
 * The authority has two schools, 1 ("own": the school lead's, the
 * governor's and the officer's named school) and 2 ("other").  The pupils:
 *
 *   OWN       at school 1, no social worker
 *   OTHER     at school 2, no social worker
 *   CASELOAD  at school 2, child in need, on the social worker's caseload
 *   CLA       at school 2, looked after, on nobody's caseload
 *   DUAL      on the roll of schools 1 and 2 (dual registration)
 *
 * Each row's answers are in role order: lead, officer, school, social
 * worker, virtual school, governor; Y yes, - no, ? "if they may see the
 * alert's pupil or school" (ACCESS_IF_SUBJECT).
 */
#include <string.h>

#include "core/access.h"
#include "tap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { OWN_SCHOOL = 1, OTHER_SCHOOL = 2 };
enum { OWN = 101, OTHER = 102, CASELOAD = 103, CLA = 104, DUAL = 105 };

static int64_t own_school[] = { OWN_SCHOOL };
static int64_t caseload[] = { CASELOAD };

/* One viewer of each role: user id 10 + role. */
static struct viewer viewers[ROLE_COUNT];

static void viewers_init(void)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct viewer *v = &viewers[r];

		memset(v, 0, sizeof(*v));
		v->user_id = 10 + r;
		v->role = (enum role)r;
		strcpy(v->username, role_name((enum role)r));
	}
	viewers[ROLE_LA_OFFICER].schools = own_school;
	viewers[ROLE_LA_OFFICER].nr_schools = 1;
	viewers[ROLE_SCHOOL].schools = own_school;
	viewers[ROLE_SCHOOL].nr_schools = 1;
	viewers[ROLE_GOVERNOR].schools = own_school;
	viewers[ROLE_GOVERNOR].nr_schools = 1;
	viewers[ROLE_SOCIAL_WORKER].pupils = caseload;
	viewers[ROLE_SOCIAL_WORKER].nr_pupils = 1;
}

struct child {
	int64_t id;
	int64_t schools[2];
	size_t nr;
	enum social_care care;
};

static const struct child pupils[] = {
	{ OWN, { OWN_SCHOOL }, 1, CARE_NONE },
	{ OTHER, { OTHER_SCHOOL }, 1, CARE_NONE },
	{ CASELOAD, { OTHER_SCHOOL }, 1, CARE_CIN },
	{ CLA, { OTHER_SCHOOL }, 1, CARE_CLA },
	{ DUAL, { OTHER_SCHOOL, OWN_SCHOOL }, 2, CARE_NONE },
};

static const struct child *child(int64_t id)
{
	for (size_t i = 0; i < COUNT(pupils); i++)
		if (pupils[i].id == id)
			return &pupils[i];
	return NULL;
}

static int see(const struct viewer *v, int64_t id)
{
	const struct child *p = child(id);
	return access_pupil(v, p->id, p->schools, p->nr, p->care);
}

static int change(const struct viewer *v, int64_t id)
{
	const struct child *p = child(id);
	return access_case_change(v, p->id, p->schools, p->nr, p->care);
}

static int agree(const struct viewer *v, int64_t id)
{
	const struct child *p = child(id);
	return access_legal_agree(v, p->id, p->schools, p->nr, p->care);
}

/* ---- the checks, one per object of the matrix ------------------------- */

static int authority(const struct viewer *v) { return access_authority(v); }
static int summary_own(const struct viewer *v) { return access_school_summary(v, OWN_SCHOOL); }
static int summary_other(const struct viewer *v) { return access_school_summary(v, OTHER_SCHOOL); }
static int names_own(const struct viewer *v) { return access_school_pupils(v, OWN_SCHOOL); }
static int names_other(const struct viewer *v) { return access_school_pupils(v, OTHER_SCHOOL); }
static int named_pupils(const struct viewer *v) { return access_named_pupils(v); }
static int by_caseload(const struct viewer *v) { return access_caseload(v); }
static int pupil_own(const struct viewer *v) { return see(v, OWN); }
static int pupil_other(const struct viewer *v) { return see(v, OTHER); }
static int pupil_caseload(const struct viewer *v) { return see(v, CASELOAD); }
static int pupil_cla(const struct viewer *v) { return see(v, CLA); }
static int pupil_dual(const struct viewer *v) { return see(v, DUAL); }
static int row_dual_own(const struct viewer *v) { return access_pupil_row(v, DUAL, OWN_SCHOOL, CARE_NONE); }
static int row_dual_other(const struct viewer *v) { return access_pupil_row(v, DUAL, OTHER_SCHOOL, CARE_NONE); }
static int row_caseload(const struct viewer *v) { return access_pupil_row(v, CASELOAD, OTHER_SCHOOL, CARE_CIN); }
static int row_cla(const struct viewer *v) { return access_pupil_row(v, CLA, OTHER_SCHOOL, CARE_CLA); }
static int casework(const struct viewer *v) { return access_casework(v); }
static int change_own(const struct viewer *v) { return change(v, OWN); }
static int change_other(const struct viewer *v) { return change(v, OTHER); }
static int change_caseload(const struct viewer *v) { return change(v, CASELOAD); }
static int change_cla(const struct viewer *v) { return change(v, CLA); }
static int change_dual(const struct viewer *v) { return change(v, DUAL); }
static int agree_own(const struct viewer *v) { return agree(v, OWN); }
static int agree_caseload(const struct viewer *v) { return agree(v, CASELOAD); }
static int agree_cla(const struct viewer *v) { return agree(v, CLA); }
static int tsm(const struct viewer *v) { return access_tsm(v); }
static int tsm_answer_own(const struct viewer *v) { return access_tsm_answer(v, OWN_SCHOOL); }
static int tsm_answer_other(const struct viewer *v) { return access_tsm_answer(v, OTHER_SCHOOL); }
/* Offering, recording and the actions of a meeting: the LA's (cw_must_be_la). */
static int tsm_change(const struct viewer *v) { return access_authority(v); }
static int officer_assign(const struct viewer *v) { return access_officer_assign(v); }
static int officer_eligible(const struct viewer *v) { return access_officer_eligible(v); }
static int cme(const struct viewer *v) { return access_cme(v); }
static int cme_own(const struct viewer *v) { return access_cme_referral(v, OWN_SCHOOL); }
static int cme_other(const struct viewer *v) { return access_cme_referral(v, OTHER_SCHOOL); }
static int cme_no_school(const struct viewer *v) { return access_cme_referral(v, 0); }
/* A referral's next step: the LA's (cw_must_be_la). */
static int cme_change(const struct viewer *v) { return access_authority(v); }
static int alert_to_me(const struct viewer *v) { return access_alert(v, v->user_id, -1); }
static int alert_to_other_user(const struct viewer *v) { return access_alert(v, 99, (int)v->role); }
static int alert_to_my_role(const struct viewer *v) { return access_alert(v, 0, (int)v->role); }
static int alert_to_other_role(const struct viewer *v) { return access_alert(v, 0, v->role == ROLE_LA_OFFICER ? ROLE_SCHOOL : ROLE_LA_OFFICER); }
static int alert_to_unknown_role(const struct viewer *v) { return access_alert(v, 0, -1); }
static int admin(const struct viewer *v) { return access_admin(v); }
static int needs_schools(const struct viewer *v) { return role_needs_schools(v->role); }
static int needs_caseload(const struct viewer *v) { return role_needs_caseload(v->role); }

/*
 *                                   lead officer school sw vs governor
 */
static const struct {
	const char *object;
	int (*check)(const struct viewer *v);
	const char *want;
} matrix[] = {
	{ "authority pages (dashboard, schools, hotspots)", authority, "YY----" },
	{ "own school's summary", summary_own, "YYY--Y" },
	{ "other school's summary", summary_other, "YY----" },
	{ "own school's named pupils", names_own, "YYY---" },
	{ "other school's named pupils", names_other, "YY----" },
	{ "named pupils at all (lists, cases)", named_pupils, "YYYYY-" },
	{ "a caseload, not a school, to start from", by_caseload, "---YY-" },
	{ "pupil at own school", pupil_own, "YYY---" },
	{ "pupil at other school", pupil_other, "YY----" },
	{ "caseload pupil (CIN, other school)", pupil_caseload, "YY-Y--" },
	{ "looked-after pupil (other school)", pupil_cla, "YY--Y-" },
	{ "dual-registered pupil (own and other school)", pupil_dual, "YYY---" },
	{ "list row of the dual pupil at own school", row_dual_own, "YYY---" },
	{ "list row of the dual pupil at other school", row_dual_other, "YY----" },
	{ "list row of the caseload pupil", row_caseload, "YY-Y--" },
	{ "list row of the looked-after pupil", row_cla, "YY--Y-" },
	{ "casework forms (open a case)", casework, "YYY---" },
	{ "change the case of a pupil at own school", change_own, "YYY---" },
	{ "change the case of a pupil at other school", change_other, "YY----" },
	{ "change the case of the caseload pupil", change_caseload, "YY----" },
	{ "change the case of the looked-after pupil", change_cla, "YY----" },
	{ "change the case of the dual pupil", change_dual, "YYY---" },
	{ "agree to legal action: pupil at own school", agree_own, "------" },
	{ "agree to legal action: caseload pupil", agree_caseload, "---Y--" },
	{ "agree to legal action: looked-after pupil", agree_cla, "----Y-" },
	{ "TSM pages", tsm, "YYY--Y" },
	{ "answer own school's TSM", tsm_answer_own, "YYY---" },
	{ "answer other school's TSM", tsm_answer_other, "YY----" },
	{ "offer, record a TSM and its actions", tsm_change, "YY----" },
	{ "name a school's officer", officer_assign, "Y-----" },
	{ "be named a school's officer", officer_eligible, "YY----" },
	{ "CME pages and referring", cme, "YYY---" },
	{ "CME referral at own school", cme_own, "YYY---" },
	{ "CME referral at other school", cme_other, "YY----" },
	{ "CME referral with no school", cme_no_school, "YY----" },
	{ "CME referral's next step", cme_change, "YY----" },
	{ "alert addressed to the viewer", alert_to_me, "YYYYYY" },
	{ "alert addressed to another user", alert_to_other_user, "Y-----" },
	{ "alert to the viewer's role", alert_to_my_role, "Y?????" },
	{ "alert to another role", alert_to_other_role, "Y-----" },
	{ "alert to a role not known", alert_to_unknown_role, "Y-----" },
	{ "audit log and users", admin, "Y-----" },
	{ "an account names its schools", needs_schools, "--Y--Y" },
	{ "an account names its caseload", needs_caseload, "---Y--" },
};

static char answer(int got)
{
	return got == ACCESS_IF_SUBJECT ? '?' : got ? 'Y' : '-';
}

static void test_matrix(void)
{
	for (size_t i = 0; i < COUNT(matrix); i++)
		for (int r = 0; r < ROLE_COUNT; r++) {
			char got = answer(matrix[i].check(&viewers[r]));

			ok(got == matrix[i].want[r], "%s: %s %s (got %c)",
			   matrix[i].object, role_name((enum role)r),
			   matrix[i].want[r] == 'Y' ? "yes" :
			   matrix[i].want[r] == '?' ? "if they see its subject" :
			   "no", got);
		}
}

/* The viewer's lists are searched, not assumed to hold one id. */
static void test_many_schools(void)
{
	int64_t schools[] = { 3, 5, 8, 13 }, kids[] = { 7, 9, 40 };
	struct viewer v = { 0 };
	int64_t at8[] = { 21, 8 };

	v.role = ROLE_SCHOOL;
	v.schools = schools;
	v.nr_schools = COUNT(schools);
	ok(access_school_pupils(&v, 13) && access_school_pupils(&v, 3) &&
	   !access_school_pupils(&v, 4) && !access_school_pupils(&v, 14),
	   "a school lead of four schools sees those four, and only those");
	ok(access_pupil(&v, 1, at8, 2, CARE_NONE),
	   "a pupil is seen when any enrolment is at one of the schools");
	v.role = ROLE_SOCIAL_WORKER;
	v.pupils = kids;
	v.nr_pupils = COUNT(kids);
	ok(access_pupil(&v, 40, NULL, 0, CARE_NONE) &&
	   !access_pupil(&v, 8, at8, 2, CARE_NONE),
	   "a social worker sees the caseload, whatever the schools");
	v.role = ROLE_VIRTUAL_SCHOOL;
	ok(access_pupil(&v, 500, NULL, 0, CARE_CLA) &&
	   !access_pupil(&v, 500, NULL, 0, CARE_CP) &&
	   !access_pupil(&v, 500, NULL, 0, CARE_UNKNOWN),
	   "the virtual school sees children looked after, not other care");
}

static void test_names(void)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		is_int(role_parse(role_name((enum role)r)), r,
		       "role %s reads back", role_name((enum role)r));
	is_int(role_parse("admin"), -1, "an unknown role is -1");
	is_str(role_name(ROLE_COUNT), "?", "role_name of no role is ?");
}

int main(void)
{
	viewers_init();
	test_matrix();
	test_many_schools();
	test_names();
	return tap_done();
}
