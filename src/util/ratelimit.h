#ifndef UTIL_RATELIMIT_H
#define UTIL_RATELIMIT_H

#include <stdint.h>

/*
 * How often one client may try something (sign in): a token bucket per
 * key (the client's address) that holds up to `per_minute` tries and
 * refills at that rate, so a person who mistypes is never held up and a
 * script that guesses gets `per_minute` tries a minute at most.
 *
 * The table is of a fixed size (RATELIMIT_SLOTS); when it is full, the
 * key least recently held up gives its place, which only ever lets a
 * client try sooner, never later.  Thread-safe.
 */
#define RATELIMIT_SLOTS 4096

struct ratelimit;

struct ratelimit *ratelimit_new(unsigned per_minute);
void ratelimit_free(struct ratelimit *rl);
/*
 * Takes one try for key at time now_ms (milliseconds, any fixed origin):
 * 0 if allowed; else the seconds until the next try would be, at least 1.
 */
unsigned ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_ms);
/* Gives back one try taken for key (it succeeded), up to the bucket's size. */
void ratelimit_give_back(struct ratelimit *rl, const char *key);

#endif
