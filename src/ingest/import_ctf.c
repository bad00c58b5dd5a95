/*
 * The Common Transfer File (CTF): the DfE's XML for pupil data, which
 * every English MIS exports.  Parsed with expat as it streams, in chunks
 * of the mapped file, so memory does not grow with the file: each pupil
 * is handed to the store when its </Pupil> closes, and its marks written
 * and forgotten; at most CTF_RING pupils wait between the two threads
 * (import_ctf.h), and import_ctf_store.c saves them.  (The only thing
 * kept per pupil is 32 bytes to find a UPN given twice.)
 *
 * Sources, and how sure each fact is.  The DfE's "Common transfer file
 * CTF n specification" (15, 17, 18, 20, 21: their contents pages; CTF 18
 * added the URN to the header; CTF 24 is valid from September 2024, CTF
 * 25 from September 2025, whose header says <CTFversion>25.0</CTFversion>
 * and <AcademicYear>2025</AcademicYear> from 1 August 2025, so a year is
 * named by its first calendar year) gave the message structure; the
 * element names under Attendance and the form of the mark string come
 * from an MIS's CTF importer and exporter (Follett Aspen, UK), which nest
 * the marks in YearData/AttendSessions as AttendanceStartDate and
 * AttendanceMarks.  The attendance section of a CTF 24/25 specification
 * was not found; what is marked "decided" below is this importer's
 * reading, not the DfE's words.
 *
 * Looked for again for issue 17 (the DfE's specification pages, MIS
 * suppliers' CTF documentation, CTF readers and writers in public code):
 *   - the header: Capita One's "Supported Versions" notes for its CTF
 *     import and export (onepublications.com/oneeducation/mergedProjects/
 *     CTF/Supported_Versions.htm, releases 3.77 to 3.83) write it
 *     <CTFVersion>24.0</CTFVersion>, <DateTime>2024-04-12T04:26:45
 *     </DateTime> (the time the file was made, no zone) and
 *     <AcademicYear>2024</AcademicYear> from 1 August 2024.  Sure: the
 *     DateTime is when the file was made, which is why no mark may come
 *     after its day (below).  Both spellings, CTFversion and CTFVersion,
 *     are read.
 *   - the mark string (which days it covers, how the codes of August
 *     2024 are written): no text of the DfE's was found.  The decisions
 *     below stand, and the string is checked against its dates so that a
 *     layout other than the one assumed is refused rather than misread:
 *     one that runs past its year's 31 July, or past the day the file was
 *     made (or today), is refused naming the first session concerned.  A
 *     string written without its weekends would put school days' marks
 *     on Saturdays and Sundays, and a Sunday mark is noted (below), as is
 *     a year whose totals disagree with its marks.  A string ending on a
 *     morning (a file made at midday) is accepted: its afternoon is
 *     simply not given.
 *   - Exclusions: the element names read (Pupil/Exclusions/Exclusion with
 *     StartDate, EndDate, Category, Reason, Sessions) are those issue 17
 *     gives; no specification text or exporter was found to confirm them.
 *     Not sure.  Category takes the DfE census's codes (FIXD, PERM, LUNC);
 *     an element other than these is skipped, as everywhere in a CTF.
 *
 *   CTfile                      the root, with or without a default
 *                               namespace; any CTFversion is accepted
 *     Header
 *       CTFversion              "18.0", "25.0", ...; read, not kept
 *       DateTime                when the file was made: the date against
 *                               which FSM eligibility is "current"
 *       SourceSchool
 *         LEA, Estab            3 + 4 digits: the LAESTAB
 *         URN                   6 digits (since CTF 18)
 *     CTFpupilData
 *       Pupil                   one per pupil
 *         UPN Surname Forename DOB
 *         Sex (Gender in older files)          M or F
 *         BasicDetails/FormerUPN, /NCyearActual (N1 N2 R 1-14, X: none)
 *         LookedAfter/InCare    true/false
 *         FSMhistory/FSMinstance/FSMstartDate, FSMendDate
 *         SENhistory/SEN/StartDate, SENprovision  N, K (support), E (EHC
 *                               plan); S (statement) read as E, and A, P
 *                               (School Action / Plus) as K
 *         Address/PostCode      (also under Address/BS7666Address)
 *         Exclusions/Exclusion  a suspension or exclusion (at most 8):
 *           StartDate, EndDate  YYYY-MM-DD; EndDate may be missing
 *           Category            FIXD, PERM or LUNC (ingest/exclusions.h)
 *           Reason, Sessions    a code or words; sessions missed
 *         Attendance/YearData   one per academic year (and school):
 *           Year                the academic year by its first calendar
 *                               year, as the header's AcademicYear
 *           LEA, Estab          the school the year was at, if given
 *           SessionsPossible, SessionsAttended, SessionsAuthorised,
 *           SessionsUnauthorised                  the year's totals
 *           AttendSessions/AttendanceStartDate, /AttendanceMarks
 *                               the session-by-session marks (also
 *                               accepted: AttendStartDate, AttendMarks,
 *                               and either directly under YearData)
 *
 * The mark string: one mark per session, two per day, morning then
 * afternoon, for consecutive days from the morning of the start date;
 * days the school was not in session are written "##" (the exporter walks
 * the school's calendar dates).  Decided: the days are calendar days,
 * weekends and holidays included (so the string's length fixes its last
 * date), and '-', which registers use for "no mark", leaves the session
 * as it is here.
 * Decided: the two-character codes of August 2024 (C1, C2, J1, Y1-Y7)
 * are written as their two characters.  A digit is never a code on its
 * own, so a letter and a digit that together make a code are one
 * session's mark and nothing else could be meant; the string is counted
 * in sessions, not characters.  Whitespace inside it is ignored.  Codes
 * are classified by the rules of the day they fall on (code_parse): "H"
 * is refused after 19 August 2024 and "C1" before.
 *
 * What is checked, each rejecting the whole file (one transaction) with
 * file, line, element path and reason:
 *   - well-formed XML in its declared encoding; the root is CTfile;
 *   - the source school (URN, or LEA and Estab) is a school in the store,
 *     and its URN and LAESTAB agree when both are given;
 *   - each UPN (and FormerUPN) passes its check letter; DOB is a date not
 *     in the future; sex, year group, SEN provision, InCare are known
 *     values; a UPN appears once in a file, and a DOB that contradicts an
 *     earlier Pupil element or the store is named as such;
 *   - Year is an academic year attend holds; the start date lies in it;
 *     the mark string does not run past its 31 July, nor (a mark other
 *     than '-') past the day in the Header's DateTime or today, whichever
 *     is earlier; every mark is a code in force on its day; no session is
 *     given two marks;
 *   - an Exclusion has a StartDate and a known Category; its EndDate is
 *     not before its StartDate;
 *   - Surname and Forename pass utf8_name_check() (no control or
 *     bidirectional-override characters: util/utf8.h).
 *
 * What is noted, not refused (import_quality.c): a year whose totals
 * disagree with its marks (possible, attended as present and approved
 * activity, authorised and unauthorised absence, computed from the marks
 * given by measure_add_marks) is imported from its marks, the note keeping
 * both sets of figures: at least one MIS counts SessionsAttended as
 * present marks only, and refusing every pupil of its schools for it
 * would stop their marks altogether (issue 17; issue 4 had refused the
 * file).  Marks other than '#' on Sundays, and on days the school's
 * calendar has it closed, are noted likewise.  Another school's year,
 * not stored, is not noted.
 *
 * What is stored: the pupil (as the pupils CSV stores one: the same
 * function), their enrolment at the source school with its year group,
 * and the marks of each YearData for the source school (or naming no
 * school), written as register files write them: changed marks replace
 * stored ones and go to the history.  YearData of another school is
 * checked but not stored: its marks belong to that school's enrolment and
 * arrive in that school's files.  InCare true makes the pupil looked
 * after (CLA); false leaves social care as stored, since a CTF does not
 * say whether a child is in need or on a protection plan.  FSM is Y when
 * an FSM instance covers the file's date, N when an FSMhistory has none
 * that does, and as stored when there is no FSMhistory.  A FormerUPN
 * held by a pupil when the UPN is not yet known renames that pupil.
 * Marks held for the pupil at the school (a register that came before
 * their record: import_held.c) are applied before the CTF's own, so a
 * session both give ends with the CTF's, the change in the history.
 * Exclusions are saved as the exclusions CSV saves them
 * (import_exclusions.c).
 */
