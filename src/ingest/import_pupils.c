/* The pupils file: one row per enrolment, pupil details repeated. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/upn.h"
#include "ingest/import_internal.h"
#include "util/strbuf.h"

/* The pupil's own attributes, as text to store, in column order. */
#define PUPIL_TEXT_FIRST PU_SURNAME
#define PUPIL_TEXT_LAST PU_POSTCODE

static const char *const pupil_sql_column[PU_COLUMNS] = {
	[PU_SURNAME] = "surname", [PU_FORENAME] = "forename", [PU_DOB] = "dob",
	[PU_SEX] = "sex", [PU_FSM] = "fsm", [PU_SEN] = "sen",
	[PU_SOCIAL_CARE] = "social_care", [PU_EARLY_HELP] = "early_help",
	[PU_YOUTH_JUSTICE] = "youth_justice", [PU_EAL] = "eal",
	[PU_POSTCODE] = "postcode",
};

static const char *const column_name[PU_COLUMNS] = {
	"upn", "urn", "surname", "forename", "dob", "sex", "fsm", "sen",
	"social_care", "early_help", "youth_justice", "eal", "postcode",
	"year_group", "start_date", "end_date",
};

/* Checks one optional attribute and returns its normalised text. */
static int normalise(const struct import_file *f, int col, struct csv_field v,
		     char **out, struct error *e)
{
	const char *bad = NULL;
	char buf[8];

	switch (col) {
	case PU_SEX: {
		enum sex x;
		if (sex_parse(v.p, v.len, &x))
			bad = "M or F";
		else
			*out = xstrdup(sex_code(x));
		break;
	}
	case PU_FSM: case PU_EARLY_HELP: case PU_YOUTH_JUSTICE: case PU_EAL: {
		enum flag x;
		if (flag_parse(v.p, v.len, &x))
			bad = "Y or N (1/0, true/false)";
		else
			*out = xstrdup(flag_code(x));
		break;
	}
	case PU_SEN: {
		enum sen x;
		if (sen_parse(v.p, v.len, &x))
			bad = "N, K (SEN support) or E (EHCP)";
		else
			*out = xstrdup(sen_code(x));
		break;
	}
	case PU_SOCIAL_CARE: {
		enum social_care x;
		if (social_care_parse(v.p, v.len, &x))
			bad = "empty, CIN, CP or CLA";
		else
			*out = xstrdup(social_care_code(x));
		break;
	}
	case PU_YEAR_GROUP: {
		int yg;
		if (year_group_parse(v.p, v.len, &yg))
			bad = "N1, N2, R or 1-14";
		else
			*out = xstrdup(year_group_format(yg, buf));
		break;
	}
	case PU_START: case PU_END: {
		day_t d;
		if (!v.len)
			*out = xstrdup("");
		else if (parse_date(f, v, col == PU_START ? "start_date" : "end_date",
				    &d, e))
			return -1;
		else
			*out = xstrndup(v.p, v.len);
		break;
	}
	case PU_POSTCODE:
		if (v.len > 10)
			bad = "a postcode (at most 10 characters)";
		else if (parse_name(f, v, column_name[col], e))
			return -1;
		else
			*out = xstrndup(v.p, v.len);
		break;
	default:
		if (v.len > 63)
			bad = "at most 63 characters";
		else if (parse_name(f, v, column_name[col], e))
			return -1;
		else
			*out = xstrndup(v.p, v.len);
	}
	if (bad)
		return error_at(e, f->name, f->csv.row_line,
				column_name[col], "'%.*s' is not %s",
				(int)(v.len > 40 ? 40 : v.len), v.p, bad);
	return 0;
}

static int parse_row(const struct import_file *f, struct pupil_row *row,
		     struct error *e)
{
	struct csv_field v;
	day_t dob, start = DAY_NONE, end = DAY_NONE;

