/*
 * The register code table (docs/methodology.md): every code's
 * category, the 19 August 2024 change, case, bad input, and the ordering
 * that measure.c relies on.  Expectations are written out by hand from
 * docs/methodology.md, never read back from code_table[].
 */
#include <string.h>

#include "core/code.h"
#include "core/date.h"
#include "tap.h"

struct expect {
	const char *code;
	enum mark_category category;
};

/* Every code in force since 19 August 2024 (docs/methodology.md). */
static const struct expect codes_2024[] = {
	/* present: attendance */
	{ "/", CATEGORY_PRESENT }, { "\\", CATEGORY_PRESENT }, { "L", CATEGORY_PRESENT },
	/* attending a place other than the school: attendance */
	{ "K", CATEGORY_APPROVED }, { "V", CATEGORY_APPROVED }, { "P", CATEGORY_APPROVED },
	{ "W", CATEGORY_APPROVED }, { "B", CATEGORY_APPROVED },
	/* leave of absence: authorised */
	{ "C1", CATEGORY_AUTHORISED }, { "M", CATEGORY_AUTHORISED },
	{ "J1", CATEGORY_AUTHORISED }, { "S", CATEGORY_AUTHORISED },
	{ "C2", CATEGORY_AUTHORISED }, { "C", CATEGORY_AUTHORISED },
	/* other authorised */
	{ "E", CATEGORY_AUTHORISED }, { "I", CATEGORY_AUTHORISED },
	{ "T", CATEGORY_AUTHORISED }, { "R", CATEGORY_AUTHORISED },
	/* unauthorised */
	{ "G", CATEGORY_UNAUTHORISED }, { "N", CATEGORY_UNAUTHORISED },
	{ "O", CATEGORY_UNAUTHORISED }, { "U", CATEGORY_UNAUTHORISED },
	/* not a possible session */
	{ "D", CATEGORY_NOT_POSSIBLE }, { "X", CATEGORY_NOT_POSSIBLE },
	{ "Q", CATEGORY_NOT_POSSIBLE }, { "Y1", CATEGORY_NOT_POSSIBLE },
	{ "Y2", CATEGORY_NOT_POSSIBLE }, { "Y3", CATEGORY_NOT_POSSIBLE },
	{ "Y4", CATEGORY_NOT_POSSIBLE }, { "Y5", CATEGORY_NOT_POSSIBLE },
	{ "Y6", CATEGORY_NOT_POSSIBLE }, { "Y7", CATEGORY_NOT_POSSIBLE },
	{ "Z", CATEGORY_NOT_POSSIBLE }, { "#", CATEGORY_NOT_POSSIBLE },
};
#define NR_2024 (sizeof(codes_2024) / sizeof(codes_2024[0]))

/* Introduced on 19 August 2024: refused on earlier dates. */
static const char *const only_2024[] = {
	"K", "C1", "C2", "J1", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7",
};

