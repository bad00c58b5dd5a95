/* util/alloc: ARRAY_SIZE and ALLOC_GROW's growth, worked by hand. */
#include <stdint.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "tap.h"

int main(void)
{
	static const int three[] = { 1, 2, 3 };
	int64_t *p = NULL;
	size_t alloc = 0;

	is_int(ARRAY_SIZE(three), 3, "ARRAY_SIZE of three ints is 3");
	/* (0 + 16) * 3 / 2 = 24 */
	ALLOC_GROW(p, 1, alloc);
	is_int(alloc, 24, "room for 1 grows an empty array to 24");
	p[23] = 7;	/* ASan: the 24th is there */
	ALLOC_GROW(p, 24, alloc);
	is_int(alloc, 24, "room for 24 of 24 grows nothing");
	/* (24 + 16) * 3 / 2 = 60 */
	ALLOC_GROW(p, 25, alloc);
	is_int(alloc, 60, "room for 25 of 24 grows it to 60");
	is_int(p[23], 7, "keeping what it held");
	/* (60 + 16) * 3 / 2 = 114 < 1000: as much as is asked */
	ALLOC_GROW(p, 1000, alloc);
	is_int(alloc, 1000, "room for 1000 of 60 grows it to 1000, not 114");
	p[999] = 1;
	free(p);
	return tap_done();
}
