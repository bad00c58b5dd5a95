/*
 * The pupils CSV values (docs/methodology.md, "Cohorts"): sex, yes/no flags,
 * SEN, social care, year group and school phase, parsed and written back.
 */
#include <string.h>

#include "core/roll.h"
#include "tap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Each parser's result for one text: rc 0 and the value, or rc -1. */
struct parse_case {
	const char *text;
	int rc;
	int value;
};

#define SENTINEL 777

static void test_sex(void)
{
	static const struct parse_case cases[] = {
		{ "M", 0, SEX_MALE }, { "F", 0, SEX_FEMALE },
		{ "m", 0, SEX_MALE }, { "f", 0, SEX_FEMALE },
		{ "", 0, SEX_UNKNOWN },
		{ "X", -1, 0 }, { "Male", -1, 0 }, { "MF", -1, 0 }, { " M", -1, 0 },
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		enum sex v = (enum sex)SENTINEL;
		int rc = sex_parse(cases[i].text, strlen(cases[i].text), &v);

		is_int(rc, cases[i].rc, "sex '%s' %s", cases[i].text,
		       cases[i].rc ? "is refused" : "is accepted");
		if (!cases[i].rc)
			is_int(v, cases[i].value, "sex '%s' reads as %d", cases[i].text,
			       cases[i].value);
	}
	is_str(sex_code(SEX_MALE), "M", "sex_code(male) is M");
	is_str(sex_code(SEX_FEMALE), "F", "sex_code(female) is F");
	is_str(sex_code(SEX_UNKNOWN), "", "sex_code(unknown) is empty");
}

static void test_flags(void)
{
	static const struct parse_case cases[] = {
		{ "Y", 0, FLAG_YES }, { "y", 0, FLAG_YES }, { "1", 0, FLAG_YES },
		{ "true", 0, FLAG_YES }, { "TRUE", 0, FLAG_YES }, { "True", 0, FLAG_YES },
		{ "N", 0, FLAG_NO }, { "n", 0, FLAG_NO }, { "0", 0, FLAG_NO },
		{ "false", 0, FLAG_NO }, { "FALSE", 0, FLAG_NO }, { "fAlSe", 0, FLAG_NO },
		{ "", 0, FLAG_UNKNOWN },	/* an empty cell means unknown */
		{ "2", -1, 0 }, { "T", -1, 0 }, { "F", -1, 0 }, { "ye", -1, 0 },
		{ "tru", -1, 0 }, { "truex", -1, 0 }, { " Y", -1, 0 }, { "00", -1, 0 },
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		enum flag v = (enum flag)SENTINEL;
		int rc = flag_parse(cases[i].text, strlen(cases[i].text), &v);

		is_int(rc, cases[i].rc, "flag '%s' %s", cases[i].text,
		       cases[i].rc ? "is refused" : "is accepted");
		if (!cases[i].rc)
			is_int(v, cases[i].value, "flag '%s' reads as %d", cases[i].text,
			       cases[i].value);
	}
	is_str(flag_code(FLAG_YES), "Y", "flag_code(yes) is Y");
	is_str(flag_code(FLAG_NO), "N", "flag_code(no) is N");
	is_str(flag_code(FLAG_UNKNOWN), "", "flag_code(unknown) is empty");
}

static void test_sen(void)
{
	static const struct parse_case cases[] = {
		{ "N", 0, SEN_NONE }, { "K", 0, SEN_SUPPORT }, { "E", 0, SEN_EHCP },
		{ "k", 0, SEN_SUPPORT }, { "e", 0, SEN_EHCP },
		{ "", 0, SEN_UNKNOWN },
		{ "S", -1, 0 }, { "EHCP", -1, 0 }, { "KE", -1, 0 }, { "Y", -1, 0 },
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		enum sen v = (enum sen)SENTINEL;
		int rc = sen_parse(cases[i].text, strlen(cases[i].text), &v);

		is_int(rc, cases[i].rc, "sen '%s' %s", cases[i].text,
		       cases[i].rc ? "is refused" : "is accepted");
		if (!cases[i].rc)
			is_int(v, cases[i].value, "sen '%s' reads as %d", cases[i].text,
			       cases[i].value);
	}
	is_str(sen_code(SEN_NONE), "N", "sen_code(none) is N");
	is_str(sen_code(SEN_SUPPORT), "K", "sen_code(SEN support) is K");
	is_str(sen_code(SEN_EHCP), "E", "sen_code(EHCP) is E");
	is_str(sen_code(SEN_UNKNOWN), "", "sen_code(unknown) is empty");
}

