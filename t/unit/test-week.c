/*
 * The rules of a person's week (core/week.h), on dates worked out by
 * hand: Friday 4 December 2026; its week runs from Saturday 28
 * November (4 - 6) to the Friday itself.
 */
#include <string.h>

#include "core/week.h"
#include "tap.h"

static day_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static struct measure absent(uint32_t auth, uint32_t unauth, uint32_t possible)
{
	struct measure m;

	memset(&m, 0, sizeof(m));
	m.authorised = auth;
	m.unauthorised = unauth;
	m.possible = possible;
	m.attendance = possible - auth - unauth;
	return m;
}

static void test_days(void)
{
	day_t today = ymd(2026, 12, 4);

	ok(week_in(today, today), "today is in the week");
	ok(week_in(ymd(2026, 11, 28), today), "Saturday 28 November, 6 days before, is in");
	ok(!week_in(ymd(2026, 11, 27), today), "Friday 27 November, 7 days before, is not");
	ok(!week_in(ymd(2026, 12, 5), today), "tomorrow is not");
	ok(!week_in(DAY_NONE, today), "no day is not");
	ok(week_penalty_new(ymd(2026, 12, 1), today), "threshold met on Tuesday: new");
	ok(!week_penalty_new(ymd(2026, 9, 23), today), "met in September: not news");
	ok(week_due(today, DAY_NONE, today), "due today, not done: due");
	ok(week_due(ymd(2026, 11, 1), DAY_NONE, today), "due a month ago: due");
	ok(!week_due(ymd(2026, 11, 1), ymd(2026, 11, 2), today), "done: not due");
	ok(!week_due(ymd(2026, 12, 5), DAY_NONE, today), "due tomorrow: not yet");
	ok(!week_due(DAY_NONE, DAY_NONE, today), "no date: not due");
}

static void test_tsm(void)
{
	day_t today = ymd(2026, 12, 4);

	ok(week_tsm_due(TSM_ACCEPTED, ymd(2026, 12, 18), today),
	   "accepted for 18 December, 14 days ahead: due");
	ok(!week_tsm_due(TSM_ACCEPTED, ymd(2026, 12, 19), today),
	   "19 December, 15 days ahead: not yet");
	ok(week_tsm_due(TSM_OFFERED, ymd(2026, 11, 20), today),
	   "offered for a day gone by and never answered: due");
	ok(!week_tsm_due(TSM_HELD, today, today), "held: done");
	ok(!week_tsm_due(TSM_DECLINED, today, today), "declined: not due");
}

static void test_marks(void)
{
	ok(week_unexplained(code_find("N", 1)), "N is unexplained");
	ok(week_unexplained(code_find("O", 1)), "O is unexplained");
	ok(!week_unexplained(code_find("G", 1)), "G (holiday not authorised) is explained");
	ok(!week_unexplained(code_find("I", 1)), "I (illness) is explained");
	ok(!week_unexplained(code_find("/", 1)), "present is not absence");
	ok(!week_unexplained(MARK_MISSING), "no mark yet is not an absence");
}

static void test_newly_sa(void)
{
	struct measure now, before, none;

	/* 50 of 100 absent: SA (2 * 50 >= 100); a week before 40 of 90: 2 * 40 < 90 */
	now = absent(30, 20, 100);
	before = absent(25, 15, 90);
	ok(week_newly_sa(&now, &before), "SA now, at risk of SA a week before: new");
	/* a week before 45 of 90: 2 * 45 >= 90, SA already */
	before = absent(25, 20, 90);
	ok(!week_newly_sa(&now, &before), "SA then and now: not new");
	/* now 49 of 100: 2 * 49 < 100 */
	now = absent(29, 20, 100);
	before = absent(25, 15, 90);
	ok(!week_newly_sa(&now, &before), "49 of 100 is not SA");
	now = absent(6, 4, 10);
	memset(&none, 0, sizeof(none));
	ok(week_newly_sa(&now, &none), "SA now, no possible sessions a week before: new");
}

int main(void)
{
	test_days();
	test_tsm();
	test_marks();
	test_newly_sa();
	return tap_done();
}
