/* attend notice: Notices to Improve and penalty notices. */
#include "casework/casework.h"
#include "cli/cli.h"

int cmd_notice_issue(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *kind = NULL, *no_nti = NULL;
	int64_t parent = 0;
	day_t issued = date_today();
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_ID("parent", &parent, "the parent it is issued to"),
		OPT_STRING("kind", "KIND", &kind, "nti (Notice to Improve) or "
			   "penalty"),
		OPT_DATE("issued", &issued, "date of issue (default: today)"),
		OPT_STRING("no-nti-reason", "TEXT", &no_nti, "why no Notice "
			   "to Improve came first"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct notice_terms t;
	int64_t id;
	char a[11], b[11], amount[16];
	int rc, k;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!parent || !kind || (k = notice_kind_parse(kind)) < 0)
		return cli_usage_error(cli, "name the --parent and --kind nti or "
				       "penalty");
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = penalty_notice_issue(s.st, &s.v, argv[0], parent,
				  (enum notice_kind)k, issued, no_nti,
				  &id, &t, &e);
	if (!rc && k == NOTICE_NTI)
		printf("notice %lld: Notice to Improve issued\n", (long long)id);
	else if (!rc && t.reduced_until != DAY_NONE)
		printf("notice %lld: penalty notice %d, £%s if paid by %s, "
		       "else £160.00 by %s\n", (long long)id, t.number,
		       pence_cell(t.amount_pence, amount),
		       date_cell(t.reduced_until, a), date_cell(t.due, b));
	else if (!rc)
		printf("notice %lld: penalty notice %d, £%s by %s\n",
		       (long long)id, t.number,
		       pence_cell(t.amount_pence, amount), date_cell(t.due, b));
	return acting_end(&s, rc, &e);
}

int cmd_notice_outcome(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *status = NULL, *detail = NULL;
	day_t on = date_today();
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("status", "STATUS", &status, "paid, unpaid (to "
			   "prosecution) or withdrawn"),
		OPT_DATE("on", &on, "when (default: today)"),
		OPT_STRING("detail", "TEXT", &detail, "e.g. why withdrawn"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc, to;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!status || (to = notice_status_parse(status)) < 0)
		return cli_usage_error(cli, "name the --status: paid, unpaid or "
				       "withdrawn");
	if ((rc = id_arg(cli, argv[0], &id)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = penalty_notice_outcome(s.st, &s.v, id,
				    (enum notice_status)to, on,
				    detail, &e);
	if (!rc)
		printf("notice %lld: %s\n", (long long)id, status);
	return acting_end(&s, rc, &e);
}

int cmd_notice_list(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "notice", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "parent", COLUMN_NUMBER }, { "parent_name", COLUMN_TEXT },
		{ "kind", COLUMN_TEXT }, { "issued", COLUMN_TEXT },
		{ "amount", COLUMN_NUMBER }, { "reduced_until", COLUMN_TEXT },
		{ "due", COLUMN_TEXT }, { "status", COLUMN_TEXT },
		{ "outcome_date", COLUMN_TEXT }, { "paid", COLUMN_NUMBER },
	};
	struct listing l = LISTING_INIT;
	const struct cli_option opts[] = { OPT_LISTING(l), OPT_END() };
	struct error e = ERROR_INIT;
	struct notice_row *rows = NULL;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	rc = penalty_notice_list(l.s.st, &l.s.v, argc ? argv[0] : NULL, &rows, &n, &e);
	if (rc)
		return acting_fail(&l.s, &e);
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		const struct notice_row *r = &rows[i];
		char id[24], parent[24], issued[11], reduced[11], due[11], out[11];
		char amount[16], paid[16];
		const char *cells[12] = {
			id, r->upn, parent, r->parent, notice_kind_name(r->kind),
			date_cell(r->issued, issued),
			r->kind == NOTICE_NTI ? "" : pence_cell(r->amount_pence, amount),
			date_cell(r->reduced_until, reduced), date_cell(r->due, due),
			notice_status_name(r->status), date_cell(r->outcome_date, out),
			r->status == NOTICE_PAID ? pence_cell(r->paid_pence, paid) : "",
		};
		snprintf(id, sizeof(id), "%lld", (long long)r->id);
		snprintf(parent, sizeof(parent), "%lld", (long long)r->parent_id);
		output_row(&l.o, cells);
	}
	return listing_end(&l, rows);
}
