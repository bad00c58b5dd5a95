/*
 * Data quality recorded, not fatal.  Where the marks themselves are sound
 * but something about them is odd, the file imports and the oddity is
 * noted (table data_quality), listed per school (report/dataquality.h)
 * and counted in the import summary:
 *
 *   totals      a CTF year whose SessionsPossible, -Attended, -Authorised
 *               or -Unauthorised disagrees with what its marks make: the
 *               marks are taken, the note keeps both sets of figures (one
 *               MIS counts attended sessions as present marks only,
 *               without late or approved activity, and every one of its
 *               pupils would otherwise be refused);
 *   closed_day  a mark other than '#' on a day the school's imported
 *               calendar has it closed (a weekend, a holiday, an INSET
 *               day), Sundays apart;
 *   sunday      a mark other than '#' on a Sunday, calendar or not.
 *
 * Each note is one pupil, school, academic year and kind, with how many
 * marks, the first and last day, and the file and line of the first; a
 * file imported again notes nothing new (a unique index on what was
 * noted).  A malformed mark string or an unknown code is still refused.
 *
 * The checks cost one branch per mark on the path of register and MIS
 * rows (a weekday and a byte of the school's calendar, memoised), and one
 * tight loop over each CTF year's marks on the store's side; notes are
 * rare, and are gathered in memory and written at the end of the file.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/import_internal.h"

enum { NOTE_TOTALS, NOTE_CLOSED_DAY, NOTE_SUNDAY };
static const char *const note_kind[] = { "totals", "closed_day", "sunday" };

struct quality_note_acc {
	uint64_t key;
	int32_t urn;
	char upn[14];
	int year, kind;
	day_t first, last;
	long marks, line;
	long given[4], computed[4];	/* totals; -1: not given */
};

/* A school's open sessions for a year, from its imported calendar. */
struct school_calendar {
	int32_t urn;
	int year;
	int has;		/* the school has terms this year */
	uint8_t open[YEAR_SLOTS_MAX];
};

static uint64_t note_key(int32_t urn, const char *upn, int year, int kind)
{
	uint64_t k = upn_hash(upn) ^ (uint64_t)(uint32_t)urn * 0x9E3779B97F4A7C15ULL ^
		     (uint64_t)(year * 4 + kind) * 0xC2B2AE3D27D4EB4FULL;

	return k ? k : 1;
}

void import_quality_reset(struct quality_state *q)
{
	free(q->notes);
	free(q->slot);
	for (size_t i = 0; i < q->nr_calendars; i++)
		free(q->calendars[i]);
	free(q->calendars);
	memset(q, 0, sizeof(*q));
}

static struct quality_note_acc *note_get(struct quality_state *q, int32_t urn,
					 const char *upn, int year, int kind)
{
	uint64_t k = note_key(urn, upn, year, kind);
	size_t i;

	if (2 * (q->nr + 1) > q->mask + 1) {
		size_t size = q->slot ? 2 * (q->mask + 1) : 64;

		free(q->slot);
		q->slot = xmalloc(size * sizeof(*q->slot));
		for (size_t j = 0; j < size; j++)
			q->slot[j] = SIZE_MAX;
		q->mask = size - 1;
		for (size_t n = 0; n < q->nr; n++) {
			i = q->notes[n].key & q->mask;
			while (q->slot[i] != SIZE_MAX)
				i = (i + 1) & q->mask;
			q->slot[i] = n;
		}
	}
	i = k & q->mask;
	while (q->slot[i] != SIZE_MAX) {
		struct quality_note_acc *n = &q->notes[q->slot[i]];

		if (n->key == k && n->urn == urn && n->year == year &&
		    n->kind == kind && !memcmp(n->upn, upn, UPN_LEN))
			return n;
		i = (i + 1) & q->mask;
	}
	ALLOC_GROW(q->notes, q->nr + 1, q->alloc);
	q->slot[i] = q->nr;
	memset(&q->notes[q->nr], 0, sizeof(q->notes[0]));
	q->notes[q->nr].key = k;
	q->notes[q->nr].urn = urn;
	memcpy(q->notes[q->nr].upn, upn, UPN_LEN);
	q->notes[q->nr].year = year;
	q->notes[q->nr].kind = kind;
	q->notes[q->nr].first = DAY_NONE;
	return &q->notes[q->nr++];
}

