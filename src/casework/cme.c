/* Children missing education: referrals, removals from roll, no place. */
#include <stdio.h>
#include <stdlib.h>

#include "casework/internal.h"
#include "util/strbuf.h"

int cme_refer(struct store *st, const struct viewer *v, const char *upn,
	      const char *name, day_t dob, int32_t urn, enum cme_source source,
	      day_t on, const char *notes, int64_t *id, struct error *e)
{
	struct pupil_record p;
	sqlite3_stmt *stmt;
	int64_t school_id = 0;

	memset(&p, 0, sizeof(p));
	if (!access_cme(v))
		return error_set(e, ERROR_INPUT, "%s (%s) may not refer a child "
				 "missing education", v->username, role_label(v->role));
	if (upn && cw_pupil_find(st, v, upn, &p, e))
		return -1;
	/*
	 * The referral names the child: a pupil the referrer may see, or a
	 * school's pupil it has just removed from its roll (a former school,
	 * core/access.h), whose removal it must notify.
	 */
	if (upn && !access_pupil_attendance(v, p.id, p.roll, p.nr_schools,
					    p.care, date_today()))
		return error_set(e, ERROR_INPUT, "%s may not see pupil %s",
				 v->username, p.upn);
	if (!upn && text_blank(name))
		return error_set(e, ERROR_INPUT, "a referral names the child: a "
				 "UPN or a name");
	if (urn && cw_school(st, urn, &school_id, e))
		return -1;
	if (!access_cme_referral(v, school_id))
		return error_set(e, ERROR_INPUT, "a school refers children from "
				 "its own roll: give its URN");
	if ((unsigned)source >= CME_SOURCE_COUNT)
		return error_set(e, ERROR_INPUT, "not a source of referral");
	if (on == DAY_NONE || on > date_today())
		return error_set(e, ERROR_INPUT, "a referral is dated, not after "
				 "today");
	if (dob != DAY_NONE && dob >= on)
		return error_set(e, ERROR_INPUT, "the date of birth is not before "
				 "the referral: dates in the wrong order");
	if (store_begin(st, e))
		return -1;
	stmt = store_prepare(st, "INSERT INTO cme (pupil_id, name, dob, school_id, "
			     "source, status, referred, updated, notes, user_id) "
			     "VALUES (?, ?, ?, ?, ?, 'referred', ?, ?, ?, ?)", e);
	if (!stmt)
		goto fail;
	cw_bind_id(stmt, 1, p.id);
	cw_bind_text(stmt, 2, p.id ? p.name : name);
	cw_bind_date(stmt, 3, dob);
	cw_bind_id(stmt, 4, school_id);
	cw_bind_text(stmt, 5, cme_source_name(source));
	cw_bind_date(stmt, 6, on);
	cw_bind_date(stmt, 7, on);
	cw_bind_text(stmt, 8, notes);
	cw_bind_id(stmt, 9, v->user_id);
	if (cw_step(st, stmt, "recording a referral", e))
		goto fail;
	*id = sqlite3_last_insert_rowid(store_db(st));
	if (cw_audit_of(st, v, "cme", *id, e, "%s%s%s", cme_source_name(source),
			p.id ? " of pupil " : "", p.id ? p.upn : ""))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int cme_update(struct store *st, const struct viewer *v, int64_t id,
	       enum cme_status to, enum cme_outcome outcome, day_t on,
	       const char *notes, struct error *e)
{
	sqlite3_stmt *stmt;
	enum cme_status from;
	day_t updated;
	int s;

	if (cw_must_be_la(v, "update a CME referral", e))
		return -1;
	stmt = cw_row(st, "SELECT status, updated FROM cme WHERE id = ?", id,
		      "CME referral", e);
	if (!stmt)
		return -1;
	s = cme_status_parse((const char *)sqlite3_column_text(stmt, 0));
	from = s < 0 ? CME_REFERRED : (enum cme_status)s;
	updated = cw_column_date(stmt, 1);
	sqlite3_reset(stmt);
	if (cme_check_transition(from, to, outcome, e))
		return -1;
	if (on == DAY_NONE || on > date_today() || on < updated)
		return error_set(e, ERROR_INPUT, "the date must lie between the "
				 "last update and today");
	if (store_begin(st, e))
		return -1;
	stmt = store_prepare(st, "UPDATE cme SET status = ?, updated = ?, "
			     "outcome = ?, notes = CASE WHEN ? = '' THEN notes "
			     "ELSE ? END WHERE id = ?", e);
	if (!stmt)
		goto fail;
	cw_bind_text(stmt, 1, cme_status_name(to));
	cw_bind_date(stmt, 2, on);
	cw_bind_text(stmt, 3, cme_outcome_name(outcome));
	cw_bind_text(stmt, 4, notes);
	cw_bind_text(stmt, 5, notes);
	sqlite3_bind_int64(stmt, 6, id);
	if (cw_step(st, stmt, "updating a referral", e))
		goto fail;
	if (cw_audit_of(st, v, "cme", id, e, "%s -> %s%s%s", cme_status_name(from),
			cme_status_name(to), outcome ? ": " : "",
			cme_outcome_name(outcome)))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* The referral's school (column 9) is one v may see the referrals of. */
static int referral_seen(struct store *st, const struct viewer *v,
			 sqlite3_stmt *stmt)
{
	(void)st;
	return access_cme_referral(v, sqlite3_column_int64(stmt, 9));
}

static void referral_read(sqlite3_stmt *stmt, void *row)
{
	struct cme_row *r = row;
	int x;

	r->id = sqlite3_column_int64(stmt, 0);
	cw_column_copy(stmt, 1, r->upn, sizeof(r->upn));
	cw_column_copy(stmt, 2, r->name, sizeof(r->name));
	r->urn = sqlite3_column_int(stmt, 3);
	x = cme_source_parse((const char *)sqlite3_column_text(stmt, 4));
	r->source = x < 0 ? CME_REFERRAL : (enum cme_source)x;
	x = cme_status_parse((const char *)sqlite3_column_text(stmt, 5));
	r->status = x < 0 ? CME_REFERRED : (enum cme_status)x;
	r->referred = cw_column_date(stmt, 6);
	r->updated = cw_column_date(stmt, 7);
	cw_column_copy(stmt, 8, r->outcome, sizeof(r->outcome));
}

static const struct cw_list_query referrals_query = {
	"SELECT c.id, coalesce(p.upn, ''), c.name, coalesce(s.urn, 0), "
	"c.source, c.status, c.referred, c.updated, c.outcome, "
	"coalesce(c.school_id, 0) FROM cme c LEFT JOIN pupil p ON "
	"p.id = c.pupil_id LEFT JOIN school s ON s.id = c.school_id "
	"ORDER BY c.referred, c.id",
	-1, referral_seen, referral_read, sizeof(struct cme_row),
};

int cme_list(struct store *st, const struct viewer *v, struct cme_row **rows,
	     size_t *nr, struct error *e)
{
	return cw_list_run(st, v, &referrals_query, NULL, 0, (void **)rows, nr,
			   e);
}
