/*
 * Dates, academic years, session slots and ages.  Expected day numbers
 * and weekdays are worked out by hand in the comments; the full-range
 * round trip walks the calendar with its own month lengths.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "tap.h"

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return days[m - 1] + (m == 2 && leap(y));
}

static int parse(const char *s, day_t *out)
{
	return date_parse(s, strlen(s), out);
}

static void test_known_days(void)
{
	is_int(date_from_ymd(1970, 1, 1), 0, "1970-01-01 is day 0");
	/* 30 years 1970-1999, leap 1972..1996 = 7: 30*365 + 7 = 10957 */
	is_int(date_from_ymd(2000, 1, 1), 10957, "2000-01-01 is day 10957");
	/* 70 years 1900-1969, leap 1904..1968 = 17: 70*365 + 17 = 25567 */
	is_int(date_from_ymd(1900, 1, 1), -25567, "1900-01-01 is day -25567");
	/* 2025: 55 years after 1970, leap 1972..2024 = 14: 55*365+14 = 20089;
	 * 1 Sept is day 243 of 2025 (31+28+31+30+31+30+31+31): 20332 */
	is_int(date_from_ymd(2025, 9, 1), 20332, "2025-09-01 is day 20332");
	is_int(date_weekday(date_from_ymd(2025, 9, 1)), 0, "2025-09-01 is a Monday");
	is_int(date_weekday(date_from_ymd(2024, 2, 29)), 3, "2024-02-29 is a Thursday");
	is_int(date_weekday(0), 3, "1970-01-01 is a Thursday");
	is_int(date_weekday(date_from_ymd(1900, 1, 1)), 0, "1900-01-01 is a Monday");
	is_int(date_weekday(date_from_ymd(2025, 9, 7)), 6, "2025-09-07 is a Sunday");
	is_int(date_monday(date_from_ymd(2025, 9, 7)), date_from_ymd(2025, 9, 1),
	       "the Monday of Sunday 2025-09-07 is 2025-09-01");
	is_int(date_monday(date_from_ymd(2025, 9, 1)), date_from_ymd(2025, 9, 1),
	       "the Monday of a Monday is itself");
	is_int(date_monday(date_from_ymd(1969, 12, 31)), date_from_ymd(1969, 12, 29),
	       "the Monday before day 0 is found for negative days");
}

static void test_round_trip(void)
{
	day_t want = date_from_ymd(1900, 1, 1);
	int bad_from = 0, bad_to = 0, bad_weekday = 0, days = 0;

	/* 1900-01-01 was a Monday; each day is one more, weekday cycles. */
	for (int y = 1900; y <= 2099; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= month_days(y, m); d++, want++, days++) {
				int yy, mm, dd;

				bad_from += date_from_ymd(y, m, d) != want;
				date_to_ymd(want, &yy, &mm, &dd);
				bad_to += yy != y || mm != m || dd != d;
				bad_weekday += date_weekday(want) != days % 7;
			}
	/* 200 years: 200*365 + 49 leap days (1904..2096 less 1900, 2000 leap) */
	is_int(days, 200 * 365 + 49, "1900..2099 holds 73049 days");
	is_int(bad_from, 0, "date_from_ymd counts every day 1900..2099 in order");
	is_int(bad_to, 0, "date_to_ymd inverts every day 1900..2099");
	is_int(bad_weekday, 0, "date_weekday cycles Monday..Sunday from 1900-01-01");
}

