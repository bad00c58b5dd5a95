#include "ingest/exclusions.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"

static const char *const names[EXCLUSION_CATEGORY_COUNT] = {
	"suspension", "permanent", "lunchtime",
};

const char *exclusion_category_name(enum exclusion_category c)
{
	return (unsigned)c < EXCLUSION_CATEGORY_COUNT ? names[c] : "";
}

int exclusion_category_parse(const char *s, size_t n)
{
	static const struct { const char *word; enum exclusion_category c; } words[] = {
		{ "FIXD", EXCLUSION_SUSPENSION }, { "suspension", EXCLUSION_SUSPENSION },
		{ "fixed", EXCLUSION_SUSPENSION }, { "fixed-term", EXCLUSION_SUSPENSION },
		{ "fixed term", EXCLUSION_SUSPENSION },
		{ "fixed period", EXCLUSION_SUSPENSION },
		{ "PERM", EXCLUSION_PERMANENT }, { "permanent", EXCLUSION_PERMANENT },
		{ "permanent exclusion", EXCLUSION_PERMANENT },
		{ "LUNC", EXCLUSION_LUNCHTIME }, { "lunchtime", EXCLUSION_LUNCHTIME },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == n && !strncasecmp(words[i].word, s, n))
			return words[i].c;
	return -1;
}

/* The last day an exclusion covers, as SQL: see exclusions.h. */
#define EXCLUSION_LAST_DAY \
	"CASE WHEN x.end_date <> '' THEN x.end_date " \
	"WHEN x.category = 'permanent' THEN '9999-12-31' ELSE x.start_date END"

int exclusion_during(struct store *st, int64_t pupil_id, day_t from, day_t to,
		     struct error *e)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT EXISTS (SELECT 1 FROM "
		"exclusion x WHERE x.pupil_id = ? AND x.start_date <= ? AND "
		EXCLUSION_LAST_DAY " >= ?)", e);
	int rc, found = 0;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, pupil_id);
	store_bind_day(q, 2, to);
	store_bind_day(q, 3, from);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		found = sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW)
		return store_sqlite_error(st, e, "reading exclusions");
	return found;
}

int exclusion_list(struct store *st, int32_t urn, day_t from, day_t to,
		   struct exclusion **out, size_t *nr, struct error *e)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT x.pupil_id, x.school_id, "
		"s.urn, p.upn, x.category, x.start_date, x.end_date, x.reason, "
		"x.sessions FROM exclusion x JOIN school s ON s.id = x.school_id "
		"JOIN pupil p ON p.id = x.pupil_id WHERE (?1 = 0 OR s.urn = ?1) "
		"AND x.start_date <= ?2 AND " EXCLUSION_LAST_DAY " >= ?3 "
		"ORDER BY s.urn, p.upn, x.start_date", e);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, urn);
	store_bind_day(q, 2, to);
	store_bind_day(q, 3, from);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct exclusion *x;
		const char *c = (const char *)sqlite3_column_text(q, 4);
		int cat = c ? exclusion_category_parse(c, strlen(c)) : -1;

		ALLOC_GROW(*out, *nr + 1, alloc);
		x = &(*out)[(*nr)++];
		memset(x, 0, sizeof(*x));
		x->pupil_id = sqlite3_column_int64(q, 0);
		x->school_id = sqlite3_column_int64(q, 1);
		x->urn = sqlite3_column_int(q, 2);
		store_column_text(q, 3, x->upn, sizeof(x->upn));
		x->category = cat < 0 ? EXCLUSION_SUSPENSION :
			      (enum exclusion_category)cat;
		x->start = store_column_day(q, 5);
		x->end = store_column_day(q, 6);
		store_column_text(q, 7, x->reason, sizeof(x->reason));
		x->sessions = sqlite3_column_type(q, 8) == SQLITE_NULL ? -1 :
			      sqlite3_column_int(q, 8);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*nr = 0;
		return store_sqlite_error(st, e, "reading exclusions");
	}
	return 0;
}
