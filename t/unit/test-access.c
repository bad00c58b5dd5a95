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
 * and, today being 1 March 2025, pupils who moved between them (the
 * former-school rule, docs/casework.md):
 *
 *   LEAVER     left school 1 on 19 July 2024 (2023/24), at school 2 since
 *              4 September 2024: school 1 may see what it recorded until
 *              31 July 2025, the end of the year after it left (2024/25)
 *   OLD        left school 1 on 21 July 2023 (2022/23): school 1's time
 *              ran out on 31 July 2024
 *   JOINER     left school 2 on 19 July 2024, at school 1 since September
 *   LAST_DAY   leaves school 1 today, 1 March 2025: still on its roll
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
enum { OWN = 101, OTHER = 102, CASELOAD = 103, CLA = 104, DUAL = 105,
       LEAVER = 106, OLD = 107, JOINER = 108, LAST_DAY = 109 };

#define N DAY_NONE
static day_t today;	/* 2025-03-01 */

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
	struct access_enrolment schools[2];
	size_t nr;
	enum social_care care;
};

/* The dates, filled in by dates_init() (day_t is a day number). */
static struct child pupils[] = {
	{ OWN, { { OWN_SCHOOL, N, N } }, 1, CARE_NONE },
	{ OTHER, { { OTHER_SCHOOL, N, N } }, 1, CARE_NONE },
	{ CASELOAD, { { OTHER_SCHOOL, N, N } }, 1, CARE_CIN },
	{ CLA, { { OTHER_SCHOOL, N, N } }, 1, CARE_CLA },
	{ DUAL, { { OTHER_SCHOOL, N, N }, { OWN_SCHOOL, N, N } }, 2, CARE_NONE },
	{ LEAVER, { { OWN_SCHOOL, 0, 0 }, { OTHER_SCHOOL, 0, N } }, 2, CARE_NONE },
	{ OLD, { { OWN_SCHOOL, 0, 0 }, { OTHER_SCHOOL, 0, N } }, 2, CARE_NONE },
	{ JOINER, { { OWN_SCHOOL, 0, N }, { OTHER_SCHOOL, 0, 0 } }, 2, CARE_NONE },
	{ LAST_DAY, { { OWN_SCHOOL, 0, 0 } }, 1, CARE_NONE },
};

static void set(int64_t id, size_t i, day_t start, day_t end)
{
	for (size_t k = 0; k < COUNT(pupils); k++)
		if (pupils[k].id == id) {
			pupils[k].schools[i].start = start;
			pupils[k].schools[i].end = end;
		}
}

static void dates_init(void)
{
	today = date_from_ymd(2025, 3, 1);
	set(LEAVER, 0, date_from_ymd(2018, 9, 5), date_from_ymd(2024, 7, 19));
	set(LEAVER, 1, date_from_ymd(2024, 9, 4), N);
	set(OLD, 0, date_from_ymd(2017, 9, 6), date_from_ymd(2023, 7, 21));
	set(OLD, 1, date_from_ymd(2023, 9, 5), N);
	set(JOINER, 0, date_from_ymd(2024, 9, 4), N);
	set(JOINER, 1, date_from_ymd(2018, 9, 5), date_from_ymd(2024, 7, 19));
	set(LAST_DAY, 0, date_from_ymd(2019, 9, 4), today);
}

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
	return access_pupil(v, p->id, p->schools, p->nr, p->care, today);
}

static int change(const struct viewer *v, int64_t id)
{
	const struct child *p = child(id);
	return access_case_change(v, p->id, p->schools, p->nr, p->care, today);
}

static int agree(const struct viewer *v, int64_t id)
{
	const struct child *p = child(id);
	return access_legal_agree(v, p->id, p->schools, p->nr, p->care, today);
}

static int attendance(const struct viewer *v, int64_t id)
{
	const struct child *p = child(id);
	return access_pupil_attendance(v, p->id, p->schools, p->nr, p->care,
				       today);
}

/* The marks of the child's enrolment i. */
static int marks(const struct viewer *v, int64_t id, size_t i)
{
	const struct child *p = child(id);
	return access_pupil_enrolment(v, p->id, p->schools, p->nr, i, p->care,
				      today);
}

