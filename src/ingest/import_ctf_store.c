/*
 * The store side of the CTF importer (see import_ctf.c for the file and
 * the reading): on the caller's thread, the only one that touches the
 * store, each pupil the reader gives is saved as the pupils CSV saves
 * one, with their enrolment at the source school and their marks.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/import_ctf.h"

/* Error messages name elements by path; save errors name these. */
#define PUPIL_PATH "CTfile/CTFpupilData/Pupil/"
static const char *const pupil_field[PU_COLUMNS] = {
	[PU_UPN] = PUPIL_PATH "UPN", [PU_URN] = "CTfile/Header/SourceSchool",
	[PU_SURNAME] = PUPIL_PATH "Surname",
	[PU_FORENAME] = PUPIL_PATH "Forename", [PU_DOB] = PUPIL_PATH "DOB",
	[PU_SEX] = PUPIL_PATH "Sex", [PU_YEAR_GROUP] = PUPIL_PATH
	"BasicDetails/NCyearActual", [PU_FSM] = PUPIL_PATH "FSMhistory",
	[PU_SEN] = PUPIL_PATH "SENhistory", [PU_SOCIAL_CARE] = PUPIL_PATH
	"LookedAfter/InCare", [PU_EARLY_HELP] = PUPIL_PATH,
	[PU_YOUTH_JUSTICE] = PUPIL_PATH, [PU_EAL] = PUPIL_PATH,
	[PU_POSTCODE] = PUPIL_PATH "Address/PostCode", [PU_START] = PUPIL_PATH,
	[PU_END] = PUPIL_PATH,
};

/* The store of one file, on the caller's thread. */
struct ctf_store {
	struct importer *im;
	struct import_file *f;
	struct import_summary *sum;
	int64_t import_id;
	struct marks_table marks;
	mark_t (*blob)[YEAR_SLOTS_MAX];	/* CTF_YEARS_MAX: marks_write_merged's */
};

/* Where a YearData's mark at slot was given, for the words of its refusal. */
static struct mark_source mark_source(const struct ctf_store *s,
				      const struct ctf_marks *k, int slot)
{
	struct mark_source at = { s->f->name, k->line, k->path, k->path,
				  slot - k->first + 1 };

	return at;
}

static void marks_latest(struct marks_table *t, int year, int slot)
{
	if (slot >= 0 && (year > t->latest_year ||
	    (year == t->latest_year && slot > t->latest_slot))) {
		t->latest_year = year;
		t->latest_slot = slot;
	}
}

/* marks_write_new() for a pupil with two YearData of one year. */
static int marks_write_merged(struct ctf_store *s, const struct ctf_job *j,
			      const struct roll_entry *en, struct error *e)
{
	struct marks_table *t = &s->marks;
	int year[CTF_YEARS_MAX];
	long added[CTF_YEARS_MAX];
	size_t nr = 0;

	for (size_t i = 0; i < j->pupil.nr_years; i++) {
		const struct ctf_marks *k = &j->years[i];
		size_t b = 0;
		mark_t *to;
		int last = -1;

		while (b < nr && year[b] != k->year)
			b++;
		if (b == nr) {
			year[nr] = k->year;
			added[nr++] = 0;
			memset(s->blob[b], MARK_MISSING, YEAR_SLOTS_MAX);
		}
		to = s->blob[b];
		for (int slot = k->first; slot < k->first + k->count; slot++) {
			mark_t m = k->mark[slot];

			if (m == MARK_MISSING || to[slot] == m)
				continue;
			if (to[slot] != MARK_MISSING) {
				struct mark_source at = mark_source(s, k, slot);

				return import_mark_twice(&at, slot_day(k->year, slot),
							 slot_session(slot), m,
							 to[slot], e);
			}
			to[slot] = m;
			added[b]++;
			last = slot;
		}
		marks_latest(t, k->year, last);
	}
	for (size_t b = 0; b < nr; b++) {
		s->sum->marks_added += added[b];
		/* A year given only '-' stores nothing, as it would on the slow path. */
		if (added[b] && store_marks_save(s->im->st, year[b], en->enrolment_id,
						 s->blob[b], (size_t)academic_year_slots(year[b]), e))
			return -1;
	}
	return 0;
}

/*
 * The marks of a pupil whose enrolment this file has just added: there
 * is no blob stored for it to read (a marks row needs its enrolment
 * row), and every mark given is added.  So each YearData's marks, as
 * the reader decoded them, are its year's blob, saved whole without
 * reading the store or going through import_mark_apply() session by
 * session; the counts and the latest mark come out as they would.
 */
