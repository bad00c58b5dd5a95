/* Which pupils the system proposes for a case (proposal.h). */
#include "core/proposal.h"

#include <stdlib.h>
#include <string.h>

void proposal_rule_default(struct proposal_rule *r)
{
	r->band = BAND_PA;
	r->rising_points = 3;
	r->vulnerable = true;
}

static const char *const ground_names[PROPOSAL_GROUND_COUNT] = {
	"", "band", "rising", "vulnerable",
};

const char *proposal_ground_name(enum proposal_ground g)
{
	return (unsigned)g < PROPOSAL_GROUND_COUNT ? ground_names[g] : "";
}

int proposal_ground_parse(const char *s)
{
	for (int g = 1; s && g < PROPOSAL_GROUND_COUNT; g++)
		if (!strcmp(s, ground_names[g]))
			return g;
	return -1;
}

/* Did the rate absent/possible rise by at least k points from before? */
static bool rose(const struct measure *before, const struct measure *now,
		 unsigned k)
{
	int64_t a0 = measure_absent(before), p0 = before->possible;
	int64_t a1 = measure_absent(now), p1 = now->possible;

	return 100 * a1 * p0 - 100 * a0 * p1 >= (int64_t)k * p0 * p1;
}

enum proposal_ground proposal_check(const struct proposal_rule *r,
				    const struct proposal_pupil *p)
{
	enum band now = band_of(measure_absent(&p->now), p->now.possible);

	if (now == BAND_NONE)
		return PROPOSAL_NONE;
	if (r->band != BAND_NONE && now >= r->band)
		return PROPOSAL_BAND;
	if (now < BAND_AT_RISK_PA)
		return PROPOSAL_NONE;
	if (r->rising_points && p->before.possible >= PROPOSAL_MIN_POSSIBLE &&
	    rose(&p->before, &p->now, r->rising_points))
		return PROPOSAL_RISING;
	if (r->vulnerable && (p->care == CARE_CIN || p->care == CARE_CP ||
			      p->care == CARE_CLA || p->sen == SEN_EHCP))
		return PROPOSAL_VULNERABLE;
	return PROPOSAL_NONE;
}

int proposal_band_parse(const char *s, enum band *out, struct error *e)
{
	static const enum band bands[] = {
		BAND_NONE, BAND_AT_RISK_PA, BAND_PA, BAND_AT_RISK_SA, BAND_SA,
	};

	for (size_t i = 0; s && i < sizeof(bands) / sizeof(bands[0]); i++)
		if (!strcmp(s, band_name(bands[i]))) {
			*out = bands[i];
			return 0;
		}
	return error_set(e, ERROR_INPUT, "proposal_band: '%s' is not one of "
			 "at_risk_pa, pa, at_risk_sa, sa, none", s ? s : "");
}

int proposal_points_parse(const char *s, unsigned *out, struct error *e)
{
	size_t n = s ? strspn(s, "0123456789") : 0;

	if (n < 1 || n > 3 || s[n] || atoi(s) > 100)
		return error_set(e, ERROR_INPUT, "proposal_rising_points: '%s' "
				 "is not a number of percentage points from 0 "
				 "(off) to 100", s ? s : "");
	*out = (unsigned)atoi(s);
	return 0;
}

int proposal_yes_no_parse(const char *s, bool *out, struct error *e)
{
	if (s && (!strcmp(s, "yes") || !strcmp(s, "no"))) {
		*out = !strcmp(s, "yes");
		return 0;
	}
	return error_set(e, ERROR_INPUT, "proposal_vulnerable: '%s' is not "
			 "yes or no", s ? s : "");
}
