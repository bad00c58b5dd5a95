/*
 * The demo authority's calendar: half terms for 2025/26 and 2026/27, the
 * English bank holidays of those years, two LA-wide INSET days each
 * September and three more per school per year (one shared by the schools
 * of an area, two of the school's own), so every school has 195 days in
 * term, 5 INSET and 190 school days (380 sessions) a year.  One school
 * closes for polling day in its calendar; another closes that day too but
 * records it with '#' in its registers.
 */
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "demo/demo_internal.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct dated {
	int y, m, d;
	const char *label;
};

/* Half terms: first and last day (weekdays between are in term). */
static const struct {
	struct dated from, to;
} half_terms[DEMO_HALF_TERMS] = {
	{ { 2025, 9, 2, "Autumn 1" }, { 2025, 10, 24, NULL } },
	{ { 2025, 11, 3, "Autumn 2" }, { 2025, 12, 19, NULL } },
	{ { 2026, 1, 5, "Spring 1" }, { 2026, 2, 13, NULL } },
	{ { 2026, 2, 23, "Spring 2" }, { 2026, 3, 27, NULL } },
	{ { 2026, 4, 13, "Summer 1" }, { 2026, 5, 22, NULL } },
	{ { 2026, 6, 1, "Summer 2" }, { 2026, 7, 21, NULL } },
	{ { 2026, 9, 1, "Autumn 1" }, { 2026, 10, 23, NULL } },
	{ { 2026, 11, 2, "Autumn 2" }, { 2026, 12, 18, NULL } },
	{ { 2027, 1, 4, "Spring 1" }, { 2027, 2, 12, NULL } },
	{ { 2027, 2, 22, "Spring 2" }, { 2027, 3, 25, NULL } },
	{ { 2027, 4, 12, "Summer 1" }, { 2027, 5, 28, NULL } },
	{ { 2027, 6, 7, "Summer 2" }, { 2027, 7, 21, NULL } },
};

/* England and Wales, August 2025 to July 2027 (with substitute days). */
static const struct dated bank_holidays[] = {
	{ 2025, 8, 25, "Summer bank holiday" },
	{ 2025, 12, 25, "Christmas Day" },
	{ 2025, 12, 26, "Boxing Day" },
	{ 2026, 1, 1, "New Year's Day" },
	{ 2026, 4, 3, "Good Friday" },
	{ 2026, 4, 6, "Easter Monday" },
	{ 2026, 5, 4, "Early May bank holiday" },
	{ 2026, 5, 25, "Spring bank holiday" },
	{ 2026, 8, 31, "Summer bank holiday" },
	{ 2026, 12, 25, "Christmas Day" },
	{ 2026, 12, 28, "Boxing Day (substitute day)" },
	{ 2027, 1, 1, "New Year's Day" },
	{ 2027, 3, 26, "Good Friday" },
	{ 2027, 3, 29, "Easter Monday" },
	{ 2027, 5, 3, "Early May bank holiday" },
	{ 2027, 5, 31, "Spring bank holiday" },
};

/* Every school's first two days of each year. */
static const struct dated la_inset[] = {
	{ 2025, 9, 2, "INSET" }, { 2025, 9, 3, "INSET" },
	{ 2026, 9, 1, "INSET" }, { 2026, 9, 2, "INSET" },
};

/* Days schools choose for their own INSET: either side of a break. */
static const struct dated inset_choices[DEMO_YEARS][12] = {
	{ { 2025, 10, 24, NULL }, { 2025, 11, 3, NULL }, { 2025, 12, 19, NULL },
	  { 2026, 1, 5, NULL }, { 2026, 2, 13, NULL }, { 2026, 2, 23, NULL },
	  { 2026, 3, 27, NULL }, { 2026, 4, 13, NULL }, { 2026, 5, 22, NULL },
	  { 2026, 6, 1, NULL }, { 2026, 7, 20, NULL }, { 2026, 7, 21, NULL } },
	{ { 2026, 10, 23, NULL }, { 2026, 11, 2, NULL }, { 2026, 12, 18, NULL },
	  { 2027, 1, 4, NULL }, { 2027, 2, 12, NULL }, { 2027, 2, 22, NULL },
	  { 2027, 3, 25, NULL }, { 2027, 4, 12, NULL }, { 2027, 5, 28, NULL },
	  { 2027, 6, 7, NULL }, { 2027, 7, 20, NULL }, { 2027, 7, 21, NULL } },
};

/* Local elections, Thursday 7 May 2026: some schools are polling stations. */
static const struct dated polling_day = { 2026, 5, 7, "Polling station" };

static int index_of(const struct demo *d, const struct dated *x)
{
	return demo_index(&d->cal, date_from_ymd(x->y, x->m, x->d));
}

static void set_closed(uint8_t *open, int i)
{
	if (i >= 0 && i < DEMO_DAYS)
		open[i] = 0;
}

