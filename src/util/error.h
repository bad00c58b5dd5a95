#ifndef UTIL_ERROR_H
#define UTIL_ERROR_H

/*
 * What went wrong, for the caller to turn into a CLI message or an HTTP
 * status.  Bad input is reported as "file:line: field: reason" so a person
 * can find and fix it; ERROR_INTERNAL covers I/O and storage failures.
 * Only main() decides whether to exit.
 */
enum error_kind {
	ERROR_NONE = 0,
	ERROR_INPUT,	/* the data offered was wrong: exit 1, HTTP 400 */
	ERROR_USAGE,	/* the command line was wrong: exit 2 */
	ERROR_INTERNAL,	/* I/O, storage: exit 1, HTTP 500 */
};

struct error {
	enum error_kind kind;
	char msg[1024];
};

#define ERROR_INIT { ERROR_NONE, "" }

/* Each returns -1 so callers can write "return error_input(...)". */
int error_set(struct error *e, enum error_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "file:line: field: reason"; line 0 omits the line, NULL field omits it. */
int error_at(struct error *e, const char *file, long line, const char *field,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void error_clear(struct error *e);

#endif
