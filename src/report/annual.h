#ifndef REPORT_ANNUAL_H
#define REPORT_ANNUAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/measure.h"
#include "report/compare.h"
#include "report/report.h"

/*
 * The authority's reports (issue 6): the annual attendance report (with a
 * public version, small numbers suppressed), progress against the KPIs,
 * the code-consistency audit, the dip sample of registers, the weekly
 * report of children looked after not attending, and the register days
 * the alerts work from.  Plain structs out; the CLI (cli_reports.c) and
 * the web pages format them.  Every *rows is malloc'd: free() it.
 */

/* ---- the annual report ------------------------------------------------- */

/* The counts of a row that suppression may hide. */
enum annual_cell {
	CELL_ENROLMENTS,
	CELL_EXPECTED, CELL_AT_RISK_PA, CELL_BAND_PA, CELL_AT_RISK_SA,
	CELL_SA,		/* the SA band: SA enrolments */
	CELL_PA,		/* PA enrolments: band PA + at risk of SA + SA */
	CELL_COUNT
};

struct annual_row {
	char section[24];	/* "authority", "phase", "fsm", "school" ... */
	char group[144];	/* "all pupils", "primary", "eligible", "100001 Oak" */
	struct tally t;
	uint64_t cell[CELL_COUNT];
	bool hidden[CELL_COUNT];	/* public: shown as "c" */
	bool rates_hidden;	/* public: the rates would give a hidden count away */
};

struct annual_report {
	int year;
	struct period period;
	bool is_public;
	struct annual_row *rows;	/* authority first, then by section */
	size_t nr_rows;
	size_t primary, secondary;	/* cells hidden by each rule */
	bool compared;		/* a DfE table was imported */
	struct comparison cmp;
	int neighbour_rank, neighbour_of;	/* overall absence, 0 if unknown */
};

/*
 * Academic year `year` (to the latest mark if that falls inside it),
 * pupils of compulsory school age, as published.  With is_public, counts
 * of 1 to 5 pupils are hidden, and then as many more cells as it takes
 * for none to be recovered by subtraction (core/annual.h).
 */
int report_annual(struct store *st, int year, bool is_public,
		  struct annual_report *out, struct error *e);
void annual_report_release(struct annual_report *r);

/*
 * The authority's rank for overall absence among itself and its
 * statistical neighbours (config statistical_neighbours) in DfE period
 * time_period: *rank 1 is the lowest absence; *of 0 when not known.
 */
int report_neighbour_rank(struct store *st, int time_period, double ours,
			  int *rank, int *of, struct error *e);

/* ---- KPIs -------------------------------------------------------------- */

struct kpi_row {
	char kpi[64];		/* "attendance_pct", "sa_pct" ... */
	char group[32];		/* "all pupils", "CLA", "EHCP" ... */
	bool lower_is_better;
	bool is_rank;		/* values are ranks (of `of`), not hundredths */
	bool known[2];		/* [0] last year, [1] this year */
	int64_t value[2];	/* hundredths of a percent, or a rank */
	int of[2];
};

/* Year `year` against year - 1. */
int report_kpi(struct store *st, int year, struct kpi_row **rows, size_t *nr,
	       struct error *e);

/* ---- the code-consistency audit ------------------------------------------- */

struct code_audit_row {
	int32_t urn;
	char name[128];
	const char *code;	/* from code_table */
	uint64_t sessions;	/* of this code at the school */
	uint64_t not_present;	/* the school's sessions not present in school */
	uint64_t others_sessions, others_not_present;	/* every other school */
	bool outlier;		/* code_share_outlier() */
};

/*
 * Each school's share of each code among the sessions its pupils were not
 * present in school (absences and approved off-site activity, so B is
 * audited beside N and O), against the rest of the authority, over the
 * period.  Rows for every code a school used, by URN then code order.
 */
int report_codes(struct store *st, const struct period *p,
		 struct code_audit_row **rows, size_t *nr, struct error *e);

/* ---- the dip sample ------------------------------------------------------ */

#define DIP_FLAGGED_WEIGHT 3

struct dip_row {
	int32_t urn;
	char name[128];
	day_t day;
	enum session session;
	bool flagged;		/* the school has an outlier in the codes audit */
	unsigned on_roll, missing, n, o, b, late;
	char check[320];	/* what the auditor should check */
};

/*
 * `count` registers (school x day x session) taken in the period, drawn
 * without replacement, a flagged school's registers DIP_FLAGGED_WEIGHT
 * times as likely as another's; the same seed and store give the same
 * draw.  By URN, day, session.
 */
int report_dip_sample(struct store *st, const struct period *p, uint64_t seed,
		      size_t count, struct dip_row **rows, size_t *nr,
		      struct error *e);

/* ---- children looked after not attending ---------------------------------- */

struct cla_week_row {
	int64_t pupil_id, school_id;
	char upn[14];
	char name[130];
	int32_t urn;
	char school[128];
	struct measure m;	/* over the week */
	char missed[320];	/* "Mon 06 AM N, Mon 06 PM N, ..." */
};

/*
 * Children looked after with any absence in the Monday-Sunday week
 * starting `monday`, with the sessions they missed; by URN then UPN.
 */
int report_cla_weekly(struct store *st, day_t monday, struct cla_week_row **rows,
		      size_t *nr, struct error *e);

/* ---- register days ------------------------------------------------------- */

/*
 * For each school id (0..*max_id), the latest day on or before as_of, in
 * as_of's academic year, on which any of its pupils has a mark, or
 * DAY_NONE.  *days is malloc'd.
 */
int report_register_days(struct store *st, day_t as_of, day_t **days,
			 int64_t *max_id, struct error *e);

#endif
