/*
 * The store's statement cache (store_prepare) and its helpers for days,
 * text and the time (store_bind_day() and the rest).
 *
 * The cache hands out one statement per SQL text and keeps it for the
 * next caller.  Two ways it could pull a statement from under a caller
 * still stepping it: finalising it to make room for others, and handing
 * the same statement to a nested use of the same SQL (which resets it).
 * A statement still prepared is found by walking the connection's list
 * (sqlite3_next_stmt), so a finalised one is never touched.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "tap.h"

static struct store *st;

/* Whether stmt is still a statement of the connection (not finalised). */
static int prepared(sqlite3_stmt *stmt)
{
	for (sqlite3_stmt *s = sqlite3_next_stmt(store_db(st), NULL); s;
	     s = sqlite3_next_stmt(store_db(st), s))
		if (s == stmt)
			return 1;
	return 0;
}

static int nr_prepared(void)
{
	int n = 0;

	for (sqlite3_stmt *s = sqlite3_next_stmt(store_db(st), NULL); s;
	     s = sqlite3_next_stmt(store_db(st), s))
		n++;
	return n;
}

/* The table t holds x = 1, 2, 3. */
static const char *const rows_sql = "SELECT x FROM t ORDER BY x";

static void test_busy_not_evicted(void)
{
	struct error e = ERROR_INIT;
	sqlite3_stmt *a = store_prepare(st, rows_sql, &e), *other;
	char sql[64];
	int all = 1;

	ok(a && sqlite3_step(a) == SQLITE_ROW && sqlite3_column_int(a, 0) == 1,
	   "the outer statement gives its first row");
	/* More statements than the cache holds, each run to its end. */
	for (int i = 0; i < 64; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		other = store_prepare(st, sql, &e);
		all &= other && sqlite3_step(other) == SQLITE_ROW &&
		       sqlite3_column_int(other, 0) == i;
		if (other)
			sqlite3_reset(other);
	}
	ok(all, "64 other statements prepare and run meanwhile");
	ok(nr_prepared() <= 48, "the cache keeps at most 48 statements not in "
	   "use (%d prepared)", nr_prepared());
	ok(prepared(a), "a statement still being stepped is not finalised to "
	   "make room");
	if (!prepared(a))
		return;
	ok(sqlite3_step(a) == SQLITE_ROW && sqlite3_column_int(a, 0) == 2,
	   "and it goes on to its second row");
	sqlite3_reset(a);
}

static void test_nested_same_sql(void)
{
	struct error e = ERROR_INIT;
	sqlite3_stmt *outer = store_prepare(st, rows_sql, &e), *inner, *again;
	int n = 0, sum = 0;

	ok(outer && sqlite3_step(outer) == SQLITE_ROW &&
	   sqlite3_column_int(outer, 0) == 1, "the outer use gives row 1");
	inner = store_prepare(st, rows_sql, &e);
	ok(inner && inner != outer, "a nested use of the same SQL gets another "
	   "statement");
	while (inner && sqlite3_step(inner) == SQLITE_ROW) {
		sum += sqlite3_column_int(inner, 0);
		n++;
	}
	is_int(n * 100 + sum, 306, "the nested use reads all 3 rows (1+2+3)");
	if (inner)
		sqlite3_reset(inner);
	ok(sqlite3_step(outer) == SQLITE_ROW && sqlite3_column_int(outer, 0) == 2,
	   "the outer use continues with row 2 after it");
	ok(sqlite3_step(outer) == SQLITE_ROW && sqlite3_column_int(outer, 0) == 3 &&
	   sqlite3_step(outer) == SQLITE_DONE, "then row 3 and the end");
	sqlite3_reset(outer);
	again = store_prepare(st, rows_sql, &e);
	ok(again == outer || again == inner, "once both are reset, the cache "
	   "hands one of them out again");
}

static void test_reuse_clears_bindings(void)
{
	struct error e = ERROR_INIT;
	sqlite3_stmt *q = store_prepare(st, "SELECT ?1 IS NULL", &e);

	sqlite3_bind_int(q, 1, 7);
	sqlite3_step(q);
	sqlite3_reset(q);
	q = store_prepare(st, "SELECT ?1 IS NULL", &e);
	ok(q && sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 1,
	   "a statement handed out again has no parameters bound");
	sqlite3_reset(q);
}

/* SELECT ?1 with day bound: what the store keeps, and the day read back. */
static void test_days(void)
{
	struct error e = ERROR_INIT;
	sqlite3_stmt *q = store_prepare(st, "SELECT ?1, NULL, 'soon', "
					"'2025-02-30'", &e);
	day_t d = date_from_ymd(2024, 9, 2);

	store_bind_day(q, 1, d);
	ok(sqlite3_step(q) == SQLITE_ROW, "a day binds");
	is_str((const char *)sqlite3_column_text(q, 0), "2024-09-02",
	       "a day is kept as YYYY-MM-DD text");
	is_int(store_column_day(q, 0), d, "and reads back as the same day");
	is_int(store_column_day(q, 1), DAY_NONE, "NULL reads as no day");
	is_int(store_column_day(q, 2), DAY_NONE, "text not a date reads as no day");
	is_int(store_column_day(q, 3), DAY_NONE, "30 February reads as no day");
	sqlite3_reset(q);

	q = store_prepare(st, "SELECT ?1, ?2", &e);
	store_bind_day(q, 1, DAY_NONE);
	store_bind_text(q, 2, NULL);
	ok(sqlite3_step(q) == SQLITE_ROW, "no day and no text bind");
	is_str((const char *)sqlite3_column_text(q, 0), "", "no day is kept as ''");
	is_int(store_column_day(q, 0), DAY_NONE, "and '' reads as no day");
	is_str((const char *)sqlite3_column_text(q, 1), "", "NULL text is kept as ''");
	sqlite3_reset(q);
}

static void test_text(void)
{
	struct error e = ERROR_INIT;
	sqlite3_stmt *q = store_prepare(st, "SELECT ?1, NULL", &e);
	char buf[8], name[] = "Oak Primary";

	store_bind_text(q, 1, name);
	name[0] = 'X';		/* bound as a copy: later changes do not show */
	sqlite3_step(q);
	store_column_text(q, 0, buf, sizeof(buf));
	is_str(buf, "Oak Pri", "a text column is cut to the buffer, ended, and "
	       "was bound as a copy");
	store_column_text(q, 1, buf, sizeof(buf));
	is_str(buf, "", "a NULL column copies as ''");
	sqlite3_reset(q);
}

static void test_now(void)
{
	char now[STORE_TIME_SIZE];
	int digits = 1;

	store_now(now);
	is_int(strlen(now), 20, "the time is 20 characters: %s", now);
	for (int i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16)
			digits &= now[i] >= '0' && now[i] <= '9';
	ok(digits && now[4] == '-' && now[7] == '-' && now[10] == 'T' &&
	   now[13] == ':' && now[16] == ':' && now[19] == 'Z',
	   "written YYYY-MM-DDThh:mm:ssZ (UTC)");
}

int main(void)
{
	struct error e = ERROR_INIT;

	if (store_open(&st, ":memory:", STORE_WRITE, &e) ||
	    store_exec(st, "CREATE TABLE t (x INTEGER); "
		       "INSERT INTO t VALUES (1), (2), (3)", &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	test_busy_not_evicted();
	test_nested_same_sql();
	test_reuse_clears_bindings();
	test_days();
	test_text();
	test_now();
	store_close(st);
	return tap_done();
}
