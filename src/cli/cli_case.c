/*
 * attend case: a pupil's case on the graduated response (open, move,
 * close, barriers, agencies, actions) and the cases an officer may see.
 */
#include "casework/casework.h"
#include "cli/cli.h"

int cmd_case_open(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *reason = NULL, *stage_text = NULL;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("reason", "TEXT", &reason, "why the case is opened"),
		OPT_STRING("stage", "STAGE", &stage_text, "expect, monitor "
			   "(default), listen, facilitate or formalise"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc, stage = STAGE_MONITOR;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (stage_text && (stage = stage_parse(stage_text)) < 0)
		return cli_usage_error(cli, "'%s' is not a stage", stage_text);
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = casework_open(s.st, &s.v, argv[0], (enum stage)stage,
			   reason, &id, &e);
	if (!rc)
		printf("case %lld opened for %s at %s\n", (long long)id,
		       argv[0], stage_name((enum stage)stage));
	return acting_end(&s, rc, &e);
}

int cmd_case_move(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *to = NULL;
	struct case_move_spec m = { 0 };
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("to", "STAGE", &to, "expect, monitor, listen, "
			   "facilitate, formalise or enforce"),
		OPT_STRING("reason", "TEXT", &m.reason, "why"),
		OPT_STRING("support-offered", "TEXT", &m.support_offered, "the "
			   "formal support offered (contract, ESO)"),
		OPT_STRING("support-outcome", "TEXT", &m.support_outcome,
			   "what happened"),
		OPT_STRING("not-appropriate", "TEXT", &m.not_appropriate, "why "
			   "support was not appropriate"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int rc, stage;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!to)
		return cli_usage_error(cli, "name the stage: --to STAGE");
	if ((stage = stage_parse(to)) < 0)
		return cli_usage_error(cli, "'%s' is not a stage", to);
	m.to = (enum stage)stage;
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = casework_move(s.st, &s.v, argv[0], &m, &e);
	if (!rc)
		printf("case of %s moved to %s\n", argv[0], stage_name(m.to));
	return acting_end(&s, rc, &e);
}

int cmd_case_close(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *reason = NULL;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("reason", "TEXT", &reason, "why the case is closed"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = casework_close(s.st, &s.v, argv[0], reason, &e);
	if (!rc)
		printf("case of %s closed\n", argv[0]);
	return acting_end(&s, rc, &e);
}

/* case barrier / case agency */
static int case_tag_cmd(struct cli *cli, int argc, char **argv, bool barrier)
{
	struct acting s = ACTING_INIT;
	const char *value = NULL, *detail = NULL;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING(barrier ? "barrier" : "agency", barrier ? "BARRIER" :
			   "AGENCY", &value, barrier ? "health, send, anxiety_ebsa, "
			   "family, transport, bullying, young_carer or other" :
			   "early_help_taf, camhs, send, social_care, "
			   "school_nursing, youth_justice or other"),
		OPT_STRING("detail", "TEXT", &detail, "what is known"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int rc, v;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	v = barrier ? barrier_parse(value) : agency_parse(value);
	if (v < 0)
		return cli_usage_error(cli, "name a known %s", barrier ?
				       "--barrier" : "--agency");
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = barrier ?
		casework_add_barrier(s.st, &s.v, argv[0], (enum barrier)v,
				     detail, &e) :
		casework_add_agency(s.st, &s.v, argv[0], (enum agency)v,
				    detail, &e);
	if (!rc)
		printf("%s %s recorded for %s\n", barrier ? "barrier" :
		       "agency", value, argv[0]);
	return acting_end(&s, rc, &e);
}

int cmd_case_barrier(struct cli *cli, int argc, char **argv)
{
	return case_tag_cmd(cli, argc, argv, true);
}

int cmd_case_agency(struct cli *cli, int argc, char **argv)
{
	return case_tag_cmd(cli, argc, argv, false);
}

int cmd_case_action(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *what = NULL, *owner = NULL;
	day_t due = DAY_NONE;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("what", "TEXT", &what, "what is to be done"),
		OPT_STRING("owner", "TEXT", &owner, "who does it"),
		OPT_DATE("due", &due, "by when (YYYY-MM-DD)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = casework_add_action(s.st, &s.v, argv[0], what, owner, due,
				 &id, &e);
	if (!rc)
		printf("action %lld added to the case of %s\n",
		       (long long)id, argv[0]);
	return acting_end(&s, rc, &e);
}

int cmd_case_done(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *outcome = NULL;
	day_t on = date_today();
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("outcome", "TEXT", &outcome, "what came of it"),
		OPT_DATE("on", &on, "when it was done (default: today)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = id_arg(cli, argv[0], &id)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = casework_action_done(s.st, &s.v, id, on, outcome, &e);
	if (!rc)
		printf("action %lld done\n", (long long)id);
	return acting_end(&s, rc, &e);
}

int cmd_case_show(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "at", COLUMN_TEXT }, { "user", COLUMN_TEXT },
		{ "from", COLUMN_TEXT }, { "to", COLUMN_TEXT },
		{ "reason", COLUMN_TEXT }, { "support_offered", COLUMN_TEXT },
		{ "support_outcome", COLUMN_TEXT }, { "not_appropriate", COLUMN_TEXT },
	};
	struct listing l = LISTING_INIT;
	const struct cli_option opts[] = { OPT_LISTING(l), OPT_END() };
	struct error e = ERROR_INIT;
	struct case_detail d;
	char opened[11];
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	/* Viewing a named pupil writes to the audit log. */
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	if (casework_show(l.s.st, &l.s.v, argv[0], &d, &e))
		return acting_fail(&l.s, &e);
	fprintf(stderr, "case %lld of %s (%s): %s since %s%s%zu barrier(s), "
		"%zu agencies, %zu action(s)\n", (long long)d.c.id, d.c.upn,
		d.c.name, stage_label(d.c.stage), date_cell(d.c.opened, opened),
		d.c.closed == DAY_NONE ? "; " : " (closed); ", d.nr_barriers,
		d.nr_agencies, d.nr_actions);
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < d.nr_events; i++) {
		const struct case_event_row *r = &d.events[i];
		const char *cells[8] = {
			r->at, r->username,
			r->from < 0 ? "" : stage_name((enum stage)r->from),
			stage_name(r->to), r->reason, r->support_offered,
			r->support_outcome, r->not_appropriate,
		};
		output_row(&l.o, cells);
	}
	case_detail_release(&d);
	acting_close(&l.s);
	return cli_output_end(&l.o);
}

int cmd_case_list(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "case", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "name", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "social_care", COLUMN_TEXT }, { "stage", COLUMN_TEXT },
		{ "opened", COLUMN_TEXT }, { "closed", COLUMN_TEXT },
		{ "open_actions", COLUMN_NUMBER },
	};
	struct listing l = LISTING_INIT;
	int all = 0;
	const struct cli_option opts[] = {
		OPT_LISTING(l),
		OPT_BOOL("all", &all, "closed cases too"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct case_row *rows;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	if (casework_list(l.s.st, &l.s.v, all, &rows, &n, &e))
		return acting_fail(&l.s, &e);
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], urn[8], opened[11], closed[11], actions[12];
		const char *cells[9] = {
			id, rows[i].upn, rows[i].name, urn,
			social_care_code(rows[i].care), stage_name(rows[i].stage),
			date_cell(rows[i].opened, opened),
			date_cell(rows[i].closed, closed), actions,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		snprintf(urn, sizeof(urn), "%06d", rows[i].urn);
		snprintf(actions, sizeof(actions), "%d", rows[i].open_actions);
		output_row(&l.o, cells);
	}
	return listing_end(&l, rows);
}