static void note_day(struct quality_state *q, int32_t urn, const char *upn,
		     int kind, day_t day, long line)
{
	struct quality_note_acc *n = note_get(q, urn, upn, academic_year_of(day),
					      kind);

	if (n->first == DAY_NONE || day < n->first) {
		n->first = day;
		n->line = line;
	}
	if (n->marks == 0 || day > n->last)
		n->last = day;
	n->marks++;
}

/* Loads the school's calendar for the year, as the reports read it: its
 * own terms if it has any, else the authority's, less every closure. */
static void calendar_load(struct importer *im, struct school_calendar *c)
{
	sqlite3_stmt *q = store_prepare(im->st, "SELECT urn, day_from, day_to, "
		"kind FROM calendar_event WHERE year = ? AND (urn = ? OR urn = 0)",
		NULL);
	struct calendar_event ev[256];
	struct { int32_t urn; struct calendar_event ev; } all[256];
	size_t nr = 0, n = 0;
	int own_terms = 0;

	c->has = 0;
	if (!q)
		return;
	sqlite3_bind_int(q, 1, c->year);
	sqlite3_bind_int(q, 2, c->urn);
	while (sqlite3_step(q) == SQLITE_ROW && nr < 256) {
		const char *k = (const char *)sqlite3_column_text(q, 3);
		int kind = k ? calendar_kind_parse(k, strlen(k)) : -1;

		all[nr].urn = sqlite3_column_int(q, 0);
		all[nr].ev.from = store_column_day(q, 1);
		all[nr].ev.to = store_column_day(q, 2);
		if (kind < 0 || all[nr].ev.from == DAY_NONE || all[nr].ev.to == DAY_NONE)
			continue;
		all[nr].ev.kind = (enum calendar_kind)kind;
		own_terms |= all[nr].urn == c->urn && kind == CALENDAR_TERM;
		nr++;
	}
	sqlite3_reset(q);
	for (size_t i = 0; i < nr; i++) {
		if (all[i].urn == 0 && own_terms && all[i].ev.kind == CALENDAR_TERM)
			continue;
		ev[n++] = all[i].ev;
		c->has |= all[i].ev.kind == CALENDAR_TERM;
	}
	if (c->has)
		calendar_open_slots(ev, n, c->year, c->open);
}

static const struct school_calendar *calendar_of(struct importer *im,
						 int32_t urn, int year)
{
	struct quality_state *q = &im->quality;
	struct school_calendar *c = q->last;

	if (c && c->urn == urn && c->year == year)
		return c;
	for (size_t i = 0; i < q->nr_calendars; i++)
		if (q->calendars[i]->urn == urn && q->calendars[i]->year == year)
			return q->last = q->calendars[i];
	c = xmalloc(sizeof(*c));
	c->urn = urn;
	c->year = year;
	calendar_load(im, c);
	q->calendars = xrealloc(q->calendars, (q->nr_calendars + 1) *
				sizeof(*q->calendars));
	q->calendars[q->nr_calendars++] = c;
	return q->last = c;
}

void import_quality_mark(struct importer *im, int32_t urn, const char *upn,
			 day_t day, enum session s, mark_t m, long line)
{
	const struct school_calendar *c;
	int year;

	if (m == MARK_MISSING || m == MARK_CLOSURE)
		return;
	if (date_weekday(day) == 6) {
		note_day(&im->quality, urn, upn, NOTE_SUNDAY, day, line);
		return;
	}
	year = academic_year_of(day);
	c = calendar_of(im, urn, year);
	if (c->has && !c->open[session_slot(day, s)])
		note_day(&im->quality, urn, upn, NOTE_CLOSED_DAY, day, line);
}

