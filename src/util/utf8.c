#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

int utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	int len;

	if (!n)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
		min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
		min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;	/* a continuation byte, C0, C1 or F5-FF */
	}
	if (n < (size_t)len)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;	/* overlong, too large, a surrogate */
	*cp = c;
	return len;
}

int utf8_is_ascii(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= p[i];
	return !(acc & 0x8080808080808080ULL);
}

size_t utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		int len;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (!len)
			return i;
		i += (size_t)len;
	}
	return n;
}

enum text_encoding text_detect(const char *s, size_t n, size_t *bad)
{
	int multibyte = 0, invalid = 0;
	size_t i = 0;

	*bad = n;
	if (utf8_is_ascii(s, n))
		return TEXT_ASCII;
	while (i < n) {
		uint32_t cp;
		int len;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len) {
			multibyte = 1;
			i += (size_t)len;
			continue;
		}
		if (!invalid)
			*bad = i;
		invalid = 1;
		i++;
	}
	if (!invalid)
		return TEXT_UTF8;
	return multibyte ? TEXT_MIXED : TEXT_CP1252;
}

const char *text_encoding_name(enum text_encoding enc)
{
	switch (enc) {
	case TEXT_ASCII: return "ASCII";
	case TEXT_UTF8: return "UTF-8";
	case TEXT_CP1252: return "Windows-1252";
	default: return "mixed";
	}
}

/* Windows-1252's 0x80-0x9F (0: undefined); the rest is ISO-8859-1. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void put_utf8(struct strbuf *out, uint32_t c)
{
	char b[3];

	if (c < 0x800) {
		b[0] = (char)(0xC0 | c >> 6);
		b[1] = (char)(0x80 | (c & 0x3F));
		strbuf_add(out, b, 2);
	} else {
		b[0] = (char)(0xE0 | c >> 12);
		b[1] = (char)(0x80 | (c >> 6 & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		strbuf_add(out, b, 3);
	}
}

int cp1252_to_utf8(const char *str, size_t n, struct strbuf *out, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t run = 0;

	strbuf_grow(out, n + n / 8);
	for (size_t i = 0; i < n; i++) {
		uint32_t c = s[i];

		if (c < 0x80)
			continue;
		strbuf_add(out, str + run, i - run);
		run = i + 1;
		if (c < 0xA0) {
			c = cp1252_high[c - 0x80];
			if (!c) {
				*bad = i;
				return -1;
			}
		}
		put_utf8(out, c);
	}
	strbuf_add(out, str + run, n - run);
	return 0;
}

/* The name of a character refused in names, or NULL if it is allowed. */
static const char *refused_name(uint32_t c)
{
	static const char *const bidi[] = {
		"LEFT-TO-RIGHT EMBEDDING", "RIGHT-TO-LEFT EMBEDDING",
		"POP DIRECTIONAL FORMATTING", "LEFT-TO-RIGHT OVERRIDE",
		"RIGHT-TO-LEFT OVERRIDE",
	};
	static const char *const isolate[] = {
		"LEFT-TO-RIGHT ISOLATE", "RIGHT-TO-LEFT ISOLATE",
		"FIRST STRONG ISOLATE", "POP DIRECTIONAL ISOLATE",
	};

	if (c == '\t')
		return "a tab (a control character)";
	if (c == '\r')
		return "a carriage return (a control character)";
	if (c == '\n')
		return "a line feed (a control character)";
	if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
		return "a control character";
	if (c >= 0x202A && c <= 0x202E)
		return bidi[c - 0x202A];
	if (c >= 0x2066 && c <= 0x2069)
		return isolate[c - 0x2066];
	return NULL;
}

int utf8_name_check(const char *s, size_t n, struct utf8_refusal *r)
{
	size_t i = 0, nth = 0;

	while (i < n) {
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);
		const char *what;

		nth++;
		if (!len) {
			r->offset = i;
			r->nth = nth;
			r->cp = 0;
			snprintf(r->why, sizeof(r->why), "byte 0x%02X at character "
				 "%zu is not UTF-8", (unsigned char)s[i], nth);
			return -1;
		}
		what = refused_name(cp);
		if (what) {
			r->offset = i;
			r->nth = nth;
			r->cp = cp;
			snprintf(r->why, sizeof(r->why), "U+%04X (%s) at character "
				 "%zu is not allowed in a name", (unsigned)cp, what,
				 nth);
			return -1;
		}
		i += (size_t)len;
	}
	return 0;
}