#include <expat.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/measure.h"
#include "core/upn.h"
#include "core/urn.h"
#include "ingest/exclusions.h"
#include "ingest/import_ctf.h"
#include "util/strbuf.h"

#define CTF_CHUNK (64 * 1024)
#define CTF_DEPTH_MAX 16	/* elements read are at most 7 deep */
#define CTF_TEXT_MAX 4096	/* one element's text, marks included */
#define CTF_NS_SEP '\x1f'	/* between namespace URI and local name */
#define CTF_WAL_PAGES 16384	/* checkpoint every 64 MB in a run of CTFs */
#define CTF_BATCH 16		/* jobs given before a waiting store wakes */

enum element {
	EL_SKIP = 0, EL_DOCUMENT,
	EL_ROOT, EL_HEADER, EL_VERSION, EL_DATETIME, EL_SOURCE, EL_SOURCE_LEA,
	EL_SOURCE_ESTAB, EL_SOURCE_URN,
	EL_PUPIL_DATA, EL_PUPIL, EL_UPN, EL_SURNAME, EL_FORENAME, EL_DOB,
	EL_SEX, EL_BASIC, EL_FORMER_UPN, EL_NC_YEAR, EL_LOOKED_AFTER,
	EL_IN_CARE, EL_FSM_HISTORY, EL_FSM_INSTANCE, EL_FSM_START, EL_FSM_END,
	EL_SEN_HISTORY, EL_SEN, EL_SEN_START, EL_SEN_PROVISION, EL_ADDRESS,
	EL_BS7666, EL_POSTCODE,
	EL_ATTENDANCE, EL_YEAR_DATA, EL_YEAR, EL_YEAR_LEA, EL_YEAR_ESTAB,
	EL_POSSIBLE, EL_ATTENDED, EL_AUTHORISED, EL_UNAUTHORISED,
	EL_ATTEND_SESSIONS, EL_START, EL_MARKS,
	EL_EXCLUSIONS, EL_EXCLUSION, EL_EX_START, EL_EX_END, EL_EX_CATEGORY,
	EL_EX_REASON, EL_EX_SESSIONS,
};

/* The elements read, by parent; every other element is skipped whole. */
static const struct element_rule {
	enum element parent;
	const char *name;
	enum element self;
	int text;		/* 1: a value to read */
} rules[] = {
	{ EL_DOCUMENT, "CTfile", EL_ROOT, 0 },
	{ EL_ROOT, "Header", EL_HEADER, 0 },
	{ EL_HEADER, "CTFversion", EL_VERSION, 1 },
	{ EL_HEADER, "CTFVersion", EL_VERSION, 1 },
	{ EL_HEADER, "DateTime", EL_DATETIME, 1 },
	{ EL_HEADER, "SourceSchool", EL_SOURCE, 0 },
	{ EL_SOURCE, "LEA", EL_SOURCE_LEA, 1 },
	{ EL_SOURCE, "Estab", EL_SOURCE_ESTAB, 1 },
	{ EL_SOURCE, "URN", EL_SOURCE_URN, 1 },
	{ EL_ROOT, "CTFpupilData", EL_PUPIL_DATA, 0 },
	{ EL_PUPIL_DATA, "Pupil", EL_PUPIL, 0 },
	{ EL_PUPIL, "UPN", EL_UPN, 1 },
	{ EL_PUPIL, "Surname", EL_SURNAME, 1 },
	{ EL_PUPIL, "Forename", EL_FORENAME, 1 },
	{ EL_PUPIL, "DOB", EL_DOB, 1 },
	{ EL_PUPIL, "Sex", EL_SEX, 1 },
	{ EL_PUPIL, "Gender", EL_SEX, 1 },
	{ EL_PUPIL, "BasicDetails", EL_BASIC, 0 },
	{ EL_BASIC, "FormerUPN", EL_FORMER_UPN, 1 },
	{ EL_BASIC, "NCyearActual", EL_NC_YEAR, 1 },
	{ EL_PUPIL, "LookedAfter", EL_LOOKED_AFTER, 0 },
	{ EL_LOOKED_AFTER, "InCare", EL_IN_CARE, 1 },
	{ EL_PUPIL, "FSMhistory", EL_FSM_HISTORY, 0 },
	{ EL_FSM_HISTORY, "FSMinstance", EL_FSM_INSTANCE, 0 },
	{ EL_FSM_INSTANCE, "FSMstartDate", EL_FSM_START, 1 },
	{ EL_FSM_INSTANCE, "FSMendDate", EL_FSM_END, 1 },
	{ EL_PUPIL, "SENhistory", EL_SEN_HISTORY, 0 },
	{ EL_SEN_HISTORY, "SEN", EL_SEN, 0 },
	{ EL_SEN, "StartDate", EL_SEN_START, 1 },
	{ EL_SEN, "SENprovision", EL_SEN_PROVISION, 1 },
	{ EL_PUPIL, "Address", EL_ADDRESS, 0 },
	{ EL_ADDRESS, "PostCode", EL_POSTCODE, 1 },
	{ EL_ADDRESS, "BS7666Address", EL_BS7666, 0 },
	{ EL_BS7666, "PostCode", EL_POSTCODE, 1 },
	{ EL_PUPIL, "Attendance", EL_ATTENDANCE, 0 },
	{ EL_ATTENDANCE, "YearData", EL_YEAR_DATA, 0 },
	{ EL_YEAR_DATA, "Year", EL_YEAR, 1 },
	{ EL_YEAR_DATA, "LEA", EL_YEAR_LEA, 1 },
	{ EL_YEAR_DATA, "Estab", EL_YEAR_ESTAB, 1 },
	{ EL_YEAR_DATA, "SessionsPossible", EL_POSSIBLE, 1 },
	{ EL_YEAR_DATA, "SessionsAttended", EL_ATTENDED, 1 },
	{ EL_YEAR_DATA, "SessionsAuthorised", EL_AUTHORISED, 1 },
	{ EL_YEAR_DATA, "SessionsUnauthorised", EL_UNAUTHORISED, 1 },
	{ EL_YEAR_DATA, "AttendSessions", EL_ATTEND_SESSIONS, 0 },
	{ EL_YEAR_DATA, "AttendanceStartDate", EL_START, 1 },
	{ EL_YEAR_DATA, "AttendStartDate", EL_START, 1 },
	{ EL_YEAR_DATA, "AttendanceMarks", EL_MARKS, 1 },
	{ EL_YEAR_DATA, "AttendMarks", EL_MARKS, 1 },
	{ EL_ATTEND_SESSIONS, "AttendanceStartDate", EL_START, 1 },
	{ EL_ATTEND_SESSIONS, "AttendStartDate", EL_START, 1 },
	{ EL_ATTEND_SESSIONS, "AttendanceMarks", EL_MARKS, 1 },
	{ EL_ATTEND_SESSIONS, "AttendMarks", EL_MARKS, 1 },
	{ EL_PUPIL, "Exclusions", EL_EXCLUSIONS, 0 },
	{ EL_EXCLUSIONS, "Exclusion", EL_EXCLUSION, 0 },
	{ EL_EXCLUSION, "StartDate", EL_EX_START, 1 },
	{ EL_EXCLUSION, "EndDate", EL_EX_END, 1 },
	{ EL_EXCLUSION, "Category", EL_EX_CATEGORY, 1 },
	{ EL_EXCLUSION, "Reason", EL_EX_REASON, 1 },
	{ EL_EXCLUSION, "Sessions", EL_EX_SESSIONS, 1 },
};