static void test_parse(void)
{
	static const char *const bad[] = {
		"2025-02-29", "2023-02-29", "1900-02-29", "2025-9-1", "2025/09/01",
		"2025-09-01x", "2025-09-01 ", " 2025-09-01", "2025-09-1", "25-09-01",
		"1899-12-31", "2100-01-01", "2025-13-01", "2025-00-10", "2025-01-00",
		"2025-04-31", "2025-01-32", "2025-0a-01", "+025-09-01", "2025-09-+1",
		"", "2025-09",
	};
	day_t day = -1;
	char out[11];

	ok(!parse("2024-02-29", &day), "2024-02-29 is a valid date");
	is_int(day, date_from_ymd(2024, 2, 29), "2024-02-29 parses to its day");
	ok(!parse("2000-02-29", &day), "2000-02-29 is valid (400-year leap)");
	ok(!parse("1900-01-01", &day), "1900-01-01, the first year, is accepted");
	ok(!parse("2099-12-31", &day), "2099-12-31, the last day, is accepted");
	is_int(day, date_from_ymd(2099, 12, 31), "2099-12-31 parses to its day");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		day = 12345;
		is_int(parse(bad[i], &day), -1, "date_parse refuses '%s'", bad[i]);
		is_int(day, 12345, "refusing '%s' leaves the output alone", bad[i]);
	}
	/* The length is honoured: the first 10 bytes of a longer string. */
	ok(!date_parse("2025-09-01T09:00", 10, &day) &&
	   day == date_from_ymd(2025, 9, 1), "date_parse reads only len bytes");
	date_format(date_from_ymd(2025, 9, 1), out);
	is_str(out, "2025-09-01", "date_format writes YYYY-MM-DD");
	date_format(date_from_ymd(1905, 1, 9), out);
	is_str(out, "1905-01-09", "date_format pads month and day with zeros");
	{
		char words[24];

		date_long(date_from_ymd(2026, 12, 4), words);
		is_str(words, "4 December 2026", "date_long writes the date for people");
		date_long(date_from_ymd(2025, 9, 30), words);
		is_str(words, "30 September 2025", "date_long: no leading zero");
	}
	setenv("ATTEND_TODAY", "2026-03-15", 1);
	is_int(date_today(), date_from_ymd(2026, 3, 15), "ATTEND_TODAY sets today");
	unsetenv("ATTEND_TODAY");
}

static void test_academic_year(void)
{
	char name[8];

	is_int(academic_year_of(date_from_ymd(2025, 7, 31)), 2024,
	       "31 July 2025 is in academic year 2024/25");
	is_int(academic_year_of(date_from_ymd(2025, 8, 1)), 2025,
	       "1 August 2025 starts academic year 2025/26");
	is_int(academic_year_of(date_from_ymd(2026, 1, 1)), 2025,
	       "1 January 2026 is in academic year 2025/26");
	is_int(academic_year_start(2025), date_from_ymd(2025, 8, 1),
	       "academic year 2025 starts 2025-08-01");
	is_int(academic_year_end(2025), date_from_ymd(2026, 7, 31),
	       "academic year 2025 ends 2026-07-31");
	/* 2023/24 holds 29 Feb 2024: 366 days, 732 slots; 2024/25: 365, 730 */
	is_int(academic_year_slots(2023), 732, "2023/24 (has 29 Feb) has 732 slots");
	is_int(academic_year_slots(2024), 730, "2024/25 has 730 slots");
	is_int(academic_year_slots(2025), 730, "2025/26 has 730 slots");
	is_int(academic_year_slots(1999), 732, "1999/00 (29 Feb 2000) has 732 slots");
	is_int(academic_year_slots(2099 - 1), 730, "2098/99 has 730 slots");
	academic_year_name(2025, name);
	is_str(name, "2025/26", "academic year 2025 is named 2025/26");
	academic_year_name(1999, name);
	is_str(name, "1999/00", "academic year 1999 is named 1999/00");
	academic_year_name(2009, name);
	is_str(name, "2009/10", "academic year 2009 is named 2009/10");
}

