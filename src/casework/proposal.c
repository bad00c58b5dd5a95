/*
 * Cases proposed by the system, opened by people (casework.h): the rule
 * of core/proposal.h over the year's measures, and the proposals an
 * officer or a school accepts or dismisses.
 */
#include <stdio.h>
#include <stdlib.h>

#include "casework/internal.h"
#include "engine/engine.h"
#include "store/config.h"
#include "util/strbuf.h"

/* The measures now and a week before, read before the write lock. */
struct propose_input {
	struct roll_report now, before;
	bool have;
};

static int propose_read(struct store *st, day_t as_of, int32_t urn,
			struct propose_input *in, struct error *e)
{
	int year = academic_year_of(as_of);
	struct period now = { academic_year_start(year), as_of };
	struct engine *en = NULL;

	memset(in, 0, sizeof(*in));
	if (engine_open(&en, st, year, NULL, e))
		return -1;
	if (report_enrolments_engine(st, en, &now, urn, &in->now, e)) {
		engine_free(en);
		return -1;
	}
	roll_report_copy(&in->before, &in->now);
	in->have = true;
	/* Before the year's first week there is no week before: no rise. */
	in->before.period.to = as_of - 7;
	if (in->before.period.to < in->before.period.from) {
		for (size_t i = 0; i < in->before.nr_rows; i++)
			memset(&in->before.rows[i].m, 0, sizeof(in->before.rows[i].m));
		engine_free(en);
		return 0;
	}
	if (roll_report_measure(&in->before, en, e)) {
		engine_free(en);
		return -1;
	}
	engine_free(en);
	return 0;
}

/*
 * Should a new proposal be made for the pupil at band b?  Not with an
 * open case or proposal, nor after one this year decided at b or worse.
 */
static int proposal_wanted(struct store *st, int64_t pupil_id, int year,
			   enum band b, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT 'case', '' FROM pupil_case "
					   "WHERE pupil_id = ?1 AND closed = '' UNION ALL "
					   "SELECT status, band FROM case_proposal WHERE "
					   "pupil_id = ?1 AND (status = 'open' OR "
					   "year = ?2)", e);
	int wanted = 1;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, pupil_id);
	sqlite3_bind_int(stmt, 2, year);
	while (wanted && sqlite3_step(stmt) == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(stmt, 0);
		const char *band = (const char *)sqlite3_column_text(stmt, 1);
		enum band was = BAND_NONE;

		if (!strcmp(status, "case") || !strcmp(status, "open")) {
			wanted = 0;	/* an open case, or proposal */
			break;
		}
		for (int k = 0; k < BAND_COUNT; k++)
			if (!strcmp(band, band_name((enum band)k)))
				was = (enum band)k;
		if (was >= b)
			wanted = 0;
	}
	sqlite3_reset(stmt);
	return wanted;
}

static int sen_of(const char *code)
{
	enum sen s;
	return sen_parse(code, strlen(code), &s) ? SEN_UNKNOWN : (int)s;
}

static int insert_proposal(struct store *st, const struct viewer *v,
			   const struct pupil_record *p, int64_t school_id,
			   int year, enum proposal_ground g,
			   const struct measure *now, const struct measure *before,
			   struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO case_proposal "
		"(pupil_id, school_id, year, proposed, ground, band, absent, "
		"possible, absent_before, possible_before) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	enum band b = band_of(measure_absent(now), now->possible);

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, p->id);
	sqlite3_bind_int64(stmt, 2, school_id);
	sqlite3_bind_int(stmt, 3, year);
	cw_bind_date(stmt, 4, date_today());
	cw_bind_text(stmt, 5, proposal_ground_name(g));
	cw_bind_text(stmt, 6, band_name(b));
	sqlite3_bind_int64(stmt, 7, measure_absent(now));
	sqlite3_bind_int64(stmt, 8, now->possible);
	sqlite3_bind_int64(stmt, 9, measure_absent(before));
	sqlite3_bind_int64(stmt, 10, before->possible);
	if (cw_step(st, stmt, "proposing a case", e))
		return -1;
	return cw_audit_of(st, v, "proposal", sqlite3_last_insert_rowid(store_db(st)),
			   e, "proposed a case for pupil %s (%s, %s)", p->upn,
			   proposal_ground_name(g), band_name(b));
}

/* The row's enrolment is current: on the roll at the end of the period. */
static bool current(const struct enrolment_row *row, day_t to)
{
	return row->end == DAY_NONE || row->end >= to;
}

