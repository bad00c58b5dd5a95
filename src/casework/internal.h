#ifndef CASEWORK_INTERNAL_H
#define CASEWORK_INTERNAL_H

/*
 * What the casework service files share: checking who may see and change
 * a pupil's record (found by report/pupil.h), binding and reading dates,
 * and writing the audit row.  Not for use outside src/casework/.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "auth/auth.h"
#include "casework/casework.h"
#include "report/pupil.h"

/* May v see this pupil's record (core/access.h)? */
bool cw_may_see(const struct viewer *v, const struct pupil_record *p);
/*
 * Reads a list: each row of stmt that v may see becomes a zeroed element
 * of `size` bytes appended to *rows (malloc'd, of *nr) and filled by
 * read.  v may see a row if keep (when not NULL) says 1, and, with
 * pupil_col >= 0, if v may see the pupil whose id is in that column;
 * stmt must then be the caller's own (cw_query), since finding the pupil
 * prepares statements.  stmt is reset, not finalised.  0, or -1 with the
 * list empty.
 */
typedef int cw_keep_fn(struct store *st, const struct viewer *v,
		       sqlite3_stmt *stmt);
typedef void cw_read_fn(sqlite3_stmt *stmt, void *row);
int cw_list(struct store *st, const struct viewer *v, sqlite3_stmt *stmt,
	    int pupil_col, cw_keep_fn *keep, cw_read_fn *read, void **rows,
	    size_t *nr, size_t size, struct error *e);

/* A list function's query and how cw_list reads its rows. */
struct cw_list_query {
	const char *sql;	/* ?1, where it has one: the key */
	int pupil_col;
	cw_keep_fn *keep;
	cw_read_fn *read;
	size_t size;
};
/*
 * Runs q with ?1 bound to text (when not NULL) or else to key, and reads
 * its rows by cw_list.  0, or -1 with the list empty.
 */
int cw_list_run(struct store *st, const struct viewer *v,
		const struct cw_list_query *q, const char *text, int64_t key,
		void **rows, size_t *nr, struct error *e);

/*
 * May v change this pupil's casework: LA lead and officers, and a school
 * lead for their own pupils.  ERROR_INPUT saying who may, if not.
 */
int cw_may_change(const struct viewer *v, const struct pupil_record *p,
		  struct error *e);
/*
 * Records addressed by number (an action, a timetable, a notice, a
 * parent, an alert) must not tell a viewer which numbers exist, nor whose
 * they are: a record v may not see is "no WHAT ID", the same error as one
 * that does not exist.  cw_no_record() sets it; cw_record_pupil() finds
 * the pupil of record WHAT ID and checks v may change their casework
 * (cw_may_change), a pupil v may not see giving "no WHAT ID".
 */
int cw_no_record(struct error *e, const char *what, int64_t id);
int cw_record_pupil(struct store *st, const struct viewer *v,
		    int64_t pupil_id, const char *what, int64_t id,
		    struct pupil_record *p, struct error *e);
/*
 * The pupil of upn, found for v: unless v sees the whole authority, a UPN
 * that is not in the store gives the error of one v may not see, so that
 * it tells nothing of who the authority's pupils are.
 */
int cw_pupil_find(struct store *st, const struct viewer *v, const char *upn,
		  struct pupil_record *p, struct error *e);
/* LA lead or officer only. */
int cw_must_be_la(const struct viewer *v, const char *what, struct error *e);

/* The school with this URN; ERROR_INPUT if none. */
int cw_school(struct store *st, int32_t urn, int64_t *id, struct error *e);
/* The same, if v may see its pupils (names) or else its summary. */
int cw_school_seen(struct store *st, const struct viewer *v, int32_t urn,
		   bool names, int64_t *id, struct error *e);

/* The pupil's open case, its id and stage; ERROR_INPUT if none. */
int cw_open_case(struct store *st, const struct pupil_record *p, int64_t *id,
		 enum stage *stage, struct error *e);

/* Opens a case inside the caller's transaction (audited). */
int cw_case_open(struct store *st, const struct viewer *v,
		 const struct pupil_record *p, enum stage stage,
		 const char *reason, int64_t *case_id, struct error *e);

/* Checks an action and adds it to case_id, inside the caller's transaction. */
int cw_insert_action(struct store *st, const struct viewer *v, int64_t case_id,
		     const char *what, const char *owner, day_t due,
		     int64_t *id, struct error *e);

/*
 * A statement the caller owns and finalises: for a query whose rows are
 * read while other statements run, which could push a cached statement
 * out of the store's cache (store_prepare) in the middle of its rows.
 */
sqlite3_stmt *cw_query(struct store *st, const char *sql, struct error *e);

/*
 * The row of the cached statement sql (?1: id), stepped to for the caller
 * to read and then reset; NULL with ERROR_INPUT "no WHAT ID" if there is
 * none, or with the store's error.
 */
sqlite3_stmt *cw_row(struct store *st, const char *sql, int64_t id,
		     const char *what, struct error *e);
/* Steps a statement that returns no rows; resets it either way. */
int cw_step(struct store *st, sqlite3_stmt *stmt, const char *what,
	    struct error *e);
/* Binds a date as YYYY-MM-DD, or '' for DAY_NONE. */
void cw_bind_date(sqlite3_stmt *stmt, int i, day_t day);
/* Binds a record's id, or NULL for 0 (none, or no user). */
void cw_bind_id(sqlite3_stmt *stmt, int i, int64_t id);
/* Binds text, '' for NULL. */
void cw_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/* A date column, DAY_NONE if empty. */
day_t cw_column_date(sqlite3_stmt *stmt, int i);
/* Copies a text column (NULL as ""). */
void cw_column_copy(sqlite3_stmt *stmt, int i, char *out, size_t n);
/* The current time, UTC: 2025-03-01T12:00:00Z. */
void cw_now(char out[32]);

/* Appends an audit row: action "change", object e.g. "school 100001". */
int cw_audit(struct store *st, const struct viewer *v, const char *object,
	     struct error *e, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The same for record `id` of a kind: object "case 3". */
int cw_audit_of(struct store *st, const struct viewer *v, const char *kind,
		int64_t id, struct error *e, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif
