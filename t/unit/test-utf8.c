/*
 * Text at the door (src/util/utf8.c): UTF-8 decoded strictly, a file's
 * encoding told apart, Windows-1252 converted, and the check of a name.
 * Every input is written out byte by byte, and every expected value
 * worked out by hand beside it.
 */
#include <string.h>

#include "tap.h"
#include "util/utf8.h"

static int name_ok(const char *s)
{
	struct utf8_refusal r;

	return !utf8_name_check(s, strlen(s), &r);
}

static const char *name_why(const char *s, size_t n, size_t *nth)
{
	static struct utf8_refusal r;

	if (!utf8_name_check(s, n, &r))
		return "(accepted)";
	*nth = r.nth;
	return r.why;
}

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t cp = 0;
	size_t bad = 0, nth = 0;

	/* é is U+00E9: 110 00011, 10 101001 = C3 A9 */
	is_int(utf8_decode("\xC3\xA9", 2, &cp), 2, "C3 A9 is one character of two bytes");
	is_int(cp, 0xE9, "C3 A9 is U+00E9");
	/* € is U+20AC: 1110 0010, 10 000010, 10 101100 = E2 82 AC */
	is_int(utf8_decode("\xE2\x82\xAC", 3, &cp), 3, "E2 82 AC is three bytes");
	is_int(cp, 0x20AC, "E2 82 AC is U+20AC");
	/* U+1F600: F0 9F 98 80 */
	is_int(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4, "a four-byte character");
	is_int(cp, 0x1F600, "F0 9F 98 80 is U+1F600");
	is_int(utf8_decode("\xC0\xAF", 2, &cp), 0, "C0 AF, an overlong '/', is refused");
	is_int(utf8_decode("\xE0\x80\xAF", 3, &cp), 0, "E0 80 AF, overlong too, is refused");
	is_int(utf8_decode("\xED\xA0\x80", 3, &cp), 0, "ED A0 80, the surrogate U+D800, is refused");
	is_int(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0, "F4 90 80 80, above U+10FFFF, is refused");
	is_int(utf8_decode("\xC3", 1, &cp), 0, "a lead byte without its continuation is refused");
	is_int(utf8_decode("\xA9", 1, &cp), 0, "a continuation byte alone is refused");
	is_int(utf8_valid_prefix("Zo\xC3\xAB\xE9", 5), 4, "the valid prefix of Zo\xC3\xAB + E9 is 4 bytes");

	ok(utf8_is_ascii("upn,urn,date,session,code\n", 26), "an ASCII header is ASCII");
	ok(!utf8_is_ascii("0123456789abcdef\xE9", 17), "a high byte after a whole word is seen");

	is_int(text_detect("a,b\n", 4, &bad), TEXT_ASCII, "ASCII is told");
	is_int(text_detect("Ren\xC3\xA9\n", 6, &bad), TEXT_UTF8, "UTF-8 is told");
	is_int(text_detect("Ren\xE9\nZo\xEB\n", 8, &bad), TEXT_CP1252, "single bytes are Windows-1252");
	is_int(bad, 3, "and the first of them is at offset 3");
	is_int(text_detect("Ren\xC3\xA9\nZo\xEB\n", 9, &bad), TEXT_MIXED, "UTF-8 and stray bytes together are mixed");
	is_int(bad, 8, "the stray byte is at offset 8");

	/* E9 -> é (C3 A9); 80 -> € (E2 82 AC); 92 -> ' (U+2019: E2 80 99) */
	ok(!cp1252_to_utf8("R\xE9n\x80\x92", 5, &sb, &bad), "Windows-1252 converts");
	is_str(sb.buf, "R\xC3\xA9n\xE2\x82\xAC\xE2\x80\x99", "to é, € and a right quote in UTF-8");
	strbuf_reset(&sb);
	ok(cp1252_to_utf8("ab\x81", 3, &sb, &bad), "0x81, undefined in Windows-1252, is refused");
	is_int(bad, 2, "at its offset");
	strbuf_reset(&sb);
	ok(cp1252_to_utf8("\x8D\x8F\x90\x9D", 4, &sb, &bad) && bad == 0, "so is 0x8D");
	ok(!cp1252_to_utf8("\xA0\xFF", 2, &sb, &bad), "A0-FF are ISO-8859-1's letters");
	is_str(sb.buf, "\xC2\xA0\xC3\xBF", "no-break space and y with diaeresis");
	strbuf_release(&sb);

	ok(name_ok("O'Brien"), "an apostrophe passes");
	ok(name_ok("Zo\xC3\xAB"), "Zoë in UTF-8 passes");
	ok(name_ok("\xD0\x9E\xD0\xBB\xD1\x8F"), "Cyrillic passes");
	ok(name_ok("\xD8\xB9\xD9\x84\xD9\x8A"), "Arabic passes");
	ok(name_ok("a\xE2\x80\x8F" "b"), "a right-to-left mark (U+200F) passes");
	is_str(name_why("Ann\tMarie", 9, &nth), "U+0009 (a tab (a control character)) at character 4 is not allowed in a name",
	       "a tab is refused, named, at character 4");
	is_str(name_why("Bo\r", 3, &nth), "U+000D (a carriage return (a control character)) at character 3 is not allowed in a name",
	       "a carriage return is refused");
	is_str(name_why("Bo\x7F", 3, &nth), "U+007F (a control character) at character 3 is not allowed in a name",
	       "DELETE is refused");
	/* U+0085 (NEL, a C1 control) in UTF-8: C2 85 */
	is_str(name_why("\xC2\x85" "x", 3, &nth), "U+0085 (a control character) at character 1 is not allowed in a name",
	       "a C1 control is refused");
	/* U+202E: E2 80 AE; "Al" then it: character 3 */
	is_str(name_why("Al\xE2\x80\xAE" "fdp.exe", 12, &nth), "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 3 is not allowed in a name",
	       "a right-to-left override is refused");
	/* U+2066: E2 81 A6 */
	is_str(name_why("\xE2\x81\xA6" "x", 4, &nth), "U+2066 (LEFT-TO-RIGHT ISOLATE) at character 1 is not allowed in a name",
	       "a left-to-right isolate is refused");
	/* U+2069: E2 81 A9, the last isolate */
	ok(!name_ok("x\xE2\x81\xA9"), "a pop directional isolate is refused");
	/* U+202A: E2 80 AA, the first embedding; U+206A: E2 81 AA, after the isolates */
	ok(!name_ok("x\xE2\x80\xAA"), "a left-to-right embedding is refused");
	ok(name_ok("x\xE2\x81\xAA"), "U+206A, after the isolates, passes");
	is_str(name_why("Ren\xE9", 4, &nth), "byte 0xE9 at character 4 is not UTF-8",
	       "a Latin-1 byte in a name is refused as not UTF-8");
	ok(name_ok(""), "the empty name is a question for the importer: it passes here");
	return tap_done();
}