void import_quality_year(struct importer *im, int32_t urn, const char *upn,
			 int year, const mark_t *mark, int first, int count,
			 long line)
{
	const struct school_calendar *c = calendar_of(im, urn, year);
	day_t start = academic_year_start(year);
	int sunday = 2 * ((6 - date_weekday(start) + 7) % 7), odd = 0;

	/* Sundays: every fourteenth slot from the first. */
	for (int slot = sunday; slot < first + count; slot += 14)
		for (int k = slot; k < slot + 2; k++)
			if (k >= first && k < first + count &&
			    mark[k] != MARK_MISSING && mark[k] != MARK_CLOSURE)
				note_day(&im->quality, urn, upn, NOTE_SUNDAY,
					 start + k / 2, line);
	if (!c->has)
		return;
	/* Closed days: one pass over the year's slots, noted only if any. */
	for (int k = first; k < first + count; k++)
		odd |= !c->open[k] & (mark[k] != MARK_MISSING) &
		       (mark[k] != MARK_CLOSURE);
	if (!odd)
		return;
	for (int k = first; k < first + count; k++)
		if (!c->open[k] && mark[k] != MARK_MISSING &&
		    mark[k] != MARK_CLOSURE && date_weekday(start + k / 2) != 6)
			note_day(&im->quality, urn, upn, NOTE_CLOSED_DAY,
				 start + k / 2, line);
}

void import_quality_totals(struct importer *im, int32_t urn, const char *upn,
			   int year, day_t first, day_t last, long line,
			   const long given[4], const long computed[4])
{
	struct quality_note_acc *n = note_get(&im->quality, urn, upn, year,
					      NOTE_TOTALS);

	n->first = first;
	n->last = last;
	n->line = line;
	memcpy(n->given, given, sizeof(n->given));
	memcpy(n->computed, computed, sizeof(n->computed));
}

/* Counts a note against its school in the summary. */
static void summary_count(struct import_summary *sum, int32_t urn, int kind)
{
	size_t i;

	sum->quality_notes++;
	for (i = 0; i < sum->nr_quality; i++)
		if (sum->quality[i].urn == urn)
			break;
	if (i == sum->nr_quality) {
		if (i == IMPORT_SUMMARY_SCHOOLS) {
			sum->quality_more++;
			return;
		}
		sum->nr_quality++;
		memset(&sum->quality[i], 0, sizeof(sum->quality[i]));
		sum->quality[i].urn = urn;
	}
	sum->quality[i].notes[kind]++;
}

static void bind_count(sqlite3_stmt *q, int i, long v)
{
	if (v < 0)
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_int64(q, i, v);
}

int import_quality_flush(struct importer *im, const struct import_file *f,
			 struct import_summary *sum, struct error *e)
{
	struct quality_state *q = &im->quality;
	sqlite3_stmt *put;
	char now[STORE_TIME_SIZE];

	if (!q->nr)
		return 0;
	put = store_prepare(im->st, "INSERT OR IGNORE INTO data_quality (kind, urn, "
		"upn, year, first_date, last_date, marks, given_possible, "
		"given_attended, given_authorised, given_unauthorised, "
		"marks_possible, marks_attended, marks_authorised, "
		"marks_unauthorised, file, line, import_id, noted_at) VALUES (?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!put)
		return -1;
	store_now(now);
	for (size_t i = 0; i < q->nr; i++) {
		const struct quality_note_acc *n = &q->notes[i];
		char upn[14];
		int totals = n->kind == NOTE_TOTALS;

		memcpy(upn, n->upn, UPN_LEN);
		upn[UPN_LEN] = '\0';
		sqlite3_bind_text(put, 1, note_kind[n->kind], -1, SQLITE_STATIC);
		sqlite3_bind_int(put, 2, n->urn);
		sqlite3_bind_text(put, 3, upn, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(put, 4, n->year);
		store_bind_day(put, 5, n->first);
		store_bind_day(put, 6, n->last);
		sqlite3_bind_int64(put, 7, totals ? 0 : n->marks);
		for (int k = 0; k < 4; k++) {
			bind_count(put, 8 + k, totals ? n->given[k] : -1);
			bind_count(put, 12 + k, totals ? n->computed[k] : -1);
		}
		sqlite3_bind_text(put, 16, f->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(put, 17, n->line);
		sqlite3_bind_int64(put, 18, f->import_id);
		sqlite3_bind_text(put, 19, now, -1, SQLITE_STATIC);
		if (sqlite3_step(put) != SQLITE_DONE) {
			sqlite3_reset(put);
			return store_sqlite_error(im->st, e, "noting data quality");
		}
		sqlite3_reset(put);
		summary_count(sum, n->urn, n->kind);
	}
	return 0;
}
