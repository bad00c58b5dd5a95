/*
 * School calendars: Easter, census terms, open sessions from calendar
 * events and from marks.  Session counts are worked out by hand from the
 * 2025/26 calendar (2025-08-01 is a Friday, 2025-09-01 a Monday).
 */
#include <string.h>

#include "core/calendar.h"
#include "core/code.h"
#include "core/date.h"
#include "tap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static day_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void test_easter(void)
{
	static const int known[][3] = {
		{ 2019, 4, 21 }, { 2024, 3, 31 }, { 2025, 4, 20 }, { 2026, 4, 5 },
		{ 2027, 3, 28 }, { 2000, 4, 23 }, { 2008, 3, 23 }, { 2011, 4, 24 },
		{ 2038, 4, 25 }, { 1943, 4, 25 }, { 2016, 3, 27 }, { 2018, 4, 1 },
	};

	for (size_t i = 0; i < COUNT(known); i++) {
		day_t e = easter_sunday(known[i][0]);

		is_int(e, ymd(known[i][0], known[i][1], known[i][2]),
		       "Easter Sunday %d is %d-%02d-%02d", known[i][0],
		       known[i][0], known[i][1], known[i][2]);
		is_int(date_weekday(e), 6, "Easter %d falls on a Sunday", known[i][0]);
	}
}

static void test_terms(void)
{
	static const struct {
		int y, m, d;
		enum term t;
		const char *why;
	} cases[] = {
		{ 2025, 8, 1, TERM_AUTUMN, "1 August starts the autumn term" },
		{ 2025, 9, 1, TERM_AUTUMN, "1 September is autumn" },
		{ 2025, 12, 31, TERM_AUTUMN, "31 December is autumn" },
		{ 2026, 1, 1, TERM_SPRING, "1 January starts the spring term" },
		{ 2026, 4, 4, TERM_SPRING, "Easter Saturday 2026 is spring" },
		{ 2026, 4, 5, TERM_SPRING, "Easter Sunday 2026 is still spring" },
		{ 2026, 4, 6, TERM_SUMMER, "Easter Monday 2026 starts summer" },
		{ 2026, 7, 31, TERM_SUMMER, "31 July is summer" },
		{ 2024, 3, 31, TERM_SPRING, "Easter Sunday 2024 (31 Mar) is spring" },
		{ 2024, 4, 1, TERM_SUMMER, "Easter Monday 2024 (1 Apr) is summer" },
		{ 2025, 4, 20, TERM_SPRING, "Easter Sunday 2025 (20 Apr) is spring" },
		{ 2025, 4, 10, TERM_SPRING, "10 Apr 2025, before a late Easter, is spring" },
		{ 2025, 4, 21, TERM_SUMMER, "Easter Monday 2025 (21 Apr) is summer" },
	};

	for (size_t i = 0; i < COUNT(cases); i++)
		is_int(term_of(ymd(cases[i].y, cases[i].m, cases[i].d)), cases[i].t,
		       "%s", cases[i].why);
	is_str(term_name(TERM_AUTUMN), "autumn", "term_name(autumn)");
	is_str(term_name(TERM_SPRING), "spring", "term_name(spring)");
	is_str(term_name(TERM_SUMMER), "summer", "term_name(summer)");
}

static void test_kinds(void)
{
	static const char *const names[] = { "term", "inset", "bank_holiday", "closure" };

	for (int k = 0; k < CALENDAR_KIND_COUNT; k++) {
		is_int(calendar_kind_parse(names[k], strlen(names[k])), k,
		       "calendar_kind_parse(%s)", names[k]);
		is_str(calendar_kind_name((enum calendar_kind)k), names[k],
		       "calendar_kind_name gives %s", names[k]);
	}
	is_int(calendar_kind_parse("holiday", 7), -1, "an unknown kind is -1");
	is_int(calendar_kind_parse("", 0), -1, "an empty kind is -1");
	is_int(calendar_kind_parse("terms", 5), -1, "a longer word is not a kind");
	is_int(calendar_kind_parse("term", 3), -1, "a prefix is not a kind");
	is_int(calendar_kind_parse("inset day", 5), CALENDAR_INSET,
	       "only len bytes are read");
	/* Names are matched exactly as calendar_kind_name writes them. */
	is_int(calendar_kind_parse("TERM", 4), -1, "upper-case TERM is not a kind");
	is_str(calendar_kind_name(CALENDAR_KIND_COUNT), "?", "no kind is named ?");
}

