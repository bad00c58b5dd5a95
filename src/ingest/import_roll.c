/* Importers for who is where: schools, areas, calendars and pupils. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/upn.h"
#include "core/urn.h"
#include "ingest/import_internal.h"
#include "util/strbuf.h"

static bool all_digits(struct csv_field v)
{
	for (size_t i = 0; i < v.len; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
	return v.len > 0;
}

static long long digits_value(struct csv_field v)
{
	long long n = 0;

	for (size_t i = 0; i < v.len; i++)
		n = n * 10 + (v.p[i] - '0');
	return n;
}

int parse_urn(const struct import_file *f, struct csv_field v, const char *field,
	      int32_t *out, struct error *e)
{
	if (!urn_parse(v.p, v.len, out))
		return error_at(e, f->name, f->csv.row_line, field,
				"'%.*s' is not a URN (6 digits, the first not 0)",
				(int)(v.len > 20 ? 20 : v.len), v.p);
	return 0;
}

int parse_date(const struct import_file *f, struct csv_field v, const char *field,
	       day_t *out, struct error *e)
{
	if (date_parse(v.p, v.len, out))
		return error_at(e, f->name, f->csv.row_line, field,
				"'%.*s' is not a date (YYYY-MM-DD, %d-%d)",
				(int)v.len, v.p, DATE_MIN_YEAR, DATE_MAX_YEAR);
	return 0;
}

int parse_upn(const struct import_file *f, struct csv_field v, char out[14],
	      struct error *e)
{
	const char *why;

	if (!upn_valid(v.p, v.len, &why))
		return error_at(e, f->name, f->csv.row_line, "upn", "'%.*s': %s",
				(int)(v.len > 20 ? 20 : v.len), v.p, why);
	memcpy(out, v.p, UPN_LEN);
	out[UPN_LEN] = '\0';
	return 0;
}

int parse_name(const struct import_file *f, struct csv_field v, const char *field,
	       struct error *e)
{
	struct utf8_refusal r;

	if (!utf8_name_check(v.p, v.len, &r))
		return 0;
	/* What comes before the character refused: the rest may not print. */
	if (r.offset)
		return error_at(e, f->name, f->csv.row_line, field, "'%.*s...': %s",
				(int)(r.offset > 40 ? 40 : r.offset), v.p +
				(r.offset > 40 ? r.offset - 40 : 0), r.why);
	return error_at(e, f->name, f->csv.row_line, field, "%s", r.why);
}

/* Whether column col of q holds the text v, byte for byte. */
static bool column_is(sqlite3_stmt *q, int col, struct csv_field v)
{
	const char *old = (const char *)sqlite3_column_text(q, col);

	return old && strlen(old) == v.len && !memcmp(old, v.p, v.len);
}

/*
 * Counts a row of a file against the stored one (found, and the same):
 * added, unchanged or updated.  Whether it must be written.
 */
static bool count_change(struct import_summary *sum, bool found, bool same)
{
	if (!found)
		sum->added++;
	else if (same)
		sum->unchanged++;
	else
		sum->updated++;
	return !found || !same;
}

static int sql_failed(struct importer *im, struct error *e)
{
	return store_sqlite_error(im->st, e, "import");
}

/* ---- the roll cache ---------------------------------------------------- */

