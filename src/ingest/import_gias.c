/*
 * The register of schools from GIAS: the DfE's "Get Information about
 * Schools" establishment extract, imported as published, filtered to the
 * authority (the la_code setting), each school given its type, phase and,
 * if it has closed, the day it closed.  The plain schools file stays.
 *
 * Sources, and how sure each fact is.
 *   - The file: "Establishment fields CSV" on GIAS's Downloads page
 *     (https://www.get-information-schools.service.gov.uk/Downloads), a
 *     zip holding edubasealldataYYYYMMDD.csv, one row per establishment
 *     in England, open or closed.  The download steps and the status
 *     values (Open; Open, but proposed to close; Proposed to open;
 *     Closed), and LAESTAB as LA (code) then EstablishmentNumber, are in
 *     the DfE's own documentation of a service that reads it
 *     (DFE-Digital/education-benchmarking-and-insights,
 *     documentation/data/CFR/3_DimGIAS.md).  Sure.
 *   - The header, in order: URN, LA (code), LA (name),
 *     EstablishmentNumber, EstablishmentName, TypeOfEstablishment (code),
 *     TypeOfEstablishment (name), EstablishmentTypeGroup (code),
 *     EstablishmentTypeGroup (name), EstablishmentStatus (code),
 *     EstablishmentStatus (name), ReasonEstablishmentOpened (code|name),
 *     OpenDate, ReasonEstablishmentClosed (code|name), CloseDate,
 *     PhaseOfEducation (code), PhaseOfEducation (name), StatutoryLowAge,
 *     StatutoryHighAge, ... Postcode, ... (about 140 columns): the label
 *     of every column of edubasealldata20230421.csv as a reader of it
 *     lists them (MastodonC/witan.gias, src/witan/gias/all_data.clj),
 *     agreeing with the labels used above.  Sure of the names; columns
 *     are found by name, so their order and the others do not matter.
 *   - TypeOfEstablishment (name) and its EstablishmentTypeGroup (name):
 *     the values of edubasealldata20250109.csv (witan.gias,
 *     data/edubasealldata20250109-establishment-types.csv): Community
 *     school, Voluntary aided school, ..., Academy converter, Free schools
 *     alternative provision, Pupil referral unit, ...; groups Local
 *     authority maintained schools, Academies, Free Schools, Special
 *     schools, Independent schools, Colleges, Universities, Welsh
 *     schools, Other types, Online provider.  Sure for that extract;
 *     a type added later falls back on its group.
 *   - PhaseOfEducation (name): Not applicable, Nursery, Primary, Middle
 *     deemed primary, Secondary, Middle deemed secondary, 16 plus, All
 *     through (written "All-through" too): DfE services' code tables
 *     for GIAS's codes 0-7.  Fairly sure; matched regardless of case,
 *     hyphen or space.
 *   - The extract is Windows-1252 (the brief of issue 17; not checked
 *     against a published file): the encoding rule of every CSV file
 *     (util/utf8.h) reads it.
 *   - CloseDate: decided, read as DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD;
 *     the format of the published file was not seen.
 *
 * Decided:
 *   - schools only: the groups Local authority maintained schools,
 *     Academies, Free Schools, Special schools and Independent schools;
 *     colleges, universities, children's centres, Welsh establishments,
 *     online providers and other types are skipped, and so is an
 *     establishment without an EstablishmentNumber (it has no LAESTAB);
 *   - the type (school.type): pru_ap for pupil referral units and
 *     alternative provision academies and free schools; special for
 *     maintained, non-maintained, academy and free special schools;
 *     independent for independent schools (an independent special school
 *     included: it is independent first); free_school for the other free
 *     schools, UTCs and studio schools; academy for the other academies;
 *     maintained for the other local-authority schools;
 *   - the phase (school.phase, which the reports use): special for
 *     special schools, ap for PRUs and AP; else Nursery, Primary and
 *     Middle deemed primary are primary and the other phases secondary;
 *     "Not applicable" (many independent schools) is read from
 *     StatutoryLowAge: under 11 primary, else secondary;
 *   - closed establishments (EstablishmentStatus (name) Closed) need a
 *     CloseDate; one already in the store is marked closed, else it is
 *     imported only if it closed since 1 August of last academic year
 *     (older ones have no registers here), and not if another school
 *     holds its LAESTAB (a successor that kept the number);
 *   - every other status is open: a school proposed to close has not yet.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/import_internal.h"
#include "store/config.h"

static const char *const type_names[SCHOOL_TYPE_COUNT] = {
	[SCHOOL_TYPE_UNKNOWN] = "", [SCHOOL_ACADEMY] = "academy",
	[SCHOOL_MAINTAINED] = "maintained", [SCHOOL_FREE] = "free_school",
	[SCHOOL_SPECIAL] = "special", [SCHOOL_PRU_AP] = "pru_ap",
	[SCHOOL_INDEPENDENT] = "independent",
};

const char *school_type_name(enum school_type t)
{
	return (unsigned)t < SCHOOL_TYPE_COUNT ? type_names[t] : "";
}

int school_type_parse(const char *s, size_t n)
{
	for (int t = 0; t < SCHOOL_TYPE_COUNT; t++)
		if (strlen(type_names[t]) == n && !strncasecmp(type_names[t], s, n))
			return t;
	return -1;
}

/* The columns read, by name. */
enum {
	GI_URN, GI_LA, GI_ESTAB, GI_NAME, GI_TYPE, GI_STATUS, GI_PHASE,
	GI_GROUP, GI_CLOSE, GI_LOW_AGE, GI_COLUMNS
};
static const struct column_spec gias_columns[GI_COLUMNS] = {
	{ "URN", 1 }, { "LA (code)", 1 }, { "EstablishmentNumber", 1 },
	{ "EstablishmentName", 1 }, { "TypeOfEstablishment (name)", 1 },
	{ "EstablishmentStatus (name)", 1 }, { "PhaseOfEducation (name)", 1 },
	{ "EstablishmentTypeGroup (name)", 0 }, { "CloseDate", 0 },
	{ "StatutoryLowAge", 0 },
};

