/*
 * The early-warning model: features by hand, a fit whose answer is known
 * in closed form, and a fit checked against plain gradient ascent written
 * here independently (slow, simple, and sure to reach the same optimum of
 * a concave objective).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/forecast.h"
#include "tap.h"

static void test_features(void)
{
	struct forecast_pupil p = { 0 };
	double x[FEATURE_COUNT];

	/* 100 possible: 90 present, 4 authorised, 6 unauthorised. */
	p.so_far.possible = 100;
	p.so_far.attendance = 90;
	p.so_far.authorised = 4;
	p.so_far.unauthorised = 6;
	p.recent.possible = 40;
	p.recent.authorised = 10;	/* 25% lately */
	p.fsm = FLAG_YES;
	p.sen = SEN_EHCP;
	p.care = CARE_CP;
	p.year_group = 9;
	forecast_features(&p, x);
	ok(x[FEATURE_BIAS] == 1.0, "bias is 1");
	ok(fabs(x[FEATURE_RATE] - 0.10) < 1e-12, "rate 10/100");
	ok(fabs(x[FEATURE_RATE2] - 0.01) < 1e-12, "rate squared");
	ok(fabs(x[FEATURE_UNAUTH] - 0.06) < 1e-12, "unauthorised 6/100");
	ok(fabs(x[FEATURE_RECENT] - 0.25) < 1e-12, "recent 10/40");
	ok(x[FEATURE_FSM] == 1 && x[FEATURE_EHCP] == 1 &&
	   x[FEATURE_SEN_SUPPORT] == 0, "FSM and EHCP flags");
	ok(x[FEATURE_SOCIAL_WORKER] == 1, "CP counts as having a social worker");
	ok(x[FEATURE_SECONDARY] == 1, "year 9 is secondary");

	p.recent.possible = 0;
	p.recent.authorised = 0;
	p.care = CARE_NONE;
	p.year_group = 6;
	p.sen = SEN_SUPPORT;
	forecast_features(&p, x);
	ok(fabs(x[FEATURE_RECENT] - 0.10) < 1e-12,
	   "no recent sessions: the rate so far stands in");
	ok(x[FEATURE_SOCIAL_WORKER] == 0 && x[FEATURE_SECONDARY] == 0 &&
	   x[FEATURE_SEN_SUPPORT] == 1, "year 6, SEN support, no social worker");
}

/*
 * Only the bias varies: the other weights stay 0 (their gradient is 0 and
 * the ridge pulls to 0) and the bias is the log-odds of the base rate,
 * log(30/70), with p = 0.3 for everyone.
 */
static void test_base_rate(void)
{
	enum { N = 100 };
	double *x = calloc(N * FEATURE_COUNT, sizeof(*x));
	uint8_t y[N];
	struct forecast_model m;

	for (int i = 0; i < N; i++) {
		x[i * FEATURE_COUNT + FEATURE_BIAS] = 1;
		y[i] = i < 30;
	}
	is_int(forecast_fit(x, y, N, &m), 0, "fits");
	ok(m.converged, "converges");
	ok(fabs(m.w[FEATURE_BIAS] - log(30.0 / 70.0)) < 1e-9,
	   "bias is log(30/70) (got %.12f)", m.w[FEATURE_BIAS]);
	ok(fabs(forecast_probability(&m, x) - 0.3) < 1e-9, "p = 0.30");
	for (int k = 1; k < FEATURE_COUNT; k++)
		ok(fabs(m.w[k]) < 1e-12, "weight %d stays 0", k);

	memset(y, 0, sizeof(y));
	is_int(forecast_fit(x, y, N, &m), -1, "one outcome only: refused");
	is_int(forecast_fit(x, y, 0, &m), -1, "no rows: refused");
	free(x);
}

/*
 * The gradient of the penalised log-likelihood at w, computed here from
 * its definition: at the optimum of this concave objective it is zero,
 * and the objective is higher there than at any point nearby.
 */
