/*
 * One path for a mark, whichever file it comes in (register, MIS export
 * or CTF): the checks of a mark and the words of its refusal, and the
 * marks an import changes, kept one enrolment-year blob at a time.
 *
 * A refused mark is worded the same for every importer:
 *
 *   FILE:LINE: FIELD: 'CODE' for DATE AM|PM[ (session N of the string)]: why
 *
 * naming the session whatever the layout of the file (a register row,
 * an MIS cell, a session of a CTF mark string), and for a withdrawn code
 * its 2024 equivalent.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/import_internal.h"
#include "util/strbuf.h"

/* The days of the academic years attend holds, 2000/01 to 2098/99. */
#define HELD_FIRST_DAY 11170	/* 2000-08-01 */
#define HELD_LAST_DAY 47328	/* 2099-07-31 */

bool import_day_held(day_t day)
{
	return day >= HELD_FIRST_DAY && day <= HELD_LAST_DAY;
}

/* A code as a message quotes it: at most 20 characters, a control byte by
 * its value. */
static void code_text(const char *s, size_t n, char out[32])
{
	if (n == 1 && ((unsigned char)s[0] < 0x21 || (unsigned char)s[0] > 0x7e))
		snprintf(out, 32, "byte 0x%02X", (unsigned char)s[0]);
	else
		snprintf(out, 32, "'%.*s'", (int)(n > 20 ? 20 : n), s);
}

/* The refusal of the mark code[0..len) (code NULL: of m) for session s of day. */
__attribute__((format(printf, 9, 10)))
static int refuse(const struct mark_source *at, const char *field, day_t day,
		  enum session s, const char *code, size_t len, mark_t m,
		  struct error *e, const char *fmt, ...)
{
	char what[32], date[11], nth[40] = "", why[512];
	va_list ap;

	if (!code) {
		code = mark_info(m)->code;
		len = strlen(code);
	}
	code_text(code, len, what);
	date_format(day, date);
	if (at->nth)
		snprintf(nth, sizeof(nth), " (session %d of the string)", at->nth);
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return error_at(e, at->file, at->line, field, "%s for %s %s%s: %s", what,
			date, s == SESSION_PM ? "PM" : "AM", nth, why);
}

int import_mark_check(const struct mark_source *at, const struct roll_entry *en,
		      day_t day, enum session s, const char *code, size_t len,
		      mark_t *m, struct error *e)
{
	mark_t given = code ? MARK_MISSING : *m;	/* named if code is NULL */
	const char *why;
	char from[11], to[11];

	if (!import_day_held(day))
		return refuse(at, at->date_field, day, s, code, len, given, e, "the "
			      "date is outside " IMPORT_YEARS_HELD);
	if (code) {
		*m = code_parse(code, len, day, &why);
		if (*m == MARK_MISSING) {
			mark_t any = code_find(code, len);

			if (any != MARK_MISSING &&
			    mark_info(any)->era == CODE_ERA_LEGACY)
				return refuse(at, at->code_field, day, s, code, len,
					      any, e, "%s; its 2024 equivalent is %s",
					      why, mark_info(any)->equivalent);
			return refuse(at, at->code_field, day, s, code, len, any, e,
				      "%s", why);
		}
	}
	if (en && !enrolment_covers(en, day)) {
		enrolment_dates(en, from, to);
		return refuse(at, at->date_field, day, s, code, len, *m, e, "the "
			      "date is outside the pupil's enrolment at school "
			      "%06d (%s to %s)", en->urn, from, to);
	}
	return 0;
}

int import_mark_future(const struct mark_source *at, day_t last, int made,
		       day_t day, enum session s, const char *code, size_t len,
		       mark_t m, struct error *e)
{
	char until[11];

	date_format(last, until);
	if (made)
		return refuse(at, at->date_field, day, s, code, len, m, e, "the "
			      "date is after the file was made (%s): a register "
			      "holds no marks for days to come", until);
	return refuse(at, at->date_field, day, s, code, len, m, e, "the date is "
		      "after today (%s): a register holds no marks for days to "
		      "come", until);
}

int import_mark_twice(const struct mark_source *at, day_t day, enum session s,
		      mark_t m, mark_t earlier, struct error *e)
{
	return refuse(at, at->code_field, day, s, NULL, 0, m, e, "given '%s' "
		      "earlier in this file for the same pupil and session",
		      mark_info(earlier)->code);
}

/* ---- marks as an import changes them ------------------------------------ */

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
		      int slot, mark_t m, const struct mark_source *at,
		      struct import_summary *sum, struct error *e)
{
	struct year_marks *y = table_get(im, t, enrolment_id, year, e);

	if (!y)
		return -1;
	if (y->set[slot / 8] & (1u << (slot % 8))) {
		if (y->mark[slot] == m)
			return 0;	/* repeated, same code */
		return import_mark_twice(at, slot_day(year, slot),
					 slot_session(slot), m, y->mark[slot], e);
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

