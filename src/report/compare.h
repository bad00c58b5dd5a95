#ifndef REPORT_COMPARE_H
#define REPORT_COMPARE_H

#include "core/measure.h"
#include "store/store.h"

/*
 * The authority against the DfE's published tables: national, its region,
 * its statistical neighbours, and its rank among all authorities, for the
 * five headline rates.  The authority's own figures are computed from its
 * registers; the others come from an imported DfE absence table
 * (`attend import` of the "absence by geography" CSV).
 */
enum compare_measure {
	COMPARE_OVERALL, COMPARE_AUTHORISED, COMPARE_UNAUTHORISED, COMPARE_PA,
	COMPARE_SA, COMPARE_MEASURES
};

struct compare_value {
	double value;
	int known;
};

struct comparison {
	int time_period;		/* the DfE period compared with, 202425 */
	char la_code[8];		/* 3-digit LA number */
	char la_name[64];
	char region[64];
	int nr_neighbours;		/* found in the table */
	struct compare_value ours[COMPARE_MEASURES];
	struct compare_value national[COMPARE_MEASURES];
	struct compare_value region_value[COMPARE_MEASURES];
	struct compare_value neighbours[COMPARE_MEASURES];	/* their mean */
	int rank[COMPARE_MEASURES];	/* 1 = lowest absence */
	int of[COMPARE_MEASURES];
};

const char *compare_measure_name(enum compare_measure m);

/*
 * Compares `ours` (the authority's headline tally) with DfE period
 * `time_period` (0: the latest imported).  The LA is config la_code, or
 * the LA number most schools' LAESTAB starts with; neighbours are config
 * statistical_neighbours (comma-separated LA numbers).
 */
int report_compare(struct store *st, const struct tally *ours, int time_period,
		   struct comparison *out, struct error *e);

#endif
