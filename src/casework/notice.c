/* Parents and households, and the notices issued to them. */
#include <stdio.h>
#include <stdlib.h>

#include "casework/internal.h"
#include "util/strbuf.h"

/* ---- parents ----------------------------------------------------------- */

static int link_parent(struct store *st, int64_t parent_id, int64_t pupil_id,
		       const char *relationship, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO pupil_parent "
		"(pupil_id, parent_id, relationship) VALUES (?, ?, ?)", e);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, pupil_id);
	sqlite3_bind_int64(stmt, 2, parent_id);
	cw_bind_text(stmt, 3, relationship);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return error_set(e, ERROR_INPUT, "parent %lld is linked to that "
				 "child already", (long long)parent_id);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, e, "linking a parent");
	return 0;
}

/*
 * Is any pupil of sql (?1: id) one v may see?  1, 0, or -1 with e set.
 * The LA sees every family; a school, those of the children it sees.
 */
static int family_visible(struct store *st, const struct viewer *v,
			  const char *sql, int64_t id, struct error *e)
{
	sqlite3_stmt *stmt;
	struct pupil_record p;
	int visible = 0;

	if (access_authority(v))
		return 1;
	stmt = cw_query(st, sql, e);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	while (!visible && sqlite3_step(stmt) == SQLITE_ROW) {
		if (pupil_find_id(st, sqlite3_column_int64(stmt, 0), &p, e)) {
			visible = -1;
			break;
		}
		visible = cw_may_see(v, &p);
	}
	sqlite3_finalize(stmt);
	return visible;
}

#define PARENT_PUPILS "SELECT pupil_id FROM pupil_parent WHERE parent_id = ?"
#define HOUSEHOLD_PUPILS "SELECT pp.pupil_id FROM parent pa JOIN " \
	"pupil_parent pp ON pp.parent_id = pa.id WHERE pa.household_id = ?"

int parent_add(struct store *st, const struct viewer *v, const char *name,
	       const char *contact, int64_t household_id, const char *upn,
	       const char *relationship, int64_t *parent_id, struct error *e)
{
	struct pupil_record p;
	sqlite3_stmt *stmt;

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e))
		return -1;
	if (text_blank(name))
		return error_set(e, ERROR_INPUT, "a parent needs a name");
	if (store_begin(st, e))
		return -1;
	if (household_id) {
		int found;

		stmt = cw_row(st, "SELECT 1 FROM household WHERE id = ?",
			      household_id, "household", e);
		if (!stmt)
			goto fail;
		sqlite3_reset(stmt);
		found = family_visible(st, v, HOUSEHOLD_PUPILS, household_id, e);
		if (found <= 0) {
			if (!found)
				cw_no_record(e, "household", household_id);
			goto fail;
		}
	} else {
		stmt = store_prepare(st, "INSERT INTO household (name) VALUES (?)", e);
		if (!stmt)
			goto fail;
		cw_bind_text(stmt, 1, name);
		if (cw_step(st, stmt, "adding a household", e))
			goto fail;
		household_id = sqlite3_last_insert_rowid(store_db(st));
	}
	stmt = store_prepare(st, "INSERT INTO parent (name, contact, household_id) "
			     "VALUES (?, ?, ?)", e);
	if (!stmt)
		goto fail;
	cw_bind_text(stmt, 1, name);
	cw_bind_text(stmt, 2, contact);
	sqlite3_bind_int64(stmt, 3, household_id);
	if (cw_step(st, stmt, "adding a parent", e))
		goto fail;
	*parent_id = sqlite3_last_insert_rowid(store_db(st));
	if (link_parent(st, *parent_id, p.id, relationship, e))
		goto fail;
	if (cw_audit_of(st, v, "parent", *parent_id, e, "added, household %lld, "
			"%s of pupil %s", (long long)household_id,
			relationship ? relationship : "parent", p.upn))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/*
 * A parent is seen through their children: may v see one of them?  1 or
 * 0; -1 if they could not be read.
 */
