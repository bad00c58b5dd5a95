#ifndef UTIL_STRBUF_H
#define UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util/alloc.h"

/*
 * A growing, always NUL-terminated byte buffer (after git's strbuf).
 *
 *   struct strbuf sb = STRBUF_INIT;   caller owns the struct
 *   strbuf_add*(&sb, ...)             append; aborts only on out-of-memory
 *   strbuf_reset(&sb)                 length 0, keeps the allocation
 *   strbuf_release(&sb)               frees the bytes, back to STRBUF_INIT
 *   char *p = strbuf_detach(&sb, &n)  hands the bytes to the caller (free())
 *
 * buf is never NULL: an empty strbuf points at a shared "" so it can be
 * printed without checks.
 */
struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/* Reads a whole file; returns 0, or -1 with errno set. */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif
