/*
 * The penalty-notice threshold: 10 unauthorised sessions within 10 school
 * weeks, where only weeks with a school session count.  Week ordinals are
 * written out by hand; the school-week tests use the real 2025/26 dates
 * (2025-09-01 is a Monday; October half term is the week of 2025-10-27).
 */
#include <stddef.h>

#include "core/date.h"
#include "core/penalty.h"
#include "tap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static day_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void test_first_met(void)
{
	static const int32_t nine[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const int32_t one_week[] = { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 };
	static const int32_t ten_weeks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const int32_t eleven_weeks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 10 };
	static const int32_t eleven_later[] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13 };
	static const int32_t after[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2 };
	/*
	 * Sliding: 3 sessions in week 0, 6 in week 9 (9 in weeks 0-9), then
	 * one each in weeks 10, 11, 12, 13.  Windows: 1-10 holds 7, 2-11 8,
	 * 3-12 9, 4-13 holds 6 + 4 = 10: met on the week-13 session, index
	 * 3 + 6 + 3 = 12, once the three week-0 sessions have fallen out.
	 */
	static const int32_t sliding[] = { 0, 0, 0, 9, 9, 9, 9, 9, 9, 10, 11, 12, 13 };
	/*
	 * 5 in week 0, 5 in week 12 (never 10 in a window), then 5 in week
	 * 13: weeks 12-13 hold 10 at the 15th session, index 14.
	 */
	static const int32_t late[] = { 0, 0, 0, 0, 0, 12, 12, 12, 12, 12,
					13, 13, 13, 13, 13 };
	/* Twenty sessions every other week: a 10-week window holds 5. */
	static const int32_t sparse[] = { 0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
					  20, 22, 24, 26, 28, 30, 32, 34, 36, 38 };

	is_int(penalty_first_met(NULL, 0), -1, "no sessions: threshold not met");
	is_int(penalty_first_met(nine, COUNT(nine)), -1,
	       "9 sessions in one week: threshold not met");
	is_int(penalty_first_met(one_week, COUNT(one_week)), 9,
	       "10 sessions in one week: met on the 10th (index 9)");
	is_int(penalty_first_met(ten_weeks, COUNT(ten_weeks)), 9,
	       "10 sessions over exactly 10 consecutive school weeks: met");
	is_int(penalty_first_met(eleven_weeks, COUNT(eleven_weeks)), -1,
	       "10 sessions over 11 school weeks (0..10): not met");
	is_int(penalty_first_met(eleven_later, COUNT(eleven_later)), -1,
	       "10 sessions over 11 school weeks (3..13): not met");
	is_int(penalty_first_met(after, COUNT(after)), 9,
	       "sessions after the 10th do not move the first-met index");
	is_int(penalty_first_met(after, 10), 9,
	       "the threshold is met on the session that brings the count to 10");
	is_int(penalty_first_met(after, 9), -1,
	       "one session short of 10: not met");
	is_int(penalty_first_met(sliding, COUNT(sliding)), 12,
	       "sliding window: met once early sessions have fallen out");
	is_int(penalty_first_met(sliding, 12), -1,
	       "sliding window: 9 in weeks 3-12 is not met");
	is_int(penalty_first_met(late, COUNT(late)), 14,
	       "met later in a second cluster after an earlier near miss");
	is_int(penalty_first_met(sparse, COUNT(sparse)), -1,
	       "one session every other week never reaches 10 in 10 weeks");
}

/* Notes every weekday from..to (inclusive) as a school day. */
static void add_weekdays(struct school_weeks *w, day_t from, day_t to)
{
	for (day_t day = from; day <= to; day++)
		if (date_weekday(day) < 5)
			school_weeks_add_day(w, day);
}

static int32_t week_of(const struct school_weeks *w, int y, int m, int d)
{
	return school_weeks_ordinal(w, ymd(y, m, d));
}

