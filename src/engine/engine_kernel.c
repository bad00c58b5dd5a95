/*
 * The engine's kernels: the only code that reads the matrix row by row.
 *
 * Two versions of each: AVX2 (32 marks a step, chosen at run time when
 * the CPU has it, so the build needs no -march) and portable C built on
 * measure_add_marks() and plain loops.  t/unit/test-engine.c runs both
 * against a naive count.
 *
 * Every mark is below 128 (engine_set_marks() stores anything outside the
 * code table as missing), so a signed byte compare m > t is one
 * instruction; lanes outside the span are cleared to 0 (missing) by the
 * head and tail masks.  A row's counts stay in byte lanes (at most 23
 * vectors a row, so no lane overflows) and are summed across lanes once
 * a row with psadbw, four counts packed in one 64-bit result.
 */
#include "engine/engine_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define ENGINE_X86 1
#include <immintrin.h>
#else
#define ENGINE_X86 0
#endif

int engine_use_avx2 = -1;

int engine_avx2(void)
{
#if ENGINE_X86
	static int cpu = -1;

	if (engine_use_avx2 >= 0)
		return engine_use_avx2;
	if (cpu < 0) {
		__builtin_cpu_init();
		/* every AVX2 CPU has POPCNT too, but the kernels say so */
		cpu = __builtin_cpu_supports("avx2") &&
			__builtin_cpu_supports("popcnt") ? 1 : 0;
	}
	return cpu;
#else
	return 0;
#endif
}

int8_t threshold_byte(enum threshold_kind k)
{
	switch (k) {
	case T_POSSIBLE:
		return (int8_t)(mark_category_first[CATEGORY_PRESENT] - 1);
	case T_ABSENT:
		return (int8_t)(mark_category_first[CATEGORY_AUTHORISED] - 1);
	case T_UNAUTHORISED:
		return (int8_t)(mark_category_first[CATEGORY_UNAUTHORISED] - 1);
	case T_MARKED:
		break;
	}
	return (int8_t)MARK_MISSING;
}

/* ---- portable -------------------------------------------------------- */

static void count_rows_portable(const struct engine *e, const struct span *sp,
				size_t lo, size_t hi, const int8_t *t, int k,
				uint64_t *out)
{
	size_t len = sp->c1 - sp->c0;

	for (size_t r = lo; r < hi; r++) {
		const mark_t *row = engine_row_marks(e, r) + sp->c0;
		uint64_t packed = 0;

		for (int i = 0; i < k; i++) {
			uint32_t n = 0;

			for (size_t c = 0; c < len; c++)
				n += (int8_t)row[c] > t[i];
			packed |= (uint64_t)n << (16 * i);
		}
		out[r - lo] = packed;
	}
}

/* The common case, k = 4 standard thresholds, through measure_add_marks. */
static int standard_thresholds(const int8_t *t, int k)
{
	for (int i = 0; i < k; i++)
		if (t[i] != threshold_byte((enum threshold_kind)i))
			return 0;
	return 1;
}

static void count_rows_measure(const struct engine *e, const struct span *sp,
			       size_t lo, size_t hi, int k, uint64_t *out)
{
	size_t len = sp->c1 - sp->c0;

	for (size_t r = lo; r < hi; r++) {
		struct measure m = { 0 };
		uint64_t v[4];

		measure_add_marks(&m, engine_row_marks(e, r) + sp->c0, len);
		v[T_POSSIBLE] = m.possible;
		v[T_ABSENT] = measure_absent(&m);
		v[T_UNAUTHORISED] = m.unauthorised;
		v[T_MARKED] = (uint64_t)len - m.missing;
		out[r - lo] = 0;
		for (int i = 0; i < k; i++)
			out[r - lo] |= v[i] << (16 * i);
	}
}

/*
 * Whether some `within` vectors in a row of the span hold min or more,
 * before[v] being the count in the vectors v0 .. v-1 (v0 .. v1).
 */
static inline int enough_within(const uint16_t *before, size_t v0, size_t v1,
				size_t within, uint32_t min)
{
	if (within >= v1 - v0)
		return before[v1] >= min;
	for (size_t v = v0; v + within <= v1; v++)
		if ((uint32_t)(before[v + within] - before[v]) >= min)
			return 1;
	return 0;
}

