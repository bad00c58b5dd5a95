/*
 * The analytics engine: building, the matrix layout and incremental
 * updates.  The queries are in engine_query.c, the kernels they run in
 * engine_kernel.c, loading from the store in engine_load.c and the
 * binary layout on disk in engine_file.c.
 */
#define _GNU_SOURCE	/* mremap */
#include "engine/engine_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/strbuf.h"

/*
 * The matrix lives in its own anonymous mapping: zero-filled (every mark
 * missing) without being written, grown by mremap() without copying, and
 * eligible for transparent huge pages, which matter when a query streams
 * gigabytes through the TLB.
 */
static mark_t *matrix_map(size_t bytes)
{
	void *p;

	if (!bytes)
		bytes = 1;
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		engine_out_of_memory(bytes);
#ifdef MADV_HUGEPAGE
	madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

static size_t matrix_bytes(size_t rows, size_t stride)
{
	/* one vector of slack: a kernel may read a whole vector at the end */
	return rows * stride + 64;
}

static void matrix_unmap(mark_t *m, size_t rows, size_t stride)
{
	if (m)
		munmap(m, matrix_bytes(rows, stride));
}

void engine_adopt_matrix(struct engine *e, mark_t *m)
{
	matrix_unmap(e->marks, e->alloc_rows, e->stride);
	e->marks = m;
	e->marks_file = true;
}

void engine_out_of_memory(size_t bytes)
{
	/* as in xmalloc(): running out of memory ends the process */
	fprintf(stderr, "attend: out of memory (%zu bytes)\n", bytes);
	abort();
}

struct engine *engine_new(int year)
{
	struct engine *e = xcalloc(1, sizeof(*e));

	(void)engine_avx2();	/* ask the CPU once, before any query thread */
	e->year = year;
	e->threads = 2;
	e->chunk_rows = 16384;
	memset(e->slot_col, 0xff, sizeof(e->slot_col));
	e->stride = ENGINE_VECTOR;
	e->marks = matrix_map(matrix_bytes(0, e->stride));
	/* area 0: unknown */
	e->area_name = xcalloc(16, sizeof(*e->area_name));
	e->alloc_areas = 16;
	e->area_name[0] = xstrdup("");
	e->nr_areas = 1;
	return e;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	matrix_unmap(e->marks, e->alloc_rows, e->stride);
	free(e->enrolment_id);
	free(e->school);
	free(e->flags);
	free(e->year_group);
	free(e->area);
	free(e->school_id);
	free(e->school_urn);
	free(e->school_weeks);
	for (size_t a = 0; a < e->nr_areas; a++)
		free(e->area_name[a]);
	free(e->area_name);
	free(e);
}

size_t engine_memory(const struct engine *e)
{
	return matrix_bytes(e->alloc_rows, e->stride) +
	       e->alloc_rows * (sizeof(*e->enrolment_id) + sizeof(*e->school) +
				sizeof(*e->flags) + sizeof(*e->year_group) +
				sizeof(*e->area)) +
	       e->alloc_schools * (sizeof(*e->school_id) + sizeof(*e->school_urn) +
				   sizeof(*e->school_weeks)) + sizeof(*e);
}

day_t engine_week_monday(const struct engine *e, int week)
{
	return date_monday(academic_year_start(e->year)) + 7 * week;
}

static int week_of_slot(const struct engine *e, int slot)
{
	return (slot_day(e->year, slot) - engine_week_monday(e, 0)) / 7;
}

int engine_slot_to(const struct engine *e, day_t day)
{
	int to = 2 * (int)(day - academic_year_start(e->year)) + 2;
	int limit = academic_year_slots(e->year);

	if (to < 0)
		return 0;
	return to > limit ? limit : to;
}

uint32_t *engine_map_rows(const struct engine *e, const uint32_t *index,
			  int64_t max_id)
{
	uint32_t *row = xmalloc((e->nr_rows + 1) * sizeof(*row));

	for (size_t i = 0; i < e->nr_rows; i++)
		row[i] = (int64_t)e->enrolment_id[i] <= max_id ?
			 index[e->enrolment_id[i]] : UINT32_MAX;
	return row;
}

/* Lays the matrix out again for a new set of columns (sorted slots). */
static void relayout(struct engine *e, const int16_t *slots, size_t nr)
{
	size_t stride = (nr + ENGINE_VECTOR - 1) / ENGINE_VECTOR * ENGINE_VECTOR;
	int16_t new_col[YEAR_SLOTS_MAX];
	mark_t *m;

	if (!stride)
		stride = ENGINE_VECTOR;
	memset(new_col, 0xff, sizeof(new_col));
	for (size_t c = 0; c < nr; c++)
		new_col[slots[c]] = (int16_t)c;
	m = matrix_map(matrix_bytes(e->alloc_rows, stride));
	e->marks_file = false;	/* once the old matrix is unmapped below */
	for (size_t r = 0; r < e->nr_rows; r++) {
		const mark_t *from = e->marks + r * e->stride;
		mark_t *to = m + r * stride;

		for (size_t c = 0; c < e->nr_cols; c++)
			to[new_col[e->col_slot[c]]] = from[c];
	}
	matrix_unmap(e->marks, e->alloc_rows, e->stride);
	e->marks = m;
	e->stride = stride;
	e->nr_cols = nr;
	memset(e->slot_col, 0xff, sizeof(e->slot_col));
	for (size_t c = 0; c < nr; c++) {
		day_t day = slot_day(e->year, slots[c]);

		e->col_slot[c] = slots[c];
		e->slot_col[slots[c]] = (int16_t)c;
		e->col_week[c] = (uint8_t)week_of_slot(e, slots[c]);
		e->col_weekday[c] = (uint8_t)date_weekday(day);
	}
}

void engine_add_slots(struct engine *e, const int *slots, size_t n)
{
	int limit = academic_year_slots(e->year);
	uint8_t want[YEAR_SLOTS_MAX] = { 0 };
	int16_t all[YEAR_SLOTS_MAX];
	size_t nr = 0, added = 0;

	for (size_t i = 0; i < n; i++)
		if (slots[i] >= 0 && slots[i] < limit && e->slot_col[slots[i]] < 0 &&
		    !want[slots[i]]) {
			want[slots[i]] = 1;
			added++;
		}
	if (!added)
		return;
	for (size_t c = 0; c < e->nr_cols; c++)
		want[e->col_slot[c]] = 1;
	for (int s = 0; s < limit; s++)
		if (want[s])
			all[nr++] = (int16_t)s;
	relayout(e, all, nr);
}

uint32_t engine_add_school(struct engine *e, int64_t id, int32_t urn)
{
	if (e->nr_schools == e->alloc_schools) {
		e->alloc_schools = e->alloc_schools ? 2 * e->alloc_schools : 64;
		e->school_id = xrealloc(e->school_id,
					e->alloc_schools * sizeof(*e->school_id));
		e->school_urn = xrealloc(e->school_urn,
					 e->alloc_schools * sizeof(*e->school_urn));
		e->school_weeks = xrealloc(e->school_weeks,
					   e->alloc_schools * sizeof(*e->school_weeks));
	}
	e->school_id[e->nr_schools] = id;
	e->school_urn[e->nr_schools] = urn;
	e->school_weeks[e->nr_schools] = 0;
	return (uint32_t)e->nr_schools++;
}

uint16_t engine_add_area(struct engine *e, const char *name)
{
	for (size_t a = 0; a < e->nr_areas; a++)
		if (!strcmp(e->area_name[a], name))
			return (uint16_t)a;
	if (e->nr_areas == UINT16_MAX)
		return 0;	/* more districts than England has: unknown */
	if (e->nr_areas == e->alloc_areas) {
		e->alloc_areas *= 2;
		e->area_name = xrealloc(e->area_name,
					e->alloc_areas * sizeof(*e->area_name));
	}
	e->area_name[e->nr_areas] = xstrdup(name);
	return (uint16_t)e->nr_areas++;
}

void engine_reserve_rows(struct engine *e, size_t n)
{
	void *m;

	if (n <= e->alloc_rows)
		return;
	if (e->marks_file) {
		/* a file's map cannot grow past the file: copy it out */
		m = matrix_map(matrix_bytes(n, e->stride));
		memcpy(m, e->marks, e->nr_rows * e->stride);
		matrix_unmap(e->marks, e->alloc_rows, e->stride);
		e->marks_file = false;
	} else {
		m = mremap(e->marks, matrix_bytes(e->alloc_rows, e->stride),
			   matrix_bytes(n, e->stride), MREMAP_MAYMOVE);
		if (m == MAP_FAILED)
			engine_out_of_memory(matrix_bytes(n, e->stride));
#ifdef MADV_HUGEPAGE
		madvise(m, matrix_bytes(n, e->stride), MADV_HUGEPAGE);
#endif
	}
	e->marks = m;
	e->enrolment_id = xrealloc(e->enrolment_id, n * sizeof(*e->enrolment_id));
	e->school = xrealloc(e->school, n * sizeof(*e->school));
	e->flags = xrealloc(e->flags, n * sizeof(*e->flags));
	e->year_group = xrealloc(e->year_group, n * sizeof(*e->year_group));
	e->area = xrealloc(e->area, n * sizeof(*e->area));
	e->alloc_rows = n;
}

size_t engine_add_row(struct engine *e, const struct engine_row *row)
{
	size_t r = e->nr_rows;

	if (!e->nr_schools)	/* every row has a school: "unknown" if none */
		engine_add_school(e, 0, 0);
	if (r == e->alloc_rows)
		engine_reserve_rows(e, r < 1024 ? 1024 : r + r / 2);
	e->enrolment_id[r] = row->enrolment_id;
	e->school[r] = row->school < e->nr_schools ? row->school : 0;
	e->flags[r] = row->flags;
	e->year_group[r] = row->year_group;
	e->area[r] = row->area < e->nr_areas ? row->area : 0;
	e->nr_rows++;
	return r;
}

int engine_set_marks(struct engine *e, size_t row, int slot_from,
		     const mark_t *marks, size_t n, struct error *err)
{
	int limit = academic_year_slots(e->year), missing[YEAR_SLOTS_MAX];
	size_t nr_missing = 0;
	uint64_t weeks = 0;

	if (row >= e->nr_rows)
		return error_set(err, ERROR_INPUT, "engine: no row %zu (of %zu)",
				 row, e->nr_rows);
	if (slot_from < 0 || slot_from > limit || n > (size_t)(limit - slot_from))
		return error_set(err, ERROR_INPUT, "engine: slots %d..%d are not in "
				 "the year (%d slots)", slot_from,
				 slot_from + (int)n - 1, limit);
	{
		/*
		 * Locals with restrict: stores through a mark_t (a char) could
		 * otherwise alias the engine's arrays, and the compiler would
		 * reload them at every byte.
		 */
		const int16_t *restrict slot_col = e->slot_col + slot_from;
		const mark_t *restrict in = marks;
		const unsigned count = (unsigned)code_count;

		for (size_t i = 0; i < n; i++)
			if (in[i] != MARK_MISSING && in[i] < count && slot_col[i] < 0)
				missing[nr_missing++] = slot_from + (int)i;
	}
	if (nr_missing)
		engine_add_slots(e, missing, nr_missing);
	{
		const int16_t *restrict slot_col = e->slot_col + slot_from;
		const uint8_t *restrict col_week = e->col_week;
		const mark_t *restrict in = marks;
		mark_t *restrict out = e->marks + row * e->stride;
		const unsigned count = (unsigned)code_count;

		for (size_t i = 0; i < n; i++) {
			int c = slot_col[i];
			mark_t m = in[i] < count ? in[i] : MARK_MISSING;

			if (c < 0)
				continue;	/* missing, on a day no school has */
			out[c] = m;
			if (m != MARK_MISSING && m != MARK_CLOSURE)
				weeks |= (uint64_t)1 << col_week[c];
		}
	}
	e->school_weeks[e->school[row]] |= weeks;
	return 0;
}

void engine_get_marks(const struct engine *e, size_t row,
		      mark_t out[YEAR_SLOTS_MAX])
{
	const mark_t *m = engine_row_marks(e, row);

	memset(out, 0, YEAR_SLOTS_MAX);
	for (size_t c = 0; c < e->nr_cols; c++)
		out[e->col_slot[c]] = m[c];
}
