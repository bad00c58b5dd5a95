/* attend alerts: the acting user's queue; --refresh raises what is due. */
#include "casework/casework.h"
#include "cli/cli.h"

int cmd_alerts(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "alert", COLUMN_NUMBER }, { "kind", COLUMN_TEXT },
		{ "upn", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "created", COLUMN_TEXT }, { "message", COLUMN_TEXT },
		{ "acknowledged_by", COLUMN_TEXT }, { "acknowledged_at", COLUMN_TEXT },
	};
	struct listing l = LISTING_INIT;
	int refresh = 0, all = 0;
	int64_t ack = 0;
	day_t today = date_today();
	const struct cli_option opts[] = {
		OPT_LISTING(l),
		OPT_BOOL("refresh", &refresh, "raise what is due first (LA "
			 "only)"),
		OPT_DATE("as-of", &today, "refresh as of this day (default: "
			 "today)"),
		OPT_ID("ack", &ack, "acknowledge an alert in your queue"),
		OPT_BOOL("all", &all, "acknowledged alerts too"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct alert_row *rows;
	size_t n, added;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (refresh || ack)
		cli->mode = STORE_WRITE;
	if ((rc = acting_open(cli, &l.s)) >= 0)
		return rc;
	if (refresh) {
		if (alerts_refresh(l.s.st, &l.s.v, today, &added, &e))
			goto fail;
		fprintf(stderr, "attend: %zu new alert(s)\n", added);
	}
	if (ack) {
		if (alert_ack(l.s.st, &l.s.v, ack, &e))
			goto fail;
		fprintf(stderr, "attend: alert %lld acknowledged\n", (long long)ack);
	}
	if (alert_list(l.s.st, &l.s.v, all, &rows, &n, &e))
		goto fail;
	output_begin(&l.o, l.format, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < n; i++) {
		char id[24], urn[8];
		const char *cells[8] = {
			id, rows[i].kind, rows[i].upn, urn, rows[i].created,
			rows[i].message, rows[i].acknowledged_by,
			rows[i].acknowledged_at,
		};
		snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
		if (rows[i].urn)
			snprintf(urn, sizeof(urn), "%06d", rows[i].urn);
		else
			urn[0] = '\0';
		output_row(&l.o, cells);
	}
	return listing_end(&l, rows);
fail:
	return acting_fail(&l.s, &e);
}
