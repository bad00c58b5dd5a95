/*
 * Register exports from school MIS in the three shapes they come in,
 * besides attend's own upn,urn,date,session,code:
 *
 *   long     one row per pupil per day, marks in AM and PM columns:
 *            UPN,Surname,Forename,Date,AM,PM
 *   session  one row per pupil per session: UPN,Date,Session,Mark, the
 *            session named AM or PM, a.m. or p.m., Morning or Afternoon
 *            (any case)
 *   wide     one row per pupil, one column per session, headed by its date
 *            and session: UPN,Surname,01/09/2025 AM,01/09/2025 PM,...
 *
 * Columns are found by name (case does not matter; other columns are
 * ignored); a school whose export names them differently saves a mapping
 * once (attend import --school URN --map upn=Adno,date=Day,...; the keys
 * are upn, urn, date, am, pm, session, mark), kept in the store and used
 * for its later files.  Dates are YYYY-MM-DD or day first, DD/MM/YYYY
 * (D/M/YYYY too).  The school is the URN column's, else --school's.  An
 * empty cell or '-' is a session with no mark.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/upn.h"
#include "ingest/import_internal.h"

/* YYYY-MM-DD or DD/MM/YYYY (one-digit day and month allowed). */
static int mis_date(const char *s, size_t len, day_t *out)
{
	int part[3] = { 0 }, digits[3] = { 0 }, k = 0;

	if (!date_parse(s, len, out))
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '/' && k < 2 && digits[k]) {
			k++;
		} else if (s[i] >= '0' && s[i] <= '9' && digits[k] < 4) {
			part[k] = part[k] * 10 + (s[i] - '0');
			digits[k]++;
		} else {
			return -1;
		}
	}
	if (k != 2 || digits[0] > 2 || digits[1] > 2 || digits[2] != 4 ||
	    !date_valid_ymd(part[2], part[1], part[0]))
		return -1;
	*out = date_from_ymd(part[2], part[1], part[0]);
	return 0;
}

int import_date_any(const char *s, size_t len, day_t *out)
{
	return mis_date(s, len, out);
}

/* A session as MISs name it: AM, a.m., Morning; PM, p.m., Afternoon. */
static int mis_session(struct csv_field v, enum session *s)
{
	static const struct { const char *name; enum session s; } names[] = {
		{ "AM", SESSION_AM }, { "A.M.", SESSION_AM }, { "A.M", SESSION_AM },
		{ "Morning", SESSION_AM }, { "PM", SESSION_PM },
		{ "P.M.", SESSION_PM }, { "P.M", SESSION_PM },
		{ "Afternoon", SESSION_PM },
	};

	v = field_trim(v);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (field_is(v, names[i].name)) {
			*s = names[i].s;
			return 0;
		}
	return -1;
}

/* A wide layout's session heading: a date and AM or PM, in either order,
 * perhaps with a weekday name ("Mon 01/09/2025 AM"). */
static int session_heading(struct csv_field h, day_t *day, enum session *s)
{
	int have_day = 0, have_session = 0;
	size_t i = 0;

	h = field_trim(h);
	while (i < h.len) {
		size_t j = i;
		while (j < h.len && h.p[j] != ' ')
			j++;
		if (j - i == 2 && !strncasecmp(h.p + i, "AM", 2)) {
			*s = SESSION_AM;
			have_session++;
		} else if (j - i == 2 && !strncasecmp(h.p + i, "PM", 2)) {
			*s = SESSION_PM;
			have_session++;
		} else if (!mis_date(h.p + i, j - i, day)) {
			have_day++;
		} else if (j - i > 3 || have_day) {
			return -1;	/* not a weekday name */
		}
		i = j + 1;
	}
	return have_day == 1 && have_session == 1 ? 0 : -1;
}

/* The column names of an export, in the order of the mapping's keys. */
enum { MIS_UPN, MIS_URN, MIS_DATE, MIS_AM, MIS_PM, MIS_SESSION, MIS_MARK,
       MIS_KEYS };
static const char *const mis_keys[MIS_KEYS] = {
	"upn", "urn", "date", "am", "pm", "session", "mark",
};

struct mis_names {
	char name[MIS_KEYS][64];
};

static void default_names(struct mis_names *n)
{
	static const char *const names[MIS_KEYS] = {
		"UPN", "URN", "Date", "AM", "PM", "Session", "Mark",
	};

	for (int k = 0; k < MIS_KEYS; k++)
		strcpy(n->name[k], names[k]);
}

/* The school's saved mapping, over the defaults. */
static void load_names(struct importer *im, struct mis_names *n)
{
	sqlite3_stmt *stmt;

	default_names(n);
	if (!im->school)
		return;
	stmt = store_prepare(im->st, "SELECT upn_column, urn_column, date_column, "
			     "am_column, pm_column, session_column, mark_column "
			     "FROM mis_mapping WHERE urn = ?", NULL);
	if (!stmt)
		return;
	sqlite3_bind_int(stmt, 1, im->school);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		char v[64];

		for (int k = 0; k < MIS_KEYS; k++) {
			store_column_text(stmt, k, v, sizeof(v));
			if (*v)
				memcpy(n->name[k], v, sizeof(v));
		}
	}
	sqlite3_reset(stmt);
}