bool import_header_is_gias(const struct csv_reader *r)
{
	for (int c = 0; c < GI_COLUMNS; c++)
		if (gias_columns[c].required && header_find(r, gias_columns[c].name) < 0)
			return false;
	return true;
}

void import_gias_columns(struct import_file *f)
{
	for (int c = 0; c < GI_COLUMNS; c++)
		f->column[c] = header_find(&f->csv, gias_columns[c].name);
	f->nr_columns = f->csv.nr_fields;
}

/* Whether v is name, ignoring case, spaces and hyphens. */
static bool loosely(struct csv_field v, const char *name)
{
	size_t i = 0;

	for (const char *p = name;; p++) {
		while (i < v.len && (v.p[i] == ' ' || v.p[i] == '-'))
			i++;
		while (*p == ' ' || *p == '-')
			p++;
		if (!*p)
			return i == v.len;
		if (i == v.len || (v.p[i] | 0x20) != (*p | 0x20))
			return false;
		i++;
	}
}

/* The groups of establishments that are schools, and their type. */
static const struct { const char *group; enum school_type type; } groups[] = {
	{ "Local authority maintained schools", SCHOOL_MAINTAINED },
	{ "Academies", SCHOOL_ACADEMY }, { "Free Schools", SCHOOL_FREE },
	{ "Special schools", SCHOOL_SPECIAL },
	{ "Independent schools", SCHOOL_INDEPENDENT },
};