static void test_slots(void)
{
	day_t start = date_from_ymd(2025, 8, 1);
	int bad = 0;

	is_int(session_slot(start, SESSION_AM), 0, "1 August AM is slot 0");
	is_int(session_slot(start, SESSION_PM), 1, "1 August PM is slot 1");
	is_int(session_slot(start + 1, SESSION_AM), 2, "2 August AM is slot 2");
	/* 2025-09-01 is 31 days after 1 August: AM slot 62, PM 63 */
	is_int(session_slot(date_from_ymd(2025, 9, 1), SESSION_PM), 63,
	       "2025-09-01 PM is slot 63");
	/* 31 July 2026 is day 364 of the year: PM slot 729, the last */
	is_int(session_slot(date_from_ymd(2026, 7, 31), SESSION_PM), 729,
	       "2026-07-31 PM is slot 729");
	/* 31 July 2024 is day 365 of 2023/24: PM slot 731 */
	is_int(session_slot(date_from_ymd(2024, 7, 31), SESSION_PM), 731,
	       "2024-07-31 PM is slot 731 in a 732-slot year");
	is_int(slot_day(2025, 63), date_from_ymd(2025, 9, 1), "slot 63 is on 2025-09-01");
	is_int(slot_session(63), SESSION_PM, "odd slots are PM");
	is_int(slot_session(62), SESSION_AM, "even slots are AM");
	for (int year = 2023; year <= 2024; year++)
		for (int s = 0; s < academic_year_slots(year); s++) {
			day_t day = slot_day(year, s);

			bad += academic_year_of(day) != year ||
			       session_slot(day, slot_session(s)) != s ||
			       day != academic_year_start(year) + s / 2;
		}
	is_int(bad, 0, "slot_day and session_slot round-trip every slot of 2023, 2024");
}

static void test_age(void)
{
	day_t dob = date_from_ymd(2015, 3, 10), leapling = date_from_ymd(2016, 2, 29);

	is_int(age_on(dob, date_from_ymd(2025, 3, 9)), 9, "the day before the 10th birthday: 9");
	is_int(age_on(dob, date_from_ymd(2025, 3, 10)), 10, "on the 10th birthday: 10");
	is_int(age_on(dob, date_from_ymd(2025, 2, 28)), 9, "an earlier month: 9");
	is_int(age_on(dob, dob), 0, "on the day of birth: 0");
	/* Born 29 Feb: in a common year the birthday is reached on 1 March. */
	is_int(age_on(leapling, date_from_ymd(2025, 2, 28)), 8,
	       "born 2016-02-29: still 8 on 2025-02-28");
	is_int(age_on(leapling, date_from_ymd(2025, 3, 1)), 9,
	       "born 2016-02-29: 9 on 2025-03-01");
	is_int(age_on(leapling, date_from_ymd(2020, 2, 29)), 4,
	       "born 2016-02-29: 4 on 2020-02-29");
	is_int(age_on(leapling, date_from_ymd(2020, 2, 28)), 3,
	       "born 2016-02-29: 3 on 2020-02-28");

	/* Academic year 2025: age on 2025-08-31 must be 5..15. */
	ok(compulsory_school_age(date_from_ymd(2020, 8, 31), 2025),
	   "turning 5 on 31 Aug 2025 is of compulsory school age in 2025/26");
	ok(!compulsory_school_age(date_from_ymd(2020, 9, 1), 2025),
	   "turning 5 on 1 Sep 2025 is not (4 on 31 Aug)");
	ok(!compulsory_school_age(date_from_ymd(2009, 8, 31), 2025),
	   "turning 16 on 31 Aug 2025 is not (16 on 31 Aug)");
	ok(compulsory_school_age(date_from_ymd(2009, 9, 1), 2025),
	   "turning 16 on 1 Sep 2025 is (15 on 31 Aug)");
	ok(compulsory_school_age(date_from_ymd(2015, 3, 10), 2025),
	   "aged 10 on 31 Aug 2025 is of compulsory school age");
	ok(!compulsory_school_age(date_from_ymd(2022, 1, 1), 2025),
	   "aged 3 (nursery) is not of compulsory school age");
	ok(!compulsory_school_age(date_from_ymd(2008, 1, 1), 2025),
	   "aged 17 (sixth form) is not of compulsory school age");
}

static day_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/*
 * Compulsory school age in law: the prescribed days are 31 March, 31
 * August and 31 December; the leaving date is the last Friday in June.
 * 30 June 2024 was a Sunday (Friday the 28th), 30 June 2025 a Monday
 * (Friday the 27th), 30 June 2028 a Friday (2025 Mon, 2026 Tue, 2027
 * Wed, 2028 leap: Fri).
 */
