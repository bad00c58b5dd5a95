#ifndef DEMO_DEMO_INTERNAL_H
#define DEMO_DEMO_INTERNAL_H

/*
 * The demo generator's parts, shared between its files:
 *
 *   demo.c           demo_generate(): the order of the work, output files,
 *                    random numbers
 *   demo_names.c     the fictional places, people and school names
 *   demo_calendar.c  term dates, bank holidays, INSET days; calendar.csv
 *   demo_roll.c      schools, pupils, enrolments; areas, schools and
 *                    pupils CSVs
 *   demo_register.c  each pupil's marks, and the register files
 *
 * Days are indexes from 1 August 2025 (index 0) to 31 July 2027 (729);
 * academic year y (0 for 2025/26, 1 for 2026/27) holds indexes 365 * y to
 * 365 * y + 364 (neither year has a 29 February).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/code.h"
#include "core/date.h"
#include "core/roll.h"
#include "demo/demo.h"

#define DEMO_FIRST_YEAR 2025
#define DEMO_YEARS 2
#define DEMO_YEAR_DAYS 365
#define DEMO_DAYS (DEMO_YEARS * DEMO_YEAR_DAYS)
#define DEMO_HALF_TERMS 12	/* six a year */

/* ---- random numbers: xoshiro256** seeded by splitmix64 --------------- */

struct demo_rng {
	uint64_t s[4];
};

