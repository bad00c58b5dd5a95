/*
 * Whether a pupil had a suspension or exclusion in a period
 * (src/ingest/exclusions.c), at the edges of the rule in exclusions.h:
 * a suspension with an end covers start to end; without one, its start
 * day alone; a permanent exclusion without an end runs on.  Expected
 * answers are worked out by hand beside each check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/exclusions.h"
#include "tap.h"

static day_t d(int y, int m, int dd)
{
	return date_from_ymd(y, m, dd);
}

int main(void)
{
	char dir[] = "/tmp/test-exclusions-XXXXXX", path[64];
	struct error e = ERROR_INIT;
	struct exclusion *x;
	struct store *st;
	size_t nr;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/attend.db", dir);
	if (store_open(&st, path, STORE_WRITE, &e)) {
		ok(0, "open a store: %s", e.msg);
		return tap_done();
	}
	/* Pupil 1 at Oak: a suspension 8-9 September 2025, a lunchtime
	 * exclusion on the 15th (no end).  Pupil 2 at Elm: permanently
	 * excluded from 22 September (no end).  Pupil 3: none. */
	ok(!store_exec(st, "INSERT INTO school (id, urn, laestab, name, phase) "
		       "VALUES (1, 100001, 9902001, 'Oak', 'primary'), "
		       "(2, 100002, 9902002, 'Elm', 'primary');"
		       "INSERT INTO pupil (id, upn, surname, forename, dob) VALUES "
		       "(1, 'A', 'S', 'F', '2016-01-01'), (2, 'B', 'S', 'F', "
		       "'2016-01-01'), (3, 'C', 'S', 'F', '2016-01-01');"
		       "INSERT INTO import (id, file, kind, started_at) VALUES "
		       "(1, 'x.csv', 'exclusions', '');"
		       "INSERT INTO exclusion (pupil_id, school_id, category, "
		       "start_date, end_date, reason, sessions, import_id) VALUES "
		       "(1, 1, 'suspension', '2025-09-08', '2025-09-09', 'DB', 4, 1), "
		       "(1, 1, 'lunchtime', '2025-09-15', '', '', NULL, 1), "
		       "(2, 2, 'permanent', '2025-09-22', '', 'PA', NULL, 1);", &e),
	   "the store holds three exclusions: %s", e.msg);

	is_int(exclusion_during(st, 1, d(2025, 9, 1), d(2025, 9, 7), &e), 0,
	       "the week before the suspension: none");
	is_int(exclusion_during(st, 1, d(2025, 9, 9), d(2025, 9, 9), &e), 1,
	       "its last day: suspended");
	is_int(exclusion_during(st, 1, d(2025, 9, 10), d(2025, 9, 14), &e), 0,
	       "the day after it to the day before the lunchtime one: none");
	is_int(exclusion_during(st, 1, d(2025, 9, 15), d(2025, 9, 15), &e), 1,
	       "a lunchtime exclusion without an end covers its day");
	is_int(exclusion_during(st, 1, d(2025, 9, 16), d(2025, 12, 31), &e), 0,
	       "and not the days after it");
	is_int(exclusion_during(st, 2, d(2025, 9, 1), d(2025, 9, 21), &e), 0,
	       "before the permanent exclusion: none");
	is_int(exclusion_during(st, 2, d(2026, 3, 1), d(2026, 3, 31), &e), 1,
	       "a permanent exclusion without an end runs on");
	is_int(exclusion_during(st, 3, d(2000, 8, 1), d(2098, 7, 31), &e), 0,
	       "a pupil with none, ever: none");

	ok(!exclusion_list(st, 0, d(2025, 9, 1), d(2025, 9, 30), &x, &nr, &e),
	   "September's exclusions are listed");
	is_int(nr, 3, "all three, at both schools");
	if (nr == 3) {
		is_int(x[0].urn, 100001, "Oak's first");
		is_str(exclusion_category_name(x[0].category), "suspension",
		       "the suspension");
		ok(x[0].start == d(2025, 9, 8) && x[0].end == d(2025, 9, 9) &&
		   x[0].sessions == 4 && !strcmp(x[0].reason, "DB"),
		   "with its days, sessions and reason");
		ok(x[1].end == DAY_NONE && x[1].sessions == -1,
		   "the lunchtime one has no end and no sessions");
		is_int(x[2].urn, 100002, "then Elm's");
	}
	free(x);
	ok(!exclusion_list(st, 100002, d(2025, 10, 1), d(2025, 10, 31), &x, &nr, &e) &&
	   nr == 1, "in October, at Elm, the permanent exclusion only");
	free(x);

	is_int(exclusion_category_parse("FIXD", 4), EXCLUSION_SUSPENSION, "FIXD is a suspension");
	is_int(exclusion_category_parse("fixed period", 12), EXCLUSION_SUSPENSION, "and so is a fixed period");
	is_int(exclusion_category_parse("perm", 4), EXCLUSION_PERMANENT, "perm, any case, is permanent");
	is_int(exclusion_category_parse("LUNC", 4), EXCLUSION_LUNCHTIME, "LUNC is lunchtime");
	is_int(exclusion_category_parse("EXPL", 4), -1, "EXPL is none");

	store_close(st);
	unlink(path);
	snprintf(path, sizeof(path), "%s/attend.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/attend.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
