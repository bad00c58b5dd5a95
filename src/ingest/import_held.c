/*
 * Marks for pupils not yet on a school's roll.
 *
 * A school's daily register or MIS export often names a new joiner before
 * the school's pupils file (or CTF) has brought their record.  Refusing the
 * whole file for them would stop every other pupil's marks; dropping their
 * rows would lose the marks.  So each such mark, once it has passed every
 * check a mark passes (its date, its code, not a day to come), is kept in
 * the holding area (table held_mark) with the file and line it came from,
 * and the import that brings the pupil's record at that school applies
 * it, in that import's own transaction: afterwards the mark is in the
 * register or still held, never both and never neither.
 *
 * Decided:
 *   - a mark is held for (URN, UPN, date, session): a second file giving
 *     the same mark changes nothing ("held before"); a later file giving
 *     another mark replaces it, as it would a stored mark; one file giving
 *     two marks for the session is refused as it would be for a pupil on
 *     the roll;
 *   - a held mark outside the enrolment the record brings (a start date
 *     after it, say) stays held, listed with the others, until a record
 *     covers it;
 *   - a mark for a school the store does not know is still refused: that
 *     is a file for another authority, or a schools file not imported;
 *   - the CTF that brings a pupil applies their held marks first, then its
 *     own, so a session both give ends with the CTF's mark and the change
 *     in the mark history.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/import_internal.h"

void import_held_reset(struct held_state *h)
{
	free(h->pupils);
	memset(h, 0, sizeof(*h));
}

bool import_held_any(struct importer *im)
{
	struct held_state *h = &im->held;
	sqlite3_stmt *q;

	if (h->asked)
		return h->any;
	h->asked = 1;
	q = store_prepare(im->st, "SELECT EXISTS (SELECT 1 FROM held_mark)", NULL);
	if (q && sqlite3_step(q) == SQLITE_ROW)
		h->any = sqlite3_column_int(q, 0);
	else
		h->any = 1;	/* cannot tell: look for each pupil */
	if (q)
		sqlite3_reset(q);
	return h->any;
}

static uint64_t pupil_key(const char *upn, int32_t urn)
{
	uint64_t k = upn_hash(upn) ^ ((uint64_t)(uint32_t)urn * 0x9E3779B97F4A7C15ULL);

	return k ? k : 1;
}

/* Counts a pupil once per file. */
static void count_pupil(struct held_state *h, const char *upn, int32_t urn,
			long *count)
{
	uint64_t k = pupil_key(upn, urn);
	size_t i;

	if (2 * (h->nr + 1) > h->mask + 1) {
		uint64_t *old = h->pupils;
		size_t size = old ? 2 * (h->mask + 1) : 64;

		h->pupils = xcalloc(size, sizeof(*h->pupils));
		for (size_t j = 0; old && j <= h->mask; j++) {
			if (!old[j])
				continue;
			i = old[j] & (size - 1);
			while (h->pupils[i])
				i = (i + 1) & (size - 1);
			h->pupils[i] = old[j];
		}
		free(old);
		h->mask = size - 1;
	}
	i = k & h->mask;
	while (h->pupils[i] && h->pupils[i] != k)
		i = (i + 1) & h->mask;
	if (!h->pupils[i]) {
		h->pupils[i] = k;
		h->nr++;
		(*count)++;
	}
}

int import_hold(struct importer *im, const struct import_file *f,
		const struct mark_source *at, const char *upn, int32_t urn,
		day_t day, enum session s, mark_t m, struct import_summary *sum,
		struct error *e)
{
	sqlite3_stmt *find = store_prepare(im->st, "SELECT code, import_id FROM "
		"held_mark WHERE urn = ? AND upn = ? AND date = ? AND session = ?", e);
	sqlite3_stmt *put = store_prepare(im->st, "INSERT INTO held_mark (urn, "
		"upn, date, session, code, file, line, import_id, held_at) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (urn, upn, date, "
		"session) DO UPDATE SET code = ?5, file = ?6, line = ?7, "
		"import_id = ?8, held_at = ?9", e);
	const char *code = mark_info(m)->code, *sess = s == SESSION_PM ? "PM" : "AM";
	char now[STORE_TIME_SIZE];
	int rc;