static uint64_t roll_hash(const char *upn, int32_t urn)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uint32_t)urn;

	for (int i = 0; i < UPN_LEN; i++)
		h = (h ^ (unsigned char)upn[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

void enrolment_dates(const struct roll_entry *en, char from[11], char to[11])
{
	if (en->start != DAY_NONE)
		date_format(en->start, from);
	else
		strcpy(from, "...");
	if (en->end != DAY_NONE)
		date_format(en->end, to);
	else
		strcpy(to, "...");
}

int import_roll_load(struct importer *im, struct error *e)
{
	struct roll_cache *roll = &im->roll;
	sqlite3 *db = store_db(im->st);
	sqlite3_stmt *stmt;
	size_t n = 0, size = 1024;

	if (roll->loaded)
		return 0;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM enrolment", -1, &stmt,
			       NULL) != SQLITE_OK)
		return sql_failed(im, e);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	while (size < 2 * n)
		size *= 2;
	roll->entries = xcalloc(size, sizeof(*roll->entries));
	roll->mask = size - 1;
	if (sqlite3_prepare_v2(db,
			"SELECT e.id, p.upn, s.urn, e.start_date, e.end_date "
			"FROM enrolment e JOIN pupil p ON p.id = e.pupil_id "
			"JOIN school s ON s.id = e.school_id", -1, &stmt,
			NULL) != SQLITE_OK)
		goto fail;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *upn = (const char *)sqlite3_column_text(stmt, 1);
		int32_t urn = sqlite3_column_int(stmt, 2);
		size_t i = roll_hash(upn, urn) & roll->mask;

		while (roll->entries[i].enrolment_id)
			i = (i + 1) & roll->mask;
		store_column_text(stmt, 1, roll->entries[i].upn,
				  sizeof(roll->entries[i].upn));
		roll->entries[i].urn = urn;
		roll->entries[i].enrolment_id = sqlite3_column_int64(stmt, 0);
		roll->entries[i].start = store_column_day(stmt, 3);
		roll->entries[i].end = store_column_day(stmt, 4);
		roll->nr++;
	}
	sqlite3_finalize(stmt);

	if (sqlite3_prepare_v2(db, "SELECT urn, id FROM school ORDER BY urn",
			       -1, &stmt, NULL) != SQLITE_OK)
		goto fail;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		roll->schools = xrealloc(roll->schools, (roll->nr_schools + 1) *
					 sizeof(*roll->schools));
		roll->schools[roll->nr_schools].urn = sqlite3_column_int(stmt, 0);
		roll->schools[roll->nr_schools].id = sqlite3_column_int64(stmt, 1);
		roll->nr_schools++;
	}
	sqlite3_finalize(stmt);
	roll->loaded = 1;
	return 0;
fail:
	/* Nothing half-loaded stays behind to leak on the next attempt. */
	import_roll_release(roll);
	return sql_failed(im, e);
}

void import_roll_release(struct roll_cache *roll)
{
	free(roll->entries);
	free(roll->schools);
	memset(roll, 0, sizeof(*roll));
}

static void roll_insert(struct roll_cache *roll, const struct roll_entry *en)
{
	size_t i = roll_hash(en->upn, en->urn) & roll->mask;

	while (roll->entries[i].enrolment_id) {
		if (roll->entries[i].urn == en->urn &&
		    !memcmp(roll->entries[i].upn, en->upn, UPN_LEN)) {
			roll->entries[i] = *en;
			return;
		}
		i = (i + 1) & roll->mask;
	}
	roll->entries[i] = *en;
	roll->nr++;
}

void import_roll_put(struct roll_cache *roll, const struct roll_entry *en)
{
	if (2 * (roll->nr + 1) > roll->mask + 1) {
		struct roll_entry *old = roll->entries;
		size_t old_size = roll->mask + 1;

		roll->entries = xcalloc(2 * old_size, sizeof(*roll->entries));
		roll->mask = 2 * old_size - 1;
		roll->nr = 0;
		for (size_t i = 0; i < old_size; i++)
			if (old[i].enrolment_id)
				roll_insert(roll, &old[i]);
		free(old);
	}
	roll_insert(roll, en);
}

const struct roll_entry *import_roll_find(const struct roll_cache *roll,
					  const char *upn, int32_t urn)
{
	size_t i = roll_hash(upn, urn) & roll->mask;

	while (roll->entries[i].enrolment_id) {
		if (roll->entries[i].urn == urn &&
		    !memcmp(roll->entries[i].upn, upn, UPN_LEN))
			return &roll->entries[i];
		i = (i + 1) & roll->mask;
	}
	return NULL;
}