static size_t rows_above_portable(const struct engine *e, const struct span *sp,
				  size_t lo, size_t hi, int8_t t, uint32_t min,
				  const uint8_t *within, const uint16_t *cut,
				  size_t nr_cuts, size_t *row, uint16_t *below)
{
	uint16_t before[ENGINE_MAX_VECTORS + 1];
	size_t n = 0;

	for (size_t r = lo; r < hi; r++) {
		const mark_t *m = engine_row_marks(e, r);
		uint16_t *b = below + n * nr_cuts;
		uint32_t above = 0;
		size_t c = sp->c0;

		for (size_t v = sp->v0; v < sp->v1; v++) {
			size_t from = v * ENGINE_VECTOR, to = from + ENGINE_VECTOR;

			before[v] = (uint16_t)above;
			for (size_t i = from < sp->c0 ? sp->c0 : from;
			     i < to && i < sp->c1; i++)
				above += (int8_t)m[i] > t;
		}
		before[sp->v1] = (uint16_t)above;
		if (above < min || !enough_within(before, sp->v0, sp->v1, within ?
						  within[e->school[r]] : sp->v1, min))
			continue;
		above = 0;
		for (size_t j = 0; j < nr_cuts; j++) {
			for (; c < cut[j]; c++)
				above += (int8_t)m[c] > t;
			b[j] = (uint16_t)above;
		}
		row[n++] = r;
	}
	return n;
}

static void flush_columns(const struct span *sp, uint32_t (*col)[ENGINE_MAX_COLS],
			  int k, uint32_t school, const uint8_t *bin,
			  size_t nr_bins, uint32_t *part)
{
	uint32_t *p = part + (size_t)school * nr_bins * (size_t)k;

	for (size_t c = sp->c0; c < sp->c1; c++)
		for (int i = 0; i < k; i++) {
			p[bin[c] * (size_t)k + (size_t)i] += col[i][c];
			col[i][c] = 0;
		}
}

static void column_sums_portable(const struct engine *e, const struct span *sp,
				 uint16_t flags, size_t lo, size_t hi, int k,
				 const uint8_t *bin, size_t nr_bins,
				 uint32_t *part)
{
	uint32_t (*col)[ENGINE_MAX_COLS] = xcalloc(5, sizeof(*col));
	const int8_t tp = threshold_byte(T_POSSIBLE), ta = threshold_byte(T_ABSENT),
		tu = threshold_byte(T_UNAUTHORISED);
	const mark_t late = code_find("L", 1), late_after = code_find("U", 1);
	uint32_t school = UINT32_MAX;

	for (size_t r = lo; r < hi; r++) {
		const mark_t *row = engine_row_marks(e, r);

		if ((e->flags[r] & flags) != flags)
			continue;
		if (e->school[r] != school) {
			if (school != UINT32_MAX)
				flush_columns(sp, col, k, school, bin, nr_bins, part);
			school = e->school[r];
		}
		for (size_t c = sp->c0; c < sp->c1; c++) {
			int8_t m = (int8_t)row[c];

			col[0][c] += m > tp;
			col[1][c] += m > ta;
			col[2][c] += m > tu;
			if (k > 3) {
				col[3][c] += row[c] == late;
				col[4][c] += row[c] == late_after;
			}
		}
	}
	if (school != UINT32_MAX)
		flush_columns(sp, col, k, school, bin, nr_bins, part);
	free(col);
}

/*
 * The histogram of codes: a scatter, not a vector job.  Four histograms
 * are filled in turn, so that a run of the same mark does not wait on
 * one counter, and added into the school's cells when the rows move on
 * to another school (rows come mostly a school at a time).
 */
static void flush_codes(uint32_t (*h)[ENGINE_CODES], uint32_t *cells)
{
	for (int k = 0; k < 4; k++)
		for (int m = 0; m < ENGINE_CODES; m++)
			cells[m] += h[k][m];
	memset(h, 0, 4 * sizeof(*h));
}

