/*
 * The configuration file's parser (src/util/config.c): what a line may
 * say, and that every mistake names the file and the line.
 */
#include <string.h>

#include "tap.h"
#include "util/config.h"

/* Parses text as the file "f.conf"; the error's message, or "" on success. */
static const char *parse(struct config *c, const char *text)
{
	static struct error e;

	config_release(c);
	error_clear(&e);
	if (config_parse(c, "f.conf", text, strlen(text), &e))
		return e.msg[0] ? e.msg : "(failed without a message)";
	return "";
}

int main(void)
{
	struct config c = CONFIG_INIT;
	struct strbuf sb = STRBUF_INIT;

	is_str(parse(&c, ""), "", "an empty file is a configuration");
	ok(!c.store && !c.port, "that sets nothing");

	is_str(parse(&c, "# the store\n\n  store = /var/lib/attend/attend.db  \n"
		     "port=8443\n\tthreads\t=\t8\n"), "",
	       "comments, blank lines and blanks around key and value are "
	       "ignored");
	is_str(c.store, "/var/lib/attend/attend.db", "the value is trimmed");
	is_int(c.port, 8443, "a key needs no blanks around '='");
	is_int(c.threads, 8, "tabs are blanks");

	is_str(parse(&c, "port = 8080 # the default\n"), "",
	       "a '#' after a blank begins a comment");
	is_int(c.port, 8080, "so the value ends before it");
	is_str(parse(&c, "bind =# x\n"), "f.conf:1: bind: needs a value",
	       "a '#' first in the value begins a comment too");
	is_str(parse(&c, "oidc_redirect_uri = https://a.example/cb#x=1\n"), "",
	       "a '#' inside a value is kept");
	is_str(c.oidc_redirect_uri, "https://a.example/cb#x=1",
	       "with the '=' after the first");
	is_str(parse(&c, "store = a.db\r\nbind = 0.0.0.0\r\n"), "",
	       "CRLF line ends are accepted");
	is_str(c.bind, "0.0.0.0", "without the CR in the value");
	is_str(parse(&c, "store = /srv/attend.db"), "",
	       "the last line needs no line feed");
	is_str(c.store, "/srv/attend.db", "and is read whole");

	/* Line 3: the first two are a comment and a good line. */
	is_str(parse(&c, "# x\nstore = a.db\nstor = b.db\n"),
	       "f.conf:3: unknown key 'stor'", "an unknown key names file:line");
	is_str(parse(&c, "port = 80\nport = 81\n"),
	       "f.conf:2: port: set twice (first on line 1)",
	       "a key given twice is an error");
	is_str(parse(&c, "store\n"),
	       "f.conf:1: expected 'key = value', not 'store'",
	       "a line without '=' is an error");
	is_str(parse(&c, " = x\n"), "f.conf:1: expected 'key = value', not '= x'",
	       "a line without a key is an error");
	is_str(parse(&c, "bind =\n"), "f.conf:1: bind: needs a value",
	       "an empty value is an error");
	is_str(parse(&c, "port = 0\n"),
	       "f.conf:1: port: takes a number from 1 to 65535, not '0'",
	       "a port of 0 is refused");
	is_str(parse(&c, "port = 65536\n"),
	       "f.conf:1: port: takes a number from 1 to 65535, not '65536'",
	       "a port past 65535 is refused");
	is_str(parse(&c, "port = 99999999999999999999\n"),
	       "f.conf:1: port: takes a number from 1 to 65535, not "
	       "'99999999999999999999'", "a huge number does not overflow");
	is_str(parse(&c, "threads = 4x\n"),
	       "f.conf:1: threads: takes a number from 1 to 64, not '4x'",
	       "a number with letters is refused");
	is_str(parse(&c, "log_level = loud\n"),
	       "f.conf:1: log_level: takes debug, info, warning or error, "
	       "not 'loud'", "an unknown log level is refused");
	is_str(parse(&c, "store = a\001b\n"),
	       "f.conf:1: a control character (byte 0x01) in column 10",
	       "a control character is refused, with its column");
	is_str(parse(&c, "store = a\0b\n"), "",
	       "(the C string of the last check ends at the NUL)");
	{
		static const char nul[] = "store = a\0b\n";
		struct error e = ERROR_INIT;

		config_release(&c);
		ok(config_parse(&c, "f.conf", nul, sizeof(nul) - 1, &e) &&
		   strstr(e.msg, "byte 0x00"), "a NUL byte is refused");
	}

	is_str(parse(&c, "backup_keep = 3\nstore = s.db\n"
		     "tls_cert = /etc/attend/cert.pem\n"), "",
	       "keys later features read are accepted");
	config_format(&c, &sb);
	is_str(sb.buf, "store = s.db\ntls_cert = /etc/attend/cert.pem\n"
	       "backup_keep = 3\n",
	       "config_format writes what is set, in the table's order");
	strbuf_release(&sb);

	{
		struct error e = ERROR_INIT;

		config_release(&c);
		is_int(config_load(&c, "/nonexistent/attend.conf", 1, &e), 1,
		       "a missing file is no configuration when that is allowed");
		ok(config_load(&c, "/nonexistent/attend.conf", 0, &e) < 0 &&
		   strstr(e.msg, "/nonexistent/attend.conf: cannot read"),
		   "and an error naming it when it is not");
	}
	ok(config_key_count() >= 13 && !strcmp(config_key(0).name, "store"),
	   "the keys are listed for the manual");
	config_release(&c);
	return tap_done();
}