	memset(row, 0, sizeof(*row));
	row->line = f->csv.row_line;
	row->first = -1;
	row->field = column_name;
	if (parse_upn(f, row_field(f, PU_UPN), row->upn, e) ||
	    parse_urn(f, row_field(f, PU_URN), "urn", &row->urn, e))
		return -1;
	for (int c = PU_SURNAME; c <= PU_FORENAME; c++) {
		v = row_field(f, c);
		if (!v.len)
			return error_at(e, f->name, row->line, column_name[c],
					"must not be empty");
	}
	v = row_field(f, PU_DOB);
	if (parse_date(f, v, "dob", &dob, e))
		return -1;
	if (dob > date_today())
		return error_at(e, f->name, row->line, "dob",
				"%.*s is in the future", (int)v.len, v.p);
	for (int c = PU_SURNAME; c < PU_COLUMNS; c++) {
		if (f->column[c] < 0)
			continue;	/* absent: keep what is stored */
		if (normalise(f, c, row_field(f, c), &row->text[c], e))
			return -1;
	}
	if (row->text[PU_START] && row->text[PU_START][0])
		date_parse(row->text[PU_START], 10, &start);
	if (row->text[PU_END] && row->text[PU_END][0])
		date_parse(row->text[PU_END], 10, &end);
	if (start != DAY_NONE && end != DAY_NONE && end < start)
		return error_at(e, f->name, row->line, "end_date",
				"the enrolment ends before it starts");
	return 0;
}

static void row_release(struct pupil_row *row)
{
	for (int c = 0; c < PU_COLUMNS; c++)
		free(row->text[c]);
}

static bool same(const char *a, const char *b)
{
	return !a || !b || !strcmp(a, b);
}

/*
 * Two rows of one file must agree on everything about the child, and two
 * rows for the same enrolment on everything about it.  Rows of one UPN
 * are chained through ->first (the previous row with that UPN).
 */
static int check_consistent(const struct import_file *f, struct pupil_row *rows,
			    size_t nr, struct error *e)
{
	size_t size = 16, mask;
	long *slot;
	int rc = 0;

	while (size < 2 * nr)
		size *= 2;
	mask = size - 1;
	slot = xmalloc(size * sizeof(*slot));
	for (size_t i = 0; i < size; i++)
		slot[i] = -1;
	for (size_t r = 0; r < nr && !rc; r++) {
		size_t i = upn_hash(rows[r].upn) & mask;
		const struct pupil_row *a;

		while (slot[i] >= 0 && strcmp(rows[slot[i]].upn, rows[r].upn))
			i = (i + 1) & mask;
		rows[r].first = slot[i];
		slot[i] = (long)r;
		if (rows[r].first < 0)
			continue;
		a = &rows[rows[r].first];
		for (int c = PUPIL_TEXT_FIRST; c <= PUPIL_TEXT_LAST && !rc; c++)
			if (!same(a->text[c], rows[r].text[c]))
				rc = error_at(e, f->name, rows[r].line, column_name[c],
					      "'%s' contradicts '%s' for the same "
					      "UPN on line %ld", rows[r].text[c],
					      a->text[c], a->line);
		for (long q = rows[r].first; q >= 0 && !rc; q = rows[q].first) {
			if (rows[q].urn != rows[r].urn)
				continue;
			for (int c = PU_YEAR_GROUP; c < PU_COLUMNS && !rc; c++)
				if ((c == PU_YEAR_GROUP || c >= PU_START) &&
				    !same(rows[q].text[c], rows[r].text[c]))
					rc = error_at(e, f->name, rows[r].line,
						      column_name[c], "'%s' contradicts "
						      "'%s' for the same enrolment on "
						      "line %ld", rows[r].text[c],
						      rows[q].text[c], rows[q].line);
		}
	}
	free(slot);
	return rc;
}

int import_pupil_save(struct importer *im, const struct import_file *f,
		      const struct pupil_row *row, int64_t *pupil_id,
		      struct import_summary *sum, struct error *e)
{
	sqlite3_stmt *find = store_prepare(im->st,
		"SELECT id, surname, forename, dob, sex, fsm, sen, social_care, "
		"early_help, youth_justice, eal, postcode FROM pupil WHERE upn = ?", e);
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *stmt;
	int changed = 0, inserted = 0, bind = 1, rc;

