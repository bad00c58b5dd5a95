/*
 * Fuzzes the configuration file's parser (src/util/config.c).  Whatever
 * the input, the parser either fails with a message that names the file
 * and a line, or succeeds with values that are not empty, have no blank
 * at either end, no control character and no comment in them; and what
 * it read, written back by config_format(), parses again to the same
 * settings.
 *
 *   make fuzz && build/fuzz/fuzz-config fuzz/corpus/config
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util/config.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

static void check_value(const char *s)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	check(n > 0);
	check(s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t');
	check(s[0] != '#');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		check((c >= 0x20 || c == '\t') && c != 0x7f);
		check(!(c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c = CONFIG_INIT, again = CONFIG_INIT;
	struct strbuf first = STRBUF_INIT, second = STRBUF_INIT;
	struct error e = ERROR_INIT;
	char *text = malloc(size ? size : 1);

	check(text);
	memcpy(text, data, size);
	if (config_parse(&c, "fuzz.conf", text, size, &e)) {
		check(!strncmp(e.msg, "fuzz.conf:", 10));
		check(e.msg[10] >= '1' && e.msg[10] <= '9');
		goto out;
	}
	check_value(c.store);
	check_value(c.log_level);
	check_value(c.bind);
	check_value(c.tls_cert);
	check_value(c.tls_key);
	check_value(c.oidc_issuer);
	check_value(c.oidc_client_id);
	check_value(c.oidc_client_secret_file);
	check_value(c.oidc_redirect_uri);
	check_value(c.backup_dir);
	check(c.port >= 0 && c.port <= 65535);
	check(c.threads >= 0 && c.threads <= 64);
	config_format(&c, &first);
	check(!config_parse(&again, "again.conf", first.buf, first.len, &e));
	config_format(&again, &second);
	check(first.len == second.len && !memcmp(first.buf, second.buf, first.len));
out:
	config_release(&c);
	config_release(&again);
	strbuf_release(&first);
	strbuf_release(&second);
	free(text);
	return 0;
}