/* The child's row in a list, at their enrolment i. */
static int row(const struct viewer *v, int64_t id, size_t i)
{
	const struct child *p = child(id);
	return access_pupil_row(v, p->id, &p->schools[i], p->care, today);
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
static int row_dual_own(const struct viewer *v) { return row(v, DUAL, 1); }
static int row_dual_other(const struct viewer *v) { return row(v, DUAL, 0); }
static int row_caseload(const struct viewer *v) { return row(v, CASELOAD, 0); }
static int row_cla(const struct viewer *v) { return row(v, CLA, 0); }
/* the former-school rule */
static int pupil_leaver(const struct viewer *v) { return see(v, LEAVER); }
static int attendance_leaver(const struct viewer *v) { return attendance(v, LEAVER); }
static int marks_leaver_own(const struct viewer *v) { return marks(v, LEAVER, 0); }
static int marks_leaver_new(const struct viewer *v) { return marks(v, LEAVER, 1); }
static int row_leaver_own(const struct viewer *v) { return row(v, LEAVER, 0); }
static int row_leaver_new(const struct viewer *v) { return row(v, LEAVER, 1); }
static int change_leaver(const struct viewer *v) { return change(v, LEAVER); }
static int attendance_old(const struct viewer *v) { return attendance(v, OLD); }
static int marks_old_own(const struct viewer *v) { return marks(v, OLD, 0); }
static int row_old_own(const struct viewer *v) { return row(v, OLD, 0); }
static int pupil_joiner(const struct viewer *v) { return see(v, JOINER); }
static int marks_joiner_before(const struct viewer *v) { return marks(v, JOINER, 1); }
static int change_joiner(const struct viewer *v) { return change(v, JOINER); }
static int pupil_last_day(const struct viewer *v) { return see(v, LAST_DAY); }
static int change_last_day(const struct viewer *v) { return change(v, LAST_DAY); }
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
	{ "leaver's whole record and case (left own school)", pupil_leaver, "YY----" },
	{ "leaver's attendance page", attendance_leaver, "YYY---" },
	{ "leaver's marks at own school, recorded on its roll", marks_leaver_own, "YYY---" },
	{ "leaver's marks at the new school", marks_leaver_new, "YY----" },
	{ "leaver's list row at own school", row_leaver_own, "YYY---" },
	{ "leaver's list row at the new school", row_leaver_new, "YY----" },
	{ "change the leaver's case", change_leaver, "YY----" },
	{ "attendance page of a pupil who left over a year ago", attendance_old, "YY----" },
	{ "their marks at own school", marks_old_own, "YY----" },
	{ "their list row at own school", row_old_own, "YY----" },
	{ "joiner's record (now at own school)", pupil_joiner, "YYY---" },
	{ "joiner's marks at the school they left", marks_joiner_before, "YYY---" },
	{ "change the joiner's case", change_joiner, "YYY---" },
	{ "record of a pupil on their last day", pupil_last_day, "YYY---" },
	{ "change the case of a pupil on their last day", change_last_day, "YYY---" },
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
	struct access_enrolment at8[] = { { 21, N, N }, { 8, N, N } };

	v.role = ROLE_SCHOOL;
	v.schools = schools;
	v.nr_schools = COUNT(schools);
	ok(access_school_pupils(&v, 13) && access_school_pupils(&v, 3) &&
	   !access_school_pupils(&v, 4) && !access_school_pupils(&v, 14),
	   "a school lead of four schools sees those four, and only those");
	ok(access_pupil(&v, 1, at8, 2, CARE_NONE, today),
	   "a pupil is seen when any enrolment is at one of the schools");
	v.role = ROLE_SOCIAL_WORKER;
	v.pupils = kids;
	v.nr_pupils = COUNT(kids);
	ok(access_pupil(&v, 40, NULL, 0, CARE_NONE, today) &&
	   !access_pupil(&v, 8, at8, 2, CARE_NONE, today),
	   "a social worker sees the caseload, whatever the schools");
	v.role = ROLE_VIRTUAL_SCHOOL;
	ok(access_pupil(&v, 500, NULL, 0, CARE_CLA, today) &&
	   !access_pupil(&v, 500, NULL, 0, CARE_CP, today) &&
	   !access_pupil(&v, 500, NULL, 0, CARE_UNKNOWN, today),
	   "the virtual school sees children looked after, not other care");
}

/*
 * The former school's time, at its edges.  Left on 19 July 2024 (academic
 * year 2023/24): the year after is 2024/25, which ends on 31 July 2025.
 * Left on 31 July 2024, the last day of 2023/24: the same.  Left on
 * 1 August 2024, the first day of 2024/25: until 31 July 2026.
 */
static void test_former_dates(void)
{
	struct viewer v = { 0 };
	int64_t school = 1;
	struct access_enrolment en = { 1, date_from_ymd(2018, 9, 5),
				       date_from_ymd(2024, 7, 19) };

	v.role = ROLE_SCHOOL;
	v.schools = &school;
	v.nr_schools = 1;
	is_int(access_former_until(date_from_ymd(2024, 7, 19)),
	       date_from_ymd(2025, 7, 31), "left 19 July 2024: until 31 July 2025");
	is_int(access_former_until(date_from_ymd(2024, 7, 31)),
	       date_from_ymd(2025, 7, 31), "left 31 July 2024: until 31 July 2025");
	is_int(access_former_until(date_from_ymd(2024, 8, 1)),
	       date_from_ymd(2026, 7, 31), "left 1 August 2024: until 31 July 2026");
	ok(access_enrolment_current(&en, date_from_ymd(2024, 7, 19)) &&
	   !access_enrolment_current(&en, date_from_ymd(2024, 7, 20)),
	   "on the roll on the day of leaving, not the day after");
	ok(access_pupil_row(&v, 1, &en, CARE_NONE, date_from_ymd(2025, 7, 31)),
	   "the former school sees its row on 31 July 2025");
	ok(!access_pupil_row(&v, 1, &en, CARE_NONE, date_from_ymd(2025, 8, 1)),
	   "and not on 1 August 2025");
	ok(!access_pupil(&v, 1, &en, 1, CARE_NONE, date_from_ymd(2024, 7, 20)),
	   "nor the whole record, from the day after leaving");
	en.end = DAY_NONE;
	en.start = date_from_ymd(2025, 9, 3);
	ok(access_pupil(&v, 1, &en, 1, CARE_NONE, date_from_ymd(2025, 3, 1)),
	   "a school sees a pupil due to join it (start in the future)");
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
	dates_init();
	test_matrix();
	test_former_dates();
	test_many_schools();
	test_names();
	return tap_done();
}
