/* A school's URN: six digits, the first not 0; nothing else is one. */
#include <string.h>

#include "core/urn.h"
#include "tap.h"

static int parse(const char *s, int32_t *urn)
{
	*urn = -1;
	return urn_parse(s, strlen(s), urn);
}

int main(void)
{
	int32_t urn;

	ok(parse("100001", &urn) && urn == 100001, "100001 is a URN");
	ok(parse("999999", &urn) && urn == 999999, "999999 is a URN");
	ok(parse("100000", &urn) && urn == 100000, "100000, the first, is one");
	ok(!parse("099999", &urn) && urn == -1, "a 0 first is not, and *urn is left");
	ok(!parse("10000", &urn), "five digits are not");
	ok(!parse("1000001", &urn), "seven digits are not");
	ok(!parse(" 10001", &urn), "a space first is not (strtol would take it)");
	ok(!parse("+10001", &urn), "a sign is not (strtol would take it)");
	ok(!parse("-10001", &urn), "a minus is not");
	ok(!parse("10001x", &urn), "a letter after is not");
	ok(!parse("", &urn), "nothing is not");
	ok(!urn_parse("100\0" "01", 6, &urn), "an embedded NUL is not");
	ok(urn_parse("1234567", 6, &urn) && urn == 123456,
	   "only the length given is read");
	return tap_done();
}
