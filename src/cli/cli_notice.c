/* attend notice: Notices to Improve and penalty notices. */
#include <stdlib.h>

#include "casework/casework.h"
#include "cli/cli.h"

int cmd_notice_issue(struct cli *cli, int argc, char **argv)
{
	const char *user = NULL, *parent = NULL, *kind = NULL, *issued_text = NULL;
	const char *no_nti = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		OPT_STRING("parent", "ID", &parent, "the parent it is issued "
			   "to"),
		OPT_STRING("kind", "KIND", &kind, "nti (Notice to Improve) or "
			   "penalty"),
		OPT_STRING("issued", "DATE", &issued_text, "date of issue "
			   "(default: today)"),
		OPT_STRING("no-nti-reason", "TEXT", &no_nti, "why no Notice "
			   "to Improve came first"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct notice_terms t;
	struct acting s;
	int64_t id, parent_id = 0;
	day_t issued;
	char a[11], b[11], amount[16];
	int rc, k;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!parent || !kind || (k = notice_kind_parse(kind)) < 0)
		return cli_usage_error(cli, "name the --parent and --kind nti or "
				       "penalty");
	if ((rc = id_arg(cli, parent, &parent_id)) < 0 &&
	    (rc = cli_date_option(cli, issued_text, date_today(), "issued",
			      &issued)) < 0 &&
	    (rc = acting_open(cli, &s, user)) < 0) {
		rc = cli_result(penalty_notice_issue(s.st, &s.v, argv[0], parent_id,
					       (enum notice_kind)k, issued, no_nti,
					       &id, &t, &e), &e);
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
		acting_close(&s);
	}
	return rc;
}

int cmd_notice_outcome(struct cli *cli, int argc, char **argv)
{
	const char *user = NULL, *status = NULL, *on_text = NULL, *detail = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		OPT_STRING("status", "STATUS", &status, "paid, unpaid (to "
			   "prosecution) or withdrawn"),
		OPT_STRING("on", "DATE", &on_text, "when (default: today)"),
		OPT_STRING("detail", "TEXT", &detail, "e.g. why withdrawn"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct acting s;
	int64_t id = 0;
	day_t on = DAY_NONE;
	int rc, to;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!status || (to = notice_status_parse(status)) < 0)
		return cli_usage_error(cli, "name the --status: paid, unpaid or "
				       "withdrawn");
	if ((rc = id_arg(cli, argv[0], &id)) < 0 &&
	    (rc = cli_date_option(cli, on_text, date_today(), "on", &on)) < 0 &&
	    (rc = acting_open(cli, &s, user)) < 0) {
		rc = cli_result(penalty_notice_outcome(s.st, &s.v, id,
						 (enum notice_status)to, on,
						 detail, &e), &e);
		if (!rc)
			printf("notice %lld: %s\n", (long long)id, status);
		acting_close(&s);
	}
	return rc;
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
	const char *user = NULL, *format = NULL;
	const struct cli_option opts[] = {
		USER_OPTION(user),
		FORMAT_OPTION(format),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct notice_row *rows = NULL;
	enum output_format f;
	struct acting s;
	struct output o;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = format_option(cli, format, &f)) >= 0 ||
	    (rc = acting_open(cli, &s, user)) >= 0)
		return rc;
	rc = penalty_notice_list(s.st, &s.v, argc ? argv[0] : NULL, &rows, &n, &e);
	if (rc)
		return acting_fail(&s, &e);
	output_begin(&o, f, columns, COUNT(columns), stdout);
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
		output_row(&o, cells);
	}
	return list_end(&o, rows, &s);
}