int parent_link(struct store *st, const struct viewer *v, int64_t parent_id,
		const char *upn, const char *relationship, struct error *e)
{
	struct pupil_record p;
	sqlite3_stmt *stmt;
	int found;

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e))
		return -1;
	stmt = cw_row(st, "SELECT 1 FROM parent WHERE id = ?", parent_id,
		      "parent", e);
	if (!stmt)
		return -1;
	sqlite3_reset(stmt);
	found = family_visible(st, v, PARENT_PUPILS, parent_id, e);
	if (found <= 0)
		return found ? -1 : cw_no_record(e, "parent", parent_id);
	if (store_begin(st, e))
		return -1;
	if (link_parent(st, parent_id, p.id, relationship, e) ||
	    cw_audit_of(st, v, "parent", parent_id, e, "linked to pupil %s as %s",
			p.upn, relationship ? relationship : "parent")) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

static void parent_read(sqlite3_stmt *stmt, void *row)
{
	struct parent_row *r = row;

	r->id = sqlite3_column_int64(stmt, 0);
	r->household_id = sqlite3_column_int64(stmt, 1);
	cw_column_copy(stmt, 2, r->name, sizeof(r->name));
	cw_column_copy(stmt, 3, r->contact, sizeof(r->contact));
	cw_column_copy(stmt, 4, r->relationship, sizeof(r->relationship));
	cw_column_copy(stmt, 5, r->upn, sizeof(r->upn));
}

static const struct cw_list_query parents_query = {
	"SELECT pa.id, pa.household_id, pa.name, pa.contact, pp.relationship, "
	"p.upn, p.id FROM parent pa JOIN pupil_parent pp ON "
	"pp.parent_id = pa.id JOIN pupil p ON p.id = pp.pupil_id "
	"WHERE ?1 = '' OR p.upn = ?1 ORDER BY pa.household_id, pa.id, p.upn",
	6, NULL, parent_read, sizeof(struct parent_row),
};

int parent_list(struct store *st, const struct viewer *v, const char *upn,
		struct parent_row **rows, size_t *nr, struct error *e)
{
	return cw_list_run(st, v, &parents_query, upn ? upn : "", 0,
			   (void **)rows, nr, e);
}

/* ---- notices ------------------------------------------------------------- */

static void prior_read(sqlite3_stmt *stmt, void *row)
{
	struct notice *x = row;
	int k = notice_kind_parse((const char *)sqlite3_column_text(stmt, 0));
	int s = notice_status_parse((const char *)sqlite3_column_text(stmt, 1));

	x->kind = k < 0 ? NOTICE_PENALTY : (enum notice_kind)k;
	x->status = s < 0 ? NOTICE_ISSUED : (enum notice_status)s;
	x->issued = cw_column_date(stmt, 2);
}

static int load_prior(struct store *st, int64_t pupil_id, int64_t parent_id,
		      struct notice **prior, size_t *n, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT kind, status, issued FROM "
		"penalty_notice WHERE pupil_id = ? AND parent_id = ? ORDER BY "
		"issued, id", e);

	*prior = NULL;
	*n = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, pupil_id);
	sqlite3_bind_int64(stmt, 2, parent_id);
	return cw_list(st, NULL, stmt, -1, NULL, prior_read, (void **)prior, n,
		       sizeof(**prior), e);
}

static bool parent_linked(struct store *st, int64_t pupil_id, int64_t parent_id)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT 1 FROM pupil_parent WHERE "
		"pupil_id = ? AND parent_id = ?", NULL);
	bool found;

	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, pupil_id);
	sqlite3_bind_int64(stmt, 2, parent_id);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_reset(stmt);
	return found;
}