void kernel_codes(const struct engine *e, const struct span *sp,
		  uint16_t flags, size_t lo, size_t hi, const uint16_t *bin,
		  size_t nr_bins, uint32_t *part)
{
	uint32_t h[4][ENGINE_CODES];
	uint32_t school = UINT32_MAX;

	memset(h, 0, sizeof(h));
	for (size_t r = lo; r < hi; r++) {
		const mark_t *m = engine_row_marks(e, r);
		size_t c = sp->c0;

		if ((e->flags[r] & flags) != flags)
			continue;
		if (bin) {
			uint32_t *cells = part + (size_t)e->school[r] * nr_bins *
					  ENGINE_CODES;

			for (; c < sp->c1; c++)
				cells[(size_t)bin[c] * ENGINE_CODES +
				      (m[c] & (ENGINE_CODES - 1))]++;
			continue;
		}
		if (e->school[r] != school) {
			if (school != UINT32_MAX)
				flush_codes(h, part + (size_t)school * ENGINE_CODES);
			school = e->school[r];
		}
		for (; c + 4 <= sp->c1; c += 4) {
			h[0][m[c] & (ENGINE_CODES - 1)]++;
			h[1][m[c + 1] & (ENGINE_CODES - 1)]++;
			h[2][m[c + 2] & (ENGINE_CODES - 1)]++;
			h[3][m[c + 3] & (ENGINE_CODES - 1)]++;
		}
		for (; c < sp->c1; c++)
			h[0][m[c] & (ENGINE_CODES - 1)]++;
	}
	if (school != UINT32_MAX)
		flush_codes(h, part + (size_t)school * ENGINE_CODES);
}

/*
 * Registers: a school's rows ORed together 16 marks at a time, with the
 * compiler's generic vectors (SSE2 or NEON, no intrinsics): a mark gives
 * ENGINE_SESSION_MARKED, and ENGINE_SESSION_OPEN unless it is '#'.
 */
typedef uint8_t v16u8 __attribute__((vector_size(16)));

void kernel_registers(const struct engine *e, const struct span *sp,
		      uint16_t flags, size_t lo, size_t hi, uint8_t *acc,
		      uint32_t *rows, uint32_t *marked)
{
	const size_t from = ENGINE_VECTOR * sp->v0, to = ENGINE_VECTOR * sp->v1;
	uint8_t keep[ENGINE_MAX_COLS];

	/* the lanes of the span's vectors that lie inside it */
	if (to > from) {
		memset(keep + from, 0xff, to - from);
		memcpy(keep + from, sp->head, ENGINE_VECTOR);
		for (size_t l = 0; l < ENGINE_VECTOR; l++)
			keep[to - ENGINE_VECTOR + l] &= sp->tail[l];
	}
	for (size_t r = lo; r < hi; r++) {
		const mark_t *m = engine_row_marks(e, r);
		uint8_t *a = acc + (size_t)e->school[r] * e->stride;
		v16u8 any = { 0 };
		uint64_t w[2];

		if ((e->flags[r] & flags) != flags)
			continue;
		for (size_t c = from; c < to; c += 16) {
			v16u8 x, k, y, nz;

			memcpy(&x, m + c, 16);
			memcpy(&k, keep + c, 16);
			memcpy(&y, a + c, 16);
			x &= k;
			nz = (v16u8)(x != 0);
			y |= (nz & ENGINE_SESSION_MARKED) |
			     (nz & (v16u8)(x != MARK_CLOSURE) & ENGINE_SESSION_OPEN);
			memcpy(a + c, &y, 16);
			any |= x;
		}
		memcpy(w, &any, sizeof(w));
		rows[e->school[r]]++;
		marked[e->school[r]] += (w[0] | w[1]) != 0;
	}
}

static void row_patterns_portable(const struct engine *e, const struct span *sp,
				  size_t lo, size_t hi,
				  struct engine_pattern *out)
{
	const int8_t tp = threshold_byte(T_POSSIBLE), ta = threshold_byte(T_ABSENT);
	const mark_t late = code_find("L", 1), late_after = code_find("U", 1);

	for (size_t r = lo; r < hi; r++) {
		const mark_t *m = engine_row_marks(e, r);
		struct engine_pattern *p = &out[r - lo];

		memset(p, 0, sizeof(*p));
		for (size_t c = sp->c0; c < sp->c1; c++) {
			int d = e->col_weekday[c];

			if (d > 4)
				continue;
			p->possible[d] += (int8_t)m[c] > tp;
			p->absent[d] += (int8_t)m[c] > ta;
			p->late += m[c] == late;
			p->late_after += m[c] == late_after;
		}
	}
}

/* ---- AVX2 ------------------------------------------------------------- */

#if ENGINE_X86
#define AVX2 __attribute__((target("avx2")))
#define INLINE_AVX2 static inline __attribute__((always_inline, target("avx2")))
/* POPCNT as one instruction: the build has no -m flags, so without the
 * target __builtin_popcount is a call into libgcc */
