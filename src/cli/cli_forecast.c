/*
 * attend forecast: early warning of persistent and severe absence by the
 * end of the year (report/forecast.h), and how well it did on pupils it
 * was not fitted on.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "report/forecast.h"

static void permille(char out[16], unsigned v)
{
	snprintf(out, 16, "%u.%u", v / 10, v % 10);
}

static void score_row(struct output *o, const char *outcome, const char *rule,
		      const struct forecast_score *s)
{
	char flagged[24], tp[24], prec[16], rec[16];
	const char *cells[6] = { outcome, rule, flagged, tp, prec, rec };

	snprintf(flagged, sizeof(flagged), "%llu",
		 (unsigned long long)(s->true_pos + s->false_pos));
	snprintf(tp, sizeof(tp), "%llu", (unsigned long long)s->true_pos);
	permille(prec, forecast_precision(s));
	permille(rec, forecast_recall(s));
	output_row(o, cells);
}

static int validate(struct store *st, day_t as_of, enum output_format fmt)
{
	static const struct column columns[] = {
		{ "outcome", COLUMN_TEXT }, { "rule", COLUMN_TEXT },
		{ "flagged", COLUMN_NUMBER }, { "correct", COLUMN_NUMBER },
		{ "precision_percent", COLUMN_NUMBER },
		{ "recall_percent", COLUMN_NUMBER },
	};
	struct forecast_models m;
	struct forecast_validation v;
	struct error e = ERROR_INIT;
	struct output o;
	char cut[11];

	if (forecast_train(st, as_of, &m, &v, &e))
		return cli_fail(&e);
	date_format(m.cut, cut);
	fprintf(stderr, "attend: fitted on %zu pupils of %d/%02d with their marks "
		"to %s; scored on %zu others (%llu ended PA, %llu SA); flagged "
		"at probability >= %.2f\n", v.fitted, m.year, (m.year + 1) % 100,
		cut, v.held_out, (unsigned long long)v.pa_end,
		(unsigned long long)v.sa_end, FORECAST_THRESHOLD);
	output_begin(&o, fmt, columns, COUNT(columns), stdout);
	score_row(&o, "pa", "model", &v.model_pa);
	score_row(&o, "pa", "already_pa", &v.naive_pa);
	score_row(&o, "sa", "model", &v.model_sa);
	score_row(&o, "sa", "already_sa", &v.naive_sa);
	return cli_output_end(&o);
}

int cmd_forecast(struct cli *cli, int argc, char **argv)
{
	static const struct column columns[] = {
		{ "upn", COLUMN_TEXT }, { "urn", COLUMN_NUMBER },
		{ "possible", COLUMN_NUMBER }, { "absence_percent", COLUMN_NUMBER },
		{ "pa_probability", COLUMN_NUMBER },
		{ "sa_probability", COLUMN_NUMBER },
	};
	struct report_options ro = REPORT_OPTIONS_INIT;
	day_t as_of = DAY_NONE;
	int flagged = 0, check = 0;
	const struct cli_option opts[] = {
		OPT_DATE("as-of", &as_of, "forecast from the marks up to this "
			 "date (default: the latest mark)"),
		OPT_URN("school", &ro.urn, "only this school"),
		OPT_BOOL("flagged", &flagged, "only pupils whose probability "
			 "of ending the year PA is 0.5 or more"),
		OPT_BOOL("validate", &check, "score the model on held-out "
			 "pupils of the year before, against 'already PA'"),
		OPT_FORMAT(&ro.fmt),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct forecast_models m;
	struct forecast_row *rows;
	struct output o;
	struct store *st;
	size_t nr_rows;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if ((rc = report_open(cli, &st, &ro)) >= 0)
		return rc;
	if (as_of == DAY_NONE && report_latest_mark(st, &as_of))
		as_of = date_today();
	if (check) {
		rc = validate(st, as_of, ro.fmt);
		store_close(st);
		return rc;
	}
	if (forecast_train(st, as_of, &m, NULL, &e) ||
	    forecast_apply(st, as_of, ro.urn, &m, &rows, &nr_rows, &e))
		return report_fail(st, &e);
	output_begin(&o, ro.fmt, columns, COUNT(columns), stdout);
	for (size_t i = 0; i < nr_rows; i++) {
		const struct forecast_row *r = &rows[i];
		char urn[8], possible[16], pct[24], ppa[16], psa[16];
		const char *cells[6] = { r->upn, urn, possible, pct, ppa, psa };

		if (r->p_pa < 0 || (flagged && r->p_pa < FORECAST_THRESHOLD))
			continue;
		snprintf(urn, sizeof(urn), "%06d", r->urn);
		snprintf(possible, sizeof(possible), "%u", r->so_far.possible);
		percent_format(measure_absent(&r->so_far), r->so_far.possible, pct);
		snprintf(ppa, sizeof(ppa), "%.3f", r->p_pa);
		snprintf(psa, sizeof(psa), "%.3f", r->p_sa);
		output_row(&o, cells);
	}
	free(rows);
	store_close(st);
	return cli_output_end(&o);
}
