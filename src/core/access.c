#include "core/access.h"

#include <string.h>

static const char *const names[ROLE_COUNT] = {
	"la_lead", "la_officer", "school", "social_worker", "virtual_school",
	"governor",
};

static const char *const labels[ROLE_COUNT] = {
	"LA attendance lead", "LA attendance officer", "School attendance lead",
	"Social worker", "Virtual school head", "Governor (read-only)",
};

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? names[r] : "?";
}

const char *role_label(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? labels[r] : "?";
}

int role_parse(const char *s)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (!strcmp(s, names[r]))
			return r;
	return -1;
}

bool role_needs_schools(enum role r)
{
	return r == ROLE_SCHOOL || r == ROLE_GOVERNOR;
}

bool role_needs_caseload(enum role r)
{
	return r == ROLE_SOCIAL_WORKER;
}

static bool has(const int64_t *list, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (list[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && list[lo] == id;
}

bool access_authority(const struct viewer *v)
{
	return v->role == ROLE_LA_LEAD || v->role == ROLE_LA_OFFICER;
}

bool access_school_summary(const struct viewer *v, int64_t school_id)
{
	if (access_authority(v))
		return true;
	return (v->role == ROLE_SCHOOL || v->role == ROLE_GOVERNOR) &&
	       has(v->schools, v->nr_schools, school_id);
}

bool access_school_pupils(const struct viewer *v, int64_t school_id)
{
	if (access_authority(v))
		return true;
	return v->role == ROLE_SCHOOL && has(v->schools, v->nr_schools, school_id);
}

bool access_enrolment_current(const struct access_enrolment *en, day_t today)
{
	return en->end == DAY_NONE || en->end >= today;
}

day_t access_former_until(day_t end)
{
	return academic_year_end(academic_year_of(end) + 1);
}

/* Is en one of v's schools' (a school lead's), current or not? */
static bool own_school(const struct viewer *v, const struct access_enrolment *en)
{
	return v->role == ROLE_SCHOOL && has(v->schools, v->nr_schools,
					     en->school_id);
}

bool access_pupil(const struct viewer *v, int64_t pupil_id,
		  const struct access_enrolment *en, size_t nr,
		  enum social_care care, day_t today)
{
	switch (v->role) {
	case ROLE_LA_LEAD:
	case ROLE_LA_OFFICER:
		return true;
	case ROLE_SCHOOL:
		for (size_t i = 0; i < nr; i++)
			if (own_school(v, &en[i]) &&
			    access_enrolment_current(&en[i], today))
				return true;
		return false;
	case ROLE_SOCIAL_WORKER:
		return has(v->pupils, v->nr_pupils, pupil_id);
	case ROLE_VIRTUAL_SCHOOL:
		return care == CARE_CLA;
	default:
		return false;
	}
}

bool access_named_pupils(const struct viewer *v)
{
	return v->role != ROLE_GOVERNOR;
}

bool access_caseload(const struct viewer *v)
{
	return v->role == ROLE_SOCIAL_WORKER || v->role == ROLE_VIRTUAL_SCHOOL;
}

bool access_pupil_enrolment(const struct viewer *v, int64_t pupil_id,
			    const struct access_enrolment *en, size_t nr,
			    size_t i, enum social_care care, day_t today)
{
	if (access_pupil(v, pupil_id, en, nr, care, today))
		return true;
	return i < nr && own_school(v, &en[i]) &&
	       !access_enrolment_current(&en[i], today) &&
	       today <= access_former_until(en[i].end);
}

bool access_pupil_attendance(const struct viewer *v, int64_t pupil_id,
			     const struct access_enrolment *en, size_t nr,
			     enum social_care care, day_t today)
{
	for (size_t i = 0; i < nr; i++)
		if (access_pupil_enrolment(v, pupil_id, en, nr, i, care, today))
			return true;
	return access_pupil(v, pupil_id, en, nr, care, today);
}

bool access_pupil_row(const struct viewer *v, int64_t pupil_id,
		      const struct access_enrolment *row,
		      enum social_care care, day_t today)
{
	return access_pupil_enrolment(v, pupil_id, row, 1, 0, care, today);
}

bool access_casework(const struct viewer *v)
{
	return access_authority(v) || v->role == ROLE_SCHOOL;
}

bool access_case_change(const struct viewer *v, int64_t pupil_id,
			const struct access_enrolment *en, size_t nr,
			enum social_care care, day_t today)
{
	return access_casework(v) &&
	       access_pupil(v, pupil_id, en, nr, care, today);
}

bool access_legal_agree(const struct viewer *v, int64_t pupil_id,
			const struct access_enrolment *en, size_t nr,
			enum social_care care, day_t today)
{
	return access_caseload(v) &&
	       access_pupil(v, pupil_id, en, nr, care, today);
}

bool access_tsm(const struct viewer *v)
{
	return access_authority(v) || v->role == ROLE_SCHOOL ||
	       v->role == ROLE_GOVERNOR;
}

bool access_tsm_answer(const struct viewer *v, int64_t school_id)
{
	return access_school_pupils(v, school_id);
}

bool access_officer_assign(const struct viewer *v)
{
	return v->role == ROLE_LA_LEAD;
}

bool access_officer_eligible(const struct viewer *v)
{
	return access_authority(v);
}

bool access_cme(const struct viewer *v)
{
	return access_casework(v);
}

bool access_upload(const struct viewer *v, int64_t school_id)
{
	if (access_authority(v))
		return true;
	return school_id && v->role == ROLE_SCHOOL &&
	       has(v->schools, v->nr_schools, school_id);
}

bool access_upload_any(const struct viewer *v)
{
	return access_authority(v) || (v->role == ROLE_SCHOOL && v->nr_schools);
}

bool access_cme_referral(const struct viewer *v, int64_t school_id)
{
	return access_authority(v) ||
	       (school_id && access_school_pupils(v, school_id));
}

enum access_answer access_alert(const struct viewer *v, int64_t target_user,
				int target_role)
{
	if (v->role == ROLE_LA_LEAD)
		return ACCESS_YES;
	if (target_user)
		return target_user == v->user_id ? ACCESS_YES : ACCESS_NO;
	return target_role == (int)v->role ? ACCESS_IF_SUBJECT : ACCESS_NO;
}

bool access_admin(const struct viewer *v)
{
	return v->role == ROLE_LA_LEAD;
}
