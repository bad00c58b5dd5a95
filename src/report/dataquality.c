#include "report/dataquality.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

static const char *const kind_names[QUALITY_KIND_COUNT] = {
	"totals", "closed_day", "sunday",
};

const char *quality_kind_name(enum quality_kind k)
{
	return (unsigned)k < QUALITY_KIND_COUNT ? kind_names[k] : "";
}

int quality_kind_parse(const char *s)
{
	for (int k = 0; k < QUALITY_KIND_COUNT; k++)
		if (s && !strcmp(s, kind_names[k]))
			return k;
	return -1;
}

/* Grows a list by one and returns the new element, zeroed. */
static void *list_add(void **list, size_t *nr, size_t *alloc, size_t size)
{
	char *p;

	if (*nr == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 32;
		*list = xrealloc(*list, *alloc * size);
	}
	p = (char *)*list + *nr * size;
	memset(p, 0, size);
	(*nr)++;
	return p;
}

/* Steps q to its end through fn, resets it; 0, or -1 with e set. */
static int each_row(struct store *st, sqlite3_stmt *q,
		    void (*fn)(sqlite3_stmt *q, void *row), void **list,
		    size_t *nr, size_t size, struct error *e)
{
	size_t alloc = 0;
	int rc;

	*list = NULL;
	*nr = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		fn(q, list_add(list, nr, &alloc, size));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(*list);
		*list = NULL;
		*nr = 0;
		return store_sqlite_error(st, e, "data quality");
	}
	return 0;
}

static void held_pupil_row(sqlite3_stmt *q, void *row)
{
	struct held_pupil *p = row;

	p->urn = sqlite3_column_int(q, 0);
	store_column_text(q, 1, p->upn, sizeof(p->upn));
	p->marks = (long)sqlite3_column_int64(q, 2);
	p->first = store_column_day(q, 3);
	p->last = store_column_day(q, 4);
	store_column_text(q, 5, p->file, sizeof(p->file));
	p->line = (long)sqlite3_column_int64(q, 6);
	store_column_text(q, 7, p->held_at, sizeof(p->held_at));
}

int held_list_pupils(struct store *st, int32_t urn, struct held_pupil **out,
		     size_t *nr, struct error *e)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT h.urn, h.upn, count(*), "
		"min(h.date), max(h.date), f.file, f.line, f.held_at "
		"FROM held_mark h JOIN held_mark f ON f.id = (SELECT min(id) FROM "
		"held_mark g WHERE g.urn = h.urn AND g.upn = h.upn) "
		"WHERE ?1 = 0 OR h.urn = ?1 GROUP BY h.urn, h.upn "
		"ORDER BY h.urn, h.upn", e);

	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, urn);
	return each_row(st, q, held_pupil_row, (void **)out, nr, sizeof(**out), e);
}

static void held_mark_row(sqlite3_stmt *q, void *row)
{
	struct held_mark *m = row;
	const char *s = (const char *)sqlite3_column_text(q, 3);

	m->urn = sqlite3_column_int(q, 0);
	store_column_text(q, 1, m->upn, sizeof(m->upn));
	m->day = store_column_day(q, 2);
	m->session = s && !strcmp(s, "PM") ? SESSION_PM : SESSION_AM;
	store_column_text(q, 4, m->code, sizeof(m->code));
	store_column_text(q, 5, m->file, sizeof(m->file));
	m->line = (long)sqlite3_column_int64(q, 6);
	m->import_id = sqlite3_column_int64(q, 7);
	store_column_text(q, 8, m->held_at, sizeof(m->held_at));
}

