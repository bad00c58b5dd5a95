/*
 * The engine's binary layout on disk: a header, the columns, the schools,
 * the areas, one array per row attribute, then the matrix exactly as it
 * lies in memory, so reading it back is one read() per array and a map
 * of the matrix.  This is what the benchmark's generator writes, and the
 * cache beside the store (engine_cache.c).
 */
#include "engine/engine_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strbuf.h"

/*
 * Version 2 pads the file so that the matrix starts on a 4096-byte
 * boundary and ends with 64 bytes of slack (a kernel may read a whole
 * vector past the last row), so engine_read() maps it rather than read
 * it: the matrix is the page cache's, shared and not copied.  Version 1
 * files (no padding) are still read the old way.
 */
#define MAGIC "ATTENDE2"
#define MAGIC_V1 "ATTENDE1"
#define MATRIX_ALIGN 4096
#define MATRIX_SLACK 64

struct file_header {
	char magic[8];
	int32_t year;
	uint32_t nr_cols;
	uint64_t nr_rows, stride, nr_schools, nr_areas;
};

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n > (1u << 30) ? (1u << 30) : n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, void *p, size_t n)
{
	char *c = p;

	while (n) {
		ssize_t r = read(fd, c, n > (1u << 30) ? (1u << 30) : n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Zero bytes up to the next multiple of MATRIX_ALIGN after `off`. */
static int write_pad(int fd, size_t off)
{
	static const char zero[MATRIX_ALIGN];
	size_t pad = (MATRIX_ALIGN - off % MATRIX_ALIGN) % MATRIX_ALIGN;

	return write_all(fd, zero, pad);
}

int engine_save(const struct engine *e, const char *path, struct error *err)
{
	static const char slack[MATRIX_SLACK];
	struct file_header h;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), rc = 0;
	size_t n = e->nr_rows;
	off_t off;

	if (fd < 0)
		return error_set(err, ERROR_INTERNAL, "%s: %s", path, strerror(errno));
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.year = e->year;
	h.nr_cols = (uint32_t)e->nr_cols;
	h.nr_rows = n;
	h.stride = e->stride;
	h.nr_schools = e->nr_schools;
	h.nr_areas = e->nr_areas;
	rc |= write_all(fd, &h, sizeof(h));
	rc |= write_all(fd, e->col_slot, e->nr_cols * sizeof(*e->col_slot));
	rc |= write_all(fd, e->school_id, e->nr_schools * sizeof(*e->school_id));
	rc |= write_all(fd, e->school_urn, e->nr_schools * sizeof(*e->school_urn));
	rc |= write_all(fd, e->school_weeks, e->nr_schools * sizeof(*e->school_weeks));
	for (size_t a = 0; a < e->nr_areas; a++) {
		uint8_t len = (uint8_t)strlen(e->area_name[a]);
		rc |= write_all(fd, &len, 1);
		rc |= write_all(fd, e->area_name[a], len);
	}
	rc |= write_all(fd, e->enrolment_id, n * sizeof(*e->enrolment_id));
	rc |= write_all(fd, e->school, n * sizeof(*e->school));
	rc |= write_all(fd, e->flags, n * sizeof(*e->flags));
	rc |= write_all(fd, e->year_group, n * sizeof(*e->year_group));
	rc |= write_all(fd, e->area, n * sizeof(*e->area));
	off = lseek(fd, 0, SEEK_CUR);
	rc |= off < 0 || write_pad(fd, (size_t)off);
	rc |= write_all(fd, e->marks, n * e->stride);
	rc |= write_all(fd, slack, sizeof(slack));
	if (close(fd))
		rc = -1;
	if (rc)
		return error_set(err, ERROR_INTERNAL, "%s: cannot write: %s", path,
				 strerror(errno));
	return 0;
}

typedef uint8_t v16u8 __attribute__((vector_size(16)));

/*
 * Whether every column of a row holds a mark (< count) and the padding
 * is missing: 16 bytes a step in the baseline vector unit.
 */
static bool row_ok(const mark_t *m, size_t cols, size_t stride, mark_t count)
{
	v16u8 bad = { 0 }, limit = { 0 };
	uint8_t any = 0;
	size_t c = 0;

	limit += count;
	for (; c + 16 <= cols; c += 16) {
		v16u8 v;

		memcpy(&v, m + c, 16);
		bad |= (v16u8)(v >= limit);
	}
	for (int i = 0; i < 16; i++)
		any |= bad[i];
	for (; c < stride; c++)
		any |= c < cols ? m[c] >= count : m[c] != MARK_MISSING;
	return !any;
}

/*
 * The matrix of a version 2 file, from the read position: mapped in
 * place, or read where the page size does not divide its offset.
 */
static int read_matrix(int fd, struct engine *e, size_t rows)
{
	size_t bytes = rows * e->stride;
	off_t at = lseek(fd, 0, SEEK_CUR);
	long page = sysconf(_SC_PAGESIZE);
	struct stat st;
	void *m;

	if (at < 0 || fstat(fd, &st))
		return -1;
	at += (MATRIX_ALIGN - at % MATRIX_ALIGN) % MATRIX_ALIGN;
	/* a short file would fault on reading past its end: refuse it */
	if ((size_t)st.st_size < (size_t)at + bytes + MATRIX_SLACK)
		return -1;
	if (!rows || page <= 0 || at % page) {
		if (lseek(fd, at, SEEK_SET) != at)
			return -1;
		return read_all(fd, e->marks, bytes);
	}
	m = mmap(NULL, bytes + MATRIX_SLACK, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		 fd, at);
	if (m == MAP_FAILED)
		return -1;
	engine_adopt_matrix(e, m);
	return 0;
}

int engine_read(struct engine **out, const char *path, struct error *err)
{
	struct file_header h;
	struct engine *e = NULL;
	int fd = open(path, O_RDONLY), rc = 0;
	int slots[YEAR_SLOTS_MAX];
	int16_t col_slot[YEAR_SLOTS_MAX];

	*out = NULL;
	if (fd < 0)
		return error_set(err, ERROR_INTERNAL, "%s: %s", path, strerror(errno));
	if (read_all(fd, &h, sizeof(h)) ||
	    (memcmp(h.magic, MAGIC, 8) && memcmp(h.magic, MAGIC_V1, 8)) ||
	    h.year < ACADEMIC_YEAR_MIN || h.year > ACADEMIC_YEAR_MAX ||
	    h.nr_cols > (uint32_t)academic_year_slots(h.year) ||
	    h.nr_schools > UINT32_MAX || h.nr_areas > UINT16_MAX || !h.nr_areas ||
	    read_all(fd, col_slot, h.nr_cols * sizeof(*col_slot))) {
		close(fd);
		return error_set(err, ERROR_INPUT, "%s: not an engine file", path);
	}
	e = engine_new(h.year);
	for (uint32_t c = 0; c < h.nr_cols; c++)
		slots[c] = col_slot[c];
	engine_add_slots(e, slots, h.nr_cols);
	if (e->nr_cols != h.nr_cols || e->stride != h.stride) {
		rc = -1;
		goto out;
	}
	for (uint64_t s = 0; s < h.nr_schools; s++)
		engine_add_school(e, 0, 0);
	rc |= read_all(fd, e->school_id, h.nr_schools * sizeof(*e->school_id));
	rc |= read_all(fd, e->school_urn, h.nr_schools * sizeof(*e->school_urn));
	rc |= read_all(fd, e->school_weeks, h.nr_schools * sizeof(*e->school_weeks));
	for (uint64_t a = 0; !rc && a < h.nr_areas; a++) {
		uint8_t len;
		char name[256];

		rc |= read_all(fd, &len, 1);
		rc |= read_all(fd, name, len);
		name[len] = '\0';
		if (a)	/* area 0, unknown, is there already */
			engine_add_area(e, name);
	}
	engine_reserve_rows(e, h.nr_rows);
	rc |= read_all(fd, e->enrolment_id, h.nr_rows * sizeof(*e->enrolment_id));
	rc |= read_all(fd, e->school, h.nr_rows * sizeof(*e->school));
	rc |= read_all(fd, e->flags, h.nr_rows * sizeof(*e->flags));
	rc |= read_all(fd, e->year_group, h.nr_rows * sizeof(*e->year_group));
	rc |= read_all(fd, e->area, h.nr_rows * sizeof(*e->area));
	if (!rc && !memcmp(h.magic, MAGIC, 8))
		rc = read_matrix(fd, e, h.nr_rows);
	else
		rc |= read_all(fd, e->marks, h.nr_rows * h.stride);
	if (rc)
		goto out;
	e->nr_rows = h.nr_rows;
	/*
	 * The kernels trust every byte to be a mark: check, and the keys.
	 * Only a row that fails the check is mended, byte by byte.
	 */
	{
		const mark_t count = (mark_t)code_count;
		const size_t cols = e->nr_cols, stride = e->stride;

		for (size_t r = 0; r < e->nr_rows; r++) {
			mark_t *m = e->marks + r * stride;

			if (e->school[r] >= e->nr_schools)
				e->school[r] = 0;
			if (e->area[r] >= e->nr_areas)
				e->area[r] = 0;
			if (row_ok(m, cols, stride, count))
				continue;
			for (size_t c = 0; c < stride; c++)
				if (m[c] >= count || c >= cols)
					m[c] = MARK_MISSING;
		}
	}
out:
	close(fd);
	if (rc || (h.nr_schools == 0 && h.nr_rows)) {
		engine_free(e);
		return error_set(err, ERROR_INPUT, "%s: truncated or damaged engine "
				 "file", path);
	}
	*out = e;
	return 0;
}