static uint8_t open_[YEAR_SLOTS_MAX + 8];

static int is_open(int y, int m, int d, enum session s)
{
	return open_[session_slot(ymd(y, m, d), s)];
}

static int count_open(int slots)
{
	int n = 0;

	for (int s = 0; s < slots; s++)
		n += open_[s] != 0;
	return n;
}

static void test_open_slots(void)
{
	/*
	 * Autumn first half 2025: Mon 1 Sep .. Fri 24 Oct, 8 whole weeks,
	 * 40 weekdays, 80 sessions.  INSET Mon 1 Sep: -2.  A bank holiday
	 * given on Saturday 6 Sep: no change.  A closure Mon 20 .. Tue
	 * 21 Oct: -4.  80 - 2 - 4 = 74.
	 */
	struct calendar_event ev[] = {
		{ ymd(2025, 9, 6), ymd(2025, 9, 6), CALENDAR_BANK_HOLIDAY },
		{ ymd(2025, 9, 1), ymd(2025, 9, 1), CALENDAR_INSET },
		{ ymd(2025, 9, 1), ymd(2025, 10, 24), CALENDAR_TERM },
		{ ymd(2025, 10, 20), ymd(2025, 10, 21), CALENDAR_CLOSURE },
	};
	int slots = academic_year_slots(2025);

	memset(open_, 0xAA, sizeof(open_));
	is_int(calendar_open_slots(ev, COUNT(ev), 2025, open_), 74,
	       "8 weeks less an INSET day and 2 closure days: 74 sessions");
	is_int(count_open(slots), 74, "the open array holds the 74 sessions");
	is_int(open_[slots], 0xAA, "nothing is written past the year's slots");
	ok(!is_open(2025, 9, 1, SESSION_AM) && !is_open(2025, 9, 1, SESSION_PM),
	   "the INSET day (listed before its term) is closed, AM and PM");
	ok(is_open(2025, 9, 2, SESSION_AM) && is_open(2025, 9, 2, SESSION_PM),
	   "the next weekday is open, AM and PM");
	ok(!is_open(2025, 9, 6, SESSION_AM) && !is_open(2025, 9, 7, SESSION_PM),
	   "Saturday and Sunday are not school sessions");
	ok(!is_open(2025, 10, 20, SESSION_AM) && !is_open(2025, 10, 21, SESSION_PM),
	   "the closure days are closed");
	ok(is_open(2025, 10, 22, SESSION_AM), "the day after a closure is open");
	ok(is_open(2025, 10, 24, SESSION_PM), "the last day of term is open");
	ok(!is_open(2025, 10, 27, SESSION_AM), "half term is not open");
	ok(!is_open(2025, 8, 29, SESSION_AM), "the day before term is not open");

	/*
	 * Events clipped to the academic year 2025/26 (1 Aug 2025 ..
	 * 31 Jul 2026): a term 1 Jul .. 8 Aug 2025 keeps Fri 1 Aug and
	 * Mon 4 .. Fri 8 Aug: 6 days, 12 sessions.  A term 27 Jul ..
	 * 10 Aug 2026 keeps Mon 27 .. Fri 31 Jul: 5 days, 10 sessions.  A
	 * term wholly in 2024/25 adds nothing; a closure reaching back
	 * into July 2025 takes out Fri 1 Aug only: 12 + 10 - 2 = 20.
	 */
	struct calendar_event clip[] = {
		{ ymd(2025, 7, 1), ymd(2025, 8, 8), CALENDAR_TERM },
		{ ymd(2026, 7, 27), ymd(2026, 8, 10), CALENDAR_TERM },
		{ ymd(2024, 9, 2), ymd(2024, 12, 20), CALENDAR_TERM },
		{ ymd(2025, 7, 20), ymd(2025, 8, 1), CALENDAR_CLOSURE },
	};
	memset(open_, 0xAA, sizeof(open_));
	is_int(calendar_open_slots(clip, 3, 2025, open_), 22,
	       "terms clipped to the academic year: 12 + 10 + 0 sessions");
	is_int(calendar_open_slots(clip, COUNT(clip), 2025, open_), 20,
	       "a closure clipped to the year takes out 1 Aug only: 20");
	is_int(count_open(slots), 20, "the open array agrees: 20");
	ok(is_open(2025, 8, 4, SESSION_AM), "Mon 4 Aug 2025 is open");
	ok(!is_open(2025, 8, 1, SESSION_AM), "Fri 1 Aug 2025 is closed");
	ok(is_open(2026, 7, 31, SESSION_PM), "Fri 31 Jul 2026, the last slot, is open");
	is_int(open_[729], 1, "slot 729 (31 Jul 2026 PM) is open");

	/* A leap year: 2023/24 has 732 slots; a term over 29 Feb 2024 (a
	 * Thursday): Mon 26 Feb .. Fri 1 Mar is 5 weekdays, 10 sessions. */
	struct calendar_event leap[] = {
		{ ymd(2024, 2, 26), ymd(2024, 3, 3), CALENDAR_TERM },
	};
	memset(open_, 0xAA, sizeof(open_));
	is_int(calendar_open_slots(leap, 1, 2023, open_), 10,
	       "the week of 29 Feb 2024 has 10 sessions");
	ok(is_open(2024, 2, 29, SESSION_PM), "29 Feb 2024 PM is open");
	is_int(open_[731], 0, "slot 731 of a leap year is cleared");

	memset(open_, 0xAA, sizeof(open_));
	is_int(calendar_open_slots(NULL, 0, 2025, open_), 0,
	       "no events: no open sessions");
	is_int(count_open(slots), 0, "no events: the array is cleared");
}

