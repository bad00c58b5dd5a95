/*
 * The checks every importer makes of a mark (src/ingest/import_mark.c),
 * at their edges: the first and last day of the academic years attend
 * holds, a code in force on one side of 19 August 2024 and not the
 * other, and an enrolment's first and last day.  Expected messages are
 * written out by hand.
 */
#include <string.h>

#include "ingest/import_internal.h"
#include "tap.h"

static const struct mark_source at = { "f.csv", 7, "date", "code", 0 };

static int check(const struct roll_entry *en, day_t day, enum session s,
		 const char *code, struct error *e)
{
	mark_t m;

	error_clear(e);
	return import_mark_check(&at, en, day, s, code, strlen(code), &m, e);
}

int main(void)
{
	struct roll_entry en = { "", 100001, 1, DAY_NONE, DAY_NONE };
	struct error e = ERROR_INIT;
	struct mark_source ctf = { "c.xml", 12, "M", "M", 9 };
	mark_t m = code_find("/", 1);

	/* 2000/01 starts on 1 August 2000; 2098/99 ends on 31 July 2099. */
	ok(!import_day_held(date_from_ymd(2000, 7, 31)), "31 July 2000 is not held");
	ok(import_day_held(date_from_ymd(2000, 8, 1)), "1 August 2000 is held");
	ok(import_day_held(date_from_ymd(2099, 7, 31)), "31 July 2099 is held");
	ok(!import_day_held(date_from_ymd(2099, 8, 1)), "1 August 2099 is not held");

	is_int(check(NULL, date_from_ymd(2000, 8, 1), SESSION_AM, "/", &e), 0,
	       "a present mark on the first day held is taken");
	is_int(check(NULL, date_from_ymd(2000, 7, 31), SESSION_PM, "/", &e), -1,
	       "the day before is refused");
	is_str(e.msg, "f.csv:7: date: '/' for 2000-07-31 PM: the date is outside "
	       "the academic years attend holds (2000/01 to 2098/99)",
	       "naming the date field, the code and the session");

	is_int(check(NULL, date_from_ymd(2024, 8, 18), SESSION_AM, "H", &e), 0,
	       "H on 18 August 2024 is taken");
	is_int(check(NULL, date_from_ymd(2024, 8, 19), SESSION_AM, "H", &e), -1,
	       "H on 19 August 2024 is refused");
	is_str(e.msg, "f.csv:7: code: 'H' for 2024-08-19 AM: code withdrawn on 19 "
	       "August 2024; its 2024 equivalent is C", "with its 2024 equivalent");
	is_int(check(NULL, date_from_ymd(2024, 8, 18), SESSION_PM, "J1", &e), -1,
	       "J1 on 18 August 2024 is refused");
	is_str(e.msg, "f.csv:7: code: 'J1' for 2024-08-18 PM: code not in use "
	       "before 19 August 2024", "as not yet in use");
	check(NULL, date_from_ymd(2024, 9, 2), SESSION_AM, "\t", &e);
	is_str(e.msg, "f.csv:7: code: byte 0x09 for 2024-09-02 AM: unknown "
	       "register code", "a control byte is named by its value");
	check(NULL, date_from_ymd(2024, 9, 2), SESSION_AM,
	      "ABCDEFGHIJKLMNOPQRSTUVWXYZ", &e);
	is_str(e.msg, "f.csv:7: code: 'ABCDEFGHIJKLMNOPQRST' for 2024-09-02 AM: "
	       "unknown register code", "a long code is quoted to 20 characters");

	en.start = date_from_ymd(2024, 9, 2);
	en.end = date_from_ymd(2024, 12, 20);
	is_int(check(&en, en.start, SESSION_AM, "/", &e), 0,
	       "a mark on the enrolment's first day is taken");
	is_int(check(&en, en.end, SESSION_PM, "/", &e), 0,
	       "and on its last");
	is_int(check(&en, en.end + 1, SESSION_AM, "/", &e), -1,
	       "the day after it ends is refused");
	is_str(e.msg, "f.csv:7: date: '/' for 2024-12-21 AM: the date is outside "
	       "the pupil's enrolment at school 100001 (2024-09-02 to 2024-12-20)",
	       "naming the enrolment's dates");
	en.start = DAY_NONE;
	is_int(import_mark_check(&ctf, &en, date_from_ymd(2025, 1, 6), SESSION_AM,
				 NULL, 0, &m, &e), -1,
	       "a mark decoded already is checked against the enrolment");
	is_str(e.msg, "c.xml:12: M: '/' for 2025-01-06 AM (session 9 of the "
	       "string): the date is outside the pupil's enrolment at school "
	       "100001 (... to 2024-12-20)", "named by its code and place in "
	       "the string; an open start as ...");

	import_mark_twice(&at, date_from_ymd(2024, 9, 3), SESSION_PM,
			  code_find("N", 1), code_find("\\", 1), &e);
	is_str(e.msg, "f.csv:7: code: 'N' for 2024-09-03 PM: given '\\' earlier "
	       "in this file for the same pupil and session",
	       "a session given two marks names both");
	return tap_done();
}
