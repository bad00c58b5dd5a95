#ifndef ENGINE_ENGINE_H
#define ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/code.h"
#include "core/date.h"
#include "core/measure.h"
#include "util/error.h"

/*
 * The analytics engine (issue 7): one academic year of registers held in
 * memory as a matrix of marks, one byte per session, and answered from
 * there on both cores.
 *
 * Layout.  Row r (one enrolment) is marks[r * stride .. r * stride +
 * nr_cols): column c holds the mark of session slot col_slot[c] (see
 * core/date.h).  Columns are only the slots some school uses (the school
 * days of the year, about 380, not the 730 slots of every calendar day),
 * in slot order, so any date range is one run of columns.  The stride is
 * the column count rounded up to 32 (one AVX2 vector); the padding is
 * always MARK_MISSING.  Beside the matrix, one small array per attribute
 * (school, cohort flags, year group, area, enrolment id): about 13 bytes
 * an enrolment, so 9,000,000 enrolments x 380 sessions take about 1.05
 * bytes a mark in all.
 *
 * Every query takes a filter (NULL: the whole year, every row): a range
 * of slots [slot_from, slot_to) and cohort flags a row must all have
 * (ENGINE_COMPULSORY for the published headline figures).  Queries share
 * the rows among the engine's threads (2 unless set), each taking the
 * next chunk of rows as it finishes one, and are read-only:
 * many may run at once, but not alongside engine_set_marks() or
 * engine_add_row() (the caller holds a read/write lock).
 *
 * Marks are checked on the way in: a byte outside the code table is
 * stored as MARK_MISSING, so the kernels may rely on every byte being a
 * valid mark.
 */

struct store;

/* Cohort flags of a row (an enrolment's pupil). */
enum engine_cohort {
	ENGINE_COHORT_FSM,
	ENGINE_COHORT_SEN_SUPPORT,
	ENGINE_COHORT_EHCP,
	ENGINE_COHORT_CIN,
	ENGINE_COHORT_CP,
	ENGINE_COHORT_CLA,
	ENGINE_COHORT_EARLY_HELP,
	ENGINE_COHORT_YOUTH_JUSTICE,
	ENGINE_COHORT_EAL,
	ENGINE_COHORT_FEMALE,
	ENGINE_COHORT_MALE,
	ENGINE_COHORT_COUNT
};

#define ENGINE_FLAG(c) ((uint16_t)(1u << (c)))
/* Of compulsory school age in the engine's year (not a cohort column). */
#define ENGINE_COMPULSORY ((uint16_t)(1u << 15))

/* Weeks of an academic year: week w starts on the Monday on or before
 * 1 August plus 7w days; 31 July falls in week 53 at the latest. */
#define ENGINE_WEEKS 54

struct engine_filter {
	int slot_from, slot_to;	/* [from, to); 0, 0: the whole year */
	uint16_t flags;		/* rows must have all of these */
};

/* What a row says about its enrolment, for engine_add_row(). */
struct engine_row {
	uint32_t enrolment_id;
	uint32_t school;	/* index from engine_add_school() */
	uint16_t flags;		/* ENGINE_FLAG(...) | ENGINE_COMPULSORY */
	int8_t year_group;	/* -2 (N1) .. 14, or YEAR_GROUP_UNKNOWN */
	uint16_t area;		/* index from engine_add_area(), 0: unknown */
};

struct engine {
	int year;		/* academic year, 2025 = 2025/26 */
	int threads;		/* query threads: 2 unless changed */
	size_t chunk_rows;	/* rows a thread takes at a time (16384) */

	/* the matrix */
	mark_t *marks;		/* alloc_rows * stride bytes, 64-aligned */
	bool marks_file;	/* a private map of a cache file (engine_read) */
	size_t nr_rows, alloc_rows;
	size_t nr_cols, stride;
	int16_t col_slot[YEAR_SLOTS_MAX];	/* column -> slot */
	int16_t slot_col[YEAR_SLOTS_MAX];	/* slot -> column, or -1 */
	uint8_t col_week[YEAR_SLOTS_MAX];	/* column -> week of year */
	uint8_t col_weekday[YEAR_SLOTS_MAX];	/* column -> 0 Monday .. 6 */

	/* one entry per row */
	uint32_t *enrolment_id;
	uint32_t *school;
	uint16_t *flags;
	int8_t *year_group;
	uint16_t *area;

	/* schools: weeks with at least one session, as seen in the marks */
	size_t nr_schools, alloc_schools;
	int64_t *school_id;
	int32_t *school_urn;
	uint64_t *school_weeks;	/* bit w: week w had a session */

	/* areas (postcode districts); index 0 is "unknown" */
	size_t nr_areas, alloc_areas;
	char **area_name;
};

/* ---- building ---------------------------------------------------------- */

/* An empty engine for academic year `year` (no columns, no rows). */
struct engine *engine_new(int year);
void engine_free(struct engine *e);

