#ifndef ENGINE_ENGINE_INTERNAL_H
#define ENGINE_ENGINE_INTERNAL_H

#include "engine/engine.h"

/*
 * Inside the engine: the kernels that read the matrix (engine_kernel.c)
 * and what the queries (engine_query.c) share with them.
 */

/* Bytes of one vector: the stride is a multiple of this. */
#define ENGINE_VECTOR 32
/* Vectors in a row at most (732 slots). */
#define ENGINE_MAX_VECTORS ((YEAR_SLOTS_MAX + ENGINE_VECTOR - 1) / ENGINE_VECTOR)
#define ENGINE_MAX_COLS (ENGINE_MAX_VECTORS * ENGINE_VECTOR)

void engine_out_of_memory(size_t bytes);
/*
 * Makes m, a private map of nr_rows * stride + 64 bytes of a cache file,
 * the matrix of an engine with room for exactly nr_rows rows (engine_read).
 * Growing the engine later copies it into memory of its own.
 */
void engine_adopt_matrix(struct engine *e, mark_t *m);

/*
 * The columns [c0, c1) of a query, as the vectors [v0, v1) of every row
 * that hold them; head and tail keep the lanes of the first and last
 * vector that lie inside (0xff) and clear the others, which then read as
 * missing marks.
 */
struct span {
	size_t c0, c1;
	size_t v0, v1;
	uint8_t head[ENGINE_VECTOR], tail[ENGINE_VECTOR];
};

/*
 * A threshold t counts the marks m > t: every category is a range of
 * byte values (core/code.h), so "possible" is m > first[PRESENT] - 1 and
 * so on.  Kernels pack up to four counts into one uint64_t, 16 bits
 * each, count i in bits 16i..16i+15.
 */
enum threshold_kind { T_POSSIBLE, T_ABSENT, T_UNAUTHORISED, T_MARKED };
/* The byte t of a threshold: count the marks m > t. */
int8_t threshold_byte(enum threshold_kind k);

/*
 * band_of() (core/measure.c), inlined for the per-row loops; the unit
 * test checks the two agree on every (absent, possible) of a year.
 */
static inline enum band engine_band(uint32_t a, uint32_t p)
{
	if (p == 0)
		return BAND_NONE;
	if (20 * a <= p)
		return BAND_EXPECTED;
	if (10 * a < p)
		return BAND_AT_RISK_PA;
	if (5 * a <= p)
		return BAND_PA;
	if (2 * a < p)
		return BAND_AT_RISK_SA;
	return BAND_SA;
}

static inline uint32_t packed_count(uint64_t packed, int i)
{
	return (uint32_t)(packed >> (16 * i)) & 0xffff;
}

/*
 * Counts, for rows lo..hi-1, the marks above each of the k thresholds
 * t[0..k) inside the span, into out[r - lo].
 */
void kernel_count_rows(const struct engine *e, const struct span *sp,
		       size_t lo, size_t hi, const int8_t *t, int k,
		       uint64_t *out);

/*
 * The columns of row r inside the span whose mark is above t, in order,
 * into col[] (room for the span's columns); returns how many.
 */
size_t kernel_columns_above(const struct engine *e, const struct span *sp,
			    size_t r, int8_t t, int16_t *col);

/*
 * For the rows lo..hi-1 with at least `min` marks above t inside the
 * span, in order: the row into row[n], and for each of the columns
 * cut[0..nr_cuts) (rising, each inside [c0, c1]) how many of the row's
 * marks above t lie before it, into below[n * nr_cuts + j].  Returns n.
 * One read of each row: the rows it leaves out (most, for the penalty
 * threshold) are not looked at again, and the others need not be.
 *
 * within (may be NULL) narrows it to the rows that have `min` inside
 * within[school[r]] vectors in a row (vector v: the columns 32v ..
 * 32v + 31).
 */
size_t kernel_rows_above(const struct engine *e, const struct span *sp,
			 size_t lo, size_t hi, int8_t t, uint32_t min,
			 const uint8_t *within, const uint16_t *cut,
			 size_t nr_cuts, size_t *row, uint16_t *below);

/* The column of row r's k-th mark above t (k from 1) in [c0, c1), or -1. */
long kernel_nth_above(const struct engine *e, size_t r, size_t c0, size_t c1,
		      int8_t t, uint32_t k);

/*
 * Column sums for weekly trends and weekday patterns: for each row of
 * lo..hi-1 that has every flag in `flags`, counts its marks per column
 * into part[(school * nr_bins + bin[column]) * k + i], for the first k of:
 * possible, absent, unauthorised, late (L), late after registers closed (U).
 */
void kernel_column_sums(const struct engine *e, const struct span *sp,
			uint16_t flags, size_t lo, size_t hi, int k,
			const uint8_t *bin, size_t nr_bins, uint32_t *part);

/* -1: choose by CPU (default); 0: portable code; 1: AVX2.  For tests. */
extern int engine_use_avx2;
/* Whether the AVX2 kernels run (after the choice above). */
int engine_avx2(void);


/*
 * Code histograms (engine_codes()): for each row of lo..hi-1 that has
 * every flag in `flags`, counts the mark of each column c of the span
 * into part[(school * nr_bins + bin[c]) * ENGINE_CODES + mark] (bin
 * NULL: bin 0).
 */
void kernel_codes(const struct engine *e, const struct span *sp,
		  uint16_t flags, size_t lo, size_t hi, const uint16_t *bin,
		  size_t nr_bins, uint32_t *part);

/*
 * Registers (engine_registers()): for each row of lo..hi-1 that has every
 * flag in `flags`, ORs the ENGINE_SESSION_* bits of its marks inside the
 * span into acc[school * stride + column], counts it into rows[school],
 * and into marked[school] if it has a mark inside the span.
 */
void kernel_registers(const struct engine *e, const struct span *sp,
		      uint16_t flags, size_t lo, size_t hi, uint8_t *acc,
		      uint32_t *rows, uint32_t *marked);

/* Weekday patterns (engine_row_patterns()) of rows lo..hi-1 into out[r - lo]. */
void kernel_row_patterns(const struct engine *e, const struct span *sp,
			 size_t lo, size_t hi, struct engine_pattern *out);

#endif
