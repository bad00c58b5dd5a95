/* The joint legal decision: Lincolnshire's six steps, recorded on a case. */
#include <stdio.h>
#include <stdlib.h>

#include "casework/internal.h"
#include "util/strbuf.h"

/*
 * Step 4's agreement must come from someone entitled to give it: a social
 * worker with the child on their caseload, or for a child looked after
 * the virtual school head.  Returns their user id.
 */
static int social_worker_check(struct store *st, const struct pupil_record *p,
			       const char *username, int64_t *id,
			       struct error *e)
{
	struct viewer sw;
	int ok;

	if (casework_viewer(st, username, &sw, e))
		return -1;
	ok = access_legal_agree(&sw, p->id, p->roll, p->nr_schools, p->care,
				date_today());
	*id = sw.user_id;
	viewer_release(&sw);
	if (!ok)
		return error_set(e, ERROR_INPUT, "step 4: %s is not a social worker "
				 "with pupil %s on their caseload", username, p->upn);
	return 0;
}

int legal_decision_record(struct store *st, const struct viewer *v,
			  const char *upn, const struct legal_spec *s,
			  int64_t *id, struct error *e)
{
	struct legal_decision d = {
		s->decided, s->policy_followed, s->officer_discussed,
		s->support_considered, s->social_worker, s->social_worker_agreed,
		s->outcome, s->review,
	};
	struct pupil_record p;
	sqlite3_stmt *stmt;
	int64_t case_id, sw_id = 0;
	enum stage stage;
	char now[32];

	if (pupil_find(st, upn, &p, e) || cw_may_change(v, &p, e))
		return -1;
	if (!text_blank(s->social_worker) &&
	    social_worker_check(st, &p, s->social_worker, &sw_id, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (cw_open_case(st, &p, &case_id, &stage, e) ||
	    legal_decision_check(&d, stage, p.care, e))
		goto fail;
	stmt = store_prepare(st, "INSERT INTO legal_decision (case_id, decided, "
			     "user_id, policy_followed, officer_discussed, "
			     "support_considered, social_worker_required, "
			     "social_worker_id, social_worker_agreed, outcome, review, "
			     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!stmt)
		goto fail;
	cw_now(now);
	sqlite3_bind_int64(stmt, 1, case_id);
	cw_bind_date(stmt, 2, s->decided);
	cw_bind_id(stmt, 3, v->user_id);
	cw_bind_text(stmt, 4, s->policy_followed);
	cw_bind_text(stmt, 5, s->officer_discussed);
	cw_bind_text(stmt, 6, s->support_considered);
	sqlite3_bind_int(stmt, 7, legal_social_worker_required(p.care));
	cw_bind_id(stmt, 8, sw_id);
	cw_bind_date(stmt, 9, sw_id ? s->social_worker_agreed : DAY_NONE);
	cw_bind_text(stmt, 10, legal_outcome_name(s->outcome));
	cw_bind_date(stmt, 11, s->review);
	cw_bind_text(stmt, 12, now);
	if (cw_step(st, stmt, "recording a legal decision", e))
		goto fail;
	*id = sqlite3_last_insert_rowid(store_db(st));
	/* this decision is the review of any the case had on hold */
	stmt = store_prepare(st, "UPDATE legal_decision SET reviewed = ? WHERE "
			     "case_id = ? AND outcome = 'on_hold' AND reviewed = '' "
			     "AND id <> ?", e);
	if (!stmt)
		goto fail;
	cw_bind_date(stmt, 1, s->decided);
	sqlite3_bind_int64(stmt, 2, case_id);
	sqlite3_bind_int64(stmt, 3, *id);
	if (cw_step(st, stmt, "recording the review of a decision on hold", e))
		goto fail;
	if (cw_audit_of(st, v, "case", case_id, e, "legal decision %lld for "
			"pupil %s: %s", (long long)*id, p.upn,
			legal_outcome_name(s->outcome)))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

static void legal_read(sqlite3_stmt *stmt, void *row)
{
	struct legal_row *r = row;
	int o = legal_outcome_parse((const char *)sqlite3_column_text(stmt, 7));

	r->id = sqlite3_column_int64(stmt, 0);
	r->case_id = sqlite3_column_int64(stmt, 1);
	cw_column_copy(stmt, 3, r->upn, sizeof(r->upn));
	r->decided = cw_column_date(stmt, 4);
	r->review = cw_column_date(stmt, 5);
	r->reviewed = cw_column_date(stmt, 6);
	r->outcome = o < 0 ? LEGAL_NO_ACTION : (enum legal_outcome)o;
	r->social_worker_required = sqlite3_column_int(stmt, 8);
	cw_column_copy(stmt, 9, r->social_worker, sizeof(r->social_worker));
}

static const struct cw_list_query legal_query = {
	"SELECT l.id, l.case_id, c.pupil_id, p.upn, l.decided, l.review, "
	"l.reviewed, l.outcome, l.social_worker_required, "
	"coalesce(u.username, '') FROM legal_decision l JOIN pupil_case c ON "
	"c.id = l.case_id JOIN pupil p ON p.id = c.pupil_id LEFT JOIN user u "
	"ON u.id = l.social_worker_id ORDER BY l.decided, l.id",
	2, NULL, legal_read, sizeof(struct legal_row),
};

int legal_decision_list(struct store *st, const struct viewer *v,
			struct legal_row **rows, size_t *nr, struct error *e)
{
	return cw_list_run(st, v, &legal_query, NULL, 0, (void **)rows, nr, e);
}
