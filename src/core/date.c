#include "core/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
day_t date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (day_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(day_t day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (mm <= 2);
	*m = mm;
	*d = dd;
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool date_valid_ymd(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap_year(y));
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s, size_t len, day_t *out)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid_ymd(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

void date_long(day_t day, char out[24])
{
	static const char *const months[12] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	snprintf(out, 24, "%d %s %d", d, months[(m - 1) % 12], y % 10000);
}

void date_format(day_t day, char out[11])
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	y = y < 0 ? 0 : y % 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int date_weekday(day_t day)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	int w = (day + 3) % 7;
	return w < 0 ? w + 7 : w;
}

day_t date_monday(day_t day)
{
	return day - date_weekday(day);
}

day_t date_today(void)
{
	const char *fake = getenv("ATTEND_TODAY");
	day_t day;
	time_t now;
	struct tm tm;

	if (fake && !date_parse(fake, strlen(fake), &day))
		return day;
	now = time(NULL);
	localtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int academic_year_of(day_t day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return m >= 8 ? y : y - 1;
}

day_t academic_year_start(int year)
{
	return date_from_ymd(year, 8, 1);
}

day_t academic_year_end(int year)
{
	return date_from_ymd(year + 1, 7, 31);
}

int academic_year_slots(int year)
{
	return 2 * (academic_year_end(year) - academic_year_start(year) + 1);
}

int session_slot(day_t day, enum session s)
{
	return 2 * (day - academic_year_start(academic_year_of(day))) + (int)s;
}

day_t slot_day(int year, int slot)
{
	return academic_year_start(year) + slot / 2;
}

enum session slot_session(int slot)
{
	return (slot & 1) ? SESSION_PM : SESSION_AM;
}

void academic_year_name(int year, char out[8])
{
	snprintf(out, 8, "%04u/%02u", (unsigned)year % 10000,
		 (unsigned)(year + 1) % 100);
}

int age_on(day_t dob, day_t on)
{
	int by, bm, bd, y, m, d, age;

	date_to_ymd(dob, &by, &bm, &bd);
	date_to_ymd(on, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

bool compulsory_school_age(day_t dob, int year)
{
	int age = age_on(dob, date_from_ymd(year, 8, 31));
	return age >= 5 && age <= 15;
}

const char *date_words(day_t day, char out[DATE_WORDS_MAX])
{
	static const char *const months[12] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	snprintf(out, DATE_WORDS_MAX, "%d %s %d", d, months[(m - 1) % 12], y);
	return out;
}

/* The birthday of dob in year y (29 February: 1 March when y has none). */
static day_t birthday_in(day_t dob, int y)
{
	int by, bm, bd;

	date_to_ymd(dob, &by, &bm, &bd);
	if (bm == 2 && bd == 29 && !date_valid_ymd(y, 2, 29))
		return date_from_ymd(y, 3, 1);
	return date_from_ymd(y, bm, bd);
}

day_t school_age_begins(day_t dob)
{
	int by, bm, bd, y, m, d;
	day_t fifth;

	date_to_ymd(dob, &by, &bm, &bd);
	fifth = birthday_in(dob, by + 5);
	date_to_ymd(fifth, &y, &m, &d);
	/* the prescribed days in a calendar year: 31 March, 31 August, 31 December */
	if (m <= 3)
		return date_from_ymd(y, 3, 31);
	if (m <= 8)
		return date_from_ymd(y, 8, 31);
	return date_from_ymd(y, 12, 31);
}

day_t school_age_ends(day_t dob)
{
	int y, m, d;
	day_t june30;

	date_to_ymd(dob, &y, &m, &d);
	y += 16;
	if (m >= 9)	/* turns 16 in the autumn: the school year ends next June */
		y++;
	june30 = date_from_ymd(y, 6, 30);
	/* back from 30 June to a Friday (weekday 4) */
	return june30 - (date_weekday(june30) - 4 + 7) % 7;
}

bool school_age_compulsory_on(day_t dob, day_t on)
{
	return on >= school_age_begins(dob) && on <= school_age_ends(dob);
}
