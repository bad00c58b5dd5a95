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

bool access_pupil(const struct viewer *v, int64_t pupil_id,
		  const int64_t *school_ids, size_t nr_schools,
		  enum social_care care)
{
	switch (v->role) {
	case ROLE_LA_LEAD:
	case ROLE_LA_OFFICER:
		return true;
	case ROLE_SCHOOL:
		for (size_t i = 0; i < nr_schools; i++)
			if (has(v->schools, v->nr_schools, school_ids[i]))
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

bool access_admin(const struct viewer *v)
{
	return v->role == ROLE_LA_LEAD;
}