static void test_half_term(void)
{
	struct school_weeks w = SCHOOL_WEEKS_INIT;
	int32_t week[10];
	/*
	 * Autumn 2025: Mon 1 Sep to Fri 24 Oct (8 weeks: ordinals 0-7),
	 * half term the week of 27 Oct, then Mon 3 Nov to Fri 19 Dec
	 * (7 weeks: ordinals 8-14).
	 */
	add_weekdays(&w, ymd(2025, 9, 1), ymd(2025, 10, 24));
	add_weekdays(&w, ymd(2025, 11, 3), ymd(2025, 12, 19));
	school_weeks_finish(&w);

	is_int(w.nr, 15, "autumn 2025 has 8 + 7 = 15 school weeks");
	is_int(week_of(&w, 2025, 9, 1), 0, "week of 1 Sep is school week 0");
	is_int(week_of(&w, 2025, 10, 24), 7, "Fri 24 Oct is school week 7");
	is_int(week_of(&w, 2025, 10, 29), -1, "half term (29 Oct) is no school week");
	is_int(week_of(&w, 2025, 11, 3), 8,
	       "3 Nov, after half term, is school week 8, not 9");
	is_int(week_of(&w, 2025, 11, 9), 8,
	       "Sunday 9 Nov belongs to the week of Monday 3 Nov");
	is_int(week_of(&w, 2025, 11, 10), 9, "Monday 10 Nov starts school week 9");
	is_int(week_of(&w, 2025, 8, 25), -1, "a week before term is no school week");
	is_int(week_of(&w, 2025, 12, 22), -1, "Christmas holiday is no school week");

	/*
	 * One unauthorised session on the Tuesday of each of the 5 weeks
	 * before half term (weeks of 22 Sep .. 20 Oct: ordinals 3-7) and
	 * the 5 weeks after (3 Nov .. 1 Dec: ordinals 8-12).  That spans
	 * 11 calendar weeks but 10 school weeks: met on 2 Dec.
	 */
	static const int days[10][2] = {
		{ 9, 23 }, { 9, 30 }, { 10, 7 }, { 10, 14 }, { 10, 21 },
		{ 11, 4 }, { 11, 11 }, { 11, 18 }, { 11, 25 }, { 12, 2 },
	};
	for (int i = 0; i < 10; i++)
		week[i] = week_of(&w, 2025, days[i][0], days[i][1]);
	is_int(week[0], 3, "Tue 23 Sep is school week 3");
	is_int(week[9], 12, "Tue 2 Dec is school week 12");
	is_int(penalty_first_met(week, 10), 9,
	       "5 sessions before and 5 after half term: 10 school weeks, met");

	/* Moving the last session a week later (9 Dec, week 13): 11 weeks. */
	week[9] = week_of(&w, 2025, 12, 9);
	is_int(week[9], 13, "Tue 9 Dec is school week 13");
	is_int(penalty_first_met(week, 10), -1,
	       "the same sessions over 11 school weeks: not met");
	school_weeks_release(&w);
	is_int(w.nr, 0, "school_weeks_release empties the weeks");
}

static void test_across_years(void)
{
	struct school_weeks w = SCHOOL_WEEKS_INIT;
	int32_t week[10];
	/*
	 * Summer term 2025 (academic year 2024/25) ends Fri 18 Jul; the
	 * school weeks from 2 Jun are 2 Jun, 9, 16, 23, 30 Jun, 7, 14 Jul
	 * (ordinals 0-6).  Autumn 2025 starts Mon 1 Sep: ordinal 7 on.
	 */
	add_weekdays(&w, ymd(2025, 6, 2), ymd(2025, 7, 18));
	add_weekdays(&w, ymd(2025, 9, 1), ymd(2025, 10, 24));
	school_weeks_finish(&w);
	is_int(week_of(&w, 2025, 7, 14), 6, "week of 14 Jul is school week 6");
	is_int(week_of(&w, 2025, 8, 4), -1, "the summer holiday is no school week");
	is_int(week_of(&w, 2025, 9, 1), 7,
	       "1 Sep follows 14 Jul directly as school week 7");

	/* Fridays of the last 5 summer weeks (ordinals 2-6) and the first 5
	 * autumn weeks (7-11): 10 school weeks across the summer holiday. */
	static const int days[10][2] = {
		{ 6, 20 }, { 6, 27 }, { 7, 4 }, { 7, 11 }, { 7, 18 },
		{ 9, 5 }, { 9, 12 }, { 9, 19 }, { 9, 26 }, { 10, 3 },
	};
	for (int i = 0; i < 10; i++)
		week[i] = week_of(&w, 2025, days[i][0], days[i][1]);
	is_int(week[0], 2, "Fri 20 Jun is school week 2");
	is_int(week[9], 11, "Fri 3 Oct is school week 11");
	is_int(penalty_first_met(week, 10), 9,
	       "10 sessions over the last and first 5 weeks of two years: met");
	school_weeks_release(&w);
}

