#ifndef CORE_UPN_H
#define CORE_UPN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Unique Pupil Numbers: 13 characters, a check letter then twelve
 * characters (LA number, establishment, year, serial); a temporary UPN
 * ends in a letter.  The check letter is the DfE's: characters 2-13
 * weighted 2-13, digits at face value and a final letter at its index in
 * UPN_LETTERS, summed mod 23, into UPN_LETTERS.
 */
#define UPN_LEN 13
#define UPN_LETTERS "ABCDEFGHJKLMNPQRTUVWXYZ"

/* Returns true if valid, else false with *why set (if why is not NULL). */
bool upn_valid(const char *s, size_t len, const char **why);
/* The check letter for the 12 characters after it, or 0 if they are bad. */
char upn_check_letter(const char *tail12);

#endif