#define AVX2P __attribute__((target("avx2,popcnt")))

INLINE_AVX2 __m256i vload(const mark_t *p)
{
	return _mm256_load_si256((const __m256i *)(const void *)p);
}

INLINE_AVX2 __m256i vmask(const uint8_t *p)
{
	return _mm256_loadu_si256((const __m256i *)(const void *)p);
}

/*
 * One row: a[i] counts, lane by lane, the marks above t[i].  The first
 * and last vector are masked; with one vector, both masks apply.
 */
#define ROW_STEP(x) do {						\
		a0 = _mm256_sub_epi8(a0, _mm256_cmpgt_epi8(x, t0));	\
		if (k > 1) a1 = _mm256_sub_epi8(a1, _mm256_cmpgt_epi8(x, t1)); \
		if (k > 2) a2 = _mm256_sub_epi8(a2, _mm256_cmpgt_epi8(x, t2)); \
		if (k > 3) a3 = _mm256_sub_epi8(a3, _mm256_cmpgt_epi8(x, t3)); \
	} while (0)

INLINE_AVX2 void count_rows_avx2_k(const struct engine *e, const struct span *sp,
				   size_t lo, size_t hi, const int8_t *t,
				   const int k, uint64_t *out)
{
	const __m256i zero = _mm256_setzero_si256();
	const __m256i t0 = _mm256_set1_epi8(t[0]);
	const __m256i t1 = _mm256_set1_epi8(k > 1 ? t[1] : 0);
	const __m256i t2 = _mm256_set1_epi8(k > 2 ? t[2] : 0);
	const __m256i t3 = _mm256_set1_epi8(k > 3 ? t[3] : 0);
	const __m256i head = vmask(sp->head), tail = vmask(sp->tail);
	const __m256i both = _mm256_and_si256(head, tail);
	const size_t nv = sp->v1 - sp->v0, stride = e->stride;
	const mark_t *row = e->marks + lo * stride + ENGINE_VECTOR * sp->v0;

	for (size_t r = lo; r < hi; r++, row += stride) {
		__m256i a0 = zero, a1 = zero, a2 = zero, a3 = zero, x, s;
		__m128i h;

		if (nv == 1) {
			x = _mm256_and_si256(vload(row), both);
			ROW_STEP(x);
		} else if (nv > 1) {
			x = _mm256_and_si256(vload(row), head);
			ROW_STEP(x);
			for (size_t v = 1; v + 1 < nv; v++) {
				x = vload(row + ENGINE_VECTOR * v);
				ROW_STEP(x);
			}
			x = _mm256_and_si256(vload(row + ENGINE_VECTOR * (nv - 1)), tail);
			ROW_STEP(x);
		}
		s = _mm256_sad_epu8(a0, zero);
		if (k > 1)
			s = _mm256_or_si256(s, _mm256_slli_epi64(_mm256_sad_epu8(a1, zero), 16));
		if (k > 2)
			s = _mm256_or_si256(s, _mm256_slli_epi64(_mm256_sad_epu8(a2, zero), 32));
		if (k > 3)
			s = _mm256_or_si256(s, _mm256_slli_epi64(_mm256_sad_epu8(a3, zero), 48));
		h = _mm_add_epi64(_mm256_castsi256_si128(s),
				  _mm256_extracti128_si256(s, 1));
		h = _mm_add_epi64(h, _mm_unpackhi_epi64(h, h));
		out[r - lo] = (uint64_t)_mm_cvtsi128_si64(h);
	}
}

AVX2 static void count_rows_avx2(const struct engine *e, const struct span *sp,
				 size_t lo, size_t hi, const int8_t *t, int k,
				 uint64_t *out)
{
	switch (k) {
	case 1: count_rows_avx2_k(e, sp, lo, hi, t, 1, out); break;
	case 2: count_rows_avx2_k(e, sp, lo, hi, t, 2, out); break;
	case 3: count_rows_avx2_k(e, sp, lo, hi, t, 3, out); break;
	default: count_rows_avx2_k(e, sp, lo, hi, t, 4, out); break;
	}
}