	if (!find || !put)
		return -1;
	sqlite3_bind_int(find, 1, urn);
	sqlite3_bind_text(find, 2, upn, -1, SQLITE_STATIC);
	store_bind_day(find, 3, day);
	sqlite3_bind_text(find, 4, sess, -1, SQLITE_STATIC);
	rc = sqlite3_step(find);
	if (rc == SQLITE_ROW) {
		char old[8];
		int64_t by = sqlite3_column_int64(find, 1);

		store_column_text(find, 0, old, sizeof(old));
		sqlite3_reset(find);
		if (!strcmp(old, code)) {
			if (by != f->import_id)
				sum->held_before++;
			else
				return 0;	/* repeated in this file */
			sum->held++;
			count_pupil(&im->held, upn, urn, &sum->held_pupils);
			return 0;
		}
		if (by == f->import_id)
			return import_mark_twice(at, day, s, m,
						 code_find(old, strlen(old)), e);
	} else {
		sqlite3_reset(find);
		if (rc != SQLITE_DONE)
			return store_sqlite_error(im->st, e, "reading held marks");
	}
	store_now(now);
	sqlite3_bind_int(put, 1, urn);
	sqlite3_bind_text(put, 2, upn, -1, SQLITE_STATIC);
	store_bind_day(put, 3, day);
	sqlite3_bind_text(put, 4, sess, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 5, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 6, at->file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(put, 7, at->line);
	sqlite3_bind_int64(put, 8, f->import_id);
	sqlite3_bind_text(put, 9, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(put);
	sqlite3_reset(put);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(im->st, e, "holding a mark");
	im->held.any = im->held.asked = 1;
	sum->held++;
	count_pupil(&im->held, upn, urn, &sum->held_pupils);
	return 0;
}

/* One held mark, as read back. */
struct held_row {
	int64_t id;
	day_t day;
	enum session s;
	mark_t m;
	long line;
	char file[256];
};

/* The pupil's held marks at the school, in *rows (to be freed). */
static int held_read(struct importer *im, const struct roll_entry *en,
		     struct held_row **rows, size_t *nr, struct error *e)
{
	sqlite3_stmt *q = store_prepare(im->st, "SELECT id, date, session, code, "
		"file, line FROM held_mark WHERE urn = ? AND upn = ? "
		"ORDER BY date, session", e);
	size_t alloc = 0;
	int rc;

	*rows = NULL;
	*nr = 0;
	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, en->urn);
	sqlite3_bind_text(q, 2, en->upn, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct held_row *r;
		const char *sess = (const char *)sqlite3_column_text(q, 2);
		const char *code = (const char *)sqlite3_column_text(q, 3);

		ALLOC_GROW(*rows, *nr + 1, alloc);
		r = &(*rows)[*nr];
		r->id = sqlite3_column_int64(q, 0);
		r->day = store_column_day(q, 1);
		r->s = sess && !strcmp(sess, "PM") ? SESSION_PM : SESSION_AM;
		r->m = code ? code_find(code, strlen(code)) : MARK_MISSING;
		store_column_text(q, 4, r->file, sizeof(r->file));
		r->line = (long)sqlite3_column_int64(q, 5);
		if (r->day == DAY_NONE || r->m == MARK_MISSING)
			continue;	/* not a mark attend wrote: left as it is */
		(*nr)++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		return store_sqlite_error(im->st, e, "reading held marks");
	}
	return 0;
}

int import_held_apply(struct importer *im, const struct import_file *f,
		      const struct roll_entry *en, struct import_summary *sum,
		      long *applied, struct error *e)
{
	struct marks_table t = MARKS_TABLE_INIT;
	struct import_summary marks = { 0 };
	struct held_row *rows;
	sqlite3_stmt *drop;
	size_t nr;
	long n = 0;
	int rc = 0;

	*applied = 0;
	if (!import_held_any(im))
		return 0;
	if (held_read(im, en, &rows, &nr, e))
		return -1;
	if (!nr) {
		free(rows);
		return 0;
	}
	drop = store_prepare(im->st, "DELETE FROM held_mark WHERE id = ?", e);
	for (size_t i = 0; i < nr && !rc; i++) {
		struct held_row *r = &rows[i];
		struct mark_source at = { r->file, r->line, "date", "code", 0 };

		if (!drop) {
			rc = -1;
			break;
		}
		if (!enrolment_covers(en, r->day)) {
			sum->held_kept++;
			continue;
		}
		rc = import_mark_apply(im, &t, f->import_id, en->enrolment_id,
				       academic_year_of(r->day),
				       session_slot(r->day, r->s), r->m, &at,
				       &marks, e);
		if (rc)
			break;
		sqlite3_bind_int64(drop, 1, r->id);
		if (sqlite3_step(drop) != SQLITE_DONE)
			rc = store_sqlite_error(im->st, e, "applying held marks");
		sqlite3_reset(drop);
		n++;
	}
	free(rows);
	if (!rc)
		rc = import_marks_finish(im, &t, e);
	else
		import_marks_release(&t);
	if (rc)
		return -1;
	if (n) {
		sum->held_applied += n;
		sum->held_applied_pupils++;
	}
	*applied = n;
	return 0;
}
