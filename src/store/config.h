#ifndef STORE_CONFIG_H
#define STORE_CONFIG_H

#include <stddef.h>

#include "store/store.h"
#include "util/error.h"

/*
 * The settings an authority makes once and the store keeps (in its meta
 * table, as config.KEY): la_code, its 3-digit LA number;
 * statistical_neighbours, theirs, comma-separated; and the retention
 * periods, in years (report/retention.h): retention_registers_years,
 * retention_casework_years, retention_audit_years; and the rule that
 * proposes cases (core/proposal.h): proposal_band,
 * proposal_rising_points, proposal_vulnerable.
 */

/* The setting's value in out (n bytes); -1 if it is not set. */
int config_get(struct store *st, const char *key, char *out, size_t n);
/* Sets a known key to a valid value: ERROR_USAGE or ERROR_INPUT if not. */
int config_set(struct store *st, const char *key, const char *value,
	       struct error *e);
/* The authority's proposal rule: the defaults where nothing is set. */
struct proposal_rule;
int config_proposal_rule(struct store *st, struct proposal_rule *r,
			 struct error *e);
/* The keys config_set accepts, with their help text; { NULL, NULL } ends. */
extern const char *const config_keys[][2];

#endif
