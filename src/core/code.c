#include "core/code.h"

#include <pthread.h>
#include <string.h>

/*
 * Keep this table ordered by category: measure.c counts a category as a
 * range of byte values, and the static assertions below check the order.
 */
const struct code_info code_table[] = {
	{ "", CATEGORY_MISSING, CODE_ERA_ALL, "", "No mark recorded" },

	{ "D", CATEGORY_NOT_POSSIBLE, CODE_ERA_ALL, "D", "Dual registered: attending another school" },
	{ "X", CATEGORY_NOT_POSSIBLE, CODE_ERA_ALL, "X", "Not of compulsory school age: not required to attend" },
	{ "Q", CATEGORY_NOT_POSSIBLE, CODE_ERA_2024, "Q", "Unable to attend: LA access arrangements not made" },
	{ "Y1", CATEGORY_NOT_POSSIBLE, CODE_ERA_2024, "Y1", "Unable to attend: transport not available" },
	{ "Y2", CATEGORY_NOT_POSSIBLE, CODE_ERA_2024, "Y2", "Unable to attend: widespread transport disruption" },
	{ "Y3", CATEGORY_NOT_POSSIBLE, CODE_ERA_2024, "Y3", "Unable to attend: part of school premises closed" },
	{ "Y4", CATEGORY_NOT_POSSIBLE, CODE_ERA_2024, "Y4", "Unable to attend: whole school site unexpectedly closed" },
	{ "Y5", CATEGORY_NOT_POSSIBLE, CODE_ERA_2024, "Y5", "Unable to attend: in criminal justice detention" },
	{ "Y6", CATEGORY_NOT_POSSIBLE, CODE_ERA_2024, "Y6", "Unable to attend: public health guidance or law" },
	{ "Y7", CATEGORY_NOT_POSSIBLE, CODE_ERA_2024, "Y7", "Unable to attend: any other exceptional circumstance" },
	{ "Z", CATEGORY_NOT_POSSIBLE, CODE_ERA_ALL, "Z", "Prospective pupil not yet on roll" },
	{ "#", CATEGORY_NOT_POSSIBLE, CODE_ERA_ALL, "#", "Planned whole-school closure" },
	{ "Y", CATEGORY_NOT_POSSIBLE, CODE_ERA_LEGACY, "Y7", "Enforced closure (before August 2024)" },

	{ "/", CATEGORY_PRESENT, CODE_ERA_ALL, "/", "Present (AM)" },
	{ "\\", CATEGORY_PRESENT, CODE_ERA_ALL, "\\", "Present (PM)" },
	{ "L", CATEGORY_PRESENT, CODE_ERA_ALL, "L", "Late, before the register closed" },

	{ "K", CATEGORY_APPROVED, CODE_ERA_2024, "K", "Attending education provision arranged by the LA" },
	{ "V", CATEGORY_APPROVED, CODE_ERA_ALL, "V", "Educational visit or trip" },
	{ "P", CATEGORY_APPROVED, CODE_ERA_ALL, "P", "Approved sporting activity" },
	{ "W", CATEGORY_APPROVED, CODE_ERA_ALL, "W", "Work experience" },
	{ "B", CATEGORY_APPROVED, CODE_ERA_ALL, "B", "Other approved educational activity" },
	{ "J", CATEGORY_APPROVED, CODE_ERA_LEGACY, "J1", "Interview (before August 2024)" },

	{ "C1", CATEGORY_AUTHORISED, CODE_ERA_2024, "C1", "Leave: regulated performance or employment abroad" },
	{ "M", CATEGORY_AUTHORISED, CODE_ERA_ALL, "M", "Leave: medical or dental appointment" },
	{ "J1", CATEGORY_AUTHORISED, CODE_ERA_2024, "J1", "Leave: interview" },
	{ "S", CATEGORY_AUTHORISED, CODE_ERA_ALL, "S", "Leave: study leave" },
	{ "C2", CATEGORY_AUTHORISED, CODE_ERA_2024, "C2", "Leave: part-time timetable" },
	{ "C", CATEGORY_AUTHORISED, CODE_ERA_ALL, "C", "Leave: exceptional circumstances" },
	{ "E", CATEGORY_AUTHORISED, CODE_ERA_ALL, "E", "Suspended or permanently excluded, no provision" },
	{ "I", CATEGORY_AUTHORISED, CODE_ERA_ALL, "I", "Illness" },
	{ "T", CATEGORY_AUTHORISED, CODE_ERA_ALL, "T", "Traveller family travelling" },
	{ "R", CATEGORY_AUTHORISED, CODE_ERA_ALL, "R", "Religious observance" },
	{ "H", CATEGORY_AUTHORISED, CODE_ERA_LEGACY, "C", "Agreed family holiday (before August 2024)" },
	{ "F", CATEGORY_AUTHORISED, CODE_ERA_LEGACY, "C", "Agreed extended family holiday (before August 2024)" },

	{ "G", CATEGORY_UNAUTHORISED, CODE_ERA_ALL, "G", "Holiday not authorised" },
	{ "N", CATEGORY_UNAUTHORISED, CODE_ERA_ALL, "N", "Reason not yet provided" },
	{ "O", CATEGORY_UNAUTHORISED, CODE_ERA_ALL, "O", "Other unauthorised absence" },
	{ "U", CATEGORY_UNAUTHORISED, CODE_ERA_ALL, "U", "Arrived after the register closed" },
};

