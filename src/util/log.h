#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include "util/strbuf.h"

/*
 * Events of a running attend, one line each on standard error, in the
 * key=value form (logfmt) that journald keeps and a person can read:
 *
 *	level=info msg="figures refreshed" import=42 ms=840
 *
 *	log_info("figures refreshed", "import=%lld ms=%ld", id, ms);
 *
 * The message is a fixed phrase (quoted by log.c); the fields are
 * printf's, "key=value" separated by spaces (an event has at least
 * one: what it happened to, how long it took).  A value
 * that may hold a blank, a quote or a control character (a path, an
 * error message) goes through log_quote().
 *
 * Under journald (standard error is the stream $JOURNAL_STREAM names)
 * each line begins with its syslog priority, "<6>" for info, which
 * journald takes as the entry's priority (journalctl -p warning);
 * elsewhere it begins with the time, "time=2025-03-01T02:30:00Z".
 * A line is written with one write(2), so the lines of threads do not
 * interleave.
 *
 * An error a person made at a terminal (a bad option, a file that will
 * not import) is not an event: it stays a plain "attend: ..." message.
 */
enum log_level {
	LOG_LEVEL_DEBUG,
	LOG_LEVEL_INFO,
	LOG_LEVEL_WARNING,
	LOG_LEVEL_ERROR
};

/* Lines below level are dropped (the default: LOG_LEVEL_INFO). */
void log_set_level(enum log_level level);
/* "debug", "info", "warning" or "error" into *level; -1 if none. */
int log_level_parse(const char *name, enum log_level *level);

void log_event(enum log_level level, const char *msg, const char *fields, ...)
	__attribute__((format(printf, 3, 4)));
#define log_debug(msg, ...) log_event(LOG_LEVEL_DEBUG, msg, __VA_ARGS__)
#define log_info(msg, ...) log_event(LOG_LEVEL_INFO, msg, __VA_ARGS__)
#define log_warning(msg, ...) log_event(LOG_LEVEL_WARNING, msg, __VA_ARGS__)
#define log_error(msg, ...) log_event(LOG_LEVEL_ERROR, msg, __VA_ARGS__)

/*
 * s as a field's value, appended to sb: as it is when it is a plain
 * word (letters, digits and -_./:@+,), else in double quotes with \"
 * \\ \n \t and \xHH for the other control characters.  Returns sb->buf,
 * for a "%s" of log_event()'s fields; one strbuf per value.
 */
const char *log_quote(struct strbuf *sb, const char *s);

#endif