struct ctf_source {
	struct ctf_value lea, estab, urn;
};

/* The YearData being read. */
struct ctf_year {
	struct ctf_value year, lea, estab, possible, attended, authorised,
		unauthorised, start;
	long line, marks_line;
	char start_path[128], marks_path[128];	/* for messages */
	int marks_given;
	size_t marks_len;
	char marks[CTF_TEXT_MAX + 1];
};

/* UPNs seen in this file, with the line and DOB given first. */
struct seen_pupil {
	char upn[14];
	char dob[11];
	long line;
};

/* An element path formatted once (see path_of_cached). */
struct path_cache {
	const struct element_rule *open[CTF_DEPTH_MAX];
	int nr_open;
	char path[128];
};

/* The parse of one file, on the reader thread. */
struct ctf_parse {
	struct ctf_reader *r;
	size_t file;
	struct import_file *f;
	struct error *e;
	XML_Parser parser;
	int failed;

	long depth;		/* elements open */
	long skip_from;		/* depth of the element being skipped, or -1 */
	int nr_open;		/* elements read that are open */
	const struct element_rule *open[CTF_DEPTH_MAX];

	const struct element_rule *leaf;	/* the value being read */
	long leaf_line;
	size_t text_len;
	char text[CTF_TEXT_MAX + 1];

	day_t file_day;
	day_t today;
	struct ctf_source source;
	int64_t school_id;	/* 0 until the source school is known */
	int32_t school_urn;
	int32_t school_laestab;

	struct ctf_pupil pupil;
	struct ctf_year year;
	struct ctf_marks *years;	/* CTF_YEARS_MAX, then a scratch one */

	struct seen_pupil *seen;
	size_t seen_mask, nr_seen;

	struct path_cache marks_path, start_path;
};

/* ---- errors ------------------------------------------------------- */

static void path_of(const struct ctf_parse *c, const char *child, char *out,
		    size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < c->nr_open && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "/" : "",
					c->open[i]->name);
	if (child && len < n)
		snprintf(out + len, n - len, "%s%s", len ? "/" : "", child);
}

/*
 * path_of() for elements read in every YearData: the same path each time
 * in practice, so it is formatted once and copied after.
 */
static void path_of_cached(const struct ctf_parse *c, struct path_cache *pc,
			   char out[128])
{
	if (pc->nr_open != c->nr_open ||
	    memcmp(pc->open, c->open, (size_t)c->nr_open * sizeof(c->open[0]))) {
		memcpy(pc->open, c->open, (size_t)c->nr_open * sizeof(c->open[0]));
		pc->nr_open = c->nr_open;
		path_of(c, NULL, pc->path, sizeof(pc->path));
	}
	memcpy(out, pc->path, sizeof(pc->path));
}

/* Stops the parse; e already says why. */
static int stop(struct ctf_parse *c)
{
	if (!c->failed) {
		c->failed = 1;
		XML_StopParser(c->parser, XML_FALSE);
	}
	return -1;
}

__attribute__((format(printf, 4, 0)))
static int vfail(struct ctf_parse *c, long line, const char *field,
		 const char *fmt, va_list ap)
{
	char msg[768];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	error_at(c->e, c->f->name, line, field && field[0] ? field : NULL, "%s",
		 msg);
	return stop(c);
}

/* An error at line, naming the open element (and its child, if given). */
__attribute__((format(printf, 4, 5)))
static int fail(struct ctf_parse *c, long line, const char *child,
		const char *fmt, ...)
{
	char field[256];
	va_list ap;
	int rc;

	path_of(c, child, field, sizeof(field));
	va_start(ap, fmt);
	rc = vfail(c, line, field, fmt, ap);
	va_end(ap);
	return rc;
}

