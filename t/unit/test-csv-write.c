/*
 * The one CSV writer (src/util/csv_write.c): RFC 4180 quoting, and the
 * cells a spreadsheet would run as formulas neutralised as OWASP's
 * "CSV Injection" page recommends (a leading single quote, the field
 * quoted). Every expected field is written out by hand.
 */
#include <string.h>

#include "tap.h"
#include "util/csv_write.h"

static const char *field(const char *s)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	csv_add_field(&sb, s, strlen(s));
	return sb.buf;
}

static const char *raw(const char *s)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	csv_add_field_raw(&sb, s, strlen(s));
	return sb.buf;
}

int main(void)
{
	is_str(field("Smith"), "Smith", "a plain name is written as it is");
	is_str(field(""), "", "an empty field stays empty");
	is_str(field("O'Neil, Jo"), "\"O'Neil, Jo\"", "a comma is quoted");
	is_str(field("say \"hi\""), "\"say \"\"hi\"\"\"", "quotes are doubled");
	is_str(field("a\nb"), "\"a\nb\"", "a line break is quoted");

	is_str(field("=HYPERLINK(\"http://x\")"),
	       "\"'=HYPERLINK(\"\"http://x\"\")\"",
	       "= is neutralised, and its quotes still doubled");
	is_str(field("=1+2"), "\"'=1+2\"", "=1+2 becomes '=1+2, quoted");
	is_str(field("@SUM(A1)"), "\"'@SUM(A1)\"", "@ is neutralised");
	is_str(field("+44 1924"), "\"'+44 1924\"", "+ then text is neutralised");
	is_str(field("-2+3"), "\"'-2+3\"", "a sum behind a minus is a formula");
	is_str(field("-cmd|' /C calc'!A0"), "\"'-cmd|' /C calc'!A0\"",
	       "the DDE example is neutralised");
	is_str(field("\tx"), "\"'\tx\"", "a leading TAB is neutralised");
	is_str(field("\rx"), "\"'\rx\"", "a leading CR is neutralised");

	is_str(field("-2"), "-2", "a negative number is a number, not a formula");
	is_str(field("+3.5"), "+3.5", "a signed decimal is a number");
	is_str(field("-12.5%"), "-12.5%", "a signed percentage is a number");
	is_str(field("-"), "\"'-\"", "a lone minus is not a number");
	is_str(field("-1."), "\"'-1.\"", "a minus, digit and point is not a number");
	is_str(field("a=b"), "a=b", "= after the first character is harmless");

	is_str(raw("=1+2"), "=1+2", "the raw writer (for attend's own files) leaves it");
	is_str(raw("a,b"), "\"a,b\"", "the raw writer still quotes a comma");

	ok(csv_is_formula("=", 1), "'=' alone is a formula");
	ok(!csv_is_formula("", 0), "the empty string is not");
	return tap_done();
}