static bool header_fits(struct import_file *f, const struct mis_names *n);

/* The school's saved column names if they fit the header, else the usual. */
bool import_header_is_mis(struct importer *im, struct import_file *f)
{
	struct mis_names n;

	load_names(im, &n);
	if (header_fits(f, &n))
		return true;
	default_names(&n);
	return header_fits(f, &n);
}

static bool header_fits(struct import_file *f, const struct mis_names *nm)
{
	const struct mis_names n = *nm;
	const struct csv_reader *r = &f->csv;
	int wide = 0;
	day_t day;
	enum session s;

	for (int k = 0; k < MIS_KEYS; k++)
		f->column[k] = header_find(r, n.name[k]);
	if (f->column[MIS_UPN] < 0)
		return false;
	if (f->column[MIS_DATE] >= 0 && f->column[MIS_AM] >= 0 &&
	    f->column[MIS_PM] >= 0) {
		f->mis_layout = MIS_LONG;
		return true;
	}
	if (f->column[MIS_DATE] >= 0 && f->column[MIS_SESSION] >= 0 &&
	    f->column[MIS_MARK] >= 0) {
		f->mis_layout = MIS_PER_SESSION;
		return true;
	}
	for (size_t i = 0; i < r->nr_fields; i++)
		wide += !session_heading(r->field[i], &day, &s);
	f->mis_layout = MIS_WIDE;
	return wide > 0;
}

/* A wide layout's column: the session its heading names, if it does. */
struct mis_heading {
	day_t day;
	enum session s;
	int ok;
};

/* The pupil of a row and their enrolment at its school (NULL: not yet
 * on its roll). */
struct mis_pupil {
	char upn[14];
	int32_t urn;
	const struct roll_entry *en;
};

static int row_pupil(struct importer *im, struct import_file *f,
		     struct mis_pupil *p, struct error *e)
{
	p->urn = im->school;
	if (parse_upn(f, row_field(f, MIS_UPN), p->upn, e))
		return -1;
	if (f->column[MIS_URN] >= 0 && row_field(f, MIS_URN).len &&
	    parse_urn(f, row_field(f, MIS_URN), "urn", &p->urn, e))
		return -1;
	if (!p->urn)
		return error_at(e, f->name, f->csv.row_line, "urn", "this export "
				"has no URN column: name the school with --school "
				"URN");
	return import_enrolment_lookup(im, f, p->upn, p->urn, &p->en, e);
}

/*
 * The mark of one cell: named by its column (and the date by
 * date_column); held if its pupil is not yet on the roll.
 */
static int put_mark(struct importer *im, struct import_file *f,
		    struct marks_table *t, const struct mis_pupil *p, day_t day,
		    enum session s, struct csv_field code, const char *date_column,
		    const char *column, struct import_summary *sum,
		    struct error *e)
{
	struct mark_source at = { f->name, f->csv.row_line, date_column,
				  column, 0 };
	mark_t m;

	code = field_trim(code);
	if (!code.len || (code.len == 1 && code.p[0] == '-'))
		return 0;	/* no mark for this session */
	if (day > im->today)
		return import_mark_future(&at, im->today, 0, day, s, code.p,
					  code.len, 0, e);
	if (import_mark_check(&at, p->en, day, s, code.p, code.len, &m, e))
		return -1;
	import_quality_mark(im, p->urn, p->upn, day, s, m, at.line);
	if (!p->en)
		return import_hold(im, f, &at, p->upn, p->urn, day, s, m, sum, e);
	return import_mark_apply(im, t, f->import_id, p->en->enrolment_id,
				 academic_year_of(day), session_slot(day, s), m,
				 &at, sum, e);
}

/* The day in column MIS_DATE of the row: 0, or -1 with e set. */
static int row_day(const struct import_file *f, day_t *day, struct error *e)
{
	struct csv_field d = row_field(f, MIS_DATE);

	if (!mis_date(d.p, d.len, day))
		return 0;
	return error_at(e, f->name, f->csv.row_line,
			f->csv.names[f->column[MIS_DATE]], "'%.*s' is not a date "
			"(DD/MM/YYYY, D/M/YYYY or YYYY-MM-DD)",
			(int)(d.len > 20 ? 20 : d.len), d.p);
}

/* The marks of one row, in whichever layout. */
static int put_row(struct importer *im, struct import_file *f,
		   struct marks_table *t, const struct mis_pupil *en,
		   const struct mis_heading *heading, struct import_summary *sum,
		   struct error *e)
{
	const char *const *names = (const char *const *)f->csv.names;
	day_t day;
	enum session s;
	int rc = 0;

