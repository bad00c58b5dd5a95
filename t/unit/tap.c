#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int count, failed;

static void report(int cond, const char *file, int line, const char *fmt,
		   va_list ap)
{
	count++;
	if (!cond)
		failed++;
	printf("%sok %d - ", cond ? "" : "not ", count);
	vprintf(fmt, ap);
	putchar('\n');
	if (!cond)
		printf("#   failed at %s:%d\n", file, line);
}

void ok_at(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cond, file, line, fmt, ap);
	va_end(ap);
}

void is_int_at(long long got, long long want, const char *file, int line,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(got == want, file, line, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   got %lld, want %lld\n", got, want);
}

void is_str_at(const char *got, const char *want, const char *file, int line,
	       const char *fmt, ...)
{
	va_list ap;
	int same = got && want && !strcmp(got, want);

	va_start(ap, fmt);
	report(same, file, line, fmt, ap);
	va_end(ap);
	if (!same)
		printf("#   got '%s', want '%s'\n", got ? got : "(null)",
		       want ? want : "(null)");
}

int tap_done(void)
{
	printf("1..%d\n", count);
	fflush(stdout);
	return failed ? 1 : 0;
}
