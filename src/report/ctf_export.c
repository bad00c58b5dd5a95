#include "report/ctf_export.h"

#include <sqlite3.h>
#include <string.h>

#include "core/measure.h"
#include "util/strbuf.h"

static void xml_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		default: fputc(*s, out);
		}
	}
}

static void element(FILE *out, const char *indent, const char *name,
		    const char *value)
{
	fprintf(out, "%s<%s>", indent, name);
	xml_text(out, value);
	fprintf(out, "</%s>\n", name);
}

/* One year's marks as YearData: the string runs from the first marked
 * day to the last, a character or two per session, '-' where unmarked. */
static void year_data(FILE *out, int year, int32_t laestab, const mark_t *m,
		      size_t n)
{
	struct measure t = { 0 };
	size_t first = 0, last;
	char start[11];

	while (first < n && m[first] == MARK_MISSING)
		first++;
	if (first == n)
		return;
	first &= ~(size_t)1;	/* a day starts with its AM session */
	last = n;
	while (last > first && m[last - 1] == MARK_MISSING)
		last--;
	measure_add_marks(&t, m + first, last - first);
	date_format(slot_day(year, (int)first), start);
	fprintf(out, "        <YearData>\n          <Year>%d</Year>\n"
		"          <LEA>%03d</LEA>\n          <Estab>%04d</Estab>\n"
		"          <SessionsPossible>%u</SessionsPossible>\n"
		"          <SessionsAuthorised>%u</SessionsAuthorised>\n"
		"          <SessionsAttended>%u</SessionsAttended>\n"
		"          <SessionsUnauthorised>%u</SessionsUnauthorised>\n"
		"          <AttendSessions>\n"
		"            <AttendanceStartDate>%s</AttendanceStartDate>\n"
		"            <AttendanceMarks>", year, laestab / 10000 % 1000,
		laestab % 10000, t.possible, t.authorised, t.attendance,
		t.unauthorised, start);
	for (size_t i = first; i < last; i++) {
		const char *c = mark_info(m[i])->code;
		if (m[i] == MARK_MISSING)
			fputc('-', out);
		else
			xml_text(out, c);
	}
	fputs("</AttendanceMarks>\n          </AttendSessions>\n"
	      "        </YearData>\n", out);
}

int ctf_export_write(struct store *st, const struct ctf_export *x, FILE *out,
		     struct error *e)
{
	sqlite3_stmt *school, *pupils;
	char now[STORE_TIME_SIZE], name[256] = "";
	int32_t laestab = 0;
	int64_t school_id = 0;
	mark_t marks[YEAR_SLOTS_MAX];
	int count = 0;

	school = store_prepare(st, "SELECT id, laestab, name FROM school "
			       "WHERE urn = ?", e);
	if (!school)
		return -1;
	sqlite3_bind_int(school, 1, x->urn);
	if (sqlite3_step(school) == SQLITE_ROW) {
		school_id = sqlite3_column_int64(school, 0);
		laestab = sqlite3_column_int(school, 1);
		store_column_text(school, 2, name, sizeof(name));
	}
	sqlite3_reset(school);
	if (!school_id)
		return error_set(e, ERROR_INPUT, "school %06d is not in the store",
				 x->urn);
	/* DateTime as the file has always carried it: UTC, no zone letter. */
	store_now(now);
	now[19] = '\0';
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CTfile>\n"
		"  <Header>\n    <DocumentName>Common Transfer File</DocumentName>\n"
		"    <CTFversion>25.0</CTFversion>\n    <DateTime>%s</DateTime>\n"
		"    <DocumentQualifier>partial</DocumentQualifier>\n"
		"    <SupplierID>attend</SupplierID>\n    <SourceSchool>\n"
		"      <LEA>%03d</LEA>\n      <Estab>%04d</Estab>\n"
		"      <URN>%06d</URN>\n", now, laestab / 10000 % 1000,
		laestab % 10000, x->urn);
	element(out, "      ", "SchoolName", name);
	fprintf(out, "      <AcademicYear>%d</AcademicYear>\n    </SourceSchool>\n",
		x->last_year);
	if (x->dest_laestab)
		fprintf(out, "    <DestSchool>\n      <LEA>%03d</LEA>\n      <Estab>"
			"%04d</Estab>\n    </DestSchool>\n",
			x->dest_laestab / 10000 % 1000, x->dest_laestab % 10000);
	fputs("  </Header>\n  <CTFpupilData>\n", out);

	pupils = store_prepare(st, "SELECT e.id, p.upn, p.surname, p.forename, "
			       "p.dob, p.sex, e.year_group, p.fsm, p.sen, "
			       "p.social_care, p.postcode FROM enrolment e JOIN pupil p "
			       "ON p.id = e.pupil_id WHERE e.school_id = ?1 AND "
			       "(?2 IS NULL OR p.upn = ?2) ORDER BY p.upn", e);
	if (!pupils)
		return -1;
	sqlite3_bind_int64(pupils, 1, school_id);
	if (x->upn)
		sqlite3_bind_text(pupils, 2, x->upn, -1, SQLITE_STATIC);
	while (sqlite3_step(pupils) == SQLITE_ROW) {
		const char *col[11];
		int64_t enrolment = sqlite3_column_int64(pupils, 0);

		for (int c = 1; c < 11; c++)
			col[c] = (const char *)sqlite3_column_text(pupils, c);
		fputs("    <Pupil>\n", out);
		element(out, "      ", "UPN", col[1]);
		element(out, "      ", "Surname", col[2]);
		element(out, "      ", "Forename", col[3]);
		element(out, "      ", "DOB", col[4]);
		if (*col[5])
			element(out, "      ", "Sex", col[5]);
		if (*col[6]) {
			fputs("      <BasicDetails>\n", out);
			element(out, "        ", "NCyearActual", col[6]);
			fputs("      </BasicDetails>\n", out);
		}
		if (!strcmp(col[9], "CLA"))
			fputs("      <LookedAfter>\n        <InCare>true</InCare>\n"
			      "      </LookedAfter>\n", out);
		if (!strcmp(col[7], "Y"))
			/* attend knows eligibility, not its dates: from the
			 * start of the first year exported */
			fprintf(out, "      <FSMhistory>\n        <FSMinstance>\n"
				"          <FSMstartDate>%d-08-01</FSMstartDate>\n"
				"        </FSMinstance>\n      </FSMhistory>\n",
				x->first_year);
		if (*col[8])
			fprintf(out, "      <SENhistory>\n        <SEN>\n"
				"          <SENprovision>%s</SENprovision>\n"
				"        </SEN>\n      </SENhistory>\n", col[8]);
		if (*col[10]) {
			fputs("      <Address>\n", out);
			element(out, "        ", "PostCode", col[10]);
			fputs("      </Address>\n", out);
		}
		fputs("      <Attendance>\n", out);
		for (int y = x->first_year; y <= x->last_year; y++) {
			if (store_marks_load(st, y, enrolment, marks, e)) {
				sqlite3_reset(pupils);
				return -1;
			}
			year_data(out, y, laestab, marks,
				  (size_t)academic_year_slots(y));
		}
		fputs("      </Attendance>\n    </Pupil>\n", out);
		count++;
	}
	sqlite3_reset(pupils);
	fputs("  </CTFpupilData>\n</CTfile>\n", out);
	if (x->upn && !count)
		return error_set(e, ERROR_INPUT, "pupil %s is not on the roll of "
				 "school %06d", x->upn, x->urn);
	if (ferror(out))
		return error_set(e, ERROR_INTERNAL, "writing the CTF failed");
	return 0;
}