static inline uint64_t demo_mix(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A stream of its own for each (seed, a, b): independent of call order. */
static inline void demo_rng_seed(struct demo_rng *r, uint64_t seed,
				 uint64_t a, uint64_t b)
{
	uint64_t x = demo_mix(demo_mix(seed ^ 0x6A09E667F3BCC908ULL) ^ a) ^
		     demo_mix(b + 0x3C6EF372FE94F82BULL);

	for (int i = 0; i < 4; i++)
		r->s[i] = x = demo_mix(x);
}

static inline uint64_t demo_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t demo_next(struct demo_rng *r)
{
	uint64_t *s = r->s, result = demo_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = demo_rotl(s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
static inline double demo_uniform(struct demo_rng *r)
{
	return (double)(demo_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in 0 .. n - 1 (n > 0). */
static inline int demo_below(struct demo_rng *r, int n)
{
	return (int)(demo_uniform(r) * n);
}

static inline bool demo_chance(struct demo_rng *r, double p)
{
	return demo_uniform(r) < p;
}

/* A uniform draw in [0, 1) from a hash of its arguments: no state. */
static inline double demo_hash01(uint64_t seed, uint64_t a, uint64_t b)
{
	return (double)(demo_mix(demo_mix(seed ^ a) + b) >> 11) * 0x1.0p-53;
}

/* Gamma(k, 1): mean k, so demo_gamma(r, k) / k has mean 1. */
double demo_gamma(struct demo_rng *r, double k);
int demo_poisson(struct demo_rng *r, double mean);

/* ---- the fictional places and people (demo_names.c) ------------------ */

struct demo_area {
	const char *name;
	int decile;		/* index of multiple deprivation: 1 most deprived */
	int districts;		/* postcode districts KMn, numbered in order */
	double eal;		/* share of pupils with English as an additional language */
};

extern const struct demo_area demo_areas[];
extern const int demo_nr_areas;
extern const char *const demo_girls[];
extern const int demo_nr_girls;
extern const char *const demo_boys[];
extern const int demo_nr_boys;
extern const char *const demo_surnames[];
extern const int demo_nr_surnames;
/* Letters allowed in the inward part of a postcode. */
extern const char demo_postcode_letters[];

struct demo_school;
struct demo;
/* A plausible name for school number `index` of its phase, unique in d. */
void demo_name_school(struct demo *d, struct demo_school *s, int index);

/* ---- the calendar (demo_calendar.c) ---------------------------------- */

struct demo_calendar {
	day_t first;			/* 1 August 2025, index 0 */
	uint8_t term[DEMO_DAYS];	/* a weekday inside a half term */
	uint8_t open[DEMO_DAYS];	/* a school day in every school (before
					   each school's own INSET days) */
	uint8_t weekday[DEMO_DAYS];	/* 0 Monday .. 6 Sunday */
	uint8_t month[DEMO_DAYS];	/* 1 .. 12 */
	int16_t recent[DEMO_DAYS];	/* LA school days from here to the last
					   day with marks (0 on it), or -1 */
	int half_start[DEMO_HALF_TERMS], half_end[DEMO_HALF_TERMS];
	int term_days[DEMO_DAYS];	/* indexes of the term weekdays, in order */
	int nr_term_days;
	int term_pos[DEMO_DAYS];	/* position in term_days of the term day
					   on or after each index */
	char slot_text[2 * DEMO_DAYS][14];	/* "2025-09-04,AM," */
};

static inline int demo_index(const struct demo_calendar *c, day_t day)
{
	return (int)(day - c->first);
}

static inline day_t demo_day(const struct demo_calendar *c, int index)
{
	return c->first + index;
}

void demo_calendar_init(struct demo *d);
/* Chooses a school's own INSET days and fills its open[]. */
void demo_calendar_school(struct demo *d, struct demo_school *s, int index);
/* A random LA school day between from and to (indexes), or -1 if none. */
int demo_random_school_day(struct demo *d, int from, int to);
/* The index of the first LA school day on or after index i (or -1). */
int demo_next_school_day(const struct demo *d, int i);
/* The index of polling day, when some schools close. */
int demo_polling_day(const struct demo *d);
int demo_write_calendar(struct demo *d, struct strbuf *files, struct error *e);

/* ---- schools, pupils and enrolments (demo_roll.c) -------------------- */

struct demo_school {
	int32_t urn, laestab;
	enum phase phase;
	char name[96];
	int area;
	bool nursery, sixth_form;
	double cohort;			/* pupils per year group */
	double culture;			/* the school's effect on absence */
	int inset[DEMO_YEARS][3];	/* its own INSET days (indexes) */
	int closure;			/* closed in its calendar, or -1 */
	int closure_marked;		/* closed, marked '#' in registers, or -1 */
	int gaps;			/* 0, or how its registers go missing */
	double unresolved;		/* share of old O marks left as N */
	double approved_habit;		/* share of present afternoons marked B */
	int work_experience[DEMO_YEARS];	/* Monday of Year 10's week, or -1 */
	int y1_intake;			/* places in Year 7 for 2026/27 (secondary) */
	uint8_t open[DEMO_DAYS];	/* its school days */
	long *enrol;			/* its enrolments, in order of creation */
	long nr_enrol, alloc_enrol;
};

enum demo_care { DEMO_CARE_NONE, DEMO_CARE_CIN, DEMO_CARE_CP, DEMO_CARE_CLA };

struct demo_pupil {
	char upn[14];
	char postcode[10];
	int16_t forename, surname;
	day_t dob;
	int8_t g0;			/* year group in 2025/26: -3 .. 13 */
	char sex;			/* 'M' or 'F' */
	char sen;			/* 'N', 'K' (SEN support), 'E' (EHCP) */
	uint8_t care;			/* enum demo_care */
	bool fsm, early_help, youth_justice, eal, traveller;
	uint8_t faith;			/* 0, 1 keeps Eid, 2 Diwali and Vaisakhi */
	uint8_t area;
	long household;			/* index of the household's first pupil */
	float trait;			/* stable absence propensity, cohort included */
	float late;			/* chance of arriving late in a morning */
	int sa_from;			/* severe absence from this index, or -1 */
	float sa_level;			/* share of days missed from then */
	long first_enrol;		/* this pupil's enrolments: a chain */
};

struct demo_enrolment {
	int32_t pupil, school;
	day_t start, end;		/* DAY_NONE: not known / still on roll */
	long dual;			/* the other half of a dual registration, or -1 */
	bool ap_side;			/* the AP's half of a dual registration */
	uint8_t ap_days;		/* weekdays at the AP (bit 0 Monday) */
	long next;			/* the pupil's next enrolment, or -1 */
};

/* The codes the generator writes, looked up once in the national table. */
enum demo_code {
	DC_AM, DC_PM, DC_LATE, DC_LATE_CLOSED, DC_ILL, DC_MEDICAL, DC_OTHER,
	DC_NO_REASON, DC_HOLIDAY, DC_EXCEPTIONAL, DC_SUSPENDED, DC_PART_TIME,
	DC_RELIGIOUS, DC_TRAVELLER, DC_INTERVIEW, DC_STUDY, DC_VISIT, DC_SPORT,
	DC_WORK, DC_APPROVED, DC_LA_PROVISION, DC_DUAL, DC_NOT_REQUIRED,
	DC_CLOSED, DC_TRANSPORT, DC_COUNT
};

struct demo {
	const struct demo_options *o;
	struct demo_rng rng;		/* the roll, drawn in one sequence */
	int last;			/* index of the last day with marks */
	int years;			/* academic years with a roll: 1 or 2 */
	struct demo_calendar cal;
	struct demo_school *schools;
	int nr_schools;
	struct demo_pupil *pupils;
	long nr_pupils, alloc_pupils;
	struct demo_enrolment *enrol;
	long nr_enrol, alloc_enrol;
	mark_t code[DC_COUNT];
	int school_names_used;
};

void demo_make_schools(struct demo *d);
void demo_make_pupils(struct demo *d);
/* The group a pupil is in during academic year y (0 or 1). */
static inline int demo_group(const struct demo_pupil *p, int y)
{
	return p->g0 + y;
}
int demo_write_roll(struct demo *d, struct strbuf *files, struct error *e);

/* ---- the register files (demo_register.c) ---------------------------- */

int demo_write_registers(struct demo *d, struct strbuf *files,
			 struct error *e);

/* ---- output files (demo.c) ------------------------------------------- */

struct demo_out {
	FILE *f;
	char *buf;
	size_t len, alloc;
	int error;			/* errno of the first failure, or 0 */
	char path[4096];
};

/* Opens out_dir/name for writing and lists it in *files. */
int demo_out_open(struct demo_out *out, const struct demo *d,
		  const char *name, struct strbuf *files, struct error *e);
void demo_out_flush(struct demo_out *out);
int demo_out_close(struct demo_out *out, struct error *e);

static inline void demo_out_add(struct demo_out *out, const void *p, size_t n)
{
	if (out->len + n > out->alloc)
		demo_out_flush(out);
	memcpy(out->buf + out->len, p, n);
	out->len += n;
}

void demo_out_addstr(struct demo_out *out, const char *s);
void demo_out_addf(struct demo_out *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A CSV field, quoted if it has to be, and the comma or newline after. */
void demo_out_field(struct demo_out *out, const char *s, char end);
void demo_progress(const struct demo *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
