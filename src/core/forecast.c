#include "core/forecast.h"

#include <math.h>
#include <string.h>

#define RIDGE 1e-2		/* keeps the fit finite when a flag separates */
#define MAX_STEPS 60

static double ratio(uint32_t num, uint32_t den)
{
	return den ? (double)num / (double)den : 0.0;
}

void forecast_features(const struct forecast_pupil *p,
		       double x[FEATURE_COUNT])
{
	double rate = ratio(measure_absent(&p->so_far), p->so_far.possible);

	x[FEATURE_BIAS] = 1.0;
	x[FEATURE_RATE] = rate;
	x[FEATURE_RATE2] = rate * rate;
	x[FEATURE_UNAUTH] = ratio(p->so_far.unauthorised, p->so_far.possible);
	/* No recent sessions (a new joiner): take the rate so far. */
	x[FEATURE_RECENT] = p->recent.possible ?
		ratio(measure_absent(&p->recent), p->recent.possible) : rate;
	x[FEATURE_FSM] = p->fsm == FLAG_YES;
	x[FEATURE_SEN_SUPPORT] = p->sen == SEN_SUPPORT;
	x[FEATURE_EHCP] = p->sen == SEN_EHCP;
	x[FEATURE_SOCIAL_WORKER] = p->care == CARE_CIN || p->care == CARE_CP ||
				   p->care == CARE_CLA;
	x[FEATURE_SECONDARY] = p->year_group >= 7 && p->year_group <= 14;
}

static double sigmoid(double z)
{
	if (z >= 0)
		return 1.0 / (1.0 + exp(-z));
	return exp(z) / (1.0 + exp(z));
}

double forecast_probability(const struct forecast_model *m,
			    const double x[FEATURE_COUNT])
{
	double z = 0;

	for (int k = 0; k < FEATURE_COUNT; k++)
		z += m->w[k] * x[k];
	return sigmoid(z);
}

/* Solves a x = b (K x K, overwritten) by elimination with partial pivoting. */
static int solve(double a[FEATURE_COUNT][FEATURE_COUNT], double b[FEATURE_COUNT])
{
	enum { K = FEATURE_COUNT };

	for (int c = 0; c < K; c++) {
		int pivot = c;
		for (int r = c + 1; r < K; r++)
			if (fabs(a[r][c]) > fabs(a[pivot][c]))
				pivot = r;
		if (fabs(a[pivot][c]) < 1e-12)
			return -1;
		if (pivot != c) {
			double t[K], tb = b[c];
			memcpy(t, a[c], sizeof(t));
			memcpy(a[c], a[pivot], sizeof(t));
			memcpy(a[pivot], t, sizeof(t));
			b[c] = b[pivot];
			b[pivot] = tb;
		}
		for (int r = c + 1; r < K; r++) {
			double f = a[r][c] / a[c][c];
			for (int k = c; k < K; k++)
				a[r][k] -= f * a[c][k];
			b[r] -= f * b[c];
		}
	}
	for (int c = K - 1; c >= 0; c--) {
		for (int k = c + 1; k < K; k++)
			b[c] -= a[c][k] * b[k];
		b[c] /= a[c][c];
	}
	return 0;
}

/* The penalised log-likelihood the fit climbs. */
static double objective(const double *x, const uint8_t *y, size_t n,
			const struct forecast_model *m)
{
	double ll = 0;

	for (size_t i = 0; i < n; i++) {
		double z = 0;
		for (int k = 0; k < FEATURE_COUNT; k++)
			z += m->w[k] * x[i * FEATURE_COUNT + k];
		/* log p = -log(1 + e^-z); log(1 - p) = -log(1 + e^z) */
		ll -= y[i] ? log1p(exp(-fabs(z))) + (z < 0 ? -z : 0) :
			     log1p(exp(-fabs(z))) + (z > 0 ? z : 0);
	}
	for (int k = 1; k < FEATURE_COUNT; k++)
		ll -= 0.5 * RIDGE * m->w[k] * m->w[k];
	return ll;
}

int forecast_fit(const double *x, const uint8_t *y, size_t n,
		 struct forecast_model *m)
{
	size_t pos = 0;
	double ll;

	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < n; i++)
		pos += y[i] != 0;
	if (!n || !pos || pos == n)
		return -1;
	/* Start from the base rate, so the first step is a small one. */
	m->w[FEATURE_BIAS] = log((double)pos / (double)(n - pos));
	ll = objective(x, y, n, m);
	for (m->iterations = 0; m->iterations < MAX_STEPS; m->iterations++) {
		double h[FEATURE_COUNT][FEATURE_COUNT] = { { 0 } };
		double g[FEATURE_COUNT] = { 0 }, step = 0;

		for (size_t i = 0; i < n; i++) {
			const double *xi = x + i * FEATURE_COUNT;
			double p = forecast_probability(m, xi);
			double wt = p * (1 - p), r = (y[i] ? 1.0 : 0.0) - p;

			for (int a = 0; a < FEATURE_COUNT; a++) {
				g[a] += r * xi[a];
				if (xi[a] == 0)
					continue;
				for (int b = a; b < FEATURE_COUNT; b++)
					h[a][b] += wt * xi[a] * xi[b];
			}
		}
		for (int a = 0; a < FEATURE_COUNT; a++) {
			for (int b = 0; b < a; b++)
				h[a][b] = h[b][a];
			if (a != FEATURE_BIAS) {
				h[a][a] += RIDGE;
				g[a] -= RIDGE * m->w[a];
			}
		}
		if (solve(h, g))
			return -1;
		/* Newton's step, halved until it climbs (rare events overshoot). */
		for (double t = 1; t > 1e-6; t /= 2) {
			struct forecast_model next = *m;
			double nll;

			for (int a = 0; a < FEATURE_COUNT; a++)
				next.w[a] += t * g[a];
			nll = objective(x, y, n, &next);
			if (nll >= ll - 1e-12) {
				step = 0;
				for (int a = 0; a < FEATURE_COUNT; a++)
					if (fabs(t * g[a]) > step)
						step = fabs(t * g[a]);
				*m = next;
				ll = nll;
				break;
			}
		}
		if (step < 1e-7) {
			m->converged = true;
			m->iterations++;
			break;
		}
	}
	return 0;
}

void forecast_score_add(struct forecast_score *s, bool flagged, bool outcome)
{
	if (flagged && outcome)
		s->true_pos++;
	else if (flagged)
		s->false_pos++;
	else if (outcome)
		s->false_neg++;
	else
		s->true_neg++;
}

static unsigned thousandths(uint64_t num, uint64_t den)
{
	return den ? (unsigned)((1000 * num + den / 2) / den) : 0;
}

unsigned forecast_precision(const struct forecast_score *s)
{
	return thousandths(s->true_pos, s->true_pos + s->false_pos);
}

unsigned forecast_recall(const struct forecast_score *s)
{
	return thousandths(s->true_pos, s->true_pos + s->false_neg);
}

bool forecast_held_out(const char *upn)
{
	uint32_t h = 2166136261u;

	for (; *upn; upn++)
		h = (h ^ (unsigned char)*upn) * 16777619u;
	return (h >> 7) & 1;
}