/* An error naming an element by the path it was read at. */
__attribute__((format(printf, 4, 5)))
static int fail_at(struct ctf_parse *c, long line, const char *field,
		   const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(c, line, field, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---- values ------------------------------------------------------- */

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static long digits_value(const char *s)
{
	long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

static int is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* A date value, "YYYY-MM-DD" (a DateTime's time is allowed and ignored). */
static int value_date(struct ctf_parse *c, const struct ctf_value *v,
		      int with_time, day_t *out)
{
	size_t n = strlen(v->s);

	if ((n == 10 || (with_time && n > 10 && v->s[10] == 'T')) &&
	    !date_parse(v->s, 10, out))
		return 0;
	return fail(c, v->line, NULL, "'%s' is not a date (YYYY-MM-DD%s)", v->s,
		    with_time ? "Thh:mm:ss" : "");
}

/* A count of sessions: digits, at most 6. */
static int value_count(struct ctf_parse *c, const struct ctf_value *v)
{
	size_t n = strlen(v->s);

	if (n > 6 || !all_digits(v->s, n))
		return fail(c, v->line, NULL, "'%s' is not a number of sessions",
			    v->s);
	return 0;
}

static int value_upn(struct ctf_parse *c, const struct ctf_value *v)
{
	const char *why;

	if (!upn_valid(v->s, strlen(v->s), &why))
		return fail(c, v->line, NULL, "'%s': %s", v->s, why);
	return 0;
}

/* The value slot an element fills, or NULL for the mark string. */
static struct ctf_value *value_of(struct ctf_parse *c, enum element el)
{
	struct ctf_pupil *p = &c->pupil;
	struct ctf_year *y = &c->year;

	switch (el) {
	case EL_SOURCE_LEA: return &c->source.lea;
	case EL_SOURCE_ESTAB: return &c->source.estab;
	case EL_SOURCE_URN: return &c->source.urn;
	case EL_UPN: return &p->upn;
	case EL_SURNAME: return &p->surname;
	case EL_FORENAME: return &p->forename;
	case EL_DOB: return &p->dob;
	case EL_SEX: return &p->sex;
	case EL_FORMER_UPN: return &p->former_upn;
	case EL_NC_YEAR: return &p->year_group;
	case EL_IN_CARE: return &p->in_care;
	case EL_FSM_START: return &p->fsm_start;
	case EL_FSM_END: return &p->fsm_end;
	case EL_SEN_START: return &p->sen_start;
	case EL_SEN_PROVISION: return &p->sen_provision;
	case EL_POSTCODE: return &p->postcode;
	case EL_YEAR: return &y->year;
	case EL_YEAR_LEA: return &y->lea;
	case EL_YEAR_ESTAB: return &y->estab;
	case EL_POSSIBLE: return &y->possible;
	case EL_ATTENDED: return &y->attended;
	case EL_AUTHORISED: return &y->authorised;
	case EL_UNAUTHORISED: return &y->unauthorised;
	case EL_START: return &y->start;
	case EL_EX_START: return &p->ex_start;
	case EL_EX_END: return &p->ex_end;
	case EL_EX_CATEGORY: return &p->ex_category;
	case EL_EX_REASON: return &p->ex_reason;
	case EL_EX_SESSIONS: return &p->ex_sessions;
	default: return NULL;
	}
}

/* Checks one value as its element closes. */
static int value_check(struct ctf_parse *c, enum element el, struct ctf_value *v)
{
	size_t n = strlen(v->s);
	day_t day;
	int x;

	switch (el) {
	case EL_SOURCE_LEA: case EL_YEAR_LEA:
		if (n != 3 || !all_digits(v->s, n))
			return fail(c, v->line, NULL, "'%s' is not an LA number "
				    "(3 digits)", v->s);
		break;
	case EL_SOURCE_ESTAB: case EL_YEAR_ESTAB:
		if (n != 4 || !all_digits(v->s, n))
			return fail(c, v->line, NULL, "'%s' is not an "
				    "establishment number (4 digits)", v->s);
		break;
	case EL_SOURCE_URN:
		if (!urn_parse(v->s, n, &(int32_t){ 0 }))
			return fail(c, v->line, NULL, "'%s' is not a URN (6 "
				    "digits, the first not 0)", v->s);
		break;
	case EL_UPN: case EL_FORMER_UPN:
		return value_upn(c, v);
	case EL_SURNAME: case EL_FORENAME: {
		struct utf8_refusal r;

		if (!n)
			return fail(c, v->line, NULL, "must not be empty");
		if (utf8_name_check(v->s, n, &r))
			return fail(c, v->line, NULL, "%s", r.why);
		break;
	}
	case EL_DOB:
		if (value_date(c, v, 0, &day))
			return -1;
		if (day > c->today)
			return fail(c, v->line, NULL, "%s is in the future", v->s);
		break;
	case EL_SEX: {
		enum sex s;
		if (!n || sex_parse(v->s, n, &s))
			return fail(c, v->line, NULL, "'%s' is not M or F", v->s);
		break;
	}
	case EL_NC_YEAR:
		if (strcmp(v->s, "X") && (!n || year_group_parse(v->s, n, &x)))
			return fail(c, v->line, NULL, "'%s' is not a year group "
				    "(N1, N2, R, 1-14, or X for none)", v->s);
		break;
	case EL_IN_CARE: {
		enum flag f;
		if (!n || flag_parse(v->s, n, &f))
			return fail(c, v->line, NULL, "'%s' is not true or false",
				    v->s);
		c->pupil.cla = f == FLAG_YES;
		break;
	}
	case EL_FSM_START: case EL_FSM_END: case EL_SEN_START: case EL_START:
	case EL_EX_START: case EL_EX_END:
		return value_date(c, v, 0, &day);
	case EL_EX_CATEGORY:
		if (exclusion_category_parse(v->s, n) < 0)
			return fail(c, v->line, NULL, "'%s' is not a category "
				    "(FIXD, PERM or LUNC)", v->s);
		break;
	case EL_EX_REASON: {
		struct utf8_refusal r;

		if (utf8_name_check(v->s, n, &r))
			return fail(c, v->line, NULL, "%s", r.why);
		break;
	}
	case EL_EX_SESSIONS:
		return value_count(c, v);
	case EL_SEN_PROVISION:
		if (n != 1 || !strchr("NKEASP", v->s[0]))
			return fail(c, v->line, NULL, "'%s' is not an SEN provision "
				    "(N, K or E; legacy S, A or P)", v->s);
		break;
	case EL_POSTCODE:
		if (n > 10)
			return fail(c, v->line, NULL, "'%s' is not a postcode (at "
				    "most 10 characters)", v->s);
		break;
	case EL_YEAR:
		if (n != 4 || !all_digits(v->s, n) ||
		    digits_value(v->s) < ACADEMIC_YEAR_MIN ||
		    digits_value(v->s) > ACADEMIC_YEAR_MAX)
			return fail(c, v->line, NULL, "'%s' is not one of "
				    IMPORT_YEARS_HELD, v->s);
		break;
	case EL_POSSIBLE: case EL_ATTENDED: case EL_AUTHORISED:
	case EL_UNAUTHORISED:
		return value_count(c, v);
	default:
		break;
	}
	return 0;
}

static int leaf_end(struct ctf_parse *c, const struct element_rule *r)
{
	const char *s = c->text;
	size_t n = c->text_len;
	struct ctf_value *v;

	while (n && is_space((unsigned char)s[0])) {
		s++;
		n--;
	}
	while (n && is_space((unsigned char)s[n - 1]))
		n--;
	if (r->self == EL_MARKS) {
		struct ctf_year *y = &c->year;
		if (y->marks_given)
			return fail(c, c->leaf_line, NULL, "given twice in one "
				    "YearData");
		memcpy(y->marks, s, n);
		y->marks[n] = '\0';
		y->marks_len = n;
		y->marks_line = c->leaf_line;
		y->marks_given = 1;
		path_of_cached(c, &c->marks_path, y->marks_path);
		return 0;
	}
	if (r->self == EL_DATETIME) {
		struct ctf_value t = { .line = c->leaf_line };
		snprintf(t.s, sizeof(t.s), "%.*s",
			 (int)(n > CTF_VALUE_MAX ? CTF_VALUE_MAX : n), s);
		return value_date(c, &t, 1, &c->file_day);
	}
	v = value_of(c, r->self);
	if (!v)
		return 0;	/* CTFversion: read, not kept */
	if (v->given)
		return fail(c, c->leaf_line, NULL, "given twice in one %s",
			    c->open[c->nr_open - 2]->name);
	if (n > CTF_VALUE_MAX)
		return fail(c, c->leaf_line, NULL, "'%.20s...' is longer than %d "
			    "characters", s, CTF_VALUE_MAX);
	memcpy(v->s, s, n);
	v->s[n] = '\0';
	v->line = c->leaf_line;
	v->given = 1;
	if (r->self == EL_START)
		path_of_cached(c, &c->start_path, c->year.start_path);
	return value_check(c, r->self, v);
}

/* ---- the source school -------------------------------------------- */

/* The school with that URN (or if urn is 0, that LAESTAB), or NULL. */
static const struct ctf_school *school_find(const struct ctf_reader *r,
					    long urn, long laestab)
{
	for (size_t i = 0; i < r->nr_schools; i++)
		if (urn ? r->schools[i].urn == urn : r->schools[i].laestab == laestab)
			return &r->schools[i];
	return NULL;
}

static int source_end(struct ctf_parse *c, long line)
{
	struct ctf_source *s = &c->source;
	const struct ctf_school *school;
	long laestab = 0;

	if (s->lea.given != s->estab.given)
		return fail(c, line, s->lea.given ? "Estab" : "LEA", "missing: "
			    "an LEA needs an Estab to name a school");
	if (s->lea.given)
		laestab = digits_value(s->lea.s) * 10000 + digits_value(s->estab.s);
	if (!s->urn.given && !s->lea.given)
		return fail(c, line, NULL, "names no school: it needs a URN, or an "
			    "LEA and an Estab");
	school = school_find(c->r, s->urn.given ? digits_value(s->urn.s) : 0,
			     laestab);
	if (school) {
		c->school_id = school->id;
		c->school_urn = school->urn;
		c->school_laestab = school->laestab;
	}
	if (!school && s->urn.given)
		return fail(c, s->urn.line, "URN", "school %s is not in the "
			    "authority: no school in the store has that URN "
			    "(import it in a schools file first)", s->urn.s);
	if (!school)
		return fail(c, s->lea.line, "LEA", "school %s%s (LAESTAB) is not in "
			    "the authority: no school in the store has that LA "
			    "and establishment number (import it in a schools "
			    "file first)", s->lea.s, s->estab.s);
	if (!import_school_may(c->r->im, school->urn)) {
		import_school_allowed(c->r->im, c->f->name, s->urn.given ?
				      s->urn.line : s->lea.line, s->urn.given ?
				      "URN" : "LEA", school->urn, c->e);
		return stop(c);
	}
	if (s->lea.given && laestab != c->school_laestab)
		return fail(c, s->estab.line, "Estab", "LEA %s and Estab %s make "
			    "LAESTAB %07ld, but school %06d (the URN given) has "
			    "LAESTAB %07d", s->lea.s, s->estab.s, laestab,
			    c->school_urn, c->school_laestab);
	return 0;
}

/* ---- attendance --------------------------------------------------- */

/* Characters of the mark at s: a two-character code (C1, Y7...) or one. */
static size_t mark_length(const char *s, size_t n)
{
	if (n >= 2 && s[1] >= '1' && s[1] <= '9' && code_find(s, 2) != MARK_MISSING)
		return 2;
	return 1;
}

/*
 * The one-character codes by byte, for the days before and from 19
 * August 2024: the mark, MARK_MISSING for '-' (no mark given), or
 * DECODE_SLOW for anything marks_decode must look at closely (a digit
 * after it may make a two-character code; an unknown or out-of-era code
 * needs its error message).  Nearly every session takes the fast path.
 */
#define DECODE_SLOW 0xff
static mark_t decode_table[2][256];
static pthread_once_t decode_once = PTHREAD_ONCE_INIT;

static void decode_table_build(void)
{
	for (int ch = 0; ch < 256; ch++) {
		char s[1] = { (char)ch };
		mark_t m = code_find(s, 1);
		int era = m == MARK_MISSING ? -1 : (int)mark_info(m)->era;

		decode_table[0][ch] = decode_table[1][ch] = DECODE_SLOW;
		if (m == MARK_MISSING || (ch >= '0' && ch <= '9'))
			continue;
		if (era != CODE_ERA_2024)
			decode_table[0][ch] = m;
		if (era != CODE_ERA_LEGACY)
			decode_table[1][ch] = m;
	}
	decode_table[0]['-'] = decode_table[1]['-'] = MARK_MISSING;
}

/* Reads the mark string of the YearData just closed into out. */
static int marks_decode(struct ctf_parse *c, int year, day_t start,
			struct ctf_marks *out)
{
	const struct ctf_year *y = &c->year;
	int slots = academic_year_slots(year);
	day_t year_start = academic_year_start(year);
	int first = 2 * (start - year_start), n = 0;
	struct mark_source at = { c->f->name, y->marks_line, y->marks_path,
				  y->marks_path, 0 };
	day_t until = c->today;
	int made = 0;
	char ab[11];

	memset(out->mark, 0, sizeof(out->mark));
	out->year = year;
	out->first = first;
	out->line = y->marks_line;
	memcpy(out->path, y->marks_path, sizeof(out->path));
	/* Slots from here on fall on or after 19 August 2024. */
	int change = code_change_day() <= year_start ? 0 :
		2 * (int)(code_change_day() - year_start);
	const unsigned char *u = (const unsigned char *)y->marks;

	/* No marks after the file was made, nor after today. */
	if (c->file_day != DAY_NONE && c->file_day <= c->today) {
		until = c->file_day;
		made = 1;
	}
	pthread_once(&decode_once, decode_table_build);
	for (size_t i = 0; i < y->marks_len; n++) {
		int slot = first + n;
		size_t len;
		mark_t m;

		if (slot < slots && (i + 1 == y->marks_len ||
		    u[i + 1] < '1' || u[i + 1] > '9')) {
			m = decode_table[slot >= change][u[i]];
			if (m != DECODE_SLOW) {
				out->mark[slot] = m;
				i++;
				continue;
			}
		}
		len = mark_length(y->marks + i, y->marks_len - i);

		if (slot >= slots) {
			int total = n;
			for (; i < y->marks_len; total++)
				i += mark_length(y->marks + i, y->marks_len - i);
			date_format(academic_year_end(year), ab);
			return fail_at(c, y->marks_line, y->marks_path,
				       "%d sessions from the morning of %s run "
				       "past %s, the end of academic year %d/%02d: "
				       "the mark string is %d sessions too long for "
				       "its dates", total, y->start.s, ab, year,
				       (year + 1) % 100, total - (slots - first));
		}
		if (len == 1 && y->marks[i] == '-') {
			i++;
			continue;	/* no mark recorded */
		}
		at.nth = n + 1;
		if (import_mark_check(&at, NULL, year_start + slot / 2,
				      slot_session(slot), y->marks + i, len, &m,
				      c->e))
			return stop(c);
		out->mark[slot] = m;
		i += len;
	}
	out->count = n;
	out->given = 0;
	out->last = -1;
	for (int slot = first; slot < first + n; slot++)
		if (out->mark[slot] != MARK_MISSING) {
			out->given++;
			out->last = slot;
		}
	if (out->last >= 0 && slot_day(year, out->last) > until) {
		/* The first session marked after the file's date, or today. */
		int slot = 2 * (until + 1 - year_start);

		if (slot < first)
			slot = first;
		while (out->mark[slot] == MARK_MISSING)
			slot++;
		at.nth = slot - first + 1;
		import_mark_future(&at, until, made, slot_day(year, slot),
				   slot_session(slot), NULL, 0, out->mark[slot], c->e);
		return stop(c);
	}
	return 0;
}

/*
 * The year's totals against the totals of its marks: a disagreement is
 * kept with the marks (k->totals_off) for the store to note, not refused.
 */
static void marks_check_totals(struct ctf_parse *c, struct ctf_marks *k)
{
	const struct ctf_year *y = &c->year;
	struct measure m = { 0 };
	const struct {
		const struct ctf_value *v;
		const char *name;
		uint32_t *got;
		const char *what;
	} totals[] = {
		{ &y->possible, "SessionsPossible", &m.possible, "possible sessions" },
		{ &y->attended, "SessionsAttended", &m.attendance, "sessions "
		  "attended (present or approved activity)" },
		{ &y->authorised, "SessionsAuthorised", &m.authorised,
		  "authorised absences" },
		{ &y->unauthorised, "SessionsUnauthorised", &m.unauthorised,
		  "unauthorised absences" },
	};

	measure_add_marks(&m, k->mark + k->first, (size_t)k->count);
	k->totals_off = 0;
	for (size_t i = 0; i < sizeof(totals) / sizeof(totals[0]); i++) {
		long given = totals[i].v->given ? digits_value(totals[i].v->s) : -1;

		k->given_totals[i] = given;
		k->computed_totals[i] = (long)*totals[i].got;
		if (given >= 0 && given != (long)*totals[i].got && !k->totals_off) {
			k->totals_off = 1;
			k->totals_line = totals[i].v->line;
		}
	}
}

static int year_end(struct ctf_parse *c)
{
	struct ctf_year *y = &c->year;
	struct ctf_pupil *p = &c->pupil;
	struct ctf_marks *k;
	int year, other = 0;
	day_t start;

	if (!y->marks_given)
		return 0;	/* totals alone: nothing to check them by */
	if (!y->year.given)
		return fail(c, y->line, "Year", "missing: marks need their "
			    "academic year");
	if (!y->start.given)
		return fail_at(c, y->marks_line, y->marks_path, "marks without an "
			    "AttendanceStartDate to place them");
	if (y->lea.given != y->estab.given)
		return fail(c, y->line, y->lea.given ? "Estab" : "LEA", "missing: "
			    "an LEA needs an Estab to name a school");
	if (y->lea.given)
		other = digits_value(y->lea.s) * 10000 + digits_value(y->estab.s) !=
			c->school_laestab;
	year = (int)digits_value(y->year.s);
	date_parse(y->start.s, 10, &start);
	if (academic_year_of(start) != year)
		return fail_at(c, y->start.line, y->start_path, "%s lies outside "
			       "academic year %d/%02d (1 August %d to 31 July %d) "
			       "given in Year", y->start.s, year, (year + 1) % 100,
			       year, year + 1);
	if (!other && p->nr_years == CTF_YEARS_MAX)
		return fail(c, y->line, NULL, "more than %d YearData with marks for "
			    "one pupil", CTF_YEARS_MAX);
	/* Another school's year is checked in the scratch slot, not kept. */
	k = &c->years[other ? CTF_YEARS_MAX : p->nr_years];
	if (marks_decode(c, year, start, k))
		return -1;
	marks_check_totals(c, k);
	if (!other)
		p->nr_years++;
	return 0;
}

/* ---- pupils ------------------------------------------------------- */

/* The entry for upn: a free one (upn[0] == 0) if not seen yet. */
static struct seen_pupil *seen_find(struct ctf_parse *c, const char *upn)
{
	size_t i;

	if (2 * (c->nr_seen + 1) > c->seen_mask + 1) {
		struct seen_pupil *old = c->seen;
		size_t size = old ? 2 * (c->seen_mask + 1) : 1024;

		c->seen = xcalloc(size, sizeof(*c->seen));
		for (size_t j = 0; old && j <= c->seen_mask; j++) {
			if (!old[j].upn[0])
				continue;
			i = upn_hash(old[j].upn) & (size - 1);
			while (c->seen[i].upn[0])
				i = (i + 1) & (size - 1);
			c->seen[i] = old[j];
		}
		free(old);
		c->seen_mask = size - 1;
	}
	i = upn_hash(upn) & c->seen_mask;
	while (c->seen[i].upn[0] && memcmp(c->seen[i].upn, upn, UPN_LEN))
		i = (i + 1) & c->seen_mask;
	return &c->seen[i];
}

/* ---- the ring between the reader and the store -------------------- */

/*
 * The slot for the reader's next job, once there is room; NULL if the
 * store has cancelled the read.  The slot is the reader's alone until
 * ring_give() hands it over.
 */
static struct ctf_job *ring_slot(struct ctf_reader *r)
{
	struct ctf_job *j = NULL;

	pthread_mutex_lock(&r->lock);
	while (r->head - r->tail == CTF_RING && !r->cancel) {
		r->reader_waits = 1;
		pthread_cond_wait(&r->space, &r->lock);
	}
	r->reader_waits = 0;
	if (!r->cancel)
		j = &r->ring[r->head % CTF_RING];
	pthread_mutex_unlock(&r->lock);
	return j;
}

/*
 * Hands the slot to the store.  A store waiting for work is woken for a
 * batch, or for the end of a file, not for every pupil: each wake-up is
 * a system call on both sides.
 */
static void ring_give(struct ctf_reader *r, enum job_kind kind)
{
	pthread_mutex_lock(&r->lock);
	r->head++;
	if (r->store_waits && (kind != JOB_PUPIL || r->head - r->tail >= CTF_BATCH))
		pthread_cond_signal(&r->ready);
	pthread_mutex_unlock(&r->lock);
}

struct ctf_job *ctf_ring_take(struct ctf_reader *r)
{
	struct ctf_job *j;

	pthread_mutex_lock(&r->lock);
	while (r->head == r->tail) {
		r->store_waits = 1;
		pthread_cond_wait(&r->ready, &r->lock);
	}
	r->store_waits = 0;
	j = &r->ring[r->tail % CTF_RING];
	pthread_mutex_unlock(&r->lock);
	return j;
}

void ctf_ring_done(struct ctf_reader *r)
{
	pthread_mutex_lock(&r->lock);
	r->tail++;
	/* A full ring wakes its reader when half of it is free again. */
	if (r->reader_waits && r->head - r->tail <= CTF_RING / 2)
		pthread_cond_signal(&r->space);
	pthread_mutex_unlock(&r->lock);
}

/* Hands the pupil just read to the store. */
static int pupil_give(struct ctf_parse *c)
{
	struct ctf_job *j = ring_slot(c->r);

	if (!j)
		return stop(c);	/* cancelled: nobody will read an error */
	j->kind = JOB_PUPIL;
	j->file = c->file;
	j->offset = (size_t)XML_GetCurrentByteIndex(c->parser);
	j->school_urn = c->school_urn;
	j->pupil = c->pupil;
	memcpy(j->years, c->years, c->pupil.nr_years * sizeof(*j->years));
	ring_give(c->r, JOB_PUPIL);
	return 0;
}

static int pupil_end(struct ctf_parse *c)
{
	struct ctf_pupil *p = &c->pupil;
	const struct ctf_value *need[] = { &p->upn, &p->surname, &p->forename, &p->dob };
	static const char *const need_name[] = { "UPN", "Surname", "Forename", "DOB" };
	struct seen_pupil *seen;

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!need[i]->given)
			return fail(c, p->line, need_name[i], "missing: every pupil "
				    "needs a UPN, Surname, Forename and DOB");
	seen = seen_find(c, p->upn.s);
	if (seen->upn[0] && strcmp(seen->dob, p->dob.s))
		return fail(c, p->dob.line, "DOB", "%s contradicts %s given for "
			    "pupil %s on line %ld; a UPN belongs to one child",
			    p->dob.s, seen->dob, p->upn.s, seen->line);
	if (seen->upn[0])
		return fail(c, p->upn.line, "UPN", "pupil %s appears twice in this "
			    "file (first on line %ld)", p->upn.s, seen->line);
	memcpy(seen->upn, p->upn.s, sizeof(seen->upn));
	memcpy(seen->dob, p->dob.s, sizeof(seen->dob));
	seen->line = p->upn.line;
	c->nr_seen++;
	return pupil_give(c);
}

static void fsm_instance_end(struct ctf_parse *c, long line)
{
	struct ctf_pupil *p = &c->pupil;
	day_t today = c->file_day != DAY_NONE ? c->file_day : c->today;
	day_t from, to = DAY_NONE;

	if (!p->fsm_start.given) {
		fail(c, line, "FSMstartDate", "missing: an FSM instance needs a "
		     "start date");
		return;
	}
	date_parse(p->fsm_start.s, 10, &from);
	if (p->fsm_end.given)
		date_parse(p->fsm_end.s, 10, &to);
	if (p->fsm < 0)
		p->fsm = FLAG_NO;
	if (from <= today && (to == DAY_NONE || to >= today))
		p->fsm = FLAG_YES;
}

static void sen_end(struct ctf_parse *c, long line)
{
	struct ctf_pupil *p = &c->pupil;
	day_t from = DAY_NONE;
	enum sen s;

	if (!p->sen_provision.given) {
		fail(c, line, "SENprovision", "missing in an SEN entry");
		return;
	}
	if (p->sen_start.given)
		date_parse(p->sen_start.s, 10, &from);
	if (p->sen >= 0 && from < p->sen_from)
		return;		/* an earlier entry of the history */
	switch (p->sen_provision.s[0]) {
	case 'E': case 'S': s = SEN_EHCP; break;
	case 'K': case 'A': case 'P': s = SEN_SUPPORT; break;
	default: s = SEN_NONE;
	}
	p->sen = s;
	p->sen_from = from;
}

static void exclusion_end(struct ctf_parse *c, long line)
{
	struct ctf_pupil *p = &c->pupil;
	struct exclusion_row *x;

	if (!p->ex_start.given || !p->ex_category.given) {
		fail(c, line, p->ex_start.given ? "Category" : "StartDate",
		     "missing: an exclusion needs a StartDate and a Category");
		return;
	}
	if (p->nr_exclusions == CTF_EXCLUSIONS_MAX) {
		fail(c, line, NULL, "more than %d exclusions for one pupil",
		     CTF_EXCLUSIONS_MAX);
		return;
	}
	x = &p->exclusions[p->nr_exclusions];
	memset(x, 0, sizeof(*x));
	date_parse(p->ex_start.s, 10, &x->start);
	x->end = DAY_NONE;
	if (p->ex_end.given)
		date_parse(p->ex_end.s, 10, &x->end);
	if (x->end != DAY_NONE && x->end < x->start) {
		fail(c, p->ex_end.line, "EndDate", "%s is before the StartDate %s",
		     p->ex_end.s, p->ex_start.s);
		return;
	}
	x->category = exclusion_category_parse(p->ex_category.s,
					       strlen(p->ex_category.s));
	x->sessions = p->ex_sessions.given ? (int)digits_value(p->ex_sessions.s) : -1;
	snprintf(x->reason, sizeof(x->reason), "%s", p->ex_reason.s);
	p->nr_exclusions++;
}

/* ---- the element handlers ----------------------------------------- */

static const struct element_rule *rule_find(enum element parent,
					    const char *name)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].parent == parent && rules[i].name[0] == name[0] &&
		    !strcmp(rules[i].name, name))
			return &rules[i];
	return NULL;
}