/* Withdrawn on 19 August 2024, with their category then and equivalent. */
static const struct {
	const char *code;
	enum mark_category category;
	const char *equivalent;
} legacy[] = {
	{ "H", CATEGORY_AUTHORISED, "C" },
	{ "F", CATEGORY_AUTHORISED, "C" },
	{ "J", CATEGORY_APPROVED, "J1" },
	{ "Y", CATEGORY_NOT_POSSIBLE, "Y7" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static day_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* Parses s on day; returns the mark (MARK_MISSING if refused) and *why. */
static mark_t parse(const char *s, day_t day, const char **why)
{
	*why = NULL;
	return code_parse(s, strlen(s), day, why);
}

static int is_2024_only(const char *code)
{
	for (size_t i = 0; i < COUNT(only_2024); i++)
		if (!strcmp(only_2024[i], code))
			return 1;
	return 0;
}

static void test_codes_2024(void)
{
	day_t after = ymd(2024, 9, 2), before = ymd(2023, 9, 4);

	for (size_t i = 0; i < NR_2024; i++) {
		const char *c = codes_2024[i].code, *why;
		mark_t m = parse(c, after, &why);

		ok(m != MARK_MISSING, "code %s is accepted on 2024-09-02", c);
		is_int(mark_category(m), codes_2024[i].category,
		       "code %s is %s", c, category_name(codes_2024[i].category));
		is_str(mark_info(m)->code, c, "code %s keeps its own entry", c);
		is_str(mark_info(m)->equivalent, c,
		       "code %s is its own 2024 equivalent", c);
		if (is_2024_only(c))
			continue;
		/* Codes in force before and after the change. */
		m = parse(c, before, &why);
		is_int(mark_category(m), codes_2024[i].category,
		       "code %s is accepted with the same category in 2023", c);
	}
}

static void test_legacy_codes(void)
{
	day_t in_2023 = ymd(2023, 9, 4), last_day = ymd(2024, 8, 18);
	day_t change = ymd(2024, 8, 19), later = ymd(2025, 1, 6);

	is_int(code_change_day(), change, "the codes change on 2024-08-19");
	for (size_t i = 0; i < COUNT(legacy); i++) {
		const char *c = legacy[i].code, *why;
		mark_t m = parse(c, in_2023, &why);

		is_int(mark_category(m), legacy[i].category,
		       "legacy %s on a 2023 date is %s", c,
		       category_name(legacy[i].category));
		is_str(mark_info(m)->code, c, "legacy %s is kept as recorded", c);
		is_str(mark_info(m)->equivalent, legacy[i].equivalent,
		       "legacy %s shows its 2024 equivalent %s", c,
		       legacy[i].equivalent);
		ok(parse(c, last_day, &why) == m,
		   "legacy %s is still accepted on 2024-08-18", c);
		is_int(parse(c, change, &why), MARK_MISSING,
		       "legacy %s is refused on 2024-08-19", c);
		ok(why && strstr(why, "19 August 2024"),
		   "refusing legacy %s says it was withdrawn on 19 August 2024", c);
		is_int(parse(c, later, &why), MARK_MISSING,
		       "legacy %s is refused in 2025", c);
	}
}

static void test_2024_codes_refused_before(void)
{
	day_t in_2023 = ymd(2023, 9, 4), last_day = ymd(2024, 8, 18);
	day_t change = ymd(2024, 8, 19);

	for (size_t i = 0; i < COUNT(only_2024); i++) {
		const char *c = only_2024[i], *why;

		is_int(parse(c, in_2023, &why), MARK_MISSING,
		       "2024 code %s is refused on a 2023 date", c);
		ok(why && strstr(why, "19 August 2024"),
		   "refusing %s in 2023 says it starts on 19 August 2024", c);
		is_int(parse(c, last_day, &why), MARK_MISSING,
		       "2024 code %s is refused on 2024-08-18", c);
		ok(parse(c, change, &why) != MARK_MISSING,
		   "2024 code %s is accepted on 2024-08-19", c);
	}
}

static void test_case_and_bad_input(void)
{
	static const char *const lower[][2] = {
		{ "l", "L" }, { "c1", "C1" }, { "y7", "Y7" }, { "j1", "J1" },
		{ "k", "K" }, { "g", "G" }, { "n", "N" }, { "i", "I" },
	};
	static const char *const unknown[] = {
		"A", "Y8", "Y0", "C3", "Z1", "D1", "//", "L ", " L", "1", "?",
		"\xc3\xa9",	/* e acute in UTF-8 */
	};
	day_t day = ymd(2024, 9, 2);
	const char *why;

	for (size_t i = 0; i < COUNT(lower); i++)
		is_str(mark_info(parse(lower[i][0], day, &why))->code, lower[i][1],
		       "lower-case %s is read as %s", lower[i][0], lower[i][1]);
	is_str(mark_info(parse("h", ymd(2023, 9, 4), &why))->code, "H",
	       "lower-case legacy h is read as H on a 2023 date");
	for (size_t i = 0; i < COUNT(unknown); i++) {
		is_int(parse(unknown[i], day, &why), MARK_MISSING,
		       "unknown code '%s' is refused", unknown[i]);
		is_str(why, "unknown register code",
		       "refusing '%s' says the code is unknown", unknown[i]);
	}
	is_int(parse("", day, &why), MARK_MISSING, "an empty code is refused");
	is_str(why, "empty code", "refusing an empty code says it is empty");
	is_int(parse("C12", day, &why), MARK_MISSING, "a 3-character code is refused");
	is_int(parse("Y71", day, &why), MARK_MISSING, "Y71 is refused, not read as Y7");
	/* The length is honoured, not a NUL: "C1" cut to one byte is C. */
	is_str(mark_info(code_parse("C1", 1, day, &why))->code, "C",
	       "code_parse reads only len bytes");
	is_int(code_find("/", 0), MARK_MISSING, "code_find of nothing is missing");
}

static void test_table_order(void)
{
	int seen[CATEGORY_COUNT] = { 0 };

	/*
	 * Hand count of docs/methodology.md's tables, the legacy codes included:
	 * missing 1, not possible 12 (D X Q Y1-Y7 Z #) + Y = 13,
	 * present 3, approved 5 + J = 6, authorised 10 + H F = 12,
	 * unauthorised 4: 1 + 13 + 3 + 6 + 12 + 4 = 39 entries.
	 */
	static const int size[CATEGORY_COUNT] = { 1, 13, 3, 6, 12, 4 };

	is_int(code_count, 39, "the table holds 39 entries, missing included");
	is_int(mark_category_first[0], 0, "the missing range starts at byte 0");
	is_int(mark_category_first[CATEGORY_COUNT], code_count,
	       "the last range ends at the end of the table");
	for (int c = 0; c < CATEGORY_COUNT; c++)
		is_int(mark_category_first[c + 1] - mark_category_first[c], size[c],
		       "the %s range holds %d codes", category_name((enum mark_category)c),
		       size[c]);
	for (size_t m = 0; m < code_count; m++) {
		int c = 0;

		while (c < CATEGORY_COUNT && !(mark_category_first[c] <= m &&
					       m < mark_category_first[c + 1]))
			c++;
		is_int(code_table[m].category, c,
		       "entry %zu (%s) lies in its category's byte range", m,
		       code_table[m].code);
		if (c < CATEGORY_COUNT)
			seen[c]++;
		if (m)
			is_int(code_find(code_table[m].code, strlen(code_table[m].code)),
			       m, "code_find(%s) finds entry %zu", code_table[m].code, m);
	}
	for (int c = 0; c < CATEGORY_COUNT; c++)
		is_int(seen[c], size[c], "%d entries are %s", size[c],
		       category_name((enum mark_category)c));
}

static void test_missing_and_closure(void)
{
	is_int(MARK_MISSING, 0, "mark 0 is the missing mark");
	is_str(code_table[MARK_MISSING].code, "", "mark 0 has no code");
	is_int(mark_category(MARK_MISSING), CATEGORY_MISSING,
	       "mark 0 is in the missing category");
	is_str(code_table[MARK_CLOSURE].code, "#", "MARK_CLOSURE is '#'");
	is_int(code_find("#", 1), MARK_CLOSURE, "'#' is found as MARK_CLOSURE");
	is_int(mark_category(200), CATEGORY_MISSING,
	       "a byte past the table reads as missing");
	is_str(category_name(CATEGORY_PRESENT), "present", "category_name(present)");
	is_str(category_name(CATEGORY_COUNT), "?", "category_name of no category is ?");
}

int main(void)
{
	test_codes_2024();
	test_legacy_codes();
	test_2024_codes_refused_before();
	test_case_and_bad_input();
	test_table_order();
	test_missing_and_closure();
	is_str(code_table[MARK_CLOSURE].code, "#",
	       "MARK_CLOSURE is the table index of '#', the planned closure");
	return tap_done();
}
