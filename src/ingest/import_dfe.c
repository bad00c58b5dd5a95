/*
 * DfE published absence tables ("Pupil absence in schools in England",
 * absence by geography): national, regional and local-authority rows,
 * kept for comparisons and rankings.  Columns are found by their
 * published names, in any order; columns attend does not use are ignored.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/import_internal.h"

enum {
	DF_TIME_PERIOD, DF_LEVEL, DF_COUNTRY_CODE, DF_REGION_CODE,
	DF_REGION_NAME, DF_OLD_LA_CODE, DF_NEW_LA_CODE, DF_LA_NAME,
	DF_COUNTRY_NAME, DF_PHASE, DF_SCHOOL_TYPE, DF_ENROLMENTS, DF_OVERALL,
	DF_AUTHORISED, DF_UNAUTHORISED, DF_PA, DF_SA, DF_COLUMNS
};

static const char *const dfe_names[DF_COLUMNS] = {
	"time_period", "geographic_level", "country_code", "region_code",
	"region_name", "old_la_code", "new_la_code", "la_name", "country_name",
	"education_phase", "school_type", "enrolments", "sess_overall_percent",
	"sess_authorised_percent", "sess_unauthorised_percent",
	"enrolments_pa_10_exact_percent", "enrolments_pa_50_exact_percent",
};

bool import_header_is_dfe(const struct csv_reader *r)
{
	return header_find(r, "time_period") >= 0 &&
	       header_find(r, "geographic_level") >= 0 &&
	       header_find(r, "sess_overall_percent") >= 0;
}

void import_dfe_columns(struct import_file *f)
{
	for (int c = 0; c < DF_COLUMNS; c++)
		f->column[c] = header_find(&f->csv, dfe_names[c]);
	f->nr_columns = f->csv.nr_fields;
}

/* A published percentage, or NULL for a suppressed or missing value. */
static int bind_percent(const struct import_file *f, sqlite3_stmt *stmt,
			int param, int column, struct error *e)
{
	static const char *const symbols[] = { "c", "x", "z", "low", "u", ":", "." };
	struct csv_field v = row_field(f, column);
	char buf[32], *end;
	double d;

	if (!v.len) {
		sqlite3_bind_null(stmt, param);
		return 0;
	}
	for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++)
		if (field_is(v, symbols[i])) {
			sqlite3_bind_null(stmt, param);
			return 0;
		}
	if (v.len >= sizeof(buf))
		goto bad;
	memcpy(buf, v.p, v.len);
	buf[v.len] = '\0';
	d = strtod(buf, &end);
	if (*end || end == buf || d < 0 || d > 100)
		goto bad;
	sqlite3_bind_double(stmt, param, d);
	return 0;
bad:
	return error_at(e, f->name, f->csv.row_line, dfe_names[column],
			"'%.*s' is not a percentage (0-100) or a suppression "
			"symbol (c, x, z, low, u)", (int)(v.len > 20 ? 20 : v.len),
			v.p);
}

