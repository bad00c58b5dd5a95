#ifndef CORE_DATE_H
#define CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Civil dates as day numbers (days since 1970-01-01, proleptic Gregorian),
 * academic years and register sessions.
 *
 * An academic year runs 1 August to 31 July and is named by the calendar
 * year it starts in: 2025 is 2025/26.  Every day of it has two session
 * slots, AM then PM, so slot = 2 * (day - 1 August) + (PM ? 1 : 0) and a
 * year has 730 or 732 slots.  Slots of weekends and holidays simply stay
 * unmarked.
 */
typedef int32_t day_t;

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2099
/* Registers are accepted for academic years 2000/01 .. 2098/99. */
#define ACADEMIC_YEAR_MIN 2000
#define ACADEMIC_YEAR_MAX 2098
#define YEAR_SLOTS_MAX 732

enum session { SESSION_AM = 0, SESSION_PM = 1 };

day_t date_from_ymd(int y, int m, int d);
void date_to_ymd(day_t day, int *y, int *m, int *d);
bool date_valid_ymd(int y, int m, int d);
/* Strict YYYY-MM-DD; returns 0, or -1 if not a real date in range. */
int date_parse(const char *s, size_t len, day_t *out);
/* Writes "YYYY-MM-DD" and a NUL into out. */
void date_format(day_t day, char out[11]);
/* For people: "4 December 2026" (at most 17 characters and a NUL). */
void date_long(day_t day, char out[24]);
/* 0 = Monday .. 6 = Sunday. */
int date_weekday(day_t day);
/* The Monday on or before day. */
day_t date_monday(day_t day);
/* Today in the local time zone (or $ATTEND_TODAY=YYYY-MM-DD, for tests). */
day_t date_today(void);

int academic_year_of(day_t day);
day_t academic_year_start(int year);	/* 1 August */
day_t academic_year_end(int year);	/* 31 July, inclusive */
int academic_year_slots(int year);	/* 730 or 732 */
int session_slot(day_t day, enum session s);	/* slot within day's year */
day_t slot_day(int year, int slot);
enum session slot_session(int slot);
/* "2025/26" */
void academic_year_name(int year, char out[8]);

/* Completed years of age on a given day. */
int age_on(day_t dob, day_t on);
/* "4 December 2026" (out holds at least DATE_WORDS_MAX bytes). */
#define DATE_WORDS_MAX 24
const char *date_words(day_t day, char out[DATE_WORDS_MAX]);

/*
 * Compulsory school age has two definitions, for two purposes; keep them
 * apart.
 *
 * The statistical rule, for headline figures (DfE methodology): aged 5 to
 * 15 on the 31 August at the start of academic year `year`.
 */
bool compulsory_school_age(day_t dob, int year);

/*
 * The rule in law, for legal action (Education Act 1996 s8 and the
 * Education (Start of Compulsory School Age) Order 1998): a child begins
 * to be of compulsory school age on the first prescribed day (31
 * December, 31 March, 31 August) on or after their fifth birthday, the
 * birthday itself when it is one, and ceases to be at the end of the
 * school leaving date (the last Friday in June) of the school year in
 * which they turn 16.  A school year here runs 1 September to 31 August,
 * as the year groups do: a child who turns 16 on 31 August 2024 ceased on
 * 28 June 2024 (s8(3)(a)), one who turns 16 on 1 September 2024 on 27
 * June 2025.  A birthday on 29 February falls on 1 March in other years.
 */
day_t school_age_begins(day_t dob);	/* the first day of it */
day_t school_age_ends(day_t dob);	/* the last day of it */
bool school_age_compulsory_on(day_t dob, day_t on);

#endif
