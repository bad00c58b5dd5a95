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
#include <xxhash.h>

#include "util/strbuf.h"

/*
 * Version 3.  The matrix starts on a 4096-byte boundary and ends with 64
 * bytes of slack (a kernel may read a whole vector past the last row), so
 * engine_read() maps it rather than read it: the matrix is the page
 * cache's, shared and not copied.  Every byte is checksummed with XXH3
 * (libxxhash): one hash over the header and the arrays before the matrix,
 * and one per ENGINE_FILE_BLOCK bytes of the matrix, kept in a table
 * right after the header.  A file whose hashes do not match is refused
 * whole (engine_open() then loads the year from the store), so a flipped
 * bit on disk never becomes a wrong figure.  Files of the older layouts
 * (ATTENDE1, ATTENDE2: no checksums) are refused the same way.
 */
#define MAGIC "ATTENDE3"
#define MATRIX_ALIGN 4096
#define MATRIX_SLACK 64
#define BLOCKS_MAX (UINT64_C(1) << 24)	/* 16 TB of matrix */

struct file_header {
	char magic[8];
	int32_t year;
	uint32_t nr_cols;
	uint64_t nr_rows, stride, nr_schools, nr_areas;
	uint64_t nr_blocks;	/* of the matrix, ENGINE_FILE_BLOCK bytes each */
	uint64_t head_hash;	/* XXH3 of the header (this field 0) and arrays */
};

static size_t nr_blocks_of(size_t bytes)
{
	return (bytes + ENGINE_FILE_BLOCK - 1) / ENGINE_FILE_BLOCK;
}

/* hash[b] for block b of the matrix's n bytes. */
static void hash_blocks(const mark_t *m, size_t n, uint64_t *hash)
{
	for (size_t b = 0, at = 0; at < n; b++, at += ENGINE_FILE_BLOCK)
		hash[b] = XXH3_64bits(m + at, n - at < ENGINE_FILE_BLOCK ?
				      n - at : ENGINE_FILE_BLOCK);
}

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

/* The arrays before the matrix, each through out(ctx, p, n), in order. */
typedef int part_fn(void *ctx, const void *p, size_t n);

static int each_part(const struct engine *e, part_fn *out, void *ctx)
{
	size_t n = e->nr_rows;
	int rc = 0;

	rc |= out(ctx, e->col_slot, e->nr_cols * sizeof(*e->col_slot));
	rc |= out(ctx, e->school_id, e->nr_schools * sizeof(*e->school_id));
	rc |= out(ctx, e->school_urn, e->nr_schools * sizeof(*e->school_urn));
	rc |= out(ctx, e->school_weeks, e->nr_schools * sizeof(*e->school_weeks));
	for (size_t a = 0; a < e->nr_areas; a++) {
		uint8_t len = (uint8_t)strlen(e->area_name[a]);
		rc |= out(ctx, &len, 1);
		rc |= out(ctx, e->area_name[a], len);
	}
	rc |= out(ctx, e->enrolment_id, n * sizeof(*e->enrolment_id));
	rc |= out(ctx, e->school, n * sizeof(*e->school));
	rc |= out(ctx, e->flags, n * sizeof(*e->flags));
	rc |= out(ctx, e->year_group, n * sizeof(*e->year_group));
	rc |= out(ctx, e->area, n * sizeof(*e->area));
	return rc;
}

static int hash_part(void *ctx, const void *p, size_t n)
{
	return XXH3_64bits_update(ctx, p, n) == XXH_OK ? 0 : -1;
}

static int write_part(void *ctx, const void *p, size_t n)
{
	return write_all(*(int *)ctx, p, n);
}

