/* The register file: upn,urn,date,session,code, one row per session. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/upn.h"
#include "ingest/import_internal.h"
#include "util/strbuf.h"

enum { RG_UPN, RG_URN, RG_DATE, RG_SESSION, RG_CODE };

/* ---- marks as an import changes them (shared with the CTF importer) ---- */

struct year_marks {
	int64_t enrolment_id;
	int year;
	int dirty;
	mark_t mark[YEAR_SLOTS_MAX];
	uint8_t set[YEAR_SLOTS_MAX / 8];	/* slots this file has given */
};

static uint64_t key_hash(int64_t enrolment_id, int year)
{
	uint64_t h = (uint64_t)enrolment_id * 0x9E3779B97F4A7C15ULL ^
		     (uint64_t)year * 0xC2B2AE3D27D4EB4FULL;
	return h ^ (h >> 32);
}

static void table_grow(struct marks_table *t)
{
	size_t size = t->slot ? 2 * (t->mask + 1) : 1024;

	free(t->slot);
	t->slot = xcalloc(size, sizeof(*t->slot));
	t->mask = size - 1;
	for (size_t n = 0; n < t->nr; n++) {
		struct year_marks *y = t->all[n];
		size_t i = key_hash(y->enrolment_id, y->year) & t->mask;
		while (t->slot[i])
			i = (i + 1) & t->mask;
		t->slot[i] = y;
	}
}

static struct year_marks *table_get(struct importer *im, struct marks_table *t,
				    int64_t enrolment_id, int year,
				    struct error *e)
{
	struct year_marks *y = t->last;
	size_t i;

	if (y && y->enrolment_id == enrolment_id && y->year == year)
		return y;
	if (!t->slot || 2 * (t->nr + 1) > t->mask + 1) {
		table_grow(t);
		t->all = xrealloc(t->all, (t->mask + 1) * sizeof(*t->all));
	}
	i = key_hash(enrolment_id, year) & t->mask;
	while ((y = t->slot[i])) {
		if (y->enrolment_id == enrolment_id && y->year == year)
			return t->last = y;
		i = (i + 1) & t->mask;
	}
	y = xcalloc(1, sizeof(*y));
	y->enrolment_id = enrolment_id;
	y->year = year;
	if (store_marks_load(im->st, year, enrolment_id, y->mark, e)) {
		free(y);
		return NULL;
	}
	t->slot[i] = y;
	t->all[t->nr++] = y;
	return t->last = y;
}

int import_mark_apply(struct importer *im, struct marks_table *t,
		      int64_t import_id, int64_t enrolment_id, int year,
		      int slot, mark_t m, struct import_summary *sum,
		      mark_t *earlier, struct error *e)
{
	struct year_marks *y = table_get(im, t, enrolment_id, year, e);

	if (!y)
		return -1;
	if (y->set[slot / 8] & (1u << (slot % 8))) {
		if (y->mark[slot] == m)
			return 0;	/* repeated, same code */
		*earlier = y->mark[slot];
		return 1;
	}
	y->set[slot / 8] |= (uint8_t)(1u << (slot % 8));
	if (year > t->latest_year ||
	    (year == t->latest_year && slot > t->latest_slot)) {
		t->latest_year = year;
		t->latest_slot = slot;
	}
	if (y->mark[slot] == m) {
		sum->marks_unchanged++;
		return 0;
	}
	if (y->mark[slot] == MARK_MISSING) {
		sum->marks_added++;
	} else {
		sum->marks_changed++;
		if (store_history_add(im->st, enrolment_id, slot_day(year, slot),
				      slot_session(slot), y->mark[slot], m,
				      import_id, e))
			return -1;
	}
	y->mark[slot] = m;
	y->dirty = 1;
	return 0;
}

int import_marks_flush(struct importer *im, struct marks_table *t,
		       struct error *e)
{
	int rc = 0;

	for (size_t n = 0; n < t->nr && !rc; n++) {
		struct year_marks *y = t->all[n];
		if (y->dirty)
			rc = store_marks_save(im->st, y->year, y->enrolment_id,
					      y->mark, (size_t)academic_year_slots(y->year), e);
	}
	for (size_t n = 0; n < t->nr; n++)
		free(t->all[n]);
	if (t->slot)
		memset(t->slot, 0, (t->mask + 1) * sizeof(*t->slot));
	t->nr = 0;
	t->last = NULL;
	return rc;
}

int import_marks_finish(struct importer *im, struct marks_table *t,
			struct error *e)
{
	int rc = import_marks_flush(im, t, e);

	if (!rc && t->latest_slot >= 0) {
		day_t day = slot_day(t->latest_year, t->latest_slot), had;
		char old[32], latest[11];

		date_format(day, latest);
		if (store_meta_get(im->st, "latest_mark", old, sizeof(old)) ||
		    date_parse(old, strlen(old), &had) || had < day)
			rc = store_meta_set(im->st, "latest_mark", latest, e);
	}
	import_marks_release(t);
	return rc;
}

