/*
 * The sign-in throttle's buckets (src/util/ratelimit.c) and the queue
 * that hashes passwords off the request threads (src/util/workq.c).
 * Times are given by the test; every expected value is worked by hand.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "tap.h"
#include "util/ratelimit.h"
#include "util/workq.h"

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static int ran;

static void job(void *arg)
{
	pthread_mutex_lock(&gate);	/* held by the test: the job waits */
	ran += *(int *)arg;
	pthread_mutex_unlock(&gate);
}

int main(void)
{
	struct ratelimit *rl = ratelimit_new(10);
	struct workq *q;
	int one = 1, n = 0;
	char key[32];

	/* 10 a minute: ten at once, then one every 6 seconds. */
	for (int i = 0; i < 10; i++)
		n += !ratelimit_take(rl, "10.0.0.1", 0);
	is_int(n, 10, "ten tries at once are allowed");
	is_int(ratelimit_take(rl, "10.0.0.1", 0), 6,
	       "the eleventh waits 6 s: a minute over 10 tries");
	is_int(ratelimit_take(rl, "10.0.0.1", 1000), 5,
	       "a second later, 5 s (a refused try costs nothing)");
	is_int(ratelimit_take(rl, "10.0.0.1", 5999), 1,
	       "1 ms short of 6 s, 1 s (rounded up, never 0)");
	is_int(ratelimit_take(rl, "10.0.0.1", 6000), 0,
	       "at 6 s one try has come back");
	is_int(ratelimit_take(rl, "10.0.0.1", 6000), 6,
	       "and is used up");
	is_int(ratelimit_take(rl, "10.0.0.2", 0), 0,
	       "another address has its own bucket");
	is_int(ratelimit_take(rl, "10.0.0.1", 6000 + 600000), 0,
	       "after ten quiet minutes the bucket is full again...");
	n = 1;
	for (int i = 0; i < 20; i++)
		n += !ratelimit_take(rl, "10.0.0.1", 606000);
	is_int(n, 10, "...but holds no more than ten tries");

	/* A try that succeeded is given back. */
	for (int i = 0; i < 10; i++)
		ratelimit_take(rl, "10.0.0.9", 800000);
	ratelimit_give_back(rl, "10.0.0.9");
	is_int(ratelimit_take(rl, "10.0.0.9", 800000), 0,
	       "a try given back can be taken again at once");
	is_int(ratelimit_take(rl, "10.0.0.9", 800000), 6, "but only the one");
	for (int i = 0; i < 3; i++)
		ratelimit_give_back(rl, "10.0.0.8");
	n = 0;
	for (int i = 0; i < 12; i++)
		n += !ratelimit_take(rl, "10.0.0.8", 800000);
	is_int(n, 10, "giving back never fills a bucket past its size");

	/* A table full of strangers never holds up a new address. */
	for (int i = 0; i < 3 * RATELIMIT_SLOTS; i++) {
		snprintf(key, sizeof(key), "192.168.%d.%d", i / 256, i % 256);
		for (int k = 0; k < 10; k++)
			ratelimit_take(rl, key, 700000);
	}
	is_int(ratelimit_take(rl, "172.16.0.1", 700000), 0,
	       "a new address gets its first try with the table full");
	ratelimit_free(rl);

	/* The queue: two places, one thread. */
	q = workq_start(1, 2);
	ok(q != NULL, "a queue of 2 places with 1 thread starts");
	pthread_mutex_lock(&gate);
	is_int(workq_reserve(q), 0, "a first place is reserved");
	is_int(workq_reserve(q), 0, "a second");
	is_int(workq_reserve(q), -1, "a third is refused: the queue is full");
	workq_push(q, job, &one);
	workq_unreserve(q);
	is_int(workq_reserve(q), 0, "a place given back can be reserved again");
	workq_push(q, job, &one);
	for (int i = 0; i < 200 && workq_load(q) != 2; i++)
		usleep(1000);
	is_int(workq_load(q), 2, "two jobs are waiting or running");
	is_int(workq_reserve(q), -1, "while both are there, no place is free");
	pthread_mutex_unlock(&gate);
	workq_stop(q);
	is_int(ran, 2, "stopping runs every job pushed before it");
	return tap_done();
}