/*
 * Makes sure every slot in slots[0..n) has a column.  Call it with the
 * year's school days before adding rows; adding columns later re-lays
 * the whole matrix out (engine_set_marks() does so for a mark on a day
 * no school had a column for, such as a Saturday session).
 */
void engine_add_slots(struct engine *e, const int *slots, size_t n);

/* Returns the new school's index. */
uint32_t engine_add_school(struct engine *e, int64_t id, int32_t urn);
/* Returns the index of the area named `name`, adding it if new. */
uint16_t engine_add_area(struct engine *e, const char *name);

/*
 * Appends a row with every mark missing; returns its index (amortised:
 * the matrix grows by half, in place where mremap() can).  A school index
 * out of range becomes 0; with no school yet, one (id 0) is added.
 */
size_t engine_add_row(struct engine *e, const struct engine_row *row);
/* Reserves room for n rows in all (avoids re-allocating while loading). */
void engine_reserve_rows(struct engine *e, size_t n);

/*
 * Sets the marks of slots slot_from .. slot_from + n - 1 of a row, in
 * place.  Fails (ERROR_INPUT) on a bad row or slot range; a byte outside
 * the code table is stored as missing.
 */
int engine_set_marks(struct engine *e, size_t row, int slot_from,
		     const mark_t *marks, size_t n, struct error *err);
/* Copies a row's marks into out[0..YEAR_SLOTS_MAX), by slot. */
void engine_get_marks(const struct engine *e, size_t row,
		      mark_t out[YEAR_SLOTS_MAX]);

/* A row's marks, column by column (nr_cols of them). */
static inline const mark_t *engine_row_marks(const struct engine *e, size_t row)
{
	return e->marks + row * e->stride;
}

/*
 * Loads academic year `year` from the store: every enrolment (rows in
 * school order, then enrolment id), its pupil's cohort flags, and its
 * marks blob.  Reads inside one read transaction.
 */
int engine_load(struct engine **out, struct store *st, int year,
		struct error *err);

/*
 * Brings an engine up to date with the store: `since` is the store
 * version (store_version()) it was loaded or last refreshed at.  Reads
 * every enrolment's attributes again (new enrolments become new rows,
 * appended; new schools and areas likewise) but only the marks blobs
 * that imports after `since` wrote, each replacing its row's marks.  The
 * result answers every query as engine_load() would now (rows may be in
 * another order).  Not alongside queries on the same engine.
 */
int engine_refresh(struct engine *e, struct store *st, int64_t since,
		   struct error *err);

/*
 * The engine of academic year `year` for the store as it stands now
 * (*version, may be NULL: the store version it reflects), from the cache
 * file beside the store (engine_cache.c) when there is one, brought up to
 * date with engine_refresh() if it is older, or else loaded whole; the
 * cache is written again whenever it was not current.
 */
int engine_open(struct engine **out, struct store *st, int year,
		int64_t *version, struct error *err);
/* Writes e as the cache of the store at `version`; failures are ignored. */
void engine_cache_save(const struct engine *e, struct store *st,
		       int64_t version);

/*
 * The engine's own binary layout (engine_file.c): written whole, read
 * back with one read() per array, the matrix mapped privately from the
 * file (e->marks_file).  Every byte is covered by an XXH3 checksum, one
 * per ENGINE_FILE_BLOCK bytes of the matrix: engine_read() refuses a
 * file whose checksums do not match (ERROR_INPUT, naming the block), so
 * the caller loads the figures from the store instead.
 */
#define ENGINE_FILE_BLOCK ((size_t)1 << 20)
int engine_save(const struct engine *e, const char *path, struct error *err);
int engine_read(struct engine **out, const char *path, struct error *err);

/* Bytes the engine holds (matrix and columns). */
size_t engine_memory(const struct engine *e);

/* ---- queries ----------------------------------------------------------- */

/*
 * Each enrolment's measure (m, may be NULL) and band (band, may be NULL),
 * indexed by row.  Rows the filter leaves out get zero measures and
 * BAND_NONE.  Returns 0, or -1 (ERROR_INPUT) if the slot range is bad,
 * like every query below.
 */
int engine_measures(const struct engine *e, const struct engine_filter *f,
		    struct measure *m, uint8_t *band, struct error *err);

/* One tally per school (nr_schools of them, cleared first). */
int engine_school_summary(const struct engine *e, const struct engine_filter *f,
			  struct tally *tally, struct error *err);
/* One tally per area (nr_areas of them, cleared first). */
int engine_area_summary(const struct engine *e, const struct engine_filter *f,
			struct tally *tally, struct error *err);
/* The whole authority (or country) in one tally. */
int engine_authority(const struct engine *e, const struct engine_filter *f,
		     struct tally *tally, struct error *err);
/*
 * One tally per cohort flag (ENGINE_COHORT_COUNT of them); a tally's
 * band[] is the cohort's breakdown by band.
 */
int engine_cohorts(const struct engine *e, const struct engine_filter *f,
		   struct tally *tally, struct error *err);