static void value_reset(struct ctf_value *v)
{
	v->given = 0;
	v->s[0] = '\0';
}

static void element_start(struct ctf_parse *c, enum element el, long line)
{
	struct ctf_pupil *p = &c->pupil;

	switch (el) {
	case EL_SOURCE:
		/* Every pupil of a file is stored at the one school. */
		if (c->school_id) {
			fail(c, line, NULL, "a second SourceSchool: a CTF comes "
			     "from one school");
			return;
		}
		memset(&c->source, 0, sizeof(c->source));
		break;
	case EL_PUPIL:
		if (!c->school_id) {
			fail(c, line, NULL, "a Pupil before the Header has named its "
			     "SourceSchool");
			return;
		}
		memset(p, 0, sizeof(*p));
		p->line = line;
		p->fsm = -1;
		p->sen = -1;
		break;
	case EL_FSM_INSTANCE:
		value_reset(&p->fsm_start);
		value_reset(&p->fsm_end);
		break;
	case EL_SEN:
		value_reset(&p->sen_start);
		value_reset(&p->sen_provision);
		break;
	case EL_EXCLUSION:
		value_reset(&p->ex_start);
		value_reset(&p->ex_end);
		value_reset(&p->ex_category);
		value_reset(&p->ex_reason);
		value_reset(&p->ex_sessions);
		break;
	case EL_YEAR_DATA: {
		struct ctf_year *y = &c->year;
		struct ctf_value *v[] = { &y->year, &y->lea, &y->estab, &y->possible,
			&y->attended, &y->authorised, &y->unauthorised, &y->start };
		for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
			value_reset(v[i]);
		y->line = line;
		y->marks_given = 0;
		y->marks_len = 0;
		break;
	}
	default:
		break;
	}
}