int64_t import_school_id(const struct roll_cache *roll, int32_t urn)
{
	size_t lo = 0, hi = roll->nr_schools;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (roll->schools[mid].urn < urn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < roll->nr_schools && roll->schools[lo].urn == urn ?
		roll->schools[lo].id : 0;
}

int64_t import_school_find(const struct importer *im, const char *file,
			   long line, const char *field, int32_t urn,
			   struct error *e)
{
	int64_t id = import_school_id(&im->roll, urn);

	if (!id)
		error_at(e, file, line, field, "school %06d is not known; import "
			 "it in a schools file first", urn);
	else if (import_school_allowed(im, file, line, field, urn, e))
		return 0;
	return id;
}

int import_enrolment_lookup(const struct importer *im, const struct import_file *f,
			    const char *upn, int32_t urn,
			    const struct roll_entry **en, struct error *e)
{
	*en = import_roll_find(&im->roll, upn, urn);
	if (*en && import_school_allowed(im, f->name, f->csv.row_line, "urn",
					 urn, e))
		return -1;
	if (*en || import_school_find(im, f->name, f->csv.row_line, "urn", urn, e))
		return 0;
	return -1;
}

const struct roll_entry *import_enrolment_find(const struct importer *im,
					       const struct import_file *f,
					       const char *upn, int32_t urn,
					       struct error *e)
{
	const struct roll_entry *en = import_roll_find(&im->roll, upn, urn);

	if (en && import_school_allowed(im, f->name, f->csv.row_line, "urn",
					urn, e))
		return NULL;
	if (!en && import_school_find(im, f->name, f->csv.row_line, "urn", urn, e))
		error_at(e, f->name, f->csv.row_line, "upn", "pupil %s is not on "
			 "the roll of school %06d; import them in a pupils file "
			 "first", upn, urn);
	return en;
}

/* ---- schools ----------------------------------------------------------- */

enum { SC_URN, SC_LAESTAB, SC_NAME, SC_PHASE, SC_TYPE };

int import_schools(struct importer *im, struct import_file *f,
		   struct import_summary *sum, struct error *e)
{
	sqlite3_stmt *find = store_prepare(im->st,
		"SELECT laestab, name, phase, type FROM school WHERE urn = ?", e);
	sqlite3_stmt *clash = store_prepare(im->st,
		"SELECT urn FROM school WHERE laestab = ? AND urn <> ?", e);
	/* ?5 NULL (no type column): the type as stored, or none. */
	sqlite3_stmt *upsert = store_prepare(im->st,
		"INSERT INTO school (urn, laestab, name, phase, type) VALUES (?1, "
		"?2, ?3, ?4, coalesce(?5, '')) ON CONFLICT (urn) DO UPDATE SET "
		"laestab = excluded.laestab, name = excluded.name, phase = "
		"excluded.phase, type = coalesce(?5, type)", e);
	int rc;

	if (!find || !clash || !upsert)
		return -1;
	while ((rc = import_next_row(f, e)) > 0) {
		struct csv_field laestab = row_field(f, SC_LAESTAB);
		struct csv_field name = row_field(f, SC_NAME);
		struct csv_field phase = row_field(f, SC_PHASE);
		struct csv_field type = row_field(f, SC_TYPE);
		int32_t urn;
		int ph, ty = -1;
		bool found, same;

		if (parse_urn(f, row_field(f, SC_URN), "urn", &urn, e))
			return -1;
		if (laestab.len != 7 || !all_digits(laestab))
			return error_at(e, f->name, f->csv.row_line, "laestab",
					"'%.*s' is not a LAESTAB (7 digits: LA "
					"number and establishment number)",
					(int)laestab.len, laestab.p);
		if (!name.len)
			return error_at(e, f->name, f->csv.row_line, "name",
					"a school needs a name");
		if (parse_name(f, name, "name", e))
			return -1;
		ph = phase_parse(phase.p, phase.len);
		if (ph < 0)
			return error_at(e, f->name, f->csv.row_line, "phase",
					"'%.*s' is not a phase (primary, secondary, "
					"special or ap)", (int)phase.len, phase.p);
		if (f->column[SC_TYPE] >= 0) {
			ty = school_type_parse(type.p, type.len);
			if (ty < 0)
				return error_at(e, f->name, f->csv.row_line, "type",
						"'%.*s' is not a type (academy, "
						"maintained, free_school, special, "
						"pru_ap, independent, or empty)",
						(int)(type.len > 20 ? 20 : type.len),
						type.p);
		}
		sqlite3_reset(clash);
		sqlite3_bind_int64(clash, 1, digits_value(laestab));
		sqlite3_bind_int(clash, 2, urn);
		if (sqlite3_step(clash) == SQLITE_ROW) {
			int32_t other = sqlite3_column_int(clash, 0);

			sqlite3_reset(clash);
			return error_at(e, f->name, f->csv.row_line, "laestab",
					"%.*s already belongs to school %06d",
					(int)laestab.len, laestab.p, other);
		}
		sqlite3_reset(find);
		sqlite3_bind_int(find, 1, urn);
		found = sqlite3_step(find) == SQLITE_ROW;
		same = found && sqlite3_column_int64(find, 0) == digits_value(laestab) &&
		       column_is(find, 1, name) &&
		       !strcmp((const char *)sqlite3_column_text(find, 2),
			       phase_name((enum phase)ph)) &&
		       (ty < 0 || !strcmp((const char *)sqlite3_column_text(find, 3),
					  school_type_name((enum school_type)ty)));
		sqlite3_reset(find);
		if (!count_change(sum, found, same))
			continue;
		sqlite3_reset(upsert);
		sqlite3_bind_int(upsert, 1, urn);
		sqlite3_bind_int64(upsert, 2, digits_value(laestab));
		sqlite3_bind_text(upsert, 3, name.p, (int)name.len, SQLITE_TRANSIENT);
		sqlite3_bind_text(upsert, 4, phase_name((enum phase)ph), -1,
				  SQLITE_STATIC);
		if (ty >= 0)
			sqlite3_bind_text(upsert, 5,
					  school_type_name((enum school_type)ty), -1,
					  SQLITE_STATIC);
		if (sqlite3_step(upsert) != SQLITE_DONE)
			return store_sqlite_error(im->st, e, "saving a school");
	}
	return rc;
}

/* ---- areas ------------------------------------------------------------- */

enum { AR_DISTRICT, AR_AREA, AR_DECILE };

int import_areas(struct importer *im, struct import_file *f,
		 struct import_summary *sum, struct error *e)
{
	sqlite3_stmt *find = store_prepare(im->st,
		"SELECT name, imd_decile FROM area WHERE postcode_district = ?", e);
	sqlite3_stmt *upsert = store_prepare(im->st,
		"INSERT INTO area (postcode_district, name, imd_decile) "
		"VALUES (?, ?, ?) ON CONFLICT (postcode_district) DO UPDATE "
		"SET name = excluded.name, imd_decile = excluded.imd_decile", e);
	int rc;

	if (!find || !upsert)
		return -1;
	while ((rc = import_next_row(f, e)) > 0) {
		struct csv_field district = row_field(f, AR_DISTRICT);
		struct csv_field name = row_field(f, AR_AREA);
		struct csv_field decile = row_field(f, AR_DECILE);
		long long d;
		bool found, same;

		if (district.len < 2 || district.len > 4)
			return error_at(e, f->name, f->csv.row_line,
					"postcode_district", "'%.*s' is not a "
					"postcode district (e.g. KM4)",
					(int)district.len, district.p);
		if (!name.len)
			return error_at(e, f->name, f->csv.row_line, "area",
					"an area needs a name");
		if (parse_name(f, name, "area", e))
			return -1;
		d = all_digits(decile) && decile.len <= 2 ? digits_value(decile) : 0;
		if (d < 1 || d > 10)
			return error_at(e, f->name, f->csv.row_line, "imd_decile",
					"'%.*s' is not a deprivation decile (1-10)",
					(int)decile.len, decile.p);
		sqlite3_reset(find);
		sqlite3_bind_text(find, 1, district.p, (int)district.len,
				  SQLITE_TRANSIENT);
		found = sqlite3_step(find) == SQLITE_ROW;
		same = found && column_is(find, 0, name) &&
		       sqlite3_column_int(find, 1) == d;
		sqlite3_reset(find);
		if (!count_change(sum, found, same))
			continue;
		sqlite3_reset(upsert);
		sqlite3_bind_text(upsert, 1, district.p, (int)district.len,
				  SQLITE_TRANSIENT);
		sqlite3_bind_text(upsert, 2, name.p, (int)name.len, SQLITE_TRANSIENT);
		sqlite3_bind_int(upsert, 3, (int)d);
		if (sqlite3_step(upsert) != SQLITE_DONE)
			return store_sqlite_error(im->st, e, "saving an area");
	}
	return rc;
}

/* ---- calendars --------------------------------------------------------- */

enum { CA_URN, CA_FROM, CA_TO, CA_KIND, CA_LABEL };

/*
 * A calendar file replaces the events of every (school, academic year) it
 * mentions, so sending a corrected calendar is enough to fix one.
 */
int import_calendar(struct importer *im, struct import_file *f,
		    struct import_summary *sum, struct error *e)
{
	sqlite3_stmt *clear = store_prepare(im->st,
		"DELETE FROM calendar_event WHERE urn = ? AND year = ?", e);
	sqlite3_stmt *insert = store_prepare(im->st,
		"INSERT INTO calendar_event (urn, year, day_from, day_to, kind, "
		"label) VALUES (?, ?, ?, ?, ?, ?)", e);
	struct { int32_t urn; int year; } *seen = NULL;
	size_t nr_seen = 0;
	int rc;

	if (!clear || !insert || import_roll_load(im, e))
		return -1;
	while ((rc = import_next_row(f, e)) > 0) {
		struct csv_field urn_field = row_field(f, CA_URN);
		struct csv_field kind = row_field(f, CA_KIND);
		struct csv_field label = row_field(f, CA_LABEL);
		int32_t urn = 0;
		day_t from, to;
		int k, year;
		size_t i;

		if (!urn_field.len && im->limited) {
			rc = error_at(e, f->name, f->csv.row_line, "urn", "an empty "
				      "urn is every school's calendar: a file for one "
				      "school names its URN in each row");
			break;
		}
		if (urn_field.len) {
			if (parse_urn(f, urn_field, "urn", &urn, e))
				break;
			if (!import_school_find(im, f->name, f->csv.row_line,
						"urn", urn, e)) {
				rc = -1;
				break;
			}
		}
		if (parse_date(f, row_field(f, CA_FROM), "from", &from, e) ||
		    parse_date(f, row_field(f, CA_TO), "to", &to, e)) {
			rc = -1;
			break;
		}
		if (to < from) {
			rc = error_at(e, f->name, f->csv.row_line, "to",
				      "ends before it starts");
			break;
		}
		year = academic_year_of(from);
		if (academic_year_of(to) != year) {
			rc = error_at(e, f->name, f->csv.row_line, "to",
				      "an event must lie within one academic "
				      "year (1 August to 31 July)");
			break;
		}
		if (parse_name(f, label, "label", e)) {
			rc = -1;
			break;
		}
		k = calendar_kind_parse(kind.p, kind.len);
		if (k < 0) {
			rc = error_at(e, f->name, f->csv.row_line, "kind",
				      "'%.*s' is not one of term, inset, "
				      "bank_holiday, closure", (int)kind.len, kind.p);
			break;
		}
		for (i = 0; i < nr_seen; i++)
			if (seen[i].urn == urn && seen[i].year == year)
				break;
		if (i == nr_seen) {
			seen = xrealloc(seen, (nr_seen + 1) * sizeof(*seen));
			seen[nr_seen].urn = urn;
			seen[nr_seen].year = year;
			nr_seen++;
			sqlite3_reset(clear);
			sqlite3_bind_int(clear, 1, urn);
			sqlite3_bind_int(clear, 2, year);
			if (sqlite3_step(clear) != SQLITE_DONE) {
				rc = store_sqlite_error(im->st, e, "calendar");
				break;
			}
			sum->updated += sqlite3_changes(store_db(im->st));
		}
		sqlite3_reset(insert);
		sqlite3_bind_int(insert, 1, urn);
		sqlite3_bind_int(insert, 2, year);
		store_bind_day(insert, 3, from);
		store_bind_day(insert, 4, to);
		sqlite3_bind_text(insert, 5, calendar_kind_name((enum calendar_kind)k),
				  -1, SQLITE_STATIC);
		sqlite3_bind_text(insert, 6, label.p, (int)label.len, SQLITE_TRANSIENT);
		if (sqlite3_step(insert) != SQLITE_DONE) {
			rc = store_sqlite_error(im->st, e, "calendar");
			break;
		}
		sum->added++;
	}
	free(seen);
	return rc;
}
