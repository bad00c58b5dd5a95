/* The authority's settings, kept in the store's meta table (config.h). */
#include "store/config.h"

#include "core/proposal.h"

#include <stdio.h>
#include <string.h>

const char *const config_keys[][2] = {
	{ "la_code", "the authority's 3-digit LA number (default: from the "
	  "schools' LAESTAB)" },
	{ "statistical_neighbours", "comma-separated LA numbers of the "
	  "authority's statistical neighbours" },
	{ "retention_registers_years", "years a pupil's register marks are "
	  "kept after they left (default 6; attend retention apply)" },
	{ "retention_casework_years", "years a pupil's casework is kept after "
	  "they left (default 6)" },
	{ "retention_audit_years", "years an audit entry is kept (default 6)" },
	{ "proposal_band", "propose a case for pupils in this band or worse: "
	  "at_risk_pa, pa (default), at_risk_sa, sa or none" },
	{ "proposal_rising_points", "propose a case for pupils at risk of PA or "
	  "worse whose absence rose this many percentage points in a week "
	  "(default 3; 0: off)" },
	{ "proposal_vulnerable", "propose a case for pupils at risk of PA or "
	  "worse with a social worker or an EHCP: yes (default) or no" },
	{ NULL, NULL },
};

static int key_known(const char *key)
{
	for (int i = 0; config_keys[i][0]; i++)
		if (!strcmp(config_keys[i][0], key))
			return 1;
	return 0;
}

int config_get(struct store *st, const char *key, char *out, size_t n)
{
	char k[64];

	snprintf(k, sizeof(k), "config.%s", key);
	return store_meta_get(st, k, out, n);
}

static int valid_la_list(const char *v, int many)
{
	int digits = 0, items = 0;

	for (const char *p = v;; p++) {
		if (*p >= '0' && *p <= '9') {
			digits++;
			continue;
		}
		if (digits != 3)
			return 0;
		items++;
		digits = 0;
		if (!*p)
			break;
		if (*p != ',' || !many)
			return 0;
	}
	return items > 0;
}

/* A number of years, 1 to 99. */
static int valid_years(const char *v)
{
	size_t n = strspn(v, "0123456789");

	return n >= 1 && n <= 2 && !v[n] && strcmp(v, "0") && strcmp(v, "00");
}

int config_set(struct store *st, const char *key, const char *value,
	       struct error *e)
{
	char k[64];

	if (!key_known(key))
		return error_set(e, ERROR_USAGE, "'%s' is not a setting", key);
	if (!strncmp(key, "proposal_", 9)) {
		struct proposal_rule r;

		if (!strcmp(key, "proposal_band") ?
		    proposal_band_parse(value, &r.band, e) :
		    !strcmp(key, "proposal_rising_points") ?
		    proposal_points_parse(value, &r.rising_points, e) :
		    proposal_yes_no_parse(value, &r.vulnerable, e))
			return -1;
	} else if (!strncmp(key, "retention_", 10)) {
		if (!valid_years(value))
			return error_set(e, ERROR_INPUT, "%s: '%s' is not a number "
					 "of years (1 to 99)", key, value);
	} else if (!valid_la_list(value, !strcmp(key, "statistical_neighbours")))
		return error_set(e, ERROR_INPUT, "%s: '%s' is not %s", key, value,
				 strcmp(key, "la_code") ? "a comma-separated list "
				 "of 3-digit LA numbers" : "a 3-digit LA number");
	snprintf(k, sizeof(k), "config.%s", key);
	return store_meta_set(st, k, value, e);
}

int config_proposal_rule(struct store *st, struct proposal_rule *r,
			 struct error *e)
{
	char v[32];

	proposal_rule_default(r);
	if (!config_get(st, "proposal_band", v, sizeof(v)) &&
	    proposal_band_parse(v, &r->band, e))
		return -1;
	if (!config_get(st, "proposal_rising_points", v, sizeof(v)) &&
	    proposal_points_parse(v, &r->rising_points, e))
		return -1;
	if (!config_get(st, "proposal_vulnerable", v, sizeof(v)) &&
	    proposal_yes_no_parse(v, &r->vulnerable, e))
		return -1;
	return 0;
}
