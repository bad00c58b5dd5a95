#include "util/ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

#define KEY_MAX 64
#define PROBE 16

/*
 * In whole numbers: a try costs TRY units, a bucket refills per_minute
 * units a millisecond and holds per_minute tries.
 */
#define TRY 60000

struct slot {
	char key[KEY_MAX];	/* "" when free */
	int64_t units;
	int64_t at;		/* when units was worked out */
};

struct ratelimit {
	pthread_mutex_t lock;
	int64_t per_ms, burst;
	struct slot *slots;
};

struct ratelimit *ratelimit_new(unsigned per_minute)
{
	struct ratelimit *rl = xcalloc(1, sizeof(*rl));

	pthread_mutex_init(&rl->lock, NULL);
	rl->per_ms = per_minute ? per_minute : 1;
	rl->burst = rl->per_ms * TRY;
	rl->slots = xcalloc(RATELIMIT_SLOTS, sizeof(*rl->slots));
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->slots);
	free(rl);
}

static uint32_t key_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int64_t units_at(const struct ratelimit *rl, const struct slot *s,
			int64_t now)
{
	int64_t t = s->units + (now > s->at ? now - s->at : 0) * rl->per_ms;

	return t > rl->burst ? rl->burst : t;
}

unsigned ratelimit_take(struct ratelimit *rl, const char *key, int64_t now)
{
	uint32_t h = key_hash(key);
	struct slot *s = NULL, *spare = NULL;
	int64_t best = -1, t;
	unsigned wait = 0;

	pthread_mutex_lock(&rl->lock);
	for (unsigned i = 0; i < PROBE; i++) {
		struct slot *c = &rl->slots[(h + i) % RATELIMIT_SLOTS];

		if (!strncmp(c->key, key, KEY_MAX - 1) && c->key[0]) {
			s = c;
			break;
		}
		/* a free slot, else the fullest bucket: the one held up least */
		t = c->key[0] ? units_at(rl, c, now) : rl->burst + 1;
		if (t > best) {
			best = t;
			spare = c;
		}
	}
	if (!s) {
		s = spare;
		snprintf(s->key, sizeof(s->key), "%s", key);
		s->units = rl->burst;
		s->at = now;
	}
	t = units_at(rl, s, now);
	s->at = now;
	if (t >= TRY) {
		s->units = t - TRY;
	} else {
		int64_t ms = (TRY - t + rl->per_ms - 1) / rl->per_ms;

		s->units = t;
		wait = (unsigned)((ms + 999) / 1000);
	}
	pthread_mutex_unlock(&rl->lock);
	return wait;
}

void ratelimit_give_back(struct ratelimit *rl, const char *key)
{
	uint32_t h = key_hash(key);

	pthread_mutex_lock(&rl->lock);
	for (unsigned i = 0; i < PROBE; i++) {
		struct slot *c = &rl->slots[(h + i) % RATELIMIT_SLOTS];

		if (c->key[0] && !strncmp(c->key, key, KEY_MAX - 1)) {
			c->units = c->units + TRY > rl->burst ? rl->burst :
				   c->units + TRY;
			break;
		}
	}
	pthread_mutex_unlock(&rl->lock);
}