static void test_order_and_repeats(void)
{
	struct school_weeks in_order = SCHOOL_WEEKS_INIT, jumbled = SCHOOL_WEEKS_INIT;
	int same = 1;

	/* Weeks of 1 Sep, 8 Sep, 15 Sep and 6 Oct 2025: 4 weeks. */
	add_weekdays(&in_order, ymd(2025, 9, 1), ymd(2025, 9, 19));
	add_weekdays(&in_order, ymd(2025, 10, 6), ymd(2025, 10, 6));
	school_weeks_finish(&in_order);
	is_int(in_order.nr, 4, "15 days in 3 weeks and one more day: 4 weeks");

	/* The same weeks from days out of order, repeated, and weekends. */
	static const int days[][2] = {
		{ 10, 6 }, { 9, 17 }, { 9, 1 }, { 10, 6 }, { 9, 7 }, { 9, 13 },
		{ 9, 8 }, { 10, 12 }, { 9, 2 }, { 9, 15 }, { 9, 1 }, { 9, 19 },
	};
	for (size_t i = 0; i < COUNT(days); i++)
		school_weeks_add_day(&jumbled, ymd(2025, days[i][0], days[i][1]));
	school_weeks_finish(&jumbled);
	is_int(jumbled.nr, 4, "days out of order and repeated give 4 weeks");
	for (int d = 0; d < 60; d++) {
		day_t day = ymd(2025, 8, 25) + d;
		same &= school_weeks_ordinal(&in_order, day) ==
			school_weeks_ordinal(&jumbled, day);
	}
	ok(same, "ordinals are the same whatever order days were added in");
	is_int(week_of(&jumbled, 2025, 10, 8), 3, "week of 6 Oct is school week 3");
	is_int(week_of(&jumbled, 2025, 9, 24), -1, "week of 22 Sep was closed");
	is_int(week_of(&jumbled, 2025, 10, 13), -1, "a week after the last is -1");

	/* Finishing twice, or adding after finishing, keeps the weeks right. */
	school_weeks_add_day(&jumbled, ymd(2025, 9, 24));
	school_weeks_add_day(&jumbled, ymd(2025, 9, 3));
	school_weeks_finish(&jumbled);
	school_weeks_finish(&jumbled);
	is_int(jumbled.nr, 5, "adding 24 Sep and a repeat after finishing: 5 weeks");
	is_int(week_of(&jumbled, 2025, 9, 24), 3, "22 Sep week is now school week 3");
	is_int(week_of(&jumbled, 2025, 10, 6), 4, "6 Oct week is now school week 4");

	/* Many weeks (more than the first allocation of 64). */
	struct school_weeks many = SCHOOL_WEEKS_INIT;
	for (int k = 199; k >= 0; k--)
		school_weeks_add_day(&many, ymd(2020, 1, 6) + 7 * k + 2);
	school_weeks_finish(&many);
	is_int(many.nr, 200, "200 Wednesdays added backwards give 200 weeks");
	is_int(school_weeks_ordinal(&many, ymd(2020, 1, 6) + 7 * 150), 150,
	       "the 151st Monday is school week 150");

	struct school_weeks none = SCHOOL_WEEKS_INIT;
	school_weeks_finish(&none);
	is_int(school_weeks_ordinal(&none, ymd(2025, 9, 1)), -1,
	       "no school weeks at all: every day is -1");
	school_weeks_release(&in_order);
	school_weeks_release(&jumbled);
	school_weeks_release(&many);
	school_weeks_release(&none);
}

int main(void)
{
	test_first_met();
	test_half_term();
	test_across_years();
	test_order_and_repeats();
	return tap_done();
}