int penalty_notice_issue(struct store *st, const struct viewer *v,
			 const char *upn, int64_t parent_id,
			 enum notice_kind kind, day_t issued,
			 const char *no_nti_reason, int64_t *id,
			 struct notice_terms *terms, struct error *e)
{
	struct pupil_record p;
	struct notice *prior = NULL;
	size_t nr_prior;
	sqlite3_stmt *stmt;
	int64_t case_id = 0;
	enum stage stage;
	day_t met;
	char today[11];

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e))
		return -1;
	if (issued == DAY_NONE)
		return error_set(e, ERROR_INPUT, "a notice needs its date of issue");
	if (issued > date_today()) {
		date_format(date_today(), today);
		return error_set(e, ERROR_INPUT, "a notice cannot be issued after "
				 "today (%s)", today);
	}
	if (!parent_linked(st, p.id, parent_id))
		return error_set(e, ERROR_INPUT, "parent %lld is not linked to "
				 "pupil %s; notices go to the child's own parents "
				 "(attend parent link)", (long long)parent_id, p.upn);
	/* Read the marks before taking the write lock. */
	if (report_penalty_pupil(st, p.upn, issued, &met, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (load_prior(st, p.id, parent_id, &prior, &nr_prior, e) ||
	    notice_check(kind, issued, prior, nr_prior, met, no_nti_reason,
			 terms, e))
		goto fail;
	/* A penalty notice is enforcement: the case must be at Enforce. */
	if (cw_open_case(st, &p, &case_id, &stage, e)) {
		if (kind == NOTICE_PENALTY)
			goto fail;
		case_id = 0;
		error_clear(e);
	} else if (kind == NOTICE_PENALTY && stage != STAGE_ENFORCE) {
		error_set(e, ERROR_INPUT, "a penalty notice is enforcement: the "
			  "case of pupil %s is at %s, not Enforce", p.upn,
			  stage_label(stage));
		goto fail;
	}
	stmt = store_prepare(st, "INSERT INTO penalty_notice (case_id, pupil_id, "
			     "parent_id, kind, issued, threshold_met, no_nti_reason, "
			     "amount_pence, reduced_until, due, user_id) VALUES "
			     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!stmt)
		goto fail;
	cw_bind_id(stmt, 1, case_id);
	sqlite3_bind_int64(stmt, 2, p.id);
	sqlite3_bind_int64(stmt, 3, parent_id);
	cw_bind_text(stmt, 4, notice_kind_name(kind));
	cw_bind_date(stmt, 5, issued);
	cw_bind_date(stmt, 6, met);
	cw_bind_text(stmt, 7, no_nti_reason);
	sqlite3_bind_int(stmt, 8, terms->amount_pence);
	cw_bind_date(stmt, 9, terms->reduced_until);
	cw_bind_date(stmt, 10, terms->due);
	cw_bind_id(stmt, 11, v->user_id);
	if (cw_step(st, stmt, "issuing a notice", e))
		goto fail;
	*id = sqlite3_last_insert_rowid(store_db(st));
	if (cw_audit_of(st, v, "notice", *id, e, "%s issued to parent %lld for "
			"pupil %s, %d pence", notice_kind_name(kind),
			(long long)parent_id, p.upn, terms->amount_pence))
		goto fail;
	free(prior);
	return store_commit(st, e);
fail:
	free(prior);
	store_rollback(st);
	return -1;
}

int penalty_notice_outcome(struct store *st, const struct viewer *v,
			   int64_t id, enum notice_status to, day_t on,
			   const char *detail, struct error *e)
{
	sqlite3_stmt *stmt = cw_row(st, "SELECT pupil_id, kind, status, issued, "
		"amount_pence, reduced_until, due FROM penalty_notice WHERE id = ?",
		id, "notice", e);
	struct notice n;
	struct notice_terms t;
	struct pupil_record p;
	int64_t pupil_id;
	int32_t paid;
	int k, s;

	if (!stmt)
		return -1;
	pupil_id = sqlite3_column_int64(stmt, 0);
	k = notice_kind_parse((const char *)sqlite3_column_text(stmt, 1));
	s = notice_status_parse((const char *)sqlite3_column_text(stmt, 2));
	n.kind = k < 0 ? NOTICE_PENALTY : (enum notice_kind)k;
	n.status = s < 0 ? NOTICE_ISSUED : (enum notice_status)s;
	n.issued = cw_column_date(stmt, 3);
	memset(&t, 0, sizeof(t));
	t.amount_pence = sqlite3_column_int(stmt, 4);
	t.reduced_until = cw_column_date(stmt, 5);
	t.due = cw_column_date(stmt, 6);
	sqlite3_reset(stmt);
	if (cw_record_pupil(st, v, pupil_id, "notice", id, &p, e))
		return -1;
	if (on == DAY_NONE || on > date_today())
		return error_set(e, ERROR_INPUT, "an outcome is dated, not after "
				 "today");
	if (notice_outcome_check(&n, &t, to, on, &paid, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	stmt = store_prepare(st, "UPDATE penalty_notice SET status = ?, "
			     "outcome_date = ?, paid_pence = ?, outcome = ? "
			     "WHERE id = ? AND status = 'issued'", e);
	if (!stmt)
		goto fail;
	cw_bind_text(stmt, 1, notice_status_name(to));
	cw_bind_date(stmt, 2, on);
	sqlite3_bind_int(stmt, 3, paid);
	cw_bind_text(stmt, 4, detail);
	sqlite3_bind_int64(stmt, 5, id);
	if (cw_step(st, stmt, "recording a notice's outcome", e))
		goto fail;
	if (cw_audit_of(st, v, "notice", id, e, "%s%s%s", notice_status_name(to),
			text_blank(detail) ? "" : ": ", detail ? detail : ""))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

static void notice_read(sqlite3_stmt *stmt, void *row)
{
	struct notice_row *r = row;
	int k = notice_kind_parse((const char *)sqlite3_column_text(stmt, 4));
	int s = notice_status_parse((const char *)sqlite3_column_text(stmt, 5));

	r->id = sqlite3_column_int64(stmt, 0);
	r->parent_id = sqlite3_column_int64(stmt, 1);
	cw_column_copy(stmt, 2, r->upn, sizeof(r->upn));
	cw_column_copy(stmt, 3, r->parent, sizeof(r->parent));
	r->kind = k < 0 ? NOTICE_PENALTY : (enum notice_kind)k;
	r->status = s < 0 ? NOTICE_ISSUED : (enum notice_status)s;
	r->issued = cw_column_date(stmt, 6);
	r->reduced_until = cw_column_date(stmt, 7);
	r->due = cw_column_date(stmt, 8);
	r->outcome_date = cw_column_date(stmt, 9);
	r->amount_pence = sqlite3_column_int(stmt, 10);
	r->paid_pence = sqlite3_column_int(stmt, 11);
	cw_column_copy(stmt, 12, r->outcome, sizeof(r->outcome));
}

static const struct cw_list_query notices_query = {
	"SELECT n.id, n.parent_id, p.upn, pa.name, n.kind, n.status, n.issued, "
	"n.reduced_until, n.due, n.outcome_date, n.amount_pence, n.paid_pence, "
	"n.outcome, p.id FROM penalty_notice n JOIN pupil p ON "
	"p.id = n.pupil_id JOIN parent pa ON pa.id = n.parent_id "
	"WHERE ?1 = '' OR p.upn = ?1 ORDER BY p.upn, n.issued, n.id",
	13, NULL, notice_read, sizeof(struct notice_row),
};

int penalty_notice_list(struct store *st, const struct viewer *v,
			const char *upn, struct notice_row **rows, size_t *nr,
			struct error *e)
{
	return cw_list_run(st, v, &notices_query, upn ? upn : "", 0,
			   (void **)rows, nr, e);
}