static int marks_write_new(struct ctf_store *s, const struct ctf_job *j,
			   const struct roll_entry *en, struct error *e)
{
	size_t nr = j->pupil.nr_years;

	for (size_t i = 1; i < nr; i++)
		for (size_t k = 0; k < i; k++)
			if (j->years[i].year == j->years[k].year)
				return marks_write_merged(s, j, en, e);
	for (size_t i = 0; i < nr; i++) {
		const struct ctf_marks *k = &j->years[i];

		s->sum->marks_added += k->given;
		marks_latest(&s->marks, k->year, k->last);
		if (k->given && store_marks_save(s->im->st, k->year,
						 en->enrolment_id, k->mark,
						 (size_t)academic_year_slots(k->year), e))
			return -1;
	}
	return 0;
}

/* Writes one pupil's kept marks to their enrolment as stored. */
static int marks_write(struct ctf_store *s, const struct ctf_job *j,
		       const struct roll_entry *en, struct error *e)
{
	for (size_t i = 0; i < j->pupil.nr_years; i++) {
		const struct ctf_marks *k = &j->years[i];
		day_t year_start = academic_year_start(k->year);

		for (int slot = k->first; slot < k->first + k->count; slot++) {
			struct mark_source at;
			mark_t m = k->mark[slot];

			if (m == MARK_MISSING)
				continue;
			at = mark_source(s, k, slot);
			if (import_mark_check(&at, en, year_start + slot / 2,
					      slot_session(slot), NULL, 0, &m, e) ||
			    import_mark_apply(s->im, &s->marks, s->import_id,
					      en->enrolment_id, k->year, slot, m,
					      &at, s->sum, e))
				return -1;
		}
	}
	return import_marks_flush(s->im, &s->marks, e);
}

/* Notes on the quality of the pupil's marks as stored (import_quality.c). */
static void marks_quality(struct ctf_store *s, const struct ctf_job *j)
{
	for (size_t i = 0; i < j->pupil.nr_years; i++) {
		const struct ctf_marks *k = &j->years[i];

		import_quality_year(s->im, j->school_urn, j->pupil.upn.s, k->year,
				    k->mark, k->first, k->count, k->line);
		if (k->totals_off)
			import_quality_totals(s->im, j->school_urn, j->pupil.upn.s,
					      k->year, slot_day(k->year, k->first),
					      slot_day(k->year, k->first +
						       (k->count ? k->count - 1 : 0)),
					      k->totals_line, k->given_totals,
					      k->computed_totals);
	}
}

/* A pupil given a new UPN keeps their record: renames it from FormerUPN. */
static int pupil_rename(struct ctf_store *s, const struct ctf_pupil *p,
			int *renamed, struct error *e)
{
	sqlite3_stmt *q;
	int rc;

	*renamed = 0;
	if (!p->former_upn.given || !strcmp(p->former_upn.s, p->upn.s))
		return 0;
	q = store_prepare(s->im->st, "SELECT 1 FROM pupil WHERE upn = ?", e);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, p->upn.s, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;	/* the UPN is known already */
	q = store_prepare(s->im->st, "UPDATE pupil SET upn = ?1 WHERE upn = ?2",
			  e);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, p->upn.s, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, p->former_upn.s, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(s->im->st, e, "renaming a pupil");
	*renamed = sqlite3_changes(store_db(s->im->st)) > 0;
	return 0;
}

/* Stores a pupil read whole: their record, enrolment and marks. */
static int pupil_store(struct ctf_store *s, struct ctf_job *j,
		       struct error *e)
{
	struct ctf_pupil *p = &j->pupil;
	char sex[2] = "", fsm[2] = "", sen[2] = "", year_group[4] = "", cla[4] = "CLA";
	struct pupil_row row = { .first = -1 };
	struct roll_entry en;
	int64_t pupil_id;
	long unchanged, added, held;
	int renamed;