void demo_calendar_init(struct demo *d)
{
	struct demo_calendar *c = &d->cal;
	int n = 0;

	c->first = date_from_ymd(DEMO_FIRST_YEAR, 8, 1);
	for (int i = 0; i < DEMO_DAYS; i++) {
		int y, m, dd;
		char text[11];

		date_to_ymd(demo_day(c, i), &y, &m, &dd);
		c->weekday[i] = (uint8_t)date_weekday(demo_day(c, i));
		c->month[i] = (uint8_t)m;
		date_format(demo_day(c, i), text);
		for (int pm = 0; pm < 2; pm++) {
			memcpy(c->slot_text[2 * i + pm], text, 10);
			memcpy(c->slot_text[2 * i + pm] + 10, pm ? ",PM," : ",AM,", 4);
		}
	}
	for (int h = 0; h < DEMO_HALF_TERMS; h++) {
		int from = index_of(d, &half_terms[h].from);
		int to = index_of(d, &half_terms[h].to);

		c->half_start[h] = from;
		c->half_end[h] = to;
		for (int i = from; i <= to; i++)
			c->term[i] = c->weekday[i] < 5;
	}
	memcpy(c->open, c->term, sizeof(c->open));
	for (int b = 0; b < COUNT(bank_holidays); b++)
		set_closed(c->open, index_of(d, &bank_holidays[b]));
	for (int b = 0; b < COUNT(la_inset); b++)
		set_closed(c->open, index_of(d, &la_inset[b]));
	for (int i = 0; i < DEMO_DAYS; i++)
		if (c->term[i])
			c->term_days[n++] = i;
	c->nr_term_days = n;
	for (int i = DEMO_DAYS - 1, k = n; i >= 0; i--) {
		k -= c->term[i];
		c->term_pos[i] = k < n ? k : -1;
	}
	for (int i = DEMO_DAYS - 1, k = 0; i >= 0; i--) {
		c->recent[i] = -1;
		if (i <= d->last && c->open[i])
			c->recent[i] = (int16_t)(k < 32767 ? k++ : k);
	}
}

/* Three INSET days: one shared by the area's schools, two of its own. */
void demo_calendar_school(struct demo *d, struct demo_school *s, int index)
{
	(void)index;
	memcpy(s->open, d->cal.open, sizeof(s->open));
	for (int y = 0; y < DEMO_YEARS; y++) {
		int pick[12], shared = (s->area * 5 + y * 7) % 12;

		for (int k = 0; k < 12; k++)
			pick[k] = k;
		pick[shared] = pick[11];
		pick[11] = shared;
		for (int k = 0; k < 2; k++) {
			int j = k + demo_below(&d->rng, 11 - k), t = pick[k];
			pick[k] = pick[j];
			pick[j] = t;
		}
		s->inset[y][0] = index_of(d, &inset_choices[y][shared]);
		s->inset[y][1] = index_of(d, &inset_choices[y][pick[0]]);
		s->inset[y][2] = index_of(d, &inset_choices[y][pick[1]]);
		for (int k = 0; k < 3; k++)
			set_closed(s->open, s->inset[y][k]);
	}
	if (s->closure >= 0)
		set_closed(s->open, s->closure);
}

int demo_next_school_day(const struct demo *d, int i)
{
	for (; i >= 0 && i < DEMO_DAYS; i++)
		if (d->cal.open[i])
			return i;
	return -1;
}

int demo_random_school_day(struct demo *d, int from, int to)
{
	const struct demo_calendar *c = &d->cal;
	int a, b;

	if (from < 0)
		from = 0;
	if (to >= DEMO_DAYS)
		to = DEMO_DAYS - 1;
	if (from > to || (a = c->term_pos[from]) < 0)
		return -1;
	b = to + 1 < DEMO_DAYS ? c->term_pos[to + 1] : -1;
	if (b < 0)
		b = c->nr_term_days;
	if (a >= b)
		return -1;
	for (int tries = 0; tries < 20; tries++) {
		int i = c->term_days[a + demo_below(&d->rng, b - a)];
		if (c->open[i])
			return i;
	}
	return -1;
}

int demo_polling_day(const struct demo *d)
{
	return index_of(d, &polling_day);
}

static void add_row(struct demo_out *out, const struct demo *d, int32_t urn,
		    int from, int to, enum calendar_kind kind, const char *label)
{
	char a[11], b[11];

	date_format(demo_day(&d->cal, from), a);
	date_format(demo_day(&d->cal, to), b);
	if (urn)
		demo_out_addf(out, "%06d", (int)urn);
	demo_out_addf(out, ",%s,%s,%s,", a, b, calendar_kind_name(kind));
	demo_out_field(out, label, '\n');
}

int demo_write_calendar(struct demo *d, struct strbuf *files, struct error *e)
{
	struct demo_out out;

	if (demo_out_open(&out, d, "calendar.csv", files, e))
		return -1;
	demo_out_addstr(&out, "urn,from,to,kind,label\n");
	for (int h = 0; h < DEMO_HALF_TERMS; h++)
		add_row(&out, d, 0, d->cal.half_start[h], d->cal.half_end[h],
			CALENDAR_TERM, half_terms[h].from.label);
	for (int b = 0; b < COUNT(bank_holidays); b++)
		add_row(&out, d, 0, index_of(d, &bank_holidays[b]),
			index_of(d, &bank_holidays[b]), CALENDAR_BANK_HOLIDAY,
			bank_holidays[b].label);
	for (int b = 0; b < COUNT(la_inset); b += 2)
		add_row(&out, d, 0, index_of(d, &la_inset[b]),
			index_of(d, &la_inset[b + 1]), CALENDAR_INSET,
			"INSET (all schools)");
	for (int s = 0; s < d->nr_schools; s++) {
		const struct demo_school *sc = &d->schools[s];

		for (int y = 0; y < DEMO_YEARS; y++)
			for (int k = 0; k < 3; k++)
				add_row(&out, d, sc->urn, sc->inset[y][k],
					sc->inset[y][k], CALENDAR_INSET, "INSET");
		if (sc->closure >= 0)
			add_row(&out, d, sc->urn, sc->closure, sc->closure,
				CALENDAR_CLOSURE, polling_day.label);
	}
	return demo_out_close(&out, e);
}
