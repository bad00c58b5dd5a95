#ifndef CORE_URN_H
#define CORE_URN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A school's Unique Reference Number, as GIAS gives it: six digits, the
 * first not 0 (100000 to 999999).  Written with "%06d" it reads back the
 * same.  The one rule for a URN wherever one is read: files, the command
 * line, forms and addresses.
 */
#define URN_LEN 6
#define URN_MIN 100000
#define URN_MAX 999999

/*
 * The URN s[0..len) spells: true with *urn set, else false (no sign,
 * space or other character is taken, and *urn is left alone).
 */
bool urn_parse(const char *s, size_t len, int32_t *urn);

#endif
