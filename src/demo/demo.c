/*
 * The demo authority generator.  Everything is fictional: the authority
 * (Kingsmere, LA 990), its areas (postcode districts KM1-KM24), schools,
 * pupils and registers.  It is calibrated to land near recent national
 * figures: overall absence 6-7%, persistent absence 18-20%, severe
 * absence about 2%, with secondary above primary, special schools and AP
 * higher still, FSM, SEN and social-care cohorts higher, more absence in
 * deprived areas, on Mondays and Fridays and in winter, term-time
 * holidays beside half terms, late arrivals, suspensions, part-time
 * timetables, dual registration with AP, and a few schools whose
 * registers have gaps.
 *
 * Model: each pupil has a stable absence propensity (a skewed draw times
 * cohort factors); each school day an absence spell may start with a
 * probability from it, and lasts one to a few days with a reason.  A
 * small group of pupils have emotionally based school avoidance and miss
 * most of the year.
 */
#include "demo/demo.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/annual.h"
#include "core/code.h"
#include "core/roll.h"
#include "core/upn.h"
#include "util/csv_write.h"
#include "util/strbuf.h"

/* ---- random numbers: splitmix64 seeding xoshiro256** ------------------ */

struct rng {
	uint64_t s[4];
};

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = sample_next(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

static double uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static int below(struct rng *r, int n)
{
	return (int)(uniform(r) * n);
}

static bool chance(struct rng *r, double p)
{
	return uniform(r) < p;
}

/* Gamma(k, 1) (Marsaglia-Tsang; k < 1 by boosting k + 1), mean k. */
static double gamma_draw(struct rng *r, double k)
{
	double d, c;

	if (k < 1)
		return gamma_draw(r, k + 1) * pow(uniform(r) + 1e-300, 1 / k);
	d = k - 1.0 / 3;
	c = 1 / sqrt(9 * d);

	for (;;) {
		double x, v, u;
		do {
			/* a normal draw by Box-Muller */
			double u1 = uniform(r), u2 = uniform(r);
			x = sqrt(-2 * log(u1 + 1e-300)) * cos(6.283185307179586 * u2);
			v = 1 + c * x;
		} while (v <= 0);
		v = v * v * v;
		u = uniform(r);
		if (log(u + 1e-300) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v;
	}
}

/* ---- the fictional places and people ---------------------------------- */

static const struct {
	const char *name;
	int decile;
	int districts;
} areas[] = {
	{ "Kingsmere Central", 2, 2 }, { "Kingsmere North", 3, 2 },
	{ "Ashby Vale", 7, 1 }, { "Brackenford", 4, 2 },
	{ "Calder Heath", 8, 1 }, { "Dunmoor", 1, 2 },
	{ "Eastwick", 5, 1 }, { "Fellbrook", 9, 1 },
	{ "Greyhallow", 2, 2 }, { "Hartlemere", 6, 1 },
	{ "Ironbridge Fields", 3, 2 }, { "Larkholme", 10, 1 },
	{ "Millbeck", 4, 2 }, { "Northam Green", 7, 2 },
	{ "Oakridge", 5, 1 }, { "Saltings", 1, 1 },
};
#define NR_AREAS (sizeof(areas) / sizeof(areas[0]))

static const char *const forenames[] = {
	"Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella",
	"Rosie", "Sophia", "Grace", "Willow", "Freya", "Evie", "Poppy", "Ella",
	"Aisha", "Zara", "Maryam", "Priya", "Anaya", "Hannah", "Chloe", "Ruby",
	"Noah", "Oliver", "George", "Arthur", "Leo", "Harry", "Oscar", "Archie",
	"Henry", "Theo", "Jack", "Charlie", "Freddie", "Alfie", "Finley", "Muhammad",
	"Yusuf", "Ibrahim", "Arjun", "Kai", "Mason", "Logan", "Reuben", "Tomasz",
	"Jakub", "Lena", "Zofia", "Chidi", "Amara", "Kofi", "Efua", "Mateo",
};
static const char *const surnames[] = {
	"Ashworth", "Bramley", "Calloway", "Dunmore", "Ellery", "Fairbairn",
	"Garside", "Holloway", "Ingleby", "Jessop", "Kershaw", "Lindqvist",
	"Marsden", "Nettleton", "Oyelaran", "Pickering", "Quarmby", "Rowbotham",
	"Sutcliffe", "Thackeray", "Umeh", "Varley", "Whitaker", "Yeadon",
	"Akhtar", "Begum", "Chowdhury", "Dabrowski", "Eze", "Farouk", "Gill",
	"Hussain", "Iqbal", "Kowalczyk", "Mensah", "Nowak", "Okafor", "Patel",
	"Rahman", "Sandhu", "Tran", "Wojcik", "Clegg", "Brearley", "Haigh",
	"Ogden", "Pennington", "Sowerby",
};
static const char *const saints[] = {
	"St Aidan's", "St Hilda's", "St Oswald's", "St Bede's", "St Cuthbert's",
	"Holy Trinity", "St Wilfrid's", "St Chad's",
};
static const char *const features[] = {
	"Meadow", "Brook", "Beck", "Moor", "Field", "Park", "Hill", "Green",
	"Willow", "Rowan", "Oak", "Heather",
};

/* ---- the calendar ------------------------------------------------------ */

struct range {
	int y1, m1, d1, y2, m2, d2;
	const char *label;
};

/* Half terms of 2025/26 and 2026/27 (LA-wide). */
static const struct range terms[] = {
	{ 2025, 9, 1, 2025, 10, 24, "Autumn 1" }, { 2025, 11, 3, 2025, 12, 19, "Autumn 2" },
	{ 2026, 1, 5, 2026, 2, 13, "Spring 1" }, { 2026, 2, 23, 2026, 3, 27, "Spring 2" },
	{ 2026, 4, 13, 2026, 5, 22, "Summer 1" }, { 2026, 6, 1, 2026, 7, 22, "Summer 2" },
	{ 2026, 9, 1, 2026, 10, 23, "Autumn 1" }, { 2026, 11, 2, 2026, 12, 18, "Autumn 2" },
	{ 2027, 1, 4, 2027, 2, 12, "Spring 1" }, { 2027, 2, 22, 2027, 3, 25, "Spring 2" },
	{ 2027, 4, 12, 2027, 5, 28, "Summer 1" }, { 2027, 6, 7, 2027, 7, 22, "Summer 2" },
};
/* English bank holidays in these years (those in term are closures). */
static const struct range bank_holidays[] = {
	{ 2025, 8, 25, 2025, 8, 25, "Summer bank holiday" },
	{ 2025, 12, 25, 2025, 12, 26, "Christmas" },
	{ 2026, 1, 1, 2026, 1, 1, "New Year's Day" },
	{ 2026, 4, 3, 2026, 4, 6, "Easter" },
	{ 2026, 5, 4, 2026, 5, 4, "Early May bank holiday" },
	{ 2026, 5, 25, 2026, 5, 25, "Spring bank holiday" },
	{ 2026, 8, 31, 2026, 8, 31, "Summer bank holiday" },
	{ 2026, 12, 25, 2026, 12, 28, "Christmas" },
	{ 2027, 1, 1, 2027, 1, 1, "New Year's Day" },
	{ 2027, 3, 26, 2027, 3, 29, "Easter" },
	{ 2027, 5, 3, 2027, 5, 3, "Early May bank holiday" },
	{ 2027, 5, 31, 2027, 5, 31, "Spring bank holiday" },
};
/* LA-wide INSET days: the first two days of each year. */
static const struct range la_inset[] = {
	{ 2025, 9, 1, 2025, 9, 2, "INSET" }, { 2026, 9, 1, 2026, 9, 2, "INSET" },
};
/* Candidate days for a school's own three INSET days a year. */
static const struct range own_inset_choices[] = {
	{ 2025, 11, 3, 2025, 11, 3, "" }, { 2026, 1, 5, 2026, 1, 5, "" },
	{ 2026, 2, 23, 2026, 2, 23, "" }, { 2026, 4, 13, 2026, 4, 13, "" },
	{ 2026, 6, 1, 2026, 6, 1, "" }, { 2026, 7, 22, 2026, 7, 22, "" },
	{ 2026, 11, 2, 2026, 11, 2, "" }, { 2027, 1, 4, 2027, 1, 4, "" },
	{ 2027, 2, 22, 2027, 2, 22, "" }, { 2027, 4, 12, 2027, 4, 12, "" },
	{ 2027, 6, 7, 2027, 6, 7, "" }, { 2027, 7, 22, 2027, 7, 22, "" },
};

#define FIRST_YEAR 2025
#define NR_YEARS 2
#define MAX_DAYS 731	/* days of the two years, from 1 August 2025 */

static day_t range_from(const struct range *r)
{
	return date_from_ymd(r->y1, r->m1, r->d1);
}

static day_t range_to(const struct range *r)
{
	return date_from_ymd(r->y2, r->m2, r->d2);
}

/* ---- schools and pupils ----------------------------------------------- */

struct demo_school {
	int32_t urn, laestab;
	enum phase phase;
	char name[96];
	int area;
	bool nursery, sixth_form;
	int size;		/* pupils on roll now */
	double culture;		/* school effect on absence */
	int inset[NR_YEARS][3];	/* indices into own_inset_choices */
	bool gaps;		/* some registers not taken */
	int serial;		/* UPNs issued */
	day_t closed;		/* a planned closure (#), or DAY_NONE */
};

struct demo_pupil {
	char upn[14];
	char surname[24], forename[16];
	day_t dob;
	char sex;
	int group_now;		/* year group in 2026/27: -2 N1 .. 13 */
	int area, district;
	char postcode[32];
	bool fsm, early_help, youth_justice, eal;
	char sen;		/* N, K, E */
	const char *care;	/* "", CIN, CP, CLA */
	double rate;		/* absence propensity per session */
	bool ebsa;		/* school avoidance: most of the year missed */
	bool holiday;		/* takes a term-time holiday each year */
	bool part_time;		/* a part-time timetable (C2) in 2025/26 */
	double late;		/* chance of arriving late */
	int school[NR_YEARS];	/* school index each year, -1 none */
	int ap;			/* dual-registered with this AP, or -1 */
	day_t start, end;	/* joined / left mid-way, or DAY_NONE */
};

struct demo {
	struct rng rng;
	const struct demo_options *o;
	struct demo_school *schools;
	int nr_schools;
	struct demo_pupil *pupils;
	long nr_pupils, alloc_pupils;
	day_t last_day;		/* the last day with marks */
	bool school_day[NR_YEARS][MAX_DAYS];	/* LA-wide, before own INSET */
	char day_text[MAX_DAYS][11];
};

static int school_year_index(day_t day)
{
	return academic_year_of(day) - FIRST_YEAR;
}

static int day_index(day_t day)
{
	return day - academic_year_start(FIRST_YEAR);
}

static void make_calendar(struct demo *d)
{
	for (size_t t = 0; t < sizeof(terms) / sizeof(terms[0]); t++)
		for (day_t day = range_from(&terms[t]); day <= range_to(&terms[t]); day++)
			if (date_weekday(day) < 5)
				d->school_day[school_year_index(day)][day_index(day)] = true;
	for (size_t b = 0; b < sizeof(bank_holidays) / sizeof(bank_holidays[0]); b++)
		for (day_t day = range_from(&bank_holidays[b]); day <= range_to(&bank_holidays[b]); day++)
			if (day_index(day) >= 0 && day_index(day) < MAX_DAYS)
				d->school_day[school_year_index(day)][day_index(day)] = false;
	for (size_t i = 0; i < sizeof(la_inset) / sizeof(la_inset[0]); i++)
		for (day_t day = range_from(&la_inset[i]); day <= range_to(&la_inset[i]); day++)
			d->school_day[school_year_index(day)][day_index(day)] = false;
	for (int i = 0; i < MAX_DAYS; i++)
		date_format(academic_year_start(FIRST_YEAR) + i, d->day_text[i]);
}

static bool open_on(const struct demo *d, const struct demo_school *s, day_t day)
{
	int y = school_year_index(day), i = day_index(day);

	if (y < 0 || y >= NR_YEARS || i < 0 || i >= MAX_DAYS || !d->school_day[y][i])
		return false;
	for (int k = 0; k < 3; k++)
		if (range_from(&own_inset_choices[s->inset[y][k]]) == day)
			return false;
	return true;
}

/* A plausible name, unique for the first 96 primaries and 32 others. */
static void name_school(struct demo_school *s, int phase, int j)
{
	const char *area = areas[j % NR_AREAS].name;
	const char *feature = features[(j / (int)NR_AREAS + j) % 12];
	int pattern = j / (int)NR_AREAS;

	switch (phase) {
	case PHASE_PRIMARY:
		switch (pattern % 6) {
		case 0: snprintf(s->name, sizeof(s->name), "%s Primary School", area); break;
		case 1: snprintf(s->name, sizeof(s->name), "%s CE Primary School (%s)",
				 saints[j % 8], area); break;
		case 2: snprintf(s->name, sizeof(s->name), "%s %s Primary Academy",
				 area, feature); break;
		case 3: snprintf(s->name, sizeof(s->name), "%s Infant and Junior "
				 "School (%s)", feature, area); break;
		case 4: snprintf(s->name, sizeof(s->name), "%s Church of England "
				 "Primary", area); break;
		default: snprintf(s->name, sizeof(s->name), "%s Lane Community "
				  "Primary (%s)", feature, area);
		}
		break;
	case PHASE_SECONDARY:
		snprintf(s->name, sizeof(s->name), pattern % 2 ? "%s High School" :
			 "%s Academy", area);
		break;
	case PHASE_SPECIAL:
		snprintf(s->name, sizeof(s->name), "%s Special School (%s)",
			 features[(j + 5) % 12], area);
		break;
	default:
		snprintf(s->name, sizeof(s->name), "Kingsmere Pupil Referral Unit "
			 "(%s)", area);
	}
	if (pattern >= 6 || (phase != PHASE_PRIMARY && pattern >= 2)) {
		size_t len = strlen(s->name);
		snprintf(s->name + len, sizeof(s->name) - len, " %d", pattern + 1);
	}
}

static void make_schools(struct demo *d)
{
	int n = (int)(d->o->pupils / 333);
	int counts[PHASE_COUNT];
	static const int sizes[PHASE_COUNT] = { 250, 1050, 110, 45 };
	long total = 0;

	if (n < 4)
		n = 4;
	counts[PHASE_SECONDARY] = n * 15 / 100 > 0 ? n * 15 / 100 : 1;
	counts[PHASE_SPECIAL] = n * 4 / 100 > 0 ? n * 4 / 100 : 1;
	counts[PHASE_AP] = n * 2 / 100 > 0 ? n * 2 / 100 : 1;
	counts[PHASE_PRIMARY] = n - counts[PHASE_SECONDARY] - counts[PHASE_SPECIAL] -
				counts[PHASE_AP];
	d->nr_schools = n;
	d->schools = xcalloc((size_t)n, sizeof(*d->schools));
	for (int i = 0, k = 0; k < PHASE_COUNT; k++) {
		for (int j = 0; j < counts[k]; j++, i++) {
			struct demo_school *s = &d->schools[i];

			s->phase = (enum phase)k;
			s->urn = 190001 + i;
			s->laestab = 9900000 + (k == PHASE_PRIMARY ? 2000 :
				     k == PHASE_SECONDARY ? 4000 : k == PHASE_SPECIAL ?
				     7000 : 1100) + j + 1;
			s->area = i % (int)NR_AREAS;
			s->culture = 0.8 + 0.4 * uniform(&d->rng);
			s->size = (int)(sizes[k] * (0.6 + 0.8 * uniform(&d->rng)));
			s->nursery = k == PHASE_PRIMARY && chance(&d->rng, 0.3);
			s->sixth_form = k == PHASE_SECONDARY && chance(&d->rng, 0.5);
			s->closed = DAY_NONE;
			total += s->size;
			name_school(s, k, j);
			for (int y = 0; y < NR_YEARS; y++) {
				int pick[6] = { 0, 1, 2, 3, 4, 5 };
				for (int a = 0; a < 3; a++) {
					int b = a + below(&d->rng, 6 - a), t = pick[a];
					pick[a] = pick[b];
					pick[b] = t;
					s->inset[y][a] = 6 * y + pick[a];
				}
			}
		}
	}
	/* Scale sizes so the roll comes out at the number asked for. */
	for (int i = 0; i < n; i++) {
		struct demo_school *s = &d->schools[i];
		s->size = (int)((double)s->size * (double)d->o->pupils / (double)total);
		if (s->size < 10)
			s->size = 10;
	}
	/* Two schools with registers not always taken, one snow day. */
	d->schools[n / 3].gaps = true;
	d->schools[2 * n / 3].gaps = true;
	d->schools[n / 5].closed = date_from_ymd(2026, 1, 13);
}

static struct demo_pupil *new_pupil(struct demo *d)
{
	if (d->nr_pupils == d->alloc_pupils) {
		d->alloc_pupils = d->alloc_pupils ? 2 * d->alloc_pupils : 4096;
		d->pupils = xrealloc(d->pupils, (size_t)d->alloc_pupils *
				     sizeof(*d->pupils));
	}
	memset(&d->pupils[d->nr_pupils], 0, sizeof(d->pupils[0]));
	return &d->pupils[d->nr_pupils++];
}

/* Born so as to be in group g in 2026/27 (age g + 4 on 31 August 2026). */
static day_t birth_for_group(struct demo *d, int g)
{
	day_t from = date_from_ymd(2026 - g - 5, 9, 1);
	return from + below(&d->rng, 365);
}

static void describe_pupil(struct demo *d, struct demo_pupil *p, struct demo_school *s)
{
	struct rng *r = &d->rng;
	const int decile = areas[s->area].decile;
	double depriv = (5.5 - decile) / 4.5;	/* +1 most deprived .. -1 */
	double factor, k;
	char tail[13];

	/* LA, establishment, and a serial unique within the school */
	snprintf(tail, sizeof(tail), "990%04u%05u",
		 (unsigned)(s->laestab % 10000) % 10000u,
		 (unsigned)(++s->serial) % 100000u);
	p->upn[0] = upn_check_letter(tail);
	memcpy(p->upn + 1, tail, 12);
	p->upn[13] = '\0';
	snprintf(p->forename, sizeof(p->forename), "%s",
		 forenames[below(r, (int)(sizeof(forenames) / sizeof(forenames[0])))]);
	snprintf(p->surname, sizeof(p->surname), "%s",
		 surnames[below(r, (int)(sizeof(surnames) / sizeof(surnames[0])))]);
	p->sex = chance(r, 0.5) ? 'F' : 'M';
	p->area = chance(r, 0.8) ? s->area : below(r, (int)NR_AREAS);
	p->district = below(r, areas[p->area].districts);
	{
		int district_no = 0;
		for (int a = 0; a < p->area; a++)
			district_no += areas[a].districts;
		district_no += p->district + 1;
		snprintf(p->postcode, sizeof(p->postcode), "KM%u %u%c%c", (unsigned)district_no % 100u,
			 1u + (unsigned)below(r, 9), "ABDEFGHJLNPQRSTUWXYZ"[below(r, 20)],
			 "ABDEFGHJLNPQRSTUWXYZ"[below(r, 20)]);
	}
	p->fsm = chance(r, 0.24 + 0.14 * depriv);
	p->eal = chance(r, 0.17);
	if (s->phase == PHASE_SPECIAL)
		p->sen = chance(r, 0.95) ? 'E' : 'K';
	else
		p->sen = chance(r, 0.03) ? 'E' : chance(r, 0.135) ? 'K' : 'N';
	{
		double u = uniform(r), boost = 1 + 0.8 * (depriv > 0 ? depriv : 0);
		p->care = u < 0.007 * boost ? "CLA" : u < 0.017 * boost ? "CP" :
			  u < 0.047 * boost ? "CIN" : "";
	}
	p->early_help = !*p->care && chance(r, 0.04 * (1 + depriv * 0.5));
	p->youth_justice = s->phase != PHASE_PRIMARY && p->group_now >= 8 &&
			   chance(r, 0.006);

	/* The propensity: a stable trait, skewed, times cohort factors. */
	k = 1.0;
	factor = gamma_draw(r, k) / k;
	factor *= s->phase == PHASE_PRIMARY ? 0.82 : s->phase == PHASE_SECONDARY ?
		  1.3 : s->phase == PHASE_SPECIAL ? 1.75 : 4.0;
	if (p->fsm)
		factor *= 1.55;
	if (p->sen == 'K')
		factor *= 1.35;
	else if (p->sen == 'E')
		factor *= 1.5;
	if (!strcmp(p->care, "CIN"))
		factor *= 1.7;
	else if (!strcmp(p->care, "CP"))
		factor *= 2.0;
	else if (!strcmp(p->care, "CLA"))
		factor *= 1.1;
	if (p->early_help)
		factor *= 1.5;
	if (p->youth_justice)
		factor *= 2.0;
	factor *= 1 + 0.18 * depriv;
	factor *= s->culture;
	p->rate = 0.0335 * factor;
	if (p->rate > 0.8)
		p->rate = 0.8;
	p->ebsa = chance(r, (s->phase == PHASE_PRIMARY ? 0.008 :
			 s->phase == PHASE_AP ? 0.15 : 0.026) *
			 (*p->care || p->sen != 'N' ? 2.0 : 1.0));
	p->holiday = s->phase != PHASE_AP && chance(r, 0.11 - 0.05 * depriv);
	p->part_time = s->phase != PHASE_PRIMARY ? chance(r, 0.006) :
		       chance(r, 0.002);
	p->late = chance(r, 0.15) ? 0.02 + 0.08 * uniform(r) : 0.004;
	p->ap = -1;
	p->start = p->end = DAY_NONE;
}

static int random_school(struct demo *d, enum phase ph, int near_area)
{
	int tries = 0, i;

	do {
		i = below(&d->rng, d->nr_schools);
		if (d->schools[i].phase == ph &&
		    (d->schools[i].area == near_area || tries > 20))
			return i;
	} while (++tries < 400);
	for (i = 0; i < d->nr_schools; i++)
		if (d->schools[i].phase == ph)
			return i;
	return 0;
}

static void make_pupils(struct demo *d)
{
	for (int i = 0; i < d->nr_schools; i++) {
		struct demo_school *s = &d->schools[i];
		int lo, hi;

		switch (s->phase) {
		case PHASE_PRIMARY: lo = s->nursery ? -1 : 0; hi = 6; break;
		case PHASE_SECONDARY: lo = 7; hi = s->sixth_form ? 13 : 11; break;
		case PHASE_SPECIAL: lo = 1; hi = 13; break;
		default: lo = 7; hi = 11;
		}
		for (int n = 0; n < s->size; n++) {
			struct demo_pupil *p = new_pupil(d);
			int g = lo + below(&d->rng, hi - lo + 1);

			/* sixth forms are smaller */
			if (g >= 12 && chance(&d->rng, 0.4))
				g = 7 + below(&d->rng, 5);
			p->group_now = g;
			p->dob = birth_for_group(d, g);
			describe_pupil(d, p, s);
			p->school[1] = i;
			p->school[0] = i;
			if (s->phase == PHASE_SECONDARY && g == 7)
				p->school[0] = random_school(d, PHASE_PRIMARY, s->area);
			if (g == 0 && !s->nursery)
				p->school[0] = -1;	/* started school this year */
			if (g == -1)
				p->school[0] = -1;	/* nursery from this year */
			if (s->phase == PHASE_AP && chance(&d->rng, 0.5))
				p->school[0] = random_school(d, PHASE_SECONDARY, s->area);
			/* joiners and leavers part-way through a year */
			if (p->school[0] != p->school[1])
				;	/* moved school between the years */
			else if (chance(&d->rng, 0.03))
				p->start = academic_year_start(FIRST_YEAR + (g < 1 ? 1 : 0)) +
					   40 + below(&d->rng, 240);
			else if (chance(&d->rng, 0.03))
				p->end = academic_year_start(FIRST_YEAR) + 60 +
					 below(&d->rng, 330);
		}
		/* last year's leavers: Year 11 (no sixth form) and Year 13 */
		if (s->phase == PHASE_SECONDARY) {
			int leavers = s->size / (s->sixth_form ? 9 : 5);
			for (int n = 0; n < leavers; n++) {
				struct demo_pupil *p = new_pupil(d);
				int g = s->sixth_form ? 14 : 12;	/* "now" */
				p->group_now = g;
				p->dob = birth_for_group(d, g);
				describe_pupil(d, p, s);
				p->school[0] = i;
				p->school[1] = -1;
			}
		}
	}
	/* Dual registration: some secondary pupils attend AP two days a week. */
	for (long k = 0; k < d->nr_pupils; k++) {
		struct demo_pupil *p = &d->pupils[k];
		if (p->school[1] >= 0 && d->schools[p->school[1]].phase ==
		    PHASE_SECONDARY && p->start == DAY_NONE && p->end == DAY_NONE &&
		    chance(&d->rng, 0.004))
			p->ap = random_school(d, PHASE_AP, d->schools[p->school[1]].area);
	}
}

/* ---- writing ----------------------------------------------------------- */

struct out {
	FILE *f;
	char path[1024];
};

static int out_open(struct out *o, const char *dir, const char *name,
		    struct strbuf *files, struct error *e)
{
	snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);
	o->f = fopen(o->path, "w");
	if (!o->f)
		return error_set(e, ERROR_INTERNAL, "%s: %s", o->path, strerror(errno));
	setvbuf(o->f, NULL, _IOFBF, 1 << 20);
	strbuf_addf(files, "%s\n", o->path);
	return 0;
}

static int out_close(struct out *o, struct error *e)
{
	if (ferror(o->f) | fclose(o->f))
		return error_set(e, ERROR_INTERNAL, "%s: %s", o->path, strerror(errno));
	return 0;
}

/* LA-wide calendar events (no URN), one row per range. */
static void write_ranges(FILE *f, const struct range *r, size_t n,
			 const char *kind)
{
	for (size_t t = 0; t < n; t++) {
		char a[11], b[11];
		date_format(range_from(&r[t]), a);
		date_format(range_to(&r[t]), b);
		fprintf(f, ",%s,%s,%s,%s\n", a, b, kind, r[t].label);
	}
}

static int write_roll(struct demo *d, struct strbuf *files, struct error *e)
{
	struct out o;
	int district_no = 0;

	if (out_open(&o, d->o->out_dir, "areas.csv", files, e))
		return -1;
	fputs("postcode_district,area,imd_decile\n", o.f);
	for (size_t a = 0; a < NR_AREAS; a++)
		for (int k = 0; k < areas[a].districts; k++)
			fprintf(o.f, "KM%d,%s,%d\n", ++district_no, areas[a].name,
				areas[a].decile);
	if (out_close(&o, e) || out_open(&o, d->o->out_dir, "schools.csv", files, e))
		return -1;
	fputs("urn,laestab,name,phase\n", o.f);
	for (int i = 0; i < d->nr_schools; i++) {
		struct strbuf name = STRBUF_INIT;

		csv_add_field_raw(&name, d->schools[i].name, strlen(d->schools[i].name));
		fprintf(o.f, "%06d,%07d,%s,%s\n", d->schools[i].urn,
			d->schools[i].laestab, name.buf,
			phase_name(d->schools[i].phase));
		strbuf_release(&name);
	}
	if (out_close(&o, e) || out_open(&o, d->o->out_dir, "calendar.csv", files, e))
		return -1;
	fputs("urn,from,to,kind,label\n", o.f);
	write_ranges(o.f, terms, sizeof(terms) / sizeof(terms[0]), "term");
	write_ranges(o.f, bank_holidays,
		     sizeof(bank_holidays) / sizeof(bank_holidays[0]),
		     "bank_holiday");
	write_ranges(o.f, la_inset, sizeof(la_inset) / sizeof(la_inset[0]),
		     "inset");
	for (int i = 0; i < d->nr_schools; i++) {
		for (int y = 0; y < NR_YEARS; y++)
			for (int k = 0; k < 3; k++) {
				char a[11];
				date_format(range_from(&own_inset_choices[d->schools[i].inset[y][k]]), a);
				fprintf(o.f, "%06d,%s,%s,inset,INSET\n", d->schools[i].urn, a, a);
			}
		if (d->schools[i].closed != DAY_NONE) {
			char a[11];
			date_format(d->schools[i].closed, a);
			fprintf(o.f, "%06d,%s,%s,closure,Snow\n", d->schools[i].urn, a, a);
		}
	}
	if (out_close(&o, e) || out_open(&o, d->o->out_dir, "pupils.csv", files, e))
		return -1;
	fputs("upn,urn,surname,forename,dob,sex,year_group,fsm,sen,social_care,"
	      "early_help,youth_justice,eal,postcode,start_date,end_date\n", o.f);
	for (long k = 0; k < d->nr_pupils; k++) {
		const struct demo_pupil *p = &d->pupils[k];
		char dob[11];

		date_format(p->dob, dob);
		for (int y = 0; y < NR_YEARS; y++) {
			int s = p->school[y], g = p->group_now - (NR_YEARS - 1 - y);
			char group[4], start[11] = "", end[11] = "";

			if (s < 0 || (y == 0 && p->school[1] == s))
				continue;	/* one row per enrolment */
			year_group_format(g < -2 ? -2 : g > 13 ? 13 : g, group);
			if (y == 0 && p->school[1] != s)
				date_format(date_from_ymd(2026, 7, 22), end);
			if (y == 1 && p->school[0] != s && p->school[0] >= 0)
				date_format(date_from_ymd(2026, 9, 1), start);
			if (p->start != DAY_NONE)
				date_format(p->start, start);
			if (p->end != DAY_NONE)
				date_format(p->end, end);
			fprintf(o.f, "%s,%06d,%s,%s,%s,%c,%s,%c,%c,%s,%c,%c,%c,%s,%s,%s\n",
				p->upn, d->schools[s].urn, p->surname, p->forename, dob,
				p->sex, group,
				p->fsm ? 'Y' : 'N', p->sen, p->care,
				p->early_help ? 'Y' : 'N', p->youth_justice ? 'Y' : 'N',
				p->eal ? 'Y' : 'N', p->postcode, start, end);
		}
		if (p->ap >= 0)
			fprintf(o.f, "%s,%06d,%s,%s,%s,%c,%d,%c,%c,%s,%c,%c,%c,%s,,\n",
				p->upn, d->schools[p->ap].urn, p->surname, p->forename,
				dob, p->sex, p->group_now, p->fsm ? 'Y' : 'N', p->sen,
				p->care, p->early_help ? 'Y' : 'N',
				p->youth_justice ? 'Y' : 'N', p->eal ? 'Y' : 'N',
				p->postcode);
	}
	return out_close(&o, e);
}

static int mkdir_in(const char *dir, const char *sub, struct error *e);

/* ---- registers --------------------------------------------------------- */

struct marks {
	mark_t m[2 * MAX_DAYS];	/* by 2 * day_index + session; 0 none */
};

static mark_t code(const char *c)
{
	const char *why;
	return code_parse(c, strlen(c), date_from_ymd(2025, 9, 1), &why);
}

static double month_factor(day_t day)
{
	int y, m, dd;

	date_to_ymd(day, &y, &m, &dd);
	switch (m) {
	case 9: return 0.7;
	case 10: return 0.95;
	case 12: case 1: case 2: return 1.3;
	case 3: return 1.1;
	case 6: return 1.05;
	case 7: return 1.25;
	default: return 1.0;
	}
}

static const double weekday_factor[5] = { 1.12, 0.94, 0.92, 0.94, 1.12 };

/* Is the pupil enrolled at school s on day? */
static bool enrolled_on(const struct demo_pupil *p, int s, int y, day_t day)
{
	if (p->start != DAY_NONE && day < p->start)
		return false;
	if (p->end != DAY_NONE && day > p->end)
		return false;
	if (y == 0 && p->school[1] != s && p->school[0] == s &&
	    day > date_from_ymd(2026, 7, 22))
		return false;
	if (y == 1 && p->school[0] != s && day < date_from_ymd(2026, 9, 1))
		return false;
	return true;
}

/*
 * One pupil's marks for one year at their main school: absence spells,
 * holidays, lateness, part-time timetables, trips.  Uses its own random
 * stream, so the result does not depend on the order files are written.
 */
static void pupil_year(struct demo *d, const struct demo_pupil *p, int y, int s,
		       struct marks *out)
{
	const struct demo_school *sc = &d->schools[s];
	struct rng r;
	uint64_t seed = d->o->seed * 1000003u + (uint64_t)y;
	int spell = 0, group = p->group_now - (NR_YEARS - 1 - y);
	mark_t spell_code = 0;
	day_t first = academic_year_start(FIRST_YEAR + y);
	day_t last = academic_year_end(FIRST_YEAR + y);
	day_t holiday_from = DAY_NONE, ebsa_from = DAY_NONE;
	day_t part_time_from = DAY_NONE;
	int holiday_len = 0;
	const mark_t present[2] = { code("/"), code("\\") };

	for (int i = 0; p->upn[i]; i++)
		seed = seed * 131 + (unsigned char)p->upn[i];
	rng_seed(&r, seed);
	memset(out, 0, sizeof(*out));
	if (last > d->last_day)
		last = d->last_day;
	if (p->holiday) {
		/* beside a half term: the week before October or May half term */
		static const int md[2][2] = { { 10, 24 }, { 5, 22 } };
		int which = below(&r, 2), yy = FIRST_YEAR + y + (which ? 1 : 0);
		holiday_from = date_from_ymd(yy, md[which][0], md[which][1]) -
			       below(&r, 4);
		holiday_len = 3 + below(&r, 4);
	}
	if (p->ebsa)
		ebsa_from = first + 30 + below(&r, 90);
	if (p->part_time && y == 0)
		part_time_from = first + 40 + below(&r, 200);
	for (day_t day = first; day <= last; day++) {
		int wd = date_weekday(day), i = day_index(day);
		double rate;

		if (!open_on(d, sc, day) || !enrolled_on(p, s, y, day))
			continue;
		if (sc->closed == day) {
			out->m[2 * i] = out->m[2 * i + 1] = code("#");
			continue;
		}
		if (p->ap >= 0 && y == 1 && (wd == 1 || wd == 3)) {
			out->m[2 * i] = out->m[2 * i + 1] = code("D");
			continue;
		}
		/* a term-time holiday */
		if (holiday_from != DAY_NONE && day >= holiday_from &&
		    holiday_len > 0) {
			out->m[2 * i] = out->m[2 * i + 1] = code("G");
			holiday_len--;
			continue;
		}
		if (ebsa_from != DAY_NONE && day >= ebsa_from) {
			double u = uniform(&r);
			if (u < 0.8) {
				mark_t c = u < 0.3 ? code("I") : u < 0.65 ? code("O") :
					   code("C");
				out->m[2 * i] = out->m[2 * i + 1] = c;
				continue;
			}
		}
		if (spell > 0) {
			out->m[2 * i] = out->m[2 * i + 1] = spell_code;
			spell--;
			continue;
		}
		rate = p->rate * weekday_factor[wd] * month_factor(day);
		if (chance(&r, rate / 1.7)) {
			double u = uniform(&r);
			if (u < 0.56) {
				spell_code = code("I");
				spell = below(&r, 3);	/* 1-3 days in all */
			} else if (u < 0.66) {
				/* an appointment: one session */
				int pm = below(&r, 2);
				out->m[2 * i + pm] = code("M");
				out->m[2 * i + 1 - pm] = present[1 - pm];
				continue;
			} else if (u < 0.9) {
				spell_code = code("O");
				spell = below(&r, 2);	/* a day or two */
			} else if (u < 0.95 && sc->phase != PHASE_PRIMARY) {
				spell_code = code("E");
				spell = below(&r, 3);
			} else {
				spell_code = code("C");
				spell = 0;
			}
			out->m[2 * i] = out->m[2 * i + 1] = spell_code;
			continue;
		}
		/* present, perhaps late, perhaps elsewhere */
		for (int pm = 0; pm < 2; pm++) {
			mark_t m = present[pm];
			if (group < 0 && pm)
				m = code("X");	/* nursery: mornings only */
			else if (part_time_from != DAY_NONE && pm &&
				 day >= part_time_from && day < part_time_from + 56)
				m = code("C2");
			else if (!pm && chance(&r, p->late))
				m = chance(&r, 0.12) ? code("U") : code("L");
			else if (chance(&r, 0.003))
				m = code("V");
			else if (chance(&r, 0.001))
				m = code("P");
			out->m[2 * i + pm] = m;
		}
	}
	/* Unexplained absence of the last few days has no reason yet. */
	for (day_t day = d->last_day - 4; day <= d->last_day; day++) {
		int i = day_index(day);
		if (i < 0 || i >= MAX_DAYS)
			continue;
		for (int pm = 0; pm < 2; pm++)
			if (out->m[2 * i + pm] == code("O") && chance(&r, 0.8))
				out->m[2 * i + pm] = code("N");
	}
}

/* The AP's view of a dual-registered pupil: there Tuesday and Thursday. */
static void pupil_ap_year(struct demo *d, const struct demo_pupil *p, int y,
			  struct marks *out)
{
	const struct demo_school *ap = &d->schools[p->ap];
	struct rng r;

	rng_seed(&r, d->o->seed * 7919 + (uint64_t)(p->upn[5] * 31 + p->upn[12]));
	memset(out, 0, sizeof(*out));
	for (day_t day = academic_year_start(FIRST_YEAR + y);
	     day <= d->last_day && day <= academic_year_end(FIRST_YEAR + y); day++) {
		int wd = date_weekday(day), i = day_index(day);

		if (!open_on(d, ap, day))
			continue;
		if (wd == 1 || wd == 3) {
			bool absent = chance(&r, p->rate * 2.5);
			out->m[2 * i] = absent ? code("O") : code("/");
			out->m[2 * i + 1] = absent ? code("O") : code("\\");
		} else {
			out->m[2 * i] = out->m[2 * i + 1] = code("D");
		}
	}
}

static void write_marks(FILE *f, struct demo *d, const struct demo_pupil *p,
			const struct demo_school *s, const struct marks *m,
			const bool *gap)
{
	char line[64];

	for (int i = 0; i < 2 * MAX_DAYS; i++) {
		const char *c;
		int n;

		if (!m->m[i] || gap[i])
			continue;
		c = code_table[m->m[i]].code;
		n = snprintf(line, sizeof(line), "%s,%06d,%s,%s,%s\n", p->upn,
			     s->urn, d->day_text[i / 2], i & 1 ? "PM" : "AM", c);
		fwrite(line, 1, (size_t)n, f);
	}
}

static int write_registers(struct demo *d, struct strbuf *files,
			   struct error *e)
{
	struct marks *m = xmalloc(sizeof(*m));
	bool *gap = xcalloc(2 * MAX_DAYS, sizeof(*gap));
	int rc = 0;

	if (mkdir_in(d->o->out_dir, "register", e)) {
		free(m);
		free(gap);
		return -1;
	}
	for (int y = 0; y < NR_YEARS && !rc; y++) {
		if (academic_year_start(FIRST_YEAR + y) > d->last_day)
			break;
		for (int s = 0; s < d->nr_schools && !rc; s++) {
			struct demo_school *sc = &d->schools[s];
			struct out o;
			char name[64];

			memset(gap, 0, 2 * MAX_DAYS * sizeof(*gap));
			if (sc->gaps) {
				struct rng r;
				rng_seed(&r, d->o->seed + (uint64_t)sc->urn * 17 + (uint64_t)y);
				for (int k = 0; k < 12; k++) {
					day_t day = academic_year_start(FIRST_YEAR + y) + 30 +
						    below(&r, 300);
					int i = day_index(day);
					if (i >= 0 && i < MAX_DAYS)
						gap[2 * i + below(&r, 2)] = true;
				}
			}
			snprintf(name, sizeof(name), "register/%06d-%d.csv", sc->urn,
				 FIRST_YEAR + y);
			if (out_open(&o, d->o->out_dir, name, files, e)) {
				rc = -1;
				break;
			}
			fputs("upn,urn,date,session,code\n", o.f);
			for (long k = 0; k < d->nr_pupils; k++) {
				const struct demo_pupil *p = &d->pupils[k];
				if (p->school[y] == s) {
					pupil_year(d, p, y, s, m);
					write_marks(o.f, d, p, sc, m, gap);
				} else if (p->ap == s && y == 1) {
					pupil_ap_year(d, p, y, m);
					write_marks(o.f, d, p, sc, m, gap);
				}
			}
			rc = out_close(&o, e);
			if (d->o->progress)
				fprintf(stderr, "\rdemo: registers %d/%d for %d/%02d",
					s + 1, d->nr_schools, FIRST_YEAR + y,
					(FIRST_YEAR + y + 1) % 100);
		}
	}
	if (d->o->progress)
		fputs("\n", stderr);
	free(m);
	free(gap);
	return rc;
}

static int mkdir_in(const char *dir, const char *sub, struct error *e)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s%s%s", dir, sub ? "/" : "", sub ? sub : "");
	if (mkdir(path, 0777) && errno != EEXIST)
		return error_set(e, ERROR_INTERNAL, "%s: %s", path, strerror(errno));
	return 0;
}

int demo_generate(const struct demo_options *o, struct strbuf *files,
		  struct error *e)
{
	struct demo *d = xcalloc(1, sizeof(*d));
	int rc;

	d->o = o;
	rng_seed(&d->rng, o->seed);
	if (mkdir_in(o->out_dir, NULL, e)) {
		free(d);
		return -1;
	}
	make_calendar(d);
	/* the last day with marks: the last LA school day before today */
	d->last_day = o->today - 1;
	while (d->last_day > academic_year_start(FIRST_YEAR) &&
	       (day_index(d->last_day) >= MAX_DAYS ||
		!d->school_day[school_year_index(d->last_day)]
			      [day_index(d->last_day)]))
		d->last_day--;
	make_schools(d);
	make_pupils(d);
	rc = write_roll(d, files, e);
	if (!rc)
		rc = write_registers(d, files, e);
	free(d->schools);
	free(d->pupils);
	free(d);
	return rc;
}
