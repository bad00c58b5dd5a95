#include "report/compare.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/config.h"

static const char *const measure_names[COMPARE_MEASURES] = {
	"overall_pct", "authorised_pct", "unauthorised_pct", "pa_pct", "sa_pct",
};

const char *compare_measure_name(enum compare_measure m)
{
	return measure_names[m];
}

static void set_values(sqlite3_stmt *stmt, int first, struct compare_value *v)
{
	for (int m = 0; m < COMPARE_MEASURES; m++) {
		v[m].known = sqlite3_column_type(stmt, first + m) != SQLITE_NULL;
		v[m].value = sqlite3_column_double(stmt, first + m);
	}
}

static void default_la(struct store *st, char out[8])
{
	sqlite3_stmt *stmt;

	out[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), "SELECT laestab / 10000, count(*) AS n "
			       "FROM school GROUP BY 1 ORDER BY n DESC LIMIT 1",
			       -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(out, 8, "%03d", sqlite3_column_int(stmt, 0) % 1000);
	sqlite3_finalize(stmt);
}

static double tally_value(const struct tally *t, enum compare_measure m)
{
	uint64_t num = 0, den = t->possible;

	switch (m) {
	case COMPARE_OVERALL: num = t->authorised + t->unauthorised; break;
	case COMPARE_AUTHORISED: num = t->authorised; break;
	case COMPARE_UNAUTHORISED: num = t->unauthorised; break;
	case COMPARE_PA: num = t->pa; den = t->enrolments; break;
	case COMPARE_SA: num = t->sa; den = t->enrolments; break;
	default: break;
	}
	/* Rounded to two decimals as published, so ranks compare like with like. */
	return den ? (double)percent_hundredths(num, den) / 100.0 : 0;
}

int report_compare(struct store *st, const struct tally *ours, int time_period,
		   struct comparison *out, struct error *e)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *stmt;
	char neighbours[512];
	const char *values = "overall_pct, authorised_pct, unauthorised_pct, "
			     "pa_pct, sa_pct";
	char sql[512];

	memset(out, 0, sizeof(*out));
	if (!time_period) {
		if (sqlite3_prepare_v2(db, "SELECT max(time_period) FROM dfe_absence",
				       -1, &stmt, NULL) == SQLITE_OK &&
		    sqlite3_step(stmt) == SQLITE_ROW)
			time_period = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
		if (!time_period)
			return error_set(e, ERROR_INPUT, "no DfE absence table has been "
					 "imported; import the published \"absence by "
					 "geography\" CSV (a sample: data/dfe/absence_sample.csv)");
	}
	out->time_period = time_period;
	if (config_get(st, "la_code", out->la_code, sizeof(out->la_code)))
		default_la(st, out->la_code);
	for (int m = 0; m < COMPARE_MEASURES; m++) {
		out->ours[m].known = ours->enrolments > 0;
		out->ours[m].value = tally_value(ours, (enum compare_measure)m);
	}

	snprintf(sql, sizeof(sql), "SELECT %s FROM dfe_absence WHERE time_period = ? "
		 "AND geographic_level = 'National' AND education_phase = 'Total'",
		 values);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL))
		return store_sqlite_error(st, e, "compare");
	sqlite3_bind_int(stmt, 1, time_period);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		set_values(stmt, 0, out->national);
	sqlite3_finalize(stmt);

	snprintf(sql, sizeof(sql), "SELECT area_name, region_name FROM dfe_absence "
		 "WHERE time_period = ? AND geographic_level = 'Local authority' "
		 "AND old_la_code = ? AND education_phase = 'Total'");
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL))
		return store_sqlite_error(st, e, "compare");
	sqlite3_bind_int(stmt, 1, time_period);
	sqlite3_bind_text(stmt, 2, out->la_code, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(out->la_name, sizeof(out->la_name), "%s",
			 (const char *)sqlite3_column_text(stmt, 0));
		snprintf(out->region, sizeof(out->region), "%s",
			 (const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);

	snprintf(sql, sizeof(sql), "SELECT %s FROM dfe_absence WHERE time_period = ? "
		 "AND geographic_level = 'Regional' AND area_name = ? "
		 "AND education_phase = 'Total'", values);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL))
		return store_sqlite_error(st, e, "compare");
	sqlite3_bind_int(stmt, 1, time_period);
	sqlite3_bind_text(stmt, 2, out->region, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		set_values(stmt, 0, out->region_value);
	sqlite3_finalize(stmt);

	/* Neighbours' mean, and every authority for the ranks. */
	if (config_get(st, "statistical_neighbours", neighbours, sizeof(neighbours)))
		neighbours[0] = '\0';
	snprintf(sql, sizeof(sql), "SELECT old_la_code, %s FROM dfe_absence "
		 "WHERE time_period = ? AND geographic_level = 'Local authority' "
		 "AND education_phase = 'Total'", values);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL))
		return store_sqlite_error(st, e, "compare");
	sqlite3_bind_int(stmt, 1, time_period);
	{
		double sum[COMPARE_MEASURES] = { 0 };
		int count[COMPARE_MEASURES] = { 0 };

		for (int m = 0; m < COMPARE_MEASURES; m++) {
			out->rank[m] = 1;
			out->of[m] = 1;		/* ourselves */
		}
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *code = (const char *)sqlite3_column_text(stmt, 0);
			char needle[8];
			int neighbour;

			if (!strcmp(code, out->la_code))
				continue;	/* ours is computed, not published */
			snprintf(needle, sizeof(needle), "%s", code);
			neighbour = strlen(needle) == 3 && strstr(neighbours, needle);
			for (int m = 0; m < COMPARE_MEASURES; m++) {
				double v;
				if (sqlite3_column_type(stmt, 1 + m) == SQLITE_NULL)
					continue;
				v = sqlite3_column_double(stmt, 1 + m);
				out->of[m]++;
				if (v < out->ours[m].value)
					out->rank[m]++;
				if (neighbour) {
					sum[m] += v;
					count[m]++;
				}
			}
			out->nr_neighbours += neighbour;
		}
		for (int m = 0; m < COMPARE_MEASURES; m++) {
			out->neighbours[m].known = count[m] > 0;
			out->neighbours[m].value = count[m] ? sum[m] / count[m] : 0;
		}
	}
	sqlite3_finalize(stmt);
	return 0;
}
