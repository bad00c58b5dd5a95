/*
 * Unique Pupil Numbers: the DfE check letter, worked by hand.
 *
 * Characters 2-13 are weighted 2-13, summed, taken mod 23, and the
 * remainder indexes the check letters (A-Z without I, O, S):
 *
 *   A0 B1 C2 D3 E4 F5 G6 H7 J8 K9 L10 M11 N12 P13 Q14 R15 T16 U17 V18
 *   W19 X20 Y21 Z22
 *
 * A temporary UPN ends in a letter, valued by the same table.
 */
#include <string.h>

#include "core/upn.h"
#include "tap.h"

static int valid(const char *s, const char **why)
{
	*why = NULL;
	return upn_valid(s, strlen(s), why);
}

static void test_check_letter(void)
{
	/*
	 * 201123412001: 2*2 + 0*3 + 1*4 + 1*5 + 2*6 + 3*7 + 4*8 + 1*9 + 2*10
	 *   + 0*11 + 0*12 + 1*13 = 4+0+4+5+12+21+32+9+20+0+0+13 = 120;
	 *   120 = 5*23 + 5, remainder 5: F.
	 */
	is_int(upn_check_letter("201123412001"), 'F', "check letter of 201123412001 is F");
	/*
	 * 822987654321: 8*2 + 2*3 + 2*4 + 9*5 + 8*6 + 7*7 + 6*8 + 5*9 + 4*10
	 *   + 3*11 + 2*12 + 1*13 = 16+6+8+45+48+49+48+45+40+33+24+13 = 375;
	 *   375 = 16*23 + 7, remainder 7: H.
	 */
	is_int(upn_check_letter("822987654321"), 'H', "check letter of 822987654321 is H");
	/* All zeros: sum 0: A. */
	is_int(upn_check_letter("000000000000"), 'A', "check letter of all zeros is A");
	/*
	 * 000000000001: 1*13 = 13: P (A..H are 0-7, J8 K9 L10 M11 N12 P13),
	 * so the letters skip I and O.
	 */
	is_int(upn_check_letter("000000000001"), 'P', "remainder 13 is P (I, O skipped)");
	/* 000000000100: 1*11 = 11: M.  000000001001: 10 + 13 = 23 -> 0: A. */
	is_int(upn_check_letter("000000000100"), 'M', "remainder 11 is M");
	is_int(upn_check_letter("000000001001"), 'A', "a sum of 23 wraps to A");
	/*
	 * One non-zero character at a time, weight = its place + 1:
	 *   000000000300: 3*11 = 33 = 23 + 10: L
	 *   000000000013: 1*12 + 3*13 = 51 = 2*23 + 5: F
	 *   000000009003: 9*10 + 3*13 = 129 = 5*23 + 14: Q
	 *   000000000016: 1*12 + 6*13 = 90 = 3*23 + 21: Y
	 *   000000000040: 4*12 = 48 = 2*23 + 2: C
	 *   000000000700: 7*11 = 77 = 3*23 + 8: J
	 *   000000000008: 8*13 = 104 = 4*23 + 12: N
	 *   000000000007: 7*13 = 91 = 3*23 + 22: Z
	 *   000000000080: 8*12 = 96 = 4*23 + 4: E
	 *   000200000000: the 4th character weighs 5: 2*5 = 10: L
	 *   100000000000: the 1st character weighs 2: 2: C
	 *   000000000090: 9*12 = 108 = 4*23 + 16: T (S skipped)
	 */
	is_int(upn_check_letter("000000000300"), 'L', "33 mod 23 = 10 is L");
	is_int(upn_check_letter("000000000013"), 'F', "51 mod 23 = 5 is F");
	is_int(upn_check_letter("000000009003"), 'Q', "129 mod 23 = 14 is Q");
	is_int(upn_check_letter("000000000016"), 'Y', "90 mod 23 = 21 is Y");
	is_int(upn_check_letter("000000000040"), 'C', "48 mod 23 = 2 is C");
	is_int(upn_check_letter("000000000700"), 'J', "77 mod 23 = 8 is J");
	is_int(upn_check_letter("000000000008"), 'N', "104 mod 23 = 12 is N");
	is_int(upn_check_letter("000000000007"), 'Z', "91 mod 23 = 22 is Z");
	is_int(upn_check_letter("000000000080"), 'E', "96 mod 23 = 4 is E");
	is_int(upn_check_letter("000200000000"), 'L', "the 4th character weighs 5");
	is_int(upn_check_letter("100000000000"), 'C', "the first character weighs 2");
	is_int(upn_check_letter("000000000090"), 'T', "108 mod 23 = 16 is T (S skipped)");

	/*
	 * Temporary UPN 30512345678K: 3*2 + 0*3 + 5*4 + 1*5 + 2*6 + 3*7 +
	 *   4*8 + 5*9 + 6*10 + 7*11 + 8*12 + K(9)*13 = 6+0+20+5+12+21+32
	 *   +45+60+77+96+117 = 491; 491 = 21*23 + 8, remainder 8: J.
	 */
	is_int(upn_check_letter("30512345678K"), 'J', "temporary 30512345678K has check J");
	/* 00000000000Z: Z is 22, 22*13 = 286 = 12*23 + 10: L. */
	is_int(upn_check_letter("00000000000Z"), 'L', "temporary ...Z (value 22) has check L");
	/* 00000000000A: A is 0 (not its ASCII code): sum 0: A. */
	is_int(upn_check_letter("00000000000A"), 'A', "temporary ...A (value 0) has check A");
	/* 00000000000T: T is 16, 16*13 = 208 = 9*23 + 1: B. */
	is_int(upn_check_letter("00000000000T"), 'B', "temporary ...T (value 16) has check B");

	is_int(upn_check_letter("2011234120A1"), 0, "a letter in character 12 is refused");
	is_int(upn_check_letter("A01123412001"), 0, "a letter in character 2 is refused");
	is_int(upn_check_letter("20112341200I"), 0, "a final I is not a UPN letter");
	is_int(upn_check_letter("20112341200O"), 0, "a final O is not a UPN letter");
	is_int(upn_check_letter("20112341200S"), 0, "a final S is not a UPN letter");
	is_int(upn_check_letter("20112341200a"), 0, "a final lower-case letter is refused");
	is_int(upn_check_letter("2011234120 1"), 0, "a space is refused");
}