/* TypeOfEstablishment (name) whose type is not their group's. */
static const struct { const char *name; enum school_type type; } types[] = {
	{ "Pupil referral unit", SCHOOL_PRU_AP },
	{ "Academy alternative provision converter", SCHOOL_PRU_AP },
	{ "Academy alternative provision sponsor led", SCHOOL_PRU_AP },
	{ "Free schools alternative provision", SCHOOL_PRU_AP },
	{ "Academy special converter", SCHOOL_SPECIAL },
	{ "Academy special sponsor led", SCHOOL_SPECIAL },
	{ "Free schools special", SCHOOL_SPECIAL },
	{ "Other independent special school", SCHOOL_INDEPENDENT },
	{ "Community special school", SCHOOL_SPECIAL },
	{ "Foundation special school", SCHOOL_SPECIAL },
	{ "Non-maintained special school", SCHOOL_SPECIAL },
	{ "City technology college", SCHOOL_INDEPENDENT },
	{ "Other independent school", SCHOOL_INDEPENDENT },
};

/* The school's type, or SCHOOL_TYPE_UNKNOWN if it is not a school. */
static enum school_type gias_type(struct csv_field type, struct csv_field group)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (loosely(type, types[i].name))
			return types[i].type;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (loosely(group, groups[i].group))
			return groups[i].type;
	/* An extract without the group column: the type names the group. */
	if (!group.len) {
		static const struct { const char *prefix; enum school_type t; } p[] = {
			{ "Academy", SCHOOL_ACADEMY }, { "Free school", SCHOOL_FREE },
			{ "Community school", SCHOOL_MAINTAINED },
			{ "Voluntary", SCHOOL_MAINTAINED },
			{ "Foundation school", SCHOOL_MAINTAINED },
			{ "Local authority nursery school", SCHOOL_MAINTAINED },
			{ "University technical college", SCHOOL_FREE },
			{ "Studio school", SCHOOL_FREE },
		};
		for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++)
			if (type.len >= strlen(p[i].prefix) &&
			    !strncasecmp(type.p, p[i].prefix, strlen(p[i].prefix)))
				return p[i].t;
	}
	return SCHOOL_TYPE_UNKNOWN;
}

static enum phase gias_phase(struct csv_field phase, enum school_type type,
			     struct csv_field low_age)
{
	static const char *const primary[] = { "Nursery", "Primary",
					       "Middle deemed primary" };
	static const char *const secondary[] = { "Secondary",
		"Middle deemed secondary", "16 plus", "All through" };
	long age = 0;

	if (type == SCHOOL_SPECIAL)
		return PHASE_SPECIAL;
	if (type == SCHOOL_PRU_AP)
		return PHASE_AP;
	for (size_t i = 0; i < sizeof(primary) / sizeof(primary[0]); i++)
		if (loosely(phase, primary[i]))
			return PHASE_PRIMARY;
	for (size_t i = 0; i < sizeof(secondary) / sizeof(secondary[0]); i++)
		if (loosely(phase, secondary[i]))
			return PHASE_SECONDARY;
	for (size_t i = 0; i < low_age.len && i < 3; i++) {
		if (low_age.p[i] < '0' || low_age.p[i] > '9')
			break;
		age = age * 10 + (low_age.p[i] - '0');
	}
	return low_age.len && age >= 11 ? PHASE_SECONDARY : PHASE_PRIMARY;
}

/* DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD. */
static int gias_date(struct csv_field v, day_t *out)
{
	int d, m, y;

	if (!date_parse(v.p, v.len, out))
		return 0;
	if (v.len != 10 || (v.p[2] != '-' && v.p[2] != '/') || v.p[5] != v.p[2])
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 2 && i != 5 && (v.p[i] < '0' || v.p[i] > '9'))
			return -1;
	d = (v.p[0] - '0') * 10 + v.p[1] - '0';
	m = (v.p[3] - '0') * 10 + v.p[4] - '0';
	y = ((v.p[6] - '0') * 10 + v.p[7] - '0') * 100 + (v.p[8] - '0') * 10 +
	    v.p[9] - '0';
	if (!date_valid_ymd(y, m, d) || y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

/* One school of the authority, as read. */
struct gias_school {
	int32_t urn, laestab;
	char *name;
	enum phase phase;
	enum school_type type;
	day_t closed;		/* DAY_NONE if open */
	long line;
};

static int digits(struct csv_field v, size_t min, size_t max, long *out)
{
	long n = 0;

	if (v.len < min || v.len > max)
		return -1;
	for (size_t i = 0; i < v.len; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return -1;
		n = n * 10 + (v.p[i] - '0');
	}
	*out = n;
	return 0;
}

static const char *field_name(int c)
{
	return gias_columns[c].name;
}

/*
 * Reads a row of the authority's into *s: 1, 0 if it is not a school (or
 * has no establishment number), -1 with e set.
 */
static int gias_row(const struct import_file *f, struct gias_school *s,
		    struct error *e)
{
	struct csv_field estab = row_field(f, GI_ESTAB);
	struct csv_field name = row_field(f, GI_NAME);
	struct csv_field status = row_field(f, GI_STATUS);
	long la = 0, n = 0;

	s->line = f->csv.row_line;
	s->type = gias_type(row_field(f, GI_TYPE), row_field(f, GI_GROUP));
	if (s->type == SCHOOL_TYPE_UNKNOWN || !estab.len)
		return 0;
	if (parse_urn(f, row_field(f, GI_URN), field_name(GI_URN), &s->urn, e))
		return -1;
	digits(row_field(f, GI_LA), 3, 3, &la);
	if (digits(estab, 4, 4, &n))
		return error_at(e, f->name, s->line, field_name(GI_ESTAB), "'%.*s' "
				"is not an establishment number (4 digits)",
				(int)(estab.len > 20 ? 20 : estab.len), estab.p);
	s->laestab = (int32_t)(la * 10000 + n);
	if (!name.len)
		return error_at(e, f->name, s->line, field_name(GI_NAME),
				"a school needs a name");
	if (parse_name(f, name, field_name(GI_NAME), e))
		return -1;
	s->phase = gias_phase(row_field(f, GI_PHASE), s->type,
			      row_field(f, GI_LOW_AGE));
	s->closed = DAY_NONE;
	if (field_is(status, "Closed")) {
		struct csv_field d = row_field(f, GI_CLOSE);

		if (!d.len)
			return error_at(e, f->name, s->line, field_name(GI_CLOSE),
					"a closed establishment needs the day it "
					"closed");
		if (gias_date(d, &s->closed))
			return error_at(e, f->name, s->line, field_name(GI_CLOSE),
					"'%.*s' is not a date (DD-MM-YYYY)",
					(int)(d.len > 20 ? 20 : d.len), d.p);
	}
	s->name = xstrndup(name.p, name.len);
	return 1;
}

/* The stored school with that URN: 1 if found (its row in *old), else 0. */
static int school_read(struct importer *im, int32_t urn, struct gias_school *old,
		       struct strbuf *name, struct error *e)
{
	sqlite3_stmt *q = store_prepare(im->st, "SELECT laestab, name, phase, "
					"type, closed FROM school WHERE urn = ?", e);
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, urn);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *phase = (const char *)sqlite3_column_text(q, 2);
		const char *type = (const char *)sqlite3_column_text(q, 3);
		int t = type ? school_type_parse(type, strlen(type)) : -1;

		old->laestab = sqlite3_column_int(q, 0);
		strbuf_reset(name);
		strbuf_addstr(name, (const char *)sqlite3_column_text(q, 1));
		old->phase = (enum phase)phase_parse(phase, strlen(phase));
		old->type = t < 0 ? SCHOOL_TYPE_UNKNOWN : (enum school_type)t;
		old->closed = store_column_day(q, 4);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlite_error(im->st, e, "reading a school");
	return rc == SQLITE_ROW;
}