static void element_end(struct ctf_parse *c, enum element el, long line)
{
	switch (el) {
	case EL_SOURCE:
		source_end(c, line);
		break;
	case EL_HEADER:
		if (!c->school_id)
			fail(c, line, "SourceSchool", "missing: a CTF names the "
			     "school it comes from");
		break;
	case EL_FSM_INSTANCE:
		fsm_instance_end(c, line);
		break;
	case EL_FSM_HISTORY:
		if (c->pupil.fsm < 0)
			c->pupil.fsm = FLAG_NO;
		break;
	case EL_SEN:
		sen_end(c, line);
		break;
	case EL_EXCLUSION:
		exclusion_end(c, line);
		break;
	case EL_YEAR_DATA:
		year_end(c);
		break;
	case EL_PUPIL:
		pupil_end(c);
		break;
	case EL_ROOT:
		if (!c->school_id)
			fail(c, line, "Header", "missing: a CTF names the school it "
			     "comes from in its Header");
		break;
	default:
		break;
	}
}

static const char *local_name(const XML_Char *name)
{
	const char *sep = strrchr(name, CTF_NS_SEP);

	return sep ? sep + 1 : name;
}

static void on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct ctf_parse *c = data;
	const struct element_rule *r;
	enum element parent;
	long line;

	(void)atts;
	if (c->failed)
		return;
	c->depth++;
	if (c->skip_from >= 0)
		return;
	parent = c->nr_open ? c->open[c->nr_open - 1]->self : EL_DOCUMENT;
	r = rule_find(parent, local_name(name));
	line = (long)XML_GetCurrentLineNumber(c->parser);
	if (!r && parent == EL_DOCUMENT) {
		fail(c, line, NULL, "the root element is <%s>, not <CTfile>: not "
		     "a Common Transfer File", local_name(name));
		return;
	}
	if (!r || c->leaf || c->nr_open == CTF_DEPTH_MAX) {
		c->skip_from = c->depth;	/* skipped whole, cheaply */
		return;
	}
	c->open[c->nr_open++] = r;
	if (r->text) {
		c->leaf = r;
		c->leaf_line = line;
		c->text_len = 0;
	} else {
		element_start(c, r->self, line);
	}
}