int engine_save(const struct engine *e, const char *path, struct error *err)
{
	static const char slack[MATRIX_SLACK];
	struct file_header h;
	size_t bytes = e->nr_rows * e->stride;
	uint64_t *block;
	XXH3_state_t *state;
	int fd, rc = 0;
	off_t off;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.year = e->year;
	h.nr_cols = (uint32_t)e->nr_cols;
	h.nr_rows = e->nr_rows;
	h.stride = e->stride;
	h.nr_schools = e->nr_schools;
	h.nr_areas = e->nr_areas;
	h.nr_blocks = nr_blocks_of(bytes);
	block = xcalloc(h.nr_blocks + 1, sizeof(*block));
	hash_blocks(e->marks, bytes, block);
	if (!(state = XXH3_createState())) {
		free(block);
		return error_set(err, ERROR_INTERNAL, "%s: out of memory", path);
	}
	XXH3_64bits_reset(state);
	XXH3_64bits_update(state, &h, sizeof(h));
	XXH3_64bits_update(state, block, h.nr_blocks * sizeof(*block));
	each_part(e, hash_part, state);
	h.head_hash = XXH3_64bits_digest(state);
	XXH3_freeState(state);

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		free(block);
		return error_set(err, ERROR_INTERNAL, "%s: %s", path, strerror(errno));
	}
	rc |= write_all(fd, &h, sizeof(h));
	rc |= write_all(fd, block, h.nr_blocks * sizeof(*block));
	rc |= each_part(e, write_part, &fd);
	off = lseek(fd, 0, SEEK_CUR);
	rc |= off < 0 || write_pad(fd, (size_t)off);
	rc |= write_all(fd, e->marks, bytes);
	rc |= write_all(fd, slack, sizeof(slack));
	free(block);
	if (close(fd))
		rc = -1;
	if (rc)
		return error_set(err, ERROR_INTERNAL, "%s: cannot write: %s", path,
				 strerror(errno));
	return 0;
}

/* Reads n bytes into p, hashing them into state. */
static int read_hashed(int fd, void *p, size_t n, XXH3_state_t *state)
{
	if (read_all(fd, p, n))
		return -1;
	return XXH3_64bits_update(state, p, n) == XXH_OK ? 0 : -1;
}

/*
 * The matrix, from the read position: mapped in place, or read where the
 * page size does not divide its offset.
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

/* The first block of the matrix whose hash is not want[b], or -1. */
static long bad_block(const struct engine *e, const uint64_t *want, size_t n)
{
	size_t bytes = e->nr_rows * e->stride;

	for (size_t b = 0, at = 0; b < n; b++, at += ENGINE_FILE_BLOCK)
		if (XXH3_64bits(e->marks + at, bytes - at < ENGINE_FILE_BLOCK ?
				bytes - at : ENGINE_FILE_BLOCK) != want[b])
			return (long)b;
	return -1;
}

static int refuse(struct error *err, const char *path, const char *why)
{
	return error_set(err, ERROR_INPUT, "%s: %s", path, why);
}