static void test_valid(void)
{
	const char *why;

	ok(valid("F201123412001", &why), "F201123412001 is a valid UPN");
	ok(valid("H822987654321", &why), "H822987654321 is a valid UPN");
	ok(valid("A000000000000", &why), "A000000000000 is a valid UPN");
	ok(valid("J30512345678K", &why), "temporary J30512345678K is valid");
	ok(valid("L00000000000Z", &why), "temporary L00000000000Z is valid");
	ok(valid("B00000000000T", &why), "temporary B00000000000T is valid");
	ok(upn_valid("F201123412001", 13, NULL), "upn_valid takes a NULL why");

	ok(!valid("G201123412001", &why), "a wrong check letter is refused");
	is_str(why, "UPN check letter is wrong", "and says the check letter is wrong");
	ok(!valid("E822987654321", &why), "H822987654321 with E is refused");
	ok(!valid("K30512345678K", &why), "a temporary UPN with a wrong letter is refused");
	ok(!valid("F20112341200", &why), "12 characters are refused");
	is_str(why, "UPN must be 13 characters", "and says a UPN is 13 characters");
	ok(!valid("F2011234120011", &why), "14 characters are refused");
	ok(!valid("", &why), "an empty UPN is refused");
	ok(!upn_valid("F201123412001", 12, &why), "only len characters are read");
	ok(!valid("I201123412001", &why), "I is never a check letter");
	ok(!valid("O201123412001", &why), "O is never a check letter");
	ok(!valid("S201123412001", &why), "S is never a check letter");
	ok(why && strstr(why, "check letter"), "and says the first is a check letter");
	ok(!valid("1201123412001", &why), "a digit first is refused");
	ok(!valid("f201123412001", &why), "a lower-case check letter is refused");
	ok(!valid("F2011A3412001", &why), "a letter in character 6 is refused");
	is_str(why, "UPN characters 2-12 must be digits and 13 a digit or letter",
	       "and says characters 2-12 must be digits");
	ok(!valid("F20112341200A", &why), "a final letter changes the check (A != F)");
	ok(!valid("?00000000000I", &why), "a temporary UPN ending in I is refused");
	ok(!upn_valid("F20112341\0" "001", 13, &why), "an embedded NUL is refused");
}

int main(void)
{
	test_check_letter();
	test_valid();
	return tap_done();
}
