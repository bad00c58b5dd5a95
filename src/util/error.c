#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int error_set(struct error *e, enum error_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	e->kind = kind;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int error_at(struct error *e, const char *file, long line, const char *field,
	     const char *fmt, ...)
{
	va_list ap;
	size_t n = 0;

	if (!e)
		return -1;
	e->kind = ERROR_INPUT;
	e->msg[0] = '\0';
	if (file && line > 0)
		n = (size_t)snprintf(e->msg, sizeof(e->msg), "%s:%ld: ", file, line);
	else if (file)
		n = (size_t)snprintf(e->msg, sizeof(e->msg), "%s: ", file);
	if (n < sizeof(e->msg) && field)
		n += (size_t)snprintf(e->msg + n, sizeof(e->msg) - n, "%s: ", field);
	if (n < sizeof(e->msg)) {
		va_start(ap, fmt);
		vsnprintf(e->msg + n, sizeof(e->msg) - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void error_clear(struct error *e)
{
	e->kind = ERROR_NONE;
	e->msg[0] = '\0';
}
