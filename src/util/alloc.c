#include "util/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *checked(void *p)
{
	if (!p) {
		fputs("attend: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xmalloc(size_t n)
{
	return checked(malloc(n ? n : 1));
}

void *xcalloc(size_t n, size_t size)
{
	return checked(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n)
{
	return checked(realloc(p, n ? n : 1));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void *alloc_grow(void *p, size_t size, size_t nr, size_t *alloc)
{
	size_t want;

	if (nr <= *alloc)
		return p;
	want = *alloc < (SIZE_MAX - 16) / 3 * 2 ? (*alloc + 16) * 3 / 2 : SIZE_MAX;
	if (want < nr)
		want = nr;
	if (size && want > SIZE_MAX / size)
		checked(NULL);
	*alloc = want;
	return xrealloc(p, want * size);
}
