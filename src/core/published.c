#include "core/published.h"

#include <string.h>

#include "core/calendar.h"

static const struct {
	const char *key, *label;
	const char *identifiers[3];	/* as published, compared in any case */
} spans[SPAN_COUNT] = {
	[SPAN_YEAR] = { "year", "full year",
		{ "Academic year", "Full academic year", NULL } },
	[SPAN_AUTUMN_SPRING] = { "autumn_spring", "autumn and spring terms",
		{ "Autumn and spring term", "Autumn and spring terms", NULL } },
	[SPAN_AUTUMN] = { "autumn", "autumn term", { "Autumn term", NULL } },
	[SPAN_SPRING] = { "spring", "spring term", { "Spring term", NULL } },
	[SPAN_SUMMER] = { "summer", "summer term", { "Summer term", NULL } },
};

static bool same_text(const char *s, size_t len, const char *word)
{
	if (strlen(word) != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		char a = s[i], b = word[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

int published_span_parse(const char *s, size_t len)
{
	for (int k = 0; k < SPAN_COUNT; k++)
		for (int i = 0; spans[k].identifiers[i]; i++)
			if (same_text(s, len, spans[k].identifiers[i]))
				return k;
	return -1;
}

const char *published_span_key(enum published_span s)
{
	return spans[s].key;
}

int published_span_from_key(const char *key)
{
	for (int k = 0; k < SPAN_COUNT; k++)
		if (!strcmp(key, spans[k].key))
			return k;
	return -1;
}

const char *published_span_label(enum published_span s)
{
	return spans[s].label;
}

void published_span_days(int year, enum published_span s, day_t *from,
			 day_t *to)
{
	day_t easter = easter_sunday(year + 1);

	*from = academic_year_start(year);
	*to = academic_year_end(year);
	switch (s) {
	case SPAN_AUTUMN:
		*to = date_from_ymd(year, 12, 31);
		break;
	case SPAN_AUTUMN_SPRING:
		*to = easter;
		break;
	case SPAN_SPRING:
		*from = date_from_ymd(year + 1, 1, 1);
		*to = easter;
		break;
	case SPAN_SUMMER:
		*from = easter + 1;
		break;
	default:
		break;
	}
}

bool published_span_complete(int year, enum published_span s, day_t latest,
			     day_t today)
{
	day_t from, to;

	published_span_days(year, s, &from, &to);
	return latest > to || (today > to && latest > to - SPAN_END_SLACK);
}

enum school_scope school_scope_of(enum phase p, const char *type)
{
	if (type && !strcmp(type, "independent"))
		return SCOPE_NONE;
	if (p == PHASE_AP || (type && !strcmp(type, "pru_ap")))
		return SCOPE_AP;
	return SCOPE_TOTAL;
}

const char *published_school_type(const char *s, size_t len)
{
	static const char *const names[][2] = {
		{ "Total", "total" }, { "State-funded total", "total" },
		{ "State-funded primary", "primary" },
		{ "State-funded secondary", "secondary" },
		{ "Special", "special" }, { "State-funded special", "special" },
		{ "State-funded AP school", "ap" },
		{ "State-funded alternative provision", "ap" },
		{ "Pupil referral unit", "ap" }, { "Alternative provision", "ap" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (same_text(s, len, names[i][0]))
			return names[i][1];
	return NULL;
}

int64_t published_hundredths(const char *s, size_t len)
{
	int64_t whole = 0, frac = 0, scale = 1;
	size_t i = 0, digits = 0, decimals = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		if ((whole = whole * 10 + (s[i] - '0')) > 100)
			return -1;
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (++decimals > 6)
				return -1;
			frac = frac * 10 + (s[i] - '0');
			scale *= 10;
		}
		if (!decimals)
			return -1;
	}
	if (i != len || !digits)
		return -1;
	/* hundredths, half up: (whole + frac / scale) * 100 */
	frac = (frac * 100 * 2 + scale) / (2 * scale);
	whole = whole * 100 + frac;
	return whole > 10000 ? -1 : whole;
}

void published_rank(const int64_t *others, size_t n, bool ours_known,
		    int64_t ours, int *rank, int *of)
{
	*rank = 0;
	*of = (int)n;
	if (!ours_known)
		return;
	*rank = 1;
	for (size_t i = 0; i < n; i++)
		*rank += others[i] < ours;
	(*of)++;
}
