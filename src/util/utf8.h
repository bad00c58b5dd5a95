#ifndef UTIL_UTF8_H
#define UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/*
 * Text at the door: the encoding of a file, its conversion to UTF-8, and
 * the check of a name before it is stored.  Pure functions over bytes,
 * no allocation except into the caller's strbuf.
 *
 * UTF-8 is checked strictly (RFC 3629): no overlong forms, no surrogates
 * (U+D800-U+DFFF), nothing above U+10FFFF, no sequence cut short.
 *
 * A name (a pupil's surname or forename, a school's name, any other text
 * a person reads on a page) must be UTF-8 and hold none of:
 *
 *   - C0 control characters, U+0000-U+001F: TAB, CR and LF included;
 *   - DELETE, U+007F, and the C1 controls, U+0080-U+009F;
 *   - the bidirectional embeddings and overrides, U+202A-U+202E, and
 *     isolates, U+2066-U+2069, which make text display in another order
 *     than it is stored (the "Trojan Source" trick, CVE-2021-42574).
 *
 * These are refused, not stripped: a name is evidence (a letter to a
 * parent, a penalty notice), and quietly changing it would store a name
 * nobody wrote; a control character in a name means the file was built
 * wrongly, which its sender should hear about.  Ordinary marks of
 * direction (U+200E, U+200F) and every letter of every script pass.
 */

/* Length (1-4) of the UTF-8 character at s, its code point in *cp; 0 if
 * the bytes at s (n > 0 of them) do not begin a valid character. */
int utf8_decode(const char *s, size_t n, uint32_t *cp);

/* The length of the longest valid UTF-8 prefix of s: n if all of it is. */
size_t utf8_valid_prefix(const char *s, size_t n);

/* Whether every byte of s is below 0x80 (word at a time: fast). */
int utf8_is_ascii(const char *s, size_t n);

/*
 * How a file's bytes are to be read, by the first rule that fits:
 *   ASCII     no byte >= 0x80: nothing to convert;
 *   UTF8      all of it valid UTF-8 (a byte-order mark is the caller's);
 *   CP1252    no valid multi-byte UTF-8 sequence anywhere: a single-byte
 *             file, read as Windows-1252 (which is ISO-8859-1 for every
 *             printable character; its 0x80-0x9F are letters and
 *             punctuation where ISO-8859-1 has C1 controls);
 *   MIXED     both valid UTF-8 sequences and bytes that are not: refused,
 *             as no single encoding explains the file.
 * *bad is the offset of the first byte that is not UTF-8 (CP1252, MIXED).
 */
enum text_encoding { TEXT_ASCII, TEXT_UTF8, TEXT_CP1252, TEXT_MIXED };
enum text_encoding text_detect(const char *s, size_t n, size_t *bad);
const char *text_encoding_name(enum text_encoding enc);

/*
 * Appends s, read as Windows-1252, to out as UTF-8.  Returns 0, or -1
 * with *bad the offset of one of the five bytes Windows-1252 leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
 */
int cp1252_to_utf8(const char *s, size_t n, struct strbuf *out, size_t *bad);

/*
 * Why a name is refused, for "file:line: field: <why>" messages.
 */
struct utf8_refusal {
	size_t offset;		/* byte offset of the character refused */
	size_t nth;		/* its place among the characters, from 1 */
	uint32_t cp;		/* the character; 0 for bytes not UTF-8 */
	char why[96];
};

/* 0 if s[0..n) is a name attend stores, else -1 with *r filled. */
int utf8_name_check(const char *s, size_t n, struct utf8_refusal *r);

#endif