int casework_propose(struct store *st, const struct viewer *v, day_t as_of,
		     int32_t urn, size_t *proposed, struct error *e)
{
	struct proposal_rule rule;
	struct propose_input in;
	int year = academic_year_of(as_of);

	*proposed = 0;
	if (cw_must_be_la(v, "propose cases", e) ||
	    config_proposal_rule(st, &rule, e))
		return -1;
	if (propose_read(st, as_of, urn, &in, e))
		goto release;
	if (store_begin(st, e))
		goto release;
	for (size_t i = 0; i < in.now.nr_rows; i++) {
		const struct enrolment_row *row = &in.now.rows[i];
		struct proposal_pupil pp = { row->m, in.before.rows[i].m,
					     SEN_UNKNOWN, CARE_UNKNOWN };
		struct pupil_record p;
		enum proposal_ground g;
		int wanted;

		/* Nobody below at risk of PA is proposed on any ground. */
		if (!current(row, as_of) ||
		    band_of(measure_absent(&row->m), row->m.possible) < BAND_AT_RISK_PA)
			continue;
		if (pupil_find(st, row->upn, &p, e))
			goto fail;
		pp.sen = (enum sen)sen_of(p.sen);
		pp.care = p.care;
		if ((g = proposal_check(&rule, &pp)) == PROPOSAL_NONE)
			continue;
		wanted = proposal_wanted(st, p.id, year,
					 band_of(measure_absent(&row->m),
						 row->m.possible), e);
		if (wanted < 0)
			goto fail;
		if (!wanted)
			continue;
		if (insert_proposal(st, v, &p, in.now.schools[row->school].id, year,
				    g, &row->m, &in.before.rows[i].m, e))
			goto fail;
		(*proposed)++;
	}
	if (store_commit(st, e))
		goto release;
	roll_report_release(&in.now);
	roll_report_release(&in.before);
	return 0;
fail:
	store_rollback(st);
release:
	if (in.have) {
		roll_report_release(&in.now);
		roll_report_release(&in.before);
	}
	*proposed = 0;
	return -1;
}

/* ---- reading --------------------------------------------------------------- */

static void proposal_read(sqlite3_stmt *stmt, void *row)
{
	struct proposal_row *r = row;
	const char *care = (const char *)sqlite3_column_text(stmt, 6);
	const char *band = (const char *)sqlite3_column_text(stmt, 10);
	enum social_care c;

	r->id = sqlite3_column_int64(stmt, 0);
	r->pupil_id = sqlite3_column_int64(stmt, 1);
	cw_column_copy(stmt, 2, r->upn, sizeof(r->upn));
	cw_column_copy(stmt, 3, r->name, sizeof(r->name));
	r->urn = sqlite3_column_int(stmt, 4);
	cw_column_copy(stmt, 5, r->school, sizeof(r->school));
	r->care = social_care_parse(care, strlen(care), &c) ? CARE_UNKNOWN : c;
	cw_column_copy(stmt, 7, r->sen, sizeof(r->sen));
	r->proposed = cw_column_date(stmt, 8);
	r->ground = proposal_ground_parse((const char *)sqlite3_column_text(stmt, 9));
	r->band = BAND_NONE;
	for (int k = 0; k < BAND_COUNT; k++)
		if (!strcmp(band, band_name((enum band)k)))
			r->band = (enum band)k;
	r->absent = (uint32_t)sqlite3_column_int64(stmt, 11);
	r->possible = (uint32_t)sqlite3_column_int64(stmt, 12);
	r->absent_before = (uint32_t)sqlite3_column_int64(stmt, 13);
	r->possible_before = (uint32_t)sqlite3_column_int64(stmt, 14);
	cw_column_copy(stmt, 15, r->status, sizeof(r->status));
	r->decided = cw_column_date(stmt, 16);
	cw_column_copy(stmt, 17, r->decided_by, sizeof(r->decided_by));
	cw_column_copy(stmt, 18, r->decision_reason, sizeof(r->decision_reason));
	r->case_id = sqlite3_column_int64(stmt, 19);
}

#define PROPOSAL_SELECT "SELECT c.id, c.pupil_id, p.upn, p.forename || ' ' || " \
	"p.surname, s.urn, s.name, p.social_care, p.sen, c.proposed, c.ground, " \
	"c.band, c.absent, c.possible, c.absent_before, c.possible_before, " \
	"c.status, substr(c.decided, 1, 10), coalesce(u.username, ''), " \
	"c.decision_reason, coalesce(c.case_id, 0) FROM case_proposal c " \
	"JOIN pupil p ON p.id = c.pupil_id JOIN school s ON s.id = c.school_id " \
	"LEFT JOIN user u ON u.id = c.decided_by "

static const struct cw_list_query proposals_query = {
	PROPOSAL_SELECT "WHERE ?1 OR c.status = 'open' ORDER BY c.status <> 'open', "
	"CASE c.band WHEN 'sa' THEN 0 WHEN 'at_risk_sa' THEN 1 WHEN 'pa' THEN 2 "
	"ELSE 3 END, c.absent * 1.0 / max(c.possible, 1) DESC, p.upn",
	1, NULL, proposal_read, sizeof(struct proposal_row),
};

