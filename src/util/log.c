#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static enum log_level threshold = LOG_LEVEL_INFO;

static const struct {
	const char *name;
	const char *priority;	/* syslog's, as journald reads it */
} levels[] = {
	[LOG_LEVEL_DEBUG] = { "debug", "<7>" },
	[LOG_LEVEL_INFO] = { "info", "<6>" },
	[LOG_LEVEL_WARNING] = { "warning", "<4>" },
	[LOG_LEVEL_ERROR] = { "error", "<3>" },
};

void log_set_level(enum log_level level)
{
	threshold = level;
}

int log_level_parse(const char *name, enum log_level *level)
{
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(name, levels[i].name)) {
			*level = (enum log_level)i;
			return 0;
		}
	return -1;
}

/*
 * Whether standard error is the journal: systemd sets $JOURNAL_STREAM
 * to "DEVICE:INODE" of the stream it gave the service, which is still
 * standard error unless the service redirected it.  Looked at for each
 * line (a getenv and an fstat), so that threads share no state.
 */
static int to_journal(void)
{
	const char *env = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat sb;

	return env && sscanf(env, "%llu:%llu", &dev, &ino) == 2 &&
	       !fstat(STDERR_FILENO, &sb) &&
	       (unsigned long long)sb.st_dev == dev &&
	       (unsigned long long)sb.st_ino == ino;
}

static int plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("-_./:@+,", c);
}

const char *log_quote(struct strbuf *sb, const char *s)
{
	const unsigned char *p;
	int bare = *s != '\0';

	for (p = (const unsigned char *)s; *p && bare; p++)
		bare = plain(*p);
	if (bare) {
		strbuf_addstr(sb, s);
		return sb->buf;
	}
	strbuf_addch(sb, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p == '\n')
			strbuf_addstr(sb, "\\n");
		else if (*p == '\t')
			strbuf_addstr(sb, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			strbuf_addf(sb, "\\x%02x", *p);
		else
			strbuf_addch(sb, (char)*p);
	}
	strbuf_addch(sb, '"');
	return sb->buf;
}

void log_event(enum log_level level, const char *msg, const char *fields, ...)
{
	struct strbuf line = STRBUF_INIT, quoted = STRBUF_INIT;
	const char *p;
	size_t left;
	va_list ap;

	if (level < threshold)
		return;
	if (to_journal()) {
		strbuf_addstr(&line, levels[level].priority);
	} else {
		char now[32];
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
		strbuf_addf(&line, "time=%s ", now);
	}
	strbuf_addf(&line, "level=%s msg=", levels[level].name);
	/* The message always quoted, so that it reads as one value. */
	log_quote(&quoted, msg);
	if (quoted.buf[0] == '"')
		strbuf_addstr(&line, quoted.buf);
	else
		strbuf_addf(&line, "\"%s\"", quoted.buf);
	strbuf_release(&quoted);
	if (fields && *fields) {
		strbuf_addch(&line, ' ');
		va_start(ap, fields);
		strbuf_vaddf(&line, fields, ap);
		va_end(ap);
	}
	strbuf_addch(&line, '\n');
	for (p = line.buf, left = line.len; left;) {
		ssize_t n = write(STDERR_FILENO, p, left);

		if (n <= 0)
			break;
		p += n;
		left -= (size_t)n;
	}
	strbuf_release(&line);
}