const size_t code_count = sizeof(code_table) / sizeof(code_table[0]);

const mark_t mark_category_first[CATEGORY_COUNT + 1] = {
	[CATEGORY_MISSING] = 0,
	[CATEGORY_NOT_POSSIBLE] = 1,
	[CATEGORY_PRESENT] = 14,
	[CATEGORY_APPROVED] = 17,
	[CATEGORY_AUTHORISED] = 23,
	[CATEGORY_UNAUTHORISED] = 35,
	[CATEGORY_COUNT] = 39,
};

_Static_assert(MARK_CLOSURE == 12 && MARK_MISSING == 0,
	       "code_table[12] must be '#'");
_Static_assert(sizeof(code_table) / sizeof(code_table[0]) == 39,
	       "mark_category_first must follow code_table");

day_t code_change_day(void)
{
	return date_from_ymd(2024, 8, 19);
}

/*
 * Codes are one character, or a letter and a digit: a table indexed by
 * the first character and the second (0 for none, 1-9 for a digit) finds
 * a code without comparing strings, on the import hot path.
 */
static mark_t code_index[128][10];
static pthread_once_t code_index_once = PTHREAD_ONCE_INIT;

static void code_index_build(void)
{
	for (size_t m = 1; m < code_count; m++) {
		const char *c = code_table[m].code;
		code_index[(unsigned char)c[0]][c[1] ? c[1] - '0' : 0] = (mark_t)m;
	}
}

mark_t code_find(const char *s, size_t len)
{
	unsigned char c0, c1 = 0;

	if (len == 0 || len > 2)
		return MARK_MISSING;
	c0 = (unsigned char)s[0];
	if (len == 2)
		c1 = (unsigned char)s[1];
	if (c0 >= 128 || (len == 2 && (c1 < '1' || c1 > '9')))
		return MARK_MISSING;
	if (c0 >= 'a' && c0 <= 'z')
		c0 = (unsigned char)(c0 - 32);
	pthread_once(&code_index_once, code_index_build);
	return code_index[c0][c1 ? c1 - '0' : 0];
}

mark_t code_parse(const char *s, size_t len, day_t day, const char **why)
{
	mark_t m = code_find(s, len);
	const struct code_info *c;

	if (m == MARK_MISSING) {
		*why = len ? "unknown register code" : "empty code";
		return MARK_MISSING;
	}
	c = &code_table[m];
	if (c->era == CODE_ERA_2024 && day < code_change_day()) {
		*why = "code not in use before 19 August 2024";
		return MARK_MISSING;
	}
	if (c->era == CODE_ERA_LEGACY && day >= code_change_day()) {
		*why = "code withdrawn on 19 August 2024";
		return MARK_MISSING;
	}
	return m;
}

const char *category_name(enum mark_category c)
{
	static const char *const names[] = {
		[CATEGORY_MISSING] = "missing",
		[CATEGORY_NOT_POSSIBLE] = "not possible",
		[CATEGORY_PRESENT] = "present",
		[CATEGORY_APPROVED] = "approved educational activity",
		[CATEGORY_AUTHORISED] = "authorised absence",
		[CATEGORY_UNAUTHORISED] = "unauthorised absence",
	};
	return (unsigned)c < CATEGORY_COUNT ? names[c] : "?";
}
