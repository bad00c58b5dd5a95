#ifndef CORE_CALENDAR_H
#define CORE_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "core/code.h"
#include "core/date.h"

/*
 * School calendars: terms, half terms and the sessions a school is open.
 *
 * Terms follow the DfE census convention: autumn from 1 August to
 * 31 December, spring from 1 January to Easter Sunday, summer from Easter
 * Monday to 31 July.  Half terms come from a school's imported calendar.
 *
 * An imported calendar is a list of events: term (or half-term) ranges in
 * which weekdays are school days, and closures (INSET days, bank holidays,
 * other planned closures) taken out of them.  Where no calendar has been
 * imported, a session counts as open if any pupil on the school's roll
 * has a mark other than '#' for it.
 */
enum term { TERM_AUTUMN, TERM_SPRING, TERM_SUMMER };

enum calendar_kind {
	CALENDAR_TERM = 0,
	CALENDAR_INSET,
	CALENDAR_BANK_HOLIDAY,
	CALENDAR_CLOSURE,
	CALENDAR_KIND_COUNT
};

struct calendar_event {
	day_t from, to;		/* inclusive */
	enum calendar_kind kind;
};

day_t easter_sunday(int year);
enum term term_of(day_t day);
const char *term_name(enum term t);

/* "term", "inset", "bank_holiday", "closure"; parse returns -1 if unknown. */
const char *calendar_kind_name(enum calendar_kind k);
int calendar_kind_parse(const char *s, size_t len);

/*
 * Sets open[slot] to 1 for each session of academic year `year` that the
 * events make a school session (open must hold academic_year_slots(year)
 * bytes, and is cleared first).  Returns the number of open sessions.
 */
int calendar_open_slots(const struct calendar_event *ev, size_t n, int year,
			uint8_t *open);

/* Sets open[i] for each i < n where marks[i] is a code other than '#'. */
void calendar_open_from_marks(uint8_t *open, const mark_t *marks, size_t n);

#endif
