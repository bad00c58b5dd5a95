#include "core/calendar.h"

#include <string.h>

day_t easter_sunday(int y)
{
	/* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	return date_from_ymd(y, month, day);
}

enum term term_of(day_t day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (m >= 8)
		return TERM_AUTUMN;
	return day <= easter_sunday(y) ? TERM_SPRING : TERM_SUMMER;
}

const char *term_name(enum term t)
{
	static const char *const names[] = { "autumn", "spring", "summer" };
	return names[t];
}

static const char *const kind_names[CALENDAR_KIND_COUNT] = {
	"term", "inset", "bank_holiday", "closure"
};

const char *calendar_kind_name(enum calendar_kind k)
{
	return (unsigned)k < CALENDAR_KIND_COUNT ? kind_names[k] : "?";
}

int calendar_kind_parse(const char *s, size_t len)
{
	for (int k = 0; k < CALENDAR_KIND_COUNT; k++)
		if (strlen(kind_names[k]) == len && !memcmp(kind_names[k], s, len))
			return k;
	return -1;
}

static void fill_range(uint8_t *open, int year, day_t from, day_t to,
		       uint8_t value)
{
	day_t start = academic_year_start(year), end = academic_year_end(year);

	if (from < start)
		from = start;
	if (to > end)
		to = end;
	for (day_t day = from; day <= to; day++) {
		if (date_weekday(day) >= 5)
			continue;
		open[2 * (day - start)] = value;
		open[2 * (day - start) + 1] = value;
	}
}

int calendar_open_slots(const struct calendar_event *ev, size_t n, int year,
			uint8_t *open)
{
	int slots = academic_year_slots(year), count = 0;

	memset(open, 0, (size_t)slots);
	for (size_t i = 0; i < n; i++)
		if (ev[i].kind == CALENDAR_TERM)
			fill_range(open, year, ev[i].from, ev[i].to, 1);
	for (size_t i = 0; i < n; i++)
		if (ev[i].kind != CALENDAR_TERM)
			fill_range(open, year, ev[i].from, ev[i].to, 0);
	for (int s = 0; s < slots; s++)
		count += open[s];
	return count;
}

void calendar_open_from_marks(uint8_t *open, const mark_t *marks, size_t n)
{
	for (size_t i = 0; i < n; i++)
		open[i] |= marks[i] != MARK_MISSING && marks[i] != MARK_CLOSURE;
}
