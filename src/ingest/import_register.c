/* The register file: upn,urn,date,session,code, one row per session. */
#include <string.h>

#include "core/upn.h"
#include "ingest/import_internal.h"

enum { RG_UPN, RG_URN, RG_DATE, RG_SESSION, RG_CODE };

/* Dates repeat on consecutive rows; parse each distinct text once. */
struct date_memo {
	char text[10];
	day_t day;
	int year;		/* the day's academic year */
	day_t year_start;	/* and its 1 August */
	int valid;
};

static int row_date(const struct import_file *f, struct csv_field v,
		    struct date_memo *memo, struct error *e)
{
	if (memo->valid && v.len == 10 && !memcmp(memo->text, v.p, 10))
		return 0;
	memo->valid = 0;
	if (parse_date(f, v, "date", &memo->day, e))
		return -1;
	memo->year = academic_year_of(memo->day);
	memo->year_start = academic_year_start(memo->year);
	memcpy(memo->text, v.p, 10);
	memo->valid = 1;
	return 0;
}

static int row_session(const struct import_file *f, struct csv_field v,
		       enum session *s, struct error *e)
{
	if (v.len == 2 && (v.p[0] == 'A' || v.p[0] == 'a') &&
	    (v.p[1] == 'M' || v.p[1] == 'm'))
		*s = SESSION_AM;
	else if (v.len == 2 && (v.p[0] == 'P' || v.p[0] == 'p') &&
		 (v.p[1] == 'M' || v.p[1] == 'm'))
		*s = SESSION_PM;
	else
		return error_at(e, f->name, f->csv.row_line, "session",
				"'%.*s' is neither AM nor PM",
				(int)(v.len > 20 ? 20 : v.len), v.p);
	return 0;
}

int import_register(struct importer *im, struct import_file *f,
		    struct import_summary *sum, struct error *e)
{
	struct marks_table table = MARKS_TABLE_INIT;
	struct date_memo memo = { .valid = 0 };
	struct mark_source at = { f->name, 0, "date", "code", 0 };
	const struct roll_entry *last = NULL;
	char upn[14] = "";
	int32_t last_urn = 0;
	int rc;

	if (import_roll_load(im, e))
		return -1;
	while ((rc = import_next_row(f, e)) > 0) {
		struct csv_field upn_field = row_field(f, RG_UPN);
		struct csv_field code = row_field(f, RG_CODE);
		const struct roll_entry *en;
		int32_t urn;
		enum session s = SESSION_AM;
		mark_t m;

		if (parse_urn(f, row_field(f, RG_URN), "urn", &urn, e))
			break;
		/* Rows come pupil by pupil: the last row's pupil, if the same. */
		if (last_urn == urn && upn_field.len == UPN_LEN &&
		    !memcmp(upn, upn_field.p, UPN_LEN)) {
			en = last;
		} else {
			if (parse_upn(f, upn_field, upn, e) ||
			    import_enrolment_lookup(im, f, upn, urn, &en, e)) {
				upn[0] = '\0';
				rc = -1;
				break;
			}
			last = en;
			last_urn = urn;
		}
		at.line = f->csv.row_line;
		if (row_date(f, row_field(f, RG_DATE), &memo, e) ||
		    row_session(f, row_field(f, RG_SESSION), &s, e) ||
		    (memo.day > im->today &&
		     import_mark_future(&at, im->today, 0, memo.day, s, code.p,
					code.len, 0, e)) ||
		    import_mark_check(&at, en, memo.day, s, code.p, code.len, &m,
				      e) ||
		    (import_quality_mark(im, urn, upn, memo.day, s, m, at.line), 0) ||
		    (en ? import_mark_apply(im, &table, f->import_id,
					    en->enrolment_id, memo.year,
					    2 * (memo.day - memo.year_start) +
					    (int)s, m, &at, sum, e) :
		     import_hold(im, f, &at, upn, urn, memo.day, s, m, sum, e))) {
			rc = -1;
			break;
		}
	}
	if (!rc)
		return import_marks_finish(im, &table, e);
	import_marks_release(&table);
	return rc;
}