	switch (f->mis_layout) {
	case MIS_WIDE:
		for (size_t i = 0; i < f->csv.nr_names && !rc; i++)
			if (heading[i].ok)
				rc = put_mark(im, f, t, en, heading[i].day,
					      heading[i].s, f->csv.field[i],
					      names[i], names[i], sum, e);
		return rc;
	case MIS_PER_SESSION:
		if (row_day(f, &day, e))
			return -1;
		if (mis_session(row_field(f, MIS_SESSION), &s)) {
			struct csv_field v = row_field(f, MIS_SESSION);

			return error_at(e, f->name, f->csv.row_line,
					names[f->column[MIS_SESSION]], "'%.*s' is "
					"not a session (AM or PM, a.m. or p.m., "
					"Morning or Afternoon)",
					(int)(v.len > 20 ? 20 : v.len), v.p);
		}
		return put_mark(im, f, t, en, day, s, row_field(f, MIS_MARK),
				names[f->column[MIS_DATE]],
				names[f->column[MIS_MARK]], sum, e);
	default:
		if (row_day(f, &day, e))
			return -1;
		rc = put_mark(im, f, t, en, day, SESSION_AM, row_field(f, MIS_AM),
			      names[f->column[MIS_DATE]], names[f->column[MIS_AM]],
			      sum, e);
		if (!rc)
			rc = put_mark(im, f, t, en, day, SESSION_PM,
				      row_field(f, MIS_PM),
				      names[f->column[MIS_DATE]],
				      names[f->column[MIS_PM]], sum, e);
		return rc;
	}
}

int import_mis(struct importer *im, struct import_file *f,
	       struct import_summary *sum, struct error *e)
{
	struct marks_table t = MARKS_TABLE_INIT;
	struct mis_heading *heading = NULL;
	size_t nr_headings = f->csv.nr_names;
	int rc;

	if (import_roll_load(im, e))
		return -1;
	/* Column names are quoted in messages and may be saved as a mapping. */
	for (size_t i = 0; i < nr_headings; i++) {
		struct utf8_refusal r;

		if (utf8_name_check(f->csv.names[i], strlen(f->csv.names[i]), &r))
			return error_at(e, f->name, 1, "header", "column %zu: %s",
					i + 1, r.why);
	}
	if (f->mis_layout == MIS_WIDE) {
		heading = xcalloc(nr_headings + 1, sizeof(*heading));
		for (size_t i = 0; i < nr_headings; i++) {
			struct csv_field h = { f->csv.names[i], strlen(f->csv.names[i]) };
			heading[i].ok = !session_heading(h, &heading[i].day,
							 &heading[i].s);
		}
	}
	while ((rc = import_next_row(f, e)) > 0) {
		struct mis_pupil p;

		if (row_pupil(im, f, &p, e) ||
		    put_row(im, f, &t, &p, heading, sum, e)) {
			rc = -1;
			break;
		}
	}
	free(heading);
	if (!rc)
		return import_marks_finish(im, &t, e);
	import_marks_release(&t);
	return rc;
}

int import_mapping_save(struct store *st, int32_t urn, const char *spec,
			struct error *e)
{
	char value[MIS_KEYS][64] = { "" };
	sqlite3_stmt *stmt;
	const char *p = spec;
	struct utf8_refusal r;

	while (*p) {
		const char *eq = strchr(p, '='), *end = strchr(p, ',');
		size_t k;

		if (!end)
			end = p + strlen(p);
		if (!eq || eq > end)
			return error_set(e, ERROR_USAGE, "--map: '%.*s' is not "
					 "KEY=COLUMN", (int)(end - p), p);
		for (k = 0; k < MIS_KEYS; k++)
			if ((size_t)(eq - p) == strlen(mis_keys[k]) &&
			    !strncmp(p, mis_keys[k], strlen(mis_keys[k])))
				break;
		if (k == MIS_KEYS)
			return error_set(e, ERROR_USAGE, "--map: '%.*s' is not one "
					 "of upn, urn, date, am, pm, session, mark",
					 (int)(eq - p), p);
		if (end - eq - 1 <= 0 || end - eq - 1 >= 64)
			return error_set(e, ERROR_USAGE, "--map: %s needs a column "
					 "name", mis_keys[k]);
		if (utf8_name_check(eq + 1, (size_t)(end - eq - 1), &r))
			return error_set(e, ERROR_USAGE, "--map: %s: %s", mis_keys[k],
					 r.why);
		snprintf(value[k], 64, "%.*s", (int)(end - eq - 1), eq + 1);
		p = *end ? end + 1 : end;
	}
	stmt = store_prepare(st, "INSERT INTO mis_mapping (urn, upn_column, "
			     "urn_column, date_column, am_column, pm_column, "
			     "session_column, mark_column) VALUES (?, ?, ?, ?, ?, ?, "
			     "?, ?) ON CONFLICT (urn) DO UPDATE SET upn_column = "
			     "excluded.upn_column, urn_column = excluded.urn_column, "
			     "date_column = excluded.date_column, am_column = "
			     "excluded.am_column, pm_column = excluded.pm_column, "
			     "session_column = excluded.session_column, mark_column = "
			     "excluded.mark_column", e);
	if (!stmt)
		return -1;
	sqlite3_bind_int(stmt, 1, urn);
	for (int k = 0; k < MIS_KEYS; k++)
		store_bind_text(stmt, 2 + k, value[k]);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(st, e, "saving the column mapping");
	return 0;
}