void import_marks_release(struct marks_table *t)
{
	for (size_t n = 0; n < t->nr; n++)
		free(t->all[n]);
	free(t->all);
	free(t->slot);
	memset(t, 0, sizeof(*t));
	t->latest_slot = -1;
}

/* ---- the register file --------------------------------------------------- */

/* Dates repeat on consecutive rows; parse each distinct text once. */
struct date_memo {
	char text[10];
	day_t day;
	int valid;
};

static int row_date(const struct import_file *f, struct csv_field v,
		    struct date_memo *memo, day_t *day, struct error *e)
{
	int year;

	if (memo->valid && v.len == 10 && !memcmp(memo->text, v.p, 10)) {
		*day = memo->day;
		return 0;
	}
	if (parse_date(f, v, "date", day, e))
		return -1;
	year = academic_year_of(*day);
	if (year < ACADEMIC_YEAR_MIN || year > ACADEMIC_YEAR_MAX)
		return error_at(e, f->name, f->csv.row_line, "date",
				"%.*s is outside the academic years attend holds "
				"(2000/01 to 2098/99)", (int)v.len, v.p);
	memcpy(memo->text, v.p, 10);
	memo->day = *day;
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

static int within_enrolment(const struct import_file *f,
			    const struct roll_entry *en, day_t day,
			    struct error *e)
{
	char a[11], b[11];

	if (enrolment_covers(en, day))
		return 0;
	enrolment_dates(en, a, b);
	return error_at(e, f->name, f->csv.row_line, "date",
			"outside the pupil's enrolment at school %06d (%s to %s)",
			en->urn, a, b);
}

int import_register(struct importer *im, struct import_file *f,
		    int64_t import_id, struct import_summary *sum,
		    struct error *e)
{
	struct marks_table table = MARKS_TABLE_INIT;
	struct date_memo memo = { .valid = 0 };
	const struct roll_entry *last = NULL;
	int rc;

	if (import_roll_load(im, e))
		return -1;
	while ((rc = import_next_row(f, e)) > 0) {
		struct csv_field upn_field = row_field(f, RG_UPN);
		struct csv_field code = row_field(f, RG_CODE);
		const struct roll_entry *en;
		char upn[14];
		int32_t urn;
		day_t day;
		enum session s = SESSION_AM;
		const char *why;
		mark_t m, earlier;

		if (parse_urn(f, row_field(f, RG_URN), "urn", &urn, e))
			break;
		if (last && last->urn == urn && upn_field.len == UPN_LEN &&
		    !memcmp(last->upn, upn_field.p, UPN_LEN)) {
			en = last;
		} else {
			if (parse_upn(f, upn_field, upn, e)) {
				rc = -1;
				break;
			}
			en = import_roll_find(&im->roll, upn, urn);
			if (!en) {
				if (!import_school_id(&im->roll, urn))
					rc = error_at(e, f->name, f->csv.row_line,
						      "urn", "school %06d is not known; "
						      "import it in a schools file "
						      "first", urn);
				else
					rc = error_at(e, f->name, f->csv.row_line,
						      "upn", "pupil %s is not on the "
						      "roll of school %06d; import "
						      "them in a pupils file first",
						      upn, urn);
				break;
			}
			last = en;
		}
		if (row_date(f, row_field(f, RG_DATE), &memo, &day, e) ||
		    row_session(f, row_field(f, RG_SESSION), &s, e) ||
		    within_enrolment(f, en, day, e)) {
			rc = -1;
			break;
		}
		m = code_parse(code.p, code.len, day, &why);
		if (m == MARK_MISSING) {
			mark_t any = code_find(code.p, code.len);
			const struct code_info *c = mark_info(any);

			if (any != MARK_MISSING && c->era == CODE_ERA_LEGACY)
				rc = error_at(e, f->name, f->csv.row_line, "code",
					      "'%s': %s; its 2024 equivalent is %s",
					      c->code, why, c->equivalent);
			else
				rc = error_at(e, f->name, f->csv.row_line, "code",
					      "'%.*s': %s", (int)(code.len > 20 ?
					      20 : code.len), code.p, why);
			break;
		}
		rc = import_mark_apply(im, &table, import_id, en->enrolment_id,
				       academic_year_of(day), session_slot(day, s),
				       m, sum, &earlier, e);
		if (rc > 0)
			rc = error_at(e, f->name, f->csv.row_line, "code",
				      "'%s' given earlier in this file for the "
				      "same pupil and session as '%s'",
				      mark_info(m)->code, mark_info(earlier)->code);
		if (rc)
			break;
	}
	if (!rc)
		return import_marks_finish(im, &table, e);
	import_marks_release(&table);
	return rc;
}