	if (!find)
		return -1;
	sqlite3_bind_text(find, 1, row->upn, -1, SQLITE_STATIC);
	rc = sqlite3_step(find);
	if (rc == SQLITE_ROW) {
		*pupil_id = sqlite3_column_int64(find, 0);
		for (int c = PUPIL_TEXT_FIRST; c <= PUPIL_TEXT_LAST; c++) {
			const char *old = (const char *)sqlite3_column_text(
				find, 1 + c - PUPIL_TEXT_FIRST);
			if (!row->text[c] || !strcmp(old, row->text[c]))
				continue;
			if (c == PU_DOB) {
				error_at(e, f->name, row->line, row->field[PU_DOB],
					 "%s differs from %s already held for "
					 "pupil %s; a UPN belongs to one child",
					 row->text[c], old, row->upn);
				sqlite3_reset(find);
				return -1;
			}
			changed = 1;
		}
		sqlite3_reset(find);
		if (!changed) {
			sum->unchanged++;
			return 0;
		}
		sum->updated++;
		strbuf_addstr(&sql, "UPDATE pupil SET upn = ?");
		for (int c = PUPIL_TEXT_FIRST; c <= PUPIL_TEXT_LAST; c++)
			if (row->text[c])
				strbuf_addf(&sql, ", %s = ?", pupil_sql_column[c]);
		strbuf_addstr(&sql, " WHERE upn = ?1");
	} else if (rc == SQLITE_DONE) {
		sqlite3_reset(find);
		sum->added++;
		inserted = 1;
		strbuf_addstr(&sql, "INSERT INTO pupil (upn");
		for (int c = PUPIL_TEXT_FIRST; c <= PUPIL_TEXT_LAST; c++)
			if (row->text[c])
				strbuf_addf(&sql, ", %s", pupil_sql_column[c]);
		strbuf_addstr(&sql, ") VALUES (?");
		for (int c = PUPIL_TEXT_FIRST; c <= PUPIL_TEXT_LAST; c++)
			if (row->text[c])
				strbuf_addstr(&sql, ", ?");
		strbuf_addch(&sql, ')');
	} else {
		return store_sqlite_error(im->st, e, "reading a pupil");
	}
	/* The store caches the statement: files repeat the same columns. */
	stmt = store_prepare(im->st, sql.buf, e);
	strbuf_release(&sql);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, bind++, row->upn, -1, SQLITE_STATIC);
	for (int c = PUPIL_TEXT_FIRST; c <= PUPIL_TEXT_LAST; c++)
		if (row->text[c])
			sqlite3_bind_text(stmt, bind++, row->text[c], -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(im->st, e, "saving a pupil");
	if (inserted)
		*pupil_id = sqlite3_last_insert_rowid(store_db(im->st));
	return 0;
}

/* A date column's normalised value as a day (NULL or "": DAY_NONE). */
static day_t row_day(const char *s)
{
	day_t d;

	if (!s || date_parse(s, strlen(s), &d))
		return DAY_NONE;
	return d;
}

/* The enrolment as stored, for callers that go on to write its marks. */
static int enrolment_read(struct importer *im, int64_t pupil_id,
			  int64_t school_id, const struct pupil_row *row,
			  struct roll_entry *saved, struct error *e)
{
	sqlite3_stmt *find = store_prepare(im->st,
		"SELECT id, start_date, end_date FROM enrolment "
		"WHERE pupil_id = ? AND school_id = ?", e);
	if (!find)
		return -1;
	sqlite3_bind_int64(find, 1, pupil_id);
	sqlite3_bind_int64(find, 2, school_id);
	if (sqlite3_step(find) != SQLITE_ROW) {
		sqlite3_reset(find);
		return store_sqlite_error(im->st, e, "reading an enrolment");
	}
	memset(saved, 0, sizeof(*saved));
	memcpy(saved->upn, row->upn, sizeof(saved->upn));
	saved->urn = row->urn;
	saved->enrolment_id = sqlite3_column_int64(find, 0);
	saved->start = store_column_day(find, 1);
	saved->end = store_column_day(find, 2);
	sqlite3_reset(find);
	return 0;
}

int import_enrolment_save(struct importer *im, const struct import_file *f,
			  const struct pupil_row *row, int64_t pupil_id,
			  struct import_summary *sum, struct roll_entry *saved,
			  struct error *e)
{
	sqlite3_stmt *find = store_prepare(im->st,
		"SELECT year_group, start_date, end_date FROM enrolment "
		"WHERE pupil_id = ? AND school_id = ?", e);
	sqlite3_stmt *upsert = store_prepare(im->st,
		"INSERT INTO enrolment (pupil_id, school_id, year_group, "
		"start_date, end_date) VALUES (?1, ?2, coalesce(?3, ''), "
		"coalesce(?4, ''), coalesce(?5, '')) "
		"ON CONFLICT (pupil_id, school_id) DO UPDATE SET "
		"year_group = coalesce(?3, year_group), "
		"start_date = coalesce(?4, start_date), "
		"end_date = coalesce(?5, end_date)", e);
	const int cols[3] = { PU_YEAR_GROUP, PU_START, PU_END };
	int64_t school_id;
	int rc, changed = 0, added = 0;