static void on_end(void *data, const XML_Char *name)
{
	struct ctf_parse *c = data;
	const struct element_rule *r;

	(void)name;
	if (c->failed)
		return;
	if (c->skip_from >= 0) {
		if (c->depth == c->skip_from)
			c->skip_from = -1;
		c->depth--;
		return;
	}
	r = c->open[c->nr_open - 1];
	if (c->leaf == r) {
		leaf_end(c, r);
		c->leaf = NULL;
	} else {
		element_end(c, r->self, (long)XML_GetCurrentLineNumber(c->parser));
	}
	c->nr_open--;
	c->depth--;
}

static void text_too_long(struct ctf_parse *c)
{
	fail(c, c->leaf_line, NULL, "more than %d characters: longer than any "
	     "value a CTF holds here", CTF_TEXT_MAX);
}

static void on_text(void *data, const XML_Char *s, int len)
{
	struct ctf_parse *c = data;

	if (c->failed || !c->leaf || c->skip_from >= 0)
		return;
	if (c->leaf->self != EL_MARKS) {
		if ((size_t)len > CTF_TEXT_MAX - c->text_len) {
			text_too_long(c);
			return;
		}
		memcpy(c->text + c->text_len, s, (size_t)len);
		c->text_len += (size_t)len;
		return;
	}
	for (int i = 0; i < len; i++) {
		if (is_space((unsigned char)s[i]))
			continue;	/* marks may be wrapped and indented */
		if (c->text_len == CTF_TEXT_MAX) {
			text_too_long(c);
			return;
		}
		c->text[c->text_len++] = s[i];
	}
}

/* ---- the file ----------------------------------------------------- */

bool import_is_ctf(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
		return n >= 4 && (s[2] == '<' || s[3] == '<');	/* UTF-16 */
	if (n >= 2 && ((s[0] == '<' && s[1] == 0) || (s[0] == 0 && s[1] == '<')))
		return true;	/* UTF-16 without a byte order mark */
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	while (i < n && is_space(s[i]))
		i++;
	return i < n && s[i] == '<';
}