/* Sessions of one week, or one weekday, summed over enrolments. */
struct engine_sums {
	uint64_t possible;
	uint64_t absent;	/* authorised + unauthorised */
	uint64_t unauthorised;
	uint64_t late;		/* L: late before the register closed */
	uint64_t late_after;	/* U: arrived after the register closed */
};

/*
 * Weekly trend: per_school[s * ENGINE_WEEKS + w] (may be NULL) and
 * all[w] (may be NULL) for week w of the year (see ENGINE_WEEKS and
 * engine_week_monday()); cleared first.
 */
int engine_weekly(const struct engine *e, const struct engine_filter *f,
		  struct engine_sums *per_school, struct engine_sums *all,
		  struct error *err);
/* The Monday that starts week w of the engine's year. */
day_t engine_week_monday(const struct engine *e, int week);
/*
 * The end of a filter's slot range that takes the year's sessions up to
 * and including `day`: 0 before the year, its slot count after it.
 */
int engine_slot_to(const struct engine *e, day_t day);

/*
 * Each row's entry in index[], an array by enrolment id of max_id + 1
 * entries such as roll_report_index() builds (UINT32_MAX for an id past
 * max_id).  malloc'd, nr_rows + 1 entries.
 */
uint32_t *engine_map_rows(const struct engine *e, const uint32_t *index,
			  int64_t max_id);

/*
 * Day-of-week and lateness patterns: per_school[s * 7 + d] (may be NULL)
 * and all[d] for weekday d (0 Monday .. 6 Sunday); cleared first.
 */
int engine_patterns(const struct engine *e, const struct engine_filter *f,
		    struct engine_sums *per_school, struct engine_sums *all,
		    struct error *err);

/*
 * The penalty-notice threshold (core/penalty.h) per enrolment within the
 * year: first_met[row] is the slot of the session that first brought 10
 * unauthorised sessions (G, N, O, U) inside 10 of the school's weeks,
 * or -1.  A school's weeks are those in which any of its pupils has a
 * mark other than missing or '#'.  Only sessions inside the filter's
 * range count.  *nr_met (may be NULL) is the number of enrolments met.
 */
int engine_penalty(const struct engine *e, const struct engine_filter *f,
		   int16_t *first_met, size_t *nr_met, struct error *err);


/*
 * Tallies by groups the caller gives: for each grouping g[k], every row
 * r the filter keeps, with a possible session, is tallied into
 * g[k].tally[g[k].group[r]] (nothing where that is ENGINE_NO_GROUP).
 * One pass over the matrix for all of them; each tally array is cleared
 * first.  A thread keeps the sum of the nr_groups tallies of its own.
 */
#define ENGINE_NO_GROUP UINT32_MAX

struct engine_grouping {
	const uint32_t *group;	/* by row: its group, or ENGINE_NO_GROUP */
	size_t nr_groups;
	struct tally *tally;	/* nr_groups of them */
};

int engine_group_tallies(const struct engine *e, const struct engine_filter *f,
			 const struct engine_grouping *g, size_t nr,
			 struct error *err);

/* Cells of a code histogram: one per mark value (at least code_count). */
#define ENGINE_CODES 64

/*
 * How often each mark occurs in the filter's columns, per school:
 * codes[(s * nr_bins + bin[c]) * ENGINE_CODES + m] counts the marks m
 * (0: missing) in column c of school s's rows.  bin (nr_cols entries,
 * each below nr_bins) may be NULL: one bin, nr_bins 1.  Cleared first.
 * A thread keeps nr_schools * nr_bins * ENGINE_CODES counters of its own.
 */
int engine_codes(const struct engine *e, const struct engine_filter *f,
		 const uint16_t *bin, size_t nr_bins, uint32_t *codes,
		 struct error *err);

/* What engine_registers() says of a school's session. */
#define ENGINE_SESSION_MARKED 1	/* one of its rows has a mark */
#define ENGINE_SESSION_OPEN 2	/* ... other than '#': the school was open */

/*
 * Each school's registers, by session: taken[s * YEAR_SLOTS_MAX + slot]
 * (nr_schools * YEAR_SLOTS_MAX bytes, cleared first) holds the
 * ENGINE_SESSION_* bits of school s's rows in that slot, for the slots
 * of the filter's range.  rows[s] (may be NULL) counts the school's rows
 * the filter keeps, marked[s] (may be NULL) those with a mark in the
 * range.
 */
int engine_registers(const struct engine *e, const struct engine_filter *f,
		     uint8_t *taken, uint32_t *rows, uint32_t *marked,
		     struct error *err);

/* One row's sessions by weekday, Monday (0) to Friday (4). */
struct engine_pattern {
	uint16_t possible[5];
	uint16_t absent[5];	/* authorised + unauthorised */
	uint16_t late;		/* L: late before the register closed */
	uint16_t late_after;	/* U: arrived after the register closed */
};

/*
 * Each row's weekday pattern over the filter's columns, into out[row]
 * (nr_rows of them); rows the filter leaves out get zeros.  Weekend
 * sessions are not counted.
 */
int engine_row_patterns(const struct engine *e, const struct engine_filter *f,
			struct engine_pattern *out, struct error *err);

#endif