int held_list_marks(struct store *st, int32_t urn, const char *upn,
		    struct held_mark **out, size_t *nr, struct error *e)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT urn, upn, date, session, code, "
		"file, line, import_id, held_at FROM held_mark "
		"WHERE (?1 = 0 OR urn = ?1) AND (?2 IS NULL OR upn = ?2) "
		"ORDER BY urn, upn, date, session", e);

	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, urn);
	if (upn)
		sqlite3_bind_text(q, 2, upn, -1, SQLITE_TRANSIENT);
	return each_row(st, q, held_mark_row, (void **)out, nr, sizeof(**out), e);
}

static long column_count(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? -1 :
	       (long)sqlite3_column_int64(q, i);
}

static void note_row(sqlite3_stmt *q, void *row)
{
	struct quality_note *n = row;
	int k = quality_kind_parse((const char *)sqlite3_column_text(q, 0));

	n->kind = k < 0 ? QUALITY_TOTALS : (enum quality_kind)k;
	n->urn = sqlite3_column_int(q, 1);
	store_column_text(q, 2, n->upn, sizeof(n->upn));
	n->year = sqlite3_column_int(q, 3);
	n->first = store_column_day(q, 4);
	n->last = store_column_day(q, 5);
	n->marks = (long)sqlite3_column_int64(q, 6);
	n->given.possible = column_count(q, 7);
	n->given.attended = column_count(q, 8);
	n->given.authorised = column_count(q, 9);
	n->given.unauthorised = column_count(q, 10);
	n->computed.possible = column_count(q, 11);
	n->computed.attended = column_count(q, 12);
	n->computed.authorised = column_count(q, 13);
	n->computed.unauthorised = column_count(q, 14);
	store_column_text(q, 15, n->file, sizeof(n->file));
	n->line = (long)sqlite3_column_int64(q, 16);
	n->import_id = sqlite3_column_int64(q, 17);
	store_column_text(q, 18, n->noted_at, sizeof(n->noted_at));
}

int quality_list_notes(struct store *st, int32_t urn, struct quality_note **out,
		       size_t *nr, struct error *e)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT kind, urn, upn, year, "
		"first_date, last_date, marks, given_possible, given_attended, "
		"given_authorised, given_unauthorised, marks_possible, "
		"marks_attended, marks_authorised, marks_unauthorised, file, line, "
		"import_id, noted_at FROM data_quality WHERE ?1 = 0 OR urn = ?1 "
		"ORDER BY urn, upn, year, kind, first_date", e);

	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, urn);
	return each_row(st, q, note_row, (void **)out, nr, sizeof(**out), e);
}

static void school_row(sqlite3_stmt *q, void *row)
{
	struct quality_school *s = row;

	s->urn = sqlite3_column_int(q, 0);
	for (int k = 0; k < QUALITY_KIND_COUNT; k++)
		s->notes[k] = (long)sqlite3_column_int64(q, 1 + k);
	s->held_marks = (long)sqlite3_column_int64(q, 4);
	s->held_pupils = (long)sqlite3_column_int64(q, 5);
}

int quality_list_schools(struct store *st, int32_t urn,
			 struct quality_school **out, size_t *nr,
			 struct error *e)
{
	sqlite3_stmt *q = store_prepare(st, "WITH urns AS (SELECT urn FROM "
		"data_quality UNION SELECT urn FROM held_mark) SELECT u.urn, "
		"(SELECT count(*) FROM data_quality d WHERE d.urn = u.urn AND "
		"d.kind = 'totals'), (SELECT count(*) FROM data_quality d WHERE "
		"d.urn = u.urn AND d.kind = 'closed_day'), (SELECT count(*) FROM "
		"data_quality d WHERE d.urn = u.urn AND d.kind = 'sunday'), "
		"(SELECT count(*) FROM held_mark h WHERE h.urn = u.urn), "
		"(SELECT count(DISTINCT upn) FROM held_mark h WHERE h.urn = u.urn) "
		"FROM urns u WHERE ?1 = 0 OR u.urn = ?1 ORDER BY u.urn", e);

	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, urn);
	return each_row(st, q, school_row, (void **)out, nr, sizeof(**out), e);
}