int proposal_list(struct store *st, const struct viewer *v, bool all,
		  struct proposal_row **rows, size_t *nr, struct error *e)
{
	return cw_list_run(st, v, &proposals_query, NULL, all, (void **)rows, nr, e);
}

static const char *care_words(enum social_care c)
{
	switch (c) {
	case CARE_CIN: return "a child in need plan";
	case CARE_CP: return "a child protection plan";
	case CARE_CLA: return "looked after";
	default: return "";
	}
}

void proposal_describe(const struct proposal_row *p, char *out, size_t n)
{
	char now[24], before[24];

	percent_format(p->absent, p->possible, now);
	percent_format(p->absent_before, p->possible_before, before);
	switch (p->ground) {
	case PROPOSAL_RISING:
		snprintf(out, n, "Absence rose from %s%% to %s%% of sessions in the "
			 "last week (%s).", before, now, band_label(p->band));
		break;
	case PROPOSAL_VULNERABLE:
		if (p->care == CARE_CLA)
			snprintf(out, n, "Absent %s%% of sessions this year (%s), and "
				 "looked after.", now, band_label(p->band));
		else if (p->care == CARE_CIN || p->care == CARE_CP)
			snprintf(out, n, "Absent %s%% of sessions this year (%s), with "
				 "%s.", now, band_label(p->band), care_words(p->care));
		else
			snprintf(out, n, "Absent %s%% of sessions this year (%s), with "
				 "an EHCP.", now, band_label(p->band));
		break;
	default:
		snprintf(out, n, "Absent %s%% of sessions this year (%s).", now,
			 band_label(p->band));
	}
}

/* ---- deciding --------------------------------------------------------------- */

/* The open proposal `id` and its pupil, whom v may change the casework of. */
static int open_proposal(struct store *st, const struct viewer *v, int64_t id,
			 struct proposal_row *row, struct pupil_record *p,
			 struct error *e)
{
	sqlite3_stmt *stmt = cw_row(st, PROPOSAL_SELECT "WHERE c.id = ?1", id,
				    "proposal", e);

	if (!stmt)
		return -1;
	memset(row, 0, sizeof(*row));
	proposal_read(stmt, row);
	sqlite3_reset(stmt);
	if (pupil_find_id(st, row->pupil_id, p, e) || cw_may_change(v, p, e))
		return -1;
	if (strcmp(row->status, "open"))
		return error_set(e, ERROR_INPUT, "the proposal for %s was %s "
				 "already", row->name, row->status);
	return 0;
}

static int decide(struct store *st, const struct viewer *v, int64_t id,
		  const char *status, const char *reason, int64_t case_id,
		  struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE case_proposal SET "
		"status = ?, decided = ?, decided_by = ?, decision_reason = ?, "
		"case_id = ? WHERE id = ? AND status = 'open'", e);
	char now[32];

	if (!stmt)
		return -1;
	cw_now(now);
	cw_bind_text(stmt, 1, status);
	cw_bind_text(stmt, 2, now);
	cw_bind_id(stmt, 3, v->user_id);
	cw_bind_text(stmt, 4, reason);
	cw_bind_id(stmt, 5, case_id);
	sqlite3_bind_int64(stmt, 6, id);
	if (cw_step(st, stmt, "deciding a proposal", e))
		return -1;
	return cw_audit_of(st, v, "proposal", id, e, "%s: %s", status,
			   reason ? reason : "");
}

int proposal_accept(struct store *st, const struct viewer *v, int64_t id,
		    const char *reason, int64_t *case_id, struct error *e)
{
	struct proposal_row row;
	struct pupil_record p;
	char why[512], text[300];

	if (open_proposal(st, v, id, &row, &p, e))
		return -1;
	proposal_describe(&row, text, sizeof(text));
	snprintf(why, sizeof(why), "Proposed: %s%s%s", text,
		 text_blank(reason) ? "" : " Accepted: ",
		 text_blank(reason) ? "" : reason);
	if (store_begin(st, e))
		return -1;
	if (cw_case_open(st, v, &p, STAGE_MONITOR, why, case_id, e) ||
	    decide(st, v, id, "accepted", reason, *case_id, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int proposal_dismiss(struct store *st, const struct viewer *v, int64_t id,
		     const char *reason, struct error *e)
{
	struct proposal_row row;
	struct pupil_record p;

	if (open_proposal(st, v, id, &row, &p, e))
		return -1;
	if (text_blank(reason))
		return error_set(e, ERROR_INPUT, "dismissing a proposal needs a "
				 "reason (what the school knows, say)");
	if (store_begin(st, e))
		return -1;
	if (decide(st, v, id, "dismissed", reason, 0, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}
