#include "util/csv_write.h"

/* [+-]?digits[.digits]?%? : a number a spreadsheet reads as a number. */
static int is_plain_number(const char *s, size_t len)
{
	size_t i = 0, digits = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (!digits)
		return 0;
	if (i < len && s[i] == '.') {
		size_t frac = 0;

		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, frac++;
		if (!frac)
			return 0;
	}
	if (i < len && s[i] == '%')
		i++;
	return i == len;
}

int csv_is_formula(const char *s, size_t len)
{
	if (!len)
		return 0;
	switch (s[0]) {
	case '=': case '@': case '\t': case '\r':
		return 1;
	case '+': case '-':
		return !is_plain_number(s, len);
	}
	return 0;
}

static void add_quoted(struct strbuf *out, const char *prefix,
		       const char *s, size_t len)
{
	strbuf_addch(out, '"');
	strbuf_addstr(out, prefix);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, s[i]);
	}
	strbuf_addch(out, '"');
}

void csv_add_field_raw(struct strbuf *out, const char *s, size_t len)
{
	int needs = 0;

	for (size_t i = 0; i < len && !needs; i++)
		needs = s[i] == ',' || s[i] == '"' || s[i] == '\n' ||
			s[i] == '\r';
	if (needs)
		add_quoted(out, "", s, len);
	else
		strbuf_add(out, s, len);
}

void csv_add_field(struct strbuf *out, const char *s, size_t len)
{
	if (csv_is_formula(s, len))
		add_quoted(out, "'", s, len);
	else
		csv_add_field_raw(out, s, len);
}
