/* attend legal: joint legal decisions, the six steps before prosecution. */
#include "casework/casework.h"
#include "cli/cli.h"

int cmd_legal_record(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *outcome = NULL;
	struct legal_spec l = {
		.decided = date_today(), .social_worker_agreed = DAY_NONE,
		.review = DAY_NONE,
	};
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("outcome", "OUTCOME", &outcome, "proceed, on_hold "
			   "or no_action"),
		OPT_DATE("decided", &l.decided, "the decision's date "
			 "(default: today)"),
		OPT_STRING("policy", "TEXT", &l.policy_followed, "step 1: "
			   "evidence the school followed its policy"),
		OPT_STRING("officer", "TEXT", &l.officer_discussed, "step 2: "
			   "the discussion with the named LA officer"),
		OPT_STRING("support", "TEXT", &l.support_considered, "step 3: "
			   "other support considered"),
		OPT_STRING("social-worker", "NAME", &l.social_worker, "step "
			   "4: the social worker (user) who agreed"),
		OPT_DATE("agreed", &l.social_worker_agreed, "and when"),
		OPT_DATE("review", &l.review, "step 5: on hold until"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc, o;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!outcome || (o = legal_outcome_parse(outcome)) < 0)
		return cli_usage_error(cli, "name the --outcome: proceed, on_hold "
				       "or no_action");
	l.outcome = (enum legal_outcome)o;
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = legal_decision_record(s.st, &s.v, argv[0], &l, &id, &e);
	if (!rc)
		printf("legal decision %lld for %s: %s\n", (long long)id,
		       argv[0], legal_outcome_name(l.outcome));
	return acting_end(&s, rc, &e);
}

int cmd_legal_list(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "decision", COLUMN_NUMBER }, { "case", COLUMN_NUMBER },
		{ "upn", COLUMN_TEXT }, { "decided", COLUMN_TEXT },
		{ "outcome", COLUMN_TEXT }, { "review", COLUMN_TEXT },
		{ "reviewed", COLUMN_TEXT },
		{ "social_worker_required", COLUMN_NUMBER },
		{ "social_worker", COLUMN_TEXT },
	};
	struct listing l = LISTING_INIT;
	const struct cli_option opts[] = { OPT_LISTING(l), OPT_END() };
	struct error e = ERROR_INIT;
	struct legal_row *rows;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	if (legal_decision_list(l.s.st, &l.s.v, &rows, &n, &e))
		return acting_fail(&l.s, &e);
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], case_id[24], decided[11], review[11], reviewed[11];
		const char *cells[9] = {
			id, case_id, rows[i].upn, date_cell(rows[i].decided, decided),
			legal_outcome_name(rows[i].outcome),
			date_cell(rows[i].review, review),
			date_cell(rows[i].reviewed, reviewed),
			rows[i].social_worker_required ? "1" : "0",
			rows[i].social_worker,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		snprintf(case_id, sizeof(case_id), "%lld", (long long)rows[i].case_id);
		output_row(&l.o, cells);
	}
	return listing_end(&l, rows);
}