static void test_school_age_law(void)
{
	char w[DATE_WORDS_MAX];

	is_int(school_age_begins(ymd(2020, 12, 31)), ymd(2025, 12, 31),
	       "fifth birthday on 31 December, a prescribed day: that day");
	is_int(school_age_begins(ymd(2021, 1, 1)), ymd(2026, 3, 31),
	       "fifth birthday on 1 January: 31 March after it");
	is_int(school_age_begins(ymd(2020, 3, 31)), ymd(2025, 3, 31),
	       "fifth birthday on 31 March: that day");
	is_int(school_age_begins(ymd(2020, 4, 1)), ymd(2025, 8, 31),
	       "fifth birthday on 1 April: 31 August");
	is_int(school_age_begins(ymd(2020, 8, 31)), ymd(2025, 8, 31),
	       "fifth birthday on 31 August: that day");
	is_int(school_age_begins(ymd(2020, 9, 1)), ymd(2025, 12, 31),
	       "fifth birthday on 1 September: 31 December");
	is_int(school_age_begins(ymd(2021, 9, 1)), ymd(2026, 12, 31),
	       "a Reception child born 1 September 2021: from 31 December 2026");
	is_int(school_age_begins(ymd(2020, 2, 29)), ymd(2025, 3, 31),
	       "born 29 February: fifth birthday 1 March 2025, from 31 March");
	is_int(school_age_ends(ymd(2007, 9, 23)), ymd(2024, 6, 28),
	       "born 23 September 2007: ended 28 June 2024 (DOMAIN.md)");
	is_int(school_age_ends(ymd(2008, 8, 31)), ymd(2024, 6, 28),
	       "16 on 31 August 2024: ended 28 June 2024, s8(3)(a)");
	is_int(school_age_ends(ymd(2008, 9, 1)), ymd(2025, 6, 27),
	       "16 on 1 September 2024: the next school year, 27 June 2025");
	is_int(school_age_ends(ymd(2009, 6, 26)), ymd(2025, 6, 27),
	       "16 the day before the leaving date: that leaving date");
	is_int(school_age_ends(ymd(2009, 6, 27)), ymd(2025, 6, 27),
	       "16 on the leaving date itself: that day, s8(3)(b)");
	is_int(school_age_ends(ymd(2012, 1, 15)), ymd(2028, 6, 30),
	       "30 June a Friday (2028): the leaving date is the 30th");
	ok(!school_age_compulsory_on(ymd(2021, 9, 1), ymd(2026, 12, 30)),
	   "not of compulsory school age the day before it begins");
	ok(school_age_compulsory_on(ymd(2021, 9, 1), ymd(2026, 12, 31)),
	   "of compulsory school age on the prescribed day");
	ok(school_age_compulsory_on(ymd(2007, 9, 23), ymd(2024, 6, 28)),
	   "still of compulsory school age on the leaving date");
	ok(!school_age_compulsory_on(ymd(2007, 9, 23), ymd(2024, 6, 29)),
	   "no longer the day after the leaving date");
	/* the statistical rule differs: aged 4 on 31 August 2025 is outside it,
	 * and a child born 1 September 2020 is 4 on 31 August 2025 too */
	ok(!compulsory_school_age(ymd(2020, 9, 1), 2025),
	   "statistics: 4 on 31 August 2025, not counted in 2025/26");
	ok(school_age_compulsory_on(ymd(2020, 9, 1), ymd(2026, 1, 5)),
	   "law: the same child is of compulsory school age from 31 December 2025");
	is_str(date_words(ymd(2026, 12, 4), w), "4 December 2026",
	       "dates in words for people");
}

int main(void)
{
	test_known_days();
	test_round_trip();
	test_parse();
	test_academic_year();
	test_slots();
	test_age();
	test_school_age_law();
	return tap_done();
}