AVX2 static size_t columns_above_avx2(const struct engine *e,
				     const struct span *sp, size_t r, int8_t t,
				     int16_t *col)
{
	const __m256i tt = _mm256_set1_epi8(t);
	const __m256i head = vmask(sp->head), tail = vmask(sp->tail);
	const mark_t *row = engine_row_marks(e, r);
	size_t n = 0;

	for (size_t v = sp->v0; v < sp->v1; v++) {
		__m256i x = vload(row + ENGINE_VECTOR * v);
		uint32_t bits;

		if (v == sp->v0)
			x = _mm256_and_si256(x, head);
		if (v + 1 == sp->v1)
			x = _mm256_and_si256(x, tail);
		bits = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(x, tt));
		while (bits) {
			col[n++] = (int16_t)(ENGINE_VECTOR * v + (size_t)__builtin_ctz(bits));
			bits &= bits - 1;
		}
	}
	return n;
}

/*
 * A row's marks above t as bits, 32 columns a vector (bits[v], lanes
 * outside the span cleared), and before[v] the bits in the vectors
 * before v, so the count before any column is one popcount away.
 */
AVX2P static size_t rows_above_avx2(const struct engine *e,
				   const struct span *sp, size_t lo, size_t hi,
				   int8_t t, uint32_t min, const uint8_t *within,
				   const uint16_t *cut, size_t nr_cuts,
				   size_t *row, uint16_t *below)
{
	const __m256i tt = _mm256_set1_epi8(t);
	const size_t v0 = sp->v0, v1 = sp->v1, stride = e->stride;
	const mark_t *m = e->marks + lo * stride;
	uint32_t bits[ENGINE_MAX_VECTORS + 1], keep[ENGINE_MAX_VECTORS];
	uint16_t before[ENGINE_MAX_VECTORS + 1];
	size_t n = 0;

	for (size_t v = v0; v < v1; v++)
		keep[v] = UINT32_MAX;
	keep[v0] &= (uint32_t)_mm256_movemask_epi8(vmask(sp->head));
	keep[v1 - 1] &= (uint32_t)_mm256_movemask_epi8(vmask(sp->tail));
	bits[v1] = 0;
	for (size_t r = lo; r < hi; r++, m += stride) {
		uint16_t *b = below + n * nr_cuts;
		uint32_t above = 0;

		for (size_t v = v0; v < v1; v++) {
			bits[v] = keep[v] & (uint32_t)_mm256_movemask_epi8(
				_mm256_cmpgt_epi8(vload(m + ENGINE_VECTOR * v), tt));
			before[v] = (uint16_t)above;
			above += (uint32_t)__builtin_popcount(bits[v]);
		}
		before[v1] = (uint16_t)above;
		if (above < min || !enough_within(before, v0, v1, within ?
						  within[e->school[r]] : v1, min))
			continue;
		for (size_t j = 0; j < nr_cuts; j++) {
			size_t v = cut[j] / ENGINE_VECTOR;
			uint32_t low = (1u << (cut[j] % ENGINE_VECTOR)) - 1;

			b[j] = (uint16_t)(before[v] + __builtin_popcount(bits[v] & low));
		}
		row[n++] = r;
	}
	return n;
}

/* Adds byte lanes acc[i][v] into col[i][...] and clears them. */
INLINE_AVX2 void drain_lanes(__m256i (*acc)[ENGINE_MAX_VECTORS], const int k,
			     const struct span *sp,
			     uint32_t (*col)[ENGINE_MAX_COLS])
{
	uint8_t lanes[ENGINE_VECTOR];

	for (int i = 0; i < k; i++)
		for (size_t v = sp->v0; v < sp->v1; v++) {
			_mm256_storeu_si256((__m256i *)(void *)lanes, acc[i][v]);
			acc[i][v] = _mm256_setzero_si256();
			for (int l = 0; l < ENGINE_VECTOR; l++)
				col[i][ENGINE_VECTOR * v + (size_t)l] += lanes[l];
		}
}

