/* attend cme: children missing education. */
#include "casework/casework.h"
#include "cli/cli.h"

int cmd_cme_refer(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *pupil = NULL, *name = NULL, *source = NULL;
	const char *notes = NULL;
	int32_t urn = 0;
	day_t dob = DAY_NONE, on = date_today();
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("pupil", "UPN", &pupil, "a pupil in the store"),
		OPT_STRING("name", "NAME", &name, "or a child by name"),
		OPT_DATE("dob", &dob, "their date of birth"),
		OPT_URN("school", &urn, "the last school known"),
		OPT_STRING("source", "SOURCE", &source, "referral (default), "
			   "removal_from_roll or no_school_place"),
		OPT_DATE("on", &on, "when (default: today)"),
		OPT_STRING("notes", "TEXT", &notes, "what is known"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc, src = CME_REFERRAL;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!pupil == !name)
		return cli_usage_error(cli, "name the child: --pupil or --name");
	if (source && (src = cme_source_parse(source)) < 0)
		return cli_usage_error(cli, "'%s' is not a source", source);
	if ((rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = cme_refer(s.st, &s.v, pupil, name, dob, urn, (enum cme_source)src,
		       on, notes, &id, &e);
	if (!rc)
		printf("CME referral %lld recorded\n", (long long)id);
	return acting_end(&s, rc, &e);
}

int cmd_cme_update(struct cli *cli, int argc, char **argv)
{
	struct acting s = ACTING_INIT;
	const char *status = NULL, *outcome = NULL, *notes = NULL;
	day_t on = date_today();
	const struct cli_option opts[] = {
		OPT_ACTING(s),
		OPT_STRING("status", "STATUS", &status, "investigating, "
			   "located, on_roll or closed"),
		OPT_STRING("outcome", "OUTCOME", &outcome, "when closed: "
			   "on_roll, home_education, moved_away, "
			   "left_england, not_found, other"),
		OPT_DATE("on", &on, "when (default: today)"),
		OPT_STRING("notes", "TEXT", &notes, "what was found"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	int64_t id = 0;
	int rc, to, out = CME_OUTCOME_NONE;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (!status || (to = cme_status_parse(status)) < 0 ||
	    (outcome && (out = cme_outcome_parse(outcome)) < 0))
		return cli_usage_error(cli, "name a known --status (and "
				       "--outcome)");
	if ((rc = id_arg(cli, argv[0], &id)) >= 0 ||
	    (rc = acting_open(cli, &s)) >= 0)
		return rc;
	rc = cme_update(s.st, &s.v, id, (enum cme_status)to,
			(enum cme_outcome)out, on, notes, &e);
	if (!rc)
		printf("CME referral %lld: %s\n", (long long)id, status);
	return acting_end(&s, rc, &e);
}

int cmd_cme_list(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "referral", COLUMN_NUMBER }, { "upn", COLUMN_TEXT },
		{ "name", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "source", COLUMN_TEXT }, { "status", COLUMN_TEXT },
		{ "referred", COLUMN_TEXT }, { "updated", COLUMN_TEXT },
		{ "outcome", COLUMN_TEXT },
	};
	struct listing l = LISTING_INIT;
	const struct cli_option opts[] = { OPT_LISTING(l), OPT_END() };
	struct error e = ERROR_INIT;
	struct cme_row *rows;
	size_t n;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	if (cme_list(l.s.st, &l.s.v, &rows, &n, &e))
		return acting_fail(&l.s, &e);
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], urn[8], a[11], b[11];
		const char *cells[9] = {
			id, rows[i].upn, rows[i].name, urn,
			cme_source_name(rows[i].source), cme_status_name(rows[i].status),
			date_cell(rows[i].referred, a), date_cell(rows[i].updated, b),
			rows[i].outcome,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		if (rows[i].urn)
			snprintf(urn, sizeof(urn), "%06d", rows[i].urn);
		else
			urn[0] = '\0';
		output_row(&l.o, cells);
	}
	return listing_end(&l, rows);
}
