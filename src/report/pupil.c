/* One pupil's record with their enrolments (report/pupil.h). */
#include "report/pupil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static void copy_text(sqlite3_stmt *stmt, int col, char *out, size_t n)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);

	snprintf(out, n, "%s", s ? s : "");
}

static int enrolments_load(struct store *st, struct pupil_record *p,
			   struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT e.school_id, s.urn, "
		"s.name, e.year_group, e.start_date, e.end_date FROM enrolment e "
		"JOIN school s ON s.id = e.school_id WHERE e.pupil_id = ? "
		"ORDER BY s.urn", e);
	int rc = SQLITE_DONE;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, p->id);
	while (p->nr_schools < PUPIL_MAX_SCHOOLS &&
	       (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct pupil_enrolment *en = &p->enrolments[p->nr_schools];

		en->school_id = sqlite3_column_int64(stmt, 0);
		p->schools[p->nr_schools++] = en->school_id;
		en->urn = sqlite3_column_int(stmt, 1);
		copy_text(stmt, 2, en->name, sizeof(en->name));
		copy_text(stmt, 3, en->year_group, sizeof(en->year_group));
		copy_text(stmt, 4, en->start, sizeof(en->start));
		copy_text(stmt, 5, en->end, sizeof(en->end));
		p->roll[p->nr_schools - 1] = (struct access_enrolment) {
			en->school_id, store_column_day(stmt, 4),
			store_column_day(stmt, 5),
		};
	}
	sqlite3_reset(stmt);
	if (p->nr_schools < PUPIL_MAX_SCHOOLS && rc != SQLITE_DONE)
		return store_sqlite_error(st, e, "reading a pupil's enrolments");
	return 0;
}

/*
 * Reads the pupil row stmt (bound) yields, then their enrolments: 0, 1 if
 * there is no such pupil, -1 on an error.
 */
static int pupil_load(struct store *st, sqlite3_stmt *stmt,
		      struct pupil_record *p, struct error *e)
{
	int rc = sqlite3_step(stmt);

	memset(p, 0, sizeof(*p));
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return rc == SQLITE_DONE ? 1 :
			store_sqlite_error(st, e, "reading a pupil");
	}
	p->id = sqlite3_column_int64(stmt, 0);
	copy_text(stmt, 1, p->upn, sizeof(p->upn));
	copy_text(stmt, 2, p->surname, sizeof(p->surname));
	copy_text(stmt, 3, p->forename, sizeof(p->forename));
	copy_text(stmt, 4, p->dob, sizeof(p->dob));
	copy_text(stmt, 5, p->fsm, sizeof(p->fsm));
	copy_text(stmt, 6, p->sen, sizeof(p->sen));
	copy_text(stmt, 7, p->social_care, sizeof(p->social_care));
	sqlite3_reset(stmt);
	snprintf(p->name, sizeof(p->name), "%s %s", p->forename, p->surname);
	if (social_care_parse(p->social_care, strlen(p->social_care), &p->care))
		p->care = CARE_UNKNOWN;
	return enrolments_load(st, p, e);
}

#define PUPIL_COLUMNS "SELECT id, upn, surname, forename, dob, fsm, sen, " \
	"social_care FROM pupil "

int pupil_find(struct store *st, const char *upn, struct pupil_record *p,
	       struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, PUPIL_COLUMNS "WHERE upn = ?", e);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, upn ? upn : "", -1, SQLITE_TRANSIENT);
	rc = pupil_load(st, stmt, p, e);
	if (rc > 0)
		return error_set(e, ERROR_INPUT, "pupil %s is not in the store",
				 upn ? upn : "(none)");
	return rc;
}

int pupil_find_id(struct store *st, int64_t id, struct pupil_record *p,
		  struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, PUPIL_COLUMNS "WHERE id = ?", e);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = pupil_load(st, stmt, p, e);
	if (rc > 0)
		return error_set(e, ERROR_INPUT, "no pupil %lld", (long long)id);
	return rc;
}