/* The URN of another school holding the LAESTAB, or 0. */
static int32_t laestab_holder(struct importer *im, const struct gias_school *s)
{
	sqlite3_stmt *q = store_prepare(im->st, "SELECT urn FROM school WHERE "
					"laestab = ? AND urn <> ?", NULL);
	int32_t urn = 0;

	if (!q)
		return 0;
	sqlite3_bind_int(q, 1, s->laestab);
	sqlite3_bind_int(q, 2, s->urn);
	if (sqlite3_step(q) == SQLITE_ROW)
		urn = sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	return urn;
}

static int school_save(struct importer *im, const struct import_file *f,
		       const struct gias_school *s, struct import_summary *sum,
		       struct error *e)
{
	sqlite3_stmt *put = store_prepare(im->st, "INSERT INTO school (urn, "
		"laestab, name, phase, type, closed) VALUES (?1, ?2, ?3, ?4, ?5, "
		"?6) ON CONFLICT (urn) DO UPDATE SET laestab = ?2, name = ?3, "
		"phase = ?4, type = ?5, closed = ?6", e);
	struct gias_school old = { 0 };
	struct strbuf name = STRBUF_INIT;
	int found = school_read(im, s->urn, &old, &name, e), holder;

	if (found < 0 || !put) {
		strbuf_release(&name);
		return -1;
	}
	if (!found && s->closed != DAY_NONE &&
	    s->closed < academic_year_start(academic_year_of(im->today) - 1)) {
		strbuf_release(&name);
		sum->skipped_closed++;
		return 0;	/* closed before last year: nothing here of it */
	}
	holder = laestab_holder(im, s);
	if (holder && s->closed != DAY_NONE) {
		strbuf_release(&name);
		sum->skipped_closed++;
		return 0;	/* its successor kept the number */
	}
	if (holder) {
		strbuf_release(&name);
		return error_at(e, f->name, s->line, field_name(GI_ESTAB), "LAESTAB "
				"%07d already belongs to school %06d", s->laestab,
				holder);
	}
	if (found && old.laestab == s->laestab && !strcmp(name.buf, s->name) &&
	    old.phase == s->phase && old.type == s->type && old.closed == s->closed) {
		strbuf_release(&name);
		sum->unchanged++;
		return 0;
	}
	strbuf_release(&name);
	if (found)
		sum->updated++;
	else
		sum->added++;
	sqlite3_bind_int(put, 1, s->urn);
	sqlite3_bind_int(put, 2, s->laestab);
	sqlite3_bind_text(put, 3, s->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 4, phase_name(s->phase), -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 5, school_type_name(s->type), -1, SQLITE_STATIC);
	store_bind_day(put, 6, s->closed);
	if (sqlite3_step(put) != SQLITE_DONE) {
		sqlite3_reset(put);
		return store_sqlite_error(im->st, e, "saving a school");
	}
	sqlite3_reset(put);
	return 0;
}

int import_gias(struct importer *im, struct import_file *f,
		struct import_summary *sum, struct error *e)
{
	struct gias_school *rows = NULL;
	size_t nr = 0, alloc = 0;
	char la[8];
	int rc;

	if (config_get(im->st, "la_code", la, sizeof(la)) || strlen(la) != 3)
		return error_at(e, f->name, 1, NULL, "a GIAS extract lists every "
				"establishment in England: say which authority's "
				"are to be imported first (attend config la_code "
				"NNN)");
	while ((rc = import_next_row(f, e)) > 0) {
		struct csv_field v = row_field(f, GI_LA);

		if (v.len != 3 || memcmp(v.p, la, 3)) {
			sum->skipped++;
			continue;	/* another authority's */
		}
		ALLOC_GROW(rows, nr + 1, alloc);
		rc = gias_row(f, &rows[nr], e);
		if (rc < 0)
			break;
		if (rc == 0)
			sum->skipped_type++;
		else
			nr++;
	}
	/* Open schools first: a closed one gives way to its successor. */
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < nr && !rc; i++)
			if ((rows[i].closed != DAY_NONE) == pass)
				rc = school_save(im, f, &rows[i], sum, e);
	for (size_t i = 0; i < nr; i++)
		free(rows[i].name);
	free(rows);
	return rc;
}