INLINE_AVX2 void column_sums_avx2_k(const struct engine *e, const struct span *sp,
				    uint16_t flags, size_t lo, size_t hi,
				    const int k, const uint8_t *bin,
				    size_t nr_bins, uint32_t *part)
{
	__m256i acc[5][ENGINE_MAX_VECTORS];
	uint32_t (*col)[ENGINE_MAX_COLS] = xcalloc(5, sizeof(*col));
	const __m256i tp = _mm256_set1_epi8(threshold_byte(T_POSSIBLE));
	const __m256i ta = _mm256_set1_epi8(threshold_byte(T_ABSENT));
	const __m256i tu = _mm256_set1_epi8(threshold_byte(T_UNAUTHORISED));
	const __m256i late = _mm256_set1_epi8((char)code_find("L", 1));
	const __m256i late_after = _mm256_set1_epi8((char)code_find("U", 1));
	const __m256i head = vmask(sp->head), tail = vmask(sp->tail);
	uint32_t school = UINT32_MAX;
	unsigned rows = 0;

	for (int i = 0; i < 5; i++)
		for (size_t v = 0; v < ENGINE_MAX_VECTORS; v++)
			acc[i][v] = _mm256_setzero_si256();
	for (size_t r = lo; r < hi; r++) {
		const mark_t *row = engine_row_marks(e, r);

		if ((e->flags[r] & flags) != flags)
			continue;
		if (e->school[r] != school || rows == 255) {
			drain_lanes(acc, k, sp, col);
			rows = 0;
			if (e->school[r] != school) {
				if (school != UINT32_MAX)
					flush_columns(sp, col, k, school, bin, nr_bins, part);
				school = e->school[r];
			}
		}
		rows++;
		for (size_t v = sp->v0; v < sp->v1; v++) {
			__m256i x = vload(row + ENGINE_VECTOR * v);

			if (v == sp->v0)
				x = _mm256_and_si256(x, head);
			if (v + 1 == sp->v1)
				x = _mm256_and_si256(x, tail);
			acc[0][v] = _mm256_sub_epi8(acc[0][v], _mm256_cmpgt_epi8(x, tp));
			acc[1][v] = _mm256_sub_epi8(acc[1][v], _mm256_cmpgt_epi8(x, ta));
			acc[2][v] = _mm256_sub_epi8(acc[2][v], _mm256_cmpgt_epi8(x, tu));
			if (k > 3) {
				acc[3][v] = _mm256_sub_epi8(acc[3][v],
							    _mm256_cmpeq_epi8(x, late));
				acc[4][v] = _mm256_sub_epi8(acc[4][v],
							    _mm256_cmpeq_epi8(x, late_after));
			}
		}
	}
	drain_lanes(acc, k, sp, col);
	if (school != UINT32_MAX)
		flush_columns(sp, col, k, school, bin, nr_bins, part);
	free(col);
}

AVX2 static void column_sums_avx2(const struct engine *e, const struct span *sp,
				  uint16_t flags, size_t lo, size_t hi, int k,
				  const uint8_t *bin, size_t nr_bins,
				  uint32_t *part)
{
	if (k > 3)
		column_sums_avx2_k(e, sp, flags, lo, hi, 5, bin, nr_bins, part);
	else
		column_sums_avx2_k(e, sp, flags, lo, hi, 3, bin, nr_bins, part);
}
/* The lanes of each vector of the span, by weekday (Monday to Friday). */
static void weekday_lanes(const struct engine *e, const struct span *sp,
			  uint32_t (*day)[5], uint32_t *weekday)
{
	for (size_t v = sp->v0; v < sp->v1; v++) {
		memset(day[v], 0, sizeof(day[v]));
		weekday[v] = 0;
		for (size_t l = 0; l < ENGINE_VECTOR; l++) {
			size_t c = ENGINE_VECTOR * v + l;

			if (c < sp->c0 || c >= sp->c1 || e->col_weekday[c] > 4)
				continue;
			day[v][e->col_weekday[c]] |= 1u << l;
			weekday[v] |= 1u << l;
		}
	}
}

INLINE_AVX2 uint32_t lanes(__m256i mask)
{
	return (uint32_t)_mm256_movemask_epi8(mask);
}

/*
 * One row's weekday pattern: each vector's marks above the thresholds
 * (and equal to L and U) as bits, counted under each weekday's lanes.
 */
AVX2P static void row_patterns_avx2(const struct engine *e,
				    const struct span *sp, size_t lo, size_t hi,
				    struct engine_pattern *out)
{
	const __m256i tp = _mm256_set1_epi8(threshold_byte(T_POSSIBLE));
	const __m256i ta = _mm256_set1_epi8(threshold_byte(T_ABSENT));
	const __m256i late = _mm256_set1_epi8((char)code_find("L", 1));
	const __m256i late_after = _mm256_set1_epi8((char)code_find("U", 1));
	uint32_t day[ENGINE_MAX_VECTORS][5], weekday[ENGINE_MAX_VECTORS];

