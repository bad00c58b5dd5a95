/*
 * Fuzzes the parsers of single values: date_parse, code_parse and
 * code_find, upn_valid, and the roll attributes of core/roll.h.  The input
 * is split at line feeds; each piece is copied into a buffer of exactly
 * its length (so a read past the end is caught) and given to every
 * parser.  Where the answer can be worked out another, simpler way it is,
 * and the two must agree; what a parser accepts must format back to the
 * same text (letters in any case) and parse again to the same value.
 *
 *   make fuzz && build/fuzz/fuzz-fields -dict=fuzz/fields.dict fuzz/corpus/fields
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/code.h"
#include "core/date.h"
#include "core/roll.h"
#include "core/upn.h"
#include "fuzz.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

static bool same_text(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !strncasecmp(s, word, len);
}

/* ---- dates --------------------------------------------------------------- */

static int two_digits_at(const char *s, int i)
{
	if (s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9')
		return -1;
	return (s[i] - '0') * 10 + (s[i + 1] - '0');
}

/* YYYY-MM-DD in 1900..2099, worked out without core/date.c. */
static bool oracle_date(const char *s, size_t len)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int hi, lo, y, m, d, leap;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	hi = two_digits_at(s, 0);
	lo = two_digits_at(s, 2);
	m = two_digits_at(s, 5);
	d = two_digits_at(s, 8);
	if (hi < 0 || lo < 0 || m < 1 || m > 12 || d < 1)
		return false;
	y = hi * 100 + lo;
	if (y < 1900 || y > 2099)
		return false;
	leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
	return d <= days[m - 1] + (m == 2 && leap);
}

static void check_date(const char *s, size_t len)
{
	day_t day = 12345, again;
	char out[11];
	int y, m, d;

	if (date_parse(s, len, &day)) {
		check(!oracle_date(s, len));
		check(day == 12345);	/* untouched on failure */
		return;
	}
	check(oracle_date(s, len));
	date_format(day, out);
	check(len == 10 && !memcmp(out, s, 10) && out[10] == '\0');
	date_to_ymd(day, &y, &m, &d);
	check(date_valid_ymd(y, m, d) && date_from_ymd(y, m, d) == day);
	check(!date_parse(out, 10, &again) && again == day);
	check(date_weekday(day) >= 0 && date_weekday(day) <= 6);
	check(date_weekday(day) == (int)(((day % 7) + 7 + 3) % 7));	/* 1970-01-01 a Thursday */
	check(date_monday(day) <= day && day - date_monday(day) < 7 &&
	      date_weekday(date_monday(day)) == 0);
}

/* ---- register codes ------------------------------------------------------ */

/* The mark whose code is s (letters in any case), by a linear search. */
static mark_t oracle_code(const char *s, size_t len)
{
	for (size_t m = 1; m < code_count; m++)
		if (same_text(s, len, code_table[m].code))
			return (mark_t)m;
	return MARK_MISSING;
}

static void check_code(const char *s, size_t len)
{
	static const int dates[][3] = {
		{ 2000, 8, 1 }, { 2023, 9, 4 }, { 2024, 8, 18 }, { 2024, 8, 19 },
		{ 2024, 9, 2 }, { 2098, 7, 31 },
	};
	mark_t any = code_find(s, len);
	day_t change = code_change_day();

	check(any == oracle_code(s, len));
	check(any < code_count);
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		day_t day = date_from_ymd(dates[i][0], dates[i][1], dates[i][2]);
		const char *why = NULL;
		mark_t m = code_parse(s, len, day, &why);
		const struct code_info *c = mark_info(any);

		if (m == MARK_MISSING) {
			check(why && why[0]);
			check(any == MARK_MISSING ||
			      (c->era == CODE_ERA_2024 && day < change) ||
			      (c->era == CODE_ERA_LEGACY && day >= change));
			continue;
		}
		check(m == any);
		check(same_text(s, len, c->code));
		check(c->era == CODE_ERA_ALL ||
		      (c->era == CODE_ERA_2024 && day >= change) ||
		      (c->era == CODE_ERA_LEGACY && day < change));
		check(mark_category(m) > CATEGORY_MISSING &&
		      mark_category(m) < CATEGORY_COUNT);
		check(mark_category_first[mark_category(m)] <= m &&
		      m < mark_category_first[mark_category(m) + 1]);
		/* Its 2024 equivalent is a code in force from that day. */
		check(code_parse(c->equivalent, strlen(c->equivalent), change,
				 &why) != MARK_MISSING);
	}
}