/* "202324" -> 2023 and 24 */
static int sscanf_period(struct csv_field v, int *start, int *end)
{
	for (size_t i = 0; i < 6; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return -1;
	*start = (v.p[0] - '0') * 1000 + (v.p[1] - '0') * 100 +
		 (v.p[2] - '0') * 10 + (v.p[3] - '0');
	*end = (v.p[4] - '0') * 10 + (v.p[5] - '0');
	return *start < ACADEMIC_YEAR_MIN || *start > ACADEMIC_YEAR_MAX ? -1 : 0;
}

/* A published count; false if suppressed or absent. */
static bool dfe_count(struct csv_field v, long long *out)
{
	long long n = 0;

	if (!v.len || v.len > 12)
		return false;
	for (size_t i = 0; i < v.len; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		n = n * 10 + (v.p[i] - '0');
	}
	*out = n;
	return true;
}

static void bind_field(const struct import_file *f, sqlite3_stmt *stmt,
		       int param, int column)
{
	struct csv_field v = row_field(f, column);

	sqlite3_bind_text(stmt, param, v.p, (int)v.len, SQLITE_TRANSIENT);
}

int import_dfe(struct importer *im, struct import_file *f,
	       struct import_summary *sum, struct error *e)
{
	sqlite3_stmt *upsert = store_prepare(im->st,
		"INSERT INTO dfe_absence (time_period, geographic_level, "
		"area_code, old_la_code, area_name, region_name, education_phase, "
		"enrolments, overall_pct, authorised_pct, unauthorised_pct, pa_pct, "
		"sa_pct) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
		"ON CONFLICT (time_period, geographic_level, area_code, education_phase) "
		"DO UPDATE SET old_la_code = ?4, area_name = ?5, region_name = ?6, "
		"enrolments = ?8, overall_pct = ?9, authorised_pct = ?10, "
		"unauthorised_pct = ?11, pa_pct = ?12, sa_pct = ?13", e);
	int rc;

	if (!upsert)
		return -1;
	while ((rc = import_next_row(f, e)) > 0) {
		struct csv_field period = row_field(f, DF_TIME_PERIOD);
		struct csv_field level = row_field(f, DF_LEVEL);
		int code_col, name_col, phase_col;
		long long enrolments;
		int start, end;

		if (period.len != 6 || sscanf_period(period, &start, &end) ||
		    end != (start + 1) % 100)
			return error_at(e, f->name, f->csv.row_line, "time_period",
					"'%.*s' is not an academic year period "
					"like 202324", (int)(period.len > 20 ? 20 :
					period.len), period.p);
		if (field_is(level, "National")) {
			code_col = DF_COUNTRY_CODE;
			name_col = DF_COUNTRY_NAME;
		} else if (field_is(level, "Regional")) {
			code_col = DF_REGION_CODE;
			name_col = DF_REGION_NAME;
		} else if (field_is(level, "Local authority")) {
			code_col = f->column[DF_NEW_LA_CODE] >= 0 ? DF_NEW_LA_CODE :
				   DF_OLD_LA_CODE;
			name_col = DF_LA_NAME;
		} else {
			sum->unchanged++;	/* other levels: not kept */
			continue;
		}
		if (!row_field(f, code_col).len && code_col != DF_COUNTRY_CODE)
			return error_at(e, f->name, f->csv.row_line,
					dfe_names[code_col], "a %.*s row needs a code",
					(int)level.len, level.p);
		phase_col = f->column[DF_PHASE] >= 0 ? DF_PHASE : DF_SCHOOL_TYPE;
		sqlite3_reset(upsert);
		sqlite3_bind_int(upsert, 1, start * 100 + end);
		sqlite3_bind_text(upsert, 2, code_col == DF_COUNTRY_CODE ? "National" :
				  code_col == DF_REGION_CODE ? "Regional" :
				  "Local authority", -1, SQLITE_STATIC);
		if (row_field(f, code_col).len)
			bind_field(f, upsert, 3, code_col);
		else
			sqlite3_bind_text(upsert, 3, "E92000001", -1, SQLITE_STATIC);
		bind_field(f, upsert, 4, DF_OLD_LA_CODE);
		bind_field(f, upsert, 5, name_col);
		bind_field(f, upsert, 6, DF_REGION_NAME);
		if (row_field(f, phase_col).len)
			bind_field(f, upsert, 7, phase_col);
		else
			sqlite3_bind_text(upsert, 7, "Total", -1, SQLITE_STATIC);
		/* The statement is reused: a suppressed count must be bound too. */
		if (dfe_count(row_field(f, DF_ENROLMENTS), &enrolments))
			sqlite3_bind_int64(upsert, 8, enrolments);
		else
			sqlite3_bind_null(upsert, 8);
		if (bind_percent(f, upsert, 9, DF_OVERALL, e) ||
		    bind_percent(f, upsert, 10, DF_AUTHORISED, e) ||
		    bind_percent(f, upsert, 11, DF_UNAUTHORISED, e) ||
		    bind_percent(f, upsert, 12, DF_PA, e) ||
		    bind_percent(f, upsert, 13, DF_SA, e))
			return -1;
		if (sqlite3_step(upsert) != SQLITE_DONE)
			return store_sqlite_error(im->st, e, "saving a DfE row");
		sum->added++;
	}
	return rc;
}
