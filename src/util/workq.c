#include "util/workq.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/strbuf.h"

struct job {
	workq_fn *fn;
	void *arg;
};

struct workq {
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct job *ring;
	unsigned depth, head, queued;	/* ring[head..head+queued) */
	unsigned reserved;		/* places held, not yet pushed */
	unsigned running;
	int stopping;
	unsigned nr_threads;
	pthread_t *threads;
};

static void *worker(void *p)
{
	struct workq *q = p;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		struct job j;

		while (!q->queued && !(q->stopping && !q->reserved))
			pthread_cond_wait(&q->ready, &q->lock);
		if (!q->queued)
			break;
		j = q->ring[q->head];
		q->head = (q->head + 1) % q->depth;
		q->queued--;
		q->running++;
		pthread_mutex_unlock(&q->lock);
		j.fn(j.arg);
		pthread_mutex_lock(&q->lock);
		q->running--;
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct workq *workq_start(unsigned threads, unsigned depth)
{
	struct workq *q = xcalloc(1, sizeof(*q));

	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->ready, NULL);
	q->depth = depth ? depth : 1;
	q->ring = xcalloc(q->depth, sizeof(*q->ring));
	q->threads = xcalloc(threads ? threads : 1, sizeof(*q->threads));
	for (unsigned i = 0; i < (threads ? threads : 1); i++)
		if (!pthread_create(&q->threads[q->nr_threads], NULL, worker, q))
			q->nr_threads++;
	if (!q->nr_threads) {
		free(q->threads);
		free(q->ring);
		free(q);
		return NULL;
	}
	return q;
}

int workq_reserve(struct workq *q)
{
	int rc = -1;

	pthread_mutex_lock(&q->lock);
	if (!q->stopping && q->reserved + q->queued < q->depth) {
		q->reserved++;
		rc = 0;
	}
	pthread_mutex_unlock(&q->lock);
	return rc;
}

void workq_push(struct workq *q, workq_fn *fn, void *arg)
{
	pthread_mutex_lock(&q->lock);
	q->ring[(q->head + q->queued) % q->depth] = (struct job){ fn, arg };
	q->queued++;
	q->reserved--;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->lock);
}

void workq_unreserve(struct workq *q)
{
	pthread_mutex_lock(&q->lock);
	q->reserved--;
	pthread_cond_broadcast(&q->ready);
	pthread_mutex_unlock(&q->lock);
}

unsigned workq_load(struct workq *q)
{
	unsigned n;

	pthread_mutex_lock(&q->lock);
	n = q->queued + q->running;
	pthread_mutex_unlock(&q->lock);
	return n;
}

void workq_stop(struct workq *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = 1;
	pthread_cond_broadcast(&q->ready);
	pthread_mutex_unlock(&q->lock);
	for (unsigned i = 0; i < q->nr_threads; i++)
		pthread_join(q->threads[i], NULL);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->ready);
	free(q->threads);
	free(q->ring);
	free(q);
}