static double loglik(const double *x, const uint8_t *y, size_t n,
		     const double *w, double *g)
{
	double ll = 0;

	if (g)
		memset(g, 0, FEATURE_COUNT * sizeof(*g));
	for (size_t i = 0; i < n; i++) {
		double z = 0, p;
		for (int k = 0; k < FEATURE_COUNT; k++)
			z += w[k] * x[i * FEATURE_COUNT + k];
		p = 1 / (1 + exp(-z));
		ll += y[i] ? log(p) : log(1 - p);
		for (int k = 0; g && k < FEATURE_COUNT; k++)
			g[k] += (y[i] - p) * x[i * FEATURE_COUNT + k];
	}
	for (int k = 1; k < FEATURE_COUNT; k++) {
		ll -= 0.5e-2 * w[k] * w[k];	/* the ridge of forecast.c */
		if (g)
			g[k] -= 1e-2 * w[k];
	}
	return ll;
}

static void test_against_ascent(void)
{
	enum { N = 400 };
	double *x = calloc(N * FEATURE_COUNT, sizeof(*x)), g[FEATURE_COUNT];
	uint8_t y[N];
	struct forecast_model m;
	double worst = 0, best;
	int higher = 0;
	unsigned seed = 12345;

	for (int i = 0; i < N; i++) {
		struct forecast_pupil p = { 0 };
		seed = seed * 1103515245u + 12345u;
		p.so_far.possible = 100;
		p.so_far.authorised = (seed >> 16) % 40;
		p.so_far.unauthorised = (seed >> 8) % 5;
		p.so_far.attendance = 100 - p.so_far.authorised - p.so_far.unauthorised;
		p.recent.possible = 20;
		p.recent.authorised = (seed >> 4) % 10;
		p.fsm = (seed >> 3) & 1 ? FLAG_YES : FLAG_NO;
		p.sen = (seed >> 5) % 3 == 0 ? SEN_SUPPORT : (seed >> 5) % 3 == 1 ? SEN_EHCP : SEN_NONE;
		p.care = (seed >> 7) % 5 == 0 ? CARE_CIN : CARE_NONE;
		p.year_group = 1 + (int)((seed >> 9) % 11);
		forecast_features(&p, x + i * FEATURE_COUNT);
		/* noisy outcome: more absence, more likely */
		y[i] = (double)((seed >> 20) % 1000) / 1000.0 <
		       x[i * FEATURE_COUNT + FEATURE_RATE] * 2.2;
	}
	is_int(forecast_fit(x, y, N, &m), 0, "random data fits");
	ok(m.converged, "Newton converges in %d steps", m.iterations);
	best = loglik(x, y, N, m.w, g);
	for (int k = 0; k < FEATURE_COUNT; k++)
		if (fabs(g[k]) > worst)
			worst = fabs(g[k]);
	ok(worst < 1e-6, "the gradient is zero at the fit (largest %.2g)", worst);
	for (int k = 0; k < FEATURE_COUNT; k++)
		for (int sign = -1; sign <= 1; sign += 2) {
			double w[FEATURE_COUNT];
			memcpy(w, m.w, sizeof(w));
			w[k] += sign * 1e-3;
			if (loglik(x, y, N, w, NULL) > best)
				higher++;
		}
	is_int(higher, 0, "no nearby point scores higher");
	ok(m.w[FEATURE_RATE] > 0 || m.w[FEATURE_RATE2] > 0,
	   "absence raises the probability");
	free(x);
}

static void test_scores(void)
{
	struct forecast_score s = { 0 };
	char upn[32];
	int held = 0;

	/* 3 flagged rightly, 1 wrongly, 2 missed, 4 rightly left alone. */
	for (int i = 0; i < 3; i++)
		forecast_score_add(&s, true, true);
	forecast_score_add(&s, true, false);
	forecast_score_add(&s, false, true);
	forecast_score_add(&s, false, true);
	for (int i = 0; i < 4; i++)
		forecast_score_add(&s, false, false);
	is_int(forecast_precision(&s), 750, "precision 3/4");
	is_int(forecast_recall(&s), 600, "recall 3/5");
	memset(&s, 0, sizeof(s));
	is_int(forecast_precision(&s), 0, "nothing flagged: precision 0");

	for (int i = 0; i < 2000; i++) {
		snprintf(upn, sizeof(upn), "A99020025%04d", i);
		held += forecast_held_out(upn);
	}
	ok(held > 900 && held < 1100, "about half held out (%d of 2000)", held);
	ok(forecast_held_out("A990200250001") == forecast_held_out("A990200250001"),
	   "the split is fixed by the UPN");
}

int main(void)
{
	test_features();
	test_base_rate();
	test_against_ascent();
	test_scores();
	return tap_done();
}
