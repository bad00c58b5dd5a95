/*
 * Fuzzes the text checks at the door (util/utf8.h): a file's encoding
 * told, Windows-1252 converted, a name checked.  Aborts unless:
 *   - text_detect() agrees with utf8_is_ascii() and utf8_valid_prefix():
 *     ASCII exactly when no byte is >= 0x80, UTF-8 exactly when the whole
 *     input is a valid prefix, and the first bad byte where the prefix
 *     ends;
 *   - what cp1252_to_utf8() makes of any input it accepts is valid UTF-8,
 *     and it refuses only the five bytes Windows-1252 leaves undefined;
 *   - utf8_name_check() refuses whatever is not UTF-8, and whatever it
 *     accepts holds no byte below 0x20 nor 0x7F.
 *
 *   make fuzz && build/fuzz/fuzz-text fuzz/corpus/text
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util/utf8.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

static int undefined(unsigned char c)
{
	return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct strbuf out = STRBUF_INIT;
	struct utf8_refusal r;
	size_t bad = 0, prefix = utf8_valid_prefix(s, size);
	enum text_encoding enc = text_detect(s, size, &bad);
	int any_undefined = 0, high = 0;

	for (size_t i = 0; i < size; i++) {
		high |= data[i] >= 0x80;
		any_undefined |= undefined(data[i]);
	}
	check(utf8_is_ascii(s, size) == !high);
	check((enc == TEXT_ASCII) == !high);
	check((enc == TEXT_ASCII || enc == TEXT_UTF8) == (prefix == size));
	if (enc == TEXT_CP1252 || enc == TEXT_MIXED)
		check(bad == prefix);

	if (!cp1252_to_utf8(s, size, &out, &bad)) {
		check(!any_undefined);
		check(utf8_valid_prefix(out.buf, out.len) == out.len);
	} else {
		check(bad < size && undefined(data[bad]));
	}
	strbuf_release(&out);

	if (!utf8_name_check(s, size, &r)) {
		check(prefix == size);
		for (size_t i = 0; i < size; i++)
			check(data[i] >= 0x20 && data[i] != 0x7F);
	} else {
		check(r.offset < size && r.why[0]);
	}
	return 0;
}
