#ifndef UTIL_ALLOC_H
#define UTIL_ALLOC_H

#include <stddef.h>

/*
 * Allocation that never returns NULL: out of memory ends the process (a
 * request cannot recover from it, and half an answer is worse).  A size
 * that overflows size_t is out of memory too.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* The number of elements of an array (not of a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * ALLOC_GROW(p, nr, alloc), as git's: makes the array p, of alloc
 * elements (a size_t), hold at least nr, growing it by half again and
 * 16 when it must, so that appending one at a time costs amortised
 * constant time.  The usual use:
 *
 *	ALLOC_GROW(rows, nr + 1, alloc);
 *	rows[nr++] = row;
 */
#define ALLOC_GROW(p, nr, alloc) \
	((p) = alloc_grow((p), sizeof(*(p)), (nr), &(alloc)))
void *alloc_grow(void *p, size_t size, size_t nr, size_t *alloc);

#endif