/* ---- UPNs ---------------------------------------------------------------- */

static int letter_index(char c)
{
	const char *p = c ? strchr(UPN_LETTERS, c) : NULL;

	return p ? (int)(p - UPN_LETTERS) : -1;
}

/* The DfE check letter, computed here, or 0 if characters 2-13 are bad. */
static char oracle_check_letter(const char *s)
{
	int sum = 0;

	for (int i = 1; i < UPN_LEN; i++) {
		int v;

		if (s[i] >= '0' && s[i] <= '9')
			v = s[i] - '0';
		else if (i == UPN_LEN - 1 && letter_index(s[i]) >= 0)
			v = letter_index(s[i]);
		else
			return 0;
		sum += v * (i + 1);
	}
	return UPN_LETTERS[sum % 23];
}

static void check_upn(const char *s, size_t len)
{
	const char *why = NULL;
	bool valid = upn_valid(s, len, &why);
	bool want = len == UPN_LEN && oracle_check_letter(s) &&
		    oracle_check_letter(s) == s[0];

	check(valid == want);
	check(upn_valid(s, len, NULL) == valid);
	if (!valid) {
		check(why && why[0]);
		return;
	}
	check(upn_check_letter(s + 1) == s[0]);
	check(letter_index(s[0]) >= 0);
}

/* ---- roll attributes ----------------------------------------------------- */

static void check_roll(const char *s, size_t len)
{
	enum sex sex, sex2;
	enum flag flag, flag2;
	enum sen sen, sen2;
	enum social_care care, care2;
	int yg, yg2, phase;
	const char *code;
	char buf[4];

	if (!sex_parse(s, len, &sex)) {
		code = sex_code(sex);
		check(len ? same_text(s, len, code) : sex == SEX_UNKNOWN);
		check(!sex_parse(code, strlen(code), &sex2) && sex2 == sex);
	}
	if (!flag_parse(s, len, &flag)) {
		code = flag_code(flag);
		check(flag != FLAG_UNKNOWN || len == 0);
		check(!flag_parse(code, strlen(code), &flag2) && flag2 == flag);
	}
	if (!sen_parse(s, len, &sen)) {
		code = sen_code(sen);
		check(len ? same_text(s, len, code) : sen == SEN_UNKNOWN);
		check(!sen_parse(code, strlen(code), &sen2) && sen2 == sen);
	}
	if (!social_care_parse(s, len, &care)) {
		code = social_care_code(care);
		check(same_text(s, len, code));
		check(!social_care_parse(code, strlen(code), &care2) &&
		      care2 == care);
	}
	if (!year_group_parse(s, len, &yg)) {
		check((yg >= -2 && yg <= 14) || yg == YEAR_GROUP_UNKNOWN);
		check((yg == YEAR_GROUP_UNKNOWN) == (len == 0));
		code = year_group_format(yg, buf);
		check(code == buf && strlen(buf) < sizeof(buf));
		check(!year_group_parse(buf, strlen(buf), &yg2) && yg2 == yg);
	}
	phase = phase_parse(s, len);
	if (phase >= 0) {
		check(phase < PHASE_COUNT);
		check(same_text(s, len, phase_name((enum phase)phase)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p <= end) {
		const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		size_t len = (size_t)((nl ? nl : end) - p);
		char *s = malloc(len ? len : 1);

		if (!s)
			abort();
		memcpy(s, p, len);
		check_date(s, len);
		check_code(s, len);
		check_upn(s, len);
		check_roll(s, len);
		free(s);
		p += len + 1;
	}
	return 0;
}