static void test_open_from_marks(void)
{
	uint8_t open[8];
	mark_t marks[8] = {
		MARK_MISSING,		/* no code: does not open */
		MARK_CLOSURE,		/* '#': does not open */
		0, 0, 0, 0, 0,
		MARK_MISSING,
	};

	marks[2] = code_find("/", 1);	/* present */
	marks[3] = code_find("D", 1);	/* not possible, still a session */
	marks[4] = code_find("N", 1);
	marks[5] = code_find("Y7", 2);
	marks[6] = code_find("X", 1);
	memset(open, 0, sizeof(open));
	calendar_open_from_marks(open, marks, 8);
	is_int(open[0], 0, "a missing mark does not open a session");
	is_int(open[1], 0, "'#' does not open a session");
	is_int(open[2], 1, "'/' opens a session");
	is_int(open[3], 1, "'D' opens a session");
	is_int(open[4], 1, "'N' opens a session");
	is_int(open[5], 1, "'Y7' opens a session");
	is_int(open[6], 1, "'X' opens a session");

	/* Another pupil's marks add to the open sessions, never clear them. */
	memset(marks, MARK_MISSING, sizeof(marks));
	marks[0] = code_find("L", 1);
	marks[2] = MARK_CLOSURE;
	calendar_open_from_marks(open, marks, 7);
	is_int(open[0], 1, "a second pupil's 'L' opens session 0");
	is_int(open[2], 1, "a second pupil's '#' leaves session 2 open");
	is_int(open[1], 0, "session 1 is still not open");
	is_int(open[7], 0, "only n marks are read");
}

int main(void)
{
	test_easter();
	test_terms();
	test_kinds();
	test_open_slots();
	test_open_from_marks();
	return tap_done();
}