int engine_read(struct engine **out, const char *path, struct error *err)
{
	struct file_header h;
	struct engine *e = NULL;
	XXH3_state_t *state = NULL;
	uint64_t *block = NULL, head_hash;
	int fd = open(path, O_RDONLY), rc = 0;
	int slots[YEAR_SLOTS_MAX];
	int16_t col_slot[YEAR_SLOTS_MAX];
	const char *why = "truncated or damaged engine file";
	long bad = -1;

	*out = NULL;
	if (fd < 0)
		return error_set(err, ERROR_INTERNAL, "%s: %s", path, strerror(errno));
	if (read_all(fd, &h, sizeof(h)) || memcmp(h.magic, "ATTENDE", 7)) {
		close(fd);
		return refuse(err, path, "not an engine file");
	}
	if (memcmp(h.magic, MAGIC, 8)) {
		close(fd);
		return refuse(err, path, "an engine file of an older layout, "
			      "without checksums");
	}
	if (h.year < ACADEMIC_YEAR_MIN || h.year > ACADEMIC_YEAR_MAX ||
	    h.nr_cols > (uint32_t)academic_year_slots(h.year) ||
	    h.nr_schools > UINT32_MAX || h.nr_areas > UINT16_MAX || !h.nr_areas ||
	    h.nr_blocks > BLOCKS_MAX || h.stride > 2 * YEAR_SLOTS_MAX ||
	    h.nr_rows > (BLOCKS_MAX * ENGINE_FILE_BLOCK) / (h.stride ? h.stride : 1) ||
	    h.nr_blocks != nr_blocks_of(h.nr_rows * h.stride) ||
	    !(state = XXH3_createState())) {
		close(fd);
		return refuse(err, path, "not an engine file");
	}
	head_hash = h.head_hash;
	h.head_hash = 0;
	XXH3_64bits_reset(state);
	XXH3_64bits_update(state, &h, sizeof(h));
	block = xcalloc(h.nr_blocks + 1, sizeof(*block));
	e = engine_new(h.year);
	if (read_hashed(fd, block, h.nr_blocks * sizeof(*block), state) ||
	    read_hashed(fd, col_slot, h.nr_cols * sizeof(*col_slot), state)) {
		rc = -1;
		goto out;
	}
	for (uint32_t c = 0; c < h.nr_cols; c++)
		slots[c] = col_slot[c];
	engine_add_slots(e, slots, h.nr_cols);
	if (e->nr_cols != h.nr_cols || e->stride != h.stride) {
		rc = -1;
		goto out;
	}
	for (uint64_t s = 0; s < h.nr_schools; s++)
		engine_add_school(e, 0, 0);
	rc |= read_hashed(fd, e->school_id, h.nr_schools * sizeof(*e->school_id), state);
	rc |= read_hashed(fd, e->school_urn, h.nr_schools * sizeof(*e->school_urn), state);
	rc |= read_hashed(fd, e->school_weeks, h.nr_schools * sizeof(*e->school_weeks), state);
	for (uint64_t a = 0; !rc && a < h.nr_areas; a++) {
		uint8_t len;
		char name[256];

		rc |= read_hashed(fd, &len, 1, state);
		rc |= read_hashed(fd, name, len, state);
		name[len] = '\0';
		if (a)	/* area 0, unknown, is there already */
			engine_add_area(e, name);
	}
	if (rc)
		goto out;
	engine_reserve_rows(e, h.nr_rows);
	rc |= read_hashed(fd, e->enrolment_id, h.nr_rows * sizeof(*e->enrolment_id), state);
	rc |= read_hashed(fd, e->school, h.nr_rows * sizeof(*e->school), state);
	rc |= read_hashed(fd, e->flags, h.nr_rows * sizeof(*e->flags), state);
	rc |= read_hashed(fd, e->year_group, h.nr_rows * sizeof(*e->year_group), state);
	rc |= read_hashed(fd, e->area, h.nr_rows * sizeof(*e->area), state);
	if (rc)
		goto out;
	if (XXH3_64bits_digest(state) != head_hash) {
		why = "checksum mismatch in the header or the row arrays";
		rc = -1;
		goto out;
	}
	if ((rc = read_matrix(fd, e, h.nr_rows)))
		goto out;
	e->nr_rows = h.nr_rows;
	if ((bad = bad_block(e, block, h.nr_blocks)) >= 0) {
		rc = -1;
		goto out;
	}
	/*
	 * The checksums say these are the bytes engine_save() wrote from a
	 * checked engine; the keys are checked anyway, they are cheap.
	 */
	for (size_t r = 0; r < e->nr_rows; r++) {
		if (e->school[r] >= e->nr_schools)
			e->school[r] = 0;
		if (e->area[r] >= e->nr_areas)
			e->area[r] = 0;
	}
out:
	close(fd);
	XXH3_freeState(state);
	free(block);
	if (rc || (h.nr_schools == 0 && h.nr_rows)) {
		engine_free(e);
		if (bad >= 0)
			return error_set(err, ERROR_INPUT, "%s: checksum mismatch "
					 "in block %ld of the matrix", path, bad);
		return refuse(err, path, why);
	}
	*out = e;
	return 0;
}