	weekday_lanes(e, sp, day, weekday);
	for (size_t r = lo; r < hi; r++) {
		const mark_t *m = engine_row_marks(e, r);
		struct engine_pattern *p = &out[r - lo];

		memset(p, 0, sizeof(*p));
		for (size_t v = sp->v0; v < sp->v1; v++) {
			__m256i x = vload(m + ENGINE_VECTOR * v);
			uint32_t pp = lanes(_mm256_cmpgt_epi8(x, tp));
			uint32_t a = lanes(_mm256_cmpgt_epi8(x, ta));
			uint32_t l = lanes(_mm256_cmpeq_epi8(x, late));
			uint32_t u = lanes(_mm256_cmpeq_epi8(x, late_after));

			for (int d = 0; d < 5; d++) {
				p->possible[d] += (uint16_t)__builtin_popcount(pp & day[v][d]);
				p->absent[d] += (uint16_t)__builtin_popcount(a & day[v][d]);
			}
			p->late += (uint16_t)__builtin_popcount(l & weekday[v]);
			p->late_after += (uint16_t)__builtin_popcount(u & weekday[v]);
		}
	}
}
#endif

/* ---- dispatch --------------------------------------------------------- */

void kernel_count_rows(const struct engine *e, const struct span *sp,
		       size_t lo, size_t hi, const int8_t *t, int k,
		       uint64_t *out)
{
	if (sp->c1 == sp->c0) {
		memset(out, 0, (hi - lo) * sizeof(*out));
		return;
	}
#if ENGINE_X86
	if (engine_avx2()) {
		count_rows_avx2(e, sp, lo, hi, t, k, out);
		return;
	}
#endif
	if (standard_thresholds(t, k))
		count_rows_measure(e, sp, lo, hi, k, out);
	else
		count_rows_portable(e, sp, lo, hi, t, k, out);
}

size_t kernel_columns_above(const struct engine *e, const struct span *sp,
			    size_t r, int8_t t, int16_t *col)
{
	const mark_t *row = engine_row_marks(e, r);
	size_t n = 0;

	if (sp->c1 == sp->c0)
		return 0;
#if ENGINE_X86
	if (engine_avx2())
		return columns_above_avx2(e, sp, r, t, col);
#endif
	for (size_t c = sp->c0; c < sp->c1; c++)
		if ((int8_t)row[c] > t)
			col[n++] = (int16_t)c;
	return n;
}

size_t kernel_rows_above(const struct engine *e, const struct span *sp,
			 size_t lo, size_t hi, int8_t t, uint32_t min,
			 const uint8_t *within, const uint16_t *cut,
			 size_t nr_cuts, size_t *row, uint16_t *below)
{
	if (sp->c1 == sp->c0)
		return 0;
#if ENGINE_X86
	if (engine_avx2())
		return rows_above_avx2(e, sp, lo, hi, t, min, within, cut,
				       nr_cuts, row, below);
#endif
	return rows_above_portable(e, sp, lo, hi, t, min, within, cut, nr_cuts,
				   row, below);
}

long kernel_nth_above(const struct engine *e, size_t r, size_t c0, size_t c1,
		      int8_t t, uint32_t k)
{
	const mark_t *m = engine_row_marks(e, r);

	for (size_t c = c0; c < c1; c++)
		if ((int8_t)m[c] > t && !--k)
			return (long)c;
	return -1;
}

void kernel_column_sums(const struct engine *e, const struct span *sp,
			uint16_t flags, size_t lo, size_t hi, int k,
			const uint8_t *bin, size_t nr_bins, uint32_t *part)
{
	if (sp->c1 == sp->c0)
		return;
#if ENGINE_X86
	if (engine_avx2()) {
		column_sums_avx2(e, sp, flags, lo, hi, k, bin, nr_bins, part);
		return;
	}
#endif
	column_sums_portable(e, sp, flags, lo, hi, k, bin, nr_bins, part);
}

void kernel_row_patterns(const struct engine *e, const struct span *sp,
			 size_t lo, size_t hi, struct engine_pattern *out)
{
#if ENGINE_X86
	if (engine_avx2()) {
		row_patterns_avx2(e, sp, lo, hi, out);
		return;
	}
#endif
	row_patterns_portable(e, sp, lo, hi, out);
}
