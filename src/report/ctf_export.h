#ifndef REPORT_CTF_EXPORT_H
#define REPORT_CTF_EXPORT_H

#include <stdio.h>

#include "store/store.h"

/*
 * A Common Transfer File of attendance, as a school sends one when pupils
 * move on (transition) and as attend reads them (see
 * src/ingest/import_ctf.c for the format): the source school's header,
 * and for each pupil their identity, FSM, SEN and care status, postcode,
 * and each academic year's marks as a mark string with its start date
 * and the year's totals.
 */
struct ctf_export {
	int32_t urn;		/* the source school */
	const char *upn;	/* one pupil, or NULL for the whole roll */
	int first_year, last_year;	/* academic years to include */
	int32_t dest_laestab;	/* the destination, or 0 if not known */
};

/* Writes the CTF to out; ERROR_INPUT if the school or pupil is unknown. */
int ctf_export_write(struct store *st, const struct ctf_export *x, FILE *out,
		     struct error *e);

#endif
