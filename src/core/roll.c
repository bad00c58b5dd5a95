#include "core/roll.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool eq(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !strncasecmp(s, word, len);
}

static const char *const phase_names[PHASE_COUNT] = {
	"primary", "secondary", "special", "ap"
};

const char *phase_name(enum phase p)
{
	return (unsigned)p < PHASE_COUNT ? phase_names[p] : "?";
}

int phase_parse(const char *s, size_t len)
{
	for (int p = 0; p < PHASE_COUNT; p++)
		if (eq(s, len, phase_names[p]))
			return p;
	return -1;
}

int sex_parse(const char *s, size_t len, enum sex *out)
{
	if (len == 0)
		*out = SEX_UNKNOWN;
	else if (eq(s, len, "M"))
		*out = SEX_MALE;
	else if (eq(s, len, "F"))
		*out = SEX_FEMALE;
	else
		return -1;
	return 0;
}

int flag_parse(const char *s, size_t len, enum flag *out)
{
	if (len == 0)
		*out = FLAG_UNKNOWN;
	else if (eq(s, len, "Y") || eq(s, len, "1") || eq(s, len, "true") ||
		 eq(s, len, "yes"))
		*out = FLAG_YES;
	else if (eq(s, len, "N") || eq(s, len, "0") || eq(s, len, "false") ||
		 eq(s, len, "no"))
		*out = FLAG_NO;
	else
		return -1;
	return 0;
}

int sen_parse(const char *s, size_t len, enum sen *out)
{
	if (len == 0)
		*out = SEN_UNKNOWN;
	else if (eq(s, len, "N"))
		*out = SEN_NONE;
	else if (eq(s, len, "K"))
		*out = SEN_SUPPORT;
	else if (eq(s, len, "E"))
		*out = SEN_EHCP;
	else
		return -1;
	return 0;
}

int social_care_parse(const char *s, size_t len, enum social_care *out)
{
	if (len == 0)
		*out = CARE_NONE;
	else if (eq(s, len, "CIN"))
		*out = CARE_CIN;
	else if (eq(s, len, "CP"))
		*out = CARE_CP;
	else if (eq(s, len, "CLA"))
		*out = CARE_CLA;
	else
		return -1;
	return 0;
}

int year_group_parse(const char *s, size_t len, int *out)
{
	int v = 0;

	if (len == 0) {
		*out = YEAR_GROUP_UNKNOWN;
		return 0;
	}
	if (eq(s, len, "N1") || eq(s, len, "N2") || eq(s, len, "R")) {
		*out = eq(s, len, "R") ? 0 : (s[1] == '1' ? -2 : -1);
		return 0;
	}
	if (len > 2)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 14)
		return -1;
	*out = v;
	return 0;
}

const char *sex_code(enum sex s)
{
	return s == SEX_MALE ? "M" : s == SEX_FEMALE ? "F" : "";
}

const char *flag_code(enum flag f)
{
	return f == FLAG_YES ? "Y" : f == FLAG_NO ? "N" : "";
}

const char *sen_code(enum sen s)
{
	static const char *const codes[] = { "", "N", "K", "E" };
	return (unsigned)s < 4 ? codes[s] : "";
}

const char *social_care_code(enum social_care c)
{
	static const char *const codes[] = { "", "", "CIN", "CP", "CLA" };
	return (unsigned)c < 5 ? codes[c] : "";
}

char *year_group_format(int yg, char out[4])
{
	if (yg == -2)
		strcpy(out, "N1");
	else if (yg == -1)
		strcpy(out, "N2");
	else if (yg == 0)
		strcpy(out, "R");
	else if (yg >= 1 && yg <= 14)
		snprintf(out, 4, "%d", yg);
	else
		out[0] = '\0';
	return out;
}
