#include "core/upn.h"

#include <string.h>

static int letter_value(char c)
{
	const char *p = c ? strchr(UPN_LETTERS, c) : NULL;
	return p ? (int)(p - UPN_LETTERS) : -1;
}

char upn_check_letter(const char *tail12)
{
	int sum = 0;

	for (int i = 0; i < 12; i++) {
		char c = tail12[i];
		int v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (i == 11 && (v = letter_value(c)) >= 0)
			;
		else
			return 0;
		sum += v * (i + 2);
	}
	return UPN_LETTERS[sum % 23];
}

bool upn_valid(const char *s, size_t len, const char **why)
{
	const char *dummy;
	char want;

	if (!why)
		why = &dummy;
	if (len != UPN_LEN) {
		*why = "UPN must be 13 characters";
		return false;
	}
	if (letter_value(s[0]) < 0) {
		*why = "UPN must start with a check letter (A-Z without I, O, S)";
		return false;
	}
	want = upn_check_letter(s + 1);
	if (!want) {
		*why = "UPN characters 2-12 must be digits and 13 a digit or letter";
		return false;
	}
	if (want != s[0]) {
		*why = "UPN check letter is wrong";
		return false;
	}
	return true;
}