static void test_social_care(void)
{
	/*
	 * docs/methodology.md lists social_care values as empty, CIN, CP or CLA: the
	 * empty value is one of the four, "no social care status", so it
	 * reads as CARE_NONE rather than unknown.
	 */
	static const struct parse_case cases[] = {
		{ "", 0, CARE_NONE }, { "CIN", 0, CARE_CIN }, { "CP", 0, CARE_CP },
		{ "CLA", 0, CARE_CLA }, { "cin", 0, CARE_CIN }, { "cla", 0, CARE_CLA },
		{ "C", -1, 0 }, { "CI", -1, 0 }, { "CINX", -1, 0 }, { "LAC", -1, 0 },
		{ "N", -1, 0 }, { "CP ", -1, 0 },
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		enum social_care v = (enum social_care)SENTINEL;
		int rc = social_care_parse(cases[i].text, strlen(cases[i].text), &v);

		is_int(rc, cases[i].rc, "social_care '%s' %s", cases[i].text,
		       cases[i].rc ? "is refused" : "is accepted");
		if (!cases[i].rc)
			is_int(v, cases[i].value, "social_care '%s' reads as %d",
			       cases[i].text, cases[i].value);
	}
	is_str(social_care_code(CARE_CIN), "CIN", "social_care_code(CIN)");
	is_str(social_care_code(CARE_CP), "CP", "social_care_code(CP)");
	is_str(social_care_code(CARE_CLA), "CLA", "social_care_code(CLA)");
	is_str(social_care_code(CARE_NONE), "", "social_care_code(none) is empty");
	is_str(social_care_code(CARE_UNKNOWN), "", "social_care_code(unknown) is empty");
}

static void test_year_group(void)
{
	/* N1, N2, R, 1..14 are -2, -1, 0, 1..14; empty is unknown (99). */
	static const struct parse_case cases[] = {
		{ "N1", 0, -2 }, { "N2", 0, -1 }, { "R", 0, 0 },
		{ "n1", 0, -2 }, { "n2", 0, -1 }, { "r", 0, 0 },
		{ "1", 0, 1 }, { "6", 0, 6 }, { "7", 0, 7 }, { "11", 0, 11 },
		{ "13", 0, 13 }, { "14", 0, 14 },
		/* A leading zero is read as the number: "07" is year 7. */
		{ "07", 0, 7 }, { "01", 0, 1 },
		{ "", 0, YEAR_GROUP_UNKNOWN },
		{ "0", -1, 0 }, { "00", -1, 0 }, { "15", -1, 0 }, { "99", -1, 0 },
		{ "007", -1, 0 }, { "N3", -1, 0 }, { "N", -1, 0 }, { "RR", -1, 0 },
		{ "-1", -1, 0 }, { " 7", -1, 0 }, { "7a", -1, 0 }, { "Y7", -1, 0 },
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		int v = SENTINEL;
		int rc = year_group_parse(cases[i].text, strlen(cases[i].text), &v);

		is_int(rc, cases[i].rc, "year group '%s' %s", cases[i].text,
		       cases[i].rc ? "is refused" : "is accepted");
		if (!cases[i].rc)
			is_int(v, cases[i].value, "year group '%s' is stored as %d",
			       cases[i].text, cases[i].value);
		else
			is_int(v, SENTINEL, "refusing year group '%s' leaves the output",
			       cases[i].text);
	}

	static const struct {
		int year_group;
		const char *text;
	} out[] = {
		{ -2, "N1" }, { -1, "N2" }, { 0, "R" }, { 1, "1" }, { 7, "7" },
		{ 14, "14" }, { 15, "" }, { -3, "" }, { YEAR_GROUP_UNKNOWN, "" },
	};
	for (size_t i = 0; i < COUNT(out); i++) {
		char buf[4] = "xyz";

		is_str(year_group_format(out[i].year_group, buf), out[i].text,
		       "year group %d is written '%s'", out[i].year_group, out[i].text);
	}
}

static void test_phase(void)
{
	static const char *const names[] = { "primary", "secondary", "special", "ap" };

	for (int p = 0; p < PHASE_COUNT; p++) {
		is_str(phase_name((enum phase)p), names[p], "phase %d is named %s", p,
		       names[p]);
		is_int(phase_parse(names[p], strlen(names[p])), p, "phase '%s' parses",
		       names[p]);
	}
	is_int(phase_parse("Primary", 7), PHASE_PRIMARY, "phase names ignore case");
	is_int(phase_parse("AP", 2), PHASE_AP, "AP in capitals is alternative provision");
	is_int(phase_parse("nursery", 7), -1, "an unknown phase is -1");
	is_int(phase_parse("", 0), -1, "an empty phase is -1");
	is_int(phase_parse("prim", 4), -1, "a prefix of a phase is -1");
	is_int(phase_parse("primary school", 7), PHASE_PRIMARY, "only len bytes are read");
	is_str(phase_name(PHASE_COUNT), "?", "no phase is named ?");
}

int main(void)
{
	test_sex();
	test_flags();
	test_sen();
	test_social_care();
	test_year_group();
	test_phase();
	return tap_done();
}