int cmd_case_propose(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	day_t as_of = DAY_NONE;
	int32_t urn = 0;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_URN("school", &urn, "only this school"),
		OPT_DATE("as-of", &as_of, "the measures up to this day (default: "
			 "the latest mark)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	size_t proposed;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	if (as_of == DAY_NONE && (report_latest_mark(s.st, &as_of) ||
				  as_of == DAY_NONE)) {
		error_set(&e, ERROR_INPUT, "the store has no marks to propose "
			  "cases from");
		return acting_end(&s, -1, &e);
	}
	rc = casework_propose(s.st, &s.v, as_of, urn, &proposed, &e);
	if (!rc)
		printf("%zu case(s) proposed (attend case proposals lists them)\n",
		       proposed);
	return acting_end(&s, rc, &e);
}

int cmd_case_proposals(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "proposal", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "name", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "school", COLUMN_TEXT }, { "proposed", COLUMN_TEXT },
		{ "ground", COLUMN_TEXT }, { "band", COLUMN_TEXT },
		{ "why", COLUMN_TEXT }, { "status", COLUMN_TEXT },
		{ "decided_by", COLUMN_TEXT }, { "decision_reason", COLUMN_TEXT },
	};
	struct listing l = LISTING_INIT;
	int all = 0;
	const struct cli_option opts[] = {
		OPT_LISTING(l),
		OPT_BOOL("all", &all, "accepted and dismissed ones too"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct proposal_row *rows;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	if (proposal_list(l.s.st, &l.s.v, all, &rows, &n, &e))
		return acting_fail(&l.s, &e);
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], urn[8], proposed[11], why[300];
		const char *cells[12] = {
			id, rows[i].upn, rows[i].name, urn, rows[i].school,
			date_cell(rows[i].proposed, proposed),
			proposal_ground_name((enum proposal_ground)rows[i].ground),
			band_name(rows[i].band), why, rows[i].status,
			rows[i].decided_by, rows[i].decision_reason,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		snprintf(urn, sizeof(urn), "%06d", rows[i].urn);
		proposal_describe(&rows[i], why, sizeof(why));
		output_row(&l.o, cells);
	}
	return listing_end(&l, rows);
}

/* attend case accept|dismiss PROPOSAL --reason TEXT */
static int decide_proposal(struct cli *cli, int argc, char **argv, bool accept)
{
	struct acting s = ACTING_INIT;
	const char *reason = NULL;
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("reason", "TEXT", &reason, accept ? "why the case is "
			   "opened (optional)" : "why no case is needed"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0, case_id = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = id_arg(cli, argv[0], &id)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = accept ? proposal_accept(s.st, &s.v, id, reason, &case_id, &e) :
		proposal_dismiss(s.st, &s.v, id, reason, &e);
	if (!rc && accept)
		printf("proposal %lld accepted: case %lld opened at monitor\n",
		       (long long)id, (long long)case_id);
	else if (!rc)
		printf("proposal %lld dismissed\n", (long long)id);
	return acting_end(&s, rc, &e);
}

int cmd_case_accept(struct cli *cli, int argc, char **argv)
{
	return decide_proposal(cli, argc, argv, true);
}

int cmd_case_dismiss(struct cli *cli, int argc, char **argv)
{
	return decide_proposal(cli, argc, argv, false);
}
