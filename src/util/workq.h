#ifndef UTIL_WORKQ_H
#define UTIL_WORKQ_H

/*
 * Slow work kept off the threads that answer requests: a bounded queue
 * served by threads of its own.  The web server hashes passwords here
 * (argon2id takes a core for a tenth of a second), so that a flood of
 * sign-ins waits in this queue, or is turned away when it is full,
 * while signed-in pages are answered as usual.
 *
 * A caller first reserves a place (workq_reserve: -1 when the queue is
 * full, so it can answer "busy" at once), then either pushes its job
 * into the place, which cannot fail, or gives the place back.
 */
struct workq;
typedef void workq_fn(void *arg);

/* threads run the jobs; at most depth are reserved or waiting. */
struct workq *workq_start(unsigned threads, unsigned depth);
int workq_reserve(struct workq *q);
void workq_push(struct workq *q, workq_fn *fn, void *arg);
void workq_unreserve(struct workq *q);
/* Jobs waiting or running now (for the logs and the tests). */
unsigned workq_load(struct workq *q);
/* Refuses new reservations, runs every job already pushed, and ends. */
void workq_stop(struct workq *q);

#endif