	if (!find || !upsert)
		return -1;
	school_id = import_school_find(im, f->name, row->line,
				       row->field[PU_URN], row->urn, e);
	if (!school_id)
		return -1;
	sqlite3_bind_int64(find, 1, pupil_id);
	sqlite3_bind_int64(find, 2, school_id);
	rc = sqlite3_step(find);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < 3; i++) {
			const char *old = (const char *)sqlite3_column_text(find, i);
			if (row->text[cols[i]] && strcmp(old, row->text[cols[i]]))
				changed = 1;
		}
		sqlite3_reset(find);
		if (!changed)
			return saved ? enrolment_read(im, pupil_id, school_id,
						      row, saved, e) : 0;
		sum->enrolments_updated++;
	} else {
		sqlite3_reset(find);
		sum->enrolments_added++;
		added = 1;
	}
	sqlite3_bind_int64(upsert, 1, pupil_id);
	sqlite3_bind_int64(upsert, 2, school_id);
	for (int i = 0; i < 3; i++)
		if (row->text[cols[i]])
			sqlite3_bind_text(upsert, 3 + i, row->text[cols[i]], -1,
					  SQLITE_STATIC);
	if (sqlite3_step(upsert) != SQLITE_DONE)
		return store_sqlite_error(im->st, e, "saving an enrolment");
	if (saved || im->roll.loaded) {
		struct roll_entry entry;

		if (added) {
			/* just inserted: its id and dates are what was bound */
			memset(&entry, 0, sizeof(entry));
			memcpy(entry.upn, row->upn, sizeof(entry.upn));
			entry.urn = row->urn;
			entry.enrolment_id = sqlite3_last_insert_rowid(store_db(im->st));
			entry.start = row_day(row->text[PU_START]);
			entry.end = row_day(row->text[PU_END]);
		} else if (enrolment_read(im, pupil_id, school_id, row, &entry, e)) {
			return -1;
		}
		/* Keep the roll cache right instead of reloading it. */
		if (im->roll.loaded)
			import_roll_put(&im->roll, &entry);
		if (saved)
			*saved = entry;
	}
	return 0;
}

int import_pupils(struct importer *im, struct import_file *f,
		  struct import_summary *sum, struct error *e)
{
	struct pupil_row *rows = NULL;
	size_t nr = 0, alloc = 0;
	int64_t *pupil_ids = NULL;
	bool held;
	int rc;

	if (import_roll_load(im, e))
		return -1;
	while ((rc = import_next_row(f, e)) > 0) {
		ALLOC_GROW(rows, nr + 1, alloc);
		if (parse_row(f, &rows[nr], e)) {
			row_release(&rows[nr]);
			rc = -1;
			break;
		}
		if (!import_school_find(im, f->name, rows[nr].line, "urn",
					rows[nr].urn, e)) {
			rc = -1;
			row_release(&rows[nr]);
			break;
		}
		nr++;
	}
	if (!rc)
		rc = check_consistent(f, rows, nr, e);
	pupil_ids = xcalloc(nr ? nr : 1, sizeof(*pupil_ids));
	held = import_held_any(im);
	for (size_t r = 0; r < nr && !rc; r++) {
		struct roll_entry en;
		long applied;

		if (rows[r].first >= 0)
			pupil_ids[r] = pupil_ids[rows[r].first];
		else
			rc = import_pupil_save(im, f, &rows[r], &pupil_ids[r],
					       sum, e);
		if (!rc)
			rc = import_enrolment_save(im, f, &rows[r], pupil_ids[r],
						   sum, held ? &en : NULL, e);
		/* The marks held for the pupil's arrival at the school. */
		if (!rc && held)
			rc = import_held_apply(im, f, &en, sum, &applied, e);
	}
	for (size_t r = 0; r < nr; r++)
		row_release(&rows[r]);
	free(rows);
	free(pupil_ids);
	return rc;
}