/* expat's complaint as a person would want to read it. */
static int xml_failed(struct ctf_parse *c, int final)
{
	enum XML_Error code = XML_GetErrorCode(c->parser);
	long line = (long)XML_GetCurrentLineNumber(c->parser);
	XML_Index at = XML_GetCurrentByteIndex(c->parser);
	const char *why = XML_ErrorString(code);
	char field[256];

	path_of(c, NULL, field, sizeof(field));
	if (final && c->depth > 0 && (code == XML_ERROR_NO_ELEMENTS ||
	    code == XML_ERROR_UNCLOSED_TOKEN || code == XML_ERROR_PARTIAL_CHAR ||
	    code == XML_ERROR_UNCLOSED_CDATA_SECTION))
		return error_at(c->e, c->f->name, line, field[0] ? field : NULL,
				"the file ends inside an element: truncated? (XML: "
				"%s)", why);
	if (code == XML_ERROR_NO_ELEMENTS && !c->depth)
		return error_at(c->e, c->f->name, line, NULL, "no XML element: not "
				"a Common Transfer File (XML: %s)", why);
	if (code == XML_ERROR_UNKNOWN_ENCODING || code == XML_ERROR_INCORRECT_ENCODING)
		return error_at(c->e, c->f->name, line, NULL, "%s: attend reads "
				"CTFs in UTF-8, UTF-16, ISO-8859-1 or US-ASCII", why);
	if (code == XML_ERROR_INVALID_TOKEN && at >= 0 && (size_t)at < c->f->size &&
	    (unsigned char)c->f->map[at] >= 0x80)
		return error_at(c->e, c->f->name, line, field[0] ? field : NULL,
				"byte 0x%02X is not a character in the file's "
				"encoding (UTF-8 unless its XML declaration says "
				"otherwise): is the file saved in another one? (XML: "
				"%s)", (unsigned char)c->f->map[at], why);
	return error_at(c->e, c->f->name, line, field[0] ? field : NULL,
			"not well-formed XML: %s", why);
}

/* Parses a mapped CTF, giving its pupils to the store: 0, or -1 with e set. */
static int ctf_parse_file(struct ctf_reader *r, size_t file,
			  struct import_file *f, struct error *e)
{
	struct ctf_parse *c = xcalloc(1, sizeof(*c));
	int rc = 0;

	c->r = r;
	c->file = file;
	c->f = f;
	c->e = e;
	c->skip_from = -1;
	c->file_day = DAY_NONE;
	c->today = date_today();
	c->years = xmalloc((CTF_YEARS_MAX + 1) * sizeof(*c->years));
	c->parser = XML_ParserCreateNS(NULL, CTF_NS_SEP);
	if (!c->parser) {
		rc = error_set(e, ERROR_INTERNAL, "%s: out of memory", f->name);
		goto out;
	}
	XML_SetUserData(c->parser, c);
	XML_SetElementHandler(c->parser, on_start, on_end);
	XML_SetCharacterDataHandler(c->parser, on_text);
	for (size_t off = 0;;) {
		size_t n = f->size - off < CTF_CHUNK ? f->size - off : CTF_CHUNK;
		int final = off + n == f->size;

		if (XML_Parse(c->parser, f->map + off, (int)n, final) !=
		    XML_STATUS_OK) {
			if (!c->failed)
				xml_failed(c, final);
			rc = -1;
			break;
		}
		off += n;
		if (final)
			break;
	}
	XML_ParserFree(c->parser);
out:
	free(c->years);
	free(c->seen);
	free(c);
	return rc;
}

/*
 * Reads the reader's file i and gives its pupils and its end to the
 * store.  Returns -1 when the reader is to go no further: cancelled, or
 * a planned file that is not a CTF (the import of another kind may
 * change what the parse relies on, so it must come first).
 */
static int reader_read(struct ctf_reader *r, size_t i)
{
	struct import_file f;
	struct ctf_job *j;
	struct error e = ERROR_INIT;
	int rc = import_file_open(&f, r->paths[i], r->paths == r->one ?
				  r->one_name : r->paths[i], &e), other;

	other = !rc && i > 0 && !import_is_ctf(f.map, f.size);
	if (!rc && !other)
		rc = ctf_parse_file(r, i, &f, &e);
	import_file_close(&f);
	j = ring_slot(r);
	if (!j)
		return -1;
	j->kind = other ? JOB_STOPPED : JOB_END;
	j->file = i;
	j->offset = f.size;
	j->rc = rc;
	j->e = e;
	ring_give(r, j->kind);
	return other ? -1 : 0;
}

static void *reader_main(void *data)
{
	struct ctf_reader *r = data;

	for (size_t i = 0; i < r->nr; i++)
		if (reader_read(r, i))
			break;
	return NULL;
}

/* Stops the reader, if it runs, and forgets what it had read. */
void import_ctf_reader_stop(struct importer *im)
{
	struct ctf_reader *r = im->ctf_reader;

	if (!r || !r->running)
		return;
	pthread_mutex_lock(&r->lock);
	r->cancel = 1;
	pthread_cond_signal(&r->space);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	r->running = 0;
	r->head = r->tail = 0;
	r->nr = r->at = 0;
}

/*
 * Ends the run: the reader stops, and the WAL its files' commits grew
 * is checkpointed into the store file now (not left for readers to wade
 * through), with SQLite's default checkpoint interval back (1000 pages).
 */
void import_ctf_reader_free(struct importer *im)
{
	struct ctf_reader *r = im->ctf_reader;

	if (!r)
		return;
	import_ctf_reader_stop(im);
	if (r->checkpoint_set) {
		sqlite3_wal_autocheckpoint(store_db(im->st), 1000);
		sqlite3_wal_checkpoint_v2(store_db(im->st), NULL,
					  SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	}
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->ready);
	pthread_cond_destroy(&r->space);
	free(r->ring);
	free(r->schools);
	free(r);
	im->ctf_reader = NULL;
}

/* The schools, for the reader to find each file's source school in. */
static int reader_load_schools(struct importer *im, struct ctf_reader *r,
			       struct error *e)
{
	sqlite3_stmt *q = store_prepare(im->st, "SELECT id, urn, laestab "
					"FROM school", e);
	size_t alloc = 0;
	int rc;

	if (!q)
		return -1;
	r->nr_schools = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		ALLOC_GROW(r->schools, r->nr_schools + 1, alloc);
		r->schools[r->nr_schools].id = sqlite3_column_int64(q, 0);
		r->schools[r->nr_schools].urn = sqlite3_column_int(q, 1);
		r->schools[r->nr_schools].laestab = sqlite3_column_int(q, 2);
		r->nr_schools++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(im->st, e, "reading the schools");
	return 0;
}

int ctf_reader_start(struct importer *im, const char *path, const char *name,
		     struct error *e)
{
	struct ctf_reader *r = im->ctf_reader;
	size_t from;

	if (!r) {
		r = im->ctf_reader = xcalloc(1, sizeof(*r));
		pthread_mutex_init(&r->lock, NULL);
		pthread_cond_init(&r->ready, NULL);
		pthread_cond_init(&r->space, NULL);
		r->ring = xmalloc(CTF_RING * sizeof(*r->ring));
	}
	import_ctf_reader_stop(im);
	r->im = im;
	from = r->plan_next;
	while (from < im->nr_plan && strcmp(im->plan[from], path))
		from++;
	if (from < im->nr_plan) {
		r->paths = im->plan + from;
		r->nr = im->nr_plan - from;
		r->plan_next = from;
	} else {
		r->one[0] = path;
		r->one_name = name;
		r->paths = r->one;
		r->nr = 1;
	}
	if (reader_load_schools(im, r, e))
		return -1;
	/*
	 * Each file is a commit.  SQLite checkpoints the WAL into the store
	 * file every 4 MB of commits (its default), with two fsyncs each
	 * time, copying pages that the next files change again; in a run of
	 * CTFs every 64 MB, and once at its end, is enough.
	 */
	if (!r->checkpoint_set) {
		sqlite3_wal_autocheckpoint(store_db(im->st), CTF_WAL_PAGES);
		r->checkpoint_set = 1;
	}
	r->cancel = 0;
	if (pthread_create(&r->thread, NULL, reader_main, r))
		return error_set(e, ERROR_INTERNAL, "%s: cannot start a thread",
				 path);
	r->running = 1;
	return 0;
}