	memcpy(row.upn, p->upn.s, sizeof(row.upn));
	row.urn = j->school_urn;
	row.line = p->dob.line;
	row.field = pupil_field;
	row.text[PU_SURNAME] = p->surname.s;
	row.text[PU_FORENAME] = p->forename.s;
	row.text[PU_DOB] = p->dob.s;
	if (p->sex.given) {
		enum sex x = SEX_UNKNOWN;
		sex_parse(p->sex.s, strlen(p->sex.s), &x);
		snprintf(sex, sizeof(sex), "%s", sex_code(x));
		row.text[PU_SEX] = sex;
	}
	if (p->year_group.given && strcmp(p->year_group.s, "X")) {
		int yg = YEAR_GROUP_UNKNOWN;
		year_group_parse(p->year_group.s, strlen(p->year_group.s), &yg);
		row.text[PU_YEAR_GROUP] = year_group_format(yg, year_group);
	}
	if (p->fsm >= 0) {
		snprintf(fsm, sizeof(fsm), "%s", flag_code((enum flag)p->fsm));
		row.text[PU_FSM] = fsm;
	}
	if (p->sen >= 0) {
		snprintf(sen, sizeof(sen), "%s", sen_code((enum sen)p->sen));
		row.text[PU_SEN] = sen;
	}
	if (p->cla)
		row.text[PU_SOCIAL_CARE] = cla;
	if (p->postcode.given)
		row.text[PU_POSTCODE] = p->postcode.s;

	unchanged = s->sum->unchanged;
	added = s->sum->enrolments_added;
	/* Marks held for the pupil are applied first: the CTF's own are
	 * newer, and a session both give ends with the CTF's. */
	if (pupil_rename(s, p, &renamed, e) ||
	    import_pupil_save(s->im, s->f, &row, &pupil_id, s->sum, e) ||
	    import_enrolment_save(s->im, s->f, &row, pupil_id, s->sum, &en, e) ||
	    import_held_apply(s->im, s->f, &en, s->sum, &held, e))
		return -1;
	for (size_t i = 0; i < p->nr_exclusions; i++)
		if (import_exclusion_save(s->im, pupil_id,
					  import_school_id(&s->im->roll, j->school_urn),
					  &p->exclusions[i], s->import_id, s->sum, e))
			return -1;
	if (renamed && s->sum->unchanged > unchanged) {
		s->sum->unchanged--;
		s->sum->updated++;
	}
	s->f->rows++;
	if (s->sum->enrolments_added > added && en.start == DAY_NONE &&
	    en.end == DAY_NONE && !held) {
		if (marks_write_new(s, j, &en, e))
			return -1;
	} else if (marks_write(s, j, &en, e)) {
		return -1;
	}
	marks_quality(s, j);
	return 0;
}

/*
 * Stores the pupils the reader gives for the file, in order, to the end
 * of the file.  The first error is the one reported, as if the parse
 * and the store ran one after the other: a store error is about a pupil
 * before any the parse rejected.
 */
static int store_pupils(struct ctf_store *s, struct error *e)
{
	struct ctf_reader *r = s->im->ctf_reader;
	struct import_file *f = s->f;
	size_t shown = 0;

	for (;;) {
		struct ctf_job *j = ctf_ring_take(r);
		int rc;

		if (j->kind == JOB_STOPPED) {
			/* Changed since it was found a CTF: read it on its own. */
			if (ctf_reader_start(s->im, f->path, f->name, e))
				return -1;
			continue;
		}
		if (j->kind == JOB_END) {
			rc = j->rc;
			if (rc)
				*e = j->e;
			ctf_ring_done(r);
			if (r->paths != r->one)
				r->plan_next++;
			r->at++;
			return rc;
		}
		rc = pupil_store(s, j, e);
		/* Progress by what is stored: each 1024 pupils and each MB. */
		if (!rc && f->progress && ((f->rows & 0x3ff) == 0 ||
		    j->offset >> 20 != shown >> 20)) {
			f->progress(f->progress_ctx, f->name, j->offset, f->size);
			shown = j->offset;
		}
		ctf_ring_done(r);
		if (rc) {
			import_ctf_reader_stop(s->im);
			return -1;
		}
	}
}

int import_ctf(struct importer *im, struct import_file *f,
	       struct import_summary *sum, struct error *e)
{
	struct ctf_reader *r = im->ctf_reader;
	struct ctf_store s = { im, f, sum, f->import_id, MARKS_TABLE_INIT, NULL };
	int rc;

	if (import_roll_load(im, e))
		return -1;
	if ((!r || !r->running || r->at >= r->nr ||
	     strcmp(r->paths[r->at], f->path)) &&
	    ctf_reader_start(im, f->path, f->name, e))
		return -1;
	s.blob = xmalloc(CTF_YEARS_MAX * sizeof(*s.blob));
	rc = store_pupils(&s, e);
	if (!rc)
		rc = import_marks_finish(im, &s.marks, e);
	import_marks_release(&s.marks);
	free(s.blob);
	return rc;
}
